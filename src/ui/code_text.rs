//! Core's messages quote names, paths and values in backticks, in both languages
//! ("missing credential `app_secret`"). On screen the quoted parts show as code.

use leptos::either::Either;
use leptos::prelude::*;

/// The pieces of `text`: `(piece, is_code)`. Unbalanced backticks are left as written.
pub fn pieces(text: &str) -> Vec<(&str, bool)> {
    if text.matches('`').count() % 2 == 1 {
        return vec![(text, false)];
    }
    text.split('`')
        .enumerate()
        .map(|(i, piece)| (piece, i % 2 == 1))
        .filter(|(piece, _)| !piece.is_empty())
        .collect()
}

/// `text` with its backticked parts as `<code>`.
pub fn code_text(text: &str) -> impl IntoView {
    pieces(text)
        .into_iter()
        .map(|(piece, code)| {
            if code {
                Either::Left(view! { <code>{piece.to_string()}</code> })
            } else {
                Either::Right(piece.to_string())
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn backticked_parts_are_code_and_odd_ones_stay_text() {
        assert_eq!(
            pieces("missing credential `app_secret` for `x`."),
            [
                ("missing credential ", false),
                ("app_secret", true),
                (" for ", false),
                ("x", true),
                (".", false)
            ]
        );
        assert_eq!(pieces("`a`"), [("a", true)]);
        assert_eq!(pieces("no code"), [("no code", false)]);
        assert_eq!(pieces("a ` b"), [("a ` b", false)]);
        assert_eq!(pieces(""), Vec::<(&str, bool)>::new());
    }
}
