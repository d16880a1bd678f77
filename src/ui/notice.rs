//! A message shown for a few seconds at the bottom of the page ("Link opened", "Saved",
//! an import that failed); any feature may show one, the shell mounts the view once.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: NoticeText,
    pub error: bool,
    /// An Undo button beside the text, for an action that replaced something.
    pub undo: Option<UndoAction>,
    /// Said of the request on screen ("Not sent: …"): gone once that request changes
    /// (an edit, another API or tab), as it no longer says why.
    pub about_request: bool,
}

/// What a notice says: fixed text, or words made in the language on screen, so a notice
/// that offers Undo (up to ten seconds) follows a language switch instead of staying in
/// the language it was set in.
#[derive(Clone)]
pub enum NoticeText {
    Fixed(String),
    InLang(std::sync::Arc<dyn Fn(crate::i18n::Lang) -> String + Send + Sync>),
}

impl NoticeText {
    pub fn get(&self, l: crate::i18n::Lang) -> String {
        match self {
            Self::Fixed(t) => t.clone(),
            Self::InLang(f) => f(l),
        }
    }
}

impl From<String> for NoticeText {
    fn from(t: String) -> Self {
        Self::Fixed(t)
    }
}

/// One of the UI's texts, said in the language on screen.
impl From<crate::i18n::T> for NoticeText {
    fn from(t: crate::i18n::T) -> Self {
        Self::InLang(std::sync::Arc::new(move |l| t.get(l).to_string()))
    }
}

impl From<&str> for NoticeText {
    fn from(t: &str) -> Self {
        Self::Fixed(t.to_string())
    }
}

impl std::fmt::Debug for NoticeText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fixed(t) => write!(f, "{t:?}"),
            Self::InLang(said) => write!(f, "{:?}", said(crate::i18n::Lang::En)),
        }
    }
}

impl PartialEq for NoticeText {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Fixed(a), Self::Fixed(b)) => a == b,
            (Self::InLang(a), Self::InLang(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// What the notice's Undo (or Redo) button runs, and the notice that follows it, if any.
#[derive(Clone)]
pub struct UndoAction {
    run: std::sync::Arc<dyn Fn() -> Option<Notice> + Send + Sync>,
    pub label: crate::i18n::T,
}

impl UndoAction {
    /// An Undo that says nothing more.
    pub fn new(f: impl Fn() + Send + Sync + 'static) -> Self {
        Self::then(crate::i18n::T::Undo, move || {
            f();
            None
        })
    }

    /// A button labelled `label` whose action may answer with a notice of its own (which
    /// may offer the way back).
    pub fn then(
        label: crate::i18n::T,
        f: impl Fn() -> Option<Notice> + Send + Sync + 'static,
    ) -> Self {
        Self {
            run: std::sync::Arc::new(f),
            label,
        }
    }
}

impl std::fmt::Debug for UndoAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UndoAction")
    }
}

impl PartialEq for UndoAction {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.run, &other.run)
    }
}

impl Notice {
    /// Something done ("Saved", "Link opened").
    pub fn done(text: impl Into<NoticeText>) -> Self {
        Self {
            text: text.into(),
            error: false,
            undo: None,
            about_request: false,
        }
    }

    /// The same notice with an Undo button, when there is something to undo.
    pub fn with_undo(self, undo: Option<UndoAction>) -> Self {
        Self { undo, ..self }
    }

    /// Something done, said in the language on screen.
    pub fn done_in(said: impl Fn(crate::i18n::Lang) -> String + Send + Sync + 'static) -> Self {
        Self::done(NoticeText::InLang(std::sync::Arc::new(said)))
    }

    /// Something that failed, said in the language on screen.
    pub fn error_in(said: impl Fn(crate::i18n::Lang) -> String + Send + Sync + 'static) -> Self {
        Self::error(NoticeText::InLang(std::sync::Arc::new(said)))
    }

    /// Something that failed, with its cause.
    pub fn error(text: impl Into<NoticeText>) -> Self {
        Self {
            text: text.into(),
            error: true,
            undo: None,
            about_request: false,
        }
    }

    /// The same notice, said of the request on screen (see [`Notice::about_request`]).
    pub fn about_request(self) -> Self {
        Self {
            about_request: true,
            ..self
        }
    }
}

#[derive(Clone, Copy)]
struct NoticeSlot(RwSignal<Option<Notice>>);

/// Called once by the shell, before any feature shows a notice.
pub fn provide_notice() {
    provide_context(NoticeSlot(RwSignal::new(None)));
}

/// The notice on screen; set it to show one.
pub fn use_notice() -> RwSignal<Option<Notice>> {
    expect_context::<NoticeSlot>().0
}

/// Shows an error notice when `result` failed, in the words `say` gives its error: the
/// shape "do it, say why it did not" the actions with an `Err` share.
pub fn notice_on_error<T, E>(
    notice: RwSignal<Option<Notice>>,
    result: Result<T, E>,
    say: impl FnOnce(E) -> String,
) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            notice.set(Some(Notice::error(say(e))));
            None
        }
    }
}

/// The notice itself; a click dismisses it, else it goes after six seconds (ten when it
/// offers Undo, which takes a moment to decide).
#[component]
pub fn NoticeView() -> impl IntoView {
    let notice = use_notice();
    let s = crate::state::use_app();
    // Each notice shown gets a number: a timer dismisses only the notice it was set for,
    // not a later one that replaced it.
    let shown = StoredValue::new(0u64);
    // "Not sent: …" of a request that has changed since (its error mended, another API
    // opened) would say something no longer true of what is on screen. What was typed,
    // not the signature: that follows the clock, and would take the notice within a second.
    Effect::new(move |_| {
        s.api.track();
        s.doc.track();
        s.pins.track();
        if notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.about_request)) {
            notice.set(None);
        }
    });
    Effect::new(move |_| {
        let Some(n) = notice.get() else { return };
        shown.update_value(|k| *k += 1);
        let mine = shown.get_value();
        let secs = if n.undo.is_some() { 10 } else { 6 };
        set_timeout(
            move || {
                if shown.try_get_value() == Some(mine) {
                    notice.set(None);
                }
            },
            std::time::Duration::from_secs(secs),
        );
    });
    move || {
        notice.get().map(|n| {
            let undo = n.undo.clone().map(|action| {
                view! {
                    <button
                        class="btn small sup-notice-undo"
                        data-testid="notice-undo"
                        on:click=move |ev| {
                            ev.stop_propagation();
                            notice.set(None);
                            let next = (action.run)();
                            if next.is_some() {
                                notice.set(next);
                            }
                        }
                    >
                        {move || s.t(action.label)}
                    </button>
                }
            });
            view! {
                <div
                    class="sup-notice"
                    class:error=n.error
                    role="status"
                    data-testid="support-notice"
                    on:click=move |_| notice.set(None)
                >
                    <span data-testid="support-notice-text">
                        {move || super::code_text(&n.text.get(s.lang.get()))}
                    </span>
                    {undo}
                </div>
            }
        })
    }
}
