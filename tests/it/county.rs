//! County runs (`careplan evaluate county.ron RECORDS -o DIR`): the hand-made county of
//! `fixtures/county/` worked out by hand, the same output on one thread and two, and a
//! generated county whose schools add up to a run over all of its children.

use super::support::root;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn careplan(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .env("LANG", "C")
        .current_dir(root())
        .output()
        .expect("careplan runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A path as a county.ron string: with `/` (Windows takes it too; a `\\` would start an escape).
fn ron_path(p: &Path) -> String {
    p.display().to_string().replace('\\', "/")
}

/// Copies the directory `from` into `to`, files and subdirectories.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("directory");
    for e in std::fs::read_dir(from).expect("directory to copy") {
        let p = e.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// Copies the shipped package `name` into `dir/policies/<name>` (a manifest then names it by a
/// path from itself: under Wine the repository's own path is not one the program can open).
fn copy_package(name: &str, dir: &Path) {
    copy_dir(
        &root().join("policies").join(name),
        &dir.join("policies").join(name),
    );
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("JSON")
}

fn rate(v: &Value) -> (u64, u64) {
    (
        v["numerator"].as_u64().expect("numerator"),
        v["denominator"].as_u64().expect("denominator"),
    )
}

const MANIFEST: &str = "fixtures/county/records/county.ron";
const RECORDS: &str = "fixtures/county/records";

/// `evaluate` of the county fixture as of `as_of` with `extra` flags, writing to `out`.
fn fixture_run(as_of: &str, extra: &[&str], out: &str) -> (i32, String, String) {
    let mut args = vec!["evaluate", MANIFEST, RECORDS, "--as-of", as_of];
    args.extend_from_slice(extra);
    args.extend(["-o", out]);
    careplan(&args)
}

/// Every figure of the roll-up of `fixtures/county/` as of Friday 2025-09-26, by hand.
///
/// Weekly windows (Mon–Sun, no due weekday): 09-01–07, 08–14, 15–21 over, 22–28 open on the
/// 26th (met if a talk is in it). Left-behind children only (E3 is not).
/// - East School (default `talks`): E1 talks 09-01, 08, 15 → met 3, open 1; E2 talks 09-09, 22
///   → met 2, missed 2 (weeks 1 and 3). 5 met / (5 + 2) = 71.4%.
/// - West School (`talks` and `files`): W1 09-02, 09, 17 → met 3, open 1; W2 09-10, 23 → met 2,
///   missed 2; so each package's weekly_talk is 5/7, and the school's line takes the rule the
///   two packages share once: 5/7 = 71.4%, 2 overdue.
///   Files: W2 has no guardian phone → 1 of 2 complete = 50%.
/// - 北岭小学 (`files`): N1 09-03, 17 → met 2, missed 1 (week 2), open 1; N2 09-10, 18 →
///   met 2, missed 1 (week 1), open 1: 4/6 = 66.7%. Files: N1 has no address → 1/2.
///
/// Furthest behind first: 北岭小学 (66.7%), then East and West tied at 5/7, by name.
/// The county: 3 + 2 + 2 = 7 children, no money. Findings of the county: `X9` at
/// contacts.csv line 11 is no school's child (an error), `Closed School` (county.ron line 9)
/// has no records (a warning); West's own error — a 13th month at contacts.csv line 17 — is in
/// West's reports at the county's line, not in the county's list.
#[test]
fn a_county_roll_up_worked_out_by_hand() {
    let out = temp();
    let o = out.path().to_str().expect("UTF-8 path");
    let (code, stdout, stderr) = fixture_run("2025-09-26", &["--format", "json"], o);
    assert_eq!(code, 1, "error findings give exit 1: {stderr}");
    assert!(stdout.is_empty(), "JSON goes to files: {stdout}");
    let r = json(&out.path().join("county.json"));
    assert_eq!(r["county"], "Test County");
    assert_eq!(r["children"], 7, "3 + 2 + 2");
    assert_eq!(r["budget_fen"], 0);
    let schools: Vec<&str> = r["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .map(|s| s["school"].as_str().expect("name"))
        .collect();
    assert_eq!(schools, ["北岭小学", "East School", "West School"]);
    let school = |name: &str| {
        r["schools"]
            .as_array()
            .expect("schools")
            .iter()
            .find(|s| s["school"] == name)
            .expect("school")
            .clone()
    };
    let n = school("北岭小学");
    assert_eq!(rate(&n["compliance"]), (4, 6));
    assert_eq!(
        (
            &n["counts"]["met"],
            &n["counts"]["missed"],
            &n["counts"]["open"]
        ),
        (&Value::from(4), &Value::from(2), &Value::from(2))
    );
    assert_eq!(rate(&n["filing"]), (1, 2));
    assert_eq!(n["children"], 2);
    assert_eq!(n["plans"], serde_json::json!(["files"]));
    let e = school("East School");
    assert_eq!(rate(&e["compliance"]), (5, 7));
    assert_eq!(
        (&e["counts"]["missed"], &e["counts"]["open"]),
        (&Value::from(2), &Value::from(1))
    );
    assert!(e.get("filing").is_none(), "talks files nothing");
    assert_eq!(e["children"], 3, "E3 is on the roll, though not covered");
    let w = school("West School");
    assert_eq!(
        rate(&w["compliance"]),
        (5, 7),
        "weekly_talk of both packages, once"
    );
    assert_eq!(
        (&w["counts"]["missed"], &w["counts"]["open"]),
        (&Value::from(2), &Value::from(1))
    );
    assert_eq!(rate(&w["filing"]), (1, 2));
    assert_eq!(w["plans"], serde_json::json!(["talks", "files"]));
    assert_eq!(
        w["errors"], 1,
        "the 13th month, once though both packages read it"
    );
    // Per rule: West's weekly talk under each package.
    let west_talks: Vec<(u64, u64)> = r["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|x| x["school"] == "West School" && x["rule"] == "weekly_talk")
        .map(|x| rate(&x["value"]))
        .collect();
    assert_eq!(west_talks, [(5, 7), (5, 7)]);
    // The county's own findings.
    let findings: Vec<(String, Value, String)> = r["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().expect("severity").to_owned(),
                f["line"].clone(),
                f["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert_eq!(findings[0].0, "error");
    assert_eq!(findings[0].1, 11);
    assert!(findings[0].2.contains("`X9`"), "{findings:?}");
    assert_eq!(findings[1].0, "warning");
    assert_eq!(findings[1].1, 9);
    assert!(findings[1].2.contains("Closed School"), "{findings:?}");
    // Each school's report, in its own directory, on the county's lines.
    for (dir, plan) in [
        ("001-East School", "talks"),
        ("002-West School", "talks"),
        ("002-West School", "files"),
        ("003-北岭小学", "files"),
    ] {
        let d = json(&out.path().join(dir).join(format!("{plan}.json")));
        assert_eq!(d["policy"], plan);
    }
    let west = json(&out.path().join("002-West School").join("files.json"));
    let bad: Vec<&Value> = west["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0]["file"], "contacts.csv");
    assert_eq!(
        bad[0]["line"], 17,
        "the county's line, not the school's own file's"
    );
    assert_eq!(west["child_files"]["complete"], 1);
    assert_eq!(west["child_files"]["covered"], 2);
}

/// The text roll-up names the schools furthest behind first and lists the county's findings;
/// the Chinese one speaks Chinese.
#[test]
fn the_text_roll_up_in_both_languages() {
    let out = temp();
    let o = out.path().to_str().expect("UTF-8 path");
    let (code, stdout, _) = fixture_run("2025-09-26", &[], o);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        std::fs::read_to_string(out.path().join("county.txt")).expect("county.txt")
    );
    let north = stdout.find("北岭小学").expect("north");
    let east = stdout.find("East School").expect("east");
    assert!(north < east, "66.7% before 71.4%:\n{stdout}");
    assert!(
        stdout.contains("66.7%") && stdout.contains("71.4%"),
        "{stdout}"
    );
    assert!(stdout.contains("contacts.csv:11 [student_id]"), "{stdout}");
    let (_, zh, _) = careplan(&[
        "evaluate",
        MANIFEST,
        RECORDS,
        "--as-of",
        "2025-09-26",
        "-o",
        o,
        "--lang",
        "zh",
    ]);
    assert!(zh.contains("县级汇总：测试县"), "{zh}");
    assert!(zh.contains("每周一谈"), "the rule's Chinese name: {zh}");
    assert!(zh.contains("不在任何学校的学生名单"), "{zh}");
}

/// The workbook roll-up has the schools, rules and findings sheets.
#[test]
fn the_roll_up_as_a_workbook() {
    let out = temp();
    let o = out.path().to_str().expect("UTF-8 path");
    let (code, _, stderr) = fixture_run("2025-09-26", &["--format", "xlsx"], o);
    assert_eq!(code, 1, "{stderr}");
    let bytes = std::fs::read(out.path().join("county.xlsx")).expect("county.xlsx");
    assert!(bytes.starts_with(b"PK"), "a zip (xlsx)");
    assert!(
        out.path()
            .join("002-West School")
            .join("files.xlsx")
            .is_file()
    );
}

/// `check county.ron RECORDS`: a school that runs no package, a package that does not load and
/// a manifest school without records, each named.
#[test]
fn check_validates_the_manifest() {
    let (code, stdout, stderr) = careplan(&["check", MANIFEST, RECORDS]);
    assert_eq!(code, 1, "the X9 row is an error finding: {stdout}{stderr}");
    assert!(stdout.contains("Closed School"), "{stdout}");
    let dir = temp();
    let bad = dir.path().join("county.ron");
    std::fs::write(
        &bad,
        format!(
            "County(name: \"C\", schools: {{ \"East School\": [\"{}\"], \"West School\": [\"{}\"] }})",
            ron_path(&root().join("fixtures/county/talks")),
            ron_path(&dir.path().join("no-such-package"))
        ),
    )
    .expect("write");
    let (code, stdout, stderr) = careplan(&["check", bad.to_str().expect("UTF-8"), RECORDS]);
    let all = format!("{stdout}{stderr}");
    assert_eq!(code, 2, "{all}");
    assert!(
        all.contains("no-such-package"),
        "the package that does not load: {all}"
    );
    assert!(
        all.contains("school `北岭小学` of the records runs no package"),
        "no default, not named: {all}"
    );
    // A Windows path written as is: the backslash starts an escape, and the error says what to do.
    std::fs::write(
        &bad,
        "County(name: \"C\", default: [\"C:\\policies\\talks\"])",
    )
    .expect("write");
    let (code, _, stderr) = careplan(&["check", bad.to_str().expect("UTF-8")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("write paths with `/`"), "{stderr}");
    std::fs::write(&bad, "County(name: \"C\", schols: {})").expect("write");
    let (code, _, stderr) = careplan(&["check", bad.to_str().expect("UTF-8")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("county.ron:1:") && stderr.contains("schols"),
        "{stderr}"
    );
}

/// A generated county (6 schools) evaluated by three shipped packages.
fn generated() -> (tempfile::TempDir, PathBuf) {
    let dir = temp();
    let records = dir.path().join("records");
    let options = careplan::generate::Options {
        students: 600,
        seed: 11,
        school_size: 100,
    };
    careplan::generate::write(&records, &options).expect("generated");
    for name in [
        "school-weekly-talks",
        "class-hand-in-hand",
        "school-ten-ones",
    ] {
        copy_package(name, dir.path());
    }
    let p = |name: &str| format!("policies/{name}");
    std::fs::write(
        dir.path().join("county.ron"),
        format!(
            "County(name: \"G\", default: [\"{}\"], schools: {{ \"Junior High 0002\": [\"{}\", \"{}\"], \"Junior High 0005\": [\"{}\"] }})",
            p("school-weekly-talks"),
            p("school-weekly-talks"),
            p("class-hand-in-hand"),
            p("school-ten-ones")
        ),
    )
    .expect("manifest");
    (dir, records)
}

/// Every file written by a county run under `dir`, by path, with its bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("file");
                out.push((p.strip_prefix(dir).expect("inside").to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// One thread and two give the same bytes, in every format.
#[test]
fn one_and_two_threads_write_the_same_bytes() {
    let (dir, records) = generated();
    let manifest = dir.path().join("county.ron");
    for format in ["text", "json"] {
        let mut outputs = Vec::new();
        for threads in ["1", "2"] {
            let out = dir.path().join(format!("out-{format}-{threads}"));
            let (code, stdout, stderr) = careplan(&[
                "evaluate",
                manifest.to_str().expect("UTF-8"),
                records.to_str().expect("UTF-8"),
                "--as-of",
                "2026-07-31",
                "--format",
                format,
                "--threads",
                threads,
                "-o",
                out.to_str().expect("UTF-8"),
            ]);
            assert!(code == 0 || code == 1, "{stderr}");
            outputs.push((stdout, files(&out)));
        }
        // Four schools on the default, 0002 on two packages, 0005 on one; and the roll-up.
        assert_eq!(
            outputs[0].1.len(),
            4 + 2 + 1 + 1,
            "a report per school and plan, and the roll-up"
        );
        assert!(
            outputs[0] == outputs[1],
            "--threads 1 and 2 differ ({format})"
        );
    }
}

/// Each school's share adds up to a run over all the county's children: every rule of Plan 1
/// is owed child by child, so the windows per status of a whole-county run are the sums of
/// the schools' (when every school runs Plan 1).
#[test]
fn the_schools_add_up_to_the_whole_county() {
    let (dir, records) = generated();
    let manifest = dir.path().join("plan1.ron");
    copy_package("school-weekly-talks", dir.path());
    std::fs::write(
        &manifest,
        "County(name: \"G\", default: [\"policies/school-weekly-talks\"])",
    )
    .expect("manifest");
    let out = dir.path().join("out");
    let (code, _, stderr) = careplan(&[
        "evaluate",
        manifest.to_str().expect("UTF-8"),
        records.to_str().expect("UTF-8"),
        "--as-of",
        "2026-07-31",
        "--format",
        "json",
        "--obligations",
        "none",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let county = json(&out.join("county.json"));
    let (code, whole, stderr) = careplan(&[
        "evaluate",
        "policies/school-weekly-talks",
        records.to_str().expect("UTF-8"),
        "--as-of",
        "2026-07-31",
        "--format",
        "json",
        "--obligations",
        "none",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let whole: Value = serde_json::from_str(&whole).expect("JSON");
    let summary = whole["obligation_summary"].as_object().expect("summary");
    assert_eq!(summary.len(), 3);
    for (rule, counts) in summary {
        for status in ["met", "late", "missed", "open"] {
            let sum: u64 = county["rules"]
                .as_array()
                .expect("rules")
                .iter()
                .filter(|x| x["rule"] == rule.as_str())
                .map(|x| x["counts"][status].as_u64().expect("count"))
                .sum();
            assert_eq!(Some(sum), counts[status].as_u64(), "{rule} {status}");
        }
    }
    assert_eq!(county["children"], 600);
    assert_eq!(county["schools"].as_array().expect("schools").len(), 6);
}

/// `--strict`: an error in the county's own files (the `X9` row) stops the run before any
/// school is evaluated; a day before any term leaves every school unevaluated (exit 2, like a
/// one-school run that cannot evaluate), those schools listed first.
#[test]
fn strict_and_unevaluated_schools_stop_or_come_first() {
    let out = temp();
    let o = out.path().to_str().expect("UTF-8 path");
    let (code, _, stderr) = fixture_run("2025-09-26", &["--strict"], o);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("strict") && stderr.contains("`X9`"),
        "{stderr}"
    );
    assert!(!out.path().join("county.txt").exists(), "nothing evaluated");
    let (code, stdout, stderr) = fixture_run("2025-08-01", &[], o);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("3 schools could not be evaluated"),
        "{stderr}"
    );
    assert!(stdout.contains("not evaluated:"), "{stdout}");
}

/// A copy of `fixtures/county` (records and packages) in a temporary directory.
fn fixture_copy() -> tempfile::TempDir {
    let dir = temp();
    copy_dir(&root().join("fixtures/county"), dir.path());
    dir
}

/// Found by a new user's trial, each with the whole kind:
/// - a school's budget is the sum of its packages' (each package's money is its own), never one
///   package's: on the generated county, Junior High 0002 runs Plans 1 and 5;
/// - a school named by an ID number never reaches the file system unmasked;
/// - a row that must name a child and names none is the county's finding, not every school's.
#[test]
fn budgets_add_up_names_are_masked_and_rows_without_a_child_belong_to_no_school() {
    let (dir, records) = generated();
    let out = dir.path().join("out");
    let (code, _, stderr) = careplan(&[
        "evaluate",
        dir.path().join("county.ron").to_str().expect("UTF-8"),
        records.to_str().expect("UTF-8"),
        "--as-of",
        "2026-07-31",
        "--format",
        "json",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let county = json(&out.join("county.json"));
    let school = county["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| s["school"] == "Junior High 0002")
        .expect("0002")
        .clone();
    let own: i64 = ["school-weekly-talks", "class-hand-in-hand"]
        .iter()
        .map(|p| {
            json(&out.join("002-Junior High 0002").join(format!("{p}.json")))["totals"]["total_fen"]
                .as_i64()
                .expect("total")
        })
        .sum();
    assert!(own > 0, "Plan 5 pays prizes and helpers");
    assert_eq!(
        school["budget_fen"].as_i64(),
        Some(own),
        "0 (Plan 1) + Plan 5's"
    );

    let copy = fixture_copy();
    let students = copy.path().join("records/students.csv");
    let text = std::fs::read_to_string(&students).expect("students");
    std::fs::write(&students, text.replace("East School", "110105201303160048")).expect("write");
    let contacts = copy.path().join("records/contacts.csv");
    let mut text = std::fs::read_to_string(&contacts).expect("contacts");
    text.push_str("2025-09-24,,,talk,no child named\n");
    std::fs::write(&contacts, text).expect("write");
    let out = copy.path().join("out");
    let (_, stdout, stderr) = careplan(&[
        "evaluate",
        copy.path()
            .join("records/county.ron")
            .to_str()
            .expect("UTF-8"),
        copy.path().join("records").to_str().expect("UTF-8"),
        "--as-of",
        "2025-09-26",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("201303160048")),
        "{names:?}"
    );
    assert!(!stdout.contains("201303160048"), "{stdout}");
    // Line 18: the row added after the 17 of the fixture.
    assert!(
        stdout.contains("contacts.csv:18 [student_id]: `student_id` is empty"),
        "{stdout}{stderr}"
    );
    let west = std::fs::read_to_string(out.join("002-West School/talks.txt")).expect("west");
    assert!(!west.contains("contacts.csv:18"), "not West's: {west}");

    // No child at all: exit 2, saying why.
    let header = std::fs::read_to_string(&students).expect("students");
    let header = header.lines().next().expect("header");
    std::fs::write(&students, format!("{header}\n")).expect("write");
    let (code, _, stderr) = careplan(&[
        "evaluate",
        copy.path()
            .join("records/county.ron")
            .to_str()
            .expect("UTF-8"),
        copy.path().join("records").to_str().expect("UTF-8"),
        "--as-of",
        "2025-09-26",
        "-o",
        out.to_str().expect("UTF-8"),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("students.csv has no child"), "{stderr}");
}
