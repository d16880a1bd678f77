//! Reads the parameter tables of the vendor docs (`shared/vendor-docs/*.md`) and fails
//! when a field there is missing from the catalog or disagrees with it: request and
//! response, nested entities, system parameters and headers, error codes.
//!
//! Markdown tables for Kingdee and 旺店通, the `└ name` bullet lists for Taobao.

use std::path::{Path, PathBuf};

use countersign_core::catalog::{self, Api, Field, FieldType, ValueType, VendorInfo};
use serde_json::Value;

fn docs_dir() -> PathBuf {
    let primary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vendor-docs");
    if primary.is_dir() {
        return primary;
    }
    if let Ok(shared) = std::env::var("COUNTERSIGN_SHARED") {
        let shared = PathBuf::from(shared);
        for candidate in [shared.join("vendor-docs"), shared.clone()] {
            if candidate.join("kingdee-jdy-material-save.md").is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "the vendor docs were not found: looked in {} and in $COUNTERSIGN_SHARED \
         (set it to the shared/ folder that holds vendor-docs/)",
        primary.display()
    );
}

fn doc_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(docs_dir())
        .expect("read vendor-docs")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("read doc"))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "expected the five vendor docs, found {}",
        files.len()
    );
    files
}

/// Markdown cell text as the catalog stores it: links reduced to their text, `\_`
/// unescaped, `<br>` as a line break.
fn cell(raw: &str) -> String {
    let mut s = raw
        .replace("\\_", "_")
        .replace("\\*", "*")
        .replace("<br>", "\n");
    while let Some(open) = s.find('[') {
        let Some(mid) = s[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(close) = s[mid..].find(')').map(|i| mid + i) else {
            break;
        };
        let text = s[open + 1..mid].to_string();
        s.replace_range(open..=close, &text);
    }
    s.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// For comparing prose: whitespace does not count.
fn norm(s: &str) -> String {
    cell(s).chars().filter(|c| !c.is_whitespace()).collect()
}

struct Table {
    response: bool,
    context: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn col(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.contains(&h.as_str()))
    }
}

fn tables(text: &str) -> Vec<Table> {
    let lines: Vec<&str> = text.lines().collect();
    let is_sep =
        |l: &str| l.starts_with('|') && l.trim_start_matches('|').trim_start().starts_with('-');
    let split =
        |l: &str| -> Vec<String> { l.trim().trim_matches('|').split('|').map(cell).collect() };
    let mut out = Vec::new();
    let mut context = String::new();
    let mut response = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('|') && i + 1 < lines.len() && is_sep(lines[i + 1]) {
            let header = split(line);
            let mut rows = Vec::new();
            i += 2;
            while i < lines.len() && lines[i].starts_with('|') {
                if !is_sep(lines[i]) {
                    rows.push(split(lines[i]));
                }
                i += 1;
            }
            out.push(Table {
                response,
                context: context.clone(),
                header,
                rows,
            });
            continue;
        }
        let t = line.trim();
        if !t.is_empty() {
            if t.contains("响应参数") {
                response = true;
            }
            if t.contains("请求示例") {
                response = false;
            }
            context = t
                .trim_matches('*')
                .trim_start_matches('#')
                .trim()
                .to_string();
        }
        i += 1;
    }
    out
}

/// Every node of a tree, array items included.
fn nodes<'a>(fields: &'a [Field], out: &mut Vec<&'a Field>) {
    for f in fields {
        out.push(f);
        nodes(&f.fields, out);
        if let Some(items) = &f.items {
            out.push(items);
            nodes(&items.fields, out);
        }
    }
}

fn type_compatible(doc_type: &str, field: &Field) -> bool {
    let t = doc_type.trim().to_lowercase();
    let enum_of = |v: ValueType| {
        field.ty == FieldType::Enum && field.value_type.unwrap_or(ValueType::String) == v
    };
    match t.as_str() {
        "string" => {
            matches!(
                field.ty,
                FieldType::String | FieldType::Date | FieldType::Datetime
            ) || enum_of(ValueType::String)
        }
        "int" | "integer" => field.ty == FieldType::Integer || enum_of(ValueType::Integer),
        "number" => {
            matches!(field.ty, FieldType::Decimal | FieldType::Integer)
                || field.ty == FieldType::Enum
        }
        "bool" | "boolean" => field.ty == FieldType::Boolean,
        _ if t.starts_with("list") || t == "array" || t.ends_with("[]") => {
            field.ty == FieldType::Array
        }
        _ if t.starts_with("map") => matches!(field.ty, FieldType::Map | FieldType::Object),
        _ => field.ty == FieldType::Object,
    }
}

