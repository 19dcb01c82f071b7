//! The serde form of `plan.ron`, exactly as written by an administrator.
//!
//! These types are never evaluated: [`super::load`] validates them into [`super::model`].
//! Every struct denies unknown fields, so a misspelled key is an error with its position
//! instead of a silently dropped setting. Enums are externally tagged (no untagged enums).

use serde::{Deserialize, Serialize};

/// The whole `plan.ron`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Plan")]
pub struct RawPlan {
    pub id: String,
    pub name: String,
    /// The plan's name in Chinese, shown by `--lang zh` (falls back to `name`).
    #[serde(default)]
    pub name_zh: Option<String>,
    pub seed: String,
    #[serde(default)]
    pub first_year: Option<String>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub obligations: Vec<RawObligation>,
    #[serde(default)]
    pub assessment: Option<RawAssessment>,
    #[serde(default)]
    pub prizes: Option<RawPrizes>,
    #[serde(default)]
    pub helpers: Option<RawHelpers>,
    #[serde(default)]
    pub child_files: Option<super::raw_families::RawChildFiles>,
    #[serde(default)]
    pub enrollment: Option<super::raw_families::RawEnrollment>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub pairing_schemes: Vec<super::raw_families::RawPairingScheme>,
    #[serde(default)]
    pub individual_plans: Option<super::raw_families::RawIndividualPlans>,
    #[serde(default)]
    pub class_assessment: Option<super::raw_families::RawClassAssessment>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub activities: Vec<super::raw_families::RawActivityRule>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub birthday_parties: Vec<super::raw_calendar::RawBirthdayParties>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub letters_home: Vec<super::raw_calendar::RawLettersHome>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub festival_days: Vec<super::raw_calendar::RawFestivalDay>,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub milestones: Vec<super::raw_calendar::RawMilestone>,
    #[serde(default)]
    pub script_limits: Option<RawLimits>,
    /// The parameters of this plan that the seed leaves open and the school has set: each names
    /// a parameter by its `--set` path and says why the value is the school's (`check` lists
    /// them with their values).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub school_choices: Vec<RawSchoolChoice>,
}

/// One parameter the seed leaves open, set by the school: `(param: "helpers.fen_per_point",
/// why: "Plan 5 §6 says \"how much yuan\" and leaves the amount blank")`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "SchoolChoice")]
pub struct RawSchoolChoice {
    /// The parameter's path, as `check --params` lists it and `--set` takes it.
    pub param: String,
    /// Why the value is the school's choice: what the seed says or leaves unsaid.
    pub why: String,
    /// The same in Chinese, for `--lang zh` (falls back to `why`).
    #[serde(default)]
    pub why_zh: Option<String>,
}

/// Limits on script calls (each optional; defaults in `crate::script::Limits`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "ScriptLimits")]
pub struct RawLimits {
    #[serde(default)]
    pub max_operations: Option<u64>,
    #[serde(default)]
    pub max_call_levels: Option<usize>,
    #[serde(default)]
    pub max_string_size: Option<usize>,
    #[serde(default)]
    pub max_array_size: Option<usize>,
    #[serde(default)]
    pub max_map_size: Option<usize>,
}

/// Who a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Cover")]
#[serde(deny_unknown_fields)]
pub enum RawCover {
    LeftBehind,
    SingleParent,
    PotentialStudent,
    /// Children marked `poor` in students.csv (Plan 3 §Second.4).
    Poor,
    All,
    /// A script function `fn f(student) -> bool`.
    Script {
        function: String,
    },
}

/// A day of the week, for a weekly rule's due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Weekday")]
pub enum RawWeekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// The recurring window of a contact obligation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Window")]
pub enum RawWindow {
    Weekly {
        #[serde(default)]
        due: Option<RawWeekday>,
    },
    Monthly,
    Quarterly,
    Term,
}

/// Who must make the contact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "MadeBy")]
pub enum RawMadeBy {
    Anyone,
    /// The head teacher (班主任) of the child's own class.
    HeadTeacher,
    Role {
        role: String,
    },
    /// The child's own mentor under this pairing scheme (`PairedMentor(scheme: "caring_mother")`).
    PairedMentor {
        scheme: String,
    },
}

