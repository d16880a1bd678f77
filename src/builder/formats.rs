//! Conversions between what the form's inputs speak and what the vendors expect.
//! Pure and tested natively.

use serde_json::{Number, Value};

/// The HTML input type for a vendor date format such as `yyyy-MM-dd HH:mm:ss`.
pub fn date_input_type(format: &str) -> &'static str {
    if format.contains("HH") {
        "datetime-local"
    } else {
        "date"
    }
}

/// Vendor text → the value an `<input type=date|datetime-local>` accepts ("" when the text
/// does not fit, so the raw text field next to it still shows it).
pub fn to_input(format: &str, text: &str) -> String {
    let t = text.trim();
    let fits =
        t.len() >= 10 && t.as_bytes().get(4) == Some(&b'-') && t.as_bytes().get(7) == Some(&b'-');
    if !fits {
        return String::new();
    }
    if date_input_type(format) == "date" {
        return t[..10].to_string();
    }
    match t.get(10..11) {
        Some(" ") | Some("T") => format!("{}T{}", &t[..10], &t[11..]),
        _ => format!("{}T00:00:00", &t[..10]),
    }
}

/// The picker's value → vendor text in `format` (`yyyy-MM-dd` or `yyyy-MM-dd HH:mm[:ss]`).
pub fn from_input(format: &str, input: &str) -> String {
    if input.is_empty() {
        return String::new();
    }
    if date_input_type(format) == "date" {
        return input.get(..10).unwrap_or(input).to_string();
    }
    let mut s = input.replacen('T', " ", 1);
    let wants_seconds = format.contains("ss");
    let colons = s.matches(':').count();
    if wants_seconds && colons == 1 {
        s.push_str(":00");
    } else if !wants_seconds && colons == 2 {
        s.truncate(s.len() - 3);
    }
    s
}

/// What an integer or decimal field's text becomes in the document: a JSON number when it
/// parses, otherwise the text as typed (so nothing is lost and the validator can say why).
pub fn number_value(text: &str, integer: bool) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let parsed = if integer {
        t.parse::<i64>().ok().map(Number::from)
    } else {
        // A JSON number keeps its text (serde_json's `arbitrary_precision`, on for the
        // workspace): `10.50` its zero, which 旺店通 signs in the body, and a long id its
        // digits. Another spelling (`.5`, `1.`) goes out as its value.
        t.parse::<Number>()
            .ok()
            .or_else(|| t.parse::<f64>().ok().and_then(Number::from_f64))
    };
    Some(parsed.map_or_else(|| Value::String(text.to_string()), Value::Number))
}

/// True when the text a person is typing is what the document holds, so the input is not
/// rewritten under the cursor (`1.` stays `1.` while the document holds 1.0).
pub fn same_number(text: &str, value: Option<&Value>, integer: bool) -> bool {
    number_value(text, integer).as_ref() == value || (text.trim().is_empty() && value.is_none())
}

/// A short problem with a number being typed, for the inline hint.
pub fn number_problem(text: &str, integer: bool) -> Option<NumberProblem> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    match number_value(text, integer) {
        // Whole, but more than a Long holds: "not an integer" would be wrong.
        Some(Value::String(_))
            if integer && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(NumberProblem::BeyondLong)
        }
        Some(Value::String(_)) if integer && t.parse::<f64>().is_ok() => {
            Some(NumberProblem::NotInteger)
        }
        Some(Value::String(_)) => Some(NumberProblem::NotNumber),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberProblem {
    NotNumber,
    NotInteger,
    BeyondLong,
}

/// Text shown in a scalar field for a document value.
pub fn display(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_map_between_vendor_text_and_pickers() {
        let f = "yyyy-MM-dd HH:mm:ss";
        assert_eq!(date_input_type(f), "datetime-local");
        assert_eq!(to_input(f, "2016-09-09 12:00:00"), "2016-09-09T12:00:00");
        assert_eq!(from_input(f, "2016-09-09T12:00"), "2016-09-09 12:00:00");
        assert_eq!(from_input(f, "2016-09-09T12:00:05"), "2016-09-09 12:00:05");
        assert_eq!(
            from_input("yyyy-MM-dd HH:mm", "2016-09-09T12:00:05"),
            "2016-09-09 12:00"
        );
        assert_eq!(to_input("yyyy-MM-dd", "2016-09-09"), "2016-09-09");
        assert_eq!(from_input("yyyy-MM-dd", "2016-09-09"), "2016-09-09");
        assert_eq!(to_input(f, "yesterday"), "");
        assert_eq!(to_input(f, "2016-09-09"), "2016-09-09T00:00:00");
        assert_eq!(from_input(f, ""), "");
    }

    #[test]
    fn numbers_parse_or_keep_the_text() {
        assert_eq!(number_value("12", true), Some(json!(12)));
        assert_eq!(number_value("12.5", true), Some(json!("12.5")));
        assert_eq!(number_value("12.5", false), Some(json!(12.5)));
        // As typed, not as a float prints it.
        for typed in ["10.50", "12345678901234567890123", "0.1000"] {
            let v = number_value(typed, false).unwrap();
            assert!(v.is_number(), "{typed}");
            assert_eq!(v.to_string(), typed);
            assert!(same_number(typed, Some(&v), false));
        }
        assert_eq!(number_value(".5", false).unwrap().to_string(), "0.5");
        assert_eq!(number_value("-3", false), Some(json!(-3)));
        assert_eq!(number_value("12a", false), Some(json!("12a")));
        assert_eq!(number_value("  ", true), None);
        assert_eq!(
            number_problem("12.5", true),
            Some(NumberProblem::NotInteger)
        );
        assert_eq!(number_problem("x", false), Some(NumberProblem::NotNumber));
        assert_eq!(
            number_problem("9223372036854775808", true),
            Some(NumberProblem::BeyondLong)
        );
        assert_eq!(
            number_problem("-99999999999999999999", true),
            Some(NumberProblem::BeyondLong)
        );
        assert_eq!(number_problem("9223372036854775807", true), None);
        assert_eq!(number_problem("1e3", false), None);
        // Half typed, the text stays as it is; a document changed elsewhere (the JSON tab)
        // to another spelling is shown as it now is, since that is what is sent.
        assert!(same_number("1.", number_value("1.", false).as_ref(), false));
        assert!(!same_number("1.50", Some(&json!(1.5)), false));
        assert!(!same_number("1.5", Some(&json!(2)), false));
        assert_eq!(display(Some(&json!(1.5))), "1.5");
    }
}
