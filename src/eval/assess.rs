//! Class ranks, points, prizes and helper pay (Plan 5, §6 "Assessment and reward").

use super::why::{RankOn, Why};
use super::{
    AwardResult, ClassResult, Ctx, Exam, HelperResult, HelperShare, Ratio, Reason, StudentResult,
    Totals, class_name,
};
use crate::policy::{ExamRef, PointBody, TierBody, Unpaired};
use crate::records::FastMap;
use crate::records::{ClassKey, ConductSeverity, Finding, Student};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the assessment produces.
pub(super) struct Assessed {
    pub students: Vec<StudentResult>,
    pub helpers: Vec<HelperResult>,
    pub classes: Vec<ClassResult>,
    pub totals: Totals,
}

/// Class rank and class size per (term, student): competition ranking ("1224") on the total,
/// descending, within the class the student sat the exam in, among the students with a result;
/// the size is the number of results in that class.
pub(crate) fn class_ranks(
    exams: &[crate::records::ExamResult],
) -> FastMap<String, FastMap<String, (u32, u32)>> {
    let mut groups: FastMap<(&str, &ClassKey), Vec<f64>> = FastMap::default();
    for e in exams {
        groups
            .entry((e.term.as_str(), &e.class))
            .or_default()
            .push(e.total);
    }
    // Each class's totals, highest first: a child's rank is one more than the number of
    // totals above its own (found by bisection).
    for totals in groups.values_mut() {
        totals.sort_by(|a, b| b.total_cmp(a));
    }
    let mut ranks: FastMap<String, FastMap<String, (u32, u32)>> = FastMap::default();
    for e in exams {
        let totals = &groups[&(e.term.as_str(), &e.class)];
        let better = totals.partition_point(|t| *t > e.total);
        let rank = (better as u32 + 1, totals.len() as u32);
        match ranks.get_mut(e.term.as_str()) {
            Some(term) => {
                term.insert(e.student_id.clone(), rank);
            }
            None => {
                let mut term = FastMap::default();
                term.insert(e.student_id.clone(), rank);
                ranks.insert(e.term.clone(), term);
            }
        }
    }
    ranks
}

/// What every child's figures are computed from: the exams of the year with the class ranks
/// in them, the serious conduct and the honors of the year so far.
struct Facts<'a> {
    policy: &'a crate::policy::Policy,
    /// The first-term, final, previous final and rank-base exams, when held.
    exams: BTreeMap<ExamRef, Option<Exam>>,
    first_year: bool,
    ranks: std::sync::Arc<super::Ranks>,
    /// The academic year up to the as-of date.
    year_so_far: Option<crate::records::DateSpan>,
    /// The assessment day.
    day: chrono::NaiveDate,
    /// Students with a serious conduct record in the year so far.
    serious: BTreeSet<&'a str>,
    /// (student, title) honors of the year.
    honors: BTreeSet<(&'a str, &'a str)>,
}

impl<'a> Facts<'a> {
    fn new(ctx: &Ctx<'a>) -> Self {
        let exams: BTreeMap<ExamRef, Option<Exam>> = [
            ExamRef::FirstTerm,
            ExamRef::Final,
            ExamRef::PreviousFinal,
            ExamRef::RankBase,
        ]
        .into_iter()
        .map(|r| (r, ctx.exam(r)))
        .collect();
        let year_so_far = ctx.year_span.until(ctx.as_of);
        let records = ctx.records;
        let serious: BTreeSet<&str> = records
            .conduct
            .iter()
            .filter(|c| c.severity == ConductSeverity::Serious)
            .filter(|c| year_so_far.is_some_and(|y| y.contains(c.date)))
            .map(|c| c.student_id.as_str())
            .collect();
        let honors: BTreeSet<(&str, &str)> = records
            .honors
            .iter()
            .filter(|h| h.academic_year == ctx.year)
            .map(|h| (h.student_id.as_str(), h.title.as_str()))
            .collect();
        Facts {
            policy: ctx.policy,
            exams,
            first_year: ctx.is_first_year(),
            ranks: std::sync::Arc::clone(&ctx.ranks),
            year_so_far,
            day: ctx.assessment_day,
            serious,
            honors,
        }
    }

