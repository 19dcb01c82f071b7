//! Personal data never leaves the binary unless `--reveal` is given.
//!
//! An 18-digit ID-card number ([`ID`], valid check digit: the program's own detector classes it
//! as an ID number) and an 11-digit mobile number ([`PHONE`]) are written, one at a time, into
//! every text column of every record file (one row; for ids, every cell that holds the same id,
//! so the records still link) and into the ids and names of a plan (its name and id, rule ids,
//! a pairing scheme, a contact kind, an activity kind, an honour title). Every variant is run
//! through `evaluate` (text in English and Chinese, JSON); a representative subset also through
//! every other command and format: `evaluate` CSV and Excel, `explain` of a student, helper,
//! staff member, class and rule (text, JSON), `schedule` (text, JSON, ICS, per child and per
//! staff member), `whatif --set` (text, JSON, Markdown), `check` (text, JSON, `--params`),
//! `review` (the diff, `--accept` and the snapshot file it writes) and `watch --format json`
//! (its first line, and the line of the change from the base records to the variant). A few
//! error messages are provoked on purpose (unknown ids on the command line, a bad `--set`, a
//! syntax error in plan.ron, the numbers in date and number columns).
//!
//! Every stdout, stderr and written file (the Excel workbook unzipped, every CSV of the CSV
//! output) is scanned for either number in full, as written and with separators (spaces,
//! dashes, dots, …) removed. All leaks are collected (variant, command, format, stream or file,
//! the line with the number shown as `<ID>` / `<PHONE>`) and listed in one assertion at the
//! end. One run with `--reveal` must show the number: the scan can fail.
//!
//! Base records: `fixtures/small/calendar` (every package evaluates it) with small
//! `exams.csv`, `conduct.csv`, `honors.csv` and `plans.csv`, a volunteer `V1` paired
//! `hand_in_hand` with `B1`, a `parent_call` contact and the optional columns (`school`,
//! `id_number`, exam `class`), so every record file and every column is present.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::root;

/// A valid resident ID number (check digit 9): `idcard::check` classes it as `Valid`.
const ID: &str = "110101200501011239";
/// A mobile number.
const PHONE: &str = "13912345678";
const NEEDLES: [(&str, &str); 2] = [(ID, "<ID>"), (PHONE, "<PHONE>")];

const AS_OF: &str = "2026-07-31";
const TEN_ONES: &str = "school-ten-ones";
const HAND_IN_HAND: &str = "class-hand-in-hand";
const PACKAGES: [&str; 2] = [TEN_ONES, HAND_IN_HAND];

/// Characters a number may be written with between its digits.
const SEPARATORS: &[char] = &[
    ' ', '-', '_', '.', ',', '/', '\t', '\u{a0}', '\u{3000}', '\'', '"', '(', ')',
];

/// Columns that are not text (dates, numbers, yes/no flags): not planted by the text variants.
const NOT_TEXT: &[&str] = &[
    "start",
    "end",
    "date",
    "birth_date",
    "guardian_birth_date",
    "enrolled_on",
    "left_on",
    "grade",
    "left_behind",
    "single_parent",
    "potential_student",
    "total",
];

/// Id columns: a variant replaces the id in every cell that holds it (the records still link).
const ID_COLUMNS: &[&str] = &["student_id", "mentee_id", "mentor_id", "staff_id", "class"];

/// The extra files and columns added to `fixtures/small/calendar`.
const EXAMS: &str = "student_id,term,total,class,school
B1,2025-2026-1,90,7-1,Baishi School
B2,2025-2026-1,85,7-1,Baishi School
B3,2025-2026-1,80,7-1,Baishi School
B4,2025-2026-1,70,7-1,Baishi School
B5,2025-2026-1,88,7-2,Baishi School
B6,2025-2026-1,77,7-2,Baishi School
B1,2025-2026-2,70,7-1,Baishi School
B2,2025-2026-2,95,7-1,Baishi School
B3,2025-2026-2,80,7-1,Baishi School
B4,2025-2026-2,90,7-1,Baishi School
B6,2025-2026-2,91,7-2,Baishi School
";
const CONDUCT: &str = "date,student_id,severity,note
2025-12-01,B2,minor,late for class
2026-03-10,B1,serious,damaged school property
";
const HONORS: &str = "student_id,academic_year,title
B1,2025-2026,三好学生
B2,2025-2026,三好学生
";
const PLANS: &str = "student_id,date,reason,staff_id,note
B1,2026-03-20,conduct,H1,weekly check-in
";

