//! Every word of a Chinese report is Chinese (issue: the five plans as a Chinese school reads
//! them, item 4): every shipped package on every fixture, through every command a head teacher
//! or an administrator reads (`evaluate`, `check`, `schedule`, `explain`), with `--lang zh`,
//! prints no English word outside ids, codes and the records' own text.
//!
//! What counts as not English, and why:
//! - ids and codes: the identifiers `plan.ron` gives (rule ids, kinds, schemes, roles, parameter
//!   paths), the packages' names, and text in backticks (the convention of every finding for
//!   user input and codes); paths of files; the flags of the command line;
//! - the records' own text: every cell of the fixture's record files (names, notes, classes
//!   written in English by a community) and the column headers a finding names in `[…]`;
//! - the source line a diagnostic quotes from `plan.ron` (the package's own code);
//! - what a package's script prints (its author's words, shown as printed);
//! - a handful of names: `Excel`, `ID` (in 身份证 messages, never), the date form `YYYY-MM-DD`,
//!   and the yes/no words a boolean cell accepts (`yes/no, true/false, 1/0, 是/否, y/n`).

use super::support::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Words allowed everywhere: see the module comment.
const NAMES: &[&str] = &[
    "Excel",
    "ID",
    "YYYY-MM-DD",
    "YYYY",
    "MM",
    "DD",
    "yes",
    "no",
    "true",
    "false",
    "y",
    "n",
    "points",
    "prizes",
    "helpers",
    "budget",
];

/// Every records directory under `fixtures/` (one holding a `.csv` or `.xlsx` file).
fn record_dirs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixtures readable")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        if entries
            .iter()
            .any(|p| p.is_file() && p.extension().is_some_and(|x| x == "csv" || x == "xlsx"))
        {
            out.push(dir.to_owned());
        }
        for p in entries.iter().filter(|p| p.is_dir()) {
            walk(p, out);
        }
    }
    let mut out = Vec::new();
    walk(&root().join("fixtures"), &mut out);
    out
}

/// The text of a CSV file as a school saves it: UTF-8 (with or without BOM) or GBK.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Every cell of the record files of `dir` that holds a Latin letter, longest first.
fn cells(dir: &Path) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut keep = |c: String| {
        let c = c.trim().to_owned();
        if c.chars().any(|ch| ch.is_ascii_alphabetic()) {
            out.insert(c);
        }
    };
    for entry in std::fs::read_dir(dir).expect("records readable") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".csv") {
            let text = decode(&std::fs::read(&path).expect("csv readable"));
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for record in reader.records().flatten() {
                record.iter().for_each(|c| keep(c.to_owned()));
            }
        } else if name.ends_with(".xlsx") && !name.starts_with("~$") {
            use calamine::Reader;
            let mut book = calamine::open_workbook_auto(&path).expect("workbook opens");
            for sheet in book.sheet_names() {
                if let Ok(range) = book.worksheet_range(&sheet) {
                    range.rows().flatten().for_each(|c| keep(c.to_string()));
                }
            }
        }
    }
    let mut out: Vec<String> = out.into_iter().collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.len()));
    out
}

/// The ids and codes of every shipped package: the identifier-like strings of its `plan.ron`
/// (rule ids, kinds, schemes, roles, titles, paths of `school_choices`), its directory name,
/// and the words its scripts print.
fn ids() -> BTreeSet<String> {
    let mut out: BTreeSet<String> = NAMES.iter().map(|s| (*s).to_owned()).collect();
    for entry in std::fs::read_dir(root().join("policies")).expect("policies readable") {
        let dir = entry.expect("entry").path();
        let Ok(plan) = std::fs::read_to_string(dir.join("plan.ron")) else {
            continue;
        };
        out.insert(
            dir.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_owned(),
        );
        for (i, quoted) in plan.split('"').enumerate() {
            let identifier = quoted
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
            if i % 2 == 1 && identifier {
                out.insert(quoted.to_owned());
                out.extend(quoted.split('.').map(str::to_owned));
            }
        }
        for script in std::fs::read_dir(dir.join("scripts")).into_iter().flatten() {
            let text = std::fs::read_to_string(script.expect("entry").path()).unwrap_or_default();
            for line in text.lines().filter(|l| l.contains("print(")) {
                out.extend(words(line).into_iter().map(str::to_owned));
            }
        }
    }
    out
}

/// The ASCII words of `s`: a Latin letter, then letters, digits, `_` and `-`.
fn words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    for (i, c) in s.char_indices() {
        match start {
            None if c.is_ascii_alphabetic() => start = Some(i),
            Some(_) if word(c) => {}
            Some(b) => {
                out.push(s[b..i].trim_end_matches('-'));
                start = None;
            }
            None => {}
        }
    }
    if let Some(b) = start {
        out.push(s[b..].trim_end_matches('-'));
    }
    out
}

