//! From a parameter document to the JSON input of `countersign sign`: Taobao's business
//! parameters, 旺店通's positional-argument array, Kingdee's query and body. The document
//! is not validated here: support staff rebuild broken calls on purpose.

use serde_json::{Map, Value};

use super::model::{Api, ArrayStyle, Derive, Field};
use crate::options::{self, BuildOptions};
use crate::request::{SignRequest, Vendor};
use crate::value::to_text;
use crate::vendor::wdt::JsonStyle;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// `document`, `credentials` or `options` is not a JSON object.
    NotAnObject { what: &'static str },
    /// A credential that is not text.
    InvalidCredential { name: String },
    /// A value the builder needs and has nowhere to take from.
    MissingCredential { name: String, needed_for: String },
    UnknownOption {
        name: String,
        allowed: Vec<&'static str>,
    },
    InvalidOption {
        name: String,
        reason: options::OptionProblem,
    },
    /// The built input was refused by the signer's input model.
    Signer(crate::request::InputError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAnObject { what } => write!(f, "`{what}` must be a JSON object"),
            Self::InvalidCredential { name } => {
                write!(f, "credential `{name}` must be text (a JSON string)")
            }
            Self::MissingCredential { name, needed_for } => write!(
                f,
                "credential `{name}` is missing: it is needed for `{needed_for}` (or give `{needed_for}` in the document)"
            ),
            Self::UnknownOption { name, allowed } => write!(
                f,
                "unknown option `{name}`; this vendor takes: {}",
                allowed.join(", ")
            ),
            Self::InvalidOption { name, reason } => write!(f, "option `{name}`: {reason}"),
            Self::Signer(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

impl crate::lang::Localise for BuildError {
    fn zh(&self) -> String {
        self.message_zh()
    }
}

impl BuildError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NotAnObject { what } => format!("`{what}` 必须是 JSON 对象"),
            Self::InvalidCredential { name } => format!("凭证 `{name}` 必须是文本（JSON 字符串）"),
            Self::MissingCredential { name, needed_for } => format!(
                "缺少凭证 `{name}`：计算 `{needed_for}` 需要它（或在文档中直接给出 `{needed_for}`）"
            ),
            Self::UnknownOption { name, allowed } => {
                format!("未知选项 `{name}`；此厂商支持：{}", allowed.join("、"))
            }
            Self::InvalidOption { name, reason } => {
                format!("选项 `{name}`：{}", crate::lang::Localise::zh(reason))
            }
            Self::Signer(e) => format!("签名输入无效：{}", crate::lang::Localise::zh(e)),
        }
    }
}

fn object<'a>(
    value: &'a Value,
    what: &'static str,
) -> Result<Option<&'a Map<String, Value>>, BuildError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        _ => Err(BuildError::NotAnObject { what }),
    }
}

/// The JSON object `countersign sign` reads, for `api` and `document`. Only the options
/// of `api`'s vendor are read (the others' are ignored: the app keeps them all).
pub fn build_sign_input(
    api: &Api,
    document: &Value,
    credentials: &Value,
    now_ms: Option<i64>,
    options: &BuildOptions,
) -> Result<Value, BuildError> {
    let doc = document
        .as_object()
        .ok_or(BuildError::NotAnObject { what: "document" })?;
    let empty = Map::new();
    let creds = object(credentials, "credentials")?.unwrap_or(&empty);

    let mut out = Map::new();
    out.insert("vendor".into(), Value::from(api.vendor.id()));
    out.insert("credentials".into(), signer_credentials(api, creds)?);
    if let Some(ms) = now_ms {
        out.insert("now_ms".into(), Value::from(ms));
    }
    match api.vendor {
        _ if api.is_custom() => super::custom::build(api, doc, options.wdt.json_style, &mut out),
        Vendor::Taobao => taobao(api, doc, &mut out),
        Vendor::Wdt => wdt(api, doc, &options.wdt, &mut out),
        Vendor::Kingdee => kingdee(api, doc, creds, &mut out)?,
    }
    signer_options(api.vendor, options, &mut out);
    if let Some(env) = &options.environment {
        apply_environment(api, env, options.origin.as_deref(), &mut out)?;
    }
    Ok(Value::Object(out))
}

/// Same, parsed into the signer's input, ready for `.sign()`.
pub fn build_request(
    api: &Api,
    document: &Value,
    credentials: &Value,
    now_ms: Option<i64>,
    options: &BuildOptions,
) -> Result<SignRequest, BuildError> {
    let input = build_sign_input(api, document, credentials, now_ms, options)?;
    let mut request = SignRequest::from_value(input).map_err(BuildError::Signer)?;
    // A catalog API's Kingdee body is written from the document by `json::write_object`
    // (see `kingdee` below); a custom request's may be text the person typed.
    if let SignRequest::Kingdee(r) = &mut request {
        r.body_is_json = !api.is_custom();
    }
    Ok(request)
}

