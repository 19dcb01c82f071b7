//! Points for left-behind and single-parent children (Plan 5 §6), with the shipped
//! class-hand-in-hand policy: `rank_gain` 10 per class-rank place gained from the rank base
//! (the first-semester final in the first year, the previous year's final after) to the
//! final; `stay_top_five` 10 for the top five on both; `no_serious_violation` 20;
//! `three_good_students` 10 for 三好学生 in the year. Also who is assessed (enrolled on the
//! last day of the final term) and provisional figures.

use crate::support::*;

const AS_OF: &str = "2026-07-31";

/// The four point rules of a student, in plan order.
fn breakdown(s: &careplan::eval::StudentResult) -> [Option<i64>; 4] {
    [
        rule_points(s, "rank_gain"),
        rule_points(s, "stay_top_five"),
        rule_points(s, "no_serious_violation"),
        rule_points(s, "three_good_students"),
    ]
}

/// `stacking`: left-behind C1 (1 → 2), C7 (7 → 1), C9 (9 → 4); see ranking.rs for the totals.
#[test]
fn rank_gain_and_top_five() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("stacking"),
        AS_OF,
    );
    // C1: 1 → 2 is a drop: 0; top five on both (1, 2): 10; no conduct row: 20; no title: 0.
    // 0 + 10 + 20 + 0 = 30.
    let c1 = student(&d, "C1");
    assert_eq!(breakdown(c1), [Some(0), Some(10), Some(20), Some(0)]);
    assert_eq!(c1.points, Some(30));
    // C7: 7 → 1: 6 places × 10 = 60; 7th on the base is not top five: 0; 20; 0 → 80.
    let c7 = student(&d, "C7");
    assert_eq!(breakdown(c7), [Some(60), Some(0), Some(20), Some(0)]);
    assert_eq!(c7.points, Some(80));
    // C9: 9 → 4: 5 places × 10 = 50; 9th on the base: 0; 20; 0 → 70.
    let c9 = student(&d, "C9");
    assert_eq!(breakdown(c9), [Some(50), Some(0), Some(20), Some(0)]);
    assert_eq!(c9.points, Some(70));
    // Not left-behind nor single-parent: not assessed.
    assert_eq!(student(&d, "C2").points, None);
    // First year: the rank base is the first-semester final.
    assert_eq!(c7.rank_points_base, Some(7));
    // Class total 30 + 80 + 70 = 180; all unpaired → head teacher H1: 180 × 100 = 18000 fen.
    assert_eq!(class(&d, "7-1").points, 180);
    assert_eq!(class(&d, "7-1").assessed, 3);
    assert_eq!(helper(&d, "H1").amount_fen, 18000);
}

/// `no-base`: first-semester final D2 100, D3 90, D4 80, D5 70, D6 60, D7 50 (D1 no row) →
/// D2 1, D3 2, D4 3, D5 4, D6 5, D7 6. Final D1 100, D7 95, D2 90, D3 80, D4 70, D5 60,
/// D6 50 → 1..7. Left-behind: D1, D2, D7.
#[test]
fn no_base_result_no_rank_points_no_top_five_no_progress_but_conduct_points() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("no-base"),
        AS_OF,
    );
    let d1 = student(&d, "D1");
    assert_eq!(d1.rank_points_base, None);
    assert_eq!(d1.rank_first_term, None);
    assert_eq!(d1.rank_final, Some(1));
    // No base rank: rank_gain 0 and stay_top_five 0; only a minor conduct row: 20; 三好学生 in
    // 2025-2026: 10. 0 + 0 + 20 + 10 = 30.
    assert_eq!(breakdown(d1), [Some(0), Some(0), Some(20), Some(10)]);
    assert_eq!(d1.points, Some(30));
    // 1st on the final → 10000; no progress prize without a first-semester rank.
    assert_eq!(awards(d1), [("excellence_first", 10000)]);
}

#[test]
fn conduct_and_honours_count_only_inside_the_year() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("no-base"),
        AS_OF,
    );
    // D2: 1 → 3: 0; top five on both (1, 3): 10; its serious rows are dated 2025-08-20
    // (before the year starts 2025-09-01) and 2026-08-15 (after as-of and year end): 20; its
    // 三好学生 is for 2024-2025: 0. 0 + 10 + 20 + 0 = 30.
    let d2 = student(&d, "D2");
    assert_eq!(breakdown(d2), [Some(0), Some(10), Some(20), Some(0)]);
    assert_eq!(d2.points, Some(30));
    // D7: 6 → 2: 4 places × 10 = 40; 6th on the base: 0; serious row 2026-04-10: 0; 0 → 40.
    let d7 = student(&d, "D7");
    assert_eq!(breakdown(d7), [Some(40), Some(0), Some(0), Some(0)]);
    assert_eq!(d7.points, Some(40));
    // D7: 2nd → 3000; 4 places of progress < 5 → no progress prize.
    assert_eq!(awards(d7), [("excellence_top5", 3000)]);
    // Class: 30 (D1) + 30 (D2) + 40 (D7) = 100 points, 3 assessed.
    assert_eq!(class(&d, "7-1").points, 100);
    assert_eq!(class(&d, "7-1").assessed, 3);
}

