//! `explain --student`: what the rule families of Plans 2–4 say about one child — its file, its
//! mentors' gaps, its individual-plan triggers and its activity windows.

use crate::eval::Decision;
use crate::lang::Lang;
use std::fmt::Write;

/// Appends the child's family lines to `o` (nothing when no family mentions it).
pub(super) fn student(o: &mut String, d: &Decision, id: &str, lang: Lang) {
    let l = |en, zh| lang.pick(en, zh);
    let mut lines: Vec<String> = Vec::new();
    if let Some(f) = &d.child_files
        && let Some(c) = f.incomplete.iter().find(|c| c.student_id == id)
    {
        lines.push(match lang {
            Lang::En => format!(
                "{}: file incomplete, missing {}",
                f.rule,
                c.missing.join(", ")
            ),
            Lang::Zh => format!("{}：档案不完整，缺少 {}", f.rule, c.missing.join("、")),
        });
    }
    if let Some(e) = &d.enrollment
        && let Some(c) = e.left.iter().find(|c| c.student_id == id)
    {
        let reason = c.left_reason.unwrap_or("-");
        lines.push(match (lang, c.counts_as_dropout) {
            (Lang::En, true) => format!(
                "{}: left on {} ({reason}), counted against retention",
                e.rule, c.left_on
            ),
            (Lang::En, false) => format!(
                "{}: left on {} ({reason}), not a dropout",
                e.rule, c.left_on
            ),
            (Lang::Zh, true) => {
                format!("{}：{} 离校（{reason}），计入巩固率", e.rule, c.left_on)
            }
            (Lang::Zh, false) => {
                format!("{}：{} 离校（{reason}），不算辍学", e.rule, c.left_on)
            }
        });
    }
    for s in &d.pairing_schemes {
        if let Some(u) = s.uncovered.iter().find(|u| u.student_id == id) {
            let ranges: Vec<String> = u
                .ranges
                .iter()
                .map(|r| format!("{} ~ {}", r.start, r.end))
                .collect();
            lines.push(match lang {
                Lang::En => format!(
                    "{}: no mentor under `{}` on {} of {} school days ({})",
                    s.rule,
                    s.scheme,
                    u.school_days,
                    u.of_school_days,
                    ranges.join(", ")
                ),
                Lang::Zh => format!(
                    "{}：“{}”无帮扶人 {}/{} 个教学日（{}）",
                    s.rule,
                    s.scheme,
                    u.school_days,
                    u.of_school_days,
                    ranges.join("，")
                ),
            });
        }
        for p in s.ineligible.iter().filter(|p| p.mentee_id == id) {
            lines.push(format!(
                "{}{}{} → {}{}{}",
                s.rule,
                l(": ", "："),
                p.mentor_id,
                p.mentee_id,
                l(": ", "："),
                p.why.text(lang)
            ));
        }
    }
    if let Some(p) = &d.individual_plans
        && let Some(c) = p.children.iter().find(|c| c.student_id == id)
    {
        for t in &c.triggers {
            let plan = match (t.plan_date, lang) {
                (Some(p), Lang::En) => format!("plan made {p}"),
                (Some(p), Lang::Zh) => format!("已于 {p} 制定计划"),
                (None, Lang::En) => "no plan yet".to_owned(),
                (None, Lang::Zh) => "尚无计划".to_owned(),
            };
            lines.push(format!(
                "{}{}{} {}{}{plan}",
                p.rule,
                l(": ", "："),
                t.date,
                t.why.text(lang),
                l(": ", "："),
            ));
        }
    }
    for r in d
        .activities
        .iter()
        .filter(|r| r.student_id.as_deref() == Some(id))
    {
        lines.push(format!(
            "{}{}{} ~ {}{}{}",
            r.rule,
            l(", ", "，"),
            r.window_start,
            r.window_end,
            l(": ", "："),
            super::text::status_word(r.status, lang)
        ));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\n{}",
        l(
            "Files, pairings, plans, activities",
            "档案、结对、个别计划、活动"
        )
    );
    for line in lines {
        let _ = writeln!(o, "  {line}");
    }
}
