//! The canonical files: their columns, and how their rows become records.
//!
//! Each `read_*` function reads every row of one [`Table`], pushes a finding for every problem
//! and returns the usable rows. Files are read in dependency order (calendar, students, staff,
//! then the files that refer to them), so references are checked against complete id sets.

use super::contacts::{ContactRow, Contacts, ContactsBuilder, FastMap, IdMap, Word};
use super::csv_file::Row;
use super::csv_file::{FileSpec, RowCx, Table, closest};
use super::idcard;
use super::value::{is_academic_year, parse_decimal, term_academic_year};
use super::{
    Activity, Calendar, ClassKey, ConductRecord, ConductSeverity, DateSpan, ExamResult, Finding,
    Honor, KNOWN_ROLES, LeftReason, Pairing, Staff, Student, Term,
};
use chrono::NaiveDate;
use std::collections::hash_map::Entry;

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
    optional: &["school", "id_number", "left_reason", "guardian_birth_date"],
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

/// Every canonical file, in reading order, with whether it is required.
pub(super) const ALL: [(FileSpec, bool); 10] = [
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
];

/// The largest exam total accepted: totals are at most this and at least 0, so every total is
/// stored and compared exactly.
const MAX_EXAM_TOTAL: f64 = 100_000.0;

/// The columns copied into [`Student::file`] when they hold a value.
const FILE_COLUMNS: &[&str] = &[
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

/// The ids of `students.csv` and `staff.csv`: which rows were kept, which were left out.
#[derive(Debug, Default)]
pub(super) struct People {
    /// Kept student id → index in the students vector.
    students: IdMap,
    /// Student id → line of the first (non-ragged) row with it, kept or not.
    student_claims: FastMap<String, usize>,
    /// Student id → line of a left-out row with it (when no row with it was kept).
    students_left_out: FastMap<String, usize>,
    /// Student id → the class of the left-out row named in `students_left_out`, when that row's
    /// cells could be read and its `class` holds a value.
    left_out_classes: FastMap<String, ClassKey>,
    /// Kept staff id → index in the staff vector.
    staff: IdMap,
    /// Number of staff kept.
    staff_count: usize,
    /// Staff id → line of the first (non-ragged) row with it.
    staff_claims: FastMap<String, usize>,
    /// Staff id → line of a left-out row with it.
    staff_left_out: FastMap<String, usize>,
}

/// What an id refers to.
enum Who {
    Student(usize),
    Staff,
    /// Only left-out rows had this id: the file and line of one.
    LeftOut(&'static str, usize),
    Unknown,
}

impl People {
    fn who(&self, id: &str) -> Who {
        if let Some(i) = self.students.get(id) {
            Who::Student(i)
        } else if self.staff.contains_key(id) {
            Who::Staff
        } else if let Some(line) = self.students_left_out.get(id) {
            Who::LeftOut(STUDENTS.name, *line)
        } else if let Some(line) = self.staff_left_out.get(id) {
            Who::LeftOut(STAFF.name, *line)
        } else {
            Who::Unknown
        }
    }
}

fn left_out_message(id: &str, file: &str, line: usize) -> String {
    let who = if file == STAFF.name {
        "staff"
    } else {
        "student"
    };
    format!("{who} `{id}` was left out, see {file} line {line}")
}

/// Checks that `id` (in `column`) is a kept student and gives its index. Otherwise the row is
/// left out: with a warning when the id belonged to a left-out row, else with an error.
fn student_ref(cx: &mut RowCx<'_>, people: &People, column: &str, id: &str) -> Option<usize> {
    if id.is_empty() {
        return None;
    }
    match people.who(id) {
        Who::Student(i) => return Some(i),
        Who::Staff => cx.leave_out(
            Some(column),
            format!("`{id}` is a staff_id, not a student_id"),
        ),
        Who::LeftOut(file, line) => {
            let msg = left_out_message(id, file, line);
            cx.warning(Some(column), format!("{msg}; row left out"));
            cx.bad = true;
        }
        Who::Unknown => cx.leave_out(Some(column), format!("unknown student `{id}`")),
    }
    None
}

/// A class from the row's `class` and `school` cells, when `class` holds a value.
fn class_of(cx: &RowCx<'_>) -> Option<ClassKey> {
    cx.opt("class").map(|class| ClassKey {
        school: cx.get("school").to_owned(),
        class,
    })
}

/// Why a term's dates do not fit its label's academic year `A-B`, if they do not: a term
/// must lie within the calendar years A and B and last less than a year.
fn term_dates_misfit(year: &str, span: DateSpan) -> Option<String> {
    use chrono::Datelike;
    let (a, b) = year.split_once('-')?;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    if span.start.year() < a || span.end.year() > b {
        return Some(format!(
            "runs {} to {}, outside the years {a} and {b} of its label",
            span.start, span.end
        ));
    }
    if (span.end - span.start).num_days() >= 366 {
        return Some(format!(
            "runs {} to {}: longer than a year",
            span.start, span.end
        ));
    }
    None
}

/// Reads `calendar.csv`. Terms that overlap an earlier term, or repeat its label, are left out.
pub(super) fn read_calendar(t: &Table, findings: &mut Vec<Finding>) -> Calendar {
    let mut terms: Vec<(Term, usize)> = Vec::new();
    let mut holidays = Vec::new();
    let mut workdays = Vec::new();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let kind = cx.key("kind").to_lowercase();
        let start = cx.date("start");
        let end = cx.date("end");
        let label = cx.get("label");
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            cx.leave_out(Some("end"), format!("end {e} is before start {s}"));
        }
        let mut year = None;
        match kind.as_str() {
            "" | "holiday" | "workday" => {}
            "term" => {
                year = term_academic_year(label);
                if year.is_none() {
                    cx.leave_out(
                        Some("label"),
                        format!(
                            "term label `{label}` is not YYYY-YYYY-N with consecutive years \
                             (such as 2025-2026-1)"
                        ),
                    );
                }
            }
            other => cx.leave_out(
                Some("kind"),
                format!("unknown kind `{other}`, expected term, holiday or workday"),
            ),
        }
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if cx.bad {
            continue;
        }
        let span = DateSpan::new(start, end);
        if kind == "term"
            && let Some(year) = year
            && let Some(why) = term_dates_misfit(year, span)
        {
            cx.leave_out(Some("start"), format!("term `{label}` {why}"));
            continue;
        }
        match kind.as_str() {
            "term" => {
                if let Some((first, line)) = terms.iter().find(|(t, _)| t.label == label) {
                    let msg = format!("duplicate term `{}`, first on line {line}", first.label);
                    cx.leave_out(Some("label"), msg);
                } else if let Some((other, line)) = terms
                    .iter()
                    .find(|(t, _)| t.span.start <= end && start <= t.span.end)
                {
                    let msg = format!(
                        "term `{label}` overlaps term `{}` (line {line})",
                        other.label
                    );
                    cx.leave_out(Some("start"), msg);
                } else {
                    let term = Term {
                        label: label.to_owned(),
                        academic_year: year.unwrap_or_default().to_owned(),
                        span,
                    };
                    terms.push((term, cx.line()));
                }
            }
            "holiday" => holidays.push((span, label.to_owned())),
            _ => workdays.push(span),
        }
    }
    if terms.is_empty() {
        findings.push(t.finding(Finding::warning(
            &t.source.file,
            None,
            None,
            "no usable term, so there are no school days".to_owned(),
        )));
    }
    Calendar::new(
        terms.into_iter().map(|(t, _)| t).collect(),
        holidays,
        workdays,
    )
}

