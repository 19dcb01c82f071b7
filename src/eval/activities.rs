//! Activity duties (Plan 3 §Second.1 and .4: legal education sessions, the March tuition
//! subsidy, school-supply distribution; Plan 4 §(2).5–9: lectures each semester, an outing each
//! semester, a monthly class birthday party, each child in an activity): an `activities.csv`
//! row of the right kind in every window.
//!
//! Windows are calendar months, quarters, terms, the whole year, or one named month, that start
//! by the as-of date and hold a school day of the year (activities happen at school or while
//! school is on). A window is `met` by a row dated in it (by the as-of date); `open` while it
//! runs; `missed` once it closed. Per child, a window in which the child was not enrolled on
//! every school day and did not attend is `partial`; one in which it was enrolled on no school
//! day is not listed.

use super::{Ctx, Status, StatusCounts, class_name};
use crate::policy::{ActivityRule, ActivityWindow, Per};
use crate::records::FastMap;
use crate::records::{Activity, ClassKey, DateSpan};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One window of one activity duty, for the school, a class or a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityRow {
    /// Rule id.
    pub rule: String,
    /// The class, for `Class` and `Child` duties.
    pub class: Option<String>,
    /// The child, for `Child` duties.
    pub student_id: Option<String>,
    /// First day of the window.
    pub window_start: NaiveDate,
    /// Last day (inclusive).
    pub window_end: NaiveDate,
    /// `met`, `partial`, `open` or `missed`.
    pub status: Status,
    /// Day of the first matching row.
    pub date: Option<NaiveDate>,
    /// Whether the window is `missed`.
    pub overdue: bool,
    /// For a rule that needs every one of its kinds: the kinds with no row in the window (empty
    /// when it was met, and for any other rule).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_kinds: Vec<String>,
}

/// The windows of a duty: `(span, school days of the year in it)`.
fn windows(ctx: &Ctx, window: ActivityWindow) -> Vec<(DateSpan, Vec<NaiveDate>)> {
    let year = ctx.year_span;
    let months = |step: u32, first: NaiveDate| {
        let mut out = Vec::new();
        let mut d = first;
        while d <= year.end {
            let n = d + Months::new(step);
            out.push(DateSpan::new(d, n - Days::new(1)));
            d = n;
        }
        out
    };
    let month_start = year.start.with_day(1).unwrap_or(year.start);
    let spans: Vec<DateSpan> = match window {
        ActivityWindow::Year => vec![year],
        ActivityWindow::Term => ctx.terms.iter().map(|t| t.span).collect(),
        ActivityWindow::Monthly => months(1, month_start),
        ActivityWindow::Month(m) => months(1, month_start)
            .into_iter()
            .filter(|s| s.start.month() == m)
            .collect(),
        ActivityWindow::Quarterly => {
            let q = NaiveDate::from_ymd_opt(year.start.year(), year.start.month0() / 3 * 3 + 1, 1)
                .unwrap_or(year.start);
            months(3, q)
        }
    };
    spans
        .into_iter()
        .filter(|s| s.start <= ctx.as_of)
        .filter_map(|span| {
            let inner = DateSpan::new(span.start.max(year.start), span.end.min(year.end));
            let days: Vec<NaiveDate> = if inner.start <= inner.end {
                ctx.records.calendar.school_days_in(inner).collect()
            } else {
                Vec::new()
            };
            // Cut to the year's span, as a contact obligation's window is.
            (!days.is_empty()).then_some((inner, days))
        })
        .collect()
}

fn status(held: Option<NaiveDate>, partial: bool, span: DateSpan, as_of: NaiveDate) -> Status {
    match held {
        Some(_) => Status::Met,
        None if partial => Status::Partial,
        None if span.end >= as_of => Status::Open,
        None => Status::Missed,
    }
}

/// The first day in `span` of any row of `lists`, each list sorted by date: found by bisection,
/// so a window looks at no row outside it (a county's school-wide rows are read once per
/// window, not once per class and window).
pub(super) fn first_in(span: DateSpan, lists: &[&[&Activity]]) -> Option<NaiveDate> {
    lists
        .iter()
        .filter_map(|l| {
            let at = l.partition_point(|a| a.date < span.start);
            l.get(at).map(|a| a.date).filter(|d| *d <= span.end)
        })
        .min()
}

