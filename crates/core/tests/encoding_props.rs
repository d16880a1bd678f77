//! The buffered encoders against a byte-by-byte reference, on any text: the signatures
//! depend on every byte they emit.

use countersign_core::encoding::{
    form_encode, form_then_kingdee_encode_into, form_urlencode, kingdee_encode, WireText,
};
use proptest::prelude::*;

fn reference(input: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::new();
    for &b in input.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn form_keep(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b".-*_".contains(&b)
}

fn kingdee_keep(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-_.~".contains(&b)
}

proptest! {
    #[test]
    fn encoders_match_the_reference(text in "(?s).{0,400}") {
        prop_assert_eq!(form_encode(&text), reference(&text, form_keep));
        prop_assert_eq!(kingdee_encode(&text), reference(&text, kingdee_keep));
        let mut twice = String::new();
        form_then_kingdee_encode_into(&mut twice, &text);
        prop_assert_eq!(twice, reference(&reference(&text, form_keep), kingdee_keep));
        prop_assert_eq!(
            form_urlencode([("k y", text.as_str()), (text.as_str(), "")]),
            format!("k+y={}&{}=", reference(&text, form_keep), reference(&text, form_keep))
        );
    }

    /// Runs of kept bytes long and short between escapes: the encoders send a long run as a
    /// slice of the input and copy a short one, so both sides of that line are met.
    #[test]
    fn encoders_match_the_reference_across_runs(
        text in "([a-zA-Z0-9._~-]{0,40}[ /=+é\"{}:,%\u{202e}]{0,3}){0,12}"
    ) {
        prop_assert_eq!(form_encode(&text), reference(&text, form_keep));
        prop_assert_eq!(kingdee_encode(&text), reference(&text, kingdee_keep));
        let mut twice = String::new();
        form_then_kingdee_encode_into(&mut twice, &text);
        prop_assert_eq!(&twice, &reference(&reference(&text, form_keep), kingdee_keep));
        let mut wire = WireText::with_capacity(0);
        wire.form(&text);
        wire.push_ascii(b'|');
        wire.kingdee(&text);
        wire.push_ascii(b'|');
        wire.form_then_kingdee(&text);
        prop_assert_eq!(
            wire.into_string(),
            format!(
                "{}|{}|{}",
                reference(&text, form_keep),
                reference(&text, kingdee_keep),
                twice
            )
        );
    }
}
