//! `countersign serve` besides the relay proper: health, config for the app, the built app
//! from dist, and the mock vendors reached through the mock-* upstreams.

mod support;

use countersign_core::catalog;
use countersign_core::{SignRequest, Signer, WireRequest};
use serde_json::json;
use support::{config, get, send, start, Reply};

#[tokio::test]
async fn healthz_is_ok() {
    let server = start(config("")).await;
    let reply = get(server.addr, "/healthz").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({"status": "ok"}));
}

#[tokio::test]
async fn api_config_names_upstreams_and_mocks_without_secrets() {
    let server = start(config("token = \"very-secret-token\"\n")).await;
    // With a token, /api needs it too (tests/security.rs).
    let reply = send(
        server.addr,
        "GET",
        "/api/config",
        &[("X-Relay-Token", "very-secret-token")],
        b"",
    )
    .await;
    assert_eq!(reply.status, 200);
    let v = reply.json();
    assert_eq!(v["mock"], true);
    assert_eq!(v["token_required"], true);
    let names: Vec<&str> = v["upstreams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    for name in [
        "taobao",
        "taobao-sandbox",
        "wdt",
        "wdt-test",
        "kingdee",
        "mock-taobao",
        "mock-wdt",
        "mock-kingdee",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert!(!reply.text().contains("very-secret-token"));
    assert_eq!(get(server.addr, "/api/config").await.status, 401);
}

#[tokio::test]
async fn without_a_built_app_the_root_says_how_to_build_it() {
    let server = start(config("")).await;
    let reply = get(server.addr, "/").await;
    assert_eq!(reply.status, 503);
    assert!(reply.text().contains("cargo xtask dev"), "{}", reply.text());
}

#[tokio::test]
async fn serves_the_built_app_with_index_fallback() {
    let dist = std::env::temp_dir().join(format!("countersign-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dist.join("app.js"), "console.log(1)").unwrap();
    let mut c = config("");
    c.dist = dist.clone();
    let server = start(c).await;

    let reply = get(server.addr, "/").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("<title>app</title>"));
    let reply = get(server.addr, "/app.js").await;
    assert_eq!(reply.text(), "console.log(1)");
    // A client-side route gets the app.
    let reply = get(server.addr, "/kingdee/material").await;
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("<title>app</title>"));
    // An unknown API path does not.
    let reply = get(server.addr, "/api/nothing").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error_code(), "not_found");
    let _ = std::fs::remove_dir_all(dist);
}

async fn send_wire(addr: std::net::SocketAddr, wire: &WireRequest) -> Reply {
    let target = wire
        .url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap();
    let headers: Vec<(&str, &str)> = wire
        .headers
        .iter()
        .map(|(n, v)| (n.as_ref(), v.as_ref()))
        .collect();
    send(addr, &wire.method, &target, &headers, wire.body.as_bytes()).await
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn the_kingdee_mock_answers_through_the_relay_with_the_path_stripped() {
    let server = start(config("")).await;
    let sign = |secret: &str| {
        SignRequest::from_value(json!({
            "vendor": "kingdee",
            "credentials": {"client_id": "205022", "client_secret": secret},
            "http_method": "POST",
            "path": "/jdyconnector/app_management/push_app_authorize",
            "query": {"outerInstanceId": "mock-instance"},
            "body": "{}",
            "nonce": 12345,
            "base": format!("http://{}/relay/mock-kingdee", server.addr),
            "now_ms": now_ms(),
        }))
        .unwrap()
        .sign()
        .unwrap()
    };
    let good = sign("0123456789abcdef0123456789abcdef");
    let reply = send_wire(server.addr, &good.wire).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.text().contains("mockappkey"), "{}", reply.text());
    assert!(reply.header("server-timing").unwrap().contains("ttfb"));

    let bad = sign("ffffffffffffffffffffffffffffffff");
    let reply = send_wire(server.addr, &bad.wire).await;
    assert_eq!(reply.status, 519, "{}", reply.text());
    assert_eq!(reply.json()["errcode"], 4008);
}

#[tokio::test]
async fn the_taobao_mock_answers_a_catalog_example_through_the_relay() {
    let server = start(config("")).await;
    let api = catalog::find("taobao.imbalance.create").unwrap();
    let request = catalog::build_request(
        api,
        api.example_document(),
        &json!({"app_key": "12345678", "app_secret": "helloworld", "session": "mock-session"}),
        Some(now_ms()),
        &countersign_core::BuildOptions {
            base: Some(format!("http://{}/relay/mock-taobao", server.addr)),
            ..Default::default()
        },
    )
    .unwrap();
    let signed = request.sign().unwrap();
    let reply = send_wire(server.addr, &signed.wire).await;
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .text()
            .contains("logistics_wms_inventory_imbalance_create_response"),
        "{}",
        reply.text()
    );
    let line = "relay upstream=mock-taobao path=/ status=200";
    let log = server
        .log
        .contents_with(line, std::time::Duration::from_secs(30))
        .await;
    assert!(log.contains(line), "{log}");
    assert!(
        !log.contains("mock-session") && !log.contains(signed.sign.as_str()),
        "{log}"
    );
}

#[tokio::test]
async fn without_mocks_the_mock_upstreams_and_routes_are_gone() {
    let mut c = config("");
    c.mock = false;
    let server = start(c).await;
    let reply = get(server.addr, "/relay/mock-kingdee/jdy/v2/bd/material").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error_code(), "unknown_upstream");
    let reply = get(server.addr, "/mock/taobao/router/rest").await;
    assert_eq!(reply.status, 404);
    assert_eq!(get(server.addr, "/api/config").await.json()["mock"], false);
}
