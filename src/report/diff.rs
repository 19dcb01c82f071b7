//! Renderers of a [`DecisionDiff`]: text, JSON and Markdown (for a meeting note).

use super::outcomes;
use super::yuan;
use crate::diff::{Change, DecisionDiff, OutcomeChange};
use crate::eval::outcome::{State, Value};
use crate::lang::Lang;
use std::fmt::Write;

fn signed_yuan(fen: i64) -> String {
    if fen > 0 {
        format!("+{}", yuan(fen))
    } else {
        yuan(fen)
    }
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
    if !d.edits.is_empty() {
        let _ = writeln!(o, "--set {}", d.edits.join(" --set "));
    }
    if d.is_empty() {
        let _ = writeln!(o, "{}", l("no change", "没有变化"));
        return o;
    }
    let t = &d.totals;
    let money = [
        &t.total_fen,
        &t.student_awards_fen,
        &t.helper_awards_fen,
        &t.points,
    ];
    // A plan without points or money (Plans 1–4) has no totals to show.
    if money.iter().any(|c| c.base != 0 || c.alt != 0) {
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
    }
    if !d.outcomes.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(o, "Outcomes ({} changed)", d.outcomes.len()),
            Lang::Zh => writeln!(o, "结果（{} 项有变化）", d.outcomes.len()),
        };
        for c in &d.outcomes {
            let _ = writeln!(o, "  {}", change_line(c, &d.rule_names, lang));
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
    if !d.edits.is_empty() {
        let edits: Vec<String> = d.edits.iter().map(|e| format!("`{e}`")).collect();
        let _ = writeln!(o, "--set {}\n", edits.join(", "));
    }
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
    if !d.outcomes.is_empty() {
        let _ = writeln!(
            o,
            "\n### {} ({})\n\n| {} |\n|---|---|---|---|---|---|",
            l("Outcomes that change", "有变化的结果"),
            d.outcomes.len(),
            l(
                "rule | subject | period | base | alternative | change",
                "规则 | 对象 | 时段 | 现方案 | 备选方案 | 变化"
            )
        );
        for c in &d.outcomes {
            let _ = writeln!(
                o,
                "| `{}` | {} | {} | {} | {} | {} |",
                outcomes::rule_text(&d.rule_names, &c.rule, &c.measure, lang),
                outcomes::subject_text(&c.subject, lang),
                outcomes::period_text(&c.period, lang),
                side(c.status.base, c.value.base.as_ref(), lang),
                side(c.status.alt, c.value.alt.as_ref(), lang),
                c.delta
                    .as_ref()
                    .map(outcomes::delta_text)
                    .unwrap_or_default()
            );
        }
    }
    o
}

/// One side of a change: status and value (`-` when the outcome is not in that decision).
pub fn side(status: Option<State>, value: Option<&Value>, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(s) = status {
        parts.push(outcomes::state_text(s, lang).to_owned());
    }
    if let Some(v) = value {
        parts.push(outcomes::value_text(v, lang));
    }
    if parts.is_empty() {
        "-".to_owned()
    } else {
        parts.join(lang.pick("; ", "；"))
    }
}

/// One changed outcome: `rule measure — subject, period: base → alt (delta)`, and the reason
/// when only it changed.
fn change_line(c: &OutcomeChange, names: &crate::policy::RuleNames, lang: Lang) -> String {
    let mut text = format!(
        "{} — {}, {}: {} → {}",
        outcomes::rule_text(names, &c.rule, &c.measure, lang),
        outcomes::subject_text(&c.subject, lang),
        outcomes::period_text(&c.period, lang),
        side(c.status.base, c.value.base.as_ref(), lang),
        side(c.status.alt, c.value.alt.as_ref(), lang),
    );
    if let (Some(d), true) = (&c.delta, c.value.changed()) {
        text.push_str(&format!(" ({})", outcomes::delta_text(d)));
    }
    if !c.status.changed() && !c.value.changed() {
        let r = |r: &Option<crate::eval::outcome::Reason>| {
            r.as_ref()
                .map(|r| outcomes::reason_text(r, lang))
                .unwrap_or_default()
        };
        text.push_str(&format!(": {} → {}", r(&c.reason.base), r(&c.reason.alt)));
    }
    text
}
