//! Evaluation: a [`Policy`] over [`Records`] as of a date gives a [`Decision`].
//!
//! Semantics are the guide's "Default semantics" (`docs/src/reference/semantics.md`): school days, windows and statuses for
//! contact obligations ([`obligations`]), competition ranking within the class a student sat
//! the exam in, points, prizes and helper pay ([`assess`]). Nothing here prints or exits.

pub mod activities;
mod assess;
pub mod calendar_rules;
pub mod class_assessment;
pub mod enrollment;
mod families;
pub mod files;
pub mod head_split;
pub mod iep;
mod obligations;
pub mod outcome;
pub mod pairings;
mod rates;
mod ratio;
mod scripted;
mod split;
mod why;

pub use head_split::{ClassShare, SplitSource};
pub use outcome::{Outcome, outcomes};
pub use ratio::Ratio;
pub use why::{DaysShare, RankOn, Why, exam_name};

use crate::policy::{ExamRef, Policy};
use crate::records::FastMap;
use crate::records::{ClassKey, DateSpan, Finding, Records, Term, previous_year};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What to evaluate: the as-of date and, optionally, an academic year other than the one of
/// the latest term that started on or before the as-of date.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Records dated after this day are ignored; windows after it are not listed.
    pub as_of: NaiveDate,
    /// Academic year (`2025-2026`); `None` = the year of the latest term started by `as_of`.
    pub year: Option<String>,
}

/// Which obligation windows a decision lists; the counts per rule (and per class, for the
/// class assessment) always cover every window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rows {
    /// Every window.
    #[default]
    All,
    /// `missed` windows and `open` windows whose due day is before the as-of date.
    Overdue,
    /// None: a summary, without materialising a row per child and window.
    None,
}

impl Rows {
    /// Whether a window is listed.
    pub fn keeps(self, overdue: bool) -> bool {
        match self {
            Rows::All => true,
            Rows::Overdue => overdue,
            Rows::None => false,
        }
    }
}

/// The most worker threads an evaluation is asked for from the command line (each evaluates
/// chunks of 512 children; a script package gives each a deep stack).
pub const MAX_THREADS: usize = 256;

/// How an evaluation runs: which rows it lists and on how many threads. The decision does not
/// depend on the number of threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// Obligation windows listed.
    pub rows: Rows,
    /// Worker threads; 0 = one per core (or `RAYON_NUM_THREADS`).
    pub threads: usize,
}

/// Evaluation could not run at all (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// No term in `calendar.csv` started on or before the as-of date.
    NoYear {
        /// The as-of date.
        as_of: NaiveDate,
        /// First day of the earliest term, if the calendar has one.
        first_term: Option<NaiveDate>,
    },
    /// The requested academic year has no term in `calendar.csv`.
    UnknownYear {
        /// The requested year.
        year: String,
    },
    /// The requested academic year starts after the as-of date.
    YearNotStarted {
        /// The requested year.
        year: String,
        /// Its first day.
        start: NaiveDate,
    },
    /// The thread that runs a package's scripts could not start or crashed.
    ScriptThread,
    /// The worker threads could not be started (`threads`: how many were asked for, 0 = one
    /// per core; `reason`: what the system said).
    Threads {
        /// Threads asked for.
        threads: usize,
        /// Why they could not start.
        reason: String,
    },
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::NoYear {
                as_of,
                first_term: Some(first),
            } => write!(
                f,
                "no term in calendar.csv starts on or before {as_of}; the first term starts on {first} (use --as-of)"
            ),
            EvalError::NoYear {
                first_term: None, ..
            } => write!(f, "calendar.csv has no usable term: nothing to evaluate"),
            EvalError::UnknownYear { year } => {
                write!(f, "calendar.csv has no term of academic year `{year}`")
            }
            EvalError::ScriptThread => {
                f.write_str("the thread running the package's scripts could not start or crashed")
            }
            EvalError::Threads { threads, reason } => {
                let n = if *threads == 0 {
                    "one per core".to_owned()
                } else {
                    threads.to_string()
                };
                write!(
                    f,
                    "could not start the worker threads ({n}): {reason}; try fewer (--threads 1)"
                )
            }
            EvalError::YearNotStarted { year, start } => write!(
                f,
                "academic year `{year}` starts on {start}, after the as-of date (use --as-of)"
            ),
        }
    }
}

