//! The record card (Plan 2 §Third(1).5: a head teacher's monthly talk counts only with its note)
//! and role-bound talks (Plan 4 §(2).4: the weekly heart-to-heart talk counts only when made by
//! the child's own caring mother). `fixtures/small/record-card`: terms 2025-09-01..09-26 (weeks
//! of 09-01, 09-08, 09-15, 09-22) and 2025-10-13..10-24 (weeks of 10-13, 10-20), evaluated as of
//! 2025-11-01, so every window is closed.
//!
//! Caring mothers: M1 → N1 all year; M1 → N2 until 2025-09-12, M2 → N2 from 2025-10-13; M1 →
//! N3 from 2025-09-10 (a Wednesday).

use crate::support::*;

const POLICY: &str = r#"Plan(
    id: "record-card", name: "record card and caring mothers", seed: "Plans 2 and 4",
    obligations: [
        (id: "monthly_head_teacher_talk", seed: "Plan 2 §Third(1).5", kinds: ["talk"],
         covers: [LeftBehind], window: Monthly, made_by: Role(role: "head_teacher"),
         require_note: true),
        (id: "weekly_heart_talk", seed: "Plan 4 §(2).4", kinds: ["heart_talk"],
         covers: [LeftBehind], window: Weekly(),
         made_by: PairedMentor(scheme: "caring_mother")),
    ],
)"#;

const AS_OF: &str = "2025-11-01";

fn view(d: &careplan::eval::Decision, rule: &str, id: &str) -> Vec<(String, &'static str)> {
    rows(d, rule, id)
        .iter()
        .map(|r| (r.window_start.to_string(), r.status.as_str()))
        .collect()
}

fn s(v: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    v.iter().map(|(a, b)| ((*a).to_owned(), *b)).collect()
}

#[test]
fn a_talk_counts_only_with_its_note() {
    let d = eval(&parse(POLICY), &clean_records("record-card"), AS_OF);
    let rule = "monthly_head_teacher_talk";
    // N1: September, H1 with a note → met. October: H1 with an empty note, T1 (not the head
    // teacher) with a note → missed.
    assert_eq!(
        view(&d, rule, "N1"),
        s(&[("2025-09-01", "met"), ("2025-10-01", "missed")])
    );
    // N2: September, H1 with an empty note → missed; October, H1 with a note → met.
    assert_eq!(
        view(&d, rule, "N2"),
        s(&[("2025-09-01", "missed"), ("2025-10-01", "met")])
    );
    // N3: September met; October only a heart_talk (not a `talk`) → missed.
    assert_eq!(
        view(&d, rule, "N3"),
        s(&[("2025-09-01", "met"), ("2025-10-01", "missed")])
    );
    let c = &d.obligation_summary[rule];
    assert_eq!((c.met, c.missed), (3, 3));
    assert_eq!(c.compliance_rate, Some(0.5)); // 3 / (3 + 3)
}

#[test]
fn without_require_note_an_empty_note_counts() {
    let d = eval(
        &parse(&POLICY.replace("require_note: true", "require_note: false")),
        &clean_records("record-card"),
        AS_OF,
    );
    // N1's October talk and N2's September talk now count: 5 met, only N3's October missed.
    let c = &d.obligation_summary["monthly_head_teacher_talk"];
    assert_eq!((c.met, c.missed), (5, 1));
}

#[test]
fn heart_talks_count_only_from_the_childs_own_caring_mother() {
    let d = eval(&parse(POLICY), &clean_records("record-card"), AS_OF);
    let rule = "weekly_heart_talk";
    // N1 (M1 all year): 09-02 M1 met; 09-09 by M2, not N1's caring mother → missed; 09-16 met;
    // week of 09-22 nothing → missed; 10-14 and 10-21 met.
    assert_eq!(
        view(&d, rule, "N1"),
        s(&[
            ("2025-09-01", "met"),
            ("2025-09-08", "missed"),
            ("2025-09-15", "met"),
            ("2025-09-22", "missed"),
            ("2025-10-13", "met"),
            ("2025-10-20", "met"),
        ])
    );
    // N2: M1 until 09-12 (talks 09-03, 09-10 met); unpaired in the weeks of 09-15 and 09-22, so
    // no obligation there (M1's talk of 09-17 is no longer a caring mother's); M2 from 10-13:
    // 10-15 met; week of 10-20 nothing → missed.
    assert_eq!(
        view(&d, rule, "N2"),
        s(&[
            ("2025-09-01", "met"),
            ("2025-09-08", "met"),
            ("2025-10-13", "met"),
            ("2025-10-20", "missed"),
        ])
    );
    // N3: paired from Wednesday 09-10, so the week of 09-08 is only partly paired and has no
    // talk → partial; 09-16 met; week of 09-22 missed; 10-14 met; week of 10-20 missed.
    assert_eq!(
        view(&d, rule, "N3"),
        s(&[
            ("2025-09-08", "partial"),
            ("2025-09-15", "met"),
            ("2025-09-22", "missed"),
            ("2025-10-13", "met"),
            ("2025-10-20", "missed"),
        ])
    );
    // met 4 + 3 + 2 = 9, partial 1, missed 2 + 1 + 2 = 5 → 9 / 14 = 0.642857… → 0.6429.
    let c = &d.obligation_summary[rule];
    assert_eq!((c.met, c.partial, c.missed), (9, 1, 5));
    assert_eq!(c.compliance_rate, Some(0.6429));
}

#[test]
fn any_caring_mother_counts_under_a_role_rule() {
    // The same talks under `Role(role: "caring_mother")`: every week of every left-behind child
    // is due, and M2's talk with N1 counts too.
    let d = eval(
        &parse(&POLICY.replace(
            r#"PairedMentor(scheme: "caring_mother")"#,
            r#"Role(role: "caring_mother")"#,
        )),
        &clean_records("record-card"),
        AS_OF,
    );
    assert_eq!(
        view(&d, "weekly_heart_talk", "N1"),
        s(&[
            ("2025-09-01", "met"),
            ("2025-09-08", "met"),
            ("2025-09-15", "met"),
            ("2025-09-22", "missed"),
            ("2025-10-13", "met"),
            ("2025-10-20", "met"),
        ])
    );
}
