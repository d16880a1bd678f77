//! The signals every feature reads, shared through context: the API, environment,
//! document, credentials, pins, options, clock, language and which view or dialog is open.
//! The request document (`doc`) is the single source of truth for the form and the raw
//! JSON tab; the signature and the validation findings are memos over it. What each
//! feature does with them lives in its folder (the send flow in `send/`, persistence in
//! `builder/drafts`, `settings`, `credentials`, the environment lookup in
//! `credentials/current`).

use std::collections::BTreeMap;

use countersign_core::catalog::{self, Api, Environment, Finding};
use countersign_core::Signed;
use leptos::prelude::*;
use serde_json::Value;

use crate::builder::doc_signal::DocSignal;
use crate::builder::document::{self, DocState};
use crate::builder::findings_index::FindingsIndex;
use crate::credentials::current::{cred_set, env_of};
use crate::credentials::store::{CredSet, CredStore};
use crate::i18n::{Lang, T};
use crate::platform;
use crate::platform::storage::{self, Draft, Prefs};
use crate::send::{SendEvents, Sender};
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
    /// Import a request (cURL, URL, HAR).
    Import,
    /// Export the request on screen.
    Export,
    /// Add an API from a vendor's doc page.
    AddFromDoc,
    /// Edit an imported API's definition (which one: `sidebar::imported`).
    EditImported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Form,
    Json,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    /// Whether the person picked `lang` (see `storage::Prefs::lang_chosen`).
    pub lang_chosen: RwSignal<bool>,
    /// The language the preferences held at start, kept there until the person picks one.
    pub kept_lang: Option<Lang>,
    pub presenter: RwSignal<bool>,
    pub view: RwSignal<View>,
    pub dialog: RwSignal<Option<Dialog>>,
    pub tab: RwSignal<Tab>,
    pub api: RwSignal<Option<&'static Api>>,
    /// Environment id per vendor id.
    pub envs: RwSignal<BTreeMap<String, String>>,
    pub doc: DocSignal,
    /// Whether the JSON tab holds text that does not parse: read by the form's lock, the
    /// summary and the signature panel, and changed only when the JSON breaks or mends,
    /// not on each keystroke.
    pub json_broken: Memo<bool>,
    /// The documents of the APIs not on screen, so switching loses nothing.
    pub drafts: StoredValue<BTreeMap<String, Value>>,
    /// The JSON tab's unparsed text of the APIs not on screen that were left with it, so
    /// switching away from broken JSON loses nothing either.
    pub raw_drafts: StoredValue<BTreeMap<String, String>>,
    pub creds: RwSignal<CredStore>,
    pub pins: RwSignal<Pins>,
    /// The pins of the APIs not on screen, by API id: a pin reproduces one call, so it
    /// stays with that API (another one, of the same vendor too, signs with the live clock).
    pub api_pins: StoredValue<BTreeMap<String, Pins>>,
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
    /// Every finished send, for whoever keeps a record (history).
    pub sent: SendEvents,
    /// What the answer on screen was asked with (`send::answered`); `None` without one.
    pub answered_for: RwSignal<Option<crate::send::Inputs>>,
    pub signed: Memo<Option<Result<Signed, Problem>>>,
    pub findings: Memo<Vec<Finding>>,
    /// The findings by path, for the message beside each control.
    pub findings_index: FindingsIndex,
    /// Name → value rows that the document cannot hold (a second row with a name already
    /// used): by the rows' API and document path (`{api}/params`), the names held out.
    /// What is on screen is then not what would be signed, so they count as errors and
    /// Send refuses, as for JSON that does not parse.
    pub held_rows: RwSignal<BTreeMap<String, Vec<String>>>,
    /// Fired when Clear or the example replaces the form: rows the document never held (a
    /// value without a name) go too, as the person asked for a fresh form.
    pub form_replaced: Trigger,
}

