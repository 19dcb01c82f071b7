//! The text report's sections for the rule families of Plans 2, 3 and 4: child files,
//! enrollment and retention, pairing schemes, individual plans, activities, class assessment.
//! Each section appears only when the decision has it. English or Chinese.

use super::ObligationFilter;
use super::text::{pad, rpad, status_word};
use crate::eval::Decision;
use crate::lang::Lang;
use std::collections::HashMap;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// `95.35%`, or `-`.
fn pct(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:.2}%", r * 100.0))
}

fn met_word(met: bool, lang: Lang) -> &'static str {
    match (met, lang) {
        (true, Lang::En) => "met",
        (false, Lang::En) => "not met",
        (true, Lang::Zh) => "达标",
        (false, Lang::Zh) => "未达标",
    }
}

/// Appends the families' sections to `o`.
pub(crate) fn render(o: &mut String, d: &Decision, filter: ObligationFilter, lang: Lang) {
    let names: HashMap<&str, &str> = d
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s.name.as_str()))
        .collect();
    // Class names are padded to the widest (`Wangjing Primary/3-1` in a community's records).
    let cw = d
        .students
        .iter()
        .map(|s| s.class.width())
        .max()
        .unwrap_or(0)
        .max(6);
    child_files(o, d, cw, lang);
    enrollment(o, d, cw, lang);
    schemes(o, d, &names, cw, lang);
    plans(o, d, cw, lang);
    activities(o, d, filter, cw, lang);
    class_assessment(o, d, cw, lang);
}

fn child_files(o: &mut String, d: &Decision, cw: usize, lang: Lang) {
    let Some(f) = &d.child_files else { return };
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "\nChild files ({}), roster of {}: {} of {} complete, filing rate {} (target {}%: {})",
            d.rule_names.name(&f.rule, lang),
            f.roster_day,
            f.complete,
            f.covered,
            pct(f.filing_rate),
            f.target_percent,
            met_word(f.meets_target, lang)
        ),
        Lang::Zh => writeln!(
            o,
            "\n儿童档案（{}），{} 名册：{} 人中 {} 人档案完整，建档率 {}（目标 {}%：{}）",
            d.rule_names.name(&f.rule, lang),
            f.roster_day,
            f.covered,
            f.complete,
            pct(f.filing_rate),
            f.target_percent,
            met_word(f.meets_target, lang)
        ),
    };
    let l = |en, zh| lang.pick(en, zh);
    let _ = writeln!(
        o,
        "  {} {} {} {}",
        pad(l("class", "班级"), cw),
        rpad(l("children", "人数"), 8),
        rpad(l("complete", "完整"), 8),
        rpad(l("rate", "建档率"), 8)
    );
    for c in &f.classes {
        let _ = writeln!(
            o,
            "  {} {:>8} {:>8} {:>8}",
            pad(&c.class, cw),
            c.covered,
            c.complete,
            pct(c.filing_rate)
        );
    }
    if !f.incomplete.is_empty() {
        let _ = writeln!(o, "  {}", l("Incomplete files:", "档案不完整："));
        for c in &f.incomplete {
            let _ = writeln!(
                o,
                "    {} {} {} {} {}",
                pad(&c.class, cw),
                pad(&c.student_id, 8),
                pad(&c.name, 8),
                l("missing", "缺少"),
                c.missing
                    .iter()
                    .map(|m| crate::records::column_word(m, lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick(", ", "、"))
            );
        }
    }
}

