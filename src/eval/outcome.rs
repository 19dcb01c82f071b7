//! One result shape for every rule: an [`Outcome`].
//!
//! Each rule family computes its figures in its own module ([`super::obligations`],
//! [`super::files`], [`super::calendar_rules`] …) into the [`Decision`]; [`outcomes`] is the one
//! walk that turns all of them into outcomes of one kind — rule id, family, measure, subject,
//! period, status and/or a value with its unit, and a structured reason. The tools that work on
//! "every figure of a decision" (`whatif` and `watch` through [`crate::diff`], `explain`,
//! `review`) read outcomes only, so a rule family is covered by them as soon as its results are
//! listed here.

use super::{Decision, Ratio, Status, StatusCounts, Why};
use crate::policy::Policy;
use chrono::NaiveDate;
use serde::Serialize;

/// The rule families of the five seed plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Contact obligations: talks, calls, visits, record cards, role-bound talks (Plans 1–5).
    Obligation,
    /// Point rules, declarative or scripted (Plan 5 §6).
    Points,
    /// Prize tiers (Plan 5 §6).
    Prizes,
    /// Helper pay (Plan 5 §6).
    HelperPay,
    /// Child files and contact cards (Plans 2, 3, 4).
    ChildFiles,
    /// Enrollment and retention (Plan 2).
    Enrollment,
    /// Pairing coverage, capacity and eligibility (Plans 1–5).
    Pairing,
    /// Individual-plan triggers (Plans 2, 4).
    IndividualPlans,
    /// Activity duties (Plans 3, 4).
    Activity,
    /// Monthly birthday parties (Plan 4 §(2).9).
    BirthdayParty,
    /// Letters home (Plan 4 §(2).8).
    LettersHome,
    /// Festival education days (Plan 3 §Second.5).
    FestivalDay,
    /// Plan milestones (Plan 5 §Fourth).
    Milestone,
    /// Class and head-teacher assessment (Plan 4 §Fourth.6).
    ClassAssessment,
    /// The decision's totals: points, prizes, helper pay and the budget.
    Totals,
}

impl Family {
    /// The snake-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Obligation => "obligation",
            Family::Points => "points",
            Family::Prizes => "prizes",
            Family::HelperPay => "helper_pay",
            Family::ChildFiles => "child_files",
            Family::Enrollment => "enrollment",
            Family::Pairing => "pairing",
            Family::IndividualPlans => "individual_plans",
            Family::Activity => "activity",
            Family::BirthdayParty => "birthday_party",
            Family::LettersHome => "letters_home",
            Family::FestivalDay => "festival_day",
            Family::Milestone => "milestone",
            Family::ClassAssessment => "class_assessment",
            Family::Totals => "totals",
        }
    }
}

/// A rule of a policy: its id, family and the seed paragraph it implements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Rule id as in `plan.ron` (or `points`, `prizes`, `helpers`, `budget` for totals).
    pub id: String,
    /// Its family.
    pub family: Family,
    /// The seed plan and paragraph.
    pub seed: String,
}

/// Every rule id of `policy` in plan order, each with its family and seed citation, then the
/// totals (`points`, `prizes`, `helpers` when the plan has them, and `budget`). This is the
/// one list `explain --rule` and `whatif` take rule ids from.
pub fn rules(policy: &Policy) -> Vec<RuleInfo> {
    let mut out = Vec::new();
    let mut add = |id: &str, family: Family, seed: &str| {
        out.push(RuleInfo {
            id: id.to_owned(),
            family,
            seed: seed.to_owned(),
        });
    };
    for o in &policy.obligations {
        add(&o.id, Family::Obligation, &o.seed);
    }
    for r in policy.assessment.iter().flat_map(|a| &a.rules) {
        add(&r.id, Family::Points, &r.seed);
    }
    for t in policy.prizes.iter().flat_map(|p| &p.tiers) {
        add(&t.id, Family::Prizes, &t.seed);
    }
    if let Some(f) = &policy.child_files {
        add(&f.id, Family::ChildFiles, &f.seed);
    }
    if let Some(e) = &policy.enrollment {
        add(&e.id, Family::Enrollment, &e.seed);
    }
    for s in &policy.pairing_schemes {
        add(&s.id, Family::Pairing, &s.seed);
    }
    if let Some(p) = &policy.individual_plans {
        add(&p.id, Family::IndividualPlans, &p.seed);
    }
    for a in &policy.activities {
        add(&a.id, Family::Activity, &a.seed);
    }
    let c = &policy.calendar;
    for r in &c.birthday_parties {
        add(&r.id, Family::BirthdayParty, &r.seed);
    }
    for r in &c.letters_home {
        add(&r.id, Family::LettersHome, &r.seed);
    }
    for r in &c.festival_days {
        add(&r.id, Family::FestivalDay, &r.seed);
    }
    for r in &c.milestones {
        add(&r.id, Family::Milestone, &r.seed);
    }
    if let Some(a) = &policy.class_assessment {
        add(&a.id, Family::ClassAssessment, &a.seed);
    }
    let seed = policy.seed.as_str();
    if policy.assessment.is_some() {
        add("points", Family::Totals, seed);
    }
    if policy.prizes.is_some() {
        add("prizes", Family::Totals, seed);
    }
    if let Some(h) = &policy.helpers {
        add("helpers", Family::HelperPay, &h.seed);
    }
    add("budget", Family::Totals, seed);
    out
}

