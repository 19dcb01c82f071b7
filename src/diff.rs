//! What changes between two decisions on the same records: the core of `whatif` (two schemes)
//! and `watch` (the decision before and after a save).

use crate::eval::{Decision, Ratio, Status};
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
    fn new(base: T, alt: T) -> Self {
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

/// One student whose figures changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentChange {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// Points (`null` = not assessed).
    pub points: Change<Option<i64>>,
    /// Prize tier ids won.
    pub awards: Change<Vec<String>>,
    /// Prize money, fen.
    pub awards_fen: Change<i64>,
}

/// One helper whose pay changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelperChange {
    /// Helper id.
    pub helper_id: String,
    /// Name.
    pub name: String,
    /// Points credited (may be fractional).
    pub points: Change<Ratio>,
    /// Pay, fen.
    pub amount_fen: Change<i64>,
}

/// One obligation window whose status changed (`null` = window not in that decision).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObligationChange {
    /// Rule id.
    pub rule: String,
    /// The child.
    pub student_id: String,
    /// Window start.
    pub window_start: chrono::NaiveDate,
    /// Window end.
    pub window_end: chrono::NaiveDate,
    /// Status before and after.
    pub status: Change<Option<Status>>,
}

/// Everything that differs between two decisions; unchanged items are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionDiff {
    /// Policy ids.
    pub policy: Change<String>,
    /// Totals (always present, even when equal).
    pub totals: TotalsChange,
    /// Winners per prize tier, for tiers whose count changed.
    pub tier_counts: BTreeMap<String, Change<u32>>,
    /// Status counts per obligation rule, for rules whose counts changed:
    /// `{"rule": {"met": {"base", "alt"}, …}}`.
    pub obligation_counts: BTreeMap<String, BTreeMap<&'static str, Change<u32>>>,
    /// Students whose points or prizes changed, by id.
    pub students: Vec<StudentChange>,
    /// Helpers whose points or pay changed, by id.
    pub helpers: Vec<HelperChange>,
    /// Obligation windows whose status changed.
    pub obligations: Vec<ObligationChange>,
    /// Number of findings before and after.
    pub findings: Change<usize>,
    /// Findings of the alternative that the base does not have (e.g. a `--set` scheme that
    /// the records never contain), as printed.
    pub findings_added: Vec<String>,
}

impl DecisionDiff {
    /// Whether nothing but the policy id differs.
    pub fn is_empty(&self) -> bool {
        !self.totals.total_fen.changed()
            && !self.totals.points.changed()
            && !self.totals.student_awards_fen.changed()
            && !self.totals.helper_awards_fen.changed()
            && self.tier_counts.is_empty()
            && self.obligation_counts.is_empty()
            && self.students.is_empty()
            && self.helpers.is_empty()
            && self.obligations.is_empty()
            && !self.findings.changed()
            && self.findings_added.is_empty()
    }
}

