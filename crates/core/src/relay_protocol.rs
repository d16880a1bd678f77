//! What `countersign serve` and the browser app say to each other, written once: the
//! relay's error codes and error body, the header and `Server-Timing` names it adds, the
//! paths it serves, and the `/api/config` answer. The server builds its answers from these
//! and the app reads them with the same types, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

/// Header names, lower-case (HTTP names are case-insensitive; `http`'s static names must
/// be lower-case).
pub mod header {
    /// The relay's token, required on /relay, /mock and /api when the server has one.
    pub const TOKEN: &str = "x-relay-token";
    /// How [`TOKEN`] is written for people (settings, messages).
    pub const TOKEN_TITLE: &str = "X-Relay-Token";
    /// The relay's phases, as [`super::timing`] names them; its `total` is the time the
    /// relay spent on the request, upstream included.
    pub const SERVER_TIMING: &str = "server-timing";
    /// On every error the server answers itself ([`super::ErrorBody`]), its code: the relay
    /// drops an upstream's `x-relay-*` headers, so a body shaped like the relay's error
    /// without it is the upstream's, never to be shown as the relay's word.
    pub const ERROR: &str = "x-relay-error";
    /// Headers the relay adds to its answers; cross-origin scripts must be allowed to
    /// read them.
    pub const EXPOSED: [&str; 2] = [SERVER_TIMING, ERROR];

    /// The first character of `token` that [`TOKEN`] cannot carry, with its place (1 for
    /// the first character): anything but printable ASCII. Browsers refuse to send other
    /// characters in a header (or send Latin-1 bytes the server's UTF-8 token never
    /// matches). Spaces at either end are not sent, so they are not refused.
    pub fn token_refused_char(token: &str) -> Option<(usize, char)> {
        // Every signature checks its header values: most are printable ASCII throughout.
        if token.bytes().all(|b| matches!(b, b' '..=b'~')) {
            return None;
        }
        crate::value::first_inside(token, |c| !matches!(c, ' '..='~'))
    }
}

/// Metric names inside the relay's `Server-Timing` header:
/// `conn;desc="reused", dns;dur=1.2, connect;dur=3.4, tls;dur=20.0, ttfb;dur=50.1, total;dur=75.3`.
pub mod timing {
    pub const DNS: &str = "dns";
    pub const CONNECT: &str = "connect";
    pub const TLS: &str = "tls";
    /// From the request written to the response head read.
    pub const TTFB: &str = "ttfb";
    pub const TOTAL: &str = "total";
    /// Present (with [`REUSED`] as its `desc`) when a kept-alive connection carried the
    /// request, so there was no dns/connect/tls of its own.
    pub const CONN: &str = "conn";
    pub const REUSED: &str = "reused";
    /// The whole `conn` entry as the relay writes it.
    pub const CONN_REUSED: &str = r#"conn;desc="reused""#;
}

/// Paths the server serves (roots without the trailing slash, as axum nests them).
pub mod path {
    /// `/relay/{upstream}/{rest}`: the relay.
    pub const RELAY: &str = "/relay";
    /// `/mock/{vendor}/…`: the mock vendors.
    pub const MOCK: &str = "/mock";
    /// `/api/…`: the server's own API.
    pub const API: &str = "/api";
    /// `GET /api/config`: [`super::ServerConfig`].
    pub const CONFIG: &str = "/api/config";
    pub const HEALTH: &str = "/healthz";

    /// `/relay/{upstream}{rest}`; `rest` is empty or starts with `/`, `?`.
    pub fn relay(upstream: &str, rest: &str) -> String {
        format!("{RELAY}/{upstream}{rest}")
    }

    /// `/mock/{vendor}{rest}`.
    pub fn mock(vendor: &str, rest: &str) -> String {
        format!("{MOCK}/{vendor}{rest}")
    }

    /// The part after `/relay/`, when `path` is under the relay.
    pub fn under_relay(path: &str) -> Option<&str> {
        path.strip_prefix(RELAY)?.strip_prefix('/')
    }