impl std::error::Error for EvalError {}

/// Status of one student's obligation window (docs/src/reference/semantics.md, "Status"), in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A matching contact on or before the due day (or anywhere in the window without one).
    Met,
    /// A matching contact only after the due day, same window.
    Late,
    /// No contact, and the student was not enrolled on every school day of the window.
    Partial,
    /// No contact yet; the window contains the as-of date.
    Open,
    /// No contact; the window closed before the as-of date.
    Missed,
}

impl Status {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Late => "late",
            Status::Partial => "partial",
            Status::Open => "open",
            Status::Missed => "missed",
        }
    }
}

/// One student's window of one obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObligationRow {
    /// Rule id.
    pub rule: String,
    /// The child.
    pub student_id: String,
    /// The child's class.
    pub class: String,
    /// First day of the window.
    pub window_start: NaiveDate,
    /// Last day of the window (inclusive).
    pub window_end: NaiveDate,
    /// Due day, for weekly rules with a due weekday.
    pub due: Option<NaiveDate>,
    /// The status.
    pub status: Status,
    /// Day of the first matching contact, if any.
    pub contact_date: Option<NaiveDate>,
    /// Whether the row is overdue: `missed`, or `open` with its due day before the as-of date.
    pub overdue: bool,
    /// For a duty made by the child's own mentor that unpaired children owe: the scheme of
    /// which the child had no mentor on any school day of the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_mentor: Option<String>,
}

/// Counts per status of one rule, and its compliance rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StatusCounts {
    /// Windows met.
    pub met: u32,
    /// Windows met late.
    pub late: u32,
    /// Windows with partial enrollment and no contact.
    pub partial: u32,
    /// Windows still open.
    pub open: u32,
    /// Windows missed.
    pub missed: u32,
    /// (met + late) / (met + late + missed), rounded to 4 decimals; `null` when nothing is due.
    pub compliance_rate: Option<f64>,
    /// Over how many children the rate is taken: those with at least one window of the rule
    /// (0, and not written, for a rule owed by the school or a class).
    #[serde(skip_serializing_if = "is_zero")]
    pub children: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One reason in a trace: why a figure is what it is, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The rule or tier id.
    pub rule: String,
    /// Points this reason adds (point rules only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// Fen this reason adds (prizes and pay only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_fen: Option<i64>,
    /// The structured reason; [`Why::text`] puts it in plain words.
    pub why: Why,
}

/// A prize won.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardResult {
    /// Prize tier id.
    pub award: String,
    /// Amount in fen.
    pub amount_fen: i64,
}

/// A student's figures for the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentResult {
    /// The child.
    pub student_id: String,
    /// Name as in `students.csv` (not a protected field).
    pub name: String,
    /// Class (with school when there are several).
    pub class: String,
    /// Whether the child is enrolled on the assessment day (last day of the final term, or
    /// the as-of date while provisional): only those are assessed or win prizes.
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
    /// Sum of the prizes in fen.
    pub awards_fen: i64,
    /// Who is credited with this child's points (helper ids), empty when nobody.
    pub helpers: Vec<String>,
    /// Why: one reason per rule that applied.
    pub trace: Vec<Reason>,
}

/// A child's points credited to one helper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelperShare {
    /// The child.
    pub student_id: String,
    /// The helper's share of the child's points.
    pub points: Ratio,
    /// The helper's share of the child's money, in fen.
    pub amount_fen: i64,
    /// `pairing` (a mentor under the plan's scheme) or `head_teacher` (an unpaired child).
    pub via: &'static str,
    /// Calendar days paired with the child in the year, when the plan splits by days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

