//! The relay, black-box on a real port: forwarding byte for byte, every refusal with its
//! JSON error and status, timing headers, concurrency, and logs free of secrets.

mod support;

use tokio::io::AsyncWriteExt;

use support::{config, get, response, send, start, upstream, Behaviour, Reply};

fn local(base: &str) -> String {
    format!("[upstreams.local]\nbase = \"{base}\"\nallow_private = true\n")
}

#[tokio::test]
async fn forwards_method_target_headers_and_body_byte_exact() {
    let answer = response(
        201,
        &[
            ("Content-Type", "application/json;charset=UTF-8"),
            ("X-Vendor", "kept"),
            ("Set-Cookie", "sid=1"),
            ("Keep-Alive", "timeout=5"),
            ("Access-Control-Allow-Origin", "*"),
        ],
        "{\"ok\":\"是\"}".as_bytes(),
    );
    let mut up = upstream(Behaviour::Respond(answer)).await;
    let server = start(config(&local(&up.base("/base/path")))).await;

    let query = "b=%2C%2c&a=x+y&ids=1,2&sign=ABC&empty=&%E4%B8%AD=%E6%96%87";
    // The page's own origin: other origins are refused before the relay (tests/security.rs).
    let own_origin = format!("http://{}", server.addr);
    let own_page = format!("{own_origin}/page");
    let body = "req_dto=%7B%22a%22%3A1%7D&x=中文\u{1}".as_bytes();
    let reply = send(
        server.addr,
        "PUT",
        &format!("/relay/local/jdy/v2/bd/material?{query}"),
        &[
            (
                "Content-Type",
                "application/x-www-form-urlencoded;charset=utf-8",
            ),
            ("X-Api-ClientID", "205022"),
            ("X-Api-Signature", "c2lnbmF0dXJl"),
            ("app-token", "tok"),
            ("X-GW-Router-Addr", "https://tf.jdy.com"),
            ("Accept", "application/json"),
            ("Cookie", "session=should-not-pass"),
            ("X-Forwarded-For", "203.0.113.9"),
            ("Origin", own_origin.as_str()),
            ("Referer", own_page.as_str()),
            ("Authorization", "Basic Zm9vOmJhcg=="),
            ("X-Relay-Token", "not-forwarded"),
        ],
        body,
    )
    .await;

    let seen = up.seen.recv().await.expect("the upstream got a request");
    assert_eq!(
        seen.request_line(),
        format!("PUT /base/path/jdy/v2/bd/material?{query} HTTP/1.1")
    );
    assert_eq!(seen.body, body);
    let lines = seen.header_lines();
    for exact in [
        "Content-Type: application/x-www-form-urlencoded;charset=utf-8",
        "X-Api-ClientID: 205022",
        "X-Api-Signature: c2lnbmF0dXJl",
        "app-token: tok",
        "X-GW-Router-Addr: https://tf.jdy.com",
        "Accept: application/json",
    ] {
        assert!(lines.contains(&exact), "{exact:?} not in {lines:?}");
    }
    assert_eq!(seen.header("host"), Some(up.addr.to_string()));
    assert_eq!(seen.header("content-length"), Some(body.len().to_string()));
    for dropped in [
        "cookie",
        "x-forwarded-for",
        "origin",
        "referer",
        "authorization",
        "x-relay-token",
        "forwarded",
        "via",
    ] {
        assert_eq!(
            seen.header(dropped),
            None,
            "{dropped} must not be forwarded"
        );
    }

    assert_eq!(reply.status, 201);
    assert_eq!(reply.text(), "{\"ok\":\"是\"}");
    assert_eq!(reply.header("x-vendor"), Some("kept"));
    assert_eq!(
        reply.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(reply.header("set-cookie"), None);
    assert_eq!(reply.header("keep-alive"), None);
    assert_eq!(reply.header("access-control-allow-origin"), None);
    let timing = reply.header("server-timing").unwrap();
    for phase in ["dns;dur=", "connect;dur=", "ttfb;dur=", "total;dur="] {
        assert!(timing.contains(phase), "{phase} missing in {timing}");
    }
    assert!(!timing.contains("tls;"), "no TLS over http: {timing}");
}

#[tokio::test]
async fn an_empty_rest_goes_to_the_base_itself() {
    let mut up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/router/rest")))).await;
    let reply = get(server.addr, "/relay/local?method=a.b&v=2.0").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "/router/rest?method=a.b&v=2.0");
    assert_eq!(
        up.seen.recv().await.unwrap().request_line(),
        "GET /router/rest?method=a.b&v=2.0 HTTP/1.1"
    );

    let reply = get(server.addr, "/relay/local/").await;
    assert_eq!(reply.text(), "/router/rest");
}

