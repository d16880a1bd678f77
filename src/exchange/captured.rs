//! After an import: whether the captured request's own signature is the one the builder's
//! credentials compute for it. The builder signs anew and shows its own signature; a
//! capture that fails would otherwise look fixed. Said on the signature panel while the
//! tab the capture opened in is on screen, following the credentials as they are typed,
//! with "Check signature" to see why it differs.

use countersign_core::verify::{captured_sign, CapturedSign};
use leptos::prelude::*;

use super::use_exchange;
use crate::i18n::{fill, T};
use crate::state::{use_app, View};

/// The capture an import opened, and the request tab it opened in.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedCapture {
    pub tab: u64,
    pub api: String,
    pub text: String,
}

/// Tab `tab`'s request is replaced in place by another (a history entry, a saved request,
/// a share link): the line about the capture it showed goes too, or it would call the new
/// request imported and edited.
pub fn forget_on(tab: u64) {
    let ex = use_exchange();
    if ex
        .capture
        .with_untracked(|c| c.as_ref().is_some_and(|c| c.tab == tab))
    {
        ex.capture.set(None);
    }
}

#[component]
pub fn CapturedSignLine() -> impl IntoView {
    let s = use_app();
    let ex = use_exchange();
    let tabs = crate::saved::use_tabs();
    let status = Memo::new(move |_| {
        let cap = ex.capture.get()?;
        let api = s.api.get().filter(|a| a.id == cap.api)?;
        if tabs.on_screen() != cap.tab {
            return None;
        }
        let creds = s.cred_set()?.to_json();
        let env = s.env()?;
        Some((captured_sign(&cap.text, api.vendor, &creds), env))
    });
    let check = move |_| {
        let Some(cap) = ex.capture.get_untracked() else {
            return;
        };
        crate::check::paste(cap.text);
        s.view.set(View::CheckSignature);
    };
    // The builder's signature now, when the person has edited the request away from the
    // capture (its pins keep it equal until then).
    let edited_sign = move |found: &str| {
        let now = s.signed.with(|r| Some(r.as_ref()?.as_ref().ok()?.sign))?;
        (!now.eq_ignore_ascii_case(found)).then_some(now)
    };
    move || {
        let (status, env) = status.get()?;
        let l = s.lang.get();
        let env = crate::layout::header::env_text(env.kind, l, &env.upstream);
        let edited = match &status {
            CapturedSign::Matches { found } => edited_sign(found),
            _ => None,
        };
        let (state, mark, text) = match &status {
            CapturedSign::Unsigned => return None,
            CapturedSign::Matches { .. } => {
                let mut said = fill(T::CapturedSignMatches.get(l), &[("env", &env)]);
                // True of the capture, not of an edit of it: say so once they part.
                if let Some(now) = &edited {
                    said.push(' ');
                    said.push_str(&fill(T::CapturedSignEdited.get(l), &[("now", now)]));
                }
                ("ok", "✔ ", said)
            }
            CapturedSign::Differs { found, expected } => (
                "bad",
                "✘ ",
                fill(
                    T::CapturedSignDiffers.get(l),
                    &[("found", found), ("expected", expected), ("env", &env)],
                ),
            ),
            CapturedSign::NeedsSecret { field } => (
                "unknown",
                "? ",
                fill(
                    T::CapturedSignNeedsSecret.get(l),
                    &[("field", field), ("env", &env)],
                ),
            ),
        };
        Some(view! {
            <p class=format!("captured-sign {state}") data-testid="captured-sign" data-state=state data-edited=edited.is_some().to_string() role="status">
                <span>{mark}{crate::ui::code_text(&text)}</span>
                {(state != "ok").then(|| view! {
                    <button
                        class="btn small"
                        data-testid="captured-sign-check"
                        title=T::ImportCheckTitle.get(l)
                        on:click=check
                    >
                        {T::ImportCheck.get(l)}
                    </button>
                })}
            </p>
        })
    }
}
