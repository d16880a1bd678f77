//! Kingdee 精斗云 open API v2: HMAC-SHA256 over a canonical request, Base64 of the hex.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::digest::{hmac_sha256, SignText};
use crate::encoding::WireText;
use crate::error::{check_header_text, check_json_is_array, required_credential, SignError};
use crate::http::{method_text, Sensitive, Text};
use crate::signed::{Canon, SignPart, Signed, WireRequest};
use crate::value::{is_blank, text_of, to_text, trim};

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
    /// Set by [`crate::catalog::build_request`] when it wrote `body` itself from a catalog
    /// API's document (a JSON object by construction): the signer then does not parse it
    /// again to check that it is JSON, which for a 100-row document was a third of the
    /// signing the app redoes on each keystroke. Never read from input.
    #[serde(skip)]
    pub body_is_json: bool,
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
    /// Appends one query value, encoded, to the string.
    pub query_value: fn(&mut WireText, &str),
    pub encode_path: bool,
    pub swap_nonce_and_timestamp: bool,
    pub trailing_newline: bool,
    /// The query sorted by key; else in the order given (a captured URL's).
    pub sort_query: bool,
}

impl Layout {
    pub const VENDOR: Layout = Layout {
        // Encoded twice: form encoding, then Kingdee's, in one pass.
        query_value: WireText::form_then_kingdee,
        encode_path: true,
        swap_nonce_and_timestamp: false,
        trailing_newline: true,
        sort_query: true,
    };
}

impl Canonical<'_> {
    pub fn string_to_sign(&self) -> (String, Vec<SignPart>) {
        self.canon(&Layout::VENDOR).into_explained()
    }

    pub fn string_to_sign_with(&self, layout: &Layout) -> (String, Vec<SignPart>) {
        self.canon(layout).into_explained()
    }

    /// The string-to-sign in one buffer, its parts as spans.
    pub fn canon(&self, layout: &Layout) -> Canon {
        fn as_strs((k, v): &(String, String)) -> (&str, &str) {
            (k, v)
        }
        // A query from a map is sorted already; only a captured one needs sorting.
        if !layout.sort_query || self.query.is_sorted() {
            self.canon_with(self.query.iter().map(as_strs), layout)
        } else {
            let mut sorted: Vec<&(String, String)> = self.query.iter().collect();
            sorted.sort();
            self.canon_with(sorted.into_iter().map(as_strs), layout)
        }
    }

    /// [`Canonical::canon`] with the query given as sorted pairs (`self.query` unused):
    /// the signer borrows its pairs from the request instead of copying them.
    fn canon_with<'q>(
        &self,
        query: impl Iterator<Item = (&'q str, &'q str)> + Clone,
        layout: &Layout,
    ) -> Canon {
        let query_len: usize = query.clone().map(|(k, v)| k.len() + v.len() * 3).sum();
        let capacity = self.method.len() + self.path.len() * 3 + query_len + 64;
        let mut canon = Canon::bytes(capacity, 5);
        canon.part("method", |s| {
            s.push_str(self.method);
            s.push_ascii(b'\n');
        });
        canon.part("path", |s| {
            if layout.encode_path {
                s.kingdee(self.path);
            } else {
                s.push_str(self.path);
            }
            s.push_ascii(b'\n');
        });
        canon.part("query", |s| {
            for (i, (k, v)) in query.enumerate() {
                if i > 0 {
                    s.push_ascii(b'&');
                }
                s.push_str(k);
                s.push_ascii(b'=');
                (layout.query_value)(s, v);
            }
            s.push_ascii(b'\n');
        });
        let mut headers = [
            ("nonce", "x-api-nonce:", self.nonce),
            ("timestamp", "x-api-timestamp:", self.timestamp),
        ];
        if layout.swap_nonce_and_timestamp {
            headers.swap(0, 1);
        }
        for (i, (label, name, value)) in headers.into_iter().enumerate() {
            canon.part(label, |s| {
                s.push_str(name);
                s.push_str(value);
                if i == 0 || layout.trailing_newline {
                    s.push_ascii(b'\n');
                }
            });
        }
        canon.finish()
    }
}

/// `X-Api-Signature` for a string-to-sign.
pub fn signature(client_secret: &str, string_to_sign: &str) -> SignText {
    SignText::base64_of_hex_lower(&hmac_sha256(
        client_secret.as_bytes(),
        string_to_sign.as_bytes(),
    ))
}

/// `app_signature` for the app-token request: Base64(lower-hex(HMAC-SHA256(app_secret, app_key))).
pub fn app_signature(app_key: &str, app_secret: &str) -> String {
    signature(app_secret, app_key).into()
}

