//! The lean front of a client connection: relayed GETs are read and answered here, all
//! else is handed to hyper.
//!
//! A relayed GET is most of what the relay serves, and the request whose speed the bench
//! weighs against nginx. Through hyper it cost some 5000 instructions of hyper's own (its
//! dispatcher, the request's body channel, the answer's encoder), a quarter of the whole
//! request; here it is one parse and one buffer. The front takes only the plainest
//! requests: an HTTP/1.1 `GET` under `/relay/` with no body, no `Expect` and no `Upgrade`,
//! whose head parses. Anything else, and every request after it on that connection, goes
//! to hyper with the bytes read so far ([`Rewind`]): odd or hostile heads (a body, chunked
//! framing, HTTP/1.0, a head too long for the front) are judged by hyper alone.

use std::future::Future;
use std::io;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, Uri};
use bytes::{Buf, Bytes, BytesMut};
use http_body_util::{BodyExt, Empty};
use hyper::rt::{Read, ReadBufCursor, Write};

use crate::client_conn::ClientIo;
use crate::relay::forward::Joined;
use crate::relay::h1;
use crate::relay::{self, RelayBody};

/// The longest head the front reads before it leaves the request to hyper (whose own
/// bound is larger): a browser's relayed request is well under 2 KiB.
const MAX_HEAD: usize = 16 * 1024;
// Offsets into a head fit a u16 (`Line`).
const _: () = assert!(MAX_HEAD <= u16::MAX as usize);
/// Header lines the front parses; a head with more goes to hyper.
const MAX_HEADERS: usize = 64;

/// How the front left a connection.
pub enum End {
    /// Closed by the client, or failed: nothing more to serve.
    Done,
    /// A request the front does not take: hyper serves the connection from here on,
    /// starting with these bytes.
    HandOff(Bytes),
}

/// Serves relayed GETs from `io` with `handle` until the client closes, or until a
/// request comes that the front leaves to hyper.
pub async fn serve<F, Fut>(io: &mut ClientIo, mut handle: F) -> End
where
    F: FnMut(Request<Empty<Bytes>>) -> Fut,
    Fut: Future<Output = Response<RelayBody>>,
{
    let mut buf = BytesMut::with_capacity(4096);
    let mut out = Vec::with_capacity(2048);
    // Each answer's header map takes the next request's headers, as hyper recycles its
    // own: the relay answers in its request's map, so one map serves the connection.
    let mut headers = HeaderMap::new();
    loop {
        let (request, close) = loop {
            match parse(&mut buf, &mut headers) {
                Parsed::Lean(request, close) => break (request, close),
                Parsed::Other => return End::HandOff(buf.freeze()),
                Parsed::Partial if buf.len() >= MAX_HEAD => return End::HandOff(buf.freeze()),
                // The end, an error or a head timeout: hyper would answer nothing either.
                Parsed::Partial => match io.read_into(&mut buf).await {
                    Ok(0) | Err(_) => return End::Done,
                    Ok(_) => {}
                },
            }
        };
        io.head_read();
        let (parts, body) = handle(request).await.into_parts();
        let Some(body) = body_bytes(body).await else {
            return End::Done;
        };
        out.clear();
        encode(&parts, &body, close, &mut out);
        headers = parts.headers;
        if io.write_all(&out).await.is_err() {
            return End::Done;
        }
        if close {
            let _ = io.shutdown();
            return End::Done;
        }
    }
}

// Matched as soon as it is made: a box would cost an allocation per request.
#[allow(clippy::large_enum_variant)]
enum Parsed {
    /// A request for the front, and whether the client asked to close after it.
    Lean(Request<Empty<Bytes>>, bool),
    Partial,
    Other,
}

/// Where a header line's name and value sit in the head (which is at most [`MAX_HEAD`]
/// long): small, as the front keeps room for [`MAX_HEADERS`] of them.
#[derive(Clone, Copy)]
struct Line {
    name: (u16, u16),
    value: (u16, u16),
}

