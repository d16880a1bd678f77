//! The response inspector: status, time and size; the vendor's verdict with the catalog's
//! explanation; the relay's timing; Body (JSON tree with a path filter), Headers and Raw.
//! Relay and network errors are shown in the same place, in words.
//!
//! ```ignore
//! let sender = Sender::new();
//! view! { <Inspector sender api=Signal::derive(move || current_api.get()) outdated lang /> }
//! ```
//!
//! The inspector feature: this view and its parts (`status_text`, `timing_bar`, `tree`,
//! `verdict`), the pure readers behind them (`envelope`, `json_path`, `timing`) and the
//! response column that hosts it (`response_pane`).

pub mod envelope;
pub mod json_path;
pub mod response_pane;
mod status_text;
pub mod timing;
mod timing_bar;
mod tree;
mod verdict;

use countersign_core::catalog::Api;
use leptos::prelude::*;

use crate::i18n::{fill, Lang, T};
use crate::inspector::timing::{format_bytes, format_ms};
use crate::send::outcome::{Exchange, SendError};
use crate::send::Sender;

use crate::ui::{CopyButton, CopyLook};
use timing_bar::TimingBar;
use tree::BodyView;
use verdict::VerdictView;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Body,
    Headers,
    Raw,
}

/// The tab's part of its ids (`insp-3-tab-body`, `insp-3-panel-body`).
fn tab_key(t: Tab) -> &'static str {
    match t {
        Tab::Body => "body",
        Tab::Headers => "headers",
        Tab::Raw => "raw",
    }
}

/// The right-hand pane. `api` is the API the request was built for (for the envelope and
/// the error codes); `None` still shows the answer, without a verdict. `outdated`: what
/// the builder changed since the request this answer is for (`send::answered`).
#[component]
pub fn Inspector(
    sender: Sender,
    #[prop(into)] api: Signal<Option<&'static Api>>,
    #[prop(into)] outdated: Signal<Vec<crate::send::Change>>,
    #[prop(into)] lang: Signal<Lang>,
) -> impl IntoView {
    let result = sender.result();
    // The API the answer belongs to: the one selected when it arrived, so picking another
    // API afterwards does not re-read the old answer against the wrong envelope.
    let api = {
        let answered = Memo::new(move |_| {
            result.track();
            api.get_untracked()
        });
        Signal::derive(move || answered.get())
    };
    let pending = sender.pending();
    let tab = RwSignal::new(Tab::Body);
    // Kept across sends: people resend and want to watch the same field.
    let filter_text = RwSignal::new(String::new());

    let head = move || {
        let l = lang.get();
        let summary = result.with(|r| match r.as_deref() {
            Some(Ok(ex)) => Some(summary_view(ex, refused(api.get(), ex), l).into_any()),
            Some(Err(e)) => Some(error_summary(e, l).into_any()),
            None => None,
        });
        view! {
            <div class="insp-head">
                <span class="insp-title">{T::Response.get(l)}</span>
                {summary}
                <Show when=move || pending.get()>
                    <span class="insp-pending" data-testid="insp-pending">
                        <span class="insp-spinner" aria-hidden="true"></span>
                        {move || T::Sending.get(lang.get())}
                    </span>
                    <button
                        class="insp-btn"
                        data-testid="insp-cancel"
                        on:click=move |_| sender.cancel()
                    >
                        {move || T::Cancel.get(lang.get())}
                    </button>
                </Show>
            </div>
        }
    };

    let content = move || {
        result.with(|r| match r.clone() {
            None => view! {
                <p class="insp-empty" data-testid="insp-empty">
                    {move || T::ResponseEmpty.get(lang.get())}
                </p>
            }
            .into_any(),
            Some(r) => match &*r {
                Err(e) => error_view(e.clone(), lang).into_any(),
                Ok(ex) => {
                    let ex = std::sync::Arc::new(ex.clone());
                    exchange_view(ex, api, lang, tab, filter_text).into_any()
                }
            },
        })
    };

    view! {
        // Only the head line is announced (status, time, "Sending…"): the whole answer
        // read out on every send was a thousand characters.
        <section class="insp" data-testid="inspector" aria-busy=move || pending.get().to_string()>
            <div aria-live="polite">{head}</div>
            // Said while the answer is read, not while a new one is on its way.
            {move || {
                let what = outdated.get();
                if what.is_empty() || pending.get() {
                    return None;
                }
                let kinds = what.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(" ");
                Some(view! {
                    <p class="insp-outdated" data-testid="insp-outdated" data-change=kinds>
                        <span aria-hidden="true">"⚠ "</span>
                        {move || {
                            let l = lang.get();
                            let labels: Vec<&str> = what.iter().map(|c| c.label().get(l)).collect();
                            fill(T::InspOutdated.get(l), &[("what", &crate::i18n::list(&labels, l))])
                        }}
                    </p>
                })
            }}
            <div class="insp-body" class:stale=move || pending.get()>{content}</div>
        </section>
    }
}

