//! A capture whose signature this app made: the request in the history that carries the
//! same signature, and what the capture changed of it. A signature that does not match
//! only says "something changed"; the request it was made for says what.
//!
//! Pure: both requests are read as captures and compared value by value, by the names
//! the wire gives them (`req_dto.owner_code`, `timestamp`, `x-api-nonce`).

use std::collections::BTreeMap;

use countersign_core::http::HttpRequest;
use serde_json::Value;

use crate::history::{Entry, REDACTED};

/// Shorter than this, a "signature" could turn up in a request by chance.
const MIN_SIGN_LEN: usize = 16;

/// One value the capture has otherwise than the request that was signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// As the wire names it: a parameter (JSON text looked into), `body…`, a header.
    pub path: String,
    /// In the request sent (none: it had no such value).
    pub sent: Option<String>,
    /// In the capture (none: the capture lacks it).
    pub captured: Option<String>,
}

/// The newest history entry whose request carries `sign` as its signature.
pub fn find<'a>(entries: &'a [Entry], sign: &str) -> Option<&'a Entry> {
    let sign = sign.trim();
    if sign.len() < MIN_SIGN_LEN {
        return None;
    }
    let in_query = format!("sign={sign}");
    entries
        .iter()
        .filter(|e| {
            let r = &e.request;
            r.url.contains(&in_query)
                || r.body.contains(&in_query)
                || r.headers
                    .iter()
                    .any(|(_, v)| v.trim().eq_ignore_ascii_case(sign))
        })
        .max_by(|a, b| a.at_ms.total_cmp(&b.at_ms))
}

/// The entry's request as a capture reads it.
pub fn request_text(entry: &Entry) -> String {
    let r = &entry.request;
    countersign_core::export::curl(&HttpRequest {
        method: r.method.clone().into(),
        url: r.url.clone(),
        headers: r
            .headers
            .iter()
            .map(|(k, v)| (k.clone().into(), v.clone().into()))
            .collect(),
        body: r.body.clone(),
        sensitive: Default::default(),
    })
}

/// What `captured` changed of `sent` (both request texts), by the wire's own names: the
/// URL, each parameter (`format`; JSON text looked into, `req_dto.owner_code`), the body
/// and each header but the signature's. Values the history redacted are not compared.
/// `None` when either cannot be read.
pub fn changes(sent: &str, captured: &str) -> Option<Vec<Change>> {
    let was = leaves(sent)?;
    let now = leaves(captured)?;
    let mut keys: Vec<&String> = was.keys().chain(now.keys()).collect();
    keys.sort();
    keys.dedup();
    Some(
        keys.into_iter()
            .filter_map(|k| {
                let (s, c) = (was.get(k), now.get(k));
                if s == c || s.is_some_and(|s| s.contains(REDACTED)) {
                    return None;
                }
                Some(Change {
                    path: k.clone(),
                    sent: s.cloned(),
                    captured: c.cloned(),
                })
            })
            .collect(),
    )
}

/// Every value of a request by name. Left out: the signature (it is what matched), the
/// secrets the history does not keep (`session`, `app-token`), headers no vendor reads
/// (`vendor::reads_header`: a browser's or cURL's own, which a HAR is full of) and
/// `Accept`, which every client writes its own way, and the host: a copy for
/// the mock and the request sent differ there without a change to what was signed; the
/// API called (its method and vendor path, whatever the host) stands for it.
fn leaves(text: &str) -> Option<BTreeMap<String, String>> {
    use countersign_core::encoding::parse_query;
    let r = countersign_core::capture::parse(text).ok()?;
    let mut out = BTreeMap::new();
    if let Some(called) = countersign_core::import::import(text).ok().and_then(|i| {
        let api = countersign_core::catalog::find(&i.api)?;
        let line = countersign_core::catalog::endpoint_line(api, &i.document);
        Some(format!("{}: {line}", i.api))
    }) {
        out.insert("API".to_string(), called);
    }
    let query = r.url.split_once('?').map_or("", |(_, q)| q);
    let mut params = parse_query(query);
    let form = r
        .header("content-type")
        .is_some_and(|t| t.contains("form-urlencoded"));
    if form {
        params.extend(parse_query(&r.body));
    } else if !r.body.trim().is_empty() {
        match serde_json::from_str::<Value>(&r.body) {
            Ok(v) => flatten("body", &v, &mut out),
            Err(_) => {
                out.insert("body".to_string(), r.body.clone());
            }
        }
    }
    for (k, v) in params {
        if k != "sign" && !r.sensitive.has_param(&k) {
            flatten(&k, &Value::String(v), &mut out);
        }
    }
    for (k, v) in &r.headers {
        let k = k.to_ascii_lowercase();
        let read = countersign_core::vendor::reads_header(&k)
            && !matches!(k.as_str(), "accept" | "x-api-signature");
        if read && !r.sensitive.has_header(&k) {
            out.insert(k, v.trim().to_string());
        }
    }
    Some(out)
}

