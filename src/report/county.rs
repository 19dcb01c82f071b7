//! The county roll-up ([`crate::county::Rollup`]) as text, JSON and tables (XLSX, CSV).

use super::outcomes::value_text;
use super::tables::{Cell, Table};
use super::text::{pad, rpad};
use crate::county::{Rollup, RuleRow, SchoolRow, school_name};
use crate::eval::outcome::Value;
use crate::lang::Lang;
use crate::units::yuan;
use unicode_width::UnicodeWidthStr;

/// The rule's name in `lang`: the Chinese name under `Zh` when the plan gives one, else the id.
fn rule_name(r: &RuleRow, lang: Lang) -> &str {
    lang.given(&r.rule, r.rule_zh.as_deref())
}

/// What a school-wide figure measures, in `lang`.
fn measure_word(measure: &str, lang: Lang) -> &str {
    match (lang, measure) {
        (Lang::En, m) => m,
        (Lang::Zh, "compliance") => "完成率",
        (Lang::Zh, "coverage") => "结对覆盖率",
        (Lang::Zh, "filing_rate") => "建档率",
        (Lang::Zh, "enrollment_rate") => "入学率",
        (Lang::Zh, "retention_rate") => "巩固率",
        (Lang::Zh, "planned") => "已制定计划",
        (Lang::Zh, "winners") => "获奖人数",
        (Lang::Zh, "unpaid") => "无人领取的积分",
        (Lang::Zh, "pay") => "奖金",
        (Lang::Zh, "advanced") => "先进班级",
        (Lang::Zh, m) => m,
    }
}

/// A rate as `61.2%`, `-` when nothing was due.
fn percent(v: &Value) -> String {
    match v {
        Value::Rate { rate: Some(r), .. } => format!("{:.1}%", r * 100.0),
        _ => "-".to_owned(),
    }
}

/// The roll-up's two tables: the schools (furthest behind first) and their rules.
pub fn tables(r: &Rollup, lang: Lang) -> Vec<Table> {
    let l = |en: &str, zh: &str| lang.pick(en, zh).to_owned();
    let schools = Table {
        name: l("schools", "学校"),
        title: None,
        headers: vec![
            l("school", "学校"),
            l("plans", "方案"),
            l("children", "学生数"),
            l("compliance", "完成率"),
            l("met", "按时"),
            l("late", "迟办"),
            l("overdue", "逾期未办"),
            l("open", "未到期"),
            l("pairing gaps", "结对缺口"),
            l("filing rate", "建档率"),
            l("budget (yuan)", "预算（元）"),
            l("errors", "错误"),
            l("not evaluated", "未评估"),
        ],
        rows: r.schools.iter().map(school_cells).collect(),
    };
    let rules = Table {
        name: l("rules", "规则"),
        title: None,
        headers: vec![
            l("school", "学校"),
            l("plan", "方案"),
            l("rule", "规则"),
            l("measure", "指标"),
            l("figure", "数值"),
            l("met", "按时"),
            l("late", "迟办"),
            l("overdue", "逾期未办"),
            l("open", "未到期"),
        ],
        rows: r
            .rules
            .iter()
            .map(|x| {
                let c = x.counts;
                vec![
                    Cell::from(school_name(&x.school)),
                    Cell::from(x.plan.as_str()),
                    Cell::from(rule_name(x, lang)),
                    Cell::from(measure_word(&x.measure, lang)),
                    Cell::from(value_text(&x.value, lang)),
                    c.map_or(Cell::Empty, |c| Cell::Int(c.met as i64)),
                    c.map_or(Cell::Empty, |c| Cell::Int(c.late as i64)),
                    c.map_or(Cell::Empty, |c| Cell::Int(c.missed as i64)),
                    c.map_or(Cell::Empty, |c| Cell::Int(c.open as i64)),
                ]
            })
            .collect(),
    };
    let findings = Table {
        name: super::tables::findings_name(lang).to_owned(),
        title: None,
        headers: vec![
            l("severity", "级别"),
            l("file", "文件"),
            l("line", "行"),
            l("column", "列"),
            l("message", "说明"),
        ],
        rows: r
            .findings
            .iter()
            .map(|f| {
                vec![
                    Cell::from(match f.severity {
                        crate::records::Severity::Error => l("error", "错误"),
                        crate::records::Severity::Warning => l("warning", "警告"),
                        crate::records::Severity::Note => l("note", "提示"),
                    }),
                    Cell::from(f.file.as_str()),
                    f.line.map_or(Cell::Empty, |n| Cell::Int(n as i64)),
                    Cell::from(f.column.clone()),
                    Cell::from(f.message_in(lang)),
                ]
            })
            .collect(),
    };
    vec![schools, rules, findings]
}

fn school_cells(s: &SchoolRow) -> Vec<Cell> {
    let c = s.counts;
    vec![
        Cell::from(school_name(&s.school)),
        Cell::from(s.plans.join(", ")),
        Cell::Int(s.children as i64),
        match s.compliance {
            Value::Rate { rate: Some(r), .. } => Cell::Num((r * 10_000.0).round() / 10_000.0),
            _ => Cell::Empty,
        },
        Cell::Int(c.met as i64),
        Cell::Int(c.late as i64),
        Cell::Int(c.missed as i64),
        Cell::Int(c.open as i64),
        Cell::Int(s.pairing_gaps as i64),
        match &s.filing {
            Some(Value::Rate { rate: Some(r), .. }) => Cell::Num((r * 10_000.0).round() / 10_000.0),
            _ => Cell::Empty,
        },
        Cell::Fen(s.budget_fen),
        Cell::Int(s.errors as i64),
        Cell::from(s.failed.join("; ")),
    ]
}

