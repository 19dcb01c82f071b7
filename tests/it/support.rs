//! Shared helpers for the hand-computed integration tests: loading the small record sets of
//! `fixtures/small/`, the shipped policies, evaluating, and looking results up by id.

use careplan::eval::{
    ClassResult, Decision, EvalOptions, HelperResult, ObligationRow, StudentResult, evaluate,
};
use careplan::policy::Policy;
use careplan::records::{Finding, Records};
use chrono::NaiveDate;
use std::path::PathBuf;

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `fixtures/small/<name>`.
pub fn small(name: &str) -> PathBuf {
    root().join("fixtures").join("small").join(name)
}

/// `policies/<name>`.
pub fn policy_dir(name: &str) -> PathBuf {
    root().join("policies").join(name)
}

/// A day written `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date is YYYY-MM-DD")
}

/// Loads `fixtures/small/<name>` and checks it loads without a single finding: every small
/// set except the ones about bad rows is clean, so any finding is a broken fixture.
pub fn clean_records(name: &str) -> Records {
    let records = careplan::records::load_dir(&small(name)).expect("small record set loads");
    assert_eq!(
        records.findings,
        Vec::<Finding>::new(),
        "fixtures/small/{name} should load without findings"
    );
    records
}

/// A shipped policy package.
pub fn shipped(name: &str) -> Policy {
    careplan::policy::load_dir(&policy_dir(name)).expect("shipped policy loads")
}

/// The text of a shipped `plan.ron` with one piece replaced (exactly once), parsed.
pub fn shipped_with(name: &str, from: &str, to: &str) -> Policy {
    let path = policy_dir(name).join("plan.ron");
    let text = std::fs::read_to_string(&path).expect("shipped plan.ron is readable");
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` occurs once in {name}"
    );
    parse(&text.replace(from, to))
}

/// Parses an inline policy.
pub fn parse(src: &str) -> Policy {
    careplan::policy::parse("test.ron", src).expect("test policy parses")
}

/// Evaluates as of a day, for the academic year of the latest term started by then.
pub fn eval(policy: &Policy, records: &Records, as_of: &str) -> Decision {
    eval_year(policy, records, as_of, None)
}

/// Evaluates as of a day for a given academic year (or the default one).
pub fn eval_year(policy: &Policy, records: &Records, as_of: &str, year: Option<&str>) -> Decision {
    let opts = EvalOptions {
        as_of: date(as_of),
        year: year.map(str::to_owned),
    };
    evaluate(policy, records, &opts).expect("evaluation runs")
}

/// The student result of `id`.
pub fn student<'a>(d: &'a Decision, id: &str) -> &'a StudentResult {
    d.students
        .iter()
        .find(|s| s.student_id == id)
        .unwrap_or_else(|| panic!("student {id} is in the decision"))
}

/// Whether `id` is listed in the decision's students.
pub fn has_student(d: &Decision, id: &str) -> bool {
    d.students.iter().any(|s| s.student_id == id)
}

/// The prizes of a student as `(tier id, fen)`.
pub fn awards(s: &StudentResult) -> Vec<(&str, i64)> {
    s.awards
        .iter()
        .map(|a| (a.award.as_str(), a.amount_fen))
        .collect()
}

/// The points of one point rule in a student's trace.
pub fn rule_points(s: &StudentResult, rule: &str) -> Option<i64> {
    s.trace
        .iter()
        .find(|r| r.rule == rule)
        .and_then(|r| r.points)
}

/// The helper result of `id`.
pub fn helper<'a>(d: &'a Decision, id: &str) -> &'a HelperResult {
    d.helpers
        .iter()
        .find(|h| h.helper_id == id)
        .unwrap_or_else(|| panic!("helper {id} is in the decision"))
}

/// The ids of the helpers paid, in decision order.
pub fn helper_ids(d: &Decision) -> Vec<&str> {
    d.helpers.iter().map(|h| h.helper_id.as_str()).collect()
}

/// The class result of `name`.
pub fn class<'a>(d: &'a Decision, name: &str) -> &'a ClassResult {
    d.classes
        .iter()
        .find(|c| c.class == name)
        .unwrap_or_else(|| panic!("class {name} is in the decision"))
}

/// The obligation rows of one rule and student, in window order.
pub fn rows<'a>(d: &'a Decision, rule: &str, student_id: &str) -> Vec<&'a ObligationRow> {
    d.obligations
        .iter()
        .filter(|r| r.rule == rule && r.student_id == student_id)
        .collect()
}

/// A compact view of rows: `(window start, status, contact date)` as strings.
pub fn row_view(rows: &[&ObligationRow]) -> Vec<(String, &'static str, Option<String>)> {
    rows.iter()
        .map(|r| {
            (
                r.window_start.to_string(),
                r.status.as_str(),
                r.contact_date.map(|c| c.to_string()),
            )
        })
        .collect()
}

/// The row of one rule, student and window start.
pub fn row<'a>(d: &'a Decision, rule: &str, student_id: &str, start: &str) -> &'a ObligationRow {
    let start = date(start);
    d.obligations
        .iter()
        .find(|r| r.rule == rule && r.student_id == student_id && r.window_start == start)
        .unwrap_or_else(|| panic!("a {rule} row of {student_id} starting {start}"))
}

/// A fresh, empty directory under Cargo's per-target temporary directory.
pub fn tmp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("old temp dir removed");
    }
    std::fs::create_dir_all(&dir).expect("temp dir created");
    dir
}

/// The columns of `students.csv`, as the header line (without its line break).
pub const STUDENTS_COLUMNS: &str = "student_id,name,gender,birth_date,grade,class,left_behind,single_parent,potential_student,guardian_name,guardian_relation,guardian_phone,father_name,father_phone,father_workplace,mother_name,mother_phone,mother_workplace,home_address,health,enrolled_on,left_on,left_reason";

/// Writes a record set of `files` (name, text) into a fresh temporary directory `name`.
pub fn write_records(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = tmp_dir(name);
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("record file written");
    }
    dir
}

/// Writes a record set (see [`write_records`]) and loads it without findings.
pub fn records_of(name: &str, files: &[(&str, &str)]) -> Records {
    let records = careplan::records::load_dir(&write_records(name, files)).expect("records load");
    assert_eq!(
        records.findings,
        Vec::<Finding>::new(),
        "{name} loads clean"
    );
    records
}
