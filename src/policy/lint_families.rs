//! `check` warnings for the rule families of Plans 2–4 meeting a record set: a pairing scheme,
//! a `PairedMentor` scheme or an activity kind the records never contain (a typo there would
//! otherwise report every child uncovered or every window missed).

use super::super::families::Per;
use super::super::load::Draft;
use super::super::model::{MadeBy, Policy};
use super::listing;
use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::records::{Msg, Records};
use std::collections::BTreeSet;

impl Draft {
    /// Warnings about how the families of the policy meet these records.
    pub(super) fn lint_families(&self, policy: &Policy, records: &Records) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let schemes: BTreeSet<&str> = records.pairings.iter().map(|p| p.scheme.as_str()).collect();
        let kinds: BTreeSet<&str> = records.activities.iter().map(|a| a.kind.as_str()).collect();
        // `pairings.csv has the schemes `a`, `b``, in both languages.
        let has = |file: &str, what: (&str, &str), values: &BTreeSet<&str>| {
            Msg::new(
                format!("{file} has the {} {}", what.0, listing(values, Lang::En)),
                format!("{file} 中的{}：{}", what.1, listing(values, Lang::Zh)),
            )
        };
        for s in &policy.pairing_schemes {
            if !schemes.contains(s.scheme.as_str()) {
                out.push(self.warn(
                    &[&format!("\"{}\"", s.id), "scheme:"],
                    Msg::new(
                        format!(
                            "scheme `{}` of pairing scheme `{}` never appears in pairings.csv: every child it covers is uncovered",
                            s.scheme, s.id
                        ),
                        format!(
                            "结对帮扶 `{}` 的帮扶方式 `{}` 在 pairings.csv 中从未出现：它覆盖的学生都没有帮扶人",
                            s.id, s.scheme
                        ),
                    ),
                    has("pairings.csv", ("schemes", "帮扶方式"), &schemes),
                ));
            }
        }
        // A rule that covers `Poor` children covers nobody when no child is marked poor (the
        // column is optional): say so rather than report a rule met by default.
        if !records.students.iter().any(|s| s.poor) {
            for (id, what) in poor_rules(policy) {
                out.push(self.warn(
                    &[&format!("\"{id}\""), "Poor"],
                    Msg::new(
                        format!(
                            "{} `{id}` covers poor children, but no child has `poor` = yes in students.csv: it covers nobody",
                            what.0
                        ),
                        format!(
                            "{} `{id}` 覆盖贫困学生，但 students.csv 中没有学生的 `poor` 为 yes：它没有适用对象",
                            what.1
                        ),
                    ),
                    Msg::new(
                        "add the column `poor` (yes/no) to students.csv, or map it in schema.ron",
                        "在 students.csv 中加上 `poor` 列（yes/no），或在 schema.ron 中映射",
                    ),
                ));
            }
        }
        // A letter due on the elders' birthdays is owed only where the guardian's birthday is
        // recorded: without a single one the occasion is silently inactive.
        for l in &policy.calendar.letters_home {
            let elders = l
                .occasions
                .iter()
                .any(|o| matches!(o, crate::policy::Occasion::EldersBirthdays));
            let recorded = records
                .students
                .iter()
                .filter(|s| l.covers.covers(s))
                .any(|s| crate::eval::calendar_rules::guardian_birth_date(s).is_some());
            if elders && !recorded {
                out.push(self.warn(
                    &[&format!("\"{}\"", l.id), "EldersBirthdays"],
                    Msg::new(
                        format!(
                            "letters rule `{}` is due on the elders' birthdays, but no child it covers has a `guardian_birth_date` in students.csv: no letter is owed for them",
                            l.id
                        ),
                        format!(
                            "家书规则 `{}` 要求在长辈生日写家书，但 students.csv 中它覆盖的学生都没有 `guardian_birth_date`：长辈生日的家书无从要求",
                            l.id
                        ),
                    ),
                    Msg::new(
                        "add the guardian's birthday column (`guardian_birth_date`, YYYY-MM-DD) to students.csv, or map it in schema.ron",
                        "在 students.csv 中加上监护人生日列（`guardian_birth_date`，YYYY-MM-DD），或在 schema.ron 中映射",
                    ),
                ));
            }
        }
        for o in &policy.obligations {
            if let MadeBy::PairedMentor(scheme) = &o.made_by
                && !schemes.contains(scheme.as_str())
            {
                out.push(self.warn(
                    &[&format!("\"{}\"", o.id), "made_by:"],
                    Msg::new(
                        format!(
                            "scheme `{scheme}` of obligation `{}` never appears in pairings.csv: nobody has the obligation",
                            o.id
                        ),
                        format!(
                            "联系义务 `{}` 的帮扶方式 `{scheme}` 在 pairings.csv 中从未出现：没有人承担这项义务",
                            o.id
                        ),
                    ),
                    has("pairings.csv", ("schemes", "帮扶方式"), &schemes),
                ));
            }
        }
        for a in &policy.activities {
            if !a.kinds.iter().any(|k| kinds.contains(k.as_str())) {
                let (what, what_zh) = match a.per {
                    Per::Child(_) => ("every child misses it", "每个学生都未参加"),
                    _ => ("every window is missed", "每个时段都未完成"),
                };
                out.push(self.warn(
                    &[&format!("\"{}\"", a.id), "kinds:"],
                    Msg::new(
                        format!(
                            "no kind of activity rule `{}` appears in activities.csv: {what}",
                            a.id
                        ),
                        format!(
                            "活动规则 `{}` 的活动种类在 activities.csv 中都未出现：{what_zh}",
                            a.id
                        ),
                    ),
                    has("activities.csv", ("kinds", "活动种类"), &kinds),
                ));
            }
        }
        out
    }
}

/// The rules of `policy` whose coverage names `Poor` (id, family word in English and
/// Chinese), in plan order.
fn poor_rules(policy: &Policy) -> Vec<(&str, (&'static str, &'static str))> {
    let mut out: Vec<(&str, (&'static str, &'static str))> = Vec::new();
    for o in policy.obligations.iter().filter(|o| o.covers.poor) {
        out.push((&o.id, ("obligation", "联系义务")));
    }
    if let Some(f) = policy.child_files.as_ref().filter(|f| f.covers.poor) {
        out.push((&f.id, ("file rule", "建档规则")));
    }
    if let Some(e) = policy.enrollment.as_ref().filter(|e| e.covers.poor) {
        out.push((&e.id, ("enrollment rule", "入学规则")));
    }
    for s in policy.pairing_schemes.iter().filter(|s| s.covers.poor) {
        out.push((&s.id, ("pairing scheme", "结对帮扶")));
    }
    if let Some(p) = policy.individual_plans.as_ref().filter(|p| p.covers.poor) {
        out.push((&p.id, ("individual-plan rule", "个别教育计划规则")));
    }
    for a in &policy.activities {
        if let Per::Child(c) = &a.per
            && c.poor
        {
            out.push((&a.id, ("activity", "活动")));
        }
    }
    for l in policy
        .calendar
        .letters_home
        .iter()
        .filter(|l| l.covers.poor)
    {
        out.push((&l.id, ("letters rule", "家书规则")));
    }
    for b in policy
        .calendar
        .birthday_parties
        .iter()
        .filter(|b| b.covers.poor)
    {
        out.push((&b.id, ("birthday-party rule", "生日会规则")));
    }
    out
}