    /// The exam `r` stands for this year (`RankBase` is the first term in the scheme's first
    /// year, else the previous final).
    fn resolve(&self, r: ExamRef) -> ExamRef {
        match r {
            ExamRef::RankBase if self.first_year => ExamRef::FirstTerm,
            ExamRef::RankBase => ExamRef::PreviousFinal,
            other => other,
        }
    }

    /// A child's class rank in exam `r`, with the exam it was taken from.
    fn rank_on(&self, r: ExamRef, s: &Student) -> RankOn {
        let e = self.exams[&r].as_ref();
        RankOn {
            exam: self.resolve(r),
            term: e.map(|e| e.label.clone()),
            rank: e.filter(|e| e.counted).and_then(|e| {
                self.ranks
                    .get(e.label.as_str())
                    .and_then(|m| m.get(s.student_id.as_str()))
                    .map(|(rank, _)| *rank)
            }),
            counted: e.is_some_and(|e| e.counted),
        }
    }

    fn rank(&self, r: ExamRef, s: &Student) -> Option<u32> {
        self.rank_on(r, s).rank
    }

    /// One child's figures, on a worker's context (its own script engine); `None` when the
    /// child was enrolled on no day of the year so far.
    fn one(&self, c: &Ctx, s: &Student) -> Option<StudentResult> {
        let in_year = self.year_so_far.is_some_and(|y| s.enrolled_during(y));
        if !in_year {
            return None;
        }
        let enrolled = s.enrolled_on_day(self.day);
        let mut trace = Vec::new();
        // Built once per child, only when a script needs it.
        let mut view: Option<std::sync::Arc<crate::script::ScriptStudent>> = None;
        let points = self.points(c, s, enrolled, &mut view, &mut trace);
        let awards = self.prizes(c, s, enrolled, &mut view, &mut trace);
        Some(StudentResult {
            student_id: s.student_id.clone(),
            name: s.name.clone(),
            class: class_name(&s.class),
            enrolled_at_assessment: enrolled,
            rank_points_base: self.rank(ExamRef::RankBase, s),
            rank_first_term: self.rank(ExamRef::FirstTerm, s),
            rank_final: self.rank(ExamRef::Final, s),
            points,
            awards_fen: awards.iter().map(|a| a.amount_fen).sum(),
            awards,
            helpers: Vec::new(),
            trace: {
                // Kept to the end of the run: no room to spare per child.
                trace.shrink_to_fit();
                trace
            },
        })
    }

    /// A child's points under the assessment, each rule's in the trace; `None` when the child
    /// is not assessed (not covered, or not enrolled on the assessment day).
    fn points(
        &self,
        c: &Ctx,
        s: &Student,
        enrolled: bool,
        view: &mut Option<std::sync::Arc<crate::script::ScriptStudent>>,
        trace: &mut Vec<Reason>,
    ) -> Option<i64> {
        let day = self.day;
        let covered = self
            .policy
            .assessment
            .as_ref()
            .is_some_and(|a| c.covers(&a.covers, s, "assessment"));
        match &self.policy.assessment {
            Some(a) if enrolled && covered => {
                let mut total = 0;
                for rule in &a.rules {
                    let why = self.point_rule(c, s, rule, view);
                    let pts = why.points().unwrap_or(0);
                    total += pts;
                    trace.push(Reason {
                        rule: rule.id.clone(),
                        points: Some(pts),
                        amount_fen: None,
                        why,
                    });
                }
                Some(total)
            }
            Some(_) if covered => {
                trace.push(Reason {
                    rule: "assessment".into(),
                    points: None,
                    amount_fen: None,
                    why: Why::NotAssessed { day },
                });
                None
            }
            _ => None,
        }
    }

