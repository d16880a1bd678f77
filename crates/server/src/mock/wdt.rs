//! Mock 旺店通 旗舰版 gateway (`/openapi`): an axum adapter around core's [`wdt::check`]
//! (the gateway's rules, written once), the catalog's checks of the method's positional
//! arguments (a raw JSON body), and 旺店通's `{status, message}` envelope.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use countersign_core::catalog::{self, WDT_PAGE};
use countersign_core::vendor::{Refusal, Rule};
use countersign_core::wdt::{self, WdtRequest};
use serde_json::{json, Map, Value};

use super::{check_document, demo, vendor_message, MockState, Vendor};

/// The demo account the mock serves, from the catalog's mock environment.
fn account() -> wdt::Credentials {
    let demo = |name| Some(demo(Vendor::Wdt, name).to_string());
    wdt::Credentials {
        sid: demo("sid"),
        app_key: demo("app_key"),
        app_secret: demo("app_secret"),
    }
}

struct WdtError {
    status: u32,
    message: String,
}

fn fail(status: u32, message: impl Into<String>) -> WdtError {
    WdtError {
        status,
        message: message.into(),
    }
}

/// The catalog's words for a status, with the detail the server adds.
fn fail_with(status: u32, detail: &str) -> WdtError {
    match vendor_message(Vendor::Wdt, &status.to_string()) {
        Some(m) if detail.is_empty() => fail(status, m.zh),
        Some(m) => fail(status, format!("{}: {detail}", m.zh)),
        None => fail(status, detail),
    }
}

/// The envelope of a gateway refusal: the catalog's words for the status before the
/// server's, except where the server answers with its own text alone (an unknown sid or
/// key, Java's `For input string`).
fn refused(r: Refusal) -> WdtError {
    let status = u32::try_from(r.code).unwrap_or(u32::MAX);
    match r.rule {
        Rule::UnknownApp | Rule::TimestampFormat => fail(status, r.detail),
        _ => fail_with(status, &r.detail),
    }
}

pub async fn handle(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = wdt::read(&super::received(&method, &uri, &headers, &body));
    let answer = match check(&state, request) {
        Ok(data) => json!({ "status": 0, "data": data }),
        Err(e) => json!({ "status": e.status, "message": e.message }),
    };
    super::json_response(StatusCode::OK, &answer)
}

fn check(state: &MockState, request: WdtRequest) -> Result<Value, WdtError> {
    let args = wdt::check(&request, &account(), Some(state.now_ms())).map_err(refused)?;
    let mut params = request.params;
    params.remove("sign");
    let method = params["method"].clone();
    let Some(api) = catalog::called(Vendor::Wdt, &method) else {
        return Ok(echo(&method, args, &params));
    };
    // The positional arguments, named as the catalog's document names them.
    let document: Map<String, Value> = api
        .positional
        .iter()
        .zip(&args)
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    if let Some(p) = check_document(api, &Value::Object(document))
        .into_iter()
        .next()
    {
        return Err(fail(100, format!("{}: {}", p.path, p.message)));
    }
    Ok(success(state, &args))
}

/// A method the catalog does not describe: what arrived, as the success data.
fn echo(method: &str, args: Vec<Value>, params: &BTreeMap<String, String>) -> Value {
    let page: Map<String, Value> = WDT_PAGE
        .iter()
        .filter_map(|k| {
            params
                .get(*k)
                .map(|v| (k.to_string(), Value::from(v.as_str())))
        })
        .collect();
    let mut received = Map::new();
    received.insert("method".into(), Value::from(method));
    received.insert("body".into(), Value::Array(args));
    if !page.is_empty() {
        received.insert("page".into(), Value::Object(page));
    }
    json!({ "received": received })
}

/// `{"pd_no": "WP…", "<spec id>": "ok", …}` as the doc shows.
fn success(state: &MockState, args: &[Value]) -> Value {
    let mut data = Map::new();
    let date = super::beijing_date(state.now_ms());
    data.insert(
        "pd_no".into(),
        format!("WP{date}{:04}", state.next_seq() % 10_000).into(),
    );
    let specs = args
        .get(1)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for spec in specs {
        let spec_no = spec.get("spec_no").and_then(Value::as_str).unwrap_or("");
        data.insert(spec_id(spec_no).to_string(), "ok".into());
    }
    Value::Object(data)
}

/// A stable numeric id per merchant code, like the ERP's spec ids.
fn spec_id(spec_no: &str) -> u32 {
    spec_no
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 90_000
        + 1_000
}
