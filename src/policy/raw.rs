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
    /// The package's id (its folder's name by convention), shown in reports.
    pub id: String,
    /// The plan's name, shown at the top of reports.
    pub name: String,
    /// The plan's name in Chinese, shown by `--lang zh` (falls back to `name`).
    #[serde(default)]
    pub name_zh: Option<String>,
    /// The seed plan it encodes (`"Plan 5"`).
    pub seed: String,
    /// The scheme's first academic year, `YYYY-YYYY` (1950–2100): [`RawExam::RankBase`] is the
    /// first-semester final in it and the previous year's final after it.
    #[serde(default)]
    pub first_year: Option<String>,
    /// Contact obligations: contacts due for each covered child in every window.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub obligations: Vec<RawObligation>,
    /// Point rules: who is assessed and what earns points.
    #[serde(default)]
    pub assessment: Option<RawAssessment>,
    /// Student prizes, in fen, won on exams.
    #[serde(default)]
    pub prizes: Option<RawPrizes>,
    /// How the helpers (mentors) are paid for their children's points.
    #[serde(default)]
    pub helpers: Option<RawHelpers>,
    /// Child files and contact cards: the fields a complete file holds.
    #[serde(default)]
    pub child_files: Option<super::raw_families::RawChildFiles>,
    /// Enrollment and retention rates.
    #[serde(default)]
    pub enrollment: Option<super::raw_families::RawEnrollment>,
    /// Pairing schemes: who must have a mentor and who may mentor.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub pairing_schemes: Vec<super::raw_families::RawPairingScheme>,
    /// Individual education plans: what flags a child as needing one.
    #[serde(default)]
    pub individual_plans: Option<super::raw_families::RawIndividualPlans>,
    /// The yearly assessment of classes and their head teachers.
    #[serde(default)]
    pub class_assessment: Option<super::raw_families::RawClassAssessment>,
    /// Activities to hold or attend in every window.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub activities: Vec<super::raw_families::RawActivityRule>,
    /// Monthly birthday parties.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub birthday_parties: Vec<super::raw_calendar::RawBirthdayParties>,
    /// Letters home before festivals, vacations and elders' birthdays.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub letters_home: Vec<super::raw_calendar::RawLettersHome>,
    /// Education activities on festivals.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub festival_days: Vec<super::raw_calendar::RawFestivalDay>,
    /// Dated steps of the plan (a stage due early, mid or late in a month).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub milestones: Vec<super::raw_calendar::RawMilestone>,
    /// Limits on script calls, each optional (defaults in `crate::script::Limits`).
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
    /// Rhai operations one script call may run.
    #[serde(default)]
    pub max_operations: Option<u64>,
    /// Nested function calls one script call may make.
    #[serde(default)]
    pub max_call_levels: Option<usize>,
    /// Bytes a string of a script may hold.
    #[serde(default)]
    pub max_string_size: Option<usize>,
    /// Elements an array of a script may hold.
    #[serde(default)]
    pub max_array_size: Option<usize>,
    /// Entries an object map of a script may hold.
    #[serde(default)]
    pub max_map_size: Option<usize>,
}

/// Who a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Cover")]
#[serde(deny_unknown_fields)]
pub enum RawCover {
    /// Children with `left_behind` yes in `students.csv`.
    LeftBehind,
    /// Children with `single_parent` yes.
    SingleParent,
    /// Children with `potential_student` yes (学困生).
    PotentialStudent,
    /// Children marked `poor` in students.csv (Plan 3 §Second.4).
    Poor,
    /// Every child.
    All,
    /// A script function `fn f(student) -> bool`.
    Script {
        /// The name of the script function.
        function: String,
    },
}

/// A day of the week, for a weekly rule's due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Weekday")]
pub enum RawWeekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

/// The recurring window of a contact obligation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Window")]
pub enum RawWindow {
    /// Every ISO week (Monday–Sunday).
    Weekly {
        /// The due weekday: the due day is the first school day on or after it in the week, and a
        /// later contact is late; none: any day of the week is on time.
        #[serde(default)]
        due: Option<RawWeekday>,
    },
    /// Every calendar month.
    Monthly,
    /// Every calendar quarter.
    Quarterly,
    /// Every term of `calendar.csv`.
    Term,
}

/// Who must make the contact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "MadeBy")]
pub enum RawMadeBy {
    /// Any contact of the kinds counts, whoever made it.
    Anyone,
    /// The head teacher (班主任) of the child's own class.
    HeadTeacher,
    /// A staff member holding a role in `staff.csv`.
    Role {
        /// The role (`head_teacher`, `teacher`, `caring_mother`, `volunteer`, …).
        role: String,
    },
    /// The child's own mentor under this pairing scheme (`PairedMentor(scheme: "caring_mother")`).
    PairedMentor {
        /// The `scheme` of `pairings.csv`.
        scheme: String,
    },
}