#[derive(Default)]
struct Report {
    problems: Vec<String>,
    checked: usize,
}

impl Report {
    fn fail(&mut self, msg: String) {
        self.problems.push(msg);
    }

    /// One documented row against its catalog field.
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        place: &str,
        field: Option<&Field>,
        name: &str,
        doc_type: Option<&str>,
        required: Option<bool>,
        description: Option<&str>,
        length: Option<&str>,
        label: Option<&str>,
    ) {
        self.checked += 1;
        let Some(field) = field else {
            return self.fail(format!(
                "{place}: field `{name}` is in the doc but not in the catalog"
            ));
        };
        if let Some(t) = doc_type {
            if !type_compatible(t, field) {
                self.fail(format!(
                    "{place}.{name}: the doc types it `{t}`, the catalog `{:?}`",
                    field.ty
                ));
            }
            if let Some(dt) = &field.doc_type {
                if norm(dt) != norm(t) {
                    self.fail(format!(
                        "{place}.{name}: doc_type `{dt}` but the doc writes `{t}`"
                    ));
                }
            }
        }
        if let Some(r) = required {
            if field.required != r {
                self.fail(format!(
                    "{place}.{name}: the doc says required = {r}, the catalog {}",
                    field.required
                ));
            }
        }
        if let Some(d) = description {
            if norm(&field.description.zh) != norm(d) {
                self.fail(format!("{place}.{name}: description differs from the doc:\n  doc:     {d}\n  catalog: {}", field.description.zh));
            }
            if field.description.en.trim().is_empty() {
                self.fail(format!("{place}.{name}: no English description"));
            }
        }
        if let Some(len) = length.filter(|l| !l.is_empty()) {
            let is_text = matches!(field.ty, FieldType::String);
            if is_text && field.max_length != len.parse().ok() {
                self.fail(format!(
                    "{place}.{name}: the doc gives length {len}, the catalog {:?}",
                    field.max_length
                ));
            }
        }
        if let Some(l) = label {
            match &field.label {
                Some(t) if norm(&t.zh) == norm(l) => {}
                other => self.fail(format!(
                    "{place}.{name}: label {other:?}, the doc's 名称 is `{l}`"
                )),
            }
        }
    }

    fn finish(self, what: &str) -> Result<(), String> {
        if self.checked == 0 {
            return Err(format!(
                "{what}: no documented field was read; has the doc format changed?"
            ));
        }
        if self.problems.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{what}: {} problem(s):\n{}",
            self.problems.len(),
            self.problems.join("\n")
        ))
    }
}

fn api_for(file: &str) -> &'static Api {
    catalog::all()
        .iter()
        .find(|a| a.doc_file.as_deref() == Some(file))
        .unwrap_or_else(|| {
            panic!("no catalog API is written from vendor-docs/{file} (set its doc_file)")
        })
}

/// Kingdee and 旺店通: every table row.
/// The object node a bold entity heading (`**Store**`, `**pdOrder**`) describes.
fn by_entity<'a>(all: &[&'a Field], name: &str) -> Option<&'a Field> {
    all.iter()
        .copied()
        .find(|f| f.entity.as_deref() == Some(name) && !f.fields.is_empty())
        .or_else(|| {
            all.iter()
                .copied()
                .find(|f| f.name == name && !f.fields.is_empty())
        })
        .or_else(|| {
            all.iter()
                .copied()
                .find(|f| f.name == name)
                .and_then(|f| f.items.as_deref())
        })
}

