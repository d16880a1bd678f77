//! Kingdee 精斗云 open API v2: HMAC-SHA256 over a canonical request, Base64 of the hex.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::digest::{base64, hex_lower, hmac_sha256};
use crate::encoding::{form_encode, form_urlencode, kingdee_encode};
use crate::error::{check_json, required_credential, SignError};
use crate::signed::{SignPart, Signed, WireRequest};
use crate::value::{is_blank, to_text};

pub const BASE: &str = "https://api.kingdee.com";
pub const ALGORITHM: &str = "Base64(lower-hex(HMAC-SHA256(key = client_secret, S)))";
pub const SIGN_HEADERS: &str = "X-Api-TimeStamp,X-Api-Nonce";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub app_token: Option<String>,
    /// The account's IDC domain, sent as `X-GW-Router-Addr`.
    pub domain: Option<String>,
    /// Only used to compute `app_signature` for the token request.
    pub app_key: Option<String>,
    pub app_secret: Option<String>,
}

/// The `countersign sign` input for `"vendor": "kingdee"`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub credentials: Credentials,
    #[serde(default)]
    pub http_method: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub query: BTreeMap<String, Value>,
    pub body: Option<String>,
    /// A positive integer; the CLI draws one at random when absent.
    pub nonce: Option<Value>,
    pub base: Option<String>,
    /// A pinned `X-Api-TimeStamp` (Unix ms) as sent; else `now_ms`.
    pub timestamp: Option<Value>,
    pub now_ms: Option<i64>,
}

/// The canonical pieces of a Kingdee request, as the gateway rebuilds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canonical<'a> {
    pub method: &'a str,
    pub path: &'a str,
    /// Decoded query pairs, any order.
    pub query: &'a [(String, String)],
    pub nonce: &'a str,
    pub timestamp: &'a str,
}

/// How the canonical string is laid out. `VENDOR` is the gateway's rule; the other
/// settings reproduce integrators' mistakes when checking a captured signature.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub query_value: fn(&str) -> String,
    pub encode_path: bool,
    pub swap_nonce_and_timestamp: bool,
    pub trailing_newline: bool,
}

fn double_encode(value: &str) -> String {
    kingdee_encode(&form_encode(value))
}

impl Layout {
    pub const VENDOR: Layout = Layout {
        query_value: double_encode,
        encode_path: true,
        swap_nonce_and_timestamp: false,
        trailing_newline: true,
    };
}

impl Canonical<'_> {
    pub fn string_to_sign(&self) -> (String, Vec<SignPart>) {
        self.string_to_sign_with(&Layout::VENDOR)
    }

    pub fn string_to_sign_with(&self, layout: &Layout) -> (String, Vec<SignPart>) {
        let mut sorted: Vec<&(String, String)> = self.query.iter().collect();
        sorted.sort();
        let query = sorted
            .iter()
            .map(|(k, v)| format!("{k}={}", (layout.query_value)(v)))
            .collect::<Vec<_>>()
            .join("&");
        let path = if layout.encode_path {
            kingdee_encode(self.path)
        } else {
            self.path.to_string()
        };
        let mut parts = vec![
            SignPart::new("method", format!("{}\n", self.method)),
            SignPart::new("path", format!("{path}\n")),
            SignPart::new("query", format!("{query}\n")),
            SignPart::new("nonce", format!("x-api-nonce:{}\n", self.nonce)),
            SignPart::new("timestamp", format!("x-api-timestamp:{}\n", self.timestamp)),
        ];
        if layout.swap_nonce_and_timestamp {
            parts.swap(3, 4);
        }
        if !layout.trailing_newline {
            parts[4].text.pop();
        }
        (parts.iter().map(|p| p.text.as_str()).collect(), parts)
    }
}

/// `X-Api-Signature` for a string-to-sign.
pub fn signature(client_secret: &str, string_to_sign: &str) -> String {
    base64(
        hex_lower(&hmac_sha256(
            client_secret.as_bytes(),
            string_to_sign.as_bytes(),
        ))
        .as_bytes(),
    )
}

/// `app_signature` for the app-token request: Base64(lower-hex(HMAC-SHA256(app_secret, app_key))).
pub fn app_signature(app_key: &str, app_secret: &str) -> String {
    signature(app_secret, app_key)
}

impl Request {
    pub fn sign(&self) -> Result<Signed, SignError> {
        let client_id = required_credential(&self.credentials.client_id, "client_id")?;
        let secret = required_credential(&self.credentials.client_secret, "client_secret")?;
        let method = self.http_method.trim().to_ascii_uppercase();
        if method.is_empty() {
            return Err(SignError::MissingField {
                field: "http_method",
            });
        }
        if !method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(SignError::InvalidHttpMethod {
                given: self.http_method.clone(),
            });
        }
        let path = self.path.trim();
        if path.is_empty() {
            return Err(SignError::MissingField { field: "path" });
        }
        if !path.starts_with('/') {
            return Err(SignError::PathWithoutSlash { path: path.into() });
        }
        let body = self.body.clone().unwrap_or_default();
        if !is_blank(&body) {
            check_json("body", &body)?;
        }
        let nonce = match self.nonce.as_ref().and_then(to_text) {
            Some(n)
                if !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit())
                    && !n.trim_start_matches('0').is_empty() =>
            {
                n
            }
            Some(n) => return Err(SignError::InvalidNonce { given: n }),
            None => return Err(SignError::MissingField { field: "nonce" }),
        };
        let timestamp = match (self.timestamp.as_ref().and_then(to_text), self.now_ms) {
            (Some(t), _) if !is_blank(&t) => t,
            (_, Some(ms)) => ms.to_string(),
            _ => return Err(SignError::MissingField { field: "now_ms" }),
        };
        let query: Vec<(String, String)> = self
            .query
            .iter()
            .filter_map(|(k, v)| to_text(v).map(|v| (k.clone(), v)))
            .collect();
        let canonical = Canonical {
            method: &method,
            path,
            query: &query,
            nonce: &nonce,
            timestamp: &timestamp,
        };
        let (string_to_sign, parts) = canonical.string_to_sign();
        let sign = signature(secret, &string_to_sign);

        let mut headers = vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("X-Api-ClientID".into(), client_id.into()),
            ("X-Api-Auth-Version".into(), "2.0".into()),
            ("X-Api-TimeStamp".into(), timestamp.clone()),
            ("X-Api-Nonce".into(), nonce.clone()),
            ("X-Api-SignHeaders".into(), SIGN_HEADERS.into()),
            ("X-Api-Signature".into(), sign.clone()),
        ];
        let optional = [
            ("app-token", &self.credentials.app_token),
            ("X-GW-Router-Addr", &self.credentials.domain),
        ];
        for (name, value) in optional {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                headers.push((name.into(), v.into()));
            }
        }
        let base = self
            .base
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(BASE);
        let mut url = format!("{}{path}", base.trim_end_matches('/'));
        if !query.is_empty() {
            url.push('?');
            url.push_str(&form_urlencode(
                query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ));
        }
        Ok(Signed {
            sign,
            string_to_sign,
            parts,
            algorithm: ALGORITHM.into(),
            wire: WireRequest {
                method,
                url,
                headers,
                body,
            },
        })
    }
}
