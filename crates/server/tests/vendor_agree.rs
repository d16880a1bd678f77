//! The mocks and `countersign verify` read a request the same way: for random parameter
//! sets (query or form placement, names repeated after signing, awkward text), what the
//! core signs the mock accepts and verify calls valid; with one byte of the signature
//! changed, the mock refuses with the gateway's code and verify names the same code.

mod mock_support;

use std::collections::BTreeMap;

use countersign_core::catalog;
use countersign_core::encoding::form_urlencode;
use countersign_core::vendor::{kingdee, taobao, wdt};
use countersign_core::{verify, Signed, Vendor, VerifyInput, WireRequest};
use mock_support::{send, Answer, Mock, NOW};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

fn demo(vendor: Vendor, name: &str) -> String {
    catalog::vendor(vendor)
        .demo_credential(name)
        .unwrap_or_else(|| panic!("no demo {name}"))
        .to_string()
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Z", "0", " ", "&", "=", "+", "%", "%2B", "/", "?", "中", "😀", "~", "\"",
        ]),
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

fn encode(pairs: &[(String, String)]) -> String {
    form_urlencode(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The same bytes as a raw HTTP capture, for `verify`.
fn raw_http(w: &WireRequest) -> String {
    let rest = w.url.split_once("://").unwrap().1;
    let (host, target) = rest.split_at(rest.find('/').unwrap());
    let mut text = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", w.method);
    for (n, v) in &w.headers {
        text += &format!("{n}: {v}\r\n");
    }
    text + "\r\n" + &w.body
}

fn verdict(vendor: Vendor, w: &WireRequest, credentials: Value) -> countersign_core::Verdict {
    verify(&VerifyInput {
        credentials,
        request: raw_http(w),
        vendor: Some(vendor),
        now_ms: Some(NOW),
    })
    .unwrap()
}

/// Another hex or Base64 character in the first place of the signature.
fn flip_first(sign: &str) -> String {
    let first = if sign.starts_with('0') { "1" } else { "0" };
    format!("{first}{}", &sign[1..])
}

/// The mock account's credentials, as `verify` takes them.
fn demo_credentials(vendor: Vendor) -> Value {
    let names: &[&str] = match vendor {
        Vendor::Taobao => &["app_key", "app_secret"],
        Vendor::Wdt => &["sid", "app_key", "app_secret"],
        Vendor::Kingdee => &["client_id", "client_secret", "app_token", "domain"],
    };
    names
        .iter()
        .map(|n| (n.to_string(), Value::from(demo(vendor, n))))
        .collect()
}

/// A TOP call with these business parameters, signed by core for the mock.
fn sign_taobao(origin: &str, business: BTreeMap<String, String>, sign_method: &str) -> Signed {
    countersign_core::taobao::Request {
        credentials: serde_json::from_value(demo_credentials(Vendor::Taobao)).unwrap(),
        method: "taobao.example.get".into(),
        params: business
            .into_iter()
            .filter(|(k, _)| !countersign_core::taobao::SYSTEM_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
        sign_method: Some(sign_method.into()),
        gateway: Some(format!("{origin}/mock/taobao/router/rest")),
        now_ms: Some(NOW),
        ..Default::default()
    }
    .sign()
    .unwrap()
}

/// A 旺店通 call with one positional argument, signed by core for the mock.
fn sign_wdt(origin: &str, arg: String) -> Signed {
    countersign_core::wdt::Request {
        credentials: serde_json::from_value(demo_credentials(Vendor::Wdt)).unwrap(),
        method: "wms.example.get".into(),
        body: json!([arg]).to_string(),
        base: Some(format!("{origin}/mock/wdt/openapi")),
        now_ms: Some(NOW),
        ..Default::default()
    }
    .sign()
    .unwrap()
}

/// A Kingdee business GET with this query, signed by core for the mock.
fn sign_kingdee(origin: &str, query: BTreeMap<String, String>) -> Signed {
    countersign_core::kingdee::Request {
        credentials: serde_json::from_value(demo_credentials(Vendor::Kingdee)).unwrap(),
        http_method: "GET".into(),
        path: "/jdy/v2/bd/example".into(),
        query: query
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
        nonce: Some(json!(4242)),
        base: Some(format!("{origin}/mock/kingdee")),
        now_ms: Some(NOW),
        ..Default::default()
    }
    .sign()
    .unwrap()
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    })
}

fn taobao_code(a: &Answer) -> Option<u64> {
    a.json()["error_response"]["code"].as_u64()
}

#[test]
fn taobao_mock_and_verify_agree() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    let creds = demo_credentials(Vendor::Taobao);
    let strategy = (
        prop::collection::btree_map("[a-z]{1,6}", text(), 0..5),
        prop::collection::vec(any::<bool>(), 16),
        prop::collection::vec(("[a-z]{1,6}", text()), 0..3),
        prop::sample::select(vec!["md5", "hmac", "hmac-sha256"]),
    );
    runner()
        .run(&strategy, |(business, in_query, repeats, sign_method)| {
            let signed = sign_taobao(&mock.origin, business, sign_method);
            let wire = signed.wire;
            let gateway = wire.url.split('?').next().unwrap().to_string();
            let all =
                taobao::read(&countersign_core::capture::parse(&raw_http(&wire)).unwrap()).pairs();
            // Every parameter placed at random, then names already sent sent again.
            let build = |all: &[(String, String)]| {
                let (mut query, mut body) = (Vec::new(), Vec::new());
                for (p, q) in all.iter().zip(in_query.iter().cycle()) {
                    if *q {
                        query.push(p.clone())
                    } else {
                        body.push(p.clone())
                    }
                }
                body.extend(
                    repeats
                        .iter()
                        .filter(|(k, _)| all.iter().any(|(n, _)| n == k))
                        .cloned(),
                );
                body.push(("sign".into(), "0".into()));
                WireRequest {
                    method: "POST".into(),
                    url: format!("{gateway}?{}", encode(&query)),
                    headers: vec![(
                        "Content-Type".into(),
                        "application/x-www-form-urlencoded;charset=utf-8".into(),
                    )],
                    body: encode(&body),
                    ..Default::default()
                }
            };
            let good = build(&all);
            let answer = rt.block_on(send(&good));
            prop_assert_eq!(taobao_code(&answer), None, "{}", answer.body);
            let v = verdict(Vendor::Taobao, &good, creds.clone());
            prop_assert!(v.valid, "{:?}", v.diagnosis);

            let flipped: Vec<(String, String)> = all
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if k == "sign" {
                            flip_first(v)
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect();
            let bad = build(&flipped);
            let answer = rt.block_on(send(&bad));
            prop_assert_eq!(taobao_code(&answer), Some(u64::from(taobao::BAD_SIGNATURE)));
            let v = verdict(Vendor::Taobao, &bad, creds.clone());
            prop_assert!(!v.valid);
            prop_assert_eq!(v.refused_with, Some(taobao::BAD_SIGNATURE.to_string()));
            Ok(())
        })
        .unwrap();
}

/// A call with a file goes as multipart/form-data (TOP's SDKs): its text fields are signed,
/// its files are not. The mock had read no field of it and answered 25 to a good signature.
#[test]
fn a_taobao_multipart_call_is_read_alike() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    let business = BTreeMap::from([(
        "req_dto".to_string(),
        "{\"remark\":\"盘点 a&b\"}".to_string(),
    )]);
    let wire = sign_taobao(&mock.origin, business, "md5").wire;
    let gateway = wire.url.split('?').next().unwrap().to_string();
    let all = taobao::read(&countersign_core::capture::parse(&raw_http(&wire)).unwrap()).pairs();
    let multipart = |sign: &str| {
        let query: Vec<(String, String)> = all
            .iter()
            .filter(|(k, _)| k != "req_dto" && k != "sign")
            .cloned()
            .chain([("sign".to_string(), sign.to_string())])
            .collect();
        let dto = &all.iter().find(|(k, _)| k == "req_dto").unwrap().1;
        WireRequest {
            method: "POST".into(),
            url: format!("{gateway}?{}", encode(&query)),
            headers: vec![(
                "Content-Type".into(),
                "multipart/form-data; boundary=----cs1".into(),
            )],
            body: format!(
                "------cs1\r\nContent-Disposition: form-data; name=\"req_dto\"\r\n\r\n{dto}\r\n\
                 ------cs1\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\
                 Content-Type: image/png\r\n\r\nnot signed\r\n------cs1--\r\n"
            ),
            ..Default::default()
        }
    };
    let sign = &all.iter().find(|(k, _)| k == "sign").unwrap().1;
    let creds = demo_credentials(Vendor::Taobao);
    let good = multipart(sign);
    let answer = rt.block_on(send(&good));
    assert_eq!(taobao_code(&answer), None, "{}", answer.body);
    assert!(verdict(Vendor::Taobao, &good, creds.clone()).valid);
    let bad = multipart(&flip_first(sign));
    let answer = rt.block_on(send(&bad));
    assert_eq!(taobao_code(&answer), Some(u64::from(taobao::BAD_SIGNATURE)));
    let v = verdict(Vendor::Taobao, &bad, creds);
    assert_eq!(v.refused_with, Some(taobao::BAD_SIGNATURE.to_string()));
}

