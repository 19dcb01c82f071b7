//! The record model: what a school's spreadsheets hold, after loading and validation.
//!
//! A records directory holds the canonical CSV files described in the guide
//! (`docs/src/administrators/records.md`, "The canonical record files":
//! `calendar.csv`, `students.csv`, `staff.csv`, `contacts.csv`, `exams.csv`, `conduct.csv`,
//! `honors.csv`, `pairings.csv`, `activities.csv`, `plans.csv`). [`load_dir`] reads them into [`Records`],
//! collecting every problem as a [`Finding`] instead of stopping at the first one.

mod calendar;
mod child_columns;
mod contacts;
mod csv_file;
mod decode;
mod file_fields;
mod files;
mod finding;
mod idcard;
mod load;
mod quality;
mod schema;
mod stream;
pub mod templates;
mod value;
pub use value::{FIRST_YEAR, LAST_YEAR, is_date_shaped};
mod xlsx;

pub use calendar::{Calendar, DateSpan, Term, previous_year};
pub use child_columns::CHILD_FILE_FIELDS;
pub(crate) use child_columns::{child_column, chinese_column};

/// A column of a child's file in words: its Chinese header (`监护人电话`) under
/// [`crate::lang::Lang::Zh`], the canonical name (`guardian_phone`) in English and for a
/// column that is no child-file column.
pub fn column_word(name: &str, lang: crate::lang::Lang) -> &str {
    match (lang, child_column(name)) {
        (crate::lang::Lang::Zh, Some(c)) => c.chinese,
        _ => name,
    }
}
pub(crate) use contacts::FastMap;
pub use contacts::{Contact, ContactRow, Contacts, Word};
pub use decode::Encoding;
pub use file_fields::FileFields;
pub use finding::{Finding, FindingKind, Msg, Severity};
pub use load::{
    LoadError, LoadOptions, Partition, Progress, SchoolPart, load_dir, load_dir_progress,
    load_dir_with, partition,
};
pub use quality::quality_notes;
pub use schema::SCHEMA_FILE;

/// The roles a `staff.csv` row may hold (column `roles`), and a policy's `made_by` rule name
/// (`docs/src/administrators/records.md`, "The canonical record files").
pub const KNOWN_ROLES: &[&str] = &[
    "head_teacher",
    "teacher",
    "caring_mother",
    "volunteer",
    "party_member",
    "retired_veteran",
    "police",
    "legal_adviser",
];

/// Where a canonical record file was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordSource {
    /// The CSV file, or the workbook.
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// Canonical column → header as written, for the columns present.
    pub headers: BTreeMap<String, String>,
}

use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A class is identified by its school (empty when the records hold one school) and its name
/// (`7-2`, `七(2)班`), as written in the files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClassKey {
    /// The `school` column, or the empty string.
    pub school: String,
    /// The `class` column.
    pub class: String,
}

impl std::fmt::Display for ClassKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.school.is_empty() {
            f.write_str(&self.class)
        } else {
            write!(f, "{}/{}", self.school, self.class)
        }
    }
}

/// Why a student left the school (`students.csv` column `left_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeftReason {
    /// Moved to another school; not a dropout.
    Transfer,
    /// Left schooling.
    Dropout,
    /// Finished the school.
    Graduated,
    /// Any other reason.
    Other,
}

/// One row of `students.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Student {
    /// `student_id`, unique across students and staff.
    pub student_id: String,
    /// `name`.
    pub name: String,
    /// The class the student belongs to (`school`, `class`).
    pub class: ClassKey,
    /// `grade`, as written.
    pub grade: String,
    /// `birth_date`, when given and valid.
    pub birth_date: Option<NaiveDate>,
    /// `left_behind`: parents work far away.
    pub left_behind: bool,
    /// `single_parent`.
    pub single_parent: bool,
    /// `potential_student` (学困生).
    pub potential_student: bool,
    /// `poor` (贫困), an optional column: a child of a poor family (Plan 3 §Second.4); no when
    /// the column is absent or blank.
    pub poor: bool,
    /// First day enrolled (inclusive).
    pub enrolled_on: NaiveDate,
    /// First day no longer enrolled (exclusive); `None` while enrolled.
    pub left_on: Option<NaiveDate>,
    /// Why the student left, when `left_on` is set.
    pub left_reason: Option<LeftReason>,
    /// The child-file columns that hold a value (`gender`, `guardian_name`, `guardian_phone`,
    /// `home_address`, `id_number`, …), keyed by canonical column name. Personal data: never
    /// printed in reports unless explicitly asked for.
    pub file: FileFields,
    /// Physical line of the row in `students.csv` (1-based).
    pub line: usize,
}

