//! Helper share by days (Plan 5 §6, second paragraph: the head teacher divides the points among
//! the helpers): a child's points and money split by the calendar days each helper was paired
//! within the assessment year (2025-09-01..2026-07-10); fen by largest remainder, ties to the
//! lowest id. `fixtures/small/by-days`, every left-behind child scores 50 points.
//!
//! D1: V1 paired 2025-08-01..2025-12-29 → in the year 2025-09-01..12-29 = 30 + 31 + 30 + 29 =
//! 120 days; V2 from 2026-05-12 → 05-12..07-10 = 20 + 30 + 10 = 60 days.
//! D2: W2 2025-09-01..10, W10 09-11..20, W3 09-21..30: 10 days each.

use crate::support::*;
use careplan::eval::Ratio;

const POLICY: &str = r#"Plan(
    id: "by-days", name: "helper share by days", seed: "Plan 5",
    assessment: (covers: [LeftBehind], rules: [
        (id: "no_serious_violation", seed: "Plan 5 §6", rule: NoSeriousConduct(points: 50)),
    ]),
    helpers: (seed: "Plan 5 §6", scheme: "hand_in_hand", fen_per_point: 100, split: ByDays),
)"#;

fn share(d: &careplan::eval::Decision, helper_id: &str, child: &str) -> (Ratio, i64, Option<i64>) {
    let c = helper(d, helper_id)
        .children
        .iter()
        .find(|c| c.student_id == child)
        .unwrap_or_else(|| panic!("{helper_id} helps {child}"));
    (c.points, c.amount_fen, c.days)
}

#[test]
fn two_helpers_paired_120_and_60_days_split_50_points() {
    let d = eval(&parse(POLICY), &clean_records("by-days"), "2026-07-31");
    // Points: 50 × 120/180 = 100/3 (33.33) and 50 × 60/180 = 50/3 (16.67).
    // Fen: 5000 × 120/180 = 3333.33 → 3333 (remainder 60/180); 5000 × 60/180 = 1666.67 → 1666
    // (remainder 120/180). 3333 + 1666 = 4999: the 1 fen left goes to the larger remainder, V2.
    assert_eq!(share(&d, "V1", "D1"), (Ratio::new(100, 3), 3333, Some(120)));
    assert_eq!(share(&d, "V2", "D1"), (Ratio::new(50, 3), 1667, Some(60)));
    assert_eq!(3333 + 1667, 5000);
    let reason = student(&d, "D1")
        .trace
        .iter()
        .find(|r| r.rule == "helpers")
        .expect("a helper reason");
    assert_eq!(reason.amount_fen, Some(5000));
    assert_eq!(
        reason.why.text(careplan::lang::Lang::En),
        "50 points × 1.00 yuan = 50.00 yuan, split by days paired under `hand_in_hand`: \
         V1 120/180 days → 33.33 yuan, V2 60/180 days → 16.67 yuan"
    );
}

#[test]
fn equal_remainders_go_to_the_lowest_id() {
    let d = eval(&parse(POLICY), &clean_records("by-days"), "2026-07-31");
    // 5000 fen over 10 + 10 + 10 days: 1666.67 each → 1666 each, 4998; the 2 fen left go to the
    // lowest ids in plain string order: "W10" < "W2" < "W3".
    assert_eq!(share(&d, "W10", "D2").1, 1667);
    assert_eq!(share(&d, "W2", "D2").1, 1667);
    assert_eq!(share(&d, "W3", "D2").1, 1666);
    assert_eq!(share(&d, "W3", "D2").0, Ratio::new(50, 3));
}

#[test]
fn the_default_equal_split_ignores_days() {
    let d = eval(
        &parse(&POLICY.replace(", split: ByDays", "")),
        &clean_records("by-days"),
        "2026-07-31",
    );
    // 5000 / 2 = 2500 each, whatever the days; no `days` in the share.
    assert_eq!(share(&d, "V1", "D1"), (Ratio::new(25, 1), 2500, None));
    assert_eq!(share(&d, "V2", "D1"), (Ratio::new(25, 1), 2500, None));
}

#[test]
fn days_are_counted_up_to_the_as_of_date() {
    // As of 2026-06-10, V2 has been paired 05-12..06-10 = 20 + 10 = 30 days: 120 + 30 = 150.
    // 5000 × 120/150 = 4000 and 5000 × 30/150 = 1000 exactly.
    let d = eval(&parse(POLICY), &clean_records("by-days"), "2026-06-10");
    assert_eq!(share(&d, "V1", "D1"), (Ratio::new(40, 1), 4000, Some(120)));
    assert_eq!(share(&d, "V2", "D1"), (Ratio::new(10, 1), 1000, Some(30)));
}
