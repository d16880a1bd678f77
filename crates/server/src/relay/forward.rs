//! One request to a remote upstream: over a pooled keep-alive connection when one is idle,
//! else over a new one: resolve, check (SSRF), connect to the checked address, TLS, then
//! the HTTP/1.1 exchange of `h1` — each phase timed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Limited};
use hyper::header::HeaderMap;
use hyper::Response;
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use super::errors::RelayError;
use super::h1::{Conn, Failure, Stream, Wire};
use super::pool::{Key, Pool};
use super::ssrf;
use super::timing::{timed, Timing};
use crate::config::{Limits, RemoteBase};

/// An extra root certificate rustls refuses, in its words.
#[derive(Debug)]
pub struct InvalidRoot(rustls::Error);

impl std::fmt::Display for InvalidRoot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an extra root certificate is invalid: {}", self.0)
    }
}

impl std::error::Error for InvalidRoot {}

/// TLS with the Mozilla roots (webpki-roots) plus `extra_der`, and the ring provider;
/// HTTP/1.1 only.
pub fn tls_connector(extra_der: &[Vec<u8>]) -> Result<TlsConnector, InvalidRoot> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for der in extra_der {
        roots.add(der.clone().into()).map_err(InvalidRoot)?;
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

/// Sends `wire` (made with `close` when the pool is off) to `base` and reads the whole
/// answer within the response limit. The caller bounds the total time.
#[allow(clippy::too_many_arguments)]
pub async fn send(
    base: &RemoteBase,
    allow_private: bool,
    key: &Key,
    wire: &Wire,
    limits: &Limits,
    tls: &TlsConnector,
    pool: &Pool,
    timing: &mut Timing,
    headers: &mut HeaderMap,
) -> Result<Response<Bytes>, RelayError> {
    let limit = limits.response_body_bytes;
    // Parked connections first; one the upstream closed meanwhile is skipped by `take`,
    // or fails its first write, and the request goes over the next.
    // The clock is read once when the request comes in, and again at its answer's head;
    // the pool goes by those readings rather than reading it once more for each of its own.
    while let Some(mut conn) = pool.take(key, timing.started()) {
        timing.reused = true;
        match exchange(&mut conn, wire, limit, timing, headers).await {
            Ok((response, reusable)) => {
                if reusable {
                    pool.put(key, conn, timing.head_read_at());
                }
                return Ok(response);
            }
            Err(Failure::Unsent(_)) => timing.reused = false,
            Err(Failure::Failed(e)) => return Err(e),
        }
    }
    // Boxed: resolving, connecting and the TLS handshake make a large future, which would
    // otherwise add its size to every request's state, pooled ones included.
    let mut conn = Box::pin(open(base, allow_private, limits, tls, timing)).await?;
    let (response, reusable) = exchange(&mut conn, wire, limit, timing, headers)
        .await
        .map_err(|f| match f {
            Failure::Unsent(e) | Failure::Failed(e) => e,
        })?;
    if reusable {
        pool.put(key, conn, timing.head_read_at());
    }
    Ok(response)
}

/// One exchange on `conn`, its time to the answer's head kept as ttfb.
async fn exchange(
    conn: &mut Conn,
    wire: &Wire,
    limit: usize,
    timing: &mut Timing,
    headers: &mut HeaderMap,
) -> Result<(Response<Bytes>, bool), Failure> {
    let sent_at = Instant::now();
    conn.exchange(wire, limit, headers, || {
        timing.ttfb = Some(sent_at.elapsed())
    })
    .await
}

/// A new connection: resolve now, check every address now, connect only to those.
async fn open(
    base: &RemoteBase,
    allow_private: bool,
    limits: &Limits,
    tls: &TlsConnector,
    timing: &mut Timing,
) -> Result<Conn, RelayError> {
    let addrs = resolve(base, timing).await?;
    ssrf::check(&base.host, &addrs, allow_private)?;
    let tcp = connect(base, &addrs, limits, timing).await?;
    if !base.tls {
        return Ok(Conn::new(Stream::Plain(tcp)));
    }
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
    Ok(Conn::new(Stream::Tls(Box::new(stream))))
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
            host: base.host_port(),
        }),
        Ok(Err(message)) => Err(RelayError::Unreachable {
            host: base.host_port(),
            message,
        }),
        Ok(Ok(stream)) => {
            let _ = stream.set_nodelay(true);
            Ok(stream)
        }
    }
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
    let mut body = std::pin::pin!(Limited::new(body, limit));
    let mut joined = Joined::default();
    while let Some(frame) = body.frame().await {
        let frame = match frame {
            Ok(frame) => frame,
            Err(e) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large),
            Err(e) => return Err(RelayError::UpstreamProtocol(e.to_string())),
        };
        if let Ok(data) = frame.into_data() {
            joined.push(data); // trailers are not relayed
        }
    }
    let body = joined.into_bytes();
    Ok(Response::from_parts(parts, body))
}

/// A body's data frames joined into one buffer. Most bodies come in one frame, kept as it
/// is with no list of frames: a slice of the connection's read buffer, passed on as it is
/// (a copy would not let the connection reuse that buffer, as the answer's header values
/// hold it too; hyper takes a new one for its next read either way).
#[derive(Default)]
pub struct Joined {
    first: Option<Bytes>,
    joined: Option<BytesMut>,
}

impl Joined {
    pub fn push(&mut self, data: Bytes) {
        match (&mut self.joined, self.first.take()) {
            (Some(buf), _) => buf.extend_from_slice(&data),
            (None, None) => self.first = Some(data),
            (None, Some(earlier)) => {
                let mut buf = BytesMut::with_capacity(earlier.len() + data.len());
                buf.extend_from_slice(&earlier);
                buf.extend_from_slice(&data);
                self.joined = Some(buf);
            }
        }
    }

    pub fn into_bytes(self) -> Bytes {
        match (self.joined, self.first) {
            (Some(buf), _) => buf.freeze(),
            (None, first) => first.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A body that yields the given data frames one by one.
    struct Frames(VecDeque<Bytes>);

    impl hyper::body::Body for Frames {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, Infallible>>> {
            Poll::Ready(self.0.pop_front().map(|b| Ok(hyper::body::Frame::data(b))))
        }
    }

    async fn read(frames: &[&'static str], limit: usize) -> Result<Bytes, RelayError> {
        let body = Frames(
            frames
                .iter()
                .map(|f| Bytes::from_static(f.as_bytes()))
                .collect(),
        );
        read_limited(Response::new(body), limit)
            .await
            .map(Response::into_body)
    }

    #[tokio::test]
    async fn reads_one_or_many_frames_within_the_limit() {
        assert_eq!(read(&[], 10).await.unwrap(), "");
        assert_eq!(read(&["abc"], 10).await.unwrap(), "abc");
        assert_eq!(read(&["ab", "cd", "ef"], 10).await.unwrap(), "abcdef");
        assert_eq!(
            read(&["ab", "cd", "ef"], 5).await,
            Err(RelayError::ResponseTooLarge { limit: 5 })
        );
    }
}
