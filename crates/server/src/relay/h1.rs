//! One HTTP/1.1 exchange over a connection the relay owns: the request written with one
//! write, the answer read, framed and kept whole on the request's own task.
//!
//! hyper's client drives each connection from a task of its own and passes requests and
//! answers across channels. The relay never pipelines and holds whole bodies, so that
//! machinery bought nothing here and cost two task wake-ups and about a third of a pooled
//! relayed request's instructions (callgrind). What is left is the part of HTTP/1.1 an
//! answer can use: 1xx heads skipped, `Content-Length`, chunked, or read to the close.

use std::io;
use std::mem::MaybeUninit;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use bytes::{Buf, Bytes, BytesMut};
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Response, StatusCode, Version};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::errors::RelayError;
use super::response_headers;

/// Most header lines an answer may have (hyper's limit too).
const MAX_HEADERS: usize = 100;
/// Longest answer head: status line and headers.
const MAX_HEAD: usize = 64 * 1024;
/// Longest chunk-size or trailer line.
const MAX_LINE: usize = 4 * 1024;
/// Room made in the read buffer before each read.
const READ: usize = 8 * 1024;

/// A connection to an upstream, plain or TLS.
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// The request's bytes as they go on the wire: head and body in one buffer.
pub struct Wire {
    bytes: Vec<u8>,
    /// HEAD: the answer has a head only, whatever its length headers say.
    head_only: bool,
}

