//! The in-process part of a re-evaluation after a policy edit: records already loaded (as
//! `careplan watch` keeps them), the package read and validated again, the decision evaluated
//! and its JSON written (to memory).
//!
//! ```sh
//! cargo run --release --example bench_eval -- RECORDS AS_OF PACKAGE... [--runs N] [--threads N]
//! ```
//!
//! Prints, per package, the best of `--runs` (default 10) of each step in milliseconds.
//! `benches/scale.py` runs it on the school set.

use careplan::eval::{EvalOptions, Rows, Settings, evaluate_with};
use careplan::lang::Lang;
use careplan::report::{ObligationFilter, json};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut flag = |name: &str, default: usize| match args.iter().position(|a| a == name) {
        Some(i) if i + 1 < args.len() => {
            let v = args.remove(i + 1);
            args.remove(i);
            v.parse().unwrap_or(default)
        }
        _ => default,
    };
    let runs = flag("--runs", 10).max(1);
    let threads = flag("--threads", 0);
    if args.len() < 3 {
        eprintln!("usage: bench_eval RECORDS AS_OF PACKAGE... [--runs N] [--threads N]");
        std::process::exit(2);
    }
    let t = Instant::now();
    let records = match careplan::records::load_dir(&PathBuf::from(&args[0])) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let load_records = t.elapsed();
    let Ok(as_of) = chrono::NaiveDate::parse_from_str(&args[1], "%Y-%m-%d") else {
        eprintln!("AS_OF is YYYY-MM-DD");
        std::process::exit(2);
    };
    let opts = EvalOptions { as_of, year: None };
    let settings = Settings {
        rows: Rows::None,
        threads,
    };
    println!(
        "records {}: {} children, {} contacts, loaded in {:.1} ms",
        args[0],
        records.students.len(),
        records.contacts.len(),
        load_records.as_secs_f64() * 1e3
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>9}",
        "package", "policy ms", "eval ms", "json ms", "total ms"
    );
    for dir in &args[2..] {
        let mut best = [f64::INFINITY; 4];
        for _ in 0..runs {
            let t0 = Instant::now();
            let policy = match careplan::policy::load_dir(&PathBuf::from(dir)) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            let t1 = Instant::now();
            let decision = match evaluate_with(&policy, &records, &opts, &settings) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{dir}: {e}");
                    std::process::exit(2);
                }
            };
            let t2 = Instant::now();
            let mut out = Vec::new();
            let _ = json::write(&decision, ObligationFilter::None, Lang::En, &mut out);
            let t3 = Instant::now();
            let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
            for (b, v) in best
                .iter_mut()
                .zip([ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t0, t3)])
            {
                *b = b.min(v);
            }
        }
        println!(
            "{:<36} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            dir, best[0], best[1], best[2], best[3]
        );
    }
}