/// Whom an outcome is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// The school (or the whole records directory).
    School,
    /// A class (`7-2`, or `school/7-2` when the records hold several schools).
    Class(String),
    /// A child, by student id.
    Child(String),
    /// A helper paid for children's points, by staff (or student mentor) id.
    Helper(String),
    /// A staff member (a head teacher, a mentor), by staff id.
    Staff(String),
}

impl Subject {
    /// The id, empty for the school.
    pub fn id(&self) -> &str {
        match self {
            Subject::School => "",
            Subject::Class(s) | Subject::Child(s) | Subject::Helper(s) | Subject::Staff(s) => s,
        }
    }
}

/// The span an outcome covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// The academic year evaluated.
    Year,
    /// A window of days, both inclusive (a week, month, quarter, term, a party's month, the
    /// weeks before a festival, a pairing's span).
    Window {
        /// First day.
        start: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
}

/// The status of an outcome that has one (design.md, "Status"), or `not_applicable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Done on time, or a target reached.
    Met,
    /// Done after the due day.
    Late,
    /// Not done; the child was not enrolled on every school day of the window.
    Partial,
    /// Not done yet; still due.
    Open,
    /// Not done, or a target not reached.
    Missed,
    /// The rule does not apply (nobody to cover, nothing due).
    NotApplicable,
}

impl State {
    /// The snake-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Met => "met",
            State::Late => "late",
            State::Partial => "partial",
            State::Open => "open",
            State::Missed => "missed",
            State::NotApplicable => "not_applicable",
        }
    }

    fn target(met: bool) -> State {
        if met { State::Met } else { State::Missed }
    }
}

impl From<Status> for State {
    fn from(s: Status) -> State {
        match s {
            Status::Met => State::Met,
            Status::Late => State::Late,
            Status::Partial => State::Partial,
            Status::Open => State::Open,
            Status::Missed => State::Missed,
        }
    }
}

/// A value with its unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum Value {
    /// Whole points.
    Points {
        /// Points.
        value: i64,
    },
    /// Points shared between helpers, exact (shown to two decimals).
    SharedPoints {
        /// Points.
        value: Ratio,
    },
    /// Money in fen (1 yuan = 100 fen).
    Fen {
        /// Fen.
        value: i64,
    },
    /// An exact rate `numerator / denominator`; `rate` is it rounded to 4 decimals (`null`
    /// when the denominator is 0).
    Rate {
        /// Counted.
        numerator: u64,
        /// Out of.
        denominator: u64,
        /// The rate, for display.
        rate: Option<f64>,
    },
    /// A weighted score out of 100 (class assessment), `null` when nothing was scored.
    Score {
        /// Score.
        value: Option<f64>,
    },
    /// A rank (1 = first), `null` when not ranked.
    Rank {
        /// Rank.
        value: Option<u32>,
    },
    /// A count (prize winners).
    Count {
        /// How many.
        value: u64,
    },
    /// A yes/no (an advanced class).
    Flag {
        /// Yes or no.
        value: bool,
    },
    /// Names (the advanced classes, comma-separated).
    Label {
        /// The text.
        value: String,
    },
}

impl Value {
    /// A rate of `numerator / denominator`.
    pub fn rate(numerator: u64, denominator: u64) -> Value {
        let rate = (denominator > 0)
            .then(|| (numerator as f64 / denominator as f64 * 10_000.0).round() / 10_000.0);
        Value::Rate {
            numerator,
            denominator,
            rate,
        }
    }

