//! Turning loosely typed JSON inputs into the text the vendors sign.

use std::borrow::Cow;

use serde_json::Value;

/// Strings verbatim; numbers and booleans as written; objects and arrays as compact
/// JSON; null as absent.
pub fn to_text(value: &Value) -> Option<String> {
    text_of(value).map(Cow::into_owned)
}

/// [`to_text`], borrowing strings (the signers' common case) instead of copying them.
pub fn text_of(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        other => Some(Cow::Owned(crate::json::to_string(other))),
    }
}

/// `text` borrowed, or moved into `slot` and borrowed from there: the signers' parameters
/// borrow, and the few computed texts live in a scratch slot beside them.
pub(crate) fn keep<'a>(text: Cow<'a, str>, slot: &'a mut String) -> &'a str {
    match text {
        Cow::Borrowed(text) => text,
        Cow::Owned(text) => {
            *slot = text;
            slot
        }
    }
}

/// `x / 10` by a multiply with the reciprocal (exact for every u32): the size-optimised
/// build keeps a division by a constant as a divide instruction, tens of cycles each.
pub(crate) fn div10(x: u32) -> u32 {
    ((u64::from(x) * 0xCCCC_CCCD) >> 35) as u32
}

/// `n` in decimal, written into `buf` (the text `n.to_string()` gives, without a String).
pub fn int_text(n: i64, buf: &mut [u8; 20]) -> &str {
    // |i64::MIN| has 19 digits, so the sign always has room.
    let mut at = digits(n.unsigned_abs(), buf);
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).expect("ASCII digits")
}

/// [`int_text`] for a `u64` (20 digits at most).
pub fn uint_text(n: u64, buf: &mut [u8; 20]) -> &str {
    std::str::from_utf8(uint_digits(n, buf)).expect("ASCII digits")
}

/// [`uint_text`]'s ASCII digits as bytes, for a writer of bytes: no UTF-8 check (the
/// relay writes several numbers per request).
pub fn uint_digits(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let at = digits(n, buf);
    &buf[at..]
}

/// Writes `n`'s digits at the end of `buf`; returns where they start.
fn digits(n: u64, buf: &mut [u8; 20]) -> usize {
    let mut at = buf.len();
    let mut rest = n;
    loop {
        // Below 2^32 without a divide instruction.
        let q = match u32::try_from(rest) {
            Ok(r) => u64::from(div10(r)),
            Err(_) => rest / 10,
        };
        at -= 1;
        buf[at] = b'0' + (rest - q * 10) as u8;
        rest = q;
        if rest == 0 {
            return at;
        }
    }
}

/// An ASCII byte that is not whitespace (`char::is_whitespace` is never true for it).
fn visible(b: u8) -> bool {
    b < 0x80 && !matches!(b, b'\t'..=b'\r' | b' ')
}

/// True when a vendor SDK would treat the value as not given.
pub fn is_blank(text: &str) -> bool {
    // Most values start with a visible ASCII character: answered without decoding chars.
    match text.as_bytes().first() {
        None => true,
        Some(&b) if visible(b) => false,
        Some(_) => text.trim().is_empty(),
    }
}

/// The first character of `text` past the spaces at either end (those are trimmed before
/// use, so never refused) for which `refused` holds, with its place in `text` as typed (1
/// for the first character).
pub fn first_inside(text: &str, refused: impl Fn(char) -> bool) -> Option<(usize, char)> {
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    text.trim()
        .chars()
        .enumerate()
        .find(|(_, c)| refused(*c))
        .map(|(i, c)| (lead + i + 1, c))
}

/// `text.trim()`, answered without decoding chars when both ends are visible ASCII (the
/// signers trim every credential and name on every signature).
pub fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if visible(*first) && visible(*last) => text,
        [only] if visible(*only) => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_text_is_to_string() {
        for n in [
            0,
            7,
            -7,
            10,
            232_623_153,
            4_294_967_295,
            4_294_967_296,
            -4_294_967_296,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(int_text(n, &mut [0; 20]), n.to_string());
        }
        for n in (0..=i64::from(u32::MAX)).step_by(999_983) {
            assert_eq!(int_text(n, &mut [0; 20]), n.to_string());
        }
        for n in [0, 9, 10, u64::from(u32::MAX) + 1, u64::MAX - 1, u64::MAX] {
            assert_eq!(uint_text(n, &mut [0; 20]), n.to_string());
        }
    }

    #[test]
    fn blank_is_all_whitespace() {
        for text in [
            "x",
            "ab",
            " x ",
            "x\n",
            "\u{3000}x\u{3000}",
            "a\u{3000}",
            "\u{85}",
            "a b",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
        for text in [
            "",
            " ",
            "\t\n\u{b}\u{c}\r ",
            "\u{3000}",
            " \u{a0}",
            "a",
            " a",
            "\u{1c}",
            "盘",
            "\u{3000}x",
        ] {
            assert_eq!(is_blank(text), text.trim().is_empty(), "{text:?}");
        }
    }
}