fn enrollment(o: &mut String, d: &Decision, cw: usize, lang: Lang) {
    let Some(e) = &d.enrollment else { return };
    let l = |en, zh| lang.pick(en, zh);
    // The enrollment rate is taken over the catchment's list; without it, it cannot be.
    let enrollment = match (e.catchment, lang) {
        (Some(_), Lang::En) if e.catchment_left_out > 0 => format!(
            "enrollment rate cannot be computed: {} of catchment.csv left out (see the findings); a child left out may be one not enrolled",
            crate::report::count(e.catchment_left_out as usize, "row", "rows")
        ),
        (Some(_), Lang::Zh) if e.catchment_left_out > 0 => format!(
            "入学率无法计算：catchment.csv 有 {} 行未能读入（见数据问题），其中可能有未入学的儿童",
            e.catchment_left_out
        ),
        (Some(n), Lang::En) => format!(
            "enrollment {} of {} on the catchment's list = {} (target {}%: {})",
            e.catchment_enrolled,
            n,
            pct(e.enrollment_rate),
            e.enrollment_target_percent,
            met_word(e.meets_enrollment_target, lang)
        ),
        (Some(n), Lang::Zh) => format!(
            "入学率 片区名单 {} 人中在校 {} 人 = {}（目标 {}%：{}）",
            n,
            e.catchment_enrolled,
            pct(e.enrollment_rate),
            e.enrollment_target_percent,
            met_word(e.meets_enrollment_target, lang)
        ),
        (None, Lang::En) => "enrollment rate cannot be computed: it needs the catchment's school-age left-behind children (catchment.csv, a list from the village or community)".to_owned(),
        (None, Lang::Zh) => "入学率无法计算：需要片区适龄留守儿童名单（catchment.csv，由村或社区提供）".to_owned(),
    };
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "\nEnrollment and retention ({}), roster of {}\n  {enrollment}\n  retention  {} of {} = {} (target {}%: {})",
            d.rule_names.name(&e.rule, lang),
            e.count_day,
            e.retained,
            e.enrolled,
            pct(e.retention_rate),
            e.retention_target_percent,
            met_word(e.meets_retention_target, lang)
        ),
        Lang::Zh => writeln!(
            o,
            "\n入学率与巩固率（{}），{} 名册\n  {enrollment}\n  巩固率 {}/{} = {}（目标 {}%：{}）",
            d.rule_names.name(&e.rule, lang),
            e.count_day,
            e.retained,
            e.enrolled,
            pct(e.retention_rate),
            e.retention_target_percent,
            met_word(e.meets_retention_target, lang)
        ),
    };
    let _ = writeln!(
        o,
        "  {} {} {} {} {} {}",
        pad(l("class", "班级"), cw),
        rpad(l("roster", "名册"), 7),
        rpad(l("enrolled", "在籍"), 8),
        rpad(l("dropouts", "辍学"), 8),
        rpad(l("on roll", "在籍率"), 10),
        rpad(l("retention", "巩固率"), 10)
    );
    for c in &e.classes {
        let _ = writeln!(
            o,
            "  {} {:>7} {:>8} {:>8} {:>10} {:>10}",
            pad(&c.class, cw),
            c.roster,
            c.enrolled,
            c.dropouts,
            pct(c.enrollment_rate),
            pct(c.retention_rate)
        );
    }
    if !e.left.is_empty() {
        let _ = writeln!(o, "  {}", l("Left during the year:", "本学年离校："));
        for c in &e.left {
            let reason = match (c.left_reason, lang) {
                (Some(r), Lang::En) => r.to_owned(),
                (Some("transfer"), Lang::Zh) => "转学".to_owned(),
                (Some("dropout"), Lang::Zh) => "辍学".to_owned(),
                (Some("graduated"), Lang::Zh) => "毕业".to_owned(),
                (Some(_), Lang::Zh) => "其他".to_owned(),
                (None, _) => l("no reason recorded", "未记录原因").to_owned(),
            };
            let counts = if c.counts_as_dropout {
                l(" (counts against retention)", "（计入巩固率）")
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "    {} {} {} {}  {reason}{counts}",
                pad(&c.class, cw),
                pad(&c.student_id, 8),
                pad(&c.name, 8),
                c.left_on
            );
        }
    }
    if !e.joined.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(o, "  Joined after {}:", e.count_day),
            Lang::Zh => writeln!(o, "  {} 之后入学：", e.count_day),
        };
        for c in &e.joined {
            let _ = writeln!(
                o,
                "    {} {} {} {}",
                pad(&c.class, cw),
                pad(&c.student_id, 8),
                pad(&c.name, 8),
                c.enrolled_on
            );
        }
    }
}