/// `line` without what is allowed to be in Latin letters whatever the language: backticked
/// text, paths, `[column]` headers, `--flags` and the records' own cells.
fn strip(line: &str, cells: &[String]) -> String {
    let mut out = String::new();
    // Backticks first: they hold user input and codes.
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
        }
        out.push(' ');
    }
    let mut kept = Vec::new();
    for token in out.split([' ', '\t']) {
        let path = [".csv", ".xlsx", ".ron", ".rhai", ".snap", ".ics"]
            .iter()
            .any(|x| token.contains(x));
        if !path {
            kept.push(token);
        }
    }
    let mut out = kept.join(" ");
    // A finding's column, as the file writes it: `学生.csv:12 [出生日期]`.
    while let (Some(a), Some(b)) = (out.find('['), out.find(']')) {
        if b < a {
            break;
        }
        out.replace_range(a..=b, " ");
    }
    // The command line's flags, wherever they stand (`（--reveal 显示原值）`).
    while let Some(at) = out.find("--") {
        let end = out[at + 2..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(out.len(), |i| at + 2 + i);
        out.replace_range(at..end, " ");
    }
    let boundary =
        |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'));
    for cell in cells {
        let mut from = 0;
        while let Some(at) = out[from..].find(cell.as_str()).map(|i| i + from) {
            let before = out[..at].chars().next_back();
            let after = out[at + cell.len()..].chars().next();
            if boundary(before) && boundary(after) {
                out.replace_range(at..at + cell.len(), " ");
                from = at + 1;
            } else {
                from = at + cell.len();
            }
            if from >= out.len() {
                break;
            }
        }
    }
    out
}

/// The English words of `text` (every line but the source lines a diagnostic quotes).
fn english<'a>(text: &'a str, cells: &[String], ids: &BTreeSet<String>) -> Vec<(String, &'a str)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        let quoted_source = t.starts_with('|')
            || t.starts_with("-->")
            || t.split_once('|').is_some_and(|(n, _)| {
                !n.trim().is_empty() && n.trim().bytes().all(|b| b.is_ascii_digit())
            });
        if quoted_source {
            continue;
        }
        for w in words(&strip(line, cells)) {
            // An id such as `S1`, `G2`, `Q3`: one capital and digits.
            let short_id = w.len() >= 2
                && w.as_bytes()[0].is_ascii_uppercase()
                && w[1..].bytes().all(|b| b.is_ascii_digit());
            if !w.is_empty() && !short_id && w.len() > 1 && !ids.contains(w) {
                out.push((w.to_owned(), line));
            }
        }
    }
    out
}

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "C")
        .output()
        .expect("the careplan binary runs");
    let mut text = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    text.push_str(&String::from_utf8(out.stderr).expect("stderr is UTF-8"));
    text
}

/// The commands a Chinese reader runs on one package and one records directory.
fn commands(package: &str, records: &str, every_rule: bool) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<String>>();
    let at = ["--as-of", "2026-07-31", "--lang", "zh"];
    let mut out = vec![
        s(&[
            &["evaluate", package, records, "--obligations", "all"][..],
            &at,
        ]
        .concat()),
        s(&["check", package, records, "--lang", "zh"]),
        s(&[
            "schedule",
            package,
            records,
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--as-of",
            "2026-03-15",
            "--lang",
            "zh",
        ]),
    ];
    if let Ok(r) = careplan::records::load_dir(Path::new(records))
        && let Some(first) = r.students.first()
    {
        let (id, class) = (first.student_id.clone(), first.class.to_string());
        out.push(s(&[
            &["explain", package, records, "--student", &id][..],
            &at,
        ]
        .concat()));
        out.push(s(&[
            &["explain", package, records, "--class", &class][..],
            &at,
        ]
        .concat()));
    }
    if every_rule {
        let policy = careplan::policy::load_dir(Path::new(package)).expect("package loads");
        for rule in careplan::report::explain::rule_ids(&policy) {
            out.push(s(&[
                &["explain", package, records, "--rule", &rule][..],
                &at,
            ]
            .concat()));
        }
    }
    out
}

#[test]
fn words_and_stripping_follow_the_rules_above() {
    assert_eq!(
        words("规则 `a` weekly_talk，S1-x y"),
        ["a", "weekly_talk", "S1-x", "y"]
    );
    let cells = ["Wang Si".to_owned(), "talk".to_owned()];
    // A record's cell goes as a whole word, never out of an id (`weekly_talk` stays).
    assert_eq!(
        words(&strip("Wang Si 的 weekly_talk talk", &cells)),
        ["weekly_talk"]
    );
    let ids = BTreeSet::from(["weekly_talk".to_owned()]);
    let found = english(
        "警告：学生.csv:3 [date]：`x y` 未知\n  12 |   kinds: [\"talk\"],\n每周 missed",
        &cells,
        &ids,
    );
    assert_eq!(
        found.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(),
        ["missed"]
    );
}

