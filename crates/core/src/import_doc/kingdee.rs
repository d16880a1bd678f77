//! Kingdee 精斗云 v2's API page (open.jdy.com): 请求方式 and 请求地址 lines, a headers
//! table (the gateway's), params (query) and body tables, child tables titled by the
//! type's name, a curl sample, a JSON response sample, 返回码.

use serde_json::{Map, Value};

use super::{Head, Notes, Page};
use crate::catalog::{Api, Field, FieldType, Location, Text};

fn after_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let at = line.find(label)?;
    let rest = line[at + label.len()..].trim_start_matches([':', '：', ' ', '\t']);
    Some(rest.trim())
}

pub(crate) fn score(text: &str) -> u32 {
    let mut s = 0;
    if text.contains("/jdy/v2/") || text.contains("/jdy/") {
        s += 3;
    }
    for mark in [
        "X-Api-ClientID",
        "app-token",
        "金蝶",
        "kingdee",
        "jdy.com",
        "是否必填",
    ] {
        if text.contains(mark) {
            s += 1;
        }
    }
    s
}

pub(crate) fn head(text: &str, page: &Page) -> Head {
    let mut http_method = None;
    let mut path = None;
    let mut path_rest = None;
    let mut summary = None;
    for l in &page.lines {
        let l = l.trim_start_matches(['-', '*', ' ']);
        if let Some(m) = after_label(l, "请求方式") {
            let word: String = m.chars().take_while(char::is_ascii_alphabetic).collect();
            if !word.is_empty() {
                http_method.get_or_insert(word.to_uppercase());
            }
        }
        if let Some(u) = after_label(l, "请求地址") {
            if let (Some(at), None) = (u.find("/jdy/"), &path) {
                let line = u[at..].trim_end();
                let p: String = line
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '?')
                    .collect();
                let rest = line[p.len()..].trim();
                path_rest = (!rest.is_empty()).then(|| rest.to_string());
                // Signed as the browser will send it (a 中文 step goes out escaped).
                path = Some(crate::encoding::browser_path(&p).into_owned());
            }
        }
        for label in ["用途说明", "接口描述", "接口说明"] {
            if let Some(s) = after_label(l, label).filter(|s| !s.is_empty()) {
                summary.get_or_insert(s.to_string());
            }
        }
    }
    // The title: the front matter's, else the first `# ` heading, else (a browser copy)
    // the page's first line when it reads as one.
    let name = super::front_matter(text, "title")
        .or_else(|| {
            text.lines()
                .find(|l| l.starts_with("# "))
                .map(|l| l.trim_start_matches('#').trim().to_string())
        })
        .or_else(|| page.title.clone());
    Head {
        http_method: http_method.unwrap_or_else(|| "POST".into()),
        method: None,
        path,
        name,
        summary,
        doc_url: super::front_matter(text, "url"),
        path_rest,
    }
}

/// The JSON after curl's `--data-row`/`--data-raw`/`--data`/`-d`, between quotes.
fn curl_body(sample: &str) -> Option<Value> {
    for flag in ["--data-row", "--data-raw", "--data-binary", "--data", "-d "] {
        let Some(at) = sample.find(flag) else {
            continue;
        };
        let rest = &sample[at + flag.len()..];
        let open = rest.find('\'')?;
        let close = rest.rfind('\'')?;
        if close > open {
            if let Ok(v) = serde_json::from_str::<Value>(&rest[open + 1..close]) {
                return Some(v);
            }
        }
    }
    None
}

