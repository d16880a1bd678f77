//! Issue 13, black-box on a real port: the app's origin stays ours (nothing relayed or
//! mocked renders as a page, upstream headers by an allow list, the app's CSP), other sites
//! cannot use the server (Host check, cross-site refusals, preflights answered here, the
//! token), and limits that hold against slow and greedy clients and hostile upstreams.

mod support;

use std::io::Write;
use std::net::SocketAddr;

use support::{
    config, get, read_reply, read_until_closed, response, send, send_raw, start, upstream,
    Behaviour, Reply,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn local(base: &str) -> String {
    format!("[upstreams.local]\nbase = \"{base}\"\nallow_private = true\n")
}

/// The server with `toml` and `[upstreams.local]` pointing at `up`.
async fn relaying_to(up: &support::Upstream, toml: &str) -> support::Server {
    start(config(&format!("{toml}{}", local(&up.base("/"))))).await
}

/// `method target` with exactly these headers (the Host among them, or none).
async fn raw(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    send_raw(addr, req.as_bytes()).await
}

fn assert_sandboxed(reply: &Reply, what: &str) {
    assert_eq!(
        reply.header("content-security-policy"),
        Some("sandbox; default-src 'none'"),
        "{what}: {reply:?}"
    );
    assert_eq!(
        reply.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        reply.header("cross-origin-resource-policy"),
        Some("same-origin"),
        "{what}"
    );
}

/// A dist with an index.html whose loader is inline, like Trunk's.
fn dist_with_inline_loader(tag: &str) -> (std::path::PathBuf, String) {
    let dist = std::env::temp_dir().join(format!("countersign-sec-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    let loader = "import init from '/app.js';\nawait init({ module_or_path: '/app_bg.wasm' });\n";
    std::fs::write(
        dist.join("index.html"),
        format!("<!doctype html><title>app</title><script type=\"module\">{loader}</script>"),
    )
    .unwrap();
    std::fs::write(
        dist.join("app.js"),
        "export default async function init() {}",
    )
    .unwrap();
    (dist, loader.to_string())
}

// ---- The app's origin stays ours ----

#[tokio::test]
async fn navigations_to_relay_and_mock_are_refused_as_json() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = relaying_to(&up, "").await;
    for (path, headers) in [
        ("/relay/local/x", vec![("Sec-Fetch-Mode", "navigate")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "document")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "iframe")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "frame")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "embed")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "object")]),
        (
            "/mock/taobao/router/rest",
            vec![("Sec-Fetch-Mode", "navigate")],
        ),
        (
            "/mock/kingdee/jdy/v2/bd/material",
            vec![("Sec-Fetch-Dest", "iframe")],
        ),
        // Loaded to run with the app's origin: a script, a style, a (service) worker.
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "script")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "style")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "serviceworker")]),
        ("/relay/local/x", vec![("Sec-Fetch-Dest", "worker")]),
        ("/relay/local/x", vec![("Service-Worker", "script")]),
        (
            "/mock/taobao/router/rest",
            vec![("Sec-Fetch-Dest", "image")],
        ),
    ] {
        let reply = send(server.addr, "GET", path, &headers, b"").await;
        assert_eq!(reply.status, 403, "{path} {headers:?}");
        assert_eq!(reply.error_code(), "navigation_refused");
        // Marked as the server's own, so the app tells it from an upstream's look-alike.
        assert_eq!(reply.header("x-relay-error"), Some("navigation_refused"));
        assert_sandboxed(&reply, path);
    }
    assert_eq!(
        up.connections(),
        0,
        "a refused navigation never reaches the upstream"
    );

    // The app's own fetches (mode cors, dest empty) pass, and are sandboxed too.
    let fetch = [("Sec-Fetch-Mode", "cors"), ("Sec-Fetch-Dest", "empty")];
    let reply = send(server.addr, "GET", "/relay/local/x", &fetch, b"").await;
    assert_eq!(reply.status, 200);
    assert_sandboxed(&reply, "a relayed answer");
    let reply = send(server.addr, "GET", "/relay/nowhere/x", &fetch, b"").await;
    assert_eq!(reply.status, 404);
    assert_sandboxed(&reply, "a relay error");
    let reply = send(
        server.addr,
        "GET",
        "/relay/mock-taobao?method=x",
        &fetch,
        b"",
    )
    .await;
    assert_sandboxed(&reply, "a relayed mock answer");
    let reply = send(server.addr, "GET", "/mock/taobao/router/rest", &fetch, b"").await;
    assert_sandboxed(&reply, "a direct mock answer");
    let reply = get(server.addr, "/api/config").await;
    assert_sandboxed(&reply, "the API");
}

