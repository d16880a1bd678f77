//! Taobao TOP's API page (open.taobao.com): `taobao.x.y.z (名称)` on top, a request table
//! whose rows are `•` cells as copied (nested rows start with `└`), the response table,
//! samples in Java and XML.

use serde_json::{Map, Value};

use super::{Head, Notes, Page};
use crate::catalog::{Api, Field, FieldType, Text};

const PREFIXES: [&str; 6] = [
    "taobao.", "tmall.", "alibaba.", "cainiao.", "qimen.", "alitrip.",
];

fn method_line(line: &str) -> Option<(String, Option<String>)> {
    let t = line.trim().trim_start_matches('#').trim().replace("**", "");
    let t = t.trim();
    // Compared without case: a page or note written in capitals still names a method,
    // which TOP spells in lower case.
    if !PREFIXES
        .iter()
        .any(|p| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
    {
        return None;
    }
    let method: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if method.matches('.').count() < 2 || method.ends_with('.') {
        return None;
    }
    let rest = t[method.len()..].trim();
    let name = rest
        .strip_prefix(['(', '（'])
        .and_then(|r| r.strip_suffix([')', '）']))
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    // A sentence that starts with a method name is not the title.
    if name.is_none() && !rest.is_empty() {
        return None;
    }
    Some((method, name))
}

pub(crate) fn score(text: &str) -> u32 {
    let mut s = 0;
    if text.lines().any(|l| method_line(l).is_some()) {
        s += 3;
    }
    for mark in [
        "TaobaoClient",
        "open.taobao.com",
        "淘宝",
        "淘天",
        "是否必须",
        "更多限制",
        "└",
    ] {
        if text.contains(mark) {
            s += 1;
        }
    }
    s
}

pub(crate) fn head(text: &str, _page: &Page) -> Head {
    let lines: Vec<&str> = text.lines().collect();
    let found = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| method_line(l).map(|m| (i, m)));
    let (method, name, summary) = match found {
        Some((i, (method, name))) => {
            // The summary is the first prose line after the title.
            let summary = lines[i + 1..]
                .iter()
                .map(|l| super::table::clean_line(l))
                .find(|l| !l.is_empty())
                .filter(|l| !l.contains("参数") && l.chars().count() < 200);
            (Some(method), name, summary)
        }
        None => (None, None, None),
    };
    Head {
        http_method: "POST".into(),
        method,
        path: None,
        name,
        summary,
        doc_url: super::front_matter(text, "url"),
        path_rest: None,
    }
}

/// The request example from the table's example column: Taobao sends each top-level
/// parameter as one value, an object as its compact JSON text.
pub(crate) fn finish(api: &mut Api, _page: &Page, notes: &mut Notes) {
    let mut doc = Map::new();
    for f in &api.params {
        if let Some(v) = example_of(f) {
            doc.insert(f.name.clone(), v);
        }
    }
    api.example = Value::Object(doc);
    let root = api.response.name.clone();
    api.example_response = Value::Object(Map::from_iter([(
        root,
        example_of(&api.response).unwrap_or(Value::Object(Map::new())),
    )]));
    for f in &api.params {
        if matches!(f.ty, FieldType::Object | FieldType::Array) {
            api.notes.push(Text::new(
                format!("{} 作为一个业务参数发送：对象的紧凑 JSON 文本，按文档中的键顺序。", f.name),
                format!("{} is sent as one business parameter: the compact JSON text of the object, keys in document order.", f.name),
            ));
            notes.inferred(
                &f.name,
                "对象参数按紧凑 JSON 文本发送".into(),
                "an object parameter is sent as its compact JSON text".into(),
            );
        }
    }
}

/// A value built from the examples of a field and its children.
fn example_of(f: &Field) -> Option<Value> {
    match f.ty {
        FieldType::Object => {
            let obj: Map<String, Value> = f
                .fields
                .iter()
                .filter_map(|c| example_of(c).map(|v| (c.name.clone(), v)))
                .collect();
            (!obj.is_empty()).then_some(Value::Object(obj))
        }
        FieldType::Array => {
            let item = f.items.as_deref().and_then(example_of)?;
            Some(Value::Array(vec![item]))
        }
        _ => f.example.clone(),
    }
}
