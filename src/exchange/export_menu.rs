//! The export menu on the signature panel: cURL, HAR, the `countersign sign` input
//! (secrets as placeholders unless asked), Python and Node scripts that sign at run
//! time, and the share link. Each export is also shown, so it can be read and copied
//! by hand where the clipboard is not available.

use countersign_core::export::{script, ScriptCredentials, ScriptLanguage};
use countersign_core::{SignRequest, WireRequest};
use leptos::prelude::*;

use super::export::{curl_text, file_name, har, sign_json, wire_has_credential, Secrets};
use super::{current_state, share, sign_input};
use crate::credentials::current::{secret_pairs, secrets_are_mock_demo_values};
use crate::i18n::T;
use crate::platform::{download, page_url};
use crate::state::{use_app, Dialog};
use crate::ui::DialogFrame;

#[derive(Clone, Debug, PartialEq)]
struct Preview {
    /// What was done, e.g. "Copied" / "Downloaded countersign-….py".
    what: String,
    text: String,
}

/// The button on the signature panel. The panel re-renders as the live clock ticks, so
/// the menu itself is a dialog mounted once (by the shell), opened as `Dialog::Export`.
#[component]
pub fn ExportMenu() -> impl IntoView {
    let s = use_app();
    let open = move || s.dialog.get() == Some(Dialog::Export);
    view! {
        <button
            class="btn tiny"
            data-testid="export-menu"
            aria-haspopup="dialog"
            aria-expanded=move || open().to_string()
            on:click=move |_| s.dialog.set((!open()).then_some(Dialog::Export))
        >
            {move || s.t(T::Export)}
            " ▾"
        </button>
    }
}

/// The menu's first action, focused when it opens.
const FIRST_ITEM: &str = "export-curl";

