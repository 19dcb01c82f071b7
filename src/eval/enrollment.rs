//! Enrollment and retention rates (Plan 2 §Second.2: "the enrollment rate and consolidation
//! rate of left-behind children have reached 100%").
//!
//! - **enrollment rate** = children of the catchment's list of school-age left-behind children
//!   (`catchment.csv`, from the village or community) enrolled at the school on the count day /
//!   children on the list. The school's own roster cannot give it (every child on a roster is
//!   enrolled): without the list the rate cannot be computed and the report says so.
//!
//! Counted against the roster of the plan's count day:
//! - **roster** = covered children enrolled on the count day plus those who dropped out of the
//!   school between the year's first day and the count day;
//! - **retention rate** = (children enrolled on the count day − those of them who dropped out
//!   after it, up to the as-of date) / children enrolled on the count day. A transfer, a
//!   graduation or any other reason is not a dropout; children who join after the count day are
//!   listed but not in the base.

use super::rates::{meets, rate};
use super::{Ctx, class_name};
use crate::policy::{CountDay, Enrollment};
use crate::records::{Finding, LeftReason, Student};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Enrollment and retention of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnrollmentResult {
    /// Rule id.
    pub rule: String,
    /// The day whose roster is counted.
    pub count_day: NaiveDate,
    /// Covered children on the count day's roster.
    pub roster: u32,
    /// Of them, enrolled on the count day.
    pub enrolled: u32,
    /// Children on the catchment's list (`catchment.csv`); `null` without the list.
    pub catchment: Option<u32>,
    /// Of them, enrolled at the school on the count day.
    pub catchment_enrolled: u32,
    /// Rows of `catchment.csv` left out for errors: while any is, the rate cannot be computed
    /// (a child left out might be one not enrolled).
    pub catchment_left_out: u32,
    /// catchment_enrolled / catchment; `null` without the list (cannot be computed).
    pub enrollment_rate: Option<f64>,
    /// Target, percent.
    pub enrollment_target_percent: u32,
    /// Whether the enrollment rate reaches its target (false when it cannot be computed).
    pub meets_enrollment_target: bool,
    /// Children enrolled on the count day who dropped out after it (up to the as-of date).
    pub dropouts: u32,
    /// enrolled − dropouts.
    pub retained: u32,
    /// retained / enrolled.
    pub retention_rate: Option<f64>,
    /// Target, percent.
    pub retention_target_percent: u32,
    /// Whether the retention rate reaches its target.
    pub meets_retention_target: bool,
    /// The same per class.
    pub classes: Vec<EnrollmentClass>,
    /// Covered children who left during the year (up to the as-of date), by id.
    pub left: Vec<Departure>,
    /// Covered children who joined after the count day (up to the as-of date), by id.
    pub joined: Vec<Arrival>,
}

/// One class's enrollment and retention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnrollmentClass {
    /// The class.
    pub class: String,
    /// Roster of the count day.
    pub roster: u32,
    /// Enrolled on the count day.
    pub enrolled: u32,
    /// Dropped out after it.
    pub dropouts: u32,
    /// enrolled / roster (the share of the count day's roster still enrolled on it).
    pub enrollment_rate: Option<f64>,
    /// (enrolled − dropouts) / enrolled.
    pub retention_rate: Option<f64>,
}

/// A child who left during the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Departure {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// First day no longer enrolled.
    pub left_on: NaiveDate,
    /// `transfer`, `dropout`, `graduated`, `other`, or `null` when not recorded.
    pub left_reason: Option<&'static str>,
    /// Whether the departure counts against retention (a dropout of the count day's roster).
    pub counts_as_dropout: bool,
}

/// A child who joined after the count day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arrival {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// First day enrolled.
    pub enrolled_on: NaiveDate,
}

/// The word for a reason in reports and JSON.
pub fn reason_word(r: LeftReason) -> &'static str {
    match r {
        LeftReason::Transfer => "transfer",
        LeftReason::Dropout => "dropout",
        LeftReason::Graduated => "graduated",
        LeftReason::Other => "other",
    }
}

/// The count day of the year: its first day, or the first day of the year with the plan's
/// month and day (the year's first day, with a warning, when the year has no such day).
fn count_day(ctx: &mut Ctx, rule: &Enrollment) -> NaiveDate {
    let year = ctx.year_span;
    match rule.count_on {
        CountDay::YearStart => year.start,
        CountDay::MonthDay { month, day } => {
            let found = [year.start.year(), year.start.year() + 1]
                .into_iter()
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .find(|d| year.contains(*d));
            found.unwrap_or_else(|| {
                ctx.findings.push(Finding::warning(
                    "calendar.csv",
                    None,
                    None,
                    format!(
                        "academic year `{}` ({year}) has no day {month:02}-{day:02}: rule `{}` counts the roster of its first day",
                        ctx.year, rule.id
                    ),
                ));
                year.start
            })
        }
    }
}