impl Wire {
    /// `target` is origin-form (`/path?query`, already checked as a URI). `ours` go first,
    /// their names written as given; the names of `headers` go out in the vendors'
    /// spelling (see [`push_name`]). A body, or a method that carries one, gets its
    /// `Content-Length`; `close` asks the upstream to end the connection.
    pub fn new<'h>(
        method: &Method,
        target: &str,
        ours: &[(&str, &HeaderValue)],
        headers: impl IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>,
        body: &[u8],
        close: bool,
    ) -> Self {
        let mut bytes = Vec::with_capacity(256 + target.len() + body.len());
        bytes.extend_from_slice(method.as_str().as_bytes());
        bytes.push(b' ');
        bytes.extend_from_slice(target.as_bytes());
        bytes.extend_from_slice(b" HTTP/1.1\r\n");
        for (name, value) in ours {
            bytes.extend_from_slice(name.as_bytes());
            push_value(&mut bytes, value);
        }
        for (name, value) in headers {
            if name == header::CONTENT_LENGTH
                || name == header::TRANSFER_ENCODING
                || name == header::CONNECTION
            {
                continue;
            }
            push_name(&mut bytes, name.as_str());
            push_value(&mut bytes, value);
        }
        let carries = matches!(*method, Method::POST | Method::PUT | Method::PATCH);
        if !body.is_empty() || carries {
            bytes.extend_from_slice(b"Content-Length: ");
            let mut digits = [0; 20];
            let length = countersign_core::value::uint_digits(body.len() as u64, &mut digits);
            bytes.extend_from_slice(length);
            bytes.extend_from_slice(b"\r\n");
        }
        if close {
            bytes.extend_from_slice(b"Connection: close\r\n");
        }
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(body);
        Self {
            bytes,
            head_only: *method == Method::HEAD,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// The rest of a header line after its name.
fn push_value(out: &mut Vec<u8>, value: &HeaderValue) {
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// A header name as the vendors' documents spell it (`X-Api-ClientID`), else in title
/// case (`Accept-Encoding`). Names are case-insensitive in HTTP, and over HTTP/2 they
/// would all be lower case; this is for people reading a capture of the upstream traffic.
fn push_name(out: &mut Vec<u8>, lower: &str) {
    if let Some(spelled) = countersign_core::vendor::header_spelling(lower) {
        out.extend_from_slice(spelled.as_bytes());
        return;
    }
    let start = out.len();
    out.extend_from_slice(lower.as_bytes());
    let mut up = true;
    for b in &mut out[start..] {
        if up {
            b.make_ascii_uppercase();
        }
        up = *b == b'-';
    }
}

/// How the answer's body ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Empty,
    Length(usize),
    Chunked,
    /// No length: the body ends when the upstream closes the connection.
    Close,
}

/// Why an exchange failed.
#[derive(Debug)]
pub enum Failure {
    /// Nothing of the request was written: it may go over another connection.
    Unsent(RelayError),
    Failed(RelayError),
}

impl From<RelayError> for Failure {
    fn from(e: RelayError) -> Self {
        Self::Failed(e)
    }
}

/// An upstream connection and its read buffer.
pub struct Conn {
    io: Stream,
    buf: BytesMut,
}

impl Conn {
    pub fn new(io: Stream) -> Self {
        Self {
            io,
            buf: BytesMut::new(),
        }
    }

    /// Whether a parked connection can carry another request: the upstream has neither
    /// closed it nor sent anything unasked (an idle HTTP/1.1 server sends nothing). Polls
    /// once without waiting.
    pub fn is_open(&mut self) -> bool {
        let mut cx = Context::from_waker(Waker::noop());
        let mut byte = [0u8; 1];
        let mut read = ReadBuf::new(&mut byte);
        matches!(
            Pin::new(&mut self.io).poll_read(&mut cx, &mut read),
            Poll::Pending
        )
    }

    /// Writes `wire` and reads its answer whole, refusing a body past `limit` bytes.
    /// Returns the answer and whether the connection may carry another request, and
    /// `on_head` is called when the answer's head has been read (time to first byte).
    /// The answer's headers go into `headers`' room (see [`parse_head`]).
    pub async fn exchange(
        &mut self,
        wire: &Wire,
        limit: usize,
        headers: &mut HeaderMap,
        on_head: impl FnOnce(),
    ) -> Result<(Response<Bytes>, bool), Failure> {
        self.write(wire.as_bytes()).await?;
        let (mut response, framing, keep_alive) = self.read_head(wire.head_only, headers).await?;
        on_head();
        let (body, clean_end) = match framing {
            Framing::Empty => (Bytes::new(), true),
            Framing::Length(n) => (self.read_length(n, limit).await?, true),
            Framing::Chunked => (self.read_chunked(limit).await?, true),
            Framing::Close => (self.read_to_close(limit).await?, false),
        };
        // Bytes past the answer are not ours to guess at: such a connection is not reused.
        let reusable = clean_end && keep_alive && self.buf.is_empty();
        *response.body_mut() = body;
        Ok((response, reusable))
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        let lost =
            |e: io::Error| RelayError::UpstreamProtocol(format!("could not send the request: {e}"));
        // A parked connection the upstream closed a moment ago fails its first write
        // before taking a byte; the request can then go over another one.
        let first = self
            .io
            .write(bytes)
            .await
            .map_err(|e| Failure::Unsent(lost(e)))?;
        if first == 0 {
            return Err(Failure::Unsent(lost(io::ErrorKind::WriteZero.into())));
        }
        self.io.write_all(&bytes[first..]).await.map_err(lost)?;
        self.io.flush().await.map_err(lost)?;
        Ok(())
    }

    /// Reads more into the buffer; 0 at the end.
    async fn fill(&mut self) -> Result<usize, RelayError> {
        self.buf.reserve(READ);
        self.io.read_buf(&mut self.buf).await.map_err(read_failed)
    }

    async fn read_head(
        &mut self,
        head_only: bool,
        headers: &mut HeaderMap,
    ) -> Result<(Response<Bytes>, Framing, bool), RelayError> {
        loop {
            if !self.buf.is_empty() {
                match parse_head(&mut self.buf, head_only, headers)? {
                    Head::Final(response, framing, keep_alive) => {
                        return Ok((response, framing, keep_alive))
                    }
                    Head::Informational => continue,
                    Head::Partial if self.buf.len() >= MAX_HEAD => {
                        return Err(protocol(format!(
                            "the answer's head is longer than {} KiB",
                            MAX_HEAD / 1024
                        )))
                    }
                    Head::Partial => {}
                }
            }
            if self.fill().await? == 0 {
                return Err(protocol(if self.buf.is_empty() {
                    "the upstream closed the connection without answering".into()
                } else {
                    "the upstream closed the connection in the middle of the answer's head".into()
                }));
            }
        }
    }

    async fn read_length(&mut self, n: usize, limit: usize) -> Result<Bytes, RelayError> {
        if n > limit {
            return Err(RelayError::ResponseTooLarge { limit });
        }
        if self.buf.len() >= n {
            // All here, as most answers are: copied out, so the read buffer stays this
            // connection's own for its next answer rather than a new one per request.
            let body = Bytes::copy_from_slice(&self.buf[..n]);
            self.buf.advance(n);
            return Ok(body);
        }
        // More to come: read into a buffer of the body's size, and no further.
        let mut body = BytesMut::with_capacity(n);
        body.extend_from_slice(&self.buf);
        self.buf.clear();
        while body.len() < n {
            let more = (&mut self.io)
                .take((n - body.len()) as u64)
                .read_buf(&mut body)
                .await
                .map_err(read_failed)?;
            if more == 0 {
                return Err(protocol(format!(
                    "the upstream closed the connection after {} of {n} body bytes",
                    body.len()
                )));
            }
        }
        Ok(body.freeze())
    }

    async fn read_to_close(&mut self, limit: usize) -> Result<Bytes, RelayError> {
        loop {
            // Some of the body may have come with the head.
            if self.buf.len() > limit {
                return Err(RelayError::ResponseTooLarge { limit });
            }
            if self.fill().await? == 0 {
                return Ok(std::mem::take(&mut self.buf).freeze());
            }
        }
    }

    async fn read_chunked(&mut self, limit: usize) -> Result<Bytes, RelayError> {
        let mut body = Chunks::default();
        loop {
            if body.feed(&mut self.buf, limit)? {
                return Ok(body.out.freeze());
            }
            if self.fill().await? == 0 {
                return Err(protocol(
                    "the upstream closed the connection in the middle of a chunked body".into(),
                ));
            }
        }
    }
}

fn protocol(message: String) -> RelayError {
    RelayError::UpstreamProtocol(message)
}

fn read_failed(e: io::Error) -> RelayError {
    protocol(format!("reading the answer: {e}"))
}

enum Head {
    /// The answer (no body yet), how its body ends, and whether the upstream keeps the
    /// connection open after it.
    Final(Response<Bytes>, Framing, bool),
    /// A 1xx answer before the real one: taken off the buffer and skipped.
    Informational,
    Partial,
}

/// Parses the answer head at the start of `buf`, taking it off the buffer when complete.
/// Only the headers that may reach the browser (`response_headers::allowed`) and
/// `Content-Encoding` (for `encoding`) are kept; framing and keep-alive are read on the
/// way, so nothing is inserted only to be removed again.
///
/// The answer's headers are kept in `room`'s map, emptied (the caller passes the client
/// request's, done with once the request is on the wire): hyper keeps each answer's map
/// for the next request on its connection, so one map goes round and round instead of two
/// allocated and two freed per request.
fn parse_head(
    buf: &mut BytesMut,
    head_only: bool,
    room: &mut HeaderMap,
) -> Result<Head, RelayError> {
    // Uninitialised: a zeroed array of 100 headers cost more than parsing a short head.
    let mut lines = [const { MaybeUninit::uninit() }; MAX_HEADERS];
    let mut parsed = httparse::Response::new(&mut []);
    let len = match httparse::ParserConfig::default().parse_response_with_uninit_headers(
        &mut parsed,
        buf,
        &mut lines,
    ) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(Head::Partial),
        Err(e) => return Err(protocol(format!("the answer's head is not HTTP/1.1: {e}"))),
    };
    let code = parsed.code.unwrap_or_default();
    let status = StatusCode::from_u16(code)
        .map_err(|_| protocol(format!("the answer's status {code} is not valid")))?;
    if status.is_informational() {
        if status == StatusCode::SWITCHING_PROTOCOLS {
            return Err(protocol("the upstream switched protocols".into()));
        }
        buf.advance(len);
        return Ok(Head::Informational);
    }
    // A status with no standard reason (Kingdee's 519) keeps the upstream's words, as
    // sent: hyper would write `<none>` in their place.
    let reason = status
        .canonical_reason()
        .is_none()
        .then_some(parsed.reason)
        .flatten()
        .and_then(|r| hyper::ext::ReasonPhrase::try_from(r.as_bytes()).ok());
    let version = if parsed.version == Some(0) {
        Version::HTTP_10
    } else {
        Version::HTTP_11
    };
    // Sized once for what is kept and what the relay adds later: growing a HeaderMap
    // reallocates both its tables (about 900 instructions, a thirtieth of a request).
    let mut headers = std::mem::take(room);
    headers.clear();
    headers.reserve(parsed.headers.len() + super::ADDED_ON_THE_WAY_BACK);
    let mut frame = Frame::default();
    for line in parsed.headers.iter() {
        let name = HeaderName::from_bytes(line.name.as_bytes())
            .map_err(|_| protocol("the answer has an invalid header name".into()))?;
        let keep = match name {
            header::CONTENT_LENGTH => frame.length(line.value)?,
            header::TRANSFER_ENCODING => frame.transfer_encoding(line.value),
            header::CONNECTION => frame.connection(line.value),
            header::CONTENT_ENCODING => true,
            ref other => response_headers::allowed(other, status),
        };
        if keep {
            let value = HeaderValue::from_bytes(line.value)
                .map_err(|_| protocol(format!("the answer's `{name}` value is invalid")))?;
            headers.append(name, value);
        }
    }
    for name in &frame.hop {
        headers.remove(name);
    }
    buf.advance(len);
    let framing = frame.framing(status, head_only);
    let keep_alive = version == Version::HTTP_11 && !frame.close && !frame.ambiguous();
    let mut response = Response::new(Bytes::new());
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    if let Some(reason) = reason {
        response.extensions_mut().insert(reason);
    }
    Ok(Head::Final(response, framing, keep_alive))
}

/// Whether a `Connection` value asks to close the connection (its `close` token, in any
/// case): an answer's (here) or a request's (the front).
pub fn says_close(value: &[u8]) -> bool {
    value
        .split(|&b| b == b',')
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(b"close"))
}

