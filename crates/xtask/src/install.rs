//! `cargo xtask install [dev|test|bench]`: installs what is missing.
//!
//! Idempotent and silent when everything is there; one line per thing it installs.
//! Levels add up: `test` needs what `dev` needs, `bench` what `test` needs.

use crate::util::{cmd, elapsed, output, run_quiet, Result};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Level {
    /// Build and serve the app: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (the
    /// served build is the small one).
    Dev,
    /// Browser tests: Debian chromium (and chromedriver) with a CJK font, the e2e suite's npm packages.
    Test,
    /// Benchmarks: nginx and brotli for the references, wrk for load, twiggy for where
    /// the bytes are.
    Bench,
}

const TRUNK: &str = "0.21.14";
/// binaryen from npm: Debian's wasm-opt is too old for today's wasm features.
const BINARYEN: &str = "132";
/// For the bench's "where the bytes are" (a release build's dominator tree).
const TWIGGY: &str = "0.8.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn main(args: &[String]) -> Result {
    let level = match args.first().map(String::as_str) {
        None | Some("test") => Level::Test,
        Some("dev") => Level::Dev,
        Some("bench") => Level::Bench,
        Some(other) => return Err(format!("unknown level `{other}` (dev, test or bench)")),
    };
    ensure(level)?;
    println!(
        "xtask: everything `{}` needs is installed",
        format!("{level:?}").to_lowercase()
    );
    Ok(())
}

pub fn ensure(level: Level) -> Result {
    let mut apt = Vec::new();
    if level >= Level::Test {
        // chromium-driver: wasm-bindgen-test-runner drives Chromium through it.
        apt.extend(["chromium", "chromium-driver", "fonts-wqy-microhei"]);
    }
    if level >= Level::Bench {
        apt.extend(["nginx-light", "brotli", "wrk"]);
    }
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()?;
    apt_packages(&apt)?;
    if level >= Level::Test {
        e2e_packages()?;
    }
    if level >= Level::Bench {
        // Only the byte breakdown needs it, and that table says when it is missing.
        if let Err(e) = twiggy() {
            println!("xtask: {e}; the bench runs without the byte breakdown");
        }
    }
    Ok(())
}

/// Prints "xtask: installing WHAT (HOW) ... done in T" as one line around `f`.
fn installing(what: &str, how: &str, f: impl FnOnce() -> Result) -> Result {
    print!("xtask: installing {what} ({how}) ... ");
    let _ = std::io::stdout().flush();
    let start = Instant::now();
    match f() {
        Ok(()) => {
            println!("done in {}", elapsed(start));
            Ok(())
        }
        Err(e) => {
            println!("failed");
            Err(format!("installing {what}: {e}"))
        }
    }
}

fn wasm_target() -> Result {
    let sysroot = output(cmd("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    if Path::new(&sysroot)
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .is_dir()
    {
        return Ok(());
    }
    installing(&format!("the {WASM_TARGET} target"), "rustup", || {
        run_quiet(cmd("rustup").args(["target", "add", WASM_TARGET]))
    })
}

fn trunk() -> Result {
    let has =
        |v: &str| output(cmd("trunk").arg("--version")).is_some_and(|o| o == format!("trunk {v}"));
    if has(TRUNK) {
        return Ok(());
    }
    cargo_install(
        &format!("trunk {TRUNK}"),
        "about 10 min on 2 cores",
        &[&format!("trunk@{TRUNK}"), "--locked"],
    )?;
    if !has(TRUNK) {
        return Err(format!(
            "installed trunk {TRUNK}, but `trunk --version` on PATH still says otherwise"
        ));
    }
    Ok(())
}

fn wasm_bindgen() -> Result {
    let root = crate::util::root();
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let version =
        locked_version(&lock, "wasm-bindgen").ok_or("Cargo.lock has no wasm-bindgen package")?;
    // Trunk runs offline: a pin in Trunk.toml that differs from Cargo.lock can never be satisfied.
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).unwrap_or_default();
    if let Some(pinned) = toml_string(&trunk_toml, "wasm_bindgen") {
        if pinned != version {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {version}; make them equal"
            ));
        }
    }
    let has = || {
        output(cmd("wasm-bindgen").arg("--version"))
            .is_some_and(|o| o == format!("wasm-bindgen {version}"))
    };
    if has() {
        return Ok(());
    }
    // Not --locked: wasm-bindgen-cli 0.2.130's own lock file does not build.
    cargo_install(
        &format!("wasm-bindgen-cli {version}"),
        "about 5 min on 2 cores",
        &["wasm-bindgen-cli", "--version", &version],
    )?;
    if !has() {
        return Err(format!("installed wasm-bindgen-cli {version}, but `wasm-bindgen --version` on PATH still says otherwise"));
    }
    Ok(())
}

