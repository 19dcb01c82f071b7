//! One engine, every family: for each rule family, one parameter is edited through
//! `whatif --set` and, the same edit saved into a sandbox copy's `plan.ron`, through
//! `careplan watch --format json`. Both must name the same changed outcomes (the helper
//! [`both`] compares the two lists whole); the figures are then checked on the `whatif` JSON,
//! each worked out by hand from the seed rule and the records (the arithmetic beside each
//! assertion).
//!
//! Records used: `fixtures/realistic` (see its README.md: people, ranks, points, helpers),
//! `fixtures/community` (Plan 3) and `fixtures/small/calendar` (dated duties; its children are
//! tabled in `calendar_rules.rs`). Every run passes `--as-of 2026-07-31` (the year is over).
//!
//! Rate deltas are left unasserted: see the note on [`rate`].

use crate::support::{root, tmp_dir};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const AS_OF: &str = "2026-07-31";
const REALISTIC: &str = "fixtures/realistic";
const COMMUNITY: &str = "fixtures/community";
const CALENDAR: &str = "fixtures/small/calendar";
/// How long to wait for one expected reload (a loaded 2-core machine).
const WAIT: Duration = Duration::from_secs(30);

/// Every family of dated duty on `fixtures/small/calendar` (the policy of
/// `calendar_rules.rs`, copied: a test package, written to a temporary directory).
const CALENDAR_POLICY: &str = r#"Plan(
    id: "calendar-year", name: "A year of dated duties", seed: "Plans 1, 3, 4, 5",
    obligations: [
        (id: "weekly_talk", seed: "Plan 1 §Third.1", kinds: ["talk"], covers: [SingleParent],
         window: Weekly(due: Mon), made_by: Role(role: "head_teacher")),
    ],
    activities: [
        (id: "semester_lectures", seed: "Plan 4 §(2).5", kinds: ["legal_lecture"], per: School, window: Term),
    ],
    birthday_parties: [
        (id: "birthday_party", seed: "Plan 4 §(2).9", covers: [LeftBehind, PotentialStudent],
         months: [1, 3, 4, 5, 6, 9, 10, 11, 12],
         fold: [(month: 2, into: 3), (month: 7, into: 6), (month: 8, into: 9)]),
    ],
    letters_home: [
        (id: "letters_home", seed: "Plan 4 §(2).8", covers: [LeftBehind, PotentialStudent],
         before: [MidAutumn, DoubleNinth, SpringFestival, DragonBoat, WinterVacation, SummerVacation, EldersBirthdays]),
    ],
    festival_days: [
        (id: "womens_day", seed: "Plan 3 §Second.5", on: Solar(month: 3, day: 8), kinds: ["girls_care"], tolerance_days: 3),
        (id: "labour_day", seed: "Plan 3 §Second.5", on: Solar(month: 5, day: 1), kinds: ["labour_education"], tolerance_days: 3),
        (id: "youth_day", seed: "Plan 3 §Second.5", on: Solar(month: 5, day: 4), kinds: ["youth_education"], tolerance_days: 3),
        (id: "childrens_day", seed: "Plan 3 §Second.5", on: Solar(month: 6, day: 1), kinds: ["childrens_day_education"], tolerance_days: 3),
        (id: "party_day", seed: "Plan 3 §Second.5", on: Solar(month: 7, day: 1), kinds: ["party_education"], tolerance_days: 3),
        (id: "national_day", seed: "Plan 3 §Second.5", on: Solar(month: 10, day: 1), kinds: ["patriotic_education"], tolerance_days: 3),
        (id: "double_ninth", seed: "Plan 3 §Second.5", on: DoubleNinth, kinds: ["respect_elders"], tolerance_days: 3),
    ],
    milestones: [
        (id: "investigation", seed: "Plan 5 §Fourth.1", kinds: ["investigation"], per: Class, when: Early(month: 4)),
        (id: "opinions", seed: "Plan 5 §Fourth.2", kinds: ["opinions"], per: Class, when: Late(month: 4)),
        (id: "symposium", seed: "Plan 5 §Fourth.3", kinds: ["symposium"], per: Class, when: Mid(month: 5)),
        (id: "activity_plan", seed: "Plan 5 §Fourth.4", kinds: ["activity_plan"], per: Class, when: Late(month: 5)),
        (id: "implementation", seed: "Plan 5 §Fourth.5", kinds: ["implementation"], per: Class, when: Month(month: 6)),
    ],
)"#;

// ---------------------------------------------------------------------------------------------
// Sandboxes, whatif and watch

/// Copies a directory tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target created");
    for entry in std::fs::read_dir(from).expect("copy source readable") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// Where a case's package comes from.