#[tokio::test]
async fn a_base_without_path_keeps_the_rest_as_is() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("")))).await;
    let reply = get(server.addr, "/relay/local/a%3Fb/%E4%B8%AD?x=%20").await;
    assert_eq!(reply.text(), "/a%3Fb/%E4%B8%AD?x=%20");
    let reply = get(server.addr, "/relay/local").await;
    assert_eq!(reply.text(), "/");
}

#[tokio::test]
async fn unknown_upstream_is_404() {
    let server = start(config("")).await;
    let reply = get(server.addr, "/relay/nowhere/x").await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.error_code(), "unknown_upstream");
}

#[tokio::test]
async fn a_private_address_is_refused_before_connecting() {
    let up = upstream(Behaviour::EchoTarget).await;
    let toml = format!(
        "[upstreams.loop]\nbase = \"{}\"\n\
         [upstreams.ten]\nbase = \"http://10.0.0.1/x\"\n\
         [upstreams.named]\nbase = \"http://localhost:{}/\"\n\
         [upstreams.meta]\nbase = \"http://169.254.169.254/latest\"\n\
         [upstreams.v6]\nbase = \"http://[::ffff:127.0.0.1]:{}/\"\n",
        up.base("/"),
        up.addr.port(),
        up.addr.port()
    );
    let server = start(config(&toml)).await;
    for name in ["loop", "ten", "named", "meta", "v6"] {
        let reply = get(server.addr, &format!("/relay/{name}/x")).await;
        assert_eq!(reply.status, 403, "{name}: {}", reply.text());
        assert_eq!(reply.error_code(), "forbidden_address");
        // Refused after resolving, before any connection: no connect phase was timed.
        let timing = reply.header("server-timing").unwrap();
        assert!(!timing.contains("connect"), "{name}: {timing}");
    }
    assert_eq!(up.connections(), 0, "no connection reached the upstream");
}

#[tokio::test]
async fn a_request_body_over_the_limit_is_413() {
    let up = upstream(Behaviour::EchoTarget).await;
    let toml = format!(
        "{}[limits]\nrequest_body_bytes = 1024\n",
        local(&up.base("/"))
    );
    let server = start(config(&toml)).await;
    let reply = send(server.addr, "POST", "/relay/local/x", &[], &[b'a'; 2000]).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.error_code(), "request_too_large");

    // Chunked, so the size is only known while reading.
    let mut raw = format!(
        "POST /relay/local/x HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n",
        server.addr
    )
    .into_bytes();
    for _ in 0..3 {
        raw.extend_from_slice(b"258\r\n");
        raw.extend_from_slice(&[b'b'; 600]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let reply = support::send_raw(server.addr, &raw).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.error_code(), "request_too_large");
    assert_eq!(up.connections(), 0);

    let reply = send(server.addr, "POST", "/relay/local/x", &[], &[b'a'; 1024]).await;
    assert_eq!(reply.status, 200);
}

/// One GET relayed to an upstream that answers `raw`, with `extra` config after the
/// `local` upstream.
async fn relay_answer(raw: Vec<u8>, extra: &str) -> Reply {
    let up = upstream(Behaviour::Respond(raw)).await;
    let server = start(config(&format!("{}{extra}", local(&up.base("/"))))).await;
    get(server.addr, "/relay/local/x").await
}

