//! The axum app: the built browser app at `/`, `/healthz`, `/api/config`, the relay and
//! the mock vendors; and the accept loop that serves it.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{self, header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use countersign_core::relay_protocol::{
    path as paths, ErrorBody, ErrorCode, ServerConfig, UpstreamInfo, UpstreamKind,
};
use hyper::body::Incoming;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tower::{Layer, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

use crate::client_conn::{self, Peer};
use crate::config::{Config, Target};
use crate::front;
use crate::guard::{add_headers, Area, Guard, GuardLayer};
use crate::logging::LogSink;
use crate::relay::errors::error_response;
use crate::relay::{self, RelayBody, RelayState};

/// The whole app for `config`, logging to `log`.
pub fn build_app(config: &Config, log: LogSink) -> Router {
    build_app_with(config, log, crate::mock_router())
}

/// Same, with the given mock routes (e.g. the mocks on a test clock: `mock::router_with`).
pub fn build_app_with(config: &Config, log: LogSink, mocks: Router) -> Router {
    let in_flight = Arc::new(Semaphore::new(config.limits.max_relay_requests));
    build_served(config, log, mocks, in_flight).router
}

/// What a connection is served by: the app's router, and beside it the relay with the
/// guard and nothing else when no CORS layer has to sit between them. Relayed requests
/// then skip the router's per-request work (cloning boxed route services, boxing their
/// futures, route parameters in the request's extensions) and the tower layers' boxed
/// futures and bodies; the guard checks them the same.
#[derive(Clone)]
struct Served {
    router: Router,
    relay: Option<FastRelay>,
    /// How long a connection may wait for each request head (`head_timeout_ms`).
    head_timeout: Duration,
}

/// The relay behind the guard's checks, called straight from the connection.
#[derive(Clone)]
struct FastRelay {
    guard: Arc<Guard>,
    state: Arc<RelayState>,
}

impl FastRelay {
    /// What `GuardLayer::outer(guard, true)` around the relay answers, without a layer.
    async fn call<B>(self, req: http::Request<B>, peer: Peer) -> Response<RelayBody>
    where
        B: hyper::body::Body<Data = bytes::Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let area = Area::of(req.uri().path());
        let mut response = match self.guard.refuse(area, &req) {
            Some(refused) => refused.map(RelayBody::Right),
            None => relay::serve(&self.state, req, Some(&peer)).await,
        };
        add_headers(area, response.headers_mut());
        response
    }
}

/// The app with the bound on relayed requests in flight given, so the copies of the app
/// that [`run`]'s threads serve share one (each keeps its own connection pool).
fn build_served(config: &Config, log: LogSink, mocks: Router, in_flight: Arc<Semaphore>) -> Served {
    let mocks = config.mock.then_some(mocks);
    let local = match &mocks {
        Some(m) => Router::new().nest(paths::MOCK, m.clone()),
        None => Router::new(),
    };
    let relay_state = Arc::new(RelayState {
        upstreams: config
            .active_upstreams()
            .into_iter()
            .map(|(name, u)| (name, relay::Route::new(u)))
            .collect(),
        limits: config.limits.clone(),
        token: config.token.clone(),
        tls: relay::forward::tls_connector(&config.extra_roots_der).unwrap_or_else(|e| {
            log.line(&format!("countersign: {e}; using the built-in roots only"));
            relay::forward::tls_connector(&[]).expect("the built-in roots are valid")
        }),
        pool: relay::pool::Pool::new(config.pool.clone()),
        local,
        log: log.clone(),
        in_flight,
    });
    let api_config = Arc::new(api_config_body(config));
    let static_app = Arc::new(StaticApp {
        dist: config.dist.clone(),
        relay_origins: config.relay_origins.clone(),
    });
    // Relayed requests pass the router by: no route match, no route parameters to extract
    // and store in the request (axum allocates them per request); the relay reads the raw
    // path itself.
    let fast_relay_state = relay_state.clone();
    let fallback = tower::service_fn(move |req: Request| {
        let (relay_state, static_app) = (relay_state.clone(), static_app.clone());
        async move {
            Ok::<_, Infallible>(if relay::is_relay_path(req.uri().path()) {
                let peer = req.extensions().get::<Peer>().cloned();
                relay::serve(&relay_state, req, peer.as_ref())
                    .await
                    .map(Body::new)
            } else {
                static_files(State(static_app), req).await
            })
        }
    });
    let mut app = Router::new()
        .route(
            paths::HEALTH,
            get(|| async { Json(json!({"status": "ok"})) }),
        )
        .route(
            paths::CONFIG,
            get(move || {
                let body = api_config.clone();
                async move { Json((*body).clone()) }
            }),
        )
        .fallback_service(fallback);
    if let Some(m) = mocks {
        // Direct hits on the mocks are logged here; relayed ones by the relay.
        app = app.nest(
            paths::MOCK,
            m.layer(middleware::from_fn_with_state(log, log_mock)),
        );
    }
    let guard = Arc::new(Guard::new(config));
    // Outermost last-added: the guard, then CORS (answers preflights), then the token.
    match cors_layer(&config.cors_origins) {
        Some(cors) => Served {
            router: app
                .layer(GuardLayer::token(guard.clone()))
                .layer(cors)
                .layer(GuardLayer::outer(guard, false)),
            relay: None,
            head_timeout: config.limits.head_timeout(),
        },
        None => Served {
            router: app.layer(GuardLayer::outer(guard.clone(), true)),
            relay: Some(FastRelay {
                guard,
                state: fast_relay_state,
            }),
            head_timeout: config.limits.head_timeout(),
        },
    }
}

