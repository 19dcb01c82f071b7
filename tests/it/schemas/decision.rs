//! `careplan evaluate --format json`: the decision (also the `decision` of `watch --format json`).

use super::common::{
    ClassShare, Day, Finding, Ineligible, Shared, SplitSource, Status, StatusCounts, TriggerWhy,
    Why,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The decision of a policy package over a records directory as of a day. Keys come in this
/// order and lists are sorted, so the output is byte-stable. Sections marked optional appear
/// only when the plan has that rule family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Policy id.
    pub policy: String,
    /// Policy name.
    pub policy_name: String,
    /// Policy name in Chinese, when the plan gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub policy_name_zh: Option<String>,
    /// Academic year evaluated, `YYYY-YYYY`.
    pub year: String,
    /// The as-of date.
    pub as_of: Day,
    /// The day whose roster is assessed (last day of the final term, or the as-of date while
    /// provisional).
    pub assessment_day: Day,
    /// Whether the year's final exam does not count yet, so figures may change.
    pub provisional: bool,
    /// The contact windows of every obligation up to the as-of date (as `--obligations`
    /// filters them), sorted by rule, child, window.
    pub obligations: Vec<ObligationRow>,
    /// Window counts per obligation rule id.
    pub obligation_summary: BTreeMap<String, StatusCounts>,
    /// Children enrolled on some day of the year up to the as-of date, sorted by id.
    pub students: Vec<StudentResult>,
    /// Helpers paid, sorted by id.
    pub helpers: Vec<HelperResult>,
    /// Classes, sorted.
    pub classes: Vec<ClassResult>,
    /// Money and points totals.
    pub totals: Totals,
    /// Child files and the filing rate, when the plan has `child_files`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "FilesResult")]
    pub child_files: Option<FilesResult>,
    /// Enrollment and retention rates, when the plan has `enrollment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "EnrollmentResult")]
    pub enrollment: Option<EnrollmentResult>,
    /// Pairing-scheme coverage, capacity and eligibility, in plan order, when the plan has
    /// pairing schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<SchemeResult>")]
    pub pairing_schemes: Option<Vec<SchemeResult>>,
    /// Children flagged for an individual education plan, when the plan has
    /// `individual_plans`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "PlansResult")]
    pub individual_plans: Option<PlansResult>,
    /// The windows of every activity duty up to the as-of date (as `--obligations` filters
    /// them), when the plan has activity duties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ActivityRow>")]
    pub activities: Option<Vec<ActivityRow>>,
    /// Window counts per activity duty (`late` is always 0; the rate is met / (met + missed)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, StatusCounts>")]
    pub activity_summary: Option<BTreeMap<String, StatusCounts>>,
    /// Class and head-teacher scores, when the plan has `class_assessment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ClassAssessmentResult")]
    pub class_assessment: Option<ClassAssessmentResult>,
    /// Dated duties: birthday parties, letters home, festival days, milestones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "CalendarResult")]
    pub calendar: Option<CalendarResult>,
    /// Problems in the records (and where the policy meets them), sorted.
    pub findings: Vec<Finding>,
}

/// One contact window of one obligation for one child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationRow {
    /// Rule id.
    pub rule: String,
    /// The child.
    pub student_id: String,
    /// The child's class.
    pub class: String,
    /// First day of the window.
    pub window_start: Day,
    /// Last day of the window (inclusive).
    pub window_end: Day,
    /// Due day, for weekly rules with a due weekday.
    pub due: Option<Day>,
    /// The status.
    pub status: Status,
    /// Day of the first matching contact, if any.
    pub contact_date: Option<Day>,
    /// `missed`, or `open` with its due day before the as-of date.
    pub overdue: bool,
    /// For a duty of the child's own mentor: the scheme under which the child had no mentor
    /// on any school day of the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub no_mentor: Option<String>,
}

