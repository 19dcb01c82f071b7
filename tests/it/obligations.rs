//! Contact obligations over recurring windows (docs/src/reference/semantics.md "School day", "Windows", "Due day",
//! "Status"), on `fixtures/small/weekly`.
//!
//! Calendar: terms 2025-12-01..2026-01-16 and 2026-03-02..2026-03-27; holidays Mon 2025-12-08,
//! Mon–Fri 2025-12-22..26, Thu 2026-01-01, Mon–Fri 2026-03-16..20; make-up workdays Sun
//! 2025-12-28 and Sun 2026-01-04 (inside the first term) and Sun 2026-02-01 (outside every
//! term, so not a school day). ISO weeks holding a school day, with the due day of a rule due
//! on Monday (first school day on or after Monday):
//!
//! | week | school days | due |
//! |---|---|---|
//! | W1 2025-12-01 | Mon–Fri | Mon 12-01 |
//! | W2 2025-12-08 | Tue–Fri (Monday holiday) | Tue 12-09 |
//! | W3 2025-12-15 | Mon–Fri | Mon 12-15 |
//! | W4 2025-12-22 | Sun 12-28 only (make-up day) | Sun 12-28 |
//! | W5 2025-12-29..2026-01-04 | 12-29, 12-30, 12-31, 01-02, Sun 01-04 | Mon 12-29 |
//! | W6 2026-01-05 | Mon–Fri | Mon 01-05 |
//! | W7 2026-01-12 | Mon–Fri (term ends Fri 01-16) | Mon 01-12 |
//! | W8 2026-03-02 | Mon–Fri | Mon 03-02 |
//! | W9 2026-03-09 | Mon–Fri | Mon 03-09 |
//! | W10 2026-03-23 | Mon–Fri | Mon 03-23 |
//!
//! No window for the weeks 2026-01-19..03-01 (between terms, including the week of the
//! make-up Sunday 02-01) nor for the spring-break week of 2026-03-16.
//!
//! Left-behind children: K1, K2 enrolled all along; K3 `left_on` Sun 2026-01-04; K4, K5
//! `left_on` Wed 2025-12-17; K6, K7 `enrolled_on` Wed 2025-12-10, `left_on` Mon 2025-12-22.
//! K8 is not left-behind.

use crate::support::*;
use careplan::eval::Status;

const DUE_MON: &str = r#"Plan(
    id: "weekly-due-mon",
    name: "Weekly talk due on Monday",
    seed: "Plan 1",
    obligations: [
        (
            id: "weekly_talk",
            seed: "Plan 1 §Third.1: talk every Monday",
            kinds: ["talk"],
            covers: [LeftBehind],
            window: Weekly(due: Mon),
        ),
    ],
)"#;

const NO_DUE: &str = r#"Plan(
    id: "weekly-any-day",
    name: "Weekly talk on any day",
    seed: "Plan 1",
    obligations: [
        (
            id: "weekly_any",
            seed: "Plan 1 §Third.1, without a due day",
            kinds: ["talk"],
            covers: [LeftBehind],
            window: Weekly(),
        ),
    ],
)"#;

const MONTHLY: &str = r#"Plan(
    id: "monthly-call",
    name: "Monthly parent call",
    seed: "Plan 1",
    obligations: [
        (
            id: "monthly_call",
            seed: "Plan 1 §Third.3: call the parents once a month",
            kinds: ["parent_call"],
            covers: [LeftBehind],
            window: Monthly,
        ),
    ],
)"#;

const AS_OF: &str = "2026-03-25";

