//! What opening a state over the builder (a history entry, a share link, a saved request,
//! an import) took away, so that one Undo puts it back: a click must not lose what the
//! person typed. Only the last replacement is kept; the notice that reports it offers the
//! Undo. Undo swaps rather than discards: what the builder shows when Undo is clicked (the
//! opened request, and any edit made to it since) is kept in turn, and the notice that
//! says so offers Redo, so neither side of the swap is lost.
//!
//! An Undo describes the tab and the API on screen when it was offered: once the person
//! moves to another API or another request tab, what it would put back is no longer what
//! the notice says (the opened request now lives on as that API's draft, or in its tab),
//! so the note is forgotten and a notice still offering it goes ([`install`]).
//!
//! A request opened in a request tab of its own replaced nothing, but its Undo is still
//! expected: it closes that tab and shows the one left, and Redo opens it again
//! ([`opened_tab`]).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use countersign_core::catalog::Api;
use leptos::prelude::*;
use serde_json::Value;

use crate::builder::document::DocState;
use crate::i18n::T;
use crate::saved::TabsState;
use crate::signature::signing::{Pins, SignOptions};
use crate::state::{AppState, View};
use crate::ui::{Notice, UndoAction};

/// What the caller marks beside the builder (the request tab's saved request): `.0` puts
/// back the marks of one state, `.1` those of the state that replaced it.
type Marks = (Rc<dyn Fn()>, Rc<dyn Fn()>);

/// The builder as it was before a replacement.
struct Before {
    api: Option<&'static Api>,
    /// The document on screen, with the JSON tab's typed text (also when it does not parse).
    doc: DocState,
    drafts: BTreeMap<String, Value>,
    pins: Pins,
    api_pins: BTreeMap<String, Pins>,
    options: SignOptions,
    envs: BTreeMap<String, String>,
    /// The answer on screen and what it was asked with: an Undo brings it back with the
    /// request it answers.
    answer: Option<crate::send::SendResult>,
    answered_for: Option<crate::send::Inputs>,
    /// The caller's marks of this state and of the one that replaced it.
    marks: Option<Marks>,
}

/// The Undo (or Redo) last offered for the note, and where it was offered: the request
/// tab and the API on screen.
struct Offered {
    action: UndoAction,
    tab: Option<u64>,
    api: Option<String>,
}

/// A request opened in a new tab (`opened`) from tab `left`.
#[derive(Clone, Copy, PartialEq)]
struct OpenedTab {
    left: u64,
    opened: u64,
}

thread_local! {
    static LAST: RefCell<Option<Before>> = const { RefCell::new(None) };
    static OPENED: RefCell<Option<OpenedTab>> = const { RefCell::new(None) };
    static OFFERED: RefCell<Option<Offered>> = const { RefCell::new(None) };
    /// The request tabs, to say which one an Undo was offered in (set by [`install`]).
    static TABS: RefCell<Option<TabsState>> = const { RefCell::new(None) };
    /// Where notices show (set by [`install`]), to take down one whose Undo went stale.
    static NOTICE: RefCell<Option<RwSignal<Option<Notice>>>> = const { RefCell::new(None) };
}

/// Takes down the notice offering the last Undo (or Redo), if it is still showing: a newer
/// note took its place, and the Undo would act on a state it does not describe (or on
/// none, and do nothing at all).
fn withdraw() {
    let Some(action) = OFFERED.with(|o| o.borrow_mut().take()).map(|o| o.action) else {
        return;
    };
    let Some(notice) = NOTICE.with(|n| *n.borrow()) else {
        return;
    };
    let showing = notice
        .try_with_untracked(|n| n.as_ref().is_some_and(|n| n.undo.as_ref() == Some(&action)))
        .unwrap_or(false);
    if showing {
        notice.set(None);
    }
}

/// Where the builder is: the request tab and the API on screen.
fn place(s: &AppState) -> (Option<u64>, Option<String>) {
    let tab = TABS.with(|t| t.borrow().map(|t| t.on_screen_untracked()));
    (tab, s.api.get_untracked().map(|a| a.id.clone()))
}