/// One child's ranks, points, prizes and the reasons for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StudentResult {
    /// The child.
    pub student_id: String,
    /// Name as in `students.csv`.
    pub name: String,
    /// Class (with school when there are several).
    pub class: String,
    /// Whether the child is enrolled on the assessment day: only those are assessed or win
    /// prizes.
    pub enrolled_at_assessment: bool,
    /// Class rank on the rank-points base exam.
    pub rank_points_base: Option<u32>,
    /// Class rank on the first-semester final of the year.
    pub rank_first_term: Option<u32>,
    /// Class rank on the second-semester (final) exam of the year.
    pub rank_final: Option<u32>,
    /// Points; `null` when the plan does not assess this child.
    pub points: Option<i64>,
    /// Prizes won.
    pub awards: Vec<AwardResult>,
    /// Sum of the prizes, fen.
    pub awards_fen: i64,
    /// Who is credited with this child's points (helper ids), empty when nobody.
    pub helpers: Vec<String>,
    /// Why: one entry per rule that applied.
    pub trace: Vec<TraceEntry>,
}

/// A prize won.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwardResult {
    /// Prize tier id.
    pub award: String,
    /// Amount, fen.
    pub amount_fen: i64,
}

/// One reason in a child's trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceEntry {
    /// The rule or prize tier id.
    pub rule: String,
    /// Points this reason adds (point rules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub points: Option<i64>,
    /// Fen this reason adds (prizes and pay only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub amount_fen: Option<i64>,
    /// The reason as data.
    pub why: Why,
    /// The reason in plain words, in the `--lang` language.
    pub text: String,
}

/// A helper paid (staff or a student mentor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HelperResult {
    /// Staff (or student mentor) id.
    pub helper_id: String,
    /// Name, when known (else empty).
    pub name: String,
    /// Sum of the helper's shares of points: an integer, or a fraction rounded to two
    /// decimals.
    pub points: Shared,
    /// Pay, fen (exact).
    pub amount_fen: i64,
    /// One entry per child helped under the automatic split.
    pub children: Vec<HelperShare>,
    /// The helper's shares of class totals that a head teacher divided in
    /// `helper_split.csv`, one per class; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ClassShare>")]
    pub class_shares: Option<Vec<ClassShare>>,
}

/// How a helper is credited with a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A mentor under the plan's pairing scheme.
    Pairing,
    /// The head teacher of a child with no mentor.
    HeadTeacher,
}

/// A helper's share of one child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HelperShare {
    /// The child.
    pub student_id: String,
    /// The helper's share of the child's points: an integer, or a fraction rounded to two
    /// decimals.
    pub points: Shared,
    /// The helper's share of the child's money, fen.
    pub amount_fen: i64,
    /// How the helper is credited.
    pub via: Via,
    /// Calendar days paired with the child in the year, when the plan splits by days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "i64")]
    pub days: Option<i64>,
}

/// One class's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassResult {
    /// The class.
    pub class: String,
    /// Head teacher id, when the class has one.
    pub head_teacher: Option<String>,
    /// Children assessed.
    pub assessed: u32,
    /// Sum of the assessed children's points.
    pub points: i64,
    /// Points of children whose points nobody is paid for.
    pub unpaid_points: i64,
    /// Helper pay for this class's children, fen.
    pub helper_awards_fen: i64,
    /// Student prizes in this class, fen.
    pub student_awards_fen: i64,
    /// Where the head teacher's division of the class total was read from, when
    /// `helper_split.csv` divides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "SplitSource")]
    pub head_teacher_split: Option<SplitSource>,
}

/// Money and points totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Student prizes, fen.
    pub student_awards_fen: i64,
    /// Helper pay, fen.
    pub helper_awards_fen: i64,
    /// Both, fen.
    pub total_fen: i64,
    /// Sum of all assessed children's points.
    pub points: i64,
    /// Points nobody is paid for.
    pub unpaid_points: i64,
}

