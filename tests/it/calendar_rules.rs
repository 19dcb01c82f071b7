//! Dated duties (Plans 3, 4, 5): lunar festival days, birthday parties with fold-in months,
//! letters home, festival education days, milestones, and the schedule with its ICS export.
//!
//! `fixtures/small/calendar` (see `fixtures/small/README.md`) uses the calendar of
//! `fixtures/realistic` (terms 2025-09-01..2026-01-16 and 2026-03-02..07-10, the winter
//! vacation 2026-01-17..03-01, the summer vacation from 2026-07-11). Its children:
//!
//! | id | class | covered (LB / potential) | birth | guardian's birth | enrolled |
//! |---|---|---|---|---|---|
//! | B1 | 7-1 | LB | 2012-02-29 | 1956-02-29 | all year |
//! | B2 | 7-1 | LB | 2013-07-05 | 1958-09-10 | all year |
//! | B3 | 7-1 | LB | 2013-08-20 | — | all year |
//! | B4 | 7-1 | no (single parent) | 2013-09-13 | — | all year |
//! | B5 | 7-2 | potential student | 2013-09-02 | — | left 2026-04-15 |
//! | B6 | 7-2 | LB | 2013-12-25 | — | from 2025-11-03 |
//!
//! Head teachers `H1` (7-1), `H2` (7-2); caring mother `M1` paired with B1, B2, B3, B5 from
//! 2025-09-01 and B6 from 2025-11-03. Letters home (`contacts.csv`, kind `letter_home`): B2
//! 2025-09-08 (M1), B1 and B3 2025-10-03 (M1), B1 2026-01-12 (**H1**), B1 2026-02-10 (M1, in
//! the winter vacation), B1 2026-02-27 (M1), B6 2026-07-08 (**H2**). Activities: parties 7-1
//! 2025-09-26 and 2026-06-05, 7-2 2025-12-24; festival activities 2025-09-30 (patriotic),
//! 2025-10-29 (respect elders), 2026-03-06 (girls' care), 2026-05-07 (youth), 2026-06-05
//! (children's day: one day past its window), 2026-07-01 (party day, in the vacation); Plan 5
//! milestones of 7-1 2026-04-08, 04-24, 05-27, 06-10 and a school-wide symposium 2026-05-14;
//! a school-wide legal lecture 2025-10-20.

use crate::support::*;
use careplan::eval::Status;
use careplan::lang::Lang;
use careplan::lunar::{self, Festival};
use careplan::schedule::{Schedule, ScheduleOptions, schedule};
use std::collections::BTreeMap;

