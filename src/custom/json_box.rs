//! A JSON body as text (旺店通's argument array, Kingdee's body). Text that parses goes
//! into the document as the JSON value; text that does not goes in as typed (a string),
//! so nothing is lost, drafts keep it, and the validator says where it breaks.

use countersign_core::catalog::Field;
use leptos::prelude::*;
use serde_json::Value;

use crate::builder::document::{self, Path};
use crate::builder::{FieldLabel, FieldMessages};
use crate::i18n::T;
use crate::state::use_app;

/// The text the box shows for the document's value.
pub fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => document::pretty(v),
    }
}

/// The document's value for what is typed: nothing, the parsed JSON, or the text itself.
pub fn value_of(text: &str) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
}

#[component]
pub fn JsonBox(field: &'static Field, path: Path, placeholder: &'static str) -> impl IntoView {
    let s = use_app();
    let key = document::format_path(&path);
    let value = crate::builder::doc_value_at(s, path.clone());
    let text = RwSignal::new(text_of(value.get_untracked().as_ref()));
    // The document changed elsewhere (example, import, JSON tab): the text follows it.
    Effect::new(move |_| {
        let v = value.get();
        if text.with_untracked(|t| value_of(t)) != v {
            text.set(text_of(v.as_ref()));
        }
    });
    let parsed = move || value.with(|v| v.as_ref().is_some_and(|v| !v.is_string()));
    // Text kept as typed is text that is not JSON: marked here, said below the box.
    let unparsed = move || value.with(|v| matches!(v, Some(Value::String(_))));
    let id = format!("in-{key}");
    let format_id = format!("format-{key}");
    view! {
        <div class="field json-box" data-testid=format!("field-{key}")>
            <FieldLabel field id=id.clone() />
            <div class="field-control">
                <textarea
                    id=id
                    class="input mono"
                    class:invalid=unparsed
                    aria-invalid=move || unparsed().to_string()
                    rows="6"
                    spellcheck="false"
                    data-testid=format!("input-{key}")
                    placeholder=placeholder
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        text.set(t.clone());
                        crate::builder::write(s, &path, value_of(&t));
                    }
                ></textarea>
                <div class="json-box-foot">
                    <FieldMessages path=key.clone() />
                    <Show when=parsed>
                        <button
                            type="button"
                            class="btn tiny"
                            data-testid=format_id.clone()
                            on:click=move |_| text.set(text_of(value.get_untracked().as_ref()))
                        >
                            {move || s.t(T::FormatJson)}
                        </button>
                    </Show>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_that_parses_is_json_and_other_text_is_kept() {
        assert_eq!(value_of("  "), None);
        assert_eq!(value_of("[1, \"a\"]"), Some(json!([1, "a"])));
        assert_eq!(value_of("[1,"), Some(json!("[1,")));
        assert_eq!(text_of(Some(&json!("[1,"))), "[1,");
        assert_eq!(text_of(Some(&json!([1]))), "[\n  1\n]");
        assert_eq!(
            value_of(&text_of(Some(&json!({"a": 1})))),
            Some(json!({"a": 1}))
        );
    }
}
