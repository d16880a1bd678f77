//! Percent-encodings the vendors use. Hand-written because each vendor's SDK
//! keeps a slightly different set of bytes, and the signature depends on it.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// One byte's encoding: up to three output bytes, then how many of them count.
type Entry = [u8; 4];
/// One byte's encoding by two encodings in a row (form, then Kingdee's): up to five
/// output bytes (`=` → `%3D` → `%253D`), then how many of them count.
type Entry2 = [u8; 8];

/// The second byte of a kept byte's entry: one byte compare per byte of a run that
/// needs no escape (never `0`–`9`/`A`–`F`, an escape's second byte).
const KEPT: u8 = 0xff;

/// A run of kept bytes at least this long goes out as a slice of the input; a shorter one
/// is copied into the buffer with the escapes around it (JSON's `":"` and `","` would
/// otherwise cut a form-encoded document into a chunk per key and value).
const LONG_RUN: usize = 16;

/// Percent-encodes `input` into `emit`, in chunks: kept bytes as they are, space as `+`,
/// every other byte `%XX` (as `table` says). Every chunk is ASCII, so a byte sink
/// ([`WireText`]) takes it without a UTF-8 check. Runs of kept bytes are found a block at
/// a time ([`kept_run`]). The first run and long ones (a path segment, a Base64 value, a
/// key) go out as slices of the input, with where they start, which a `String` sink
/// slices from the input instead of checking them; short runs are copied whole into a
/// stack buffer, and each escape is one table load and a store per output slot (three;
/// seven for two encodings composed, [`Entry2`]) (the app's size-optimised build inlines
/// little, so no per-byte calls).
fn encode_with<const N: usize>(
    bytes: &[u8],
    table: &[[u8; N]; 256],
    emit: &mut impl FnMut(&[u8], Option<usize>),
) {
    // Keys and most values need no escape: out in one piece, without touching a buffer.
    let first = kept_run(bytes, table);
    if first > 0 {
        emit(&bytes[..first], Some(0));
    }
    if first == bytes.len() {
        return;
    }
    let mut buf = [0u8; 128];
    let mut n = 0;
    let mut i = first;
    while i < bytes.len() {
        // The byte at `i` is one to escape.
        if n + N - 1 > buf.len() {
            emit(&buf[..n], None);
            n = 0;
        }
        // Element stores, not a range copy: a range index is a call when not inlined.
        let e = &table[bytes[i] as usize];
        #[allow(clippy::manual_memcpy)]
        for k in 0..N - 1 {
            buf[n + k] = e[k];
        }
        n += e[N - 1] as usize;
        i += 1;
        let run = kept_run_after_escape(&bytes[i..], table);
        if run >= LONG_RUN {
            emit(&buf[..n], None);
            n = 0;
            emit(&bytes[i..i + run], Some(i));
        } else if run > 0 {
            if n + run > buf.len() {
                emit(&buf[..n], None);
                n = 0;
            }
            buf[n..n + run].copy_from_slice(&bytes[i..i + run]);
            n += run;
        }
        i += run;
    }
    if n > 0 {
        emit(&buf[..n], None);
    }
}

/// How many bytes at the start of `bytes` `table` keeps: whole plain blocks
/// ([`plain_prefix`]), then byte by byte. For the first run of a text (a key or a value
/// often kept whole).
fn kept_run<const N: usize>(bytes: &[u8], table: &[[u8; N]; 256]) -> usize {
    let blocks = plain_prefix(bytes);
    blocks + kept_bytes(&bytes[blocks..], table, usize::MAX)
}

/// [`kept_run`] for a run after an escape, which is most often short (a path segment, a
/// JSON token): byte by byte up to [`LONG_RUN`], and only then a block at a time.
fn kept_run_after_escape<const N: usize>(bytes: &[u8], table: &[[u8; N]; 256]) -> usize {
    let head = kept_bytes(bytes, table, LONG_RUN);
    if head < LONG_RUN {
        return head;
    }
    head + kept_run(&bytes[head..], table)
}

/// How many of the first `limit` bytes `table` keeps, one at a time.
fn kept_bytes<const N: usize>(bytes: &[u8], table: &[[u8; N]; 256], limit: usize) -> usize {
    bytes
        .iter()
        .take(limit)
        .take_while(|&&b| table[b as usize][1] == KEPT)
        .count()
}

/// How many whole blocks of 16 bytes at the start of `bytes` hold only letters, digits,
/// `-`, `.` and `_`, which every table keeps: a block is checked with a few vector compares
/// instead of a table load and a branch per byte (a Base64 value, a key, a timestamp).
fn plain_prefix(bytes: &[u8]) -> usize {
    let plain = |c: u8| c.is_ascii_alphanumeric() | (c == b'-') | (c == b'.') | (c == b'_');
    bytes
        .chunks_exact(16)
        .take_while(|block| block.iter().fold(true, |all, &c| all & plain(c)))
        .count()
        * 16
}

fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).expect("percent-encoding emits ASCII")
}

/// A chunk from [`encode_with`] as text for a `String`: a run sliced from the input (at
/// character boundaries: it is ASCII, and so are the bytes around it that were escaped or
/// are the input's ends), an encoded chunk checked.
fn text<'a>(input: &'a str, chunk: &'a [u8], start: Option<usize>) -> &'a str {
    match start {
        Some(start) => &input[start..start + chunk.len()],
        None => ascii(chunk),
    }
}

/// The table for an encoding that keeps ASCII letters, digits and `punctuation`, turns
/// space into `+` and every other byte into `%XX`.
const fn table(punctuation: &[u8]) -> [Entry; 256] {
    table_with(punctuation, true)
}

/// [`table`], with space written `%20` unless `space_plus`.
const fn table_with(punctuation: &[u8], space_plus: bool) -> [Entry; 256] {
    let mut t = [[0u8; 4]; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut keep = byte.is_ascii_alphanumeric();
        let mut i = 0;
        while i < punctuation.len() {
            keep |= punctuation[i] == byte;
            i += 1;
        }
        t[b] = if keep {
            // The second byte marks a kept byte (the loop below writes it past the count,
            // where the next byte overwrites it).
            [byte, KEPT, 0, 1]
        } else if byte == b' ' && space_plus {
            [b'+', 0, 0, 1]
        } else {
            [b'%', HEX[b >> 4], HEX[b & 15], 3]
        };
        b += 1;
    }
    t
}

/// `second` applied to what `first` makes of each byte, as one table: two encodings in
/// one pass over the input instead of the second scanning every chunk of the first.
const fn composed(first: &[Entry; 256], second: &[Entry; 256]) -> [Entry2; 256] {
    let mut t = [[0u8; 8]; 256];
    let mut b = 0;
    while b < 256 {
        let once = first[b];
        let mut n = 0;
        let mut i = 0;
        while i < once[3] as usize {
            let twice = second[once[i] as usize];
            let mut j = 0;
            while j < twice[3] as usize {
                t[b][n] = twice[j];
                n += 1;
                j += 1;
            }
            i += 1;
        }
        // Kept by both: marked as `table` marks a kept byte.
        if n == 1 && t[b][0] == b as u8 {
            t[b][1] = KEPT;
        }
        t[b][7] = n as u8;
        b += 1;
    }
    t
}

/// Java's `URLEncoder`: keeps `A–Z a–z 0–9 . - * _`.
static FORM: [Entry; 256] = table(b".-*_");
/// Kingdee's `Enc`: keeps `A–Z a–z 0–9 - _ . ~`.
static KINGDEE: [Entry; 256] = table(b"-_.~");
/// Kingdee's query values: form encoding, then Kingdee's.
static FORM_THEN_KINGDEE: [Entry2; 256] = composed(&FORM, &KINGDEE);
/// RFC 3986 percent-encoding (Python's `quote(safe="")`): keeps `A–Z a–z 0–9 - _ . ~`,
/// space is `%20`. Only `verify` uses it, for a query an integrator encoded once.
static PERCENT: [Entry; 256] = table_with(b"-_.~", false);
/// JavaScript's `encodeURIComponent`: keeps `A–Z a–z 0–9 - _ . ! ~ * ' ( )`, space is `%20`.
static URI_COMPONENT: [Entry; 256] = table_with(b"-_.!~*'()", false);

/// A wire URL or body being written as bytes, checked as UTF-8 once at the end: the
/// signers' hot path, where a `String` would check every encoded chunk again.
pub struct WireText(Vec<u8>);

impl WireText {
    pub fn with_capacity(bytes: usize) -> Self {
        Self(Vec::with_capacity(bytes))
    }

