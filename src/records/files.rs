//! The canonical files: their columns, and how their rows become records.
//!
//! Each `read_*` function reads every row of one [`Table`], pushes a finding for every problem
//! and returns the usable rows. Files are read in dependency order (calendar, students, staff,
//! then the files that refer to them), so references are checked against complete id sets.

mod calendar;
mod care;
mod contacts;
mod exams;
mod people;
mod staff;
mod students;

pub(super) use calendar::read_calendar;
pub(super) use care::{
    read_activities, read_catchment, read_helper_split, read_pairings, read_plans,
};
pub(super) use contacts::{ContactCheck, ContactReader, read_contacts};
pub(super) use exams::{read_conduct, read_exams, read_honors};
pub(super) use people::People;
pub(super) use staff::read_staff;
pub(super) use students::read_students;

use super::csv_file::FileSpec;

pub(super) const CALENDAR: FileSpec = FileSpec {
    name: "calendar.csv",
    required: &["kind", "start", "end", "label"],
    optional: &[],
};

pub(super) const STUDENTS: FileSpec = FileSpec {
    name: "students.csv",
    required: &[
        "student_id",
        "name",
        "gender",
        "birth_date",
        "grade",
        "class",
        "left_behind",
        "single_parent",
        "potential_student",
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
        "enrolled_on",
        "left_on",
    ],
    optional: &[
        "school",
        "id_number",
        "left_reason",
        "guardian_birth_date",
        "poor",
    ],
};

pub(super) const STAFF: FileSpec = FileSpec {
    name: "staff.csv",
    required: &["staff_id", "name", "role", "class"],
    optional: &["school"],
};

pub(super) const CONTACTS: FileSpec = FileSpec {
    name: "contacts.csv",
    required: &["date", "student_id", "staff_id", "kind", "note"],
    optional: &[],
};

pub(super) const EXAMS: FileSpec = FileSpec {
    name: "exams.csv",
    required: &["student_id", "term", "total"],
    optional: &["class", "school"],
};

pub(super) const CONDUCT: FileSpec = FileSpec {
    name: "conduct.csv",
    required: &["date", "student_id", "severity", "note"],
    optional: &[],
};

pub(super) const HONORS: FileSpec = FileSpec {
    name: "honors.csv",
    required: &["student_id", "academic_year", "title"],
    optional: &[],
};

pub(super) const PAIRINGS: FileSpec = FileSpec {
    name: "pairings.csv",
    required: &["mentor_id", "mentee_id", "scheme", "start", "end"],
    optional: &[],
};

pub(super) const ACTIVITIES: FileSpec = FileSpec {
    name: "activities.csv",
    required: &["date", "kind"],
    optional: &["class", "student_id", "school"],
};

pub(super) const PLANS: FileSpec = FileSpec {
    name: "plans.csv",
    required: &["student_id", "date"],
    optional: &["reason", "staff_id", "note"],
};

/// The catchment's school-age left-behind children, from the village or community's list (Plan
/// 2 §Second.2's enrollment rate is taken over them). `student_id` names the child's row in
/// `students.csv` when the child is at the school; otherwise the child is matched by `name` and
/// `birth_date`. `village` is never read into the records (it is an address).
pub(super) const CATCHMENT: FileSpec = FileSpec {
    name: "catchment.csv",
    required: &["name", "birth_date"],
    optional: &["student_id", "village"],
};

/// A head teacher's own division of a class's hand-in-hand total among its helpers (Plan 5
/// §6: "according to the assessment of the relevant students in this class, the school head
/// teacher divides them into actual assessment scores"): one row per (academic year, class,
/// helper) with the whole points the head teacher gives that helper. Without the file, or for a
/// class whose rows do not add up, the automatic split applies.
pub(super) const HELPER_SPLIT: FileSpec = FileSpec {
    name: "helper_split.csv",
    required: &["academic_year", "class", "helper_id", "points"],
    optional: &["school", "note"],
};

/// Every canonical file, in reading order, with whether it is required.
pub(super) const ALL: [(FileSpec, bool); 12] = [
    (CALENDAR, true),
    (STUDENTS, true),
    (STAFF, false),
    (CONTACTS, false),
    (EXAMS, false),
    (CONDUCT, false),
    (HONORS, false),
    (PAIRINGS, false),
    (ACTIVITIES, false),
    (PLANS, false),
    (CATCHMENT, false),
    (HELPER_SPLIT, false),
];
