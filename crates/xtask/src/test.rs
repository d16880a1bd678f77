//! `cargo xtask test [--quick]`: every check the project has, in order, stopping at the
//! first failure, then a summary whose last line is `xtask: N passed, N failed, N skipped`.

use crate::install::{self, Level};
use crate::serve::{self, Server};
use crate::util::{
    any_free_port, cargo, cmd, elapsed, low_disk_note, quiet_cargo_unless_tty, root, run,
    run_filtered, Result,
};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

enum Outcome {
    Passed(String),
    /// Time taken and the error's last line: the summary repeats it, because a CI log is
    /// often read only from its tail.
    Failed(String, String),
    Skipped(&'static str),
}

pub fn main(args: &[String]) -> Result {
    let quick = match args {
        [] => false,
        [q] if q == "--quick" => true,
        _ => return Err("usage: cargo xtask test [--quick]".into()),
    };
    let browser = if quick {
        Err("--quick")
    } else if !e2e_entry().is_file() {
        Err("no tests/e2e/run.mjs yet")
    } else {
        Ok(())
    };
    let wasm_tests = has_wasm_tests();
    // Chromium and friends only when something will drive a browser.
    let level = if browser.is_ok() || wasm_tests {
        Level::Test
    } else {
        Level::Dev
    };

    type Check = Box<dyn Fn() -> Result>;
    let steps: Vec<(&str, std::result::Result<Check, &'static str>)> = vec![
        (
            "install tools",
            Ok(Box::new(move || install::ensure(level))),
        ),
        (
            "rustfmt",
            Ok(Box::new(|| {
                cargo_step(&["fmt", "--all", "--check"])
                    .map_err(|e| format!("{e}\n`cargo fmt --all` fixes it"))
            })),
        ),
        (
            "clippy (native)",
            Ok(Box::new(|| {
                cargo_step(&[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
            })),
        ),
        (
            "clippy (wasm32)",
            Ok(Box::new(|| {
                cargo_step(&[
                    "clippy",
                    "-p",
                    "countersign-app",
                    "--all-targets",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--",
                    "-D",
                    "warnings",
                ])
            })),
        ),
        ("cargo test (native)", Ok(Box::new(native_tests))),
        (
            "wasm tests",
            if wasm_tests {
                Ok(Box::new(wasm_tests_step))
            } else {
                Err("no wasm-bindgen-test in Cargo.toml")
            },
        ),
        ("trunk build", Ok(Box::new(serve::build_app))),
        (
            "browser tests",
            browser.map(|()| Box::new(browser_tests) as Check),
        ),
    ];

    const GIB: u64 = 1 << 30;
    if let Some(note) = low_disk_note(4 * GIB) {
        eprintln!("xtask: warning: {note}");
    }
    let mut results: Vec<(&str, Outcome)> = Vec::new();
    let mut failed = false;
    for (name, step) in steps {
        let outcome = match step {
            _ if failed => Outcome::Skipped("not run"),
            Err(why) => Outcome::Skipped(why),
            Ok(check) => {
                println!("xtask: ==> {name}");
                let start = Instant::now();
                match check() {
                    Ok(()) => Outcome::Passed(elapsed(start)),
                    Err(e) => {
                        failed = true;
                        eprintln!("xtask: {name} failed: {e}");
                        if let Some(note) = low_disk_note(GIB) {
                            eprintln!("xtask: the likely cause: {note}");
                        }
                        Outcome::Failed(elapsed(start), headline(&e))
                    }
                }
            }
        };
        results.push((name, outcome));
    }

    let count = |f: fn(&Outcome) -> bool| results.iter().filter(|(_, o)| f(o)).count();
    let passed = count(|o| matches!(o, Outcome::Passed(_)));
    let failures = count(|o| matches!(o, Outcome::Failed(..)));
    let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
    println!();
    println!("xtask test summary:");
    for (name, outcome) in &results {
        let (mark, note) = match outcome {
            Outcome::Passed(t) => ("ok  ", t.as_str()),
            Outcome::Failed(t, _) => ("FAIL", t.as_str()),
            Outcome::Skipped(why) => ("skip", *why),
        };
        println!("  {mark}  {name:<20} {note}");
        if let Outcome::Failed(_, line) = outcome {
            for l in line.lines() {
                println!("          {l}");
            }
        }
    }
    println!("xtask: {passed} passed, {failures} failed, {skipped} skipped");
    if let Some((name, _)) = results
        .iter()
        .find(|(_, o)| matches!(o, Outcome::Failed(..)))
    {
        Err(format!("`{name}` failed (its output is above)"))
    } else {
        Ok(())
    }
}

/// What the summary repeats of a failed step's error: its last paragraph (at most eight
/// lines) when it has several, as a command's own output ends with its verdict; else the
/// first line, as what follows is a log's tail.
fn headline(err: &str) -> String {
    let err = err.trim_end();
    match err.rsplit_once("\n\n") {
        Some((_, last)) => {
            let lines: Vec<&str> = last.lines().collect();
            lines[lines.len().saturating_sub(8)..].join("\n")
        }
        None => err.lines().next().unwrap_or_default().to_string(),
    }
}

fn cargo_step(args: &[&str]) -> Result {
    let mut c = cmd(&cargo());
    c.args(args);
    run(quiet_cargo_unless_tty(&mut c))
}

/// Shows cargo's own per-binary summary lines; the full output is kept for a failure.
/// --no-fail-fast: one run shows every failing test binary, not just the first.
fn native_tests() -> Result {
    let mut c = cmd(&cargo());
    c.args(["test", "--workspace", "--no-fail-fast"]);
    run_filtered(quiet_cargo_unless_tty(&mut c), |l| {
        l.starts_with("test result:")
    })
}

/// The app's wasm-bindgen-test tests, run by wasm-bindgen-test-runner (from wasm-bindgen-cli).
fn wasm_tests_step() -> Result {
    let mut c = cmd(&cargo());
    c.args([
        "test",
        "-p",
        "countersign-app",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    );
    if Path::new("/usr/bin/chromedriver").is_file() {
        c.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    }
    // Not quieted: a quiet cargo passes `--quiet` on to the runner, which refuses it.
    run_filtered(&mut c, |l| l.starts_with("test result:"))
}

fn has_wasm_tests() -> bool {
    std::fs::read_to_string(root().join("Cargo.toml"))
        .is_ok_and(|t| t.contains("wasm-bindgen-test"))
}

/// The browser suite's entry point; it owns tests/e2e and reads:
/// COUNTERSIGN_URL (the server to test), COUNTERSIGN_E2E_OUT (where screenshots go),
/// CHROMIUM (the browser binary).
fn e2e_entry() -> PathBuf {
    root().join("tests/e2e/run.mjs")
}

/// Builds the server, starts it on a free port with the mock vendors, runs the suite against it.
fn browser_tests() -> Result {
    serve::build_server()?;
    let out = root().join("target/e2e");
    let server = Server::start(any_free_port()?, Some(&out.join("server.log")))?;
    println!("xtask: countersign serve is up at {}", server.url);
    let mut c = Command::new("node");
    c.arg(e2e_entry())
        .current_dir(root().join("tests/e2e"))
        .env("COUNTERSIGN_URL", &server.url)
        .env("COUNTERSIGN_E2E_OUT", &out)
        .env("CHROMIUM", "/usr/bin/chromium");
    run(&mut c).map_err(|e| {
        // The scenarios that failed go last, after the server's log, where a reader of the
        // log's tail finds them.
        let failed = std::fs::read_to_string(out.join("failed.txt")).unwrap_or_default();
        let failed = if failed.trim().is_empty() {
            String::new()
        } else {
            format!("\n\nscenarios that failed:\n{}", failed.trim_end())
        };
        format!("{e}{}{failed}", server.log_tail())
    })
}

#[cfg(test)]
mod tests {
    use super::headline;

    #[test]
    fn headline_is_the_last_paragraph() {
        let err = "`node run.mjs` failed (exit status: 1)\nlast lines of the server's log:\nrelay …\n\nscenarios that failed:\na: timed out\nb: no row";
        assert_eq!(
            headline(err),
            "scenarios that failed:\na: timed out\nb: no row"
        );
        assert_eq!(headline("`cargo fmt` failed\n"), "`cargo fmt` failed");
        assert_eq!(
            headline("`node run.mjs` failed (exit 1)\nlast lines of the server's log:\nrelay …"),
            "`node run.mjs` failed (exit 1)"
        );
    }

    #[test]
    fn headline_keeps_at_most_eight_lines() {
        let lines: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let err = format!("`cargo test` failed\n\n{}", lines.join("\n"));
        assert_eq!(headline(&err).lines().count(), 8);
        assert!(headline(&err).ends_with("20"));
    }
}
