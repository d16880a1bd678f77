//! Share links: the API, the environment and the parameters, compressed into a URL
//! fragment (never sent to a server). The state has no place for credentials.

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::lang::Localise;
use crate::options::BuildOptions;

const PREFIX: &str = "v1.";

/// Why a link gives no builder state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// No `v1.` payload: some other link.
    NotShareLink,
    NotBase64,
    /// The payload does not inflate (cut short, or over the 4 MiB limit).
    CannotDecompress,
    /// It inflates, but not to a [`ShareState`]; `message` is the JSON reader's.
    NotBuilderState {
        message: String,
    },
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotShareLink => f.write_str("this link is not a countersign share link"),
            Self::NotBase64 => f.write_str("the share link is damaged (not base64)"),
            Self::CannotDecompress => f.write_str("the share link is damaged (cannot decompress)"),
            Self::NotBuilderState { message } => {
                write!(f, "the share link holds no builder state: {message}")
            }
        }
    }
}

impl Localise for ShareError {
    fn zh(&self) -> String {
        match self {
            Self::NotShareLink => "这不是 countersign 的分享链接".into(),
            Self::NotBase64 => "分享链接已损坏（不是 base64）".into(),
            Self::CannotDecompress => "分享链接已损坏（无法解压）".into(),
            Self::NotBuilderState { message } => {
                format!("分享链接中没有可用的构建器状态：{message}")
            }
        }
    }
}

impl std::error::Error for ShareError {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareState {
    pub api: String,
    pub environment: String,
    pub document: Value,
    /// Builder options such as pinned timestamp and nonce or sign_method; read leniently
    /// (unknown names are left out), so links made by any version open.
    #[serde(default)]
    pub options: BuildOptions,
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

pub fn decode(fragment: &str) -> Result<ShareState, ShareError> {
    let text = fragment.trim_start_matches('#');
    let text = text.strip_prefix("share=").unwrap_or(text);
    let data = text.strip_prefix(PREFIX).ok_or(ShareError::NotShareLink)?;
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| ShareError::NotBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 4 << 20)
        .map_err(|_| ShareError::CannotDecompress)?;
    serde_json::from_slice(&json).map_err(|e| ShareError::NotBuilderState {
        message: e.to_string(),
    })
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
            options: BuildOptions {
                kingdee: crate::kingdee::BuildOptions {
                    nonce: Some("42".into()),
                },
                ..BuildOptions::default()
            },
            definition: None,
        };
        let link = encode(&state);
        assert!(link.len() < serde_json::to_string(&state).unwrap().len());
        assert_eq!(decode(&format!("#share={link}")).unwrap(), state);
        assert_eq!(decode("#v1.!!"), Err(ShareError::NotBase64));
        assert_eq!(decode("#whatever"), Err(ShareError::NotShareLink));
        assert_eq!(decode("#v1.AAAA"), Err(ShareError::CannotDecompress));
        let not_state = format!(
            "v1.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(miniz_oxide::deflate::compress_to_vec(b"[1]", 9))
        );
        let e = decode(&not_state).unwrap_err();
        assert!(matches!(e, ShareError::NotBuilderState { .. }), "{e}");
        assert!(e.localise(crate::lang::Lang::Zh).contains("构建器状态"));
        assert!(e
            .to_string()
            .starts_with("the share link holds no builder state: "));
    }
}