/// HEAD signed as HEAD on a GET API: the gateway has no such API, and the mock says so as
/// verify does (its GET route had answered HEAD with 200, as a web framework does).
#[test]
fn kingdee_head_is_no_api_for_mock_and_verify() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    for path in [
        "/jdy/v2/inv/inv_synchronous",
        "/jdyconnector/app_management/kingdee_auth_token",
    ] {
        let wire = countersign_core::kingdee::Request {
            credentials: serde_json::from_value(demo_credentials(Vendor::Kingdee)).unwrap(),
            http_method: "HEAD".into(),
            path: path.into(),
            nonce: Some(json!(4242)),
            base: Some(format!("{}/mock/kingdee", mock.origin)),
            now_ms: Some(NOW),
            ..Default::default()
        }
        .sign()
        .unwrap()
        .wire;
        assert_eq!(rt.block_on(send(&wire)).status, 519, "HEAD {path}");
        let v = verdict(Vendor::Kingdee, &wire, demo_credentials(Vendor::Kingdee));
        assert_eq!(v.refused_with.as_deref(), Some("4004"), "HEAD {path}");
    }
}

#[test]
fn wdt_mock_and_verify_agree() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    let creds = demo_credentials(Vendor::Wdt);
    let system = vec!["sid", "key", "salt", "method", "v", "timestamp", "sign"];
    let strategy = (
        text(),
        prop::collection::vec((prop::sample::select(system), text()), 0..3),
    );
    runner()
        .run(&strategy, |(arg, repeats)| {
            let signed = sign_wdt(&mock.origin, arg);
            let mut good = signed.wire.clone();
            let extra: Vec<(String, String)> = repeats
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            if !extra.is_empty() {
                good.url += &format!("&{}", encode(&extra));
            }
            let answer = rt.block_on(send(&good));
            prop_assert_eq!(&answer.json()["status"], &json!(0), "{}", answer.body);
            let v = verdict(Vendor::Wdt, &good, creds.clone());
            prop_assert!(v.valid, "{:?}", v.diagnosis);

            let mut bad = good.clone();
            let sign = signed.sign;
            bad.url = bad.url.replacen(
                &format!("sign={sign}"),
                &format!("sign={}", flip_first(&sign)),
                1,
            );
            let answer = rt.block_on(send(&bad));
            prop_assert_eq!(
                &answer.json()["status"],
                &json!(wdt::BAD_SIGNATURE),
                "{}",
                answer.body
            );
            let v = verdict(Vendor::Wdt, &bad, creds.clone());
            prop_assert!(!v.valid);
            prop_assert_eq!(v.refused_with, Some(wdt::BAD_SIGNATURE.to_string()));
            Ok(())
        })
        .unwrap();
}

