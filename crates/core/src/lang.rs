//! The two languages countersign speaks, and the one way a message is put in either:
//! [`Localise`]. Errors keep their cause as variant and fields (the code and its
//! parameters); English is their `Display` (the CLI prints it), Chinese sits beside it
//! in the same file, so the app never keeps copies of either.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// `Zh` as the app's preferences wrote it before the two `Lang`s became one.
    #[default]
    #[serde(alias = "Zh")]
    Zh,
    #[serde(alias = "En")]
    En,
}

impl Lang {
    /// From a browser language tag (`zh-CN`, `en-US`, …); anything not Chinese is English.
    pub fn from_tag(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Self::Zh
        } else {
            Self::En
        }
    }

    /// `zh` / `en`, as stored and put in links.
    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    /// The page's `lang` attribute.
    pub fn html_lang(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    /// The inverse of [`Lang::code`].
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }

    /// Picks the text of a bilingual pair, falling back to the other language when empty.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh if !zh.is_empty() => zh,
            Self::En if !en.is_empty() => en,
            Self::Zh => en,
            Self::En => zh,
        }
    }
}

/// A message a person reads, in either language. Implemented by every core error: the
/// English text is its `Display`, the Chinese one [`Localise::zh`].
pub trait Localise: std::fmt::Display {
    /// The message in 中文, naming the same field or cause as the English one.
    fn zh(&self) -> String;

    fn localise(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_codes_and_serde() {
        assert_eq!(Lang::from_tag("zh-Hant-TW"), Lang::Zh);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        for l in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::parse(l.code()), Some(l));
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.code()));
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), l);
            assert_ne!(l.other(), l);
        }
        // What the app stored before: still read.
        assert_eq!(serde_json::from_str::<Lang>("\"En\"").unwrap(), Lang::En);
        assert_eq!(serde_json::from_str::<Lang>("\"Zh\"").unwrap(), Lang::Zh);
        assert_eq!(Lang::Zh.pick("", "x"), "x");
    }
}
