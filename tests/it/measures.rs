//! Every measure of the seed that records can show: each package README's table "Measures of
//! the seed" names exactly the rules of its `plan.ron`, and each rule added for a measure is
//! checked on a small record set written here, with the values worked out by hand beside the
//! assertions.

use crate::support::*;
use careplan::eval::{Decision, Status, StatusCounts};
use std::collections::BTreeSet;

/// The shipped packages, each with its measure table.
const PACKAGES: [&str; 6] = [
    "school-weekly-talks",
    "school-files-triple-care",
    "community-care",
    "school-ten-ones",
    "class-hand-in-hand",
    "class-hand-in-hand-percentile",
];

/// The rows of the README section `## Measures of the seed`: (measure, rule ids, how).
fn measure_table(readme: &str) -> Vec<(String, Vec<String>, String)> {
    let section = readme
        .split("\n## Measures of the seed\n")
        .nth(1)
        .expect("the README has a section `## Measures of the seed`");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 3, "a row has three cells: {l}");
            let ids: Vec<String> = cells[1]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            (cells[0].to_owned(), ids, cells[2].to_owned())
        })
        .collect()
}

/// Each README's measure table names every rule of its plan (and `helpers` when the plan pays
/// helpers), names no id the plan lacks, and gives every row a measure and a how-or-why; a row
/// without a rule is marked `—`.
#[test]
fn every_package_readme_tables_every_rule_of_its_plan() {
    for name in PACKAGES {
        let readme = std::fs::read_to_string(policy_dir(name).join("README.md")).expect("README");
        let rows = measure_table(&readme);
        assert!(rows.len() >= 5, "{name}: the table has its measures");
        let policy = shipped(name);
        let known: BTreeSet<String> = careplan::eval::outcome::rules(&policy)
            .into_iter()
            .map(|r| r.id)
            .collect();
        let mut needed: BTreeSet<String> = careplan::eval::outcome::rules(&policy)
            .into_iter()
            .filter(|r| r.family != careplan::eval::outcome::Family::Totals)
            .map(|r| r.id)
            .collect();
        if policy.helpers.is_some() {
            needed.insert("helpers".to_owned());
        }
        let mut named = BTreeSet::new();
        for (measure, ids, how) in &rows {
            assert!(!measure.is_empty() && !how.is_empty(), "{name}: {measure}");
            if ids.is_empty() {
                assert!(
                    measure.contains('§') && rows_dash(&readme, measure),
                    "{name}: a measure without a rule is marked — : {measure}"
                );
            }
            for id in ids {
                assert!(
                    known.contains(id),
                    "{name}: the table names `{id}`, which is no rule of plan.ron"
                );
                named.insert(id.clone());
            }
        }
        let missing: Vec<&String> = needed.difference(&named).collect();
        assert!(
            missing.is_empty(),
            "{name}: rules of plan.ron missing from the table: {missing:?}"
        );
    }
}

/// Whether the table row of `measure` has `—` as its rule id.
fn rows_dash(readme: &str, measure: &str) -> bool {
    readme
        .lines()
        .any(|l| l.starts_with(&format!("| {measure} | — |")))
}

/// The table parser reads ids out of the second cell only, and a row with a wrong cell count
/// fails (so a broken table cannot pass as an empty one).
#[test]
fn the_measure_table_parser_reads_the_rule_id_cell() {
    let readme = "# x\n\n## Measures of the seed\n\ntext\n\n| m | id | how |\n|---|---|---|\n\
        | §1 \"a\" | `a`, `b` | uses `c` |\n| §2 \"d\" | — | why |\n\n## Next\n| §9 | `z` | no |\n";
    let rows = measure_table(readme);
    assert_eq!(
        rows,
        [
            (
                "§1 \"a\"".to_owned(),
                vec!["a".to_owned(), "b".to_owned()],
                "uses `c`".to_owned()
            ),
            ("§2 \"d\"".to_owned(), vec![], "why".to_owned()),
        ]
    );
    let bad = "## Measures of the seed\n| m | id | how |\n|---|---|---|\n| §1 | `a` |\n";
    assert!(std::panic::catch_unwind(|| measure_table(bad)).is_err());
}

