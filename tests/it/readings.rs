//! The seed as a Chinese school reads it: each corrected reading of issue "the five plans as a
//! Chinese school reads them", on a small record set written here, with the values worked out
//! by hand beside the assertions.

use crate::support::*;
use careplan::eval::Status;

/// A left-behind child of class `class`, enrolled on 2025-09-01.
fn child(id: &str, class: &str) -> String {
    format!(
        "{id},Name {id},M,2013-01-22,7,{class},yes,no,no,Guardian,grandmother,,Father,,Dongguan,Mother,,Dongguan,,good,2025-09-01,,\n"
    )
}

const TWO_YEARS: &str = "kind,start,end,label\n\
    term,2025-09-01,2026-01-16,2025-2026-1\n\
    term,2026-03-02,2026-07-10,2025-2026-2\n\
    term,2026-09-01,2027-01-15,2026-2027-1\n\
    term,2027-03-01,2027-07-09,2026-2027-2\n";

const QUARTERLY_VISIT: &str = r#"Plan(
    id: "quarterly-visit",
    name: "Quarterly home visit",
    seed: "Plan 1",
    obligations: [
        (
            id: "quarterly_home_visit",
            seed: "Plan 1 §Third.2: visit at least once a quarter",
            kinds: ["home_visit"],
            covers: [LeftBehind],
            window: Quarterly,
        ),
    ],
)"#;

/// A window of an academic year never reaches past the year's span (first term's start to
/// last term's end): a visit in the next year does not meet a quarter of the year that ended.
#[test]
fn a_window_of_a_year_never_counts_a_contact_of_the_next_year() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}",
        child("A1", "7-1"),
        child("A2", "7-1")
    );
    // A1: one visit on Tue 2026-09-15 (first term of 2026-2027); A2: one on Wed 2026-07-08
    // (last week of 2025-2026's second term).
    let contacts = "date,student_id,staff_id,kind,note\n\
        2026-09-15,A1,,home_visit,\n\
        2026-07-08,A2,,home_visit,\n";
    let records = records_of(
        "reading-window-span",
        &[
            ("calendar.csv", TWO_YEARS),
            ("students.csv", &students),
            ("contacts.csv", contacts),
        ],
    );
    let policy = parse(QUARTERLY_VISIT);

    // 2025-2026 runs 2025-09-01..2026-07-10, so its Q3 window is 2026-07-01..07-10 (the
    // calendar quarter Jul–Sep cut at the year's end). A2's visit of 07-08 is in it → met;
    // A1's visit of 09-15 is not → missed (as of 2026-10-31 the window has ended).
    let d = eval_year(&policy, &records, "2026-10-31", Some("2025-2026"));
    let a1 = row(&d, "quarterly_home_visit", "A1", "2026-07-01");
    assert_eq!(a1.window_end, date("2026-07-10"));
    assert_eq!((a1.status, a1.contact_date), (Status::Missed, None));
    let a2 = row(&d, "quarterly_home_visit", "A2", "2026-07-01");
    assert_eq!(
        (a2.status, a2.contact_date),
        (Status::Met, Some(date("2026-07-08")))
    );

    // 2026-2027 starts 2026-09-01: its Q3 window is 2026-09-01..09-30. A1's visit of 09-15
    // meets it; A2's visit of 07-08 belongs to the year before → missed.
    let d = eval_year(&policy, &records, "2026-10-31", Some("2026-2027"));
    let a1 = row(&d, "quarterly_home_visit", "A1", "2026-09-01");
    assert_eq!(a1.window_end, date("2026-09-30"));
    assert_eq!(
        (a1.status, a1.contact_date),
        (Status::Met, Some(date("2026-09-15")))
    );
    let a2 = row(&d, "quarterly_home_visit", "A2", "2026-09-01");
    assert_eq!((a2.status, a2.contact_date), (Status::Missed, None));
}

const HEAD_TEACHER_TALK: &str = r#"Plan(
    id: "head-teacher-talk",
    name: "Monthly talk by the head teacher",
    seed: "Plan 2",
    obligations: [
        (
            id: "monthly_head_teacher_talk",
            seed: "Plan 2 §Third(1).5: the class teacher talks at least once a month",
            kinds: ["talk"],
            covers: [LeftBehind],
            window: Monthly,
            made_by: HeadTeacher,
        ),
    ],
)"#;

