//! The mock 旺店通 旗舰版 gateway: raw-body signing, the 2012 timestamp epoch, and the
//! server's own statuses and messages.

mod mock_support;

use countersign_core::clock::WDT_EPOCH_SECS;
use countersign_core::digest::{hex_lower, md5};
use countersign_core::WireRequest;
use mock_support::{example, send, Mock, NOW};
use serde_json::{json, Value};

const API: &str = "wms.StockPd.stockSyncByPd";

fn creds() -> Value {
    json!({ "sid": "mocksid", "app_key": "mockkey", "app_secret": "mocksecret:mocksalt" })
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

/// (status, message or data)
async fn call(w: &WireRequest) -> (i64, Value) {
    let a = send(w).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    let status = v["status"]
        .as_i64()
        .unwrap_or_else(|| panic!("no status: {v}"));
    let rest = if status == 0 {
        v["data"].clone()
    } else {
        v["message"].clone()
    };
    (status, rest)
}

#[tokio::test]
async fn doc_example_signed_by_the_core_is_accepted() {
    let mock = Mock::start().await;
    let (status, data) = call(&wire(&mock, &example(API), creds(), NOW, json!({}))).await;
    assert_eq!(status, 0, "{data}");
    let pd_no = data["pd_no"].as_str().unwrap();
    assert!(pd_no.starts_with("WP20250102"), "{pd_no}");
    // One "<spec id>": "ok" per spec of specList, as the doc's answer shows.
    let specs: Vec<_> = data
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| *k != "pd_no")
        .collect();
    assert_eq!(specs.len(), 1);
    assert!(specs[0].0.parse::<u32>().is_ok());
    assert_eq!(specs[0].1, "ok");
}

#[tokio::test]
async fn php_json_encode_body_with_u_escapes_is_verified_over_the_raw_bytes() {
    let mock = Mock::start().await;
    let mut doc = example(API);
    doc["pdOrder"]["remark"] = json!("盘点 a/b");
    let w = wire(&mock, &doc, creds(), NOW, json!({ "json_style": "php" }));
    assert!(w.body.contains(r"\u76d8\u70b9 a\/b"), "{}", w.body);
    assert_eq!(call(&w).await.0, 0);

    // The same document re-serialised after signing no longer matches.
    let mut w2 = w.clone();
    w2.body = serde_json::from_str::<Value>(&w.body).unwrap().to_string();
    assert_ne!(w2.body, w.body);
    assert_eq!(call(&w2).await.0, 1);
}

#[tokio::test]
async fn tampered_requests_give_status_1() {
    let mock = Mock::start().await;
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.body = w.body.replacen("200.0000", "300.0000", 1);
    let (status, message) = call(&w).await;
    assert_eq!(status, 1);
    assert!(message.as_str().unwrap().contains("验证失败"), "{message}");

    // The whole `secret:salt` used as the secret: the salt sent is right, the sign is not.
    let signed = mock.sign(API, &example(API), creds(), NOW, json!({}));
    let query = signed.wire.url.split_once('?').unwrap().1;
    let params = countersign_core::encoding::parse_query(query);
    let mut sorted: Vec<_> = params
        .iter()
        .filter(|(k, _)| k != "sign")
        .cloned()
        .collect();
    sorted.push(("body".into(), signed.wire.body.clone()));
    sorted.sort();
    let s: String = sorted.iter().map(|(k, v)| format!("{k}{v}")).collect();
    let whole = "mocksecret:mocksalt";
    let wrong = hex_lower(&md5(format!("{whole}{s}{whole}").as_bytes()));
    let mut w = signed.wire.clone();
    w.url = w.url.replace(signed.sign.as_str(), &wrong);
    assert_eq!(call(&w).await.0, 1);

    // Upper-case hex is not what the server compares.
    let mut w = signed.wire.clone();
    w.url = w
        .url
        .replace(signed.sign.as_str(), &signed.sign.to_ascii_uppercase());
    assert_eq!(call(&w).await.0, 1);
}

