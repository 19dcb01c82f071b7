//! The people index: the ids of `students.csv` and `staff.csv`, kept or left out, that the
//! other files' references are checked against.

use super::{STAFF, STUDENTS};
use crate::records::ClassKey;
use crate::records::Msg;
use crate::records::contacts::{FastMap, IdMap};
use crate::records::csv_file::RowCx;

/// The ids of `students.csv` and `staff.csv`: which rows were kept, which were left out.
#[derive(Debug, Default)]
pub(in crate::records) struct People {
    /// Kept student id → index in the students vector.
    pub(super) students: IdMap,
    /// Student id → line of the first (non-ragged) row with it, kept or not.
    pub(super) student_claims: FastMap<String, usize>,
    /// Student id → line of a left-out row with it (when no row with it was kept).
    pub(super) students_left_out: FastMap<String, usize>,
    /// Student id → the class of the left-out row named in `students_left_out`, when that row's
    /// cells could be read and its `class` holds a value.
    pub(super) left_out_classes: FastMap<String, ClassKey>,
    /// Kept staff id → index in the staff vector.
    pub(super) staff: IdMap,
    /// Number of staff kept.
    pub(super) staff_count: usize,
    /// Staff id → line of the first (non-ragged) row with it.
    pub(super) staff_claims: FastMap<String, usize>,
    /// Staff id → line of a left-out row with it.
    pub(super) staff_left_out: FastMap<String, usize>,
}

/// What an id refers to.
pub(super) enum Who {
    Student(usize),
    Staff,
    /// Only left-out rows had this id: the file and line of one.
    LeftOut(&'static str, usize),
    Unknown,
}

impl People {
    pub(super) fn who(&self, id: &str) -> Who {
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

pub(super) fn left_out_message(id: &str, file: &str, line: usize) -> Msg {
    let (who, who_zh) = if file == STAFF.name {
        ("staff", "教职工")
    } else {
        ("student", "学生")
    };
    Msg::new(
        format!("{who} `{id}` was left out, see {file} line {line}"),
        format!("{who_zh} `{id}` 未计入，见 {file} 第 {line} 行"),
    )
}

/// Checks that `id` (in `column`) is a kept student and gives its index. Otherwise the row is
/// left out: with a warning when the id belonged to a left-out row, else with an error.
pub(super) fn student_ref(
    cx: &mut RowCx<'_>,
    people: &People,
    column: &str,
    id: &str,
) -> Option<usize> {
    if id.is_empty() {
        return None;
    }
    match people.who(id) {
        Who::Student(i) => return Some(i),
        Who::Staff => cx.leave_out(
            Some(column),
            Msg::new(
                format!("`{id}` is a staff_id, not a student_id"),
                format!("`{id}` 是教职工编号（staff_id），不是学号（student_id）"),
            ),
        ),
        Who::LeftOut(file, line) => {
            let msg = left_out_message(id, file, line);
            cx.warning(Some(column), msg.then("; row left out", "；该行未计入"));
            cx.bad = true;
        }
        Who::Unknown => cx.leave_out(
            Some(column),
            Msg::new(
                format!("unknown student `{id}`"),
                format!("未知学生 `{id}`"),
            ),
        ),
    }
    None
}

/// A class from the row's `class` and `school` cells, when `class` holds a value.
pub(super) fn class_of(cx: &RowCx<'_>) -> Option<ClassKey> {
    cx.opt("class").map(|class| ClassKey {
        school: cx.get("school").to_owned(),
        class,
    })
}
