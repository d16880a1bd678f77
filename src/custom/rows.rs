//! Name → value rows over one JSON object of the document (Taobao `params`, Kingdee
//! `query`). The document holds what is sent; the rows add what it cannot hold yet (a
//! row still without a name, a second row with the same name), each with its message.
//! The row logic is pure and tested natively; the view is [`KeyValueRows`].

use countersign_core::catalog::Field;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::builder::document::{self, Path};
use crate::builder::{FieldLabel, FieldMessages};
use crate::i18n::{fill, T};
use crate::platform::storage;
use crate::state::use_app;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Stable while the row lives, so typing in it never rebuilds the others.
    #[serde(skip)]
    pub id: u64,
    pub name: String,
    pub text: String,
    /// The document's value when it is not plain text (a number or a JSON object typed
    /// in the JSON tab): kept as it is while its text is not edited.
    pub original: Option<Value>,
}

/// How a value shows in its text box: text as it is, anything else as compact JSON.
pub fn show(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rows of the object at the document path (none when it is absent or not an object).
pub fn rows_from(value: Option<&Value>, next_id: &mut u64) -> Vec<Row> {
    value
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            *next_id += 1;
            Row {
                id: *next_id,
                name: k.clone(),
                text: show(v),
                original: (!v.is_string()).then(|| v.clone()),
            }
        })
        .collect()
}

/// Why a row is not in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    NoName,
    /// Another row above has this name.
    Duplicate(String),
}

/// The row's problem, if any: a nameless row with a value, or a repeated name.
pub fn problem(rows: &[Row], index: usize) -> Option<RowProblem> {
    let row = rows.get(index)?;
    let name = row.name.trim();
    if name.is_empty() {
        return (!row.text.trim().is_empty()).then_some(RowProblem::NoName);
    }
    rows[..index]
        .iter()
        .any(|r| r.name.trim() == name)
        .then(|| RowProblem::Duplicate(name.to_string()))
}

/// The names of the rows the document cannot hold: each row whose name a row above has
/// already (one entry per such row, in row order).
pub fn duplicates(rows: &[Row]) -> Vec<String> {
    (0..rows.len())
        .filter_map(|i| match problem(rows, i) {
            Some(RowProblem::Duplicate(name)) => Some(name),
            _ => None,
        })
        .collect()
}

/// Where rows the document cannot hold are kept (see [`keep`]): in localStorage, so a
/// reload keeps a value typed before its name as the drafts keep everything else.
const KEPT_KEY: &str = "countersign.heldRows.v1";

type Kept = std::collections::BTreeMap<String, Vec<Row>>;

/// Keeps the rows under `at` (tab / API id / document path) while the document lacks some
/// of them (a repeated name, a value without a name): drawn again (another API and back,
/// the JSON tab, a reload) the form shows them rather than losing them without a word.
/// Says whether `kept` changed.
fn keep_in(kept: &mut Kept, at: &str, rows: &[Row]) -> bool {
    let lossy = (0..rows.len()).any(|i| problem(rows, i).is_some());
    if !lossy {
        kept.remove(at).is_some()
    } else if kept.get(at).map(Vec::as_slice) == Some(rows) {
        false
    } else {
        kept.insert(at.to_string(), rows.to_vec());
        true
    }
}

/// The rows kept under `at`, when they still stand for `doc` (else the document changed
/// meanwhile and its own rows are right, and they are dropped); fresh ids from `next_id`.
fn kept_in(kept: &mut Kept, at: &str, doc: Option<&Value>, next_id: &mut u64) -> Option<Vec<Row>> {
    let mut rows = kept.get(at)?.clone();
    if to_value(&rows).as_ref() != doc {
        kept.remove(at);
        return None;
    }
    for r in &mut rows {
        *next_id += 1;
        r.id = *next_id;
    }
    Some(rows)
}

/// [`keep_in`] the stored rows.
fn keep(at: &str, rows: &[Row]) {
    let mut kept: Kept = storage::load(KEPT_KEY).unwrap_or_default();
    if keep_in(&mut kept, at, rows) {
        save_kept(&kept);
    }
}

/// [`kept_in`] the stored rows.
fn take_kept(at: &str, doc: Option<&Value>, next_id: &mut u64) -> Option<Vec<Row>> {
    let mut kept: Kept = storage::load(KEPT_KEY)?;
    let before = kept.len();
    let rows = kept_in(&mut kept, at, doc, next_id);
    if kept.len() != before {
        save_kept(&kept);
    }
    rows
}

