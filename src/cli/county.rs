//! `careplan evaluate <COUNTY.ron> <RECORDS_DIR> -o DIR`: a county run (see `careplan::county`).
//!
//! Writes each school's report (`DIR/<nnn>-<school>/<plan id>.txt|json|xlsx`, or a directory of CSV
//! tables) and the county's roll-up (`DIR/county.txt|json|xlsx`, or `DIR/county/`); the text
//! roll-up is also printed.

use super::evaluate::{Args, ReportFormat};
use super::{Exit, print_err, print_out};
use careplan::county::{CountyRequest, Manifest, Rollup, SchoolRun, run};
use careplan::eval::Rows;
use careplan::lang::Lang;
use careplan::privacy::Masker;
use careplan::records::{Finding, Severity};
use careplan::report::{self, ObligationFilter};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub(super) fn run_county(args: &Args, filter: ObligationFilter) -> Exit {
    let lang = args.eval.lang();
    let manifest = match Manifest::read(&args.policy) {
        Ok(m) => m,
        Err(problems) => {
            let text: Vec<String> = problems.iter().map(|f| f.text(lang)).collect();
            print_err(&format!("{}\n", text.join("\n")));
            return Exit::Failed;
        }
    };
    let Some(out) = args.output.clone() else {
        print_err(lang.pick(
            "error: a county run writes a report per school and the county's roll-up: give -o DIR\n",
            "错误：县级运行为每所学校各写一份报告，另写县级汇总：请给出 -o 目录\n",
        ));
        return Exit::Failed;
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        print_err(&format!(
            "error: cannot make `{}`: {e}\n",
            careplan::paths::shown(&out)
        ));
        return Exit::Failed;
    }
    let req = CountyRequest {
        manifest,
        records_dir: args.records.clone(),
        load: args.eval.privacy.load_options(),
        privacy: args.eval.privacy.privacy(),
        eval: args.eval.options(),
        rows: match filter {
            ObligationFilter::All => Rows::All,
            ObligationFilter::Overdue => Rows::Overdue,
            ObligationFilter::None => Rows::None,
        },
        threads: args.eval.threads,
        strict: args.eval.strict,
        spill: None,
    };
    // Every school's findings, each once though every package's decision lists the records'.
    let found: Mutex<std::collections::BTreeSet<(String, Finding)>> =
        Mutex::new(Default::default());
    let reports_written = std::sync::atomic::AtomicUsize::new(0);
    let write = |s: SchoolRun<'_>| -> Result<(), String> {
        reports_written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut found) = found.lock() {
            for f in &s.decision.findings {
                if f.severity != Severity::Note {
                    found.insert((s.school.to_owned(), f.clone()));
                }
            }
        }
        let dir = out.join(dir_name(s.index, s.school, &Masker::numbers_only()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot make `{}`: {e}", careplan::paths::shown(&dir)))?;
        write_report(&s, &dir.join(&s.decision.policy), args.format, filter, lang)
    };
    let rollup = match run(&req, &write) {
        Ok(r) => r,
        Err(e) => {
            print_err(&format!("{}\n", e.text(lang).trim_end()));
            return Exit::Failed;
        }
    };
    let numbers = Masker::numbers_only();
    let written = write_rollup(&rollup, &out, args.format, lang, &numbers);
    if let Err(e) = written {
        print_err(&format!("error: {e}\n"));
        return Exit::Failed;
    }
    if args.format == ReportFormat::Text {
        print_out(&numbers, &report::county::text(&rollup, lang));
    }
    let reports = reports_written.load(std::sync::atomic::Ordering::Relaxed);
    print_err(&match lang {
        Lang::En => format!(
            "wrote {} of {} and the county's roll-up to {}\n",
            careplan::units::count(reports, "report", "reports"),
            careplan::units::count(rollup.schools.len(), "school", "schools"),
            careplan::paths::shown(&out)
        ),
        Lang::Zh => format!(
            "已把 {} 所学校的 {reports} 份报告和县级汇总写到 {}\n",
            rollup.schools.len(),
            careplan::paths::shown(&out)
        ),
    });
    let mut found: Vec<Finding> = found
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|(_, f)| f)
        .collect();
    found.extend(rollup.findings.iter().cloned());
    let failed = rollup
        .schools
        .iter()
        .filter(|s| !s.failed.is_empty())
        .count();
    if failed > 0 {
        print_err(&match lang {
            Lang::En => format!(
                "{} could not be evaluated: see `not evaluated` in the roll-up\n",
                careplan::units::count(failed, "school", "schools")
            ),
            Lang::Zh => format!("{failed} 所学校无法评估：见汇总中的“未评估”\n"),
        });
    }
    if rollup.schools.is_empty() {
        print_err(lang.pick(
            "error: the records' students.csv has no child: no school to evaluate\n",
            "错误：记录的学生名单（students.csv）中没有学生：没有可评估的学校\n",
        ));
        return Exit::Failed;
    }
    if failed == rollup.schools.len() {
        // Nothing was evaluated, as a one-school run that cannot evaluate.
        return Exit::Failed;
    }
    if let Some(note) = args.eval.found_note(
        &found,
        "each school's report and the county's findings in the roll-up",
    ) {
        print_err(&note);
    }
    if failed > 0 {
        return Exit::Found;
    }
    args.eval.findings_exit(&found)
}

