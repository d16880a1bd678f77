//! Import a request (cURL, URL with its body, HAR entry or log): shows what was
//! recognised — vendor, API, environment, pins, identifiers — and fills the builder.

use countersign_core::Localise;
use leptos::prelude::*;

use super::import::{self, Plan};
use super::use_exchange;
use crate::credentials::current::cred_set;
use crate::credentials::current::vendor_env;
use crate::i18n::{fill, T};
use crate::layout::header::env_text;
use crate::state::{use_app, Dialog};
use crate::ui::{use_notice, DialogButton, DialogFrame, Notice, PasteBox};

/// Opens the import dialog; for the header.
#[component]
pub fn ImportButton() -> impl IntoView {
    view! { <DialogButton which=Dialog::Import testid="import-open" label=T::Import title=T::ImportHint /> }
}

#[component]
pub fn ImportDialog() -> impl IntoView {
    let s = use_app();
    let ex = use_exchange();
    let notice = use_notice();
    let use_ids = RwSignal::new(false);
    // A HAR log with several API calls: the one picked is imported.
    let pick = RwSignal::new(0usize);
    let (calls, request) = crate::check::har_request(ex.import_text, pick);
    let plan = Memo::new(move |_| {
        request.with(|t| {
            (!t.trim().is_empty()).then(|| {
                let envs = s.envs.get();
                import::plan(t, |v| envs.get(v.id()).cloned()).map(PlanView)
            })
        })
    });
    let close = move || s.dialog.set(None);
    let apply = move || {
        let Some(Ok(PlanView(p))) = plan.get_untracked() else {
            return;
        };
        // A captured request is a request of its own, opened as a share link is.
        let api = p.api;
        let tabs = crate::saved::use_tabs();
        let in_new_tab = super::open_in_own_tab(&s, tabs, api, &p.state);
        // What the signature panel says of the capture's own signature.
        ex.capture.set(Some(super::ImportedCapture {
            tab: tabs.on_screen_untracked(),
            api: api.id.clone(),
            text: request.get_untracked(),
        }));
        if use_ids.get_untracked() && !p.identifiers.is_empty() {
            let env = vendor_env(
                api.vendor,
                Some(&p.state.environment),
                &s.envs.get_untracked(),
            );
            s.creds.update(|c| {
                let mut set = cred_set(c, api, env);
                for (k, v) in &p.identifiers {
                    set.set(k, v.clone());
                }
                c.put(api.vendor.id(), &env.id, set);
            });
        }
        let done = if in_new_tab {
            T::ImportDoneTab
        } else {
            T::ImportDone
        };
        // A custom request is named by what it calls, as its tab is.
        let document = p.state.document.clone();
        notice.set(Some(
            Notice::done_in(move |l: crate::i18n::Lang| {
                let name = crate::custom::short_title(api, &document, l);
                fill(done.get(l), &[("api", &name)])
            })
            .with_undo(super::replaced::undo_action(s)),
        ));
        close();
    };
    Effect::new(move |_| {
        if s.dialog.get() == Some(Dialog::Import) {
            request_animation_frame(|| crate::platform::focus("import-input"));
        }
    });
    view! {
        <DialogFrame which=Dialog::Import testid="import-dialog" class="sup-import" on_submit=Callback::new(move |()| apply())>
                <div class="dialog-head">
                    <h2 id="import-dialog-title">{move || s.t(T::ImportTitle)}</h2>
                    <button class="icon-btn" data-testid="import-close" aria-label=move || s.t(T::Close) on:click=move |_| close()>
                        "✕"
                    </button>
                </div>
                <p class="muted small">{move || s.t(T::ImportHint)}</p>
                <PasteBox text=ex.import_text id="import-input" testid="import-input" rows=8 placeholder=T::CheckPaste />
                <crate::check::HarPick calls pick />
                {move || match plan.get() {
                    None => ().into_any(),
                    Some(Err(msg)) => view! {
                        <div class="sup-error" data-testid="import-error" role="alert">
                            {crate::ui::code_text(&fill(s.t(T::ImportError), &[("msg", &msg.localise(s.lang.get()))]))}
                        </div>
                    }
                    .into_any(),
                    Some(Ok(PlanView(p))) => summary(p, use_ids).into_any(),
                }}
                <div class="dialog-actions">
                    // The builder re-signs with this browser's credentials; whether the
                    // captured signature itself holds is the Check signature page's question.
                    <button
                        class="btn"
                        data-testid="import-check"
                        title=move || s.t(T::ImportCheckTitle)
                        disabled=move || !matches!(plan.get(), Some(Ok(_)))
                        on:click=move |_| {
                            // The call picked, not the whole log.
                            crate::check::paste(request.get_untracked());
                            close();
                            s.view.set(crate::state::View::CheckSignature);
                        }
                    >
                        {move || s.t(T::ImportCheck)}
                    </button>
                    <span class="spacer"></span>
                    <button class="btn" data-testid="import-cancel" on:click=move |_| close()>{move || s.t(T::Cancel)}</button>
                    <button
                        class="btn primary"
                        data-testid="import-apply"
                        disabled=move || !matches!(plan.get(), Some(Ok(_)))
                        on:click=move |_| apply()
                    >
                        {move || s.t(T::ImportApply)}
                    </button>
                </div>
        </DialogFrame>
    }
}

