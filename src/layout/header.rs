//! The top bar: logo, environment, credentials, tools, language, presenter mode.

use countersign_core::catalog::EnvironmentKind;
use leptos::prelude::*;

use crate::credentials::store::field_problem;
use crate::i18n::{Lang, T};
use crate::state::{use_app, Dialog, View};
use crate::ui::DialogButton;

pub fn env_label(kind: EnvironmentKind) -> T {
    match kind {
        EnvironmentKind::Mock => T::EnvMock,
        EnvironmentKind::Sandbox => T::EnvSandbox,
        EnvironmentKind::Test => T::EnvTest,
        EnvironmentKind::Production => T::EnvProduction,
    }
}

/// For CSS: production is marked red, mock green.
fn kind_id(kind: EnvironmentKind) -> &'static str {
    match kind {
        EnvironmentKind::Mock => "mock",
        EnvironmentKind::Sandbox => "sandbox",
        EnvironmentKind::Test => "test",
        EnvironmentKind::Production => "production",
    }
}

/// An environment as every picker names it (the top bar's, Check signature's): its kind,
/// then its relay upstream without the kind it starts with (`mock-kingdee` → `Mock ·
/// kingdee`, `模拟 · kingdee`), so a mock always says it is one, beside `Production ·
/// kingdee`, and the name stays short enough for the 1024 px top bar. The select's colour
/// shows the kind too.
pub fn env_text(kind: EnvironmentKind, lang: Lang, upstream: &str) -> String {
    let kind_text = env_label(kind).get(lang);
    let id = kind_id(kind);
    let rest = upstream
        .get(..id.len())
        .filter(|head| head.eq_ignore_ascii_case(id))
        .map(|_| upstream[id.len()..].trim_start_matches(['-', '_', ' ', '.']))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(upstream);
    format!("{kind_text} · {rest}")
}

