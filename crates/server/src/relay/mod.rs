//! `/relay/{upstream}/{rest}?{query}` → `{base}/{rest}?{query}`: a relay for the browser
//! app (the vendors send no CORS headers), safe by default: named upstreams only, SSRF
//! checks, limits, only the request headers a vendor reads (`core::vendor::reads_header`:
//! no cookies, origin or token), redirects handed back, never followed.

mod encoding;
pub mod errors;
pub mod forward;
pub mod h1;
pub mod path;
pub mod pool;
pub mod response_headers;
pub mod ssrf;
pub mod timing;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use tokio_rustls::TlsConnector;
use tower::ServiceExt;

use countersign_core::relay_protocol::{
    header as protocol_header, path as protocol_path, ErrorCode,
};

use crate::client_conn::Peer;
use crate::config::{Limits, Target, Upstream};
use crate::logging::{Line, LogSink};
use errors::RelayError;
use timing::{timed, Ms, Timing, SERVER_TIMING_MAX};

/// Headers the relay adds to its answers; exposed to cross-origin scripts.
pub const EXPOSED_HEADERS: [&str; 2] = protocol_header::EXPOSED;

pub struct RelayState {
    pub upstreams: BTreeMap<String, Route>,
    pub limits: Limits,
    pub token: Option<String>,
    pub tls: TlsConnector,
    /// Keep-alive connections to the remote upstreams.
    pub pool: pool::Pool,
    /// This server's own routes (the mocks) for upstreams whose base is a local path.
    pub local: Router,
    pub log: LogSink,
    /// Relayed requests in flight (`max_relay_requests`).
    pub in_flight: Arc<tokio::sync::Semaphore>,
}

/// An upstream with what every request to it needs, made once rather than per request.
pub struct Route {
    pub upstream: Upstream,
    /// `Host` for a remote upstream.
    host: Option<HeaderValue>,
    /// Its connections in the pool (remote upstreams only).
    key: Option<pool::Key>,
}

impl Route {
    pub fn new(upstream: Upstream) -> Self {
        let (host, key) = match &upstream.target {
            Target::Remote(base) => (
                HeaderValue::from_str(&base.host_header()).ok(),
                Some(pool::Key::new(base, upstream.allow_private)),
            ),
            Target::Local(_) => (None, None),
        };
        Self {
            upstream,
            host,
            key,
        }
    }
}

const SERVER_TIMING: HeaderName = HeaderName::from_static(protocol_header::SERVER_TIMING);
/// Headers a relayed answer gains on its way back: `Server-Timing` here and the guard's
/// three (`guard::add_headers`), with one to spare.
pub const ADDED_ON_THE_WAY_BACK: usize = 5;

/// What the relay answers with: its own bytes as they are (no boxed body per request), or
/// an error answer built by axum.
pub type RelayBody = http_body_util::Either<Full<Bytes>, Body>;

/// `/relay/{upstream}…`: a request for the relay (anything after the prefix).
pub fn is_relay_path(path: &str) -> bool {
    protocol_path::under_relay(path).is_some_and(|rest| !rest.is_empty())
}

/// Answers a request whose path [`is_relay_path`], with any body hyper or axum hands in.
/// With its client's connection (`peer`), a remote exchange ends when the client hangs up.
pub async fn serve<B>(
    state: &RelayState,
    req: axum::http::Request<B>,
    peer: Option<&Peer>,
) -> Response<RelayBody>
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let mut timing = Timing::start();
    // The raw path, not a decoded one: the rest and the query go upstream byte for byte.
    // (A clone of the URI shares its bytes.)
    let uri = req.uri().clone();
    let (name, rest) = upstream_and_rest(uri.path());
    // A held permit per request: a flood gets 503 instead of file descriptors.
    let permit = state.in_flight.try_acquire();
    let result = match permit {
        Ok(_permit) => relay(state, name, rest, req, peer, &mut timing).await,
        Err(_) => Err(RelayError::Busy {
            limit: state.limits.max_relay_requests,
        }),
    };
    timing.finish();
    let (mut response, bytes, error) = match result {
        Ok(resp) => {
            let len = resp.body().len();
            (resp.map(|b| RelayBody::Left(Full::new(b))), len, None)
        }
        Err(e) => {
            let code = e.code();
            (e.into_response().map(RelayBody::Right), 0, Some(code))
        }
    };
    let ms = timing.total_ms();
    let headers = response.headers_mut();
    // Ours and the guard's. An upstream's answer comes with room for them already
    // (`h1::parse_head`); an error of ours grows once here, not at each insert.
    headers.reserve(ADDED_ON_THE_WAY_BACK);
    // Built on the stack, copied once into the header.
    let mut value = Line::<SERVER_TIMING_MAX>::new();
    timing.push_server_timing(&mut value);
    if let Some(v) = header_value(&value) {
        headers.insert(SERVER_TIMING, v);
    }
    let status = response.status().as_u16();
    let log = state.log.clone();
    let write = move || {
        let (name, rest) = upstream_and_rest(uri.path());
        // Most lines are short; the longest (200 characters of up to four bytes for both
        // the upstream and the path, see `Printable`) fits the second.
        if !log.line_of(&log_line::<512>(name, rest, status, ms, bytes, error)) {
            log.line_of(&log_line::<2048>(name, rest, status, ms, bytes, error));
        }
    };
    // Through a client connection of ours the line is written once the answer is out.
    match peer {
        Some(_) => crate::client_conn::after_write(Box::new(write)),
        None => write(),
    }
    response
}