/// 班主任 is the head teacher of the child's own class: a talk by the head teacher of another
/// class does not meet the monthly talk; `Role(role: "head_teacher")` keeps the other reading.
#[test]
fn the_head_teacher_is_the_childs_own_class_teacher() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}",
        child("A1", "7-1"),
        child("B1", "7-2")
    );
    let staff = "staff_id,name,role,class\n\
        H1,Head One,head_teacher;teacher,7-1\n\
        H2,Head Two,head_teacher;teacher,7-2\n\
        T3,Teacher Three,teacher,7-1\n";
    // September: A1 talks with H2 (7-2's head teacher), B1 with H2. October: A1 with H1, B1
    // with H1. November: A1 with T3 (a teacher of 7-1, not its head teacher).
    let contacts = "date,student_id,staff_id,kind,note\n\
        2025-09-10,A1,H2,talk,\n\
        2025-09-11,B1,H2,talk,\n\
        2025-10-10,A1,H1,talk,\n\
        2025-10-11,B1,H1,talk,\n\
        2025-11-10,A1,T3,talk,\n";
    let calendar = "kind,start,end,label\nterm,2025-09-01,2026-01-16,2025-2026-1\n";
    let records = records_of(
        "reading-head-teacher",
        &[
            ("calendar.csv", calendar),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("contacts.csv", contacts),
        ],
    );
    // As of 2025-12-01 November is over; December has just begun (open for everyone).
    let as_of = "2025-12-01";
    let view = |d: &careplan::eval::Decision, id: &str| -> Vec<(String, Status)> {
        rows(d, "monthly_head_teacher_talk", id)
            .iter()
            .map(|r| (r.window_start.to_string(), r.status))
            .collect()
    };
    let own = eval(&parse(HEAD_TEACHER_TALK), &records, as_of);
    // A1 (7-1): September by H2 → not its head teacher → missed; October by H1 → met;
    // November by T3 → missed. B1 (7-2): September by H2 → met; October by H1 → missed;
    // November no talk → missed.
    use Status::{Met, Missed, Open};
    let months = |s: [Status; 3]| -> Vec<(String, Status)> {
        ["2025-09-01", "2025-10-01", "2025-11-01", "2025-12-01"]
            .iter()
            .zip(s.into_iter().chain([Open]))
            .map(|(m, s)| ((*m).to_owned(), s))
            .collect()
    };
    assert_eq!(view(&own, "A1"), months([Missed, Met, Missed]));
    assert_eq!(view(&own, "B1"), months([Met, Missed, Missed]));
    // School: met 2, missed 4 (December open for both) → 2 / (2 + 4) = 0.3333.
    let c = &own.obligation_summary["monthly_head_teacher_talk"];
    assert_eq!((c.met, c.missed, c.open), (2, 4, 2));

    // The other reading: any head teacher. A1: Sep (H2) met, Oct (H1) met, Nov (T3, no
    // head teacher) missed; B1: Sep met, Oct met, Nov missed → met 4 of 6.
    let any = parse(&HEAD_TEACHER_TALK.replace(
        "made_by: HeadTeacher",
        "made_by: Role(role: \"head_teacher\")",
    ));
    let d = eval(&any, &records, as_of);
    assert_eq!(view(&d, "A1"), months([Met, Met, Missed]));
    assert_eq!(view(&d, "B1"), months([Met, Met, Missed]));

    // A covered class with no head teacher can never meet the rule: `check` warns.
    // H2 is now only a teacher of 7-2: class 7-2 has no head teacher.
    let staff = "staff_id,name,role,class\n\
        H1,Head One,head_teacher;teacher,7-1\n\
        H2,Head Two,teacher,7-2\n\
        T3,Teacher Three,teacher,7-1\n";
    let records = records_of(
        "reading-head-teacher-missing",
        &[
            ("calendar.csv", calendar),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("contacts.csv", contacts),
        ],
    );
    let draft = careplan::policy::Draft::parse("plan.ron", HEAD_TEACHER_TALK).expect("parses");
    let policy = draft.validate().expect("valid");
    let warnings: Vec<String> = draft
        .lint_with_records(&policy, &records)
        .into_iter()
        .map(|w| w.message)
        .collect();
    assert_eq!(
        warnings,
        [
            "class 7-2 has no head teacher in staff.csv, so obligation `monthly_head_teacher_talk` can never be met for its children"
        ]
    );
}

