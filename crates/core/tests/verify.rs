//! Each integration mistake, made on purpose, is named by its code.

use std::collections::BTreeMap;

use countersign_core::capture::{shell_quote, CaptureError};
use countersign_core::digest::{base64, hex_upper, hmac_sha256, md5};
use countersign_core::encoding::{form_encode, form_urlencode};
use countersign_core::kingdee::{signature, Canonical, Layout};
use countersign_core::taobao::{
    digest as tb_digest, string_to_sign as tb_s, string_to_sign_with, SignMethod,
};
use countersign_core::wdt::{digest as wdt_digest, string_to_sign as wdt_s};
use countersign_core::{
    verify, SignError, SignRequest, Signer, Vendor, VerifyError, VerifyInput, WireRequest,
};
use serde_json::{json, Value};

const NOW: i64 = 1_764_000_000_000;

fn curl(wire: &WireRequest) -> String {
    let mut cmd = format!("curl -X {} {}", wire.method, shell_quote(&wire.url));
    for (k, v) in &wire.headers {
        cmd += &format!(" -H {}", shell_quote(&format!("{k}: {v}")));
    }
    if !wire.body.is_empty() {
        cmd += &format!(" --data-raw {}", shell_quote(&wire.body));
    }
    cmd
}

fn check(credentials: Value, request: String) -> countersign_core::Verdict {
    verify(&VerifyInput {
        credentials,
        request,
        vendor: None,
        now_ms: Some(NOW),
    })
    .unwrap()
}

fn codes(v: &countersign_core::Verdict) -> Vec<&str> {
    v.diagnosis.iter().map(|d| d.code.as_str()).collect()
}

// ---- Taobao ----

fn tb_creds() -> Value {
    json!({"app_key": "12345678", "app_secret": "helloworld"})
}

/// A `req_dto` the catalog's imbalance.create takes whole (TOP checks the arguments of a
/// described API, and `verify` with it), with Chinese and a space to encode.
const REQ_DTO: &str = r#"{"owner_code":"货主 A","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#;

