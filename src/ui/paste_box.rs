//! The one box to paste a request, a doc page or a definition into (the import dialog,
//! "Add API from doc page", editing an imported API, the signature check).

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::use_app;

/// A monospace text area bound to `text`; `on_edit` runs on each edit (to clear an error).
#[component]
pub fn PasteBox(
    text: RwSignal<String>,
    testid: &'static str,
    rows: u32,
    #[prop(optional)] placeholder: Option<T>,
    /// An id, for a label or to focus it.
    #[prop(optional)]
    id: &'static str,
    #[prop(optional, into)] on_edit: Option<Callback<()>>,
    /// Focused when its dialog opens: the dialog is there to paste into.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let s = use_app();
    view! {
        <textarea
            class="input mono sup-paste"
            id=(!id.is_empty()).then_some(id)
            data-testid=testid
            data-autofocus=autofocus.then_some("")
            rows=rows.to_string()
            spellcheck="false"
            placeholder=move || placeholder.map(|p| s.t(p))
            prop:value=move || text.get()
            on:input=move |ev| {
                if let Some(f) = on_edit {
                    f.run(());
                }
                text.set(event_target_value(&ev));
            }
        ></textarea>
    }
}