/// The vendors answer a refused call with HTTP 200 and the error in the body: a green
/// "200" above the vendor's failure would read as success.
fn refused(api: Option<&'static Api>, ex: &Exchange) -> bool {
    let (Some(api), Some(json)) = (api, ex.json()) else {
        return false;
    };
    crate::inspector::envelope::read_value(api, ex, &json).kind() == "failure"
}

fn status_class(status: u16, refused: bool) -> &'static str {
    match status {
        200..=299 if refused => "plain",
        200..=299 => "ok",
        300..=399 => "redirect",
        _ => "bad",
    }
}

fn summary_view(ex: &Exchange, refused: bool, l: Lang) -> impl IntoView {
    // hyper writes `<none>` as the reason of codes it does not know (Kingdee's 519): the
    // status is named from our own table then, and always in 中文 when the UI speaks it.
    let reason = status_text::status_label(ex.status, &ex.status_text, l);
    let status = format!("{} {reason}", ex.status).trim().to_string();
    let help = status_text::status_help(ex.status, l);
    view! {
        <span
            class=format!("insp-status {}", status_class(ex.status, refused))
            data-testid="insp-status"
            title=help
        >
            {status}
        </span>
        // Each separator wraps with what it precedes: a narrow column must not end a line
        // with a dangling "·".
        <span class="insp-part">
            <span class="insp-sep">"·"</span>
            <span class="insp-metric" data-testid="insp-time" title=T::InspTime.get(l)>
                {format_ms(ex.elapsed_ms)}
            </span>
        </span>
        <span class="insp-part">
            <span class="insp-sep">"·"</span>
            <span class="insp-metric" data-testid="insp-size" title=T::InspSize.get(l)>
                {format_bytes(ex.size)}
            </span>
        </span>
        // Which upstream answered: after a switch from Mock to Production the mock's
        // answer stays on screen, and must not read as production's.
        {upstream_of(&ex.relay_url).map(|u| {
            view! {
                <span class="insp-part">
                    <span class="insp-sep">"·"</span>
                    <span
                        class="insp-metric insp-upstream"
                        class:mock=u.starts_with("mock")
                        data-testid="insp-upstream"
                    >
                        {fill(T::InspAnsweredBy.get(l), &[("u", u)])}
                    </span>
                </span>
            }
        })}
    }
}

/// The relay's upstream name in the URL a request went to (`/relay/mock-taobao?…`, after
/// the relay's origin when it has one); the relay path's shape is the protocol's.
pub(crate) fn upstream_of(relay_url: &str) -> Option<&str> {
    let path = match relay_url.find("://") {
        Some(i) => &relay_url[i + 3 + relay_url[i + 3..].find('/')?..],
        None => relay_url,
    };
    countersign_core::relay_protocol::path::relay_upstream(path)
}

fn error_summary(e: &SendError, l: Lang) -> impl IntoView {
    // Only the relay's errors have an HTTP status; the others never got an answer.
    let status = e.status().map(|s| {
        view! {
            <span class="insp-status bad" data-testid="insp-status">{s}</span>
            <span class="insp-sep">"·"</span>
        }
    });
    let time = e.elapsed_ms().map(|ms| {
        view! {
            <span class="insp-metric" data-testid="insp-time" title=T::InspTime.get(l)>
                {format_ms(ms)}
            </span>
        }
    });
    view! { {status} {time} }
}

fn error_view(e: SendError, lang: Signal<Lang>) -> impl IntoView {
    let kind = e.kind();
    let detail = e.detail().map(str::to_string);
    let timing = e.server_timing().to_vec();
    let elapsed = e.elapsed_ms();
    let e2 = e.clone();
    view! {
        <div class="insp-error" data-testid="insp-error" data-kind=kind role="alert">
            <div class="insp-error-title">{move || e.title(lang.get())}</div>
            <p class="insp-error-text" data-testid="insp-error-explanation">
                {move || e2.explain(lang.get())}
            </p>
            {detail.map(|d| view! { <pre class="insp-mono insp-error-detail">{d}</pre> })}
        </div>
        <TimingBar metrics=timing browser_ms=elapsed upstream_ms=None lang />
    }
}

