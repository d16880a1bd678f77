//! Mock Taobao TOP gateway (`/router/rest`): checks a request the way TOP does and
//! answers in its envelope, JSON or XML.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use countersign_core::clock;
use countersign_core::taobao::{digest, response_root, string_to_sign, SignMethod, SYSTEM_PARAMS};
use countersign_core::value::is_blank;
use countersign_core::vendor::{taobao, within_window};
use serde_json::{json, Map, Value};

use countersign_core::catalog::{is_method_name, Api, FieldType};

use super::{catalog_api, check_document, demo, vendor_message, MockState, Vendor};

/// One TOP error: platform code, and for business errors a sub code and message.
struct TopError {
    code: u32,
    msg: String,
    sub_code: Option<String>,
    sub_msg: Option<String>,
}

impl TopError {
    /// The message as TOP writes it (`Invalid signature`), taken from the catalog.
    fn new(code: u32, fallback: &str) -> Self {
        let msg = vendor_message(Vendor::Taobao, &code.to_string())
            .map(|m| m.en)
            .unwrap_or_else(|| fallback.to_string());
        Self {
            code,
            msg,
            sub_code: None,
            sub_msg: None,
        }
    }

    /// TOP names the parameter after the message: `Missing required arguments:req_dto`.
    fn about(mut self, param: &str) -> Self {
        self.msg = format!("{}:{param}", self.msg);
        self
    }

    fn sub(mut self, code: impl Into<String>, msg: impl Into<String>) -> Self {
        self.sub_code = Some(code.into());
        self.sub_msg = Some(msg.into());
        self
    }

    /// A platform error has no sub code; the explanation alone helps a person.
    fn explain(mut self, msg: impl Into<String>) -> Self {
        self.sub_msg = Some(msg.into());
        self
    }
}

pub async fn handle(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = taobao::read(&super::received(&method, &uri, &headers, &body)).values();
    // TOP's default format is XML; the SDKs ask for JSON.
    let xml = params.get("format").is_none_or(|f| f.trim() == "xml");
    let root = params.get("method").map(|m| response_root(m.trim()));
    let simplify = params.get("simplify").is_some_and(|s| s.trim() == "true");
    let request_id = state.request_id();
    let answer = match check(&state, &params) {
        Ok(body) => {
            let mut body = body;
            body.insert("request_id".into(), request_id.into());
            match (simplify && !xml, root) {
                (true, _) | (_, None) => Value::Object(body),
                (false, Some(root)) => json!({ root: body }),
            }
        }
        Err(e) => {
            let mut err = Map::new();
            err.insert("code".into(), e.code.into());
            err.insert("msg".into(), e.msg.into());
            if let Some(c) = e.sub_code {
                err.insert("sub_code".into(), c.into());
            }
            if let Some(m) = e.sub_msg {
                err.insert("sub_msg".into(), m.into());
            }
            err.insert("request_id".into(), request_id.into());
            json!({ "error_response": err })
        }
    };
    if xml {
        let text = to_xml(&answer);
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/xml;charset=UTF-8")],
            text,
        )
            .into_response()
    } else {
        super::json_response(StatusCode::OK, &answer)
    }
}

fn given<'a>(params: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !is_blank(v))
}

