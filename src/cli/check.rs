//! `careplan check <POLICY> [RECORDS]`: validate a package (and how it meets the records).

use super::{Exit, print_err, print_out};
use careplan::diagnostic::{Diagnostic, Level};
use careplan::policy::{Draft, SchoolChoice};
use careplan::records::{Finding, FindingKind, Severity};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory, or a county manifest (`county.ron`).
    policy: PathBuf,
    /// Records directory: also check how the policy meets these records.
    records: Option<PathBuf>,
    /// Output format (JSON for editors and CI).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Warnings give exit code 1.
    #[arg(long)]
    deny_warnings: bool,
    /// Language of the summary line (messages are in English).
    #[arg(long, value_enum)]
    lang: Option<super::common::LangArg>,
    #[command(flatten)]
    privacy: super::common::RecordArgs,
    /// List every parameter `--set PATH=VALUE` can change, with its value, and stop.
    #[arg(long)]
    params: bool,
}

/// How many notes of one kind the text report lists (JSON lists them all).
const NOTES_SHOWN: usize = 5;

fn emit(
    masker: &careplan::privacy::Masker,
    format: Format,
    diagnostics: &[Diagnostic],
    findings: &[Finding],
    choices: &[SchoolChoice],
    to_err: bool,
    lang: careplan::lang::Lang,
) {
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    let errors = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .count()
        + count(Severity::Error);
    let notes = count(Severity::Note);
    let warnings = diagnostics.len() + findings.len() - errors - notes;
    // The data-quality report: findings grouped by kind, each group with its count.
    let mut groups: BTreeMap<FindingKind, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        groups.entry(f.kind()).or_default().push(f);
    }
    let text = match format {
        Format::Text => {
            let mut t = String::new();
            for d in diagnostics {
                t.push_str(&d.render_in(lang));
                t.push('\n');
            }
            for (kind, list) in &groups {
                t.push_str(&format!(
                    "{}{}{}\n",
                    kind.label_in(lang),
                    lang.pick(": ", "："),
                    list.len()
                ));
                let shown = list
                    .iter()
                    .enumerate()
                    .filter(|(i, f)| f.severity != Severity::Note || *i < NOTES_SHOWN);
                for (_, f) in shown {
                    t.push_str(&format!("  {}\n", f.text(lang)));
                }
                let hidden = list
                    .iter()
                    .skip(NOTES_SHOWN)
                    .filter(|f| f.severity == Severity::Note)
                    .count();
                if hidden > 0 {
                    t.push_str(&match lang {
                        careplan::lang::Lang::En => {
                            format!("  … and {hidden} more (--format json lists every one)\n")
                        }
                        careplan::lang::Lang::Zh => {
                            format!("  … 另有 {hidden} 条（`--format json` 列出全部）\n")
                        }
                    });
                }
            }
            t.push_str(&school_choices_text(choices, lang));
            let notes_text = |en: bool| match (notes, en) {
                (0, _) => String::new(),
                (n, true) => format!(", {}", careplan::report::count(n, "note", "notes")),
                (n, false) => format!("，提示 {n}"),
            };
            t.push_str(&match lang {
                careplan::lang::Lang::En => format!(
                    "{}, {}{}\n",
                    careplan::report::count(errors, "error", "errors"),
                    careplan::report::count(warnings, "warning", "warnings"),
                    notes_text(true)
                ),
                careplan::lang::Lang::Zh => {
                    format!("错误 {errors}，警告 {warnings}{}\n", notes_text(false))
                }
            });
            t
        }
        Format::Json => {
            let mut v = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
                "findings": findings,
            });
            if !choices.is_empty() {
                v["school_choices"] = serde_json::to_value(choices).unwrap_or_default();
            }
            if !groups.is_empty() {
                v["notes"] = notes.into();
                v["groups"] = groups
                    .iter()
                    .map(|(k, list)| {
                        serde_json::json!({"kind": k, "label": k.label(), "count": list.len()})
                    })
                    .collect();
            }
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
    };
    if to_err && format == Format::Text {
        print_err(&text);
    } else {
        print_out(masker, &text);
    }
}

pub(crate) fn run(args: &Args) -> Exit {
    let lang = args
        .lang
        .map_or_else(careplan::lang::Lang::from_env, careplan::lang::Lang::from);
    // Before any records are read: ID and phone numbers masked (names are not known yet).
    let numbers = if args.privacy.reveal {
        careplan::privacy::Masker::reveal()
    } else {
        careplan::privacy::Masker::numbers_only()
    };
    if args.policy.is_file() {
        return check_county(args, lang, &numbers);
    }
    let loaded = Draft::read_dir(&args.policy).and_then(|d| d.validate().map(|p| (d, p)));
    let (draft, policy) = match loaded {
        Ok(x) => x,
        Err(e) => {
            emit(&numbers, args.format, &e.diagnostics, &[], &[], true, lang);
            return Exit::Failed;
        }
    };
    if args.params {
        print_params(&numbers, &draft, args.format);
        return Exit::Ok;
    }
    // Validation refused a choice naming no parameter, so every one has its value here.
    let choices = draft.school_choices().unwrap_or_default();
    let mut diagnostics = draft.lint(&policy);
    let mut findings = Vec::new();
    let mut masker = numbers.clone();
    if let Some(dir) = &args.records {
        let req = args.privacy.records_request(dir);
        match req.load_records(&|_, _| {}) {
            Ok(records) => {
                masker = req.masker(&records);
                diagnostics.extend(draft.lint_with_records(&policy, &records));
                let notes = careplan::records::quality_notes(&records);
                findings = records.findings;
                findings.extend(notes);
                findings
                    .sort_by(|a, b| (&a.file, &a.sheet, a.line).cmp(&(&b.file, &b.sheet, b.line)));
            }
            Err(careplan::pipeline::PipelineError::Records(e)) => {
                emit(
                    &masker,
                    args.format,
                    &diagnostics,
                    &e.problems,
                    &choices,
                    true,
                    lang,
                );
                return Exit::Failed;
            }
            Err(e) => return super::common::fail(&e, lang),
        }
    }
    emit(
        &masker,
        args.format,
        &diagnostics,
        &findings,
        &choices,
        false,
        lang,
    );
    let record_errors = findings.iter().any(|f| f.severity == Severity::Error);
    let record_warnings = findings.iter().any(|f| f.severity == Severity::Warning);
    if record_errors || (args.deny_warnings && (!diagnostics.is_empty() || record_warnings)) {
        Exit::Found
    } else {
        Exit::Ok
    }
}

