//! Report languages: English and Chinese (head teachers read Chinese).

/// The language of text reports and trace explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language the environment asks for: `zh` when `LC_ALL`, `LC_MESSAGES` or `LANG`
    /// (first set, non-empty) starts with `zh`, else English. On Windows, which sets none of
    /// them, the user's language of the system decides when none is set (`zh-CN` → `zh`).
    pub fn from_env() -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty());
        #[cfg(windows)]
        let value = value.or_else(sys_locale::get_locale);
        let value = value.unwrap_or_default();
        if value.to_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Picks the English or the Chinese text.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// A text a plan gives in English and, optionally, in Chinese (`name`/`name_zh`,
    /// `why`/`why_zh`): the Chinese one under `Zh` when given, else the English one.
    pub fn given<'a>(self, en: &'a str, zh: Option<&'a str>) -> &'a str {
        match (self, zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => en,
        }
    }
}
