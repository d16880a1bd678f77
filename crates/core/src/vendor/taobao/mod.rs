//! Taobao TOP (`router/rest`), all in one place: the signer (`sign.rs`: sorted
//! `key+value` pairs, MD5 or HMAC, upper hex), the reader (`read.rs`: query then a form
//! body, first value of a repeated name; the required names, version, headers read and
//! what marks a TOP call) and the gateway's rules in TOP's order
//! (`check.rs`: method, app key, timestamp, version, format, sign method, signature,
//! session), refusing with TOP's `code` and `sub_code`.
//! Its build options (`options.rs`: the system parameters a caller chooses) are typed here too.

mod check;
mod options;
mod read;
mod sign;

pub use check::*;
pub use options::*;
pub use read::*;
pub use sign::*;
