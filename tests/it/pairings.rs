//! Pairing schemes (Plans 2 §Third(1).4, 4 §Fourth.3–4): uncovered children with the school
//! days they were uncovered, over-capacity mentors, ineligible pairings. `fixtures/small/pairings`.
//!
//! School days (standard small calendar): term 1 2025-09-01..2026-01-16 = 94, term 2
//! 2026-03-02..2026-07-10 = 95, 189 in all; 2025-12-01..2026-07-10 = 34 + 95 = 129;
//! 2025-12-01..05 = 5; 2025-12-08..2026-07-10 = 29 + 95 = 124.
//!
//! Scheme `learning` (staff, role `teacher`, capacity 2, covers left-behind A1–A6):
//! T1 → A1, A2 all year; T1 → A3 from 2026-03-02; T2 → A4 until 2025-11-30 (T2 leaves, no
//! replacement); V1 (a volunteer) → A5; T2 → A6 until 2025-11-30, then T1 from 2025-12-08.
//! Scheme `buddies` (students in the top 2, capacity 1, covers potential students B4, C1, C2):
//! B1 → B4; B3 → C1; T1 → B2 (a teacher); B2 → C2 (B2 is itself a mentee). Class ranks:
//! 2025-2026-1 B1 1, B3 2, B2 3; 2025-2026-2 B1 1, B2 2, B3 3.

use crate::support::*;
use careplan::eval::pairings::{DayRun, Ineligible, SchemeResult};

const POLICY: &str = r#"Plan(
    id: "pairings", name: "pairing schemes", seed: "Plans 2 and 4",
    pairing_schemes: [
        (id: "teachers", seed: "Plan 2 §Third(1).4", scheme: "learning",
         mentors: Staff(roles: ["teacher"]), covers: [LeftBehind], capacity: 2),
        (id: "little_teachers", seed: "Plan 4 §(2).3", scheme: "buddies",
         mentors: Student(top: 2), covers: [PotentialStudent], capacity: 1),
    ],
)"#;

fn scheme<'a>(d: &'a careplan::eval::Decision, id: &str) -> &'a SchemeResult {
    d.pairing_schemes
        .iter()
        .find(|s| s.rule == id)
        .unwrap_or_else(|| panic!("scheme {id}"))
}

fn run(start: &str, end: &str, days: u32) -> DayRun {
    DayRun {
        start: date(start),
        end: date(end),
        school_days: days,
    }
}

fn uncovered(s: &SchemeResult) -> Vec<(&str, u32, Vec<DayRun>)> {
    s.uncovered
        .iter()
        .map(|u| (u.student_id.as_str(), u.school_days, u.ranges.clone()))
        .collect()
}

#[test]
fn a_mentor_leaving_mid_term_leaves_a_gap() {
    let d = eval(&parse(POLICY), &clean_records("pairings"), "2026-07-31");
    let s = scheme(&d, "teachers");
    // A1, A2 always covered; A3–A6 not: 2 of 6.
    assert_eq!((s.always_covered, s.children), (2, 6));
    assert_eq!(s.coverage_rate, Some(0.3333));
    assert_eq!(
        uncovered(s),
        [
            // Paired only from 2026-03-02: the whole first term, 94 school days.
            ("A3", 94, vec![run("2025-09-01", "2026-01-16", 94)]),
            // T2 left on 2025-11-30 and nobody took over: 129 school days.
            ("A4", 129, vec![run("2025-12-01", "2026-07-10", 129)]),
            // Its only mentor is a volunteer, not a teacher: never covered, 189 days.
            ("A5", 189, vec![run("2025-09-01", "2026-07-10", 189)]),
            // T2 left on 2025-11-30, T1 took over on 2025-12-08: a 5-day gap.
            ("A6", 5, vec![run("2025-12-01", "2025-12-05", 5)]),
        ]
    );
    assert!(s.uncovered.iter().all(|u| u.of_school_days == 189));
}