    /// Why a child gets the points of one point rule (the points are in it).
    fn point_rule(
        &self,
        c: &Ctx,
        s: &Student,
        rule: &crate::policy::PointRule,
        view: &mut Option<std::sync::Arc<crate::script::ScriptStudent>>,
    ) -> Why {
        match &rule.body {
            PointBody::RankGain {
                from,
                to,
                points_per_place,
            } => {
                let (from, to) = (self.rank_on(*from, s), self.rank_on(*to, s));
                let gained = match (from.rank, to.rank) {
                    (Some(a), Some(b)) => i64::from(a.saturating_sub(b)),
                    _ => 0,
                };
                Why::RankGain {
                    from,
                    to,
                    per_place: *points_per_place,
                    points: gained * points_per_place,
                }
            }
            PointBody::StayTop {
                n,
                exams: list,
                points,
            } => {
                let on: Vec<RankOn> = list.iter().map(|r| self.rank_on(*r, s)).collect();
                let ok = on.iter().all(|r| r.rank.is_some_and(|r| r <= *n));
                Why::StayTop {
                    n: *n,
                    on,
                    points: if ok { *points } else { 0 },
                }
            }
            PointBody::NoSeriousConduct { points } => {
                let found = self.serious.contains(s.student_id.as_str());
                Why::NoSeriousConduct {
                    year: c.year.clone(),
                    serious: found,
                    so_far: c.as_of < c.year_span.end,
                    points: if found { 0 } else { *points },
                }
            }
            PointBody::Script { function } => {
                let v = view.get_or_insert_with(|| std::sync::Arc::new(c.script_student(s)));
                script_points(c, &rule.id, function, v)
            }
            PointBody::HonorTitle { title, points } => {
                let held = self
                    .honors
                    .contains(&(s.student_id.as_str(), title.as_str()));
                Why::HonorTitle {
                    title: title.clone(),
                    year: c.year.clone(),
                    held,
                    points: if held { *points } else { 0 },
                }
            }
        }
    }

    /// The prizes a child wins (one, the largest, unless the prizes stack), each in the
    /// trace; a failed prize script is in the trace too.
    fn prizes(
        &self,
        c: &Ctx,
        s: &Student,
        enrolled: bool,
        view: &mut Option<std::sync::Arc<crate::script::ScriptStudent>>,
        trace: &mut Vec<Reason>,
    ) -> Vec<AwardResult> {
        let mut awards = Vec::new();
        let Some(p) = &self.policy.prizes else {
            return awards;
        };
        if !enrolled || !c.covers(&p.eligible, s, "prizes") {
            return awards;
        }
        let mut won: Vec<(&crate::policy::PrizeTier, Why)> = Vec::new();
        for tier in &p.tiers {
            match tier.body.clone() {
                TierBody::Rank { exam, from, to } => {
                    let on = self.rank_on(exam, s);
                    if on.rank.is_some_and(|r| (from..=to).contains(&r)) {
                        won.push((
                            tier,
                            Why::RankPrize {
                                on,
                                from,
                                to,
                                amount_fen: tier.amount_fen,
                            },
                        ));
                    }
                }
                TierBody::Progress {
                    from,
                    to,
                    min_places,
                } => {
                    let (from, to) = (self.rank_on(from, s), self.rank_on(to, s));
                    if let (Some(a), Some(b)) = (from.rank, to.rank)
                        && b < a
                        && a - b >= min_places
                    {
                        won.push((
                            tier,
                            Why::ProgressPrize {
                                from,
                                to,
                                min_places,
                                amount_fen: tier.amount_fen,
                            },
                        ));
                    }
                }
                TierBody::Script { function } => {
                    let v = view.get_or_insert_with(|| std::sync::Arc::new(c.script_student(s)));
                    match script_prize(c, &tier.id, &function, v, tier.amount_fen) {
                        Some(why) if why.amount_fen().is_some_and(|a| a > 0) => {
                            won.push((tier, why));
                        }
                        // A failed prize script is in the trace: its result is
                        // left out, not silently "not won".
                        Some(why @ Why::ScriptFailed { .. }) => trace.push(Reason {
                            rule: tier.id.clone(),
                            points: None,
                            amount_fen: None,
                            why,
                        }),
                        _ => {}
                    }
                }
            }
        }
        if !p.stack {
            // Only the tier with the largest amount; on equal amounts the first listed.
            let best = won
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, why))| (why.amount_fen().unwrap_or(0), std::cmp::Reverse(*i)))
                .map(|(i, _)| i);
            won = won
                .into_iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) == best)
                .map(|(_, w)| w)
                .collect();
        }
        for (tier, why) in won {
            let amount_fen = why.amount_fen().unwrap_or(tier.amount_fen);
            trace.push(Reason {
                rule: tier.id.clone(),
                points: None,
                amount_fen: Some(amount_fen),
                why,
            });
            awards.push(AwardResult {
                award: tier.id.clone(),
                amount_fen,
            });
        }
        awards
    }
}

