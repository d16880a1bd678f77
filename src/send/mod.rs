//! Sending: [`Sender`] keeps one request in flight behind Leptos signals (pending flag,
//! last result, cancel), which is what the shell hands to [`crate::inspector::Inspector`];
//! `flow` is the send flow (sign with a fresh clock, send, tell the listeners); `outcome`
//! what a send produced. The `fetch` itself is `platform::fetch`.
//!
//! ```ignore
//! let sender = Sender::new();
//! sender.send(signed.wire.clone(), RelayTarget { relay_base, upstream, upstream_base, token }, |_| {});
//! view! { <Inspector sender api=selected_api outdated lang /> }
//! ```

mod answered;
mod flow;
pub mod outcome;

pub use answered::{Change, Inputs};

pub use flow::SendEvents;

use std::sync::Arc;

use countersign_core::WireRequest;
use leptos::prelude::*;

use crate::platform::fetch::{send, Abort};
pub use outcome::{Exchange, RelayTarget, SendError};

/// What a send produced; shared cheaply between the shell and the inspector.
pub type SendResult = Arc<Result<Exchange, SendError>>;

/// Send state for the UI: one request in flight at a time; a new send cancels the last.
#[derive(Clone, Copy)]
pub struct Sender {
    pending: RwSignal<bool>,
    result: RwSignal<Option<SendResult>>,
    controller: StoredValue<Option<Abort>, LocalStorage>,
    /// Counts sends, so a cancelled one that settles late cannot overwrite a newer one.
    generation: StoredValue<u64>,
}

impl Default for Sender {
    fn default() -> Self {
        Self::new()
    }
}

impl Sender {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            result: RwSignal::new(None),
            controller: StoredValue::new_local(None),
            generation: StoredValue::new(0),
        }
    }

    /// True while a request is in flight (for the spinner and the Cancel button).
    pub fn pending(&self) -> Signal<bool> {
        self.pending.into()
    }

    /// The last send's result; `None` before the first.
    pub fn result(&self) -> Signal<Option<SendResult>> {
        self.result.into()
    }

    /// Sends in the background; the result lands in [`Sender::result`], and `done`
    /// hears it too (only this send's: one that a newer send replaced says nothing).
    pub fn send(
        &self,
        req: WireRequest,
        target: RelayTarget,
        done: impl FnOnce(&SendResult) + 'static,
    ) {
        self.cancel();
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let controller = Abort::new();
        let signal = controller.as_ref().map(Abort::signal);
        self.controller.set_value(controller);
        self.pending.set(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            let result = send(&req, &target, signal.as_ref()).await;
            if this.generation.get_value() == generation {
                this.controller.set_value(None);
                this.pending.set(false);
                let result = Arc::new(result);
                this.result.set(Some(result.clone()));
                done(&result);
            }
        });
    }

    /// Cancels the request in flight, if any; its result becomes `Aborted`.
    pub fn cancel(&self) {
        if let Some(c) = self.controller.get_value() {
            c.abort();
        }
    }

    /// Shows a result that did not come from [`Sender::send`] (e.g. restored from history).
    pub fn show(&self, result: Option<SendResult>) {
        self.result.set(result);
    }
}
