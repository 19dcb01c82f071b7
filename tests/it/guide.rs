//! The guide: the README stays a short front page that starts with the two commands a checker
//! runs; every chapter of the book (`docs/`) exists and every relative link of the guide leads
//! somewhere; the head teachers' chapters show the program's real current output.

use crate::support::root;
use std::path::Path;
use std::process::Command;

/// The README command of the head teachers' chapter, as it is written there.
const REPORT: [&str; 5] = [
    "evaluate",
    "policies/class-hand-in-hand",
    "fixtures/realistic",
    "--as-of",
    "2026-07-31",
];

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What `careplan <args>` prints, in English (the chapters are written in English).
fn careplan(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .expect("the careplan binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The contents of every fenced block of `text` opened by ```` ```{lang} ````.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    text.split(fence.as_str())
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or_default())
        .collect()
}

#[test]
fn the_readme_is_a_short_front_page_starting_with_the_two_commands() {
    let readme = read("README.md");
    let lines = readme.lines().count();
    assert!(lines < 150, "README.md has {lines} lines");
    assert!(
        readme.starts_with(
            "# careplan\n\n```sh\n\
             cargo run -- evaluate policies/class-hand-in-hand fixtures/realistic --as-of 2026-07-31\n\
             cargo test\n```\n"
        ),
        "{}",
        &readme[..readme.len().min(300)]
    );
}

/// Relative link targets (`](target)`, without `#anchor`) of a Markdown text.
fn links(text: &str) -> Vec<&str> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|target| target.split('#').next().unwrap_or_default())
        .filter(|t| !t.is_empty() && !t.contains("://"))
        .collect()
}

#[test]
fn every_chapter_and_every_relative_link_of_the_guide_exists() {
    let src = root().join("docs/src");
    let summary = read("docs/src/SUMMARY.md");
    let chapters = links(&summary);
    assert!(chapters.len() >= 15, "{chapters:?}");
    for chapter in &chapters {
        assert!(src.join(chapter).is_file(), "SUMMARY.md names {chapter}");
    }
    // Every Markdown file of the book is a chapter (mdBook would leave it out silently).
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).expect("under docs/src");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".md") && rel != "SUMMARY.md" {
            assert!(
                chapters.contains(&rel.as_str()),
                "{rel} is not in SUMMARY.md"
            );
        }
    }
    let mut pages = vec![(root().join("README.md"), read("README.md"))];
    pages.push((
        root().join("policies/README.md"),
        read("policies/README.md"),
    ));
    for chapter in &chapters {
        let path = src.join(chapter);
        let text = std::fs::read_to_string(&path).expect("chapter");
        pages.push((path, text));
    }
    for (path, text) in &pages {
        let dir = path.parent().expect("a page has a folder");
        for target in links(text) {
            assert!(
                dir.join(target).exists(),
                "{}: link to {target}",
                path.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Each line of `excerpt` is a line of `output` (or `  …`, where lines are left out).
fn assert_excerpt(excerpt: &str, output: &str, chapter: &str) {
    let lines: Vec<&str> = output.lines().collect();
    for line in excerpt.lines().filter(|l| l.trim() != "…") {
        assert!(
            lines.contains(&line),
            "{chapter}: `{line}` is not a line of the program's output"
        );
    }
}

#[test]
fn the_report_chapter_shows_the_real_report_and_explains_every_section() {
    let path = "docs/src/head-teachers/reading-the-report.md";
    let chapter = read(path);
    let report = careplan(&REPORT);
    assert!(
        chapter.contains(&format!("```sh\ncareplan {}\n```", REPORT.join(" "))),
        "the chapter names the command"
    );
    let marker = format!("<!-- report: careplan {} -->\n```text\n", REPORT.join(" "));
    let (_, whole) = chapter
        .split_once(&marker)
        .expect("the marked report block");
    let whole = whole.split("```").next().unwrap_or_default();
    assert_eq!(
        whole, report,
        "{path}: the report block is not the current report"
    );
    let excerpts = blocks(&chapter, "text");
    assert!(excerpts.len() >= 10, "{}", excerpts.len());
    for excerpt in &excerpts[1..] {
        assert_excerpt(excerpt, &report, path);
    }
    // Every section of the report (each line that starts at the margin, after the heading)
    // has a section of the chapter whose heading starts with its first word.
    let headings: Vec<&str> = chapter
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .collect();
    let sections: Vec<&str> = report
        .lines()
        .skip(2)
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect();
    assert!(sections.len() >= 9, "{sections:?}");
    for section in sections {
        let word = section.split([' ', ':']).next().unwrap_or_default();
        assert!(
            headings.iter().any(|h| h.starts_with(word)),
            "the report's section `{section}` has no section in {path}"
        );
    }
}

#[test]
fn the_explanations_chapter_shows_real_explanations() {
    let path = "docs/src/head-teachers/explanations.md";
    let chapter = read(path);
    let commands = blocks(&chapter, "sh");
    let outputs = blocks(&chapter, "text");
    assert_eq!(
        commands.len(),
        outputs.len(),
        "{path}: one output per command"
    );
    assert!(commands.len() >= 2);
    for (command, excerpt) in commands.iter().zip(&outputs) {
        let args: Vec<&str> = command
            .trim()
            .strip_prefix("careplan ")
            .expect("a careplan command")
            .split(' ')
            .collect();
        let output = careplan(&args);
        assert!(
            excerpt.lines().any(|l| l.trim() == "…") || *excerpt == output,
            "{path}: {command}"
        );
        assert_excerpt(excerpt, &output, path);
    }
}

/// What `careplan <args>` prints on stdout, in English, when it exits `code`.
fn careplan_exiting(args: &[&str], code: i32) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .expect("the careplan binary runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The county chapter shows the real roll-up of `fixtures/county/` (whole, in English; an
/// excerpt in Chinese) and the real `check` of its manifest.
#[test]
fn the_county_chapter_shows_the_real_roll_up() {
    let path = "docs/src/administrators/county.md";
    let chapter = read(path);
    let run = [
        "evaluate",
        "fixtures/county/records/county.ron",
        "fixtures/county/records",
        "--as-of",
        "2025-09-26",
    ];
    let marker = format!(
        "<!-- roll-up: careplan {} -o out -->\n```text\n",
        run.join(" ")
    );
    let (_, whole) = chapter
        .split_once(&marker)
        .expect("the marked roll-up block");
    let whole = whole.split("```").next().unwrap_or_default();
    let out = crate::support::tmp_dir("guide-county");
    let out = careplan::paths::shown(&out).to_string();
    let mut args = run.to_vec();
    args.extend(["-o", &out]);
    // The fixture has error findings: exit 1.
    let rollup = careplan_exiting(&args, 1);
    assert_eq!(
        whole, rollup,
        "{path}: the roll-up block is not the current roll-up"
    );
    let blocks = blocks(&chapter, "text");
    let zh = blocks
        .iter()
        .find(|b| b.starts_with("县级汇总"))
        .expect("the Chinese excerpt");
    args.extend(["--lang", "zh"]);
    assert_excerpt(zh, &careplan_exiting(&args, 1), path);
    let check = blocks
        .iter()
        .find(|b| b.ends_with("1 error, 1 warning\n"))
        .expect("the check block");
    let checked = careplan_exiting(
        &[
            "check",
            "fixtures/county/records/county.ron",
            "fixtures/county/records",
        ],
        1,
    );
    assert_eq!(*check, checked, "{path}: the check block");
}
