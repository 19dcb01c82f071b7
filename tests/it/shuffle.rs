//! "Shuffling input rows never changes a result" (docs/src/reference/semantics.md "Class rank"; `Records` keeps
//! file order but every consumer must give the same result for any row order).
//!
//! Every CSV of `fixtures/realistic` is copied with its data rows permuted (header kept first),
//! both directories are evaluated with a shipped policy, and the JSON decisions must be equal
//! once `findings` are removed (findings name physical lines, which move).

use crate::support::*;
use careplan::lang::Lang;
use careplan::report::{ObligationFilter, json};
use std::path::Path;

/// A small linear congruential generator (Knuth's MMIX constants): deterministic, no crates.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// Fisher–Yates shuffle.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.next() % (i as u64 + 1)).expect("fits");
            items.swap(i, j);
        }
    }
}

/// Splits CSV text into records at line breaks outside quotes (a quoted cell may hold one).
fn csv_records(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                out.push(text[start..i].trim_end_matches('\r'));
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Copies every `.csv` of `from` into a fresh directory with its data rows shuffled.
fn shuffled_copy(from: &Path, name: &str, seed: u64) -> std::path::PathBuf {
    let to = tmp_dir(name);
    let mut rng = Lcg(seed);
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("fixture dir is readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 2, "calendar.csv and students.csv at least");
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("fixture CSV is UTF-8");
        let records = csv_records(&text);
        let (header, rows) = records.split_first().expect("a header line");
        let mut rows: Vec<&str> = rows.iter().copied().filter(|r| !r.is_empty()).collect();
        let before = rows.clone();
        rng.shuffle(&mut rows);
        if before.len() > 3 {
            assert_ne!(rows, before, "{} was not shuffled", path.display());
        }
        let mut out = String::from(*header);
        out.push('\n');
        for r in rows {
            out.push_str(r);
            out.push('\n');
        }
        let file = path.file_name().expect("file name");
        std::fs::write(to.join(file), out).expect("shuffled CSV written");
    }
    to
}

/// The JSON decision with `findings` removed.
fn decision_json(policy: &careplan::policy::Policy, dir: &Path, as_of: &str) -> serde_json::Value {
    let records = careplan::records::load_dir(dir).expect("records load");
    let d = eval(policy, &records, as_of);
    let text = json::render(&d, ObligationFilter::All, Lang::En);
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    value
        .as_object_mut()
        .expect("a JSON object")
        .remove("findings")
        .expect("a findings key");
    value
}

fn same_result_for_any_row_order(policy_name: &str) {
    let policy = shipped(policy_name);
    let realistic = root().join("fixtures").join("realistic");
    let as_of = "2026-07-31";
    let want = decision_json(&policy, &realistic, as_of);
    for seed in [1_u64, 2, 3] {
        let dir = shuffled_copy(&realistic, &format!("shuffle-{policy_name}-{seed}"), seed);
        let got = decision_json(&policy, &dir, as_of);
        assert!(
            got == want,
            "{policy_name}: the decision changed with row permutation {seed} ({})",
            dir.display()
        );
    }
}

#[test]
fn hand_in_hand_ignores_row_order() {
    same_result_for_any_row_order("class-hand-in-hand");
}

#[test]
fn weekly_talks_ignores_row_order() {
    same_result_for_any_row_order("school-weekly-talks");
}

#[test]
fn csv_records_keep_quoted_line_breaks() {
    let text = "a,b\r\n1,\"x\ny\"\n2,3\n";
    assert_eq!(csv_records(text), ["a,b", "1,\"x\ny\"", "2,3"]);
}