/// A contact obligation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Obligation")]
pub struct RawObligation {
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
    /// The `contacts.csv` kinds that satisfy it (case-insensitive), at least one.
    pub kinds: Vec<String>,
    /// Who the rule applies to: a child is covered when any entry matches (an empty list is an
    /// error).
    pub covers: Vec<RawCover>,
    /// The recurring window in which one contact is due.
    pub window: RawWindow,
    /// Whose contact counts (default: anyone's).
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
    /// The first-semester final of the assessed year.
    FirstTerm,
    /// The final of the year's last term (the second-semester final).
    Final,
    /// The final of the previous year's last term.
    PreviousFinal,
    /// `FirstTerm` in the plan's `first_year`, `PreviousFinal` after it (needs `first_year`).
    RankBase,
}

/// Who is assessed and which point rules apply.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Assessment")]
pub struct RawAssessment {
    /// The children assessed (among those enrolled on the assessment day).
    pub covers: Vec<RawCover>,
    /// The point rules; a child's points are the sum of theirs.
    pub rules: Vec<RawPointRule>,
}

/// One point rule.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "PointRule")]
pub struct RawPointRule {
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
    /// What the rule scores.
    pub rule: RawPointBody,
}

/// What a point rule scores.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "PointBody")]
pub enum RawPointBody {
    /// Points for each class-rank place gained between two exams (none for a drop or a missing
    /// rank).
    RankGain {
        /// The earlier exam.
        from: RawExam,
        /// The later exam.
        to: RawExam,
        /// Points per place gained, 0–1,000.
        points_per_place: i64,
    },
    /// Points for being in the top `n` of the class on every listed exam.
    StayTop {
        /// How many top places count (`5`: the top five).
        n: u32,
        /// The exams on each of which the child must be in the top `n`.
        exams: Vec<RawExam>,
        /// Points, 0–1,000.
        points: i64,
    },
    /// Points when `conduct.csv` has no `serious` row for the child dated in the year.
    NoSeriousConduct {
        /// Points, 0–1,000.
        points: i64,
    },
    /// Points when `honors.csv` gives the child a title for the year.
    HonorTitle {
        /// The title as written in `honors.csv` (`三好学生`).
        title: String,
        /// Points, 0–1,000.
        points: i64,
    },
    /// A script function `fn f(student) -> int`.
    Script {
        /// The name of the script function.
        function: String,
    },
}

/// Student prizes.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Prizes")]
pub struct RawPrizes {
    /// Whether a child wins every tier it qualifies for (default `true`), or only its largest
    /// prize.
    #[serde(default = "yes", deserialize_with = "super::raw::bare_or_some")]
    pub stack: bool,
    /// Who may win (default `[All]`).
    #[serde(default = "all", deserialize_with = "super::raw::bare_or_some")]
    pub eligible: Vec<RawCover>,
    /// The prize tiers.
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
    /// When the tier is won.
    pub rule: RawTierBody,
    /// The prize in fen (1 yuan = 100 fen), up to 10,000,000.
    pub amount_fen: i64,
}

/// When a prize tier is won.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "TierBody")]
pub enum RawTierBody {
    /// The child's class rank on an exam is in `from..=to` (tied children share a rank).
    Rank {
        /// The exam ranked.
        exam: RawExam,
        /// The best rank of the tier (1 = first in class).
        from: u32,
        /// The worst rank of the tier, at least `from`.
        to: u32,
    },
    /// The child gained at least `min_places` class-rank places between two exams.
    Progress {
        /// The earlier exam.
        from: RawExam,
        /// The later exam.
        to: RawExam,
        /// Places gained that win the tier.
        min_places: u32,
    },
    /// A script function `fn f(student) -> bool | int`.
    Script {
        /// The name of the script function.
        function: String,
    },
}

/// How helpers are paid.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Helpers")]
pub struct RawHelpers {
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The `pairings.csv` scheme whose mentors are paid.
    pub scheme: String,
    /// Pay per point in fen (100 = 1 yuan), 0–100,000.
    pub fen_per_point: i64,
    /// Who is credited with the points of a child without a mentor (default: the head teacher).
    #[serde(
        default = "head_teacher",
        deserialize_with = "super::raw::bare_or_some"
    )]
    pub unpaired: RawUnpaired,
    /// How a child's points are divided among several mentors (default: equally).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub split: RawSplit,
}

/// How a child's points are divided among its helpers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename = "Split")]
pub enum RawSplit {
    /// Equal shares; leftover fen go one each to the lowest ids.
    #[default]
    Equal,
    /// In proportion to the calendar days each mentor was paired with the child in the year.
    ByDays,
}

fn head_teacher() -> RawUnpaired {
    RawUnpaired::HeadTeacher
}

/// Who is credited with an unpaired child's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "Unpaired")]
pub enum RawUnpaired {
    /// The head teacher of the child's class.
    HeadTeacher,
    /// Nobody: the points go unpaid.
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
