//! The inspector's filter: a small path language over a JSON answer, and the pruned tree
//! the view draws. Pure, so it is tested natively.
//!
//! Syntax (a leading `$` or `$.` is allowed and ignored):
//! - `data.rows` — object keys, separated by dots; a key may hold `*` and `?` as globs
//!   (`*_response.code` matches Taobao's success root whatever the API);
//! - `[0]`, `[*]` — one array element, any element; `rows.0` works too;
//! - `*` — any child (object member or array element); `**` — any number of levels,
//!   zero included (`**.qty`);
//! - `["a.b"]` or `['a b']` — a key with dots, brackets or spaces in it;
//! - a single key alone (`qty`, `*_id`) is looked for at any depth, as `**.qty`: people
//!   type the key they see, not its path. `$.qty` anchors it at the root.

use std::fmt;

use serde_json::Value;

/// One step from a JSON value to one of its children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The canonical text of a path: `data.rows[0].qty`, `["a.b"].c`.
pub fn format_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) if is_plain_key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => {
                out.push('[');
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(']');
            }
        }
    }
    out
}

fn is_plain_key(k: &str) -> bool {
    !k.is_empty()
        && !k.bytes().all(|b| b.is_ascii_digit())
        && !k
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '*' | '?' | '"' | '\'') || c.is_whitespace())
}

/// The value at `steps`, if there is one.
pub fn get<'a>(root: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(root, |v, step| match step {
        Step::Key(k) => v.as_object()?.get(k),
        Step::Index(i) => v.as_array()?.get(*i),
    })
}

/// What a person copies from a node: a string's text without quotes, anything else as
/// (pretty) JSON.
pub fn copy_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(_) | Value::Array(_) => {
            serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
        }
        other => other.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    /// A key, possibly with globs; also matches an array index written as digits.
    Key(String),
    Index(usize),
    AnyIndex,
    /// `*`: any one child.
    Any,
    /// `**`: any number of levels.
    Deep,
}

/// A parsed filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    segs: Vec<Seg>,
}

/// Why a filter does not parse, with the character position (0-based) where it breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    pub position: usize,
    pub kind: PatternErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternErrorKind {
    /// `a..b`, a trailing `.`.
    EmptyKey,
    /// `[` without `]`, or something other than a number, `*` or a quoted key inside.
    BadBracket,
    /// A quote that is not closed.
    UnclosedQuote,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} at {}", self.kind, self.position)
    }
}

impl Pattern {
    /// Parses a filter; an empty (or all-blank) text is `Ok(None)`: no filter.
    pub fn parse(text: &str) -> Result<Option<Pattern>, PatternError> {
        let text = text.trim();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        if chars.first() == Some(&'$') {
            i = 1;
            if chars.get(1) == Some(&'.') {
                i = 2;
            }
        }
        let mut segs = Vec::new();
        // After a key or bracket a `.` or `[` must follow; at the start neither is needed.
        let mut expect_key = true;
        while i < chars.len() {
            match chars[i] {
                '[' => {
                    let (seg, next) = parse_bracket(&chars, i)?;
                    segs.push(seg);
                    i = next;
                    expect_key = false;
                }
                '.' if !expect_key => {
                    i += 1;
                    expect_key = true;
                    if i == chars.len() {
                        return Err(PatternError {
                            position: i,
                            kind: PatternErrorKind::EmptyKey,
                        });
                    }
                }
                '.' => {
                    return Err(PatternError {
                        position: i,
                        kind: PatternErrorKind::EmptyKey,
                    })
                }
                ']' => {
                    return Err(PatternError {
                        position: i,
                        kind: PatternErrorKind::BadBracket,
                    })
                }
                _ => {
                    let start = i;
                    while i < chars.len() && !matches!(chars[i], '.' | '[' | ']') {
                        i += 1;
                    }
                    let key: String = chars[start..i].iter().collect::<String>();
                    let key = key.trim();
                    if key.is_empty() {
                        return Err(PatternError {
                            position: start,
                            kind: PatternErrorKind::EmptyKey,
                        });
                    }
                    segs.push(match key {
                        "*" => Seg::Any,
                        "**" => Seg::Deep,
                        k => Seg::Key(k.to_string()),
                    });
                    expect_key = false;
                }
            }
        }
        let anchored = text.starts_with('$');
        if !anchored && matches!(segs.as_slice(), [Seg::Key(_)]) {
            segs.insert(0, Seg::Deep);
        }
        Ok((!segs.is_empty()).then_some(Pattern { segs }))
    }