/// Every family of dated duty, plus a weekly talk and a per-term lecture, on the fixture.
const YEAR_POLICY: &str = r#"Plan(
    id: "calendar-year", name: "A year of dated duties", seed: "Plans 1, 3, 4, 5",
    obligations: [
        (id: "weekly_talk", seed: "Plan 1 §Third.1", kinds: ["talk"], covers: [SingleParent],
         window: Weekly(due: Mon), made_by: Role(role: "head_teacher")),
    ],
    activities: [
        (id: "semester_lectures", seed: "Plan 4 §(2).5", kinds: ["legal_lecture"], per: School, window: Term),
    ],
    birthday_parties: [
        (id: "birthday_party", seed: "Plan 4 §(2).9", covers: [LeftBehind, PotentialStudent],
         months: [1, 3, 4, 5, 6, 9, 10, 11, 12],
         fold: [(month: 2, into: 3), (month: 7, into: 6), (month: 8, into: 9)]),
    ],
    letters_home: [
        (id: "letters_home", seed: "Plan 4 §(2).8", covers: [LeftBehind, PotentialStudent],
         before: [MidAutumn, DoubleNinth, SpringFestival, DragonBoat, WinterVacation, SummerVacation, EldersBirthdays]),
    ],
    festival_days: [
        (id: "womens_day", seed: "Plan 3 §Second.5", on: Solar(month: 3, day: 8), kinds: ["girls_care"], tolerance_days: 3),
        (id: "labour_day", seed: "Plan 3 §Second.5", on: Solar(month: 5, day: 1), kinds: ["labour_education"], tolerance_days: 3),
        (id: "youth_day", seed: "Plan 3 §Second.5", on: Solar(month: 5, day: 4), kinds: ["youth_education"], tolerance_days: 3),
        (id: "childrens_day", seed: "Plan 3 §Second.5", on: Solar(month: 6, day: 1), kinds: ["childrens_day_education"], tolerance_days: 3),
        (id: "party_day", seed: "Plan 3 §Second.5", on: Solar(month: 7, day: 1), kinds: ["party_education"], tolerance_days: 3),
        (id: "national_day", seed: "Plan 3 §Second.5", on: Solar(month: 10, day: 1), kinds: ["patriotic_education"], tolerance_days: 3),
        (id: "double_ninth", seed: "Plan 3 §Second.5", on: DoubleNinth, kinds: ["respect_elders"], tolerance_days: 3),
    ],
    milestones: [
        (id: "investigation", seed: "Plan 5 §Fourth.1", kinds: ["investigation"], per: Class, when: Early(month: 4)),
        (id: "opinions", seed: "Plan 5 §Fourth.2", kinds: ["opinions"], per: Class, when: Late(month: 4)),
        (id: "symposium", seed: "Plan 5 §Fourth.3", kinds: ["symposium"], per: Class, when: Mid(month: 5)),
        (id: "activity_plan", seed: "Plan 5 §Fourth.4", kinds: ["activity_plan"], per: Class, when: Late(month: 5)),
        (id: "implementation", seed: "Plan 5 §Fourth.5", kinds: ["implementation"], per: Class, when: Month(month: 6)),
    ],
)"#;

fn year_schedule(as_of: &str) -> Schedule {
    let records = clean_records("calendar");
    let opts = ScheduleOptions {
        from: date("2025-09-01"),
        to: date("2026-08-31"),
        as_of: date(as_of),
    };
    schedule(&parse(YEAR_POLICY), &records, &opts).expect("schedule")
}

/// `(due, family, rule, scope, status, date)` of an item.
type View = (String, &'static str, String, String, &'static str, String);