impl Student {
    /// Whether the student is enrolled on `day`: `enrolled_on <= day < left_on`.
    pub fn enrolled_on_day(&self, day: NaiveDate) -> bool {
        self.enrolled_on <= day && self.left_on.is_none_or(|l| day < l)
    }

    /// Whether the student is enrolled on some day of `span` (both ends included).
    pub fn enrolled_during(&self, span: DateSpan) -> bool {
        let from = self.enrolled_on.max(span.start);
        from <= span.end && self.left_on.is_none_or(|l| from < l)
    }
}

/// One row of `staff.csv`: anyone who cares for children, volunteers included.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    /// `staff_id`, unique across students and staff.
    pub staff_id: String,
    /// `name`.
    pub name: String,
    /// Roles, lowercased (`head_teacher`, `teacher`, `caring_mother`, `volunteer`, …).
    pub roles: Vec<String>,
    /// The class the staff member is attached to, if any.
    pub class: Option<ClassKey>,
    /// Physical line in `staff.csv`.
    pub line: usize,
}

impl Staff {
    /// Whether the staff member holds `role` (already lowercase).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

/// One row of `exams.csv`: a student's total on a term's final exam.
#[derive(Debug, Clone, PartialEq)]
pub struct ExamResult {
    /// The student.
    pub student_id: String,
    /// Term label (`2025-2026-1`).
    pub term: String,
    /// Total score (points of the exam, not careplan points).
    pub total: f64,
    /// The class the student sat the exam in.
    pub class: ClassKey,
    /// Physical line in `exams.csv`.
    pub line: usize,
}

/// Severity of a conduct record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConductSeverity {
    /// A minor breach.
    Minor,
    /// A serious violation of discipline or law.
    Serious,
}

/// One row of `conduct.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConductRecord {
    /// Day of the incident.
    pub date: NaiveDate,
    /// The student.
    pub student_id: String,
    /// `minor` or `serious`.
    pub severity: ConductSeverity,
    /// Physical line in `conduct.csv`.
    pub line: usize,
}

/// One row of `honors.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Honor {
    /// The student.
    pub student_id: String,
    /// Academic year label (`2025-2026`).
    pub academic_year: String,
    /// The title as written (`三好学生`).
    pub title: String,
    /// Physical line in `honors.csv`.
    pub line: usize,
}

/// One row of `pairings.csv`: a mentor helps a mentee under a scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    /// A `staff_id` or a `student_id`.
    pub mentor_id: String,
    /// The child helped (a `student_id`).
    pub mentee_id: String,
    /// Scheme name (`hand_in_hand`, `one_help_one`, …).
    pub scheme: String,
    /// First day of the pairing.
    pub start: NaiveDate,
    /// Last day of the pairing (inclusive); `None` = open.
    pub end: Option<NaiveDate>,
    /// Physical line in `pairings.csv`.
    pub line: usize,
}

impl Pairing {
    /// Whether the pairing is in force on some day of `span`.
    pub fn overlaps(&self, span: DateSpan) -> bool {
        self.start <= span.end && self.end.is_none_or(|e| e >= span.start)
    }
}

/// One row of `activities.csv`: an event held, or a child's attendance at one.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Day of the activity.
    pub date: NaiveDate,
    /// Activity kind, lowercased.
    pub kind: String,
    /// The class it was held for; `None` = school-wide.
    pub class: Option<ClassKey>,
    /// The child who attended; `None` = the row records the event itself.
    pub student_id: Option<String>,
    /// Physical line in `activities.csv`.
    pub line: usize,
}

/// One row of `plans.csv`: an individual education plan made for a child (Plans 2, 4). The
/// file's optional `note` column is never read into the records (it is personal).
#[derive(Debug, Clone, PartialEq)]
pub struct IndividualPlanRecord {
    /// The child.
    pub student_id: String,
    /// Day the plan was made.
    pub date: NaiveDate,
    /// Why (`rank_drop`, `conduct`, `potential_student`, …), as written.
    pub reason: Option<String>,
    /// Who made it, when recorded.
    pub staff_id: Option<String>,
    /// Physical line in `plans.csv`.
    pub line: usize,
}

