//! What survives a reload, in localStorage: the drafts (API, environment, document),
//! preferences, and credentials only when "remember on this device" is ticked.
//! The shapes are plain serde types, tested natively; only `load`/`save` touch the browser.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

// What drafts and tabs leave out is core's secret field (a secret-looking key holding
// text or a number): the rule exports and share links follow, in one place.
use countersign_core::export::redact::{drop_secret_fields, secret_leaf};
use countersign_core::share::ShareState;

use crate::i18n::Lang;

/// The draft and the tabs are each window's own, under `<key>/<window id>`
/// (`platform::windows::key`); the plain keys hold the one set of the versions before.
pub const DRAFT_KEY: &str = "countersign.draft.v1";
pub const PREFS_KEY: &str = "countersign.prefs.v1";
pub const CREDS_KEY: &str = "countersign.credentials.v1";
pub const TABS_KEY: &str = "countersign.tabs.v1";

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
    /// The same for the other APIs left with JSON that does not parse, by API id.
    pub raws: BTreeMap<String, String>,
    /// The pinned timestamp and nonce per API id: typed by the person reproducing a
    /// call, so kept like the document (no secret is among them).
    pub pins: BTreeMap<String, crate::signature::signing::Pins>,
}

impl Draft {
    /// The draft as it may be written: a document field that holds a secret
    /// (`app_signature`, a token, a secret, a session) is left out, unless `remembered`
    /// says the person asked this device to keep that API's credentials. The JSON tab's
    /// unparsed text is kept only when it names no such field. (What [`DraftOut`] writes
    /// without copying; kept as the plain statement of the rule its tests check it against.)
    #[cfg(test)]
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
        out.raws.retain(|api, raw| {
            out.api.as_deref() != Some(api) && (remembered(api) || !names_a_secret(raw))
        });
        out
    }
}

/// The draft to write, borrowed from the app's state and written as
/// `Draft::for_storage(remembered)` would be, without copying the documents: a 100-row
/// document was copied twice and walked once more on each write while typing.
pub struct DraftOut<'a, F: Fn(&str) -> bool> {
    pub api: Option<&'a str>,
    pub env: &'a BTreeMap<String, String>,
    /// The documents of the APIs not on screen.
    pub others: &'a BTreeMap<String, Value>,
    /// The API on screen and its document, which replaces its entry in `others`.
    pub current: Option<(&'a str, &'a Value)>,
    pub raw: Option<&'a str>,
    /// The unparsed JSON of the APIs not on screen.
    pub other_raws: &'a BTreeMap<String, String>,
    /// The pins per API id, the screen's API's included.
    pub pins: &'a BTreeMap<String, crate::signature::signing::Pins>,
    /// Whether the person asked this device to keep this API's credentials.
    pub remembered: F,
}

impl<F: Fn(&str) -> bool> Serialize for DraftOut<'_, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let docs: BTreeMap<&str, WithoutSecrets> = self
            .others
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .filter(|(k, _)| self.current.is_none_or(|(c, _)| c != *k))
            .chain(self.current)
            .map(|(k, v)| (k, WithoutSecrets(v, (self.remembered)(k))))
            .collect();
        let current_remembered = self.api.is_some_and(&self.remembered);
        let raw = self
            .raw
            .filter(|raw| current_remembered || !names_a_secret(raw));
        let raws: BTreeMap<&str, &str> = self
            .other_raws
            .iter()
            .filter(|(k, _)| self.api != Some(k.as_str()))
            .filter(|(k, v)| (self.remembered)(k) || !names_a_secret(v))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut out = serializer.serialize_struct("Draft", 6)?;
        out.serialize_field("api", &self.api)?;
        out.serialize_field("env", self.env)?;
        out.serialize_field("docs", &docs)?;
        out.serialize_field("raw", &raw)?;
        out.serialize_field("raws", &raws)?;
        out.serialize_field("pins", self.pins)?;
        out.end()
    }
}