/// Child files and the filing rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilesResult {
    /// Rule id.
    pub rule: String,
    /// The day whose roster is counted.
    pub roster_day: Day,
    /// Children who need a file.
    pub covered: u32,
    /// Of them, with a complete file.
    pub complete: u32,
    /// complete / covered, a fraction rounded to 4 decimals; `null` when nobody is covered.
    pub filing_rate: Option<f64>,
    /// The target, percent.
    pub target_percent: u32,
    /// Whether the rate meets the target.
    pub meets_target: bool,
    /// Per class.
    pub classes: Vec<FilesClass>,
    /// The children whose file is incomplete.
    pub incomplete: Vec<IncompleteFile>,
}

/// One class's child files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilesClass {
    /// The class.
    pub class: String,
    /// Children who need a file.
    pub covered: u32,
    /// Of them, with a complete file.
    pub complete: u32,
    /// complete / covered; `null` when nobody is covered.
    pub filing_rate: Option<f64>,
}

/// A child whose file is incomplete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncompleteFile {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// The columns of `students.csv` the file lacks.
    pub missing: Vec<String>,
}

/// Enrollment and retention rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollmentResult {
    /// Rule id.
    pub rule: String,
    /// The day the roster is counted.
    pub count_day: Day,
    /// Children on the roster on the count day.
    pub roster: u32,
    /// Of them, enrolled.
    pub enrolled: u32,
    /// Children on the catchment's list (`catchment.csv`); `null` without the list.
    pub catchment: Option<u32>,
    /// Of them, enrolled at the school on the count day.
    pub catchment_enrolled: u32,
    /// Rows of `catchment.csv` left out for errors (while any is, the rate cannot be
    /// computed).
    pub catchment_left_out: u32,
    /// catchment_enrolled / catchment; `null` when it cannot be computed.
    pub enrollment_rate: Option<f64>,
    /// Enrollment target, percent.
    pub enrollment_target_percent: u32,
    /// Whether the enrollment rate meets it.
    pub meets_enrollment_target: bool,
    /// Children who dropped out during the year.
    pub dropouts: u32,
    /// Children retained.
    pub retained: u32,
    /// Retention rate, a fraction; `null` when nothing to count.
    pub retention_rate: Option<f64>,
    /// Retention target, percent.
    pub retention_target_percent: u32,
    /// Whether the retention rate meets it.
    pub meets_retention_target: bool,
    /// Per class.
    pub classes: Vec<EnrollmentClass>,
    /// Children who left during the year.
    pub left: Vec<Departure>,
    /// Children who joined during the year.
    pub joined: Vec<Arrival>,
}

/// One class's enrollment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollmentClass {
    /// The class.
    pub class: String,
    /// Children on the roster.
    pub roster: u32,
    /// Of them, enrolled.
    pub enrolled: u32,
    /// Dropouts.
    pub dropouts: u32,
    /// Enrollment rate; `null` when nothing to count.
    pub enrollment_rate: Option<f64>,
    /// Retention rate; `null` when nothing to count.
    pub retention_rate: Option<f64>,
}

/// Why a child left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeftReason {
    /// Moved to another school.
    Transfer,
    /// Dropped out.
    Dropout,
    /// Finished school.
    Graduated,
    /// Anything else.
    Other,
}

/// A child who left during the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Departure {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// The day the child left.
    pub left_on: Day,
    /// Why, when `students.csv` says.
    pub left_reason: Option<LeftReason>,
    /// Whether the rule counts it as a dropout.
    pub counts_as_dropout: bool,
}

/// A child who joined during the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Arrival {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// The day the child enrolled.
    pub enrolled_on: Day,
}

