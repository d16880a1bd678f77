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
