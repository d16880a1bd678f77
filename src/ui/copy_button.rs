//! The one Copy button: copies its text (read when clicked) to the clipboard and says
//! "Copied" for a moment. The signature panel, the inspector and the JSON tree all use it.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{Lang, T};
use crate::platform;
use crate::state::AppState;

/// How the button looks where it sits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CopyLook {
    /// A tiny text button (signature panel).
    #[default]
    Plain,
    /// The inspector's toolbar button, with its label as tooltip.
    Toolbar,
    /// An icon beside a tree line, shown on hover; the label is its tooltip.
    Icon,
}

/// A button that copies `text`; `label` is its words (or its tooltip as an icon).
#[component]
pub fn CopyButton(
    /// Read on click only, so a big tree does not compute every subtree's text.
    #[prop(into)]
    text: Signal<String>,
    /// Its `data-testid`.
    #[prop(optional)]
    testid: &'static str,
    #[prop(optional)] label: Option<T>,
    /// What a screen reader hears when the button's words alone ("Copy") would not say
    /// what it copies; it starts with those words, as the button shows them.
    #[prop(default = None, into)]
    name: Option<T>,
    /// What it copies, said after its words (a path in the answer's tree): forty buttons
    /// all named "Copy this value" told a screen reader nothing.
    #[prop(default = None, into)]
    of: Option<String>,
    #[prop(optional)] look: CopyLook,
    /// The language; the app's when not given.
    #[prop(optional, into)]
    lang: Option<Signal<Lang>>,
    /// Greyed out while there is nothing to copy (a request that cannot be signed).
    #[prop(optional, into)]
    disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let lang = lang.unwrap_or_else(|| {
        let s = expect_context::<AppState>();
        Signal::derive(move || s.lang.get())
    });
    let label = label.unwrap_or(T::Copy);
    let copied = RwSignal::new(false);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        if platform::copy(&text.get_untracked()) {
            copied.set(true);
            set_timeout(move || copied.set(false), Duration::from_millis(1200));
        }
    };
    let words = move || {
        if copied.get() {
            T::Copied.get(lang.get())
        } else {
            label.get(lang.get())
        }
    };
    let class = match look {
        CopyLook::Plain => "btn tiny copy",
        CopyLook::Toolbar => "insp-btn insp-copy",
        CopyLook::Icon => "insp-copy compact",
    };
    let titled = look != CopyLook::Plain;
    view! {
        <button
            type="button"
            class=class
            class:done=move || copied.get() && titled
            data-testid=(!testid.is_empty()).then_some(testid)
            title=move || titled.then(|| label.get(lang.get()))
            aria-label=move || {
                let l = lang.get();
                let words = name.or(titled.then_some(label));
                match &of {
                    Some(of) => Some(format!("{} {of}", words.unwrap_or(label).get(l))),
                    None => words.map(|w| w.get(l).to_string()),
                }
            }
            disabled=move || disabled.is_some_and(|d| d.get())
            on:click=on_click
        >
            {move || {
                if look == CopyLook::Icon {
                    (if copied.get() { "✓" } else { "⧉" }).to_string()
                } else {
                    words().to_string()
                }
            }}
        </button>
    }
}
