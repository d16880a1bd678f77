//! The relay's keep-alive pool, black-box on real ports: a local upstream that keeps its
//! connections open and reports each accept, request and close, so the tests wait for
//! those events rather than for time.

mod support;

use std::time::Duration;

use support::{config, get, start, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

#[derive(Debug, PartialEq)]
enum Event {
    Accepted(usize),
    /// Connection number and request line.
    Request(usize, String),
    /// The relay closed the connection (the upstream itself never does).
    Closed(usize),
}

struct KeepAlive {
    base: String,
    events: mpsc::UnboundedReceiver<Event>,
}

impl KeepAlive {
    /// The next event; a generous bound only so a broken relay fails instead of hanging.
    async fn next(&mut self) -> Event {
        tokio::time::timeout(Duration::from_secs(20), self.events.recv())
            .await
            .expect("the upstream reported nothing within 20 s")
            .expect("the upstream is running")
    }

    /// Everything reported so far, without waiting.
    fn drain(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        while let Ok(e) = self.events.try_recv() {
            out.push(e);
        }
        out
    }
}

/// An HTTP/1.1 upstream that answers `ok` to every request and keeps the connection open
/// until the other side closes it.
async fn keep_alive_upstream() -> KeepAlive {
    keep_alive_upstream_holding(0).await
}

/// Same, answering nothing until `hold` requests have arrived: that many are then in
/// flight at once, each on a connection of its own.
async fn keep_alive_upstream_holding(hold: usize) -> KeepAlive {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, events) = mpsc::unbounded_channel();
    let (seen, _) = watch::channel(0usize);
    tokio::spawn(async move {
        for id in 0.. {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let _ = tx.send(Event::Accepted(id));
            let tx = tx.clone();
            let seen = seen.clone();
            tokio::spawn(async move { serve_connection(id, stream, tx, seen, hold).await });
        }
    });
    KeepAlive { base, events }
}

