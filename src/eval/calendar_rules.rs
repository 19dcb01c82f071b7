//! Dated duties (Plans 3, 4 and 5): monthly birthday parties with fold-in months, letters home
//! before festivals, vacations and elders' birthdays, festival education days and plan
//! milestones.
//!
//! Every duty is a window of **calendar days** (docs/src/reference/semantics.md, "Windows"): a Spring Festival letter
//! falls in the winter vacation and is still due; 1 July and 1 October are due though no school
//! is open. A duty belongs to the academic year whose *extent* holds its due day: from the
//! year's first day to the day before the next year's first term (when `calendar.csv` has one),
//! else to 31 August or the year's last day, whichever is later, so the summer vacation belongs
//! to the year it ends. As for the other rules, windows that start after the as-of date are not
//! listed and records dated after it are ignored.
//!
//! Status of a window: `met` (a matching record in it), `partial` (per child: no record and
//! the child was not enrolled on every day of the window), `open` (no record, the window ends
//! on or after the as-of date), `missed` (no record, the window closed before it). Rate = met /
//! (met + missed).

use super::activities::{ActivityIndex, ActivityRow};
use super::pairings::PairIndex;
use super::{Ctx, Status, StatusCounts, class_name};
use crate::lunar;
use crate::policy::{BirthdayParties, LettersHome, MadeBy, Milestone, Occasion, PartyPer, Per};
use crate::records::FastMap;
use crate::records::{Activity, Calendar, ClassKey, Contact, DateSpan, Finding, Staff, Student};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A child invited to a birthday party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guest {
    /// The child.
    pub student_id: String,
    /// Name as in `students.csv`.
    pub name: String,
    /// The child's class.
    pub class: String,
    /// The birthday celebrated (29 February is 28 February in a common year).
    pub birthday: NaiveDate,
}

/// One party of a birthday-party rule: a party month, for the school or one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyRow {
    /// Rule id.
    pub rule: String,
    /// The class, for parties held per class.
    pub class: Option<String>,
    /// The party month (`2025-09`).
    pub month: String,
    /// First day of the month.
    pub window_start: NaiveDate,
    /// Last day of the month.
    pub window_end: NaiveDate,
    /// The children whose birthdays it celebrates, by birthday then id.
    pub guests: Vec<Guest>,
    /// `met`, `open` or `missed`.
    pub status: Status,
    /// Day of the first party recorded in the month.
    pub date: Option<NaiveDate>,
    /// Whether the party was missed.
    pub overdue: bool,
}

/// One child's letter home before one occasion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterRow {
    /// Rule id.
    pub rule: String,
    /// `spring_festival`, `winter_vacation`, `elder_birthday`, …
    pub occasion: String,
    /// The occasion's day: the festival, the vacation's first day, the elder's birthday.
    pub day: NaiveDate,
    /// The child.
    pub student_id: String,
    /// The child's class.
    pub class: String,
    /// First day a letter counts.
    pub window_start: NaiveDate,
    /// The due day: the festival or birthday itself, the last day of term before a vacation.
    pub window_end: NaiveDate,
    /// `met`, `partial`, `open` or `missed`.
    pub status: Status,
    /// Day of the first letter in the window.
    pub date: Option<NaiveDate>,
    /// Whether the window is `missed`.
    pub overdue: bool,
}

/// One window of a festival day or a milestone, for the school, a class or a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatedRow {
    /// Rule id.
    pub rule: String,
    /// The class, for `Class` and `Child` duties.
    pub class: Option<String>,
    /// The child, for `Child` duties.
    pub student_id: Option<String>,
    /// The festival's day (for a milestone, the window's last day).
    pub day: NaiveDate,
    /// First day of the window.
    pub window_start: NaiveDate,
    /// Last day of the window (inclusive).
    pub window_end: NaiveDate,
    /// `met`, `partial`, `open` or `missed`.
    pub status: Status,
    /// Day of the first matching activity.
    pub date: Option<NaiveDate>,
    /// Whether the window is `missed`.
    pub overdue: bool,
}

