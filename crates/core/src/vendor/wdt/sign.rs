//! 旺店通 旗舰版 (`/openapi`): MD5 over `secret + sorted key+value + secret`, lower hex,
//! with the raw JSON body among the signed parameters.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::WDT_EPOCH_SECS;
use crate::digest::{md5_of, SignText};
use crate::encoding::WireText;
use crate::error::{check_json_is_array, required_credential, SignError};
use crate::signed::{Canon, SignPart, Signed, WireRequest};
use crate::value::{int_text, is_blank, keep, text_of, trim};

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
        crate::vendor::wdt::split_app_secret(joined).ok_or(SignError::AppSecretWithoutColon)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// A pinned timestamp as sent (seconds since 2012-01-01 00:00 Beijing time, Unix
    /// 1325347200); else from `now_ms`.
    pub timestamp: Option<Value>,
    pub now_ms: Option<i64>,
}

/// P sorted by key, borrowing from the request (or [`Scratch`]): every key 旺店通 signs, in
/// key order, with the value when it is sent. On the stack: the set of keys is fixed.
/// Plain `Option<&str>`: adapters over `Option<Cow>` are calls in the size build.
type Params<'a> = [(&'static str, Option<&'a str>); 10];

/// Text `params` computes rather than borrows, kept here so the parameters can borrow it:
/// the number's digits, and the text of a pinned timestamp or page values that are not
/// strings.
#[derive(Default)]
struct Scratch {
    stamp: [u8; 20],
    timestamp: String,
    page: [String; 3],
}

/// The query's order (the PHP client's), as indices into [`Params`].
const QUERY_ORDER: [usize; 9] = [7, 2, 6, 3, 9, 8, 5, 4, 1];
const QUERY_KEYS: [&str; 9] = [
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

/// The parameters that are sent, in key order.
fn sent<'p>(params: &'p Params<'_>) -> impl Iterator<Item = (&'p str, &'p str)> + Clone {
    params.iter().filter_map(|&(k, v)| Some((k, v?)))
}

impl Request {
    /// P: every signed parameter, including `body`.
    pub fn parameters(&self) -> Result<BTreeMap<String, String>, SignError> {
        Ok(sent(&self.params(&mut Scratch::default())?.0)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }

    /// The rule for P: one place for `parameters` and `sign`.
    /// With the secret, for `sign`.
    fn params<'a>(&'a self, scratch: &'a mut Scratch) -> Result<(Params<'a>, &'a str), SignError> {
        let sid = required_credential(&self.credentials.sid, "sid")?;
        let key = required_credential(&self.credentials.app_key, "app_key")?;
        let (secret, salt) = self.credentials.secret_and_salt()?;
        if is_blank(&self.method) {
            return Err(SignError::MissingField { field: "method" });
        }
        // Checked without building the document: only its top level matters here.
        if !check_json_is_array("body", &self.body)? {
            return Err(SignError::NotJsonArray { field: "body" });
        }
        let Scratch {
            stamp,
            timestamp: owned_timestamp,
            page: [owned_size, owned_no, owned_total],
        } = scratch;
        // A pinned whole number (never blank) or the clock is written on the stack.
        let pinned_int = match &self.timestamp {
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        let pinned = || self.timestamp.as_ref().and_then(text_of);
        let timestamp = match pinned_int {
            Some(n) => int_text(n, stamp),
            None => match (pinned(), self.now_ms) {
                (Some(t), _) if !is_blank(&t) => keep(t, owned_timestamp),
                (_, Some(ms)) => int_text(timestamp_from_unix_ms(ms), stamp),
                _ => return Err(SignError::MissingField { field: "now_ms" }),
            },
        };
        let page = |field: fn(&Page) -> &Option<Value>, slot| {
            let value = self.page.as_ref().and_then(|p| field(p).as_ref())?;
            Some(keep(page_value(value)?, slot))
        };
        // Written in key order (the set of keys is fixed), so no sort is needed.
        let p: Params<'a> = [
            ("body", Some(self.body.as_str())),
            ("calc_total", page(|p| &p.calc_total, owned_total)),
            ("key", Some(key)),
            ("method", Some(trim(&self.method))),
            ("page_no", page(|p| &p.page_no, owned_no)),
            ("page_size", page(|p| &p.page_size, owned_size)),
            ("salt", Some(salt)),
            ("sid", Some(sid)),
            ("timestamp", Some(timestamp)),
            ("v", Some("1.0")),
        ];
        debug_assert!(p.is_sorted_by(|a, b| a.0 < b.0));
        debug_assert!(QUERY_ORDER
            .iter()
            .zip(QUERY_KEYS)
            .all(|(&i, k)| p[i].0 == k));
        Ok((p, secret))
    }

