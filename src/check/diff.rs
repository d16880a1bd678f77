//! Where two strings-to-sign first differ, so a person sees the mistake instead of
//! hunting for it. Pure; counted in characters (not bytes) because the strings hold
//! Chinese text.

/// The first place `a` and `b` differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstDiff {
    /// Character index of the first difference (equal to the shorter length when one
    /// string is a prefix of the other).
    pub index: usize,
    /// 1-based line and column (in characters) of that index, counted in `a`.
    pub line: usize,
    pub column: usize,
}

/// `None` when the strings are equal.
pub fn first_difference(a: &str, b: &str) -> Option<FirstDiff> {
    let mut line = 1;
    let mut column = 1;
    let mut bc = b.chars();
    for (index, ca) in a.chars().enumerate() {
        match bc.next() {
            Some(cb) if cb == ca => {
                if ca == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            _ => {
                return Some(FirstDiff {
                    index,
                    line,
                    column,
                })
            }
        }
    }
    bc.next().map(|_| FirstDiff {
        index: a.chars().count(),
        line,
        column,
    })
}

/// A string cut at the first difference: the common prefix, the first differing
/// character (empty when the string ends there) and the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub same: String,
    pub at: String,
    pub rest: String,
}

/// Cuts `text` at character `index`.
pub fn mark(text: &str, index: usize) -> Marked {
    let split = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
    let start = split(index);
    let end = split(index + 1);
    Marked {
        same: text[..start].to_string(),
        at: text[start..end].to_string(),
        rest: text[end..].to_string(),
    }
}

/// Both strings cut at their first difference; `None` when they are equal.
pub fn mark_both(a: &str, b: &str) -> Option<(FirstDiff, Marked, Marked)> {
    let d = first_difference(a, b)?;
    let (ma, mb) = (mark(a, d.index), mark(b, d.index));
    Some((d, ma, mb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_have_no_difference() {
        assert_eq!(first_difference("", ""), None);
        assert_eq!(first_difference("abc\n盘点", "abc\n盘点"), None);
    }

    #[test]
    fn finds_the_first_differing_character_with_line_and_column() {
        let d = first_difference("POST\n%2Fjdy\nx=1\n", "POST\n%2Fjdy\nx%3D1\n").unwrap();
        assert_eq!(
            d,
            FirstDiff {
                index: 13,
                line: 3,
                column: 2
            }
        );
        let (_, a, b) = mark_both("POST\n%2Fjdy\nx=1\n", "POST\n%2Fjdy\nx%3D1\n").unwrap();
        assert_eq!(
            (a.same.as_str(), a.at.as_str(), a.rest.as_str()),
            ("POST\n%2Fjdy\nx", "=", "1\n")
        );
        assert_eq!((b.at.as_str(), b.rest.as_str()), ("%", "3D1\n"));
    }

    #[test]
    fn counts_characters_not_bytes() {
        let d = first_difference("name测试商品", "name测试产品").unwrap();
        assert_eq!((d.index, d.column), (6, 7));
        let m = mark("name测试商品", d.index);
        assert_eq!(
            (m.same.as_str(), m.at.as_str(), m.rest.as_str()),
            ("name测试", "商", "品")
        );
    }

    #[test]
    fn a_missing_tail_is_a_difference_at_the_end() {
        // Kingdee's "last \n missing" mistake.
        let (d, a, b) = mark_both("GET\n/p\n", "GET\n/p").unwrap();
        assert_eq!((d.index, d.line, d.column), (6, 2, 3));
        assert_eq!((a.at.as_str(), a.rest.as_str()), ("\n", ""));
        assert_eq!(
            (b.same.as_str(), b.at.as_str(), b.rest.as_str()),
            ("GET\n/p", "", "")
        );
        assert_eq!(first_difference("ab", "abc").unwrap().index, 2);
    }
}