/// The dated duties of a decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CalendarResult {
    /// The first and last day of the year's extent (the summer vacation included).
    pub extent_start: NaiveDate,
    /// Last day of the extent.
    pub extent_end: NaiveDate,
    /// Parties, by rule, class, month.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub birthday_parties: Vec<PartyRow>,
    /// Letters, by rule, due day, occasion, child.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub letters: Vec<LetterRow>,
    /// Festival days, by rule, day, class, child.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub festival_days: Vec<DatedRow>,
    /// Milestones, by rule, window, class, child.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<DatedRow>,
    /// Counts per rule (`late` is always 0; rate = met / (met + missed)).
    pub summary: BTreeMap<String, StatusCounts>,
    /// Letter windows counted, listed in `letters` or not (a summary-only evaluation,
    /// [`super::Rows::None`], lists none).
    #[serde(skip)]
    pub letter_windows: usize,
}

impl CalendarResult {
    /// The parties, festival days and milestones as activity windows, for the class
    /// assessment's `Activities` measure.
    pub(crate) fn activity_rows(&self) -> Vec<ActivityRow> {
        let parties = self.birthday_parties.iter().map(|p| ActivityRow {
            rule: p.rule.clone(),
            class: p.class.clone(),
            student_id: None,
            window_start: p.window_start,
            window_end: p.window_end,
            status: p.status,
            date: p.date,
            overdue: p.overdue,
            missing_kinds: Vec::new(),
        });
        let dated = self
            .festival_days
            .iter()
            .chain(&self.milestones)
            .map(|r| ActivityRow {
                rule: r.rule.clone(),
                class: r.class.clone(),
                student_id: r.student_id.clone(),
                window_start: r.window_start,
                window_end: r.window_end,
                status: r.status,
                date: r.date,
                overdue: r.overdue,
                missing_kinds: Vec::new(),
            });
        parties.chain(dated).collect()
    }
}

/// The extent of academic year `year` (`2025-2026`): its first day to the day before the next
/// academic year's first term, or, without one, to 31 August or the year's last day, whichever
/// is later. `None` when the calendar has no term of the year.
pub fn year_extent(calendar: &Calendar, year: &str) -> Option<DateSpan> {
    let span = calendar.year_span(year)?;
    let next = calendar
        .terms
        .iter()
        .filter(|t| t.academic_year != year && t.span.start > span.end)
        .map(|t| t.span.start)
        .min();
    let end = match next.and_then(|n| n.checked_sub_days(Days::new(1))) {
        Some(e) => e,
        None => NaiveDate::from_ymd_opt(span.end.year(), 8, 31)
            .map_or(span.end, |aug| aug.max(span.end)),
    };
    Some(DateSpan::new(span.start, end))
}

fn extent(ctx: &Ctx) -> DateSpan {
    year_extent(&ctx.records.calendar, &ctx.year).unwrap_or(ctx.year_span)
}

fn status(held: Option<NaiveDate>, partial: bool, end: NaiveDate, as_of: NaiveDate) -> Status {
    match held {
        Some(_) => Status::Met,
        None if partial => Status::Partial,
        None if end >= as_of => Status::Open,
        None => Status::Missed,
    }
}

fn count(summary: &mut BTreeMap<String, StatusCounts>, rule: &str, s: Status) {
    let c = summary.entry(rule.to_owned()).or_default();
    match s {
        Status::Met | Status::Late => c.met += 1,
        Status::Partial => c.partial += 1,
        Status::Open => c.open += 1,
        Status::Missed => c.missed += 1,
    }
}

/// Whether the student is enrolled on some day of `span`, and on every day of it.
fn enrolled_in(s: &Student, span: DateSpan) -> (bool, bool) {
    let left = s.left_on.map(|l| l.pred_opt().unwrap_or(l));
    let some = s.enrolled_during(span);
    let every = s.enrolled_on <= span.start && left.is_none_or(|l| l >= span.end);
    (some, every)
}

