//! A message shown for a few seconds at the bottom of the page ("Link opened", "Saved",
//! an import that failed); any feature may show one, the shell mounts the view once.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
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