/// A CSV table: header and rows of cells.
#[derive(Clone)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn parse_csv(text: &str) -> Table {
    let mut records = Vec::new();
    let mut cell = String::new();
    let mut row = Vec::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        records.push(row);
    }
    let mut it = records.into_iter();
    let header = it.next().expect("a header");
    Table {
        header,
        rows: it.collect(),
    }
}

fn write_csv(t: &Table) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = line(&t.header);
    out.push('\n');
    for r in &t.rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

type Files = BTreeMap<String, Table>;

/// The base records (see the module comment).
fn base_records() -> Files {
    let dir = root().join("fixtures/small/calendar");
    let mut files = Files::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures/small/calendar") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("present in the test data")
            .to_string_lossy()
            .into_owned();
        files.insert(
            name,
            parse_csv(&std::fs::read_to_string(&path).expect("read")),
        );
    }
    for (name, text) in [
        ("exams.csv", EXAMS),
        ("conduct.csv", CONDUCT),
        ("honors.csv", HONORS),
        ("plans.csv", PLANS),
    ] {
        files.insert(name.to_owned(), parse_csv(text));
    }
    let add_column = |t: &mut Table, name: &str, value: &dyn Fn(&[String]) -> String| {
        t.header.push(name.to_owned());
        for r in &mut t.rows {
            let v = value(r);
            r.push(v);
        }
    };
    let students = files
        .get_mut("students.csv")
        .expect("present in the test data");
    add_column(students, "school", &|_| "Baishi School".to_owned());
    add_column(students, "id_number", &|_| String::new());
    let staff = files
        .get_mut("staff.csv")
        .expect("present in the test data");
    add_column(staff, "school", &|_| "Baishi School".to_owned());
    staff.rows.push(
        ["V1", "Volunteer One", "volunteer", "", "Baishi School"]
            .map(String::from)
            .to_vec(),
    );
    let activities = files
        .get_mut("activities.csv")
        .expect("present in the test data");
    add_column(activities, "school", &|_| "Baishi School".to_owned());
    files
        .get_mut("pairings.csv")
        .expect("present in the test data")
        .rows
        .push(
            ["V1", "B1", "hand_in_hand", "2025-09-01", ""]
                .map(String::from)
                .to_vec(),
        );
    files
        .get_mut("contacts.csv")
        .expect("present in the test data")
        .rows
        .push(
            ["2025-09-15", "B1", "H1", "parent_call", "called the mother"]
                .map(String::from)
                .to_vec(),
        );
    files
}

/// The row a single-cell variant plants into: the first row about `B1`, else a holiday of the
/// calendar, else the first row.
fn chosen_row(name: &str, t: &Table) -> usize {
    if name == "calendar.csv" {
        return t.rows.iter().position(|r| r[0] == "holiday").unwrap_or(0);
    }
    t.rows
        .iter()
        .position(|r| r.iter().any(|c| c == "B1"))
        .unwrap_or(0)
}

/// Replaces every cell equal to `old` in the id columns (or, with `any_column`, in every
/// column) by `new`.
fn replace_cells(files: &mut Files, old: &str, new: &str, any_column: bool) {
    for t in files.values_mut() {
        let cols: Vec<usize> = (0..t.header.len())
            .filter(|&i| any_column || ID_COLUMNS.contains(&t.header[i].as_str()))
            .collect();
        for r in &mut t.rows {
            for &i in &cols {
                if r[i] == old {
                    r[i] = new.to_owned();
                }
            }
        }
    }
}

/// What a variant is run with.
#[derive(Clone)]
struct Variant {
    name: String,
    records: Files,
    /// plan.ron per package.
    plans: BTreeMap<&'static str, String>,
    /// Which packages it is run with.
    packages: Vec<&'static str>,
    /// Through every command and format (else `evaluate` text and JSON only).
    full: bool,
    /// Base value → planted value, for the subjects of `explain`, `schedule` and `--set`.
    renamed: BTreeMap<String, String>,
}

