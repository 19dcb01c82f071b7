//! Errors: policy diagnostics with positions and suggestions, record findings that leave a
//! bad row out and keep its neighbours, and the binary's exit codes (docs/src/administrators/commands.md "Exit codes").

use crate::support::*;
use careplan::records::Severity;
use std::path::Path;
use std::process::{Command, Output};

/// `kinds_` on line 9, column 13 (12 spaces of indentation before it).
const TYPO_KINDS: &str = r#"Plan(
    id: "typo",
    name: "A typo in an obligation",
    seed: "Plan 1",
    obligations: [
        (
            id: "weekly_talk",
            seed: "Plan 1 §Third.1",
            kinds_: ["talk"],
            covers: [LeftBehind],
            window: Weekly(due: Mon),
        ),
    ],
)
"#;

/// `pointz` on line 11. Columns count characters: 16 spaces, `rule: HonorTitle(` (17
/// characters, columns 17–33), `title: "三好学生", ` (15 characters, columns 34–48) →
/// `pointz` starts at column 49.
const TYPO_POINTS: &str = r#"Plan(
    id: "typo",
    name: "A typo in a point rule",
    seed: "Plan 5",
    assessment: (
        covers: [LeftBehind],
        rules: [
            (
                id: "three_good_students",
                seed: "Plan 5 §6",
                rule: HonorTitle(title: "三好学生", pointz: 10),
            ),
        ],
    ),
)
"#;

#[test]
fn misspelled_kinds_names_line_column_and_suggests_kinds() {
    let err = careplan::policy::parse("plan.ron", TYPO_KINDS).expect_err("`kinds_` is unknown");
    let first = &err.diagnostics[0];
    assert_eq!((first.line, first.col), (Some(9), Some(13)));
    assert!(first.message.contains("`kinds_`"), "{}", first.message);
    assert!(
        first.help.as_deref().is_some_and(|h| h.contains("`kinds`")),
        "{:?}",
        first.help
    );
}

#[test]
fn misspelled_points_names_line_column_and_suggests_points() {
    let err = careplan::policy::parse("plan.ron", TYPO_POINTS).expect_err("`pointz` is unknown");
    let first = &err.diagnostics[0];
    assert_eq!((first.line, first.col), (Some(11), Some(49)));
    assert!(first.message.contains("`pointz`"), "{}", first.message);
    assert!(
        first
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`points`")),
        "{:?}",
        first.help
    );
}

/// `fixtures/small/bad-date/contacts.csv`: line 1 header, line 2 `2025-12-01`, line 3
/// `2026-13-01` (no month 13), line 4 `2025-12-15`.
#[test]
fn bad_contact_date_is_an_error_finding_and_only_that_row_is_left_out() {
    let records = careplan::records::load_dir(&small("bad-date")).expect("records load");
    let errors: Vec<_> = records
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", records.findings);
    let f = errors[0];
    assert_eq!(f.file, "contacts.csv");
    assert_eq!(f.line, Some(3));
    assert_eq!(f.column.as_deref(), Some("date"));
    assert!(f.message.contains("2026-13-01"), "{}", f.message);
    // Lines 2 and 4 are kept.
    let kept: Vec<(usize, String)> = records
        .contacts
        .iter()
        .map(|c| (c.line, c.date.to_string()))
        .collect();
    assert_eq!(
        kept,
        [(2, "2025-12-01".to_owned()), (4, "2025-12-15".to_owned())]
    );
    // The decision lists the finding and evaluates the kept rows: R1's talks on Mon 12-01 and
    // Mon 12-15 meet the weekly talks of those weeks.
    let d = eval(&shipped("school-weekly-talks"), &records, "2026-07-31");
    assert!(d.findings.contains(f));
    assert_eq!(
        row(&d, "weekly_talk", "R1", "2025-12-01").status.as_str(),
        "met"
    );
    assert_eq!(
        row(&d, "weekly_talk", "R1", "2025-12-15").status.as_str(),
        "met"
    );
}

fn careplan(args: &[&Path], flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careplan"))
        .arg("evaluate")
        .args(args)
        .args(["--as-of", "2026-07-31"])
        .args(flags)
        .output()
        .expect("the binary runs")
}

#[test]
fn exit_0_on_the_realistic_fixture() {
    let out = careplan(
        &[
            &policy_dir("class-hand-in-hand"),
            &root().join("fixtures").join("realistic"),
        ],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty());
}

