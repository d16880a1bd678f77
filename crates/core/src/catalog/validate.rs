//! Checks a request document against its API: required fields, types, lengths, enums,
//! array sizes, formats, unknown fields. Tolerant where the real gateways are: a number
//! written as a string is a warning, not an error, because the gateways convert it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::model::{canonical, Api, ArrayStyle, Field, FieldType, Format, ValueType};
use super::reuse::{Reuse, Visit};
use super::text::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable codes, for scripts and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    Required,
    Type,
    MaxLength,
    Enum,
    MaxItems,
    UnknownField,
    Format,
    Fixed,
    /// Text that should be JSON and does not parse.
    Json,
    /// A name the signer writes itself (Taobao's system parameters).
    Reserved,
    /// A character nobody sees (zero-width, bidi control): sent, signed, and it garbles
    /// or reverses how the text around it is shown.
    Invisible,
    /// A number below the doc's smallest value.
    Minimum,
    /// A number above the doc's largest value.
    Maximum,
}

/// Whose rule a finding enforces: the vendor doc's, or one the catalog adds beyond it
/// (`format: decimal` on a field the doc types `string`). Ours are warnings only: the real
/// gateway may accept what we would not (`"13%"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSource {
    #[default]
    Doc,
    Inferred,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// `items[0].lock_quantity`; `$` for the document itself.
    pub path: String,
    pub severity: Severity,
    pub code: FindingCode,
    #[serde(default)]
    pub source: FindingSource,
    pub message_zh: String,
    pub message_en: String,
}

impl Finding {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_inferred(&self) -> bool {
        self.source == FindingSource::Inferred
    }
}

/// True when the field's type or format is the catalog's reading, not the doc's: the doc
/// types it a plain string and its description does not spell the form out (a date
/// pattern, JSON).
pub fn inferred_format(field: &Field) -> bool {
    let Some(doc_type) = field.doc_type.as_deref() else {
        return false;
    };
    if !matches!(doc_type.trim().to_lowercase().as_str(), "string" | "str") {
        return false;
    }
    let d = field.description.zh.to_lowercase();
    let spelled = match (field.ty, field.format) {
        (FieldType::Date | FieldType::Datetime, _) | (_, Some(Format::Date | Format::DateTime)) => {
            d.contains("yyyy")
        }
        (_, Some(Format::Json)) => d.contains("json"),
        (_, Some(Format::Csv)) => d.contains("逗号"),
        (_, Some(Format::Decimal | Format::Integer)) => false,
        _ => return false,
    };
    !spelled
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message_en)
    }
}

pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// Every finding for `document`: declared fields in catalog order, then unknown keys.
pub fn validate(api: &Api, document: &Value) -> Vec<Finding> {
    let mut v = Validator::for_api(api);
    match document.as_object() {
        Some(obj) if api.is_custom() => v.out = super::custom::validate(api, obj),
        Some(obj) => v.fields(&api.params, obj),
        None => v.root_error(
            FindingCode::Type,
            "请求文档必须是 JSON 对象".into(),
            "the document must be a JSON object".into(),
        ),
    }
    v.out
}

/// [`validate`] of `document` after edits at the paths `edited` (in the findings' syntax)
/// to the document that gave `before`: the same list, but the values no edit reaches are
/// not checked again (see `reuse`).
pub fn validate_after(
    api: &Api,
    document: &Value,
    before: &[Finding],
    edited: Vec<String>,
) -> Vec<Finding> {
    revalidate(api, document, before, edited).unwrap_or_else(|| validate(api, document))
}

/// [`validate_after`]'s walk alone: `None` when it could not use `before` (a custom API,
/// no object, a whole-document edit, or walks that did not line up).
pub fn revalidate(
    api: &Api,
    document: &Value,
    before: &[Finding],
    edited: Vec<String>,
) -> Option<Vec<Finding>> {
    let obj = document.as_object().filter(|_| !api.is_custom())?;
    let mut v = Validator {
        reuse: Some(Reuse::new(before, edited)?),
        ..Validator::for_api(api)
    };
    v.fields(&api.params, obj);
    v.reuse?.used_all().then_some(v.out)
}

