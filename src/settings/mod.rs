//! Settings: where the relay is (default: this page's origin), its token, and the
//! upstreams the server offers (`GET /api/config`).
//!
//! The settings feature: this dialog, and the preferences it and the header change,
//! written to localStorage (`persist`).

use countersign_core::relay_protocol::header::{token_refused_char, TOKEN_TITLE};
use countersign_core::Localise;
use leptos::prelude::*;

use crate::i18n::{fill, Lang, T};
use crate::platform::fetch::{server_config, ConfigError};
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

/// What a usable relay address may still get wrong, said under the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayNote {
    /// It ends in `/relay`: the app adds that itself (`…/relay/relay/mock-taobao` names
    /// an upstream `relay` that no server has).
    RelayPath,
    /// Another origin than the page's: this page's security policy lets it connect only
    /// to origins its server lists in `relay_origins`.
    OtherOrigin(String),
}

/// The note for a relay address [`relay_base_ok`] accepts, on a page served from `page`.
pub fn relay_base_note(text: &str, page: &str) -> Option<RelayNote> {
    let t = text.trim().trim_end_matches('/');
    if t.is_empty() {
        return None;
    }
    if t.ends_with("/relay") {
        return Some(RelayNote::RelayPath);
    }
    let (scheme, rest) = t.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let origin = format!("{scheme}://{host}");
    (!origin.eq_ignore_ascii_case(page.trim_end_matches('/')))
        .then_some(RelayNote::OtherOrigin(origin))
}

/// A relay token with a character no HTTP header can carry: the browser would refuse to
/// send it (a TypeError that read as "relay unreachable"). `at` counts from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadToken {
    pub at: usize,
    pub ch: char,
}

impl BadToken {
    fn text(&self, l: Lang) -> String {
        let code = format!("U+{:04X}", u32::from(self.ch));
        // A control character would show as nothing: its code says it.
        let ch = if self.ch.is_control() {
            code.clone()
        } else {
            self.ch.to_string()
        };
        fill(
            T::RelayTokenBad.get(l),
            &[
                ("field", TOKEN_TITLE),
                ("at", &self.at.to_string()),
                ("ch", &ch),
                ("code", &code),
            ],
        )
    }
}
crate::error_text::localised!(BadToken);

/// Whether `token` can be sent as the relay token; the character that cannot, if any.
pub fn token_problem(token: &str) -> Result<(), BadToken> {
    match token_refused_char(token) {
        Some((at, ch)) => Err(BadToken { at, ch }),
        None => Ok(()),
    }
}