/// Every scalar under `v`, by its path (`items[0].qty`); text that is JSON (Taobao's
/// `req_dto` as a string) is looked into, so a change is named where it is.
fn flatten(at: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    let key = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match v {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&key(k), v, out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| flatten(&format!("{at}[{i}]"), v, out)),
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(inner @ (Value::Object(_) | Value::Array(_))) => flatten(at, &inner, out),
            _ => {
                out.insert(at.to_string(), s.clone());
            }
        },
        Value::Null => {}
        other => {
            out.insert(at.to_string(), other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENT: &str = "curl -X POST 'http://127.0.0.1:18900/mock/taobao/router/rest' \
        -H 'Content-Type: application/x-www-form-urlencoded;charset=utf-8' \
        --data-raw 'app_key=12345678&format=json&method=taobao.logistics.wms.inventory.imbalance.create\
        &sign=0123456789ABCDEF0123456789ABCDEF&sign_method=md5&timestamp=2016-09-09%2012%3A00%3A00&v=2.0\
        &req_dto=%7B%22owner_code%22%3A%22AX5886%22%2C%22items%22%3A%5B%7B%22lock_quantity%22%3A12%7D%5D%7D\
        &session=%5Bredacted%5D&partner_id=%5Bredacted%5D'";

    #[test]
    fn a_changed_value_is_named_by_its_path_and_redacted_ones_are_not_compared() {
        let captured = SENT
            .replace("AX5886", "AX5887")
            .replace("%3A12%7D", "%3A13%7D")
            .replace("%5Bredacted%5D", "the-real-value")
            .replace("format=json", "format=xml");
        let got = changes(SENT, &captured).expect("both read");
        let paths: Vec<&str> = got.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "format",
                "req_dto.items[0].lock_quantity",
                "req_dto.owner_code"
            ],
            "{got:?}"
        );
        assert_eq!(got[2].sent.as_deref(), Some("AX5886"));
        assert_eq!(got[2].captured.as_deref(), Some("AX5887"));
        assert_eq!(changes(SENT, SENT), Some(vec![]));
        // What a browser adds (a HAR's headers) is no change to what the vendor reads.
        let browser = SENT.replace(
            "-H 'Content-Type",
            "-H 'Origin: http://127.0.0.1:18900' -H 'Sec-Fetch-Mode: cors' -H 'Accept: */*' -H 'Content-Type",
        );
        assert_eq!(changes(SENT, &browser), Some(vec![]));
        // The same call copied for another host (the mock's, the gateway's): no change.
        let moved = SENT.replace(
            "http://127.0.0.1:18900/mock/taobao",
            "https://eco.taobao.com",
        );
        assert_eq!(changes(SENT, &moved), Some(vec![]));
        // Another API is one.
        let other = SENT.replace("imbalance.create", "imbalance.cancel");
        let got = changes(SENT, &other).expect("both read");
        assert!(got.iter().any(|c| c.path == "method"), "{got:?}");
        assert_eq!(changes(SENT, "not a request"), None);
    }

    #[test]
    fn the_entry_is_found_by_its_signature_only_when_it_is_one() {
        let entry = |at_ms: f64, url: &str, headers: Vec<(String, String)>| Entry {
            id: at_ms as u64,
            at_ms,
            api: "x".into(),
            environment: "mock".into(),
            document: Value::Null,
            options: Default::default(),
            request: crate::history::StoredRequest {
                method: "GET".into(),
                url: url.into(),
                headers,
                body: String::new(),
            },
            response: None,
            error: None,
        };
        let sig = "C0FFEE00C0FFEE00C0FFEE00";
        let entries = vec![
            entry(1.0, &format!("https://x/?a=1&sign={sig}"), vec![]),
            entry(
                2.0,
                "https://x/",
                vec![("X-Api-Signature".into(), sig.to_lowercase())],
            ),
            entry(3.0, "https://x/?sign=OTHER", vec![]),
        ];
        assert_eq!(find(&entries, sig).map(|e| e.id), Some(2), "the newest");
        assert_eq!(find(&entries[..1], sig).map(|e| e.id), Some(1));
        assert!(find(&entries, "OTHER").is_none(), "too short to be sure");
        assert!(find(&entries, "DEADBEEFDEADBEEFDEAD").is_none());
    }
}
