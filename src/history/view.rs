//! The history of sent requests: searchable, each restorable into the builder (with its
//! answer in the inspector) or deletable. Stored without credentials.

use countersign_core::Localise;
use leptos::prelude::*;

use super::state::{restore_entry, save, use_history};
use crate::history::{Entry, LIMIT};
use crate::i18n::{fill, Lang, T};
use crate::state::use_app;
use crate::ui::{notice_on_error, use_notice, Notice, UndoAction};

#[component]
pub fn HistoryView() -> impl IntoView {
    let s = use_app();
    let h = use_history();
    let notice = use_notice();
    let selected = RwSignal::new(None::<u64>);
    let confirm_clear = RwSignal::new(false);
    let total = move || h.entries.with(|h| h.entries.len());
    let items = move || {
        let q = h.query.get();
        h.entries
            .with(|h| h.search(&q).into_iter().cloned().collect::<Vec<_>>())
    };
    // A delete is said with an Undo: one click must not lose a recorded exchange.
    let delete = move |id: u64| {
        let Some(entry) = h.entries.try_update(|h| h.delete(id)).flatten() else {
            return;
        };
        save(h);
        let when = countersign_core::clock::beijing_shown(entry.at_ms as i64, 5..19);
        let undo = UndoAction::new(move || {
            h.entries.update(|list| list.put_back(entry.clone()));
            save(h);
        });
        let said = move |l| fill(T::HistoryDeleted.get(l), &[("t", &when)]);
        notice.set(Some(Notice::done_in(said).with_undo(Some(undo))));
    };
    let restore = move |id: u64| {
        let Some(entry) = h.entries.with_untracked(|h| h.get(id).cloned()) else {
            return;
        };
        let l = s.lang.get_untracked();
        // Unsaved edits to a saved request stay in their tab; the entry opens beside them.
        let beside = crate::saved::unsaved_on_screen(&s)
            .filter(|_| crate::saved::use_tabs().open_new(&s, None, None));
        let restored = notice_on_error(notice, restore_entry(&s, &entry), |e| e.localise(l));
        // The history view is gone: the focus would fall to the page's start, so a
        // keyboard user lands on Send (the builder renders on this tick).
        if restored.is_some() {
            set_timeout(
                || crate::platform::focus("send"),
                std::time::Duration::from_millis(0),
            );
        }
        let when = countersign_core::clock::beijing_shown(entry.at_ms as i64, 5..19);
        if let (Some(()), Some(other)) = (restored, beside) {
            let said = move |l| {
                fill(
                    T::HistoryRestoredBeside.get(l),
                    &[("t", &when), ("other", &other)],
                )
            };
            notice.set(Some(Notice::done_in(said)));
        } else if let (Some(()), Some(undo)) = (restored, crate::exchange::replaced::undo_action(s))
        {
            // Said only when the restore replaced unsaved work, with the Undo that puts it back.
            let said = move |l| fill(T::HistoryRestored.get(l), &[("t", &when)]);
            notice.set(Some(Notice::done_in(said).with_undo(Some(undo))));
        }
    };
    view! {
        <div class="sup-view history-view" data-testid="history-view">
            <crate::layout::route::BackToBuilder />
            <div class="sup-head">
                <h2>{move || s.t(T::History)}</h2>
                <p class="muted small" data-testid="history-count">
                    {move || {
                        let count = fill(
                            s.t(T::HistoryCount),
                            &[("n", &total().to_string()), ("max", &LIMIT.to_string())],
                        );
                        // While searching, how many of them the list shows.
                        if h.query.with(|q| q.trim().is_empty()) {
                            return count;
                        }
                        let shown = fill(s.t(T::HistoryShown), &[("shown", &items().len().to_string())]);
                        format!("{shown} · {count}")
                    }}
                </p>
            </div>
            <div class="sup-row">
                <input
                    class="input sup-grow"
                    type="search"
                    data-testid="history-search"
                    // Short enough for the column at 1024 px; the whole list on hover.
                    placeholder=move || s.t(T::HistorySearchShort)
                    title=move || s.t(T::HistorySearch)
                    aria-label=move || s.t(T::HistorySearch)
                    prop:value=move || h.query.get()
                    on:input=move |ev| h.query.set(event_target_value(&ev))
                />
                <Show
                    when=move || confirm_clear.get()
                    fallback=move || {
                        view! {
                            <button
                                class="btn"
                                data-testid="history-clear"
                                disabled=move || total() == 0
                                on:click=move |_| confirm_clear.set(true)
                            >
                                {move || s.t(T::HistoryClear)}
                            </button>
                        }
                    }
                >
                    <span class="small">
                        {move || fill(s.t(T::HistoryClearConfirm), &[("n", &total().to_string())])}
                    </span>
                    <button
                        class="btn danger"
                        data-testid="history-clear-confirm"
                        on:click=move |_| {
                            h.entries.update(|h| h.clear());
                            save(h);
                            confirm_clear.set(false);
                        }
                    >
                        {move || s.t(T::HistoryClear)}
                    </button>
                    <button class="btn" data-testid="history-clear-cancel" on:click=move |_| confirm_clear.set(false)>
                        {move || s.t(T::Cancel)}
                    </button>
                </Show>
            </div>
            {move || {
                let list = items();
                if list.is_empty() {
                    let words = if total() == 0 { T::HistoryEmpty } else { T::HistoryNoMatch };
                    return view! { <p class="muted" data-testid="history-empty">{s.t(words)}</p> }
                        .into_any();
                }
                let l = s.lang.get();
                view! {
                    <ul class="sup-history" data-testid="history-list">
                        {list
                            .into_iter()
                            .map(|e| item(e, l, selected, restore, delete))
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}

/// The vendor's verdict as the inspector reads it: `success`, `failure` or `unknown`,
/// and its label (`status 7`); transport errors are `bad`.
fn verdict_of(e: &Entry) -> (&'static str, Option<String>) {
    let (Some(api), Some(ex)) = (countersign_core::catalog::find(&e.api), e.exchange()) else {
        return ("bad", None);
    };
    let http_ok = (200..300).contains(&ex.status);
    match ex
        .json()
        .map(|body| crate::inspector::envelope::read_value(api, &ex, &body))
    {
        Some(v) if v.kind() == "success" => ("ok", None),
        Some(v) if v.kind() == "failure" => ("warn", v.label),
        _ if http_ok => ("ok", None),
        _ => ("warn", None),
    }
}

fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let path = path.split('?').next().unwrap_or(path);
    path.to_string()
}

fn item(
    e: Entry,
    l: Lang,
    selected: RwSignal<Option<u64>>,
    restore: impl Fn(u64) + Copy + 'static,
    delete: impl Fn(u64) + Copy + 'static,
) -> impl IntoView {
    let id = e.id;
    let api = countersign_core::catalog::find(&e.api);
    let title = api.map_or_else(
        || e.api.clone(),
        |a| {
            let title = format!(
                "{} · {}",
                l.text(&a.vendor_info().short_name),
                l.text(&a.name)
            );
            // A custom request is told apart by what it called.
            if a.is_custom() {
                let (_, endpoint) = countersign_core::catalog::endpoint_of(a, &e.state().document);
                format!("{title} · {endpoint}")
            } else {
                title
            }
        },
    );
    // Beijing time, as the inspector and the pins show it; first in the line, so a narrow
    // list cuts the path rather than the time.
    let when = countersign_core::clock::beijing_shown(e.at_ms as i64, 5..19);
    let preview = crate::history::preview::preview(&e.document);
    let elapsed = e
        .response
        .as_ref()
        .map(|r| crate::inspector::timing::format_ms(r.elapsed_ms))
        .unwrap_or_default();
    let status = e.status_label();
    let error_title = e.error_title(l).map(str::to_string);
    let (class, label) = verdict_of(&e);
    let is_open = move || selected.get() == Some(id);
    let detail = e.clone();
    view! {
        <li class="sup-history-item" class:open=is_open data-testid="history-item" data-id=id.to_string() data-api=e.api.clone()>
            <div class="sup-history-line">
                <button
                    class="sup-history-main"
                    data-testid="history-toggle"
                    aria-expanded=move || is_open().to_string()
                    on:click=move |_| selected.update(|cur| *cur = if *cur == Some(id) { None } else { Some(id) })
                >
                    // Stacked: a vendor's code under the status leaves the title its width.
                    <span class="sup-history-badges">
                        <span class=format!("sup-status {class}") data-testid="history-status" data-kind=class>{status}</span>
                        // A break allowed after each dot: `error_response.` over `code 31`.
                        {label.map(|l| {
                            let parts: Vec<String> = l.split_inclusive('.').map(str::to_string).collect();
                            view! {
                                <span class="sup-status warn">
                                    {parts.into_iter().map(|p| view! { {p}<wbr /> }).collect_view()}
                                </span>
                            }
                        })}
                    </span>
                    <span class="sup-history-text">
                        <span class="sup-history-title">{title}</span>
                        <span class="sup-history-sub muted small">
                            {format!("{when} · ")}
                            <code>{format!("{} {}", e.request.method, path_of(&e.request.url))}</code>
                            {(!elapsed.is_empty()).then(|| format!(" · {elapsed}"))}
                        </span>
                        <span class="sup-history-sub small" data-testid="history-preview">{preview}</span>
                    </span>
                </button>
                <button
                    class="btn small"
                    data-testid="history-restore"
                    title=T::HistoryRestore.get(l)
                    on:click=move |_| restore(id)
                >
                    {T::HistoryRestore.get(l)}
                </button>
                <button
                    class="icon-btn danger"
                    data-testid="history-delete"
                    title=T::HistoryDelete.get(l)
                    aria-label=T::HistoryDelete.get(l)
                    on:click=move |_| delete(id)
                >
                    "✕"
                </button>
            </div>
            <Show when=is_open>
                {detail_view(detail.clone(), error_title.clone(), l)}
            </Show>
        </li>
    }
}

fn detail_view(e: Entry, error_title: Option<String>, l: Lang) -> impl IntoView {
    let headers = e
        .request
        .headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let request = format!(
        "{} {}\n{headers}{}{}",
        e.request.method,
        e.request.url,
        if e.request.body.is_empty() {
            ""
        } else {
            "\n\n"
        },
        e.request.body
    );
    let response = e.response.as_ref().map(|r| {
        let body = pretty(&r.body);
        let note = r.truncated.then(|| T::HistoryTruncated.get(l));
        view! {
            <div class="sup-diff-title">
                {T::HistoryResponse.get(l)} " · " {format!("{} {}", r.status, r.status_text)}
                {note.map(|n| view! { <span class="muted small">" " {n}</span> })}
            </div>
            <pre class="mono sup-pre" data-testid="history-response">{body}</pre>
        }
    });
    view! {
        <div class="sup-history-detail" data-testid="history-detail">
            <div class="sup-diff-title">{T::HistoryRequest.get(l)}</div>
            <pre class="mono sup-pre" data-testid="history-request">{request}</pre>
            {error_title.map(|t| view! { <div class="sup-error">{t}</div> })}
            {response}
        </div>
    }
}

fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_string())
}
