//! A head teacher's own division of a class's hand-in-hand total (Plan 5 §6: "according to the
//! assessment of the relevant students in this class, the school head teacher divides them into
//! actual assessment scores"), read from `helper_split.csv`; the automatic split stays the
//! default, and a division that does not hold up is an error finding and falls back to it.
//!
//! Record set (written here), shipped class-hand-in-hand (scheme `hand_in_hand`, 100 fen a
//! point, first year 2025-2026 so the rank base is the first-semester final), as of 2026-07-31:
//! - 7-1: A1, A2 left-behind, A3 single-parent, A4 neither (not assessed).
//!   First-semester final: A2 100 (1), A3 90 (2), A1 80 (3), A4 70 (4).
//!   Second-semester final: A1 100 (1), A2 95 (2), A3 90 (3), A4 85 (4).
//!   - A1: 3 → 1: 2 places × 10 = 20; top five on both: 10; no serious row: 20; 三好学生: 10
//!     → 60.
//!   - A2: 1 → 2: 0; 10; 20; 0 → 30.
//!   - A3: 2 → 3: 0; 10; a serious conduct row: 0; 0 → 10.
//!   - Class 7-1's total: 60 + 30 + 10 = 100 points.
//!   - Automatic split: A1 → V1, V2 (30 points, 3000 fen each); A2 → V2 (3000 fen); A3 is
//!     unpaired → head teacher H1 (1000 fen). V1 3000, V2 6000, H1 1000 = 10000 fen.
//! - 7-2: B1 left-behind, no exam: 0 + 0 + 20 + 0 = 20 points, paired with V3: 2000 fen; the
//!   file has no row for 7-2, so it keeps the automatic split. T9 is a teacher of 7-2.

use crate::support::*;
use careplan::eval::Decision;
use careplan::lang::Lang;
use careplan::records::Severity;
use careplan::report::ObligationFilter;
use careplan::report::explain::{Subject, explain};

const AS_OF: &str = "2026-07-31";

const CALENDAR: &str = "kind,start,end,label\n\
    term,2025-09-01,2026-01-16,2025-2026-1\n\
    term,2026-03-02,2026-07-10,2025-2026-2\n";

const STAFF: &str = "staff_id,name,role,class\n\
    H1,Head One,head_teacher;teacher,7-1\n\
    V1,Volunteer One,volunteer,7-1\n\
    V2,Volunteer Two,volunteer,7-1\n\
    H2,Head Two,head_teacher,7-2\n\
    V3,Volunteer Three,volunteer,7-2\n\
    T9,Teacher Nine,teacher,7-2\n";

const EXAMS: &str = "student_id,term,total\n\
    A2,2025-2026-1,100\n\
    A3,2025-2026-1,90\n\
    A1,2025-2026-1,80\n\
    A4,2025-2026-1,70\n\
    A1,2025-2026-2,100\n\
    A2,2025-2026-2,95\n\
    A3,2025-2026-2,90\n\
    A4,2025-2026-2,85\n";

const CONDUCT: &str = "date,student_id,severity,note\n2025-11-03,A3,serious,fight\n";

const HONORS: &str = "student_id,academic_year,title\nA1,2025-2026,三好学生\n";

const PAIRINGS: &str = "mentor_id,mentee_id,scheme,start,end\n\
    V1,A1,hand_in_hand,2025-09-01,\n\
    V2,A1,hand_in_hand,2025-09-01,\n\
    V2,A2,hand_in_hand,2025-09-01,\n\
    V3,B1,hand_in_hand,2025-09-01,\n";

fn students() -> String {
    let row = |id: &str, class: &str, lb: &str, sp: &str| {
        format!(
            "{id},Child {id},F,2013-05-02,7,{class},{lb},{sp},no,Guardian,grandmother,,Father,,Dongguan,Mother,,Dongguan,,good,2025-09-01,,\n"
        )
    };
    format!(
        "{STUDENTS_COLUMNS}\n{}{}{}{}{}",
        row("A1", "7-1", "yes", "no"),
        row("A2", "7-1", "yes", "no"),
        row("A3", "7-1", "no", "yes"),
        row("A4", "7-1", "no", "no"),
        row("B1", "7-2", "yes", "no"),
    )
}

/// The record set with `split` as `helper_split.csv` (when given), evaluated.
fn decide(name: &str, split: Option<&str>) -> Decision {
    let records = careplan::records::load_dir(&record_set(name, split)).expect("records load");
    assert_eq!(records.findings, Vec::new(), "{name} loads clean");
    eval(&shipped("class-hand-in-hand"), &records, AS_OF)
}

