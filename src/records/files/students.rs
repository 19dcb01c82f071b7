//! Reading `students.csv`: the children, their files (the child-file columns), ID numbers.

use super::people::{People, class_of};
use crate::records::Msg;
use crate::records::contacts::FastMap;
use crate::records::csv_file::{RowCx, Table};
use crate::records::idcard;
use crate::records::{CHILD_FILE_FIELDS, ClassKey, FileFields, Finding, LeftReason, Student};
use std::collections::hash_map::Entry;

/// Reads `students.csv`, filling the student ids of `people`.
pub(in crate::records) fn read_students(
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
                    let msg = Msg::new(
                        format!("duplicate student_id `{id}`, first on line {}", first.get()),
                        format!("学号 `{id}` 重复，首次出现在第 {} 行", first.get()),
                    );
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
                Msg::new(
                    "empty name; reports show no name for this child",
                    "姓名为空；报告中该学生不显示姓名",
                ),
            );
        }
        if cx.get("class").is_empty() {
            cx.error(
                Some("class"),
                Msg::new(
                    "empty class; the child is in no class ranking and has no head teacher",
                    "班级为空；该学生不参加班级排名，也没有班主任",
                ),
            );
        }
        let birth_date = cx.opt_date("birth_date");
        let left_behind = cx.flag("left_behind");
        let single_parent = cx.flag("single_parent");
        let potential_student = cx.flag("potential_student");
        let poor = cx.opt_flag("poor");
        let enrolled_on = cx.date("enrolled_on");
        let left_on = cx.opt_date("left_on");
        let left_reason = left_reason(&mut cx);
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
                Msg::new(
                    format!(
                        "left_on {l} is on or before enrolled_on {e}: the student is never enrolled"
                    ),
                    format!("离校日期 {l} 不晚于入学日期 {e}：该学生从未在籍"),
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
        let file = child_file(&mut cx);
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
            poor,
            enrolled_on,
            left_on,
            left_reason,
            file,
            line: row.line,
        });
    }
    warn_id_like(t, &id_like, findings);
    same_names(t, &students, findings);
    students
}

/// The `left_reason` of a student row, when it holds a known word (an unknown word is an
/// error and read as absent).
fn left_reason(cx: &mut RowCx<'_>) -> Option<LeftReason> {
    match cx.lower("left_reason").as_str() {
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
    }
}

/// The child-file columns of a student row that hold a value, with the guardian's birthday
/// as an ISO date and a checked `id_number` (left out after an error when it is unusable).
fn child_file(cx: &mut RowCx<'_>) -> FileFields {
    let mut file: FileFields = CHILD_FILE_FIELDS
        .iter()
        .filter_map(|c| cx.opt(c).map(|v| (*c, v)))
        .collect();
    // The entrusted guardian's birthday (an elder's birthday, Plan 4 §(2).8), kept as an
    // ISO date when it is one.
    if let Some(d) = cx.opt_date("guardian_birth_date") {
        file.insert("guardian_birth_date", d.to_string());
    }
    match file.get("id_number").map(|v| id_number(cx, v)) {
        Some(Some(v)) => {
            file.insert("id_number", v);
        }
        Some(None) => {
            file.remove("id_number");
        }
        None => {}
    }
    file
}

/// One warning for the student ids (`line`, id) that hold an ID card number.
fn warn_id_like(t: &Table, id_like: &[(usize, String)], findings: &mut Vec<Finding>) {
    if let Some((line, id)) = id_like.first() {
        let (more, more_zh) = match id_like.len() - 1 {
            0 => (String::new(), String::new()),
            1 => (
                " (so does 1 more row)".to_owned(),
                "（另有 1 行也是）".to_owned(),
            ),
            n => (
                format!(" (so do {n} more rows)"),
                format!("（另有 {n} 行也是）"),
            ),
        };
        findings.push(t.finding(Finding::warning(
            &t.source.file,
            Some(*line),
            Some(t.header("student_id")),
            Msg::new(
                format!(
                    "student_id `{}` holds an ID card number{more}: such ids are masked in \
                     reports like ID numbers (--reveal shows them)",
                    crate::privacy::mask_numbers(id)
                ),
                format!(
                    "学号 `{}` 含身份证号{more_zh}：这样的学号在报告中像身份证号一样遮盖\
                     （--reveal 显示原值）",
                    crate::privacy::mask_numbers(id)
                ),
            ),
        )));
    }
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
                Msg::new(
                    format!(
                        "`{shown}` is a 15-digit ID number (the format before 1999); kept, but it \
                         has no check digit to verify"
                    ),
                    format!(
                        "`{shown}` 是 15 位身份证号（1999 年前的格式）；保留，但没有校验位可核对"
                    ),
                ),
            );
            return Some(v.to_owned());
        }
        IdCheck::Scientific => Msg::new(
            "Excel turned the ID number into a number in scientific notation and its last \
             digits are lost; type it again as text",
            "Excel 把身份证号变成了科学计数法的数字，后几位已丢失；请以文本格式重新输入",
        ),
        IdCheck::TrailingZeros => Msg::new(
            "the ID number ends in `000`: Excel kept only 15 digits of it and its last digits \
             are lost; type it again as text",
            "身份证号以 `000` 结尾：Excel 只保留了 15 位有效数字，后几位已丢失；请以文本格式重新输入",
        ),
        IdCheck::BadBirthDate => Msg::new(
            "the ID number's birth date (characters 7 to 14) is no date",
            "身份证号中的出生日期（第 7 至 14 位）不是有效日期",
        ),
        IdCheck::BadCheckDigit => Msg::new(
            "the ID number's last character is not its check digit: a digit is mistyped",
            "身份证号最后一位与校验位不符：有数字输错",
        ),
        IdCheck::Malformed => Msg::new(
            "is not an ID number: 18 characters (17 digits and a digit or X), or 15 digits",
            "不是身份证号：应为 18 位（17 位数字加一位数字或 X），或 15 位数字",
        ),
    };
    let sep = if why.en.starts_with("is ") { " " } else { ": " };
    let zh = why.zh.unwrap_or_default();
    cx.error(
        Some("id_number"),
        Msg::new(
            format!("`{shown}`{sep}{}; value ignored", why.en),
            format!("`{shown}`：{zh}；该值不计"),
        ),
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
                Msg::new(
                    format!(
                        "`{}` has the same name as the student on line {} of class `{}`: tell them \
                         apart by student_id",
                        s.student_id,
                        first.get(),
                        s.class
                    ),
                    format!(
                        "`{}` 与班级 `{}` 第 {} 行的学生同名：请以学号区分",
                        s.student_id,
                        s.class,
                        first.get()
                    ),
                ),
            ))),
            Entry::Vacant(v) => {
                v.insert(s.line);
            }
        }
    }
}
