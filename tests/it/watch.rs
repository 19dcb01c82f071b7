//! `careplan watch` and the library `Reloader`, driven in temporary copies of the
//! class-hand-in-hand package and the realistic records.
//!
//! Every wait is bounded (`WAIT` per expected reload) and ends as soon as the reload arrives;
//! no sleep decides an outcome. "Exactly one reload per save" is checked by content: each
//! save makes a decision that can be told apart (the policy's name, a student's name, a
//! figure), and each group of saves ends with such a save, so any extra reload shows up as a
//! line that does not match the save it is read for.

use careplan::eval::EvalOptions;
use careplan::watch::{Changed, Outcome, Reload, Reloader, Watch};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long to wait for one expected reload: generous for a loaded 2-core CI machine.
const WAIT: Duration = Duration::from_secs(20);
/// The quiet period the watches use.
const DEBOUNCE_MS: u64 = 250;
const AS_OF: &str = "2026-07-31";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create sandbox dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy fixture file");
        }
    }
}

/// A copy of the package and the records in a fresh directory, removed on drop.
struct Sandbox {
    root: PathBuf,
    policy: PathBuf,
    records: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Self {
        Self::with_policy(name, "class-hand-in-hand")
    }

    fn with_policy(name: &str, package: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "watch-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        let policy = root.join("policy");
        let records = root.join("records");
        copy_dir(&root_join(&format!("policies/{package}")), &policy);
        copy_dir(&root_join("fixtures/realistic"), &records);
        // Scripts are added and removed in this folder; it exists before the watch starts.
        std::fs::create_dir_all(policy.join("scripts")).expect("scripts dir");
        Sandbox {
            root,
            policy,
            records,
        }
    }

    fn plan(&self) -> PathBuf {
        self.policy.join("plan.ron")
    }

    fn plan_text(&self) -> String {
        std::fs::read_to_string(self.plan()).expect("read plan.ron")
    }

    fn reloader(&self) -> Arc<Reloader> {
        let as_of = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("date");
        Arc::new(Reloader::new(
            &self.policy,
            &self.records,
            EvalOptions { as_of, year: None },
        ))
    }
}

fn root_join(rel: &str) -> PathBuf {
    root().join(rel)
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The ways editors save a file.
#[derive(Debug, Clone, Copy)]
enum Style {
    /// Truncate and write the file itself.
    InPlace,
    /// Write a temporary file beside it, then rename it over the file (vim, VS Code,
    /// JetBrains).
    RenameOver,
    /// Delete the file, then create it again.
    DeleteRecreate,
}

const STYLES: [Style; 3] = [Style::InPlace, Style::RenameOver, Style::DeleteRecreate];

fn save(style: Style, path: &Path, text: &str) {
    match style {
        Style::InPlace => std::fs::write(path, text).expect("write in place"),
        Style::RenameOver => {
            let name = path.file_name().expect("file name").to_string_lossy();
            let tmp = path.with_file_name(format!("{name}.tmp"));
            std::fs::write(&tmp, text).expect("write temp");
            std::fs::rename(&tmp, path).expect("rename over");
        }
        Style::DeleteRecreate => {
            std::fs::remove_file(path).expect("delete");
            std::fs::write(path, text).expect("recreate");
        }
    }
}

/// `plan` with its `name:` set to `name` (the decision's `policy_name`).
fn with_name(plan: &str, name: &str) -> String {
    let start = plan.find("\n    name: \"").expect("plan has a name line") + 1;
    let end = start + plan[start..].find('\n').expect("name line ends");
    format!("{}    name: \"{name}\",{}", &plan[..start], &plan[end..])
}

/// `plan` with the no-serious-violation rule worth `points`.
fn with_conduct_points(plan: &str, points: u32) -> String {
    let old = "NoSeriousConduct(points: 20)";
    assert!(plan.contains(old), "plan has the rule");
    plan.replace(old, &format!("NoSeriousConduct(points: {points})"))
}

/// `students.csv` with student S0101 named `name` (the second column).
fn with_student_name(students: &str, name: &str) -> String {
    let start = students.find("\nS0101,").expect("S0101 is in students.csv") + 7;
    let end = start + students[start..].find(',').expect("a name column");
    format!("{}{name}{}", &students[..start], &students[end..])
}

/// 1-based line and column (in characters) of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).expect("needle in text");
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..at].chars().count() + 1;
    (line as u64, col as u64)
}