/// One row of `catchment.csv`: a school-age left-behind child of the catchment, from the
/// village's or community's list (Plan 2 §Second.2).
#[derive(Debug, Clone, PartialEq)]
pub struct CatchmentChild {
    /// Name as the list writes it.
    pub name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// The child's `student_id` when the list gives it.
    pub student_id: Option<String>,
    /// Physical line in `catchment.csv`.
    pub line: usize,
}

/// One row of `helper_split.csv` (帮扶积分分配): the whole points a head teacher gives one
/// helper out of a class's hand-in-hand total for an academic year (Plan 5 §6, "the school head
/// teacher divides them into actual assessment scores"). The rows of a class are checked
/// against the total the engine computes when the plan is evaluated, not here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperSplitRow {
    /// The academic year divided (`2025-2026`).
    pub academic_year: String,
    /// The class whose total is divided.
    pub class: ClassKey,
    /// The helper: a `staff_id` or a `student_id` (checked at evaluation).
    pub helper_id: String,
    /// The helper's share in whole points, or the cell as written when it is not a whole
    /// number of points of 0 or more (reported at evaluation, with the class's total).
    pub points: Result<i64, String>,
    /// Physical line in `helper_split.csv`.
    pub line: usize,
}

/// Everything loaded from one records directory, with the problems found while loading.
///
/// Rows that could not be used are absent from the vectors and each has an error finding.
/// Vectors keep file order; every consumer must give the same result for any row order.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Terms, holidays and make-up workdays.
    pub calendar: Calendar,
    /// Students, in file order.
    pub students: Vec<Student>,
    /// Staff, in file order.
    pub staff: Vec<Staff>,
    /// Contacts, in file order (compact: see [`Contacts`]).
    pub contacts: Contacts,
    /// Exam results, in file order (at most one per student and term).
    pub exams: Vec<ExamResult>,
    /// Conduct records.
    pub conduct: Vec<ConductRecord>,
    /// Honour titles.
    pub honors: Vec<Honor>,
    /// Pairings.
    pub pairings: Vec<Pairing>,
    /// Activities.
    pub activities: Vec<Activity>,
    /// Individual education plans made (`plans.csv`).
    pub plans: Vec<IndividualPlanRecord>,
    /// The catchment's school-age left-behind children (`catchment.csv`; absent = unknown).
    pub catchment: Vec<CatchmentChild>,
    /// Head teachers' own divisions of their classes' hand-in-hand totals
    /// (`helper_split.csv`; absent = the automatic split everywhere).
    pub helper_split: Vec<HelperSplitRow>,
    /// Which record files were present, by canonical file name (`contacts.csv`); always holds
    /// the required `calendar.csv` and `students.csv`.
    pub present: std::collections::BTreeSet<String>,
    /// Where each record file present was read from, by canonical file name.
    pub sources: BTreeMap<String, RecordSource>,
    /// Every problem found while loading, in file then line order.
    pub findings: Vec<Finding>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolled_during_is_enrolled_on_some_day_of_the_span() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2025, m, day).expect("date");
        let child = |from: NaiveDate, left: Option<NaiveDate>| Student {
            student_id: "S1".to_owned(),
            name: String::new(),
            class: ClassKey {
                school: String::new(),
                class: "7-1".to_owned(),
            },
            grade: String::new(),
            birth_date: None,
            left_behind: false,
            single_parent: false,
            potential_student: false,
            poor: false,
            enrolled_on: from,
            left_on: left,
            left_reason: None,
            file: FileFields::default(),
            line: 2,
        };
        let span = DateSpan::new(d(9, 1), d(9, 30));
        let cases = [
            (child(d(8, 1), None), true),
            (child(d(9, 30), None), true),
            (child(d(10, 1), None), false),
            // Left on the first day: not enrolled that day (left_on is exclusive).
            (child(d(8, 1), Some(d(9, 1))), false),
            (child(d(8, 1), Some(d(9, 2))), true),
            (child(d(9, 10), Some(d(9, 12))), true),
        ];
        for (s, want) in cases {
            let by_day = span.days().any(|day| s.enrolled_on_day(day));
            assert_eq!(by_day, want, "{:?}–{:?}", s.enrolled_on, s.left_on);
            assert_eq!(
                s.enrolled_during(span),
                want,
                "{:?}–{:?}",
                s.enrolled_on,
                s.left_on
            );
        }
    }
}
