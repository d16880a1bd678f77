//! Lists: arrays of objects as rows (add / duplicate / remove, with a count), arrays of
//! scalars as one value per line, free-key maps as a small JSON box.

use countersign_core::catalog::{Field, FieldType};
use leptos::prelude::*;
use serde_json::{Map, Value};

use super::field::{field_view, FieldLabel, FieldMessages};
use super::{doc_value_at, value_at, write, Source};
use crate::builder::document::{self, child, format_path, Path, Seg};
use crate::builder::formats;
use crate::i18n::{self, T};
use crate::state::use_app;

#[component]
pub fn ObjectArray(field: &'static Field, items: &'static Field, path: Path) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    // An empty list is sent as `[]`; an absent one (`None`) is not sent at all. Both have
    // no rows, and the body differs (旺店通's `specList` must be there, even empty).
    let listed = s
        .doc
        .memo_at(path.clone(), |doc, path| document::row_count(doc, path));
    let count = move || listed.get().unwrap_or(0);
    let no_rows_id = format!("no-rows-{key}");
    let add = {
        let path = path.clone();
        move |_| {
            s.doc.update(|d| {
                d.edit_at(&path, |doc| {
                    document::add_row(doc, &path, Value::Object(Map::new()))
                })
            })
        }
    };
    // Keyed by index: adding or removing a row builds or drops one row, not all of them;
    // the rows after it follow their new data through their paths.
    let rows = {
        let path = path.clone();
        view! {
            <For
                each=move || 0..count()
                key=|i| *i
                children=move |i| row_view(items, path.clone(), i, field.required)
            />
        }
    };
    view! {
        <details class="group array" open=true data-testid=format!("field-{key}")>
            <summary>
                <FieldLabel field id=format!("in-{key}") heading=true />
                <span class="row-count" data-testid=format!("rows-{key}")>
                    {move || i18n::count(count(), T::ItemOf, T::ItemsOf, s.lang.get())}
                </span>
                <button
                    type="button"
                    class="btn small"
                    data-testid=format!("add-{key}")
                    on:click=add
                >
                    "+ "
                    {move || s.t(T::AddRow)}
                </button>
            </summary>
            <FieldMessages path=key.clone() />
            <div class="rows">
                <Show when=move || count() == 0>
                    <p class="muted no-rows" data-testid=no_rows_id.clone()>
                        {move || s.t(if listed.get().is_some() { T::NoRowsSentEmpty } else { T::NoRows })}
                    </p>
                </Show>
                {rows}
            </div>
        </details>
    }
}

fn row_view(items: &'static Field, path: Path, index: usize, required: bool) -> impl IntoView {
    let s = use_app();
    let notice = crate::ui::use_notice();
    let row_path = child(&path, Seg::Index(index));
    let key = format_path(&row_path);
    let (dup_path, rm_path) = (path.clone(), path);
    let row_ids: Vec<&'static str> = items
        .fields
        .iter()
        .filter(|f| f.row_id)
        .map(|f| f.name.as_str())
        .collect();
    let row = doc_value_at(s, row_path.clone());
    let src = Some((row_path.len(), row));
    let children = items
        .fields
        .iter()
        .map(|f| field_view(f, child(&row_path, Seg::Key(f.name.clone())), src))
        .collect_view();
    view! {
        <div class="row" data-testid=format!("row-{key}")>
            <div class="row-head">
                <span class="row-index">{format!("[{index}]")}</span>
                <FieldMessages path=key.clone() />
                <span class="spacer"></span>
                <button
                    type="button"
                    class="icon-btn"
                    data-testid=format!("dup-{key}")
                    title=move || s.t(T::DuplicateRow)
                    aria-label=move || s.t(T::DuplicateRow)
                    on:click=move |_| {
                        s.doc.update(|d| d.edit_at(&dup_path, |doc| document::duplicate_row(doc, &dup_path, index, &row_ids)))
                    }
                >
                    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
                        <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
                        <path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                </button>
                <button
                    type="button"
                    class="icon-btn danger"
                    data-testid=format!("remove-{key}")
                    title=move || s.t(T::RemoveRow)
                    aria-label=move || s.t(T::RemoveRow)
                    on:click=move |_| {
                        remove_row(s, notice, &rm_path, index, required);
                        crate::platform::focus_after_removal(
                            index,
                            |i| format!("[data-testid=\"remove-{}\"]", format_path(&child(&rm_path, Seg::Index(i)))),
                            format!("[data-testid=\"add-{}\"]", format_path(&rm_path)),
                        );
                    }
                >
                    "✕"
                </button>
            </div>
            <div class="row-body">{children}</div>
        </div>
    }
}

