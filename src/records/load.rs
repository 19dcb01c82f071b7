//! Loading a records directory of canonical CSV files.

use super::csv_file::{Table, read_table};
use super::files::{self, People};
use super::{Finding, Records};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The records could not be loaded at all (exit code 2): a missing required file, a missing
/// required column, an unreadable file. Holds every such problem, not just the first.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// The fatal problems, as error findings with file (and column where it applies).
    pub problems: Vec<Finding>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Loads every canonical CSV file of `dir` into [`Records`].
///
/// `calendar.csv` and `students.csv` are required; `staff.csv`, `contacts.csv`, `exams.csv`,
/// `conduct.csv`, `honors.csv`, `pairings.csv` and `activities.csv` are optional (absent = no
/// rows). Every file found is named in [`Records::present`]. Files are UTF-8, with or without
/// a BOM. Header names match the canonical column names ignoring ASCII case; cells are trimmed.
/// Other `.csv` files and unknown columns give a warning; other files (`schema.ron`, `README`)
/// are ignored.
///
/// A row that cannot be used (empty key, bad required date, unknown word, duplicate key,
/// unknown reference, wrong number of fields …) is left out of the vectors and has an error
/// finding (a warning when the row only repeats or refers to a row that was itself left out).
/// A bad optional value (a `birth_date`, a pairing's `end`) is an error finding and read as
/// absent; the row is kept. Findings are sorted by file, then line.
///
/// # Errors
/// [`LoadError`] when `dir` is not a readable directory, a required file is missing, or a file
/// present cannot be read, is not UTF-8, is empty or lacks a required column. Every such
/// problem of every file is listed, sorted by file. Bad values and bad rows are not errors:
/// they are findings in [`Records::findings`].
pub fn load_dir(dir: &Path) -> Result<Records, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError {
        problems: vec![Finding::error(
            "",
            None,
            None,
            format!("cannot read records directory `{}`: {e}", dir.display()),
        )],
    })?;
    let mut names = BTreeSet::new();
    for entry in entries.flatten() {
        if entry.path().is_file() {
            names.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }

    let mut findings = Vec::new();
    let mut problems = Vec::new();
    let mut tables: BTreeMap<&'static str, Table> = BTreeMap::new();
    for (spec, required) in files::ALL {
        if names.contains(spec.name) {
            match read_table(dir, &spec) {
                Ok((table, warnings)) => {
                    findings.extend(warnings);
                    tables.insert(spec.name, table);
                }
                Err(p) => problems.extend(p),
            }
        } else if required {
            problems.push(Finding::error(
                spec.name,
                None,
                None,
                "required file is missing".to_owned(),
            ));
        }
    }
    for name in &names {
        let is_csv = Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv && !files::ALL.iter().any(|(spec, _)| spec.name == name) {
            findings.push(Finding::warning(
                name,
                None,
                None,
                "not a careplan record file, ignored".to_owned(),
            ));
        }
    }
    if !problems.is_empty() {
        sort_findings(&mut problems);
        return Err(LoadError { problems });
    }

    let mut records = Records {
        present: tables.keys().map(|k| (*k).to_owned()).collect(),
        ..Records::default()
    };
    let f = &mut findings;
    let mut people = People::default();
    if let Some(t) = tables.get(files::CALENDAR.name) {
        records.calendar = files::read_calendar(t, f);
    }
    if let Some(t) = tables.get(files::STUDENTS.name) {
        records.students = files::read_students(t, f, &mut people);
    }
    if let Some(t) = tables.get(files::STAFF.name) {
        records.staff = files::read_staff(t, f, &mut people);
    }
    if let Some(t) = tables.get(files::CONTACTS.name) {
        records.contacts = files::read_contacts(t, f, &people, &records.students);
    }
    if let Some(t) = tables.get(files::EXAMS.name) {
        records.exams = files::read_exams(t, f, &people, &records.students, &records.calendar);
    }
    if let Some(t) = tables.get(files::CONDUCT.name) {
        records.conduct = files::read_conduct(t, f, &people);
    }
    if let Some(t) = tables.get(files::HONORS.name) {
        records.honors = files::read_honors(t, f, &people);
    }
    if let Some(t) = tables.get(files::PAIRINGS.name) {
        records.pairings = files::read_pairings(t, f, &people);
    }
    if let Some(t) = tables.get(files::ACTIVITIES.name) {
        records.activities = files::read_activities(t, f, &people);
    }
    sort_findings(&mut findings);
    records.findings = findings;
    Ok(records)
}

/// Sorts by file, then line (stable: findings of one line keep their order).
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
}
