//! Running a package's script hooks during evaluation: the typed values they receive, and
//! what happens when one fails (its own rule fails, with an error finding; the run goes on).

use super::Ctx;
use crate::policy::{Coverage, ExamRef};
use crate::records::FastMap;
use crate::records::{ConductSeverity, Finding, Student};
use crate::script::budget::{Budgets, RuleBudget};
use crate::script::types::EXAM_NAMES;
use crate::script::{Printed, Runner, ScriptError, ScriptStudent};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A script rule that failed: its error (for the child with the lowest id, so the finding
/// does not depend on row order) and every child it failed for.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    /// The error.
    pub error: ScriptError,
    /// The child it happened for.
    pub child: String,
    /// Every child the rule failed for.
    pub children: BTreeSet<String>,
}

/// Rules stopped because they hit a limit, by rule id: see [`ScriptCtx::stopped`].
pub(crate) type Stopped = BTreeMap<String, Failure>;

/// The script side of an evaluation: one runner (one engine) and the failures so far.
pub(crate) struct ScriptCtx<'a> {
    pub runner: Runner<'a>,
    failures: RefCell<BTreeMap<String, Failure>>,
    /// What every child's view needs, worked out once.
    facts: OnceCell<Facts>,
    /// Every rule's budget in this evaluation, shared with the other threads' contexts.
    budgets: Arc<Budgets>,
    /// The budgets this thread has used, by rule.
    mine: RefCell<BTreeMap<String, Arc<RuleBudget>>>,
}

/// What the children's views share, computed once per evaluation rather than once per child
/// (resolving the previous year's final scans every exam row, so per child it made a script
/// rule quadratic in the number of children).
struct Facts {
    /// Exam name → the term whose results count by the as-of date.
    exams: Vec<(&'static str, String)>,
    /// Child → (serious, minor) conduct rows dated in the year up to the as-of date.
    conduct: FastMap<String, (i64, i64)>,
    /// Child → honour titles of the year.
    honors: FastMap<String, Vec<String>>,
}

impl<'a> ScriptCtx<'a> {
    /// A context where the rules of `stopped` fail at once for every child (they hit a limit
    /// in a first pass).
    /// `budgets` are the evaluation's, shared by every thread.
    pub fn new(runner: Runner<'a>, stopped: &Stopped, budgets: Arc<Budgets>) -> Self {
        let failures = stopped
            .iter()
            .map(|(rule, f)| {
                let mut f = f.clone();
                f.children.clear();
                (rule.clone(), f)
            })
            .collect();
        ScriptCtx {
            runner,
            failures: RefCell::new(failures),
            facts: OnceCell::new(),
            budgets,
            mine: RefCell::default(),
        }
    }

    /// The budget of `rule`, shared by every thread of the evaluation.
    fn budget(&self, rule: &str) -> Arc<RuleBudget> {
        let mut mine = self.mine.borrow_mut();
        if let Some(b) = mine.get(rule) {
            return Arc::clone(b);
        }
        let b = self.budgets.of(rule);
        mine.insert(rule.to_owned(), Arc::clone(&b));
        b
    }

    /// Runs a hook of `rule` for `child`, unless the rule already hit a limit (an endless
    /// loop would otherwise cost its full operation budget once per child); records failures.
    pub fn run<T>(
        &self,
        rule: &str,
        child: &str,
        call: impl FnOnce(&Runner) -> Result<(T, Printed), ScriptError>,
    ) -> Result<(T, Printed), ScriptError> {
        if let Some(f) = self.failures.borrow_mut().get_mut(rule)
            && f.error.limit
        {
            f.children.insert(child.to_owned());
            return Err(f.error.clone());
        }
        self.runner.charge_to(Some(self.budget(rule)));
        let result = call(&self.runner);
        if let Err(e) = &result {
            let mut failures = self.failures.borrow_mut();
            let f = failures.entry(rule.to_owned()).or_insert_with(|| Failure {
                error: e.clone(),
                child: child.to_owned(),
                children: BTreeSet::new(),
            });
            // A limit wins over an ordinary error (the rule stops there); otherwise the error
            // of the lowest child id is kept.
            if prefer(e, child, &f.error, &f.child) {
                f.error = e.clone();
                f.child = child.to_owned();
            }
            f.children.insert(child.to_owned());
        }
        result
    }