/// A helper's pay (Plan 5, §6).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelperResult {
    /// Staff (or student mentor) id.
    pub helper_id: String,
    /// Name, when known.
    pub name: String,
    /// Sum of the helper's shares of points (may be fractional).
    pub points: Ratio,
    /// Pay in fen.
    pub amount_fen: i64,
    /// One entry per child helped under the automatic split.
    pub children: Vec<HelperShare>,
    /// The helper's shares of class totals that a head teacher divided in `helper_split.csv`
    /// (Plan 5 §6, "the school head teacher divides them"), one per class; those classes'
    /// children are not in `children`. Absent from the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub class_shares: Vec<ClassShare>,
}

/// One class's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassResult {
    /// The class.
    pub class: String,
    /// Head teacher id, when the class has one.
    pub head_teacher: Option<String>,
    /// Children assessed.
    pub assessed: u32,
    /// Sum of the assessed children's points: the class's hand-in-hand total.
    pub points: i64,
    /// Points of children whose points nobody is paid for.
    pub unpaid_points: i64,
    /// Helper pay for this class's children, in fen.
    pub helper_awards_fen: i64,
    /// Student prizes in this class, in fen.
    pub student_awards_fen: i64,
    /// Where the head teacher's division of the class's total was read from, when
    /// `helper_split.csv` divides it (Plan 5 §6); absent (and absent from the JSON) under the
    /// automatic split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_teacher_split: Option<SplitSource>,
}

/// Money totals of the decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

/// The outcome of evaluating a policy over records as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// Policy id.
    pub policy: String,
    /// Policy name.
    pub policy_name: String,
    /// Policy name in Chinese, when the plan gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name_zh: Option<String>,
    /// Academic year evaluated.
    pub year: String,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The day whose roster is assessed.
    pub assessment_day: NaiveDate,
    /// Whether the year's final exam does not count yet, so figures may change.
    pub provisional: bool,
    /// Every window of every obligation up to the as-of date, sorted by rule, student, window.
    pub obligations: Vec<ObligationRow>,
    /// Counts per rule.
    pub obligation_summary: BTreeMap<String, StatusCounts>,
    /// Students enrolled on some day of the year up to the as-of date, sorted by id.
    pub students: Vec<StudentResult>,
    /// Helpers paid, sorted by id.
    pub helpers: Vec<HelperResult>,
    /// Classes, sorted.
    pub classes: Vec<ClassResult>,
    /// Money and points totals.
    pub totals: Totals,
    /// Child files and the filing rate (Plans 2, 3, 4), when the plan has `child_files`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_files: Option<files::FilesResult>,
    /// Enrollment and retention rates (Plan 2), when the plan has `enrollment`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollment: Option<enrollment::EnrollmentResult>,
    /// Pairing-scheme coverage, capacity and eligibility, in plan order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairing_schemes: Vec<pairings::SchemeResult>,
    /// Children flagged for an individual education plan (Plans 2, 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub individual_plans: Option<iep::PlansResult>,
    /// Every window of every activity duty up to the as-of date (Plans 3, 4).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<activities::ActivityRow>,
    /// Counts per activity duty (`late` is always 0; the rate is met / (met + missed)).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub activity_summary: BTreeMap<String, StatusCounts>,
    /// Class and head-teacher scores (Plan 4 §6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_assessment: Option<class_assessment::ClassAssessmentResult>,
    /// Dated duties: birthday parties, letters home, festival days, milestones (Plans 3–5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<calendar_rules::CalendarResult>,
    /// Problems in the records (and where the policy meets them), sorted.
    pub findings: Vec<Finding>,
    /// Every rule of the policy with its family and seed citation ([`outcome::rules`]); not
    /// part of the JSON report.
    #[serde(skip)]
    pub rules: Vec<outcome::RuleInfo>,
    /// The rules' display names (`name`, `name_zh` of `plan.ron`); not part of the JSON report.
    #[serde(skip)]
    pub rule_names: crate::policy::RuleNames,
}

