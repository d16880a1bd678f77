//! The drafts: each API's document, the environment per vendor and the API on screen,
//! written to localStorage (at most every 400 ms while typing, and when the page is hidden
//! or left) so a reload or a closed tab loses nothing.

use leptos::prelude::*;

use crate::credentials::store::CredStore;
use crate::platform::{self, storage};
use crate::state::AppState;

/// Writes the drafts whenever they change; called once by the shell.
pub fn persist(s: AppState) {
    // Drafts are written at most every 400 ms, not on each keystroke of a big document.
    let scheduled = StoredValue::new(false);
    let save_draft = move || {
        scheduled.set_value(false);
        // Secret fields (app_signature, tokens) stay only where the person asked this
        // device to remember the vendor's credentials.
        let remembered = s.creds.with_untracked(CredStore::remembered);
        let vendors: Vec<String> = remembered
            .0
            .keys()
            .filter_map(|k| k.split('/').next())
            .map(|v| format!("{v}."))
            .collect();
        let api = s.api.get_untracked().map(|a| a.id.as_str());
        let env = s.envs.get_untracked();
        // Written from the documents where they are, not from copies of them.
        s.drafts.with_value(|others| {
            s.doc.with_untracked(|d| {
                let raw = d.error.is_some().then(|| d.raw());
                let draft = storage::DraftOut {
                    api,
                    env: &env,
                    others,
                    current: api.map(|a| (a, &d.doc)),
                    raw: raw.as_deref(),
                    remembered: |api: &str| vendors.iter().any(|v| api.starts_with(v)),
                };
                storage::save(storage::DRAFT_KEY, &draft);
            })
        });
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
}
