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
