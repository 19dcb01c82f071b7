//! `careplan evaluate <POLICY_DIR> <RECORDS_DIR>`.

use super::common::{EvalArgs, load_and_decide};
use super::{Exit, print_out};
use careplan::report::{self, ObligationFilter};
use clap::ValueEnum;
use std::path::PathBuf;

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

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (holds plan.ron).
    policy: PathBuf,
    /// Records directory (calendar.csv, students.csv, …).
    records: PathBuf,
    #[command(flatten)]
    eval: EvalArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Which obligation windows to list: default `all` for JSON, `overdue` for text.
    #[arg(long, value_enum)]
    obligations: Option<Obligations>,
}

pub(crate) fn run(args: &Args) -> Exit {
    let (_, _, decision) = match load_and_decide(&args.policy, &args.records, &args.eval) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    let lang = args.eval.lang();
    let filter = match (args.obligations, args.format) {
        (Some(Obligations::All), _) | (None, Format::Json) => ObligationFilter::All,
        (Some(Obligations::Overdue), _) | (None, Format::Text) => ObligationFilter::Overdue,
        (Some(Obligations::None), _) => ObligationFilter::None,
    };
    print_out(&match args.format {
        Format::Text => report::text::render(&decision, filter, lang),
        Format::Json => report::json::render(&decision, filter, lang),
    });
    args.eval.findings_exit(&decision.findings)
}