/// Removes row `index` of the list at `path`. When that loses what was typed (not a row of
/// the untouched example), it is said with an Undo, as Clear is: one click must not lose it.
fn remove_row(
    s: crate::state::AppState,
    notice: RwSignal<Option<crate::ui::Notice>>,
    path: &Path,
    index: usize,
    required: bool,
) {
    let row = child(path, Seg::Index(index));
    let filled = s.doc.with_untracked(|d| {
        document::get(&d.doc, &row).is_some_and(|v| v.as_object().is_none_or(|o| !o.is_empty()))
    });
    let api = s.api.get_untracked().filter(|_| filled);
    if let Some(api) = api {
        let mut after = s.doc.with_untracked(|d| d.doc.clone());
        document::remove_row(&mut after, path, index, required);
        crate::exchange::replaced::note(&s, api, &after);
    }
    s.doc
        .update(|d| d.edit_at(path, |doc| document::remove_row(doc, path, index, required)));
    if api.is_some() {
        if let Some(undo) = crate::exchange::replaced::undo_action(s) {
            let name = format_path(&row);
            notice.set(Some(
                crate::ui::Notice::done_in(move |l| {
                    i18n::fill(T::RowRemoved.get(l), &[("row", &name)])
                })
                .with_undo(Some(undo)),
            ));
        }
    }
}

/// `ids`, `images`: one value per line; numbers when the items are numeric.
#[component]
pub fn ScalarArray(field: &'static Field, path: Path, src: Source) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let value = value_at(s, src, path.clone());
    let numeric = field
        .items
        .as_deref()
        .is_some_and(|i| matches!(i.ty, FieldType::Integer | FieldType::Decimal));
    let integer = field
        .items
        .as_deref()
        .is_some_and(|i| i.ty == FieldType::Integer);
    let to_text = |v: Option<&Value>| match v {
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| formats::display(Some(x)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => formats::display(other),
    };
    let parse = move |text: &str| -> Option<Value> {
        let items: Vec<Value> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| {
                if numeric {
                    formats::number_value(l, integer).unwrap_or(Value::Null)
                } else {
                    Value::String(l.to_string())
                }
            })
            .collect();
        (!items.is_empty()).then_some(Value::Array(items))
    };
    // The items' findings (`ids[2] is not an integer`): shown here, the list's only control.
    let items = super::findings_index::items_key(&key);
    let item_findings = super::findings_at(s, items.clone());
    let bad_item = move || item_findings.with(|f| f.iter().any(|f| f.is_error()));
    let text = RwSignal::new(to_text(value.get_untracked().as_ref()));
    Effect::new(move |_| {
        let v = value.get();
        if parse(&text.get_untracked()) != v {
            text.set(to_text(v.as_ref()));
        }
    });
    let id = format!("in-{key}");
    let testid = format!("field-{key}");
    view! {
        <div class="field" data-testid=testid>
            <FieldLabel field id=id.clone() />
            <div class="field-control">
                <textarea
                    id=id
                    class="input mono"
                    class:invalid=bad_item
                    rows="3"
                    data-testid=format!("input-{key}")
                    placeholder=move || s.t(T::ScalarListHint)
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        text.set(t.clone());
                        write(s, &path, parse(&t));
                    }
                ></textarea>
                <span class="typing-hint muted">
                    {move || {
                        let n = value.with(|v| v.as_ref().and_then(Value::as_array).map_or(0, Vec::len));
                        i18n::count(n, T::ItemOf, T::ItemsOf, s.lang.get())
                    }}
                </span>
                <FieldMessages path=key />
                <FieldMessages path=items />
            </div>
        </div>
    }
}

/// A free-key object (`custom_field`): edited as JSON, kept as typed until it parses.
#[component]
pub fn MapField(field: &'static Field, path: Path, src: Source) -> impl IntoView {
    let s = use_app();
    let key = format_path(&path);
    let value = value_at(s, src, path.clone());
    let show = |v: Option<&Value>| v.map(document::pretty).unwrap_or_default();
    let text = RwSignal::new(show(value.get_untracked().as_ref()));
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let v = value.get();
        let typed = serde_json::from_str::<Value>(&text.get_untracked()).ok();
        if typed != v && !(v.is_none() && text.get_untracked().trim().is_empty()) {
            text.set(show(v.as_ref()));
            error.set(None);
        }
    });
    let id = format!("in-{key}");
    let testid = format!("field-{key}");
    view! {
        <div class="field" data-testid=testid>
            <FieldLabel field id=id.clone() />
            <div class="field-control">
                <textarea
                    id=id
                    class="input mono"
                    rows="3"
                    data-testid=format!("input-{key}")
                    placeholder="{ }"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        text.set(t.clone());
                        if t.trim().is_empty() {
                            error.set(None);
                            write(s, &path, None);
                            return;
                        }
                        match serde_json::from_str::<Value>(&t) {
                            Ok(v) => {
                                error.set(None);
                                write(s, &path, Some(v));
                            }
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    }
                ></textarea>
                {move || error.get().map(|e| view! { <span class="typing-hint">{e}</span> })}
                <FieldMessages path=key />
            </div>
        </div>
    }
}
