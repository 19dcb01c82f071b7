//! A county's records split by school in one pass: every record file is read once and each of
//! its rows is written to the same file of its school's own directory, so that each school is
//! then loaded and evaluated alone, with the memory of one school.
//!
//! A row's school is, in this order: its `school` cell; the school of its `student_id` (or
//! `mentee_id`) in `students.csv`; the only school with a class of its `class`; the school of
//! its `staff_id` (or `helper_id`, `mentor_id`) in `staff.csv`. A row that names none of them
//! (the calendar, a school-wide activity without a `school`, a staff member without a class)
//! goes to every school. A row that names a child, class or school no school has is an error
//! finding of the county (at its file, line and column) and goes nowhere: it is reported, never
//! silently dropped. So is a row the loader would leave out anyway (a ragged row, a quote that
//! swallows lines), with the loader's own message.
//!
//! Each school's files keep the school's file names and headers (and `schema.ron` is copied
//! beside them), so a school's directory loads exactly like a school's own records; what
//! changes is the line numbers, which [`SchoolPart::restore`] maps back onto the county's files.

use super::gather::{self, Gathered};
use super::listing;
use super::{LoadError, LoadOptions, Meter, sort_findings};
use crate::records::contacts::FastMap;
use crate::records::csv_file::{Row, RowCx, Table, build_table};
use crate::records::files;
use crate::records::schema::{Layouts, SCHEMA_FILE};
use crate::records::stream;
use crate::records::{Finding, Msg};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bytes a school's file may hold in memory before they are appended to disk.
const FLUSH_BYTES: usize = 1 << 16;

/// The county's records split by school ([`partition`]).
#[derive(Debug)]
pub struct Partition {
    /// The schools, sorted by name (the empty name: rows of students without a `school`).
    pub schools: Vec<SchoolPart>,
    /// Problems of the county's files that belong to no one school: rows naming a child, class
    /// or school that no school has, rows the loader would leave out, header warnings.
    pub findings: Vec<Finding>,
}

/// One school's share of the records: a directory that loads like a school's own.
#[derive(Debug)]
pub struct SchoolPart {
    /// The school's name as written in `students.csv` (empty when the column is absent).
    pub name: String,
    /// Its records directory (inside the directory given to [`partition`]).
    pub dir: PathBuf,
    /// Rows of `students.csv` it holds.
    pub children: usize,
    /// For each file (by name), where its rows came from.
    lines: BTreeMap<String, LineMap>,
}

/// Lines of a school's file → lines of the county's file, as runs of consecutive rows.
#[derive(Debug, Default)]
struct LineMap {
    /// `(first line in the school's file, first line in the county's file, rows)`, sorted.
    runs: Vec<(u32, u32, u32)>,
    /// The next line of the school's file.
    next: u32,
}

impl LineMap {
    fn new() -> Self {
        // Line 1 is the header.
        LineMap {
            runs: vec![(1, 0, 1)],
            next: 2,
        }
    }

    /// A row of `lines` physical lines, from `original` in the county's file.
    fn push(&mut self, original: usize, lines: u32) {
        let original = u32::try_from(original).unwrap_or(u32::MAX);
        match self.runs.last_mut() {
            Some((part, orig, n)) if *part + *n == self.next && *orig + *n == original => *n += 1,
            _ => self.runs.push((self.next, original, 1)),
        }
        self.next += lines;
        if lines > 1 {
            // A row over several lines ends its run: the next row starts a new one.
            self.runs.push((self.next, 0, 0));
        }
    }

    /// The county's line of the school's `line`.
    fn get(&self, line: usize) -> Option<usize> {
        let line = u32::try_from(line).ok()?;
        let i = self
            .runs
            .partition_point(|(p, _, _)| *p <= line)
            .checked_sub(1)?;
        let (part, orig, n) = self.runs[i];
        (line < part + n.max(1) && orig > 0).then(|| (orig + (line - part)) as usize)
    }
}

impl SchoolPart {
    /// Puts `f` back on the county's file: its line, and the lines its message names
    /// (`line 12`, `lines 3, 5`, `第 12 行`), when it is about a file this school was given.
    pub fn restore(&self, f: &mut Finding) {
        let Some(map) = self.lines.get(&f.file) else {
            return;
        };
        if let Some(l) = f.line {
            f.line = map.get(l).or(Some(l));
        }
        f.message = remap_text(&f.message, map);
        if let Some(zh) = &f.message_zh {
            f.message_zh = Some(remap_text(zh, map));
        }
    }
}

