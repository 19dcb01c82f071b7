//! Renderers of a [`DecisionDiff`]: text, JSON and Markdown (for a meeting note).

use super::yuan;
use crate::diff::{Change, DecisionDiff};
use crate::lang::Lang;
use std::fmt::Write;

fn signed_yuan(fen: i64) -> String {
    if fen > 0 {
        format!("+{}", yuan(fen))
    } else {
        yuan(fen)
    }
}

fn opt_points(p: Option<i64>) -> String {
    p.map_or_else(|| "-".to_owned(), |p| p.to_string())
}

fn money_line(label: &str, c: &Change<i64>, lang: Lang) -> String {
    format!(
        "{label}: {} → {} {} ({})",
        yuan(c.base),
        yuan(c.alt),
        lang.pick("yuan", "元"),
        signed_yuan(c.delta())
    )
}

/// Plain-text diff in `lang`. Only what changed is listed; totals always.
pub fn text(d: &DecisionDiff, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    let mut o = String::new();
    if d.policy.changed() {
        let _ = writeln!(o, "{} → {}", d.policy.base, d.policy.alt);
    }
    if d.is_empty() {
        let _ = writeln!(o, "{}", l("no change", "没有变化"));
        return o;
    }
    let t = &d.totals;
    let _ = writeln!(o, "{}", l("Totals", "合计"));
    let _ = writeln!(
        o,
        "  {}",
        money_line(l("budget", "预算"), &t.total_fen, lang)
    );
    let _ = writeln!(
        o,
        "  {}",
        money_line(l("student prizes", "学生奖金"), &t.student_awards_fen, lang)
    );
    let _ = writeln!(
        o,
        "  {}",
        money_line(l("helper pay", "帮扶奖金"), &t.helper_awards_fen, lang)
    );
    let _ = writeln!(
        o,
        "  {}: {} → {} ({:+})",
        l("points", "积分"),
        t.points.base,
        t.points.alt,
        t.points.delta()
    );
    if !d.tier_counts.is_empty() {
        let _ = writeln!(o, "{}", l("Prize tiers (winners)", "奖项（获奖人数）"));
        for (tier, c) in &d.tier_counts {
            let _ = writeln!(o, "  {tier}: {} → {}", c.base, c.alt);
        }
    }
    if !d.obligation_counts.is_empty() {
        let _ = writeln!(o, "{}", l("Obligations", "联系义务"));
        for (rule, counts) in &d.obligation_counts {
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, c)| format!("{} {} → {}", status_key(k, lang), c.base, c.alt))
                .collect();
            let _ = writeln!(o, "  {rule}: {}", parts.join(", "));
        }
    }
    if !d.students.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(o, "Students ({} changed)", d.students.len()),
            Lang::Zh => writeln!(o, "学生（{} 人有变化）", d.students.len()),
        };
        for s in &d.students {
            let mut parts = Vec::new();
            if s.points.changed() {
                parts.push(format!(
                    "{} {} → {}",
                    l("points", "积分"),
                    opt_points(s.points.base),
                    opt_points(s.points.alt)
                ));
            }
            if s.awards.changed() {
                parts.push(format!(
                    "{} [{}] → [{}]",
                    l("prizes", "奖项"),
                    s.awards.base.join(", "),
                    s.awards.alt.join(", ")
                ));
            }
            if s.awards_fen.changed() {
                parts.push(format!(
                    "{} → {} {}",
                    yuan(s.awards_fen.base),
                    yuan(s.awards_fen.alt),
                    l("yuan", "元")
                ));
            }
            let _ = writeln!(
                o,
                "  {} {} ({}): {}",
                s.student_id,
                s.name,
                s.class,
                parts.join("; ")
            );
        }
    }
    if !d.helpers.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(o, "Helpers ({} changed)", d.helpers.len()),
            Lang::Zh => writeln!(o, "帮扶人（{} 人有变化）", d.helpers.len()),
        };
        for h in &d.helpers {
            let _ = writeln!(
                o,
                "  {} {}: {} {} → {}, {} {} → {} {} ({})",
                h.helper_id,
                h.name,
                l("points", "积分"),
                h.points.base,
                h.points.alt,
                l("pay", "奖金"),
                yuan(h.amount_fen.base),
                yuan(h.amount_fen.alt),
                l("yuan", "元"),
                signed_yuan(h.amount_fen.delta())
            );
        }
    }
    if !d.obligations.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(o, "Obligation windows ({} changed)", d.obligations.len()),
            Lang::Zh => writeln!(o, "联系时段（{} 个有变化）", d.obligations.len()),
        };
        for c in &d.obligations {
            let st = |s: Option<crate::eval::Status>| {
                s.map_or("-", |s| super::text::status_word(s, lang))
            };
            let _ = writeln!(
                o,
                "  {} {} {} to {}: {} → {}",
                c.rule,
                c.student_id,
                c.window_start,
                c.window_end,
                st(c.status.base),
                st(c.status.alt)
            );
        }
    }
    if d.findings.changed() {
        let _ = writeln!(
            o,
            "{}: {} → {}",
            l("Findings", "数据问题"),
            d.findings.base,
            d.findings.alt
        );
    }
    for f in &d.findings_added {
        let _ = writeln!(o, "  + {f}");
    }
    o
}