/// `second-year`, class 8-1, every child left-behind; policy first_year 2025-2026, evaluated
/// for 2026-2027. Ranks (rank base = 2025-2026-2 / first term 2026-2027-1 / final 2026-2027-2):
/// P1 6/2/1, P2 1/7/2, P3 2/1/3, P4 3/3/4, P5 4/4/5, P6 5/5/6, P7 7/6/7.
#[test]
fn second_year_rank_base_is_previous_final_progress_uses_own_finals() {
    let records = clean_records("second-year");
    let d = eval_year(
        &shipped("class-hand-in-hand"),
        &records,
        "2027-07-31",
        Some("2026-2027"),
    );
    assert_eq!(d.year, "2026-2027");
    assert!(!d.provisional);
    let ranks = |id| {
        let s = student(&d, id);
        (s.rank_points_base, s.rank_first_term, s.rank_final)
    };
    assert_eq!(ranks("P1"), (Some(6), Some(2), Some(1)));
    assert_eq!(ranks("P2"), (Some(1), Some(7), Some(2)));

    // P1: base 6 → final 1: 5 places × 10 = 50 (the year's first term, 2 → 1, would give 10);
    // base 6th: not top five on both → 0; 20; no title → 70.
    let p1 = student(&d, "P1");
    assert_eq!(breakdown(p1), [Some(50), Some(0), Some(20), Some(0)]);
    assert_eq!(p1.points, Some(70));
    // P1 prizes: 1st → 10000; progress compares 2026-2027-1 (2) with 2026-2027-2 (1): 1 place,
    // no prize (base 6 → 1 would have been 5 places).
    assert_eq!(awards(p1), [("excellence_first", 10000)]);
    // P2: base 1 → final 2: 0; top five on both (1, 2): 10; 20; 0 → 30.
    let p2 = student(&d, "P2");
    assert_eq!(breakdown(p2), [Some(0), Some(10), Some(20), Some(0)]);
    assert_eq!(p2.points, Some(30));
    // P2 prizes: 2nd → 3000; first term 7 → final 2: 5 places → 1500. 3000 + 1500 = 4500.
    assert_eq!(awards(p2), [("excellence_top5", 3000), ("progress", 1500)]);
    assert_eq!(p2.awards_fen, 4500);
    // P4: base 3 → 4: 0; top five (3, 4): 10; serious row 2027-04-01 (this year): 0 → 10.
    assert_eq!(student(&d, "P4").points, Some(10));
    // P5: 4 → 5: 0; 10; its serious row 2026-05-10 is in the previous year: 20 → 30.
    assert_eq!(student(&d, "P5").points, Some(30));
    // P6: 5 → 6: 0; 6th on the final: 0; 20; 三好学生 2026-2027: 10 → 30.
    assert_eq!(student(&d, "P6").points, Some(30));
    // P7: 7 → 7: 0; 0; 20; its 三好学生 is for 2025-2026: 0 → 20.
    assert_eq!(student(&d, "P7").points, Some(20));
    // P3: 2 → 3: 0; 10; 20; 0 → 30.
    assert_eq!(student(&d, "P3").points, Some(30));
    // Class: 70 + 30 + 30 + 10 + 30 + 30 + 20 = 220, all unpaired → H8: 220 × 100 = 22000.
    assert_eq!(class(&d, "8-1").points, 220);
    assert_eq!(helper(&d, "H8").amount_fen, 22000);
    // Prizes: 10000 (P1) + 4500 (P2) + 3000 × 3 (P3 3rd, P4 4th, P5 5th) = 23500.
    assert_eq!(d.totals.student_awards_fen, 23500);
}

#[test]
fn first_year_rank_base_is_the_first_semester_final() {
    // Same records, year 2025-2026: 2025-2026-1 totals P7 99, everyone else 50 → P7 1, the
    // others tied 2nd (one higher). Final 2025-2026-2: P2 95 (1), P3 90, P4 85, P5 80, P6 75,
    // P1 70 (6), P7 65 (7).
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("second-year"),
        AS_OF,
    );
    assert_eq!(d.year, "2025-2026");
    let p1 = student(&d, "P1");
    assert_eq!(p1.rank_points_base, Some(2));
    assert_eq!(p1.rank_first_term, Some(2));
    assert_eq!(p1.rank_final, Some(6));
    // P7: 1 → 7: a drop: 0; not top five on the final: 0; 20; 三好学生 2025-2026: 10 → 30.
    assert_eq!(student(&d, "P7").points, Some(30));
    // P2: 2 → 1: 1 place × 10 = 10; top five (2, 1): 10; 20; 0 → 40.
    assert_eq!(student(&d, "P2").points, Some(40));
    // P5: 2 → 4: 0; top five (2, 4): 10; serious row 2026-05-10: 0; 0 → 10.
    assert_eq!(student(&d, "P5").points, Some(10));
}

