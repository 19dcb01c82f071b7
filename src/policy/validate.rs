//! Validating a parsed plan into the model the evaluator runs on: every semantic problem is
//! collected with its position in `plan.ron`, not just the first.

use super::limits::MAX_RANK;
use super::model::*;
use super::raw::*;
use super::syntax::suggest;
use crate::diagnostic::{Diagnostic, locate};
use crate::records::KNOWN_ROLES;
use crate::script::{Hook, HookProblem, Scripts};
use chrono::Weekday;
use std::collections::BTreeMap;
use std::path::Path;

// The rule families of Plans 2, 3 and 4, validated by the same `Validator`.
#[path = "load_families.rs"]
mod load_families;

// The dated duties (birthday parties, letters home, festival days, milestones).
#[path = "load_calendar.rs"]
mod load_calendar;

/// Collects the problems of one plan as it is validated.
pub(super) struct Validator<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<Diagnostic>,
    /// Rule ids seen, to refuse duplicates.
    ids: BTreeMap<String, usize>,
    /// Script hooks named by the plan: function, hook kind, where it is named.
    hooks: Vec<(String, Hook, Vec<String>)>,
}

impl<'a> Validator<'a> {
    /// A validator of the plan `file`, whose text is `source` (for positions).
    pub(super) fn new(file: &'a str, source: &'a str) -> Self {
        Validator {
            file,
            source,
            errors: Vec::new(),
            ids: BTreeMap::new(),
            hooks: Vec::new(),
        }
    }

    /// Validates `raw` into the model and loads the scripts of the package in `dir`.
    ///
    /// # Errors
    /// One diagnostic per problem.
    pub(super) fn run(
        mut self,
        raw: &RawPlan,
        dir: Option<&Path>,
    ) -> Result<Policy, Vec<Diagnostic>> {
        let mut policy = self.plan(raw.clone());
        policy.scripts = self.scripts(raw.script_limits.as_ref(), dir);
        if self.errors.is_empty() {
            Ok(policy)
        } else {
            Err(self.errors)
        }
    }
}