/// The record set (see the module comment) with `split` as `helper_split.csv` (when given),
/// written into a fresh temporary directory `name` (also read by the JSON contract tests).
pub(crate) fn record_set(name: &str, split: Option<&str>) -> std::path::PathBuf {
    let students = students();
    let mut files = vec![
        ("calendar.csv", CALENDAR),
        ("students.csv", students.as_str()),
        ("staff.csv", STAFF),
        ("exams.csv", EXAMS),
        ("conduct.csv", CONDUCT),
        ("honors.csv", HONORS),
        ("pairings.csv", PAIRINGS),
        // Present but empty: the plan's other rules then warn about nothing.
        ("contacts.csv", "date,student_id,staff_id,kind,note\n"),
        ("activities.csv", "date,kind,class,student_id\n"),
    ];
    if let Some(s) = split {
        files.push(("helper_split.csv", s));
    }
    write_records(name, &files)
}

/// (helper, points, fen) of every helper paid.
fn pay(d: &Decision) -> Vec<(&str, String, i64)> {
    d.helpers
        .iter()
        .map(|h| (h.helper_id.as_str(), h.points.to_string(), h.amount_fen))
        .collect()
}

/// The automatic split of the record set (see the module comment).
fn automatic() -> Vec<(&'static str, String, i64)> {
    vec![
        ("H1", "10".to_owned(), 1000),
        ("V1", "30".to_owned(), 3000),
        ("V2", "60".to_owned(), 6000),
        ("V3", "20".to_owned(), 2000),
    ]
}

#[test]
fn without_the_file_the_split_is_automatic() {
    let d = decide("split-none", None);
    // A1 60, A2 30, A3 10 (module comment): class 7-1's total 100 points.
    assert_eq!(student(&d, "A1").points, Some(60));
    assert_eq!(student(&d, "A2").points, Some(30));
    assert_eq!(student(&d, "A3").points, Some(10));
    assert_eq!(student(&d, "A4").points, None);
    assert_eq!(class(&d, "7-1").points, 100);
    // V1: 60 / 2 = 30 points, 3000 fen; V2: 30 (A1) + 30 (A2) = 60, 6000 fen; H1: A3's 10,
    // 1000 fen; V3: B1's 20, 2000 fen.
    assert_eq!(pay(&d), automatic());
    assert!(d.classes.iter().all(|c| c.head_teacher_split.is_none()));
    assert!(d.findings.is_empty(), "{:#?}", d.findings);
}

