//! Helper pay (Plan 5 §6; docs/src/reference/semantics.md "Money", "Academic year"): a child's points are split
//! equally between its helpers under the plan's scheme and paid at `fen_per_point`; an
//! unpaired child's points go to the class's head teacher, or unpaid with `unpaired: Nobody`.
//!
//! `fixtures/small/helpers`, shipped class-hand-in-hand (scheme `hand_in_hand`, 100 fen per
//! point). Ranks: first-semester final E2 1, E3 2, E1 3, E4 4; final E1 1, E2 2, E3 3, E4 4.
//! - E1 (7-1, left-behind): 3 → 1: 2 × 10 = 20; top five on both: 10; serious row: 0;
//!   三好学生: 10 → 40. Helpers V9, V10, V2 (hand_in_hand).
//! - E2 (7-1, left-behind): 1 → 2: 0; 10; 20; 0 → 30. Unpaired.
//! - E4 (7-1, single-parent): 4 → 4: 0; 10; 20; 0 → 30. Only a `one_help_one` pairing and a
//!   hand_in_hand one that ended 2025-06-30, before the year: unpaired.
//! - E5 (7-1, left-behind): no exam: 0 + 0 + 20 + 0 = 20. Paired with V5 from 2026-07-01
//!   (inside the year, which ends 2026-07-10).
//! - F1 (7-2, left-behind), G1 (7-3, left-behind): no exam: 0 + 0 + 20 + 0 = 20 each.
//! - Head teachers: H1 for 7-1; H3 and H20 for 7-2; none for 7-3 (T7 is only a teacher).

use crate::support::*;
use careplan::eval::Ratio;
use careplan::records::Severity;

const AS_OF: &str = "2026-07-31";

#[test]
fn points_are_as_computed() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("helpers"),
        AS_OF,
    );
    let pts = |id| student(&d, id).points;
    assert_eq!(pts("E1"), Some(40)); // 20 + 10 + 0 + 10
    assert_eq!(pts("E2"), Some(30)); // 0 + 10 + 20 + 0
    assert_eq!(pts("E3"), None); // neither left-behind nor single-parent
    assert_eq!(pts("E4"), Some(30)); // 0 + 10 + 20 + 0
    assert_eq!(pts("E5"), Some(20)); // 0 + 0 + 20 + 0
    assert_eq!(pts("F1"), Some(20)); // 0 + 0 + 20 + 0
    assert_eq!(pts("G1"), Some(20)); // 0 + 0 + 20 + 0
}

#[test]
fn three_helpers_split_money_exactly_extra_fen_to_lowest_id() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("helpers"),
        AS_OF,
    );
    // Plain string order: "V10" < "V2" < "V9".
    assert_eq!(student(&d, "E1").helpers, ["V10", "V2", "V9"]);
    // 40 points × 100 fen = 4000 fen; 4000 / 3 = 1333 remainder 1 → the 1 extra fen to V10.
    assert_eq!(helper(&d, "V10").amount_fen, 1334);
    assert_eq!(helper(&d, "V2").amount_fen, 1333);
    assert_eq!(helper(&d, "V9").amount_fen, 1333);
    // 1334 + 1333 + 1333 = 4000: nothing lost or created.
    // Points: 40 / 3 each.
    for id in ["V10", "V2", "V9"] {
        let h = helper(&d, id);
        assert_eq!(h.points, Ratio::new(40, 3), "{id}");
        assert_eq!(h.children.len(), 1, "{id}");
        assert_eq!(h.children[0].student_id, "E1");
        assert_eq!(h.children[0].via, "pairing");
        assert_eq!(h.children[0].points, Ratio::new(40, 3));
    }
}

#[test]
fn unpaired_children_go_to_the_head_teacher() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("helpers"),
        AS_OF,
    );
    // E2 (30) and E4 (30) are unpaired in 7-1 → H1: 60 points, 60 × 100 = 6000 fen.
    assert_eq!(student(&d, "E2").helpers, ["H1"]);
    assert_eq!(student(&d, "E4").helpers, ["H1"]);
    let h1 = helper(&d, "H1");
    assert_eq!(h1.points, Ratio::whole(60));
    assert_eq!(h1.amount_fen, 6000);
    let kids: Vec<(&str, i64, &str)> = h1
        .children
        .iter()
        .map(|c| (c.student_id.as_str(), c.amount_fen, c.via))
        .collect();
    assert_eq!(
        kids,
        [("E2", 3000, "head_teacher"), ("E4", 3000, "head_teacher")]
    );
    // E5 is paired with V5 from 2026-07-01: 20 × 100 = 2000 fen to V5, not to H1.
    assert_eq!(student(&d, "E5").helpers, ["V5"]);
    assert_eq!(helper(&d, "V5").amount_fen, 2000);
    // 7-1: 40 + 30 + 30 + 20 = 120 points, all paid: 4000 + 6000 + 2000 = 12000 fen.
    let c = class(&d, "7-1");
    assert_eq!(c.head_teacher.as_deref(), Some("H1"));
    assert_eq!((c.assessed, c.points, c.unpaid_points), (4, 120, 0));
    assert_eq!(c.helper_awards_fen, 12000);
}

