//! Custom requests: any method (Taobao, 旺店通) or path (Kingdee), built and signed by the
//! same builder and signers as the catalog's APIs. Each vendor has one entry
//! (`catalog/custom/*.json`, id `<vendor>.custom`) whose document names the endpoint:
//!
//! - Taobao  `{"method": "taobao.trades.sold.get", "params": {"fields": "tid", …}, "with_session": false}`
//! - 旺店通  `{"method": "…", "body": [positional arguments], "page": {"page_size": 50, …}}`
//! - Kingdee `{"http_method": "GET", "path": "/jdy/v2/…", "query": {…}, "body": {…}}`
//!
//! Text the form could not parse as JSON stays in the document as a string (a wdt or
//! Kingdee `body`, a Taobao value starting with `{`): nothing typed is lost, the validator
//! says where it breaks, and the builder sends the text as it is (support staff reproduce
//! broken calls on purpose). The signing rules stay in the signers.

use serde_json::{Map, Value};

use super::build::json_text;
use super::model::Api;
use super::validate::{Finding, FindingCode, FindingSource, Severity};
use crate::request::Vendor;
use crate::taobao::SYSTEM_PARAMS;
use crate::value::to_text;
use crate::vendor::wdt::JsonStyle;

/// Where every Kingdee v2 business API lives.
pub const KINGDEE_PREFIX: &str = crate::vendor::kingdee::BUSINESS_PREFIX;

/// The HTTP methods a custom Kingdee request may use.
pub const KINGDEE_METHODS: [&str; 4] = crate::vendor::kingdee::BUSINESS_METHODS;

/// 旺店通's paging parameters, signed with the common ones when given.
pub const WDT_PAGE: [&str; 3] = ["page_size", "page_no", "calc_total"];

/// The document keys of each vendor's custom request.
fn keys(vendor: Vendor) -> &'static [&'static str] {
    match vendor {
        Vendor::Taobao => &["method", "params", "with_session"],
        Vendor::Wdt => &["method", "body", "page"],
        Vendor::Kingdee => &["http_method", "path", "query", "body"],
    }
}

/// The custom-request entry of a vendor.
pub fn custom(vendor: Vendor) -> &'static Api {
    super::customs()
        .iter()
        .find(|a| a.vendor == vendor)
        .expect("every vendor has a custom entry")
}

fn text<'a>(doc: &'a Value, key: &str) -> Option<&'a str> {
    doc.as_object().and_then(|m| map_text(m, key))
}

fn map_text<'a>(doc: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    doc.get(key).and_then(Value::as_str).map(str::trim)
}

/// The HTTP method and the endpoint (method name or path) a document calls: the API's
/// own, or for a custom request what the document names (empty when it names nothing).
pub fn endpoint_of(api: &Api, document: &Value) -> (String, String) {
    if !api.is_custom() {
        return (api.http_method.clone(), api.endpoint().to_string());
    }
    match api.vendor {
        // No method yet is none (the signer refuses it), not the entry's GET: the header
        // named a method the request would not be sent with.
        Vendor::Kingdee => (
            text(document, "http_method")
                .map(str::to_ascii_uppercase)
                .unwrap_or_default(),
            text(document, "path").unwrap_or_default().to_string(),
        ),
        _ => (
            api.http_method.clone(),
            text(document, "method").unwrap_or_default().to_string(),
        ),
    }
}

/// [`endpoint_of`] in one line for people (`POST /jdy/v2/bd/unit`): the endpoint alone
/// while the request names no method yet.
pub fn endpoint_line(api: &Api, document: &Value) -> String {
    match endpoint_of(api, document) {
        (method, endpoint) if method.is_empty() => endpoint,
        (method, endpoint) => format!("{method} {endpoint}"),
    }
}

/// A parameter value as Taobao receives it: text that is JSON (`{…}`, `[…]`) is sent as
/// its compact form, like `req_dto`; other text as typed.
pub fn param_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(match parse_json_text(s) {
            Some(Ok(v)) => v.to_string(),
            _ => s.clone(),
        }),
        other => to_text(other),
    }
}

