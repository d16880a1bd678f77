//! Import one vendor doc page (the site's Markdown, or the page's text as a browser copy
//! gives it) as a catalog entry: params with nesting, types, required, limits, enums
//! from the prose, examples, the response, error codes. Pure: text in, entry out.
//!
//! A catalog file (the JSON "Export catalog file" writes) comes back as it was written.
//!
//! Every vendor's page is read into the same blocks (lines, code, tables, see
//! [`table`]); a vendor module finds the endpoint, the examples and its quirks.

mod fields;
mod kingdee;
mod prose;
mod table;
mod taobao;
mod types;
mod wdt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::{Api, ErrorCode, ErrorSource, Field, Location, Text};
use crate::lang::Localise;
use crate::request::Vendor;
use fields::Side;
use table::{Block, Col, Table};
use types::DocType;

/// Why a page could not be imported. Nothing half-parsed is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportDocError {
    Empty,
    /// No vendor's marks (a TOP method, a 旺店通 method with sid/salt, a `/jdy/v2/` path).
    UnknownVendor,
    /// `--vendor` says one vendor, the page reads as another.
    VendorMismatch {
        given: Vendor,
        found: Vendor,
    },
    /// No method name (Taobao, 旺店通) or request path (Kingdee).
    NoEndpoint {
        vendor: Vendor,
        wanted: &'static str,
    },
    /// No request parameter table.
    NoRequestTable {
        vendor: Vendor,
    },
    /// A JSON text, but no catalog entry (the file "Export catalog file" writes): where
    /// and why.
    NotACatalogEntry(crate::catalog::EntryError),
    /// A catalog entry the gateway would refuse (a method or path it has no API for).
    RefusedEntry(crate::catalog::AdoptError),
}

impl std::fmt::Display for ImportDocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "The page is empty"),
            Self::UnknownVendor => write!(
                f,
                "Not a Taobao, Wangdiantong or Kingdee API page: no TOP method name, no Wangdiantong method with sid/salt, no /jdy/v2/ path (if it is one, say which vendor)"
            ),
            Self::VendorMismatch { given, found } => write!(
                f,
                "the page reads as a {} page, not {}",
                found.name(false),
                given.name(false)
            ),
            Self::NoEndpoint { vendor, wanted } => write!(
                f,
                "Not an API page: no {wanted} found ({} page): looked for {}. Copied the table \
                 alone? Put the {wanted} on a line above it",
                vendor.name(false),
                endpoint_wanted(*vendor, false)
            ),
            Self::NoRequestTable { vendor } => write!(
                f,
                "Not an API page: no request parameter table found ({} page); one table with a name and a type column is expected, under a 请求参数 / request parameters heading when the page has several",
                vendor.name(false)
            ),
            Self::NotACatalogEntry(e) => {
                write!(f, "A JSON text, but not an API's catalog entry: {e}")
            }
            Self::RefusedEntry(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImportDocError {}

impl crate::lang::Localise for ImportDocError {
    fn zh(&self) -> String {
        self.message_zh()
    }
}

impl ImportDocError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::Empty => "页面内容为空".into(),
            Self::UnknownVendor => "不是淘宝、旺店通或金蝶的接口页面：没有 TOP 方法名、带 sid/salt 的旺店通方法或 /jdy/v2/ 路径（如果是，请选择厂商）".into(),
            Self::VendorMismatch { given, found } => {
                format!("页面看起来是 {} 的，而不是 {}", found.name(true), given.name(true))
            }
            Self::NoEndpoint { vendor, wanted } => {
                let w = match *wanted {
                    "request path" => "请求地址",
                    _ => "方法名",
                };
                format!(
                    "不是接口页面：没有找到{w}（{} 页面）：应有{}。只复制了表格？请在表格上方加一行{w}",
                    vendor.name(true),
                    endpoint_wanted(*vendor, true)
                )
            }
            Self::NoRequestTable { vendor } => {
                format!(
                    "不是接口页面：没有找到请求参数表（{} 页面）：应有一个带参数名列和类型列的表格，页面有多个表格时其上方应有「请求参数」标题",
                    vendor.name(true)
                )
            }
            Self::NotACatalogEntry(e) => {
                format!("这是 JSON 文本，但不是接口的目录条目：{}", e.zh())
            }
            Self::RefusedEntry(e) => e.zh(),
        }
    }
}

