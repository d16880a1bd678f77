//! The request column: the API's title and Send, the Form/JSON tabs, the signature panel.

use leptos::prelude::*;

use crate::builder::raw_json::RawJson;
use crate::builder::{Builder, FindingsList};
use crate::i18n::{count, fill, T};
use crate::signature::SignaturePanel;
use crate::state::{use_app, Dialog, Tab};
use crate::ui::DialogFrame;

#[component]
pub fn RequestPane() -> impl IntoView {
    let s = use_app();
    view! {
        {move || match s.api.get() {
            None => view! {
                <div class="empty-state" data-testid="no-api">
                    <p>{move || s.t(T::NoApi)}</p>
                </div>
            }
            .into_any(),
            Some(_) => {
                // The request tab's panel is everything under the strip; the Form / JSON
                // panel is the editor. Ids of their own, named by their tabs.
                let request_panel = crate::platform::unique_id("request-panel");
                let ids = TabIds::new();
                let tabs = crate::saved::use_tabs();
                view! {
                    <div class="request">
                        <crate::saved::RequestTabs panel=request_panel.clone() />
                        <div
                            class="request-panel"
                            role="tabpanel"
                            id=request_panel
                            aria-labelledby=move || format!("request-tab-{}", tabs.on_screen())
                        >
                            <RequestHead />
                            <Tabs ids=ids.clone() />
                            <div
                                class="editor"
                                data-testid="editor"
                                role="tabpanel"
                                id=ids.panel.clone()
                                aria-labelledby=move || ids.tab(s.tab.get())
                            >
                                {move || match s.tab.get() {
                                    Tab::Form => view! { <Builder /> }.into_any(),
                                    Tab::Json => view! { <RawJson /> }.into_any(),
                                }}
                            </div>
                            <crate::signature::split::Splitter />
                            <SignaturePanel />
                        </div>
                    </div>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn RequestHead() -> impl IntoView {
    let s = use_app();
    let api = move || s.api.get();
    let title = move || {
        let a = api()?;
        let l = s.lang.get();
        let vendor = a.vendor_info();
        Some(format!(
            "{} · {}",
            l.pick(&vendor.short_name.zh, &vendor.short_name.en),
            l.pick(&a.name.zh, &a.name.en)
        ))
    };
    // In English, the vendor's Chinese name beside ours: the name its docs and support
    // use. Not the English beside a Chinese one: it only crowded a 中文 screen (and a
    // projector at 1024 px) with words its readers did not need.
    // A custom request's 中文 name is the app's words, not the vendor's: none beside it.
    let other_name = move || {
        let a = api()?;
        (s.lang.get() == crate::i18n::Lang::En && a.name.zh != a.name.en && !a.is_custom())
            .then(|| a.name.zh.clone())
    };
    let summary = move || {
        let a = api()?;
        Some(s.lang.get().pick(&a.summary.zh, &a.summary.en).to_string())
    };
    let doc_url = move || api().and_then(|a| a.doc_url.clone());
    // A custom request calls what its document names.
    let endpoint = Memo::new(move |_| {
        let a = api()?;
        Some(
            s.doc
                .with(|d| countersign_core::catalog::endpoint_of(a, &d.doc)),
        )
    });
    let endpoint = move || endpoint.get();
    view! {
        <div class="request-head">
            <div class="titles">
                // Clamped on a short screen: the whole name is one hover away.
                <h1
                    data-testid="api-title"
                    title=move || {
                        [title(), other_name()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
                    }
                >
                    {title}
                    <span class="other-name" lang="zh-CN">{other_name}</span>
                </h1>
                <div class="endpoint-line">
                    <Show when=move || endpoint().is_some_and(|e| !e.0.is_empty())>
                        <span class="method-badge" data-testid="api-method">{move || endpoint().map(|e| e.0)}</span>
                    </Show>
                    <code data-testid="api-endpoint" title=move || endpoint().map(|e| e.1)>
                        {move || endpoint().map(|e| e.1)}
                    </code>
                    {move || {
                        doc_url()
                            .map(|u| {
                                view! {
                                    <a class="doc-link" href=u target="_blank" rel="noopener noreferrer">
                                        {move || s.t(T::DocLink)}
                                        " ↗"
                                    </a>
                                }
                            })
                    }}
                </div>
                <p class="summary muted" title=summary>{summary}</p>
            </div>
            <div class="send-col">
                <div class="send-row">
                    // Send stays at the right edge, above its hints.
                    <crate::saved::SaveButton />
                    <SendButton />
                </div>
                <crate::credentials::send_hint::MissingCredentials />
            </div>
        </div>
    }
}

#[component]
pub fn SendButton() -> impl IntoView {
    let s = use_app();
    let notice = crate::ui::use_notice();
    let pending = s.sender.pending();
    let errors = Memo::new(move |_| s.error_count());
    let errors = move || errors.get();
    // Read in place: `get` would clone the signed request (a 100-row body is 80 KB).
    let can_sign = move || s.signed.with(|x| matches!(x, Some(Ok(_))));
    // One button throughout, not a Send swapped for a Sending one: the button a person
    // pressed (Enter on it, or a click) keeps the focus while the answer comes and after.
    // While sending it only says so (`aria-disabled`: a disabled button drops the focus);
    // a second press is ignored by `request_send`.
    view! {
        <div class="send-box">
            <button
                class="btn primary send"
                class:sending=move || pending.get()
                id="send"
                data-testid="send"
                data-errors=move || errors().to_string()
                // Not `disabled` when it cannot sign either: a click then says why in a
                // notice (a disabled button swallowed it, leaving only its tooltip).
                class:blocked=move || !can_sign() && !pending.get()
                aria-disabled=move || (pending.get() || !can_sign()).then_some("true")
                aria-busy=move || pending.get().then_some("true")
                // A disabled button says why (a missing credential, a bad pin…).
                // Every missing credential, as the hint beside it says, not
                // only the first one the signer stopped at.
                title=move || s.signed.with(|x| match x {
                    _ if pending.get() => s.t(T::Sending).to_string(),
                    Some(Err(p)) if p.is_credential() => {
                        crate::credentials::send_hint::missing_text(s)
                            .unwrap_or_else(|| p.message(s.lang.get()))
                    }
                    Some(Err(p)) => p.message(s.lang.get()),
                    _ => s.t(T::SendShortcut).to_string(),
                })
                on:click=move |_| s.request_send(notice)
            >
                <Show
                    when=move || pending.get()
                    fallback=move || view! {
                        {move || s.t(T::Send)}
                        <Show when=move || { errors() > 0 }>
                            <span class="badge err" data-testid="send-error-count">
                                {errors}
                            </span>
                        </Show>
                        <kbd>"Ctrl ↵"</kbd>
                    }
                >
                    <span class="spinner" aria-hidden="true"></span>
                    {move || s.t(T::Sending)}
                </Show>
            </button>
            <Show when=move || pending.get()>
                <button
                    class="btn"
                    data-testid="cancel-send"
                    on:click=move |_| s.sender.cancel()
                >
                    {move || s.t(T::Cancel)}
                </button>
            </Show>
        </div>
    }
}

/// The ids of the Form / JSON tabs and their one panel (the editor, which shows the chosen
/// tab's content only).
#[derive(Clone)]
struct TabIds {
    prefix: String,
    panel: String,
}

impl TabIds {
    fn new() -> Self {
        let prefix = crate::platform::unique_id("request-editor");
        let panel = format!("{prefix}-panel");
        TabIds { prefix, panel }
    }

    fn tab(&self, t: Tab) -> String {
        match t {
            Tab::Form => format!("{}-form", self.prefix),
            Tab::Json => format!("{}-json", self.prefix),
        }
    }
}

#[component]
fn Tabs(ids: TabIds) -> impl IntoView {
    let s = use_app();
    let notice = crate::ui::use_notice();
    let list_open = RwSignal::new(false);
    let counts = move || {
        // Rows held out of the document (a repeated name) are errors too.
        let held = s.held_rows_list().len();
        s.findings.with(|f| {
            let e = f.iter().filter(|x| x.is_error()).count();
            (e + held, f.len() - e)
        })
    };
    // Drawn again when the JSON breaks or mends, not on each keystroke.
    let broken = s.json_broken;
    // A page imported without a usable sample has nothing to fill in: the button would
    // only have emptied the form.
    let no_example = move || !s.api.with(|a| a.is_some_and(|a| has_example(&a.example)));
    let tab = move |t: Tab, label: T, id: &'static str| {
        let panel = ids.panel.clone();
        view! {
            <button
                role="tab"
                class="tab"
                id=ids.tab(t)
                // Only the chosen tab's content is drawn: the other tab controls nothing
                // that is on the page.
                aria-controls=move || (s.tab.get() == t).then(|| panel.clone())
                data-testid=id
                class:active=move || s.tab.get() == t
                aria-selected=move || (s.tab.get() == t).to_string()
                // One Tab stop for the list; the arrows move between the tabs.
                tabindex=move || crate::platform::focus_trap::tab_stop(s.tab.get() == t, true)
                on:click=move |_| s.tab.set(t)
            >
                {move || s.t(label)}
            </button>
        }
    };
    view! {
        <div class="tabs-row">
            <div class="tabs" role="tablist">
                {tab(Tab::Form, T::Form, "tab-form")}
                {tab(Tab::Json, T::RawJson, "tab-json")}
            </div>
            <button
                type="button"
                class="validation-summary"
                data-testid="validation-summary"
                title=move || s.t(T::FindingsTitle)
                aria-expanded=move || list_open.get().to_string()
                on:click=move |_| list_open.update(|o| *o = !*o)
            >
                {move || {
                    let (e, w) = counts();
                    let l = s.lang.get();
                    if broken.get() {
                        view! { <span class="err">"✗ " {s.t(T::JsonInvalid)}</span> }.into_any()
                    } else if e == 0 && w == 0 {
                        view! { <span class="ok">"✓ " {s.t(T::ValidationClean)}</span> }
                            .into_any()
                    } else {
                        // Only the counts there are: "0 warnings" beside an error pushed
                        // Clear out of a 1024 px presenter screen.
                        view! {
                            {(e > 0).then(|| view! { <span class="err">{count(e, T::ErrorOne, T::Errors, l)}</span> })}
                            {(w > 0).then(|| view! { <span class="warn">{count(w, T::WarningOne, T::Warnings, l)}</span> })}
                        }
                            .into_any()
                    }
                }}
            </button>
            <div class="doc-actions">
                <button
                    class="btn small"
                    data-testid="fill-example"
                    disabled=no_example
                    title=move || no_example().then(|| s.t(T::NoDocExample))
                    on:click=move |_| {
                        if let Some(a) = s.api.get_untracked() {
                            let said = if a.is_custom() { T::CustomExampleFilled } else { T::ExampleFilled };
                            replace_doc(s, notice, a.example.clone(), said);
                        }
                    }
                >
                    // A custom request has no doc page: its example is ours.
                    {move || {
                        let custom = s.api.with(|a| a.is_some_and(|a| a.is_custom()));
                        s.t(if custom { T::FillCustomExample } else { T::FillExample })
                    }}
                </button>
                <button
                    class="btn small"
                    data-testid="clear"
                    on:click=move |_| replace_doc(s, notice, serde_json::json!({}), T::FormCleared)
                >
                    {move || s.t(T::Clear)}
                </button>
            </div>
        </div>
        <FindingsList open=list_open />
    }
}

/// Puts `doc` in place of the document on screen (Clear, the doc example), said with an
/// Undo when that loses what was typed: one click must not wipe a filled form.
fn replace_doc(
    s: crate::state::AppState,
    notice: RwSignal<Option<crate::ui::Notice>>,
    doc: serde_json::Value,
    said: T,
) {
    let Some(api) = s.api.get_untracked() else {
        return;
    };
    crate::exchange::replaced::note(&s, api, &doc);
    s.doc.update(|d| d.replace(doc));
    s.form_replaced.notify();
    // Said only when there is something to undo: a starter or empty form goes quietly.
    if let Some(undo) = crate::exchange::replaced::undo_action(s) {
        notice.set(Some(crate::ui::Notice::done(said).with_undo(Some(undo))));
    }
}

/// How many of the errors the send-anyway dialog names.
const SEND_ANYWAY_SHOWN: usize = 5;

/// "n validation errors — send anyway?"
#[component]
pub fn SendAnywayDialog() -> impl IntoView {
    let s = use_app();
    view! {
        <DialogFrame which=Dialog::SendAnyway testid="send-anyway-dialog" class="small" alert=true>
                <p id="send-anyway-dialog-title">
                    {move || {
                        let n = s.error_count();
                        let text = if n == 1 { T::SendBlockedOne } else { T::SendBlocked };
                        fill(s.t(text), &[("n", &n.to_string())])
                    }}
                </p>
                // Which errors, so the choice is an informed one (a few; the list beside
                // the tabs has them all).
                <ul class="send-anyway-list" data-testid="send-anyway-list">
                    {move || {
                        let l = s.lang.get();
                        // (Broken JSON never gets here: Send says so in a notice.)
                        let lines: Vec<(String, String)> = s.findings.with(|f| {
                            f.iter()
                                .filter(|x| x.is_error())
                                .map(|x| (x.path.clone(), x.message(l).to_string()))
                                .collect()
                        });
                        let more = lines.len().saturating_sub(SEND_ANYWAY_SHOWN);
                        lines
                            .into_iter()
                            .take(SEND_ANYWAY_SHOWN)
                            .map(|(path, msg)| {
                                view! { <li><code class="finding-path">{path}</code>" "{msg}</li> }
                                    .into_any()
                            })
                            .chain((more > 0).then(|| {
                                view! { <li class="muted">{fill(s.t(T::SendBlockedMore), &[("n", &more.to_string())])}</li> }
                                    .into_any()
                            }))
                            .collect_view()
                    }}
                </ul>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| s.dialog.set(None)>
                        {move || s.t(T::Cancel)}
                    </button>
                    <button
                        class="btn danger"
                        data-testid="send-anyway"
                        autofocus=true
                        on:click=move |_| {
                            s.dialog.set(None);
                            s.send_now();
                        }
                    >
                        {move || s.t(T::SendAnyway)}
                    </button>
                </div>
        </DialogFrame>
    }
}

/// Whether an API's example has anything in it to fill in.
fn has_example(example: &serde_json::Value) -> bool {
    match example {
        serde_json::Value::Null => false,
        serde_json::Value::Object(o) => !o.is_empty(),
        serde_json::Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}