pub(super) fn evaluate(ctx: &mut Ctx) -> Assessed {
    let facts = Facts::new(ctx);
    // Children in parallel, in fixed chunks merged in order: the same on any number of
    // threads.
    let seed = ctx.seed();
    let records = ctx.records;
    let parts: Vec<(Vec<StudentResult>, Ctx)> = records
        .students
        .par_chunks(super::obligations::CHUNK)
        .map(|chunk| {
            let c = seed.ctx();
            let done: Vec<StudentResult> = chunk.iter().filter_map(|s| facts.one(&c, s)).collect();
            (done, c)
        })
        .collect();
    // Made to measure: a county's results are large, and a vector grown by doubling would
    // hold up to twice them.
    let mut students = Vec::with_capacity(parts.iter().map(|(done, _)| done.len()).sum());
    for (done, c) in parts {
        students.extend(done);
        ctx.absorb(c);
    }
    students.sort_by(|a, b| a.student_id.cmp(&b.student_id));

    let helpers = pay_helpers(ctx, &mut students);
    for s in &mut students {
        s.helpers.shrink_to_fit();
    }
    let classes = class_totals(ctx, &students, &helpers);
    let totals = Totals {
        student_awards_fen: classes.iter().map(|c| c.student_awards_fen).sum(),
        helper_awards_fen: helpers.iter().map(|h| h.amount_fen).sum(),
        total_fen: 0,
        points: classes.iter().map(|c| c.points).sum(),
        unpaid_points: classes.iter().map(|c| c.unpaid_points).sum(),
    };
    let totals = Totals {
        total_fen: totals.student_awards_fen + totals.helper_awards_fen,
        ..totals
    };
    Assessed {
        students,
        helpers,
        classes,
        totals,
    }
}

/// The head teacher of a class: the staff member with role `head_teacher` and that class;
/// several → the lowest id, with a warning; none → `None`.
fn head_teacher(
    ctx: &mut Ctx,
    heads: &Heads,
    class: &ClassKey,
    warned: &mut BTreeSet<ClassKey>,
) -> Option<String> {
    let ids: &[&crate::records::Staff] = heads.get(class).map_or(&[], Vec::as_slice);
    if ids.len() > 1 && warned.insert(class.clone()) {
        let list: Vec<String> = ids.iter().map(|s| format!("`{}`", s.staff_id)).collect();
        ctx.findings.push(Finding::warning(
            "staff.csv",
            Some(ids[1].line),
            Some("role"),
            crate::records::Msg::new(
                format!(
                    "class `{class}` has {} head teachers ({}); `{}` (the lowest id) is credited",
                    ids.len(),
                    list.join(", "),
                    ids[0].staff_id
                ),
                format!(
                    "班级 `{class}` 有 {} 位班主任（{}）；积分记给编号最小的 `{}`",
                    ids.len(),
                    list.join("、"),
                    ids[0].staff_id
                ),
            ),
        ));
    }
    ids.first().map(|s| s.staff_id.clone())
}

/// Staff with role `head_teacher` by class, each list sorted by id.
type Heads<'a> = FastMap<&'a ClassKey, Vec<&'a crate::records::Staff>>;

/// The head teachers of every class, found once (not once per child or class).
fn heads(records: &crate::records::Records) -> Heads<'_> {
    let mut heads: Heads = FastMap::default();
    for s in records.staff.iter().filter(|s| s.has_role("head_teacher")) {
        if let Some(class) = &s.class {
            heads.entry(class).or_default().push(s);
        }
    }
    for list in heads.values_mut() {
        list.sort_by(|a, b| a.staff_id.cmp(&b.staff_id));
    }
    heads
}

