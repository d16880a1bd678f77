//! The signed request's body as the panel shows it: a long body only up to [`PREVIEW`]
//! bytes until the person asks for all of it. A 100-row Kingdee document is an 80 KB body;
//! laid out in full (wrapped, break-all) it cost the browser ~30 ms of layout on every
//! keystroke while the box shows 180 px of it. Copy always gives the whole body.

use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::inspector::timing::format_bytes;
use crate::state::use_app;
use crate::ui::CopyButton;

/// How much of a body is laid out until "Show all": about four fillings of the 180 px box.
pub const PREVIEW: usize = 4 * 1024;

/// The first `limit` bytes of `body`, cut on a character boundary, and how many are left.
pub fn preview(body: &str, limit: usize) -> (&str, usize) {
    if body.len() <= limit {
        return (body, 0);
    }
    let mut end = limit;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    (&body[..end], body.len() - end)
}

#[component]
pub fn WireBody(body: Memo<String>) -> impl IntoView {
    let s = use_app();
    let whole = RwSignal::new(false);
    let limit = move || if whole.get() { usize::MAX } else { PREVIEW };
    let shown = move || body.with(|b| preview(b, limit()).0.to_string());
    let left = move || body.with(|b| preview(b, limit()).1);
    let long = move || body.with(|b| b.len() > PREVIEW);
    view! {
        <div class="wire-body">
            <pre data-testid="wire-body">{shown}</pre>
            <CopyButton text=body testid="copy-body" name=T::CopyNameBody />
        </div>
        <Show when=long>
            <div class="wire-more muted small" data-testid="wire-body-more">
                <span>
                    {move || match left() {
                        0 => fill(s.t(T::WireBodyAll), &[("size", &format_bytes(body.with(String::len)))]),
                        n => fill(s.t(T::WireBodyPart), &[("size", &format_bytes(n))]),
                    }}
                </span>
                " "
                <button
                    class="btn tiny ghost"
                    data-testid="wire-body-toggle"
                    aria-expanded=move || whole.get().to_string()
                    on:click=move |_| whole.update(|w| *w = !*w)
                >
                    {move || if whole.get() { s.t(T::WireBodyLess) } else { s.t(T::WireBodyShowAll) }}
                </button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_bodies_are_shown_whole() {
        assert_eq!(preview("{}", PREVIEW), ("{}", 0));
        let exact = "x".repeat(PREVIEW);
        assert_eq!(preview(&exact, PREVIEW), (exact.as_str(), 0));
    }

    #[test]
    fn a_long_body_is_cut_on_a_character_boundary() {
        // 3-byte characters: byte 8 falls inside the third one.
        let body = "名称名称名称";
        assert_eq!(preview(body, 8), ("名称", body.len() - 6));
        assert_eq!(preview(body, 9), ("名称名", body.len() - 9));
    }
}