fn check_tables(file: &str, text: &str, api: &Api, vendor: &VendorInfo, report: &mut Report) {
    let mut request_nodes = Vec::new();
    nodes(&api.params, &mut request_nodes);
    let mut response_nodes = Vec::new();
    nodes(std::slice::from_ref(&api.response), &mut response_nodes);
    for table in tables(text) {
        let name_col = table.col(&["字段", "参数名称"]);
        let code_col = table.col(&["返回码"]);
        let env_col = table.col(&["环境"]);
        let place = format!("{file} [{}]", table.context);
        if let (Some(env), Some(url)) = (env_col, table.col(&["HTTP地址"])) {
            for row in &table.rows {
                report.checked += 1;
                if !vendor.environments.iter().any(|e| e.base == row[url]) {
                    report.fail(format!(
                        "{place}: environment {} {} is not in the vendor file",
                        row[env], row[url]
                    ));
                }
            }
            continue;
        }
        if let (Some(code), Some(desc)) = (code_col, table.col(&["描述"])) {
            for row in table
                .rows
                .iter()
                .filter(|r| r[code].bytes().all(|b| b.is_ascii_digit()))
            {
                report.checked += 1;
                match api.error(&row[code]) {
                    Some(e) if norm(&e.message.zh) == norm(&row[desc]) => {}
                    Some(e) => report.fail(format!(
                        "{place}: code {} reads `{}` in the catalog, `{}` in the doc",
                        row[code], e.message.zh, row[desc]
                    )),
                    None => report.fail(format!(
                        "{place}: error code {} is not in the catalog",
                        row[code]
                    )),
                }
            }
            continue;
        }
        let Some(name_col) = name_col else { continue };
        let type_col = table.col(&["类型", "参数类型"]);
        let req_col = table.col(&["必须", "是否必填"]);
        let desc_col = table.col(&["描述", "参数说明"]);
        let len_col = table.col(&["长度"]);
        let label_col = table.col(&["名称"]);
        let ctx = table.context.as_str();
        // Where the rows of this table live in the catalog.
        let home: Vec<&Field> = if ctx.contains("headers参数") || ctx.contains("公共请求参数")
        {
            vendor.system_params.iter().collect()
        } else if ctx.contains("body参数")
            || ctx.contains("params参数")
            || ctx.contains("业务请求参数")
        {
            api.params.iter().collect()
        } else if table.response && ctx.contains("响应参数") {
            // Envelope rows, plus the API's result root (`data`).
            vendor
                .envelope
                .fields
                .iter()
                .chain(std::iter::once(&api.response))
                .collect()
        } else {
            let all = if table.response {
                &response_nodes
            } else {
                &request_nodes
            };
            match by_entity(all, ctx) {
                Some(entity) => entity.fields.iter().collect(),
                None => {
                    report.fail(format!("{place}: entity `{ctx}` is not in the catalog"));
                    continue;
                }
            }
        };
        for row in &table.rows {
            let name = row[name_col].as_str();
            if name.is_empty() {
                continue;
            }
            let field = home.iter().copied().find(|f| f.name == name);
            let required = req_col.map(|c| matches!(row[c].as_str(), "true" | "Y"));
            // Response tables say 必须 Y for `message` that is "not returned without an error".
            let required = if table.response { None } else { required };
            report.row(
                &place,
                field,
                name,
                type_col.map(|c| row[c].as_str()),
                required,
                desc_col.map(|c| row[c].as_str()),
                len_col.map(|c| row[c].as_str()),
                label_col.map(|c| row[c].as_str()),
            );
        }
    }
}