/// Activity rows (of some kinds) by date, and the same rows by child, by class and
/// school-wide (no class, no child), each list by date: a window looks only at its own rows
/// (with [`first_in`]), never at every row once per child or class.
pub(super) struct ActivityIndex<'a> {
    /// Every row, by date.
    pub all: Vec<&'a Activity>,
    /// The rows naming a child.
    pub by_child: FastMap<&'a str, Vec<&'a Activity>>,
    /// The rows naming a class.
    pub by_class: FastMap<&'a ClassKey, Vec<&'a Activity>>,
    /// The rows naming neither.
    pub school_wide: Vec<&'a Activity>,
}

impl<'a> ActivityIndex<'a> {
    /// Indexes `rows` (in any order).
    pub fn new(rows: impl Iterator<Item = &'a Activity>) -> Self {
        let mut all: Vec<&Activity> = rows.collect();
        // A stable sort: rows of one day keep their file order.
        all.sort_by_key(|a| a.date);
        let mut by_child: FastMap<&str, Vec<&Activity>> = FastMap::default();
        let mut by_class: FastMap<&ClassKey, Vec<&Activity>> = FastMap::default();
        let mut school_wide = Vec::new();
        for &a in &all {
            if let Some(id) = &a.student_id {
                by_child.entry(id.as_str()).or_default().push(a);
            }
            match &a.class {
                Some(c) => by_class.entry(c).or_default().push(a),
                None if a.student_id.is_none() => school_wide.push(a),
                None => {}
            }
        }
        ActivityIndex {
            all,
            by_child,
            by_class,
            school_wide,
        }
    }
}

pub(super) fn evaluate(ctx: &Ctx, rule: &ActivityRule) -> (Vec<ActivityRow>, StatusCounts) {
    // One index of the rule's rows, or, for a rule that needs every kind, one per kind.
    let index_of = |kind: Option<&String>| {
        ActivityIndex::new(ctx.records.activities.iter().filter(move |a| {
            a.date <= ctx.as_of
                && match kind {
                    Some(k) => a.kind == *k,
                    None => rule.kinds.contains(&a.kind),
                }
        }))
    };
    let indexes: Vec<ActivityIndex> = if rule.every_kind {
        rule.kinds.iter().map(|k| index_of(Some(k))).collect()
    } else {
        vec![index_of(None)]
    };
    // The day a window was met (its first row; with every kind needed, the day the last kind
    // was first held) and the kinds still missing, from the rows `pick` chooses of an index.
    let held =
        |pick: &dyn Fn(&ActivityIndex) -> Option<NaiveDate>| -> (Option<NaiveDate>, Vec<String>) {
            if !rule.every_kind {
                return (indexes.first().and_then(pick), Vec::new());
            }
            let firsts: Vec<Option<NaiveDate>> = indexes.iter().map(pick).collect();
            let missing: Vec<String> = rule
                .kinds
                .iter()
                .zip(&firsts)
                .filter(|(_, f)| f.is_none())
                .map(|(k, _)| k.clone())
                .collect();
            let day = if missing.is_empty() {
                firsts.into_iter().flatten().max()
            } else {
                None
            };
            (day, missing)
        };
    let mut rows = Vec::new();
    let row = |span: DateSpan,
               class: Option<String>,
               student_id: Option<String>,
               (held, missing_kinds): (Option<NaiveDate>, Vec<String>),
               partial: bool| {
        let status = status(held, partial, span, ctx.as_of);
        ActivityRow {
            rule: rule.id.clone(),
            class,
            student_id,
            window_start: span.start,
            window_end: span.end,
            status,
            date: held,
            overdue: status == Status::Missed,
            missing_kinds,
        }
    };
    for (span, days) in windows(ctx, rule.window) {
        match &rule.per {
            Per::School => rows.push(row(
                span,
                None,
                None,
                held(&|ix| first_in(span, &[&ix.all])),
                false,
            )),
            Per::Class => {
                let classes: BTreeSet<&ClassKey> = ctx
                    .records
                    .students
                    .iter()
                    .filter(|s| days.iter().any(|d| s.enrolled_on_day(*d)))
                    .map(|s| &s.class)
                    .collect();
                for class in classes {
                    let found = held(&|ix| {
                        let own = ix.by_class.get(class).map_or(&[][..], Vec::as_slice);
                        first_in(span, &[own, &ix.school_wide])
                    });
                    rows.push(row(span, Some(class_name(class)), None, found, false));
                }
            }
            Per::Child(covers) => {
                for s in &ctx.records.students {
                    let enrolled = days.iter().filter(|d| s.enrolled_on_day(**d)).count();
                    if enrolled == 0 || !ctx.covers(covers, s, &rule.id) {
                        continue;
                    }
                    let found = held(&|ix| {
                        let own = ix
                            .by_child
                            .get(s.student_id.as_str())
                            .map_or(&[][..], Vec::as_slice);
                        first_in(span, &[own])
                    });
                    rows.push(row(
                        span,
                        Some(class_name(&s.class)),
                        Some(s.student_id.clone()),
                        found,
                        enrolled < days.len(),
                    ));
                }
            }
        }
    }
    let mut counts = StatusCounts::default();
    for r in &rows {
        match r.status {
            Status::Met | Status::Late => counts.met += 1,
            Status::Partial => counts.partial += 1,
            Status::Open => counts.open += 1,
            Status::Missed => counts.missed += 1,
        }
    }
    counts.compliance_rate = super::rates::rate(counts.met, counts.met + counts.missed);
    (rows, counts)
}