/// Reads `students.csv`, filling the student ids of `people`.
pub(super) fn read_students(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &mut People,
) -> Vec<Student> {
    let mut students = Vec::with_capacity(t.rows.len());
    let mut id_like: Vec<(usize, String)> = Vec::new();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            let id = cx.get("student_id");
            if !id.is_empty() {
                people
                    .students_left_out
                    .entry(id.to_owned())
                    .or_insert(row.line);
            }
            continue;
        }
        let id = cx.key("student_id");
        let mut duplicate = false;
        if !id.is_empty() {
            match people.student_claims.entry(id.to_owned()) {
                Entry::Occupied(first) => {
                    let msg = format!("duplicate student_id `{id}`, first on line {}", first.get());
                    cx.leave_out(Some("student_id"), msg);
                    duplicate = true;
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
        }
        if cx.get("name").is_empty() {
            cx.warning(
                Some("name"),
                "empty name; reports show no name for this child".to_owned(),
            );
        }
        if cx.get("class").is_empty() {
            cx.error(
                Some("class"),
                "empty class; the child is in no class ranking and has no head teacher".to_owned(),
            );
        }
        let birth_date = cx.opt_date("birth_date");
        let left_behind = cx.flag("left_behind");
        let single_parent = cx.flag("single_parent");
        let potential_student = cx.flag("potential_student");
        let enrolled_on = cx.date("enrolled_on");
        let left_on = cx.opt_date("left_on");
        let left_reason = match cx.lower("left_reason").as_str() {
            "" => None,
            "transfer" => Some(LeftReason::Transfer),
            "dropout" => Some(LeftReason::Dropout),
            "graduated" => Some(LeftReason::Graduated),
            "other" => Some(LeftReason::Other),
            _ => {
                let v = cx.get("left_reason");
                cx.error(
                    Some("left_reason"),
                    format!(
                        "unknown left_reason `{v}`, expected transfer, dropout, graduated or \
                         other; value ignored"
                    ),
                );
                None
            }
        };
        if left_reason.is_some() && cx.get("left_on").is_empty() {
            cx.warning(
                Some("left_reason"),
                "a left_reason is given but left_on is empty".to_owned(),
            );
        }
        if let (Some(e), Some(l)) = (enrolled_on, left_on)
            && l <= e
        {
            cx.leave_out(
                Some("left_on"),
                format!(
                    "left_on {l} is on or before enrolled_on {e}: the student is never enrolled"
                ),
            );
        }
        let Some(enrolled_on) = enrolled_on.filter(|_| !cx.bad) else {
            if !duplicate && !id.is_empty() {
                people.students_left_out.insert(id.to_owned(), row.line);
                match class_of(&cx) {
                    Some(class) => people.left_out_classes.insert(id.to_owned(), class),
                    None => people.left_out_classes.remove(id),
                };
            }
            continue;
        };
        let mut file: super::FileFields = FILE_COLUMNS
            .iter()
            .filter_map(|c| cx.opt(c).map(|v| (*c, v)))
            .collect();
        // The entrusted guardian's birthday (an elder's birthday, Plan 4 §(2).8), kept as an
        // ISO date when it is one.
        if let Some(d) = cx.opt_date("guardian_birth_date") {
            file.insert("guardian_birth_date", d.to_string());
        }
        match file.get("id_number").map(|v| id_number(&mut cx, v)) {
            Some(Some(v)) => {
                file.insert("id_number", v);
            }
            Some(None) => {
                file.remove("id_number");
            }
            None => {}
        }
        if idcard::holds_id_number(id) {
            id_like.push((row.line, id.to_owned()));
        }
        people.students.insert(id.to_owned(), students.len());
        students.push(Student {
            student_id: id.to_owned(),
            name: cx.get("name").to_owned(),
            class: ClassKey {
                school: cx.get("school").to_owned(),
                class: cx.get("class").to_owned(),
            },
            grade: cx.get("grade").to_owned(),
            birth_date,
            left_behind,
            single_parent,
            potential_student,
            enrolled_on,
            left_on,
            left_reason,
            file,
            line: row.line,
        });
    }
    if let Some((line, id)) = id_like.first() {
        let more = match id_like.len() - 1 {
            0 => String::new(),
            1 => " (so does 1 more row)".to_owned(),
            n => format!(" (so do {n} more rows)"),
        };
        findings.push(t.finding(Finding::warning(
            &t.source.file,
            Some(*line),
            Some(t.header("student_id")),
            format!(
                "student_id `{}` holds an ID card number{more}: such ids are masked in \
                 reports like ID numbers (--reveal shows them)",
                crate::privacy::mask_numbers(id)
            ),
        )));
    }
    same_names(t, &students, findings);
    students
}

