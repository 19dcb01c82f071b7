//! Warnings about a valid policy: prize tiers that overlap or leave a gap, tiers that can never
//! be won, and (given records) kinds, roles, titles and schemes the records never contain and
//! rules that cover nobody. Used by `careplan check`.

use super::load::Draft;
use super::model::*;
use crate::diagnostic::{Diagnostic, Level, locate};
use crate::lang::Lang;
use crate::records::{Msg, Records};
use std::collections::{BTreeMap, BTreeSet};

impl Draft {
    /// A warning at the first of `anchors` found in the plan, in English and, where the
    /// message is a [`Msg::new`], in Chinese.
    fn warn(&self, anchors: &[&str], message: impl Into<Msg>, help: impl Into<Msg>) -> Diagnostic {
        let (message, help) = (message.into(), help.into());
        let mut d = Diagnostic::error(
            &self.file,
            &self.source,
            locate(&self.source, anchors),
            message.en,
        )
        .with_help(help.en);
        if let Some(zh) = message.zh {
            d = d.with_zh(zh, help.zh);
        }
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
                        Msg::new(
                            format!("prize tiers `{p}` and `{}` overlap at rank {from}", t.id),
                            format!("奖项 `{p}` 与 `{}` 在第 {from} 名重叠", t.id),
                        ),
                        if both {
                            Msg::new(
                                "tiers stack, so a child at that rank wins both; make the ranges adjacent if that is not meant",
                                "奖项可兼得，该名次的学生两项都得；若非本意，请让名次范围首尾相接",
                            )
                        } else {
                            Msg::new(
                                "tiers do not stack, so a child at that rank wins only the larger; make the ranges adjacent",
                                "奖项不可兼得，该名次的学生只得较高的一项；请让名次范围首尾相接",
                            )
                        },
                    ));
                } else if *from > covered_to + 1 {
                    let (gap, gap_zh) = if *from == covered_to + 2 {
                        (
                            format!("rank {}", covered_to + 1),
                            format!("第 {} 名", covered_to + 1),
                        )
                    } else {
                        (
                            format!("ranks {}–{}", covered_to + 1, from - 1),
                            format!("第 {}–{} 名", covered_to + 1, from - 1),
                        )
                    };
                    out.push(self.warn(
                        &[&quoted, "Rank"],
                        Msg::new(
                            format!("{gap} {} no prize, but rank {from} wins `{}`", if from - covered_to == 2 { "wins" } else { "win" }, t.id),
                            format!("{gap_zh}没有奖励，而第 {from} 名得 `{}`", t.id),
                        ),
                        Msg::new(
                            "extend a tier over the gap, or start this tier where the previous one ends",
                            "请把某个奖项延伸到空缺的名次，或让本奖项从上一奖项结束处开始",
                        ),
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
                        Msg::new(
                            format!("tier `{}` can never be won: tier `{}` pays more for the same ranks and tiers do not stack", t.id, o.id),
                            format!("奖项 `{}` 永远无法获得：奖项 `{}` 对相同名次奖励更多，且奖项不可兼得", t.id, o.id),
                        ),
                        Msg::new(
                            "set `stack: true`, or change the rank ranges",
                            "请设 `stack: true`，或修改名次范围",
                        ),
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
                        Msg::new(
                            format!(
                                "contact kind `{k}` of obligation `{}` never appears in contacts.csv",
                                o.id
                            ),
                            format!(
                                "联系义务 `{}` 的联系种类 `{k}` 在 contacts.csv 中从未出现",
                                o.id
                            ),
                        ),
                        present("contacts.csv", ("kinds", "联系种类"), &kinds),
                    ));
                }
            }
            if let MadeBy::Role(role) = &o.made_by
                && !records.staff.iter().any(|s| s.has_role(role))
            {
                out.push(self.warn(
                    &[&quoted, "made_by:"],
                    Msg::new(
                        format!("nobody in staff.csv has role `{role}`, so obligation `{}` can never be met", o.id),
                        format!("staff.csv 中没有人担任 `{role}`，联系义务 `{}` 永远无法完成", o.id),
                    ),
                    Msg::new("check the `role` column of staff.csv", "请检查 staff.csv 的 `role` 列"),
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
                        Msg::new(
                            format!(
                                "class {} has no head teacher in staff.csv, so obligation `{}` can never be met for its children",
                                list.join(", "),
                                o.id
                            ),
                            format!(
                                "班级 {} 在 staff.csv 中没有班主任，这些班学生的联系义务 `{}` 永远无法完成",
                                list.join("、"),
                                o.id
                            ),
                        ),
                        Msg::new(
                            "give the class's head teacher role `head_teacher` and the class in the `class` column of staff.csv",
                            "在 staff.csv 中给该班班主任填上角色 `head_teacher`，并在 `class` 列填上班级",
                        ),
                    ));
                }
            }
            if !records.students.iter().any(|s| o.covers.covers(s)) {
                out.push(self.warn(
                    &[&quoted, "covers:"],
                    Msg::new(
                        format!(
                            "obligation `{}` covers nobody in students.csv ({})",
                            o.id,
                            o.covers.describe()
                        ),
                        format!(
                            "联系义务 `{}` 在 students.csv 中没有适用对象（{}）",
                            o.id,
                            o.covers.describe_in(crate::lang::Lang::Zh)
                        ),
                    ),
                    Msg::new(
                        "check the coverage flags in students.csv or the rule's `covers`",
                        "请检查 students.csv 中的对象标记，或规则的 `covers`",
                    ),
                ));
            }
        }
        if let Some(a) = &policy.assessment {
            if !records.students.iter().any(|s| a.covers.covers(s)) {
                out.push(self.warn(
                    &["assessment:", "covers:"],
                    Msg::new(
                        format!(
                            "the assessment covers nobody in students.csv ({})",
                            a.covers.describe()
                        ),
                        format!(
                            "考核在 students.csv 中没有适用对象（{}）",
                            a.covers.describe_in(crate::lang::Lang::Zh)
                        ),
                    ),
                    Msg::new(
                        "check the coverage flags in students.csv",
                        "请检查 students.csv 中的对象标记",
                    ),
                ));
            }
            for r in &a.rules {
                if let PointBody::HonorTitle { title, .. } = &r.body
                    && !records.honors.iter().any(|h| &h.title == title)
                {
                    out.push(self.warn(
                        &[&format!("\"{}\"", r.id), "title:"],
                        Msg::new(
                            format!(
                                "title `{title}` of rule `{}` never appears in honors.csv",
                                r.id
                            ),
                            format!("规则 `{}` 的称号 `{title}` 在 honors.csv 中从未出现", r.id),
                        ),
                        present("honors.csv", ("titles", "称号"), &titles),
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
                            Msg::new(
                                format!("tier `{}` can never be won: no class has more than {largest} exam results", t.id),
                                format!("奖项 `{}` 永远无法获得：没有哪个班的考试成绩多于 {largest} 条", t.id),
                            ),
                            Msg::new(
                                "lower the rank or places the tier needs",
                                "请降低该奖项要求的名次或进步名数",
                            ),
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
                Msg::new(
                    format!("scheme `{}` never appears in pairings.csv: every child's points go to the head teacher or nobody", h.scheme),
                    format!("帮扶方式 `{}` 在 pairings.csv 中从未出现：每个学生的积分都归班主任或无人领取", h.scheme),
                ),
                present("pairings.csv", ("schemes", "帮扶方式"), &schemes),
            ));
        }
        out.extend(self.lint_families(policy, records));
        out
    }
}