/// The upstream's name and the rest of a relay path, raw (`/relay/{name}/{rest}`).
fn upstream_and_rest(path: &str) -> (&str, &str) {
    let raw = protocol_path::under_relay(path).unwrap_or_default();
    raw.split_once('/').unwrap_or((raw, ""))
}

/// A header value of what `line` holds (none if something did not fit).
fn header_value<const N: usize>(line: &Line<N>) -> Option<HeaderValue> {
    HeaderValue::from_bytes(line.as_bytes()?).ok()
}

/// The relay's log line for one request.
fn log_line<const N: usize>(
    name: &str,
    rest: &str,
    status: u16,
    ms: Ms,
    bytes: usize,
    error: Option<ErrorCode>,
) -> Line<N> {
    let mut line = Line::new();
    line.push("relay upstream=")
        .push_printable(name)
        .push(" path=/")
        .push_printable(rest)
        .push(" status=")
        .push_u64(status.into())
        .push(" ms=");
    ms.push_to(&mut line);
    line.push(" bytes=").push_u64(bytes as u64);
    if let Some(code) = error {
        line.push(" error=").push(code.as_str());
    }
    line
}

async fn relay<B>(
    state: &RelayState,
    name: &str,
    rest: &str,
    req: axum::http::Request<B>,
    peer: Option<&Peer>,
    timing: &mut Timing,
) -> Result<Response<Bytes>, RelayError>
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    // A CORS preflight is the relay's own business: answered here, never forwarded (the
    // CORS layer answers it first when origins are configured).
    if req.method() == axum::http::Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let mut response = Response::new(Bytes::new());
        *response.status_mut() = axum::http::StatusCode::NO_CONTENT;
        return Ok(response);
    }
    if let Some(token) = &state.token {
        let given = req
            .headers()
            .get(protocol_header::TOKEN)
            .map(|v| v.as_bytes());
        if !given.is_some_and(|g| constant_time_eq(g, token.as_bytes())) {
            return Err(RelayError::Unauthorized);
        }
    }
    let route = state
        .upstreams
        .get(name)
        .ok_or_else(|| RelayError::UnknownUpstream(name.to_string()))?;
    let upstream = &route.upstream;
    if let Some(why) = path::refusal(rest) {
        return Err(RelayError::BadRequest(why.into()));
    }
    let (parts, body) = req.into_parts();
    // A body trickled in a byte at a time must not hold the request for the total timeout.
    // (None at all, as with most GETs, needs no timer.)
    let body = if hyper::body::Body::is_end_stream(&body) {
        Bytes::new()
    } else {
        tokio::time::timeout(
            state.limits.body_timeout(),
            read_request_body(&parts.headers, body, state.limits.request_body_bytes),
        )
        .await
        .map_err(|_| RelayError::BodyTimeout {
            ms: state.limits.body_timeout_ms,
        })??
    };
    let target = match &upstream.target {
        Target::Remote(base) => target("", &base.path, rest, parts.uri.query()),
        Target::Local(path) => target(path, "", rest, parts.uri.query()),
    };

    // From the request's arrival (its body's read included), with no second clock reading.
    let deadline = timing.started() + state.limits.total_timeout();
    // Pinned where it is made, so that the timeout holds a reference: a future bound to a
    // name and then moved into another is kept twice in this one's state, the memory each
    // request in flight holds.
    let work = std::pin::pin!(async move {
        match &upstream.target {
            Target::Remote(base) => {
                let host = route.host.clone().ok_or_else(|| {
                    RelayError::BadRequest(format!("invalid host `{}`", base.host))
                })?;
                let key = route.key.as_ref().expect("remote routes have a key");
                let agent = HeaderValue::from_static(USER_AGENT);
                // The browser would inflate a compressed answer past the response limit.
                let identity = HeaderValue::from_static("identity");
                // Spelled here: no lookup of the vendors' spellings for every request.
                let ours = [
                    ("Host", &host),
                    ("User-Agent", &agent),
                    ("Accept-Encoding", &identity),
                ];
                // Written straight from the client's headers, with no copy of them.
                let theirs = parts
                    .headers
                    .iter()
                    .filter(|(name, _)| forwarded_request_header(name));
                // With the pool off, each request ends its connection (the cold path).
                let close = !state.pool.enabled();
                let wire = h1::Wire::new(&parts.method, &target, &ours, theirs, &body, close);
                // On the wire now: the request's header map (emptied) takes the answer's
                // headers, and goes back to hyper with the answer (`h1::parse_head`).
                let mut headers = parts.headers;
                let exchange = std::pin::pin!(forward::send(
                    base,
                    upstream.allow_private,
                    key,
                    &wire,
                    &state.limits,
                    &state.tls,
                    &state.pool,
                    timing,
                    &mut headers,
                ));
                let Some(peer) = peer else {
                    return exchange.await;
                };
                // The exchange first: the watch's read goes out while the upstream works.
                tokio::select! {
                    biased;
                    answer = exchange => answer,
                    () = peer.hung_up() => Ok(client_closed()),
                }
            }
            // Boxed: the mocks' router future would otherwise add its size to every request's.
            Target::Local(_) => Box::pin(local(state, parts, target, body, timing)).await,
        }
    });
    let timeout = || RelayError::Timeout {
        ms: state.limits.total_timeout_ms,
    };
    let response = match peer {
        // On the client connection's own timer.
        Some(peer) => tokio::select! {
            biased;
            r = work => r?,
            () = peer.until(deadline) => return Err(timeout()),
        },
        None => tokio::time::timeout_at(deadline, work)
            .await
            .map_err(|_| timeout())??,
    };
    let response = encoding::decode(response, state.limits.response_body_bytes)?;
    Ok(clean_response(response))
}

