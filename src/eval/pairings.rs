//! Pairing schemes (Plans 1–5: one-on-one, learning helpers, little teachers, caring mothers,
//! surrogate parents): who is uncovered and when, which mentors have more mentees than the
//! scheme allows and when, and which pairings break the scheme's eligibility rules.
//!
//! Days are the school days of the year up to the as-of date. A covered child needs a mentor on
//! every school day it is enrolled, after its first `grace_school_days` enrolled school days of
//! the year. Only eligible pairings cover: a pairing is in force from its `start` to its `end`
//! (inclusive), and a student mentor only while enrolled. Capacity counts every pairing in force
//! (eligible or not) whose mentee is enrolled that day.

use super::rates::rate;
use super::{Ctx, class_name};
use crate::lang::Lang;
use crate::policy::{MadeBy, Mentors, PairingScheme};
use crate::records::FastMap;
use crate::records::{Contact, Finding, Pairing, Student};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The outcome of one pairing-scheme rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemeResult {
    /// Rule id.
    pub rule: String,
    /// The `scheme` of `pairings.csv`.
    pub scheme: String,
    /// Covered children who needed a mentor on at least one school day.
    pub children: u32,
    /// Of them, those with a mentor on every such day.
    pub always_covered: u32,
    /// always_covered / children.
    pub coverage_rate: Option<f64>,
    /// The mentee limit, when the scheme has one.
    pub capacity: Option<u32>,
    /// Per class.
    pub classes: Vec<SchemeClass>,
    /// Children without a mentor on some day, by id.
    pub uncovered: Vec<Uncovered>,
    /// Mentors over capacity, by id.
    pub over_capacity: Vec<OverCapacity>,
    /// Pairings that break the scheme's rules, by mentor, mentee and start.
    pub ineligible: Vec<IneligiblePairing>,
}

/// One class's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemeClass {
    /// The class.
    pub class: String,
    /// Children who needed a mentor.
    pub children: u32,
    /// Of them, always covered.
    pub always_covered: u32,
    /// always_covered / children.
    pub coverage_rate: Option<f64>,
}

/// A run of consecutive school days (of the child's, or of the calendar's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DayRun {
    /// First school day of the run.
    pub start: NaiveDate,
    /// Last school day of the run.
    pub end: NaiveDate,
    /// School days in the run.
    pub school_days: u32,
}

/// A child without a mentor on some school days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uncovered {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// School days without a mentor.
    pub school_days: u32,
    /// Of the school days the child needed a mentor.
    pub of_school_days: u32,
    /// The runs of days without a mentor.
    pub ranges: Vec<DayRun>,
}

/// A mentor with more mentees than the capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverCapacity {
    /// The mentor.
    pub mentor_id: String,
    /// Name, when known.
    pub name: String,
    /// The most mentees on one day.
    pub max_mentees: u32,
    /// The runs of school days over capacity.
    pub ranges: Vec<DayRun>,
}

/// A pairing that breaks the scheme's rules (it does not cover its mentee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IneligiblePairing {
    /// The mentor.
    pub mentor_id: String,
    /// The mentee.
    pub mentee_id: String,
    /// First day of the pairing.
    pub start: NaiveDate,
    /// Last day, when it ends.
    pub end: Option<NaiveDate>,
    /// Why.
    pub why: Ineligible,
}

/// Why a pairing breaks the scheme's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ineligible {
    /// A staff scheme, but the mentor is not in `staff.csv`.
    NotStaff,
    /// The mentor holds none of the scheme's roles.
    MissingRole {
        /// The roles the scheme accepts.
        roles: Vec<String>,
    },
    /// A student scheme, but the mentor is not a student.
    NotStudent,
    /// A staff-or-classmate scheme, but the mentor is neither staff nor a student.
    Unknown,
    /// A staff-or-classmate scheme, and the student mentor is not in the mentee's class.
    NotClassmate {
        /// The mentee's class.
        class: String,
    },
    /// The student mentor was not in the top `n` of its class on the exam in force when the
    /// pairing started (the latest one whose term ended before the pairing's start).
    NotTop {
        /// The rank limit.
        n: u32,
        /// The exam's term.
        term: String,
        /// The mentor's class rank, `null` without a result.
        rank: Option<u32>,
    },
    /// The student mentor is itself a mentee of the same scheme while mentoring.
    AlsoMentee {
        /// First day both pairings are in force.
        from: NaiveDate,
    },
}