// The rule families of Plans 2–4.
#[path = "lint_families.rs"]
mod lint_families;

/// `contacts.csv has the kinds `a`, `b`` or `contacts.csv has no kinds` (`what` in English
/// and Chinese), in both languages.
fn present(file: &str, what: (&str, &str), values: &BTreeSet<&str>) -> Msg {
    if values.is_empty() {
        Msg::new(
            format!("{file} has no {}", what.0),
            format!("{file} 中没有{}", what.1),
        )
    } else {
        Msg::new(
            format!("{file} has the {} {}", what.0, listing(values, Lang::En)),
            format!("{file} 中的{}：{}", what.1, listing(values, Lang::Zh)),
        )
    }
}

/// Up to eight values in backticks (`a`, `b`, … and 3 more), or `none`, in `lang`.
pub(super) fn listing(values: &BTreeSet<&str>, lang: Lang) -> String {
    if values.is_empty() {
        return lang.pick("none", "无").to_owned();
    }
    let shown: Vec<String> = values.iter().take(8).map(|v| format!("`{v}`")).collect();
    let more = values.len().saturating_sub(8);
    let joined = shown.join(lang.pick(", ", "、"));
    match (more, lang) {
        (0, _) => joined,
        (_, Lang::En) => format!("{joined} and {more} more"),
        (_, Lang::Zh) => format!("{joined} 等 {} 项", values.len()),
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