fn schemes(o: &mut String, d: &Decision, names: &HashMap<&str, &str>, cw: usize, lang: Lang) {
    let l = |en, zh| lang.pick(en, zh);
    for s in &d.pairing_schemes {
        let cap = s.capacity.map_or_else(String::new, |c| match lang {
            Lang::En => format!(
                ", at most {} per mentor",
                crate::report::count(c as usize, "mentee", "mentees")
            ),
            Lang::Zh => format!("，每位帮扶人最多 {c} 人"),
        });
        let _ = match lang {
            Lang::En => writeln!(
                o,
                "\nPairing scheme {} (`{}`): {} of {} children always had a mentor ({}){cap}",
                d.rule_names.name(&s.rule, lang),
                s.scheme,
                s.always_covered,
                s.children,
                pct(s.coverage_rate)
            ),
            Lang::Zh => writeln!(
                o,
                "\n结对帮扶 {}（“{}”）：{} 名儿童中 {} 名始终有帮扶人（{}）{cap}",
                d.rule_names.name(&s.rule, lang),
                crate::lang::code_word(&s.scheme, lang),
                s.children,
                s.always_covered,
                pct(s.coverage_rate)
            ),
        };
        if !s.uncovered.is_empty() {
            let _ = writeln!(
                o,
                "  {}{}",
                l("Without a mentor: ", "无帮扶人："),
                s.uncovered.len()
            );
            for u in &s.uncovered {
                let ranges: Vec<String> = u
                    .ranges
                    .iter()
                    .map(|r| format!("{} ~ {}", r.start, r.end))
                    .collect();
                let days = match lang {
                    Lang::En => format!("{} of {} school days", u.school_days, u.of_school_days),
                    Lang::Zh => format!("{}/{} 个教学日", u.school_days, u.of_school_days),
                };
                let _ = writeln!(
                    o,
                    "    {} {} {} {days}{}{}",
                    pad(&u.class, cw),
                    pad(&u.student_id, 8),
                    pad(&u.name, 8),
                    lang.pick(": ", "："),
                    ranges.join(lang.pick(", ", "，"))
                );
            }
        }
        if !s.over_capacity.is_empty() {
            let _ = writeln!(o, "  {}", l("Over capacity:", "超出帮扶人数："));
            for m in &s.over_capacity {
                let ranges: Vec<String> = m
                    .ranges
                    .iter()
                    .map(|r| format!("{} ~ {}", r.start, r.end))
                    .collect();
                let _ = match lang {
                    Lang::En => writeln!(
                        o,
                        "    {} {} up to {} mentees: {}",
                        pad(&m.mentor_id, 8),
                        pad(&m.name, 8),
                        m.max_mentees,
                        ranges.join(", ")
                    ),
                    Lang::Zh => writeln!(
                        o,
                        "    {} {} 最多 {} 人：{}",
                        pad(&m.mentor_id, 8),
                        pad(&m.name, 8),
                        m.max_mentees,
                        ranges.join("，")
                    ),
                };
            }
        }
        if !s.ineligible.is_empty() {
            let _ = writeln!(o, "  {}", l("Ineligible pairings:", "不符合条件的结对："));
            for p in &s.ineligible {
                let mentee = names.get(p.mentee_id.as_str()).copied().unwrap_or("");
                let when = match (p.end, lang) {
                    (Some(e), _) => format!("{} ~ {e}", p.start),
                    (None, Lang::En) => format!("from {}", p.start),
                    (None, Lang::Zh) => format!("{} 起", p.start),
                };
                let _ = writeln!(
                    o,
                    "    {} → {} {} {when}{}{}",
                    pad(&p.mentor_id, 6),
                    pad(&p.mentee_id, 8),
                    pad(mentee, 8),
                    lang.pick(": ", "："),
                    p.why.text(lang)
                );
            }
        }
    }
}