// ---- the rules added for the measures, each on a record set of its own ----

/// A child of `class` enrolled on 2025-09-01: left-behind, single-parent, potential student
/// as given (`yes`/`no`), then `extra` (cells of columns after `left_reason`, each led by a
/// comma: `,yes`).
fn kid(id: &str, class: &str, lb: &str, sp: &str, ps: &str, extra: &str) -> String {
    format!(
        "{id},Name {id},M,2013-01-22,7,{class},{lb},{sp},{ps},Guardian,grandmother,,Father,,Dongguan,Mother,,Dongguan,,good,2025-09-01,,{extra}\n"
    )
}

/// One term, 2025-09-01 (Mon) to 2026-01-16 (Fri), no holiday: 20 weeks of five school days =
/// 100 school days; months September to January each hold school days.
const ONE_TERM: &str = "kind,start,end,label\nterm,2025-09-01,2026-01-16,2025-2026-1\n";

/// Two terms: the first as above (100 school days), the second 2026-03-02 (Mon) to 2026-07-10
/// (Fri), 19 weeks = 95 school days; 195 in the year.
const TWO_TERMS: &str = "kind,start,end,label\n\
    term,2025-09-01,2026-01-16,2025-2026-1\n\
    term,2026-03-02,2026-07-10,2025-2026-2\n";

fn counts(c: &StatusCounts) -> (u32, u32, u32) {
    (c.met, c.missed, c.open)
}

fn obligation(d: &Decision, rule: &str) -> (u32, u32, u32) {
    counts(&d.obligation_summary[rule])
}

fn activity(d: &Decision, rule: &str) -> (u32, u32, u32) {
    counts(&d.activity_summary[rule])
}

fn scheme<'a>(d: &'a Decision, rule: &str) -> &'a careplan::eval::pairings::SchemeResult {
    d.pairing_schemes
        .iter()
        .find(|s| s.rule == rule)
        .expect("scheme evaluated")
}

/// (child, uncovered school days, of school days) of a scheme.
fn uncovered(d: &Decision, rule: &str) -> Vec<(String, u32, u32)> {
    scheme(d, rule)
        .uncovered
        .iter()
        .map(|u| (u.student_id.clone(), u.school_days, u.of_school_days))
        .collect()
}

/// Plan 1 §Third.5 "one-on-one pairing assistance activities in the class": every left-behind
/// child has a helper of its class (staff, or a classmate) after the first 5 school days.
#[test]
fn plan_1_one_on_one_pairing_in_the_class() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}{}{}{}",
        kid("A1", "7-1", "yes", "no", "no", ""),
        kid("A2", "7-1", "yes", "no", "no", ""),
        kid("A3", "7-1", "no", "no", "no", ""),
        kid("A4", "7-1", "yes", "no", "no", ""),
        kid("B1", "7-2", "yes", "no", "no", ""),
    );
    let staff =
        "staff_id,name,role,class\nH1,Head,head_teacher;teacher,7-1\nT1,Teacher,teacher,7-1\n";
    // A1 with a teacher and A2 with classmate A3 from Mon 09-08 (the 6th school day); A4 with
    // its head teacher only from Mon 09-15; B1 (7-2) with A3, a student of another class.
    let pairings = "mentor_id,mentee_id,scheme,start,end\n\
        T1,A1,hand_in_hand,2025-09-08,\n\
        A3,A2,hand_in_hand,2025-09-08,\n\
        H1,A4,hand_in_hand,2025-09-15,\n\
        A3,B1,hand_in_hand,2025-09-08,\n";
    let records = records_of(
        "measures-plan-1",
        &[
            ("calendar.csv", ONE_TERM),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
        ],
    );
    let d = eval(&shipped("school-weekly-talks"), &records, "2026-01-31");
    // Each child needs a mentor on 100 − 5 = 95 school days. A4 lacks one 09-08..09-12 (5
    // days); B1's mentor is no classmate of it, so B1 lacks one on all 95.
    assert_eq!(
        uncovered(&d, "one_on_one_pairing"),
        [("A4".to_owned(), 5, 95), ("B1".to_owned(), 95, 95)]
    );
    let s = scheme(&d, "one_on_one_pairing");
    // Four left-behind children (A3 is not one), two always covered → 2 / 4.
    assert_eq!((s.children, s.always_covered), (4, 2));
    assert_eq!(s.coverage_rate, Some(0.5));
    assert_eq!(
        s.ineligible
            .iter()
            .map(|p| (p.mentor_id.as_str(), p.mentee_id.as_str()))
            .collect::<Vec<_>>(),
        [("A3", "B1")]
    );
}

