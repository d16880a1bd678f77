//! countersign's browser app: pick a vendor API, fill the form, watch it signed, send it.

mod app;
mod builder;
mod credentials;
mod creds;
mod custom;
mod document;
mod envelope;
mod error_text;
mod exchange;
mod focus;
mod formats;
mod header;
mod i18n;
mod imported;
mod inspector;
mod json_path;
mod layout;
mod raw_json;
mod request;
mod response_pane;
mod route;
mod saved;
mod send;
mod send_hint;
mod settings;
mod sidebar;
mod signature_panel;
mod signing;
mod split;
mod state;
mod storage;
mod support;
mod time_helpers;
mod timing;
mod token;
mod use_token;
mod web;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
