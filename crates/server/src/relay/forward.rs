//! One request to a remote upstream over a connection of its own: resolve, check (SSRF),
//! connect to the checked address, TLS, HTTP/1.1 — each phase timed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use super::errors::RelayError;
use super::ssrf;
use super::timing::{timed, Timing};
use crate::config::{Limits, RemoteBase};

/// TLS with the Mozilla roots (webpki-roots) plus `extra_der`, and the ring provider;
/// HTTP/1.1 only.
pub fn tls_connector(extra_der: &[Vec<u8>]) -> Result<TlsConnector, String> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for der in extra_der {
        roots
            .add(der.clone().into())
            .map_err(|e| format!("an extra root certificate is invalid: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsConnector::from(Arc::new(config)))
}

/// Sends `request` (origin-form URI, headers final) to `base` and reads the whole answer
/// within the response limit. The caller bounds the total time.
pub async fn send(
    base: &RemoteBase,
    allow_private: bool,
    request: Request<Full<Bytes>>,
    limits: &Limits,
    tls: &TlsConnector,
    timing: &mut Timing,
) -> Result<Response<Bytes>, RelayError> {
    let addrs = resolve(base, timing).await?;
    ssrf::check(&base.host, &addrs, allow_private)?;
    let tcp = connect(base, &addrs, limits, timing).await?;
    if base.tls {
        let name = ServerName::try_from(base.host.clone()).map_err(|e| RelayError::Tls {
            host: base.host.clone(),
            message: e.to_string(),
        })?;
        let (stream, took) = timed(tls.connect(name, tcp)).await;
        timing.tls = Some(took);
        let stream = stream.map_err(|e| RelayError::Tls {
            host: base.host.clone(),
            message: e.to_string(),
        })?;
        exchange(stream, request, limits, timing).await
    } else {
        exchange(tcp, request, limits, timing).await
    }
}

async fn resolve(base: &RemoteBase, timing: &mut Timing) -> Result<Vec<SocketAddr>, RelayError> {
    if let Ok(ip) = base.host.parse::<IpAddr>() {
        timing.dns = Some(Default::default());
        return Ok(vec![SocketAddr::new(ip, base.port)]);
    }
    let (found, took) = timed(tokio::net::lookup_host((base.host.as_str(), base.port))).await;
    timing.dns = Some(took);
    let addrs: Vec<SocketAddr> = found
        .map_err(|e| RelayError::DnsFailed {
            host: base.host.clone(),
            message: e.to_string(),
        })?
        .collect();
    if addrs.is_empty() {
        return Err(RelayError::DnsFailed {
            host: base.host.clone(),
            message: "no address".into(),
        });
    }
    Ok(addrs)
}

/// Tries the checked addresses in order within the connect timeout.
async fn connect(
    base: &RemoteBase,
    addrs: &[SocketAddr],
    limits: &Limits,
    timing: &mut Timing,
) -> Result<TcpStream, RelayError> {
    let attempt = async {
        let mut last = None;
        for addr in addrs {
            match TcpStream::connect(addr).await {
                Ok(s) => return Ok(s),
                Err(e) => last = Some(e),
            }
        }
        Err(last.map(|e| e.to_string()).unwrap_or_default())
    };
    let (result, took) = timed(tokio::time::timeout(limits.connect_timeout(), attempt)).await;
    timing.connect = Some(took);
    match result {
        Err(_) => Err(RelayError::ConnectTimeout {
            host: base.host.clone(),
        }),
        Ok(Err(message)) => Err(RelayError::Unreachable {
            host: base.host.clone(),
            message,
        }),
        Ok(Ok(stream)) => {
            let _ = stream.set_nodelay(true);
            Ok(stream)
        }
    }
}

async fn exchange<S>(
    stream: S,
    request: Request<Full<Bytes>>,
    limits: &Limits,
    timing: &mut Timing,
) -> Result<Response<Bytes>, RelayError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let protocol = |e: hyper::Error| RelayError::UpstreamProtocol(e.to_string());
    let (mut sender, conn) = http1::Builder::new()
        // Header names as the client wrote them (X-Api-ClientID), title case for ours.
        .preserve_header_case(true)
        .title_case_headers(true)
        .handshake(TokioIo::new(stream))
        .await
        .map_err(protocol)?;
    // Drives the connection; it ends when the sender and the response are dropped.
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let (response, took) = timed(sender.send_request(request)).await;
    timing.ttfb = Some(took);
    let response = response.map_err(protocol)?;
    read_limited(response, limits.response_body_bytes).await
}

/// Reads a whole body, refusing it once it passes `limit` bytes.
pub async fn read_limited<B>(
    response: Response<B>,
    limit: usize,
) -> Result<Response<Bytes>, RelayError>
where
    B: hyper::body::Body<Data = Bytes>,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let too_large = RelayError::ResponseTooLarge { limit };
    if response.body().size_hint().lower() > limit as u64 {
        return Err(too_large);
    }
    let (parts, body) = response.into_parts();
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(Response::from_parts(parts, collected.to_bytes())),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large),
        Err(e) => Err(RelayError::UpstreamProtocol(e.to_string())),
    }
}