fn save_kept(kept: &Kept) {
    if kept.is_empty() {
        storage::remove(KEPT_KEY);
    } else {
        storage::save(KEPT_KEY, kept);
    }
}

/// The object the rows stand for: named rows, the first of each name, in row order;
/// `None` when there is none (the key is then left out of the document).
pub fn to_value(rows: &[Row]) -> Option<Value> {
    let mut map = Map::new();
    for row in rows {
        let name = row.name.trim();
        if name.is_empty() || map.contains_key(name) {
            continue;
        }
        let value = match &row.original {
            Some(v) if show(v) == row.text => v.clone(),
            _ => Value::String(row.text.clone()),
        };
        map.insert(name.to_string(), value);
    }
    (!map.is_empty()).then_some(Value::Object(map))
}

/// Rows for `field`, the object at `path` of the document.
#[component]
pub fn KeyValueRows(field: &'static Field, path: Path) -> impl IntoView {
    let s = use_app();
    let key = document::format_path(&path);
    let value = crate::builder::doc_value_at(s, path.clone());
    let next_id = StoredValue::new(0u64);
    // Rows the document cannot hold outlive the form being drawn again (the JSON tab and
    // back, another API and back), as long as the document still matches them.
    let api_id = s
        .api
        .get_untracked()
        .map(|a| a.id.as_str())
        .unwrap_or_default();
    // Held out of the document (for Send and the findings) by API and path; kept in
    // storage by tab too, as each tab has its own document.
    let held_as = format!("{api_id}/{key}");
    let tabs = crate::saved::use_tabs();
    let tab = tabs.on_screen_untracked();
    let kept_as = format!("{tab}/{held_as}");
    // Another tab's or API's document is on its way in: this form is about to go, and
    // its rows are not to follow that document (nor to be kept as if they had).
    let leaving = move || {
        tabs.on_screen_untracked() != tab
            || s.api
                .with_untracked(|a| a.map(|a| a.id.as_str()) != Some(api_id))
    };
    let initial = next_id
        .try_update_value(|n| {
            let doc = value.get_untracked();
            take_kept(&kept_as, doc.as_ref(), n).unwrap_or_else(|| rows_from(doc.as_ref(), n))
        })
        .unwrap_or_default();
    let rows = RwSignal::new(initial);
    // The rows of the document as it is now, fresh ids.
    let follow = move |v: Option<Value>| {
        let fresh = next_id
            .try_update_value(|n| rows_from(v.as_ref(), n))
            .unwrap_or_default();
        rows.set(fresh);
    };
    // The document changed elsewhere (example, import, JSON tab): the rows follow it.
    Effect::new(move |_| {
        let v = value.get();
        if !leaving() && rows.with_untracked(|r| to_value(r)) != v {
            follow(v);
        }
    });
    // Clear or the example: the rows become the new document's, the ones it could not
    // hold (no name, a repeated name) included.
    Effect::new(move |seen: Option<()>| {
        s.form_replaced.track();
        if seen.is_some() && !leaving() {
            follow(value.get_untracked());
        }
    });
    // A repeated name cannot be in the document: the app hears of it (an error; Send
    // refuses) for as long as these rows are on screen.
    {
        // Keyed by API and path: rows kept while the form is not drawn (the JSON tab) still
        // hold their name out, and only for their own API.
        let mine = held_as.clone();
        Effect::new(move |_| {
            let held = rows.with(|r| duplicates(r));
            let same = s
                .held_rows
                .with_untracked(|h| h.get(&mine).map_or(held.is_empty(), |was| *was == held));
            if !same {
                s.held_rows.update(|h| {
                    if held.is_empty() {
                        h.remove(&mine);
                    } else {
                        h.insert(mine.clone(), held);
                    }
                });
            }
        });
        let kept_at = kept_as.clone();
        on_cleanup(move || {
            let r = rows.try_get_untracked();
            // Kept with a repeated name, the row is still held out: Send on the JSON tab
            // must refuse too (it sent the rest).
            if r.as_ref().is_none_or(|r| duplicates(r).is_empty()) {
                s.held_rows.try_update(|h| h.remove(&held_as));
            }
            if let Some(r) = r {
                keep(&kept_at, &r);
            }
        });
        // Kept as they change too: a reload runs no cleanup.
        let mine = kept_as.clone();
        Effect::new(move |_| {
            rows.track();
            if !leaving() {
                rows.with_untracked(|r| keep(&mine, r));
            }
        });
    }
    let path = StoredValue::new(path);
    let commit = move || {
        let v = rows.with_untracked(|r| to_value(r));
        if v != value.get_untracked() {
            path.with_value(|p| crate::builder::write(s, p, v));
        }
    };
    let set_row = move |id: u64, f: Box<dyn FnOnce(&mut Row)>| {
        rows.update(|rs| {
            if let Some(r) = rs.iter_mut().find(|r| r.id == id) {
                f(r);
            }
        });
        commit();
    };
    let input_id = {
        let key = key.clone();
        move |row: u64| format!("kv-{key}-{row}")
    };
    let add = {
        let input_id = input_id.clone();
        move |_| {
            let Some(id) = next_id.try_update_value(|n| {
                *n += 1;
                *n
            }) else {
                return;
            };
            rows.update(|rs| {
                rs.push(Row {
                    id,
                    name: String::new(),
                    text: String::new(),
                    original: None,
                })
            });
            let target = input_id(id);
            request_animation_frame(move || crate::platform::focus(&target));
        }
    };
    let row_view = {
        let key = key.clone();
        move |row: Row| {
            let id = row.id;
            let get = move |f: fn(&Row) -> String| {
                move || rows.with(|rs| rs.iter().find(|r| r.id == id).map(f).unwrap_or_default())
            };
            let name = get(|r| r.name.clone());
            let text = get(|r| r.text.clone());
            let index = move || rows.with(|rs| rs.iter().position(|r| r.id == id).unwrap_or(0));
            let trouble = move || rows.with(|rs| problem(rs, index()));
            let testid = {
                let key = key.clone();
                move |what: &'static str| {
                    let key = key.clone();
                    move || format!("kv-{key}-{what}-{}", index())
                }
            };
            let finding_path = {
                let key = key.clone();
                move || format!("{key}.{}", name().trim())
            };
            let focus_after_removal = {
                let key = key.clone();
                move |at: usize| {
                    crate::platform::focus_after_removal(
                        at,
                        |i| format!("[data-testid=\"kv-{key}-remove-{i}\"]"),
                        format!("[data-testid=\"kv-{key}-add\"]"),
                    )
                }
            };
            view! {
                <div class="kv-row" data-testid=testid("row")>
                    <input
                        id=input_id(id)
                        class="input mono kv-name"
                        type="text"
                        data-testid=testid("name")
                        placeholder=move || s.t(T::RowName)
                        aria-label=move || s.t(T::RowName)
                        class:invalid=move || trouble().is_some()
                        // For the findings list: a click there lands on this name.
                        data-duplicate=move || {
                            matches!(trouble(), Some(RowProblem::Duplicate(_))).then_some("true")
                        }
                        prop:value=name
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            set_row(id, Box::new(move |r| r.name = v));
                        }
                    />
                    <textarea
                        class="input mono kv-value"
                        rows=move || text().lines().count().clamp(1, 6).to_string()
                        data-testid=testid("value")
                        placeholder=move || s.t(T::RowValue)
                        aria-label=move || s.t(T::RowValue)
                        prop:value=text
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            set_row(id, Box::new(move |r| r.text = v));
                        }
                    ></textarea>
                    <button
                        type="button"
                        class="icon-btn danger"
                        data-testid=testid("remove")
                        title=move || s.t(T::RemoveRow)
                        aria-label=move || s.t(T::RemoveRow)
                        on:click=move |_| {
                            let at = index();
                            rows.update(|rs| rs.retain(|r| r.id != id));
                            commit();
                            focus_after_removal(at);
                        }
                    >
                        "✕"
                    </button>
                    <div class="kv-msgs">
                        {move || {
                            trouble()
                                .map(|p| {
                                    let l = s.lang.get();
                                    let msg = match p {
                                        RowProblem::NoName => T::RowNoName.get(l).to_string(),
                                        RowProblem::Duplicate(n) => {
                                            fill(T::RowDuplicate.get(l), &[("name", &n)])
                                        }
                                    };
                                    view! {
                                        <span class="typing-hint" data-testid="kv-problem">{msg}</span>
                                    }
                                })
                        }}
                        // The validator's words on this value (bad JSON, a system parameter).
                        {move || {
                            (trouble().is_none() && !name().trim().is_empty())
                                .then(|| view! { <FieldMessages path=finding_path() /> })
                        }}
                    </div>
                </div>
            }
        }
    };
    view! {
        <div class="field kv" data-testid=format!("field-{key}")>
            <FieldLabel field id=format!("in-{key}") heading=true />
            <div class="field-control">
                <div class="kv-rows" id=format!("in-{key}") role="group" aria-labelledby=format!("in-{key}-label")>
                    <For each=move || rows.get() key=|r| r.id children=row_view />
                </div>
                <div class="kv-foot">
                    <button
                        type="button"
                        class="btn small"
                        data-testid=format!("kv-{key}-add")
                        on:click=add
                    >
                        "+ "
                        {move || s.t(T::AddParam)}
                    </button>
                    <Show when=move || rows.with(Vec::is_empty)>
                        <span class="muted small">{move || s.t(T::NoParamsYet)}</span>
                    </Show>
                </div>
                <FieldMessages path=key.clone() />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(id: u64, name: &str, text: &str) -> Row {
        Row {
            id,
            name: name.into(),
            text: text.into(),
            original: None,
        }
    }

    #[test]
    fn rows_round_trip_and_keep_non_text_values_until_edited() {
        let doc = json!({"fields": "tid", "n": 3, "req_dto": {"a": [1, 2]}});
        let mut next = 0;
        let mut rows = rows_from(Some(&doc), &mut next);
        assert_eq!(next, 3);
        assert_eq!(rows[2].text, r#"{"a":[1,2]}"#);
        assert_eq!(to_value(&rows), Some(doc.clone()));
        rows[1].text = "4".into();
        assert_eq!(to_value(&rows).unwrap()["n"], json!("4"));
        assert_eq!(rows_from(Some(&json!("x")), &mut next), vec![]);
    }

    #[test]
    fn nameless_and_repeated_rows_stay_out_of_the_document_with_a_reason() {
        let rows = vec![
            row(1, " fields ", "tid"),
            row(2, "", "orphan"),
            row(3, "fields", "again"),
            row(4, "", ""),
            row(5, "x", ""),
        ];
        assert_eq!(to_value(&rows), Some(json!({"fields": "tid", "x": ""})));
        assert_eq!(problem(&rows, 0), None);
        assert_eq!(problem(&rows, 1), Some(RowProblem::NoName));
        assert_eq!(
            problem(&rows, 2),
            Some(RowProblem::Duplicate("fields".into()))
        );
        assert_eq!(
            problem(&rows, 3),
            None,
            "a fresh empty row is not a problem"
        );
        assert_eq!(to_value(&[row(1, "", "")]), None);
        // The repeated row is held out, and said so to the app (it blocks sending).
        assert_eq!(duplicates(&rows), vec!["fields".to_string()]);
        let thrice = [row(1, "a", "1"), row(2, "a", "2"), row(3, "a", "3")];
        assert_eq!(duplicates(&thrice), vec!["a".to_string(), "a".to_string()]);
        assert!(duplicates(&rows[..2]).is_empty());
    }

    #[test]
    fn rows_the_document_lacks_come_back_while_it_still_matches() {
        let rows = vec![row(1, "fields", "tid"), row(2, "fields", "status")];
        let doc = to_value(&rows);
        let mut next = 10;
        let mut kept = Kept::new();
        assert!(keep_in(&mut kept, "t/params", &rows));
        assert!(!keep_in(&mut kept, "t/params", &rows), "unchanged");
        let back = kept_in(&mut kept, "t/params", doc.as_ref(), &mut next).expect("kept");
        assert_eq!(back.len(), 2);
        assert_eq!((back[1].id, back[1].text.as_str()), (12, "status"));
        // A value typed before its name, through storage's JSON (ids are not stored).
        let nameless = vec![row(1, "", "a value first"), row(2, "named", "v")];
        keep_in(&mut kept, "t/other", &nameless);
        let mut read: Kept = serde_json::from_str(&serde_json::to_string(&kept).unwrap()).unwrap();
        let back = kept_in(
            &mut read,
            "t/other",
            to_value(&nameless).as_ref(),
            &mut next,
        );
        assert_eq!(
            back.map(|b| b[0].text.clone()).as_deref(),
            Some("a value first")
        );
        // The document changed meanwhile: its own rows are right.
        assert!(kept_in(&mut kept, "t/params", Some(&json!({"x": "1"})), &mut next).is_none());
        assert!(!kept.contains_key("t/params"), "dropped");
        // Rows the document holds entirely are not kept.
        keep_in(&mut kept, "t/params", &rows);
        assert!(keep_in(&mut kept, "t/params", &rows[..1]));
        assert!(kept_in(&mut kept, "t/params", doc.as_ref(), &mut next).is_none());
    }
}
