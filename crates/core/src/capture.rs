//! A request as captured from a customer: a cURL command, a raw HTTP/1.1 request,
//! or a URL followed by its body. Parsing never fails on odd input: what cannot be
//! read is reported in words.

use std::fmt;

use crate::http::{method_text, Text};
use crate::lang::Localise;

/// Why a pasted text is not a request countersign can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptureError {
    /// None of the forms: not cURL, raw HTTP, HAR or a URL.
    Unrecognised,
    /// The HAR text is not JSON.
    HarNotJson {
        line: usize,
        column: usize,
    },
    /// The HAR has no `request` object.
    HarWithoutRequest,
    /// A raw HTTP request with a path but no `Host` header.
    RawHttpWithoutHost,
    /// A cURL option such as `-H` at the end of the command.
    CurlOptionWithoutValue {
        option: String,
    },
    CurlWithoutUrl,
    /// A quote (`'`, `$'` or `"`) opened and never closed.
    UnterminatedQuote {
        quote: &'static str,
    },
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unrecognised => f.write_str(
                "cannot read the request: paste a cURL command, a raw HTTP request (`POST /path HTTP/1.1` …), \
                 a HAR entry, or a URL with its body on the following lines",
            ),
            Self::HarNotJson { line, column } => {
                write!(f, "the HAR is not valid JSON at line {line}, column {column}")
            }
            Self::HarWithoutRequest => {
                f.write_str("the HAR has no `request` (paste an entry or a log)")
            }
            Self::RawHttpWithoutHost => f.write_str("the raw HTTP request has no Host header"),
            Self::CurlOptionWithoutValue { option } => {
                write!(f, "cURL option {option} needs a value")
            }
            Self::CurlWithoutUrl => f.write_str("the cURL command has no URL"),
            Self::UnterminatedQuote { quote } => {
                write!(f, "unterminated {quote} quote in the cURL command")
            }
        }
    }
}

impl Localise for CaptureError {
    fn zh(&self) -> String {
        match self {
            Self::Unrecognised => {
                "无法读取请求：请粘贴 cURL 命令、原始 HTTP 请求（`POST /path HTTP/1.1` …）、\
                                   HAR 条目，或 URL 及其后各行的请求体"
                    .into()
            }
            Self::HarNotJson { line, column } => {
                format!("HAR 不是有效的 JSON（第 {line} 行第 {column} 列）")
            }
            Self::HarWithoutRequest => "HAR 中没有 `request`（请粘贴一个条目或整个日志）".into(),
            Self::RawHttpWithoutHost => "原始 HTTP 请求中没有 Host 头".into(),
            Self::CurlOptionWithoutValue { option } => format!("cURL 选项 {option} 缺少值"),
            Self::CurlWithoutUrl => "cURL 命令中没有 URL".into(),
            Self::UnterminatedQuote { quote } => format!("cURL 命令中的 {quote} 引号未闭合"),
        }
    }
}

impl std::error::Error for CaptureError {}

/// A captured request: core's one request type, marked by the secret rules.
pub type Captured = crate::http::HttpRequest;

/// Reads any of the three forms, guessing which from the first word.
pub fn parse(text: &str) -> Result<Captured, CaptureError> {
    let mut captured = parse_any(text)?;
    captured.mark_secrets();
    Ok(captured)
}

fn parse_any(text: &str) -> Result<Captured, CaptureError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        parse_har(trimmed)
    } else if trimmed.starts_with("curl ") || trimmed.starts_with("curl\t") || trimmed == "curl" {
        parse_curl(trimmed)
    } else if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
        Ok(parse_written(None, trimmed))
    } else if method_and_url(trimmed) {
        let (method, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        Ok(parse_written(Some(method), rest.trim_start()))
    } else if trimmed
        .split_whitespace()
        .nth(2)
        .is_some_and(|w| w.starts_with("HTTP/"))
    {
        parse_raw_http(trimmed)
    } else {
        Err(CaptureError::Unrecognised)
    }
}

