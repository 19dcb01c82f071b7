//! The yearly assessment of classes and head teachers (Plan 4 §Fourth.6: "regularly evaluate
//! classes and teachers, and evaluate the left-behind advanced classes and teachers at the end
//! of the year, and link the evaluation results with civilized class evaluation and teacher
//! evaluation").
//!
//! Each component is a rate per class (compliance, coverage, filing, retention, plans made,
//! activities held), rounded to basis points. A class's score out of 100 is the weighted mean
//! of its measured components (a component with nothing to measure in a class is left out and
//! the others are re-weighted), rounded to two decimals. Classes are ranked by score
//! (competition ranking); the advanced ones are the top `n` or those at or above a score. A
//! head teacher's score is the mean of the scores of the classes they head.

use super::activities::{ActivityRow, class_counts};
use super::enrollment::EnrollmentResult;
use super::files::FilesResult;
use super::iep::PlansResult;
use super::obligations::ClassCounts;
use super::pairings::SchemeResult;
use super::rates::basis_points;
use super::{Ctx, class_name};
use crate::policy::{Advanced, ClassAssessment, Measure};
use crate::records::FastMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The results of the other families, which the components measure.
pub(super) struct Inputs<'a> {
    /// (met + late, met + late + missed) per class, per obligation rule.
    pub obligations: &'a ClassCounts,
    pub files: Option<&'a FilesResult>,
    pub enrollment: Option<&'a EnrollmentResult>,
    pub schemes: &'a [SchemeResult],
    pub plans: Option<&'a PlansResult>,
    pub activities: &'a [ActivityRow],
}

/// The class and head-teacher assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassAssessmentResult {
    /// Rule id.
    pub rule: String,
    /// Who is advanced: `top N` or `at least S`.
    pub advanced_by: String,
    /// What the results are linked with.
    pub links: Vec<String>,
    /// Classes, by name.
    pub classes: Vec<ClassScore>,
    /// Head teachers of the assessed classes, by id.
    pub head_teachers: Vec<TeacherScore>,
}

/// One class's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScore {
    /// The class.
    pub class: String,
    /// Its head teacher (the lowest id when several).
    pub head_teacher: Option<String>,
    /// Score out of 100, two decimals; `null` when no component could be measured.
    pub score: Option<f64>,
    /// Rank by score (1 = best, ties share a rank).
    pub rank: Option<u32>,
    /// Whether the class is advanced.
    pub advanced: bool,
    /// The components.
    pub components: Vec<ComponentScore>,
}

/// One component of a class's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentScore {
    /// Component id.
    pub id: String,
    /// Weight.
    pub weight: u32,
    /// Numerator of the rate.
    pub numerator: u32,
    /// Denominator of the rate.
    pub denominator: u32,
    /// The rate, 4 decimals; `null` when there is nothing to measure.
    pub rate: Option<f64>,
}

/// A head teacher's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeacherScore {
    /// Staff id.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// The classes headed.
    pub classes: Vec<String>,
    /// Mean of the classes' scores.
    pub score: Option<f64>,
    /// Rank by score among head teachers.
    pub rank: Option<u32>,
    /// Whether the head teacher is advanced.
    pub advanced: bool,
}

/// Competition ranks ("1224") of scores in hundredths, best first; `None` stays unranked.
fn ranks(scores: &[Option<u64>]) -> Vec<Option<u32>> {
    // The scores highest first: a score's rank is one more than the number above it (found by
    // bisection, so a county's thousands of classes rank in n log n).
    let mut sorted: Vec<u64> = scores.iter().flatten().copied().collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    scores
        .iter()
        .map(|s| s.map(|s| 1 + sorted.partition_point(|o| *o > s) as u32))
        .collect()
}

fn advanced(rule: Advanced, score: Option<u64>, rank: Option<u32>) -> bool {
    match rule {
        Advanced::Top(n) => rank.is_some_and(|r| r <= n),
        Advanced::AtLeast(min) => score.is_some_and(|s| s >= u64::from(min) * 100),
    }
}