    /// `alt - base` when both are numbers of the same unit: whole numbers for points, fen,
    /// ranks and counts; exact fractions for shared points and rates; two decimals for scores.
    pub fn delta(base: &Value, alt: &Value) -> Option<Delta> {
        use Value as V;
        Some(match (base, alt) {
            (V::Points { value: b }, V::Points { value: a }) => Delta::Whole(a - b),
            (V::Fen { value: b }, V::Fen { value: a }) => Delta::Fen(a - b),
            (V::Count { value: b }, V::Count { value: a }) => Delta::Whole(*a as i64 - *b as i64),
            (V::Rank { value: Some(b) }, V::Rank { value: Some(a) }) => {
                Delta::Whole(i64::from(*a) - i64::from(*b))
            }
            (V::SharedPoints { value: b }, V::SharedPoints { value: a }) => Delta::Exact(*a - *b),
            (
                V::Rate {
                    numerator: bn,
                    denominator: bd,
                    ..
                },
                V::Rate {
                    numerator: an,
                    denominator: ad,
                    ..
                },
            ) if *bd > 0 && *ad > 0 => Delta::Exact(
                Ratio::new(*an as i64, *ad as i64) - Ratio::new(*bn as i64, *bd as i64),
            ),
            (V::Score { value: Some(b) }, V::Score { value: Some(a) }) => {
                Delta::Decimal(((a - b) * 100.0).round() / 100.0)
            }
            _ => return None,
        })
    }
}

/// The difference of two values of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Delta {
    /// Points, places, a count.
    Whole(i64),
    /// Money, in fen.
    Fen(i64),
    /// Shared points, or a rate (as a fraction: `0.25` = 25 percentage points).
    Exact(Ratio),
    /// A score difference, two decimals.
    Decimal(f64),
}

/// Why an outcome is what it is: the facts behind it, in structured form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Nothing more than the status and value say.
    None,
    /// A point rule, prize or pay reason ([`Why::text`] puts it in words).
    Why {
        /// The reason.
        why: Why,
    },
    /// The contact or activity that met a window (none: nothing matched), and the due day.
    Contact {
        /// Day of the first matching contact or activity.
        date: Option<NaiveDate>,
        /// Due day, when the rule has one.
        due: Option<NaiveDate>,
    },
    /// Window counts per status of a rule.
    Counts {
        /// Met windows.
        met: u32,
        /// Late windows.
        late: u32,
        /// Partial windows.
        partial: u32,
        /// Open windows.
        open: u32,
        /// Missed windows.
        missed: u32,
    },
    /// A rate against its target in percent.
    Target {
        /// The target, percent.
        percent: u32,
    },
    /// Fields of a child's file that are empty.
    MissingFields {
        /// Field names.
        fields: Vec<String>,
    },
    /// A child without a mentor on some school days.
    Uncovered {
        /// School days without a mentor.
        school_days: u32,
        /// School days the child was enrolled.
        of_school_days: u32,
    },
    /// A mentor with more mentees than the scheme allows on some days.
    OverCapacity {
        /// The most mentees at once.
        max_mentees: u32,
    },
    /// A pairing whose mentor may not mentor under the scheme.
    Ineligible {
        /// The mentee.
        mentee_id: String,
        /// Why not.
        why: super::pairings::Ineligible,
    },
    /// What flagged a child for an individual plan, and whether a plan is dated.
    Triggers {
        /// The triggers.
        triggers: Vec<super::iep::TriggerWhy>,
        /// Day the plan was written, when it was.
        plan_date: Option<NaiveDate>,
    },
    /// A child who left during the year.
    Left {
        /// Day of leaving.
        on: NaiveDate,
        /// Recorded reason.
        reason: Option<&'static str>,
    },
    /// A birthday party: guests and the party's day.
    Party {
        /// Children whose birthdays it celebrates.
        guests: u32,
        /// Day of the party.
        date: Option<NaiveDate>,
    },
    /// A dated duty: its occasion, the day and when it was done.
    Dated {
        /// The occasion (a festival, a vacation, an elder's birthday), when named.
        occasion: Option<String>,
        /// The day it is due by.
        day: NaiveDate,
        /// Day it was done.
        date: Option<NaiveDate>,
    },
    /// Helper pay: children helped.
    Helped {
        /// Children.
        children: u32,
    },
}