/// The query of the curl's URL.
fn curl_query(sample: &str) -> Vec<(String, String)> {
    let Some(at) = sample.find("/jdy/") else {
        return Vec::new();
    };
    let url: String = sample[at..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '\'' && *c != '"')
        .collect();
    let Some((_, query)) = url.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Keeps a sample value only where it fits the field's type: the docs' samples put
/// numbers in booleans and null in required names.
fn fits(f: &Field, v: &Value) -> bool {
    match (f.ty, v) {
        (_, Value::Null) => false,
        (FieldType::Boolean, v) => v.is_boolean(),
        (FieldType::Integer | FieldType::Decimal, v) => v.is_number(),
        (FieldType::Array, v) => v.is_array(),
        (FieldType::Object | FieldType::Map, v) => v.is_object(),
        (_, v) => v.is_string() || v.is_number(),
    }
}

fn clean(
    fields: &[Field],
    obj: &Map<String, Value>,
    prefix: &str,
    notes: &mut Notes,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in obj {
        let path = crate::catalog::join(prefix, k);
        match fields.iter().find(|f| &f.name == k) {
            Some(f) if !fits(f, v) => {
                if !v.is_null() {
                    notes.ignored(
                        &path,
                        format!("文档示例值 {v} 与类型不符，未采用"),
                        format!("the doc's sample value {v} does not fit the type: not used"),
                    );
                }
            }
            Some(f) => {
                let v = match (v, f.items.as_deref()) {
                    (Value::Array(items), Some(item)) if !item.fields.is_empty() => Value::Array(
                        items
                            .iter()
                            .map(|i| match i.as_object() {
                                Some(o) => Value::Object(clean(
                                    &item.fields,
                                    o,
                                    &format!("{path}[]"),
                                    notes,
                                )),
                                None => i.clone(),
                            })
                            .collect(),
                    ),
                    (Value::Object(o), _) if !f.fields.is_empty() => {
                        Value::Object(clean(&f.fields, o, &path, notes))
                    }
                    _ => v.clone(),
                };
                out.insert(k.clone(), v);
            }
            None if v.is_null() => {}
            None => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

pub(crate) fn finish(api: &mut Api, page: &Page, notes: &mut Notes) {
    let mut doc = Map::new();
    for sample in &page.request_samples {
        if let Some(Value::Object(body)) = curl_body(sample) {
            doc = clean(&api.params, &body, "", notes);
        }
        for (k, v) in curl_query(sample) {
            let Some(f) = api.params.iter().find(|f| f.name == k) else {
                continue;
            };
            let value = match f.ty {
                FieldType::Array => {
                    let items: Vec<Value> = v
                        .split(',')
                        .filter(|s| !s.is_empty() && !s.contains(['[', ']']))
                        .map(Value::from)
                        .collect();
                    if items.is_empty() {
                        notes.ignored(
                            &k,
                            format!("文档示例的查询值「{v}」不是有效写法，未采用"),
                            format!(
                                "the doc's sample query value `{v}` is not a valid form: not used"
                            ),
                        );
                        continue;
                    }
                    Value::Array(items)
                }
                FieldType::Integer | FieldType::Decimal => {
                    match serde_json::from_str::<Value>(&v) {
                        Ok(n) if n.is_number() => n,
                        _ => Value::from(v),
                    }
                }
                FieldType::Boolean => match v.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::from(v),
                },
                _ => Value::from(v),
            };
            doc.insert(k, value);
        }
    }
    // A sample written as the JSON body alone, without the cURL command around it.
    if doc.is_empty() {
        if let Some(Value::Object(body)) = super::json_sample(&page.request_samples, false) {
            doc = clean(&api.params, &body, "", notes);
        }
    }
    if doc.is_empty() && !api.params.is_empty() {
        notes.ignored(
            "example",
            "没有找到可用的请求示例（cURL 命令或 JSON 请求体）：“填入文档示例”不可用".into(),
            "no request sample found (a cURL command or a JSON body): Fill with doc example is off"
                .into(),
        );
    }
    api.example = Value::Object(doc);
    if let Some(v) = super::json_sample(&page.response_samples, false) {
        api.example_response = v;
    }
    if api
        .params
        .iter()
        .any(|f| f.location == Some(Location::Query))
    {
        api.notes.push(Text::new(
            "标为 in: query 的参数随 URL 发送，数组用英文逗号连接。",
            "Parameters marked in: query go in the URL; arrays as their values joined by commas.",
        ));
    }
}
