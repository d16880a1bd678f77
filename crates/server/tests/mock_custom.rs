//! The mocks serve any method or path that is correctly signed (a class can practise any
//! API), answering in the vendor's success envelope with what they received; a bad
//! signature, timestamp or missing common parameter is refused with the vendor's own code,
//! exactly as for the catalog's APIs. The requests are the app's custom requests.

mod mock_support;

use countersign_core::WireRequest;
use mock_support::{send, Answer, Mock, NOW};
use serde_json::{json, Value};

fn taobao_creds() -> Value {
    json!({ "app_key": "12345678", "app_secret": "helloworld", "session": "mock-session" })
}

fn wdt_creds() -> Value {
    json!({ "sid": "mocksid", "app_key": "mockkey", "app_secret": "mocksecret:mocksalt" })
}

fn kingdee_creds() -> Value {
    json!({
        "client_id": "205022",
        "client_secret": "0123456789abcdef0123456789abcdef",
        "app_token": "mock-demo-app-token",
        "domain": "https://tf.jdy.com",
    })
}

fn sign(mock: &Mock, api: &str, doc: &Value, creds: Value, now: i64, opts: Value) -> WireRequest {
    mock.sign(api, doc, creds, now, opts).wire
}

/// Sets (or with "" removes) a query parameter in the URL, leaving the signature as it was.
fn tamper(w: &WireRequest, name: &str, value: &str) -> WireRequest {
    let mut w = w.clone();
    let (base, query) = w.url.split_once('?').unwrap();
    let mut query: Vec<String> = query
        .split('&')
        .filter(|pair| pair.split_once('=').is_none_or(|(k, _)| k != name))
        .map(str::to_string)
        .collect();
    if !value.is_empty() {
        query.push(format!("{name}={value}"));
    }
    w.url = format!("{base}?{}", query.join("&"));
    w
}

