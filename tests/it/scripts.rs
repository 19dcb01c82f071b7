//! Rhai scripts in policy packages (issue 5), each case in a temporary package
//! (`plan.ron` + `scripts/*.rhai`):
//!
//! - load-time refusals, asserted as the whole rendered diagnostic: a compile error on a line
//!   with tabs and Chinese text, a misspelt property, a wrong return type, overflow and
//!   division by zero on the sample child, a function defined in two files, `eval`, `import`,
//!   a limit above its ceiling;
//! - evaluation-time failures on `fixtures/realistic` that the dry run on the sample child
//!   (`S0001`) cannot see: an endless loop, runaway recursion, a string doubled until it is
//!   too long, overflow and division by zero. Each gives one error finding for its rule, the
//!   rule's result is left out (for every child when a limit was hit, for the children it
//!   failed for otherwise), every other rule and child is computed exactly as without the
//!   failure, and the test process never aborts;
//! - script twins of the declarative rules (coverage, points, prizes, contact "counts"),
//!   `tests/it/packages/twins-*`, give the same figures on every record set in `fixtures/`;
//! - the shipped `class-hand-in-hand-percentile` variant, hand-checked on `fixtures/realistic`.

use crate::support::{date, root, student, tmp_dir};
use careplan::eval::{Decision, EvalOptions, Reason, Why, evaluate};
use careplan::policy::Policy;
use careplan::records::{Finding, Records, Severity};
use std::path::{Path, PathBuf};

/// A temporary package directory, removed when dropped. Named after the test and the process,
/// so that two `cargo test` runs at once on one machine do not write into each other's.
struct Package(PathBuf);

