//! The app's state: a handful of signals shared through context. The request document
//! (`doc`) is the single source of truth for the form and the raw JSON tab; the signature
//! and the validation findings are memos over it.

use std::collections::BTreeMap;

use countersign_core::catalog::{self, Api, Environment, EnvironmentKind, Finding};
use countersign_core::Signed;
use leptos::prelude::*;
use serde_json::Value;

use crate::builder::document::DocState;
use crate::credentials::store::{CredSet, CredStore, Fields};
use crate::i18n::{Lang, T};
use crate::platform;
use crate::platform::storage::{self, Draft, Prefs};
use crate::send::Sender;
use crate::signature::signing::{self, Inputs, Pins, Problem, SignOptions};

/// What the middle column shows. History and signature checking come with their issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Builder,
    History,
    CheckSignature,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Credentials,
    Settings,
    SendAnyway,
    SaveRequest,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Form,
    Json,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub presenter: RwSignal<bool>,
    pub view: RwSignal<View>,
    pub dialog: RwSignal<Option<Dialog>>,
    pub tab: RwSignal<Tab>,
    pub api: RwSignal<Option<&'static Api>>,
    /// Environment id per vendor id.
    pub envs: RwSignal<BTreeMap<String, String>>,
    pub doc: RwSignal<DocState>,
    /// The documents of the APIs not on screen, so switching loses nothing.
    pub drafts: StoredValue<BTreeMap<String, Value>>,
    pub creds: RwSignal<CredStore>,
    pub pins: RwSignal<Pins>,
    /// The pins of the vendors not on screen: a pin is written in its vendor's own
    /// timestamp format, so it never carries over to another vendor.
    pub vendor_pins: StoredValue<BTreeMap<String, Pins>>,
    pub options: RwSignal<SignOptions>,
    /// The live clock, ticking each second.
    pub now_ms: RwSignal<i64>,
    /// Set while the pointer is over the signature panel (text stays selectable).
    pub clock_paused: RwSignal<bool>,
    /// The nonce used while not pinned; drawn again after each send.
    pub live_nonce: RwSignal<u64>,
    pub relay_base: RwSignal<String>,
    pub relay_token: RwSignal<String>,
    pub sender: Sender,
    pub signed: Memo<Option<Result<Signed, Problem>>>,
    pub findings: Memo<Vec<Finding>>,
}

impl AppState {
    pub fn new() -> Self {
        // Imported APIs first: the draft may reopen one.
        crate::sidebar::imported::restore();
        let prefs: Prefs = storage::load(storage::PREFS_KEY).unwrap_or_default();
        let draft: Draft = storage::load(storage::DRAFT_KEY).unwrap_or_default();
        let creds: CredStore = storage::load(storage::CREDS_KEY).unwrap_or_default();
        let lang = prefs
            .lang
            .unwrap_or_else(|| Lang::from_browser(&platform::browser_language()));
        // A first visit opens the first API rather than an empty screen.
        let api = match draft.api.as_deref() {
            Some(id) => catalog::find(id),
            None => catalog::all().first(),
        };
        let doc = api
            .and_then(|a| draft.docs.get(&a.id).cloned())
            .or_else(|| api.map(|a| a.starter_document()))
            .unwrap_or_else(|| Value::Object(Default::default()));

        let api = RwSignal::new(api);
        let mut doc = DocState::new(doc);
        if let Some(raw) = draft.raw.clone() {
            doc.edit_raw(raw);
        }
        let doc = RwSignal::new(doc);
        let envs = RwSignal::new(draft.env.clone());
        let creds = RwSignal::new(creds);
        let pins = RwSignal::new(Pins::default());
        let options = RwSignal::new(SignOptions {
            sign_method: prefs.sign_method.clone(),
            ..SignOptions::default()
        });
        let now_ms = RwSignal::new(platform::now_ms());
        let live_nonce = RwSignal::new(signing::nonce_from(platform::random()));

        let findings = Memo::new(move |_| match api.get() {
            Some(a) => doc.with(|d| catalog::validate(a, &d.doc)),
            None => Vec::new(),
        });
        let signed = Memo::new(move |_| {
            let a = api.get()?;
            let env = env_of(a, &envs.get());
            let cred = creds.with(|c| cred_set(c, a, env));
            let credentials = cred.to_json();
            let result = doc.with(|d| {
                pins.with(|p| {
                    options.with(|o| {
                        signing::sign(&Inputs {
                            api: a,
                            document: &d.doc,
                            credentials: &credentials,
                            env,
                            options: o,
                            pins: p,
                            now_ms: now_ms.get(),
                            live_nonce: live_nonce.get(),
                        })
                    })
                })
            });
            Some(result)
        });

        Self {
            lang: RwSignal::new(lang),
            presenter: RwSignal::new(prefs.presenter),
            view: RwSignal::new(View::Builder),
            dialog: RwSignal::new(None),
            // Broken JSON from the last visit reopens where it can be fixed.
            tab: RwSignal::new(if draft.raw.is_some() {
                Tab::Json
            } else {
                Tab::Form
            }),
            api,
            envs,
            doc,
            drafts: StoredValue::new(draft.docs),
            creds,
            pins,
            vendor_pins: StoredValue::new(BTreeMap::new()),
            options,
            now_ms,
            clock_paused: RwSignal::new(false),
            live_nonce,
            relay_base: RwSignal::new(prefs.relay_base),
            relay_token: RwSignal::new(String::new()),
            sender: Sender::new(),
            signed,
            findings,
        }
    }

