//! Reading one canonical CSV file into a [`Table`] of trimmed cells with physical line numbers,
//! and [`RowCx`], the per-row helper that turns bad cells into findings.

use super::Finding;
use super::value::{BOOL_FORMS, DATE_FORMS, parse_bool, parse_date};
use chrono::NaiveDate;
use std::fmt::Display;
use std::path::Path;

/// The columns of one canonical file.
#[derive(Debug, Clone, Copy)]
pub(super) struct FileSpec {
    /// File name in the records directory (`students.csv`).
    pub name: &'static str,
    /// Columns that must be present (a value may still be empty).
    pub required: &'static [&'static str],
    /// Columns that may be present.
    pub optional: &'static [&'static str],
}

/// Columns whose values are personal data that findings must never echo.
const PRIVATE_COLUMNS: &[&str] = &[
    "id_number",
    "guardian_phone",
    "father_phone",
    "mother_phone",
    "home_address",
];

/// A CSV file read into trimmed cells.
#[derive(Debug)]
pub(super) struct Table {
    /// File name in the records directory.
    pub file: &'static str,
    /// Header cells, trimmed, as written.
    headers: Vec<String>,
    /// Canonical column name → index of its (first) header.
    columns: Vec<(&'static str, usize)>,
    /// Data rows; rows whose every cell is empty are skipped.
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug)]
pub(super) struct Row {
    /// Physical line where the row starts (1-based).
    pub line: usize,
    /// Trimmed cells.
    pub cells: Vec<String>,
    /// Where a quoted field of the row runs over a line break, if one does.
    pub quote: Option<QuoteRun>,
}

/// A quoted field that runs over line breaks, so that one row covers several physical lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct QuoteRun {
    /// Physical line where the quote opens.
    pub open: usize,
    /// Physical line where the row ends.
    pub end: usize,
    /// Whether the quote is never closed (it runs to the end of the file).
    pub unclosed: bool,
    /// Whether text follows a closing quote in the same field (`"a"b`): a sign that a quote
    /// opened by mistake was closed by the opening quote of a later field.
    pub stray: bool,
}

impl Table {
    /// Index of a canonical column, when the file has it.
    fn index(&self, column: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, i)| *i)
    }

    /// The header of a canonical column as written in the file (the canonical name when absent).
    pub fn header<'a>(&'a self, column: &'a str) -> &'a str {
        self.index(column)
            .and_then(|i| self.headers.get(i))
            .map_or(column, String::as_str)
    }

    /// Whether a row has as many fields as the header.
    pub fn is_ragged(&self, row: &Row) -> bool {
        row.cells.len() != self.headers.len()
    }

    /// The trimmed cell of a canonical column, or `""` when the column or cell is absent.
    pub fn cell<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.index(column)
            .and_then(|i| row.cells.get(i))
            .map_or("", String::as_str)
    }
}

