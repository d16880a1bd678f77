//! Which upstream paths the relay refuses: anything that could mean a different path to
//! the upstream (or a server behind it) than it means to us.

/// Why `rest` (the raw path after `/relay/{upstream}/`) is refused, if it is.
pub fn refusal(rest: &str) -> Option<&'static str> {
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        // A trailing `/` is a real path; `x//y` is read as `x/y` by some servers.
        if seg.is_empty() && i + 1 < segments.len() && !rest.is_empty() {
            return Some("empty path segments (`//`) are refused");
        }
        if seg.contains('\\') {
            return Some("backslashes in the path are refused: some servers read them as `/`");
        }
        let lower = seg.to_ascii_lowercase();
        if lower.contains("%2f") || lower.contains("%5c") {
            return Some("encoded `/` or `\\` (`%2F`, `%5C`) in the path are refused");
        }
        if lower.contains("%25") {
            return Some("double-encoded characters (`%25…`) in the path are refused");
        }
        // `..;` is `..` to servlet containers (path parameters).
        let decoded = lower.replace("%2e", ".");
        let name = decoded.split(';').next().unwrap_or_default();
        if name == "." || name == ".." {
            return Some(
                "`.` and `..` path segments are refused: they could leave the upstream's base path",
            );
        }
    }
    None
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
}
