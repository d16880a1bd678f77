//! The catalog: vendors and their APIs, searchable by 中文 name, English name, method or
//! path; ↑/↓ move, Enter opens.
//!
//! The sidebar feature: this catalog list, and the APIs added from a vendor's doc page
//! (`imported`: kept in localStorage, listed here, their add/edit dialogs).

pub mod imported;

use countersign_core::catalog::{self, Api};
use countersign_core::Vendor;
use leptos::ev;
use leptos::prelude::*;

use crate::i18n::T;
use crate::state::{use_app, AppState};

#[component]
pub fn Sidebar() -> impl IntoView {
    let s = use_app();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    // The custom requests first (any method or path; hidden while a search names
    // something else, see `custom::listed_for`), then the
    // matches in vendor order, then catalog order, so the list groups by vendor.
    let customs = catalog::customs().len();
    let matches = Memo::new(move |_| {
        let q = query.get();
        let found = catalog::search(&q);
        let grouped = Vendor::ALL
            .iter()
            .flat_map(|v| found.iter().copied().filter(move |a| a.vendor == *v));
        catalog::customs()
            .iter()
            .chain(grouped)
            .collect::<Vec<&'static Api>>()
    });

    // Whether match `i` is on screen: while searching, the custom entries listed are those
    // the search fits (a method or path, or their name).
    let listed = move |m: &[&'static Api], i: usize, q: &str| {
        i >= customs || crate::custom::listed_for(m[i], q)
    };
    // Whether the API on screen is listed: then it is the list's one Tab stop (the arrows
    // move among the rest), else every entry is.
    let chosen_listed = Memo::new(move |_| {
        let Some(on) = s.api.get() else {
            return false;
        };
        query.with(|q| matches.with(|m| (0..m.len()).any(|i| m[i].id == on.id && listed(m, i, q))))
    });
    let chosen_listed = Signal::from(chosen_listed);

    // Filtered once per search: the "no match" line and the imported list both read it.
    let imported_matches = Memo::new(move |_| query.with(|q| imported::matching(q)));
    // The arrows and Enter go on from the catalog's matches into the imported ones, which
    // are listed in their own section below: match `i` past the catalog's is import
    // `i - catalog_end`.
    let catalog_end = Signal::derive(move || matches.with(Vec::len));
    let nth = move |i: usize| -> Option<&'static Api> {
        let end = catalog_end.get_untracked();
        if i < end {
            matches.with_untracked(|m| m.get(i).copied())
        } else {
            imported_matches.with_untracked(|m| m.get(i - end).copied())
        }
    };

    // The search box is a combobox over the catalog's listbox: while it is in use (the
    // focus in it, and something typed or ↑/↓ pressed since), the highlighted match is the
    // listbox's selected option and its active descendant, so a screen reader says what
    // ↑/↓ reached (the focus stays in the box). Otherwise the selected option is the API
    // on screen, as for the list on its own (a click, Ctrl+K on an empty box). The imports
    // below are no options (each has its Edit and Delete beside it): on one of them there
    // is no active descendant.
    let search_focused = RwSignal::new(false);
    let arrowed = RwSignal::new(false);
    let searching =
        move || search_focused.get() && (arrowed.get() || query.with(|q| !q.is_empty()));
    let highlight = Signal::derive(move || searching().then(|| active.get()));
    let active_option = move || {
        if !searching() {
            return None;
        }
        let i = active.get();
        query.with(|q| matches.with(|m| (i < m.len() && listed(m, i, q)).then(|| option_id(m[i]))))
    };
    let any_option =
        move || query.with(|q| matches.with(|m| (0..m.len()).any(|i| listed(m, i, q))));

    // On the search box only: an Enter in the list is the focused item's own click, and
    // Ctrl+Enter (send) must not first open the highlighted match.
    let on_key = move |e: ev::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let n = matches.with(Vec::len) + imported_matches.with(Vec::len);
        // ↓ must not land on a hidden "Taobao, any method".
        let stop = move |i: usize| {
            i >= catalog_end.get_untracked()
                || query.with_untracked(|q| matches.with_untracked(|m| listed(m, i, q)))
        };
        let step = move |from: usize, forward: bool| {
            (1..=n)
                .map(|k| {
                    if forward {
                        (from + k) % n
                    } else {
                        (from + n - k) % n
                    }
                })
                .find(|&i| stop(i))
                .unwrap_or(from)
        };
        match e.key().as_str() {
            "ArrowDown" if n > 0 => {
                e.prevent_default();
                active.update(|i| *i = step(*i, true));
                arrowed.set(true);
            }
            "ArrowUp" if n > 0 => {
                e.prevent_default();
                active.update(|i| *i = step(*i, false));
                arrowed.set(true);
            }
            "Enter" => {
                if let Some(a) = nth(active.get_untracked()) {
                    if a.is_custom() {
                        crate::custom::open(s, a, &query.get_untracked(), false);
                    } else {
                        crate::saved::show_api(&s, a);
                    }
                    // As a palette does: the search is done, so the whole list comes back
                    // (the API just opened highlighted) and typing goes to its form.
                    query.set(String::new());
                    let n = catalog_end.get_untracked() + imported_matches.with_untracked(Vec::len);
                    let at = (0..n).position(|i| nth(i).is_some_and(|x| x.id == a.id));
                    active.set(at.unwrap_or(0));
                    arrowed.set(false);
                    crate::platform::focus_form_soon();
                }
            }
            "Escape" => {
                query.set(String::new());
                arrowed.set(false);
            }
            _ => {}
        }
    };

    view! {
        <nav class="col sidebar" data-testid="sidebar">
            <input
                class="search"
                id="api-search"
                type="search"
                data-testid="api-search"
                placeholder=move || s.t(T::Search)
                title=move || s.t(T::SearchHint)
                aria-label=move || s.t(T::SearchShort)
                role="combobox"
                aria-autocomplete="list"
                aria-controls=API_LIST
                // The list is always shown, whenever it has an entry.
                aria-expanded=move || any_option().to_string()
                aria-activedescendant=active_option
                prop:value=move || query.get()
                on:focus=move |_| search_focused.set(true)
                on:blur=move |_| {
                    search_focused.set(false);
                    arrowed.set(false);
                }
                on:keydown=on_key
                on:input=move |ev| {
                    let q = event_target_value(&ev);
                    // Enter opens the first catalog match, else the first import the text
                    // names, else the custom request it fits (a method name, a /jdy/v2/
                    // path).
                    let first = crate::custom::first_choice(&q);
                    // A new text: the highlight is the search's again, not one ↑/↓ chose.
                    arrowed.set(false);
                    query.set(q);
                    let imported_first = catalog_end.get_untracked() == customs
                        && imported_matches.with_untracked(|m| !m.is_empty());
                    active.set(if imported_first { customs } else { first });
                }
            />
            <div class="api-list" role="listbox" id=API_LIST aria-label=move || s.t(T::SearchShort)>
                <crate::custom::CustomItems active query chosen_listed highlight />
                {move || {
                    let list = matches.get();
                    let imported = imported_matches.with(|m| !m.is_empty());
                    if list.len() <= customs && !imported {
                        // With a custom request listed above, the line says where to go.
                        let custom_listed = query.with(|q| (0..customs).any(|i| listed(&list, i, q)));
                        let words = if custom_listed { T::NoCatalogMatch } else { T::NoMatch };
                        return view! {
                            <p class="muted empty" data-testid="api-no-match">{move || s.t(words)}</p>
                        }
                        .into_any();
                    }
                    let mut last_vendor = None;
                    list.into_iter()
                        .enumerate()
                        .skip(customs)
                        .map(|(i, a)| {
                            let heading = (last_vendor != Some(a.vendor))
                                .then(|| {
                                    last_vendor = Some(a.vendor);
                                    let info = a.vendor_info();
                                    view! {
                                        <div class="vendor" data-testid=format!("vendor-{}", a.vendor.id())>
                                            {move || s.lang.get().pick(&info.short_name.zh, &info.short_name.en).to_string()}
                                        </div>
                                    }
                                });
                            view! {
                                {heading}
                                <ApiItem api=a index=i active chosen_listed highlight />
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
            <crate::sidebar::imported::ImportedSection list=imported_matches active offset=catalog_end />
            <crate::saved::SavedSection />
        </nav>
    }
}

/// The id of the listbox the search box controls.
const API_LIST: &str = "api-list";

/// The id of an API's option in the list (the search box's `aria-activedescendant`).
pub fn option_id(api: &Api) -> String {
    format!("api-option-{}", api.id)
}

/// Whether option `index` is the selected one: while the search box has the focus
/// (`highlight` is then the highlighted match), the highlighted match; else the API on
/// screen.
pub fn option_selected(highlight: Option<usize>, index: usize, on_screen: bool) -> bool {
    match highlight {
        Some(h) => h == index,
        None => on_screen,
    }
}

#[component]
fn ApiItem(
    api: &'static Api,
    index: usize,
    active: RwSignal<usize>,
    chosen_listed: Signal<bool>,
    highlight: Signal<Option<usize>>,
) -> impl IntoView {
    let s = use_app();
    let selected = move || s.api.get().is_some_and(|a| a.id == api.id);
    view! {
        <button
            class="api-item"
            role="option"
            id=option_id(api)
            data-testid=format!("api-{}", api.id)
            class:selected=selected
            class:active=move || active.get() == index
            aria-selected=move || option_selected(highlight.get(), index, selected()).to_string()
            tabindex=move || crate::platform::focus_trap::tab_stop(selected(), chosen_listed.get())
            title=api.endpoint().to_string()
            on:click=move |ev| {
                active.set(index);
                click_api(s, api, &ev);
                opened_by_keyboard(&ev);
            }
            on:auxclick=move |ev| middle_click_api(s, api, &ev)
        >
            <span class="api-name">
                {move || s.lang.get().pick(&api.name.zh, &api.name.en).to_string()}
            </span>
            <span class="api-sub">
                <span class="method">{api.http_method.clone()}</span>
                " "
                <span class="endpoint">{api.endpoint().to_string()}</span>
            </span>
        </button>
    }
}

/// A click on an API in the sidebar (the catalog's or an import): Ctrl/⌘+click opens it in
/// a new request tab, a plain click shows it in the tab on screen.
fn click_api(s: AppState, api: &'static Api, ev: &ev::MouseEvent) {
    if ev.ctrl_key() || ev.meta_key() {
        crate::saved::use_tabs().open_api(&s, api);
    } else {
        crate::saved::show_api(&s, api);
    }
}

/// Enter or Space on an entry (a click with no pointer behind it): typing goes on in the
/// opened API's form, as after choosing it in the search.
pub fn opened_by_keyboard(ev: &ev::MouseEvent) {
    if ev.detail() == 0 && !(ev.ctrl_key() || ev.meta_key()) {
        crate::platform::focus_form_soon();
    }
}

/// A middle click on an API in the sidebar opens it in a new request tab, as in a browser.
fn middle_click_api(s: AppState, api: &'static Api, ev: &ev::MouseEvent) {
    if ev.button() == 1 {
        ev.prevent_default();
        crate::saved::use_tabs().open_api(&s, api);
    }
}