#[component]
pub fn Header() -> impl IntoView {
    let s = use_app();

    let envs = move || {
        let Some(a) = s.api.get() else {
            return Vec::new();
        };
        a.vendor_info().environments.iter().collect::<Vec<_>>()
    };
    let current_env = move || s.env().map(|e| e.id.clone()).unwrap_or_default();
    let env_kind = move || s.env().map(|e| e.kind);

    // Complete = every credential the API needs is there and well-formed, token not expired.
    let creds_ok = move || {
        let (Some(a), Some(set)) = (s.api.get(), s.cred_set()) else {
            return false;
        };
        let vendor = a.vendor.id();
        let fields_ok = a.credential_fields().iter().all(|(f, required)| {
            let v = set.value(&f.name);
            (!required || !v.trim().is_empty())
                && field_problem(vendor, &f.name, v, Lang::En).is_none()
        });
        let token_ok = set.token_expires_ms.is_none_or(|t| t > s.now_ms.get());
        fields_ok && token_ok
    };

    let open_search = use_context::<super::OpenSearch>().map(|o| o.0);
    view! {
        <header class="topbar">
            <div class="brand" data-testid="logo">
                <span class="logo-mark" aria-hidden="true">"✓"</span>
                <span class="logo-text">"countersign"</span>
                <span class="tagline">{move || s.t(T::Tagline)}</span>
            </div>
            // Presenter mode hides the sidebar: this opens the API list over the page.
            <Show when=move || s.presenter.get()>
                <button
                    class="btn ghost api-list-btn"
                    data-testid="presenter-apis"
                    title=move || s.t(T::PresenterApisHint)
                    on:click=move |_| {
                        if let Some(open) = open_search {
                            open.run(());
                        }
                    }
                >
                    {move || s.t(T::PresenterApis)}
                    <kbd>"Ctrl+K"</kbd>
                </button>
            </Show>
            <label
                class="env"
                title=move || match s.env() {
                    Some(e) => format!("{}: {} · {}", s.t(T::Environment), s.t(env_label(e.kind)), e.upstream),
                    None => s.t(T::Environment).to_string(),
                }
            >
                <span class="env-label">{move || s.t(T::Environment)}</span>
                <select
                    data-testid="env-picker"
                    class=move || format!("env-select env-{}", env_kind().map_or("none", kind_id))
                    disabled=move || s.api.get().is_none()
                    prop:value=current_env
                    on:change=move |ev| {
                        if let Some(a) = s.api.get_untracked() {
                            s.set_env(a.vendor.id(), &event_target_value(&ev));
                        }
                    }
                >
                    {move || {
                        let cur = current_env();
                        envs()
                            .into_iter()
                            .map(|e| {
                                let id = e.id.clone();
                                let selected = id == cur;
                                let label = env_text(e.kind, s.lang.get(), &e.upstream);
                                view! {
                                    <option value=id selected=selected>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <button
                class="btn creds-btn"
                data-testid="credentials-button"
                disabled=move || s.api.get().is_none()
                on:click=move |_| s.dialog.set(Some(Dialog::Credentials))
                title=move || {
                    if creds_ok() { s.t(T::CredentialsSet) } else { s.t(T::CredentialsMissing) }
                }
            >
                <span
                    class="dot"
                    class:ok=creds_ok
                    data-testid="credentials-status"
                    data-ok=move || creds_ok().to_string()
                ></span>
                {move || s.t(T::Credentials)}
            </button>
            <div class="spacer"></div>
            <crate::exchange::ImportButton />
            <NavButton to=View::Builder testid="nav-builder" label=T::RequestView />
            <NavButton to=View::History testid="nav-history" label=T::History />
            <NavButton to=View::CheckSignature testid="nav-check-signature" label=T::CheckSignature />
            <DialogButton which=Dialog::Settings testid="nav-settings" label=T::Settings />
            <button
                class="btn ghost lang"
                data-testid="lang-switch"
                title=move || s.t(T::LangSwitchHint)
                on:click=move |_| {
                    s.lang.update(|l| *l = l.other());
                    s.lang_chosen.set(true);
                }
            >
                <span class:on=move || s.lang.get() == crate::i18n::Lang::Zh>"中"</span>
                "/"
                <span class:on=move || s.lang.get() == crate::i18n::Lang::En>"EN"</span>
            </button>
            <button
                class="btn ghost"
                data-testid="presenter-toggle"
                aria-pressed=move || s.presenter.get().to_string()
                class:active=move || s.presenter.get()
                title=move || s.t(T::PresenterHint)
                on:click=move |_| s.presenter.update(|p| *p = !*p)
            >
                {move || s.t(T::Presenter)}
                <kbd>"F8"</kbd>
            </button>
        </header>
    }
}

/// A button of the header that shows one of the middle column's views.
#[component]
fn NavButton(to: View, testid: &'static str, label: T) -> impl IntoView {
    let s = use_app();
    let here = move || s.view.get() == to;
    view! {
        <button
            class="btn ghost"
            data-testid=testid
            class:active=here
            aria-current=move || here().then_some("page")
            on:click=move |_| s.view.set(to)
        >
            {move || s.t(label)}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_said_once_and_a_mock_says_it_is_one() {
        use EnvironmentKind::*;
        for (kind, lang, upstream, want) in [
            (Mock, Lang::En, "mock-kingdee", "Mock · kingdee"),
            (Mock, Lang::Zh, "mock-taobao", "模拟 · taobao"),
            (Mock, Lang::Zh, "Mock-TB", "模拟 · TB"),
            (Mock, Lang::En, "mock", "Mock · mock"),
            (Mock, Lang::En, "class-mock", "Mock · class-mock"),
            (Production, Lang::En, "kingdee", "Production · kingdee"),
            (Test, Lang::Zh, "淘宝", "测试 · 淘宝"),
        ] {
            assert_eq!(env_text(kind, lang, upstream), want);
        }
    }
}
