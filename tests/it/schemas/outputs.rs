//! The other JSON outputs: `schedule`, `whatif`, `check`, `check --params`, `explain` and
//! `watch` (each `--format json`).

use super::common::{Day, Diagnostic, Finding, Status, StatusCounts};
use super::decision::{Decision, HelperResult, ObligationRow, StudentResult};
use super::outcome::{Delta, Family, Outcome, Period, Reason, State, Subject, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `careplan schedule --format json`: every due item between two days, per staff member, per
/// child and school-wide. Keys come in this order and lists are sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Policy id.
    pub policy: String,
    /// Policy name.
    pub policy_name: String,
    /// Policy name in Chinese; `null` when the plan gives none.
    pub policy_name_zh: Option<String>,
    /// First due day listed.
    pub from: Day,
    /// Last due day listed.
    pub to: Day,
    /// Statuses are as of this day.
    pub as_of: Day,
    /// The due items, by due day.
    pub items: Vec<DueItem>,
    /// Per staff member: indexes into `items`.
    pub staff: Vec<PersonItems>,
    /// Per child: indexes into `items`.
    pub children: Vec<PersonItems>,
    /// School-wide items nobody is named for: indexes into `items`.
    pub school: Vec<u64>,
    /// Problems in the records, sorted.
    pub findings: Vec<Finding>,
}

/// The family of a due item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemFamily {
    /// A contact window of an obligation.
    Obligation,
    /// An activity duty.
    Activity,
    /// A birthday party.
    BirthdayParty,
    /// A letter home.
    Letter,
    /// A festival education day.
    FestivalDay,
    /// A milestone of the plan.
    Milestone,
}

/// One due item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DueItem {
    /// Stable id (the UID of its iCalendar event).
    pub uid: String,
    /// Its family.
    pub family: ItemFamily,
    /// Rule id.
    pub rule: String,
    /// The seed plan and paragraph.
    pub seed: String,
    /// A letter's or festival's occasion, when named.
    pub occasion: Option<String>,
    /// The due day.
    pub due: Day,
    /// First day of the window.
    pub window_start: Day,
    /// Last day of the window.
    pub window_end: Day,
    /// The class, when the item is a class's or a child's.
    pub class: Option<String>,
    /// The child, when the item is a child's.
    pub student_id: Option<String>,
    /// The child's name.
    pub name: Option<String>,
    /// A birthday party's guests (student ids); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub guests: Option<Vec<String>>,
    /// The staff who owe it.
    pub staff: Vec<String>,
    /// The status as of `as_of`.
    pub status: Status,
    /// The day it was done, if it was.
    pub date: Option<Day>,
}

/// A person's items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonItems {
    /// Staff or student id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The class (a head teacher's, a child's), when known.
    pub class: Option<String>,
    /// Indexes into `items`.
    pub items: Vec<u64>,
}

/// A figure in the base decision and in the alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Change_of_{T}")]
pub struct Change<T> {
    /// In the base decision.
    pub base: T,
    /// In the alternative.
    pub alt: T,
}

/// `careplan whatif --format json`: what changes from the base scheme to the alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Whatif {
    /// The two policy ids.
    pub policy: Change<String>,
    /// The `--set PATH=VALUE` edits made to the alternative.
    pub edits: Vec<String>,
    /// The money and points totals.
    pub totals: TotalsChange,
    /// Every outcome that changed.
    pub outcomes: Vec<OutcomeChange>,
    /// How many findings each decision has.
    pub findings: Change<u64>,
    /// The findings of the alternative that the base has not, in words.
    pub findings_added: Vec<String>,
}

/// The totals of both decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalsChange {
    /// Student prizes, fen.
    pub student_awards_fen: Change<i64>,
    /// Helper pay, fen.
    pub helper_awards_fen: Change<i64>,
    /// Both, fen.
    pub total_fen: Change<i64>,
    /// Points.
    pub points: Change<i64>,
}

/// An outcome that changed (`null` on the side where it does not exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeChange {
    /// Rule id.
    pub rule: String,
    /// Its family.
    pub family: Family,
    /// The seed plan and paragraph.
    pub seed: String,
    /// What of the rule it measures; empty when the rule has one measure.
    pub measure: String,
    /// Whom it is about.
    pub subject: Subject,
    /// The subject's class, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub class: Option<String>,
    /// The span of days.
    pub period: Period,
    /// The state on each side.
    pub status: Change<Option<State>>,
    /// The value on each side.
    pub value: Change<Option<Value>>,
    /// alt − base, when both sides have a value of one unit.
    pub delta: Option<Delta>,
    /// The reason on each side.
    pub reason: Change<Option<Reason>>,
}

/// `careplan check --format json`: how a package (and the records, when given) check out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Errors: policy diagnostics and record findings.
    pub errors: u64,
    /// Warnings: policy diagnostics and record findings.
    pub warnings: u64,
    /// Problems in the package.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems in the records, every one.
    pub findings: Vec<Finding>,
    /// The parameters the seed leaves to the school, with the values the package gives them;
    /// absent when the package marks none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<SchoolChoice>")]
    pub school_choices: Option<Vec<SchoolChoice>>,
    /// Notes among the findings; present with `groups`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub notes: Option<u64>,
    /// The findings grouped by kind; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<FindingGroup>")]
    pub groups: Option<Vec<FindingGroup>>,
}