/// Takes the next request's head off `buf` if the front serves it; leaves `buf` as it
/// was otherwise.
fn parse(buf: &mut BytesMut, headers: &mut HeaderMap) -> Parsed {
    if buf.is_empty() {
        return Parsed::Partial;
    }
    let mut parsed_lines = [const { MaybeUninit::uninit() }; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut []);
    let len = match httparse::ParserConfig::default().parse_request_with_uninit_headers(
        &mut req,
        buf,
        &mut parsed_lines,
    ) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(_) => return Parsed::Other,
    };
    if len > MAX_HEAD {
        return Parsed::Other;
    }
    let (Some("GET"), Some(1), Some(target)) = (req.method, req.version, req.path) else {
        return Parsed::Other;
    };
    let path = target
        .bytes()
        .position(|b| b == b'?')
        .map_or(target, |end| &target[..end]);
    if !relay::is_relay_path(path) {
        return Parsed::Other;
    }
    let base = buf.as_ptr() as usize;
    // Within the head, so within MAX_HEAD: each fits a u16.
    let at = |s: &[u8]| ((s.as_ptr() as usize - base) as u16, s.len() as u16);
    let mut close = false;
    let mut lines = [Line {
        name: (0, 0),
        value: (0, 0),
    }; MAX_HEADERS];
    for (slot, line) in lines.iter_mut().zip(req.headers.iter()) {
        let name = line.name.as_bytes();
        if name.eq_ignore_ascii_case(b"content-length") {
            // A GET that says its body is empty, as some clients do; any other is hyper's.
            if line.value != b"0" {
                return Parsed::Other;
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding")
            || name.eq_ignore_ascii_case(b"expect")
            || name.eq_ignore_ascii_case(b"upgrade")
        {
            return Parsed::Other;
        } else if name.eq_ignore_ascii_case(b"connection") {
            close |= h1::says_close(line.value);
        }
        *slot = Line {
            name: at(name),
            value: at(line.value),
        };
    }
    let count = req.headers.len();
    let target = at(target.as_bytes());
    // The URI and the header values share the head's bytes: no copies.
    let head = buf.split_to(len).freeze();
    match request(&head, target, &lines[..count], headers) {
        Some(request) => Parsed::Lean(request, close),
        None => {
            // Not valid as http's types take it: hyper will say why.
            let mut whole = BytesMut::with_capacity(head.len() + buf.len());
            whole.extend_from_slice(&head);
            whole.extend_from_slice(buf);
            *buf = whole;
            Parsed::Other
        }
    }
}

/// The request `head` holds, its target and lines where [`parse`] found them.
/// `headers` is emptied and filled with the request's.
fn request(
    head: &Bytes,
    target: (u16, u16),
    lines: &[Line],
    headers: &mut HeaderMap,
) -> Option<Request<Empty<Bytes>>> {
    let range = |(from, len): (u16, u16)| usize::from(from)..usize::from(from) + usize::from(len);
    let slice = |at| head.slice(range(at));
    let uri = Uri::from_maybe_shared(slice(target)).ok()?;
    let mut headers = std::mem::take(headers);
    headers.clear();
    for line in lines {
        let name = HeaderName::from_bytes(&head[range(line.name)]).ok()?;
        let value = HeaderValue::from_maybe_shared(slice(line.value)).ok()?;
        headers.append(name, value);
    }
    let mut request = Request::new(Empty::new());
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    Some(request)
}

/// The answer's whole body; `None` if it fails (a connection then ends unanswered, as
/// hyper's would).
async fn body_bytes(body: RelayBody) -> Option<Bytes> {
    let mut body = std::pin::pin!(body);
    let mut joined = Joined::default();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.ok()?.into_data() {
            joined.push(data); // trailers: an answer of known length has none
        }
    }
    Some(joined.into_bytes())
}

