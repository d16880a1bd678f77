//! 旺店通 旗舰版 (`/openapi`), all in one place: the signer (`sign.rs`: MD5 over
//! `secret + sorted key+value + secret`, lower hex, the raw JSON body among the signed
//! parameters), the reader (`read.rs`: system parameters from the query, the body kept
//! byte for byte; the headers read and what marks a 旺店通 call), the console's `secret:salt` split, and the gateway's rules in its
//! order (`check.rs`: required parameters, sid, key, salt, version, timestamp, method,
//! signature), refusing with 旺店通's `status`.
//! Its build options (`options.rs`: the body's JSON style and paging) are typed here too.

mod check;
mod options;
mod read;
mod sign;

pub use check::*;
pub use options::*;
pub use read::*;
pub use sign::*;