/// A contact obligation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Obligation")]
pub struct RawObligation {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub kinds: Vec<String>,
    pub covers: Vec<RawCover>,
    pub window: RawWindow,
    #[serde(default = "anyone", deserialize_with = "super::raw::bare_or_some")]
    pub made_by: RawMadeBy,
    /// A contact counts only when its `note` (the record card) is filled in.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub require_note: bool,
    /// A script function `fn f(contact, student, window) -> bool` that must also accept the
    /// contact.
    #[serde(default)]
    pub counts: Option<String>,
    /// Under `made_by: PairedMentor(…)`, whether a covered child with no such mentor still owes
    /// the contact (`Owed`: the window counts against the duty, "no caring_mother paired") or
    /// is excused (`Excused`, the default).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub without_mentor: RawWithoutMentor,
}

/// What a mentor-made duty owes for a child without the mentor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "WithoutMentor")]
pub enum RawWithoutMentor {
    /// The child owes nothing on days without a mentor (the duty is the mentor's).
    #[default]
    Excused,
    /// Every covered child owes it: a window without a mentor counts against the duty.
    Owed,
}

fn anyone() -> RawMadeBy {
    RawMadeBy::Anyone
}

/// An exam named relative to the assessment year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Exam")]
pub enum RawExam {
    FirstTerm,
    Final,
    PreviousFinal,
    RankBase,
}

/// Who is assessed and which point rules apply.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Assessment")]
pub struct RawAssessment {
    pub covers: Vec<RawCover>,
    pub rules: Vec<RawPointRule>,
}

/// One point rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "PointRule")]
pub struct RawPointRule {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub rule: RawPointBody,
}

/// What a point rule scores.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "PointBody")]
pub enum RawPointBody {
    RankGain {
        from: RawExam,
        to: RawExam,
        points_per_place: i64,
    },
    StayTop {
        n: u32,
        exams: Vec<RawExam>,
        points: i64,
    },
    NoSeriousConduct {
        points: i64,
    },
    HonorTitle {
        title: String,
        points: i64,
    },
    /// A script function `fn f(student) -> int`.
    Script {
        function: String,
    },
}

/// Student prizes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Prizes")]
pub struct RawPrizes {
    #[serde(default = "yes", deserialize_with = "super::raw::bare_or_some")]
    pub stack: bool,
    #[serde(default = "all", deserialize_with = "super::raw::bare_or_some")]
    pub eligible: Vec<RawCover>,
    pub tiers: Vec<RawTier>,
}

fn yes() -> bool {
    true
}

fn all() -> Vec<RawCover> {
    vec![RawCover::All]
}

/// One prize tier.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Tier")]
pub struct RawTier {
    pub id: String,
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    pub rule: RawTierBody,
    pub amount_fen: i64,
}

/// When a prize tier is won.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "TierBody")]
pub enum RawTierBody {
    Rank {
        exam: RawExam,
        from: u32,
        to: u32,
    },
    Progress {
        from: RawExam,
        to: RawExam,
        min_places: u32,
    },
    /// A script function `fn f(student) -> bool | int`.
    Script {
        function: String,
    },
}

/// How helpers are paid.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Helpers")]
pub struct RawHelpers {
    pub seed: String,
    pub scheme: String,
    pub fen_per_point: i64,
    #[serde(
        default = "head_teacher",
        deserialize_with = "super::raw::bare_or_some"
    )]
    pub unpaired: RawUnpaired,
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub split: RawSplit,
}

/// How a child's points are divided among its helpers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename = "Split")]
pub enum RawSplit {
    #[default]
    Equal,
    ByDays,
}

fn head_teacher() -> RawUnpaired {
    RawUnpaired::HeadTeacher
}

/// Who is credited with an unpaired child's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Unpaired")]
pub enum RawUnpaired {
    HeadTeacher,
    Nobody,
}

/// A key with a default may be written bare (`count_on: YearStart`) or in `Some(…)`
/// (`count_on: Some(YearStart)`), as an optional key may (ron's `implicit_some`): read either
/// way. `None` is refused: the key is left out for its default.
pub(super) fn bare_or_some<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    use serde::Deserialize;
    use serde::de::Error;
    Option::<T>::deserialize(d)?.ok_or_else(|| {
        D::Error::custom("`None` is no value here: leave the key out for its default")
    })
}