#[test]
fn an_over_capacity_mentor_with_its_dates() {
    let d = eval(&parse(POLICY), &clean_records("pairings"), "2026-07-31");
    let s = scheme(&d, "teachers");
    // T1: A1, A2 from the start (2, at capacity); A6 from 2025-12-08 (3); A3 from
    // 2026-03-02 (4). Over capacity 2 from 2025-12-08 to the end: 124 school days, at most 4.
    assert_eq!(s.over_capacity.len(), 1);
    let t1 = &s.over_capacity[0];
    assert_eq!(t1.mentor_id, "T1");
    assert_eq!(t1.name, "Teacher One");
    assert_eq!(t1.max_mentees, 4);
    assert_eq!(t1.ranges, [run("2025-12-08", "2026-07-10", 124)]);
    // V1's pairing is in the capacity count but breaks the role rule.
    assert_eq!(s.ineligible.len(), 1);
    assert_eq!(s.ineligible[0].mentor_id, "V1");
    assert_eq!(
        s.ineligible[0].why,
        Ineligible::MissingRole {
            roles: vec!["teacher".into()]
        }
    );
}

#[test]
fn ineligible_student_mentors() {
    let d = eval(&parse(POLICY), &clean_records("pairings"), "2026-07-31");
    let s = scheme(&d, "little_teachers");
    // Every pairing started on 2025-09-01, before any exam of the records: no mentor's place
    // in class is judged (a later exam never judges a pairing back to its start), so B3 (3rd on
    // 2025-2026-2, not in the top 2) stays eligible.
    let why: Vec<(&str, &str, &Ineligible)> = s
        .ineligible
        .iter()
        .map(|p| (p.mentor_id.as_str(), p.mentee_id.as_str(), &p.why))
        .collect();
    assert_eq!(
        why,
        [
            // B2 mentors C2 while T1 mentors B2 in the same scheme.
            (
                "B2",
                "C2",
                &Ineligible::AlsoMentee {
                    from: date("2025-09-01")
                }
            ),
            // A teacher in a student scheme.
            ("T1", "B2", &Ineligible::NotStudent),
        ]
    );
    // B1 → B4 and B3 → C1 cover: B4 and C1 covered, C2 never (189 school days).
    assert_eq!((s.always_covered, s.children), (2, 3));
    let ids: Vec<(&str, u32)> = s
        .uncovered
        .iter()
        .map(|u| (u.student_id.as_str(), u.school_days))
        .collect();
    assert_eq!(ids, [("C2", 189)]);
    assert!(s.over_capacity.is_empty(), "one mentee each");
}

#[test]
fn a_pairing_made_before_any_exam_is_not_judged_on_a_later_one() {
    // As of 2026-01-31 (B3 2nd on 2025-2026-1) as as of 2026-07-31 (3rd on 2025-2026-2), B3's
    // pairing of 2025-09-01 predates both exams: eligible, so C1 is covered; C2 is still
    // uncovered for the 94 school days of term 1.
    let d = eval(&parse(POLICY), &clean_records("pairings"), "2026-01-31");
    let s = scheme(&d, "little_teachers");
    assert!(
        !s.ineligible.iter().any(|p| p.mentor_id == "B3"),
        "{:?}",
        s.ineligible
    );
    assert_eq!(
        uncovered(s),
        [("C2", 94, vec![run("2025-09-01", "2026-01-16", 94)])]
    );
    // T1 as of then: A1, A2, and A6 from 2025-12-08 → 3 mentees over 2025-12-08..2026-01-16,
    // 124 − 95 = 29 school days.
    let t = &scheme(&d, "teachers").over_capacity[0];
    assert_eq!(
        (t.max_mentees, t.ranges.clone()),
        (3, vec![run("2025-12-08", "2026-01-16", 29)])
    );
}

#[test]
fn a_grace_period_lets_a_new_child_start_unpaired() {
    // With 5 school days of grace, A6's gap in December still counts (it is not a start), but
    // nothing else changes: everyone else was paired from the first day or not at all.
    let src = POLICY.replace("capacity: 2)", "capacity: 2, grace_school_days: 5)");
    let d = eval(&parse(&src), &clean_records("pairings"), "2026-07-31");
    let s = scheme(&d, "teachers");
    let a6 = s
        .uncovered
        .iter()
        .find(|u| u.student_id == "A6")
        .expect("A6");
    assert_eq!(a6.school_days, 5);
    // A5 needs a mentor from its 6th school day (2025-09-08): 189 − 5 = 184 days.
    let a5 = s
        .uncovered
        .iter()
        .find(|u| u.student_id == "A5")
        .expect("A5");
    assert_eq!(
        (a5.school_days, a5.ranges.clone()),
        (184, vec![run("2025-09-08", "2026-07-10", 184)])
    );
}
