//! Contact obligations over recurring windows (docs/src/reference/semantics.md, "Windows", "Due day", "Status").
//!
//! Implements Plan 1 §Third.1–3 (weekly talk due Monday, quarterly home visit, monthly parent
//! call) and any obligation of the same shape.
//!
//! The contacts are kept by child, sorted by date (see [`crate::records::Contacts`]), and each
//! child's windows are walked with its contacts in one pass. Children are evaluated in parallel, in fixed chunks whose
//! results are merged in order, so the outcome never depends on the number of threads; each
//! chunk has its own context (and script engine). Rows are materialised only as
//! [`super::Rows`] asks; the counts per rule, and per class for the class assessment, always
//! cover every window.

use super::pairings::in_force;
use super::{Ctx, ObligationRow, Status, StatusCounts, class_name};
use crate::policy::{MadeBy, Obligation, Window};
use crate::records::{ContactRow, Contacts, DateSpan, FastMap, Pairing, Staff, Student, Word};
use crate::script::{Hook, ScriptContact, ScriptStudent, ScriptWindow};
use chrono::{Datelike, Days, Months, NaiveDate};
use rayon::prelude::*;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Children per chunk of parallel work (fixed, so that results never depend on the threads).
pub(super) const CHUNK: usize = 512;

/// (met + late, met + late + missed) per class, per rule: what the class assessment's
/// `Compliance` measure needs.
pub(crate) type ClassCounts = BTreeMap<String, BTreeMap<String, (u32, u32)>>;

/// What the obligations give: the rows listed, counts per rule and per rule and class.
pub(super) struct Outcome {
    pub rows: Vec<ObligationRow>,
    pub summary: BTreeMap<String, StatusCounts>,
    pub classes: ClassCounts,
}

/// What every chunk shares, read-only.
struct Shared<'a> {
    rules: Vec<RuleFacts<'a>>,
    staff: FastMap<&'a str, &'a Staff>,
    /// Pairings by scheme and mentee, for `PairedMentor` rules.
    mentors: FastMap<(&'a str, &'a str), Vec<&'a Pairing>>,
}

/// A rule, with what its contact test needs looked up once.
struct RuleFacts<'a> {
    rule: &'a Obligation,
    windows: Vec<Win>,
    /// By word index of the contacts: whether the word is one of the rule's kinds, and
    /// (for `require_note`) whether it holds text, and (for `Role`) whether it is the id of a
    /// staff member with the role.
    kind_ok: Vec<bool>,
    note_ok: Vec<bool>,
    role_ok: Vec<bool>,
    /// By word index (for `HeadTeacher`): the class the word's staff member is head teacher of.
    head_of: Vec<Option<&'a crate::records::ClassKey>>,
    /// Whether the class assessment measures this rule per class.
    per_class: bool,
}

/// One chunk's part of the outcome.
#[derive(Default)]
struct Part {
    rows: Vec<ObligationRow>,
    summary: Vec<StatusCounts>,
    classes: Vec<BTreeMap<String, (u32, u32)>>,
}

