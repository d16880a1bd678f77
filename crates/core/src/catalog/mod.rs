//! The API catalog: every vendor API the app covers, as data (`catalog/*.json` at the
//! repository root), with validation and request building.
//!
//! Pure and I/O-free like the rest of the core. With the `embedded-catalog` feature (the
//! default: CLI, server, tests) the JSON is compiled in and parsed on first use. The browser
//! app leaves it out, fetches the files ([`FILES`]) after its first paint and hands them to
//! [`install`]: the catalog is then not in its .wasm, and not parsed before the page shows.

mod build;
pub(crate) mod custom;
mod entry;
mod envelope;
mod model;
mod reuse;
mod starter;
mod text;
mod validate;

use std::sync::OnceLock;

pub use crate::options::BuildOptions;
pub use build::{build_request, build_sign_input, BuildError};
pub use custom::{
    custom, endpoint_line, endpoint_of, is_method_name, param_text, KINGDEE_METHODS,
    KINGDEE_PREFIX, WDT_PAGE,
};
pub use entry::{read_entry, EntryError, Expected, FieldFault};
pub use envelope::{classify, Explanation, Outcome};
pub use model::*;
pub use text::{Lang, Text};
pub use validate::{
    has_errors, inferred_format, invisible_name, revalidate, validate, validate_after, Finding,
    FindingCode, FindingSource, Severity,
};

use crate::request::Vendor;

/// One list of the catalog's files: their names for everyone, their texts compiled in
/// only with the `embedded-catalog` feature.
macro_rules! files {
    ($($file:literal),* $(,)?) => {
        /// The catalog's files under `catalog/`: vendors, APIs in sidebar order, then the
        /// custom-request entries in vendor order.
        pub const FILES: [&str; 13] = [$($file),*];

        #[cfg(feature = "embedded-catalog")]
        const TEXTS: [&str; 13] = [$(include_str!(concat!("../../../../catalog/", $file))),*];
    };
}

files!(
    "vendors/taobao.json",
    "vendors/wdt.json",
    "vendors/kingdee.json",
    "taobao.imbalance.create.json",
    "wdt.stockpd.sync.json",
    "kingdee.inv_check_task.save.json",
    "kingdee.inv_synchronous.list.json",
    "kingdee.material.save.json",
    "kingdee.push_app_authorize.json",
    "kingdee.app_token.json",
    "custom/taobao.json",
    "custom/wdt.json",
    "custom/kingdee.json",
);

const VENDORS: std::ops::Range<usize> = 0..3;
const APIS: std::ops::Range<usize> = 3..10;
const CUSTOMS: std::ops::Range<usize> = 10..13;

#[cfg(feature = "embedded-catalog")]
fn embedded(file: &str) -> Option<&'static str> {
    let i = FILES.iter().position(|f| *f == file)?;
    Some(TEXTS[i])
}

struct Catalog {
    vendors: Vec<VendorInfo>,
    apis: Vec<Api>,
    customs: Vec<Api>,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

#[cfg(feature = "embedded-catalog")]
fn catalog() -> &'static Catalog {
    // The data is compiled in and checked by the tests, so a failure here is a build defect.
    CATALOG
        .get_or_init(|| load(&embedded).unwrap_or_else(|e| panic!("catalog data is invalid: {e}")))
}

#[cfg(not(feature = "embedded-catalog"))]
fn catalog() -> &'static Catalog {
    CATALOG
        .get()
        .expect("catalog::install runs before anything reads the catalog")
}

/// Installs the catalog from its files' texts (`text` answers each name of [`FILES`]);
/// once installed (or compiled in and read), the first catalog stays. The error names the
/// file and the place.
pub fn install<'t>(text: &dyn Fn(&str) -> Option<&'t str>) -> Result<(), CatalogError> {
    if CATALOG.get().is_none() {
        let loaded = load(text)?;
        let _ = CATALOG.set(loaded);
    }
    Ok(())
}

/// Parses and cross-checks files as [`install`] would, without installing them.
pub fn check_files<'t>(text: &dyn Fn(&str) -> Option<&'t str>) -> Result<(), CatalogError> {
    load(text).map(|_| ())
}