/// The diff as pretty JSON (struct order, sorted maps: byte-stable).
pub fn json(d: &DecisionDiff) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_default();
    s.push('\n');
    s
}

/// A Markdown summary in `lang` for pasting into a meeting note.
pub fn markdown(d: &DecisionDiff, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "## {}: `{}` → `{}`\n",
        l("What-if", "方案比较"),
        d.policy.base,
        d.policy.alt
    );
    let t = &d.totals;
    let _ = writeln!(
        o,
        "| | {} | {} | {} |\n|---|---:|---:|---:|",
        l("base", "现方案"),
        l("alternative", "备选方案"),
        l("change", "变化")
    );
    for (label, c) in [
        (l("Budget (yuan)", "预算（元）"), &t.total_fen),
        (
            l("Student prizes (yuan)", "学生奖金（元）"),
            &t.student_awards_fen,
        ),
        (
            l("Helper pay (yuan)", "帮扶奖金（元）"),
            &t.helper_awards_fen,
        ),
    ] {
        let _ = writeln!(
            o,
            "| {label} | {} | {} | {} |",
            yuan(c.base),
            yuan(c.alt),
            signed_yuan(c.delta())
        );
    }
    let _ = writeln!(
        o,
        "| {} | {} | {} | {:+} |",
        l("Points", "积分"),
        t.points.base,
        t.points.alt,
        t.points.delta()
    );
    if !d.tier_counts.is_empty() {
        let _ = writeln!(
            o,
            "\n### Prize tiers (winners)\n\n| tier | base | alternative |\n|---|---:|---:|"
        );
        for (tier, c) in &d.tier_counts {
            let _ = writeln!(o, "| `{tier}` | {} | {} |", c.base, c.alt);
        }
    }
    if !d.students.is_empty() {
        let _ = writeln!(
            o,
            "\n### {}\n\n| {} |\n|---|---|---|---|---|",
            l("Students", "学生"),
            l(
                "id | name | class | points | prizes (yuan)",
                "学号 | 姓名 | 班级 | 积分 | 奖金（元）"
            )
        );
        for s in &d.students {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} → {} | {} → {} |",
                s.student_id,
                s.name,
                s.class,
                opt_points(s.points.base),
                opt_points(s.points.alt),
                yuan(s.awards_fen.base),
                yuan(s.awards_fen.alt)
            );
        }
    }
    if !d.helpers.is_empty() {
        let _ = writeln!(
            o,
            "\n### {}\n\n| {} |\n|---|---|---|---|",
            l("Helpers", "帮扶人"),
            l(
                "id | name | points | pay (yuan)",
                "编号 | 姓名 | 积分 | 奖金（元）"
            )
        );
        for h in &d.helpers {
            let _ = writeln!(
                o,
                "| {} | {} | {} → {} | {} → {} |",
                h.helper_id,
                h.name,
                h.points.base,
                h.points.alt,
                yuan(h.amount_fen.base),
                yuan(h.amount_fen.alt)
            );
        }
    }
    if !d.obligation_counts.is_empty() {
        let _ = writeln!(o, "\n### {}\n", l("Obligations", "联系义务"));
        for (rule, counts) in &d.obligation_counts {
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, c)| format!("{} {} → {}", status_key(k, lang), c.base, c.alt))
                .collect();
            let _ = writeln!(o, "- `{rule}`: {}", parts.join(", "));
        }
    }
    o
}

/// A status count's name (`met`, `late` …) in `lang`.
fn status_key(key: &str, lang: Lang) -> &str {
    use crate::eval::Status;
    let status = match key {
        "met" => Status::Met,
        "late" => Status::Late,
        "partial" => Status::Partial,
        "open" => Status::Open,
        "missed" => Status::Missed,
        other => return other,
    };
    super::text::status_word(status, lang)
}