/// Checks the `id_number` of a student row: gives the value to keep (a final `x` written
/// `X`), or `None` after an error finding when it cannot be used. Excel's corruptions are
/// flagged, never repaired.
fn id_number(cx: &mut RowCx<'_>, v: &str) -> Option<String> {
    use idcard::IdCheck;
    let shown = crate::privacy::mask_id(v);
    let why = match idcard::check(v) {
        IdCheck::Valid(v) => return Some(v),
        IdCheck::Old15 => {
            cx.warning(
                Some("id_number"),
                format!(
                    "`{shown}` is a 15-digit ID number (the format before 1999); kept, but it \
                     has no check digit to verify"
                ),
            );
            return Some(v.to_owned());
        }
        IdCheck::Scientific => "Excel turned the ID number into a number in scientific \
             notation and its last digits are lost; type it again as text"
            .to_owned(),
        IdCheck::TrailingZeros => "the ID number ends in `000`: Excel kept only 15 digits of it \
             and its last digits are lost; type it again as text"
            .to_owned(),
        IdCheck::BadBirthDate => {
            "the ID number's birth date (characters 7 to 14) is no date".to_owned()
        }
        IdCheck::BadCheckDigit => {
            "the ID number's last character is not its check digit: a digit is mistyped".to_owned()
        }
        IdCheck::Malformed => {
            "is not an ID number: 18 characters (17 digits and a digit or X), or 15 digits"
                .to_owned()
        }
    };
    let sep = if why.starts_with("is ") { " " } else { ": " };
    cx.error(
        Some("id_number"),
        format!("`{shown}`{sep}{why}; value ignored"),
    );
    None
}

