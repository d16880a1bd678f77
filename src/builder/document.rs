//! The request document: one JSON value edited by both the form and the raw JSON tab.
//! Pure (no web-sys) so the form logic is unit-tested natively.

use serde_json::{Map, Value};

use super::raw_patch::{string_edit, string_edit_in, Spot, Window};

/// One step of a JSON path, and a path as text: core's, which names a field at fault in a
/// catalog entry the same way. Ordered so that the paths under a path sort right after it
/// (see [`related_in`]).
pub use countersign_core::json_at::{format_path, Path, Seg};

/// Parses the validator's path syntax: `items[0].lock_quantity`, `[1].rows[2]`.
#[cfg_attr(not(test), allow(dead_code))]
pub fn parse_path(text: &str) -> Path {
    let mut path = Vec::new();
    let mut key = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !key.is_empty() {
                    path.push(Seg::Key(std::mem::take(&mut key)));
                }
            }
            '[' => {
                if !key.is_empty() {
                    path.push(Seg::Key(std::mem::take(&mut key)));
                }
                let mut digits = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    digits.push(d);
                }
                match digits.parse() {
                    Ok(i) => path.push(Seg::Index(i)),
                    // `[*]` and other non-indices stay a key, so nothing is lost.
                    Err(_) => path.push(Seg::Key(format!("[{digits}]"))),
                }
            }
            c => key.push(c),
        }
    }
    if !key.is_empty() {
        path.push(Seg::Key(key));
    }
    path
}

pub fn child(path: &[Seg], seg: Seg) -> Path {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

pub fn get<'a>(doc: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |v, seg| match seg {
        Seg::Key(k) => v.as_object()?.get(k),
        Seg::Index(i) => v.as_array()?.get(*i),
    })
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |v, seg| match seg {
        Seg::Key(k) => v.as_object_mut()?.get_mut(k),
        Seg::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

/// Sets the value at `path`, creating objects and arrays on the way; a scalar in the
/// way is replaced, since the form asked for a container there. A new key goes last.
pub fn set(doc: &mut Value, path: &[Seg], value: Value) {
    set_in_order(doc, path, value, &|_, _| None)
}

/// Where a key belongs among its object's keys: its place in the form (the catalog's
/// order of that object's fields), given the object's path; `None` for a key the form
/// does not know.
pub type Rank<'a> = &'a dyn Fn(&[Seg], &str) -> Option<usize>;

/// [`set`], with a key the object lacks (the object too) put at its place in the form
/// rather than last: Taobao signs the JSON text as written, so emptying a field and
/// typing it again must give the same bytes, and a field typed into an example must
/// land where an SDK serialising the documented structure would write it.
pub fn set_in_order(doc: &mut Value, path: &[Seg], value: Value, rank: Rank) {
    let Some((last, parents)) = path.split_last() else {
        *doc = value;
        return;
    };
    let mut cur = doc;
    for (i, seg) in parents.iter().enumerate() {
        let next_is_index = matches!(path[i + 1], Seg::Index(_));
        cur = step_mut(cur, &path[..i], seg, next_is_index, rank);
    }
    match last {
        Seg::Key(k) => {
            let map = ensure_object(cur);
            match map.get_mut(k) {
                Some(slot) => *slot = value,
                None => insert_ranked(map, parents, k, value, rank),
            }
        }
        Seg::Index(i) => {
            let arr = ensure_array(cur);
            if arr.len() <= *i {
                arr.resize(*i + 1, Value::Object(Map::new()));
            }
            arr[*i] = value;
        }
    }
}

/// Inserts `key` (absent from `map`) before the first key the form shows after it, or
/// last when there is none or the form does not know `key`.
fn insert_ranked(map: &mut Map<String, Value>, at: &[Seg], key: &str, value: Value, rank: Rank) {
    let place = rank(at, key).and_then(|r| {
        map.keys()
            .position(|other| rank(at, other).is_some_and(|o| o > r))
    });
    match place {
        Some(i) => {
            map.shift_insert(i, key.to_string(), value);
        }
        None => {
            map.insert(key.to_string(), value);
        }
    }
}

/// What an edit at `path` changes as a whole: `path` itself, or the first container on the
/// way that [`set`] must create or replace. Everything in a new container is new: a field
/// typed into an object that was not there makes its other fields (its required ones
/// among them) missing, not unchanged.
pub fn changed_part<'p>(doc: &Value, path: &'p [Seg]) -> &'p [Seg] {
    let mut cur = doc;
    for (i, seg) in path.iter().enumerate().take(path.len().saturating_sub(1)) {
        let wants_array = matches!(path[i + 1], Seg::Index(_));
        let next = match seg {
            Seg::Key(k) => cur.as_object().and_then(|m| m.get(k)),
            Seg::Index(n) => cur.as_array().and_then(|a| a.get(*n)),
        };
        match next {
            Some(v) if v.is_array() == wants_array && (wants_array || v.is_object()) => cur = v,
            _ => return &path[..=i],
        }
    }
    path
}

