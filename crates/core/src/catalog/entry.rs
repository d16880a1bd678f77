//! A catalog entry read from JSON text a person wrote or kept (Edit as JSON, a catalog
//! file pasted into "Add API from doc page"): the entry, or where and why it is not one,
//! with the field's path (`params[3].required`) and the kind of value it takes, in both
//! languages, rather than serde's words alone.

use serde_json::Value;

use super::Api;
use crate::lang::{Lang, Localise};

/// `{name}` in `template` replaced by each value.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |t, (name, value)| {
        t.replace(&format!("{{{name}}}"), value)
    })
}

/// Why a text is not a catalog entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryError {
    /// The text does not read as JSON (a syntax error): where, in serde's words.
    Json {
        line: usize,
        column: usize,
        cause: String,
    },
    /// Valid JSON, but no object (`[]`, a string): serde's "invalid length 0, expected
    /// struct Api with 20 elements" said nothing useful.
    NotAnObject,
    /// Valid JSON, but a field holds what it cannot (`"required": "no"`), is missing or is
    /// unknown: said with the field's path (`params[3].required`), not serde's words alone.
    Field {
        /// Where in the entry, as `params[3].required`; empty for the whole object.
        path: String,
        line: usize,
        column: usize,
        fault: FieldFault,
    },
}

/// What is wrong with one field of an entry, read from serde's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldFault {
    /// A value of another kind, or one the field does not take: what it takes.
    Expected(Expected),
    /// A required field is absent (the path is its object's).
    Missing(String),
    /// A field the definition does not have (a typo?), with the ones it has. (The path
    /// ends with its name.)
    Unknown { name: String, known: String },
    /// Anything else: serde's own words.
    Other(String),
}

/// What kind of value a field takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    Boolean,
    String,
    Integer,
    Number,
    Array,
    Object,
    /// One of the listed words (serde's "`a`, `b` or `c`" list, kept as it is).
    OneOf(String),
    /// A kind serde named in a way not known here: its words.
    Other(String),
}

impl Expected {
    /// serde's "expected …" text as a kind.
    pub(crate) fn read(exp: &str) -> Self {
        let exp = exp.trim();
        if let Some(list) = exp.strip_prefix("one of ") {
            return Self::OneOf(list.to_string());
        }
        if exp.starts_with('`') {
            return Self::OneOf(exp.to_string());
        }
        match exp {
            "a boolean" => Self::Boolean,
            "a string" | "a borrowed string" | "a character" => Self::String,
            "a sequence" | "an array" => Self::Array,
            "a map" | "an object" => Self::Object,
            "a number" | "f32" | "f64" => Self::Number,
            "an integer" | "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32"
            | "i64" | "isize" => Self::Integer,
            _ if exp.starts_with("struct ") || exp.starts_with("a map") => Self::Object,
            _ if exp.starts_with("a sequence") || exp.starts_with("a tuple") => Self::Array,
            _ if exp.contains("integer") => Self::Integer,
            _ => Self::Other(exp.to_string()),
        }
    }

    pub fn text(&self, l: Lang) -> String {
        let pair = match self {
            Self::Boolean => ("布尔值 true 或 false", "a boolean, true or false"),
            Self::String => ("字符串（\"…\"）", "a string (\"…\")"),
            Self::Integer => ("整数", "an integer"),
            Self::Number => ("数字", "a number"),
            Self::Array => ("数组 [ … ]", "an array [ … ]"),
            Self::Object => ("对象 { … }", "an object { … }"),
            Self::OneOf(list) => {
                return fill(
                    l.pick("以下之一：{list}", "one of {list}"),
                    &[("list", list)],
                )
            }
            Self::Other(words) => return words.clone(),
        };
        l.pick(pair.0, pair.1).to_string()
    }
}

impl FieldFault {
    /// serde's message (without its " at line … column …" tail) as a fault.
    pub(crate) fn read(message: &str) -> Self {
        let after = |prefix: &str| message.strip_prefix(prefix);
        let backticked = |rest: &str| {
            let rest = rest.strip_prefix('`')?;
            let end = rest.find('`')?;
            Some((rest[..end].to_string(), rest[end + 1..].to_string()))
        };
        if let Some((name, rest)) = after("unknown field ").and_then(backticked) {
            let known = rest
                .trim_start_matches(", expected ")
                .trim_start_matches("one of ")
                .to_string();
            let known = if rest.contains("there are no fields") {
                String::new()
            } else {
                known
            };
            return Self::Unknown { name, known };
        }
        if let Some((name, _)) = after("missing field ").and_then(backticked) {
            return Self::Missing(name);
        }
        let expected = [
            "invalid type: ",
            "invalid value: ",
            "invalid length ",
            "unknown variant ",
        ]
        .iter()
        .any(|p| message.starts_with(p));
        match message.rsplit_once(", expected ") {
            Some((_, exp)) if expected => Self::Expected(Expected::read(exp)),
            _ => Self::Other(message.to_string()),
        }
    }