type View = (&'static str, &'static str, Option<&'static str>);

/// Compares rows with `(window start, status, contact date)` triples.
fn assert_rows(d: &careplan::eval::Decision, rule: &str, id: &str, want: &[View]) {
    let got = row_view(&rows(d, rule, id));
    let want: Vec<(String, &str, Option<String>)> = want
        .iter()
        .map(|(s, st, c)| (s.to_string(), *st, c.map(str::to_owned)))
        .collect();
    assert_eq!(got, want, "{rule} rows of {id}");
}

#[test]
fn windows_school_days_and_due_days() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    // K1 (enrolled all year): exactly the ten weeks of the table, none of the vacation weeks.
    let k1 = rows(&d, "weekly_talk", "K1");
    let starts: Vec<String> = k1.iter().map(|r| r.window_start.to_string()).collect();
    assert_eq!(
        starts,
        [
            "2025-12-01",
            "2025-12-08",
            "2025-12-15",
            "2025-12-22",
            "2025-12-29",
            "2026-01-05",
            "2026-01-12",
            "2026-03-02",
            "2026-03-09",
            "2026-03-23",
        ]
    );
    let dues: Vec<String> = k1
        .iter()
        .map(|r| r.due.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        dues,
        [
            "2025-12-01",
            "2025-12-09", // Monday 12-08 is a holiday → Tuesday
            "2025-12-15",
            "2025-12-28", // Mon–Fri off, the make-up Sunday is the only school day
            "2025-12-29",
            "2026-01-05",
            "2026-01-12",
            "2026-03-02",
            "2026-03-09",
            "2026-03-23",
        ]
    );
    // The week spanning New Year is one window, Monday 2025-12-29 to Sunday 2026-01-04.
    let w5 = row(&d, "weekly_talk", "K1", "2025-12-29");
    assert_eq!(w5.window_end, date("2026-01-04"));
    assert!(k1.iter().all(|r| r.window_start != date("2026-01-01")));
    // K8 is not left-behind: no rows.
    assert!(rows(&d, "weekly_talk", "K8").is_empty());
}

#[test]
fn monday_holiday_moves_the_due_day_to_tuesday() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    // K1 talked on Tue 12-09, the due day → met.
    let k1 = row(&d, "weekly_talk", "K1", "2025-12-08");
    assert_eq!(k1.due, Some(date("2025-12-09")));
    assert_eq!(k1.status, Status::Met);
    // K2 talked on Wed 12-10, after the due day, same week → late.
    let k2 = row(&d, "weekly_talk", "K2", "2025-12-08");
    assert_eq!(k2.status, Status::Late);
    assert_eq!(k2.contact_date, Some(date("2025-12-10")));
}

/// 每周一谈 is "one talk a week": the shipped Plan 1 package has no due weekday, so a talk on
/// any school day of the week is on time (design reading of the seed, package README).
#[test]
fn the_shipped_weekly_talk_is_one_talk_a_week_on_any_day() {
    let d = eval(
        &shipped("school-weekly-talks"),
        &clean_records("weekly"),
        AS_OF,
    );
    // K1 talked on Tue 12-09 and K2 on Wed 12-10, in the week of Mon 12-08: both met, no due day.
    let k1 = row(&d, "weekly_talk", "K1", "2025-12-08");
    assert_eq!((k1.due, k1.status), (None, Status::Met));
    let k2 = row(&d, "weekly_talk", "K2", "2025-12-08");
    assert_eq!((k2.due, k2.status), (None, Status::Met));
    // K1's talks of Wed 12-17 and Fri 01-02 were `late` under a Monday due day (see
    // `statuses_of_each_child`); here they are met.
    let k1 = row(&d, "weekly_talk", "K1", "2025-12-15");
    assert_eq!(k1.status, Status::Met);
    let k1 = row(&d, "weekly_talk", "K1", "2025-12-29");
    assert_eq!(k1.status, Status::Met);
    // The other reading stays a setting: with `due: Mon` K2's Wednesday talk is late.
    let monday = shipped_with(
        "school-weekly-talks",
        "window: Weekly(),",
        "window: Weekly(due: Mon),",
    );
    let d = eval(&monday, &clean_records("weekly"), AS_OF);
    let k2 = row(&d, "weekly_talk", "K2", "2025-12-08");
    assert_eq!(
        (k2.due, k2.status),
        (Some(date("2025-12-09")), Status::Late)
    );
}