/// Plan 2's measures: the helper's talk, the caring diary, guardian visits, the pairing's
/// progress check, group activities, symposiums, humanistic activities and the four kinds of
/// education.
#[test]
fn plan_2_measures_on_a_small_record_set() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}",
        kid("A1", "7-1", "yes", "no", "no", ""),
        kid("A2", "7-1", "yes", "no", "no", ""),
    );
    let staff =
        "staff_id,name,role,class\nH1,Head,head_teacher;teacher,7-1\nV1,Volunteer,volunteer,7-1\n";
    // A1's learning helper is V1 all year; A2 has none.
    let pairings = "mentor_id,mentee_id,scheme,start,end\nV1,A1,hand_in_hand,2025-09-01,\n";
    let contacts = "date,student_id,staff_id,kind,note\n\
        2025-09-10,A1,V1,talk,homework\n\
        2025-10-10,A1,V1,talk,friends\n\
        2025-11-10,A1,H1,talk,exam\n\
        2026-01-08,A1,V1,talk,holiday plans\n\
        2025-09-15,A1,H1,caring_diary,settling in\n\
        2025-10-15,A1,V1,caring_diary,sports day\n\
        2025-12-03,A2,H1,caring_diary,cold weather\n\
        2025-10-11,A1,V1,guardian_visit,grandmother at the gate\n\
        2025-12-20,A2,H1,home_visit,\n\
        2025-11-20,A1,H1,progress_check,reads better\n\
        2025-11-21,A2,H1,progress_check,\n";
    let activities = "date,kind,class,student_id\n\
        2025-11-05,team_activity,7-1,A1\n\
        2025-12-01,symposium,7-1,\n\
        2025-10-20,speech_contest,,\n\
        2025-09-20,ideological_education,7-1,\n\
        2025-10-25,emotional_education,7-1,\n\
        2025-11-15,independent_living_education,7-1,\n";
    let records = records_of(
        "measures-plan-2",
        &[
            ("calendar.csv", ONE_TERM),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
            ("contacts.csv", contacts),
            ("activities.csv", activities),
        ],
    );
    let d = eval(&shipped("school-files-triple-care"), &records, "2026-01-31");
    // (met, missed, open) over five months (Sep–Jan) and one term, all closed by 01-31.
    // helper_talk: A1 Sep (V1) met, Oct (V1) met, Nov by H1 — not its helper — missed, Dec
    // none missed, Jan (V1) met; A2 has no helper and owes all 5 → met 3, missed 2 + 5 = 7.
    assert_eq!(obligation(&d, "helper_talk"), (3, 7, 0));
    let a2 = rows(&d, "helper_talk", "A2");
    assert!(a2.iter().all(|r| r.status == Status::Missed));
    // caring_diary by a teacher: A1 Sep (H1, a teacher) met, Oct by V1 (a volunteer) missed,
    // Nov–Jan missed; A2 Dec (H1) met, four other months missed → met 2, missed 4 + 4 = 8.
    assert_eq!(obligation(&d, "caring_diary"), (2, 8, 0));
    // guardian_visit each term: A1's guardian_visit, A2's home visit (a Saturday) → 2 met.
    assert_eq!(obligation(&d, "guardian_visit"), (2, 0, 0));
    // pairing_progress_check needs the note (the progress record): A1 met, A2's has none.
    assert_eq!(obligation(&d, "pairing_progress_check"), (1, 1, 0));
    // group_activities per child: A1 attended a team activity, A2 nothing → 1 met, 1 missed.
    assert_eq!(activity(&d, "group_activities"), (1, 1, 0));
    // symposium per school: the 7-1 symposium of 12-01 is a row of the kind → met.
    assert_eq!(activity(&d, "symposium"), (1, 0, 0));
    // humanistic_activities per class: the school-wide speech contest counts for 7-1 → met.
    assert_eq!(activity(&d, "humanistic_activities"), (1, 0, 0));
    // life_education needs all four kinds in the term: filial_education was never held.
    let life: Vec<(Option<String>, Status, Vec<String>)> = d
        .activities
        .iter()
        .filter(|a| a.rule == "life_education")
        .map(|a| (a.class.clone(), a.status, a.missing_kinds.clone()))
        .collect();
    assert_eq!(
        life,
        [(
            Some("7-1".to_owned()),
            Status::Missed,
            vec!["filial_education".to_owned()]
        )]
    );
}