impl Decision {
    /// The plan's name in `lang`: the Chinese name under `Zh` when the plan gives one.
    pub fn name_in(&self, lang: crate::lang::Lang) -> &str {
        lang.given(&self.policy_name, self.policy_name_zh.as_deref())
    }
}

/// Everything the rule families share while evaluating.
pub(crate) struct Ctx<'a> {
    pub policy: &'a Policy,
    pub records: &'a Records,
    pub as_of: NaiveDate,
    pub year: String,
    pub terms: Vec<&'a Term>,
    /// First day of the first term to last day of the last term.
    pub year_span: DateSpan,
    pub assessment_day: NaiveDate,
    pub findings: Vec<Finding>,
    /// Class rank and class size per term, then student.
    pub ranks: std::sync::Arc<Ranks>,
    /// The package's scripts, when it has any.
    pub scripts: Option<scripted::ScriptCtx<'a>>,
    /// The script rules that fail for every child (they hit a limit in a first pass).
    pub stopped: &'a scripted::Stopped,
    /// Which obligation windows to list.
    pub rows: Rows,
    /// The script rules' budgets of this evaluation, shared by every thread.
    pub budgets: std::sync::Arc<crate::script::budget::Budgets>,
}

/// Class rank and class size per term, then student.
pub(crate) type Ranks = FastMap<String, FastMap<String, (u32, u32)>>;

/// What a worker thread needs to make its own [`Ctx`], with its own script engine: the
/// policy, records and ranks are shared read-only.
pub(crate) struct Seed<'a> {
    policy: &'a Policy,
    records: &'a Records,
    as_of: NaiveDate,
    year: String,
    terms: Vec<&'a Term>,
    year_span: DateSpan,
    assessment_day: NaiveDate,
    ranks: std::sync::Arc<Ranks>,
    stopped: &'a scripted::Stopped,
    rows: Rows,
    /// The script rules' budgets of this evaluation, shared by every thread.
    budgets: std::sync::Arc<crate::script::budget::Budgets>,
}

impl<'a> Seed<'a> {
    /// A context of its own (its findings empty, its own script runner).
    pub fn ctx(&self) -> Ctx<'a> {
        Ctx {
            policy: self.policy,
            records: self.records,
            as_of: self.as_of,
            year: self.year.clone(),
            terms: self.terms.clone(),
            year_span: self.year_span,
            assessment_day: self.assessment_day,
            findings: Vec::new(),
            ranks: std::sync::Arc::clone(&self.ranks),
            scripts: self.policy.scripts.as_deref().map(|s| {
                scripted::ScriptCtx::new(
                    crate::script::Runner::new(s),
                    self.stopped,
                    std::sync::Arc::clone(&self.budgets),
                )
            }),
            stopped: self.stopped,
            rows: self.rows,
            budgets: std::sync::Arc::clone(&self.budgets),
        }
    }
}

/// A resolved exam: its term label and whether its results count by the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exam {
    pub label: String,
    pub counted: bool,
}