fn step_mut<'a>(
    cur: &'a mut Value,
    at: &[Seg],
    seg: &Seg,
    next_is_index: bool,
    rank: Rank,
) -> &'a mut Value {
    let empty = || {
        if next_is_index {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        }
    };
    match seg {
        Seg::Key(k) => {
            let map = ensure_object(cur);
            if !map.contains_key(k) {
                insert_ranked(map, at, k, empty(), rank);
            }
            let slot = map.get_mut(k).expect("just inserted");
            if !(slot.is_object() || slot.is_array()) {
                *slot = empty();
            }
            slot
        }
        Seg::Index(i) => {
            let arr = ensure_array(cur);
            if arr.len() <= *i {
                arr.resize_with(*i + 1, empty);
            }
            &mut arr[*i]
        }
    }
}

fn ensure_object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
    }
}

fn ensure_array(v: &mut Value) -> &mut Vec<Value> {
    if !v.is_array() {
        *v = Value::Array(Vec::new());
    }
    match v {
        Value::Array(a) => a,
        _ => unreachable!("just made an array"),
    }
}

/// Removes the key (or array element) at `path`. Objects left empty by the removal are
/// removed too, up to the first array element: an empty row stays a row.
pub fn remove(doc: &mut Value, path: &[Seg]) {
    let Some((last, parent)) = path.split_last() else {
        *doc = Value::Object(Map::new());
        return;
    };
    let Some(container) = get_mut(doc, parent) else {
        return;
    };
    match (last, container) {
        (Seg::Key(k), Value::Object(m)) => {
            // Keep the other keys in place: Taobao signs the JSON text as written.
            m.shift_remove(k);
            if m.is_empty() && matches!(parent.last(), Some(Seg::Key(_))) {
                remove(doc, parent);
            }
        }
        (Seg::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
        }
        _ => {}
    }
}

/// Sets a form value: `None` (an emptied field) removes the key, since absent ≠ empty; a
/// new key goes at its place in the form (see [`set_in_order`]).
pub fn set_field(doc: &mut Value, path: &[Seg], value: Option<Value>, rank: Rank) {
    match value {
        Some(v) => set_in_order(doc, path, v, rank),
        None => remove(doc, path),
    }
}

/// Number of rows of the array at `path` (0 when not an array); `None` when nothing is
/// there, so the list is not sent at all (an empty one is sent as `[]`).
pub fn row_count(doc: &Value, path: &[Seg]) -> Option<usize> {
    get(doc, path).map(|v| v.as_array().map_or(0, Vec::len))
}

pub fn add_row(doc: &mut Value, path: &[Seg], row: Value) {
    match get_mut(doc, path) {
        Some(Value::Array(a)) => a.push(row),
        _ => set(doc, path, Value::Array(vec![row])),
    }
}

/// Removes row `index`; the last row's removal drops the key, so no `[]` is sent.
/// Removes row `index`. The last row of an optional list takes the list with it (absent,
/// not sent); a required list stays as `[]`, which is what emptying it means (旺店通's
/// `specList`, "may be empty", is an argument the call must still carry).
pub fn remove_row(doc: &mut Value, path: &[Seg], index: usize, required: bool) {
    if let Some(Value::Array(a)) = get_mut(doc, path) {
        if index < a.len() {
            a.remove(index);
        }
        if a.is_empty() && !required {
            remove(doc, path);
        }
    }
}

/// Inserts a copy of row `index` right after it.
/// Copies row `index` after itself, without the keys that name an existing row (`drop`).
pub fn duplicate_row(doc: &mut Value, path: &[Seg], index: usize, drop: &[&str]) {
    if let Some(Value::Array(a)) = get_mut(doc, path) {
        if let Some(mut row) = a.get(index).cloned() {
            if let Some(o) = row.as_object_mut() {
                o.retain(|k, _| !drop.contains(&k.as_str()));
            }
            a.insert(index + 1, row);
        }
    }
}

/// Drops nulls, empty strings, and objects/arrays left empty, recursively.
#[cfg_attr(not(test), allow(dead_code))]
pub fn prune(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Object(m) => {
            let m: Map<String, Value> = m
                .iter()
                .filter_map(|(k, v)| prune(v).map(|v| (k.clone(), v)))
                .collect();
            (!m.is_empty()).then_some(Value::Object(m))
        }
        Value::Array(a) => {
            let a: Vec<Value> = a.iter().filter_map(prune).collect();
            (!a.is_empty()).then_some(Value::Array(a))
        }
        other => Some(other.clone()),
    }
}

