//! The TOP system parameters a caller chooses when building a request (the signer fills
//! the rest: `app_key`, `session`, `sign`, and `timestamp` unless it is pinned).

use serde::Serialize;
use serde_json::Value;

use crate::options::{flag, text, OptionProblem};

/// Taobao's own build options; the pinned timestamp and the gateway are common to every
/// vendor and live in [`crate::options::BuildOptions`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    /// `md5` (the signer's default when absent), `hmac` or `hmac-sha256`; the signer
    /// refuses any other with an error naming `sign_method`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// Sent as `simplify=true|false` when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simplify: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_app_key: Option<String>,
    /// Override `format` (default `json`) and `v` (default `2.0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v: Option<String>,
}

impl BuildOptions {
    /// The names as an `options` object spells them.
    pub const NAMES: [&'static str; 6] = [
        "sign_method",
        "partner_id",
        "simplify",
        "target_app_key",
        "format",
        "v",
    ];

    /// Sets option `name` from its JSON value: `None` when `name` is not Taobao's,
    /// `Some(Err(reason))` when the value is of the wrong kind.
    pub fn set(&mut self, name: &str, value: &Value) -> Option<Result<(), OptionProblem>> {
        let slot = match name {
            "simplify" => return Some(flag(value).map(|b| self.simplify = b)),
            "sign_method" => &mut self.sign_method,
            "partner_id" => &mut self.partner_id,
            "target_app_key" => &mut self.target_app_key,
            "format" => &mut self.format,
            "v" => &mut self.v,
            _ => return None,
        };
        Some(text(value).map(|t| *slot = t))
    }

    /// The options a share link, history entry or saved request keeps (not the
    /// `format`/`v` overrides, which only the CLI takes).
    pub fn shareable(&self) -> Self {
        Self {
            format: None,
            v: None,
            ..self.clone()
        }
    }

    pub(crate) fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [
            &mut self.sign_method,
            &mut self.partner_id,
            &mut self.target_app_key,
            &mut self.format,
            &mut self.v,
        ]
        .into_iter()
        .flatten()
    }
}