const LECTURES: &str = r#"Plan(
    id: "lectures",
    name: "Lectures every semester",
    seed: "Plan 4",
    activities: [
        (
            id: "semester_lectures",
            seed: "Plan 4 §(2).5: lectures on legal system, safety and mental health education every semester",
            kinds: ["legal_lecture", "safety_lecture", "mental_health_lecture"],
            every_kind: true,
            per: School,
            window: Term,
        ),
    ],
)"#;

/// "Lectures on legal system, safety and mental health education every semester": all three
/// each term; `every_kind: false` keeps the any-one reading.
#[test]
fn lectures_every_semester_need_all_three_topics() {
    let calendar = "kind,start,end,label\n\
        term,2025-09-01,2026-01-16,2025-2026-1\n\
        term,2026-03-02,2026-07-10,2025-2026-2\n";
    let students = format!("{STUDENTS_COLUMNS}\n{}", child("A1", "7-1"));
    // Term 1: legal 10-20, safety 11-05, mental health 12-10 → all three, met on 12-10 (the
    // day the last topic was first held). Term 2: only a safety lecture (04-15) → missed,
    // legal and mental health not held.
    let activities = "date,kind,class,student_id\n\
        2025-10-20,legal_lecture,,\n\
        2025-11-05,safety_lecture,,\n\
        2025-12-10,mental_health_lecture,,\n\
        2026-01-08,safety_lecture,,\n\
        2026-04-15,safety_lecture,,\n";
    let records = records_of(
        "reading-lectures",
        &[
            ("calendar.csv", calendar),
            ("students.csv", &students),
            ("activities.csv", activities),
        ],
    );
    let d = eval(&parse(LECTURES), &records, "2026-07-31");
    let terms: Vec<(String, Status, Option<String>, Vec<String>)> = d
        .activities
        .iter()
        .map(|a| {
            (
                a.window_start.to_string(),
                a.status,
                a.date.map(|d| d.to_string()),
                a.missing_kinds.clone(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        [
            (
                "2025-09-01".to_owned(),
                Status::Met,
                Some("2025-12-10".to_owned()),
                vec![]
            ),
            (
                "2026-03-02".to_owned(),
                Status::Missed,
                None,
                vec![
                    "legal_lecture".to_owned(),
                    "mental_health_lecture".to_owned()
                ]
            ),
        ]
    );
    // 1 met, 1 missed → 1 / 2 = 0.5.
    assert_eq!(
        d.activity_summary["semester_lectures"].compliance_rate,
        Some(0.5)
    );
    // The outcome says what was not held.
    let missed = careplan::eval::outcome::outcomes(&d)
        .into_iter()
        .find(|o| {
            o.rule == "semester_lectures"
                && o.status == Some(careplan::eval::outcome::State::Missed)
        })
        .expect("a missed term");
    assert_eq!(
        careplan::report::outcomes::reason_text(&missed.reason, careplan::lang::Lang::En),
        "not held: legal_lecture, mental_health_lecture"
    );

    // Any one topic: term 1 met on 10-20 (the first lecture), term 2 met on 04-15 → 2 / 2.
    let any = parse(&LECTURES.replace("every_kind: true,", "every_kind: false,"));
    let d = eval(&any, &records, "2026-07-31");
    let dates: Vec<Option<String>> = d
        .activities
        .iter()
        .map(|a| a.date.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        dates,
        [Some("2025-10-20".to_owned()), Some("2026-04-15".to_owned())]
    );
    assert_eq!(
        d.activity_summary["semester_lectures"].compliance_rate,
        Some(1.0)
    );
}

const ELDERS: &str = r#"Plan(
    id: "elders",
    name: "Letters before the elders' birthdays",
    seed: "Plan 4",
    letters_home: [
        (
            id: "letters_home",
            seed: "Plan 4 §(2).3: write letters home before elders' birthdays",
            covers: [LeftBehind],
            kinds: ["letter"],
            before: [EldersBirthdays],
        ),
    ],
)"#;

/// A letter due on the elders' birthdays is silently inactive without the guardian's birthday:
/// `check` warns, and stops warning once one covered child has it.
#[test]
fn letters_for_elders_birthdays_without_the_birthday_column_are_warned_of() {
    let calendar = "kind,start,end,label\nterm,2025-09-01,2026-01-16,2025-2026-1\n";
    let draft = careplan::policy::Draft::parse("plan.ron", ELDERS).expect("parses");
    let policy = draft.validate().expect("valid");
    let warnings = |records: &careplan::records::Records| -> Vec<String> {
        draft
            .lint_with_records(&policy, records)
            .into_iter()
            .map(|w| {
                format!(
                    "{}:{}: {}",
                    w.line.unwrap_or(0),
                    w.col.unwrap_or(0),
                    w.message
                )
            })
            .collect()
    };
    let without = records_of(
        "reading-elders-without",
        &[
            ("calendar.csv", calendar),
            (
                "students.csv",
                &format!("{STUDENTS_COLUMNS}\n{}", child("A1", "7-1")),
            ),
        ],
    );
    // `EldersBirthdays` is on line 11 (`before: [`), column 22 (12 spaces + `before: [`) of ELDERS.
    assert_eq!(
        warnings(&without),
        [
            "11:22: letters rule `letters_home` is due on the elders' birthdays, but no child it covers has a `guardian_birth_date` in students.csv: no letter is owed for them"
        ]
    );
    let header = format!("{STUDENTS_COLUMNS},guardian_birth_date\n");
    let with = records_of(
        "reading-elders-with",
        &[
            ("calendar.csv", calendar),
            (
                "students.csv",
                &format!("{header}{},1958-03-02\n", child("A1", "7-1").trim_end()),
            ),
        ],
    );
    assert_eq!(warnings(&with), Vec::<String>::new());
}

/// Every shipped package marks the parameters the seed leaves open as the school's choices, and
/// each names a parameter of its plan with the value the package gives it. The expected values
/// are read off the seed's gaps (the plans' own settings), not off the program.
#[test]
fn the_shipped_packages_list_the_schools_choices_with_their_values() {
    let choices = |name: &str| -> Vec<(String, String)> {
        careplan::policy::Draft::read_dir(&policy_dir(name))
            .expect("reads")
            .school_choices()
            .expect("every choice names a parameter")
            .into_iter()
            .map(|c| (c.param, c.value))
            .collect()
    };
    let has = |name: &str, param: &str, value: &str| {
        let list = choices(name);
        assert!(
            list.iter().any(|(p, v)| p == param && v == value),
            "{name}: no choice `{param} = {value}` in {list:?}"
        );
    };
    // Plan 5 §6 "how much yuan": 1 yuan = 100 fen a point.
    has("class-hand-in-hand", "helpers.fen_per_point", "100");
    has(
        "class-hand-in-hand-percentile",
        "helpers.fen_per_point",
        "100",
    );
    // Plan 4 §(1).6 weights 30/20/20/10/20 (sum 100), one advanced class; §(1).5 "serious
    // decline" = 5 places; §(1).3 "outstanding" = top 10; §(2).9 no party in Feb, Jul, Aug.
    for (component, weight) in [
        ("talks", "30"),
        ("pairing", "20"),
        ("files", "20"),
        ("plans", "10"),
        ("activities", "20"),
    ] {
        has(
            "school-ten-ones",
            &format!("class_assessment.components.{component}.weight"),
            weight,
        );
    }
    has("school-ten-ones", "class_assessment.advanced.n", "1");
    has("school-ten-ones", "individual_plans.triggers.0.places", "5");
    has(
        "school-ten-ones",
        "pairing_schemes.little_teachers.mentors.top",
        "10",
    );
    has(
        "school-ten-ones",
        "birthday_parties.birthday_party.months",
        "1,3,4,5,6,9,10,11,12",
    );
    // Plan 3 §Second.4 school supplies once a term; §Second.5 festivals within 3 days.
    has(
        "community-care",
        "activities.school_supplies.window",
        "Term",
    );
    has(
        "community-care",
        "festival_days.double_ninth.tolerance_days",
        "3",
    );
    // Plan 2 §Third(1).3: a learning helper within 5 school days.
    has(
        "school-files-triple-care",
        "pairing_schemes.learning_helpers.grace_school_days",
        "5",
    );
    // Plan 1 每周一谈: no due weekday.
    has(
        "school-weekly-talks",
        "obligations.weekly_talk.window.due",
        "none",
    );
}

/// A school's choice that names no parameter of the plan is refused with its position and the
/// nearest paths, like `--set`.
#[test]
fn a_schools_choice_naming_no_parameter_is_refused_with_its_position() {
    let src = r#"Plan(
    id: "p",
    name: "p",
    seed: "Plan 5",
    obligations: [
        (id: "monthly", seed: "Plan 5 §Second.3", kinds: ["parent_call"], covers: [LeftBehind], window: Monthly),
    ],
    school_choices: [
        (param: "obligations.monthly.widow", why: "a typo"),
    ],
)"#;
    let err = careplan::policy::parse("plan.ron", src).expect_err("refused");
    let d: Vec<String> = err
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {} ({})",
                d.line.unwrap_or(0),
                d.col.unwrap_or(0),
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect();
    // Line 9 of `src`; the quoted path starts after 8 spaces + `(param: ` (8 chars): column 17.
    assert_eq!(
        d,
        [
            "9:17: school's choice `obligations.monthly.widow` names no parameter of this plan (did you mean `obligations.monthly.window`?)"
        ]
    );
}

const HEART_TALK: &str = r#"Plan(
    id: "heart-talk",
    name: "Caring mothers' weekly talk",
    seed: "Plan 4",
    obligations: [
        (
            id: "weekly_heart_talk",
            seed: "Plan 4 §(2).4: the caring mother talks with the child once a week",
            kinds: ["heart_talk"],
            covers: [LeftBehind],
            window: Weekly(),
            made_by: PairedMentor(scheme: "caring_mother"),
            without_mentor: Owed,
        ),
    ],
)"#;