impl Ineligible {
    /// The reason in plain words.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Ineligible::NotStaff, Lang::En) => "the mentor is not in staff.csv".into(),
            (Ineligible::NotStaff, Lang::Zh) => "帮扶人不在教职工名单中".into(),
            (Ineligible::MissingRole { roles }, Lang::En) => {
                format!("the mentor holds none of the roles {}", roles.join(", "))
            }
            (Ineligible::MissingRole { roles }, Lang::Zh) => {
                let roles: Vec<&str> = roles
                    .iter()
                    .map(|r| crate::lang::code_word(r, lang))
                    .collect();
                format!("帮扶人不具有{}中的任何角色", roles.join("、"))
            }
            (Ineligible::NotStudent, Lang::En) => {
                "the scheme pairs students, but the mentor is not a student".into()
            }
            (Ineligible::NotStudent, Lang::Zh) => "该结对方式由学生帮扶，但帮扶人不是学生".into(),
            (Ineligible::Unknown, Lang::En) => {
                "the mentor is in neither staff.csv nor students.csv".into()
            }
            (Ineligible::Unknown, Lang::Zh) => "帮扶人既不在教职工名单中，也不在学生名单中".into(),
            (Ineligible::NotClassmate { class }, Lang::En) => {
                format!("the student mentor is not in the mentee's class {class}")
            }
            (Ineligible::NotClassmate { class }, Lang::Zh) => {
                format!("帮扶学生不是受助学生所在班级（{class}）的同学")
            }
            (Ineligible::NotTop { n, term, rank }, Lang::En) => match rank {
                Some(r) => format!("rank {r} in class on the {term} exam, not in the top {n}"),
                None => format!("no result on the {term} exam, so not known to be in the top {n}"),
            },
            (Ineligible::NotTop { n, term, rank }, Lang::Zh) => match rank {
                Some(r) => format!("{term}考试班级第{r}名，不在前{n}名"),
                None => format!("{term}考试无成绩，无法确认在前{n}名"),
            },
            (Ineligible::AlsoMentee { from }, Lang::En) => {
                format!("the mentor is itself a mentee of the same scheme from {from}")
            }
            (Ineligible::AlsoMentee { from }, Lang::Zh) => {
                format!("帮扶人自{from}起本身也是该结对方式的受助学生")
            }
        }
    }
}

/// Whether `p` is in force on `d` (dates only).
pub(super) fn in_force(p: &Pairing, d: NaiveDate) -> bool {
    p.start <= d && p.end.is_none_or(|e| d <= e)
}

/// Runs of consecutive entries of `days` (an ordered list) for which `flag` holds.
fn runs(days: &[NaiveDate], flag: impl Fn(usize) -> bool) -> Vec<DayRun> {
    let mut out: Vec<DayRun> = Vec::new();
    let mut open = false;
    for (i, d) in days.iter().enumerate() {
        if flag(i) {
            match (open, out.last_mut()) {
                (true, Some(run)) => {
                    run.end = *d;
                    run.school_days += 1;
                }
                _ => out.push(DayRun {
                    start: *d,
                    end: *d,
                    school_days: 1,
                }),
            }
            open = true;
        } else {
            open = false;
        }
    }
    out
}

/// The exam in force on `day`: the latest term with exam results that ended before `day` (and
/// by the as-of date).
fn term_in_force(ctx: &Ctx, day: NaiveDate) -> Option<String> {
    ctx.records
        .calendar
        .terms
        .iter()
        .filter(|t| t.span.end < day && t.span.end <= ctx.as_of && ctx.ranks.contains_key(&t.label))
        .max_by_key(|t| t.span.end)
        .map(|t| t.label.clone())
}

