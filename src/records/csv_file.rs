//! The one table abstraction every record file is read through: a header and rows of trimmed
//! cells with their line numbers, from a CSV file (any encoding) or a workbook sheet. The
//! header row is found by its columns (title and blank rows above it are skipped), headers and
//! words are mapped by the records' `schema.ron`, full-width digits and punctuation are folded.
//! [`RowCx`] is the per-row helper that turns bad cells into findings.

use super::schema::FileLayout;
use super::value::{
    BOOL_FORMS, BadDate, DATE_FORMS, DATE_FORMS_ZH, date_hint, fold_width, one_line, parse_bool,
    read_date_cell, year_problem,
};
use super::{Finding, Msg};
use chrono::NaiveDate;

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

impl FileSpec {
    /// The file name without `.csv`: the default sheet name in a workbook.
    pub fn stem(&self) -> &'static str {
        self.name.strip_suffix(".csv").unwrap_or(self.name)
    }
}

/// Columns of free text: kept exactly as written (no width folding, no vocabulary).
const TEXT_COLUMNS: &[&str] = &["note"];

/// How many rows from the top are searched for the header row.
pub(super) const HEADER_SEARCH_ROWS: usize = 20;

/// Where a table was read from.
#[derive(Debug, Clone)]
pub(super) struct Source {
    /// The CSV file, or the workbook, as named in the records directory.
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
}

impl Source {
    /// A CSV file.
    pub fn csv(file: &str) -> Self {
        Source {
            file: file.to_owned(),
            sheet: None,
        }
    }
}

/// A record file read into trimmed cells.
#[derive(Debug)]
pub(super) struct Table {
    /// Where it was read from: findings name this file (and sheet).
    pub source: Source,
    /// Header cells, trimmed, as written.
    headers: Vec<String>,
    /// Canonical column name → index of its (first) header.
    columns: Vec<(&'static str, usize)>,
    /// How the school writes the headers of the columns the file lacks.
    absent_headers: Vec<(&'static str, String)>,
    /// Data rows; rows whose every cell is empty are skipped.
    pub rows: Vec<Row>,
    /// The header row's line (0 for an empty file).
    pub header_line: usize,
}

/// One row: a CSV record or a sheet row.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// Physical line where the row starts, or the sheet's row number (1-based).
    pub line: usize,
    /// Trimmed cells.
    pub cells: Vec<String>,
    /// Where a quoted field of the row runs over a line break, if one does (CSV only).
    pub quote: Option<QuoteRun>,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }

    fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
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
    /// The header cells, trimmed, as written.
    pub(super) fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Index of a canonical column, when the file has it.
    pub(super) fn index(&self, column: &str) -> Option<usize> {
        // Called for every cell read: compare lengths and first bytes before the strings.
        let (len, first) = (column.len(), column.as_bytes().first());
        self.columns
            .iter()
            .find(|(c, _)| c.len() == len && c.as_bytes().first() == first && *c == column)
            .map(|(_, i)| *i)
    }

    /// The header of a canonical column as written in the file (as the schema names it, or the
    /// canonical name, when absent).
    pub fn header<'a>(&'a self, column: &'a str) -> &'a str {
        if let Some(h) = self.index(column).and_then(|i| self.headers.get(i)) {
            return h;
        }
        self.absent_headers
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(column, |(_, h)| h.as_str())
    }

