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
}

/// A problem in the records (or in how the policy meets the records).
///
/// JSON shape: `{"severity", "file", "sheet", "line", "column", "message"}`; `line` is the
/// physical line of the CSV file (1-based, header counted) and `column` the header as written.
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
}

impl Finding {
    /// An error finding at `file:line`, optionally at a column.
    pub fn error(file: &str, line: Option<usize>, column: Option<&str>, message: String) -> Self {
        Self::new(Severity::Error, file, line, column, message)
    }

    /// A warning finding at `file:line`, optionally at a column.
    pub fn warning(file: &str, line: Option<usize>, column: Option<&str>, message: String) -> Self {
        Self::new(Severity::Warning, file, line, column, message)
    }

    fn new(
        severity: Severity,
        file: &str,
        line: Option<usize>,
        column: Option<&str>,
        message: String,
    ) -> Self {
        Finding {
            severity,
            file: file.to_owned(),
            sheet: None,
            line,
            column: column.map(str::to_owned),
            message: crate::privacy::mask_message(&message),
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: ")?;
        if !self.file.is_empty() {
            f.write_str(&self.file)?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            match &self.column {
                // A policy file's column is a number: `plan.ron:12:9`.
                Some(col) if col.bytes().all(|b| b.is_ascii_digit()) => write!(f, ":{col}")?,
                Some(col) => write!(f, " [{col}]")?,
                None => {}
            }
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}
