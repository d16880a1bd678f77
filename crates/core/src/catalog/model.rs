//! The typed shape of `catalog/*.json`. Unknown keys are rejected so a typo in the data
//! fails the tests instead of being ignored.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::text::Text;
use crate::request::Vendor;

fn is_false(b: &bool) -> bool {
    !*b
}

fn yes() -> bool {
    true
}

/// The type of a parameter as the form and the validator see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Integer,
    Decimal,
    Boolean,
    /// A string `yyyy-MM-dd`.
    Date,
    /// A string `yyyy-MM-dd HH:mm:ss`.
    Datetime,
    /// One of `values`, sent as `value_type`.
    Enum,
    Object,
    /// Items described by `items` (an object with `fields`, or a scalar).
    Array,
    /// An object with free keys; values described by `items`, known keys by `fields`.
    Map,
}

/// What a string's content must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    #[serde(rename = "yyyy-MM-dd")]
    Date,
    #[serde(rename = "yyyy-MM-dd HH:mm:ss")]
    DateTime,
    /// A number written as a string: `"200.0000"`.
    #[serde(rename = "decimal")]
    Decimal,
    /// A whole number written as a string: `"12"`.
    #[serde(rename = "integer")]
    Integer,
    /// JSON text inside a string (Taobao `extend_props`).
    #[serde(rename = "json")]
    Json,
    /// Several codes separated by English commas.
    #[serde(rename = "csv")]
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Date => "yyyy-MM-dd",
            Self::DateTime => "yyyy-MM-dd HH:mm:ss",
            Self::Decimal => "decimal",
            Self::Integer => "integer",
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

/// The JSON kind an enum's values are sent as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    String,
    Integer,
}

/// Where a Kingdee parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Query,
    Body,
    Header,
}

/// How an array is written into a query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArrayStyle {
    /// `ids=a,b`
    Csv,
}

/// A parameter computed by the builder when the document leaves it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derive {
    /// Base64(lower-hex(HMAC-SHA256(app_secret, app_key))).
    KingdeeAppSignature,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: Value,
    pub label: Text,
}

/// One node of a parameter tree (request, response, system parameters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Empty for the items of an array or the values of a map.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The doc's 名称 column (旺店通), when it differs from the field name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The type exactly as the vendor's doc writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// `zh` is the doc's Chinese verbatim.
    pub description: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// In characters, not bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// The smallest value the doc allows (inclusive), for numbers and numbers written as
    /// strings (`"仅支持正数盘点"`: a count is never below 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// The largest value the doc allows (inclusive): Taobao's `最大值：1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_type: Option<ValueType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValue>,
    /// Other values exist upstream: a value outside `values` is only a warning.
    #[serde(default, skip_serializing_if = "is_false")]
    pub open: bool,
    /// The gateway accepts loose forms silently (a boolean as 0/1 or "true").
    #[serde(default, skip_serializing_if = "is_false")]
    pub loose: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<Value>,
    /// Where a Kingdee parameter goes. Unmarked, it goes where the method puts its
    /// parameters: the body, or the query for a method that sends no body (GET); see
    /// [`Api::in_query`].
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ArrayStyle>,
    /// When the document leaves this parameter out, the builder takes this credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_credential: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derive: Option<Derive>,
    /// The doc's type name of an object (`Store`, `PriceEntitySave`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Our remark, where the doc needs one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The doc allows an empty text for it (旺店通's `若无可为""`): required, it is still
    /// sent when emptied, as `""`, rather than left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_be_empty: bool,
    /// Names an existing row (Kingdee's 分录 id, "required to modify it"): a duplicated row
    /// is a new row, so the copy must not keep it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub row_id: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Field>>,
}

impl Field {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The label to show: the doc's 名称 when there is one, else the field name.
    pub fn display_name(&self, lang: super::Lang) -> &str {
        match &self.label {
            Some(label) => label.get(lang),
            None => &self.name,
        }
    }

    /// The value of an enum as a string, whatever its JSON kind (`"1"`, `1` → `1`).
    pub fn enum_value(&self, value: &Value) -> Option<&EnumValue> {
        canonical(value)?;
        self.values.iter().find(|v| same_canonical(&v.value, value))
    }

