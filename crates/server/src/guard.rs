//! What every request passes before a route sees it, and the headers every answer leaves
//! with. Against a hostile web page (navigations to relayed answers, cross-site calls),
//! DNS rebinding (the Host check) and the LAN (the token).
//!
//! Order, outermost first: the outer checks (Host, cross-site, navigation, time limit,
//! headers), then CORS (answers preflights), then the token, then the routes; without a
//! CORS layer one [`GuardLayer`] makes the outer checks and the token's.

use std::convert::Infallible;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::Request;
use axum::http::{self as http, header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use tower::{Layer, Service};

use countersign_core::relay_protocol::{header as protocol_header, path as paths, ErrorCode};

use crate::config::Config;
use crate::relay::errors::error_response;

/// Which part of the server a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// The built app and its assets: public, may be navigated to.
    App,
    Health,
    Api,
    Relay,
    Mock,
}

impl Area {
    pub fn of(path: &str) -> Self {
        // `root` itself or below it; no allocation (this runs twice for every request).
        let under = |root: &str| paths::is_under(path, root);
        if under(paths::RELAY) {
            Self::Relay
        } else if under(paths::MOCK) {
            Self::Mock
        } else if under(paths::API) {
            Self::Api
        } else if path == paths::HEALTH {
            Self::Health
        } else {
            Self::App
        }
    }

    /// Answers that carry data a page must not be able to render or read cross-site.
    fn is_data(self) -> bool {
        matches!(self, Self::Api | Self::Relay | Self::Mock)
    }
}

pub struct Guard {
    hosts: Vec<String>,
    bind: IpAddr,
    cors_any: bool,
    cors_origins: Vec<String>,
    token: Option<String>,
    /// Time for a whole /api or /mock request (body included); the relay has its own.
    request_timeout: Duration,
}

impl Guard {
    /// The outer checks and the token's for a request served without layers (the
    /// relay's fast path, when no CORS layer sits between them): what
    /// `GuardLayer::outer(_, true)` refuses, this refuses. The answer, refused or not,
    /// then gets [`add_headers`].
    pub fn refuse<B>(&self, area: Area, req: &http::Request<B>) -> Option<Response> {
        refusal(self, area, req).or_else(|| token_refusal(self, area, req))
    }

    pub fn new(config: &Config) -> Self {
        Self {
            hosts: config.hosts.clone(),
            bind: config.bind,
            cors_any: config.cors_origins.iter().any(|o| o == "*"),
            cors_origins: config
                .cors_origins
                .iter()
                .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
            token: config.token.clone(),
            request_timeout: config.limits.body_timeout(),
        }
    }

    /// DNS rebinding: a page on `evil.example` that re-resolves to 127.0.0.1 still sends
    /// `Host: evil.example`. IP literals cannot be rebound, names must be known.
    fn host_allowed(&self, host: &str) -> bool {
        let name = host_name(host);
        // The usual names first: parsing an address costs more than the rest of the guard.
        if name == "127.0.0.1"
            || name.eq_ignore_ascii_case("localhost")
            || self.hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
        {
            return true;
        }
        let Ok(ip) = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        else {
            return false;
        };
        ip.is_loopback() || ip == self.bind || self.bind.is_unspecified()
    }

    /// `origin` in any case (the configured ones are lower-cased).
    fn cors_allows(&self, origin: &str) -> bool {
        self.cors_any
            || self
                .cors_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// A page of another origin may not call the API, the relay or the mocks, unless its
    /// origin is one of `[cors] origins`.
    fn cross_site(&self, seen: &Seen<'_>, host: &str) -> Option<&'static str> {
        // Compared ignoring case, without a lower-cased copy.
        if let Some(origin) = seen.origin {
            let own = origin
                .split_once("://")
                .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host));
            if own {
                return None;
            }
            if self.cors_allows(origin) {
                return None;
            }
            return Some(
                "requests from another origin are refused: add it to [cors] origins to allow it",
            );
        }
        match seen.site {
            None | Some("same-origin") | Some("none") => None,
            Some(_) => Some("requests from another site are refused"),
        }
    }
}