/// A defect in the catalog data, naming the file (under `catalog/`) and the place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogError {
    /// A file of [`FILES`] that [`install`] was not given.
    Missing {
        file: String,
    },
    /// Not JSON, or not the entry's shape; `message` is the JSON reader's.
    Invalid {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    IdNotFileName {
        file: String,
        id: String,
    },
    NoEndpoint {
        file: String,
    },
    /// A custom entry not named `<vendor>.custom` in `custom/<vendor>.json`.
    CustomNaming {
        file: String,
    },
    CustomWithEndpoint {
        file: String,
    },
    NoVendorFile {
        file: String,
        vendor: Vendor,
    },
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing { file } => write!(f, "catalog/{file}: missing"),
            Self::Invalid {
                file,
                line,
                column,
                message,
            } => write!(f, "catalog/{file}: line {line}, column {column}: {message}"),
            Self::IdNotFileName { file, id } => {
                write!(f, "catalog/{file}: id `{id}` must match the file name")
            }
            Self::NoEndpoint { file } => write!(f, "catalog/{file}: needs `method` or `path`"),
            Self::CustomNaming { file } => write!(
                f,
                "catalog/{file}: a custom entry's id is `<vendor>.custom`, its file custom/<vendor>.json"
            ),
            Self::CustomWithEndpoint { file } => write!(
                f,
                "catalog/{file}: a custom entry takes its method or path from the document"
            ),
            Self::NoVendorFile { file, vendor } => {
                write!(f, "catalog/{file}: no vendor file for `{}`", vendor.id())
            }
        }
    }
}

impl std::error::Error for CatalogError {}

impl crate::lang::Localise for CatalogError {
    fn zh(&self) -> String {
        match self {
            Self::Missing { file } => format!("catalog/{file}：缺少此文件"),
            Self::Invalid {
                file,
                line,
                column,
                message,
            } => format!("catalog/{file}：第 {line} 行第 {column} 列：{message}"),
            Self::IdNotFileName { file, id } => {
                format!("catalog/{file}：id `{id}` 须与文件名一致")
            }
            Self::NoEndpoint { file } => format!("catalog/{file}：需要 `method` 或 `path`"),
            Self::CustomNaming { file } => format!(
                "catalog/{file}：自定义条目的 id 为 `<vendor>.custom`，文件为 custom/<vendor>.json"
            ),
            Self::CustomWithEndpoint { file } => {
                format!("catalog/{file}：自定义条目的 method 或 path 取自文档")
            }
            Self::NoVendorFile { file, vendor } => {
                format!("catalog/{file}：没有 `{}` 的厂商文件", vendor.id())
            }
        }
    }
}