/// What the static fallback serves from.
struct StaticApp {
    dist: PathBuf,
    relay_origins: Vec<String>,
}

/// What the app's environment picker needs: names, kinds, bases; never the token.
fn api_config_body(config: &Config) -> ServerConfig {
    let upstreams = config
        .active_upstreams()
        .into_iter()
        .map(|(name, u)| {
            let (kind, base) = match &u.target {
                Target::Remote(b) => (
                    UpstreamKind::Remote,
                    format!(
                        "{}://{}{}",
                        if b.tls { "https" } else { "http" },
                        b.host_header(),
                        b.path
                    ),
                ),
                Target::Local(p) => (UpstreamKind::Local, p.clone()),
            };
            UpstreamInfo {
                mock: u.is_mock(),
                name,
                kind,
                base,
            }
        })
        .collect();
    ServerConfig {
        version: env!("CARGO_PKG_VERSION").into(),
        mock: config.mock,
        token_required: config.token.is_some(),
        upstreams,
    }
}

fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()),
        )
    };
    let expose: Vec<HeaderName> = relay::EXPOSED_HEADERS
        .iter()
        .map(|h| HeaderName::from_static(h))
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods(AllowMethods::mirror_request())
            .allow_headers(AllowHeaders::mirror_request())
            .expose_headers(expose)
            .max_age(Duration::from_secs(600)),
    )
}