// ------------------------------------------------------------------------------------------
// The binary, `--format json`
// ------------------------------------------------------------------------------------------

/// A running `careplan watch`, killed on drop.
struct Proc {
    child: Child,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Proc {
    fn start(sb: &Sandbox, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
            .arg("watch")
            .arg(&sb.policy)
            .arg(&sb.records)
            .args(["--as-of", AS_OF, "--debounce-ms", &DEBOUNCE_MS.to_string()])
            .args(extra)
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

    /// The next line of output, waiting at most [`WAIT`].
    fn line(&self, waiting_for: &str) -> String {
        match self.lines.recv_timeout(WAIT) {
            Ok(line) => line,
            Err(e) => panic!(
                "no output within {WAIT:?} while waiting for {waiting_for} ({e}); stderr: {}",
                self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
            ),
        }
    }

    /// The next JSON line: reload number `n`.
    fn reload(&self, n: u64, waiting_for: &str) -> Value {
        let line = self.line(waiting_for);
        let v: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line:.200}"));
        assert_eq!(v["reload"], n, "reload number, waiting for {waiting_for}");
        v
    }

    /// The next JSON line must be reload `n`, loaded, with the policy named `name`.
    fn loaded_named(&self, n: u64, name: &str) -> Value {
        let v = self.reload(n, name);
        assert_eq!(v["ok"], true, "reload {n} ({name}) loaded: {v:.400}");
        assert_eq!(
            v["decision"]["policy_name"], name,
            "reload {n} comes from the save naming the policy `{name}`"
        );
        v
    }

    /// Reads text lines until one contains `needle`; returns every line read.
    fn text_until(&self, needle: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let line = self.line(needle);
            let found = line.contains(needle);
            seen.push(line);
            if found {
                return seen;
            }
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn student<'a>(decision: &'a Value, id: &str) -> &'a Value {
    decision["students"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["student_id"] == id))
        .unwrap_or_else(|| panic!("student {id} in the decision"))
}

#[test]
fn every_save_style_gives_one_reload_per_save() {
    let sb = Sandbox::new("styles");
    let plan = sb.plan_text();
    let p = Proc::start(&sb, &["--format", "json", "--obligations", "none"]);
    let first = p.loaded_named(0, "Class hand-in-hand assessment and rewards");
    assert_eq!(
        first["changed"],
        Value::Null,
        "reload 0 has nothing to compare"
    );
    let mut n = 0;

    for style in STYLES {
        for i in 1..=3 {
            let name = format!("{style:?} {i}");
            save(style, &sb.plan(), &with_name(&plan, &name));
            n += 1;
            let v = p.loaded_named(n, &name);
            let files = v["files"].as_array().expect("files");
            assert_eq!(files.len(), 1, "{v:.300}");
            assert!(
                files[0].as_str().is_some_and(|f| f.ends_with("plan.ron")),
                "{files:?}"
            );
            // A new name changes no figure.
            assert_eq!(
                v["changed"]["totals"]["total_fen"]["base"],
                v["changed"]["totals"]["total_fen"]["alt"]
            );
        }
    }

    // A script file added, then removed: each a reload of the package with no change; a
    // rename of the plan after each group shows there was no extra reload.
    let last = "DeleteRecreate 3";
    for i in 1..=3 {
        std::fs::write(
            sb.policy.join("scripts").join(format!("extra{i}.rhai")),
            "// added",
        )
        .expect("add script");
        n += 1;
        let v = p.loaded_named(n, last);
        assert!(
            v["files"][0]
                .as_str()
                .is_some_and(|f| f.ends_with(&format!("extra{i}.rhai"))),
            "{v:.300}"
        );
    }
    save(
        Style::InPlace,
        &sb.plan(),
        &with_name(&plan, "after adding"),
    );
    n += 1;
    p.loaded_named(n, "after adding");
    for i in 1..=3 {
        std::fs::remove_file(sb.policy.join("scripts").join(format!("extra{i}.rhai")))
            .expect("remove script");
        n += 1;
        p.loaded_named(n, "after adding");
    }
    save(
        Style::InPlace,
        &sb.plan(),
        &with_name(&plan, "after removing"),
    );
    n += 1;
    p.loaded_named(n, "after removing");

    // Editor litter that no loader reads gives no reload at all.
    std::fs::write(sb.policy.join(".plan.ron.swp"), "x").expect("swap file");
    std::fs::write(sb.policy.join("plan.ron~"), "x").expect("backup file");
    std::fs::write(sb.policy.join("README.md"), "edited").expect("readme");
    save(
        Style::InPlace,
        &sb.plan(),
        &with_name(&plan, "after litter"),
    );
    n += 1;
    p.loaded_named(n, "after litter");
}

