//! Why `verify` cannot judge a captured request at all (as opposed to judging it
//! wrong, which is a [`super::Verdict`]): the text is no request, the vendor cannot be
//! told, or a credential the check needs is missing or malformed.

use std::fmt;

use crate::capture::CaptureError;
use crate::lang::Localise;
use crate::{SignError, Vendor};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// The pasted text is not a request countersign can read.
    Capture(CaptureError),
    /// None of the vendors' marks: no Taobao `app_key`/`method`, no 旺店通 `sid` with
    /// `salt` or `key`, no Kingdee `X-Api-Signature`/`X-Api-ClientID`.
    UnknownVendor,
    /// One vendor's marks but for one (`vendor::missing_mark`).
    LacksMark { vendor: Vendor, mark: &'static str },
    /// A credential the check signs with is absent or unusable (the signer's own
    /// error, so both name it alike: `credentials.app_secret`, …).
    Credential(SignError),
}

impl VerifyError {
    /// The input field at fault: `request`, `vendor` or `credentials.<name>`.
    pub fn field(&self) -> String {
        match self {
            Self::Capture(_) => "request".into(),
            Self::UnknownVendor | Self::LacksMark { .. } => "vendor".into(),
            Self::Credential(e) => e.field(),
        }
    }
}

impl From<CaptureError> for VerifyError {
    fn from(e: CaptureError) -> Self {
        Self::Capture(e)
    }
}

impl From<SignError> for VerifyError {
    fn from(e: SignError) -> Self {
        Self::Credential(e)
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Capture(e) => e.fmt(f),
            Self::UnknownVendor => f.write_str(
                "cannot tell the vendor of this request (no Taobao `app_key`/`method`, no Wangdiantong \
                 `sid` with `salt`, no Kingdee `X-Api-Signature`)",
            ),
            Self::LacksMark { vendor, mark } => write!(
                f,
                "this reads as a {} request but has no `{mark}`, which each of its requests carries",
                vendor.name(false)
            ),
            Self::Credential(e) => e.fmt(f),
        }
    }
}

impl Localise for VerifyError {
    fn zh(&self) -> String {
        match self {
            Self::Capture(e) => e.zh(),
            Self::UnknownVendor => "无法判断此请求属于哪个厂商（没有淘宝的 `app_key`/`method`，\
                                    没有旺店通的 `sid` 与 `salt`，没有金蝶的 `X-Api-Signature`）"
                .into(),
            Self::LacksMark { vendor, mark } => {
                format!(
                    "看起来是{}的请求，但缺少其每个请求都带的 `{mark}`",
                    vendor.name(true)
                )
            }
            Self::Credential(e) => e.zh(),
        }
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Capture(e) => Some(e),
            Self::UnknownVendor | Self::LacksMark { .. } => None,
            Self::Credential(e) => Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn each_message_names_its_cause_in_both_languages() {
        let cases = [
            (
                VerifyError::Capture(CaptureError::CurlWithoutUrl),
                "request",
                "URL",
            ),
            (VerifyError::UnknownVendor, "vendor", "X-Api-Signature"),
            (
                SignError::MissingCredential {
                    field: "client_secret",
                }
                .into(),
                "credentials.client_secret",
                "`client_secret`",
            ),
            (
                SignError::AppSecretWithoutColon.into(),
                "credentials.app_secret",
                "secret:salt",
            ),
        ];
        for (e, field, named) in cases {
            assert_eq!(e.field(), field);
            for lang in [Lang::En, Lang::Zh] {
                let text = e.localise(lang);
                assert!(text.contains(named), "{lang:?}: {text}");
            }
            assert_ne!(e.zh(), e.to_string());
        }
    }
}