#[test]
fn statuses_of_each_child() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    let r = "weekly_talk";
    // K1: talks Mon 12-01, Tue 12-09 (due), Wed 12-17 (late), Sun 12-28 (due), Fri 01-02
    // (late: due Mon 12-29), Mon 01-12, a home visit on 03-02 (not a talk), Mon 03-09; the
    // week of 03-23 holds the as-of date 03-25 → open.
    assert_rows(
        &d,
        r,
        "K1",
        &[
            ("2025-12-01", "met", Some("2025-12-01")),
            ("2025-12-08", "met", Some("2025-12-09")),
            ("2025-12-15", "late", Some("2025-12-17")),
            ("2025-12-22", "met", Some("2025-12-28")),
            ("2025-12-29", "late", Some("2026-01-02")),
            ("2026-01-05", "missed", None),
            ("2026-01-12", "met", Some("2026-01-12")),
            ("2026-03-02", "missed", None),
            ("2026-03-09", "met", Some("2026-03-09")),
            ("2026-03-23", "open", None),
        ],
    );
    // K2: only Wed 12-10 (late); its talk of 03-26 is after the as-of date and ignored.
    assert_rows(
        &d,
        r,
        "K2",
        &[
            ("2025-12-01", "missed", None),
            ("2025-12-08", "late", Some("2025-12-10")),
            ("2025-12-15", "missed", None),
            ("2025-12-22", "missed", None),
            ("2025-12-29", "missed", None),
            ("2026-01-05", "missed", None),
            ("2026-01-12", "missed", None),
            ("2026-03-02", "missed", None),
            ("2026-03-09", "missed", None),
            ("2026-03-23", "open", None),
        ],
    );
}

#[test]
fn transfer_out_mid_window() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    let r = "weekly_talk";
    // K4 left Wed 12-17 after a talk on Mon 12-15 → met; no rows after the week it left.
    // Its talk of 12-09 is written `Talk`: kinds compare case-insensitively.
    assert_rows(
        &d,
        r,
        "K4",
        &[
            ("2025-12-01", "met", Some("2025-12-01")),
            ("2025-12-08", "met", Some("2025-12-09")),
            ("2025-12-15", "met", Some("2025-12-15")),
        ],
    );
    // K5 left Wed 12-17 with no talk that week: enrolled Mon, Tue only of Mon–Fri → partial.
    assert_rows(
        &d,
        r,
        "K5",
        &[
            ("2025-12-01", "met", Some("2025-12-01")),
            ("2025-12-08", "met", Some("2025-12-09")),
            ("2025-12-15", "partial", None),
        ],
    );
    // K3 left Sun 2026-01-04 (last day Sat 01-03): in W5 it misses the make-up Sunday 01-04,
    // a school day, so 4 of 5 school days → partial (it would be missed if the make-up Sunday
    // were not a school day). W2–W4 fully enrolled, no talk → missed. Nothing after W5.
    assert_rows(
        &d,
        r,
        "K3",
        &[
            ("2025-12-01", "met", Some("2025-12-01")),
            ("2025-12-08", "missed", None),
            ("2025-12-15", "missed", None),
            ("2025-12-22", "missed", None),
            ("2025-12-29", "partial", None),
        ],
    );
}

#[test]
fn enrolled_mid_window() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    // K6 enrolled Wed 12-10: W2 school days Tue–Fri, enrolled Wed–Fri (3 of 4), no talk →
    // partial; no W1 row (enrolled on none of its school days); left Mon 12-22 → no W4 row
    // (its only school day is 12-28).
    assert_rows(
        &d,
        "weekly_talk",
        "K6",
        &[
            ("2025-12-08", "partial", None),
            ("2025-12-15", "met", Some("2025-12-15")),
        ],
    );
    // K7 enrolled Wed 12-10 and talked Thu 12-11. The week's due day is Tue 12-09, before it
    // enrolled, so its own due day is its first school day, Wed 12-10; Thu 12-11 is after it
    // → late.
    assert_rows(
        &d,
        "weekly_talk",
        "K7",
        &[
            ("2025-12-08", "late", Some("2025-12-11")),
            ("2025-12-15", "met", Some("2025-12-15")),
        ],
    );
    // Without a due day the same talk → met.
    let any = eval(&parse(NO_DUE), &clean_records("weekly"), AS_OF);
    assert_rows(
        &any,
        "weekly_any",
        "K7",
        &[
            ("2025-12-08", "met", Some("2025-12-11")),
            ("2025-12-15", "met", Some("2025-12-15")),
        ],
    );
    assert_rows(
        &any,
        "weekly_any",
        "K6",
        &[
            ("2025-12-08", "partial", None),
            ("2025-12-15", "met", Some("2025-12-15")),
        ],
    );
}

