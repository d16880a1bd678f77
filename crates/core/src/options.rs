//! The builder's options, typed: what each vendor lets a caller choose (its own struct in
//! its folder: [`taobao::BuildOptions`], [`wdt::BuildOptions`], [`kingdee::BuildOptions`])
//! and what every vendor has (a pinned timestamp, the base URL, the environment). One value
//! goes from the signature panel, a share link, a history entry, a saved request or an
//! import to the builder ([`crate::catalog::build_request`]).
//!
//! As JSON it is the one flat object share links and localStorage have always held
//! (`{"timestamp": "…", "nonce": "42", "sign_method": "hmac", …}`), so old links and
//! entries still open. Two readers, as before:
//! - [`BuildOptions::from_json`], for the CLI's `options` and tests: one vendor's names
//!   only; an unknown name or a value of the wrong kind is a [`BuildError`] naming it.
//! - `Deserialize`, for stored state: every vendor's names (the vendor comes from the
//!   state's API, resolved later); unknown names and values of the wrong kind are left
//!   out, as the app has always read them.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::catalog::BuildError;
use crate::vendor::{kingdee, taobao, wdt};
use crate::Vendor;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    /// A pinned timestamp as the wire carries it (Taobao `yyyy-MM-dd HH:mm:ss` or Unix
    /// ms, 旺店通 seconds since 2012, Kingdee Unix ms); else the clock's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(flatten)]
    pub taobao: taobao::BuildOptions,
    #[serde(flatten)]
    pub wdt: wdt::BuildOptions,
    #[serde(flatten)]
    pub kingdee: kingdee::BuildOptions,
    /// The base URL signed for: Taobao's `gateway`, the others' `base`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Picks the base URL from the vendor file (when `base` is not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The countersign server the mock environments live on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// The name `base` goes by for `vendor`.
pub fn base_name(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Taobao => "gateway",
        Vendor::Wdt | Vendor::Kingdee => "base",
    }
}

/// Options every vendor takes besides the base.
const COMMON: [&str; 3] = ["timestamp", "environment", "origin"];

impl BuildOptions {
    /// The CLI's `options` object for an API of `vendor`: `null` is none; an unknown
    /// name gives [`BuildError::UnknownOption`], a value of the wrong kind
    /// [`BuildError::InvalidOption`]; a `null` value leaves the option out.
    pub fn from_json(vendor: Vendor, options: &Value) -> Result<Self, BuildError> {
        let mut out = Self::default();
        let map = match options {
            Value::Null => return Ok(out),
            Value::Object(map) => map,
            _ => return Err(BuildError::NotAnObject { what: "options" }),
        };
        for (name, value) in map {
            match out.set(Some(vendor), name, value) {
                None => {
                    return Err(BuildError::UnknownOption {
                        name: name.clone(),
                        allowed: Self::names(vendor),
                    })
                }
                Some(Err(reason)) => {
                    return Err(BuildError::InvalidOption {
                        name: name.clone(),
                        reason,
                    })
                }
                Some(Ok(())) => {}
            }
        }
        Ok(out)
    }

    /// Every name an API of `vendor` takes.
    pub fn names(vendor: Vendor) -> Vec<&'static str> {
        let own: &[&'static str] = match vendor {
            Vendor::Taobao => &taobao::BuildOptions::NAMES,
            Vendor::Wdt => &wdt::BuildOptions::NAMES,
            Vendor::Kingdee => &kingdee::BuildOptions::NAMES,
        };
        let mut names = own.to_vec();
        names.push(base_name(vendor));
        names.extend(COMMON);
        names
    }

    /// Stored state, leniently: see the module doc.
    fn stored(value: &Value) -> Self {
        let mut out = Self::default();
        for (name, value) in value.as_object().into_iter().flatten() {
            let _ = out.set(None, name, value);
        }
        out
    }

    /// Sets `name` if it is an option of `vendor` (of any vendor for `None`).
    fn set(
        &mut self,
        vendor: Option<Vendor>,
        name: &str,
        value: &Value,
    ) -> Option<Result<(), OptionProblem>> {
        let takes = |v: Vendor| vendor.is_none_or(|mine| mine == v);
        // Where the request goes is named, never a number.
        let slot = match name {
            "timestamp" => return Some(text(value).map(|t| self.timestamp = t)),
            "environment" => &mut self.environment,
            "origin" => &mut self.origin,
            "gateway" if takes(Vendor::Taobao) => &mut self.base,
            "base" if vendor != Some(Vendor::Taobao) => &mut self.base,
            _ => {
                let mut found = None;
                if takes(Vendor::Taobao) {
                    found = found.or_else(|| self.taobao.set(name, value));
                }
                if takes(Vendor::Wdt) {
                    found = found.or_else(|| self.wdt.set(name, value));
                }
                if takes(Vendor::Kingdee) {
                    found = found.or_else(|| self.kingdee.set(name, value));
                }
                return found;
            }
        };
        Some(match value {
            Value::Null | Value::String(_) => {
                *slot = value.as_str().map(str::to_string);
                Ok(())
            }
            _ => Err(OptionProblem::NotAString),
        })
    }

    /// What a share link, history entry or saved request keeps: the pins and the vendor
    /// options a person chose, not where the request went (`base`, `environment`,
    /// `origin`), the CLI's `format`/`v` overrides or 旺店通 paging (in the document).
    pub fn shareable(&self) -> Self {
        Self {
            timestamp: self.timestamp.clone(),
            taobao: self.taobao.shareable(),
            wdt: self.wdt.shareable(),
            kingdee: self.kingdee.clone(),
            base: None,
            environment: None,
            origin: None,
        }
    }

    /// Every text option, to scrub a credential value that found its way into one.
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut String> {
        [
            &mut self.timestamp,
            &mut self.base,
            &mut self.environment,
            &mut self.origin,
        ]
        .into_iter()
        .flatten()
        .chain(self.taobao.texts_mut())
        .chain(self.kingdee.texts_mut())
    }
}