pub(super) fn evaluate(
    ctx: &Ctx,
    rule: &ClassAssessment,
    inputs: &Inputs,
) -> ClassAssessmentResult {
    let span = ctx.year_span.until(ctx.as_of);
    // Each class once (found by key, named once).
    let mut seen: FastMap<&crate::records::ClassKey, ()> = FastMap::default();
    for s in &ctx.records.students {
        if span.is_some_and(|y| s.enrolled_during(y)) {
            seen.insert(&s.class, ());
        }
    }
    let keys: BTreeMap<String, crate::records::ClassKey> = seen
        .into_keys()
        .map(|k| (class_name(k), k.clone()))
        .collect();
    let names: Vec<String> = keys.keys().cloned().collect();

    // (numerator, denominator) per component and class.
    let per_class: Vec<BTreeMap<String, (u32, u32)>> = rule
        .components
        .iter()
        .map(|c| match &c.measure {
            Measure::Compliance(rules) => {
                let mut m: BTreeMap<String, (u32, u32)> = BTreeMap::new();
                for (_, classes) in inputs.obligations.iter().filter(|(r, _)| rules.contains(r)) {
                    for (class, (done, due)) in classes {
                        let e = m.entry(class.clone()).or_default();
                        e.0 += done;
                        e.1 += due;
                    }
                }
                m
            }
            Measure::Coverage(id) => inputs
                .schemes
                .iter()
                .filter(|s| &s.rule == id)
                .flat_map(|s| &s.classes)
                .map(|c| (c.class.clone(), (c.always_covered, c.children)))
                .collect(),
            Measure::FilingRate => inputs
                .files
                .iter()
                .flat_map(|f| &f.classes)
                .map(|c| (c.class.clone(), (c.complete, c.covered)))
                .collect(),
            Measure::RetentionRate => inputs
                .enrollment
                .iter()
                .flat_map(|e| &e.classes)
                .map(|c| (c.class.clone(), (c.enrolled - c.dropouts, c.enrolled)))
                .collect(),
            Measure::IndividualPlans => {
                let mut m: BTreeMap<String, (u32, u32)> = BTreeMap::new();
                for child in inputs.plans.iter().flat_map(|p| &p.children) {
                    let e = m.entry(child.class.clone()).or_default();
                    e.1 += child.triggers.len() as u32;
                    e.0 += child
                        .triggers
                        .iter()
                        .filter(|t| t.plan_date.is_some())
                        .count() as u32;
                }
                m
            }
            Measure::Activities(rules) => class_counts(inputs.activities, rules, &names),
        })
        .collect();

    // Each class's head teacher (the lowest id when several), found in one pass over the staff.
    let mut head_of: FastMap<&crate::records::ClassKey, &str> = FastMap::default();
    for s in ctx
        .records
        .staff
        .iter()
        .filter(|s| s.has_role("head_teacher"))
    {
        if let Some(class) = &s.class {
            let id = s.staff_id.as_str();
            head_of
                .entry(class)
                .and_modify(|h| *h = (*h).min(id))
                .or_insert(id);
        }
    }
    let mut classes: Vec<ClassScore> = Vec::new();
    let mut scores: Vec<Option<u64>> = Vec::new();
    for (name, key) in &keys {
        let mut weighted = 0u64;
        let mut weights = 0u64;
        let components: Vec<ComponentScore> = rule
            .components
            .iter()
            .zip(&per_class)
            .map(|(c, m)| {
                let (num, den) = m.get(name).copied().unwrap_or((0, 0));
                let bp = basis_points(u64::from(num), u64::from(den));
                if let Some(bp) = bp {
                    weighted += u64::from(c.weight) * bp;
                    weights += u64::from(c.weight);
                }
                ComponentScore {
                    id: c.id.clone(),
                    weight: c.weight,
                    numerator: num,
                    denominator: den,
                    rate: bp.map(|bp| bp as f64 / 10_000.0),
                }
            })
            .collect();
        // Score in hundredths of a point out of 100 = weighted mean in basis points.
        let score = (weights > 0).then(|| (weighted * 2 + weights) / (2 * weights));
        scores.push(score);
        let head = head_of.get(key).map(|h| (*h).to_owned());
        classes.push(ClassScore {
            class: name.clone(),
            head_teacher: head,
            score: score.map(|s| s as f64 / 100.0),
            rank: None,
            advanced: false,
            components,
        });
    }
    for ((c, rank), score) in classes.iter_mut().zip(ranks(&scores)).zip(&scores) {
        c.rank = rank;
        c.advanced = advanced(rule.advanced, *score, rank);
    }

    // Head teachers: the mean of their classes' scores.
    let mut heads: BTreeMap<String, (Vec<String>, Vec<u64>)> = BTreeMap::new();
    for (c, score) in classes.iter().zip(&scores) {
        if let Some(h) = &c.head_teacher {
            let e = heads.entry(h.clone()).or_default();
            e.0.push(c.class.clone());
            e.1.extend(score);
        }
    }
    let head_scores: Vec<Option<u64>> = heads
        .values()
        .map(|(_, s)| {
            let n = s.len() as u64;
            (n > 0).then(|| (s.iter().sum::<u64>() * 2 + n) / (2 * n))
        })
        .collect();
    let names_by_id: BTreeMap<&str, &str> = ctx
        .records
        .staff
        .iter()
        .map(|s| (s.staff_id.as_str(), s.name.as_str()))
        .collect();
    let head_teachers = heads
        .into_iter()
        .zip(ranks(&head_scores))
        .zip(&head_scores)
        .map(|(((id, (classes, _)), rank), score)| TeacherScore {
            name: names_by_id
                .get(id.as_str())
                .map(|n| (*n).to_owned())
                .unwrap_or_default(),
            staff_id: id,
            classes,
            score: score.map(|s| s as f64 / 100.0),
            rank,
            advanced: advanced(rule.advanced, *score, rank),
        })
        .collect();
    ClassAssessmentResult {
        rule: rule.id.clone(),
        advanced_by: match rule.advanced {
            Advanced::Top(n) => format!("top {n}"),
            Advanced::AtLeast(s) => format!("at least {s}"),
        },
        links: rule.links.clone(),
        classes,
        head_teachers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks_of_scores() {
        assert_eq!(
            ranks(&[Some(9000), None, Some(9500), Some(9000)]),
            [Some(2), None, Some(1), Some(2)]
        );
        assert_eq!(
            ranks(&[Some(1), Some(3), Some(3), Some(2), Some(3), None]),
            [Some(5), Some(1), Some(1), Some(4), Some(1), None]
        );
        assert_eq!(ranks(&[]), []);
    }
}
