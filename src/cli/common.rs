//! Arguments and steps shared by the commands: loading a policy and records with the right
//! exit code on failure, the as-of date, the language.

use super::{Exit, print_err};
use careplan::eval::{Decision, EvalOptions, Rows, Settings, evaluate_with};
use careplan::lang::Lang;
use careplan::policy::Policy;
use careplan::records::{Finding, Records, Severity};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::path::Path;

/// `--lang`.
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

/// The options every evaluating command takes.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct EvalArgs {
    /// Evaluate as of this day (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Academic year to assess (YYYY-YYYY); default the year of the latest term started by the as-of date.
    #[arg(long, value_name = "YYYY-YYYY", value_parser = parse_year)]
    pub year: Option<String>,
    /// Language of text reports and explanations (default: from the locale).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// An error finding in the records stops the run (exit 2) with no decision.
    #[arg(long)]
    pub strict: bool,
    /// Warnings count like errors for the exit code (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Threads to evaluate on, at most 256 (default: one per core); the results do not depend
    /// on it.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = parse_threads)]
    pub threads: usize,
    #[command(flatten)]
    pub privacy: RecordArgs,
}

/// How records are read and personal data shown: every command that reads records.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct RecordArgs {
    /// Encoding of the CSV record files: auto (a BOM, else UTF-8, else GBK/GB18030), utf-8, gbk.
    #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = parse_encoding)]
    pub encoding: careplan::records::Encoding,
    /// Show names as surname and stars (张**).
    #[arg(long)]
    pub mask_names: bool,
    /// Show personal data unmasked (ID and phone numbers, student ids that are ID numbers).
    #[arg(long, conflicts_with = "mask_names")]
    pub reveal: bool,
    /// No progress bar while large records load (there is none when stderr is not a terminal).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl RecordArgs {
    /// The load options.
    pub fn load_options(&self) -> careplan::records::LoadOptions {
        careplan::records::LoadOptions {
            encoding: self.encoding,
        }
    }

    /// Loads a records directory and masks every later output by its names (see
    /// [`super::set_masker`]); on failure prints the problems and gives exit 2.
    pub fn load(&self, dir: &Path) -> Result<Records, Exit> {
        if self.reveal {
            super::set_masker(careplan::privacy::Masker::reveal());
        }
        let bar = LoadBar::new(self.quiet);
        let progress = |done: u64, total: u64| bar.show(done, total);
        let records = careplan::records::load_dir_progress(dir, &self.load_options(), &progress);
        bar.finish();
        let records = records.map_err(|e| {
            print_err(&format!("{e}\n"));
            Exit::Failed
        })?;
        self.mask_by(&records);
        Ok(records)
    }

    /// Masks every later output by the names of `records` (see [`super::set_masker`]).
    pub fn mask_by(&self, records: &Records) {
        super::set_masker(careplan::privacy::Masker::new(
            records,
            self.reveal,
            self.mask_names,
        ));
    }
}

