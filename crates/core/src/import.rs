//! From a captured request (cURL, URL, raw HTTP or HAR) back to the builder: the vendor,
//! the API, the parameter document and the pins that reproduce it. Credentials are
//! never taken, only the public identifiers (app key, sid, client id, domain); the session
//! tokens the request carries are read apart ([`tokens`]), for the caller to decide.

use serde::Serialize;
use serde_json::{Map, Value};

use std::fmt;

use crate::capture::{self, CaptureError, Captured};
use crate::catalog::{self, custom, Api, ArrayStyle};
use crate::lang::Localise;
use crate::options::BuildOptions;
use crate::vendor::kingdee::KingdeeRequest;
use crate::verify::VerifyError;
use crate::{taobao, Vendor};

#[derive(Clone, Debug, Serialize)]
pub struct Imported {
    pub vendor: Vendor,
    pub api: String,
    pub document: Value,
    /// Builder options: pinned `timestamp` and `nonce`, `sign_method`, `page`, base URL …
    pub options: BuildOptions,
    /// Non-secret identifiers found in the request.
    pub identifiers: Map<String, Value>,
    /// The protocol parameters (Kingdee: headers) the gateway requires and the request
    /// lacks: the builder writes them anew, so sending it does not reproduce the refusal
    /// their absence earns.
    pub missing: Vec<&'static str>,
}

/// Why a captured request cannot be opened in the builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The text is no request at all.
    Capture(CaptureError),
    /// No Taobao, 旺店通 or Kingdee marks.
    UnknownVendor,
    /// One vendor's marks but for one (`vendor::missing_mark`).
    LacksMark { vendor: Vendor, mark: &'static str },
    /// A Taobao or 旺店通 request without its `method` parameter.
    NoMethod { vendor: Vendor },
    /// A 旺店通 request for a known method whose body is not the JSON array of arguments.
    WdtBodyNotArray { line: usize, column: usize },
    /// An API id the catalog does not hold (e.g. from an older export).
    UnknownApi { api: String },
}

impl From<CaptureError> for ImportError {
    fn from(e: CaptureError) -> Self {
        Self::Capture(e)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Capture(e) => e.fmt(f),
            Self::UnknownVendor | Self::LacksMark { .. } => self.unplaced().fmt(f),
            Self::NoMethod { vendor } => write!(
                f,
                "the {} request has no `method` parameter",
                vendor.name(false)
            ),
            Self::WdtBodyNotArray { line, column } => write!(
                f,
                "the 旺店通 body is not a JSON array (line {line}, column {column})"
            ),
            Self::UnknownApi { api } => write!(f, "`{api}` is not an API countersign knows"),
        }
    }
}

impl ImportError {
    /// Check's words for a vendor it cannot tell: both read a capture the same way.
    fn unplaced(&self) -> VerifyError {
        match self {
            Self::LacksMark { vendor, mark } => VerifyError::LacksMark {
                vendor: *vendor,
                mark,
            },
            _ => VerifyError::UnknownVendor,
        }
    }
}

impl Localise for ImportError {
    fn zh(&self) -> String {
        match self {
            Self::Capture(e) => e.zh(),
            Self::UnknownVendor | Self::LacksMark { .. } => self.unplaced().zh(),
            Self::NoMethod { vendor } => {
                format!("{}请求中没有 `method` 参数", vendor.name(true))
            }
            Self::WdtBodyNotArray { line, column } => {
                format!("旺店通请求体不是 JSON 数组（第 {line} 行第 {column} 列）")
            }
            Self::UnknownApi { api } => format!("countersign 不认识接口 `{api}`"),
        }
    }
}

impl std::error::Error for ImportError {}

pub fn import(text: &str) -> Result<Imported, ImportError> {
    let c = capture::parse(text)?;
    let vendor = crate::verify::place(&c).map_err(|e| match e {
        VerifyError::LacksMark { vendor, mark } => ImportError::LacksMark { vendor, mark },
        _ => ImportError::UnknownVendor,
    })?;
    let mut imported = match vendor {
        Vendor::Taobao => import_taobao(&c),
        Vendor::Wdt => import_wdt(&c),
        Vendor::Kingdee => import_kingdee(&c),
    }?;
    imported.missing = missing(&c, vendor);
    Ok(imported)
}