/// Parses and cross-checks the embedded data; the error names the file and the place.
#[cfg(feature = "embedded-catalog")]
pub fn load_check() -> Result<(), CatalogError> {
    load(&embedded).map(|_| ())
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, CatalogError> {
    serde_json::from_str(text).map_err(|e| CatalogError::Invalid {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

fn load<'t>(text: &dyn Fn(&str) -> Option<&'t str>) -> Result<Catalog, CatalogError> {
    let files = |range: std::ops::Range<usize>| {
        FILES[range].iter().map(|file| {
            text(file)
                .map(|t| (*file, t))
                .ok_or_else(|| CatalogError::Missing {
                    file: file.to_string(),
                })
        })
    };
    let vendors = files(VENDORS)
        .map(|f| f.and_then(|(file, text)| parse::<VendorInfo>(file, text)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut apis = Vec::new();
    for f in files(APIS) {
        let (file, text) = f?;
        let api = load_api(file, text, &vendors)?;
        if format!("{}.json", api.id) != file {
            return Err(CatalogError::IdNotFileName {
                file: file.to_string(),
                id: api.id,
            });
        }
        if api.method.is_none() && api.path.is_none() {
            return Err(CatalogError::NoEndpoint {
                file: file.to_string(),
            });
        }
        apis.push(api);
    }
    let mut customs = Vec::new();
    for f in files(CUSTOMS) {
        let (file, text) = f?;
        let mut api = load_api(file, text, &vendors)?;
        if api.id != format!("{}.custom", api.vendor.id()) || !file.contains(api.vendor.id()) {
            return Err(CatalogError::CustomNaming {
                file: file.to_string(),
            });
        }
        if api.method.is_some() || api.path.is_some() {
            return Err(CatalogError::CustomWithEndpoint {
                file: file.to_string(),
            });
        }
        api.custom = true;
        customs.push(api);
    }
    Ok(Catalog {
        vendors,
        apis,
        customs,
    })
}

/// One API file, with its vendor's envelope and the API's override applied.
fn load_api(file: &str, text: &str, vendors: &[VendorInfo]) -> Result<Api, CatalogError> {
    let mut api: Api = parse(file, text)?;
    let vendor =
        vendors
            .iter()
            .find(|v| v.id == api.vendor)
            .ok_or_else(|| CatalogError::NoVendorFile {
                file: file.to_string(),
                vendor: api.vendor,
            })?;
    api.envelope = envelope_of(&api, vendor);
    Ok(api)
}

/// The vendor's envelope with the API's override applied.
fn envelope_of(api: &Api, vendor: &VendorInfo) -> Envelope {
    let mut envelope = vendor.envelope.clone();
    if let Some(o) = &api.envelope_override {
        if let Some(d) = &o.description {
            envelope.description = d.clone();
        }
        if let Some(c) = &o.code {
            envelope.code = c.clone();
        }
        if let Some(m) = &o.message {
            envelope.message = m.clone();
        }
        if let Some(s) = &o.success_codes {
            envelope.success_codes = s.clone();
        }
        if let Some(r) = &o.result {
            envelope.result = Some(r.clone());
        }
    }
    envelope
}

/// APIs added at run time (imported from a doc page, kept by the browser): they behave
/// like the shipped ones once registered. Leaked on purpose: the app holds `&'static Api`
/// everywhere, and a user registers a handful.
static EXTRA: std::sync::Mutex<Vec<&'static Api>> = std::sync::Mutex::new(Vec::new());

fn extras_lock() -> std::sync::MutexGuard<'static, Vec<&'static Api>> {
    EXTRA.lock().unwrap_or_else(|e| e.into_inner())
}

/// Why an entry from outside the shipped catalog cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdoptError {
    EmptyId,
    /// The id of a shipped API: it would hide it.
    ShippedId {
        id: String,
    },
    /// Neither `method` nor `path`: nothing to call.
    NoEndpoint,
    /// A Taobao or 旺店通 method that is no dot-separated name.
    BadMethod {
        method: String,
    },
    /// An HTTP method the vendor's gateway does not take.
    BadHttpMethod {
        given: String,
        allowed: &'static [&'static str],
    },
    /// A Kingdee path outside the open API's `/jdy/v2/`.
    BadPath {
        path: String,
    },
    /// Two parameters of the same name: only one could be sent.
    DuplicateParam {
        name: String,
    },
    /// A parameter marked `in: body` on a method that sends no body (GET).
    BodyOnGet {
        name: String,
        http_method: String,
    },
}

impl std::fmt::Display for AdoptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::EmptyId => f.write_str("`id` is empty"),
            Self::ShippedId { id } => {
                write!(f, "`{id}` is the id of a shipped API: choose another")
            }
            Self::NoEndpoint => f.write_str("needs `method` (Taobao, 旺店通) or `path` (Kingdee)"),
            Self::BadMethod { method } => write!(
                f,
                "`method` `{method}` is no method name: dot-separated words of letters, digits and _"
            ),
            Self::BadHttpMethod { given, allowed } => write!(
                f,
                "`http_method` `{given}` is not one the gateway takes: {}",
                allowed.join(", ")
            ),
            Self::BadPath { path } => write!(
                f,
                "`path` `{path}` is not under {} (nor an app-token call): the Kingdee gateway answers nothing else",
                custom::KINGDEE_PREFIX
            ),
            Self::DuplicateParam { name } => {
                write!(f, "`params` lists `{name}` twice: only one of them could be sent")
            }
            Self::BodyOnGet { name, http_method } => write!(
                f,
                "`params` `{name}` is marked in: body, but a {http_method} request sends no body: mark it in: query, or leave `in` out (a {http_method}'s parameters go in the query)"
            ),
        }
    }
}

