//! Contact obligations over recurring windows (design.md, "Windows", "Due day", "Status").
//!
//! Implements Plan 1 §Third.1–3 (weekly talk due Monday, quarterly home visit, monthly parent
//! call) and any obligation of the same shape.

use super::{Ctx, ObligationRow, Status, StatusCounts, class_name};
use crate::policy::{MadeBy, Obligation, Window};
use crate::records::{Contact, DateSpan, Staff};
use crate::script::{Hook, ScriptContact, ScriptStudent, ScriptWindow};
use chrono::{Datelike, Days, Months, NaiveDate};
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Every window of every obligation for every covered student, and counts per rule.
pub(super) fn evaluate(ctx: &Ctx) -> (Vec<ObligationRow>, BTreeMap<String, StatusCounts>) {
    let mut by_student: HashMap<&str, Vec<&Contact>> = HashMap::new();
    for c in &ctx.records.contacts {
        if c.date <= ctx.as_of {
            by_student.entry(c.student_id.as_str()).or_default().push(c);
        }
    }
    for list in by_student.values_mut() {
        list.sort_by_key(|c| (c.date, c.line));
    }
    let staff: HashMap<&str, &Staff> = ctx
        .records
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s))
        .collect();

    let pairs = super::pairings::PairIndex::new(&ctx.records.pairings);

    let mut rows = Vec::new();
    let mut summary = BTreeMap::new();
    for rule in &ctx.policy.obligations {
        let counts: &mut StatusCounts = summary.entry(rule.id.clone()).or_default();
        let windows = windows(ctx, rule.window);
        for student in ctx
            .records
            .students
            .iter()
            .filter(|s| ctx.covers(&rule.covers, s, &rule.id))
        {
            // A `counts` script that hit a limit leaves the rule out for every child.
            if rule.counts.is_some()
                && ctx
                    .scripts
                    .as_ref()
                    .is_some_and(|sc| sc.stopped_for(&rule.id, &student.student_id))
            {
                continue;
            }
            let contacts = by_student.get(student.student_id.as_str());
            let view = rule
                .counts
                .as_ref()
                .map(|_| Arc::new(ctx.script_student(student)));
            // The child's contacts as scripts see them, made once per child and rule.
            let script_contacts: Vec<Arc<ScriptContact>> = match (&view, contacts) {
                (Some(_), Some(list)) => list
                    .iter()
                    .map(|c| Arc::new(script_contact(c, &staff)))
                    .collect(),
                _ => Vec::new(),
            };
            // Enrolled and, for a rule made by the child's own mentor, paired.
            let present = |d: NaiveDate| {
                student.enrolled_on_day(d) && pairs.obliged(&rule.made_by, &student.student_id, d)
            };
            for w in &windows {
                let enrolled = w.school_days.iter().filter(|d| present(**d)).count();
                if enrolled == 0 {
                    continue;
                }
                // A child who joins after the week's due day is due on their first school
                // day in it (a school would not call a talk on that day late).
                let due = w.due.and_then(|due| {
                    w.school_days
                        .iter()
                        .copied()
                        .find(|d| *d >= due && present(*d))
                });
                // A `counts` script that fails for a contact leaves the window out: whether
                // it was met cannot be told.
                let mut failed = false;
                // The window as scripts see it, made when a script first needs it.
                let window: OnceCell<Arc<ScriptWindow>> = OnceCell::new();
                let first = contacts.and_then(|list| {
                    list.iter()
                        .enumerate()
                        .find(|(i, c)| {
                            w.span.contains(c.date)
                                && matches(rule, c, &staff)
                                && pairs.made_by_mentor(&rule.made_by, c)
                                && script_accepts(
                                    ctx,
                                    rule,
                                    view.as_ref(),
                                    script_contacts.get(*i),
                                    || {
                                        window.get_or_init(|| {
                                            Arc::new(script_window(w, due, list, &script_contacts))
                                        })
                                    },
                                )
                                .unwrap_or_else(|| {
                                    failed = true;
                                    false
                                })
                        })
                        .map(|(_, c)| c.date)
                });
                if failed {
                    continue;
                }
                let status = match first {
                    Some(d) if due.is_some_and(|due| d > due) => Status::Late,
                    Some(_) => Status::Met,
                    None if enrolled < w.school_days.len() => Status::Partial,
                    None if w.span.end >= ctx.as_of => Status::Open,
                    None => Status::Missed,
                };
                match status {
                    Status::Met => counts.met += 1,
                    Status::Late => counts.late += 1,
                    Status::Partial => counts.partial += 1,
                    Status::Open => counts.open += 1,
                    Status::Missed => counts.missed += 1,
                }
                let overdue = status == Status::Missed
                    || (status == Status::Open && due.is_some_and(|d| d < ctx.as_of));
                rows.push(ObligationRow {
                    rule: rule.id.clone(),
                    student_id: student.student_id.clone(),
                    class: class_name(&student.class),
                    window_start: w.span.start,
                    window_end: w.span.end,
                    due,
                    status,
                    contact_date: first,
                    overdue,
                });
            }
        }
    }
    for c in summary.values_mut() {
        let done = c.met + c.late;
        let due = done + c.missed;
        c.compliance_rate =
            (due > 0).then(|| (f64::from(done) / f64::from(due) * 1e4).round() / 1e4);
    }
    rows.sort_by(|a, b| {
        (&a.rule, &a.student_id, a.window_start).cmp(&(&b.rule, &b.student_id, b.window_start))
    });
    (rows, summary)
}

