//! `careplan whatif <BASE_POLICY> [<ALT_POLICY>] <RECORDS> [--set path=value ...]`.

use super::common::{EvalArgs, fail, load_records};
use super::{Exit, print_err, print_out};
use careplan::diff::diff;
use careplan::report::diff as render;
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// BASE_POLICY [ALT_POLICY] RECORDS: two or three directories.
    #[arg(num_args = 2..=3, value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
    /// Edit the alternative (the ALT_POLICY, or a copy of the base) without touching files,
    /// e.g. `prize_tiers.progress.amount_fen=2000`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    sets: Vec<String>,
    #[command(flatten)]
    eval: EvalArgs,
    /// Output format (markdown: for pasting into a meeting note).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub(crate) fn run(args: &Args) -> Exit {
    let (base_dir, alt_dir, records_dir) = match args.dirs.as_slice() {
        [b, r] => (b, None, r),
        [b, a, r] => (b, Some(a), r),
        _ => return Exit::Failed,
    };
    if alt_dir.is_none() && args.sets.is_empty() {
        print_err(
            "error: nothing to compare: give an ALT_POLICY directory or at least one --set\n",
        );
        return Exit::Failed;
    }
    let base_req = args.eval.request(base_dir, records_dir);
    let mut alt_req = args.eval.request(alt_dir.unwrap_or(base_dir), records_dir);
    for set in &args.sets {
        let Some((path, value)) = set.split_once('=') else {
            print_err(&format!(
                "error: `--set {set}` needs the form PATH=VALUE, e.g. prize_tiers.progress.amount_fen=2000\n"
            ));
            return Exit::Failed;
        };
        alt_req
            .edits
            .push((path.trim().to_owned(), value.to_owned()));
    }
    let read = |req: &careplan::pipeline::Request| {
        req.read_policy().map_err(|e| fail(&e, args.eval.lang()))
    };
    let ((base_draft, base), (alt_draft, alt)) = match (read(&base_req), read(&alt_req)) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(exit), _) | (_, Err(exit)) => return exit,
    };
    // The records are read once, for both schemes.
    let (records, masker) = match load_records(records_dir, &args.eval) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let (b, a) = match (
        base_req.decide(&base_draft, &base, &records),
        alt_req.decide(&alt_draft, &alt, &records),
    ) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => return fail(&e, args.eval.lang()),
    };
    let mut d = diff(&b, &a);
    d.edits = args.sets.iter().map(|s| s.trim().to_owned()).collect();
    print_out(
        &masker,
        &match args.format {
            Format::Text => render::text(&d, args.eval.lang()),
            Format::Json => render::json(&d),
            Format::Markdown => render::markdown(&d, args.eval.lang()),
        },
    );
    args.eval.findings_exit(&a.findings)
}
