//! countersign's core: pure, I/O-free signing and request building for Taobao TOP,
//! 旺店通 旗舰版 and Kingdee 精斗云 v2. No clock and no randomness inside: both are inputs.
//!
//! `vendor/` holds everything about each gateway once (signer, reader, rules, `check`);
//! `catalog/` the APIs as data and request building; `verify/` explains a captured
//! signature; `capture`, `import`, `export/`, `share` move requests in and out; `http` is
//! the one request type; `relay_protocol` what server and app say to each other; `lang`
//! the one `Lang` and `Localise`, which every typed error here implements.

pub mod capture;
pub mod catalog;
pub mod clock;
pub mod digest;
pub mod encoding;
pub mod error;
pub mod export;
pub mod http;
pub mod import;
pub mod import_doc;
pub mod json;
pub mod json_at;
pub mod lang;
pub mod options;
pub mod relay_protocol;
pub mod request;
pub mod share;
pub mod signed;
pub mod value;
pub mod vendor;
pub mod verify;

/// The signers' old homes, kept so `crate::taobao::…` paths still name them.
pub use vendor::{kingdee, taobao, wdt};

pub use error::SignError;
pub use http::{HttpRequest, Sensitive};
pub use lang::{Lang, Localise};
pub use options::{BuildOptions, OptionProblem};
pub use request::{SignRequest, Signer, Vendor};
pub use signed::{Canon, PartSpan, SignPart, Signed, WireRequest};
pub use verify::{verify, Verdict, VerifyError, VerifyInput};