/// What an answer's headers say about its body and its connection.
#[derive(Default)]
struct Frame {
    length: Option<usize>,
    /// Whether the last transfer coding is chunked, when there is one.
    chunked: Option<bool>,
    close: bool,
    /// Headers `Connection` names (hop-by-hop): dropped once the head is read, since
    /// Connection may come after them. Rare, so no room is taken until one is named.
    hop: Vec<HeaderName>,
}

impl Frame {
    /// Every `Content-Length` (also a list) must agree. Never kept: the relay sets its own.
    fn length(&mut self, value: &[u8]) -> Result<bool, RelayError> {
        for part in value.split(|&b| b == b',') {
            let n = parse_decimal(part.trim_ascii())
                .ok_or_else(|| protocol("the answer's Content-Length is not a number".into()))?;
            if self.length.is_some_and(|l| l != n) {
                return Err(protocol(
                    "the answer has two different Content-Lengths".into(),
                ));
            }
            self.length = Some(n);
        }
        Ok(false)
    }

    /// Both a transfer coding and a length: read by the coding, as RFC 9112 says, but a
    /// sign of response splitting, so the connection is not used again (§6.3).
    fn ambiguous(&self) -> bool {
        self.chunked.is_some() && self.length.is_some()
    }

    fn transfer_encoding(&mut self, value: &[u8]) -> bool {
        let last = value.rsplit(|&b| b == b',').next().unwrap_or_default();
        self.chunked = Some(last.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        false
    }

    fn connection(&mut self, value: &[u8]) -> bool {
        self.close |= says_close(value);
        self.hop.extend(response_headers::hop_by_hop(value));
        false
    }

    /// RFC 9112 §6.3, for answers: no body for HEAD, 204 and 304; chunked when it is the
    /// last transfer coding (else to the close); a length; else to the close.
    fn framing(&self, status: StatusCode, head_only: bool) -> Framing {
        if head_only || status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
            return Framing::Empty;
        }
        match (self.chunked, self.length) {
            (Some(true), _) => Framing::Chunked,
            (Some(false), _) | (None, None) => Framing::Close,
            (None, Some(n)) => Framing::Length(n),
        }
    }
}

