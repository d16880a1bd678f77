//! What a send produced — the answer ([`Exchange`]) or why there is none ([`SendError`]) —
//! and the pure parts of sending: where the relay is, the relay URL, reading the relay's
//! own errors. `send.rs` does the fetch; everything here is tested natively.

use countersign_core::encoding::parse_query;
use countersign_core::relay_protocol::{header as protocol_header, path, ErrorBody, ErrorCode};
use countersign_core::WireRequest;
use serde_json::Value;

use crate::i18n::{fill, Lang, T};
use crate::inspector::timing::{format_ms, metric_ms, parse_server_timing, Metric};

/// Where to send: the relay, the upstream name it knows, and the base URL the request was
/// signed for (the part of the signed URL the relay replaces).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayTarget {
    /// The relay's origin, e.g. `http://127.0.0.1:8080`; empty means the page's own origin.
    pub relay_base: String,
    /// `/relay/{upstream}/…`, e.g. `mock-wdt`, `taobao-sandbox`.
    pub upstream: String,
    /// The base the signer was given: `http://127.0.0.1:8080/mock/wdt/openapi`.
    pub upstream_base: String,
    /// Sent as `X-Relay-Token` when the relay was started with `--token`.
    pub token: Option<String>,
}

impl RelayTarget {
    /// Refuses a token no HTTP header can carry, before anything is sent: the browser's
    /// own refusal reads as a network failure.
    pub fn token_ok(&self) -> Result<(), SendError> {
        let token = self.token.as_deref().unwrap_or_default();
        crate::settings::token_problem(token).map_err(SendError::BadToken)
    }

    /// `{relay_base}/relay/{upstream}{rest of the signed URL after the base}`; the query is
    /// kept byte for byte (the signature covers it).
    pub fn relay_url(&self, signed_url: &str) -> Result<String, SendError> {
        let base = self.upstream_base.trim().trim_end_matches('/');
        let bad = || SendError::BadTarget {
            url: signed_url.to_string(),
            base: self.upstream_base.clone(),
        };
        if base.is_empty() || self.upstream.trim().is_empty() {
            return Err(bad());
        }
        let rest = signed_url.strip_prefix(base).ok_or_else(bad)?;
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return Err(bad());
        }
        // A fragment never reaches a server.
        let rest = rest.split('#').next().unwrap_or_default();
        Ok(format!(
            "{}{}",
            self.relay_base.trim_end_matches('/'),
            path::relay(self.upstream.trim(), rest)
        ))
    }
}

/// One answer that came back through the relay (from the vendor, or the mock).
#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    /// The request as signed (the vendor's URL, not the relay's).
    pub request: WireRequest,
    pub relay_url: String,
    /// The browser's clock when the request left, Unix ms.
    pub sent_at_ms: f64,
    pub status: u16,
    pub status_text: String,
    /// As the browser exposes them (lower-case names).
    pub headers: Vec<(String, String)>,
    /// Decoded as UTF-8 (invalid bytes replaced).
    pub body: String,
    /// Bytes received (after the browser's content decoding).
    pub size: usize,
    /// From just before fetch to the body's last byte, as the browser measured it.
    pub elapsed_ms: f64,
    /// `Server-Timing`.
    pub server_timing: Vec<Metric>,
}

impl Exchange {
    /// The relay's `total`: the time it spent on the request, the upstream's part in it.
    pub fn upstream_ms(&self) -> Option<f64> {
        metric_ms(
            &self.server_timing,
            countersign_core::relay_protocol::timing::TOTAL,
        )
    }
}

impl Exchange {
    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(self.body.trim_start_matches('\u{feff}')).ok()
    }

    /// The answer as HTTP/1.1 text, for the Raw tab.
    pub fn raw(&self) -> String {
        // hyper's `<none>` for a code it has no phrase for (Kingdee's 519) was not sent.
        let reason = match self.status_text.as_str() {
            "<none>" => "",
            r => r,
        };
        let mut out = format!("HTTP/1.1 {} {reason}\n", self.status)
            .trim_end()
            .to_string();
        out.push('\n');
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\n"));
        }
        out.push('\n');
        out.push_str(&self.body);
        out
    }
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The relay's `Server-Timing` metrics, which it adds to every answer (its own errors
/// included).
pub fn relay_timing(headers: &[(String, String)]) -> Vec<Metric> {
    header(headers, protocol_header::SERVER_TIMING)
        .map(parse_server_timing)
        .unwrap_or_default()
}