/// The vendor's required protocol parameters (Kingdee: headers) `c` lacks or leaves empty,
/// by the lists the gateways' checks use.
pub fn missing(c: &Captured, vendor: Vendor) -> Vec<&'static str> {
    use crate::vendor::{kingdee, taobao, wdt};
    match vendor {
        Vendor::Taobao => {
            let r = taobao::read(c);
            lacking(&taobao::REQUIRED_PARAMS, |n| r.get(n))
        }
        Vendor::Wdt => {
            let r = wdt::read(c);
            lacking(&wdt::REQUIRED_PARAMS, |n| r.get(n))
        }
        Vendor::Kingdee => {
            let r = kingdee::read(c);
            lacking(&kingdee::REQUIRED_HEADERS, |n| r.header(n))
        }
    }
}

/// The `names` that `get` finds absent or blank.
fn lacking<'a>(names: &[&'static str], get: impl Fn(&str) -> Option<&'a str>) -> Vec<&'static str> {
    names
        .iter()
        .copied()
        .filter(|n| get(n).is_none_or(|v| v.trim().is_empty()))
        .collect()
}

/// The non-secret identifiers a captured request carries, by credential name, as the
/// vendor's gateway reads them: TOP's `app_key`; 旺店通's `sid` and `key` (the
/// credential `app_key`); Kingdee's `X-Api-ClientID` (`client_id`) and
/// `X-GW-Router-Addr` (`domain`). Secrets are never taken.
pub fn identifiers(c: &Captured, vendor: Vendor) -> Map<String, Value> {
    let found: Vec<(&str, Option<String>)> = match vendor {
        Vendor::Taobao => {
            let r = crate::vendor::taobao::read(c);
            vec![("app_key", r.get("app_key").map(str::to_string))]
        }
        Vendor::Wdt => {
            let r = crate::vendor::wdt::read(c);
            let get = |name| r.get(name).map(str::to_string);
            vec![("sid", get("sid")), ("app_key", get("key"))]
        }
        Vendor::Kingdee => {
            let r = crate::vendor::kingdee::read(c);
            let header = |name| r.header(name).map(str::to_string);
            vec![
                ("client_id", header("X-Api-ClientID")),
                ("domain", header("X-GW-Router-Addr")),
            ]
        }
    };
    found
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), Value::String(v?))))
        .collect()
}

/// The session tokens a captured request carries in clear, by credential name: TOP's
/// `session` and Kingdee's `app-token` header. They are secrets, so [`import`] leaves them
/// out; Check's "Open in builder" takes them into credentials kept in memory only. An
/// export's placeholder (`<session>`, `<app-token>`) is no token.
pub fn tokens(c: &Captured, vendor: Vendor) -> Vec<(&'static str, String)> {
    let Some(field) = crate::vendor::session_token_field(vendor) else {
        return Vec::new();
    };
    let found = match vendor {
        Vendor::Taobao => crate::vendor::taobao::read(c)
            .get("session")
            .map(str::to_string),
        Vendor::Kingdee => crate::vendor::kingdee::read(c)
            .header("app-token")
            .map(str::to_string),
        Vendor::Wdt => None,
    };
    found
        .map(|v| (field, v))
        .filter(|(_, v)| {
            let placeholder = v.starts_with('<') && v.ends_with('>');
            !v.trim().is_empty() && !placeholder
        })
        .into_iter()
        .collect()
}

/// A parameter's text as a document value: JSON objects and arrays are parsed back.
fn document_value(text: &str) -> Value {
    let t = text.trim_start();
    if t.starts_with(['{', '[']) {
        if let Ok(v) = serde_json::from_str(text) {
            return v;
        }
    }
    Value::String(text.to_string())
}

fn url_base(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or_default().to_string()
}

