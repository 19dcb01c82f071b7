//! Class ranks and student prizes (docs/src/reference/semantics.md "Class rank"; Plan 5 §6), on
//! `fixtures/small/ties` and `fixtures/small/stacking`, with the shipped class-hand-in-hand
//! policy: 1st on the final 100 yuan, 2nd–5th 30 yuan, ≥ 5 places of progress 15 yuan.

use crate::support::*;

const AS_OF: &str = "2026-07-31";

/// `ties`, second-semester final (2025-2026-2), class 7-1 (exams.csv `class` empty = 7-1):
/// A1 95, A2 92, A3 92.0, A4 88, A5 80, A6 80, A7 70; A8 sat it in 7-2 (99); A9 has no row.
/// Class 7-2: B1 100, A8 99, B2 50.
#[test]
fn competition_ranking_1224() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("ties"),
        AS_OF,
    );
    assert!(
        !d.provisional,
        "the final term ended 2026-07-10 <= 2026-07-31"
    );
    let rank = |id| student(&d, id).rank_final;
    // 95 → 1 (nobody higher).
    assert_eq!(rank("A1"), Some(1));
    // 92 and 92.0 are the same total: one child higher (95) → both 2.
    assert_eq!(rank("A2"), Some(2));
    assert_eq!(rank("A3"), Some(2));
    // 88: three higher (95, 92, 92) → 4, not 3.
    assert_eq!(rank("A4"), Some(4));
    // 80, 80: four higher (95, 92, 92, 88) → both 5.
    assert_eq!(rank("A5"), Some(5));
    assert_eq!(rank("A6"), Some(5));
    // 70: six higher → 7 (there is no 6th).
    assert_eq!(rank("A7"), Some(7));
    // No result for the term → no rank, and not counted in anybody's rank.
    assert_eq!(rank("A9"), None);
    // No first-semester results at all → no first-term rank for anybody.
    assert_eq!(student(&d, "A1").rank_first_term, None);
}

#[test]
fn exam_class_column_ranks_the_child_in_the_class_it_sat_the_exam_in() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("ties"),
        AS_OF,
    );
    // A8 is in 7-1 in students.csv but sat the final in 7-2: 7-2 totals 100 (B1), 99 (A8), 50 (B2).
    assert_eq!(student(&d, "B1").rank_final, Some(1)); // 100: nobody higher
    assert_eq!(student(&d, "A8").rank_final, Some(2)); // 99: one higher (100)
    assert_eq!(student(&d, "B2").rank_final, Some(3)); // 50: two higher
    // Had A8 (99) been ranked in 7-1, A1 (95) would be 2nd; it is 1st.
    assert_eq!(student(&d, "A1").rank_final, Some(1));
    // The student keeps the class of students.csv.
    assert_eq!(student(&d, "A8").class, "7-1");
}

#[test]
fn tied_ranks_are_all_paid_and_the_next_rank_is_skipped() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("ties"),
        AS_OF,
    );
    let a = |id| awards(student(&d, id));
    // rank 1 → excellence_first 100 yuan = 10000 fen.
    assert_eq!(a("A1"), [("excellence_first", 10000)]);
    // ranks 2, 2, 4 → excellence_top5 30 yuan = 3000 fen each.
    assert_eq!(a("A2"), [("excellence_top5", 3000)]);
    assert_eq!(a("A3"), [("excellence_top5", 3000)]);
    assert_eq!(a("A4"), [("excellence_top5", 3000)]);
    // Tied 5th: both inside 2..=5 → 3000 each.
    assert_eq!(a("A5"), [("excellence_top5", 3000)]);
    assert_eq!(a("A6"), [("excellence_top5", 3000)]);
    // 7th: outside 2..=5 → nothing.
    assert_eq!(a("A7"), []);
    assert_eq!(student(&d, "A7").awards_fen, 0);
    // No result → nothing.
    assert_eq!(a("A9"), []);
    // 7-2: B1 1st → 10000; A8 2nd → 3000; B2 3rd → 3000.
    assert_eq!(a("B1"), [("excellence_first", 10000)]);
    assert_eq!(a("A8"), [("excellence_top5", 3000)]);
    assert_eq!(a("B2"), [("excellence_top5", 3000)]);
    // All prizes: 2 × 10000 + 7 × 3000 (A2 A3 A4 A5 A6 A8 B2) = 20000 + 21000 = 41000.
    assert_eq!(d.totals.student_awards_fen, 41000);
    // Nobody is left-behind or single-parent: no points, no helper pay.
    assert!(d.students.iter().all(|s| s.points.is_none()));
    assert_eq!(d.totals.helper_awards_fen, 0);
    // total = 41000 + 0.
    assert_eq!(d.totals.total_fen, 41000);
}

/// `stacking`, class 7-1. First-semester final (2025-2026-1): C1 100, C2 95, C3 90, C4 85,
/// C5 80, C6 75, C7 70, C8 65, C9 60 → ranks 1..9. Second-semester final (2025-2026-2):
/// C7 99, C1 98, C2 97, C9 96.5, C3 96, C4 95, C5 94, C6 93, C8 60 → C7 1, C1 2, C2 3, C9 4,
/// C3 5, C4 6, C5 7, C6 8, C8 9.
#[test]
fn stacked_prizes_add_up() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("stacking"),
        AS_OF,
    );
    let c7 = student(&d, "C7");
    assert_eq!((c7.rank_first_term, c7.rank_final), (Some(7), Some(1)));
    // C7: 1st → 10000; 7 → 1 is 6 places ≥ 5 → progress 1500; stack: 10000 + 1500 = 11500.
    assert_eq!(
        awards(c7),
        [("excellence_first", 10000), ("progress", 1500)]
    );
    assert_eq!(c7.awards_fen, 11500);
    // C9: 4th → 3000; 9 → 4 is exactly 5 places → 1500; 3000 + 1500 = 4500.
    let c9 = student(&d, "C9");
    assert_eq!(awards(c9), [("excellence_top5", 3000), ("progress", 1500)]);
    assert_eq!(c9.awards_fen, 4500);
    // C1 2nd, C2 3rd, C3 5th → 3000 each (they lost places: no progress).
    for id in ["C1", "C2", "C3"] {
        assert_eq!(awards(student(&d, id)), [("excellence_top5", 3000)], "{id}");
    }
    // C4 6th, C5 7th, C6 8th, C8 9th → nothing.
    for id in ["C4", "C5", "C6", "C8"] {
        assert_eq!(student(&d, id).awards_fen, 0, "{id}");
    }
    // 11500 + 4500 + 3 × 3000 = 25000.
    assert_eq!(d.totals.student_awards_fen, 25000);
}

#[test]
fn unstacked_prizes_keep_only_the_largest() {
    let policy = shipped_with("class-hand-in-hand", "stack: true", "stack: false");
    let d = eval(&policy, &clean_records("stacking"), AS_OF);
    // C7 qualifies for 10000 and 1500: only the largest, 10000.
    assert_eq!(awards(student(&d, "C7")), [("excellence_first", 10000)]);
    assert_eq!(student(&d, "C7").awards_fen, 10000);
    // C9 qualifies for 3000 and 1500: only 3000.
    assert_eq!(awards(student(&d, "C9")), [("excellence_top5", 3000)]);
    // 10000 + 3000 (C9) + 3 × 3000 (C1, C2, C3) = 22000.
    assert_eq!(d.totals.student_awards_fen, 22000);
}