fn twiggy() -> Result {
    let has = || output(cmd("twiggy").arg("--version")).is_some_and(|o| o.contains(TWIGGY));
    if has() {
        return Ok(());
    }
    cargo_install(
        &format!("twiggy {TWIGGY}"),
        "about 3 min on 2 cores",
        &[&format!("twiggy@{TWIGGY}"), "--locked"],
    )?;
    if !has() {
        return Err(format!(
            "installed twiggy {TWIGGY}, but `twiggy --version` on PATH still says otherwise"
        ));
    }
    Ok(())
}

fn cargo_install(what: &str, how_long: &str, args: &[&str]) -> Result {
    installing(what, &format!("cargo install, {how_long}"), || {
        // A throw-away build dir: the tool's artifacts have no place in the project's cache.
        run_quiet(
            cmd(&crate::util::cargo())
                .arg("install")
                .args(args)
                .env_remove("CARGO_TARGET_DIR"),
        )
    })
}

fn apt_packages(wanted: &[&str]) -> Result {
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|p| {
            output(cmd("dpkg-query").args(["-W", "-f=${Status}", p])).as_deref()
                != Some("install ok installed")
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if output(cmd("apt-get").arg("--version")).is_none() {
        return Err(format!(
            "please install {list} (xtask only knows Debian's apt-get)"
        ));
    }
    let sudo = output(cmd("id").arg("-u")).as_deref() != Some("0");
    installing(&list, "apt-get, about 2 min", || {
        let apt = |args: &[&str]| {
            let mut c = if sudo { cmd("sudo") } else { cmd("apt-get") };
            if sudo {
                c.arg("apt-get");
            }
            c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            run_quiet(&mut c)
        };
        apt(&["update", "-qq"])?;
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(&missing);
        apt(&args)
    })
}

/// The browser suite's packages (playwright-core), when the suite exists.
fn e2e_packages() -> Result {
    let dir = crate::util::root().join("tests/e2e");
    let manifest = dir.join("package.json");
    let lock = dir.join("package-lock.json");
    if !manifest.is_file() {
        return Ok(());
    }
    // npm records what it installed in node_modules/.package-lock.json.
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    if installed.is_some() && installed >= modified(&manifest) && installed >= modified(&lock) {
        return Ok(());
    }
    let verb = if lock.is_file() { "ci" } else { "install" };
    installing(
        "the e2e suite's npm packages",
        &format!("npm {verb} in tests/e2e"),
        || {
            run_quiet(
                cmd("npm")
                    .args([verb, "--no-audit", "--no-fund", "--loglevel=error"])
                    .current_dir(&dir)
                    // Browsers come from Debian; test tools cannot download their own here.
                    .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            )
        },
    )
}

/// binaryen's wasm-opt from npm, under the target dir (on PATH via util::prepare_env).
fn wasm_opt() -> Result {
    let has = || {
        output(cmd("wasm-opt").arg("--version"))
            .is_some_and(|o| o.contains(&format!("version {BINARYEN}")))
    };
    if has() {
        return Ok(());
    }
    let dir = crate::util::tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    installing(&format!("wasm-opt (binaryen {BINARYEN})"), "npm", || {
        run_quiet(
            cmd("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    "--prefix",
                ])
                .arg(&dir)
                .arg(format!("binaryen@{BINARYEN}")),
        )
    })?;
    if !has() {
        return Err(format!(
            "installed binaryen {BINARYEN} under {}, but `wasm-opt --version` does not say so",
            dir.display()
        ));
    }
    Ok(())
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// The version of `name` in a Cargo.lock (the first, if several).
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let v = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(v.to_string());
        }
    }
    None
}

/// `key = "value"` anywhere in a small TOML file.
fn toml_string(toml: &str, key: &str) -> Option<String> {
    toml.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-backend"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn finds_the_exact_package_in_cargo_lock() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro"), None);
    }

    #[test]
    fn reads_the_wasm_bindgen_pin_from_trunk_toml() {
        let t = "[build]\ntarget = \"index.html\"\n\n[tools]\nwasm_bindgen = \"0.2.130\"\n";
        assert_eq!(toml_string(t, "wasm_bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(toml_string(t, "wasm_opt"), None);
    }

    #[test]
    fn the_repository_pins_agree() {
        let root = crate::util::root();
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        let trunk = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        let locked = locked_version(&lock, "wasm-bindgen").expect("wasm-bindgen in Cargo.lock");
        if let Some(pinned) = toml_string(&trunk, "wasm_bindgen") {
            assert_eq!(
                pinned, locked,
                "Trunk.toml and Cargo.lock disagree on wasm-bindgen"
            );
        }
    }
}
