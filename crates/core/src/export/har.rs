//! HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format browsers'
//! developer tools and API clients import.

use serde_json::{json, Value};

use crate::clock::format_datetime;
use crate::encoding::parse_query;
use crate::WireRequest;

/// What was answered, when the request was sent.
#[derive(Clone, Debug, Default)]
pub struct HarResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub time_ms: f64,
}

fn name_values<N: AsRef<str>, V: AsRef<str>>(pairs: &[(N, V)]) -> Vec<Value> {
    pairs
        .iter()
        .map(|(n, v)| json!({"name": n.as_ref(), "value": v.as_ref()}))
        .collect()
}

fn iso8601(unix_ms: i64) -> String {
    format!(
        "{}.{:03}Z",
        format_datetime(unix_ms, 0).replace(' ', "T"),
        unix_ms.rem_euclid(1000)
    )
}

pub fn har_entry(wire: &WireRequest, started_ms: i64, response: Option<&HarResponse>) -> Value {
    let query = wire
        .url
        .split_once('?')
        .map(|(_, q)| parse_query(q))
        .unwrap_or_default();
    let mime = wire
        .header("Content-Type")
        .unwrap_or("application/octet-stream");
    let mut request = json!({
        "method": wire.method,
        "url": wire.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": name_values(&wire.headers),
        "queryString": name_values(&query),
        "headersSize": -1,
        "bodySize": wire.body.len(),
    });
    if !wire.body.is_empty() {
        request["postData"] = json!({"mimeType": mime, "text": wire.body});
    }
    let r = response.cloned().unwrap_or_default();
    let content_type = r
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    json!({
        "startedDateTime": iso8601(started_ms),
        "time": r.time_ms,
        "request": request,
        "response": {
            "status": r.status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": name_values(&r.headers),
            "content": {
                "size": r.body.len(),
                "mimeType": content_type.map_or("", |(_, v)| v.as_str()),
                "text": r.body,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": r.body.len(),
        },
        "cache": {},
        "timings": {"send": 0, "wait": r.time_ms, "receive": 0},
    })
}

pub fn har_log(entries: Vec<Value>) -> Value {
    json!({"log": {
        "version": "1.2",
        "creator": {"name": "countersign", "version": env!("CARGO_PKG_VERSION")},
        "entries": entries,
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_has_the_har_shape() {
        let wire = WireRequest {
            method: "GET".into(),
            url: "https://api.kingdee.com/jdy/v2/inv/inv_synchronous?ids=a%2Cb".into(),
            headers: vec![("X-Api-Nonce".into(), "1".into())],
            body: String::new(),
            ..Default::default()
        };
        let e = har_entry(&wire, 1_473_393_600_123, None);
        assert_eq!(e["startedDateTime"], "2016-09-09T04:00:00.123Z");
        assert_eq!(
            e["request"]["queryString"][0],
            json!({"name": "ids", "value": "a,b"})
        );
        assert!(e["request"].get("postData").is_none());
        assert_eq!(har_log(vec![e])["log"]["version"], "1.2");
    }
}