/// One outcome of one rule for one subject and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Rule id (see [`rules`]).
    pub rule: String,
    /// Its family.
    pub family: Family,
    /// What of the rule this outcome measures when a rule has several (`coverage`,
    /// `enrollment_rate`, `score`, a class-assessment component …); empty otherwise.
    pub measure: String,
    /// Whom it is about.
    pub subject: Subject,
    /// The subject's class, for a child (and a class).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The span it covers.
    pub period: Period,
    /// The status, when the rule gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<State>,
    /// The value, when the rule gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Why.
    pub reason: Reason,
}

/// What identifies an outcome across two decisions: rule, measure, subject and period.
pub type Key<'a> = (&'a str, &'a str, &'a Subject, Period);

impl Outcome {
    /// The key that matches this outcome with the same one of another decision.
    pub fn key(&self) -> Key<'_> {
        (&self.rule, &self.measure, &self.subject, self.period)
    }
}

/// Builds outcomes with less repetition.
struct Sink {
    out: Vec<Outcome>,
}

impl Sink {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &str,
        family: Family,
        measure: &str,
        subject: Subject,
        class: Option<&str>,
        period: Period,
        status: Option<State>,
        value: Option<Value>,
        reason: Reason,
    ) {
        self.out.push(Outcome {
            rule: rule.to_owned(),
            family,
            measure: measure.to_owned(),
            subject,
            class: class.map(str::to_owned),
            period,
            status,
            value,
            reason,
        });
    }

    /// A rule's counts per status over the year and its compliance rate.
    fn summary(&mut self, rule: &str, family: Family, c: &StatusCounts) {
        let done = u64::from(c.met + c.late);
        let due = done + u64::from(c.missed);
        self.push(
            rule,
            family,
            "compliance",
            Subject::School,
            None,
            Period::Year,
            (due == 0).then_some(State::NotApplicable),
            Some(Value::rate(done, due)),
            Reason::Counts {
                met: c.met,
                late: c.late,
                partial: c.partial,
                open: c.open,
                missed: c.missed,
            },
        );
    }
}

fn window(start: NaiveDate, end: NaiveDate) -> Period {
    Period::Window { start, end }
}

fn subject_of(class: Option<&String>, student: Option<&String>) -> Subject {
    match (student, class) {
        (Some(s), _) => Subject::Child(s.clone()),
        (None, Some(c)) => Subject::Class(c.clone()),
        (None, None) => Subject::School,
    }
}

/// Every outcome of a decision, family by family in a fixed order (obligations, points and
/// prizes, helper pay, totals, then the families of Plans 2–4 in plan-field order). Windows
/// a decision did not list (`--obligations none`) have no outcome; their rule summaries do.
pub fn outcomes(d: &Decision) -> Vec<Outcome> {
    let mut s = Sink { out: Vec::new() };
    obligations(&mut s, d);
    assessment(&mut s, d);
    families(&mut s, d);
    calendar(&mut s, d);
    s.out
}

fn obligations(s: &mut Sink, d: &Decision) {
    for r in &d.obligations {
        s.push(
            &r.rule,
            Family::Obligation,
            "",
            Subject::Child(r.student_id.clone()),
            Some(&r.class),
            window(r.window_start, r.window_end),
            Some(r.status.into()),
            None,
            Reason::Contact {
                date: r.contact_date,
                due: r.due,
            },
        );
    }
    for (rule, c) in &d.obligation_summary {
        s.summary(rule, Family::Obligation, c);
    }
}