/// Plan 3 §Second.4: party-member cadres paired with poor students, the poor flag an optional
/// `students.csv` column; and the films of §Second.5.
#[test]
fn plan_3_cadres_paired_with_poor_students() {
    let header = format!("{STUDENTS_COLUMNS},poor\n");
    // C1 left-behind and poor (`yes`), C2 poor (`是`) but not left-behind, C3 blank (no), C4 no.
    let students = format!(
        "{header}{}{}{}{}",
        kid("C1", "3-1", "yes", "no", "no", ",yes"),
        kid("C2", "3-1", "no", "no", "no", ",是"),
        kid("C3", "3-1", "yes", "no", "no", ","),
        kid("C4", "3-1", "yes", "no", "no", ",no"),
    );
    let staff = "staff_id,name,role,class\nP1,Party,party_member,\nR1,Veteran,retired_veteran,\n";
    // C1 with a party member; C2 with a retired veteran, who is no party-member cadre.
    let pairings = "mentor_id,mentee_id,scheme,start,end\n\
        P1,C1,cadre_pairing,2025-09-01,\n\
        R1,C2,cadre_pairing,2025-09-01,\n";
    let activities = "date,kind,class,student_id\n2025-10-10,education_film,,\n";
    let records = records_of(
        "measures-plan-3",
        &[
            ("calendar.csv", TWO_TERMS),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
            ("activities.csv", activities),
        ],
    );
    let poor: Vec<&str> = records
        .students
        .iter()
        .filter(|s| s.poor)
        .map(|s| s.student_id.as_str())
        .collect();
    assert_eq!(poor, ["C1", "C2"]);
    let d = eval(&shipped("community-care"), &records, "2026-07-31");
    // Covered: C1 and C2 (poor), not C3 or C4. C2's pairing is ineligible, so C2 lacks a
    // cadre on all 100 + 95 = 195 school days (no grace days).
    assert_eq!(
        uncovered(&d, "poor_student_pairing"),
        [("C2".to_owned(), 195, 195)]
    );
    let s = scheme(&d, "poor_student_pairing");
    assert_eq!((s.children, s.always_covered), (2, 1));
    // education_films each term: term 1 (10-10) met, term 2 missed → 1 / 2.
    assert_eq!(activity(&d, "education_films"), (1, 1, 0));

    // No child marked poor (the column absent): `check` says the rule covers nobody.
    let without = records_of(
        "measures-plan-3-no-poor",
        &[
            ("calendar.csv", TWO_TERMS),
            (
                "students.csv",
                &format!(
                    "{STUDENTS_COLUMNS}\n{}",
                    kid("C1", "3-1", "yes", "no", "no", "")
                ),
            ),
        ],
    );
    let draft = careplan::policy::Draft::read_dir(&policy_dir("community-care")).expect("reads");
    let policy = draft.validate().expect("valid");
    let poor_warnings: Vec<String> = draft
        .lint_with_records(&policy, &without)
        .into_iter()
        .map(|w| w.message)
        .filter(|m| m.contains("covers poor"))
        .collect();
    assert_eq!(
        poor_warnings,
        [
            "pairing scheme `poor_student_pairing` covers poor children, but no child has `poor` = yes in students.csv: it covers nobody"
        ]
    );
    assert!(
        draft
            .lint_with_records(&policy, &records)
            .iter()
            .all(|w| !w.message.contains("covers poor"))
    );
}