#[test]
fn record_saves_re_evaluate_and_a_removed_file_counts() {
    let sb = Sandbox::new("records");
    let students_csv = sb.records.join("students.csv");
    let students = std::fs::read_to_string(&students_csv).expect("students.csv");
    let p = Proc::start(&sb, &["--format", "json", "--obligations", "none"]);
    let first = p.reload(0, "the first report");
    let points0 = first["decision"]["totals"]["points"]
        .as_i64()
        .expect("points");
    let mut n = 0;

    for style in STYLES {
        let name = format!("{style:?}");
        save(style, &students_csv, &with_student_name(&students, &name));
        n += 1;
        let v = p.reload(n, &name);
        assert_eq!(v["ok"], true, "{v:.400}");
        assert_eq!(student(&v["decision"], "S0101")["name"], name.as_str());
        assert!(
            v["files"][0]
                .as_str()
                .is_some_and(|f| f.ends_with("students.csv")),
            "{v:.300}"
        );
    }

    // honors.csv removed: the three-good-students points go; added back: they return.
    let honors = sb.records.join("honors.csv");
    let honors_text = std::fs::read_to_string(&honors).expect("honors.csv");
    std::fs::remove_file(&honors).expect("remove honors.csv");
    n += 1;
    let v = p.reload(n, "honors.csv removed");
    assert_eq!(v["ok"], true, "{v:.400}");
    let t = &v["changed"]["totals"]["points"];
    assert_eq!(t["base"], points0);
    assert!(
        t["alt"].as_i64().expect("points") < points0,
        "points drop without honors.csv: {t}"
    );
    assert!(
        v["changed"]["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .any(|c| c["rule"] == "points" && c["subject"]["kind"] == "child"),
        "a child's points change"
    );
    std::fs::write(&honors, honors_text).expect("add honors.csv back");
    n += 1;
    let v = p.reload(n, "honors.csv added");
    assert_eq!(v["changed"]["totals"]["points"]["alt"], points0);

    // A file no loader reads gives no reload; the next record save is the next reload.
    std::fs::write(sb.records.join("notes.txt"), "x").expect("notes");
    save(
        Style::InPlace,
        &students_csv,
        &with_student_name(&students, "last"),
    );
    n += 1;
    let v = p.reload(n, "last");
    assert_eq!(student(&v["decision"], "S0101")["name"], "last");
}

#[test]
fn broken_save_reports_its_position_and_keeps_the_last_good_decision() {
    let sb = Sandbox::new("broken");
    let plan = sb.plan_text();
    let students_csv = sb.records.join("students.csv");
    let students = std::fs::read_to_string(&students_csv).expect("students.csv");
    let p = Proc::start(&sb, &["--format", "json", "--obligations", "none"]);
    p.reload(0, "the first report");

    let good = with_conduct_points(&plan, 25);
    save(Style::RenameOver, &sb.plan(), &good);
    let v1 = p.reload(1, "the good save");
    assert_eq!(v1["ok"], true);
    let points1 = v1["decision"]["totals"]["points"].as_i64().expect("points");
    assert!(v1["changed"]["totals"]["points"]["base"].as_i64() < Some(points1));

    // A typo'd key: not evaluated; the error names file, line and column.
    let broken = good.replace(
        "NoSeriousConduct(points: 25)",
        "NoSeriousConduct(pointz: 25)",
    );
    save(Style::InPlace, &sb.plan(), &broken);
    let v2 = p.reload(2, "the broken save");
    assert_eq!(v2["ok"], false, "{v2:.400}");
    assert_eq!(v2["serving"], 1, "the last good reload is still served");
    assert!(v2.get("decision").is_none());
    let d = &v2["diagnostics"][0];
    assert_eq!(d["level"], "error");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown key `pointz`")),
        "{d}"
    );
    assert!(
        d["file"].as_str().is_some_and(|f| f.ends_with("plan.ron")),
        "{d}"
    );
    let (line, col) = position(&broken, "pointz");
    assert_eq!(
        (d["line"].as_u64(), d["col"].as_u64()),
        (Some(line), Some(col))
    );

    // A record save while the policy is broken: still not evaluated, still the old decision.
    save(
        Style::InPlace,
        &students_csv,
        &with_student_name(&students, "renamed"),
    );
    let v3 = p.reload(3, "the record save while broken");
    assert_eq!(v3["ok"], false);
    assert_eq!(v3["serving"], 1);
    assert_eq!(v3["diagnostics"][0]["line"], line);

    // Fixed: evaluated again, compared with the last good decision, with the new records.
    save(
        Style::DeleteRecreate,
        &sb.plan(),
        &with_conduct_points(&plan, 30),
    );
    let v4 = p.reload(4, "the fix");
    assert_eq!(v4["ok"], true, "{v4:.400}");
    assert_eq!(v4["changed"]["totals"]["points"]["base"], points1);
    assert!(v4["decision"]["totals"]["points"].as_i64() > Some(points1));
    assert_eq!(student(&v4["decision"], "S0101")["name"], "renamed");
}

