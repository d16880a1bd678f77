//! Shared by the relay and serve tests: the server on 127.0.0.1:random with a captured
//! log, a test upstream that records the exact bytes it receives, and a raw HTTP/1.1
//! client that sends exactly the bytes it is given.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use countersign_server::{bind, Config, LogSink, MemoryLog};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

pub struct Server {
    pub addr: SocketAddr,
    pub log: MemoryLog,
}

/// A config for tests: random port, no app built, the built-in upstreams, plus `toml`.
pub fn config(toml: &str) -> Config {
    let mut c = Config {
        port: 0,
        dist: std::env::temp_dir().join("countersign-test-no-dist"),
        ..Config::default()
    };
    c.apply_toml(toml).expect("test config parses");
    c
}

pub async fn start(config: Config) -> Server {
    let (sink, log) = LogSink::memory();
    let bound = bind(&config, sink).await.expect("binds");
    let addr = bound.addr;
    tokio::spawn(bound.serve());
    Server { addr, log }
}

/// What the test upstream saw of one request.
#[derive(Clone, Debug)]
pub struct Seen {
    /// Request line and header lines, exactly as received.
    pub head: String,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    pub fn header_lines(&self) -> Vec<&str> {
        self.head
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        self.header_lines().iter().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

#[derive(Clone)]
pub enum Behaviour {
    /// Answers every request with these bytes.
    Respond(Vec<u8>),
    /// Answers 200 with the request line's target as the body.
    EchoTarget,
    /// Reads the request and never answers; says on `closed` when the relay closes the
    /// connection.
    Hang,
}

pub struct Upstream {
    pub addr: SocketAddr,
    pub seen: mpsc::UnboundedReceiver<Seen>,
    /// One message per hung connection the relay closed (`Behaviour::Hang`).
    pub closed: mpsc::UnboundedReceiver<()>,
    /// Connections accepted so far.
    pub connections: Arc<AtomicUsize>,
}

impl Upstream {
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The base URL for a config entry.
    pub fn base(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

pub async fn upstream(behaviour: Behaviour) -> Upstream {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, seen) = mpsc::unbounded_channel();
    let (closed_tx, closed) = mpsc::unbounded_channel();
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            let tx = tx.clone();
            let closed_tx = closed_tx.clone();
            let behaviour = behaviour.clone();
            tokio::spawn(async move {
                let Some(seen) = read_request(&mut stream).await else {
                    return;
                };
                let target = seen
                    .request_line()
                    .split(' ')
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                let _ = tx.send(seen);
                let answer = match behaviour {
                    Behaviour::Respond(bytes) => bytes,
                    Behaviour::EchoTarget => response(200, &[], target.as_bytes()),
                    Behaviour::Hang => {
                        let mut rest = Vec::new();
                        let _ = stream.read_to_end(&mut rest).await;
                        let _ = closed_tx.send(());
                        return;
                    }
                };
                let _ = stream.write_all(&answer).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    Upstream {
        addr,
        seen,
        closed,
        connections,
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let (head, body, _) = read_message(stream).await?;
    Some(Seen { head, body })
}

/// One HTTP/1.1 message off `stream`: its head (without the blank line), its body as far
/// as Content-Length says (shorter if the peer closed first, which the flag tells), or
/// `None` if the peer closed before a whole head.
async fn read_message(stream: &mut TcpStream) -> Option<(String, Vec<u8>, bool)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length = content_length(&head).unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return Some((head, body, false));
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head, body, true))
}

/// One answer off a kept-alive connection (a Content-Length body), which must arrive whole.
pub async fn read_reply(stream: &mut TcpStream) -> Reply {
    let (head, body, whole) = read_message(stream).await.expect("an answer's head");
    assert!(whole, "closed mid-answer: {head}");
    parse_reply(&[head.as_bytes(), b"\r\n\r\n", &body].concat())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &str) -> Option<usize> {
    head.split("\r\n").find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse().ok())
            .flatten()
    })
}

/// An HTTP/1.1 response with Content-Length.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\n");
    for (n, v) in headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// What the client got back.
#[derive(Debug)]
pub struct Reply {
    /// `HTTP/1.1 519 ` as sent, without its CRLF.
    pub status_line: String,
    pub status: u16,
    /// Lower-case names.
    pub headers: BTreeMap<String, Vec<String>>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The relay's error code, asserting the `{"error": {"code", "message"}}` shape.
    pub fn error_code(&self) -> String {
        let v = self.json();
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{v}"
        );
        v["error"]["code"].as_str().unwrap().to_string()
    }
}

/// Sends `method target` with `headers` and `body` exactly as given (plus Host,
/// Content-Length and Connection: close), and reads the whole answer.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    send_raw(addr, &bytes).await
}

pub async fn get(addr: SocketAddr, target: &str) -> Reply {
    send(addr, "GET", target, &[], b"").await
}

pub async fn send_raw(addr: SocketAddr, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.unwrap();
    parse_reply(&buf)
}

fn parse_reply(buf: &[u8]) -> Reply {
    let end = find(buf, b"\r\n\r\n").expect("a response head");
    let head = String::from_utf8_lossy(&buf[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().to_string();
    let status = Some(status_line.as_str())
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in lines {
        if let Some((n, v)) = line.split_once(':') {
            headers
                .entry(n.trim().to_ascii_lowercase())
                .or_default()
                .push(v.trim().to_string());
        }
    }
    let mut body = buf[end + 4..].to_vec();
    if let Some(len) = headers
        .get("content-length")
        .and_then(|v| v.first())
        .and_then(|v| v.parse::<usize>().ok())
    {
        body.truncate(len);
    }
    Reply {
        status_line,
        status,
        headers,
        body,
    }
}

/// Reads until the server closes the connection: what came, and how the read ended (an
/// error keeps what came before it). A server that never closes fails the test (after
/// far longer than any timeout under test) instead of hanging it.
pub async fn read_until_closed(
    read: &mut (impl AsyncReadExt + Unpin),
) -> (Vec<u8>, std::io::Result<usize>) {
    let mut buf = Vec::new();
    let end = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        read.read_to_end(&mut buf),
    )
    .await
    .expect("the server closes the connection");
    (buf, end)
}

/// Everything the server sends until it closes the connection, which it must do cleanly.
pub async fn read_all(client: &mut TcpStream) -> String {
    let (answers, end) = read_until_closed(client).await;
    end.unwrap();
    String::from_utf8_lossy(&answers).into_owned()
}

/// Where each of `targets` appears in `answers` (each must), asserting they come in order.
pub fn assert_in_order(answers: &str, targets: &[&str]) {
    let at: Vec<usize> = targets
        .iter()
        .map(|t| {
            answers
                .find(t)
                .unwrap_or_else(|| panic!("{t} in {answers}"))
        })
        .collect();
    assert!(at.is_sorted(), "{targets:?} out of order in {answers}");
}