/// One pairing scheme's coverage, capacity and eligibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemeResult {
    /// Rule id.
    pub rule: String,
    /// The scheme.
    pub scheme: String,
    /// Children the scheme covers.
    pub children: u32,
    /// Of them, with a mentor on every school day they needed one.
    pub always_covered: u32,
    /// always_covered / children; `null` when no child.
    pub coverage_rate: Option<f64>,
    /// The mentee limit, when the scheme has one.
    pub capacity: Option<u32>,
    /// Per class.
    pub classes: Vec<SchemeClass>,
    /// Children without a mentor on some school days.
    pub uncovered: Vec<Uncovered>,
    /// Mentors over capacity, by id.
    pub over_capacity: Vec<OverCapacity>,
    /// Pairings that do not count.
    pub ineligible: Vec<IneligiblePairing>,
}

/// One class's coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemeClass {
    /// The class.
    pub class: String,
    /// Children covered by the scheme.
    pub children: u32,
    /// Of them, always covered.
    pub always_covered: u32,
    /// always_covered / children; `null` when no child.
    pub coverage_rate: Option<f64>,
}

/// A run of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayRun {
    /// First school day of the run.
    pub start: Day,
    /// Last school day of the run.
    pub end: Day,
    /// School days in it.
    pub school_days: u32,
}

/// A child without a mentor on some school days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
    /// The runs without a mentor.
    pub ranges: Vec<DayRun>,
}

/// A mentor with more mentees than the scheme allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverCapacity {
    /// The mentor.
    pub mentor_id: String,
    /// Name.
    pub name: String,
    /// The most mentees on one day.
    pub max_mentees: u32,
    /// The runs of school days over capacity.
    pub ranges: Vec<DayRun>,
}

/// A pairing that does not count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IneligiblePairing {
    /// The mentor.
    pub mentor_id: String,
    /// The mentee.
    pub mentee_id: String,
    /// First day of the pairing.
    pub start: Day,
    /// Last day, when it ends.
    pub end: Option<Day>,
    /// Why it does not count.
    pub why: Ineligible,
}

/// Children flagged for an individual education plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlansResult {
    /// Rule id.
    pub rule: String,
    /// Children flagged by some trigger.
    pub flagged: u32,
    /// Of them, still needing a plan.
    pub needing_plan: u32,
    /// Triggers in all.
    pub triggers: u32,
    /// Triggers a plan cleared.
    pub cleared: u32,
    /// cleared / triggers; `null` when no trigger.
    pub cleared_rate: Option<f64>,
    /// The children flagged.
    pub children: Vec<PlanChild>,
}

/// A child flagged for a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanChild {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// Whether a trigger is not cleared yet.
    pub needs_plan: bool,
    /// The triggers.
    pub triggers: Vec<TriggerHit>,
}

/// One trigger of a child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerHit {
    /// What triggered it.
    pub why: TriggerWhy,
    /// The day it triggered.
    pub date: Day,
    /// The day of the plan that clears it; `null` while none does.
    pub plan_date: Option<Day>,
}

/// One window of an activity duty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRow {
    /// Rule id.
    pub rule: String,
    /// The class, for a class's duty; `null` for a school-wide one.
    pub class: Option<String>,
    /// The child, for a child's duty; `null` otherwise.
    pub student_id: Option<String>,
    /// First day of the window.
    pub window_start: Day,
    /// Last day of the window.
    pub window_end: Day,
    /// The status.
    pub status: Status,
    /// Day of the first matching activity, if any.
    pub date: Option<Day>,
    /// Whether the window is missed.
    pub overdue: bool,
    /// For a rule that needs every one of its kinds: the kinds with no row in the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub missing_kinds: Option<Vec<String>>,
}

/// Class and head-teacher scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassAssessmentResult {
    /// Rule id.
    pub rule: String,
    /// Who is advanced: `top N` or `at least S`.
    pub advanced_by: String,
    /// What the results are linked with.
    pub links: Vec<String>,
    /// The same in Chinese, where the plan gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub links_zh: Option<Vec<String>>,
    /// Per class.
    pub classes: Vec<ClassScore>,
    /// Per head teacher.
    pub head_teachers: Vec<TeacherScore>,
}

