//! The JSON contracts: every JSON output of careplan against its contract type, and the
//! published JSON Schemas (`docs/src/reference/schemas/*.schema.json`) against the schemas
//! generated from those types.
//!
//! The contract types (`schemas/*.rs`) describe each output exactly: `deny_unknown_fields`
//! everywhere, a field that is sometimes absent marked so, every other field required. Each
//! output of the binary, over every shipped package and several record sets, is read into its
//! type (an unknown field or a wrong type fails) and written back: the result must be the
//! output itself (a missing field, or `null` where the contract says "absent", fails). The
//! schema files are generated from the same types, never written by hand: when a type
//! changes, run
//!
//! ```text
//! CAREPLAN_UPDATE_SCHEMAS=1 cargo test --test it schemas
//! ```
//!
//! and commit the files it rewrites.

mod common;
mod county;
mod decision;
mod outcome;
mod outputs;

use crate::support::{root, tmp_dir};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every run is as of the end of the school year, in English unless said.
const AS_OF: &str = "2026-07-31";

/// The shipped packages.
const PACKAGES: [&str; 6] = [
    "class-hand-in-hand",
    "class-hand-in-hand-percentile",
    "community-care",
    "school-files-triple-care",
    "school-ten-ones",
    "school-weekly-talks",
];

/// The record sets every package is run on.
const FIXTURES: [&str; 6] = [
    "fixtures/realistic",
    "fixtures/community",
    "fixtures/small/calendar",
    "fixtures/small/pairings",
    "fixtures/small/bad-rows",
    "fixtures/chinese/xlsx",
];

/// The published outputs: the schema file's name, the command that writes it, and how the
/// schema is made from its contract type.
fn outputs() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "evaluate",
            "careplan evaluate --format json",
            schema_of::<decision::Decision>(),
        ),
        (
            "schedule",
            "careplan schedule --format json",
            schema_of::<outputs::Schedule>(),
        ),
        (
            "whatif",
            "careplan whatif --format json",
            schema_of::<outputs::Whatif>(),
        ),
        (
            "explain",
            "careplan explain --format json",
            schema_of::<outputs::Explain>(),
        ),
        (
            "check",
            "careplan check --format json",
            schema_of::<outputs::Check>(),
        ),
        ("check-params", "careplan check --params --format json", {
            let mut schema = schema_of::<outputs::Params>();
            if let Some(obj) = schema.as_object_mut() {
                obj.insert("title".into(), "Params".into());
                obj.shift_insert(
                    2,
                    "description".into(),
                    "Every parameter `--set PATH=VALUE` can change, with its value in the \
                         package, by path."
                        .into(),
                );
            }
            schema
        }),
        (
            "watch",
            "careplan watch --format json (one line per reload)",
            schema_of::<outputs::WatchLine>(),
        ),
        (
            "county",
            "careplan evaluate <county.ron> <RECORDS> --format json -o DIR`, written to \
             `DIR/county.json",
            schema_of::<county::County>(),
        ),
    ]
}

/// The JSON Schema (draft 2020-12) of what careplan writes (the serialisation contract: a
/// field is required unless the output leaves it out).
fn schema_of<T: JsonSchema>() -> Value {
    let schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    // The title, description and schema first, then the rest as generated.
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    let Some(obj) = value.as_object_mut() else {
        return value;
    };
    let mut ordered = serde_json::Map::new();
    for key in ["$schema", "title", "description"] {
        if let Some(v) = obj.remove(key) {
            ordered.insert(key.to_owned(), v);
        }
    }
    ordered.append(obj);
    Value::Object(ordered)
}

