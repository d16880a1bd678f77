//! `countersign catalog | validate | build`: thin wrappers over the core's catalog.

pub fn list() -> Result<(), String> {
    Err("the catalog is not built in yet".into())
}

/// Prints the findings; `Ok(true)` when there is no error.
pub fn validate(_api: &str, _document: &str) -> Result<bool, String> {
    Err("the catalog is not built in yet".into())
}

pub fn build(_api: &str, _input: &str) -> Result<serde_json::Value, String> {
    Err("the catalog is not built in yet".into())
}
