//! The check's own state, kept while the person moves between views.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::credentials::store::CredSet;
use crate::platform::storage::tab;

#[derive(Clone, Copy)]
pub struct CheckState {
    /// The pasted request.
    pub text: RwSignal<String>,
    /// The environment the check takes its credentials from, per vendor id.
    pub env: RwSignal<BTreeMap<String, String>>,
    /// Credentials edited in the check view, per `vendor/env`; the store is left alone.
    pub creds: RwSignal<BTreeMap<String, CredSet>>,
    /// "Now" as typed, for a request signed in the past.
    pub now: RwSignal<String>,
    /// Which of a pasted HAR log's API calls is checked (see `capture::har_calls`).
    pub har_pick: RwSignal<usize>,
    /// The vendor of the request the choices above were made for: another vendor's
    /// request, or an emptied box, starts a new check without them.
    pub checked: StoredValue<Option<countersign_core::Vendor>>,
}

impl CheckState {
    /// The environment, credential edits and "now" of the check before are not this one's:
    /// a secret edited to test one customer's request must not judge the next.
    pub fn start_over_unless(&self, vendor: Option<countersign_core::Vendor>) {
        let before = self.checked.get_value();
        if before == vendor {
            return;
        }
        self.checked.set_value(vendor);
        if before.is_some() {
            self.env.set(BTreeMap::new());
            self.creds.set(BTreeMap::new());
            self.now.set(String::new());
        }
    }
}

pub fn use_check() -> CheckState {
    expect_context::<CheckState>()
}

/// The pasted request and "now" survive a reload of this tab, not the tab: a customer's
/// request is theirs, so the device does not keep it. Edited credentials are never kept.
const TAB_KEY: &str = "countersign.check.v1";

#[derive(Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct Kept {
    text: String,
    now: String,
}

/// Called once by the shell's `App`.
pub fn install() {
    let kept: Kept = tab::load(TAB_KEY).unwrap_or_default();
    let c = CheckState {
        text: RwSignal::new(kept.text),
        env: RwSignal::new(BTreeMap::new()),
        creds: RwSignal::new(BTreeMap::new()),
        now: RwSignal::new(kept.now),
        har_pick: RwSignal::new(0),
        checked: StoredValue::new(None),
    };
    provide_context(c);
    Effect::new(move |_| {
        let kept = Kept {
            text: c.text.get(),
            now: c.now.get(),
        };
        tab::save(TAB_KEY, &kept);
    });
}
