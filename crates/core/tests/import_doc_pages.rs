//! The doc-page importer against the five hand-written catalog entries: each page in
//! `../shared/vendor-docs/` imported must give the entry's parameter paths, types,
//! required flags, limits, enums and defaults. A difference is allowed only where the
//! catalog records a hand fix (`note` on the field, or an `example_fixes` path).
//!
//! A plain clone has no `../shared`: the test says it is skipped and passes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use countersign_core::catalog::{self, Api, Field};
use serde_json::Value;

fn canonical(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
use countersign_core::import_doc::import_doc;

/// `../shared/vendor-docs` next to the checkout, else `$COUNTERSIGN_SHARED/vendor-docs`
/// (a worktree elsewhere).
fn docs_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vendor-docs");
    if dir.is_dir() {
        return Some(dir);
    }
    let shared = PathBuf::from(std::env::var_os("COUNTERSIGN_SHARED")?);
    [shared.join("vendor-docs"), shared]
        .into_iter()
        .find(|d| d.join("kingdee-jdy-material-save.md").is_file())
}

/// What the comparison looks at, per path.
#[derive(Debug, PartialEq)]
struct Facts {
    ty: String,
    required: bool,
    max_length: Option<usize>,
    max_items: Option<usize>,
    values: Vec<String>,
    default: Option<String>,
    format: Option<String>,
}

fn facts(fields: &[Field]) -> BTreeMap<String, (Facts, bool)> {
    let root = Field {
        fields: fields.to_vec(),
        ..serde_json::from_value(
            serde_json::json!({"type": "object", "description": {"zh": "", "en": ""}}),
        )
        .unwrap()
    };
    let mut all = Vec::new();
    root.walk("", &mut all);
    all.into_iter()
        .map(|(path, f)| {
            let facts = Facts {
                ty: format!("{:?}", f.ty),
                required: f.required,
                max_length: f.max_length,
                max_items: f.max_items,
                values: f
                    .values
                    .iter()
                    .filter_map(|v| canonical(&v.value))
                    .collect(),
                default: f.default.as_ref().and_then(canonical),
                format: f.format.map(|x| x.as_str().to_string()),
            };
            (path, (facts, f.note.is_some()))
        })
        .collect()
}

fn compare(api: &Api, imported: &Api) -> (Vec<String>, Vec<String>, usize) {
    let want = facts(&api.params);
    let got = facts(&imported.params);
    let fixed: Vec<&str> = api.example_fixes.iter().map(|f| f.path.as_str()).collect();
    let mut problems = Vec::new();
    let mut allowed = Vec::new();
    for (path, (w, noted)) in &want {
        let hand_fixed = *noted || fixed.contains(&path.as_str());
        let Some((g, _)) = got.get(path) else {
            problems.push(format!("{path}: missing from the import"));
            continue;
        };
        // Formats are compared too, but a format the catalog infers beyond the doc
        // (`decimal` on a string price) is ours, not the page's: reported, not failed.
        let mut w_cmp = Facts {
            format: None,
            ..clone(w)
        };
        let mut g_cmp = Facts {
            format: None,
            ..clone(g)
        };
        if w.format != g.format {
            // Allowed: a format beyond the doc (decimal/integer on a doc string, which
            // validation reports as ours) or a comma-list hint (only ever a warning).
            // A date or JSON format the doc spells out must match.
            let soft = |f: &Option<String>| {
                matches!(f.as_deref(), None | Some("decimal" | "integer" | "csv"))
            };
            let line = format!(
                "{path}: format {:?} (catalog) vs {:?} (import)",
                w.format, g.format
            );
            if soft(&w.format) && soft(&g.format) {
                allowed.push(line);
            } else if !hand_fixed {
                problems.push(line);
            }
        }
        if hand_fixed {
            w_cmp = Facts { ..clone(&g_cmp) };
            if w != g {
                allowed.push(format!("{path}: hand fix in the catalog: {w:?} vs {g:?}"));
            }
        }
        g_cmp.format = None;
        if w_cmp != g_cmp {
            problems.push(format!("{path}: catalog {w:?}\n    import  {g:?}"));
        }
    }
    for path in got.keys() {
        if !want.contains_key(path) {
            problems.push(format!("{path}: only in the import"));
        }
    }
    // The response: the same paths and types (its prose is not a request's concern).
    let want_r = facts(std::slice::from_ref(&api.response));
    let got_r = facts(std::slice::from_ref(&imported.response));
    for (path, (w, noted)) in &want_r {
        match got_r.get(path) {
            None => problems.push(format!("response {path}: missing from the import")),
            Some((g, _)) if g.ty != w.ty && !noted => problems.push(format!(
                "response {path}: type {} (catalog) vs {} (import)",
                w.ty, g.ty
            )),
            _ => {}
        }
    }
    for path in got_r.keys().filter(|p| !want_r.contains_key(*p)) {
        problems.push(format!("response {path}: only in the import"));
    }
    (problems, allowed, want.len() + want_r.len())
}

fn clone(f: &Facts) -> Facts {
    Facts {
        ty: f.ty.clone(),
        required: f.required,
        max_length: f.max_length,
        max_items: f.max_items,
        values: f.values.clone(),
        default: f.default.clone(),
        format: f.format.clone(),
    }
}

#[test]
fn each_vendor_page_imports_as_its_catalog_entry() {
    let Some(dir) = docs_dir() else {
        println!("skipped: ../shared/vendor-docs is not here (a plain clone) and $COUNTERSIGN_SHARED is not set; the other import tests still run");
        return;
    };
    let mut failures = Vec::new();
    let mut compared = 0;
    for api in catalog::all() {
        let Some(file) = &api.doc_file else { continue };
        let page = std::fs::read_to_string(dir.join(file)).expect("read the doc page");
        let imported = import_doc(&page, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(imported.api.vendor, api.vendor, "{file}: vendor");
        assert_eq!(imported.api.endpoint(), api.endpoint(), "{file}: endpoint");
        assert_eq!(
            imported.api.http_method, api.http_method,
            "{file}: http method"
        );
        assert_eq!(
            imported.api.positional, api.positional,
            "{file}: positional"
        );
        let (problems, allowed, n) = compare(api, &imported.api);
        println!(
            "{file}: {n} parameter paths compared, {} differences, {} allowed",
            problems.len(),
            allowed.len()
        );
        for a in &allowed {
            println!("  allowed: {a}");
        }
        for p in &problems {
            failures.push(format!("{file}: {p}"));
        }
        compared += 1;
    }
    assert_eq!(compared, 5, "the five pages have a catalog entry each");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_same_page_imports_with_the_vendor_given() {
    let Some(dir) = docs_dir() else {
        println!("skipped: ../shared/vendor-docs is not here");
        return;
    };
    let page = std::fs::read_to_string(dir.join("wdt-qjb-wms.StockPd.stockSyncByPd.md")).unwrap();
    let a = import_doc(&page, None).unwrap();
    let b = import_doc(&page, Some(countersign_core::Vendor::Wdt)).unwrap();
    assert_eq!(a.api, b.api);
}
