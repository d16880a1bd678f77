//! Digests and their textual forms, in one place for all vendors. Fixed-size arrays and
//! streaming updates: a signature costs the digest and no String ([`SignText`]), not copies
//! of its input.

use base64::Engine;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

pub fn md5(data: &[u8]) -> [u8; 16] {
    Md5::digest(data).into()
}

/// MD5 over the concatenation of `pieces`, fed one by one (no joined copy).
pub fn md5_of(pieces: &[&[u8]]) -> [u8; 16] {
    let mut h = Md5::new();
    for p in pieces {
        h.update(p);
    }
    h.finalize().into()
}

pub fn hmac_md5(key: &[u8], data: &[u8]) -> [u8; 16] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut mac = Hmac::<Md5>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Hex of up to 32 bytes into a stack buffer; returns the filled part.
fn hex_into<'a>(bytes: &[u8], digits: &[u8; 16], buf: &'a mut [u8; 64]) -> &'a str {
    let n = bytes.len().min(32);
    for (i, b) in bytes[..n].iter().enumerate() {
        buf[2 * i] = digits[(b >> 4) as usize];
        buf[2 * i + 1] = digits[(b & 15) as usize];
    }
    std::str::from_utf8(&buf[..2 * n]).expect("hex digits are ASCII")
}

fn hex(bytes: &[u8], digits: &[u8; 16]) -> String {
    if bytes.len() <= 32 {
        return hex_into(bytes, digits, &mut [0; 64]).to_string();
    }
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(digits[(b >> 4) as usize] as char);
        s.push(digits[(b & 15) as usize] as char);
    }
    s
}

pub fn hex_lower(bytes: &[u8]) -> String {
    hex(bytes, HEX_LOWER)
}

pub fn hex_upper(bytes: &[u8]) -> String {
    hex(bytes, HEX_UPPER)
}

pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A signature as text, held inline: every vendor's fits in 88 ASCII characters (Kingdee's
/// Base64 of 64 hex digits is the longest), so making one allocates nothing, and a signer
/// that also puts it in a header or URL copies it there once.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignText {
    len: u8,
    bytes: [u8; SignText::MAX],
}

impl SignText {
    /// The longest signature text: Base64 of the 64 hex digits of a SHA-256 digest.
    pub const MAX: usize = 88;

    const EMPTY: Self = Self {
        len: 0,
        bytes: [0; Self::MAX],
    };

    /// Appends ASCII; the callers below stay within [`SignText::MAX`].
    fn push(&mut self, chunk: &[u8]) {
        let start = usize::from(self.len);
        self.bytes[start..start + chunk.len()].copy_from_slice(chunk);
        self.len += chunk.len() as u8;
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).expect("signatures are ASCII")
    }

    /// Lower hex of a digest (at most 32 bytes, as [`hex_into`]).
    pub fn hex_lower(digest: &[u8]) -> Self {
        Self::hex(digest, HEX_LOWER)
    }

    /// Upper hex of a digest (at most 32 bytes, as [`hex_into`]).
    pub fn hex_upper(digest: &[u8]) -> Self {
        Self::hex(digest, HEX_UPPER)
    }

    fn hex(digest: &[u8], digits: &[u8; 16]) -> Self {
        let mut text = Self::EMPTY;
        text.push(hex_into(digest, digits, &mut [0; 64]).as_bytes());
        text
    }

    /// `Base64(lower-hex(digest))` of a digest of at most 32 bytes, with no intermediate
    /// text: every three hex digits (12 bits of the digest) become four Base64 characters,
    /// looked up whole in a table made on first use (16 KiB, not in the binary) (the
    /// general encoder's set-up and checks, a hex copy, and then seven table loads per
    /// group cost Kingdee's signature more than the loop's few loads).
    pub fn base64_of_hex_lower(digest: &[u8]) -> Self {
        assert!(digest.len() <= 32, "a digest of at most 32 bytes");
        let quads = hex_quads();
        let mut out = Self::EMPTY;
        // Three bytes are six hex digits: two groups of twelve bits.
        let mut chunks = digest.chunks_exact(3);
        for c in &mut chunks {
            let (b0, b1, b2) = (usize::from(c[0]), usize::from(c[1]), usize::from(c[2]));
            out.push(&quads[b0 << 4 | b1 >> 4]);
            out.push(&quads[(b1 & 15) << 8 | b2]);
        }
        let hex = |b: u8| {
            [
                HEX_LOWER[usize::from(b >> 4)],
                HEX_LOWER[usize::from(b & 15)],
            ]
        };
        let pad = |mut q: [u8; 4], n: usize| {
            q[n..].fill(b'=');
            q
        };
        match *chunks.remainder() {
            // Two hex digits: a padded group of two.
            [x] => {
                let [a, b] = hex(x);
                out.push(&pad(base64_quad(a, b, 0), 3));
            }
            // Four hex digits: a group of three, then a padded group of one.
            [x, y] => {
                out.push(&quads[usize::from(x) << 4 | usize::from(y >> 4)]);
                let [_, d] = hex(y);
                out.push(&pad(base64_quad(d, 0, 0), 2));
            }
            _ => {}
        }
        out
    }
}

