//! Where the app's bytes are: twiggy's dominator tree of a web-profile build with the function
//! names kept (our profile without `strip`, before wasm-bindgen and wasm-opt drop them),
//! summed per crate, plus the biggest items and the data segments.
//!
//! Per crate, "shallow" is the bytes of the crate's own items (cargo-bloat's figure);
//! "retained" is what would go if every item of the crate went: the union of the dominator
//! subtrees headed by its items, so a crate's figure counts each byte once.

use super::{kib, Section, Table};
use crate::util::{cmd, output, quiet_cargo_unless_tty, root, run, target_dir, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One row of `twiggy dominators -f csv`.
#[derive(Debug, Clone)]
struct Item {
    id: Option<u64>,
    name: String,
    shallow: u64,
    retained: u64,
    idom: Option<u64>,
}

pub struct Breakdown {
    /// The build that was measured, for the intro.
    pub wasm: PathBuf,
    crates: Vec<CrateRow>,
    top: Vec<Item>,
    data: Vec<Item>,
    /// Code and data, without custom sections (the names, which the served file lacks).
    total: u64,
    custom: u64,
    /// catalog/**/*.json found byte for byte in the module: (files, bytes).
    catalog: (usize, u64),
}

struct CrateRow {
    name: String,
    shallow: u64,
    retained: u64,
    items: usize,
}

/// Our web profile without strip, in the target dir `--all-profiles` uses for the same
/// settings (so that run reuses it), through wasm-bindgen (which keeps the name section):
/// the layout Trunk serves before wasm-opt, with names.
pub fn build_with_names(ours: &[(String, String)]) -> Result<PathBuf> {
    let target = target_dir().join("bench/target-ours-no-strip");
    let mut c = cmd(&crate::util::cargo());
    c.args([
        "build",
        "--profile",
        "web",
        "--target",
        "wasm32-unknown-unknown",
        "--bin",
        "countersign-app",
    ])
    .current_dir(root())
    .env("CARGO_TARGET_DIR", &target);
    for (k, v) in ours {
        c.env(format!("CARGO_PROFILE_WEB_{k}"), v);
    }
    c.env("CARGO_PROFILE_WEB_STRIP", "none");
    run(quiet_cargo_unless_tty(&mut c))?;
    let out = target_dir().join("bench/names-bindgen");
    let _ = std::fs::remove_dir_all(&out);
    let mut c = cmd("wasm-bindgen");
    c.args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(target.join("wasm32-unknown-unknown/web/countersign-app.wasm"));
    crate::util::run_quiet(&mut c)?;
    Ok(out.join("countersign-app_bg.wasm"))
}

/// Whether twiggy is on PATH (`cargo xtask install bench` puts it there).
pub fn twiggy_available() -> bool {
    output(cmd("twiggy").arg("--version")).is_some()
}

/// Runs twiggy on `wasm` and sums its dominator tree.
pub fn analyse(wasm: &Path) -> Result<Breakdown> {
    let twiggy = |args: &[&str]| -> Result<String> {
        let mut c = cmd("twiggy");
        c.args(args).arg(wasm);
        let o = c.output().map_err(|e| format!("`twiggy`: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "`twiggy {} {}` failed: {}",
                args.join(" "),
                wasm.display(),
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let mut items = parse_csv(&twiggy(&["dominators", "-f", "csv"])?)?;
    // The dominator tree sums what no root reaches (the data segments among them) into
    // one line; `top` lists every item.
    let all = parse_csv(&twiggy(&["top", "-f", "csv", "-n", "100000000"])?)?;
    add_unreachable(&mut items, all);
    let mut b = summarise(wasm, &items);
    let module = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    b.catalog = embedded_verbatim(&module, &root().join("catalog"));
    Ok(b)
}

/// The catalog's JSON files that the module holds byte for byte (as `include_str!` embeds
/// them), so the table can say how much of `.rodata` they are.
fn embedded_verbatim(module: &[u8], dir: &Path) -> (usize, u64) {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "json") {
                files.push(p);
            }
        }
    }
    let mut found = (0, 0);
    for f in files {
        let Ok(text) = std::fs::read(&f) else {
            continue;
        };
        if !text.is_empty() && module.windows(text.len()).any(|w| w == text.as_slice()) {
            found.0 += 1;
            found.1 += text.len() as u64;
        }
    }
    found
}

/// Replaces the dominator tree's "[N Unreachable Items]" line by the items themselves.
fn add_unreachable(tree: &mut Vec<Item>, all: Vec<Item>) {
    tree.retain(|i| i.id.is_some());
    let known: std::collections::HashSet<&str> = tree.iter().map(|i| i.name.as_str()).collect();
    let missing: Vec<Item> = all
        .into_iter()
        .filter(|i| !known.contains(i.name.as_str()))
        .map(|i| Item {
            id: None,
            retained: i.shallow,
            idom: None,
            ..i
        })
        .collect();
    tree.extend(missing);
}

fn parse_csv(text: &str) -> Result<Vec<Item>> {
    let mut lines = text.lines();
    let header = split_csv(lines.next().ok_or("twiggy printed nothing")?);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or(format!("twiggy's CSV has no {name} column: {header:?}"))
    };
    let (name, shallow) = (col("Name")?, col("ShallowSize")?);
    // `dominators` has all five; `top` only names and sizes.
    let (id, retained, idom) = (
        col("Id").ok(),
        col("RetainedSize").ok(),
        col("ImmediateDominator").ok(),
    );
    let mut items = Vec::new();
    for line in lines {
        let f = split_csv(line);
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(String::as_str).unwrap_or("");
        items.push(Item {
            id: get(id).parse().ok(),
            name: get(Some(name)).to_string(),
            shallow: get(Some(shallow)).parse().unwrap_or(0),
            retained: get(retained).parse().unwrap_or(0),
            idom: get(idom).parse().ok(),
        });
    }
    Ok(items)
}