#[test]
fn kingdee_mock_and_verify_agree() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    let creds = demo_credentials(Vendor::Kingdee);
    let strategy = prop::collection::btree_map("[a-z]{1,6}", text(), 0..4);
    runner()
        .run(&strategy, |query| {
            let signed = sign_kingdee(&mock.origin, query);
            let good = signed.wire.clone();
            let answer = rt.block_on(send(&good));
            prop_assert_eq!(answer.status, 200, "{}", answer.body);
            let v = verdict(Vendor::Kingdee, &good, creds.clone());
            prop_assert!(v.valid, "{:?}", v.diagnosis);

            let mut bad = good.clone();
            for (n, v) in &mut bad.headers {
                if n.eq_ignore_ascii_case("X-Api-Signature") {
                    *v = flip_first(v).into();
                }
            }
            let answer = rt.block_on(send(&bad));
            prop_assert_eq!(
                &answer.json()["errcode"],
                &json!(kingdee::BAD_SIGNATURE),
                "{}",
                answer.body
            );
            let v = verdict(Vendor::Kingdee, &bad, creds.clone());
            prop_assert!(!v.valid);
            prop_assert_eq!(v.refused_with, Some(kingdee::BAD_SIGNATURE.to_string()));
            Ok(())
        })
        .unwrap();
}

