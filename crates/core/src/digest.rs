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

/// `Base64(lower-hex(bytes))` for a digest of up to 32 bytes, with one allocation: the
/// hex and its Base64 on the stack (the general encoder's set-up and checks cost Kingdee's
/// signature more than its loop).
pub fn base64_of_hex_lower(bytes: &[u8]) -> String {
    let mut digits = [0; 64];
    let hex = hex_into(bytes, HEX_LOWER, &mut digits).as_bytes();
    let mut out = [0u8; 88];
    let n = base64_into(hex, &mut out);
    std::str::from_utf8(&out[..n])
        .expect("Base64 is ASCII")
        .to_string()
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard padded Base64 of up to 64 bytes into `out`; returns the length written.
fn base64_into(input: &[u8], out: &mut [u8; 88]) -> usize {
    let input = &input[..input.len().min(64)];
    let sextet = |v: u32, shift: u32| BASE64[(v >> shift & 63) as usize];
    let mut n = 0;
    let mut triples = input.chunks_exact(3);
    for t in &mut triples {
        let v = u32::from(t[0]) << 16 | u32::from(t[1]) << 8 | u32::from(t[2]);
        out[n] = sextet(v, 18);
        out[n + 1] = sextet(v, 12);
        out[n + 2] = sextet(v, 6);
        out[n + 3] = sextet(v, 0);
        n += 4;
    }
    match *triples.remainder() {
        [a] => {
            let v = u32::from(a) << 16;
            out[n..n + 4].copy_from_slice(&[sextet(v, 18), sextet(v, 12), b'=', b'=']);
            n += 4;
        }
        [a, b] => {
            let v = u32::from(a) << 16 | u32::from(b) << 8;
            out[n..n + 4].copy_from_slice(&[sextet(v, 18), sextet(v, 12), sextet(v, 6), b'=']);
            n += 4;
        }
        _ => {}
    }
    n
}

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
        let mut out = [0u8; 88];
        for len in 0..=64 {
            let n = base64_into(&[0xfb; 64][..len], &mut out);
            assert_eq!(
                &out[..n],
                base64(&[0xfb; 64][..len]).as_bytes(),
                "{len} bytes"
            );
        }
        assert_eq!(md5_of(&[b"ab", b"", b"c"]), md5(b"abc"));
    }
}