/// One CSV record (RFC 4180 quoting; twiggy's names hold commas and quotes, never newlines).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// What a twiggy item name belongs to: a crate, or one of a few wasm-level kinds.
fn owner(name: &str) -> &str {
    if name.starts_with("data[") || name.starts_with("data segment") {
        return "(data segments)";
    }
    if name.starts_with("custom section") || name.starts_with('"') {
        return "(custom sections)";
    }
    for (prefix, kind) in [
        ("code[", "(unnamed code)"),
        ("import ", "(imports)"),
        ("export ", "(exports)"),
        ("type[", "(types)"),
        ("table[", "(tables, globals, memory)"),
        ("elem[", "(tables, globals, memory)"),
        ("global[", "(tables, globals, memory)"),
        ("memory[", "(tables, globals, memory)"),
        ("__wbindgen", "wasm_bindgen"),
        ("__wbg_", "wasm_bindgen"),
    ] {
        if name.starts_with(prefix) {
            return kind;
        }
    }
    // `<tachys::…::HtmlElement<…> as tachys::view::Render>::build`: the implementing type's
    // crate, as cargo-bloat does; `<&T as core::fmt::Debug>::fmt` likewise goes to T's crate.
    let mut s = name.trim_start_matches(['<', '&', '*', '(', '[', ' ']);
    for prefix in ["mut ", "const ", "dyn ", "impl "] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    let s = s.trim_start_matches(['<', '&', '*', '(', '[', ' ']);
    let Some(end) = s.find("::") else {
        return "(other: runtime, allocator, builtins)";
    };
    // std's crates carry a disambiguator: `core[c5930c85a12de822]::fmt::write`.
    let krate = s[..end].split('[').next().unwrap_or("");
    if !krate.is_empty()
        && krate
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        krate
    } else {
        "(other: runtime, allocator, builtins)"
    }
}

fn summarise(wasm: &Path, items: &[Item]) -> Breakdown {
    // Crate sets on each dominator-tree path, shared between nodes that add nothing.
    let mut crate_ids: HashMap<&str, usize> = HashMap::new();
    let mut crates: Vec<CrateRow> = Vec::new();
    let mut path_sets: HashMap<u64, Rc<Vec<usize>>> = HashMap::new();
    let mut custom = 0;
    let mut total = 0;
    // The CSV is the tree in pre-order, so a node's dominator always came before it.
    for item in items {
        let who = owner(&item.name);
        if who == "(custom sections)" {
            custom += item.shallow;
            continue;
        }
        if item.id.is_some() && item.idom == item.id {
            // The meta root: a twiggy node, not bytes of the file.
            path_sets.insert(item.id.unwrap_or_default(), Rc::new(Vec::new()));
            continue;
        }
        total += item.shallow;
        let idx = *crate_ids.entry(who).or_insert_with(|| {
            crates.push(CrateRow {
                name: who.to_string(),
                shallow: 0,
                retained: 0,
                items: 0,
            });
            crates.len() - 1
        });
        crates[idx].shallow += item.shallow;
        crates[idx].items += 1;
        let parent = item
            .idom
            .and_then(|p| path_sets.get(&p).cloned())
            .unwrap_or_default();
        let set = if parent.contains(&idx) {
            parent
        } else {
            let mut v = (*parent).clone();
            v.push(idx);
            Rc::new(v)
        };
        for &c in set.iter() {
            crates[c].retained += item.shallow;
        }
        if let Some(id) = item.id {
            path_sets.insert(id, set);
        }
    }
    crates.sort_by(|a, b| b.shallow.cmp(&a.shallow).then(a.name.cmp(&b.name)));
    // Not the meta root, not the names.
    let real =
        |i: &&Item| (i.id.is_none() || i.idom != i.id) && owner(&i.name) != "(custom sections)";
    let mut top: Vec<Item> = items.iter().filter(real).cloned().collect();
    top.sort_by_key(|i| std::cmp::Reverse(i.shallow));
    top.truncate(15);
    let mut data: Vec<Item> = items
        .iter()
        .filter(real)
        .filter(|i| owner(&i.name) == "(data segments)")
        .cloned()
        .collect();
    data.sort_by_key(|i| std::cmp::Reverse(i.shallow));
    Breakdown {
        wasm: wasm.to_path_buf(),
        crates,
        top,
        data,
        total,
        custom,
        catalog: (0, 0),
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.1} %", part as f64 / whole as f64 * 100.0)
    }
}

