//! Several open requests as tabs above the builder. The builder itself stays one (the
//! app's signals); a tab that is not on screen keeps a snapshot of it — API, environment,
//! document, options with pins, and the answer shown — taken when the person leaves it
//! and put back when they return. In memory a snapshot is the builder as it was, secret
//! fields included. The tabs are also written to localStorage whenever they change
//! (`storage::Tabs`: documents without secret fields unless remembered, no answers), so a
//! reload reopens them; the tab on screen takes its request from the draft. Each browser
//! window writes its own tabs and draft (`platform::windows`).

use countersign_core::catalog::{self, Api};
use countersign_core::share::ShareState;
use leptos::prelude::*;

use crate::exchange::share::options_of;
use crate::i18n::{fill, T};
use crate::platform::{storage, windows};
use crate::send::SendResult;
use crate::state::{use_app, AppState, Tab};

#[derive(Clone)]
struct OpenTab {
    id: u64,
    /// The saved request it was opened from, for its title.
    saved: Option<u64>,
    /// `None` for the tab on screen (the builder holds its state).
    snapshot: Option<Snapshot>,
}

/// A hidden tab's builder: its request, the answer shown, and the JSON tab's text while it
/// does not parse (the request holds the last document that did), with the Form / JSON
/// choice.
#[derive(Clone)]
struct Snapshot {
    state: ShareState,
    answer: Option<SendResult>,
    /// What the answer was asked with: the tab's request may have been edited since.
    answered_for: Option<crate::send::Inputs>,
    raw: Option<String>,
    tab: Tab,
}

thread_local! {
    /// The tab closed last and where it was, for the Undo of its close.
    static CLOSED: std::cell::RefCell<Option<(usize, OpenTab)>> = const { std::cell::RefCell::new(None) };
    /// The highest tab id handed out since the page loaded: a closed tab's id is never
    /// given to a new one (its Undo would bring back a twin, and what was said of the old
    /// tab, such as an import's signature line, would land on the new one).
    static HIGHEST: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[derive(Clone, Copy)]
pub struct TabsState {
    tabs: RwSignal<Vec<OpenTab>>,
    active: RwSignal<u64>,
}

pub fn use_tabs() -> TabsState {
    expect_context::<TabsState>()
}

pub fn install(s: AppState) {
    let stored = storage::load::<storage::Tabs>(&windows::key(storage::TABS_KEY))
        .and_then(|t| t.reopenable(|api| catalog::find(api).is_some()));
    // What was loaded, by its shape (tab ids, the one shown): at start only a tab opened or
    // shown (a share link) changes it. Compared instead of a copy of every document.
    let loaded: (u64, Vec<u64>) = stored.as_ref().map_or((1, vec![1]), |t| {
        (t.active, t.tabs.iter().map(|t| t.id).collect())
    });
    let (tabs, active) = match stored {
        Some(stored) => (
            stored
                .tabs
                .into_iter()
                .map(|t| OpenTab {
                    id: t.id,
                    saved: t.saved,
                    snapshot: t.request.map(|state| Snapshot {
                        tab: if t.raw.is_some() {
                            Tab::Json
                        } else {
                            Tab::Form
                        },
                        state,
                        answer: None,
                        answered_for: None,
                        raw: t.raw,
                    }),
                })
                .collect(),
            stored.active,
        ),
        None => (
            vec![OpenTab {
                id: 1,
                saved: None,
                snapshot: None,
            }],
            1,
        ),
    };
    let state = TabsState {
        tabs: RwSignal::new(tabs),
        active: RwSignal::new(active),
    };
    provide_context(state);
    // Tabs change on a click (open, switch, close, save), never while typing: written at
    // once. What was just loaded need not be written back; but a tab opened before the
    // first run (a share link on start) must be, or a reload would put the link's request
    // into the tab that was on screen and lose what that tab held.
    let write = move || {
        let active = state.active.get_untracked();
        let tabs = state.tabs.with_untracked(|list| {
            list.iter()
                .map(|t| storage::StoredTab {
                    id: t.id,
                    saved: t.saved,
                    request: t.snapshot.as_ref().map(|snap| snap.state.clone()),
                    raw: t.snapshot.as_ref().and_then(|snap| snap.raw.clone()),
                })
                .collect()
        });
        let stored = storage::Tabs { active, tabs };
        storage::save(
            &windows::key(storage::TABS_KEY),
            &stored.for_storage(crate::builder::drafts::remembered_apis(s)),
        );
    };
    Effect::new(move |first: Option<()>| {
        let active = state.active.get();
        state.tabs.track();
        if first.is_none()
            && state.tabs.with_untracked(|list| {
                loaded.0 == active && list.iter().map(|t| t.id).eq(loaded.1.iter().copied())
            })
        {
            return;
        }
        write();
    });
    // And when the window is closed or reloaded, like the draft: if a new window took this
    // window's set while it looked gone (a frozen background tab), a reload still finds
    // its tabs.
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| write());
    on_cleanup(move || on_hide.remove());
}

