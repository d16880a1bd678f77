//! Mock Kingdee 精斗云 gateway: an axum adapter around core's [`kingdee::check`] (the v2
//! signature headers on every path) and [`kingdee::check_account`] (app-token and domain
//! on business paths), with the tokens this mock issued; then the app-token flow
//! (push_app_authorize → kingdee_auth_token), the business APIs and Kingdee's envelope.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;
use countersign_core::catalog;
use countersign_core::kingdee::{self, query_value, KingdeeRequest};
use serde_json::{json, Value};

use super::stock;
use super::{check_document, demo, vendor_message, MockState, Vendor};

fn kd(name: &str) -> &'static str {
    demo(Vendor::Kingdee, name)
}
/// The only application error code the vendor documents for these APIs.
const APP_ERROR: u64 = 2_000_002_000;
/// The gateway answers its own errors with this non-standard HTTP status.
const GATEWAY_STATUS: u16 = 519;

pub use countersign_core::vendor::kingdee::{AUTHORIZE, TOKEN};
pub const INV_CHECK_TASK: &str = "/jdy/v2/scm/inv_check_task";
pub const INV_SYNCHRONOUS: &str = "/jdy/v2/inv/inv_synchronous";
pub const MATERIAL: &str = "/jdy/v2/bd/material";

/// Routes relative to `/kingdee`; each handler knows the vendor path it serves,
/// which is the path the client signed.
pub fn routes() -> Router<Arc<MockState>> {
    Router::new()
        .route(AUTHORIZE, post(authorize))
        // HEAD goes where any other unknown method goes: a web framework answers it for
        // a GET route, the gateway has no such API (4004, as `kingdee::route` says).
        .route(TOKEN, get(token).head(other_api))
        .route(INV_CHECK_TASK, post(inv_check_task))
        .route(INV_SYNCHRONOUS, get(inv_synchronous).head(other_api))
        .route(MATERIAL, post(material))
        // An explicit catch-all: a nested router's fallback does not survive nesting twice.
        .route("/{*rest}", any(other_api))
        .method_not_allowed_fallback(other_api)
}

/// A path (or method) the catalog does not describe. Where the gateway has an API
/// (`kingdee::route`: a business method under `/jdy/v2/`) it is served like any business
/// API once signed and authorised, answering with what arrived (a class can practise any
/// API); elsewhere the gateway knows no such API: HTTP 519, 4004.
async fn other_api(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    if let Err(r) = kingdee::route(method.as_str(), path) {
        return respond(Err(gateway_error(r.code, &r.detail)));
    }
    let result = business(&state, &method, &uri, &headers).and_then(|query| {
        let body = if body.is_empty() {
            Value::Null
        } else {
            json_body(&body)?
        };
        let query: serde_json::Map<String, Value> = query
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect();
        Ok(success(json!({
            "received": {
                "method": method.as_str(),
                "path": path,
                "query": query,
                "body": body,
            }
        })))
    });
    respond(result)
}

/// A refusal: HTTP status and the answer body.
struct Refusal(u16, Value);

/// `{"errcode", "description"}` with the catalog's words for the code plus a detail.
fn error(status: u16, errcode: u64, detail: &str) -> Refusal {
    let description = match vendor_message(Vendor::Kingdee, &errcode.to_string()) {
        Some(_) if !detail.is_empty() => detail.to_string(),
        Some(m) => m.zh,
        None => detail.to_string(),
    };
    Refusal(
        status,
        json!({ "errcode": errcode, "description": description }),
    )
}

fn gateway_error(errcode: u64, detail: &str) -> Refusal {
    error(GATEWAY_STATUS, errcode, detail)
}

