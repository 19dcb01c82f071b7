//! The serde form of the rule families of Plans 2, 3 and 4 in `plan.ron`: child files, enrollment
//! and retention, pairing schemes, individual education plans, class and teacher assessment,
//! and activity duties. Like [`super::raw`], every struct denies unknown fields and every enum is
//! externally tagged; [`super::load`] validates these into [`super::families`].

use super::raw::{RawCover, RawExam};
use serde::{Deserialize, Serialize};

/// Child files and contact cards: which fields a complete file holds (Plans 2, 3, 4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ChildFiles")]
pub struct RawChildFiles {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub covers: Vec<RawCover>,
    /// Canonical `students.csv` columns a complete file holds (`guardian_phone`, …).
    pub fields: Vec<String>,
    /// How a single-parent child's `father_*` / `mother_*` fields are checked.
    #[serde(default = "one_parent", deserialize_with = "super::raw::bare_or_some")]
    pub single_parent: RawSingleParent,
    /// Filing-rate target in percent (Plan 2: 100).
    #[serde(default = "hundred", deserialize_with = "super::raw::bare_or_some")]
    pub target_percent: u32,
}

/// How the parents' fields of a single-parent child are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "SingleParent")]
pub enum RawSingleParent {
    /// The listed fields of one parent (father or mother) suffice.
    OneParent,
    /// Both parents' listed fields are required, as for any child.
    BothParents,
}

fn one_parent() -> RawSingleParent {
    RawSingleParent::OneParent
}

fn hundred() -> u32 {
    100
}

/// Enrollment and retention rates (Plan 2, §Second.2).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Enrollment")]
pub struct RawEnrollment {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub covers: Vec<RawCover>,
    /// The day whose roster is counted.
    #[serde(default = "year_start", deserialize_with = "super::raw::bare_or_some")]
    pub count_on: RawCountDay,
    #[serde(default = "hundred", deserialize_with = "super::raw::bare_or_some")]
    pub enrollment_target_percent: u32,
    #[serde(default = "hundred", deserialize_with = "super::raw::bare_or_some")]
    pub retention_target_percent: u32,
}

/// The day a roster is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "CountDay")]
pub enum RawCountDay {
    /// The first day of the year's first term.
    YearStart,
    /// The first day of the year with this month and day (`MonthDay(month: 9, day: 30)`).
    MonthDay { month: u32, day: u32 },
}

fn year_start() -> RawCountDay {
    RawCountDay::YearStart
}

/// A pairing scheme: who mentors, who must be covered, how many mentees a mentor may have.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "PairingScheme")]
pub struct RawPairingScheme {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// The `scheme` value in `pairings.csv`.
    pub scheme: String,
    pub mentors: RawMentors,
    pub covers: Vec<RawCover>,
    /// Mentees a mentor may have at once; none = no limit.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// School days a child (or the year) may start without a mentor.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub grace_school_days: u32,
}

/// Who may mentor under a scheme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Mentors")]
pub enum RawMentors {
    /// Staff holding at least one of these roles.
    Staff { roles: Vec<String> },
    /// Staff holding one of these roles, or a classmate of the mentee (a student of the
    /// mentee's class): Plan 2's learning helpers.
    StaffOrClassmate { roles: Vec<String> },
    /// Students: in the top `top` of their class on the exam in force when the pairing started (when given),
    /// and never a mentee of the same scheme at the same time.
    Student {
        #[serde(default)]
        top: Option<u32>,
    },
}

/// Individual education plans: triggers that flag a child, cleared by a record in `plans.csv`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "IndividualPlans")]
pub struct RawIndividualPlans {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub covers: Vec<RawCover>,
    pub triggers: Vec<RawTrigger>,
}

/// What flags a child as needing an individual plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Trigger")]
pub enum RawTrigger {
    /// Class rank dropped by `places` or more from `from` to `to`.
    RankDrop {
        from: RawExam,
        to: RawExam,
        places: u32,
    },
    /// A `serious` row in `conduct.csv` dated in the year.
    SeriousConduct,
    /// The child is a potential student.
    PotentialStudent,
    /// A script function `fn f(student) -> bool`: true flags the child.
    Script { function: String },
}

/// The yearly assessment of classes and their head teachers (Plan 4, §Fourth.6).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ClassAssessment")]
pub struct RawClassAssessment {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub components: Vec<RawComponent>,
    pub advanced: RawAdvanced,
    /// What the results are linked with (`"civilized class evaluation"`).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub links: Vec<String>,
    /// The same in Chinese (`"文明班级评比"`), shown by `--lang zh`.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub links_zh: Vec<String>,
}

/// One weighted part of a class's score.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Component")]
pub struct RawComponent {
    pub id: String,
    pub weight: u32,
    pub measure: RawMeasure,
}

/// A rate measured per class, between 0 and 1.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Measure")]
pub enum RawMeasure {
    /// (met + late) / (met + late + missed) of these contact obligations.
    Compliance { rules: Vec<String> },
    /// Children always covered / children, of this pairing-scheme rule.
    Coverage { rule: String },
    /// The filing rate of `child_files`.
    FilingRate,
    /// The retention rate of `enrollment`.
    RetentionRate,
    /// Triggers cleared by a plan / triggers, of `individual_plans`.
    IndividualPlans,
    /// Windows held / windows due, of these activity rules.
    Activities { rules: Vec<String> },
}

/// Which classes are advanced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Advanced")]
pub enum RawAdvanced {
    /// The classes ranked `n` or better.
    Top { n: u32 },
    /// The classes scoring at least `score` (out of 100).
    AtLeast { score: u32 },
}

/// A duty to hold (or attend) an activity in every window (Plans 3, 4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Activity")]
pub struct RawActivityRule {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// `activities.csv` kinds that satisfy it.
    pub kinds: Vec<String>,
    /// Whether each window needs a row of every one of `kinds` (default: any one of them).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub every_kind: bool,
    pub per: RawPer,
    pub window: RawActivityWindow,
}

/// Who an activity duty is owed to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Per")]
pub enum RawPer {
    /// Once for the whole school (or community): any row of the kind.
    School,
    /// Once for each class: a row for the class, or a school-wide event.
    Class,
    /// Each covered child attends (an attendance row with the child's `student_id`).
    Child { covers: Vec<RawCover> },
}

/// The recurring window of an activity duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ActivityWindow")]
pub enum RawActivityWindow {
    Monthly,
    Quarterly,
    Term,
    Year,
    /// One calendar month of the year (`Month(month: 3)`: March).
    Month {
        month: u32,
    },
}