impl Variant {
    fn subject(&self, id: &str) -> String {
        self.renamed
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }
}

fn base_plans() -> BTreeMap<&'static str, String> {
    PACKAGES
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(root().join("policies").join(p).join("plan.ron"))
                .expect("plan.ron");
            (*p, text)
        })
        .collect()
}

/// Every variant: each number in each text column (one row, or one id everywhere), in date and
/// number columns (a misaligned paste), and in the plan's ids and names.
fn variants() -> Vec<Variant> {
    let base = base_records();
    let plans = base_plans();
    let mut out = Vec::new();
    let full_columns = [
        ("students.csv", "name"),
        ("students.csv", "home_address"),
        ("students.csv", "id_number"),
        ("students.csv", "guardian_phone"),
        ("contacts.csv", "note"),
        ("staff.csv", "name"),
    ];
    for (needle, tag) in NEEDLES {
        // Single cells, every column of every file.
        for (file, t) in &base {
            let row = chosen_row(file, t);
            for (col, header) in t.header.iter().enumerate() {
                let mut records = base.clone();
                records
                    .get_mut(file)
                    .expect("present in the test data")
                    .rows[row][col] = needle.to_owned();
                let kind = if NOT_TEXT.contains(&header.as_str()) {
                    "misplaced"
                } else if ID_COLUMNS.contains(&header.as_str()) {
                    "unlinked"
                } else {
                    "cell"
                };
                out.push(Variant {
                    name: format!("{file}:{header} ({kind}, row {}) = {tag}", row + 2),
                    records,
                    plans: plans.clone(),
                    packages: PACKAGES.to_vec(),
                    full: full_columns.contains(&(file.as_str(), header.as_str())),
                    renamed: BTreeMap::new(),
                });
            }
        }
        // Ids everywhere they appear: a left-behind child, a potential student, the caring
        // mother, a head teacher, a volunteer helper, a class.
        for (what, id, full) in [
            ("student", "B1", true),
            ("student", "B5", false),
            ("staff", "M1", true),
            ("staff", "H1", true),
            ("staff", "V1", false),
            ("class", "7-1", true),
        ] {
            let mut records = base.clone();
            replace_cells(&mut records, id, needle, false);
            out.push(Variant {
                name: format!("{what} id {id} everywhere = {tag}"),
                records,
                plans: plans.clone(),
                packages: PACKAGES.to_vec(),
                full,
                renamed: BTreeMap::from([(id.to_owned(), needle.to_owned())]),
            });
        }
        // The plan's ids and names, replaced consistently in plan.ron (and in the records for
        // the scheme, kinds and title, which link to them).
        let plan_edits: [(&str, &str, &str, bool); 14] = [
            (
                TEN_ONES,
                "plan name",
                "School \\\"Ten Ones\\\" for left-behind children and potential students",
                true,
            ),
            (TEN_ONES, "plan id", "\"school-ten-ones\"", false),
            (
                TEN_ONES,
                "obligation rule id",
                "\"weekly_heart_talk\"",
                true,
            ),
            (TEN_ONES, "letters rule id", "\"letters_home\"", false),
            (TEN_ONES, "pairing rule id", "\"teacher_pairing\"", false),
            (TEN_ONES, "pairing scheme name", "\"caring_mother\"", true),
            (TEN_ONES, "contact kind", "\"letter_home\"", true),
            (
                TEN_ONES,
                "activity kind and party rule id",
                "\"birthday_party\"",
                true,
            ),
            (
                TEN_ONES,
                "class assessment component id",
                "\"talks\"",
                false,
            ),
            (
                HAND_IN_HAND,
                "plan name",
                "Class hand-in-hand assessment and rewards",
                true,
            ),
            (
                HAND_IN_HAND,
                "points rule id",
                "\"no_serious_violation\"",
                true,
            ),
            (HAND_IN_HAND, "prize tier id", "\"excellence_first\"", false),
            (HAND_IN_HAND, "helper scheme name", "\"hand_in_hand\"", true),
            (HAND_IN_HAND, "contact kind", "\"parent_call\"", true),
        ];
        for (package, what, old, full) in plan_edits {
            let quoted = old.starts_with('"');
            let new = if quoted {
                format!("\"{needle}\"")
            } else {
                needle.to_owned()
            };
            let mut plans = plans.clone();
            let text = plans.get_mut(package).expect("present in the test data");
            assert!(text.contains(old), "{package}: {old} is in plan.ron");
            *text = text.replace(old, &new);
            let bare = old.trim_matches('"');
            let mut records = base.clone();
            if quoted {
                replace_cells(&mut records, bare, needle, true);
            }
            out.push(Variant {
                name: format!("{package} {what} `{bare}` = {tag}"),
                records,
                plans,
                packages: vec![package],
                full,
                renamed: BTreeMap::from([(bare.to_owned(), needle.to_owned())]),
            });
        }
        // The title of an honour, in the plan and in honors.csv.
        let mut plans2 = plans.clone();
        let text = plans2
            .get_mut(HAND_IN_HAND)
            .expect("present in the test data");
        *text = text.replace("\"三好学生\"", &format!("\"{needle}\""));
        let mut records = base.clone();
        replace_cells(&mut records, "三好学生", needle, true);
        out.push(Variant {
            name: format!("{HAND_IN_HAND} honour title `三好学生` = {tag}"),
            records,
            plans: plans2,
            packages: vec![HAND_IN_HAND],
            full: false,
            renamed: BTreeMap::new(),
        });
        // A syntax error on the line of the plan's name: the message may quote the line.
        let mut plans3 = plans.clone();
        let text = plans3.get_mut(TEN_ONES).expect("present in the test data");
        *text = text.replacen(
            "    seed: \"Plan 4\",",
            &format!("    seed: \"Plan 4 {needle}\" \"oops\","),
            1,
        );
        out.push(Variant {
            name: format!("{TEN_ONES} syntax error on a line holding {tag}"),
            records: base.clone(),
            plans: plans3,
            packages: vec![TEN_ONES],
            full: false,
            renamed: BTreeMap::new(),
        });
    }
    out
}

