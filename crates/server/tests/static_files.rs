//! Issue 15, black-box on a real port: the built app travels pre-compressed (brotli when
//! the browser takes it, else gzip, else as is), with the right type and length, and with
//! cache headers by file kind: Trunk's hashed files for a year, index.html revalidated.

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};

use countersign_server::app_static::{precompress, Written};
use support::{config, send, start, Reply};

const WASM: &str = "/countersign-app-0123456789abcdef_bg.wasm";
const JS: &str = "/countersign-app-0123456789abcdef.js";
const CSS: &str = "/app-0123456789abcdef.css";
const ICON: &str = "/favicon-0123456789abcdef.svg";
/// The catalog, copied beside the app unhashed (Trunk's copy-dir) and fetched by it.
const CATALOG: &str = "/catalog/vendors/taobao.json";

/// A dist shaped like Trunk's, with files large and repetitive enough to compress.
fn dist(tag: &str) -> PathBuf {
    let dist =
        std::env::temp_dir().join(format!("countersign-static-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).unwrap();
    let index = format!(
        "<!doctype html><script type=\"module\">import init from '{JS}'; await init({{ module_or_path: '{WASM}' }});</script>"
    );
    std::fs::write(dist.join("index.html"), index).unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    for i in 0..4000u32 {
        wasm.extend_from_slice(format!("function_{i}_body;").as_bytes());
    }
    std::fs::write(dist.join(&WASM[1..]), wasm).unwrap();
    let js: String = (0..500)
        .map(|i| format!("export function f{i}() {{ return {i}; }}\n"))
        .collect();
    std::fs::write(dist.join(&JS[1..]), js).unwrap();
    let css: String = (0..200)
        .map(|i| format!(".c{i} {{ margin: {i}px; }}\n"))
        .collect();
    std::fs::write(dist.join(&CSS[1..]), css).unwrap();
    let catalog: String = (0..100)
        .map(|i| format!("{{\"name\": \"field_{i}\", \"type\": \"string\"}},\n"))
        .collect();
    std::fs::create_dir_all(dist.join("catalog/vendors")).unwrap();
    std::fs::write(dist.join(&CATALOG[1..]), format!("[{catalog}{{}}]")).unwrap();
    std::fs::write(
        dist.join(&ICON[1..]),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    dist
}

fn file(dist: &Path, url: &str) -> Vec<u8> {
    std::fs::read(dist.join(&url[1..])).unwrap()
}

async fn fetch(addr: std::net::SocketAddr, path: &str, headers: &[(&str, &str)]) -> Reply {
    send(addr, "GET", path, headers, b"").await
}

fn assert_length(reply: &Reply, what: &str) {
    let length: usize = reply
        .header("content-length")
        .unwrap_or_else(|| panic!("{what}: no Content-Length: {reply:?}"))
        .parse()
        .unwrap();
    assert_eq!(length, reply.body.len(), "{what}");
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn precompress_writes_br_and_gz_once_and_skips_small_files_and_index() {
    let dist = dist("write");
    assert_eq!(
        precompress(&dist).unwrap(),
        Written {
            compressed: 4,
            up_to_date: 0
        }
    );
    // The catalog's files sit in folders: those are walked too.
    for url in [WASM, JS, CSS, CATALOG] {
        let plain = file(&dist, url);
        let br = file(&dist, &format!("{url}.br"));
        let gz = file(&dist, &format!("{url}.gz"));
        assert!(br.len() < plain.len() / 4, "{url}: br {}", br.len());
        assert_eq!(unbrotli(&br), plain, "{url}");
        assert_eq!(ungzip(&gz), plain, "{url}");
    }
    assert!(!dist.join("index.html.br").exists());
    assert!(
        !dist.join(format!("{}.br", &ICON[1..])).exists(),
        "under 1 KiB"
    );
    assert_eq!(
        precompress(&dist).unwrap(),
        Written {
            compressed: 0,
            up_to_date: 4
        }
    );
    let _ = std::fs::remove_dir_all(dist);
}

#[test]
fn the_cli_precompresses_and_refuses_a_dir_without_an_app() {
    let dist = dist("cli");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(["precompress", "--dist"])
        .arg(&dist)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("4 file(s) compressed"), "{said}");
    assert!(dist.join(format!("{}.br", &WASM[1..])).is_file());
    let _ = std::fs::remove_dir_all(&dist);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(["precompress", "--dist"])
        .arg(&dist)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("has no index.html"), "{said}");
}

#[tokio::test]
async fn brotli_when_accepted_then_gzip_then_identity() {
    let dist = dist("negotiate");
    precompress(&dist).unwrap();
    let mut c = config("");
    c.dist = dist.clone();
    let server = start(c).await;
    for (url, mime) in [
        (WASM, "application/wasm"),
        (JS, "text/javascript"),
        (CSS, "text/css"),
        (CATALOG, "application/json"),
    ] {
        let plain = file(&dist, url);

        // What Chromium sends.
        let reply = fetch(
            server.addr,
            url,
            &[("Accept-Encoding", "gzip, deflate, br, zstd")],
        )
        .await;
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(reply.header("content-encoding"), Some("br"), "{url}");
        assert!(
            reply.header("content-type").unwrap().starts_with(mime),
            "{url}: {reply:?}"
        );
        assert_length(&reply, url);
        assert_eq!(
            reply.body,
            file(&dist, &format!("{url}.br")),
            "{url}: the file written at build time"
        );
        assert_eq!(unbrotli(&reply.body), plain, "{url}");
        assert_eq!(
            reply.header("vary").map(str::to_ascii_lowercase).as_deref(),
            Some("accept-encoding"),
            "{url}"
        );

        let reply = fetch(server.addr, url, &[("Accept-Encoding", "gzip")]).await;
        assert_eq!(reply.header("content-encoding"), Some("gzip"), "{url}");
        assert!(
            reply.header("content-type").unwrap().starts_with(mime),
            "{url}"
        );
        assert_length(&reply, url);
        assert_eq!(ungzip(&reply.body), plain, "{url}");

        for accept in [None, Some("identity")] {
            let headers: Vec<(&str, &str)> =
                accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
            let reply = fetch(server.addr, url, &headers).await;
            assert_eq!(reply.status, 200, "{url}");
            assert_eq!(reply.header("content-encoding"), None, "{url} {accept:?}");
            assert!(
                reply.header("content-type").unwrap().starts_with(mime),
                "{url}"
            );
            assert_length(&reply, url);
            assert_eq!(reply.body, plain, "{url}");
        }
    }
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn hashed_files_are_immutable_and_index_html_is_revalidated() {
    let dist = dist("cache");
    precompress(&dist).unwrap();
    let mut c = config("");
    c.dist = dist.clone();
    let server = start(c).await;
    for url in [WASM, JS, CSS, ICON] {
        let reply = fetch(server.addr, url, &[("Accept-Encoding", "br")]).await;
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(
            reply.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{url}"
        );
        // The app's security headers stay on every static answer.
        assert!(reply.header("content-security-policy").is_some(), "{url}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{url}"
        );
    }
    // Not hashed: a new build may change it under the same name.
    let reply = fetch(server.addr, CATALOG, &[("Accept-Encoding", "br")]).await;
    assert_eq!(reply.status, 200, "{CATALOG}");
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    for url in ["/", "/index.html", "/kingdee/material"] {
        let reply = fetch(server.addr, url, &[("Accept-Encoding", "gzip, br")]).await;
        assert_eq!(reply.status, 200, "{url}");
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("text/html"),
            "{url}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{url}");
        assert!(reply.header("content-security-policy").is_some(), "{url}");
        let vary = reply
            .headers
            .get("vary")
            .cloned()
            .unwrap_or_default()
            .join(",");
        assert!(
            vary.to_ascii_lowercase().contains("accept-encoding"),
            "{url}: {vary}"
        );
    }
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn a_browser_that_has_the_file_gets_304() {
    let dist = dist("304");
    precompress(&dist).unwrap();
    let mut c = config("");
    c.dist = dist.clone();
    let server = start(c).await;
    let first = fetch(server.addr, WASM, &[("Accept-Encoding", "br")]).await;
    let stamp = first
        .header("last-modified")
        .expect("Last-Modified")
        .to_string();
    let again = fetch(
        server.addr,
        WASM,
        &[("Accept-Encoding", "br"), ("If-Modified-Since", &stamp)],
    )
    .await;
    assert_eq!(again.status, 304, "{again:?}");
    assert!(again.body.is_empty());
    assert_eq!(
        again.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn a_directory_is_the_app_never_a_redirect() {
    // `GET //catalog` had answered 307 `Location: //catalog/`: a browser reads that as
    // the host `catalog`, so an app link could send a person off the app's origin.
    let dist = dist("dir");
    let mut c = config("");
    c.dist = dist.clone();
    let server = start(c).await;
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
    for path in [
        "//catalog",
        "/catalog",
        "/catalog/vendors",
        "//catalog/vendors/",
    ] {
        let reply = fetch(server.addr, path, &[]).await;
        assert_eq!(reply.status, 200, "{path}: {reply:?}");
        assert_eq!(reply.header("location"), None, "{path}");
        assert_eq!(reply.body, index.as_bytes(), "{path}: the app's page");
    }
    let _ = std::fs::remove_dir_all(dist);
}