fn view(s: &Schedule, family_filter: impl Fn(&str) -> bool) -> Vec<View> {
    s.items
        .iter()
        .filter(|i| family_filter(i.family))
        .map(|i| {
            let scope = match (&i.class, &i.student_id) {
                (Some(c), Some(id)) => format!("{c} {id}"),
                (Some(c), None) => c.clone(),
                _ => "school".to_owned(),
            };
            (
                i.due.to_string(),
                i.family,
                i.rule.clone(),
                scope,
                i.status.as_str(),
                i.date.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

fn v(
    due: &str,
    family: &'static str,
    rule: &str,
    scope: &str,
    status: &'static str,
    on: &str,
) -> View {
    (
        due.to_owned(),
        family,
        rule.to_owned(),
        scope.to_owned(),
        status,
        on.to_owned(),
    )
}

#[test]
fn lunar_festival_days_are_pinned() {
    // Known dates (the issue's list): Spring Festival 2026 and 2027, Mid-Autumn 2026, Double
    // Ninth 2025, 2026 and 2027. A lunar year is named by the solar year it starts in.
    assert_eq!(
        Festival::SpringFestival.day_in(2026),
        Some(date("2026-02-17"))
    );
    assert_eq!(
        Festival::SpringFestival.day_in(2027),
        Some(date("2027-02-06"))
    );
    assert_eq!(Festival::MidAutumn.day_in(2026), Some(date("2026-09-25")));
    assert_eq!(Festival::DoubleNinth.day_in(2025), Some(date("2025-10-29")));
    assert_eq!(Festival::DoubleNinth.day_in(2026), Some(date("2026-10-18")));
    assert_eq!(Festival::DoubleNinth.day_in(2027), Some(date("2027-10-08")));
    // 2025 has a leap sixth month (闰六月, from 2025-07-25): Mid-Autumn 2025 is 6 October, not
    // in September, and the Double Ninth 29 October.
    assert_eq!(lunar::leap_month(2025), Some(6));
    assert_eq!(lunar::leap_month(2026), None);
    assert_eq!(
        lunar::lunar_date(date("2025-07-25")),
        Some((2025, 6, true, 1))
    );
    assert_eq!(Festival::MidAutumn.day_in(2025), Some(date("2025-10-06")));
    // Dragon Boat 2026 is the holiday in calendar.csv (2026-06-19).
    assert_eq!(Festival::DragonBoat.day_in(2026), Some(date("2026-06-19")));
}

#[test]
fn a_full_year_of_dated_due_days() {
    // As of 2026-08-31 every window of the year 2025-2026 (extent 2025-09-01..2026-08-31: no
    // later term in calendar.csv, so to 31 August) has closed.
    let s = year_schedule("2026-08-31");
    let got = view(&s, |f| f != "obligation");
    let expect = vec![
        // B2's guardian born 1958-09-10: window 09-10 − 14 = 08-27 .. 09-10; letter 09-08.
        v(
            "2025-09-10",
            "letter",
            "letters_home",
            "7-1 B2",
            "met",
            "2025-09-08",
        ),
        // September parties: 7-1 for B3 (August folds into September), held 09-26; 7-2 for B5
        // (born 09-02), none held.
        v(
            "2025-09-30",
            "birthday_party",
            "birthday_party",
            "7-1",
            "met",
            "2025-09-26",
        ),
        v(
            "2025-09-30",
            "birthday_party",
            "birthday_party",
            "7-2",
            "missed",
            "",
        ),
        // National Day ± 3: 09-28..10-04, activity 09-30 (before the holiday).
        v(
            "2025-10-01",
            "festival_day",
            "national_day",
            "school",
            "met",
            "2025-09-30",
        ),
        // Mid-Autumn 2025-10-06 (leap sixth month): window 09-22..10-06. B6 is not enrolled
        // yet (from 11-03): no row.
        v(
            "2025-10-06",
            "letter",
            "letters_home",
            "7-1 B1",
            "met",
            "2025-10-03",
        ),
        v(
            "2025-10-06",
            "letter",
            "letters_home",
            "7-1 B2",
            "missed",
            "",
        ),
        v(
            "2025-10-06",
            "letter",
            "letters_home",
            "7-1 B3",
            "met",
            "2025-10-03",
        ),
        v(
            "2025-10-06",
            "letter",
            "letters_home",
            "7-2 B5",
            "missed",
            "",
        ),
        // Double Ninth 2025-10-29: festival window 10-26..11-01; letters 10-15..10-29.
        v(
            "2025-10-29",
            "festival_day",
            "double_ninth",
            "school",
            "met",
            "2025-10-29",
        ),
        v(
            "2025-10-29",
            "letter",
            "letters_home",
            "7-1 B1",
            "missed",
            "",
        ),
        v(
            "2025-10-29",
            "letter",
            "letters_home",
            "7-1 B2",
            "missed",
            "",
        ),
        v(
            "2025-10-29",
            "letter",
            "letters_home",
            "7-1 B3",
            "missed",
            "",
        ),
        v(
            "2025-10-29",
            "letter",
            "letters_home",
            "7-2 B5",
            "missed",
            "",
        ),
        // December party of 7-2 for B6 (12-25), held 12-24.
        v(
            "2025-12-31",
            "birthday_party",
            "birthday_party",
            "7-2",
            "met",
            "2025-12-24",
        ),
        // Term 1 (due its last day, 01-16): the legal lecture of 10-20.
        v(
            "2026-01-16",
            "activity",
            "semester_lectures",
            "school",
            "met",
            "2025-10-20",
        ),
        // Before the winter vacation: due 01-16 (last day of term), window 01-02..01-16.
        v(
            "2026-01-16",
            "letter",
            "letters_home",
            "7-1 B1",
            "met",
            "2026-01-12",
        ),
        v(
            "2026-01-16",
            "letter",
            "letters_home",
            "7-1 B2",
            "missed",
            "",
        ),
        v(
            "2026-01-16",
            "letter",
            "letters_home",
            "7-1 B3",
            "missed",
            "",
        ),
        v(
            "2026-01-16",
            "letter",
            "letters_home",
            "7-2 B5",
            "missed",
            "",
        ),
        v(
            "2026-01-16",
            "letter",
            "letters_home",
            "7-2 B6",
            "missed",
            "",
        ),
        // Spring Festival 2026-02-17, in the winter vacation and still due: 02-03..02-17.
        v(
            "2026-02-17",
            "letter",
            "letters_home",
            "7-1 B1",
            "met",
            "2026-02-10",
        ),
        v(
            "2026-02-17",
            "letter",
            "letters_home",
            "7-1 B2",
            "missed",
            "",
        ),
        v(
            "2026-02-17",
            "letter",
            "letters_home",
            "7-1 B3",
            "missed",
            "",
        ),
        v(
            "2026-02-17",
            "letter",
            "letters_home",
            "7-2 B5",
            "missed",
            "",
        ),
        v(
            "2026-02-17",
            "letter",
            "letters_home",
            "7-2 B6",
            "missed",
            "",
        ),
        // B1's guardian born 1956-02-29: 2026 is a common year, so 02-28; window 02-14..02-28.
        v(
            "2026-02-28",
            "letter",
            "letters_home",
            "7-1 B1",
            "met",
            "2026-02-27",
        ),
        // Women's Day 03-08 (a Sunday) ± 3: 03-05..03-11, activity 03-06.
        v(
            "2026-03-08",
            "festival_day",
            "womens_day",
            "school",
            "met",
            "2026-03-06",
        ),
        // March party of 7-1 for B1 (February folds into March; birthday 02-28): none held.
        v(
            "2026-03-31",
            "birthday_party",
            "birthday_party",
            "7-1",
            "missed",
            "",
        ),
        // Early April = 04-01..04-10: 7-1 on 04-08; 7-2 (B5 until 04-14, B6) nothing.
        v(
            "2026-04-10",
            "milestone",
            "investigation",
            "7-1",
            "met",
            "2026-04-08",
        ),
        v(
            "2026-04-10",
            "milestone",
            "investigation",
            "7-2",
            "missed",
            "",
        ),
        // Late April = 04-21..04-30.
        v(
            "2026-04-30",
            "milestone",
            "opinions",
            "7-1",
            "met",
            "2026-04-24",
        ),
        v("2026-04-30", "milestone", "opinions", "7-2", "missed", ""),
        // Labour Day 05-01 ± 3 = 04-28..05-04: no labour_education row.
        v(
            "2026-05-01",
            "festival_day",
            "labour_day",
            "school",
            "missed",
            "",
        ),
        // Youth Day 05-04 ± 3 = 05-01..05-07: the row of 05-07 is on the window's last day.
        v(
            "2026-05-04",
            "festival_day",
            "youth_day",
            "school",
            "met",
            "2026-05-07",
        ),
        // Mid-May = 05-11..05-20: the school-wide symposium of 05-14 counts for both classes.
        v(
            "2026-05-20",
            "milestone",
            "symposium",
            "7-1",
            "met",
            "2026-05-14",
        ),
        v(
            "2026-05-20",
            "milestone",
            "symposium",
            "7-2",
            "met",
            "2026-05-14",
        ),
        // Late May = 05-21..05-31.
        v(
            "2026-05-31",
            "milestone",
            "activity_plan",
            "7-1",
            "met",
            "2026-05-27",
        ),
        v(
            "2026-05-31",
            "milestone",
            "activity_plan",
            "7-2",
            "missed",
            "",
        ),
        // Children's Day 06-01 ± 3 = 05-29..06-04: the row of 06-05 is one day late.
        v(
            "2026-06-01",
            "festival_day",
            "childrens_day",
            "school",
            "missed",
            "",
        ),
        // Dragon Boat 2026-06-19: 06-05..06-19; B5 left on 04-15: no row.
        v(
            "2026-06-19",
            "letter",
            "letters_home",
            "7-1 B1",
            "missed",
            "",
        ),
        v(
            "2026-06-19",
            "letter",
            "letters_home",
            "7-1 B2",
            "missed",
            "",
        ),
        v(
            "2026-06-19",
            "letter",
            "letters_home",
            "7-1 B3",
            "missed",
            "",
        ),
        v(
            "2026-06-19",
            "letter",
            "letters_home",
            "7-2 B6",
            "missed",
            "",
        ),
        // June party of 7-1 for B2 (July folds into June; birthday 07-05), held 06-05.
        v(
            "2026-06-30",
            "birthday_party",
            "birthday_party",
            "7-1",
            "met",
            "2026-06-05",
        ),
        // "Implementation in June" = the whole month.
        v(
            "2026-06-30",
            "milestone",
            "implementation",
            "7-1",
            "met",
            "2026-06-10",
        ),
        v(
            "2026-06-30",
            "milestone",
            "implementation",
            "7-2",
            "missed",
            "",
        ),
        // 1 July ± 3 = 06-28..07-04, in the summer vacation's first days... the row of 07-01.
        v(
            "2026-07-01",
            "festival_day",
            "party_day",
            "school",
            "met",
            "2026-07-01",
        ),
        // Term 2 (due 07-10): no legal lecture.
        v(
            "2026-07-10",
            "activity",
            "semester_lectures",
            "school",
            "missed",
            "",
        ),
        // Before the summer vacation: due 07-10, window 06-26..07-10; B6 wrote on 07-08 (with
        // its head teacher: this rule's `made_by` is the default `Anyone`).
        v(
            "2026-07-10",
            "letter",
            "letters_home",
            "7-1 B1",
            "missed",
            "",
        ),
        v(
            "2026-07-10",
            "letter",
            "letters_home",
            "7-1 B2",
            "missed",
            "",
        ),
        v(
            "2026-07-10",
            "letter",
            "letters_home",
            "7-1 B3",
            "missed",
            "",
        ),
        v(
            "2026-07-10",
            "letter",
            "letters_home",
            "7-2 B6",
            "met",
            "2026-07-08",
        ),
    ];
    assert_eq!(got, expect);
    // 28 letters + 5 parties + 7 festival days + 10 milestones + 2 lectures = 52.
    assert_eq!(got.len(), 52);
    // B2's guardian's birthday of 2026-09-10 and Mid-Autumn 2026-09-25 are after 08-31: next
    // year's. B1's guardian's birthday of 2025-02-28 was before the year.
    assert!(s.items.iter().all(|i| i.due <= date("2026-08-31")));
}

#[test]
fn weekly_talks_follow_the_calendar_csv() {
    // B4 (single parent) has the weekly talk due Monday: 39 ISO weeks of the year hold a school
    // day (fixtures/realistic/README.md). A Monday holiday moves the due day to the first
    // school day of the week; the make-up Saturday 2025-10-11 is a school day.
    let s = year_schedule("2026-08-31");
    let weekly: Vec<&careplan::schedule::DueItem> = s
        .items
        .iter()
        .filter(|i| i.family == "obligation")
        .collect();
    assert_eq!(weekly.len(), 39);
    let due_of = |monday: &str| {
        weekly
            .iter()
            .find(|i| i.window_start == date(monday))
            .map(|i| (i.due.to_string(), i.status))
    };
    // National Day week: Mon–Wed 10-06..08 are holidays → Thursday; B4's talk of 10-09 is on time.
    assert_eq!(
        due_of("2025-10-06"),
        Some(("2025-10-09".into(), Status::Met))
    );
    // Qingming: Monday 2026-04-06 off → Tuesday.
    assert_eq!(
        due_of("2026-04-06"),
        Some(("2026-04-07".into(), Status::Missed))
    );
    // Labour Day week: Mon–Tue 05-04..05 off → Wednesday 05-06.
    assert_eq!(
        due_of("2026-05-04"),
        Some(("2026-05-06".into(), Status::Missed))
    );
    // An ordinary week.
    assert_eq!(
        due_of("2025-09-08"),
        Some(("2025-09-08".into(), Status::Missed))
    );
    // The winter vacation's weeks hold no school day: no window.
    assert_eq!(due_of("2026-02-16"), None);
    // The head teacher of B4's class is responsible (`made_by: Role(role: "head_teacher")`).
    assert!(weekly.iter().all(|i| i.staff == ["H1"]));
}

#[test]
fn the_schedule_per_staff_member_and_per_child() {
    let s = year_schedule("2026-08-31");
    let per: BTreeMap<&str, usize> = s
        .staff
        .iter()
        .map(|p| (p.id.as_str(), p.items.len()))
        .collect();
    // H1 (7-1): letters of B1, B2, B3 = 1 (B2's elder) + 3 × 6 occasions + 1 (B1's elder) = 20,
    // three 7-1 parties, five 7-1 milestones, 39 weekly talks of B4: 67.
    // H2 (7-2): letters of B5 (Mid-Autumn, Double Ninth, winter, Spring Festival) and B6
    // (winter, Spring Festival, Dragon Boat, summer) = 8, two parties, five milestones: 15.
    assert_eq!(per, BTreeMap::from([("H1", 67), ("H2", 15)]));
    // School-wide, nobody named: 7 festival days and 2 term lectures.
    assert_eq!(s.school.len(), 9);
    assert_eq!(s.items.len(), 67 + 15 + 9);
    let child = |id: &str| {
        s.children
            .iter()
            .find(|p| p.id == id)
            .map(|p| {
                p.items
                    .iter()
                    .map(|&i| s.items[i].family)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    // B1: 7 letters and the March party it is a guest of.
    let b1 = child("B1");
    assert_eq!(b1.len(), 8);
    assert_eq!(b1.iter().filter(|f| **f == "birthday_party").count(), 1);
    assert_eq!(child("B4").len(), 39);
    // Only B1's own items, only H2's items.
    let only = s.only(None, Some("B1"));
    assert_eq!(only.items.len(), 8);
    assert_eq!(only.children.len(), 1);
    assert_eq!(s.only(Some("H2"), None).items.len(), 15);
}

#[test]
fn statuses_are_as_of_the_day_and_future_items_are_open() {
    // As of 2026-03-01 nothing after it is recorded yet: the March party is open (its month runs),
    // the Dragon Boat letters are due later (open), the Spring Festival letters are settled.
    let s = year_schedule("2026-03-01");
    let find = |rule: &str, due: &str, scope: Option<&str>| {
        s.items
            .iter()
            .find(|i| {
                i.rule == rule
                    && i.due == date(due)
                    && (scope.is_none()
                        || i.student_id.as_deref() == scope
                        || i.class.as_deref() == scope)
            })
            .map(|i| i.status)
    };
    assert_eq!(
        find("birthday_party", "2026-03-31", Some("7-1")),
        Some(Status::Open)
    );
    assert_eq!(
        find("letters_home", "2026-06-19", Some("B1")),
        Some(Status::Open)
    );
    assert_eq!(
        find("letters_home", "2026-02-17", Some("B1")),
        Some(Status::Met)
    );
    assert_eq!(
        find("letters_home", "2026-02-17", Some("B2")),
        Some(Status::Missed)
    );
    // The party of 06-05 is after the as-of date: ignored, so June is open, not met.
    assert_eq!(
        find("birthday_party", "2026-06-30", Some("7-1")),
        Some(Status::Open)
    );
    // Same items as at year end (the range decides what is listed, not the as-of date).
    assert_eq!(s.items.len(), 91);
}

#[test]
fn the_plan_4_package_parties_and_letters() {
    let d = eval(
        &shipped("school-ten-ones"),
        &clean_records("calendar"),
        "2026-08-31",
    );
    let c = d.calendar.as_ref().expect("dated duties");
    type Party<'a> = (Option<&'a str>, &'a str, Vec<(&'a str, String)>, Status);
    let parties: Vec<Party> = c
        .birthday_parties
        .iter()
        .map(|p| {
            (
                p.class.as_deref(),
                p.month.as_str(),
                p.guests
                    .iter()
                    .map(|g| (g.student_id.as_str(), g.birthday.to_string()))
                    .collect(),
                p.status,
            )
        })
        .collect();
    assert_eq!(
        parties,
        [
            // B3 born 2013-08-20: August folds into September; the birthday of 2025.
            (
                Some("7-1"),
                "2025-09",
                vec![("B3", "2025-08-20".to_owned())],
                Status::Met
            ),
            // B1 born 2012-02-29: February folds into March; 28 February in 2026.
            (
                Some("7-1"),
                "2026-03",
                vec![("B1", "2026-02-28".to_owned())],
                Status::Missed
            ),
            // B2 born 2013-07-05: July folds into June; the birthday of 2026.
            (
                Some("7-1"),
                "2026-06",
                vec![("B2", "2026-07-05".to_owned())],
                Status::Met
            ),
            (
                Some("7-2"),
                "2025-09",
                vec![("B5", "2025-09-02".to_owned())],
                Status::Missed
            ),
            (
                Some("7-2"),
                "2025-12",
                vec![("B6", "2025-12-25".to_owned())],
                Status::Met
            ),
        ]
    );
    // 3 held, 2 missed: 3 / 5 = 0.6. Months without guests (Oct, Nov, Jan, Apr, May, and
    // December for 7-1) owe no party.
    let p = &c.summary["birthday_party"];
    assert_eq!((p.met, p.missed, p.compliance_rate), (3, 2, Some(0.6)));
    // Letters count only with the child's caring mother (`PairedMentor`): B1's letter of
    // 01-12 with H1 and B6's of 07-08 with H2 do not. Met: B2 (elder), B1 and B3
    // (Mid-Autumn), B1 (Spring Festival), B1 (elder) = 5; missed: 2 + 4 + 5 + 4 + 4 + 4 = 23.
    let l = &c.summary["letters_home"];
    assert_eq!((l.met, l.partial, l.missed), (5, 0, 23));
    assert_eq!(l.compliance_rate, Some(0.1786)); // 5 / 28 = 0.178571…
    // The class assessment measures the parties with the "two bodies two arts" duty.
    assert!(d.class_assessment.is_some());
    let text =
        careplan::report::text::render(&d, careplan::report::ObligationFilter::Overdue, Lang::En);
    assert!(text.contains("guests: B1 Bai Yi 02-28"), "{text}");
    assert!(
        text.contains("letters_home spring_festival 2026-02-17"),
        "{text}"
    );
}

#[test]
fn the_plan_3_package_festival_days() {
    let d = eval(
        &shipped("community-care"),
        &clean_records("calendar"),
        "2026-08-31",
    );
    let c = d.calendar.as_ref().expect("dated duties");
    let got: Vec<(&str, String, &str)> = c
        .festival_days
        .iter()
        .map(|r| (r.rule.as_str(), r.day.to_string(), r.status.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("childrens_day", "2026-06-01".to_owned(), "missed"),
            ("double_ninth", "2025-10-29".to_owned(), "met"),
            ("labour_day", "2026-05-01".to_owned(), "missed"),
            ("national_day", "2025-10-01".to_owned(), "met"),
            ("party_day", "2026-07-01".to_owned(), "met"),
            ("womens_day", "2026-03-08".to_owned(), "met"),
            ("youth_day", "2026-05-04".to_owned(), "met"),
        ]
    );
    // On the community's own records no festival activity is recorded: all 7 missed by
    // 2026-07-31 (1 July's window 06-28..07-04 has closed); National Day and the Double Ninth
    // of 2026 belong to the next year.
    let records = careplan::records::load_dir(&root().join("fixtures/community")).expect("loads");
    let d = eval(&shipped("community-care"), &records, "2026-07-31");
    let s = &d.calendar.as_ref().expect("dated duties").summary;
    assert_eq!(s.len(), 7);
    assert!(s.values().all(|c| (c.met, c.missed) == (0, 1)));
}

#[test]
fn ics_round_trips_through_an_independent_parser() {
    let s = year_schedule("2026-08-31");
    let ics = careplan::report::ics::render(&s, Lang::En);
    // Parsed by the `ical` crate (not the `icalendar` crate that wrote it).
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none());
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} in every event"))
            .clone()
    };
    let mut parsed: Vec<(String, String, String)> = cal
        .events
        .iter()
        .map(|e| {
            let start = prop(e, "DTSTART");
            let value_date = start
                .params
                .as_ref()
                .is_some_and(|ps| ps.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]));
            assert!(value_date, "all-day events");
            (
                prop(e, "UID").value.expect("uid"),
                start.value.expect("start"),
                prop(e, "DTEND").value.expect("end"),
            )
        })
        .collect();
    let mut want: Vec<(String, String, String)> = s
        .items
        .iter()
        .map(|i| {
            (
                i.uid.clone(),
                i.due.format("%Y%m%d").to_string(),
                i.due
                    .succ_opt()
                    .expect("next day")
                    .format("%Y%m%d")
                    .to_string(),
            )
        })
        .collect();
    parsed.sort();
    want.sort();
    assert_eq!(parsed.len(), 91);
    assert_eq!(parsed, want);
    // UIDs are unique and stable: another as-of date gives the same UIDs for the same items.
    let uids: std::collections::BTreeSet<&str> = want.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(uids.len(), 91);
    let later = year_schedule("2026-03-01");
    let later_uids: std::collections::BTreeSet<&str> =
        later.items.iter().map(|i| i.uid.as_str()).collect();
    assert_eq!(later_uids, uids);
    // The UID of B1's Spring Festival letter is the FNV-1a 128 hash of its readable key
    // `calendar-year.letters_home.B1.20260203.spring_festival` (worked out separately).
    assert!(uids.contains("829928d9a785657353931f23804f56ac@careplan"));
    assert!(uids.iter().all(|u| !u.contains("B1")), "no raw id in a UID");
    // No phone number or address of the records in any event.
    for secret in ["000-0000", "000-0001", "000-0002", "Building", "Baishi"] {
        assert!(!ics.contains(secret), "`{secret}` in the ICS");
    }
    // Lines are CRLF-terminated and at most 75 octets.
    assert!(
        ics.split("\r\n")
            .all(|l| l.len() <= 75 && !l.contains('\n'))
    );
}

