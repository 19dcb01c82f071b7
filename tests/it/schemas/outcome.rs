//! Outcomes: one measure of one rule for one subject and period (in `explain` and `whatif`).

use super::common::{ClassShare, Day, Ineligible, Shared, SplitSource, TriggerWhy, Why};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The family of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Contact obligations: talks, calls, visits, record cards.
    Obligation,
    /// Point rules, declarative or scripted.
    Points,
    /// Prize tiers.
    Prizes,
    /// Helper pay.
    HelperPay,
    /// Child files and contact cards.
    ChildFiles,
    /// Enrollment and retention.
    Enrollment,
    /// Pairing coverage, capacity and eligibility.
    Pairing,
    /// Individual-plan triggers.
    IndividualPlans,
    /// Activity duties.
    Activity,
    /// Monthly birthday parties.
    BirthdayParty,
    /// Letters home.
    LettersHome,
    /// Festival education days.
    FestivalDay,
    /// Plan milestones.
    Milestone,
    /// Class and head-teacher assessment.
    ClassAssessment,
    /// The decision's totals: points, prizes, helper pay and the budget.
    Totals,
}

/// Whom an outcome is about: `{"kind": "school"}` or `{"kind": …, "id": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    tag = "kind",
    content = "id",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Subject {
    /// The school (or the whole records directory).
    School,
    /// A class (`7-2`, or `school/7-2` when the records hold several schools).
    Class(String),
    /// A child, by student id.
    Child(String),
    /// A helper paid for children's points, by staff (or student mentor) id.
    Helper(String),
    /// A staff member, by staff id.
    Staff(String),
}

/// The span of days an outcome is about: `"year"` or `{"window": {"start", "end"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Period {
    /// The academic year evaluated.
    Year,
    /// A window of days, both inclusive.
    Window {
        /// First day.
        start: Day,
        /// Last day.
        end: Day,
    },
}

/// The state of an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

/// The value of an outcome, tagged by its `unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "unit", rename_all = "snake_case", deny_unknown_fields)]
pub enum Value {
    /// Whole points.
    Points {
        /// Points.
        value: i64,
    },
    /// Points shared between helpers: an integer, or a fraction rounded to two decimals.
    SharedPoints {
        /// Points.
        value: Shared,
    },
    /// Money in fen (1 yuan = 100 fen).
    Fen {
        /// Fen.
        value: i64,
    },
    /// An exact rate `numerator / denominator`.
    Rate {
        /// Counted.
        numerator: u64,
        /// Out of.
        denominator: u64,
        /// The rate rounded to 4 decimals; `null` when the denominator is 0.
        rate: Option<f64>,
    },
    /// A weighted score out of 100, two decimals; `null` when nothing was scored.
    Score {
        /// Score.
        value: Option<f64>,
    },
    /// A rank (1 = first); `null` when not ranked.
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

/// A rate's change: exact, and rounded to 4 decimals (`0.0987` = 9.87 percentage points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateDelta {
    /// Numerator of the exact difference (negative for a drop).
    pub numerator: i64,
    /// Its denominator.
    pub denominator: i64,
    /// The difference, rounded to 4 decimals.
    pub rate: f64,
}

/// The change of a value from base to alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Delta {
    /// A rate's change.
    Rate(RateDelta),
    /// Points, places, a count, fen (integers); shared points (two decimals); a score
    /// difference (two decimals).
    Number(serde_json::Number),
}

/// Why an outcome is what it is, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Reason {
    /// Nothing more than the status and value say.
    None,
    /// A point rule, prize or pay reason.
    Why {
        /// The reason.
        why: Why,
    },
    /// The contact or activity that met a window, and the due day.
    Contact {
        /// Day of the first matching contact or activity.
        date: Option<Day>,
        /// Due day, when the rule has one.
        due: Option<Day>,
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
    /// A figure that cannot be computed from the records.
    CannotCompute {
        /// The record file that would give it (`catchment.csv`).
        needs: String,
    },
    /// A rate against its target.
    Target {
        /// The target, percent.
        percent: u32,
    },
    /// A window of a mentor-made duty that the child owed without a mentor of the scheme.
    NoMentor {
        /// The pairing scheme.
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
        why: Ineligible,
    },
    /// What flagged a child for an individual plan, and whether a plan is dated.
    Triggers {
        /// The triggers.
        triggers: Vec<TriggerWhy>,
        /// Day the plan was written, when it was.
        plan_date: Option<Day>,
    },
    /// A child who left during the year.
    Left {
        /// Day of leaving.
        on: Day,
        /// Recorded reason (`transfer`, `dropout`, `graduated`, `other`).
        reason: Option<super::decision::LeftReason>,
    },
    /// A birthday party: guests and the party's day.
    Party {
        /// Children whose birthdays it celebrates.
        guests: u32,
        /// Day of the party.
        date: Option<Day>,
    },
    /// A dated duty: its occasion, the day and when it was done.
    Dated {
        /// The occasion, when named.
        occasion: Option<String>,
        /// The day it is due by.
        day: Day,
        /// Day it was done.
        date: Option<Day>,
    },
    /// Helper pay: children helped.
    Helped {
        /// Children.
        children: u32,
    },
    /// Helper pay from a head teacher's division of class totals.
    Divided {
        /// Children helped under the automatic split (other classes).
        children: u32,
        /// The helper's share of each divided class.
        shares: Vec<ClassShare>,
    },
    /// A class's helper pay divided by its head teacher.
    DividedClass {
        /// Where the division was read from.
        source: SplitSource,
    },
}

/// One measure of one rule for one subject and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Rule id as in `plan.ron` (or `points`, `prizes`, `helpers`, `budget` for totals).
    pub rule: String,
    /// Its family.
    pub family: Family,
    /// What of the rule this measures when a rule has several (`coverage`, `score`, …);
    /// empty otherwise.
    pub measure: String,
    /// Whom it is about.
    pub subject: Subject,
    /// The subject's class, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub class: Option<String>,
    /// The span of days.
    pub period: Period,
    /// The state, when the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "State")]
    pub status: Option<State>,
    /// The value, when the rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Value")]
    pub value: Option<Value>,
    /// Why.
    pub reason: Reason,
}
