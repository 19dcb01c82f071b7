//! Individual education plans (Plan 2 §Third(1).5, Plan 4 §Fourth.5): triggers flag children,
//! a row of `plans.csv` dated on or after the trigger clears it. `fixtures/small/plans`.
//!
//! Class 7-1, all left-behind except I7 (potential student) and I8. Class ranks:
//! 2025-2026-1: I1 1, I2 2, I3 3, I4 4, I5 5, I6 6, I7 7, I8 8;
//! 2025-2026-2: I2 1, I4 2, I5 3, I6 4, I7 5, I1 6, I3 7, I8 8.
//! So I1 drops 5 places (1 → 6), I3 drops 4 (3 → 7). Conduct: I4 serious 2025-11-05; I5 serious
//! 2024-11-05 (the year before); I6 minor. Plans: I4 2025-11-12, I1 2026-06-01 (before its drop
//! was known), I7 2025-09-15.

use crate::support::*;
use careplan::eval::iep::TriggerWhy;

const POLICY: &str = r#"Plan(
    id: "plans", name: "individual plans", seed: "Plan 4",
    individual_plans: (
        id: "individual_plans", seed: "Plan 4 §Fourth.5",
        covers: [LeftBehind, PotentialStudent],
        triggers: [RankDrop(from: FirstTerm, to: Final, places: 5), SeriousConduct, PotentialStudent],
    ),
)"#;

/// A child's id, whether it needs a plan, and each trigger's `(day, plan day)`.
type Flagged<'a> = (&'a str, bool, Vec<(String, Option<String>)>);

