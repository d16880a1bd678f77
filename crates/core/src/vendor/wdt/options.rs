//! The 旺店通 build options: how the body's JSON is written and the paging parameters.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Page;
use crate::options::OptionProblem;

/// How the body's JSON array is written. 旺店通 signs the body byte for byte, so a body
/// written by PHP's `json_encode` must be rebuilt the same way to match its signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonStyle {
    /// serde_json's compact form.
    #[default]
    Compact,
    /// PHP's `json_encode` default: non-ASCII as `\uXXXX`, `/` as `\/`.
    Php,
}

impl JsonStyle {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "compact" => Some(Self::Compact),
            "php" => Some(Self::Php),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compact => "compact",
            Self::Php => "php",
        }
    }

    fn is_compact(&self) -> bool {
        *self == Self::Compact
    }
}

/// 旺店通's own build options; the pinned timestamp and the base URL are common to every
/// vendor and live in [`crate::options::BuildOptions`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildOptions {
    /// Left out of the JSON when compact (the default), as links have always had it.
    #[serde(skip_serializing_if = "JsonStyle::is_compact")]
    pub json_style: JsonStyle,
    /// `page_size`, `page_no`, `calc_total` in the URL; when absent the document's
    /// `pager` parameter (if the API has one) is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
}

impl BuildOptions {
    pub const NAMES: [&'static str; 2] = ["page", "json_style"];

    /// Sets option `name` from its JSON value: `None` when `name` is not 旺店通's,
    /// `Some(Err(reason))` when the value is not one the option takes.
    pub fn set(&mut self, name: &str, value: &Value) -> Option<Result<(), OptionProblem>> {
        Some(match name {
            "json_style" => match value {
                Value::Null => {
                    self.json_style = JsonStyle::Compact;
                    Ok(())
                }
                Value::String(s) => JsonStyle::parse(s)
                    .map(|style| self.json_style = style)
                    .ok_or_else(|| json_style_problem(Some(s))),
                _ => Err(json_style_problem(None)),
            },
            "page" => match value {
                Value::Null => {
                    self.page = None;
                    Ok(())
                }
                _ => Page::deserialize(value)
                    .map(|p| self.page = Some(p))
                    .map_err(|e| OptionProblem::BadPage {
                        detail: e.to_string(),
                    }),
            },
            _ => return None,
        })
    }

    /// The options a share link, history entry or saved request keeps: paging is part
    /// of the builder's document there.
    pub fn shareable(&self) -> Self {
        Self {
            page: None,
            ..self.clone()
        }
    }
}

fn json_style_problem(given: Option<&str>) -> OptionProblem {
    OptionProblem::NotOneOf {
        given: given.map(str::to_string),
        allowed: vec!["compact".into(), "php".into()],
    }
}
