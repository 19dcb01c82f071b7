//! `careplan review <POLICY> <RECORDS> [--accept]`: compare the decision with the approved
//! snapshot stored in the package; exit 1 when they differ.

use super::common::{EvalArgs, LangArg, RecordArgs, parse_date, run_request};
use super::{Exit, print_err, print_out};
use careplan::lang::Lang;
use careplan::review::{read_header, render, snapshot_path, unified_diff};
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (the snapshot lives in its `review/`).
    policy: PathBuf,
    /// Records directory.
    records: PathBuf,
    /// Write the current decision as the approved snapshot.
    #[arg(long)]
    accept: bool,
    /// As-of date (default: the snapshot's own; today for a new snapshot).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Language (default: the snapshot's own; the locale for a new snapshot).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// An error finding in the records stops the run (exit 2) with no decision.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    privacy: RecordArgs,
}

pub(crate) fn run(args: &Args) -> Exit {
    let path = snapshot_path(&args.policy, &args.records);
    let approved = std::fs::read_to_string(&path).ok();
    let header = approved.as_deref().and_then(read_header);
    let as_of = args
        .as_of
        .or(header.as_ref().map(|h| h.as_of))
        .unwrap_or_else(careplan::pipeline::today);
    let lang = args
        .lang
        .map(Lang::from)
        .or(header.as_ref().map(|h| h.lang))
        .unwrap_or_else(Lang::from_env);
    // The same request as `evaluate` makes with these record options.
    let eval = EvalArgs {
        as_of: Some(as_of),
        year: None,
        lang: args.lang,
        strict: args.strict,
        deny_warnings: false,
        threads: 0,
        privacy: args.privacy.clone(),
    };
    let run = match run_request(
        &eval.request(&args.policy, &args.records),
        args.privacy.quiet,
        eval.lang(),
    ) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let decision = run.decision;
    let name = args.records.file_name().map_or_else(
        || "records".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Snapshots are committed: they never hold an ID or phone number, even under --reveal.
    let snapshot_masker =
        careplan::privacy::Masker::new(&run.records, false, args.privacy.mask_names);
    let now = snapshot_masker
        .apply(&careplan::privacy::escape_controls(&render(
            &decision, &name, lang,
        )))
        .into_owned();
    let shown = careplan::paths::shown(&path);
    if args.accept {
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &now));
        return match written {
            Ok(()) => {
                print_out(&run.masker, &format!("accepted: {shown}\n"));
                Exit::Ok
            }
            Err(e) => {
                print_err(&format!("error: cannot write `{shown}`: {e}\n"));
                Exit::Failed
            }
        };
    }
    match approved {
        None => {
            print_err(&format!(
                "no approved snapshot at `{shown}`; review the report and run again with --accept\n"
            ));
            print_out(&run.masker, &now);
            Exit::Found
        }
        Some(approved) => {
            let diff = unified_diff(&approved, &now, &shown);
            if diff.is_empty() {
                print_out(&run.masker, &format!("unchanged: {shown}\n"));
                Exit::Ok
            } else {
                print_out(&run.masker, &diff);
                Exit::Found
            }
        }
    }
}
