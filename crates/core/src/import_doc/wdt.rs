//! 旺店通旗舰版's API page (open.wangdian.cn/qjb): `**method** **（名称）**`, 公共请求参数
//! (sid, key, salt, …), 业务请求参数 whose rows are the method's positional arguments,
//! child tables titled by the argument's name, samples as JSON in a table.

use serde_json::{Map, Value};

use super::{Head, Notes, Page};
use crate::catalog::{Api, Field, FieldType, Text};

/// `wms.StockPd.stockSyncByPd`: three dot-separated words, no URL.
fn is_method(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && !PREFIXES.iter().any(|p| {
            word.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        })
        && parts
            .iter()
            .any(|p| p.chars().any(|c| c.is_ascii_uppercase()))
}

/// TOP's methods are all lower case and start with the platform's name.
const PREFIXES: [&str; 4] = ["taobao.", "tmall.", "alibaba.", "www."];

fn method_line(line: &str) -> Option<(String, Option<String>)> {
    let t = super::table::clean_line(line);
    let first = t.split_whitespace().next()?;
    let method = first.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '_');
    if !is_method(method) {
        return None;
    }
    let rest = t[t.find(method)? + method.len()..].trim();
    let name = rest
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）'])
        .trim();
    Some((
        method.to_string(),
        (!name.is_empty()).then(|| name.to_string()),
    ))
}

pub(crate) fn score(text: &str) -> u32 {
    let mut s = 0;
    if text.lines().any(|l| method_line(l).is_some()) {
        s += 2;
    }
    for mark in [
        "wangdian",
        "旺店通",
        "| salt |",
        "\tsalt\t",
        "业务请求参数",
        "公共请求参数",
    ] {
        if text.contains(mark) {
            s += 1;
        }
    }
    s
}

pub(crate) fn head(text: &str, page: &Page) -> Head {
    let found = text.lines().find_map(method_line);
    let (method, name) = match found {
        Some((m, n)) => (Some(m), n),
        None => (None, None),
    };
    let summary = page.lines.iter().find_map(|l| {
        let at = l.find("接口描述")?;
        let rest = l[at + "接口描述".len()..].trim_start_matches([':', '：', ' ']);
        (!rest.is_empty()).then(|| rest.trim().to_string())
    });
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

fn is_pager(f: &Field) -> bool {
    f.name.eq_ignore_ascii_case("pager")
        || f.doc_type
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("pager"))
}

/// The URL's paging parameters, which a page may list in a table of their own (分页参数)
/// beside the method's arguments.
const PAGING: [&str; 3] = ["page_size", "page_no", "calc_total"];

/// Paging fields listed at the top level are not positional arguments: they join the
/// `pager` (made when the page has none), so they go in the URL and never in the body.
fn gather_paging(api: &mut Api) {
    let is_paging = |f: &Field| PAGING.iter().any(|p| f.name.eq_ignore_ascii_case(p));
    if !api.params.iter().any(is_paging) {
        return;
    }
    let (paging, rest): (Vec<Field>, Vec<Field>) = std::mem::take(&mut api.params)
        .into_iter()
        .partition(is_paging);
    api.params = rest;
    let at = match api.params.iter().position(is_pager) {
        Some(at) => at,
        None => {
            let mut pager = super::fields::blank("pager", FieldType::Object, "分页 / paging");
            pager.required = paging.iter().any(|f| f.required);
            api.params.push(pager);
            api.params.len() - 1
        }
    };
    let pager = &mut api.params[at];
    for f in paging {
        if !pager
            .fields
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&f.name))
        {
            pager.fields.push(f);
        }
    }
}

/// The body is the positional array of the top-level parameters; a `pager` is not in
/// it (its fields are the URL's page_size/page_no/calc_total), and stays once.
pub(crate) fn finish(api: &mut Api, page: &Page, notes: &mut Notes) {
    gather_paging(api);
    for f in api.params.iter_mut().filter(|f| is_pager(f)) {
        if f.fields.is_empty() {
            let vendor = crate::catalog::vendor(crate::Vendor::Wdt);
            f.fields = vendor
                .system_params
                .iter()
                .filter(|p| matches!(p.name.as_str(), "page_size" | "page_no" | "calc_total"))
                .map(|p| {
                    let mut p = p.clone();
                    p.required = false;
                    p
                })
                .collect();
        }
        f.ty = FieldType::Object;
        f.note = Some(Text::new(
            "分页参数随 URL 发送（page_size、page_no、calc_total），不在请求体中。",
            "Paging goes in the URL (page_size, page_no, calc_total), not in the body.",
        ));
        notes.inferred(
            &f.name,
            "分页参数：与公共参数中的 page_size/page_no/calc_total 是同一组，只保留一次，随 URL 发送".into(),
            "paging: the same page_size/page_no/calc_total as the common parameters, kept once and sent in the URL".into(),
        );
    }
    api.positional = api
        .params
        .iter()
        .filter(|f| !is_pager(f))
        .map(|f| f.name.clone())
        .collect();
    api.notes.push(Text::new(
        format!(
            "请求体是方法的位置参数组成的 JSON 数组：[{}]。",
            api.positional.join(", ")
        ),
        format!(
            "The body is the JSON array of the method's positional arguments: [{}].",
            api.positional.join(", ")
        ),
    ));
    let mut doc = Map::new();
    match super::json_sample(&page.request_samples, true) {
        Some(Value::Array(args)) => {
            for (name, value) in api.positional.iter().zip(args) {
                if !value.is_null() {
                    doc.insert(name.clone(), value);
                }
            }
        }
        _ => notes.ignored(
            "example",
            "没有找到 JSON 格式的请求示例：“填入文档示例”不可用".into(),
            "no JSON request sample found: Fill with doc example is off".into(),
        ),
    }
    api.example = Value::Object(doc);
    if let Some(v) = super::json_sample(&page.response_samples, false) {
        api.example_response = v;
    }
    if let Some(v) = super::json_sample(&page.error_samples, false) {
        let code = v
            .get("status")
            .or_else(|| v.get("code"))
            .and_then(|c| match c {
                Value::Number(n) => Some(n.to_string()),
                Value::String(s) => Some(s.clone()),
                _ => None,
            });
        let message = v.get("message").and_then(Value::as_str);
        if let (Some(code), Some(message)) = (code, message) {
            if code != "0" {
                api.errors.push(super::doc_error(&code, message, None));
            }
        }
        api.example_error_response = Some(v);
    }
}
