//! Activity duties (Plans 3 and 4): an `activities.csv` row in every window, for the school, each
//! class or each child. `fixtures/small/activities`: G1 (7-1, left-behind), G2 (7-1,
//! left-behind, transfers out 2026-04-15), G3 (7-2, left-behind), G4 (7-2, not left-behind).
//! Rows: birthday_party 7-1 2025-09-26; birthday_party school-wide 2025-10-15; legal_lecture
//! school-wide 2025-10-20; calligraphy_exhibition attended by G1 2026-06-12.

use crate::support::*;
use careplan::eval::Status;

const POLICY: &str = r#"Plan(
    id: "activities", name: "activity duties", seed: "Plan 4",
    activities: [
        (id: "birthday_party", seed: "Plan 4 §(2).9", kinds: ["birthday_party"], per: Class, window: Monthly),
        (id: "two_arts", seed: "Plan 4 §(2).7", kinds: ["calligraphy_exhibition"],
         per: Child(covers: [LeftBehind]), window: Year),
        (id: "lectures", seed: "Plan 4 §(2).5", kinds: ["legal_lecture"], per: School, window: Term),
    ],
)"#;

fn statuses(d: &careplan::eval::Decision, rule: &str, scope: &str) -> Vec<(String, Status)> {
    d.activities
        .iter()
        .filter(|r| r.rule == rule)
        .filter(|r| {
            r.student_id.as_deref() == Some(scope)
                || (r.student_id.is_none() && r.class.as_deref() == Some(scope))
                || (scope.is_empty() && r.class.is_none())
        })
        .map(|r| (r.window_start.format("%Y-%m").to_string(), r.status))
        .collect()
}

#[test]
fn a_monthly_class_duty() {
    let d = eval(&parse(POLICY), &clean_records("activities"), "2026-07-31");
    // Windows: the months holding a school day, Sep–Jan and Mar–Jul (February is vacation).
    // 7-1: September (its own party) and October (the school-wide one) met; Nov–Jun missed (7);
    // July missed too: its window is cut at the year's end, 07-01..07-10, over by the as-of
    // date 07-31 (a window of a year never reaches past the year's span).
    use Status::{Met, Missed};
    let months = [
        "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-03", "2026-04", "2026-05",
        "2026-06", "2026-07",
    ];
    let expect = |first: &[Status]| -> Vec<(String, Status)> {
        months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let s = first.get(i).copied().unwrap_or(Missed);
                ((*m).to_owned(), s)
            })
            .collect()
    };
    assert_eq!(statuses(&d, "birthday_party", "7-1"), expect(&[Met, Met]));
    // 7-2: only the school-wide October party.
    assert_eq!(
        statuses(&d, "birthday_party", "7-2"),
        expect(&[Missed, Met])
    );
    // met 2 + 1 = 3, missed 8 + 9 = 17, open 0; rate 3 / 20 = 0.15.
    let c = &d.activity_summary["birthday_party"];
    assert_eq!((c.met, c.missed, c.open), (3, 17, 0));
    assert_eq!(c.compliance_rate, Some(0.15));
}

#[test]
fn a_yearly_duty_per_child() {
    let d = eval(&parse(POLICY), &clean_records("activities"), "2026-07-31");
    // The year 2025-09-01..2026-07-10 has closed. G1 attended → met; G2 left in April without
    // attending → partial; G3 → missed; G4 is not left-behind.
    assert_eq!(
        statuses(&d, "two_arts", "G1"),
        [("2025-09".to_owned(), Status::Met)]
    );
    assert_eq!(
        statuses(&d, "two_arts", "G2"),
        [("2025-09".to_owned(), Status::Partial)]
    );
    assert_eq!(
        statuses(&d, "two_arts", "G3"),
        [("2025-09".to_owned(), Status::Missed)]
    );
    assert!(statuses(&d, "two_arts", "G4").is_empty());
    let c = &d.activity_summary["two_arts"];
    assert_eq!((c.met, c.partial, c.missed), (1, 1, 1));
    assert_eq!(c.compliance_rate, Some(0.5)); // 1 / (1 + 1)
}

#[test]
fn a_school_duty_each_term() {
    let d = eval(&parse(POLICY), &clean_records("activities"), "2026-07-31");
    // Term 1: the lecture of 2025-10-20; term 2: none.
    assert_eq!(
        statuses(&d, "lectures", ""),
        [
            ("2025-09".to_owned(), Status::Met),
            ("2026-03".to_owned(), Status::Missed)
        ]
    );
    let text = careplan::report::text::render(
        &d,
        careplan::report::ObligationFilter::Overdue,
        careplan::lang::Lang::En,
    );
    assert!(
        text.contains("  lectures       all              2026-03-02 ~ 2026-07-10  missed\n"),
        "{text}"
    );
}
