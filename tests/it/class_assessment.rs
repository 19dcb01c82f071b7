//! Class and head-teacher assessment (Plan 4 §Fourth.6): a weighted score per class from the
//! rates of the other rule families, ranked, the advanced classes marked. `fixtures/small/files`
//! (see `files.rs`): filing rate 7-1 2/3, 7-2 2/2; retention 7-1 4/4, 7-2 1/3. Head teachers H1
//! (7-1), H2 (7-2).

use crate::support::*;

fn policy(files: u32, retention: u32, advanced: &str) -> careplan::policy::Policy {
    parse(&format!(
        r#"Plan(
    id: "classes", name: "class assessment", seed: "Plan 4",
    child_files: (id: "child_files", seed: "Plan 4 §Fourth.2", covers: [LeftBehind],
        fields: ["guardian_name", "guardian_phone", "father_name", "father_phone", "father_workplace",
                 "mother_name", "mother_phone", "mother_workplace", "home_address"]),
    enrollment: (id: "enrollment", seed: "Plan 2 §Second.2", covers: [LeftBehind]),
    individual_plans: (id: "individual_plans", seed: "Plan 4 §Fourth.5", covers: [LeftBehind],
        triggers: [PotentialStudent]),
    class_assessment: (
        id: "class_assessment", seed: "Plan 4 §Fourth.6",
        components: [
            (id: "files", weight: {files}, measure: FilingRate),
            (id: "retention", weight: {retention}, measure: RetentionRate),
            (id: "plans", weight: 50, measure: IndividualPlans),
        ],
        advanced: {advanced},
        links: ["civilized class evaluation"],
    ),
)"#
    ))
}

fn scores(d: &careplan::eval::Decision) -> Vec<(&str, Option<f64>, Option<u32>, bool)> {
    d.class_assessment
        .as_ref()
        .expect("class assessment")
        .classes
        .iter()
        .map(|c| (c.class.as_str(), c.score, c.rank, c.advanced))
        .collect()
}

#[test]
fn equal_weights() {
    let d = eval(
        &policy(1, 1, "Top(n: 1)"),
        &clean_records("files"),
        "2026-07-31",
    );
    // Rates: 7-1 files 2/3, retention 4/4; 7-2 files 2/2, retention 1/3. No child is a
    // potential student, so `plans` has no trigger to measure: left out, and the other weights
    // re-weighted. Exactly, rounded once:
    // 7-1: 100 × (2/3 + 1) / 2 = 100 × 5/6 = 83.333… → 83.33 (rounding the rates to four
    // decimals first, (0.6667 + 1) / 2 = 0.83335, would show 83.34);
    // 7-2: 100 × (1 + 1/3) / 2 = 100 × 2/3 = 66.666… → 66.67. Top 1: 7-1 is advanced.
    assert_eq!(
        scores(&d),
        [
            ("7-1", Some(83.33), Some(1), true),
            ("7-2", Some(66.67), Some(2), false)
        ]
    );
    let a = d.class_assessment.as_ref().expect("class assessment");
    let c71 = &a.classes[0];
    let parts: Vec<(&str, u32, u32, Option<f64>)> = c71
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.numerator, c.denominator, c.rate))
        .collect();
    assert_eq!(
        parts,
        [
            ("files", 2, 3, Some(0.6667)),
            ("retention", 4, 4, Some(1.0)),
            ("plans", 0, 0, None)
        ]
    );
    // Head teachers take their class's score and rank.
    let heads: Vec<(&str, Option<f64>, bool)> = a
        .head_teachers
        .iter()
        .map(|t| (t.staff_id.as_str(), t.score, t.advanced))
        .collect();
    assert_eq!(
        heads,
        [("H1", Some(83.33), true), ("H2", Some(66.67), false)]
    );
    assert_eq!(a.links, ["civilized class evaluation"]);
}

#[test]
fn weights_change_the_order() {
    let d = eval(
        &policy(3, 1, "Top(n: 1)"),
        &clean_records("files"),
        "2026-07-31",
    );
    // 7-1: 100 × (3 × 2/3 + 1) / 4 = 100 × 3/4 = 75.00.
    // 7-2: 100 × (3 × 1 + 1/3) / 4 = 100 × 10/12 = 83.333… → 83.33. Now 7-2 is first.
    assert_eq!(
        scores(&d),
        [
            ("7-1", Some(75.0), Some(2), false),
            ("7-2", Some(83.33), Some(1), true)
        ]
    );
}

#[test]
fn advanced_by_threshold() {
    let d = eval(
        &policy(1, 1, "AtLeast(score: 60)"),
        &clean_records("files"),
        "2026-07-31",
    );
    // 83.33 and 66.67 are both at least 60.
    assert!(scores(&d).iter().all(|c| c.3));
    let d = eval(
        &policy(1, 1, "AtLeast(score: 70)"),
        &clean_records("files"),
        "2026-07-31",
    );
    assert_eq!(
        scores(&d).iter().map(|c| c.3).collect::<Vec<_>>(),
        [true, false]
    );
}

#[test]
fn a_measure_must_name_a_rule_of_the_plan() {
    let src = r#"Plan(id: "p", name: "n", seed: "Plan 4",
        class_assessment: (id: "c", seed: "Plan 4 §Fourth.6",
            components: [(id: "talks", weight: 1, measure: Compliance(rules: ["weekly_tak"])),
                         (id: "files", weight: 0, measure: FilingRate)],
            advanced: Top(n: 1)))"#;
    let e = careplan::policy::parse("plan.ron", src).expect_err("invalid");
    let messages: Vec<&str> = e.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`weekly_tak` is not an obligation of this plan",
            "component `files`: `weight` must be from 1 to 1000 (`0`)",
            "the measure `FilingRate` needs `child_files` in the plan",
        ]
    );
}