    /// True when the whole path matches.
    #[cfg(test)]
    pub fn matches(&self, steps: &[Step]) -> bool {
        let mut states = self.start();
        for step in steps {
            states = self.advance(&states, step);
            if states.is_empty() {
                return false;
            }
        }
        self.accepts(&states)
    }

    // A set of positions in `segs`, kept sorted and unique; `**` lets a position stay put
    // and also skip ahead without consuming a step.
    fn closure(&self, mut states: Vec<usize>) -> Vec<usize> {
        let mut i = 0;
        while i < states.len() {
            let s = states[i];
            if self.segs.get(s) == Some(&Seg::Deep) && !states.contains(&(s + 1)) {
                states.push(s + 1);
            }
            i += 1;
        }
        states.sort_unstable();
        states.dedup();
        states
    }

    fn start(&self) -> Vec<usize> {
        self.closure(vec![0])
    }

    fn advance(&self, states: &[usize], step: &Step) -> Vec<usize> {
        let mut next = Vec::new();
        for &s in states {
            let Some(seg) = self.segs.get(s) else {
                continue;
            };
            let ok = match (seg, step) {
                (Seg::Deep, _) => {
                    next.push(s);
                    continue;
                }
                (Seg::Any, _) => true,
                (Seg::AnyIndex, Step::Index(_)) => true,
                (Seg::Index(n), Step::Index(i)) => n == i,
                (Seg::Key(k), Step::Key(key)) => glob(k, key),
                (Seg::Key(k), Step::Index(i)) => k.parse::<usize>().ok() == Some(*i),
                _ => false,
            };
            if ok {
                next.push(s + 1);
            }
        }
        self.closure(next)
    }

    fn accepts(&self, states: &[usize]) -> bool {
        states.contains(&self.segs.len())
    }
}

fn parse_bracket(chars: &[char], open: usize) -> Result<(Seg, usize), PatternError> {
    let bad = |position| PatternError {
        position,
        kind: PatternErrorKind::BadBracket,
    };
    let mut i = open + 1;
    match chars.get(i) {
        Some(&q @ ('"' | '\'')) => {
            let mut key = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(PatternError {
                            position: open,
                            kind: PatternErrorKind::UnclosedQuote,
                        })
                    }
                    Some('\\') if chars.get(i + 1).is_some() => {
                        key.push(chars[i + 1]);
                        i += 2;
                    }
                    Some(&c) if c == q => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        key.push(c);
                        i += 1;
                    }
                }
            }
            if chars.get(i) != Some(&']') {
                return Err(bad(i));
            }
            // A quoted key is literal: `*` in it is not a glob.
            Ok((Seg::Key(escape_glob(&key)), i + 1))
        }
        _ => {
            let close = (i..chars.len())
                .find(|&j| chars[j] == ']')
                .ok_or(bad(open))?;
            let inner: String = chars[i..close].iter().collect();
            let seg = match inner.trim() {
                "*" => Seg::AnyIndex,
                n => Seg::Index(n.parse().map_err(|_| bad(i))?),
            };
            Ok((seg, close + 1))
        }
    }
}

// Keys are globs; a literal `*`, `?` or `\` in a quoted key is escaped with `\`.
fn escape_glob(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if matches!(c, '*' | '?' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `*` any run of characters, `?` one character, `\x` a literal `x`.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('\\') if p.get(pi + 1) == Some(&t[ti]) => {
                pi += 2;
                ti += 1;
                continue;
            }
            Some(&c) if c != '\\' && c == t[ti] => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A node of the tree the inspector draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// From the root; empty for the root itself.
    pub steps: Vec<Step>,
    /// The filter matched this node itself (its whole subtree is shown).
    pub matched: bool,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `total` is the member count before filtering.
    Object {
        children: Vec<Node>,
        total: usize,
    },
    Array {
        children: Vec<Node>,
        total: usize,
    },
    Scalar(Value),
}

impl Node {
    pub fn path(&self) -> String {
        format_path(&self.steps)
    }

    /// The key or index shown in front of the node.
    pub fn label(&self) -> Option<String> {
        self.steps.last().map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => format!("[{i}]"),
        })
    }

    pub fn children(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Object { children, .. } | NodeKind::Array { children, .. } => children,
            NodeKind::Scalar(_) => &[],
        }
    }

    /// How many nodes the filter matched in this subtree (a matched node counts once).
    pub fn match_count(&self) -> usize {
        if self.matched {
            1
        } else {
            self.children().iter().map(Node::match_count).sum()
        }
    }
}

