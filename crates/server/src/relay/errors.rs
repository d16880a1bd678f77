//! Every refusal of the relay: `{"error": {"code", "message"}}` with a fitting status.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use countersign_core::relay_protocol::{ErrorBody, ErrorCode};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RelayError {
    Unauthorized,
    UnknownUpstream(String),
    ForbiddenAddress { host: String, addr: String },
    BodyTooLarge { limit: usize },
    BadRequest(String),
    DnsFailed { host: String, message: String },
    Unreachable { host: String, message: String },
    ConnectTimeout { host: String },
    Tls { host: String, message: String },
    UpstreamProtocol(String),
    ResponseTooLarge { limit: usize },
    Timeout { ms: u64 },
    BodyTimeout { ms: u64 },
    Busy { limit: usize },
}

impl RelayError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::UnknownUpstream(_) => StatusCode::NOT_FOUND,
            Self::ForbiddenAddress { .. } => StatusCode::FORBIDDEN,
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::DnsFailed { .. }
            | Self::Unreachable { .. }
            | Self::Tls { .. }
            | Self::UpstreamProtocol(_)
            | Self::ResponseTooLarge { .. } => StatusCode::BAD_GATEWAY,
            Self::ConnectTimeout { .. } | Self::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
            Self::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::UnknownUpstream(_) => ErrorCode::UnknownUpstream,
            Self::ForbiddenAddress { .. } => ErrorCode::ForbiddenAddress,
            Self::BodyTooLarge { .. } => ErrorCode::RequestTooLarge,
            Self::BadRequest(_) => ErrorCode::BadRequest,
            Self::DnsFailed { .. } => ErrorCode::DnsFailed,
            Self::Unreachable { .. } => ErrorCode::UpstreamUnreachable,
            Self::ConnectTimeout { .. } => ErrorCode::ConnectTimeout,
            Self::Tls { .. } => ErrorCode::TlsFailed,
            Self::UpstreamProtocol(_) => ErrorCode::UpstreamProtocol,
            Self::ResponseTooLarge { .. } => ErrorCode::ResponseTooLarge,
            Self::Timeout { .. } => ErrorCode::UpstreamTimeout,
            Self::BodyTimeout { .. } => ErrorCode::RequestTimeout,
            Self::Busy { .. } => ErrorCode::Busy,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::Unauthorized => {
                "missing or wrong X-Relay-Token: this relay was started with --token".into()
            }
            Self::UnknownUpstream(name) => format!(
                "no upstream named `{name}`: see GET /api/config for the names, or add one under [upstreams] in the config file"
            ),
            Self::ForbiddenAddress { host, addr } => format!(
                "`{host}` resolves to {addr}, a private, loopback or link-local address: refused (set allow_private = true on this upstream to allow it)"
            ),
            Self::BodyTooLarge { limit } => {
                format!("request body larger than the relay's limit of {limit} bytes")
            }
            Self::BadRequest(m) => m.clone(),
            Self::DnsFailed { host, message } => format!("cannot resolve `{host}`: {message}"),
            Self::Unreachable { host, message } => format!("cannot connect to `{host}`: {message}"),
            Self::ConnectTimeout { host } => format!("connecting to `{host}` timed out"),
            Self::Tls { host, message } => format!("TLS with `{host}` failed: {message}"),
            Self::UpstreamProtocol(m) => format!("the upstream's answer was not valid HTTP/1.1: {m}"),
            Self::ResponseTooLarge { limit } => {
                format!("the upstream's response is larger than the relay's limit of {limit} bytes")
            }
            Self::Timeout { ms } => format!("the upstream did not answer completely within {ms} ms"),
            Self::BodyTimeout { ms } => {
                format!("the request body did not arrive within {ms} ms (body_timeout_ms)")
            }
            Self::Busy { limit } => format!(
                "the relay is handling {limit} requests already (max_relay_requests): try again shortly"
            ),
        }
    }
}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        error_response(self.status(), self.code(), &self.message())
    }
}

/// The JSON error every non-upstream answer of the server uses, marked as the server's
/// own (`x-relay-error: <code>`): the app trusts no error body without the mark.
pub fn error_response(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let body = ErrorBody::new(code, message).to_json();
    let mut resp = (status, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(ERROR_MARK, HeaderValue::from_static(code.as_str()));
    resp
}

const ERROR_MARK: header::HeaderName =
    header::HeaderName::from_static(countersign_core::relay_protocol::header::ERROR);