/// The test: no English word in any Chinese output of any package on any fixture.
#[test]
fn every_package_on_every_fixture_speaks_chinese() {
    let ids = ids();
    let mut packages: Vec<String> = std::fs::read_dir(root().join("policies"))
        .expect("policies readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("plan.ron").exists())
        .map(|p| {
            format!(
                "policies/{}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("")
            )
        })
        .collect();
    packages.sort();
    assert_eq!(packages.len(), 6, "{packages:?}");
    let dirs = record_dirs();
    assert!(dirs.len() >= 20, "{dirs:?}");
    let mut jobs: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for p in &packages {
        jobs.push((
            vec!["check".into(), p.clone(), "--lang".into(), "zh".into()],
            Vec::new(),
        ));
        for d in &dirs {
            let rel = d
                .strip_prefix(root())
                .expect("under the root")
                .to_string_lossy();
            let rel = rel.replace('\\', "/");
            let cells = cells(d);
            let every_rule = rel == "fixtures/realistic" || rel == "fixtures/community";
            for args in commands(p, &rel, every_rule) {
                jobs.push((args, cells.clone()));
            }
        }
    }
    // Two workers: the commands are independent processes.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((args, cells)) = jobs.get(i) else {
                        break;
                    };
                    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
                    let text = run(&argv);
                    for (word, line) in english(&text, cells, &ids) {
                        let mut f = found.lock().expect("lock");
                        f.push(format!("{}: `{word}` in: {}", args.join(" "), line.trim()));
                    }
                }
            });
        }
    });
    let found = found.into_inner().expect("lock");
    assert!(
        found.is_empty(),
        "{} English words in Chinese output, e.g.:\n{}",
        found.len(),
        found
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(jobs.len() > 500, "{} commands run", jobs.len());
}

/// A typo in `plan.ron` reads in Chinese under `--lang zh`, in `check` and wherever a run stops
/// on it (`evaluate`), with the file, line and column and the nearest key.
#[test]
fn a_broken_plan_is_reported_in_chinese() {
    let dir = super::support::tmp_dir("language-broken-plan");
    let plan = std::fs::read_to_string(root().join("policies/school-weekly-talks/plan.ron"))
        .expect("plan readable")
        .replacen("window: Monthly,", "windw: Monthly,", 1);
    std::fs::write(dir.join("plan.ron"), &plan).expect("plan written");
    // The line of the typo, counted by hand from the file: the first `windw:`.
    let line = plan
        .lines()
        .position(|l| l.contains("windw:"))
        .expect("the typo")
        + 1;
    let p = dir.to_string_lossy().replace('\\', "/");
    for args in [
        vec!["check", p.as_str(), "--lang", "zh"],
        vec!["evaluate", p.as_str(), "fixtures/realistic", "--lang", "zh"],
    ] {
        let out = run(&args);
        assert!(
            out.contains("错误：未知的键 `windw`（在 obligation 中）"),
            "{out}"
        );
        assert!(out.contains(&format!("plan.ron:{line}:13")), "{out}");
        assert!(out.contains("= 提示：是否应为 `window`？"), "{out}");
        assert!(!out.contains("unknown key"), "{out}");
    }
    let en = run(&["check", p.as_str(), "--lang", "en"]);
    assert!(
        en.contains("error: unknown key `windw` in obligation"),
        "{en}"
    );
}

/// The words the issue names as English in a Chinese report are Chinese: the class assessment's
/// headers (its components) and the missing fields of a child's file, which the ids-and-codes
/// rule above would let through as ids.
#[test]
fn headers_and_missing_fields_are_chinese() {
    let out = run(&[
        "evaluate",
        "policies/school-ten-ones",
        "fixtures/realistic",
        "--as-of",
        "2026-07-31",
        "--lang",
        "zh",
    ]);
    let header = out
        .lines()
        .find(|l| l.trim_start().starts_with("名次 班级"))
        .expect("the class assessment table");
    for word in ["谈心", "结对帮扶", "建档", "个别计划", "活动"] {
        assert!(header.contains(word), "{header}");
    }
    assert!(!header.contains("talks"), "{header}");
    // S0119 has no guardian phone in fixtures/realistic/students.csv: 监护人电话 is missing.
    assert!(
        out.lines()
            .any(|l| l.contains("S0119") && l.ends_with("缺少 监护人电话")),
        "{out}"
    );
    assert!(!out.contains("guardian_phone"), "{out}");
}
