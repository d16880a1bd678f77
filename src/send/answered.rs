//! Which request the answer on screen belongs to, so the inspector can say when the
//! builder has moved on since: an edited field, another environment, new credentials, a
//! pin. People fix one thing and read the old answer as the new one otherwise.

use leptos::prelude::*;
use serde_json::Value;

use super::SendResult;
use crate::credentials::store::CredSet;
use crate::signature::signing::{Pins, SignOptions};
use crate::state::AppState;

/// What a request was signed from, apart from the live clock and nonce (those change on
/// every send and say nothing about what the person asked).
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    api: String,
    env: String,
    doc: Value,
    pins: Pins,
    options: SignOptions,
    creds: Option<CredSet>,
}

impl AppState {
    /// The builder's inputs now; `None` without an API.
    pub fn inputs_untracked(&self) -> Option<Inputs> {
        untrack(|| {
            Some(Inputs {
                api: self.api.get()?.id.clone(),
                env: self.env()?.id.clone(),
                doc: self.doc.with(|d| d.doc.clone()),
                pins: self.pins.get(),
                options: self.options.get(),
                creds: self.cred_set(),
            })
        })
    }

    /// Shows an answer that belongs to what the builder holds now (a history entry or a
    /// tab just opened with its request), or none.
    pub fn show_answer(&self, result: Option<SendResult>) {
        let inputs = result.as_ref().and_then(|_| self.inputs_untracked());
        self.answered_for.set(inputs);
        self.sender.show(result);
    }

    /// True when an answer is on screen and the builder no longer holds the request it
    /// answers (JSON text that does not parse counts: it is not what was sent).
    pub fn answer_outdated(&self) -> bool {
        self.answered_for
            .with(|k| k.as_ref().is_some_and(|k| !self.holds(k)))
    }

    /// Tracked, cheapest checks first; the document is compared in place, not cloned.
    fn holds(&self, k: &Inputs) -> bool {
        self.api.with(|a| a.is_some_and(|a| a.id == k.api))
            && self.env().is_some_and(|e| e.id == k.env)
            && self.pins.with(|p| *p == k.pins)
            && self.options.with(|o| *o == k.options)
            && self.doc.with(|d| d.error.is_none() && d.doc == k.doc)
            && self.cred_set() == k.creds
    }
}
