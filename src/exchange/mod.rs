//! Support tools: check a captured signature, history of sent requests, export and
//! import, share links. The logic lives in plain modules tested natively (`check`,
//! `diff`, `export`, `history`, `import`, `share`); the views and the few browser calls
//! are here and in the `*_view`/`*_menu`/`*_dialog` modules.
//!
//! Hooks the shell calls:
//! - `support::install(s)` once in `App` (context, share links on start and on
//!   `hashchange`, the history recorder); `<support::SupportLayer />` in its view;
//! - `support::note_send(self, &signed.wire)` in `AppState::send_now`, just before
//!   `sender.send`, so the answer is recorded with the state that produced it;
//! - `<support::CheckView />`, `<support::HistoryView />` for their `View`s,
//!   `<support::ExportMenu />` on the signature panel, `<support::ImportButton />`.

pub mod export;
mod export_menu;
pub mod import;
mod import_dialog;
pub mod share;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use countersign_core::catalog::{self, Api, Environment, EnvironmentKind};
use countersign_core::share::ShareState;
use countersign_core::{Vendor, WireRequest};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use crate::credentials::store::CredSet;
use crate::history;
use crate::i18n::{fill, T};
use crate::signature::signing::{self, Inputs};
use crate::state::{cred_set, AppState, View};

pub use crate::history::History;
pub use export_menu::{ExportDialog, ExportMenu};
pub use import_dialog::{ImportButton, ImportDialog};

/// A message shown for a few seconds at the bottom of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// The support tools' own state, kept while the person moves between views.
#[derive(Clone, Copy)]
pub struct SupportState {
    pub check_text: RwSignal<String>,
    /// The environment the check takes its credentials from, per vendor id.
    pub check_env: RwSignal<BTreeMap<String, String>>,
    /// Credentials edited in the check view, per `vendor/env`; the store is left alone.
    pub check_creds: RwSignal<BTreeMap<String, CredSet>>,
    pub check_now: RwSignal<String>,
    pub history: RwSignal<History>,
    pub history_query: RwSignal<String>,
    pub import_open: RwSignal<bool>,
    pub export_open: RwSignal<bool>,
    pub import_text: RwSignal<String>,
    pub notice: RwSignal<Option<Notice>>,
}

pub fn use_support() -> SupportState {
    expect_context::<SupportState>()
}

/// Called once by the shell's `App`.
pub fn install(s: AppState) {
    let history: History = crate::platform::storage::load(history::STORAGE_KEY).unwrap_or_default();
    let sup = SupportState {
        check_text: RwSignal::new(String::new()),
        check_env: RwSignal::new(BTreeMap::new()),
        check_creds: RwSignal::new(BTreeMap::new()),
        check_now: RwSignal::new(String::new()),
        history: RwSignal::new(history),
        history_query: RwSignal::new(String::new()),
        import_open: RwSignal::new(false),
        export_open: RwSignal::new(false),
        import_text: RwSignal::new(String::new()),
        notice: RwSignal::new(None),
    };
    provide_context(sup);

    // Each answer that follows a noted send goes into the history.
    let result = s.sender.result();
    Effect::new(move |_| {
        let Some(outcome) = result.get() else {
            return;
        };
        let Some(sent) = PENDING.with(|p| p.borrow_mut().take()) else {
            return;
        };
        // An answer shown from elsewhere (history) while a send is in flight is not it.
        if let Ok(ex) = &*outcome {
            if ex.request != sent.wire {
                PENDING.with(|p| *p.borrow_mut() = Some(sent));
                return;
            }
        }
        let secrets: Vec<&str> = sent.secrets.iter().map(String::as_str).collect();
        sup.history.update(|h| {
            h.record(
                history::Sent {
                    state: &sent.state,
                    request: &sent.wire,
                    outcome: &outcome,
                    at_ms: sent.at_ms,
                },
                &secrets,
            );
        });
        save_history(sup);
    });

    // Share links: on start, and when the fragment changes in an open page.
    open_share_link(s, sup);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| open_share_link(s, sup));
    on_cleanup(move || listener.remove());
}