/// The builder's state as it is, secrets included: it never leaves the page.
fn snapshot(s: &AppState) -> Option<Snapshot> {
    let api = s.api.get_untracked()?;
    let env = s.env_untracked()?;
    let options = options_of(
        api.vendor,
        &s.pins.get_untracked(),
        &s.options.get_untracked(),
    );
    let state = ShareState {
        api: api.id.clone(),
        environment: env.id.clone(),
        document: s.doc.with_untracked(|d| d.doc.clone()),
        options,
        definition: None,
    };
    Some(Snapshot {
        state,
        answer: s.sender.result().get_untracked(),
        answered_for: s.answered_for.get_untracked(),
        raw: s.doc.with_untracked(|d| d.unparsed()),
        tab: s.tab.get_untracked(),
    })
}

impl TabsState {
    /// Keeps the builder's state in the tab on screen, before something else is shown.
    fn stash(&self, s: &AppState) {
        let snap = snapshot(s);
        let active = self.active.get_untracked();
        self.tabs.update(|list| {
            if let Some(t) = list.iter_mut().find(|t| t.id == active) {
                t.snapshot = snap;
            }
        });
    }

    /// Shows tab `id`: the builder takes its snapshot. False when `id` is not open (closed
    /// since), or while an answer is on its way: the page stays as it is.
    pub fn switch(&self, s: &AppState, id: u64) -> bool {
        if self.active.get_untracked() == id {
            return true;
        }
        let open = self
            .tabs
            .with_untracked(|list| list.iter().any(|t| t.id == id));
        // An answer still on its way belongs to the tab that asked.
        if !open || s.sender.pending().get_untracked() {
            return false;
        }
        self.stash(s);
        let snap = self.tabs.try_update(|list| {
            list.iter_mut()
                .find(|t| t.id == id)
                .and_then(|t| t.snapshot.take())
        });
        self.active.set(id);
        if let Some(Some(snap)) = snap {
            let _ = crate::exchange::apply_state(s, &snap.state);
            if let Some(raw) = snap.raw {
                s.doc.update(|d| d.edit_raw(raw));
            }
            s.tab.set(snap.tab);
            // The tab left was stashed: nothing was replaced.
            crate::exchange::replaced::forget();
            s.show_answer_for(snap.answer, snap.answered_for);
        }
        true
    }

    /// Whether the tab on screen holds nothing of the person's, so something opened may
    /// take its place: no saved request, no answer, no JSON text that does not parse, and
    /// either no pins and a document empty or its API's starter, or the very request
    /// another open tab holds.
    pub fn untouched(&self, s: &AppState) -> bool {
        if self.active_saved().is_some() || s.sender.result().with_untracked(Option::is_some) {
            return false;
        }
        if s.doc.with_untracked(|d| d.error.is_some()) {
            return false;
        }
        let Some(api) = s.api.get_untracked() else {
            return true;
        };
        let pinned = s.pins.with_untracked(|p| *p != Default::default());
        (!pinned
            && s.doc
                .with_untracked(|d| blank(&d.doc, &api.starter_document())))
            || self.copies_another(s)
    }

    /// Whether the tab on screen holds exactly what another open tab holds (a copy "+" made
    /// and nothing typed since): taking its place loses nothing.
    fn copies_another(&self, s: &AppState) -> bool {
        let Some(now) = snapshot(s) else {
            return false;
        };
        let active = self.active.get_untracked();
        self.tabs.with_untracked(|list| {
            list.iter().any(|t| {
                t.id != active
                    && t.snapshot.as_ref().is_some_and(|other| {
                        other.state.api == now.state.api
                            && other.state.document == now.state.document
                            && other.state.options == now.state.options
                    })
            })
        })
    }

