//! Reading the rows of the record files found into [`Records`]: calendar, then the people
//! (students, staff) that the other files refer to, then the files that refer to them, and
//! `contacts.csv` last — streamed from disk when it was opened so.

use super::gather::{Gathered, Pending, Text};
use super::listing::read_csv;
use super::{LoadError, LoadOptions, Meter, sort_findings};
use crate::records::csv_file::{Table, build_table};
use crate::records::files::{self, People};
use crate::records::schema::Layouts;
use crate::records::stream;
use crate::records::{Finding, RecordSource, Records};
use std::path::Path;

/// Reads the rows of every file gathered into [`Records`], its findings sorted.
///
/// # Errors
/// [`LoadError`] when a streamed `contacts.csv` cannot be read after its first rows, or turns
/// out not to be UTF-8 and cannot be decoded.
pub(super) fn assemble(
    dir: &Path,
    options: &LoadOptions,
    layouts: &Layouts,
    mut g: Gathered,
    meter: &Meter<'_>,
) -> Result<Records, LoadError> {
    let mut records = skeleton(&g);
    let mut findings = std::mem::take(&mut g.findings);
    let f = &mut findings;
    let people = read_tables(&mut g, layouts, &mut records, f);
    // Contacts last: the largest file by far, read when no other table is in memory.
    if let Some(t) = &g.take(files::CONTACTS.name, layouts, f) {
        records.contacts = files::read_contacts(t, f, &people, &records.students);
    } else if let Some(pending) = g.pending.take() {
        stream_contacts(
            dir,
            options,
            layouts,
            pending,
            &people,
            &mut records,
            f,
            meter,
        )?;
    }
    sort_findings(&mut findings);
    records.findings = findings;
    Ok(records)
}

/// Records with no rows yet: the files present and where each was read from.
fn skeleton(g: &Gathered) -> Records {
    let contacts = g
        .pending
        .as_ref()
        .map(|p| (&files::CONTACTS.name, &p.opened.table));
    Records {
        present: g
            .tables
            .keys()
            .chain(g.texts.keys())
            .copied()
            .chain(contacts.map(|(k, _)| *k))
            .map(str::to_owned)
            .collect(),
        sources: g
            .tables
            .iter()
            .chain(g.texts.iter().map(|(k, text)| (k, &text.header)))
            .chain(contacts)
            .map(|(k, t)| {
                let source = RecordSource {
                    file: t.source.file.clone(),
                    sheet: t.source.sheet.clone(),
                    headers: t.column_headers(),
                };
                ((*k).to_owned(), source)
            })
            .collect(),
        ..Records::default()
    }
}

/// Reads every file but contacts, in the order their references need; returns the people
/// index of students and staff.
fn read_tables(
    g: &mut Gathered,
    layouts: &Layouts,
    records: &mut Records,
    f: &mut Vec<Finding>,
) -> People {
    let mut people = People::default();
    if let Some(t) = &g.take(files::CALENDAR.name, layouts, f) {
        records.calendar = files::read_calendar(t, f);
    }
    if let Some(t) = &g.take(files::STUDENTS.name, layouts, f) {
        records.students = files::read_students(t, f, &mut people);
    }
    if let Some(t) = &g.take(files::STAFF.name, layouts, f) {
        records.staff = files::read_staff(t, f, &mut people);
    }
    if let Some(t) = &g.take(files::EXAMS.name, layouts, f) {
        records.exams = files::read_exams(t, f, &people, &records.students, &records.calendar);
    }
    if let Some(t) = &g.take(files::CONDUCT.name, layouts, f) {
        records.conduct = files::read_conduct(t, f, &people);
    }
    if let Some(t) = &g.take(files::HONORS.name, layouts, f) {
        records.honors = files::read_honors(t, f, &people);
    }
    if let Some(t) = &g.take(files::PAIRINGS.name, layouts, f) {
        records.pairings = files::read_pairings(t, f, &people);
    }
    if let Some(t) = &g.take(files::ACTIVITIES.name, layouts, f) {
        records.activities = files::read_activities(t, f, &people);
    }
    if let Some(t) = &g.take(files::PLANS.name, layouts, f) {
        records.plans = files::read_plans(t, f, &people);
    }
    if let Some(t) = &g.take(files::CATCHMENT.name, layouts, f) {
        records.catchment = files::read_catchment(t, f, &people);
    }
    if let Some(t) = &g.take(files::HELPER_SPLIT.name, layouts, f) {
        records.helper_split = files::read_helper_split(t, f);
    }
    people
}