impl<'a> Ctx<'a> {
    /// What a worker thread needs to make a context of its own.
    pub(crate) fn seed(&self) -> Seed<'a> {
        Seed {
            policy: self.policy,
            records: self.records,
            as_of: self.as_of,
            year: self.year.clone(),
            terms: self.terms.clone(),
            year_span: self.year_span,
            assessment_day: self.assessment_day,
            ranks: std::sync::Arc::clone(&self.ranks),
            stopped: self.stopped,
            rows: self.rows,
            budgets: std::sync::Arc::clone(&self.budgets),
        }
    }

    /// Takes in what a worker's context found: its findings and script failures.
    pub(crate) fn absorb(&mut self, worker: Ctx<'_>) {
        self.findings.extend(worker.findings);
        if let (Some(mine), Some(theirs)) = (&self.scripts, worker.scripts) {
            mine.absorb(theirs);
        }
    }

    /// Whether the evaluated year is the scheme's first (or before it).
    pub(crate) fn is_first_year(&self) -> bool {
        let start = |y: &str| y.get(..4).and_then(|s| s.parse::<i32>().ok());
        match &self.policy.first_year {
            None => true,
            Some(first) => start(&self.year) <= start(first),
        }
    }

    /// The term an exam reference names, for the evaluated year.
    pub fn exam(&self, r: ExamRef) -> Option<Exam> {
        let of_term = |t: &Term| Exam {
            label: t.label.clone(),
            counted: t.span.end <= self.as_of,
        };
        match r {
            ExamRef::FirstTerm => self.terms.first().map(|t| of_term(t)),
            // A year of one term has no second-semester final (yet).
            ExamRef::Final if self.terms.len() < 2 => None,
            ExamRef::Final => self.terms.last().map(|t| of_term(t)),
            ExamRef::RankBase if self.is_first_year() => self.exam(ExamRef::FirstTerm),
            ExamRef::RankBase | ExamRef::PreviousFinal => {
                let prev = previous_year(&self.year)?;
                let terms = self.records.calendar.year_terms(&prev);
                if let Some(t) = terms.last() {
                    return Some(of_term(t));
                }
                // The calendar may hold only the current year: take the last term of the
                // previous year that exams.csv knows (it ended before this year began).
                let prefix = format!("{prev}-");
                self.records
                    .exams
                    .iter()
                    .filter(|e| e.term.starts_with(&prefix))
                    .map(|e| e.term.clone())
                    .max()
                    .map(|label| Exam {
                        label,
                        counted: true,
                    })
            }
        }
    }
}

/// Evaluates `policy` over `records` as of `opts.as_of`.
///
/// The decision lists every finding of the records plus those found while evaluating (a class
/// with several head teachers, points that nobody is paid for, a file the policy needs but the
/// records lack).
///
/// # Errors
/// [`EvalError`] when there is no academic year to evaluate.
pub fn evaluate(
    policy: &Policy,
    records: &Records,
    opts: &EvalOptions,
) -> Result<Decision, EvalError> {
    evaluate_with(policy, records, opts, &Settings::default())
}

/// [`evaluate`], listing the obligation windows `settings.rows` asks for, with the children
/// evaluated in parallel on `settings.threads` threads (each with its own script engine; the
/// policy and records are shared). The decision is the same on any number of threads.
///
/// # Errors
/// As [`evaluate`].
pub fn evaluate_with(
    policy: &Policy,
    records: &Records,
    opts: &EvalOptions,
    settings: &Settings,
) -> Result<Decision, EvalError> {
    let mut pool = rayon::ThreadPoolBuilder::new().num_threads(settings.threads);
    if policy.scripts.is_some() {
        // Deep enough for the deepest call depth a plan may allow (see below).
        pool = pool.stack_size(crate::script::STACK_BYTES);
    }
    let pool = pool.build().map_err(|e| EvalError::Threads {
        threads: settings.threads,
        reason: e.to_string(),
    })?;
    pool.install(|| evaluate_in_pool(policy, records, opts, settings.rows))
}

fn evaluate_in_pool(
    policy: &Policy,
    records: &Records,
    opts: &EvalOptions,
    rows: Rows,
) -> Result<Decision, EvalError> {
    let none = scripted::Stopped::new();
    if policy.scripts.is_none() {
        return evaluate_here(policy, records, opts, &none, rows).map(|(d, _)| d);
    }
    // Scripts run on a thread with a stack deep enough for the deepest call depth a plan may
    // allow, so runaway recursion is a script error, never a crash of the process.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(crate::script::STACK_BYTES)
            .spawn_scoped(s, || {
                let (decision, stopped) = evaluate_here(policy, records, opts, &none, rows)?;
                if stopped.is_empty() {
                    return Ok(decision);
                }
                // A rule that hit a limit was stopped at the child where it did, and which
                // children it had been computed for before depends on row order: run again
                // with it left out for every child.
                evaluate_here(policy, records, opts, &stopped, rows).map(|(d, _)| d)
            })
            .ok()
            .and_then(|h| h.join().ok())
            .unwrap_or(Err(EvalError::ScriptThread))
    })
}