#[test]
fn a_deleted_plan_or_required_record_file_is_an_error_not_a_crash() {
    let sb = Sandbox::new("deleted");
    let plan = sb.plan_text();
    let p = Proc::start(&sb, &["--format", "json", "--obligations", "none"]);
    p.reload(0, "the first report");

    std::fs::remove_file(sb.plan()).expect("delete plan.ron");
    let v = p.reload(1, "plan.ron deleted");
    assert_eq!(v["ok"], false);
    assert_eq!(v["serving"], 0);
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot read")),
        "{v}"
    );
    std::fs::write(sb.plan(), with_name(&plan, "back")).expect("plan.ron back");
    p.loaded_named(2, "back");

    let students = sb.records.join("students.csv");
    let text = std::fs::read_to_string(&students).expect("students.csv");
    std::fs::remove_file(&students).expect("delete students.csv");
    let v = p.reload(3, "students.csv deleted");
    assert_eq!(v["ok"], false);
    assert_eq!(v["serving"], 2);
    assert_eq!(v["problems"][0]["file"], "students.csv", "{v}");
    std::fs::write(&students, text).expect("students.csv back");
    let v = p.loaded_named(4, "back");
    assert_eq!(
        v["changed"]["totals"]["total_fen"]["base"],
        v["changed"]["totals"]["total_fen"]["alt"]
    );
}