/// Plan 4 §(2).4 gives every left-behind child a caring mother: a child without one owes the
/// weekly talk too (the week counts against the duty, "no caring_mother paired"), and the rate
/// says over how many children it is taken. `without_mentor: Excused` keeps the other reading.
#[test]
fn a_child_without_a_caring_mother_counts_against_the_weekly_talk() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}",
        child("A1", "7-1"),
        child("B1", "7-1")
    );
    let staff = "staff_id,name,role,class\nM1,Mother One,caring_mother,\n";
    // A1 has caring mother M1 from the first day; B1 has none.
    let pairings = "mentor_id,mentee_id,scheme,start,end\nM1,A1,caring_mother,2025-09-01,\n";
    let contacts = "date,student_id,staff_id,kind,note\n2025-09-03,A1,M1,heart_talk,\n";
    let calendar = "kind,start,end,label\nterm,2025-09-01,2026-01-16,2025-2026-1\n";
    let records = records_of(
        "reading-caring-mother",
        &[
            ("calendar.csv", calendar),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
            ("contacts.csv", contacts),
        ],
    );
    // As of Monday 2025-09-15: the weeks of 09-01 and 09-08 are over, 09-15's is open.
    let as_of = "2025-09-15";
    let owed = eval(&parse(HEART_TALK), &records, as_of);
    use Status::{Met, Missed, Open};
    let view = |d: &careplan::eval::Decision, id: &str| -> Vec<(Status, Option<String>)> {
        rows(d, "weekly_heart_talk", id)
            .iter()
            .map(|r| (r.status, r.no_mentor.clone()))
            .collect()
    };
    // A1: talk on 09-03 → met; none the week of 09-08 → missed (A1 has a mentor: a plain
    // miss); 09-15 open.
    assert_eq!(
        view(&owed, "A1"),
        [(Met, None), (Missed, None), (Open, None)]
    );
    // B1: no caring mother in any week → missed, missed, open, each "no caring_mother".
    let none = Some("caring_mother".to_owned());
    assert_eq!(
        view(&owed, "B1"),
        [(Missed, none.clone()), (Missed, none.clone()), (Open, none)]
    );
    // met 1, missed 1 + 2 = 3 → 1 / (1 + 3) = 0.25, over 2 children.
    let c = &owed.obligation_summary["weekly_heart_talk"];
    assert_eq!((c.met, c.missed, c.open, c.children), (1, 3, 2, 2));
    assert_eq!(c.compliance_rate, Some(0.25));
    let why: Vec<String> = careplan::eval::outcomes(&owed)
        .iter()
        .filter(|o| o.subject == careplan::eval::outcome::Subject::Child("B1".into()))
        .map(|o| careplan::report::outcomes::reason_text(&o.reason, careplan::lang::Lang::En))
        .collect();
    assert_eq!(why, ["no caring_mother paired"; 3]);

    // Excused: B1 owes nothing; A1 alone: met 1, missed 1 → 1 / 2 = 0.5, over 1 child.
    let excused = eval(
        &parse(&HEART_TALK.replace("without_mentor: Owed", "without_mentor: Excused")),
        &records,
        as_of,
    );
    assert_eq!(view(&excused, "B1"), []);
    let c = &excused.obligation_summary["weekly_heart_talk"];
    assert_eq!((c.met, c.missed, c.open, c.children), (1, 1, 1, 1));
    assert_eq!(c.compliance_rate, Some(0.5));
}

