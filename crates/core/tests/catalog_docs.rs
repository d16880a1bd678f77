//! The catalog against the facts of the vendor docs (`shared/vendor-docs/*.md`): every
//! documented field (where it lives, its type, whether it is required, its length), the
//! error codes and the environments.
//!
//! A plain clone has no `../shared`, so those facts are kept in the repository as a JSON
//! fixture (`tests/fixtures/vendor_doc_facts.json`, no vendor prose in it) and the catalog is
//! always checked against it. Where the docs are present, the fixture is also checked
//! against them, and the catalog's descriptions, labels and examples against the docs'.
//! Regenerate the fixture after a doc changes:
//! `cargo test -p countersign-core --test catalog_docs -- --ignored write_doc_facts`.
//!
//! Markdown tables for Kingdee and 旺店通, the `└ name` bullet lists for Taobao.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use countersign_core::catalog::{self, Api, Field, FieldType, ValueType};
use serde::{Deserialize, Serialize};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/vendor_doc_facts.json";
const REGENERATE: &str =
    "cargo test -p countersign-core --test catalog_docs -- --ignored write_doc_facts";

/// The vendor docs, when this checkout has them beside it (or `$COUNTERSIGN_SHARED` names them).
fn docs_dir() -> Option<PathBuf> {
    let primary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vendor-docs");
    if primary.is_dir() {
        return Some(primary);
    }
    let shared = PathBuf::from(std::env::var_os("COUNTERSIGN_SHARED")?);
    [shared.join("vendor-docs"), shared]
        .into_iter()
        .find(|c| c.join("kingdee-jdy-material-save.md").is_file())
}

fn doc_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
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

/// What one doc states, as far as the catalog must agree with it.
#[derive(Serialize, Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct DocFacts {
    /// Base URLs of the documented environments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    environments: Vec<String>,
    /// The documented return codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    error_codes: Vec<ErrorFact>,
    /// Codes shown in the doc's error example: the catalog must explain them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    example_errors: Vec<String>,
    fields: Vec<FieldFact>,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ErrorFact {
    code: String,
    /// Only when read from the doc (vendor prose stays out of the repository).
    #[serde(skip)]
    message: Option<String>,
}

/// One documented field.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct FieldFact {
    /// In the response tree rather than the request.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    response: bool,
    /// Where the name is looked up: `system` (system parameters and headers), `params` (the
    /// API's top level), `envelope` (response envelope and result root), `entity:<Name>` (the
    /// object the doc titles Name), `tree` (anywhere in the tree), `under:<root>` (anywhere
    /// below that field).
    home: String,
    name: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    doc_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    length: Option<String>,
    #[serde(skip)]
    prose: Prose,
}

/// The doc's own words, compared only where the docs are present.
#[derive(Default, Debug)]
struct Prose {
    description: Option<String>,
    label: Option<String>,
    example: Option<String>,
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

fn api_for(file: &str) -> &'static Api {
    catalog::all()
        .iter()
        .find(|a| a.doc_file.as_deref() == Some(file))
        .unwrap_or_else(|| {
            panic!("no catalog API is written from vendor-docs/{file} (set its doc_file)")
        })
}