/// The request with query parameter `name` set to `value`, or dropped for `None`
/// (every other pair kept, in order).
fn with_param(w: &WireRequest, name: &str, value: Option<&str>) -> WireRequest {
    let (base, query) = w.url.split_once('?').unwrap_or((&w.url, ""));
    let mut pairs = countersign_core::encoding::parse_query(query);
    match value {
        None => pairs.retain(|(k, _)| k != name),
        Some(v) => match pairs.iter_mut().find(|(k, _)| k == name) {
            Some(pair) => pair.1 = v.to_string(),
            None => pairs.push((name.to_string(), v.to_string())),
        },
    }
    WireRequest {
        url: format!("{base}?{}", encode(&pairs)),
        ..w.clone()
    }
}

/// The request with header `name` set to `value`, or dropped for `None`.
fn with_header(w: &WireRequest, name: &str, value: Option<&str>) -> WireRequest {
    let mut w = w.clone();
    w.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    if let Some(v) = value {
        w.headers
            .push((name.to_string().into(), v.to_string().into()));
    }
    w
}

/// A 旺店通 status or Kingdee errcode, when it is not success.
fn nonzero(v: &Value) -> Option<String> {
    v.as_u64().filter(|c| *c != 0).map(|c| c.to_string())
}

/// Signs random requests with `sign`, makes mistake `i` of `mistakes` with `apply` (none
/// past the end), and checks that the mock answers the code `verify` names (`code` reads
/// the mock's answer as verify writes it: `29/isv.appkey-not-exists`), or both accept.
#[allow(clippy::too_many_arguments)]
fn agree_on_each_mistake<S: Strategy>(
    rt: &tokio::runtime::Runtime,
    vendor: Vendor,
    credentials: &Value,
    mistakes: &[(&str, Option<&str>)],
    inputs: S,
    sign: impl Fn(S::Value) -> WireRequest,
    apply: fn(&WireRequest, &str, Option<&str>) -> WireRequest,
    code: fn(&Value) -> Option<String>,
) {
    // Enough cases that every mistake comes up several times.
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(0..mistakes.len() + 1, inputs), |(i, input)| {
            let signed = sign(input);
            let w = match mistakes.get(i) {
                Some((name, value)) => apply(&signed, name, *value),
                None => signed,
            };
            let answer = rt.block_on(send(&w));
            let v = verdict(vendor, &w, credentials.clone());
            prop_assert_eq!(
                code(&answer.json()),
                v.refused_with,
                "{:?} {}",
                mistakes.get(i),
                answer.body
            );
            Ok(())
        })
        .unwrap();
}

