//! `careplan whatif <BASE_POLICY> [<ALT_POLICY>] <RECORDS> [--set path=value ...]`.

use super::common::{EvalArgs, add_policy_warnings, decide, load_records};
use super::{Exit, print_err, print_out};
use careplan::diff::diff;
use careplan::policy::Draft;
use careplan::report::diff as render;
use clap::ValueEnum;
use std::path::{Path, PathBuf};

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

fn read(dir: &Path) -> Result<Draft, Exit> {
    Draft::read_dir(dir).map_err(|e| {
        print_err(&e.to_string());
        Exit::Failed
    })
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
    let (base_draft, base) = match read(base_dir).and_then(|d| {
        let p = d.validate().map_err(|e| {
            print_err(&e.to_string());
            Exit::Failed
        })?;
        Ok((d, p))
    }) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    let mut alt = match read(alt_dir.unwrap_or(base_dir)) {
        Ok(d) => d,
        Err(exit) => return exit,
    };
    for set in &args.sets {
        let Some((path, value)) = set.split_once('=') else {
            print_err(&format!(
                "error: `--set {set}` needs the form PATH=VALUE, e.g. prize_tiers.progress.amount_fen=2000\n"
            ));
            return Exit::Failed;
        };
        if let Err(e) = alt.set(path.trim(), value) {
            print_err(&format!("{e}\n"));
            return Exit::Failed;
        }
    }
    if !args.sets.is_empty() {
        alt.file = format!("{} (with --set)", alt.file);
    }
    let alt_draft = alt;
    let alt = match alt_draft.validate() {
        Ok(p) => p,
        Err(e) => {
            print_err(&e.to_string());
            return Exit::Failed;
        }
    };
    let records = match load_records(records_dir, &args.eval) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let (mut b, mut a) = match (
        decide(&base, &records, &args.eval),
        decide(&alt, &records, &args.eval),
    ) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(exit), _) | (_, Err(exit)) => return exit,
    };
    add_policy_warnings(&mut b, &base_draft, &base, &records);
    add_policy_warnings(&mut a, &alt_draft, &alt, &records);
    let mut d = diff(&b, &a);
    d.edits = args.sets.iter().map(|s| s.trim().to_owned()).collect();
    print_out(&match args.format {
        Format::Text => render::text(&d, args.eval.lang()),
        Format::Json => render::json(&d),
        Format::Markdown => render::markdown(&d, args.eval.lang()),
    });
    args.eval.findings_exit(&a.findings)
}
