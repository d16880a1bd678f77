//! Mock 旺店通 旗舰版 gateway (`/openapi`): system parameters in the query, the method's
//! positional arguments as a raw JSON body that is signed byte for byte.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use countersign_core::catalog::{is_method_name, WDT_PAGE};
use countersign_core::clock::{self, WDT_EPOCH_SECS};
use countersign_core::vendor;
use countersign_core::vendor::wdt::{self, WdtRequest};
use countersign_core::wdt::timestamp_from_unix_ms;
use countersign_core::wdt::{digest, string_to_sign};
use serde_json::{json, Map, Value};

use super::{catalog_api, check_document, demo, vendor_message, MockState, Vendor};

/// The demo appsecret, split at the first `:` as the console's `secret:salt`.
fn secret_and_salt() -> (&'static str, &'static str) {
    wdt::split_app_secret(demo(Vendor::Wdt, "app_secret")).unwrap_or_default()
}

/// The server allows this many seconds between its clock and `timestamp`.
fn window_secs() -> u64 {
    vendor::window_ms(Vendor::Wdt).unsigned_abs() / 1000
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
    let mut params = request.params;
    for name in wdt::REQUIRED_PARAMS {
        if params.get(name).is_none_or(|v| v.is_empty()) {
            return Err(fail_with(1, &format!("缺少参数 {name}")));
        }
    }
    if params["sid"] != demo(Vendor::Wdt, "sid") {
        return Err(fail(1, "sid is not exists"));
    }
    if params["key"] != demo(Vendor::Wdt, "app_key") {
        return Err(fail(1, "appkey is not exists"));
    }
    if params["salt"] != secret_and_salt().1 {
        return Err(fail_with(1, "salt错误，应为appsecret中冒号后面的部分"));
    }
    if params["v"] != "1.0" {
        return Err(fail_with(8, "v必须为1.0"));
    }
    check_timestamp(state, &params["timestamp"])?;
    let method = params["method"].clone();
    // Any well-formed method is served once the call is signed (a class can practise any
    // API); the catalog's APIs also get their arguments checked.
    if !is_method_name(&method) {
        return Err(fail_with(99, &format!("method {method} 不存在")));
    }
    // The raw bytes received are what was signed: never re-serialise them.
    let text = request.body;
    let sign = params.remove("sign").unwrap_or_default();
    params.insert("body".into(), text.clone());
    let (s, _) = string_to_sign(&params);
    if digest(secret_and_salt().0, &s) != sign {
        return Err(fail_with(wdt::BAD_SIGNATURE, "sign错误"));
    }
    let args: Value = serde_json::from_str(&text)
        .map_err(|e| fail_with(99, &format!("body不是合法的JSON: {e}")))?;
    let Value::Array(args) = args else {
        return Err(fail_with(99, "body必须是JSON数组（方法的参数列表）"));
    };
    let Some(api) = catalog_api(Vendor::Wdt, &method) else {
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

/// Java parses the timestamp as an `int`: milliseconds overflow it and give
/// `For input string`; plain Unix seconds parse but fall outside the window.
fn check_timestamp(state: &MockState, text: &str) -> Result<(), WdtError> {
    let Some(sent_ms) = wdt::parse_timestamp(text) else {
        return Err(fail(7, format!("For input string: \"{text}\"")));
    };
    if vendor::within_window(Vendor::Wdt, sent_ms, state.now_ms()) {
        return Ok(());
    }
    let at = sent_ms / 1000 - WDT_EPOCH_SECS;
    let now = timestamp_from_unix_ms(state.now_ms());
    let skew = at - now;
    // Read as plain Unix seconds it would fit.
    let hint = if vendor::within_window(Vendor::Wdt, at * 1000, state.now_ms()) {
        "，看起来是Unix秒，需减去1325347200"
    } else {
        ""
    };
    Err(fail_with(
        7,
        &format!(
            "timestamp {at} 与服务器时间 {now} 相差 {skew} 秒（允许±{}秒，服务器时间 {}）{hint}",
            window_secs(),
            clock::beijing(state.now_ms())
        ),
    ))
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
