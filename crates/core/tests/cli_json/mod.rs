//! Shared by the core tests: the builder with its options given as the CLI's JSON, read
//! strictly (as `countersign sign` reads them).

#![allow(dead_code)]

use countersign_core::catalog::{self, BuildError};
use countersign_core::import::Imported;
use countersign_core::{BuildOptions, SignRequest, Signed, Signer};
use serde_json::Value;

pub fn build_request(
    api: &catalog::Api,
    doc: &Value,
    creds: &Value,
    now_ms: Option<i64>,
    options: &Value,
) -> Result<SignRequest, BuildError> {
    let options = BuildOptions::from_json(api.vendor, options)?;
    catalog::build_request(api, doc, creds, now_ms, &options)
}

/// [`build_request`]'s JSON input, the same way.
pub fn build_sign_input(
    api: &catalog::Api,
    doc: &Value,
    creds: &Value,
    now_ms: Option<i64>,
    options: &Value,
) -> Result<Value, BuildError> {
    let options = BuildOptions::from_json(api.vendor, options)?;
    catalog::build_sign_input(api, doc, creds, now_ms, &options)
}

/// What an import gives back, built for `api` with `creds` and its own options, and signed:
/// the request a round trip must reproduce.
pub fn sign_imported(
    api: &catalog::Api,
    imported: &Imported,
    creds: &Value,
    now_ms: i64,
) -> Signed {
    catalog::build_request(
        api,
        &imported.document,
        creds,
        Some(now_ms),
        &imported.options,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", api.id))
    .sign()
    .unwrap_or_else(|e| panic!("{}: {e}", api.id))
}
