//! Share links: the API, the environment and the parameters, compressed into a URL
//! fragment (never sent to a server). The state has no place for credentials.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

const PREFIX: &str = "v1.";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareState {
    pub api: String,
    pub environment: String,
    pub document: Value,
    /// Builder options such as pinned timestamp and nonce or sign_method.
    #[serde(default)]
    pub options: Value,
    /// An API that is not in the shipped catalog (imported from a doc page): its catalog
    /// entry, so the link opens it anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<Value>,
}

pub fn encode(state: &ShareState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!(
        "{PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}

pub fn decode(fragment: &str) -> Result<ShareState, String> {
    let text = fragment.trim_start_matches('#');
    let text = text.strip_prefix("share=").unwrap_or(text);
    let data = text
        .strip_prefix(PREFIX)
        .ok_or("this link is not a countersign share link")?;
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| "the share link is damaged (not base64)")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 4 << 20)
        .map_err(|_| "the share link is damaged (cannot decompress)")?;
    serde_json::from_slice(&json).map_err(|e| format!("the share link holds no builder state: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_and_compresses() {
        let state = ShareState {
            api: "kingdee.material.save".into(),
            environment: "mock".into(),
            document: json!({"name": "测试商品", "price_entity": vec![json!({"price_retail_price": "1"}); 20]}),
            options: json!({"nonce": "42"}),
            definition: None,
        };
        let link = encode(&state);
        assert!(link.len() < serde_json::to_string(&state).unwrap().len());
        assert_eq!(decode(&format!("#share={link}")).unwrap(), state);
        assert!(decode("#v1.!!").is_err());
        assert!(decode("#whatever").is_err());
    }
}
