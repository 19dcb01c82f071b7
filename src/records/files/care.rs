//! Reading the files of care given: `pairings.csv`, `activities.csv` and `plans.csv`.

use super::people::{People, Who, class_of, left_out_message, student_ref};
use crate::records::contacts::FastMap;
use crate::records::csv_file::{RowCx, Table};
use crate::records::{Activity, Finding, Pairing};
use chrono::NaiveDate;
use std::collections::hash_map::Entry;

/// Reads `pairings.csv`; a repeated (mentor, mentee, scheme, start) is a warning and dropped.
pub(in crate::records) fn read_pairings(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<Pairing> {
    let mut pairings = Vec::with_capacity(t.rows.len());
    let mut claims: FastMap<(String, String, String, NaiveDate), usize> = FastMap::default();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let mentor = cx.key("mentor_id");
        let mentee = cx.key("mentee_id");
        let scheme = cx.key("scheme");
        let start = cx.date("start");
        let end = cx.opt_date("end");
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            cx.leave_out(Some("end"), format!("end {e} is before start {s}"));
        }
        if !mentor.is_empty() && mentor == mentee {
            cx.leave_out(
                Some("mentee_id"),
                format!("`{mentor}` is paired with itself"),
            );
        }
        if let (Some(start), false) = (start, cx.bad) {
            let key = (
                mentor.to_owned(),
                mentee.to_owned(),
                scheme.to_owned(),
                start,
            );
            match claims.entry(key) {
                Entry::Occupied(first) => {
                    cx.warning(
                        None,
                        format!(
                            "duplicate pairing of `{mentor}` with `{mentee}` in `{scheme}` from \
                             {start}, first on line {}; dropped",
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
        if !mentor.is_empty() {
            match people.who(mentor) {
                Who::Student(_) | Who::Staff => {}
                Who::LeftOut(file, line) => {
                    let msg = left_out_message(mentor, file, line);
                    cx.warning(
                        Some("mentor_id"),
                        msg.then("; row left out", "；该行未计入"),
                    );
                    cx.bad = true;
                }
                Who::Unknown => cx.leave_out(
                    Some("mentor_id"),
                    format!("unknown mentor `{mentor}`, not a staff_id or student_id"),
                ),
            }
        }
        student_ref(&mut cx, people, "mentee_id", mentee);
        let (Some(start), false) = (start, cx.bad) else {
            continue;
        };
        pairings.push(Pairing {
            mentor_id: mentor.to_owned(),
            mentee_id: mentee.to_owned(),
            scheme: scheme.to_owned(),
            start,
            end,
            line: row.line,
        });
    }
    pairings
}

/// Reads `activities.csv`.
pub(in crate::records) fn read_activities(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<Activity> {
    let mut activities = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let date = cx.date("date");
        let kind = cx.key("kind").to_lowercase();
        let student_id = cx.opt("student_id");
        if let Some(id) = &student_id {
            student_ref(&mut cx, people, "student_id", id);
        }
        let (Some(date), false) = (date, cx.bad) else {
            continue;
        };
        activities.push(Activity {
            date,
            kind,
            class: class_of(&cx),
            student_id,
            line: row.line,
        });
    }
    activities
}

/// Reads `catchment.csv`: the school-age left-behind children of the catchment. A row without a
/// name or with a bad birth date is left out with an error; a `student_id` not in students.csv
/// is only a warning (the child is then matched by name and birth date).
pub(in crate::records) fn read_catchment(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<crate::records::CatchmentChild> {
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let name = cx.key("name");
        let birth_date = cx.date("birth_date");
        let student_id = cx.opt("student_id");
        if let Some(id) = &student_id
            && !matches!(people.who(id), Who::Student(_))
        {
            cx.warning(
                Some("student_id"),
                format!("`{id}` is not a known student_id; matched by name and birth date"),
            );
        }
        let (Some(birth_date), false) = (birth_date, cx.bad) else {
            continue;
        };
        out.push(crate::records::CatchmentChild {
            name: name.to_owned(),
            birth_date,
            student_id,
            line: row.line,
        });
    }
    out
}

/// Reads `helper_split.csv`: a head teacher's division of a class's total among its helpers.
/// A row without an academic year, a class or a helper, or with a year that is not `YYYY-YYYY`,
/// is left out with an error. The points are kept as written when they are not a whole number
/// of 0 or more, and the helper is not looked up here: both are judged at evaluation, where the
/// class's total is known (and a class with such a row keeps the automatic split).
pub(in crate::records) fn read_helper_split(
    t: &Table,
    findings: &mut Vec<Finding>,
) -> Vec<crate::records::HelperSplitRow> {
    let mut out = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let year = cx.key("academic_year");
        if !year.is_empty() && !crate::records::value::is_academic_year(year) {
            cx.leave_out(
                Some("academic_year"),
                format!("`{year}` is not an academic year YYYY-YYYY (such as 2025-2026)"),
            );
        }
        cx.key("class");
        let helper = cx.key("helper_id");
        let written = cx.get("points");
        let points = crate::records::value::parse_decimal(written)
            .filter(|p| p.fract() == 0.0 && (0.0..1e12).contains(p))
            .map(|p| p as i64)
            .ok_or_else(|| written.to_owned());
        let (Some(class), false) = (class_of(&cx), cx.bad) else {
            continue;
        };
        out.push(crate::records::HelperSplitRow {
            academic_year: year.to_owned(),
            class,
            helper_id: helper.to_owned(),
            points,
            line: row.line,
        });
    }
    out
}

/// Reads `plans.csv`: individual education plans made for a child (Plans 2, 4). A plan for an
/// unknown student is left out; an unknown `staff_id` is only a warning.
pub(in crate::records) fn read_plans(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<crate::records::IndividualPlanRecord> {
    let mut plans = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let date = cx.date("date");
        let student_id = cx.key("student_id");
        student_ref(&mut cx, people, "student_id", student_id);
        let staff_id = cx.opt("staff_id");
        if let Some(id) = &staff_id
            && matches!(people.who(id), Who::Unknown)
        {
            cx.warning(
                Some("staff_id"),
                format!("`{id}` is not a known staff_id; row kept"),
            );
        }
        let (Some(date), false) = (date, cx.bad) else {
            continue;
        };
        plans.push(crate::records::IndividualPlanRecord {
            student_id: student_id.to_owned(),
            date,
            reason: cx.opt("reason"),
            staff_id,
            line: row.line,
        });
    }
    plans
}