/// One place a number was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Leak {
    variant: String,
    command: String,
    place: String,
    line: String,
}

/// The line around a hit, the numbers written `<ID>` / `<PHONE>`, at most 240 characters.
fn shown(line: &str) -> String {
    let mut s = line.trim().to_owned();
    for (needle, tag) in NEEDLES {
        s = s.replace(needle, tag);
    }
    if s.chars().count() > 240 {
        let at = ["<ID>", "<PHONE>"]
            .iter()
            .filter_map(|t| s.find(t))
            .min()
            .unwrap_or(0);
        let start = s[..at].char_indices().rev().nth(100).map_or(0, |(i, _)| i);
        s = format!("…{}…", s[start..].chars().take(220).collect::<String>());
    }
    s
}

/// The leaks of one output: each line holding a number in full, as written or with the
/// separators removed.
fn scan(text: &str, variant: &str, command: &str, place: &str, leaks: &mut Vec<Leak>) {
    for line in text.lines() {
        let squeezed: String = line.chars().filter(|c| !SEPARATORS.contains(c)).collect();
        for (needle, tag) in NEEDLES {
            let line = if line.contains(needle) {
                shown(line)
            } else if squeezed.contains(needle) {
                format!(
                    "{} [separators removed: {tag}]",
                    shown(&squeezed.replace(needle, tag))
                )
            } else {
                continue;
            };
            leaks.push(Leak {
                variant: variant.to_owned(),
                command: command.to_owned(),
                place: place.to_owned(),
                line,
            });
        }
    }
}

struct Run {
    stdout: String,
    stderr: String,
}

