//! One reading of a received request per vendor: for random parameter sets (repeated
//! names, query or form placement, any text), the reader keeps the first value of a
//! name over the query then a form body, every capture form (raw HTTP, cURL, HAR) reads
//! the same, and what the core signs `verify` calls valid wherever the parameters sit,
//! and invalid once one byte of the signature changes.

use std::collections::BTreeMap;

use countersign_core::capture::{self, shell_quote, Captured};
use countersign_core::encoding::form_urlencode;
use countersign_core::http::Text;
use countersign_core::vendor::{taobao, wdt};
use countersign_core::{verify, VerifyInput};
use proptest::prelude::*;
use serde_json::{json, Value};

const FORM: &str = "application/x-www-form-urlencoded;charset=utf-8";

/// Text with the characters encodings trip on: `&`, `=`, `+`, `%`, spaces, CJK, emoji.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Z", "0", " ", "&", "=", "+", "%", "%2B", "/", "?", "#", "中", "文", "😀", "~",
            "*", "\"", "{", "}", "[", "]",
        ]),
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

/// Few names, so that repeats are common.
fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d_e", "中"]).prop_map(str::to_string)
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![
        Some(FORM),
        Some("application/x-www-form-urlencoded"),
        Some("application/json"),
        Some("text/plain"),
        None,
    ])
}

fn encode(pairs: &[(String, String)]) -> String {
    form_urlencode(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn owned(headers: Vec<(String, String)>) -> Vec<(Text, Text)> {
    headers
        .into_iter()
        .map(|(n, v)| (n.into(), v.into()))
        .collect()
}

fn captured(query: &str, headers: Vec<(String, String)>, body: String) -> Captured {
    Captured {
        method: "POST".into(),
        url: format!("http://gw.example/router/rest?{query}"),
        headers: owned(headers),
        body,
        ..Default::default()
    }
}

fn as_raw_http(c: &Captured) -> String {
    let target = c.url.strip_prefix("http://gw.example").unwrap();
    let mut text = format!("{} {target} HTTP/1.1\r\nHost: gw.example\r\n", c.method);
    for (n, v) in &c.headers {
        text += &format!("{n}: {v}\r\n");
    }
    text + "\r\n" + &c.body
}

fn as_curl(c: &Captured) -> String {
    let mut cmd = format!("curl -X {} {}", c.method, shell_quote(&c.url));
    for (n, v) in &c.headers {
        cmd += &format!(" -H {}", shell_quote(&format!("{n}: {v}")));
    }
    if !c.body.is_empty() {
        cmd += &format!(" --data-raw {}", shell_quote(&c.body));
    }
    cmd
}

fn as_har(c: &Captured) -> String {
    let headers: Vec<Value> = c
        .headers
        .iter()
        .map(|(n, v)| json!({ "name": n, "value": v }))
        .collect();
    json!({ "request": {
        "method": c.method, "url": c.url, "headers": headers,
        "postData": { "text": c.body },
    }})
    .to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn taobao_reader_keeps_the_first_value_over_query_then_form(
        params in prop::collection::vec((name(), text(), any::<bool>()), 0..8),
        ct in content_type(),
    ) {
        let query: Vec<(String, String)> =
            params.iter().filter(|p| p.2).map(|(k, v, _)| (k.clone(), v.clone())).collect();
        let body: Vec<(String, String)> =
            params.iter().filter(|p| !p.2).map(|(k, v, _)| (k.clone(), v.clone())).collect();
        let headers: Vec<(String, String)> =
            ct.map(|t| ("Content-Type".to_string(), t.to_string())).into_iter().collect();
        let c = captured(&encode(&query), headers, encode(&body));

        let is_form = ct.is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        let mut expected: Vec<(String, String)> = Vec::new();
        for (k, v) in query.iter().chain(body.iter().filter(|_| is_form)) {
            if expected.iter().all(|(seen, _)| seen != k) {
                expected.push((k.clone(), v.clone()));
            }
        }
        let read = taobao::read(&c);
        prop_assert_eq!(read.pairs(), expected.clone());
        // 旺店通 reads the query only, by the same first-value rule.
        let mut wdt_expected = BTreeMap::new();
        for (k, v) in &query {
            wdt_expected.entry(k.clone()).or_insert_with(|| v.clone());
        }
        prop_assert_eq!(wdt::read(&c).params, wdt_expected);

        // A body without a Content-Type is read as its client labelled it; give one
        // so that every form carries the same request.
        if ct.is_some() && !c.body.is_empty() {
            for text in [as_raw_http(&c), as_curl(&c), as_har(&c)] {
                let again = capture::parse(&text).unwrap();
                prop_assert_eq!(taobao::read(&again), read.clone(), "{}", text);
                prop_assert_eq!(wdt::read(&again), wdt::read(&c), "{}", text);
            }
        }
    }
}

const NOW: i64 = 1_735_787_045_000;

fn verdict(c: &Captured, credentials: Value) -> countersign_core::Verdict {
    verify(&VerifyInput {
        credentials,
        request: as_raw_http(c),
        vendor: None,
        now_ms: Some(NOW),
    })
    .unwrap()
}

/// Another hex digit in the first place: one byte of the signature changed.
fn flip_first(sign: &str) -> String {
    let first = if sign.starts_with('0') { "1" } else { "0" };
    format!("{first}{}", &sign[1..])
}

fn wire_captured(w: &countersign_core::WireRequest) -> Captured {
    let (_, rest) = w.url.split_once("://").unwrap();
    let target = &rest[rest.find('/').unwrap()..];
    let headers = w
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()));
    captured_at(&w.method, target, headers.collect(), w.body.clone())
}

