//! Reading `contacts.csv`, the largest file by far: a read-only check of each row (which can
//! run on another thread) and a reader that takes the rows, from a table or streamed.

use super::people::{People, Who, left_out_message, student_ref};
use crate::records::Msg;
use crate::records::contacts::{ContactRow, Contacts, ContactsBuilder, Word};
use crate::records::csv_file::{Row, RowCx, Table};
use crate::records::{Finding, Student};
use chrono::NaiveDate;

/// Reads `contacts.csv`. Contacts of unknown students, or dated on a day the student is not
/// enrolled, are left out; an unknown `staff_id` is only a warning.
pub(in crate::records) fn read_contacts(
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
pub(in crate::records) struct Checked {
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
pub(in crate::records) struct ContactCheck<'p> {
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
            self.last_date.1 = crate::records::value::parse_date_cell(date_cell);
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
pub(in crate::records) struct ContactReader<'p> {
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
                Msg::new(
                    format!("contact dated on a day `{student_id}` is not enrolled; ignored"),
                    format!("联系日期当天 `{student_id}` 不在籍；不计"),
                ),
            );
            cx.bad = true;
        }
        if !staff_id.is_empty() {
            match people.who(staff_id) {
                Who::Student(_) | Who::Staff => {}
                Who::LeftOut(file, line) => {
                    let msg = left_out_message(staff_id, file, line);
                    cx.warning(Some("staff_id"), msg.then("; row kept", "；该行保留"));
                }
                Who::Unknown => cx.warning(
                    Some("staff_id"),
                    Msg::new(
                        format!("`{staff_id}` is not a known staff_id or student_id; row kept"),
                        format!("`{staff_id}` 不是已知的教职工编号或学号；该行保留"),
                    ),
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