    /// Takes in the failures of a worker thread's context: every child each rule failed for,
    /// the error kept as [`ScriptCtx::run`] keeps it (a limit first, then the lowest child).
    pub fn absorb(&self, worker: ScriptCtx<'_>) {
        let mut failures = self.failures.borrow_mut();
        for (rule, w) in worker.failures.into_inner() {
            match failures.get_mut(&rule) {
                None => {
                    failures.insert(rule, w);
                }
                Some(f) => {
                    if !w.children.is_empty() && prefer(&w.error, &w.child, &f.error, &f.child) {
                        f.error = w.error.clone();
                        f.child = w.child.clone();
                    }
                    f.children.extend(w.children);
                }
            }
        }
    }

    /// Whether `rule` hit a limit (in a first pass, or earlier in this one): the rule is left
    /// out for `child`, who is counted among the children it failed for.
    pub fn stopped_for(&self, rule: &str, child: &str) -> bool {
        match self.failures.borrow_mut().get_mut(rule) {
            Some(f) if f.error.limit => {
                f.children.insert(child.to_owned());
                true
            }
            _ => false,
        }
    }

    /// The rules that hit a limit and were stopped. Which children had been computed before
    /// the limit depends on row order, so the evaluator runs again with these rules failing
    /// for every child from the start.
    pub fn stopped(&self) -> Stopped {
        self.failures
            .borrow()
            .iter()
            .filter(|(_, f)| f.error.limit)
            .map(|(r, f)| (r.clone(), f.clone()))
            .collect()
    }

    /// One error finding per failed rule, at the script position of its error.
    pub fn findings(&self) -> Vec<Finding> {
        self.failures
            .borrow()
            .iter()
            .filter(|(_, f)| !f.children.is_empty())
            .map(|(rule, f)| {
                let e = &f.error;
                let n = f.children.len();
                let message = if e.total {
                    format!(
                        "rule `{rule}` used up its script budget and is left out for every child ({n}): in `{}`: {}",
                        e.function, e.message
                    )
                } else if e.limit {
                    format!(
                        "rule `{rule}` hit a limit for {} and is left out for every child ({n}): in `{}`: {}",
                        f.child, e.function, e.message
                    )
                } else if n == 1 {
                    format!(
                        "rule `{rule}` failed for child {}, whose result for it is left out: in `{}`: {}",
                        f.child, e.function, e.message
                    )
                } else {
                    let mut ids: Vec<&str> =
                        f.children.iter().take(5).map(String::as_str).collect();
                    if n > ids.len() {
                        ids.push("…");
                    }
                    format!(
                        "rule `{rule}` failed for {n} children ({}), whose results for it are left out: in `{}`: {} (for {})",
                        ids.join(", "),
                        e.function,
                        e.message,
                        f.child
                    )
                };
                Finding::error(
                    &e.file,
                    e.line,
                    e.col.map(|c| c.to_string()).as_deref(),
                    message,
                )
            })
            .collect()
    }
}

/// Whether the error `e` (for `child`) is kept over `kept` (for `kept_child`): a limit over an
/// ordinary error; between two of the rule's budget, the first function by name (the child
/// it ran out at depends on thread timing); otherwise the error of the lowest child id.
fn prefer(e: &ScriptError, child: &str, kept: &ScriptError, kept_child: &str) -> bool {
    if e.limit != kept.limit {
        return e.limit;
    }
    if e.total != kept.total {
        return e.total;
    }
    if e.total {
        return (&e.function, &e.file) < (&kept.function, &kept.file);
    }
    child < kept_child
}

impl Ctx<'_> {
    /// What the children's views share: see [`Facts`].
    fn script_facts(&self) -> Facts {
        let exams = EXAM_NAMES
            .iter()
            .filter_map(|name| {
                let r = match *name {
                    "first_term" => ExamRef::FirstTerm,
                    "final" => ExamRef::Final,
                    "previous_final" => ExamRef::PreviousFinal,
                    _ => ExamRef::RankBase,
                };
                self.exam(r).filter(|e| e.counted).map(|e| (*name, e.label))
            })
            .collect();
        let year = self.year_span.until(self.as_of);
        let mut conduct: FastMap<String, (i64, i64)> = FastMap::default();
        for c in &self.records.conduct {
            if year.is_some_and(|y| y.contains(c.date)) {
                let n = conduct.entry(c.student_id.clone()).or_default();
                match c.severity {
                    ConductSeverity::Serious => n.0 += 1,
                    ConductSeverity::Minor => n.1 += 1,
                }
            }
        }
        let mut honors: FastMap<String, Vec<String>> = FastMap::default();
        for h in &self.records.honors {
            if h.academic_year == self.year {
                honors
                    .entry(h.student_id.clone())
                    .or_default()
                    .push(h.title.clone());
            }
        }
        Facts {
            exams,
            conduct,
            honors,
        }
    }

