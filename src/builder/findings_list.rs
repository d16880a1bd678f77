//! Every validation finding of the document with its JSON path, opened from the summary
//! beside the tabs; a click goes to the field (the path is what support staff quote).

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::{use_app, Tab};

#[component]
pub fn FindingsList(open: RwSignal<bool>) -> impl IntoView {
    let s = use_app();
    let layout = crate::layout::use_layout();
    let go = move |path: String| {
        open.set(false);
        s.tab.set(Tab::Form);
        // An item of a list of scalars has no box of its own: the list's box.
        let list = super::findings_index::item_list(&path).map(|l| format!("[id=\"in-{l}\"]"));
        let targets = [format!("[id=\"in-{path}\"]"), list.unwrap_or_default()];
        // The form renders on the next tick when switching from the JSON tab.
        set_timeout(
            move || {
                if crate::platform::focus_first_shown(&targets) {
                    return;
                }
                // Hidden by "required only" or the field search: the filter goes, so the
                // field the finding names shows (on the next tick) and takes the focus.
                layout.query.set(String::new());
                layout.required_only.set(false);
                set_timeout(
                    move || crate::platform::focus_first_of(&targets),
                    std::time::Duration::from_millis(0),
                );
            },
            std::time::Duration::from_millis(0),
        );
    };
    // A row held out of the document: its name box (the row has no path of its own).
    let go_row = move |key: String| {
        open.set(false);
        if s.tab.get_untracked() != Tab::Form {
            s.tab.set(Tab::Form);
        }
        set_timeout(
            move || {
                crate::platform::focus_first(&format!(
                    "[data-testid=\"field-{key}\"] input[data-duplicate]"
                ))
            },
            std::time::Duration::from_millis(0),
        );
    };
    view! {
        <Show when=move || {
            open.get() && (s.findings.with(|f| !f.is_empty()) || !s.held_rows_list().is_empty())
        }>
            <ul class="findings-list" data-testid="findings-list">
                // Rows the document cannot hold (a repeated name): first, they stop Send.
                {move || {
                    let l = s.lang.get();
                    s.held_rows_list()
                        .into_iter()
                        .map(|(path, name)| {
                            let msg = crate::i18n::fill(T::RowDuplicate.get(l), &[("name", &name)]);
                            let key = path.rsplit_once('.').map_or(path.clone(), |(k, _)| k.to_string());
                            view! {
                                <li class="err">
                                    <button
                                        type="button"
                                        class="finding-link"
                                        data-testid="finding-held-row"
                                        on:click=move |_| go_row(key.clone())
                                    >
                                        <code class="finding-path">{path}</code>
                                        <span>{msg}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    let l = s.lang.get();
                    s.findings
                        .get()
                        .into_iter()
                        .map(|f| {
                            let path = f.path.clone();
                            // Whose rule: the doc's, or one the catalog infers beyond it.
                            let inferred = f.is_inferred().then(|| {
                                view! {
                                    <span
                                        class="finding-source"
                                        title=T::FindingInferredHint.get(l)
                                        data-testid="finding-inferred"
                                    >
                                        {T::FindingInferred.get(l)}
                                    </span>
                                }
                            });
                            view! {
                                <li
                                    class:err=f.is_error()
                                    class:warn=!f.is_error()
                                    class:inferred=f.is_inferred()
                                >
                                    <button
                                        type="button"
                                        class="finding-link"
                                        on:click=move |_| go(path.clone())
                                    >
                                        <code class="finding-path">{f.path.clone()}</code>
                                        {inferred}
                                        <span>{f.message(l).to_string()}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}