/// The options the signer reads, under its input's names. (`json_style` was used to
/// write the body; `environment` picks the base below.)
fn signer_options(vendor: Vendor, o: &BuildOptions, out: &mut Map<String, Value>) {
    let mut put = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(name.into(), value);
        }
    };
    let text = |t: &Option<String>| t.as_deref().map(Value::from);
    put(options::base_name(vendor), text(&o.base));
    put("timestamp", text(&o.timestamp));
    match vendor {
        Vendor::Taobao => {
            let t = &o.taobao;
            put("sign_method", text(&t.sign_method));
            put("partner_id", text(&t.partner_id));
            put("simplify", t.simplify.map(Value::Bool));
            put("target_app_key", text(&t.target_app_key));
            put("format", text(&t.format));
            put("v", text(&t.v));
        }
        Vendor::Wdt => {
            let page = o
                .wdt
                .page
                .as_ref()
                .and_then(|p| serde_json::to_value(p).ok());
            put("page", page);
        }
        Vendor::Kingdee => put("nonce", text(&o.kingdee.nonce)),
    }
}

/// The credentials the signer takes for this API; numbers are accepted as text.
fn signer_credentials(api: &Api, creds: &Map<String, Value>) -> Result<Value, BuildError> {
    let mut out = Map::new();
    for (field, _) in api.credential_fields() {
        if !field.signer {
            continue;
        }
        match creds.get(&field.name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                out.insert(field.name.clone(), Value::from(s.as_str()));
            }
            Some(Value::Number(n)) => {
                out.insert(field.name.clone(), Value::from(n.to_string()));
            }
            Some(_) => {
                return Err(BuildError::InvalidCredential {
                    name: field.name.clone(),
                })
            }
        }
    }
    Ok(Value::Object(out))
}

fn credential_text(creds: &Map<String, Value>, name: &str) -> Option<String> {
    creds
        .get(name)
        .and_then(to_text)
        .filter(|s| !s.trim().is_empty())
}

/// Taobao: each top-level key of the document is one business parameter; objects become
/// their compact JSON text, keys in document order (`req_dto`).
fn taobao(api: &Api, doc: &Map<String, Value>, out: &mut Map<String, Value>) {
    out.insert("method".into(), Value::from(api.endpoint()));
    let params: Map<String, Value> = doc
        .iter()
        .filter_map(|(k, v)| to_text(v).map(|t| (k.clone(), Value::from(t))))
        .collect();
    out.insert("params".into(), Value::Object(params));
}

/// 旺店通: the body is the JSON array of the method's positional arguments. A missing
/// trailing argument is left off, as a PHP call with fewer arguments does.
fn wdt(
    api: &Api,
    doc: &Map<String, Value>,
    o: &crate::wdt::BuildOptions,
    out: &mut Map<String, Value>,
) {
    out.insert("method".into(), Value::from(api.endpoint()));
    let mut args: Vec<Value> = api
        .positional
        .iter()
        .map(|name| doc.get(name).cloned().unwrap_or(Value::Null))
        .collect();
    while args.last().is_some_and(Value::is_null) {
        args.pop();
    }
    out.insert(
        "body".into(),
        Value::from(json_text(&Value::Array(args), o.json_style)),
    );
    // An API whose page lists `pager` among its parameters (not an argument of the
    // method): its page_size/page_no/calc_total go to the URL, as the `page` option does.
    if o.page.is_none() {
        let pager = api
            .params
            .iter()
            .find(|f| !api.positional.contains(&f.name) && f.name.eq_ignore_ascii_case("pager"));
        if let Some(Value::Object(page)) = pager.and_then(|f| doc.get(&f.name)) {
            out.insert("page".into(), Value::Object(page.clone()));
        }
    }
}

/// A 旺店通 body in the chosen JSON style.
pub(crate) fn json_text(value: &Value, style: JsonStyle) -> String {
    match style {
        JsonStyle::Compact => crate::json::to_string(value),
        JsonStyle::Php => php_json(value),
    }
}

/// The JSON text PHP's `json_encode` writes by default: non-ASCII as `\uXXXX` and `/`
/// as `\/`. Both only occur inside strings in compact JSON, so escaping the text is exact.
pub(crate) fn php_json(value: &Value) -> String {
    crate::encoding::php_escape(&crate::json::to_string(value))
}

