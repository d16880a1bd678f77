//! From parameter tables to catalog fields: one row → one field, `└` rows and child
//! tables (titled by the field's name or its type's name) → nesting, the description's
//! prose → enum values, defaults, formats.

use serde_json::Value;

use super::prose;
use super::table::{strip_tree, Col, Table};
use super::types::{self, DocType};
use super::Notes;
use crate::catalog::{EnumValue, Field, FieldType, Format, Text, ValueType};
use crate::request::Vendor;

/// One row read, before nesting.
pub(crate) struct Row {
    pub depth: usize,
    pub field: Field,
    pub doc: Option<DocType>,
}

fn text(s: &str) -> Text {
    Text::new(s, s)
}

pub(crate) fn blank(name: &str, ty: FieldType, description: &str) -> Field {
    Field {
        name: name.to_string(),
        ty,
        required: false,
        label: None,
        doc_type: None,
        description: text(description),
        example: None,
        default: None,
        format: None,
        max_length: None,
        max_items: None,
        minimum: None,
        maximum: None,
        value_type: None,
        values: Vec::new(),
        open: false,
        loose: false,
        fixed: None,
        location: None,
        style: None,
        from_credential: None,
        derive: None,
        entity: None,
        note: None,
        may_be_empty: false,
        row_id: false,
        fields: Vec::new(),
        items: None,
    }
}

/// The rows of a table that have a name; `where_` names the table in notes.
pub(crate) fn rows(table: &Table, vendor: Vendor, where_: &str, notes: &mut Notes) -> Vec<Row> {
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(raw_name) = table.get(row, Col::Name) else {
            // A row with words but no name is said, not silently dropped.
            let cells: Vec<&str> = row
                .iter()
                .flatten()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect();
            if !cells.is_empty() {
                let shown = cells.join(" | ");
                notes.ignored(
                    where_,
                    format!("表格行「{shown}」没有参数名，已忽略"),
                    format!("the row `{shown}` has no parameter name: ignored"),
                );
            }
            continue;
        };
        let (depth, name) = strip_tree(raw_name);
        if !prose::is_identifier(name) {
            notes.ignored(
                where_,
                format!("表格行「{raw_name}」不是参数名，已忽略"),
                format!("the row `{raw_name}` does not name a parameter: ignored"),
            );
            continue;
        }
        // A copy that dropped the empty 更多限制 cell shifts the description left.
        let limit_cell = table.get(row, Col::Limit);
        let shifted = table.get(row, Col::Description).is_none()
            && limit_cell.is_some_and(|l| !prose::looks_like_limit(l));
        let description = if shifted {
            limit_cell.unwrap_or("")
        } else {
            table.get(row, Col::Description).unwrap_or("")
        };
        let limit_cell = if shifted { None } else { limit_cell };
        let doc_type = table.get(row, Col::Type);
        let doc = doc_type.and_then(|t| types::parse(t, vendor));
        let ty = match &doc {
            Some(DocType::Scalar(t)) => *t,
            Some(DocType::Array(_)) => FieldType::Array,
            Some(DocType::Map(_)) => FieldType::Map,
            Some(DocType::Object(_)) => FieldType::Object,
            None => {
                let shown = doc_type.unwrap_or("");
                notes.inferred(
                    name,
                    format!("类型「{shown}」无法识别，按字符串处理"),
                    format!("type `{shown}` is not known: taken as a string"),
                );
                FieldType::String
            }
        };
        let mut f = blank(name, ty, description);
        f.doc_type = doc_type.map(str::to_string);
        if let Some(label) = table.get(row, Col::Label).filter(|l| *l != name) {
            f.label = Some(text(label));
        }
        if let Some(word) = table.get(row, Col::Required) {
            match prose::required_word(word) {
                Some(r) => f.required = r,
                None => notes.ignored(
                    name,
                    format!("「是否必须」列的值「{word}」无法识别，按可选处理"),
                    format!("required column `{word}` is not known: taken as optional"),
                ),
            }
        }
        if let Some(len) = table.get(row, Col::Length) {
            if ty == FieldType::String {
                f.max_length = len.parse().ok();
            }
        }
        let limits = prose::limits(limit_cell, description);
        if ty == FieldType::String && f.max_length.is_none() {
            f.max_length = limits.max_length;
        }
        if ty == FieldType::Array {
            f.max_items = limits.max_items;
        }
        if matches!(ty, FieldType::Integer | FieldType::Decimal) {
            f.minimum = limits.minimum;
            f.maximum = limits.maximum;
            if f.minimum.is_none() && prose::non_negative(description) {
                f.minimum = Some(0.0);
            }
        }
        if let Some(ex) = table.get(row, Col::Example) {
            f.example = example_value(ex, ty);
            // Said, not dropped in silence: a `Number` (a long at TOP) with `1.5` says the
            // doc's type and its sample disagree, which the person may want to fix.
            if f.example.is_none() && !ex.trim().is_empty() && is_scalar(ty) {
                notes.ignored(
                    name,
                    format!("文档示例值「{}」与类型不符，未采用", ex.trim()),
                    format!(
                        "the doc's sample value `{}` does not fit the type: not used",
                        ex.trim()
                    ),
                );
            }
        }
        let default = table
            .get(row, Col::Default)
            .map(str::to_string)
            .or_else(|| limit_cell.and_then(prose::limit_default));
        if let Some(d) = default {
            f.default = example_value(&d, ty);
        }
        out.push(Row {
            depth,
            field: f,
            doc,
        });
    }
    out
}