/// `None` when the text does not look like JSON (does not start with `{` or `[`).
fn parse_json_text(s: &str) -> Option<Result<Value, serde_json::Error>> {
    s.trim_start()
        .starts_with(['{', '['])
        .then(|| serde_json::from_str(s))
}

// --- building ---------------------------------------------------------------------------

/// Fills the vendor fields of the `countersign sign` input from a custom document.
pub(crate) fn build(
    api: &Api,
    doc: &Map<String, Value>,
    json_style: JsonStyle,
    out: &mut Map<String, Value>,
) {
    let doc_text = |key: &str| {
        doc.get(key)
            .and_then(to_text)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    match api.vendor {
        Vendor::Taobao => {
            out.insert("method".into(), Value::from(doc_text("method")));
            let params: Map<String, Value> = rows(doc.get("params"))
                .filter_map(|(k, v)| param_text(v).map(|t| (k.to_string(), Value::from(t))))
                .collect();
            out.insert("params".into(), Value::Object(params));
            if doc.get("with_session") == Some(&Value::Bool(false)) {
                if let Some(Value::Object(creds)) = out.get_mut("credentials") {
                    creds.remove("session");
                }
            }
        }
        Vendor::Wdt => {
            out.insert("method".into(), Value::from(doc_text("method")));
            let body = match doc.get("body") {
                None | Some(Value::Null) => "[]".to_string(),
                // Text the form could not parse: sent as typed.
                Some(Value::String(s)) => s.clone(),
                Some(v) => json_text(v, json_style),
            };
            out.insert("body".into(), Value::from(body));
            let page: Map<String, Value> = WDT_PAGE
                .iter()
                .filter_map(|k| {
                    let v = doc.get("page")?.get(*k)?;
                    to_text(v)
                        .filter(|t| !t.trim().is_empty())
                        .map(|_| (k.to_string(), v.clone()))
                })
                .collect();
            if !page.is_empty() {
                out.insert("page".into(), Value::Object(page));
            }
        }
        Vendor::Kingdee => {
            let method = doc_text("http_method").to_ascii_uppercase();
            out.insert("http_method".into(), Value::from(method.as_str()));
            out.insert("path".into(), Value::from(doc_text("path")));
            let query: Map<String, Value> = rows(doc.get("query"))
                .filter_map(|(k, v)| to_text(v).map(|t| (k.to_string(), Value::from(t))))
                .collect();
            if !query.is_empty() {
                out.insert("query".into(), Value::Object(query));
            }
            // A browser cannot send a GET with a body; the validator says it is left out.
            let body = match doc.get("body") {
                _ if method == "GET" => None,
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(v) => Some(v.to_string()),
            };
            if let Some(body) = body {
                out.insert("body".into(), Value::from(body));
            }
        }
    }
}

/// The key → value rows of `params`/`query`, without nameless ones.
fn rows(value: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    value
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.trim(), v))
        .filter(|(k, _)| !k.is_empty())
}

// --- validating -------------------------------------------------------------------------

struct Out(Vec<Finding>);

impl Out {
    fn push(&mut self, path: &str, severity: Severity, code: FindingCode, zh: String, en: String) {
        self.0.push(Finding {
            path: path.to_string(),
            severity,
            code,
            message_zh: zh,
            message_en: en,
            // The custom form checks the vendor's own rules (method name, path, JSON).
            source: FindingSource::Doc,
        });
    }

    fn error(
        &mut self,
        path: &str,
        code: FindingCode,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.push(path, Severity::Error, code, zh.into(), en.into());
    }

    fn warn(
        &mut self,
        path: &str,
        code: FindingCode,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.push(path, Severity::Warning, code, zh.into(), en.into());
    }

    /// Where JSON text breaks, with the parser's own words.
    fn bad_json(&mut self, path: &str, e: &serde_json::Error) {
        let (line, col) = (e.line(), e.column());
        let message = e.to_string();
        let reason = |l| crate::json_at::reason(&message, l);
        let (zh, en) = (reason(crate::Lang::Zh), reason(crate::Lang::En));
        self.error(
            path,
            FindingCode::Json,
            format!("不是有效的 JSON（第 {line} 行第 {col} 列）：{zh}"),
            format!("is not valid JSON (line {line}, column {col}): {en}"),
        );
    }
}