/// What the importer looks for to find a vendor's endpoint, for the refusal.
fn endpoint_wanted(vendor: Vendor, zh: bool) -> &'static str {
    match (vendor, zh) {
        (Vendor::Kingdee, false) => {
            "a line 请求地址 (request address) with the URL (https://api.kingdee.com/jdy/v2/…) after it, on the same line or the next"
        }
        (Vendor::Kingdee, true) => {
            "一行「请求地址」，其后（同一行或下一行）是网址（https://api.kingdee.com/jdy/v2/…）"
        }
        (Vendor::Taobao, false) => {
            "a title line that starts with the method name (taobao.…, tmall.…, alibaba.…)"
        }
        (Vendor::Taobao, true) => "一行以方法名开头的标题（taobao.…、tmall.…、alibaba.…）",
        (Vendor::Wdt, false) => {
            "a line that starts with the method name: dot-separated words such as wms.StockPd.stockSyncByPd"
        }
        (Vendor::Wdt, true) => "一行以方法名开头：以点分隔的词，如 wms.StockPd.stockSyncByPd",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Something the page does not say in a table cell and the importer concluded.
    Inferred,
    /// Something on the page the entry does not take.
    Ignored,
}

/// One line of the "inferred / ignored" list the UI shows next to the parsed form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportNote {
    pub kind: NoteKind,
    /// The parameter path (`req_dto.items[].lock_quantity`) or the page part.
    pub path: String,
    pub message: Text,
}

#[derive(Default)]
pub(crate) struct Notes(Vec<ImportNote>);