async fn log_mock(State(log): State<LogSink>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let resp = next.run(req).await;
    log.line(&format!(
        "mock {method} path={}{path} status={} ms={:.1}",
        paths::MOCK,
        resp.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    resp
}

fn is_api_path(path: &str) -> bool {
    [paths::API, paths::RELAY, paths::MOCK]
        .iter()
        .any(|root| paths::is_under(path, root))
        || path == paths::HEALTH
}

/// The built app from `dist`, index.html for unknown paths (client-side routes); a JSON
/// 404 for unknown API paths; a page saying how to build the app when there is none.
async fn static_files(State(app): State<Arc<StaticApp>>, req: Request) -> Response {
    if is_api_path(req.uri().path()) {
        return error_response(StatusCode::NOT_FOUND, ErrorCode::NotFound, "no such route");
    }
    let dist = &app.dist;
    let index = dist.join("index.html");
    // Read per request: a rebuilt app (new loader hash) needs no restart.
    let Ok(index_html) = tokio::fs::read_to_string(&index).await else {
        return no_app_page(dist);
    };
    let path = req.uri().path().to_string();
    // `countersign precompress` (run by `cargo xtask dev` after the build) wrote the
    // .br/.gz copies; a file without one is gzipped on the fly by the layer below.
    // A directory is no page of its own: the app's, with no trailing-slash redirect (a
    // request for `//catalog` got `Location: //catalog/`, another host to a browser).
    let files = ServeDir::new(dist.as_path())
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(index));
    let mut resp = match CompressionLayer::new().layer(files).oneshot(req).await {
        Ok(resp) => resp.map(Body::new),
        Err(never) => match never {},
    };
    let csp = crate::app_csp::policy(&index_html, &app.relay_origins);
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    crate::app_static::add_cache_headers(&path, &mut resp);
    resp
}

fn no_app_page(dist: &Path) -> Response {
    let html = format!(
        "<!doctype html><meta charset=utf-8><title>countersign</title>\
         <h1>countersign is running, but the app is not built</h1>\
         <p>There is no <code>index.html</code> in <code>{}</code>.</p>\
         <p>Run <code>cargo xtask dev</code> from the repository: it builds the app and starts \
         this server. Or build it with <code>trunk build --release</code> and start \
         <code>countersign serve --dist DIR</code>.</p>\
         <p>The relay (<code>/relay/…</code>), the mock vendors (<code>/mock/…</code>) and \
         <code>/healthz</code> work already.</p>",
        html_escape(&dist.display().to_string())
    );
    let mut resp = (StatusCode::SERVICE_UNAVAILABLE, Html(html)).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    resp
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A bound, not yet serving, server: tests read `addr` (port 0 picks a free one).
pub struct Bound {
    listener: TcpListener,
    served: Served,
    pub addr: SocketAddr,
    max_connections: usize,
}

pub async fn bind(config: &Config, log: LogSink) -> io::Result<Bound> {
    let in_flight = Arc::new(Semaphore::new(config.limits.max_relay_requests));
    let served = build_served(config, log, crate::mock_router(), in_flight);
    bind_served(config, served).await
}

/// Binds `config`'s address for an app built with [`build_app_with`].
pub async fn bind_app(config: &Config, app: Router) -> io::Result<Bound> {
    let served = Served {
        router: app,
        relay: None,
        head_timeout: config.limits.head_timeout(),
    };
    bind_served(config, served).await
}

async fn bind_served(config: &Config, served: Served) -> io::Result<Bound> {
    let listener = TcpListener::bind((config.bind, config.port)).await?;
    let addr = listener.local_addr()?;
    Ok(Bound {
        listener,
        served,
        addr,
        max_connections: config.limits.max_connections,
    })
}

impl Bound {
    /// Serves until the task is dropped, on the caller's runtime (tests; `countersign
    /// serve` uses [`run`]).
    pub async fn serve(self) -> io::Result<()> {
        let open = Arc::new(Semaphore::new(self.max_connections));
        let served = self.served;
        accept_loop(self.listener, open, move |stream, permit| {
            tokio::spawn(serve_connection(served.clone(), stream, permit));
        })
        .await
    }
}

/// Accepts connections and hands each to `serve` with its permit; past `max_connections`
/// a connection gets a short 503 and is closed, so a flood of idle connections cannot use
/// up the file descriptors.
async fn accept_loop(
    listener: TcpListener,
    open: Arc<Semaphore>,
    mut serve: impl FnMut(TcpStream, OwnedSemaphorePermit),
) -> io::Result<()> {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait, do not die.
                eprintln!("countersign: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tokio::spawn(refuse_connection(stream));
            continue;
        };
        serve(stream, permit);
    }
}

/// One client connection over HTTP/1.1: relayed GETs by the lean front (`front`) when the
/// relay is served without layers, the rest by hyper.
async fn serve_connection(served: Served, stream: TcpStream, permit: OwnedSemaphorePermit) {
    let _permit = permit;
    let (mut io, peer) = client_conn::split(stream, served.head_timeout);
    let read = match &served.relay {
        Some(fast) => {
            let handle = |req| fast.clone().call(req, peer.clone());
            match front::serve(&mut io, handle).await {
                front::End::Done => return,
                front::End::HandOff(read) => read,
            }
        }
        None => bytes::Bytes::new(),
    };
    serve_with_hyper(served, front::Rewind::new(read, io), peer).await;
}

/// The rest of a connection, by hyper. Header names are not kept in the client's case:
/// the relay writes them upstream as the vendors spell them (`relay::h1`), and keeping
/// a case map cost a sixth of a browser-like relayed request's instructions.
async fn serve_with_hyper(served: Served, io: front::Rewind, peer: Peer) {
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        peer.head_read();
        let relayed = relay::is_relay_path(req.uri().path());
        let to = match &served.relay {
            Some(fast) if relayed => To::Relay(fast.clone(), peer.clone()),
            _ => {
                // Through the router (a CORS layer in front): the relay finds its client
                // here, to notice a hang-up.
                if relayed {
                    req.extensions_mut().insert(peer.clone());
                }
                To::Router(served.router.clone())
            }
        };
        async move {
            Ok::<_, Infallible>(match to {
                To::Relay(fast, peer) => fast.call(req, peer).await,
                To::Router(router) => match router.oneshot(req).await {
                    Ok(response) => response.map(RelayBody::Right),
                    Err(never) => match never {},
                },
            })
        }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        // The wait for each head is bounded by `client_conn`, more cheaply.
        .header_read_timeout(None)
        // Head and body copied into one buffer and sent with one write: cheaper than
        // queueing the body for writev (536 fewer instructions per relayed request; the
        // relay holds whole bodies anyway, so the copy is one more pass over bytes in cache).
        .writev(false)
        // No read after each request head to notice a hang-up: it came before the relay
        // could send upstream. The relay watches its client instead (`client_conn`).
        .half_close(true)
        .serve_connection(io, service)
        .await;
}

/// Where a request goes: one future type for both, none of them boxed for the relay.
enum To {
    Relay(FastRelay, Peer),
    Router(Router),
}

async fn refuse_connection(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = ErrorBody::new(
        ErrorCode::Busy,
        "too many open connections (max_connections): try again shortly",
    )
    .to_json();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\nretry-after: 1\r\n{}: {}\r\n\r\n{body}",
        body.len(),
        countersign_core::relay_protocol::header::ERROR,
        ErrorCode::Busy.as_str(),
    );
    let write = async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}