/// One thing a client gets wrong (a query parameter or header changed or dropped), or
/// nothing: the mock's code and the one verify names are the same, or both accept.
#[test]
fn every_refusal_has_the_same_code_from_mock_and_verify() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    let late = countersign_core::clock::beijing(NOW - 3_600_000);
    let business = || prop::collection::btree_map("[a-z]{1,6}", text(), 0..3);

    // Taobao: system parameters in the query; TOP's sub code after `/`.
    let tb_creds = demo_credentials(Vendor::Taobao);
    let tb: Vec<(&str, Option<&str>)> = vec![
        ("method", None),
        ("method", Some("not a method!")),
        ("app_key", None),
        ("app_key", Some("87654321")),
        ("timestamp", None),
        ("timestamp", Some("yesterday")),
        ("timestamp", Some(late.as_str())),
        ("v", None),
        ("v", Some("3.0")),
        ("format", Some("yaml")),
        ("sign_method", Some("sha1")),
        ("sign", None),
        ("sign", Some("00")),
        ("session", Some("not-the-session")),
    ];
    let sign_taobao =
        |business: BTreeMap<String, String>| sign_taobao(&mock.origin, business, "md5").wire;
    agree_on_each_mistake(
        &rt,
        Vendor::Taobao,
        &tb_creds,
        &tb,
        business(),
        sign_taobao,
        with_param,
        |a| {
            let e = &a["error_response"];
            let code = e["code"].as_u64()?;
            Some(match e["sub_code"].as_str() {
                Some(sub) => format!("{code}/{sub}"),
                None => code.to_string(),
            })
        },
    );

    // 旺店通: system parameters in the query, the body signed raw.
    let wdt_creds = demo_credentials(Vendor::Wdt);
    let ms = NOW.to_string();
    let wdt: Vec<(&str, Option<&str>)> = vec![
        ("sid", None),
        ("sid", Some("other")),
        ("key", Some("other")),
        ("salt", Some("other")),
        ("method", Some("not a method!")),
        ("v", Some("2.0")),
        ("timestamp", Some(ms.as_str())),
        ("timestamp", Some("1735787045")),
        ("timestamp", Some("")),
        ("sign", Some("00")),
    ];
    let sign_wdt = |arg: String| sign_wdt(&mock.origin, arg).wire;
    agree_on_each_mistake(
        &rt,
        Vendor::Wdt,
        &wdt_creds,
        &wdt,
        text(),
        sign_wdt,
        with_param,
        |a| nonzero(&a["status"]),
    );

    // Kingdee: the gateway's rules on the signature headers, then the account's.
    let kd_creds = demo_credentials(Vendor::Kingdee);
    let secs = (NOW / 1000).to_string();
    let kd: Vec<(&str, Option<&str>)> = vec![
        ("X-Api-ClientID", None),
        ("X-Api-ClientID", Some("other")),
        ("X-Api-Auth-Version", Some("1.0")),
        ("X-Api-TimeStamp", Some(secs.as_str())),
        ("X-Api-TimeStamp", Some("soon")),
        ("X-Api-Nonce", Some("-1")),
        ("X-Api-Nonce", None),
        ("X-Api-SignHeaders", Some("X-Api-Nonce")),
        ("X-Api-Signature", Some("AAAA")),
        ("app-token", None),
        ("app-token", Some("not-a-token")),
        ("X-GW-Router-Addr", Some("other.example")),
        ("X-GW-Router-Addr", None),
    ];
    let sign_kingdee = |query: BTreeMap<String, String>| sign_kingdee(&mock.origin, query).wire;
    agree_on_each_mistake(
        &rt,
        Vendor::Kingdee,
        &kd_creds,
        &kd,
        business(),
        sign_kingdee,
        with_header,
        |a| nonzero(&a["errcode"]),
    );
}