impl Notes {
    fn push(&mut self, kind: NoteKind, path: &str, zh: String, en: String) {
        self.0.push(ImportNote {
            kind,
            path: path.to_string(),
            message: Text::new(zh, en),
        });
    }
    pub fn inferred(&mut self, path: &str, zh: String, en: String) {
        self.push(NoteKind::Inferred, path, zh, en);
    }
    pub fn ignored(&mut self, path: &str, zh: String, en: String) {
        self.push(NoteKind::Ignored, path, zh, en);
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub api: Api,
    pub notes: Vec<ImportNote>,
}

/// What a vendor module finds at the top of the page.
pub(crate) struct Head {
    pub http_method: String,
    pub method: Option<String>,
    pub path: Option<String>,
    pub name: Option<String>,
    pub summary: Option<String>,
    pub doc_url: Option<String>,
    /// What followed the path on its line and was not taken (a query, words after a
    /// space), to be named in the notes.
    pub path_rest: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Other,
    Common,
    Headers,
    Request(Option<Location>),
    Response,
    Errors,
    RequestExample,
    ResponseExample,
    ErrorExample,
}

fn section_of(line: &str) -> Option<Section> {
    let l = line.to_lowercase();
    if l.chars().count() > 40 {
        return None;
    }
    Some(if l.contains("异常") && l.contains("示例") {
        Section::ErrorExample
    } else if l.contains("请求示例") {
        Section::RequestExample
    } else if l.contains("响应示例") || l.contains("返回示例") || l.contains("响应示") {
        Section::ResponseExample
    } else if l.contains("响应参数")
        || l.contains("返回参数")
        || l.contains("返回结果")
        || l.contains("出参")
        || l.starts_with("response param")
    {
        Section::Response
    } else if l.contains("返回码") || l.contains("错误码") {
        Section::Errors
    } else if l.contains("公共请求参数") || l.contains("公共参数") || l.contains("系统参数")
    {
        Section::Common
    } else if l.contains("headers参数") || l.contains("header参数") || l.contains("请求头") {
        Section::Headers
    } else if l.contains("params参数") || l.contains("query参数") || l.contains("url参数") {
        Section::Request(Some(Location::Query))
    } else if l.contains("body参数") {
        Section::Request(Some(Location::Body))
    } else if l.contains("请求参数")
        || l.contains("业务参数")
        || l.contains("入参")
        || l.starts_with("request param")
    {
        Section::Request(None)
    } else if l.contains("请求地址") && !l.contains("http") {
        Section::Other
    } else {
        return None;
    })
}

/// Labels whose value a page may give on the line after them: a browser copy of a
/// two-column layout puts `请求地址` and the URL on lines of their own.
const VALUE_LABELS: [&str; 8] = [
    "请求方式",
    "请求方法",
    "请求地址",
    "接口地址",
    "请求URL",
    "用途说明",
    "接口描述",
    "接口说明",
];

/// The label of a line that holds a label and no value: one of [`VALUE_LABELS`] alone
/// (after any numbering, `1.1 接口描述`), or a short line ending in a colon that is no
/// section heading (a heading's "value" is the table under it).
fn bare_label(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(['-', '*', ' ']).trim();
    let label = t.trim_end_matches([':', '：']).trim_end();
    if label.is_empty() || label.chars().count() > 20 {
        return None;
    }
    let known = VALUE_LABELS.iter().any(|l| label.ends_with(l));
    let colon = label.len() < t.len();
    if known || (colon && section_of(t).is_none()) {
        Some(label)
    } else {
        None
    }
}

/// The page's first line, when it reads as a title (`客户列表`): short, no label, no
/// section heading, no address or breadcrumb.
fn title_line(line: &str) -> Option<String> {
    let t = line.trim();
    let reads_as_title = !t.is_empty()
        && t.chars().count() <= 40
        && t.chars().any(char::is_alphabetic)
        && !t.contains([':', '：', '>', '|', '/', '\\'])
        && section_of(t).is_none()
        && bare_label(t).is_none();
    reads_as_title.then(|| t.to_string())
}

/// The page cut into its sections' tables and samples.
#[derive(Default)]
pub(crate) struct Page {
    /// Top-level request tables, with where their parameters go.
    pub request: Vec<(Option<Location>, Table)>,
    pub request_children: Vec<(String, Table)>,
    pub common: Vec<Table>,
    pub response: Option<Table>,
    pub response_children: Vec<(String, Table)>,
    pub errors: Vec<Table>,
    pub request_samples: Vec<String>,
    pub response_samples: Vec<String>,
    pub error_samples: Vec<String>,
    /// The page's lines outside tables and code, a label whose value is on the next line
    /// joined with it (`请求地址：https://…`).
    pub lines: Vec<String>,
    /// The first line, when the page starts with one that reads as a title.
    pub title: Option<String>,
    /// Parameter tables (a name and a type column) under no section heading.
    pub unheaded: Vec<Table>,
}

fn split_page(blocks: Vec<Block>) -> Page {
    let mut page = Page::default();
    let mut section = Section::Other;
    let mut title: Option<String> = None;
    if let Some(Block::Line(first)) = blocks.first() {
        page.title = title_line(first);
    }
    let mut blocks = blocks.into_iter().peekable();
    while let Some(block) = blocks.next() {
        match block {
            Block::Line(line) => {
                if let Some(s) = section_of(&line) {
                    section = s;
                    title = None;
                } else if prose::is_identifier(&line) {
                    title = Some(line.clone());
                }
                // A label alone on its line takes the next line as its value, when that
                // is a line of text and neither a label nor a heading itself.
                let value = bare_label(&line).and_then(|label| match blocks.peek() {
                    Some(Block::Line(next))
                        if bare_label(next).is_none() && section_of(next).is_none() =>
                    {
                        Some(format!("{label}：{next}"))
                    }
                    _ => None,
                });
                match value {
                    Some(joined) => {
                        blocks.next();
                        page.lines.push(joined);
                    }
                    None => page.lines.push(line),
                }
            }
            Block::Code(code) => match section {
                Section::RequestExample | Section::Request(_) => page.request_samples.push(code),
                Section::ResponseExample | Section::Response => page.response_samples.push(code),
                Section::ErrorExample => page.error_samples.push(code),
                _ => {}
            },
            Block::Table(t) => {
                let child = title.take();
                match section {
                    Section::Request(loc) => match child {
                        Some(name) if !page.request.is_empty() => {
                            page.request_children.push((name, t))
                        }
                        _ => page.request.push((loc, t)),
                    },
                    Section::Common | Section::Headers => page.common.push(t),
                    Section::Response => match child {
                        Some(name) if page.response.is_some() => {
                            page.response_children.push((name, t))
                        }
                        _ if page.response.is_none() => page.response = Some(t),
                        _ => page.response_children.push((String::new(), t)),
                    },
                    Section::Errors => page.errors.push(t),
                    Section::Other if t.has(Col::Name) && t.has(Col::Type) => page.unheaded.push(t),
                    _ => {}
                }
            }
        }
    }
    // A page written by hand (`## method` then a table) may leave out the 请求参数
    // heading: with no request table and a single parameter table, that one is it.
    if page.request.is_empty() && page.unheaded.len() == 1 {
        let t = page.unheaded.remove(0);
        page.request.push((None, t));
    }
    page
}

fn detect(text: &str) -> Option<Vendor> {
    let kingdee = kingdee::score(text);
    let wdt = wdt::score(text);
    let taobao = taobao::score(text);
    let best = kingdee.max(wdt).max(taobao);
    if best == 0 {
        return None;
    }
    Some(if best == kingdee {
        Vendor::Kingdee
    } else if best == wdt {
        Vendor::Wdt
    } else {
        Vendor::Taobao
    })
}

/// Imports one page. `vendor`: as `--vendor` gives it; detected when `None`.
pub fn import_doc(text: &str, vendor: Option<Vendor>) -> Result<Imported, ImportDocError> {
    if text.trim().is_empty() {
        return Err(ImportDocError::Empty);
    }
    // A doc page never starts with `{`; a catalog file (what "Export catalog file" writes
    // for an imported API) always does. It comes back as it was written.
    if text.trim_start().starts_with('{') {
        return catalog_entry(text, vendor);
    }
    let found = detect(text);
    let vendor = match (vendor, found) {
        (Some(given), Some(found))
            if given != found && score(found, text) >= 3 && score(given, text) == 0 =>
        {
            return Err(ImportDocError::VendorMismatch { given, found })
        }
        (Some(given), _) => given,
        (None, Some(found)) => found,
        (None, None) => return Err(ImportDocError::UnknownVendor),
    };
    let blocks = table::blocks(text);
    let page = split_page(blocks);
    let head = match vendor {
        Vendor::Taobao => taobao::head(text, &page),
        Vendor::Wdt => wdt::head(text, &page),
        Vendor::Kingdee => kingdee::head(text, &page),
    };
    if head.method.is_none() && head.path.is_none() {
        let wanted = if vendor == Vendor::Kingdee {
            "request path"
        } else {
            "method name"
        };
        return Err(ImportDocError::NoEndpoint { vendor, wanted });
    }
    let has_request_rows = page
        .request
        .iter()
        .any(|(_, t)| t.has(Col::Name) && !t.rows.is_empty());
    // A Kingdee GET may have no parameters at all, and says so with its headers table.
    let parameterless = vendor == Vendor::Kingdee && !page.common.is_empty();
    if !has_request_rows && !parameterless {
        return Err(ImportDocError::NoRequestTable { vendor });
    }
    let mut notes = Notes::default();
    if let Some(rest) = &head.path_rest {
        notes.ignored(
            "path",
            format!("请求地址中路径之后的 {rest} 未取用：查询参数请在参数表中给出"),
            format!("{rest} after the path in the request address was not taken: give query parameters in the parameter table"),
        );
    }
    let mut params = request_params(vendor, text, &page, &head.http_method, &mut notes);
    fields::prose_tree(&mut params, "", Side::Request, &mut notes);
    fields::note_shapeless(&params, "", &mut notes);
    let mut response = response_field(vendor, &head, text, &page, &mut notes);
    fields::prose_tree(
        std::slice::from_mut(&mut response),
        "",
        Side::Response,
        &mut notes,
    );
    common_params(vendor, &page, &mut notes);

    let mut api = Api::imported(vendor, &head, params, response);
    match vendor {
        Vendor::Taobao => taobao::finish(&mut api, &page, &mut notes),
        Vendor::Wdt => wdt::finish(&mut api, &page, &mut notes),
        Vendor::Kingdee => kingdee::finish(&mut api, &page, &mut notes),
    }
    api.errors.extend(error_tables(vendor, &page, &mut notes));
    fill_examples(&mut api.params, &api.example);
    if vendor != Vendor::Wdt {
        complete_example(&api.params, &mut api.example);
    }
    Ok(Imported {
        api,
        notes: notes.0,
    })
}

/// A catalog file read back: the entry as written, with the same checks as an edit.
fn catalog_entry(text: &str, vendor: Option<Vendor>) -> Result<Imported, ImportDocError> {
    let api = crate::catalog::read_entry(text).map_err(ImportDocError::NotACatalogEntry)?;
    if let Some(given) = vendor.filter(|v| *v != api.vendor) {
        return Err(ImportDocError::VendorMismatch {
            given,
            found: api.vendor,
        });
    }
    crate::catalog::check_written(&api).map_err(ImportDocError::RefusedEntry)?;
    let message = Text::new(
        "目录文件：按文件原样导入".to_string(),
        "A catalog file: imported as written".to_string(),
    );
    Ok(Imported {
        api,
        notes: vec![ImportNote {
            kind: NoteKind::Inferred,
            path: "file".into(),
            message,
        }],
    })
}

fn score(v: Vendor, text: &str) -> u32 {
    match v {
        Vendor::Taobao => taobao::score(text),
        Vendor::Wdt => wdt::score(text),
        Vendor::Kingdee => kingdee::score(text),
    }
}

fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_complex(doc: &Option<DocType>) -> bool {
    match doc {
        Some(DocType::Object(_) | DocType::Map(_)) => true,
        Some(DocType::Array(inner)) => !matches!(inner.as_deref(), Some(DocType::Scalar(_))),
        _ => false,
    }
}

/// The child table for a field: titled by its name (旺店通 `pdOrder`) or by its type's
/// name (Kingdee `Store` for `List <Store>`, `MaterialEntity` for `material_entity`).
fn child_table(field: &Field, doc: &Option<DocType>, tables: &[(String, Table)]) -> Option<usize> {
    let entity = doc.as_ref().and_then(|d| d.entity());
    let by = |pred: &dyn Fn(&str) -> bool| tables.iter().position(|(t, _)| pred(t));
    by(&|t| t == field.name)
        .or_else(|| entity.and_then(|e| by(&|t| t == e)))
        .or_else(|| by(&|t| normalize(t) == normalize(&field.name)))
        .or_else(|| entity.and_then(|e| by(&|t| normalize(t) == normalize(e))))
}

fn complete(
    pair: (Field, Option<DocType>),
    tables: &[(String, Table)],
    used: &mut [bool],
    vendor: Vendor,
    notes: &mut Notes,
    depth: usize,
) -> Field {
    let (mut field, doc) = pair;
    let bare = field.fields.is_empty() && field.items.is_none();
    if bare && is_complex(&doc) && depth < 8 {
        if let Some(k) = child_table(&field, &doc, tables) {
            used[k] = true;
            let (title, table) = &tables[k];
            let rows = fields::rows(table, vendor, title, notes);
            let children: Vec<Field> = fields::nest(rows, None, notes)
                .into_iter()
                .map(|p| complete(p, tables, used, vendor, notes, depth + 1))
                .collect();
            fields::attach(&mut field, &doc, children, Some(title));
        } else if matches!(doc, Some(DocType::Object(Some(_))))
            || matches!(doc, Some(DocType::Array(Some(_))))
        {
            notes.ignored(
                &field.name,
                format!(
                    "没有找到「{}」的子表：其字段未知",
                    field.doc_type.as_deref().unwrap_or("")
                ),
                format!(
                    "no table for `{}` on the page: its fields are unknown",
                    field.doc_type.as_deref().unwrap_or("")
                ),
            );
        }
    }
    fields::finish((field, doc))
}

/// The fields of one table, their child tables taken from `children`; `used` marks the
/// ones taken. A page may have several top-level tables sharing one set of child tables:
/// which child table belongs to no field is known only after all of them
/// ([`note_unused`]).
fn tree(
    table: &Table,
    children: &[(String, Table)],
    used: &mut [bool],
    vendor: Vendor,
    text: &str,
    where_: &str,
    notes: &mut Notes,
) -> Vec<Field> {
    let rows = fields::rows(table, vendor, where_, notes);
    let taobao_page = (vendor == Vendor::Taobao).then_some(text);
    fields::nest(rows, taobao_page, notes)
        .into_iter()
        .map(|p| complete(p, children, used, vendor, notes, 0))
        .collect()
}

/// The child tables no field of any top-level table took.
fn note_unused(children: &[(String, Table)], used: &[bool], notes: &mut Notes) {
    for ((title, _), used) in children.iter().zip(used) {
        if !used && !title.is_empty() {
            notes.ignored(
                title,
                format!("子表「{title}」没有对应的字段，已忽略"),
                format!("the table `{title}` belongs to no field: ignored"),
            );
        }
    }
}

/// The request's parameters, each placed where its table's heading says (`params参数`
/// query, `body参数` body) or, unplaced, where the method puts them: the body, or the
/// query for a method that sends no body (GET). A GET's body parameters go in the query
/// too: a browser would send them nowhere.
fn request_params(
    vendor: Vendor,
    text: &str,
    page: &Page,
    http_method: &str,
    notes: &mut Notes,
) -> Vec<Field> {
    let sends_body = crate::catalog::method_sends_body(http_method);
    // Parameters moved to the query: unplaced ones, and ones the page put in the body.
    let mut unplaced: Vec<String> = Vec::new();
    let mut said_body: Vec<String> = Vec::new();
    let mut out: Vec<Field> = Vec::new();
    let mut used = vec![false; page.request_children.len()];
    for (loc, table) in &page.request {
        for mut f in tree(
            table,
            &page.request_children,
            &mut used,
            vendor,
            text,
            "request",
            notes,
        ) {
            if out.iter().any(|o| o.name == f.name) {
                notes.ignored(
                    &f.name,
                    "参数重复出现，只保留第一次".into(),
                    "the parameter appears twice: the first is kept".into(),
                );
                continue;
            }
            let loc = match *loc {
                // Unmarked is the body for a method that has one.
                Some(Location::Body) if sends_body => None,
                Some(Location::Body) => {
                    said_body.push(f.name.clone());
                    Some(Location::Query)
                }
                None if !sends_body => {
                    unplaced.push(f.name.clone());
                    Some(Location::Query)
                }
                other => other,
            };
            f.location = loc;
            if loc == Some(Location::Query) && f.ty == crate::catalog::FieldType::Array {
                f.style = Some(crate::catalog::ArrayStyle::Csv);
                notes.inferred(
                    &f.name,
                    "查询参数中的数组：多个值用英文逗号连接发送".into(),
                    "an array in the query: sent as its values joined by commas".into(),
                );
            }
            out.push(f);
        }
    }
    note_unused(&page.request_children, &used, notes);
    let m = http_method.to_ascii_uppercase();
    if !unplaced.is_empty() {
        let (zh, en) = (unplaced.join("、"), unplaced.join(", "));
        notes.inferred(
            "http_method",
            format!("{m} 请求不带请求体：页面没有注明位置的参数（{zh}）放在查询字符串中（in: query）"),
            format!("a {m} has no body: the parameters the page does not place ({en}) go in the query (in: query)"),
        );
    }
    if !said_body.is_empty() {
        let (zh, en) = (said_body.join("、"), said_body.join(", "));
        notes.inferred(
            "http_method",
            format!("页面把 {zh} 列为请求体（body）参数，但 {m} 请求不带请求体，浏览器不会发送：改放在查询字符串中（in: query）"),
            format!("the page lists {en} as body parameters, but a {m} has no body and a browser sends none: they go in the query (in: query)"),
        );
    }
    out
}

/// The envelope's own fields are the vendor's; the entry's response is the business part.
const ENVELOPE_FIELDS: [&str; 7] = [
    "errcode",
    "description",
    "status",
    "message",
    "code",
    "msg",
    "request_id",
];

fn response_field(
    vendor: Vendor,
    head: &Head,
    text: &str,
    page: &Page,
    notes: &mut Notes,
) -> Field {
    let mut used = vec![false; page.response_children.len()];
    let fields = match &page.response {
        Some(t) => tree(
            t,
            &page.response_children,
            &mut used,
            vendor,
            text,
            "response",
            notes,
        ),
        None => Vec::new(),
    };
    note_unused(&page.response_children, &used, notes);
    if vendor == Vendor::Taobao {
        let root = crate::taobao::response_root(head.method.as_deref().unwrap_or(""));
        let mut f = fields::blank(&root, crate::catalog::FieldType::Object, "成功响应");
        f.description = Text::new("成功响应", "Success response");
        f.fields = fields;
        return f;
    }
    if let Some(data) = fields.iter().find(|f| f.name == "data") {
        return data.clone();
    }
    let mut f = fields::blank("data", crate::catalog::FieldType::Object, "业务返回");
    f.description = Text::new("业务返回", "The business result");
    f.fields = fields
        .into_iter()
        .filter(|f| !ENVELOPE_FIELDS.contains(&f.name.as_str()))
        .collect();
    f
}

/// Common parameters and headers are the vendor's system parameters: checked, not copied.
fn common_params(vendor: Vendor, page: &Page, notes: &mut Notes) {
    let info = crate::catalog::vendor(vendor);
    for t in &page.common {
        for row in &t.rows {
            let Some(name) = t.get(row, Col::Name) else {
                continue;
            };
            let known = info
                .system_params
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(name));
            if !known {
                notes.ignored(
                    name,
                    format!("公共参数「{name}」不在 {} 的系统参数中，未放入表单", vendor.id()),
                    format!("common parameter `{name}` is not one of {}'s system parameters: not in the form", vendor.id()),
                );
            }
        }
    }
}

