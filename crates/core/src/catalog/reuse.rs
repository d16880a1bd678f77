//! Validation after an edit: the findings of what the edit cannot have changed are the
//! last walk's, copied in order; only the edited values and the containers on the way to
//! them are checked again. A keystroke in one field of a 100-row document then checks that
//! field, not the 3000 others.
//!
//! It works because the walk's rules are local: a value's findings depend only on its
//! field and on it (required and unknown keys on whether it is there), and the walk visits
//! the values not edited in the same order as before (an edit keeps the other keys where
//! they were). `validate_after` checks that every finding of the last walk was accounted
//! for, and walks everything when not.

use super::validate::Finding;

/// Whether the path `inner` is `outer` or lies inside it (paths in the findings' syntax:
/// `rows[3].price`). Compared as text: a key with a `.` or `[` in it may make two
/// unrelated paths look related, which only means a value is checked again.
pub(super) fn within(inner: &str, outer: &str) -> bool {
    inner.len() >= outer.len()
        && inner.starts_with(outer)
        && (inner.len() == outer.len() || matches!(inner.as_bytes()[outer.len()], b'.' | b'['))
}

/// How the value at a path is handled in a walk after edits.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Visit {
    /// No edit reaches it: its findings were copied from the last walk.
    Copied,
    /// It is edited, or inside an edited value: check it all.
    Fresh,
    /// An edit lies inside it: check it, its children one by one, then [`Reuse::leave`].
    Ancestor,
}

/// The last walk's findings, how far the walk has used them, and the edited paths.
pub(super) struct Reuse<'a> {
    before: &'a [Finding],
    at: usize,
    edited: Vec<String>,
}

impl<'a> Reuse<'a> {
    /// `None` when an edit is of the whole document (an empty path).
    pub(super) fn new(before: &'a [Finding], edited: Vec<String>) -> Option<Self> {
        edited.iter().all(|e| !e.is_empty()).then_some(Self {
            before,
            at: 0,
            edited,
        })
    }

    /// Entering the value at `path`: copies its findings into `out` when no edit reaches
    /// it, else skips the last walk's findings that the new check replaces.
    pub(super) fn enter(&mut self, path: &[u8], out: &mut Vec<Finding>) -> Visit {
        let path = std::str::from_utf8(path).expect("paths are built from whole strings");
        // Findings of edited values the walk no longer visits (a key the edit removed).
        self.skip_edited();
        let visit = if self.edited.iter().any(|e| within(path, e)) {
            Visit::Fresh
        } else if self.edited.iter().any(|e| within(e, path)) {
            Visit::Ancestor
        } else {
            Visit::Copied
        };
        match visit {
            Visit::Copied => {
                while let Some(f) = self.before.get(self.at).filter(|f| within(&f.path, path)) {
                    out.push(f.clone());
                    self.at += 1;
                }
            }
            Visit::Fresh => self.skip(|p, _| within(p, path)),
            // Its own findings made before its children's (a wrong type, JSON text).
            Visit::Ancestor => self.skip(|p, _| p == path),
        }
        visit
    }

    /// Leaving an [`Visit::Ancestor`]: its findings made after its children's, and those
    /// inside it that no visit took, were replaced by the new check.
    pub(super) fn leave(&mut self, path: &[u8]) {
        let path = std::str::from_utf8(path).expect("paths are built from whole strings");
        self.skip(|p, _| within(p, path));
    }

    /// At the walk's end: whether every finding of the last walk was copied or replaced
    /// (after those of edited values no visit came to, such as a removed last key). Else
    /// the walks differed in order and the result cannot be trusted.
    pub(super) fn used_all(mut self) -> bool {
        self.skip_edited();
        self.at == self.before.len()
    }

    fn skip_edited(&mut self) {
        self.skip(|p, edited| edited.iter().any(|e| within(p, e)));
    }

    fn skip(&mut self, stale: impl Fn(&str, &[String]) -> bool) {
        while self
            .before
            .get(self.at)
            .is_some_and(|f| stale(&f.path, &self.edited))
        {
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn within_is_inside_or_equal_at_a_step() {
        assert!(within("rows", "rows"));
        assert!(within("rows[3]", "rows"));
        assert!(within("rows[3].price", "rows[3]"));
        assert!(within("a.b", "a"));
        assert!(!within("rows2", "rows"));
        assert!(!within("rows", "rows[3]"));
        assert!(!within("ab", "a"));
        assert!(!within("rows[31]", "rows[3]"));
    }
}