fn import_taobao(c: &Captured) -> Result<Imported, ImportError> {
    let params = crate::vendor::taobao::read(c).pairs();
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let method = get("method").ok_or(ImportError::NoMethod {
        vendor: Vendor::Taobao,
    })?;
    let business = params
        .iter()
        .filter(|(k, _)| !taobao::SYSTEM_PARAMS.contains(&k.as_str()));
    // A method the catalog does not know opens as a custom request.
    let (api, document) = match catalog::find(&method) {
        Some(api) => (
            api,
            business
                .map(|(k, v)| (k.clone(), document_value(v)))
                .collect::<Map<String, Value>>()
                .into(),
        ),
        None => (
            custom::custom(Vendor::Taobao),
            custom::taobao_document(&method, business.cloned().collect()),
        ),
    };
    let simplify = get("simplify").map(|v| matches!(v.trim(), "true" | "1"));
    let options = BuildOptions {
        timestamp: get("timestamp"),
        taobao: crate::taobao::BuildOptions {
            sign_method: get("sign_method"),
            partner_id: get("partner_id"),
            simplify,
            target_app_key: get("target_app_key"),
            ..Default::default()
        },
        base: Some(url_base(&c.url)),
        ..BuildOptions::default()
    };
    Ok(Imported {
        vendor: Vendor::Taobao,
        api: api.id.clone(),
        document,
        options,
        identifiers: identifiers(c, Vendor::Taobao),
        missing: Vec::new(),
    })
}

fn import_wdt(c: &Captured) -> Result<Imported, ImportError> {
    let request = crate::vendor::wdt::read(c);
    let get = |name: &str| request.get(name).map(str::to_string);
    let method = get("method").ok_or(ImportError::NoMethod {
        vendor: Vendor::Wdt,
    })?;
    let page: Map<String, Value> = custom::WDT_PAGE
        .into_iter()
        .filter_map(|k| get(k).map(|v| (k.to_string(), Value::String(v))))
        .collect();
    let mut options = BuildOptions {
        timestamp: get("timestamp"),
        base: Some(url_base(&c.url)),
        ..BuildOptions::default()
    };
    // A method the catalog does not know opens as a custom request, paging included.
    let (api, document) = match catalog::find(&method) {
        Some(api) => {
            let args: Vec<Value> =
                serde_json::from_str(&c.body).map_err(|e| ImportError::WdtBodyNotArray {
                    line: e.line(),
                    column: e.column(),
                })?;
            if !page.is_empty() {
                options.wdt.page = Some(crate::wdt::Page {
                    page_size: page.get("page_size").cloned(),
                    page_no: page.get("page_no").cloned(),
                    calc_total: page.get("calc_total").cloned(),
                });
            }
            let doc: Map<String, Value> = api.positional.iter().cloned().zip(args).collect();
            (api, Value::Object(doc))
        }
        None => (
            custom::custom(Vendor::Wdt),
            custom::wdt_document(&method, &c.body, page),
        ),
    };
    Ok(Imported {
        vendor: Vendor::Wdt,
        api: api.id.clone(),
        document,
        options,
        identifiers: identifiers(c, Vendor::Wdt),
        missing: Vec::new(),
    })
}

/// Read as the gateway (and so `verify` and the mock) reads it: the vendor path behind
/// any prefix, the decoded query, trimmed headers with an empty one counting as absent.
fn import_kingdee(c: &Captured) -> Result<Imported, ImportError> {
    let request = crate::vendor::kingdee::read(c);
    // The same path with another HTTP method is another API (GET lists, POST saves).
    let known = catalog::find(&request.path)
        .filter(|a| a.http_method.eq_ignore_ascii_case(&request.method));
    let Some(api) = known else {
        return Ok(import_kingdee_custom(c, &request));
    };
    let api_path = api.endpoint();
    let mut document = match serde_json::from_str::<Value>(&c.body) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    for (key, value) in &request.query {
        let field = api.param(key).filter(|f| api.in_query(f));
        let value = match field.and_then(|f| f.style) {
            Some(ArrayStyle::Csv) => {
                Value::Array(value.split(',').map(|s| Value::String(s.into())).collect())
            }
            None => Value::String(value.clone()),
        };
        document.insert(key.clone(), value);
    }
    Ok(kingdee_imported(
        c,
        &request,
        api,
        api_path,
        Value::Object(document),
    ))
}