fn error_tables(vendor: Vendor, page: &Page, notes: &mut Notes) -> Vec<ErrorCode> {
    let info = crate::catalog::vendor(vendor);
    let mut out = Vec::new();
    for t in &page.errors {
        for row in &t.rows {
            let Some(code) = t.get(row, Col::Name) else {
                continue;
            };
            let code_like = code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            if !code_like {
                continue;
            }
            if info.error(code).is_some() {
                notes.ignored(
                    code,
                    format!("错误码 {code} 已在厂商的通用错误码中"),
                    format!("error code {code} is already one of the vendor's codes"),
                );
                continue;
            }
            let message = t.get(row, Col::Description).unwrap_or(code);
            let fix = row
                .iter()
                .zip(&t.cols)
                .find(|(_, c)| **c == Col::Other)
                .and_then(|(v, _)| v.as_deref())
                .filter(|s| !s.trim().is_empty());
            out.push(doc_error(code, message, fix));
        }
    }
    out
}

pub(crate) fn doc_error(code: &str, message: &str, fix: Option<&str>) -> ErrorCode {
    ErrorCode {
        code: code.to_string(),
        http_status: None,
        message: Text::new(message, message),
        cause: Text::new("接口文档列出的错误", "An error the API's doc page lists"),
        fix: match fix {
            Some(f) => Text::new(f, f),
            None => Text::new("见接口文档", "See the API's doc page"),
        },
        source: ErrorSource::VendorDoc,
        messages: Vec::new(),
    }
}

