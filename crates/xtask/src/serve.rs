//! Building the app and the server, and running `countersign serve` (shared by dev and test).

use crate::util::{cargo, cmd, describe, quiet_cargo_unless_tty, root, run, target_dir, Result};
use std::fs::File;
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Where trunk puts the built app (Trunk.toml `dist`) and where the server serves it from.
pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// `trunk build --release`, offline as Trunk.toml says, into dist/.
pub fn build_app() -> Result {
    let mut c = cmd("trunk");
    c.args(["--quiet", "build", "--release"])
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        // trunk refuses RUST_LOG together with --quiet.
        .env_remove("RUST_LOG");
    run(quiet_cargo_unless_tty(&mut c))
}

/// Features rustc enables by default for wasm32-unknown-unknown (the module already uses
/// them); wasm-opt must be told, or it refuses the module.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// binaryen's `wasm-opt -Oz` from `from` to `to`.
pub fn run_wasm_opt(from: &Path, to: &Path) -> Result {
    let mut c = cmd("wasm-opt");
    c.arg("-Oz").args(WASM_FEATURES).arg(from).arg("-o").arg(to);
    run(&mut c)
}

/// Runs `wasm-opt -Oz` on the .wasm files of a Trunk dist in place and updates their
/// subresource-integrity hashes in index.html. Trunk itself builds without wasm-opt
/// (index.html: data-wasm-opt="0") so that `cargo xtask test` stays fast; `dev` serves
/// the small build.
pub fn wasm_opt_dist(dist: &Path) -> Result {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let wasm = entry.path();
        if wasm.extension().is_none_or(|e| e != "wasm") {
            continue;
        }
        let tmp = wasm.with_extension("wasm-opt.tmp");
        run_wasm_opt(&wasm, &tmp)?;
        let old = crate::bench::sri_sha384(&wasm)?;
        let new = crate::bench::sri_sha384(&tmp)?;
        std::fs::rename(&tmp, &wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
        replace_in_index(dist, &old, &new)?;
    }
    Ok(())
}

/// Replaces `old` by `new` in `dist`/index.html (an integrity hash after wasm-opt).
pub fn replace_in_index(dist: &Path, old: &str, new: &str) -> Result {
    let html = dist.join("index.html");
    let text = std::fs::read_to_string(&html).map_err(|e| format!("{}: {e}", html.display()))?;
    std::fs::write(&html, text.replace(old, new)).map_err(|e| format!("{}: {e}", html.display()))
}

pub fn build_server() -> Result {
    let mut c = cmd(&cargo());
    c.args([
        "build",
        "--release",
        "-p",
        "countersign-server",
        "--bin",
        "countersign",
    ]);
    run(quiet_cargo_unless_tty(&mut c))
}

/// `countersign precompress`: .br and .gz copies next to the built files, which
/// `countersign serve` sends to browsers that accept them (needs the server built).
pub fn precompress(dist: &Path) -> Result {
    let mut c = cmd(&server_bin().to_string_lossy());
    c.args(["precompress", "--dist"]).arg(dist);
    crate::util::run_quiet(&mut c)
}

pub fn server_bin() -> PathBuf {
    target_dir().join("release").join("countersign")
}

/// `countersign serve` on 127.0.0.1:`port` serving the app from `dist` (the mocks on unless
/// the caller adds `--no-mock`): dev, the browser tests and the benches start it so.
pub fn serve_command(bin: &Path, port: u16, dist: &Path) -> Command {
    let mut c = cmd(&bin.to_string_lossy());
    c.args([
        "serve",
        "--bind",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--dist",
    ])
    .arg(dist);
    c
}

/// A running `countersign serve`; stopped when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    log: Option<PathBuf>,
}

impl Server {
    /// Starts the server with the mock vendors on 127.0.0.1:`port` and waits until it
    /// accepts connections. Its output goes to `log` if given, else to the terminal.
    pub fn start(port: u16, log: Option<&Path>) -> Result<Server> {
        let bin = server_bin();
        if !bin.is_file() {
            return Err(format!(
                "{} is missing: build the server first",
                bin.display()
            ));
        }
        Self::spawn(&bin, port, log)
    }

    fn spawn(bin: &Path, port: u16, log: Option<&Path>) -> Result<Server> {
        let mut c = serve_command(bin, port, &dist_dir());
        c.env("COUNTERSIGN_DIST", dist_dir()).stdin(Stdio::null());
        if let Some(log) = log {
            if let Some(dir) = log.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let f = File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
            let f2 = f.try_clone().map_err(|e| e.to_string())?;
            c.stdout(f).stderr(f2);
        }
        let child = c.spawn().map_err(|e| format!("`{}`: {e}", describe(&c)))?;
        let mut server = Server {
            child,
            url: format!("http://127.0.0.1:{port}/"),
            log: log.map(Path::to_path_buf),
        };
        server.wait_until_listening(port, &describe(&c))?;
        Ok(server)
    }

    fn wait_until_listening(&mut self, port: u16, what: &str) -> Result {
        // A readiness wait, not a test timeout: a cold release binary starts in well under a second.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "`{what}` stopped ({status}) instead of listening on 127.0.0.1:{port}.\n\
                     Is `countersign serve` implemented yet (crates/server)?{}",
                    self.log_tail()
                ));
            }
            if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "`{what}` did not listen on 127.0.0.1:{port} within 60 s{}",
                    self.log_tail()
                ));
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Blocks until the server stops by itself.
    pub fn wait(&mut self) -> std::io::Result<ExitStatus> {
        self.child.wait()
    }

    /// The end of the server's log, for error messages.
    pub fn log_tail(&self) -> String {
        let Some(log) = &self.log else {
            return String::new();
        };
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!(
            "\nlast lines of the server's log ({}):\n{tail}",
            log.display()
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_that_stops_at_once_is_reported_with_its_log() {
        let log = std::env::temp_dir().join(format!("xtask-serve-test-{}.log", std::process::id()));
        let port = crate::util::any_free_port().unwrap();
        // `true` ignores its arguments and exits 0 without listening, like an unfinished server.
        let err = Server::spawn(Path::new("true"), port, Some(&log))
            .err()
            .expect("must fail");
        let _ = std::fs::remove_file(&log);
        assert!(
            err.contains("stopped (exit status: 0) instead of listening"),
            "{err}"
        );
        assert!(
            err.contains("Is `countersign serve` implemented yet"),
            "{err}"
        );
        assert!(err.contains("last lines of the server's log"), "{err}");
    }
}