impl<'de> Deserialize<'de> for BuildOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read as JSON first: a value of the wrong kind is dropped, not fatal.
        Value::deserialize(d).map(|v| Self::stored(&v))
    }
}

/// Why an option's value was refused: the kind it must be, and what was given when that
/// helps (a word that is not one of the choices).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionProblem {
    /// Where the request goes (`base`, `origin`, `environment`) is named by a string.
    NotAString,
    /// A string or a number.
    NotText,
    /// `true`/`false` (or the text `true`/`1`/`false`/`0`); `given` when it was text.
    NotAFlag { given: Option<String> },
    /// One of `allowed`; `given` when it was text.
    NotOneOf {
        given: Option<String>,
        allowed: Vec<String>,
    },
    /// 旺店通 paging that does not read as `{page_no, page_size}`.
    BadPage { detail: String },
    /// A server-side environment (the mocks) needs the server's origin.
    NeedsOrigin { environment: String },
}

impl std::fmt::Display for OptionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let given = |g: &Option<String>| g.as_ref().map(|g| format!("`{g}`: ")).unwrap_or_default();
        match self {
            Self::NotAString => write!(f, "must be a string"),
            Self::NotText => write!(f, "must be text (a JSON string or number)"),
            Self::NotAFlag { given: g } => write!(f, "{}must be `true` or `false`", given(g)),
            Self::NotOneOf { given: g, allowed } => {
                write!(f, "{}must be one of {}", given(g), allowed.join(", "))
            }
            Self::BadPage { detail } => write!(f, "must be {{page_no, page_size}}: {detail}"),
            Self::NeedsOrigin { environment } => write!(
                f,
                "the `{environment}` environment lives on the countersign server: give its origin, e.g. http://127.0.0.1:8080"
            ),
        }
    }
}

impl crate::lang::Localise for OptionProblem {
    fn zh(&self) -> String {
        let given = |g: &Option<String>| g.as_ref().map(|g| format!("`{g}`：")).unwrap_or_default();
        match self {
            Self::NotAString => "必须是字符串".into(),
            Self::NotText => "必须是文本（JSON 字符串或数字）".into(),
            Self::NotAFlag { given: g } => format!("{}必须是 `true` 或 `false`", given(g)),
            Self::NotOneOf { given: g, allowed } => {
                format!("{}必须是 {} 之一", given(g), allowed.join("、"))
            }
            Self::BadPage { detail } => format!("必须是 {{page_no, page_size}}：{detail}"),
            Self::NeedsOrigin { environment } => format!(
                "`{environment}` 环境在 countersign 服务器上：请给出它的地址，例如 http://127.0.0.1:8080"
            ),
        }
    }
}

/// A text option: a string as is, a number as its digits; `null` is none.
pub(crate) fn text(value: &Value) -> Result<Option<String>, OptionProblem> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(OptionProblem::NotText),
    }
}

