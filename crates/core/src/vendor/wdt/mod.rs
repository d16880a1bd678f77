//! 旺店通 旗舰版's gateway rules: system parameters in the query, the body signed raw.

use std::collections::BTreeMap;

use super::read_params;
use crate::capture::Captured;

/// A 旺店通 call as the gateway reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WdtRequest {
    /// The query's parameters, decoded; a repeated name keeps its first value.
    pub params: BTreeMap<String, String>,
    /// The body exactly as received: it is signed byte for byte.
    pub body: String,
    /// The body came as a form, where the gateway expects raw JSON.
    pub body_as_form: bool,
}

impl WdtRequest {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

pub fn read(c: &Captured) -> WdtRequest {
    WdtRequest {
        params: read_params([c.raw_query()])
            .into_iter()
            .map(|p| (p.name, p.value))
            .collect(),
        body: c.body.clone(),
        // Any form type (url-encoded or multipart) is wrong for this gateway.
        body_as_form: c
            .header("content-type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("form")),
    }
}
