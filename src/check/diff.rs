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

/// A string cut around where it differs from the other: the common prefix, the first
/// differing character (empty when the string ends there or the other has an insertion),
/// the rest of the differing part, and the common tail (an unchanged line after a changed
/// one is not marked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    pub same: String,
    pub at: String,
    pub rest: String,
    pub tail: String,
}

/// Cuts `text` at character `index`, leaving its last `tail` characters unmarked.
pub fn mark(text: &str, index: usize, tail: usize) -> Marked {
    let split = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
    let tail_start = text.chars().count().saturating_sub(tail).max(index);
    let start = split(index);
    let end = split((index + 1).min(tail_start));
    let tail_start = split(tail_start);
    Marked {
        same: text[..start].to_string(),
        at: text[start..end].to_string(),
        rest: text[end..tail_start].to_string(),
        tail: text[tail_start..].to_string(),
    }
}

/// How many characters `a` and `b` share at their ends, not reaching into the first
/// `prefix` characters.
fn common_tail(a: &str, b: &str, prefix: usize) -> usize {
    let room = a.chars().count().min(b.chars().count()) - prefix;
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count()
}

/// Both strings cut at their first difference; `None` when they are equal.
pub fn mark_both(a: &str, b: &str) -> Option<(FirstDiff, Marked, Marked)> {
    let d = first_difference(a, b)?;
    let tail = common_tail(a, b, d.index);
    let (ma, mb) = (mark(a, d.index, tail), mark(b, d.index, tail));
    Some((d, ma, mb))
}

/// `found` cut into runs by whether each character is the one at the same place in
/// `want` (`true`: it differs): a signature with one wrong character shows that one.
pub fn char_runs(found: &str, want: &str) -> Vec<(bool, String)> {
    let mut want = want.chars();
    let mut runs: Vec<(bool, String)> = Vec::new();
    for c in found.chars() {
        let differs = want.next() != Some(c);
        match runs.last_mut() {
            Some((d, run)) if *d == differs => run.push(c),
            _ => runs.push((differs, c.to_string())),
        }
    }
    runs
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
            (
                a.same.as_str(),
                a.at.as_str(),
                a.rest.as_str(),
                a.tail.as_str()
            ),
            ("POST\n%2Fjdy\nx", "=", "", "1\n")
        );
        assert_eq!(
            (b.at.as_str(), b.rest.as_str(), b.tail.as_str()),
            ("%", "3D", "1\n")
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        let d = first_difference("name测试商品", "name测试产品").unwrap();
        assert_eq!((d.index, d.column), (6, 7));
        let m = mark("name测试商品", d.index, 0);
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

    #[test]
    fn char_runs_mark_only_the_characters_that_differ() {
        assert_eq!(
            char_runs("1ce9X0", "1ce9a0"),
            vec![
                (false, "1ce9".to_string()),
                (true, "X".to_string()),
                (false, "0".to_string())
            ]
        );
        assert_eq!(
            char_runs("abc", "ab"),
            vec![(false, "ab".into()), (true, "c".into())]
        );
        assert_eq!(char_runs("", "ab"), vec![]);
    }

    #[test]
    fn lines_after_the_difference_that_agree_are_not_marked() {
        let (_, a, b) = mark_both("GET\n%252F\nnonce=1\n", "GET\n%2F\nnonce=1\n").unwrap();
        assert_eq!(
            (
                a.same.as_str(),
                a.at.as_str(),
                a.rest.as_str(),
                a.tail.as_str()
            ),
            ("GET\n%2", "5", "2", "F\nnonce=1\n")
        );
        assert_eq!(
            (
                b.same.as_str(),
                b.at.as_str(),
                b.rest.as_str(),
                b.tail.as_str()
            ),
            ("GET\n%2", "", "", "F\nnonce=1\n")
        );
        // An insertion in one: the other marks where it goes, nothing more.
        let (_, a, b) = mark_both("abcd", "abXcd").unwrap();
        assert_eq!(
            (a.at.as_str(), a.rest.as_str(), a.tail.as_str()),
            ("", "", "cd")
        );
        assert_eq!(
            (b.at.as_str(), b.rest.as_str(), b.tail.as_str()),
            ("X", "", "cd")
        );
        // The tail never reaches back into the common prefix.
        let (_, a, b) = mark_both("aa", "aaa").unwrap();
        assert_eq!(
            (a.same.as_str(), a.at.as_str(), a.tail.as_str()),
            ("aa", "", "")
        );
        assert_eq!(
            (b.same.as_str(), b.at.as_str(), b.tail.as_str()),
            ("aa", "a", "")
        );
    }
}
