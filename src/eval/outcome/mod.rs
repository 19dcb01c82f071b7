//! One result shape for every rule: an [`Outcome`].
//!
//! Each rule family computes its figures in its own module ([`super::obligations`],
//! [`super::files`], [`super::calendar_rules`] …) into the [`Decision`]; [`outcomes`] ([`walk`]) is the one
//! walk that turns all of them into outcomes of one kind — rule id, family, measure, subject,
//! period, status and/or a value with its unit, and a structured reason. The tools that work on
//! "every figure of a decision" (`whatif` and `watch` through [`crate::diff`], `explain`,
//! `review`) read outcomes only, so a rule family is covered by them as soon as its results are
//! listed here.

use super::{Ratio, Status, Why};
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

/// The status of an outcome that has one (docs/src/reference/semantics.md, "Status"), or `not_applicable`.
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
            ) if *bd > 0 && *ad > 0 => {
                let d = Ratio::new(*an as i64, *ad as i64) - Ratio::new(*bn as i64, *bd as i64);
                Delta::Rate {
                    numerator: d.numer(),
                    denominator: d.denom(),
                    rate: (d.to_f64() * 10_000.0).round() / 10_000.0,
                }
            }
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
    /// Shared points, exact (shown to two decimals).
    Exact(Ratio),
    /// A rate's change, exact, and rounded to 4 decimals (`0.0987` = 9.87 percentage points).
    Rate {
        /// Numerator of the exact difference (negative for a drop).
        numerator: i64,
        /// Its denominator.
        denominator: i64,
        /// The difference, rounded to 4 decimals.
        rate: f64,
    },
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
        /// Children the windows are of (0 for a rule owed by the school or a class).
        children: u32,
    },
    /// A figure that cannot be computed from the records: they lack `needs` (a file).
    CannotCompute {
        /// The record file that would give it (`catchment.csv`).
        needs: String,
    },
    /// A rate against its target in percent.
    Target {
        /// The target, percent.
        percent: u32,
    },
    /// A window of a mentor-made duty that the child owed without a mentor of the scheme.
    NoMentor {
        /// The pairing scheme (`caring_mother`).
        scheme: String,
    },
    /// Kinds of a rule that needs every one of its kinds, with no row in the window.
    MissingKinds {
        /// The kinds not held.
        kinds: Vec<String>,
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
    /// Helper pay from a head teacher's own division of class totals (`helper_split.csv`,
    /// Plan 5 §6), besides any children helped under the automatic split.
    Divided {
        /// Children helped under the automatic split (other classes).
        children: u32,
        /// The helper's share of each divided class, with the line it was read from.
        shares: Vec<super::ClassShare>,
    },
    /// A class's helper pay divided by its head teacher (`helper_split.csv`, Plan 5 §6).
    DividedClass {
        /// Where the division was read from (`helper_split.csv`, the class's lines).
        source: super::SplitSource,
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

mod walk;
pub use walk::outcomes;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_keep_their_unit_and_rates_stay_exact() {
        // 2/39 → 3/39: +1/39 = 0.025641… → 0.0256 (was 0.03 when rounded to two decimals).
        assert_eq!(
            Value::delta(&Value::rate(2, 39), &Value::rate(3, 39)),
            Some(Delta::Rate {
                numerator: 1,
                denominator: 39,
                rate: 0.0256
            })
        );
        // 1/15 → 2/15 and 45/47 → 46/47 in the other direction: -1/47 = -0.0213.
        assert_eq!(
            Value::delta(&Value::rate(46, 47), &Value::rate(45, 47)),
            Some(Delta::Rate {
                numerator: -1,
                denominator: 47,
                rate: -0.0213
            })
        );
        // A rate with nothing due has no delta.
        assert_eq!(Value::delta(&Value::rate(0, 0), &Value::rate(1, 2)), None);
        // Fen stay fen: 1500 → 2000 is +500 fen.
        assert_eq!(
            Value::delta(&Value::Fen { value: 1500 }, &Value::Fen { value: 2000 }),
            Some(Delta::Fen(500))
        );
        // Ranks: 1 → 2 is one place down (+1).
        assert_eq!(
            Value::delta(
                &Value::Rank { value: Some(1) },
                &Value::Rank { value: Some(2) }
            ),
            Some(Delta::Whole(1))
        );
    }
}