/// Evaluates every dated duty of the policy; `None` when it has none.
pub(super) fn evaluate(ctx: &mut Ctx) -> Option<CalendarResult> {
    let policy = ctx.policy;
    let rules = &policy.calendar;
    if rules.is_empty() {
        return None;
    }
    let ext = extent(ctx);
    let mut out = CalendarResult {
        extent_start: ext.start,
        extent_end: ext.end,
        ..CalendarResult::default()
    };
    let activities: Vec<&Activity> = ctx
        .records
        .activities
        .iter()
        .filter(|a| a.date <= ctx.as_of)
        .collect();
    for rule in &rules.birthday_parties {
        parties(ctx, rule, ext, &activities, &mut out);
    }
    for rule in &rules.letters_home {
        letters(ctx, rule, ext, &mut out);
    }
    for rule in &rules.festival_days {
        let spans: Vec<(NaiveDate, DateSpan)> = rule
            .on
            .days_between(ext.start, ext.end)
            .into_iter()
            .filter_map(|day| {
                let tol = Days::new(u64::from(rule.tolerance_days));
                Some((
                    day,
                    DateSpan::new(day.checked_sub_days(tol)?, day.checked_add_days(tol)?),
                ))
            })
            .collect();
        let rows = dated(ctx, &rule.id, &rule.kinds, &rule.per, &spans, &activities);
        for r in &rows {
            count(&mut out.summary, &r.rule, r.status);
        }
        out.festival_days.extend(rows);
    }
    for rule in &rules.milestones {
        let spans = milestone_spans(rule, ext);
        let rows = dated(ctx, &rule.id, &rule.kinds, &rule.per, &spans, &activities);
        for r in &rows {
            count(&mut out.summary, &r.rule, r.status);
        }
        out.milestones.extend(rows);
    }
    for c in out.summary.values_mut() {
        c.compliance_rate = super::rates::rate(c.met, c.met + c.missed);
    }
    out.birthday_parties.sort_by(|a, b| {
        (&a.rule, &a.class, a.window_start).cmp(&(&b.rule, &b.class, b.window_start))
    });
    out.letters.sort_by(|a, b| {
        (&a.rule, a.window_end, &a.occasion, &a.student_id).cmp(&(
            &b.rule,
            b.window_end,
            &b.occasion,
            &b.student_id,
        ))
    });
    for rows in [&mut out.festival_days, &mut out.milestones] {
        rows.sort_by(|a, b| {
            (&a.rule, a.window_start, &a.class, &a.student_id).cmp(&(
                &b.rule,
                b.window_start,
                &b.class,
                &b.student_id,
            ))
        });
    }
    Some(out)
}

/// The windows of a milestone whose last day lies in the extent: `(last day, window)`.
pub(crate) fn milestone_spans(rule: &Milestone, ext: DateSpan) -> Vec<(NaiveDate, DateSpan)> {
    (ext.start.year()..=ext.end.year())
        .filter_map(|y| rule.part.window(y, rule.month))
        .filter(|(_, end)| ext.contains(*end))
        .map(|(s, e)| (e, DateSpan::new(s, e)))
        .collect()
}

/// The birthday of a child born on `birth` nearest to `near` (29 February → 28 February in a
/// common year).
pub fn birthday_near(birth: NaiveDate, near: NaiveDate) -> Option<NaiveDate> {
    (near.year() - 1..=near.year() + 1)
        .filter_map(|y| lunar::solar_in_year(y, birth.month(), birth.day()))
        .min_by_key(|d| (*d - near).num_days().abs())
}