pub(super) fn evaluate(ctx: &mut Ctx, rule: &Enrollment) -> EnrollmentResult {
    let day = count_day(ctx, rule);
    let end = ctx.year_span.end.min(ctx.as_of);
    // Days on which a departure counts as "during the year": after the first day, up to `end`.
    let during = |d: NaiveDate| ctx.year_span.start < d && d <= end;
    let is_dropout = |s: &Student| s.left_reason == Some(LeftReason::Dropout);
    let mut classes: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let mut left = Vec::new();
    let mut joined = Vec::new();
    let mut unexplained = Vec::new();
    for s in &ctx.records.students {
        if !ctx.covers(&rule.covers, s, &rule.id) {
            continue;
        }
        let class = class_name(&s.class);
        let enrolled = s.enrolled_on_day(day);
        let dropped_before = s.enrolled_on <= day
            && s.left_on.is_some_and(|l| during(l) && l <= day)
            && is_dropout(s);
        if enrolled || dropped_before {
            let c = classes.entry(class.clone()).or_default();
            c.0 += 1;
            if enrolled {
                c.1 += 1;
            }
        }
        let mut counts_as_dropout = false;
        if enrolled && is_dropout(s) && s.left_on.is_some_and(|l| day < l && l <= end) {
            classes.entry(class.clone()).or_default().2 += 1;
            counts_as_dropout = true;
        }
        if let Some(l) = s.left_on.filter(|l| during(*l)) {
            if s.left_reason.is_none() {
                unexplained.push(s);
            }
            left.push(Departure {
                student_id: s.student_id.clone(),
                name: s.name.clone(),
                class: class.clone(),
                left_on: l,
                left_reason: s.left_reason.map(reason_word),
                counts_as_dropout,
            });
        }
        if day < s.enrolled_on && s.enrolled_on <= end {
            joined.push(Arrival {
                student_id: s.student_id.clone(),
                name: s.name.clone(),
                class,
                enrolled_on: s.enrolled_on,
            });
        }
    }
    for s in unexplained {
        ctx.findings.push(Finding::warning(
            "students.csv",
            Some(s.line),
            Some("left_reason"),
            format!(
                "`{}` left on {} with no left_reason: rule `{}` does not count it as a dropout",
                s.student_id,
                s.left_on.map(|d| d.to_string()).unwrap_or_default(),
                rule.id
            ),
        ));
    }
    left.sort_by(|a, b| a.student_id.cmp(&b.student_id));
    joined.sort_by(|a, b| a.student_id.cmp(&b.student_id));
    let (roster, enrolled, dropouts) = classes
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    let retained = enrolled - dropouts;
    // The catchment's children at the school on the count day: by `student_id` when the list
    // gives one, else by name and birth date.
    let records = ctx.records;
    let catchment = records
        .present
        .contains("catchment.csv")
        .then_some(records.catchment.len() as u32);
    let catchment_enrolled = records
        .catchment
        .iter()
        .filter(|c| {
            records.students.iter().any(|s| {
                let same = match &c.student_id {
                    Some(id) if *id == s.student_id => true,
                    _ => s.name == c.name && s.birth_date == Some(c.birth_date),
                };
                same && s.enrolled_on_day(day)
            })
        })
        .count() as u32;
    let of = catchment.unwrap_or(0);
    let catchment_left_out = records
        .findings
        .iter()
        .filter(|f| f.file == "catchment.csv" && f.severity == crate::records::Severity::Error)
        .count() as u32;
    let computable = catchment.is_some() && catchment_left_out == 0;
    EnrollmentResult {
        rule: rule.id.clone(),
        count_day: day,
        roster,
        enrolled,
        catchment,
        catchment_enrolled,
        catchment_left_out,
        enrollment_rate: catchment
            .filter(|_| computable)
            .and_then(|n| rate(catchment_enrolled, n)),
        enrollment_target_percent: rule.enrollment_target_percent,
        meets_enrollment_target: computable
            && meets(catchment_enrolled, of, rule.enrollment_target_percent),
        dropouts,
        retained,
        retention_rate: rate(retained, enrolled),
        retention_target_percent: rule.retention_target_percent,
        meets_retention_target: meets(retained, enrolled, rule.retention_target_percent),
        classes: classes
            .into_iter()
            .map(|(class, (roster, enrolled, dropouts))| EnrollmentClass {
                class,
                roster,
                enrolled,
                dropouts,
                enrollment_rate: rate(enrolled, roster),
                retention_rate: rate(enrolled - dropouts, enrolled),
            })
            .collect(),
        left,
        joined,
    }
}
