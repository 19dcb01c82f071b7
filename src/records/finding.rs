//! Findings: problems in the records or the policy (never rule outcomes).

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The value or row could not be used as written.
    Error,
    /// Usable, but worth a look.
    Warning,
    /// Allowed, but noted (the data-quality report of `check` only): never changes an exit code.
    Note,
}

/// A problem in the records (or in how the policy meets the records).
///
/// JSON shape: `{"severity", "file", "sheet", "line", "column", "message"}`; `line` is the
/// physical line of the CSV file or the row number of the sheet (1-based, title rows
/// counted), `column` the header as written, `sheet` present for workbooks only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: Severity,
    /// File name relative to the records directory (`contacts.csv`), or empty for findings
    /// about the records as a whole.
    pub file: String,
    /// Sheet name, for XLSX workbooks only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Physical line (CSV) or row number (XLSX), 1-based.
    pub line: Option<usize>,
    /// Column header as written in the file.
    pub column: Option<String>,
    /// What is wrong, lowercase, no trailing period, user input in backticks. Never holds a
    /// phone number, ID number or address: values that look like one are withheld
    /// ([`crate::privacy::mask_message`]).
    pub message: String,
    /// The message in Chinese, where the code that finds the problem writes one (shown by
    /// `--lang zh`; the English one otherwise). Masked like `message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_zh: Option<String>,
}

/// A finding's message: English, and Chinese where the code writes one. A `String` (or
/// `&str`) is an English-only message; `Msg::new(en, zh)` gives both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    /// The English text: lowercase, no trailing period, user input in backticks.
    pub en: String,
    /// The Chinese text, in the same shape (user input in backticks).
    pub zh: Option<String>,
}

impl Msg {
    /// A message in both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Msg {
        Msg {
            en: en.into(),
            zh: Some(zh.into()),
        }
    }

    /// The message with `en_tail` / `zh_tail` appended to each language (`"; row left out"`,
    /// `"；该行未计入"`); a message without Chinese stays without.
    pub fn then(self, en_tail: &str, zh_tail: &str) -> Msg {
        Msg {
            en: format!("{}{en_tail}", self.en),
            zh: self.zh.map(|z| format!("{z}{zh_tail}")),
        }
    }
}

impl From<String> for Msg {
    fn from(en: String) -> Msg {
        Msg { en, zh: None }
    }
}

impl From<&String> for Msg {
    fn from(en: &String) -> Msg {
        Msg::from(en.as_str())
    }
}

impl From<&str> for Msg {
    fn from(en: &str) -> Msg {
        Msg {
            en: en.to_owned(),
            zh: None,
        }
    }
}

impl Finding {
    /// An error finding at `file:line`, optionally at a column.
    pub fn error(
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<Msg>,
    ) -> Self {
        Self::new(Severity::Error, file, line, column, message.into())
    }

    /// A warning finding at `file:line`, optionally at a column.
    pub fn warning(
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<Msg>,
    ) -> Self {
        Self::new(Severity::Warning, file, line, column, message.into())
    }

    /// The message in `lang`: the Chinese one under `Zh` where written, else the English.
    pub fn message_in(&self, lang: crate::lang::Lang) -> &str {
        lang.given(&self.message, self.message_zh.as_deref())
    }

    /// The finding on one line in `lang`: `warning: contacts.csv:12 [date]: …` (`警告：…`
    /// in Chinese). `Display` is the English line.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let sev = match (self.severity, lang) {
            (Severity::Error, Lang::En) => "error: ",
            (Severity::Warning, Lang::En) => "warning: ",
            (Severity::Note, Lang::En) => "note: ",
            (Severity::Error, Lang::Zh) => "错误：",
            (Severity::Warning, Lang::Zh) => "警告：",
            (Severity::Note, Lang::Zh) => "提示：",
        };
        let mut out = sev.to_owned();
        if !self.file.is_empty() {
            out.push_str(&self.file);
            if let Some(sheet) = &self.sheet {
                out.push_str(&format!("[{sheet}]"));
            }
            if let Some(line) = self.line {
                out.push_str(&format!(":{line}"));
            }
            match &self.column {
                // A policy file's column is a number: `plan.ron:12:9`.
                Some(col) if col.bytes().all(|b| b.is_ascii_digit()) => {
                    out.push_str(&format!(":{col}"));
                }
                Some(col) => out.push_str(&format!(" [{col}]")),
                None => {}
            }
            out.push_str(lang.pick(": ", "："));
        }
        out.push_str(self.message_in(lang));
        out
    }

    fn new(
        severity: Severity,
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: Msg,
    ) -> Self {
        Finding {
            severity,
            file: file.to_owned(),
            sheet: None,
            line,
            column: column.map(str::to_owned),
            message: crate::privacy::mask_message(&message.en),
            message_zh: message.zh.as_deref().map(crate::privacy::mask_message),
        }
    }
}

