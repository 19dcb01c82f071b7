//! The yearly assessment of classes and head teachers (Plan 4 §Fourth.6: "regularly evaluate
//! classes and teachers, and evaluate the left-behind advanced classes and teachers at the end
//! of the year, and link the evaluation results with civilized class evaluation and teacher
//! evaluation").
//!
//! Each component is a rate per class (compliance, coverage, filing, retention, plans made,
//! activities held). A class's score out of 100 is the weighted mean of its measured components
//! (a component with nothing to measure in a class is left out and the others are re-weighted),
//! computed exactly from the components' counts and rounded once, half up, to two decimals (a
//! rate shown with four decimals is for reading only: rounding it before weighting would move a
//! score by up to 0.005 points, enough to swap two close classes). Classes are ranked by score
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
    /// The same in Chinese, where the plan gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links_zh: Vec<String>,
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

/// A score out of 100 as an exact fraction `num / den` (`den > 0`), reduced; when a county's
/// counts would overflow 128 bits (they cannot at any real class size: a class's denominators
/// multiply to well under 10^25), the value falls back to a float.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Exact {
    Fraction(u128, u128),
    Float(f64),
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
}

impl Exact {
    fn new(num: u128, den: u128) -> Exact {
        let g = gcd(num, den);
        Exact::Fraction(num / g, den / g)
    }

    fn float(self) -> f64 {
        match self {
            Exact::Fraction(n, d) => n as f64 / d as f64,
            Exact::Float(f) => f,
        }
    }

    /// `self + other`.
    fn add(self, other: Exact) -> Exact {
        if let (Exact::Fraction(a, b), Exact::Fraction(c, d)) = (self, other) {
            let g = gcd(b, d);
            let sum = a
                .checked_mul(d / g)
                .zip(c.checked_mul(b / g))
                .and_then(|(x, y)| x.checked_add(y));
            if let (Some(num), Some(den)) = (sum, (b / g).checked_mul(d)) {
                return Exact::new(num, den);
            }
        }
        Exact::Float(self.float() + other.float())
    }

    /// `self × k / m`.
    fn scale(self, k: u128, m: u128) -> Exact {
        match self {
            Exact::Fraction(n, d) => match (n.checked_mul(k), d.checked_mul(m)) {
                (Some(n), Some(d)) => Exact::new(n, d),
                _ => Exact::Float(self.float() * k as f64 / m as f64),
            },
            Exact::Float(f) => Exact::Float(f * k as f64 / m as f64),
        }
    }

    /// The mean of `values`; `None` when there are none.
    fn mean(values: &[Exact]) -> Option<Exact> {
        let (first, rest) = values.split_first()?;
        let sum = rest.iter().fold(*first, |acc, v| acc.add(*v));
        Some(sum.scale(1, values.len() as u128))
    }

    /// Hundredths of a point, rounded half up.
    fn hundredths(self) -> u64 {
        match self {
            Exact::Fraction(n, d) => n
                .checked_mul(200)
                .map(|n2| ((n2 + d) / (2 * d)) as u64)
                .unwrap_or_else(|| (self.float() * 100.0).round() as u64),
            Exact::Float(f) => (f * 100.0).round() as u64,
        }
    }
}

/// The weighted mean out of 100 of the rates `num / den` of `(weight, num, den)` (each `den`
/// above 0), exactly: `100 × Σ weight × num / den ÷ Σ weight`; `None` when there is no part or the
/// weights sum to 0.
fn weighted_mean(parts: &[(u32, u32, u32)]) -> Option<Exact> {
    let weights: u128 = parts.iter().map(|(w, _, _)| u128::from(*w)).sum();
    if weights == 0 {
        return None;
    }
    let sum = parts
        .iter()
        .map(|&(w, n, d)| Exact::new(u128::from(w) * u128::from(n), u128::from(d)))
        .reduce(Exact::add)?;
    Some(sum.scale(100, weights))
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
    let mut exacts: Vec<Option<Exact>> = Vec::new();
    for (name, key) in &keys {
        let mut parts: Vec<(u32, u32, u32)> = Vec::new();
        let components: Vec<ComponentScore> = rule
            .components
            .iter()
            .zip(&per_class)
            .map(|(c, m)| {
                let (num, den) = m.get(name).copied().unwrap_or((0, 0));
                let bp = basis_points(u64::from(num), u64::from(den));
                if den > 0 {
                    parts.push((c.weight, num, den));
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
        // The exact weighted mean, rounded once to hundredths of a point.
        let exact = weighted_mean(&parts);
        let score = exact.map(Exact::hundredths);
        exacts.push(exact);
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
    let mut heads: BTreeMap<String, (Vec<String>, Vec<Exact>)> = BTreeMap::new();
    for (c, exact) in classes.iter().zip(&exacts) {
        if let Some(h) = &c.head_teacher {
            let e = heads.entry(h.clone()).or_default();
            e.0.push(c.class.clone());
            e.1.extend(exact);
        }
    }
    // The exact mean of the classes' exact scores, rounded once.
    let head_scores: Vec<Option<u64>> = heads
        .values()
        .map(|(_, s)| Exact::mean(s).map(Exact::hundredths))
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
        links_zh: rule.links_zh.clone(),
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

    #[test]
    fn a_score_is_rounded_once_from_the_exact_rates() {
        // Two components, weights 30 and 20: 2/3 and 1/7. Exact: 100 × (30 × 2/3 + 20 × 1/7)
        // / 50 = 100 × (20 + 20/7) / 50 = 100 × (160/7) / 50 = 320/7 = 45.714285… → 45.71.
        let s = weighted_mean(&[(30, 2, 3), (20, 1, 7)]).expect("measured");
        assert_eq!(s, Exact::Fraction(320, 7));
        assert_eq!(s.hundredths(), 4571);
        // Rounding each rate to 4 decimals first (0.6667, 0.1429) would give 100 × (30 ×
        // 0.6667 + 20 × 0.1429) / 50 = 100 × (20.001 + 2.858) / 50 = 45.718 → 45.72.
        // Half up at the last place: 1/8 × 100 = 12.5 exactly → 12.50; 1/800 → 0.125 → 0.13.
        assert_eq!(
            weighted_mean(&[(1, 1, 8)]).map(Exact::hundredths),
            Some(1250)
        );
        assert_eq!(
            weighted_mean(&[(1, 1, 800)]).map(Exact::hundredths),
            Some(13)
        );
        assert_eq!(weighted_mean(&[]), None);
        assert_eq!(weighted_mean(&[(0, 1, 2)]), None);
        // A head teacher of two classes, 320/7 and 50: mean (320/7 + 350/7) / 2 = 335/7
        // = 47.857… → 47.86.
        let m = Exact::mean(&[s, Exact::new(50, 1)]).expect("two");
        assert_eq!(m, Exact::Fraction(335, 7));
        assert_eq!(m.hundredths(), 4786);
    }
}