fn tb_params(timestamp: &str) -> BTreeMap<String, String> {
    [
        ("method", "taobao.logistics.wms.inventory.imbalance.create"),
        ("app_key", "12345678"),
        ("timestamp", timestamp),
        ("format", "json"),
        ("v", "2.0"),
        ("sign_method", "md5"),
        ("req_dto", REQ_DTO),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn tb_now() -> String {
    countersign_core::clock::beijing(NOW)
}

/// Sends `params` plus `sign` as the URL query of a POST.
fn tb_request(params: &BTreeMap<String, String>, sign: &str) -> String {
    let query = form_urlencode(
        params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain([("sign", sign)]),
    );
    format!("https://eco.taobao.com/router/rest?{query}")
}

#[test]
fn taobao_correct_request_is_valid() {
    let signed = SignRequest::from_value(json!({"vendor": "taobao", "credentials": tb_creds(),
        "method": "taobao.logistics.wms.inventory.imbalance.create", "params": {"req_dto": REQ_DTO},
        "now_ms": NOW}))
    .unwrap()
    .sign()
    .unwrap();
    let v = check(tb_creds(), curl(&signed.wire));
    assert_eq!(v.vendor, Vendor::Taobao);
    assert!(v.valid, "{v:?}");
    assert!(v.diagnosis.is_empty(), "{v:?}");
    assert_eq!(v.sign_expected, signed.sign);
}

#[test]
fn taobao_arguments_the_api_refuses_are_named_as_the_gateway_codes_them() {
    // A good signature over arguments TOP refuses for this API: the mock answers 40 or
    // 41, and verify had called such a call fine.
    let now = tb_now();
    let mut missing_owner: serde_json::Value = serde_json::from_str(REQ_DTO).unwrap();
    missing_owner.as_object_mut().unwrap().remove("owner_code");
    for (req_dto, code) in [
        (None, "40"),
        (
            Some("{not json".to_string()),
            "41/isv.invalid-parameter:req_dto",
        ),
        (
            Some(missing_owner.to_string()),
            "41/isv.missing-parameter:owner_code",
        ),
    ] {
        let mut params = tb_params(&now);
        match req_dto {
            Some(dto) => params.insert("req_dto".into(), dto),
            None => params.remove("req_dto"),
        };
        let (s, _) = tb_s(&params);
        let v = check(
            tb_creds(),
            tb_request(&params, &tb_digest(SignMethod::Md5, "helloworld", &s)),
        );
        assert!(v.valid, "{v:?}");
        assert_eq!(v.refused_with.as_deref(), Some(code), "{v:?}");
        assert!(
            v.diagnosis.iter().any(|d| d.message.contains("`req_dto`")),
            "{v:?}"
        );
        // The catalog's words in each language: no Chinese in the English text.
        let han = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        assert!(v.diagnosis.iter().all(|d| !han(&d.message)), "{v:?}");
    }
}

#[test]
fn taobao_mistakes_are_named() {
    let params = tb_params(&tb_now());
    let (s, _) = tb_s(&params);
    let right = tb_digest(SignMethod::Md5, "helloworld", &s);

    let hmac = tb_digest(SignMethod::Hmac, "helloworld", &s);
    assert_eq!(
        codes(&check(tb_creds(), tb_request(&params, &hmac))),
        ["sign_method_mismatch"]
    );
    assert_eq!(
        codes(&check(
            tb_creds(),
            tb_request(&params, &right.to_lowercase())
        )),
        ["hex_case"]
    );

    let mut with_empty = params.clone();
    with_empty.insert("partner_id".into(), " ".into());
    let (blank_s, _) = string_to_sign_with(&with_empty, true);
    let blank_sign = tb_digest(SignMethod::Md5, "helloworld", &blank_s);
    assert_eq!(
        codes(&check(tb_creds(), tb_request(&with_empty, &blank_sign))),
        ["empty_param_included"]
    );

    let encoded: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| (k.clone(), form_encode(v)))
        .collect();
    let (enc_s, _) = tb_s(&encoded);
    let enc_sign = tb_digest(SignMethod::Md5, "helloworld", &enc_s);
    assert_eq!(
        codes(&check(tb_creds(), tb_request(&params, &enc_sign))),
        ["url_encoded_values"]
    );

    // Copied from history, which took the session out: signed with the credentials' one.
    let mut with_session = params.clone();
    with_session.insert("session".into(), "mock-session".into());
    let (session_s, _) = tb_s(&with_session);
    let session_sign = tb_digest(SignMethod::Md5, "helloworld", &session_s);
    let mut creds = tb_creds();
    creds["session"] = json!("mock-session");
    let v = check(creds, tb_request(&params, &session_sign));
    assert_eq!(codes(&v), ["session_removed"]);
    assert_eq!(v.string_to_sign_found.as_deref(), Some(session_s.as_str()));
    // Without a session in the credentials there is nothing to try.
    assert_eq!(
        codes(&check(tb_creds(), tb_request(&params, &session_sign))),
        ["unexplained"]
    );

    let one_end = hex_upper(&md5(format!("helloworld{s}").as_bytes()));
    assert_eq!(
        codes(&check(tb_creds(), tb_request(&params, &one_end))),
        ["secret_one_end"]
    );

    let mut late = params.clone();
    late.insert("session".into(), "mock-session".into());
    let v = check(tb_creds(), tb_request(&late, &right));
    assert_eq!(codes(&v), ["unsigned_param"]);
    assert!(v.diagnosis[0].message.contains("`session`"));
    assert_eq!(v.string_to_sign_found.as_deref(), Some(s.as_str()));

    let mut missing = params.clone();
    missing.remove("v");
    let (m_s, _) = tb_s(&missing);
    let v = check(
        tb_creds(),
        tb_request(&missing, &tb_digest(SignMethod::Md5, "helloworld", &m_s)),
    );
    assert!(v.valid);
    assert_eq!(codes(&v), ["missing_param"]);
    assert!(v.diagnosis[0].message.contains("`v`"));

    // Dropped after signing: the missing parameter is said first, then that nothing else
    // reproduces the signature, pointing back at it before the secret.
    let mut dropped = params.clone();
    dropped.remove("timestamp");
    let v = check(tb_creds(), tb_request(&dropped, &right));
    assert!(!v.valid);
    assert_eq!(codes(&v), ["missing_param", "unexplained"]);
    assert!(v.diagnosis[0].message.contains("`timestamp`"));
    assert!(
        v.diagnosis[1].message.contains("dropped afterwards"),
        "{}",
        v.diagnosis[1].message
    );
}

/// A good Taobao signature over `timestamp`, checked at `NOW`: valid, with one finding, the
/// skew, whose English and 中文 messages are returned.
fn tb_skew(timestamp: &str) -> (String, String) {
    let params = tb_params(timestamp);
    let (s, _) = tb_s(&params);
    let v = check(
        tb_creds(),
        tb_request(&params, &tb_digest(SignMethod::Md5, "helloworld", &s)),
    );
    assert!(v.valid, "{v:?}");
    assert_eq!(codes(&v), ["timestamp_skew"]);
    let d = &v.diagnosis[0];
    (d.message.clone(), d.message_zh.clone())
}

#[test]
fn taobao_timestamp_skews_name_their_cause() {
    // Written in UTC: 8 h off, and the hint speaks each language (not English inside the
    // 中文 text).
    let (en, zh) = tb_skew(&countersign_core::clock::format_datetime(NOW, 0));
    assert!(en.contains("8 h behind") && en.contains("UTC"), "{en}");
    assert!(zh.contains("北京时间"), "{zh}");
    // Sent in Unix seconds, what a support engineer pastes: the builder and the inspector
    // name the unit, and the check must too, as for Kingdee.
    let (en, zh) = tb_skew(&(NOW / 1000).to_string());
    assert!(en.contains("in seconds"), "{en}");
    assert!(zh.contains("秒级"), "{zh}");
}

#[test]
fn a_wrong_signature_is_said_before_a_skewed_clock() {
    // A captured call altered after signing, and sent 8 hours off: the mismatch comes
    // first, since the skew alone never makes a signature wrong.
    let mut params = tb_params(&countersign_core::clock::format_datetime(NOW, 0));
    let (s, _) = tb_s(&params);
    let sign = tb_digest(SignMethod::Md5, "helloworld", &s);
    params.insert("req_dto".into(), "{\"owner_code\":\"货主 B\"}".into());
    let v = check(tb_creds(), tb_request(&params, &sign));
    assert!(!v.valid);
    assert_eq!(codes(&v), ["unexplained", "timestamp_skew"]);
    // The window in the skew's own unit, as the inspector says it.
    assert!(
        v.diagnosis[1].message.contains("±10 min"),
        "{}",
        v.diagnosis[1].message
    );
    assert!(
        v.diagnosis[1].message_zh.contains("±10 分钟"),
        "{}",
        v.diagnosis[1].message_zh
    );
}

#[test]
fn a_secret_placeholder_from_an_export_is_named() {
    // Copied with secrets hidden: the session reads `<session>`, which was not signed.
    let mut params = tb_params(&countersign_core::clock::format_datetime(NOW, 8));
    params.insert("session".into(), "real-session".into());
    let (s, _) = tb_s(&params);
    let sign = tb_digest(SignMethod::Md5, "helloworld", &s);
    params.insert("session".into(), "<session>".into());
    let v = check(tb_creds(), tb_request(&params, &sign));
    assert!(!v.valid);
    assert_eq!(codes(&v), ["secret_placeholder"]);
    assert!(
        v.diagnosis[0].message.contains("`session`"),
        "{}",
        v.diagnosis[0].message
    );
    // What to do: the credential that fills it, in both languages.
    assert!(
        v.diagnosis[0].message.contains("enter the real `session`"),
        "{}",
        v.diagnosis[0].message
    );
    assert!(v.diagnosis[0].message_zh.contains("填入真实的 `session`"));
    assert!(v.filled.is_empty());
    // The real value given as the credential is checked in the placeholder's place.
    let with_placeholder = tb_request(&params, &sign);
    let mut creds = tb_creds();
    creds["session"] = json!("real-session");
    let v = check(creds.clone(), with_placeholder.clone());
    assert!(v.valid, "{v:?}");
    assert!(v.diagnosis.is_empty(), "{v:?}");
    assert_eq!(v.filled, ["session"]);
    assert!(v.string_to_sign_expected.contains("sessionreal-session"));
    // A wrong one is not hidden: the placeholder is gone, the signature does not match.
    creds["session"] = json!("other-session");
    let v = check(creds, with_placeholder);
    assert!(!v.valid);
    assert!(!codes(&v).contains(&"secret_placeholder"), "{v:?}");
    // The real value checks out.
    params.insert("session".into(), "real-session".into());
    assert!(check(tb_creds(), tb_request(&params, &sign)).valid);
}

/// `key + value` of each pair in the order given: S as a client that never sorts writes it.
fn concatenated(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}{v}")).collect()
}