fn tier_counts(d: &Decision) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for s in &d.students {
        for a in &s.awards {
            *out.entry(a.award.clone()).or_insert(0) += 1;
        }
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

    let (bt, at) = (tier_counts(base), tier_counts(alt));
    let tiers: BTreeSet<&String> = bt.keys().chain(at.keys()).collect();
    let tier_counts = tiers
        .into_iter()
        .map(|t| {
            (
                t.clone(),
                Change::new(
                    bt.get(t).copied().unwrap_or(0),
                    at.get(t).copied().unwrap_or(0),
                ),
            )
        })
        .filter(|(_, c)| c.changed())
        .collect();

    let rules: BTreeSet<&String> = base
        .obligation_summary
        .keys()
        .chain(alt.obligation_summary.keys())
        .collect();
    let mut obligation_counts = BTreeMap::new();
    for rule in rules {
        let b = base
            .obligation_summary
            .get(rule)
            .cloned()
            .unwrap_or_default();
        let a = alt
            .obligation_summary
            .get(rule)
            .cloned()
            .unwrap_or_default();
        let counts: BTreeMap<&'static str, Change<u32>> = [
            ("met", Change::new(b.met, a.met)),
            ("late", Change::new(b.late, a.late)),
            ("partial", Change::new(b.partial, a.partial)),
            ("open", Change::new(b.open, a.open)),
            ("missed", Change::new(b.missed, a.missed)),
        ]
        .into_iter()
        .filter(|(_, c)| c.changed())
        .collect();
        if !counts.is_empty() {
            obligation_counts.insert(rule.clone(), counts);
        }
    }

    let bs: BTreeMap<&str, _> = base
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s))
        .collect();
    let as_: BTreeMap<&str, _> = alt
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s))
        .collect();
    let ids: BTreeSet<&str> = bs.keys().chain(as_.keys()).copied().collect();
    let mut students = Vec::new();
    for id in ids {
        let (b, a) = (bs.get(id), as_.get(id));
        let awards = |s: Option<&&crate::eval::StudentResult>| -> Vec<String> {
            s.map(|s| s.awards.iter().map(|a| a.award.clone()).collect())
                .unwrap_or_default()
        };
        let change = StudentChange {
            student_id: id.to_owned(),
            name: a.or(b).map(|s| s.name.clone()).unwrap_or_default(),
            class: a.or(b).map(|s| s.class.clone()).unwrap_or_default(),
            points: Change::new(b.and_then(|s| s.points), a.and_then(|s| s.points)),
            awards: Change::new(awards(b), awards(a)),
            awards_fen: Change::new(b.map_or(0, |s| s.awards_fen), a.map_or(0, |s| s.awards_fen)),
        };
        if change.points.changed() || change.awards.changed() || change.awards_fen.changed() {
            students.push(change);
        }
    }

    let bh: BTreeMap<&str, _> = base
        .helpers
        .iter()
        .map(|h| (h.helper_id.as_str(), h))
        .collect();
    let ah: BTreeMap<&str, _> = alt
        .helpers
        .iter()
        .map(|h| (h.helper_id.as_str(), h))
        .collect();
    let ids: BTreeSet<&str> = bh.keys().chain(ah.keys()).copied().collect();
    let mut helpers = Vec::new();
    for id in ids {
        let (b, a) = (bh.get(id), ah.get(id));
        let change = HelperChange {
            helper_id: id.to_owned(),
            name: a.or(b).map(|h| h.name.clone()).unwrap_or_default(),
            points: Change::new(
                b.map_or_else(Ratio::default, |h| h.points),
                a.map_or_else(Ratio::default, |h| h.points),
            ),
            amount_fen: Change::new(b.map_or(0, |h| h.amount_fen), a.map_or(0, |h| h.amount_fen)),
        };
        if change.points.changed() || change.amount_fen.changed() {
            helpers.push(change);
        }
    }

    type Key<'a> = (&'a str, &'a str, chrono::NaiveDate);
    let bo: BTreeMap<Key, _> = base
        .obligations
        .iter()
        .map(|o| ((o.rule.as_str(), o.student_id.as_str(), o.window_start), o))
        .collect();
    let ao: BTreeMap<Key, _> = alt
        .obligations
        .iter()
        .map(|o| ((o.rule.as_str(), o.student_id.as_str(), o.window_start), o))
        .collect();
    let keys: BTreeSet<Key> = bo.keys().chain(ao.keys()).copied().collect();
    let mut obligations = Vec::new();
    for key in keys {
        let (b, a) = (bo.get(&key), ao.get(&key));
        let status = Change::new(b.map(|o| o.status), a.map(|o| o.status));
        if status.changed() {
            let Some(row) = a.or(b) else { continue };
            obligations.push(ObligationChange {
                rule: key.0.to_owned(),
                student_id: key.1.to_owned(),
                window_start: row.window_start,
                window_end: row.window_end,
                status,
            });
        }
    }

    DecisionDiff {
        policy: Change::new(base.policy.clone(), alt.policy.clone()),
        totals,
        tier_counts,
        obligation_counts,
        students,
        helpers,
        obligations,
        findings: Change::new(base.findings.len(), alt.findings.len()),
        findings_added: {
            let before: BTreeSet<String> = base.findings.iter().map(ToString::to_string).collect();
            alt.findings
                .iter()
                .map(ToString::to_string)
                .filter(|f| !before.contains(f))
                .collect()
        },
    }
}
