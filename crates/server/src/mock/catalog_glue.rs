//! What the mocks take from the catalog: which APIs exist, how a document is checked,
//! and the vendors' own words for their error codes — written once, in `catalog/`.

use countersign_core::catalog::{self, Api, Text};
use countersign_core::Vendor;
use serde_json::Value;

/// The first thing a gateway would refuse in a document.
pub struct Problem {
    /// `items[0].lock_quantity`
    pub path: String,
    /// In Chinese, as the gateways answer.
    pub message: String,
}

/// The errors (not the warnings) the catalog's validator finds, in document order.
pub fn check_document(api: &Api, document: &Value) -> Vec<Problem> {
    catalog::validate(api, document)
        .into_iter()
        .filter(|f| f.is_error())
        .map(|f| Problem {
            path: f.path,
            message: f.message_zh,
        })
        .collect()
}

/// The vendor's message for one of its codes (`25` → Invalid signature / 无效签名).
pub fn vendor_message(vendor: Vendor, code: &str) -> Option<Text> {
    catalog::vendor(vendor)
        .error(code)
        .map(|e| e.message.clone())
}