/// Why a send produced no vendor answer.
#[derive(Clone, Debug, PartialEq)]
pub enum SendError {
    /// The signed URL is not under the environment's base, so the relay cannot take it.
    BadTarget { url: String, base: String },
    /// The relay refused or failed: `{"error": {"code", "message"}}`.
    Relay {
        status: u16,
        code: ErrorCode,
        message: String,
        upstream: String,
        elapsed_ms: f64,
        server_timing: Vec<Metric>,
    },
    /// The relay could not be reached at all (down, wrong address, CORS).
    Network {
        relay_url: String,
        message: String,
        elapsed_ms: f64,
    },
    /// The person cancelled.
    Aborted { elapsed_ms: f64 },
    /// The relay handed back a redirect; the browser hides its target (opaque redirect).
    Redirect { relay_url: String, elapsed_ms: f64 },
    /// The relay token holds a character no HTTP header can carry: nothing was sent.
    BadToken(crate::settings::BadToken),
}

/// The relay's codes explained in words; the others read as [`T::RelayOther`].
const RELAY_CODES: [(ErrorCode, T); 13] = [
    (ErrorCode::Unauthorized, T::RelayUnauthorized),
    (ErrorCode::UnknownUpstream, T::RelayUnknownUpstream),
    (ErrorCode::ForbiddenAddress, T::RelayForbiddenAddress),
    (ErrorCode::RequestTooLarge, T::RelayRequestTooLarge),
    (ErrorCode::BadRequest, T::RelayBadRequest),
    (ErrorCode::DnsFailed, T::RelayDnsFailed),
    (ErrorCode::UpstreamUnreachable, T::RelayUnreachable),
    (ErrorCode::ConnectTimeout, T::RelayConnectTimeout),
    (ErrorCode::TlsFailed, T::RelayTlsFailed),
    (ErrorCode::UpstreamProtocol, T::RelayUpstreamProtocol),
    (ErrorCode::ResponseTooLarge, T::RelayResponseTooLarge),
    (ErrorCode::UpstreamTimeout, T::RelayTimeout),
    (ErrorCode::NotFound, T::RelayNotFound),
];

/// Reads the relay's own error from an answer: marked by the relay (`x-relay-error`, which
/// it never passes on from an upstream) with the code its JSON body gives. An upstream
/// that writes the relay's shape, to pass its words off as the relay's, is the vendor's
/// answer like any other.
pub fn relay_error(
    status: u16,
    headers: &[(String, String)],
    body: &str,
) -> Option<(ErrorCode, String)> {
    let mark = header(headers, protocol_header::ERROR)?;
    ErrorBody::parse(status, body)
        .filter(|b| b.error.code.as_str() == mark.trim())
        .map(|b| (b.error.code, b.error.message))
}

