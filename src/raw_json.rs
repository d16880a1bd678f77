//! The raw JSON tab, in two-way sync with the form through the document: valid text
//! updates the document; invalid text is kept as typed and the error is shown with its
//! line and column.

use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::state::use_app;

#[component]
pub fn RawJson() -> impl IntoView {
    let s = use_app();
    let error = move || s.doc.with(|d| d.error.clone());
    // The line at fault with a caret under the column, like a compiler would show it.
    let excerpt = move || {
        let e = error()?;
        let line = s.doc.with(|d| {
            d.raw
                .lines()
                .nth(e.line.saturating_sub(1))
                .map(str::to_string)
        })?;
        let caret = format!("{}^", " ".repeat(e.column.saturating_sub(1)));
        Some(format!("{line}\n{caret}"))
    };
    view! {
        <div class="raw-json">
            <div class="json-status" data-testid="raw-json-status">
                {move || match error() {
                    Some(e) => view! {
                        <div class="err" data-testid="raw-json-error">
                            <strong>{move || s.t(T::JsonInvalid)}</strong>
                            " · "
                            {fill(
                                s.t(T::JsonLineCol),
                                &[("line", &e.line.to_string()), ("column", &e.column.to_string())],
                            )}
                            " · "
                            {e.message.clone()}
                            <pre class="excerpt">{excerpt}</pre>
                            <span class="muted">{move || s.t(T::JsonKept)}</span>
                        </div>
                    }
                    .into_any(),
                    None => view! { <span class="ok">"✓ " {move || s.t(T::JsonValid)}</span> }.into_any(),
                }}
            </div>
            <textarea
                class="input mono json-text"
                spellcheck="false"
                data-testid="raw-json"
                class:invalid=move || error().is_some()
                prop:value=move || s.doc.with(|d| d.raw.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    s.doc.update(|d| d.edit_raw(text));
                }
            ></textarea>
        </div>
    }
}
