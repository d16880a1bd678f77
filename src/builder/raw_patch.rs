//! A keystroke inside a JSON string, read without parsing the whole text again.
//!
//! Why: the raw JSON tab re-parsed the whole text on every keystroke, and serde_json's
//! ordered maps make a 100-row document (~100 KB) cost about a millisecond natively and
//! several in the browser's size-optimised build. Most keystrokes there change the text of
//! one string value: the text before and after the change is the same, and the change lies
//! between the quotes of one value with no quote or backslash in it. Then the document is
//! the old one with that value replaced, found by scanning the text up to the change (no
//! values built). Anything else — a key, a number, a bracket, an escape — gets `None`, and
//! the caller parses the text as before.

use super::document::{Path, Seg};

/// A string value's new text and where it is in the document.
#[derive(Debug, PartialEq)]
pub struct StringEdit {
    pub path: Path,
    pub value: String,
}

/// What changed from `old` (text that parsed into the document) to `new`, when the change
/// lies inside one string value and leaves it without escapes.
pub fn string_edit(old: &str, new: &str) -> Option<StringEdit> {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let limit = o.len().min(n.len());
    let prefix = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    let suffix = o[prefix..]
        .iter()
        .rev()
        .zip(n[prefix..].iter().rev())
        .take(limit - prefix)
        .take_while(|(a, b)| a == b)
        .count();
    let (old_end, new_end) = (o.len() - suffix, n.len() - suffix);
    let plain = |b: &[u8]| !b.iter().any(|&c| c == b'"' || c == b'\\' || c < 0x20);
    if !plain(&o[prefix..old_end]) || !plain(&n[prefix..new_end]) {
        return None;
    }
    let mut scan = Scanner::new(o);
    let open = scan.string_value_at(prefix)?;
    // The closing quote: the change holds none, so it is the first one after the change.
    let close = old_end + o[old_end..].iter().position(|&c| c == b'"')?;
    if o[open + 1..close].contains(&b'\\') || scan.path.is_empty() {
        return None;
    }
    let path = scan.path.clone();
    // A later duplicate of a key on the way would win when parsed: leave that to the parser.
    scan.i = close + 1;
    if scan.repeats_a_key_of(&path) {
        return None;
    }
    let new_close = close - old_end + new_end;
    Some(StringEdit {
        path,
        value: new.get(open + 1..new_close)?.to_string(),
    })
}

enum Frame {
    Object { expect_key: bool },
    Array,
}

/// Walks JSON text string by string, keeping the path of where it is: one frame per open
/// container, and one path segment per frame while inside one of its values.
struct Scanner<'t> {
    text: &'t [u8],
    i: usize,
    frames: Vec<Frame>,
    path: Path,
    /// The fewest frames open since the scan began: the frames below it are still the
    /// containers the scan started in.
    low: usize,
}

/// A string token: where its opening quote is, where it ends (its closing quote, or its
/// first backslash), and whether it is an object's key.
struct Token {
    open: usize,
    end: usize,
    is_key: bool,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t [u8]) -> Self {
        Self {
            text,
            i: 0,
            frames: Vec::new(),
            path: Vec::new(),
            low: 0,
        }
    }

    /// Where the string value whose text contains offset `at` opens, with `self.path` its
    /// path; `None` when `at` is anywhere else or a key on the way has an escape.
    fn string_value_at(&mut self, at: usize) -> Option<usize> {
        loop {
            let t = self.next_string()?;
            if t.open >= at {
                return None;
            }
            if at <= t.end {
                let inside_value = !t.is_key && self.text[t.end] == b'"';
                return inside_value.then_some(t.open);
            }
            self.pass(&t)?;
        }
    }

    /// Whether a key of `path` appears again later in the object it belongs to.
    fn repeats_a_key_of(&mut self, path: &Path) -> bool {
        self.low = self.frames.len();
        loop {
            let Some(t) = self.next_string() else {
                return false;
            };
            if t.is_key && self.frames.len() <= self.low {
                let depth = self.frames.len() - 1;
                let key = &self.text[t.open + 1..t.end];
                if matches!(&path[depth], Seg::Key(k) if k.as_bytes() == key) {
                    return true;
                }
            }
            if self.pass(&t).is_none() {
                // A key with an escape: it might be any key.
                return true;
            }
        }
    }

    /// Moves past a string token, pushing it onto the path when it is a key.
    fn pass(&mut self, t: &Token) -> Option<()> {
        if self.text[t.end] == b'\\' {
            // Escapes: skip the string whole (a key with one ends the fast path).
            if t.is_key {
                return None;
            }
            self.i = skip_string(self.text, t.open)?;
            return Some(());
        }
        if t.is_key {
            let key = std::str::from_utf8(&self.text[t.open + 1..t.end]).ok()?;
            self.path.push(Seg::Key(key.to_string()));
            if let Some(Frame::Object { expect_key }) = self.frames.last_mut() {
                *expect_key = false;
            }
        }
        self.i = t.end + 1;
        Some(())
    }

    /// The next string token, keeping frames and path up to date on the way.
    fn next_string(&mut self) -> Option<Token> {
        let text = self.text;
        while self.i < text.len() {
            match text[self.i] {
                b'{' => self.frames.push(Frame::Object { expect_key: true }),
                b'[' => {
                    self.frames.push(Frame::Array);
                    self.path.push(Seg::Index(0));
                }
                b'}' | b']' => {
                    let frame = self.frames.pop()?;
                    self.low = self.low.min(self.frames.len());
                    if matches!(frame, Frame::Array) || self.path.len() > self.frames.len() {
                        self.path.pop();
                    }
                }
                b',' => match self.frames.last_mut()? {
                    Frame::Array => match self.path.last_mut()? {
                        Seg::Index(n) => *n += 1,
                        Seg::Key(_) => return None,
                    },
                    Frame::Object { expect_key } => {
                        self.path.pop();
                        *expect_key = true;
                    }
                },
                b'"' => {
                    let open = self.i;
                    let rest = &text[open + 1..];
                    let end = open + 1 + rest.iter().position(|&c| c == b'"' || c == b'\\')?;
                    let is_key =
                        matches!(self.frames.last(), Some(Frame::Object { expect_key: true }));
                    return Some(Token { open, end, is_key });
                }
                _ => {}
            }
            self.i += 1;
        }
        None
    }
}

