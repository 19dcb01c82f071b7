//! Warnings about a valid policy: prize tiers that overlap or leave a gap, tiers that can never
//! be won, and (given records) kinds, roles, titles and schemes the records never contain and
//! rules that cover nobody. Used by `careplan check`.

use super::load::Draft;
use super::model::*;
use crate::diagnostic::{Diagnostic, Level, locate};
use crate::records::Records;
use std::collections::{BTreeMap, BTreeSet};

impl Draft {
    fn warn(&self, anchors: &[&str], message: String, help: &str) -> Diagnostic {
        let mut d = Diagnostic::error(
            &self.file,
            &self.source,
            locate(&self.source, anchors),
            message,
        )
        .with_help(help);
        d.level = Level::Warning;
        d
    }

    /// Warnings about the policy alone.
    pub fn lint(&self, policy: &Policy) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let Some(prizes) = &policy.prizes else {
            return out;
        };
        let mut by_exam: BTreeMap<ExamRef, Vec<(&PrizeTier, u32, u32)>> = BTreeMap::new();
        for t in &prizes.tiers {
            if let TierBody::Rank { exam, from, to } = t.body.clone() {
                by_exam.entry(exam).or_default().push((t, from, to));
            }
        }
        for tiers in by_exam.values_mut() {
            tiers.sort_by_key(|(t, from, to)| (*from, *to, t.id.clone()));
            let mut covered_to = 0;
            let mut prev: Option<&PrizeTier> = None;
            for (t, from, to) in tiers.iter() {
                let quoted = format!("\"{}\"", t.id);
                if *from <= covered_to {
                    let (p, both) = (prev.map_or("", |p| p.id.as_str()), prizes.stack);
                    out.push(self.warn(
                        &[&quoted, "Rank"],
                        format!(
                            "prize tiers `{p}` and `{}` overlap at rank {from}",
                            t.id
                        ),
                        if both {
                            "tiers stack, so a child at that rank wins both; make the ranges adjacent if that is not meant"
                        } else {
                            "tiers do not stack, so a child at that rank wins only the larger; make the ranges adjacent"
                        },
                    ));
                } else if *from > covered_to + 1 {
                    let gap = if *from == covered_to + 2 {
                        format!("rank {}", covered_to + 1)
                    } else {
                        format!("ranks {}–{}", covered_to + 1, from - 1)
                    };
                    out.push(self.warn(
                        &[&quoted, "Rank"],
                        format!("{gap} {} no prize, but rank {from} wins `{}`", if from - covered_to == 2 { "wins" } else { "win" }, t.id),
                        "extend a tier over the gap, or start this tier where the previous one ends",
                    ));
                }
                covered_to = covered_to.max(*to);
                prev = Some(t);
            }
        }
        if !prizes.stack {
            // A tier whose ranks are all inside a tier with a larger amount is never won.
            for (t, from, to) in by_exam.values().flatten() {
                let shadow = by_exam.values().flatten().find(|(o, of, ot)| {
                    o.id != t.id && of <= from && ot >= to && (o.amount_fen > t.amount_fen)
                });
                if let Some((o, _, _)) = shadow {
                    out.push(self.warn(
                        &[&format!("\"{}\"", t.id)],
                        format!("tier `{}` can never be won: tier `{}` pays more for the same ranks and tiers do not stack", t.id, o.id),
                        "set `stack: true`, or change the rank ranges",
                    ));
                }
            }
        }
        out
    }

    /// Warnings about how the policy meets these records.
    pub fn lint_with_records(&self, policy: &Policy, records: &Records) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let kinds: BTreeSet<&str> = records.contacts.kinds();
        let titles: BTreeSet<&str> = records.honors.iter().map(|h| h.title.as_str()).collect();
        let schemes: BTreeSet<&str> = records.pairings.iter().map(|p| p.scheme.as_str()).collect();
        for o in &policy.obligations {
            let quoted = format!("\"{}\"", o.id);
            for k in &o.kinds {
                if !kinds.contains(k.as_str()) {
                    out.push(self.warn(
                        &[&quoted, "kinds:"],
                        format!(
                            "contact kind `{k}` of obligation `{}` never appears in contacts.csv",
                            o.id
                        ),
                        &present("contacts.csv", "kinds", &kinds),
                    ));
                }
            }
            if let MadeBy::Role(role) = &o.made_by
                && !records.staff.iter().any(|s| s.has_role(role))
            {
                out.push(self.warn(
                        &[&quoted, "made_by:"],
                        format!("nobody in staff.csv has role `{role}`, so obligation `{}` can never be met", o.id),
                        "check the `role` column of staff.csv",
                    ));
            }
            if o.made_by == MadeBy::HeadTeacher {
                // Classes of covered children with no head teacher in staff.csv.
                let headed: BTreeSet<_> = records
                    .staff
                    .iter()
                    .filter(|s| s.has_role("head_teacher"))
                    .filter_map(|s| s.class.as_ref())
                    .collect();
                let unheaded: BTreeSet<String> = records
                    .students
                    .iter()
                    .filter(|s| o.covers.covers(s) && !headed.contains(&s.class))
                    .map(|s| s.class.to_string())
                    .collect();
                if !unheaded.is_empty() {
                    let list: Vec<String> = unheaded.into_iter().collect();
                    out.push(self.warn(
                        &[&quoted, "made_by:"],
                        format!(
                            "class {} has no head teacher in staff.csv, so obligation `{}` can never be met for its children",
                            list.join(", "),
                            o.id
                        ),
                        "give the class's head teacher role `head_teacher` and the class in the `class` column of staff.csv",
                    ));
                }
            }
            if !records.students.iter().any(|s| o.covers.covers(s)) {
                out.push(self.warn(
                    &[&quoted, "covers:"],
                    format!(
                        "obligation `{}` covers nobody in students.csv ({})",
                        o.id,
                        o.covers.describe()
                    ),
                    "check the coverage flags in students.csv or the rule's `covers`",
                ));
            }
        }
        if let Some(a) = &policy.assessment {
            if !records.students.iter().any(|s| a.covers.covers(s)) {
                out.push(self.warn(
                    &["assessment:", "covers:"],
                    format!(
                        "the assessment covers nobody in students.csv ({})",
                        a.covers.describe()
                    ),
                    "check the coverage flags in students.csv",
                ));
            }
            for r in &a.rules {
                if let PointBody::HonorTitle { title, .. } = &r.body
                    && !records.honors.iter().any(|h| &h.title == title)
                {
                    out.push(self.warn(
                        &[&format!("\"{}\"", r.id), "title:"],
                        format!(
                            "title `{title}` of rule `{}` never appears in honors.csv",
                            r.id
                        ),
                        &present("honors.csv", "titles", &titles),
                    ));
                }
            }
        }
        if let Some(p) = &policy.prizes {
            // The largest number of results in one class on one term: ranks beyond it never occur.
            let mut sizes: BTreeMap<(&str, &crate::records::ClassKey), u32> = BTreeMap::new();
            for e in &records.exams {
                *sizes.entry((e.term.as_str(), &e.class)).or_default() += 1;
            }
            let largest = sizes.values().copied().max().unwrap_or(0);
            if largest > 0 {
                for t in &p.tiers {
                    let unreachable = match t.body {
                        TierBody::Rank { from, .. } => from > largest,
                        TierBody::Progress { min_places, .. } => min_places >= largest,
                        TierBody::Script { .. } => false,
                    };
                    if unreachable {
                        out.push(self.warn(
                            &[&format!("\"{}\"", t.id)],
                            format!("tier `{}` can never be won: no class has more than {largest} exam results", t.id),
                            "lower the rank or places the tier needs",
                        ));
                    }
                }
            }
        }
        if let Some(h) = &policy.helpers
            && !records.pairings.iter().any(|p| p.scheme == h.scheme)
        {
            out.push(self.warn(
                    &["helpers", "scheme:"],
                    format!("scheme `{}` never appears in pairings.csv: every child's points go to the head teacher or nobody", h.scheme),
                    &present("pairings.csv", "schemes", &schemes),
                ));
        }
        out.extend(self.lint_families(policy, records));
        out
    }
}

