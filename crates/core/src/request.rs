//! One signer per vendor behind one small trait, and the tagged input of `countersign sign`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::SignError;
use crate::signed::Signed;
use crate::{kingdee, taobao, wdt};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    Taobao,
    Wdt,
    Kingdee,
}

impl Vendor {
    pub const ALL: [Vendor; 3] = [Vendor::Taobao, Vendor::Wdt, Vendor::Kingdee];

    pub fn id(self) -> &'static str {
        match self {
            Self::Taobao => "taobao",
            Self::Wdt => "wdt",
            Self::Kingdee => "kingdee",
        }
    }

    /// The vendor as people write it in each language (the English UI says Wangdiantong).
    pub fn name(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Taobao, false) => "Taobao",
            (Self::Taobao, true) => "淘宝",
            (Self::Wdt, false) => "Wangdiantong",
            (Self::Wdt, true) => "旺店通",
            (Self::Kingdee, false) => "Kingdee",
            (Self::Kingdee, true) => "金蝶",
        }
    }
}

/// A request that can be signed: pure, with the clock and the nonce as inputs.
pub trait Signer {
    fn vendor(&self) -> Vendor;
    fn sign(&self) -> Result<Signed, SignError>;
}

impl Signer for taobao::Request {
    fn vendor(&self) -> Vendor {
        Vendor::Taobao
    }
    fn sign(&self) -> Result<Signed, SignError> {
        taobao::Request::sign(self)
    }
}

impl Signer for wdt::Request {
    fn vendor(&self) -> Vendor {
        Vendor::Wdt
    }
    fn sign(&self) -> Result<Signed, SignError> {
        wdt::Request::sign(self)
    }
}

impl Signer for kingdee::Request {
    fn vendor(&self) -> Vendor {
        Vendor::Kingdee
    }
    fn sign(&self) -> Result<Signed, SignError> {
        kingdee::Request::sign(self)
    }
}

/// The JSON object `countersign sign` reads: `{"vendor": …, "credentials": …, …}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "vendor", rename_all = "lowercase")]
pub enum SignRequest {
    Taobao(taobao::Request),
    Wdt(wdt::Request),
    Kingdee(kingdee::Request),
}

/// Why a signing input (the CLI's JSON, or the builder's) is not a [`SignRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// The text is not JSON; `message` is the JSON reader's, with the position.
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    MissingVendor,
    UnknownVendor {
        given: String,
    },
    /// A field is missing, unknown or of the wrong type; `message` names it.
    Invalid {
        message: String,
    },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotJson {
                line,
                column,
                message,
            } => write!(
                f,
                "input is not valid JSON at line {line}, column {column}: {message}"
            ),
            Self::MissingVendor => {
                f.write_str("missing field `vendor`: use `taobao`, `wdt` or `kingdee`")
            }
            Self::UnknownVendor { given } => {
                write!(
                    f,
                    "unknown vendor `{given}`: use `taobao`, `wdt` or `kingdee`"
                )
            }
            Self::Invalid { message } => write!(f, "invalid input: {message}"),
        }
    }
}

impl crate::lang::Localise for InputError {
    fn zh(&self) -> String {
        match self {
            Self::NotJson {
                line,
                column,
                message,
            } => format!("输入不是有效的 JSON（第 {line} 行第 {column} 列）：{message}"),
            Self::MissingVendor => "缺少字段 `vendor`：请用 `taobao`、`wdt` 或 `kingdee`".into(),
            Self::UnknownVendor { given } => {
                format!("未知厂商 `{given}`：请用 `taobao`、`wdt` 或 `kingdee`")
            }
            Self::Invalid { message } => format!("输入无效：{message}"),
        }
    }
}

impl std::error::Error for InputError {}

impl SignRequest {
    /// Parses the CLI's JSON input with an error a person can act on.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        let value: Value = serde_json::from_str(text).map_err(|e| InputError::NotJson {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        Self::from_value(value)
    }

    pub fn from_value(value: Value) -> Result<Self, InputError> {
        match value.get("vendor").and_then(Value::as_str) {
            None => return Err(InputError::MissingVendor),
            Some(v) if !["taobao", "wdt", "kingdee"].contains(&v) => {
                return Err(InputError::UnknownVendor { given: v.into() })
            }
            Some(_) => {}
        }
        serde_json::from_value(value).map_err(|e| InputError::Invalid {
            message: e.to_string(),
        })
    }

    fn signer(&self) -> &dyn Signer {
        match self {
            Self::Taobao(r) => r,
            Self::Wdt(r) => r,
            Self::Kingdee(r) => r,
        }
    }

    /// Fills what the caller left to the machine: the clock and, for Kingdee, the nonce.
    pub fn fill_defaults(&mut self, now_ms: i64, nonce: u64) {
        match self {
            Self::Taobao(r) => {
                r.now_ms.get_or_insert(now_ms);
            }
            Self::Wdt(r) => {
                r.now_ms.get_or_insert(now_ms);
            }
            Self::Kingdee(r) => {
                r.now_ms.get_or_insert(now_ms);
                r.nonce.get_or_insert(Value::from(nonce.max(1)));
            }
        }
    }
}

impl Signer for SignRequest {
    fn vendor(&self) -> Vendor {
        self.signer().vendor()
    }
    fn sign(&self) -> Result<Signed, SignError> {
        self.signer().sign()
    }
}

impl Signed {
    /// The output object of `countersign sign`.
    pub fn to_cli_json(&self) -> Value {
        let headers: Map<String, Value> = self
            .wire
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        json!({
            "sign": self.sign,
            "string_to_sign": self.string_to_sign,
            "method": self.wire.method,
            "url": self.wire.url,
            "headers": headers,
            "body": self.wire.body,
        })
    }
}