    pub fn text(&self, l: Lang) -> String {
        match self {
            Self::Expected(e) => fill(
                l.pick("应为{what}", "expected {what}"),
                &[("what", &e.text(l))],
            ),
            Self::Missing(name) => fill(
                l.pick("缺少字段 `{name}`", "missing field `{name}`"),
                &[("name", name)],
            ),
            // The path ends with the unknown name already.
            Self::Unknown { known, .. } if known.is_empty() => {
                l.pick("没有这个字段", "no such field").to_string()
            }
            Self::Unknown { known, .. } => fill(
                l.pick(
                    "没有这个字段（可用的字段：{known}）",
                    "no such field (the fields are {known})",
                ),
                &[("known", known)],
            ),
            Self::Other(words) => words.clone(),
        }
    }
}

impl EntryError {
    pub fn text(&self, l: Lang) -> String {
        match self {
            Self::Json {
                line,
                column,
                cause,
            } => fill(
                l.pick(
                    "第 {line} 行第 {column} 列：定义不是有效的接口 JSON（{cause}）",
                    "line {line}, column {column}: the definition is not a valid API JSON ({cause})",
                ),
                &[
                    ("line", &line.to_string()),
                    ("column", &column.to_string()),
                    ("cause", cause),
                ],
            ),
            Self::NotAnObject => l
                .pick(
                    "定义必须是一个 JSON 对象（{…}），与“导出为目录文件”得到的相同",
                    "the definition must be one JSON object ({…}), as “Export as a catalog file” gives",
                )
                .to_string(),
            Self::Field {
                path,
                line,
                column,
                fault,
            } => {
                let path = if path.is_empty() {
                    l.pick("定义", "the definition").to_string()
                } else {
                    path.clone()
                };
                fill(
                    l.pick(
                        "{path}：{fault}（第 {line} 行第 {column} 列）",
                        "{path}: {fault} (line {line}, column {column})",
                    ),
                    &[
                        ("path", &path),
                        ("fault", &fault.text(l)),
                        ("line", &line.to_string()),
                        ("column", &column.to_string()),
                    ],
                )
            }
        }
    }
}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for EntryError {}

impl Localise for EntryError {
    fn zh(&self) -> String {
        self.text(Lang::Zh)
    }
}

