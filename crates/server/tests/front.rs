//! The lean front (relayed GETs) and hyper (everything else) sharing one client connection,
//! black-box on a real port: requests are answered in order whichever of the two reads
//! them, and a head the front does not take is read by hyper from its first byte.

mod support;

use std::time::Duration;

use support::{assert_in_order, config, read_all, send_raw, start, upstream, Behaviour};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

fn local(base: &str) -> String {
    format!("[upstreams.local]\nbase = \"{base}\"\nallow_private = true\n")
}

#[tokio::test]
async fn pipelined_gets_a_post_and_a_get_after_it_share_a_connection() {
    let mut up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let host = server.addr;
    let mut client = TcpStream::connect(host).await.unwrap();
    // Two GETs in one write (the front), then a POST (handed to hyper), then a GET that
    // hyper reads after it.
    let wire = format!(
        "GET /relay/local/one HTTP/1.1\r\nHost: {host}\r\n\r\n\
         GET /relay/local/two?x=1 HTTP/1.1\r\nHost: {host}\r\n\r\n\
         POST /relay/local/three HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\n\r\nbody\
         GET /relay/local/four HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    );
    client.write_all(wire.as_bytes()).await.unwrap();
    let answers = read_all(&mut client).await;
    assert_eq!(
        answers.matches("HTTP/1.1 200 OK\r\n").count(),
        4,
        "{answers}"
    );
    assert_in_order(&answers, &["/one", "/two?x=1", "/three", "/four"]);
    for line in [
        "GET /one HTTP/1.1",
        "GET /two?x=1 HTTP/1.1",
        "POST /three HTTP/1.1",
        "GET /four HTTP/1.1",
    ] {
        let seen = up.seen.recv().await.expect("the request went upstream");
        assert_eq!(seen.request_line(), line);
    }
}

#[tokio::test]
async fn the_fronts_answer_carries_the_guard_date_length_and_close() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let host = server.addr;
    let reply = send_raw(
        host,
        format!("GET /relay/local/x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await;
    assert_eq!(reply.status_line, "HTTP/1.1 200 OK");
    assert_eq!(reply.text(), "/x");
    assert_eq!(reply.header("content-length"), Some("2"));
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(reply.header("date").is_some_and(|d| d.ends_with(" GMT")));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert!(reply.header("server-timing").is_some());
}

/// A GET whose body looks like a request: the body is the GET's (hyper reads it by its
/// length), never a request of its own.
#[tokio::test]
async fn a_get_with_a_body_never_smuggles_a_request() {
    let mut up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let host = server.addr;
    let hidden = format!("GET /relay/local/smuggled HTTP/1.1\r\nHost: {host}\r\n\r\n");
    let wire = format!(
        "GET /relay/local/x HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\n\r\n{hidden}\
         GET /relay/local/after HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
        hidden.len()
    );
    let mut client = TcpStream::connect(host).await.unwrap();
    client.write_all(wire.as_bytes()).await.unwrap();
    let answers = read_all(&mut client).await;
    assert_eq!(
        answers.matches("HTTP/1.1 200 OK\r\n").count(),
        2,
        "{answers}"
    );
    assert!(!answers.contains("smuggled"), "{answers}");
    let first = up.seen.recv().await.unwrap();
    assert_eq!(first.request_line(), "GET /x HTTP/1.1");
    assert_eq!(first.body, hidden.as_bytes());
    assert_eq!(
        up.seen.recv().await.unwrap().request_line(),
        "GET /after HTTP/1.1"
    );
}

/// A head that arrives in pieces is put together before it is read.
#[tokio::test]
async fn a_head_in_pieces_is_answered() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let host = server.addr;
    let mut client = TcpStream::connect(host).await.unwrap();
    let head =
        format!("GET /relay/local/slow HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    for piece in head.as_bytes().chunks(7) {
        client.write_all(piece).await.unwrap();
        client.flush().await.unwrap();
    }
    let answers = read_all(&mut client).await;
    assert!(answers.starts_with("HTTP/1.1 200 OK\r\n"), "{answers}");
    assert!(answers.ends_with("/slow"), "{answers}");
}

/// Heads the front leaves alone get hyper's answers: a malformed one its 400, an
/// HTTP/1.0 request an answer and the connection's end.
#[tokio::test]
async fn heads_the_front_leaves_are_hypers() {
    let up = upstream(Behaviour::EchoTarget).await;
    let server = start(config(&local(&up.base("/")))).await;
    let host = server.addr;
    let bad = send_raw(
        host,
        format!("GET /relay/local/x HTTP/1.1\r\nHost: {host}\r\nno colon here\r\n\r\n").as_bytes(),
    )
    .await;
    assert_eq!(bad.status, 400);
    let old = send_raw(
        host,
        format!("GET /relay/local/old HTTP/1.0\r\nHost: {host}\r\n\r\n").as_bytes(),
    )
    .await;
    assert_eq!(old.status, 200);
    assert_eq!(old.text(), "/old");
}

/// Each relayed request on a kept-alive connection is bounded by its own total time, on
/// the connection's one timer: a quick answer first, then a request to an upstream that
/// never answers, which still ends in 504 (and, after it, the connection serves more).
#[tokio::test]
async fn every_request_on_a_connection_keeps_its_own_total_timeout() {
    let fast = upstream(Behaviour::EchoTarget).await;
    let slow = upstream(Behaviour::Hang).await;
    let toml = format!(
        "[upstreams.fast]\nbase = \"{}\"\nallow_private = true\n\
         [upstreams.slow]\nbase = \"{}\"\nallow_private = true\n\
         [limits]\ntotal_timeout_ms = 300\n",
        fast.base("/"),
        slow.base("/")
    );
    let server = start(config(&toml)).await;
    let host = server.addr;
    let mut client = TcpStream::connect(host).await.unwrap();
    for (target, status) in [
        ("/relay/fast/one", 200),
        ("/relay/slow/hang", 504),
        ("/relay/slow/again", 504),
        ("/relay/fast/two", 200),
    ] {
        let head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        client.write_all(head.as_bytes()).await.unwrap();
        // A bound for a failure only: the relay's own timeout answers well before.
        let reply = tokio::time::timeout(Duration::from_secs(60), support::read_reply(&mut client))
            .await
            .unwrap_or_else(|_| panic!("{target}: no answer"));
        assert_eq!(reply.status, status, "{target}: {}", reply.text());
        if status == 504 {
            assert_eq!(reply.error_code(), "upstream_timeout");
        }
    }
}