/// One evaluation; the rules in `stopped` fail for every child without running. Returns the
/// decision and the script rules that hit a limit.
fn evaluate_here(
    policy: &Policy,
    records: &Records,
    opts: &EvalOptions,
    stopped: &scripted::Stopped,
    rows: Rows,
) -> Result<(Decision, scripted::Stopped), EvalError> {
    let calendar = &records.calendar;
    let as_of = opts.as_of;
    let year = match &opts.year {
        Some(y) => y.clone(),
        None => calendar
            .year_of(as_of)
            .ok_or(EvalError::NoYear {
                as_of,
                first_term: calendar.terms.first().map(|t| t.span.start),
            })?
            .to_owned(),
    };
    let terms = calendar.year_terms(&year);
    let year_span = calendar
        .year_span(&year)
        .ok_or_else(|| EvalError::UnknownYear { year: year.clone() })?;
    if year_span.start > as_of {
        return Err(EvalError::YearNotStarted {
            year,
            start: year_span.start,
        });
    }
    let budgets = std::sync::Arc::new(crate::script::budget::Budgets::default());
    let mut ctx = Ctx {
        policy,
        records,
        as_of,
        year,
        terms,
        year_span,
        assessment_day: year_span.end.min(as_of),
        findings: Vec::new(),
        ranks: std::sync::Arc::new(assess::class_ranks(&records.exams)),
        scripts: policy.scripts.as_deref().map(|s| {
            scripted::ScriptCtx::new(
                crate::script::Runner::new(s),
                stopped,
                std::sync::Arc::clone(&budgets),
            )
        }),
        stopped,
        rows,
        budgets,
    };
    missing_files(&mut ctx);
    unknown_exams(&mut ctx);
    if let (Some(first), false) = (&policy.first_year, ctx.year.is_empty())
        && ctx.year.get(..4) < first.get(..4)
    {
        ctx.findings.push(Finding::warning(
                "",
                None,
                None,
                format!(
                    "academic year `{}` is before the scheme's first year `{first}`; evaluated as a first year",
                    ctx.year
                ),
            ));
    }
    let obligations = obligations::evaluate(&mut ctx);
    let assessed = assess::evaluate(&mut ctx);
    let fam = families::evaluate(&mut ctx, &obligations.classes);
    let rank_drops = policy
        .individual_plans
        .iter()
        .flat_map(|p| &p.triggers)
        .any(|t| matches!(t, crate::policy::Trigger::RankDrop { .. }));
    let uses_exams = policy.assessment.is_some() || policy.prizes.is_some() || rank_drops;
    let provisional = uses_exams && ctx.exam(ExamRef::Final).is_none_or(|e| !e.counted);
    let mut findings = records.findings.clone();
    let mut now_stopped = scripted::Stopped::new();
    if let Some(sc) = &ctx.scripts {
        findings.extend(sc.findings());
        now_stopped = sc.stopped();
        now_stopped.retain(|rule, _| !stopped.contains_key(rule));
    }
    findings.extend(ctx.findings);
    findings.sort();
    findings.dedup();
    let decision = Decision {
        policy: policy.id.clone(),
        policy_name: policy.name.clone(),
        policy_name_zh: policy.name_zh.clone(),
        rule_names: policy.rule_names.clone(),
        year: ctx.year,
        as_of,
        assessment_day: ctx.assessment_day,
        provisional,
        obligations: obligations.rows,
        obligation_summary: obligations.summary,
        students: assessed.students,
        helpers: assessed.helpers,
        classes: assessed.classes,
        totals: assessed.totals,
        child_files: fam.child_files,
        enrollment: fam.enrollment,
        pairing_schemes: fam.pairing_schemes,
        individual_plans: fam.individual_plans,
        activities: fam.activities,
        activity_summary: fam.activity_summary,
        class_assessment: fam.class_assessment,
        calendar: fam.calendar,
        findings,
        rules: outcome::rules(policy),
    };
    Ok((decision, now_stopped))
}