/// `Plan` compared by its state, so the memo settles.
#[derive(Clone, Debug)]
struct PlanView(Plan);

impl PartialEq for PlanView {
    fn eq(&self, other: &Self) -> bool {
        self.0.state == other.0.state
            && self.0.identifiers == other.0.identifiers
            && self.0.env_matched == other.0.env_matched
    }
}

fn summary(p: Plan, use_ids: RwSignal<bool>) -> impl IntoView {
    let s = use_app();
    let l = s.lang.get();
    let api = p.api;
    let env = api.vendor_info().environment(&p.state.environment);
    let env_name = env
        .map(|e| env_text(e.kind, l, &e.upstream))
        .unwrap_or_default();
    // Shown as the options' JSON names (`nonce = 42`), in the type's order.
    let pins: Vec<(String, String)> = serde_json::to_value(&p.state.options)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let mut text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            // 旺店通 and Kingdee write a number: said with the Beijing time it stands for.
            if k == "timestamp" && !text.contains(' ') {
                if let Some(ms) = crate::signature::time_helpers::pinned_ms(api.vendor, &text) {
                    text = format!(
                        "{text} ({})",
                        countersign_core::clock::beijing_shown(ms, 0..19)
                    );
                }
            }
            (k.clone(), text)
        })
        .collect();
    let differs = env.is_some_and(|e| {
        let current = s.creds.with_untracked(|c| cred_set(c, api, e));
        p.identifiers.iter().any(|(k, v)| current.value(k) != v)
    });
    let unmatched = (!p.env_matched).then(|| {
        fill(
            T::ImportEnvUnmatched.get(l),
            &[("base", &p.base), ("env", &env_name)],
        )
    });
    let ids = p.identifiers.clone();
    view! {
        <dl class="sup-plan" data-testid="import-summary" data-api=api.id.clone() data-env=p.state.environment.clone()>
            <dt>{T::ImportRecognised.get(l)}</dt>
            <dd>
                <strong>{l.text(&api.vendor_info().short_name).to_string()}</strong>
                " · " {l.text(&api.name).to_string()} " · "
                <code>{countersign_core::catalog::endpoint_line(api, &p.state.document)}</code>
            </dd>
            <dt>{T::Environment.get(l)}</dt>
            <dd>{env_name.clone()}</dd>
            {(!pins.is_empty()).then(|| view! {
                <dt>{T::ImportPins.get(l)}</dt>
                <dd class="mono small" data-testid="import-pins">
                    {pins.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(" · ")}
                </dd>
            })}
            {(!ids.is_empty()).then(|| view! {
                <dt>{T::ImportIdentifiers.get(l)}</dt>
                <dd class="mono small">
                    {ids.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(" · ")}
                </dd>
            })}
        </dl>
        {unmatched.map(|u| view! { <p class="sup-warn small" data-testid="import-env-unmatched">{u}</p> })}
        {(!p.missing.is_empty()).then(|| {
            let quoted: Vec<String> = p.missing.iter().map(|n| format!("`{n}`")).collect();
            let names = crate::i18n::list(&quoted, l);
            view! {
                <p class="sup-warn small" data-testid="import-missing">
                    {crate::ui::code_text(&fill(T::ImportMissing.get(l), &[("names", &names)]))}
                </p>
            }
        })}
        {differs.then(|| view! {
            <label class="sup-check small">
                <input
                    type="checkbox"
                    data-testid="import-identifiers"
                    prop:checked=move || use_ids.get()
                    on:change=move |ev| use_ids.set(event_target_checked(&ev))
                />
                {fill(T::ImportUseIdentifiers.get(l), &[("env", &env_name)])}
            </label>
        })}
    }
}
