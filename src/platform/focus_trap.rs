//! Keyboard focus for dialogs and menus, in one place for all of them: an open modal
//! dialog (`aria-modal="true"` or `role="alertdialog"`) gets the focus when it opens and
//! keeps Tab inside; arrow keys move between the items of a `role="menu"`, a
//! `role="listbox"` and a `role="radiogroup"`, each one Tab stop (see [`tab_stop`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

const MODAL: &str = r#"[aria-modal="true"], [role="alertdialog"]"#;
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The modal on top (the last one in the page), if any.
fn top_modal() -> Option<Element> {
    let list = document()?.query_selector_all(MODAL).ok()?;
    (0..list.length())
        .rev()
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .next()
}

/// What can take the focus inside `root`, in order, leaving out hidden elements.
fn focusables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some() || e.get_client_rects().length() > 0)
        .collect()
}

fn active() -> Option<Element> {
    document()?.active_element()
}

/// Moves the focus into a dialog that just opened, unless it is already inside: its
/// `[data-autofocus]` element (its text selected when the attribute says `select`), else
/// the first field, else the first button.
pub fn focus_into_modal() {
    let Some(modal) = top_modal() else { return };
    if active().is_some_and(|a| modal.contains(Some(&a))) {
        return;
    }
    let first_of = |sel: &str| {
        modal
            .query_selector(sel)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    };
    let target = first_of("[data-autofocus]")
        .or_else(|| first_of("input:not([disabled]):not([type=hidden]), textarea:not([disabled]), select:not([disabled])"))
        .or_else(|| focusables(&modal).into_iter().next());
    if let Some(t) = target {
        let _ = t.focus();
        // A proposed value the person will usually replace (a save name): selected, so
        // typing replaces it rather than appending to it.
        if t.get_attribute("data-autofocus").as_deref() == Some("select") {
            if let Some(input) = t.dyn_ref::<web_sys::HtmlInputElement>() {
                input.select();
            }
        }
    }
}

/// Tab and Shift+Tab cycle inside the open modal; focus outside it comes back in.
fn trap_tab(e: &web_sys::KeyboardEvent) {
    let Some(modal) = top_modal() else { return };
    let items = focusables(&modal);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let now = active();
    let inside = now.as_ref().is_some_and(|a| modal.contains(Some(a)));
    let is = |el: &HtmlElement| {
        now.as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    let target = if !inside {
        Some(if e.shift_key() { last } else { first })
    } else if e.shift_key() && is(first) {
        Some(last)
    } else if !e.shift_key() && is(last) {
        Some(first)
    } else {
        None
    };
    if let Some(t) = target {
        e.prevent_default();
        let _ = t.focus();
    }
}

/// The widgets whose items the arrows move between: the item's role, its container's,
/// and whether moving also chooses (a radio group, as the browser's own radios do; a
/// listbox's option is opened with Enter, as it costs a request form to draw).
const COMPOSITES: [(&str, &str, bool); 4] = [
    ("menuitem", r#"[role="menu"]"#, false),
    ("option", r#"[role="listbox"]"#, false),
    ("radio", r#"[role="radiogroup"]"#, true),
    // Form / JSON, Body / Headers / Raw: the arrow shows the tab, as a browser's do.
    ("tab", r#"[role="tablist"]"#, true),
];

/// The `tabindex` of an item of a listbox, radio group, tab list or menu: only the chosen
/// one (a menu's: the one last focused) is a Tab stop (the arrows reach the rest), or every one while none is chosen, so the widget
/// is one Tab stop and not twenty.
pub fn tab_stop(chosen: bool, any_chosen: bool) -> &'static str {
    if chosen || !any_chosen {
        "0"
    } else {
        "-1"
    }
}

/// ↑/↓ (and ←/→, Home, End) move between the items of the menu, listbox, radio group or
/// tab list that has the focus; hidden items are skipped.
fn menu_arrows(e: &web_sys::KeyboardEvent) {
    // A widget that moves itself (the request tabs) has said so.
    if e.default_prevented() {
        return;
    }
    let Some(item) = active() else {
        return;
    };
    let role = item.get_attribute("role").unwrap_or_default();
    let Some((role, container, choose)) = COMPOSITES.iter().find(|(r, ..)| *r == role) else {
        return;
    };
    let Some(menu) = item.closest(container).ok().flatten() else {
        return;
    };
    let Ok(list) = menu.query_selector_all(&format!(r#"[role="{role}"]"#)) else {
        return;
    };
    let items: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|i| !i.hidden())
        .collect();
    let Some(at) = items
        .iter()
        .position(|i| i.unchecked_ref::<Element>() == &item)
    else {
        return;
    };
    let n = items.len();
    let key = e.key();
    // Tabs lie in a row: ↑/↓ are not theirs (on the request tabs they swapped the form).
    if *role == "tab" && matches!(key.as_str(), "ArrowUp" | "ArrowDown") {
        return;
    }
    let next = match key.as_str() {
        "ArrowDown" | "ArrowRight" => (at + 1) % n,
        "ArrowUp" | "ArrowLeft" => (at + n - 1) % n,
        "Home" => 0,
        "End" => n - 1,
        _ => return,
    };
    e.prevent_default();
    let _ = items[next].focus();
    if *choose {
        items[next].click();
    }
}

/// Installs the listeners, and focuses a dialog when `any_open` turns true.
pub fn install(any_open: impl Fn() -> bool + 'static) {
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Tab" {
            trap_tab(&e);
        } else {
            menu_arrows(&e);
        }
    });
    on_cleanup(move || keys.remove());
    Effect::new(move |was: Option<bool>| {
        let open = any_open();
        if open && was != Some(true) {
            // The dialog renders in this tick; focus it on the next.
            set_timeout(focus_into_modal, std::time::Duration::from_millis(0));
        }
        open
    });
}