/// `Host` without the port (compare it ignoring ASCII case); `[::1]` keeps its brackets.
fn host_name(host: &str) -> &str {
    // ASCII only (a header value's text, or a URI's authority): byte scans, no char
    // decoding (this runs for every request).
    let host = host.trim_ascii();
    if host.starts_with('[') {
        return match host.find(']') {
            Some(end) => &host[..=end],
            None => host,
        };
    }
    match host.bytes().rposition(|b| b == b':') {
        Some(colon) if host.as_bytes()[colon + 1..].iter().all(u8::is_ascii_digit) => {
            &host[..colon]
        }
        _ => host,
    }
}

/// The request headers the outer checks read (the first value of each, if it is visible
/// ASCII), found in one pass over the request's headers: most are absent, and a hashed
/// lookup of each cost more than the pass (this runs for every request).
#[derive(Default)]
struct Seen<'a> {
    host: Option<&'a str>,
    origin: Option<&'a str>,
    site: Option<&'a str>,
    mode: Option<&'a str>,
    dest: Option<&'a str>,
}

impl<'a> Seen<'a> {
    fn of(headers: &'a HeaderMap) -> Self {
        let mut seen = Self::default();
        // `get` semantics: the first value of a name decides, even when it is not text.
        let (mut host, mut origin, mut site, mut mode, mut dest) =
            (false, false, false, false, false);
        for (name, value) in headers {
            let (done, slot) = if name == header::HOST {
                (&mut host, &mut seen.host)
            } else if name == header::ORIGIN {
                (&mut origin, &mut seen.origin)
            } else if *name == SEC_FETCH_SITE {
                (&mut site, &mut seen.site)
            } else if *name == SEC_FETCH_MODE {
                (&mut mode, &mut seen.mode)
            } else if *name == SEC_FETCH_DEST {
                (&mut dest, &mut seen.dest)
            } else {
                continue;
            };
            if !*done {
                *done = true;
                *slot = value.to_str().ok();
            }
        }
        seen
    }
}

// Compared as names, not as `&str`s (a standard name's text is a table lookup).
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
const SEC_FETCH_MODE: HeaderName = HeaderName::from_static("sec-fetch-mode");
const SEC_FETCH_DEST: HeaderName = HeaderName::from_static("sec-fetch-dest");

/// Anything but a `fetch()`: a navigation (top level or a frame) renders the answer as a
/// document, and a `<script>`, stylesheet, worker or service worker runs it with the
/// app's origin. A service worker registered under /relay would see every later relayed
/// request, tokens and all. The app reads these answers with `fetch()` alone (`empty`);
/// a client that sends no `Sec-Fetch-*` (curl, scripts) is no browser loading them.
fn is_not_a_fetch(seen: &Seen<'_>, headers: &HeaderMap) -> bool {
    seen.mode
        .is_some_and(|m| m.eq_ignore_ascii_case("navigate"))
        || seen.dest.is_some_and(|d| !d.eq_ignore_ascii_case("empty"))
        || headers.contains_key(SERVICE_WORKER)
}

/// Sent by a browser fetching a service worker's script.
const SERVICE_WORKER: HeaderName = HeaderName::from_static("service-worker");

/// Which checks a [`GuardLayer`] makes.
#[derive(Clone, Copy, Debug)]
enum Checks {
    /// Host, cross-site, navigation, time limit, and the headers of every answer.
    Outer,
    /// The token alone (inside the CORS layer, which answers preflights first).
    Token,
    /// Both, when there is no CORS layer between them.
    OuterAndToken,
}

/// The guard as a tower layer: the checks are plain functions of the request, so a
/// refused one never reaches the routes, and a passed one costs one boxed future (axum's
/// `from_fn` boxed two futures and a service per layer and request).
#[derive(Clone)]
pub struct GuardLayer {
    guard: Arc<Guard>,
    checks: Checks,
}

impl GuardLayer {
    /// The outermost layer; with `token`, it also checks the token (no CORS layer).
    pub fn outer(guard: Arc<Guard>, token: bool) -> Self {
        let checks = if token {
            Checks::OuterAndToken
        } else {
            Checks::Outer
        };
        Self { guard, checks }
    }

    /// The token check alone, inside the CORS layer.
    pub fn token(guard: Arc<Guard>) -> Self {
        Self {
            guard,
            checks: Checks::Token,
        }
    }
}

impl<S> Layer<S> for GuardLayer {
    type Service = GuardService<S>;

    fn layer(&self, inner: S) -> GuardService<S> {
        GuardService {
            guard: self.guard.clone(),
            checks: self.checks,
            inner,
        }
    }
}