pub(super) fn evaluate(ctx: &mut Ctx, rule: &PairingScheme) -> SchemeResult {
    let records = ctx.records;
    let span = ctx.year_span.until(ctx.as_of);
    let school_days: Vec<NaiveDate> = span
        .map(|s| records.calendar.school_days_in(s).collect())
        .unwrap_or_default();
    let students: FastMap<&str, &Student> = records
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s))
        .collect();
    let staff: FastMap<&str, &crate::records::Staff> = records
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s))
        .collect();
    let pairings: Vec<&Pairing> = records
        .pairings
        .iter()
        .filter(|p| p.scheme == rule.scheme && span.is_some_and(|y| p.overlaps(y)))
        .collect();

    // Eligibility of each pairing. A student mentor's place in class is judged on the exam in
    // force when the pairing started (Plan 4 §(2).3: a performance test before pairing), never
    // on a later one: a later exam does not make a September pairing ineligible back to
    // September. A pairing that started before any exam of the records is not judged.
    let mut unjudged: Vec<&Pairing> = Vec::new();
    // The scheme's pairings by mentee: a student mentor who is also a mentee is found in them
    // (one lookup, not a pass over every pairing per pairing).
    let mut as_mentee: FastMap<&str, Vec<&Pairing>> = FastMap::default();
    for p in &pairings {
        as_mentee.entry(p.mentee_id.as_str()).or_default().push(p);
    }
    let mut ineligible = Vec::new();
    let mut eligible: Vec<&Pairing> = Vec::new();
    for p in &pairings {
        let why = match &rule.mentors {
            Mentors::StaffOrClassmate(roles) => {
                match (
                    staff.get(p.mentor_id.as_str()),
                    students.get(p.mentor_id.as_str()),
                ) {
                    (Some(st), _) if !roles.iter().any(|r| st.has_role(r)) => {
                        Some(Ineligible::MissingRole {
                            roles: roles.clone(),
                        })
                    }
                    (Some(_), _) => None,
                    (None, Some(mentor)) => {
                        let class = students
                            .get(p.mentee_id.as_str())
                            .map(|m| class_name(&m.class))
                            .unwrap_or_default();
                        (class_name(&mentor.class) != class)
                            .then_some(Ineligible::NotClassmate { class })
                    }
                    (None, None) => Some(Ineligible::Unknown),
                }
            }
            Mentors::Staff(roles) => match staff.get(p.mentor_id.as_str()) {
                None => Some(Ineligible::NotStaff),
                Some(st) if !roles.iter().any(|r| st.has_role(r)) => {
                    Some(Ineligible::MissingRole {
                        roles: roles.clone(),
                    })
                }
                Some(_) => None,
            },
            Mentors::Student { top } => {
                if !students.contains_key(p.mentor_id.as_str()) {
                    Some(Ineligible::NotStudent)
                } else if let Some(from) = as_mentee
                    .get(p.mentor_id.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|q| {
                        let from = p.start.max(q.start);
                        let until = match (p.end, q.end) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        };
                        until.is_none_or(|u| from <= u).then_some(from)
                    })
                    .min()
                {
                    Some(Ineligible::AlsoMentee { from })
                } else {
                    match (top, top.and_then(|_| term_in_force(ctx, p.start))) {
                        (Some(n), Some(term)) => {
                            let rank = ctx
                                .ranks
                                .get(&term)
                                .and_then(|m| m.get(&p.mentor_id))
                                .map(|(r, _)| *r);
                            (rank.is_none_or(|r| r > *n)).then_some(Ineligible::NotTop {
                                n: *n,
                                term,
                                rank,
                            })
                        }
                        (Some(_), None) => {
                            unjudged.push(p);
                            None
                        }
                        _ => None,
                    }
                }
            }
        };
        match why {
            Some(why) => ineligible.push(IneligiblePairing {
                mentor_id: p.mentor_id.clone(),
                mentee_id: p.mentee_id.clone(),
                start: p.start,
                end: p.end,
                why,
            }),
            None => eligible.push(p),
        }
    }
    if !unjudged.is_empty() {
        let first = unjudged.iter().map(|p| p.start).min().unwrap_or(ctx.as_of);
        ctx.findings.push(Finding::warning(
            "exams.csv",
            None,
            None,
            crate::records::Msg::new(
                format!(
                    "{} of pairing scheme `{}` started before any exam of the records (the first on {first}): whether the mentor was in the top of the class when paired is not checked",
                    crate::report::count(unjudged.len(), "pairing", "pairings"),
                    rule.id
                ),
                format!(
                    "结对帮扶 `{}` 有 {} 对结对早于记录中的任何考试（最早一次在 {first}）：结对时帮扶人是否名列班级前茅无法核对",
                    rule.id,
                    unjudged.len()
                ),
            ),
        ));
    }
    ineligible.sort_by(|a, b| {
        (&a.mentor_id, &a.mentee_id, a.start).cmp(&(&b.mentor_id, &b.mentee_id, b.start))
    });

    // A pairing covers its mentee on a day when in force and (student mentor) enrolled.
    let mut by_mentee: FastMap<&str, Vec<&Pairing>> = FastMap::default();
    for p in &eligible {
        by_mentee.entry(p.mentee_id.as_str()).or_default().push(p);
    }

    // Coverage.
    let grace = rule.grace_school_days as usize;
    let year_days: Vec<NaiveDate> = records.calendar.school_days_in(ctx.year_span).collect();
    // Children and those always covered, by class (named once, at the end).
    let mut classes: FastMap<&crate::records::ClassKey, (u32, u32)> = FastMap::default();
    let mut uncovered = Vec::new();
    for s in &records.students {
        if !ctx.covers(&rule.covers, s, &rule.id) {
            continue;
        }
        let skip_until = year_days
            .iter()
            .filter(|d| s.enrolled_on_day(**d))
            .nth(grace)
            .copied();
        let Some(first_needed) = skip_until else {
            continue;
        };
        let needed: Vec<NaiveDate> = school_days
            .iter()
            .copied()
            .filter(|d| *d >= first_needed && s.enrolled_on_day(*d))
            .collect();
        if needed.is_empty() {
            continue;
        }
        // The child's pairings, each with its mentor when a student (looked up once, not once
        // per day).
        let mine: Vec<(&Pairing, Option<&&Student>)> = by_mentee
            .get(s.student_id.as_str())
            .into_iter()
            .flatten()
            .map(|p| (*p, students.get(p.mentor_id.as_str())))
            .collect();
        let covered: Vec<bool> = needed
            .iter()
            .map(|d| {
                mine.iter().any(|(p, mentor)| {
                    in_force(p, *d) && mentor.is_none_or(|m| m.enrolled_on_day(*d))
                })
            })
            .collect();
        let missing = covered.iter().filter(|c| !**c).count() as u32;
        let c = classes.entry(&s.class).or_default();
        c.0 += 1;
        if missing == 0 {
            c.1 += 1;
            continue;
        }
        uncovered.push(Uncovered {
            student_id: s.student_id.clone(),
            name: s.name.clone(),
            class: class_name(&s.class),
            school_days: missing,
            of_school_days: needed.len() as u32,
            ranges: runs(&needed, |i| !covered[i]),
        });
    }
    uncovered.sort_by(|a, b| a.student_id.cmp(&b.student_id));
    let classes: BTreeMap<String, (u32, u32)> = classes
        .into_iter()
        .map(|(k, c)| (class_name(k), c))
        .collect();

    // Capacity.
    let mut over_capacity = Vec::new();
    if let Some(cap) = rule.capacity {
        let mut by_mentor: BTreeMap<&str, Vec<&Pairing>> = BTreeMap::new();
        for p in &pairings {
            by_mentor.entry(p.mentor_id.as_str()).or_default().push(p);
        }
        for (mentor, ps) in by_mentor {
            let load: Vec<u32> = school_days
                .iter()
                .map(|d| {
                    ps.iter()
                        .filter(|p| in_force(p, *d))
                        .filter(|p| {
                            students
                                .get(p.mentee_id.as_str())
                                .is_some_and(|m| m.enrolled_on_day(*d))
                        })
                        .map(|p| p.mentee_id.as_str())
                        .collect::<BTreeSet<_>>()
                        .len() as u32
                })
                .collect();
            let ranges = runs(&school_days, |i| load[i] > cap);
            if ranges.is_empty() {
                continue;
            }
            let name = staff
                .get(mentor)
                .map(|s| s.name.clone())
                .or_else(|| students.get(mentor).map(|s| s.name.clone()))
                .unwrap_or_default();
            over_capacity.push(OverCapacity {
                mentor_id: mentor.to_owned(),
                name,
                max_mentees: load.iter().copied().max().unwrap_or(0),
                ranges,
            });
        }
    }

    let children = classes.values().map(|c| c.0).sum();
    let always_covered = classes.values().map(|c| c.1).sum();
    SchemeResult {
        rule: rule.id.clone(),
        scheme: rule.scheme.clone(),
        children,
        always_covered,
        coverage_rate: rate(always_covered, children),
        capacity: rule.capacity,
        classes: classes
            .into_iter()
            .map(|(class, (children, always_covered))| SchemeClass {
                class,
                children,
                always_covered,
                coverage_rate: rate(always_covered, children),
            })
            .collect(),
        uncovered,
        over_capacity,
        ineligible,
    }
}

