//! Credentials per vendor and environment. They stay in the browser: in memory, and in
//! localStorage only for the sets the user asked to remember. Pure and tested natively.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub type Fields = BTreeMap<String, String>;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CredSet {
    pub fields: Fields,
    pub remember: bool,
    /// Kingdee app-token expiry (Unix ms), when the app fetched the token.
    pub token_expires_ms: Option<i64>,
}

impl CredSet {
    pub fn value(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    pub fn set(&mut self, name: &str, value: String) {
        if value.is_empty() {
            self.fields.remove(name);
        } else {
            self.fields.insert(name.to_string(), value);
        }
    }

    /// The non-blank fields as the JSON object the signers read.
    pub fn to_json(&self) -> Value {
        let m: Map<String, Value> = self
            .fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        Value::Object(m)
    }
}

/// All credential sets, keyed `vendor/env`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CredStore(pub BTreeMap<String, CredSet>);

pub fn key(vendor: &str, env: &str) -> String {
    format!("{vendor}/{env}")
}

impl CredStore {
    /// The set for `vendor/env`; an untouched set starts from the environment's demo values.
    pub fn get(&self, vendor: &str, env: &str, demo: Option<&Fields>) -> CredSet {
        self.0
            .get(&key(vendor, env))
            .cloned()
            .unwrap_or_else(|| CredSet {
                fields: demo.cloned().unwrap_or_default(),
                ..CredSet::default()
            })
    }

    pub fn put(&mut self, vendor: &str, env: &str, set: CredSet) {
        self.0.insert(key(vendor, env), set);
    }

    /// Takes another window's write of the remembered sets: each set it keeps replaces
    /// this window's, and a set remembered here that it no longer keeps was forgotten
    /// there, so it is not remembered here either (its values stay in this window's
    /// memory: nothing typed here is lost). Sets never remembered are left as they are.
    /// Afterwards [`CredStore::remembered`] is `theirs`, so writing it back changes nothing.
    pub fn adopt_remembered(&mut self, theirs: CredStore) {
        for (k, set) in self.0.iter_mut() {
            if set.remember && !theirs.0.contains_key(k) {
                set.remember = false;
            }
        }
        for (k, set) in theirs.0 {
            self.0.insert(
                k,
                CredSet {
                    remember: true,
                    ..set
                },
            );
        }
    }

    /// Only what the user asked to keep on this device.
    pub fn remembered(&self) -> CredStore {
        CredStore(
            self.0
                .iter()
                .filter(|(_, s)| s.remember)
                .map(|(k, s)| (k.clone(), s.clone()))
                .collect(),
        )
    }
}

/// A field whose format the signer would reject, with the signer's own words.
pub fn field_problem(
    vendor: &str,
    name: &str,
    value: &str,
    l: crate::i18n::Lang,
) -> Option<String> {
    if vendor == "wdt" && name == "app_secret" && !value.trim().is_empty() {
        let c = countersign_core::wdt::Credentials {
            app_secret: Some(value.to_string()),
            ..Default::default()
        };
        return c.secret_and_salt().err().map(|e| {
            use countersign_core::Localise;
            e.localise(l)
        });
    }
    None
}

/// A space or an invisible character inside a credential (trimmed, as the signers trim
/// it): no vendor issues one with either, and a key pasted from a chat or a PDF often
/// carries one, which the gateway then calls a wrong key. The 1-based position and the
/// character's code point.
pub fn stray_character(value: &str) -> Option<(usize, u32)> {
    let invisible = |c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
            )
    };
    countersign_core::value::first_inside(value, invisible).map(|(at, c)| (at, u32::from(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stray_characters_inside_a_credential_are_found() {
        assert_eq!(stray_character(" 1234 5678 "), Some((6, 0x20)));
        assert_eq!(stray_character("tok\u{200b}en"), Some((4, 0x200b)));
        assert_eq!(stray_character("  abc\t"), None, "around it is trimmed");
        assert_eq!(stray_character("secret:salt"), None);
        assert_eq!(stray_character("全角\u{3000}空格"), Some((3, 0x3000)));
    }

    #[test]
    fn untouched_sets_start_from_demo_and_blank_fields_are_dropped() {
        let demo: Fields = [("app_key".to_string(), "12345678".to_string())].into();
        let mut store = CredStore::default();
        let mut set = store.get("taobao", "mock", Some(&demo));
        assert_eq!(set.value("app_key"), "12345678");
        set.set("session", " ".into());
        set.set("app_key", String::new());
        assert_eq!(set.to_json(), json!({}));
        store.put("taobao", "mock", set);
        assert_eq!(
            store.get("taobao", "mock", Some(&demo)).value("app_key"),
            ""
        );
    }

    #[test]
    fn only_remembered_sets_are_persisted() {
        let mut store = CredStore::default();
        let mut kept = CredSet::default();
        kept.set("sid", "s".into());
        kept.remember = true;
        store.put("wdt", "test", kept.clone());
        store.put("wdt", "production", CredSet::default());
        assert_eq!(store.remembered().0.len(), 1);
        assert_eq!(store.remembered().0["wdt/test"], kept);
    }

    #[test]
    fn another_windows_remembered_sets_replace_ours_and_its_forgetting_holds_here() {
        let set = |v: &str, remember| CredSet {
            fields: [("app_key".to_string(), v.to_string())].into(),
            remember,
            token_expires_ms: None,
        };
        let mut ours = CredStore::default();
        ours.put("kingdee", "prod", set("old", true));
        ours.put("wdt", "test", set("forgotten there", true));
        ours.put("taobao", "mock", set("typed here only", false));
        let mut theirs = CredStore::default();
        theirs.put("kingdee", "prod", set("new", true));
        theirs.put("taobao", "sandbox", set("remembered there", true));
        ours.adopt_remembered(theirs.clone());
        assert_eq!(ours.remembered(), theirs);
        assert_eq!(ours.0["kingdee/prod"].value("app_key"), "new");
        // Forgotten there: no longer kept, still typed here.
        assert_eq!(ours.0["wdt/test"], set("forgotten there", false));
        assert_eq!(ours.0["taobao/mock"], set("typed here only", false));
        // The other window cleared everything.
        ours.adopt_remembered(CredStore::default());
        assert!(ours.remembered().0.is_empty());
        assert_eq!(ours.0.len(), 4);
    }

    #[test]
    fn wdt_secret_without_colon_is_flagged_with_the_signer_message() {
        let msg = field_problem("wdt", "app_secret", "nocolon", crate::i18n::Lang::En).unwrap();
        assert!(msg.contains("secret:salt"), "{msg}");
        assert_eq!(
            field_problem("wdt", "app_secret", "a:b", crate::i18n::Lang::En),
            None
        );
        assert_eq!(
            field_problem("taobao", "app_secret", "nocolon", crate::i18n::Lang::En),
            None
        );
    }
}