impl Validator<'_> {
    /// Records an error at the first of `anchors` found in the source.
    pub(super) fn error(&mut self, anchors: &[&str], message: String, help: Option<String>) {
        let d = Diagnostic::error(
            self.file,
            self.source,
            locate(self.source, anchors),
            message,
        );
        self.errors.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }

    fn rule_id(&mut self, id: &str, seed: &str) {
        let quoted = format!("\"{id}\"");
        if id.trim().is_empty() {
            self.error(&["id: \"\""], "a rule has an empty `id`".into(), None);
        }
        let n = self.ids.entry(id.to_owned()).or_insert(0);
        *n += 1;
        if *n == 2 {
            self.error(
                &[&quoted, &quoted],
                format!("rule id `{id}` is used twice"),
                Some("every rule, point rule and prize tier needs its own id".into()),
            );
        }
        if seed.trim().is_empty() {
            self.error(
                &[&quoted, "seed:"],
                format!("rule `{id}` has an empty `seed`"),
                Some("cite the seed plan and paragraph, e.g. \"Plan 5 §6\"".into()),
            );
        }
    }

    fn coverage(&mut self, covers: &[RawCover], anchors: &[&str], what: &str) -> Coverage {
        if covers.is_empty() {
            self.error(
                anchors,
                format!("{what} covers nobody: the list is empty"),
                Some(
                    "list at least one of `LeftBehind`, `SingleParent`, `PotentialStudent`, `All`"
                        .into(),
                ),
            );
        }
        let scripts: Vec<String> = covers
            .iter()
            .filter_map(|c| match c {
                RawCover::Script { function } => Some(function.clone()),
                _ => None,
            })
            .collect();
        for f in &scripts {
            let mut at: Vec<String> = anchors.iter().map(|a| (*a).to_owned()).collect();
            at.push(format!("\"{f}\""));
            self.hooks.push((f.clone(), Hook::Coverage, at));
        }
        Coverage {
            all: covers.contains(&RawCover::All),
            left_behind: covers.contains(&RawCover::LeftBehind),
            single_parent: covers.contains(&RawCover::SingleParent),
            potential_student: covers.contains(&RawCover::PotentialStudent),
            poor: covers.contains(&RawCover::Poor),
            scripts,
        }
    }
    fn plan(&mut self, raw: RawPlan) -> Policy {
        if raw.id.trim().is_empty() {
            self.error(&["id"], "the plan has an empty `id`".into(), None);
        }
        if let Some(year) = &raw.first_year
            && !is_academic_year(year)
        {
            let (first, last) = (crate::records::FIRST_YEAR, crate::records::LAST_YEAR);
            let message = if is_year_pair(year) {
                format!("`{year}` is not an academic year between {first} and {last}")
            } else {
                format!("`{year}` is not an academic year")
            };
            self.error(
                &["first_year:", year],
                message,
                Some(format!(
                    "write it as `YYYY-YYYY` with consecutive years from {first} to {last}, e.g. `2025-2026`"
                )),
            );
        }
        let obligations = raw.obligations.iter().map(|o| self.obligation(o)).collect();
        let assessment = raw.assessment.as_ref().map(|a| self.assessment(a));
        let prizes = raw.prizes.as_ref().map(|p| self.prizes(p));
        let helpers = raw.helpers.as_ref().map(|h| self.helpers(h));
        if helpers.is_some() && assessment.is_none() {
            self.error(
                &["helpers"],
                "`helpers` pays for points, but the plan has no `assessment`".into(),
                Some("add an `assessment` with point rules, or remove `helpers`".into()),
            );
        }
        let uses_rank_base =
            assessment
                .iter()
                .flat_map(|a: &Assessment| &a.rules)
                .any(|r| match &r.body {
                    PointBody::RankGain { from, to, .. } => {
                        [*from, *to].contains(&ExamRef::RankBase)
                    }
                    PointBody::StayTop { exams, .. } => exams.contains(&ExamRef::RankBase),
                    _ => false,
                })
                || prizes
                    .iter()
                    .flat_map(|p: &Prizes| &p.tiers)
                    .any(|t| match t.body {
                        TierBody::Rank { exam, .. } => exam == ExamRef::RankBase,
                        TierBody::Progress { from, to, .. } => {
                            [from, to].contains(&ExamRef::RankBase)
                        }
                        TierBody::Script { .. } => false,
                    });
        if uses_rank_base && raw.first_year.is_none() {
            self.error(
                &["RankBase"],
                "`RankBase` depends on the scheme's first year, but the plan has no `first_year`"
                    .into(),
                Some("add `first_year: \"2025-2026\"` at the top level (Plan 5, §6)".into()),
            );
        }
        let rule_names = rule_names(&raw);
        Policy {
            rule_names,
            id: raw.id,
            name: raw.name,
            name_zh: raw.name_zh,
            seed: raw.seed,
            first_year: raw.first_year,
            obligations,
            assessment,
            prizes,
            helpers,
            scripts: None,
            child_files: raw.child_files.as_ref().map(|f| self.child_files(f)),
            enrollment: raw.enrollment.as_ref().map(|e| self.enrollment(e)),
            pairing_schemes: raw
                .pairing_schemes
                .iter()
                .map(|s| self.pairing_scheme(s))
                .collect(),
            individual_plans: raw
                .individual_plans
                .as_ref()
                .map(|p| self.individual_plans(p)),
            class_assessment: None,
            activities: raw.activities.iter().map(|a| self.activity(a)).collect(),
            calendar: self.calendar_rules(
                &raw.birthday_parties,
                &raw.letters_home,
                &raw.festival_days,
                &raw.milestones,
            ),
        }
        .with_class_assessment(raw.class_assessment.as_ref(), self)
    }
    /// Loads `scripts/*.rhai`, then checks every hook the plan names: the function exists with
    /// the right arity and a dry run on a sample value returns the right type.
    fn scripts(
        &mut self,
        raw: Option<&RawLimits>,
        dir: Option<&Path>,
    ) -> Option<std::sync::Arc<Scripts>> {
        let limits = self.limits(raw);
        let scripts = match dir.map(|d| Scripts::load(d, limits)) {
            Some(Ok(s)) => s,
            Some(Err(diagnostics)) => {
                self.errors.extend(diagnostics);
                return None;
            }
            None => None,
        };
        for (function, hook, anchors) in std::mem::take(&mut self.hooks) {
            let anchors: Vec<&str> = anchors.iter().map(String::as_str).collect();
            let Some(sc) = &scripts else {
                self.error(
                    &anchors,
                    format!("`{function}` names a script function, but the package has no `scripts/*.rhai`"),
                    Some(format!("add a script defining `{}`", hook.signature().replacen(" f(", &format!(" {function}("), 1))),
                );
                continue;
            };
            match sc.check_hook(&function, hook) {
                Ok(()) => {}
                Err(HookProblem::Missing(message)) => self.error(
                    &anchors,
                    message,
                    Some(format!(
                        "this hook calls `{}`",
                        hook.signature()
                            .replacen(" f(", &format!(" {function}("), 1)
                    )),
                ),
                Err(HookProblem::DryRun(e)) => {
                    self.errors.push(sc.diagnostic(&e).with_help(format!(
                        "the dry run on a sample child failed; the hook is `{}`",
                        hook.signature()
                    )))
                }
            }
        }
        scripts.map(std::sync::Arc::new)
    }

    fn obligation(&mut self, o: &RawObligation) -> Obligation {
        self.rule_id(&o.id, &o.seed);
        let quoted = format!("\"{}\"", o.id);
        if o.kinds.is_empty() || o.kinds.iter().any(|k| k.trim().is_empty()) {
            self.error(
                &[&quoted, "kinds:"],
                format!(
                    "obligation `{}` needs at least one non-empty contact kind",
                    o.id
                ),
                Some("e.g. `kinds: [\"talk\"]`".into()),
            );
        }
        let covers = self.coverage(
            &o.covers,
            &[&quoted, "covers:"],
            &format!("obligation `{}`", o.id),
        );
        let made_by = match &o.made_by {
            RawMadeBy::Anyone => MadeBy::Anyone,
            RawMadeBy::HeadTeacher => MadeBy::HeadTeacher,
            RawMadeBy::Role { role } => {
                let role = role.trim().to_lowercase();
                if !KNOWN_ROLES.contains(&role.as_str()) {
                    self.error(
                        &[&quoted, "made_by:", "role:"],
                        format!("unknown role `{role}` in obligation `{}`", o.id),
                        Some(suggest(&role, KNOWN_ROLES)),
                    );
                }
                MadeBy::Role(role)
            }
            RawMadeBy::PairedMentor { scheme } => self.paired_mentor(&quoted, &o.id, scheme),
        };
        if o.without_mentor == RawWithoutMentor::Owed && !matches!(made_by, MadeBy::PairedMentor(_))
        {
            self.error(
                &[&quoted, "without_mentor:"],
                format!(
                    "obligation `{}` has `without_mentor: Owed` but is not made by a mentor",
                    o.id
                ),
                Some(
                    "`without_mentor` applies to `made_by: PairedMentor(scheme: \"…\")`; remove it"
                        .into(),
                ),
            );
        }
        Obligation {
            id: o.id.clone(),
            seed: o.seed.clone(),
            kinds: o.kinds.iter().map(|k| k.trim().to_lowercase()).collect(),
            covers,
            window: match o.window {
                RawWindow::Weekly { due } => Window::Weekly {
                    due: due.map(weekday),
                },
                RawWindow::Monthly => Window::Monthly,
                RawWindow::Quarterly => Window::Quarterly,
                RawWindow::Term => Window::Term,
            },
            made_by,
            require_note: o.require_note,
            unpaired_owed: o.without_mentor == RawWithoutMentor::Owed,
            counts: o.counts.as_ref().map(|f| {
                self.hooks.push((
                    f.clone(),
                    Hook::Counts,
                    vec![quoted.clone(), "counts:".into()],
                ));
                f.clone()
            }),
        }
    }

    fn assessment(&mut self, a: &RawAssessment) -> Assessment {
        let covers = self.coverage(&a.covers, &["assessment:", "covers:"], "`assessment`");
        let rules = a
            .rules
            .iter()
            .map(|r| {
                self.rule_id(&r.id, &r.seed);
                let quoted = format!("\"{}\"", r.id);
                let body = match &r.rule {
                    RawPointBody::RankGain {
                        from,
                        to,
                        points_per_place,
                    } => {
                        self.non_negative(
                            *points_per_place,
                            &[&quoted, "points_per_place:"],
                            "`points_per_place`",
                        );
                        if !exams_in_order(*from, *to) {
                            self.error(
                                &[&quoted, "from:"],
                                format!(
                                    "rule `{}` compares `{from:?}` with `{to:?}`: `from` must be the earlier exam",
                                    r.id
                                ),
                                Some(EXAM_ORDER_HELP.into()),
                            );
                        }
                        PointBody::RankGain {
                            from: exam(*from),
                            to: exam(*to),
                            points_per_place: *points_per_place,
                        }
                    }
                    RawPointBody::StayTop { n, exams, points } => {
                        self.non_negative(*points, &[&quoted, "points:"], "`points`");
                        if *n > MAX_RANK {
                            self.error(
                                &[&quoted, "n:"],
                                format!("rule `{}`: `n` is too large (`{n}`)", r.id),
                                Some(format!("at most {MAX_RANK}")),
                            );
                        }
                        if *n == 0 {
                            self.error(
                                &[&quoted, "n"],
                                format!("rule `{}`: `n` must be at least 1", r.id),
                                None,
                            );
                        }
                        if exams.is_empty() {
                            self.error(
                                &[&quoted, "exams:"],
                                format!("rule `{}` lists no exams", r.id),
                                Some("e.g. `exams: [RankBase, Final]`".into()),
                            );
                        }
                        PointBody::StayTop {
                            n: *n,
                            exams: exams.iter().copied().map(exam).collect(),
                            points: *points,
                        }
                    }
                    RawPointBody::NoSeriousConduct { points } => {
                        self.non_negative(*points, &[&quoted, "points:"], "`points`");
                        PointBody::NoSeriousConduct { points: *points }
                    }
                    RawPointBody::HonorTitle { title, points } => {
                        self.non_negative(*points, &[&quoted, "points:"], "`points`");
                        if title.trim().is_empty() {
                            self.error(
                                &[&quoted, "title:"],
                                format!("rule `{}` has an empty title", r.id),
                                None,
                            );
                        }
                        PointBody::HonorTitle {
                            title: title.trim().to_owned(),
                            points: *points,
                        }
                    }
                    RawPointBody::Script { function } => {
                        self.hooks.push((
                            function.clone(),
                            Hook::Points,
                            vec![quoted.clone(), "function:".into()],
                        ));
                        PointBody::Script {
                            function: function.clone(),
                        }
                    }
                };
                PointRule {
                    id: r.id.clone(),
                    seed: r.seed.clone(),
                    body,
                }
            })
            .collect();
        Assessment { covers, rules }
    }

    fn prizes(&mut self, p: &RawPrizes) -> Prizes {
        let eligible = self.coverage(&p.eligible, &["prizes", "eligible:"], "`prizes.eligible`");
        let tiers = p
            .tiers
            .iter()
            .map(|t| {
                self.rule_id(&t.id, &t.seed);
                let quoted = format!("\"{}\"", t.id);
                self.non_negative(t.amount_fen, &[&quoted, "amount_fen:"], "`amount_fen`");
                let body = match &t.rule {
                    RawTierBody::Rank { exam: e, from, to } => {
                        let (e, from, to) = (*e, *from, *to);
                        if to > MAX_RANK {
                            self.error(
                                &[&quoted, "to:"],
                                format!("tier `{}`: rank `{to}` is too large", t.id),
                                Some(format!("at most {MAX_RANK}")),
                            );
                        }
                        if from == 0 || to < from {
                            self.error(
                                &[&quoted, "Rank"],
                                format!("tier `{}` has the empty rank range {from}..{to}", t.id),
                                Some("ranks start at 1 and `from` must not exceed `to`".into()),
                            );
                        }
                        TierBody::Rank {
                            exam: exam(e),
                            from,
                            to,
                        }
                    }
                    RawTierBody::Progress {
                        from,
                        to,
                        min_places,
                    } => {
                        let (from, to, min_places) = (*from, *to, *min_places);
                        if !exams_in_order(from, to) {
                            self.error(
                                &[&quoted, "from:"],
                                format!(
                                    "tier `{}` compares `{from:?}` with `{to:?}`: `from` must be the earlier exam",
                                    t.id
                                ),
                                Some(EXAM_ORDER_HELP.into()),
                            );
                        }
                        if min_places > MAX_RANK {
                            self.error(
                                &[&quoted, "min_places:"],
                                format!("tier `{}`: `min_places` is too large (`{min_places}`)", t.id),
                                Some(format!("at most {MAX_RANK}")),
                            );
                        }
                        if min_places == 0 {
                            self.error(
                                &[&quoted, "min_places:"],
                                format!("tier `{}`: `min_places` must be at least 1", t.id),
                                None,
                            );
                        }
                        TierBody::Progress {
                            from: exam(from),
                            to: exam(to),
                            min_places,
                        }
                    }
                    RawTierBody::Script { function } => {
                        self.hooks.push((
                            function.clone(),
                            Hook::Prize,
                            vec![quoted.clone(), "function:".into()],
                        ));
                        TierBody::Script {
                            function: function.clone(),
                        }
                    }
                };
                PrizeTier {
                    id: t.id.clone(),
                    seed: t.seed.clone(),
                    body,
                    amount_fen: t.amount_fen,
                }
            })
            .collect();
        Prizes {
            stack: p.stack,
            eligible,
            tiers,
        }
    }

    fn helpers(&mut self, h: &RawHelpers) -> Helpers {
        self.non_negative(
            h.fen_per_point,
            &["helpers", "fen_per_point:"],
            "`fen_per_point`",
        );
        if h.scheme.trim().is_empty() {
            self.error(
                &["helpers", "scheme:"],
                "`helpers` has an empty `scheme`".into(),
                None,
            );
        }
        if h.seed.trim().is_empty() {
            self.error(
                &["helpers", "seed:"],
                "`helpers` has an empty `seed`".into(),
                None,
            );
        }
        Helpers {
            seed: h.seed.clone(),
            scheme: h.scheme.trim().to_owned(),
            fen_per_point: h.fen_per_point,
            unpaired: match h.unpaired {
                RawUnpaired::HeadTeacher => Unpaired::HeadTeacher,
                RawUnpaired::Nobody => Unpaired::Nobody,
            },
            split: match h.split {
                RawSplit::Equal => Split::Equal,
                RawSplit::ByDays => Split::ByDays,
            },
        }
    }
}