/// Kingdee and 旺店通: every table row.
fn read_tables(text: &str) -> DocFacts {
    let mut facts = DocFacts::default();
    for table in tables(text) {
        let name_col = table.col(&["字段", "参数名称"]);
        let code_col = table.col(&["返回码"]);
        let env_col = table.col(&["环境"]);
        if let (Some(_), Some(url)) = (env_col, table.col(&["HTTP地址"])) {
            facts
                .environments
                .extend(table.rows.iter().map(|r| r[url].clone()));
            continue;
        }
        if let (Some(code), Some(desc)) = (code_col, table.col(&["描述"])) {
            for row in table
                .rows
                .iter()
                .filter(|r| r[code].bytes().all(|b| b.is_ascii_digit()))
            {
                facts.error_codes.push(ErrorFact {
                    code: row[code].clone(),
                    message: Some(row[desc].clone()),
                });
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
        let home = if ctx.contains("headers参数") || ctx.contains("公共请求参数") {
            "system".to_string()
        } else if ctx.contains("body参数")
            || ctx.contains("params参数")
            || ctx.contains("业务请求参数")
        {
            "params".to_string()
        } else if table.response && ctx.contains("响应参数") {
            "envelope".to_string()
        } else {
            format!("entity:{ctx}")
        };
        for row in &table.rows {
            let name = row[name_col].as_str();
            if name.is_empty() {
                continue;
            }
            // Response tables say 必须 Y for `message` that is "not returned without an error".
            let required = req_col
                .filter(|_| !table.response)
                .map(|c| matches!(row[c].as_str(), "true" | "Y"));
            facts.fields.push(FieldFact {
                response: table.response,
                home: home.clone(),
                name: name.to_string(),
                doc_type: type_col.map(|c| row[c].clone()),
                required,
                length: len_col.map(|c| row[c].clone()).filter(|l| !l.is_empty()),
                prose: Prose {
                    description: desc_col.map(|c| row[c].clone()),
                    label: label_col.map(|c| row[c].clone()),
                    example: None,
                },
            });
        }
    }
    if let Some(at) = text.find("异常响应示例") {
        let after = &text[at..];
        if let Some(status) = after.find("status").map(|i| &after[i..]) {
            let digits: String = status
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            facts.example_errors.push(digits);
        }
    }
    facts
}

/// Taobao: the `•` bullet groups under 请求参数 (5 per field) and 响应参数 (4 per field).
fn read_taobao(file: &str, text: &str) -> DocFacts {
    let mut facts = DocFacts::default();
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
        let head = top(&sec);
        facts.fields.push(FieldFact {
            response,
            home: "tree".into(),
            name: head[0].clone(),
            doc_type: Some(head[1].clone()),
            required: (!response).then(|| head[2] == "必须"),
            length: None,
            prose: Prose::default(),
        });
        let b = bullets(&sec);
        assert_eq!(
            b.len() % n,
            0,
            "{file} [{start}]: bullets are not in groups of {n}"
        );
        for g in b.chunks(n) {
            let (required, example, desc) = if response {
                (None, &g[2], &g[3])
            } else {
                (Some(g[2] == "必须"), &g[3], &g[4])
            };
            facts.fields.push(FieldFact {
                response,
                home: format!("under:{}", head[0]),
                name: g[0].trim_start_matches('└').trim().to_string(),
                doc_type: Some(g[1].clone()),
                required,
                length: None,
                prose: Prose {
                    description: Some(desc.clone()),
                    label: None,
                    example: Some(example.clone()),
                },
            });
        }
    }
    // The error example's code and sub_code must be explained by the catalog.
    let error_part = &text[text.find("异常示例").expect("异常示例")..];
    for tag in ["code", "sub_code"] {
        let open = format!("<{tag}>");
        let start = error_part.find(&open).expect("error example tag") + open.len();
        let value = &error_part[start..start + error_part[start..].find('<').unwrap()];
        facts.example_errors.push(value.to_string());
    }
    facts
}

fn read_docs(dir: &Path) -> BTreeMap<String, DocFacts> {
    doc_files(dir)
        .into_iter()
        .map(|(file, text)| {
            let facts = if file.starts_with("taobao-") {
                read_taobao(&file, &text)
            } else {
                read_tables(&text)
            };
            (file, facts)
        })
        .collect()
}

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

fn fixture() -> BTreeMap<String, DocFacts> {
    let text = std::fs::read_to_string(fixture_path())
        .unwrap_or_else(|e| panic!("{FIXTURE}: {e}; write it with `{REGENERATE}`"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{FIXTURE}: {e}"))
}

/// The catalog against one doc's facts (prose included when it was read from the doc).
fn check(file: &str, facts: &DocFacts) -> Result<(), String> {
    let api = api_for(file);
    let vendor = api.vendor_info();
    let mut report = Report::default();
    for base in &facts.environments {
        report.checked += 1;
        if !vendor.environments.iter().any(|e| &e.base == base) {
            report.fail(format!(
                "{file}: environment {base} is not in the vendor file"
            ));
        }
    }
    for e in &facts.error_codes {
        report.checked += 1;
        match (api.error(&e.code), &e.message) {
            (None, _) => report.fail(format!(
                "{file}: error code {} is not in the catalog",
                e.code
            )),
            (Some(known), Some(doc)) if norm(&known.message.zh) != norm(doc) => {
                report.fail(format!(
                    "{file}: code {} reads `{}` in the catalog, `{doc}` in the doc",
                    e.code, known.message.zh
                ))
            }
            _ => {}
        }
    }
    for code in &facts.example_errors {
        report.checked += 1;
        if api.error(code).is_none() {
            report.fail(format!(
                "{file}: the error example's code {code} is not in the catalog"
            ));
        }
    }
    let trees = |response: bool| -> Vec<&Field> {
        let mut all = Vec::new();
        if response {
            nodes(std::slice::from_ref(&api.response), &mut all);
        } else {
            nodes(&api.params, &mut all);
        }
        all
    };
    for f in &facts.fields {
        let place = format!("{file} [{}]", f.home);
        let home: Vec<&Field> = match f.home.as_str() {
            "system" => vendor.system_params.iter().collect(),
            "params" => api.params.iter().collect(),
            "envelope" => vendor
                .envelope
                .fields
                .iter()
                .chain(std::iter::once(&api.response))
                .collect(),
            "tree" => trees(f.response),
            other => {
                if let Some(entity) = other.strip_prefix("entity:") {
                    match by_entity(&trees(f.response), entity) {
                        Some(node) => node.fields.iter().collect(),
                        None => {
                            report
                                .fail(format!("{place}: entity `{entity}` is not in the catalog"));
                            continue;
                        }
                    }
                } else if let Some(root) = other.strip_prefix("under:") {
                    // A missing root is reported by its own row.
                    let Some(root) = trees(f.response).into_iter().find(|n| n.name == root) else {
                        continue;
                    };
                    let mut under = Vec::new();
                    nodes(std::slice::from_ref(root), &mut under);
                    under
                } else {
                    panic!("{file}: unknown home `{other}` in the facts");
                }
            }
        };
        let field = home.iter().copied().find(|n| n.name == f.name);
        report.row(
            &place,
            field,
            &f.name,
            f.doc_type.as_deref(),
            f.required,
            f.prose.description.as_deref(),
            f.length.as_deref(),
            f.prose.label.as_deref(),
        );
        if let (Some(doc), Some(ex)) = (
            &f.prose.example,
            field
                .and_then(|n| n.example.as_ref())
                .filter(|e| !e.is_array()),
        ) {
            let shown = match ex {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if norm(&shown) != norm(doc) {
                report.fail(format!(
                    "{place}.{}: example `{shown}`, the doc shows `{doc}`",
                    f.name
                ));
            }
        }
    }
    report.finish(file)
}

fn check_all(facts: &BTreeMap<String, DocFacts>) {
    let failures: Vec<String> = facts
        .iter()
        .filter_map(|(file, f)| check(file, f).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for api in catalog::all() {
        if let Some(doc) = &api.doc_file {
            assert!(
                facts.contains_key(doc),
                "{}: vendor-docs/{doc} is not among the documented files",
                api.id
            );
        }
    }
}

fn to_json(facts: &BTreeMap<String, DocFacts>) -> String {
    serde_json::to_string_pretty(facts).unwrap() + "\n"
}

#[test]
fn every_fact_of_the_docs_fixture_is_in_the_catalog() {
    check_all(&fixture());
}

#[test]
fn the_docs_fixture_and_the_catalog_agree_with_the_vendor_docs() {
    let Some(dir) = docs_dir() else {
        eprintln!(
            "skipped: the vendor docs (../shared/vendor-docs or $COUNTERSIGN_SHARED) are not \
             here; the catalog was checked against {FIXTURE} only"
        );
        return;
    };
    let docs = read_docs(&dir);
    assert!(
        to_json(&docs) == to_json(&fixture()),
        "{FIXTURE} no longer matches {}; regenerate it with `{REGENERATE}` and review the diff",
        dir.display()
    );
    // With the docs' prose: descriptions, labels, examples, error messages.
    check_all(&docs);
}

#[test]
fn wdt_error_example_is_in_the_facts() {
    let facts = fixture();
    let wdt = &facts["wdt-qjb-wms.StockPd.stockSyncByPd.md"];
    assert_eq!(wdt.example_errors, ["100"]);
}

/// Writes the fixture from the docs: run it with `--ignored` after a doc changed.
#[test]
#[ignore = "writes tests/fixtures/vendor_doc_facts.json from ../shared/vendor-docs"]
fn write_doc_facts() {
    let dir =
        docs_dir().expect("the vendor docs were not found (../shared or $COUNTERSIGN_SHARED)");
    let path = fixture_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, to_json(&read_docs(&dir))).unwrap();
    eprintln!("wrote {}", path.display());
}