/// Every exam a rule of the policy names, with the rule id.
fn exams_used(policy: &Policy) -> Vec<(ExamRef, &str)> {
    use crate::policy::{PointBody, TierBody};
    let mut out = Vec::new();
    for r in policy.assessment.iter().flat_map(|a| &a.rules) {
        match &r.body {
            PointBody::RankGain { from, to, .. } => {
                out.push((*from, r.id.as_str()));
                out.push((*to, r.id.as_str()));
            }
            PointBody::StayTop { exams, .. } => {
                out.extend(exams.iter().map(|e| (*e, r.id.as_str())));
            }
            _ => {}
        }
    }
    for t in policy.prizes.iter().flat_map(|p| &p.tiers) {
        match t.body {
            TierBody::Rank { exam, .. } => out.push((exam, t.id.as_str())),
            TierBody::Progress { from, to, .. } => {
                out.push((from, t.id.as_str()));
                out.push((to, t.id.as_str()));
            }
            TierBody::Script { .. } => {}
        }
    }
    out
}

/// Warns when a rule names an exam the calendar and exams do not know for this year (the
/// previous year's final in a first year, the second-semester final of a one-term year).
fn unknown_exams(ctx: &mut Ctx) {
    let mut warned = std::collections::BTreeSet::new();
    for (exam, rule) in exams_used(ctx.policy) {
        if ctx.exam(exam).is_none() && warned.insert(exam) {
            let what = match exam {
                ExamRef::Final => format!(
                    "academic year `{}` has {} term(s) in calendar.csv, so it has no second-semester final",
                    ctx.year,
                    ctx.terms.len()
                ),
                ExamRef::FirstTerm => {
                    format!("academic year `{}` has no term in calendar.csv", ctx.year)
                }
                _ => format!(
                    "no term of the year before `{}` is in calendar.csv or exams.csv, so there is no previous year's final",
                    ctx.year
                ),
            };
            ctx.findings.push(Finding::warning(
                "calendar.csv",
                None,
                None,
                format!("{what}: rule `{rule}` scores nothing from it"),
            ));
        }
    }
}

/// Warns when a rule needs a file the records directory does not have.
fn missing_files(ctx: &mut Ctx) {
    let p = ctx.policy;
    let mut needs: Vec<(&str, &str)> = Vec::new();
    if let Some(o) = p.obligations.first() {
        needs.push(("contacts.csv", &o.id));
    }
    for r in p.assessment.iter().flat_map(|a| &a.rules) {
        use crate::policy::PointBody as B;
        let file = match r.body {
            B::RankGain { .. } | B::StayTop { .. } => "exams.csv",
            B::NoSeriousConduct { .. } => "conduct.csv",
            B::HonorTitle { .. } => "honors.csv",
            B::Script { .. } => continue,
        };
        needs.push((file, &r.id));
    }
    if let Some(t) = p.prizes.iter().flat_map(|p| &p.tiers).next() {
        needs.push(("exams.csv", &t.id));
    }
    if p.helpers.is_some() {
        needs.push(("pairings.csv", "helpers"));
        needs.push(("staff.csv", "helpers"));
    }
    needs.extend(families::needs(p));
    let mut warned = std::collections::BTreeSet::new();
    for (file, rule) in needs {
        if !ctx.records.present.contains(file) && warned.insert(file) {
            ctx.findings.push(Finding::warning(
                file,
                None,
                None,
                crate::records::Msg::new(
                    format!("`{file}` is absent, so rule `{rule}` sees no records of it"),
                    format!("缺少 `{file}`，规则 `{rule}` 看不到这类记录"),
                ),
            ));
        }
    }
}

/// Class display name: `7-2`, or `school/7-2` when the records hold several schools.
pub(crate) fn class_name(c: &ClassKey) -> String {
    c.to_string()
}