#[test]
fn the_head_teachers_division_is_paid_when_it_sums_to_the_class_total() {
    let split = "academic_year,class,helper_id,points\n\
        2025-2026,7-1,V1,50\n\
        2025-2026,7-1,V2,35\n\
        2025-2026,7-1,H1,15\n";
    let d = decide("split-valid", Some(split));
    assert!(d.findings.is_empty(), "{:#?}", d.findings);
    // Class 7-1's total: A1 60 + A2 30 + A3 10 = 100 points. The head teacher's shares:
    // V1 50 + V2 35 + H1 15 = 100 = the total, so the division is used. Pay at 100 fen a
    // point: V1 50 × 100 = 5000 fen, V2 35 × 100 = 3500 fen, H1 15 × 100 = 1500 fen;
    // 5000 + 3500 + 1500 = 10000 fen = 100 points × 100, nothing lost or created.
    // 7-2 has no row: V3 keeps B1's 20 points, 2000 fen.
    assert_eq!(
        pay(&d),
        [
            ("H1", "15".to_owned(), 1500),
            ("V1", "50".to_owned(), 5000),
            ("V2", "35".to_owned(), 3500),
            ("V3", "20".to_owned(), 2000),
        ]
    );
    // The shares say where they were read from (line 2 is V1's row), and the class's
    // children are not listed as helped under the automatic rule.
    let v1 = helper(&d, "V1");
    assert!(v1.children.is_empty());
    let s = &v1.class_shares[0];
    assert_eq!(
        (s.class.as_str(), s.class_points, s.points, s.amount_fen),
        ("7-1", 100, 50, 5000)
    );
    assert_eq!((s.file.as_str(), s.line), ("helper_split.csv", 2));
    assert_eq!(helper(&d, "H1").class_shares[0].line, 4);
    assert!(helper(&d, "V3").class_shares.is_empty());
    assert_eq!(helper(&d, "V3").children.len(), 1);
    // The class: 100 points, none unpaid, 10000 fen of helper pay, from lines 2–4.
    let c = class(&d, "7-1");
    assert_eq!(
        (c.points, c.unpaid_points, c.helper_awards_fen),
        (100, 0, 10000)
    );
    let src = c.head_teacher_split.as_ref().expect("7-1 is divided");
    assert_eq!(src.lines, [2, 3, 4]);
    assert!(class(&d, "7-2").head_teacher_split.is_none());
    // 10000 (7-1) + 2000 (7-2) = 12000 fen of helper pay in all.
    assert_eq!(d.totals.helper_awards_fen, 12000);
    // Each child's trace says its points went into the divided total.
    let a3 = student(&d, "A3");
    assert_eq!(a3.helpers, ["H1", "V1", "V2"]);
    let why = a3
        .trace
        .iter()
        .find(|r| r.rule == "helpers")
        .expect("a helpers reason")
        .why
        .text(Lang::En);
    assert!(
        why.contains("class 7-1's total of 100 points")
            && why.contains("head teacher")
            && why.contains("helper_split.csv lines 2, 3, 4"),
        "{why}"
    );

    // explain --helper V1: the share, its line, the rate and the pay.
    let policy = shipped("class-hand-in-hand");
    let text = explain(&policy, &d, &Subject::Helper("V1".into()), Lang::En).expect("explains");
    assert!(
        text.contains(
            "class 7-1: 50 of the class's 100 points, as the head teacher divided them in \
             helper_split.csv line 2 (not the automatic split) × 1.00 yuan = 50.00 yuan"
        ),
        "{text}"
    );
    let zh = explain(&policy, &d, &Subject::Helper("V1".into()), Lang::Zh).expect("explains");
    assert!(zh.contains("由班主任分配（helper_split.csv 第2行"), "{zh}");
    // The text report and the JSON say so too.
    let report = careplan::report::text::render(&d, ObligationFilter::Overdue, Lang::En);
    assert!(
        report.contains(
            "helper pay divided by the head teacher in helper_split.csv lines 2, 3, 4, not by \
             the automatic rule"
        ),
        "{report}"
    );
    assert!(report.contains("as the head teacher divided them (helper_split.csv line 2)"));
    let json = careplan::report::json::render(&d, ObligationFilter::Overdue, Lang::En);
    assert!(json.contains("\"head_teacher_split\""), "{json}");
    assert!(json.contains("\"class_shares\""), "{json}");
}

#[test]
fn shares_that_do_not_sum_to_the_total_are_an_error_and_the_class_keeps_the_automatic_split() {
    // V1 50 + V2 35 + H1 10 = 95 ≠ 7-1's total of 100 points.
    let split = "academic_year,class,helper_id,points\n\
        2025-2026,7-1,V1,50\n\
        2025-2026,7-1,V2,35\n\
        2025-2026,7-1,H1,10\n";
    let d = decide("split-mismatch", Some(split));
    let errors: Vec<_> = d
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", d.findings);
    let f = errors[0];
    assert_eq!(
        (f.file.as_str(), f.line, f.column.as_deref()),
        ("helper_split.csv", Some(2), Some("points"))
    );
    assert!(
        f.message.contains("sum to 95 points")
            && f.message.contains("total is 100 points")
            && f.message.contains("keeps the automatic split"),
        "{}",
        f.message
    );
    // The automatic split of the module comment: V1 3000, V2 6000, H1 1000, V3 2000 fen.
    assert_eq!(pay(&d), automatic());
    assert!(class(&d, "7-1").head_teacher_split.is_none());
}

#[test]
fn an_unknown_helper_is_an_error_at_its_line_and_the_class_keeps_the_automatic_split() {
    // The shares sum to 100, but X99 is nobody of staff.csv or students.csv.
    let split = "academic_year,class,helper_id,points\n\
        2025-2026,7-1,V1,50\n\
        2025-2026,7-1,V2,35\n\
        2025-2026,7-1,X99,15\n";
    let d = decide("split-unknown", Some(split));
    assert_eq!(d.findings.len(), 1, "{:#?}", d.findings);
    let f = &d.findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        (f.file.as_str(), f.line, f.column.as_deref()),
        ("helper_split.csv", Some(4), Some("helper_id"))
    );
    assert!(
        f.message.contains("unknown helper `X99`")
            && f.message.contains("total for 2025-2026 is 100 points")
            && f.message.contains("keeps the automatic split"),
        "{}",
        f.message
    );
    assert_eq!(pay(&d), automatic());
}

