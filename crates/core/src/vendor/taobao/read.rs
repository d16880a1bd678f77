//! How TOP reads a request: its parameters, and its timestamp.

use std::collections::BTreeMap;

use crate::capture::Captured;
use crate::clock;
use crate::vendor::{body_is_form, multipart_params, push_first, read_params, Param};

/// TOP's code for a signature that does not match (`Invalid signature`).
pub const BAD_SIGNATURE: u32 = 25;

/// The request headers TOP reads: the body's type (a form body holds parameters too).
pub const HEADERS: [&str; 1] = ["Content-Type"];

/// The protocol version TOP speaks (`v`): the signer's default, the only one accepted.
pub const VERSION: &str = "2.0";

/// The parameters every call carries, as TOP checks them.
pub const REQUIRED_PARAMS: [&str; 5] = ["method", "app_key", "timestamp", "v", "sign"];

/// A TOP call as the gateway reads it: the query and a form body, one value per name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaobaoRequest {
    /// In arrival order (query first); a repeated name keeps its first value.
    pub params: Vec<Param>,
}

impl TaobaoRequest {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    }

    /// Decoded values by name, as the signer takes them.
    pub fn values(&self) -> BTreeMap<String, String> {
        self.params
            .iter()
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect()
    }

    /// Values as sent (still encoded), by name.
    pub fn raw_values(&self) -> BTreeMap<String, String> {
        self.params
            .iter()
            .map(|p| (p.name.clone(), p.raw.clone()))
            .collect()
    }

    /// Decoded `(name, value)` pairs in arrival order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.params
            .iter()
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect()
    }
}

/// Whether a captured request is a TOP call: sent to `/router/rest`, or carrying
/// `app_key` and `method` (a relay or mock path in front).
pub fn looks_like(c: &Captured) -> bool {
    let query = c.query();
    let has = |name: &str| query.iter().any(|(k, _)| k == name);
    c.url.contains("/router/rest") || (has("app_key") && has("method"))
}

/// The mark a request naming a TOP method (`taobao.…`) lacks when it is not
/// [`looks_like`]: its `app_key`.
pub fn missing_mark(c: &Captured) -> Option<&'static str> {
    let query = c.query();
    let names_method = query
        .iter()
        .any(|(k, v)| k == "method" && v.starts_with("taobao."));
    let has_key = query.iter().any(|(k, _)| k == "app_key");
    (names_method && !has_key).then_some("app_key")
}

/// Reads the query, then the body when it is a form, or the text fields of a multipart
/// one (TOP takes all of them, as a servlet does).
pub fn read(c: &Captured) -> TaobaoRequest {
    let body = body_is_form(c).then_some(c.body.as_str());
    let mut params = read_params(std::iter::once(c.raw_query()).chain(body));
    for field in multipart_params(c) {
        push_first(&mut params, field);
    }
    TaobaoRequest { params }
}

/// A `timestamp` as TOP reads it, in Unix ms: `yyyy-MM-dd HH:mm:ss` in Beijing time
/// (GMT+8), or Unix milliseconds as the Python SDK sends.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        clock::parse_datetime(t, 8)
    }
}