/// The roll-up as pretty JSON (the [`Rollup`] fields, in order).
pub fn json(r: &Rollup) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}

/// The roll-up as text for a bureau: the county's totals, the schools furthest behind first,
/// each school's rules, the county's findings.
pub fn text(r: &Rollup, lang: Lang) -> String {
    let l = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let mut out = String::new();
    let county = lang.given(&r.county, r.county_zh.as_deref());
    out.push_str(&match lang {
        Lang::En => format!("County roll-up: {county}, as of {}\n", r.as_of),
        Lang::Zh => format!("县级汇总：{county}（截至 {}）\n", r.as_of),
    });
    out.push_str(&match lang {
        Lang::En => format!(
            "{} schools, {} children, budget {} yuan\n\n",
            r.schools.len(),
            r.children,
            yuan(r.budget_fen)
        ),
        Lang::Zh => format!(
            "{} 所学校，{} 名学生，预算 {} 元\n\n",
            r.schools.len(),
            r.children,
            yuan(r.budget_fen)
        ),
    });
    out.push_str(l(
        "Schools, furthest behind first\n",
        "各校（完成率最低的在前）\n",
    ));
    let heads = [
        l("school", "学校"),
        l("children", "学生数"),
        l("compliance", "完成率"),
        l("overdue", "逾期未办"),
        l("open", "未到期"),
        l("pairing gaps", "结对缺口"),
        l("filing", "建档率"),
        l("budget (yuan)", "预算（元）"),
        l("errors", "错误"),
    ];
    let rows: Vec<Vec<String>> = r
        .schools
        .iter()
        .map(|s| {
            vec![
                school_name(&s.school).to_owned(),
                s.children.to_string(),
                percent(&s.compliance),
                s.counts.missed.to_string(),
                s.counts.open.to_string(),
                s.pairing_gaps.to_string(),
                s.filing.as_ref().map_or_else(|| "-".to_owned(), percent),
                yuan(s.budget_fen),
                s.errors.to_string(),
            ]
        })
        .collect();
    grid(&mut out, &heads, &rows);
    for s in &r.schools {
        if !s.failed.is_empty() {
            out.push_str(&format!(
                "{} {}: {}\n",
                l("not evaluated:", "未评估："),
                school_name(&s.school),
                s.failed.join("; ")
            ));
        }
    }
    out.push('\n');
    let heading = l("Rules per school\n", "各校各规则\n");
    let heads = [
        l("school", "学校"),
        l("plan", "方案"),
        l("rule", "规则"),
        l("figure", "数值"),
        l("overdue", "逾期未办"),
        l("open", "未到期"),
    ];
    let rows: Vec<Vec<String>> = r
        .rules
        .iter()
        // The budget is the schools' column; a plan's own money is its `prizes` and `helpers`.
        .filter(|x| x.rule != "budget")
        .map(|x| {
            let name = match (x.measure.as_str(), lang) {
                ("" | "compliance", _) => rule_name(x, lang).to_owned(),
                (m, Lang::En) => format!("{} ({m})", rule_name(x, lang)),
                (m, Lang::Zh) => format!("{}（{}）", rule_name(x, lang), measure_word(m, lang)),
            };
            vec![
                school_name(&x.school).to_owned(),
                x.plan.clone(),
                name,
                value_text(&x.value, lang),
                x.counts.map_or_else(String::new, |c| c.missed.to_string()),
                x.counts.map_or_else(String::new, |c| c.open.to_string()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str(heading);
        grid(&mut out, &heads, &rows);
        out.push('\n');
    }
    if r.findings.is_empty() {
        out.push_str(l(
            "No problems in the county's files outside the schools' reports.\n",
            "各校报告之外，县级文件没有问题。\n",
        ));
    } else {
        out.push_str(&match lang {
            Lang::En => format!(
                "Findings of the county's files outside the schools' reports ({}):\n",
                r.findings.len()
            ),
            Lang::Zh => format!("各校报告之外的县级文件问题（{} 条）：\n", r.findings.len()),
        });
        for f in &r.findings {
            out.push_str(&f.text(lang));
            out.push('\n');
        }
    }
    out
}

/// Writes `rows` under `heads` in columns (numbers right-aligned, text left-aligned).
fn grid(out: &mut String, heads: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = heads.iter().map(|h| h.width()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let numeric = |i: usize| {
        rows.iter().all(|r| {
            r.get(i).is_none_or(|c| {
                c.is_empty()
                    || c == "-"
                    || c.trim_end_matches('%')
                        .replace(['.', ',', '-'], "")
                        .chars()
                        .all(|x| x.is_ascii_digit())
            })
        })
    };
    let line = |cells: &mut dyn Iterator<Item = (usize, &str)>| -> String {
        let mut s = String::new();
        for (i, c) in cells {
            if i > 0 {
                s.push_str("  ");
            }
            if numeric(i) {
                s.push_str(&rpad(c, widths[i]));
            } else {
                s.push_str(&pad(c, widths[i]));
            }
        }
        format!("{}\n", s.trim_end())
    };
    out.push_str(&line(&mut heads.iter().copied().enumerate()));
    for r in rows {
        out.push_str(&line(&mut r.iter().map(String::as_str).enumerate()));
    }
}
