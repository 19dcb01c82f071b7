//! The community plan (Plan 3) on its own records, `fixtures/community` (see its README): the
//! Wang Jing Community's eight children at two schools, its surrogate parents (party members
//! and retired veterans), legal education, the March tuition subsidy, school supplies.

use crate::support::*;
use careplan::eval::Status;
use careplan::eval::pairings::Ineligible;

fn decision() -> careplan::eval::Decision {
    let records = careplan::records::load_dir(&root().join("fixtures/community"))
        .expect("community records load");
    assert!(records.findings.is_empty(), "{:?}", records.findings);
    eval(&shipped("community-care"), &records, "2026-07-31")
}

#[test]
fn files_of_migrant_and_left_behind_children() {
    let d = decision();
    let f = d.child_files.as_ref().expect("child files");
    // All eight children are covered; C03 lacks `guardian_phone`, C08 `home_address`; C07 is a
    // single-parent child with only a father's fields (complete). 6 / 8 = 0.75.
    assert_eq!((f.complete, f.covered, f.filing_rate), (6, 8, Some(0.75)));
    let missing: Vec<(&str, Vec<String>)> = f
        .incomplete
        .iter()
        .map(|c| (c.student_id.as_str(), c.missing.clone()))
        .collect();
    assert_eq!(
        missing,
        [
            ("C03", vec!["guardian_phone".to_owned()]),
            ("C08", vec!["home_address".to_owned()])
        ]
    );
    // Classes carry their school.
    assert_eq!(f.classes[0].class, "Wangjing Middle/7-1");
}

#[test]
fn surrogate_parents() {
    let d = decision();
    let s = &d.pairing_schemes[0];
    // Left-behind children: C01–C05, C07 = 6. C01, C02 (P01) and C03 (R01) always covered.
    assert_eq!((s.always_covered, s.children), (3, 6));
    let gaps: Vec<(&str, u32, String, String)> = s
        .uncovered
        .iter()
        .map(|u| {
            (
                u.student_id.as_str(),
                u.school_days,
                u.ranges[0].start.to_string(),
                u.ranges[0].end.to_string(),
            )
        })
        .collect();
    assert_eq!(
        gaps,
        [
            // P02 moved away on 2026-01-31; R02 took over on 2026-03-16: the first two weeks of
            // term 2, 2026-03-02..13, 10 school days.
            ("C04", 10, "2026-03-02".into(), "2026-03-13".into()),
            // Paired with a community worker, who is neither a party member nor a veteran: the
            // whole year, 186 school days.
            ("C05", 186, "2025-09-01".into(), "2026-07-10".into()),
            // Never paired.
            ("C07", 186, "2025-09-01".into(), "2026-07-10".into()),
        ]
    );
    assert_eq!(s.ineligible.len(), 1);
    assert!(matches!(
        s.ineligible[0].why,
        Ineligible::MissingRole { .. }
    ));
}

#[test]
fn scheduled_community_duties() {
    let d = decision();
    let status = |rule: &str| -> Vec<Status> {
        d.activities
            .iter()
            .filter(|r| r.rule == rule)
            .map(|r| r.status)
            .collect()
    };
    // Legal education on 2025-10-18 and 2026-04-11: both terms met.
    assert_eq!(status("legal_education"), [Status::Met, Status::Met]);
    // The tuition subsidy in March 2026 (2026-03-05).
    assert_eq!(status("tuition_subsidy"), [Status::Met]);
    // School supplies on 2025-09-06, none in term 2.
    assert_eq!(status("school_supplies"), [Status::Met, Status::Missed]);
}