pub fn pretty(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_else(|_| "{}".into())
}

/// Where the raw JSON text does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl JsonError {
    /// The parser's reason in the UI's language ([`countersign_core::json_at::reason`]).
    pub fn reason(&self, lang: countersign_core::catalog::Lang) -> String {
        countersign_core::json_at::reason(&self.message, lang)
    }
}

/// The document plus the raw text of the JSON tab. The document is the truth; the text
/// follows it, except while the user's text does not parse: then it is kept as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct DocState {
    pub doc: Value,
    /// The JSON tab's text when the user typed it; `None` means the document pretty-printed,
    /// written only when asked (a big document is not re-printed on each form keystroke).
    typed: Option<Typed>,
    pub error: Option<JsonError>,
    /// What changed, so only the controls of the paths an edit concerns are told
    /// (`builder::doc_signal`).
    changes: Changes,
    /// Bumped whenever the JSON tab's text may change (every edit, also an unparsed raw one,
    /// which leaves `changes` alone): a reader that kept the text of this revision still
    /// has it ([`DocState::edit_raw_splice`]).
    text_rev: u64,
}

/// The JSON tab's text as typed, and where the last keystroke's string value lies in it
/// when that keystroke was patched in place (the next one in the same value skips the
/// scan): kept together, so the place never outlives its text.
#[derive(Clone, Debug, PartialEq)]
struct Typed {
    text: String,
    spot: Option<Spot>,
}

/// How many path edits are remembered; a reader further behind re-reads everything.
const LOG: usize = 32;

/// The document's revisions: each change bumps `rev`; an edit at a known path is logged
/// with it, anything else (a raw edit, a replacement) is a change of everything.
#[derive(Clone, Debug, Default, PartialEq)]
struct Changes {
    rev: u64,
    /// The last revision that may have changed anything.
    whole: u64,
    /// The path edits after `whole`, oldest first, each with its revision.
    log: std::collections::VecDeque<(u64, Path)>,
}

impl Changes {
    fn whole(&mut self) {
        self.rev += 1;
        self.whole = self.rev;
        self.log.clear();
    }

    fn at(&mut self, path: &[Seg]) {
        self.rev += 1;
        if self.log.len() == LOG {
            self.log.pop_front();
        }
        self.log.push_back((self.rev, path.to_vec()));
    }

    /// The paths edited after `since`, or `None` when something else (a raw edit, a
    /// replacement, more edits than the log keeps) may have changed anything.
    fn edits_since(&self, since: u64) -> Option<impl Iterator<Item = &Path>> {
        // Every revision after `since` must be in the log, else anything may have changed.
        let covered = since >= self.rev
            || (since >= self.whole
                && self
                    .log
                    .front()
                    .is_some_and(|(first, _)| *first <= since + 1));
        covered.then(|| {
            self.log
                .iter()
                .filter(move |(r, _)| *r > since)
                .map(|(_, edited)| edited)
        })
    }
}

/// Whether an edit at `a` can change the value at `b`: one lies inside the other.
/// ([`related_in`] finds them in a map without asking each.)
#[cfg(test)]
fn related(a: &[Seg], b: &[Seg]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// The entries of `map` whose path an edit at `edited` can change: the containers on the way
/// to it, itself and everything inside it. The work is in the length of the path and the
/// number of entries found, not the size of the map: a keystroke in one field of a
/// 100-row form finds that field (or its row and list), not the other 3000 controls.
pub fn related_in<'a, T>(
    map: &'a std::collections::BTreeMap<Path, T>,
    edited: &'a [Seg],
) -> impl Iterator<Item = &'a T> + 'a {
    let containers = (0..edited.len()).filter_map(move |n| map.get(&edited[..n]));
    // Paths that start with `edited` sort right after it, before anything else.
    let inside = map
        .range::<[Seg], _>((
            std::ops::Bound::Included(edited),
            std::ops::Bound::Unbounded,
        ))
        .take_while(move |(p, _)| p.starts_with(edited))
        .map(|(_, t)| t);
    containers.chain(inside)
}

impl Default for DocState {
    fn default() -> Self {
        Self::new(Value::Object(Map::new()))
    }
}

impl DocState {
    pub fn new(doc: Value) -> Self {
        Self {
            doc,
            typed: None,
            error: None,
            changes: Changes::default(),
            text_rev: 0,
        }
    }

    /// The revision now: pass it back to [`DocState::edits_since`] later.
    pub fn rev(&self) -> u64 {
        self.changes.rev
    }

