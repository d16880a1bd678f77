//! How 旺店通 reads a request: system parameters from the query, the body signed raw.

use std::collections::BTreeMap;

use crate::capture::Captured;
use crate::clock::WDT_EPOCH_SECS;
use crate::vendor::read_params;

/// The status 旺店通 answers for a signature that does not match (`sign错误`).
pub const BAD_SIGNATURE: u32 = 1;

/// The request headers 旺店通 reads: the body's type (raw JSON, never a form).
pub const HEADERS: [&str; 1] = ["Content-Type"];

/// The query parameters every call carries.
pub const REQUIRED_PARAMS: [&str; 7] = ["sid", "key", "salt", "method", "v", "timestamp", "sign"];

/// A 旺店通 call as the gateway reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WdtRequest {
    /// The query's parameters, decoded; a repeated name keeps its first value.
    pub params: BTreeMap<String, String>,
    /// The query's names in arrival order, each once: the order a client that does
    /// not sort signed them in.
    pub order: Vec<String>,
    /// The body exactly as received: it is signed byte for byte.
    pub body: String,
    /// The body came as a form, where the gateway expects raw JSON.
    pub body_as_form: bool,
}

impl WdtRequest {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// Whether a captured request is a 旺店通 call: `sid` with `salt` or `key` in the query.
pub fn looks_like(c: &Captured) -> bool {
    let (sid, others) = marks(c);
    sid && others
}

/// The mark a request with 旺店通's others lacks: `salt` or `key` without `sid`.
pub fn missing_mark(c: &Captured) -> Option<&'static str> {
    let (sid, others) = marks(c);
    (!sid && others).then_some("sid")
}

/// Whether the query has `sid`, and `salt` or `key`.
fn marks(c: &Captured) -> (bool, bool) {
    let query = c.query();
    let has = |name: &str| query.iter().any(|(k, _)| k == name);
    (has("sid"), has("salt") || has("key"))
}

pub fn read(c: &Captured) -> WdtRequest {
    let query = read_params([c.raw_query()]);
    WdtRequest {
        order: query.iter().map(|p| p.name.clone()).collect(),
        params: query.into_iter().map(|p| (p.name, p.value)).collect(),
        body: c.body.clone(),
        // Any form type (url-encoded or multipart) is wrong for this gateway.
        body_as_form: c
            .header("content-type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("form")),
    }
}

/// A `timestamp` as the gateway reads it, in Unix ms. Java parses it as an `int` of
/// seconds since 2012-01-01 00:00 Beijing time (Unix 1325347200): Unix milliseconds
/// overflow it and do not parse.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let secs = text.trim().parse::<i32>().ok()?;
    Some((i64::from(secs) + WDT_EPOCH_SECS) * 1000)
}

/// The console's appsecret `secret:salt`, split at the first `:`: the secret signs,
/// the salt is sent in the query.
pub fn split_app_secret(joined: &str) -> Option<(&str, &str)> {
    joined.split_once(':')
}
