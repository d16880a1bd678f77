//! The axum app: the built browser app at `/`, `/healthz`, `/api/config`, the relay and
//! the mock vendors; and the accept loop that serves it.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use countersign_core::relay_protocol::{
    path as paths, ErrorBody, ErrorCode, ServerConfig, UpstreamInfo, UpstreamKind,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::net::TcpListener;
use tower::{Layer, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

use crate::config::{Config, Target};
use crate::guard::{self, Guard};
use crate::logging::LogSink;
use crate::relay::errors::error_response;
use crate::relay::{self, RelayState};

/// The whole app for `config`, logging to `log`.
pub fn build_app(config: &Config, log: LogSink) -> Router {
    build_app_with(config, log, crate::mock_router())
}

/// Same, with the given mock routes (e.g. the mocks on a test clock: `mock::router_with`).
pub fn build_app_with(config: &Config, log: LogSink, mocks: Router) -> Router {
    let mocks = config.mock.then_some(mocks);
    let local = match &mocks {
        Some(m) => Router::new().nest(paths::MOCK, m.clone()),
        None => Router::new(),
    };
    let relay_state = Arc::new(RelayState {
        upstreams: config.active_upstreams(),
        limits: config.limits.clone(),
        token: config.token.clone(),
        tls: relay::forward::tls_connector(&config.extra_roots_der).unwrap_or_else(|e| {
            log.line(&format!("countersign: {e}; using the built-in roots only"));
            relay::forward::tls_connector(&[]).expect("the built-in roots are valid")
        }),
        pool: relay::pool::Pool::new(config.pool.clone()),
        local,
        log: log.clone(),
        in_flight: Arc::new(tokio::sync::Semaphore::new(
            config.limits.max_relay_requests,
        )),
    });
    let api_config = Arc::new(api_config_body(config));
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
        .route(
            &format!("{}/{{*rest}}", paths::RELAY),
            any(relay::handle).with_state(relay_state),
        )
        .fallback(static_files)
        .with_state(Arc::new(StaticApp {
            dist: config.dist.clone(),
            relay_origins: config.relay_origins.clone(),
        }));
    if let Some(m) = mocks {
        // Direct hits on the mocks are logged here; relayed ones by the relay.
        app = app.nest(
            paths::MOCK,
            m.layer(middleware::from_fn_with_state(log, log_mock)),
        );
    }
    let guard = Arc::new(Guard::new(config));
    // Layers run outermost last-added: guard, then CORS (preflights), then the token.
    let app = app.layer(middleware::from_fn_with_state(
        guard.clone(),
        guard::require_token,
    ));
    let app = match cors_layer(&config.cors_origins) {
        Some(cors) => app.layer(cors),
        None => app,
    };
    app.layer(middleware::from_fn_with_state(guard, guard::guard))
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
    let expose: Vec<HeaderName> = relay::TIMING_HEADERS
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
    let files = ServeDir::new(dist.as_path()).fallback(ServeFile::new(index));
    let mut resp = match CompressionLayer::new().layer(files).oneshot(req).await {
        Ok(resp) => resp.map(Body::new),
        Err(never) => match never {},
    };
    let csp = crate::app_csp::policy(&index_html, &app.relay_origins);
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
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
    app: Router,
    pub addr: SocketAddr,
    max_connections: usize,
}

pub async fn bind(config: &Config, log: LogSink) -> io::Result<Bound> {
    bind_app(config, build_app(config, log)).await
}

/// Binds `config`'s address for an app built with [`build_app_with`].
pub async fn bind_app(config: &Config, app: Router) -> io::Result<Bound> {
    let listener = TcpListener::bind((config.bind, config.port)).await?;
    let addr = listener.local_addr()?;
    Ok(Bound {
        listener,
        app,
        addr,
        max_connections: config.limits.max_connections,
    })
}

impl Bound {
    /// Serves until the task is dropped. HTTP/1.1 with header-name case preserved, so the
    /// relay forwards `X-Api-ClientID` as the client wrote it.
    pub async fn serve(self) -> io::Result<()> {
        let open = Arc::new(tokio::sync::Semaphore::new(self.max_connections));
        loop {
            let stream = match self.listener.accept().await {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not die.
                    eprintln!("countersign: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            // Past the cap a connection gets a short 503 and is closed, so a flood of idle
            // connections cannot use up the file descriptors.
            let Ok(permit) = open.clone().try_acquire_owned() else {
                tokio::spawn(refuse_connection(stream));
                continue;
            };
            let app = self.app.clone();
            tokio::spawn(async move {
                let _permit = permit;
                let service = hyper::service::service_fn(move |req| app.clone().oneshot(req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .preserve_header_case(true)
                    .timer(TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(30))
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }
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
         content-length: {}\r\nconnection: close\r\nretry-after: 1\r\n\r\n{body}",
        body.len()
    );
    let write = async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}

/// `countersign serve`: binds, says where, serves until Ctrl+C.
pub async fn run(config: Config, log: LogSink) -> io::Result<()> {
    let bound = bind(&config, log.clone()).await?;
    let names: Vec<String> = config.active_upstreams().into_keys().collect();
    log.line(&format!(
        "countersign serve: http://{}/ (mocks {}; upstreams: {}; app from {}{})",
        bound.addr,
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
    tokio::select! {
        r = bound.serve() => r,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}