#[test]
fn exit_1_with_an_error_finding_and_2_under_strict() {
    let args: [&Path; 2] = [&policy_dir("school-weekly-talks"), &small("bad-date")];
    let out = careplan(&args, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.is_empty(), "a decision is still printed");
    let strict = careplan(&args, &["--strict"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(strict.stdout.is_empty(), "no decision under --strict");
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains("contacts.csv:3"), "{stderr}");
}

#[test]
fn exit_2_on_a_bad_policy_with_its_position() {
    let dir = tmp_dir("errors-bad-policy");
    std::fs::write(dir.join("plan.ron"), TYPO_KINDS).expect("plan.ron written");
    let out = careplan(&[&dir, &root().join("fixtures").join("realistic")], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("plan.ron:9:13"), "{stderr}");
    assert!(stderr.contains("`kinds`"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn exit_2_on_a_missing_records_dir() {
    let missing = small("no-such-record-set");
    assert!(!missing.exists());
    let out = careplan(&[&policy_dir("class-hand-in-hand"), &missing], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
}

#[test]
fn control_characters_of_the_records_never_reach_the_terminal() {
    // An escape sequence and a NUL in a student id: echoed in the finding, escaped.
    let dir = tmp_dir("errors-control-characters");
    for f in ["calendar.csv", "students.csv"] {
        std::fs::copy(small("bad-date").join(f), dir.join(f)).expect("copied");
    }
    std::fs::write(
        dir.join("contacts.csv"),
        "date,student_id,staff_id,kind,note\n2025-09-02,\"\u{1b}[31mRED\u{0}\",,talk,x\n\
         2025-09-03,\"DEL\u{7f}C1\u{9b}\",,talk,x\n",
    )
    .expect("contacts written");
    for format in ["text", "json"] {
        let out = careplan(
            &[&policy_dir("school-weekly-talks"), &dir],
            &["--format", format, "--lang", "en"],
        );
        assert_eq!(out.status.code(), Some(1), "{format}: an error finding");
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(
            !shown.contains(['\u{1b}', '\u{0}', '\u{7f}', '\u{9b}']),
            "{format}: {shown}"
        );
        if format == "json" {
            // Still JSON, the characters read back from their escapes.
            let v: serde_json::Value = serde_json::from_str(&shown).expect("valid JSON");
            assert!(v.to_string().contains("DEL\u{7f}C1\u{9b}"), "{v}");
        }
        // JSON escapes them itself; the text report writes the same escapes.
        assert!(
            shown.contains("`\\u001b[31mRED\\u0000`"),
            "{format}: {shown}"
        );
    }
}

#[test]
fn threads_beyond_the_limit_are_refused_before_anything_runs() {
    let args: [&Path; 2] = [
        &policy_dir("class-hand-in-hand"),
        &root().join("fixtures").join("realistic"),
    ];
    for n in ["257", "99999999999", "-1", "many"] {
        let out = careplan(&args, &["--threads", n]);
        assert_eq!(out.status.code(), Some(2), "--threads {n}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        // `-1` reads as an unknown flag; the others name the option.
        assert!(err.contains("--threads") || n == "-1", "{err}");
    }
    let at_most = careplan(&args, &["--threads", "256", "--format", "json"]);
    let one = careplan(&args, &["--threads", "1", "--format", "json"]);
    assert_eq!(at_most.status.code(), Some(0));
    assert!(
        at_most.stdout == one.stdout,
        "256 threads and 1 give the same report"
    );
}

#[test]
fn a_report_that_cannot_be_written_is_exit_2_and_a_closed_pipe_is_not() {
    use std::io::Read;
    let args = [
        "evaluate",
        "policies/class-hand-in-hand",
        "fixtures/realistic",
        "--as-of",
        "2026-07-31",
        "--format",
        "json",
    ];
    let run = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_careplan"));
        c.args(args).current_dir(root());
        c
    };
    // A full disk (Linux's /dev/full).
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let out = run().stdout(full).output().expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot write the report"), "{err}");
    }
    // A reader that stops after the first bytes (`careplan … | head -c 10`).
    let mut child = run()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("the report starts");
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0), "{:?}", out.stderr);
    assert_eq!(&first[..1], b"{");
    // Written to a file, the report is what stdout gets.
    let dir = tmp_dir("errors-report-file");
    let file = dir.join("report.json");
    let to_file = run().arg("-o").arg(&file).output().expect("runs");
    assert_eq!(to_file.status.code(), Some(0));
    let to_stdout = run().output().expect("runs");
    assert_eq!(std::fs::read(&file).expect("written"), to_stdout.stdout);
}