fn captured_at(
    method: &str,
    target: &str,
    headers: Vec<(String, String)>,
    body: String,
) -> Captured {
    Captured {
        method: countersign_core::http::method_text(method),
        url: format!("http://gw.example{target}"),
        headers: owned(headers),
        body,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn taobao_signed_by_core_is_valid_wherever_its_parameters_sit(
        business in prop::collection::btree_map("[a-z]{1,6}", text(), 0..5),
        in_query in prop::collection::vec(any::<bool>(), 16),
        sign_method in prop::sample::select(vec!["md5", "hmac", "hmac-sha256"]),
    ) {
        let business: BTreeMap<String, Value> = business
            .into_iter()
            .filter(|(k, _)| !countersign_core::taobao::SYSTEM_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let request = countersign_core::taobao::Request {
            credentials: countersign_core::taobao::Credentials {
                app_key: Some("12345678".into()),
                app_secret: Some("helloworld".into()),
                session: None,
            },
            method: "taobao.example.get".into(),
            params: business,
            sign_method: Some(sign_method.into()),
            now_ms: Some(NOW),
            ..Default::default()
        };
        let signed = request.sign().unwrap();
        let creds = json!({ "app_key": "12345678", "app_secret": "helloworld" });
        // Every parameter, moved between the query and the form body at random.
        let all = taobao::read(&wire_captured(&signed.wire)).pairs();
        let place = |flip: bool| -> Vec<(String, String)> {
            all.iter().zip(in_query.iter().cycle())
                .filter(|(_, q)| **q != flip).map(|(p, _)| p.clone()).collect()
        };
        let c = captured_at(
            "POST",
            &format!("/router/rest?{}", encode(&place(false))),
            vec![("Content-Type".into(), FORM.into())],
            encode(&place(true)),
        );
        let v = verdict(&c, creds.clone());
        prop_assert!(v.valid, "{:?}", v.diagnosis);

        let flipped: Vec<(String, String)> = all.iter().map(|(k, v)| {
            (k.clone(), if k == "sign" { flip_first(v) } else { v.clone() })
        }).collect();
        let c = captured_at("POST", &format!("/router/rest?{}", encode(&flipped)), vec![], String::new());
        prop_assert!(!verdict(&c, creds).valid);
    }

    #[test]
    fn wdt_signed_by_core_is_valid_and_a_changed_sign_is_not(
        body in text(),
        extra in prop::collection::vec((
            prop::sample::select(vec!["sid", "key", "salt", "method", "v", "timestamp", "sign"])
                .prop_map(str::to_string),
            text(),
        ), 1..4),
    ) {
        let request = countersign_core::wdt::Request {
            credentials: serde_json::from_value(json!({
                "sid": "demo", "app_key": "k", "app_secret": "s3cret:salty"
            })).unwrap(),
            method: "wms.Example.get".into(),
            body: json!([body]).to_string(),
            now_ms: Some(NOW),
            ..Default::default()
        };
        let signed = request.sign().unwrap();
        let creds = json!({ "app_secret": "s3cret:salty" });
        let c = wire_captured(&signed.wire);
        let v = verdict(&c, creds.clone());
        prop_assert!(v.valid, "{:?}", v.diagnosis);
        // Names repeated after the signed ones do not change what the gateway reads.
        let mut c2 = c.clone();
        c2.url += &format!("&{}", encode(&extra));
        prop_assert!(verdict(&c2, creds.clone()).valid);

        let sign = wdt::read(&c).params["sign"].clone();
        let mut bad = c.clone();
        bad.url = bad.url.replace(&format!("sign={sign}"), &format!("sign={}", flip_first(&sign)));
        prop_assert!(!verdict(&bad, creds).valid);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// A secret parameter is marked and redacted wherever it sits (query or form body),
    /// however its name is encoded, and in every capture form; what the signer marked
    /// stays marked through a cURL export read back.
    #[test]
    fn a_secret_is_marked_and_redacted_wherever_it_sits(
        others in prop::collection::vec((name(), text(), any::<bool>()), 0..5),
        token in "[A-Z0-9]{12}",
        in_query in any::<bool>(),
        encoded_name in any::<bool>(),
    ) {
        let secret = format!("SESS{token}");
        let name = if encoded_name { "sess%69on" } else { "session" };
        let pair = format!("{name}={secret}");
        let place = |q: bool| -> String {
            let mut parts: Vec<String> = others
                .iter()
                .filter(|o| o.2 == q)
                .map(|(k, v, _)| encode(&[(k.clone(), v.clone())]))
                .collect();
            if in_query == q {
                parts.push(pair.clone());
            }
            parts.join("&")
        };
        let c = captured(&place(true), vec![("Content-Type".into(), FORM.into())], place(false));
        for text in [as_raw_http(&c), as_curl(&c), as_har(&c)] {
            let again = capture::parse(&text).unwrap();
            prop_assert!(again.sensitive.has_param("session"), "{}", text);
            let clean = countersign_core::export::redact::redact_wire(&again);
            prop_assert!(!clean.url.contains(&secret) && !clean.body.contains(&secret), "{:?}", clean);
        }

        let signed = countersign_core::taobao::Request {
            credentials: countersign_core::taobao::Credentials {
                app_key: Some("12345678".into()),
                app_secret: Some("helloworld".into()),
                session: Some(secret.clone()),
            },
            method: "taobao.example.get".into(),
            now_ms: Some(NOW),
            ..Default::default()
        }
        .sign()
        .unwrap();
        prop_assert!(signed.wire.sensitive.has_param("session"));
        let back = capture::parse(&countersign_core::export::curl(&signed.wire)).unwrap();
        prop_assert_eq!(&back.sensitive, &signed.wire.sensitive);
        let clean = countersign_core::export::curl(&countersign_core::export::redact::redact_wire(&signed.wire));
        prop_assert!(!clean.contains(&secret), "{}", clean);
    }
}
