//! countersign's browser app: pick a vendor API, fill the form, watch it signed, send it.

mod app;
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

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
