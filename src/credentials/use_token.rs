//! Above a Kingdee authorisation answer sent by hand: "Use this token" (the app-token
//! request) or "Use these credentials" (push_app_authorize) fills the credentials of this
//! environment from the answer, as "Get app-token" does, so nobody copies them by hand.

use leptos::prelude::*;

use crate::credentials::token;
use crate::i18n::T;
use crate::platform;
use crate::state::use_app;

#[derive(Clone, Debug, PartialEq)]
enum Offer {
    Token(String, i64),
    Grant(token::Grant),
}

#[component]
pub fn UseAnswer() -> impl IntoView {
    let s = use_app();
    let result = s.sender.result();
    let used = RwSignal::new(false);
    let offer = Memo::new(move |_| {
        let api = s.api.get()?;
        let r = result.get()?;
        let ex = r.as_ref().as_ref().ok()?;
        match api.id.as_str() {
            "kingdee.app_token" => token::parse_token(&ex.body, platform::now_ms())
                .ok()
                .map(|(t, at)| Offer::Token(t, at)),
            "kingdee.push_app_authorize" => token::parse_grant(&ex.body).ok().map(Offer::Grant),
            _ => None,
        }
    });
    Effect::new(move |_| {
        // Read, not only tracked: a memo not read yet has no sources to hear from.
        let _ = offer.get();
        used.set(false);
    });
    let apply = move |_| {
        let Some(o) = offer.get_untracked() else {
            return;
        };
        s.update_creds(move |set| match o {
            Offer::Token(t, at) => {
                set.set("app_token", t);
                set.token_expires_ms = Some(at);
            }
            Offer::Grant(g) => {
                set.set("app_key", g.app_key);
                set.set("app_secret", g.app_secret);
                set.set("domain", g.domain);
            }
        });
        s.credentials_from_answer();
        used.set(true);
    };
    view! {
        {move || {
            let o = offer.get()?;
            let (label, what) = match &o {
                Offer::Token(t, _) => (T::UseToken, t.clone()),
                Offer::Grant(g) => (T::UseGrant, g.app_key.clone()),
            };
            Some(view! {
                <div class="use-answer" data-testid="use-answer">
                    <code class="use-answer-what">{what}</code>
                    <button class="btn small primary" data-testid="use-token" on:click=apply disabled=move || used.get()>
                        {move || if used.get() { s.t(T::UsedInCredentials) } else { s.t(label) }}
                    </button>
                </div>
            })
        }}
    }
}