/// A HAR entry, or of a HAR log the first entry that is a vendor's call (a log saved from
/// the browser's DevTools holds the page's other requests too), else its first.
fn parse_har(text: &str) -> Result<Captured, CaptureError> {
    let har: serde_json::Value =
        serde_json::from_str(text).map_err(|e| CaptureError::HarNotJson {
            line: e.line(),
            column: e.column(),
        })?;
    let Some(entries) = har
        .pointer("/log/entries")
        .and_then(serde_json::Value::as_array)
    else {
        return har_entry(&har);
    };
    let read: Vec<Captured> = entries.iter().filter_map(|e| har_entry(e).ok()).collect();
    let first_call = read.iter().position(|c| crate::vendor::detect(c).is_some());
    match first_call.or((!read.is_empty()).then_some(0)) {
        Some(i) => Ok(read.into_iter().nth(i).expect("an index into read")),
        None => Err(CaptureError::HarWithoutRequest),
    }
}

/// The vendor calls of a HAR log, each as the text of its entry (which [`parse`] reads as
/// that call), when the log holds more than one: [`parse`] reads the first, and the person
/// picks another. Empty for anything else.
pub fn har_calls(text: &str) -> Vec<String> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return Vec::new();
    }
    let Ok(har) = serde_json::from_str::<serde_json::Value>(trimmed) else {
        return Vec::new();
    };
    let Some(entries) = har
        .pointer("/log/entries")
        .and_then(serde_json::Value::as_array)
    else {
        return Vec::new();
    };
    let calls: Vec<String> = entries
        .iter()
        .filter(|e| har_entry(e).is_ok_and(|c| crate::vendor::detect(&c).is_some()))
        .map(serde_json::Value::to_string)
        .collect();
    if calls.len() > 1 {
        calls
    } else {
        Vec::new()
    }
}

/// One HAR entry's request.
fn har_entry(entry: &serde_json::Value) -> Result<Captured, CaptureError> {
    let request = entry
        .get("request")
        .ok_or(CaptureError::HarWithoutRequest)?;
    let text = |v: Option<&serde_json::Value>| {
        v.and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut headers: Vec<(Text, Text)> = request
        .get("headers")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .map(|h| (text(h.get("name")).into(), text(h.get("value")).into()))
        .collect();
    // Some HAR writers keep the body's type only in `postData.mimeType`.
    let mime = text(request.pointer("/postData/mimeType"));
    if !mime.is_empty()
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".into(), mime.into()));
    }
    Ok(Captured {
        method: method_text(&text(request.get("method"))),
        url: text(request.get("url")),
        headers,
        body: text(request.pointer("/postData/text")),
        ..Captured::default()
    })
}

/// A request as people write one down (and as the signature panel shows it): a URL,
/// after its method if they like, then any `Name: value` header lines, then the body, with
/// or without a blank line before it. Without a method, a body means POST.
fn parse_written(method: Option<&str>, text: &str) -> Captured {
    let text = text.replace("\r\n", "\n");
    let (url, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let mut headers: Vec<(Text, Text)> = Vec::new();
    let mut body_lines: Vec<&str> = Vec::new();
    let mut in_body = false;
    for line in rest.lines() {
        if !in_body {
            if line.trim().is_empty() {
                // The blank line before a body; blank lines before anything else are skipped.
                in_body = !headers.is_empty();
                continue;
            }
            if let Some((n, v)) = header_line(line) {
                headers.push((n.to_string().into(), v.to_string().into()));
                continue;
            }
            in_body = true;
        }
        body_lines.push(line);
    }
    let body = body_lines.join("\n").trim_matches('\n').to_string();
    let method = match method {
        Some(m) => method_text(m),
        None if body.is_empty() => "GET".into(),
        None => "POST".into(),
    };
    let mut captured = Captured {
        method,
        url: url.trim().into(),
        headers,
        body,
        ..Captured::default()
    };
    // No Content-Type written down: a JSON body was sent as JSON, any other as a form.
    if captured.header("content-type").is_none() {
        let content_type = match captured.body.trim_start().chars().next() {
            None => None,
            Some('{' | '[') => Some("application/json"),
            Some(_) => Some("application/x-www-form-urlencoded"),
        };
        if let Some(t) = content_type {
            captured.headers.push(("Content-Type".into(), t.into()));
        }
    }
    captured
}

/// `Name: value` when `line` is a header line: a token (letters, digits, `-`, `_`) before
/// the colon, so a form body (`a=b`) or a JSON one (`{"a":1}`) is never taken for one.
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    token.then(|| (name, value.trim()))
}