impl crate::lang::Localise for AdoptError {
    fn zh(&self) -> String {
        match self {
            Self::EmptyId => "`id` 为空".into(),
            Self::ShippedId { id } => format!("`{id}` 是内置接口的 id：请换一个"),
            Self::NoEndpoint => "需要 `method`（淘宝、旺店通）或 `path`（金蝶）".into(),
            Self::BadMethod { method } => {
                format!("`method` `{method}` 不是方法名：应为以点分隔的字母、数字和 _")
            }
            Self::BadHttpMethod { given, allowed } => format!(
                "`http_method` `{given}` 不是网关接受的方法：应为 {}",
                allowed.join("、")
            ),
            Self::BadPath { path } => format!(
                "`path` `{path}` 不在 {} 之下（也不是获取 app-token 的接口）：金蝶网关只响应这些路径",
                custom::KINGDEE_PREFIX
            ),
            Self::DuplicateParam { name } => {
                format!("`params` 中 `{name}` 出现了两次：只能发送其中一个")
            }
            Self::BodyOnGet { name, http_method } => format!(
                "`params` 中 `{name}` 标为 in: body，但 {http_method} 请求不发送请求体：请标为 in: query，或去掉 `in`（{http_method} 的参数放在查询字符串中）"
            ),
        }
    }
}

impl std::error::Error for AdoptError {}

/// Checks an entry from outside the shipped catalog (JSON a user edited, an import) and
/// fills what loading fills: its envelope. The error names the cause.
pub fn adopt(mut api: Api) -> Result<Api, AdoptError> {
    if api.id.trim().is_empty() {
        return Err(AdoptError::EmptyId);
    }
    if all().iter().any(|a| a.id == api.id) {
        return Err(AdoptError::ShippedId { id: api.id });
    }
    if api.method.is_none() && api.path.is_none() {
        return Err(AdoptError::NoEndpoint);
    }
    api.envelope = envelope_of(&api, vendor(api.vendor));
    Ok(api)
}

/// The stricter check for a definition a person has just written (an edit): an emptied
/// `method` or `path` is a missing one, and a method must be a method name. Entries kept
/// from before are only `adopt`ed, so that none of them vanishes on start.
pub fn check_written(api: &Api) -> Result<(), AdoptError> {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    if !given(&api.method) && !given(&api.path) {
        return Err(AdoptError::NoEndpoint);
    }
    if let Some(m) = &api.method {
        if api.vendor != Vendor::Kingdee && !custom::is_method_name(m) {
            return Err(AdoptError::BadMethod { method: m.clone() });
        }
    }
    // Taobao and 旺店通 take POST only; Kingdee the methods its custom request offers.
    let allowed: &'static [&'static str] = match api.vendor {
        Vendor::Kingdee => &custom::KINGDEE_METHODS,
        Vendor::Taobao | Vendor::Wdt => &["POST"],
    };
    // Any letter case: the signers send it upper case.
    if !allowed
        .iter()
        .any(|m| m.eq_ignore_ascii_case(api.http_method.trim()))
    {
        return Err(AdoptError::BadHttpMethod {
            given: api.http_method.clone(),
            allowed,
        });
    }
    if let (Vendor::Kingdee, Some(path)) = (api.vendor, &api.path) {
        let path_ok = |p: &str| {
            p.starts_with(custom::KINGDEE_PREFIX) || crate::vendor::kingdee::AUTH_PATHS.contains(&p)
        };
        if !path_ok(path.trim()) {
            return Err(AdoptError::BadPath { path: path.clone() });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(twice) = api.params.iter().find(|f| !seen.insert(f.name.as_str())) {
        return Err(AdoptError::DuplicateParam {
            name: twice.name.clone(),
        });
    }
    // A browser sends no body with a GET: a parameter placed there would be lost.
    let in_body = |f: &&Field| f.location == Some(Location::Body);
    match api
        .params
        .iter()
        .find(in_body)
        .filter(|_| !api.sends_body())
    {
        Some(f) => Err(AdoptError::BodyOnGet {
            name: f.name.clone(),
            http_method: api.http_method.trim().to_ascii_uppercase(),
        }),
        None => Ok(()),
    }
}

/// Registers (or replaces, by id) an extra API; `find` and `extras` see it.
pub fn register(api: Api) -> Result<&'static Api, AdoptError> {
    let api: &'static Api = Box::leak(Box::new(adopt(api)?));
    let mut extras = extras_lock();
    match extras.iter_mut().find(|a| a.id == api.id) {
        Some(slot) => *slot = api,
        None => extras.push(api),
    }
    Ok(api)
}

pub fn unregister(id: &str) {
    extras_lock().retain(|a| a.id != id);
}