/// A table cell's example as JSON of the field's type; `None` when it does not fit.
fn example_value(cell: &str, ty: FieldType) -> Option<Value> {
    let c = cell.trim();
    match ty {
        FieldType::Integer => c.parse::<i64>().ok().map(Value::from),
        FieldType::Decimal => serde_json::from_str::<Value>(c)
            .ok()
            .filter(Value::is_number),
        FieldType::Boolean => match c {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        FieldType::Object | FieldType::Array | FieldType::Map => None,
        _ => Some(Value::from(c)),
    }
}

/// A type whose sample is one table cell (objects and lists take theirs from their rows).
fn is_scalar(ty: FieldType) -> bool {
    !matches!(ty, FieldType::Object | FieldType::Array | FieldType::Map)
}

fn is_complex(doc: &Option<DocType>) -> bool {
    match doc {
        Some(DocType::Object(_) | DocType::Map(_)) => true,
        Some(DocType::Array(inner)) => !matches!(inner.as_deref(), Some(DocType::Scalar(_))),
        _ => false,
    }
}

struct Node {
    row: Row,
    children: Vec<usize>,
}

/// Rows with `└` depths to a tree. `page` is the whole page: Taobao's copy loses the
/// depth of an object row inside an object (its children keep their `└`), and the
/// page's Java sample (`req.setItems(` vs `obj1.setItems(`) tells where it belongs.
pub(crate) fn nest(
    rows: Vec<Row>,
    taobao_page: Option<&str>,
    notes: &mut Notes,
) -> Vec<(Field, Option<DocType>)> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // open containers, by depth
    let mut offset = 0usize;
    let mut prev_depth = 0usize;
    for row in rows {
        let mut depth = if row.depth > 0 { row.depth + offset } else { 0 };
        if let Some(page) = taobao_page {
            if row.depth == 0 {
                offset = 0;
                let inside = stack
                    .first()
                    .is_some_and(|&i| matches!(nodes[i].row.field.ty, FieldType::Object));
                let camel = camel(&row.field.name);
                let top_level_in_sample = page.contains(&format!("req.set{camel}("));
                if prev_depth >= 1 && inside && is_complex(&row.doc) && !top_level_in_sample {
                    depth = 1;
                    offset = 1;
                    notes.inferred(
                        &row.field.name,
                        "页面复制丢失了层级：按位置放入上一个对象".to_string(),
                        "the copied page lost this row's depth: placed in the object above it"
                            .to_string(),
                    );
                }
            }
        }
        // A name already in the open container belongs one level up (the copy lost it).
        loop {
            let parent = depth.checked_sub(1).and_then(|d| stack.get(d)).copied();
            let Some(p) = parent else { break };
            let taken = nodes[p]
                .children
                .iter()
                .any(|&c| nodes[c].row.field.name == row.field.name);
            if !taken {
                break;
            }
            depth -= 1;
            if depth <= 1 {
                offset = 0;
            }
        }
        depth = depth.min(stack.len());
        stack.truncate(depth);
        let index = nodes.len();
        prev_depth = row.depth;
        let complex = is_complex(&row.doc);
        nodes.push(Node {
            row,
            children: Vec::new(),
        });
        match depth.checked_sub(1).and_then(|d| stack.get(d)).copied() {
            Some(p) => nodes[p].children.push(index),
            None => roots.push(index),
        }
        if complex {
            stack.push(index);
        }
    }
    fn build(nodes: &mut Vec<Option<Node>>, i: usize) -> (Field, Option<DocType>) {
        let node = nodes[i].take().expect("each node once");
        let Row { mut field, doc, .. } = node.row;
        let children: Vec<Field> = node
            .children
            .iter()
            .map(|&c| finish(build(nodes, c)))
            .collect();
        if !children.is_empty() {
            attach(&mut field, &doc, children, None);
        }
        (field, doc)
    }
    let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    roots.iter().map(|&r| build(&mut slots, r)).collect()
}

