//! `careplan evaluate <POLICY_DIR> <RECORDS_DIR>`.

use super::common::{EvalArgs, load_and_decide_rows};
use super::{Exit, print_err, print_out};
use careplan::eval::Rows;
use careplan::report::{self, ObligationFilter};
use clap::ValueEnum;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Obligations {
    All,
    Overdue,
    None,
}

/// `evaluate`'s output formats: the report, or Excel-ready tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// The report for a head teacher.
    Text,
    /// The decision for tools.
    Json,
    /// A workbook with a sheet per table and a payout sheet per class (needs `-o FILE.xlsx`).
    Xlsx,
    /// A CSV file per table, UTF-8 with BOM (needs `-o DIR`).
    Csv,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (holds plan.ron), or a county manifest (`county.ron`: each
    /// school's packages) for a county run.
    pub(super) policy: PathBuf,
    /// Records directory (calendar.csv, students.csv, …, or one workbook).
    pub(super) records: PathBuf,
    #[command(flatten)]
    pub(super) eval: EvalArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub(super) format: ReportFormat,
    /// Write the output here instead of to stdout: a file (text, json, xlsx) or a directory
    /// (csv, and a county run's reports).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub(super) output: Option<PathBuf>,
    /// Which obligation windows to list: default `all` for JSON and tables, `overdue` for text.
    #[arg(long, value_enum)]
    obligations: Option<Obligations>,
}

pub(crate) fn run(args: &Args) -> Exit {
    let county = args.policy.is_file();
    let needs_output = matches!(args.format, ReportFormat::Xlsx | ReportFormat::Csv);
    if needs_output && args.output.is_none() && !county {
        let what = if args.format == ReportFormat::Xlsx {
            "-o FILE.xlsx"
        } else {
            "-o DIR"
        };
        print_err(&format!(
            "error: --format {} writes files: give {what}\n",
            if args.format == ReportFormat::Xlsx {
                "xlsx"
            } else {
                "csv"
            }
        ));
        return Exit::Failed;
    }
    if let Some(out) = &args.output
        && inside(out, &args.records)
    {
        print_err(&format!(
            "error: `{}` is in the records directory, where a report would be read as records \
             next time; write it elsewhere\n",
            careplan::paths::shown(out)
        ));
        return Exit::Failed;
    }
    let filter = match (args.obligations, args.format) {
        (Some(Obligations::All), _)
        | (None, ReportFormat::Json | ReportFormat::Xlsx | ReportFormat::Csv) => {
            ObligationFilter::All
        }
        (Some(Obligations::Overdue), _) | (None, ReportFormat::Text) => ObligationFilter::Overdue,
        (Some(Obligations::None), _) => ObligationFilter::None,
    };
    if county {
        return super::county::run_county(args, filter);
    }
    // Only the windows the report lists are materialised (the summary counts them all).
    let rows = match filter {
        ObligationFilter::All => Rows::All,
        ObligationFilter::Overdue => Rows::Overdue,
        ObligationFilter::None => Rows::None,
    };
    let careplan::pipeline::Run {
        mut records,
        decision,
        masker,
        ..
    } = match load_and_decide_rows(&args.policy, &args.records, &args.eval, rows) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    // The report needs only the decision: the contacts (most of a county's records) make room
    // for it.
    drop(std::mem::take(&mut records.contacts));
    let lang = args.eval.lang();
    // Where the findings are in what was written, when it went to a file.
    let mut place = None;
    let written = match args.format {
        ReportFormat::Json => super::stream_out(&masker, args.output.as_deref(), |out| {
            report::json::write(&decision, filter, lang, out)
        })
        .map(|()| {
            place = args
                .output
                .as_ref()
                .map(|p| format!("`findings` in {}", careplan::paths::shown(p)));
        }),
        ReportFormat::Text => {
            let text = report::text::render(&decision, filter, lang);
            match &args.output {
                None => {
                    print_out(&masker, &text);
                    Ok(())
                }
                Some(path) => std::fs::write(path, super::masked(&masker, &text))
                    .map_err(|e| format!("cannot write `{}`: {e}", careplan::paths::shown(path)))
                    .map(|()| {
                        place = Some(format!(
                            "the findings at the end of {}",
                            careplan::paths::shown(path)
                        ));
                    }),
            }
        }
        ReportFormat::Xlsx | ReportFormat::Csv => {
            let tables = report::tables::tables(&decision, filter, lang, &masker);
            let path = args.output.as_deref().unwrap_or(Path::new("."));
            let findings = report::tables::findings_name(lang);
            let sheet = tables
                .iter()
                .zip(report::excel::sheet_names(&tables))
                .enumerate()
                .find(|(_, (t, _))| t.name == findings)
                .map(|(i, (_, name))| (i, name));
            if args.format == ReportFormat::Xlsx {
                report::excel::write_xlsx(&tables, decision.as_of, path)
            } else {
                report::excel::write_csv_dir(&tables, path).map(|_| ())
            }
            .map(|()| {
                print_err(&format!(
                    "wrote {} to {}\n",
                    report::count(tables.len(), "table", "tables"),
                    careplan::paths::shown(path)
                ));
                place = sheet.map(|(i, name)| {
                    if args.format == ReportFormat::Xlsx {
                        format!("the sheet `{name}` of {}", careplan::paths::shown(path))
                    } else {
                        careplan::paths::shown(&path.join(format!("{:02}-{name}.csv", i + 1)))
                            .to_string()
                    }
                });
            })
        }
    };
    if let Err(e) = written {
        print_err(&format!("error: {e}\n"));
        return Exit::Failed;
    }
    if let Some(note) = place.and_then(|p| args.eval.found_note(&decision.findings, &p)) {
        print_err(&note);
    }
    let exit = args.eval.findings_exit(&decision.findings);
    // The process ends here: freeing a county's records and decision piece by piece would
    // take longer than the report.
    std::mem::forget(records);
    std::mem::forget(decision);
    exit
}

/// Whether `a` names the directory `b` (both exist and are the same directory).
/// Whether `out` is the records directory or lies inside it (`out` need not exist yet: its
/// nearest existing ancestor decides).
fn inside(out: &Path, records: &Path) -> bool {
    let Ok(records) = records.canonicalize() else {
        return false;
    };
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    absolute
        .ancestors()
        .find_map(|a| a.canonicalize().ok())
        .is_some_and(|a| a.starts_with(&records))
}
