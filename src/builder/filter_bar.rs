//! Above a big form: "required only" and a field search (name, label or description in
//! either language), with how many fields are shown. The filtering itself is in
//! src/layout/mod.rs; each field hides itself (src/builder/field.rs).

use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::layout::{field_count, use_layout};
use crate::state::use_app;

/// Forms with more fields than this get the bar.
const BIG_FORM: usize = 16;

#[component]
pub fn FilterBar() -> impl IntoView {
    let s = use_app();
    let layout = use_layout();
    let total = move || s.api.get().map_or(0, |a| field_count(&a.params));
    let shown = move || {
        layout
            .visible
            .with(|v| v.as_ref().map(|set| set.len()))
            .unwrap_or_else(total)
    };
    view! {
        <Show when=move || { total() > BIG_FORM }>
            <div class="filter-bar" data-testid="filter-bar">
                <input
                    type="search"
                    class="input filter-search"
                    data-testid="field-search"
                    placeholder=move || s.t(T::FieldSearch)
                    aria-label=move || s.t(T::FieldSearch)
                    prop:value=move || layout.query.get()
                    on:input=move |ev| layout.query.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            layout.query.set(String::new());
                        }
                    }
                />
                <label class="check small">
                    <input
                        type="checkbox"
                        data-testid="required-only"
                        prop:checked=move || layout.required_only.get()
                        on:change=move |ev| layout.required_only.set(event_target_checked(&ev))
                    />
                    {move || s.t(T::RequiredOnly)}
                </label>
                <span class="muted small" data-testid="fields-shown">
                    {move || {
                        fill(
                            s.t(T::FieldsShown),
                            &[("n", &shown().to_string()), ("total", &total().to_string())],
                        )
                    }}
                </span>
            </div>
        </Show>
    }
}