fn weekday(w: RawWeekday) -> Weekday {
    match w {
        RawWeekday::Mon => Weekday::Mon,
        RawWeekday::Tue => Weekday::Tue,
        RawWeekday::Wed => Weekday::Wed,
        RawWeekday::Thu => Weekday::Thu,
        RawWeekday::Fri => Weekday::Fri,
        RawWeekday::Sat => Weekday::Sat,
        RawWeekday::Sun => Weekday::Sun,
    }
}

fn exam(e: RawExam) -> ExamRef {
    match e {
        RawExam::FirstTerm => ExamRef::FirstTerm,
        RawExam::Final => ExamRef::Final,
        RawExam::PreviousFinal => ExamRef::PreviousFinal,
        RawExam::RankBase => ExamRef::RankBase,
    }
}

const EXAM_ORDER_HELP: &str = "use `from: RankBase` or `FirstTerm` (or `PreviousFinal`) with `to: Final`, or `from: PreviousFinal, to: FirstTerm`";

/// Whether `from` is an exam before `to`: the final of the year against any earlier exam, or
/// the previous year's final against the first-semester final.
fn exams_in_order(from: RawExam, to: RawExam) -> bool {
    matches!(
        (from, to),
        (
            RawExam::FirstTerm | RawExam::PreviousFinal | RawExam::RankBase,
            RawExam::Final
        ) | (RawExam::PreviousFinal, RawExam::FirstTerm)
    )
}

