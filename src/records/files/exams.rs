//! Reading the files of results: `exams.csv`, `conduct.csv` and `honors.csv`.

use super::people::{People, Who, left_out_message, student_ref};
use super::{CALENDAR, STUDENTS};
use crate::records::contacts::FastMap;
use crate::records::csv_file::{RowCx, Table};
use crate::records::value::{is_academic_year, parse_decimal};
use crate::records::{
    Calendar, ClassKey, ConductRecord, ConductSeverity, ExamResult, Finding, Honor, Student,
};
use std::collections::hash_map::Entry;

/// The largest exam total accepted: totals are at most this and at least 0, so every total is
/// stored and compared exactly.
const MAX_EXAM_TOTAL: f64 = 100_000.0;

/// Reads `exams.csv`: one result per student and term (the first row wins).
///
/// The result of a student whose `students.csv` row was left out is kept (with a warning) when
/// its class is known, from the exam row or from the left-out row: it still counts in the
/// ranking of the other children of its class. A result whose class is not known, or empty, is
/// left out: it is in no class ranking.
pub(in crate::records) fn read_exams(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
    students: &[Student],
    calendar: &Calendar,
) -> Vec<ExamResult> {
    let mut exams = Vec::with_capacity(t.rows.len());
    let mut claims: FastMap<(String, String), usize> = FastMap::default();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let student_id = cx.key("student_id");
        let term = cx.key("term");
        let total_text = cx.key("total");
        let total = if total_text.is_empty() {
            None
        } else {
            match parse_decimal(total_text) {
                None => {
                    cx.leave_out(
                        Some("total"),
                        format!("`{total_text}` is not a number, expected a decimal such as 85.5"),
                    );
                    None
                }
                Some(v) if !(0.0..=MAX_EXAM_TOTAL).contains(&v) => {
                    cx.leave_out(
                        Some("total"),
                        format!(
                            "`{total_text}` is out of range: an exam total is between 0 and \
                             {MAX_EXAM_TOTAL}"
                        ),
                    );
                    None
                }
                // `+ 0.0` turns `-0` into 0.
                Some(v) => Some(v + 0.0),
            }
        };
        if !student_id.is_empty() && !term.is_empty() {
            match claims.entry((student_id.to_owned(), term.to_owned())) {
                Entry::Occupied(first) => {
                    let msg = format!(
                        "duplicate result of `{student_id}` for term `{term}`, first on line {}",
                        first.get()
                    );
                    cx.leave_out(Some("student_id"), msg);
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
        }
        if !term.is_empty() && calendar.term(term).is_none() {
            cx.warning(
                Some("term"),
                format!("term `{term}` is not in {}", CALENDAR.name),
            );
        }
        // The class of the student: from students.csv, or from its left-out row.
        let student_class = match people.who(student_id) {
            Who::LeftOut(file, line) if file == STUDENTS.name => {
                let known = people.left_out_classes.get(student_id);
                let msg = left_out_message(student_id, file, line);
                if cx.bad {
                    cx.warning(
                        Some("student_id"),
                        msg.then("; row left out", "；该行未计入"),
                    );
                } else if known.is_some() || cx.opt("class").is_some() {
                    cx.warning(
                        Some("student_id"),
                        msg.then(
                            "; the exam result still counts in the class ranking",
                            "；该考试成绩仍计入班级排名",
                        ),
                    );
                } else {
                    cx.warning(
                        Some("student_id"),
                        msg.then(
                            ", and its class is not known; row left out",
                            "，且班级不明；该行未计入",
                        ),
                    );
                    cx.bad = true;
                }
                known.cloned()
            }
            _ => student_ref(&mut cx, people, "student_id", student_id)
                .and_then(|i| students.get(i))
                .map(|s| s.class.clone()),
        };
        let class = match cx.opt("class") {
            Some(class) => Some(ClassKey {
                school: cx.opt("school").unwrap_or_else(|| {
                    student_class
                        .as_ref()
                        .map(|c| c.school.clone())
                        .unwrap_or_default()
                }),
                class,
            }),
            None => student_class,
        };
        let (Some(class), Some(total), false) = (class, total, cx.bad) else {
            continue;
        };
        if class.class.is_empty() {
            cx.warning(
                Some("student_id"),
                format!(
                    "student `{student_id}` has no class in {} and the exam row gives none: the \
                     result is in no class ranking; row left out",
                    STUDENTS.name
                ),
            );
            continue;
        }
        exams.push(ExamResult {
            student_id: student_id.to_owned(),
            term: term.to_owned(),
            total,
            class,
            line: row.line,
        });
    }
    exams
}

/// Reads `conduct.csv`.
pub(in crate::records) fn read_conduct(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<ConductRecord> {
    let mut conduct = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let date = cx.date("date");
        let student_id = cx.key("student_id");
        let severity_text = cx.key("severity");
        let severity = match severity_text.to_lowercase().as_str() {
            "" => None,
            "minor" => Some(ConductSeverity::Minor),
            "serious" => Some(ConductSeverity::Serious),
            _ => {
                cx.leave_out(
                    Some("severity"),
                    format!("unknown severity `{severity_text}`, expected minor or serious"),
                );
                None
            }
        };
        student_ref(&mut cx, people, "student_id", student_id);
        let (Some(date), Some(severity), false) = (date, severity, cx.bad) else {
            continue;
        };
        conduct.push(ConductRecord {
            date,
            student_id: student_id.to_owned(),
            severity,
            line: row.line,
        });
    }
    conduct
}

/// Reads `honors.csv`; a repeated (student, year, title) is a warning and dropped.
pub(in crate::records) fn read_honors(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<Honor> {
    let mut honors = Vec::with_capacity(t.rows.len());
    let mut claims: FastMap<(String, String, String), usize> = FastMap::default();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let student_id = cx.key("student_id");
        let year = cx.key("academic_year");
        let title = cx.key("title");
        if !year.is_empty() && !is_academic_year(year) {
            cx.leave_out(
                Some("academic_year"),
                format!("`{year}` is not an academic year YYYY-YYYY (such as 2025-2026)"),
            );
        }
        if !cx.bad {
            let key = (student_id.to_owned(), year.to_owned(), title.to_owned());
            match claims.entry(key) {
                Entry::Occupied(first) => {
                    cx.warning(
                        None,
                        format!(
                            "duplicate honor `{title}` of `{student_id}` in {year}, first on line \
                             {}; dropped",
                            first.get()
                        ),
                    );
                    cx.bad = true;
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
        }
        student_ref(&mut cx, people, "student_id", student_id);
        if cx.bad {
            continue;
        }
        honors.push(Honor {
            student_id: student_id.to_owned(),
            academic_year: year.to_owned(),
            title: title.to_owned(),
            line: row.line,
        });
    }
    honors
}