#[tokio::test]
async fn upstream_headers_pass_by_an_allow_list() {
    let answer = response(
        200,
        &[
            ("Content-Type", "text/html"),
            ("Cache-Control", "no-cache"),
            ("ETag", "\"v1\""),
            ("Date", "Tue, 01 Dec 2026 00:00:00 GMT"),
            ("X-Vendor-Request-Id", "rid-1"),
            ("Service-Worker-Allowed", "/"),
            ("Clear-Site-Data", "\"storage\""),
            ("Refresh", "0; url=http://evil.example/"),
            ("Link", "<http://evil.example/x.css>; rel=stylesheet"),
            ("WWW-Authenticate", "Basic realm=x"),
            ("Content-Security-Policy", "default-src *"),
            ("Location", "http://evil.example/"),
            ("Set-Cookie", "a=b"),
            ("Server-Timing", "fake;dur=1"),
            ("X-Relay-Upstream-Ms", "0"),
            ("Access-Control-Allow-Origin", "*"),
            ("X-Frame-Options", "ALLOWALL"),
            ("Feature-Policy", "camera *"),
            ("Permissions-Policy", "camera=*"),
            ("Alt-Svc", "h3=\":443\""),
            // What a proxy in front of the relay would obey, and a hop-by-hop header.
            ("X-Accel-Redirect", "/internal/creds.txt"),
            ("X-Sendfile", "/etc/passwd"),
            ("X-Hop", "1"),
            ("Connection", "X-Hop"),
            // The relay's own mark on its errors: an upstream's must never pass.
            ("X-Relay-Error", "busy"),
        ],
        b"<script>alert(1)</script>",
    );
    let up = upstream(Behaviour::Respond(answer)).await;
    let server = relaying_to(&up, "").await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert_eq!(reply.header("etag"), Some("\"v1\""));
    assert_eq!(reply.header("x-vendor-request-id"), Some("rid-1"));
    for dropped in [
        "service-worker-allowed",
        "clear-site-data",
        "refresh",
        "link",
        "www-authenticate",
        "location",
        "set-cookie",
        "access-control-allow-origin",
        "x-frame-options",
        "feature-policy",
        "permissions-policy",
        "alt-svc",
        "x-accel-redirect",
        "x-sendfile",
        "x-hop",
    ] {
        assert_eq!(reply.header(dropped), None, "{dropped} must not pass");
    }
    // Ours, not the upstream's.
    assert_sandboxed(&reply, "relayed");
    assert_eq!(reply.headers["content-security-policy"].len(), 1);
    // An upstream cannot speak for the relay: its `x-relay-*` headers do not pass.
    assert_eq!(reply.header("x-relay-upstream-ms"), None);
    assert_eq!(reply.header("x-relay-error"), None);
    assert!(!reply.header("server-timing").unwrap().contains("fake"));
}