    /// Opens a new tab after the current one and shows it, with `state` (or the
    /// current request's copy) in the builder. False while an answer is on its way: the
    /// tab on screen stays (the answer belongs to it).
    pub fn open_new(&self, s: &AppState, state: Option<ShareState>, saved: Option<u64>) -> bool {
        if s.sender.pending().get_untracked() {
            return false;
        }
        self.stash(s);
        let open = self
            .tabs
            .with_untracked(|l| l.iter().map(|t| t.id).max().unwrap_or(0));
        let id = open.max(HIGHEST.get()) + 1;
        HIGHEST.set(id);
        let active = self.active.get_untracked();
        self.tabs.update(|list| {
            let at = list
                .iter()
                .position(|t| t.id == active)
                .map_or(list.len(), |i| i + 1);
            list.insert(
                at,
                OpenTab {
                    id,
                    saved,
                    snapshot: None,
                },
            );
        });
        self.active.set(id);
        if let Some(state) = state {
            let _ = crate::exchange::apply_state(s, &state);
            // The tab left keeps its own state: nothing was replaced.
            crate::exchange::replaced::forget();
        }
        s.show_answer(None);
        true
    }

    /// A hidden tab showing `api_id` (an import's tab kept after its delete), if any.
    pub fn hidden_showing(&self, api_id: &str) -> Option<u64> {
        self.tabs.with_untracked(|list| {
            list.iter()
                .find(|t| t.snapshot.as_ref().is_some_and(|s| s.state.api == api_id))
                .map(|t| t.id)
        })
    }

    /// Another open tab than `id` (the one before it, else after), if any.
    pub fn other_than(&self, id: u64) -> Option<u64> {
        self.tabs.with_untracked(|list| {
            let at = list.iter().position(|t| t.id == id)?;
            let before = at.checked_sub(1).and_then(|i| list.get(i));
            before.or_else(|| list.get(at + 1)).map(|t| t.id)
        })
    }

    /// Opens `api` in a new tab (its draft, or its starter document); false while a send
    /// is under way, when no tab opens.
    pub fn open_api(&self, s: &AppState, api: &'static Api) -> bool {
        let env = s
            .envs
            .with_untracked(|e| crate::credentials::current::env_of(api, e));
        let doc = s
            .drafts
            .with_value(|m| m.get(&api.id).cloned())
            .unwrap_or_else(|| api.starter_document());
        let state = ShareState {
            api: api.id.clone(),
            environment: env.id.clone(),
            document: doc,
            options: Default::default(),
            definition: None,
        };
        self.open_new(s, Some(state), None)
    }

    /// The tab on screen (tracked), for the address's history entries.
    pub fn on_screen(&self) -> u64 {
        self.active.get()
    }

    /// The tab on screen, read outside any effect.
    pub fn on_screen_untracked(&self) -> u64 {
        self.active.get_untracked()
    }

    /// The saved request the tab on screen was opened from (or saved as), tracked.
    pub fn saved_on_screen(&self) -> Option<u64> {
        let active = self.active.get();
        self.tabs
            .with(|list| list.iter().find(|t| t.id == active).and_then(|t| t.saved))
    }

    /// A hidden tab that shows saved request `id` (opened from it, still on its API).
    pub fn hidden_with_saved(&self, id: u64, api: &str) -> Option<u64> {
        let active = self.active.get_untracked();
        self.tabs.with_untracked(|list| {
            list.iter()
                .find(|t| {
                    t.id != active
                        && t.saved == Some(id)
                        && t.snapshot
                            .as_ref()
                            .is_some_and(|snap| snap.state.api == api)
                })
                .map(|t| t.id)
        })
    }

    /// The saved request the tab on screen was opened from.
    pub fn active_saved(&self) -> Option<u64> {
        let active = self.active.get_untracked();
        self.tabs
            .with_untracked(|list| list.iter().find(|t| t.id == active).and_then(|t| t.saved))
    }

    /// Marks the tab on screen as showing saved request `id` (for its title).
    pub fn mark_saved(&self, id: Option<u64>) {
        let active = self.active.get_untracked();
        self.tabs.update(|list| {
            if let Some(t) = list.iter_mut().find(|t| t.id == active) {
                t.saved = id;
            }
        });
    }