fn assessment(s: &mut Sink, d: &Decision) {
    // The totals of a plan without points, prizes or pay are all zero: only the budget shows.
    let has = |rule: &str| rule == "budget" || d.rules.iter().any(|r| r.id == rule);
    let mut winners: std::collections::BTreeMap<&str, u64> = Default::default();
    for st in &d.students {
        let child = || Subject::Child(st.student_id.clone());
        for r in &st.trace {
            let (family, value) = match (r.points, r.amount_fen) {
                (Some(p), _) => (Family::Points, Some(Value::Points { value: p })),
                (None, Some(f)) => (Family::Prizes, Some(Value::Fen { value: f })),
                (None, None) => (Family::Points, None),
            };
            let status = matches!(r.why, Why::NotAssessed { .. }).then_some(State::NotApplicable);
            s.push(
                &r.rule,
                family,
                "",
                child(),
                Some(&st.class),
                Period::Year,
                status,
                value,
                Reason::Why { why: r.why.clone() },
            );
        }
        if let Some(p) = st.points {
            s.push(
                "points",
                Family::Totals,
                "",
                child(),
                Some(&st.class),
                Period::Year,
                None,
                Some(Value::Points { value: p }),
                Reason::None,
            );
        }
        if st.awards_fen != 0 || !st.awards.is_empty() {
            s.push(
                "prizes",
                Family::Totals,
                "",
                child(),
                Some(&st.class),
                Period::Year,
                None,
                Some(Value::Fen {
                    value: st.awards_fen,
                }),
                Reason::None,
            );
        }
        for a in &st.awards {
            *winners.entry(a.award.as_str()).or_default() += 1;
        }
    }
    for (tier, n) in winners {
        s.push(
            tier,
            Family::Prizes,
            "winners",
            Subject::School,
            None,
            Period::Year,
            None,
            Some(Value::Count { value: n }),
            Reason::None,
        );
    }
    for h in &d.helpers {
        let helper = || Subject::Helper(h.helper_id.clone());
        let helped = Reason::Helped {
            children: h.children.len() as u32,
        };
        s.push(
            "helpers",
            Family::HelperPay,
            "points",
            helper(),
            None,
            Period::Year,
            None,
            Some(Value::SharedPoints { value: h.points }),
            helped.clone(),
        );
        s.push(
            "helpers",
            Family::HelperPay,
            "pay",
            helper(),
            None,
            Period::Year,
            None,
            Some(Value::Fen {
                value: h.amount_fen,
            }),
            helped,
        );
    }
    for c in &d.classes {
        let class = || Subject::Class(c.class.clone());
        for (rule, measure, value) in [
            ("points", "", Value::Points { value: c.points }),
            (
                "prizes",
                "",
                Value::Fen {
                    value: c.student_awards_fen,
                },
            ),
            (
                "helpers",
                "pay",
                Value::Fen {
                    value: c.helper_awards_fen,
                },
            ),
        ] {
            if !has(rule) {
                continue;
            }
            let family = if rule == "helpers" {
                Family::HelperPay
            } else {
                Family::Totals
            };
            s.push(
                rule,
                family,
                measure,
                class(),
                Some(&c.class),
                Period::Year,
                None,
                Some(value),
                Reason::None,
            );
        }
    }
    let t = &d.totals;
    for (rule, measure, family, value) in [
        (
            "points",
            "",
            Family::Totals,
            Value::Points { value: t.points },
        ),
        (
            "points",
            "unpaid",
            Family::Totals,
            Value::Points {
                value: t.unpaid_points,
            },
        ),
        (
            "prizes",
            "",
            Family::Totals,
            Value::Fen {
                value: t.student_awards_fen,
            },
        ),
        (
            "helpers",
            "pay",
            Family::HelperPay,
            Value::Fen {
                value: t.helper_awards_fen,
            },
        ),
        (
            "budget",
            "",
            Family::Totals,
            Value::Fen { value: t.total_fen },
        ),
    ] {
        if !has(rule) {
            continue;
        }
        s.push(
            rule,
            family,
            measure,
            Subject::School,
            None,
            Period::Year,
            None,
            Some(value),
            Reason::None,
        );
    }
}

fn rate(num: u32, den: u32) -> Option<Value> {
    Some(Value::rate(u64::from(num), u64::from(den)))
}