impl Request {
    pub fn sign(&self) -> Result<Signed, SignError> {
        let client_id = required_credential(&self.credentials.client_id, "client_id")?;
        let secret = required_credential(&self.credentials.client_secret, "client_secret")?;
        let method = method_text(trim(&self.http_method));
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
        let path = trim(&self.path);
        if path.is_empty() {
            return Err(SignError::MissingField { field: "path" });
        }
        if !path.starts_with('/') {
            return Err(SignError::PathWithoutSlash { path: path.into() });
        }
        let body = self.body.clone().unwrap_or_default();
        if !self.body_is_json && !is_blank(&body) {
            check_json_is_array("body", &body)?;
        }
        let nonce = match self.nonce.as_ref().and_then(to_text) {
            Some(n) if super::nonce_is_valid(&n) => n,
            Some(n) => return Err(SignError::InvalidNonce { given: n }),
            None => return Err(SignError::MissingField { field: "nonce" }),
        };
        let timestamp = match (self.timestamp.as_ref().and_then(to_text), self.now_ms) {
            (Some(t), _) if !is_blank(&t) => t,
            (_, Some(ms)) => ms.to_string(),
            _ => return Err(SignError::MissingField { field: "now_ms" }),
        };
        // What goes in a header, as a browser would refuse it: naming the value.
        let headers = [
            ("credentials.client_id", Some(client_id)),
            (
                "credentials.app_token",
                self.credentials.app_token.as_deref(),
            ),
            ("credentials.domain", self.credentials.domain.as_deref()),
            ("timestamp", Some(timestamp.as_str())),
        ];
        for (field, value) in headers {
            if let Some(v) = value {
                check_header_text(field, v)?;
            }
        }
        let checked = Checked {
            client_id,
            secret,
            method,
            path,
            body,
            nonce,
            timestamp,
        };
        // Sorted by key (a map) and borrowed. Most queries hold only strings: their pairs
        // come straight from the map; a number or an object needs its text made first.
        if self.query.values().all(Value::is_string) {
            let pairs = self
                .query
                .iter()
                .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)));
            Ok(self.finish(checked, pairs))
        } else {
            let query: Vec<(&str, Cow<'_, str>)> = self
                .query
                .iter()
                .filter_map(|(k, v)| text_of(v).map(|v| (k.as_str(), v)))
                .collect();
            Ok(self.finish(checked, query.iter().map(|(k, v)| (*k, v.as_ref()))))
        }
    }

    /// Signs what [`Request::sign`] checked, with the query as sorted pairs.
    fn finish<'q>(
        &self,
        checked: Checked<'_>,
        pairs: impl Iterator<Item = (&'q str, &'q str)> + Clone,
    ) -> Signed {
        let Checked {
            client_id,
            secret,
            method,
            path,
            body,
            nonce,
            timestamp,
        } = checked;
        let canonical = Canonical {
            method: &method,
            path,
            query: &[],
            nonce: &nonce,
            timestamp: &timestamp,
        };
        let canon = canonical.canon_with(pairs.clone(), &Layout::VENDOR);
        let sign = signature(secret, &canon.text);

        let base = self
            .base
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(BASE)
            .trim_end_matches('/');
        let query_len: usize = pairs.clone().map(|(k, v)| k.len() + v.len() * 2 + 2).sum();
        // Bytes, checked as UTF-8 once: a String would check each encoded chunk.
        let mut url = WireText::with_capacity(base.len() + path.len() + query_len + 1);
        url.push_str(base);
        url.push_str(path);
        if pairs.clone().next().is_some() {
            url.push_ascii(b'?');
            url.form_pairs(pairs.clone());
        }
        let url = url.into_string();

        // Names and fixed values borrowed: a String each was half the call's allocations.
        let mut headers: Vec<(Text, Text)> = Vec::with_capacity(9);
        headers.extend([
            ("Content-Type".into(), "application/json".into()),
            ("X-Api-ClientID".into(), client_id.to_string().into()),
            ("X-Api-Auth-Version".into(), super::AUTH_VERSION.into()),
            ("X-Api-TimeStamp".into(), timestamp.into()),
            ("X-Api-Nonce".into(), nonce.into()),
            ("X-Api-SignHeaders".into(), SIGN_HEADERS.into()),
            ("X-Api-Signature".into(), sign.to_string().into()),
        ]);
        let optional = [
            ("app-token", &self.credentials.app_token),
            ("X-GW-Router-Addr", &self.credentials.domain),
        ];
        for (name, value) in optional {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                headers.push((name.into(), v.to_string().into()));
            }
        }
        // The signer knows which parts are credentials: the app-token, and the
        // token call's `app_signature` (HMAC of the app_secret with no clock in it).
        const APP_TOKEN: &[Text] = &[Text::Borrowed("app-token")];
        const APP_SIGNATURE: &[Text] = &[Text::Borrowed("app_signature")];
        let has_token = self
            .credentials
            .app_token
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty());
        let has_signature = pairs.clone().any(|(k, _)| k == "app_signature");
        let sensitive = Sensitive::fixed(
            if has_token { APP_TOKEN } else { &[] },
            if has_signature { APP_SIGNATURE } else { &[] },
        );
        let wire = WireRequest {
            method,
            url,
            headers,
            body,
            sensitive,
        };
        Signed::new(canon, sign, ALGORITHM, wire)
    }
}

/// The parts of a request [`Request::sign`] has checked, for [`Request::finish`].
struct Checked<'a> {
    client_id: &'a str,
    secret: &'a str,
    method: Text,
    path: &'a str,
    body: String,
    nonce: String,
    timestamp: String,
}
