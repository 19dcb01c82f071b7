//! Validating the rule families of Plans 2, 3 and 4 (see [`crate::policy::families`]): every
//! problem is collected with its position, like the rest of `plan.ron`.

use super::super::families::*;
use super::super::model::{ExamRef, MadeBy, Policy};
use super::super::raw_families::*;
use super::{KNOWN_ROLES, MAX_RANK, Validator, exam, exams_in_order, suggest};
use crate::records::CHILD_FILE_FIELDS;

/// Largest weight of a class-assessment component.
const MAX_WEIGHT: u32 = 1_000;
/// Largest grace period of a pairing scheme, in school days.
const MAX_GRACE: u32 = 366;

impl Validator<'_> {
    /// Lowercased roles, each checked against [`KNOWN_ROLES`].
    fn roles(&mut self, roles: &[String], anchors: &[&str], what: &str) -> Vec<String> {
        if roles.is_empty() {
            self.error(
                anchors,
                format!("{what} names no role"),
                Some("e.g. `roles: [\"teacher\"]`".into()),
            );
        }
        roles
            .iter()
            .map(|r| {
                let role = r.trim().to_lowercase();
                if !KNOWN_ROLES.contains(&role.as_str()) {
                    self.error(
                        &[anchors, &[&format!("\"{r}\"")]].concat(),
                        format!("unknown role `{role}` in {what}"),
                        Some(suggest(&role, KNOWN_ROLES)),
                    );
                }
                role
            })
            .collect()
    }

    fn percent(&mut self, value: u32, anchors: &[&str], what: &str) {
        if value > 100 {
            self.error(
                anchors,
                format!("{what} is more than 100 percent (`{value}`)"),
                Some("write a percentage from 0 to 100".into()),
            );
        }
    }

    fn kinds(&mut self, kinds: &[String], anchors: &[&str], what: &str) -> Vec<String> {
        if kinds.is_empty() || kinds.iter().any(|k| k.trim().is_empty()) {
            self.error(
                anchors,
                format!("{what} needs at least one non-empty kind"),
                Some("e.g. `kinds: [\"legal_lecture\"]`".into()),
            );
        }
        kinds.iter().map(|k| k.trim().to_lowercase()).collect()
    }

    pub(super) fn child_files(&mut self, f: &RawChildFiles) -> ChildFiles {
        self.rule_id(&f.id, &f.seed);
        let quoted = format!("\"{}\"", f.id);
        let covers = self.coverage(
            &f.covers,
            &[&quoted, "covers:"],
            &format!("child files rule `{}`", f.id),
        );
        if f.fields.is_empty() {
            self.error(
                &[&quoted, "fields:"],
                format!("child files rule `{}` lists no fields", f.id),
                Some("e.g. `fields: [\"guardian_name\", \"guardian_phone\"]`".into()),
            );
        }
        let mut fields: Vec<String> = Vec::new();
        for field in &f.fields {
            let name = field.trim().to_lowercase();
            let at = format!("\"{field}\"");
            if !CHILD_FILE_FIELDS.contains(&name.as_str()) {
                self.error(
                    &[&quoted, "fields:", &at],
                    format!("`{field}` is not a child-file column of students.csv"),
                    Some(suggest(&name, &CHILD_FILE_FIELDS)),
                );
            } else if fields.contains(&name) {
                self.error(
                    &[&quoted, "fields:", &at, &at],
                    format!("field `{name}` is listed twice"),
                    None,
                );
            } else {
                fields.push(name);
            }
        }
        self.percent(
            f.target_percent,
            &[&quoted, "target_percent:"],
            "`target_percent`",
        );
        ChildFiles {
            id: f.id.clone(),
            seed: f.seed.clone(),
            covers,
            fields,
            single_parent_one_parent: f.single_parent == RawSingleParent::OneParent,
            target_percent: f.target_percent,
        }
    }

    pub(super) fn enrollment(&mut self, e: &RawEnrollment) -> Enrollment {
        self.rule_id(&e.id, &e.seed);
        let quoted = format!("\"{}\"", e.id);
        let covers = self.coverage(
            &e.covers,
            &[&quoted, "covers:"],
            &format!("enrollment rule `{}`", e.id),
        );
        let count_on = match e.count_on {
            RawCountDay::YearStart => CountDay::YearStart,
            RawCountDay::MonthDay { month, day } => {
                // 2024 is a leap year, so 29 February is accepted.
                if chrono::NaiveDate::from_ymd_opt(2024, month, day).is_none() {
                    self.error(
                        &[&quoted, "count_on:"],
                        format!("`MonthDay(month: {month}, day: {day})` is not a day of the year"),
                        Some("month 1 to 12 and a day that month has".into()),
                    );
                }
                CountDay::MonthDay { month, day }
            }
        };
        self.percent(
            e.enrollment_target_percent,
            &[&quoted, "enrollment_target_percent:"],
            "`enrollment_target_percent`",
        );
        self.percent(
            e.retention_target_percent,
            &[&quoted, "retention_target_percent:"],
            "`retention_target_percent`",
        );
        Enrollment {
            id: e.id.clone(),
            seed: e.seed.clone(),
            covers,
            count_on,
            enrollment_target_percent: e.enrollment_target_percent,
            retention_target_percent: e.retention_target_percent,
        }
    }

    pub(super) fn pairing_scheme(&mut self, s: &RawPairingScheme) -> PairingScheme {
        self.rule_id(&s.id, &s.seed);
        let quoted = format!("\"{}\"", s.id);
        let what = format!("pairing scheme `{}`", s.id);
        if s.scheme.trim().is_empty() {
            self.error(
                &[&quoted, "scheme:"],
                format!("{what} has an empty `scheme`"),
                Some("the `scheme` value of pairings.csv, e.g. `\"hand_in_hand\"`".into()),
            );
        }
        let mentors = match &s.mentors {
            RawMentors::Staff { roles } => {
                Mentors::Staff(self.roles(roles, &[&quoted, "mentors:"], &what))
            }
            RawMentors::StaffOrClassmate { roles } => {
                Mentors::StaffOrClassmate(self.roles(roles, &[&quoted, "mentors:"], &what))
            }
            RawMentors::Student { top } => {
                if let Some(n) = top
                    && (*n == 0 || *n > MAX_RANK)
                {
                    self.error(
                        &[&quoted, "top:"],
                        format!("{what}: `top` must be from 1 to {MAX_RANK} (`{n}`)"),
                        None,
                    );
                }
                Mentors::Student { top: *top }
            }
        };
        let covers = self.coverage(&s.covers, &[&quoted, "covers:"], &what);
        if s.capacity == Some(0) {
            self.error(
                &[&quoted, "capacity:"],
                format!("{what} has capacity 0: no mentor may have a mentee"),
                Some("at least 1, or leave `capacity` out for no limit".into()),
            );
        }
        if s.grace_school_days > MAX_GRACE {
            self.error(
                &[&quoted, "grace_school_days:"],
                format!("{what}: `grace_school_days` is too large"),
                Some(format!("at most {MAX_GRACE}")),
            );
        }
        PairingScheme {
            id: s.id.clone(),
            seed: s.seed.clone(),
            scheme: s.scheme.trim().to_owned(),
            mentors,
            covers,
            capacity: s.capacity,
            grace_school_days: s.grace_school_days,
        }
    }

    pub(super) fn individual_plans(&mut self, p: &RawIndividualPlans) -> IndividualPlans {
        self.rule_id(&p.id, &p.seed);
        let quoted = format!("\"{}\"", p.id);
        let what = format!("individual plans rule `{}`", p.id);
        let covers = self.coverage(&p.covers, &[&quoted, "covers:"], &what);
        if p.triggers.is_empty() {
            self.error(
                &[&quoted, "triggers:"],
                format!("{what} lists no triggers"),
                Some("e.g. `triggers: [RankDrop(from: FirstTerm, to: Final, places: 5), SeriousConduct]`".into()),
            );
        }
        let triggers = p
            .triggers
            .iter()
            .map(|t| match t {
                RawTrigger::RankDrop { from, to, places } => {
                    if !exams_in_order(*from, *to) {
                        self.error(
                            &[&quoted, "RankDrop"],
                            format!("{what} compares `{from:?}` with `{to:?}`: `from` must be the earlier exam"),
                            Some(super::EXAM_ORDER_HELP.into()),
                        );
                    }
                    if *places == 0 || *places > MAX_RANK {
                        self.error(
                            &[&quoted, "places:"],
                            format!("{what}: `places` must be from 1 to {MAX_RANK} (`{places}`)"),
                            None,
                        );
                    }
                    Trigger::RankDrop {
                        from: exam(*from),
                        to: exam(*to),
                        places: *places,
                    }
                }
                RawTrigger::SeriousConduct => Trigger::SeriousConduct,
                RawTrigger::PotentialStudent => Trigger::PotentialStudent,
                RawTrigger::Script { function } => {
                    self.hooks.push((
                        function.clone(),
                        crate::script::Hook::Trigger,
                        vec![quoted.clone(), "Script".into(), format!("\"{function}\"")],
                    ));
                    Trigger::Script {
                        function: function.clone(),
                    }
                }
            })
            .collect();
        IndividualPlans {
            id: p.id.clone(),
            seed: p.seed.clone(),
            covers,
            triggers,
        }
    }

    pub(super) fn activity(&mut self, a: &RawActivityRule) -> ActivityRule {
        self.rule_id(&a.id, &a.seed);
        let quoted = format!("\"{}\"", a.id);
        let what = format!("activity rule `{}`", a.id);
        let kinds = self.kinds(&a.kinds, &[&quoted, "kinds:"], &what);
        let per = match &a.per {
            RawPer::School => Per::School,
            RawPer::Class => Per::Class,
            RawPer::Child { covers } => {
                Per::Child(self.coverage(covers, &[&quoted, "per:", "covers:"], &what))
            }
        };
        let window = match a.window {
            RawActivityWindow::Monthly => ActivityWindow::Monthly,
            RawActivityWindow::Quarterly => ActivityWindow::Quarterly,
            RawActivityWindow::Term => ActivityWindow::Term,
            RawActivityWindow::Year => ActivityWindow::Year,
            RawActivityWindow::Month { month } => {
                if !(1..=12).contains(&month) {
                    self.error(
                        &[&quoted, "month:"],
                        format!("{what}: month `{month}` is not 1 to 12"),
                        None,
                    );
                }
                ActivityWindow::Month(month)
            }
        };
        ActivityRule {
            id: a.id.clone(),
            seed: a.seed.clone(),
            kinds,
            every_kind: a.every_kind,
            per,
            window,
        }
    }

    pub(super) fn paired_mentor(&mut self, quoted: &str, id: &str, scheme: &str) -> MadeBy {
        if scheme.trim().is_empty() {
            self.error(
                &[quoted, "made_by:", "scheme:"],
                format!("obligation `{id}` names an empty pairing scheme"),
                Some("e.g. `made_by: PairedMentor(scheme: \"caring_mother\")`".into()),
            );
        }
        MadeBy::PairedMentor(scheme.trim().to_owned())
    }

    fn class_assessment(&mut self, c: &RawClassAssessment, policy: &Policy) -> ClassAssessment {
        self.rule_id(&c.id, &c.seed);
        let quoted = format!("\"{}\"", c.id);
        if c.components.is_empty() {
            self.error(
                &[&quoted, "components:"],
                format!("class assessment `{}` has no components", c.id),
                Some(
                    "e.g. `components: [(id: \"files\", weight: 20, measure: FilingRate)]`".into(),
                ),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut components = Vec::new();
        for comp in &c.components {
            let at = format!("\"{}\"", comp.id);
            if comp.id.trim().is_empty() {
                self.error(
                    &[&quoted, "components:", "id: \"\""],
                    "a class-assessment component has an empty `id`".into(),
                    None,
                );
            } else if seen.contains(&comp.id.as_str()) {
                self.error(
                    &[&quoted, &at, &at],
                    format!("component id `{}` is used twice", comp.id),
                    None,
                );
            }
            seen.push(&comp.id);
            if comp.weight == 0 || comp.weight > MAX_WEIGHT {
                self.error(
                    &[&quoted, &at, "weight:"],
                    format!(
                        "component `{}`: `weight` must be from 1 to {MAX_WEIGHT} (`{}`)",
                        comp.id, comp.weight
                    ),
                    None,
                );
            }
            let measure = self.measure(&comp.measure, &[&quoted, &at, "measure:"], policy);
            components.push(Component {
                id: comp.id.clone(),
                weight: comp.weight,
                measure,
            });
        }
        let advanced = match c.advanced {
            RawAdvanced::Top { n } => {
                if n == 0 || n > MAX_RANK {
                    self.error(
                        &[&quoted, "advanced:"],
                        format!("`Top(n: {n})`: `n` must be from 1 to {MAX_RANK}"),
                        None,
                    );
                }
                Advanced::Top(n)
            }
            RawAdvanced::AtLeast { score } => {
                if score > 100 {
                    self.error(
                        &[&quoted, "advanced:"],
                        format!("`AtLeast(score: {score})`: scores are out of 100"),
                        None,
                    );
                }
                Advanced::AtLeast(score)
            }
        };
        ClassAssessment {
            id: c.id.clone(),
            seed: c.seed.clone(),
            components,
            advanced,
            links: c.links.iter().map(|l| l.trim().to_owned()).collect(),
            links_zh: c.links_zh.iter().map(|l| l.trim().to_owned()).collect(),
        }
    }

    /// A measure, with the rules it names checked against the rest of the plan.
    fn measure(&mut self, m: &RawMeasure, anchors: &[&str], policy: &Policy) -> Measure {
        let missing = |v: &mut Self, what: &str, key: &str| {
            v.error(
                anchors,
                format!("the measure `{what}` needs `{key}` in the plan"),
                Some(format!("add a `{key}` section, or remove this component")),
            );
        };
        match m {
            RawMeasure::Compliance { rules } => {
                let known: Vec<&str> = policy.obligations.iter().map(|o| o.id.as_str()).collect();
                self.references(rules, &known, anchors, "an obligation");
                Measure::Compliance(rules.clone())
            }
            RawMeasure::Coverage { rule } => {
                let known: Vec<&str> = policy
                    .pairing_schemes
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect();
                self.references(
                    std::slice::from_ref(rule),
                    &known,
                    anchors,
                    "pairing scheme",
                );
                Measure::Coverage(rule.clone())
            }
            RawMeasure::FilingRate => {
                if policy.child_files.is_none() {
                    missing(self, "FilingRate", "child_files");
                }
                Measure::FilingRate
            }
            RawMeasure::RetentionRate => {
                if policy.enrollment.is_none() {
                    missing(self, "RetentionRate", "enrollment");
                }
                Measure::RetentionRate
            }
            RawMeasure::IndividualPlans => {
                if policy.individual_plans.is_none() {
                    missing(self, "IndividualPlans", "individual_plans");
                }
                Measure::IndividualPlans
            }
            RawMeasure::Activities { rules } => {
                // Birthday parties, festival days and milestones count per class like activities.
                let known: Vec<&str> = policy
                    .activities
                    .iter()
                    .map(|a| a.id.as_str())
                    .chain(policy.calendar.activity_like_ids())
                    .collect();
                self.references(rules, &known, anchors, "an activity rule");
                Measure::Activities(rules.clone())
            }
        }
    }

    /// Checks that every id names one of `known` (`what`: "an obligation", …).
    fn references(&mut self, ids: &[String], known: &[&str], anchors: &[&str], what: &str) {
        if ids.is_empty() {
            self.error(anchors, "the measure names no rule".into(), None);
        }
        for id in ids {
            if !known.contains(&id.as_str()) {
                let help = if known.is_empty() {
                    format!("the plan has no such rule ({what})")
                } else {
                    suggest(id, known)
                };
                self.error(
                    &[anchors, &[&format!("\"{id}\"")]].concat(),
                    format!("`{id}` is not {what} of this plan"),
                    Some(help),
                );
            }
        }
    }
}

impl Policy {
    /// Adds the class assessment (which refers to the other rules) and checks what depends on
    /// the whole plan: a `RankBase` trigger needs `first_year`.
    pub(super) fn with_class_assessment(
        mut self,
        raw: Option<&RawClassAssessment>,
        v: &mut Validator<'_>,
    ) -> Policy {
        self.class_assessment = raw.map(|c| v.class_assessment(c, &self));
        let rank_base = self.individual_plans.iter().flat_map(|p| &p.triggers).any(|t| {
            matches!(t, Trigger::RankDrop { from, to, .. } if [*from, *to].contains(&ExamRef::RankBase))
        });
        if rank_base && self.first_year.is_none() {
            v.error(
                &["RankDrop", "RankBase"],
                "`RankBase` depends on the scheme's first year, but the plan has no `first_year`"
                    .into(),
                Some("add `first_year: \"2025-2026\"` at the top level, or compare `FirstTerm` with `Final`".into()),
            );
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{Mentors, parse};

    const PLAN: &str = r#"Plan(
    id: "p",
    name: "families",
    seed: "Plan 4",
    child_files: (
        id: "child_files",
        seed: "Plan 4 §Fourth.2",
        covers: [LeftBehind],
        fields: ["guardian_phone", "home_adress"],
    ),
    pairing_schemes: [
        (
            id: "little_teachers",
            seed: "Plan 4 §(2).3",
            scheme: "one_help_one",
            mentors: Student(top: 0),
            covers: [PotentialStudent],
            capacity: 0,
        ),
        (
            id: "caring_mothers",
            seed: "Plan 4 §(2).4",
            scheme: "caring_mother",
            mentors: Staff(roles: ["caring_mothr"]),
            covers: [],
        ),
    ],
    activities: [
        (id: "subsidy", seed: "Plan 3 §Second.4", kinds: ["tuition_subsidy"], per: School, window: Month(month: 13)),
    ],
)"#;

    #[test]
    fn every_family_error_is_reported_with_its_position() {
        let e = parse("plan.ron", PLAN).expect_err("invalid");
        let got: Vec<(String, Option<usize>, Option<String>)> = e
            .diagnostics
            .iter()
            .map(|d| (d.message.clone(), d.line, d.help.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "`home_adress` is not a child-file column of students.csv".to_owned(),
                    Some(9),
                    Some("did you mean `home_address`?".to_owned())
                ),
                (
                    "pairing scheme `little_teachers`: `top` must be from 1 to 10000 (`0`)".into(),
                    Some(16),
                    None
                ),
                (
                    "pairing scheme `little_teachers` has capacity 0: no mentor may have a mentee"
                        .into(),
                    Some(18),
                    Some("at least 1, or leave `capacity` out for no limit".into())
                ),
                (
                    "unknown role `caring_mothr` in pairing scheme `caring_mothers`".into(),
                    Some(24),
                    Some("did you mean `caring_mother`?".into())
                ),
                (
                    "pairing scheme `caring_mothers` covers nobody: the list is empty".into(),
                    Some(25),
                    Some(
                        "list at least one of `LeftBehind`, `SingleParent`, `PotentialStudent`, `All`"
                            .into()
                    )
                ),
                (
                    "activity rule `subsidy`: month `13` is not 1 to 12".into(),
                    Some(29),
                    None
                ),
            ]
        );
    }

    #[test]
    fn a_valid_family_plan_loads() {
        let src = PLAN
            .replace("home_adress", "home_address")
            .replace("top: 0", "top: 10")
            .replace("capacity: 0", "capacity: 1")
            .replace("caring_mothr\"", "caring_mother\"")
            .replace("covers: [],", "covers: [LeftBehind, PotentialStudent],")
            .replace("month: 13", "month: 3");
        let p = parse("plan.ron", &src).expect("valid");
        assert_eq!(
            p.pairing_schemes[0].mentors,
            Mentors::Student { top: Some(10) }
        );
        assert_eq!(p.pairing_schemes[0].grace_school_days, 0, "default");
        let files = p.child_files.expect("child files");
        assert_eq!(files.target_percent, 100, "default target");
        assert!(files.single_parent_one_parent, "default OneParent");
    }

    #[test]
    fn a_paired_mentor_rule_and_a_note_rule() {
        let src = r#"Plan(id: "p", name: "n", seed: "Plan 4", obligations: [
            (id: "heart", seed: "Plan 4 §(2).4", kinds: ["heart_talk"], covers: [LeftBehind],
             window: Weekly(), made_by: PairedMentor(scheme: "caring_mother"), require_note: true),
        ])"#;
        let p = parse("plan.ron", src).expect("valid");
        assert_eq!(
            p.obligations[0].made_by,
            crate::policy::MadeBy::PairedMentor("caring_mother".into())
        );
        assert!(p.obligations[0].require_note);
        let bad = src.replace("\"caring_mother\"", "\" \"");
        let e = parse("plan.ron", &bad).expect_err("empty scheme");
        assert_eq!(
            e.diagnostics[0].message,
            "obligation `heart` names an empty pairing scheme"
        );
    }
}
