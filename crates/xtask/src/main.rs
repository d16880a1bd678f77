//! `cargo xtask` — set up, run and test countersign with one command each.
//!
//! std only, on purpose: this crate is the first thing a fresh clone compiles.

mod bench;
mod dev;
mod install;
mod serve;
mod test;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
usage: cargo xtask <command>

commands:
  install [dev|test|bench]   install the tools that level needs (default: test)
  dev [--port N]             build the app and the server, serve on 127.0.0.1:8080
                             (or the next free port) with the mock vendors
  test [--quick]             fmt, clippy, cargo test, trunk build, browser tests;
                             --quick skips the browser tests
  bench [--all-profiles] [--only PARTS]
                             measure size, load, in-page signing, relay and native
                             signing beside their references; writes BENCHMARKS.md
";

fn main() -> ExitCode {
    util::prepare_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let result = match cmd {
        "install" => install::main(rest),
        "dev" => dev::main(rest),
        "test" => test::main(rest),
        "bench" => bench::main(rest),
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("xtask: error: {msg}");
            ExitCode::FAILURE
        }
    }
}