/// Every window of every obligation for every covered student, and counts per rule.
pub(super) fn evaluate(ctx: &mut Ctx) -> Outcome {
    let records = ctx.records;
    let policy = ctx.policy;
    let mut summary: BTreeMap<String, StatusCounts> = BTreeMap::new();
    let mut classes = ClassCounts::new();
    if policy.obligations.is_empty() {
        return Outcome {
            rows: Vec::new(),
            summary,
            classes,
        };
    }
    let measured: Vec<&str> = policy
        .class_assessment
        .iter()
        .flat_map(|c| &c.components)
        .flat_map(|c| match &c.measure {
            crate::policy::Measure::Compliance(rules) => rules.as_slice(),
            _ => &[],
        })
        .map(String::as_str)
        .collect();
    let contacts = &records.contacts;
    let staff: FastMap<&str, &Staff> = records
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s))
        .collect();
    let rules: Vec<RuleFacts> = policy
        .obligations
        .iter()
        .map(|rule| {
            rule_facts(
                ctx,
                rule,
                contacts,
                &staff,
                measured.contains(&rule.id.as_str()),
            )
        })
        .collect();
    let mut mentors: FastMap<(&str, &str), Vec<&Pairing>> = FastMap::default();
    if policy
        .obligations
        .iter()
        .any(|o| matches!(o.made_by, MadeBy::PairedMentor(_)))
    {
        for p in &records.pairings {
            mentors
                .entry((p.scheme.as_str(), p.mentee_id.as_str()))
                .or_default()
                .push(p);
        }
    }
    let shared = Shared {
        rules,
        staff,
        mentors,
    };
    let seed = ctx.seed();
    let students = &records.students;
    let parts: Vec<(Part, Ctx)> = students
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(k, chunk)| {
            let mut wctx = seed.ctx();
            let part = evaluate_chunk(&mut wctx, &shared, k * CHUNK, chunk);
            (part, wctx)
        })
        .collect();
    let mut rows = Vec::new();
    for rule in &policy.obligations {
        summary.entry(rule.id.clone()).or_default();
    }
    for (part, wctx) in parts {
        ctx.absorb(wctx);
        rows.extend(part.rows);
        for ((rule, counts), per_class) in policy
            .obligations
            .iter()
            .zip(part.summary)
            .zip(part.classes)
        {
            let c = summary.entry(rule.id.clone()).or_default();
            c.met += counts.met;
            c.late += counts.late;
            c.partial += counts.partial;
            c.open += counts.open;
            c.missed += counts.missed;
            c.children += counts.children;
            if !per_class.is_empty() {
                let m = classes.entry(rule.id.clone()).or_default();
                for (class, (done, due)) in per_class {
                    let e = m.entry(class).or_default();
                    e.0 += done;
                    e.1 += due;
                }
            }
        }
    }
    for c in summary.values_mut() {
        let done = c.met + c.late;
        let due = done + c.missed;
        c.compliance_rate =
            (due > 0).then(|| (f64::from(done) / f64::from(due) * 1e4).round() / 1e4);
    }
    rows.par_sort_by(|a, b| {
        (&a.rule, &a.student_id, a.window_start).cmp(&(&b.rule, &b.student_id, b.window_start))
    });
    Outcome {
        rows,
        summary,
        classes,
    }
}

/// Looks up once what the contact test of `rule` needs.
fn rule_facts<'a>(
    ctx: &Ctx,
    rule: &'a Obligation,
    contacts: &Contacts,
    staff: &FastMap<&str, &'a Staff>,
    per_class: bool,
) -> RuleFacts<'a> {
    let words = contacts.words();
    let kind_ok = words
        .iter()
        .map(|w| rule.kinds.iter().any(|k| **k == **w))
        .collect();
    let note_ok = if rule.require_note {
        words.iter().map(|w| !w.trim().is_empty()).collect()
    } else {
        Vec::new()
    };
    let role_ok = match &rule.made_by {
        MadeBy::Role(role) => words
            .iter()
            .map(|w| staff.get(&**w).is_some_and(|s| s.has_role(role)))
            .collect(),
        _ => Vec::new(),
    };
    let head_of = match &rule.made_by {
        MadeBy::HeadTeacher => words
            .iter()
            .map(|w| {
                staff
                    .get(&**w)
                    .filter(|s| s.has_role("head_teacher"))
                    .and_then(|s| s.class.as_ref())
            })
            .collect(),
        _ => Vec::new(),
    };
    RuleFacts {
        rule,
        windows: windows(ctx, rule.window),
        kind_ok,
        note_ok,
        role_ok,
        head_of,
        per_class,
    }
}