/// The checks in TOP's order; `Ok` is the success body without its root.
fn check(
    state: &MockState,
    params: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, TopError> {
    let method = given(params, "method").ok_or_else(|| TopError::new(21, "Missing method"))?;
    let app_key = given(params, "app_key").ok_or_else(|| TopError::new(28, "Missing app key"))?;
    if app_key != demo(Vendor::Taobao, "app_key") {
        let sub = vendor_message(Vendor::Taobao, "isv.appkey-not-exists");
        return Err(TopError::new(29, "Invalid app key").sub(
            "isv.appkey-not-exists",
            sub.map_or_else(|| "AppKey不存在".into(), |m| m.zh),
        ));
    }
    // Any well-formed method is served once the call is signed (a class can practise any
    // API); the catalog's APIs also get their parameters checked.
    let method = method.trim();
    if !is_method_name(method) {
        return Err(TopError::new(22, "Invalid method"));
    }
    check_timestamp(state, given(params, "timestamp"))?;
    match given(params, "v") {
        None => return Err(TopError::new(32, "Missing version")),
        Some(v) if v.trim() != "2.0" => return Err(TopError::new(34, "Unsupported version")),
        Some(_) => {}
    }
    if let Some(f) = given(params, "format") {
        if !matches!(f.trim(), "json" | "xml") {
            return Err(TopError::new(23, "Invalid format"));
        }
    }
    let sign_method = SignMethod::parse(params.get("sign_method").map_or("", String::as_str))
        .map_err(|_| TopError::new(41, "Invalid arguments").about("sign_method"))?;
    let sign = given(params, "sign").ok_or_else(|| TopError::new(24, "Missing signature"))?;
    let (text, _) = string_to_sign(params);
    // Case-sensitive, as TOP compares: the SDKs send upper hex.
    if digest(sign_method, demo(Vendor::Taobao, "app_secret"), &text) != sign {
        return Err(TopError::new(taobao::BAD_SIGNATURE, "Invalid signature"));
    }
    if let Some(session) = given(params, "session") {
        if session != demo(Vendor::Taobao, "session") {
            let sub = vendor_message(Vendor::Taobao, "invalid-sessionkey");
            return Err(TopError::new(27, "Invalid session").sub(
                "invalid-sessionkey",
                sub.map_or_else(|| "SessionKey非法".into(), |m| m.zh),
            ));
        }
    }
    let Some(api) = catalog_api(Vendor::Taobao, method) else {
        return Ok(echo(method, params));
    };
    check_arguments(api, params)?;
    let mut body = Map::new();
    body.insert("spi_result".into(), json!({ "success": true }));
    Ok(body)
}

/// A method the catalog does not describe: what arrived, as the success body.
fn echo(method: &str, params: &BTreeMap<String, String>) -> Map<String, Value> {
    let business: Map<String, Value> = params
        .iter()
        .filter(|(k, _)| !SYSTEM_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    let mut body = Map::new();
    body.insert(
        "received".into(),
        json!({ "method": method, "params": business }),
    );
    body
}

/// `yyyy-MM-dd HH:mm:ss` Beijing time, or Unix milliseconds as the Python SDK sends.
fn check_timestamp(state: &MockState, timestamp: Option<&str>) -> Result<(), TopError> {
    let text = timestamp
        .ok_or_else(|| TopError::new(30, "Missing timestamp"))?
        .trim();
    let Some(at) = taobao::parse_timestamp(text) else {
        return Err(TopError::new(31, "Invalid timestamp").explain(format!(
            "时间戳格式错误，应为 yyyy-MM-dd HH:mm:ss（北京时间）: {text}"
        )));
    };
    let now = state.now_ms();
    if !within_window(Vendor::Taobao, at, now) {
        return Err(TopError::new(31, "Invalid timestamp").explain(format!(
            "时间戳与服务器时间相差超过10分钟，服务器时间 {}（北京时间）",
            clock::beijing(now)
        )));
    }
    Ok(())
}

/// Business parameters: present (40), JSON where the API takes an object (41), then
/// the catalog's checks on the document they make (41 with the path in `sub_code`).
fn check_arguments(api: &Api, params: &BTreeMap<String, String>) -> Result<(), TopError> {
    let mut document = Map::new();
    for field in &api.params {
        let name = field.name.as_str();
        let Some(raw) = given(params, name) else {
            if field.required {
                return Err(TopError::new(40, "Missing required arguments").about(name));
            }
            continue;
        };
        let value = if matches!(field.ty, FieldType::Object | FieldType::Array) {
            serde_json::from_str(raw).map_err(|e| {
                TopError::new(41, "Invalid arguments").about(name).sub(
                    format!("isv.invalid-parameter:{name}"),
                    format!("{name} 不是合法的 JSON: {e}"),
                )
            })?
        } else {
            Value::String(raw.to_string())
        };
        document.insert(name.to_string(), value);
    }
    let Some(problem) = check_document(api, &Value::Object(document))
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    // TOP names the parameter in `msg` and the place inside it in `sub_code`.
    let (param, inner) = match problem.path.split_once('.') {
        Some((param, inner)) => (param.to_string(), inner.to_string()),
        None => (problem.path.clone(), problem.path.clone()),
    };
    let kind = if problem.missing {
        "isv.missing-parameter"
    } else {
        "isv.invalid-parameter"
    };
    Err(TopError::new(41, "Invalid arguments").about(&param).sub(
        format!("{kind}:{inner}"),
        format!("{}: {}", problem.path, problem.message),
    ))
}

/// TOP's XML form of an answer: one element per key, arrays as repeated elements.
fn to_xml(value: &Value) -> String {
    fn write(out: &mut String, name: &str, value: &Value) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| write(out, name, v)),
            Value::Object(map) => {
                out.push_str(&format!("<{name}>"));
                map.iter().for_each(|(k, v)| write(out, k, v));
                out.push_str(&format!("</{name}>"));
            }
            Value::Null => out.push_str(&format!("<{name}/>")),
            Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
            other => out.push_str(&format!("<{name}>{other}</{name}>")),
        }
    }
    fn escape(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8" ?>"#);
    if let Value::Object(map) = value {
        map.iter().for_each(|(k, v)| write(&mut out, k, v));
    }
    out
}
