//! `cargo xtask dev [--port N]`: install, build, serve with the mock vendors, keep running.

use crate::install::{self, Level};
use crate::serve::{self, Server};
use crate::util::{elapsed, free_port_from, Result};
use std::time::Instant;

pub fn main(args: &[String]) -> Result {
    let wanted = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => n
            .parse()
            .map_err(|_| format!("--port wants a number, not `{n}`"))?,
        _ => return Err("usage: cargo xtask dev [--port N]".into()),
    };
    let start = Instant::now();
    install::ensure(Level::Dev)?;

    println!("xtask: [1/3] building the app: trunk build --release, wasm-opt -Oz (the first build takes a few minutes)");
    serve::build_app()?;
    serve::wasm_opt_dist(&serve::dist_dir())?;
    println!("xtask: [2/3] building the server: cargo build --release -p countersign-server");
    serve::build_server()?;
    // Brotli and gzip copies, written once here rather than compressed per request.
    serve::precompress(&serve::dist_dir())?;

    let port = free_port_from(wanted)
        .ok_or_else(|| format!("no free port on 127.0.0.1 from {wanted} on"))?;
    if port != wanted {
        println!("xtask: port {wanted} is taken, using {port}");
    }
    println!("xtask: [3/3] starting countersign serve on 127.0.0.1:{port}");
    let mut server = Server::start(port, None)?;
    println!();
    println!("    countersign is running:  {}", server.url);
    println!("    mock vendors on; demo credentials in README.md.  Ctrl+C stops it.");
    println!("    (ready in {})", elapsed(start));
    println!();

    // Ctrl+C reaches the server too (same process group), so it stops with us.
    let status = server.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("countersign serve stopped ({status})"))
    }
}
