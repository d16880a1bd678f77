//! The document an API opens with: only what is required, from the catalog's examples.
//!
//! The doc example is a poor first document: Kingdee's gives `"id": "1"` (which updates
//! record 1 instead of creating one) and padded values like `"  14123 "`. The starter
//! leaves out every optional field, row ids and what the builder fills itself
//! (credentials, derived values), so a first Send creates something and changes nothing.

use serde_json::{Map, Value};

use super::model::{Api, Field, FieldType};

impl Api {
    /// A safe, valid document to start from; "Fill with doc example" gives [`Api::example_document`].
    pub fn starter_document(&self) -> Value {
        Value::Object(required_fields(&self.params))
    }
}

fn required_fields(fields: &[Field]) -> Map<String, Value> {
    fields
        .iter()
        .filter(|f| f.required && !f.row_id && f.from_credential.is_none() && f.derive.is_none())
        .filter_map(|f| Some((f.name.clone(), starter_value(f)?)))
        .collect()
}

fn starter_value(field: &Field) -> Option<Value> {
    if let Some(fixed) = &field.fixed {
        return Some(fixed.clone());
    }
    match field.ty {
        FieldType::Object => Some(Value::Object(required_fields(&field.fields))),
        FieldType::Array => match field.items.as_deref() {
            Some(items) if items.ty == FieldType::Object => {
                Some(Value::Array(vec![Value::Object(required_fields(
                    &items.fields,
                ))]))
            }
            Some(items) => starter_value(items).map(|v| Value::Array(vec![v])),
            None => None,
        },
        _ => {
            let example = field
                .example
                .clone()
                .or_else(|| field.default.clone())
                .or_else(|| field.values.first().map(|v| v.value.clone()))?;
            Some(match example {
                // A number the doc's example quotes (`"num": "3.0000"` for a Decimal) starts
                // as the number the type asks for, written as the doc wrote it: the form
                // would open warning about its own example.
                Value::String(s) if is_number(field.ty) => {
                    number(s.trim()).unwrap_or_else(|| Value::String(s.trim().to_string()))
                }
                // Padding in a doc example is an accident of the page, not a value to send.
                Value::String(s) => Value::String(s.trim().to_string()),
                other => other,
            })
        }
    }
}

fn is_number(ty: FieldType) -> bool {
    matches!(ty, FieldType::Integer | FieldType::Decimal)
}

/// `text` as a JSON number, digits kept as written (`3.0000` stays `3.0000`).
fn number(text: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(n @ Value::Number(_)) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::{self, Severity};
    use serde_json::Value;

    fn keys(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| {
                out.push(k.clone());
                keys(v, out);
            }),
            Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_starter_is_valid_and_names_no_existing_record() {
        for api in catalog::all() {
            let doc = api.starter_document();
            let errors: Vec<_> = catalog::validate(api, &doc)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {doc} has {errors:?}", api.id);
            let mut names = Vec::new();
            keys(&doc, &mut names);
            assert!(!names.iter().any(|k| k == "id"), "{}: {doc}", api.id);
            let text = doc.to_string();
            assert!(
                !text.contains("\" ") && !text.contains(" \""),
                "{}: {text}",
                api.id
            );
        }
    }

    #[test]
    fn a_quoted_number_in_the_doc_example_starts_as_a_number() {
        let mut api = catalog::all()[0].clone();
        api.params = serde_json::from_value(serde_json::json!([
            {"name": "num", "type": "decimal", "required": true, "example": "3.0000", "description": {"zh": "", "en": ""}},
            {"name": "qty", "type": "integer", "required": true, "example": " 12 ", "description": {"zh": "", "en": ""}},
            {"name": "code", "type": "string", "required": true, "example": "007", "description": {"zh": "", "en": ""}},
            {"name": "odd", "type": "decimal", "required": true, "example": "about 3", "description": {"zh": "", "en": ""}},
        ]))
        .unwrap();
        let doc = api.starter_document();
        assert_eq!(
            doc.to_string(),
            r#"{"num":3.0000,"qty":12,"code":"007","odd":"about 3"}"#
        );
    }

    #[test]
    fn kingdee_material_starter_is_small_and_differs_from_the_doc_example() {
        let api = catalog::find("kingdee.material.save").unwrap();
        let doc = api.starter_document();
        assert_eq!(doc.as_object().unwrap().len(), 2, "{doc}");
        assert_ne!(&doc, api.example_document());
        assert_eq!(api.example_document()["id"], "1");
    }
}
