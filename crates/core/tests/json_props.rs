//! The JSON writer against serde_json on any document: the Kingdee body it writes is sent
//! as the request, so it must be serde_json's text to the byte.

use countersign_core::json;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "(?s).{0,40}".prop_map(Value::from),
        "[\\x00-\\x20\"\\\\/\\x7f]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(("(?s).{0,12}", inner), 0..8)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #[test]
    fn writer_matches_serde_json(value in any_value()) {
        prop_assert_eq!(json::to_string(&value), serde_json::to_string(&value).unwrap());
        if let Value::Object(map) = &value {
            // A filtered object is what the filtered copy serialises to.
            let keep = |k: &str| k.len().is_multiple_of(2);
            let mut written = String::from("prefix");
            json::write_object(&mut written, map, keep);
            let copy: Map<String, Value> =
                map.iter().filter(|(k, _)| keep(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
            prop_assert_eq!(written, format!("prefix{}", Value::Object(copy)));
        }
    }
}

proptest! {
    /// The flat-array scan that answers the common 旺店通 body without the parser must
    /// never accept what the parser refuses: near-JSON arrays of scalars, valid or not.
    /// (Where the scan declines, the parser answers as before.)
    #[test]
    fn array_check_matches_the_parser(
        text in "[ \t\n]?\\[( ?(\"[a-z \\\\\\x01é]{0,3}\"?|-?(0|[1-9])?[0-9]{0,2}(\\.[0-9]{0,2})?([eE][+-]?[0-9]{0,2})?|true|fals|nul|null|\\[\\]|\\{\\}) ?,?){0,4}\\]?[ x]?"
    ) {
        let ours = countersign_core::error::check_json_is_array("body", &text);
        let parsed = serde_json::from_str::<Value>(&text).map(|v| v.is_array());
        prop_assert_eq!(ours.is_err(), parsed.is_err(), "{:?}", text);
        if let (Err(ours), Err(parsed)) = (&ours, &parsed) {
            // Where and why, in the parser's own words (what the form's check says).
            let want = countersign_core::error::SignError::InvalidJson {
                field: "body",
                line: parsed.line(),
                column: parsed.column(),
                message: countersign_core::error::strip_position(&parsed.to_string()),
            };
            prop_assert_eq!(ours, &want, "{:?}", text);
        }
        prop_assert_eq!(ours.ok(), parsed.ok(), "{:?}", text);
    }
}

/// A trailing comma in an object: the skimming parser calls it "key must be a string";
/// the signer says what the form says.
#[test]
fn a_trailing_comma_is_called_one() {
    let text = r#"[{"customer_id": "1", "qty": 2,} ]"#;
    let e = countersign_core::error::check_json_is_array("body", text).unwrap_err();
    let said = e.to_string();
    assert!(
        said.ends_with("line 1, column 32: a comma too many"),
        "{said}"
    );
    let zh = countersign_core::lang::Localise::zh(&e);
    assert!(zh.ends_with("多余的逗号"), "{zh}");
}

#[test]
fn array_check_on_typical_bodies() {
    for (text, want) in [
        (r#"["xc109393939393939","",1.2,0,false]"#, Ok(true)),
        (" [ 1 , -0.5e+3 , null , true ] ", Ok(true)),
        ("[]", Ok(true)),
        (r#"["a\"b", [1], {"k": 2}]"#, Ok(true)),
        ("{}", Ok(false)),
        ("[1,]", Err(())),
        ("[01]", Err(())),
        ("[1.]", Err(())),
        ("[\"\u{1}\"]", Err(())),
        ("[1] x", Err(())),
    ] {
        let got = countersign_core::error::check_json_is_array("body", text).map_err(|_| ());
        assert_eq!(got, want, "{text}");
    }
}
