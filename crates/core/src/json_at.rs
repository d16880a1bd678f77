//! The path of the JSON value at a place in the text (`params[0].fields[3].required`), for
//! naming the field a deserialisation error points at.
//!
//! Why not track the path while deserialising (serde_path_to_error): that instantiates the
//! whole catalog model's deserialiser a second time, ~25 KiB of the browser's bundle, for
//! a path that is only wanted when reading failed. serde_json says where it stopped; the
//! path of that place is found by walking the text up to it.

/// One step of a JSON path: an object key or an array index. Ordered so that the paths
/// under a path sort right after it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Seg>;

enum Frame {
    Object,
    Array,
}

/// The path at serde_json's error position (`line` from 1, `column` in bytes from the
/// start of that line), as [`format_path`] writes it (`a.b[2].c`; empty at the top).
///
/// serde_json stops just past what it read: after a value of the wrong kind (the path
/// ends with its key), after an unknown key (the path ends with that key), at the `}` of
/// an object that lacks a field (the path is the object's). An error at an opening `[`
/// names the array, not its first element.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let end = offset_of(text, line, column);
    let bytes = &text.as_bytes()[..end];
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Path = Vec::new();
    // In an object: whether the next string is a key.
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                frames.push(Frame::Object);
                expect_key = true;
            }
            b'[' => {
                frames.push(Frame::Array);
                path.push(Seg::Index(0));
                expect_key = false;
            }
            b'}' | b']' => {
                if let Some(frame) = frames.pop() {
                    // An array's index, or an object's current key, leaves with it.
                    if matches!(frame, Frame::Array) || path.len() == frames.len() + 1 {
                        path.pop();
                    }
                }
                expect_key = false;
            }
            b',' => match frames.last() {
                Some(Frame::Array) => {
                    if let Some(Seg::Index(n)) = path.last_mut() {
                        *n += 1;
                    }
                }
                Some(Frame::Object) => {
                    // Its key is on the path while inside its value.
                    if path.len() == frames.len() {
                        path.pop();
                    }
                    expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let close = string_end(bytes, i);
                if expect_key {
                    let raw = &text[i..close.min(bytes.len())];
                    // Escapes in a key are rare: decoded then, else taken as written.
                    let key = serde_json::from_str::<String>(raw)
                        .unwrap_or_else(|_| raw.trim_matches('"').to_string());
                    path.push(Seg::Key(key));
                    expect_key = false;
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // Stopped on an array's opening bracket: the array is at fault, not an element.
    if bytes.last() == Some(&b'[') {
        path.pop();
    }
    format_path(&path)
}

/// The byte offset of serde_json's (line, column), clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut end = (start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// Just past the string that opens at `open` (or the end of the text).
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A path as text: `items[0].lock_quantity` (keys joined by dots, indices in brackets).
pub fn format_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// serde_json's reason for a syntax error (English parser jargon such as "EOF while
/// parsing a string", without its " at line … column …" tail) in the UI's language: the
/// JSON tab, a custom request's body and parameters, and imported files say it alike.
pub fn reason(message: &str, lang: crate::Lang) -> String {
    let m = &crate::error::strip_position(message);
    let zh = lang != crate::Lang::En;
    if m.starts_with("control character") {
        return if zh {
            "字符串中有控制字符（如换行或制表符），请写成 \\n、\\t"
        } else {
            "a control character (such as a line break or a tab) in a string: write it as \\n, \\t"
        }
        .to_string();
    }
    match REASONS.iter().find(|(serde, _, _)| serde == m) {
        Some((_, text_zh, _)) if zh => text_zh.to_string(),
        Some((_, _, text_en)) => text_en.to_string(),
        None => m.clone(),
    }
}

/// serde_json's reasons (English parser jargon such as "EOF while parsing a string") as
/// the UI says them: `(serde_json's words, 中文, English)`.
const REASONS: &[(&str, &str, &str)] = &[
    (
        "EOF while parsing a list",
        "数组还没结束文本就结束了（缺少 `]`）",
        "the text ends inside an array (a `]` is missing)",
    ),
    (
        "EOF while parsing an object",
        "对象还没结束文本就结束了（缺少 `}`）",
        "the text ends inside an object (a `}` is missing)",
    ),
    (
        "EOF while parsing a string",
        "字符串还没结束文本就结束了（缺少 `\"`）",
        "the text ends inside a string (a `\"` is missing)",
    ),
    (
        "EOF while parsing a value",
        "此处应有一个值，文本却结束了",
        "a value should follow here, but the text ends",
    ),
    ("expected `:`", "此处应为 `:`", "a `:` should be here"),
    (
        "expected `,` or `]`",
        "此处应为 `,` 或 `]`",
        "a `,` or `]` should be here",
    ),
    (
        "expected `,` or `}`",
        "此处应为 `,` 或 `}`",
        "a `,` or `}` should be here",
    ),
    (
        "expected ident",
        "无法识别的词（应为 true、false 或 null）",
        "an unknown word (true, false or null expected)",
    ),
    (
        "expected value",
        "此处应为一个值（字符串要加双引号）",
        "a value should be here (text needs double quotes)",
    ),
    ("invalid escape", "无效的转义", "an invalid escape"),
    ("invalid number", "无效的数字", "an invalid number"),
    (
        "number out of range",
        "数字超出范围",
        "a number out of range",
    ),
    (
        "invalid unicode code point",
        "无效的 Unicode 码位",
        "an invalid Unicode code point",
    ),
    (
        "key must be a string",
        "键必须是带双引号的字符串",
        "a key must be a string in double quotes",
    ),
    ("trailing comma", "多余的逗号", "a comma too many"),
    (
        "trailing characters",
        "JSON 结束后还有多余的字符",
        "more characters after the end of the JSON",
    ),
    (
        "recursion limit exceeded",
        "嵌套层数过多",
        "nested too deeply",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_is_said_in_the_ui_language_without_parser_words() {
        for text in ["[1, 2,", "{\"a\": 1,}", "{\"a\" 1}", "{oops", "[1] 2"] {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let (zh, en) = (
                reason(&e.to_string(), crate::Lang::Zh),
                reason(&e.to_string(), crate::Lang::En),
            );
            for said in [&zh, &en] {
                assert!(
                    !said.contains(" at line ") && !said.contains("EOF"),
                    "{text}: {said}"
                );
            }
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{text}: {zh}"
            );
        }
    }
}