/// The pairings of every scheme by mentee, for obligations made by a child's own mentor
/// (`made_by: PairedMentor(scheme: …)`).
pub(super) struct PairIndex<'a> {
    by_mentee: FastMap<(&'a str, &'a str), Vec<&'a Pairing>>,
}

impl<'a> PairIndex<'a> {
    pub(super) fn new(pairings: &'a [Pairing]) -> Self {
        let mut by_mentee: FastMap<(&str, &str), Vec<&Pairing>> = FastMap::default();
        for p in pairings {
            by_mentee
                .entry((p.scheme.as_str(), p.mentee_id.as_str()))
                .or_default()
                .push(p);
        }
        PairIndex { by_mentee }
    }

    /// The pairings of a mentee under a scheme.
    pub(super) fn of<'s>(&'s self, scheme: &'s str, mentee: &'s str) -> &'s [&'a Pairing] {
        let by_mentee: &'s FastMap<(&'s str, &'s str), Vec<&'a Pairing>> = &self.by_mentee;
        by_mentee.get(&(scheme, mentee)).map_or(&[], Vec::as_slice)
    }

    /// Whether the contact was made by someone the rule accepts as far as pairings go: under
    /// `PairedMentor(scheme)`, the child's own mentor of that scheme on the contact's day.
    pub(super) fn made_by_mentor(&self, made_by: &MadeBy, c: &Contact) -> bool {
        match made_by {
            MadeBy::PairedMentor(scheme) => c.staff_id.is_some_and(|who| {
                self.by_mentee
                    .get(&(scheme.as_str(), c.student_id))
                    .is_some_and(|ps| ps.iter().any(|p| p.mentor_id == who && in_force(p, c.date)))
            }),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn runs_group_consecutive_flagged_days() {
        let days = [
            d("2026-03-02"),
            d("2026-03-03"),
            d("2026-03-04"),
            d("2026-03-05"),
        ];
        let r = runs(&days, |i| i != 2);
        assert_eq!(
            r,
            [
                DayRun {
                    start: d("2026-03-02"),
                    end: d("2026-03-03"),
                    school_days: 2
                },
                DayRun {
                    start: d("2026-03-05"),
                    end: d("2026-03-05"),
                    school_days: 1
                }
            ]
        );
    }
}