    pub fn t(&self, key: T) -> &'static str {
        key.get(self.lang.get())
    }

    /// Switches API, keeping each API's document as a draft.
    pub fn select_api(&self, next: &'static Api) {
        if self.api.get_untracked().map(|a| a.id.as_str()) == Some(next.id.as_str()) {
            return;
        }
        if let Some(cur) = self.api.get_untracked() {
            let doc = self.doc.with_untracked(|d| d.doc.clone());
            self.drafts.update_value(|m| {
                m.insert(cur.id.clone(), doc);
            });
        }
        let doc = self
            .drafts
            .with_value(|m| m.get(&next.id).cloned())
            .unwrap_or_else(|| next.starter_document());
        self.doc.update(|d| d.replace(doc));
        let cur_vendor = self.api.get_untracked().map(|a| a.vendor.id());
        if cur_vendor != Some(next.vendor.id()) {
            let mine = self.pins.get_untracked();
            let theirs = self.vendor_pins.try_update_value(|m| {
                if let Some(v) = cur_vendor {
                    m.insert(v.to_string(), mine);
                }
                m.remove(next.vendor.id()).unwrap_or_default()
            });
            self.pins.set(theirs.unwrap_or_default());
        }
        self.api.set(Some(next));
        self.view.set(View::Builder);
        self.sender.show(None);
    }

    /// The environment of the current API's vendor.
    pub fn env(&self) -> Option<&'static Environment> {
        let a = self.api.get()?;
        Some(self.envs.with(|e| env_of(a, e)))
    }

    pub fn set_env(&self, vendor: &str, env: &str) {
        self.envs.update(|m| {
            m.insert(vendor.to_string(), env.to_string());
        });
    }

    /// The credentials of the current vendor and environment.
    pub fn cred_set(&self) -> Option<CredSet> {
        let a = self.api.get()?;
        let env = self.env()?;
        Some(self.creds.with(|c| cred_set(c, a, env)))
    }

    /// Same, for event handlers and tasks (no tracking).
    pub fn cred_set_untracked(&self) -> Option<CredSet> {
        let a = self.api.get_untracked()?;
        let env = self.env_untracked()?;
        Some(self.creds.with_untracked(|c| cred_set(c, a, env)))
    }

    pub fn update_creds(&self, f: impl FnOnce(&mut CredSet)) {
        let (Some(a), Some(env)) = (self.api.get_untracked(), self.env_untracked()) else {
            return;
        };
        let mut set = self.creds.with_untracked(|c| cred_set(c, a, env));
        f(&mut set);
        self.creds.update(|c| c.put(a.vendor.id(), &env.id, set));
    }

    pub fn env_untracked(&self) -> Option<&'static Environment> {
        let a = self.api.get_untracked()?;
        Some(self.envs.with_untracked(|e| env_of(a, e)))
    }

    /// Validation errors (not warnings) in the current document; unparsed JSON is one.
    pub fn error_count(&self) -> usize {
        let broken = self.doc.with(|d| usize::from(d.error.is_some()));
        broken
            + self
                .findings
                .with(|f| f.iter().filter(|x| x.is_error()).count())
    }

    /// Signs with a fresh clock (unless pinned) and sends through the relay.
    pub fn send_now(&self) {
        let (Some(a), Some(env)) = (self.api.get_untracked(), self.env_untracked()) else {
            return;
        };
        self.now_ms.set(platform::now_ms());
        let Some(Ok(signed)) = self.signed.get_untracked() else {
            return;
        };
        let target = signing::relay_target(
            a.vendor_info(),
            env,
            &self.relay_base.get_untracked(),
            &self.relay_token.get_untracked(),
        );
        crate::exchange::note_send(self, &signed.wire);
        self.sender.send(signed.wire, target);
        // The next request gets a fresh nonce (a replayed nonce is refused by Kingdee).
        self.live_nonce.set(signing::nonce_from(platform::random()));
    }

    /// Send, unless validation has errors: then ask first (support staff send broken
    /// calls on purpose, but never by accident).
    pub fn request_send(&self) {
        if self.sender.pending().get_untracked() {
            return;
        }
        // Unparsed JSON would send the last good document, not what is on screen.
        if self.doc.with_untracked(|d| d.error.is_some()) {
            self.tab.set(Tab::Json);
            return;
        }
        if untrack(|| self.error_count()) > 0 {
            self.dialog.set(Some(Dialog::SendAnyway));
        } else {
            self.send_now();
        }
    }

    /// Writes drafts, preferences and remembered credentials whenever they change.
    pub fn persist(&self) {
        let s = *self;
        // Drafts are written at most every 400 ms, not on each keystroke of a big document.
        let scheduled = StoredValue::new(false);
        let save_draft = move || {
            scheduled.set_value(false);
            let mut docs = s.drafts.get_value();
            if let Some(a) = s.api.get_untracked() {
                docs.insert(a.id.clone(), s.doc.with_untracked(|d| d.doc.clone()));
            }
            let draft = Draft {
                api: s.api.get_untracked().map(|a| a.id.clone()),
                env: s.envs.get_untracked(),
                docs,
                raw: s.doc.with_untracked(|d| d.error.is_some().then(|| d.raw())),
            };
            // Secret fields (app_signature, tokens) stay only where the person asked this
            // device to remember the vendor's credentials.
            let remembered = s.creds.with_untracked(CredStore::remembered);
            let vendors: Vec<String> = remembered
                .0
                .keys()
                .filter_map(|k| k.split('/').next())
                .map(|v| format!("{v}."))
                .collect();
            let draft = draft.for_storage(|api| vendors.iter().any(|v| api.starts_with(v)));
            storage::save(storage::DRAFT_KEY, &draft);
        };
        Effect::new(move |_| {
            s.api.track();
            s.envs.track();
            s.doc.track();
            if !scheduled.get_value() {
                scheduled.set_value(true);
                set_timeout(save_draft, std::time::Duration::from_millis(400));
            }
        });
        // A tab closed or reloaded inside the delay would lose the last edit: write a pending
        // draft when the page is hidden or left (`pagehide` covers reload and close,
        // `visibilitychange` a mobile tab switch that may never come back). Unconditional:
        // the effect that schedules the write may not have run yet.
        let flush = save_draft;
        let on_hide = window_event_listener(leptos::ev::pagehide, move |_| flush());
        let on_hidden = window_event_listener_untyped("visibilitychange", move |_| {
            if platform::document_hidden() {
                flush();
            }
        });
        on_cleanup(move || {
            on_hide.remove();
            on_hidden.remove();
        });
        Effect::new(move |_| {
            let prefs = Prefs {
                lang: Some(s.lang.get()),
                presenter: s.presenter.get(),
                relay_base: s.relay_base.get(),
                sign_method: s.options.with(|o| o.sign_method.clone()),
            };
            storage::save(storage::PREFS_KEY, &prefs);
        });
        Effect::new(move |_| {
            let kept = s.creds.with(CredStore::remembered);
            if kept.0.is_empty() {
                storage::remove(storage::CREDS_KEY);
            } else {
                storage::save(storage::CREDS_KEY, &kept);
            }
        });
    }
}

/// The chosen environment of `api`'s vendor; Mock until the user picks another.
pub fn env_of(api: &'static Api, envs: &BTreeMap<String, String>) -> &'static Environment {
    let vendor = api.vendor_info();
    envs.get(api.vendor.id())
        .and_then(|id| vendor.environment(id))
        .or_else(|| {
            vendor
                .environments
                .iter()
                .find(|e| e.kind == EnvironmentKind::Mock)
        })
        .unwrap_or(&vendor.environments[0])
}

/// The credential set for this vendor/environment; the mocks start from their demo values.
pub fn cred_set(store: &CredStore, api: &Api, env: &Environment) -> CredSet {
    let demo: Option<Fields> = env.demo_credentials.as_ref().map(|m| {
        m.iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect()
    });
    store.get(api.vendor.id(), &env.id, demo.as_ref())
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
