//! The one walk over a [`Decision`] that lists its outcomes, family by family.

use super::{Family, Outcome, Period, Reason, State, Subject, Value};
use crate::eval::{Decision, StatusCounts, Why};
use chrono::NaiveDate;

/// Builds outcomes with less repetition.
struct Sink {
    out: Vec<Outcome>,
}

impl Sink {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: &str,
        family: Family,
        measure: &str,
        subject: Subject,
        class: Option<&str>,
        period: Period,
        status: Option<State>,
        value: Option<Value>,
        reason: Reason,
    ) {
        self.out.push(Outcome {
            rule: rule.to_owned(),
            family,
            measure: measure.to_owned(),
            subject,
            class: class.map(str::to_owned),
            period,
            status,
            value,
            reason,
        });
    }

    /// A rule's counts per status over the year and its compliance rate.
    fn summary(&mut self, rule: &str, family: Family, c: &StatusCounts) {
        let done = u64::from(c.met + c.late);
        let due = done + u64::from(c.missed);
        self.push(
            rule,
            family,
            "compliance",
            Subject::School,
            None,
            Period::Year,
            (due == 0).then_some(State::NotApplicable),
            Some(Value::rate(done, due)),
            Reason::Counts {
                met: c.met,
                late: c.late,
                partial: c.partial,
                open: c.open,
                missed: c.missed,
                children: c.children,
            },
        );
    }
}

fn window(start: NaiveDate, end: NaiveDate) -> Period {
    Period::Window { start, end }
}

fn subject_of(class: Option<&String>, student: Option<&String>) -> Subject {
    match (student, class) {
        (Some(s), _) => Subject::Child(s.clone()),
        (None, Some(c)) => Subject::Class(c.clone()),
        (None, None) => Subject::School,
    }
}

/// Every outcome of a decision, family by family in a fixed order (obligations, points and
/// prizes, helper pay, totals, then the families of Plans 2–4 in plan-field order). Windows
/// a decision did not list (`--obligations none`) have no outcome; their rule summaries do.
pub fn outcomes(d: &Decision) -> Vec<Outcome> {
    let mut s = Sink { out: Vec::new() };
    obligations(&mut s, d);
    assessment(&mut s, d);
    families(&mut s, d);
    calendar(&mut s, d);
    s.out
}

fn obligations(s: &mut Sink, d: &Decision) {
    for r in &d.obligations {
        s.push(
            &r.rule,
            Family::Obligation,
            "",
            Subject::Child(r.student_id.clone()),
            Some(&r.class),
            window(r.window_start, r.window_end),
            Some(r.status.into()),
            None,
            match &r.no_mentor {
                Some(scheme) => Reason::NoMentor {
                    scheme: scheme.clone(),
                },
                None => Reason::Contact {
                    date: r.contact_date,
                    due: r.due,
                },
            },
        );
    }
    for (rule, c) in &d.obligation_summary {
        s.summary(rule, Family::Obligation, c);
    }
}

