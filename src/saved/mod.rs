//! Saved requests: the store (`store`, pure and tested natively) and its views — the
//! Save button and dialog (Ctrl/⌘+S) and the sidebar's "Saved" section (open, rename,
//! move, delete with undo, export/import one JSON file).
//!
//! Hooks the shell calls: `saved::install()` once in `App`; `<saved::SaveButton />`
//! beside Send; `<saved::SaveDialog />` with the other dialogs; `<saved::SavedSection />`
//! in the sidebar. The dialog is `Dialog::SaveRequest` in a `ui::DialogFrame`, like every
//! dialog, so the shell's focus trap, Escape and focus return apply to it.

pub mod store;
mod tabs;

use countersign_core::Localise;
use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::state::{use_app, AppState, Dialog};
use crate::ui::{use_notice, DialogButton, DialogFrame, Notice};
use store::{Move, Store, Target};
pub use tabs::{use_tabs, RequestTabs, TabsState};

#[derive(Clone, Copy)]
pub struct SavedState {
    pub store: RwSignal<Store>,
    /// What Undo puts back: the store before the deletes made since the last other
    /// change, and their names.
    pub undo: RwSignal<Option<Deleted>>,
    /// Where messages go, and their language; kept here because async tasks (file
    /// import) have no context.
    notices: RwSignal<Option<Notice>>,
    lang: RwSignal<crate::i18n::Lang>,
}

/// Deletes in a row, undone together: a second Enter on the ✕ that took the focus after
/// the first delete must not lose the first for good.
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    names: Vec<String>,
    before: Store,
    /// The first deleted request's id (or collection's), to focus after Undo.
    first: u64,
}

pub fn use_saved() -> SavedState {
    expect_context::<SavedState>()
}

/// Called once by the shell's `App`.
pub fn install() {
    let store: Store = crate::platform::storage::load(store::STORAGE_KEY).unwrap_or_default();
    let saved = SavedState {
        store: RwSignal::new(store),
        undo: RwSignal::new(None),
        notices: use_notice(),
        lang: use_app().lang,
    };
    provide_context(saved);
    // The saved requests are one collection for every window of the app (unlike the tabs,
    // `platform::windows`): each write is the whole store, so a window that kept the store
    // it loaded would write over what another window saved since. Take the other window's
    // store as it is written (a corrupt one is ignored); the pending Undo goes, since
    // putting back its older store would undo that window's change too.
    crate::platform::storage::on_change(store::STORAGE_KEY, move || {
        if let Some(store) = crate::platform::storage::load::<Store>(store::STORAGE_KEY) {
            saved.undo.set(None);
            saved.store.set(store);
        }
    });
    tabs::install(use_app());
}

/// Writes the store. Any change but a delete also drops the pending Undo: restoring the
/// snapshot would undo the later change too. When the browser refuses the write (storage
/// full or blocked) the person is told, in place of the success message: the change stays
/// in this page, and exporting the collections keeps it; false then.
fn persist(saved: SavedState) -> bool {
    match write_store(saved) {
        Ok(()) => true,
        Err(e) => {
            let l = saved.lang.get_untracked();
            notice(
                saved,
                fill(T::SavedNotStored.get(l), &[("why", &e.localise(l))]),
                true,
            );
            false
        }
    }
}

/// [`persist`] without the notice: drops the pending Undo and writes the store.
fn write_store(saved: SavedState) -> Result<(), crate::platform::storage::StorageError> {
    saved.undo.set(None);
    saved
        .store
        .with_untracked(|st| crate::platform::storage::try_save(store::STORAGE_KEY, st))
}

fn notice(saved: SavedState, text: String, error: bool) {
    saved.notices.set(Some(if error {
        Notice::error(text)
    } else {
        Notice::done(text)
    }));
}