/// `text` with every line number after `line `/`lines ` (a list: `3, 5 and 7`, `3–5`) and
/// inside `第 … 行` mapped by `map`.
fn remap_text(text: &str, map: &LineMap) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, skip)) = ["line ", "lines ", "第 "]
        .iter()
        .filter_map(|w| rest.find(w).map(|i| (i, w.len())))
        .min()
    {
        out.push_str(&rest[..at + skip]);
        rest = &rest[at + skip..];
        // A list of numbers: digits, separated by `, `, ` and `, `–`, `-`, `、`.
        loop {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                break;
            }
            let n: usize = rest[..digits].parse().unwrap_or(0);
            out.push_str(&map.get(n).unwrap_or(n).to_string());
            rest = &rest[digits..];
            let sep = [", ", " and ", "–", "-", "、", " 和 "].iter().find(|s| {
                rest.starts_with(**s) && rest[s.len()..].starts_with(|c: char| c.is_ascii_digit())
            });
            match sep {
                Some(s) => {
                    out.push_str(s);
                    rest = &rest[s.len()..];
                }
                None => break,
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a row goes.
enum Target {
    One(u32),
    Every,
    Nowhere(&'static str, Msg),
}

/// What the rows read so far say about the schools.
#[derive(Default)]
struct Index {
    /// School names, in order of appearance; `school[i]` is school `i`.
    names: Vec<String>,
    by_name: FastMap<String, u32>,
    students: FastMap<Box<str>, u32>,
    staff: FastMap<Box<str>, u32>,
    /// Class name → its school, or `u32::MAX` when several schools have it.
    classes: FastMap<String, u32>,
}

/// The columns of a file that say a row's school, found once per file.
struct Keys {
    school: Option<usize>,
    /// Whether every row names a child (`student_id` or `mentee_id` is a required column).
    child_required: bool,
    /// `student_id` or `mentee_id`, with the canonical name.
    students: Vec<(usize, &'static str)>,
    class: Option<usize>,
    /// `staff_id`, `helper_id`, `mentor_id`.
    staff: Vec<usize>,
}

impl Keys {
    fn of(t: &Table) -> Keys {
        let some = |cols: &[&'static str]| -> Vec<(usize, &'static str)> {
            cols.iter()
                .filter_map(|c| t.index(c).map(|i| (i, *c)))
                .collect()
        };
        Keys {
            school: t.index("school"),
            child_required: false,
            students: some(&["student_id", "mentee_id"]),
            class: t.index("class"),
            staff: some(&["staff_id", "helper_id", "mentor_id"])
                .into_iter()
                .map(|(i, _)| i)
                .collect(),
        }
    }
}

/// The cell at `i` (`""` when the row is short).
fn at(row: &Row, i: usize) -> &str {
    row.cells.get(i).map_or("", String::as_str)
}

const SEVERAL: u32 = u32::MAX;

impl Index {
    fn school(&mut self, name: &str) -> u32 {
        if let Some(i) = self.by_name.get(name) {
            return *i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(SEVERAL - 1);
        self.names.push(name.to_owned());
        self.by_name.insert(name.to_owned(), i);
        i
    }

    /// The school of a row of a file other than `students.csv`.
    fn target(&self, keys: &Keys, row: &Row) -> Target {
        let school = keys.school.map_or("", |i| at(row, i));
        if !school.is_empty() {
            return match self.by_name.get(school) {
                Some(i) => Target::One(*i),
                None => Target::Nowhere(
                    "school",
                    Msg::new(
                        format!(
                            "school `{school}` has no child in students.csv: the row is not read"
                        ),
                        format!("学校 `{school}` 在学生名单（students.csv）中没有学生：该行未读取"),
                    ),
                ),
            };
        }
        for &(i, column) in &keys.students {
            let id = at(row, i);
            if !id.is_empty() {
                return match self.students.get(id) {
                    Some(i) => Target::One(*i),
                    None => Target::Nowhere(
                        column,
                        Msg::new(
                            format!(
                                "`{id}` is no school's student (students.csv): the row is not read"
                            ),
                            format!("`{id}` 不在任何学校的学生名单（students.csv）中：该行未读取"),
                        ),
                    ),
                };
            }
        }
        if keys.child_required
            && let Some(&(_, column)) = keys.students.first()
        {
            // A row that must name a child and names none belongs to no school.
            return Target::Nowhere(
                column,
                Msg::new(
                    format!("`{column}` is empty: the row belongs to no school and is not read"),
                    format!("`{column}` 为空：该行不属于任何学校，未读取"),
                ),
            );
        }
        let class = keys.class.map_or("", |i| at(row, i));
        if !class.is_empty() {
            return match self.classes.get(class) {
                Some(&SEVERAL) => Target::Nowhere(
                    "class",
                    Msg::new(
                        format!(
                            "class `{class}` is in several schools: add a `school` column to say \
                             which; the row is not read"
                        ),
                        format!("多所学校都有班级 `{class}`：请加“学校”列注明；该行未读取"),
                    ),
                ),
                Some(i) => Target::One(*i),
                None => Target::Nowhere(
                    "class",
                    Msg::new(
                        format!(
                            "class `{class}` is in no school's students.csv: the row is not read"
                        ),
                        format!(
                            "班级 `{class}` 不在任何学校的学生名单（students.csv）中：该行未读取"
                        ),
                    ),
                ),
            };
        }
        for &i in &keys.staff {
            if let Some(school) = self.staff.get(at(row, i)) {
                return Target::One(*school);
            }
        }
        Target::Every
    }
}

/// The schools' files being written.
struct Writers<'a> {
    root: &'a Path,
    /// Per school: the bytes not yet appended, the lines of the file being written.
    pending: Vec<(Vec<u8>, LineMap)>,
    file: String,
    header: Vec<u8>,
}

impl Writers<'_> {
    /// The directory of school `i`.
    fn dir(root: &Path, i: usize) -> PathBuf {
        root.join(format!("school-{i:05}"))
    }

    fn start(&mut self, file: &str, headers: &[String], schools: usize) -> std::io::Result<()> {
        self.file = file.to_owned();
        self.header.clear();
        write_row(&mut self.header, headers.iter().map(String::as_str));
        self.pending.clear();
        for i in 0..schools {
            let dir = Self::dir(self.root, i);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(file), &self.header)?;
            self.pending.push((Vec::new(), LineMap::new()));
        }
        Ok(())
    }

    fn row(&mut self, school: u32, row: &Row) -> std::io::Result<()> {
        let i = school as usize;
        if i >= self.pending.len() {
            // A school first seen in this file (only `students.csv` adds schools).
            for j in self.pending.len()..=i {
                let dir = Self::dir(self.root, j);
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join(&self.file), &self.header)?;
                self.pending.push((Vec::new(), LineMap::new()));
            }
        }
        let (buf, map) = &mut self.pending[i];
        let lines = write_row(buf, row.cells.iter().map(String::as_str));
        map.push(row.line, lines);
        if buf.len() >= FLUSH_BYTES {
            append(&Self::dir(self.root, i).join(&self.file), buf)?;
        }
        Ok(())
    }

    /// Appends what is left; gives each school's line map of the file.
    fn finish(&mut self) -> std::io::Result<Vec<LineMap>> {
        let mut maps = Vec::new();
        for (i, (buf, map)) in std::mem::take(&mut self.pending).into_iter().enumerate() {
            let mut buf = buf;
            append(&Self::dir(self.root, i).join(&self.file), &mut buf)?;
            maps.push(map);
        }
        Ok(maps)
    }
}

fn append(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<()> {
    if !buf.is_empty() {
        let mut f = std::fs::OpenOptions::new().append(true).open(path)?;
        f.write_all(buf)?;
        buf.clear();
    }
    Ok(())
}

/// Writes one CSV record (quoted where a cell needs it) and its line end; gives the physical
/// lines it takes.
fn write_row<'c>(out: &mut Vec<u8>, cells: impl Iterator<Item = &'c str>) -> u32 {
    let mut lines = 1;
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if c.contains([',', '"', '\r', '\n']) {
            out.push(b'"');
            out.extend_from_slice(c.replace('"', "\"\"").as_bytes());
            out.push(b'"');
            lines += c.matches('\n').count() as u32;
            lines += c.matches('\r').count() as u32 - c.matches("\r\n").count() as u32;
        } else {
            out.extend_from_slice(c.as_bytes());
        }
    }
    out.push(b'\n');
    lines
}

