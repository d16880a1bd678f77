//! The mock Kingdee 精斗云 gateway: the v2 signature on every path, the app-token flow,
//! and the business APIs behind it.

mod mock_support;

use countersign_core::catalog;
use countersign_core::WireRequest;
use mock_support::{example, send, Answer, Mock, NOW};
use serde_json::{json, Value};

const AUTHORIZE: &str = "/jdyconnector/app_management/push_app_authorize";
const TOKEN: &str = "/jdyconnector/app_management/kingdee_auth_token";
const CHECK_TASK: &str = "/jdy/v2/scm/inv_check_task";
const MATERIAL: &str = "/jdy/v2/bd/material";
const STOCK: &str = "/jdy/v2/inv/inv_synchronous";

fn client() -> Value {
    json!({ "client_id": "205022", "client_secret": "0123456789abcdef0123456789abcdef" })
}

fn with(extra: Value) -> Value {
    let mut c = client();
    for (k, v) in extra.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

fn wire(mock: &Mock, api: &str, document: &Value, credentials: Value, now: i64) -> WireRequest {
    mock.sign(
        api,
        document,
        credentials,
        now,
        json!({ "nonce": 4_427_456_950u64 }),
    )
    .wire
}

fn gateway_error(a: &Answer) -> (i64, String) {
    assert_eq!(a.status, 519, "{}", a.body);
    let v = a.json();
    (
        v["errcode"].as_i64().unwrap(),
        v["description"].as_str().unwrap().to_string(),
    )
}

fn success(a: &Answer) -> Value {
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    assert_eq!(v["errcode"], 0, "{v}");
    assert_eq!(v["description"], "success");
    v["data"].clone()
}

/// push_app_authorize → kingdee_auth_token, as the app's "Get app-token" button does.
async fn token(mock: &Mock) -> String {
    let creds = with(json!({ "outer_instance_id": "mock-instance" }));
    let a = send(&wire(mock, AUTHORIZE, &json!({}), creds, NOW)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    assert_eq!(
        (v["code"].as_i64(), v["msg"].as_str()),
        (Some(200), Some("success"))
    );
    let auth = &v["data"][0];
    assert_eq!(auth["domain"], "https://tf.jdy.com");
    assert_eq!(auth["status"], 1);

    let creds = with(json!({ "app_key": auth["appKey"], "app_secret": auth["appSecret"] }));
    let data = success(&send(&wire(mock, TOKEN, &json!({}), creds, NOW)).await);
    assert_eq!(data["expires_in"], 86_400);
    data["app-token"].as_str().unwrap().to_string()
}

fn account(token: &str) -> Value {
    with(json!({ "app_token": token, "domain": "https://tf.jdy.com" }))
}

#[tokio::test]
async fn token_flow_then_every_business_api_with_its_doc_example() {
    let mock = Mock::start().await;
    let token = token(&mock).await;

    let data = success(
        &send(&wire(
            &mock,
            CHECK_TASK,
            &example(CHECK_TASK),
            account(&token),
            NOW,
        ))
        .await,
    );
    assert!(
        data["check_bill_no"]
            .as_str()
            .unwrap()
            .starts_with("PDD-20250102-"),
        "{data}"
    );
    assert_eq!(data["ids"][0], data["check_bill_id"]);

    let mut doc = example(MATERIAL);
    doc.as_object_mut().unwrap().remove("id");
    let data = success(&send(&wire(&mock, MATERIAL, &doc, account(&token), NOW)).await);
    let id = data["ids"][0].as_str().unwrap();
    assert!(
        id.len() >= 18 && id.bytes().all(|b| b.is_ascii_digit()),
        "{data}"
    );
    assert_eq!(data["id_number_map"][id], doc["number"]);

    let w = wire(&mock, STOCK, &example(STOCK), account(&token), NOW);
    assert!(w.url.ends_with("?ids=2%2C3"), "{}", w.url);
    let data = success(&send(&w).await);
    let rows = data["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["id"].as_str(), rows[1]["id"].as_str()),
        (Some("2"), Some("3"))
    );
    // Every Row field the catalog (from the doc) lists is there.
    let api = catalog::find(STOCK).unwrap();
    let row = api
        .response
        .field("rows")
        .unwrap()
        .items
        .as_deref()
        .unwrap();
    for field in &row.fields {
        assert!(
            rows[0].get(&field.name).is_some(),
            "row lacks {}",
            field.name
        );
    }
    assert!(rows[0]["qty"].as_i64().unwrap() >= rows[0]["exp_valid_qty"].as_i64().unwrap() - 200);
}

#[tokio::test]
async fn another_instance_has_no_authorisation_and_a_wrong_app_signature_gives_1030002006() {
    let mock = Mock::start().await;
    let creds = with(json!({ "outer_instance_id": "someone-else" }));
    let v = send(&wire(&mock, AUTHORIZE, &json!({}), creds, NOW))
        .await
        .json();
    assert_eq!(v["data"], json!([]));

    let creds = with(json!({ "app_key": "mockappkey", "app_secret": "stale-secret" }));
    let a = send(&wire(&mock, TOKEN, &json!({}), creds, NOW)).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["errcode"], 1_030_002_006);
}

#[tokio::test]
async fn wrong_missing_or_expired_tokens_and_a_wrong_domain_are_refused() {
    let mock = Mock::start().await;
    let doc = example(CHECK_TASK);
    let a = send(&wire(&mock, CHECK_TASK, &doc, account("not-a-token"), NOW)).await;
    assert_eq!(gateway_error(&a).0, 4010);
    let a = send(&wire(&mock, CHECK_TASK, &doc, client(), NOW)).await;
    assert_eq!(gateway_error(&a).0, 4010);
    // The catalog's demo token is accepted without being issued (a class's first send).
    let a = send(&wire(
        &mock,
        CHECK_TASK,
        &doc,
        account("mock-demo-app-token"),
        NOW,
    ))
    .await;
    assert_eq!(a.status, 200, "{}", a.body);

    let token = token(&mock).await;
    let mut creds = account(&token);
    creds["domain"] = json!("https://api.kingdee.com");
    let a = send(&wire(&mock, CHECK_TASK, &doc, creds, NOW)).await;
    assert_eq!(gateway_error(&a).0, 5003);

    // 24 h later the token has expired (the request itself is fresh).
    let later = NOW + 24 * 3600 * 1000 + 1;
    mock.set_now(later);
    let a = send(&wire(&mock, CHECK_TASK, &doc, account(&token), later)).await;
    assert_eq!(gateway_error(&a).0, 4011);
}

#[tokio::test]
async fn tampered_signatures_give_519_4008() {
    let mock = Mock::start().await;
    let token = token(&mock).await;
    let bad = with(
        json!({ "client_secret": "ffffffffffffffffffffffffffffffff", "app_token": token, "domain": "https://tf.jdy.com" }),
    );
    let (code, description) =
        gateway_error(&send(&wire(&mock, STOCK, &example(STOCK), bad, NOW)).await);
    assert_eq!(
        (code, description.as_str()),
        (4008, "X-Api-Signature is invalid")
    );

    // The query is signed: changing it after signing is caught.
    let mut w = wire(&mock, STOCK, &example(STOCK), account(&token), NOW);
    w.url = w.url.replace("ids=2%2C3", "ids=2%2C4");
    assert_eq!(gateway_error(&send(&w).await).0, 4008);

    // So is the path.
    let mut w = wire(&mock, MATERIAL, &example(MATERIAL), account(&token), NOW);
    w.url = w.url.replace(MATERIAL, CHECK_TASK);
    assert_eq!(gateway_error(&send(&w).await).0, 4008);

    // The body is not signed: a changed body still passes the gateway.
    let mut w = wire(
        &mock,
        CHECK_TASK,
        &example(CHECK_TASK),
        account(&token),
        NOW,
    );
    w.body = w.body.replace("321424", "321425");
    success(&send(&w).await);
}

#[tokio::test]
async fn a_timestamp_twenty_minutes_old_gives_519_4006() {
    let mock = Mock::start().await;
    let creds = with(json!({ "outer_instance_id": "mock-instance" }));
    let a = send(&wire(
        &mock,
        AUTHORIZE,
        &json!({}),
        creds.clone(),
        NOW - 20 * 60_000,
    ))
    .await;
    assert_eq!(gateway_error(&a).0, 4006);
    // Four minutes is inside the window.
    let a = send(&wire(&mock, AUTHORIZE, &json!({}), creds, NOW - 4 * 60_000)).await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn missing_gateway_headers_give_4001() {
    let mock = Mock::start().await;
    let mut w = wire(
        &mock,
        AUTHORIZE,
        &json!({}),
        with(json!({ "outer_instance_id": "mock-instance" })),
        NOW,
    );
    w.headers.retain(|(n, _)| n != "X-Api-Signature");
    let (code, description) = gateway_error(&send(&w).await);
    assert_eq!(code, 4001);
    assert!(description.contains("X-Api-Signature"));
}

#[tokio::test]
async fn invalid_documents_give_an_application_error_naming_the_field() {
    let mock = Mock::start().await;
    let token = token(&mock).await;

    let mut doc = example(CHECK_TASK);
    doc.as_object_mut().unwrap().remove("name");
    let a = send(&wire(&mock, CHECK_TASK, &doc, account(&token), NOW)).await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["errcode"], 2_000_002_000);
    assert!(
        v["description"].as_str().unwrap().starts_with("name:"),
        "{v}"
    );
    // The inspector heads the verdict with the field the description names, not with the
    // catch-all code's "system error": for a missing field and for a wrong type alike.
    let names_field = |v: &Value| {
        let kingdee = countersign_core::catalog::vendor(countersign_core::Vendor::Kingdee);
        let description = v["description"].as_str().unwrap();
        kingdee
            .known_message(Some("2000002000"), description)
            .is_some_and(|m| m.names_field)
    };
    assert!(names_field(&v), "{v}");
    let mut doc = example(MATERIAL);
    doc["coefficient1"] = json!("x");
    let v = send(&wire(&mock, MATERIAL, &doc, account(&token), NOW))
        .await
        .json();
    assert_eq!(v["errcode"], 2_000_002_000, "{v}");
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .starts_with("coefficient1:"),
        "{v}"
    );
    assert!(names_field(&v), "{v}");

    // More than 100 ids.
    let ids: Vec<String> = (1..=101).map(|i| i.to_string()).collect();
    let a = send(&wire(
        &mock,
        STOCK,
        &json!({ "ids": ids }),
        account(&token),
        NOW,
    ))
    .await;
    let v = a.json();
    assert_eq!(v["errcode"], 2_000_002_000, "{v}");
    assert!(v["description"].as_str().unwrap().starts_with("ids"), "{v}");

    // A body that is not JSON.
    let mut w = wire(&mock, MATERIAL, &example(MATERIAL), account(&token), NOW);
    w.body = "name=x".into();
    assert_eq!(send(&w).await.json()["errcode"], 2_000_002_000);
}