#[test]
fn two_head_teachers_lowest_id_is_credited_with_a_warning() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("helpers"),
        AS_OF,
    );
    // 7-2 has H3 (first in the file) and H20: plain string order "H20" < "H3" → H20.
    assert_eq!(class(&d, "7-2").head_teacher.as_deref(), Some("H20"));
    assert_eq!(student(&d, "F1").helpers, ["H20"]);
    // F1: 20 points × 100 = 2000 fen.
    assert_eq!(helper(&d, "H20").amount_fen, 2000);
    assert!(!helper_ids(&d).contains(&"H3"));
    let warned = d.findings.iter().any(|f| {
        f.severity == Severity::Warning
            && f.file == "staff.csv"
            && f.message.contains("7-2")
            && f.message.contains("H20")
    });
    assert!(
        warned,
        "a warning names class 7-2 and H20: {:#?}",
        d.findings
    );
}

#[test]
fn no_head_teacher_points_go_unpaid_with_a_warning() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("helpers"),
        AS_OF,
    );
    let c = class(&d, "7-3");
    assert_eq!(c.head_teacher, None);
    // G1's 20 points: nobody credited.
    assert!(student(&d, "G1").helpers.is_empty());
    assert_eq!((c.assessed, c.points, c.unpaid_points), (1, 20, 20));
    assert_eq!(c.helper_awards_fen, 0);
    let warned = d.findings.iter().any(|f| {
        f.severity == Severity::Warning && f.message.contains("7-3") && f.message.contains("G1")
    });
    assert!(
        warned,
        "a warning names class 7-3 and G1: {:#?}",
        d.findings
    );
    // Helpers paid, by id: H1, H20, V10, V2, V5, V9.
    assert_eq!(helper_ids(&d), ["H1", "H20", "V10", "V2", "V5", "V9"]);
    // Totals: points 120 + 20 + 20 = 160; unpaid 20; pay 12000 + 2000 (H20) = 14000 fen.
    assert_eq!(d.totals.points, 160);
    assert_eq!(d.totals.unpaid_points, 20);
    assert_eq!(d.totals.helper_awards_fen, 14000);
}

#[test]
fn unpaired_nobody_leaves_points_unpaid() {
    let policy = shipped_with(
        "class-hand-in-hand",
        "unpaired: HeadTeacher",
        "unpaired: Nobody",
    );
    let d = eval(&policy, &clean_records("helpers"), AS_OF);
    // Only paired children's helpers are paid: E1's three (4000) and E5's V5 (2000) = 6000.
    assert_eq!(helper_ids(&d), ["V10", "V2", "V5", "V9"]);
    assert_eq!(d.totals.helper_awards_fen, 6000);
    // 7-1: E2 30 + E4 30 = 60 unpaid of 120; 7-2: F1 20 of 20; 7-3: G1 20 of 20.
    assert_eq!(class(&d, "7-1").unpaid_points, 60);
    assert_eq!(class(&d, "7-1").points, 120);
    assert_eq!(class(&d, "7-1").helper_awards_fen, 6000);
    assert_eq!(class(&d, "7-2").unpaid_points, 20);
    assert_eq!(class(&d, "7-3").unpaid_points, 20);
    // 60 + 20 + 20 = 100 unpaid of 160.
    assert_eq!(d.totals.unpaid_points, 100);
    assert_eq!(d.totals.points, 160);
    assert!(student(&d, "E2").helpers.is_empty());
}

#[test]
fn a_pairing_counts_once_it_has_started_by_the_as_of_date() {
    let policy = shipped("class-hand-in-hand");
    let records = clean_records("helpers");
    // As of 2026-06-30 the year so far is 2025-09-01..2026-06-30: V5's pairing with E5 (from
    // 2026-07-01) does not overlap it, so E5 is unpaired and credited to head teacher H1.
    let d = eval(&policy, &records, "2026-06-30");
    assert_eq!(student(&d, "E5").helpers, ["H1"]);
    assert!(!helper_ids(&d).contains(&"V5"));
    // Provisional (the final does not count yet): E1 0 + 0 + 0 + 10 = 10; E2, E4, E5
    // 0 + 0 + 20 + 0 = 20 each. H1: E2 + E4 + E5 = 60 points = 6000 fen.
    assert_eq!(student(&d, "E1").points, Some(10));
    assert_eq!(helper(&d, "H1").amount_fen, 6000);
    // E1's 10 points: 1000 fen / 3 = 333 remainder 1 → V10 334, V2 333, V9 333.
    assert_eq!(helper(&d, "V10").amount_fen, 334);
    assert_eq!(helper(&d, "V9").amount_fen, 333);
    // As of 2026-07-31 it overlaps the year (2026-07-01 <= 2026-07-10): E5 → V5.
    let d = eval(&policy, &records, "2026-07-31");
    assert_eq!(student(&d, "E5").helpers, ["V5"]);
}