/// `enrollment`, class 7-1, every child left-behind. First-semester final Q1 90, Q2 80, Q3 70,
/// Q4 60 → 1..4. Final Q2 100, Q1 95, Q3 90, Q5 85 → 1..4. The final term ends Friday
/// 2026-07-10 (`left_on` is exclusive).
#[test]
fn only_children_enrolled_on_the_last_day_are_assessed_or_win() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("enrollment"),
        AS_OF,
    );
    assert_eq!(d.assessment_day, date("2026-07-10"));
    // Q2 left_on 2026-07-10: last enrolled 07-09, not on 07-10 → points null, no prize, even
    // though it ranks 1st on the final.
    let q2 = student(&d, "Q2");
    assert!(!q2.enrolled_at_assessment);
    assert_eq!(q2.rank_final, Some(1));
    assert_eq!(q2.points, None);
    assert_eq!(awards(q2), []);
    // Q4 left 2026-04-15: not assessed either.
    assert_eq!(student(&d, "Q4").points, None);
    assert_eq!(awards(student(&d, "Q4")), []);
    // Ranks stay among all results: Q1 is 2nd (Q2's 100 is higher), so nobody wins the 1st prize.
    // Q1: 1 → 2: 0; top five (1, 2): 10; serious row 2026-07-05: 0; 0 → 10; 2nd → 3000.
    let q1 = student(&d, "Q1");
    assert_eq!(q1.points, Some(10));
    assert_eq!(awards(q1), [("excellence_top5", 3000)]);
    // Q3 left_on 2026-07-11: enrolled on 07-10. 3 → 3: 0; top five: 10; 20 → 30; 3rd → 3000.
    let q3 = student(&d, "Q3");
    assert!(q3.enrolled_at_assessment);
    assert_eq!(q3.points, Some(30));
    assert_eq!(awards(q3), [("excellence_top5", 3000)]);
    // Q5 enrolled 2026-07-10: no base result → 0 + 0 + 20 + 0 = 20; 4th → 3000.
    let q5 = student(&d, "Q5");
    assert_eq!(q5.points, Some(20));
    assert_eq!(awards(q5), [("excellence_top5", 3000)]);
    assert!(
        d.students
            .iter()
            .all(|s| s.awards.iter().all(|a| a.award != "excellence_first"))
    );
    // Q6 (enrolled 2026-08-01) and Q7 (left 2025-06-30) are enrolled on no day of the year.
    assert!(!has_student(&d, "Q6"));
    assert!(!has_student(&d, "Q7"));
    // Class: 10 + 30 + 20 = 60 points over 3 assessed children; prizes 3 × 3000 = 9000.
    assert_eq!(class(&d, "7-1").assessed, 3);
    assert_eq!(class(&d, "7-1").points, 60);
    assert_eq!(d.totals.student_awards_fen, 9000);
}

#[test]
fn provisional_before_the_final_term_ends() {
    let d = eval(
        &shipped("class-hand-in-hand"),
        &clean_records("enrollment"),
        "2026-06-30",
    );
    // The final term ends 2026-07-10 > 2026-06-30: provisional, roster of the as-of date.
    assert!(d.provisional);
    assert_eq!(d.assessment_day, date("2026-06-30"));
    // The final exam does not count yet: no final rank for anybody.
    assert!(d.students.iter().all(|s| s.rank_final.is_none()));
    // The first-semester final (ended 2026-01-16) counts: Q1 90 → 1.
    assert_eq!(student(&d, "Q1").rank_first_term, Some(1));
    // Q1: no final rank → rank_gain 0, stay_top_five 0; its serious row of 2026-07-05 is
    // after the as-of date and ignored: 20; 0 → 20. No prize at all.
    assert_eq!(student(&d, "Q1").points, Some(20));
    // Q2 (leaves 07-10) is enrolled on 06-30: assessed provisionally, 20.
    assert_eq!(student(&d, "Q2").points, Some(20));
    // Q4 left 04-15: not assessed.
    assert_eq!(student(&d, "Q4").points, None);
    // Q5 enrolls 07-10, after the as-of date: not listed.
    assert!(!has_student(&d, "Q5"));
    assert_eq!(d.totals.student_awards_fen, 0);
}

#[test]
fn provisional_ends_on_the_last_day_of_the_final_term() {
    let records = clean_records("enrollment");
    let policy = shipped("class-hand-in-hand");
    // 2026-07-09: the term ends 07-10 > 07-09 → provisional.
    assert!(eval(&policy, &records, "2026-07-09").provisional);
    // 2026-07-10: ended on or before the as-of date → counts.
    let d = eval(&policy, &records, "2026-07-10");
    assert!(!d.provisional);
    assert_eq!(student(&d, "Q2").rank_final, Some(1));
}