// The rule families of Plans 2–4.
#[path = "lint_families.rs"]
mod lint_families;

/// `contacts.csv has the kinds `a`, `b`` or `contacts.csv has no kinds`.
fn present(file: &str, what: &str, values: &BTreeSet<&str>) -> String {
    if values.is_empty() {
        format!("{file} has no {what}")
    } else {
        format!("{file} has the {what} {}", listing(values))
    }
}

/// Up to eight values in backticks (`a`, `b`, … and 3 more), or `none`.
fn listing(values: &BTreeSet<&str>) -> String {
    if values.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<String> = values.iter().take(8).map(|v| format!("`{v}`")).collect();
    let more = values.len().saturating_sub(8);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(tiers: &str, stack: bool) -> Vec<String> {
        let src = format!(
            "Plan(id: \"p\", name: \"n\", seed: \"Plan 5\", prizes: (stack: {stack}, tiers: [{tiers}]))"
        );
        let draft = Draft::parse("plan.ron", &src).expect("parses");
        let policy = draft.validate().expect("valid");
        draft.lint(&policy).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn adjacent_tiers_are_fine() {
        let tiers = r#"(id: "a", seed: "s", rule: Rank(exam: Final, from: 1, to: 1), amount_fen: 10000),
                       (id: "b", seed: "s", rule: Rank(exam: Final, from: 2, to: 5), amount_fen: 3000)"#;
        assert!(lint(tiers, true).is_empty());
    }

    #[test]
    fn overlap_and_gap_are_warned() {
        let tiers = r#"(id: "a", seed: "s", rule: Rank(exam: Final, from: 1, to: 2), amount_fen: 10000),
                       (id: "b", seed: "s", rule: Rank(exam: Final, from: 2, to: 5), amount_fen: 3000),
                       (id: "c", seed: "s", rule: Rank(exam: Final, from: 8, to: 9), amount_fen: 1000)"#;
        assert_eq!(
            lint(tiers, true),
            [
                "prize tiers `a` and `b` overlap at rank 2",
                "ranks 6–7 win no prize, but rank 8 wins `c`",
            ]
        );
    }

    #[test]
    fn a_shadowed_tier_without_stacking_can_never_be_won() {
        let tiers = r#"(id: "a", seed: "s", rule: Rank(exam: Final, from: 1, to: 5), amount_fen: 10000),
                       (id: "b", seed: "s", rule: Rank(exam: Final, from: 2, to: 3), amount_fen: 3000)"#;
        let w = lint(tiers, false);
        assert!(w.contains(&"tier `b` can never be won: tier `a` pays more for the same ranks and tiers do not stack".to_owned()), "{w:?}");
    }
}
