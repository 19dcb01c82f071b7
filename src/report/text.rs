//! The text report for a head teacher: compliance per rule, the overdue list, points and
//! prizes per child, helper pay and totals in yuan, findings. English or Chinese.

use super::{ObligationFilter, yuan};
use crate::eval::{Decision, Status};
use crate::lang::Lang;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Pads `s` with spaces to `width` display cells (Chinese characters take two).
pub(crate) fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Right-aligns `s` in `width` display cells.
pub(crate) fn rpad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// A status in words.
pub fn status_word(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Met => lang.pick("met", "按时"),
        Status::Late => lang.pick("late", "逾期"),
        Status::Partial => lang.pick("partial", "部分在校"),
        Status::Open => lang.pick("open", "进行中"),
        Status::Missed => lang.pick("missed", "未完成"),
    }
}

/// Renders the decision as plain text in `lang`; obligation rows per `filter` (the summary is
/// always shown).
pub fn render(d: &Decision, filter: ObligationFilter, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    let mut o = String::new();
    let _ = writeln!(o, "{} ({})", d.name_in(lang), d.policy);
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "Academic year {} · as of {} · roster of {}",
            d.year, d.as_of, d.assessment_day
        ),
        Lang::Zh => writeln!(
            o,
            "学年 {} · 截至 {} · 考核名册日 {}",
            d.year, d.as_of, d.assessment_day
        ),
    };
    if d.provisional {
        let _ = writeln!(
            o,
            "{}",
            l(
                "PROVISIONAL: the year's final exam does not count yet; figures may change",
                "暂定：本学年期末考试成绩尚未计入，数据可能变化"
            )
        );
    }

    if !d.obligation_summary.is_empty() {
        let _ = writeln!(o, "\n{}", l("Obligations", "联系义务"));
        let w = d
            .obligation_summary
            .keys()
            .map(|k| d.rule_names.name(k, lang).width())
            .max()
            .unwrap_or(4)
            .max(4);
        let heads = [
            l("met", "按时"),
            l("late", "逾期"),
            l("partial", "部分在校"),
            l("open", "进行中"),
            l("missed", "未完成"),
            l("compliance", "完成率"),
            l("children", "学生数"),
        ];
        let widths = [6, 6, 8, 6, 7, 11, 9];
        let mut line = format!("  {}", pad(l("rule", "规则"), w));
        for (h, wd) in heads.iter().zip(widths) {
            line.push(' ');
            line.push_str(&rpad(h, wd));
        }
        let _ = writeln!(o, "{line}");
        for (rule, c) in &d.obligation_summary {
            let rate = c
                .compliance_rate
                .map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0));
            let cells = [
                c.met.to_string(),
                c.late.to_string(),
                c.partial.to_string(),
                c.open.to_string(),
                c.missed.to_string(),
                rate,
                c.children.to_string(),
            ];
            let mut line = format!("  {}", pad(d.rule_names.name(rule, lang), w));
            for (v, wd) in cells.iter().zip(widths) {
                line.push(' ');
                line.push_str(&rpad(v, wd));
            }
            let _ = writeln!(o, "{line}");
        }
        let rows: Vec<_> = d.obligations.iter().filter(|r| filter.keeps(r)).collect();
        if filter != ObligationFilter::None {
            let title = if filter == ObligationFilter::Overdue {
                l("Overdue", "逾期未完成")
            } else {
                l("Windows", "全部时段")
            };
            let _ = writeln!(o, "\n{title}: {}", rows.len());
            let names: std::collections::HashMap<&str, &str> = d
                .students
                .iter()
                .map(|s| (s.student_id.as_str(), s.name.as_str()))
                .collect();
            for r in rows {
                let due = r
                    .due
                    .map(|d| format!(", {} {d}", l("due", "应完成日")))
                    .unwrap_or_default();
                let contact = r
                    .contact_date
                    .map(|d| format!(", {} {d}", l("contact", "联系日")))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "  {} {} {} {}  {} ~ {}  {}{due}{contact}",
                    pad(&r.class, 6),
                    pad(&r.student_id, 8),
                    pad(names.get(r.student_id.as_str()).copied().unwrap_or(""), 8),
                    pad(d.rule_names.name(&r.rule, lang), w),
                    r.window_start,
                    r.window_end,
                    status_word(r.status, lang)
                );
            }
        }
    }

    let assessed = d
        .students
        .iter()
        .any(|s| s.points.is_some() || !s.awards.is_empty());
    if assessed {
        let _ = writeln!(
            o,
            "\n{}",
            l(
                "Students: ranks (base / first term / final), points, prizes",
                "学生：班级排名（基准 / 第一学期 / 期末）、积分、奖励"
            )
        );
        for class in &d.classes {
            let head = class
                .head_teacher
                .as_deref()
                .map(|h| format!("{}{h}", l(", head teacher ", "，班主任 ")))
                .unwrap_or_default();
            let _ = writeln!(o, "  {} {}{head}", l("class", "班级"), class.class);
            // 第一学期 is 8 cells wide: the column widens with it.
            let fw = l("first", "第一学期").width().max(5);
            let _ = writeln!(
                o,
                "    {} {} {} {} {} {}  {} {}",
                pad(l("id", "学号"), 8),
                pad(l("name", "姓名"), 8),
                rpad(l("base", "基准"), 4),
                rpad(l("first", "第一学期"), fw),
                rpad(l("final", "期末"), 5),
                rpad(l("points", "积分"), 6),
                pad(l("prizes", "奖项"), 34),
                rpad(l("yuan", "元"), 8)
            );
            for s in d.students.iter().filter(|s| s.class == class.class) {
                if s.points.is_none() && s.awards.is_empty() {
                    continue;
                }
                let prizes: Vec<&str> = s
                    .awards
                    .iter()
                    .map(|a| d.rule_names.name(&a.award, lang))
                    .collect();
                let _ = writeln!(
                    o,
                    "    {} {} {:>4} {:>fw$} {:>5} {:>6}  {} {:>8}",
                    pad(&s.student_id, 8),
                    pad(&s.name, 8),
                    opt(s.rank_points_base),
                    opt(s.rank_first_term),
                    opt(s.rank_final),
                    opt(s.points),
                    pad(&prizes.join(", "), 34),
                    if s.awards_fen > 0 {
                        yuan(s.awards_fen)
                    } else {
                        String::new()
                    }
                );
            }
            let _ = match lang {
                Lang::En => writeln!(
                    o,
                    "    class total: {} assessed, {} points ({} unpaid), prizes {} yuan, helper pay {} yuan",
                    super::count(class.assessed as usize, "child", "children"),
                    class.points,
                    class.unpaid_points,
                    yuan(class.student_awards_fen),
                    yuan(class.helper_awards_fen)
                ),
                Lang::Zh => writeln!(
                    o,
                    "    班级合计：考核 {} 人，积分 {}（未发放 {}），学生奖金 {} 元，帮扶奖金 {} 元",
                    class.assessed,
                    class.points,
                    class.unpaid_points,
                    yuan(class.student_awards_fen),
                    yuan(class.helper_awards_fen)
                ),
            };
            if let Some(src) = &class.head_teacher_split {
                let at = src.text(lang);
                let _ = match lang {
                    Lang::En => writeln!(
                        o,
                        "    helper pay divided by the head teacher in {at}, not by the automatic rule"
                    ),
                    Lang::Zh => writeln!(o, "    帮扶积分由班主任分配（{at}），不按自动规则"),
                };
            }
        }
    }

    if !d.helpers.is_empty() {
        let _ = writeln!(o, "\n{}", l("Helper pay", "帮扶人奖励"));
        let _ = writeln!(
            o,
            "  {} {} {} {} {}",
            pad(l("id", "编号"), 8),
            pad(l("name", "姓名"), 8),
            rpad(l("children", "帮扶人数"), 8),
            rpad(l("points", "积分"), 8),
            rpad(l("yuan", "元"), 9)
        );
        for h in &d.helpers {
            let _ = writeln!(
                o,
                "  {} {} {:>8} {:>8} {:>9}",
                pad(&h.helper_id, 8),
                pad(&h.name, 8),
                h.children.len(),
                h.points.to_string(),
                yuan(h.amount_fen)
            );
            for c in &h.class_shares {
                let _ = match lang {
                    Lang::En => writeln!(
                        o,
                        "    class {}: {} of {} points, {} yuan, as the head teacher divided them ({})",
                        c.class,
                        c.points,
                        c.class_points,
                        yuan(c.amount_fen),
                        c.at(lang)
                    ),
                    Lang::Zh => writeln!(
                        o,
                        "    班级{}：合计{}分中分得{}分，{}元，由班主任分配（{}）",
                        c.class,
                        c.class_points,
                        c.points,
                        yuan(c.amount_fen),
                        c.at(lang)
                    ),
                };
            }
        }
    }

    if assessed || !d.helpers.is_empty() {
        let t = &d.totals;
        let yu = l("yuan", "元");
        let _ = writeln!(o, "\n{}", l("Totals", "合计"));
        let _ = writeln!(o, "  {} {:>10}", pad(l("points", "积分"), 15), t.points);
        if t.unpaid_points > 0 {
            let _ = writeln!(
                o,
                "  {} {:>10}",
                pad(l("unpaid points", "未发放积分"), 15),
                t.unpaid_points
            );
        }
        for (label, fen) in [
            (l("student prizes", "学生奖金"), t.student_awards_fen),
            (l("helper pay", "帮扶奖金"), t.helper_awards_fen),
            (l("total", "总计"), t.total_fen),
        ] {
            let _ = writeln!(o, "  {} {:>10} {yu}", pad(label, 15), yuan(fen));
        }
    }

    super::text_families::render(&mut o, d, filter, lang);
    super::text_calendar::render(&mut o, d, filter, lang);

    if d.findings.is_empty() {
        let _ = writeln!(o, "\n{}", l("Findings: none", "数据问题：无"));
    } else {
        let errors = d
            .findings
            .iter()
            .filter(|f| f.severity == crate::records::Severity::Error)
            .count();
        let warnings = d.findings.len() - errors;
        let _ = match lang {
            Lang::En => writeln!(
                o,
                "\nFindings: {} ({}, {})",
                d.findings.len(),
                super::count(errors, "error", "errors"),
                super::count(warnings, "warning", "warnings")
            ),
            Lang::Zh => writeln!(
                o,
                "\n数据问题：{}（错误 {errors}，警告 {warnings}）",
                d.findings.len()
            ),
        };
        for f in &d.findings {
            let _ = writeln!(o, "  {}", f.text(lang));
        }
    }
    trim_line_ends(&o)
}

/// Drops the spaces that padding leaves at the end of lines.
pub(crate) fn trim_line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