#[tokio::test]
async fn the_app_is_served_with_a_csp_that_hashes_its_loader() {
    use sha2::Digest;
    let (dist, loader) = dist_with_inline_loader("csp");
    let mut c = config("[server]\nrelay_origins = [\"http://10.0.0.5:8080\"]\n");
    c.dist = dist.clone();
    let server = start(c).await;
    let hash = countersign_core::digest::base64(&sha2::Sha256::digest(loader.as_bytes()));
    for path in ["/", "/app.js", "/kingdee/material"] {
        let reply = get(server.addr, path).await;
        assert_eq!(reply.status, 200, "{path}");
        let csp = reply.header("content-security-policy").expect("a CSP");
        for part in [
            "default-src 'self'",
            &format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"),
            "connect-src 'self' http://10.0.0.5:8080",
            "object-src 'none'",
            // The app runs no worker: none may be registered for its origin.
            "worker-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{part} missing in {csp}");
        }
        assert!(!csp.contains("unsafe-inline") || !csp.contains("script-src 'unsafe-inline'"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    }
    let _ = std::fs::remove_dir_all(dist);
}

// ---- Other sites cannot use the relay ----

#[tokio::test]
async fn only_known_host_names_are_served() {
    let (dist, _) = dist_with_inline_loader("host");
    let up = upstream(Behaviour::EchoTarget).await;
    let mut c = config(&format!(
        "[server]\nhosts = [\"Relay.Team.Example\"]\n{}",
        local(&up.base("/"))
    ));
    c.dist = dist.clone();
    let server = start(c).await;
    let port = server.addr.port();
    for path in [
        "/api/config",
        "/relay/local/x",
        "/mock/taobao/router/rest",
        "/",
        "/app.js",
    ] {
        for host in [
            format!("evil.example:{port}"),
            "evil.example".into(),
            format!("localhost.evil.example:{port}"),
            format!("10.9.9.9:{port}"),
        ] {
            let reply = raw(server.addr, "GET", path, &[("Host", &host)]).await;
            assert_eq!(reply.status, 421, "{path} with Host {host}");
            assert_eq!(reply.error_code(), "unknown_host");
        }
        let reply = raw(server.addr, "GET", path, &[]).await;
        assert_eq!(reply.status, 421, "{path} without Host");
        for host in [
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            format!("relay.team.example:{port}"),
            "LOCALHOST".into(),
        ] {
            let reply = raw(server.addr, "GET", path, &[("Host", &host)]).await;
            assert!(reply.status != 421, "{path} with Host {host}: {reply:?}");
        }
    }
    assert_eq!(
        up.connections(),
        4 + 1,
        "only the allowed hosts reached the upstream"
    );
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn cross_site_requests_are_refused_except_for_static_files() {
    let (dist, _) = dist_with_inline_loader("site");
    let up = upstream(Behaviour::EchoTarget).await;
    let mut c = config(&format!(
        "[cors]\norigins = [\"https://tools.example\"]\n{}",
        local(&up.base("/"))
    ));
    c.dist = dist.clone();
    let server = start(c).await;
    let own = format!("http://{}", server.addr);
    for path in ["/api/config", "/relay/local/x", "/mock/taobao/router/rest"] {
        for (name, value) in [
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Site", "same-site"),
            ("Origin", "http://evil.example"),
            ("Origin", "http://localhost:1"),
            ("Origin", "null"),
        ] {
            let reply = send(server.addr, "POST", path, &[(name, value)], b"x").await;
            assert_eq!(reply.status, 403, "{path} {name}: {value}");
            assert_eq!(reply.error_code(), "cross_site");
        }
        for headers in [
            vec![("Sec-Fetch-Site", "same-origin"), ("Origin", own.as_str())],
            vec![("Sec-Fetch-Site", "none")],
            vec![
                ("Sec-Fetch-Site", "cross-site"),
                ("Origin", "https://tools.example"),
            ],
            vec![],
        ] {
            let reply = send(server.addr, "GET", path, &headers, b"").await;
            assert_ne!(reply.status, 403, "{path} {headers:?}: {reply:?}");
        }
    }
    assert_eq!(
        up.connections(),
        4,
        "refused requests never reached the upstream"
    );
    // Static files stay public: another site may link to the app.
    for path in ["/", "/app.js"] {
        let reply = send(
            server.addr,
            "GET",
            path,
            &[("Sec-Fetch-Site", "cross-site")],
            b"",
        )
        .await;
        assert_eq!(reply.status, 200, "{path}");
    }
    let _ = std::fs::remove_dir_all(dist);
}

#[tokio::test]
async fn preflights_are_answered_by_the_relay_never_forwarded() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = relaying_to(&up, "").await;
    let own = format!("http://{}", server.addr);
    let preflight = |origin: String| async move {
        send(
            server.addr,
            "OPTIONS",
            "/relay/local/x",
            &[
                ("Origin", origin.as_str()),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "x-api-signature"),
            ],
            b"",
        )
        .await
    };
    let reply = preflight(own).await;
    assert!(reply.status < 300, "{reply:?}");
    let reply = preflight("http://evil.example".into()).await;
    assert_eq!(reply.status, 403);

    let with_cors = relaying_to(&up, "[cors]\norigins = [\"https://tools.example\"]\n").await;
    let reply = send(
        with_cors.addr,
        "OPTIONS",
        "/relay/local/x",
        &[
            ("Origin", "https://tools.example"),
            ("Access-Control-Request-Method", "PUT"),
        ],
        b"",
    )
    .await;
    assert!(reply.status < 300, "{reply:?}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://tools.example")
    );
    assert_eq!(up.connections(), 0, "no preflight went upstream");
}