#[tokio::test]
async fn timestamps_outside_120_seconds_give_status_7_and_say_why() {
    let mock = Mock::start().await;
    let (status, message) = call(&wire(
        &mock,
        &example(API),
        creds(),
        NOW - 20 * 60_000,
        json!({}),
    ))
    .await;
    assert_eq!(status, 7, "{message}");

    // Milliseconds overflow the server's int.
    let w = wire(
        &mock,
        &example(API),
        creds(),
        NOW,
        json!({ "timestamp": NOW }),
    );
    let (status, message) = call(&w).await;
    assert_eq!(status, 7);
    assert_eq!(message, format!("For input string: \"{NOW}\""));

    // Plain Unix seconds: the message says to subtract the 2012 epoch.
    let w = wire(
        &mock,
        &example(API),
        creds(),
        NOW,
        json!({ "timestamp": NOW / 1000 }),
    );
    let (status, message) = call(&w).await;
    assert_eq!(status, 7);
    assert!(
        message.as_str().unwrap().contains("1325347200"),
        "{message}"
    );

    // 100 s off is inside the window.
    let ts = NOW / 1000 - WDT_EPOCH_SECS - 100;
    let w = wire(
        &mock,
        &example(API),
        creds(),
        NOW,
        json!({ "timestamp": ts }),
    );
    assert_eq!(call(&w).await.0, 0);
}

#[tokio::test]
async fn unknown_account_and_wrong_salt_or_version_are_refused() {
    let mock = Mock::start().await;
    let mut c = creds();
    c["sid"] = json!("wdterp30");
    let (status, message) = call(&wire(&mock, &example(API), c, NOW, json!({}))).await;
    assert_eq!((status, message.as_str()), (1, Some("sid is not exists")));

    let mut c = creds();
    c["app_secret"] = json!("mocksecret:othersalt");
    assert_eq!(
        call(&wire(&mock, &example(API), c, NOW, json!({}))).await.0,
        1
    );

    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.url = w.url.replace("v=1.0", "v=2.0");
    assert_eq!(call(&w).await.0, 8);
}

#[tokio::test]
async fn invalid_documents_give_status_100_naming_the_field() {
    let mock = Mock::start().await;
    let mut doc = example(API);
    doc["pdOrder"]
        .as_object_mut()
        .unwrap()
        .remove("warehouse_no");
    let (status, message) = call(&wire(&mock, &doc, creds(), NOW, json!({}))).await;
    assert_eq!(status, 100);
    assert!(
        message
            .as_str()
            .unwrap()
            .starts_with("pdOrder.warehouse_no"),
        "{message}"
    );

    let mut doc = example(API);
    doc["pdOrder"]["defect_mode"] = json!(7);
    let (status, message) = call(&wire(&mock, &doc, creds(), NOW, json!({}))).await;
    assert_eq!(status, 100);
    assert!(
        message.as_str().unwrap().contains("defect_mode"),
        "{message}"
    );

    // 仅支持正数盘点: a negative count is refused; zero (out of stock) is a count.
    let mut doc = example(API);
    doc["specList"][0]["new_num"] = json!("-1.5");
    let (status, message) = call(&wire(&mock, &doc, creds(), NOW, json!({}))).await;
    assert_eq!(status, 100);
    assert!(
        message.as_str().unwrap().starts_with("specList[0].new_num"),
        "{message}"
    );
    doc["specList"][0]["new_num"] = json!("0.0000");
    assert_eq!(call(&wire(&mock, &doc, creds(), NOW, json!({}))).await.0, 0);

    // A body that is not the positional-argument array.
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.body = "{}".into();
    let signed_over = |body: &str| {
        let query = w.url.split_once('?').unwrap().1;
        let mut p: Vec<_> = countersign_core::encoding::parse_query(query)
            .into_iter()
            .filter(|(k, _)| k != "sign")
            .collect();
        p.push(("body".into(), body.to_string()));
        p.sort();
        let s: String = p.iter().map(|(k, v)| format!("{k}{v}")).collect();
        countersign_core::wdt::digest("mocksecret", &s)
    };
    let sign = signed_over("{}");
    let old = w.url.rsplit_once("sign=").unwrap().1.to_string();
    w.url = w
        .url
        .replace(&format!("sign={old}"), &format!("sign={sign}"));
    assert_eq!(call(&w).await.0, 99);
}

/// Any well-formed method is served when signed (mock_custom.rs); this is not one.
#[tokio::test]
async fn a_malformed_method_is_refused() {
    let mock = Mock::start().await;
    let mut w = wire(&mock, &example(API), creds(), NOW, json!({}));
    w.url = w
        .url
        .replace("method=wms.StockPd.stockSyncByPd", "method=wms..No");
    let (status, message) = call(&w).await;
    assert_eq!(status, 99);
    assert!(message.as_str().unwrap().contains("wms..No"));
}