/// Hands out `action` as the note's Undo (or Redo), for the place on screen.
fn offer(s: &AppState, action: UndoAction) -> UndoAction {
    let (tab, api) = place(s);
    let offered = Offered {
        action: action.clone(),
        tab,
        api,
    };
    OFFERED.with(|o| *o.borrow_mut() = Some(offered));
    action
}

/// Called once by the shell (through `exchange::install`), after the request tabs: when
/// the builder moves to another API or request tab than the one the last Undo was offered
/// for, the note is forgotten and the notice offering it is taken down. Its Undo would put
/// back a state it no longer describes, over drafts and pins kept since.
pub fn install(s: AppState, tabs: TabsState, notice: RwSignal<Option<Notice>>) {
    TABS.with(|t| *t.borrow_mut() = Some(tabs));
    NOTICE.with(|n| *n.borrow_mut() = Some(notice));
    Effect::new(move |_| {
        let api = s.api.with(|a| a.map(|a| a.id.clone()));
        let tab = Some(tabs.on_screen());
        let moved = OFFERED.with(|o| {
            o.borrow()
                .as_ref()
                .is_some_and(|x| x.tab != tab || x.api != api)
        });
        if moved {
            // Also takes down the notice offering it.
            forget();
        }
    });
}

/// Notes the builder before `incoming` replaces the document of `api`, when that loses
/// something: the document `api` had (on screen or as its draft) differs from `incoming`
/// and is not merely its empty or starter document, or the JSON tab holds text that does
/// not parse. Otherwise forgets any earlier note: an Undo must not jump back further.
pub fn note(s: &AppState, api: &'static Api, incoming: &Value) {
    let on_screen = s.api.get_untracked().is_some_and(|a| a.id == api.id);
    let worth_keeping = |doc: &Value| {
        doc != incoming
            && doc.as_object().is_some_and(|o| !o.is_empty())
            && *doc != api.starter_document()
    };
    // Compared where the documents are: only what is kept is copied.
    let loses = s
        .doc
        .with_untracked(|d| d.error.is_some() || (on_screen && worth_keeping(&d.doc)))
        || (!on_screen
            && s.drafts
                .with_value(|m| m.get(&api.id).is_some_and(worth_keeping)));
    set_note(loses.then(|| capture(s, None)));
}

/// Notes the builder before a replacement, whatever it shows: the replacement takes the
/// request tab itself (its API too), so Undo must be able to give it back.
pub fn keep(s: &AppState) {
    set_note(Some(capture(s, None)));
}

/// The builder as it is now.
fn capture(s: &AppState, marks: Option<Marks>) -> Before {
    Before {
        api: s.api.get_untracked(),
        doc: s.doc.with_untracked(DocState::clone),
        drafts: s.drafts.get_value(),
        pins: s.pins.get_untracked(),
        api_pins: s.api_pins.get_value(),
        options: s.options.get_untracked(),
        envs: s.envs.get_untracked(),
        answer: s.sender.result().get_untracked(),
        answered_for: s.answered_for.get_untracked(),
        marks,
    }
}

/// Forgets the last replacement (what it replaced lives on elsewhere: the person moved to
/// another request tab, or a new one was opened for it), and the last tab opened.
pub fn forget() {
    set_note(None);
}

/// Makes `before` the last note (or none), in place of any earlier one, a tab opened
/// included, and takes down the notice offering the earlier one's Undo.
fn set_note(before: Option<Before>) {
    withdraw();
    OPENED.with(|o| o.borrow_mut().take());
    LAST.with(|l| *l.borrow_mut() = before);
}

/// Notes that a request was opened in a new tab, `opened`, from tab `left`: its Undo
/// closes `opened` and shows `left` again.
pub fn opened_tab(left: u64, opened: u64) {
    forget();
    OPENED.with(|o| *o.borrow_mut() = Some(OpenedTab { left, opened }));
}

