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
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Who the rule applies to: a child is covered when any entry matches (an empty list is an
    /// error).
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
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Who the rule applies to: a child is covered when any entry matches (an empty list is an
    /// error).
    pub covers: Vec<RawCover>,
    /// The day whose roster is counted.
    #[serde(default = "year_start", deserialize_with = "super::raw::bare_or_some")]
    pub count_on: RawCountDay,
    /// Enrollment-rate target in percent, 0–100 (Plan 2: 100).
    #[serde(default = "hundred", deserialize_with = "super::raw::bare_or_some")]
    pub enrollment_target_percent: u32,
    /// Retention-rate target in percent, 0–100 (Plan 2: 100).
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
    MonthDay {
        /// The month, 1–12.
        month: u32,
        /// The day of the month, 1–31 (a day the month lacks is an error).
        day: u32,
    },
}

fn year_start() -> RawCountDay {
    RawCountDay::YearStart
}

/// A pairing scheme: who mentors, who must be covered, how many mentees a mentor may have.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "PairingScheme")]
pub struct RawPairingScheme {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
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
    /// Who may mentor under the scheme.
    pub mentors: RawMentors,
    /// Who must have a mentor on every school day of the year.
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
    Staff {
        /// The roles, at least one.
        roles: Vec<String>,
    },
    /// Staff holding one of these roles, or a classmate of the mentee (a student of the
    /// mentee's class): Plan 2's learning helpers.
    StaffOrClassmate {
        /// The roles, at least one.
        roles: Vec<String>,
    },
    /// Students: in the top `top` of their class on the exam in force when the pairing started
    /// (when given),
    /// and never a mentee of the same scheme at the same time.
    Student {
        /// How high in the class a student mentor must rank (`3`: in the top three); none: any
        /// student.
        #[serde(default)]
        top: Option<u32>,
    },
}

/// Individual education plans: triggers that flag a child, cleared by a record in `plans.csv`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "IndividualPlans")]
pub struct RawIndividualPlans {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Who the rule applies to: a child is covered when any entry matches (an empty list is an
    /// error).
    pub covers: Vec<RawCover>,
    /// What flags a child; any one of them does.
    pub triggers: Vec<RawTrigger>,
}

/// What flags a child as needing an individual plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Trigger")]
pub enum RawTrigger {
    /// Class rank dropped by `places` or more from `from` to `to`.
    RankDrop {
        /// The earlier exam.
        from: RawExam,
        /// The later exam.
        to: RawExam,
        /// Places lost that flag the child.
        places: u32,
    },
    /// A `serious` row in `conduct.csv` dated in the year.
    SeriousConduct,
    /// The child is a potential student.
    PotentialStudent,
    /// A script function `fn f(student) -> bool`: true flags the child.
    Script {
        /// The name of the script function.
        function: String,
    },
}

/// The yearly assessment of classes and their head teachers (Plan 4, §Fourth.6).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ClassAssessment")]
pub struct RawClassAssessment {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// The weighted parts of a class's score (out of 100).
    pub components: Vec<RawComponent>,
    /// Which classes are advanced.
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
    /// The component's id, unique in the assessment (`talks`; `--set` path
    /// `class_assessment.components.talks.weight`).
    pub id: String,
    /// The component's weight; the weights add up to 100.
    pub weight: u32,
    /// The rate the component scores.
    pub measure: RawMeasure,
}

/// A rate measured per class, between 0 and 1.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Measure")]
pub enum RawMeasure {
    /// (met + late) / (met + late + missed) of these contact obligations.
    Compliance {
        /// Ids of contact obligations of the plan.
        rules: Vec<String>,
    },
    /// Children always covered / children, of this pairing-scheme rule.
    Coverage {
        /// The id of a pairing scheme of the plan.
        rule: String,
    },
    /// The filing rate of `child_files`.
    FilingRate,
    /// The retention rate of `enrollment`.
    RetentionRate,
    /// Triggers cleared by a plan / triggers, of `individual_plans`.
    IndividualPlans,
    /// Windows held / windows due, of these activity rules.
    Activities {
        /// Ids of activity rules of the plan.
        rules: Vec<String>,
    },
}

/// Which classes are advanced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Advanced")]
pub enum RawAdvanced {
    /// The classes ranked `n` or better.
    Top {
        /// How many classes, from the top.
        n: u32,
    },
    /// The classes scoring at least `score` (out of 100).
    AtLeast {
        /// The score, 0–100.
        score: u32,
    },
}

/// A duty to hold (or attend) an activity in every window (Plans 3, 4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Activity")]
pub struct RawActivityRule {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
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
    /// Who the duty is owed to: the school, each class or each covered child.
    pub per: RawPer,
    /// The recurring window in which the activity is due.
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
    Child {
        /// Who the rule applies to: a child is covered when any entry matches (an empty list is an
        /// error).
        covers: Vec<RawCover>,
    },
}

/// The recurring window of an activity duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ActivityWindow")]
pub enum RawActivityWindow {
    /// Every calendar month.
    Monthly,
    /// Every calendar quarter.
    Quarterly,
    /// Every term of `calendar.csv`.
    Term,
    /// The academic year, first term's start to last term's end.
    Year,
    /// One calendar month of the year (`Month(month: 3)`: March).
    Month {
        /// The month, 1–12.
        month: u32,
    },
}