/// Reads `dir/spec.name`.
///
/// Gives the table and its warnings (unknown, duplicate or unnamed columns; an empty optional
/// file, read as no rows), or the fatal problems: unreadable file, not UTF-8, an empty
/// `required` file, missing required columns.
pub(super) fn read_table(
    dir: &Path,
    spec: &FileSpec,
    required: bool,
) -> Result<(Table, Vec<Finding>), Vec<Finding>> {
    let file = spec.name;
    let fatal = |msg: String| vec![Finding::error(file, None, None, msg)];
    let bytes = std::fs::read(dir.join(file)).map_err(|e| fatal(format!("cannot read: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = count_newlines(&bytes[..e.valid_up_to()]) + 1;
        vec![Finding::error(
            file,
            Some(line),
            None,
            "file is not UTF-8 (only UTF-8 is supported for now); save it as CSV UTF-8".to_owned(),
        )]
    })?;
    parse_table(text, spec, required)
}

/// Parses the text of a file (BOM already removed). A file with nothing but white space (and
/// byte order marks) is fatal when `required`, else a warning and a table without rows.
fn parse_table(
    text: &str,
    spec: &FileSpec,
    required: bool,
) -> Result<(Table, Vec<Finding>), Vec<Finding>> {
    let file = spec.name;
    if text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') {
        if required {
            return Err(vec![Finding::error(
                file,
                None,
                None,
                "file is empty, expected a header line".to_owned(),
            )]);
        }
        let table = Table {
            file,
            headers: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
        };
        let warning = Finding::warning(
            file,
            None,
            None,
            "empty file: no header and no rows; read as no rows".to_owned(),
        );
        return Ok((table, vec![warning]));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text.as_bytes());
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| lines.line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX)));
                return Err(vec![Finding::error(
                    file,
                    line,
                    None,
                    format!("cannot read CSV: {e}"),
                )]);
            }
        }
        let offset = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        let line = lines.line_at(offset);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if header.is_none() {
            header = Some((line, cells));
        } else if cells.iter().any(|c| !c.is_empty()) {
            let quote = quote_run(text.as_bytes(), offset, end, line);
            rows.push(Row { line, cells, quote });
        }
    }
    let Some((header_line, headers)) = header else {
        return Err(vec![Finding::error(
            file,
            None,
            None,
            "file is empty, expected a header line".to_owned(),
        )]);
    };

    let mut warnings = Vec::new();
    let mut columns: Vec<(&'static str, usize)> = Vec::new();
    let mut unknown: Vec<(usize, &str)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            if rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
            {
                warnings.push(Finding::warning(
                    file,
                    Some(header_line),
                    None,
                    format!("column {} has no header, ignored", i + 1),
                ));
            }
            continue;
        }
        let known = spec
            .required
            .iter()
            .chain(spec.optional)
            .find(|c| c.eq_ignore_ascii_case(h));
        match known {
            Some(c) if columns.iter().any(|(k, _)| k == c) => warnings.push(Finding::warning(
                file,
                Some(header_line),
                Some(h),
                format!("duplicate column `{h}`, ignored"),
            )),
            Some(c) => columns.push((c, i)),
            None => unknown.push((warnings.len(), h)),
        }
    }
    // Canonical columns the file lacks: an unknown header close to one is likely a misspelling.
    let absent: Vec<&str> = spec
        .required
        .iter()
        .chain(spec.optional)
        .copied()
        .filter(|c| !columns.iter().any(|(k, _)| k == c))
        .collect();
    for (n, (at, h)) in unknown.iter().enumerate() {
        let hint = closest(h, absent.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        let finding = Finding::warning(
            file,
            Some(header_line),
            Some(h),
            format!("unknown column `{h}`, ignored{hint}"),
        );
        // Keep header order among the other header warnings.
        warnings.insert(at + n, finding);
    }
    let missing: Vec<Finding> = spec
        .required
        .iter()
        .filter(|c| !columns.iter().any(|(k, _)| k == *c))
        .map(|c| {
            let hint = closest(c, unknown.iter().map(|(_, h)| *h))
                .map(|h| format!("; did you mean `{h}`? rename that column to `{c}`"))
                .unwrap_or_default();
            Finding::error(
                file,
                Some(header_line),
                Some(c),
                format!("missing required column `{c}`{hint}"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok((
        Table {
            file,
            headers,
            columns,
            rows,
        },
        warnings,
    ))
}

/// The candidate closest to `word` (ignoring case), when close enough to be a misspelling of
/// it: at most 2 edits, or a third of the longer word's characters.
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            let len = word.chars().count().max(c.chars().count());
            *d > 0 && *d <= 2.max(len / 3) && *d < len
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Where a quoted field of the record at `text[start..end]` (starting on `line`) runs over a
/// line break, if one does: the line where the quote opens, the record's last line, and
/// whether the quote is never closed or closed with text after it in its field.
///
/// The quote named is the one most likely opened by mistake: one never closed, else the first
/// line-spanning one followed by stray text (`"a…"b`), else the first line-spanning one.
/// Follows the CSV reader's quoting: a quote opens a field only at the field's start, and `""`
/// inside a quoted field is a literal quote.
fn quote_run(text: &[u8], start: usize, end: usize, line: usize) -> Option<QuoteRun> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let bytes = text.get(start..end.min(text.len()))?;
    // Like `LineCounter::line_at`: the record starts after any line breaks at `start`.
    let skip = bytes
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let bytes = bytes.get(skip..)?.trim_ascii_end();
    let line_of = |at: usize| line + count_newlines(bytes.get(..at).unwrap_or_default());
    let mut state = State::FieldStart;
    // Where the current quoted field opened, and whether it holds a line break.
    let mut opened_at = 0;
    let mut spans = false;
    let mut first_span = None;
    let mut stray_span = None;
    for (i, b) in bytes.iter().enumerate() {
        state = match (state, *b) {
            (State::FieldStart, b'"') => {
                opened_at = i;
                spans = false;
                State::Quoted
            }
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, b',') => State::FieldStart,
            // `""` inside a quoted field: a literal quote, the field stays quoted.
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, _) => {
                if spans {
                    stray_span.get_or_insert(opened_at);
                }
                State::Unquoted
            }
            (State::FieldStart | State::Unquoted, _) => State::Unquoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, b'\n') => {
                spans = true;
                first_span.get_or_insert(opened_at);
                State::Quoted
            }
            (State::Quoted, _) => State::Quoted,
        };
    }
    let unclosed = state == State::Quoted && spans;
    let open = if unclosed {
        opened_at
    } else {
        stray_span.or(first_span)?
    };
    Some(QuoteRun {
        open: line_of(open),
        end: line_of(bytes.len()),
        unclosed,
        stray: stray_span.is_some(),
    })
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Physical line numbers from byte offsets, for offsets given in increasing order.
///
/// `csv`'s own `Position::line` counts a CRLF record end on the next record and does not count
/// skipped blank lines, so lines are counted here from the record's byte offset instead.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `offset` that is not a line break (where a
    /// record starts; blank lines before it are skipped by the CSV reader).
    fn line_at(&mut self, offset: usize) -> usize {
        let mut start = offset.min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start >= self.offset {
            self.line += count_newlines(&self.text[self.offset..start]);
        } else {
            self.line = count_newlines(&self.text[..start]) + 1;
        }
        self.offset = start;
        self.line
    }
}

