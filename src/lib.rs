//! countersign's browser app: pick a vendor API, fill the form, watch it signed, send it.
//!
//! One folder per feature, each with its state beside its views (`builder/`, `signature/`,
//! `credentials/`, `inspector/`, `send/`, `history/`, `check/`, `exchange/`, `saved/`,
//! `custom/`, `settings/`, `sidebar/`, `layout/`); the browser's own calls (localStorage,
//! clipboard, fetch, address, focus) live in `platform/`, shared widgets in `ui/`. `app.rs`
//! is the shell that wires them; `state.rs` the signals every feature reads; `boot.rs`
//! fetches the catalog before the shell is built.

mod app;
mod boot;
mod builder;
mod check;
mod credentials;
mod custom;
mod error_text;
mod exchange;
mod history;
mod i18n;
mod inspector;
mod layout;
mod platform;
mod saved;
mod send;
mod settings;
mod sidebar;
mod signature;
mod state;
mod ui;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

/// Mounts the app on the page's body; `main.rs` calls only this. The page paints, the
/// catalog is fetched, then the app is built (`boot`).
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(boot::Boot);
}
