//! Scale: a generated record set of a few thousand children (`careplan::generate`) gives the
//! same decision, byte for byte, on one thread and on two, and the summary-only evaluation
//! (`--obligations none`) counts exactly what the full one lists.

use crate::support::{date, root};
use careplan::eval::{EvalOptions, Rows, Settings, evaluate_with};
use careplan::lang::Lang;
use careplan::report::{ObligationFilter, json};

#[test]
fn one_thread_and_two_give_the_same_json_on_a_generated_county_slice() {
    let dir = std::env::temp_dir().join(format!("careplan-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let options = careplan::generate::Options {
        students: 3000,
        seed: 7,
        // Two schools: class keys carry the school.
        school_size: 1500,
    };
    let summary = careplan::generate::write(&dir, &options).expect("generated");
    assert_eq!(summary.schools, 2);
    let records = careplan::records::load_dir(&dir).expect("records");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(records.students.len(), 3000);
    assert!(
        records.contacts.len() > 100_000,
        "{}",
        records.contacts.len()
    );
    let opts = EvalOptions {
        as_of: date("2026-07-31"),
        year: None,
    };
    // Every shipped package (the script variant too: one engine per worker).
    let mut packages: Vec<std::path::PathBuf> = std::fs::read_dir(root().join("policies"))
        .expect("policies/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("plan.ron").is_file())
        .collect();
    packages.sort();
    assert!(packages.len() >= 6, "{packages:?}");
    for dir in &packages {
        let package = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let policy = careplan::policy::load_dir(dir).expect("policy");
        let run = |threads: usize, rows: Rows| {
            evaluate_with(&policy, &records, &opts, &Settings { rows, threads }).expect("evaluates")
        };
        let one = json::render(&run(1, Rows::All), ObligationFilter::All, Lang::En);
        let two = json::render(&run(2, Rows::All), ObligationFilter::All, Lang::En);
        assert!(one == two, "{package}: 1 and 2 threads differ");
        assert!(one.len() > 100_000, "{package}");
        // Listing no window counts the same windows.
        let full = run(2, Rows::All);
        let summary = run(2, Rows::None);
        assert!(summary.obligations.is_empty(), "{package}");
        assert_eq!(
            json::render(&summary, ObligationFilter::None, Lang::En),
            json::render(&full, ObligationFilter::None, Lang::En),
            "{package}"
        );
        let overdue = run(1, Rows::Overdue);
        assert_eq!(
            json::render(&overdue, ObligationFilter::Overdue, Lang::En),
            json::render(&full, ObligationFilter::Overdue, Lang::En),
            "{package}"
        );
    }
}

/// Runs `careplan evaluate` on the realistic fixture with stderr on a pseudo-terminal (through
/// util-linux `script`), the bar's threshold set to 0 bytes: what the terminal shows.
fn on_a_terminal(extra: &str) -> Option<String> {
    let exe = env!("CARGO_BIN_EXE_careplan");
    let records = root().join("fixtures/realistic");
    let command = format!(
        "{exe} evaluate {} {} --as-of 2026-07-31 --format json --obligations none {extra} \
         > /dev/null",
        root().join("policies/class-hand-in-hand").display(),
        records.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("CAREPLAN_PROGRESS_BYTES", "0")
        .env("TERM", "xterm")
        .output()
        .ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_bar_on_a_terminal_only_and_never_with_quiet() {
    // Not a terminal: nothing but the report, even with the threshold at 0.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args([
            "evaluate",
            "policies/class-hand-in-hand",
            "fixtures/realistic",
        ])
        .args([
            "--as-of",
            "2026-07-31",
            "--format",
            "json",
            "--obligations",
            "none",
        ])
        .current_dir(root())
        .env("CAREPLAN_PROGRESS_BYTES", "0")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let Some(shown) = on_a_terminal("") else {
        // No `script` on this machine: the terminal half cannot be tried.
        eprintln!("util-linux `script` not found: terminal progress not tried");
        return;
    };
    assert!(shown.contains("reading records"), "{shown:?}");
    let quiet = on_a_terminal("--quiet").expect("script ran once already");
    assert!(!quiet.contains("reading records"), "{quiet:?}");
}
