//! APIs imported from a vendor doc page: "Add API from doc page" (paste, see the parsed
//! form and what was inferred or ignored, save), kept in localStorage, listed under
//! "Imported" in the sidebar, editable as JSON, deletable, exportable as a catalog file.
//! Once registered with the core catalog they behave like the shipped APIs.

use countersign_core::catalog::{self, Api, Field};
use countersign_core::import_doc::{import_doc, Imported, NoteKind};
use countersign_core::{Localise, Vendor};
use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::{fill, Lang, T};
use crate::platform::storage;
use crate::state::{use_app, Dialog};
use crate::ui::{use_notice, DialogFrame, Notice, PasteBox, UndoAction};

pub const IMPORTED_KEY: &str = "countersign.imported.v1";

/// Registers the kept entries; called before the app picks its first API, so a draft on
/// an imported API reopens it. An entry that no longer loads is dropped.
pub fn restore() {
    let kept: Vec<Value> = storage::load(IMPORTED_KEY).unwrap_or_default();
    for v in kept {
        // Read as text, as every entry is: an `Api` read from a `Value` too was a second
        // copy of the catalog model's reader in the bundle.
        if let Ok(api) = catalog::read_entry(&v.to_string()) {
            let _ = catalog::register(api);
        }
    }
}

// Both kept as reference-counted signals: an arena signal would belong to whatever
// reactive owner first touched it (the sidebar list's render effect), and be disposed
// when that owner re-ran, after which the list no longer heard of new imports.
thread_local! {
    /// Bumped on every change: the list is not a signal of the core's registry.
    static VERSION: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

fn version() -> ArcRwSignal<u32> {
    VERSION.with(|v| v.clone())
}

/// Subscribes the caller to any change of the imported APIs (an import, an edit, a delete,
/// its Undo).
pub fn track() {
    version().track();
}

/// Keeps the registered entries and refreshes the sidebar's list.
fn persist() {
    let all: Vec<&Api> = catalog::extras();
    storage::save(IMPORTED_KEY, &all);
    version().update(|v| *v += 1);
}

/// Registers a definition and keeps it (a shared one, or one put back by an Undo).
fn register_and_keep(api: Api) -> Option<&'static Api> {
    DELETED.with(|d| d.borrow_mut().remove(&api.id));
    let back = catalog::register(api).ok()?;
    persist();
    Some(back)
}

thread_local! {
    /// Imported APIs deleted in this page, by id: a request tab that still shows one can
    /// put it back (the delete notice's Undo may be gone by the time the tab is clicked).
    static DELETED: std::cell::RefCell<std::collections::BTreeMap<String, Api>> =
        Default::default();
}

/// Registers again an imported API deleted in this page.
pub fn restore_deleted(id: &str) -> Option<&'static Api> {
    let api = DELETED.with(|d| d.borrow_mut().remove(id))?;
    register_and_keep(api)
}

/// A share link's definition of an API this browser does not have: registered and kept.
pub fn adopt_shared(state: &countersign_core::share::ShareState) -> Option<&'static Api> {
    let api = catalog::read_entry(&state.definition.as_ref()?.to_string()).ok()?;
    if api.id != state.api {
        return None;
    }
    register_and_keep(api)
}

/// The entry as a `catalog/` file.
pub fn catalog_file(api: &Api) -> String {
    serde_json::to_string_pretty(api).unwrap_or_default()
}

thread_local! {
    /// The entry the edit dialog shows (`Dialog::EditImported`).
    static EDITING: ArcRwSignal<Option<&'static Api>> = ArcRwSignal::new(None);
}

fn editing() -> ArcRwSignal<Option<&'static Api>> {
    EDITING.with(|e| e.clone())
}

/// The add and edit dialogs; mounted once by the shell.
/// The imported APIs are one list for every window of the app, written whole: a window
/// that kept the list it loaded would write over an import made in another window since.
/// So each window takes another window's writes: new and edited entries are registered; an
/// entry deleted there leaves this window's list too (a hidden tab of it says so and can put
/// it back, as after a delete here), unless it is on screen here, where it stays (and is
/// written back with this window's next change).
fn follow_other_windows() {
    let s = use_app();
    storage::on_change(IMPORTED_KEY, move || {
        let Some(stored) = storage::load::<Vec<Value>>(IMPORTED_KEY) else {
            return;
        };
        let apis: Vec<Api> = stored
            .iter()
            .filter_map(|v| catalog::read_entry(&v.to_string()).ok())
            .collect();
        let on_screen = s.api.get_untracked().map(|a| a.id.clone());
        for gone in catalog::extras() {
            if apis.iter().all(|a| a.id != gone.id) && on_screen.as_deref() != Some(&gone.id) {
                DELETED.with(|d| d.borrow_mut().insert(gone.id.clone(), gone.clone()));
                catalog::unregister(&gone.id);
            }
        }
        for api in apis {
            let unchanged = catalog::extras().iter().any(|a| **a == api);
            if !unchanged {
                DELETED.with(|d| d.borrow_mut().remove(&api.id));
                let _ = catalog::register(api);
            }
        }
        version().update(|v| *v += 1);
    });
}

