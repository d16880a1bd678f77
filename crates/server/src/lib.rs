//! `countersign`'s server side: the CLI, and `serve` — the built app, a safe relay and the
//! mock vendors. Tests start it in-process: `app::bind(&config, log).await?` then `serve()`.

pub mod app;
mod app_csp;
pub mod app_static;
pub mod catalog_cmd;
pub mod cli;
pub mod cli_error;
mod client_conn;
pub mod config;
mod config_error;
mod front;
pub mod guard;
pub mod logging;
pub mod mock;
pub mod relay;

pub use app::{bind, bind_app, build_app, build_app_with, run, Bound};
pub use config::{Config, Limits, Upstream};
pub use logging::{LogSink, MemoryLog};

/// The mock vendors' routes, nested at `/mock` by the app and reached in-process by the
/// `mock-*` upstreams.
pub fn mock_router() -> axum::Router {
    mock::router()
}
