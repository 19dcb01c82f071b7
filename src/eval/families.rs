//! Runs the rule families of Plans 2, 3 and 4 after the contact obligations and the points:
//! child files, enrollment, pairing schemes, individual plans, activity duties, then the class
//! assessment that measures them.

use super::activities::{self, ActivityRow};
use super::class_assessment::{self, ClassAssessmentResult, Inputs};
use super::enrollment::{self, EnrollmentResult};
use super::files::{self, FilesResult};
use super::iep::{self, PlansResult};
use super::obligations::ClassCounts;
use super::pairings::{self, SchemeResult};
use super::{Ctx, StatusCounts};
use std::collections::BTreeMap;

/// The families' parts of a decision.
#[derive(Default)]
pub(super) struct Families {
    pub child_files: Option<FilesResult>,
    pub enrollment: Option<EnrollmentResult>,
    pub pairing_schemes: Vec<SchemeResult>,
    pub individual_plans: Option<PlansResult>,
    pub activities: Vec<ActivityRow>,
    pub activity_summary: BTreeMap<String, StatusCounts>,
    pub class_assessment: Option<ClassAssessmentResult>,
    pub calendar: Option<super::calendar_rules::CalendarResult>,
}

pub(super) fn evaluate(ctx: &mut Ctx, obligations: &ClassCounts) -> Families {
    let policy = ctx.policy;
    // Two halves of about equal work, each on a context of its own, run side by side; their
    // findings are taken in afterwards in the order a single thread would have made them.
    let seed = ctx.seed();
    let (mut first, mut second) = (seed.ctx(), seed.ctx());
    let ((child_files, enrollment, pairing_schemes, individual_plans), (activity_rules, calendar)) =
        rayon::join(
            || {
                let c = &mut first;
                let files = policy.child_files.as_ref().map(|f| files::evaluate(c, f));
                let enrollment = policy
                    .enrollment
                    .as_ref()
                    .map(|e| enrollment::evaluate(c, e));
                let schemes: Vec<_> = policy
                    .pairing_schemes
                    .iter()
                    .map(|s| pairings::evaluate(c, s))
                    .collect();
                let plans = policy
                    .individual_plans
                    .as_ref()
                    .map(|p| iep::evaluate(c, p));
                (files, enrollment, schemes, plans)
            },
            || {
                let c = &mut second;
                let activities: Vec<_> = policy
                    .activities
                    .iter()
                    .map(|rule| (rule.id.clone(), activities::evaluate(c, rule)))
                    .collect();
                (activities, super::calendar_rules::evaluate(c))
            },
        );
    ctx.absorb(first);
    ctx.absorb(second);
    let mut out = Families {
        child_files,
        enrollment,
        pairing_schemes,
        individual_plans,
        calendar,
        ..Families::default()
    };
    for (id, (rows, counts)) in activity_rules {
        out.activities.extend(rows);
        out.activity_summary.insert(id, counts);
    }
    activities::sort(&mut out.activities);
    // Parties, festival days and milestones count per class like activities.
    let mut activity_rows = out.activities.clone();
    activity_rows.extend(out.calendar.iter().flat_map(|c| c.activity_rows()));
    out.class_assessment = policy.class_assessment.as_ref().map(|c| {
        let inputs = Inputs {
            obligations,
            files: out.child_files.as_ref(),
            enrollment: out.enrollment.as_ref(),
            schemes: &out.pairing_schemes,
            plans: out.individual_plans.as_ref(),
            activities: &activity_rows,
        };
        class_assessment::evaluate(ctx, c, &inputs)
    });
    out
}

/// The record files the families need: `(file, rule id)`.
pub(super) fn needs(policy: &crate::policy::Policy) -> Vec<(&'static str, &str)> {
    use crate::policy::{Mentors, Trigger};
    let mut out = Vec::new();
    for s in &policy.pairing_schemes {
        out.push(("pairings.csv", s.id.as_str()));
        match s.mentors {
            Mentors::Staff(_) | Mentors::StaffOrClassmate(_) => {
                out.push(("staff.csv", s.id.as_str()))
            }
            Mentors::Student { top: Some(_) } => out.push(("exams.csv", s.id.as_str())),
            Mentors::Student { top: None } => {}
        }
    }
    for o in &policy.obligations {
        if let crate::policy::MadeBy::PairedMentor(_) = o.made_by {
            out.push(("pairings.csv", o.id.as_str()));
        }
    }
    if let Some(p) = &policy.individual_plans {
        out.push(("plans.csv", p.id.as_str()));
        for t in &p.triggers {
            match t {
                Trigger::RankDrop { .. } => out.push(("exams.csv", p.id.as_str())),
                Trigger::SeriousConduct => out.push(("conduct.csv", p.id.as_str())),
                Trigger::PotentialStudent | Trigger::Script { .. } => {}
            }
        }
    }
    if let Some(a) = policy.activities.first() {
        out.push(("activities.csv", a.id.as_str()));
    }
    // The enrollment rate is taken over the catchment's list (Plan 2 §Second.2).
    if let Some(e) = &policy.enrollment {
        out.push(("catchment.csv", e.id.as_str()));
    }
    out.extend(super::calendar_rules::needs(policy));
    out
}