/// The progress bar of a long load: drawn on stderr when it is a terminal, the records are
/// large (over 32 MB, or `CAREPLAN_PROGRESS_BYTES`) and `--quiet` is not given.
struct LoadBar {
    quiet: bool,
    /// Record files of at least this many bytes show the bar.
    large: u64,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl LoadBar {
    /// Bytes of record files from which the bar is shown, unless the environment sets it.
    const LARGE: u64 = 32 << 20;

    fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        LoadBar {
            quiet: quiet || !std::io::stderr().is_terminal(),
            large: std::env::var("CAREPLAN_PROGRESS_BYTES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(Self::LARGE),
            bar: std::sync::OnceLock::new(),
        }
    }

    fn show(&self, done: u64, total: u64) {
        if self.quiet || total < self.large {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let style = indicatif::ProgressStyle::with_template(
                "reading records {bar:30} {binary_bytes}/{binary_total_bytes} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            indicatif::ProgressBar::new(total).with_style(style)
        });
        bar.set_position(done.min(total));
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// `--threads`: 0 (one per core) up to [`careplan::eval::MAX_THREADS`].
pub(crate) fn parse_threads(s: &str) -> Result<usize, String> {
    let max = careplan::eval::MAX_THREADS;
    match s.trim().parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        Ok(_) => Err(format!("at most {max} threads (0 = one per core)")),
        Err(_) => Err(format!(
            "a number of threads, 0 to {max} (0 = one per core)"
        )),
    }
}

pub(crate) fn parse_encoding(s: &str) -> Result<careplan::records::Encoding, String> {
    s.parse()
}

impl EvalArgs {
    /// The evaluation options (as-of date defaults to today).
    pub fn options(&self) -> EvalOptions {
        EvalOptions {
            as_of: self
                .as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
            year: self.year.clone(),
        }
    }

    /// The report language.
    pub fn lang(&self) -> Lang {
        self.lang.map_or_else(Lang::from_env, Lang::from)
    }

    /// Exit code for a decision's findings: 1 for error findings (or warnings under
    /// `--deny-warnings`), else 0.
    pub fn findings_exit(&self, findings: &[Finding]) -> Exit {
        let errors = findings.iter().any(|f| f.severity == Severity::Error);
        let warnings = findings.iter().any(|f| f.severity == Severity::Warning);
        if errors || (self.deny_warnings && warnings) {
            Exit::Found
        } else {
            Exit::Ok
        }
    }
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

pub(crate) fn parse_year(s: &str) -> Result<String, String> {
    if careplan::policy::is_academic_year(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "`{s}` is not an academic year; write YYYY-YYYY, e.g. 2025-2026"
        ))
    }
}

/// Loads a policy package; on failure prints its diagnostics and gives exit 2.
pub(crate) fn load_policy(dir: &Path) -> Result<Policy, Exit> {
    careplan::policy::load_dir(dir).map_err(|e| {
        print_err(&e.to_string());
        Exit::Failed
    })
}

/// Loads a records directory; on failure (or an error finding under `--strict`) prints the
/// problems and gives exit 2.
pub(crate) fn load_records(dir: &Path, args: &EvalArgs) -> Result<Records, Exit> {
    let records = args.privacy.load(dir)?;
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
        return Err(Exit::Failed);
    }
    Ok(records)
}

/// Evaluates; on failure prints the error and gives exit 2.
pub(crate) fn decide(
    policy: &Policy,
    records: &Records,
    args: &EvalArgs,
) -> Result<Decision, Exit> {
    decide_rows(policy, records, args, Rows::All)
}

/// [`decide`], listing only the obligation windows `rows` asks for.
fn decide_rows(
    policy: &Policy,
    records: &Records,
    args: &EvalArgs,
    rows: Rows,
) -> Result<Decision, Exit> {
    let settings = Settings {
        rows,
        threads: args.threads,
    };
    evaluate_with(policy, records, &args.options(), &settings).map_err(|e| {
        print_err(&format!("error: {e}\n"));
        Exit::Failed
    })
}

/// Loads both inputs and evaluates. The decision's findings also hold the policy's
/// warnings: prize tiers that overlap or leave a gap, and kinds, roles, titles or schemes
/// that the records never contain (a typo there would otherwise change figures silently).
pub(crate) fn load_and_decide(
    policy: &Path,
    records: &Path,
    args: &EvalArgs,
) -> Result<(Policy, Records, Decision), Exit> {
    load_and_decide_rows(policy, records, args, Rows::All)
}

/// [`load_and_decide`], listing only the obligation windows `rows` asks for.
pub(crate) fn load_and_decide_rows(
    policy: &Path,
    records: &Path,
    args: &EvalArgs,
    rows: Rows,
) -> Result<(Policy, Records, Decision), Exit> {
    let draft = careplan::policy::Draft::read_dir(policy).map_err(|e| {
        print_err(&e.to_string());
        Exit::Failed
    })?;
    let policy = draft.validate().map_err(|e| {
        print_err(&e.to_string());
        Exit::Failed
    })?;
    let records = load_records(records, args)?;
    let mut decision = decide_rows(&policy, &records, args, rows)?;
    add_policy_warnings(&mut decision, &draft, &policy, &records);
    Ok((policy, records, decision))
}

/// Adds the policy's warnings (tiers that overlap or leave a gap; kinds, roles, titles or
/// schemes the records never contain) to a decision's findings.
pub(crate) fn add_policy_warnings(
    decision: &mut Decision,
    draft: &careplan::policy::Draft,
    policy: &Policy,
    records: &Records,
) {
    let warnings = draft
        .lint(policy)
        .into_iter()
        .chain(draft.lint_with_records(policy, records));
    decision
        .findings
        .extend(warnings.map(|d| careplan::records::Finding::from(&d)));
    decision.findings.sort();
}
