//! 旺店通 旗舰版 (`/openapi`): MD5 over `secret + sorted key+value + secret`, lower hex,
//! with the raw JSON body among the signed parameters.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::WDT_EPOCH_SECS;
use crate::digest::{hex_lower, md5};
use crate::encoding::form_urlencode;
use crate::error::{check_json, required_credential, SignError};
use crate::signed::{SignPart, Signed, WireRequest};
use crate::value::{is_blank, to_text};

pub const BASE: &str = "http://wdt.wangdian.cn/openapi";
pub const ALGORITHM: &str = "lower-hex MD5(secret + S + secret)";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub sid: Option<String>,
    pub app_key: Option<String>,
    /// As the console shows it: `secret:salt`.
    pub app_secret: Option<String>,
}

impl Credentials {
    /// Splits the appsecret at the first `:` into (secret, salt).
    pub fn secret_and_salt(&self) -> Result<(&str, &str), SignError> {
        let joined = required_credential(&self.app_secret, "app_secret")?;
        joined
            .split_once(':')
            .ok_or(SignError::AppSecretWithoutColon)
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub page_size: Option<Value>,
    pub page_no: Option<Value>,
    pub calc_total: Option<Value>,
}

/// The `countersign sign` input for `"vendor": "wdt"`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub credentials: Credentials,
    #[serde(default)]
    pub method: String,
    /// The JSON array of the method's positional arguments, signed and sent verbatim.
    #[serde(default)]
    pub body: String,
    pub page: Option<Page>,
    pub base: Option<String>,
    /// A pinned timestamp as sent (seconds since 2012-01-01 UTC); else from `now_ms`.
    pub timestamp: Option<Value>,
    pub now_ms: Option<i64>,
}

impl Request {
    /// P: every signed parameter, including `body`.
    pub fn parameters(&self) -> Result<BTreeMap<String, String>, SignError> {
        let sid = required_credential(&self.credentials.sid, "sid")?;
        let key = required_credential(&self.credentials.app_key, "app_key")?;
        let (_, salt) = self.credentials.secret_and_salt()?;
        if is_blank(&self.method) {
            return Err(SignError::MissingField { field: "method" });
        }
        if !check_json("body", &self.body)?.is_array() {
            return Err(SignError::NotJsonArray { field: "body" });
        }
        let timestamp = match (self.timestamp.as_ref().and_then(to_text), self.now_ms) {
            (Some(t), _) if !is_blank(&t) => t,
            (_, Some(ms)) => timestamp_from_unix_ms(ms).to_string(),
            _ => return Err(SignError::MissingField { field: "now_ms" }),
        };
        let mut p = BTreeMap::new();
        p.insert("sid".to_string(), sid.to_string());
        p.insert("key".into(), key.into());
        p.insert("salt".into(), salt.into());
        p.insert("method".into(), self.method.trim().into());
        p.insert("v".into(), "1.0".into());
        p.insert("timestamp".into(), timestamp);
        if let Some(page) = &self.page {
            let fields = [
                ("page_size", &page.page_size),
                ("page_no", &page.page_no),
                ("calc_total", &page.calc_total),
            ];
            for (name, value) in fields {
                if let Some(v) = value.as_ref().and_then(page_value) {
                    p.insert(name.into(), v);
                }
            }
        }
        p.insert("body".into(), self.body.clone());
        Ok(p)
    }

    pub fn sign(&self) -> Result<Signed, SignError> {
        let params = self.parameters()?;
        let (secret, _) = self.credentials.secret_and_salt()?;
        let (string_to_sign, parts) = string_to_sign(&params);
        let sign = digest(secret, &string_to_sign);
        let base = self
            .base
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(BASE);
        Ok(Signed {
            wire: wire_request(base, &params, &sign),
            sign,
            string_to_sign,
            parts,
            algorithm: ALGORITHM.into(),
        })
    }
}

/// `calc_total` is a flag the PHP client sends as 1/0.
fn page_value(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.into()),
        other => to_text(other),
    }
}

/// S without the secret: every parameter but `sign`, sorted by key, empty values kept.
pub fn string_to_sign(params: &BTreeMap<String, String>) -> (String, Vec<SignPart>) {
    let parts: Vec<SignPart> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "sign")
        .map(|(k, v)| SignPart::new(k.clone(), format!("{k}{v}")))
        .collect();
    (parts.iter().map(|p| p.text.as_str()).collect(), parts)
}

pub fn digest(secret: &str, string_to_sign: &str) -> String {
    hex_lower(&md5(format!("{secret}{string_to_sign}{secret}").as_bytes()))
}

/// The query carries P without the body, in the PHP client's order, then `sign`.
fn wire_request(base: &str, params: &BTreeMap<String, String>, sign: &str) -> WireRequest {
    const ORDER: [&str; 9] = [
        "sid",
        "key",
        "salt",
        "method",
        "v",
        "timestamp",
        "page_size",
        "page_no",
        "calc_total",
    ];
    let pairs = ORDER
        .iter()
        .filter_map(|k| params.get(*k).map(|v| (*k, v.as_str())))
        .chain([("sign", sign)]);
    let separator = if base.contains('?') { '&' } else { '?' };
    WireRequest {
        method: "POST".into(),
        url: format!("{base}{separator}{}", form_urlencode(pairs)),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: params["body"].clone(),
    }
}

/// Unix seconds → 旺店通's timestamp.
pub fn timestamp_from_unix_ms(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000) - WDT_EPOCH_SECS
}