    /// The paths edited after revision `since`, or `None` when anything may have changed
    /// (a raw edit, a replacement, a whole-document edit, or more edits than are logged).
    pub fn edits_since(&self, since: u64) -> Option<impl Iterator<Item = &Path>> {
        self.changes.edits_since(since)
    }

    /// Whether the JSON tab's text is the one typed there (rather than the document
    /// printed): the text box then already shows it.
    pub fn is_typed(&self) -> bool {
        self.typed.is_some()
    }

    /// The revision of the JSON tab's text: the same number means the same text.
    pub fn text_rev(&self) -> u64 {
        self.text_rev
    }

    /// The JSON tab's text while it does not parse: what a switch away must keep.
    pub fn unparsed(&self) -> Option<String> {
        self.error.is_some().then(|| self.raw())
    }

    /// The JSON tab's text.
    pub fn raw(&self) -> String {
        self.typed
            .as_ref()
            .map_or_else(|| pretty(&self.doc), |t| t.text.clone())
    }

    /// A form edit: change the document; the text follows it.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) {
        f(&mut self.doc);
        self.typed = None;
        self.error = None;
        self.changes.whole();
        self.text_rev += 1;
    }

    /// A form edit that changes only what is at `path` (and the containers on the way to it,
    /// which [`set`] may create and [`remove`] may drop).
    pub fn edit_at(&mut self, path: &[Seg], f: impl FnOnce(&mut Value)) {
        let changed = changed_part(&self.doc, path).to_vec();
        f(&mut self.doc);
        self.typed = None;
        self.error = None;
        self.changes.at(&changed);
        self.text_rev += 1;
    }

    /// A raw edit given as what changed in the typed text: UTF-16 units `from..to` (as the
    /// browser counts) became `inserted`. `false`, changing nothing, when there is no typed
    /// text or the range does not fall on its characters' boundaries: then pass the whole
    /// text to [`DocState::edit_raw`].
    pub fn edit_raw_splice(&mut self, from: usize, to: usize, inserted: &str) -> bool {
        let Some(old) = &self.typed else {
            return false;
        };
        let Some((a, b)) = utf16_range(&old.text, from, to) else {
            return false;
        };
        let mut text = String::with_capacity(old.text.len() - (b - a) + inserted.len());
        text.push_str(&old.text[..a]);
        text.push_str(inserted);
        text.push_str(&old.text[b..]);
        let window = Window {
            prefix: a,
            old_end: b,
            new_end: a + inserted.len(),
        };
        self.edit_raw_in(text, Some(window));
        true
    }

    /// A raw edit: keep the text exactly; follow it with the document when it parses.
    pub fn edit_raw(&mut self, text: String) {
        self.edit_raw_in(text, None);
    }

    /// [`DocState::edit_raw`], told where the typed text changed when that is known.
    fn edit_raw_in(&mut self, text: String, window: Option<Window>) {
        self.text_rev += 1;
        // A keystroke inside one string value patches that value: no parse of the whole
        // text (see `raw_patch`), and only that path's controls hear of it.
        if self.error.is_none() {
            let edit = match (&self.typed, window) {
                (Some(old), Some(window)) => {
                    string_edit_in(&old.text, &text, window, old.spot.as_ref())
                }
                (Some(old), None) => string_edit(&old.text, &text, old.spot.as_ref()),
                (None, _) => string_edit(&pretty(&self.doc), &text, None),
            };
            if let Some(edit) = edit {
                set(&mut self.doc, &edit.at.path, Value::String(edit.value));
                self.changes.at(&edit.at.path);
                self.typed = Some(Typed {
                    text,
                    spot: Some(edit.at),
                });
                return;
            }
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => {
                self.doc = v;
                self.error = None;
                self.changes.whole();
            }
            Err(e) => {
                let message = countersign_core::error::strip_position(&e.to_string());
                self.error = Some(JsonError {
                    line: e.line(),
                    column: e.column(),
                    message,
                });
            }
        }
        self.typed = Some(Typed { text, spot: None });
    }

    /// Drops unparsed JSON text: the text goes back to the document as it is.
    pub fn discard_typed(&mut self) {
        self.typed = None;
        self.error = None;
        self.text_rev += 1;
    }

    /// Puts back an earlier state, typed text included (an Undo): a change of everything,
    /// with revisions that go on counting up, so no reader mistakes it for one it has seen.
    pub fn put_back(&mut self, prior: DocState) {
        let mut changes = std::mem::take(&mut self.changes);
        changes.whole();
        *self = Self {
            changes,
            text_rev: self.text_rev + 1,
            ..prior
        };
    }

    /// Replaces the document (example, clear, draft restore).
    pub fn replace(&mut self, doc: Value) {
        let mut changes = std::mem::take(&mut self.changes);
        changes.whole();
        *self = Self {
            changes,
            text_rev: self.text_rev + 1,
            ..Self::new(doc)
        };
    }
}

