//! Taobao TOP (`router/rest`): sorted `key+value` pairs, MD5 or HMAC, upper hex.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock;
use crate::digest::{hmac_md5, hmac_sha256, md5_of, SignText};
use crate::encoding::WireText;
use crate::error::{required_credential, SignError};
use crate::http::{Sensitive, Text};
use crate::signed::{Canon, SignPart, Signed, WireRequest};
use crate::value::{is_blank, keep, text_of, trim};

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

/// Parameters as signed and sent, borrowing from the request (or [`Scratch`]). Kept as two
/// runs, each sorted by key, so nothing is sorted or asked "system or business?" per
/// signature: the system ones (the query) in a fixed array of plain `&str`s, empty when
/// not sent (blank values never are), and the business ones (the body) as the map gives
/// them. Plain loops over `&str`: `Option<Cow>` adapters are calls in the size build.
struct Params<'a> {
    system: [(&'static str, &'a str); 10],
    business: Vec<(&'a str, Cow<'a, str>)>,
}

impl Params<'_> {
    /// Both runs merged in key order, as signed, into `f`.
    fn each_sorted(&self, mut f: impl FnMut(&str, &str)) {
        let mut i = 0;
        for (key, value) in &self.business {
            // Business keys are never system keys (refused in `params`): no ties.
            while i < self.system.len() && self.system[i].0 < *key {
                let (k, v) = self.system[i];
                if !v.is_empty() {
                    f(k, v);
                }
                i += 1;
            }
            f(key, value);
        }
        for &(k, v) in &self.system[i..] {
            if !v.is_empty() {
                f(k, v);
            }
        }
    }
}

/// Where `session` is in [`Params::system`].
const SESSION: usize = 4;

/// Text `params` computes rather than borrows, kept here so the parameters can borrow it.
#[derive(Default)]
struct Scratch {
    stamp: [u8; 19],
    timestamp: String,
    simplify: String,
}

