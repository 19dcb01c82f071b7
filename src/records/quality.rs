//! The data-quality notes of `careplan check`: what is allowed but worth a look, on top of the
//! findings of loading. They are not findings of an evaluation (a home visit on a Saturday
//! is no problem in the records).

use super::{Finding, Msg, Records};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// Weekday names for messages (English, Chinese).
const WEEKDAYS: [(&str, &str); 7] = [
    ("Monday", "星期一"),
    ("Tuesday", "星期二"),
    ("Wednesday", "星期三"),
    ("Thursday", "星期四"),
    ("Friday", "星期五"),
    ("Saturday", "星期六"),
    ("Sunday", "星期日"),
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
    let at = |canonical: &str, line: usize, column: &str, message: Msg, note: bool| {
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
        let years = |to: &str, sep: &str| {
            spans
                .iter()
                .map(|s| format!("{}{to}{}", s.start, s.end))
                .collect::<Vec<_>>()
                .join(sep)
        };
        Msg::new(
            format!(
                "dated {day}, outside every school year in calendar.csv ({}); a mistyped year?",
                years(" to ", ", ")
            ),
            format!(
                "日期 {day} 不在 calendar.csv 的任何学年内（{}）；年份是否输错？",
                years(" 至 ", "，")
            ),
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
            let (why, why_zh) = match cal.holiday_on(c.date) {
                Some(h) => (format!("in the holiday `{h}`"), format!("假期 `{h}`")),
                None if cal.terms.iter().any(|t| t.span.contains(c.date)) => {
                    let (en, zh) = WEEKDAYS[c.date.weekday().num_days_from_monday() as usize];
                    (en.to_owned(), zh.to_owned())
                }
                None => ("between terms".to_owned(), "两学期之间".to_owned()),
            };
            let col = date_col("contacts.csv");
            let msg = Msg::new(
                format!(
                    "{} of `{}` on {} ({why}): not a school day; counted as recorded",
                    c.kind, c.student_id, c.date
                ),
                format!(
                    "`{}` 的{}在 {}（{why_zh}）：非在校日；照常计入",
                    c.student_id,
                    crate::lang::code_word(c.kind, crate::lang::Lang::Zh),
                    c.date
                ),
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