/// `GET https://…` without the HTTP version: how the signature panel shows a request,
/// and how people write one down.
fn method_and_url(text: &str) -> bool {
    let line = text.lines().next().unwrap_or_default();
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or_default();
    let target = words.next().unwrap_or_default();
    !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_uppercase())
        && (target.starts_with("http://") || target.starts_with("https://"))
        && words.next().is_none()
}

fn parse_raw_http(text: &str) -> Result<Captured, CaptureError> {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or("GET"), words.next().unwrap_or("/"));
    let headers: Vec<(Text, Text)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string().into(), v.trim().to_string().into()))
        .collect();
    let url = if target.starts_with("http://") || target.starts_with("https://") {
        target.to_string()
    } else {
        let host = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.as_ref());
        let host = host.ok_or(CaptureError::RawHttpWithoutHost)?;
        format!("{}://{host}{target}", scheme_of(host))
    };
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    // The body the server reads: a chunked one joined (what the gateway signs), else as
    // written. One that does not decode is kept as written rather than guessed at.
    let body = chunked
        .then(|| dechunk(body))
        .flatten()
        .unwrap_or_else(|| body.trim_end_matches('\n').to_string());
    Ok(Captured {
        method: method_text(method),
        url,
        headers,
        body,
        ..Captured::default()
    })
}

/// A `Transfer-Encoding: chunked` body (line ends already `\n`) joined: hex size lines,
/// each followed by that many bytes, up to the size 0.
fn dechunk(body: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = body;
    loop {
        let (line, after) = rest.split_once('\n')?;
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        out.push_str(after.get(..size)?);
        rest = after[size..].strip_prefix('\n')?;
    }
}

/// The scheme a raw request's `Host` was reached over, which the request line does not
/// say: `https` for a vendor's gateway (they all take HTTPS only), else `http`.
fn scheme_of(host: &str) -> &'static str {
    let gateway = crate::catalog::vendors()
        .iter()
        .flat_map(|v| &v.environments)
        .filter_map(|e| e.base.strip_prefix("https://"))
        .any(|base| {
            let base_host = base.split(['/', '?']).next().unwrap_or_default();
            base_host.eq_ignore_ascii_case(host)
                || base_host.eq_ignore_ascii_case(host.trim_end_matches(":443"))
        });
    if gateway {
        "https"
    } else {
        "http"
    }
}

/// A `--data-urlencode` argument as curl sends it: `name=content` and `=content` encode
/// the content only, a bare `content` all of it. `@file` forms read a file curl had and we
/// do not: kept as written.
fn curl_urlencode(arg: &str) -> String {
    use crate::encoding::form_encode;
    match arg.split_once('=') {
        Some(("", content)) => form_encode(content),
        Some((name, content)) if !name.contains('@') => format!("{name}={}", form_encode(content)),
        _ if arg.contains('@') => arg.to_string(),
        _ => form_encode(arg),
    }
}

