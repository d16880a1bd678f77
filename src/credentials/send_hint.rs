//! Beside Send: which credentials the request still needs (an empty app-token is the usual
//! one for Kingdee), with the way to fill them, instead of only the header's amber dot.

use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::state::{use_app, AppState, Dialog};

/// The labels of the credentials still missing (the required ones, and one the signer asks
/// for) and an expired token, in the UI's language: beside Send, and in its tooltip while it is disabled.
pub fn missing_names(s: AppState) -> Vec<String> {
    let (Some(a), Some(set)) = (s.api.get(), s.cred_set()) else {
        return Vec::new();
    };
    let l = s.lang.get();
    let mut out: Vec<String> = a
        .credential_fields()
        .into_iter()
        .filter(|(f, required)| *required && set.value(&f.name).trim().is_empty())
        .map(|(f, _)| l.text(&f.label).to_string())
        .collect();
    // One the API takes from the document or the credentials (Kingdee's app_key for the
    // app-token) is required once the document leaves it out: the signer says which.
    let refused = s.signed.with(|x| match x {
        Some(Err(p)) => p.field(),
        _ => None,
    });
    if let Some(c) = refused
        .as_deref()
        .and_then(|f| f.strip_prefix("credentials."))
        .and_then(|name| a.vendor_info().credential(name))
    {
        let label = l.text(&c.label).to_string();
        if set.value(&c.name).trim().is_empty() && !out.contains(&label) {
            out.push(label);
        }
    }
    if set.token_expires_ms.is_some_and(|t| t <= s.now_ms.get()) {
        out.push(T::TokenExpired.get(l).to_string());
    }
    out
}

/// "Missing app_key、app_secret" for the credentials still to fill in, if any: said beside
/// Send and in its tooltip.
pub fn missing_text(s: AppState) -> Option<String> {
    let missing = missing_names(s);
    let l = s.lang.get();
    (!missing.is_empty()).then(|| {
        fill(
            T::MissingCreds.get(l),
            &[("names", &crate::i18n::list(&missing, l))],
        )
    })
}

/// Beside Send while it is disabled for a credential: the missing ones, or else what the
/// signer refuses in one (a 旺店通 secret without its `:salt`). Its tooltip was the only
/// place that said so.
#[component]
pub fn MissingCredentials() -> impl IntoView {
    let s = use_app();
    let said = move || {
        if let Some(text) = missing_text(s) {
            return Some(text);
        }
        s.signed.with(|x| match x {
            Some(Err(p)) if p.is_credential() => Some(p.message(s.lang.get())),
            _ => None,
        })
    };
    view! {
        <Show when=move || said().is_some()>
            <div class="send-hint" role="status" data-testid="send-missing">
                <span>"⚠ " {move || crate::ui::code_text(&said().unwrap_or_default())}</span>
                <button
                    class="btn tiny"
                    data-testid="send-missing-open"
                    on:click=move |_| s.dialog.set(Some(Dialog::Credentials))
                >
                    {move || s.t(T::Credentials)}
                    " →"
                </button>
            </div>
        </Show>
    }
}
