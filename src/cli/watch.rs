//! `careplan watch <POLICY_DIR> <RECORDS_DIR>`: the report, then what changed after each save.

use super::common::{LangArg, parse_date, parse_year};
use super::evaluate::{Format, Obligations};
use super::{Exit, print_err};
use careplan::lang::Lang;
use careplan::report::{self, ObligationFilter};
use careplan::watch::{Outcome, Reload, Reloader};
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (holds plan.ron).
    policy: PathBuf,
    /// Records directory (calendar.csv, students.csv, …).
    records: PathBuf,
    /// Evaluate as of this day (YYYY-MM-DD); default the day the watch starts.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Academic year to assess (YYYY-YYYY); default the year of the latest term started by the as-of date.
    #[arg(long, value_name = "YYYY-YYYY", value_parser = parse_year)]
    year: Option<String>,
    /// Language of the text report (default: from the locale).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Output format: `json` prints one line per reload.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Which obligation windows to list: default `all` for JSON, `overdue` for text.
    #[arg(long, value_enum)]
    obligations: Option<Obligations>,
    /// Quiet period: a changed file is read once no event touched it and its size and
    /// modification time stayed the same for this long.
    #[arg(long, value_name = "MS", default_value_t = 300)]
    debounce_ms: u64,
    /// An error finding in the records keeps the last good decision (the reload fails).
    #[arg(long)]
    strict: bool,
    /// Threads to evaluate on, at most 256 (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = super::common::parse_threads)]
    threads: usize,
    #[command(flatten)]
    privacy: super::common::RecordArgs,
}

pub(crate) fn run(args: &Args) -> Exit {
    for dir in [&args.policy, &args.records] {
        if !dir.is_dir() {
            print_err(&format!(
                "error: `{}` is not a directory\n",
                careplan::paths::shown(dir)
            ));
            return Exit::Failed;
        }
    }
    // The same request as `evaluate` makes with these options.
    let eval = super::common::EvalArgs {
        as_of: args.as_of,
        year: args.year.clone(),
        lang: args.lang,
        strict: args.strict,
        deny_warnings: false,
        threads: args.threads,
        privacy: args.privacy.clone(),
    };
    let reloader = Arc::new(Reloader::with_request(
        eval.request(&args.policy, &args.records),
    ));
    let watch = match reloader.watch(Duration::from_millis(args.debounce_ms)) {
        Ok(w) => w,
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
    while let Some(reload) = watch.recv() {
        let text = match args.format {
            Format::Text => text(&reload, filter, lang),
            Format::Json => json_line(&reload, filter, lang),
        };
        // Masked by the served run's masker (its names under --mask-names; nothing under
        // --reveal); before anything loads, ID and phone numbers as every output.
        let masker = match &reload.outcome {
            Outcome::Loaded { current, .. }
            | Outcome::Failed {
                serving: Some(current),
                ..
            } => (*current.masker).clone(),
            Outcome::Failed { serving: None, .. } if args.privacy.reveal => {
                careplan::privacy::Masker::reveal()
            }
            Outcome::Failed { serving: None, .. } => careplan::privacy::Masker::numbers_only(),
        };
        let text = masker
            .apply(&careplan::privacy::escape_controls(&text))
            .into_owned();
        // Nobody reads any more (`careplan watch … | head`): stop.
        let mut out = std::io::stdout().lock();
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
    Exit::Ok
}

/// The files of a reload, for a header.
fn files(reload: &Reload) -> String {
    reload
        .files
        .iter()
        .map(|f| careplan::paths::shown(f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text: the full report for the first good decision, then a header and the diff (or the
/// diagnostics) per reload.
fn text(reload: &Reload, filter: ObligationFilter, lang: Lang) -> String {
    let time = format!(
        "{}, {} ms",
        chrono::Local::now().format("%H:%M:%S"),
        reload.took.as_millis()
    );
    let mut head = format!("== reload {}", reload.number);
    if !reload.files.is_empty() {
        head.push_str(&format!(": {}", files(reload)));
    }
    match &reload.outcome {
        Outcome::Loaded {
            changed: Some(changed),
            ..
        } => format!(
            "\n{head} ({time}) ==\n{}",
            report::diff::text(changed, lang)
        ),
        Outcome::Loaded {
            current,
            changed: None,
        } => {
            let report = report::text::render(&current.decision, filter, lang);
            if reload.number == 0 {
                format!("{report}\nwatching for changes…\n")
            } else {
                format!("\n{head} ({time}) ==\n{report}")
            }
        }
        Outcome::Failed { error, serving } => {
            let still = match serving {
                Some(c) => format!("still serving reload {}", c.reload),
                None => "nothing to serve yet".to_owned(),
            };
            format!("\n{head} ({time}): not loaded, {still} ==\n{error}")
        }
    }
}

/// JSON: one line per reload.
fn json_line(reload: &Reload, filter: ObligationFilter, lang: Lang) -> String {
    let files: Vec<String> = reload
        .files
        .iter()
        .map(|f| careplan::paths::shown(f))
        .collect();
    let value = match &reload.outcome {
        Outcome::Loaded { current, changed } => json!({
            "reload": reload.number,
            "ok": true,
            "files": files,
            "decision": report::json::to_value(&current.decision, filter, lang),
            "changed": changed,
        }),
        Outcome::Failed { error, serving } => {
            let mut v = json!({
                "reload": reload.number,
                "ok": false,
                "files": files,
                "serving": serving.as_ref().map(|c| c.reload),
                "diagnostics": error.policy.as_ref().map_or(&[][..], |e| &e.diagnostics[..]),
            });
            if let Some(obj) = v.as_object_mut() {
                if let Some(e) = &error.records {
                    obj.insert("problems".into(), json!(e.problems));
                }
                if let Some(e) = &error.eval {
                    obj.insert("error".into(), Value::String(e.to_string()));
                }
            }
            v
        }
    };
    let mut line = value.to_string();
    line.push('\n');
    line
}
