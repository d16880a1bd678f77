//! The buffered encoders against a byte-by-byte reference, on any text: the signatures
//! depend on every byte they emit.

use countersign_core::encoding::{
    form_encode, form_then_kingdee_encode_into, form_urlencode, kingdee_encode,
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
}
