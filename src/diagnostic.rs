//! Diagnostics for policy files: a position, the source line and a caret underline.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The policy cannot be used.
    Error,
    /// The policy can be used but something looks wrong.
    Warning,
}

/// A problem in a policy file, at `file:line:col` (1-based; columns counted in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `error` or `warning`.
    pub level: Level,
    /// Path of the file as given by the user (`policies/x/plan.ron`).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub col: Option<usize>,
    /// Length of the underlined text in characters (at least 1).
    #[serde(skip)]
    pub len: usize,
    /// What is wrong: lowercase, no trailing period, user input in backticks.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The message in Chinese, where the code that finds the problem writes one (`--lang zh`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_zh: Option<String>,
    /// The help in Chinese, where written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_zh: Option<String>,
    /// The source line, for rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at a position of `source` (the whole file text).
    pub fn error(
        file: &str,
        source: &str,
        pos: Option<(usize, usize, usize)>,
        message: String,
    ) -> Self {
        let (line, col, len) = match pos {
            Some((l, c, n)) => (Some(l), Some(c), n.max(1)),
            None => (None, None, 1),
        };
        Diagnostic {
            level: Level::Error,
            file: file.to_owned(),
            line,
            col,
            len,
            message,
            help: None,
            message_zh: None,
            help_zh: None,
            source_line: line
                .and_then(|l| source.lines().nth(l - 1))
                .map(str::to_owned),
        }
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message and the help in Chinese (shown by `--lang zh`).
    pub fn with_zh(mut self, message: impl Into<String>, help: Option<String>) -> Self {
        self.message_zh = Some(message.into());
        self.help_zh = help;
        self
    }

    /// Renders like a compiler, in English ([`Diagnostic::render_in`]).
    pub fn render(&self) -> String {
        self.render_in(crate::lang::Lang::En)
    }

    /// Renders like a compiler: `error: msg`, ` --> file:line:col`, the source line, a caret
    /// underline drawn at display width (so Chinese text is underlined at the right cells),
    /// and `= help: …`; in Chinese (`警告：…`, `= 提示：…`) where the message is written in
    /// Chinese and `lang` asks for it.
    pub fn render_in(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let zh = lang == Lang::Zh && self.message_zh.is_some();
        let level = match (self.level, zh) {
            (Level::Error, false) => "error: ",
            (Level::Warning, false) => "warning: ",
            (Level::Error, true) => "错误：",
            (Level::Warning, true) => "警告：",
        };
        let message = if zh {
            self.message_zh.as_deref().unwrap_or(&self.message)
        } else {
            &self.message
        };
        let mut out = format!("{level}{message}\n");
        match (self.line, self.col) {
            (Some(line), Some(col)) => {
                out.push_str(&format!("  --> {}:{line}:{col}\n", self.file));
                if let Some(src) = &self.source_line {
                    let num = line.to_string();
                    let pad = " ".repeat(num.len());
                    let src = src.replace('\t', "    ");
                    let before: String = expand_tabs_prefix(self.source_line.as_deref(), col);
                    let under: String = src
                        .chars()
                        .skip(before.chars().count())
                        .take(self.len)
                        .collect();
                    let lead = before.width();
                    let carets = under.width().max(1);
                    out.push_str(&format!(
                        "{pad} |\n{num} | {src}\n{pad} | {}{}\n",
                        " ".repeat(lead),
                        "^".repeat(carets)
                    ));
                }
            }
            _ => out.push_str(&format!("  --> {}\n", self.file)),
        }
        match (zh, &self.help, &self.help_zh) {
            (true, _, Some(help)) => out.push_str(&format!("  = 提示：{help}\n")),
            (_, Some(help), _) => out.push_str(&format!("  = help: {help}\n")),
            _ => {}
        }
        out
    }
}

impl From<&Diagnostic> for crate::records::Finding {
    /// A policy diagnostic as a finding of a decision: `column` holds the column number, the
    /// help is appended to the message.
    fn from(d: &Diagnostic) -> Self {
        let en = match &d.help {
            Some(h) => format!("{}; {h}", d.message),
            None => d.message.clone(),
        };
        let zh = d.message_zh.as_ref().map(|m| match &d.help_zh {
            Some(h) => format!("{m}；{h}"),
            None => m.clone(),
        });
        let message = crate::records::Msg { en, zh };
        let column = d.col.map(|c| c.to_string());
        match d.level {
            Level::Error => {
                crate::records::Finding::error(&d.file, d.line, column.as_deref(), message)
            }
            Level::Warning => {
                crate::records::Finding::warning(&d.file, d.line, column.as_deref(), message)
            }
        }
    }
}

/// The text before column `col` of `line`, with tabs expanded to four spaces.
fn expand_tabs_prefix(line: Option<&str>, col: usize) -> String {
    line.unwrap_or("")
        .chars()
        .take(col.saturating_sub(1))
        .collect::<String>()
        .replace('\t', "    ")
}

/// Finds `needles` one after another in `source` and returns the (line, col, len) of the last,
/// in characters (a needle ending in `:` is a key: its colon is not underlined). Used to point a semantic error at the key or value it is about.
pub fn locate(source: &str, needles: &[&str]) -> Option<(usize, usize, usize)> {
    let mut at = 0;
    let mut found = None;
    for needle in needles {
        let mut idx = at + source.get(at..)?.find(needle)?;
        // A key anchor (`n:`) must start a word: `n:` must not match the end of `seen:`.
        if needle.ends_with(':') {
            while source[..idx]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                let next = idx + needle.len();
                idx = next + source.get(next..)?.find(needle)?;
            }
        }
        // A key anchor is written `key:` so that it does not match inside a string; the
        // underline covers the key without its colon.
        let len = needle.strip_suffix(':').unwrap_or(needle).chars().count();
        found = Some((idx, len));
        at = idx + needle.len();
    }
    let (idx, len) = found?;
    let before = &source[..idx];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..idx].chars().count() + 1;
    Some((line, col, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_under_chinese_text_uses_display_width() {
        let src = "(\n  title: \"三好学生\", pointz: 10,\n)";
        let pos = locate(src, &["pointz"]);
        assert_eq!(pos, Some((2, 18, 6)));
        let d = Diagnostic::error("plan.ron", src, pos, "unknown key `pointz`".into());
        let text = d.render();
        // `  title: "三好学生", ` is 17 characters (so `pointz` is at column 18) but 21 cells
        // wide: each of the 4 CJK characters takes two cells.
        assert!(
            text.contains(&format!("  | {}^^^^^^\n", " ".repeat(21))),
            "{text}"
        );
    }

    #[test]
    fn caret_after_tab_is_expanded() {
        let src = "(\n\tkindz: [],\n)";
        let d = Diagnostic::error("p.ron", src, locate(src, &["kindz"]), "x".into());
        assert!(d.render().contains("  |     ^^^^^\n"), "{}", d.render());
    }
}