/// Whether `s` is `YYYY-YYYY` with consecutive years, both in the span of a record's dates
/// ([`crate::records::FIRST_YEAR`] to [`crate::records::LAST_YEAR`]: `1950-1951` to
/// `2099-2100`).
pub fn is_academic_year(s: &str) -> bool {
    is_year_pair(s)
        && s.get(..4)
            .and_then(|a| a.parse::<i32>().ok())
            .is_some_and(|a| (crate::records::FIRST_YEAR..crate::records::LAST_YEAR).contains(&a))
}

/// Whether `s` is `YYYY-YYYY` with consecutive years, whatever they are.
fn is_year_pair(s: &str) -> bool {
    let Some((a, b)) = s.split_once('-') else {
        return false;
    };
    let ok = |x: &str| x.len() == 4 && x.bytes().all(|c| c.is_ascii_digit());
    ok(a) && ok(b) && a.parse::<i32>().ok().map(|a| a + 1) == b.parse::<i32>().ok()
}

/// The display names every rule of `raw` gives (`name`, `name_zh`), by rule id: one walk over
/// every family that has rules.
fn rule_names(raw: &RawPlan) -> super::RuleNames {
    let mut out = std::collections::BTreeMap::new();
    let mut add = |id: &str, en: &Option<String>, zh: &Option<String>| {
        if en.is_some() || zh.is_some() {
            let name = super::RuleName {
                en: en.clone(),
                zh: zh.clone(),
            };
            out.insert(id.to_owned(), name);
        }
    };
    for r in &raw.obligations {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in raw.assessment.iter().flat_map(|a| &a.rules) {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in raw.prizes.iter().flat_map(|p| &p.tiers) {
        add(&r.id, &r.name, &r.name_zh);
    }
    if let Some(r) = &raw.child_files {
        add(&r.id, &r.name, &r.name_zh);
    }
    if let Some(r) = &raw.enrollment {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in &raw.pairing_schemes {
        add(&r.id, &r.name, &r.name_zh);
    }
    if let Some(r) = &raw.individual_plans {
        add(&r.id, &r.name, &r.name_zh);
    }
    if let Some(r) = &raw.class_assessment {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in &raw.activities {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in &raw.birthday_parties {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in &raw.letters_home {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in &raw.festival_days {
        add(&r.id, &r.name, &r.name_zh);
    }
    for r in &raw.milestones {
        add(&r.id, &r.name, &r.name_zh);
    }
    super::RuleNames(out)
}