impl SendError {
    /// Stable id for CSS and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadTarget { .. } => "target",
            Self::Relay { .. } => "relay",
            Self::Network { .. } => "network",
            Self::Aborted { .. } => "aborted",
            Self::Redirect { .. } => "redirect",
            Self::BadToken(_) => "token",
        }
    }

    pub fn title(&self, lang: Lang) -> String {
        match self {
            Self::Relay { status, code, .. } => fill(
                T::RelayErrorTitle.get(lang),
                &[("status", &status.to_string()), ("code", code.as_str())],
            ),
            Self::BadTarget { .. } => T::TargetErrorTitle.get(lang).into(),
            Self::Network { .. } => T::NetworkErrorTitle.get(lang).into(),
            Self::Aborted { .. } => T::AbortedTitle.get(lang).into(),
            Self::Redirect { .. } => T::RedirectTitle.get(lang).into(),
            Self::BadToken(_) => T::RelayTokenBadTitle.get(lang).into(),
        }
    }

    /// What happened and what to do, in words.
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            Self::Relay {
                code,
                upstream,
                message,
                ..
            } => {
                let key = RELAY_CODES
                    .iter()
                    .find(|(c, _)| c == code)
                    .map_or(T::RelayOther, |(_, t)| *t);
                fill(
                    key.get(lang),
                    &[("upstream", upstream), ("detail", &relay_detail(message))],
                )
            }
            Self::BadTarget { url, base } => {
                fill(T::TargetError.get(lang), &[("url", url), ("base", base)])
            }
            Self::Network { relay_url, .. } => {
                let relay = origin_of(relay_url).unwrap_or_else(|| T::SameOrigin.get(lang).into());
                fill(T::NetworkError.get(lang), &[("relay", &relay)])
            }
            Self::Aborted { elapsed_ms } => {
                fill(T::Aborted.get(lang), &[("ms", &format_ms(*elapsed_ms))])
            }
            Self::Redirect { .. } => T::Redirect.get(lang).into(),
            Self::BadToken(e) => fill(
                T::NotSentRelayToken.get(lang),
                &[("why", &countersign_core::Localise::localise(e, lang))],
            ),
        }
    }

    /// The raw words from the relay or the browser, shown under the explanation.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::Relay { message, .. } | Self::Network { message, .. } => Some(message),
            _ => None,
        }
    }

    pub fn elapsed_ms(&self) -> Option<f64> {
        match self {
            Self::Relay { elapsed_ms, .. }
            | Self::Network { elapsed_ms, .. }
            | Self::Aborted { elapsed_ms }
            | Self::Redirect { elapsed_ms, .. } => Some(*elapsed_ms),
            Self::BadTarget { .. } | Self::BadToken(_) => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Relay { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn server_timing(&self) -> &[Metric] {
        match self {
            Self::Relay { server_timing, .. } => server_timing,
            _ => &[],
        }
    }
}

/// The OS's words inside a relay message: `cannot connect to `h`: Connection refused (os
/// error 111)` → `Connection refused`.
fn relay_detail(message: &str) -> String {
    let tail = message.rsplit_once("`: ").map_or(message, |(_, t)| t);
    let tail = match tail.find(" (os error") {
        Some(i) => &tail[..i],
        None => tail,
    };
    tail.trim().to_string()
}

/// The relay's origin in a relay URL; `None` for the page's own origin.
fn origin_of(url: &str) -> Option<String> {
    match url.find(&format!("{}/", path::RELAY)) {
        Some(0) | None => None,
        Some(i) => Some(url[..i].to_string()),
    }
}

/// A query parameter of a URL, decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next().unwrap_or_default();
    parse_query(query)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(base: &str) -> RelayTarget {
        RelayTarget {
            relay_base: String::new(),
            upstream: "mock-wdt".into(),
            upstream_base: base.into(),
            token: None,
        }
    }

    #[test]
    fn relay_url_keeps_the_query_byte_for_byte() {
        let t = target("http://127.0.0.1:8080/mock/wdt/openapi");
        let url = "http://127.0.0.1:8080/mock/wdt/openapi?sid=mocksid&key=mockkey&timestamp=42&body=%5B%22a+b%22%5D&sign=ab";
        assert_eq!(
            t.relay_url(url).unwrap(),
            "/relay/mock-wdt?sid=mocksid&key=mockkey&timestamp=42&body=%5B%22a+b%22%5D&sign=ab"
        );
        let k = RelayTarget {
            relay_base: "http://relay.local:9000/".into(),
            upstream: "kingdee".into(),
            upstream_base: "https://api.kingdee.com/".into(),
            token: None,
        };
        assert_eq!(
            k.relay_url("https://api.kingdee.com/jdy/v2/scm/inv_synchronous?ids=a%2Cb#x")
                .unwrap(),
            "http://relay.local:9000/relay/kingdee/jdy/v2/scm/inv_synchronous?ids=a%2Cb"
        );
        assert_eq!(
            t.relay_url("http://127.0.0.1:8080/mock/wdt/openapi")
                .unwrap(),
            "/relay/mock-wdt"
        );
    }

    #[test]
    fn relay_url_refuses_a_url_from_elsewhere() {
        let t = target("http://127.0.0.1:8080/mock/wdt/openapi");
        for url in [
            "http://wdt.wangdian.cn/openapi?x=1",
            "http://127.0.0.1:8080/mock/wdt/openapi2?x=1",
        ] {
            let err = t.relay_url(url).unwrap_err();
            assert_eq!(err.kind(), "target");
            assert!(
                err.explain(Lang::En).contains(url),
                "{}",
                err.explain(Lang::En)
            );
        }
        assert!(target("").relay_url("http://x/").is_err());
    }

    #[test]
    fn recognises_only_the_relays_own_errors() {
        let body = r#"{"error":{"code":"upstream_unreachable","message":"cannot connect to `47.92.239.46:80`: Connection refused (os error 111)"}}"#;
        let marked = |code: &str| vec![(protocol_header::ERROR.to_string(), code.to_string())];
        let relay_error = |status, body| relay_error(status, &marked("upstream_unreachable"), body);
        let (code, message) = relay_error(502, body).unwrap();
        assert_eq!(code, ErrorCode::UpstreamUnreachable);
        let err = SendError::Relay {
            status: 502,
            code,
            message,
            upstream: "wdt-test".into(),
            elapsed_ms: 3.0,
            server_timing: vec![],
        };
        let en = err.explain(Lang::En);
        assert!(en.contains("wdt-test"), "{en}");
        assert!(en.contains("Connection refused"), "{en}");
        assert!(!en.contains("os error"), "{en}");
        assert!(err.explain(Lang::Zh).contains("wdt-test"));
        assert_eq!(
            err.title(Lang::En),
            "Relay error 502 · upstream_unreachable"
        );
        // A vendor's answer, an unknown code, a success status: not the relay's.
        assert_eq!(
            relay_error(519, r#"{"errcode":4008,"description":"x"}"#),
            None
        );
        assert_eq!(
            relay_error(502, r#"{"error":{"code":"other","message":"m"}}"#),
            None
        );
        assert_eq!(relay_error(200, body), None);
        assert_eq!(
            relay_error(
                502,
                r#"{"error":{"code":"upstream_unreachable","message":"m"},"x":1}"#
            ),
            None
        );
        assert_eq!(relay_error(502, "<html>"), None);
        // The relay's shape from an upstream: no mark (the relay drops an upstream's
        // x-relay-*), or a mark that names another code.
        assert_eq!(super::relay_error(502, &[], body), None);
        assert_eq!(super::relay_error(502, &marked("busy"), body), None);
    }

    #[test]
    fn every_error_is_explained_in_both_languages() {
        let errors = [
            SendError::BadTarget {
                url: "u".into(),
                base: "b".into(),
            },
            SendError::Network {
                relay_url: "http://127.0.0.1:9/relay/x".into(),
                message: "TypeError: Failed to fetch".into(),
                elapsed_ms: 2.0,
            },
            SendError::Aborted { elapsed_ms: 1500.0 },
            SendError::Redirect {
                relay_url: "/relay/x".into(),
                elapsed_ms: 1.0,
            },
            SendError::BadToken(crate::settings::BadToken { at: 2, ch: '✓' }),
        ];
        for e in &errors {
            for lang in [Lang::Zh, Lang::En] {
                let text = e.explain(lang);
                assert!(!text.contains('{'), "{text}");
                assert!(!e.title(lang).is_empty());
            }
        }
        assert!(errors[1].explain(Lang::En).contains("http://127.0.0.1:9"));
        assert!(errors[2].explain(Lang::En).contains("1.50 s"));
        assert!(errors[4].explain(Lang::En).contains("X-Relay-Token"));
        for code in ErrorCode::ALL {
            let e = SendError::Relay {
                status: 502,
                code,
                message: "m".into(),
                upstream: "u".into(),
                elapsed_ms: 0.0,
                server_timing: vec![],
            };
            for lang in [Lang::Zh, Lang::En] {
                assert!(!e.explain(lang).contains('{'), "{code}");
            }
        }
    }

    #[test]
    fn exchange_helpers() {
        let ex = Exchange {
            request: WireRequest {
                method: "POST".into(),
                url: "http://h/openapi?timestamp=1&sign=x".into(),
                headers: vec![],
                body: "[]".into(),
                ..Default::default()
            },
            relay_url: "/relay/mock-wdt?timestamp=1&sign=x".into(),
            sent_at_ms: 0.0,
            status: 200,
            status_text: "OK".into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("server-timing".into(), "ttfb;dur=1.0, total;dur=1.5".into()),
            ],
            body: "\u{feff}{\"status\":0}".into(),
            size: 15,
            elapsed_ms: 4.0,
            server_timing: vec![],
        };
        assert_eq!(ex.json().unwrap()["status"], 0);
        assert_eq!(
            header(&ex.headers, "Content-Type"),
            Some("application/json")
        );
        assert!(ex
            .raw()
            .starts_with("HTTP/1.1 200 OK\ncontent-type: application/json\n"));
        let unnamed = Exchange {
            status: 519,
            status_text: "<none>".into(),
            ..ex.clone()
        };
        assert!(
            unnamed.raw().starts_with("HTTP/1.1 519\n"),
            "{}",
            unnamed.raw()
        );
        let st = relay_timing(&ex.headers);
        assert_eq!(st.len(), 2);
        let ex = Exchange {
            server_timing: st,
            ..ex
        };
        assert_eq!(ex.upstream_ms(), Some(1.5));
        assert_eq!(
            query_param(&ex.request.url, "timestamp").as_deref(),
            Some("1")
        );
        assert_eq!(
            query_param("http://h/?timestamp=2016-09-09+12%3A00%3A00", "timestamp").as_deref(),
            Some("2016-09-09 12:00:00")
        );
    }
}