    /// Canonical column → header as written, for the columns the file has.
    pub fn column_headers(&self) -> std::collections::BTreeMap<String, String> {
        self.columns
            .iter()
            .filter_map(|(c, i)| Some(((*c).to_owned(), self.headers.get(*i)?.clone())))
            .collect()
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

    /// A finding about the table as a whole or one of its rows, placed on its file and sheet.
    pub fn finding(&self, finding: Finding) -> Finding {
        let mut f = finding;
        f.file.clone_from(&self.source.file);
        f.on_sheet(self.source.sheet.as_deref())
    }
}

/// The rows of CSV text (BOM already removed), blank ones included, with their physical
/// lines and quote runs, as the `csv` crate reads them (see [`super::stream`], which splits
/// the lines without quotes itself).
pub(super) fn csv_rows(text: &str, _source: &Source) -> Vec<Row> {
    super::stream::text_rows(text)
}

/// Builds the table of a canonical file from its rows: finds the header row by its columns,
/// maps headers and words by `layout`, folds full-width forms.
///
/// Gives the table and its warnings (unknown, duplicate or unnamed columns; lines above the
/// header that look like data; an empty optional file, read as no rows), or the fatal
/// problems: an empty `required` file, missing required columns.
pub(super) fn build_table(
    rows: Vec<Row>,
    spec: &FileSpec,
    layout: &FileLayout,
    required: bool,
    source: Source,
) -> Result<(Table, Vec<Finding>), Vec<Finding>> {
    let at = |f: Finding| {
        let mut f = f;
        f.file.clone_from(&source.file);
        f.on_sheet(source.sheet.as_deref())
    };
    let mut rows: Vec<Row> = rows.into_iter().filter(|r| !r.is_blank()).collect();
    if rows.is_empty() {
        if required {
            return Err(vec![at(Finding::error(
                spec.name,
                None,
                None,
                Msg::new(
                    "file is empty, expected a header line",
                    "文件是空的，应有表头行",
                ),
            ))]);
        }
        let warning = at(Finding::warning(
            spec.name,
            None,
            None,
            Msg::new(
                "empty file: no header and no rows; read as no rows",
                "空文件：没有表头也没有数据行；按无记录读取",
            ),
        ));
        let table = Table {
            source,
            headers: Vec::new(),
            columns: Vec::new(),
            absent_headers: Vec::new(),
            rows: Vec::new(),
            header_line: 0,
        };
        return Ok((table, vec![warning]));
    }
    // The header row: the first of the top rows naming the most columns (the first row when
    // none names any, so that its misspellings are reported).
    let score = |r: &Row| {
        let mut found: Vec<&str> = r
            .cells
            .iter()
            .filter_map(|c| layout.resolve(spec, &fold_width(c)))
            .collect();
        found.sort_unstable();
        found.dedup();
        found.len()
    };
    let mut header_at = 0;
    let mut best = 0;
    for (i, r) in rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let s = score(r);
        if s > best {
            best = s;
            header_at = i;
        }
    }
    let mut warnings = Vec::new();
    let mut data = rows.split_off(header_at);
    let header_row = data.remove(0);
    let header_line = header_row.line;
    for above in &rows {
        if above.filled() >= 3 {
            warnings.push(at(Finding::warning(
                spec.name,
                Some(above.line),
                None,
                Msg::new(
                    format!(
                        "line {} is above the header row (line {header_line}) and is not read as data",
                        above.line
                    ),
                    format!(
                        "第 {} 行在表头行（第 {header_line} 行）之上，不作为数据读取",
                        above.line
                    ),
                ),
            )));
        }
    }
    let headers: Vec<String> = header_row
        .cells
        .iter()
        .map(|h| fold_width(h).trim().to_owned())
        .collect();
    let rows = data;

