//! The data-quality notes of `careplan check`: what is allowed but worth a look, on top of the
//! findings of loading. They are not findings of an evaluation (a home visit on a Saturday
//! is no problem in the records).

use super::{Finding, Records};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// Weekday names for messages.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The notes about `records`: rows dated outside every school year of the calendar (a
/// warning: often a mistyped year) in `contacts.csv`, `conduct.csv`, `activities.csv` and
/// `plans.csv`, and contacts on a day that is no school day (a note: allowed). Each names the
/// row's file (and sheet) and line. Sorted by file, sheet, line.
pub fn quality_notes(records: &Records) -> Vec<Finding> {
    let cal = &records.calendar;
    let years: BTreeSet<&str> = cal.terms.iter().map(|t| t.academic_year.as_str()).collect();
    let spans: Vec<_> = years.iter().filter_map(|y| cal.year_span(y)).collect();
    let mut notes = Vec::new();
    let at = |canonical: &str, line: usize, column: &str, message: String, note: bool| {
        let (file, sheet) = records.sources.get(canonical).map_or_else(
            || (canonical.to_owned(), None),
            |s| (s.file.clone(), s.sheet.clone()),
        );
        let f = if note {
            Finding::note(&file, Some(line), Some(column), message)
        } else {
            Finding::warning(&file, Some(line), Some(column), message)
        };
        f.on_sheet(sheet.as_deref())
    };
    let outside = |day: NaiveDate| !spans.is_empty() && !spans.iter().any(|s| s.contains(day));
    let year_note = |day: NaiveDate| {
        format!(
            "dated {day}, outside every school year in calendar.csv ({}); a mistyped year?",
            spans
                .iter()
                .map(|s| format!("{} to {}", s.start, s.end))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let date_col = |canonical: &str| {
        records
            .sources
            .get(canonical)
            .and_then(|s| s.headers.get("date").cloned())
            .unwrap_or_else(|| "date".to_owned())
    };
    for c in records.contacts.iter() {
        if outside(c.date) {
            let col = date_col("contacts.csv");
            notes.push(at("contacts.csv", c.line, &col, year_note(c.date), false));
        } else if !cal.is_school_day(c.date) {
            let why = match cal.holiday_on(c.date) {
                Some(h) => format!("in the holiday `{h}`"),
                None if cal.terms.iter().any(|t| t.span.contains(c.date)) => {
                    WEEKDAYS[c.date.weekday().num_days_from_monday() as usize].to_owned()
                }
                None => "between terms".to_owned(),
            };
            let col = date_col("contacts.csv");
            let msg = format!(
                "{} of `{}` on {} ({why}): not a school day; counted as recorded",
                c.kind, c.student_id, c.date
            );
            notes.push(at("contacts.csv", c.line, &col, msg, true));
        }
    }
    let dated = records
        .conduct
        .iter()
        .map(|c| ("conduct.csv", c.line, c.date))
        .chain(
            records
                .activities
                .iter()
                .map(|a| ("activities.csv", a.line, a.date)),
        )
        .chain(records.plans.iter().map(|p| ("plans.csv", p.line, p.date)));
    for (file, line, day) in dated {
        if outside(day) {
            notes.push(at(file, line, &date_col(file), year_note(day), false));
        }
    }
    notes.sort_by(|a, b| (&a.file, &a.sheet, a.line).cmp(&(&b.file, &b.sheet, b.line)));
    notes
}
