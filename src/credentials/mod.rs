//! The credentials dialog for the current vendor and environment: fields from the
//! catalog, secrets masked with a show toggle, format problems in the signer's words,
//! "remember on this device", and Kingdee's "Get app-token".
//!
//! The credentials feature: this dialog; the per-vendor/environment store (`store`, pure);
//! which environment and set are in use and which values are secret (`current`); Kingdee's
//! token answers (`token`, pure) and the buttons that use them (`use_token`); and the hint
//! beside Send (`send_hint`).

pub mod current;
pub mod send_hint;
pub mod store;
pub mod token;
pub mod use_token;

use countersign_core::catalog::{self, CredentialField};
use countersign_core::clock::beijing_shown;
use countersign_core::Vendor;
use leptos::prelude::*;
use serde_json::json;

use crate::credentials::current::cred_set;
use crate::credentials::store::{field_problem, CredSet};
use crate::i18n::{fill, Lang, T};
use crate::layout::header::env_label;
use crate::platform;
use crate::platform::fetch;
use crate::signature::signing::{self, Inputs, Pins, SignOptions};
use crate::state::{use_app, AppState, Dialog};
use crate::ui::DialogFrame;

#[component]
pub fn CredentialsDialog() -> impl IntoView {
    let s = use_app();
    let has_api = Signal::derive(move || s.api.get().is_some());
    view! {
        <DialogFrame which=Dialog::Credentials testid="credentials-dialog" when=has_api>
            <DialogBody />
        </DialogFrame>
    }
}