fn assessment(s: &mut Sink, d: &Decision) {
    // The totals of a plan without points, prizes or pay are all zero: only the budget shows.
    let has = |rule: &str| rule == "budget" || d.rules.iter().any(|r| r.id == rule);
    let mut winners: std::collections::BTreeMap<&str, u64> = Default::default();
    for st in &d.students {
        let child = || Subject::Child(st.student_id.clone());
        for r in &st.trace {
            let (family, value) = match (r.points, r.amount_fen) {
                (Some(p), _) => (Family::Points, Some(Value::Points { value: p })),
                (None, Some(f)) => (Family::Prizes, Some(Value::Fen { value: f })),
                (None, None) => (Family::Points, None),
            };
            let status = matches!(r.why, Why::NotAssessed { .. }).then_some(State::NotApplicable);
            s.push(
                &r.rule,
                family,
                "",
                child(),
                Some(&st.class),
                Period::Year,
                status,
                value,
                Reason::Why { why: r.why.clone() },
            );
        }
        if let Some(p) = st.points {
            s.push(
                "points",
                Family::Totals,
                "",
                child(),
                Some(&st.class),
                Period::Year,
                None,
                Some(Value::Points { value: p }),
                Reason::None,
            );
        }
        if st.awards_fen != 0 || !st.awards.is_empty() {
            s.push(
                "prizes",
                Family::Totals,
                "",
                child(),
                Some(&st.class),
                Period::Year,
                None,
                Some(Value::Fen {
                    value: st.awards_fen,
                }),
                Reason::None,
            );
        }
        for a in &st.awards {
            *winners.entry(a.award.as_str()).or_default() += 1;
        }
    }
    for (tier, n) in winners {
        s.push(
            tier,
            Family::Prizes,
            "winners",
            Subject::School,
            None,
            Period::Year,
            None,
            Some(Value::Count { value: n }),
            Reason::None,
        );
    }
    for h in &d.helpers {
        let helper = || Subject::Helper(h.helper_id.clone());
        let helped = if h.class_shares.is_empty() {
            Reason::Helped {
                children: h.children.len() as u32,
            }
        } else {
            Reason::Divided {
                children: h.children.len() as u32,
                shares: h.class_shares.clone(),
            }
        };
        s.push(
            "helpers",
            Family::HelperPay,
            "points",
            helper(),
            None,
            Period::Year,
            None,
            Some(Value::SharedPoints { value: h.points }),
            helped.clone(),
        );
        s.push(
            "helpers",
            Family::HelperPay,
            "pay",
            helper(),
            None,
            Period::Year,
            None,
            Some(Value::Fen {
                value: h.amount_fen,
            }),
            helped,
        );
    }
    for c in &d.classes {
        let class = || Subject::Class(c.class.clone());
        for (rule, measure, value) in [
            ("points", "", Value::Points { value: c.points }),
            (
                "prizes",
                "",
                Value::Fen {
                    value: c.student_awards_fen,
                },
            ),
            (
                "helpers",
                "pay",
                Value::Fen {
                    value: c.helper_awards_fen,
                },
            ),
        ] {
            if !has(rule) {
                continue;
            }
            let family = if rule == "helpers" {
                Family::HelperPay
            } else {
                Family::Totals
            };
            s.push(
                rule,
                family,
                measure,
                class(),
                Some(&c.class),
                Period::Year,
                None,
                Some(value),
                match &c.head_teacher_split {
                    Some(source) if rule == "helpers" => Reason::DividedClass {
                        source: source.clone(),
                    },
                    _ => Reason::None,
                },
            );
        }
    }
    let t = &d.totals;
    for (rule, measure, family, value) in [
        (
            "points",
            "",
            Family::Totals,
            Value::Points { value: t.points },
        ),
        (
            "points",
            "unpaid",
            Family::Totals,
            Value::Points {
                value: t.unpaid_points,
            },
        ),
        (
            "prizes",
            "",
            Family::Totals,
            Value::Fen {
                value: t.student_awards_fen,
            },
        ),
        (
            "helpers",
            "pay",
            Family::HelperPay,
            Value::Fen {
                value: t.helper_awards_fen,
            },
        ),
        (
            "budget",
            "",
            Family::Totals,
            Value::Fen { value: t.total_fen },
        ),
    ] {
        if !has(rule) {
            continue;
        }
        s.push(
            rule,
            family,
            measure,
            Subject::School,
            None,
            Period::Year,
            None,
            Some(value),
            Reason::None,
        );
    }
}

fn rate(num: u32, den: u32) -> Option<Value> {
    Some(Value::rate(u64::from(num), u64::from(den)))
}