/// The value of a cell as it may appear in a message: in backticks, or withheld for personal
/// data (phones, ID numbers, addresses).
pub(super) fn shown(column: &str, value: &str) -> String {
    if PRIVATE_COLUMNS.contains(&column) {
        "the value".to_owned()
    } else {
        format!("`{value}`")
    }
}

/// One row being read: cell access plus findings at the row's line.
///
/// A problem that makes the row unusable goes through [`RowCx::leave_out`], which marks the row
/// bad; the caller drops bad rows after reading every cell, so one pass reports every problem.
pub(super) struct RowCx<'a> {
    table: &'a Table,
    row: &'a Row,
    findings: &'a mut Vec<Finding>,
    /// Whether the row is left out.
    pub bad: bool,
}

impl<'a> RowCx<'a> {
    /// Starts reading `row`; a ragged row is reported and marked bad at once.
    pub fn new(table: &'a Table, row: &'a Row, findings: &'a mut Vec<Finding>) -> Self {
        let mut cx = RowCx {
            table,
            row,
            findings,
            bad: false,
        };
        let ragged = table.is_ragged(row);
        match row.quote {
            Some(q) if q.unclosed => cx.leave_out(
                None,
                format!(
                    "a quote opened on line {} is never closed and runs to the end of the file \
                     at line {} (check for an unclosed `\"`); the lines in between are read as \
                     one row",
                    q.open, q.end
                ),
            ),
            Some(q) if ragged || q.stray => {
                let fields = if ragged {
                    format!(
                        " of {} fields, but the header has {}",
                        row.cells.len(),
                        table.headers.len()
                    )
                } else {
                    String::new()
                };
                cx.leave_out(
                    None,
                    format!(
                        "a quote opened on line {} runs to line {} (check for an unclosed `\"`); \
                         the lines in between are read as one row{fields}",
                        q.open, q.end
                    ),
                );
            }
            _ if ragged => cx.leave_out(
                None,
                format!(
                    "row has {} fields but the header has {}",
                    row.cells.len(),
                    table.headers.len()
                ),
            ),
            _ => {}
        }
        cx
    }

    /// Physical line of the row.
    pub fn line(&self) -> usize {
        self.row.line
    }