impl Finding {
    /// A note (allowed, but worth knowing) at `file:line`, optionally at a column.
    pub fn note(
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: impl Into<Msg>,
    ) -> Self {
        Self::new(Severity::Note, file, line, column, message.into())
    }

    /// The finding placed on a sheet of a workbook (`file` is then the workbook).
    pub fn on_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_owned);
        self
    }

    /// What kind of problem this is, for the grouped data-quality report.
    pub fn kind(&self) -> FindingKind {
        FindingKind::of(self)
    }
}

/// Kinds of findings, in the order the data-quality report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A file that cannot be read, is missing, empty, or is no record file.
    Files,
    /// Missing, unknown or duplicate columns; the header row.
    Columns,
    /// Rows of the wrong number of fields, quotes that run over lines.
    RowShape,
    /// The same id (or key) twice.
    DuplicateIds,
    /// Ids in the logs (contacts, exams, pairings …) that name nobody, or a left-out row.
    UnknownIds,
    /// Values that are not dates (a two-digit year included).
    Dates,
    /// Dates outside every school year of the calendar.
    OutsideSchoolYear,
    /// Contacts on days that are no school day (allowed, but noted).
    NonSchoolDays,
    /// ID card numbers that are unusable, or student ids that are ID numbers.
    IdNumbers,
    /// Children of the same name in one class (common: a warning).
    SameName,
    /// Empty cells that should hold a value.
    EmptyValues,
    /// Other values that cannot be read as written (words, numbers, labels).
    Values,
    /// Where the policy meets the records (`plan.ron` findings).
    Policy,
}

impl FindingKind {
    /// The kind's heading in the data-quality report, in `lang`.
    pub fn label_in(self, lang: crate::lang::Lang) -> &'static str {
        if lang == crate::lang::Lang::En {
            return self.label();
        }
        match self {
            FindingKind::Files => "文件",
            FindingKind::Columns => "列与表头",
            FindingKind::RowShape => "行格式错误",
            FindingKind::DuplicateIds => "重复编号",
            FindingKind::UnknownIds => "记录中的未知编号",
            FindingKind::Dates => "错误日期",
            FindingKind::OutsideSchoolYear => "学年以外的日期",
            FindingKind::NonSchoolDays => "非在校日的联系（允许）",
            FindingKind::IdNumbers => "身份证号",
            FindingKind::SameName => "同班同名学生",
            FindingKind::EmptyValues => "空值",
            FindingKind::Values => "其他数值",
            FindingKind::Policy => "方案",
        }
    }

    /// The kind's heading in the data-quality report.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Files => "files",
            FindingKind::Columns => "columns and header rows",
            FindingKind::RowShape => "rows of the wrong shape",
            FindingKind::DuplicateIds => "duplicate ids",
            FindingKind::UnknownIds => "unknown ids in logs",
            FindingKind::Dates => "bad dates",
            FindingKind::OutsideSchoolYear => "dates outside the school year",
            FindingKind::NonSchoolDays => "contacts on non-school days (allowed)",
            FindingKind::IdNumbers => "ID card numbers",
            FindingKind::SameName => "children of the same name in one class",
            FindingKind::EmptyValues => "empty values",
            FindingKind::Values => "other values",
            FindingKind::Policy => "policy",
        }
    }

    /// The kind of a finding, from where it is and what its message says (the messages are
    /// written by the records loader, so the two stay together).
    fn of(f: &Finding) -> FindingKind {
        let m = f.message.as_str();
        let has = |p: &str| m.contains(p);
        if f.file.ends_with(".ron") && f.file != "schema.ron" {
            return FindingKind::Policy;
        }
        if has("outside every school year") {
            FindingKind::OutsideSchoolYear
        } else if has("not a school day") {
            FindingKind::NonSchoolDays
        } else if has("same name") {
            FindingKind::SameName
        } else if has("ID number") || has("ID card") {
            FindingKind::IdNumbers
        } else if has("duplicate column")
            || has("column") && (has("unknown") || has("missing"))
            || has("has no header")
            || has("above the header")
        {
            FindingKind::Columns
        } else if has("duplicate") || has("is already a student_id") {
            FindingKind::DuplicateIds
        } else if has("unknown student")
            || has("unknown mentor")
            || has("was left out, see")
            || has("not a known staff_id")
            || has("is a staff_id, not a student_id")
        {
            FindingKind::UnknownIds
        } else if has("fields but the header") || has("a quote opened") {
            FindingKind::RowShape
        } else if f.line.is_none() || has("cannot read") || has("not UTF-8") {
            FindingKind::Files
        } else if has("is not a date") {
            FindingKind::Dates
        } else if has("is empty") || has("empty name") || has("empty class") {
            FindingKind::EmptyValues
        } else {
            FindingKind::Values
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::lang::Lang::En))
    }
}
