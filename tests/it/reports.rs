//! Snapshots of the full reports of each shipped policy on each shipped record set.
//! A change in any figure, word or order shows up as a snapshot diff to review.

use careplan::eval::{EvalOptions, evaluate};
use careplan::lang::Lang;
use careplan::report::{ObligationFilter, json, text};
use chrono::NaiveDate;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn decision(policy: &str, records: &str, as_of: &str) -> careplan::eval::Decision {
    let policy = careplan::policy::load_dir(&root().join("policies").join(policy))
        .expect("shipped policy loads");
    let records = careplan::records::load_dir(&root().join("fixtures").join(records))
        .expect("shipped records load");
    let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("date");
    evaluate(&policy, &records, &EvalOptions { as_of, year: None }).expect("evaluates")
}

macro_rules! report_snapshots {
    ($name:ident, $policy:literal, $records:literal, $as_of:literal, $json_filter:expr) => {
        #[test]
        fn $name() {
            let d = decision($policy, $records, $as_of);
            insta::assert_snapshot!(
                concat!(stringify!($name), "_text"),
                text::render(&d, ObligationFilter::Overdue, Lang::En)
            );
            insta::assert_snapshot!(
                concat!(stringify!($name), "_json"),
                json::render(&d, $json_filter, Lang::En)
            );
        }
    };
}

// After the year: every figure final.
report_snapshots!(
    hand_in_hand_realistic_year_end,
    "class-hand-in-hand",
    "realistic",
    "2026-07-31",
    ObligationFilter::All
);
// Mid-year: provisional, open windows, the final exam not counted yet.
report_snapshots!(
    hand_in_hand_realistic_mid_year,
    "class-hand-in-hand",
    "realistic",
    "2026-04-08",
    ObligationFilter::Overdue
);
report_snapshots!(
    weekly_talks_realistic_year_end,
    "school-weekly-talks",
    "realistic",
    "2026-07-31",
    ObligationFilter::Overdue
);
report_snapshots!(
    weekly_talks_realistic_mid_year,
    "school-weekly-talks",
    "realistic",
    "2026-04-08",
    ObligationFilter::Overdue
);

// Plans 2, 3 and 4: files, enrollment, pairing schemes, individual plans, activities, class
// assessment (JSON with the overdue windows only, to keep it readable).
report_snapshots!(
    files_triple_care_realistic_year_end,
    "school-files-triple-care",
    "realistic",
    "2026-07-31",
    ObligationFilter::Overdue
);
report_snapshots!(
    ten_ones_realistic_year_end,
    "school-ten-ones",
    "realistic",
    "2026-07-31",
    ObligationFilter::Overdue
);
// Mid-year: the second-semester final does not count yet (no rank drop known, provisional).
report_snapshots!(
    ten_ones_realistic_mid_year,
    "school-ten-ones",
    "realistic",
    "2026-04-08",
    ObligationFilter::Overdue
);
report_snapshots!(
    community_care_community_year_end,
    "community-care",
    "community",
    "2026-07-31",
    ObligationFilter::All
);
report_snapshots!(
    community_care_realistic_year_end,
    "community-care",
    "realistic",
    "2026-07-31",
    ObligationFilter::Overdue
);
