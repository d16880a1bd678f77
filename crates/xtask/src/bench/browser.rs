//! Load (part 2) and signing in the page (part 3): headless Chromium (Debian's) through the e2e suite's
//! playwright-core, driven by browser.mjs beside this file, against `countersign serve`
//! of the app and of the hello (our profile + wasm-opt -Oz).

use super::proc::Proc;
use super::{ms, Section, Table, Values};
use crate::serve::{serve_command, server_bin};
use crate::util::{any_free_port, cmd, describe, root, target_dir, Result};
use std::path::Path;

pub const LOADS: usize = 10;
pub const KEYS: usize = 50;
pub const ROWS: usize = 100;

/// Runs browser.mjs (`parts`: "load", "typing" or both) and returns what it printed.
pub fn run(app_dist: &Path, hello_dist: &Path, parts: &[&str]) -> Result<Values> {
    let playwright = root().join("tests/e2e/package.json");
    if !root()
        .join("tests/e2e/node_modules/playwright-core")
        .is_dir()
    {
        return Err(format!(
            "playwright-core is not installed next to {} (cargo xtask install test does it)",
            playwright.display()
        ));
    }
    let logs = target_dir().join("bench/logs");
    let app = serve(
        "countersign serve (app)",
        app_dist,
        &logs.join("serve-app.log"),
    )?;
    let hello = serve(
        "countersign serve (hello)",
        hello_dist,
        &logs.join("serve-hello.log"),
    )?;
    let mut c = cmd("node");
    // From the root found at run time: with a shared target dir, the compile-time
    // manifest dir can name another clone (see `root`).
    c.arg(root().join("crates/xtask/src/bench/browser.mjs"))
        .env("BENCH_APP_URL", app.url())
        .env("BENCH_HELLO_URL", hello.url())
        .env("BENCH_PLAYWRIGHT_FROM", &playwright)
        .env(
            "BENCH_CATALOG",
            root().join("catalog/kingdee.material.save.json"),
        )
        .env("BENCH_LOADS", LOADS.to_string())
        .env("BENCH_KEYS", KEYS.to_string())
        .env("BENCH_ROWS", ROWS.to_string())
        .env("BENCH_PARTS", parts.join(","))
        .env("CHROMIUM", "/usr/bin/chromium");
    let o = c.output().map_err(|e| format!("`{}`: {e}", describe(&c)))?;
    let stdout = String::from_utf8_lossy(&o.stdout);
    if !o.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{}{}\n{}{}",
            describe(&c),
            o.status,
            stdout,
            String::from_utf8_lossy(&o.stderr),
            app.log_tail(),
            hello.log_tail()
        ));
    }
    Ok(Values::parse(&stdout))
}

fn serve(name: &str, dist: &Path, log: &Path) -> Result<Proc> {
    let port = any_free_port()?;
    // The mocks stay on: the Kingdee form takes its demo credentials from them.
    Proc::start(
        name,
        &mut serve_command(&server_bin(), port, dist),
        port,
        log,
    )
}

pub fn load_section(v: &Values) -> Section {
    let mut t = Table::new(&[
        "page (cold load, fresh context)",
        "first contentful paint: median · p95",
        "interactive: median · p95",
        "of which in the DOM by (then its frame): median",
        ".wasm downloaded by: median",
    ]);
    for (label, key) in [
        ("hello (reference: smallest Leptos CSR app)", "hello"),
        ("countersign app", "app"),
    ] {
        let k = |m: &str| format!("load.{key}.{m}");
        t.row(vec![
            label.into(),
            v.median_p95(&k("fcp")),
            v.median_p95(&k("interactive")),
            v.get(&k("dom.median")).map_or("–".into(), ms),
            v.get(&k("wasm_fetched.median")).map_or("–".into(), ms),
        ]);
    }
    Section {
        title: "2. Load".into(),
        intro: format!(
            "Median of {LOADS} cold loads (after one unrecorded warm-up load) in headless \
             Chromium, each in a fresh browser context (empty cache), from `countersign serve` \
             on 127.0.0.1; times from navigation start. **First contentful paint** is the \
             browser's own `first-contentful-paint` entry (index.html's body is empty, so it is \
             the app's first render). **Interactive**: the sidebar's first API button is in \
             the page and the signature panel shows a signature (the app opens the first API \
             with its example and the mock's demo credentials); for the hello, its heading and \
             input. **In the DOM by** is when those elements are in the page, before the \
             frame that shows them: the rest of *interactive* is that frame's style, layout \
             and paint. Both bundles are our profile + wasm-opt -Oz. With {LOADS} loads, the \
             p95 is the slowest one."
        ),
        table: t,
        notes: Vec::new(),
    }
}