/// Warns about children of the same name in one class (common, but reports then need the id
/// to tell them apart).
fn same_names(t: &Table, students: &[Student], findings: &mut Vec<Finding>) {
    let mut seen: FastMap<(&ClassKey, &str), usize> = FastMap::default();
    for s in students {
        if s.name.is_empty() || s.class.class.is_empty() {
            continue;
        }
        match seen.entry((&s.class, s.name.as_str())) {
            Entry::Occupied(first) => findings.push(t.finding(Finding::warning(
                &t.source.file,
                Some(s.line),
                Some(t.header("name")),
                format!(
                    "`{}` has the same name as the student on line {} of class `{}`: tell them \
                     apart by student_id",
                    s.student_id,
                    first.get(),
                    s.class
                ),
            ))),
            Entry::Vacant(v) => {
                v.insert(s.line);
            }
        }
    }
}

/// Reads `staff.csv`, filling the staff ids of `people` (students must be read first).
pub(super) fn read_staff(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &mut People,
) -> Vec<Staff> {
    let mut staff = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            let id = cx.get("staff_id");
            if !id.is_empty() {
                people
                    .staff_left_out
                    .entry(id.to_owned())
                    .or_insert(row.line);
            }
            continue;
        }
        let id = cx.key("staff_id");
        let mut duplicate = false;
        if !id.is_empty() {
            match people.staff_claims.entry(id.to_owned()) {
                Entry::Occupied(first) => {
                    let msg = format!("duplicate staff_id `{id}`, first on line {}", first.get());
                    cx.leave_out(Some("staff_id"), msg);
                    duplicate = true;
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
            if let Some(line) = people.student_claims.get(id) {
                let msg = format!(
                    "staff_id `{id}` is already a student_id ({} line {line})",
                    STUDENTS.name
                );
                cx.leave_out(Some("staff_id"), msg);
            }
        }
        let roles: Vec<String> = cx
            .get("role")
            .split([';', '；'])
            .map(|r| r.trim().to_lowercase())
            .filter(|r| !r.is_empty())
            .collect();
        for role in &roles {
            if !KNOWN_ROLES.contains(&role.as_str()) {
                let hint = match closest(role, KNOWN_ROLES.iter().copied()) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!("expected {}", KNOWN_ROLES.join(", ")),
                };
                cx.warning(Some("role"), format!("unknown role `{role}`; {hint}"));
            }
        }
        if cx.bad {
            if !duplicate && !id.is_empty() {
                people.staff_left_out.insert(id.to_owned(), row.line);
            }
            continue;
        }
        people.staff.insert(id.to_owned(), staff.len());
        people.staff_count = staff.len() + 1;
        staff.push(Staff {
            staff_id: id.to_owned(),
            name: cx.get("name").to_owned(),
            roles,
            class: class_of(&cx),
            line: row.line,
        });
    }
    staff
}

/// Reads `contacts.csv`. Contacts of unknown students, or dated on a day the student is not
/// enrolled, are left out; an unknown `staff_id` is only a warning.
pub(super) fn read_contacts(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
    students: &[Student],
) -> Contacts {
    let mut check = ContactCheck::new(t, people, students);
    let mut reader = ContactReader::new(people, students);
    for row in &t.rows {
        let checked = check.check(t, row);
        reader.row(t, row, checked, findings);
    }
    reader.finish()
}

/// A contact row without any problem, its ids looked up: see [`ContactCheck::check`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Checked {
    day: NaiveDate,
    student: u32,
    staff: StaffRef,
}

/// Whose id a contact's `staff_id` is.
#[derive(Debug, Clone, Copy)]
enum StaffRef {
    None,
    Staff(usize),
    Student(usize),
}