#[component]
pub fn ExportDialog() -> impl IntoView {
    let s = use_app();
    let close = move || s.dialog.set(None);
    let include_secrets = RwSignal::new(false);
    let preview = RwSignal::new(None::<Preview>);

    let signed = move || s.signed.get_untracked().and_then(|r| r.ok());
    let show = move |label: T, text: String, copy: bool| {
        let l = s.lang.get_untracked();
        let what = if copy {
            if crate::platform::copy(&text) {
                format!("{} · {}", label.get(l), T::Copied.get(l))
            } else {
                format!("{} · {}", label.get(l), T::ExportCopyByHand.get(l))
            }
        } else {
            label.get(l).to_string()
        };
        preview.set(Some(Preview { what, text }));
    };
    let api_id = move || {
        s.api
            .get_untracked()
            .map(|a| a.id.clone())
            .unwrap_or_default()
    };
    let title = move || {
        s.api
            .get_untracked()
            .map(|a| {
                format!(
                    "{} · {} / {}",
                    a.vendor_info().short_name.en,
                    a.name.zh,
                    a.name.en
                )
            })
            .unwrap_or_default()
    };

    // The credential values in use, named: an export without secrets replaces them
    // wherever they show up.
    let with_secrets =
        move |f: &mut dyn FnMut(Secrets<'_>)| with_secrets(&s, include_secrets.get_untracked(), f);
    let do_curl = move |_| {
        if let Some(sg) = signed() {
            show(
                T::ExportCurl,
                runnable_curl(&s, &sg.wire, include_secrets.get_untracked()),
                true,
            );
        }
    };
    // The last answer, when there is one: it belongs to the API on screen (switching
    // API clears it); otherwise the request as it would be sent now. In Mock, at the
    // mock's address as the cURL is, so an import of it opens in Mock again.
    let har_text = move || {
        let mut text = None;
        with_secrets(&mut |secrets| {
            let last = s.sender.result().get_untracked();
            text = match last.as_deref() {
                Some(Ok(ex)) => {
                    let wire = super::runnable_wire(&s, &ex.request);
                    Some(har(&wire, ex.sent_at_ms as i64, Some(ex), secrets))
                }
                _ => signed().map(|sg| {
                    let wire = super::runnable_wire(&s, &sg.wire);
                    har(&wire, s.now_ms.get_untracked(), None, secrets)
                }),
            };
        });
        text
    };
    let do_har_copy = move |_| {
        if let Some(t) = har_text() {
            show(T::ExportHarCopy, t, true);
        }
    };
    let do_har_download = move |_| {
        if let Some(t) = har_text() {
            let name = file_name(&api_id(), "har");
            download(&name, "application/json", &t);
            show(T::ExportHarDownload, t, false);
        }
    };
    let input = move || sign_input(&s);
    let do_sign_json = move |_| {
        let (Some(a), Some(Ok(v))) = (s.api.get_untracked(), input()) else {
            return;
        };
        show(
            T::ExportSignJson,
            sign_json(&v, a.vendor, include_secrets.get_untracked()),
            true,
        );
    };
    let do_script = move |language: ScriptLanguage| {
        let Some(Ok(mut v)) = input() else {
            return;
        };
        let mut demo = None;
        if let Some(mock) = super::mock_url(&s) {
            let key = if v.get("gateway").is_some() {
                "gateway"
            } else {
                "base"
            };
            v[key] = serde_json::Value::from(mock);
            // The mock's published demo values hide nothing: written in as defaults, the
            // script runs against the mock as it is (a class's first export used to stop
            // at "set the environment variable TAOBAO_APP_KEY"). Only the demo values: a
            // secret typed in place of one is never written.
            demo = s
                .api
                .get_untracked()
                .map(|a| a.vendor_info().demo_credentials());
        }
        let Ok(req) = SignRequest::from_value(v) else {
            return;
        };
        let credentials = match demo.as_ref().and_then(|d| d.as_object()) {
            Some(values) => ScriptCredentials::DemoDefaults(values),
            None => ScriptCredentials::Environment,
        };
        let text = script(&req, &title(), language, credentials);
        let (ext, mime, label) = match language {
            ScriptLanguage::Python => ("py", "text/x-python", T::ExportPython),
            ScriptLanguage::Node => ("mjs", "text/javascript", T::ExportNode),
        };
        download(&file_name(&api_id(), ext), mime, &text);
        show(label, text, false);
    };
    let do_share = move |_| {
        if let Some(state) = current_state(&s) {
            show(
                T::ExportShare,
                share::link(&page_url(), &state, s.lang.get_untracked()),
                true,
            );
        }
    };

    let title_now = move || {
        s.api
            .get()
            .map(|a| s.lang.get().text(&a.name).to_string())
            .unwrap_or_default()
    };
    let has_credential = move || {
        s.signed
            .with(|r| matches!(r, Some(Ok(sg)) if wire_has_credential(&sg.wire)))
    };
    // In Mock with the demo's published values nothing is hidden (see `export`): said, so
    // "secrets hidden" does not promise what the copy does not do.
    let demo_values = move || {
        s.creds.track();
        s.api.track();
        s.envs.track();
        secrets_are_mock_demo_values(&s)
    };
    // The menu is one Tab stop, as a menu button's menu is: the item last focused (the
    // first on opening); ↑/↓, Home and End move among them (`focus_trap`), Tab goes on to
    // the rest of the panel, Escape closes and gives the focus back to the button.
    let current = RwSignal::new(FIRST_ITEM);
    // A reopened menu starts clean.
    Effect::new(move |_| {
        if s.dialog.get() != Some(Dialog::Export) {
            preview.set(None);
            current.set(FIRST_ITEM);
        }
    });
    let item = move |id: &'static str, label: T, hint: Option<T>, on: Callback<()>| {
        view! {
            <button
                class="sup-menu-item"
                role="menuitem"
                tabindex=move || crate::platform::focus_trap::tab_stop(current.get() == id, true)
                on:focus=move |_| current.set(id)
                data-testid=id
                // The first action takes the focus, not "Include secrets": one Space on a
                // focused checkbox would put secrets into every copy after it.
                data-autofocus=(id == FIRST_ITEM).then_some("")
                title=move || hint.map(|h| s.t(h)).unwrap_or_default()
                on:click=move |_| on.run(())
            >
                {move || s.t(label)}
            </button>
        }
    };

    view! {
        <DialogFrame which=Dialog::Export testid="export-dialog" class="sup-export">
                <div class="dialog-head">
                    <h2 id="export-dialog-title">{move || s.t(T::Export)} " · " {title_now}</h2>
                    <button class="icon-btn" data-testid="export-dismiss" aria-label=move || s.t(T::Close) on:click=move |_| close()>
                        "✕"
                    </button>
                </div>
                // The menu is the actions alone (↑/↓ move among them): the panel also
                // holds a checkbox, notes and a preview, which a menu may not.
                <div class="sup-menu" data-testid="export-panel">
                    <Show when=move || s.signed.with(|r| !matches!(r, Some(Ok(_))))>
                        <p class="sup-warn small">{move || s.t(T::ExportNothing)}</p>
                    </Show>
                    <div class="sup-menu-items" role="menu" aria-labelledby="export-dialog-title">
                        {item("export-curl", T::ExportCurl, None, Callback::new(move |_| do_curl(())))}
                        {item("export-har", T::ExportHarCopy, Some(T::ExportHarHint), Callback::new(move |_| do_har_copy(())))}
                        {item("export-har-download", T::ExportHarDownload, Some(T::ExportHarHint), Callback::new(move |_| do_har_download(())))}
                        {item("export-sign-json", T::ExportSignJson, None, Callback::new(move |_| do_sign_json(())))}
                        {item("export-python", T::ExportPython, Some(T::ExportScriptHint), Callback::new(move |_| do_script(ScriptLanguage::Python)))}
                        {item("export-node", T::ExportNode, Some(T::ExportScriptHint), Callback::new(move |_| do_script(ScriptLanguage::Node)))}
                        {item("share-link", T::ExportShare, Some(T::ExportShareHint), Callback::new(move |_| do_share(())))}
                    </div>
                    <label class="sup-check small">
                        <input
                            type="checkbox"
                            data-testid="export-include-secrets"
                            prop:checked=move || include_secrets.get()
                            on:change=move |ev| include_secrets.set(event_target_checked(&ev))
                        />
                        {move || s.t(T::ExportIncludeSecrets)}
                    </label>
                    <Show when=move || has_credential() && !demo_values()>
                        <p class="muted small" data-testid="export-wire-secret">{move || s.t(T::ExportWireSecret)}</p>
                    </Show>
                    <Show when=demo_values>
                        <p class="muted small" data-testid="export-mock-demo">{move || s.t(T::ExportMockDemo)}</p>
                    </Show>
                    <p class="muted small">{move || s.t(T::ExportScriptHint)} " · " {move || s.t(T::ExportShareHint)}</p>
                    {move || {
                        preview
                            .get()
                            .map(|p| {
                                let lines = p.text.lines().count().clamp(8, 16);
                                view! {
                                    <div class="sup-preview">
                                        <div class="small" data-testid="export-status">{p.what}</div>
                                        <textarea
                                            class="input mono"
                                            readonly
                                            rows=lines.to_string()
                                            data-testid="export-preview"
                                            prop:value=p.text
                                        ></textarea>
                                    </div>
                                }
                            })
                    }}
                    <div class="dialog-actions">
                        <span class="spacer"></span>
                        <button class="btn small" data-testid="export-close" on:click=move |_| close()>
                            {move || s.t(T::Close)}
                        </button>
                    </div>
                </div>
        </DialogFrame>
    }
}

/// The cURL command for `wire` as something outside the page runs it (in Mock, against
/// the mock): with every secret when `include`, else each one a `<placeholder>`. The
/// export menu's cURL and the signature panel's Copy cURL are this.
pub fn runnable_curl(s: &crate::state::AppState, wire: &WireRequest, include: bool) -> String {
    let mut text = String::new();
    with_secrets(s, include, &mut |secrets| {
        text = curl_text(&super::runnable_wire(s, wire), secrets);
    });
    text
}

/// cURL and HAR alike: every secret when `include` (or when all are the mock's public demo
/// values), else each credential value of the current environment replaced wherever it
/// shows up.
fn with_secrets(s: &crate::state::AppState, include: bool, f: &mut dyn FnMut(Secrets<'_>)) {
    let values = secret_pairs(s);
    if include || secrets_are_mock_demo_values(s) {
        return f(Secrets::Include);
    }
    let named: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    f(Secrets::Hide(&named));
}