#[test]
fn without_a_due_day_any_day_of_the_week_is_met() {
    let d = eval(&parse(NO_DUE), &clean_records("weekly"), AS_OF);
    // K1's late talks (Wed 12-17; Fri 2026-01-02 in the week starting 2025-12-29) are met here.
    assert_rows(
        &d,
        "weekly_any",
        "K1",
        &[
            ("2025-12-01", "met", Some("2025-12-01")),
            ("2025-12-08", "met", Some("2025-12-09")),
            ("2025-12-15", "met", Some("2025-12-17")),
            ("2025-12-22", "met", Some("2025-12-28")),
            ("2025-12-29", "met", Some("2026-01-02")),
            ("2026-01-05", "missed", None),
            ("2026-01-12", "met", Some("2026-01-12")),
            ("2026-03-02", "missed", None),
            ("2026-03-09", "met", Some("2026-03-09")),
            ("2026-03-23", "open", None),
        ],
    );
    // No due day: the open window is not overdue.
    let open = row(&d, "weekly_any", "K1", "2026-03-23");
    assert_eq!(open.due, None);
    assert!(!open.overdue);
}

#[test]
fn overdue_is_missed_plus_open_past_its_due_day() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    let overdue: Vec<(String, &str)> = rows(&d, "weekly_talk", "K1")
        .iter()
        .filter(|r| r.overdue)
        .map(|r| (r.window_start.to_string(), r.status.as_str()))
        .collect();
    // Missed W6, W8; open W10 whose due day Mon 03-23 is before the as-of date Wed 03-25.
    assert_eq!(
        overdue,
        [
            ("2026-01-05".to_owned(), "missed"),
            ("2026-03-02".to_owned(), "missed"),
            ("2026-03-23".to_owned(), "open"),
        ]
    );
    // As of the due day itself (Mon 03-23) the open window is not overdue yet.
    let on_due = eval(&parse(DUE_MON), &clean_records("weekly"), "2026-03-23");
    let w10 = row(&on_due, "weekly_talk", "K1", "2026-03-23");
    assert_eq!(w10.status, Status::Open);
    assert!(!w10.overdue);
}

#[test]
fn open_missed_and_unlisted_around_the_as_of_date() {
    let records = clean_records("weekly");
    let policy = parse(DUE_MON);
    // As of Tue 12-16: K1's talk of Wed 12-17 is in the future → W3 open, due 12-15 passed →
    // overdue. Windows after W3 are not listed.
    let d = eval(&policy, &records, "2025-12-16");
    assert_rows(
        &d,
        "weekly_talk",
        "K1",
        &[
            ("2025-12-01", "met", Some("2025-12-01")),
            ("2025-12-08", "met", Some("2025-12-09")),
            ("2025-12-15", "open", None),
        ],
    );
    assert!(row(&d, "weekly_talk", "K1", "2025-12-15").overdue);
    // K5 leaves 12-17 and has no talk: partial comes before open.
    assert_eq!(
        row(&d, "weekly_talk", "K5", "2025-12-15").status,
        Status::Partial
    );
    assert!(!row(&d, "weekly_talk", "K5", "2025-12-15").overdue);
    // As of Sun 12-21, the last day of W3: K2's W3 still open.
    let d = eval(&policy, &records, "2025-12-21");
    assert_eq!(
        row(&d, "weekly_talk", "K2", "2025-12-15").status,
        Status::Open
    );
    // As of Mon 12-22: W3 closed before the as-of date → missed; W4 (starts 12-22) listed and
    // open, due Sun 12-28 not passed → not overdue.
    let d = eval(&policy, &records, "2025-12-22");
    assert_eq!(
        row(&d, "weekly_talk", "K2", "2025-12-15").status,
        Status::Missed
    );
    let w4 = row(&d, "weekly_talk", "K2", "2025-12-22");
    assert_eq!((w4.status, w4.overdue), (Status::Open, false));
    // As of Sun 2026-03-22: the spring-break week holds no school day and W10 starts after the
    // as-of date, so K1's last row is W9.
    let d = eval(&policy, &records, "2026-03-22");
    let k1 = rows(&d, "weekly_talk", "K1");
    assert_eq!(k1.len(), 9);
    assert_eq!(k1[8].window_start, date("2026-03-09"));
}