/// The windows of the children `first..first + chunk.len()`, for every rule.
fn evaluate_chunk(ctx: &mut Ctx, shared: &Shared, first: usize, chunk: &[Student]) -> Part {
    let mut part = Part {
        summary: vec![StatusCounts::default(); shared.rules.len()],
        classes: vec![BTreeMap::new(); shared.rules.len()],
        ..Part::default()
    };
    let contacts = &ctx.records.contacts;
    for (r, facts) in shared.rules.iter().enumerate() {
        let rule = facts.rule;
        let counts = &mut part.summary[r];
        for (j, student) in chunk.iter().enumerate() {
            let i = first + j;
            if !ctx.covers(&rule.covers, student, &rule.id) {
                continue;
            }
            // A `counts` script that hit a limit leaves the rule out for every child.
            if rule.counts.is_some()
                && ctx
                    .scripts
                    .as_ref()
                    .is_some_and(|sc| sc.stopped_for(&rule.id, &student.student_id))
            {
                continue;
            }
            // The child's contacts up to the as-of date (sorted by date; none at all without
            // contacts.csv).
            let all = contacts.of_student(i);
            let list = &all[..all.partition_point(|c| c.date <= ctx.as_of)];
            let class = class_name(&student.class);
            let mut tally = (0u32, 0u32);
            let mut windows = 0u32;
            let mut each = |row: Option<ObligationRow>, status: Status| {
                windows += 1;
                match status {
                    Status::Met => counts.met += 1,
                    Status::Late => counts.late += 1,
                    Status::Partial => counts.partial += 1,
                    Status::Open => counts.open += 1,
                    Status::Missed => counts.missed += 1,
                }
                match status {
                    Status::Met | Status::Late => {
                        tally.0 += 1;
                        tally.1 += 1;
                    }
                    Status::Missed => tally.1 += 1,
                    _ => {}
                }
                part.rows.extend(row);
            };
            student_windows(
                ctx, shared, facts, student, &class, list, contacts, &mut each,
            );
            counts.children += u32::from(windows > 0);
            if facts.per_class && tally.1 > 0 {
                let e = part.classes[r].entry(class).or_default();
                e.0 += tally.0;
                e.1 += tally.1;
            }
        }
    }
    part
}

/// One child's windows of one rule: calls `each` with the row (when listed) and status of
/// every window the child has.
#[allow(clippy::too_many_arguments)]
fn student_windows(
    ctx: &Ctx,
    shared: &Shared,
    facts: &RuleFacts,
    student: &Student,
    class: &str,
    list: &[ContactRow],
    contacts: &Contacts,
    each: &mut impl FnMut(Option<ObligationRow>, Status),
) {
    let rule = facts.rule;
    let mentors: &[&Pairing] = match &rule.made_by {
        MadeBy::PairedMentor(scheme) => shared
            .mentors
            .get(&(scheme.as_str(), student.student_id.as_str()))
            .map_or(&[], Vec::as_slice),
        _ => &[],
    };
    let paired = matches!(rule.made_by, MadeBy::PairedMentor(_));
    // A child owes a mentor-made duty only on days with a mentor, unless the rule says every
    // covered child owes it (then a window with no mentor counts against the duty).
    let mentor_days_only = paired && !rule.unpaired_owed;
    let has_mentor = |d: NaiveDate| mentors.iter().any(|p| in_force(p, d));
    // Enrolled and, for a rule made by the child's own mentor, paired.
    let present = |d: NaiveDate| student.enrolled_on_day(d) && (!mentor_days_only || has_mentor(d));
    let view = rule
        .counts
        .as_ref()
        .map(|_| Arc::new(ctx.script_student(student)));
    // The child's contacts as scripts see them, made once per child and rule.
    let script_contacts: Vec<Arc<ScriptContact>> = match &view {
        Some(_) => list
            .iter()
            .map(|c| Arc::new(script_contact(contacts, c, &shared.staff)))
            .collect(),
        None => Vec::new(),
    };
    // Contacts before `k` are dated before the current window (windows are in date order and
    // do not overlap).
    let mut k = 0;
    for w in &facts.windows {
        let enrolled = if mentor_days_only {
            w.school_days.iter().filter(|d| present(**d)).count()
        } else {
            // School days in [enrolled_on, left_on).
            let lo = w.school_days.partition_point(|d| *d < student.enrolled_on);
            let hi = student.left_on.map_or(w.school_days.len(), |l| {
                w.school_days.partition_point(|d| *d < l)
            });
            hi.saturating_sub(lo)
        };
        if enrolled == 0 {
            continue;
        }
        // A child who joins after the week's due day is due on their first school day in it
        // (a school would not call a talk on that day late).
        let due = w.due.and_then(|due| {
            w.school_days
                .iter()
                .copied()
                .find(|d| *d >= due && present(*d))
        });
        while k < list.len() && list[k].date < w.span.start {
            k += 1;
        }
        // A `counts` script that fails for a contact leaves the window out: whether it was
        // met cannot be told.
        let mut failed = false;
        // The window as scripts see it, made when a script first needs it.
        let window: OnceCell<Arc<ScriptWindow>> = OnceCell::new();
        let mut first = None;
        let mut at = k;
        while at < list.len() && list[at].date <= w.span.end {
            let c = &list[at];
            let accepted = matches(facts, c, student)
                && (!paired || made_by_mentor(mentors, contacts, c))
                && script_accepts(ctx, rule, view.as_ref(), script_contacts.get(at), || {
                    window.get_or_init(|| {
                        Arc::new(script_window(w, due, list, contacts, &script_contacts))
                    })
                })
                .unwrap_or_else(|| {
                    failed = true;
                    false
                });
            if accepted {
                first = Some(c.date);
                break;
            }
            at += 1;
        }
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
        // Owed without a mentor: no mentor on any school day of the window the child was in.
        let no_mentor = match &rule.made_by {
            MadeBy::PairedMentor(scheme)
                if rule.unpaired_owed
                    && first.is_none()
                    && !w
                        .school_days
                        .iter()
                        .any(|d| student.enrolled_on_day(*d) && has_mentor(*d)) =>
            {
                Some(scheme.clone())
            }
            _ => None,
        };
        let overdue = status == Status::Missed
            || (status == Status::Open && due.is_some_and(|d| d < ctx.as_of));
        let row = ctx.rows.keeps(overdue).then(|| ObligationRow {
            rule: rule.id.clone(),
            student_id: student.student_id.clone(),
            class: class.to_owned(),
            window_start: w.span.start,
            window_end: w.span.end,
            due,
            status,
            contact_date: first,
            overdue,
            no_mentor,
        });
        each(row, status);
    }
}