/// The section; `why_not` says why there is no breakdown this run (twiggy missing, …).
pub fn section(b: std::result::Result<&Breakdown, &str>) -> Section {
    let intro = "Where the app's bytes are, before wasm-bindgen and wasm-opt (they drop the \
                 function names): twiggy's dominator tree of our web profile built \
                 without `strip` (`cargo build --profile web --target wasm32-unknown-unknown \
                 --bin countersign-app`, CARGO_PROFILE_WEB_STRIP=none), raw bytes. \
                 *Shallow* is a crate's own items (generic code counts for the crate of the \
                 type it was instantiated for, as in cargo-bloat); *retained* is what would \
                 go with all of the crate's items (the union of the dominator subtrees they \
                 head, each byte once). Percentages are of code + data, without the custom \
                 sections (names) that the served file lacks."
        .to_string();
    let b = match b {
        Ok(b) => b,
        Err(why) => {
            let mut t = Table::new(&["crate", "shallow", "retained"]);
            t.row(vec![
                format!("no breakdown this run: {why}"),
                "–".into(),
                "–".into(),
            ]);
            return Section {
                title: "1b. Where the bytes are".into(),
                intro,
                table: t,
                notes: vec![],
            };
        }
    };
    let mut t = Table::new(&[
        "crate (top 20 by shallow size)",
        "items",
        "shallow",
        "share",
        "retained",
        "share",
    ]);
    for c in b.crates.iter().take(20) {
        // A wasm-level kind (the function table, the data) dominates whatever it reaches.
        let pseudo = c.name.starts_with('(');
        t.row(vec![
            if pseudo {
                c.name.clone()
            } else {
                format!("`{}`", c.name)
            },
            c.items.to_string(),
            kib(c.shallow),
            pct(c.shallow, b.total),
            if pseudo {
                "–".into()
            } else {
                kib(c.retained)
            },
            if pseudo {
                "–".into()
            } else {
                pct(c.retained, b.total)
            },
        ]);
    }
    let rest: u64 = b.crates.iter().skip(20).map(|c| c.shallow).sum();
    t.row(vec![
        format!("{} more", b.crates.len().saturating_sub(20)),
        "".into(),
        kib(rest),
        pct(rest, b.total),
        "".into(),
        "".into(),
    ]);
    t.row(vec![
        "**all code and data**".into(),
        "".into(),
        kib(b.total),
        "100 %".into(),
        "".into(),
        "".into(),
    ]);
    let mut items = Table::new(&["item (top 15 by shallow size)", "shallow", "retained"]);
    for i in &b.top {
        items.row(vec![
            format!("`{}`", short_name(&i.name)),
            kib(i.shallow),
            kib(i.retained),
        ]);
    }
    let mut data = Table::new(&["data segment", "bytes", "share"]);
    for i in b.data.iter().take(8) {
        data.row(vec![
            format!("`{}`", i.name),
            kib(i.shallow),
            pct(i.shallow, b.total),
        ]);
    }
    let all: u64 = b.data.iter().map(|i| i.shallow).sum();
    data.row(vec![
        format!("all {} segments", b.data.len()),
        kib(all),
        pct(all, b.total),
    ]);
    Section {
        title: "1b. Where the bytes are".into(),
        intro,
        table: t,
        notes: vec![
            items.markdown(),
            format!(
                "Data segments hold the `.rodata` (string literals, the embedded catalog, \
                 i18n text, formatting tables) and `.data`. Of it, {} catalog/ JSON file(s) \
                 are embedded as written: {}.\n\n{}",
                b.catalog.0,
                kib(b.catalog.1),
                data.markdown()
            ),
            format!(
                "Measured: {} ({} of code + data; the name section and other custom \
                 sections, {}, are not served).",
                b.wasm
                    .strip_prefix(target_dir())
                    .unwrap_or(&b.wasm)
                    .display(),
                kib(b.total),
                kib(b.custom)
            ),
        ],
    }
}