/// Splits the records of `dir` by school into directories under `out` (which must exist),
/// reading each file once.
///
/// # Errors
/// [`LoadError`] as [`super::load_dir_with`] gives for the county's records (a missing
/// required file, a missing column …), or when the records are a workbook (a county's records
/// are CSV files), or a file cannot be written under `out`.
pub fn partition(dir: &Path, options: &LoadOptions, out: &Path) -> Result<Partition, LoadError> {
    let names = listing::file_names(dir)?;
    let layouts = listing::layouts(dir, &names)?;
    let record_csvs = listing::record_csvs(&names, &layouts);
    let meter = Meter::new(&|_, _| {}, 0);
    if names.iter().any(|n| crate::records::xlsx::is_workbook(n)) {
        return Err(LoadError {
            problems: vec![Finding::error(
                "",
                None,
                None,
                Msg::new(
                    "a county's records are CSV files (one file per kind, every school's rows \
                     in it): save each sheet of the workbook as CSV",
                    "县级运行读取 CSV 文件（每类记录一个文件，包含各校的行）：请把工作簿的每个工作表另存为 CSV",
                ),
            )],
        });
    }
    let mut g = gather::gather(dir, options, &layouts, &names, &record_csvs, &meter);
    if !g.problems.is_empty() {
        return Err(g.fatal(dir, options.encoding));
    }
    let io = |e: std::io::Error| LoadError {
        problems: vec![Finding::error(
            "",
            None,
            None,
            format!(
                "cannot write the schools' records under `{}`: {e}",
                crate::paths::shown(out)
            ),
        )],
    };
    let mut index = Index::default();
    let mut findings = std::mem::take(&mut g.findings);
    let mut w = Writers {
        root: out,
        pending: Vec::new(),
        file: String::new(),
        header: Vec::new(),
    };
    let mut maps: Vec<BTreeMap<String, LineMap>> = Vec::new();
    let mut children: Vec<usize> = Vec::new();
    // Children without a school: a warning each when other children have one.
    let mut blank_school: Vec<Finding> = Vec::new();
    // Students first: they name the schools (and the children's schools) the other files need.
    let order = std::iter::once(files::STUDENTS).chain(
        files::ALL
            .iter()
            .map(|(spec, _)| *spec)
            .filter(|s| s.name != files::STUDENTS.name),
    );
    for spec in order {
        let Some(part) = take(&mut g, spec.name, &layouts, &mut findings) else {
            continue;
        };
        let table = match &part {
            Part::Text(t, _) => t,
            Part::Streamed(p) => &p.table,
        };
        let file = table.source.file.clone();
        let mut keys = Keys::of(table);
        keys.child_required = spec
            .required
            .iter()
            .any(|c| *c == "student_id" || *c == "mentee_id");
        let is_students = spec.name == files::STUDENTS.name;
        let layout = layouts.of(&spec);
        let is_staff = spec.name == files::STAFF.name;
        w.start(&file, table.headers(), index.names.len())
            .map_err(io)?;
        let mut each = |table: &Table,
                        row: &Row,
                        index: &mut Index,
                        w: &mut Writers<'_>|
         -> std::io::Result<()> {
            if RowCx::new(table, row, &mut findings).bad {
                return Ok(());
            }
            let target = if is_students {
                let name = table.cell(row, "school");
                if name.is_empty() && keys.school.is_some() {
                    blank_school.push(table.finding(Finding::warning(
                        &file,
                        Some(row.line),
                        Some(table.header("school")),
                        Msg::new(
                            "no school: the child is evaluated with the other children without \
                             one, as the school `(no school)`",
                            "未填学校：该学生与其他未填学校的学生一起，按“(no school)”评估",
                        ),
                    )));
                }
                let school = index.school(name);
                let id = table.cell(row, "student_id");
                if !id.is_empty() {
                    index.students.entry(id.into()).or_insert(school);
                }
                let class = table.cell(row, "class");
                if !class.is_empty() {
                    let e = index.classes.entry(class.to_owned()).or_insert(school);
                    if *e != school {
                        *e = SEVERAL;
                    }
                }
                if children.len() <= school as usize {
                    children.resize(school as usize + 1, 0);
                }
                children[school as usize] += 1;
                Target::One(school)
            } else {
                let t = index.target(&keys, row);
                if is_staff && let Target::One(i) = t {
                    index.staff.insert(table.cell(row, "staff_id").into(), i);
                }
                t
            };
            match target {
                Target::One(i) => w.row(i, row),
                Target::Every => {
                    for i in 0..index.names.len().max(w.pending.len()) {
                        w.row(i as u32, row)?;
                    }
                    Ok(())
                }
                Target::Nowhere(column, msg) => {
                    let header = table.header(column).to_owned();
                    findings.push(table.finding(Finding::error(
                        &file,
                        Some(row.line),
                        Some(&header),
                        msg,
                    )));
                    Ok(())
                }
            }
        };
        let unreadable = |e: stream::Fallback| {
            let why = match e {
                stream::Fallback::Io(e) => format!("cannot read: {e}"),
                stream::Fallback::NotUtf8 => "not UTF-8 past its first rows: save it as UTF-8 \
                     (or GBK, with `--encoding gbk`) throughout"
                    .to_owned(),
            };
            LoadError {
                problems: vec![Finding::error(&file, None, None, why)],
            }
        };
        match part {
            Part::Text(table, text) => {
                for row in &table.rows {
                    each(&table, row, &mut index, &mut w).map_err(io)?;
                }
                // The rows after the table's: past its header and the data rows read with it.
                let done = table.rows.last().map_or(table.header_line, |r| r.line);
                let mut row = Row {
                    line: 0,
                    cells: Vec::new(),
                    quote: None,
                };
                let mut s = stream::text_stream(&text);
                loop {
                    match s.next_row(&mut row) {
                        Ok(true) if row.line <= done || row.cells.iter().all(String::is_empty) => {}
                        Ok(true) => {
                            // Words mapped as for the table's own rows.
                            table.normalize(layout, &mut row);
                            each(&table, &row, &mut index, &mut w).map_err(io)?;
                        }
                        Ok(false) => break,
                        Err(e) => return Err(unreadable(e)),
                    }
                }
            }
            Part::Streamed(p) => {
                // Parsed on a second thread, routed and written on this one.
                let mut failed = None;
                let streamed = p.for_each_row(
                    layout,
                    |_, rows, out: &mut Vec<()>| out.resize(rows.len(), ()),
                    |t, row, ()| {
                        if failed.is_none()
                            && let Err(e) = each(t, row, &mut index, &mut w)
                        {
                            failed = Some(e);
                        }
                    },
                    &|_| {},
                );
                streamed.map_err(unreadable)?;
                if let Some(e) = failed {
                    return Err(io(e));
                }
            }
        }
        for (i, map) in w.finish().map_err(io)?.into_iter().enumerate() {
            if maps.len() <= i {
                maps.resize_with(i + 1, BTreeMap::new);
            }
            maps[i].insert(file.clone(), map);
        }
    }
    if index.names.iter().any(|n| !n.is_empty()) {
        findings.append(&mut blank_school);
    }
    let schema = names.contains(SCHEMA_FILE).then(|| dir.join(SCHEMA_FILE));
    let mut schools = Vec::new();
    for (i, (name, lines)) in index.names.into_iter().zip(maps).enumerate() {
        let dir = Writers::dir(out, i);
        if let Some(schema) = &schema {
            std::fs::copy(schema, dir.join(SCHEMA_FILE)).map_err(io)?;
        }
        schools.push(SchoolPart {
            name,
            dir,
            children: children.get(i).copied().unwrap_or(0),
            lines,
        });
    }
    schools.sort_by(|a, b| a.name.cmp(&b.name));
    sort_findings(&mut findings);
    findings.dedup();
    Ok(Partition { schools, findings })
}

