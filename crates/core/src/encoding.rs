//! Percent-encodings the vendors use. Hand-written because each vendor's SDK
//! keeps a slightly different set of bytes, and the signature depends on it.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn encode_with(input: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(input.len() * 3);
    for &b in input.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// HTML form encoding as Java's `URLEncoder` does it: keeps `A–Z a–z 0–9 . - * _`,
/// space becomes `+`, every other UTF-8 byte `%XX`.
pub fn form_encode(input: &str) -> String {
    encode_with(input, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'*' | b'_')
    })
}

/// Kingdee's `Enc`: keeps `A–Z a–z 0–9 - _ . ~`, space becomes `+`, else `%XX`.
pub fn kingdee_encode(input: &str) -> String {
    encode_with(input, |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
    })
}

/// Escapes text as PHP's `json_encode` does by default: every non-ASCII character as
/// `\uXXXX` (UTF-16, lower hex) and `/` as `\/`. 旺店通 signs the bytes PHP sent.
pub fn php_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// Decodes `%XX` and `+` (form decoding). Invalid escapes are kept as they are,
/// and invalid UTF-8 is replaced, so a captured request never fails to parse.
pub fn form_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Joins pairs as `k=v&k=v` with form encoding on both sides.
pub fn form_urlencode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&form_encode(k));
        out.push('=');
        out.push_str(&form_encode(v));
    }
    out
}

/// Splits `a=1&b=2` into decoded pairs, in order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (form_decode(k), form_decode(v)),
            None => (form_decode(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_matches_java_urlencoder() {
        assert_eq!(form_encode("a b*~,/.-_"), "a+b*%7E%2C%2F.-_");
        assert_eq!(form_encode("盘"), "%E7%9B%98");
    }

    #[test]
    fn kingdee_encoding_keeps_tilde_not_star() {
        assert_eq!(kingdee_encode("/jdy/v2 x*~"), "%2Fjdy%2Fv2+x%2A~");
    }

    #[test]
    fn decoding_round_trips_and_tolerates_bad_escapes() {
        assert_eq!(form_decode(&form_encode("a b&c=盘%")), "a b&c=盘%");
        assert_eq!(form_decode("100%"), "100%");
        assert_eq!(form_decode("%zz%4"), "%zz%4");
        assert_eq!(
            parse_query("a=1&b=x+y&c"),
            vec![
                ("a".into(), "1".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "".into())
            ]
        );
    }
}
