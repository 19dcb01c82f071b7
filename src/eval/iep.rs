//! Individual education plans (Plan 2 §Third(1).5, Plan 4 §Fourth.5): triggers flag the
//! children who need a plan; a row of `plans.csv` for the child dated on or after a trigger's
//! day (and by the as-of date) clears that trigger.
//!
//! Children on the roster of the assessment day are checked. A trigger's day: the last day of
//! the later exam's term for a rank drop (when its results are known), the conduct record's day
//! for a serious conduct record in the year, the year's first day (or the child's first day,
//! when later) for a potential student.

use super::rates::rate;
use super::{Ctx, class_name};
use crate::lang::Lang;
use crate::policy::{IndividualPlans, Trigger};
use crate::records::ConductSeverity;
use crate::records::FastMap;
use chrono::NaiveDate;
use serde::Serialize;

/// The outcome of an individual-plans rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlansResult {
    /// Rule id.
    pub rule: String,
    /// Children with at least one trigger.
    pub flagged: u32,
    /// Of them, children with a trigger no plan has cleared.
    pub needing_plan: u32,
    /// Triggers found.
    pub triggers: u32,
    /// Triggers cleared by a plan.
    pub cleared: u32,
    /// cleared / triggers.
    pub cleared_rate: Option<f64>,
    /// The flagged children, by id.
    pub children: Vec<PlanChild>,
}

/// A flagged child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanChild {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// Whether some trigger is not cleared.
    pub needs_plan: bool,
    /// The triggers, by day.
    pub triggers: Vec<TriggerHit>,
}

/// One trigger of a child, and the plan that cleared it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggerHit {
    /// What triggered.
    pub why: TriggerWhy,
    /// The trigger's day.
    pub date: NaiveDate,
    /// The day of the first plan on or after it, if any.
    pub plan_date: Option<NaiveDate>,
}

/// What flagged a child.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TriggerWhy {
    /// The class rank dropped by `dropped` places (at least `places`).
    RankDrop {
        /// Earlier exam's term.
        from_term: String,
        /// Rank on it.
        from_rank: u32,
        /// Later exam's term.
        to_term: String,
        /// Rank on it.
        to_rank: u32,
        /// Places dropped.
        dropped: u32,
        /// The plan's threshold.
        places: u32,
    },
    /// A serious conduct record.
    SeriousConduct,
    /// A potential student.
    PotentialStudent,
    /// A script trigger said yes.
    Script {
        /// The script function.
        function: String,
    },
}

impl TriggerWhy {
    /// The trigger in plain words.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                TriggerWhy::RankDrop {
                    from_term,
                    from_rank,
                    to_term,
                    to_rank,
                    dropped,
                    places,
                },
                Lang::En,
            ) => format!(
                "class rank {from_rank} ({from_term}) → {to_rank} ({to_term}): dropped {dropped} places (at least {places})"
            ),
            (
                TriggerWhy::RankDrop {
                    from_term,
                    from_rank,
                    to_term,
                    to_rank,
                    dropped,
                    places,
                },
                Lang::Zh,
            ) => format!(
                "班级排名第{from_rank}名（{from_term}）→ 第{to_rank}名（{to_term}）：下降{dropped}名（至少{places}名）"
            ),
            (TriggerWhy::SeriousConduct, Lang::En) => "a serious conduct record".into(),
            (TriggerWhy::SeriousConduct, Lang::Zh) => "严重违纪记录".into(),
            (TriggerWhy::PotentialStudent, Lang::En) => "a potential student".into(),
            (TriggerWhy::PotentialStudent, Lang::Zh) => "学困生".into(),
            (TriggerWhy::Script { function }, Lang::En) => format!("script `{function}` says yes"),
            (TriggerWhy::Script { function }, Lang::Zh) => format!("脚本 `{function}` 认定"),
        }
    }
}