/// Per-field examples from the request example, where the field has none yet.
fn fill_examples(fields: &mut [Field], example: &Value) {
    let Some(obj) = example.as_object() else {
        return;
    };
    for f in fields {
        let Some(v) = obj.get(&f.name) else { continue };
        if f.example.is_none() && !v.is_object() {
            f.example = Some(v.clone());
        }
        fill_examples(&mut f.fields, v);
        if let (Some(items), Some(first)) = (&mut f.items, v.as_array().and_then(|a| a.first())) {
            fill_examples(&mut items.fields, first);
        }
    }
}

/// The request example completed with the required fields it lacks, from their own
/// examples (a page's 示例 column): "Fill with doc example" must give a request that
/// passes its own required-field check. (旺店通's example is the positional arguments,
/// built by its module.)
fn complete_example(fields: &[Field], example: &mut Value) {
    let Some(obj) = example.as_object_mut() else {
        return;
    };
    for f in fields.iter().filter(|f| f.required) {
        match obj.get_mut(&f.name) {
            Some(v @ Value::Object(_)) => complete_example(&f.fields, v),
            Some(_) => {}
            None if !f.fields.is_empty() && f.items.is_none() => {
                let mut sub = Value::Object(serde_json::Map::new());
                complete_example(&f.fields, &mut sub);
                if sub.as_object().is_some_and(|m| !m.is_empty()) {
                    obj.insert(f.name.clone(), sub);
                }
            }
            None => {
                if let Some(v) = &f.example {
                    obj.insert(f.name.clone(), v.clone());
                }
            }
        }
    }
}