impl std::ops::Deref for Package {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Package {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `plan.ron` and `scripts/<file>` into a fresh temporary directory, the files in the
/// order given.
fn package(name: &str, plan: &str, scripts: &[(&str, &str)]) -> Package {
    let dir = tmp_dir(&format!("scripts-{name}-{}", std::process::id()));
    std::fs::write(dir.join("plan.ron"), plan).expect("write plan.ron");
    if !scripts.is_empty() {
        std::fs::create_dir_all(dir.join("scripts")).expect("scripts dir");
    }
    for (file, text) in scripts {
        std::fs::write(dir.join("scripts").join(file), text).expect("write script");
    }
    Package(dir)
}

fn load(dir: &Path) -> Policy {
    careplan::policy::load_dir(dir).unwrap_or_else(|e| panic!("the package loads:\n{e}"))
}

/// Every diagnostic of a package that does not load, rendered as `careplan check` prints it.
fn refused(dir: &Path) -> String {
    match careplan::policy::load_dir(dir) {
        Ok(_) => panic!("{} should be refused", dir.display()),
        Err(e) => e.to_string(),
    }
}

fn realistic() -> Records {
    careplan::records::load_dir(&root().join("fixtures").join("realistic"))
        .expect("realistic records load")
}

fn eval(policy: &Policy, records: &Records, as_of: &str) -> Decision {
    evaluate(
        policy,
        records,
        &EvalOptions {
            as_of: date(as_of),
            year: None,
        },
    )
    .expect("evaluation runs")
}

/// Plan 5 with one script point rule `scripted` (function `pts`) between two declarative
/// ones, a declarative prize, helper pay and a monthly obligation: the rules that must still
/// be computed when the script fails.
const POINTS_PLAN: &str = r#"Plan(
    id: "script-points",
    name: "A script points rule",
    seed: "Plan 5",
    first_year: "2025-2026",
    obligations: [
        (id: "monthly_parent_feedback", seed: "Plan 5 §Second.3", kinds: ["parent_call"], covers: [LeftBehind], window: Monthly),
    ],
    assessment: (
        covers: [LeftBehind, SingleParent],
        rules: [
            (id: "rank_gain", seed: "Plan 5 §6", rule: RankGain(from: RankBase, to: Final, points_per_place: 10)),
            (id: "scripted", seed: "Plan 5 §6", rule: Script(function: "pts")),
            (id: "no_serious_violation", seed: "Plan 5 §6", rule: NoSeriousConduct(points: 20)),
        ],
    ),
    prizes: (
        tiers: [
            (id: "excellence_first", seed: "Plan 5 §6", rule: Rank(exam: Final, from: 1, to: 1), amount_fen: 10000),
        ],
    ),
    helpers: (seed: "Plan 5 §6", scheme: "hand_in_hand", fen_per_point: 100),
)
"#;

/// [`POINTS_PLAN`] with its `pts` in `scripts/x.rhai`.
fn points_package(name: &str, script: &str) -> Package {
    package(name, POINTS_PLAN, &[("x.rhai", script)])
}

// ---------------------------------------------------------------------------------------------
// Refused at load, with the whole diagnostic

#[test]
fn compile_errors_point_at_the_character_under_tabs_and_chinese_text() {
    // Rhai counts columns in characters: a tab is one column, so is a Chinese character. The
    // caret line is drawn in display cells: a tab is expanded to four spaces (in the source
    // line too) and a Chinese character takes two cells.
    //
    // a.rhai line 3 is `\tlet title = "三好学生";\tlet x = 1 +* 2;`: before `*` are the tab
    // (1) + `let title = "` (13) + 三好学生 (4) + `";` (2) + the tab (1) + `let x = 1 +` (11) =
    // 32 characters, so `*` is column 33; in cells 2 × 4 (tabs) + 4 × 2 (Chinese) + 26 = 42.
    //
    // b.rhai line 3 is `\tstudent.rank("final") == 1 && 第一`: before `第` are the tab (1) +
    // `student.rank("final") == 1 && ` (30) = 31 characters, column 32; in cells 4 + 30 = 34,
    // and the caret under `第` is two cells wide.
    let dir = package(
        "compile-error",
        POINTS_PLAN,
        &[
            (
                "a.rhai",
                "// 进步奖：三好学生加分\nfn pts(student) {\n\tlet title = \"三好学生\";\tlet x = 1 +* 2;\n\tx\n}\n",
            ),
            (
                "b.rhai",
                "// 第一名\nfn first(student) {\n\tstudent.rank(\"final\") == 1 && 第一\n}\n",
            ),
        ],
    );
    let expected = format!(
        "error: script does not compile: unexpected '*'
  --> scripts/a.rhai:3:33
  |
3 |     let title = \"三好学生\";    let x = 1 +* 2;
  | {}^
  = help: fix the script; the parser stops at its first error
error: script does not compile: unexpected '第'
  --> scripts/b.rhai:3:32
  |
3 |     student.rank(\"final\") == 1 && 第一
  | {}^^
  = help: fix the script; the parser stops at its first error
",
        " ".repeat(42),
        " ".repeat(34)
    );
    assert_eq!(refused(&dir), expected);
}

#[test]
fn a_misspelt_property_fails_the_load_naming_it() {
    // The sample child's dry run reads `student.left_behnd`: a registered type has no such
    // getter, so it is an error (never `()`), at the property, with the nearest name.
    let dir = points_package(
        "missing-property",
        "fn pts(student) {\n    if student.left_behnd { 10 } else { 0 }\n}\n",
    );
    assert_eq!(
        refused(&dir),
        "error: in `pts`: a Student has no property `left_behnd`; did you mean `left_behind`?
  --> scripts/x.rhai:2:16
  |
2 |     if student.left_behnd { 10 } else { 0 }
  |                ^
  = help: the dry run on a sample child failed; the hook is `fn f(student) -> int`
"
    );
    // Nothing near: the message lists what a Student has.
    let dir = points_package(
        "missing-property-far",
        "fn pts(student) {\n    student.shoe_size\n}\n",
    );
    assert!(
        refused(&dir).starts_with(
            "error: in `pts`: a Student has no property `shoe_size`; its properties are id, name, class, grade, left_behind, single_parent, potential_student, enrolled_on, left_on, birth_date, serious_conduct, minor_conduct, as_of, year, honors\n  --> scripts/x.rhai:2:13\n"
        ),
        "{}",
        refused(&dir)
    );
    // A misspelt method, likewise.
    let dir = points_package(
        "missing-method",
        "fn pts(student) {\n    student.rnk(\"final\")\n}\n",
    );
    assert!(
        refused(&dir).starts_with(
            "error: in `pts`: function not found: rnk (Student, &str | ImmutableString | String); did you mean `rank`?\n  --> scripts/x.rhai:2:13\n"
        ),
        "{}",
        refused(&dir)
    );
}

#[test]
fn a_wrong_return_type_fails_the_load() {
    // Rhai gives a return value no position: the diagnostic points at the function.
    let dir = points_package("wrong-type", "// 加分\nfn pts(student) {\n    \"ten\"\n}\n");
    assert_eq!(
        refused(&dir),
        "error: in `pts`: returned string `ten`, expected a whole number of points
  --> scripts/x.rhai:2:1
  |
2 | fn pts(student) {
  | ^
  = help: the dry run on a sample child failed; the hook is `fn f(student) -> int`
"
    );
    // A prize hook may return a bool or an amount, not a string; a coverage hook a bool.
    let plan = POINTS_PLAN
        .replace(
            "covers: [LeftBehind, SingleParent],",
            "covers: [Script(function: \"who\")],",
        )
        .replace(
            "rule: Rank(exam: Final, from: 1, to: 1)",
            "rule: Script(function: \"won\")",
        );
    let dir = package(
        "wrong-types",
        &plan,
        &[(
            "x.rhai",
            "fn pts(student) { 1 }\nfn who(student) { 1 }\nfn won(student) { \"yes\" }\n",
        )],
    );
    let text = refused(&dir);
    assert!(
        text.contains(
            "error: in `who`: returned i64 `1`, expected true or false\n  --> scripts/x.rhai:2:1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("error: in `won`: returned string `yes`, expected true/false or an amount in fen\n  --> scripts/x.rhai:3:1\n"),
        "{text}"
    );
}

#[test]
fn overflow_and_division_by_zero_on_the_sample_child_fail_the_load_with_positions() {
    // The sample child is 12th of 40 on every exam.
    let dir = points_package(
        "overflow-at-load",
        "fn pts(student) {\n    let weight = 1000000000000000000;\n    weight * student.rank(\"final\")\n}\n",
    );
    assert_eq!(
        refused(&dir),
        "error: in `pts`: arithmetic error: multiplication overflow: 1000000000000000000 * 12
  --> scripts/x.rhai:3:12
  |
3 |     weight * student.rank(\"final\")
  |            ^
  = help: the dry run on a sample child failed; the hook is `fn f(student) -> int`
"
    );
    let dir = points_package(
        "division-at-load",
        "fn pts(student) {\n    100 / (student.rank(\"final\") - 12)\n}\n",
    );
    assert_eq!(
        refused(&dir),
        "error: in `pts`: arithmetic error: division by zero: 100 / 0
  --> scripts/x.rhai:2:9
  |
2 |     100 / (student.rank(\"final\") - 12)
  |         ^
  = help: the dry run on a sample child failed; the hook is `fn f(student) -> int`
"
    );
}

#[test]
fn a_function_defined_in_two_files_is_refused_naming_both_in_any_order() {
    let a = "fn pts(student) {\n    bonus(student) + 1\n}\nfn bonus(s) { 1 }\n";
    let b = "// 重复\nfn bonus(s) { 2 }\n";
    let expected = "error: function `bonus` with 1 parameter(s) is defined in both `scripts/a.rhai` and `scripts/b.rhai`
  --> scripts/b.rhai:2:1
  |
2 | fn bonus(s) { 2 }
  | ^^^^^^^^
  = help: rename one of them: which one runs must not depend on file order
";
    // The files written in either order (directory listing order follows neither reliably;
    // the loader sorts by name), and with their contents swapped: always the same message,
    // on the file that comes second by name.
    let one = package("dup-ab", POINTS_PLAN, &[("a.rhai", a), ("b.rhai", b)]);
    let two = package("dup-ba", POINTS_PLAN, &[("b.rhai", b), ("a.rhai", a)]);
    assert_eq!(refused(&one), expected);
    assert_eq!(refused(&two), expected);
    let swapped = package("dup-swapped", POINTS_PLAN, &[("b.rhai", a), ("a.rhai", b)]);
    assert_eq!(
        refused(&swapped),
        "error: function `bonus` with 1 parameter(s) is defined in both `scripts/a.rhai` and `scripts/b.rhai`
  --> scripts/b.rhai:4:1
  |
4 | fn bonus(s) { 1 }
  | ^^^^^^^^
  = help: rename one of them: which one runs must not depend on file order
"
    );
    // The same name with another number of parameters is another function: allowed.
    let ok = package(
        "dup-arity",
        POINTS_PLAN,
        &[("a.rhai", a), ("b.rhai", "fn bonus(s, extra) { extra }\n")],
    );
    load(&ok);
}

#[test]
fn eval_and_import_are_refused() {
    let dir = points_package("eval", "fn pts(student) {\n    eval(\"40 + 2\")\n}\n");
    assert_eq!(
        refused(&dir),
        "error: script does not compile: reserved keyword 'eval' is disabled
  --> scripts/x.rhai:2:5
  |
2 |     eval(\"40 + 2\")
  |     ^
  = help: fix the script; the parser stops at its first error
"
    );
    // Through a function pointer: refused when called (here by the dry run).
    let dir = points_package(
        "eval-fn-ptr",
        "fn pts(student) {\n    Fn(\"ev\" + \"al\").call(\"40 + 2\")\n}\n",
    );
    assert!(
        refused(&dir).starts_with("error: in `pts`: syntax error: 'eval' is a reserved keyword\n"),
        "{}",
        refused(&dir)
    );
    let dir = points_package(
        "import",
        "import \"../../secrets\" as s;\nfn pts(student) { 1 }\n",
    );
    assert_eq!(
        refused(&dir),
        "error: script does not compile: 'import' is a reserved keyword
  --> scripts/x.rhai:1:1
  |
1 | import \"../../secrets\" as s;
  | ^
  = help: fix the script; the parser stops at its first error
"
    );
    // No file or network function exists to call.
    let dir = points_package(
        "open",
        "fn pts(student) {\n    open(\"/etc/passwd\");\n    1\n}\n",
    );
    assert!(
        refused(&dir).starts_with("error: in `pts`: function not found: open ("),
        "{}",
        refused(&dir)
    );
}

#[test]
fn a_limit_above_its_ceiling_is_refused() {
    let plan = POINTS_PLAN.replace(
        "    helpers:",
        "    script_limits: (max_operations: 20000000, max_call_levels: 64),\n    helpers:",
    );
    let dir = package("ceiling", &plan, &[("x.rhai", "fn pts(student) { 1 }\n")]);
    assert_eq!(
        refused(&dir),
        format!(
            "error: `max_operations` must be between 1 and 10000000, not `20000000`
  --> {}:22:21
   |
22 |     script_limits: (max_operations: 20000000, max_call_levels: 64),
   |                     ^^^^^^^^^^^^^^
  = help: the ceilings keep one script from stalling or exhausting the machine
",
            careplan::paths::shown(&dir.join("plan.ron"))
        )
    );
    // At the ceilings, and zero refused too.
    let at = POINTS_PLAN.replace(
        "    helpers:",
        "    script_limits: (max_operations: 10000000, max_call_levels: 128, max_string_size: 1000000, max_array_size: 100000, max_map_size: 10000),\n    helpers:",
    );
    load(&package(
        "at-ceiling",
        &at,
        &[("x.rhai", "fn pts(student) { 1 }\n")],
    ));
    let zero = POINTS_PLAN.replace(
        "    helpers:",
        "    script_limits: (max_map_size: 0),\n    helpers:",
    );
    assert!(
        refused(&package(
            "zero-limit",
            &zero,
            &[("x.rhai", "fn pts(student) { 1 }\n")]
        ))
        .starts_with("error: `max_map_size` must be between 1 and 10000, not `0`\n"),
    );
}

// ---------------------------------------------------------------------------------------------
// Failing at evaluation: one finding, the rule left out, everything else computed

/// The one error finding of a script rule.
fn script_finding(d: &Decision) -> &Finding {
    let errors: Vec<&Finding> = d
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "one error finding: {:#?}", d.findings);
    errors[0]
}

/// `bad` equals `base` (the same plan whose script returns 0 where `bad`'s fails) except for
/// the `scripted` reason of the children in `failed` (`None`: every assessed child), which is
/// a `ScriptFailed` with `error`, and its one error finding.
fn same_except_failed(bad: &Decision, base: &Decision, failed: Option<&[&str]>, error: &str) {
    assert_eq!(bad.obligations, base.obligations);
    assert_eq!(bad.obligation_summary, base.obligation_summary);
    assert_eq!(bad.helpers, base.helpers);
    assert_eq!(bad.classes, base.classes);
    assert_eq!(bad.totals, base.totals);
    let mut left_out = Vec::new();
    assert_eq!(bad.students.len(), base.students.len());
    for (b, s) in bad.students.iter().zip(&base.students) {
        assert_eq!(b.student_id, s.student_id);
        assert_eq!(
            (b.points, &b.awards, b.awards_fen, &b.helpers),
            (s.points, &s.awards, s.awards_fen, &s.helpers),
            "{}",
            b.student_id
        );
        assert_eq!(b.trace.len(), s.trace.len());
        for (rb, rs) in b.trace.iter().zip(&s.trace) {
            match &rb.why {
                Why::ScriptFailed {
                    function,
                    file,
                    error: e,
                } => {
                    assert_eq!(rb.rule, "scripted");
                    assert_eq!(
                        (function.as_str(), file.as_str()),
                        ("pts", "scripts/x.rhai")
                    );
                    assert_eq!(e, error);
                    assert_eq!(rb.points, Some(0));
                    left_out.push(b.student_id.as_str());
                }
                _ => assert_eq!(rb, rs, "{}", b.student_id),
            }
        }
    }
    let expected: Vec<&str> = match failed {
        Some(ids) => ids.to_vec(),
        None => base
            .students
            .iter()
            .filter(|s| s.points.is_some())
            .map(|s| s.student_id.as_str())
            .collect(),
    };
    assert_eq!(left_out, expected);
    let mut findings = bad.findings.clone();
    findings.retain(|f| f.severity != Severity::Error);
    assert_eq!(findings, base.findings);
}

/// The rule's reason for one child.
fn reason<'a>(d: &'a Decision, id: &str, rule: &str) -> &'a Reason {
    student(d, id)
        .trace
        .iter()
        .find(|r| r.rule == rule)
        .unwrap_or_else(|| panic!("{id} has a `{rule}` reason"))
}

/// Evaluates `script` (whose failing branch only `S0122` or another real child reaches) and
/// the baseline where `pts` returns 0 for everyone, on the realistic records as of
/// 2026-07-31.
fn run_limit_case(name: &str, script: &str) -> (Decision, Decision) {
    // The dry run on the sample child `S0001` does not reach the failing branch.
    let bad = load(&points_package(name, script));
    let base = load(&points_package(
        &format!("{name}-base"),
        "fn pts(student) { 0 }\n",
    ));
    let records = realistic();
    (
        eval(&bad, &records, "2026-07-31"),
        eval(&base, &records, "2026-07-31"),
    )
}

/// Children assessed on the realistic set: 35 in 7-1 and 16 in 7-2 are left-behind or
/// single-parent; `S0123`, `S0209` and `S0231` left before the final's last day.
const ASSESSED: usize = 35 + 16 - 3;

#[test]
fn an_endless_loop_fails_its_rule_for_every_child_and_the_run_goes_on() {
    let (bad, base) = run_limit_case(
        "loop",
        "fn pts(student) {\n    if student.id == \"S0122\" {\n        loop { }\n    }\n    0\n}\n",
    );
    // The limit stops the rule where it is hit (S0122); the rule is then left out for every
    // child, so which children got a result never depends on the order of students.csv.
    let error = "the script ran more than 100000 operations: an endless loop?";
    same_except_failed(&bad, &base, None, error);
    let f = script_finding(&bad);
    assert_eq!(
        (f.file.as_str(), f.line, f.column.as_deref()),
        ("scripts/x.rhai", Some(1), Some("1")),
        "Rhai gives a limit no position: the finding points at the function"
    );
    assert_eq!(
        f.message,
        format!(
            "rule `scripted` hit a limit for S0122 and is left out for every child ({ASSESSED}): in `pts`: {error}"
        )
    );
    // The other rules of S0122 are computed: 17th → 12th is 5 places × 10, no serious row.
    assert_eq!(reason(&bad, "S0122", "rank_gain").points, Some(50));
    assert_eq!(
        reason(&bad, "S0122", "no_serious_violation").points,
        Some(20)
    );
    assert_eq!(student(&bad, "S0122").points, Some(70));
}

#[test]
fn a_limit_gives_the_same_decision_whatever_the_order_of_students() {
    // The rule stops at the child that hits the limit. Were the children computed before it
    // kept, the result would depend on the order of students.csv; it is left out for all.
    let p = load(&points_package(
        "loop-order",
        "fn pts(student) {\n    if student.id == \"S0122\" { loop { } }\n    10\n}\n",
    ));
    let from = root().join("fixtures").join("realistic");
    let reversed = Package(tmp_dir(&format!(
        "scripts-realistic-reversed-{}",
        std::process::id()
    )));
    for e in std::fs::read_dir(&from)
        .expect("realistic")
        .filter_map(Result::ok)
    {
        let name = e.file_name();
        let text = std::fs::read_to_string(e.path()).expect("readable");
        let text = if name == "students.csv" {
            let mut lines: Vec<&str> = text.lines().collect();
            lines[1..].reverse();
            lines.join("\n") + "\n"
        } else {
            text
        };
        std::fs::write(reversed.join(&name), text).expect("copy");
    }
    let back = careplan::records::load_dir(&reversed).expect("reversed records load");
    let (a, b) = (
        eval(&p, &realistic(), "2026-07-31"),
        eval(&p, &back, "2026-07-31"),
    );
    assert_eq!(a.students, b.students);
    assert_eq!(a.helpers, b.helpers);
    assert_eq!(a.totals, b.totals);
    assert_eq!(script_finding(&a), script_finding(&b));
    assert!(
        a.students
            .iter()
            .filter(|s| s.points.is_some())
            .all(|s| matches!(
                s.trace
                    .iter()
                    .find(|r| r.rule == "scripted")
                    .map(|r| &r.why),
                Some(Why::ScriptFailed { .. })
            ))
    );
}

#[test]
fn runaway_recursion_fails_its_rule_and_the_process_survives() {
    let (bad, base) = run_limit_case(
        "recursion",
        "fn deeper(n) { deeper(n + 1) }\nfn pts(student) {\n    if student.id == \"S0122\" { return deeper(0); }\n    0\n}\n",
    );
    let error = "functions called each other more than 32 deep: endless recursion?";
    same_except_failed(&bad, &base, None, error);
    let f = script_finding(&bad);
    assert_eq!((f.line, f.column.as_deref()), (Some(2), Some("1")));
    assert!(
        f.message
            .starts_with("rule `scripted` hit a limit for S0122")
    );
}

#[test]
fn a_string_doubled_until_too_long_fails_its_rule() {
    let (bad, base) = run_limit_case(
        "doubling",
        "fn pts(student) {\n    let s = student.name;\n    if student.id == \"S0122\" {\n        loop { s += s; }\n    }\n    0\n}\n",
    );
    let error =
        "length of string grew past its limit (strings 10000 bytes, arrays 10000, maps 1000)";
    same_except_failed(&bad, &base, None, error);
    assert!(script_finding(&bad).message.contains(error));
}

#[test]
fn at_the_ceilings_runaway_scripts_still_fail_cleanly() {
    // A plan may raise the limits to their ceilings; the thread scripts run on has a stack
    // for 128 nested calls, and the other limits still stop the script.
    let plan = POINTS_PLAN.replace(
        "    helpers:",
        "    script_limits: (max_operations: 10000000, max_call_levels: 128, max_string_size: 1000000),\n    helpers:",
    );
    let records = realistic();
    for (name, script, error) in [
        (
            "ceiling-recursion",
            "fn deeper(n) { let a = [n, n, n]; deeper(n + 1) + a.len() }\nfn pts(student) {\n    if student.id == \"S0122\" { return deeper(0); }\n    0\n}\n",
            "functions called each other more than 128 deep: endless recursion?",
        ),
        (
            "ceiling-doubling",
            "fn pts(student) {\n    let s = student.name;\n    if student.id == \"S0122\" { loop { s += s; } }\n    0\n}\n",
            "length of string grew past its limit (strings 1000000 bytes, arrays 10000, maps 1000)",
        ),
        (
            "ceiling-loop",
            "fn pts(student) {\n    let n = 0;\n    if student.id == \"S0122\" { while true { n += 1; } }\n    0\n}\n",
            "the script ran more than 10000000 operations: an endless loop?",
        ),
    ] {
        let p = load(&package(name, &plan, &[("x.rhai", script)]));
        let d = eval(&p, &records, "2026-07-31");
        assert!(
            script_finding(&d).message.ends_with(error),
            "{name}: {}",
            script_finding(&d).message
        );
        assert_eq!(student(&d, "S0122").points, Some(70), "{name}");
    }
}

#[test]
fn overflow_at_evaluation_fails_only_that_child_with_its_position() {
    let bad = load(&points_package(
        "overflow-eval",
        "fn pts(student) {\n    let r = student.rank(\"final\");\n    if student.id == \"S0122\" {\n        return 9223372036854775807 + r;\n    }\n    if r == 1 { 10 } else { 0 }\n}\n",
    ));
    let base = load(&points_package(
        "overflow-eval-base",
        "fn pts(student) {\n    let r = student.rank(\"final\");\n    if student.id == \"S0122\" {\n        return 0;\n    }\n    if r == 1 { 10 } else { 0 }\n}\n",
    ));
    let records = realistic();
    let (bad, base) = (
        eval(&bad, &records, "2026-07-31"),
        eval(&base, &records, "2026-07-31"),
    );
    // Not a limit: only S0122's result is left out; S0105 (1st) still gets its 10.
    let error = "arithmetic error: addition overflow: 9223372036854775807 + 12";
    same_except_failed(&bad, &base, Some(&["S0122"]), error);
    assert_eq!(reason(&bad, "S0105", "scripted").points, Some(10));
    let f = script_finding(&bad);
    assert_eq!(
        (f.file.as_str(), f.line, f.column.as_deref()),
        ("scripts/x.rhai", Some(4), Some("36"))
    );
    assert_eq!(
        f.message,
        format!(
            "rule `scripted` failed for child S0122, whose result for it is left out: in `pts`: {error}"
        )
    );
}

#[test]
fn division_by_zero_at_evaluation_fails_only_that_child_with_its_position() {
    // 160 points divided by the places below 16th on the final: the sample child (12th)
    // gets 0; in 7-1, S0136 (left-behind) is 16th, a division by zero. S0238 is 16th in 7-2
    // but is not assessed (neither left-behind nor single-parent).
    let script = |guard: &str| {
        format!(
            "fn pts(student) {{\n    let r = student.rank(\"final\");\n    if r {guard} 16 {{ return 0; }}\n    // 第16名以后\n    160 / (r - 16)\n}}\n"
        )
    };
    let bad = load(&points_package("division-eval", &script("<")));
    let base = load(&points_package("division-eval-base", &script("<=")));
    let records = realistic();
    let (bad, base) = (
        eval(&bad, &records, "2026-07-31"),
        eval(&base, &records, "2026-07-31"),
    );
    let error = "arithmetic error: division by zero: 160 / 0";
    same_except_failed(&bad, &base, Some(&["S0136"]), error);
    // S0141 is 29th: 160 / 13 = 12 points from the script.
    assert_eq!(reason(&bad, "S0141", "scripted").points, Some(12));
    let f = script_finding(&bad);
    assert_eq!(
        (f.file.as_str(), f.line, f.column.as_deref()),
        ("scripts/x.rhai", Some(5), Some("9"))
    );
    assert_eq!(
        f.message,
        format!(
            "rule `scripted` failed for child S0136, whose result for it is left out: in `pts`: {error}"
        )
    );
    // The trace says so in words.
    assert_eq!(
        reason(&bad, "S0136", "scripted")
            .why
            .text(careplan::lang::Lang::En),
        format!("script `pts` (scripts/x.rhai) failed: {error}; its result is left out")
    );
}

#[test]
fn points_and_prizes_out_of_range_are_script_errors_not_overflows() {
    // A points script may give 0 to 1,000 points and a prize script at most 100,000 yuan, as
    // a declarative rule may, so that no sum of points or pay can overflow.
    let plan = POINTS_PLAN.replace(
        "rule: Rank(exam: Final, from: 1, to: 1)",
        "rule: Script(function: \"prize\")",
    );
    let p = load(&package(
        "out-of-range",
        &plan,
        &[(
            "x.rhai",
            "fn pts(student) {\n    if student.id == \"S0122\" { 9223372036854775807 } else { 1 }\n}\nfn prize(student) {\n    if student.id == \"S0105\" { 9223372036854775807 } else { 0 }\n}\n",
        )],
    ));
    let d = eval(&p, &realistic(), "2026-07-31");
    let errors: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        errors,
        [
            // Findings withhold a quoted value that looks like a phone or ID number.
            "rule `scripted` failed for child S0122, whose result for it is left out: in `pts`: points out of range: a rule gives 0 to 1000 points, this call returned a value of 19 digits (withheld: it may be a phone or ID number)",
            "rule `excellence_first` failed for child S0105, whose result for it is left out: in `prize`: prize out of range: at most 10000000 fen (100,000 yuan), this call returned a value of 19 digits (withheld: it may be a phone or ID number)",
        ]
    );
    // S0105 wins nothing from the failed tier, and its trace says why.
    assert_eq!(student(&d, "S0105").awards_fen, 0);
    assert!(matches!(
        reason(&d, "S0105", "excellence_first").why,
        Why::ScriptFailed { .. }
    ));
    assert_eq!(student(&d, "S0122").points, Some(70));
}

#[test]
fn a_failing_contact_script_leaves_the_window_out_not_missed() {
    // `counts` fails for S0122's parent calls in one month: that window is left out (not
    // `missed`); the other months and children are as without a script. A script is asked
    // only about contacts of the right kind, so the month must hold a call: the first met
    // month of 2026.
    let plan = |counts: &str| {
        POINTS_PLAN.replace(
            "window: Monthly)",
            &format!("window: Monthly, counts: \"{counts}\")"),
        )
    };
    let records = realistic();
    let ok = "fn pts(student) { 0 }\nfn ok(contact, student, window) { true }\n";
    let base = load(&package("counts-ok", &plan("ok"), &[("x.rhai", ok)]));
    let base = eval(&base, &records, "2026-07-31");
    let month = base
        .obligations
        .iter()
        .find(|r| {
            r.student_id == "S0122"
                && r.status.as_str() == "met"
                && r.window_start >= date("2026-01-01")
        })
        .expect("S0122 has a met month in 2026")
        .window_start;
    let fussy = format!(
        "fn pts(student) {{ 0 }}\nfn fussy(contact, student, window) {{\n    if student.id == \"S0122\" && window.start == \"{month}\" {{ throw \"no calls this month\"; }}\n    true\n}}\n"
    );
    let bad = load(&package(
        "counts-fail",
        &plan("fussy"),
        &[("x.rhai", &fussy)],
    ));
    let bad = eval(&bad, &records, "2026-07-31");
    let mut expected = base.obligations.clone();
    expected.retain(|r| !(r.student_id == "S0122" && r.window_start == month));
    assert_eq!(expected.len() + 1, base.obligations.len());
    assert_eq!(bad.obligations, expected);
    let mut summary = base.obligation_summary.clone();
    let c = summary.get_mut("monthly_parent_feedback").expect("summary");
    c.met -= 1;
    // Compliance = (met + late) / (met + late + missed), to 4 decimals.
    let due = f64::from(c.met + c.late + c.missed);
    c.compliance_rate = Some((f64::from(c.met + c.late) / due * 1e4).round() / 1e4);
    assert_eq!(bad.obligation_summary, summary);
    let f = script_finding(&bad);
    // Line 3: 4 spaces + `if student.id == "S0122" && window.start == "YYYY-MM-DD" { ` is
    // 63 characters, so `throw` is at column 64.
    assert_eq!(
        (f.line, f.column.as_deref()),
        (Some(3), Some("64")),
        "at `throw`"
    );
    assert_eq!(
        f.message,
        "rule `monthly_parent_feedback` failed for child S0122, whose result for it is left out: in `fussy`: no calls this month"
    );
}

#[test]
fn a_contact_script_that_hits_a_limit_leaves_its_obligation_out_for_every_child() {
    let plan = POINTS_PLAN.replace("window: Monthly)", "window: Monthly, counts: \"endless\")");
    let script = "fn pts(student) { 0 }\nfn endless(contact, student, window) {\n    if student.id == \"S0122\" { loop { } }\n    true\n}\n";
    let bad = load(&package("counts-limit", &plan, &[("x.rhai", script)]));
    let base = load(&points_package(
        "counts-limit-base",
        "fn pts(student) { 0 }\n",
    ));
    let records = realistic();
    let (bad, base) = (
        eval(&bad, &records, "2026-07-31"),
        eval(&base, &records, "2026-07-31"),
    );
    // No window of the rule is listed or counted (not one reported missed); the rest is as
    // without the script.
    assert!(bad.obligations.is_empty());
    let c = &bad.obligation_summary["monthly_parent_feedback"];
    assert_eq!(
        (
            c.met,
            c.late,
            c.partial,
            c.open,
            c.missed,
            c.compliance_rate
        ),
        (0, 0, 0, 0, 0, None)
    );
    assert_eq!(bad.students, base.students);
    assert_eq!(bad.totals, base.totals);
    // 32 + 14 left-behind children are covered by the monthly call.
    assert_eq!(
        script_finding(&bad).message,
        "rule `monthly_parent_feedback` hit a limit for S0122 and is left out for every child (46): in `endless`: the script ran more than 100000 operations: an endless loop?"
    );
}

#[test]
fn print_and_debug_go_to_the_trace_not_stdout() {
    let p = load(&points_package(
        "print",
        "fn pts(student) {\n    print(`rank ${student.rank(\"final\")}`);\n    debug(student.class);\n    1\n}\n",
    ));
    let d = eval(&p, &realistic(), "2026-07-31");
    match &reason(&d, "S0122", "scripted").why {
        Why::Script {
            function,
            file,
            points,
            printed,
            ..
        } => {
            assert_eq!(
                (function.as_str(), file.as_str()),
                ("pts", "scripts/x.rhai")
            );
            assert_eq!(*points, Some(1));
            assert_eq!(printed, &["rank 12", "debug: \"7-1\""]);
        }
        other => panic!("{other:?}"),
    }
    // A print in a loop keeps 20 lines of at most 200 characters in each child's trace.
    let p = load(&points_package(
        "print-loop",
        "fn pts(student) {\n    for i in 0..1000 { print(i); }\n    1\n}\n",
    ));
    let d = eval(&p, &realistic(), "2026-07-31");
    match &reason(&d, "S0122", "scripted").why {
        Why::Script { printed, .. } => {
            assert_eq!(printed.len(), 21);
            assert_eq!(printed[19], "19");
            assert_eq!(printed[20], "… and 980 more printed lines");
        }
        other => panic!("{other:?}"),
    }
    let p = load(&points_package(
        "print-long",
        "fn pts(student) {\n    let s = \"x\";\n    s.pad(500, '-');\n    print(s);\n    1\n}\n",
    ));
    let d = eval(&p, &realistic(), "2026-07-31");
    match &reason(&d, "S0122", "scripted").why {
        Why::Script { printed, .. } => {
            assert_eq!(printed, &[format!("x{}…", "-".repeat(199))]);
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Script twins: the same figures as the declarative rules, on every record set

/// `tests/it/packages/<name>`.
fn test_package(name: &str) -> PathBuf {
    root().join("tests").join("it").join("packages").join(name)
}

/// Every record set in `fixtures/` (a directory holding `students.csv`), sorted.
fn record_sets() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                if p.join("students.csv").is_file() || p.join("calendar.csv").is_file() {
                    out.push(p.clone());
                }
                walk(&p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("fixtures"), &mut out);
    out.sort();
    out
}

/// The figures a twin must reproduce: per student (points, prizes, helpers), per helper
/// (points, pay, children), classes, totals, every obligation window and the summary.
fn figures(d: &Decision) -> String {
    let mut out = String::new();
    for s in &d.students {
        out.push_str(&format!(
            "student {} points {:?} awards {:?} fen {} helpers {:?} base {:?} first {:?} final {:?}\n",
            s.student_id,
            s.points,
            s.awards
                .iter()
                .map(|a| (a.award.as_str(), a.amount_fen))
                .collect::<Vec<_>>(),
            s.awards_fen,
            s.helpers,
            s.rank_points_base,
            s.rank_first_term,
            s.rank_final
        ));
    }
    for h in &d.helpers {
        out.push_str(&format!(
            "helper {} points {:?} fen {} children {:?}\n",
            h.helper_id, h.points, h.amount_fen, h.children
        ));
    }
    out.push_str(&format!("classes {:?}\ntotals {:?}\n", d.classes, d.totals));
    for (rule, c) in &d.obligation_summary {
        out.push_str(&format!("summary {rule} {c:?}\n"));
    }
    for r in &d.obligations {
        out.push_str(&format!("window {r:?}\n"));
    }
    out
}

#[test]
fn script_twins_give_the_declarative_figures_on_every_record_set() {
    let declarative = load(&test_package("twins-declarative"));
    let script = load(&test_package("twins-script"));
    let sets = record_sets();
    assert!(sets.len() >= 10, "{sets:?}");
    let mut compared = 0;
    let mut realistic_checked = false;
    for set in &sets {
        let Ok(records) = careplan::records::load_dir(set) else {
            continue; // a set made to fail loading
        };
        // Mid-year (provisional), the end of the first year, and a second year.
        for as_of in ["2026-01-31", "2026-07-31", "2027-07-31"] {
            let opts = EvalOptions {
                as_of: date(as_of),
                year: None,
            };
            let (a, b) = (
                evaluate(&declarative, &records, &opts),
                evaluate(&script, &records, &opts),
            );
            let name = format!("{} as of {as_of}", set.display());
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(figures(&a), figures(&b), "{name}");
                    // No script failed.
                    assert!(
                        !b.findings.iter().any(|f| f.file.starts_with("scripts/")),
                        "{name}: {:#?}",
                        b.findings
                    );
                    compared += 1;
                    if set.ends_with("realistic") && as_of == "2026-07-31" {
                        // Not a vacuous comparison: the realistic year end has points,
                        // prizes, helper pay and windows of every rule and status.
                        // Its points, prizes and pay are those of the shipped Plan 5 package.
                        let shipped = eval(
                            &crate::support::shipped("class-hand-in-hand"),
                            &records,
                            as_of,
                        );
                        assert_eq!(a.totals, shipped.totals);
                        assert!(a.totals.student_awards_fen > 0 && a.totals.helper_awards_fen > 0);
                        for rule in ["weekly_talk", "monthly_record_card", "quarterly_home_visit"] {
                            let c = &a.obligation_summary[rule];
                            assert!(c.met > 0 && c.missed > 0, "{rule}: {c:?}");
                        }
                        realistic_checked = true;
                    }
                }
                (Err(a), Err(b)) => assert_eq!(a, b, "{name}"),
                (a, b) => panic!("{name}: {a:?} vs {b:?}"),
            }
        }
    }
    assert!(realistic_checked);
    println!(
        "{compared} evaluations compared on {} record sets",
        sets.len()
    );
    assert!(compared >= 10, "{compared} evaluations compared");
}

// ---------------------------------------------------------------------------------------------
// The shipped variant: Plan 5 with the progress prize in class percentile

#[test]
fn percentile_progress_winners_on_the_realistic_year_end() {
    // scripts/progress.rhai: position = (rank − 1) × 1000 ÷ (results in the class − 1),
    // rounded down, on the first-semester final and on the second; the prize (1500 fen) when
    // it improved by 100‰ or more. Class sizes from exams.csv: 7-1 has 44 results on the
    // first-semester final (S0108, S0144 missed it, S0123 had left, S0148 had not come) and 46
    // on the second (S0129 missed it, S0123 gone); 7-2 has 44 and 42 (S0209 and S0231 left
    // before the second). Every child whose position improved by 100‰ or more:
    //
    //   S0122 (7-1, LB) 17 → 12: (17−1)·1000/43 = 372, (12−1)·1000/45 = 244; 128 ≥ 100 → wins
    //   S0136 (7-1, LB) 20 → 16: (20−1)·1000/43 = 441, (16−1)·1000/45 = 333; 108 → wins,
    //                            although only 4 places (no prize under class-hand-in-hand)
    //   S0216 (7-2)     15 →  6: (15−1)·1000/43 = 325,  (6−1)·1000/41 = 121; 204 → wins
    //   S0237 (7-2)     16 →  8: (16−1)·1000/43 = 348,  (8−1)·1000/41 = 170; 178 → wins
    //
    // Children who gain 5 places (the declarative progress prize) but not 100‰ — the shrunken
    // 7-2 moved everyone below its departed children up a little:
    //
    //   S0206 (7-2, LB) 44 → 39: (44−1)·1000/43 = 1000, (39−1)·1000/41 = 926; 74
    //   S0219 (7-2)     25 → 20: (25−1)·1000/43 = 558, (20−1)·1000/41 = 463; 95
    //   S0220 (7-2)     24 → 19: (24−1)·1000/43 = 534, (19−1)·1000/41 = 439; 95
    //   S0222 (7-2)     32 → 27: (32−1)·1000/43 = 720, (27−1)·1000/41 = 634; 86
    let records = realistic();
    let d = eval(
        &crate::support::shipped("class-hand-in-hand-percentile"),
        &records,
        "2026-07-31",
    );
    let winners = |d: &Decision, tier: &str| -> Vec<(String, i64)> {
        d.students
            .iter()
            .flat_map(|s| {
                s.awards
                    .iter()
                    .filter(|a| a.award == tier)
                    .map(|a| (s.student_id.clone(), a.amount_fen))
            })
            .collect()
    };
    let fifteen = |ids: &[&str]| -> Vec<(String, i64)> {
        ids.iter().map(|id| ((*id).to_owned(), 1500)).collect()
    };
    assert_eq!(
        winners(&d, "progress_percentile"),
        fifteen(&["S0122", "S0136", "S0216", "S0237"])
    );
    // The declarative prize of class-hand-in-hand, for comparison: 5 places or more.
    let plain = eval(
        &crate::support::shipped("class-hand-in-hand"),
        &records,
        "2026-07-31",
    );
    assert_eq!(
        winners(&plain, "progress"),
        fifteen(&[
            "S0122", "S0206", "S0216", "S0219", "S0220", "S0222", "S0237"
        ])
    );
    // Everything else is the same: points, helper pay, the excellence prizes. The budget
    // differs by (7 − 4) × 15 yuan.
    assert_eq!(d.helpers, plain.helpers);
    for (a, b) in d.students.iter().zip(&plain.students) {
        assert_eq!((&a.student_id, a.points), (&b.student_id, b.points));
    }
    assert_eq!(d.totals.points, plain.totals.points);
    assert_eq!(
        plain.totals.student_awards_fen - d.totals.student_awards_fen,
        3 * 1500
    );
    // What the script printed is in the trace, with the script and function named.
    match &reason(&d, "S0122", "progress_percentile").why {
        Why::Script {
            function,
            file,
            amount_fen,
            printed,
            ..
        } => {
            assert_eq!(
                (function.as_str(), file.as_str(), *amount_fen),
                ("percentile_progress", "scripts/progress.rhai", Some(1500))
            );
            assert_eq!(printed, &["class position 372‰ → 244‰"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        reason(&d, "S0136", "progress_percentile")
            .why
            .text(careplan::lang::Lang::En),
        "script `percentile_progress` (scripts/progress.rhai): prize 15.00 yuan (printed: class position 441‰ → 333‰)"
    );
    // No script finding: the run is clean.
    assert!(
        d.findings.iter().all(|f| f.severity != Severity::Error),
        "{:#?}",
        d.findings
    );
}

#[test]
fn percentile_progress_needs_both_finals() {
    // S0108 missed the first-semester final, S0129 the second, S0148 came in the second
    // term: no position to compare, no prize.
    let d = eval(
        &crate::support::shipped("class-hand-in-hand-percentile"),
        &realistic(),
        "2026-07-31",
    );
    for id in ["S0108", "S0129", "S0148"] {
        assert!(
            student(&d, id)
                .awards
                .iter()
                .all(|a| a.award != "progress_percentile"),
            "{id}"
        );
    }
    // Mid-year the second final does not count yet: rank 0, nobody wins.
    let mid = eval(
        &crate::support::shipped("class-hand-in-hand-percentile"),
        &realistic(),
        "2026-05-31",
    );
    assert!(mid.provisional);
    assert!(
        mid.students
            .iter()
            .all(|s| s.awards.iter().all(|a| a.award != "progress_percentile"))
    );
}

// ---------------------------------------------------------------------------------------------
// The policy authors' guide

#[test]
fn a_hook_naming_a_missing_function_is_refused_with_the_nearest_name() {
    let dir = points_package("missing-fn", "fn ptz(student) { 1 }\n");
    let text = refused(&dir);
    assert!(
        text.starts_with("error: no script defines `pts`; did you mean `ptz`?\n"),
        "{text}"
    );
    assert!(
        text.ends_with("  = help: this hook calls `fn pts(student) -> int`\n"),
        "{text}"
    );
    let dir = points_package("wrong-arity", "fn pts(student, extra) { 1 }\n");
    assert!(
        refused(&dir)
            .starts_with("error: `pts` takes 2 parameter(s), but this hook calls it with 1\n"),
        "{}",
        refused(&dir)
    );
    let dir = package("no-scripts", POINTS_PLAN, &[]);
    assert!(
        refused(&dir).starts_with(
            "error: `pts` names a script function, but the package has no `scripts/*.rhai`\n"
        ),
        "{}",
        refused(&dir)
    );
}

/// Every ```rhai block of the policy authors' guide, in order.
fn guide_scripts() -> Vec<String> {
    let guide = std::fs::read_to_string(root().join("docs/src/policy-authors/guide.md"))
        .expect("docs/src/policy-authors/guide.md");
    guide
        .split("```rhai\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_guides_script_examples_load_and_run_without_a_failure() {
    // Every example function of the guide, in one package, each named by the hook it is
    // written for: they must compile, pass their dry runs and fail for no child.
    let scripts = guide_scripts();
    assert!(scripts.len() >= 10, "{} blocks", scripts.len());
    let plan = r#"Plan(
    id: "guide",
    name: "The guide's examples",
    seed: "Plans 1 and 5",
    first_year: "2025-2026",
    obligations: [
        (id: "record_card", seed: "Plan 2", kinds: ["talk", "parent_call"], covers: [Script(function: "lb_or_sp")], window: Monthly, counts: "head_teacher_with_note"),
        (id: "no_repeats", seed: "Plan 1", kinds: ["talk"], covers: [Script(function: "with_grandparents"), LeftBehind], window: Weekly(due: Mon), counts: "not_a_repeat"),
    ],
    assessment: (
        covers: [Script(function: "lb_or_sp")],
        rules: [
            (id: "rank_gain", seed: "Plan 5 §6", rule: Script(function: "rank_gain")),
            (id: "capped_gain", seed: "Plan 5 §6", rule: Script(function: "capped_gain")),
        ],
    ),
    prizes: (
        tiers: [
            (id: "first", seed: "Plan 5 §6", rule: Script(function: "first_in_class"), amount_fen: 10000),
            (id: "top5", seed: "Plan 5 §6", rule: Script(function: "top_five_amount"), amount_fen: 3000),
            (id: "percentile", seed: "Plan 5 §6", rule: Script(function: "percentile_progress"), amount_fen: 1500),
        ],
    ),
)
"#;
    let files: Vec<(String, String)> = scripts
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("guide{i:02}.rhai"), s.clone()))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(f, s)| (f.as_str(), s.as_str()))
        .collect();
    let p = load(&package("guide", plan, &refs));
    let d = eval(&p, &realistic(), "2026-07-31");
    assert!(
        d.findings.iter().all(|f| !f.file.starts_with("scripts/")),
        "{:#?}",
        d.findings
    );
    // The percentile prize as in the guide's worked example.
    assert_eq!(student(&d, "S0122").awards_fen, 1500);
    // 10 points a place up to 50: S0122 gains 5 places (50), S0136 4 (40); S0107 has a
    // serious conduct record (and dropped 2 places): 0.
    for (id, points) in [("S0122", 50), ("S0136", 40), ("S0107", 0)] {
        assert_eq!(reason(&d, id, "capped_gain").points, Some(points), "{id}");
    }
}

#[test]
fn the_guides_plan_examples_make_one_valid_plan() {
    // The guide's `plan.ron` fragments of every section (not the overview, not the one-line
    // fragments of the script section) together are a plan that loads and evaluates.
    let guide = std::fs::read_to_string(root().join("docs/src/policy-authors/guide.md"))
        .expect("docs/src/policy-authors/guide.md");
    let sections: Vec<&str> = guide
        .split("```ron\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default())
        .filter(|b| {
            let key = b.split(':').next().unwrap_or_default();
            !key.starts_with("Plan(") && !key.starts_with('(') && !b.contains("[ … ]")
        })
        .collect();
    let keys: Vec<&str> = sections
        .iter()
        .map(|b| b.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(
        keys,
        [
            "school_choices",
            "obligations",
            "assessment",
            "prizes",
            "helpers",
            "child_files",
            "enrollment",
            "pairing_schemes",
            "individual_plans",
            "class_assessment",
            "activities",
            "birthday_parties",
            "script_limits",
        ]
    );
    let plan = format!(
        "Plan(\n    id: \"guide-families\",\n    name: \"The guide's examples\",\n    seed: \"Plans 1 to 5\",\n    first_year: \"2025-2026\",\n{}\n)\n",
        sections.concat()
    );
    let p = load(&package(
        "guide-families",
        &plan,
        &[(
            "x.rhai",
            "fn my_test(contact, student, window) { true }\nfn my_points(student) { 0 }\nfn my_prize(student) { false }\n",
        )],
    ));
    let d = eval(&p, &realistic(), "2026-07-31");
    assert!(
        d.findings.iter().all(|f| !f.file.starts_with("scripts/")),
        "{:#?}",
        d.findings
    );
}

// ---------------------------------------------------------------------------------------------
// The worst a package can do at the highest limits: its rules fail, the run goes on

/// A package at every ceiling of `script_limits` with two hostile rules besides two declarative
/// ones: `hoard` builds a map of 9,000 distinct strings of 512 KiB for child S0122 (4.7 GB if
/// nothing stopped it: Rhai checks a map's size only when it passes through a function), and
/// `heavy_talks` asks a contact hook that costs about 4.5 M operations a call (1.5 M loop steps
/// of 3 operations: under the per-call ceiling of 10 M) for each of the 2,277 contacts.
const HOSTILE_PLAN: &str = r#"Plan(
    id: "hostile",
    name: "A hostile package at the highest limits",
    seed: "Plan 5",
    first_year: "2025-2026",
    script_limits: (max_operations: 10000000, max_call_levels: 128, max_string_size: 1000000, max_array_size: 100000, max_map_size: 10000),
    obligations: [
        (id: "monthly_parent_feedback", seed: "Plan 5 §Second.3", kinds: ["parent_call"], covers: [LeftBehind], window: Monthly),
        (id: "heavy_talks", seed: "Plan 1", kinds: ["talk"], covers: [LeftBehind], window: Monthly, counts: "heavy"),
    ],
    assessment: (
        covers: [LeftBehind, SingleParent],
        rules: [
            (id: "rank_gain", seed: "Plan 5 §6", rule: RankGain(from: RankBase, to: Final, points_per_place: 10)),
            (id: "hoard", seed: "Plan 5 §6", rule: Script(function: "hoard")),
            (id: "no_serious_violation", seed: "Plan 5 §6", rule: NoSeriousConduct(points: 20)),
        ],
    ),
    helpers: (seed: "Plan 5 §6", scheme: "hand_in_hand", fen_per_point: 100),
)
"#;

const HOSTILE_SCRIPT: &str = r#"fn hoard(student) {
    if student.id == "S0122" {
        let s = "x";
        while s.len() < 500000 { s += s; }
        let m = #{};
        for i in 0..9000 { m["k" + i] = s + i; }
        return m.len();
    }
    0
}

fn heavy(contact, student, window) {
    let n = 0;
    for i in 0..1500000 { n += 1; }
    true
}
"#;

/// The same rules, harmless: `hoard` gives 0 points, `heavy` counts every talk.
const HARMLESS_SCRIPT: &str =
    "fn hoard(student) { 0 }\n\nfn heavy(contact, student, window) { true }\n";

/// Runs `careplan evaluate <package> fixtures/realistic --as-of 2026-07-31 --format json`:
/// the exit code and the decision as JSON.
fn evaluate_json(package: &Path) -> (Option<i32>, serde_json::Value) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_careplan"))
        .arg("evaluate")
        .arg(package)
        .arg(root().join("fixtures").join("realistic"))
        .args(["--as-of", "2026-07-31", "--format", "json"])
        .output()
        .expect("careplan runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON on stdout ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

#[test]
fn a_hostile_package_at_the_highest_limits_fails_its_two_rules_and_nothing_else() {
    let hostile = package("hostile", HOSTILE_PLAN, &[("x.rhai", HOSTILE_SCRIPT)]);
    let harmless = package("harmless", HOSTILE_PLAN, &[("x.rhai", HARMLESS_SCRIPT)]);
    let (code, bad) = evaluate_json(&hostile);
    let (base_code, base) = evaluate_json(&harmless);
    // Error findings give exit 1, as any failed rule does; the harmless twin has none.
    assert_eq!((code, base_code), (Some(1), Some(0)));
    let findings = bad["findings"].as_array().expect("findings");
    // One finding per hostile rule, at the definition of its function (line 1 and line 12 of
    // the script), and no other. `hoard` stops at 256 MB (of the 4.7 GB it asks for); the
    // contact hook uses up the rule's 50 M operations in its 12th call (4.5 M × 11 = 49.5 M).
    // 48 children are assessed (left-behind or single-parent) and 46 are covered by the
    // obligation (left-behind): the rules are left out for every one of them.
    let shown: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{} {}",
                f["severity"].as_str().unwrap_or_default(),
                f["file"].as_str().unwrap_or_default(),
                f["line"],
                f["column"].as_str().unwrap_or_default(),
                f["message"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "error scripts/x.rhai:1:1 rule `hoard` hit a limit for S0122 and is left out for every child (48): in `hoard`: the script held more than 256 MB of memory",
            "error scripts/x.rhai:12:1 rule `heavy_talks` used up its script budget and is left out for every child (46): in `heavy`: the rule's scripts ran more than 50000000 operations in total in this evaluation: too costly to run for every child",
        ]
    );
    // The other rules are computed exactly as in the harmless twin: the monthly obligation's
    // windows and counts, and each child's points from the two declarative rules.
    assert_eq!(
        bad["obligation_summary"]["monthly_parent_feedback"],
        base["obligation_summary"]["monthly_parent_feedback"]
    );
    let monthly = |d: &serde_json::Value| -> Vec<serde_json::Value> {
        d["obligations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["rule"] == "monthly_parent_feedback")
            .cloned()
            .collect()
    };
    assert_eq!(monthly(&bad), monthly(&base));
    assert!(!monthly(&bad).is_empty());
    let points = |d: &serde_json::Value, rule: &str| -> Vec<(String, serde_json::Value)> {
        d["students"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| {
                s["trace"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|t| t["rule"] == rule)
                    .map(|t| (s["student_id"].to_string(), t["points"].clone()))
            })
            .collect()
    };
    for rule in ["rank_gain", "no_serious_violation"] {
        assert_eq!(points(&bad, rule), points(&base, rule), "{rule}");
        assert_eq!(points(&bad, rule).len(), 48, "{rule}");
    }
    // The hostile obligation counts nothing: no window is listed for it.
    assert_eq!(
        bad["obligation_summary"]["heavy_talks"]["met"],
        serde_json::json!(0)
    );
}