#[component]
pub fn SettingsDialog() -> impl IntoView {
    let s = use_app();
    // What is typed; the relay address changes only to a usable one (kept on a bad one).
    let typed = RwSignal::new(s.relay_base.get_untracked());
    let bad = move || !typed.with(|t| relay_base_ok(t));
    let bad_token = move || s.relay_token.with(|t| token_problem(t).err());
    let config = LocalResource::new(move || {
        let (base, token) = (s.relay_base.get(), s.relay_token.get());
        async move { server_config(&base, &token).await }
    });
    view! {
        <DialogFrame which=Dialog::Settings testid="settings-dialog">
                <div class="dialog-head">
                    <h2 id="settings-dialog-title">{move || s.t(T::Settings)}</h2>
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
                        {move || {
                            let page = crate::platform::page_origin();
                            typed.with(|t| relay_base_note(t, &page)).map(|n| {
                                let text = match n {
                                    RelayNote::RelayPath => s.t(T::RelayBaseRelayPath).to_string(),
                                    RelayNote::OtherOrigin(o) => {
                                        fill(s.t(T::RelayBaseOtherOrigin), &[("origin", &o)])
                                    }
                                };
                                view! {
                                    <p class="warn small" data-testid="relay-base-note" role="status">
                                        {crate::ui::code_text(&text)}
                                    </p>
                                }
                            })
                        }}
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
                            class:invalid=move || bad_token().is_some()
                            aria-invalid=move || bad_token().is_some().to_string()
                            aria-describedby="relay-token-error"
                            prop:value=move || s.relay_token.get()
                            on:input=move |ev| s.relay_token.set(event_target_value(&ev))
                        />
                        {move || bad_token().map(|e| view! {
                            <p class="err small" id="relay-token-error" data-testid="relay-token-error" role="alert">
                                {e.localise(s.lang.get())}
                            </p>
                        })}
                        <p class="muted small" data-testid="relay-token-note">{move || s.t(T::RelayTokenNotKept)}</p>
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
                                // Said under the token already.
                                Err(ConfigError::BadToken(_)) => ().into_any(),
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
    // The device's preferences, whichever window sets them: another window's language,
    // relay or sign method is taken here, or this window's next write would put back its
    // own. Presenter mode stays each window's (a projector window beside a desk one).
    storage::on_change(storage::PREFS_KEY, move || {
        let Some(theirs) = storage::load::<Prefs>(storage::PREFS_KEY) else {
            return;
        };
        // Only a language picked there: one a link opened it in stays that window's.
        if let (Some(lang), true) = (theirs.lang, theirs.lang_chosen) {
            set_if_changed(s.lang, lang);
            set_if_changed(s.lang_chosen, true);
        }
        set_if_changed(s.relay_base, theirs.relay_base);
        if s.options
            .with_untracked(|o| o.sign_method != theirs.sign_method)
        {
            s.options.update(|o| o.sign_method = theirs.sign_method);
        }
    });
    Effect::new(move |_| {
        let chosen = s.lang_chosen.get();
        let prefs = Prefs {
            // Until the person picks one, the language stays what it was here: a share
            // link's, or the browser's, is not written over it.
            lang: if chosen {
                Some(s.lang.get())
            } else {
                s.kept_lang
            },
            lang_chosen: chosen,
            presenter: s.presenter.get(),
            relay_base: s.relay_base.get(),
            sign_method: s.options.with(|o| o.sign_method.clone()),
        };
        storage::save(storage::PREFS_KEY, &prefs);
    });
}

/// Sets `signal` only when `value` differs: an unchanged write would wake every reader.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

#[cfg(test)]
mod tests {
    use super::{relay_base_ok, token_problem, BadToken};
    use countersign_core::Localise;

    #[test]
    fn a_token_that_no_header_can_carry_is_named_with_its_character_in_both_languages() {
        assert_eq!(token_problem("  s3cret-token "), Ok(()));
        let bad = token_problem("abc✓").unwrap_err();
        assert_eq!(bad, BadToken { at: 4, ch: '✓' });
        let en = bad.to_string();
        for part in [
            "X-Relay-Token",
            "character 4",
            "“✓”",
            "U+2713",
            "printable ASCII",
        ] {
            assert!(en.contains(part), "{en}");
        }
        let zh = bad.zh();
        for part in ["X-Relay-Token", "第 4 个字符", "“✓”", "U+2713"] {
            assert!(zh.contains(part), "{zh}");
        }
        // Full-width letters look like ASCII ones: the code tells them apart.
        assert!(token_problem("ｔoken")
            .unwrap_err()
            .to_string()
            .contains("U+FF54"));
        // A control character is named by its code alone.
        let tab = token_problem("a\tb").unwrap_err().to_string();
        assert!(tab.contains("“U+0009”"), "{tab}");
    }

    #[test]
    fn a_relay_path_or_another_origin_is_noted() {
        use super::{relay_base_note, RelayNote};
        let page = "http://127.0.0.1:18900";
        assert_eq!(relay_base_note("", page), None);
        assert_eq!(relay_base_note("http://127.0.0.1:18900/", page), None);
        assert_eq!(
            relay_base_note("http://127.0.0.1:18900/relay/", page),
            Some(RelayNote::RelayPath)
        );
        assert_eq!(
            relay_base_note("http://localhost:18900", page),
            Some(RelayNote::OtherOrigin("http://localhost:18900".into()))
        );
    }

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