fn families(s: &mut Sink, d: &Decision) {
    if let Some(f) = &d.child_files {
        let target = Reason::Target {
            percent: f.target_percent,
        };
        let state = (f.covered == 0)
            .then_some(State::NotApplicable)
            .or(Some(State::target(f.meets_target)));
        let r = &f.rule;
        let fam = Family::ChildFiles;
        s.push(
            r,
            fam,
            "filing_rate",
            Subject::School,
            None,
            Period::Year,
            state,
            rate(f.complete, f.covered),
            target,
        );
        for c in &f.classes {
            s.push(
                r,
                fam,
                "filing_rate",
                Subject::Class(c.class.clone()),
                Some(&c.class),
                Period::Year,
                None,
                rate(c.complete, c.covered),
                Reason::None,
            );
        }
        for i in &f.incomplete {
            s.push(
                r,
                fam,
                "file",
                Subject::Child(i.student_id.clone()),
                Some(&i.class),
                Period::Year,
                Some(State::Missed),
                None,
                Reason::MissingFields {
                    fields: i.missing.clone(),
                },
            );
        }
    }
    if let Some(e) = &d.enrollment {
        let r = &e.rule;
        let fam = Family::Enrollment;
        let retained_of = e.retained + e.dropouts;
        s.push(
            r,
            fam,
            "enrollment_rate",
            Subject::School,
            None,
            Period::Year,
            Some(State::target(e.meets_enrollment_target)),
            rate(e.enrolled, e.roster),
            Reason::Target {
                percent: e.enrollment_target_percent,
            },
        );
        s.push(
            r,
            fam,
            "retention_rate",
            Subject::School,
            None,
            Period::Year,
            Some(State::target(e.meets_retention_target)),
            rate(e.retained, retained_of),
            Reason::Target {
                percent: e.retention_target_percent,
            },
        );
        for c in &e.classes {
            let class = || Subject::Class(c.class.clone());
            s.push(
                r,
                fam,
                "enrollment_rate",
                class(),
                Some(&c.class),
                Period::Year,
                None,
                rate(c.enrolled, c.roster),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "dropouts",
                class(),
                Some(&c.class),
                Period::Year,
                None,
                Some(Value::Count {
                    value: u64::from(c.dropouts),
                }),
                Reason::None,
            );
        }
        for l in &e.left {
            let status = if l.counts_as_dropout {
                State::Missed
            } else {
                State::NotApplicable
            };
            s.push(
                r,
                fam,
                "retention",
                Subject::Child(l.student_id.clone()),
                Some(&l.class),
                Period::Year,
                Some(status),
                None,
                Reason::Left {
                    on: l.left_on,
                    reason: l.left_reason,
                },
            );
        }
    }
    for p in &d.pairing_schemes {
        let r = &p.rule;
        let fam = Family::Pairing;
        let state = (p.children == 0).then_some(State::NotApplicable);
        s.push(
            r,
            fam,
            "coverage",
            Subject::School,
            None,
            Period::Year,
            state,
            rate(p.always_covered, p.children),
            Reason::None,
        );
        for c in &p.classes {
            s.push(
                r,
                fam,
                "coverage",
                Subject::Class(c.class.clone()),
                Some(&c.class),
                Period::Year,
                None,
                rate(c.always_covered, c.children),
                Reason::None,
            );
        }
        for u in &p.uncovered {
            let status = if u.school_days >= u.of_school_days {
                State::Missed
            } else {
                State::Partial
            };
            s.push(
                r,
                fam,
                "covered",
                Subject::Child(u.student_id.clone()),
                Some(&u.class),
                Period::Year,
                Some(status),
                None,
                Reason::Uncovered {
                    school_days: u.school_days,
                    of_school_days: u.of_school_days,
                },
            );
        }
        for o in &p.over_capacity {
            s.push(
                r,
                fam,
                "capacity",
                Subject::Staff(o.mentor_id.clone()),
                None,
                Period::Year,
                Some(State::Missed),
                None,
                Reason::OverCapacity {
                    max_mentees: o.max_mentees,
                },
            );
        }
        for i in &p.ineligible {
            let end = i.end.unwrap_or(d.as_of);
            s.push(
                r,
                fam,
                &format!("eligible:{}", i.mentee_id),
                Subject::Staff(i.mentor_id.clone()),
                None,
                window(i.start, end),
                Some(State::Missed),
                None,
                Reason::Ineligible {
                    mentee_id: i.mentee_id.clone(),
                    why: i.why.clone(),
                },
            );
        }
    }
    if let Some(p) = &d.individual_plans {
        let r = &p.rule;
        let fam = Family::IndividualPlans;
        let state = (p.needing_plan == 0).then_some(State::NotApplicable);
        s.push(
            r,
            fam,
            "planned",
            Subject::School,
            None,
            Period::Year,
            state,
            rate(p.cleared, p.needing_plan),
            Reason::None,
        );
        for c in &p.children {
            let planned = c.triggers.iter().all(|t| t.plan_date.is_some());
            let status = match (c.needs_plan, planned) {
                (false, _) => State::NotApplicable,
                (true, true) => State::Met,
                (true, false) => State::Missed,
            };
            s.push(
                r,
                fam,
                "plan",
                Subject::Child(c.student_id.clone()),
                Some(&c.class),
                Period::Year,
                Some(status),
                None,
                Reason::Triggers {
                    triggers: c.triggers.iter().map(|t| t.why.clone()).collect(),
                    plan_date: c.triggers.iter().filter_map(|t| t.plan_date).max(),
                },
            );
        }
    }
    for a in &d.activities {
        s.push(
            &a.rule,
            Family::Activity,
            "",
            subject_of(a.class.as_ref(), a.student_id.as_ref()),
            a.class.as_deref(),
            window(a.window_start, a.window_end),
            Some(a.status.into()),
            None,
            Reason::Contact {
                date: a.date,
                due: None,
            },
        );
    }
    for (rule, c) in &d.activity_summary {
        s.summary(rule, Family::Activity, c);
    }
    if let Some(c) = &d.class_assessment {
        let r = &c.rule;
        let fam = Family::ClassAssessment;
        let advanced: Vec<&str> = c
            .classes
            .iter()
            .filter(|k| k.advanced)
            .map(|k| k.class.as_str())
            .collect();
        s.push(
            r,
            fam,
            "advanced",
            Subject::School,
            None,
            Period::Year,
            None,
            Some(Value::Label {
                value: advanced.join(", "),
            }),
            Reason::None,
        );
        for k in &c.classes {
            let class = || Subject::Class(k.class.clone());
            let at = Some(k.class.as_str());
            s.push(
                r,
                fam,
                "score",
                class(),
                at,
                Period::Year,
                None,
                Some(Value::Score { value: k.score }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "rank",
                class(),
                at,
                Period::Year,
                None,
                Some(Value::Rank { value: k.rank }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "advanced",
                class(),
                at,
                Period::Year,
                None,
                Some(Value::Flag { value: k.advanced }),
                Reason::None,
            );
            for comp in &k.components {
                s.push(
                    r,
                    fam,
                    &format!("component:{}", comp.id),
                    class(),
                    at,
                    Period::Year,
                    None,
                    rate(comp.numerator, comp.denominator),
                    Reason::None,
                );
            }
        }
        for t in &c.head_teachers {
            let staff = || Subject::Staff(t.staff_id.clone());
            s.push(
                r,
                fam,
                "score",
                staff(),
                None,
                Period::Year,
                None,
                Some(Value::Score { value: t.score }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "rank",
                staff(),
                None,
                Period::Year,
                None,
                Some(Value::Rank { value: t.rank }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "advanced",
                staff(),
                None,
                Period::Year,
                None,
                Some(Value::Flag { value: t.advanced }),
                Reason::None,
            );
        }
    }
}

fn calendar(s: &mut Sink, d: &Decision) {
    let Some(c) = &d.calendar else { return };
    for p in &c.birthday_parties {
        s.push(
            &p.rule,
            Family::BirthdayParty,
            "",
            subject_of(p.class.as_ref(), None),
            p.class.as_deref(),
            window(p.window_start, p.window_end),
            Some(p.status.into()),
            None,
            Reason::Party {
                guests: p.guests.len() as u32,
                date: p.date,
            },
        );
    }
    for l in &c.letters {
        s.push(
            &l.rule,
            Family::LettersHome,
            &l.occasion,
            Subject::Child(l.student_id.clone()),
            Some(&l.class),
            window(l.window_start, l.window_end),
            Some(l.status.into()),
            None,
            Reason::Dated {
                occasion: Some(l.occasion.clone()),
                day: l.day,
                date: l.date,
            },
        );
    }
    for (rows, family) in [
        (&c.festival_days, Family::FestivalDay),
        (&c.milestones, Family::Milestone),
    ] {
        for r in rows {
            s.push(
                &r.rule,
                family,
                "",
                subject_of(r.class.as_ref(), r.student_id.as_ref()),
                r.class.as_deref(),
                window(r.window_start, r.window_end),
                Some(r.status.into()),
                None,
                Reason::Dated {
                    occasion: None,
                    day: r.day,
                    date: r.date,
                },
            );
        }
    }
    let family_of = |rule: &str| {
        d.rules
            .iter()
            .find(|r| r.id == rule)
            .map_or(Family::BirthdayParty, |r| r.family)
    };
    for (rule, counts) in &c.summary {
        s.summary(rule, family_of(rule), counts);
    }
}
