//! Every validation finding of the document with its JSON path, opened from the summary
//! beside the tabs; a click goes to the field (the path is what support staff quote).

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::{use_app, Tab};

#[component]
pub fn FindingsList(open: RwSignal<bool>) -> impl IntoView {
    let s = use_app();
    let go = move |path: String| {
        open.set(false);
        s.tab.set(Tab::Form);
        // The form renders on the next tick when switching from the JSON tab.
        set_timeout(
            move || crate::platform::focus(&format!("in-{path}")),
            std::time::Duration::from_millis(0),
        );
    };
    view! {
        <Show when=move || open.get() && s.findings.with(|f| !f.is_empty())>
            <ul class="findings-list" data-testid="findings-list">
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