#[test]
fn summary_counts_and_compliance_rate() {
    let d = eval(&parse(DUE_MON), &clean_records("weekly"), AS_OF);
    let c = &d.obligation_summary["weekly_talk"];
    // met:     K1 5 + K3 1 + K4 3 + K5 2 + K6 1 + K7 1 = 13
    // late:    K1 2 + K2 1 + K7 1 = 4
    // partial: K3 W5, K5 W3, K6 W2 = 3
    // open:    K1 W10, K2 W10 = 2
    // missed:  K1 2 + K2 8 + K3 3 = 13
    assert_eq!(
        (c.met, c.late, c.partial, c.open, c.missed),
        (13, 4, 3, 2, 13)
    );
    // 10 + 10 + 5 + 3 + 3 + 2 + 2 = 35 rows.
    assert_eq!(d.obligations.len(), 35);
    // (13 + 4) / (13 + 4 + 13) = 17 / 30 = 0.56666… → 0.5667.
    assert_eq!(c.compliance_rate, Some(0.5667));
}

#[test]
fn monthly_windows() {
    let d = eval(&parse(MONTHLY), &clean_records("weekly"), AS_OF);
    let r = "monthly_call";
    // Months holding a school day: Dec, Jan, Mar (Feb has only the make-up Sunday outside
    // every term). K1 called 12-05 and 2026-01-20 (in the January window although after the
    // term ended); its February call covers no window; March holds the as-of date → open.
    assert_rows(
        &d,
        r,
        "K1",
        &[
            ("2025-12-01", "met", Some("2025-12-05")),
            ("2026-01-01", "met", Some("2026-01-20")),
            ("2026-03-01", "open", None),
        ],
    );
    // K7 enrolled 12-10 (mid-month) and was called 12-11 → met; left 12-22 → no later rows.
    assert_rows(&d, r, "K7", &[("2025-12-01", "met", Some("2025-12-11"))]);
    // K6, same dates, no call → partial.
    assert_rows(&d, r, "K6", &[("2025-12-01", "partial", None)]);
    // K3 left 2026-01-04: December fully enrolled → missed; January enrolled on 01-02 only →
    // partial.
    assert_rows(
        &d,
        r,
        "K3",
        &[
            ("2025-12-01", "missed", None),
            ("2026-01-01", "partial", None),
        ],
    );
    let c = &d.obligation_summary[r];
    // met: K1 2 + K7 1 = 3; partial: K3, K4, K5, K6 = 4; open: K1, K2 = 2;
    // missed: K2 Dec, Jan + K3 Dec = 3.
    assert_eq!(
        (c.met, c.late, c.partial, c.open, c.missed),
        (3, 0, 4, 2, 3)
    );
    // 3 / (3 + 0 + 3) = 0.5.
    assert_eq!(c.compliance_rate, Some(0.5));
}

#[test]
fn quarterly_windows_with_the_shipped_weekly_talks_policy() {
    let d = eval(
        &shipped("school-weekly-talks"),
        &clean_records("weekly"),
        AS_OF,
    );
    let r = "quarterly_home_visit";
    // Calendar quarters holding a school day of the year, cut to the year's span
    // 2025-12-01..2026-03-27: Oct–Dec 2025 → 12-01..12-31 and Jan–Mar 2026 → 01-01..03-27
    // (holds the as-of date). K1's only home visit is 2026-03-02.
    assert_rows(
        &d,
        r,
        "K1",
        &[
            ("2025-12-01", "missed", None),
            ("2026-01-01", "met", Some("2026-03-02")),
        ],
    );
    let q1 = row(&d, r, "K1", "2026-01-01");
    assert_eq!(q1.window_end, date("2026-03-27"));
    let q4 = row(&d, r, "K1", "2025-12-01");
    assert_eq!(q4.window_end, date("2025-12-31"));
    // K3 (left 2026-01-04): Q4 fully enrolled → missed; Q1 enrolled on 01-02 only → partial.
    assert_rows(
        &d,
        r,
        "K3",
        &[
            ("2025-12-01", "missed", None),
            ("2026-01-01", "partial", None),
        ],
    );
    // K2 has no visit: Q4 missed, Q1 open (holds 2026-03-25).
    assert_rows(
        &d,
        r,
        "K2",
        &[("2025-12-01", "missed", None), ("2026-01-01", "open", None)],
    );
}