/// Whether a contact with `student` satisfies the rule: right kind, with a note when one is
/// required, made by someone with the role, or by the head teacher of the child's class, when
/// one is required.
fn matches(facts: &RuleFacts, c: &ContactRow, student: &Student) -> bool {
    let ok = |table: &[bool], w: crate::records::Word| table.get(w.index()).copied() == Some(true);
    if !ok(&facts.kind_ok, c.kind) {
        return false;
    }
    if facts.rule.require_note && !ok(&facts.note_ok, c.note) {
        return false;
    }
    match &facts.rule.made_by {
        // The mentor is checked against pairings.csv by the caller.
        MadeBy::Anyone | MadeBy::PairedMentor(_) => true,
        MadeBy::Role(_) => ok(&facts.role_ok, c.staff),
        MadeBy::HeadTeacher => facts
            .head_of
            .get(c.staff.index())
            .copied()
            .flatten()
            .is_some_and(|class| *class == student.class),
    }
}

/// Whether the contact was made by one of the child's mentors (`mentors`) in force that day.
fn made_by_mentor(mentors: &[&Pairing], contacts: &Contacts, c: &ContactRow) -> bool {
    if c.staff == Word::NONE {
        return false;
    }
    let who = contacts.word(c.staff);
    mentors
        .iter()
        .any(|p| p.mentor_id == who && in_force(p, c.date))
}

fn script_contact(
    contacts: &Contacts,
    c: &ContactRow,
    staff: &FastMap<&str, &Staff>,
) -> ScriptContact {
    // `Word::NONE` reads as "".
    let staff_id = contacts.word(c.staff);
    ScriptContact {
        date: c.date.to_string(),
        kind: contacts.word(c.kind).to_owned(),
        staff_id: staff_id.to_owned(),
        staff_roles: staff
            .get(staff_id)
            .map(|s| s.roles.clone())
            .unwrap_or_default(),
        note: contacts.word(c.note).to_owned(),
    }
}

/// The window as a script sees it, with every contact of the child in it (`seen` holds the
/// script view of each contact of `list`).
fn script_window(
    w: &Win,
    due: Option<NaiveDate>,
    list: &[ContactRow],
    _contacts: &Contacts,
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

/// The windows of the year that start on or before the as-of date and hold a school day, each
/// cut to the year's span (first term's start to last term's end): a contact outside the year
/// counts for no window of it.
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
            // A window of a year never reaches past the year's span: a visit in the summer
            // vacation after the last term belongs to no quarter of the year that ended.
            Some(Win {
                span: inner,
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