fn exchange_view(
    ex: std::sync::Arc<Exchange>,
    api: Signal<Option<&'static Api>>,
    lang: Signal<Lang>,
    tab: RwSignal<Tab>,
    filter_text: RwSignal<String>,
) -> impl IntoView {
    let json = ex.json().map(std::sync::Arc::new);
    let verdict = {
        let ex = ex.clone();
        let json = json.clone();
        move || {
            let api = api.get()?;
            let json = json.as_ref()?;
            Some(crate::inspector::envelope::read_value(api, &ex, json))
        }
    };
    // Every pane is drawn (the others hidden), so each tab names its own; ids of this
    // answer's own, as another answer may be drawn beside it.
    let prefix = crate::platform::unique_id("insp");
    let tab_id = {
        let prefix = prefix.clone();
        move |t: Tab| format!("{prefix}-tab-{}", tab_key(t))
    };
    let panel_id = {
        let prefix = prefix.clone();
        move |t: Tab| format!("{prefix}-panel-{}", tab_key(t))
    };
    let tab_button = {
        let (tab_id, panel_id) = (tab_id.clone(), panel_id.clone());
        move |t: Tab, key: T, id: &'static str| {
            view! {
                <button
                    role="tab"
                    class="insp-tab"
                    id=tab_id(t)
                    aria-controls=panel_id(t)
                    class:active=move || tab.get() == t
                    aria-selected=move || (tab.get() == t).to_string()
                    // One Tab stop for the list; the arrows move between the tabs.
                    tabindex=move || crate::platform::focus_trap::tab_stop(tab.get() == t, true)
                    data-testid=id
                    on:click=move |_| tab.set(t)
                >
                    {move || key.get(lang.get())}
                </button>
            }
        }
    };
    let headers = ex.headers.clone();
    let raw = ex.raw();
    let body = ex.body.clone();
    let copy_body = {
        let body = body.clone();
        Signal::derive(move || body.clone())
    };
    view! {
        {move || verdict().map(|v| view! { <VerdictView verdict=v lang /> })}
        <TimingBar
            metrics=ex.server_timing.clone()
            browser_ms=Some(ex.elapsed_ms)
            upstream_ms=ex.upstream_ms()
            lang
        />
        <div class="insp-tabs" role="tablist" data-testid="insp-tabs">
            {tab_button(Tab::Body, T::InspBody, "insp-tab-body")}
            {tab_button(Tab::Headers, T::InspHeaders, "insp-tab-headers")}
            {tab_button(Tab::Raw, T::InspRaw, "insp-tab-raw")}
            <span class="insp-tabs-fill"></span>
            <CopyButton text=copy_body label=T::InspCopyBody lang testid="insp-copy-body" look=CopyLook::Toolbar />
        </div>
        <div class="insp-panel">
            <div class="insp-pane" role="tabpanel" id=panel_id(Tab::Body) aria-labelledby=tab_id(Tab::Body) class:hidden=move || tab.get() != Tab::Body>
                <BodyView json body filter_text lang api=api.get_untracked() />
            </div>
            <div class="insp-pane" role="tabpanel" id=panel_id(Tab::Headers) aria-labelledby=tab_id(Tab::Headers) class:hidden=move || tab.get() != Tab::Headers>
                <table class="insp-headers insp-mono" data-testid="insp-headers">
                    <tbody>
                        {headers
                            .into_iter()
                            .map(|(k, v)| view! { <tr><th>{k}</th><td>{v}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="insp-pane" role="tabpanel" id=panel_id(Tab::Raw) aria-labelledby=tab_id(Tab::Raw) class:hidden=move || tab.get() != Tab::Raw>
                <pre class="insp-raw insp-mono" data-testid="insp-raw">{raw}</pre>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_upstream_is_read_from_the_relay_url() {
        use super::upstream_of;
        assert_eq!(upstream_of("/relay/mock-wdt?sid=1"), Some("mock-wdt"));
        assert_eq!(
            upstream_of("http://127.0.0.1:8080/relay/kingdee/jdy/v2/bd/material"),
            Some("kingdee")
        );
        assert_eq!(upstream_of("/relay/"), None);
        assert_eq!(upstream_of(""), None);
    }
}