/// Whether a contact satisfies the rule: right kind, made by the right person.
fn matches(rule: &Obligation, c: &Contact, staff: &HashMap<&str, &Staff>) -> bool {
    if !rule.kinds.contains(&c.kind) {
        return false;
    }
    if rule.require_note && c.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return false;
    }
    match &rule.made_by {
        // The mentor is checked against pairings.csv by the caller.
        MadeBy::Anyone | MadeBy::PairedMentor(_) => true,
        MadeBy::Role(role) => c
            .staff_id
            .as_deref()
            .and_then(|id| staff.get(id))
            .is_some_and(|s| s.has_role(role)),
    }
}

fn script_contact(c: &Contact, staff: &HashMap<&str, &Staff>) -> ScriptContact {
    ScriptContact {
        date: c.date.to_string(),
        kind: c.kind.clone(),
        staff_id: c.staff_id.clone().unwrap_or_default(),
        staff_roles: c
            .staff_id
            .as_deref()
            .and_then(|id| staff.get(id))
            .map(|s| s.roles.clone())
            .unwrap_or_default(),
        note: c.note.clone().unwrap_or_default(),
    }
}

/// The window as a script sees it, with every contact of the child in it (`seen` holds the
/// script view of each contact of `list`).
fn script_window(
    w: &Win,
    due: Option<NaiveDate>,
    list: &[&Contact],
    seen: &[Arc<ScriptContact>],
) -> ScriptWindow {
    ScriptWindow {
        start: w.span.start.to_string(),
        end: w.span.end.to_string(),
        due: due.map(|d| d.to_string()).unwrap_or_default(),
        contacts: list
            .iter()
            .zip(seen)
            .filter(|(c, _)| w.span.contains(c.date))
            .map(|(_, s)| Arc::clone(s))
            .collect(),
    }
}

/// Whether the obligation's `counts` script (if any) accepts the contact; `None` when the
/// script fails (its rule fails, with a finding, and the window is left out).
fn script_accepts<'w>(
    ctx: &Ctx,
    rule: &Obligation,
    student: Option<&Arc<ScriptStudent>>,
    contact: Option<&Arc<ScriptContact>>,
    window: impl FnOnce() -> &'w Arc<ScriptWindow>,
) -> Option<bool> {
    let (Some(function), Some(sc), Some(student), Some(contact)) =
        (&rule.counts, &ctx.scripts, student, contact)
    else {
        return Some(rule.counts.is_none());
    };
    let window = window();
    sc.run(&rule.id, &student.id, |r| {
        r.call_bool(function, Hook::Counts, student, contact, window)
    })
    .ok()
    .map(|(yes, _)| yes)
}

/// A window that holds at least one school day of the year.
pub(super) struct Win {
    pub span: DateSpan,
    /// School days of the year inside the window.
    pub school_days: Vec<NaiveDate>,
    pub due: Option<NaiveDate>,
}

/// The windows of the year that start on or before the as-of date and hold a school day.
fn windows(ctx: &Ctx, window: Window) -> Vec<Win> {
    let year = ctx.year_span;
    let spans: Vec<DateSpan> = match window {
        Window::Term => ctx.terms.iter().map(|t| t.span).collect(),
        Window::Weekly { .. } => {
            let first =
                year.start - Days::new(u64::from(year.start.weekday().num_days_from_monday()));
            step(first, year.end, |d| d + Days::new(7))
        }
        Window::Monthly => {
            let first = year.start.with_day(1).unwrap_or(year.start);
            step(first, year.end, |d| d + Months::new(1))
        }
        Window::Quarterly => {
            let month0 = (year.start.month0() / 3) * 3;
            let first =
                NaiveDate::from_ymd_opt(year.start.year(), month0 + 1, 1).unwrap_or(year.start);
            step(first, year.end, |d| d + Months::new(3))
        }
    };
    spans
        .into_iter()
        .filter(|s| s.start <= ctx.as_of)
        .filter_map(|span| {
            let inner = DateSpan::new(span.start.max(year.start), span.end.min(year.end));
            let school_days: Vec<NaiveDate> = if inner.start <= inner.end {
                ctx.records.calendar.school_days_in(inner).collect()
            } else {
                Vec::new()
            };
            if school_days.is_empty() {
                return None;
            }
            let due = match window {
                Window::Weekly { due: Some(wd) } => {
                    let target = span.start + Days::new(u64::from(wd.num_days_from_monday()));
                    school_days.iter().copied().find(|d| *d >= target)
                }
                _ => None,
            };
            Some(Win {
                span,
                school_days,
                due,
            })
        })
        .collect()
}

/// Consecutive windows `[d, next(d) - 1]` from `first` while they start on or before `last`.
fn step(first: NaiveDate, last: NaiveDate, next: impl Fn(NaiveDate) -> NaiveDate) -> Vec<DateSpan> {
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        let n = next(d);
        out.push(DateSpan::new(d, n - Days::new(1)));
        d = n;
    }
    out
}
