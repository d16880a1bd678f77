//! What every signer returns: the wire request, and how its signature was made.

use serde::Serialize;

use crate::digest::SignText;
use crate::encoding::WireText;

/// The request exactly as it goes on the wire: core's one request type, with the
/// parts that carry a secret marked by the signer.
pub type WireRequest = crate::http::HttpRequest;

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

/// Where one labelled part lies in a string-to-sign: recorded while the string is built,
/// so signing keeps one buffer and the labelled parts are cut out only when someone asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartSpan {
    label: PartLabel,
    start: usize,
    end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartLabel {
    Named(&'static str),
    /// The part's first n bytes: a parameter's key in `key + value`.
    Prefix(usize),
}

/// A string-to-sign written into one buffer, part by part.
#[derive(Clone, Debug, Default)]
pub struct Canon {
    pub text: String,
    pub spans: Vec<PartSpan>,
}

impl Canon {
    pub fn with_capacity(bytes: usize, parts: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            spans: Vec::with_capacity(parts),
        }
    }

    /// Appends `key + value`, labelled by the key.
    pub fn key_value(&mut self, key: &str, value: &str) {
        let start = self.text.len();
        self.text.push_str(key);
        self.text.push_str(value);
        self.spans.push(PartSpan {
            label: PartLabel::Prefix(key.len()),
            start,
            end: self.text.len(),
        });
    }

    /// A string-to-sign written as bytes, part by part ([`CanonBytes::part`]), checked as
    /// UTF-8 once at the end instead of at each encoded chunk.
    pub fn bytes(bytes: usize, parts: usize) -> CanonBytes {
        CanonBytes {
            text: WireText::with_capacity(bytes),
            spans: Vec::with_capacity(parts),
        }
    }

    /// The labelled parts, owned: the explaining path.
    pub fn parts(&self) -> Vec<SignPart> {
        parts_of(&self.text, &self.spans)
    }

    pub fn into_explained(self) -> (String, Vec<SignPart>) {
        let parts = self.parts();
        (self.text, parts)
    }
}

/// A [`Canon`] being written as bytes.
pub struct CanonBytes {
    text: WireText,
    spans: Vec<PartSpan>,
}

impl CanonBytes {
    /// Appends what `write` writes, labelled `label`.
    pub fn part(&mut self, label: &'static str, write: impl FnOnce(&mut WireText)) {
        let start = self.text.len();
        write(&mut self.text);
        self.spans.push(PartSpan {
            label: PartLabel::Named(label),
            start,
            end: self.text.len(),
        });
    }

    pub fn finish(self) -> Canon {
        Canon {
            text: self.text.into_string(),
            spans: self.spans,
        }
    }
}

fn parts_of(text: &str, spans: &[PartSpan]) -> Vec<SignPart> {
    spans
        .iter()
        .map(|s| {
            let part = &text[s.start..s.end];
            let label = match s.label {
                PartLabel::Named(l) => l,
                PartLabel::Prefix(n) => &part[..n],
            };
            SignPart::new(label, part)
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// Held inline: a signature costs no String of its own.
    pub sign: SignText,
    /// The canonical string, without the secret (Taobao md5 and 旺店通 wrap it in the secret).
    pub string_to_sign: String,
    /// Where the labelled parts lie in `string_to_sign`; [`Signed::parts`] cuts them out.
    pub spans: Vec<PartSpan>,
    /// How `sign` is computed from `string_to_sign`, e.g. `upper-hex MD5(secret + S + secret)`.
    /// One of the signers' constants: no String per signature.
    pub algorithm: &'static str,
    pub wire: WireRequest,
}

impl Signed {
    pub fn new(canon: Canon, sign: SignText, algorithm: &'static str, wire: WireRequest) -> Self {
        Self {
            sign,
            string_to_sign: canon.text,
            spans: canon.spans,
            algorithm,
            wire,
        }
    }

    /// `string_to_sign` cut into its labelled parts, in order.
    pub fn parts(&self) -> Vec<SignPart> {
        parts_of(&self.string_to_sign, &self.spans)
    }
}

/// The same JSON as before spans: `parts` as `[{label, text}]`.
impl Serialize for Signed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Signed", 5)?;
        s.serialize_field("sign", &self.sign)?;
        s.serialize_field("string_to_sign", &self.string_to_sign)?;
        s.serialize_field("parts", &self.parts())?;
        s.serialize_field("algorithm", &self.algorithm)?;
        s.serialize_field("wire", &self.wire)?;
        s.end()
    }
}