fn parse_decimal(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + usize::from(d - b'0')))
}

/// A chunked body read as it arrives: sizes, data, the CRLF after each, then trailers
/// (read and dropped: the relay passes no trailers).
#[derive(Default)]
struct Chunks {
    out: BytesMut,
    state: ChunkState,
}

#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
enum ChunkState {
    #[default]
    Size,
    Data(usize),
    DataEnd,
    Trailers,
}

impl Chunks {
    /// Takes what it can from `buf`; true once the body has ended.
    fn feed(&mut self, buf: &mut BytesMut, limit: usize) -> Result<bool, RelayError> {
        loop {
            match self.state {
                ChunkState::Size => {
                    let Some(line) = take_line(buf)? else {
                        return Ok(false);
                    };
                    let size = line.split(|&b| b == b';').next().unwrap_or_default();
                    let size = parse_hex(size.trim_ascii())
                        .ok_or_else(|| protocol("the answer has an invalid chunk size".into()))?;
                    if self.out.len().saturating_add(size) > limit {
                        return Err(RelayError::ResponseTooLarge { limit });
                    }
                    self.state = if size == 0 {
                        ChunkState::Trailers
                    } else {
                        self.out.reserve(size);
                        ChunkState::Data(size)
                    };
                }
                ChunkState::Data(left) => {
                    if buf.is_empty() {
                        return Ok(false);
                    }
                    let n = left.min(buf.len());
                    self.out.extend_from_slice(&buf[..n]);
                    buf.advance(n);
                    self.state = if n == left {
                        ChunkState::DataEnd
                    } else {
                        ChunkState::Data(left - n)
                    };
                }
                ChunkState::DataEnd => {
                    let Some(line) = take_line(buf)? else {
                        return Ok(false);
                    };
                    if !line.is_empty() {
                        return Err(protocol("a chunk is longer than its size".into()));
                    }
                    self.state = ChunkState::Size;
                }
                ChunkState::Trailers => {
                    let Some(line) = take_line(buf)? else {
                        return Ok(false);
                    };
                    if line.is_empty() {
                        return Ok(true);
                    }
                }
            }
        }
    }
}

