//! Compact JSON text written straight into a String. For speed in the size-optimised
//! build, where serde_json's serializer goes through `io::Write` a token at a time: the
//! app serialises a 100-row Kingdee body on every keystroke. The output is byte for byte
//! what `serde_json::to_string` writes (compact, keys in map order).

use std::io::Write as _;

use serde_json::{Map, Value};

/// Appends `value` as compact JSON, as `serde_json::to_string` writes it.
pub fn write_value(out: &mut String, value: &Value) {
    with_bytes(out, |bytes| value_into(bytes, value));
}

/// Appends the object made of the entries of `map` that `keep` accepts, in map order:
/// what serialising a filtered copy would write, without the copy.
pub fn write_object(out: &mut String, map: &Map<String, Value>, keep: impl Fn(&str) -> bool) {
    with_bytes(out, |bytes| object_into(bytes, map, keep));
}

/// `value` as compact JSON text.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

/// Writes bytes to the end of `out`. Bytes, not chars: `String::push` encodes each char
/// through a call in the size-optimised build. Everything written is whole UTF-8 (ASCII
/// punctuation and whole strings), which the final check confirms.
fn with_bytes(out: &mut String, write: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = std::mem::take(out).into_bytes();
    write(&mut bytes);
    *out = String::from_utf8(bytes).expect("JSON text is UTF-8");
}

fn value_into(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        // serde_json's Display of a number is its serialisation (itoa, or the shortest
        // float form); a float in a Value is always finite.
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => {
            out.push(b'"');
            str_into(out, s);
            out.push(b'"');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                value_into(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => object_into(out, map, |_| true),
    }
}

fn object_into(out: &mut Vec<u8>, map: &Map<String, Value>, keep: impl Fn(&str) -> bool) {
    // Punctuation goes out in pieces as large as possible (`,"` and `":"`): each piece is
    // a call in the size-optimised build.
    out.push(b'{');
    let mut first = true;
    for (k, v) in map {
        if !keep(k) {
            continue;
        }
        out.extend_from_slice(if first { b"\"" } else { b",\"" });
        first = false;
        str_into(out, k);
        match v {
            Value::String(s) => {
                out.extend_from_slice(b"\":\"");
                str_into(out, s);
                out.push(b'"');
            }
            other => {
                out.extend_from_slice(b"\":");
                value_into(out, other);
            }
        }
    }
    out.push(b'}');
}

/// What serde_json writes for each byte in a string: 0 = as is, else the escape letter
/// (`u` = `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// True when one of the 8 bytes of `w` needs an escape: a control byte, `"` or `\`.
/// (The borrow tricks can only misfire above a byte that truly matches, so "any" is exact.)
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = zero_in(w ^ (ONES * u64::from(b'"')));
    let backslash = zero_in(w ^ (ONES * u64::from(b'\\')));
    (control | quote | backslash) & HIGH != 0
}

/// A string's content, escaped: runs that need no escape go out in one piece, found 8
/// bytes at a time.
fn str_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let word: [u8; 8] = word.try_into().expect("8 bytes");
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let e = ESCAPE[b as usize];
        i += 1;
        if e == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i - 1]);
        start = i;
        if e == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', e]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_serde_json_writes() {
        let v = json!({"a": [1, -2, 1.5, 1e300, true, null, {}], "b\"\\": "x\u{1}\n\t\u{7f}盘/",
            "c": {"d": []}, "e": 18446744073709551615u64});
        assert_eq!(to_string(&v), serde_json::to_string(&v).unwrap());
        let map = v.as_object().unwrap();
        let mut out = String::new();
        write_object(&mut out, map, |k| k != "a");
        let mut copy = map.clone();
        copy.shift_remove("a");
        assert_eq!(out, Value::Object(copy).to_string());
    }
}
