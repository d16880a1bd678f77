//! Which upstream response headers reach the browser: an allow list. Everything the relay
//! answers is served from the app's origin, so a header such as `Clear-Site-Data`,
//! `Service-Worker-Allowed`, `Refresh`, `Link` or a CSP from a hostile (or, over plain
//! http, tampered) upstream must never pass. Nor may the headers that a proxy in front of
//! the relay obeys (nginx's `X-Accel-Redirect` serves an `internal` file in place of the
//! answer), nor a header the answer names in `Connection` (hop-by-hop, RFC 9110 §7.6.1).

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
                && !FRONT_PROXY_PREFIXES.iter().any(|p| n.starts_with(p))
        }
    }
}

/// Headers that nginx, Apache, lighttpd and LiteSpeed act on when an answer they proxy
/// carries them (internal redirects, files sent in place of the body, cache rules).
const FRONT_PROXY_PREFIXES: [&str; 4] = ["x-accel-", "x-sendfile", "x-lighttpd-", "x-litespeed-"];

/// The header names a `Connection` value lists besides `close` and `keep-alive`: they
/// were meant for the hop that sent them and go no further.
pub fn hop_by_hop(value: &[u8]) -> impl Iterator<Item = HeaderName> + '_ {
    value
        .split(|&b| b == b',')
        .map(<[u8]>::trim_ascii)
        .filter(|t| !t.eq_ignore_ascii_case(b"close") && !t.eq_ignore_ascii_case(b"keep-alive"))
        .filter_map(|t| HeaderName::from_bytes(t).ok())
}

/// Keeps only the allowed headers of `headers`.
pub fn filter(headers: &mut HeaderMap, status: StatusCode) {
    // One at a time rather than collected first: there are few (hyper caps an answer at
    // 100 headers), and this runs for every relayed answer.
    // A stale Content-Length goes with the rest (it is not on the list); the headers
    // Connection names go first, before Connection itself does.
    let named: Vec<HeaderName> = headers
        .get_all(axum::http::header::CONNECTION)
        .iter()
        .flat_map(|v| hop_by_hop(v.as_bytes()))
        .collect();
    for name in named {
        headers.remove(name);
    }
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
            "x-accel-redirect",
            "x-accel-expires",
            "x-sendfile",
            "x-sendfile-type",
            "x-lighttpd-send-file",
            "x-litespeed-location",
        ] {
            assert!(!allowed(&HeaderName::from_static(name), ok), "{name}");
        }
        assert!(allowed(&header::LOCATION, StatusCode::FOUND));
    }

    #[test]
    fn headers_named_in_connection_stop_here() {
        let mut h = HeaderMap::new();
        h.insert("x-hop", "1".parse().unwrap());
        h.insert("x-request-id", "7".parse().unwrap());
        h.insert(header::CONNECTION, "keep-alive, X-Hop".parse().unwrap());
        filter(&mut h, StatusCode::OK);
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(h.contains_key("x-request-id"));
        let names: Vec<HeaderName> = hop_by_hop(b"close, x-a ,Keep-Alive,bad name").collect();
        assert_eq!(names, [HeaderName::from_static("x-a")]);
    }
}
