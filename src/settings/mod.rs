//! Settings: where the relay is (default: this page's origin), its token, and the
//! upstreams the server offers (`GET /api/config`).
//!
//! The settings feature: this dialog, and the preferences it and the header change,
//! written to localStorage (`persist`).

use countersign_core::relay_protocol::header::TOKEN_TITLE;
use countersign_core::Localise;
use leptos::prelude::*;

use crate::i18n::T;
use crate::platform::fetch::server_config;
use crate::state::{use_app, Dialog};
use crate::ui::DialogFrame;

#[component]
pub fn SettingsDialog() -> impl IntoView {
    let s = use_app();
    let config = LocalResource::new(move || {
        let (base, token) = (s.relay_base.get(), s.relay_token.get());
        async move { server_config(&base, &token).await }
    });
    view! {
        <DialogFrame which=Dialog::Settings testid="settings-dialog">
                <div class="dialog-head">
                    <h2>{move || s.t(T::Settings)}</h2>
                    <button class="icon-btn" aria-label=move || s.t(T::Close) on:click=move |_| s.dialog.set(None)>
                        "✕"
                    </button>
                </div>
                <div class="field">
                    <label class="field-label" for="relay-base">
                        <span class="field-name">{move || s.t(T::RelayBase)}</span>
                        <span class="field-desc">{move || s.t(T::RelayBaseHint)}</span>
                    </label>
                    <div class="field-control">
                        <input
                            id="relay-base"
                            class="input mono"
                            data-testid="relay-base"
                            // Empty means this page's own origin: show which that is.
                            placeholder=crate::platform::page_origin()
                            prop:value=move || s.relay_base.get()
                            on:change=move |ev| s.relay_base.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <div class="field">
                    <label class="field-label" for="relay-token">
                        <span class="field-name"><code>{TOKEN_TITLE}</code></span>
                    </label>
                    <div class="field-control">
                        <input
                            id="relay-token"
                            type="password"
                            class="input mono"
                            data-testid="relay-token"
                            prop:value=move || s.relay_token.get()
                            on:input=move |ev| s.relay_token.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <h3>{move || s.t(T::Upstreams)}</h3>
                <Suspense fallback=|| view! { <p class="muted">"…"</p> }>
                    {move || {
                        config
                            .get()
                            .map(|r| match r {
                                Ok(c) => view! {
                                    <table class="upstreams" data-testid="upstreams">
                                        {c.upstreams
                                            .into_iter()
                                            .map(|u| view! {
                                                <tr>
                                                    <td><code>{u.name}</code></td>
                                                    <td class="mono small">{u.base}</td>
                                                    <td>{move || u.mock.then(|| s.t(T::MockTag))}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </table>
                                }
                                .into_any(),
                                Err(e) => {
                                    view! { <p class="err">{move || e.localise(s.lang.get())}</p> }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
                <div class="dialog-actions">
                    <span class="spacer"></span>
                    <button class="btn primary" on:click=move |_| s.dialog.set(None)>
                        {move || s.t(T::Close)}
                    </button>
                </div>
        </DialogFrame>
    }
}

/// Writes the preferences (language, presenter mode, relay, Taobao's sign method) whenever
/// they change; called once by the shell.
pub fn persist(s: crate::state::AppState) {
    use crate::platform::storage::{self, Prefs};
    Effect::new(move |_| {
        let prefs = Prefs {
            lang: Some(s.lang.get()),
            presenter: s.presenter.get(),
            relay_base: s.relay_base.get(),
            sign_method: s.options.with(|o| o.sign_method.clone()),
        };
        storage::save(storage::PREFS_KEY, &prefs);
    });
}