fn parse_curl(text: &str) -> Result<Captured, CaptureError> {
    let unescaped = cmd_unescaped(text);
    let words = shell_words(unescaped.as_deref().unwrap_or(text))?;
    let mut captured = Captured::default();
    let mut data: Vec<String> = Vec::new();
    let mut get_with_data = false;
    // `-F` fields: curl posts them as multipart/form-data, which the gateways read as
    // parameters like a form's.
    let mut multipart = false;
    let mut args = words.into_iter().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| CaptureError::CurlOptionWithoutValue {
                    option: name.to_string(),
                })
        };
        match arg.as_str() {
            "-X" | "--request" => captured.method = method_text(&value(&arg)?),
            "-H" | "--header" => {
                let h = value(&arg)?;
                if let Some((n, v)) = h.split_once(':') {
                    captured
                        .headers
                        .push((n.trim().to_string().into(), v.trim().to_string().into()));
                }
            }
            // `--data-row` is a typo in Kingdee's own docs that people copy.
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--data-row"
            | "--json" => {
                let d = value(&arg)?;
                if arg == "--json" {
                    captured
                        .headers
                        .push(("Content-Type".into(), "application/json".into()));
                }
                data.push(d);
            }
            "--data-urlencode" => data.push(curl_urlencode(&value(&arg)?)),
            "-F" | "--form" | "--form-string" => {
                let field = value(&arg)?;
                multipart = true;
                let (name, content) = field.split_once('=').unwrap_or((&field, ""));
                // A file (`@path`, `<path`) is not in this text; no vendor signs one.
                if arg == "--form-string" || !content.starts_with(['@', '<']) {
                    data.push(format!(
                        "{}={}",
                        crate::encoding::form_encode(name),
                        crate::encoding::form_encode(content)
                    ));
                }
            }
            "--url" => captured.url = value(&arg)?,
            "-G" | "--get" => get_with_data = true,
            "-u" | "--user" | "-A" | "--user-agent" | "-e" | "--referer" | "-b" | "--cookie"
            | "-o" | "--output" | "-m" | "--max-time" | "--connect-timeout" | "-w"
            | "--write-out" | "--proxy" | "-x" => {
                value(&arg)?;
            }
            a if a.starts_with('-') => {} // flags such as -s, -L, --compressed, -k
            _ if captured.url.is_empty() => captured.url = arg,
            _ => {}
        }
    }
    if captured.url.is_empty() {
        return Err(CaptureError::CurlWithoutUrl);
    }
    let body = data.join("&");
    if get_with_data && !body.is_empty() {
        let sep = if captured.url.contains('?') { '&' } else { '?' };
        captured.url = format!("{}{sep}{body}", captured.url);
    } else {
        captured.body = body;
    }
    // curl labels `-d` data a form unless told otherwise; the gateways read it so.
    if !captured.body.is_empty() && captured.header("content-type").is_none() {
        captured.headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    if captured.method.is_empty() {
        captured.method = if captured.body.is_empty() && !multipart {
            "GET"
        } else {
            "POST"
        }
        .into();
    }
    Ok(captured)
}

/// A cURL command written for Windows' cmd.exe (as a browser's "Copy as cURL (cmd)" writes
/// it: `curl ^"https://…^" ^` + newline, every special character behind a caret), as the
/// command line curl itself receives: carets and line continuations gone. What is left
/// quotes as a POSIX shell does (`"…"`, `\"`, `\\`). `None` for any other command.
fn cmd_unescaped(text: &str) -> Option<String> {
    let rest = text.trim_start();
    let after_curl = rest
        .get(..4)?
        .eq_ignore_ascii_case("curl")
        .then(|| &rest[4..])?;
    if !after_curl.trim_start().starts_with("^\"") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '^' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // A continued line: the words go on after it.
            Some('\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                out.push(' ');
            }
            Some('\n') => out.push(' '),
            Some(escaped) => out.push(escaped),
            None => {}
        }
    }
    Some(out)
}