/// One class's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassScore {
    /// The class.
    pub class: String,
    /// Head teacher id.
    pub head_teacher: Option<String>,
    /// Score out of 100, two decimals; `null` when no component can be computed.
    pub score: Option<f64>,
    /// Rank among the classes.
    pub rank: Option<u32>,
    /// Whether the class is advanced.
    pub advanced: bool,
    /// The weighted components.
    pub components: Vec<ComponentScore>,
}

/// One component of a class score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentScore {
    /// Component id.
    pub id: String,
    /// Weight.
    pub weight: u32,
    /// Numerator of the rate.
    pub numerator: u32,
    /// Denominator of the rate.
    pub denominator: u32,
    /// numerator / denominator; `null` when the denominator is 0.
    pub rate: Option<f64>,
}

/// One head teacher's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeacherScore {
    /// Staff id.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// The teacher's classes.
    pub classes: Vec<String>,
    /// Score out of 100, two decimals.
    pub score: Option<f64>,
    /// Rank among the head teachers.
    pub rank: Option<u32>,
    /// Whether the teacher is advanced.
    pub advanced: bool,
}

/// Dated duties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarResult {
    /// First day of the year's extent.
    pub extent_start: Day,
    /// Last day of the extent (the summer vacation included).
    pub extent_end: Day,
    /// Birthday parties, by rule, class, month (always every one, with guests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<PartyRow>")]
    pub birthday_parties: Option<Vec<PartyRow>>,
    /// Letters home (as `--obligations` filters them), present whenever the plan has letter
    /// windows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<LetterRow>")]
    pub letters: Option<Vec<LetterRow>>,
    /// Festival days (as `--obligations` filters them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<DatedRow>")]
    pub festival_days: Option<Vec<DatedRow>>,
    /// Milestones (as `--obligations` filters them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<DatedRow>")]
    pub milestones: Option<Vec<DatedRow>>,
    /// Window counts per rule id.
    pub summary: BTreeMap<String, StatusCounts>,
}

/// A birthday guest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guest {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// The birthday.
    pub birthday: Day,
}

/// One month's birthday party of a class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyRow {
    /// Rule id.
    pub rule: String,
    /// The class; `null` for a school-wide party.
    pub class: Option<String>,
    /// The party month, `YYYY-MM`.
    pub month: String,
    /// First day of the month.
    pub window_start: Day,
    /// Last day of the month.
    pub window_end: Day,
    /// The children whose birthday falls in the month.
    pub guests: Vec<Guest>,
    /// The status.
    pub status: Status,
    /// Day of the first party recorded in the month.
    pub date: Option<Day>,
    /// Whether the party is missed.
    pub overdue: bool,
}

/// One letter home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterRow {
    /// Rule id.
    pub rule: String,
    /// `spring_festival`, `winter_vacation`, `elder_birthday`, `solar_03_08`, …
    pub occasion: String,
    /// The occasion's day: the festival, the vacation's first day, the elder's birthday.
    pub day: Day,
    /// The child.
    pub student_id: String,
    /// Class.
    pub class: String,
    /// First day of the window.
    pub window_start: Day,
    /// The due day.
    pub window_end: Day,
    /// The status.
    pub status: Status,
    /// Day of the letter, if sent.
    pub date: Option<Day>,
    /// Whether the letter is missed.
    pub overdue: bool,
}

/// One festival day or milestone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedRow {
    /// Rule id.
    pub rule: String,
    /// The class, for a class's duty.
    pub class: Option<String>,
    /// The child, for a child's duty.
    pub student_id: Option<String>,
    /// The festival's day (for a milestone, the window's last day).
    pub day: Day,
    /// First day of the window.
    pub window_start: Day,
    /// Last day of the window.
    pub window_end: Day,
    /// The status.
    pub status: Status,
    /// Day it was done, if it was.
    pub date: Option<Day>,
    /// Whether it is missed.
    pub overdue: bool,
}
