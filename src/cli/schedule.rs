//! `careplan schedule <POLICY_DIR> <RECORDS_DIR> --from DATE --to DATE`: every due item per
//! staff member and per child, as text, JSON or an iCalendar file.

use super::common::{EvalArgs, LangArg, RecordArgs, load_records, parse_date};
use super::{Exit, masked, print_err, print_out};
use careplan::report;
use careplan::schedule::{ScheduleOptions, schedule};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
    /// iCalendar (RFC 5545): one all-day event per due item, stable UIDs.
    Ics,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (holds plan.ron).
    policy: PathBuf,
    /// Records directory (calendar.csv, students.csv, …, or one workbook).
    records: PathBuf,
    /// First due day listed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: NaiveDate,
    /// Last due day listed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: NaiveDate,
    /// Statuses as of this day (YYYY-MM-DD); default today. Records dated after it are ignored.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Only the items of this staff member.
    #[arg(long, value_name = "ID")]
    staff: Option<String>,
    /// Only the items of this child.
    #[arg(long, value_name = "ID")]
    student: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the output to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Language of the text and of the events (default: from the locale).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// An error finding in the records stops the run (exit 2).
    #[arg(long)]
    strict: bool,
    /// Warnings count like errors for the exit code (exit 1).
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    privacy: RecordArgs,
}

pub(crate) fn run(args: &Args) -> Exit {
    if args.to < args.from {
        print_err(&format!(
            "error: --to {} is before --from {}\n",
            args.to, args.from
        ));
        return Exit::Failed;
    }
    let eval = EvalArgs {
        as_of: args.as_of,
        year: None,
        lang: args.lang,
        strict: args.strict,
        deny_warnings: args.deny_warnings,
        threads: 0,
        privacy: args.privacy.clone(),
    };
    let (draft, policy) = match eval.request(&args.policy, &args.records).read_policy() {
        Ok(x) => x,
        Err(e) => return super::common::fail(&e, eval.lang()),
    };
    let (records, masker) = match load_records(&args.records, &eval) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let opts = ScheduleOptions {
        from: args.from,
        to: args.to,
        as_of: eval.options().as_of,
    };
    if let Some(id) = &args.staff
        && !records.staff.iter().any(|s| &s.staff_id == id)
    {
        print_err(&format!("error: no staff member `{id}` in staff.csv\n"));
        return Exit::Failed;
    }
    if let Some(id) = &args.student
        && !records.students.iter().any(|s| &s.student_id == id)
    {
        print_err(&format!("error: no student `{id}` in students.csv\n"));
        return Exit::Failed;
    }
    let mut sched = match schedule(&policy, &records, &opts) {
        Ok(s) => s,
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            return Exit::Failed;
        }
    };
    sched.findings.extend(
        draft
            .lint(&policy)
            .into_iter()
            .chain(draft.lint_with_records(&policy, &records))
            .map(|d| careplan::records::Finding::from(&d)),
    );
    sched.findings.sort();
    sched.findings.dedup();
    if args.staff.is_some() || args.student.is_some() {
        sched = sched.only(args.staff.as_deref(), args.student.as_deref());
    }
    let lang = eval.lang();
    let text = match args.format {
        Format::Text => report::schedule::text(&sched, lang),
        Format::Json => report::schedule::json(&sched),
        Format::Ics => report::ics::render(&sched, lang),
    };
    match &args.output {
        None => print_out(&masker, &text),
        Some(path) => {
            if let Err(e) = std::fs::write(path, masked(&masker, &text)) {
                print_err(&format!(
                    "error: cannot write `{}`: {e}\n",
                    careplan::paths::shown(path)
                ));
                return Exit::Failed;
            }
            print_err(&format!(
                "wrote {} to {}\n",
                report::count(sched.items.len(), "item", "items"),
                careplan::paths::shown(path)
            ));
            // An iCalendar file has no place for findings: they are printed here.
            let place = match args.format {
                Format::Text => format!(
                    "the findings at the end of {}",
                    careplan::paths::shown(path)
                ),
                Format::Json => format!("`findings` in {}", careplan::paths::shown(path)),
                Format::Ics => "below (a calendar file has no place for them)".to_owned(),
            };
            if let Some(note) = eval.found_note(&sched.findings, &place) {
                print_err(&note);
                if args.format == Format::Ics {
                    for f in &sched.findings {
                        print_err(&masked(&masker, &format!("  {f}\n")));
                    }
                }
            }
        }
    }
    eval.findings_exit(&sched.findings)
}