/// Walks the document once. The path of the value at hand is kept in one buffer, grown
/// and cut back as the walk goes down and up: a path becomes a String only when a finding
/// is made, so a clean 100-row document costs no path text at all.
#[derive(Default)]
struct Validator<'a> {
    out: Vec<Finding>,
    /// Bytes, cut back by a plain length change (a String's truncate checks boundaries).
    path: Vec<u8>,
    /// In a walk after edits, the last walk's findings (none inside a value checked all).
    reuse: Option<Reuse<'a>>,
    /// 旺店通's body holds only the method's positional arguments: another top-level key
    /// is not sent.
    positional: bool,
}

fn kind(value: &Value) -> (&'static str, &'static str) {
    match value {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("布尔值", "a boolean"),
        Value::Number(_) => ("数字", "a number"),
        Value::String(_) => ("字符串", "a string"),
        Value::Array(_) => ("数组", "an array"),
        Value::Object(_) => ("对象", "an object"),
    }
}

impl Validator<'_> {
    /// A whole walk's validator: what it knows of `api` beside its fields.
    fn for_api(api: &Api) -> Self {
        Self {
            positional: !api.positional.is_empty(),
            ..Self::default()
        }
    }

    /// Checks the value at the path just entered with `check`; in a walk after edits, only
    /// when an edit can have changed it, else its findings are the last walk's.
    fn visit(&mut self, check: impl FnOnce(&mut Self)) {
        let Some(reuse) = self.reuse.as_mut() else {
            return check(self);
        };
        match reuse.enter(&self.path, &mut self.out) {
            Visit::Copied => {}
            Visit::Fresh => {
                let reuse = self.reuse.take();
                check(self);
                self.reuse = reuse;
            }
            Visit::Ancestor => {
                check(self);
                if let Some(reuse) = self.reuse.as_mut() {
                    reuse.leave(&self.path);
                }
            }
        }
    }

    fn root_error(&mut self, code: FindingCode, zh: String, en: String) {
        self.path.push(b'$');
        self.push(Severity::Error, code, zh, en);
    }

    fn path_text(&self) -> String {
        String::from_utf8(self.path.clone()).expect("paths are built from whole strings")
    }

    fn push(&mut self, severity: Severity, code: FindingCode, zh: String, en: String) {
        self.out.push(Finding {
            path: self.path_text(),
            severity,
            code,
            source: FindingSource::Doc,
            message_zh: zh,
            message_en: en,
        });
    }

    /// A format check of ours (see [`inferred_format`]): a warning that says so.
    fn format_finding(&mut self, field: &Field, zh: String, en: String) {
        if inferred_format(field) {
            self.out.push(Finding {
                path: self.path_text(),
                severity: Severity::Warning,
                code: FindingCode::Format,
                source: FindingSource::Inferred,
                message_zh: format!("{zh}（文档只写字符串：这是本工具的推断，网关可能接受）"),
                message_en: format!(
                    "{en} (the doc only says string: this is our inference, the gateway may accept it)"
                ),
            });
        } else {
            // JSON text and comma lists were only ever warnings.
            let severity = match field.format {
                Some(Format::Json | Format::Csv) => Severity::Warning,
                _ => Severity::Error,
            };
            self.push(severity, FindingCode::Format, zh, en);
        }
    }

    fn wrong_type(&mut self, value: &Value, zh: &str, en: &str) {
        // Typed text is quoted back ("abc" is not an integer): "not a string" reads as if
        // the person had chosen a type, when they only typed the wrong thing.
        let (message_zh, message_en) = match value {
            Value::String(text) => {
                let shown: String = text.chars().take(24).collect();
                let more = if shown.len() < text.len() { "…" } else { "" };
                // What a Chinese input method types: １２ looks like 12 and is not.
                let (wide_zh, wide_en) = if text.chars().any(|c| ('０'..='９').contains(&c)) {
                    (
                        "：其中有全角数字，请用半角数字（如 12）",
                        ": it has full-width digits; type them half-width (12)",
                    )
                } else {
                    ("", "")
                };
                (
                    format!("“{shown}{more}” 不是{}{wide_zh}", zh.trim()),
                    format!("\"{shown}{more}\" is not {en}{wide_en}"),
                )
            }
            _ => {
                let (kzh, ken) = kind(value);
                (
                    format!("必须是{zh}，而不是{kzh}"),
                    format!("must be {en}, not {ken}"),
                )
            }
        };
        self.push(Severity::Error, FindingCode::Type, message_zh, message_en);
    }

    /// A value the gateway converts, in another form than the doc's.
    fn loose_type(&mut self, zh: String, en: String) {
        self.push(Severity::Warning, FindingCode::Type, zh, en);
    }

    /// Appends `.name` (or `name` at the top) to the path; returns the length to cut back to.
    fn enter(&mut self, name: &str) -> usize {
        let back = self.path.len();
        if back > 0 {
            self.path.push(b'.');
        }
        self.path.extend_from_slice(name.as_bytes());
        back
    }

    fn fields(&mut self, fields: &[Field], obj: &Map<String, Value>) {
        // The document's entries with a mark for the keys a field names. Documents mostly
        // list their keys in the catalog's order, so each field first tries the entry after
        // the last one found: a string compare instead of a hash, and the unknown keys fall
        // out of the marks instead of a search of `fields` per key.
        let mut entries: Vec<(&str, &Value, bool)> =
            obj.iter().map(|(k, v)| (k.as_str(), v, false)).collect();
        let mut next = 0;
        for field in fields {
            let name = field.name.as_str();
            let at = match entries.get(next) {
                Some((k, _, _)) if *k == name => Some(next),
                _ if obj.contains_key(name) => entries.iter().position(|(k, _, _)| *k == name),
                _ => None,
            };
            let found = at.map(|i| {
                next = i + 1;
                entries[i].2 = true;
                entries[i].1
            });
            let back = self.enter(name);
            self.visit(|v| match found {
                None | Some(Value::Null) => {
                    // A parameter the builder fills from the credentials is not missing.
                    let filled = field.from_credential.is_some() || field.derive.is_some();
                    if field.required && !filled {
                        v.push(
                            Severity::Error,
                            FindingCode::Required,
                            "必填字段缺失".into(),
                            "is required but missing".into(),
                        );
                    }
                }
                Some(value) => v.value(field, value),
            });
            self.path.truncate(back);
        }
        if fields.is_empty() {
            return;
        }
        let dropped = self.positional && self.path.is_empty();
        for (key, _, known) in entries {
            if !known {
                let back = self.enter(key);
                self.visit(|v| {
                    let (zh, en) = if dropped {
                        (
                            "不是该接口的参数：不会发送（请求体只含方法的位置参数）",
                            "is not a parameter of this API: it is not sent (the body holds only the method's positional arguments)",
                        )
                    } else {
                        (
                            "不是该接口文档中的字段（会原样发送）",
                            "is not a field of this API's doc (it is sent as is)",
                        )
                    };
                    v.push(Severity::Warning, FindingCode::UnknownField, zh.into(), en.into())
                });
                self.path.truncate(back);
            }
        }
    }

    fn value(&mut self, field: &Field, value: &Value) {
        match field.ty {
            FieldType::String => self.string(field, value),
            FieldType::Integer => self.integer(value),
            FieldType::Decimal => self.decimal(value),
            FieldType::Boolean => self.boolean(field, value),
            FieldType::Date | FieldType::Datetime => self.date(field, value),
            FieldType::Enum => self.enumeration(field, value),
            FieldType::Object => match value {
                Value::Object(obj) => self.fields(&field.fields, obj),
                // JSON text of an object (Taobao's `req_dto` pasted as sent): check inside.
                Value::String(s) => match serde_json::from_str::<Value>(s) {
                    Ok(Value::Object(obj)) => {
                        self.loose_type(
                            "这里是 JSON 文本，文档中应写成对象：会原样发送".into(),
                            "is JSON text where the document expects an object: it is sent as is"
                                .into(),
                        );
                        // Its inside has no paths an edit can name: checked all.
                        let reuse = self.reuse.take();
                        self.fields(&field.fields, &obj);
                        self.reuse = reuse;
                    }
                    _ => self.wrong_type(value, "对象", "an object"),
                },
                other => self.wrong_type(other, "对象", "an object"),
            },
            FieldType::Array => self.array(field, value),
            FieldType::Map => match value {
                Value::Object(obj) => self.map(field, obj),
                other => self.wrong_type(other, "对象（键 → 值）", "an object (key → value)"),
            },
        }
        self.bounds(field, value);
        if let Some(fixed) = &field.fixed {
            if canonical(value) != canonical(fixed) {
                let want = canonical(fixed).unwrap_or_default();
                self.push(
                    Severity::Error,
                    FindingCode::Fixed,
                    format!("必须为 {want}"),
                    format!("must be {want}"),
                );
            }
        }
    }

    fn string(&mut self, field: &Field, value: &Value) {
        let Some(text) = value.as_str() else {
            match value {
                Value::Number(n) => self.push(
                    Severity::Error,
                    FindingCode::Type,
                    format!("必须是字符串：写成 \"{n}\""),
                    format!("must be a string: write \"{n}\""),
                ),
                Value::Bool(b) => self.push(
                    Severity::Error,
                    FindingCode::Type,
                    format!("必须是字符串：写成 \"{b}\""),
                    format!("must be a string: write \"{b}\""),
                ),
                other => self.wrong_type(other, "字符串", "a string"),
            }
            return;
        };
        self.length(field, text);
        self.invisible(text);
        match field.format {
            Some(Format::Decimal) if !text.is_empty() && !is_decimal(text) => {
                let (zh, en) = match comma_decimal(text) {
                    Some(fixed) => (
                        format!("小数点要用英文句点：写成 \"{fixed}\""),
                        format!("the decimal mark is a point: write \"{fixed}\""),
                    ),
                    None => {
                        let q = quoted(text);
                        (
                            format!("{q} 不是数字：须是以字符串表示的数字，如 \"200.0000\""),
                            format!(
                                "{q} is not a number: write one as a string, e.g. \"200.0000\""
                            ),
                        )
                    }
                };
                self.format_finding(field, zh, en)
            }
            Some(Format::Integer) if !text.is_empty() && !is_integer(text) => {
                let q = quoted(text);
                self.format_finding(
                    field,
                    format!("{q} 不是整数：须是以字符串表示的整数，如 \"12\""),
                    format!("{q} is not a whole number: write one as a string, e.g. \"12\""),
                )
            }
            Some(Format::Json) if serde_json::from_str::<Value>(text).is_err() => self
                .format_finding(
                    field,
                    "不是合法的 JSON 文本".into(),
                    "is not valid JSON text".into(),
                ),
            Some(Format::Csv) if text.contains('，') => self.format_finding(
                field,
                "多个值应以英文逗号 , 分隔，而不是中文逗号 ，".into(),
                "separate several values with an English comma , not a Chinese ，".into(),
            ),
            Some(Format::Date | Format::DateTime) => self.date_text(field, text),
            _ => {}
        }
    }

    /// Zero-width and bidi-control characters come with a copy from a web page or chat:
    /// the gateway gets them (and the signature covers them), nobody sees them, and a
    /// right-to-left override shows the rest of the line reversed. Named by code point.
    fn invisible(&mut self, text: &str) {
        let Some(c) = text.chars().find(|c| invisible_name(*c).is_some()) else {
            return;
        };
        let (zh, en) = invisible_name(c).unwrap_or_default();
        let cp = format!("U+{:04X}", u32::from(c));
        self.out.push(Finding {
            path: self.path_text(),
            severity: Severity::Warning,
            code: FindingCode::Invisible,
            source: FindingSource::Inferred,
            message_zh: format!("含不可见字符 {cp}（{zh}）：会原样发送并参与签名，多半是复制带来的，请删除"),
            message_en: format!(
                "holds an invisible character {cp} ({en}): it is sent and signed as is; usually it came with a copy, so delete it"
            ),
        });
    }

    fn length(&mut self, field: &Field, text: &str) {
        if let Some(max) = field.max_length {
            let n = text.chars().count();
            if n > max {
                self.push(
                    Severity::Error,
                    FindingCode::MaxLength,
                    format!("长度为 {n} 个字符，最多 {max} 个"),
                    format!("is {n} characters long; at most {max}"),
                );
            }
        }
    }

    /// The doc's smallest and largest values. Only a value read as a number is compared:
    /// one that is not has its own finding.
    fn bounds(&mut self, field: &Field, value: &Value) {
        if field.minimum.is_none() && field.maximum.is_none() {
            return;
        }
        let n = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if is_decimal(s.trim()) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        let Some(n) = n else { return };
        if let Some(min) = field.minimum.filter(|min| n < *min) {
            let (zh, en) = if min == 0.0 {
                ("不能为负数".to_string(), "must not be negative".to_string())
            } else {
                (format!("不能小于 {min}"), format!("must be at least {min}"))
            };
            self.push(Severity::Error, FindingCode::Minimum, zh, en);
        }
        if let Some(max) = field.maximum.filter(|max| n > *max) {
            self.push(
                Severity::Error,
                FindingCode::Maximum,
                format!("不能大于 {max}"),
                format!("must be at most {max}"),
            );
        }
    }

    fn integer(&mut self, value: &Value) {
        match value {
            Value::Number(n) if n.is_i64() => {}
            // Above i64::MAX: JSON keeps it, the gateways' Long does not.
            Value::Number(n) if n.is_u64() => self.beyond_long(false),
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                match n.as_f64().filter(|f| !fits_long(*f)) {
                    Some(f) => self.beyond_long(f < 0.0),
                    None => self.loose_type(
                        format!("文档要求整数，{n} 带了小数点"),
                        format!("the doc says integer; {n} has a decimal point"),
                    ),
                }
            }
            Value::String(s) if is_integer(s.trim()) => self.integer_text(s.trim()),
            other => self.wrong_type(other, "整数", "an integer"),
        }
    }

    /// Digits written as a string: converted by the gateway when they fit a Long.
    fn integer_text(&mut self, s: &str) {
        if s.parse::<i64>().is_err() {
            // Writing it as a number would not help: say the range, not a rewrite.
            return self.beyond_long(s.starts_with('-'));
        }
        self.loose_type(
            format!("文档要求整数，这里是字符串：网关通常会转换，但应写成 {s}"),
            format!(
                "the doc says integer and this is a string: the gateway usually converts it, but write {s}"
            ),
        );
    }

    /// A whole number the gateways' 64-bit Long cannot hold.
    fn beyond_long(&mut self, negative: bool) {
        let (zh, en) = if negative {
            (
                format!("超出 Long 范围（最小 {}）", i64::MIN),
                format!("is beyond the range of a Long (smallest {})", i64::MIN),
            )
        } else {
            (
                format!("超出 Long 范围（最大 {}）", i64::MAX),
                format!("is beyond the range of a Long (largest {})", i64::MAX),
            )
        };
        self.push(Severity::Error, FindingCode::Type, zh, en);
    }

    fn decimal(&mut self, value: &Value) {
        match value {
            Value::Number(_) => {}
            Value::String(s) if is_decimal(s.trim()) => self.loose_type(
format!("文档要求数字，这里是字符串：网关通常会转换，但应写成 {}", s.trim()),
                format!(
                    "the doc says number and this is a string: the gateway usually converts it, but write {}",
                    s.trim()
                ),
            ),
            other => self.wrong_type(other, "数字", "a number"),
        }
    }

    fn boolean(&mut self, field: &Field, value: &Value) {
        let loose_form = match value {
            Value::Bool(_) => return,
            Value::Number(n) => matches!(n.as_i64(), Some(0 | 1)),
            Value::String(s) => matches!(s.trim(), "true" | "false" | "0" | "1"),
            _ => false,
        };
        if !loose_form {
            return self.wrong_type(value, " true 或 false", "true or false");
        }
        if !field.loose {
            let shown = canonical(value).unwrap_or_default();
            self.loose_type(
format!("文档要求布尔值，这里是 {value}：应写成 true 或 false"),
                format!("the doc says boolean and this is {value}: write true or false instead of {shown}"),
            );
        }
    }

    fn date(&mut self, field: &Field, value: &Value) {
        let format = date_format(field);
        match value.as_str() {
            Some(text) => self.date_text(field, text),
            None => self.wrong_type(
                value,
                &format!("日期字符串 {}", format.as_str()),
                &format!("a date string {}", format.as_str()),
            ),
        }
    }

    fn date_text(&mut self, field: &Field, text: &str) {
        let format = date_format(field);
        let ok = match format {
            Format::DateTime => is_datetime(text),
            _ => is_date(text),
        };
        if !ok && !text.is_empty() {
            let f = format.as_str();
            self.format_finding(
                field,
                format!("必须是 {f} 格式的有效日期，而不是 \"{text}\""),
                format!("must be a valid date in the form {f}, not \"{text}\""),
            );
        }
    }

    fn enumeration(&mut self, field: &Field, value: &Value) {
        let want = field.value_type.unwrap_or(ValueType::String);
        match (want, value) {
            (ValueType::String, Value::String(_)) => {}
            (ValueType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => {}
            (ValueType::String, Value::Number(n)) => self.push(
                Severity::Error,
                FindingCode::Type,
                format!("必须是字符串：写成 \"{n}\""),
                format!("must be a string: write \"{n}\""),
            ),
            (ValueType::Integer, Value::String(s)) if is_integer(s.trim()) => {
                self.integer_text(s.trim())
            }
            (ValueType::String, other) => return self.wrong_type(other, "字符串", "a string"),
            (ValueType::Integer, other) => return self.wrong_type(other, "整数", "an integer"),
        }
        if let Some(text) = value.as_str() {
            self.length(field, text);
        }
        if field.values.is_empty() || field.enum_value(value).is_some() {
            return;
        }
        let list: Vec<String> = field
            .values
            .iter()
            .filter_map(|v| canonical(&v.value))
            .collect();
        let (severity, zh_tail, en_tail) = if field.open {
            (
                Severity::Warning,
                "（其他值可能也被接受）",
                " (others may exist)",
            )
        } else {
            (Severity::Error, "", "")
        };
        let given = canonical(value).unwrap_or_default();
        self.push(
            severity,
            FindingCode::Enum,
            format!(
                "\"{given}\" 不是允许的值，应为 {} 之一{zh_tail}",
                list.join("、")
            ),
            format!(
                "\"{given}\" is not allowed; use one of {}{en_tail}",
                list.join(", ")
            ),
        );
    }

    fn array(&mut self, field: &Field, value: &Value) {
        let items = match value {
            Value::Array(items) => items,
            Value::String(s) if field.style == Some(ArrayStyle::Csv) => {
                // Already joined by hand: the builder sends it as is.
                self.loose_type(
                    "文档要求数组，这里是逗号分隔的字符串：会原样发送".into(),
                    "the doc says array and this is a comma-separated string: it is sent as is"
                        .into(),
                );
                let n = s.split(',').filter(|p| !p.trim().is_empty()).count();
                self.items_count(field, n);
                return;
            }
            other => return self.wrong_type(other, "数组", "an array"),
        };
        self.items_count(field, items.len());
        if let Some(item) = &field.items {
            let back = self.path.len();
            for (i, v) in items.iter().enumerate() {
                self.path.push(b'[');
                push_index(&mut self.path, i);
                self.path.push(b']');
                self.visit(|this| {
                    if v.is_null() {
                        this.wrong_type(v, "数组元素", "an item");
                    } else {
                        this.value(item, v);
                    }
                });
                self.path.truncate(back);
            }
        }
    }

    fn items_count(&mut self, field: &Field, n: usize) {
        if let Some(max) = field.max_items {
            if n > max {
                self.push(
                    Severity::Error,
                    FindingCode::MaxItems,
                    format!("有 {n} 项，最多 {max} 项"),
                    format!("has {n} items; at most {max}"),
                );
            }
        }
    }

    fn map(&mut self, field: &Field, obj: &Map<String, Value>) {
        for (key, v) in obj {
            let back = self.enter(key);
            let known = field.field(key);
            self.visit(|this| match (known, &field.items) {
                (_, _) if v.is_null() => {}
                (Some(f), _) => this.value(f, v),
                (None, Some(item)) => this.value(item, v),
                (None, None) => {}
            });
            self.path.truncate(back);
        }
    }
}