/// `raw` from the upstream, relayed with a 1024-byte response limit, is refused with 502.
async fn assert_too_large(raw: Vec<u8>) {
    let reply = relay_answer(raw, "[limits]\nresponse_body_bytes = 1024\n").await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.error_code(), "response_too_large");
}

#[tokio::test]
async fn a_response_over_the_limit_is_502() {
    assert_too_large(response(200, &[], &[b'z'; 5000])).await;
}

#[tokio::test]
async fn a_response_without_length_over_the_limit_is_502() {
    // No Content-Length: the relay only finds out while reading.
    let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(&[b'z'; 5000]);
    assert_too_large(raw).await;
}

#[tokio::test]
async fn answers_arrive_whole_however_the_upstream_frames_them() {
    let cases: [(&str, &[u8], u16, &str); 6] = [
        (
            "chunked, with an extension and trailers",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
              4;x=1\r\n{\"a\"\r\n4\r\n:\"\xe6\x98\r\n3\r\n\xaf\"}\r\n0\r\nX-T: 1\r\n\r\n",
            200,
            "{\"a\":\"是\"}",
        ),
        (
            "no length: to the close",
            b"HTTP/1.1 200 OK\r\n\r\n{\"to\":\"close\"}",
            200,
            "{\"to\":\"close\"}",
        ),
        (
            "HTTP/1.0",
            b"HTTP/1.0 202 Accepted\r\nContent-Length: 2\r\n\r\n{}",
            202,
            "{}",
        ),
        (
            "an informational head first",
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nmade",
            201,
            "made",
        ),
        (
            "no content",
            b"HTTP/1.1 204 No Content\r\n\r\n",
            204,
            "",
        ),
        (
            "chunked wins over a length",
            b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
            200,
            "ok",
        ),
    ];
    for (what, raw, status, body) in cases {
        let reply = relay_answer(raw.to_vec(), "").await;
        assert_eq!(reply.status, status, "{what}");
        assert_eq!(reply.text(), body, "{what}");
    }
}

#[tokio::test]
async fn a_long_answer_arrives_whole() {
    // Longer than one read: the rest is read to its length, in whatever pieces it comes.
    let body: Vec<u8> = (0..300_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let reply = relay_answer(response(200, &[], &body), "").await;
    assert_eq!(reply.status, 200);
    assert!(reply.body == body, "{} bytes came back", reply.body.len());
}

#[tokio::test]
async fn a_broken_answer_is_502_upstream_protocol() {
    let cases: [(&str, &[u8]); 5] = [
        ("not HTTP", b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
        ("closed before answering", b""),
        (
            "cut short",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        ),
        (
            "two lengths",
            b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        ),
        (
            "a bad chunk",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        ),
    ];
    for (what, raw) in cases {
        let reply = relay_answer(raw.to_vec(), "").await;
        assert_eq!(reply.status, 502, "{what}");
        assert_eq!(reply.error_code(), "upstream_protocol", "{what}");
    }
}

#[tokio::test]
async fn a_chunked_response_over_the_limit_is_502() {
    let mut raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..5 {
        raw.extend_from_slice(b"3e8\r\n");
        raw.extend_from_slice(&[b'z'; 1000]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    assert_too_large(raw).await;
}

#[tokio::test]
async fn a_slow_upstream_times_out_with_504() {
    let up = upstream(Behaviour::Hang).await;
    let toml = format!("{}[limits]\ntotal_timeout_ms = 200\n", local(&up.base("/")));
    let server = start(config(&toml)).await;
    let reply = get(server.addr, "/relay/local/slow").await;
    assert_eq!(reply.status, 504);
    assert_eq!(reply.error_code(), "upstream_timeout");
    assert_eq!(up.connections(), 1);
}

/// A client that hangs up while its request waits on the upstream ends that exchange:
/// the relay closes the upstream connection and the request's place under
/// `max_relay_requests` is free for the next one. With the total timeout ten minutes away,
/// only noticing the hang-up can do it. Twice: straight to the relay, and through the
/// router when a CORS layer sits in front of it.
#[tokio::test]
async fn a_client_that_hangs_up_ends_its_upstream_exchange() {
    for cors in ["", "[cors]\norigins = [\"https://tools.example\"]\n"] {
        let mut up = upstream(Behaviour::Hang).await;
        let toml = format!(
            "{cors}{}[limits]\nmax_relay_requests = 1\ntotal_timeout_ms = 600000\n",
            local(&up.base("/"))
        );
        let server = start(config(&toml)).await;
        let rounds = async {
            for _ in 0..2 {
                let mut client = tokio::net::TcpStream::connect(server.addr).await.unwrap();
                let head = format!(
                    "GET /relay/local/slow HTTP/1.1\r\nHost: {}\r\n\r\n",
                    server.addr
                );
                client.write_all(head.as_bytes()).await.unwrap();
                up.seen.recv().await.expect("the request is upstream");
                drop(client);
                up.closed.recv().await.expect("the relay closes its end");
            }
        };
        // A bound for a failure only: each step above waits for what it expects.
        tokio::time::timeout(std::time::Duration::from_secs(60), rounds)
            .await
            .unwrap_or_else(|_| panic!("cors {cors:?}: the upstream exchange outlived its client"));
    }
}

/// One client connection carrying a body larger than a single read and two requests
/// pipelined behind it: each goes upstream whole, in order, and each is answered (the
/// relay's watch for a hang-up takes the waiting requests for what they are).
#[tokio::test]
async fn a_connection_carries_a_large_body_and_pipelined_requests() {
    let mut up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let body: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let host = server.addr;
    let mut wire = format!(
        "POST /relay/local/big HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    wire.extend_from_slice(&body);
    wire.extend_from_slice(
        format!(
            "GET /relay/local/second HTTP/1.1\r\nHost: {host}\r\n\r\n\
             GET /relay/local/third HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    );
    let mut client = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    client.write_all(&wire).await.unwrap();
    let answers = support::read_all(&mut client).await;
    assert_eq!(answers.matches("HTTP/1.1 200 OK").count(), 3, "{answers}");
    support::assert_in_order(&answers, &["/big", "/second", "/third"]);
    let first = up.seen.recv().await.expect("the POST went upstream");
    assert_eq!(first.request_line(), "POST /big HTTP/1.1");
    assert_eq!(first.body, body);
    for line in ["GET /second HTTP/1.1", "GET /third HTTP/1.1"] {
        let seen = up
            .seen
            .recv()
            .await
            .expect("the next request went upstream");
        assert_eq!(seen.request_line(), line);
    }
}

#[tokio::test]
async fn a_refused_connection_is_502() {
    // A port that was free a moment ago and has no listener now.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let server = start(config(&local(&format!("http://127.0.0.1:{port}/")))).await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.error_code(), "upstream_unreachable");
    // Which service refused, not only which machine.
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains(&format!("`127.0.0.1:{port}`")),
        "{message}"
    );
}

#[tokio::test]
async fn a_redirect_is_handed_back_not_followed() {
    let answer = response(302, &[("Location", "http://127.0.0.1:1/elsewhere")], b"");
    let mut up = upstream(Behaviour::Respond(answer)).await;
    let server = start(config(&local(&up.base("/")))).await;
    let reply = get(server.addr, "/relay/local/moved").await;
    assert_eq!(reply.status, 302);
    assert_eq!(
        reply.header("location"),
        Some("http://127.0.0.1:1/elsewhere")
    );
    assert!(up.seen.recv().await.is_some());
    assert_eq!(up.connections(), 1, "the relay did not follow the redirect");
}

#[tokio::test]
async fn two_hundred_concurrent_requests_all_succeed() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/e")))).await;
    let addr = server.addr;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            tokio::spawn(async move {
                let reply = get(addr, &format!("/relay/local/n{i}?i={i}")).await;
                (reply.status, reply.text(), i)
            })
        })
        .collect();
    for task in tasks {
        let (status, text, i) = task.await.unwrap();
        assert_eq!(status, 200, "request {i}");
        assert_eq!(text, format!("/e/n{i}?i={i}"));
    }
    assert_eq!(up.connections(), 200);
}

#[tokio::test]
async fn logs_one_line_a_request_without_secrets() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let reply = send(
        server.addr,
        "POST",
        "/relay/local/jdy/v2/x?sign=SECRETSIGN&session=SECRETSESSION&app_signature=SECRETAPPSIG",
        &[
            ("app-token", "SECRETTOKEN"),
            ("X-Api-Signature", "SECRETSIGNATURE"),
            ("Content-Type", "application/json"),
        ],
        b"{\"appSecret\":\"SECRETBODY\"}",
    )
    .await;
    assert_eq!(reply.status, 200);
    let _ = get(server.addr, "/relay/nowhere?sign=SECRETSIGN2").await;

    let log = server.log.contents();
    let lines: Vec<&str> = log.lines().filter(|l| l.starts_with("relay ")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].contains("upstream=local"), "{log}");
    assert!(lines[0].contains("path=/jdy/v2/x "), "{log}");
    assert!(lines[0].contains("status=200"), "{log}");
    assert!(lines[0].contains("ms="), "{log}");
    assert!(
        lines[0].contains(&format!("bytes={}", reply.body.len())),
        "{log}"
    );
    assert!(lines[1].contains("status=404"), "{log}");
    for secret in ["SECRET", "sign=", "session", "app-token", "appSecret"] {
        assert!(
            !log.contains(secret),
            "{secret} leaked into the log:\n{log}"
        );
    }
}

#[tokio::test]
async fn the_token_is_required_when_set() {
    let up = upstream(Behaviour::EchoTarget).await;
    let toml = format!("token = \"t0ken\"\n{}", local(&up.base("/")));
    let server = start(config(&toml)).await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.error_code(), "unauthorized");
    let reply = send(
        server.addr,
        "GET",
        "/relay/local/x",
        &[("X-Relay-Token", "t0ke")],
        b"",
    )
    .await;
    assert_eq!(reply.status, 401);
    let reply = send(
        server.addr,
        "GET",
        "/relay/local/x",
        &[("X-Relay-Token", "t0ken")],
        b"",
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(up.connections(), 1);
}

#[tokio::test]
async fn cors_only_for_configured_origins() {
    let up = upstream(Behaviour::EchoTarget).await;
    let toml = format!(
        "token = \"t\"\n[cors]\norigins = [\"https://app.example\"]\n{}",
        local(&up.base("/"))
    );
    let server = start(config(&toml)).await;
    // The preflight carries no token; it must pass and allow the relay's headers.
    let reply = send(
        server.addr,
        "OPTIONS",
        "/relay/local/x",
        &[
            ("Origin", "https://app.example"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "x-api-signature,x-relay-token",
            ),
        ],
        b"",
    )
    .await;
    assert!(reply.status < 300, "{reply:?}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert!(reply
        .header("access-control-allow-headers")
        .unwrap()
        .contains("x-relay-token"));

    let reply = send(
        server.addr,
        "GET",
        "/relay/local/x",
        &[("Origin", "https://app.example"), ("X-Relay-Token", "t")],
        b"",
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("server-timing") && exposed.contains("x-relay-error"));

    let reply = send(
        server.addr,
        "GET",
        "/relay/local/x",
        &[("Origin", "https://other.example"), ("X-Relay-Token", "t")],
        b"",
    )
    .await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn no_cors_headers_without_configured_origins() {
    let server = start(config("")).await;
    let reply = send(
        server.addr,
        "GET",
        "/healthz",
        &[("Origin", "https://x.example")],
        b"",
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_query_with_characters_browsers_leave_raw_passes_unchanged() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    // `"`, `<` and `>` are not valid in a request target: browsers always encode them.
    let query = "req_dto={%22a%22:[1,2]}&x=a|b^c`d\\e&y=%7b%7D&z=~!*'();:@$,/?";
    let reply = get(server.addr, &format!("/relay/local/p?{query}")).await;
    assert_eq!(reply.status, 200, "{:?} {}", reply.headers, reply.text());
    assert_eq!(reply.text(), format!("/p?{query}"));
}

/// A one-shot HTTPS upstream on 127.0.0.1 with a self-signed certificate for `localhost`.
async fn tls_upstream() -> (std::net::SocketAddr, Vec<u8>) {
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls::{self, pki_types::PrivateKeyDer, ServerConfig};

    let key = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert_der = key.cert.der().to_vec();
    let private = PrivateKeyDer::try_from(key.key_pair.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der.clone().into()], private)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let n = tls.read(&mut buf).await.unwrap_or(0);
                let target = String::from_utf8_lossy(&buf[..n])
                    .split(' ')
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                let _ = tls.write_all(&response(200, &[], target.as_bytes())).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, cert_der)
}

#[tokio::test]
async fn relays_over_tls_and_times_the_handshake() {
    let (addr, cert) = tls_upstream().await;
    let mut c = config(&local(&format!("https://localhost:{}/tls", addr.port())));
    c.extra_roots_der = vec![cert];
    let server = start(c).await;
    let reply = get(server.addr, "/relay/local/x?y=1").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text(), "/tls/x?y=1");
    let timing = reply.header("server-timing").unwrap();
    assert!(timing.contains("tls;dur="), "{timing}");
}

#[tokio::test]
async fn an_untrusted_certificate_is_502() {
    let (addr, _) = tls_upstream().await;
    let server = start(config(&local(&format!(
        "https://localhost:{}/",
        addr.port()
    ))))
    .await;
    let reply = get(server.addr, "/relay/local/x").await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.error_code(), "tls_failed");
}