/// A `poor` cell that is no yes/no word is an error naming its line and column, read as no.
#[test]
fn a_bad_poor_cell_is_an_error_with_its_position() {
    let dir = tmp_dir("measures-poor-bad");
    std::fs::write(dir.join("calendar.csv"), ONE_TERM).expect("written");
    let students = format!(
        "{STUDENTS_COLUMNS},poor\n{}",
        kid("C1", "3-1", "yes", "no", "no", ",maybe")
    );
    std::fs::write(dir.join("students.csv"), students).expect("written");
    let records = careplan::records::load_dir(&dir).expect("records load");
    let f: Vec<(usize, String)> = records
        .findings
        .iter()
        .map(|f| (f.line.unwrap_or(0), f.column.clone().unwrap_or_default()))
        .collect();
    // The header is line 1, C1's row line 2.
    assert_eq!(f, [(2, "poor".to_owned())]);
    assert!(!records.students[0].poor);
}

/// Plan 4's measures: the caring mother's visits and home invitations (owed by every child
/// who should have a caring mother), the teachers' visits, talks and diary, the progress check
/// of the one-help-one pairs, lectures for guardians, the children's home, each class's
/// investigation and the sunny stage.
#[test]
fn plan_4_measures_on_a_small_record_set() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}{}",
        kid("A1", "7-1", "yes", "no", "no", ""),
        kid("A2", "7-1", "yes", "no", "no", ""),
        kid("P1", "7-1", "no", "no", "yes", ""),
    );
    let staff =
        "staff_id,name,role,class\nH1,Head,head_teacher;teacher,7-1\nM1,Mother,caring_mother,\n";
    // A1 and P1 have caring mother M1; A2 has none; nobody has a hand_in_hand helper.
    let pairings = "mentor_id,mentee_id,scheme,start,end\n\
        M1,A1,caring_mother,2025-09-01,\n\
        M1,P1,caring_mother,2025-09-01,\n";
    let contacts = "date,student_id,staff_id,kind,note\n\
        2025-10-18,A1,M1,home_visit,\n\
        2025-11-11,P1,H1,guardian_visit,\n\
        2025-10-01,A1,M1,home_invitation,National Day lunch\n\
        2025-12-10,P1,H1,progress_check,maths up\n";
    let activities = "date,kind,class,student_id\n\
        2025-11-20,symposium,,\n\
        2025-09-12,physical_mental_survey,7-1,\n\
        2025-10-15,big_recess,7-1,\n";
    let records = records_of(
        "measures-plan-4",
        &[
            ("calendar.csv", ONE_TERM),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
            ("contacts.csv", contacts),
            ("activities.csv", activities),
        ],
    );
    let d = eval(&shipped("school-ten-ones"), &records, "2026-01-31");
    // caring_mother_visit (A1, A2, P1; one term): A1's home visit by M1 met; P1's visit was by
    // H1, not its caring mother → missed; A2 has no caring mother → missed. 1 met, 2 missed.
    assert_eq!(obligation(&d, "caring_mother_visit"), (1, 2, 0));
    // home_invitation (left-behind only: A1, A2): A1 invited by M1 → met; A2 missed.
    assert_eq!(obligation(&d, "home_invitation"), (1, 1, 0));
    // guardian_visit by anyone (A1, A2): A1's home visit counts → 1 met, A2 missed.
    assert_eq!(obligation(&d, "guardian_visit"), (1, 1, 0));
    // helper_talk and caring_diary (A1, A2, five months each): no helper, no diary → 10 missed.
    assert_eq!(obligation(&d, "helper_talk"), (0, 10, 0));
    assert_eq!(obligation(&d, "caring_diary"), (0, 10, 0));
    // pairing_progress_check covers the potential student P1 only: H1's noted check → met.
    assert_eq!(obligation(&d, "pairing_progress_check"), (1, 0, 0));
    // guardian_lectures: a symposium counts → met; the children's home: nothing → missed;
    // 7-1's survey of 09-12 → met for the year; the big recess → the sunny stage met.
    assert_eq!(activity(&d, "guardian_lectures"), (1, 0, 0));
    assert_eq!(activity(&d, "childrens_home_activities"), (0, 1, 0));
    assert_eq!(activity(&d, "class_investigation"), (1, 0, 0));
    assert_eq!(activity(&d, "sunny_stage"), (1, 0, 0));
}

