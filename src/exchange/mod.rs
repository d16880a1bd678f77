//! Requests in and out of the page: import (a cURL command, URL or HAR entry → the
//! builder), export (cURL, HAR, `countersign sign` input, scripts) and share links (the
//! builder's state in the address). The logic lives in plain modules tested natively
//! (`export`, `import`, `share`); the views are `export_menu` and `import_dialog`.
//!
//! Hooks the shell calls: `exchange::install(s)` once in `App`, after the request tabs
//! (its state, share links on start and on `hashchange`); `<ImportDialog />`, `<ExportDialog />` in its view;
//! `<ExportMenu />` on the signature panel, `<ImportButton />` in the header.

mod captured;
pub mod export;
mod export_menu;
pub mod import;
mod import_dialog;
pub mod replaced;
pub mod share;

use countersign_core::catalog::{self, Api, EnvironmentKind};
use countersign_core::share::ShareState;
use countersign_core::{Localise, Vendor, WireRequest};
use leptos::prelude::*;
use serde_json::Value;

use crate::credentials::current::cred_set;
use crate::i18n::{fill, T};
use crate::platform;
use crate::saved::TabsState;
use crate::signature::signing::{self, Inputs};
use crate::state::{AppState, View};
use crate::ui::{use_notice, Notice};

pub use captured::{forget_on as forget_capture_on, CapturedSignLine, ImportedCapture};
pub use export_menu::{runnable_curl, ExportDialog, ExportMenu};
pub use import_dialog::{ImportButton, ImportDialog};

/// What the import dialog keeps while it is closed: the pasted text.
#[derive(Clone, Copy)]
pub struct ExchangeState {
    pub import_text: RwSignal<String>,
    /// The last capture imported, for what the signature panel says of its signature.
    pub capture: RwSignal<Option<ImportedCapture>>,
}

pub fn use_exchange() -> ExchangeState {
    expect_context::<ExchangeState>()
}

/// Called once by the shell's `App`.
pub fn install(s: AppState) {
    provide_context(ExchangeState {
        import_text: RwSignal::new(String::new()),
        capture: RwSignal::new(None),
    });
    // Share links: on start, and when the fragment changes in an open page. The notice
    // slot is taken here: the hashchange handler runs outside any owner, where context
    // lookups panic.
    let notice = use_notice();
    let tabs = crate::saved::use_tabs();
    replaced::install(s, tabs, notice);
    open_share_link(s, tabs, notice);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        open_share_link(s, tabs, notice)
    });
    on_cleanup(move || listener.remove());
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

/// Why a state (share link, history entry, saved request, import) could not be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyError {
    /// Neither the catalog nor the state's own definition has this API id.
    UnknownApi(String),
}

impl ApplyError {
    fn text(&self, l: crate::i18n::Lang) -> String {
        match self {
            Self::UnknownApi(api) => fill(T::ShareUnknownApi.get(l), &[("api", api)]),
        }
    }
}
crate::error_text::localised!(ApplyError);

/// Puts a state into the builder and shows it.
pub fn apply_state(s: &AppState, state: &ShareState) -> Result<&'static Api, ApplyError> {
    let api = resolve(state)?;
    show(s, api, state, false);
    Ok(api)
}

/// The API a state is for: the catalog's, or the definition the state carries.
fn resolve(state: &ShareState) -> Result<&'static Api, ApplyError> {
    match catalog::find(&state.api) {
        Some(api) => Ok(api),
        None => crate::sidebar::imported::adopt_shared(state)
            .ok_or_else(|| ApplyError::UnknownApi(state.api.clone())),
    }
}

/// Shows `state` of `api` in the builder. What it replaces is kept for Undo when that
/// loses something, or always with `keep_all`.
fn show(s: &AppState, api: &'static Api, state: &ShareState, keep_all: bool) {
    let doc = if state.document.is_object() {
        state.document.clone()
    } else {
        api.starter_document()
    };
    if keep_all {
        replaced::keep(s);
    } else {
        replaced::note(s, api, &doc);
    }
    if let Some(env) = api.vendor_info().environment(&state.environment) {
        s.set_env(api.vendor.id(), &env.id);
    }
    s.select_api(api);
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
}

fn open_share_link(s: AppState, tabs: TabsState, notice_slot: RwSignal<Option<Notice>>) {
    let Some(decoded) = share::from_hash(&platform::location_hash()) else {
        return;
    };
    let l = s.lang.get_untracked();
    let resolved = decoded.map_err(|e| e.localise(l)).and_then(|state| {
        let api = resolve(&state).map_err(|e| e.localise(l))?;
        Ok((api, state))
    });
    let notice = match resolved {
        Ok((api, state)) => {
            let said = if open_in_own_tab(&s, tabs, api, &state) {
                T::ShareOpenedTab
            } else {
                T::ShareOpenedHere
            };
            Notice::done_in(move |l: crate::i18n::Lang| {
                fill(said.get(l), &[("api", l.text(&api.name))])
            })
            .with_undo(replaced::undo_action(s))
        }
        Err(msg) => Notice::error(fill(T::ShareBroken.get(l), &[("msg", &msg)])),
    };
    notice_slot.set(Some(notice));
    // The link has done its work: a reload must not undo later edits.
    platform::drop_fragment();
}

/// Shows a state that arrives from outside (a share link, an imported capture) in a
/// request tab of its own, so nothing typed in the tab on screen is replaced; true when it
/// did. The tab on screen takes it instead when it holds nothing of the person's (a fresh
/// page must not keep a useless tab), or while an answer is on its way (the answer belongs
/// to that tab): then what it showed is kept for Undo.
pub fn open_in_own_tab(
    s: &AppState,
    tabs: TabsState,
    api: &'static Api,
    state: &ShareState,
) -> bool {
    let left = tabs.on_screen_untracked();
    let in_new_tab = !tabs.untouched(s) && tabs.open_new(s, None, None);
    if !in_new_tab {
        forget_capture_on(left);
    }
    show(s, api, state, !in_new_tab);
    if in_new_tab {
        // The tab left keeps its own state: nothing was replaced, and Undo closes the new tab.
        replaced::opened_tab(left, tabs.on_screen_untracked());
    }
    in_new_tab
}

/// In Mock, the mock's own URL on this server. The app signs mock requests as the real
/// gateway and lets the relay swap the base; a cURL command or a script has no relay.
pub fn mock_url(s: &AppState) -> Option<String> {
    let env = s
        .env_untracked()
        .filter(|e| e.kind == EnvironmentKind::Mock)?;
    let relay = s.relay_base.get_untracked();
    let origin = if relay.trim().is_empty() {
        platform::page_origin()
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

/// The `countersign sign` input for what the signature panel shows (same clock, same
/// nonce), with the real credentials.
pub fn sign_input(s: &AppState) -> Option<Result<Value, signing::Problem>> {
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
    Some(
        catalog::build_sign_input(
            api,
            &doc,
            &credentials,
            Some(inputs.now_ms),
            &signing::build_options(&inputs),
        )
        .map_err(signing::Problem::Build),
    )
}