fn families(s: &mut Sink, d: &Decision) {
    if let Some(f) = &d.child_files {
        let target = Reason::Target {
            percent: f.target_percent,
        };
        let state = (f.covered == 0)
            .then_some(State::NotApplicable)
            .or(Some(State::target(f.meets_target)));
        let r = &f.rule;
        let fam = Family::ChildFiles;
        s.push(
            r,
            fam,
            "filing_rate",
            Subject::School,
            None,
            Period::Year,
            state,
            rate(f.complete, f.covered),
            target,
        );
        for c in &f.classes {
            s.push(
                r,
                fam,
                "filing_rate",
                Subject::Class(c.class.clone()),
                Some(&c.class),
                Period::Year,
                None,
                rate(c.complete, c.covered),
                Reason::None,
            );
        }
        for i in &f.incomplete {
            s.push(
                r,
                fam,
                "file",
                Subject::Child(i.student_id.clone()),
                Some(&i.class),
                Period::Year,
                Some(State::Missed),
                None,
                Reason::MissingFields {
                    fields: i.missing.clone(),
                },
            );
        }
    }
    if let Some(e) = &d.enrollment {
        let r = &e.rule;
        let fam = Family::Enrollment;
        let retained_of = e.retained + e.dropouts;
        s.push(
            r,
            fam,
            "enrollment_rate",
            Subject::School,
            None,
            Period::Year,
            Some(match e.enrollment_rate {
                Some(_) => State::target(e.meets_enrollment_target),
                None => State::NotApplicable,
            }),
            e.enrollment_rate
                .and(e.catchment)
                .and_then(|n| rate(e.catchment_enrolled, n)),
            match e.enrollment_rate {
                Some(_) => Reason::Target {
                    percent: e.enrollment_target_percent,
                },
                None => Reason::CannotCompute {
                    needs: "catchment.csv".into(),
                },
            },
        );
        s.push(
            r,
            fam,
            "retention_rate",
            Subject::School,
            None,
            Period::Year,
            Some(State::target(e.meets_retention_target)),
            rate(e.retained, retained_of),
            Reason::Target {
                percent: e.retention_target_percent,
            },
        );
        for c in &e.classes {
            let class = || Subject::Class(c.class.clone());
            s.push(
                r,
                fam,
                "on_roll_rate",
                class(),
                Some(&c.class),
                Period::Year,
                None,
                rate(c.enrolled, c.roster),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "dropouts",
                class(),
                Some(&c.class),
                Period::Year,
                None,
                Some(Value::Count {
                    value: u64::from(c.dropouts),
                }),
                Reason::None,
            );
        }
        for l in &e.left {
            let status = if l.counts_as_dropout {
                State::Missed
            } else {
                State::NotApplicable
            };
            s.push(
                r,
                fam,
                "retention",
                Subject::Child(l.student_id.clone()),
                Some(&l.class),
                Period::Year,
                Some(status),
                None,
                Reason::Left {
                    on: l.left_on,
                    reason: l.left_reason,
                },
            );
        }
    }
    for p in &d.pairing_schemes {
        let r = &p.rule;
        let fam = Family::Pairing;
        let state = (p.children == 0).then_some(State::NotApplicable);
        s.push(
            r,
            fam,
            "coverage",
            Subject::School,
            None,
            Period::Year,
            state,
            rate(p.always_covered, p.children),
            Reason::None,
        );
        for c in &p.classes {
            s.push(
                r,
                fam,
                "coverage",
                Subject::Class(c.class.clone()),
                Some(&c.class),
                Period::Year,
                None,
                rate(c.always_covered, c.children),
                Reason::None,
            );
        }
        for u in &p.uncovered {
            let status = if u.school_days >= u.of_school_days {
                State::Missed
            } else {
                State::Partial
            };
            s.push(
                r,
                fam,
                "covered",
                Subject::Child(u.student_id.clone()),
                Some(&u.class),
                Period::Year,
                Some(status),
                None,
                Reason::Uncovered {
                    school_days: u.school_days,
                    of_school_days: u.of_school_days,
                },
            );
        }
        for o in &p.over_capacity {
            s.push(
                r,
                fam,
                "capacity",
                Subject::Staff(o.mentor_id.clone()),
                None,
                Period::Year,
                Some(State::Missed),
                None,
                Reason::OverCapacity {
                    max_mentees: o.max_mentees,
                },
            );
        }
        for i in &p.ineligible {
            let end = i.end.unwrap_or(d.as_of);
            s.push(
                r,
                fam,
                &format!("eligible:{}", i.mentee_id),
                Subject::Staff(i.mentor_id.clone()),
                None,
                window(i.start, end),
                Some(State::Missed),
                None,
                Reason::Ineligible {
                    mentee_id: i.mentee_id.clone(),
                    why: i.why.clone(),
                },
            );
        }
    }
    if let Some(p) = &d.individual_plans {
        let r = &p.rule;
        let fam = Family::IndividualPlans;
        let state = (p.needing_plan == 0).then_some(State::NotApplicable);
        s.push(
            r,
            fam,
            "planned",
            Subject::School,
            None,
            Period::Year,
            state,
            rate(p.cleared, p.needing_plan),
            Reason::None,
        );
        for c in &p.children {
            let planned = c.triggers.iter().all(|t| t.plan_date.is_some());
            let status = match (c.needs_plan, planned) {
                (false, _) => State::NotApplicable,
                (true, true) => State::Met,
                (true, false) => State::Missed,
            };
            s.push(
                r,
                fam,
                "plan",
                Subject::Child(c.student_id.clone()),
                Some(&c.class),
                Period::Year,
                Some(status),
                None,
                Reason::Triggers {
                    triggers: c.triggers.iter().map(|t| t.why.clone()).collect(),
                    plan_date: c.triggers.iter().filter_map(|t| t.plan_date).max(),
                },
            );
        }
    }
    for a in &d.activities {
        s.push(
            &a.rule,
            Family::Activity,
            "",
            subject_of(a.class.as_ref(), a.student_id.as_ref()),
            a.class.as_deref(),
            window(a.window_start, a.window_end),
            Some(a.status.into()),
            None,
            if a.missing_kinds.is_empty() {
                Reason::Contact {
                    date: a.date,
                    due: None,
                }
            } else {
                Reason::MissingKinds {
                    kinds: a.missing_kinds.clone(),
                }
            },
        );
    }
    for (rule, c) in &d.activity_summary {
        s.summary(rule, Family::Activity, c);
    }
    if let Some(c) = &d.class_assessment {
        let r = &c.rule;
        let fam = Family::ClassAssessment;
        let advanced: Vec<&str> = c
            .classes
            .iter()
            .filter(|k| k.advanced)
            .map(|k| k.class.as_str())
            .collect();
        s.push(
            r,
            fam,
            "advanced",
            Subject::School,
            None,
            Period::Year,
            None,
            Some(Value::Label {
                value: advanced.join(", "),
            }),
            Reason::None,
        );
        for k in &c.classes {
            let class = || Subject::Class(k.class.clone());
            let at = Some(k.class.as_str());
            s.push(
                r,
                fam,
                "score",
                class(),
                at,
                Period::Year,
                None,
                Some(Value::Score { value: k.score }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "rank",
                class(),
                at,
                Period::Year,
                None,
                Some(Value::Rank { value: k.rank }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "advanced",
                class(),
                at,
                Period::Year,
                None,
                Some(Value::Flag { value: k.advanced }),
                Reason::None,
            );
            for comp in &k.components {
                s.push(
                    r,
                    fam,
                    &format!("component:{}", comp.id),
                    class(),
                    at,
                    Period::Year,
                    None,
                    rate(comp.numerator, comp.denominator),
                    Reason::None,
                );
            }
        }
        for t in &c.head_teachers {
            let staff = || Subject::Staff(t.staff_id.clone());
            s.push(
                r,
                fam,
                "score",
                staff(),
                None,
                Period::Year,
                None,
                Some(Value::Score { value: t.score }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "rank",
                staff(),
                None,
                Period::Year,
                None,
                Some(Value::Rank { value: t.rank }),
                Reason::None,
            );
            s.push(
                r,
                fam,
                "advanced",
                staff(),
                None,
                Period::Year,
                None,
                Some(Value::Flag { value: t.advanced }),
                Reason::None,
            );
        }
    }
}

fn calendar(s: &mut Sink, d: &Decision) {
    let Some(c) = &d.calendar else { return };
    for p in &c.birthday_parties {
        s.push(
            &p.rule,
            Family::BirthdayParty,
            "",
            subject_of(p.class.as_ref(), None),
            p.class.as_deref(),
            window(p.window_start, p.window_end),
            Some(p.status.into()),
            None,
            Reason::Party {
                guests: p.guests.len() as u32,
                date: p.date,
            },
        );
    }
    for l in &c.letters {
        s.push(
            &l.rule,
            Family::LettersHome,
            &l.occasion,
            Subject::Child(l.student_id.clone()),
            Some(&l.class),
            window(l.window_start, l.window_end),
            Some(l.status.into()),
            None,
            Reason::Dated {
                occasion: Some(l.occasion.clone()),
                day: l.day,
                date: l.date,
            },
        );
    }
    for (rows, family) in [
        (&c.festival_days, Family::FestivalDay),
        (&c.milestones, Family::Milestone),
    ] {
        for r in rows {
            s.push(
                &r.rule,
                family,
                "",
                subject_of(r.class.as_ref(), r.student_id.as_ref()),
                r.class.as_deref(),
                window(r.window_start, r.window_end),
                Some(r.status.into()),
                None,
                Reason::Dated {
                    occasion: None,
                    day: r.day,
                    date: r.date,
                },
            );
        }
    }
    let family_of = |rule: &str| {
        d.rules
            .iter()
            .find(|r| r.id == rule)
            .map_or(Family::BirthdayParty, |r| r.family)
    };
    for (rule, counts) in &c.summary {
        s.summary(rule, family_of(rule), counts);
    }
}