/// Splits each assessed child's points (and their money) between the child's helpers.
fn pay_helpers(ctx: &mut Ctx, students: &mut [StudentResult]) -> Vec<HelperResult> {
    let Some(h) = ctx.policy.helpers.clone() else {
        if let Some(r) = ctx.records.helper_split.first() {
            let file = ctx
                .records
                .sources
                .get(super::head_split::FILE)
                .map_or(super::head_split::FILE, |s| s.file.as_str());
            ctx.findings.push(Finding::warning(
                file,
                Some(r.line),
                None,
                crate::records::Msg::new(
                    "the plan pays no helpers, so the head teachers' divisions of this file are not used",
                    "本方案不发帮扶奖金，因此本文件中班主任的积分分配不用",
                ),
            ));
        }
        return Vec::new();
    };
    let span = ctx.year_span.until(ctx.as_of);
    let records = ctx.records;
    let heads = heads(records);
    let by_id: FastMap<&str, &Student> = ctx
        .records
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s))
        .collect();
    let mut mentors: FastMap<&str, BTreeSet<&str>> = FastMap::default();
    for p in &ctx.records.pairings {
        if p.scheme == h.scheme && span.is_some_and(|y| p.overlaps(y)) {
            mentors
                .entry(p.mentee_id.as_str())
                .or_default()
                .insert(p.mentor_id.as_str());
        }
    }
    let mut names: FastMap<String, String> = ctx
        .records
        .staff
        .iter()
        .map(|s| (s.staff_id.clone(), s.name.clone()))
        .collect();
    names.extend(
        ctx.records
            .students
            .iter()
            .map(|s| (s.student_id.clone(), s.name.clone())),
    );
    // The head teachers' own divisions (helper_split.csv), checked against each class's total.
    let divisions = {
        let mut facts = super::head_split::ClassFacts {
            totals: BTreeMap::new(),
            helpers: BTreeMap::new(),
            scheme: &h.scheme,
        };
        for sr in students.iter() {
            let Some(student) = by_id.get(sr.student_id.as_str()).copied() else {
                continue;
            };
            if let Some(p) = sr.points {
                *facts.totals.entry(student.class.clone()).or_default() += p;
            }
            let helpers = facts.helpers.entry(student.class.clone()).or_default();
            if let Some(m) = mentors.get(sr.student_id.as_str()) {
                helpers.extend(m.iter().copied());
            }
        }
        for (class, list) in &heads {
            facts
                .helpers
                .entry((*class).clone())
                .or_default()
                .extend(list.iter().map(|s| s.staff_id.as_str()));
        }
        super::head_split::divisions(ctx, &facts)
    };
    let mut out: BTreeMap<String, HelperResult> = BTreeMap::new();
    let mut warned = BTreeSet::new();
    let mut unpaid_classes: BTreeMap<ClassKey, Vec<String>> = BTreeMap::new();
    for sr in students.iter_mut() {
        let Some(points) = sr.points else { continue };
        let Some(student) = by_id.get(sr.student_id.as_str()).copied() else {
            continue;
        };
        if let Some(d) = divisions.get(&student.class) {
            let credited = d.credited();
            // One more reason, no spare room: a county holds a trace per child.
            sr.trace.reserve_exact(1);
            sr.trace.push(Reason {
                rule: "helpers".into(),
                points: None,
                amount_fen: Some(points * h.fen_per_point),
                why: Why::HeadTeacherSplit {
                    points,
                    fen_per_point: h.fen_per_point,
                    class: class_name(&student.class),
                    class_points: d.total,
                    source: d.source.clone(),
                    helpers: credited.clone(),
                },
            });
            sr.helpers = credited;
            continue;
        }
        let paired: Vec<String> = mentors
            .get(sr.student_id.as_str())
            .map(|m| m.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        let (helpers, via) = if !paired.is_empty() {
            (paired, "pairing")
        } else if h.unpaired == Unpaired::HeadTeacher {
            match head_teacher(ctx, &heads, &student.class, &mut warned) {
                Some(t) => (vec![t], "head_teacher"),
                None => {
                    unpaid_classes
                        .entry(student.class.clone())
                        .or_default()
                        .push(sr.student_id.clone());
                    (Vec::new(), "")
                }
            }
        } else {
            (Vec::new(), "")
        };
        let fen = points * h.fen_per_point;
        if helpers.is_empty() {
            // One more reason, no spare room: a county holds a trace per child.
            sr.trace.reserve_exact(1);
            sr.trace.push(Reason {
                rule: "helpers".into(),
                points: None,
                amount_fen: None,
                why: Why::Unpaid {
                    points,
                    scheme: h.scheme.clone(),
                },
            });
            continue;
        }
        let by_days = h.split == crate::policy::Split::ByDays && via == "pairing";
        let shares = match span {
            Some(span) if by_days => {
                let days: Vec<i64> = helpers
                    .iter()
                    .map(|m| {
                        super::split::paired_days(
                            &ctx.records.pairings,
                            &h.scheme,
                            &sr.student_id,
                            m,
                            span,
                        )
                    })
                    .collect();
                super::split::proportional(points, fen, &helpers, &days)
            }
            _ => super::split::equal(points, fen, helpers.len()),
        };
        for (id, share) in helpers.iter().zip(&shares) {
            let entry = out
                .entry(id.clone())
                .or_insert_with(|| unpaid_helper(id, &names));
            entry.points = entry.points + share.points;
            entry.amount_fen += share.amount_fen;
            entry.children.push(HelperShare {
                student_id: sr.student_id.clone(),
                points: share.points,
                amount_fen: share.amount_fen,
                via,
                days: share.days,
            });
        }
        let why = if by_days {
            Why::HelperPayByDays {
                points,
                fen_per_point: h.fen_per_point,
                shares: helpers
                    .iter()
                    .zip(&shares)
                    .map(|(id, s)| super::why::DaysShare {
                        helper_id: id.clone(),
                        days: s.days.unwrap_or(0),
                        amount_fen: s.amount_fen,
                    })
                    .collect(),
                scheme: h.scheme.clone(),
            }
        } else {
            Why::HelperPay {
                points,
                fen_per_point: h.fen_per_point,
                helpers: helpers.clone(),
                head_teacher: via == "head_teacher",
                scheme: h.scheme.clone(),
            }
        };
        // One more reason, no spare room: a county holds a trace per child.
        sr.trace.reserve_exact(1);
        sr.trace.push(Reason {
            rule: "helpers".into(),
            points: None,
            amount_fen: Some(fen),
            why,
        });
        sr.helpers = helpers;
    }
    for (class, d) in &divisions {
        for (id, points, line) in &d.shares {
            let entry = out
                .entry(id.clone())
                .or_insert_with(|| unpaid_helper(id, &names));
            let share = super::head_split::share(class, d, *points, h.fen_per_point, *line);
            entry.points = entry.points + Ratio::whole(*points);
            entry.amount_fen += share.amount_fen;
            entry.class_shares.push(share);
        }
    }
    for (class, ids) in unpaid_classes {
        ctx.findings.push(Finding::warning(
            "staff.csv",
            None,
            Some("role"),
            crate::records::Msg::new(
                format!(
                    "class `{class}` has no head teacher, so the points of {} ({}) go unpaid",
                    crate::units::count(ids.len(), "unpaired child", "unpaired children"),
                    ids.join(", ")
                ),
                format!(
                    "班级 `{class}` 没有班主任，{} 名无帮扶人学生（{}）的积分无人领取",
                    ids.len(),
                    ids.join("、")
                ),
            ),
        ));
    }
    out.into_values().collect()
}

