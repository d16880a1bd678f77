//! Running programs, finding paths and free ports.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};
use std::{env, thread};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (xtask lives in crates/xtask).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // `cargo run` sets it at run time too. Cargo reuses a build whose sources look no
        // newer, so with a shared target dir the compile-time value can name another clone.
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        let dir = manifest.join("../..");
        dir.canonicalize().unwrap_or(dir)
    })
}

/// Cargo's target directory, as cargo itself resolves it (CARGO_TARGET_DIR, config, default).
pub fn target_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let meta = cmd(&cargo())
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .stderr(Stdio::null())
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok());
        meta.as_deref()
            .and_then(|m| json_string_field(m, "target_directory"))
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"))
    })
}

/// Where xtask keeps tools that are not on the system (npm's binaryen for wasm-opt).
pub fn tools_dir() -> PathBuf {
    target_dir().join("tools")
}

/// Makes every program we start see the same tools and the same target dir.
pub fn prepare_env() {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let mut paths: Vec<PathBuf> = Vec::new();
    if let Some(home) = home {
        paths.push(home.join("bin"));
    }
    paths.push(tools_dir().join("node_modules/.bin"));
    paths.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    paths.dedup();
    if let Ok(joined) = env::join_paths(paths) {
        env::set_var("PATH", joined);
    }
    // Absolute, so trunk, nested cargo and the e2e runner agree whatever their cwd.
    env::set_var("CARGO_TARGET_DIR", target_dir());
}

/// Pulls `"field":"value"` out of a JSON text without a JSON parser (xtask has no deps).
fn json_string_field(json: &str, field: &str) -> Option<String> {
    let start = json.find(&format!("\"{field}\":\""))? + field.len() + 4;
    let mut out = String::new();
    let mut chars = json[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => out.push(chars.next()?),
            c => out.push(c),
        }
    }
    None
}

pub fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A command that runs in the repository root.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root());
    c
}

/// The command line as a person would type it (`cargo …`, not cargo's full path).
pub fn describe(c: &Command) -> String {
    let program = Path::new(c.get_program());
    let mut s = program
        .file_name()
        .unwrap_or(program.as_os_str())
        .to_string_lossy()
        .into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn spawn_error(c: &Command, e: std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("`{}`: program not found on PATH", describe(c))
    } else {
        format!("`{}`: {e}", describe(c))
    }
}

/// Runs with the terminal attached.
pub fn run(c: &mut Command) -> Result {
    let status = c.status().map_err(|e| spawn_error(c, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(c)))
    }
}

/// Runs silently; on failure the error holds the end of what it said.
pub fn run_quiet(c: &mut Command) -> Result {
    c.stderr(Stdio::piped());
    run_filtered(c, |_| false)
}

/// Runs, showing only the stdout lines `keep` selects (and stderr, if the caller
/// piped it, merged in arrival order; else stderr goes to the terminal as is).
/// On failure the error holds the last lines it captured.
pub fn run_filtered(c: &mut Command, keep: fn(&str) -> bool) -> Result {
    c.stdin(Stdio::null()).stdout(Stdio::piped());
    let mut child = c.spawn().map_err(|e| spawn_error(c, e))?;
    let (tx, rx) = mpsc::channel::<String>();
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let tx = tx.clone();
        thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(|l| l.ok()) {
                let _ = tx.send(line);
            }
        })
    })
    .collect();
    drop(tx);
    const TAIL: usize = 200;
    let mut tail = VecDeque::with_capacity(TAIL);
    for line in rx {
        if keep(&line) {
            println!("{line}");
        }
        if tail.len() == TAIL {
            tail.pop_front();
        }
        tail.push_back(line);
    }
    for r in readers {
        let _ = r.join();
    }
    let status = child.wait().map_err(|e| spawn_error(c, e))?;
    if status.success() {
        return Ok(());
    }
    let said: Vec<String> = tail.into();
    Err(format!(
        "`{}` failed ({status}); its last {} lines:\n{}",
        describe(c),
        said.len(),
        said.join("\n")
    ))
}

/// Cargo's "Compiling …" lines help on a terminal (one progress line) but flood a
/// CI log (hundreds of lines); there, keep only warnings and errors.
pub fn quiet_cargo_unless_tty(c: &mut Command) -> &mut Command {
    if !std::io::stderr().is_terminal() {
        c.env("CARGO_TERM_QUIET", "true");
    }
    c
}

/// Trimmed stdout of a command that succeeded; None if it is missing or failed.
pub fn output(c: &mut Command) -> Option<String> {
    let o = c.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// Bytes free on the file system that holds `path` (POSIX `df -Pk`); None if df is missing.
pub fn free_bytes(path: &Path) -> Option<u64> {
    let out = output(cmd("df").arg("-Pk").arg(path))?;
    parse_df_available(&out).map(|kib| kib * 1024)
}

/// The "Available" column (KiB) of `df -Pk`'s one data line.
fn parse_df_available(df: &str) -> Option<u64> {
    df.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

/// A full disk shows up as a linker "Bus error" or a failed archive write, far from its
/// cause; this names the cause when the target dir's disk is nearly full.
pub fn low_disk_note(min_free: u64) -> Option<String> {
    let dir = target_dir();
    let probe = if dir.exists() { dir } else { root() };
    let free = free_bytes(probe)?;
    (free < min_free).then(|| {
        format!(
            "only {:.1} GiB free on the disk that holds {} (a full build needs about 10 GiB); \
             free some space, for example with `cargo clean`",
            free as f64 / (1u64 << 30) as f64,
            dir.display()
        )
    })
}

/// First port from `start` on that 127.0.0.1 lets us bind.
pub fn free_port_from(start: u16) -> Option<u16> {
    (start..=start.saturating_add(100))
        .find(|&p| TcpListener::bind((Ipv4Addr::LOCALHOST, p)).is_ok())
}

/// A port the kernel picks as free right now.
pub fn any_free_port() -> Result<u16> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

pub fn elapsed(since: Instant) -> String {
    fmt_duration(since.elapsed())
}

fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_available_kib_from_df() {
        let df = "Filesystem     1024-blocks     Used Available Capacity Mounted on\n\
                  /dev/vda        264000000 95000000     23552     100% /\n";
        assert_eq!(parse_df_available(df), Some(23552));
        assert_eq!(parse_df_available("Filesystem\n"), None);
    }

    #[test]
    fn names_a_nearly_full_disk() {
        if free_bytes(root()).is_none() {
            return; // no df here
        }
        let note = low_disk_note(u64::MAX).expect("every disk is below u64::MAX bytes");
        assert!(note.contains("GiB free on the disk that holds"), "{note}");
        assert_eq!(low_disk_note(0), None);
    }

    #[test]
    fn reads_a_string_field_from_cargo_metadata() {
        let meta = r#"{"packages":[],"target_directory":"/tmp/a \"b\"/target","version":1}"#;
        assert_eq!(
            json_string_field(meta, "target_directory").as_deref(),
            Some("/tmp/a \"b\"/target")
        );
        assert_eq!(json_string_field(meta, "workspace_root"), None);
    }

    #[test]
    fn formats_durations_for_people() {
        assert_eq!(fmt_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(fmt_duration(Duration::from_secs(125)), "2m05s");
    }
}
