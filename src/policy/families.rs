//! The validated rule families of Plans 2, 3 and 4: child files, enrollment and retention,
//! pairing schemes, individual education plans, class and teacher assessment, activity duties.
//! Built only by [`super::load_dir`] from [`super::raw_families`].

use super::model::{Coverage, ExamRef};

/// The `students.csv` columns a child file may be required to hold.
pub const CHILD_FILE_FIELDS: &[&str] = &[
    "gender",
    "birth_date",
    "id_number",
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
    "father_name",
    "father_phone",
    "father_workplace",
    "mother_name",
    "mother_phone",
    "mother_workplace",
    "home_address",
    "health",
];

/// Child files and contact cards (Plans 2, 3, 4): the fields a complete file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildFiles {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Whose files are counted.
    pub covers: Coverage,
    /// Required fields, canonical column names, in plan order.
    pub fields: Vec<String>,
    /// Whether a single-parent child needs only one parent's `father_*` / `mother_*` fields.
    pub single_parent_one_parent: bool,
    /// Filing-rate target, percent.
    pub target_percent: u32,
}

/// The day whose roster an enrollment rule counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountDay {
    /// The first day of the year's first term.
    YearStart,
    /// The first day of the year with this month and day.
    MonthDay {
        /// Month, 1–12.
        month: u32,
        /// Day of the month.
        day: u32,
    },
}

/// Enrollment and retention rates (Plan 2, §Second.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Enrollment {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Who is counted.
    pub covers: Coverage,
    /// The roster day.
    pub count_on: CountDay,
    /// Enrollment-rate target, percent.
    pub enrollment_target_percent: u32,
    /// Retention-rate target, percent.
    pub retention_target_percent: u32,
}

/// Who may mentor under a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mentors {
    /// Staff holding at least one of these roles (lowercase).
    Staff(Vec<String>),
    /// Staff holding one of these roles, or a student of the mentee's class (Plan 2
    /// §Third(1).3: "each left-behind child is led by a teacher to establish a learning helper",
    /// 学习帮手, often a classmate).
    StaffOrClassmate(Vec<String>),
    /// Students, in the top `top` of their class on the exam in force when the pairing started (when given), and
    /// never a mentee of the same scheme at the same time.
    Student {
        /// Rank limit.
        top: Option<u32>,
    },
}

/// A pairing scheme (Plans 1–5): coverage, capacity, eligibility of mentors.
#[derive(Debug, Clone, PartialEq)]
pub struct PairingScheme {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// The `scheme` value in `pairings.csv`.
    pub scheme: String,
    /// Who may mentor.
    pub mentors: Mentors,
    /// Who must have a mentor.
    pub covers: Coverage,
    /// Mentees a mentor may have at once.
    pub capacity: Option<u32>,
    /// School days a child (or the year) may start without a mentor.
    pub grace_school_days: u32,
}

/// What flags a child as needing an individual education plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// Class rank dropped by `places` or more from `from` to `to`.
    RankDrop {
        /// Earlier exam.
        from: ExamRef,
        /// Later exam.
        to: ExamRef,
        /// Places of drop that trigger.
        places: u32,
    },
    /// A serious conduct record in the year.
    SeriousConduct,
    /// A potential student.
    PotentialStudent,
    /// A script function `fn f(student) -> bool` that says yes (the trigger dates from the
    /// year's first day, so any plan of the year clears it).
    Script {
        /// The function.
        function: String,
    },
}

/// Individual education plans (Plans 2, 4).
#[derive(Debug, Clone, PartialEq)]
pub struct IndividualPlans {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Who may be flagged.
    pub covers: Coverage,
    /// Triggers, in plan order.
    pub triggers: Vec<Trigger>,
}

/// A rate measured per class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// (met + late) / (met + late + missed) of these obligations.
    Compliance(Vec<String>),
    /// Children always covered / children, of this pairing-scheme rule.
    Coverage(String),
    /// The filing rate of the child files rule.
    FilingRate,
    /// The retention rate of the enrollment rule.
    RetentionRate,
    /// Triggers cleared by a plan / triggers.
    IndividualPlans,
    /// Windows held / windows due, of these activity rules.
    Activities(Vec<String>),
}

/// One weighted part of a class's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Component id.
    pub id: String,
    /// Relative weight.
    pub weight: u32,
    /// What it measures.
    pub measure: Measure,
}

/// Which classes (and head teachers) are advanced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advanced {
    /// Ranked `n` or better.
    Top(u32),
    /// Scoring at least this (out of 100).
    AtLeast(u32),
}

/// The yearly assessment of classes and head teachers (Plan 4, §Fourth.6).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassAssessment {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Weighted components.
    pub components: Vec<Component>,
    /// Who is advanced.
    pub advanced: Advanced,
    /// What the results are linked with.
    pub links: Vec<String>,
    /// The same in Chinese, where the plan gives them (empty otherwise).
    pub links_zh: Vec<String>,
}

/// Who an activity duty is owed to.
#[derive(Debug, Clone, PartialEq)]
pub enum Per {
    /// The whole school or community.
    School,
    /// Each class.
    Class,
    /// Each covered child (attendance).
    Child(Coverage),
}

/// The recurring window of an activity duty (windows that hold a school day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityWindow {
    /// Calendar months.
    Monthly,
    /// Calendar quarters.
    Quarterly,
    /// Terms.
    Term,
    /// The whole academic year.
    Year,
    /// One calendar month of the year (1–12).
    Month(u32),
}

/// A duty to hold or attend an activity in every window (Plans 3, 4).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRule {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Kinds that satisfy it (lowercase).
    pub kinds: Vec<String>,
    /// Whether a window needs a row of every one of `kinds` (Plan 4 §(2).5: lectures on legal
    /// system, safety *and* mental health every semester), not a row of any one of them.
    pub every_kind: bool,
    /// Who it is owed to.
    pub per: Per,
    /// The window.
    pub window: ActivityWindow,
}