#[test]
fn script_saves_reload_and_a_deleted_script_is_an_error_not_a_crash() {
    let sb = Sandbox::with_policy("script", "class-hand-in-hand-percentile");
    let script = sb.policy.join("scripts").join("progress.rhai");
    let text = std::fs::read_to_string(&script).expect("progress.rhai");
    let threshold = "from - to >= 100";
    assert!(text.contains(threshold), "the script has its threshold");
    let p = Proc::start(&sb, &["--format", "json", "--obligations", "none"]);
    let v0 = p.reload(0, "the first report");
    let prizes0 = &v0["decision"]["totals"]["student_awards_fen"];

    // Any progress wins: more prize money.
    save(
        Style::RenameOver,
        &script,
        &text.replace(threshold, "from - to >= 1"),
    );
    let v1 = p.reload(1, "the script save");
    assert_eq!(v1["ok"], true, "{v1:.400}");
    assert!(
        v1["files"][0]
            .as_str()
            .is_some_and(|f| f.ends_with("progress.rhai"))
    );
    let prizes = &v1["changed"]["totals"]["student_awards_fen"];
    assert_eq!(&prizes["base"], prizes0);
    assert!(prizes["alt"].as_i64() > prizes0.as_i64(), "{prizes}");

    // A script that does not compile: its position, and the last good decision stays.
    let broken = text.replace(threshold, "from - to >= = 100");
    save(Style::InPlace, &script, &broken);
    let v2 = p.reload(2, "the broken script");
    assert_eq!(v2["ok"], false, "{v2:.400}");
    assert_eq!(v2["serving"], 1);
    let d = &v2["diagnostics"][0];
    assert!(
        d["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("progress.rhai")),
        "{d}"
    );
    assert_eq!(d["line"], position(&broken, "= = 100").0, "{d}");

    // The script the plan names deleted: an error, not a crash.
    std::fs::remove_file(&script).expect("delete the script");
    let v3 = p.reload(3, "the script deleted");
    assert_eq!(v3["ok"], false, "{v3:.400}");
    assert_eq!(v3["serving"], 1);
    assert!(
        v3["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("percentile_progress")),
        "{v3:.400}"
    );

    // Added back as it was: resumes, compared with the last good decision (reload 1).
    std::fs::write(&script, &text).expect("add the script back");
    let v4 = p.reload(4, "the script added back");
    assert_eq!(v4["ok"], true, "{v4:.400}");
    assert_eq!(
        v4["changed"]["totals"]["student_awards_fen"]["alt"],
        *prizes0
    );
}

#[test]
fn text_mode_prints_the_report_then_changes_and_diagnostics() {
    let sb = Sandbox::new("text");
    let plan = sb.plan_text();
    let p = Proc::start(&sb, &["--lang", "en"]);
    let report = p.text_until("watching for changes");
    assert!(
        report.iter().any(|l| l.contains("helper pay")),
        "{report:#?}"
    );

    save(Style::InPlace, &sb.plan(), &with_conduct_points(&plan, 25));
    let head = p.text_until("== reload 1");
    assert!(head.last().is_some_and(|l| l.contains("plan.ron")));
    p.text_until("Totals");
    p.text_until("budget:");

    let broken = with_conduct_points(&plan, 25).replace("(points: 25)", "(pointz: 25)");
    save(Style::InPlace, &sb.plan(), &broken);
    let head = p.text_until("== reload 2");
    assert!(
        head.last()
            .is_some_and(|l| l.contains("not loaded, still serving reload 1")),
        "{head:?}"
    );
    p.text_until("error: unknown key `pointz`");
    let (line, col) = position(&broken, "pointz");
    let at = p.line("the position");
    assert!(
        at.trim_start().starts_with("-->") && at.ends_with(&format!("plan.ron:{line}:{col}")),
        "{at}"
    );
    p.text_until("^^^^^^");
    p.text_until("help:");

    save(Style::InPlace, &sb.plan(), &plan);
    p.text_until("== reload 3");
    p.text_until("points:");
}

#[test]
fn a_missing_directory_fails_with_exit_code_2() {
    let sb = Sandbox::new("missing");
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .arg("watch")
        .arg(sb.root.join("nope"))
        .arg(&sb.records)
        .stdin(Stdio::null())
        .output()
        .expect("run careplan watch");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a directory"));
}

// ------------------------------------------------------------------------------------------
// The library
// ------------------------------------------------------------------------------------------

fn next(watch: &Watch, waiting_for: &str) -> Reload {
    watch.recv_timeout(WAIT).unwrap_or_else(|e| {
        panic!("no reload within {WAIT:?} while waiting for {waiting_for}: {e}")
    })
}

fn loaded(reload: &Reload) -> Arc<careplan::watch::Current> {
    match &reload.outcome {
        Outcome::Loaded { current, .. } => Arc::clone(current),
        Outcome::Failed { error, .. } => panic!("reload {} failed: {error}", reload.number),
    }
}

#[test]
fn a_policy_save_does_not_reread_records_and_a_record_save_does_not_reread_the_policy() {
    let sb = Sandbox::new("reread");
    let plan = sb.plan_text();
    let reloader = sb.reloader();
    let watch = Arc::clone(&reloader)
        .watch(Duration::from_millis(DEBOUNCE_MS))
        .expect("watch");
    let r0 = next(&watch, "the first reload");
    assert_eq!((r0.number, r0.read), (0, Changed::ALL));
    let c0 = loaded(&r0);

    save(
        Style::RenameOver,
        &sb.plan(),
        &with_conduct_points(&plan, 25),
    );
    let r1 = next(&watch, "the policy save");
    assert_eq!((r1.number, r1.read), (1, Changed::POLICY));
    let c1 = loaded(&r1);
    assert!(Arc::ptr_eq(&c0.records, &c1.records), "records not re-read");
    assert!(!Arc::ptr_eq(&c0.policy, &c1.policy));
    let Outcome::Loaded {
        changed: Some(changed),
        ..
    } = &r1.outcome
    else {
        panic!("a diff against reload 0")
    };
    assert!(changed.totals.points.delta() > 0);

    let students_csv = sb.records.join("students.csv");
    let students = std::fs::read_to_string(&students_csv).expect("students.csv");
    save(
        Style::InPlace,
        &students_csv,
        &with_student_name(&students, "x"),
    );
    let r2 = next(&watch, "the record save");
    assert_eq!((r2.number, r2.read), (2, Changed::RECORDS));
    let c2 = loaded(&r2);
    assert!(Arc::ptr_eq(&c1.policy, &c2.policy), "policy not re-read");
    assert!(!Arc::ptr_eq(&c1.records, &c2.records));
    assert!(Arc::ptr_eq(
        &reloader.current().expect("served").decision,
        &c2.decision
    ));
}

#[test]
fn a_file_written_slowly_is_read_once_complete() {
    let sb = Sandbox::new("slow");
    let plan = sb.plan_text();
    let reloader = sb.reloader();
    // A long quiet period against the pauses below, so a slow machine cannot split the save.
    let watch = Arc::clone(&reloader)
        .watch(Duration::from_millis(1000))
        .expect("watch");
    next(&watch, "the first reload");

    // Written in five pieces with pauses: every prefix but the whole is a broken plan.
    let text = with_name(&plan, "slow");
    let bytes = text.as_bytes();
    let mut file = std::fs::File::create(sb.plan()).expect("truncate plan.ron");
    for chunk in bytes.chunks(bytes.len().div_ceil(5)) {
        file.write_all(chunk).expect("write a piece");
        file.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(40));
    }
    drop(file);
    let r1 = next(&watch, "the slow save");
    assert_eq!(r1.number, 1);
    assert_eq!(loaded(&r1).decision.policy_name, "slow");

    save(Style::InPlace, &sb.plan(), &with_name(&plan, "next"));
    let r2 = next(&watch, "the next save");
    assert_eq!(r2.number, 2, "the slow save gave one reload");
    assert_eq!(loaded(&r2).decision.policy_name, "next");
}

#[test]
fn keeps_working_after_many_saves_and_readers_always_see_a_whole_state() {
    let sb = Sandbox::new("many");
    let plan = sb.plan_text();
    let reloader = sb.reloader();
    let watch = Arc::clone(&reloader)
        .watch(Duration::from_millis(150))
        .expect("watch");
    next(&watch, "the first reload");

    // Readers on other threads while reloads happen: every state they see is whole (its
    // decision was made from its policy) and states only move forward.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let reloader = Arc::clone(&reloader);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut last = 0;
                let mut reads = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let c = reloader.current().expect("something is served");
                    assert_eq!(c.decision.policy_name, c.policy.name);
                    assert!(c.reload >= last, "served reload went back");
                    last = c.reload;
                    reads += 1;
                    std::thread::yield_now();
                }
                reads
            })
        })
        .collect();

    let saves = 30;
    for i in 1..=saves {
        let name = format!("save {i}");
        save(
            STYLES[i % STYLES.len()],
            &sb.plan(),
            &with_name(&plan, &name),
        );
        let r = next(&watch, &name);
        assert_eq!(r.number, i as u64);
        assert_eq!(loaded(&r).decision.policy_name, name);
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        assert!(r.join().expect("reader") > 0);
    }
    let served = reloader.policy().expect("served");
    assert_eq!(served.name, format!("save {saves}"));
}