/// Long generic names cut to a readable length, without rustc's `::h<16 hex>` hash.
fn short_name(name: &str) -> String {
    const MAX: usize = 110;
    let name = match name.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            head
        }
        _ => name,
    };
    if name.chars().count() <= MAX {
        return name.to_string();
    }
    let cut: String = name.chars().take(MAX).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_belong_to_the_crate_of_their_path_or_type() {
        assert_eq!(owner("tachys::view::any_view::AnyView::new"), "tachys");
        assert_eq!(
            owner("<tachys::html::element::HtmlElement<E,At,Ch> as tachys::view::Render>::build"),
            "tachys"
        );
        assert_eq!(
            owner("<&T as core::fmt::Debug>::fmt"),
            "(other: runtime, allocator, builtins)"
        );
        assert_eq!(owner("<&mut serde_json::de::Deserializer<R> as serde::de::Deserializer>::deserialize_any"), "serde_json");
        assert_eq!(owner("countersign_core::catalog::load"), "countersign_core");
        assert_eq!(owner("data[3]"), "(data segments)");
        assert_eq!(owner("code[12]"), "(unnamed code)");
        assert_eq!(owner("__wbindgen_malloc"), "wasm_bindgen");
        assert_eq!(owner("memcpy"), "(other: runtime, allocator, builtins)");
        assert_eq!(owner("core[c5930c85a12de822]::fmt::write"), "core");
        assert_eq!(
            owner("<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<dlmalloc[e24a27700634d609]::sys::System>>::malloc"),
            "dlmalloc"
        );
        assert_eq!(owner("data segment \".rodata\""), "(data segments)");
        assert_eq!(owner("custom section 'name'"), "(custom sections)");
    }

    #[test]
    fn finds_files_embedded_verbatim() {
        let dir = std::env::temp_dir().join(format!("xtask-bytes-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.json"), "{\"a\": 1}").unwrap();
        std::fs::write(dir.join("sub/b.json"), "{\"b\": 2}").unwrap();
        std::fs::write(dir.join("c.txt"), "{\"a\": 1}").unwrap();
        let found = embedded_verbatim(b"..{\"a\": 1}..{\"b\":2}..", &dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(found, (1, 8));
    }

    #[test]
    fn names_lose_their_hash() {
        assert_eq!(short_name("a::b::h9e31a8ceafcfe7af"), "a::b");
        assert_eq!(short_name("a::hello"), "a::hello");
    }

    #[test]
    fn csv_fields_keep_quoted_commas_and_quotes() {
        assert_eq!(
            split_csv("1,\"<a as b>::f, \"\"x\"\"\",10"),
            vec!["1", "<a as b>::f, \"x\"", "10"]
        );
    }

    #[test]
    fn retained_per_crate_counts_each_byte_once() {
        // root(meta) → a::f (10) → b::g (5) → a::h (3); c::k (7) under the root.
        let csv = "Id,Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent,ImmediateDominator\n\
                   0,meta root,0,0,25,100,0\n\
                   1,a::f,10,40,18,72,0\n\
                   2,b::g,5,20,8,32,1\n\
                   3,a::h,3,12,3,12,2\n\
                   4,c::k,7,28,7,28,0\n\
                   5,custom section 'name',100,0,100,0,0\n\
                   ,[1 Unreachable Items],4,0,4,0,\n";
        let mut items = parse_csv(csv).unwrap();
        let top = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
                   a::f,10,40,,\n\
                   \"data segment \"\".rodata\"\"\",4,0,,\n";
        add_unreachable(&mut items, parse_csv(top).unwrap());
        let b = summarise(Path::new("x.wasm"), &items);
        assert_eq!(b.total, 29);
        assert_eq!(b.data.len(), 1);
        assert_eq!(b.data[0].shallow, 4);
        assert_eq!(b.custom, 100);
        let get = |n: &str| b.crates.iter().find(|c| c.name == n).unwrap();
        assert_eq!((get("a").shallow, get("a").retained), (13, 18));
        assert_eq!((get("b").shallow, get("b").retained), (5, 8));
        assert_eq!((get("c").shallow, get("c").retained), (7, 7));
        assert_eq!(b.top.first().unwrap().name, "a::f");
    }
}