#[tokio::test]
async fn dot_segments_cannot_climb_out_of_the_base_path() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/api")))).await;
    for target in [
        "/relay/local/../admin",
        "/relay/local/a/%2E%2e/b",
        "/relay/local/./x",
    ] {
        let reply = get(server.addr, target).await;
        assert_eq!(reply.status, 400, "{target}");
        assert_eq!(reply.error_code(), "bad_request");
    }
    assert_eq!(up.connections(), 0);
    // Dots inside a segment are fine.
    let reply = get(server.addr, "/relay/local/a..b/.well-known").await;
    assert_eq!(reply.text(), "/api/a..b/.well-known");
}

#[tokio::test]
async fn a_status_with_no_standard_reason_keeps_the_upstreams_words() {
    // Kingdee's gateway errors are HTTP 519: hyper alone would write `519 <none>`.
    for (sent, relayed) in [
        ("HTTP/1.1 519 \r\n", "HTTP/1.1 519 "),
        (
            "HTTP/1.1 519 Gateway Error\r\n",
            "HTTP/1.1 519 Gateway Error",
        ),
    ] {
        let raw = format!("{sent}Content-Length: 2\r\nConnection: close\r\n\r\n{{}}");
        let reply = relay_answer(raw.into_bytes(), "").await;
        assert_eq!(reply.status_line, relayed);
    }
    // A standard status keeps its standard reason.
    let reply = relay_answer(response(404, &[], b"{}"), "").await;
    assert_eq!(reply.status_line, "HTTP/1.1 404 Not Found");
}

#[tokio::test]
async fn the_kingdee_mock_sends_519_with_no_reason_words() {
    let server = start(config("")).await;
    let reply = get(server.addr, "/mock/kingdee/jdy/v2/bd/material").await;
    assert_eq!(reply.status, 519, "{reply:?}");
    assert_eq!(reply.status_line, "HTTP/1.1 519 ");
}