fn parties(
    ctx: &mut Ctx,
    rule: &BirthdayParties,
    ext: DateSpan,
    activities: &[&Activity],
    out: &mut CalendarResult,
) {
    let mut warned: BTreeSet<&str> = BTreeSet::new();
    let mut findings = Vec::new();
    let column = header(ctx, "students.csv", "birth_date");
    // Each party looks only at its own records, never at every record once per class.
    let ActivityIndex {
        all: of_kind,
        by_class,
        school_wide,
        ..
    } = ActivityIndex::new(
        activities
            .iter()
            .copied()
            .filter(|a| rule.kinds.contains(&a.kind)),
    );
    for month in rule.months() {
        for y in ext.start.year()..=ext.end.year() {
            let Some((start, end)) = crate::policy::MonthPart::Whole.window(y, month) else {
                continue;
            };
            let span = DateSpan::new(start, end);
            if !ext.contains(end) || start > ctx.as_of {
                continue;
            }
            // The guests, by party (the school, or each class).
            let mut by_party: BTreeMap<Option<ClassKey>, Vec<Guest>> = BTreeMap::new();
            for s in &ctx.records.students {
                if !enrolled_in(s, span).0 || !ctx.covers(&rule.covers, s, &rule.id) {
                    continue;
                }
                let Some(birth) = s.birth_date else {
                    if warned.insert(s.student_id.as_str()) {
                        findings.push(Finding::warning(
                            "students.csv",
                            Some(s.line),
                            Some(&column),
                            format!(
                                "`{}` has no birth_date, so rule `{}` invites the child to no birthday party",
                                s.student_id, rule.id
                            ),
                        ));
                    }
                    continue;
                };
                if rule.party_of.get(&birth.month()) != Some(&month) {
                    continue;
                }
                let Some(birthday) = birthday_near(birth, start) else {
                    continue;
                };
                let key = match rule.per {
                    PartyPer::School => None,
                    PartyPer::Class => Some(s.class.clone()),
                };
                by_party.entry(key).or_default().push(Guest {
                    student_id: s.student_id.clone(),
                    name: s.name.clone(),
                    class: class_name(&s.class),
                    birthday,
                });
            }
            for (class, mut guests) in by_party {
                guests
                    .sort_by(|a, b| (a.birthday, &a.student_id).cmp(&(b.birthday, &b.student_id)));
                let mine: [&[&Activity]; 2] = match &class {
                    None => [&of_kind, &[]],
                    Some(c) => [by_class.get(c).map_or(&[][..], Vec::as_slice), &school_wide],
                };
                let held = super::activities::first_in(span, &mine);
                let st = status(held, false, end, ctx.as_of);
                count(&mut out.summary, &rule.id, st);
                out.birthday_parties.push(PartyRow {
                    rule: rule.id.clone(),
                    class: class.as_ref().map(class_name),
                    month: format!("{y}-{month:02}"),
                    window_start: start,
                    window_end: end,
                    guests,
                    status: st,
                    date: held,
                    overdue: st == Status::Missed,
                });
            }
        }
    }
    ctx.findings.extend(findings);
}

/// The header of a canonical column as written in the file (the canonical name when unknown).
fn header(ctx: &Ctx, file: &str, column: &str) -> String {
    ctx.records
        .sources
        .get(file)
        .and_then(|s| s.headers.get(column))
        .cloned()
        .unwrap_or_else(|| column.to_owned())
}