/// [`SYSTEM_PARAMS`] as a match: asked of every business parameter.
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
        let mut scratch = Scratch::default();
        let (params, _) = self.params(&mut scratch)?;
        let mut all = BTreeMap::new();
        params.each_sorted(|k, v| {
            all.insert(k.to_string(), v.to_string());
        });
        Ok(all)
    }

    /// The rule for what is sent: one place for `parameters` and `sign`. With the sign
    /// method, for `sign`.
    fn params<'a>(
        &'a self,
        scratch: &'a mut Scratch,
    ) -> Result<(Params<'a>, SignMethod), SignError> {
        let app_key = required_credential(&self.credentials.app_key, "app_key")?;
        if is_blank(&self.method) {
            return Err(SignError::MissingField { field: "method" });
        }
        let sign_method = SignMethod::parse(self.sign_method.as_deref().unwrap_or(""))?;
        let Scratch {
            stamp,
            timestamp: owned_timestamp,
            simplify: owned_simplify,
        } = scratch;
        let timestamp: &str = match (&self.timestamp, self.now_ms) {
            (Some(t), _) if !is_blank(t) => trim(t),
            (_, Some(ms)) => match clock::datetime_into(ms, 8, stamp) {
                Some(text) => text,
                None => {
                    *owned_timestamp = clock::beijing(ms);
                    owned_timestamp
                }
            },
            _ => return Err(SignError::MissingField { field: "now_ms" }),
        };
        let simplify = match self.simplify.as_ref().and_then(text_of) {
            Some(text) => keep(text, owned_simplify),
            None => "",
        };
        let optional = |value: &'a Option<String>| value.as_deref().unwrap_or("");
        // In key order, as the business ones come from the map.
        let mut system = [
            ("app_key", app_key),
            ("format", self.format.as_deref().unwrap_or("json")),
            ("method", trim(&self.method)),
            ("partner_id", optional(&self.partner_id)),
            ("session", optional(&self.credentials.session)),
            ("sign_method", sign_method.as_str()),
            ("simplify", simplify),
            ("target_app_key", optional(&self.target_app_key)),
            ("timestamp", timestamp),
            ("v", self.v.as_deref().unwrap_or(super::VERSION)),
        ];
        debug_assert!(system.is_sorted_by(|a, b| a.0 < b.0));
        debug_assert_eq!(system[SESSION].0, "session");
        debug_assert!(system.iter().all(|(k, _)| is_system(k)), "SYSTEM_PARAMS");
        // The SDKs never send blank values, so they are neither signed nor sent.
        for (_, value) in &mut system {
            if is_blank(value) {
                *value = "";
            }
        }
        let mut business = Vec::with_capacity(self.params.len());
        for (key, value) in &self.params {
            if is_system(key) {
                return Err(SignError::SystemParameter { key: key.clone() });
            }
            if let Some(text) = text_of(value).filter(|t| !is_blank(t)) {
                business.push((key.as_str(), text));
            }
        }
        Ok((Params { system, business }, sign_method))
    }

    pub fn sign(&self) -> Result<Signed, SignError> {
        let secret = required_credential(&self.credentials.app_secret, "app_secret")?;
        let mut scratch = Scratch::default();
        let (params, method) = self.params(&mut scratch)?;
        // Everything in `params` is signed: no blank values, and no `sign` (a business
        // `sign` is refused), so S is written without `canon`'s filter.
        let (mut bytes, mut count) = (0, 0);
        let business = params.business.iter().map(|(k, v)| (*k, v.as_ref()));
        for (k, v) in params.system.iter().copied().chain(business) {
            if !v.is_empty() {
                bytes += k.len() + v.len();
                count += 1;
            }
        }
        let mut canon = Canon::with_capacity(bytes, count);
        params.each_sorted(|k, v| canon.key_value(k, v));
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

/// S over the pairs in the order given, not sorted: how a client that skips the sort
/// signs (`verify` tries it on a captured request; never used to sign). The same
/// parameters as [`string_to_sign`]: no `sign`, no blank values.
pub fn string_to_sign_unsorted(pairs: &[(String, String)]) -> (String, Vec<SignPart>) {
    canon(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), false).into_explained()
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

pub fn digest(method: SignMethod, secret: &str, string_to_sign: &str) -> SignText {
    let (secret, s) = (secret.as_bytes(), string_to_sign.as_bytes());
    match method {
        // Streamed: no `secret + S + secret` copy.
        SignMethod::Md5 => SignText::hex_upper(&md5_of(&[secret, s, secret])),
        SignMethod::Hmac => SignText::hex_upper(&hmac_md5(secret, s)),
        SignMethod::HmacSha256 => SignText::hex_upper(&hmac_sha256(secret, s)),
    }
}

fn wire_request(gateway: &str, params: &Params<'_>, sign: &str) -> WireRequest {
    let query: usize = params
        .system
        .iter()
        .map(|(k, v)| k.len() + v.len() + 2)
        .sum();
    let form: usize = params
        .business
        .iter()
        .map(|(k, v)| k.len() + v.len() + 2)
        .sum();
    let separator = if gateway.contains('?') { b'&' } else { b'?' };
    // Room for the query with a few escapes (a timestamp's space and colons).
    let mut url = WireText::with_capacity(gateway.len() + query + query / 4 + sign.len() + 8);
    url.push_str(gateway);
    url.push_ascii(separator);
    // The system parameters in key order, then `sign`; their names are lower case and
    // `_`, nothing to escape.
    for &(k, v) in &params.system {
        if v.is_empty() {
            continue;
        }
        url.push_str(k);
        url.push_ascii(b'=');
        url.form(v);
        url.push_ascii(b'&');
    }
    url.push_str("sign=");
    // Hex digits: form encoding keeps them as they are.
    debug_assert!(sign.bytes().all(|b| b.is_ascii_hexdigit()));
    url.push_str(sign);
    // The business parameters in key order. Form encoding grows JSON by about a half;
    // one allocation in the common case.
    let mut body = WireText::with_capacity(form * 2);
    body.form_pairs(params.business.iter().map(|(k, v)| (*k, v.as_ref())));
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
        sensitive: if params.system[SESSION].1.is_empty() {
            Sensitive::default()
        } else {
            const SESSION_PARAM: &[Text] = &[Text::Borrowed("session")];
            Sensitive::fixed(&[], SESSION_PARAM)
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
