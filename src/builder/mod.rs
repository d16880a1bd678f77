//! The request form, generated from the catalog: one control per parameter, nested
//! objects as fieldsets, arrays of objects as row lists. Every control reads and writes
//! the document by JSON path; nothing else holds state.
//!
//! The builder feature: this form (`field`, `array`, `filter_bar`, `findings_list`), the
//! document it edits (`document`, pure), input conversions (`formats`), the raw JSON tab
//! (`raw_json`), the request column around them (`request_pane`) and the drafts kept in
//! localStorage (`drafts`).

mod array;
pub mod doc_signal;
pub mod document;
pub mod drafts;
mod field;
mod filter_bar;
pub mod findings_index;
mod findings_list;
pub mod formats;
pub mod raw_json;
mod raw_patch;
pub mod request_pane;

use countersign_core::catalog::{Finding, FindingCode};
use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::T;
use crate::state::{use_app, AppState, Tab};
use document::Path;

pub use field::{field_view, FieldLabel, FieldMessages};
pub use findings_list::FindingsList;

#[component]
pub fn Builder() -> impl IntoView {
    let s = use_app();
    // Unparsed JSON text would be overwritten by a form edit: the form waits for it.
    let broken = move || s.json_broken.get();
    view! {
        <div class="builder" data-testid="builder">
            <Show when=broken>
                <div class="form-locked" role="status" data-testid="form-locked">
                    <span>{move || s.t(T::FormLocked)}</span>
                    <button class="btn small" on:click=move |_| s.tab.set(Tab::Json)>
                        {move || s.t(T::FixInJson)}
                    </button>
                    <button
                        class="btn small danger"
                        data-testid="discard-json"
                        on:click=move |_| s.doc.update(|d| d.discard_typed())
                    >
                        {move || s.t(T::DiscardJson)}
                    </button>
                </div>
            </Show>
            <Stray />
            <filter_bar::FilterBar />
            <fieldset class="form-fields" disabled=broken>
            {move || {
                let Some(api) = s.api.get() else {
                    return ().into_any();
                };
                if api.is_custom() {
                    return view! { <crate::custom::CustomForm api /> }.into_any();
                }
                if api.params.is_empty() {
                    return view! { <p class="muted">{move || s.t(T::NoParams)}</p> }.into_any();
                }
                api.params
                    .iter()
                    .map(|f| field_view(f, vec![document::Seg::Key(f.name.clone())], None))
                    .collect_view()
                    .into_any()
            }}
            </fieldset>
        </div>
    }
}

/// Findings with no control to sit beside: unknown keys and the document itself.
#[component]
fn Stray() -> impl IntoView {
    let s = use_app();
    let stray = move || {
        s.findings.with(|f| {
            f.iter()
                .filter(|x| x.code == FindingCode::UnknownField || x.path == "$")
                .cloned()
                .collect::<Vec<Finding>>()
        })
    };
    view! {
        <Show when=move || !stray().is_empty()>
            <ul class="stray-findings" data-testid="stray-findings">
                {move || {
                    let l = s.lang.get();
                    stray()
                        .into_iter()
                        .map(|f| {
                            view! {
                                <li class:err=f.is_error() class:warn=!f.is_error()>
                                    <code>{f.path.clone()}</code>
                                    " "
                                    {f.message(l).to_string()}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

/// Where a control reads its value: the document, or the memo of the row it sits in
/// (with the length of that row's path). A keystroke re-runs the row memos and the
/// controls of the one row that changed, not the 3000 controls of a big document.
pub(crate) type Source = Option<(usize, Memo<Option<Value>>)>;

/// The value at `path`, as a memo so a control re-renders only when its own value changes.
pub(crate) fn value_at(s: AppState, src: Source, path: Path) -> Memo<Option<Value>> {
    match src {
        Some((n, row)) if n <= path.len() => {
            let rest = path[n..].to_vec();
            Memo::new(move |_| {
                row.with(|r| r.as_ref().and_then(|r| document::get(r, &rest)).cloned())
            })
        }
        _ => doc_value_at(s, path),
    }
}

/// The document's value at `path`, woken only by the edits that concern the path (see
/// [`doc_signal`]): a keystroke elsewhere costs it nothing.
pub(crate) fn doc_value_at(s: AppState, path: Path) -> Memo<Option<Value>> {
    s.doc
        .memo_at(path, |doc, path| document::get(doc, path).cloned())
}

/// Writes a control's value (`None` removes the key) and rewrites the raw JSON. A key
/// typed anew goes where the form shows it (the API's field order).
pub(crate) fn write(s: AppState, path: &Path, value: Option<Value>) {
    let api = s.api.get_untracked();
    let rank =
        |at: &[document::Seg], key: &str| api?.fields_at(at)?.iter().position(|f| f.name == key);
    s.doc
        .update(|d| d.edit_at(path, |doc| document::set_field(doc, path, value, &rank)));
}

/// The findings exactly at `path`, for the message beside the control: its own signal,
/// told only when these findings change.
pub(crate) fn findings_at(s: AppState, path: String) -> ArcRwSignal<findings_index::Group> {
    s.findings_index.at(path)
}