    /// The upstream's name in a relay path (`/relay/mock-wdt?sid=1` → `mock-wdt`).
    pub fn relay_upstream(path: &str) -> Option<&str> {
        let rest = under_relay(path)?;
        let name = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
        (!name.is_empty()).then_some(name)
    }

    /// True for `root` itself and anything under `root/`.
    pub fn is_under(path: &str, root: &str) -> bool {
        path.strip_prefix(root)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// Why the server, not the vendor, answered: the `code` of every error body it sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Missing or wrong [`header::TOKEN`].
    Unauthorized,
    /// No upstream by that name.
    UnknownUpstream,
    /// The upstream's host resolves to a private, loopback or link-local address.
    ForbiddenAddress,
    RequestTooLarge,
    BadRequest,
    DnsFailed,
    UpstreamUnreachable,
    ConnectTimeout,
    TlsFailed,
    /// The upstream's answer was not HTTP/1.1.
    UpstreamProtocol,
    ResponseTooLarge,
    UpstreamTimeout,
    /// The request (its body) did not arrive in time.
    RequestTimeout,
    /// Too many requests or connections at once.
    Busy,
    /// No such route under /api, /relay or /mock.
    NotFound,
    /// A Host name the server does not answer to (DNS rebinding).
    UnknownHost,
    /// A cross-site request to data routes.
    CrossSite,
    /// A relayed or mock answer opened as a page, or loaded as anything but a `fetch()`
    /// (a script, style, image, worker).
    NavigationRefused,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 18] = [
        Self::Unauthorized,
        Self::UnknownUpstream,
        Self::ForbiddenAddress,
        Self::RequestTooLarge,
        Self::BadRequest,
        Self::DnsFailed,
        Self::UpstreamUnreachable,
        Self::ConnectTimeout,
        Self::TlsFailed,
        Self::UpstreamProtocol,
        Self::ResponseTooLarge,
        Self::UpstreamTimeout,
        Self::RequestTimeout,
        Self::Busy,
        Self::NotFound,
        Self::UnknownHost,
        Self::CrossSite,
        Self::NavigationRefused,
    ];

    /// The code as it travels (`upstream_unreachable`), for logs and titles.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::UnknownUpstream => "unknown_upstream",
            Self::ForbiddenAddress => "forbidden_address",
            Self::RequestTooLarge => "request_too_large",
            Self::BadRequest => "bad_request",
            Self::DnsFailed => "dns_failed",
            Self::UpstreamUnreachable => "upstream_unreachable",
            Self::ConnectTimeout => "connect_timeout",
            Self::TlsFailed => "tls_failed",
            Self::UpstreamProtocol => "upstream_protocol",
            Self::ResponseTooLarge => "response_too_large",
            Self::UpstreamTimeout => "upstream_timeout",
            Self::RequestTimeout => "request_timeout",
            Self::Busy => "busy",
            Self::NotFound => "not_found",
            Self::UnknownHost => "unknown_host",
            Self::CrossSite => "cross_site",
            Self::NavigationRefused => "navigation_refused",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every error the server answers itself: `{"error": {"code", "message"}}`. Nothing else
/// at the top level, so a vendor's answer is never mistaken for one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// In English, naming the cause; the app explains the code in the person's language.
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }

    /// The JSON text the server sends.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain strings serialise")
    }

    /// Reads an answer as the server's own error: only an error status with exactly this
    /// shape and a known code counts.
    pub fn parse(status: u16, body: &str) -> Option<Self> {
        if status < 400 {
            return None;
        }
        serde_json::from_str(body).ok()
    }
}

/// `GET /api/config`: what the app's environment picker and settings need; never the token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerConfig {
    /// The server's version (`countersign-server`'s package version).
    pub version: String,
    /// Whether the mock vendors are served.
    pub mock: bool,
    /// Whether /relay, /mock and /api need [`header::TOKEN`].
    pub token_required: bool,
    pub upstreams: Vec<UpstreamInfo>,
}