/// `i` in decimal, without the formatting machinery.
fn push_index(out: &mut Vec<u8>, mut i: usize) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        digits[n] = b'0' + (i % 10) as u8;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[n..]);
}

fn date_format(field: &Field) -> Format {
    match (field.format, field.ty) {
        (Some(f @ (Format::Date | Format::DateTime)), _) => f,
        (_, FieldType::Datetime) => Format::DateTime,
        _ => Format::Date,
    }
}

// Byte loops: the validator asks these of every number-like string in the document.
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The invisible characters a copy brings along, with their names. (Not the zero-width
/// joiners: emoji sequences and some scripts need them.)
pub fn invisible_name(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\u{200B}' => ("零宽空格", "zero-width space"),
        '\u{2060}' | '\u{FEFF}' => ("零宽不换行空格", "zero-width no-break space"),
        '\u{200E}' | '\u{200F}' | '\u{061C}' => ("方向标记", "direction mark"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            ("文字方向控制符", "text direction control")
        }
        _ => return None,
    })
}

/// A whole f64 inside i64's range (2^63 itself is not: i64::MAX rounds up to it).
fn fits_long(f: f64) -> bool {
    (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
}

/// A decimal written with a comma for its decimal mark (`-5,5`), as a point: the gateway
/// reads only the point.
fn comma_decimal(s: &str) -> Option<String> {
    let fixed = s.replacen(',', ".", 1);
    (s.matches(',').count() == 1 && is_decimal(&fixed)).then_some(fixed)
}

/// What the person typed, quoted in a message; a long value cut with `…`.
fn quoted(s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() > SHOWN {
        format!("\"{}…\"", s.chars().take(SHOWN).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

/// `-? digits (. digits)?`
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let b = match b.first() {
        Some(b'-') => &b[1..],
        _ => b,
    };
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int == 0 {
        return false;
    }
    match &b[int..] {
        [] => true,
        [b'.', frac @ ..] => !frac.is_empty() && frac.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

fn number(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        s.parse().ok()
    } else {
        None
    }
}

/// `yyyy-MM-dd`, a real calendar day.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (number(&s[..4]), number(&s[5..7]), number(&s[8..])) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `yyyy-MM-dd HH:mm:ss`.
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return false;
    }
    let (Some(h), Some(mi), Some(se)) = (number(&s[11..13]), number(&s[14..16]), number(&s[17..]))
    else {
        return false;
    };
    is_date(&s[..10]) && h < 24 && mi < 60 && se < 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_days() {
        assert!(is_date("2016-09-09"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2016-13-01"));
        assert!(!is_date("2016-9-9"));
        assert!(is_datetime("2016-09-09 12:00:00"));
        assert!(!is_datetime("2016-09-09T12:00:00"));
        assert!(!is_datetime("2016-09-09 24:00:00"));
    }

    #[test]
    fn numbers_in_strings() {
        assert!(is_decimal("200.0000"));
        assert!(is_decimal("-1"));
        assert!(!is_decimal("1."));
        assert!(!is_decimal(".5"));
        assert!(!is_decimal("1e3"));
        assert!(is_integer("12"));
        assert!(!is_integer("12.0"));
    }

    /// A wrong number is quoted back, and a comma for the decimal mark is said as such.
    #[test]
    fn a_wrong_number_in_a_string_is_quoted_and_a_decimal_comma_named() {
        assert_eq!(comma_decimal("-5,5").as_deref(), Some("-5.5"));
        assert_eq!(comma_decimal("1,000,5"), None);
        assert_eq!(comma_decimal("abc"), None);
        assert_eq!(quoted("-5x"), "\"-5x\"");
        assert_eq!(quoted(&"9".repeat(50)), format!("\"{}…\"", "9".repeat(40)));
    }
}