    /// Closes tab `id`; closing the one on screen shows its neighbour. The last tab stays.
    /// True when it closed; the tab is kept for [`TabsState::reopen`] until the next close.
    pub fn close(&self, s: &AppState, id: u64) -> bool {
        let list = self.tabs.get_untracked();
        if list.len() < 2 {
            return false;
        }
        let Some(at) = list.iter().position(|t| t.id == id) else {
            return false;
        };
        if self.active.get_untracked() == id {
            let next = list.get(at + 1).or_else(|| list.get(at.wrapping_sub(1)));
            if let Some(next) = next {
                if !self.switch(s, next.id) {
                    return false;
                }
            }
        }
        // Taken after the switch: closing the tab on screen stashed its state first.
        let closed = self.tabs.try_update(|l| {
            let at = l.iter().position(|t| t.id == id)?;
            Some((at, l.remove(at)))
        });
        CLOSED.with(|c| *c.borrow_mut() = closed.flatten());
        true
    }

    /// Puts back tab `id`, hidden, where it was, if it is the tab closed last.
    pub fn reopen_tab(&self, id: u64) -> bool {
        let last = CLOSED.with(|c| c.borrow().as_ref().map(|(_, t)| t.id));
        last == Some(id) && self.reopen()
    }

    /// Puts back the tab closed last, hidden, where it was; true when there was one.
    fn reopen(&self) -> bool {
        let Some((at, tab)) = CLOSED.with(|c| c.borrow_mut().take()) else {
            return false;
        };
        self.tabs.update(|l| l.insert(at.min(l.len()), tab));
        true
    }
}

/// A document nothing was typed into: empty, or the API's starter document.
fn blank(doc: &serde_json::Value, starter: &serde_json::Value) -> bool {
    doc.as_object().is_some_and(serde_json::Map::is_empty) || doc == starter
}