/// The next line of `buf` without its CRLF (or bare LF), taken off the buffer; None while
/// it has not all arrived.
fn take_line(buf: &mut BytesMut) -> Result<Option<Bytes>, RelayError> {
    let Some(end) = buf.iter().take(MAX_LINE).position(|&b| b == b'\n') else {
        if buf.len() >= MAX_LINE {
            return Err(protocol("a line of the chunked body is too long".into()));
        }
        return Ok(None);
    };
    let mut line = buf.split_to(end + 1).freeze();
    line.truncate(end);
    if line.last() == Some(&b'\r') {
        line.truncate(end - 1);
    }
    Ok(Some(line))
}

fn parse_hex(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    digits.iter().try_fold(0usize, |n, &d| {
        let v = (d as char).to_digit(16)?;
        Some(n * 16 + v as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Head, RelayError> {
        parse_head(&mut BytesMut::from(text), false, &mut HeaderMap::new())
    }

    fn final_framing(text: &str) -> Framing {
        match head(text).unwrap() {
            Head::Final(_, f, _) => f,
            _ => panic!("not a final head: {text:?}"),
        }
    }

    fn keeps_alive(text: &str) -> bool {
        match head(text).unwrap() {
            Head::Final(_, _, keep_alive) => keep_alive,
            _ => panic!("not a final head: {text:?}"),
        }
    }

    #[test]
    fn frames_answers_as_rfc_9112_says() {
        let ok = "HTTP/1.1 200 OK\r\n";
        assert_eq!(
            final_framing(&format!("{ok}Content-Length: 12\r\n\r\n")),
            Framing::Length(12)
        );
        assert_eq!(
            final_framing(&format!(
                "{ok}Content-Length: 3, 3\r\ncontent-length: 3\r\n\r\n"
            )),
            Framing::Length(3)
        );
        assert_eq!(
            final_framing(&format!(
                "{ok}Transfer-Encoding: gzip, chunked\r\nContent-Length: 9\r\n\r\n"
            )),
            Framing::Chunked
        );
        assert_eq!(
            final_framing(&format!("{ok}Transfer-Encoding: chunked, gzip\r\n\r\n")),
            Framing::Close
        );
        assert_eq!(final_framing(&format!("{ok}\r\n")), Framing::Close);
        assert_eq!(
            final_framing("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"),
            Framing::Empty
        );
        assert_eq!(
            final_framing("HTTP/1.1 304 Not Modified\r\n\r\n"),
            Framing::Empty
        );
        let Head::Final(_, f, _) = parse_head(
            &mut BytesMut::from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"),
            true,
            &mut HeaderMap::new(),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(f, Framing::Empty, "an answer to HEAD has no body");
        for bad in [
            "Content-Length: 3\r\nContent-Length: 4",
            "Content-Length: x",
            "Content-Length: -1",
        ] {
            assert!(
                matches!(
                    head(&format!("{ok}{bad}\r\n\r\n")),
                    Err(RelayError::UpstreamProtocol(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn skips_informational_heads_and_waits_for_a_whole_head() {
        let mut buf =
            BytesMut::from("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX-A: b\r\n");
        assert!(matches!(
            parse_head(&mut buf, false, &mut HeaderMap::new()),
            Ok(Head::Informational)
        ));
        assert!(matches!(
            parse_head(&mut buf, false, &mut HeaderMap::new()),
            Ok(Head::Partial)
        ));
        buf.extend_from_slice(b"Content-Length: 2\r\n\r\nhi");
        let Ok(Head::Final(r, Framing::Length(2), true)) =
            parse_head(&mut buf, false, &mut HeaderMap::new())
        else {
            panic!()
        };
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["x-a"], "b");
        assert!(
            r.headers().get("content-length").is_none(),
            "framing headers are read, not kept"
        );
        assert_eq!(&buf[..], b"hi", "the body stays in the buffer");
        assert!(head("HTTP/1.1 101 Switching Protocols\r\n\r\n").is_err());
        assert!(head("nonsense\r\n\r\n").is_err());
    }

    fn chunked(parts: &[&str], limit: usize) -> Result<Option<(String, String)>, RelayError> {
        let mut c = Chunks::default();
        let mut buf = BytesMut::new();
        for (i, part) in parts.iter().enumerate() {
            buf.extend_from_slice(part.as_bytes());
            if c.feed(&mut buf, limit)? {
                // What follows the body: left in the buffer, and any parts not yet fed.
                let rest = String::from_utf8(buf.to_vec()).unwrap() + &parts[i + 1..].concat();
                let out = String::from_utf8(c.out.to_vec()).unwrap();
                return Ok(Some((out, rest)));
            }
        }
        Ok(None)
    }

    #[test]
    fn reads_chunked_bodies_in_any_split() {
        let whole = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\nNEXT";
        let want = Some(("hello, world".to_string(), "NEXT".to_string()));
        assert_eq!(chunked(&[whole], 100).unwrap(), want);
        for cut in 1..whole.len() {
            let (a, b) = whole.split_at(cut);
            assert_eq!(chunked(&[a, b], 100).unwrap(), want, "cut at {cut}");
        }
        let bytes: Vec<String> = whole.chars().map(String::from).collect();
        let bytes: Vec<&str> = bytes.iter().map(String::as_str).collect();
        assert_eq!(chunked(&bytes, 100).unwrap(), want, "a byte at a time");
        assert_eq!(
            chunked(&["0\n\n"], 100).unwrap(),
            Some((String::new(), String::new()))
        );
        assert_eq!(chunked(&["5\r\nhel"], 100).unwrap(), None);
        assert_eq!(
            chunked(&[whole], 11),
            Err(RelayError::ResponseTooLarge { limit: 11 })
        );
        assert!(chunked(&["z\r\n"], 100).is_err());
        assert!(
            chunked(&["2\r\nabc\r\n"], 100).is_err(),
            "data past the chunk's size"
        );
    }

    #[test]
    fn connection_close_in_any_case_ends_keep_alive() {
        assert!(keeps_alive(
            "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n"
        ));
        assert!(keeps_alive("HTTP/1.1 200 OK\r\n\r\n"));
        assert!(!keeps_alive("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"));
        assert!(!keeps_alive(
            "HTTP/1.1 200 OK\r\nconnection: Keep-Alive, CLOSE\r\n\r\n"
        ));
        assert!(
            !keeps_alive("HTTP/1.0 200 OK\r\n\r\n"),
            "HTTP/1.0 ends after one answer"
        );
        assert!(
            !keeps_alive(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
            ),
            "a length beside a transfer coding ends the connection"
        );
    }

    #[test]
    fn keeps_only_the_headers_that_may_reach_the_browser() {
        let Head::Final(r, _, _) = head(
            "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Type: text/plain\r\n\
             X-Request-Id: 7\r\nContent-Encoding: gzip\r\nLink: </x>\r\n\r\n",
        )
        .unwrap() else {
            panic!()
        };
        let names: Vec<&str> = r.headers().keys().map(|n| n.as_str()).collect();
        assert_eq!(names, ["content-type", "x-request-id", "content-encoding"]);
        // A proxy's instruction, and a header the answer names hop-by-hop after it.
        let Head::Final(r, _, _) = head(
            "HTTP/1.1 200 OK\r\nX-Accel-Redirect: /internal/x\r\nX-Hop: 1\r\n\
             X-Request-Id: 7\r\nConnection: x-hop\r\n\r\n",
        )
        .unwrap() else {
            panic!()
        };
        let names: Vec<&str> = r.headers().keys().map(|n| n.as_str()).collect();
        assert_eq!(names, ["x-request-id"]);
    }

    /// A connection to a fresh listener, and the listener's end of it.
    async fn pair() -> (Conn, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let ours = TcpStream::connect(listener.local_addr().unwrap());
        let (ours, theirs) = tokio::join!(ours, listener.accept());
        (Conn::new(Stream::Plain(ours.unwrap())), theirs.unwrap().0)
    }

    /// Polls `is_open` until it says false, yielding to the runtime between polls so what
    /// the peer did arrives in its own time; a connection never seen closed fails.
    async fn until_closed(conn: &mut Conn) {
        let closed = async {
            while conn.is_open() {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(20), closed)
            .await
            .expect("the connection was never seen closed");
    }

    #[tokio::test]
    async fn a_parked_connection_is_open_until_the_upstream_closes_it_or_talks() {
        let (mut conn, theirs) = pair().await;
        assert!(conn.is_open(), "an idle upstream sends nothing");
        assert!(conn.is_open(), "asking again changes nothing");
        drop(theirs);
        until_closed(&mut conn).await;

        let (mut conn, mut theirs) = pair().await;
        theirs
            .write_all(b"HTTP/1.1 408 Request Timeout\r\n\r\n")
            .await
            .unwrap();
        until_closed(&mut conn).await;
    }

    #[test]
    fn writes_one_request_in_the_vendors_spelling() {
        let mut headers = HeaderMap::new();
        headers.insert("x-api-clientid", HeaderValue::from_static("205022"));
        headers.insert("accept-encoding", HeaderValue::from_static("identity"));
        headers.insert("x-api-something-new", HeaderValue::from_static("1"));
        headers.insert("content-length", HeaderValue::from_static("999"));
        let host = HeaderValue::from_static("api.example");
        let ours = [("Host", &host)];
        let wire = Wire::new(&Method::POST, "/a?b=1", &ours, &headers, b"{}", false);
        assert_eq!(
            String::from_utf8(wire.bytes).unwrap(),
            "POST /a?b=1 HTTP/1.1\r\nHost: api.example\r\nX-Api-ClientID: 205022\r\n\
             Accept-Encoding: identity\r\nX-Api-Something-New: 1\r\nContent-Length: 2\r\n\r\n{}"
        );
        let wire = Wire::new(&Method::GET, "/", &[], &HeaderMap::new(), b"", true);
        assert_eq!(
            String::from_utf8(wire.bytes).unwrap(),
            "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"
        );
        let wire = Wire::new(&Method::POST, "/", &[], &HeaderMap::new(), b"", false);
        assert!(String::from_utf8(wire.bytes)
            .unwrap()
            .contains("Content-Length: 0\r\n"));
    }
}