#[tokio::test]
async fn a_token_guards_relay_mock_and_api_but_not_the_app() {
    let (dist, _) = dist_with_inline_loader("token");
    let up = upstream(Behaviour::EchoTarget).await;
    let mut c = config(&format!("token = \"t0ken\"\n{}", local(&up.base("/"))));
    c.dist = dist.clone();
    let server = start(c).await;
    for path in ["/api/config", "/relay/local/x", "/mock/taobao/router/rest"] {
        for token in [None, Some("wrong"), Some("t0ke"), Some("t0ken2")] {
            let headers: Vec<(&str, &str)> = token.iter().map(|t| ("X-Relay-Token", *t)).collect();
            let reply = send(server.addr, "GET", path, &headers, b"").await;
            assert_eq!(reply.status, 401, "{path} {token:?}");
            assert_eq!(reply.error_code(), "unauthorized");
        }
        let reply = send(server.addr, "GET", path, &[("X-Relay-Token", "t0ken")], b"").await;
        assert_ne!(reply.status, 401, "{path}");
    }
    assert_eq!(up.connections(), 1);
    for path in ["/", "/app.js", "/healthz"] {
        assert_eq!(get(server.addr, path).await.status, 200, "{path}");
    }
    let _ = std::fs::remove_dir_all(dist);
}

// ---- Limits ----

#[tokio::test]
async fn a_trickled_body_is_cut_off_with_408() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = relaying_to(
        &up,
        "[limits]\nbody_timeout_ms = 300\ntotal_timeout_ms = 60000\n",
    )
    .await;
    for path in ["/relay/local/x", "/mock/wdt/openapi"] {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n",
            server.addr
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let (mut read, mut write) = stream.into_split();
        // One byte at a time until the server hangs up.
        let trickle = tokio::spawn(async move {
            let mut ticker = tokio::time::interval(std::time::Duration::from_millis(20));
            loop {
                ticker.tick().await;
                if write.write_all(b"a").await.is_err() {
                    return;
                }
            }
        });
        let mut buf = Vec::new();
        let _ = read.read_to_end(&mut buf).await;
        trickle.abort();
        let text = String::from_utf8_lossy(&buf);
        assert!(text.starts_with("HTTP/1.1 408"), "{path}: {text}");
        assert!(text.contains("request_timeout"), "{text}");
    }
    assert_eq!(up.connections(), 0);
}

#[tokio::test]
async fn a_connection_without_a_whole_request_head_is_closed() {
    let server = start(config("[limits]\nhead_timeout_ms = 200\n")).await;
    let head = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n", server.addr);
    let endless = [head.as_bytes(), &b"X-A: b\r\n".repeat(1000)].concat();
    // Silent from the start; half a head at once; a head without end, a byte at a time.
    for (what, sent, trickled) in [
        ("silent", Vec::new(), false),
        ("half a head", head.clone().into_bytes(), false),
        ("trickled", endless, true),
    ] {
        let stream = TcpStream::connect(server.addr).await.unwrap();
        let (mut read, mut write) = stream.into_split();
        // The client's side stays open (a close would end the connection by itself).
        let client = tokio::spawn(async move {
            if trickled {
                let mut ticker = tokio::time::interval(std::time::Duration::from_millis(10));
                for byte in sent {
                    ticker.tick().await;
                    if write.write_all(&[byte]).await.is_err() {
                        break;
                    }
                }
            } else {
                write.write_all(&sent).await.unwrap();
            }
            std::future::pending::<()>().await;
            drop(write);
        });
        let answer = read_until_closed(&mut read).await.0;
        client.abort();
        assert!(
            answer.is_empty(),
            "{what}: {}",
            String::from_utf8_lossy(&answer)
        );
    }
}