/// A record file to split: its text in memory with the table of its first rows, or a file
/// opened for streaming (`contacts.csv`).
enum Part {
    Text(Table, String),
    Streamed(Box<stream::Pending>),
}

/// A file to split, its header read (a county's files are never held as rows).
fn take(
    g: &mut Gathered,
    name: &str,
    layouts: &Layouts,
    findings: &mut Vec<Finding>,
) -> Option<Part> {
    if name == files::CONTACTS.name
        && let Some(p) = g.pending.take()
    {
        findings.extend(p.warnings);
        return Some(Part::Streamed(Box::new(p.opened)));
    }
    let text = g.texts.remove(name)?;
    let head = stream::first_rows(&text.text);
    match build_table(
        head,
        &text.spec,
        layouts.of(&text.spec),
        text.required,
        text.source,
    ) {
        Ok((t, warnings)) => {
            findings.extend(warnings);
            Some(Part::Text(t, text.text))
        }
        Err(problems) => {
            findings.extend(problems);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_maps_follow_runs_and_long_rows() {
        let mut m = LineMap::new();
        // County lines 10, 11, 12 → school lines 2, 3, 4; county 40 (two lines) → 5–6;
        // county 50 → 7.
        m.push(10, 1);
        m.push(11, 1);
        m.push(12, 1);
        m.push(40, 2);
        m.push(50, 1);
        assert_eq!(m.get(1), None, "the header is the school's own");
        assert_eq!(m.get(2), Some(10));
        assert_eq!(m.get(4), Some(12));
        assert_eq!(m.get(5), Some(40));
        assert_eq!(m.get(7), Some(50));
        assert_eq!(m.get(8), None);
        assert_eq!(
            remap_text("duplicate of line 3; lines 2, 4 and 7; 第 5 行", &m),
            "duplicate of line 11; lines 10, 12 and 50; 第 40 行"
        );
    }
}