pub(super) fn evaluate(ctx: &Ctx, rule: &IndividualPlans) -> PlansResult {
    let day = ctx.assessment_day;
    let year_so_far = ctx.year_span.until(ctx.as_of);
    let mut plans: FastMap<&str, Vec<NaiveDate>> = FastMap::default();
    for p in ctx.records.plans.iter().filter(|p| p.date <= ctx.as_of) {
        plans.entry(p.student_id.as_str()).or_default().push(p.date);
    }
    for list in plans.values_mut() {
        list.sort();
    }
    let rank = |term: &str, id: &str| ctx.ranks.get(term).and_then(|m| m.get(id)).map(|(r, _)| *r);
    // Worked out once, not once per child (resolving an exam may scan every exam row).
    let exams: Vec<Option<(super::Exam, super::Exam)>> = rule
        .triggers
        .iter()
        .map(|t| match t {
            Trigger::RankDrop { from, to, .. } => ctx.exam(*from).zip(ctx.exam(*to)),
            _ => None,
        })
        .collect();
    let mut serious: FastMap<&str, Vec<NaiveDate>> = FastMap::default();
    for c in &ctx.records.conduct {
        if c.severity == ConductSeverity::Serious && year_so_far.is_some_and(|y| y.contains(c.date))
        {
            serious
                .entry(c.student_id.as_str())
                .or_default()
                .push(c.date);
        }
    }
    let mut children = Vec::new();
    for s in &ctx.records.students {
        if !s.enrolled_on_day(day) || !ctx.covers(&rule.covers, s, &rule.id) {
            continue;
        }
        let mut hits: Vec<(TriggerWhy, NaiveDate)> = Vec::new();
        for (t, exams) in rule.triggers.iter().zip(&exams) {
            match t.clone() {
                Trigger::RankDrop { places, .. } => {
                    let Some((a, b)) = exams else {
                        continue;
                    };
                    if !(a.counted && b.counted) {
                        continue;
                    }
                    let (Some(ra), Some(rb)) =
                        (rank(&a.label, &s.student_id), rank(&b.label, &s.student_id))
                    else {
                        continue;
                    };
                    let end = ctx.records.calendar.term(&b.label).map(|t| t.span.end);
                    if rb >= ra + places {
                        hits.push((
                            TriggerWhy::RankDrop {
                                from_term: a.label.clone(),
                                from_rank: ra,
                                to_term: b.label.clone(),
                                to_rank: rb,
                                dropped: rb - ra,
                                places,
                            },
                            end.unwrap_or(ctx.year_span.start),
                        ));
                    }
                }
                Trigger::SeriousConduct => {
                    for date in serious.get(s.student_id.as_str()).into_iter().flatten() {
                        hits.push((TriggerWhy::SeriousConduct, *date));
                    }
                }
                Trigger::Script { function } => {
                    if ctx.script_says_yes(&rule.id, &function, s) {
                        hits.push((
                            TriggerWhy::Script { function },
                            s.enrolled_on.max(ctx.year_span.start),
                        ));
                    }
                }
                Trigger::PotentialStudent => {
                    if s.potential_student {
                        hits.push((
                            TriggerWhy::PotentialStudent,
                            s.enrolled_on.max(ctx.year_span.start),
                        ));
                    }
                }
            }
        }
        if hits.is_empty() {
            continue;
        }
        hits.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        hits.dedup();
        let mine = plans.get(s.student_id.as_str());
        let triggers: Vec<TriggerHit> = hits
            .into_iter()
            .map(|(why, date)| TriggerHit {
                why,
                date,
                plan_date: mine.and_then(|l| l.iter().copied().find(|p| *p >= date)),
            })
            .collect();
        children.push(PlanChild {
            student_id: s.student_id.clone(),
            name: s.name.clone(),
            class: class_name(&s.class),
            needs_plan: triggers.iter().any(|t| t.plan_date.is_none()),
            triggers,
        });
    }
    children.sort_by(|a, b| a.student_id.cmp(&b.student_id));
    let triggers = children.iter().map(|c| c.triggers.len() as u32).sum();
    let cleared = children
        .iter()
        .flat_map(|c| &c.triggers)
        .filter(|t| t.plan_date.is_some())
        .count() as u32;
    PlansResult {
        rule: rule.id.clone(),
        flagged: children.len() as u32,
        needing_plan: children.iter().filter(|c| c.needs_plan).count() as u32,
        triggers,
        cleared,
        cleared_rate: rate(cleared, triggers),
        children,
    }
}