fn plans(o: &mut String, d: &Decision, cw: usize, lang: Lang) {
    let Some(p) = &d.individual_plans else { return };
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "\nIndividual education plans ({}): {} flagged, {} without a plan ({} of {} triggers cleared)",
            d.rule_names.name(&p.rule, lang),
            crate::report::count(p.flagged as usize, "child", "children"),
            p.needing_plan,
            p.cleared,
            p.triggers
        ),
        Lang::Zh => writeln!(
            o,
            "\n个别教育计划（{}）：{} 名儿童需制定，{} 名尚无计划（{} 项触发中 {} 项已有计划）",
            d.rule_names.name(&p.rule, lang),
            p.flagged,
            p.needing_plan,
            p.triggers,
            p.cleared
        ),
    };
    for c in &p.children {
        for (i, t) in c.triggers.iter().enumerate() {
            let who = if i == 0 {
                format!(
                    "{} {} {}",
                    pad(&c.class, cw),
                    pad(&c.student_id, 8),
                    pad(&c.name, 8)
                )
            } else {
                " ".repeat(cw + 18)
            };
            let plan = match (t.plan_date, lang) {
                (Some(p), Lang::En) => format!("plan {p}"),
                (Some(p), Lang::Zh) => format!("已于 {p} 制定计划"),
                (None, Lang::En) => "NO PLAN".to_owned(),
                (None, Lang::Zh) => "尚无计划".to_owned(),
            };
            let sep = lang.pick(": ", "：");
            let _ = writeln!(o, "  {who} {} {}{sep}{plan}", t.date, t.why.text(lang));
        }
    }
}

fn activities(o: &mut String, d: &Decision, filter: ObligationFilter, cw: usize, lang: Lang) {
    if d.activity_summary.is_empty() {
        return;
    }
    let l = |en, zh| lang.pick(en, zh);
    let _ = writeln!(o, "\n{}", l("Activities", "活动"));
    let w = d
        .activity_summary
        .keys()
        .map(|k| unicode_width::UnicodeWidthStr::width(d.rule_names.name(k, lang)))
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        o,
        "  {} {} {} {} {} {}",
        pad(l("rule", "规则"), w),
        rpad(l("held", "已办"), 6),
        rpad(l("partial", "部分在校"), 8),
        rpad(l("open", "进行中"), 6),
        rpad(l("missed", "未办"), 7),
        rpad(l("rate", "完成率"), 8)
    );
    for (rule, c) in &d.activity_summary {
        let _ = writeln!(
            o,
            "  {} {:>6} {:>8} {:>6} {:>7} {:>8}",
            pad(d.rule_names.name(rule, lang), w),
            c.met,
            c.partial,
            c.open,
            c.missed,
            pct(c.compliance_rate)
        );
    }
    let rows: Vec<_> = d
        .activities
        .iter()
        .filter(|r| match filter {
            ObligationFilter::All => true,
            ObligationFilter::Overdue => r.overdue,
            ObligationFilter::None => false,
        })
        .collect();
    if filter == ObligationFilter::None {
        return;
    }
    let title = if filter == ObligationFilter::Overdue {
        l("Missed", "未办")
    } else {
        l("Windows", "全部时段")
    };
    let _ = writeln!(o, "  {title}{}{}", lang.pick(": ", "："), rows.len());
    for r in rows {
        let scope = match (&r.student_id, &r.class) {
            (Some(s), Some(c)) => format!("{} {s}", pad(c, cw)),
            (Some(s), None) => s.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => l("all", "全体").to_owned(),
        };
        let date = r
            .date
            .map(|d| format!(", {} {d}", l("held", "举办日")))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "    {} {}  {} ~ {}  {}{date}",
            pad(d.rule_names.name(&r.rule, lang), w),
            pad(&scope, cw + 9),
            r.window_start,
            r.window_end,
            status_word(r.status, lang)
        );
    }
}