/// A request to this server's own routes (the mocks), as the relay would send it upstream.
async fn local(
    state: &RelayState,
    parts: axum::http::request::Parts,
    target: String,
    body: Bytes,
    timing: &mut Timing,
) -> Result<Response<Bytes>, RelayError> {
    let mut headers = HeaderMap::with_capacity(8);
    copy_request_headers(&parts.headers, &mut headers);
    if let Some(host) = parts.headers.get(header::HOST) {
        headers.insert(header::HOST, host.clone());
    }
    let mut request = Request::new(Body::from(body));
    *request.method_mut() = parts.method;
    *request.uri_mut() = axum::http::Uri::from_maybe_shared(Bytes::from(target))
        .map_err(|e| RelayError::BadRequest(format!("cannot relay this URL: {e}")))?;
    *request.headers_mut() = headers;
    let (response, took) = timed(state.local.clone().oneshot(request)).await;
    timing.ttfb = Some(took);
    let response = response.unwrap_or_else(|never| match never {});
    forward::read_limited(response, state.limits.response_body_bytes).await
}

/// What nginx logs as 499 when a client closes its connection before the answer. Nobody
/// reads it; the log line records the request ended so. (The upstream connection is
/// dropped mid-exchange, never pooled.)
fn client_closed() -> Response<Bytes> {
    let mut response = Response::new(Bytes::new());
    *response.status_mut() =
        axum::http::StatusCode::from_u16(499).expect("499 is a valid status code");
    response
}

const USER_AGENT: &str = concat!("countersign-relay/", env!("CARGO_PKG_VERSION"));

/// `{local}{base}/{rest}?{query}` (the `/rest` and `?query` parts only when there are
/// some) as an origin-form target starting with `/`, built in one buffer. Valid as it is:
/// `rest` and `query` come from the client's parsed URI, `base` was checked when the
/// configuration was read and `local` is ours, so it is not parsed again.
fn target(local: &str, base: &str, rest: &str, query: Option<&str>) -> String {
    // The exact length: a String whose capacity is its length becomes a URI's bytes
    // without another allocation.
    let rest_len = if rest.is_empty() { 0 } else { 1 + rest.len() };
    let query_len = query.map_or(0, |q| 1 + q.len());
    let mut len = local.len() + base.len() + rest_len + query_len;
    let starts = [local, base, if rest_len > 0 { "/" } else { "" }]
        .iter()
        .find_map(|part| part.chars().next());
    let slash = starts != Some('/');
    len += usize::from(slash);
    let mut uri = String::with_capacity(len);
    if slash {
        uri.push('/');
    }
    uri.push_str(local);
    uri.push_str(base);
    if !rest.is_empty() {
        uri.push('/');
        uri.push_str(rest);
    }
    if let Some(q) = query {
        uri.push('?');
        uri.push_str(q);
    }
    uri
}

