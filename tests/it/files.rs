//! Child files and the filing rate (Plan 2 §Third(1).2), enrollment and retention rates (Plan 2
//! §Second.2), on `fixtures/small/files` with the shipped `school-files-triple-care`.
//!
//! Class 7-1: F1 (left-behind, complete), F2 (left-behind, no `guardian_phone`), F3
//! (left-behind and single-parent, no father fields: complete with `OneParent`), F4 (not
//! left-behind, no `home_address`: not covered), F5 (left-behind, transfers out 2026-04-15).
//! Class 7-2: F6 (left-behind, drops out 2026-05-20), F7 (left-behind, joins 2025-10-15), F8
//! (left-behind, complete), F9 (left-behind, drops out 2025-10-10).

use crate::support::*;

const AS_OF: &str = "2026-07-31";

#[test]
fn filing_rate_counts_the_roster_of_the_assessment_day() {
    let d = eval(
        &shipped("school-files-triple-care"),
        &clean_records("files"),
        AS_OF,
    );
    let f = d.child_files.as_ref().expect("the plan has child files");
    // Roster of 2026-07-10: left-behind children enrolled that day: F1, F2, F3, F7, F8 (F5,
    // F6 and F9 have left). Complete: F1, F3 (mother's fields suffice), F7, F8 → 4 of 5.
    assert_eq!(f.roster_day, date("2026-07-10"));
    assert_eq!((f.complete, f.covered), (4, 5));
    assert_eq!(f.filing_rate, Some(0.8)); // 4 / 5
    assert!(!f.meets_target, "80% < the 100% target");
    // 7-1: F1, F2, F3 → 2 of 3 = 0.6667; 7-2: F7, F8 → 2 of 2.
    let classes: Vec<(&str, u32, u32, Option<f64>)> = f
        .classes
        .iter()
        .map(|c| (c.class.as_str(), c.covered, c.complete, c.filing_rate))
        .collect();
    assert_eq!(
        classes,
        [("7-1", 3, 2, Some(0.6667)), ("7-2", 2, 2, Some(1.0))]
    );
    // One incomplete file, named by field, never by value.
    assert_eq!(f.incomplete.len(), 1);
    assert_eq!(f.incomplete[0].student_id, "F2");
    assert_eq!(f.incomplete[0].missing, ["guardian_phone"]);
    let json = careplan::report::json::render(
        &d,
        careplan::report::ObligationFilter::None,
        careplan::lang::Lang::En,
    );
    assert!(!json.contains("000-0000"), "no phone number in the report");
}

#[test]
fn both_parents_reading_makes_a_single_parent_file_incomplete() {
    let policy = shipped_with(
        "school-files-triple-care",
        "single_parent: OneParent",
        "single_parent: BothParents",
    );
    let d = eval(&policy, &clean_records("files"), AS_OF);
    let f = d.child_files.as_ref().expect("child files");
    // F3 now misses its father's three fields: 3 of 5 complete.
    assert_eq!((f.complete, f.covered), (3, 5));
    let f3 = f
        .incomplete
        .iter()
        .find(|c| c.student_id == "F3")
        .expect("F3 incomplete");
    assert_eq!(
        f3.missing,
        ["father_name", "father_phone", "father_workplace"],
        "in the plan's field order"
    );
}

