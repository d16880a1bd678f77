//! Digests and their textual forms, in one place for all vendors. Fixed-size arrays and
//! streaming updates: a signature costs the digest and one String, not copies of its input.

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

/// `Base64(lower-hex(bytes))` with one allocation and no intermediate text: every three hex
/// digits (12 bits of the digest) become four Base64 characters, looked up whole in a
/// table made on first use (16 KiB, not in the binary) and written straight into the
/// result (the general encoder's set-up and checks, a hex copy, and then seven table
/// loads per group cost Kingdee's signature more than the loop's few loads).
pub fn base64_of_hex_lower(bytes: &[u8]) -> String {
    let quads = hex_quads();
    let mut out = Vec::with_capacity((bytes.len() * 2).div_ceil(3) * 4);
    // Three bytes are six hex digits: two groups of twelve bits.
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let (b0, b1, b2) = (usize::from(c[0]), usize::from(c[1]), usize::from(c[2]));
        out.extend_from_slice(&quads[b0 << 4 | b1 >> 4]);
        out.extend_from_slice(&quads[(b1 & 15) << 8 | b2]);
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
            out.extend_from_slice(&pad(base64_quad(a, b, 0), 3));
        }
        // Four hex digits: a group of three, then a padded group of one.
        [x, y] => {
            out.extend_from_slice(&quads[usize::from(x) << 4 | usize::from(y >> 4)]);
            let [_, d] = hex(y);
            out.extend_from_slice(&pad(base64_quad(d, 0, 0), 2));
        }
        _ => {}
    }
    String::from_utf8(out).expect("Base64 is ASCII")
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
