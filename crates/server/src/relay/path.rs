//! Which upstream paths the relay refuses: anything that could mean a different path to
//! the upstream (or a server behind it) than it means to us.

const EMPTY_SEGMENT: &str = "empty path segments (`//`) are refused";

/// Why `rest` (the raw path after `/relay/{upstream}/`) is refused, if it is. One pass
/// over each segment's bytes, with no copy (this runs for every relayed request).
pub fn refusal(rest: &str) -> Option<&'static str> {
    let bytes = rest.as_bytes();
    // What nearly every path is: without `\\`, `%` or `.`, only the empty-segment rule
    // can apply (an empty segment with one after it: a leading `/`, or `//`). One scan
    // instead of the per-segment matching below, which the proptest compares it with.
    if !bytes.iter().any(|b| matches!(b, b'\\' | b'%' | b'.')) {
        let empty_segment = bytes.first() == Some(&b'/') || bytes.windows(2).any(|w| w == b"//");
        return empty_segment.then_some(EMPTY_SEGMENT);
    }
    let mut segments = rest.as_bytes().split(|&b| b == b'/').peekable();
    while let Some(seg) = segments.next() {
        // A trailing `/` is a real path; `x//y` is read as `x/y` by some servers.
        if seg.is_empty() && segments.peek().is_some() {
            return Some(EMPTY_SEGMENT);
        }
        let (mut backslash, mut separator, mut double, mut odd) = (false, false, false, false);
        for (i, &b) in seg.iter().enumerate() {
            match (b, seg.get(i + 1..i + 3)) {
                (b'\\', _) => backslash = true,
                (b'%', Some(hex))
                    if hex.eq_ignore_ascii_case(b"2f") || hex.eq_ignore_ascii_case(b"5c") =>
                {
                    separator = true
                }
                (b'%', Some(b"25")) => double = true,
                (b'%', Some(hex)) => odd |= ambiguous_escape(hex),
                _ => {}
            }
        }
        if backslash {
            return Some("backslashes in the path are refused: some servers read them as `/`");
        }
        if separator {
            return Some("encoded `/` or `\\` (`%2F`, `%5C`) in the path are refused");
        }
        if double {
            return Some("double-encoded characters (`%25…`) in the path are refused");
        }
        if odd {
            return Some(
                "encoded control characters, `%u` escapes and overlong UTF-8 (`%C0`, `%C1`) in \
                 the path are refused: some servers read them as `.` or `/`",
            );
        }
        // `..;` (also `..%3B`) is `..` to servlet containers (path parameters).
        let name = until_parameters(seg);
        if matches!(dots(name), Some(1 | 2)) {
            return Some(
                "`.` and `..` path segments are refused: they could leave the upstream's base path",
            );
        }
    }
    None
}

/// A `%` escape that some server decodes to something else than the byte it names to
/// us: a control character (`..%00`, `..%09` end or trim a name), IIS's `%u002e`, or the
/// start of an overlong UTF-8 `.`/`/` (`%C0%AE`). No vendor path has one.
fn ambiguous_escape(hex: &[u8]) -> bool {
    if hex[0].eq_ignore_ascii_case(&b'u') {
        return true;
    }
    let value = |h: u8| (h as char).to_digit(16);
    match (value(hex[0]), value(hex[1])) {
        (Some(hi), Some(lo)) => matches!(hi * 16 + lo, 0x00..=0x1f | 0x7f | 0xc0 | 0xc1),
        _ => false,
    }
}

/// A segment's name before its path parameters (`;` or `%3B`).
fn until_parameters(seg: &[u8]) -> &[u8] {
    let end = (0..seg.len())
        .find(|&i| {
            seg[i] == b';'
                || seg[i..]
                    .get(..3)
                    .is_some_and(|e| e.eq_ignore_ascii_case(b"%3b"))
        })
        .unwrap_or(seg.len());
    &seg[..end]
}

/// How many dots `name` is made of, each `.` or `%2E` in any case; None if anything else
/// is in it.
fn dots(mut rest: &[u8]) -> Option<usize> {
    let mut n = 0;
    while !rest.is_empty() {
        if rest[0] == b'.' {
            rest = &rest[1..];
        } else if rest.len() >= 3 && rest[0] == b'%' && rest[1..3].eq_ignore_ascii_case(b"2e") {
            rest = &rest[3..];
        } else {
            return None;
        }
        n += 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::refusal;

    #[test]
    fn refuses_tricks_and_keeps_plain_paths() {
        for bad in [
            "..",
            "a/../b",
            "%2e%2E",
            ".%2e/x",
            "..;/x",
            "a/..;jsessionid=1/b",
            "a%2fb",
            "a%2Fb",
            "a%5cb",
            "a%5Cb",
            "a\\b",
            "%252e%252e/x",
            "x//y",
            "/x",
            // Escapes some servers decode to something else (security pass).
            ".%00./x",
            "..%00/x",
            "..%09/x",
            "a%7fb",
            "%u002e%u002e/x",
            "%U002E/x",
            "%c0%ae%c0%ae/x",
            "%C1%9C",
            "..%3b/x",
            "..%3Bjsessionid=1/x",
        ] {
            assert!(refusal(bad).is_some(), "{bad} must be refused");
        }
        for ok in [
            "",
            "jdy/v2/bd/material",
            "a/",
            "a.b/c..d",
            "x;y",
            "%E4%B8%AD",
        ] {
            assert!(refusal(ok).is_none(), "{ok} must pass");
        }
    }

    /// The first version, which copied every segment: the in-place checks must agree
    /// with it on any path.
    fn copying_refusal(rest: &str) -> Option<&'static str> {
        let segments: Vec<&str> = rest.split('/').collect();
        for (i, seg) in segments.iter().enumerate() {
            if seg.is_empty() && i + 1 < segments.len() && !rest.is_empty() {
                return Some("empty");
            }
            if seg.contains('\\') {
                return Some("backslash");
            }
            let lower = seg.to_ascii_lowercase();
            if lower.contains("%2f") || lower.contains("%5c") {
                return Some("encoded separator");
            }
            if lower.contains("%25") {
                return Some("double-encoded");
            }
            let decoded = lower.replace("%2e", ".");
            let name = decoded.split(';').next().unwrap_or_default();
            if name == "." || name == ".." {
                return Some("dots");
            }
        }
        None
    }

    /// Which of `copying_refusal`'s labels a reason of `refusal` is.
    fn label(why: &str) -> &'static str {
        if why.starts_with("empty") {
            "empty"
        } else if why.starts_with("backslashes") {
            "backslash"
        } else if why.starts_with("encoded") {
            "encoded separator"
        } else if why.starts_with("double") {
            "double-encoded"
        } else {
            "dots"
        }
    }

    proptest::proptest! {
        #[test]
        fn refuses_what_the_copying_version_refused(
            // Dots, their escapes and slashes weighted up, so `.`, `..` and `...` segments
            // come up often.
            rest in "(/|/|\\.|\\.|%2[eE]|;|[ab%\\\\]|%2[fF5]|%5[cC]){0,10}"
        ) {
            proptest::prop_assert_eq!(refusal(&rest).map(label), copying_refusal(&rest), "{:?}", rest);
        }
    }
}
