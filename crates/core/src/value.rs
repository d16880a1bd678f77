//! Turning loosely typed JSON inputs into the text the vendors sign.

use serde_json::Value;

/// Strings verbatim; numbers and booleans as written; objects and arrays as compact
/// JSON; null as absent.
pub fn to_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// True when a vendor SDK would treat the value as not given.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}