    /// Appends `text` as it is.
    pub fn push_str(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    /// Appends one ASCII byte (a separator).
    pub fn push_ascii(&mut self, b: u8) {
        debug_assert!(b.is_ascii());
        self.0.push(b);
    }

    /// Appends `text` form-encoded, as [`form_encode`].
    pub fn form(&mut self, text: &str) {
        self.encoded(text, &FORM);
    }

    /// Appends `text` in Kingdee's encoding, as [`kingdee_encode`].
    pub fn kingdee(&mut self, text: &str) {
        self.encoded(text, &KINGDEE);
    }

    /// Appends `text` percent-encoded as RFC 3986 has it (space `%20`).
    pub fn percent(&mut self, text: &str) {
        self.encoded(text, &PERCENT);
    }

    /// Appends `text` as JavaScript's `encodeURIComponent` writes it.
    pub fn uri_component(&mut self, text: &str) {
        self.encoded(text, &URI_COMPONENT);
    }

    /// Appends `text` form-encoded and then in Kingdee's encoding, as
    /// [`form_then_kingdee_encode_into`].
    pub fn form_then_kingdee(&mut self, text: &str) {
        self.encoded(text, &FORM_THEN_KINGDEE);
    }

    /// Appends pairs as `k=v&k=v`, form-encoded on both sides, as [`form_urlencode`].
    pub fn form_pairs<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (i, (k, v)) in pairs.into_iter().enumerate() {
            if i > 0 {
                self.push_ascii(b'&');
            }
            self.form(k);
            self.push_ascii(b'=');
            self.form(v);
        }
    }

    fn encoded<const N: usize>(&mut self, text: &str, table: &[[u8; N]; 256]) {
        encode_with(text.as_bytes(), table, &mut |c, _| {
            self.0.extend_from_slice(c)
        });
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text; whole `&str`s and ASCII went in, so the check cannot fail.
    pub fn into_string(self) -> String {
        String::from_utf8(self.0).expect("whole strs and ASCII are UTF-8")
    }
}

/// HTML form encoding as Java's `URLEncoder` does it: keeps `A–Z a–z 0–9 . - * _`,
/// space becomes `+`, every other UTF-8 byte `%XX`.
pub fn form_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    form_encode_into(&mut out, input);
    out
}

/// [`form_encode`], appended to `out`.
pub fn form_encode_into(out: &mut String, input: &str) {
    encode_into(out, input, &FORM);
}

/// Kingdee's `Enc`: keeps `A–Z a–z 0–9 - _ . ~`, space becomes `+`, else `%XX`.
pub fn kingdee_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    kingdee_encode_into(&mut out, input);
    out
}

/// [`kingdee_encode`], appended to `out`.
pub fn kingdee_encode_into(out: &mut String, input: &str) {
    encode_into(out, input, &KINGDEE);
}

/// `kingdee_encode(form_encode(input))` in one pass: each byte the form encoding emits goes
/// straight through Kingdee's encoding.
pub fn form_then_kingdee_encode_into(out: &mut String, input: &str) {
    encode_into(out, input, &FORM_THEN_KINGDEE);
}

/// `input` encoded by `table`, appended to a `String`: runs sliced from the input, escapes
/// checked ([`text`]).
fn encode_into<const N: usize>(out: &mut String, input: &str, table: &[[u8; N]; 256]) {
    encode_with(input.as_bytes(), table, &mut |c, run| {
        out.push_str(text(input, c, run))
    });
}

/// A URL path as the browser sends it: the WHATWG path percent-encode set (controls,
/// space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}` and every non-ASCII byte) escaped as
/// `%XX`, all else (an existing `%XX` too) kept. A signer must sign this form: the
/// gateway reads the path it receives, not the one typed.
pub fn browser_path(path: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |b: u8| {
        b <= b' ' || b >= 0x7f || matches!(b, b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}')
    };
    if !path.bytes().any(escaped) {
        return path.into();
    }
    let mut out = String::with_capacity(path.len() * 3);
    for b in path.bytes() {
        if escaped(b) {
            out.extend([
                '%',
                HEX[usize::from(b >> 4)] as char,
                HEX[usize::from(b & 15)] as char,
            ]);
        } else {
            out.push(b as char);
        }
    }
    out.into()
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
    let mut out = WireText::with_capacity(0);
    out.form_pairs(pairs);
    out.into_string()
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
    #[test]
    fn browser_path_escapes_what_a_browser_escapes() {
        assert_eq!(
            super::browser_path("/jdy/v2/bd/material"),
            "/jdy/v2/bd/material"
        );
        assert_eq!(
            super::browser_path("/jdy/v2/bd/物料"),
            "/jdy/v2/bd/%E7%89%A9%E6%96%99"
        );
        assert_eq!(super::browser_path("/a b/%E7{x}"), "/a%20b/%E7%7Bx%7D");
    }

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
    fn double_encoding_in_one_pass_is_the_composition() {
        for text in ["a b*~,/.-_", "盘 100%", "", "x=1&y=2", "\u{1}\u{7f}"] {
            let mut one_pass = String::from("prefix");
            form_then_kingdee_encode_into(&mut one_pass, text);
            assert_eq!(
                one_pass,
                format!("prefix{}", kingdee_encode(&form_encode(text)))
            );
        }
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