/// One upstream the relay forwards to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpstreamInfo {
    /// The name in `/relay/{name}/…`.
    pub name: String,
    pub kind: UpstreamKind,
    /// `https://host/path` for a remote upstream, a path on this server for a local one.
    pub base: String,
    /// One of the mock vendors.
    pub mock: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpstreamKind {
    /// Another server, reached over the network.
    #[default]
    Remote,
    /// A route of this server (the mocks), dispatched in-process.
    Local,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_printable_ascii_and_the_refused_character_is_named_with_its_place() {
        use header::token_refused_char as refused;
        for ok in ["", "s3cret", "  padded\t", "with inner space", "!~{}[]\"'"] {
            assert_eq!(refused(ok), None, "{ok:?}");
        }
        assert_eq!(refused("ok✓"), Some((3, '✓')));
        assert_eq!(refused("ｔoken"), Some((1, 'ｔ')));
        assert_eq!(refused("  é"), Some((3, 'é')));
        assert_eq!(refused("a\tb"), Some((2, '\t')));
        assert_eq!(refused("令牌"), Some((1, '令')));
    }

    #[test]
    fn every_code_round_trips_through_serde_and_text() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("nope"), None);
    }

    #[test]
    fn codes_are_distinct() {
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn error_body_round_trips_and_reads_the_wire_shape() {
        let body = ErrorBody::new(ErrorCode::UpstreamUnreachable, "cannot connect");
        let json = body.to_json();
        assert_eq!(
            json,
            r#"{"error":{"code":"upstream_unreachable","message":"cannot connect"}}"#
        );
        assert_eq!(ErrorBody::parse(502, &json), Some(body));
    }

    #[test]
    fn only_the_exact_shape_with_a_known_code_is_the_servers() {
        let ok = r#"{"error":{"code":"busy","message":"m"}}"#;
        assert!(ErrorBody::parse(503, ok).is_some());
        assert!(ErrorBody::parse(200, ok).is_none(), "not an error status");
        for vendor in [
            r#"{"error":{"code":"busy","message":"m"},"x":1}"#,
            r#"{"error":{"code":"isv.invalid","message":"m"}}"#,
            r#"{"error":{"code":"busy"}}"#,
            r#"{"error_response":{"code":15}}"#,
            "<html>",
        ] {
            assert!(ErrorBody::parse(400, vendor).is_none(), "{vendor}");
        }
    }

    #[test]
    fn server_config_round_trips_and_tolerates_missing_fields() {
        let config = ServerConfig {
            version: "0.1.0".into(),
            mock: true,
            token_required: false,
            upstreams: vec![
                UpstreamInfo {
                    name: "mock-wdt".into(),
                    kind: UpstreamKind::Local,
                    base: path::mock("wdt", "/openapi"),
                    mock: true,
                },
                UpstreamInfo {
                    name: "taobao".into(),
                    kind: UpstreamKind::Remote,
                    base: "https://eco.taobao.com/router/rest".into(),
                    mock: false,
                },
            ],
        };
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(json["upstreams"][0]["kind"], "local");
        assert_eq!(json["upstreams"][0]["base"], "/mock/wdt/openapi");
        assert_eq!(
            serde_json::from_value::<ServerConfig>(json).unwrap(),
            config
        );
        let old: ServerConfig = serde_json::from_str(r#"{"upstreams":[{"name":"x"}]}"#).unwrap();
        assert_eq!(old.upstreams[0].name, "x");
        assert!(!old.token_required);
    }

    #[test]
    fn paths_compose_and_decompose() {
        assert_eq!(path::relay("mock-wdt", "?a=1"), "/relay/mock-wdt?a=1");
        assert_eq!(path::under_relay("/relay/x/y"), Some("x/y"));
        assert_eq!(
            path::relay_upstream("/relay/mock-wdt?sid=1"),
            Some("mock-wdt")
        );
        assert_eq!(
            path::relay_upstream("/relay/kingdee/jdy/v2"),
            Some("kingdee")
        );
        assert_eq!(path::relay_upstream("/relay/"), None);
        assert_eq!(path::relay_upstream("/mock/wdt"), None);
        assert_eq!(path::under_relay("/relayx/y"), None);
        assert!(path::is_under("/api/config", path::API));
        assert!(path::is_under("/api", path::API));
        assert!(!path::is_under("/apix", path::API));
        assert!(path::CONFIG.starts_with(path::API));
    }
}
