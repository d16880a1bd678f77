//! What every signer returns: the wire request, and how its signature was made.

use serde::Serialize;

/// The request exactly as it goes on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireRequest {
    pub method: String,
    pub url: String,
    /// In the order the vendor's SDK sends them.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl WireRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One labelled piece of the string-to-sign, for people comparing strings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignPart {
    pub label: String,
    pub text: String,
}

impl SignPart {
    pub fn new(label: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            text: text.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Signed {
    pub sign: String,
    /// The canonical string, without the secret (Taobao md5 and 旺店通 wrap it in the secret).
    pub string_to_sign: String,
    /// `string_to_sign` cut into its labelled parts, in order.
    pub parts: Vec<SignPart>,
    /// How `sign` is computed from `string_to_sign`, e.g. `upper-hex MD5(secret + S + secret)`.
    pub algorithm: String,
    pub wire: WireRequest,
}