/// Splits a POSIX shell command line into words: quotes, backslashes, `$'…'`,
/// and line continuations (`\` + newline, and `^` + newline as cmd.exe writes).
pub fn shell_words(text: &str) -> Result<Vec<String>, CaptureError> {
    let unterminated = |quote| Err(CaptureError::UnterminatedQuote { quote });
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(n) => word.get_or_insert_with(String::new).push(n),
                None => {}
            },
            '^' if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => w.push(ch),
                        None => return unterminated("'"),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => w.push('\n'),
                            Some('t') => w.push('\t'),
                            Some('r') => w.push('\r'),
                            Some(other) => w.push(other),
                            None => return unterminated("$'"),
                        },
                        Some(ch) => w.push(ch),
                        None => return unterminated("$'"),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => w.push(e),
                            Some('\n') => {}
                            Some(other) => {
                                w.push('\\');
                                w.push(other);
                            }
                            None => return unterminated("\""),
                        },
                        Some(ch) => w.push(ch),
                        None => return unterminated("\""),
                    }
                }
            }
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Quotes a word for a POSIX shell so that it is passed through unchanged.
pub fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_with_kingdee_doc_style() {
        let c = parse(
            "curl --location --request  post 'https://api.kingdee.com/jdy/v2/bd/material?x=1' \\\n\
             --header 'Content-Type: application/json' \\\n--header 'X-Api-Nonce: 42' \\\n\
             --data-row ' { \"name\":\"名称\" }'",
        )
        .unwrap();
        assert_eq!(c.method, "POST");
        assert_eq!(c.path(), "/jdy/v2/bd/material");
        assert_eq!(c.raw_query(), "x=1");
        assert_eq!(c.header("x-api-nonce"), Some("42"));
        assert_eq!(c.body, " { \"name\":\"名称\" }");
    }

    #[test]
    fn curl_copied_for_windows_cmd() {
        // As a browser writes it for cmd.exe: carets before every special character,
        // quotes escaped for curl inside, lines continued with a caret.
        let text = "curl ^\"https://api.kingdee.com/jdy/v2/inv/inv_synchronous?page=1^&size=5^\" ^\r\n                      -H ^\"X-Api-Nonce: 42^\" ^\r\n                      -H ^\"app-token: t^%^1^\" ^\r\n                      --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"a b^\\^\"^}^\"";
        let c = parse(text).unwrap();
        assert_eq!(c.method, "POST");
        assert_eq!(c.path(), "/jdy/v2/inv/inv_synchronous");
        assert_eq!(c.raw_query(), "page=1&size=5");
        assert_eq!(c.header("x-api-nonce"), Some("42"));
        assert_eq!(c.header("app-token"), Some("t%1"));
        assert_eq!(c.body, "{\"name\":\"a b\"}");
        // A POSIX command keeps its carets.
        let posix = parse("curl 'https://example.com/a' -d 'x=^\"'").unwrap();
        assert_eq!(posix.body, "x=^\"");
    }

    #[test]
    fn quoting_round_trips_through_the_shell_splitter() {
        for w in ["plain", "it's", "a b", "", "$HOME `x` \"q\"", "盘点\n"] {
            let line = format!("curl {}", shell_quote(w));
            assert_eq!(
                shell_words(&line).unwrap(),
                vec!["curl".to_string(), w.to_string()]
            );
        }
    }

    #[test]
    fn a_chunked_raw_body_is_read_joined() {
        let raw = "POST /openapi?sid=a HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n\
                   4\r\n[1,2\r\n4;ext=1\r\n,\"é\r\n2\r\n\"]\r\n0\r\n\r\n";
        assert_eq!(parse(raw).unwrap().body, "[1,2,\"é\"]");
        // Not chunked as it says: kept as written.
        let odd = "POST /x HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n[1]";
        assert_eq!(parse(odd).unwrap().body, "[1]");
    }

    #[test]
    fn raw_http_and_url_forms() {
        let raw = parse("POST /openapi?sid=a HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n\r\n[1]").unwrap();
        assert_eq!(
            (&*raw.method, raw.url.as_str(), raw.body.as_str()),
            ("POST", "http://example.com/openapi?sid=a", "[1]")
        );
        let url = parse("https://eco.taobao.com/router/rest?a=1\n\nreq_dto=%7B%7D").unwrap();
        assert_eq!(
            (&*url.method, url.body.as_str()),
            ("POST", "req_dto=%7B%7D")
        );
        // As the signature panel shows a request: method and URL, then headers and body.
        let shown =
            parse("GET https://api.kingdee.com/jdy/v2/bd/material?page=1\nX-Api-Nonce: 7\n\n")
                .unwrap();
        assert_eq!(
            (
                &*shown.method,
                shown.url.as_str(),
                shown.header("X-Api-Nonce")
            ),
            (
                "GET",
                "https://api.kingdee.com/jdy/v2/bd/material?page=1",
                Some("7")
            )
        );
        assert_eq!(parse("hello"), Err(CaptureError::Unrecognised));
        assert_eq!(
            parse("see https://example.com"),
            Err(CaptureError::Unrecognised)
        );
        assert_eq!(
            parse("curl 'unterminated"),
            Err(CaptureError::UnterminatedQuote { quote: "'" })
        );
    }

    #[test]
    fn a_written_request_keeps_its_body_after_the_method_and_url() {
        let signed = "https://eco.taobao.com/router/rest?app_key=1&sign=A";
        for text in [
            format!("POST {signed}\nfields=tid%2Cstatus&page_size=20"),
            format!("POST {signed}\n\nfields=tid%2Cstatus&page_size=20\n"),
            format!("POST {signed}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nfields=tid%2Cstatus&page_size=20"),
        ] {
            let c = parse(&text).unwrap();
            assert_eq!(
                (&*c.method, c.url.as_str(), c.body.as_str()),
                ("POST", signed, "fields=tid%2Cstatus&page_size=20"),
                "{text}"
            );
            assert_eq!(
                c.header("content-type"),
                Some("application/x-www-form-urlencoded")
            );
        }
        // A JSON body is JSON; headers before it stay headers.
        let c = parse("POST https://api.kingdee.com/jdy/v2/x\nX-Api-Nonce: 7\n{\"a\":1}").unwrap();
        assert_eq!(c.header("x-api-nonce"), Some("7"));
        assert_eq!(c.header("content-type"), Some("application/json"));
        assert_eq!(c.body, "{\"a\":1}");
    }

    #[test]
    fn curl_form_options_send_their_fields() {
        let url = "https://eco.taobao.com/router/rest?sign=A";
        let c = parse(&format!(
            "curl '{url}' --data-urlencode 'fields=tid,status' --data-urlencode '=a b' --data-urlencode 'c d'"
        ))
        .unwrap();
        assert_eq!(c.body, "fields=tid%2Cstatus&a+b&c+d");
        assert_eq!(c.method, "POST");
        let f = parse(&format!(
            "curl '{url}' -F 'fields=tid,status' -F 'image=@photo.jpg' --form-string 'x=@y'"
        ))
        .unwrap();
        assert_eq!(f.body, "fields=tid%2Cstatus&x=%40y");
        assert_eq!(f.method, "POST");
        // Only a file: still a POST, as curl sends it.
        assert_eq!(
            parse(&format!("curl '{url}' -F 'a=@b'")).unwrap().method,
            "POST"
        );
    }

    #[test]
    fn a_raw_request_to_a_vendor_gateway_is_https() {
        let kd = parse("GET /jdy/v2/inv/inv_synchronous?ids=1 HTTP/1.1\nHost: api.kingdee.com\n\n")
            .unwrap();
        assert_eq!(
            kd.url,
            "https://api.kingdee.com/jdy/v2/inv/inv_synchronous?ids=1"
        );
        let local = parse("GET /mock/kingdee/x HTTP/1.1\nHost: 127.0.0.1:8080\n\n").unwrap();
        assert_eq!(local.url, "http://127.0.0.1:8080/mock/kingdee/x");
    }

    #[test]
    fn a_har_log_is_read_at_its_first_vendor_call() {
        let entry = |url: &str| serde_json::json!({"request": {"method": "GET", "url": url, "headers": []}});
        let log = |urls: &[&str]| {
            let entries: Vec<_> = urls.iter().map(|u| entry(u)).collect();
            serde_json::json!({"log": {"entries": entries}}).to_string()
        };
        let call = "https://eco.taobao.com/router/rest?method=taobao.x&app_key=1&sign=A";
        let page = "https://example.com/app.js";
        assert_eq!(parse(&log(&[page, call, page])).unwrap().url, call);
        // Two calls: each can be read on its own; one call needs no choosing.
        let other = "https://eco.taobao.com/router/rest?method=taobao.y&app_key=1&sign=B";
        let calls = har_calls(&log(&[page, call, page, other]));
        assert_eq!(calls.len(), 2);
        assert_eq!(parse(&calls[1]).unwrap().url, other);
        assert_eq!(parse(&calls[0]).unwrap().url, call);
        assert!(har_calls(&log(&[page, call])).is_empty());
        assert!(har_calls("curl https://x").is_empty());
        // No vendor call: the first entry, as before.
        assert_eq!(parse(&log(&[page])).unwrap().url, page);
        assert_eq!(parse(&log(&[])), Err(CaptureError::HarWithoutRequest));
        // A lone entry is read as it is.
        assert_eq!(parse(&entry(call).to_string()).unwrap().url, call);
    }

    #[test]
    fn every_error_names_its_cause_in_both_languages() {
        use crate::lang::Lang;
        for (text, en, zh) in [
            ("hello", "cannot read the request", "无法读取请求"),
            ("{oops", "line 1, column 2", "第 1 行第 2 列"),
            ("{}", "no `request`", "没有 `request`"),
            ("GET /x HTTP/1.1\n\n", "no Host header", "没有 Host 头"),
            (
                "curl -H",
                "cURL option -H needs a value",
                "cURL 选项 -H 缺少值",
            ),
            (
                "curl -X POST",
                "the cURL command has no URL",
                "cURL 命令中没有 URL",
            ),
            ("curl \"http://x", "unterminated \" quote", "\" 引号未闭合"),
            ("curl $'x", "unterminated $' quote", "$' 引号未闭合"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.localise(Lang::En).contains(en), "{text}: {e}");
            assert!(e.localise(Lang::Zh).contains(zh), "{text}: {}", e.zh());
        }
    }
}
