//! How Kingdee reads a request: the signature headers every call carries, the
//! nonce rule, and how the method, path and query that were signed are read.

use super::Canonical;
use crate::capture::Captured;
use crate::encoding::parse_query;

/// The gateway's errcode for a signature that does not match.
pub const BAD_SIGNATURE: u64 = 4008;

/// The errcode for an app-token asked with an `app_signature` (app_key signed with
/// app_secret) that does not match: a wrong or rotated app_secret.
pub const BAD_APP_SIGNATURE: u64 = 1_030_002_006;

/// The headers every call must carry, in the order the gateway checks them.
pub const REQUIRED_HEADERS: [&str; 6] = [
    "X-Api-ClientID",
    "X-Api-Auth-Version",
    "X-Api-TimeStamp",
    "X-Api-Nonce",
    "X-Api-SignHeaders",
    "X-Api-Signature",
];
/// The signature scheme's version (`X-Api-Auth-Version`): sent and required.
pub const AUTH_VERSION: &str = "2.0";
/// Further headers of a business call (all but the two app-token calls).
pub const ACCOUNT_HEADERS: [&str; 2] = ["app-token", "X-GW-Router-Addr"];
/// The gateway's own header family: the [`REQUIRED_HEADERS`] and any other `X-Api-…`
/// header it defines are Kingdee's.
pub const HEADER_FAMILY: &str = "X-Api-";

/// Whether a captured request is a Kingdee call: it carries the signature or client id.
pub fn looks_like(c: &Captured) -> bool {
    c.header("X-Api-Signature").is_some()
        || c.header("X-Api-ClientID").is_some()
        || on_kingdee_path(&c.url)
}

/// A URL under the open platform's own paths (a bare URL pasted, its headers left out):
/// no other vendor's gateway serves them.
fn on_kingdee_path(url: &str) -> bool {
    let after_host = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    let path = after_host.split(['?', '#']).next().unwrap_or_default();
    ["/jdy/v2/", AUTHORIZE, TOKEN]
        .iter()
        .any(|p| path.contains(p))
}

/// Whether the gateway reads request header `name` (any case): its `X-Api-` family,
/// the [`ACCOUNT_HEADERS`], and the body's type.
pub fn reads_header(name: &str) -> bool {
    name.get(..HEADER_FAMILY.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(HEADER_FAMILY))
        || name.eq_ignore_ascii_case("Content-Type")
        || ACCOUNT_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}
/// The call that finds the app authorised for an instance.
pub const AUTHORIZE: &str = "/jdyconnector/app_management/push_app_authorize";
/// The call that issues an app-token.
pub const TOKEN: &str = "/jdyconnector/app_management/kingdee_auth_token";
/// Calls made before there is an app-token.
pub const AUTH_PATHS: [&str; 2] = [AUTHORIZE, TOKEN];
/// Where the business APIs are.
pub const BUSINESS_PREFIX: &str = "/jdy/v2/";
/// The HTTP methods business APIs use.
pub const BUSINESS_METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

/// A Kingdee call as the gateway reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KingdeeRequest {
    pub method: String,
    /// The vendor path that was signed: from `/jdy…` on, without a relay or mock prefix.
    pub path: String,
    /// Decoded, every pair in order: all of them are signed.
    pub query: Vec<(String, String)>,
    /// Trimmed header values by name; an empty header counts as absent.
    headers: Vec<(String, String)>,
}

/// The first value of `name` in a decoded query.
pub fn query_value<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl KingdeeRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The headers this call lacks: the signature set, and the account's on business paths.
    pub fn missing_headers(&self) -> Vec<&'static str> {
        let account = (!AUTH_PATHS.contains(&self.path.as_str())).then_some(ACCOUNT_HEADERS);
        REQUIRED_HEADERS
            .into_iter()
            .chain(account.into_iter().flatten())
            .filter(|name| self.header(name).is_none())
            .collect()
    }

    /// What the signature covers, as this request carries it.
    pub fn canonical(&self) -> Canonical<'_> {
        Canonical {
            method: &self.method,
            path: &self.path,
            query: &self.query,
            nonce: self.header("X-Api-Nonce").unwrap_or_default(),
            timestamp: self.header("X-Api-TimeStamp").unwrap_or_default(),
        }
    }
}

pub fn read(c: &Captured) -> KingdeeRequest {
    let full = c.path();
    // A relay prefix or a full URL path is not part of what the client signed.
    let path = full.find("/jdy").map_or(full, |i| &full[i..]);
    KingdeeRequest {
        method: c.method.to_ascii_uppercase(),
        path: path.to_string(),
        query: parse_query(c.raw_query()),
        headers: c
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.trim().to_string()))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
    }
}

/// The gateway's nonce rule: a positive integer in decimal digits.
pub fn nonce_is_valid(nonce: &str) -> bool {
    !nonce.is_empty()
        && nonce.bytes().all(|b| b.is_ascii_digit())
        && !nonce.trim_start_matches('0').is_empty()
}

/// `X-Api-TimeStamp` as the gateway reads it: Unix milliseconds.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}