/// Has the last replacement's Undo also run `undo` (to put back the caller's own marks),
/// and its Redo `redo` (to set them again as the replacement did).
pub fn also_on_undo(undo: impl Fn() + 'static, redo: impl Fn() + 'static) {
    LAST.with(|l| {
        if let Some(b) = l.borrow_mut().as_mut() {
            b.marks = Some((Rc::new(undo), Rc::new(redo)));
        }
    });
}

/// The Undo for the notice that reports the last replacement, if it replaced anything.
pub fn undo_action(s: AppState) -> Option<UndoAction> {
    if LAST.with(|l| l.borrow().is_some()) {
        return Some(offer(
            &s,
            UndoAction::then(T::Undo, move || swap(&s, false)),
        ));
    }
    let opened = OPENED.with(|o| *o.borrow())?;
    Some(offer(
        &s,
        UndoAction::then(T::Undo, move || close_opened(&s, opened)),
    ))
}

/// The Undo of a request opened in a tab of its own: shows the tab left and closes the
/// new one (kept, as any closed tab, for the Redo that opens it again).
fn close_opened(s: &AppState, o: OpenedTab) -> Option<Notice> {
    // Only while it is still the last thing noted (its notice goes when it is not).
    if OPENED.with(|x| *x.borrow()) != Some(o) {
        return None;
    }
    let tabs = TABS.with(|t| *t.borrow())?;
    // The tab left first: closing the tab on screen would show its right-hand neighbour.
    // (A switch is refused while an answer is on its way: it belongs to the new tab.)
    if !tabs.switch(s, o.left) {
        return Some(Notice::error(T::UndoTabWaits));
    }
    tabs.close(s, o.opened);
    let s = *s;
    let back = offer(&s, UndoAction::then(T::Redo, move || reopen_opened(&s, o)));
    Some(Notice::done(T::UndoneOpenedTab).with_undo(Some(back)))
}

/// The Redo after [`close_opened`]: the closed tab again, on screen.
fn reopen_opened(s: &AppState, o: OpenedTab) -> Option<Notice> {
    let tabs = TABS.with(|t| *t.borrow())?;
    if !tabs.reopen_tab(o.opened) || !tabs.switch(s, o.opened) {
        return Some(Notice::error(T::RedoTabGone));
    }
    // Noted after the switch, which forgets what was noted before it.
    OPENED.with(|x| *x.borrow_mut() = Some(o));
    let s = *s;
    let back = offer(&s, UndoAction::then(T::Undo, move || close_opened(&s, o)));
    Some(Notice::done(T::RedoneOpenedTab).with_undo(Some(back)))
}

/// Puts back the builder as the last note kept it, and keeps what it showed in its place:
/// the notice returned says what happened and offers the way back (Redo after an Undo,
/// Undo after a Redo).
fn swap(s: &AppState, redo: bool) -> Option<Notice> {
    let b = LAST.with(|l| l.borrow_mut().take())?;
    let now = capture(s, b.marks.as_ref().map(|(a, b)| (b.clone(), a.clone())));
    s.drafts.set_value(b.drafts);
    s.api_pins.set_value(b.api_pins);
    s.pins.set(b.pins);
    s.options.set(b.options);
    s.envs.set(b.envs);
    s.doc.update(|d| d.put_back(b.doc));
    s.api.set(b.api);
    s.show_answer_for(b.answer, b.answered_for);
    s.view.set(View::Builder);
    if let Some((put_back, _)) = b.marks {
        put_back();
    }
    LAST.with(|l| *l.borrow_mut() = Some(now));
    let s = *s;
    let (text, label) = if redo {
        (T::RedoneReplaced, T::Undo)
    } else {
        (T::UndoneReplaced, T::Redo)
    };
    let back = offer(&s, UndoAction::then(label, move || swap(&s, !redo)));
    Some(Notice::done(text).with_undo(Some(back)))
}
