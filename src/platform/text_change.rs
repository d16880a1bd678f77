//! What a keystroke changed in a text box, without copying its whole text out of JS.
//!
//! Why: reading the value of the raw JSON tab (100 KB for a 100-row document) copied and
//! re-encoded all of it into the wasm memory on every keystroke, about a quarter of the
//! tab's own work. A keystroke changes a few characters next to the caret. Two comparisons
//! of JS strings (no copy) confirm that the text before and after the change is what it
//! was, and only the changed characters cross. Anything else (a paste over a selection, an
//! undo elsewhere, a first read) reads the whole text, as before.

use js_sys::{JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A text box's value as it was read, kept on the JS side for the next comparison.
pub struct Seen(JsString);

impl Seen {
    pub fn text(&self) -> &JsString {
        &self.0
    }
}

/// What changed since the [`Seen`] text.
pub enum Change {
    /// UTF-16 units `from..to` of the seen text became `inserted`.
    Splice {
        from: usize,
        to: usize,
        inserted: String,
    },
    /// The whole text: no seen text, or a change that is not one run of characters
    /// ending at the caret.
    Whole(String),
}

/// Reads the value of `target` (a textarea or input) as a change of `before`.
pub fn read(target: &JsValue, before: Option<&Seen>) -> (Seen, Change) {
    let now: JsString = Reflect::get(target, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_else(|| JsString::from(""));
    let caret = Reflect::get(target, &JsValue::from_str("selectionEnd"))
        .ok()
        .and_then(|v| v.as_f64());
    let change = before
        .zip(caret)
        .and_then(|(before, caret)| splice(&before.0, &now, caret as u32))
        .unwrap_or_else(|| Change::Whole(String::from(&now)));
    (Seen(now), change)
}

/// `before` → `now` as one run replaced, ending at `caret` in `now`, when it is that.
fn splice(before: &JsString, now: &JsString, caret: u32) -> Option<Change> {
    let (old_len, new_len) = (before.length(), now.length());
    // Where the caret's text begins in the old text.
    let old_caret = (caret + old_len).checked_sub(new_len)?;
    if caret > new_len || old_caret > old_len {
        return None;
    }
    let from = caret.min(old_caret);
    let same = |a: JsString, b: JsString| JsValue::from(a) == JsValue::from(b);
    if !same(now.slice(caret, new_len), before.slice(old_caret, old_len))
        || !same(now.slice(0, from), before.slice(0, from))
    {
        return None;
    }
    // A cut between the halves of a surrogate pair is no place in the text's characters.
    let low = |s: &JsString, i: u32| i < s.length() && (0xDC00..0xE000).contains(&unit(s, i));
    if low(before, from) || low(before, old_caret) || low(now, from) || low(now, caret) {
        return None;
    }
    Some(Change::Splice {
        from: from as usize,
        to: old_caret as usize,
        inserted: String::from(now.slice(from, caret)),
    })
}

fn unit(s: &JsString, i: u32) -> u32 {
    s.char_code_at(i) as u32
}
