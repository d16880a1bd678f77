//! Taobao TOP (`router/rest`): sorted `key+value` pairs, MD5 or HMAC, upper hex.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock;
use crate::digest::{hex_upper, hmac_md5, hmac_sha256, md5_of};
use crate::encoding::WireText;
use crate::error::{required_credential, SignError};
use crate::http::Sensitive;
use crate::signed::{Canon, SignPart, Signed, WireRequest};
use crate::value::{is_blank, text_of, trim};

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
        match trim(text) {
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

/// Parameters as signed and sent, sorted by key, borrowing from the request where they can.
type Params<'a> = Vec<(&'a str, Cow<'a, str>)>;

/// [`SYSTEM_PARAMS`] as a match: asked of every parameter twice per signature.
fn is_system(key: &str) -> bool {
    matches!(
        key,
        "method"
            | "app_key"
            | "timestamp"
            | "format"
            | "v"
            | "sign_method"
            | "session"
            | "partner_id"
            | "simplify"
            | "target_app_key"
            | "sign"
    )
}

impl Request {
    /// Every parameter that is sent, system and business, before signing.
    pub fn parameters(&self) -> Result<BTreeMap<String, String>, SignError> {
        Ok(self
            .params(&mut [0; 19])?
            .0
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into_owned()))
            .collect())
    }

    /// The rule for what is sent: one place for `parameters` and `sign`. `stamp` holds
    /// the timestamp's text when it is computed from `now_ms`.
    /// With the sign method, for `sign`.
    fn params<'a>(
        &'a self,
        stamp: &'a mut [u8; 19],
    ) -> Result<(Params<'a>, SignMethod), SignError> {
        let app_key = required_credential(&self.credentials.app_key, "app_key")?;
        if is_blank(&self.method) {
            return Err(SignError::MissingField { field: "method" });
        }
        let sign_method = SignMethod::parse(self.sign_method.as_deref().unwrap_or(""))?;
        let timestamp = match (&self.timestamp, self.now_ms) {
            (Some(t), _) if !is_blank(t) => Cow::Borrowed(trim(t)),
            (_, Some(ms)) => match clock::datetime_into(ms, 8, stamp) {
                Some(text) => Cow::Borrowed(text),
                None => Cow::Owned(clock::beijing(ms)),
            },
            _ => return Err(SignError::MissingField { field: "now_ms" }),
        };
        let mut params: Params<'_> = Vec::with_capacity(self.params.len() + 10);
        for (key, value) in &self.params {
            if is_system(key) {
                return Err(SignError::InvalidValue {
                    field: format!("params.{key}"),
                    message: "is a system parameter; set it outside `params`".into(),
                });
            }
            if let Some(text) = text_of(value) {
                params.push((key, text));
            }
        }
        let optional = [
            (
                "session",
                self.credentials.session.as_deref().map(Cow::Borrowed),
            ),
            ("partner_id", self.partner_id.as_deref().map(Cow::Borrowed)),
            ("simplify", self.simplify.as_ref().and_then(text_of)),
            (
                "target_app_key",
                self.target_app_key.as_deref().map(Cow::Borrowed),
            ),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                params.push((key, v));
            }
        }
        let format = self.format.as_deref().unwrap_or("json");
        let v = self.v.as_deref().unwrap_or(super::VERSION);
        params.extend([
            ("method", Cow::Borrowed(trim(&self.method))),
            ("app_key", Cow::Borrowed(app_key)),
            ("timestamp", timestamp),
            ("format", Cow::Borrowed(format)),
            ("v", Cow::Borrowed(v)),
            ("sign_method", Cow::Borrowed(sign_method.as_str())),
        ]);
        // The SDKs never send blank values, so they are neither signed nor sent.
        params.retain(|(_, v)| !is_blank(v));
        // Business keys are unique and never system keys (refused above): a plain sort
        // gives the map's order.
        params.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok((params, sign_method))
    }

    pub fn sign(&self) -> Result<Signed, SignError> {
        let secret = required_credential(&self.credentials.app_secret, "app_secret")?;
        let mut stamp = [0; 19];
        let (params, method) = self.params(&mut stamp)?;
        let canon = canon(params.iter().map(|(k, v)| (*k, v.as_ref())), false);
        let sign = digest(method, secret, &canon.text);
        let gateway = self
            .gateway
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .unwrap_or(GATEWAY);
        let wire = wire_request(gateway, &params, &sign);
        Ok(Signed::new(canon, sign, method.algorithm(), wire))
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
    canon(
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        keep_blank,
    )
    .into_explained()
}

