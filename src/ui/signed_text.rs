//! Signed text as the signature panel and the check show it: what is signed but not seen
//! (a tab, a line break, a zero-width or bidi-control character) is shown by a mark, so a
//! signature that differs over it can be told apart, and an override cannot reverse what
//! follows it on screen.

use countersign_core::catalog::invisible_name;

/// `text` with tabs as ⇥, line breaks as ↵ (followed by the break itself when
/// `keep_breaks`), and the invisible characters core's validation names as `⟦U+202E⟧`.
pub fn signed_text(text: &str, keep_breaks: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push('⇥'),
            '\n' if keep_breaks => out.push_str("↵\n"),
            '\n' => out.push('↵'),
            c if invisible_name(c).is_some() => {
                out.push_str(&format!("⟦U+{:04X}⟧", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::signed_text;

    #[test]
    fn marks_what_is_signed_but_not_seen() {
        assert_eq!(signed_text("a\tb\nc", false), "a⇥b↵c");
        assert_eq!(signed_text("a\nc", true), "a↵\nc");
        assert_eq!(
            signed_text("仓\u{200B}库\u{202E}12", false),
            "仓⟦U+200B⟧库⟦U+202E⟧12"
        );
        assert_eq!(signed_text("👨\u{200D}👩", false), "👨\u{200D}👩");
    }
}
