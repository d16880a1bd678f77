//! Errors a person can act on: each names the input field at fault.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignError {
    /// A credential is absent or blank.
    MissingCredential {
        field: &'static str,
    },
    /// A required request field is absent or blank.
    MissingField {
        field: &'static str,
    },
    /// 旺店通's appsecret must read `secret:salt`.
    AppSecretWithoutColon,
    PathWithoutSlash {
        path: String,
    },
    InvalidJson {
        field: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    NotJsonArray {
        field: &'static str,
    },
    UnknownSignMethod {
        given: String,
    },
    InvalidNonce {
        given: String,
    },
    InvalidHttpMethod {
        given: String,
    },
    /// A Taobao system parameter among the business ones: the signer writes those itself.
    SystemParameter {
        key: String,
    },
    /// A value sent in an HTTP header (Kingdee's client_id, app-token, …) holds a
    /// character a header cannot carry: often an invisible one pasted with a token. A
    /// browser would refuse the whole request without naming the value.
    NotHeaderText {
        /// The input field, e.g. `credentials.app_token`.
        field: &'static str,
        /// Its 1-based position among the value's characters.
        at: usize,
        found: char,
    },
}

/// [`SignError::NotHeaderText`] for the first character of `value` a header cannot carry:
/// the rule the relay's token is held to (printable ASCII), as browsers apply it to any
/// header.
pub fn check_header_text(field: &'static str, value: &str) -> Result<(), SignError> {
    match crate::relay_protocol::header::token_refused_char(value) {
        Some((at, found)) => Err(SignError::NotHeaderText { field, at, found }),
        None => Ok(()),
    }
}

/// How a character is named in a message: itself when it can be seen, with its code point.
fn char_named(c: char) -> String {
    if c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
    {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
}

impl SignError {
    /// The input field the error is about, for highlighting it in a form.
    pub fn field(&self) -> String {
        match self {
            Self::MissingCredential { field } => format!("credentials.{field}"),
            Self::MissingField { field }
            | Self::InvalidJson { field, .. }
            | Self::NotJsonArray { field } => (*field).to_string(),
            Self::AppSecretWithoutColon => "credentials.app_secret".into(),
            Self::PathWithoutSlash { .. } => "path".into(),
            Self::UnknownSignMethod { .. } => "sign_method".into(),
            Self::InvalidNonce { .. } => "nonce".into(),
            Self::InvalidHttpMethod { .. } => "http_method".into(),
            Self::SystemParameter { key } => format!("params.{key}"),
            Self::NotHeaderText { field, .. } => (*field).to_string(),
        }
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredential { field } => write!(f, "missing credential `{field}`"),
            Self::MissingField { field } => write!(f, "missing field `{field}`"),
            Self::AppSecretWithoutColon => write!(
                f,
                "appsecret (`credentials.app_secret`) must be `secret:salt`, as the console shows it; \
                 this one has no colon"
            ),
            Self::PathWithoutSlash { path } => match url_path(path) {
                Some(p) => write!(f, "path `{path}` is a whole URL: give its path alone, `{p}`"),
                None => write!(f, "path `{path}` must start with `/`, e.g. `/jdy/v2/bd/material`"),
            },
            Self::InvalidJson { field, line, column, message } => {
                let why = crate::json_at::reason(message, crate::Lang::En);
                write!(f, "`{field}` is not valid JSON at line {line}, column {column}: {why}")
            }
            Self::NotJsonArray { field } => {
                write!(f, "`{field}` must be a JSON array of the method's positional arguments, e.g. `[{{…}}, […]]`")
            }
            Self::UnknownSignMethod { given } => {
                write!(f, "unknown sign_method `{given}`: use `md5`, `hmac` or `hmac-sha256`")
            }
            Self::InvalidNonce { given } => write!(f, "nonce `{given}` must be a positive integer"),
            Self::InvalidHttpMethod { given } => write!(f, "http_method `{given}` is not an HTTP method (GET, POST, …)"),
            Self::SystemParameter { key } => write!(
                f,
                "`params.{key}` is a system parameter the signer writes: take it out of params \
                 (sign_method, partner_id and simplify are set in the signature panel, session in the credentials)"
            ),
            Self::NotHeaderText { field, at, found } => write!(
                f,
                "`{field}` goes in an HTTP header, which cannot carry the character {} at position {at}: \
                 remove it (an invisible character often comes with a pasted token)",
                char_named(*found)
            ),
        }
    }
}

impl std::error::Error for SignError {}

impl crate::lang::Localise for SignError {
    fn zh(&self) -> String {
        match self {
            Self::MissingCredential { field } => format!("缺少凭证 `{field}`"),
            Self::MissingField { field } => format!("缺少字段 `{field}`"),
            Self::AppSecretWithoutColon => {
                "appsecret（`credentials.app_secret`）应为控制台显示的 `secret:salt`，这里没有冒号"
                    .into()
            }
            Self::PathWithoutSlash { path } => match url_path(path) {
                Some(p) => format!("路径 `{path}` 是完整的 URL：只填其中的路径 `{p}`"),
                None => format!("路径 `{path}` 必须以 `/` 开头"),
            },
            Self::InvalidJson {
                field,
                line,
                column,
                message,
            } => format!(
                "`{field}` 不是有效的 JSON（第 {line} 行第 {column} 列）：{}",
                crate::json_at::reason(message, crate::Lang::Zh)
            ),
            Self::NotJsonArray { field } => {
                format!("`{field}` 必须是方法参数组成的 JSON 数组，如 `[{{…}}, […]]`")
            }
            Self::UnknownSignMethod { given } => {
                format!("未知的 sign_method `{given}`：请用 md5、hmac 或 hmac-sha256")
            }
            Self::InvalidNonce { given } => format!("nonce `{given}` 必须是正整数"),
            Self::InvalidHttpMethod { given } => format!("`{given}` 不是 HTTP 方法"),
            Self::SystemParameter { key } => format!(
                "`params.{key}` 是系统参数，由签名程序填写：请从 params 中去掉（sign_method、partner_id、simplify 在签名面板中设置，session 在凭证中）"
            ),
            Self::NotHeaderText { field, at, found } => format!(
                "`{field}` 放在 HTTP 请求头中，不能含第 {at} 个字符 {}：请删去（粘贴令牌时常带入看不见的字符）",
                char_named(*found)
            ),
        }
    }
}

