//! `countersign catalog | validate | build`: thin wrappers over the core's catalog.

use countersign_core::catalog::{self, Api, Finding, Severity};
use countersign_core::{BuildOptions, Signer};
use serde_json::{json, Value};

use crate::cli::{now_ms, random_nonce};
use crate::cli_error::{not_json, CliError};

/// One line per API: id, vendor, HTTP method and endpoint, English and 中文 names.
pub fn list(as_json: bool) -> Result<(), CliError> {
    if as_json {
        let apis: Vec<Value> = catalog::all()
            .iter()
            .map(|a| {
                json!({
                    "id": a.id, "vendor": a.vendor.id(), "name_zh": a.name.zh, "name_en": a.name.en,
                    "http_method": a.http_method, "endpoint": a.endpoint(),
                })
            })
            .collect();
        println!("{}", Value::Array(apis));
        return Ok(());
    }
    for a in catalog::all() {
        println!(
            "{:<34} {:<8} {:<5} {:<48} {} / {}",
            a.id,
            a.vendor.id(),
            a.http_method,
            a.endpoint(),
            a.name.en,
            a.name.zh
        );
    }
    Ok(())
}

fn find(api: &str) -> Result<&'static Api, CliError> {
    catalog::find(api).ok_or_else(|| CliError::UnknownApi {
        given: api.into(),
        known: catalog::all().iter().map(|a| a.id.clone()).collect(),
    })
}

fn parse_json(text: &str, what: &'static str) -> Result<Value, CliError> {
    serde_json::from_str(text).map_err(|e| not_json(what, &e))
}

/// Prints the findings; `Ok(true)` when none of them is an error.
pub fn validate(api: &str, document: &str, as_json: bool) -> Result<bool, CliError> {
    let api = find(api)?;
    let document = parse_json(document, "the document")?;
    let findings = catalog::validate(api, &document);
    if as_json {
        println!(
            "{}",
            serde_json::to_string(&findings).map_err(|e| CliError::Output {
                what: "the findings",
                message: e.to_string(),
            })?
        );
    } else if findings.is_empty() {
        println!("ok: {} — no findings", api.id);
    } else {
        for f in &findings {
            println!("{}", finding_line(f));
        }
    }
    Ok(!catalog::has_errors(&findings))
}

fn finding_line(f: &Finding) -> String {
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{severity}: {}: {} / {}",
        f.path, f.message_en, f.message_zh
    )
}

/// Builds and signs `api`'s request from `{"credentials", "document", "now_ms", "options"}`.
pub fn build(api: &str, input: &str) -> Result<Value, CliError> {
    let api = find(api)?;
    let input = parse_json(input, "input")?;
    let obj = input.as_object().ok_or(CliError::BuildInputNotObject)?;
    for key in obj.keys() {
        if !["credentials", "document", "now_ms", "options"].contains(&key.as_str()) {
            return Err(CliError::UnknownInputField { field: key.clone() });
        }
    }
    let document = obj
        .get("document")
        .ok_or(CliError::MissingInputField { field: "document" })?;
    let now = match obj.get("now_ms") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or(CliError::NowMsNotInteger)?),
    };
    let null = Value::Null;
    let credentials = obj.get("credentials").unwrap_or(&null);
    let options = BuildOptions::from_json(api.vendor, obj.get("options").unwrap_or(&null))?;
    let mut request = catalog::build_request(api, document, credentials, now, &options)?;
    request.fill_defaults(now_ms(), random_nonce()?);
    let signed = request.sign()?;
    Ok(signed.to_cli_json())
}
