//! A doc's type words (`String`, `Decimal(19,4)`, `List <Row>`, `XxxDto []`, `Map<String,
//! Object>`) read as the catalog's types.

use crate::catalog::FieldType;
use crate::request::Vendor;

/// What a type word says, before child tables are attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DocType {
    Scalar(FieldType),
    /// `List<X>`, `X []`, `array`: the items' type (`None`: not said).
    Array(Option<Box<DocType>>),
    /// `Map<K, V>`, `Map <V>`: the values' type.
    Map(Box<DocType>),
    /// `Object`, `Pager`, `struct`, or a type name (`Store`, `XxxDto`).
    Object(Option<String>),
}

impl DocType {
    /// The name a child table may carry (`Store` for `List <Store>`).
    pub fn entity(&self) -> Option<&str> {
        match self {
            Self::Object(name) => name.as_deref(),
            Self::Array(Some(inner)) | Self::Map(inner) => inner.entity(),
            _ => None,
        }
    }
}

fn scalar(word: &str, vendor: Vendor) -> Option<FieldType> {
    let w = word.trim().to_lowercase();
    let w = w.split('(').next().unwrap_or("").trim();
    Some(match w {
        "string" | "str" | "char" | "varchar" | "text" => FieldType::String,
        "int" | "integer" | "long" | "short" | "byte" | "int32" | "int64" | "bigint" => {
            FieldType::Integer
        }
        // TOP's Number is a Java long; elsewhere a number may have decimals.
        "number" if vendor == Vendor::Taobao => FieldType::Integer,
        "number" | "decimal" | "double" | "float" | "bigdecimal" | "price" | "money" => {
            FieldType::Decimal
        }
        "bool" | "boolean" => FieldType::Boolean,
        "date" if vendor == Vendor::Taobao => FieldType::Datetime,
        "date" => FieldType::Date,
        "datetime" | "timestamp" => FieldType::Datetime,
        _ => return None,
    })
}

fn is_object_word(w: &str) -> bool {
    matches!(
        w.trim().to_lowercase().as_str(),
        "object" | "map" | "pager" | "struct" | "json" | "jsonobject" | "dict"
    )
}

/// The inner part of `Name<…>` / `Name <…>`.
fn generic<'a>(t: &'a str, name: &str) -> Option<&'a str> {
    let lower = t.to_lowercase();
    if !lower.starts_with(name) {
        return None;
    }
    let rest = t[name.len()..].trim_start();
    rest.strip_prefix('<')?.strip_suffix('>').map(str::trim)
}

/// A type word read; `None` when it is not a type (used to align dropped cells).
pub(crate) fn parse(doc_type: &str, vendor: Vendor) -> Option<DocType> {
    let t = doc_type.trim();
    if t.is_empty() {
        return None;
    }
    if let Some(inner) = t.strip_suffix("[]") {
        let inner = inner.trim();
        return Some(DocType::Array(
            parse(inner, vendor)
                .map(Box::new)
                .or(Some(Box::new(DocType::Object(Some(inner.to_string()))))),
        ));
    }
    for list in ["list", "array", "set", "collection"] {
        if let Some(inner) = generic(t, list) {
            return Some(DocType::Array(parse(inner, vendor).map(Box::new)));
        }
    }
    if let Some(inner) = generic(t, "map") {
        // `Map<K, V>`: the values' type; `Map <V>` (Kingdee) names only the values.
        let value = inner.rsplit(',').next().unwrap_or(inner).trim();
        let v = parse(value, vendor).unwrap_or(DocType::Object(None));
        return Some(DocType::Map(Box::new(v)));
    }
    if matches!(t.to_lowercase().as_str(), "array" | "list" | "jsonarray") {
        return Some(DocType::Array(None));
    }
    if let Some(s) = scalar(t, vendor) {
        return Some(DocType::Scalar(s));
    }
    if is_object_word(t) {
        let named = t.eq_ignore_ascii_case("pager").then(|| "Pager".to_string());
        return Some(DocType::Object(named));
    }
    // A type name: `Store`, `PriceEntitySave`, `WmsInventoryDiscrepancyAllocationReportDto`.
    // CamelCase: `ERROR_OWNER_NOT_EXIST` is a value, not a type.
    let name_like = t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().any(|c| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    name_like.then(|| DocType::Object(Some(t.to_string())))
}

/// For aligning a copied row: does this cell read as a type?
pub(crate) fn looks_like_type(cell: &str) -> bool {
    let t = cell.trim();
    if t.is_empty() || t.contains(char::is_whitespace) && !(t.ends_with("[]") || t.contains('<')) {
        return false;
    }
    parse(t, Vendor::Wdt).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_words() {
        let p = |t| parse(t, Vendor::Kingdee).unwrap();
        assert_eq!(p("Decimal(19,4)"), DocType::Scalar(FieldType::Decimal));
        assert_eq!(p("Integer"), DocType::Scalar(FieldType::Integer));
        assert_eq!(
            parse("Number", Vendor::Taobao),
            Some(DocType::Scalar(FieldType::Integer))
        );
        assert_eq!(
            parse("Date", Vendor::Taobao),
            Some(DocType::Scalar(FieldType::Datetime))
        );
        assert_eq!(p("List <Row>").entity(), Some("Row"));
        assert_eq!(p("List<Row>").entity(), Some("Row"));
        assert_eq!(p("ItemDto []").entity(), Some("ItemDto"));
        assert_eq!(
            p("List <string>"),
            DocType::Array(Some(Box::new(DocType::Scalar(FieldType::String))))
        );
        assert_eq!(
            p("Map<String, Object>"),
            DocType::Map(Box::new(DocType::Object(None)))
        );
        assert_eq!(
            p("Map <string>"),
            DocType::Map(Box::new(DocType::Scalar(FieldType::String)))
        );
        assert_eq!(p("Pager"), DocType::Object(Some("Pager".into())));
        assert!(parse("货主编码", Vendor::Taobao).is_none());
    }
}
