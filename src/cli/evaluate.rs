//! `careplan evaluate <POLICY_DIR> <RECORDS_DIR>`.

use super::{Exit, print_err, print_out};
use careplan::eval::{EvalOptions, evaluate};
use careplan::lang::Lang;
use careplan::records::Severity;
use careplan::report::{self, ObligationFilter};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Obligations {
    All,
    Overdue,
    None,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (holds plan.ron).
    policy: PathBuf,
    /// Records directory (calendar.csv, students.csv, …).
    records: PathBuf,
    /// Evaluate as of this day (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Academic year to assess (YYYY-YYYY); default the year of the latest term started by the as-of date.
    #[arg(long, value_name = "YYYY-YYYY", value_parser = parse_year)]
    year: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Which obligation windows to list: default `all` for JSON, `overdue` for text.
    #[arg(long, value_enum)]
    obligations: Option<Obligations>,
    /// Language of the text report and of trace explanations (default: from the locale).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// An error finding in the records stops the run (exit 2) with no decision.
    #[arg(long)]
    strict: bool,
    /// Warnings count like errors for the exit code (exit 1).
    #[arg(long)]
    deny_warnings: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

fn parse_year(s: &str) -> Result<String, String> {
    if careplan::policy::is_academic_year(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not an academic year; write YYYY-YYYY, e.g. 2025-2026"
        ))
    }
}

pub(crate) fn run(args: &Args) -> Exit {
    let policy = match careplan::policy::load_dir(&args.policy) {
        Ok(p) => p,
        Err(e) => {
            print_err(&e.to_string());
            return Exit::Failed;
        }
    };
    let records = match careplan::records::load_dir(&args.records) {
        Ok(r) => r,
        Err(e) => {
            print_err(&format!("{e}\n"));
            return Exit::Failed;
        }
    };
    if args.strict
        && records
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
    {
        let mut text =
            String::from("--strict: the records have error findings, no decision made\n");
        for f in records
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
        {
            text.push_str(&format!("{f}\n"));
        }
        print_err(&text);
        return Exit::Failed;
    }
    let opts = EvalOptions {
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        year: args.year.clone(),
    };
    let decision = match evaluate(&policy, &records, &opts) {
        Ok(d) => d,
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            return Exit::Failed;
        }
    };
    let lang = args.lang.map_or_else(Lang::from_env, Lang::from);
    let filter = match (args.obligations, args.format) {
        (Some(Obligations::All), _) | (None, Format::Json) => ObligationFilter::All,
        (Some(Obligations::Overdue), _) | (None, Format::Text) => ObligationFilter::Overdue,
        (Some(Obligations::None), _) => ObligationFilter::None,
    };
    print_out(&match args.format {
        Format::Text => report::text::render(&decision, filter, lang),
        Format::Json => report::json::render(&decision, filter, lang),
    });
    let errors = decision
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    let warnings = decision
        .findings
        .iter()
        .any(|f| f.severity == Severity::Warning);
    if errors || (args.deny_warnings && warnings) {
        Exit::Found
    } else {
        Exit::Ok
    }
}