#[test]
fn a_helper_of_another_class_is_an_error() {
    // V3 helps B1 of 7-2 and T9 is a teacher of 7-2 paired with nobody: neither is a helper
    // of 7-1 (7-1's helpers: V1, V2 paired with its children, H1 its head teacher).
    let split = "academic_year,class,helper_id,points,note\n\
        2025-2026,7-1,V1,50,\n\
        2025-2026,7-1,V3,35,\n\
        2025-2026,7-1,T9,15,\n\
        2024-2025,7-1,V1,999,another year: not this decision's\n";
    let d = decide("split-other-class", Some(split));
    let at: Vec<(Option<usize>, Option<&str>)> = d
        .findings
        .iter()
        .map(|f| (f.line, f.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        [(Some(3), Some("helper_id")), (Some(4), Some("helper_id"))],
        "{:#?}",
        d.findings
    );
    assert!(
        d.findings[0]
            .message
            .contains("`V3` is not a helper of class `7-1`")
    );
    assert!(d.findings[1].message.contains("100 points"));
    assert_eq!(pay(&d), automatic());
}

#[test]
fn points_that_are_not_whole_and_a_helper_twice_are_errors_in_the_schools_own_headers() {
    // The school's sheet 帮扶积分分配 with Chinese headers (schema.ron maps them). Row 3 gives
    // V2 `35.5` points, row 4 names V1 a second time: two errors, at the headers as written,
    // each naming 7-1's total of 100 points; the class keeps the automatic split.
    let schema = r#"Schema(files: {
        "helper_split": (
            file: "帮扶积分分配.csv",
            columns: {"academic_year": "学年", "class": "班级", "helper_id": "帮扶人编号", "points": "分配积分"},
        ),
    })"#;
    let split = "学年,班级,帮扶人编号,分配积分\n\
        2025-2026,7-1,V1,50\n\
        2025-2026,7-1,V2,35.5\n\
        2025-2026,7-1,V1,14.5\n";
    let students = students();
    let dir = write_records(
        "split-chinese",
        &[
            ("calendar.csv", CALENDAR),
            ("students.csv", students.as_str()),
            ("staff.csv", STAFF),
            ("exams.csv", EXAMS),
            ("conduct.csv", CONDUCT),
            ("honors.csv", HONORS),
            ("pairings.csv", PAIRINGS),
            ("contacts.csv", "date,student_id,staff_id,kind,note\n"),
            ("activities.csv", "date,kind,class,student_id\n"),
            ("schema.ron", schema),
            ("帮扶积分分配.csv", split),
        ],
    );
    let records = careplan::records::load_dir(&dir).expect("records load");
    assert!(records.findings.is_empty(), "{:#?}", records.findings);
    let d = eval(&shipped("class-hand-in-hand"), &records, AS_OF);
    let at: Vec<(&str, Option<usize>, Option<&str>)> = d
        .findings
        .iter()
        .map(|f| (f.file.as_str(), f.line, f.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            ("帮扶积分分配.csv", Some(3), Some("分配积分")),
            ("帮扶积分分配.csv", Some(4), Some("分配积分")),
            ("帮扶积分分配.csv", Some(4), Some("帮扶人编号")),
        ],
        "{:#?}",
        d.findings
    );
    assert!(
        d.findings[0]
            .message
            .contains("`35.5` is not a whole number")
    );
    assert!(d.findings[2].message.contains("first on line 2"));
    assert!(d.findings.iter().all(|f| f.severity == Severity::Error
        && f.message.contains("total for 2025-2026 is 100 points")));
    assert_eq!(pay(&d), automatic());
}

#[test]
fn a_plan_without_helper_pay_warns_that_the_file_is_not_used() {
    let split = "academic_year,class,helper_id,points\n2025-2026,7-1,V1,100\n";
    let students = students();
    let records = records_of(
        "split-no-helpers",
        &[
            ("calendar.csv", CALENDAR),
            ("students.csv", students.as_str()),
            ("staff.csv", STAFF),
            ("helper_split.csv", split),
        ],
    );
    let d = eval(&shipped("school-weekly-talks"), &records, AS_OF);
    assert!(d.helpers.is_empty());
    let f = d
        .findings
        .iter()
        .find(|f| f.file == "helper_split.csv")
        .expect("a finding about helper_split.csv");
    assert_eq!((f.severity, f.line), (Severity::Warning, Some(2)));
    assert!(f.message.contains("pays no helpers"), "{}", f.message);
}
