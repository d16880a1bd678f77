//! The shell: header, three columns (catalog · request · response), dialogs, and the
//! global keys (Ctrl/⌘+Enter send, Ctrl/⌘+S save, F8 or Ctrl+Shift+P presenter mode, Esc
//! closes). Every dialog is one `Dialog` in `AppState::dialog`, framed by `ui::DialogFrame`
//! and closed by the one Escape handler here.

use leptos::ev;
use leptos::prelude::*;

use crate::builder::request_pane::{RequestPane, SendAnywayDialog};
use crate::credentials::CredentialsDialog;
use crate::exchange::{ExportDialog, ImportDialog};
use crate::inspector::response_pane::ResponsePane;
use crate::layout::header::Header;
use crate::platform;
use crate::settings::SettingsDialog;
use crate::sidebar::imported::ImportedDialogs;
use crate::sidebar::Sidebar;
use crate::state::{AppState, View};
use crate::ui::NoticeView;

#[component]
pub fn App() -> impl IntoView {
    let s = AppState::new();
    provide_context(s);
    provide_context(crate::layout::Layout::new(s));
    s.persist();
    // After the state: it chose this window's tabs and draft (`platform::windows`).
    platform::windows::keep_alive();
    crate::ui::provide_notice();
    let notice = crate::ui::use_notice();
    crate::check::install();
    crate::history::install(s);
    // The request tabs first: a share link on start may open a tab of its own.
    crate::saved::install();
    crate::exchange::install(s);

    Effect::new(move |_| platform::set_document_lang(s.lang.get().html_lang()));

    return_focus_on_close(move || s.dialog.get().is_some());
    crate::platform::focus_trap::install(move || s.dialog.get().is_some());
    crate::layout::route::install(s);

    // The live clock for an unpinned timestamp.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if !s.clock_paused.get_untracked() {
                s.now_ms.set(platform::now_ms());
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    // Presenter mode hides the sidebar; Ctrl/⌘+K shows it over the page until an API is
    // picked (or Escape), so a trainer can switch API without leaving the mode.
    let peek = RwSignal::new(false);
    // Where the focus was before Ctrl/⌘+K, to give it back on Escape.
    let before_search = StoredValue::new_local(None::<platform::Focused>);
    Effect::new(move |_| {
        s.api.track();
        peek.set(false);
    });
    // A dialog opened from the list (or over it) takes the page: the list goes.
    Effect::new(move |_| {
        if s.dialog.with(Option::is_some) {
            peek.set(false);
        }
    });
    // Any pick closes the list, also the API already on screen (which changes nothing).
    let picked = move |ev: web_sys::MouseEvent| {
        if s.presenter.get_untracked() && platform::event_within(&ev, ".api-item") {
            peek.set(false);
        }
    };
    // Ctrl/⌘+K, or presenter mode's API list button: jump to the API search.
    let open_search = Callback::new(move |()| {
        if s.presenter.get_untracked() {
            peek.set(true);
        }
        let from = platform::Focused::now().filter(|el| el.id() != "api-search");
        if from.is_some() {
            before_search.set_value(from);
        }
        // At once when the list is on screen: keys typed right after Ctrl+K must land in
        // the search, not in the field just left (a timer lets them through first). In
        // presenter mode the list renders first, in the task queued before this one.
        if !platform::focused("api-search") {
            leptos::task::spawn_local(async {
                if !platform::focused("api-search") {
                    set_timeout(
                        || platform::focus("api-search"),
                        std::time::Duration::from_millis(0),
                    );
                }
            });
        }
    });
    provide_context(crate::layout::OpenSearch(open_search));
    let keys = window_event_listener(ev::keydown, move |e| {
        let key = e.key();
        let ctrl = e.ctrl_key() || e.meta_key();
        if key == "F8" || (ctrl && e.shift_key() && key.eq_ignore_ascii_case("p")) {
            e.prevent_default();
            s.presenter.update(|p| *p = !*p);
        } else if ctrl && key.eq_ignore_ascii_case("k") {
            e.prevent_default();
            open_search.run(());
        } else if ctrl && !e.shift_key() && key.eq_ignore_ascii_case("s") {
            // Ctrl/⌘+S saves the request (not the page).
            e.prevent_default();
            if s.dialog.get_untracked().is_none() && s.api.get_untracked().is_some() {
                s.dialog.set(Some(crate::state::Dialog::SaveRequest));
            }
        } else if ctrl && key == "Enter" {
            e.prevent_default();
            if s.dialog.get_untracked().is_none() {
                s.request_send(notice);
            }
        } else if key == "Escape" && s.dialog.get_untracked().is_some() {
            e.prevent_default();
            s.dialog.set(None);
        } else if key == "Escape" && peek.get_untracked() {
            peek.set(false);
            return_from_search(before_search);
        } else if key == "Escape" {
            return_from_search(before_search);
        }
    });
    on_cleanup(move || keys.remove());

    // The answer column stays narrow until the first send, then keeps its width: moving
    // the form by a fifth of the screen on each switch between an API with an answer and
    // one without made people lose their place.
    let answered = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false)
            || s.sender.pending().get()
            || s.sender.result().with(Option::is_some)
    });
    view! {
        <div class="app" class:presenter=move || s.presenter.get()>
            <Header />
            <main class="columns" class:idle=move || !answered.get()>
                <Show when=move || !s.presenter.get() || peek.get()>
                    <div class="sidebar-slot" class:peek=move || s.presenter.get() on:click=picked>
                        <Sidebar />
                    </div>
                </Show>
                <section class="col request-col" data-testid="request-column">
                    {move || match s.view.get() {
                        View::Builder => view! { <RequestPane /> }.into_any(),
                        View::History => view! { <crate::history::HistoryView /> }.into_any(),
                        View::CheckSignature => view! { <crate::check::CheckView /> }.into_any(),
                    }}
                </section>
                <section class="col response-col" data-testid="response-column">
                    <ResponsePane />
                    // In the answer's column: beside the work, never over the signature
                    // panel or the form.
                    <NoticeView />
                </section>
            </main>
            <CredentialsDialog />
            <SettingsDialog />
            <SendAnywayDialog />
            <crate::saved::SaveDialog />
            <ImportDialog />
            <ExportDialog />
            <ImportedDialogs />
        </div>
    }
}

/// A dialog that closes gives the focus back to what had it when the dialog opened, so
/// keyboard users continue where they were.
fn return_focus_on_close(is_open: impl Fn() -> bool + 'static) {
    let opener = StoredValue::new_local(None::<platform::Focused>);
    Effect::new(move |was_open: Option<bool>| {
        let open = is_open();
        match (was_open.unwrap_or(false), open) {
            (false, true) => opener.set_value(platform::Focused::now()),
            (true, false) => {
                if let Some(el) = opener.get_value() {
                    el.restore();
                }
            }
            _ => {}
        }
        open
    });
}

/// Escape in the API search gives the focus back to where Ctrl/⌘+K took it from.
fn return_from_search(before: StoredValue<Option<platform::Focused>, LocalStorage>) {
    let in_search = platform::Focused::now().is_some_and(|el| el.id() == "api-search");
    if !in_search {
        return;
    }
    if let Some(el) = before.try_update_value(Option::take).flatten() {
        el.restore();
    }
}