    /// Every field of the subtree, depth first, with its path (`items[].lock_quantity`).
    pub fn walk<'a>(&'a self, path: &str, out: &mut Vec<(String, &'a Field)>) {
        for f in &self.fields {
            let p = join(path, &f.name);
            out.push((p.clone(), f));
            f.walk(&p, out);
        }
        if let Some(items) = &self.items {
            let p = format!("{path}[]");
            items.walk(&p, out);
        }
    }
}

pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// `canonical(a) == canonical(b)`, both present, without building the text for the
/// common kinds (the validator asks this of every enum value on every keystroke).
fn same_canonical(a: &Value, b: &Value) -> bool {
    let word = |b: bool| if b { "true" } else { "false" };
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(s), Value::Bool(b)) | (Value::Bool(b), Value::String(s)) => s == word(*b),
        _ => matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y),
    }
}

pub(crate) fn canonical(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnvironmentKind {
    Production,
    Sandbox,
    Test,
    Mock,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub id: String,
    pub kind: EnvironmentKind,
    pub name: Text,
    /// The relay's upstream name (`/relay/{upstream}/…`).
    pub upstream: String,
    /// Absolute URL, or a path on the countersign server for the mocks (`/mock/…`).
    pub base: String,
    /// The mock vendors' demo credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo_credentials: Option<Map<String, Value>>,
}

impl Environment {
    /// The base URL; a mock's path is joined to `origin` (`http://127.0.0.1:8080`).
    pub fn url(&self, origin: &str) -> String {
        if self.base.starts_with('/') {
            format!("{}{}", origin.trim_end_matches('/'), self.base)
        } else {
            self.base.clone()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialField {
    pub name: String,
    pub label: Text,
    pub secret: bool,
    /// Needed by the vendor's ordinary calls (an API may say otherwise).
    pub required: bool,
    /// Passed to the signer; `false` for values only the builder uses.
    #[serde(default = "yes")]
    pub signer: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// How to tell a success from a failure in a vendor's answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub description: Text,
    /// The field holding the code (inside `error_root` when there is one).
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Taobao: the root key of a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_root: Option<String>,
    /// Taobao: the root key of a success; `{method_root}` is the API name without its
    /// vendor prefix, dots as underscores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_root: Option<String>,
    /// Codes that mean success; empty when success is told by the root key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success_codes: Vec<Value>,
    /// The field holding the business result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// HTTP statuses that are always failures (Kingdee's gateway answers 519).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_http_statuses: Vec<u16>,
    /// A business result inside a success (see [`BusinessResult`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<BusinessResult>,
    /// The envelope's own fields, as the response tables list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// Taobao's SPI APIs answer under the success root with the receiving system's own verdict
/// (`spi_result: {success: false, error_code, error_message}`): the gateway took the call,
/// the warehouse refused it. Field names inside the success root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessResult {
    pub object: String,
    pub success: String,
    pub code: String,
    pub message: String,
}

/// An API's differences from its vendor's envelope.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeOverride {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_codes: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<BusinessResult>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorSource {
    /// `shared/signing.md`, checked against the SDKs.
    #[serde(rename = "signing.md")]
    SigningNotes,
    /// The vendor's API page.
    #[serde(rename = "vendor-doc")]
    VendorDoc,
    /// The vendor platform's published error list.
    #[serde(rename = "platform")]
    Platform,
    /// Integrators' reports; the vendor's own pages do not list it.
    #[serde(rename = "inferred")]
    Inferred,
}

/// A message text that points at a specific cause, whatever the code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownMessage {
    pub contains: String,
    pub cause: Text,
    pub fix: Text,
    /// The vendor's message names the field at fault (`name: 必填字段缺失`): it heads the
    /// verdict instead of the code's name, which for a catch-all code points elsewhere.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub names_field: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    pub message: Text,
    pub cause: Text,
    pub fix: Text,
    pub source: ErrorSource,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<KnownMessage>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorInfo {
    pub id: Vendor,
    pub name: Text,
    pub short_name: Text,
    pub doc_url: String,
    /// How far the request's timestamp may be from the gateway's clock.
    pub timestamp_window_s: i64,
    /// The signing rule in one paragraph.
    pub signing: Text,
    pub environments: Vec<Environment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternative_bases: Vec<String>,
    pub credentials: Vec<CredentialField>,
    /// System parameters (Taobao, 旺店通) or gateway headers (Kingdee).
    pub system_params: Vec<Field>,
    pub envelope: Envelope,
    pub errors: Vec<ErrorCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

impl VendorInfo {
    pub fn error(&self, code: &str) -> Option<&ErrorCode> {
        let code = code.trim();
        self.errors.iter().find(|e| e.code == code)
    }

    pub fn timestamp_window_ms(&self) -> i64 {
        self.timestamp_window_s * 1000
    }

    /// One of the mock vendor's demo credentials.
    pub fn demo_credential(&self, name: &str) -> Option<&str> {
        let mock = self
            .environments
            .iter()
            .find(|e| e.kind == EnvironmentKind::Mock)?;
        mock.demo_credentials.as_ref()?.get(name)?.as_str()
    }

    /// The mock vendor's demo credentials, as a JSON object (empty when there is none).
    pub fn demo_credentials(&self) -> Value {
        let mock = self
            .environments
            .iter()
            .find(|e| e.kind == EnvironmentKind::Mock);
        Value::Object(
            mock.and_then(|e| e.demo_credentials.clone())
                .unwrap_or_default(),
        )
    }

    pub fn environment(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.id == id)
    }

    pub fn credential(&self, name: &str) -> Option<&CredentialField> {
        self.credentials.iter().find(|c| c.name == name)
    }

    /// A message that names a known cause (`sid is not exists`), preferring `code`'s own.
    pub fn known_message(&self, code: Option<&str>, message: &str) -> Option<&KnownMessage> {
        let own = code.and_then(|c| self.error(c)).into_iter();
        let rest = self.errors.iter();
        own.chain(rest)
            .flat_map(|e| e.messages.iter())
            .find(|m| message.contains(&m.contains))
    }
}

/// Which credentials an API uses when it differs from its vendor's ordinary calls.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialUse {
    pub required: Vec<String>,
    #[serde(default)]
    pub optional: Vec<String>,
}

/// Where a doc's own example was broken and how the catalog's example differs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFix {
    pub path: String,
    pub doc_value: Value,
    pub value: Value,
    pub reason: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// Stable slug: `kingdee.material.save`.
    pub id: String,
    pub vendor: Vendor,
    pub name: Text,
    pub summary: Text,
    pub http_method: String,
    /// Taobao and 旺店通: the API's method name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Kingdee: the request path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub doc_url: Option<String>,
    /// The page in `shared/vendor-docs/` this entry was written from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_file: Option<String>,
    /// 旺店通: the document's top-level keys in the order of the method's arguments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positional: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<CredentialUse>,
    #[serde(rename = "envelope", default, skip_serializing_if = "Option::is_none")]
    pub envelope_override: Option<EnvelopeOverride>,
    pub params: Vec<Field>,
    /// The business result's root (Kingdee/旺店通 `data`, Taobao `<api>_response`).
    pub response: Field,
    /// A complete, valid request document.
    pub example: Value,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub example_fixes: Vec<ExampleFix>,
    pub example_response: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example_error_response: Option<Value>,
    /// Codes only this API answers; the vendor's codes live in the vendor file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
    /// The vendor's envelope with this API's override applied (filled at load).
    #[serde(skip)]
    pub(crate) envelope: Envelope,
    /// A custom-request entry: the document names the method or path (set at load).
    #[serde(skip)]
    pub(crate) custom: bool,
}

impl Api {
    pub fn vendor_info(&self) -> &'static VendorInfo {
        super::vendor(self.vendor)
    }

    /// The method name (Taobao, 旺店通) or the path (Kingdee).
    pub fn endpoint(&self) -> &str {
        self.method
            .as_deref()
            .or(self.path.as_deref())
            .unwrap_or(&self.id)
    }

    pub fn example_document(&self) -> &Value {
        &self.example
    }

    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    pub fn param(&self, name: &str) -> Option<&Field> {
        self.params.iter().find(|f| f.name == name)
    }

    /// Whether the request has a body: a GET (or HEAD) has none, and a browser refuses
    /// to send one.
    pub fn sends_body(&self) -> bool {
        method_sends_body(&self.http_method)
    }

    /// Whether the top-level parameter `field` goes in the query: marked `in: query`, or
    /// unmarked on a method that sends no body. (A GET's `in: body` is refused when a
    /// definition is written, see [`super::check_written`]; the builder sends one kept
    /// from before in the query too, rather than in a body nobody sends.)
    pub fn in_query(&self, field: &Field) -> bool {
        match field.location {
            Some(Location::Query) => true,
            None => !self.sends_body(),
            Some(_) => false,
        }
    }

    /// The field at a finding's path (`items[0].lock_quantity`), if the catalog has one.
    pub fn field_at(&self, path: &str) -> Option<&Field> {
        let mut fields = &self.params;
        let mut current: Option<&Field> = None;
        for segment in path.split('.') {
            let (name, mut rest) = match segment.find('[') {
                Some(i) => (&segment[..i], &segment[i..]),
                None => (segment, ""),
            };
            let mut field = fields.iter().find(|f| f.name == name)?;
            while let Some(end) = rest.find(']') {
                field = field.items.as_deref()?;
                rest = &rest[end + 1..];
            }
            fields = &field.fields;
            current = Some(field);
        }
        current
    }

    /// The fields of the object at `at` (the top level when empty), in the doc's order:
    /// where the form shows them, and so where a new key goes in the document.
    pub fn fields_at(&self, at: &[crate::json_at::Seg]) -> Option<&[Field]> {
        if at.is_empty() {
            return Some(&self.params);
        }
        let field = self.field_at(&crate::json_at::format_path(at))?;
        Some(&field.fields)
    }

    /// An error code of this API, else of its vendor.
    pub fn error(&self, code: &str) -> Option<&ErrorCode> {
        let code = code.trim();
        self.errors
            .iter()
            .find(|e| e.code == code)
            .or_else(|| self.vendor_info().error(code))
    }

    /// The credentials this API uses, each with whether it is required.
    pub fn credential_fields(&self) -> Vec<(&'static CredentialField, bool)> {
        let vendor = self.vendor_info();
        match &self.credentials {
            Some(used) => vendor
                .credentials
                .iter()
                .filter_map(|c| {
                    if used.required.contains(&c.name) {
                        Some((c, true))
                    } else if used.optional.contains(&c.name) {
                        Some((c, false))
                    } else {
                        None
                    }
                })
                .collect(),
            None => vendor
                .credentials
                .iter()
                .filter(|c| c.required || c.signer)
                .map(|c| (c, c.required))
                .collect(),
        }
    }

    /// A vendor's custom-request entry (`taobao.custom`): any method or path, named by
    /// the document.
    pub fn is_custom(&self) -> bool {
        self.custom
    }

    /// The success root `body` has: the catalog's for this API, or for a custom request
    /// (whose method the catalog does not know) the answer's one `…_response` root.
    pub fn success_root_in(&self, body: &Value) -> Option<String> {
        if !self.custom {
            return self.success_root();
        }
        let error_root = self.envelope.error_root.as_deref()?;
        body.as_object()?
            .keys()
            .find(|k| k.ends_with("_response") && k.as_str() != error_root)
            .cloned()
    }

    /// The doc's entry for a value in this API's answer, by its path from the answer's
    /// root (`Some(key)` for a key of an object, `None` for an index of an array): the
    /// business result's fields (under `data`, or Taobao's success root), else the
    /// envelope's own. A key a map's doc does not name is one of its values (旺店通's
    /// `{"<count id>": "ok"}`).
    pub fn answer_field<'p>(
        &self,
        path: impl IntoIterator<Item = Option<&'p str>>,
    ) -> Option<&Field> {
        let mut path = path.into_iter();
        let first = path.next()??;
        let mut field =
            if self.response.name == first || self.envelope.data.as_deref() == Some(first) {
                &self.response
            } else {
                self.envelope.fields.iter().find(|f| f.name == first)?
            };
        for step in path {
            let named = step.and_then(|key| field.fields.iter().find(|f| f.name == key));
            field = named.or(field.items.as_deref())?;
        }
        Some(field)
    }

    /// The success root of a Taobao answer (`logistics_…_create_response`).
    pub fn success_root(&self) -> Option<String> {
        let template = self.envelope.success_root.as_deref()?;
        let method = self.method.as_deref()?;
        let root = crate::taobao::response_root(method);
        let method_root = root.trim_end_matches("_response");
        Some(template.replace("{method_root}", method_root))
    }
}

/// Whether a request with this HTTP method carries a body (any letter case): GET and HEAD
/// do not.
pub fn method_sends_body(http_method: &str) -> bool {
    let m = http_method.trim();
    !(m.eq_ignore_ascii_case("GET") || m.eq_ignore_ascii_case("HEAD"))
}