/// The whole answer as a tree (no filter).
pub fn tree(value: &Value) -> Node {
    build(value, Vec::new(), true)
}

/// The answer narrowed to the nodes `pattern` matches and the way to them; `None` when
/// nothing matches.
pub fn filter(value: &Value, pattern: &Pattern) -> Option<Node> {
    let states = pattern.start();
    if pattern.accepts(&states) {
        // `**` alone matches the root.
        return Some(build(value, Vec::new(), true));
    }
    filter_at(value, Vec::new(), pattern, &states)
}

fn filter_at(value: &Value, steps: Vec<Step>, pattern: &Pattern, states: &[usize]) -> Option<Node> {
    let visit = |step: Step, child: &Value| -> Option<Node> {
        let next = pattern.advance(states, &step);
        if next.is_empty() {
            return None;
        }
        let mut child_steps = steps.clone();
        child_steps.push(step);
        if pattern.accepts(&next) {
            Some(build(child, child_steps, true))
        } else {
            filter_at(child, child_steps, pattern, &next)
        }
    };
    let kind = match value {
        Value::Object(map) => NodeKind::Object {
            children: map
                .iter()
                .filter_map(|(k, v)| visit(Step::Key(k.clone()), v))
                .collect(),
            total: map.len(),
        },
        Value::Array(items) => NodeKind::Array {
            children: items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| visit(Step::Index(i), v))
                .collect(),
            total: items.len(),
        },
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => return None,
    };
    let node = Node {
        steps,
        matched: false,
        kind,
    };
    (!node.children().is_empty()).then_some(node)
}

