//! Each vendor's gateway rules, written once and read by the signer's neighbours: the
//! mocks, `verify` and import. A vendor's `read` turns any received or captured request
//! (a [`Captured`]: method, URL, headers, body) into that vendor's typed request, so the
//! mock and `countersign verify` can never judge the same request differently.

pub mod kingdee;
pub mod taobao;
pub mod wdt;

use crate::capture::Captured;
use crate::encoding::form_decode;
use crate::Vendor;

/// How far a request's timestamp may be from the gateway's clock, from the catalog.
pub fn window_ms(vendor: Vendor) -> i64 {
    crate::catalog::vendor(vendor).timestamp_window_ms()
}

/// Whether a timestamp (Unix ms, from the vendor's `parse_timestamp`) is inside the
/// gateway's window around `now_ms`. 旺店通 counts whole seconds, so its clock does too.
pub fn within_window(vendor: Vendor, sent_ms: i64, now_ms: i64) -> bool {
    let now = match vendor {
        Vendor::Wdt => now_ms.div_euclid(1000) * 1000,
        _ => now_ms,
    };
    sent_ms.abs_diff(now) <= window_ms(vendor).unsigned_abs()
}

/// One parameter as received: its decoded name and value, and the value as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub value: String,
    /// Still percent-encoded, as it was on the wire.
    pub raw: String,
}

/// The parameters of `raw` (`a=1&b=2`) in order; a repeated name keeps its first value,
/// as a servlet's `getParameter` and PHP's SDK-facing gateways do (and the SDKs never
/// repeat a name, so the first is the one that was signed).
fn read_params<'a>(sources: impl IntoIterator<Item = &'a str>) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    for pair in sources
        .into_iter()
        .flat_map(|s| s.split('&'))
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let name = form_decode(k);
        if params.iter().all(|p| p.name != name) {
            params.push(Param {
                name,
                value: form_decode(v),
                raw: v.to_string(),
            });
        }
    }
    params
}

/// Whether the body is a form whose fields are parameters: only when Content-Type says
/// so, as a servlet container decides (captures without headers get the type their
/// client would have sent, see [`crate::capture`]).
fn body_is_form(c: &Captured) -> bool {
    c.header("content-type").is_some_and(|ct| {
        ct.trim()
            .to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    })
}