fn camel(name: &str) -> String {
    name.split('_')
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Puts `children` under `field` as its type says (object fields, array items, map keys).
pub(crate) fn attach(
    field: &mut Field,
    doc: &Option<DocType>,
    children: Vec<Field>,
    title: Option<&str>,
) {
    let entity = title
        .map(str::to_string)
        .or_else(|| doc.as_ref().and_then(|d| d.entity()).map(str::to_string));
    match doc {
        Some(DocType::Array(_)) => {
            let mut item = blank("", FieldType::Object, &field.description.zh);
            item.entity = entity;
            item.fields = children;
            field.items = Some(Box::new(item));
        }
        Some(DocType::Map(value)) if !matches!(**value, DocType::Object(_)) => {
            // Known keys, the rest described by the value type.
            field.fields = children;
        }
        _ => {
            field.ty = FieldType::Object;
            field.entity = entity;
            field.fields = children;
        }
    }
}

/// The parts a type gives without a child table: an array's scalar items, a map's values,
/// an object's type name.
pub(crate) fn finish((mut field, doc): (Field, Option<DocType>)) -> Field {
    field.may_be_empty = field.ty == FieldType::String && says_may_be_empty(&field.description.zh);
    match &doc {
        Some(DocType::Array(inner)) if field.items.is_none() => {
            let ty = match inner.as_deref() {
                Some(DocType::Scalar(t)) => *t,
                Some(DocType::Object(_) | DocType::Map(_)) => FieldType::Object,
                _ => FieldType::String,
            };
            let mut item = blank("", ty, &field.description.zh);
            if ty == FieldType::Object {
                item.entity = doc.as_ref().and_then(|d| d.entity()).map(str::to_string);
            }
            field.items = Some(Box::new(item));
        }
        Some(DocType::Map(value)) if field.items.is_none() => match value.as_ref() {
            DocType::Object(_) if !field.fields.is_empty() => field.ty = FieldType::Object,
            DocType::Scalar(t) => {
                field.items = Some(Box::new(blank("", *t, &field.description.zh)));
            }
            _ => {
                field.items = Some(Box::new(blank(
                    "",
                    FieldType::Object,
                    &field.description.zh,
                )))
            }
        },
        Some(DocType::Object(Some(name))) if field.entity.is_none() => {
            field.entity = Some(name.clone());
        }
        _ => {}
    }
    field
}

/// Where a field sits, for the prose rules that only hold for requests.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
}

/// Notes an object, or a list of objects, the page gives no fields: the form has nothing
/// to fill there and sends `{}`. A page whose `└` marks put a list's fields beside it
/// instead of under it reads this way; so does a type whose table is missing, which has
/// its own note already.
pub(crate) fn note_shapeless(fields: &[Field], prefix: &str, notes: &mut Notes) {
    for f in fields {
        let path = crate::catalog::join(prefix, &f.name);
        let noted = |notes: &Notes| notes.0.iter().any(|n| n.path == f.name || n.path == path);
        let rows = f.items.as_deref().filter(|i| i.ty == FieldType::Object);
        let empty_rows = rows.is_some_and(|i| i.fields.is_empty());
        let empty_object = f.ty == FieldType::Object && f.fields.is_empty();
        if (empty_rows || empty_object) && !noted(notes) {
            let (zh, en) = if empty_rows {
                (
                    "页面没有给出这个列表每行的字段：每行以 {} 发送（页面的 └ 层级可能有误；可用 ✎ 补上字段）",
                    "the page gives no fields for this list's rows: each row is sent as {} (the page's └ depth may be off; add them with ✎)",
                )
            } else {
                (
                    "页面没有给出这个对象的字段：以 {} 发送（可用 ✎ 补上字段）",
                    "the page gives no fields for this object: it is sent as {} (add them with ✎)",
                )
            };
            notes.inferred(&path, zh.to_string(), en.to_string());
        }
        note_shapeless(&f.fields, &path, notes);
        if let Some(rows) = rows {
            note_shapeless(&rows.fields, &format!("{path}[]"), notes);
        }
    }
}

/// The description's prose applied to a whole tree; `path` prefixes the notes.
pub(crate) fn prose_tree(fields: &mut [Field], prefix: &str, side: Side, notes: &mut Notes) {
    for f in fields {
        let path = crate::catalog::join(prefix, &f.name);
        prose_field(f, &path, side, notes);
        prose_tree(&mut f.fields, &path, side, notes);
        if let Some(items) = &mut f.items {
            prose_tree(&mut items.fields, &format!("{path}[]"), side, notes);
        }
    }
}