/// Kingdee: query parameters from the fields marked `in: query` (arrays joined by
/// commas), everything else in the JSON body; values the document leaves out are taken
/// from the credentials or derived (`app_signature`). A GET has no body (a browser sends
/// none): all its parameters go in the query.
fn kingdee(
    api: &Api,
    doc: &Map<String, Value>,
    creds: &Map<String, Value>,
    out: &mut Map<String, Value>,
) -> Result<(), BuildError> {
    out.insert("http_method".into(), Value::from(api.http_method.as_str()));
    out.insert("path".into(), Value::from(api.endpoint()));
    let is_query = |f: &Field| api.in_query(f);
    let has_body_params = api.sends_body() && api.params.iter().any(|f| !is_query(f));
    let mut query = Map::new();

    for field in api.params.iter().filter(|f| is_query(f)) {
        let given = doc.get(&field.name).filter(|v| !v.is_null());
        let text = match given {
            Some(value) => query_text(field, value),
            None => field
                .from_credential
                .as_deref()
                .and_then(|c| credential_text(creds, c)),
        };
        if let Some(text) = text {
            query.insert(field.name.clone(), Value::from(text));
        }
    }
    for field in api.params.iter().filter(|f| is_query(f)) {
        if query.contains_key(&field.name) {
            continue;
        }
        match field.derive {
            Some(Derive::KingdeeAppSignature) => {
                let app_key = query
                    .get("app_key")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| BuildError::MissingCredential {
                        name: "app_key".into(),
                        needed_for: field.name.clone(),
                    })?;
                let app_secret = credential_text(creds, "app_secret").ok_or_else(|| {
                    BuildError::MissingCredential {
                        name: "app_secret".into(),
                        needed_for: field.name.clone(),
                    }
                })?;
                let signature = crate::kingdee::app_signature(&app_key, &app_secret);
                query.insert(field.name.clone(), Value::from(signature));
            }
            None => {
                if let (true, Some(cred)) = (field.required, &field.from_credential) {
                    return Err(BuildError::MissingCredential {
                        name: cred.clone(),
                        needed_for: field.name.clone(),
                    });
                }
            }
        }
    }
    // Keys the catalog does not declare go where the API's other parameters go. The
    // query fields are few: only a key named like one of them needs the catalog lookup
    // (the first field of that name decides, as `api.param` finds it).
    let query_fields: Vec<&str> = api
        .params
        .iter()
        .filter(|f| is_query(f))
        .map(|f| f.name.as_str())
        .collect();
    let in_query = |key: &str| query_fields.contains(&key) && api.param(key).is_some_and(is_query);
    // Written from the document itself: no copy of a 100-row document per keystroke.
    let body = has_body_params.then(|| {
        let mut body = String::new();
        crate::json::write_object(&mut body, doc, |key| !in_query(key));
        body
    });
    if !has_body_params {
        for (key, value) in doc {
            if in_query(key) {
                continue;
            }
            if let Some(text) = to_text(value) {
                query.insert(key.clone(), Value::from(text));
            }
        }
    }
    if !query.is_empty() {
        out.insert("query".into(), Value::Object(query));
    }
    if let Some(body) = body {
        out.insert("body".into(), Value::from(body));
    }
    Ok(())
}

/// A query value as the vendor expects it: `ids=a,b` for arrays.
fn query_text(field: &Field, value: &Value) -> Option<String> {
    match (value, field.style) {
        (Value::Array(items), Some(ArrayStyle::Csv)) => {
            if items.is_empty() {
                return None;
            }
            Some(
                items
                    .iter()
                    .filter_map(to_text)
                    .collect::<Vec<_>>()
                    .join(","),
            )
        }
        _ => to_text(value),
    }
}

fn apply_environment(
    api: &Api,
    id: &str,
    origin: Option<&str>,
    out: &mut Map<String, Value>,
) -> Result<(), BuildError> {
    let vendor = api.vendor_info();
    let environment = vendor.environment(id).ok_or_else(|| {
        let ids: Vec<&str> = vendor.environments.iter().map(|e| e.id.as_str()).collect();
        BuildError::InvalidOption {
            name: "environment".into(),
            reason: options::OptionProblem::NotOneOf {
                given: Some(id.to_string()),
                allowed: ids.iter().map(|s| s.to_string()).collect(),
            },
        }
    })?;
    let url = if environment.base.starts_with('/') {
        let origin = origin.ok_or_else(|| BuildError::InvalidOption {
            name: "origin".into(),
            reason: options::OptionProblem::NeedsOrigin {
                environment: id.to_string(),
            },
        })?;
        environment.url(origin)
    } else {
        environment.base.clone()
    };
    out.entry(options::base_name(api.vendor))
        .or_insert(Value::from(url));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_body_written_from_a_catalog_document_skips_the_signers_json_check() {
        let kingdee = |id: &str, doc: Value| {
            let api = crate::catalog::find(id).expect(id);
            let creds = api.vendor_info().demo_credentials();
            match build_request(api, &doc, &creds, Some(1), &BuildOptions::default()) {
                Ok(SignRequest::Kingdee(r)) => r,
                other => panic!("{id}: {other:?}"),
            }
        };
        let material = crate::catalog::find("kingdee.material.save").expect("material");
        let r = kingdee("kingdee.material.save", material.example_document().clone());
        assert!(r.body_is_json);
        let body = r.body.as_deref().expect("a body");
        assert!(serde_json::from_str::<Value>(body).is_ok_and(|v| v.is_object()));
        // A custom request's body is the person's text: still checked, and refused.
        let custom = kingdee(
            "kingdee.custom",
            serde_json::json!({"http_method": "POST", "path": "/jdy/v2/x", "body": "{not json"}),
        );
        assert!(!custom.body_is_json);
        assert!(custom.sign().is_err(), "{custom:?}");
    }

    #[test]
    fn php_json_escapes_like_json_encode() {
        let v: Value = serde_json::from_str(r#"[{"remark":"盘点 a/b","e":"😀"}]"#).unwrap();
        assert_eq!(
            php_json(&v),
            r#"[{"remark":"\u76d8\u70b9 a\/b","e":"\ud83d\ude00"}]"#
        );
    }
}