impl AppState {
    pub fn new() -> Self {
        // Imported APIs first: the draft may reopen one.
        crate::sidebar::imported::restore();
        let prefs: Prefs = storage::load(storage::PREFS_KEY).unwrap_or_default();
        // This window's own draft (`platform::windows`: another window keeps its own).
        let draft: Draft =
            storage::load(&platform::windows::key(storage::DRAFT_KEY)).unwrap_or_default();
        let creds: CredStore = storage::load(storage::CREDS_KEY).unwrap_or_default();
        let lang = crate::i18n::opening_lang(&prefs);
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
        let doc = DocSignal::new(doc);
        let envs = RwSignal::new(draft.env.clone());
        let creds = RwSignal::new(creds);
        // The pins of the API on screen; the others wait for their API. Drafts from
        // before pins were per API kept them per vendor: the API on screen takes its
        // vendor's, the rest are dropped.
        let mut api_pins = draft.pins.clone();
        let pins = RwSignal::new(
            api.get_untracked()
                .and_then(|a| {
                    api_pins
                        .remove(&a.id)
                        .or_else(|| api_pins.remove(a.vendor.id()))
                })
                .unwrap_or_default(),
        );
        api_pins.retain(|id, _| catalog::find(id).is_some());
        let options = RwSignal::new(SignOptions {
            sign_method: prefs.sign_method.clone(),
            ..SignOptions::default()
        });
        let now_ms = RwSignal::new(platform::now_ms());
        let live_nonce = RwSignal::new(signing::nonce_from(platform::random()));

        // The document's revision and the API the findings were last made for: after a
        // keystroke, only what it edited is checked again (`catalog::validate_after`).
        let checked = StoredValue::new(None::<(u64, &'static Api)>);
        let findings = Memo::new(move |before: Option<&Vec<Finding>>| {
            let Some(a) = api.get() else {
                checked.set_value(None);
                return Vec::new();
            };
            doc.with(|d| {
                let edited = match (before, checked.get_value()) {
                    (Some(before), Some((rev, was))) if std::ptr::eq(was, a) => d
                        .edits_since(rev)
                        .map(|edits| (before, edits.map(|p| document::format_path(p)).collect())),
                    _ => None,
                };
                checked.set_value(Some((d.rev(), a)));
                match edited {
                    Some((before, edited)) => catalog::validate_after(a, &d.doc, before, edited),
                    None => catalog::validate(a, &d.doc),
                }
            })
        });
        // Apart from the document: a keystroke re-signs but leaves the credentials as
        // they were, so they are not looked up and re-encoded on every one.
        let credentials = Memo::new(move |_| {
            let a = api.get()?;
            let env = env_of(a, &envs.get());
            Some(creds.with(|c| cred_set(c, a, env)).to_json())
        });
        let signed = Memo::new(move |_| {
            let a = api.get()?;
            let env = env_of(a, &envs.get());
            credentials.with(|credentials| {
                let credentials = credentials.as_ref()?;
                Some(doc.with(|d| {
                    pins.with(|p| {
                        options.with(|o| {
                            signing::sign(&Inputs {
                                api: a,
                                document: &d.doc,
                                credentials,
                                env,
                                options: o,
                                pins: p,
                                now_ms: now_ms.get(),
                                live_nonce: live_nonce.get(),
                            })
                        })
                    })
                }))
            })
        });

        Self {
            lang: RwSignal::new(lang),
            lang_chosen: RwSignal::new(prefs.lang_chosen),
            kept_lang: prefs.lang,
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
            json_broken: Memo::new(move |_| doc.with(|d| d.error.is_some())),
            drafts: StoredValue::new(draft.docs),
            raw_drafts: StoredValue::new(draft.raws),
            creds,
            pins,
            api_pins: StoredValue::new(api_pins),
            options,
            now_ms,
            clock_paused: RwSignal::new(false),
            live_nonce,
            // One typed before Settings checked it: this page's origin instead.
            relay_base: RwSignal::new(if crate::settings::relay_base_ok(&prefs.relay_base) {
                prefs.relay_base.clone()
            } else {
                String::new()
            }),
            relay_token: RwSignal::new(String::new()),
            sender: Sender::new(),
            sent: SendEvents::new(),
            answered_for: RwSignal::new(None),
            signed,
            findings,
            findings_index: FindingsIndex::new(findings),
            held_rows: RwSignal::new(BTreeMap::new()),
            form_replaced: Trigger::new(),
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
            let (doc, raw) = self.doc.with_untracked(|d| (d.doc.clone(), d.unparsed()));
            self.drafts.update_value(|m| {
                m.insert(cur.id.clone(), doc);
            });
            self.raw_drafts.update_value(|m| match raw {
                Some(raw) => {
                    m.insert(cur.id.clone(), raw);
                }
                None => {
                    m.remove(&cur.id);
                }
            });
        }
        let doc = self
            .drafts
            .with_value(|m| m.get(&next.id).cloned())
            .unwrap_or_else(|| next.starter_document());
        let raw = self
            .raw_drafts
            .try_update_value(|m| m.remove(&next.id))
            .flatten();
        // Broken JSON left in this API reopens where it can be fixed.
        if raw.is_some() {
            self.tab.set(Tab::Json);
        }
        self.doc.update(|d| {
            d.replace(doc);
            if let Some(raw) = raw {
                d.edit_raw(raw);
            }
        });
        let cur = self.api.get_untracked().map(|a| a.id.clone());
        let mine = self.pins.get_untracked();
        let theirs = self.api_pins.try_update_value(|m| {
            if let Some(cur) = cur {
                m.insert(cur, mine);
            }
            m.remove(&next.id).unwrap_or_default()
        });
        self.pins.set(theirs.unwrap_or_default());
        self.api.set(Some(next));
        self.view.set(View::Builder);
        self.show_answer(None);
    }

    /// Writes drafts, preferences and remembered credentials whenever they change.
    pub fn persist(&self) {
        crate::builder::drafts::persist(*self);
        crate::settings::persist(*self);
        crate::credentials::persist(*self);
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

    /// Validation errors (not warnings) in the current document; unparsed JSON is one,
    /// and so is each row held out of it.
    pub fn error_count(&self) -> usize {
        let broken = usize::from(self.json_broken.get());
        broken
            + self.held_rows_list().len()
            + self
                .findings
                .with(|f| f.iter().filter(|x| x.is_error()).count())
    }

    /// The rows held out of the document, as (`params.fields`, `fields`), in order.
    /// Only the current API's (rows are held by `{api}/{path}`).
    pub fn held_rows_list(&self) -> Vec<(String, String)> {
        let prefix = self
            .api
            .with(|a| a.map(|a| format!("{}/", a.id)))
            .unwrap_or_default();
        self.held_rows.with(|h| {
            h.iter()
                .filter_map(|(key, names)| Some((key.strip_prefix(&prefix)?, names)))
                .flat_map(|(key, names)| {
                    names.iter().map(move |n| (format!("{key}.{n}"), n.clone()))
                })
                .collect()
        })
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