    /// The trimmed cell of a canonical column (`""` when absent).
    pub fn get(&self, column: &str) -> &'a str {
        self.table.cell(self.row, column)
    }

    /// The cell, or `None` when empty.
    pub fn opt(&self, column: &str) -> Option<String> {
        Some(self.get(column))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// The cell lowercased.
    pub fn lower(&self, column: &str) -> String {
        self.get(column).to_lowercase()
    }

    /// Adds an error finding at this row, at a canonical column when given.
    pub fn error(&mut self, column: Option<&str>, message: String) {
        let column = column.map(|c| self.table.header(c));
        let finding = Finding::error(self.table.file, Some(self.row.line), column, message);
        self.findings.push(finding);
    }

    /// Adds a warning finding at this row, at a canonical column when given.
    pub fn warning(&mut self, column: Option<&str>, message: String) {
        let column = column.map(|c| self.table.header(c));
        let finding = Finding::warning(self.table.file, Some(self.row.line), column, message);
        self.findings.push(finding);
    }

    /// Reports why the row cannot be used (`"…; row left out"`) and marks it bad.
    pub fn leave_out(&mut self, column: Option<&str>, why: impl Display) {
        self.error(column, format!("{why}; row left out"));
        self.bad = true;
    }

    /// A key cell: its value, or `""` after reporting the row left out when it is empty.
    pub fn key(&mut self, column: &str) -> &'a str {
        let v = self.get(column);
        if v.is_empty() {
            self.leave_out(
                Some(column),
                format!("`{}` is empty", self.table.header(column)),
            );
        }
        v
    }

    /// A required date; an empty or bad one leaves the row out.
    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.key(column);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(v);
        if d.is_none() {
            let msg = format!("{} is not a date, expected {DATE_FORMS}", shown(column, v));
            self.leave_out(Some(column), msg);
        }
        d
    }

    /// An optional date; a bad one is reported and read as absent, the row is kept.
    pub fn opt_date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.get(column);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(v);
        if d.is_none() {
            let msg = format!(
                "{} is not a date, expected {DATE_FORMS}; value ignored",
                shown(column, v)
            );
            self.error(Some(column), msg);
        }
        d
    }

    /// A boolean; empty is a warning and invalid an error, both read as no.
    pub fn flag(&mut self, column: &str) -> bool {
        let v = self.get(column);
        if v.is_empty() {
            let msg = format!("`{}` is empty; read as no", self.table.header(column));
            self.warning(Some(column), msg);
            return false;
        }
        parse_bool(v).unwrap_or_else(|| {
            let msg = format!(
                "{} is not a yes/no value, expected {BOOL_FORMS}; read as no",
                shown(column, v)
            );
            self.error(Some(column), msg);
            false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Severity;

    const SPEC: FileSpec = FileSpec {
        name: "t.csv",
        required: &["a", "b"],
        optional: &["c"],
    };

    fn lines(text: &str) -> Vec<(usize, Vec<String>)> {
        let (table, _) = parse_table(text, &SPEC, true).expect("table");
        table.rows.into_iter().map(|r| (r.line, r.cells)).collect()
    }

    #[test]
    fn physical_lines_with_blank_lines_quotes_and_crlf() {
        for nl in ["\n", "\r\n"] {
            let text = ["a,b", "1,2", "", "", "3,\"x", "y\"", "5,6", ""].join(nl);
            let rows = lines(&text);
            let got: Vec<usize> = rows.iter().map(|r| r.0).collect();
            assert_eq!(got, [2, 5, 7], "{nl:?}");
            assert_eq!(rows[1].1[1], format!("x{nl}y"));
        }
    }

    #[test]
    fn leading_blank_lines_count() {
        let (table, _) = parse_table("\n\na,b\n1,2\n", &SPEC, true).expect("table");
        assert_eq!(table.rows[0].line, 4);
    }

    #[test]
    fn cells_trimmed_and_empty_rows_skipped() {
        let rows = lines(" a , b \n  x\u{3000}, y \n,\n , \n7,8");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1, ["x", "y"]);
        assert_eq!(rows[1].0, 5);
    }

    #[test]
    fn headers_case_insensitive_unknown_duplicate_and_unnamed() {
        let (table, warnings) =
            parse_table("A,b,zz,a,,\n1,2,3,4,,\n5,6,7,8,,x\n", &SPEC, true).expect("table");
        assert_eq!(table.header("a"), "A");
        assert_eq!(table.cell(&table.rows[0], "a"), "1");
        assert_eq!(table.cell(&table.rows[0], "c"), "");
        let msgs: Vec<(&str, Option<&str>)> = warnings
            .iter()
            .map(|f| (f.message.as_str(), f.column.as_deref()))
            .collect();
        assert_eq!(
            msgs,
            [
                ("unknown column `zz`, ignored", Some("zz")),
                ("duplicate column `a`, ignored", Some("a")),
                ("column 6 has no header, ignored", None),
            ]
        );
    }

    #[test]
    fn missing_columns_and_empty_file_are_fatal() {
        let err = parse_table("a,c\n1,2\n", &SPEC, false).expect_err("missing b");
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].message, "missing required column `b`");
        assert_eq!(err[0].column.as_deref(), Some("b"));
        for text in ["", "\n\n", " \r\n\t", "\u{FEFF}", "\u{FEFF}\n \u{FEFF}"] {
            let err = parse_table(text, &SPEC, true).expect_err("empty");
            assert_eq!(err.len(), 1, "{text:?}");
            let e = &err[0];
            assert_eq!(
                (e.severity, e.file.as_str(), e.line, e.column.as_deref()),
                (Severity::Error, "t.csv", None, None),
                "{text:?}"
            );
            assert_eq!(e.message, "file is empty, expected a header line");
        }
    }

    #[test]
    fn empty_optional_file_is_a_warning_and_no_rows() {
        for text in ["", "\n\n", " \r\n\t", "\u{FEFF}", "\u{FEFF}\n \u{FEFF}"] {
            let (table, warnings) = parse_table(text, &SPEC, false).expect("empty optional");
            assert!(table.rows.is_empty(), "{text:?}");
            assert_eq!(warnings.len(), 1, "{text:?}");
            let w = &warnings[0];
            assert_eq!(
                (w.severity, w.file.as_str(), w.line, w.column.as_deref()),
                (Severity::Warning, "t.csv", None, None),
                "{text:?}"
            );
            assert_eq!(
                w.message,
                "empty file: no header and no rows; read as no rows"
            );
        }
    }

    #[test]
    fn missing_column_names_the_closest_unknown_header() {
        let err = parse_table("a,Bee,zz\n1,2,3\n", &SPEC, true).expect_err("missing b");
        assert_eq!(err.len(), 1);
        let e = &err[0];
        assert_eq!(
            (e.severity, e.line, e.column.as_deref()),
            (Severity::Error, Some(1), Some("b"))
        );
        assert_eq!(
            e.message,
            "missing required column `b`; did you mean `Bee`? rename that column to `b`"
        );
        let spec = FileSpec {
            name: "conduct.csv",
            required: &["date", "student_id", "severity", "note"],
            optional: &[],
        };
        let err = parse_table("date,student_id,sevrity,note,place\n", &spec, false)
            .expect_err("missing severity");
        let got: Vec<(Option<usize>, Option<&str>, &str)> = err
            .iter()
            .map(|e| (e.line, e.column.as_deref(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                Some(1),
                Some("severity"),
                "missing required column `severity`; did you mean `sevrity`? rename that \
                 column to `severity`"
            )]
        );
        // Nothing close: no guess.
        let err = parse_table("date,student_id,place,note\n", &spec, false).expect_err("x");
        assert_eq!(err[0].message, "missing required column `severity`");
    }

    #[test]
    fn unknown_column_close_to_an_absent_one_is_named() {
        let (_, warnings) = parse_table("a,b,cc,zz,A\n1,2,3,4,5\n", &SPEC, true).expect("table");
        let got: Vec<(Severity, Option<usize>, Option<&str>, &str)> = warnings
            .iter()
            .map(|f| (f.severity, f.line, f.column.as_deref(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Severity::Warning,
                    Some(1),
                    Some("cc"),
                    "unknown column `cc`, ignored; did you mean `c`?"
                ),
                (
                    Severity::Warning,
                    Some(1),
                    Some("zz"),
                    "unknown column `zz`, ignored"
                ),
                (
                    Severity::Warning,
                    Some(1),
                    Some("A"),
                    "duplicate column `A`, ignored"
                ),
            ]
        );
    }

    #[test]
    fn closest_needs_a_near_miss() {
        let roles = ["head_teacher", "teacher", "volunteer"];
        assert_eq!(closest("head_techer", roles), Some("head_teacher"));
        assert_eq!(closest("Head_Techer", roles), Some("head_teacher"));
        assert_eq!(closest("teachr", roles), Some("teacher"));
        assert_eq!(closest("volunter", roles), Some("volunteer"));
        assert_eq!(closest("cook", roles), None);
        assert_eq!(
            closest("teacher", roles),
            None,
            "an exact match is no misspelling"
        );
        assert_eq!(closest("x", ["y"]), None);
    }

    fn quote_of(text: &str) -> Vec<(usize, Option<QuoteRun>)> {
        let (table, _) = parse_table(text, &SPEC, true).expect("table");
        table.rows.into_iter().map(|r| (r.line, r.quote)).collect()
    }

    #[test]
    fn quote_runs_over_lines_are_located() {
        for nl in ["\n", "\r\n"] {
            // Line 3 opens a quote in its second field that closes on line 5.
            let text = ["a,b", "1,2", "3,\"x", "y", "z\",q", "5,6", ""].join(nl);
            let q = QuoteRun {
                open: 3,
                end: 5,
                unclosed: false,
                stray: false,
            };
            assert_eq!(
                quote_of(&text),
                [(2, None), (3, Some(q)), (6, None)],
                "{nl:?}"
            );
            // Two quoted fields, one holding `""`.
            let text = ["a,b", "\"p\"\"q\",\"r", "s\"", ""].join(nl);
            let q = QuoteRun {
                open: 2,
                end: 3,
                unclosed: false,
                stray: false,
            };
            assert_eq!(quote_of(&text), [(2, Some(q))], "{nl:?}");
            // Never closed: runs to the last line, the trailing line break not counted.
            let text = ["a,b", "1,2", "3,\"x", "5,6", "7,8", ""].join(nl);
            let q = QuoteRun {
                open: 3,
                end: 5,
                unclosed: true,
                stray: false,
            };
            assert_eq!(quote_of(&text), [(2, None), (3, Some(q))], "{nl:?}");
        }
        // A note over two lines, then a quote that opens on line 3 and is never closed.
        let q = QuoteRun {
            open: 3,
            end: 4,
            unclosed: true,
            stray: false,
        };
        assert_eq!(quote_of("a,b,c\n\"x\ny\",\"p\nq\n"), [(2, Some(q))]);
        // A note over two lines, then a stray quote on line 3 closed on line 4.
        let q = QuoteRun {
            open: 3,
            end: 4,
            unclosed: false,
            stray: true,
        };
        assert_eq!(quote_of("a,b,c\n\"x\ny\",\"p\nq\"r,s\n"), [(2, Some(q))]);
        // Stray text after a quote within one line is not what makes the row span lines.
        let q = QuoteRun {
            open: 2,
            end: 3,
            unclosed: false,
            stray: false,
        };
        assert_eq!(quote_of("a,b,c\n\"x\ny\",\"p\"q,\"z\n"), [(2, Some(q))]);
        // Text after the closing quote: a stray quote.
        let q = QuoteRun {
            open: 2,
            end: 3,
            unclosed: false,
            stray: true,
        };
        assert_eq!(quote_of("a,b\n3,\"x\ny\"z\n"), [(2, Some(q))]);
        // Quotes within one line, and a quote inside an unquoted field, are no run.
        assert_eq!(
            quote_of("a,b\n\"x,\"\"y\",z\n5\",6\n"),
            [(2, None), (3, None)]
        );
        // A quoted field that holds `""` and a line break: the run opens where the field does.
        let q = QuoteRun {
            open: 3,
            end: 4,
            unclosed: false,
            stray: false,
        };
        assert_eq!(
            quote_of("a,b\n\n1,\"say \"\"hi\"\"\nthen\"\n"),
            [(3, Some(q))]
        );
    }

    #[test]
    fn private_values_are_not_shown() {
        assert_eq!(shown("guardian_phone", "13800000000"), "the value");
        assert_eq!(shown("home_address", "x"), "the value");
        assert_eq!(shown("id_number", "x"), "the value");
        assert_eq!(shown("birth_date", "x"), "`x`");
    }
}
