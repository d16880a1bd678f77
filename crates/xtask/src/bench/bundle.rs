//! Bundle (part 1): the app's release .wasm and JS, raw, gzip and brotli, next to a minimal Leptos
//! CSR "hello" built the same way in the same run, for each build variant.
//!
//! Trunk builds without wasm-opt (index.html has data-wasm-opt="0", so `test` stays fast);
//! `dev` and the bench run binaryen's `wasm-opt -Oz` themselves on Trunk's output, which
//! also gives the "without wasm-opt" figures for free. The app the browser benches load is
//! our profile + `wasm-opt -Oz`, with the wasm's subresource-integrity hash updated.

use super::{kib, ratio, sri_sha384, Section, Table};
use crate::util::{cmd, describe, quiet_cargo_unless_tty, root, run, target_dir, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A cargo profile for the wasm build, given to cargo as CARGO_PROFILE_WEB_* (the profile
/// index.html names for the app) and CARGO_PROFILE_RELEASE_* (the hello's), so the app and
/// the hello get exactly the same settings.
pub struct Profile {
    pub name: &'static str,
    /// For the table's rows; `label` says every setting, under the table.
    pub short: String,
    pub label: String,
    env: Vec<(String, String)>,
    /// Its own target dir, so switching profiles never rebuilds the others.
    target: PathBuf,
}

/// Which profiles to build: always Cargo's default release and ours; `all` adds ours with
/// one setting changed (opt-level 3, opt-level "s", no strip), to show what each gains.
pub fn profiles(all: bool) -> Result<Vec<Profile>> {
    let ours = root_web_profile()?;
    let describe = |env: &[(String, String)]| {
        env.iter()
            .map(|(k, v)| format!("{} = {v}", k.to_lowercase().replace('_', "-")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let with = |key: &str, value: &str| {
        let mut env = ours.clone();
        match env.iter_mut().find(|(k, _)| k == key) {
            Some(kv) => kv.1 = value.to_string(),
            None => env.push((key.to_string(), value.to_string())),
        }
        env
    };
    let bench = target_dir().join("bench");
    let mut list = vec![Profile {
        name: "cargo-default",
        short: "Cargo's default release".into(),
        label:
            "Cargo's default release (opt-level = 3, thin local LTO, 16 codegen units, no strip)"
                .into(),
        env: vec![
            ("OPT_LEVEL".into(), "3".into()),
            ("LTO".into(), "false".into()),
            ("CODEGEN_UNITS".into(), "16".into()),
            ("STRIP".into(), "none".into()),
            // Panics abort on wasm32-unknown-unknown whatever the profile says.
        ],
        target: bench.join("target-cargo-default"),
    }];
    if all {
        // One setting changed at a time. Without strip, wasm-bindgen sees the
        // target_features section (it warns that strip hides it) and wasm-opt strips later.
        for (name, short, key, value) in [
            ("ours-opt-3", "ours with opt-level 3", "OPT_LEVEL", "3"),
            ("ours-opt-s", "ours with opt-level s", "OPT_LEVEL", "s"),
            ("ours-no-strip", "ours without strip", "STRIP", "none"),
        ] {
            let env = with(key, value);
            list.push(Profile {
                name,
                short: short.into(),
                label: format!("{short} ({})", describe(&env)),
                env,
                target: bench.join(format!("target-{name}")),
            });
        }
    }
    list.push(Profile {
        name: "ours",
        short: "ours".into(),
        label: format!("ours, root Cargo.toml [profile.web] ({})", describe(&ours)),
        env: ours,
        // The same target dir as `dev` and `test`: their `trunk build --release` is reused.
        target: target_dir().to_path_buf(),
    });
    Ok(list)
}

/// The root Cargo.toml's `[profile.web]` (the browser build's) as CARGO_PROFILE_*_ suffixes
/// and values. It spells out every setting, so `inherits` is left out: the hello, built
/// with `--release`, gets the same settings through CARGO_PROFILE_RELEASE_*.
pub(super) fn root_web_profile() -> Result<Vec<(String, String)>> {
    let toml = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("reading Cargo.toml: {e}"))?;
    let env: Vec<_> = profile_section(&toml, "profile.web")
        .into_iter()
        .filter(|(k, _)| k != "INHERITS")
        .collect();
    if env.is_empty() {
        return Err("the root Cargo.toml has no [profile.web]".into());
    }
    Ok(env)
}

fn profile_section(toml: &str, section: &str) -> Vec<(String, String)> {
    let header = format!("[{section}]");
    toml.lines()
        .skip_while(|l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| {
            let l = l.split('#').next()?.trim();
            let (k, v) = l.split_once('=')?;
            let key = k.trim().to_uppercase().replace('-', "_");
            Some((key, v.trim().trim_matches('"').to_string()))
        })
        .collect()
}

#[derive(Clone, Copy, Default)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

impl Sizes {
    fn add(self, o: Sizes) -> Sizes {
        Sizes {
            raw: self.raw + o.raw,
            gzip: self.gzip + o.gzip,
            brotli: self.brotli + o.brotli,
        }
    }
    fn cell(&self) -> String {
        format!(
            "{} · {} · {}",
            kib(self.raw),
            kib(self.gzip),
            kib(self.brotli)
        )
    }
}

/// One trunk output: its dist folder and what the browser downloads from it.
#[derive(Clone)]
pub struct Bundle {
    pub dist: PathBuf,
    pub wasm: Sizes,
    pub js: Sizes,
}

impl Bundle {
    fn total(&self) -> Sizes {
        self.wasm.add(self.js)
    }
}

pub struct Variant {
    pub label: String,
    pub app: Bundle,
    pub hello: Bundle,
}

pub struct Outcome {
    pub variants: Vec<Variant>,
    /// Each profile's full settings, for under the table.
    pub profiles: Vec<String>,
    /// Our profile + wasm-opt -Oz: what the browser benches load.
    pub app_served: PathBuf,
    pub hello_served: PathBuf,
}

/// Builds and measures every variant; with `with_variants` false only ours, for the browser.
pub fn run_bundle(all_profiles: bool, with_variants: bool) -> Result<Outcome> {
    let out = target_dir().join("bench");
    let hello_src = prepare_hello(&out.join("hello-src"))?;
    let mut variants = Vec::new();
    let mut served = None;
    let mut profiles = profiles(all_profiles)?;
    if !with_variants {
        profiles.retain(|p| p.name == "ours");
    }
    let labels = profiles.iter().map(|p| p.label.clone()).collect();
    for profile in profiles {
        let mut pair = Vec::new();
        for (what, src, index) in [
            ("app", root().to_path_buf(), "index.html"),
            ("hello", hello_src.clone(), "index.html"),
        ] {
            let dist = out.join(format!("dist-{what}-{}", profile.name));
            let start = Instant::now();
            println!(
                "xtask: bench: trunk build --release ({what}, {})",
                profile.name
            );
            trunk_build(&src, index, &dist, &profile)?;
            let plain = measure(&dist)?;
            println!(
                "xtask: bench:   built in {}; wasm-opt -Oz",
                crate::util::elapsed(start)
            );
            let opt = wasm_opt(
                &plain,
                &out.join(format!("dist-{what}-{}-oz", profile.name)),
            )?;
            pair.push((plain, opt));
        }
        let hello = pair.pop().expect("hello");
        let app = pair.pop().expect("app");
        if profile.name == "ours" {
            served = Some((app.1.dist.clone(), hello.1.dist.clone()));
        }
        variants.push(Variant {
            label: format!("{}, no wasm-opt", profile.short),
            app: app.0,
            hello: hello.0,
        });
        variants.push(Variant {
            label: format!("{} + wasm-opt -Oz", profile.short),
            app: app.1,
            hello: hello.1,
        });
    }
    let (app_served, hello_served) = served.expect("the list always has ours");
    Ok(Outcome {
        variants,
        profiles: labels,
        app_served,
        hello_served,
    })
}

/// The hello fixture, copied next to the build outputs with the app's Cargo.lock (same
/// dependency versions), Trunk.toml (same offline tools) and .cargo/config.toml (same
/// rustflags), as a workspace of its own.
fn prepare_hello(dir: &Path) -> Result<PathBuf> {
    let fixture = root().join("crates/xtask/fixtures/hello");
    let io = |e: std::io::Error, p: &Path| format!("{}: {e}", p.display());
    std::fs::create_dir_all(dir.join("src")).map_err(|e| io(e, dir))?;
    let copy = |from: PathBuf, to: PathBuf| -> Result {
        // Only when it changed: an untouched copy keeps cargo's and trunk's caches warm.
        let new = std::fs::read(&from).map_err(|e| io(e, &from))?;
        if std::fs::read(&to).ok().as_ref() != Some(&new) {
            std::fs::write(&to, new).map_err(|e| io(e, &to))?;
        }
        Ok(())
    };
    copy(fixture.join("src/main.rs"), dir.join("src/main.rs"))?;
    copy(fixture.join("index.html"), dir.join("index.html"))?;
    copy(root().join("Trunk.toml"), dir.join("Trunk.toml"))?;
    copy(root().join("Cargo.lock"), dir.join("Cargo.lock"))?;
    // The same rustflags (Leptos' erase_components) wherever the target dir lies: cargo
    // reads .cargo/config.toml from the build's directory upwards.
    std::fs::create_dir_all(dir.join(".cargo")).map_err(|e| io(e, dir))?;
    copy(
        root().join(".cargo/config.toml"),
        dir.join(".cargo/config.toml"),
    )?;
    let manifest = std::fs::read_to_string(fixture.join("Cargo.toml"))
        .map_err(|e| io(e, &fixture))?
        + "\n# Added by cargo xtask bench: this copy is a workspace of its own.\n[workspace]\n";
    if std::fs::read_to_string(dir.join("Cargo.toml"))
        .ok()
        .as_deref()
        != Some(&manifest)
    {
        std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| io(e, dir))?;
    }
    Ok(dir.to_path_buf())
}

fn trunk_build(src: &Path, index: &str, dist: &Path, profile: &Profile) -> Result {
    let mut c = cmd("trunk");
    c.current_dir(src)
        .args(["--quiet", "build", "--release", "--dist"])
        .arg(dist)
        .arg(index)
        .env("CARGO_TARGET_DIR", &profile.target)
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env_remove("RUST_LOG");
    for (k, v) in &profile.env {
        c.env(format!("CARGO_PROFILE_RELEASE_{k}"), v);
        c.env(format!("CARGO_PROFILE_WEB_{k}"), v);
    }
    run(quiet_cargo_unless_tty(&mut c))
}

/// Sizes of the .wasm and the .js files (wasm-bindgen's glue and any snippets) in `dist`.
fn measure(dist: &Path) -> Result<Bundle> {
    let mut files = Vec::new();
    walk(dist, &mut files);
    let mut bundle = Bundle {
        dist: dist.to_path_buf(),
        wasm: Sizes::default(),
        js: Sizes::default(),
    };
    for f in files {
        let slot = match f.extension().and_then(|e| e.to_str()) {
            Some("wasm") => &mut bundle.wasm,
            Some("js") => &mut bundle.js,
            _ => continue,
        };
        *slot = slot.add(sizes(&f)?);
    }
    if bundle.wasm.raw == 0 {
        return Err(format!("no .wasm in {}", dist.display()));
    }
    Ok(bundle)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Raw, `gzip -9` and `brotli -q 11` sizes: what a server with static compression sends.
fn sizes(file: &Path) -> Result<Sizes> {
    let raw = std::fs::metadata(file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .len();
    let compressed = |program: &str, args: &[&str]| -> Result<u64> {
        let mut c = Command::new(program);
        c.args(args).arg(file);
        let o = c.output().map_err(|e| format!("`{}`: {e}", describe(&c)))?;
        if !o.status.success() {
            return Err(format!("`{}` failed ({})", describe(&c), o.status));
        }
        Ok(o.stdout.len() as u64)
    };
    Ok(Sizes {
        raw,
        gzip: compressed("gzip", &["-9", "-n", "-c"])?,
        brotli: compressed("brotli", &["-q", "11", "-c"])?,
    })
}

/// A copy of `plain`'s dist with its .wasm through `wasm-opt -Oz` and index.html's
/// integrity hash for it updated.
fn wasm_opt(plain: &Bundle, dist: &Path) -> Result<Bundle> {
    let _ = std::fs::remove_dir_all(dist);
    let mut files = Vec::new();
    walk(&plain.dist, &mut files);
    let mut index = None;
    for f in &files {
        let rel = f.strip_prefix(&plain.dist).expect("under dist");
        let to = dist.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        if f.extension().is_some_and(|e| e == "wasm") {
            crate::serve::run_wasm_opt(f, &to)?;
            let (old, new) = (sri_sha384(f)?, sri_sha384(&to)?);
            index = Some((old, new));
        } else {
            std::fs::copy(f, &to).map_err(|e| format!("{}: {e}", to.display()))?;
        }
    }
    if let Some((old, new)) = index {
        crate::serve::replace_in_index(dist, &old, &new)?;
    }
    measure(dist)
}

pub fn section(o: &Outcome) -> Section {
    let base = o
        .variants
        .first()
        .map(|v| v.app.total().brotli)
        .unwrap_or(0);
    let mut t = Table::new(&[
        "build",
        "app .wasm (raw · gzip · brotli)",
        "app .js (raw · gzip · brotli)",
        "hello .wasm (raw · gzip · brotli)",
        "hello .js (raw · gzip · brotli)",
        "app ÷ hello (wasm+js, brotli)",
        "app wasm+js brotli vs first row",
    ]);
    for v in &o.variants {
        t.row(vec![
            v.label.clone(),
            v.app.wasm.cell(),
            v.app.js.cell(),
            v.hello.wasm.cell(),
            v.hello.js.cell(),
            ratio(v.app.total().brotli as f64, v.hello.total().brotli as f64),
            change(base, v.app.total().brotli),
        ]);
    }
    let mut notes = vec!["Profiles:".to_string()];
    notes.extend(o.profiles.iter().map(|p| format!("- {p}")));
    Section {
        title: "1. Bundle".into(),
        intro: "What the browser downloads besides index.html and the CSS: the app's .wasm and \
                wasm-bindgen's JS, next to the smallest Leptos CSR app \
                (crates/xtask/fixtures/hello) built with the same profile, Cargo.lock and \
                Trunk in the same run. Sizes raw · `gzip -9` · `brotli -q 11`. Trunk builds \
                without wasm-opt (index.html says `data-wasm-opt=\"0\"`, so `cargo xtask \
                test` stays fast); `cargo xtask dev` and the bench run binaryen's `wasm-opt \
                -Oz` on Trunk's output themselves. The last row is what `cargo xtask dev` \
                serves and what the load and typing benches load (as .br/.gz copies written by \
                `countersign precompress`)."
            .into(),
        table: t,
        notes: vec![notes.join("\n")],
    }
}

fn change(base: u64, now: u64) -> String {
    if base == 0 {
        return "–".into();
    }
    let pct = (now as f64 - base as f64) / base as f64 * 100.0;
    if pct.abs() < 0.05 {
        "—".into()
    } else {
        format!("{pct:+.0} %")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_release_profile_as_cargo_env_suffixes() {
        let toml = "[package]\nname = \"x\"\n\n[profile.release]\nopt-level = \"z\"\nlto = true # whole\ncodegen-units = 1\n\n[profile.release.package.s]\nopt-level = 3\n";
        assert_eq!(
            profile_section(toml, "profile.release"),
            vec![
                ("OPT_LEVEL".to_string(), "z".to_string()),
                ("LTO".to_string(), "true".to_string()),
                ("CODEGEN_UNITS".to_string(), "1".to_string()),
            ]
        );
    }

    #[test]
    fn the_root_web_profile_is_read_without_inherits() {
        let env = root_web_profile().unwrap();
        assert!(env.iter().any(|(k, _)| k == "OPT_LEVEL"), "{env:?}");
        assert!(!env.iter().any(|(k, _)| k == "INHERITS"), "{env:?}");
    }

    #[test]
    fn size_changes_read_as_percentages() {
        assert_eq!(change(1000, 400), "-60 %");
        assert_eq!(change(1000, 1000), "—");
    }
}