/// `check county.ron [RECORDS]`: the manifest reads, every package it names loads and validates
/// (each one's diagnostics), and with records: every school of the records runs a package,
/// every school of the manifest has records, and the county's files' own problems.
fn check_county(
    args: &Args,
    lang: careplan::lang::Lang,
    masker: &careplan::privacy::Masker,
) -> Exit {
    let manifest = match careplan::county::Manifest::read(&args.policy) {
        Ok(m) => m,
        Err(problems) => {
            emit(masker, args.format, &[], &problems, &[], true, lang);
            return Exit::Failed;
        }
    };
    let mut diagnostics = Vec::new();
    for dir in manifest.packages() {
        match Draft::read_dir(dir).and_then(|d| d.validate().map(|p| (d, p))) {
            Ok((draft, policy)) => diagnostics.extend(draft.lint(&policy)),
            Err(e) => diagnostics.extend(e.diagnostics),
        }
    }
    let mut findings = Vec::new();
    if let Some(dir) = &args.records {
        match careplan::county::check(&manifest, dir, &args.privacy.load_options()) {
            Ok((_, found)) => findings = found,
            Err(careplan::county::CountyError::Records(e)) => {
                emit(
                    masker,
                    args.format,
                    &diagnostics,
                    &e.problems,
                    &[],
                    true,
                    lang,
                );
                return Exit::Failed;
            }
            Err(e) => {
                print_err(&format!("{}\n", e.text(lang)));
                return Exit::Failed;
            }
        }
    }
    let broken = diagnostics.iter().any(|d| d.level == Level::Error);
    emit(
        masker,
        args.format,
        &diagnostics,
        &findings,
        &[],
        false,
        lang,
    );
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    let warnings =
        !diagnostics.is_empty() || findings.iter().any(|f| f.severity == Severity::Warning);
    if broken {
        Exit::Failed
    } else if errors || (args.deny_warnings && warnings) {
        Exit::Found
    } else {
        Exit::Ok
    }
}

/// The text section listing the plan's school's choices (empty when it marks none): each
/// parameter the seed leaves open with the value the package gives it and why.
fn school_choices_text(choices: &[SchoolChoice], lang: careplan::lang::Lang) -> String {
    if choices.is_empty() {
        return String::new();
    }
    let mut t = match lang {
        careplan::lang::Lang::En => format!(
            "School's choices ({}: parameters the seed leaves open, set by this package):\n",
            choices.len()
        ),
        careplan::lang::Lang::Zh => format!(
            "学校自定参数（{} 项：原方案未作规定，由本方案设定）：\n",
            choices.len()
        ),
    };
    for c in choices {
        let why = lang.given(&c.why, c.why_zh.as_deref());
        t.push_str(&match lang {
            careplan::lang::Lang::En => format!("  {} = {} — {why}\n", c.param, c.value),
            careplan::lang::Lang::Zh => {
                format!("  `{}` = {} — {why}\n", c.param, c.value_in(lang))
            }
        });
    }
    t
}

/// `check --params`: every path `--set` takes, generated from the policy model, with its value
/// (text: `path = value`; JSON: `[{"path", "value"}]`).
fn print_params(masker: &careplan::privacy::Masker, draft: &Draft, format: Format) {
    let params = draft.params();
    let mut shown: Vec<(String, String)> = params
        .iter()
        .map(|p| (p.path.clone(), careplan::policy::params::show(&p.value)))
        .collect();
    for path in draft.settable_paths() {
        if !shown.iter().any(|(p, _)| *p == path) {
            shown.push((path, String::new()));
        }
    }
    match format {
        Format::Text => {
            let mut o = String::new();
            for (path, value) in &shown {
                if value.is_empty() {
                    o.push_str(&format!("{path}\n"));
                } else {
                    o.push_str(&format!("{path} = {value}\n"));
                }
            }
            super::print_out(masker, &o);
        }
        Format::Json => {
            let list: Vec<serde_json::Value> = shown
                .iter()
                .map(|(path, value)| serde_json::json!({"path": path, "value": value}))
                .collect();
            super::print_out(
                masker,
                &format!(
                    "{}\n",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                ),
            );
        }
    }
}
