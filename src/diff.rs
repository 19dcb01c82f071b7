//! What changes between two decisions on the same records: the core of `whatif` (two schemes)
//! and `watch` (the decision before and after a save).

use crate::eval::outcome::{Delta, Family, Key, Period, Reason, State, Subject, Value};
use crate::eval::{Decision, Outcome, outcomes};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A value before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    /// In the base decision.
    pub base: T,
    /// In the alternative (or newer) decision.
    pub alt: T,
}

impl<T: PartialEq> Change<T> {
    /// A value before and after.
    pub fn new(base: T, alt: T) -> Self {
        Change { base, alt }
    }

    /// Whether the value changed.
    pub fn changed(&self) -> bool {
        self.base != self.alt
    }
}

impl Change<i64> {
    /// `alt - base`.
    pub fn delta(&self) -> i64 {
        self.alt - self.base
    }
}

/// Money and points totals, before and after (fen and points).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotalsChange {
    /// Student prizes, fen.
    pub student_awards_fen: Change<i64>,
    /// Helper pay, fen.
    pub helper_awards_fen: Change<i64>,
    /// Both, fen: the budget.
    pub total_fen: Change<i64>,
    /// Sum of assessed children's points.
    pub points: Change<i64>,
}

/// One outcome whose status, value or reason changed (`null` status or value = not in that
/// decision, or the rule gives none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeChange {
    /// Rule id.
    pub rule: String,
    /// Its family.
    pub family: Family,
    /// The seed plan and paragraph the rule implements.
    pub seed: String,
    /// What of the rule it measures (see [`Outcome::measure`]).
    pub measure: String,
    /// Whom it is about.
    pub subject: Subject,
    /// The subject's class, for a child or a class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// The span it covers.
    pub period: Period,
    /// Status before and after.
    pub status: Change<Option<State>>,
    /// Value before and after.
    pub value: Change<Option<Value>>,
    /// `alt - base` of the value, when both are numbers of one unit and they differ.
    pub delta: Option<Delta>,
    /// The reason before and after.
    pub reason: Change<Option<Reason>>,
}

/// Everything that differs between two decisions; unchanged items are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionDiff {
    /// Policy ids.
    pub policy: Change<String>,
    /// The `--set` edits the alternative was made with (`path=value`), in order.
    pub edits: Vec<String>,
    /// Totals (always present, even when equal).
    pub totals: TotalsChange,
    /// Every outcome ([`crate::eval::outcomes`]) whose status, value or reason changed, by
    /// family, rule, measure, subject and period.
    pub outcomes: Vec<OutcomeChange>,
    /// Number of findings before and after.
    pub findings: Change<usize>,
    /// Findings of the alternative that the base does not have (e.g. a `--set` scheme that
    /// the records never contain), as printed.
    pub findings_added: Vec<String>,
    /// The rules' display names (the alternative's, then the base's), for the reports.
    #[serde(skip)]
    pub rule_names: crate::policy::RuleNames,
}

impl DecisionDiff {
    /// Whether nothing but the policy id differs.
    pub fn is_empty(&self) -> bool {
        !self.totals.total_fen.changed()
            && !self.totals.points.changed()
            && !self.totals.student_awards_fen.changed()
            && !self.totals.helper_awards_fen.changed()
            && self.outcomes.is_empty()
            && !self.findings.changed()
            && self.findings_added.is_empty()
    }

    /// The outcome changes of one rule (and measure, when given).
    pub fn of<'a>(
        &'a self,
        rule: &'a str,
        measure: Option<&'a str>,
    ) -> impl Iterator<Item = &'a OutcomeChange> + 'a {
        self.outcomes
            .iter()
            .filter(move |c| c.rule == rule && measure.is_none_or(|m| c.measure == m))
    }
}

fn index(os: &[Outcome]) -> BTreeMap<(Family, Key<'_>), usize> {
    os.iter()
        .enumerate()
        .map(|(i, o)| ((o.family, o.key()), i))
        .collect()
}

/// Compares every outcome of two decisions: outcomes are matched by rule, measure, subject
/// and period; one that is in only one decision changes from or to `null`.
pub fn outcome_changes(base: &Decision, alt: &Decision) -> Vec<OutcomeChange> {
    let (bo, ao) = (outcomes(base), outcomes(alt));
    let (bi, ai) = (index(&bo), index(&ao));
    let keys: BTreeSet<&(Family, Key)> = bi.keys().chain(ai.keys()).collect();
    let seed = |rule: &str| {
        alt.rules
            .iter()
            .chain(&base.rules)
            .find(|r| r.id == rule)
            .map(|r| r.seed.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for key in keys {
        let b = bi.get(key).map(|&i| &bo[i]);
        let a = ai.get(key).map(|&i| &ao[i]);
        let Some(any) = a.or(b) else { continue };
        let status = Change::new(b.and_then(|o| o.status), a.and_then(|o| o.status));
        let value = Change::new(
            b.and_then(|o| o.value.clone()),
            a.and_then(|o| o.value.clone()),
        );
        let reason = Change::new(b.map(|o| o.reason.clone()), a.map(|o| o.reason.clone()));
        if !status.changed() && !value.changed() && !reason.changed() {
            continue;
        }
        // A delta only where the value moved.
        let delta = match (&value.base, &value.alt) {
            (Some(b), Some(a)) if b != a => Value::delta(b, a),
            _ => None,
        };
        out.push(OutcomeChange {
            rule: any.rule.clone(),
            family: any.family,
            seed: seed(&any.rule),
            measure: any.measure.clone(),
            subject: any.subject.clone(),
            class: any.class.clone(),
            period: any.period,
            status,
            value,
            delta,
            reason,
        });
    }
    out
}

/// Compares two decisions made on the same records.
pub fn diff(base: &Decision, alt: &Decision) -> DecisionDiff {
    let totals = TotalsChange {
        student_awards_fen: Change::new(
            base.totals.student_awards_fen,
            alt.totals.student_awards_fen,
        ),
        helper_awards_fen: Change::new(base.totals.helper_awards_fen, alt.totals.helper_awards_fen),
        total_fen: Change::new(base.totals.total_fen, alt.totals.total_fen),
        points: Change::new(base.totals.points, alt.totals.points),
    };
    DecisionDiff {
        policy: Change::new(base.policy.clone(), alt.policy.clone()),
        edits: Vec::new(),
        rule_names: {
            let mut names = base.rule_names.clone();
            names.0.extend(alt.rule_names.0.clone());
            names
        },
        totals,
        outcomes: outcome_changes(base, alt),
        findings: Change::new(base.findings.len(), alt.findings.len()),
        findings_added: {
            // The edited plan is named `plan.ron (with --set)`: the same warning of the same
            // line is not new.
            let same = |f: &String| f.replace(crate::pipeline::EDITED, "");
            let before: BTreeSet<String> =
                base.findings.iter().map(|f| same(&f.to_string())).collect();
            alt.findings
                .iter()
                .map(ToString::to_string)
                .filter(|f| !before.contains(&same(f)))
                .collect()
        },
    }
}
