//! `cargo xtask bench`: size, load, in-page signing, relay overhead and native signing, each
//! figure beside its reference measured in the same run (the hello app, the upstream
//! reached directly, nginx). Prints the tables and writes them to BENCHMARKS.md with the
//! machine. Nothing is asserted: a benchmark on a shared machine only reports.

mod browser;
mod bundle;
mod bytes;
mod idle;
mod machine;
mod native;
mod proc;
mod relay;

use crate::install::{self, Level};
use crate::serve;
use crate::util::{cmd, elapsed, output, root, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

const USAGE: &str =
    "usage: cargo xtask bench [--all-profiles] [--only bundle,load,typing,relay,native]";
const PARTS: [&str; 5] = ["bundle", "load", "typing", "relay", "native"];

pub fn main(args: &[String]) -> Result {
    let mut all_profiles = false;
    let mut only: Option<Vec<String>> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--all-profiles" => all_profiles = true,
            "--only" => {
                let list = it.next().ok_or(USAGE)?;
                let parts: Vec<String> = list.split(',').map(str::to_string).collect();
                if let Some(bad) = parts.iter().find(|p| !PARTS.contains(&p.as_str())) {
                    return Err(format!("unknown part `{bad}`\n{USAGE}"));
                }
                only = Some(parts);
            }
            _ => return Err(USAGE.into()),
        }
    }
    let wants = |part: &str| only.as_ref().is_none_or(|o| o.iter().any(|p| p == part));

    let start = Instant::now();
    install::ensure(Level::Bench)?;
    let machine = machine::describe();
    let date = output(cmd("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default();
    let mut sections = Vec::new();

    let needs_bundle = wants("bundle") || wants("load") || wants("typing");
    let bundles = if needs_bundle {
        println!("xtask: bench: building the app and the hello (Trunk, then wasm-opt -Oz)");
        // Without the bundle table, only the bundle the browser loads is needed.
        Some(bundle::run_bundle(all_profiles, wants("bundle"))?)
    } else {
        None
    };
    let breakdown = wants("bundle").then(|| {
        if !bytes::twiggy_available() {
            return Err(
                "twiggy is not on PATH (`cargo xtask install bench` installs it)".to_string(),
            );
        }
        println!("xtask: bench: where the bytes are (release build with names kept, twiggy)");
        bundle::root_web_profile()
            .and_then(|ours| bytes::build_with_names(&ours))
            .and_then(|wasm| bytes::analyse(&wasm))
    });
    if wants("load") || wants("typing") || wants("relay") {
        println!("xtask: bench: building the server: cargo build --release -p countersign-server");
        serve::build_server()?;
    }
    if let Some(b) = bundles
        .as_ref()
        .filter(|_| wants("load") || wants("typing"))
    {
        // The browser benches load what `countersign serve` sends after `cargo xtask dev`.
        serve::precompress(&b.app_served)?;
        serve::precompress(&b.hello_served)?;
    }
    // The builds above load the machine; what the measurements met is what matters.
    let mut machine = machine;
    machine
        .rows
        .push(("load average when measuring began", machine::load_average()));
    let native = if wants("native") || wants("typing") {
        println!("xtask: bench: native signing (cargo bench -p countersign-core --bench signers)");
        Some(native::run()?)
    } else {
        None
    };
    if let Some(b) = bundles.as_ref().filter(|_| wants("bundle")) {
        sections.push(bundle::section(b));
    }
    if let Some(b) = &breakdown {
        sections.push(bytes::section(b.as_ref().map_err(String::as_str)));
    }
    if let Some(b) = &bundles {
        let parts: Vec<&str> = ["load", "typing"]
            .into_iter()
            .filter(|p| wants(p))
            .collect();
        if !parts.is_empty() {
            println!("xtask: bench: headless Chromium ({})", parts.join(", "));
            let values = browser::run(&b.app_served, &b.hello_served, &parts)?;
            if wants("load") {
                sections.push(browser::load_section(&values));
            }
            if wants("typing") {
                let reference = native
                    .as_ref()
                    .and_then(|cases| cases.last())
                    .map(|c| native::per_call(c.ns));
                sections.push(browser::typing_section(&values, reference.as_deref()));
            }
        }
    }
    if wants("relay") {
        println!("xtask: bench: relay load (wrk)");
        let (rows, no_polling) = relay::run()?;
        sections.push(relay::section(&rows, no_polling.as_deref()));
    }
    if let Some(cases) = native.as_ref().filter(|_| wants("native")) {
        sections.push(native::section(cases));
    }

    let took = elapsed(start);
    let report = render(&machine, &date, &took, &sections);
    println!("\n{report}");
    if only.is_none() {
        let path = root().join("BENCHMARKS.md");
        std::fs::write(&path, &report).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("xtask: bench: wrote BENCHMARKS.md ({took})");
    } else {
        println!("xtask: bench: --only: BENCHMARKS.md left as it was ({took})");
    }
    Ok(())
}

fn render(machine: &machine::Machine, date: &str, took: &str, sections: &[Section]) -> String {
    let mut s = String::new();
    s.push_str("# Benchmarks\n\n");
    s.push_str(&format!(
        "Written by `cargo xtask bench` on {date} (the run took {took}). One run on the \
         machine below: every figure has its reference beside it, measured in the same run, \
         so compare within a table rather than with another machine. Nothing here is \
         asserted; `cargo xtask bench` measures yours (see README.md, Benchmarks).\n\n"
    ));
    s.push_str("## Machine\n\n");
    let mut t = Table::new(&["", ""]);
    for (k, v) in &machine.rows {
        t.row(vec![k.to_string(), v.clone()]);
    }
    s.push_str(&t.markdown());
    for sec in sections {
        s.push_str(&format!("\n## {}\n\n{}\n\n", sec.title, sec.intro));
        s.push_str(&sec.table.markdown());
        for n in &sec.notes {
            s.push_str(&format!("\n{n}\n"));
        }
    }
    s
}

pub struct Section {
    pub title: String,
    pub intro: String,
    pub table: Table,
    pub notes: Vec<String>,
}

/// A Markdown table.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| {
            let escaped: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
            format!("| {} |\n", escaped.join(" | "))
        };
        let mut s = line(&self.headers);
        s.push_str(&line(&vec!["---".to_string(); self.headers.len()]));
        for r in &self.rows {
            s.push_str(&line(r));
        }
        s
    }
}

