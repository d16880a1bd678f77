//! Built-in mock vendors, nested by `countersign serve` at `/mock`. Each is an axum
//! adapter around its vendor's `check` in `core::vendor` (the gateway's rules, the same
//! `countersign verify` explains) plus the catalog's business checks, answering in the
//! vendor's envelope with its own error codes, so clients learn offline.
//!
//! Routes: `/taobao/router/rest`, `/wdt/openapi`, `/kingdee/…` (see [`kingdee`]).

mod catalog_glue;
pub mod kingdee;
mod state;
mod stock;
pub mod taobao;
pub mod wdt;

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::Value;

use catalog_glue::{check_document, vendor_message};
pub use countersign_core::Vendor;
pub use state::{system_now_ms, Clock, MockState, TokenStatus, TOKEN_LIFETIME_MS};

/// A mock vendor's demo credential; the catalog's mock environment is where they are written.
fn demo(vendor: Vendor, name: &str) -> &'static str {
    countersign_core::catalog::vendor(vendor)
        .demo_credential(name)
        .unwrap_or_default()
}

/// The mock vendors on the system clock.
pub fn router() -> Router {
    router_with(Arc::new(MockState::new()))
}

/// The mock vendors on a given state, e.g. one with a test clock.
pub fn router_with(state: Arc<MockState>) -> Router {
    Router::new()
        // TOP answers GET and POST alike.
        .route("/taobao/router/rest", any(taobao::handle))
        .route("/wdt/openapi", any(wdt::handle))
        .nest("/kingdee", kingdee::routes())
        .with_state(state)
}

/// A request as the mocks received it, in the form every vendor reader takes.
fn received(
    method: &axum::http::Method,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> countersign_core::HttpRequest {
    countersign_core::HttpRequest::new(
        method.as_str(),
        uri.to_string(),
        headers
            .iter()
            .filter_map(|(n, v)| {
                let value = v.to_str().ok()?.to_string();
                Some((n.to_string().into(), value.into()))
            })
            .collect(),
        String::from_utf8_lossy(body),
    )
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response();
    // A status with no standard reason (Kingdee's 519) goes out with none, `519 `: hyper
    // would write `519 <none>`, which no gateway sends.
    if status.canonical_reason().is_none() {
        response
            .extensions_mut()
            .insert(hyper::ext::ReasonPhrase::from_static(b""));
    }
    response
}

/// `yyyyMMdd` in Beijing time, for bill numbers.
fn beijing_date(now_ms: i64) -> String {
    countersign_core::clock::beijing(now_ms)
        .chars()
        .take(10)
        .filter(char::is_ascii_digit)
        .collect()
}
