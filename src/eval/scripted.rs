//! Running a package's script hooks during evaluation: the typed values they receive, and
//! what happens when one fails (its own rule fails, with an error finding; the run goes on).

use super::Ctx;
use crate::policy::{Coverage, ExamRef};
use crate::records::{ConductSeverity, Finding, Student};
use crate::script::types::EXAM_NAMES;
use crate::script::{Printed, Runner, ScriptError, ScriptStudent};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Failures of script rules during one evaluation.
#[derive(Default)]
pub(crate) struct Failures {
    /// Rule id → (first error, children affected, stopped after a limit).
    by_rule: BTreeMap<String, (ScriptError, usize)>,
}

/// The script side of an evaluation: one runner (one engine) and the failures so far.
pub(crate) struct ScriptCtx<'a> {
    pub runner: Runner<'a>,
    failures: RefCell<Failures>,
}

impl<'a> ScriptCtx<'a> {
    pub fn new(runner: Runner<'a>) -> Self {
        ScriptCtx {
            runner,
            failures: RefCell::default(),
        }
    }

    /// Runs a hook for `rule`, unless the rule already hit a limit (an endless loop would
    /// otherwise cost its full operation budget once per child); records failures.
    pub fn run<T>(
        &self,
        rule: &str,
        call: impl FnOnce(&Runner) -> Result<(T, Printed), ScriptError>,
    ) -> Result<(T, Printed), ScriptError> {
        if let Some((e, n)) = self.failures.borrow_mut().by_rule.get_mut(rule) {
            if e.limit {
                *n += 1;
                return Err(e.clone());
            }
        }
        let result = call(&self.runner);
        if let Err(e) = &result {
            let mut f = self.failures.borrow_mut();
            let entry = f
                .by_rule
                .entry(rule.to_owned())
                .or_insert_with(|| (e.clone(), 0));
            entry.1 += 1;
        }
        result
    }

    /// One error finding per failed rule, at the script position of its first error.
    pub fn findings(&self) -> Vec<Finding> {
        self.failures
            .borrow()
            .by_rule
            .iter()
            .map(|(rule, (e, n))| {
                let stopped = if e.limit {
                    "; the rule was not run again"
                } else {
                    ""
                };
                Finding::error(
                    &e.file,
                    e.line,
                    e.col.map(|c| c.to_string()).as_deref(),
                    format!(
                        "rule `{rule}` failed for {} ({}): in `{}`: {}{stopped}",
                        crate::report::count(*n, "child", "children"),
                        "its result is left out",
                        e.function,
                        e.message
                    ),
                )
            })
            .collect()
    }
}

impl Ctx<'_> {
    /// The child as scripts see it: file fields, ranks and class sizes on every named exam,
    /// conduct and honour counts of the year, the as-of date.
    pub(crate) fn script_student(&self, s: &Student) -> ScriptStudent {
        let mut ranks = BTreeMap::new();
        for name in EXAM_NAMES {
            let r = match *name {
                "first_term" => ExamRef::FirstTerm,
                "final" => ExamRef::Final,
                "previous_final" => ExamRef::PreviousFinal,
                _ => ExamRef::RankBase,
            };
            let got = self.exam(r).filter(|e| e.counted).and_then(|e| {
                self.ranks
                    .get(e.label.as_str())
                    .and_then(|m| m.get(s.student_id.as_str()))
                    .copied()
            });
            if let Some((rank, size)) = got {
                ranks.insert(*name, (i64::from(rank), i64::from(size)));
            }
        }
        let year = self.year_span.until(self.as_of);
        let conduct = |sev: ConductSeverity| {
            self.records
                .conduct
                .iter()
                .filter(|c| c.student_id == s.student_id && c.severity == sev)
                .filter(|c| year.is_some_and(|y| y.contains(c.date)))
                .count() as i64
        };
        ScriptStudent {
            id: s.student_id.clone(),
            name: s.name.clone(),
            class: s.class.to_string(),
            grade: s.grade.clone(),
            left_behind: s.left_behind,
            single_parent: s.single_parent,
            potential_student: s.potential_student,
            enrolled_on: s.enrolled_on.to_string(),
            left_on: s.left_on.map(|d| d.to_string()).unwrap_or_default(),
            birth_date: s.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            file: s.file.clone(),
            ranks,
            serious_conduct: conduct(ConductSeverity::Serious),
            minor_conduct: conduct(ConductSeverity::Minor),
            honors: self
                .records
                .honors
                .iter()
                .filter(|h| h.student_id == s.student_id && h.academic_year == self.year)
                .map(|h| h.title.clone())
                .collect(),
            as_of: self.as_of.to_string(),
            year: self.year.clone(),
        }
    }

    /// Whether `coverage` covers `s`: a declared group, or a script that says yes. A script
    /// that fails counts as no (and fails its rule).
    pub(crate) fn covers(&self, coverage: &Coverage, s: &Student, rule: &str) -> bool {
        if coverage.covers(s) {
            return true;
        }
        let Some(sc) = &self.scripts else {
            return false;
        };
        if coverage.scripts.is_empty() {
            return false;
        }
        let view = self.script_student(s);
        coverage.scripts.iter().any(|f| {
            sc.run(rule, |r| {
                r.call_bool(
                    f,
                    crate::script::Hook::Coverage,
                    &view,
                    &crate::script::ScriptContact::default(),
                    &crate::script::ScriptWindow::default(),
                )
            })
            .is_ok_and(|(yes, _)| yes)
        })
    }
}