#[component]
pub fn ImportedDialogs() -> impl IntoView {
    follow_other_windows();
    view! {
        <DialogFrame which=Dialog::AddFromDoc testid="import-doc-dialog" class="import-doc">
            <AddDialog />
        </DialogFrame>
        <DialogFrame which=Dialog::EditImported testid="imported-edit-dialog" class="import-doc">
            {move || editing().get().map(|api| view! { <EditDialog api /> })}
        </DialogFrame>
    }
}

/// The imported APIs that match the sidebar's search (all of them for an empty one).
pub fn matching(query: &str) -> Vec<&'static Api> {
    version().track();
    let mut list = catalog::extras();
    list.retain(|a| catalog::matches_search(a, query));
    list
}

/// `active` is the sidebar's highlighted match; this section's entries are matches
/// `offset`, `offset + 1`… (after the catalog's), so ↓ and Enter reach them too.
#[component]
pub fn ImportedSection(
    list: Memo<Vec<&'static Api>>,
    active: RwSignal<usize>,
    offset: Signal<usize>,
) -> impl IntoView {
    let s = use_app();
    let notice = use_notice();
    let list = move || list.get();
    // Said with an Undo: the definition may be the only copy (an edited import).
    let remove = move |api: &'static Api| {
        let definition = api.clone();
        let was_on_screen = s.api.get_untracked().is_some_and(|a| a.id == api.id);
        let tabs = crate::saved::use_tabs();
        let its_tab = tabs.on_screen_untracked();
        DELETED.with(|d| d.borrow_mut().insert(api.id.clone(), api.clone()));
        catalog::unregister(&api.id);
        persist();
        if was_on_screen {
            // Another open tab comes to the screen (else the first API opens in a tab of
            // its own, not a second tab of an API already open): the deleted import's tab
            // keeps what was typed in it, marked "(deleted)" with a way to put the import
            // back, as any hidden tab of a deleted import is.
            let shown = tabs.other_than(its_tab).is_some_and(|o| tabs.switch(&s, o));
            if let (false, Some(first)) = (shown, catalog::all().first()) {
                tabs.open_api(&s, first);
                if tabs.on_screen_untracked() == its_tab {
                    // A send on its way keeps the tab; the request then shows another API.
                    s.select_api(first);
                }
            }
        }
        let name = api.name.clone();
        let said = move |l: Lang| fill(T::ImportedDeleted.get(l), &[("api", l.text(&name))]);
        let undo = UndoAction::new(move || {
            if let Some(back) = register_and_keep(definition.clone()) {
                if was_on_screen && !tabs.switch(&s, its_tab) {
                    s.select_api(back);
                }
            }
        });
        notice.set(Some(Notice::done_in(said).with_undo(Some(undo))));
    };
    view! {
        <div class="imported" data-testid="imported-section">
            <div class="vendor">{move || s.t(T::ImportedTitle)}</div>
            {move || {
                list()
                    .into_iter()
                    .enumerate()
                    .map(|(i, api)| {
                        let selected = move || s.api.get().is_some_and(|a| a.id == api.id);
                        view! {
                            <div class="imported-row">
                                <button
                                    class="api-item"
                                    data-testid=format!("api-{}", api.id)
                                    class:selected=selected
                                    class:active=move || active.get() == offset.get() + i
                                    aria-selected=move || selected().to_string()
                                    title=api.endpoint().to_string()
                                    on:click=move |ev| super::click_api(s, api, &ev)
                                    on:auxclick=move |ev| super::middle_click_api(s, api, &ev)
                                >
                                    <span class="api-name">
                                        {move || s.lang.get().text(&api.name).to_string()}
                                    </span>
                                    <span class="api-sub">
                                        <span class="method">{api.http_method.clone()}</span>
                                        " "
                                        <span class="endpoint">{api.endpoint().to_string()}</span>
                                    </span>
                                </button>
                                <button
                                    class="icon-btn"
                                    data-testid=format!("imported-edit-{}", api.id)
                                    title=move || s.t(T::ImportedEdit)
                                    aria-label=move || s.t(T::ImportedEdit)
                                    on:click=move |_| {
                                        editing().set(Some(api));
                                        s.dialog.set(Some(Dialog::EditImported));
                                    }
                                >
                                    "✎"
                                </button>
                                <button
                                    class="icon-btn"
                                    data-testid=format!("imported-delete-{}", api.id)
                                    title=move || s.t(T::ImportedDelete)
                                    aria-label=move || s.t(T::ImportedDelete)
                                    on:click=move |_| remove(api)
                                >
                                    "✕"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                class="btn ghost small"
                data-testid="import-doc-open"
                on:click=move |_| s.dialog.set(Some(Dialog::AddFromDoc))
            >
                {move || s.t(T::ImportDocOpen)}
            </button>
        </div>
    }
}

fn vendor_choice(code: &str) -> Option<Vendor> {
    Vendor::ALL.into_iter().find(|v| v.id() == code)
}

thread_local! {
    /// What was pasted into "Add API from doc page" and not saved yet: closing the dialog
    /// (Escape, ✕) keeps it for the next opening, as the Import dialog keeps its text.
    static DOC_TEXT: std::cell::RefCell<String> = Default::default();
    /// Unsaved "Edit as JSON" text, by API id, kept the same way.
    static EDIT_TEXTS: std::cell::RefCell<std::collections::BTreeMap<String, String>> =
        Default::default();
}

/// Paste a page, see the parsed form and the notes, save.
#[component]
fn AddDialog() -> impl IntoView {
    let s = use_app();
    let tabs = crate::saved::use_tabs();
    let text = RwSignal::new(DOC_TEXT.with(|t| t.borrow().clone()));
    Effect::new(move |_| {
        let t = text.get();
        DOC_TEXT.with(|k| *k.borrow_mut() = t);
    });
    let vendor = RwSignal::new(String::new());
    let parsed = Memo::new(move |_| {
        let t = text.get();
        if t.trim().is_empty() {
            return None;
        }
        let v = vendor_choice(&vendor.get());
        Some(import_doc(&t, v))
    });
    let error = RwSignal::new(None::<String>);
    let close = move || s.dialog.set(None);
    let notice = use_notice();
    // The import this page would replace (same id), said before Save and undoable after:
    // it may carry edits made with Edit as JSON.
    let replaces = move || {
        version().track();
        let id = parsed.with(|p| match p {
            Some(Ok(i)) => Some(i.api.id.clone()),
            _ => None,
        })?;
        catalog::extras().into_iter().find(|a| a.id == id)
    };
    let save = move || {
        let Some(Ok(imported)) = parsed.get_untracked() else {
            return;
        };
        let before = untrack(replaces).cloned();
        match catalog::register(imported.api) {
            Ok(api) => {
                persist();
                // A new API opens in a tab of its own: the request on screen (perhaps a
                // saved one with edits) stays as it is. A new definition of an import
                // replaces it where it is shown.
                if before.is_some() {
                    s.select_api(api);
                } else if let Some(kept) = tabs.hidden_showing(&api.id) {
                    // Its tab kept after a delete comes back, with what was typed in it.
                    if !tabs.switch(&s, kept) {
                        s.select_api(api);
                    }
                } else {
                    tabs.open_api(&s, api);
                }
                text.set(String::new());
                close();
                // The focus goes to the API just opened, not back to the sidebar button.
                crate::platform::focus_form_soon();
                if let Some(old) = before {
                    let name = old.name.clone();
                    let said =
                        move |l: Lang| fill(T::ImportDocReplaced.get(l), &[("api", l.text(&name))]);
                    let undo = UndoAction::new(move || {
                        register_and_keep(old.clone());
                    });
                    notice.set(Some(Notice::done_in(said).with_undo(Some(undo))));
                }
            }
            Err(e) => error.set(Some(e.localise(s.lang.get_untracked()))),
        }
    };
    view! {
        <div class="dialog-head">
            <h2 id="import-doc-dialog-title">{move || s.t(T::ImportDocTitle)}</h2>
            <button class="icon-btn" aria-label=move || s.t(T::Close) on:click=move |_| close()>
                "✕"
            </button>
        </div>
        <p class="muted small">{move || s.t(T::ImportDocHint)}</p>
        <label class="small">
            {move || s.t(T::ImportDocVendor)} " "
            <select
                data-testid="import-doc-vendor"
                on:change=move |ev| vendor.set(event_target_value(&ev))
            >
                <option value="">{move || s.t(T::ImportDocDetect)}</option>
                {Vendor::ALL
                    .into_iter()
                    .map(|v| {
                        let info = catalog::vendor(v);
                        view! {
                            <option value=v.id()>
                                {move || s.lang.get().text(&info.short_name).to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <PasteBox text testid="import-doc-input" rows=8 placeholder=T::ImportDocPaste autofocus=true />
        {move || {
            let l = s.lang.get();
            match parsed.get() {
                None => ().into_any(),
                Some(Err(e)) => view! {
                    <div class="sup-error" role="alert" data-testid="import-doc-error">
                        {crate::ui::code_text(&e.localise(l))}
                    </div>
                }
                .into_any(),
                Some(Ok(imported)) => preview(&imported, l).into_any(),
            }
        }}
        {move || error.get().map(|e| view! { <div class="sup-error" role="alert">{e}</div> })}
        {move || {
            replaces()
                .map(|old| {
                    let l = s.lang.get();
                    view! {
                        <p class="sup-warn small" data-testid="import-doc-replaces">
                            {fill(T::ImportDocReplaces.get(l), &[("api", l.text(&old.name)), ("id", &old.id)])}
                        </p>
                    }
                })
        }}
        <div class="dialog-actions">
            <button class="btn ghost" on:click=move |_| close()>{move || s.t(T::Cancel)}</button>
            <button
                class="btn primary"
                data-testid="import-doc-save"
                disabled=move || !matches!(parsed.get(), Some(Ok(_)))
                on:click=move |_| save()
            >
                {move || s.t(T::ImportDocSave)}
            </button>
        </div>
    }
}

/// The parsed form as a list of parameters, then what was inferred or ignored.
fn preview(imported: &Imported, l: Lang) -> impl IntoView {
    let api = &imported.api;
    let mut rows = Vec::new();
    let mut root: Vec<(String, &Field)> = Vec::new();
    for f in &api.params {
        root.push((f.name.clone(), f));
        f.walk(&f.name, &mut root);
    }
    for (path, f) in root {
        let ty = serde_json::to_value(f.ty)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let required = if f.required {
            T::ImportDocRequired.get(l)
        } else {
            ""
        };
        rows.push(view! {
            <tr>
                <td><code>{path}</code></td>
                <td>{ty}</td>
                <td>{required}</td>
                <td class="muted">{l.text(&f.description).to_string()}</td>
            </tr>
        });
    }
    let notes = imported
        .notes
        .iter()
        .map(|n| {
            let kind = match n.kind {
                NoteKind::Inferred => T::ImportDocInferred.get(l),
                NoteKind::Ignored => T::ImportDocIgnored.get(l),
            };
            view! {
                <li>
                    <span class="finding-source">{kind}</span>
                    <code class="finding-path">{n.path.clone()}</code>
                    {l.text(&n.message).to_string()}
                </li>
            }
        })
        .collect_view();
    let head = fill(
        T::ImportDocParsed.get(l),
        &[
            ("name", l.text(&api.name)),
            ("endpoint", api.endpoint()),
            ("vendor", l.text(&api.vendor_info().short_name)),
        ],
    );
    view! {
        <div class="import-doc-preview" data-testid="import-doc-preview">
            <p>{head}</p>
            <table class="import-doc-params">
                <tbody>{rows}</tbody>
            </table>
            <ul class="import-doc-notes" data-testid="import-doc-notes">{notes}</ul>
        </div>
    }
}

/// Why an edited definition cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The text is no catalog entry: where and why (core names the field's path).
    Entry(catalog::EntryError),
    /// It reads, but the catalog refuses it (the core says which field and why).
    Catalog(catalog::AdoptError),
    /// The new id is another imported API's: saving would replace that one.
    TakenId { id: String },
}

impl EditError {
    fn text(&self, l: Lang) -> String {
        match self {
            Self::Entry(e) => e.localise(l),
            Self::Catalog(e) => e.localise(l),
            Self::TakenId { id } => fill(
                l.pick(
                    "`{id}` 已是另一个导入接口的 id：保存会替换它，请换一个",
                    "`{id}` is already another imported API's id: saving would replace it; choose another",
                ),
                &[("id", id)],
            ),
        }
    }
}
crate::error_text::localised!(EditError);

/// An edited definition of the import `editing`, read and registered with the catalog.
fn register_edited(editing: &str, text: &str) -> Result<&'static Api, EditError> {
    let api = catalog::read_entry(text).map_err(EditError::Entry)?;
    catalog::check_written(&api).map_err(EditError::Catalog)?;
    if api.id != editing && catalog::extras().iter().any(|a| a.id == api.id) {
        return Err(EditError::TakenId { id: api.id });
    }
    catalog::register(api).map_err(EditError::Catalog)
}

/// The entry as JSON: edit and save, export as a catalog file.
#[component]
fn EditDialog(api: &'static Api) -> impl IntoView {
    let s = use_app();
    let saved_text = catalog_file(api);
    let kept = EDIT_TEXTS.with(|k| k.borrow().get(&api.id).cloned());
    let text = RwSignal::new(kept.unwrap_or_else(|| saved_text.clone()));
    Effect::new(move |_| {
        let t = text.get();
        EDIT_TEXTS.with(|k| {
            let mut k = k.borrow_mut();
            if t == saved_text {
                k.remove(&api.id);
            } else {
                k.insert(api.id.clone(), t);
            }
        });
    });
    let error = RwSignal::new(None::<EditError>);
    let close = move || s.dialog.set(None);
    let save = move || {
        match text.with_untracked(|t| register_edited(&api.id, t)) {
            Ok(next) => {
                EDIT_TEXTS.with(|k| k.borrow_mut().remove(&api.id));
                if next.id != api.id {
                    catalog::unregister(&api.id);
                }
                persist();
                if s.api.get_untracked().is_some_and(|a| a.id == next.id) {
                    // Same id, new definition: the form follows it.
                    s.api.set(Some(next));
                } else {
                    s.select_api(next);
                }
                close();
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let href = move || crate::platform::data_url("application/json", &text.get());
    view! {
        <div class="dialog-head">
            <h2 id="imported-edit-dialog-title">{move || s.t(T::ImportedEdit)} " " <code>{api.id.clone()}</code></h2>
            <button class="icon-btn" aria-label=move || s.t(T::Close) on:click=move |_| close()>
                "✕"
            </button>
        </div>
        <PasteBox text testid="imported-edit-input" rows=16 autofocus=true on_edit=Callback::new(move |()| error.set(None)) />
        {move || {
            error.get().map(|e| {
                let l = s.lang.get();
                view! {
                    <div class="sup-error" role="alert" data-testid="imported-edit-error">
                        {crate::ui::code_text(&fill(T::ImportedInvalid.get(l), &[("msg", &e.localise(l))]))}
                    </div>
                }
            })
        }}
        <div class="dialog-actions">
            <a
                class="btn ghost"
                data-testid="imported-export"
                href=href
                download=format!("{}.json", api.id)
            >
                {move || s.t(T::ImportedExport)}
            </a>
            <button class="btn ghost" on:click=move |_| close()>{move || s.t(T::Cancel)}</button>
            <button class="btn primary" data-testid="imported-edit-save" on:click=move |_| save()>
                {move || s.t(T::ImportDocSave)}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use countersign_core::Localise;

    #[test]
    fn an_edit_may_not_take_another_imports_id_or_an_unusable_method() {
        let mut a = catalog::find("taobao.imbalance.create").unwrap().clone();
        a.id = "test.taken.a".into();
        let mut b = a.clone();
        b.id = "test.taken.b".into();
        catalog::register(a).unwrap();
        let mut edited = catalog::register(b).unwrap().clone();
        edited.id = "test.taken.a".into();
        let text = serde_json::to_string(&edited).unwrap();
        let err = register_edited("test.taken.b", &text).unwrap_err();
        assert_eq!(
            err,
            EditError::TakenId {
                id: "test.taken.a".into()
            }
        );
        assert!(err.localise(Lang::Zh).contains("另一个导入接口"), "{err}");
        assert!(
            catalog::find("test.taken.a").is_some(),
            "the other import is kept"
        );

        edited.id = "test.taken.b".into();
        for (method, bad) in [
            (Some("taobao.demo widget"), true),
            (Some(" "), true),
            (Some("a.b"), false),
        ] {
            edited.method = method.map(String::from);
            let text = serde_json::to_string(&edited).unwrap();
            assert_eq!(
                register_edited("test.taken.b", &text).is_err(),
                bad,
                "{method:?}"
            );
        }
    }

    #[test]
    fn an_edit_that_is_no_api_names_where_and_why() {
        // Where and why, as core reads an entry (catalog::entry has the cases).
        let err = register_edited("x", "[]").unwrap_err();
        assert_eq!(err, EditError::Entry(catalog::EntryError::NotAnObject));
        assert!(err.localise(Lang::Zh).contains("JSON 对象"), "{err}");
        let err = register_edited("x", "{\n  \"id\": \n}").unwrap_err();
        assert!(err.to_string().starts_with("line 3, column"), "{err}");
    }
}
