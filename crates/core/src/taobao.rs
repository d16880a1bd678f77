//! Taobao TOP (`router/rest`): sorted `key+value` pairs, MD5 or HMAC, upper hex.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock;
use crate::digest::{hex_upper, hmac_md5, hmac_sha256, md5};
use crate::encoding::form_urlencode;
use crate::error::{required_credential, SignError};
use crate::signed::{SignPart, Signed, WireRequest};
use crate::value::{is_blank, to_text};

pub const GATEWAY: &str = "https://eco.taobao.com/router/rest";
/// Parameters that go in the query string; everything else goes in the body.
pub const SYSTEM_PARAMS: [&str; 11] = [
    "method",
    "app_key",
    "timestamp",
    "format",
    "v",
    "sign_method",
    "session",
    "partner_id",
    "simplify",
    "target_app_key",
    "sign",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SignMethod {
    #[default]
    #[serde(rename = "md5")]
    Md5,
    #[serde(rename = "hmac")]
    Hmac,
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
}

impl SignMethod {
    pub const ALL: [SignMethod; 3] = [SignMethod::Md5, SignMethod::Hmac, SignMethod::HmacSha256];

    pub fn parse(text: &str) -> Result<Self, SignError> {
        match text.trim() {
            "" | "md5" => Ok(Self::Md5),
            "hmac" => Ok(Self::Hmac),
            "hmac-sha256" => Ok(Self::HmacSha256),
            other => Err(SignError::UnknownSignMethod {
                given: other.to_string(),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Md5 => "md5",
            Self::Hmac => "hmac",
            Self::HmacSha256 => "hmac-sha256",
        }
    }

    pub fn algorithm(self) -> &'static str {
        match self {
            Self::Md5 => "upper-hex MD5(app_secret + S + app_secret)",
            Self::Hmac => "upper-hex HMAC-MD5(key = app_secret, S)",
            Self::HmacSha256 => "upper-hex HMAC-SHA256(key = app_secret, S)",
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub app_key: Option<String>,
    pub app_secret: Option<String>,
    pub session: Option<String>,
}

/// The `countersign sign` input for `"vendor": "taobao"`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub credentials: Credentials,
    #[serde(default)]
    pub method: String,
    /// Business parameters; strings are sent verbatim, other JSON as compact text.
    #[serde(default)]
    pub params: BTreeMap<String, Value>,
    pub sign_method: Option<String>,
    pub partner_id: Option<String>,
    pub simplify: Option<Value>,
    pub target_app_key: Option<String>,
    pub gateway: Option<String>,
    /// Overrides `format` (default `json`) and `v` (default `2.0`).
    pub format: Option<String>,
    pub v: Option<String>,
    /// A pinned timestamp exactly as sent (`yyyy-MM-dd HH:mm:ss` or Unix ms); else from `now_ms`.
    pub timestamp: Option<String>,
    pub now_ms: Option<i64>,
}

impl Request {
    /// Every parameter that is sent, system and business, before signing.
    pub fn parameters(&self) -> Result<BTreeMap<String, String>, SignError> {
        let app_key = required_credential(&self.credentials.app_key, "app_key")?;
        if is_blank(&self.method) {
            return Err(SignError::MissingField { field: "method" });
        }
        let sign_method = SignMethod::parse(self.sign_method.as_deref().unwrap_or(""))?;
        let timestamp = match (&self.timestamp, self.now_ms) {
            (Some(t), _) if !is_blank(t) => t.trim().to_string(),
            (_, Some(ms)) => clock::beijing(ms),
            _ => return Err(SignError::MissingField { field: "now_ms" }),
        };
        let mut params = BTreeMap::new();
        for (key, value) in &self.params {
            if SYSTEM_PARAMS.contains(&key.as_str()) {
                return Err(SignError::InvalidValue {
                    field: format!("params.{key}"),
                    message: "is a system parameter; set it outside `params`".into(),
                });
            }
            if let Some(text) = to_text(value) {
                params.insert(key.clone(), text);
            }
        }
        let optional = [
            ("session", self.credentials.session.clone()),
            ("partner_id", self.partner_id.clone()),
            ("simplify", self.simplify.as_ref().and_then(to_text)),
            ("target_app_key", self.target_app_key.clone()),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                params.insert(key.into(), v);
            }
        }
        params.insert("method".into(), self.method.trim().into());
        params.insert("app_key".into(), app_key.into());
        params.insert("timestamp".into(), timestamp);
        params.insert(
            "format".into(),
            self.format.clone().unwrap_or_else(|| "json".into()),
        );
        params.insert("v".into(), self.v.clone().unwrap_or_else(|| "2.0".into()));
        params.insert("sign_method".into(), sign_method.as_str().into());
        // The SDKs never send blank values, so they are neither signed nor sent.
        params.retain(|_, v| !is_blank(v));
        Ok(params)
    }

    pub fn sign(&self) -> Result<Signed, SignError> {
        let secret = required_credential(&self.credentials.app_secret, "app_secret")?;
        let params = self.parameters()?;
        let method = SignMethod::parse(&params["sign_method"])?;
        let (string_to_sign, parts) = string_to_sign(&params);
        let sign = digest(method, secret, &string_to_sign);
        let gateway = self
            .gateway
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .unwrap_or(GATEWAY);
        Ok(Signed {
            wire: wire_request(gateway, &params, &sign),
            sign,
            string_to_sign,
            parts,
            algorithm: method.algorithm().into(),
        })
    }
}

/// S: every parameter except `sign` with a non-blank value, sorted by key, as `key + value`.
pub fn string_to_sign(params: &BTreeMap<String, String>) -> (String, Vec<SignPart>) {
    string_to_sign_with(params, false)
}

/// S, optionally keeping blank values (a mistake some hand-written clients make).
pub fn string_to_sign_with(
    params: &BTreeMap<String, String>,
    keep_blank: bool,
) -> (String, Vec<SignPart>) {
    let parts: Vec<SignPart> = params
        .iter()
        .filter(|(k, v)| k.as_str() != "sign" && (keep_blank || !is_blank(v)))
        .map(|(k, v)| SignPart::new(k.clone(), format!("{k}{v}")))
        .collect();
    (parts.iter().map(|p| p.text.as_str()).collect(), parts)
}

pub fn digest(method: SignMethod, secret: &str, string_to_sign: &str) -> String {
    let bytes = match method {
        SignMethod::Md5 => md5(format!("{secret}{string_to_sign}{secret}").as_bytes()).to_vec(),
        SignMethod::Hmac => hmac_md5(secret.as_bytes(), string_to_sign.as_bytes()),
        SignMethod::HmacSha256 => hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes()),
    };
    hex_upper(&bytes)
}

fn wire_request(gateway: &str, params: &BTreeMap<String, String>, sign: &str) -> WireRequest {
    let (system, business): (Vec<_>, Vec<_>) = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .partition(|(k, _)| SYSTEM_PARAMS.contains(k));
    let query = form_urlencode(system.into_iter().chain([("sign", sign)]));
    let separator = if gateway.contains('?') { '&' } else { '?' };
    WireRequest {
        method: "POST".into(),
        url: format!("{gateway}{separator}{query}"),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded;charset=utf-8".into(),
        )],
        body: form_urlencode(business),
    }
}

/// The success root of an API's answer: `a.b.c` → `b_c_response` (without the vendor prefix).
pub fn response_root(api_method: &str) -> String {
    let name = api_method
        .split_once('.')
        .map_or(api_method, |(_, rest)| rest);
    format!("{}_response", name.replace('.', "_"))
}