/// A yes/no option: `true`/`false`, or the text `true`/`1`/`false`/`0`.
pub(crate) fn flag(value: &Value) -> Result<Option<bool>, OptionProblem> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) => match s.trim() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" | "" => Ok(Some(false)),
            other => Err(OptionProblem::NotAFlag {
                given: Some(other.to_string()),
            }),
        },
        _ => Err(OptionProblem::NotAFlag { given: None }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stored(text: &str) -> BuildOptions {
        serde_json::from_str(text).unwrap()
    }

    /// The shapes share links, history entries and saved requests hold (written by the
    /// app's `options_of` since v1, and by hand in links people edit) read back typed.
    #[test]
    fn stored_shapes_of_every_version_read_back() {
        let t = stored(
            r#"{"timestamp":"2016-09-09 12:00:00","sign_method":"hmac","partner_id":"top-sdk","simplify":true,"target_app_key":"99"}"#,
        );
        assert_eq!(t.timestamp.as_deref(), Some("2016-09-09 12:00:00"));
        assert_eq!(
            t.taobao,
            taobao::BuildOptions {
                sign_method: Some("hmac".into()),
                partner_id: Some("top-sdk".into()),
                simplify: Some(true),
                target_app_key: Some("99".into()),
                ..Default::default()
            }
        );
        assert_eq!(
            stored(r#"{"json_style":"php"}"#).wdt.json_style,
            wdt::JsonStyle::Php
        );
        // Numbers as text, `"true"`/`"1"` as yes: the app has always read them so.
        let k = stored(r#"{"nonce":42,"timestamp":1700000000000,"simplify":"1"}"#);
        assert_eq!(k.kingdee.nonce.as_deref(), Some("42"));
        assert_eq!(k.timestamp.as_deref(), Some("1700000000000"));
        assert_eq!(k.taobao.simplify, Some(true));
        // Unknown names and values of the wrong kind are left out, not fatal.
        let odd = stored(
            r#"{"nonce":"7","app_secret":"nope","credentials":{"session":"s"},"json_style":"pretty","sign_method":{"a":1},"page":"x"}"#,
        );
        assert_eq!(
            odd,
            BuildOptions {
                kingdee: kingdee::BuildOptions {
                    nonce: Some("7".into())
                },
                ..BuildOptions::default()
            }
        );
        for empty in ["null", "{}", "[1]", "\"x\""] {
            assert_eq!(stored(empty), BuildOptions::default(), "{empty}");
        }
    }

    /// Written back in the same flat shape, defaults left out, so a link made now opens
    /// in an older build too.
    #[test]
    fn writes_the_flat_shape_without_defaults() {
        let o = BuildOptions {
            timestamp: Some("232623153".into()),
            wdt: wdt::BuildOptions {
                json_style: wdt::JsonStyle::Php,
                page: None,
            },
            ..BuildOptions::default()
        };
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            json!({"timestamp": "232623153", "json_style": "php"})
        );
        assert_eq!(
            serde_json::to_value(BuildOptions::default()).unwrap(),
            json!({})
        );
        let back: BuildOptions = serde_json::from_value(serde_json::to_value(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }

    #[test]
    fn cli_options_are_read_strictly_with_the_option_named() {
        let o = BuildOptions::from_json(
            Vendor::Taobao,
            &json!({"sign_method": "hmac", "gateway": "https://x", "simplify": false, "v": null}),
        )
        .unwrap();
        assert_eq!(o.base.as_deref(), Some("https://x"));
        assert_eq!(o.taobao.simplify, Some(false));
        assert_eq!(o.taobao.v, None);
        let w = BuildOptions::from_json(
            Vendor::Wdt,
            &json!({"json_style": "php", "page": {"page_size": 10}, "base": "http://b"}),
        )
        .unwrap();
        assert_eq!(w.wdt.page.unwrap().page_size, Some(json!(10)));

        match BuildOptions::from_json(Vendor::Kingdee, &json!({"sign_method": "md5"})) {
            Err(BuildError::UnknownOption { name, allowed }) => {
                assert_eq!(name, "sign_method");
                assert_eq!(
                    allowed,
                    ["nonce", "base", "timestamp", "environment", "origin"]
                );
            }
            other => panic!("{other:?}"),
        }
        // Each vendor names its base its own way.
        assert!(matches!(
            BuildOptions::from_json(Vendor::Taobao, &json!({"base": "x"})),
            Err(BuildError::UnknownOption { name, .. }) if name == "base"
        ));
        for (vendor, options, name) in [
            (Vendor::Wdt, json!({"json_style": "pretty"}), "json_style"),
            (Vendor::Wdt, json!({"page": {"size": 1}}), "page"),
            (Vendor::Taobao, json!({"simplify": "maybe"}), "simplify"),
            (Vendor::Taobao, json!({"sign_method": {}}), "sign_method"),
            (Vendor::Kingdee, json!({"nonce": [1]}), "nonce"),
            (Vendor::Kingdee, json!({"environment": 1}), "environment"),
        ] {
            match BuildOptions::from_json(vendor, &options) {
                Err(e @ BuildError::InvalidOption { .. }) => {
                    assert!(e.to_string().contains(&format!("option `{name}`")), "{e}");
                    assert!(
                        crate::lang::Localise::zh(&e).contains(&format!("选项 `{name}`")),
                        "{e}"
                    );
                }
                other => panic!("{options}: {other:?}"),
            }
        }
        assert_eq!(
            BuildOptions::from_json(Vendor::Wdt, &json!([1])),
            Err(BuildError::NotAnObject { what: "options" })
        );
        assert_eq!(
            BuildOptions::from_json(Vendor::Wdt, &Value::Null),
            Ok(BuildOptions::default())
        );
    }

    #[test]
    fn shareable_keeps_the_pins_and_chosen_options_only() {
        let o = BuildOptions::from_json(
            Vendor::Wdt,
            &json!({"timestamp": "1", "json_style": "php", "page": {"page_no": 1}, "base": "b", "environment": "mock", "origin": "o"}),
        )
        .unwrap();
        assert_eq!(
            serde_json::to_value(o.shareable()).unwrap(),
            json!({"timestamp": "1", "json_style": "php"})
        );
    }
}