/// The occasions of a letters rule in the extent: `(occasion, its day, due day, student)` —
/// `student` only for elders' birthdays.
fn occasions(
    ctx: &Ctx,
    rule: &LettersHome,
    ext: DateSpan,
) -> Vec<(Occasion, NaiveDate, NaiveDate, Option<usize>)> {
    let mut out = Vec::new();
    for &o in &rule.occasions {
        match o {
            Occasion::Day(d) => {
                for day in d.days_between(ext.start, ext.end) {
                    out.push((o, day, day, None));
                }
            }
            Occasion::WinterVacation | Occasion::SummerVacation => {
                let term = if o == Occasion::WinterVacation {
                    // A year of one term has no winter vacation.
                    (ctx.terms.len() >= 2).then(|| ctx.terms.first()).flatten()
                } else {
                    ctx.terms.last()
                };
                if let Some(t) = term
                    && let Some(first) = t.span.end.succ_opt()
                {
                    out.push((o, first, t.span.end, None));
                }
            }
            Occasion::EldersBirthdays => {
                for (i, s) in ctx.records.students.iter().enumerate() {
                    let Some(birth) = guardian_birth_date(s) else {
                        continue;
                    };
                    for y in ext.start.year()..=ext.end.year() {
                        if let Some(day) = lunar::solar_in_year(y, birth.month(), birth.day())
                            && ext.contains(day)
                        {
                            out.push((o, day, day, Some(i)));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The guardian's birthday (`students.csv` column `guardian_birth_date`), when recorded.
pub fn guardian_birth_date(s: &Student) -> Option<NaiveDate> {
    s.file
        .get("guardian_birth_date")
        .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

fn letters(ctx: &Ctx, rule: &LettersHome, ext: DateSpan, out: &mut CalendarResult) {
    let staff: FastMap<&str, &Staff> = ctx
        .records
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s))
        .collect();
    let pairs = PairIndex::new(&ctx.records.pairings);
    let contacts = &ctx.records.contacts;
    // A child's contacts of the rule's kinds up to the as-of date.
    let of_child = |i: usize| {
        contacts
            .of_student(i)
            .iter()
            .map(move |r| contacts.view(i, *r))
            .filter(|c| c.date <= ctx.as_of && rule.kinds.iter().any(|k| k == c.kind))
    };
    let accepted = |c: &Contact| match &rule.made_by {
        MadeBy::Anyone => true,
        MadeBy::Role(role) => c
            .staff_id
            .and_then(|id| staff.get(id))
            .is_some_and(|s| s.has_role(role)),
        MadeBy::HeadTeacher => c.staff_id.and_then(|id| staff.get(id)).is_some_and(|s| {
            s.has_role("head_teacher")
                && s.class.as_ref() == ctx.records.students.get(c.student).map(|k| &k.class)
        }),
        MadeBy::PairedMentor(_) => pairs.made_by_mentor(&rule.made_by, c),
    };
    let covered: Vec<(usize, &Student)> = ctx
        .records
        .students
        .iter()
        .enumerate()
        .filter(|(_, s)| ctx.covers(&rule.covers, s, &rule.id))
        .collect();
    // Worked out once per child, not once per occasion: the days of its letters the rule
    // accepts (sorted), and its own mentors under a `PairedMentor` rule.
    let letter_days: Vec<Vec<NaiveDate>> = covered
        .iter()
        .map(|&(i, _)| {
            let mut days: Vec<NaiveDate> = of_child(i)
                .filter(|c| accepted(c))
                .map(|c| c.date)
                .collect();
            days.sort_unstable();
            days
        })
        .collect();
    let mentors: Vec<&[&crate::records::Pairing]> = covered
        .iter()
        .map(|(_, s)| match &rule.made_by {
            MadeBy::PairedMentor(scheme) => pairs.of(scheme, &s.student_id),
            _ => &[],
        })
        .collect();
    let paired = matches!(rule.made_by, MadeBy::PairedMentor(_));
    for (occasion, day, due, only) in occasions(ctx, rule, ext) {
        let Some(start) = due.checked_sub_days(Days::new(u64::from(rule.lead_days))) else {
            continue;
        };
        if start > ctx.as_of {
            continue;
        }
        let span = DateSpan::new(start, due);
        for (k, &(i, s)) in covered.iter().enumerate() {
            if only.is_some_and(|o| o != i) {
                continue;
            }
            let present = |d: NaiveDate| {
                s.enrolled_on_day(d)
                    && (!paired || mentors[k].iter().any(|p| super::pairings::in_force(p, d)))
            };
            let days = span.days().filter(|d| present(*d)).count();
            if days == 0 {
                continue;
            }
            let all = days == span.days().count();
            let mine = &letter_days[k];
            let held = mine
                .get(mine.partition_point(|d| *d < span.start))
                .copied()
                .filter(|d| *d <= span.end);
            let st = status(held, !all, due, ctx.as_of);
            count(&mut out.summary, &rule.id, st);
            out.letter_windows += 1;
            // A summary-only evaluation counts letters without listing them (a county's are
            // millions).
            if ctx.rows == super::Rows::None {
                continue;
            }
            out.letters.push(LetterRow {
                rule: rule.id.clone(),
                occasion: occasion.key(),
                day,
                student_id: s.student_id.clone(),
                class: class_name(&s.class),
                window_start: start,
                window_end: due,
                status: st,
                date: held,
                overdue: st == Status::Missed,
            });
        }
    }
}

/// The windows of a festival day or milestone, per school, class or child.
fn dated(
    ctx: &Ctx,
    rule: &str,
    kinds: &[String],
    per: &Per,
    spans: &[(NaiveDate, DateSpan)],
    activities: &[&Activity],
) -> Vec<DatedRow> {
    let mut rows = Vec::new();
    let ActivityIndex {
        all: of_kind,
        by_child,
        by_class,
        school_wide,
    } = ActivityIndex::new(
        activities
            .iter()
            .copied()
            .filter(|a| kinds.contains(&a.kind)),
    );
    for &(day, span) in spans {
        if span.start > ctx.as_of {
            continue;
        }
        let first = |lists: &[&[&Activity]]| super::activities::first_in(span, lists);
        let row = |class: Option<String>, student_id: Option<String>, held, partial| {
            let st = status(held, partial, span.end, ctx.as_of);
            DatedRow {
                rule: rule.to_owned(),
                class,
                student_id,
                day,
                window_start: span.start,
                window_end: span.end,
                status: st,
                date: held,
                overdue: st == Status::Missed,
            }
        };
        match per {
            Per::School => rows.push(row(None, None, first(&[&of_kind]), false)),
            Per::Class => {
                let classes: BTreeSet<&ClassKey> = ctx
                    .records
                    .students
                    .iter()
                    .filter(|s| enrolled_in(s, span).0)
                    .map(|s| &s.class)
                    .collect();
                for class in classes {
                    let own = by_class.get(class).map_or(&[][..], Vec::as_slice);
                    let held = first(&[own, &school_wide]);
                    rows.push(row(Some(class_name(class)), None, held, false));
                }
            }
            Per::Child(covers) => {
                for s in &ctx.records.students {
                    let (some, every) = enrolled_in(s, span);
                    if !some || !ctx.covers(covers, s, rule) {
                        continue;
                    }
                    let own = by_child
                        .get(s.student_id.as_str())
                        .map_or(&[][..], Vec::as_slice);
                    let held = first(&[own]);
                    rows.push(row(
                        Some(class_name(&s.class)),
                        Some(s.student_id.clone()),
                        held,
                        !every,
                    ));
                }
            }
        }
    }
    rows
}

/// The record files the dated duties need: `(file, rule id)`.
pub(super) fn needs(policy: &crate::policy::Policy) -> Vec<(&'static str, &str)> {
    let c = &policy.calendar;
    let mut out: Vec<(&'static str, &str)> = c
        .activity_like_ids()
        .into_iter()
        .take(1)
        .map(|id| ("activities.csv", id))
        .collect();
    if let Some(l) = c.letters_home.first() {
        out.push(("contacts.csv", l.id.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn birthdays_near_a_party() {
        // 29 February 2012, at the March 2026 party: 28 February 2026 (a common year).
        assert_eq!(
            birthday_near(d("2012-02-29"), d("2026-03-01")),
            Some(d("2026-02-28"))
        );
        // At the March 2028 party: 29 February 2028.
        assert_eq!(
            birthday_near(d("2012-02-29"), d("2028-03-01")),
            Some(d("2028-02-29"))
        );
        // An August birthday at the September 2025 party: August 2025.
        assert_eq!(
            birthday_near(d("2013-08-20"), d("2025-09-01")),
            Some(d("2025-08-20"))
        );
        // A July birthday at the June 2026 party: July 2026.
        assert_eq!(
            birthday_near(d("2013-07-05"), d("2026-06-01")),
            Some(d("2026-07-05"))
        );
    }
}