/// With `limits`: a first request answered on a kept-alive connection, so the wait for
/// the next head has begun, then a request to an upstream that never answers. Returns the
/// connection, the first request (to send again) and the answer to the second.
async fn slow_upstream_after_an_answer(
    limits: &str,
) -> (TcpStream, String, Reply, support::Upstream, support::Server) {
    let mut up = upstream(Behaviour::Hang).await;
    let server = relaying_to(&up, &format!("[limits]\n{limits}")).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let host = server.addr;
    let quick = format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
    stream.write_all(quick.as_bytes()).await.unwrap();
    assert_eq!(read_reply(&mut stream).await.status, 200);
    let slow = format!("GET /relay/local/slow HTTP/1.1\r\nHost: {host}\r\n\r\n");
    stream.write_all(slow.as_bytes()).await.unwrap();
    up.seen.recv().await.expect("the request is upstream");
    let answer = tokio::time::timeout(std::time::Duration::from_secs(20), read_reply(&mut stream))
        .await
        .expect("the total timeout ends the request");
    (stream, quick, answer, up, server)
}

#[tokio::test]
async fn a_kept_alive_connection_gets_a_fresh_wait_for_each_head() {
    // An upstream slower than the head timeout is waited for: the head is in.
    let (mut stream, quick, answer, _up, _server) =
        slow_upstream_after_an_answer("head_timeout_ms = 200\ntotal_timeout_ms = 700\n").await;
    assert!(answer.status_line.starts_with("HTTP/1.1 504"), "{answer:?}");
    // The next head's wait starts with that answer, not with the first answer.
    stream.write_all(quick.as_bytes()).await.unwrap();
    let answer = read_reply(&mut stream).await;
    assert!(answer.status_line.starts_with("HTTP/1.1 200"), "{answer:?}");
    // Then, idle, it is closed.
    let rest = read_until_closed(&mut stream).await.0;
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
}

#[tokio::test]
async fn a_total_timeout_shorter_than_the_head_timeout_is_kept_on_a_kept_alive_connection() {
    // The wait for the next head had begun, a minute long, when the slow request came.
    let (_stream, _, answer, _up, _server) =
        slow_upstream_after_an_answer("head_timeout_ms = 60000\ntotal_timeout_ms = 300\n").await;
    assert!(answer.status_line.starts_with("HTTP/1.1 504"), "{answer:?}");
    assert_eq!(
        answer.header("x-relay-error"),
        Some("upstream_timeout"),
        "{answer:?}"
    );
}

#[tokio::test]
async fn a_request_body_is_bounded_by_the_body_timeout_not_the_head_timeout() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = relaying_to(
        &up,
        "[limits]\nhead_timeout_ms = 200\nbody_timeout_ms = 20000\n",
    )
    .await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /relay/local/x HTTP/1.1\r\nHost: {}\r\nContent-Length: 8\r\n\r\n",
        server.addr
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The body comes slower than a head may: eight bytes over more than 200 ms.
    let mut ticker = tokio::time::interval(std::time::Duration::from_millis(40));
    for byte in b"12345678" {
        ticker.tick().await;
        stream.write_all(&[*byte]).await.unwrap();
    }
    let answer = read_reply(&mut stream).await;
    assert!(answer.status_line.starts_with("HTTP/1.1 200"), "{answer:?}");
}

#[tokio::test]
async fn past_the_relay_request_cap_the_answer_is_503() {
    let mut up = upstream(Behaviour::Hang).await;
    let server = relaying_to(&up, "[limits]\nmax_relay_requests = 1\n").await;
    let addr = server.addr;
    let first = tokio::spawn(async move { get(addr, "/relay/local/slow").await });
    up.seen.recv().await.expect("the first request is upstream");
    let reply = get(server.addr, "/relay/local/second").await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.error_code(), "busy");
    assert_eq!(up.connections(), 1);
    first.abort();
}

