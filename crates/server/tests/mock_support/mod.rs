//! Shared by the mock_* tests: the mocks on a real port with a settable clock, requests
//! built and signed by the core from catalog documents, and a plain HTTP/1.1 client that
//! sends exactly the bytes it is given (as a vendor SDK would).

#![allow(dead_code)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use countersign_core::catalog;
use countersign_core::{Signed, Signer, WireRequest};
use countersign_server::mock::{router_with, MockState};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// 2025-01-02 03:04:05 UTC: a fixed "now" for every test.
pub const NOW: i64 = 1_735_787_045_000;

pub struct Mock {
    pub origin: String,
    clock: Arc<AtomicI64>,
}

impl Mock {
    /// The mocks nested at /mock, as `countersign serve` does, on 127.0.0.1:random.
    pub async fn start() -> Self {
        let clock = Arc::new(AtomicI64::new(NOW));
        let c = clock.clone();
        let state = Arc::new(MockState::with_clock(Arc::new(move || {
            c.load(Ordering::SeqCst)
        })));
        let app = axum::Router::new().nest("/mock", router_with(state));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { origin, clock }
    }

    pub fn set_now(&self, ms: i64) {
        self.clock.store(ms, Ordering::SeqCst);
    }

    /// Builds and signs `document` for `api` with the catalog builder and the core,
    /// for the mock environment.
    pub fn sign(
        &self,
        api: &str,
        document: &Value,
        credentials: Value,
        now_ms: i64,
        options: Value,
    ) -> Signed {
        let api = catalog::find(api).unwrap_or_else(|| panic!("no API {api}"));
        let mut opts = json!({ "environment": "mock", "origin": self.origin });
        for (k, v) in options.as_object().cloned().unwrap_or_default() {
            opts[k] = v;
        }
        let opts = countersign_core::BuildOptions::from_json(api.vendor, &opts)
            .unwrap_or_else(|e| panic!("options {}: {e}", api.id));
        catalog::build_request(api, document, &credentials, Some(now_ms), &opts)
            .unwrap_or_else(|e| panic!("build {}: {e}", api.id))
            .sign()
            .unwrap_or_else(|e| panic!("sign {}: {e}", api.id))
    }
}

pub fn example(api: &str) -> Value {
    catalog::find(api).unwrap().example_document().clone()
}

pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends the wire request byte for byte over a fresh connection and reads the answer.
pub async fn send(wire: &WireRequest) -> Answer {
    let rest = wire.url.strip_prefix("http://").expect("http URL");
    let (host, target) = rest.split_at(rest.find('/').expect("a path"));
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n",
        wire.method
    );
    for (name, value) in &wire.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", wire.body.len()));
    let mut stream = TcpStream::connect(host).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(wire.body.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).expect("UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}
