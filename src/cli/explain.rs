//! `careplan explain <POLICY> <RECORDS> (--student ID | --helper ID | --rule ID)`.

use super::common::{EvalArgs, load_and_decide};
use super::evaluate::Format;
use super::{Exit, print_err, print_out};
use careplan::report::explain::{Subject, explain};
use careplan::report::json;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("subject").required(true).args(["student", "helper", "rule"])))]
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
    /// Explain one rule, point rule or prize tier across all students.
    #[arg(long, value_name = "ID")]
    rule: Option<String>,
    #[command(flatten)]
    eval: EvalArgs,
    /// Output format (JSON: the subject's part of the decision, trace texts in `--lang`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub(crate) fn run(args: &Args) -> Exit {
    let (policy, _, decision) = match load_and_decide(&args.policy, &args.records, &args.eval) {
        Ok(x) => x,
        Err(exit) => return exit,
    };
    let subject = match (&args.student, &args.helper, &args.rule) {
        (Some(s), _, _) => Subject::Student(s.clone()),
        (_, Some(h), _) => Subject::Helper(h.clone()),
        (_, _, Some(r)) => Subject::Rule(r.clone()),
        _ => return Exit::Failed,
    };
    let lang = args.eval.lang();
    let text = match explain(&policy, &decision, &subject, lang) {
        Ok(t) => t,
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            return Exit::Failed;
        }
    };
    match args.format {
        Format::Text => print_out(&text),
        Format::Json => {
            let full = json::to_value(&decision, careplan::report::ObligationFilter::All, lang);
            let pick = |key: &str, field: &str, id: &str| -> Vec<serde_json::Value> {
                full[key]
                    .as_array()
                    .map(|a| a.iter().filter(|v| v[field] == id).cloned().collect())
                    .unwrap_or_default()
            };
            let value = match &subject {
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
            };
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ));
        }
    }
    args.eval.findings_exit(&decision.findings)
}
