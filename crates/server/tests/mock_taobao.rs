//! The mock Taobao TOP gateway: what the SDKs send passes, what TOP refuses fails with
//! TOP's own code.

mod mock_support;

use countersign_core::clock;
use countersign_core::WireRequest;
use mock_support::{example, send, Answer, Mock, NOW};
use serde_json::{json, Value};

const API: &str = "taobao.logistics.wms.inventory.imbalance.create";
const ROOT: &str = "logistics_wms_inventory_imbalance_create_response";

fn creds() -> Value {
    json!({ "app_key": "12345678", "app_secret": "helloworld" })
}

fn wire(
    mock: &Mock,
    document: &Value,
    credentials: Value,
    now: i64,
    options: Value,
) -> WireRequest {
    mock.sign(API, document, credentials, now, options).wire
}

fn error(answer: &Answer) -> Value {
    assert_eq!(answer.status, 200, "TOP answers errors with HTTP 200");
    let v = answer.json();
    assert!(v["error_response"]["request_id"].is_string(), "{v}");
    v["error_response"].clone()
}

fn assert_success(answer: &Answer) {
    assert_eq!(answer.status, 200);
    let v = answer.json();
    assert_eq!(v[ROOT]["spi_result"]["success"], true, "{v}");
    assert!(v[ROOT]["request_id"].is_string(), "{v}");
    assert!(answer
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
}

#[tokio::test]
async fn doc_example_signed_by_the_core_is_accepted_with_every_sign_method() {
    let mock = Mock::start().await;
    for method in ["md5", "hmac", "hmac-sha256"] {
        let w = wire(
            &mock,
            &example(API),
            creds(),
            NOW,
            json!({ "sign_method": method }),
        );
        assert_success(&send(&w).await);
    }
}

#[tokio::test]
async fn public_vector_t1_is_accepted_at_its_own_time() {
    let mock = Mock::start().await;
    let at = clock::parse_datetime("2016-09-09 12:00:00", 8).unwrap();
    mock.set_now(at + 60_000);
    let req_dto = r#"{"owner_code":"AX5886","warehouse_code":"STA","occupy_order_id":"IM1234","adjust_type":"ADJUST","out_biz_code":"1234567890","items":[{"order_line_id":"I1234","item_code":"I1234","inventory_type":"ZP","lock_quantity":12}],"operate_time":"2016-09-09 12:00:00"}"#;
    let signed = mock.sign(
        API,
        &json!({ "req_dto": serde_json::from_str::<Value>(req_dto).unwrap() }),
        creds(),
        at,
        json!({}),
    );
    assert_eq!(signed.sign, "A6076B31F453B49C1725BF98EE6F2669");
    assert_success(&send(&signed.wire).await);
}

#[tokio::test]
async fn unix_millisecond_timestamp_as_the_python_sdk_sends_is_accepted() {
    let mock = Mock::start().await;
    let w = wire(
        &mock,
        &example(API),
        creds(),
        NOW,
        json!({ "timestamp": (NOW - 30_000).to_string() }),
    );
    assert!(w.url.contains(&format!("timestamp={}", NOW - 30_000)));
    assert_success(&send(&w).await);
}

#[tokio::test]
async fn session_is_checked_only_when_sent() {
    let mock = Mock::start().await;
    let mut c = creds();
    c["session"] = json!("mock-session");
    assert_success(&send(&wire(&mock, &example(API), c.clone(), NOW, json!({}))).await);
    c["session"] = json!("someone-elses-session");
    let e = error(&send(&wire(&mock, &example(API), c, NOW, json!({}))).await);
    assert_eq!(e["code"], 27);
    assert_eq!(e["msg"], "Invalid session");
    assert_eq!(e["sub_code"], "invalid-sessionkey");
}

#[tokio::test]
async fn tampered_requests_give_25_invalid_signature() {
    let mock = Mock::start().await;
    // One byte of the body changed after signing.
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.body = w.body.replacen("AX5886", "AX5887", 1);
    let e = error(&send(&w).await);
    assert_eq!(
        (e["code"].as_i64(), e["msg"].as_str()),
        (Some(25), Some("Invalid signature"))
    );

    // The wrong secret.
    let w = wire(
        &mock,
        &example(API),
        json!({ "app_key": "12345678", "app_secret": "wrong" }),
        NOW,
        json!({}),
    );
    assert_eq!(error(&send(&w).await)["code"], 25);

    // session added after signing, the integrators' classic.
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.url.push_str("&session=mock-session");
    assert_eq!(error(&send(&w).await)["code"], 25);

    // Lower-case hex: TOP compares the upper-hex the SDKs send.
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    let signed = mock.sign(API, &example(API), creds(), NOW, json!({}));
    w.url = w
        .url
        .replace(signed.sign.as_str(), &signed.sign.to_ascii_lowercase());
    assert_eq!(error(&send(&w).await)["code"], 25);
}

#[tokio::test]
async fn a_timestamp_twenty_minutes_old_gives_31() {
    let mock = Mock::start().await;
    let w = wire(&mock, &example(API), creds(), NOW - 20 * 60_000, json!({}));
    let e = error(&send(&w).await);
    assert_eq!(
        (e["code"].as_i64(), e["msg"].as_str()),
        (Some(31), Some("Invalid timestamp"))
    );
    // Nine minutes is inside the window.
    assert_success(
        &send(&wire(
            &mock,
            &example(API),
            creds(),
            NOW - 9 * 60_000,
            json!({}),
        ))
        .await,
    );
}

#[tokio::test]
async fn platform_codes_for_missing_and_unknown_parameters() {
    let mock = Mock::start().await;
    let base = wire(&mock, &example(API), creds(), NOW, json!({}));
    let cases = [
        // Not a method name at all (a known-looking one must be signed: mock_custom.rs).
        (
            "method=taobao.logistics.wms.inventory.imbalance.create",
            "method=taobao..create",
            22,
        ),
        ("app_key=12345678", "app_key=87654321", 29),
        ("app_key=12345678", "x=1", 28),
        ("v=2.0", "v=3.0", 34),
        ("sign_method=md5", "sign_method=sha1", 41),
        ("format=json", "format=yaml", 23),
    ];
    for (from, to, code) in cases {
        let mut w = base.clone();
        assert!(w.url.contains(from), "{} lacks {from}", w.url);
        w.url = w.url.replace(from, to);
        assert_eq!(error(&send(&w).await)["code"], code, "{from} → {to}");
    }
    let mut w = base.clone();
    w.url = w.url.split("&sign=").next().unwrap().to_string();
    assert_eq!(error(&send(&w).await)["code"], 24);
}

#[tokio::test]
async fn req_dto_missing_gives_40_and_invalid_gives_41_with_the_path() {
    let mock = Mock::start().await;
    let e = error(&send(&wire(&mock, &json!({}), creds(), NOW, json!({}))).await);
    assert_eq!(e["code"], 40);
    assert_eq!(e["msg"], "Missing required arguments:req_dto");

    let mut doc = example(API);
    doc["req_dto"]["items"][0]["lock_quantity"] = json!("twelve");
    let e = error(&send(&wire(&mock, &doc, creds(), NOW, json!({}))).await);
    assert_eq!(e["code"], 41);
    assert_eq!(e["msg"], "Invalid arguments:req_dto");
    assert_eq!(
        e["sub_code"],
        "isv.invalid-parameter:items[0].lock_quantity"
    );
    assert!(e["sub_msg"].as_str().unwrap().contains("lock_quantity"));

    let mut doc = example(API);
    doc["req_dto"].as_object_mut().unwrap().remove("owner_code");
    let e = error(&send(&wire(&mock, &doc, creds(), NOW, json!({}))).await);
    assert_eq!(e["sub_code"], "isv.missing-parameter:owner_code");
}

#[tokio::test]
async fn form_body_with_a_charset_and_params_all_in_the_query_both_work() {
    let mock = Mock::start().await;
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.headers = vec![(
        "Content-Type".into(),
        "application/x-www-form-urlencoded; charset=UTF-8".into(),
    )];
    assert_success(&send(&w).await);
    // GET with everything in the query, as some hand-written clients do.
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.method = "GET".into();
    w.url = format!("{}&{}", w.url, w.body);
    w.body.clear();
    w.headers.clear();
    assert_success(&send(&w).await);
}

#[tokio::test]
async fn xml_is_the_default_format_and_simplify_drops_the_root() {
    let mock = Mock::start().await;
    let w = wire(
        &mock,
        &example(API),
        creds(),
        NOW,
        json!({ "format": "xml" }),
    );
    let a = send(&w).await;
    assert!(a.header("content-type").unwrap().starts_with("text/xml"));
    assert!(
        a.body.contains(&format!(
            "<{ROOT}><spi_result><success>true</success></spi_result>"
        )),
        "{}",
        a.body
    );
    // Without `format` (here dropped after signing) even the error comes as XML.
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.url = w.url.replace("format=json&", "");
    let a = send(&w).await;
    assert!(
        a.body
            .contains("<error_response><code>25</code><msg>Invalid signature</msg>"),
        "{}",
        a.body
    );

    let w = wire(
        &mock,
        &example(API),
        creds(),
        NOW,
        json!({ "simplify": true }),
    );
    let v = send(&w).await.json();
    assert_eq!(v["spi_result"]["success"], true, "{v}");
}