async fn serve_connection(
    id: usize,
    mut stream: TcpStream,
    tx: mpsc::UnboundedSender<Event>,
    seen: watch::Sender<usize>,
    hold: usize,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            if buf.len() < end + 4 + length {
                break;
            }
            buf.drain(..end + 4 + length);
            let line = head.lines().next().unwrap_or_default().to_string();
            let _ = tx.send(Event::Request(id, line));
            seen.send_modify(|n| *n += 1);
            let _ = seen.subscribe().wait_for(|n| *n >= hold).await;
            let answer =
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
            if stream.write_all(answer).await.is_err() {
                let _ = tx.send(Event::Closed(id));
                return;
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                let _ = tx.send(Event::Closed(id));
                return;
            }
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn upstreams(entries: &[(&str, &str, bool)], pool: &str) -> String {
    let mut toml = String::from(pool);
    for (name, base, allow_private) in entries {
        toml.push_str(&format!(
            "\n[upstreams.{name}]\nbase = \"{base}\"\nallow_private = {allow_private}\n"
        ));
    }
    toml
}

fn timing(reply: &Reply) -> String {
    reply
        .header("server-timing")
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn two_requests_in_a_row_share_one_connection() {
    let mut up = keep_alive_upstream().await;
    let server = start(config(&upstreams(&[("local", &up.base, true)], ""))).await;

    let first = get(server.addr, "/relay/local/one").await;
    assert_eq!((first.status, first.text().as_str()), (200, "ok"));
    assert_eq!(up.next().await, Event::Accepted(0));
    assert_eq!(
        up.next().await,
        Event::Request(0, "GET /one HTTP/1.1".into())
    );
    let t = timing(&first);
    assert!(t.contains("connect;dur=") && !t.contains("reused"), "{t}");

    let second = get(server.addr, "/relay/local/two").await;
    assert_eq!((second.status, second.text().as_str()), (200, "ok"));
    assert_eq!(
        up.next().await,
        Event::Request(0, "GET /two HTTP/1.1".into())
    );
    let t = timing(&second);
    assert!(t.starts_with(r#"conn;desc="reused", ttfb;dur="#), "{t}");
    for absent in ["dns;", "connect;", "tls;"] {
        assert!(!t.contains(absent), "{absent} in {t}");
    }
    assert_eq!(up.drain(), vec![], "no second connection, no close");
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_its_timeout() {
    let mut up = keep_alive_upstream().await;
    let pool = "[pool]\nidle_timeout_ms = 150\n";
    let server = start(config(&upstreams(&[("local", &up.base, true)], pool))).await;

    assert_eq!(get(server.addr, "/relay/local/a").await.status, 200);
    assert_eq!(up.next().await, Event::Accepted(0));
    assert_eq!(up.next().await, Event::Request(0, "GET /a HTTP/1.1".into()));
    // The upstream never closes: this close is the relay's idle timeout.
    assert_eq!(up.next().await, Event::Closed(0));

    // The next request needs (and gets) a new connection.
    let reply = get(server.addr, "/relay/local/b").await;
    assert_eq!(reply.status, 200);
    assert!(!timing(&reply).contains("reused"), "{}", timing(&reply));
    assert_eq!(up.next().await, Event::Accepted(1));
    assert_eq!(up.next().await, Event::Request(1, "GET /b HTTP/1.1".into()));
}

#[tokio::test]
async fn the_cold_path_opens_a_connection_per_request() {
    let mut up = keep_alive_upstream().await;
    let pool = "[pool]\nmax_idle_per_upstream = 0\n";
    let server = start(config(&upstreams(&[("local", &up.base, true)], pool))).await;
    for (i, path) in ["a", "b"].into_iter().enumerate() {
        let reply = get(server.addr, &format!("/relay/local/{path}")).await;
        assert_eq!(reply.status, 200);
        assert!(
            timing(&reply).contains("connect;dur="),
            "{}",
            timing(&reply)
        );
        assert_eq!(up.next().await, Event::Accepted(i));
        assert_eq!(
            up.next().await,
            Event::Request(i, format!("GET /{path} HTTP/1.1"))
        );
        // `Connection: close` went upstream; the relay ends the connection after it.
        assert_eq!(up.next().await, Event::Closed(i));
    }
}

#[tokio::test]
async fn a_pooled_connection_is_never_lent_past_the_ssrf_check() {
    let mut up = keep_alive_upstream().await;
    // Two names for the same loopback address: one may reach private addresses, one not.
    let entries = [
        ("lenient", up.base.as_str(), true),
        ("strict", &up.base, false),
    ];
    let server = start(config(&upstreams(&entries, ""))).await;

    assert_eq!(get(server.addr, "/relay/lenient/a").await.status, 200);
    assert_eq!(up.next().await, Event::Accepted(0));
    assert_eq!(up.next().await, Event::Request(0, "GET /a HTTP/1.1".into()));

    // An idle connection to 127.0.0.1 is in the pool, yet the strict upstream checks the
    // address anew and refuses before any connection or reuse.
    for _ in 0..2 {
        let refused = get(server.addr, "/relay/strict/b").await;
        assert_eq!(refused.status, 403);
        assert_eq!(refused.error_code(), "forbidden_address");
    }
    // The lenient one still reuses its own connection; the upstream saw nothing else.
    let reply = get(server.addr, "/relay/lenient/c").await;
    assert!(timing(&reply).contains("reused"), "{}", timing(&reply));
    assert_eq!(up.next().await, Event::Request(0, "GET /c HTTP/1.1".into()));
    assert_eq!(up.drain(), vec![]);
}

#[tokio::test]
async fn concurrent_requests_open_checked_connections_and_park_them_up_to_the_bound() {
    let mut up = keep_alive_upstream_holding(5).await;
    let pool = "[pool]\nmax_idle_per_upstream = 2\n";
    let server = start(config(&upstreams(&[("local", &up.base, true)], pool))).await;

    // Five at once (the upstream holds its answers until all five arrived) need five
    // connections, each opened after its own check; only two may stay.
    let replies = futures_join(server.addr, 5).await;
    assert!(replies.iter().all(|r| *r == 200), "{replies:?}");
    let mut accepted = 0;
    let mut closed = 0;
    while accepted < 5 || closed < 3 {
        match up.next().await {
            Event::Accepted(_) => accepted += 1,
            Event::Closed(_) => closed += 1,
            Event::Request(..) => {}
        }
    }
    // The two parked ones serve the next two requests.
    for _ in 0..2 {
        let reply = get(server.addr, "/relay/local/again").await;
        assert!(timing(&reply).contains("reused"), "{}", timing(&reply));
    }
    let later = up.drain();
    assert!(
        later.iter().all(|e| matches!(e, Event::Request(..))),
        "{later:?}"
    );
}

async fn futures_join(addr: std::net::SocketAddr, n: usize) -> Vec<u16> {
    let tasks: Vec<_> = (0..n)
        .map(|i| tokio::spawn(async move { get(addr, &format!("/relay/local/c{i}")).await.status }))
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