/// Taobao: the `•` bullet groups under 请求参数 (5 per field) and 响应参数 (4 per field).
fn check_taobao(file: &str, text: &str, api: &Api, vendor: &VendorInfo, report: &mut Report) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let section = |start: &str, end: &str| -> Vec<&str> {
        let i = lines
            .iter()
            .position(|l| *l == start)
            .unwrap_or_else(|| panic!("{file}: no `{start}`"));
        let j = i + lines[i..]
            .iter()
            .position(|l| *l == end)
            .unwrap_or_else(|| panic!("{file}: no `{end}`"));
        lines[i + 1..j].to_vec()
    };
    let bullets = |sec: &[&str]| -> Vec<String> {
        sec.iter()
            .filter_map(|l| l.strip_prefix('•'))
            .map(|l| l.trim().to_string())
            .collect()
    };
    let top = |sec: &[&str]| -> Vec<String> {
        let plain: Vec<&&str> = sec
            .iter()
            .filter(|l| !l.is_empty() && !l.starts_with('•'))
            .collect();
        plain[1].split_whitespace().map(str::to_string).collect()
    };
    for (start, end, n, response) in [
        ("请求参数", "响应参数", 5, false),
        ("响应参数", "请求示例", 4, true),
    ] {
        let sec = section(start, end);
        let place = format!("{file} [{start}]");
        let head = top(&sec);
        let roots: Vec<Field> = if response {
            vec![api.response.clone()]
        } else {
            api.params.clone()
        };
        let mut all = Vec::new();
        nodes(&roots, &mut all);
        let root = all.iter().copied().find(|f| f.name == head[0]);
        report.row(
            &place,
            root,
            &head[0],
            Some(&head[1]),
            if response {
                None
            } else {
                Some(head[2] == "必须")
            },
            None,
            None,
            None,
        );
        let Some(root) = root else { continue };
        let mut subtree = Vec::new();
        nodes(std::slice::from_ref(root), &mut subtree);
        let b = bullets(&sec);
        assert_eq!(b.len() % n, 0, "{place}: bullets are not in groups of {n}");
        for g in b.chunks(n) {
            let name = g[0].trim_start_matches('└').trim();
            let field = subtree.iter().copied().find(|f| f.name == name);
            let (required, example, desc) = if response {
                (None, &g[2], &g[3])
            } else {
                (Some(g[2] == "必须"), &g[3], &g[4])
            };
            report.row(
                &place,
                field,
                name,
                Some(&g[1]),
                required,
                Some(desc),
                None,
                None,
            );
            if let Some(ex) = field
                .and_then(|f| f.example.as_ref())
                .filter(|e| !e.is_array())
            {
                let shown = match ex {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if norm(&shown) != norm(example) {
                    report.fail(format!(
                        "{place}.{name}: example `{shown}`, the doc shows `{example}`"
                    ));
                }
            }
        }
    }
    // The error example's code and sub_code are explained by the catalog.
    let error_part = &text[text.find("异常示例").expect("异常示例")..];
    for tag in ["code", "sub_code"] {
        let open = format!("<{tag}>");
        let start = error_part.find(&open).expect("error example tag") + open.len();
        let value = &error_part[start..start + error_part[start..].find('<').unwrap()];
        report.checked += 1;
        if vendor.error(value).is_none() {
            report.fail(format!(
                "{file}: error example {tag} {value} is not in the catalog"
            ));
        }
    }
}

#[test]
fn every_documented_field_is_in_the_catalog() {
    let mut failures = Vec::new();
    for (file, text) in doc_files() {
        let api = api_for(&file);
        let vendor = api.vendor_info();
        let mut report = Report::default();
        if file.starts_with("taobao-") {
            check_taobao(&file, &text, api, vendor, &mut report);
        } else {
            check_tables(&file, &text, api, vendor, &mut report);
        }
        if let Err(e) = report.finish(&file) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn wdt_error_example_is_explained() {
    let (_, text) = doc_files()
        .into_iter()
        .find(|(f, _)| f.starts_with("wdt-"))
        .unwrap();
    let after = &text[text.find("异常响应示例").unwrap()..];
    let status = &after[after.find("status").unwrap()..];
    let digits: String = status
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    assert_eq!(digits, "100");
    assert!(api_for("wdt-qjb-wms.StockPd.stockSyncByPd.md")
        .error(&digits)
        .is_some());
}

#[test]
fn every_doc_has_an_api_and_every_api_with_a_doc_has_its_file() {
    let files: Vec<String> = doc_files().into_iter().map(|(f, _)| f).collect();
    for api in catalog::all() {
        if let Some(doc) = &api.doc_file {
            assert!(
                files.contains(doc),
                "{}: vendor-docs/{doc} does not exist",
                api.id
            );
        }
    }
}