enum Package {
    /// `policies/<name>`.
    Shipped(&'static str),
    /// A `plan.ron` text.
    Inline(&'static str),
}

/// A copy of a package (without `review/`) and of a record set in a fresh temporary directory.
struct Sandbox {
    root: PathBuf,
    policy: PathBuf,
    records: PathBuf,
}

impl Sandbox {
    fn new(name: &str, package: &Package, records: &str) -> Self {
        let root = tmp_dir(&format!("one_engine-{name}"));
        let policy = root.join("policy");
        match package {
            Package::Shipped(p) => {
                copy_dir(&crate::support::policy_dir(p), &policy);
                let _ = std::fs::remove_dir_all(policy.join("review"));
            }
            Package::Inline(text) => {
                std::fs::create_dir_all(&policy).expect("policy dir");
                std::fs::write(policy.join("plan.ron"), text).expect("plan.ron written");
            }
        }
        let records_dir = root.join("records");
        copy_dir(&root_join(records), &records_dir);
        Sandbox {
            root,
            policy,
            records: records_dir,
        }
    }

    fn plan(&self) -> PathBuf {
        self.policy.join("plan.ron")
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn root_join(rel: &str) -> PathBuf {
    root().join(rel)
}

/// `careplan whatif <policy> <records> --set <set> --format json --as-of 2026-07-31`.
fn whatif(policy: &Path, records: &Path, set: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .arg("whatif")
        .arg(policy)
        .arg(records)
        .args(["--set", set, "--format", "json", "--as-of", AS_OF])
        .output()
        .expect("careplan whatif runs");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    assert_eq!(
        out.status.code(),
        Some(0),
        "whatif --set {set}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout:.400}"))
}

/// A running `careplan watch --format json`, killed on drop.
struct Proc {
    child: Child,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Proc {
    fn start(sb: &Sandbox) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
            .arg("watch")
            .arg(&sb.policy)
            .arg(&sb.records)
            .args(["--as-of", AS_OF, "--debounce-ms", "250", "--format", "json"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start careplan watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().expect("stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = String::new();
            let _ = std::io::Read::read_to_string(&mut err_pipe, &mut buf);
            if let Ok(mut s) = sink.lock() {
                s.push_str(&buf);
            }
        });
        Proc {
            child,
            lines,
            stderr,
        }
    }

    /// The next JSON line, which must be reload `n` and loaded.
    fn reload(&self, n: u64, waiting_for: &str) -> Value {
        let line = match self.lines.recv_timeout(WAIT) {
            Ok(line) => line,
            Err(e) => panic!(
                "no output within {WAIT:?} while waiting for {waiting_for} ({e}); stderr: {}",
                self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
            ),
        };
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line:.200}"));
        assert_eq!(v["reload"], n, "reload number, waiting for {waiting_for}");
        assert_eq!(v["ok"], true, "{waiting_for}: {v:.400}");
        v
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `whatif --set <set>` on a copy of the package and the records, then saves the same edit
/// into the copy's `plan.ron` (`from` → `to`, exactly once) while `watch` runs, and checks the
/// reload's `changed` names the same outcomes and totals as `whatif`. Returns the `whatif` JSON.
fn both(name: &str, package: Package, records: &str, set: &str, from: &str, to: &str) -> Value {
    let sb = Sandbox::new(name, &package, records);
    let d = whatif(&sb.policy, &sb.records, set);
    assert_eq!(d["edits"], json!([set]), "the --set list is echoed");
    assert!(!outcomes(&d).is_empty(), "{set} changes something");

    let p = Proc::start(&sb);
    let first = p.reload(0, "the first report");
    assert_eq!(
        first["changed"],
        Value::Null,
        "reload 0 has nothing to compare"
    );
    let plan = std::fs::read_to_string(sb.plan()).expect("plan.ron");
    assert_eq!(plan.matches(from).count(), 1, "`{from}` occurs once");
    std::fs::write(sb.plan(), plan.replace(from, to)).expect("plan.ron saved");
    let v = p.reload(1, set);
    assert_eq!(
        v["changed"]["outcomes"], d["outcomes"],
        "watch and whatif name the same changed outcomes for {set}"
    );
    assert_eq!(v["changed"]["totals"], d["totals"], "{set}: totals");
    d
}

// ---------------------------------------------------------------------------------------------
// Looking outcomes up

fn outcomes(d: &Value) -> &Vec<Value> {
    d["outcomes"].as_array().expect("outcomes list")
}

/// `(rule, measure, subject kind, subject id)` of every changed outcome, in diff order.
fn keys(d: &Value) -> Vec<(String, String, String, String)> {
    outcomes(d)
        .iter()
        .map(|o| {
            let s = |v: &Value| v.as_str().unwrap_or("").to_owned();
            (
                s(&o["rule"]),
                s(&o["measure"]),
                s(&o["subject"]["kind"]),
                s(&o["subject"]["id"]),
            )
        })
        .collect()
}

fn key(rule: &str, measure: &str, kind: &str, id: &str) -> (String, String, String, String) {
    (rule.into(), measure.into(), kind.into(), id.into())
}

/// The changed outcomes of one rule, measure and subject (`id` "" for the school).
fn all<'a>(d: &'a Value, rule: &str, measure: &str, kind: &str, id: &str) -> Vec<&'a Value> {
    outcomes(d)
        .iter()
        .filter(|o| {
            o["rule"] == rule
                && o["measure"] == measure
                && o["subject"]["kind"] == kind
                && o["subject"]["id"].as_str().unwrap_or("") == id
        })
        .collect()
}

/// The one changed outcome of a rule, measure and subject.
fn one<'a>(d: &'a Value, rule: &str, measure: &str, kind: &str, id: &str) -> &'a Value {
    let found = all(d, rule, measure, kind, id);
    assert_eq!(
        found.len(),
        1,
        "one change of {rule}/{measure} for {kind} {id} in {:#?}",
        keys(d)
    );
    found[0]
}

/// The change of an outcome's value, with its delta.
fn assert_value(o: &Value, base: Value, alt: Value, delta: Value) {
    assert_eq!(o["value"], json!({"base": base, "alt": alt}), "{o}");
    assert_eq!(o["delta"], delta, "{o}");
}

/// Asserts an outcome's statuses.
fn assert_status(o: &Value, base: Value, alt: Value) {
    assert_eq!(o["status"], json!({"base": base, "alt": alt}), "{o}");
}

fn fen(v: i64) -> Value {
    json!({"unit": "fen", "value": v})
}

fn points(v: i64) -> Value {
    json!({"unit": "points", "value": v})
}

fn score(v: f64) -> Value {
    json!({"unit": "score", "value": v})
}

fn rank(v: u32) -> Value {
    json!({"unit": "rank", "value": v})
}

fn flag(v: bool) -> Value {
    json!({"unit": "flag", "value": v})
}

/// A rate value. Its delta is not asserted anywhere in this file: rate deltas are serialised
/// rounded to two decimals of the fraction (whole percentage points, e.g. 1/39 = 0.0256 is
/// written 0.03) while the rates themselves carry four, so a small change can show a delta
/// that disagrees with the two rates shown (see the report of this branch).
fn rate(numerator: u32, denominator: u32, r: f64) -> Value {
    json!({"unit": "rate", "numerator": numerator, "denominator": denominator, "rate": r})
}

/// Asserts a rate outcome's values (not its delta: see [`rate`]).
fn assert_rates(o: &Value, base: Value, alt: Value) {
    assert_eq!(o["value"], json!({"base": base, "alt": alt}), "{o}");
}

fn window(start: &str, end: &str) -> Value {
    json!({"window": {"start": start, "end": end}})
}

// ---------------------------------------------------------------------------------------------
// Plan 4: class assessment (the issue's first required case)

#[test]
fn class_assessment_files_weight_200_moves_the_advanced_class_to_7_2() {
    // Component counts of school-ten-ones on realistic (evaluate report, as of 2026-07-31):
    //   7-1: talks 288/1577: monthly head-teacher talks 233 met of 306 (July's windows end with
    //        the year on 07-10), and weekly heart talks owed by every covered child (Plan 4
    //        §(2).4 gives each one a caring mother; `without_mentor: Owed`): the 32 left-behind
    //        children's 1193 non-partial weeks (fixtures/realistic/README.md tally: 994 met +
    //        123 late + 76 missed) + the 2 potential students' 39 weeks each = 1271 weeks, of
    //        which 55 met (M01's talks with S0116, S0125, S0133): 55 + 233 = 288 of
    //        1271 + 306 = 1577;
    //        pairing 30/34 (34 LB + potential children, 30 with a hand_in_hand helper: S0114,
    //        S0133 unpaired, S0125, S0144 never paired); files 31/33 (S0119, S0141
    //        incomplete); plans 1/3 (S0107's plan, none for S0112's two triggers); activities
    //        2/39.
    //   7-2: talks 117/737: monthly 117 of 134; heart talks none met of the 14 left-behind
    //        children's 449 + 53 + 25 = 527 weeks − 2 (S0209's week of 04-13 and S0231's of
    //        05-18 had a plain talk but no heart talk, and the child left that week: partial)
    //        + 2 potential students × 39 = 603; 117 of 603 + 134 = 737; pairing 7/16; files
    //        14/14; plans 0/0 (nothing to measure: left out, the rest re-weighted); activities
    //        0/21.
    // Score = 100 × Σ weight × rate / Σ weights over the measured components, exactly, rounded
    // once half up to hundredths (src/eval/class_assessment.rs). Base (files 20):
    //   7-1: 30×288/1577 + 20×30/34 + 20×31/33 + 10×1/3 + 20×2/39 = 5.4788 + 17.6471 + 18.7879
    //        + 3.3333 + 1.0256 = 46.2727 (exactly 177394930/3833687); × 100/100 → 46.27.
    //   7-2: 30×117/737 + 20×7/16 + 20×14/14 + 20×0/21 = 4.7626 + 8.75 + 20 + 0 = 33.5126;
    //        × 100/90 = 37.2362 → 37.24. 7-1 first: advanced 7-1 (top 1).
    // Alt (files 200): weights 280 for 7-1, 270 for 7-2 (plans left out).
    //   7-1: 46.2727 − 18.7879 + 200×31/33 (= 187.8788) = 215.3636; × 100/280 = 76.9156 → 76.92
    //        (+30.65).
    //   7-2: 33.5126 − 20 + 200 = 213.5126; × 100/270 = 79.0787 → 79.08 (+41.84). 7-2 first.
    let d = both(
        "class_assessment",
        Package::Shipped("school-ten-ones"),
        REALISTIC,
        "class_assessment.components.files.weight=200",
        "(id: \"files\", weight: 20,",
        "(id: \"files\", weight: 200,",
    );
    let ca = "class_assessment";
    // The school's advanced class: 7-1 → 7-2.
    let o = one(&d, ca, "advanced", "school", "");
    assert_eq!(
        o["value"],
        json!({"base": {"unit": "label", "value": "7-1"}, "alt": {"unit": "label", "value": "7-2"}})
    );
    assert_eq!(o["family"], "class_assessment");
    assert_eq!(o["period"], "year");
    // Class flags and ranks; the head teachers T01 (7-1) and T02 (7-2) take their class's.
    for (kind, id) in [("class", "7-1"), ("staff", "T01")] {
        assert_value(
            one(&d, ca, "advanced", kind, id),
            flag(true),
            flag(false),
            Value::Null,
        );
        assert_value(one(&d, ca, "rank", kind, id), rank(1), rank(2), json!(1));
        assert_value(
            one(&d, ca, "score", kind, id),
            score(46.27),
            score(76.92),
            json!(30.65),
        );
    }
    for (kind, id) in [("class", "7-2"), ("staff", "T02")] {
        assert_value(
            one(&d, ca, "advanced", kind, id),
            flag(false),
            flag(true),
            Value::Null,
        );
        assert_value(one(&d, ca, "rank", kind, id), rank(2), rank(1), json!(-1));
        assert_value(
            one(&d, ca, "score", kind, id),
            score(37.24),
            score(79.08),
            json!(41.84),
        );
    }
    assert_eq!(
        one(&d, ca, "score", "class", "7-1")["class"],
        "7-1",
        "a class outcome names its class"
    );
    // Nothing else moves: a weight is no component rate, and no other family reads it.
    assert_eq!(outcomes(&d).len(), 13, "{:#?}", keys(&d));
    for o in outcomes(&d) {
        assert_eq!(o["rule"], ca, "{o}");
    }
}

// ---------------------------------------------------------------------------------------------
// Plan 4: birthday parties (the issue's second required case: a records save under watch)

#[test]
fn watch_a_birthday_party_row_turns_7_1_october_from_missed_to_met() {
    // activities.csv columns: date,kind,class,student_id. 7-1's October 2025 party is owed (its
    // guests S0144 born 10-01, S0123 10-14 (enrolled until 11-20), S0108 10-28: 3 guests) and
    // no party row of 7-1 or of the school is dated in October (the only party row is
    // 2025-09-26): missed. The row 2025-10-24 for 7-1 meets it.
    // Parties owed (school-ten-ones on realistic): 15 months (7-1: Sep, Oct, Dec, Jan, Mar, Apr,
    // May, Jun = 8; 7-2: 7), 1 met (7-1 September) → 2 met of 15.
    // 7-1's activities component (birthday_party + two_bodies_two_arts): 8 party months + 31
    // children in the arts duty (34 covered − S0123 left, S0147 and S0148 joined late: partial,
    // not counted) = 39; met: the September party and S0116's calligraphy exhibition = 2;
    // 2/39 → 3/39;
    // 7-1's score (see the weight case above for the parts): 46.2727 − 20×2/39 + 20×3/39 =
    // 46.2727 − 1.0256 + 1.5385 = 46.7855 → 46.79, +0.52. 7-2 (37.24) stays second: no rank
    // change.
    let sb = Sandbox::new(
        "birthday_row",
        &Package::Shipped("school-ten-ones"),
        REALISTIC,
    );
    let csv = sb.records.join("activities.csv");
    let text = std::fs::read_to_string(&csv).expect("activities.csv");
    assert!(
        text.starts_with("date,kind,class,student_id\n"),
        "{text:.80}"
    );
    assert!(text.ends_with('\n'));
    let p = Proc::start(&sb);
    p.reload(0, "the first report");
    std::fs::write(&csv, format!("{text}2025-10-24,birthday_party,7-1,\n")).expect("row added");
    let v = p.reload(1, "the party row");
    assert!(
        v["files"][0]
            .as_str()
            .is_some_and(|f| f.ends_with("activities.csv")),
        "{v:.300}"
    );
    let d = &v["changed"];
    assert_eq!(
        keys(d),
        [
            key("birthday_party", "", "class", "7-1"),
            key("birthday_party", "compliance", "school", ""),
            key("class_assessment", "component:activities", "class", "7-1"),
            key("class_assessment", "score", "class", "7-1"),
            key("class_assessment", "score", "staff", "T01"),
        ]
    );
    let party = one(d, "birthday_party", "", "class", "7-1");
    assert_eq!(party["family"], "birthday_party");
    assert_eq!(party["period"], window("2025-10-01", "2025-10-31"));
    assert_status(party, json!("missed"), json!("met"));
    assert_eq!(
        party["reason"],
        json!({
            "base": {"kind": "party", "guests": 3, "date": null},
            "alt": {"kind": "party", "guests": 3, "date": "2025-10-24"},
        })
    );
    // 1/15 = 0.0667, 2/15 = 0.1333.
    assert_rates(
        one(d, "birthday_party", "compliance", "school", ""),
        rate(1, 15, 0.0667),
        rate(2, 15, 0.1333),
    );
    // 2/39 = 0.0513, 3/39 = 0.0769.
    assert_rates(
        one(
            d,
            "class_assessment",
            "component:activities",
            "class",
            "7-1",
        ),
        rate(2, 39, 0.0513),
        rate(3, 39, 0.0769),
    );
    for (kind, id) in [("class", "7-1"), ("staff", "T01")] {
        assert_value(
            one(d, "class_assessment", "score", kind, id),
            score(46.27),
            score(46.79),
            json!(0.52),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Plan 5: points, prizes, helper pay (class-hand-in-hand on realistic)

#[test]
fn points_three_good_students_10_to_20() {
    // 三好学生 holders in scope (LB/SP): S0105, S0118, S0122, S0127 (7-1), S0224 (7-2): +10 each,
    // 7-1 860 → 900, 7-2 530 → 540, school 1390 → 1440 (realistic README).
    let d = both(
        "points",
        Package::Shipped("class-hand-in-hand"),
        REALISTIC,
        "points.three_good_students.points=20",
        "HonorTitle(title: \"三好学生\", points: 10)",
        "HonorTitle(title: \"三好学生\", points: 20)",
    );
    // Child totals from the README table: S0105 40, S0118 50, S0122 80, S0127 50, S0224 40.
    for (id, before) in [
        ("S0105", 40),
        ("S0118", 50),
        ("S0122", 80),
        ("S0127", 50),
        ("S0224", 40),
    ] {
        let o = one(&d, "three_good_students", "", "child", id);
        assert_eq!(o["family"], "points");
        assert_value(o, points(10), points(20), json!(10));
        assert_value(
            one(&d, "points", "", "child", id),
            points(before),
            points(before + 10),
            json!(10),
        );
    }
    assert_eq!(
        all(&d, "three_good_students", "", "child", "S0103").len(),
        0
    );
    assert_value(
        one(&d, "points", "", "class", "7-1"),
        points(860),
        points(900),
        json!(40),
    );
    assert_value(
        one(&d, "points", "", "class", "7-2"),
        points(530),
        points(540),
        json!(10),
    );
    assert_value(
        one(&d, "points", "", "school", ""),
        points(1390),
        points(1440),
        json!(50),
    );
    assert_eq!(
        d["totals"]["points"],
        json!({"base": 1390, "alt": 1440}),
        "totals"
    );
}

#[test]
fn prizes_first_place_100_to_200_yuan() {
    // 1st on the second-semester final: S0105 (7-1) and S0204 (7-2): 10000 → 20000 fen each;
    // prizes 7-1 26500 → 36500 (100 + 5×30 + 15 = 265 yuan), 7-2 31000 → 41000 (100 + 4×30 +
    // 6×15 = 310 yuan), school 57500 → 77500, budget 196500 → 216500 fen.
    let d = both(
        "prizes",
        Package::Shipped("class-hand-in-hand"),
        REALISTIC,
        "prize_tiers.excellence_first.amount_yuan=200",
        "amount_fen: 10000,",
        "amount_fen: 20000,",
    );
    assert_eq!(
        keys(&d),
        [
            key("excellence_first", "", "child", "S0105"),
            key("excellence_first", "", "child", "S0204"),
            key("budget", "", "school", ""),
            key("prizes", "", "school", ""),
            key("prizes", "", "class", "7-1"),
            key("prizes", "", "class", "7-2"),
            key("prizes", "", "child", "S0105"),
            key("prizes", "", "child", "S0204"),
        ]
    );
    for id in ["S0105", "S0204"] {
        let o = one(&d, "excellence_first", "", "child", id);
        assert_eq!(o["family"], "prizes");
        assert_value(o, fen(10000), fen(20000), json!(10000));
        assert_value(
            one(&d, "prizes", "", "child", id),
            fen(10000),
            fen(20000),
            json!(10000),
        );
    }
    assert_value(
        one(&d, "prizes", "", "class", "7-1"),
        fen(26500),
        fen(36500),
        json!(10000),
    );
    assert_value(
        one(&d, "prizes", "", "class", "7-2"),
        fen(31000),
        fen(41000),
        json!(10000),
    );
    assert_value(
        one(&d, "prizes", "", "school", ""),
        fen(57500),
        fen(77500),
        json!(20000),
    );
    assert_value(
        one(&d, "budget", "", "school", ""),
        fen(196500),
        fen(216500),
        json!(20000),
    );
}

#[test]
fn helper_pay_100_to_150_fen_a_point() {
    // Points per helper (realistic README, without the children who left): T02 360, T03 120,
    // V01 100, V03 160, V04 80 (whole numbers); at 150 fen a point: T02 54000, T03 18000, V01
    // 15000, V03 24000, V04 12000. School 1390 × 150 = 208500 fen (from 139000); class 7-1
    // 860 × 150 = 129000 (from 86000), 7-2 530 × 150 = 79500 (from 53000). Budget 57500 +
    // 208500 = 266000 fen.
    let d = both(
        "helper_pay",
        Package::Shipped("class-hand-in-hand"),
        REALISTIC,
        "helpers.fen_per_point=150",
        "fen_per_point: 100,",
        "fen_per_point: 150,",
    );
    for (id, pts) in [
        ("T02", 360),
        ("T03", 120),
        ("V01", 100),
        ("V03", 160),
        ("V04", 80),
    ] {
        let o = one(&d, "helpers", "pay", "helper", id);
        assert_eq!(o["family"], "helper_pay");
        assert_value(o, fen(pts * 100), fen(pts * 150), json!(pts * 50));
    }
    // Points do not move.
    assert!(all(&d, "helpers", "points", "helper", "T02").is_empty());
    assert_value(
        one(&d, "helpers", "pay", "class", "7-1"),
        fen(86000),
        fen(129000),
        json!(43000),
    );
    assert_value(
        one(&d, "helpers", "pay", "class", "7-2"),
        fen(53000),
        fen(79500),
        json!(26500),
    );
    assert_value(
        one(&d, "helpers", "pay", "school", ""),
        fen(139000),
        fen(208500),
        json!(69500),
    );
    assert_value(
        one(&d, "budget", "", "school", ""),
        fen(196500),
        fen(266000),
        json!(69500),
    );
}

// ---------------------------------------------------------------------------------------------
// Plans 2, 3, 4: files, enrollment, pairing, individual plans, activities

#[test]
fn child_files_without_guardian_phone_completes_s0119() {
    // school-ten-ones: S0119 (7-1) lacks only guardian_phone, S0141 mother_workplace. Dropping
    // guardian_phone from the fields: S0119 complete. Covered (LB + potential, enrolled at the
    // year's end): 7-1 33, 7-2 14 → school 47; complete 45 → 46; 7-1 31 → 32 of 33 (0.9697).
    // 7-1's score: 46.2727 − 20×31/33 + 20×32/33 = 46.2727 − 18.7879 + 19.3939 = 46.8787 →
    // 46.88 (+0.61).
    let d = both(
        "child_files",
        Package::Shipped("school-ten-ones"),
        REALISTIC,
        "child_files.fields=gender,birth_date,father_name,mother_name,home_address,father_phone,mother_phone,father_workplace,mother_workplace,health,guardian_name,guardian_relation",
        "\"home_address\",\n            \"guardian_phone\", ",
        "\"home_address\",\n            ",
    );
    let o = one(&d, "child_files", "file", "child", "S0119");
    assert_eq!(o["family"], "child_files");
    // The incomplete file's outcome goes; a complete file has none (status null on the alt side).
    assert_status(o, json!("missed"), Value::Null);
    assert_eq!(
        o["reason"]["base"],
        json!({"kind": "missing_fields", "fields": ["guardian_phone"]})
    );
    let school = one(&d, "child_files", "filing_rate", "school", "");
    // Target 100%: still missed.
    assert_status(school, json!("missed"), json!("missed"));
    assert_rates(school, rate(45, 47, 0.9574), rate(46, 47, 0.9787));
    assert_rates(
        one(&d, "child_files", "filing_rate", "class", "7-1"),
        rate(31, 33, 0.9394),
        rate(32, 33, 0.9697),
    );
    assert_value(
        one(&d, "class_assessment", "score", "class", "7-1"),
        score(46.27),
        score(46.88),
        json!(0.61),
    );
    assert!(all(&d, "child_files", "file", "child", "S0141").is_empty());
}

#[test]
fn enrollment_retention_target_90_percent_is_met() {
    // school-files-triple-care, left-behind children counted at the year start: 32 + 14 = 46 LB
    // children, 44 of them enrolled on 2025-09-01 (S0147 joins 10-15, S0148 03-02); one dropout
    // (S0231; S0123 and S0209 are transfers): retained 43 of 44 = 0.9773. Below the 100% target
    // (missed), above 90% (met). The rate itself does not move.
    let d = both(
        "enrollment",
        Package::Shipped("school-files-triple-care"),
        REALISTIC,
        "enrollment.retention_target_percent=90",
        "retention_target_percent: 100,",
        "retention_target_percent: 90,",
    );
    assert_eq!(outcomes(&d).len(), 1, "{:#?}", keys(&d));
    let o = one(&d, "enrollment_retention", "retention_rate", "school", "");
    assert_eq!(o["family"], "enrollment");
    assert_status(o, json!("missed"), json!("met"));
    assert_value(o, rate(43, 44, 0.9773), rate(43, 44, 0.9773), Value::Null);
    assert_eq!(
        o["reason"],
        json!({"base": {"kind": "target", "percent": 100}, "alt": {"kind": "target", "percent": 90}})
    );
}

#[test]
fn pairing_volunteers_as_surrogate_parents_cover_c05() {
    // community-care: surrogate parents must be party members or retired veterans; W01 (a
    // volunteer community worker) paired with C05 all year is ineligible. With `volunteer`
    // among the roles, C05 is covered: 3 → 4 of the 6 left-behind children (C01, C02, C03 all
    // year; C04 has a gap; C07 nobody); Wangjing Middle 7-1 (C05 only; C06 is not LB) 0/1 → 1/1.
    let d = both(
        "pairing",
        Package::Shipped("community-care"),
        COMMUNITY,
        "pairing_schemes.surrogate_parents.mentors.roles=party_member,retired_veteran,volunteer",
        "Staff(roles: [\"party_member\", \"retired_veteran\"])",
        "Staff(roles: [\"party_member\", \"retired_veteran\", \"volunteer\"])",
    );
    assert_eq!(
        keys(&d),
        [
            key("surrogate_parents", "coverage", "school", ""),
            key(
                "surrogate_parents",
                "coverage",
                "class",
                "Wangjing Middle/7-1"
            ),
            key("surrogate_parents", "covered", "child", "C05"),
            key("surrogate_parents", "eligible:C05", "staff", "W01"),
        ]
    );
    assert_rates(
        one(&d, "surrogate_parents", "coverage", "school", ""),
        rate(3, 6, 0.5),
        rate(4, 6, 0.6667),
    );
    assert_rates(
        one(
            &d,
            "surrogate_parents",
            "coverage",
            "class",
            "Wangjing Middle/7-1",
        ),
        rate(0, 1, 0.0),
        rate(1, 1, 1.0),
    );
    let c05 = one(&d, "surrogate_parents", "covered", "child", "C05");
    assert_eq!(c05["family"], "pairing");
    // Uncovered all 186 school days before; covered (no outcome) after.
    assert_status(c05, json!("missed"), Value::Null);
    assert_eq!(
        c05["reason"]["base"],
        json!({"kind": "uncovered", "school_days": 186, "of_school_days": 186})
    );
    assert_status(
        one(&d, "surrogate_parents", "eligible:C05", "staff", "W01"),
        json!("missed"),
        Value::Null,
    );
}

#[test]
fn individual_plans_rank_drop_of_8_places_spares_s0112_one_trigger() {
    // school-ten-ones: S0112 (LB) fell 2nd → 9th (7 places) between the finals and has a
    // serious conduct row (2026-05-12), no plan: two triggers at 5 places, one (conduct) at 8.
    // S0107 (serious 2025-11-05, plan 11-12) is the one trigger met. 7-1 plans 1/3 → 1/2;
    // score: 46.2727 − 10×1/3 + 10×1/2 = 46.2727 − 3.3333 + 5 = 47.9394 → 47.94 (+1.67).
    let d = both(
        "individual_plans",
        Package::Shipped("school-ten-ones"),
        REALISTIC,
        "individual_plans.triggers.1.places=8",
        "RankDrop(from: FirstTerm, to: Final, places: 5)",
        "RankDrop(from: FirstTerm, to: Final, places: 8)",
    );
    let o = one(&d, "individual_plans", "plan", "child", "S0112");
    assert_eq!(o["family"], "individual_plans");
    assert_status(o, json!("missed"), json!("missed"));
    let triggers = |side: &str| -> Vec<String> {
        o["reason"][side]["triggers"]
            .as_array()
            .expect("triggers")
            .iter()
            .map(|t| t["kind"].as_str().expect("kind").to_owned())
            .collect()
    };
    assert_eq!(triggers("base"), ["serious_conduct", "rank_drop"]);
    assert_eq!(triggers("alt"), ["serious_conduct"]);
    assert_eq!(o["reason"]["base"]["triggers"][1]["dropped"], 7);
    assert_rates(
        one(&d, "class_assessment", "component:plans", "class", "7-1"),
        rate(1, 3, 0.3333),
        rate(1, 2, 0.5),
    );
    assert_value(
        one(&d, "class_assessment", "score", "class", "7-1"),
        score(46.27),
        score(47.94),
        json!(1.67),
    );
}

#[test]
fn activity_outings_count_as_two_bodies_two_arts() {
    // school-ten-ones: the 2026-04-22 outing of 7-1 was attended by S0105, S0112, S0148, S0133
    // (all LB). With `outing` among the arts kinds they meet the yearly duty: S0105, S0112,
    // S0133 missed → met, S0148 (joined 2026-03-02) partial → met. School: met 1 of 45 counted
    // (met + missed; 5 partial left out) → 5 of 46. 7-1's activities component 2/39 → 6/40;
    // score: 46.2727 − 20×2/39 + 20×6/40 = 46.2727 − 1.0256 + 3 = 48.2471 → 48.25 (+1.98).
    let d = both(
        "activity",
        Package::Shipped("school-ten-ones"),
        REALISTIC,
        "activities.two_bodies_two_arts.kinds=calligraphy_exhibition,outing",
        "\"calligraphy_exhibition\", \"painting_exhibition\", \"speech_contest\",\n                \"sports_meet\", \"art_performance\", \"team_activity\",",
        "\"calligraphy_exhibition\", \"outing\",",
    );
    for (id, before) in [
        ("S0105", "missed"),
        ("S0112", "missed"),
        ("S0133", "missed"),
        ("S0148", "partial"),
    ] {
        let o = one(&d, "two_bodies_two_arts", "", "child", id);
        assert_eq!(o["family"], "activity");
        assert_eq!(o["period"], window("2025-09-01", "2026-07-10"));
        assert_status(o, json!(before), json!("met"));
        assert_eq!(o["reason"]["alt"]["date"], "2026-04-22");
    }
    assert_rates(
        one(&d, "two_bodies_two_arts", "compliance", "school", ""),
        rate(1, 45, 0.0222),
        rate(5, 46, 0.1087),
    );
    assert_rates(
        one(
            &d,
            "class_assessment",
            "component:activities",
            "class",
            "7-1",
        ),
        rate(2, 39, 0.0513),
        rate(6, 40, 0.15),
    );
    assert_value(
        one(&d, "class_assessment", "score", "class", "7-1"),
        score(46.27),
        score(48.25),
        json!(1.98),
    );
    assert_eq!(outcomes(&d).len(), 8, "{:#?}", keys(&d));
}

// ---------------------------------------------------------------------------------------------
// Dated duties on fixtures/small/calendar

#[test]
fn festival_day_childrens_day_tolerance_4_days_meets_the_5_june_row() {
    // Children's Day 2026-06-01; the only childrens_day_education row is 2026-06-05: outside
    // ±3 days (05-29..06-04: missed), inside ±4 (05-28..06-05: met). Compliance 0/1 → 1/1.
    let d = both(
        "festival_day",
        Package::Inline(CALENDAR_POLICY),
        CALENDAR,
        "festival_days.childrens_day.tolerance_days=4",
        "kinds: [\"childrens_day_education\"], tolerance_days: 3",
        "kinds: [\"childrens_day_education\"], tolerance_days: 4",
    );
    let windows = all(&d, "childrens_day", "", "school", "");
    assert_eq!(windows.len(), 2, "the window's key changes with its days");
    assert_eq!(windows[0]["family"], "festival_day");
    assert_eq!(windows[0]["period"], window("2026-05-28", "2026-06-05"));
    assert_status(windows[0], Value::Null, json!("met"));
    assert_eq!(windows[0]["reason"]["alt"]["date"], "2026-06-05");
    assert_eq!(windows[1]["period"], window("2026-05-29", "2026-06-04"));
    assert_status(windows[1], json!("missed"), Value::Null);
    assert_rates(
        one(&d, "childrens_day", "compliance", "school", ""),
        rate(0, 1, 0.0),
        rate(1, 1, 1.0),
    );
    assert_eq!(outcomes(&d).len(), 3);
}

#[test]
fn letters_home_lead_30_days_meets_three_more_letters() {
    // 28 letters owed (B1, B2, B3, B5, B6 × their occasions), 7 met at 14 days. At 30 days:
    // - B1, B3 Double Ninth (2025-10-29): their 2025-10-03 letters fall in 09-29..10-29, not in
    //   10-15..10-29: missed → met;
    // - B2 Mid-Autumn (2025-10-06): its 2025-09-08 letter falls in 09-06..10-06, not in
    //   09-22..10-06: missed → met.
    // 7/28 → 10/28.
    let d = both(
        "letters_home",
        Package::Inline(CALENDAR_POLICY),
        CALENDAR,
        "letters_home.letters_home.lead_days=30",
        "before: [MidAutumn,",
        "lead_days: 30, before: [MidAutumn,",
    );
    assert_rates(
        one(&d, "letters_home", "compliance", "school", ""),
        rate(7, 28, 0.25),
        rate(10, 28, 0.3571),
    );
    let flipped = |occasion: &str, id: &str, old: Value, new: Value, letter: &str| {
        let ws = all(&d, "letters_home", occasion, "child", id);
        assert_eq!(ws.len(), 2, "{occasion} {id}: old and new window");
        assert_eq!(ws[0]["family"], "letters_home");
        assert_eq!(ws[0]["period"], new);
        assert_status(ws[0], Value::Null, json!("met"));
        assert_eq!(ws[0]["reason"]["alt"]["date"], letter);
        assert_eq!(ws[1]["period"], old);
        assert_status(ws[1], json!("missed"), Value::Null);
    };
    for id in ["B1", "B3"] {
        flipped(
            "double_ninth",
            id,
            window("2025-10-15", "2025-10-29"),
            window("2025-09-29", "2025-10-29"),
            "2025-10-03",
        );
    }
    flipped(
        "mid_autumn",
        "B2",
        window("2025-09-22", "2025-10-06"),
        window("2025-09-06", "2025-10-06"),
        "2025-09-08",
    );
}

#[test]
fn milestone_opinions_late_may_is_missed_by_both_classes() {
    // "opinions" Late(4) = 2026-04-21..30: 7-1's row 2026-04-24 met, 7-2 none: missed. Moved to
    // Late(5) = 2026-05-21..31: no opinions row in May: both missed. 1/2 → 0/2.
    let d = both(
        "milestone",
        Package::Inline(CALENDAR_POLICY),
        CALENDAR,
        "milestones.opinions.when.month=5",
        "when: Late(month: 4)",
        "when: Late(month: 5)",
    );
    let c71 = all(&d, "opinions", "", "class", "7-1");
    assert_eq!(c71.len(), 2);
    assert_eq!(c71[0]["family"], "milestone");
    assert_eq!(c71[0]["period"], window("2026-04-21", "2026-04-30"));
    assert_status(c71[0], json!("met"), Value::Null);
    assert_eq!(c71[0]["reason"]["base"]["date"], "2026-04-24");
    assert_eq!(c71[1]["period"], window("2026-05-21", "2026-05-31"));
    assert_status(c71[1], Value::Null, json!("missed"));
    let c72 = all(&d, "opinions", "", "class", "7-2");
    assert_status(c72[0], json!("missed"), Value::Null);
    assert_status(c72[1], Value::Null, json!("missed"));
    assert_rates(
        one(&d, "opinions", "compliance", "school", ""),
        rate(1, 2, 0.5),
        rate(0, 2, 0.0),
    );
    assert_eq!(outcomes(&d).len(), 5);
}

#[test]
fn birthday_party_july_folded_into_september_drops_the_june_party() {
    // Party months of 7-1 (LB/potential: B1 29 Feb → March, B2 July → June, B3 August →
    // September): with July folded into September, B2 joins B3 at the September party (met,
    // 2025-09-26: guests 1 → 2) and June owes no party (the 2026-06-05 party, met, goes).
    // Parties owed: 5 → 4, met 3 → 2 (7-1 September, 7-2 December remain; 7-1 March missed, 7-2
    // September (B5) missed).
    let d = both(
        "birthday_party",
        Package::Inline(CALENDAR_POLICY),
        CALENDAR,
        "birthday_parties.birthday_party.fold.1.into=9",
        "(month: 7, into: 6)",
        "(month: 7, into: 9)",
    );
    let parties = all(&d, "birthday_party", "", "class", "7-1");
    assert_eq!(parties.len(), 2);
    assert_eq!(parties[0]["family"], "birthday_party");
    assert_eq!(parties[0]["period"], window("2025-09-01", "2025-09-30"));
    assert_status(parties[0], json!("met"), json!("met"));
    assert_eq!(parties[0]["reason"]["base"]["guests"], 1);
    assert_eq!(parties[0]["reason"]["alt"]["guests"], 2);
    assert_eq!(parties[1]["period"], window("2026-06-01", "2026-06-30"));
    assert_status(parties[1], json!("met"), Value::Null);
    assert_rates(
        one(&d, "birthday_party", "compliance", "school", ""),
        rate(3, 5, 0.6),
        rate(2, 4, 0.5),
    );
}

// ---------------------------------------------------------------------------------------------
// Scripts: the percentile progress prize of class-hand-in-hand-percentile

#[test]
fn script_tier_amount_15_to_20_yuan() {
    // The scripted tier `progress_percentile` pays 1500 fen to S0122, S0136 (7-1), S0216, S0237
    // (7-2) (its winners, chosen by scripts/progress.rhai); at 2000 fen each gains 500: 7-1 +1000,
    // 7-2 +1000, school prizes 53000 → 55000, budget 192000 → 194000.
    let d = both(
        "script",
        Package::Shipped("class-hand-in-hand-percentile"),
        REALISTIC,
        "prize_tiers.progress_percentile.amount_fen=2000",
        "amount_fen: 1500,",
        "amount_fen: 2000,",
    );
    for id in ["S0122", "S0136", "S0216", "S0237"] {
        let o = one(&d, "progress_percentile", "", "child", id);
        assert_eq!(o["family"], "prizes");
        assert_value(o, fen(1500), fen(2000), json!(500));
        assert_eq!(o["reason"]["alt"]["why"]["kind"], "script");
        assert_eq!(o["reason"]["alt"]["why"]["function"], "percentile_progress");
    }
    assert_value(
        one(&d, "prizes", "", "school", ""),
        fen(53000),
        fen(55000),
        json!(2000),
    );
    assert_value(
        one(&d, "budget", "", "school", ""),
        fen(192000),
        fen(194000),
        json!(2000),
    );
    assert_eq!(outcomes(&d).len(), 12, "{:#?}", keys(&d));
}

// ---------------------------------------------------------------------------------------------
// Plan 1: obligations (the weekly talk of fixtures/small/calendar)

#[test]
fn obligation_made_by_caring_mother_no_longer_counts_the_head_teachers_talk() {
    // B4 (single-parent, 7-1) owes a talk in each of the 39 ISO weeks holding a school day (the
    // calendar of realistic). Its only talk is 2025-10-09 by H1 (head teacher), in the week of
    // 2025-10-06 whose Monday to Wednesday are National Day holidays: due Thursday 10-09, met.
    // Made by a caring mother instead: H1's talk does not count: missed. 1/39 → 0/39.
    let d = both(
        "obligation",
        Package::Inline(CALENDAR_POLICY),
        CALENDAR,
        "obligations.weekly_talk.made_by.role=caring_mother",
        "made_by: Role(role: \"head_teacher\")",
        "made_by: Role(role: \"caring_mother\")",
    );
    assert_eq!(
        keys(&d),
        [
            key("weekly_talk", "", "child", "B4"),
            key("weekly_talk", "compliance", "school", ""),
        ]
    );
    let o = one(&d, "weekly_talk", "", "child", "B4");
    assert_eq!(o["family"], "obligation");
    assert_eq!(o["period"], window("2025-10-06", "2025-10-12"));
    assert_status(o, json!("met"), json!("missed"));
    assert_eq!(
        o["reason"],
        json!({
            "base": {"kind": "contact", "date": "2025-10-09", "due": "2025-10-09"},
            "alt": {"kind": "contact", "date": null, "due": "2025-10-09"},
        })
    );
    // 1/39 = 0.0256.
    assert_rates(
        one(&d, "weekly_talk", "compliance", "school", ""),
        rate(1, 39, 0.0256),
        rate(0, 39, 0.0),
    );
}