/// The import and export dialogs and the notices; mounted once by the shell.
#[component]
pub fn SupportLayer() -> impl IntoView {
    let sup = use_support();
    // Esc closes these dialogs wherever the focus is (the shell's own Esc handles its own).
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            sup.import_open.set(false);
            sup.export_open.set(false);
        }
    });
    on_cleanup(move || keys.remove());
    Effect::new(move |_| {
        if sup.import_open.get() {
            request_animation_frame(|| crate::platform::focus("import-input"));
        }
    });
    Effect::new(move |_| {
        if sup.notice.get().is_some() {
            set_timeout(
                move || sup.notice.set(None),
                std::time::Duration::from_secs(6),
            );
        }
    });
    view! {
        <ImportDialog />
        <ExportDialog />
        {move || {
            sup.notice
                .get()
                .map(|n| {
                    view! {
                        <div
                            class="sup-notice"
                            class:error=n.error
                            role="status"
                            data-testid="support-notice"
                            on:click=move |_| sup.notice.set(None)
                        >
                            {n.text}
                        </div>
                    }
                })
        }}
    }
}

struct PendingSend {
    state: ShareState,
    wire: WireRequest,
    secrets: Vec<String>,
    at_ms: f64,
}

thread_local! {
    static PENDING: RefCell<Option<PendingSend>> = const { RefCell::new(None) };
}

/// The shell calls this right before `sender.send(wire, …)`.
pub fn note_send(s: &AppState, wire: &WireRequest) {
    let (Some(api), Some(env)) = (s.api.get_untracked(), s.env_untracked()) else {
        return;
    };
    let Some(state) = current_state(s) else {
        return;
    };
    let set = s.creds.with_untracked(|c| cred_set(c, api, env));
    let secrets = secret_values(api.vendor, &set);
    PENDING.with(|p| {
        *p.borrow_mut() = Some(PendingSend {
            state,
            wire: wire.clone(),
            secrets,
            at_ms: js_sys::Date::now(),
        })
    });
}

/// The secret credentials in use for the API and environment on screen, by name.
pub fn secret_pairs(s: &AppState) -> Vec<(String, String)> {
    let (Some(api), Some(env)) = (s.api.get_untracked(), s.env_untracked()) else {
        return Vec::new();
    };
    let set = s.creds.with_untracked(|c| cred_set(c, api, env));
    let info = catalog::vendor(api.vendor);
    set.fields
        .iter()
        .filter(|(k, _)| info.credential(k).is_none_or(|f| f.secret))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The values of the credentials the catalog marks secret.
fn secret_values(vendor: Vendor, set: &CredSet) -> Vec<String> {
    let info = catalog::vendor(vendor);
    set.fields
        .iter()
        .filter(|(k, _)| info.credential(k).is_none_or(|f| f.secret))
        .map(|(_, v)| v.clone())
        .collect()
}

pub fn save_history(sup: SupportState) {
    let text = sup.history.try_update(|h| h.fit(history::BUDGET_BYTES));
    if let (Some(text), Some(storage)) = (
        text,
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()),
    ) {
        let _ = storage.set_item(history::STORAGE_KEY, &text);
    }
}

/// The builder's state, as share links and history carry it.
pub fn current_state(s: &AppState) -> Option<ShareState> {
    let api = s.api.get_untracked()?;
    let env = s.env_untracked()?;
    let doc = s.doc.with_untracked(|d| d.doc.clone());
    let options = share::options_of(
        api.vendor,
        &s.pins.get_untracked(),
        &s.options.get_untracked(),
    );
    let mut state = share::share_state(&api.id, &env.id, &doc, &options);
    // An imported API travels with its definition.
    if !catalog::all().iter().any(|a| a.id == api.id) {
        state.definition = serde_json::to_value(api).ok();
    }
    Some(state)
}

/// Puts a state into the builder and shows it.
pub fn apply_state(s: &AppState, state: &ShareState) -> Result<&'static Api, String> {
    let api = match catalog::find(&state.api) {
        Some(api) => api,
        None => crate::sidebar::imported::adopt_shared(state).ok_or_else(|| state.api.clone())?,
    };
    if let Some(env) = api.vendor_info().environment(&state.environment) {
        s.set_env(api.vendor.id(), &env.id);
    }
    s.select_api(api);
    let doc = if state.document.is_object() {
        state.document.clone()
    } else {
        api.starter_document()
    };
    s.doc.update(|d| d.replace(doc));
    let (pins, o) = share::pins_and_options(&state.options);
    s.pins.set(pins);
    // Options are shared by all APIs: only this vendor's are taken.
    s.options.update(|cur| match api.vendor {
        Vendor::Taobao => {
            cur.sign_method = o.sign_method;
            cur.partner_id = o.partner_id;
            cur.simplify = o.simplify;
            cur.target_app_key = o.target_app_key;
        }
        Vendor::Wdt => cur.json_style = o.json_style,
        Vendor::Kingdee => {}
    });
    s.view.set(View::Builder);
    Ok(api)
}

