//! Evaluation throughput of policy packages with script rules against their declarative twins.
//!
//! ```sh
//! benches/scripts.sh            # generates a large record set, then runs this in release
//! cargo run --release --example bench_scripts -- RECORDS AS_OF PACKAGE...
//! ```
//!
//! For each package: children per second of one `evaluate` on one thread (the best of a few
//! runs), then of two evaluations at once on two threads (each with its own script engine;
//! the package's compiled scripts are shared), which shows whether script evaluation scales
//! with cores.

use careplan::eval::{EvalOptions, evaluate};
use careplan::policy::Policy;
use careplan::records::Records;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: bench_scripts RECORDS AS_OF PACKAGE...");
        std::process::exit(2);
    }
    let t = Instant::now();
    let records = match careplan::records::load_dir(&PathBuf::from(&args[0])) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("records: {e:?}");
            std::process::exit(2);
        }
    };
    let Ok(as_of) = chrono::NaiveDate::parse_from_str(&args[1], "%Y-%m-%d") else {
        eprintln!("AS_OF is YYYY-MM-DD");
        std::process::exit(2);
    };
    let opts = EvalOptions { as_of, year: None };
    let children = records.students.len();
    println!(
        "records {}: {children} children, {} contacts, loaded in {:.2} s",
        args[0],
        records.contacts.len(),
        t.elapsed().as_secs_f64()
    );
    println!(
        "{:<40} {:>10} {:>14} {:>16} {:>8}",
        "package", "1 eval", "children/s", "2 threads: c/s", "scaling"
    );
    for dir in &args[2..] {
        let policy = match careplan::policy::load_dir(&PathBuf::from(dir)) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let one = best_of(3, || run(&policy, &records, &opts, 1));
        let two = best_of(3, || run(&policy, &records, &opts, 2));
        let rate1 = children as f64 / one.as_secs_f64();
        // Two evaluations of every child in the time measured.
        let rate2 = 2.0 * children as f64 / two.as_secs_f64();
        println!(
            "{:<40} {:>8.0}ms {:>14.0} {:>16.0} {:>7.2}x",
            dir,
            one.as_secs_f64() * 1e3,
            rate1,
            rate2,
            rate2 / rate1
        );
    }
}

/// `threads` evaluations at once; the time until all are done.
fn run(policy: &Policy, records: &Records, opts: &EvalOptions, threads: usize) -> Duration {
    let t = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| s.spawn(|| evaluate(policy, records, opts).map(|d| d.students.len())))
            .collect();
        for h in handles {
            match h.join() {
                Ok(Ok(_)) => {}
                other => {
                    eprintln!("evaluation failed: {other:?}");
                    std::process::exit(1);
                }
            }
        }
    });
    t.elapsed()
}

fn best_of(n: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..n).map(|_| f()).min().unwrap_or_default()
}
