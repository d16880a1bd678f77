//! What tells history rows apart at a glance: the first few values of the document sent
//! (`name=测试 · number=SP001 …`), and the time to the second.

use serde_json::Value;

/// At most this many characters of preview.
const MAX: usize = 80;

/// `key=value` for the document's scalar leaves, depth first, until the preview is full.
pub fn preview(document: &Value) -> String {
    let mut parts = Vec::new();
    leaves(document, "", &mut parts);
    let mut out = String::new();
    for p in parts {
        let sep = if out.is_empty() { "" } else { " · " };
        if out.chars().count() + sep.len() + p.chars().count() > MAX {
            if out.is_empty() {
                out = p.chars().take(MAX - 1).collect::<String>() + "…";
            } else {
                out.push_str(" …");
            }
            break;
        }
        out.push_str(sep);
        out.push_str(&p);
    }
    out
}

fn leaves(v: &Value, key: &str, out: &mut Vec<String>) {
    if out.len() > 12 {
        return;
    }
    match v {
        Value::Object(m) => m.iter().for_each(|(k, v)| leaves(v, k, out)),
        Value::Array(a) => a.iter().for_each(|v| leaves(v, key, out)),
        Value::String(s) if !s.trim().is_empty() => out.push(format!("{key}={}", s.trim())),
        Value::Number(_) | Value::Bool(_) => out.push(format!("{key}={v}")),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn preview_names_the_first_values_and_stops_in_time() {
        let doc = json!({"pdOrder": {"warehouse_no": "1002", "remark": "row 3"}, "specList": [{"defect": false}]});
        assert_eq!(
            preview(&doc),
            "warehouse_no=1002 · remark=row 3 · defect=false"
        );
        let long = json!({"a": "x".repeat(200)});
        assert!(preview(&long).chars().count() <= MAX);
        assert_eq!(preview(&json!({})), "");
    }
}
