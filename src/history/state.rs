//! The history's live state: the entries (loaded once, written after each change) and the
//! search. Fed by the send flow's event: every finished send becomes an entry.

use std::sync::Arc;

use leptos::prelude::*;

use super::{Entry, History, Sent, BUDGET_BYTES, STORAGE_KEY};
use crate::platform::storage;
use crate::state::AppState;

#[derive(Clone, Copy)]
pub struct HistoryState {
    pub entries: RwSignal<History>,
    pub query: RwSignal<String>,
}

pub fn use_history() -> HistoryState {
    expect_context::<HistoryState>()
}

/// Called once by the shell's `App`: loads the history and records every send.
pub fn install(s: AppState) {
    let h = HistoryState {
        entries: RwSignal::new(storage::load(STORAGE_KEY).unwrap_or_default()),
        query: RwSignal::new(String::new()),
    };
    provide_context(h);
    // One history for every window: each write is the whole list, so take another
    // window's as it is written, or this window's next send would write over its entries.
    storage::on_change(STORAGE_KEY, move || {
        if let Some(entries) = storage::load(STORAGE_KEY) {
            h.entries.set(entries);
        }
    });
    s.sent.subscribe(move |sent| {
        let secrets: Vec<&str> = sent.secrets.iter().map(String::as_str).collect();
        h.entries.update(|list| {
            list.record(
                Sent {
                    state: &sent.state,
                    request: &sent.wire,
                    outcome: &sent.outcome,
                    at_ms: sent.at_ms,
                },
                &secrets,
            );
        });
        save(h);
    });
}

/// Writes the history, trimmed to what localStorage can take.
pub fn save(h: HistoryState) {
    if let Some(text) = h.entries.try_update(|list| list.fit(BUDGET_BYTES)) {
        storage::save_text(STORAGE_KEY, &text);
    }
}

/// Restores an entry, its answer shown in the inspector.
pub fn restore_entry(s: &AppState, entry: &Entry) -> Result<(), crate::exchange::ApplyError> {
    crate::exchange::forget_capture_on(crate::saved::use_tabs().on_screen_untracked());
    crate::exchange::apply_state(s, &entry.state())?;
    s.show_answer(entry.exchange().map(|ex| Arc::new(Ok(ex))));
    Ok(())
}