/// The entry `text` holds. (Whether the catalog takes it is `check_written`'s and
/// `register`'s business.)
pub fn read_entry(text: &str) -> Result<Api, EntryError> {
    serde_json::from_str::<Api>(text).map_err(|e| {
        // Valid JSON that is no object gets its own words; read again only on failure.
        let value = serde_json::from_str::<Value>(text);
        if value.as_ref().is_ok_and(|v| !v.is_object()) {
            return EntryError::NotAnObject;
        }
        // The path of where serde stopped, found in the text (no second deserialiser).
        let path = crate::json_at::path_at(text, e.line(), e.column());
        let cause = crate::error::strip_position(&e.to_string());
        if value.is_ok() {
            // The JSON reads: a field is at fault, said with its path.
            EntryError::Field {
                path,
                line: e.line(),
                column: e.column(),
                fault: FieldFault::read(&cause),
            }
        } else {
            EntryError::Json {
                line: e.line(),
                column: e.column(),
                cause,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_is_no_entry_names_where_and_why() {
        // JSON that does not read: where, in serde's words.
        let err = read_entry("{\n  \"id\": \n}").unwrap_err();
        assert!(matches!(err, EntryError::Json { line: 3, .. }), "{err:?}");
        let en = err.to_string();
        assert!(en.starts_with("line 3, column"), "{en}");
        assert!(!en.contains(" at line "), "serde's tail stays out: {en}");
        assert!(err.zh().starts_with("第 3 行"), "{}", err.zh());
        // JSON that is no object at all is said so, not in serde's words.
        let err = read_entry("[]").unwrap_err();
        assert_eq!(err, EntryError::NotAnObject);
        assert!(err.zh().contains("JSON 对象"), "{err}");
    }

    /// An edited catalog entry with one change made to its JSON.
    fn edited(change: impl FnOnce(&mut Value)) -> String {
        let api = crate::catalog::find("taobao.imbalance.create").unwrap();
        let mut v = serde_json::to_value(api).unwrap();
        v["id"] = "test.edited.field".into();
        change(&mut v);
        serde_json::to_string_pretty(&v).unwrap()
    }

    fn field_error(text: &str) -> (String, FieldFault, EntryError) {
        match read_entry(text).unwrap_err() {
            e @ EntryError::Field { .. } => {
                let EntryError::Field { path, fault, .. } = e.clone() else {
                    unreachable!()
                };
                (path, fault, e)
            }
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn a_wrong_field_is_named_by_its_path_and_the_kind_it_takes() {
        let text = edited(|v| v["params"][0]["fields"][3]["required"] = "no".into());
        let (path, fault, err) = field_error(&text);
        assert_eq!(path, "params[0].fields[3].required");
        assert_eq!(fault, FieldFault::Expected(Expected::Boolean));
        let en = err.to_string();
        assert!(
            en.starts_with(
                "params[0].fields[3].required: expected a boolean, true or false (line "
            ),
            "{en}"
        );
        assert!(!en.contains("invalid type"), "not serde's words: {en}");
        let zh = err.zh();
        assert!(
            zh.starts_with("params[0].fields[3].required：应为布尔值 true 或 false（第 "),
            "{zh}"
        );

        let (path, fault, _) = field_error(&edited(|v| v["params"][0]["name"] = 5.into()));
        assert_eq!(
            (path.as_str(), fault),
            ("params[0].name", FieldFault::Expected(Expected::String))
        );
        let (path, fault, err) = field_error(&edited(|v| v["params"][0]["type"] = "bool".into()));
        assert_eq!(path, "params[0].type");
        assert!(
            matches!(fault, FieldFault::Expected(Expected::OneOf(ref l)) if l.contains("`string`")),
            "{fault:?}"
        );
        assert!(err.zh().contains("应为以下之一：`"), "{err}");
        // A missing field is named on its object; an unknown one by its name.
        let (path, fault, err) = field_error(&edited(|v| {
            v["params"][0].as_object_mut().unwrap().remove("type");
        }));
        assert_eq!(
            (path.as_str(), fault),
            ("params[0]", FieldFault::Missing("type".into()))
        );
        assert!(err.zh().starts_with("params[0]：缺少字段 `type`"), "{err}");
        let (path, fault, err) = field_error(&edited(|v| v["params"][0]["requird"] = true.into()));
        assert_eq!(path, "params[0].requird");
        assert!(
            err.to_string()
                .starts_with("params[0].requird: no such field (the fields are `name`"),
            "{err}"
        );
        assert!(
            matches!(fault, FieldFault::Unknown { ref name, ref known } if name == "requird" && known.contains("`required`")),
            "{fault:?}"
        );
        // The whole definition is said so, not as ".".
        let (path, _, err) = field_error(&edited(|v| {
            v.as_object_mut().unwrap().remove("vendor");
        }));
        assert_eq!(path, "");
        assert!(
            err.to_string()
                .starts_with("the definition: missing field `vendor`"),
            "{err}"
        );
        assert!(err.zh().starts_with("定义：缺少字段 `vendor`"), "{err}");
    }

    use crate::json_at::Seg;
    use serde_json::json;

    /// Every place in every catalog entry, each changed in the ways people get an entry
    /// wrong (another kind of value, a key misspelt, a key left out): where reading fails,
    /// the path found in the text is the one serde_path_to_error tracks while reading.
    #[test]
    fn the_path_found_in_the_text_is_the_one_tracked_while_reading() {
        fn places(v: &Value, at: Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
            out.push(at.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, c)| {
                    let mut p = at.clone();
                    p.push(Seg::Key(k.clone()));
                    places(c, p, out)
                }),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| {
                    let mut p = at.clone();
                    p.push(Seg::Index(i));
                    places(c, p, out)
                }),
                _ => {}
            }
        }
        fn at<'v>(v: &'v mut Value, path: &[Seg]) -> &'v mut Value {
            path.iter().fold(v, |v, s| match s {
                Seg::Key(k) => &mut v[k.as_str()],
                Seg::Index(i) => &mut v[*i],
            })
        }
        let mut compared = 0;
        for api in crate::catalog::all().iter().step_by(3) {
            let whole = serde_json::to_value(api).unwrap();
            let mut all = Vec::new();
            places(&whole, Vec::new(), &mut all);
            for place in all {
                let mut texts = Vec::new();
                let others = match at(&mut whole.clone(), &place) {
                    Value::Bool(_) | Value::Number(_) => vec![json!("x"), json!([1])],
                    Value::String(_) => vec![json!(5), json!(["x"])],
                    Value::Array(_) => vec![json!(true), json!({})],
                    Value::Object(_) => vec![json!([]), json!("x")],
                    Value::Null => vec![json!(1)],
                };
                for other in others {
                    let mut v = whole.clone();
                    *at(&mut v, &place) = other;
                    texts.push(serde_json::to_string_pretty(&v).unwrap());
                }
                if let Value::Object(m) = at(&mut whole.clone(), &place) {
                    let mut v = whole.clone();
                    at(&mut v, &place)
                        .as_object_mut()
                        .unwrap()
                        .insert("zz_typo".into(), 1.into());
                    texts.push(serde_json::to_string_pretty(&v).unwrap());
                    for k in m.keys() {
                        let mut v = whole.clone();
                        at(&mut v, &place).as_object_mut().unwrap().remove(k);
                        texts.push(serde_json::to_string_pretty(&v).unwrap());
                    }
                }
                for text in texts {
                    let mut reader = serde_json::Deserializer::from_str(&text);
                    let tracked = match serde_path_to_error::deserialize::<_, Api>(&mut reader) {
                        Ok(_) => continue,
                        Err(e) => e,
                    };
                    let inner = tracked.inner();
                    let found = crate::json_at::path_at(&text, inner.line(), inner.column());
                    // serde_path_to_error writes the top as ".".
                    let tracked_path = Some(tracked.path().to_string())
                        .filter(|p| p != ".")
                        .unwrap_or_default();
                    assert_eq!(found, tracked_path, "{inner} in {}", api.id);
                    compared += 1;
                }
            }
        }
        assert!(compared > 200, "only {compared} failing texts compared");
    }
}
