//! Turning loosely typed JSON inputs into the text the vendors sign.

use std::borrow::Cow;

use serde_json::Value;

/// Strings verbatim; numbers and booleans as written; objects and arrays as compact
/// JSON; null as absent.
pub fn to_text(value: &Value) -> Option<String> {
    text_of(value).map(Cow::into_owned)
}

/// [`to_text`], borrowing strings (the signers' common case) instead of copying them.
pub fn text_of(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        other => Some(Cow::Owned(crate::json::to_string(other))),
    }
}

/// True when a vendor SDK would treat the value as not given.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}