/// The read-only half of reading `contacts.csv`: finds the rows that have no problem at all
/// and looks up their ids (the costly part: one random lookup among every child per row). It
/// can run on another thread than the [`ContactReader`] that takes the rows.
pub(super) struct ContactCheck<'p> {
    people: &'p People,
    /// Each student's `[enrolled_on, left_on)`.
    spans: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// Indexes of `date`, `student_id`, `staff_id`, `kind` and `note`.
    columns: Option<[usize; 5]>,
    /// The last date cell parsed, and its date (contacts come in date order).
    last_date: (String, Option<NaiveDate>),
    /// The child of the last row (the next row's is often just after it).
    near: usize,
}

impl<'p> ContactCheck<'p> {
    pub fn new(t: &Table, people: &'p People, students: &[Student]) -> Self {
        let columns = ["date", "student_id", "staff_id", "kind", "note"].map(|c| t.index(c));
        let columns = match columns {
            [Some(a), Some(b), Some(c), Some(d), Some(e)] => Some([a, b, c, d, e]),
            _ => None,
        };
        ContactCheck {
            people,
            spans: students
                .iter()
                .map(|s| (s.enrolled_on, s.left_on))
                .collect(),
            columns,
            last_date: (String::new(), None),
            near: 0,
        }
    }

    /// [`ContactCheck::check`] for each row: the children's ids are looked up for all the rows
    /// first, in a tight loop, so that the memory accesses of many rows are in flight at once.
    pub fn check_all(&mut self, t: &Table, rows: &[Row], out: &mut Vec<Option<Checked>>) {
        let Some([_, student, ..]) = self.columns else {
            out.extend(rows.iter().map(|_| None));
            return;
        };
        let mut near = self.near;
        let found: Vec<Option<usize>> = rows
            .iter()
            .map(|r| {
                let id = r.cells.get(student).map_or("", String::as_str);
                let i = self.people.students.get_near(id, near);
                near = i.unwrap_or(near);
                i
            })
            .collect();
        self.near = near;
        for (row, i) in rows.iter().zip(found) {
            let checked = i.and_then(|i| self.check_with(t, row, i));
            out.push(checked);
        }
    }

    /// The row's day and ids when no check of [`ContactReader::row`] can find a problem in
    /// it (so it takes the short path), else `None`.
    pub fn check(&mut self, t: &Table, row: &Row) -> Option<Checked> {
        let [_, student, ..] = self.columns?;
        let id = row.cells.get(student).map_or("", String::as_str);
        let i = self.people.students.get(id)?;
        self.check_with(t, row, i)
    }

    /// [`ContactCheck::check`] of a row whose child is the `i`th student.
    fn check_with(&mut self, t: &Table, row: &Row, i: usize) -> Option<Checked> {
        let [date, _, staff, kind, _] = self.columns?;
        if t.is_ragged(row) || row.quote.is_some() {
            return None;
        }
        let cell = |i: usize| row.cells.get(i).map_or("", String::as_str);
        let date_cell = cell(date);
        if self.last_date.0 != date_cell {
            self.last_date.0.clear();
            self.last_date.0.push_str(date_cell);
            self.last_date.1 = super::value::parse_date_cell(date_cell);
        }
        let day = self.last_date.1?;
        let people = self.people;
        let (from, until) = *self.spans.get(i)?;
        if cell(kind).is_empty() || day < from || until.is_some_and(|l| day >= l) {
            return None;
        }
        // A staff id that is a staff member's or a student's is no finding either way.
        let staff_id = cell(staff);
        let staff = if staff_id.is_empty() {
            StaffRef::None
        } else if let Some(j) = people.staff.get(staff_id) {
            StaffRef::Staff(j)
        } else {
            StaffRef::Student(people.students.get(staff_id)?)
        };
        Some(Checked {
            day,
            student: u32::try_from(i).ok()?,
            staff,
        })
    }
}

/// Reads the rows of `contacts.csv` one by one (from a table, or streamed from the file).
pub(super) struct ContactReader<'p> {
    people: &'p People,
    students: &'p [Student],
    out: ContactsBuilder,
    /// The interned word of each staff member's and each student's id, once seen.
    staff_words: Vec<Word>,
    student_words: Vec<Word>,
    /// The kinds seen, as written, with their interned lowercase word.
    kinds: Vec<(String, Word)>,
}

impl<'p> ContactReader<'p> {
    pub fn new(people: &'p People, students: &'p [Student]) -> Self {
        ContactReader {
            people,
            students,
            out: ContactsBuilder::new(
                students
                    .iter()
                    .map(|s| s.student_id.as_str().into())
                    .collect(),
            ),
            staff_words: vec![Word::NONE; people.staff_count],
            student_words: vec![Word::NONE; students.len()],
            kinds: Vec::new(),
        }
    }