#[test]
fn the_schedule_command() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args([
            "schedule",
            "policies/school-ten-ones",
            "fixtures/small/calendar",
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-31",
            "--as-of",
            "2026-03-01",
            "--lang",
            "en",
            "--student",
            "B1",
            "--format",
            "ics",
        ])
        .current_dir(root())
        .output()
        .expect("runs");
    let ics = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // B1's items due in February and March 2026: the Spring Festival letter (02-17), the
    // elder's birthday letter (02-28), the March party; weekly heart talks of B1 with M1 (due
    // each Sunday: no due weekday) from 03-08 to 03-29 (the vacation weeks hold no school day)
    // and the monthly head-teacher talk of March (due 03-31).
    // Hashes of `school-ten-ones.letters_home.B1.20260203.spring_festival` and
    // `school-ten-ones.birthday_party.7-1.20260301`.
    assert!(ics.contains("UID:ae2adbb25f830226537d163c85d2ee5c@careplan"));
    assert!(ics.contains("UID:8adf92bb9ce15c361dbef1f1d2d7a562@careplan"));
    let events = ics.matches("BEGIN:VEVENT").count();
    // 2 letters + 1 party + 4 weekly heart talks (03-02..08, 09..15, 16..22, 23..29) + 1
    // monthly talk (March) + March's caring-diary entry and helper's talk (Plan 4 §Fourth.4,
    // monthly; February holds no school day) = 10. The termly duties (visits, the home
    // invitation) are due on the term's last day, 07-10, after the range.
    assert_eq!(events, 10, "{ics}");
    // As printed: every line ends in CRLF (RFC 5545), none escaped on the way out.
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics:?}");
    assert_eq!(ics.matches("\r\n").count(), ics.matches('\n').count());
    assert!(!ics.contains("\\u"), "{ics:?}");
    // Read back by an independent iCalendar parser.
    let parsed = ical::IcalParser::new(ics.as_bytes())
        .next()
        .expect("a calendar")
        .expect("parses");
    assert_eq!(parsed.events.len(), 10);
}
