//! `/relay/{upstream}/{rest}?{query}` → `{base}/{rest}?{query}`: a relay for the browser
//! app (the vendors send no CORS headers), safe by default: named upstreams only, SSRF
//! checks, limits, no cookies, redirects handed back, never followed.

mod encoding;
pub mod errors;
pub mod forward;
pub mod path;
pub mod pool;
pub mod response_headers;
pub mod ssrf;
pub mod timing;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use tokio_rustls::TlsConnector;
use tower::ServiceExt;

use countersign_core::relay_protocol::{header as protocol_header, path as protocol_path};

use crate::config::{Limits, Target, Upstream};
use crate::logging::LogSink;
use errors::RelayError;
use timing::{timed, Timing};

/// Headers the relay adds to every answer; exposed to cross-origin scripts.
pub const TIMING_HEADERS: [&str; 2] = protocol_header::TIMING;

pub struct RelayState {
    pub upstreams: BTreeMap<String, Upstream>,
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

/// The axum handler for everything under `/relay/`.
pub async fn handle(State(state): State<Arc<RelayState>>, req: Request) -> Response {
    let mut timing = Timing::start();
    // The raw path, not a decoded one: the rest and the query go upstream byte for byte.
    let raw = protocol_path::under_relay(req.uri().path()).unwrap_or_default();
    let (name, rest) = raw.split_once('/').unwrap_or((raw, ""));
    let (name, rest) = (name.to_string(), rest.to_string());
    // A held permit per request: a flood gets 503 instead of file descriptors.
    let permit = state.in_flight.clone().try_acquire_owned();
    let result = match permit {
        Ok(_permit) => relay(&state, &name, &rest, req, &mut timing).await,
        Err(_) => Err(RelayError::Busy {
            limit: state.limits.max_relay_requests,
        }),
    };
    timing.finish();
    let (mut response, bytes, error) = match result {
        Ok(resp) => {
            let len = resp.body().len();
            (resp.map(Body::from), len, None)
        }
        Err(e) => {
            let code = e.code();
            (e.into_response(), 0, Some(code))
        }
    };
    let headers = response.headers_mut();
    let ms = format!("{:.1}", timing.total_ms());
    headers.insert(
        protocol_header::UPSTREAM_MS,
        HeaderValue::from_str(&ms).expect("digits"),
    );
    headers.insert(
        protocol_header::SERVER_TIMING,
        HeaderValue::from_str(&timing.server_timing()).expect("ascii"),
    );
    let mut line = format!(
        "relay upstream={} path=/{} status={} ms={ms} bytes={bytes}",
        printable(&name),
        printable(&rest),
        response.status().as_u16()
    );
    if let Some(code) = error {
        line.push_str(&format!(" error={code}"));
    }
    state.log.line(&line);
    response
}

/// Keeps log lines one line each and free of control characters.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() || c == ' ' { '_' } else { c })
        .take(200)
        .collect()
}

async fn relay(
    state: &RelayState,
    name: &str,
    rest: &str,
    req: Request,
    timing: &mut Timing,
) -> Result<Response<Bytes>, RelayError> {
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
    let upstream = state
        .upstreams
        .get(name)
        .ok_or_else(|| RelayError::UnknownUpstream(name.to_string()))?;
    if let Some(why) = path::refusal(rest) {
        return Err(RelayError::BadRequest(why.into()));
    }
    let (parts, body) = req.into_parts();
    // A body trickled in a byte at a time must not hold the request for the total timeout.
    let body = tokio::time::timeout(
        state.limits.body_timeout(),
        read_request_body(&parts.headers, body, state.limits.request_body_bytes),
    )
    .await
    .map_err(|_| RelayError::BodyTimeout {
        ms: state.limits.body_timeout_ms,
    })??;
    let query = parts
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let suffix = if rest.is_empty() {
        String::new()
    } else {
        format!("/{rest}")
    };

    let mut headers = HeaderMap::new();
    copy_request_headers(&parts.headers, &mut headers);
    let method = parts.method.clone();
    let total = state.limits.total_timeout();
    let work = async move {
        match &upstream.target {
            Target::Remote(base) => {
                let uri = format!("{}{suffix}{query}", base.path);
                let uri = if uri.starts_with('/') {
                    uri
                } else {
                    format!("/{uri}")
                };
                headers.insert(header::HOST, header_value(&base.host_header())?);
                headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
                // The browser would inflate a compressed answer past the response limit.
                headers.insert(
                    header::ACCEPT_ENCODING,
                    HeaderValue::from_static("identity"),
                );
                let mut request = Request::new(Full::new(body));
                *request.method_mut() = method;
                *request.uri_mut() = parse_uri(&uri)?;
                *request.headers_mut() = headers;
                // Carries the client's header-name case (hyper keeps it there).
                *request.extensions_mut() = parts.extensions;
                forward::send(
                    base,
                    upstream.allow_private,
                    request,
                    &state.limits,
                    &state.tls,
                    &state.pool,
                    timing,
                )
                .await
            }
            Target::Local(path) => {
                if let Some(host) = parts.headers.get(header::HOST) {
                    headers.insert(header::HOST, host.clone());
                }
                let mut request = Request::new(Body::from(body));
                *request.method_mut() = method;
                *request.uri_mut() = parse_uri(&format!("{path}{suffix}{query}"))?;
                *request.headers_mut() = headers;
                let (response, took) = timed(state.local.clone().oneshot(request)).await;
                timing.ttfb = Some(took);
                let response = response.unwrap_or_else(|never| match never {});
                forward::read_limited(response, state.limits.response_body_bytes).await
            }
        }
    };
    let response = match tokio::time::timeout(total, work).await {
        Ok(r) => r?,
        Err(_) => {
            return Err(RelayError::Timeout {
                ms: state.limits.total_timeout_ms,
            })
        }
    };
    let response = encoding::decode(response, state.limits.response_body_bytes)?;
    Ok(clean_response(response))
}

const USER_AGENT: &str = concat!("countersign-relay/", env!("CARGO_PKG_VERSION"));

fn parse_uri(s: &str) -> Result<axum::http::Uri, RelayError> {
    s.parse()
        .map_err(|e| RelayError::BadRequest(format!("cannot relay this URL: {e}")))
}

fn header_value(s: &str) -> Result<HeaderValue, RelayError> {
    HeaderValue::from_str(s).map_err(|e| RelayError::BadRequest(e.to_string()))
}

async fn read_request_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, RelayError> {
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

/// Only what the vendors read goes upstream: never Cookie, Origin, Referer, the client's
/// address, or the relay token.
pub fn forwarded_request_header(name: &HeaderName) -> bool {
    let n = name.as_str();
    matches!(
        n,
        "content-type" | "accept" | "app-token" | "x-gw-router-addr"
    ) || n.starts_with("x-api-")
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