/// Joins the lines of each doc comment: a description's line breaks are only where the
/// comment wraps (a blank line, a paragraph break, stays).
fn unwrap_descriptions(value: &mut Value) {
    match value {
        Value::Object(obj) => {
            for (key, v) in obj.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => {
                        *text = text
                            .split("\n\n")
                            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => unwrap_descriptions(v),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// Where the schema file of an output is.
fn schema_file(name: &str) -> PathBuf {
    root()
        .join("docs/src/reference/schemas")
        .join(format!("{name}.schema.json"))
}

/// The committed schema files are the ones generated from the contract types; under
/// `CAREPLAN_UPDATE_SCHEMAS=1` they are rewritten.
#[test]
fn schema_files_are_generated_from_the_contract_types() {
    let update = std::env::var_os("CAREPLAN_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, command, schema) in outputs() {
        let mut schema = schema;
        if let Some(obj) = schema.as_object_mut() {
            let at = obj.len().min(3);
            obj.shift_insert(
                at,
                "$comment".into(),
                Value::String(format!(
                    "The output of `{command}`. Generated from the contract types of \
                     tests/it/schemas/ by `CAREPLAN_UPDATE_SCHEMAS=1 cargo test --test it \
                     schemas`: do not edit."
                )),
            );
        }
        let mut want = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
        want.push('\n');
        let path = schema_file(name);
        let have = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .replace("\r\n", "\n");
        if have == want {
            continue;
        }
        if update {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("schemas/ made");
            std::fs::write(&path, &want).expect("schema file written");
        } else {
            stale.push(format!("docs/src/reference/schemas/{name}.schema.json"));
        }
    }
    assert!(
        stale.is_empty(),
        "the JSON Schema files {stale:?} differ from the schemas generated from the contract \
         types in tests/it/schemas/ (never edit them by hand): run \
         `CAREPLAN_UPDATE_SCHEMAS=1 cargo test --test it schemas` and commit the files"
    );
}

/// The reference chapter links every schema file, and every schema file it links exists.
#[test]
fn the_reference_chapter_lists_every_schema() {
    let chapter = std::fs::read_to_string(root().join("docs/src/reference/json-schemas.md"))
        .expect("docs/src/reference/json-schemas.md");
    let names: Vec<&str> = outputs().iter().map(|(n, _, _)| *n).collect();
    for name in &names {
        assert!(
            chapter.contains(&format!("](schemas/{name}.schema.json)")),
            "json-schemas.md links schemas/{name}.schema.json"
        );
    }
    let dir = root().join("docs/src/reference/schemas");
    for entry in std::fs::read_dir(&dir).expect("the schemas directory") {
        let file = entry.expect("an entry").file_name();
        let file = file.to_string_lossy();
        let name = file.trim_end_matches(".schema.json");
        assert!(
            names.contains(&name),
            "{file} in docs/src/reference/schemas/ is no output's schema"
        );
    }
}

/// Runs the binary in the crate root; its stdout, which must be there (exit 0 or 1).
fn careplan(args: &[&str]) -> String {
    careplan_exits(args, &[0, 1])
}

/// The stdout of a run of the built binary that must exit with one of `codes`.
fn careplan_exits(args: &[&str], codes: &[i32]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "C")
        .output()
        .expect("the careplan binary runs");
    let what = args.join(" ");
    assert!(
        out.status.code().is_some_and(|c| codes.contains(&c)),
        "`careplan {what}` exits {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// Reads `text`, the output of `careplan <what>`, into its contract type `T`, writes it back
/// and checks that it is the output itself.
fn conforms<T: DeserializeOwned + Serialize>(output: &str, what: &str, text: &str) -> T {
    let value: Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("`careplan {what}` does not print JSON: {e}"));
    let typed: T = serde_json::from_str(text).unwrap_or_else(|e| {
        panic!(
            "`careplan {what}` does not match the contract of {output}.schema.json \
             (tests/it/schemas/): {e}"
        )
    });
    let back = serde_json::to_value(&typed).expect("a contract value is JSON");
    if let Some(at) = first_difference(&value, &back, "") {
        panic!(
            "`careplan {what}` does not match the contract of {output}.schema.json \
             (tests/it/schemas/) at {at}: a field the output lacks, or `null` where the \
             contract leaves the field out"
        );
    }
    typed
}

/// The JSON path of the first place `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let here = format!("{at}.{key}");
                match (x.get(key), y.get(key)) {
                    (Some(v), Some(w)) => {
                        if let Some(d) = first_difference(v, w, &here) {
                            return Some(d);
                        }
                    }
                    (Some(_), None) => return Some(format!("{here} (in the output only)")),
                    (None, _) => return Some(format!("{here} (in the contract only)")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!(
            "{} ({a} against {b})",
            if at.is_empty() { "." } else { at }
        )),
    }
}

fn policy(package: &str) -> String {
    format!("policies/{package}")
}

/// `evaluate --format json` of every package on every record set, with every `--obligations`
/// filter and both languages on the realistic set.
#[test]
fn evaluate_json_matches_its_contract() {
    for package in PACKAGES {
        let p = policy(package);
        for records in FIXTURES {
            let args = [
                "evaluate", &p, records, "--as-of", AS_OF, "--lang", "en", "--format", "json",
            ];
            conforms::<decision::Decision>("evaluate", &args.join(" "), &careplan(&args));
        }
        for (lang, filter) in [("zh", "overdue"), ("en", "none")] {
            let args = [
                "evaluate",
                &p,
                "fixtures/realistic",
                "--as-of",
                "2026-03-15",
                "--lang",
                lang,
                "--obligations",
                filter,
                "--format",
                "json",
            ];
            conforms::<decision::Decision>("evaluate", &args.join(" "), &careplan(&args));
        }
    }
}

/// `schedule --format json` of every package on every record set, over the whole year.
#[test]
fn schedule_json_matches_its_contract() {
    for package in PACKAGES {
        let p = policy(package);
        for records in FIXTURES {
            let args = [
                "schedule",
                &p,
                records,
                "--from",
                "2025-09-01",
                "--to",
                "2026-08-31",
                "--as-of",
                "2026-03-15",
                "--lang",
                "en",
                "--format",
                "json",
            ];
            conforms::<outputs::Schedule>("schedule", &args.join(" "), &careplan(&args));
        }
    }
}

/// `whatif --format json`: each package against the next on every record set (so outcomes
/// of every family appear, disappear and change), and a `--set` edit.
#[test]
fn whatif_json_matches_its_contract() {
    for (i, package) in PACKAGES.iter().enumerate() {
        let base = policy(package);
        let alt = policy(PACKAGES[(i + 1) % PACKAGES.len()]);
        for records in FIXTURES {
            let args = [
                "whatif", &base, &alt, records, "--as-of", AS_OF, "--lang", "en", "--format",
                "json",
            ];
            conforms::<outputs::Whatif>("whatif", &args.join(" "), &careplan(&args));
        }
    }
    let args = [
        "whatif",
        "policies/class-hand-in-hand",
        "fixtures/realistic",
        "--set",
        "helpers.fen_per_point=150",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
        "--format",
        "json",
    ];
    let diff = conforms::<outputs::Whatif>("whatif", &args.join(" "), &careplan(&args));
    assert!(!diff.outcomes.is_empty(), "the edit changes outcomes");
}

/// `explain --format json` for a child, a helper, two rules, a class and a head teacher of
/// every package on the realistic and community record sets.
#[test]
fn explain_json_matches_its_contract() {
    let mut shapes = std::collections::BTreeSet::new();
    for package in PACKAGES {
        let p = policy(package);
        for records in ["fixtures/realistic", "fixtures/community"] {
            let args = [
                "evaluate", &p, records, "--as-of", AS_OF, "--lang", "en", "--format", "json",
            ];
            let d: decision::Decision = conforms("evaluate", &args.join(" "), &careplan(&args));
            let mut subjects: Vec<(&str, String)> = Vec::new();
            if let Some(s) = d.students.first() {
                subjects.push(("--student", s.student_id.clone()));
            }
            if let Some(h) = d.helpers.first() {
                subjects.push(("--helper", h.helper_id.clone()));
            }
            if let Some(rule) = d.obligation_summary.keys().next() {
                subjects.push(("--rule", rule.clone()));
            }
            let other_rule = d.students.iter().flat_map(|s| &s.trace).next();
            if let Some(t) = other_rule {
                subjects.push(("--rule", t.rule.clone()));
            }
            if let Some(c) = d.classes.first() {
                subjects.push(("--class", c.class.clone()));
            }
            // A staff member with figures: a scored head teacher, else a paid helper.
            let teacher = d
                .class_assessment
                .as_ref()
                .and_then(|c| c.head_teachers.first());
            if let Some(t) = teacher {
                subjects.push(("--staff", t.staff_id.clone()));
            } else if let Some(h) = d.helpers.first() {
                subjects.push(("--staff", h.helper_id.clone()));
            }
            assert!(!subjects.is_empty(), "{package} on {records} has subjects");
            for (flag, id) in &subjects {
                for lang in ["en", "zh"] {
                    let args = [
                        "explain", &p, records, flag, id, "--as-of", AS_OF, "--lang", lang,
                        "--format", "json",
                    ];
                    let got = explained(flag, &args.join(" "), &careplan(&args));
                    shapes.insert(shape(&got));
                }
            }
        }
    }
    assert_eq!(shapes.len(), 5, "every subject explained: {shapes:?}");
}

/// Reads an explanation into the shape of its subject's flag (for a precise message), then
/// checks that it reads as the published union too.
fn explained(flag: &str, what: &str, text: &str) -> outputs::Explain {
    match flag {
        "--student" => drop(conforms::<outputs::ExplainStudent>("explain", what, text)),
        "--helper" => drop(conforms::<outputs::ExplainHelper>("explain", what, text)),
        "--rule" => drop(conforms::<outputs::ExplainRule>("explain", what, text)),
        "--class" => drop(conforms::<outputs::ExplainClass>("explain", what, text)),
        "--staff" => drop(conforms::<outputs::ExplainStaff>("explain", what, text)),
        _ => panic!("no subject flag {flag}"),
    }
    conforms::<outputs::Explain>("explain", what, text)
}

/// Which subject an explanation is of.
fn shape(e: &outputs::Explain) -> &'static str {
    match e {
        outputs::Explain::Student(_) => "student",
        outputs::Explain::Helper(_) => "helper",
        outputs::Explain::Rule(_) => "rule",
        outputs::Explain::Class(_) => "class",
        outputs::Explain::Staff(_) => "staff",
    }
}

/// `check --format json` of every package, alone and on every record set, and
/// `check --params --format json`.
#[test]
fn check_json_matches_its_contract() {
    for package in PACKAGES {
        let p = policy(package);
        let args = ["check", &p, "--lang", "en", "--format", "json"];
        conforms::<outputs::Check>("check", &args.join(" "), &careplan(&args));
        for records in FIXTURES {
            let args = ["check", &p, records, "--lang", "en", "--format", "json"];
            conforms::<outputs::Check>("check", &args.join(" "), &careplan(&args));
        }
        let args = ["check", &p, "--params", "--format", "json"];
        let params: outputs::Params = conforms("check-params", &args.join(" "), &careplan(&args));
        assert!(!params.is_empty(), "{package} has parameters");
    }
}

/// An invalid package: `check` reports it in the same shape.
#[test]
fn check_json_of_an_invalid_package_matches_its_contract() {
    let dir = broken_package("schemas-check-broken");
    let p = careplan::paths::shown(&dir);
    let args = ["check", &p, "--lang", "en", "--format", "json"];
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the careplan binary runs");
    let text = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let check: outputs::Check = conforms("check", &args.join(" "), &text);
    assert!(check.errors > 0, "the broken package has errors");
}

/// A copy of the weekly-talks package whose `plan.ron` does not parse.
fn broken_package(name: &str) -> PathBuf {
    let dir = tmp_dir(name);
    let from = root().join("policies/school-weekly-talks/plan.ron");
    let text = std::fs::read_to_string(from).expect("plan.ron");
    std::fs::write(dir.join("plan.ron"), format!("{text}\n)")).expect("plan.ron written");
    dir
}

/// The first JSON line `careplan watch` prints (its first reload), within a bounded wait.
fn first_watch_line(policy: &Path, records: &str) -> (String, String) {
    use std::io::BufRead;
    let p = policy.to_string_lossy().into_owned();
    let args = [
        "watch", &p, records, "--as-of", AS_OF, "--lang", "en", "--format", "json",
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("careplan watch starts");
    let stdout = child.stdout.take().expect("watch stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    (
        args.join(" "),
        line.expect("watch prints its first reload within 60 s"),
    )
}

/// Reads a watch line into the shape its `ok` says (for a precise message), then checks that
/// it reads as the published union too.
fn watch_line(what: &str, line: &str) -> outputs::WatchLine {
    let value: Value = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("`careplan {what}` does not print a JSON line: {e}: {line}"));
    if value["ok"] == Value::Bool(true) {
        conforms::<outputs::WatchLoaded>("watch", what, line);
    } else {
        conforms::<outputs::WatchFailed>("watch", what, line);
    }
    conforms("watch", what, line)
}

/// `watch --format json`: the first reload of every package (loaded), and of a broken one
/// (failed, nothing served).
#[test]
fn watch_json_matches_its_contract() {
    for package in PACKAGES {
        let (what, line) = first_watch_line(&root().join(policy(package)), "fixtures/realistic");
        let got = watch_line(&what, &line);
        assert!(
            matches!(got, outputs::WatchLine::Loaded(_)),
            "{what} loads: {line}"
        );
    }
    let (what, line) = first_watch_line(
        &broken_package("schemas-watch-broken"),
        "fixtures/realistic",
    );
    let got = watch_line(&what, &line);
    assert!(
        matches!(got, outputs::WatchLine::Failed(_)),
        "{what} fails: {line}"
    );
}

/// The helper pay that the shipped record sets do not show: a head teacher's division of a
/// class total (`helper_split.csv`: `class_shares`, `head_teacher_split`, the
/// `head_teacher_split` reason, the `divided` outcomes) and a split by days (`days`, the
/// `helper_pay_by_days` reason), in `evaluate`, `explain`, `whatif` and `schedule`.
#[test]
fn helper_pay_divided_and_by_days_matches_its_contract() {
    let split = "academic_year,class,helper_id,points\n\
        2025-2026,7-1,V1,50\n\
        2025-2026,7-1,V2,35\n\
        2025-2026,7-1,H1,15\n";
    let divided = crate::helper_split::record_set("schemas-helper-split", Some(split));
    let divided = careplan::paths::shown(&divided);
    let p = "policies/class-hand-in-hand";
    let args = [
        "evaluate", p, &divided, "--as-of", AS_OF, "--lang", "en", "--format", "json",
    ];
    let d: decision::Decision = conforms("evaluate", &args.join(" "), &careplan(&args));
    assert!(
        d.helpers.iter().any(|h| h.class_shares.is_some()),
        "a helper has class shares"
    );
    for (flag, id) in [("--helper", "V1"), ("--class", "7-1"), ("--staff", "H1")] {
        let args = [
            "explain", p, &divided, flag, id, "--as-of", AS_OF, "--lang", "en", "--format", "json",
        ];
        explained(flag, &args.join(" "), &careplan(&args));
    }
    for (records, set) in [
        (divided.as_str(), "helpers.fen_per_point=150"),
        ("fixtures/small/by-days", "helpers.split=ByDays"),
        ("fixtures/realistic", "helpers.split=ByDays"),
    ] {
        let args = [
            "whatif", p, records, "--set", set, "--as-of", AS_OF, "--lang", "en", "--format",
            "json",
        ];
        conforms::<outputs::Whatif>("whatif", &args.join(" "), &careplan(&args));
    }
    // A copy of the package that splits by days, evaluated.
    let by_days = tmp_dir("schemas-by-days");
    let plan = std::fs::read_to_string(root().join(p).join("plan.ron")).expect("plan.ron");
    let plan = plan.replacen(
        "fen_per_point: 100,",
        "fen_per_point: 100, split: ByDays,",
        1,
    );
    assert!(plan.contains("split: ByDays"), "the copy splits by days");
    std::fs::write(by_days.join("plan.ron"), plan).expect("plan.ron written");
    let by_days = careplan::paths::shown(&by_days);
    for records in ["fixtures/small/by-days", "fixtures/realistic"] {
        let args = [
            "evaluate", &by_days, records, "--as-of", AS_OF, "--lang", "en", "--format", "json",
        ];
        let d: decision::Decision = conforms("evaluate", &args.join(" "), &careplan(&args));
        assert!(
            d.helpers
                .iter()
                .flat_map(|h| &h.children)
                .any(|c| c.days.is_some()),
            "a share has days"
        );
    }
}

/// The county run of `fixtures/county/` (`evaluate county.ron RECORDS --format json -o DIR`):
/// `DIR/county.json` matches the county contract and every school's report
/// (`DIR/<school>/<plan id>.json`) the `evaluate` contract; as of a day in the first term
/// (figures, filing rates, county findings) and as of a day before any term (every package
/// `failed`, nothing due).
#[test]
fn county_json_matches_its_contract() {
    for (as_of, failed) in [("2025-09-26", false), ("2025-08-01", true)] {
        let dir = tmp_dir(&format!("schemas-county-{as_of}"));
        let o = careplan::paths::shown(&dir).to_string();
        let args = [
            "evaluate",
            "fixtures/county/records/county.ron",
            "fixtures/county/records",
            "--as-of",
            as_of,
            "--lang",
            "en",
            "--format",
            "json",
            "-o",
            &o,
        ];
        let what = args.join(" ");
        // Exit 2 when no school could be evaluated, as a one-school run that cannot evaluate.
        let codes: &[i32] = if failed { &[2] } else { &[1] };
        assert!(
            careplan_exits(&args, codes).is_empty(),
            "`careplan {what}` writes files"
        );
        let text = std::fs::read_to_string(dir.join("county.json")).expect("county.json");
        let rollup: county::County = conforms("county", &what, &text);
        assert_eq!(rollup.schools.len(), 3, "{what}: three schools");
        assert!(!rollup.findings.is_empty(), "{what}: the county's findings");
        assert_eq!(
            rollup.schools.iter().all(|s| !s.failed.is_empty()),
            failed,
            "{what}: `failed` as expected"
        );
        if !failed {
            assert!(
                rollup.schools.iter().any(|s| s.filing.is_some())
                    && rollup.schools.iter().any(|s| s.filing.is_none()),
                "{what}: a school with a filing rate and one without"
            );
            assert!(
                rollup.rules.iter().any(|r| r.counts.is_some())
                    && rollup.rules.iter().any(|r| r.counts.is_none()),
                "{what}: a rule with counts and one without"
            );
            let mut reports = 0;
            for school in ["001-East School", "002-West School", "003-北岭小学"] {
                for entry in std::fs::read_dir(dir.join(school)).expect("a school's directory") {
                    let path = entry.expect("an entry").path();
                    let text = std::fs::read_to_string(&path).expect("a school's report");
                    let report = format!("{what} ({})", careplan::paths::shown(&path));
                    conforms::<decision::Decision>("evaluate", &report, &text);
                    reports += 1;
                }
            }
            assert_eq!(reports, 4, "{what}: a report per school and plan");
        }
    }
}
