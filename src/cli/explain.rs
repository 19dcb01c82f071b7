//! `careplan explain <POLICY> <RECORDS> (--student ID | --helper ID | --rule ID)`.

use super::common::{EvalArgs, load_and_decide};
use super::evaluate::Format;
use super::{Exit, print_err, print_out};
use careplan::report::explain::{Subject, explain};
use careplan::report::json;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["student", "helper", "rule", "class", "staff"])))]
pub(crate) struct Args {
    /// Policy package directory.
    policy: PathBuf,
    /// Records directory.
    records: PathBuf,
    /// Explain every figure of this student.
    #[arg(long, value_name = "ID")]
    student: Option<String>,
    /// Explain this helper's points and pay.
    #[arg(long, value_name = "ID")]
    helper: Option<String>,
    /// Explain one rule of any family across its subjects (an unknown id lists them all).
    #[arg(long, value_name = "ID")]
    rule: Option<String>,
    /// Explain a class: its own figures and what its children still owe.
    #[arg(long, value_name = "CLASS")]
    class: Option<String>,
    /// Explain a staff member: head-teacher scores, mentoring gaps, helper pay.
    #[arg(long, value_name = "ID")]
    staff: Option<String>,
    #[command(flatten)]
    eval: EvalArgs,
    /// Output format (JSON: the subject's part of the decision, trace texts in `--lang`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub(crate) fn run(args: &Args) -> Exit {
    let careplan::pipeline::Run {
        policy,
        decision,
        masker,
        ..
    } = match load_and_decide(&args.policy, &args.records, &args.eval) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    let subject = if let Some(s) = &args.student {
        Subject::Student(s.clone())
    } else if let Some(h) = &args.helper {
        Subject::Helper(h.clone())
    } else if let Some(r) = &args.rule {
        Subject::Rule(r.clone())
    } else if let Some(c) = &args.class {
        Subject::Class(c.clone())
    } else if let Some(s) = &args.staff {
        Subject::Staff(s.clone())
    } else {
        return Exit::Failed;
    };
    let lang = args.eval.lang();
    let text = match explain(&policy, &decision, &subject, lang) {
        Ok(t) => t,
        Err(e) => {
            print_err(&format!("{}{e}\n", lang.pick("error: ", "错误：")));
            return Exit::Failed;
        }
    };
    match args.format {
        Format::Text => print_out(&masker, &text),
        Format::Json => {
            let full = json::to_value(&decision, careplan::report::ObligationFilter::All, lang);
            let pick = |key: &str, field: &str, id: &str| -> Vec<serde_json::Value> {
                full[key]
                    .as_array()
                    .map(|a| a.iter().filter(|v| v[field] == id).cloned().collect())
                    .unwrap_or_default()
            };
            let outcomes = careplan::report::explain::subject_outcomes(&decision, &subject);
            let mut value = match &subject {
                Subject::Student(id) => serde_json::json!({
                    "student": pick("students", "student_id", id).into_iter().next(),
                    "obligations": pick("obligations", "student_id", id),
                    "explanation": text,
                }),
                Subject::Helper(id) => serde_json::json!({
                    "helper": pick("helpers", "helper_id", id).into_iter().next(),
                    "explanation": text,
                }),
                Subject::Rule(id) => serde_json::json!({
                    "rule": id,
                    "summary": full["obligation_summary"].get(id.as_str()),
                    "explanation": text,
                }),
                Subject::Class(c) => serde_json::json!({"class": c, "explanation": text}),
                Subject::Staff(id) => serde_json::json!({"staff": id, "explanation": text}),
            };
            value["outcomes"] = serde_json::to_value(&outcomes).unwrap_or_default();
            print_out(
                &masker,
                &format!(
                    "{}\n",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                ),
            );
        }
    }
    args.eval.findings_exit(&decision.findings)
}
