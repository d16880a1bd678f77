//! Copy to the clipboard, with a moment of "Copied" as feedback.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::i18n::{Lang, T};

/// Writes `text` to the clipboard; false when the page may not (insecure origin, no API).
pub fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts: calling it would throw.
    let available = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !available {
        return false;
    }
    let _ = navigator.clipboard().write_text(text);
    true
}

/// A small button that copies `text`; `label` is its words (or its tooltip when `compact`).
#[component]
pub fn CopyButton(
    /// Computed on click, so a big tree does not hold every subtree's text.
    #[prop(into)]
    text: Callback<(), String>,
    label: T,
    #[prop(into)] lang: Signal<Lang>,
    #[prop(optional)] testid: &'static str,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        if copy_to_clipboard(&text.run(())) {
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
    view! {
        <button
            type="button"
            class=if compact { "insp-copy compact" } else { "insp-btn insp-copy" }
            class:done=move || copied.get()
            data-testid=(!testid.is_empty()).then_some(testid)
            title=move || label.get(lang.get())
            aria-label=move || label.get(lang.get())
            on:click=on_click
        >
            {move || if compact { if copied.get() { "✓" } else { "⧉" } } else { words() }}
        </button>
    }
}
