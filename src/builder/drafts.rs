//! The drafts: each API's document, the environment per vendor and the API on screen,
//! written to localStorage (once typing pauses for 400 ms, at the latest 3 s after the
//! first unsaved change, and at once when the page is hidden or left) so a reload or a
//! closed tab loses nothing.

use leptos::prelude::*;

use crate::credentials::store::CredStore;
use crate::platform::{self, storage};
use crate::state::AppState;

/// How long typing must pause before a draft is written.
const PAUSE_MS: f64 = 400.0;
/// The longest a change waits to be written while typing goes on.
const MAX_WAIT_MS: f64 = 3000.0;

/// Whether the person asked this device to remember the credentials of an API's vendor:
/// only then do stored documents keep their secret fields (app_signature, tokens).
pub fn remembered_apis(s: AppState) -> impl Fn(&str) -> bool {
    let remembered = s.creds.with_untracked(CredStore::remembered);
    let vendors: Vec<String> = remembered
        .0
        .keys()
        .filter_map(|k| k.split('/').next())
        .map(|v| format!("{v}."))
        .collect();
    move |api: &str| vendors.iter().any(|v| api.starts_with(v))
}

/// Writes the drafts whenever they change; called once by the shell.
pub fn persist(s: AppState) {
    // Writing a draft serialises the whole document and stores it (a few ms for a big
    // one): done in the pauses of typing, not between two keystrokes of a burst, where it
    // would delay the second. The deadline bounds what a crashed tab could lose.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let first_unsaved = StoredValue::new(None::<f64>);
    let cancel_pending = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    let save_draft = move || {
        cancel_pending();
        first_unsaved.set_value(None);
        let remembered = remembered_apis(s);
        let on_screen = s.api.get_untracked();
        let api = on_screen.map(|a| a.id.as_str());
        let env = s.envs.get_untracked();
        let mut pins = s.api_pins.get_value();
        if let Some(a) = on_screen {
            pins.insert(a.id.clone(), s.pins.get_untracked());
        }
        pins.retain(|_, p| *p != Default::default());
        // Written from the documents where they are, not from copies of them.
        let other_raws = s.raw_drafts.get_value();
        s.drafts.with_value(|others| {
            s.doc.with_untracked(|d| {
                let raw = d.unparsed();
                let draft = storage::DraftOut {
                    api,
                    env: &env,
                    others,
                    current: api.map(|a| (a, &d.doc)),
                    raw: raw.as_deref(),
                    other_raws: &other_raws,
                    pins: &pins,
                    remembered: &remembered,
                };
                storage::save(&platform::windows::key(storage::DRAFT_KEY), &draft);
            })
        });
    };
    Effect::new(move |_| {
        s.api.track();
        s.envs.track();
        s.doc.track();
        s.pins.track();
        let now = js_sys::Date::now();
        let first = first_unsaved.try_update_value(|f| *f.get_or_insert(now));
        let wait = (first.unwrap_or(now) + MAX_WAIT_MS - now).clamp(0.0, PAUSE_MS);
        cancel_pending();
        let delay = std::time::Duration::from_millis(wait as u64);
        pending.set_value(set_timeout_with_handle(save_draft, delay).ok());
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
}