impl Gathered {
    /// A file's table: a sheet's, or built from its text now (its warnings join the findings).
    fn take(&mut self, name: &str, layouts: &Layouts, f: &mut Vec<Finding>) -> Option<Table> {
        if let Some(t) = self.tables.remove(name) {
            return Some(t);
        }
        let Text {
            spec,
            required,
            source,
            text,
            ..
        } = self.texts.remove(name)?;
        let rows = stream::text_rows(&text);
        drop(text);
        match build_table(rows, &spec, layouts.of(&spec), required, source) {
            Ok((t, warnings)) => {
                f.extend(warnings);
                Some(t)
            }
            // Not reached: the same header rows were built into a table above.
            Err(p) => {
                f.extend(p);
                None
            }
        }
    }
}

/// Reads a streamed `contacts.csv` row by row, checking rows in batches; reads it the
/// ordinary way when a byte after its first rows is not UTF-8.
#[allow(clippy::too_many_arguments)]
fn stream_contacts(
    dir: &Path,
    options: &LoadOptions,
    layouts: &Layouts,
    pending: Pending,
    people: &People,
    records: &mut Records,
    f: &mut Vec<Finding>,
    meter: &Meter<'_>,
) -> Result<(), LoadError> {
    let Pending {
        opened: p,
        source,
        warnings,
    } = pending;
    let (progress, total, start) = (meter.progress, meter.total, meter.done());
    let mut found = Vec::new();
    let mut check = files::ContactCheck::new(&p.table, people, &records.students);
    let mut reader = files::ContactReader::new(people, &records.students);
    // About how many rows: the file's size over the length of its first rows.
    let first: Vec<usize> = p
        .table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.len() + 1).sum())
        .collect();
    if let (Ok(m), false) = (std::fs::metadata(dir.join(&source.file)), first.is_empty()) {
        let mean = first.iter().sum::<usize>() / first.len();
        reader.expect(usize::try_from(m.len()).unwrap_or(0) / mean.max(1));
    }
    let layout = layouts.of(&files::CONTACTS);
    let streamed = p.for_each_row(
        layout,
        |t, rows, out| check.check_all(t, rows, out),
        |t, row, checked| reader.row(t, row, checked, &mut found),
        &|n| (progress)(start + n, total),
    );
    match streamed {
        Ok(_) => {
            records.contacts = reader.finish();
            f.extend(warnings);
            f.extend(found);
        }
        Err(stream::Fallback::Io(e)) => {
            let msg = format!("cannot read: {e}");
            let problems = vec![Finding::error(&source.file, None, None, msg)];
            return Err(LoadError { problems });
        }
        // A byte that is not UTF-8 after the first rows: read the file the ordinary way.
        Err(stream::Fallback::NotUtf8) => {
            drop(reader);
            let spec = files::CONTACTS;
            let table = read_csv(dir, &source, options.encoding)
                .map_err(|p| vec![*p])
                .and_then(|rows| build_table(rows, &spec, layout, false, source));
            match table {
                Ok((t, warnings)) => {
                    f.extend(warnings);
                    records.contacts = files::read_contacts(&t, f, people, &records.students);
                }
                Err(mut problems) => {
                    sort_findings(&mut problems);
                    return Err(LoadError { problems });
                }
            }
        }
    }
    Ok(())
}
