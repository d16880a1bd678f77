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

/// A string value's new text, and where it is in the new text and in the document.
#[derive(Debug, PartialEq)]
pub struct StringEdit {
    pub value: String,
    pub at: Spot,
}

/// A string value of the text that raised no doubt (no escapes in it, no later duplicate
/// of a key on its path): its quotes' offsets and its path. The next keystroke inside the
/// same quotes needs no scan.
#[derive(Clone, Debug, PartialEq)]
pub struct Spot {
    open: usize,
    close: usize,
    pub path: Path,
}

/// Where two texts differ: `old[prefix..old_end]` became `new[prefix..new_end]`, the bytes
/// before and after being the same in both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub prefix: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Window {
    /// The narrowest window: found by comparing the texts from both ends.
    fn between(o: &[u8], n: &[u8]) -> Self {
        let prefix = common_prefix(o, n);
        let limit = o.len().min(n.len()) - prefix;
        let suffix = common_suffix(&o[o.len() - limit..], &n[n.len() - limit..]);
        Self {
            prefix,
            old_end: o.len() - suffix,
            new_end: n.len() - suffix,
        }
    }
}

/// What changed from `old` (text that parsed into the document) to `new`, when the change
/// lies inside one string value and leaves it without escapes. `last` is where the previous
/// keystroke's value lay in `old`, when it went this way.
pub fn string_edit(old: &str, new: &str, last: Option<&Spot>) -> Option<StringEdit> {
    let window = Window::between(old.as_bytes(), new.as_bytes());
    string_edit_in(old, new, window, last)
}

/// [`string_edit`] when the caller knows where the texts differ (a splice of the typed
/// text): no comparison of the two whole texts to find it again.
pub fn string_edit_in(
    old: &str,
    new: &str,
    window: Window,
    last: Option<&Spot>,
) -> Option<StringEdit> {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let Window {
        prefix,
        old_end,
        new_end,
    } = window;
    debug_assert!(
        o[..prefix] == n[..prefix] && o[old_end..] == n[new_end..],
        "{window:?} is not where the texts differ"
    );
    let plain = |b: &[u8]| !b.iter().any(|&c| c == b'"' || c == b'\\' || c < 0x20);
    if !plain(&o[prefix..old_end]) || !plain(&n[prefix..new_end]) {
        return None;
    }
    if let Some(spot) = last.filter(|s| s.open < prefix && old_end <= s.close) {
        // Inside the same quotes as the last keystroke: the rest of the text is as it was.
        let close = spot.close - old_end + new_end;
        return Some(StringEdit {
            value: new.get(spot.open + 1..close)?.to_string(),
            at: Spot {
                close,
                ..spot.clone()
            },
        });
    }
    let mut scan = Scanner::new(o);
    let open = scan.string_value_at(prefix)?;
    // The closing quote: the change holds none, so it is the first one after the change.
    let close = old_end + o[old_end..].iter().position(|&c| c == b'"')?;
    if o[open + 1..close].contains(&b'\\') || scan.path.is_empty() {
        return None;
    }
    // A later duplicate of a key on the way would win when parsed: leave that to the parser.
    if repeats_a_key(o, close + 1, &scan.path) {
        return None;
    }
    let path = scan
        .path
        .iter()
        .map(|seg| match *seg {
            RawSeg::Key(start, end) => Some(Seg::Key(old.get(start..end)?.to_string())),
            RawSeg::Index(i) => Some(Seg::Index(i)),
        })
        .collect::<Option<Path>>()?;
    let new_close = close - old_end + new_end;
    Some(StringEdit {
        value: new.get(open + 1..new_close)?.to_string(),
        at: Spot {
            open,
            close: new_close,
            path,
        },
    })
}

/// How many leading bytes `a` and `b` share: compared a block at a time (a slice compare),
/// then byte by byte in the first block that differs.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let limit = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= limit && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..limit]
        .iter()
        .zip(&b[i..limit])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many trailing bytes `a` and `b` share (of equal length), as [`common_prefix`].
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let len = a.len();
    let mut n = 0;
    while n + BLOCK <= len && a[len - n - BLOCK..len - n] == b[len - n - BLOCK..len - n] {
        n += BLOCK;
    }
    n + a[..len - n]
        .iter()
        .rev()
        .zip(b[..len - n].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Whether a key of `path` appears again in its object after offset `from`: one pass over
/// the rest of the text that only counts brackets and skips strings, and compares a key
/// only in the objects `path` runs through (a string followed by `:` is a key). A key with
/// an escape might be any key: that counts as a repeat.
fn repeats_a_key(text: &[u8], from: usize, path: &[RawSeg]) -> bool {
    let mut depth = path.len();
    let mut low = depth;
    let mut i = from;
    while i < text.len() {
        match text[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                low = low.min(depth);
                if depth == 0 {
                    return false;
                }
            }
            b'"' => {
                let Some(end) = skip_string(text, i) else {
                    return false;
                };
                let body = &text[i + 1..end - 1];
                if depth <= low {
                    let next = text[end..].iter().find(|c| !c.is_ascii_whitespace());
                    if next == Some(&b':') {
                        if body.contains(&b'\\') {
                            return true;
                        }
                        if let RawSeg::Key(start, stop) = path[depth - 1] {
                            if text[start..stop] == *body {
                                return true;
                            }
                        }
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    false
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
    path: Vec<RawSeg>,
}

/// A path segment as the scan finds it: a key as where it lies in the text (made a String
/// only for the path returned), or an index.
#[derive(Clone, Copy)]
enum RawSeg {
    Key(usize, usize),
    Index(usize),
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
            self.path.push(RawSeg::Key(t.open + 1, t.end));
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
                    self.path.push(RawSeg::Index(0));
                }
                b'}' | b']' => {
                    let frame = self.frames.pop()?;
                    if matches!(frame, Frame::Array) || self.path.len() > self.frames.len() {
                        self.path.pop();
                    }
                }
                b',' => match self.frames.last_mut()? {
                    Frame::Array => match self.path.last_mut()? {
                        RawSeg::Index(n) => *n += 1,
                        RawSeg::Key(..) => return None,
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
        let Some(edit) = string_edit(old, new, None) else {
            return false;
        };
        let mut doc: Value = serde_json::from_str(old).unwrap();
        let parsed: Value = serde_json::from_str(new).unwrap();
        crate::builder::document::set(&mut doc, &edit.at.path, Value::String(edit.value));
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
        let edit = string_edit(&old, &old.replacen("\"q\"", "\"r\"", 1), None).unwrap();
        assert_eq!(edit.at.path, parse_path("items[1].tags[1]"));
        let doc: Value = serde_json::from_str(&old).unwrap();
        assert!(get(&doc, &edit.at.path).is_some());
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
            assert_eq!(string_edit(old, &new, None), None, "{from} → {to}");
        }
        assert_eq!(string_edit(old, old, None), None);
        // The parser keeps a duplicate key's last value: an edit of the first is its call.
        let dup = r#"{"a": {"b": "x"}, "a": {"b": "x"}}"#;
        assert_eq!(
            string_edit(dup, &dup.replacen("\"x\"", "\"xy\"", 1), None),
            None
        );
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
