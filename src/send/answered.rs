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

    /// Shows an answer that belongs to what the builder holds now (a history entry), or
    /// none.
    pub fn show_answer(&self, result: Option<SendResult>) {
        let inputs = result.as_ref().and_then(|_| self.inputs_untracked());
        self.show_answer_for(result, inputs);
    }

    /// Shows an answer with the inputs it was asked with (a tab shown again: its request
    /// may have been edited after the answer).
    pub fn show_answer_for(&self, result: Option<SendResult>, inputs: Option<Inputs>) {
        self.answered_for.set(result.as_ref().and(inputs));
        self.sender.show(result);
    }

    /// Credentials taken from the answer on screen (its app-token, its app_key): the answer's
    /// own consequence, not an edit of the request it answers.
    pub fn credentials_from_answer(&self) {
        let creds = untrack(|| self.cred_set());
        self.answered_for.update(|k| {
            if let Some(k) = k {
                k.creds = creds;
            }
        });
    }

    /// What the builder changed since the answer on screen, empty when nothing (JSON text
    /// that does not parse counts as changed parameters: it is not what was sent).
    pub fn answer_outdated_by(&self) -> Vec<Change> {
        self.answered_for
            .with(|k| k.as_ref().map(|k| self.changes_from(k)).unwrap_or_default())
    }

    /// Tracked; the document is compared in place, not cloned. Another API makes the rest
    /// moot.
    fn changes_from(&self, k: &Inputs) -> Vec<Change> {
        if self.api.with(|a| a.is_none_or(|a| a.id != k.api)) {
            return vec![Change::Api];
        }
        let changed = [
            (
                Change::Environment,
                self.env().is_none_or(|e| e.id != k.env),
            ),
            (
                Change::Parameters,
                !self.doc.with(|d| d.error.is_none() && d.doc == k.doc),
            ),
            (Change::Credentials, self.cred_set() != k.creds),
            (Change::Pins, !self.pins.with(|p| *p == k.pins)),
            (Change::Options, !self.options.with(|o| *o == k.options)),
        ];
        changed
            .into_iter()
            .filter(|(_, c)| *c)
            .map(|(what, _)| what)
            .collect()
    }
}

/// What changed in the builder since an answer, as the inspector names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Api,
    Environment,
    Pins,
    Options,
    Parameters,
    Credentials,
}

impl Change {
    pub fn label(self) -> crate::i18n::T {
        use crate::i18n::T;
        match self {
            Change::Api => T::ChangedApi,
            Change::Environment => T::ChangedEnvironment,
            Change::Pins => T::ChangedPins,
            Change::Options => T::ChangedOptions,
            Change::Parameters => T::ChangedParameters,
            Change::Credentials => T::ChangedCredentials,
        }
    }
}