pub fn typing_section(v: &Values, native: Option<&str>) -> Section {
    let mut t = Table::new(&[
        "keystroke in",
        "to updated DOM: median · p95",
        "to next frame: median · p95",
    ]);
    t.row(vec![
        "hello: an input echoed into a paragraph (reference: Leptos floor)".into(),
        v.median_p95("typing.hello.dom"),
        v.median_p95("typing.hello.frame"),
    ]);
    let rows = v.get("typing.app.rows").map_or(ROWS as f64, |r| r);
    let inputs = v.get("typing.app.form_inputs").unwrap_or(0.0);
    for (label, key) in [
        (
            format!("app, kingdee.material.save, {rows:.0} rows: form field `name` ({inputs:.0} inputs in the form)"),
            "typing.app.form",
        ),
        (
            format!("app, kingdee.material.save, {rows:.0} rows: raw JSON tab"),
            "typing.app.raw_json",
        ),
    ] {
        t.row(vec![
            label,
            v.median_p95(&format!("{key}.dom")),
            v.median_p95(&format!("{key}.frame")),
        ]);
    }
    if let Some(bytes) = v.get("typing.textarea.bytes") {
        t.row(vec![
            format!(
                "reference: the raw JSON tab's text ({:.0} KB) in a bare textarea of the same size and font, its value read and the caret's line echoed (the browser's floor for that keystroke)",
                bytes / 1000.0
            ),
            v.median_p95("typing.textarea.dom"),
            v.median_p95("typing.textarea.frame"),
        ]);
    }
    if let Some(native) = native {
        t.row(vec![
            "reference: the same document validated, built and signed natively (no DOM)".into(),
            native.to_string(),
            "–".into(),
        ]);
    }
    t.row(vec![
        "reference: one frame at 60 Hz".into(),
        "16.7 ms".into(),
        "16.7 ms".into(),
    ]);
    Section {
        title: "3. Signing in the page".into(),
        intro: format!(
            "The `kingdee.material.save` document with {ROWS} `price_entity` rows is pasted \
             into the raw JSON tab, then {KEYS} digits are typed one at a time, each after \
             the previous one has shown, first in the form's `name` field, then in the raw \
             JSON tab. Timed in the page: from the keydown event's timestamp \
             (`performance.mark('bench-key')`) to the first DOM change that puts the new text \
             into the signature panel's wire body (a MutationObserver, timed when it is \
             called, before it looks for the text, so its own look-up is not counted; \
             `performance.measure('bench-keystroke')`), and to the frame after it \
             (requestAnimationFrame, then a task). Kingdee signs no body, so the panel's \
             signed request, not the signature, is what each keystroke changes; the whole \
             memo (validate, build, sign) runs all the same. The panel lays out the body's \
             first 4 KB (`name` is in it) until Show all is clicked; the whole ~80 KB body is \
             still built on each keystroke and is what Copy gives. The bare-textarea row \
             types the same digits into a page with nothing but a textarea holding the raw \
             JSON tab's text (same size and font) and a listener that reads its value, as \
             the app does: what the browser itself spends editing that much text, which the \
             raw JSON figure includes."
        ),
        table: t,
        notes: Vec::new(),
    }
}