/// `countersign serve`: binds, says where, serves until Ctrl+C or SIGTERM, then writes
/// out the log.
///
/// Like nginx's worker processes: `[server] workers` single-threaded runtimes (one by
/// default, see [`crate::config::Workers`]), each with its own copy of the app and so its
/// own upstream connection pool, and each client connection served by one of them from
/// start to end (the least busy when it arrives). A request, its upstream connection and
/// the timers they use stay on one thread: no wake-ups across threads, no locks contended.
/// This thread accepts and waits for the signal.
pub fn run(config: Config, log: LogSink) -> io::Result<()> {
    let main = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let listener = main.block_on(TcpListener::bind((config.bind, config.port)))?;
    let addr = listener.local_addr()?;
    let threads = config.workers.threads();
    let in_flight = Arc::new(Semaphore::new(config.limits.max_relay_requests));
    let mut workers = Vec::with_capacity(threads);
    let mut handles = Vec::with_capacity(threads);
    // One mock state for every worker: an app-token the Kingdee mock issued over one
    // connection must be good on any other, whichever worker serves it.
    let mocks = crate::mock_router();
    for i in 0..threads {
        let app = build_served(&config, log.clone(), mocks.clone(), in_flight.clone());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (tx, rx) = mpsc::unbounded_channel();
        let load = Arc::new(AtomicUsize::new(0));
        handles.push(
            std::thread::Builder::new()
                .name(format!("countersign-{i}"))
                .spawn(move || runtime.block_on(worker(app, rx)))?,
        );
        workers.push(Worker { tx, load });
    }
    let names: Vec<String> = config.active_upstreams().into_keys().collect();
    log.line(&format!(
        "countersign serve: http://{}/ (mocks {}; upstreams: {}; app from {}{})",
        addr,
        if config.mock { "on" } else { "off" },
        names.join(", "),
        config.dist.display(),
        if config.token.is_some() {
            format!(
                "; {} required",
                countersign_core::relay_protocol::header::TOKEN_TITLE
            )
        } else {
            String::new()
        },
    ));
    log.flush();
    let open = Arc::new(Semaphore::new(config.limits.max_connections));
    let result = main.block_on(async move {
        let accept = accept_loop(listener, open, move |stream, permit| {
            let Some(worker) = workers
                .iter()
                .min_by_key(|w| w.load.load(Ordering::Relaxed))
            else {
                return;
            };
            // Handed over as a std socket: the worker registers it with its own runtime.
            if let Ok(stream) = stream.into_std() {
                worker.load.fetch_add(1, Ordering::Relaxed);
                let busy = Busy(worker.load.clone());
                let _ = worker.tx.send((stream, permit, busy));
            }
        });
        tokio::select! {
            r = accept => r,
            _ = shutdown_signal() => Ok(()),
        }
    });
    // The senders are gone with the accept loop: each worker ends, dropping its
    // connections; then the log's last lines are written.
    for handle in handles {
        let _ = handle.join();
    }
    log.flush();
    result
}

/// A worker thread's end of the hand-over.
struct Worker {
    tx: mpsc::UnboundedSender<(std::net::TcpStream, OwnedSemaphorePermit, Busy)>,
    /// Its open client connections.
    load: Arc<AtomicUsize>,
}

/// Counts a connection in its worker's load while it is open.
struct Busy(Arc<AtomicUsize>);

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn worker(
    app: Served,
    mut rx: mpsc::UnboundedReceiver<(std::net::TcpStream, OwnedSemaphorePermit, Busy)>,
) {
    while let Some((stream, permit, busy)) = rx.recv().await {
        match TcpStream::from_std(stream) {
            Ok(stream) => {
                let app = app.clone();
                tokio::spawn(async move {
                    let _busy = busy;
                    serve_connection(app, stream, permit).await;
                });
            }
            Err(e) => eprintln!("countersign: cannot serve a connection: {e}"),
        }
    }
}

/// Ctrl+C, or SIGTERM (what service managers and `kill` send).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
