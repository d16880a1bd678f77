//! What survives a reload, in localStorage: the drafts (API, environment, document),
//! preferences, and credentials only when "remember on this device" is ticked.
//! The shapes are plain serde types, tested natively; only `load`/`save` touch the browser.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Lang;

pub const DRAFT_KEY: &str = "countersign.draft.v1";
pub const PREFS_KEY: &str = "countersign.prefs.v1";
pub const CREDS_KEY: &str = "countersign.credentials.v1";

/// The builder's state: one document per API, so switching APIs loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The API last open.
    pub api: Option<String>,
    /// Environment id per vendor id.
    pub env: BTreeMap<String, String>,
    pub docs: BTreeMap<String, Value>,
    /// The JSON tab's text while it does not parse, so a reload loses nothing.
    pub raw: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub lang: Option<Lang>,
    pub presenter: bool,
    /// Empty: same origin as the page.
    pub relay_base: String,
    pub sign_method: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            lang: None,
            presenter: false,
            relay_base: String::new(),
            sign_method: "md5".into(),
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads and parses a key; a missing, blocked or corrupt entry is simply absent.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Writes a key; a full or blocked storage is ignored (drafts are a convenience).
pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn draft_round_trips_and_tolerates_old_shapes() {
        let mut d = Draft {
            api: Some("kingdee.material.save".into()),
            ..Draft::default()
        };
        d.env.insert("kingdee".into(), "mock".into());
        d.docs
            .insert("kingdee.material.save".into(), json!({"number": "SP001"}));
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), d);
        // Unknown or missing fields never lose the rest.
        let old: Draft = serde_json::from_str(r#"{"api":"x","extra":1}"#).unwrap();
        assert_eq!(old.api.as_deref(), Some("x"));
        let p: Prefs = serde_json::from_str(r#"{"lang":"En"}"#).unwrap();
        assert_eq!((p.lang, p.sign_method.as_str()), (Some(Lang::En), "md5"));
    }
}
