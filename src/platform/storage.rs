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

impl Draft {
    /// The draft as it may be written: a document field that holds a secret
    /// (`app_signature`, a token, a secret, a session) is left out, unless `remembered`
    /// says the person asked this device to keep that API's credentials. The JSON tab's
    /// unparsed text is kept only when it names no such field.
    pub fn for_storage(&self, remembered: impl Fn(&str) -> bool) -> Draft {
        let mut out = self.clone();
        for (api, doc) in out.docs.iter_mut() {
            if !remembered(api) {
                drop_secret_fields(doc);
            }
        }
        let raw_secret = out.raw.as_deref().is_some_and(names_a_secret);
        let current_remembered = out.api.as_deref().is_some_and(&remembered);
        if raw_secret && !current_remembered {
            out.raw = None;
        }
        out
    }
}

/// Removes secret-looking keys at any depth; true when one was.
fn drop_secret_fields(value: &mut Value) -> bool {
    use countersign_core::export::redact::is_secret_key;
    match value {
        Value::Object(map) => {
            let before = map.len();
            map.retain(|k, v| !(is_secret_key(k) && !v.is_object() && !v.is_array()));
            let mut changed = map.len() != before;
            for child in map.values_mut() {
                changed |= drop_secret_fields(child);
            }
            changed
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |acc, v| drop_secret_fields(v) | acc),
        _ => false,
    }
}

/// Whether unparsed JSON text has a key that holds a secret.
fn names_a_secret(raw: &str) -> bool {
    raw.split('"')
        .skip(1)
        .step_by(2)
        .any(countersign_core::export::redact::is_secret_key)
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
    let _ = try_save(key, value);
}

/// Why this browser's storage refused a write.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// No localStorage (blocked by the browser's settings, or a sandboxed page).
    Unavailable,
    /// The browser refused the write, usually because the storage is full: its words.
    Refused(String),
}

impl StorageError {
    fn text(&self, l: Lang) -> String {
        match self {
            Self::Unavailable => l
                .pick(
                    "本浏览器的存储不可用（被设置禁止？）",
                    "this browser's storage is not available (blocked by its settings?)",
                )
                .to_string(),
            Self::Refused(why) => crate::i18n::fill(
                l.pick(
                    "本浏览器的存储拒绝写入（已满？）：{why}",
                    "this browser's storage refused the write (full?): {why}",
                ),
                &[("why", why)],
            ),
        }
    }
}
crate::error_text::localised!(StorageError);

/// Writes a key, saying why when the browser refuses (for what a person saved on purpose).
pub fn try_save<T: Serialize>(key: &str, value: &T) -> Result<(), StorageError> {
    let text = serde_json::to_string(value).unwrap_or_default();
    let store = local_storage().ok_or(StorageError::Unavailable)?;
    store
        .set_item(key, &text)
        .map_err(|e| StorageError::Refused(crate::platform::fetch::js_message(&e)))
}

/// Writes text as it is (a store that sized its own JSON to a budget).
pub fn save_text(key: &str, text: &str) {
    if let Some(st) = local_storage() {
        let _ = st.set_item(key, text);
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

    #[test]
    fn drafts_hold_no_secret_field_unless_remembered() {
        let mut d = Draft {
            api: Some("kingdee.app_token".into()),
            ..Draft::default()
        };
        d.docs.insert(
            "kingdee.app_token".into(),
            json!({"app_key": "k", "app_signature": "SIGSECRET", "nested": [{"appSecret": "S2", "x": 1}]}),
        );
        d.docs
            .insert("taobao.x".into(), json!({"session": "SESS", "num_iid": 1}));
        d.raw = Some(r#"{"app_key": "k", "app_signature": "SIGSECRET""#.into());
        let stored = serde_json::to_string(&d.for_storage(|_| false)).unwrap();
        for secret in ["SIGSECRET", "S2", "SESS"] {
            assert!(!stored.contains(secret), "{secret} in {stored}");
        }
        let back: Draft = serde_json::from_str(&stored).unwrap();
        assert_eq!(
            back.docs["kingdee.app_token"],
            json!({"app_key": "k", "nested": [{"x": 1}]})
        );
        assert_eq!(back.docs["taobao.x"], json!({"num_iid": 1}));
        assert_eq!(back.raw, None);
        // "Remember on this device" for that vendor keeps them, like credentials.
        let kept = d.for_storage(|api| api.starts_with("kingdee."));
        assert_eq!(kept.docs["kingdee.app_token"], d.docs["kingdee.app_token"]);
        assert_eq!(kept.raw, d.raw);
        assert_eq!(kept.docs["taobao.x"], json!({"num_iid": 1}));
        // Unparsed text without a secret key survives.
        d.raw = Some(r#"{"number": "SP1""#.into());
        assert_eq!(d.for_storage(|_| false).raw, d.raw);
    }
}