/// A school's directory name: its place in the schools sorted by name and its name, masked like
/// every output (an ID number as a school's name never reaches the file system), with the
/// characters no file system takes replaced: `003-West School`. The number keeps two schools
/// apart whose names differ only in case or in replaced characters, and never makes a name
/// Windows reserves (`CON`, `NUL` …).
fn dir_name(index: usize, school: &str, masker: &Masker) -> String {
    let name = careplan::county::school_name(school);
    let shown = super::masked(masker, name);
    let safe: String = shown
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{:03}-{}", index + 1, safe.trim_end_matches(['.', ' ']))
}

/// Writes one school's report for one plan to `base` + the format's extension.
fn write_report(
    s: &SchoolRun<'_>,
    base: &Path,
    format: ReportFormat,
    filter: ObligationFilter,
    lang: Lang,
) -> Result<(), String> {
    let d = &s.decision;
    let fail = |p: &Path, e: &dyn std::fmt::Display| {
        format!("cannot write `{}`: {e}", careplan::paths::shown(p))
    };
    match format {
        ReportFormat::Text => {
            let path = base.with_extension("txt");
            let text = super::masked(&s.masker, &report::text::render(d, filter, lang));
            std::fs::write(&path, text).map_err(|e| fail(&path, &e))
        }
        ReportFormat::Json => {
            let path = base.with_extension("json");
            let text = super::masked(&s.masker, &report::json::render(d, filter, lang));
            std::fs::write(&path, text).map_err(|e| fail(&path, &e))
        }
        ReportFormat::Xlsx => {
            let path = base.with_extension("xlsx");
            let tables = report::tables::tables(d, filter, lang, &s.masker);
            report::excel::write_xlsx(&tables, d.as_of, &path)
        }
        ReportFormat::Csv => {
            let tables = report::tables::tables(d, filter, lang, &s.masker);
            report::excel::write_csv_dir(&tables, base).map(|_| ())
        }
    }
}

/// Writes the roll-up beside the schools' directories.
fn write_rollup(
    r: &Rollup,
    out: &Path,
    format: ReportFormat,
    lang: Lang,
    masker: &Masker,
) -> Result<PathBuf, String> {
    let fail = |p: &Path, e: &dyn std::fmt::Display| {
        format!("cannot write `{}`: {e}", careplan::paths::shown(p))
    };
    let mut tables = report::county::tables(r, lang);
    for t in &mut tables {
        t.mask(masker);
    }
    match format {
        ReportFormat::Text => {
            let path = out.join("county.txt");
            let text = super::masked(masker, &report::county::text(r, lang));
            std::fs::write(&path, text).map_err(|e| fail(&path, &e))?;
            Ok(path)
        }
        ReportFormat::Json => {
            let path = out.join("county.json");
            let text = super::masked(masker, &report::county::json(r));
            std::fs::write(&path, text).map_err(|e| fail(&path, &e))?;
            Ok(path)
        }
        ReportFormat::Xlsx => {
            let path = out.join("county.xlsx");
            report::excel::write_xlsx(&tables, r.as_of, &path)?;
            Ok(path)
        }
        ReportFormat::Csv => {
            let path = out.join("county");
            report::excel::write_csv_dir(&tables, &path)?;
            Ok(path)
        }
    }
}