    /// Reserves room for about `rows` contacts.
    pub fn expect(&mut self, rows: usize) {
        self.out.expect(rows);
    }

    /// The contacts read.
    pub fn finish(self) -> Contacts {
        self.out.finish()
    }

    /// Reads one row: a row `checked` without a problem takes a short path (no finding can
    /// arise); any other goes through every check, which reports each problem.
    pub fn row(
        &mut self,
        t: &Table,
        row: &Row,
        checked: Option<Checked>,
        findings: &mut Vec<Finding>,
    ) {
        if let Some(c) = checked {
            self.add_checked(t, row, c);
            return;
        }
        let people = self.people;
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            return;
        }
        let date = cx.date("date");
        let student_id = cx.key("student_id");
        let kind = cx.key("kind");
        let staff_id = cx.get("staff_id");
        let student = student_ref(&mut cx, people, "student_id", student_id);
        if let (Some(i), Some(day)) = (student, date)
            && self
                .students
                .get(i)
                .is_some_and(|s| !s.enrolled_on_day(day))
        {
            cx.warning(
                Some("date"),
                format!("contact dated on a day `{student_id}` is not enrolled; ignored"),
            );
            cx.bad = true;
        }
        if !staff_id.is_empty() {
            match people.who(staff_id) {
                Who::Student(_) | Who::Staff => {}
                Who::LeftOut(file, line) => {
                    let msg = left_out_message(staff_id, file, line);
                    cx.warning(Some("staff_id"), format!("{msg}; row kept"));
                }
                Who::Unknown => cx.warning(
                    Some("staff_id"),
                    format!("`{staff_id}` is not a known staff_id or student_id; row kept"),
                ),
            }
        }
        let (Some(date), Some(student), false) = (date, student, cx.bad) else {
            return;
        };
        let note = cx.get("note");
        let row = ContactRow {
            date,
            staff: self.out.opt(staff_id),
            kind: self.out.kind(kind),
            note: self.out.opt(note),
            line: u32::try_from(row.line).unwrap_or(u32::MAX),
        };
        self.out
            .push(u32::try_from(student).unwrap_or(u32::MAX), row);
    }

    /// Adds a row [`ContactCheck::check`] found without a problem.
    fn add_checked(&mut self, t: &Table, row: &Row, c: Checked) {
        let cell = |column: &str| t.index(column).and_then(|i| row.cells.get(i));
        let text = |column: &str| cell(column).map_or("", String::as_str);
        let staff = match c.staff {
            StaffRef::None => Word::NONE,
            StaffRef::Staff(j) | StaffRef::Student(j) => {
                let cache = match c.staff {
                    StaffRef::Staff(_) => &mut self.staff_words,
                    _ => &mut self.student_words,
                };
                match cache.get(j) {
                    Some(w) if *w != Word::NONE => *w,
                    _ => {
                        let w = self.out.word(text("staff_id"));
                        if let Some(slot) = cache.get_mut(j) {
                            *slot = w;
                        }
                        w
                    }
                }
            }
        };
        let kind_text = text("kind");
        let kind = match self.kinds.iter().find(|(k, _)| k == kind_text) {
            Some((_, w)) => *w,
            None => {
                let w = self.out.kind(kind_text);
                self.kinds.push((kind_text.to_owned(), w));
                w
            }
        };
        let row = ContactRow {
            date: c.day,
            staff,
            kind,
            note: self.out.opt(text("note")),
            line: u32::try_from(row.line).unwrap_or(u32::MAX),
        };
        self.out.push(c.student, row);
    }
}

