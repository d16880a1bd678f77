//! A message shown for a few seconds at the bottom of the page ("Link opened", "Saved",
//! an import that failed); any feature may show one, the shell mounts the view once.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    /// Something done ("Saved", "Link opened").
    pub fn done(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: false,
        }
    }

    /// Something that failed, with its cause.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            error: true,
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

/// The notice itself; a click dismisses it, else it goes after six seconds.
#[component]
pub fn NoticeView() -> impl IntoView {
    let notice = use_notice();
    Effect::new(move |_| {
        if notice.get().is_some() {
            set_timeout(move || notice.set(None), std::time::Duration::from_secs(6));
        }
    });
    move || {
        notice.get().map(|n| {
            view! {
                <div
                    class="sup-notice"
                    class:error=n.error
                    role="status"
                    data-testid="support-notice"
                    on:click=move |_| notice.set(None)
                >
                    {n.text}
                </div>
            }
        })
    }
}