#[tokio::test]
async fn past_the_connection_cap_the_answer_is_503() {
    let server = start(config("[limits]\nmax_connections = 2\n")).await;
    // Two idle connections hold both places (hyper waits for their request heads).
    let a = TcpStream::connect(server.addr).await.unwrap();
    let b = TcpStream::connect(server.addr).await.unwrap();
    let reply = get(server.addr, "/healthz").await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.error_code(), "busy");
    assert_eq!(reply.header("x-relay-error"), Some("busy"));
    drop((a, b));
    // The places come back when those connections close.
    let mut status = 503;
    while status == 503 {
        status = get(server.addr, "/healthz").await.status;
    }
    assert_eq!(status, 200);
}

#[tokio::test]
async fn upstream_path_tricks_are_refused_with_400() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/api")))).await;
    for path in [
        "/relay/local/..;/admin",
        "/relay/local/a/..;x=1/b",
        "/relay/local/a%2fb",
        "/relay/local/a%2Fb",
        "/relay/local/a%5cb",
        "/relay/local/a%5Cb",
        "/relay/local/%252e%252e/admin",
        "/relay/local/%252E%252E/admin",
        "/relay/local/a\\..\\b",
        "/relay/local/x//y",
        "/relay/local//x",
        "/relay/local/%2e%2E/x",
        // Escapes some servers (Jetty, old Tomcat and IIS) decode to `.` or a cut name.
        "/relay/local/.%00./admin",
        "/relay/local/..%00/admin",
        "/relay/local/..%09/admin",
        "/relay/local/%u002e%u002e/admin",
        "/relay/local/%c0%ae%c0%ae/admin",
        "/relay/local/..%3b/admin",
    ] {
        let reply = get(server.addr, path).await;
        assert_eq!(reply.status, 400, "{path}: {reply:?}");
        assert_eq!(reply.error_code(), "bad_request", "{path}");
    }
    assert_eq!(up.connections(), 0);
    let reply = get(server.addr, "/relay/local/jdy/v2/bd/material/").await;
    assert_eq!(reply.text(), "/api/jdy/v2/bd/material/");
}

#[tokio::test]
async fn translated_nat64_teredo_and_ietf_ranges_are_refused() {
    let toml = "[upstreams.siit]\nbase = \"http://[::ffff:0:7f00:1]:9/\"\n\
                [upstreams.nat64]\nbase = \"http://[64:ff9b:1::a00:1]:9/\"\n\
                [upstreams.teredo]\nbase = \"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]:9/\"\n\
                [upstreams.ietf]\nbase = \"http://192.0.0.8:9/\"\n";
    let server = start(config(toml)).await;
    for name in ["siit", "nat64", "teredo", "ietf"] {
        let reply = get(server.addr, &format!("/relay/{name}/x")).await;
        assert_eq!(reply.status, 403, "{name}: {reply:?}");
        assert_eq!(reply.error_code(), "forbidden_address", "{name}");
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[tokio::test]
async fn a_compressed_answer_is_decoded_within_the_limit_or_refused() {
    let bomb = gzip(&vec![b'0'; 200_000]);
    assert!(bomb.len() < 1_000);
    let answer = response(
        200,
        &[
            ("Content-Encoding", "gzip"),
            ("Content-Type", "application/json"),
        ],
        &bomb,
    );
    let mut up = upstream(Behaviour::Respond(answer)).await;
    let limits = "[limits]\nresponse_body_bytes = 10000\n";
    let server = relaying_to(&up, limits).await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 502, "{reply:?}");
    assert_eq!(reply.error_code(), "response_too_large");
    let seen = up.seen.recv().await.unwrap();
    assert_eq!(seen.header("accept-encoding").as_deref(), Some("identity"));

    let small = response(200, &[("Content-Encoding", "gzip")], &gzip(b"{\"ok\":1}"));
    let up = upstream(Behaviour::Respond(small)).await;
    let server = relaying_to(&up, limits).await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "{\"ok\":1}");
    assert_eq!(reply.header("content-encoding"), None);

    let brotli = response(200, &[("Content-Encoding", "br")], b"\x0b\x02\x80");
    let up = upstream(Behaviour::Respond(brotli)).await;
    let server = relaying_to(&up, limits).await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.error_code(), "upstream_protocol");
}
