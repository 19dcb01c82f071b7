//! Property tests over the policy loader and the record readers (issue 15): a shipped
//! `plan.ron` and a small record set, cut, spliced and sprinkled with the characters that
//! matter to their grammars (brackets, quotes, commas, colons, digits, Chinese text, line
//! breaks, a BOM), must give a policy, records or an error, never a panic; and the binary, on
//! a few such inputs, exits 0, 1 or 2 only. The case counts are small so that the whole file
//! runs in seconds.

use crate::support::{root, tmp_dir};
use proptest::prelude::*;
use std::path::Path;

/// The pieces a mutation inserts: what RON, CSV and dates are made of, and what breaks them.
const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\n",
    "\r\n",
    " ",
    "0",
    "9",
    "-1",
    "99999999999999999999",
    "Some(",
    "None",
    "Role(\"x\")",
    "Monthly()",
    "2026-02-30",
    "0026-04-08",
    "2015年04月08日10:05",
    "张三",
    "\u{feff}",
    "\u{3000}",
    "，",
    "）",
    "\\",
    "#",
    "//",
    "/*",
    "r#\"",
    "\t",
    "é",
    "\u{0}",
    "yes",
    "是",
    "S0101",
    "T01",
    "talk",
    "110101201504081005",
];

/// One edit of a text: cut `len` bytes at `at` (as a fraction of its length), then insert the
/// pieces `insert` there.
#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    len: usize,
    insert: Vec<usize>,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        0.0..1.0f64,
        0usize..12,
        proptest::collection::vec(0..PIECES.len(), 0..4),
    )
        .prop_map(|(at, len, insert)| Edit { at, len, insert })
}

/// `text` with `edits` applied, each at a character boundary.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_owned();
    for e in edits {
        let mut at = ((s.len() as f64) * e.at) as usize;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + e.len).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        let inserted: String = e.insert.iter().map(|&i| PIECES[i]).collect();
        s.replace_range(at..end, &inserted);
    }
    s
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("fixture readable")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Every mutated plan of Plan 5 and of Plan 3 parses and validates to a policy or to
    /// diagnostics, each with a message.
    #[test]
    fn the_policy_loader_never_panics(edits in proptest::collection::vec(edit(), 1..4), which in 0..2usize) {
        let plan = ["class-hand-in-hand", "school-ten-ones"][which];
        let text = read(&root().join("policies").join(plan).join("plan.ron"));
        let mutated = mutate(&text, &edits);
        match careplan::policy::Draft::parse("plan.ron", &mutated).and_then(|d| d.validate()) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.diagnostics.iter().all(|d| !d.message.is_empty())),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Every mutated record set (students, calendar and contacts of fixtures/small/weekly,
    /// one file mutated at a time) loads to records with findings, or to load errors.
    #[test]
    fn the_record_readers_never_panic(edits in proptest::collection::vec(edit(), 1..4), file in 0..3usize) {
        let names = ["students.csv", "calendar.csv", "contacts.csv"];
        let from = root().join("fixtures/small/weekly");
        let dir = tmp_dir(&format!("fuzz-records-{}", std::process::id()));
        for (i, name) in names.iter().enumerate() {
            let text = read(&from.join(name));
            let text = if i == file { mutate(&text, &edits) } else { text };
            std::fs::write(dir.join(name), text).expect("write");
        }
        match careplan::records::load_dir(&dir) {
            Ok(r) => prop_assert!(r.findings.iter().all(|f| !f.message.is_empty())),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The binary on a mutated package and mutated records: `check` and `evaluate` exit 0, 1
    /// or 2, never by a signal or another code.
    #[test]
    fn the_binary_exits_0_1_or_2(plan_edits in proptest::collection::vec(edit(), 0..2), csv_edits in proptest::collection::vec(edit(), 0..3)) {
        let dir = tmp_dir(&format!("fuzz-cli-{}", std::process::id()));
        let (policy, records) = (dir.join("policy"), dir.join("records"));
        std::fs::create_dir_all(&policy).expect("policy dir");
        std::fs::create_dir_all(&records).expect("records dir");
        let plan = read(&root().join("policies/school-weekly-talks/plan.ron"));
        std::fs::write(policy.join("plan.ron"), mutate(&plan, &plan_edits)).expect("write plan");
        let from = root().join("fixtures/small/weekly");
        for name in ["students.csv", "calendar.csv", "contacts.csv"] {
            let text = read(&from.join(name));
            let text = if name == "contacts.csv" { mutate(&text, &csv_edits) } else { text };
            std::fs::write(records.join(name), text).expect("write csv");
        }
        for command in ["check", "evaluate"] {
            let mut args = vec![command.to_owned(), policy.display().to_string(), records.display().to_string()];
            if command == "evaluate" {
                args.extend(["--as-of".to_owned(), "2025-12-31".to_owned()]);
            }
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_careplan"))
                .args(&args)
                .output()
                .expect("careplan runs");
            let code = out.status.code();
            prop_assert!(
                matches!(code, Some(0..=2)),
                "{command}: exit {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