#[tokio::test]
async fn without_ids_the_stock_list_pages_and_cuts_page_size_at_100() {
    let mock = Mock::start().await;
    let token = token(&mock).await;
    let doc = json!({ "page_size": "500" });
    let data = success(&send(&wire(&mock, STOCK, &doc, account(&token), NOW)).await);
    assert_eq!(data["rows"].as_array().unwrap().len(), 100);
}

/// Paths under /jdy/v2/ are served when signed (mock_custom.rs); others do not exist.
#[tokio::test]
async fn paths_outside_jdy_v2_give_519_4004() {
    let mock = Mock::start().await;
    let mut w = wire(&mock, MATERIAL, &example(MATERIAL), client(), NOW);
    w.url = w.url.replace(MATERIAL, "/jdy/v1/bd/material");
    assert_eq!(gateway_error(&send(&w).await).0, 4004);
    let creds = with(json!({ "outer_instance_id": "mock-instance" }));
    let mut w = wire(&mock, AUTHORIZE, &json!({}), creds, NOW);
    w.method = "GET".into();
    assert_eq!(gateway_error(&send(&w).await).0, 4004);
    // A method no business API uses has no API either, on any path (it was served).
    let mut w = wire(&mock, MATERIAL, &example(MATERIAL), client(), NOW);
    w.method = "PATCH".into();
    assert_eq!(gateway_error(&send(&w).await).0, 4004);
}