fn summary(d: &careplan::eval::Decision) -> Vec<Flagged<'_>> {
    d.individual_plans
        .as_ref()
        .expect("individual plans")
        .children
        .iter()
        .map(|c| {
            (
                c.student_id.as_str(),
                c.needs_plan,
                c.triggers
                    .iter()
                    .map(|t| (t.date.to_string(), t.plan_date.map(|p| p.to_string())))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_rank_drop_flags_a_child_until_a_plan_is_made() {
    let d = eval(&parse(POLICY), &clean_records("plans"), "2026-07-31");
    let p = d.individual_plans.as_ref().expect("individual plans");
    assert_eq!(
        summary(&d),
        [
            // Dropped 5 places, known when 2025-2026-2 ended (2026-07-10); its plan of
            // 2026-06-01 is older, so the drop is not cleared.
            ("I1", true, vec![("2026-07-10".to_owned(), None)]),
            // Serious conduct 2025-11-05, plan 2025-11-12: cleared.
            (
                "I4",
                false,
                vec![("2025-11-05".to_owned(), Some("2025-11-12".to_owned()))]
            ),
            // Potential student from the year's first day, plan 2025-09-15: cleared.
            (
                "I7",
                false,
                vec![("2025-09-01".to_owned(), Some("2025-09-15".to_owned()))]
            ),
        ]
    );
    // I3 dropped only 4 places; I5's serious row is from the year before; I6's is minor.
    assert_eq!(
        p.children[0].triggers[0].why,
        TriggerWhy::RankDrop {
            from_term: "2025-2026-1".into(),
            from_rank: 1,
            to_term: "2025-2026-2".into(),
            to_rank: 6,
            dropped: 5,
            places: 5,
        }
    );
    // 3 flagged, 1 without a plan; 2 of 3 triggers cleared.
    assert_eq!(
        (p.flagged, p.needing_plan, p.triggers, p.cleared),
        (3, 1, 3, 2)
    );
    assert_eq!(p.cleared_rate, Some(0.6667));
}

#[test]
fn a_lower_threshold_flags_a_smaller_drop() {
    let d = eval(
        &parse(&POLICY.replace("places: 5", "places: 4")),
        &clean_records("plans"),
        "2026-07-31",
    );
    let ids: Vec<&str> = summary(&d)
        .into_iter()
        .filter(|c| c.1)
        .map(|c| c.0)
        .collect();
    assert_eq!(ids, ["I1", "I3"], "I3's 4 places now count");
}

#[test]
fn before_the_final_counts_no_drop_is_known() {
    // As of 2026-06-30 the second-semester final has not counted yet: only I4 and I7 are
    // flagged, both cleared; the decision is provisional.
    let d = eval(&parse(POLICY), &clean_records("plans"), "2026-06-30");
    let ids: Vec<&str> = summary(&d).into_iter().map(|c| c.0).collect();
    assert_eq!(ids, ["I4", "I7"]);
    assert_eq!(d.individual_plans.as_ref().map(|p| p.needing_plan), Some(0));
    assert!(d.provisional);
}

/// A script trigger (Plan 2 §Third(1).5 "problem children", as a school writes it):
/// `fn needs_plan(student) -> bool`. It dates from the year's first day (or the child's
/// enrolment), so any plan of the year clears it.
#[test]
fn a_script_trigger_flags_the_children_it_says_yes_to() {
    let dir = std::env::temp_dir().join(format!("careplan-iep-script-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scripts")).expect("temp package");
    std::fs::write(
        dir.join("plan.ron"),
        POLICY.replace(
            "triggers: [RankDrop(from: FirstTerm, to: Final, places: 5), SeriousConduct, PotentialStudent]",
            "triggers: [Script(function: \"needs_plan\")]",
        ),
    )
    .expect("plan.ron");
    std::fs::write(
        dir.join("scripts/triggers.rhai"),
        "fn needs_plan(student) { student.potential_student || student.serious_conduct > 0 }\n",
    )
    .expect("script");
    let policy = careplan::policy::load_dir(&dir).expect("the package loads");
    let d = eval(&policy, &clean_records("plans"), "2026-07-31");
    let _ = std::fs::remove_dir_all(&dir);
    // I4: a serious record in the year → yes; trigger 2025-09-01 (the year's first day),
    // plan 2025-11-12 clears it. I5's serious record is of the year before → no. I7: a
    // potential student → yes; plan 2025-09-15 clears it. I1 and I3 only dropped places,
    // which this script does not look at → no.
    assert_eq!(
        summary(&d),
        [
            (
                "I4",
                false,
                vec![("2025-09-01".to_owned(), Some("2025-11-12".to_owned()))]
            ),
            (
                "I7",
                false,
                vec![("2025-09-01".to_owned(), Some("2025-09-15".to_owned()))]
            ),
        ]
    );
    let p = d.individual_plans.as_ref().expect("individual plans");
    assert!(matches!(
        &p.children[0].triggers[0].why,
        TriggerWhy::Script { function } if function == "needs_plan"
    ));
}

/// The script twin of the declarative `PotentialStudent` trigger flags the same children on
/// the same days (both date from the year's or the child's first day) on every record set.
#[test]
fn a_script_trigger_twin_of_potential_student_gives_the_same_plans() {
    let dir = std::env::temp_dir().join(format!("careplan-iep-twin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scripts")).expect("temp package");
    let declarative = POLICY.replace(
        "triggers: [RankDrop(from: FirstTerm, to: Final, places: 5), SeriousConduct, PotentialStudent]",
        "triggers: [PotentialStudent]",
    );
    std::fs::write(
        dir.join("plan.ron"),
        declarative.replace(
            "triggers: [PotentialStudent]",
            "triggers: [Script(function: \"potential\")]",
        ),
    )
    .expect("plan.ron");
    std::fs::write(
        dir.join("scripts/twin.rhai"),
        "fn potential(student) { student.potential_student }\n",
    )
    .expect("script");
    let scripted = careplan::policy::load_dir(&dir).expect("the package loads");
    let _ = std::fs::remove_dir_all(&dir);
    let declarative = parse(&declarative);
    for set in ["plans", "files", "enrollment", "weekly"] {
        let records = clean_records(set);
        let (a, b) = (
            eval(&declarative, &records, "2026-07-31"),
            eval(&scripted, &records, "2026-07-31"),
        );
        assert_eq!(summary(&a), summary(&b), "{set}");
    }
    // On `plans`, I7 is the only potential student: flagged on 2025-09-01, cleared by its plan
    // of 2025-09-15.
    let d = eval(&scripted, &clean_records("plans"), "2026-07-31");
    assert_eq!(
        summary(&d),
        [(
            "I7",
            false,
            vec![("2025-09-01".to_owned(), Some("2025-09-15".to_owned()))]
        )]
    );
}