/// The offset just past the string starting at `open`, escapes and all.
fn skip_string(text: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::document::{get, parse_path};
    use serde_json::{json, Value};

    /// The fast path's answer, applied, must be what parsing the new text gives.
    fn agrees(old: &str, new: &str) -> bool {
        let Some(edit) = string_edit(old, new) else {
            return false;
        };
        let mut doc: Value = serde_json::from_str(old).unwrap();
        let parsed: Value = serde_json::from_str(new).unwrap();
        crate::builder::document::set(&mut doc, &edit.path, Value::String(edit.value));
        assert_eq!(doc, parsed, "{old} → {new}");
        true
    }

    #[test]
    fn a_keystroke_in_a_string_value_is_read_in_place() {
        let old = serde_json::to_string_pretty(&json!({
            "name": "ab",
            "items": [{"code": "x", "n": 1}, {"code": "yz", "tags": ["p", "q"]}],
            "empty": "",
        }))
        .unwrap();
        for (from, to) in [
            ("\"ab\"", "\"abc\""),
            ("\"ab\"", "\"b\""),
            ("\"ab\"", "\"中ab\""),
            ("\"yz\"", "\"y z\""),
            ("\"q\"", "\"qq\""),
            ("\"\"", "\"a\""),
        ] {
            assert!(agrees(&old, &old.replacen(from, to, 1)), "{from} → {to}");
        }
        let edit = string_edit(&old, &old.replacen("\"q\"", "\"r\"", 1)).unwrap();
        assert_eq!(edit.path, parse_path("items[1].tags[1]"));
        let doc: Value = serde_json::from_str(&old).unwrap();
        assert!(get(&doc, &edit.path).is_some());
    }

    #[test]
    fn anything_else_is_left_to_the_parser() {
        let old = r#"{"name": "ab", "n": 12, "k\"q": "v", "s": "a\nb", "arr": [1, "x"]}"#;
        for (from, to) in [
            ("\"name\"", "\"nome\""), // a key
            ("12", "123"),            // a number
            ("\"ab\"", "\"a\\\"b\""), // a quote typed
            ("\"ab\"", "\"a\\b\""),   // a backslash typed
            ("\"v\"", "\"vv\""),      // after a key with an escape
            ("a\\nb", "a\\nbc"),      // a string with an escape
            ("[1, ", "[1, 2, "),      // structure
        ] {
            let new = old.replacen(from, to, 1);
            assert_ne!(old, new);
            assert_eq!(string_edit(old, &new), None, "{from} → {to}");
        }
        assert_eq!(string_edit(old, old), None);
        // The parser keeps a duplicate key's last value: an edit of the first is its call.
        let dup = r#"{"a": {"b": "x"}, "a": {"b": "x"}}"#;
        assert_eq!(string_edit(dup, &dup.replacen("\"x\"", "\"xy\"", 1)), None);
        assert!(agrees(dup, &dup.replacen("\"x\"}}", "\"xy\"}}", 1)));
    }

    #[test]
    fn every_single_character_edit_of_a_document_agrees_with_the_parser() {
        let old = serde_json::to_string_pretty(&json!({
            "a": "xy", "b": ["p", {"c": "qr", "d": [["s"]]}], "e": {"f": "", "g": "t"}
        }))
        .unwrap();
        let mut fast = 0;
        for at in 0..=old.len() {
            for insert in ["z", "中", " ", ","] {
                let mut new = old.clone();
                new.insert_str(at, insert);
                if serde_json::from_str::<Value>(&new).is_ok() && agrees(&old, &new) {
                    fast += 1;
                }
            }
            if at < old.len() {
                let mut new = old.clone();
                new.remove(at);
                if serde_json::from_str::<Value>(&new).is_ok() {
                    agrees(&old, &new);
                }
            }
        }
        assert!(fast > 20, "the fast path took {fast} edits");
    }
}