    /// The child as scripts see it: file fields, ranks and class sizes on every named exam,
    /// conduct and honour counts of the year, the as-of date.
    pub(crate) fn script_student(&self, s: &Student) -> ScriptStudent {
        let owned;
        let facts = match &self.scripts {
            Some(sc) => sc.facts.get_or_init(|| self.script_facts()),
            None => {
                owned = self.script_facts();
                &owned
            }
        };
        let mut ranks = BTreeMap::new();
        for (name, label) in &facts.exams {
            let got = self
                .ranks
                .get(label.as_str())
                .and_then(|m| m.get(s.student_id.as_str()))
                .copied();
            if let Some((rank, size)) = got {
                ranks.insert(*name, (i64::from(rank), i64::from(size)));
            }
        }
        let (serious, minor) = facts
            .conduct
            .get(&s.student_id)
            .copied()
            .unwrap_or_default();
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
            file: s.file.to_map(),
            ranks,
            serious_conduct: serious,
            minor_conduct: minor,
            honors: facts.honors.get(&s.student_id).cloned().unwrap_or_default(),
            as_of: self.as_of.to_string(),
            year: self.year.clone(),
        }
    }

    /// Whether `coverage` covers `s`: a declared group, or a script that says yes. A script
    /// that fails counts as no (and fails its rule).
    /// Whether a `fn f(student) -> bool` script (an individual-plan trigger) says yes for `s`;
    /// a failing script says no (and fails its rule).
    pub(crate) fn script_says_yes(&self, rule: &str, function: &str, s: &Student) -> bool {
        let Some(sc) = &self.scripts else {
            return false;
        };
        let view = std::sync::Arc::new(self.script_student(s));
        let (contact, window) = (std::sync::Arc::default(), std::sync::Arc::default());
        sc.run(rule, &view.id, |r| {
            r.call_bool(
                function,
                crate::script::Hook::Trigger,
                &view,
                &contact,
                &window,
            )
        })
        .is_ok_and(|(yes, _)| yes)
    }

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
        let view = std::sync::Arc::new(self.script_student(s));
        let (contact, window) = (std::sync::Arc::default(), std::sync::Arc::default());
        coverage.scripts.iter().any(|f| {
            sc.run(rule, &view.id, |r| {
                r.call_bool(f, crate::script::Hook::Coverage, &view, &contact, &window)
            })
            .is_ok_and(|(yes, _)| yes)
        })
    }
}
