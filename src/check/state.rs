//! The check's own state, kept while the person moves between views.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::credentials::store::CredSet;

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
}

pub fn use_check() -> CheckState {
    expect_context::<CheckState>()
}

/// Called once by the shell's `App`.
pub fn install() {
    provide_context(CheckState {
        text: RwSignal::new(String::new()),
        env: RwSignal::new(BTreeMap::new()),
        creds: RwSignal::new(BTreeMap::new()),
        now: RwSignal::new(String::new()),
    });
}