fn build(value: &Value, steps: Vec<Step>, matched: bool) -> Node {
    let child = |step: Step, v: &Value| {
        let mut s = steps.clone();
        s.push(step);
        build(v, s, false)
    };
    let kind = match value {
        Value::Object(map) => NodeKind::Object {
            children: map
                .iter()
                .map(|(k, v)| child(Step::Key(k.clone()), v))
                .collect(),
            total: map.len(),
        },
        Value::Array(items) => NodeKind::Array {
            children: items
                .iter()
                .enumerate()
                .map(|(i, v)| child(Step::Index(i), v))
                .collect(),
            total: items.len(),
        },
        scalar => NodeKind::Scalar(scalar.clone()),
    };
    Node {
        steps,
        matched,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(text: &str) -> Pattern {
        Pattern::parse(text).unwrap().unwrap()
    }

    /// Every matched path, in document order.
    fn matched_paths(value: &Value, pattern: &str) -> Vec<String> {
        fn walk(n: &Node, out: &mut Vec<String>) {
            if n.matched {
                out.push(n.path());
            } else {
                n.children().iter().for_each(|c| walk(c, out));
            }
        }
        let mut out = Vec::new();
        if let Some(n) = filter(value, &p(pattern)) {
            walk(&n, &mut out);
        }
        out
    }

    fn answer() -> Value {
        json!({
            "errcode": 0,
            "description": "success",
            "data": {
                "total": 2,
                "rows": [
                    {"material_number": "SP001", "qty": 12, "stock": {"qty": 5}},
                    {"material_number": "SP002", "qty": "3.5"}
                ]
            }
        })
    }

    #[test]
    fn keys_indexes_and_wildcards() {
        let v = answer();
        assert_eq!(
            matched_paths(&v, "data.rows[*].qty"),
            ["data.rows[0].qty", "data.rows[1].qty"]
        );
        assert_eq!(matched_paths(&v, "data.rows[1].qty"), ["data.rows[1].qty"]);
        assert_eq!(matched_paths(&v, "data.rows.0.qty"), ["data.rows[0].qty"]);
        assert_eq!(matched_paths(&v, "$.errcode"), ["errcode"]);
        assert_eq!(matched_paths(&v, "data.*"), ["data.total", "data.rows"]);
        assert_eq!(
            matched_paths(&v, "data.rows.*.material_number"),
            [
                "data.rows[0].material_number",
                "data.rows[1].material_number"
            ]
        );
        assert!(matched_paths(&v, "data.rows[2]").is_empty());
        assert!(matched_paths(&v, "data.missing").is_empty());
    }

    #[test]
    fn deep_wildcard_matches_any_depth_including_none() {
        let v = answer();
        assert_eq!(
            matched_paths(&v, "**.qty"),
            [
                "data.rows[0].qty",
                "data.rows[0].stock.qty",
                "data.rows[1].qty"
            ]
        );
        assert_eq!(matched_paths(&v, "data.**.total"), ["data.total"]);
        // A key alone is found wherever it is; `$.` keeps it to the root.
        assert_eq!(matched_paths(&v, "qty"), matched_paths(&v, "**.qty"));
        assert_eq!(matched_paths(&v, "$.qty"), Vec::<String>::new());
        assert_eq!(matched_paths(&v, "total"), ["data.total"]);
        assert_eq!(matched_paths(&v, "**"), [""]);
    }

    #[test]
    fn globs_inside_keys() {
        let taobao =
            json!({"logistics_wms_inventory_imbalance_create_response": {"request_id": "x1"}});
        assert_eq!(
            matched_paths(&taobao, "*_response.request_id"),
            ["logistics_wms_inventory_imbalance_create_response.request_id"]
        );
        let err = json!({"error_response": {"code": 31, "msg": "Invalid timestamp"}});
        assert_eq!(
            matched_paths(&err, "error_response.code"),
            ["error_response.code"]
        );
        assert_eq!(
            matched_paths(&err, "error_?esponse.m*"),
            ["error_response.msg"]
        );
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b", "aXXc"));
        assert!(glob("*", ""));
    }

    #[test]
    fn quoted_keys_are_literal() {
        let v = json!({"app-token": "t", "a.b": {"c": 1}, "x*": 2, "xy": 3});
        assert_eq!(matched_paths(&v, "[\"a.b\"].c"), ["[\"a.b\"].c"]);
        assert_eq!(matched_paths(&v, "['app-token']"), ["app-token"]);
        assert_eq!(matched_paths(&v, "[\"x*\"]"), ["[\"x*\"]"]);
        assert_eq!(matched_paths(&v, "x*"), ["[\"x*\"]", "xy"]);
    }

    #[test]
    fn bad_patterns_say_where() {
        let err = |t: &str| Pattern::parse(t).unwrap_err();
        assert_eq!(err("data..rows").position, 5);
        assert_eq!(err("data..rows").kind, PatternErrorKind::EmptyKey);
        assert_eq!(err("data.").kind, PatternErrorKind::EmptyKey);
        assert_eq!(err("rows[").kind, PatternErrorKind::BadBracket);
        assert_eq!(err("rows[x]").kind, PatternErrorKind::BadBracket);
        assert_eq!(err("rows]").kind, PatternErrorKind::BadBracket);
        assert_eq!(err("[\"abc").kind, PatternErrorKind::UnclosedQuote);
        assert_eq!(Pattern::parse("   "), Ok(None));
        assert_eq!(Pattern::parse("$"), Ok(None));
    }

    #[test]
    fn filtered_tree_keeps_the_way_and_original_indexes() {
        let v = answer();
        let n = filter(&v, &p("data.rows[1].qty")).unwrap();
        assert!(!n.matched);
        assert_eq!(n.children().len(), 1);
        let rows = &n.children()[0].children()[0];
        assert_eq!(rows.path(), "data.rows");
        match &rows.kind {
            NodeKind::Array { children, total } => {
                assert_eq!(*total, 2);
                assert_eq!(children.len(), 1);
                assert_eq!(children[0].label().as_deref(), Some("[1]"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(n.match_count(), 1);
        assert_eq!(filter(&v, &p("data.rows[*].qty")).unwrap().match_count(), 2);
        // A matched object brings its whole subtree.
        let whole = filter(&v, &p("data.rows[0]")).unwrap();
        let row = &whole.children()[0].children()[0].children()[0];
        assert!(row.matched);
        assert_eq!(row.children().len(), 3);
    }

    #[test]
    fn paths_round_trip_and_values_copy() {
        let v = json!({"a.b": [{"c d": "x"}], "n": 1.5});
        let steps = vec![
            Step::Key("a.b".into()),
            Step::Index(0),
            Step::Key("c d".into()),
        ];
        let text = format_path(&steps);
        assert_eq!(text, "[\"a.b\"][0][\"c d\"]");
        assert!(p(&text).matches(&steps));
        assert_eq!(get(&v, &steps), Some(&json!("x")));
        assert_eq!(copy_text(get(&v, &steps).unwrap()), "x");
        assert_eq!(copy_text(&v["n"]), "1.5");
        assert_eq!(copy_text(&json!([1])), "[\n  1\n]");
        assert_eq!(format_path(&[Step::Key("10".into())]), "[\"10\"]");
    }

    #[test]
    fn whole_tree_without_filter() {
        let t = tree(&answer());
        assert!(t.matched);
        assert_eq!(t.children().len(), 3);
        assert_eq!(t.label(), None);
    }
}