    pub fn sign(&self) -> Result<Signed, SignError> {
        let mut scratch = Scratch::default();
        let (params, secret) = self.params(&mut scratch)?;

        // No parameter is called `sign` (the keys are fixed): S without `canon`'s filter.
        // Plain loops over the array: the `sent` adapter is a call per step in the size build.
        let (mut bytes, mut count) = (0, 0);
        for &(k, v) in &params {
            if let Some(v) = v {
                bytes += k.len() + v.len();
                count += 1;
            }
        }
        let mut canon = Canon::with_capacity(bytes, count);
        for &(k, v) in &params {
            if let Some(v) = v {
                canon.key_value(k, v);
            }
        }
        let sign = digest(secret, &canon.text);
        let base = self
            .base
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(BASE);
        let wire = wire_request(base, &params, &sign);
        Ok(Signed::new(canon, sign, ALGORITHM, wire))
    }
}

/// `calc_total` is a flag the PHP client sends as 1/0.
fn page_value(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "1" } else { "0" })),
        other => text_of(other),
    }
}

/// S without the secret: every parameter but `sign`, sorted by key, empty values kept.
pub fn string_to_sign(params: &BTreeMap<String, String>) -> (String, Vec<SignPart>) {
    canon(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))).into_explained()
}

/// S without the secret over the pairs in the order given, not sorted: how a client that
/// skips the sort signs (`verify` tries it on a captured request; never used to sign).
pub fn string_to_sign_unsorted(pairs: &[(String, String)]) -> (String, Vec<SignPart>) {
    canon(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).into_explained()
}

/// The rule for S over pairs sorted by key, written into one buffer.
fn canon<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Canon {
    let signed = |(k, _): &(&str, &str)| *k != "sign";
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

pub fn digest(secret: &str, string_to_sign: &str) -> SignText {
    let secret = secret.as_bytes();
    // Streamed: no `secret + S + secret` copy.
    SignText::hex_lower(&md5_of(&[secret, string_to_sign.as_bytes(), secret]))
}

/// The query carries P without the body, in the PHP client's order, then `sign`.
fn wire_request(base: &str, params: &Params<'_>, sign: &str) -> WireRequest {
    let separator = if base.contains('?') { b'&' } else { b'?' };
    let mut query_len = 0;
    for &(k, v) in params {
        query_len += k.len() + v.map_or(0, str::len) + 2;
    }
    let mut url = WireText::with_capacity(base.len() + query_len + sign.len() + 8);
    url.push_str(base);
    url.push_ascii(separator);
    // The keys are fixed lower-case names that form encoding keeps as they are.
    for &i in &QUERY_ORDER {
        if let (key, Some(value)) = params[i] {
            url.push_str(key);
            url.push_ascii(b'=');
            url.form(value);
            url.push_ascii(b'&');
        }
    }
    url.push_str("sign=");
    // Hex digits: form encoding keeps them as they are.
    debug_assert!(sign.bytes().all(|b| b.is_ascii_hexdigit()));
    url.push_str(sign);
    WireRequest {
        method: "POST".into(),
        url: url.into_string(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: params[0].1.unwrap_or_default().to_string(),
        // `sign` is per request and the appsecret is never sent: nothing to hide.
        sensitive: Default::default(),
    }
}

/// Unix seconds → 旺店通's timestamp.
pub fn timestamp_from_unix_ms(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000) - WDT_EPOCH_SECS
}
