//! How the built app's files travel: pre-compressed copies written once after a build
//! (`countersign precompress`), chosen per request by `ServeDir` from Accept-Encoding, and
//! cache headers that let a browser keep Trunk's hashed files for good while it asks again
//! for index.html (whose loader names the current hashes).

use std::io::Write;
use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

/// For files Trunk names `<stem>-<16 hex>[_bg].<ext>`: the content never changes under a name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For everything else (index.html, client routes): revalidate every time.
const REVALIDATE: &str = "no-cache";

/// Extensions worth compressing: text and wasm. Images and fonts are compressed already.
const COMPRESSIBLE: [&str; 7] = ["wasm", "js", "css", "svg", "json", "txt", "map"];

/// Smaller files gain less than the Content-Encoding header and a decoder start cost.
const MIN_SIZE: u64 = 1024;

/// Whether a URL path's last segment is a Trunk-hashed file name.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if ext.is_empty() {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Adds Cache-Control (by file kind) and `Vary: Accept-Encoding` to a static answer.
pub fn add_cache_headers(path: &str, resp: &mut Response) {
    let ok = resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED;
    let headers = resp.headers_mut();
    let value = if ok && is_hashed(path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same URL answers br, gzip or identity: caches must key on the request's header.
    let varies = headers.get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .is_ok_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

/// What `precompress` did.
/// A file of `dist` that could not be read, compressed or written, and why.
#[derive(Debug)]
pub struct PrecompressError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl PrecompressError {
    fn new(path: &Path, error: std::io::Error) -> Self {
        Self {
            path: path.into(),
            error,
        }
    }
}

impl std::fmt::Display for PrecompressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for PrecompressError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files that got fresh `.br` and `.gz` copies.
    pub compressed: usize,
    /// Files whose copies were already newer than they are.
    pub up_to_date: usize,
}

/// Writes `<file>.br` (brotli quality 11) and `<file>.gz` (gzip level 9) next to every
/// compressible file of `dist` at least 1 KiB, except index.html (read per request for its
/// CSP, and small). Copies newer than their file are kept, so a second run costs nothing.
pub fn precompress(dist: &Path) -> Result<Written, PrecompressError> {
    let mut files = Vec::new();
    walk(dist, &mut files).map_err(|e| PrecompressError::new(dist, e))?;
    let mut done = Written::default();
    for file in files {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let io = |e: std::io::Error| PrecompressError::new(&file, e);
        let meta = std::fs::metadata(&file).map_err(io)?;
        if meta.len() < MIN_SIZE {
            continue;
        }
        let br = with_suffix(&file, "br");
        let gz = with_suffix(&file, "gz");
        let modified = meta.modified().ok();
        let fresh = |p: &Path| {
            let copy = std::fs::metadata(p).and_then(|m| m.modified()).ok();
            copy.is_some() && modified.is_some() && copy >= modified
        };
        if fresh(&br) && fresh(&gz) {
            done.up_to_date += 1;
            continue;
        }
        let data = std::fs::read(&file).map_err(io)?;
        write_atomically(&br, &brotli_11(&data).map_err(io)?)?;
        write_atomically(&gz, &gzip_9(&data).map_err(io)?)?;
        done.compressed += 1;
    }
    Ok(done)
}

fn brotli_11(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        // Window 2^24 (16 MiB, the largest browsers take), like `brotli -q 11`.
        let mut w = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 24);
        w.write_all(data)?;
        w.flush()?;
    }
    Ok(out)
}

fn gzip_9(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut w = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::best(),
    );
    w.write_all(data)?;
    w.finish()
}

/// Via a temporary name, so a server never sends a half-written copy.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PrecompressError> {
    let tmp = with_suffix(path, "tmp");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| PrecompressError::new(path, e))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_trunks_hashed_names() {
        assert!(is_hashed("/countersign-app-86ee3494e5297bdc_bg.wasm"));
        assert!(is_hashed("/countersign-app-86ee3494e5297bdc.js"));
        assert!(is_hashed("/app-66f6899e02017a4b.css"));
        assert!(!is_hashed("/"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/kingdee/material"));
        assert!(!is_hashed("/app.js"));
        assert!(!is_hashed("/app-66f6899e02017a4.css"), "15 hex digits");
        assert!(!is_hashed("/app-66f6899e02017a4x.css"), "not hex");
        assert!(!is_hashed("/app-66f6899e02017a4b."), "no extension");
    }
}
