//! The one dialog frame. Which dialog is open is `AppState::dialog` (one at a time, the
//! [`Dialog`] model); the shell's one Escape handler closes it and gives the focus back
//! (app.rs), and `platform::focus_trap` keeps Tab inside while it is open.

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::{use_app, Dialog};

/// The backdrop (a click closes) and the dialog box, shown while `which` is open.
#[component]
pub fn DialogFrame(
    which: Dialog,
    testid: &'static str,
    /// Classes beside `dialog` (`small`, `import-doc`, …).
    #[prop(optional)]
    class: &'static str,
    /// An `alertdialog` (a question that needs an answer) rather than a modal dialog.
    #[prop(optional)]
    alert: bool,
    /// Ctrl/⌘+Enter inside the dialog does this (the dialog's main action).
    #[prop(optional, into)]
    on_submit: Option<Callback<()>>,
    /// A further condition for showing it (the credentials dialog needs an API).
    #[prop(optional, into)]
    when: Option<Signal<bool>>,
    children: ChildrenFn,
) -> impl IntoView {
    let s = use_app();
    let open = move || s.dialog.get() == Some(which) && when.is_none_or(|w| w.get());
    // Named by its title for screen readers: every dialog's heading (or an alert's
    // question) carries the id [`title_id`] gives.
    let labelledby = title_id(testid);
    let class = if class.is_empty() {
        "dialog".to_string()
    } else {
        format!("dialog {class}")
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(submit) = on_submit {
            if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                ev.prevent_default();
                ev.stop_propagation();
                submit.run(());
            }
        }
    };
    view! {
        <Show when=open>
            <div class="backdrop" on:click=move |_| s.dialog.set(None)></div>
            <div
                class=class.clone()
                role=if alert { "alertdialog" } else { "dialog" }
                aria-modal=(!alert).then_some("true")
                aria-labelledby=labelledby.clone()
                data-testid=testid
                on:keydown=on_keydown
            >
                {children()}
            </div>
        </Show>
    }
}

/// The id of the element that names the dialog `testid` (`save-dialog-title`).
fn title_id(testid: &str) -> String {
    format!("{testid}-title")
}

/// A button that opens a dialog (Import in the header, Save beside Send, Settings).
#[component]
pub fn DialogButton(
    which: Dialog,
    testid: &'static str,
    /// Its words.
    label: T,
    #[prop(optional)] title: Option<T>,
    /// Its classes; `btn ghost` when not given.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let s = use_app();
    let class = if class.is_empty() { "btn ghost" } else { class };
    view! {
        <button
            class=class
            data-testid=testid
            aria-haspopup="dialog"
            title=move || title.map(|t| s.t(t))
            on:click=move |_| s.dialog.set(Some(which))
        >
            {move || s.t(label)}
        </button>
    }
}