#[component]
fn DialogBody() -> impl IntoView {
    let s = use_app();
    // Keyboard users land in the first field; Esc closes (handled by the shell).
    if let Some(first) = s
        .api
        .get_untracked()
        .and_then(|a| a.vendor_info().credentials.first())
    {
        let id = format!("cred-{}", first.name);
        request_animation_frame(move || platform::focus(&id));
    }
    let title = move || {
        let (a, env) = (s.api.get()?, s.env()?);
        let l = s.lang.get();
        let vendor = a.vendor_info();
        Some(fill(
            s.t(T::CredentialsTitle),
            &[
                ("vendor", l.text(&vendor.short_name)),
                ("env", s.t(env_label(env.kind))),
            ],
        ))
    };
    let fields = move || {
        s.api
            .get()
            .map(|a| a.vendor_info().credentials.iter().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let needed = move |name: &str| {
        s.api.get().is_some_and(|a| {
            a.credential_fields()
                .iter()
                .any(|(f, required)| *required && f.name == name)
        })
    };
    let has_demo = move || s.env().is_some_and(|e| e.demo_credentials.is_some());
    // What Clear or "demo values" replaced, until the dialog closes: one click wiped typed
    // (perhaps remembered) secrets for good.
    let replaced = RwSignal::new(None::<Replaced>);
    let undo = move |_| {
        if let Some(r) = replaced.get_untracked() {
            s.creds.update(|c| c.put(&r.vendor, &r.env, r.set));
        }
        replaced.set(None);
    };
    let is_kingdee = move || s.api.get().map(|a| a.vendor) == Some(Vendor::Kingdee);
    view! {
        <div class="dialog-head">
            <h2 id="credentials-dialog-title">{title}</h2>
            <button class="icon-btn" data-testid="close-dialog" aria-label=move || s.t(T::Close) on:click=move |_| s.dialog.set(None)>
                "✕"
            </button>
        </div>
        <p class="muted small">{move || s.t(T::RememberHint)}</p>
        <div class="cred-fields">
            {move || {
                fields()
                    .into_iter()
                    .map(|f| {
                        let req = needed(&f.name);
                        view! { <CredInput field=f required=req /> }
                    })
                    .collect_view()
            }}
        </div>
        <Show when=is_kingdee>
            <TokenBox />
        </Show>
        <div class="dialog-actions">
            <label class="check" data-testid="remember">
                <input
                    type="checkbox"
                    data-testid="remember-checkbox"
                    prop:checked=move || s.cred_set().is_some_and(|c| c.remember)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.update_creds(|c| c.remember = on);
                    }
                />
                {move || s.t(T::Remember)}
            </label>
            <span class="spacer"></span>
            <Show when=has_demo>
                <button class="btn small" data-testid="reset-demo" on:click=move |_| replaced.set(reset(s, true))>
                    {move || s.t(T::ResetDemo)}
                </button>
            </Show>
            <Show when=move || replaced.with(Option::is_some)>
                <button class="btn small" data-testid="undo-credentials" on:click=undo>
                    {move || s.t(T::Undo)}
                </button>
            </Show>
            <button class="btn small" data-testid="clear-credentials" on:click=move |_| replaced.set(reset(s, false))>
                {move || s.t(T::ClearCredentials)}
            </button>
            <button class="btn primary" on:click=move |_| s.dialog.set(None)>
                {move || s.t(T::Close)}
            </button>
        </div>
    }
}

/// A credential set as it was before Clear or "demo values", for their Undo.
#[derive(Clone)]
struct Replaced {
    vendor: String,
    env: String,
    set: CredSet,
}

/// Back to the demo values (mock) or to nothing; what it replaced, when that differed.
fn reset(s: AppState, demo: bool) -> Option<Replaced> {
    let (Some(a), Some(env)) = (s.api.get_untracked(), s.env_untracked()) else {
        return None;
    };
    let before = s.cred_set_untracked()?;
    let fresh = if demo {
        cred_set(&Default::default(), a, env)
    } else {
        CredSet::default()
    };
    let fresh = CredSet {
        remember: before.remember,
        ..fresh
    };
    let changed = fresh != before;
    s.creds.update(|c| c.put(a.vendor.id(), &env.id, fresh));
    changed.then(|| Replaced {
        vendor: a.vendor.id().to_string(),
        env: env.id.clone(),
        set: before,
    })
}

#[component]
fn CredInput(field: &'static CredentialField, required: bool) -> impl IntoView {
    let s = use_app();
    let shown = RwSignal::new(!field.secret);
    let name = field.name.clone();
    let value = {
        let name = name.clone();
        move || {
            s.cred_set()
                .map(|c| c.value(&name).to_string())
                .unwrap_or_default()
        }
    };
    let problem = {
        let value = value.clone();
        Memo::new(move |_| {
            let vendor = s.api.get()?.vendor;
            field_problem(vendor.id(), &field.name, &value(), s.lang.get())
        })
    };
    let missing = {
        let value = value.clone();
        move || required && value().trim().is_empty()
    };
    let stray = {
        let value = value.clone();
        move || store::stray_character(&value())
    };
    let id = format!("cred-{}", field.name);
    let messages = format!("{id}-msgs");
    view! {
        <div class="field cred" data-testid=format!("cred-field-{}", field.name)>
            <label class="field-label" for=id.clone()>
                <span class="field-name">
                    <code>{field.name.clone()}</code>
                    {required.then(|| view! { <span class="req">"*"</span> })}
                    <span class="field-title">{move || s.lang.get().text(&field.label).to_string()}</span>
                </span>
                // The whole hint on hover too (it unfolds, as the form's do): cut, the
                // domain's lost its "not the API address".
                <span
                    class="field-desc"
                    title=move || field.hint.as_ref().map(|h| s.lang.get().text(h).to_string())
                >
                    {move || field.hint.as_ref().map(|h| s.lang.get().text(h).to_string())}
                </span>
            </label>
            <div class="field-control">
                <div class="secret-pair">
                    <input
                        id=id
                        class="input mono"
                        class:invalid=move || problem.with(Option::is_some)
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        aria-required=required.to_string()
                        aria-describedby=messages.clone()
                        type=move || if shown.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        data-testid=format!("cred-{}", field.name)
                        placeholder=move || {
                            field
                                .example
                                .as_ref()
                                .map(|e| crate::i18n::fill(s.t(T::ExamplePlaceholder), &[("v", e)]))
                        }
                        prop:value=value
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            let name = name.clone();
                            s.update_creds(move |c| c.set(&name, v));
                        }
                    />
                    {field.secret.then(|| view! {
                        <button
                            type="button"
                            class="btn small"
                            data-testid=format!("cred-show-{}", field.name)
                            aria-pressed=move || shown.get().to_string()
                            aria-label=move || format!("{} {}", s.t(T::Show), field.name)
                            on:click=move |_| shown.update(|v| *v = !*v)
                        >
                            {move || if shown.get() { s.t(T::Hide) } else { s.t(T::Show) }}
                        </button>
                    })}
                </div>
                <div id=messages aria-live="polite">
                {move || problem.get().map(|p| view! { <ul class="field-msgs"><li class="err">{crate::ui::code_text(&p)}</li></ul> })}
                {move || missing().then(|| view! { <ul class="field-msgs"><li class="warn">{s.t(T::Required)}</li></ul> })}
                {move || stray().map(|(at, code)| view! {
                    <ul class="field-msgs" data-testid=format!("cred-stray-{}", field.name)>
                        <li class="warn">
                            {fill(s.t(T::CredStrayCharacter), &[("at", &at.to_string()), ("code", &format!("U+{code:04X}"))])}
                        </li>
                    </ul>
                })}
                </div>
            </div>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum TokenState {
    Idle,
    Step(T),
    /// Got it; with the credentials push_app_authorize's grant put in place of values
    /// that were filled (said, as a typed app_secret is otherwise gone without a word).
    Done(Vec<&'static str>),
    /// Kept typed, so the message follows a language switch.
    Failed(GetTokenError),
}

/// Why "Get app-token" stopped, naming the step's cause.
#[derive(Clone, Debug, PartialEq)]
pub enum GetTokenError {
    /// Neither an outerInstanceId nor app_key and app_secret are filled.
    NeedOuterInstance,
    /// The authorisation API is missing from the catalog (a trimmed build).
    NotInCatalog(String),
    /// The authorisation request does not sign (the signer names the field).
    Sign(signing::Problem),
    /// The request did not reach Kingdee or the relay refused it.
    Send(crate::send::outcome::SendError),
    /// Kingdee's answer gives no grant or token.
    Answer(token::TokenError),
}

impl GetTokenError {
    fn text(&self, l: Lang) -> String {
        use countersign_core::Localise;
        match self {
            Self::NeedOuterInstance => T::NeedOuterInstance.get(l).to_string(),
            Self::NotInCatalog(api) => fill(
                l.pick("目录中没有 {api}", "{api} is not in the catalog"),
                &[("api", api)],
            ),
            Self::Sign(p) => p.message(l),
            Self::Send(e) => format!("{} — {}", e.title(l), e.explain(l)),
            Self::Answer(e) => e.localise(l),
        }
    }
}
crate::error_text::localised!(GetTokenError);

/// Kingdee: outerInstanceId → push_app_authorize → app-token, each signed here and sent
/// through the relay.
#[component]
fn TokenBox() -> impl IntoView {
    let s = use_app();
    let state = RwSignal::new(TokenState::Idle);
    let expiry = move || s.cred_set().and_then(|c| c.token_expires_ms);
    let expired = move || expiry().is_some_and(|t| t <= s.now_ms.get());
    view! {
        <div class="token-box" data-testid="token-box">
            <div class="token-row">
                <button
                    class="btn"
                    data-testid="get-app-token"
                    disabled=move || matches!(state.get(), TokenState::Step(_))
                    on:click=move |_| {
                        leptos::task::spawn_local(get_app_token(s, state));
                    }
                >
                    {move || s.t(T::GetAppToken)}
                </button>
                <span class="token-status" data-testid="token-status">
                    {move || match state.get() {
                        TokenState::Idle => expiry()
                            .map(|t| {
                                if expired() {
                                    s.t(T::TokenExpired).to_string()
                                } else {
                                    fill(s.t(T::TokenExpires), &[("t", &beijing_shown(t, 0..16))])
                                }
                            })
                            .unwrap_or_default(),
                        TokenState::Step(t) => s.t(t).to_string(),
                        TokenState::Done(replaced) => {
                            let mut said = fill(
                                s.t(T::TokenDone),
                                &[("t", &expiry().map(|t| beijing_shown(t, 0..16)).unwrap_or_default())],
                            );
                            if !replaced.is_empty() {
                                said.push_str(&fill(
                                    s.t(T::TokenReplaced),
                                    &[("names", &replaced.join(", "))],
                                ));
                            }
                            said
                        }
                        TokenState::Failed(e) => {
                            fill(s.t(T::TokenFailed), &[("msg", &e.text(s.lang.get()))])
                        }
                    }}
                </span>
            </div>
            <p class="muted small">{move || s.t(T::GetAppTokenHint)}</p>
        </div>
    }
}

async fn get_app_token(s: AppState, state: RwSignal<TokenState>) {
    let Some(env) = s.env_untracked() else {
        return;
    };
    let Some(mut creds) = s.cred_set_untracked() else {
        return;
    };
    let has_app =
        !creds.value("app_key").trim().is_empty() && !creds.value("app_secret").trim().is_empty();
    let has_instance = !creds.value("outer_instance_id").trim().is_empty();
    // An outerInstanceId wins: app_secret rotates, so authorising again gets the current one.
    let mut replaced = Vec::new();
    if has_instance || !has_app {
        if !has_instance {
            state.set(TokenState::Failed(GetTokenError::NeedOuterInstance));
            return;
        }
        state.set(TokenState::Step(T::TokenStep1));
        match call(s, "kingdee.push_app_authorize", &creds, env).await {
            Ok(body) => match token::parse_grant(&body).map_err(GetTokenError::Answer) {
                Ok(g) => {
                    let granted = [
                        ("app_key", g.app_key),
                        ("app_secret", g.app_secret),
                        ("domain", g.domain),
                    ];
                    for (name, value) in granted {
                        if value.is_empty() {
                            continue;
                        }
                        let was = creds.value(name).trim();
                        if !was.is_empty() && was != value {
                            replaced.push(name);
                        }
                        creds.set(name, value);
                    }
                    let c = creds.clone();
                    s.update_creds(move |set| *set = c);
                }
                Err(m) => return state.set(TokenState::Failed(m)),
            },
            Err(m) => return state.set(TokenState::Failed(m)),
        }
    }
    state.set(TokenState::Step(T::TokenStep2));
    let result = call(s, "kingdee.app_token", &creds, env).await;
    match result.and_then(|body| {
        token::parse_token(&body, platform::now_ms()).map_err(GetTokenError::Answer)
    }) {
        Ok((tok, expires)) => {
            s.update_creds(move |set| {
                set.set("app_token", tok);
                set.token_expires_ms = Some(expires);
            });
            state.set(TokenState::Done(replaced));
        }
        Err(m) => state.set(TokenState::Failed(m)),
    }
}

/// Signs one of the authorisation requests with a fresh clock and nonce and sends it.
async fn call(
    s: AppState,
    api_id: &str,
    creds: &CredSet,
    env: &'static countersign_core::catalog::Environment,
) -> Result<String, GetTokenError> {
    let api =
        catalog::find(api_id).ok_or_else(|| GetTokenError::NotInCatalog(api_id.to_string()))?;
    let signed = signing::sign(&Inputs {
        api,
        document: &json!({}),
        credentials: &creds.to_json(),
        env,
        options: &SignOptions::default(),
        pins: &Pins::default(),
        now_ms: platform::now_ms(),
        live_nonce: signing::nonce_from(platform::random()),
    })
    .map_err(GetTokenError::Sign)?;
    let target = signing::relay_target(
        api.vendor_info(),
        env,
        &s.relay_base.get_untracked(),
        &s.relay_token.get_untracked(),
    );
    let exchange = fetch::send(&signed.wire, &target, None)
        .await
        .map_err(GetTokenError::Send)?;
    Ok(exchange.body)
}

/// Keeps the credential sets the person asked this device to remember, and only those;
/// called once by the shell.
pub fn persist(s: AppState) {
    use crate::credentials::store::CredStore;
    use crate::platform::storage;
    // Another window remembering or forgetting a set: take its list, or this window's next
    // write (a keystroke in any remembered set) would drop what it kept and bring back
    // what it forgot.
    storage::on_change(storage::CREDS_KEY, move || {
        let theirs: CredStore = storage::load(storage::CREDS_KEY).unwrap_or_default();
        s.creds.update(|c| c.adopt_remembered(theirs));
    });
    Effect::new(move |_| {
        let kept = s.creds.with(CredStore::remembered);
        if kept.0.is_empty() {
            storage::remove(storage::CREDS_KEY);
        } else {
            storage::save(storage::CREDS_KEY, &kept);
        }
    });
}