fn careplan(dir: &Path, args: &[String]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .output()
        .expect("careplan runs");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The text of a file, or of every file under a directory (an `.xlsx` unzipped), with the
/// name each came from.
fn written(path: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("read output dir")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            out.extend(written(&p));
        }
    } else if path.extension().is_some_and(|e| e == "xlsx") {
        if !path.exists() {
            return out;
        }
        // Every member of the workbook, in order (as `unzip -p` prints them, on any system).
        let file = std::fs::File::open(path).expect("the workbook opens");
        let mut zip = zip::ZipArchive::new(file).expect("the workbook is a zip");
        let mut unzipped = Vec::new();
        for i in 0..zip.len() {
            let mut member = zip.by_index(i).expect("a member of the workbook");
            std::io::Read::read_to_end(&mut member, &mut unzipped).expect("the member reads");
        }
        out.push((
            format!(
                "{} (unzipped)",
                path.file_name()
                    .expect("present in the test data")
                    .to_string_lossy()
            ),
            String::from_utf8_lossy(&unzipped).into_owned(),
        ));
    } else if let Ok(bytes) = std::fs::read(path) {
        out.push((
            path.file_name()
                .expect("present in the test data")
                .to_string_lossy()
                .into_owned(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    out
}

fn write_records(dir: &Path, files: &Files) {
    std::fs::create_dir_all(dir).expect("records dir");
    for (name, t) in files {
        std::fs::write(dir.join(name), write_csv(t)).expect("write record file");
    }
}

fn write_package(dir: &Path, plan: &str) {
    std::fs::create_dir_all(dir.join("review")).expect("package dir");
    std::fs::write(dir.join("plan.ron"), plan).expect("write plan.ron");
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

/// The `--set` edit of `whatif` per package (it changes every child's outcomes).
fn set_edit(package: &str, v: &Variant) -> String {
    if package == TEN_ONES {
        format!(
            "obligations.{}.kinds=heart_talk,talk,{}",
            v.subject("weekly_heart_talk"),
            v.subject("letter_home")
        )
    } else {
        format!(
            "assessment.rules.{}.rule.points=30",
            v.subject("no_serious_violation")
        )
    }
}

/// Runs every command of a variant with one package in `work` and collects the leaks.
fn run_variant(v: &Variant, package: &'static str, work: &Path, leaks: &mut Vec<Leak>) {
    let records = work.join("records");
    let pkg = work.join(package);
    write_records(&records, &v.records);
    write_package(&pkg, &v.plans[package]);
    let p = pkg.to_string_lossy().into_owned();
    let r = records.to_string_lossy().into_owned();
    let mut runs: Vec<(String, Vec<String>, Option<PathBuf>)> = Vec::new();
    let at = |extra: &[&str]| -> Vec<String> {
        let mut a = strings(extra);
        a.extend(strings(&["--as-of", AS_OF]));
        a
    };
    for (format, lang) in [("text", "en"), ("text", "zh"), ("json", "en")] {
        runs.push((
            format!("evaluate --format {format} --lang {lang} --obligations all"),
            at(&[
                "evaluate",
                &p,
                &r,
                "--format",
                format,
                "--lang",
                lang,
                "--obligations",
                "all",
            ]),
            None,
        ));
    }
    runs.push((
        "evaluate --format text (default obligations)".into(),
        at(&["evaluate", &p, &r, "--lang", "en"]),
        None,
    ));
    if v.full {
        let csv_dir = work.join("csv-out");
        let xlsx = work.join("out.xlsx");
        let json_file = work.join("out.json");
        runs.push((
            "evaluate --format csv -o DIR".into(),
            at(&[
                "evaluate",
                &p,
                &r,
                "--format",
                "csv",
                "-o",
                &csv_dir.to_string_lossy(),
                "--lang",
                "en",
            ]),
            Some(csv_dir),
        ));
        runs.push((
            "evaluate --format xlsx -o FILE".into(),
            at(&[
                "evaluate",
                &p,
                &r,
                "--format",
                "xlsx",
                "-o",
                &xlsx.to_string_lossy(),
                "--lang",
                "zh",
            ]),
            Some(xlsx),
        ));
        runs.push((
            "evaluate --format json -o FILE --mask-names".into(),
            at(&[
                "evaluate",
                &p,
                &r,
                "--format",
                "json",
                "-o",
                &json_file.to_string_lossy(),
                "--mask-names",
            ]),
            Some(json_file),
        ));
        let explains = [
            ("--student", v.subject("B1")),
            ("--student", v.subject("B5")),
            ("--helper", v.subject("V1")),
            ("--helper", v.subject("H1")),
            ("--staff", v.subject("M1")),
            ("--staff", v.subject("H1")),
            ("--class", v.subject("7-1")),
            (
                "--rule",
                if package == TEN_ONES {
                    v.subject("weekly_heart_talk")
                } else {
                    v.subject("no_serious_violation")
                },
            ),
        ];
        for (flag, id) in &explains {
            for format in ["text", "json"] {
                let shown_id = shown(id);
                runs.push((
                    format!("explain {flag} {shown_id} --format {format}"),
                    at(&[
                        "explain", &p, &r, flag, id, "--format", format, "--lang", "en",
                    ]),
                    None,
                ));
            }
        }
        for format in ["text", "json", "ics"] {
            runs.push((
                format!("schedule --format {format}"),
                at(&[
                    "schedule",
                    &p,
                    &r,
                    "--from",
                    "2025-09-01",
                    "--to",
                    "2026-08-31",
                    "--format",
                    format,
                    "--lang",
                    "en",
                ]),
                None,
            ));
        }
        for (flag, id) in [("--student", v.subject("B1")), ("--staff", v.subject("M1"))] {
            for format in ["text", "ics"] {
                runs.push((
                    format!("schedule {flag} {} --format {format}", shown(&id)),
                    at(&[
                        "schedule",
                        &p,
                        &r,
                        "--from",
                        "2025-09-01",
                        "--to",
                        "2026-08-31",
                        flag,
                        &id,
                        "--format",
                        format,
                        "--lang",
                        "en",
                    ]),
                    None,
                ));
            }
        }
        let set = set_edit(package, v);
        for format in ["text", "json", "markdown"] {
            runs.push((
                format!("whatif --set {} --format {format}", shown(&set)),
                at(&[
                    "whatif", &p, &r, "--set", &set, "--format", format, "--lang", "en",
                ]),
                None,
            ));
        }
        for format in ["text", "json"] {
            runs.push((
                format!("check P R --format {format}"),
                strings(&["check", &p, &r, "--format", format, "--lang", "en"]),
                None,
            ));
        }
        runs.push((
            "check P --format json".into(),
            strings(&["check", &p, "--format", "json"]),
            None,
        ));
        runs.push((
            "check P --params".into(),
            strings(&["check", &p, "--params"]),
            None,
        ));
    }
    for (command, args, file) in &runs {
        if let Some(f) = file {
            let _ = std::fs::remove_dir_all(f);
            let _ = std::fs::remove_file(f);
        }
        let out = careplan(work, args);
        let command = format!("{package}: {command}");
        scan(&out.stdout, &v.name, &command, "stdout", leaks);
        scan(&out.stderr, &v.name, &command, "stderr", leaks);
        if let Some(f) = file {
            for (name, text) in written(f) {
                scan(&text, &v.name, &command, &format!("file {name}"), leaks);
            }
        }
    }
    if v.full {
        review(v, package, work, leaks);
        watch(v, package, work, leaks);
    }
}

/// `review`: the base accepted, then the variant reviewed (the diff) and accepted (the
/// snapshot file).
fn review(v: &Variant, package: &'static str, work: &Path, leaks: &mut Vec<Leak>) {
    let dir = work.join("review-run");
    let _ = std::fs::remove_dir_all(&dir);
    let records = dir.join("records");
    let pkg = dir.join(package);
    write_records(&records, &base_records());
    write_package(&pkg, &base_plans()[package]);
    let p = pkg.to_string_lossy().into_owned();
    let r = records.to_string_lossy().into_owned();
    let args = |accept: bool| {
        let mut a = strings(&["review", &p, &r]);
        if accept {
            a.extend(strings(&["--accept", "--as-of", AS_OF, "--lang", "en"]));
        }
        a
    };
    careplan(&dir, &args(true));
    write_records(&records, &v.records);
    write_package(&pkg, &v.plans[package]);
    for (command, accept) in [("review (diff)", false), ("review --accept", true)] {
        let out = careplan(&dir, &args(accept));
        let command = format!("{package}: {command}");
        scan(&out.stdout, &v.name, &command, "stdout", leaks);
        scan(&out.stderr, &v.name, &command, "stderr", leaks);
    }
    for (name, text) in written(&pkg.join("review")) {
        scan(
            &text,
            &v.name,
            &format!("{package}: review --accept"),
            &format!("file review/{name}"),
            leaks,
        );
    }
}

/// `watch --format json`: the first line on the variant, and the line of the change from the
/// base records to the variant.
fn watch(v: &Variant, package: &'static str, work: &Path, leaks: &mut Vec<Leak>) {
    for from_base in [false, true] {
        let dir = work.join(if from_base { "watch-diff" } else { "watch" });
        let _ = std::fs::remove_dir_all(&dir);
        let records = dir.join("records");
        let pkg = dir.join(package);
        if from_base {
            write_records(&records, &base_records());
            write_package(&pkg, &base_plans()[package]);
        } else {
            write_records(&records, &v.records);
            write_package(&pkg, &v.plans[package]);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
            .args(strings(&[
                "watch",
                &pkg.to_string_lossy(),
                &records.to_string_lossy(),
                "--format",
                "json",
                "--as-of",
                AS_OF,
                "--lang",
                "en",
                "--debounce-ms",
                "100",
            ]))
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("watch starts");
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("present in the test data");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = child.stderr.take().expect("present in the test data");
        let err_reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stderr), &mut s);
            s
        });
        let wait = Duration::from_secs(20);
        let command = format!(
            "{package}: watch --format json{}",
            if from_base {
                " (change from the base records)"
            } else {
                ""
            }
        );
        let mut lines = Vec::new();
        let Ok(first) = rx.recv_timeout(wait) else {
            // Not a leak, but the watch was not scanned: report it with the leaks.
            leaks.push(Leak {
                variant: v.name.clone(),
                command: command.clone(),
                place: "no first line within 20 s: not scanned".into(),
                line: String::new(),
            });
            let _ = child.kill();
            let _ = child.wait();
            continue;
        };
        lines.push(("first line", first));
        if from_base {
            // Let the watch settle, then save the variant.
            std::thread::sleep(Duration::from_millis(300));
            write_records(&records, &v.records);
            write_package(&pkg, &v.plans[package]);
            match rx.recv_timeout(wait) {
                Ok(second) => lines.push(("line of the change", second)),
                Err(_) => leaks.push(Leak {
                    variant: v.name.clone(),
                    command: command.clone(),
                    place: "no reload within 20 s: the change was not scanned".into(),
                    line: String::new(),
                }),
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let stderr = err_reader.join().unwrap_or_default();
        for (place, line) in lines {
            scan(&line, &v.name, &command, place, leaks);
        }
        scan(&stderr, &v.name, &command, "stderr", leaks);
    }
}

/// Error messages provoked on purpose: the numbers as ids and `--set` paths on the command
/// line, with the base records.
fn errors(work: &Path, leaks: &mut Vec<Leak>) {
    let records = work.join("records");
    write_records(&records, &base_records());
    for package in PACKAGES {
        let pkg = work.join(package);
        write_package(&pkg, &base_plans()[package]);
        let p = pkg.to_string_lossy().into_owned();
        let r = records.to_string_lossy().into_owned();
        for (needle, tag) in NEEDLES {
            let variant = format!("command-line id {tag} unknown to the records");
            let mut runs: Vec<(String, Vec<String>)> = Vec::new();
            for flag in ["--student", "--helper", "--staff", "--class", "--rule"] {
                for format in ["text", "json"] {
                    runs.push((
                        format!("explain {flag} {tag} --format {format}"),
                        strings(&[
                            "explain", &p, &r, flag, needle, "--format", format, "--as-of", AS_OF,
                            "--lang", "en",
                        ]),
                    ));
                }
            }
            for flag in ["--student", "--staff"] {
                runs.push((
                    format!("schedule {flag} {tag}"),
                    strings(&[
                        "schedule",
                        &p,
                        &r,
                        "--from",
                        "2025-09-01",
                        "--to",
                        "2026-08-31",
                        flag,
                        needle,
                        "--as-of",
                        AS_OF,
                        "--lang",
                        "en",
                    ]),
                ));
            }
            for set in [
                format!("obligations.{needle}.window=Monthly"),
                format!("helpers.fen_per_point={needle}x"),
            ] {
                runs.push((
                    format!("whatif --set {}", shown(&set)),
                    strings(&[
                        "whatif", &p, &r, "--set", &set, "--as-of", AS_OF, "--lang", "en",
                    ]),
                ));
            }
            runs.push((
                format!("evaluate --as-of {tag}"),
                strings(&["evaluate", &p, &r, "--as-of", needle, "--lang", "en"]),
            ));
            for (command, args) in runs {
                let out = careplan(work, &args);
                let command = format!("{package}: {command}");
                scan(&out.stdout, &variant, &command, "stdout", leaks);
                scan(&out.stderr, &variant, &command, "stderr", leaks);
            }
        }
    }
}

/// With `--reveal` the number is shown: the scan finds what is there.
fn reveal_shows_the_numbers(work: &Path) {
    let mut records = base_records();
    replace_cells(&mut records, "B1", ID, false);
    let students = records
        .get_mut("students.csv")
        .expect("present in the test data");
    let name = students
        .header
        .iter()
        .position(|h| h == "name")
        .expect("present in the test data");
    let row = students
        .rows
        .iter()
        .position(|r| r[0] == ID)
        .expect("present in the test data");
    students.rows[row][name] = format!("Bai {PHONE}");
    let dir = work.join("records");
    write_records(&dir, &records);
    let pkg = root().join("policies").join(TEN_ONES);
    for format in ["text", "json"] {
        let args = strings(&[
            "evaluate",
            &pkg.to_string_lossy(),
            &dir.to_string_lossy(),
            "--format",
            format,
            "--as-of",
            AS_OF,
            "--lang",
            "en",
            "--reveal",
        ]);
        let out = careplan(work, &args);
        let mut leaks = Vec::new();
        scan(
            &out.stdout,
            "reveal",
            "evaluate --reveal",
            "stdout",
            &mut leaks,
        );
        for tag in ["<ID>", "<PHONE>"] {
            assert!(
                leaks.iter().any(|l| l.line.contains(tag)),
                "evaluate --reveal --format {format} shows {tag}: the scan must find it\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn no_id_or_phone_number_is_printed_without_reveal() {
    let started = Instant::now();
    let tmp =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("privacy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("tmp dir");

    reveal_shows_the_numbers(&tmp.join("reveal"));

    let variants = variants();
    let jobs: Vec<(usize, &'static str)> = variants
        .iter()
        .enumerate()
        .flat_map(|(i, v)| v.packages.iter().map(move |p| (i, *p)))
        .collect();
    let next = AtomicUsize::new(0);
    let leaks = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|s| {
        for w in 0..workers {
            let (jobs, variants, next, leaks, tmp) = (&jobs, &variants, &next, &leaks, &tmp);
            s.spawn(move || {
                let mut mine = Vec::new();
                if w == 0 {
                    errors(&tmp.join("errors"), &mut mine);
                }
                loop {
                    let j = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&(i, package)) = jobs.get(j) else {
                        break;
                    };
                    let work = tmp.join(format!("w{w}"));
                    let _ = std::fs::remove_dir_all(&work);
                    run_variant(&variants[i], package, &work, &mut mine);
                }
                leaks.lock().expect("leaks lock").extend(mine);
            });
        }
    });
    let mut leaks = leaks.into_inner().expect("leaks lock");
    leaks.sort();
    leaks.dedup();
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!(
        "privacy: {} variants, {} runs of variant × package, {:.1} s",
        variants.len(),
        jobs.len(),
        started.elapsed().as_secs_f64()
    );
    // One entry per variant, command and place: the first line and how many lines leak.
    let mut grouped: BTreeMap<(&str, &str, &str), (usize, &str)> = BTreeMap::new();
    for l in &leaks {
        grouped
            .entry((&l.variant, &l.command, &l.place))
            .or_insert((0, &l.line))
            .0 += 1;
    }
    let mut report = String::new();
    for ((variant, command, place), (n, line)) in &grouped {
        report.push_str(&format!(
            "- [{variant}] {command} | {place} ({n} line{}): {line}\n",
            if *n == 1 { "" } else { "s" }
        ));
    }
    assert!(
        leaks.is_empty(),
        "{} places ({} lines) leak an ID or phone number without --reveal:\n{report}",
        grouped.len(),
        leaks.len()
    );
}