async fn read_request_body<B>(
    headers: &HeaderMap,
    body: B,
    limit: usize,
) -> Result<Bytes, RelayError>
where
    B: hyper::body::Body<Data = Bytes>,
    B::Error: Into<axum::BoxError>,
{
    let too_large = RelayError::BodyTooLarge { limit };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large);
    }
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large),
        Err(e) => Err(RelayError::BadRequest(format!(
            "cannot read the request body: {e}"
        ))),
    }
}

/// Only what the vendors read goes upstream (each vendor names its headers in core):
/// never Cookie, Origin, Referer, the client's address, or the relay token.
pub fn forwarded_request_header(name: &HeaderName) -> bool {
    countersign_core::vendor::reads_header(name.as_str())
}

fn copy_request_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if forwarded_request_header(name) {
            to.append(name.clone(), value.clone());
        }
    }
}

/// Upstream headers pass by an allow list (see `response_headers`).
fn clean_response(mut response: Response<Bytes>) -> Response<Bytes> {
    let status = response.status();
    response_headers::filter(response.headers_mut(), status);
    response
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn targets_join_base_rest_and_query_once() {
        let uri = target;
        assert_eq!(uri("", "", "x/y", None), "/x/y");
        assert_eq!(uri("", "", "", None), "/");
        assert_eq!(uri("", "", "", Some("a=1")), "/?a=1");
        assert_eq!(uri("", "/api", "", Some("a=1&b")), "/api?a=1&b");
        assert_eq!(uri("", "/api", "v1/x", Some("")), "/api/v1/x?");
        assert_eq!(
            uri("/mock/kingdee", "", "jdy/v2", None),
            "/mock/kingdee/jdy/v2"
        );
    }

    /// Every header a vendor's signer puts on a request reaches the vendor; what the
    /// browser or the relay adds of its own does not.
    #[test]
    fn signed_headers_are_forwarded_and_the_browsers_are_not() {
        use super::forwarded_request_header;
        use axum::http::HeaderName;
        use countersign_core::{kingdee, taobao, wdt};

        const NOW: i64 = 1_700_000_000_000;
        let some = |s: &str| Some(s.to_string());
        let signed = [
            taobao::Request {
                credentials: taobao::Credentials {
                    app_key: some("12345678"),
                    app_secret: some("helloworld"),
                    session: some("s"),
                },
                method: "taobao.example.get".into(),
                now_ms: Some(NOW),
                ..Default::default()
            }
            .sign(),
            wdt::Request {
                credentials: wdt::Credentials {
                    sid: some("sid"),
                    app_key: some("key"),
                    app_secret: some("secret:salt"),
                },
                method: "wms.example.get".into(),
                body: "[]".into(),
                now_ms: Some(NOW),
                ..Default::default()
            }
            .sign(),
            kingdee::Request {
                credentials: kingdee::Credentials {
                    client_id: some("205022"),
                    client_secret: some("0123456789abcdef"),
                    app_token: some("t"),
                    domain: some("https://tf.jdy.com"),
                    ..Default::default()
                },
                http_method: "POST".into(),
                path: "/jdy/v2/bd/example".into(),
                body: some("{}"),
                nonce: Some(42.into()),
                now_ms: Some(NOW),
                ..Default::default()
            }
            .sign(),
        ];
        let mut seen = 0;
        for signed in signed {
            for (name, _) in &signed.unwrap().wire.headers {
                // As the relay gets them: HTTP/1.1 header names arrive lower-cased.
                let name = HeaderName::try_from(name.as_ref()).unwrap();
                assert!(forwarded_request_header(&name), "{name} is not forwarded");
                seen += 1;
            }
        }
        assert!(seen >= 10, "the Kingdee signer alone sends nine headers");
        for dropped in [
            "cookie",
            "origin",
            "referer",
            countersign_core::relay_protocol::header::TOKEN,
            "authorization",
            "x-forwarded-for",
            "forwarded",
            "host",
            "user-agent",
        ] {
            let name = HeaderName::from_static(dropped);
            assert!(!forwarded_request_header(&name), "{dropped} is forwarded");
        }
    }
}