/// The registered extra APIs, in registration order.
pub fn extras() -> Vec<&'static Api> {
    extras_lock().clone()
}

/// Every API, in sidebar order.
pub fn all() -> &'static [Api] {
    &catalog().apis
}

/// The custom-request entries (any method or path), one per vendor, in vendor order.
pub fn customs() -> &'static [Api] {
    &catalog().customs
}

pub fn vendors() -> &'static [VendorInfo] {
    &catalog().vendors
}

pub fn vendor(v: Vendor) -> &'static VendorInfo {
    catalog()
        .vendors
        .iter()
        .find(|info| info.id == v)
        .expect("every vendor has a catalog file")
}

/// The APIs of one vendor.
pub fn apis_of(v: Vendor) -> impl Iterator<Item = &'static Api> {
    all().iter().filter(move |a| a.vendor == v)
}

/// The API a request calls: its method (Taobao, 旺店通) or its path (Kingdee), exactly as
/// the gateway matches it. The mocks serve these, and TOP's argument checks use them.
pub fn called(v: Vendor, key: &str) -> Option<&'static Api> {
    apis_of(v).find(|api| match v {
        Vendor::Kingdee => api.path.as_deref() == Some(key),
        _ => api.method.as_deref() == Some(key),
    })
}

/// Finds an API by id (`kingdee.material.save`, `taobao.custom`), method name
/// (`wms.StockPd.stockSyncByPd`), path (`/jdy/v2/bd/material`), `POST /jdy/v2/bd/material`
/// or a full URL.
pub fn find(query: &str) -> Option<&'static Api> {
    let mut q = query.trim();
    if let Some((first, rest)) = q.split_once(' ') {
        if !first.is_empty() && first.bytes().all(|b| b.is_ascii_alphabetic()) {
            q = rest.trim();
        }
    }
    if let Some(i) = q.find("://") {
        let after = &q[i + 3..];
        q = after.find('/').map_or("", |j| &after[j..]);
    }
    let q = q.split(['?', '#']).next().unwrap_or("");
    let q = if q.len() > 1 {
        q.trim_end_matches('/')
    } else {
        q
    };
    if q.is_empty() {
        return None;
    }
    if let Some(c) = customs().iter().find(|a| a.id.eq_ignore_ascii_case(q)) {
        return Some(c);
    }
    let hit = |a: &&Api| {
        a.id.eq_ignore_ascii_case(q)
            || a.method
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(q))
            || a.path.as_deref().is_some_and(|p| p == q || q.ends_with(p))
    };
    all()
        .iter()
        .find(hit)
        .or_else(|| extras().into_iter().find(|a| hit(a)))
}

/// Searches names (中文 and English), ids, methods and paths, for the sidebar; every word
/// of `needle` must match.
pub fn search(needle: &str) -> Vec<&'static Api> {
    let words = search_words(needle);
    let mut found: Vec<(u8, &'static Api)> = all()
        .iter()
        .filter_map(|a| Some((search_rank(a, &words)?, a)))
        .collect();
    // What the words name comes before what only mentions them: "app-token" finds "Get
    // the app-token" first, then the call whose summary speaks of one. Stable: ties keep
    // the catalog's order.
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, a)| a).collect()
}

/// Whether `api` is one of `needle`'s matches (each word somewhere in its names, id,
/// endpoint or vendor); imported APIs are filtered with it too.
pub fn matches_search(a: &Api, needle: &str) -> bool {
    search_rank(a, &search_words(needle)).is_some()
}

fn search_words(needle: &str) -> Vec<String> {
    needle.split_whitespace().map(str::to_lowercase).collect()
}

/// How well `a` matches when every word is found somewhere: 0 when all are in its name,
/// 1 when all are in its name, id or endpoint, else 2 (its summary or vendor). `None`:
/// some word is nowhere.
fn search_rank(a: &Api, words: &[String]) -> Option<u8> {
    let endpoint = a.endpoint().to_lowercase();
    words.iter().try_fold(0, |rank, w| {
        let here = if a.name.contains(w) {
            0
        } else if a.id.contains(w.as_str()) || endpoint.contains(w.as_str()) {
            1
        } else if a.summary.contains(w) || a.vendor_info().short_name.contains(w) {
            2
        } else {
            return None;
        };
        Some(rank.max(here))
    })
}
