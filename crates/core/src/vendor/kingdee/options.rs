//! The Kingdee build option: the pinned nonce (`X-Api-Nonce`).

use serde::Serialize;
use serde_json::Value;

use crate::options::{text, OptionProblem};

/// Kingdee's own build options; the pinned timestamp and the base URL are common to every
/// vendor and live in [`crate::options::BuildOptions`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    /// As sent; a positive integer by the gateway's rule ([`super::nonce_is_valid`]),
    /// which the signer applies with an error naming `nonce`. Numbers are read as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

impl BuildOptions {
    pub const NAMES: [&'static str; 1] = ["nonce"];

    /// Sets option `name` from its JSON value: `None` when `name` is not Kingdee's.
    pub fn set(&mut self, name: &str, value: &Value) -> Option<Result<(), OptionProblem>> {
        match name {
            "nonce" => Some(text(value).map(|t| self.nonce = t)),
            _ => None,
        }
    }

    pub(crate) fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.nonce.iter_mut()
    }
}
