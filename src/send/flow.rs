//! The send flow: sign with a fresh clock, send through the relay, and tell whoever
//! listens ([`SendEvents`]) what went out and what came back. History subscribes to it;
//! the flow knows nothing about history.

use std::rc::Rc;

use countersign_core::share::ShareState;
use countersign_core::WireRequest;
use leptos::prelude::*;

use super::SendResult;
use crate::credentials::current::{cred_set, secret_values};
use crate::platform;
use crate::signature::signing;
use crate::state::{AppState, Dialog, Tab};

/// One finished send: the builder state that produced it (taken before it left), the
/// request, the credential values to keep out of any record, and the outcome.
pub struct Sent {
    pub state: ShareState,
    pub wire: WireRequest,
    pub secrets: Vec<String>,
    pub at_ms: f64,
    pub outcome: SendResult,
}

type Listener = Rc<dyn Fn(&Sent)>;

/// Listeners of finished sends, in the order they subscribed.
#[derive(Clone, Copy)]
pub struct SendEvents(StoredValue<Vec<Listener>, LocalStorage>);

impl SendEvents {
    pub fn new() -> Self {
        Self(StoredValue::new_local(Vec::new()))
    }

    /// `f` hears every send that finishes from now on (a replaced send never finishes).
    pub fn subscribe(&self, f: impl Fn(&Sent) + 'static) {
        self.0.update_value(|l| l.push(Rc::new(f)));
    }

    fn emit(&self, sent: &Sent) {
        // Cloned out first: a listener may subscribe another.
        let listeners = self.0.with_value(Vec::clone);
        for l in listeners {
            l(sent);
        }
    }
}

impl Default for SendEvents {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    /// Signs with a fresh clock (unless pinned) and sends through the relay.
    pub fn send_now(&self) {
        let (Some(a), Some(env)) = (self.api.get_untracked(), self.env_untracked()) else {
            return;
        };
        self.now_ms.set(platform::now_ms());
        let Some(Ok(signed)) = self.signed.get_untracked() else {
            return;
        };
        let target = signing::relay_target(
            a.vendor_info(),
            env,
            &self.relay_base.get_untracked(),
            &self.relay_token.get_untracked(),
        );
        // The state that produced this request, taken now: the answer may come after edits.
        let started = crate::exchange::current_state(self).map(|state| {
            let set = self.creds.with_untracked(|c| cred_set(c, a, env));
            (
                state,
                secret_values(a.vendor, &set),
                platform::now_ms() as f64,
            )
        });
        let wire = signed.wire.clone();
        let events = self.sent;
        let (answered, inputs) = (self.answered_for, self.inputs_untracked());
        self.sender.send(signed.wire, target, move |outcome| {
            answered.set(inputs);
            if let Some((state, secrets, at_ms)) = started {
                events.emit(&Sent {
                    state,
                    wire,
                    secrets,
                    at_ms,
                    outcome: outcome.clone(),
                });
            }
        });
        // The next request gets a fresh nonce (a replayed nonce is refused by Kingdee).
        self.live_nonce.set(signing::nonce_from(platform::random()));
    }

    /// Send, unless validation has errors: then ask first (support staff send broken
    /// calls on purpose, but never by accident).
    ///
    /// JSON text that does not parse is not sent (it would send the last good document,
    /// not what is on screen): `notice` says so and where, beside the JSON tab. Nor is a
    /// request with a name → value row the document cannot hold (a repeated name).
    pub fn request_send(&self, notice: RwSignal<Option<crate::ui::Notice>>) {
        if self.sender.pending().get_untracked() {
            return;
        }
        // A token the browser cannot put in a header: said as itself, not as the network
        // failure the browser's refusal would read as.
        if let Err(e) = self
            .relay_token
            .with_untracked(|t| crate::settings::token_problem(t))
        {
            let refused = super::SendError::BadToken(e);
            notice.set(Some(
                crate::ui::Notice::error_in(move |l| refused.explain(l)).about_request(),
            ));
            return;
        }
        let broken = self.doc.with_untracked(|d| {
            d.error
                .as_ref()
                .map(|e| (e.line.to_string(), e.column.to_string()))
        });
        if let Some((line, column)) = broken {
            self.tab.set(Tab::Json);
            let said = move |l| {
                let template = crate::i18n::T::NotSentJsonInvalid.get(l);
                crate::i18n::fill(template, &[("line", &line), ("column", &column)])
            };
            notice.set(Some(crate::ui::Notice::error_in(said).about_request()));
            return;
        }
        // A row held out of the document (a repeated name): what is on screen cannot be
        // sent either; sending the rest would lose a value without a word.
        if let Some((_, name)) = untrack(|| self.held_rows_list()).into_iter().next() {
            // (Setting the tab draws the form again: only when it is not on screen.)
            if self.tab.get_untracked() != Tab::Form {
                self.tab.set(Tab::Form);
            }
            let said = move |l| {
                crate::i18n::fill(
                    crate::i18n::T::NotSentRowDuplicate.get(l),
                    &[("name", &name)],
                )
            };
            notice.set(Some(crate::ui::Notice::error_in(said).about_request()));
            return;
        }
        // Not signable (a credential missing, a method left blank): said, as the disabled
        // Send button cannot say it to Ctrl+Enter.
        if let Some(Err(problem)) = self.signed.get_untracked() {
            let said = move |l| {
                crate::i18n::fill(
                    crate::i18n::T::NotSentUnsigned.get(l),
                    &[("reason", &problem.message(l))],
                )
            };
            notice.set(Some(crate::ui::Notice::error_in(said).about_request()));
            return;
        }
        if untrack(|| self.error_count()) > 0 {
            self.dialog.set(Some(Dialog::SendAnyway));
        } else {
            self.send_now();
        }
    }
}