    let mut columns: Vec<(&'static str, usize)> = Vec::new();
    let mut unknown: Vec<(usize, &str)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            if rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
            {
                warnings.push(at(Finding::warning(
                    spec.name,
                    Some(header_line),
                    None,
                    Msg::new(
                        format!("column {} has no header, ignored", i + 1),
                        format!("第 {} 列没有表头，已忽略", i + 1),
                    ),
                )));
            }
            continue;
        }
        match layout.resolve(spec, h) {
            Some(c) if columns.iter().any(|(k, _)| *k == c) => {
                warnings.push(at(Finding::warning(
                    spec.name,
                    Some(header_line),
                    Some(h),
                    Msg::new(
                        format!("duplicate column `{h}`, ignored"),
                        format!("列 `{h}` 重复，已忽略"),
                    ),
                )));
            }
            Some(c) => columns.push((c, i)),
            None if layout.ignores(h) => {}
            None => unknown.push((warnings.len(), h)),
        }
    }
    // Canonical columns the file lacks, as the school would write them: an unknown header
    // close to one is likely a misspelling.
    let absent: Vec<(&'static str, String)> = spec
        .required
        .iter()
        .chain(spec.optional)
        .copied()
        .filter(|c| !columns.iter().any(|(k, _)| k == c))
        .map(|c| (c, layout.header_of(c).to_owned()))
        .collect();
    for (n, (at_index, h)) in unknown.iter().enumerate() {
        let near = closest(h, absent.iter().map(|(_, w)| w.as_str()));
        let hint = near
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        let hint_zh = near
            .map(|c| format!("；是否应为 `{c}`？"))
            .unwrap_or_default();
        let finding = at(Finding::warning(
            spec.name,
            Some(header_line),
            Some(h),
            Msg::new(
                format!("unknown column `{h}`, ignored{hint}"),
                format!("未知的列 `{h}`，已忽略{hint_zh}"),
            ),
        ));
        // Keep header order among the other header warnings.
        warnings.insert(at_index + n, finding);
    }
    let missing: Vec<Finding> = spec
        .required
        .iter()
        .chain(&layout.required)
        .filter(|c| !columns.iter().any(|(k, _)| k == *c))
        .map(|c| {
            let want = layout.header_of(c);
            let near = closest(want, unknown.iter().map(|(_, h)| *h));
            let hint = near
                .map(|h| format!("; did you mean `{h}`? rename that column to `{want}`"))
                .unwrap_or_default();
            let hint_zh = near
                .map(|h| format!("；是否应为 `{h}`？请把该列改名为 `{want}`"))
                .unwrap_or_default();
            at(Finding::error(
                spec.name,
                Some(header_line),
                Some(want),
                Msg::new(
                    format!("missing required column `{want}`{hint}"),
                    format!("缺少必需的列 `{want}`{hint_zh}"),
                ),
            ))
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut table = Table {
        source,
        headers,
        columns,
        absent_headers: absent,
        rows: Vec::new(),
        header_line,
    };
    let mut rows = rows;
    for row in &mut rows {
        table.normalize(layout, row);
    }
    table.rows = rows;
    Ok((table, warnings))
}

impl Table {
    /// Folds the full-width forms of a data row's cells and maps their words by `layout`
    /// (free-text columns are kept as written); a line break inside any cell is read as
    /// [`LINE_BREAK`](super::value::LINE_BREAK).
    pub(super) fn normalize(&self, layout: &FileLayout, row: &mut Row) {
        row.cells.iter_mut().for_each(one_line);
        for (column, i) in &self.columns {
            let Some(cell) = row.cells.get_mut(*i) else {
                continue;
            };
            if cell.is_empty() || TEXT_COLUMNS.contains(column) {
                continue;
            }
            if let std::borrow::Cow::Owned(folded) = fold_width(cell) {
                *cell = folded.trim().to_owned();
            }
            if let Some(word) = canonical_word(layout, column, cell) {
                *cell = word;
            }
        }
    }

    /// What [`Table::normalize`] touches, worked out once for a file read row by row: the
    /// columns that are not free text, each with whether it has words to map.
    pub(super) fn normalize_plan(&self, layout: &FileLayout) -> Vec<(usize, &'static str, bool)> {
        self.columns
            .iter()
            .filter(|(c, _)| !TEXT_COLUMNS.contains(c))
            .map(|(c, i)| (*i, *c, *c == "role" || layout.values.contains_key(c)))
            .collect()
    }

    /// [`Table::normalize`] by a plan from [`Table::normalize_plan`] (the same result).
    pub(super) fn normalize_by(
        plan: &[(usize, &'static str, bool)],
        layout: &FileLayout,
        row: &mut Row,
    ) {
        row.cells.iter_mut().for_each(one_line);
        for &(i, column, words) in plan {
            let Some(cell) = row.cells.get_mut(i) else {
                continue;
            };
            if cell.is_empty() {
                continue;
            }
            // Only a non-ASCII cell can hold a full-width form.
            if !cell.is_ascii()
                && let std::borrow::Cow::Owned(folded) = fold_width(cell)
            {
                *cell = folded.trim().to_owned();
            }
            if words && let Some(word) = canonical_word(layout, column, cell) {
                *cell = word;
            }
        }
    }

    /// Whether a header cell is empty (an unnamed column).
    pub(super) fn has_unnamed_column(&self) -> bool {
        self.headers.iter().any(String::is_empty)
    }
}

/// The canonical word of a cell under the layout's vocabulary of its column. Roles, one or more
/// separated by `;` (or `；`, `、`), are looked up one by one.
fn canonical_word(layout: &FileLayout, column: &str, cell: &str) -> Option<String> {
    if let Some(w) = layout.word(column, cell) {
        return Some(w.to_owned());
    }
    if column != "role" {
        return None;
    }
    let parts: Vec<&str> = cell
        .split([';', '；', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mapped: Vec<&str> = parts
        .iter()
        .map(|p| layout.word(column, p).unwrap_or(p))
        .collect();
    (mapped != parts).then(|| mapped.join(";"))
}

/// Parses the text of a CSV file (BOM already removed) of a canonical file, without a schema.
#[cfg(test)]
fn parse_table(
    text: &str,
    spec: &FileSpec,
    required: bool,
) -> Result<(Table, Vec<Finding>), Vec<Finding>> {
    let source = Source::csv(spec.name);
    let rows = csv_rows(text, &source);
    build_table(rows, spec, &FileLayout::default(), required, source)
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
pub(super) fn quote_run(text: &[u8], start: usize, end: usize, line: usize) -> Option<QuoteRun> {
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

/// The value of a cell as it may appear in a message: in backticks, masked when the column
/// holds personal data (`138****1234`, `110105**********2X`, `湖南省****`).
pub(super) fn shown(column: &str, value: &str) -> String {
    // Personal data: findings never echo it unmasked.
    if super::child_column(column).is_some_and(|c| c.private) {
        format!("`{}`", crate::privacy::mask_column_value(column, value))
    } else {
        format!("`{value}`")
    }
}

/// What a date cell should hold, for a message: the accepted forms, after why a two-digit year
/// was refused when it was one (English, Chinese).
fn expected_date(value: &str) -> (String, String) {
    match date_hint(value) {
        Some((hint, hint_zh)) => (
            format!("{hint}: expected {DATE_FORMS}"),
            format!("{hint_zh}：应为 {DATE_FORMS_ZH}"),
        ),
        None => (
            format!("expected {DATE_FORMS}"),
            format!("应为 {DATE_FORMS_ZH}"),
        ),
    }
}

/// Why the date cell `value` of `column` was refused (`"… is not a date …"`).
fn not_a_date(column: &str, value: &str, why: BadDate) -> Msg {
    let (first, last) = (super::value::FIRST_YEAR, super::value::LAST_YEAR);
    match why {
        BadDate::Year(year) => {
            let (en, zh) = year_problem(year);
            Msg::new(
                format!(
                    "{} is not a date in {first}–{last} ({en})",
                    shown(column, value)
                ),
                format!(
                    "{} 不是 {first}–{last} 年间的日期（{zh}）",
                    shown(column, value)
                ),
            )
        }
        BadDate::Form => {
            let (en, zh) = expected_date(value);
            Msg::new(
                format!("{} is not a date, {en}", shown(column, value)),
                format!("{} 不是日期，{zh}", shown(column, value)),
            )
        }
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
        let (cells, headers) = (row.cells.len(), table.headers.len());
        match row.quote {
            Some(q) if q.unclosed => cx.leave_out(
                None,
                Msg::new(
                    format!(
                        "a quote opened on line {} is never closed and runs to the end of the file \
                         at line {} (check for an unclosed `\"`); the lines in between are read as \
                         one row",
                        q.open, q.end
                    ),
                    format!(
                        "第 {} 行开始的引号没有闭合，一直延续到文件末尾第 {} 行（请检查未闭合的 \
                         `\"`）；其间各行被读成一行",
                        q.open, q.end
                    ),
                ),
            ),
            Some(q) if ragged || q.stray => {
                let (fields, fields_zh) = if ragged {
                    (
                        format!(" of {cells} fields, but the header has {headers}"),
                        format!("，共 {cells} 列，而表头有 {headers} 列"),
                    )
                } else {
                    (String::new(), String::new())
                };
                cx.leave_out(
                    None,
                    Msg::new(
                        format!(
                            "a quote opened on line {} runs to line {} (check for an unclosed `\"`); \
                             the lines in between are read as one row{fields}",
                            q.open, q.end
                        ),
                        format!(
                            "第 {} 行开始的引号延续到第 {} 行（请检查未闭合的 `\"`）；其间各行被读成一行{fields_zh}",
                            q.open, q.end
                        ),
                    ),
                );
            }
            _ if ragged => cx.leave_out(
                None,
                Msg::new(
                    format!("row has {cells} fields but the header has {headers}"),
                    format!("该行有 {cells} 列，而表头有 {headers} 列"),
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
    pub fn error(&mut self, column: Option<&str>, message: impl Into<Msg>) {
        let column = column.map(|c| self.table.header(c));
        let file = &self.table.source.file;
        let finding = Finding::error(file, Some(self.row.line), column, message);
        self.findings.push(self.table.finding(finding));
    }

    /// Adds a warning finding at this row, at a canonical column when given.
    pub fn warning(&mut self, column: Option<&str>, message: impl Into<Msg>) {
        let column = column.map(|c| self.table.header(c));
        let file = &self.table.source.file;
        let finding = Finding::warning(file, Some(self.row.line), column, message);
        self.findings.push(self.table.finding(finding));
    }

    /// Reports why the row cannot be used (`"…; row left out"`) and marks it bad.
    pub fn leave_out(&mut self, column: Option<&str>, why: impl Into<Msg>) {
        self.error(column, why.into().then("; row left out", "；该行未计入"));
        self.bad = true;
    }

    /// A key cell: its value, or `""` after reporting the row left out when it is empty.
    pub fn key(&mut self, column: &str) -> &'a str {
        let v = self.get(column);
        if v.is_empty() {
            self.leave_out(
                Some(column),
                Msg::new(
                    format!("`{}` is empty", self.table.header(column)),
                    format!("`{}` 为空", self.table.header(column)),
                ),
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
        match read_date_cell(v) {
            Ok(d) => Some(d),
            Err(why) => {
                self.leave_out(Some(column), not_a_date(column, v, why));
                None
            }
        }
    }

    /// An optional date; a bad one is reported and read as absent, the row is kept.
    pub fn opt_date(&mut self, column: &str) -> Option<NaiveDate> {
        let v = self.get(column);
        if v.is_empty() {
            return None;
        }
        match read_date_cell(v) {
            Ok(d) => Some(d),
            Err(why) => {
                let msg = not_a_date(column, v, why).then("; value ignored", "；该值不计");
                self.error(Some(column), msg);
                None
            }
        }
    }

    /// A boolean of an optional column: absent or empty reads as no without a finding; an
    /// invalid value is an error, read as no.
    pub fn opt_flag(&mut self, column: &str) -> bool {
        if self.get(column).is_empty() {
            return false;
        }
        self.flag(column)
    }

    /// A boolean; empty is a warning and invalid an error, both read as no.
    pub fn flag(&mut self, column: &str) -> bool {
        let v = self.get(column);
        if v.is_empty() {
            let msg = Msg::new(
                format!("`{}` is empty; read as no", self.table.header(column)),
                format!("`{}` 为空；按“否”读取", self.table.header(column)),
            );
            self.warning(Some(column), msg);
            return false;
        }
        parse_bool(v).unwrap_or_else(|| {
            let msg = Msg::new(
                format!(
                    "{} is not a yes/no value, expected {BOOL_FORMS}; read as no",
                    shown(column, v)
                ),
                format!(
                    "{} 不是“是/否”值，应为 {BOOL_FORMS}；按“否”读取",
                    shown(column, v)
                ),
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
            // A line break inside a cell is read as `⏎`, whether `\n` or `\r\n`.
            assert_eq!(rows[1].1[1], "x⏎y");
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
    fn private_values_are_masked() {
        assert_eq!(shown("guardian_phone", "13800001234"), "`138****1234`");
        assert_eq!(shown("home_address", "x"), "`****`");
        assert_eq!(
            shown("id_number", "11010519491231002X"),
            "`110105**********2X`"
        );
        assert_eq!(shown("birth_date", "x"), "`x`");
    }
}
