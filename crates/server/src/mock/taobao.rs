//! Mock Taobao TOP gateway (`/router/rest`): an axum adapter around core's
//! [`taobao::check`] (TOP's gateway rules, written once), the catalog's checks of the
//! business arguments, and TOP's answer envelope, JSON or XML.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use countersign_core::taobao::{self, response_root, TaobaoRequest, SYSTEM_PARAMS};
use countersign_core::value::is_blank;
use countersign_core::vendor::Refusal;
use serde_json::{json, Map, Value};

use super::{demo, vendor_message, MockState, Vendor};

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

    /// TOP's envelope for a gateway refusal: the code's message, the parameter after it
    /// for argument errors (40, 41), the sub code and the gateway's words.
    fn refused(r: Refusal) -> Self {
        let code = u32::try_from(r.code).unwrap_or(u32::MAX);
        let mut e = Self::new(code, "Error");
        if let (40 | 41, Some(name)) = (code, &r.name) {
            e = e.about(name);
        }
        e.sub_code = r.sub_code;
        e.sub_msg = (!r.detail.is_empty()).then_some(r.detail);
        e
    }

    /// TOP names the parameter after the message: `Missing required arguments:req_dto`.
    fn about(mut self, param: &str) -> Self {
        self.msg = format!("{}:{param}", self.msg);
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
    let request = taobao::read(&super::received(&method, &uri, &headers, &body));
    let params = request.values();
    // TOP's default format is XML; the SDKs ask for JSON.
    let xml = params.get("format").is_none_or(|f| f.trim() == "xml");
    let root = params.get("method").map(|m| response_root(m.trim()));
    let simplify = params.get("simplify").is_some_and(|s| s.trim() == "true");
    let request_id = state.request_id();
    let answer = match check(&state, &request, &params) {
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

/// The demo account the mock serves, from the catalog's mock environment.
fn account() -> taobao::Credentials {
    let demo = |name| Some(demo(Vendor::Taobao, name).to_string());
    taobao::Credentials {
        app_key: demo("app_key"),
        app_secret: demo("app_secret"),
        session: demo("session"),
    }
}

/// The gateway's checks, a described API's arguments among them (core's); `Ok` is the
/// success body without its root.
fn check(
    state: &MockState,
    request: &TaobaoRequest,
    params: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, TopError> {
    let described =
        taobao::check(request, &account(), Some(state.now_ms())).map_err(TopError::refused)?;
    if described.is_none() {
        let method = given(params, "method").unwrap_or_default().trim();
        return Ok(echo(method, params));
    }
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

/// TOP's XML form of an answer: one element per key, arrays as repeated elements.
fn to_xml(value: &Value) -> String {
    fn write(out: &mut String, name: &str, value: &Value) {
        // Names come from the request (echoed parameters): only XML name characters go
        // into markup, or a parameter named `x><script>…` would write elements of its own.
        let name = &xml_name(name);
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

/// `name` as an XML element name: ASCII letters, digits, `_`, `-` and `.` kept (TOP's own
/// names are snake_case), anything else `_`, and `_` before a first character that may
/// not start a name.
fn xml_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | '.' => c,
            _ => '_',
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_xml;

    #[test]
    fn names_from_the_request_cannot_write_markup() {
        let answer = serde_json::json!({"r": {
            "x><script>alert(1)</script><y": "v<",
            "1st": 1,
            "item_code": "I1",
        }});
        let xml = to_xml(&answer);
        assert!(!xml.contains("<script"), "{xml}");
        assert!(
            xml.contains("<x__script_alert_1___script__y>v&lt;</x__script_alert_1___script__y>"),
            "{xml}"
        );
        assert!(xml.contains("<_1st>1</_1st>"), "{xml}");
        assert!(xml.contains("<item_code>I1</item_code>"), "{xml}");
    }
}