/// `without_mentor` belongs to a duty made by the child's own mentor.
#[test]
fn without_mentor_on_a_duty_not_made_by_a_mentor_is_refused() {
    let src = HEART_TALK.replace(
        "made_by: PairedMentor(scheme: \"caring_mother\")",
        "made_by: Anyone",
    );
    let err = careplan::policy::parse("plan.ron", &src).expect_err("refused");
    let d: Vec<String> = err
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.line.unwrap_or(0),
                d.col.unwrap_or(0),
                d.message
            )
        })
        .collect();
    // `without_mentor:` is on line 13, after 12 spaces: column 13.
    assert_eq!(
        d,
        [
            "13:13: obligation `weekly_heart_talk` has `without_mentor: Owed` but is not made by a mentor"
        ]
    );
}

const LITTLE_TEACHERS: &str = r#"Plan(
    id: "little-teachers",
    name: "Little teachers",
    seed: "Plan 4",
    pairing_schemes: [
        (
            id: "little_teachers",
            seed: "Plan 4 §(2).3: outstanding students help a potential student",
            scheme: "one_help_one",
            mentors: Student(top: 1),
            covers: [PotentialStudent],
            capacity: 1,
        ),
    ],
)"#;

/// Plan 4 §(2).3: a little teacher is chosen on the performance test before the pairing, so
/// eligibility is judged on the exam in force when the pairing started, never on a later one.
#[test]
fn a_little_teacher_is_judged_on_the_exam_in_force_when_paired() {
    let potential = |id: &str| child(id, "7-1").replace(",yes,no,no,", ",no,no,yes,");
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}{}{}",
        potential("M1").replace(",no,no,yes,", ",no,no,no,"),
        potential("X1").replace(",no,no,yes,", ",no,no,no,"),
        potential("Y1"),
        child("L1", "7-1")
    );
    // Term 1 final: M1 500 (rank 1), X1 400, Y1 300, L1 200. Term 2 final: X1 500, Y1 400,
    // M1 300 (rank 3), L1 200.
    let exams = "student_id,term,total,class\n\
        M1,2025-2026-1,500,7-1\nX1,2025-2026-1,400,7-1\nY1,2025-2026-1,300,7-1\nL1,2025-2026-1,200,7-1\n\
        M1,2025-2026-2,300,7-1\nX1,2025-2026-2,500,7-1\nY1,2025-2026-2,400,7-1\nL1,2025-2026-2,200,7-1\n";
    // From 2026-02-02 (after term 1's final) M1 helps Y1 and X1 helps the left-behind L1: M1
    // was rank 1 then (in the top 1), X1 rank 2 (not). Term 2 reverses them (X1 rank 1, M1
    // rank 3), which must not matter. X1's pairing with Y1 from 2025-09-15 predates every
    // exam: not judged, with a warning.
    let pairings = "mentor_id,mentee_id,scheme,start,end\n\
        X1,Y1,one_help_one,2025-09-15,2026-01-31\n\
        M1,Y1,one_help_one,2026-02-02,\n\
        X1,L1,one_help_one,2026-02-02,\n";
    let records = records_of(
        "reading-little-teachers",
        &[
            ("calendar.csv", TWO_YEARS),
            ("students.csv", &students),
            ("exams.csv", exams),
            ("pairings.csv", pairings),
        ],
    );
    let d = eval(&parse(LITTLE_TEACHERS), &records, "2026-07-31");
    let scheme = &d.pairing_schemes[0];
    let ineligible: Vec<(&str, &str, String)> = scheme
        .ineligible
        .iter()
        .map(|p| {
            (
                p.mentor_id.as_str(),
                p.mentee_id.as_str(),
                p.why.text(careplan::lang::Lang::En),
            )
        })
        .collect();
    // Only X1's February pairing, judged on term 1 (rank 2); M1's stays eligible although M1
    // fell to rank 3 on the later exam.
    assert_eq!(
        ineligible,
        [(
            "X1",
            "L1",
            "rank 2 in class on the 2025-2026-1 exam, not in the top 1".to_owned()
        )]
    );
    let warnings: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.file == "exams.csv")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "1 pairing of pairing scheme `little_teachers` started before any exam of the records (the first on 2025-09-15): whether the mentor was in the top of the class when paired is not checked"
        ]
    );
}