impl Default for SignText {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl std::ops::Deref for SignText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SignText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for SignText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SignText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for SignText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl From<SignText> for String {
    fn from(text: SignText) -> String {
        text.as_str().to_string()
    }
}

impl PartialEq<str> for SignText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SignText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SignText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SignText> for String {
    fn eq(&self, other: &SignText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SignText> for &str {
    fn eq(&self, other: &SignText) -> bool {
        *self == other.as_str()
    }
}

/// Four Base64 characters for three bytes.
fn base64_quad(a: u8, b: u8, c: u8) -> [u8; 4] {
    let v = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    [18, 12, 6, 0].map(|shift| BASE64[(v >> shift & 63) as usize])
}

/// For each 12-bit value, the Base64 of its three lower-hex digits.
fn hex_quads() -> &'static [[u8; 4]] {
    static QUADS: std::sync::OnceLock<Box<[[u8; 4]]>> = std::sync::OnceLock::new();
    QUADS.get_or_init(|| {
        (0..4096usize)
            .map(|v| {
                let digit = |shift: usize| HEX_LOWER[v >> shift & 15];
                base64_quad(digit(8), digit(4), digit(0))
            })
            .collect()
    })
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_of_short_and_long_inputs() {
        assert_eq!(hex_lower(&[0x0f, 0xa0]), "0fa0");
        assert_eq!(hex_upper(&[0x0f, 0xa0]), "0FA0");
        let long = [0xabu8; 40];
        assert_eq!(hex_upper(&long), "AB".repeat(40));
        let base64_of_hex_lower = SignText::base64_of_hex_lower;
        assert_eq!(base64_of_hex_lower(&[0xff]), base64(b"ff"));
        // Every length up to a SHA-256 digest, so each padding case is met.
        let bytes: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(97) ^ 0x5a).collect();
        for len in 0..=32 {
            let hex = hex_lower(&bytes[..len]);
            assert_eq!(base64_of_hex_lower(&bytes[..len]), base64(hex.as_bytes()));
        }
        // Every 12-bit group in either place of a three-byte chunk, so each table entry
        // is checked against the general encoder.
        for v in 0..4096u16 {
            let [hi, lo] = v.to_be_bytes();
            for chunk in [[hi << 4 | lo >> 4, lo << 4 | hi, lo], [lo, hi, lo ^ hi]] {
                let hex = hex_lower(&chunk);
                assert_eq!(base64_of_hex_lower(&chunk), base64(hex.as_bytes()));
            }
        }
        assert_eq!(md5_of(&[b"ab", b"", b"c"]), md5(b"abc"));
    }
}
