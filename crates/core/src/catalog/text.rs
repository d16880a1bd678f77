//! Bilingual text: every word the catalog shows exists in 中文 and English.

use serde::{Deserialize, Serialize};

pub use crate::lang::Lang;

impl Lang {
    /// A catalog text in this language (the other one when this one is empty).
    pub fn text(self, t: &Text) -> &str {
        self.pick(&t.zh, &t.en)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// True when `needle` occurs in either language (case-insensitive for English).
    pub fn contains(&self, needle: &str) -> bool {
        self.zh.contains(needle) || self.en.to_lowercase().contains(&needle.to_lowercase())
    }
}
