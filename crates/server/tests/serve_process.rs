//! `countersign serve` as a process, as people run it: its worker threads (each with its
//! own upstream pool), its buffered log, and its shutdown on SIGTERM. The in-process tests
//! (relay.rs, relay_pool.rs, security.rs) serve the same app on the test's runtime.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_countersign");

/// A started `countersign serve` on a free port, its address read from the startup line.
struct Serve {
    child: Child,
    stderr: BufReader<ChildStderr>,
    addr: String,
}

impl Serve {
    fn start(config: Option<&str>) -> Self {
        Self::start_with(config, false)
    }

    fn start_with(config: Option<&str>, mocks: bool) -> Self {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--port", "0", "--dist", "/nonexistent"]);
        if !mocks {
            cmd.arg("--no-mock");
        }
        cmd.env_remove("COUNTERSIGN_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(toml) = config {
            let path = std::env::temp_dir().join(format!(
                "countersign-serve-process-{}-{}.toml",
                std::process::id(),
                toml.len()
            ));
            std::fs::write(&path, toml).unwrap();
            cmd.arg("--config").arg(path);
        }
        let mut child = cmd.spawn().expect("the countersign binary runs");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let addr = first
            .strip_prefix("countersign serve: http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("unexpected startup line: {first}"))
            .to_string();
        Self {
            child,
            stderr,
            addr,
        }
    }

    /// SIGTERM, then everything it wrote after the startup line; asserts a clean exit.
    fn terminate(mut self) -> String {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        let mut rest = String::new();
        self.stderr.read_to_string(&mut rest).unwrap();
        assert!(exit.success(), "exit {exit} on SIGTERM; stderr: {rest}");
        rest
    }
}

/// Reads one HTTP/1.1 answer with a Content-Length body: (head, body).
fn read_answer(stream: &mut BufReader<TcpStream>) -> (String, String) {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(stream.read_line(&mut line).unwrap() > 0, "closed: {head}");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("no content-length: {head}"));
    let mut body = vec![0; len];
    stream.read_exact(&mut body).unwrap();
    (head, String::from_utf8(body).unwrap())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn log_lines_are_written_and_flushed_on_sigterm() {
    let serve = Serve::start(None);
    assert_eq!(serve.worker_threads(), 1, "one worker by default");
    let mut stream = TcpStream::connect(&serve.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /relay/nosuch/some/path?sign=SECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let (head, _) = read_answer(&mut BufReader::new(stream));
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    // The line may still wait in the buffer: the shutdown must write it.
    let log = serve.terminate();
    assert!(
        log.contains("relay upstream=nosuch path=/some/path status=404 ms="),
        "{log}"
    );
    assert!(log.contains("error=unknown_upstream"), "{log}");
    assert!(!log.contains("SECRET"), "the query is never logged: {log}");
}

/// An HTTP/1.1 upstream that keeps its connections open; it reports each accepted
/// connection on the returned channel.
fn keep_alive_upstream() -> (String, std::sync::mpsc::Receiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for (id, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { return };
            let _ = tx.send(id);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                loop {
                    // Requests without a body: up to the blank line.
                    let mut line = String::new();
                    loop {
                        line.clear();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) if line == "\r\n" => break,
                            Ok(_) => {}
                        }
                    }
                    let answer = "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok";
                    if writer.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, rx)
}

#[test]
fn a_second_request_on_a_connection_reuses_the_upstream_connection() {
    let (base, accepted) = keep_alive_upstream();
    let serve = Serve::start(Some(&format!(
        "[upstreams.up]\nbase = \"{base}\"\nallow_private = true\n"
    )));
    let stream = TcpStream::connect(&serve.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut timings = Vec::new();
    for _ in 0..2 {
        write!(
            writer,
            "GET /relay/up/x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let (head, body) = read_answer(&mut reader);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_eq!(body, "ok");
        timings.push(
            header(&head, "server-timing")
                .unwrap_or_default()
                .to_string(),
        );
    }
    assert!(
        timings[0].contains("connect;dur=") && !timings[0].contains("reused"),
        "{timings:?}"
    );
    assert!(
        timings[1].starts_with(r#"conn;desc="reused", ttfb;dur="#),
        "{timings:?}"
    );
    drop((writer, reader));
    let log = serve.terminate();
    assert_eq!(
        log.matches("relay upstream=up path=/x status=200").count(),
        2,
        "{log}"
    );
    assert_eq!(accepted.try_iter().count(), 1, "one upstream connection");
}

/// Sends `wire` (signed for the mock at `origin`) on an open keep-alive connection.
fn send_on(
    writer: &mut TcpStream,
    reader: &mut BufReader<TcpStream>,
    wire: &countersign_core::WireRequest,
) -> (String, String) {
    let target = wire.url.split_once("//").unwrap().1;
    let target = &target[target.find('/').unwrap()..];
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n", wire.method);
    for (name, value) in &wire.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", wire.body.len()));
    writer.write_all(head.as_bytes()).unwrap();
    writer.write_all(wire.body.as_bytes()).unwrap();
    read_answer(reader)
}

impl Serve {
    /// Its threads named `countersign-<n>` (the workers; the log thread is
    /// `countersign-log`), read from /proc once every thread but the main one has taken
    /// its name (a thread names itself as it starts, maybe after the startup line).
    fn worker_threads(&self) -> usize {
        let pid = self.child.id();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let names: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/task"))
                .unwrap()
                .filter_map(|t| {
                    let t = t.ok()?;
                    (t.file_name().to_str()? != pid.to_string())
                        .then(|| std::fs::read_to_string(t.path().join("comm")).ok())?
                })
                .map(|n| n.trim().to_string())
                .collect();
            if names.iter().all(|n| n != "countersign") {
                return names
                    .iter()
                    .filter(|n| {
                        n.strip_prefix("countersign-")
                            .is_some_and(|n| n.parse::<usize>().is_ok())
                    })
                    .count();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "threads still unnamed: {names:?}"
            );
            std::thread::yield_now();
        }
    }
}

fn open(addr: &str) -> (TcpStream, BufReader<TcpStream>) {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    (stream.try_clone().unwrap(), BufReader::new(stream))
}

/// Each worker serves its own connections; the mocks' state (the key that signs Kingdee
/// app-tokens) must still be one, or a token from one connection is refused on another —
/// as an exported cURL command, on its own connection, found.
#[test]
fn a_mock_token_from_one_connection_works_on_another() {
    use countersign_core::{catalog, BuildOptions, Signer};
    use serde_json::json;

    // Two workers, whatever the machine (one is the default).
    let serve = Serve::start_with(Some("[server]\nworkers = 2\n"), true);
    assert_eq!(serve.worker_threads(), 2);
    let origin = format!("http://{}", serve.addr);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let kingdee = catalog::vendor(countersign_core::Vendor::Kingdee);
    let sign = |api: &str, document: serde_json::Value, creds: serde_json::Value, nonce: u64| {
        let api = catalog::find(api).unwrap();
        let options = json!({ "environment": "mock", "origin": origin, "nonce": nonce });
        let options = BuildOptions::from_json(api.vendor, &options).unwrap();
        catalog::build_request(api, &document, &creds, Some(now), &options)
            .unwrap()
            .sign()
            .unwrap()
            .wire
    };
    let client =
        json!({ "client_id": "205022", "client_secret": "0123456789abcdef0123456789abcdef" });
    let with = |extra: serde_json::Value| {
        let mut c = client.clone();
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let token_request = sign(
        "/jdyconnector/app_management/kingdee_auth_token",
        json!({}),
        with(json!({
            "app_key": kingdee.demo_credential("app_key").unwrap(),
            "app_secret": kingdee.demo_credential("app_secret").unwrap(),
        })),
        now as u64 % 1_000_000_000 + 11,
    );

    // Every connection stays open, so each new one goes to the least busy worker: with
    // two workers or more the token is issued on one and used on another.
    let (mut w1, mut r1) = open(&serve.addr);
    let (head, body) = send_on(&mut w1, &mut r1, &token_request);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}{body}");
    let token: serde_json::Value = serde_json::from_str(&body).unwrap();
    let token = token["data"]["app-token"].as_str().unwrap().to_string();
    let (mut w2, mut r2) = open(&serve.addr);
    let (mut w3, mut r3) = open(&serve.addr);
    let api = "/jdy/v2/scm/inv_check_task";
    let document = catalog::find(api).unwrap().example_document().clone();
    for (i, (w, r)) in [(&mut w2, &mut r2), (&mut w3, &mut r3), (&mut w1, &mut r1)]
        .into_iter()
        .enumerate()
    {
        let creds = with(json!({ "app_token": token, "domain": "https://tf.jdy.com" }));
        let wire = sign(
            api,
            document.clone(),
            creds,
            now as u64 % 1_000_000_000 + 20 + i as u64,
        );
        let (head, body) = send_on(w, r, &wire);
        assert!(
            head.starts_with("HTTP/1.1 200"),
            "connection {i}: {head}{body}"
        );
        assert!(body.contains(r#""errcode":0"#), "connection {i}: {body}");
    }
    drop((w1, r1, w2, r2, w3, r3));
    serve.terminate();
}