/// The findings for a custom document: what is missing, malformed or will not be sent.
pub(crate) fn validate(api: &Api, doc: &Map<String, Value>) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    match api.vendor {
        Vendor::Taobao => {
            method_name(&mut out, doc, "taobao.trades.sold.get");
            if let Some(params) = object(&mut out, doc, "params") {
                for (key, value) in params {
                    let path = format!("params.{key}");
                    if key.trim().is_empty() {
                        out.error(
                            "params",
                            FindingCode::Required,
                            "有一行参数没有名称",
                            "a parameter row has no name",
                        );
                    } else if SYSTEM_PARAMS.contains(&key.trim()) {
                        out.error(
                            &path,
                            FindingCode::Reserved,
                            format!("`{key}` 是系统参数，由签名程序填写：sign_method、partner_id、simplify 在签名面板中设置，session 在凭证中"),
                            format!("`{key}` is a system parameter the signer writes: set sign_method, partner_id and simplify in the signature panel, session in the credentials"),
                        );
                    } else if let Value::String(s) = value {
                        if let Some(Err(e)) = parse_json_text(s) {
                            out.bad_json(&path, &e);
                        }
                    }
                }
            }
            if doc
                .get("with_session")
                .is_some_and(|v| !v.is_boolean() && !v.is_null())
            {
                out.error(
                    "with_session",
                    FindingCode::Type,
                    "必须是 true 或 false",
                    "must be true or false",
                );
            }
        }
        Vendor::Wdt => {
            method_name(&mut out, doc, "wms.stockout.Sales.weighingExt");
            match doc.get("body") {
                None | Some(Value::Null) | Some(Value::Array(_)) => {}
                Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
                    Err(e) => out.bad_json("body", &e),
                    Ok(Value::Array(_)) => {}
                    Ok(_) => not_array(&mut out),
                },
                Some(_) => not_array(&mut out),
            }
            if let Some(page) = object(&mut out, doc, "page") {
                for (key, value) in page {
                    let path = format!("page.{key}");
                    if !WDT_PAGE.contains(&key.as_str()) {
                        out.warn(
                            &path,
                            FindingCode::UnknownField,
                            format!("不是分页参数（{}），不会发送", WDT_PAGE.join("、")),
                            format!(
                                "is not a paging parameter ({}); not sent",
                                WDT_PAGE.join(", ")
                            ),
                        );
                    } else if !is_count(value) {
                        out.error(
                            &path,
                            FindingCode::Type,
                            "必须是非负整数",
                            "must be a whole number, 0 or more",
                        );
                    }
                }
            }
        }
        Vendor::Kingdee => {
            match map_text(doc, "http_method") {
                None | Some("") => out.error(
                    "http_method",
                    FindingCode::Required,
                    "必填：GET、POST、PUT 或 DELETE",
                    "is required: GET, POST, PUT or DELETE",
                ),
                Some(m) if !KINGDEE_METHODS.contains(&m.to_ascii_uppercase().as_str()) => out
                    .error(
                        "http_method",
                        FindingCode::Enum,
                        format!("`{m}` 不是 GET、POST、PUT 或 DELETE"),
                        format!("`{m}` is not GET, POST, PUT or DELETE"),
                    ),
                Some(_) => {}
            }
            kingdee_path(&mut out, doc.get("path"));
            if let Some(query) = object(&mut out, doc, "query") {
                if query.keys().any(|k| k.trim().is_empty()) {
                    out.error(
                        "query",
                        FindingCode::Required,
                        "有一行查询参数没有名称",
                        "a query row has no name",
                    );
                }
            }
            let get = map_text(doc, "http_method").is_some_and(|m| m.eq_ignore_ascii_case("GET"));
            match doc.get("body") {
                None | Some(Value::Null) => {}
                Some(_) if get => out.warn(
                    "body",
                    FindingCode::Format,
                    "GET 请求不发送请求体：它会被忽略",
                    "a GET sends no body: it is left out",
                ),
                Some(Value::String(s)) => {
                    if let Err(e) = serde_json::from_str::<Value>(s) {
                        out.bad_json("body", &e);
                    }
                }
                Some(_) => {}
            }
        }
    }
    for key in doc.keys() {
        if !keys(api.vendor).contains(&key.as_str()) {
            out.warn(
                key,
                FindingCode::UnknownField,
                format!(
                    "不是自定义请求的字段（{}），不会发送",
                    keys(api.vendor).join("、")
                ),
                format!(
                    "is not a field of a custom request ({}); not sent",
                    keys(api.vendor).join(", ")
                ),
            );
        }
    }
    out.0
}

