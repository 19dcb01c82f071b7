//! The pipeline as one request: read the policy package (with `--set` edits) and validate it,
//! load the records, decide, and add the policy's warnings. Every command and the reloader of
//! `watch` go through [`Request`], so the same inputs give the same findings everywhere; the
//! command line only turns flags into a request and renders what comes back.

use crate::eval::{Decision, EvalError, EvalOptions, Settings, evaluate_with};
use crate::policy::{Draft, Policy, PolicyError, SetError};
use crate::privacy::Masker;
use crate::records::{Finding, LoadError, LoadOptions, Records, Severity};
use chrono::NaiveDate;
use std::path::PathBuf;

/// What the plan's file name gains when `--set` edits it (`plan.ron (with --set)`), so a
/// warning says it is about the edited plan; a diff strips it to compare the two sides.
pub const EDITED: &str = " (with --set)";

/// Today's date in the local time zone: the default as-of date of every command.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// How personal data is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Privacy {
    /// Show everything unmasked (`--reveal`).
    pub reveal: bool,
    /// Also mask the names of children, guardians, parents and staff (`--mask-names`).
    pub mask_names: bool,
}

/// Everything a run needs: the inputs, how to read them, and how to decide.
#[derive(Debug, Clone)]
pub struct Request {
    /// The policy package directory (holding `plan.ron`).
    pub policy_dir: PathBuf,
    /// The records directory.
    pub records_dir: PathBuf,
    /// How record files are read (encoding).
    pub load: LoadOptions,
    /// How personal data is shown.
    pub privacy: Privacy,
    /// As-of date and academic year.
    pub eval: EvalOptions,
    /// Which windows are listed and on how many threads.
    pub settings: Settings,
    /// Parameter edits applied to the policy before it is validated (`path`, `value`).
    pub edits: Vec<(String, String)>,
    /// An error finding in the records stops the run with no decision.
    pub strict: bool,
}

/// Why a run stopped before a decision.
#[derive(Debug, Clone)]
pub enum PipelineError {
    /// The policy package does not read or validate.
    Policy(PolicyError),
    /// A parameter edit does not apply.
    Edit(SetError),
    /// The records do not load.
    Records(LoadError),
    /// `strict` and the records have error findings (listed).
    Strict(Vec<Finding>),
    /// Nothing to evaluate.
    Eval(EvalError),
}

impl PipelineError {
    /// Why the run stopped, in `lang`: the diagnostics of the policy and the problems of the
    /// records in Chinese where they are written in Chinese; as `Display` in English.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (PipelineError::Policy(e), Lang::Zh) => e.text(lang),
            (PipelineError::Records(e), Lang::Zh) => format!("{}\n", e.text(lang)),
            (PipelineError::Strict(findings), Lang::Zh) => {
                let mut out = "strict：记录中有错误，未作评估\n".to_owned();
                for x in findings {
                    out.push_str(&x.text(lang));
                    out.push('\n');
                }
                out
            }
            (other, Lang::Zh) => other.to_string(),
        }
    }
}

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipelineError::Policy(e) => write!(f, "{e}"),
            PipelineError::Edit(e) => writeln!(f, "{e}"),
            PipelineError::Records(e) => writeln!(f, "{e}"),
            PipelineError::Strict(findings) => {
                writeln!(
                    f,
                    "strict: the records have error findings, no decision made"
                )?;
                for x in findings {
                    writeln!(f, "{x}")?;
                }
                Ok(())
            }
            PipelineError::Eval(e) => writeln!(f, "error: {e}"),
        }
    }
}

impl std::error::Error for PipelineError {}

/// What a run gives: the policy as read and validated, the records, the decision (with the
/// policy's warnings among its findings) and the masker every output goes through.
#[derive(Debug)]
pub struct Run {
    /// The policy file as read, with the edits applied.
    pub draft: Draft,
    /// The validated policy.
    pub policy: Policy,
    /// The records.
    pub records: Records,
    /// The decision.
    pub decision: Decision,
    /// Masks personal data in every output of this run.
    pub masker: Masker,
}

impl Request {
    /// A request with default reading and evaluation settings.
    pub fn new(
        policy_dir: impl Into<PathBuf>,
        records_dir: impl Into<PathBuf>,
        as_of: NaiveDate,
    ) -> Self {
        Request {
            policy_dir: policy_dir.into(),
            records_dir: records_dir.into(),
            load: LoadOptions::default(),
            privacy: Privacy::default(),
            eval: EvalOptions { as_of, year: None },
            settings: Settings::default(),
            edits: Vec::new(),
            strict: false,
        }
    }

    /// Reads `plan.ron`, applies the edits and validates.
    ///
    /// # Errors
    /// [`PipelineError::Policy`] or [`PipelineError::Edit`].
    pub fn read_policy(&self) -> Result<(Draft, Policy), PipelineError> {
        let mut draft = Draft::read_dir(&self.policy_dir).map_err(PipelineError::Policy)?;
        for (path, value) in &self.edits {
            draft.set(path, value).map_err(PipelineError::Edit)?;
        }
        if !self.edits.is_empty() {
            draft.file = format!("{}{EDITED}", draft.file);
        }
        let policy = draft.validate().map_err(PipelineError::Policy)?;
        Ok((draft, policy))
    }

    /// Loads the records, calling `progress(bytes read, bytes in all)` as they load.
    ///
    /// # Errors
    /// [`PipelineError::Records`], or [`PipelineError::Strict`] when `strict` and the records
    /// have error findings.
    pub fn load_records(
        &self,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Records, PipelineError> {
        let records = crate::records::load_dir_progress(&self.records_dir, &self.load, progress)
            .map_err(PipelineError::Records)?;
        if self.strict {
            let errors: Vec<Finding> = records
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .cloned()
                .collect();
            if !errors.is_empty() {
                return Err(PipelineError::Strict(errors));
            }
        }
        Ok(records)
    }

    /// The masker of a run on `records`: ID and phone numbers always, names too under
    /// `mask_names`, nothing under `reveal`.
    pub fn masker(&self, records: &Records) -> Masker {
        Masker::new(records, self.privacy.reveal, self.privacy.mask_names)
    }

    /// Decides, and adds the policy's warnings (prize tiers that overlap or leave a gap;
    /// kinds, roles, titles or schemes the records never contain) to the findings.
    ///
    /// # Errors
    /// [`PipelineError::Eval`] when there is nothing to evaluate.
    pub fn decide(
        &self,
        draft: &Draft,
        policy: &Policy,
        records: &Records,
    ) -> Result<Decision, PipelineError> {
        let mut decision = evaluate_with(policy, records, &self.eval, &self.settings)
            .map_err(PipelineError::Eval)?;
        let warnings = draft
            .lint(policy)
            .into_iter()
            .chain(draft.lint_with_records(policy, records));
        decision
            .findings
            .extend(warnings.map(|d| Finding::from(&d)));
        decision.findings.sort();
        Ok(decision)
    }

    /// The whole pipeline.
    ///
    /// # Errors
    /// Any [`PipelineError`].
    pub fn run(&self) -> Result<Run, PipelineError> {
        self.run_with_progress(&|_, _| {})
    }

    /// [`Request::run`], reporting the records' loading progress.
    ///
    /// # Errors
    /// Any [`PipelineError`].
    pub fn run_with_progress(
        &self,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Run, PipelineError> {
        let (draft, policy) = self.read_policy()?;
        let records = self.load_records(progress)?;
        let decision = self.decide(&draft, &policy, &records)?;
        let masker = self.masker(&records);
        Ok(Run {
            draft,
            policy,
            records,
            decision,
            masker,
        })
    }
}