fn class_totals(
    ctx: &mut Ctx,
    students: &[StudentResult],
    helpers: &[HelperResult],
) -> Vec<ClassResult> {
    let heads = heads(ctx.records);
    let mut paid: FastMap<&str, i64> = FastMap::default();
    // Pay of the classes a head teacher divided (helper_split.csv), with where it was read.
    let mut divided: BTreeMap<&str, (i64, super::SplitSource)> = BTreeMap::new();
    for h in helpers {
        for c in &h.children {
            *paid.entry(c.student_id.as_str()).or_default() += c.amount_fen;
        }
        for s in &h.class_shares {
            let e = divided.entry(s.class.as_str()).or_insert_with(|| {
                (
                    0,
                    super::SplitSource {
                        file: s.file.clone(),
                        sheet: s.sheet.clone(),
                        lines: Vec::new(),
                    },
                )
            });
            e.0 += s.amount_fen;
            e.1.lines.push(s.line);
        }
    }
    for (_, source) in divided.values_mut() {
        source.lines.sort_unstable();
    }
    let keys: BTreeMap<String, ClassKey> = ctx
        .records
        .students
        .iter()
        .map(|s| (class_name(&s.class), s.class.clone()))
        .collect();
    let mut out: BTreeMap<String, ClassResult> = BTreeMap::new();
    let mut warned = BTreeSet::new();
    for s in students {
        if !out.contains_key(&s.class) {
            let head = match keys.get(&s.class) {
                Some(k) => head_teacher(ctx, &heads, k, &mut warned),
                None => None,
            };
            out.insert(
                s.class.clone(),
                ClassResult {
                    class: s.class.clone(),
                    head_teacher: head,
                    assessed: 0,
                    points: 0,
                    unpaid_points: 0,
                    helper_awards_fen: divided.get(s.class.as_str()).map_or(0, |d| d.0),
                    student_awards_fen: 0,
                    head_teacher_split: divided.get(s.class.as_str()).map(|d| d.1.clone()),
                },
            );
        }
        let Some(c) = out.get_mut(&s.class) else {
            continue;
        };
        c.student_awards_fen += s.awards_fen;
        if let Some(p) = s.points {
            c.assessed += 1;
            c.points += p;
            if s.helpers.is_empty() {
                c.unpaid_points += p;
            }
            c.helper_awards_fen += paid.get(s.student_id.as_str()).copied().unwrap_or(0);
        }
    }
    out.into_values().collect()
}