#[test]
fn reload_without_a_watch_keeps_the_last_good_policy() {
    let sb = Sandbox::new("manual");
    let plan = sb.plan_text();
    let reloader = sb.reloader();
    let r0 = reloader.reload(Changed::ALL);
    let c0 = loaded(&r0);

    std::fs::write(sb.plan(), plan.replace("first_year:", "first_yeer:")).expect("typo");
    let r1 = reloader.reload(Changed::POLICY);
    let Outcome::Failed { error, serving } = &r1.outcome else {
        panic!("a typo does not load")
    };
    assert!(
        error.to_string().contains("unknown key `first_yeer`"),
        "{error}"
    );
    assert!(error.to_string().contains("plan.ron:"), "{error}");
    assert!(Arc::ptr_eq(
        &serving.as_ref().expect("still served").policy,
        &c0.policy
    ));
    assert!(Arc::ptr_eq(&reloader.policy().expect("served"), &c0.policy));
    let kept = reloader.error().expect("the error is kept");
    let d = &kept.policy.as_ref().expect("a policy error").diagnostics[0];
    assert_eq!(d.line, Some(position(&plan, "first_year:").0 as usize));

    // A records reload while the policy is broken: read, not evaluated.
    let r2 = reloader.reload(Changed::RECORDS);
    assert!(!r2.is_ok());
    assert_eq!(reloader.current().expect("served").reload, 0);

    std::fs::write(sb.plan(), with_name(&plan, "fixed")).expect("fix");
    let r3 = reloader.reload(Changed::POLICY);
    assert_eq!(loaded(&r3).decision.policy_name, "fixed");
    assert!(reloader.error().is_none());
    assert!(
        !Arc::ptr_eq(&loaded(&r3).records, &c0.records),
        "records were re-read"
    );
}
