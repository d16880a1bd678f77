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

/// Whether `text` can be the relay's address: empty (this page's origin), or an http(s)
/// URL with a host. Anything else was fetched as a path of this page (a 405 that said
/// nothing about the address).
pub fn relay_base_ok(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    let rest = t
        .strip_prefix("http://")
        .or_else(|| t.strip_prefix("https://"));
    rest.and_then(|r| r.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

#[component]
pub fn SettingsDialog() -> impl IntoView {
    let s = use_app();
    // What is typed; the relay address changes only to a usable one (kept on a bad one).
    let typed = RwSignal::new(s.relay_base.get_untracked());
    let bad = move || !typed.with(|t| relay_base_ok(t));
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
                            class:invalid=bad
                            aria-invalid=move || bad().to_string()
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if relay_base_ok(&v) {
                                    s.relay_base.set(v.trim().to_string());
                                }
                            }
                        />
                        <Show when=bad>
                            <p class="err small" data-testid="relay-base-error" role="alert">
                                {move || s.t(T::RelayBaseBad)}
                            </p>
                        </Show>
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

#[cfg(test)]
mod tests {
    use super::relay_base_ok;

    #[test]
    fn the_relay_address_is_empty_or_an_http_url_with_a_host() {
        for ok in [
            "",
            "  ",
            "http://127.0.0.1:8787",
            "https://relay.example.com/",
            "http://h/base",
        ] {
            assert!(relay_base_ok(ok), "{ok:?}");
        }
        for bad in [
            "127.0.0.1:18900",
            "not a url",
            "http://",
            "ftp://h",
            "https:///x",
            "localhost",
        ] {
            assert!(!relay_base_ok(bad), "{bad:?}");
        }
    }
}