/// A document written without its secret fields, unless `.1` keeps them.
struct WithoutSecrets<'a>(&'a Value, bool);

impl Serialize for WithoutSecrets<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            _ if self.1 => self.0.serialize(serializer),
            Value::Object(map) => {
                let mut out = serializer.serialize_map(None)?;
                for (k, v) in map.iter().filter(|(k, v)| !secret_leaf(k, v)) {
                    out.serialize_entry(k, &WithoutSecrets(v, false))?;
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for v in items {
                    out.serialize_element(&WithoutSecrets(v, false))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Whether unparsed JSON text has a key that holds a secret.
fn names_a_secret(raw: &str) -> bool {
    raw.split('"')
        .skip(1)
        .step_by(2)
        .any(countersign_core::export::redact::is_secret_key)
}

/// The request tabs, so a reload reopens them all: their order, the one on screen, the
/// saved request each was opened from, and each hidden tab's request (API, environment,
/// document without its secret fields unless remembered, options with pins). The tab on
/// screen has no request here: the draft holds it. Answers are not kept (the history has
/// them).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Tabs {
    pub active: u64,
    pub tabs: Vec<StoredTab>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredTab {
    pub id: u64,
    #[serde(default)]
    pub saved: Option<u64>,
    #[serde(default)]
    pub request: Option<ShareState>,
    /// The hidden tab's JSON text while it does not parse (the request holds the last
    /// document that did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

impl Tabs {
    /// The tabs as they may be written: each hidden tab's document without its secret
    /// fields, unless `remembered` says the person asked this device to keep that API's
    /// credentials (the drafts' rule).
    pub fn for_storage(mut self, remembered: impl Fn(&str) -> bool) -> Tabs {
        for tab in &mut self.tabs {
            if let Some(request) = &mut tab.request {
                if !remembered(&request.api) {
                    drop_secret_fields(&mut request.document);
                    if tab.raw.as_deref().is_some_and(names_a_secret) {
                        tab.raw = None;
                    }
                }
            }
        }
        self
    }

    /// What a reload can reopen: tabs with distinct ids whose hidden requests name an API
    /// that `exists` (an imported API deleted since is left out), and the tab on screen
    /// among them; `None` when that leaves nothing to reopen.
    pub fn reopenable(mut self, exists: impl Fn(&str) -> bool) -> Option<Tabs> {
        let active = self.active;
        let mut seen = std::collections::BTreeSet::new();
        self.tabs.retain(|t| {
            seen.insert(t.id)
                && (t.id == active || t.request.as_ref().is_none_or(|r| exists(&r.api)))
        });
        for tab in &mut self.tabs {
            if tab.id == active {
                tab.request = None;
            }
        }
        self.tabs.iter().any(|t| t.id == active).then_some(self)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub lang: Option<Lang>,
    /// The person picked `lang` with the app's switch. A language the app only opened in
    /// (the browser's, a share link's) is not theirs: a link made in another language
    /// opens in that one, and is not kept for the next visit.
    pub lang_chosen: bool,
    pub presenter: bool,
    /// Empty: same origin as the page.
    pub relay_base: String,
    pub sign_method: String,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            lang: None,
            lang_chosen: false,
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
    read(local_storage(), key)
}

fn read<T: DeserializeOwned>(store: Option<web_sys::Storage>, key: &str) -> Option<T> {
    let text = store?.get_item(key).ok().flatten()?;
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
    /// Over this site's storage quota (browsers allow about 5 MB): `bytes` were asked for.
    Full { bytes: usize },
    /// The browser refused the write for another reason: its words.
    Refused(String),
}

impl StorageError {
    /// From the exception `setItem` threw for a value of `bytes` bytes.
    fn from_js(message: String, bytes: usize) -> Self {
        if message.contains("QuotaExceeded") || message.contains("quota") {
            Self::Full { bytes }
        } else {
            Self::Refused(message.trim_end_matches('.').to_string())
        }
    }
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
            Self::Full { bytes } => crate::i18n::fill(
                l.pick(
                    "本浏览器为本站保留的存储已满（约 5 MB），写不下这 {size}",
                    "this browser's storage for this site is full (about 5 MB); {size} do not fit",
                ),
                &[("size", &crate::inspector::timing::format_bytes(*bytes))],
            ),
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
    write(local_storage(), key, value)
}

fn write<T: Serialize>(
    store: Option<web_sys::Storage>,
    key: &str,
    value: &T,
) -> Result<(), StorageError> {
    let text = serde_json::to_string(value).unwrap_or_default();
    let store = store.ok_or(StorageError::Unavailable)?;
    store
        .set_item(key, &text)
        .map_err(|e| StorageError::from_js(crate::platform::fetch::js_message(&e), text.len()))
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

/// Calls `changed` whenever another window of this origin writes `key` (the browser's
/// `storage` event, never fired for this window's own writes), for as long as the owner
/// lives.
pub fn on_change(key: &'static str, changed: impl Fn() + 'static) {
    use leptos::prelude::*;
    let handle = window_event_listener(leptos::ev::storage, move |e| {
        // No key: the other window cleared the whole storage.
        if e.key().is_none_or(|k| k == key) {
            changed();
        }
    });
    on_cleanup(move || handle.remove());
}

/// This tab's sessionStorage: what should survive a reload but not outlive the tab
/// (a customer's pasted request, which the device should not keep).
pub mod tab {
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    fn store() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
        super::read(store(), key)
    }

    /// A full or blocked storage is ignored: this is a convenience, like the drafts.
    pub fn save<T: Serialize>(key: &str, value: &T) {
        let _ = super::write(store(), key, value);
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
        // So does the unparsed text left in other APIs, by the same rule.
        d.raws
            .insert("taobao.x".into(), r#"{"session": "SESS""#.into());
        d.raws.insert("wdt.y".into(), r#"{"n": 1,"#.into());
        let out = d.for_storage(|_| false);
        assert_eq!(out.raws.keys().collect::<Vec<_>>(), ["wdt.y"]);
        assert_eq!(d.for_storage(|a| a == "taobao.x").raws.len(), 2);
    }

    #[test]
    fn the_borrowed_draft_writes_what_the_rule_says() {
        let mut d = Draft {
            api: Some("kingdee.app_token".into()),
            ..Draft::default()
        };
        d.env.insert("kingdee".into(), "mock".into());
        d.pins.insert(
            "kingdee".into(),
            crate::signature::signing::Pins {
                timestamp: "1700000000000".into(),
                ..Default::default()
            },
        );
        let on_screen = json!({"app_key": "k", "app_signature": "SIG", "rows": [{"token": "T", "x": {"secret": "S"}}], "secret": {"kept": 1}});
        for (api, doc) in [
            ("kingdee.app_token", json!({"stale": "draft"})),
            ("taobao.x", json!({"session": "SESS", "num_iid": 1})),
            ("a.first", json!([{"password": "P"}])),
        ] {
            d.docs.insert(api.into(), doc);
        }
        // Unparsed text of other APIs: kept unless it names a secret the person did not
        // ask to remember; the API on screen's own entry is its `raw`.
        for (api, raw) in [
            ("taobao.x", r#"{"session": "SESS""#),
            ("wdt.y", r#"{"n": 1,"#),
            ("kingdee.app_token", r#"{"stale""#),
        ] {
            d.raws.insert(api.into(), raw.into());
        }
        for raw in [
            None,
            Some(r#"{"app_signature": "SIG""#),
            Some(r#"{"number": 1"#),
        ] {
            let rules: [fn(&str) -> bool; 3] = [|_| false, |a| a.starts_with("kingdee."), |_| true];
            for remembered in rules {
                let out = DraftOut {
                    api: d.api.as_deref(),
                    env: &d.env,
                    others: &d.docs,
                    current: Some(("kingdee.app_token", &on_screen)),
                    raw,
                    other_raws: &d.raws,
                    pins: &d.pins,
                    remembered,
                };
                let mut whole = d.clone();
                whole
                    .docs
                    .insert("kingdee.app_token".into(), on_screen.clone());
                whole.raw = raw.map(str::to_string);
                assert_eq!(
                    serde_json::to_string(&out).unwrap(),
                    serde_json::to_string(&whole.for_storage(remembered)).unwrap(),
                    "{raw:?}"
                );
            }
        }
        // No API on screen: the other drafts only.
        let out = DraftOut {
            api: None,
            env: &d.env,
            others: &d.docs,
            current: None,
            raw: None,
            other_raws: &d.raws,
            pins: &d.pins,
            remembered: |_: &str| false,
        };
        let none = Draft {
            api: None,
            raw: None,
            ..d.clone()
        };
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            serde_json::to_string(&none.for_storage(|_| false)).unwrap()
        );
    }

    #[test]
    fn tabs_keep_no_secret_unless_remembered_and_reopen_only_what_exists() {
        let request = |api: &str, doc: Value| ShareState {
            api: api.into(),
            environment: "mock".into(),
            document: doc,
            options: Default::default(),
            definition: None,
        };
        let tabs = Tabs {
            active: 2,
            tabs: vec![
                StoredTab {
                    id: 1,
                    saved: Some(7),
                    request: Some(request(
                        "kingdee.app_token",
                        json!({"app_key": "k", "app_signature": "SIGSECRET", "rows": [{"token": "T"}]}),
                    )),
                    raw: Some(r#"{"app_signature": "RAWSECRET""#.into()),
                },
                StoredTab {
                    id: 2,
                    saved: None,
                    request: None,
                    raw: None,
                },
                StoredTab {
                    id: 3,
                    saved: None,
                    request: Some(request("taobao.x", json!({"session": "SESS", "n": 1}))),
                    raw: Some(r#"{"n": 1,"#.into()),
                },
            ],
        };
        let stored = serde_json::to_string(&tabs.clone().for_storage(|_| false)).unwrap();
        for secret in ["SIGSECRET", "\"T\"", "SESS", "RAWSECRET"] {
            assert!(!stored.contains(secret), "{secret} in {stored}");
        }
        let back: Tabs = serde_json::from_str(&stored).unwrap();
        assert_eq!(
            back.tabs[0].request.as_ref().unwrap().document,
            json!({"app_key": "k", "rows": [{}]})
        );
        assert_eq!(back.tabs[0].saved, Some(7));
        assert_eq!(
            back.tabs[2].raw, tabs.tabs[2].raw,
            "unparsed text with no secret stays"
        );
        let kept = tabs.clone().for_storage(|api| api.starts_with("kingdee."));
        assert_eq!(kept.tabs[0], tabs.tabs[0]);
        assert_eq!(
            kept.tabs[2].request.as_ref().unwrap().document,
            json!({"n": 1})
        );

        // A tab whose API is gone is left out; the one on screen stays, without a request.
        let open = back.clone().reopenable(|api| api != "taobao.x").unwrap();
        assert_eq!(open.tabs.iter().map(|t| t.id).collect::<Vec<_>>(), [1, 2]);
        let mut twice = back.clone();
        twice.tabs.push(twice.tabs[0].clone());
        twice.tabs[1].request = Some(request("kingdee.app_token", json!({})));
        let open = twice.reopenable(|_| true).unwrap();
        assert_eq!(open.tabs.len(), 3, "a repeated id is dropped");
        assert_eq!(
            open.tabs[1].request, None,
            "the tab on screen takes the draft"
        );
        // Nothing to reopen: no tab on screen, or a corrupt entry.
        assert_eq!(Tabs { active: 9, ..back }.reopenable(|_| true), None);
        assert_eq!(Tabs::default().reopenable(|_| true), None);
        assert!(serde_json::from_str::<Tabs>(r#"{"tabs": 3}"#).is_err());
    }
}
