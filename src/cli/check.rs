//! `careplan check <POLICY> [RECORDS]`: validate a package (and how it meets the records).

use super::{Exit, print_err, print_out};
use careplan::diagnostic::{Diagnostic, Level};
use careplan::policy::Draft;
use careplan::records::{Finding, Severity};
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory.
    policy: PathBuf,
    /// Records directory: also check how the policy meets these records.
    records: Option<PathBuf>,
    /// Output format (JSON for editors and CI).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Warnings give exit code 1.
    #[arg(long)]
    deny_warnings: bool,
    /// Language of the summary line (messages are in English).
    #[arg(long, value_enum)]
    lang: Option<super::common::LangArg>,
}

fn emit(
    format: Format,
    diagnostics: &[Diagnostic],
    findings: &[Finding],
    to_err: bool,
    lang: careplan::lang::Lang,
) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .count()
        + findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
    let warnings = diagnostics.len() + findings.len() - errors;
    let text = match format {
        Format::Text => {
            let mut t = String::new();
            for d in diagnostics {
                t.push_str(&d.render());
                t.push('\n');
            }
            for f in findings {
                t.push_str(&format!("{f}\n"));
            }
            t.push_str(&match lang {
                careplan::lang::Lang::En => format!(
                    "{}, {}\n",
                    careplan::report::count(errors, "error", "errors"),
                    careplan::report::count(warnings, "warning", "warnings")
                ),
                careplan::lang::Lang::Zh => format!("错误 {errors}，警告 {warnings}\n"),
            });
            t
        }
        Format::Json => {
            let v = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
                "findings": findings,
            });
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
    };
    if to_err && format == Format::Text {
        print_err(&text);
    } else {
        print_out(&text);
    }
}

pub(crate) fn run(args: &Args) -> Exit {
    let lang = args
        .lang
        .map_or_else(careplan::lang::Lang::from_env, careplan::lang::Lang::from);
    let loaded = Draft::read_dir(&args.policy).and_then(|d| d.validate().map(|p| (d, p)));
    let (draft, policy) = match loaded {
        Ok(x) => x,
        Err(e) => {
            emit(args.format, &e.diagnostics, &[], true, lang);
            return Exit::Failed;
        }
    };
    let mut diagnostics = draft.lint(&policy);
    let mut findings = Vec::new();
    if let Some(dir) = &args.records {
        match careplan::records::load_dir(dir) {
            Ok(records) => {
                diagnostics.extend(draft.lint_with_records(&policy, &records));
                findings = records.findings;
            }
            Err(e) => {
                emit(args.format, &diagnostics, &e.problems, true, lang);
                return Exit::Failed;
            }
        }
    }
    emit(args.format, &diagnostics, &findings, false, lang);
    let record_errors = findings.iter().any(|f| f.severity == Severity::Error);
    if record_errors || (args.deny_warnings && (!diagnostics.is_empty() || !findings.is_empty())) {
        Exit::Found
    } else {
        Exit::Ok
    }
}