/// One of the school's choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolChoice {
    /// The parameter's path (`helpers.fen_per_point`).
    pub param: String,
    /// Its value as `check --params` shows it (`100`, `Mon`, `none`).
    pub value: String,
    /// Why it is the school's choice (the plan's own words).
    pub why: String,
    /// The same in Chinese, where the plan gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub why_zh: Option<String>,
}

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Missing or unreadable files.
    Files,
    /// Columns and header rows.
    Columns,
    /// Rows of the wrong shape.
    RowShape,
    /// Duplicate ids.
    DuplicateIds,
    /// Unknown ids in logs.
    UnknownIds,
    /// Bad dates.
    Dates,
    /// Dates outside the school year.
    OutsideSchoolYear,
    /// Contacts on non-school days (allowed).
    NonSchoolDays,
    /// ID card numbers.
    IdNumbers,
    /// Children of the same name in one class.
    SameName,
    /// Empty values.
    EmptyValues,
    /// Other values.
    Values,
    /// Where the policy meets the records.
    Policy,
}

/// The findings of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingGroup {
    /// The kind.
    pub kind: FindingKind,
    /// The kind in English words.
    pub label: String,
    /// How many findings.
    pub count: u64,
}

/// `careplan check --params --format json`: every parameter `--set PATH=VALUE` can change.
pub type Params = Vec<Param>;

/// One settable parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The path `--set` takes (`helpers.fen_per_point`).
    pub path: String,
    /// Its value in the package; empty when it has none (a path that adds a part).
    pub value: String,
}

/// `careplan explain --format json`: the subject's part of the decision and the explanation,
/// one shape per subject (`--student`, `--helper`, `--rule`, `--class`, `--staff`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Explain {
    /// `--student ID`.
    Student(ExplainStudent),
    /// `--helper ID`.
    Helper(ExplainHelper),
    /// `--rule ID`.
    Rule(ExplainRule),
    /// `--class CLASS`.
    Class(ExplainClass),
    /// `--staff ID`.
    Staff(ExplainStaff),
}

/// `explain --student ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainStudent {
    /// The child as in the decision's `students`; `null` when not there.
    pub student: Option<StudentResult>,
    /// The child's obligation windows (every one).
    pub obligations: Vec<ObligationRow>,
    /// The explanation in plain words, in the `--lang` language.
    pub explanation: String,
    /// The child's outcomes.
    pub outcomes: Vec<Outcome>,
}

/// `explain --helper ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainHelper {
    /// The helper as in the decision's `helpers`; `null` when not paid.
    pub helper: Option<HelperResult>,
    /// The explanation in plain words.
    pub explanation: String,
    /// The helper's outcomes.
    pub outcomes: Vec<Outcome>,
}

/// `explain --rule ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainRule {
    /// The rule id.
    pub rule: String,
    /// Its window counts, for an obligation; `null` for any other rule.
    pub summary: Option<StatusCounts>,
    /// The explanation in plain words.
    pub explanation: String,
    /// The rule's outcomes.
    pub outcomes: Vec<Outcome>,
}

/// `explain --class CLASS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainClass {
    /// The class.
    pub class: String,
    /// The explanation in plain words.
    pub explanation: String,
    /// The class's outcomes.
    pub outcomes: Vec<Outcome>,
}

/// `explain --staff ID`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainStaff {
    /// The staff id.
    pub staff: String,
    /// The explanation in plain words.
    pub explanation: String,
    /// The staff member's outcomes.
    pub outcomes: Vec<Outcome>,
}

/// `careplan watch --format json`: one line per reload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum WatchLine {
    /// The package and records loaded (`ok` is true).
    Loaded(Box<WatchLoaded>),
    /// They did not (`ok` is false); the last good decision, if any, is still served.
    Failed(WatchFailed),
}

/// A reload that loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WatchLoaded {
    /// The reload's number (0 for the first load).
    pub reload: u64,
    /// Always true.
    #[schemars(extend("const" = true))]
    pub ok: bool,
    /// The files whose saves caused it.
    pub files: Vec<String>,
    /// The decision, as `evaluate --format json` writes it.
    pub decision: Decision,
    /// What changed from the decision before, as `whatif --format json` writes it; `null`
    /// for the first load.
    pub changed: Option<Whatif>,
}

/// A reload that failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WatchFailed {
    /// The reload's number.
    pub reload: u64,
    /// Always false.
    #[schemars(extend("const" = false))]
    pub ok: bool,
    /// The files whose saves caused it.
    pub files: Vec<String>,
    /// The number of the reload still served; `null` when none loaded yet.
    pub serving: Option<u64>,
    /// The package's problems (empty when it is valid).
    pub diagnostics: Vec<Diagnostic>,
    /// The records' problems, when they stopped the reload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Finding>")]
    pub problems: Option<Vec<Finding>>,
    /// The evaluation's error, when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub error: Option<String>,
}