fn taobao_error(a: &Answer) -> i64 {
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    v["error_response"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not a TOP error: {v}"))
}

#[tokio::test]
async fn taobao_any_signed_method_answers_its_own_root_with_what_arrived() {
    let mock = Mock::start().await;
    let doc = json!({
        "method": "taobao.trades.sold.get",
        "params": {"fields": "tid,status", "filter": "{ \"status\": [1, 2] }"},
    });
    for sign_method in ["md5", "hmac", "hmac-sha256"] {
        let opts = json!({ "sign_method": sign_method });
        let w = sign(&mock, "taobao.custom", &doc, taobao_creds(), NOW, opts);
        let a = send(&w).await;
        assert_eq!(a.status, 200);
        let v = a.json();
        let root = &v["trades_sold_get_response"];
        assert_eq!(root["received"]["method"], "taobao.trades.sold.get", "{v}");
        assert_eq!(root["received"]["params"]["fields"], "tid,status");
        // A JSON value is sent (and received) as its compact text.
        assert_eq!(root["received"]["params"]["filter"], r#"{"status":[1,2]}"#);
        assert!(root["request_id"].is_string(), "{v}");
    }
}

#[tokio::test]
async fn taobao_refusals_keep_tops_codes() {
    let mock = Mock::start().await;
    let doc = json!({ "method": "taobao.itemcats.get", "params": {"cids": "16"} });
    let good = sign(&mock, "taobao.custom", &doc, taobao_creds(), NOW, json!({}));
    let mut changed = good.clone();
    changed.body = changed.body.replace("cids=16", "cids=17");
    let cases = [
        (changed, 25, "a parameter changed after signing"),
        (tamper(&good, "app_key", ""), 28, "no app_key"),
        (tamper(&good, "timestamp", ""), 30, "no timestamp"),
        (tamper(&good, "v", ""), 32, "no version"),
        (tamper(&good, "sign", ""), 24, "no signature"),
        (
            tamper(&good, "method", "taobao%20itemcats"),
            22,
            "not a method name",
        ),
    ];
    for (w, code, why) in cases {
        assert_eq!(taobao_error(&send(&w).await), code, "{why}: {}", w.url);
    }
    let stale = sign(
        &mock,
        "taobao.custom",
        &doc,
        taobao_creds(),
        NOW - 11 * 60_000,
        json!({}),
    );
    assert_eq!(taobao_error(&send(&stale).await), 31, "eleven minutes late");
    let mut wrong_session = taobao_creds();
    wrong_session["session"] = json!("someone-else");
    let w = sign(&mock, "taobao.custom", &doc, wrong_session, NOW, json!({}));
    assert_eq!(taobao_error(&send(&w).await), 27);
}

/// (status, data or message)
async fn wdt_call(w: &WireRequest) -> (i64, Value) {
    let a = send(w).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    let status = v["status"].as_i64().unwrap_or_else(|| panic!("{v}"));
    (
        status,
        if status == 0 {
            v["data"].clone()
        } else {
            v["message"].clone()
        },
    )
}

#[tokio::test]
async fn wdt_any_signed_method_answers_with_what_arrived() {
    let mock = Mock::start().await;
    let doc = json!({
        "method": "sales.TradeQuery.queryWithDetail",
        "body": [{"start_time": "2025-01-01 00:00:00"}, "盘点 a/b"],
        "page": {"page_size": 50, "page_no": 0, "calc_total": 1},
    });
    for style in ["compact", "php"] {
        let opts = json!({ "json_style": style });
        let w = sign(&mock, "wdt.custom", &doc, wdt_creds(), NOW, opts);
        let (status, data) = wdt_call(&w).await;
        assert_eq!(status, 0, "{style}: {data}");
        let got = &data["received"];
        assert_eq!(got["method"], "sales.TradeQuery.queryWithDetail");
        assert_eq!(got["body"], doc["body"], "{style}");
        assert_eq!(
            got["page"],
            json!({"page_size": "50", "page_no": "0", "calc_total": "1"})
        );
    }
}

#[tokio::test]
async fn wdt_refusals_keep_the_servers_statuses() {
    let mock = Mock::start().await;
    let doc = json!({ "method": "goods.Goods.queryWithSpec", "body": [] });
    let good = sign(&mock, "wdt.custom", &doc, wdt_creds(), NOW, json!({}));
    let cases = [
        (
            tamper(&good, "page_size", "20"),
            1,
            "a page added after signing",
        ),
        (tamper(&good, "sid", ""), 1, "no sid"),
        (tamper(&good, "timestamp", ""), 1, "no timestamp"),
        (
            tamper(&good, "method", "goods%20Goods"),
            99,
            "not a method name",
        ),
    ];
    for (w, status, why) in cases {
        assert_eq!(wdt_call(&w).await.0, status, "{why}: {}", w.url);
    }
    let mut body_changed = good.clone();
    body_changed.body = "[ ]".into();
    let (status, message) = wdt_call(&body_changed).await;
    assert_eq!(status, 1, "{message}");
    let stale = sign(
        &mock,
        "wdt.custom",
        &doc,
        wdt_creds(),
        NOW - 200_000,
        json!({}),
    );
    assert_eq!(wdt_call(&stale).await.0, 7);
}

fn kingdee_wire(mock: &Mock, doc: &Value, creds: Value, now: i64) -> WireRequest {
    sign(
        mock,
        "kingdee.custom",
        doc,
        creds,
        now,
        json!({ "nonce": 4_427_456_950u64 }),
    )
}

fn kingdee_errcode(a: &Answer) -> (u16, i64) {
    let v = a.json();
    (
        a.status,
        v["errcode"].as_i64().unwrap_or_else(|| panic!("{v}")),
    )
}

#[tokio::test]
async fn kingdee_any_signed_path_under_jdy_v2_answers_with_what_arrived() {
    let mock = Mock::start().await;
    let get = json!({
        "http_method": "GET",
        "path": "/jdy/v2/bd/bom",
        "query": {"page": "1", "search": "螺丝 M3"},
    });
    let a = send(&kingdee_wire(&mock, &get, kingdee_creds(), NOW)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    assert_eq!(
        (v["errcode"].clone(), v["description"].clone()),
        (json!(0), json!("success"))
    );
    let got = &v["data"]["received"];
    assert_eq!(got["method"], "GET");
    assert_eq!(got["path"], "/jdy/v2/bd/bom");
    assert_eq!(got["query"], json!({"page": "1", "search": "螺丝 M3"}));
    assert_eq!(got["body"], Value::Null);

    // A catalog path with another method is another API: served the same way.
    let post = json!({
        "http_method": "DELETE",
        "path": "/jdy/v2/bd/material",
        "body": {"ids": ["1", "2"]},
    });
    let a = send(&kingdee_wire(&mock, &post, kingdee_creds(), NOW)).await;
    let v = a.json();
    assert_eq!(v["errcode"], 0, "{v}");
    assert_eq!(v["data"]["received"]["body"], post["body"]);
    assert_eq!(v["data"]["received"]["method"], "DELETE");
}

#[tokio::test]
async fn kingdee_refusals_keep_the_gateways_codes() {
    let mock = Mock::start().await;
    let doc = json!({"http_method": "GET", "path": "/jdy/v2/bd/unit", "query": {"page": "1"}});
    let good = kingdee_wire(&mock, &doc, kingdee_creds(), NOW);

    let tampered = tamper(&good, "page", "2");
    assert_eq!(kingdee_errcode(&send(&tampered).await), (519, 4008));
    let mut no_nonce = good.clone();
    no_nonce.headers.retain(|(k, _)| k != "X-Api-Nonce");
    assert_eq!(kingdee_errcode(&send(&no_nonce).await), (519, 4001));
    let stale = kingdee_wire(&mock, &doc, kingdee_creds(), NOW - 6 * 60_000);
    assert_eq!(kingdee_errcode(&send(&stale).await), (519, 4006));
    let mut no_token = kingdee_creds();
    no_token.as_object_mut().unwrap().remove("app_token");
    let w = kingdee_wire(&mock, &doc, no_token, NOW);
    assert_eq!(kingdee_errcode(&send(&w).await), (519, 4010));
    let mut other_domain = kingdee_creds();
    other_domain["domain"] = json!("https://elsewhere.jdy.com");
    let w = kingdee_wire(&mock, &doc, other_domain, NOW);
    assert_eq!(kingdee_errcode(&send(&w).await), (519, 5003));
    let outside = json!({"http_method": "GET", "path": "/jdy/v3/bd/unit"});
    let w = kingdee_wire(&mock, &outside, kingdee_creds(), NOW);
    assert_eq!(kingdee_errcode(&send(&w).await), (519, 4004));
}