/// Opens a saved request in the builder (in a new tab when `new_tab`).
pub fn open(s: &AppState, saved: SavedState, id: u64, new_tab: bool) {
    let Some(req) = saved.store.with_untracked(|st| st.request(id).cloned()) else {
        return;
    };
    let l = s.lang.get_untracked();
    let tabs = use_tabs();
    // Already open in another tab: that tab is shown, with what was typed in it.
    if !new_tab {
        if let Some(tab) = tabs.hidden_with_saved(id, &req.state.api) {
            tabs.switch(s, tab);
            return;
        }
        // It is the tab on screen, edited since its save: the edits stay (a click on the
        // request one is working on is no request to throw its work away).
        if edited_on_screen(s, saved) == Some(id) {
            let name = req.name.clone();
            saved.notices.set(Some(Notice::done_in(move |l| {
                fill(T::SavedHereEdited.get(l), &[("name", &name)])
            })));
            return;
        }
    }
    // Edits to another saved request stay in their tab, unsaved as they are.
    let kept = (!new_tab).then(|| edited_elsewhere(s, saved, id)).flatten();
    if (new_tab || kept.is_some()) && !tabs.open_new(s, None, Some(id)) {
        return;
    }
    let new_tab = new_tab || kept.is_some();
    let was_marked = tabs.active_saved();
    crate::exchange::forget_capture_on(tabs.on_screen_untracked());
    let applied = crate::exchange::apply_state(s, &req.state);
    if new_tab {
        // The tab left keeps its own state: nothing was replaced.
        crate::exchange::replaced::forget();
    }
    match applied {
        Ok(_) => {
            crate::exchange::replaced::also_on_undo(
                move || tabs.mark_saved(was_marked),
                move || tabs.mark_saved(Some(id)),
            );
            tabs.mark_saved(Some(id));
            s.show_answer(None);
            let name = req.name.clone();
            let notice = match kept {
                Some(other) => Notice::done_in(move |l| {
                    fill(
                        T::SavedOpenedBeside.get(l),
                        &[("name", &name), ("other", &other)],
                    )
                }),
                None => Notice::done_in(move |l| fill(T::SavedOpened.get(l), &[("name", &name)]))
                    .with_undo(crate::exchange::replaced::undo_action(*s)),
            };
            saved.notices.set(Some(notice));
        }
        Err(e) => notice(saved, e.localise(l), true),
    }
}

/// The saved request the tab on screen holds, when it is edited since its save.
fn edited_on_screen(s: &AppState, saved: SavedState) -> Option<u64> {
    let on_screen = use_tabs().active_saved()?;
    let state = crate::exchange::current_state(s)?;
    saved
        .store
        .with_untracked(|st| st.edited(on_screen, &state))
        .filter(|edited| *edited)
        .map(|_| on_screen)
}

/// The name of the saved request the tab on screen holds unsaved edits to, when that is
/// another one than `id`.
fn edited_elsewhere(s: &AppState, saved: SavedState, id: u64) -> Option<String> {
    name_of(saved, edited_on_screen(s, saved).filter(|on| *on != id)?)
}

fn name_of(saved: SavedState, id: u64) -> Option<String> {
    saved
        .store
        .with_untracked(|st| st.request(id).map(|r| r.name.clone()))
}

/// The name of the saved request the tab on screen holds unsaved edits to. Whatever would
/// put something else in that tab (another API, a history entry) opens beside it instead:
/// once the tab moves on, reopening the saved request shows its saved version, and the
/// edits are out of reach.
pub fn unsaved_on_screen(s: &AppState) -> Option<String> {
    let saved = use_saved();
    name_of(saved, edited_on_screen(s, saved)?)
}

/// Shows `api` in the tab on screen, or in a new tab beside it when that one holds unsaved
/// edits to a saved request (see [`unsaved_on_screen`]), saying so.
pub fn show_api(s: &AppState, api: &'static countersign_core::catalog::Api) {
    let here = s.api.get_untracked().is_some_and(|a| a.id == api.id);
    if let Some(other) = unsaved_on_screen(s).filter(|_| !here) {
        if use_tabs().open_api(s, api) {
            let name = api.name.clone();
            use_notice().set(Some(Notice::done_in(move |l| {
                fill(
                    T::SavedOpenedBeside.get(l),
                    &[("name", l.pick(&name.zh, &name.en)), ("other", &other)],
                )
            })));
            return;
        }
    }
    s.select_api(api);
}

#[component]
pub fn SaveButton() -> impl IntoView {
    view! {
        <DialogButton
            which=Dialog::SaveRequest
            testid="save-request"
            class="btn save-request"
            label=T::SaveRequest
            title=T::SaveShortcut
        />
    }
}

const NEW: &str = "new";