/// The byte range of `text` that UTF-16 units `from..to` cover, when both ends fall between
/// characters.
fn utf16_range(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    if from > to {
        return None;
    }
    // ASCII up to `to` (most of a JSON document): units are bytes.
    if text.len() >= to && text.as_bytes()[..to].is_ascii() {
        return Some((from, to));
    }
    let (mut units, mut start) = (0, None);
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\0')))
    {
        if units == from && start.is_none() {
            start = Some(i);
        }
        if units == to {
            return start.map(|a| (a, i));
        }
        if units > to {
            return None;
        }
        units += c.len_utf16();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_json_error_reads_in_plain_words_in_both_languages() {
        use countersign_core::catalog::Lang;
        for text in ["{\"a\": ", "{\"a\" 1}", "[1,]", "{a: 1}", "{} x", "\"ab"] {
            let e = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            let message = e[..e.rfind(" at line ").unwrap()].to_string();
            let err = JsonError {
                line: 1,
                column: 1,
                message: message.clone(),
            };
            assert_ne!(
                err.reason(Lang::En),
                message,
                "{text}: no plain English wording"
            );
            let zh = err.reason(Lang::Zh);
            assert!(!zh.is_ascii(), "{text}: {message} has no 中文 wording");
        }
    }

    fn p(s: &str) -> Path {
        parse_path(s)
    }

    /// Whether the value at `path` may have changed after revision `since`.
    fn concerns(st: &DocState, since: u64, path: &[Seg]) -> bool {
        match st.edits_since(since) {
            None => true,
            Some(mut edits) => edits.any(|edited| related(edited, path)),
        }
    }

    #[test]
    fn paths_round_trip() {
        for s in [
            "a",
            "items[0].lock_quantity",
            "[1].rows[2]",
            "a.b.c",
            "x[10][2].y",
        ] {
            assert_eq!(format_path(&parse_path(s)), s);
        }
        assert_eq!(
            parse_path("items[0].qty"),
            vec![
                Seg::Key("items".into()),
                Seg::Index(0),
                Seg::Key("qty".into())
            ]
        );
        assert_eq!(parse_path(""), Vec::<Seg>::new());
    }

    #[test]
    fn set_creates_containers_and_get_reads_back() {
        let mut doc = json!({});
        set(&mut doc, &p("items[1].qty"), json!(3));
        assert_eq!(doc, json!({"items": [{}, {"qty": 3}]}));
        set(&mut doc, &p("a.b"), json!("x"));
        assert_eq!(get(&doc, &p("a.b")), Some(&json!("x")));
        assert_eq!(get(&doc, &p("items[1].qty")), Some(&json!(3)));
        assert_eq!(get(&doc, &p("items[5]")), None);
        // A scalar in the way becomes the container the path needs.
        set(&mut doc, &p("a.b.c"), json!(1));
        assert_eq!(doc["a"], json!({"b": {"c": 1}}));
    }

    #[test]
    fn emptied_field_is_removed_with_empty_parents_but_rows_stay() {
        let mut doc = json!({"a": {"b": {"c": 1}}, "rows": [{"x": 1}]});
        set_field(&mut doc, &p("a.b.c"), None, &|_, _| None);
        assert_eq!(doc, json!({"rows": [{"x": 1}]}));
        set_field(&mut doc, &p("rows[0].x"), None, &|_, _| None);
        assert_eq!(doc, json!({"rows": [{}]}));
        let mut doc = json!({"a": 1, "b": 2, "c": 3});
        set_field(&mut doc, &p("a"), None, &|_, _| None);
        assert_eq!(doc.to_string(), r#"{"b":2,"c":3}"#, "order kept");
    }

    #[test]
    fn a_field_typed_again_goes_back_to_its_place_in_the_form() {
        // The form's order: top level a, req, z; inside req: code, name, qty.
        let rank = |at: &[Seg], key: &str| {
            let order: &[&str] = match format_path(at).as_str() {
                "" => &["a", "req", "z"],
                "req" => &["code", "name", "qty"],
                _ => return None,
            };
            order.iter().position(|k| *k == key)
        };
        let mut doc = json!({"a": 1, "req": {"code": "C", "name": "N", "qty": 2}, "z": 0});
        let before = doc.to_string();
        set_field(&mut doc, &p("req.name"), None, &rank);
        set_field(&mut doc, &p("req.name"), Some(json!("N")), &rank);
        assert_eq!(
            doc.to_string(),
            before,
            "emptied and typed again: same bytes"
        );
        // A whole object emptied and typed again comes back in its place too.
        for k in ["code", "name", "qty"] {
            set_field(&mut doc, &p(&format!("req.{k}")), None, &rank);
        }
        assert_eq!(doc.to_string(), r#"{"a":1,"z":0}"#);
        set_field(&mut doc, &p("req.qty"), Some(json!(2)), &rank);
        assert_eq!(doc.to_string(), r#"{"a":1,"req":{"qty":2},"z":0}"#);
        set_field(&mut doc, &p("req.code"), Some(json!("C")), &rank);
        assert_eq!(
            doc.to_string(),
            r#"{"a":1,"req":{"code":"C","qty":2},"z":0}"#
        );
        // A key the form does not know, and any key of an unknown object, goes last.
        set_field(&mut doc, &p("req.extra"), Some(json!(true)), &rank);
        set_field(&mut doc, &p("req.name"), Some(json!("N")), &rank);
        assert_eq!(
            doc.to_string(),
            r#"{"a":1,"req":{"code":"C","name":"N","qty":2,"extra":true},"z":0}"#
        );
    }

    #[test]
    fn rows_add_duplicate_remove() {
        let mut doc = json!({});
        add_row(&mut doc, &p("barcode_entity"), json!({}));
        set(&mut doc, &p("barcode_entity[0].barcode"), json!("690"));
        set(&mut doc, &p("barcode_entity[0].id"), json!("77"));
        // The copy is a new entry: it does not keep the id that names the original.
        duplicate_row(&mut doc, &p("barcode_entity"), 0, &["id"]);
        remove(&mut doc, &p("barcode_entity[0].id"));
        add_row(&mut doc, &p("barcode_entity"), json!({}));
        assert_eq!(row_count(&doc, &p("barcode_entity")), Some(3));
        assert_eq!(row_count(&doc, &p("images")), None);
        assert_eq!(doc["barcode_entity"][1], json!({"barcode": "690"}));
        remove_row(&mut doc, &p("barcode_entity"), 0, false);
        assert_eq!(doc["barcode_entity"], json!([{"barcode": "690"}, {}]));
        remove_row(&mut doc, &p("barcode_entity"), 1, false);
        let mut required = doc.clone();
        remove_row(&mut doc, &p("barcode_entity"), 0, false);
        assert_eq!(doc, json!({}));
        // A required list is emptied, not dropped.
        remove_row(&mut required, &p("barcode_entity"), 0, true);
        assert_eq!(required, json!({"barcode_entity": []}));
        // Out of range is a no-op, never a panic.
        remove_row(&mut doc, &p("nothing"), 4, false);
        duplicate_row(&mut doc, &p("nothing"), 4, &[]);
    }

    #[test]
    fn prune_drops_empty_values() {
        let v = json!({"a": "", "b": null, "c": {"d": []}, "e": [{}, {"f": 0}], "g": false});
        assert_eq!(prune(&v), Some(json!({"e": [{"f": 0}], "g": false})));
        assert_eq!(prune(&json!({})), None);
    }

    #[test]
    fn raw_edits_keep_text_and_follow_when_valid() {
        let mut st = DocState::new(json!({"a": 1}));
        assert_eq!(st.raw(), "{\n  \"a\": 1\n}");
        st.edit_raw("{\n  \"a\": 2,\n}".into());
        let err = st.error.clone().expect("trailing comma is an error");
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(st.doc, json!({"a": 1}), "document unchanged by broken text");
        assert_eq!(st.raw(), "{\n  \"a\": 2,\n}", "text kept as typed");
        st.edit_raw("{\"a\":2}".into());
        assert_eq!((st.doc.clone(), st.error.clone()), (json!({"a": 2}), None));
        assert_eq!(
            st.raw(),
            "{\"a\":2}",
            "valid text is not reformatted under the cursor"
        );
        st.edit(|d| set(d, &p("b"), json!(true)));
        assert_eq!(st.raw(), pretty(&json!({"a": 2, "b": true})));
        st.edit_raw("{\"a\": ".into());
        assert!(st.error.is_some());
        st.discard_typed();
        assert_eq!(
            (st.error.clone(), st.raw()),
            (None, pretty(&json!({"a": 2, "b": true})))
        );
    }

    #[test]
    fn a_spliced_raw_edit_is_the_same_as_the_whole_text() {
        let mut st = DocState::new(json!({"name": "a😀b", "n": 1}));
        assert!(
            !st.edit_raw_splice(0, 0, "x"),
            "no typed text to splice into"
        );
        let mut text = st.raw();
        st.edit_raw(text.clone());
        // The same edits, given as whole texts.
        let mut twin = st.clone();
        // (from, to) in UTF-16 units, as the browser counts them.
        let units = |s: &str, byte: usize| s[..byte].encode_utf16().count();
        // Half of the emoji's surrogate pair is not a place in the text.
        let emoji = units(&text, text.find('😀').unwrap());
        let before = st.clone();
        assert!(!st.edit_raw_splice(emoji + 1, emoji + 1, "x"));
        assert!(!st.edit_raw_splice(emoji, emoji + 1, ""));
        assert!(!st.edit_raw_splice(3, 2, ""), "an end before its start");
        assert!(!st.edit_raw_splice(0, 10_000, ""), "past the end");
        assert_eq!(st, before, "a refused splice changes nothing");
        // In a string value, a number, the emoji replaced, then text that does not parse.
        for (find, len, inserted) in [
            ("b\"", 0, "中"),
            ("1", 1, "23"),
            ("😀", 1, "é"),
            ("\"n", 0, "x"),
        ] {
            let at = text.find(find).unwrap();
            let end = at
                + text[at..]
                    .chars()
                    .take(len)
                    .map(char::len_utf8)
                    .sum::<usize>();
            let (from, to) = (units(&text, at), units(&text, end));
            let rev = st.text_rev();
            assert!(st.edit_raw_splice(from, to, inserted), "{find}");
            text.replace_range(at..end, inserted);
            twin.edit_raw(text.clone());
            assert_eq!(st.raw(), text);
            assert!(st.text_rev() > rev);
            assert_eq!((&st.doc, &st.error), (&twin.doc, &twin.error), "{text}");
        }
        assert!(st.error.is_some(), "the last edit broke the text");
        // Every other edit moves the text's revision, also one that leaves `rev` alone.
        for edit in [
            (|st: &mut DocState| st.discard_typed()) as fn(&mut DocState),
            |st| st.edit_raw("{".into()),
            |st| st.edit(|_| {}),
            |st| st.edit_at(&p("n"), |_| {}),
            |st| st.replace(json!({})),
        ] {
            let rev = st.text_rev();
            edit(&mut st);
            assert!(st.text_rev() > rev);
        }
    }

    #[test]
    fn typing_in_a_raw_string_value_patches_that_value_only() {
        let mut st = DocState::new(json!({"name": "a", "rows": [{"x": "b"}, {"x": "c"}]}));
        let mut text = st.raw();
        // Typed after the "c", one character at a time, then a structural edit.
        for ch in ["d", "中", " "] {
            let at = text.find("\"c").unwrap() + 2;
            text.insert_str(at, ch);
            let before = st.rev();
            st.edit_raw(text.clone());
            assert_eq!(st.doc, serde_json::from_str::<Value>(&text).unwrap());
            assert_eq!(st.raw(), text, "the text stays as typed");
            let edits: Vec<&Path> = st.edits_since(before).expect("a path edit").collect();
            assert_eq!(edits, [&p("rows[1].x")]);
            assert!(!concerns(&st, before, &p("name")));
        }
        // Backspace, at the value's start and end, then in another value: each as parsed.
        for (from, to) in [
            ("\"cd", "\"c"),
            ("\"c", "\"xc"),
            ("中 \"", "中\""),
            ("\"b\"", "\"\""),
        ] {
            text = text.replacen(from, to, 1);
            st.edit_raw(text.clone());
            assert_eq!(
                st.doc,
                serde_json::from_str::<Value>(&text).unwrap(),
                "{to}"
            );
        }
        text = text.replacen("\"a\"", "\"a\", \"n\": 2", 1);
        let before = st.rev();
        st.edit_raw(text.clone());
        assert_eq!(st.doc, serde_json::from_str::<Value>(&text).unwrap());
        assert!(
            st.edits_since(before).is_none(),
            "parsed: everything may have changed"
        );
        // Broken text, then a keystroke in a string: parsed again, the error stays.
        let broken = text.replacen("2", "2,", 1).replacen("}", ",}", 1);
        st.edit_raw(broken.clone());
        assert!(st.error.is_some());
        st.edit_raw(broken.replacen("\"a\"", "\"ab\"", 1));
        assert!(st.error.is_some());
    }

    #[test]
    fn an_edit_finds_the_paths_it_concerns_in_a_map() {
        let map: std::collections::BTreeMap<Path, &str> = [
            "name",
            "names",
            "rows",
            "rows[0]",
            "rows[0].x",
            "rows[1]",
            "rows[1].x",
            "rows[1].x.y",
            "rows[10]",
            "row",
            "z",
        ]
        .into_iter()
        .map(|k| (p(k), k))
        .collect();
        let found = |edited: &str| {
            let mut v: Vec<&str> = related_in(&map, &p(edited)).copied().collect();
            v.sort();
            v
        };
        assert_eq!(found("name"), ["name"]);
        assert_eq!(
            found("rows[1].x"),
            ["rows", "rows[1]", "rows[1].x", "rows[1].x.y"]
        );
        assert_eq!(
            found("rows[1]"),
            ["rows", "rows[1]", "rows[1].x", "rows[1].x.y"]
        );
        assert_eq!(
            found("rows"),
            [
                "rows",
                "rows[0]",
                "rows[0].x",
                "rows[10]",
                "rows[1]",
                "rows[1].x",
                "rows[1].x.y"
            ]
        );
        assert_eq!(found("rows[2].x"), ["rows"]);
        assert_eq!(found("nothing"), Vec::<&str>::new());
        assert_eq!(found("").len(), map.len(), "the root holds everything");
        // The same answer as asking each path whether the edit concerns it.
        for edited in ["rows[0]", "z.a", "row", "rows[10].q"] {
            let slow: Vec<&str> = map
                .iter()
                .filter(|(k, _)| related(&p(edited), k))
                .map(|(_, v)| *v)
                .collect();
            let mut slow = slow;
            slow.sort();
            assert_eq!(found(edited), slow, "{edited}");
        }
    }

    #[test]
    fn a_field_typed_into_a_missing_object_changes_the_whole_object() {
        let doc = json!({"rows": [{"x": 1}], "o": "text"});
        for (edit, changed) in [
            ("rows[0].x", "rows[0].x"),
            ("rows[3].x", "rows[3]"),
            ("order.no", "order"),
            ("o.a", "o"),
            ("rows.a", "rows"),
            ("name", "name"),
        ] {
            assert_eq!(changed_part(&doc, &p(edit)), &p(changed)[..], "{edit}");
        }
        // What the validator is told: after Clear, typing 旺店通's pdOrder.warehouse_no
        // makes pdOrder's other required fields missing (the mock refuses them with 100).
        let api = countersign_core::catalog::find("wdt.stockpd.sync").expect("in the catalog");
        let mut st = DocState::new(json!({}));
        let before = countersign_core::catalog::validate(api, &st.doc);
        let rev = st.rev();
        let at = p("pdOrder.warehouse_no");
        st.edit_at(&at, |d| set(d, &at, json!("WH1")));
        let edited = st
            .edits_since(rev)
            .unwrap()
            .map(|e| format_path(e))
            .collect();
        let after = countersign_core::catalog::validate_after(api, &st.doc, &before, edited);
        assert_eq!(after, countersign_core::catalog::validate(api, &st.doc));
        assert!(
            after.iter().any(|f| f.path == "pdOrder.defect_mode"),
            "{after:?}"
        );
    }

    #[test]
    fn a_control_learns_whether_an_edit_concerns_it() {
        let mut st = DocState::new(json!({"name": "a", "rows": [{"x": 1}, {"x": 2}]}));
        let start = st.rev();
        assert!(
            !concerns(&st, start, &p("rows[1].x")),
            "nothing changed yet"
        );
        st.edit_at(&p("name"), |d| set(d, &p("name"), json!("ab")));
        assert!(concerns(&st, start, &p("name")));
        assert!(
            !concerns(&st, start, &p("rows[1].x")),
            "a keystroke elsewhere"
        );
        assert!(!concerns(&st, start, &p("rows")));
        st.edit_at(&p("rows[1].x"), |d| set(d, &p("rows[1].x"), json!(3)));
        assert!(concerns(&st, start, &p("rows[1]")), "the row holding it");
        assert!(concerns(&st, start, &p("rows")), "the list holding it");
        assert!(
            concerns(&st, start, &p("rows[1].x.y")),
            "what lies inside it"
        );
        assert!(!concerns(&st, start, &p("rows[0]")));
        let mid = st.rev();
        assert!(!concerns(&st, mid, &p("name")), "seen already");
        // A reader further behind than the log reaches re-reads everything.
        for _ in 0..LOG {
            st.edit_at(&p("name"), |_| {});
        }
        assert!(concerns(&st, start, &p("rows[0]")));
        assert!(!concerns(&st, st.rev() - 1, &p("rows[0]")));
        // Raw edits, replacements and whole-document edits concern everything.
        for whole in [
            |st: &mut DocState| st.edit_raw("{\"a\": 1}".into()),
            |st: &mut DocState| st.replace(json!({})),
            |st: &mut DocState| st.edit(|_| {}),
        ] {
            let before = st.rev();
            whole(&mut st);
            assert!(concerns(&st, before, &p("rows[0]")));
            st.edit_at(&p("name"), |_| {});
            assert!(concerns(&st, before, &p("rows[0]")));
            assert!(!concerns(&st, st.rev() - 1, &p("rows[0]")));
        }
        // Broken JSON text leaves the document, and its revision, as they were.
        let before = st.rev();
        st.edit_raw("{".into());
        assert!(!concerns(&st, before, &p("a")));
    }
}
