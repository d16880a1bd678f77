//! The server speaks `countersign_core::relay_protocol`: what it answers parses with the
//! very types the app reads it with.

mod support;

use countersign_core::relay_protocol::{
    header, path, ErrorBody, ErrorCode, ServerConfig, UpstreamKind,
};
use support::{config, get, send, start};

/// The reply as the server's own error body, or the test fails showing what came.
fn server_error(reply: &support::Reply) -> ErrorBody {
    ErrorBody::parse(reply.status, &reply.text()).unwrap_or_else(|| panic!("{}", reply.text()))
}

#[tokio::test]
async fn api_config_is_the_shared_type_field_for_field() {
    let server = start(config("token = \"t0ken\"\n")).await;
    let reply = send(
        server.addr,
        "GET",
        path::CONFIG,
        &[(header::TOKEN_TITLE, "t0ken")],
        b"",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let parsed: ServerConfig = serde_json::from_slice(&reply.body).unwrap();
    // Nothing the type does not know (it reads with defaults, so compare both ways).
    assert_eq!(serde_json::to_value(&parsed).unwrap(), reply.json());
    assert!(parsed.token_required && parsed.mock);
    assert_eq!(parsed.version, env!("CARGO_PKG_VERSION"));
    let wdt = parsed
        .upstreams
        .iter()
        .find(|u| u.name == "mock-wdt")
        .expect("mock-wdt listed");
    assert_eq!(wdt.kind, UpstreamKind::Local);
    assert!(wdt.mock && path::is_under(&wdt.base, path::MOCK), "{wdt:?}");
    let taobao = parsed
        .upstreams
        .iter()
        .find(|u| u.name == "taobao")
        .unwrap();
    assert_eq!(taobao.kind, UpstreamKind::Remote);
    assert!(!taobao.mock && taobao.base.starts_with("https://"));
}

#[tokio::test]
async fn the_servers_own_errors_parse_as_error_bodies() {
    let server = start(config("token = \"t0ken\"\n")).await;
    let no_token = get(server.addr, path::CONFIG).await;
    let body = server_error(&no_token);
    assert_eq!(body.error.code, ErrorCode::Unauthorized);
    assert!(body.error.message.contains(header::TOKEN_TITLE));

    let auth = [(header::TOKEN_TITLE, "t0ken")];
    let unknown = send(server.addr, "GET", &path::relay("nope", "/x"), &auth, b"").await;
    let body = server_error(&unknown);
    assert_eq!(body.error.code, ErrorCode::UnknownUpstream);
    // The relay times its refusals too, under the shared names.
    let timing = unknown.header(header::SERVER_TIMING).unwrap();
    assert!(timing.contains("total;dur="), "{timing}");

    let missing = send(server.addr, "GET", "/api/nothing-here", &auth, b"").await;
    let body = server_error(&missing);
    assert_eq!(body.error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn a_vendor_answer_through_the_relay_is_not_an_error_body() {
    let server = start(config("")).await;
    // The mock answers a request without parameters with its own envelope.
    let reply = get(server.addr, &path::relay("mock-wdt", "")).await;
    assert!(
        ErrorBody::parse(reply.status.max(400), &reply.text()).is_none(),
        "{}",
        reply.text()
    );
    let timing = reply.header(header::SERVER_TIMING).expect("server-timing");
    assert!(timing.contains("total;dur="), "{timing}");
}