/// An optional object member; anything else there is a type error.
fn object<'a>(
    out: &mut Out,
    doc: &'a Map<String, Value>,
    key: &str,
) -> Option<&'a Map<String, Value>> {
    match doc.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => {
            out.error(
                key,
                FindingCode::Type,
                "必须是 JSON 对象（名称 → 值）",
                "must be a JSON object (name → value)",
            );
            None
        }
    }
}

fn not_array(out: &mut Out) {
    out.error(
        "body",
        FindingCode::Type,
        "必须是 JSON 数组：方法的位置参数，如 `[{…}, […]]`",
        "must be a JSON array of the method's positional arguments, e.g. `[{…}, […]]`",
    );
}

fn is_count(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Number(n) => n.as_u64().is_some(),
        Value::String(s) => s.trim().is_empty() || s.trim().bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// Taobao and 旺店通 method names: dotted words (`taobao.trades.sold.get`).
fn method_name(out: &mut Out, doc: &Map<String, Value>, example: &str) {
    let method = match doc.get("method") {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s.trim(),
        Some(_) => {
            out.error("method", FindingCode::Type, "必须是文本", "must be text");
            return;
        }
    };
    if method.is_empty() {
        out.error(
            "method",
            FindingCode::Required,
            format!("必填：接口的方法名，如 {example}"),
            format!("is required: the API's method name, e.g. {example}"),
        );
    } else if !is_method_name(method) {
        out.error(
            "method",
            FindingCode::Format,
            format!("`{method}` 不是方法名：应为以点分隔的字母、数字或下划线，如 {example}"),
            format!("`{method}` is not a method name: dot-separated letters, digits or underscores, e.g. {example}"),
        );
    }
}

/// Dot-separated words of ASCII letters, digits and underscores, at least two.
pub fn is_method_name(method: &str) -> bool {
    let parts: Vec<&str> = method.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

fn kingdee_path(out: &mut Out, value: Option<&Value>) {
    let path = match value {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s.trim(),
        Some(_) => {
            out.error("path", FindingCode::Type, "必须是文本", "must be text");
            return;
        }
    };
    let example = "/jdy/v2/bd/material";
    if path.is_empty() {
        out.error(
            "path",
            FindingCode::Required,
            format!("必填：{KINGDEE_PREFIX} 下的接口路径，如 {example}"),
            format!("is required: the API's path under {KINGDEE_PREFIX}, e.g. {example}"),
        );
    } else if path.starts_with("http://") || path.starts_with("https://") {
        // A pasted address: first, since its `//`, query and the like are not the point.
        without_slash(out, path);
    } else if path.contains('#') {
        out.error(
            "path",
            FindingCode::Format,
            "路径中不能有 `#`：浏览器不会发送 `#` 之后的部分",
            "the path has a `#`: the browser does not send what follows it",
        );
    } else if path.contains('?') {
        out.error(
            "path",
            FindingCode::Format,
            "路径中不能带查询参数：请把它们填在查询参数行中",
            "the path holds a query: put its parameters in the query rows",
        );
    } else if path.contains(char::is_whitespace) {
        out.error(
            "path",
            FindingCode::Format,
            "路径中不能有空格",
            "the path has a space in it",
        );
    } else if path.contains('\\') || path.split('/').any(dot_step) {
        out.error(
            "path",
            FindingCode::Format,
            "路径中不能有 `.`、`..` 或 `\\` 这样的段：浏览器会改写路径，发出的将不是签名的那个",
            "the path has a `.`, `..` or `\\` step: the browser would rewrite it and send \
             another path than the one signed",
        );
    } else if let std::borrow::Cow::Owned(sent) = crate::encoding::browser_path(path) {
        out.error(
            "path",
            FindingCode::Format,
            format!(
                "浏览器会把路径中的中文或符号转义后再发送，签名的必须是发出的路径：请写成 {sent}"
            ),
            format!(
                "the browser percent-encodes some characters of this path, and the path sent \
                 is the one to sign: write it as {sent}"
            ),
        );
    } else if !path.starts_with('/') {
        without_slash(out, path);
    } else if path.contains("//") || path.to_ascii_lowercase().contains("%2f") {
        out.error(
            "path",
            FindingCode::Format,
            "路径中不能有空的段（`//`）或转义的斜杠（`%2F`）：中转服务会拒绝这样的路径",
            "the path has an empty step (`//`) or an escaped slash (`%2F`): the relay refuses such paths",
        );
    } else if path == KINGDEE_PREFIX {
        out.error(
            "path",
            FindingCode::Format,
            format!("{KINGDEE_PREFIX} 后面还缺接口名，如 {example}"),
            format!("the API's name is missing after {KINGDEE_PREFIX}, e.g. {example}"),
        );
    } else if !path.starts_with(KINGDEE_PREFIX) {
        out.error(
            "path",
            FindingCode::Format,
            format!("`{path}` 不在 {KINGDEE_PREFIX} 下：精斗云 v2 的接口路径如 {example}"),
            format!("`{path}` is not under {KINGDEE_PREFIX}: 精斗云 v2 paths look like {example}"),
        );
    }
}

/// A path not starting with `/`, in the signer's own rule and words: the form says what
/// Send would.
fn without_slash(out: &mut Out, path: &str) {
    let refused = crate::error::SignError::PathWithoutSlash { path: path.into() };
    out.error(
        "path",
        FindingCode::Format,
        crate::lang::Localise::zh(&refused),
        refused.to_string(),
    );
}

/// A path step a URL parser resolves (`.` or `..`, also written with `%2e`), so the
/// request would go to another path than the one signed.
fn dot_step(step: &str) -> bool {
    let step = step.to_ascii_lowercase().replace("%2e", ".");
    step == "." || step == ".."
}

// --- importing --------------------------------------------------------------------------

/// The custom document of a captured Taobao call: its business parameters as received.
pub(crate) fn taobao_document(method: &str, params: Vec<(String, String)>) -> Value {
    let mut params_map = Map::new();
    for (k, v) in params {
        params_map.entry(k).or_insert(Value::String(v));
    }
    let mut doc = Map::new();
    doc.insert("method".into(), Value::from(method));
    doc.insert("params".into(), Value::Object(params_map));
    Value::Object(doc)
}

/// The custom document of a captured 旺店通 call; a body that is not JSON stays text.
pub(crate) fn wdt_document(method: &str, body: &str, page: Map<String, Value>) -> Value {
    let mut doc = Map::new();
    doc.insert("method".into(), Value::from(method));
    let body = serde_json::from_str::<Value>(body).unwrap_or_else(|_| Value::from(body));
    doc.insert("body".into(), body);
    if !page.is_empty() {
        doc.insert("page".into(), Value::Object(page));
    }
    Value::Object(doc)
}

/// The custom document of a captured Kingdee call.
pub(crate) fn kingdee_document(
    http_method: &str,
    path: &str,
    query: Vec<(String, String)>,
    body: &str,
) -> Value {
    let mut doc = Map::new();
    doc.insert(
        "http_method".into(),
        Value::from(http_method.to_ascii_uppercase()),
    );
    doc.insert("path".into(), Value::from(path));
    if !query.is_empty() {
        let q: Map<String, Value> = query
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        doc.insert("query".into(), Value::Object(q));
    }
    if !body.trim().is_empty() {
        let body = serde_json::from_str::<Value>(body).unwrap_or_else(|_| Value::from(body));
        doc.insert("body".into(), body);
    }
    Value::Object(doc)
}
