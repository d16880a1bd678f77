//! Which upstream response headers reach the browser: an allow list. Everything the relay
//! answers is served from the app's origin, so a header such as `Clear-Site-Data`,
//! `Service-Worker-Allowed`, `Refresh`, `Link` or a CSP from a hostile (or, over plain
//! http, tampered) upstream must never pass.

use axum::http::{HeaderMap, HeaderName, StatusCode};

/// Whether the upstream's `name` passes, for an answer with `status`.
pub fn allowed(name: &HeaderName, status: StatusCode) -> bool {
    let n = name.as_str();
    match n {
        // Length is recomputed by the relay; encoding is decoded by it (see `encoding`).
        "content-type" | "content-language" | "cache-control" | "etag" | "last-modified"
        | "expires" | "date" | "age" | "vary" | "retry-after" => true,
        "location" => status.is_redirection(),
        _ => {
            // The vendors' own headers (request ids, gateway codes) for the inspector; not
            // ones the browser acts on, and not ours (the relay sets its own x-relay-*).
            n.starts_with("x-")
                && !matches!(
                    n,
                    "x-frame-options"
                        | "x-content-type-options"
                        | "x-xss-protection"
                        | "x-dns-prefetch-control"
                        | "x-permitted-cross-domain-policies"
                        | "x-download-options"
                        | "x-ua-compatible"
                        | "x-webkit-csp"
                        | "x-content-security-policy"
                )
                && !n.starts_with("x-relay-")
        }
    }
}

/// Keeps only the allowed headers of `headers`.
pub fn filter(headers: &mut HeaderMap, status: StatusCode) {
    // One at a time rather than collected first: there are few (hyper caps an answer at
    // 100 headers), and this runs for every relayed answer.
    // Hop-by-hop headers named in Connection go with it, and a stale Content-Length with
    // the rest: neither is on the list (no second lookup for it).
    while let Some(name) = headers.keys().find(|n| !allowed(n, status)).cloned() {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    #[test]
    fn allows_content_and_vendor_headers_only() {
        let ok = StatusCode::OK;
        for name in ["content-type", "etag", "x-vendor-request-id", "date"] {
            assert!(allowed(&HeaderName::from_static(name), ok), "{name}");
        }
        for name in [
            "set-cookie",
            "clear-site-data",
            "service-worker-allowed",
            "refresh",
            "link",
            "www-authenticate",
            "content-security-policy",
            "location",
            "access-control-allow-origin",
            "x-relay-upstream-ms",
            "server-timing",
            "content-encoding",
            "transfer-encoding",
            "content-length",
            "connection",
        ] {
            assert!(!allowed(&HeaderName::from_static(name), ok), "{name}");
        }
        assert!(allowed(&header::LOCATION, StatusCode::FOUND));
    }
}