fn respond(result: Result<Value, Refusal>) -> Response {
    let (status, body) = match result {
        Ok(body) => (200, body),
        Err(Refusal(status, body)) => (status, body),
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    super::json_response(status, &body)
}

/// The demo account the mock serves, from the catalog's mock environment.
fn account() -> kingdee::Credentials {
    let demo = |name| Some(kd(name).to_string());
    kingdee::Credentials {
        client_id: demo("client_id"),
        client_secret: demo("client_secret"),
        app_token: demo("app_token"),
        domain: demo("domain"),
        app_key: demo("app_key"),
        app_secret: demo("app_secret"),
    }
}

/// Core's gateway checks, common to every path: headers, clock, nonce, signature.
fn verify(state: &MockState, request: &KingdeeRequest) -> Result<(), Refusal> {
    kingdee::check(request, &account(), Some(state.now_ms()))
        .map_err(|r| gateway_error(r.code, &r.detail))
}

/// Business paths also need an app-token this mock issued and the account's domain. The
/// catalog's demo token is always good, so a class can send before learning about tokens.
fn verify_account(state: &MockState, request: &KingdeeRequest) -> Result<(), Refusal> {
    kingdee::check_account(request, &account(), |t| state.token_status(t))
        .map_err(|r| gateway_error(r.code, &r.detail))
}

/// The request as the gateway reads it (the body is read by each handler).
fn read(method: &Method, uri: &Uri, headers: &HeaderMap) -> KingdeeRequest {
    kingdee::read(&super::received(method, uri, headers, b""))
}

/// Validates a document against the catalog entry for `path`.
fn validate(path: &str, document: &Value) -> Result<(), Refusal> {
    let Some(api) = catalog::called(Vendor::Kingdee, path) else {
        return Ok(());
    };
    match check_document(api, document).into_iter().next() {
        None => Ok(()),
        Some(p) => Err(error(200, APP_ERROR, &format!("{}: {}", p.path, p.message))),
    }
}

fn json_body(body: &[u8]) -> Result<Value, Refusal> {
    serde_json::from_slice(body).map_err(|e| {
        error(
            200,
            APP_ERROR,
            &format!("请求体不是合法的JSON (body is not valid JSON): {e}"),
        )
    })
}

async fn authorize(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let request = read(&method, &uri, &headers);
    let query = &request.query;
    let result = verify(&state, &request).map(|()| {
        // This answer uses code/msg where every other one uses errcode/description.
        match query_value(query, "outerInstanceId").map(str::trim) {
            None | Some("") => {
                json!({ "code": 400, "msg": "outerInstanceId不能为空", "data": null })
            }
            Some(instance) if instance == kd("outer_instance_id") => json!({
                "code": 200,
                "msg": "success",
                "data": [{
                    "appKey": kd("app_key"),
                    "appSecret": kd("app_secret"),
                    "domain": kd("domain"),
                    "status": 1,
                    "outerInstanceId": instance,
                    "accountId": "mock-account",
                    "accountName": "演示账套",
                }],
            }),
            // No app authorised for that instance: an empty list, not an error.
            Some(_) => json!({ "code": 200, "msg": "success", "data": [] }),
        }
    });
    respond(result)
}

async fn token(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let request = read(&method, &uri, &headers);
    let result = verify(&state, &request).and_then(|()| {
        // An application error: HTTP 200, as the gateway answers it.
        kingdee::check_app_signature(&request, &account())
            .map_err(|r| error(200, r.code, &r.detail))?;
        let (token, expires) = state.issue_token();
        Ok(json!({
            "errcode": 0,
            "description": "success",
            "data": {
                "app-token": token,
                "access_token": token,
                "uid": "mock-uid",
                "expires": expires,
                "expires_in": super::state::TOKEN_LIFETIME_MS / 1000,
            },
        }))
    });
    respond(result)
}

/// The common part of the business handlers: gateway, account, then the document.
fn business(
    state: &MockState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Vec<(String, String)>, Refusal> {
    let request = read(method, uri, headers);
    verify(state, &request)?;
    verify_account(state, &request)?;
    Ok(request.query)
}

fn success(data: Value) -> Value {
    json!({ "errcode": 0, "description": "success", "data": data })
}

async fn inv_check_task(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = business(&state, &method, &uri, &headers).and_then(|_| {
        let document = json_body(&body)?;
        validate(INV_CHECK_TASK, &document)?;
        let id = state.next_id();
        let date = super::beijing_date(state.now_ms());
        Ok(success(json!({
            "check_bill_id": id,
            "check_bill_no": format!("PDD-{date}-{:05}", state.next_seq() % 100_000),
            "ids": [id],
        })))
    });
    respond(result)
}

async fn material(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = business(&state, &method, &uri, &headers).and_then(|_| {
        let document = json_body(&body)?;
        validate(MATERIAL, &document)?;
        let text = |name: &str| {
            document
                .get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        // An id means an update of that record; none means a new one.
        let id = text("id").unwrap_or_else(|| state.next_id());
        let number = text("number").unwrap_or_else(|| format!("SP{:06}", state.next_seq()));
        Ok(success(
            json!({ "id_number_map": { id.clone(): number }, "ids": [id] }),
        ))
    });
    respond(result)
}

async fn inv_synchronous(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let result = business(&state, &method, &uri, &headers).and_then(|query| {
        let ids: Vec<String> = query_value(&query, "ids")
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut document = serde_json::Map::new();
        if query_value(&query, "ids").is_some() {
            document.insert("ids".into(), json!(ids));
        }
        validate(INV_SYNCHRONOUS, &Value::Object(document))?;
        let rows: Vec<Value> = if ids.is_empty() {
            stock::demo_page(|name| query_value(&query, name))
        } else {
            ids.iter().map(|id| stock::row(id)).collect()
        };
        Ok(success(json!({ "rows": rows })))
    });
    respond(result)
}