/// `bench\t<key>\t<number>` lines, as browser.mjs prints them.
pub struct Values(BTreeMap<String, f64>);

impl Values {
    pub fn parse(text: &str) -> Values {
        Values(
            text.lines()
                .filter_map(|l| {
                    let mut f = l.strip_prefix("bench\t")?.split('\t');
                    Some((f.next()?.to_string(), f.next()?.trim().parse().ok()?))
                })
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<f64> {
        self.0.get(key).copied()
    }

    /// "median · p95" of a timing, in ms.
    pub fn median_p95(&self, key: &str) -> String {
        match (
            self.get(&format!("{key}.median")),
            self.get(&format!("{key}.p95")),
        ) {
            (Some(m), Some(p)) => format!("{} · {}", ms(m), ms(p)),
            _ => "–".into(),
        }
    }
}

pub fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.1} ms")
    }
}

pub fn kib(bytes: u64) -> String {
    let k = bytes as f64 / 1024.0;
    if k >= 1024.0 {
        format!("{:.2} MiB", k / 1024.0)
    } else {
        format!("{k:.1} KiB")
    }
}

pub fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 {
        "–".into()
    } else {
        format!("×{:.1}", a / b)
    }
}

/// The subresource-integrity value Trunk writes for a file: `sha384-` + base64 of SHA-384.
pub fn sri_sha384(file: &Path) -> Result<String> {
    let hex = output(cmd("sha384sum").arg(file))
        .ok_or_else(|| format!("`sha384sum {}` failed", file.display()))?;
    let hex = hex.split_whitespace().next().unwrap_or_default();
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect();
    if bytes.len() != 48 {
        return Err(format!("sha384sum gave `{hex}`"));
    }
    Ok(format!("sha384-{}", base64(&bytes)))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn sri_of_a_file_is_the_known_sha384() {
        let f = std::env::temp_dir().join(format!("xtask-sri-{}", std::process::id()));
        std::fs::write(&f, b"abc").unwrap();
        let sri = sri_sha384(&f);
        let _ = std::fs::remove_file(&f);
        // SHA-384("abc") from FIPS 180-2, in base64.
        assert_eq!(
            sri.unwrap(),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn reads_values_and_formats_them() {
        let v = Values::parse("noise\nbench\tload.app.fcp.median\t123.40\nbench\tload.app.fcp.p95\t7.5\nbench\tchromium\t140.0.1\n");
        assert_eq!(v.get("load.app.fcp.median"), Some(123.4));
        assert_eq!(v.median_p95("load.app.fcp"), "123.4 ms · 7.50 ms");
        assert_eq!(v.median_p95("load.hello.fcp"), "–");
        assert_eq!(kib(2048), "2.0 KiB");
        assert_eq!(kib(3 * 1024 * 1024), "3.00 MiB");
        assert_eq!(ratio(10.0, 4.0), "×2.5");
    }

    #[test]
    fn tables_are_markdown() {
        let mut t = Table::new(&["a", "b"]);
        t.row(vec!["1".into(), "x|y".into()]);
        assert_eq!(t.markdown(), "| a | b |\n| --- | --- |\n| 1 | x\\|y |\n");
    }
}