#[derive(Clone)]
pub struct GuardService<S> {
    guard: Arc<Guard>,
    checks: Checks,
    inner: S,
}

impl<S> Service<Request> for GuardService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let area = Area::of(req.uri().path());
        let guard = &self.guard;
        let (outer, refusal) = match self.checks {
            Checks::Outer => (true, refusal(guard, area, &req)),
            Checks::Token => (false, token_refusal(guard, area, &req)),
            Checks::OuterAndToken => (
                true,
                refusal(guard, area, &req).or_else(|| token_refusal(guard, area, &req)),
            ),
        };
        if let Some(mut response) = refusal {
            if outer {
                add_headers(area, response.headers_mut());
            }
            return Box::pin(std::future::ready(Ok(response)));
        }
        // The API and the mocks are bounded as a whole here; the relay times its own body
        // read and upstream exchange.
        let timeout =
            (outer && matches!(area, Area::Api | Area::Mock)).then_some(guard.request_timeout);
        // The service that was polled ready serves this request; a clone waits for the next.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let answer = inner.call(req);
        Box::pin(async move {
            let mut response = match timeout {
                None => answer.await?,
                Some(limit) => match tokio::time::timeout(limit, answer).await {
                    Ok(r) => r?,
                    Err(_) => error_response(
                        StatusCode::REQUEST_TIMEOUT,
                        ErrorCode::RequestTimeout,
                        "the request did not complete in time (body_timeout_ms)",
                    ),
                },
            };
            if outer {
                add_headers(area, response.headers_mut());
            }
            Ok(response)
        })
    }
}

/// The outer checks' answer to a request they refuse.
fn refusal<B>(guard: &Guard, area: Area, req: &http::Request<B>) -> Option<Response> {
    let seen = Seen::of(req.headers());
    let host = seen
        .host
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or_default();
    if !guard.host_allowed(host) {
        return Some(error_response(
            StatusCode::MISDIRECTED_REQUEST,
            ErrorCode::UnknownHost,
            "this server does not answer to that Host name: add it to [server] hosts in the config",
        ));
    }
    if area.is_data() {
        if let Some(why) = guard.cross_site(&seen, host) {
            return Some(error_response(
                StatusCode::FORBIDDEN,
                ErrorCode::CrossSite,
                why,
            ));
        }
    }
    if matches!(area, Area::Relay | Area::Mock) && is_not_a_fetch(&seen, req.headers()) {
        return Some(error_response(
            StatusCode::FORBIDDEN,
            ErrorCode::NavigationRefused,
            "relayed and mock answers are for the app's fetch, not to be opened as a page or \
             loaded as a script, style, image or worker",
        ));
    }
    None
}

/// With a token configured, /relay, /mock and /api need it in `X-Relay-Token`; preflights
/// are answered before this (they cannot carry it).
fn token_refusal<B>(guard: &Guard, area: Area, req: &http::Request<B>) -> Option<Response> {
    let (Some(token), true) = (&guard.token, area.is_data()) else {
        return None;
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let given = req
        .headers()
        .get(protocol_header::TOKEN)
        .map(|v| v.as_bytes());
    if preflight || given.is_some_and(|g| crate::relay::constant_time_eq(g, token.as_bytes())) {
        return None;
    }
    Some(error_response(
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthorized,
        "missing or wrong X-Relay-Token: this server was started with a token",
    ))
}

/// Not among `http`'s constants; a name made from a `&str` at each insert would be copied
/// into a new allocation every time.
const CROSS_ORIGIN_RESOURCE_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-resource-policy");

/// Relayed, mock and API answers can never become a document of this origin; the app's
/// own headers are set where it is served (`app_csp`).
pub fn add_headers(area: Area, headers: &mut HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if area.is_data() || area == Area::Health {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'"),
        );
        headers.insert(
            CROSS_ORIGIN_RESOURCE_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    } else {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_without_ports() {
        assert_eq!(host_name("LocalHost:8080"), "LocalHost");
        assert_eq!(host_name("[::1]:8080"), "[::1]");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn areas() {
        assert_eq!(Area::of("/relay/x"), Area::Relay);
        assert_eq!(Area::of("/relayx"), Area::App);
        assert_eq!(Area::of("/mock"), Area::Mock);
        assert_eq!(Area::of("/api/config"), Area::Api);
        assert_eq!(Area::of("/index.html"), Area::App);
    }
}