/// The first code sample that parses as JSON of the wanted kind. 旺店通 shows code in
/// tables with line numbers, and the copy may add text around it.
pub(crate) fn json_sample(samples: &[String], want_array: bool) -> Option<Value> {
    for s in samples {
        let open = if want_array { '[' } else { '{' };
        let close = if want_array { ']' } else { '}' };
        let Some(start) = s.find(open) else { continue };
        let Some(end) = s.rfind(close) else { continue };
        if end <= start {
            continue;
        }
        if let Ok(v) = serde_json::from_str::<Value>(&s[start..=end]) {
            return Some(v);
        }
    }
    None
}

impl Api {
    /// An entry built from a doc page: ids and bilingual texts from what the page says.
    fn imported(vendor: Vendor, head: &Head, params: Vec<Field>, response: Field) -> Api {
        let endpoint = head
            .method
            .clone()
            .or(head.path.clone())
            .unwrap_or_default();
        let id = match vendor {
            Vendor::Taobao => endpoint.clone(),
            Vendor::Wdt => format!("wdt.{endpoint}"),
            Vendor::Kingdee => {
                // The id reads as the page wrote it (物料), the path stays as sent (%E7…).
                let readable = crate::encoding::form_decode(&endpoint.replace('+', "%2B"));
                let p = readable
                    .trim_start_matches("/jdy/v2/")
                    .trim_matches('/')
                    .replace('/', ".");
                format!("kingdee.{p}.{}", head.http_method.to_lowercase())
            }
        };
        let name = head.name.clone().unwrap_or_else(|| endpoint.clone());
        let summary = head.summary.clone().unwrap_or_else(|| name.clone());
        Api {
            id,
            vendor,
            name: Text::new(name.clone(), name),
            summary: Text::new(summary.clone(), summary),
            http_method: head.http_method.clone(),
            method: head.method.clone(),
            path: head.path.clone(),
            doc_url: head.doc_url.clone(),
            doc_file: None,
            positional: Vec::new(),
            credentials: None,
            envelope_override: None,
            params,
            response,
            example: Value::Object(Default::default()),
            example_fixes: Vec::new(),
            example_response: Value::Null,
            example_error_response: None,
            errors: Vec::new(),
            notes: Vec::new(),
            envelope: crate::catalog::vendor(vendor).envelope.clone(),
            custom: false,
        }
    }
}

/// The `key: value` of a front-matter block (`url: "https://…"`).
pub(crate) fn front_matter(text: &str, key: &str) -> Option<String> {
    let body = text.trim_start().strip_prefix("---")?;
    let end = body.find("\n---")?;
    body[..end].lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}