/// Rows sorted for the decision: by rule, class, student, window.
pub(super) fn sort(rows: &mut [ActivityRow]) {
    rows.sort_by(|a, b| {
        (&a.rule, &a.class, &a.student_id, a.window_start).cmp(&(
            &b.rule,
            &b.class,
            &b.student_id,
            b.window_start,
        ))
    });
}

/// Counts per class of one duty's rows (met, missed), for the class assessment: a school-wide
/// row counts for every class.
pub(super) fn class_counts(
    rows: &[ActivityRow],
    rules: &[String],
    classes: &[String],
) -> BTreeMap<String, (u32, u32)> {
    let mut out: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for r in rows.iter().filter(|r| rules.contains(&r.rule)) {
        let targets: Vec<&String> = match &r.class {
            Some(c) => vec![c],
            None => classes.iter().collect(),
        };
        for c in targets {
            let e = out.entry(c.clone()).or_default();
            match r.status {
                Status::Met | Status::Late => {
                    e.0 += 1;
                    e.1 += 1;
                }
                Status::Missed => e.1 += 1,
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, d).expect("date")
    }

    fn on(d: u32) -> Activity {
        Activity {
            date: day(d),
            kind: "talk".to_owned(),
            class: None,
            student_id: None,
            line: d as usize,
        }
    }

    #[test]
    fn first_in_is_the_earliest_day_of_any_list_within_the_span() {
        let a: Vec<Activity> = [1, 3, 3, 9, 20].into_iter().map(on).collect();
        let b: Vec<Activity> = [2, 8, 30].into_iter().map(on).collect();
        let a: Vec<&Activity> = a.iter().collect();
        let b: Vec<&Activity> = b.iter().collect();
        let span = |from, to| DateSpan::new(day(from), day(to));
        let first = |from, to| first_in(span(from, to), &[&a, &b]);
        // Both ends count; the earliest of the two lists wins.
        assert_eq!(first(3, 9), Some(day(3)));
        assert_eq!(first(4, 8), Some(day(8)));
        assert_eq!(first(2, 2), Some(day(2)));
        assert_eq!(first(10, 19), None);
        assert_eq!(first(21, 30), Some(day(30)));
        assert_eq!(first_in(span(1, 30), &[]), None);
        // Every span agrees with a scan of every row.
        for from in 1..=30 {
            for to in from..=30 {
                let scan = a
                    .iter()
                    .chain(&b)
                    .map(|x| x.date)
                    .filter(|d| span(from, to).contains(*d))
                    .min();
                assert_eq!(first(from, to), scan, "{from}..={to}");
            }
        }
    }
}