#[test]
fn taobao_parameters_signed_in_sent_order_are_named() {
    let now = tb_now();
    for method in [SignMethod::Md5, SignMethod::Hmac] {
        // As a hand-written client builds it: the system parameters, then `req_dto`
        // appended, signed in that order.
        let system = [
            ("method", "taobao.logistics.wms.inventory.imbalance.create"),
            ("app_key", "12345678"),
            ("timestamp", now.as_str()),
            ("format", "json"),
            ("v", "2.0"),
            ("sign_method", method.as_str()),
        ];
        let business = [("req_dto", REQ_DTO)];
        let all: Vec<(&str, &str)> = system.iter().chain(&business).copied().collect();
        let unsorted = concatenated(&all);
        let sign = tb_digest(method, "helloworld", &unsorted);
        let request = |sign: &str| {
            let query = form_urlencode(system.iter().copied().chain([("sign", sign)]));
            format!(
                "POST /router/rest?{query} HTTP/1.1\r\nHost: eco.taobao.com\r\n\
                 Content-Type: application/x-www-form-urlencoded;charset=utf-8\r\n\r\n{}",
                form_urlencode(business)
            )
        };
        let v = check(tb_creds(), request(&sign));
        assert!(!v.valid, "{v:?}");
        assert_eq!(codes(&v), ["params_not_sorted"], "{method:?}: {v:?}");
        assert_eq!(v.string_to_sign_found.as_deref(), Some(unsorted.as_str()));
        let d = &v.diagnosis[0];
        assert!(d.message.contains("sort them by name"), "{}", d.message);
        assert!(d.message_zh.contains("排序"), "{}", d.message_zh);

        // The same capture signed right: the gateway sorts, whatever order it arrives in.
        let (sorted, _) = tb_s(
            &all.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let v = check(
            tb_creds(),
            request(&tb_digest(method, "helloworld", &sorted)),
        );
        assert!(v.valid && v.diagnosis.is_empty(), "{method:?}: {v:?}");
    }
}

// ---- 旺店通 ----

const WDT_SECRET: &str = "mocksecret:mocksalt";

fn wdt_creds() -> Value {
    json!({"sid": "mocksid", "app_key": "mockkey", "app_secret": WDT_SECRET})
}

fn wdt_params(timestamp: i64, body: &str) -> BTreeMap<String, String> {
    [
        ("sid", "mocksid"),
        ("key", "mockkey"),
        ("salt", "mocksalt"),
        ("method", "wms.StockPd.stockSyncByPd"),
        ("v", "1.0"),
        ("timestamp", &timestamp.to_string()),
        ("body", body),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn wdt_request(params: &BTreeMap<String, String>, sign: &str, body: &str) -> String {
    let query = form_urlencode(
        params
            .iter()
            .filter(|(k, _)| *k != "body")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain([("sign", sign)]),
    );
    format!("POST /openapi?{query} HTTP/1.1\r\nHost: wdt.wangdian.cn\r\nContent-Type: application/json\r\n\r\n{body}")
}

fn wdt_ts() -> i64 {
    NOW / 1000 - 1_325_347_200
}

#[test]
fn wdt_mistakes_are_named() {
    let body = r#"[{"warehouse_no": "1002", "remark": "盘点"}, []]"#;
    let params = wdt_params(wdt_ts(), body);
    let (s, _) = wdt_s(&params);
    let right = wdt_digest("mocksecret", &s);
    let v = check(wdt_creds(), wdt_request(&params, &right, body));
    assert_eq!(v.vendor, Vendor::Wdt);
    assert!(v.valid && v.diagnosis.is_empty(), "{v:?}");

    let whole = wdt_digest(WDT_SECRET, &s);
    assert_eq!(
        codes(&check(wdt_creds(), wdt_request(&params, &whole, body))),
        ["appsecret_not_split"]
    );
    assert_eq!(
        codes(&check(
            wdt_creds(),
            wdt_request(&params, &right.to_uppercase(), body)
        )),
        ["hex_case"]
    );

    // Signed compact bodies; a library then re-serialised them before sending.
    for (signed_body, sent) in [
        (r#"[{"warehouse_no":"1002","remark":"盘点"},[]]"#, body),
        (r#"[{"remark":"盘点","warehouse_no":"1002"},[]]"#, body),
        (
            r#"[{"warehouse_no":"1002","remark":"\u76d8\u70b9"},[]]"#,
            body,
        ),
    ] {
        let (signed_s, _) = wdt_s(&wdt_params(wdt_ts(), signed_body));
        let sign = wdt_digest("mocksecret", &signed_s);
        let v = check(wdt_creds(), wdt_request(&params, &sign, sent));
        assert_eq!(codes(&v), ["body_modified"], "{signed_body}");
        assert_eq!(v.string_to_sign_found.as_deref(), Some(signed_s.as_str()));
    }

    let mut late = params.clone();
    late.insert("page_size".into(), "50".into());
    assert_eq!(
        codes(&check(wdt_creds(), wdt_request(&late, &right, body))),
        ["unsigned_param"]
    );
}

/// A body that is not the JSON array of arguments (here a byte order mark in front), signed
/// as sent: the signature is right, and the call is refused with status 99, as the mock
/// refuses it (verify had called it valid and said nothing).
#[test]
fn wdt_a_body_that_is_no_json_array_is_refused_after_its_signature() {
    for body in ["\u{feff}[1]", "{\"a\":1}"] {
        let params = wdt_params(wdt_ts(), body);
        let (s, _) = wdt_s(&params);
        let v = check(
            wdt_creds(),
            wdt_request(&params, &wdt_digest("mocksecret", &s), body),
        );
        assert_eq!(
            v.sign_found.as_deref(),
            Some(v.sign_expected.as_str()),
            "{body}"
        );
        assert_eq!(v.refused_with.as_deref(), Some("99"), "{body}: {v:?}");
    }
}

#[test]
fn wdt_parameters_signed_in_sent_order_are_named() {
    let body = r#"[{"warehouse_no":"1002"}]"#;
    let ts = wdt_ts().to_string();
    // The PHP client's query order, not sorted by name.
    let query = [
        ("sid", "mocksid"),
        ("key", "mockkey"),
        ("salt", "mocksalt"),
        ("method", "wms.StockPd.stockSyncByPd"),
        ("v", "1.0"),
        ("timestamp", ts.as_str()),
    ];
    let request = |sign: &str| {
        let q = form_urlencode(query.iter().copied().chain([("sign", sign)]));
        format!("POST /openapi?{q} HTTP/1.1\r\nHost: wdt.wangdian.cn\r\nContent-Type: application/json\r\n\r\n{body}")
    };
    let body_last: Vec<(&str, &str)> = query.iter().copied().chain([("body", body)]).collect();
    let body_first: Vec<(&str, &str)> = [("body", body)].into_iter().chain(query).collect();
    for pairs in [body_last, body_first] {
        let unsorted = concatenated(&pairs);
        let v = check(wdt_creds(), request(&wdt_digest("mocksecret", &unsorted)));
        assert!(!v.valid, "{v:?}");
        assert_eq!(codes(&v), ["params_not_sorted"], "{unsorted}: {v:?}");
        assert_eq!(v.string_to_sign_found.as_deref(), Some(unsorted.as_str()));
        assert!(v.diagnosis[0].message_zh.contains("排序"));
    }
    // Signed sorted, sent in the PHP order: valid.
    let params = wdt_params(wdt_ts(), body);
    let (s, _) = wdt_s(&params);
    let v = check(wdt_creds(), request(&wdt_digest("mocksecret", &s)));
    assert!(v.valid && v.diagnosis.is_empty(), "{v:?}");
}

#[test]
fn wdt_timestamp_without_the_2012_epoch_is_reported() {
    let body = "[]";
    for (ts, word) in [
        // 1325347200 is 2012-01-01 00:00 in Beijing, 2011-12-31 16:00 UTC.
        (
            NOW / 1000,
            "plain Unix seconds; subtract 1325347200 (2012-01-01 00:00 Beijing time)",
        ),
        (NOW, "milliseconds"),
        (wdt_ts() - 600, "10 min behind"),
    ] {
        let params = wdt_params(ts, body);
        let (s, _) = wdt_s(&params);
        let v = check(
            wdt_creds(),
            wdt_request(&params, &wdt_digest("mocksecret", &s), body),
        );
        assert!(v.valid);
        assert_eq!(codes(&v), ["timestamp_skew"]);
        assert!(
            v.diagnosis[0].message.contains(word),
            "{}",
            v.diagnosis[0].message
        );
    }
}

// ---- Kingdee ----

const CLIENT_SECRET: &str = "0123456789abcdef0123456789abcdef";

fn kd_creds() -> Value {
    json!({"client_id": "205022", "client_secret": CLIENT_SECRET, "app_secret": "mockappsecret"})
}

fn kd_request(sign: &str, skip_header: Option<&str>) -> String {
    let headers = [
        ("X-Api-ClientID", "205022"),
        ("X-Api-Auth-Version", "2.0"),
        ("X-Api-TimeStamp", &NOW.to_string()),
        ("X-Api-Nonce", "42"),
        ("X-Api-SignHeaders", "X-Api-TimeStamp,X-Api-Nonce"),
        ("X-Api-Signature", sign),
        ("app-token", "t"),
        ("X-GW-Router-Addr", "https://tf.jdy.com"),
    ];
    let mut cmd =
        "curl 'https://api.kingdee.com/jdy/v2/inv/inv_synchronous?ids=a%2Cb&x=p+q'".to_string();
    for (k, v) in headers.iter().filter(|(k, _)| Some(*k) != skip_header) {
        cmd += &format!(" -H '{k}: {v}'");
    }
    cmd
}

fn kd_layout_sign(layout: Layout, secret: &str) -> (String, String) {
    kd_sign_at(layout, secret, &NOW.to_string())
}

/// The signature and string-to-sign of `kd_request`'s call with `X-Api-TimeStamp: ts`.
fn kd_sign_at(layout: Layout, secret: &str, ts: &str) -> (String, String) {
    let query = vec![
        ("ids".to_string(), "a,b".to_string()),
        ("x".to_string(), "p q".to_string()),
    ];
    let c = Canonical {
        method: "GET",
        path: "/jdy/v2/inv/inv_synchronous",
        query: &query,
        nonce: "42",
        timestamp: ts,
    };
    let (s, _) = c.string_to_sign_with(&layout);
    (signature(secret, &s).to_string(), s)
}

#[test]
fn kingdee_app_token_placeholder_is_named_before_the_refusal() {
    // Copied with secrets hidden: Kingdee signs no app-token, so the signature checks
    // out and the gateway refuses the token; the placeholder is the cause to say.
    let (sign, _) = kd_layout_sign(Layout::VENDOR, CLIENT_SECRET);
    let request = kd_request(&sign, None).replace("app-token: t'", "app-token: <app-token>'");
    // With no app_token to compare, the refusal cannot be told; the placeholder is said.
    let v = check(kd_creds(), request.clone());
    assert!(v.valid, "{v:?}");
    assert_eq!(codes(&v)[0], "secret_placeholder", "{v:?}");
    assert!(v.diagnosis[0].message.contains("`app-token`"), "{v:?}");
    // The credential that fills it is `app_token`.
    assert!(
        v.diagnosis[0]
            .message
            .contains("enter the real `app_token`"),
        "{v:?}"
    );
    // Given, it is the token checked: the gateway's refusal goes with the placeholder.
    let mut creds = kd_creds();
    creds["app_token"] = json!("the-real-token");
    let v = check(creds, request);
    assert!(v.valid, "{v:?}");
    assert_eq!(v.refused_with, None, "{v:?}");
    assert!(v.diagnosis.is_empty(), "{v:?}");
    assert_eq!(v.filled, ["app-token"]);
}

#[test]
fn kingdee_app_token_call_with_a_wrong_app_signature_is_refused_as_the_mock_does() {
    // Signed well, but its app_signature is another secret's: the mock answers 1030002006
    // (HTTP 200), and verify had said nothing, even given the app_key and app_secret.
    let token_call = |app_secret: &str| {
        let signature = countersign_core::kingdee::app_signature("mockappkey", app_secret);
        let signed = SignRequest::from_value(json!({"vendor": "kingdee",
            "credentials": {"client_id": "205022", "client_secret": CLIENT_SECRET},
            "http_method": "GET", "path": "/jdyconnector/app_management/kingdee_auth_token",
            "query": {"app_key": "mockappkey", "app_signature": signature},
            "nonce": 42, "now_ms": NOW}))
        .unwrap()
        .sign()
        .unwrap();
        curl(&signed.wire)
    };
    let mut creds = kd_creds();
    creds["app_key"] = json!("mockappkey");
    let v = check(creds.clone(), token_call("wrong"));
    assert!(v.valid, "{v:?}");
    assert_eq!(v.refused_with.as_deref(), Some("1030002006"), "{v:?}");
    let v = check(creds, token_call("mockappsecret"));
    assert!(v.valid && v.refused_with.is_none(), "{v:?}");
    // Without the app_key, the pair cannot be judged.
    let v = check(kd_creds(), token_call("wrong"));
    assert!(v.valid && v.refused_with.is_none(), "{v:?}");
}

#[test]
fn kingdee_timestamp_in_seconds_is_named_in_both_languages() {
    let secs = (NOW / 1000).to_string();
    let (sign, _) = kd_sign_at(Layout::VENDOR, CLIENT_SECRET, &secs);
    let request = kd_request(&sign, None).replace(
        &format!("X-Api-TimeStamp: {NOW}"),
        &format!("X-Api-TimeStamp: {secs}"),
    );
    let v = check(kd_creds(), request);
    assert!(v.valid, "{v:?}");
    assert_eq!(codes(&v), ["timestamp_skew"]);
    let d = &v.diagnosis[0];
    assert!(d.message.contains("it is in seconds"), "{}", d.message);
    assert!(d.message_zh.contains("秒级时间戳"), "{}", d.message_zh);
}

#[test]
fn kingdee_mistakes_are_named() {
    let (right, s) = kd_layout_sign(Layout::VENDOR, CLIENT_SECRET);
    let v = check(kd_creds(), kd_request(&right, None));
    assert_eq!(v.vendor, Vendor::Kingdee);
    assert!(v.valid && v.diagnosis.is_empty(), "{v:?}");
    assert!(!v.body_unsigned, "no body, nothing unsigned");
    // Kingdee signs no body: a changed one leaves the signature valid, and the verdict
    // says the body is not covered.
    let with_body = format!(
        "{} -X GET --data-raw '{{\"name\":\"changed\"}}'",
        kd_request(&right, None)
    );
    let v = check(kd_creds(), with_body);
    assert!(v.valid && v.body_unsigned, "{v:?}");
    assert_eq!(v.string_to_sign_expected, s);

    let cases = [
        (
            Layout {
                query_value: countersign_core::encoding::WireText::form,
                ..Layout::VENDOR
            },
            "query_encoding",
        ),
        (
            // Once, as Python's quote or encodeURIComponent would: the space is `%20`.
            Layout {
                query_value: countersign_core::encoding::WireText::percent,
                ..Layout::VENDOR
            },
            "query_encoding",
        ),
        (
            Layout {
                query_value: countersign_core::encoding::WireText::uri_component,
                ..Layout::VENDOR
            },
            "query_encoding",
        ),
        (
            Layout {
                encode_path: false,
                ..Layout::VENDOR
            },
            "path_not_encoded",
        ),
        (
            Layout {
                trailing_newline: false,
                ..Layout::VENDOR
            },
            "last_newline_missing",
        ),
        (
            Layout {
                swap_nonce_and_timestamp: true,
                ..Layout::VENDOR
            },
            "header_order",
        ),
    ];
    for (layout, code) in cases {
        let (sign, _) = kd_layout_sign(layout, CLIENT_SECRET);
        assert_eq!(codes(&check(kd_creds(), kd_request(&sign, None))), [code]);
    }
    let raw = base64(&hmac_sha256(CLIENT_SECRET.as_bytes(), s.as_bytes()));
    assert_eq!(
        codes(&check(kd_creds(), kd_request(&raw, None))),
        ["base64_of_raw_bytes"]
    );
    let (with_app_secret, _) = kd_layout_sign(Layout::VENDOR, "mockappsecret");
    assert_eq!(
        codes(&check(kd_creds(), kd_request(&with_app_secret, None))),
        ["app_secret_used"]
    );

    let v = check(kd_creds(), kd_request(&right, Some("X-Api-Nonce")));
    assert!(!v.valid);
    assert!(codes(&v).contains(&"missing_param"));
    assert!(v
        .diagnosis
        .iter()
        .any(|d| d.message.contains("`X-Api-Nonce`")));
}

#[test]
fn kingdee_query_signed_in_url_order_is_named() {
    // The URL holds `x` before `ids`; the string-to-sign wants them sorted.
    let query = vec![
        ("x".to_string(), "p q".to_string()),
        ("ids".to_string(), "a,b".to_string()),
    ];
    let now = NOW.to_string();
    let c = Canonical {
        method: "GET",
        path: "/jdy/v2/inv/inv_synchronous",
        query: &query,
        nonce: "42",
        timestamp: &now,
    };
    let request = |sign: &str| kd_request(sign, None).replace("ids=a%2Cb&x=p+q", "x=p+q&ids=a%2Cb");
    let (unsorted, _) = c.string_to_sign_with(&Layout {
        sort_query: false,
        ..Layout::VENDOR
    });
    assert!(unsorted.contains("\nx=p%2Bq&ids=a%252Cb\n"), "{unsorted}");
    let v = check(kd_creds(), request(&signature(CLIENT_SECRET, &unsorted)));
    assert!(!v.valid, "{v:?}");
    assert_eq!(codes(&v), ["params_not_sorted"], "{v:?}");
    assert_eq!(v.string_to_sign_found.as_deref(), Some(unsorted.as_str()));

    // Signed sorted, sent in any order: valid, and no order mistake is suspected.
    let (right, _) = kd_layout_sign(Layout::VENDOR, CLIENT_SECRET);
    let v = check(kd_creds(), request(&right));
    assert!(v.valid && v.diagnosis.is_empty(), "{v:?}");
}

#[test]
fn tampered_and_undetectable_requests_say_so() {
    let v = check(kd_creds(), kd_request("bm9wZQ==", None));
    assert!(!v.valid);
    assert_eq!(codes(&v), ["unexplained"]);
    let err = verify(&VerifyInput {
        credentials: json!({}),
        request: "curl https://example.com/x".into(),
        ..Default::default()
    });
    assert_eq!(err.unwrap_err(), VerifyError::UnknownVendor);
}

/// What stops the check before any verdict is typed, and names the field at fault.
#[test]
fn unreadable_input_is_a_typed_error_naming_the_field() {
    let run = |credentials: Value, request: String| {
        verify(&VerifyInput {
            credentials,
            request,
            vendor: None,
            now_ms: Some(NOW),
        })
        .unwrap_err()
    };
    let body = "[]";
    let request = wdt_request(&wdt_params(wdt_ts(), body), "x", body);
    let cases = [
        (
            run(json!({}), "curl -H".into()),
            VerifyError::Capture(CaptureError::CurlOptionWithoutValue {
                option: "-H".into(),
            }),
        ),
        (
            run(json!({"sid": "mocksid"}), request.clone()),
            VerifyError::Credential(SignError::MissingCredential {
                field: "app_secret",
            }),
        ),
        (
            run(json!({"app_secret": "no-colon"}), request),
            VerifyError::Credential(SignError::AppSecretWithoutColon),
        ),
        (
            run(json!({"client_secret": " "}), kd_request("x", None)),
            VerifyError::Credential(SignError::MissingCredential {
                field: "client_secret",
            }),
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    assert_eq!(
        VerifyError::Credential(SignError::MissingCredential {
            field: "app_secret"
        })
        .field(),
        "credentials.app_secret"
    );
}

#[test]
fn a_gateway_rule_no_mistake_explains_is_named_with_the_gateways_code() {
    // Correctly signed, but a version the gateway does not speak: TOP answers 34.
    let mut params = tb_params(&tb_now());
    params.insert("v".into(), "3.0".into());
    let (s, _) = tb_s(&params);
    let v = check(
        tb_creds(),
        tb_request(&params, &tb_digest(SignMethod::Md5, "helloworld", &s)),
    );
    assert!(v.valid, "{v:?}");
    assert_eq!(codes(&v), ["version"]);
    assert_eq!(v.refused_with.as_deref(), Some("34"));
    assert!(v.diagnosis[0].message.contains("`v`"), "{v:?}");

    // Another account's app_key: TOP's code and sub code.
    let mut other = tb_params(&tb_now());
    other.insert("app_key".into(), "87654321".into());
    let (s, _) = tb_s(&other);
    let v = check(
        tb_creds(),
        tb_request(&other, &tb_digest(SignMethod::Md5, "helloworld", &s)),
    );
    assert_eq!(codes(&v), ["app_key_mismatch"]);
    assert_eq!(v.refused_with.as_deref(), Some("29/isv.appkey-not-exists"));

    // An unknown sign_method is the gateway's 41, not an error of verify.
    let mut unknown = tb_params(&tb_now());
    unknown.insert("sign_method".into(), "sha1".into());
    let v = check(tb_creds(), tb_request(&unknown, "00"));
    assert!(!v.valid);
    assert_eq!(v.refused_with.as_deref(), Some("41"));
    assert!(codes(&v).contains(&"sign_method"), "{v:?}");
}

#[test]
fn kingdee_a_method_the_gateway_has_no_api_for_is_4004_as_the_mock_answers() {
    let query = vec![
        ("ids".to_string(), "a,b".to_string()),
        ("x".to_string(), "p q".to_string()),
    ];
    let ts = NOW.to_string();
    let c = Canonical {
        method: "PATCH",
        path: "/jdy/v2/inv/inv_synchronous",
        query: &query,
        nonce: "42",
        timestamp: &ts,
    };
    let (s, _) = c.string_to_sign_with(&Layout::VENDOR);
    let request =
        kd_request(&signature(CLIENT_SECRET, &s), None).replacen("curl ", "curl -X PATCH ", 1);
    let v = check(kd_creds(), request);
    // Signed right, and still no API: the gateway's 4004, said with the method.
    assert!(v.valid, "{v:?}");
    assert_eq!(v.refused_with.as_deref(), Some("4004"), "{v:?}");
    assert!(
        v.diagnosis.iter().any(|d| d.message.contains("PATCH")),
        "{v:?}"
    );
}

#[test]
fn a_captured_signature_is_compared_with_the_one_the_credentials_compute() {
    use countersign_core::verify::{captured_sign, CapturedSign};
    let mut params = tb_params(&countersign_core::clock::format_datetime(NOW, 8));
    let (s, _) = tb_s(&params);
    let sign = tb_digest(SignMethod::Md5, "helloworld", &s);
    let request = tb_request(&params, &sign);
    let given = |request: &str, creds: Value| captured_sign(request, Vendor::Taobao, &creds);
    assert_eq!(
        given(&request, tb_creds()),
        CapturedSign::Matches {
            found: sign.to_string()
        }
    );
    // A session added after signing: it differs, and says both signatures.
    params.insert("session".into(), "late-session".into());
    let late = tb_request(&params, &sign);
    match given(&late, tb_creds()) {
        CapturedSign::Differs { found, expected } => {
            assert_eq!(found, sign);
            assert_ne!(expected, sign);
        }
        other => panic!("{other:?}"),
    }
    // No secret: it cannot tell, and names the credential.
    assert_eq!(
        given(&late, json!({"app_key": "12345678"})),
        CapturedSign::NeedsSecret {
            field: "app_secret"
        }
    );
    // No signature at all: nothing to tell.
    params.remove("session");
    let unsigned = tb_request(&params, &sign).replace(&format!("&sign={sign}"), "");
    assert!(!unsigned.contains(sign.as_str()), "{unsigned}");
    assert_eq!(given(&unsigned, tb_creds()), CapturedSign::Unsigned);
    assert_eq!(given(&unsigned, json!({})), CapturedSign::Unsigned);
}