#[component]
pub fn SaveDialog() -> impl IntoView {
    let s = use_app();
    let saved = use_saved();
    let tabs = use_tabs();
    let is_open = move || s.dialog.get() == Some(Dialog::SaveRequest);
    let name = RwSignal::new(String::new());
    let pick = RwSignal::new(String::from(NEW));
    let new_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Each opening starts from the API's name and the collection last used.
    Effect::new(move |_| {
        if !is_open() {
            return;
        }
        let l = s.lang.get_untracked();
        let open = tabs.active_saved().and_then(|id| {
            saved.store.with_untracked(|st| {
                st.request(id)
                    .map(|r| (r.name.clone(), r.state.api.clone()))
            })
        });
        let api = s.api.get_untracked();
        let default_name = match (open, api) {
            (Some((n, id)), Some(a)) if a.id == id => n,
            (_, Some(a)) => s
                .doc
                .with_untracked(|d| crate::custom::short_title(a, &d.doc, l)),
            _ => String::new(),
        };
        name.set(default_name);
        let coll = saved.store.with_untracked(|st| {
            let of_open = tabs.active_saved().and_then(|id| {
                st.collections
                    .iter()
                    .find(|c| c.requests.iter().any(|r| r.id == id))
            });
            of_open.or(st.collections.last()).map(|c| c.id.to_string())
        });
        pick.set(coll.unwrap_or_else(|| NEW.into()));
        new_name.set(T::SavedDefaultCollection.get(l).into());
        error.set(None);
    });
    // "Update" is offered when the request on screen came from a saved one of this API.
    let updatable = move || {
        let id = tabs.saved_on_screen()?;
        let api = s.api.get()?;
        saved.store.with(|st| {
            st.request(id)
                .filter(|r| r.state.api == api.id)
                .map(|r| (id, r.name.clone()))
        })
    };
    // What Enter does (the default button, shown as the primary one): Update while the
    // name is the saved request's own (Ctrl+S, Enter after an edit), else save a new one.
    let enter_updates = Memo::new(move |_| {
        updatable().is_some_and(|(_, rname)| name.with(|n| n.trim() == rname.as_str()))
    });
    let button_type = |default: bool| if default { "submit" } else { "button" };
    let close = move || s.dialog.set(None);
    let save_new = move || {
        let l = s.lang.get_untracked();
        let Some(state) = crate::exchange::current_state(&s) else {
            return;
        };
        let target = match pick.get_untracked().as_str() {
            NEW => Target::New(new_name.get_untracked()),
            id => Target::Existing(id.parse().unwrap_or(0)),
        };
        let now = crate::platform::now_ms() as f64;
        let res = saved
            .store
            .try_update(|st| {
                st.save(target, &name.get_untracked(), &state, now)
                    .map(|id| {
                        let c = st
                            .collections
                            .iter()
                            .find(|c| c.requests.iter().any(|r| r.id == id))
                            .map(|c| c.name.clone())
                            .unwrap_or_default();
                        (
                            id,
                            c,
                            st.request(id).map(|r| r.name.clone()).unwrap_or_default(),
                        )
                    })
            })
            .unwrap_or(Err(store::EditError::NoSuchCollection));
        match res {
            Ok((id, c, n)) => {
                let written = persist(saved);
                // The tab is now this saved request: it takes its name, as when opened.
                tabs.mark_saved(Some(id));
                close();
                if written {
                    notice(
                        saved,
                        fill(T::SavedDone.get(l), &[("c", &c), ("name", &n)]),
                        false,
                    );
                }
            }
            Err(e) => error.set(Some(e.message(l))),
        }
    };
    let update = move |id: u64, rname: String| {
        let l = s.lang.get_untracked();
        let Some(state) = crate::exchange::current_state(&s) else {
            return;
        };
        let now = crate::platform::now_ms() as f64;
        saved.store.update(|st| {
            st.update(id, &state, now);
        });
        let written = persist(saved);
        close();
        if written {
            notice(
                saved,
                fill(T::SavedUpdated.get(l), &[("name", &rname)]),
                false,
            );
        }
    };
    view! {
        <DialogFrame which=Dialog::SaveRequest testid="save-dialog" class="small save-dialog">
            <form
                class="save-form"
                // Enter clicks the default button (type=submit), whose own handler acts.
                on:submit=move |ev| ev.prevent_default()
            >
                <div class="dialog-head">
                    <h2 id="save-dialog-title">{move || s.t(T::SaveDialogTitle)}</h2>
                    <button type="button" class="icon-btn" aria-label=move || s.t(T::Close) on:click=move |_| close()>
                        "✕"
                    </button>
                </div>
                <p class="muted small">{move || s.t(T::SaveDialogHint)}</p>
                <label class="save-label" for="save-name">{move || s.t(T::SavedName)}</label>
                <input
                    class="input"
                    id="save-name"
                    data-testid="save-name"
                    data-autofocus="select"
                    prop:value=move || name.get()
                    on:input=move |ev| {
                        error.set(None);
                        name.set(event_target_value(&ev));
                    }
                />
                <label class="save-label" for="save-collection">{move || s.t(T::SavedCollection)}</label>
                <select
                    class="input"
                    id="save-collection"
                    data-testid="save-collection"
                    prop:value=move || pick.get()
                    on:change=move |ev| pick.set(event_target_value(&ev))
                >
                    {move || {
                        saved
                            .store
                            .with(|st| {
                                st.collections
                                    .iter()
                                    .map(|c| {
                                        let id = c.id.to_string();
                                        view! {
                                            <option value=id.clone() selected=pick.get_untracked() == id>
                                                {c.name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })
                    }}
                    <option value=NEW selected=move || pick.get() == NEW>
                        {move || s.t(T::SavedNewCollection)}
                    </option>
                </select>
                <Show when=move || pick.get() == NEW>
                    <label class="save-label" for="save-new-collection">
                        {move || s.t(T::SavedNewCollectionName)}
                    </label>
                    <input
                        class="input"
                        id="save-new-collection"
                        data-testid="save-new-collection"
                        prop:value=move || new_name.get()
                        on:input=move |ev| {
                            error.set(None);
                            new_name.set(event_target_value(&ev));
                        }
                    />
                </Show>
                {move || error.get().map(|e| view! { <p class="save-error" role="alert" data-testid="save-error">{e}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| close()>
                        {move || s.t(T::Cancel)}
                    </button>
                    {move || {
                        updatable()
                            .map(|(id, rname)| {
                                let label = fill(s.t(T::SavedUpdate), &[("name", &rname)]);
                                view! {
                                    <button
                                        type=move || button_type(enter_updates.get())
                                        class="btn"
                                        class:primary=move || enter_updates.get()
                                        data-testid="save-update"
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            update(id, rname.clone());
                                        }
                                    >
                                        {label}
                                    </button>
                                }
                            })
                    }}
                    <button
                        type=move || button_type(!enter_updates.get())
                        class="btn"
                        class:primary=move || !enter_updates.get()
                        data-testid="save-confirm"
                        on:click=move |ev| {
                            ev.prevent_default();
                            save_new();
                        }
                    >
                        {move || if updatable().is_some() { s.t(T::SavedSaveNew) } else { s.t(T::SaveRequest) }}
                    </button>
                </div>
            </form>
        </DialogFrame>
    }
}

/// The sidebar's list of collections and their saved requests.
#[component]
pub fn SavedSection() -> impl IntoView {
    let s = use_app();
    let saved = use_saved();
    let tabs = use_tabs();
    // The row being renamed (collection or request id).
    let editing = RwSignal::new(None::<u64>);
    let export = move |_| {
        let text = saved.store.with_untracked(Store::export);
        crate::platform::download("countersign-saved.json", "application/json", &text);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let l = s.lang.get_untracked();
        let picked = crate::platform::picked_file_text(&ev);
        leptos::task::spawn_local(async move {
            let Some(text) = picked.await else {
                return;
            };
            let before = saved.store.get_untracked();
            let res = saved
                .store
                .try_update(|st| st.import(&text))
                .unwrap_or(Err(store::ImportError::Empty));
            match res {
                Ok(done) => {
                    // Refused whole when the browser cannot keep it: accepted in this page
                    // only, it would make every later save fail too.
                    match write_store(saved) {
                        Ok(()) => notice(saved, done.message(l), false),
                        Err(e) => {
                            saved.store.set(before);
                            notice(
                                saved,
                                fill(T::SavedImportNotStored.get(l), &[("why", &e.localise(l))]),
                                true,
                            );
                        }
                    }
                }
                Err(e) => notice(
                    saved,
                    fill(T::SavedImportFailed.get(l), &[("msg", &e.message(l))]),
                    true,
                ),
            }
        });
    };
    let undo = move |_| {
        if let Some(d) = saved.undo.get_untracked() {
            saved.store.set(d.before);
            let _ = persist(saved);
            // Back on what came back, not on the page's top.
            let first = format!("saved-open-{}", d.first);
            request_animation_frame(move || crate::platform::focus(&first));
        }
    };
    view! {
        <div class="saved" data-testid="saved-section">
            <div class="vendor saved-head">
                <span>{move || s.t(T::SavedTitle)}</span>
                <span class="saved-tools">
                    <button
                        class="icon-btn small"
                        data-testid="saved-export"
                        title=move || s.t(T::SavedExportTitle)
                        disabled=move || saved.store.with(Store::is_empty)
                        on:click=export
                    >
                        {move || s.t(T::SavedExport)}
                    </button>
                    <label class="icon-btn small" title=move || s.t(T::SavedImportTitle)>
                        {move || s.t(T::SavedImport)}
                        <input
                            type="file"
                            accept=".json,application/json"
                            class="visually-hidden"
                            data-testid="saved-import"
                            on:change=on_file
                        />
                    </label>
                </span>
            </div>
            {move || {
                saved
                    .undo
                    .get()
                    .map(|d| {
                        let names = crate::i18n::list(&d.names, s.lang.get());
                        view! {
                            <div class="saved-undo" role="status" data-testid="saved-undo-bar">
                                <span class="small">{fill(s.t(T::SavedDeleted), &[("name", &names)])}</span>
                                <button class="btn small" id="saved-undo" data-testid="saved-undo" on:click=undo>
                                    {move || s.t(T::Undo)}
                                </button>
                            </div>
                        }
                    })
            }}
            {move || {
                let cols = saved.store.with(|st| st.collections.clone());
                if cols.is_empty() {
                    return view! { <p class="muted small saved-empty" data-testid="saved-empty">{s.t(T::SavedEmpty)}</p> }
                        .into_any();
                }
                cols.into_iter()
                    .map(|c| {
                        let requests = c
                            .requests
                            .into_iter()
                            .map(|r| {
                                let id = r.id;
                                let api = countersign_core::catalog::find(&r.state.api);
                                // A custom request's own method and endpoint, not its entry's.
                                let sub = api
                                    .map(|a| countersign_core::catalog::endpoint_line(a, &r.state.document))
                                    .unwrap_or_else(|| r.state.api.clone());
                                let (name, api_id) = (r.name, r.state.api);
                                // The tab on screen shows it (opened or saved there, still on its API).
                                let is_open = {
                                    let api_id = api_id.clone();
                                    Memo::new(move |_| {
                                        tabs.saved_on_screen() == Some(id)
                                            && s.api.with(|a| a.is_some_and(|a| a.id == api_id))
                                    })
                                };
                                let shown = name.clone();
                                let label = name.clone();
                                view! {
                                    <li class="saved-row" data-testid="saved-request" data-id=id.to_string() data-name=label>
                                        <Row id name editing>
                                            <button
                                                class="api-item"
                                                id=format!("saved-open-{id}")
                                                data-testid="saved-open"
                                                class:selected=is_open
                                                title={
                                                    let api_id = api_id.clone();
                                                    move || format!("{} · {}", api_id, s.t(T::SavedOpenHint))
                                                }
                                                on:click=move |ev| open(&s, saved, id, ev.ctrl_key() || ev.meta_key())
                                                on:auxclick=move |ev| {
                                                    if ev.button() == 1 {
                                                        ev.prevent_default();
                                                        open(&s, saved, id, true);
                                                    }
                                                }
                                            >
                                                <span class="api-name">{shown.clone()}</span>
                                                <span class="api-sub"><span class="endpoint">{sub.clone()}</span></span>
                                            </button>
                                        </Row>
                                    </li>
                                }
                            })
                            .collect_view();
                        let name = c.name;
                        let shown = name.clone();
                        let label = name.clone();
                        view! {
                            <div class="saved-collection" data-testid="saved-collection" data-name=label>
                                <Row id=c.id name editing>
                                    <span class="saved-collection-name">{shown.clone()}</span>
                                </Row>
                                <ul class="saved-list">{requests}</ul>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </div>
    }
}

/// A collection's or request's line: its content, or a name field while renaming, and
/// the rename / up / down / delete buttons.
#[component]
fn Row(
    id: u64,
    name: String,
    editing: RwSignal<Option<u64>>,
    children: ChildrenFn,
) -> impl IntoView {
    let s = use_app();
    let saved = use_saved();
    let draft = RwSignal::new(name.clone());
    let is_editing = move || editing.get() == Some(id);
    let commit = move || {
        // A blur can come after the row is gone (the list drawn again): nothing to do.
        let Some(text) = draft.try_get_untracked() else {
            return;
        };
        if editing.try_get_untracked() != Some(Some(id)) {
            return;
        }
        let l = s.lang.get_untracked();
        // A name refused leaves the list untouched: updating it would draw the rows again
        // under the field being typed in.
        let res = match store::clean_name(&text) {
            Err(e) => Err(e),
            Ok(_) => saved
                .store
                .try_update(|st| st.rename(id, &text))
                .unwrap_or(Ok(())),
        };
        match res {
            Ok(()) => {
                let _ = persist(saved);
                editing.set(None);
            }
            Err(e) => notice(saved, e.message(l), true),
        }
    };
    let shift = move |dir: Move| {
        if saved.store.try_update(|st| st.move_item(id, dir)) == Some(true) {
            let _ = persist(saved);
        }
    };
    let label = name.clone();
    let delete = move || {
        let before = saved.store.get_untracked();
        // Deletes in a row add up: Undo brings back all of them.
        let pending = saved.undo.get_untracked();
        if saved.store.try_update(|st| st.delete(id)) == Some(true) {
            let _ = persist(saved);
            let undo = match pending {
                Some(mut d) => {
                    d.names.push(label.clone());
                    d
                }
                None => Deleted {
                    names: vec![label.clone()],
                    before,
                    first: id,
                },
            };
            saved.undo.set(Some(undo));
            // The focus goes to Undo, not to the next row's ✕: a second Enter undoes.
            request_animation_frame(|| crate::platform::focus("saved-undo"));
        }
    };
    let field_id = format!("saved-rename-{id}");
    let focus_id = field_id.clone();
    Effect::new(move |_| {
        if is_editing() {
            let f = focus_id.clone();
            request_animation_frame(move || crate::platform::focus(&f));
        }
    });
    view! {
        <div class="saved-line" class:editing=is_editing>
            <Show
                when=is_editing
                fallback=move || children()
            >
                <input
                    class="input saved-rename-input"
                    id=field_id.clone()
                    data-testid="saved-rename-input"
                    aria-label=move || s.t(T::SavedRename)
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        // The sidebar's own keys (Enter opens an API, arrows move) are not
                        // for this field.
                        ev.stop_propagation();
                        match ev.key().as_str() {
                            "Enter" => {
                                ev.prevent_default();
                                commit();
                            }
                            "Escape" => editing.set(None),
                            _ => {}
                        }
                    }
                    on:blur=move |_| commit()
                />
            </Show>
            <span class="saved-actions">
                <button
                    class="icon-btn"
                    data-testid="saved-rename"
                    title=move || s.t(T::SavedRename)
                    aria-label=move || s.t(T::SavedRename)
                    on:click={
                        let name = name.clone();
                        move |_| {
                            draft.set(name.clone());
                            editing.set(Some(id));
                        }
                    }
                >
                    "✎"
                </button>
                <button
                    class="icon-btn"
                    data-testid="saved-up"
                    title=move || s.t(T::SavedMoveUp)
                    aria-label=move || s.t(T::SavedMoveUp)
                    on:click=move |_| shift(Move::Up)
                >
                    "↑"
                </button>
                <button
                    class="icon-btn"
                    data-testid="saved-down"
                    title=move || s.t(T::SavedMoveDown)
                    aria-label=move || s.t(T::SavedMoveDown)
                    on:click=move |_| shift(Move::Down)
                >
                    "↓"
                </button>
                <button
                    class="icon-btn danger"
                    data-testid="saved-delete"
                    title=move || s.t(T::SavedDelete)
                    aria-label=move || s.t(T::SavedDelete)
                    on:click=move |_| delete()
                >
                    "✕"
                </button>
            </span>
        </div>
    }
}