fn class_assessment(o: &mut String, d: &Decision, cw: usize, lang: Lang) {
    let Some(a) = &d.class_assessment else { return };
    let l = |en, zh| lang.pick(en, zh);
    let advanced = match (lang, a.advanced_by.strip_prefix("top ")) {
        (Lang::En, _) => format!("advanced: {}", a.advanced_by),
        (Lang::Zh, Some(n)) => format!("先进：前 {n} 名"),
        (Lang::Zh, None) => format!(
            "先进：{} 分及以上",
            a.advanced_by.trim_start_matches("at least ")
        ),
    };
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "\nClass assessment ({}), {advanced}",
            d.rule_names.name(&a.rule, lang)
        ),
        Lang::Zh => writeln!(
            o,
            "\n班级与班主任考核（{}），{advanced}",
            d.rule_names.name(&a.rule, lang)
        ),
    };
    if !a.links.is_empty() {
        let _ = writeln!(
            o,
            "  {}{}",
            l("Results count toward: ", "考核结果用于："),
            match (lang, a.links_zh.is_empty()) {
                (Lang::Zh, false) => a.links_zh.join("；"),
                _ => a.links.join(lang.pick("; ", "；")),
            }
        );
    }
    let ids: Vec<&str> = a
        .classes
        .first()
        .map(|c| {
            c.components
                .iter()
                .map(|x| crate::lang::code_word(&x.id, lang))
                .collect()
        })
        .unwrap_or_default();
    let widths: Vec<usize> = ids
        .iter()
        .map(|i| unicode_width::UnicodeWidthStr::width(*i).max(8))
        .collect();
    let mut head = format!(
        "  {} {} {} {}",
        rpad(l("rank", "名次"), 4),
        pad(l("class", "班级"), cw),
        pad(l("head", "班主任"), 6),
        rpad(l("score", "得分"), 6)
    );
    for (id, w) in ids.iter().zip(&widths) {
        head.push(' ');
        head.push_str(&rpad(id, *w));
    }
    let _ = writeln!(o, "{head}");
    let mut order: Vec<_> = a.classes.iter().collect();
    order.sort_by_key(|c| (c.rank.unwrap_or(u32::MAX), c.class.clone()));
    for c in order {
        let mut line = format!(
            "  {:>4} {} {} {:>6}",
            c.rank.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
            pad(&c.class, cw),
            pad(c.head_teacher.as_deref().unwrap_or("-"), 6),
            c.score
                .map_or_else(|| "-".to_owned(), |s| format!("{s:.2}"))
        );
        for (x, w) in c.components.iter().zip(&widths) {
            line.push(' ');
            line.push_str(&rpad(&pct(x.rate), *w));
        }
        if c.advanced {
            line.push_str(l("  advanced", "  先进"));
        }
        let _ = writeln!(o, "{line}");
    }
    if !a.head_teachers.is_empty() {
        let _ = writeln!(o, "  {}", l("Head teachers:", "班主任："));
        let mut order: Vec<_> = a.head_teachers.iter().collect();
        order.sort_by_key(|t| (t.rank.unwrap_or(u32::MAX), t.staff_id.clone()));
        for t in order {
            let _ = writeln!(
                o,
                "  {:>4} {} {} {:>6}  {}{}",
                t.rank.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
                pad(&t.staff_id, 6),
                pad(&t.name, 8),
                t.score
                    .map_or_else(|| "-".to_owned(), |s| format!("{s:.2}")),
                t.classes.join(", "),
                if t.advanced {
                    l("  advanced", "  先进")
                } else {
                    ""
                }
            );
        }
    }
}