/// Runs a points script for one child: its points, or the failure (0 points, error finding).
fn script_points(
    ctx: &Ctx,
    rule: &str,
    function: &str,
    view: &std::sync::Arc<crate::script::ScriptStudent>,
) -> Why {
    let Some(sc) = &ctx.scripts else {
        return Why::ScriptFailed {
            function: function.to_owned(),
            file: String::new(),
            error: "the package has no scripts".into(),
        };
    };
    match sc.run(rule, &view.id, |r| r.call_int(function, view)) {
        Ok((points, printed)) => Why::Script {
            function: function.to_owned(),
            file: sc.runner.file_of(function, 1),
            points: Some(points),
            amount_fen: None,
            printed,
        },
        Err(e) => Why::ScriptFailed {
            function: function.to_owned(),
            file: e.file,
            error: e.message,
        },
    }
}

/// Runs a prize script for one child: the prize won (its amount), not won (`None` amount
/// or 0), or the failure ([`Why::ScriptFailed`]).
fn script_prize(
    ctx: &Ctx,
    rule: &str,
    function: &str,
    view: &std::sync::Arc<crate::script::ScriptStudent>,
    amount_fen: i64,
) -> Option<Why> {
    let sc = ctx.scripts.as_ref()?;
    Some(
        match sc.run(rule, &view.id, |r| r.call_prize(function, view, amount_fen)) {
            Ok((won, printed)) => Why::Script {
                function: function.to_owned(),
                file: sc.runner.file_of(function, 1),
                points: None,
                amount_fen: Some(won.unwrap_or(0)),
                printed,
            },
            Err(e) => Why::ScriptFailed {
                function: function.to_owned(),
                file: e.file,
                error: e.message,
            },
        },
    )
}

/// A helper not yet credited with anything: no points, no pay, no children, no class shares.
fn unpaid_helper(id: &str, names: &FastMap<String, String>) -> HelperResult {
    HelperResult {
        helper_id: id.to_owned(),
        name: names.get(id).cloned().unwrap_or_default(),
        points: Ratio::default(),
        amount_fen: 0,
        children: Vec::new(),
        class_shares: Vec::new(),
    }
}
