//! Loading a records directory: the canonical CSV files (any encoding) or one workbook with a
//! sheet per file, laid out as its `schema.ron` says.
//!
//! The steps, one module each: [`listing`] names the files and reads the schema and the text of
//! a file; [`gather`] finds each record file (a CSV file or a workbook's sheet) and reads its
//! header, collecting every fatal problem; [`assemble`] reads the rows of each file in order
//! (people before the files that refer to them, contacts last) into [`Records`].

mod assemble;
mod gather;
mod listing;
mod partition;
#[cfg(test)]
mod tests;

pub use partition::{Partition, SchoolPart, partition};

use super::decode::Encoding;
use super::{Finding, Records};
use std::path::Path;

/// The records could not be loaded at all (exit code 2): a missing required file, a missing
/// required column, an unreadable file. Holds every such problem, not just the first.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The fatal problems, as error findings with file (and column where it applies).
    pub problems: Vec<Finding>,
}

impl LoadError {
    /// Every problem on its own line, in `lang` ([`Finding::text`]).
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        self.problems
            .iter()
            .map(|p| p.text(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::lang::Lang::En))
    }
}

impl std::error::Error for LoadError {}

/// How to load a records directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The encoding of CSV files (`--encoding`); by default detected per file.
    pub encoding: Encoding,
}

/// How far a load has got, for a progress bar: bytes of the record files read so far, and
/// the bytes of them all.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Loads every canonical record file of `dir` into [`Records`], with the default options.
///
/// # Errors
/// As [`load_dir_with`].
pub fn load_dir(dir: &Path) -> Result<Records, LoadError> {
    load_dir_with(dir, &LoadOptions::default())
}

/// Loads every canonical record file of `dir` into [`Records`].
///
/// The directory holds CSV files, or one workbook (`.xlsx`, also `.xls`, `.xlsm`, `.ods`) with a
/// sheet per file — not both; the lock files Excel and WPS leave beside an open workbook
/// (`~$…`) are skipped. A `schema.ron` maps the school's file, sheet and column names and value
/// words onto the canonical ones; without one, the canonical names are used (a sheet is named
/// by the file's stem: `students`). `calendar.csv` and `students.csv` are required;
/// `staff.csv`, `contacts.csv`, `exams.csv`, `conduct.csv`, `honors.csv`, `pairings.csv`,
/// `activities.csv` and `plans.csv` are optional (absent = no rows; an empty one, without even
/// a header, is a warning and read as no rows). Every file found is named in
/// [`Records::present`]. CSV files are UTF-8 with or without a BOM, UTF-16 with a BOM, or
/// GBK/GB18030 (see [`Encoding`]). The header row is the top row that names the most columns
/// (title and blank rows above it are skipped); headers match the canonical column names
/// ignoring ASCII case; cells are trimmed and their full-width digits and punctuation folded.
/// Other `.csv` files, other sheets and unknown columns give a warning; other files are
/// ignored.
///
/// A row that cannot be used (empty key, bad required date, unknown word, duplicate key,
/// unknown reference, wrong number of fields, a quote that swallows the lines after it …) is
/// left out of the vectors and has an error finding (a warning when the row only repeats or
/// refers to a row that was itself left out). An exam result of a left-out student is kept
/// when its class is known, so that it still counts in the ranking of its class. A bad
/// optional value (a `birth_date`, a pairing's `end`, a `left_reason`, an `id_number`) is an
/// error finding and read as absent; the row is kept. Findings are sorted by file, sheet, then
/// line; a finding in a workbook names the workbook as `file`, its `sheet`, and the Excel row
/// number as `line`.
///
/// # Errors
/// [`LoadError`] when `dir` is not a readable directory, a required file is missing, or a file
/// present cannot be read or decoded or lacks a required column, a required file is empty, the
/// schema is invalid, or the directory holds several workbooks or a workbook and CSV files.
/// Every such problem of every file is listed, sorted by file. Bad values and bad rows are not
/// errors: they are findings in [`Records::findings`].
pub fn load_dir_with(dir: &Path, options: &LoadOptions) -> Result<Records, LoadError> {
    load_dir_progress(dir, options, &|_, _| {})
}

/// [`load_dir_with`], calling `progress` as the files are read. `contacts.csv` (the largest
/// file by far) is read from disk row by row when it is UTF-8, never held whole in memory.
///
/// # Errors
/// As [`load_dir_with`].
pub fn load_dir_progress(
    dir: &Path,
    options: &LoadOptions,
    progress: Progress<'_>,
) -> Result<Records, LoadError> {
    let names = listing::file_names(dir)?;
    let layouts = listing::layouts(dir, &names)?;
    let record_csvs = listing::record_csvs(&names, &layouts);
    let meter = Meter::new(progress, listing::total_bytes(dir, &record_csvs));
    let gathered = gather::gather(dir, options, &layouts, &names, &record_csvs, &meter);
    if !gathered.problems.is_empty() {
        return Err(gathered.fatal(dir, options.encoding));
    }
    assemble::assemble(dir, options, &layouts, gathered, &meter)
}

/// Progress of a load: bytes of the record files read so far, of `total`.
struct Meter<'a> {
    progress: Progress<'a>,
    total: u64,
    done: std::cell::Cell<u64>,
}

impl<'a> Meter<'a> {
    fn new(progress: Progress<'a>, total: u64) -> Self {
        Meter {
            progress,
            total,
            done: std::cell::Cell::new(0),
        }
    }

    /// `n` more bytes read.
    fn read(&self, n: u64) {
        self.done.set(self.done.get() + n);
        (self.progress)(self.done.get(), self.total);
    }

    /// Bytes read so far.
    fn done(&self) -> u64 {
        self.done.get()
    }
}

/// Sorts by file, sheet, then line (stable: findings of one line keep their order).
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (&a.file, &a.sheet, a.line).cmp(&(&b.file, &b.sheet, b.line)));
}