/// Reads `exams.csv`: one result per student and term (the first row wins).
///
/// The result of a student whose `students.csv` row was left out is kept (with a warning) when
/// its class is known, from the exam row or from the left-out row: it still counts in the
/// ranking of the other children of its class. A result whose class is not known, or empty, is
/// left out: it is in no class ranking.
pub(super) fn read_exams(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
    students: &[Student],
    calendar: &Calendar,
) -> Vec<ExamResult> {
    let mut exams = Vec::with_capacity(t.rows.len());
    let mut claims: FastMap<(String, String), usize> = FastMap::default();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let student_id = cx.key("student_id");
        let term = cx.key("term");
        let total_text = cx.key("total");
        let total = if total_text.is_empty() {
            None
        } else {
            match parse_decimal(total_text) {
                None => {
                    cx.leave_out(
                        Some("total"),
                        format!("`{total_text}` is not a number, expected a decimal such as 85.5"),
                    );
                    None
                }
                Some(v) if !(0.0..=MAX_EXAM_TOTAL).contains(&v) => {
                    cx.leave_out(
                        Some("total"),
                        format!(
                            "`{total_text}` is out of range: an exam total is between 0 and \
                             {MAX_EXAM_TOTAL}"
                        ),
                    );
                    None
                }
                // `+ 0.0` turns `-0` into 0.
                Some(v) => Some(v + 0.0),
            }
        };
        if !student_id.is_empty() && !term.is_empty() {
            match claims.entry((student_id.to_owned(), term.to_owned())) {
                Entry::Occupied(first) => {
                    let msg = format!(
                        "duplicate result of `{student_id}` for term `{term}`, first on line {}",
                        first.get()
                    );
                    cx.leave_out(Some("student_id"), msg);
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
        }
        if !term.is_empty() && calendar.term(term).is_none() {
            cx.warning(
                Some("term"),
                format!("term `{term}` is not in {}", CALENDAR.name),
            );
        }
        // The class of the student: from students.csv, or from its left-out row.
        let student_class = match people.who(student_id) {
            Who::LeftOut(file, line) if file == STUDENTS.name => {
                let known = people.left_out_classes.get(student_id);
                let msg = left_out_message(student_id, file, line);
                if cx.bad {
                    cx.warning(Some("student_id"), format!("{msg}; row left out"));
                } else if known.is_some() || cx.opt("class").is_some() {
                    cx.warning(
                        Some("student_id"),
                        format!("{msg}; the exam result still counts in the class ranking"),
                    );
                } else {
                    cx.warning(
                        Some("student_id"),
                        format!("{msg}, and its class is not known; row left out"),
                    );
                    cx.bad = true;
                }
                known.cloned()
            }
            _ => student_ref(&mut cx, people, "student_id", student_id)
                .and_then(|i| students.get(i))
                .map(|s| s.class.clone()),
        };
        let class = match cx.opt("class") {
            Some(class) => Some(ClassKey {
                school: cx.opt("school").unwrap_or_else(|| {
                    student_class
                        .as_ref()
                        .map(|c| c.school.clone())
                        .unwrap_or_default()
                }),
                class,
            }),
            None => student_class,
        };
        let (Some(class), Some(total), false) = (class, total, cx.bad) else {
            continue;
        };
        if class.class.is_empty() {
            cx.warning(
                Some("student_id"),
                format!(
                    "student `{student_id}` has no class in {} and the exam row gives none: the \
                     result is in no class ranking; row left out",
                    STUDENTS.name
                ),
            );
            continue;
        }
        exams.push(ExamResult {
            student_id: student_id.to_owned(),
            term: term.to_owned(),
            total,
            class,
            line: row.line,
        });
    }
    exams
}

/// Reads `conduct.csv`.
pub(super) fn read_conduct(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<ConductRecord> {
    let mut conduct = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let date = cx.date("date");
        let student_id = cx.key("student_id");
        let severity_text = cx.key("severity");
        let severity = match severity_text.to_lowercase().as_str() {
            "" => None,
            "minor" => Some(ConductSeverity::Minor),
            "serious" => Some(ConductSeverity::Serious),
            _ => {
                cx.leave_out(
                    Some("severity"),
                    format!("unknown severity `{severity_text}`, expected minor or serious"),
                );
                None
            }
        };
        student_ref(&mut cx, people, "student_id", student_id);
        let (Some(date), Some(severity), false) = (date, severity, cx.bad) else {
            continue;
        };
        conduct.push(ConductRecord {
            date,
            student_id: student_id.to_owned(),
            severity,
            line: row.line,
        });
    }
    conduct
}

/// Reads `honors.csv`; a repeated (student, year, title) is a warning and dropped.
pub(super) fn read_honors(t: &Table, findings: &mut Vec<Finding>, people: &People) -> Vec<Honor> {
    let mut honors = Vec::with_capacity(t.rows.len());
    let mut claims: FastMap<(String, String, String), usize> = FastMap::default();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let student_id = cx.key("student_id");
        let year = cx.key("academic_year");
        let title = cx.key("title");
        if !year.is_empty() && !is_academic_year(year) {
            cx.leave_out(
                Some("academic_year"),
                format!("`{year}` is not an academic year YYYY-YYYY (such as 2025-2026)"),
            );
        }
        if !cx.bad {
            let key = (student_id.to_owned(), year.to_owned(), title.to_owned());
            match claims.entry(key) {
                Entry::Occupied(first) => {
                    cx.warning(
                        None,
                        format!(
                            "duplicate honor `{title}` of `{student_id}` in {year}, first on line \
                             {}; dropped",
                            first.get()
                        ),
                    );
                    cx.bad = true;
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
        }
        student_ref(&mut cx, people, "student_id", student_id);
        if cx.bad {
            continue;
        }
        honors.push(Honor {
            student_id: student_id.to_owned(),
            academic_year: year.to_owned(),
            title: title.to_owned(),
            line: row.line,
        });
    }
    honors
}

/// Reads `pairings.csv`; a repeated (mentor, mentee, scheme, start) is a warning and dropped.
pub(super) fn read_pairings(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<Pairing> {
    let mut pairings = Vec::with_capacity(t.rows.len());
    let mut claims: FastMap<(String, String, String, NaiveDate), usize> = FastMap::default();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let mentor = cx.key("mentor_id");
        let mentee = cx.key("mentee_id");
        let scheme = cx.key("scheme");
        let start = cx.date("start");
        let end = cx.opt_date("end");
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            cx.leave_out(Some("end"), format!("end {e} is before start {s}"));
        }
        if !mentor.is_empty() && mentor == mentee {
            cx.leave_out(
                Some("mentee_id"),
                format!("`{mentor}` is paired with itself"),
            );
        }
        if let (Some(start), false) = (start, cx.bad) {
            let key = (
                mentor.to_owned(),
                mentee.to_owned(),
                scheme.to_owned(),
                start,
            );
            match claims.entry(key) {
                Entry::Occupied(first) => {
                    cx.warning(
                        None,
                        format!(
                            "duplicate pairing of `{mentor}` with `{mentee}` in `{scheme}` from \
                             {start}, first on line {}; dropped",
                            first.get()
                        ),
                    );
                    cx.bad = true;
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
        }
        if !mentor.is_empty() {
            match people.who(mentor) {
                Who::Student(_) | Who::Staff => {}
                Who::LeftOut(file, line) => {
                    let msg = left_out_message(mentor, file, line);
                    cx.warning(Some("mentor_id"), format!("{msg}; row left out"));
                    cx.bad = true;
                }
                Who::Unknown => cx.leave_out(
                    Some("mentor_id"),
                    format!("unknown mentor `{mentor}`, not a staff_id or student_id"),
                ),
            }
        }
        student_ref(&mut cx, people, "mentee_id", mentee);
        let (Some(start), false) = (start, cx.bad) else {
            continue;
        };
        pairings.push(Pairing {
            mentor_id: mentor.to_owned(),
            mentee_id: mentee.to_owned(),
            scheme: scheme.to_owned(),
            start,
            end,
            line: row.line,
        });
    }
    pairings
}

/// Reads `activities.csv`.
pub(super) fn read_activities(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<Activity> {
    let mut activities = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let date = cx.date("date");
        let kind = cx.key("kind").to_lowercase();
        let student_id = cx.opt("student_id");
        if let Some(id) = &student_id {
            student_ref(&mut cx, people, "student_id", id);
        }
        let (Some(date), false) = (date, cx.bad) else {
            continue;
        };
        activities.push(Activity {
            date,
            kind,
            class: class_of(&cx),
            student_id,
            line: row.line,
        });
    }
    activities
}

/// Reads `plans.csv`: individual education plans made for a child (Plans 2, 4). A plan for an
/// unknown student is left out; an unknown `staff_id` is only a warning.
pub(super) fn read_plans(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &People,
) -> Vec<super::IndividualPlanRecord> {
    let mut plans = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let date = cx.date("date");
        let student_id = cx.key("student_id");
        student_ref(&mut cx, people, "student_id", student_id);
        let staff_id = cx.opt("staff_id");
        if let Some(id) = &staff_id
            && matches!(people.who(id), Who::Unknown)
        {
            cx.warning(
                Some("staff_id"),
                format!("`{id}` is not a known staff_id; row kept"),
            );
        }
        let (Some(date), false) = (date, cx.bad) else {
            continue;
        };
        plans.push(super::IndividualPlanRecord {
            student_id: student_id.to_owned(),
            date,
            reason: cx.opt("reason"),
            staff_id,
            line: row.line,
        });
    }
    plans
}