/// A path the catalog does not know: a custom request with the method, path, query and
/// body as captured. The API path starts at `/jdy/v2/`: what comes before it is the base
/// (this server's `/mock/kingdee` or `/relay/{upstream}` included).
fn import_kingdee_custom(c: &Captured, request: &KingdeeRequest) -> Imported {
    let full = request.path.as_str();
    let path = full
        .find(custom::KINGDEE_PREFIX)
        .map_or(full, |start| &full[start..]);
    let document = custom::kingdee_document(&request.method, path, request.query.clone(), &c.body);
    kingdee_imported(c, request, custom::custom(Vendor::Kingdee), path, document)
}

/// The pins, base and identifiers of a Kingdee capture; `api_path` is cut off the URL.
fn kingdee_imported(
    c: &Captured,
    request: &KingdeeRequest,
    api: &Api,
    api_path: &str,
    document: Value,
) -> Imported {
    let header = |name: &str| request.header(name).map(str::to_string);
    let base = url_base(&c.url);
    let options = BuildOptions {
        timestamp: header("X-Api-TimeStamp"),
        kingdee: crate::kingdee::BuildOptions {
            nonce: header("X-Api-Nonce"),
        },
        base: Some(base.strip_suffix(api_path).unwrap_or(&base).to_string()),
        ..BuildOptions::default()
    };
    Imported {
        vendor: Vendor::Kingdee,
        api: api.id.clone(),
        document,
        options,
        identifiers: identifiers(c, Vendor::Kingdee),
        missing: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn tokens_are_read_apart_and_placeholders_are_none() {
        let read = |text: &str, vendor| tokens(&capture::parse(text).unwrap(), vendor);
        let taobao =
            "https://eco.taobao.com/router/rest?method=taobao.x&app_key=1&sign=AB&session=s3cret";
        assert_eq!(
            read(taobao, Vendor::Taobao),
            [("session", "s3cret".to_string())]
        );
        let kingdee =
            "curl 'https://api.kingdee.com/jdy/v2/x' -H 'X-Api-ClientID: 1' -H 'app-token: tok-1'";
        assert_eq!(
            read(kingdee, Vendor::Kingdee),
            [("app_token", "tok-1".to_string())]
        );
        // An export with its secrets hidden carries placeholders, not tokens.
        let hidden = "curl 'https://api.kingdee.com/jdy/v2/x' -H 'app-token: <app-token>'";
        assert!(read(hidden, Vendor::Kingdee).is_empty());
        assert!(read(&taobao.replace("s3cret", "%3Csession%3E"), Vendor::Taobao).is_empty());
        // And import itself never takes them.
        let imported = import(taobao).unwrap();
        assert!(!serde_json::to_string(&imported).unwrap().contains("s3cret"));
    }

    #[test]
    fn every_error_names_its_cause_in_both_languages() {
        for (text, want) in [
            ("hello", ImportError::Capture(CaptureError::Unrecognised)),
            ("https://example.com/x?y=1", ImportError::UnknownVendor),
            (
                "https://eco.taobao.com/router/rest?app_key=1&sign=x&sign_method=md5",
                ImportError::NoMethod {
                    vendor: Vendor::Taobao,
                },
            ),
        ] {
            assert_eq!(import(text).unwrap_err(), want, "{text}");
        }
        let cases = [
            (ImportError::UnknownVendor, "vendor", "厂商"),
            (
                ImportError::NoMethod {
                    vendor: Vendor::Wdt,
                },
                "Wangdiantong request has no `method`",
                "旺店通请求中没有 `method`",
            ),
            (
                ImportError::WdtBodyNotArray { line: 1, column: 2 },
                "line 1, column 2",
                "第 1 行第 2 列",
            ),
            (
                ImportError::UnknownApi { api: "x.y".into() },
                "`x.y` is not an API",
                "不认识接口 `x.y`",
            ),
        ];
        for (e, en, zh) in cases {
            assert!(e.localise(Lang::En).contains(en), "{e}");
            assert!(e.localise(Lang::Zh).contains(zh), "{}", e.zh());
        }
    }
}