/// Restores a history entry, its answer shown in the inspector.
pub fn restore_entry(s: &AppState, entry: &history::Entry) -> Result<(), String> {
    apply_state(s, &entry.state())?;
    s.sender.show(entry.exchange().map(|ex| Arc::new(Ok(ex))));
    Ok(())
}

fn open_share_link(s: AppState, sup: SupportState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let Some(decoded) = share::from_hash(&hash) else {
        return;
    };
    let l = s.lang.get_untracked();
    let notice = match decoded.and_then(|state| {
        apply_state(&s, &state).map_err(|api| fill(T::ShareUnknownApi.get(l), &[("api", &api)]))
    }) {
        Ok(api) => Notice {
            text: fill(T::ShareOpened.get(l), &[("api", l.text(&api.name))]),
            error: false,
        },
        Err(msg) => Notice {
            text: fill(T::ShareBroken.get(l), &[("msg", &msg)]),
            error: true,
        },
    };
    sup.notice.set(Some(notice));
    // The link has done its work: a reload must not undo later edits.
    if let Ok(history) = window.history() {
        let location = window.location();
        let clean = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
}

/// In Mock, the mock's own URL on this server. The app signs mock requests as the real
/// gateway and lets the relay swap the base; a cURL command or a script has no relay.
pub fn mock_url(s: &AppState) -> Option<String> {
    let env = s
        .env_untracked()
        .filter(|e| e.kind == EnvironmentKind::Mock)?;
    let relay = s.relay_base.get_untracked();
    let origin = if relay.trim().is_empty() {
        crate::platform::page_origin()
    } else {
        relay
    };
    Some(env.url(origin.trim_end_matches('/')))
}

/// The request as something outside the page can send it: in Mock, to the mock itself.
pub fn runnable_wire(s: &AppState, wire: &WireRequest) -> WireRequest {
    match (mock_url(s), s.api.get_untracked(), s.env_untracked()) {
        (Some(mock), Some(a), Some(env)) => {
            export::rebase(wire, &signing::sign_base(a.vendor_info(), env), &mock)
        }
        _ => wire.clone(),
    }
}

/// The current page's address without its fragment.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The `countersign sign` input for what the signature panel shows (same clock, same
/// nonce), with the real credentials.
pub fn sign_input(s: &AppState) -> Option<Result<Value, String>> {
    let api = s.api.get_untracked()?;
    let env = s.env_untracked()?;
    let credentials = s.creds.with_untracked(|c| cred_set(c, api, env)).to_json();
    let doc = s.doc.with_untracked(|d| d.doc.clone());
    let (pins, options) = (s.pins.get_untracked(), s.options.get_untracked());
    let inputs = Inputs {
        api,
        document: &doc,
        credentials: &credentials,
        env,
        options: &options,
        pins: &pins,
        now_ms: s.now_ms.get_untracked(),
        live_nonce: s.live_nonce.get_untracked(),
    };
    let l = s.lang.get_untracked();
    Some(
        catalog::build_sign_input(
            api,
            &doc,
            &credentials,
            Some(inputs.now_ms),
            &signing::build_options(&inputs),
        )
        .map_err(|e| signing::Problem::Build(e).message(l)),
    )
}

/// The environment a vendor's tools use: `chosen`, else the builder's, else Mock.
pub fn vendor_env(
    vendor: Vendor,
    chosen: Option<&str>,
    builder: &BTreeMap<String, String>,
) -> &'static Environment {
    let info = catalog::vendor(vendor);
    chosen
        .or(builder.get(vendor.id()).map(String::as_str))
        .and_then(|id| info.environment(id))
        .or_else(|| {
            info.environments
                .iter()
                .find(|e| e.kind == EnvironmentKind::Mock)
        })
        .unwrap_or(&info.environments[0])
}

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let href = format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    );
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", name);
    if let (Some(body), Ok(el)) = (
        document.body(),
        a.clone().dyn_into::<web_sys::HtmlElement>(),
    ) {
        let _ = body.append_child(&a);
        el.click();
        a.remove();
    }
}