/// The rule for S over pairs already sorted by key, written into one buffer.
fn canon<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone, keep_blank: bool) -> Canon {
    let signed = move |(k, v): &(&str, &str)| *k != "sign" && (keep_blank || !is_blank(v));
    let (bytes, count) = pairs
        .clone()
        .filter(signed)
        .fold((0, 0), |(b, n), (k, v)| (b + k.len() + v.len(), n + 1));
    let mut canon = Canon::with_capacity(bytes, count);
    for (k, v) in pairs.filter(signed) {
        canon.key_value(k, v);
    }
    canon
}

pub fn digest(method: SignMethod, secret: &str, string_to_sign: &str) -> String {
    let (secret, s) = (secret.as_bytes(), string_to_sign.as_bytes());
    match method {
        // Streamed: no `secret + S + secret` copy.
        SignMethod::Md5 => hex_upper(&md5_of(&[secret, s, secret])),
        SignMethod::Hmac => hex_upper(&hmac_md5(secret, s)),
        SignMethod::HmacSha256 => hex_upper(&hmac_sha256(secret, s)),
    }
}

fn wire_request(gateway: &str, params: &Params<'_>, sign: &str) -> WireRequest {
    let pairs: usize = params.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let separator = if gateway.contains('?') { b'&' } else { b'?' };
    let mut url = WireText::with_capacity(gateway.len() + pairs + sign.len() + 8);
    url.push_str(gateway);
    url.push_ascii(separator);
    // Form encoding grows JSON by about a half; one allocation in the common case.
    let mut body = WireText::with_capacity(pairs * 2);
    // One pass: system parameters to the query, the others to the body, each in key order.
    let (mut query_empty, mut body_empty) = (true, true);
    for (k, v) in params {
        let (out, empty) = if is_system(k) {
            (&mut url, &mut query_empty)
        } else {
            (&mut body, &mut body_empty)
        };
        if !*empty {
            out.push_ascii(b'&');
        }
        *empty = false;
        out.form(k);
        out.push_ascii(b'=');
        out.form(v);
    }
    if !query_empty {
        url.push_ascii(b'&');
    }
    url.push_str("sign=");
    url.form(sign);
    let (url, body) = (url.into_string(), body.into_string());
    WireRequest {
        method: "POST".into(),
        url,
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded;charset=utf-8".into(),
        )],
        body,
        // The session key is the shop's authorisation: the one secret on the wire.
        sensitive: Sensitive {
            params: params
                .iter()
                .any(|(k, _)| *k == "session")
                .then(|| "session".to_string())
                .into_iter()
                .collect(),
            ..Sensitive::default()
        },
    }
}

/// The success root of an API's answer: `a.b.c` → `b_c_response` (without the vendor prefix).
pub fn response_root(api_method: &str) -> String {
    let name = api_method
        .split_once('.')
        .map_or(api_method, |(_, rest)| rest);
    format!("{}_response", name.replace('.', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_match_is_the_list() {
        for key in SYSTEM_PARAMS {
            assert!(is_system(key), "{key}");
        }
        for key in ["", "req_dto", "Method", "sign ", "app"] {
            assert!(!is_system(key), "{key}");
        }
    }
}
