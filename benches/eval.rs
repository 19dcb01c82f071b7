//! The in-process parts of an evaluation at school size (2,000 children of the seeded
//! generator, `careplan::generate`, seed 1), timed with divan:
//!
//! - `load_records`: the record files read, checked and indexed;
//! - `reevaluate_after_policy_edit`: what `careplan watch` does when a policy file is saved
//!   (records already loaded): the package read and validated again, evaluated, and its JSON
//!   report written to memory — for each shipped package;
//! - `evaluate`: the evaluation alone, summary only (`Rows::None`) and with every obligation
//!   window listed (`Rows::All`).
//!
//! ```sh
//! cargo bench --bench eval
//! ```
//!
//! Whole runs at county and province size, with peak memory and the `csv`-crate floor, are
//! `benches/scale.py`'s; script rules against their declarative twins, `benches/scripts.sh`.

use careplan::eval::{EvalOptions, Rows, Settings, evaluate_with};
use careplan::lang::Lang;
use careplan::records::Records;
use careplan::report::{ObligationFilter, json};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PACKAGES: &[&str] = &[
    "school-weekly-talks",
    "class-hand-in-hand",
    "school-files-triple-care",
    "school-ten-ones",
    "community-care",
    "class-hand-in-hand-percentile",
];

fn main() {
    divan::main();
}

/// The school set, generated once per run into the target directory.
fn school() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-school-2000");
        let options = careplan::generate::Options {
            students: 2000,
            seed: 1,
            ..careplan::generate::Options::default()
        };
        careplan::generate::write(&dir, &options).expect("school set written");
        dir
    })
}

fn records() -> &'static Records {
    static RECORDS: OnceLock<Records> = OnceLock::new();
    RECORDS.get_or_init(|| careplan::records::load_dir(school()).expect("school set loads"))
}

fn package(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies")
        .join(name)
}

fn options() -> EvalOptions {
    EvalOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 7, 31).expect("date"),
        year: None,
    }
}

#[divan::bench(sample_count = 20)]
fn load_records() -> Records {
    careplan::records::load_dir(divan::black_box(school())).expect("loads")
}

#[divan::bench(args = PACKAGES, sample_count = 30)]
fn reevaluate_after_policy_edit(bencher: divan::Bencher, name: &str) {
    let records = records();
    let dir = package(name);
    bencher.bench(|| {
        let policy = careplan::policy::load_dir(&dir).expect("package loads");
        let settings = Settings {
            rows: Rows::None,
            threads: 0,
        };
        let decision = evaluate_with(&policy, records, &options(), &settings).expect("evaluates");
        json::render(&decision, ObligationFilter::None, Lang::En).len()
    });
}

#[divan::bench(args = [Rows::None, Rows::All], sample_count = 30)]
fn evaluate(bencher: divan::Bencher, rows: Rows) {
    let records = records();
    let policy = careplan::policy::load_dir(&package("class-hand-in-hand")).expect("loads");
    bencher.bench(|| {
        let settings = Settings { rows, threads: 0 };
        evaluate_with(&policy, records, &options(), &settings)
            .expect("evaluates")
            .obligations
            .len()
    });
}
