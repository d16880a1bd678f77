//! The raw JSON tab, in two-way sync with the form through the document: valid text
//! updates the document; invalid text is kept as typed and the error is shown with its
//! line and column.

use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::platform::text_change::{self, Change, Seen};
use crate::state::use_app;

#[component]
pub fn RawJson() -> impl IntoView {
    let s = use_app();
    // A memo: the status below is drawn again when the error changes, not on each key.
    let error = Memo::new(move |_| s.doc.with(|d| d.error.clone()));
    let error = move || error.get();
    // The text goes into the box when it comes from elsewhere (the form, an example, a
    // draft), not when it was typed there: the box holds it already. Copying a 100-row
    // document's 100 KB back into it was a fifth of each keystroke's reactive work.
    let from_elsewhere = Memo::new(move |_| s.doc.with(|d| (!d.is_typed()).then(|| d.rev())));
    // The box's text at its last input, and the tab text's revision it became: the next
    // keystroke then sends only what it changed (`platform::text_change`).
    let seen = std::rc::Rc::new(std::cell::RefCell::new(None::<(Seen, u64)>));
    // A memo, so that a keystroke re-renders the status only when this changes.
    let not_object = Memo::new(move |_| s.doc.with(|d| !d.doc.is_object()));
    // The line at fault with a caret under the column, like a compiler would show it.
    let excerpt = move || {
        let e = error()?;
        Some(s.doc.with(|d| excerpt_at(&d.raw(), e.line, e.column)))
    };
    view! {
        <div class="raw-json">
            <div class="json-status" data-testid="raw-json-status">
                {move || match error() {
                    Some(e) => view! {
                        <div class="err" data-testid="raw-json-error">
                            // One line: the box lays its children out as a column.
                            <div>
                                <strong>{move || s.t(T::JsonInvalid)}</strong>
                                " · "
                                {fill(
                                    s.t(T::JsonLineCol),
                                    // serde_json says column 0 for text that ends before
                                    // a line's first character; columns count from 1.
                                    &[("line", &e.line.to_string()), ("column", &e.column.max(1).to_string())],
                                )}
                                " · "
                                {move || crate::ui::code_text(&e.reason(s.lang.get()))}
                            </div>
                            <pre class="excerpt">{excerpt}</pre>
                            <span class="muted">{move || s.t(T::JsonKept)}</span>
                        </div>
                    }
                    .into_any(),
                    None if not_object.get() => {
                        view! { <span class="err" data-testid="raw-json-not-object">{move || s.t(T::JsonNotObject)}</span> }
                            .into_any()
                    }
                    None => view! { <span class="ok">"✓ " {move || s.t(T::JsonValid)}</span> }.into_any(),
                }}
            </div>
            <textarea
                class="input mono json-text"
                spellcheck="false"
                data-testid="raw-json"
                class:invalid=move || error().is_some()
                prop:value=move || {
                    // Read, not only tracked: a memo nobody has read never computes, so
                    // it never hears of the document (the example or Clear on this tab
                    // changed the document and left the old text here).
                    let _ = from_elsewhere.get();
                    s.doc.with_untracked(|d| d.raw())
                }
                on:input=move |ev| {
                    let Some(target) = ev.target() else { return };
                    // What this box read last, if the tab's text is still that one. Taken
                    // out, so no borrow is held while the update runs effects.
                    let rev = s.doc.with_untracked(|d| d.text_rev());
                    let last = seen.borrow_mut().take();
                    let before = last.as_ref().filter(|(_, r)| *r == rev).map(|(t, _)| t);
                    let (now, change) = text_change::read(&target, before);
                    drop(last);
                    s.doc.update(|d| match change {
                        Change::Splice { from, to, inserted } => {
                            if !d.edit_raw_splice(from, to, &inserted) {
                                d.edit_raw(String::from(now.text()));
                            }
                        }
                        Change::Whole(text) => d.edit_raw(text),
                    });
                    *seen.borrow_mut() = Some((now, s.doc.with_untracked(|d| d.text_rev())));
                }
            ></textarea>
        </div>
    }
}

/// The line at fault with a caret under the column. serde_json reports running out of
/// text (an unclosed string or brace) just past the end: shown at the end of the last line.
fn excerpt_at(text: &str, line: usize, column: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let (l, c) = match lines.get(line.saturating_sub(1)) {
        Some(l) if column > 0 => (*l, column),
        Some(l) => (*l, l.chars().count() + 1),
        None => {
            let last = lines.last().copied().unwrap_or_default();
            (last, last.chars().count() + 1)
        }
    };
    format!("{l}\n{}^", " ".repeat(c.saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::excerpt_at;

    #[test]
    fn the_caret_sits_under_the_column_or_at_the_end_of_the_text() {
        assert_eq!(excerpt_at("{\n  \"a\": x\n}", 2, 8), "  \"a\": x\n       ^");
        // An unclosed string: serde_json points past the last line.
        assert_eq!(excerpt_at("{\"a\": \"b", 2, 0), "{\"a\": \"b\n        ^");
        assert_eq!(excerpt_at("{\"a\": \"b\n", 1, 0), "{\"a\": \"b\n        ^");
        assert_eq!(excerpt_at("", 1, 0), "\n^");
        for text in ["{\"a\": \"b", "{\"a\": \"b\n", "{\n  \"a\": 1,\n"] {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let shown = excerpt_at(text, e.line(), e.column());
            let last = text.trim_end_matches('\n').lines().last().unwrap();
            let (line, caret) = shown.split_once('\n').unwrap();
            assert_eq!(line, last, "{e}");
            assert!(
                caret.ends_with('^') && caret.len() <= last.len() + 1,
                "{e}: {shown}"
            );
        }
    }
}