const LEARNING_HELPERS: &str = r#"Plan(
    id: "learning-helpers",
    name: "Learning helpers",
    seed: "Plan 2",
    pairing_schemes: [
        (
            id: "learning_helpers",
            seed: "Plan 2 §Third(1).3: every left-behind child has a learning helper",
            scheme: "hand_in_hand",
            mentors: StaffOrClassmate(roles: ["teacher"]),
            covers: [LeftBehind],
        ),
    ],
)"#;

/// Plan 2 §Third(1).3: "each left-behind child is led by a teacher to establish a learning
/// helper" (学习帮手): the helper may be a classmate as well as a teacher; a student of another
/// class, or a staff member without the role, is not one.
#[test]
fn a_learning_helper_may_be_a_classmate() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}{}{}{}",
        child("A1", "7-1"),
        child("B1", "7-1"),
        child("C1", "7-1"),
        child("D1", "7-1"),
        child("E2", "7-2").replace(",yes,no,no,", ",no,no,no,")
    );
    let staff =
        "staff_id,name,role,class\nT1,Teacher One,teacher,7-1\nW1,Worker One,caring_mother,\n";
    // A1 ← T1 (a teacher); B1 ← A1 (a classmate); C1 ← E2 (a student of 7-2); D1 ← W1 (staff
    // without the role). All from the first day.
    let pairings = "mentor_id,mentee_id,scheme,start,end\n\
        T1,A1,hand_in_hand,2025-09-01,\n\
        A1,B1,hand_in_hand,2025-09-01,\n\
        E2,C1,hand_in_hand,2025-09-01,\n\
        W1,D1,hand_in_hand,2025-09-01,\n";
    let records = records_of(
        "reading-learning-helpers",
        &[
            ("calendar.csv", TWO_YEARS),
            ("students.csv", &students),
            ("staff.csv", staff),
            ("pairings.csv", pairings),
        ],
    );
    let d = eval(&parse(LEARNING_HELPERS), &records, "2026-07-31");
    let s = &d.pairing_schemes[0];
    let why: Vec<(&str, String)> = s
        .ineligible
        .iter()
        .map(|p| (p.mentor_id.as_str(), p.why.text(careplan::lang::Lang::En)))
        .collect();
    assert_eq!(
        why,
        [
            (
                "E2",
                "the student mentor is not in the mentee's class 7-1".to_owned()
            ),
            (
                "W1",
                "the mentor holds none of the roles teacher".to_owned()
            ),
        ]
    );
    // Covered all year: A1 (teacher) and B1 (classmate) of the 4 left-behind children.
    assert_eq!((s.always_covered, s.children), (2, 4));
}