/// Checks that `text` is JSON, reporting where it breaks.
pub fn check_json(field: &'static str, text: &str) -> Result<serde_json::Value, SignError> {
    serde_json::from_str(text).map_err(|e| SignError::InvalidJson {
        field,
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

/// [`check_json`] without building the document: true when its top level is an array.
/// Same parser, so the same errors at the same positions.
pub fn check_json_is_array(field: &'static str, text: &str) -> Result<bool, SignError> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};

    struct TopLevel;
    impl<'de> Visitor<'de> for TopLevel {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(true)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(false)
        }
        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }

    if flat_json_array(text) {
        return Ok(true);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let top = de
        .deserialize_any(TopLevel)
        .and_then(|t| de.end().map(|()| t));
    top.map_err(|skimmed| {
        // The full parser's words where it breaks: skimming says "key must be a string" of
        // a trailing comma, and the form's check of the same text says "trailing comma".
        let e = serde_json::from_str::<serde_json::Value>(text)
            .err()
            .unwrap_or(skimmed);
        SignError::InvalidJson {
            field,
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        }
    })
}

/// Whether `text` is certainly a JSON array of scalars (strings without escapes, numbers,
/// `true`, `false`, `null`): a scan that answers the common 旺店通 body without setting up
/// the parser, which costs about as much as the signature's digest. `false` means "ask
/// the parser", never "invalid": anything unusual (escapes, nesting) goes to serde_json.
fn flat_json_array(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if at(b, i) != b'[' {
        return false;
    }
    i = skip_ws(b, i + 1);
    if at(b, i) == b']' {
        i += 1;
    } else {
        loop {
            match json_scalar_end(b, i) {
                Some(end) => i = skip_ws(b, end),
                None => return false,
            }
            match at(b, i) {
                b',' => i = skip_ws(b, i + 1),
                b']' => {
                    i += 1;
                    break;
                }
                _ => return false,
            }
        }
    }
    skip_ws(b, i) == b.len()
}

/// The byte at `i`, or 0 past the end (0 is never valid there, nor raw in a string).
fn at(b: &[u8], i: usize) -> u8 {
    if i < b.len() {
        b[i]
    } else {
        0
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(at(b, i), b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

fn skip_digits(b: &[u8], mut i: usize) -> usize {
    while at(b, i).is_ascii_digit() {
        i += 1;
    }
    i
}

/// Where the scalar starting at `i` ends, if it is one the flat scan is sure of.
fn json_scalar_end(b: &[u8], i: usize) -> Option<usize> {
    let literal = |word: &[u8]| {
        (b.len() >= i + word.len() && &b[i..i + word.len()] == word).then_some(i + word.len())
    };
    match at(b, i) {
        b'"' => {
            let mut j = i + 1;
            loop {
                match at(b, j) {
                    b'"' => return Some(j + 1),
                    // Escapes go to the parser; a raw control character (or the end) is
                    // an error the parser words.
                    b'\\' | 0..=0x1f => return None,
                    _ => j += 1,
                }
            }
        }
        b't' => literal(b"true"),
        b'f' => literal(b"false"),
        b'n' => literal(b"null"),
        b'-' | b'0'..=b'9' => {
            // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
            let mut j = i + usize::from(at(b, i) == b'-');
            j = match at(b, j) {
                b'0' => j + 1,
                b'1'..=b'9' => skip_digits(b, j),
                _ => return None,
            };
            if at(b, j) == b'.' {
                let end = skip_digits(b, j + 1);
                if end == j + 1 {
                    return None;
                }
                j = end;
            }
            if matches!(at(b, j), b'e' | b'E') {
                j += 1;
                if matches!(at(b, j), b'+' | b'-') {
                    j += 1;
                }
                let end = skip_digits(b, j);
                if end == j {
                    return None;
                }
                j = end;
            }
            Some(j)
        }
        _ => None,
    }
}

/// serde_json's message without its " at line … column …" tail: the position is shown on
/// its own, in the UI's words.
pub fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Returns the trimmed value, or the error naming the missing credential.
pub fn required_credential<'a>(
    value: &'a Option<String>,
    field: &'static str,
) -> Result<&'a str, SignError> {
    match value.as_deref().map(crate::value::trim) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(SignError::MissingCredential { field }),
    }
}

/// The path of `text` when it is a whole URL with one (`https://host/path?query` gives
/// `/path`): what someone who pasted the address meant as the path.
fn url_path(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    rest.contains('/').then(|| crate::http::url_path(text))
}