/// The answer as HTTP/1.1 puts it on the wire, as hyper would write it: the status with
/// its reason (an upstream's own for a status without a standard one), the headers,
/// `date` if there is none, the body's length and the body.
fn encode(parts: &axum::http::response::Parts, body: &[u8], close: bool, out: &mut Vec<u8>) {
    let status = parts.status;
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(status.as_str().as_bytes());
    out.push(b' ');
    match parts.extensions.get::<hyper::ext::ReasonPhrase>() {
        Some(reason) => out.extend_from_slice(reason.as_bytes()),
        None => out.extend_from_slice(status.canonical_reason().unwrap_or("").as_bytes()),
    }
    out.extend_from_slice(b"\r\n");
    for (name, value) in &parts.headers {
        // Framing is the front's to say.
        if matches!(
            *name,
            header::CONTENT_LENGTH | header::TRANSFER_ENCODING | header::CONNECTION
        ) {
            continue;
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if !parts.headers.contains_key(header::DATE) {
        out.extend_from_slice(b"date: ");
        date::push(out);
        out.extend_from_slice(b"\r\n");
    }
    if close {
        out.extend_from_slice(b"connection: close\r\n");
    }
    let bodyless = status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED;
    if !bodyless {
        out.extend_from_slice(b"content-length: ");
        let mut digits = [0; 20];
        out.extend_from_slice(countersign_core::value::uint_digits(
            body.len() as u64,
            &mut digits,
        ));
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !bodyless {
        out.extend_from_slice(body);
    }
}

/// The `date` header's value, made once a second per thread (as hyper caches its own).
mod date {
    use std::cell::RefCell;
    use std::time::{SystemTime, UNIX_EPOCH};

    thread_local! {
        static NOW: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
    }

    pub fn push(out: &mut Vec<u8>) {
        let now = SystemTime::now();
        let second = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        NOW.with_borrow_mut(|(at, text)| {
            if *at != second {
                *at = second;
                *text = httpdate::fmt_http_date(now);
            }
            out.extend_from_slice(text.as_bytes());
        });
    }
}

/// The client's connection for hyper after a hand-off: the bytes the front read first,
/// then the connection.
pub struct Rewind {
    read: Bytes,
    io: ClientIo,
}

impl Rewind {
    pub fn new(read: Bytes, io: ClientIo) -> Self {
        Self { read, io }
    }
}

impl Read for Rewind {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.read.is_empty() {
            return Pin::new(&mut this.io).poll_read(cx, buf);
        }
        let n = this.read.len().min(buf.remaining());
        buf.put_slice(&this.read[..n]);
        this.read.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl Write for Rewind {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(head: &str) -> Parsed {
        parse(&mut BytesMut::from(head), &mut HeaderMap::new())
    }

    #[test]
    fn takes_plain_relayed_gets_only() {
        let lean = |head: &str| matches!(parse_str(head), Parsed::Lean(..));
        assert!(lean("GET /relay/a/b?c=1 HTTP/1.1\r\nHost: h\r\n\r\n"));
        assert!(lean("GET /relay/a HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
        for other in [
            "POST /relay/a HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            "HEAD /relay/a HTTP/1.1\r\n\r\n",
            "GET /relay/a HTTP/1.0\r\n\r\n",
            "GET /relay/?q HTTP/1.1\r\n\r\n",
            "GET /api/config HTTP/1.1\r\n\r\n",
            "GET http://h/relay/a HTTP/1.1\r\n\r\n",
            "GET /relay/a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
            "GET /relay/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET /relay/a HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
            "GET /relay/a HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
            "GET /relay/a HTTP/1.1\r\nbad header\r\n\r\n",
        ] {
            assert!(matches!(parse_str(other), Parsed::Other), "{other}");
        }
        assert!(matches!(
            parse_str("GET /relay/a HTTP/1.1\r\nHost:"),
            Parsed::Partial
        ));
    }

    #[test]
    fn a_head_left_to_hyper_keeps_every_byte() {
        // Valid for httparse, not UTF-8 for http's URI: the bytes go back as they came.
        let head = b"GET /relay/a\xff HTTP/1.1\r\n\r\nnext";
        let mut buf = BytesMut::from(&head[..]);
        assert!(matches!(
            parse(&mut buf, &mut HeaderMap::new()),
            Parsed::Other
        ));
        assert_eq!(&buf[..], head);
    }

    #[test]
    fn reads_the_request_and_leaves_the_next() {
        let mut buf = BytesMut::from(
            "GET /relay/a?x=1 HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close\r\n\r\nGET /",
        );
        let Parsed::Lean(req, close) = parse(&mut buf, &mut HeaderMap::new()) else {
            panic!("a lean request");
        };
        assert!(close);
        assert_eq!(req.uri(), "/relay/a?x=1");
        assert_eq!(req.headers()["host"], "h");
        assert_eq!(&buf[..], b"GET /");
    }

    fn encoded(response: Response<()>, body: &str, close: bool) -> String {
        let (parts, ()) = response.into_parts();
        let mut out = Vec::new();
        encode(&parts, body.as_bytes(), close, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_status_headers_date_length_and_body() {
        let mut response = Response::new(());
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        let text = encoded(response, "hi", true);
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(body, "hi");
        let lines: Vec<&str> = head.split("\r\n").collect();
        assert_eq!(lines[0], "HTTP/1.1 200 OK");
        assert_eq!(lines[1], "content-type: text/plain");
        assert!(lines[2].starts_with("date: ") && lines[2].ends_with(" GMT"));
        assert_eq!(&lines[3..], ["connection: close", "content-length: 2"]);
    }

    #[test]
    fn keeps_an_upstreams_date_and_reason_and_frames_bodyless_statuses() {
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::from_u16(519).unwrap();
        response
            .extensions_mut()
            .insert(hyper::ext::ReasonPhrase::try_from(&b"Gateway Says No"[..]).unwrap());
        let date = "Sun, 06 Dec 2026 10:00:00 GMT";
        response
            .headers_mut()
            .insert(header::DATE, HeaderValue::from_static(date));
        // Framing headers are the front's own.
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("99"));
        let text = encoded(response, "{}", false);
        assert_eq!(
            text,
            format!(
                "HTTP/1.1 519 Gateway Says No\r\ndate: {date}\r\ncontent-length: 2\r\n\r\n{{}}"
            )
        );
        let mut none = Response::new(());
        *none.status_mut() = StatusCode::NO_CONTENT;
        let text = encoded(none, "", false);
        assert!(text.starts_with("HTTP/1.1 204 No Content\r\n"), "{text}");
        assert!(!text.contains("content-length"), "{text}");
    }
}
