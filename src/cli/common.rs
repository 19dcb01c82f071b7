//! Arguments and steps shared by the commands: loading a policy and records with the right
//! exit code on failure, the as-of date, the language.

use super::{Exit, print_err};
use careplan::eval::{EvalOptions, Rows, Settings};
use careplan::lang::Lang;
use careplan::pipeline::{PipelineError, Privacy, Request, Run};
use careplan::privacy::Masker;
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

    /// How personal data is shown.
    pub fn privacy(&self) -> Privacy {
        Privacy {
            reveal: self.reveal,
            mask_names: self.mask_names,
        }
    }

    /// A request for `records` alone (no policy: `check` without one, the loader of
    /// `schedule`), as of today.
    pub fn records_request(&self, dir: &Path) -> Request {
        let mut req = Request::new("", dir, careplan::pipeline::today());
        req.load = self.load_options();
        req.privacy = self.privacy();
        req
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

/// Loads the records of `req` with the progress bar; on failure prints the problems (exit 2).
fn load_with_bar(req: &Request, quiet: bool, lang: Lang) -> Result<Records, Exit> {
    let bar = LoadBar::new(quiet);
    let progress = |done: u64, total: u64| bar.show(done, total);
    let records = req.load_records(&progress);
    bar.finish();
    records.map_err(|e| fail(&e, lang))
}

/// Prints why a run stopped, naming the flags that change it, and gives exit 2.
pub(crate) fn fail(e: &PipelineError, lang: Lang) -> Exit {
    let text = match e {
        PipelineError::Strict(_) => format!("--{}", e.text(lang)),
        other => other.text(lang),
    };
    print_err(&text);
    Exit::Failed
}

/// Runs the whole pipeline of `req` (the progress bar unless `quiet`); what it shows goes
/// through the run's masker. On failure prints why and gives exit 2.
pub(crate) fn run_request(req: &Request, quiet: bool, lang: Lang) -> Result<Run, Exit> {
    let bar = LoadBar::new(quiet);
    let progress = |done: u64, total: u64| bar.show(done, total);
    let run = req.run_with_progress(&progress);
    bar.finish();
    run.map_err(|e| fail(&e, lang))
}

impl EvalArgs {
    /// The evaluation options (as-of date defaults to today).
    pub fn options(&self) -> EvalOptions {
        EvalOptions {
            as_of: self.as_of.unwrap_or_else(careplan::pipeline::today),
            year: self.year.clone(),
        }
    }

    /// The request these options make for a policy package and a records directory.
    pub fn request(&self, policy: &Path, records: &Path) -> Request {
        Request {
            policy_dir: policy.to_owned(),
            records_dir: records.to_owned(),
            load: self.privacy.load_options(),
            privacy: self.privacy.privacy(),
            eval: self.options(),
            settings: Settings {
                rows: Rows::All,
                threads: self.threads,
            },
            edits: Vec::new(),
            strict: self.strict,
        }
    }

    /// The report language.
    pub fn lang(&self) -> Lang {
        self.lang.map_or_else(Lang::from_env, Lang::from)
    }

    /// Exit code for a decision's findings: 1 for error findings (or warnings under
    /// `--deny-warnings`), else 0.
    pub fn findings_exit(&self, findings: &[Finding]) -> Exit {
        found_exit(findings, self.deny_warnings)
    }

    /// When the report went to a file and the run exits 1 for its findings, what to print on
    /// stderr so that the exit code is not silent: how many there are, and `place` (where in
    /// the file they are listed).
    pub fn found_note(&self, findings: &[Finding], place: &str) -> Option<String> {
        found_note(findings, self.deny_warnings, place)
    }
}

/// Exit code for findings: 1 for error findings (or warnings when `deny_warnings`), else 0.
pub(crate) fn found_exit(findings: &[Finding], deny_warnings: bool) -> Exit {
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    let warnings = findings.iter().any(|f| f.severity == Severity::Warning);
    if errors || (deny_warnings && warnings) {
        Exit::Found
    } else {
        Exit::Ok
    }
}

/// See [`EvalArgs::found_note`]: `found 2 error findings and 1 warning: see <place>`.
pub(crate) fn found_note(findings: &[Finding], deny_warnings: bool, place: &str) -> Option<String> {
    if found_exit(findings, deny_warnings) != Exit::Found {
        return None;
    }
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (n(Severity::Error), n(Severity::Warning));
    let mut counts = Vec::new();
    if errors > 0 {
        counts.push(careplan::units::count(
            errors,
            "error finding",
            "error findings",
        ));
    }
    if warnings > 0 {
        counts.push(careplan::units::count(warnings, "warning", "warnings"));
    }
    Some(format!("found {}: see {place}\n", counts.join(" and ")))
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

/// Loads a records directory as `args` ask (encoding, `--strict`); on failure prints the
/// problems and gives exit 2. Also gives the masker of what is shown of them.
pub(crate) fn load_records(dir: &Path, args: &EvalArgs) -> Result<(Records, Masker), Exit> {
    let mut req = args.privacy.records_request(dir);
    req.strict = args.strict;
    let records = load_with_bar(&req, args.privacy.quiet, args.lang())?;
    let masker = req.masker(&records);
    Ok((records, masker))
}

/// Loads both inputs and evaluates (see [`Request::run`]): the decision's findings also hold
/// the policy's warnings.
pub(crate) fn load_and_decide(policy: &Path, records: &Path, args: &EvalArgs) -> Result<Run, Exit> {
    load_and_decide_rows(policy, records, args, Rows::All)
}

/// [`load_and_decide`], listing only the obligation windows `rows` asks for.
pub(crate) fn load_and_decide_rows(
    policy: &Path,
    records: &Path,
    args: &EvalArgs,
    rows: Rows,
) -> Result<Run, Exit> {
    let mut req = args.request(policy, records);
    req.settings.rows = rows;
    run_request(&req, args.privacy.quiet, args.lang())
}