#[test]
fn retention_counts_dropouts_not_transfers() {
    let d = eval(
        &shipped("school-files-triple-care"),
        &clean_records("files"),
        AS_OF,
    );
    let e = d.enrollment.as_ref().expect("the plan has enrollment");
    // Count day = the year's first day, 2025-09-01. Left-behind children enrolled that day:
    // F1, F2, F3, F5, F6, F8, F9 = 7 (F7 joins later). Nobody dropped out before it, so the
    // roster is 7. The records have no catchment list: the enrollment rate cannot be computed
    // (and does not meet its target).
    assert_eq!(e.count_day, date("2025-09-01"));
    assert_eq!((e.enrolled, e.roster), (7, 7));
    assert_eq!((e.catchment, e.enrollment_rate), (None, None));
    assert!(!e.meets_enrollment_target);
    // Dropouts after it: F9 (2025-10-10) and F6 (2026-05-20); F5's transfer is not one.
    // Retained 7 − 2 = 5 → 5 / 7 = 0.714285… → 0.7143.
    assert_eq!((e.dropouts, e.retained), (2, 5));
    assert_eq!(e.retention_rate, Some(0.7143));
    assert!(!e.meets_retention_target);
    // 7-1: F1, F2, F3, F5, no dropout → 4 / 4; 7-2: F6, F8, F9, two dropouts → 1 / 3.
    let classes: Vec<(&str, u32, u32, Option<f64>)> = e
        .classes
        .iter()
        .map(|c| (c.class.as_str(), c.enrolled, c.dropouts, c.retention_rate))
        .collect();
    assert_eq!(
        classes,
        [("7-1", 4, 0, Some(1.0)), ("7-2", 3, 2, Some(0.3333))]
    );
    let left: Vec<(&str, String, Option<&str>, bool)> = e
        .left
        .iter()
        .map(|l| {
            (
                l.student_id.as_str(),
                l.left_on.to_string(),
                l.left_reason,
                l.counts_as_dropout,
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            ("F5", "2026-04-15".to_owned(), Some("transfer"), false),
            ("F6", "2026-05-20".to_owned(), Some("dropout"), true),
            ("F9", "2025-10-10".to_owned(), Some("dropout"), true),
        ]
    );
    let joined: Vec<&str> = e.joined.iter().map(|j| j.student_id.as_str()).collect();
    assert_eq!(joined, ["F7"]);
}

#[test]
fn a_later_count_day_counts_a_dropout_before_it_in_the_roster() {
    let policy = shipped_with(
        "school-files-triple-care",
        "count_on: YearStart",
        "count_on: MonthDay(month: 10, day: 20)",
    );
    let d = eval(&policy, &clean_records("files"), AS_OF);
    let e = d.enrollment.as_ref().expect("enrollment");
    // Count day 2025-10-20. Enrolled: F1, F2, F3, F5, F6, F7, F8 = 7; F9 dropped out on
    // 2025-10-10, before it: roster 8, of which 7 on roll; 7-2's on-roll share: F6, F7, F8 of
    // F6, F7, F8, F9 = 3 / 4 = 0.75.
    assert_eq!(e.count_day, date("2025-10-20"));
    assert_eq!((e.enrolled, e.roster), (7, 8));
    let c72 = e.classes.iter().find(|c| c.class == "7-2").expect("7-2");
    assert_eq!(c72.enrollment_rate, Some(0.75));
    // Dropouts after it: F6 only → 6 / 7 = 0.857142… → 0.8571.
    assert_eq!((e.dropouts, e.retained), (1, 6));
    assert_eq!(e.retention_rate, Some(0.8571));
    assert!(e.joined.is_empty(), "F7 joined before the count day");
}

#[test]
fn plans_without_the_family_have_no_section() {
    // Plan 5 keeps no files, enrollment, plans or class assessment; Plan 1 no activities.
    for (package, keys) in [
        (
            "class-hand-in-hand",
            &[
                "child_files",
                "enrollment",
                "individual_plans",
                "class_assessment",
            ][..],
        ),
        (
            "school-weekly-talks",
            &["activities", "activity_summary"][..],
        ),
    ] {
        let d = eval(&shipped(package), &clean_records("files"), AS_OF);
        assert!(d.child_files.is_none() && d.enrollment.is_none());
        let json = careplan::report::json::render(
            &d,
            careplan::report::ObligationFilter::None,
            careplan::lang::Lang::En,
        );
        for key in keys {
            assert!(
                !json.contains(&format!("\"{key}\"")),
                "{package}: no `{key}` key"
            );
        }
    }
    // Neither family is in Plan 5 only while its plan has none: with them, the keys appear.
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("files"),
        AS_OF,
    );
    let json = careplan::report::json::render(
        &d,
        careplan::report::ObligationFilter::None,
        careplan::lang::Lang::En,
    );
    assert!(json.contains("\"pairing_schemes\"") && json.contains("\"activities\""));
}