/// The tab strip: one tab per open request, "+" opens a copy of the one on screen.
#[component]
pub fn RequestTabs(
    /// The id of the panel that shows the tab on screen (the request under the strip):
    /// only that tab controls it, the others' requests not being on the page.
    panel: String,
) -> impl IntoView {
    let s = use_app();
    let tabs = use_tabs();
    let saved = super::use_saved();
    let notice = crate::ui::use_notice();
    // A hidden tab whose API (an import) was deleted since: its id, else None.
    let gone = |t: &OpenTab| {
        t.snapshot
            .as_ref()
            .map(|snap| snap.state.api.as_str())
            .filter(|api| catalog::find(api).is_none())
            .map(str::to_string)
    };
    // The strip is drawn anew when a tab opens, switches or closes: the focus, which was on
    // one of its buttons, goes to the tab on screen rather than to the page's top.
    let focus_active = move || {
        let id = format!("request-tab-{}", tabs.active.get_untracked());
        request_animation_frame(move || crate::platform::focus(&id));
    };
    // The tab on screen is kept in sight when the row scrolls (a new tab opens past its end)
    // and when the row narrows (the answer's column widens as the first send leaves).
    Effect::new(move |_| {
        let id = format!("request-tab-{}", tabs.active.get());
        tabs.tabs.track();
        s.sender.pending().track();
        request_animation_frame(move || {
            crate::platform::reveal_in_row(&id, ".request-tab", ".request-tabs")
        });
    });
    // ←/→ move between the tabs, as in any tab list.
    let step = move |id: u64, by: isize| {
        let next = tabs.tabs.with_untracked(|list| {
            let at = list.iter().position(|t| t.id == id)? as isize;
            let n = list.len() as isize;
            list.get((at + by).rem_euclid(n) as usize).map(|t| t.id)
        });
        if let Some(next) = next {
            tabs.switch(&s, next);
            focus_active();
        }
    };
    // Said with an Undo: the tab's request may be the only copy of what was typed in it.
    let close = move |id: u64, title: &str| {
        let was_on_screen = tabs.on_screen_untracked() == id;
        if tabs.close(&s, id) {
            focus_active();
            let title = title.to_string();
            let said = move |l| fill(T::TabClosed.get(l), &[("tab", &title)]);
            // The tab comes back where it was, and on screen if it was.
            let undo = crate::ui::UndoAction::new(move || {
                if tabs.reopen_tab(id) && was_on_screen {
                    tabs.switch(&s, id);
                    focus_active();
                }
            });
            notice.set(Some(crate::ui::Notice::done_in(said).with_undo(Some(undo))));
        }
    };
    // A click on a tab whose import was deleted: its request stays in the tab, and putting
    // the import back (the delete's own Undo may be gone by now) opens it.
    let open_gone = move |id: u64, api: &str| {
        let api = api.to_string();
        let named = api.clone();
        let said = move |l| fill(T::TabApiGoneNotice.get(l), &[("api", &named)]);
        let undo = crate::ui::UndoAction::new(move || {
            if crate::sidebar::imported::restore_deleted(&api).is_some() {
                tabs.switch(&s, id);
            }
        });
        notice.set(Some(
            crate::ui::Notice::error_in(said).with_undo(Some(undo)),
        ));
    };
    // A custom request on screen is titled by what it calls: a memo, so the strip is
    // drawn again when that changes, not on every keystroke.
    let custom_on_screen = Memo::new(move |_| {
        let api = s.api.get().filter(|a| a.is_custom())?;
        Some(
            s.doc
                .with(|d| crate::custom::short_title(api, &d.doc, s.lang.get())),
        )
    });
    let title_of = move |t: &OpenTab, on_screen: bool, gone: Option<&str>| -> String {
        let l = s.lang.get();
        let api = if on_screen {
            s.api.get()
        } else {
            t.snapshot
                .as_ref()
                .and_then(|snap| catalog::find(&snap.state.api))
        };
        // The saved request's name while the tab still shows its API.
        let saved_name = t.saved.and_then(|id| {
            saved.store.with(|st| {
                st.request(id)
                    .filter(|r| api.is_some_and(|a| a.id == r.state.api))
                    .map(|r| r.name.clone())
            })
        });
        if let Some(name) = saved_name {
            return name;
        }
        if let (false, Some(id)) = (on_screen, gone) {
            return fill(T::TabApiGone.get(l), &[("api", id)]);
        }
        if on_screen {
            if let Some(title) = custom_on_screen.get() {
                return title;
            }
        }
        match (api, t.snapshot.as_ref()) {
            (Some(a), Some(snap)) if !on_screen => {
                crate::custom::short_title(a, &snap.state.document, l)
            }
            (Some(a), _) => l.text(&a.name).to_string(),
            (None, _) => String::new(),
        }
    };
    // Whether the tab on screen is its saved request edited. A memo: the strip below
    // re-renders when that flips, not on every keystroke.
    let edited_here = Memo::new(move |_| {
        let id = tabs.saved_on_screen()?;
        s.doc.track();
        s.pins.track();
        s.options.track();
        s.envs.track();
        let state = crate::exchange::current_state(&s)?;
        saved.store.with(|st| st.edited(id, &state))
    });
    let edited = move |t: &OpenTab, on_screen: bool| -> bool {
        if on_screen {
            return edited_here.get() == Some(true);
        }
        let (Some(id), Some(snap)) = (t.saved, t.snapshot.as_ref()) else {
            return false;
        };
        saved.store.with(|st| st.edited(id, &snap.state)) == Some(true)
    };
    view! {
        <div
            class="request-tabs"
            role="tablist"
            data-testid="request-tabs"
            // A plain wheel scrolls an overflowing row sideways (it has nowhere else to go).
            on:wheel=move |ev: web_sys::WheelEvent| {
                use wasm_bindgen::JsCast;
                let Some(row) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                    return;
                };
                if ev.delta_x() == 0.0 && row.scroll_width() > row.client_width() {
                    ev.prevent_default();
                    row.set_scroll_left(row.scroll_left() + ev.delta_y().round() as i32);
                }
            }
        >
            {move || {
                // Deleting or restoring an imported API changes a hidden tab's title.
                crate::sidebar::imported::track();
                let list = tabs.tabs.get();
                let many = list.len() > 1;
                let active = tabs.active.get();
                let titled: Vec<(OpenTab, Option<String>, String)> = list
                    .into_iter()
                    .map(|t| {
                        let gone = gone(&t);
                        let title = title_of(&t, t.id == active, gone.as_deref());
                        (t, gone, title)
                    })
                    .collect();
                let titles = numbered(titled.iter().map(|(_, _, title)| title.as_str()));
                titled
                    .into_iter()
                    .zip(titles)
                    .map(|((t, gone, base), title)| {
                        let id = t.id;
                        // The number stays in sight when a long name is cut.
                        let number = title.strip_prefix(base.as_str()).unwrap_or_default().to_string();
                        let on_screen = id == active;
                        let edited = edited(&t, on_screen);
                        let hover = if edited {
                            format!("{title} · {}", s.t(T::TabEdited))
                        } else {
                            title.clone()
                        };
                        let closed_title = title.clone();
                        view! {
                            <div class="request-tab" class:active=on_screen data-testid="request-tab" data-active=on_screen.to_string() data-edited=edited.to_string()>
                                <button
                                    class="request-tab-main"
                                    id=format!("request-tab-{id}")
                                    role="tab"
                                    aria-selected=on_screen.to_string()
                                    aria-controls=on_screen.then(|| panel.clone())
                                    tabindex=if on_screen { "0" } else { "-1" }
                                    title=hover
                                    on:click=move |_| match &gone {
                                        Some(api) => open_gone(id, api),
                                        None => {
                                            tabs.switch(&s, id);
                                            focus_active();
                                        }
                                    }
                                    on:keydown=move |ev| {
                                        let by = match ev.key().as_str() {
                                            "ArrowLeft" => -1,
                                            "ArrowRight" => 1,
                                            _ => return,
                                        };
                                        ev.prevent_default();
                                        step(id, by);
                                    }
                                    // A middle click closes, as in a browser.
                                    on:auxclick={
                                        let title = closed_title.clone();
                                        move |ev| {
                                            if ev.button() == 1 {
                                                ev.prevent_default();
                                                close(id, &title);
                                            }
                                        }
                                    }
                                >
                                    <span class="request-tab-name">{base}</span>
                                    {(!number.is_empty()).then(|| view! { <span class="request-tab-n">{number}</span> })}
                                    // Said in words to screen readers; the dot is for the eye.
                                    {edited.then(|| view! {
                                        <span class="request-tab-edited" aria-label=s.t(T::TabEdited) data-testid="request-tab-edited">"●"</span>
                                    })}
                                </button>
                                {many
                                    .then(|| {
                                        view! {
                                            <button
                                                class="request-tab-close"
                                                data-testid="request-tab-close"
                                                title=move || s.t(T::TabClose)
                                                aria-label=move || s.t(T::TabClose)
                                                on:click={
                                                    let title = closed_title.clone();
                                                    move |_| close(id, &title)
                                                }
                                            >
                                                "×"
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                class="request-tab-new"
                data-testid="request-tab-new"
                title=move || s.t(T::TabNew)
                aria-label=move || s.t(T::TabNew)
                on:click=move |_| {
                    tabs.open_new(&s, None, None);
                }
            >
                "+"
            </button>
        </div>
    }
}

/// Tab titles told apart: a title that several tabs share (a copy made with "+", one API
/// opened twice) gets its place among them from the second on, `Name (2)`, as browsers
/// number downloads of one file.
fn numbered<'a>(titles: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    titles
        .map(|title| {
            let n = seen.entry(title).or_default();
            *n += 1;
            if *n == 1 || title.is_empty() {
                title.to_string()
            } else {
                format!("{title} ({n})")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_an_empty_or_starter_document_is_blank() {
        use serde_json::json;
        let starter = json!({"warehouse_no": "", "goods_list": [{"spec_no": ""}]});
        assert!(super::blank(&json!({}), &starter));
        assert!(super::blank(&starter.clone(), &starter));
        let edited =
            json!({"warehouse_no": "", "goods_list": [{"spec_no": ""}], "remark": "unsaved work"});
        assert!(!super::blank(&edited, &starter));
        assert!(!super::blank(
            &json!({"warehouse_no": "W1", "goods_list": [{"spec_no": ""}]}),
            &starter
        ));
        assert!(!super::blank(&json!(null), &starter));
    }

    #[test]
    fn shared_titles_are_numbered_from_the_second() {
        let titles = super::numbered(["A", "B", "A", "A", "", ""].into_iter());
        assert_eq!(titles, ["A", "B", "A (2)", "A (3)", "", ""]);
    }
}