const ENROLLMENT: &str = r#"Plan(
    id: "enrollment",
    name: "Enrollment",
    seed: "Plan 2",
    enrollment: (
        id: "enrollment_retention",
        seed: "Plan 2 §Second.2: enrollment and consolidation rates reach 100%",
        covers: [LeftBehind],
        count_on: YearStart,
        enrollment_target_percent: 100,
        retention_target_percent: 100,
    ),
)"#;

/// Plan 2 §Second.2's enrollment rate is over the catchment's school-age left-behind children
/// (the village's or community's list), not over the school's own roster (on which every child
/// is enrolled): without the list it cannot be computed.
#[test]
fn the_enrollment_rate_is_taken_over_the_catchments_list() {
    let students = format!(
        "{STUDENTS_COLUMNS}\n{}{}{}",
        child("A1", "7-1"),
        child("B1", "7-1"),
        // C1 joins on 2025-10-08, after the count day (the year's first day).
        child("C1", "7-1").replace(",2025-09-01,,", ",2025-10-08,,")
    );
    let calendar = "kind,start,end,label\nterm,2025-09-01,2026-01-16,2025-2026-1\n";
    let without = records_of(
        "reading-enrollment-without",
        &[("calendar.csv", calendar), ("students.csv", &students)],
    );
    let d = eval(&parse(ENROLLMENT), &without, "2025-12-01");
    let e = d.enrollment.as_ref().expect("enrollment");
    // The roster (A1, B1 on 2025-09-01) would give 2 / 2 = 100%: not printed.
    assert_eq!((e.roster, e.enrolled), (2, 2));
    assert_eq!((e.catchment, e.enrollment_rate), (None, None));
    assert!(!e.meets_enrollment_target);

    // The village's list: A1 by student_id; "Name B1" born 2013-01-22 matched by name and birth
    // date; C1 (at the school only from 2025-10-08, after the count day) and a child who is at
    // no school. 2 of 4 enrolled on the count day → 0.5, target 100% missed.
    let catchment = "name,birth_date,student_id,village\n\
        Name A1,2013-01-22,A1,East\n\
        Name B1,2013-01-22,,East\n\
        Name C1,2013-01-22,C1,West\n\
        Someone Else,2013-05-01,,West\n";
    let with = records_of(
        "reading-enrollment-with",
        &[
            ("calendar.csv", calendar),
            ("students.csv", &students),
            ("catchment.csv", catchment),
        ],
    );
    let d = eval(&parse(ENROLLMENT), &with, "2025-12-01");
    let e = d.enrollment.as_ref().expect("enrollment");
    assert_eq!((e.catchment, e.catchment_enrolled), (Some(4), 2));
    assert_eq!(e.enrollment_rate, Some(0.5));
    assert!(!e.meets_enrollment_target);
    let text = careplan::report::text::render(
        &d,
        careplan::report::ObligationFilter::None,
        careplan::lang::Lang::En,
    );
    assert!(
        text.contains(
            "  enrollment 2 of 4 on the catchment's list = 50.00% (target 100%: not met)"
        ),
        "{text}"
    );

    // A list row left out for a bad birth date might be a child not enrolled: the rate cannot
    // be computed while one is (here the 3 good rows, A1 and B1 enrolled, would read 2 / 3).
    let dir = write_records(
        "reading-enrollment-bad-row",
        &[
            ("calendar.csv", calendar),
            ("students.csv", students.as_str()),
            (
                "catchment.csv",
                "name,birth_date,student_id,village\n\
             Name A1,2013-01-22,A1,East\n\
             Name B1,2013-01-22,,East\n\
             Name C1,2013-01-22,C1,West\n\
             Someone Else,2013-02-30,,West\n",
            ),
        ],
    );
    let bad = careplan::records::load_dir(&dir).expect("loads with a finding");
    let d = eval(&parse(ENROLLMENT), &bad, "2025-12-01");
    let e = d.enrollment.as_ref().expect("enrollment");
    assert_eq!((e.catchment, e.catchment_left_out), (Some(3), 1));
    assert_eq!(e.enrollment_rate, None);
    let text = careplan::report::text::render(
        &d,
        careplan::report::ObligationFilter::None,
        careplan::lang::Lang::En,
    );
    assert!(
        text.contains("  enrollment rate cannot be computed: 1 row of catchment.csv left out (see the findings); a child left out may be one not enrolled"),
        "{text}"
    );
}
