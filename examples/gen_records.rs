//! The record generator's command line (see `careplan::generate` and README, "Performance").
//!
//! ```sh
//! cargo run --release --example gen_records -- OUT_DIR --students 200000 --seed 1
//! ```

use careplan::generate::{Options, write};
use std::path::PathBuf;

const USAGE: &str = "usage: gen_records OUT_DIR --students N [--seed S] [--school-size N]";

fn main() {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut options = Options::default();
    let mut students = None;
    while let Some(a) = args.next() {
        let mut num = |what: &str| -> u64 {
            args.next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or_else(|| fail(&format!("{what} needs a number\n{USAGE}")))
        };
        match a.as_str() {
            "--students" => students = Some(num("--students")),
            "--seed" => options.seed = num("--seed"),
            "--school-size" => options.school_size = num("--school-size"),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ if a.starts_with('-') => fail(&format!("unknown option `{a}`\n{USAGE}")),
            _ if out.is_some() => fail(&format!("one output directory, not two (`{a}`)\n{USAGE}")),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let (Some(out), Some(n)) = (out, students) else {
        fail(USAGE)
    };
    if n == 0 {
        fail("--students must be at least 1");
    }
    // Three grades of classes of about 48 need a school of 60 children at least.
    if options.school_size < 60 {
        fail("--school-size must be at least 60");
    }
    options.students = n;
    let t = std::time::Instant::now();
    match write(&out, &options) {
        Ok(summary) => {
            let parts: Vec<String> = summary
                .rows
                .iter()
                .map(|(f, n)| format!("{f} {n}"))
                .collect();
            eprintln!(
                "{}: {n} students in {} schools; rows: {} ({:.1} s)",
                out.display(),
                summary.schools,
                parts.join(", "),
                t.elapsed().as_secs_f64()
            );
        }
        Err(e) => fail(&format!("cannot write `{}`: {e}", out.display())),
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("{msg}");
    std::process::exit(2);
}