fn prose_field(f: &mut Field, path: &str, side: Side, notes: &mut Notes) {
    let d = f.description.zh.clone();
    match f.ty {
        FieldType::String | FieldType::Integer => {
            if let Some(hint) = prose::date_hint(&d).filter(|_| f.ty == FieldType::String) {
                let (ty, format) = match hint {
                    prose::DateHint::Date => (FieldType::Date, Format::Date),
                    prose::DateHint::DateTime => (FieldType::Datetime, Format::DateTime),
                };
                f.ty = ty;
                f.format = Some(format);
                f.max_length = None;
                return;
            }
            if let Some(e) = prose::enum_values(&d) {
                let integer = f.ty == FieldType::Integer;
                let values: Option<Vec<EnumValue>> = e
                    .items
                    .iter()
                    .map(|i| {
                        let value = if integer {
                            Value::from(i.value.parse::<i64>().ok()?)
                        } else {
                            Value::from(i.value.as_str())
                        };
                        Some(EnumValue {
                            value,
                            label: text(&i.label),
                        })
                    })
                    .collect();
                let Some(values) = values else {
                    notes.ignored(
                        path,
                        "说明中的取值不是整数，保留为文字".into(),
                        "the values in the description are not whole numbers: left as text".into(),
                    );
                    return;
                };
                f.ty = FieldType::Enum;
                f.value_type = Some(if integer {
                    ValueType::Integer
                } else {
                    ValueType::String
                });
                let table_default = f.default.as_ref().and_then(crate::catalog::canonical);
                f.default = e.default.or(table_default).and_then(|v| {
                    values
                        .iter()
                        .find(|x| {
                            crate::catalog::canonical(&x.value).as_deref() == Some(v.as_str())
                        })
                        .map(|x| x.value.clone())
                });
                let list: Vec<String> = e.items.iter().map(|i| i.value.clone()).collect();
                notes.inferred(
                    path,
                    format!("从说明中识别出枚举值：{}", list.join("、")),
                    format!("enum values read from the description: {}", list.join(", ")),
                );
                f.values = values;
                f.open = e.open;
                return;
            }
            if f.ty == FieldType::String {
                if prose::says_json(&d) {
                    f.format = Some(Format::Json);
                } else if prose::says_csv(&d) {
                    f.format = Some(Format::Csv);
                    notes.inferred(
                        path,
                        "说明写“多个…逗号分隔”：按逗号分隔的代码处理（提示，不是错误）".into(),
                        "the description says several values joined by commas: checked as a comma list (a warning, not an error)".into(),
                    );
                } else if side == Side::Request && f.name.ends_with("_date") && d.contains("日期")
                {
                    f.ty = FieldType::Date;
                    f.format = Some(Format::Date);
                    notes.inferred(
                        path,
                        "文档类型为字符串，名称与说明表明是日期：按 yyyy-MM-dd 检查（提示，不是错误）".into(),
                        "typed string in the doc; its name and description say a date: checked as yyyy-MM-dd (a warning, not an error)".into(),
                    );
                }
                if d.contains("修改分录时必填") {
                    f.row_id = true;
                }
            }
        }
        FieldType::Boolean => {
            f.default = prose::bool_default(&d)
                .map(Value::Bool)
                .or(f.default.take());
            if prose::bool_as_digits(&d) {
                f.loose = true;
                notes.inferred(
                    path,
                    "文档类型为布尔，说明写 0/1：两种写法都接受".into(),
                    "typed boolean in the doc, described as 0/1: both forms are accepted".into(),
                );
            }
        }
        FieldType::Datetime | FieldType::Date => {
            // A `Date` whose description shows a time is a date-time.
            if let Some(hint) = prose::date_hint(&d) {
                f.ty = match hint {
                    prose::DateHint::Date => FieldType::Date,
                    prose::DateHint::DateTime => FieldType::Datetime,
                };
            }
            f.format = Some(if f.ty == FieldType::Datetime {
                Format::DateTime
            } else {
                Format::Date
            });
        }
        _ => {}
    }
}

/// A description that allows an empty text: `若无可为""`, `可为空` (not `不可为空`).
fn says_may_be_empty(zh: &str) -> bool {
    zh.contains("若无可为")
        || zh
            .match_indices("可为空")
            .any(|(at, _)| !zh[..at].ends_with('不'))
}

#[cfg(test)]
mod tests {
    use super::says_may_be_empty;

    #[test]
    fn an_empty_text_is_allowed_only_where_the_doc_says_so() {
        assert!(says_may_be_empty("备注，若无可为””"));
        assert!(says_may_be_empty("备注，可为空"));
        assert!(!says_may_be_empty("货主编码，不可为空"));
        assert!(says_may_be_empty("不可为空的是单号；备注可为空"));
        assert!(!says_may_be_empty("备注"));
    }
}