/// Plan 5's measures: the activity steps (dated milestones of each class), the hand-in-hand
/// pairing, the family visits each term and social practice.
#[test]
fn plan_5_activity_steps_pairing_and_visits() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}{}",
        kid("A1", "7-1", "yes", "no", "no", ""),
        kid("S1", "7-1", "no", "yes", "no", ""),
        kid("B1", "7-2", "yes", "no", "no", ""),
    );
    let staff = "staff_id,name,role,class\nT1,Teacher,teacher,7-1\nV1,Volunteer,volunteer,7-2\n";
    // A1 helped all year; S1 never; B1 only from the second term.
    let pairings = "mentor_id,mentee_id,scheme,start,end\n\
        T1,A1,hand_in_hand,2025-09-01,\n\
        V1,B1,hand_in_hand,2026-03-02,\n";
    let contacts = "date,student_id,staff_id,kind,note\n\
        2025-10-10,A1,T1,home_visit,\n\
        2026-04-10,A1,T1,guardian_visit,\n\
        2025-11-11,B1,V1,home_visit,\n";
    // Steps: early April = 1–10, late April = 21–30, mid-May = 11–20, late May = 21–31.
    let activities = "date,kind,class,student_id\n\
        2026-04-10,investigation,7-1,\n\
        2026-04-11,investigation,7-2,\n\
        2026-04-20,opinions,7-1,\n\
        2026-04-21,opinions,7-2,\n\
        2026-05-15,symposium,,\n\
        2026-05-31,activity_plan,7-1,\n\
        2026-07-01,implementation,7-1,\n\
        2026-06-30,implementation,7-2,\n\
        2026-05-01,social_practice,7-1,A1\n";
    let records = records_of(
        "measures-plan-5",
        &[
            ("calendar.csv", TWO_TERMS),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
            ("contacts.csv", contacts),
            ("activities.csv", activities),
        ],
    );
    for package in ["class-hand-in-hand", "class-hand-in-hand-percentile"] {
        let d = eval(&shipped(package), &records, "2026-07-31");
        let cal = d.calendar.as_ref().expect("dated duties");
        let steps: Vec<(&str, &str, Status)> = cal
            .milestones
            .iter()
            .map(|m| (m.rule.as_str(), m.class.as_deref().unwrap_or(""), m.status))
            .collect();
        use Status::{Met, Missed};
        let mut want = vec![
            // 04-10 is the last day of early April; 04-11 is mid-April.
            ("investigation", "7-1", Met),
            ("investigation", "7-2", Missed),
            // 04-20 is still mid-April; 04-21 is late April.
            ("opinions", "7-1", Missed),
            ("opinions", "7-2", Met),
            // A school-wide symposium on 05-15 serves both classes.
            ("symposium", "7-1", Met),
            ("symposium", "7-2", Met),
            // 05-31 is late May; 7-2 drew up no plan.
            ("activity_plan", "7-1", Met),
            ("activity_plan", "7-2", Missed),
            // 07-01 is not June; 06-30 is.
            ("implementation", "7-1", Missed),
            ("implementation", "7-2", Met),
        ];
        let mut got = steps.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{package}");
        // hand_in_hand_pairing (A1, S1, B1): each needs a helper on 195 − 5 = 190 school days;
        // S1 has none (190), B1 none in the first term after its first 5 days (100 − 5 = 95).
        assert_eq!(
            uncovered(&d, "hand_in_hand_pairing"),
            [("B1".to_owned(), 95, 190), ("S1".to_owned(), 190, 190)]
        );
        // regular_family_visit (A1, B1; two terms): A1 both terms met, B1 term 1 met, term 2
        // missed → 3 met, 1 missed.
        assert_eq!(obligation(&d, "regular_family_visit"), (3, 1, 0));
        // social_practice (A1, B1; the year): A1 attended, B1 did not.
        assert_eq!(activity(&d, "social_practice"), (1, 1, 0));
    }
}
