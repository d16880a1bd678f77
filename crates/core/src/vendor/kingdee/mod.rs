//! Kingdee 精斗云 v2, all in one place: the signer (`sign.rs`: HMAC-SHA256 over method,
//! encoded path, twice-encoded query, nonce and timestamp, Base64 of the lower hex), the
//! reader (`read.rs`: the vendor path behind any prefix, the query, the signature
//! headers; which requests are Kingdee's and which headers the gateway reads), the
//! required headers, auth version and nonce rule, and the gateway's rules in its order
//! (`check.rs`: [`check`] on headers, client id, auth version, clock, nonce, signed headers,
//! signature; then [`check_account`] on business paths: app-token, domain), refusing
//! with Kingdee's `errcode`.
//! Its build options (`options.rs`: the pinned nonce) are typed here too.

mod check;
mod options;
mod read;
mod sign;

pub use check::*;
pub use options::*;
pub use read::*;
pub use sign::*;
