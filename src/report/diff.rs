//! Renderers of a [`DecisionDiff`]: text, JSON and Markdown (for a meeting note).

use super::yuan;
use crate::diff::{Change, DecisionDiff};
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

fn money_line(label: &str, c: &Change<i64>) -> String {
    format!(
        "{label}: {} → {} yuan ({})",
        yuan(c.base),
        yuan(c.alt),
        signed_yuan(c.delta())
    )
}

/// Plain-text diff. Only what changed is listed; totals always.
pub fn text(d: &DecisionDiff) -> String {
    let mut o = String::new();
    if d.policy.changed() {
        let _ = writeln!(o, "{} → {}", d.policy.base, d.policy.alt);
    }
    if d.is_empty() {
        let _ = writeln!(o, "no change");
        return o;
    }
    let t = &d.totals;
    let _ = writeln!(o, "Totals");
    let _ = writeln!(o, "  {}", money_line("budget", &t.total_fen));
    let _ = writeln!(
        o,
        "  {}",
        money_line("student prizes", &t.student_awards_fen)
    );
    let _ = writeln!(o, "  {}", money_line("helper pay", &t.helper_awards_fen));
    let _ = writeln!(
        o,
        "  points: {} → {} ({:+})",
        t.points.base,
        t.points.alt,
        t.points.delta()
    );
    if !d.tier_counts.is_empty() {
        let _ = writeln!(o, "Prize tiers (winners)");
        for (tier, c) in &d.tier_counts {
            let _ = writeln!(o, "  {tier}: {} → {}", c.base, c.alt);
        }
    }
    if !d.obligation_counts.is_empty() {
        let _ = writeln!(o, "Obligations");
        for (rule, counts) in &d.obligation_counts {
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, c)| format!("{k} {} → {}", c.base, c.alt))
                .collect();
            let _ = writeln!(o, "  {rule}: {}", parts.join(", "));
        }
    }
    if !d.students.is_empty() {
        let _ = writeln!(o, "Students ({} changed)", d.students.len());
        for s in &d.students {
            let mut parts = Vec::new();
            if s.points.changed() {
                parts.push(format!(
                    "points {} → {}",
                    opt_points(s.points.base),
                    opt_points(s.points.alt)
                ));
            }
            if s.awards.changed() {
                parts.push(format!(
                    "prizes [{}] → [{}]",
                    s.awards.base.join(", "),
                    s.awards.alt.join(", ")
                ));
            }
            if s.awards_fen.changed() {
                parts.push(format!(
                    "{} → {} yuan",
                    yuan(s.awards_fen.base),
                    yuan(s.awards_fen.alt)
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
        let _ = writeln!(o, "Helpers ({} changed)", d.helpers.len());
        for h in &d.helpers {
            let _ = writeln!(
                o,
                "  {} {}: points {} → {}, pay {} → {} yuan ({})",
                h.helper_id,
                h.name,
                h.points.base,
                h.points.alt,
                yuan(h.amount_fen.base),
                yuan(h.amount_fen.alt),
                signed_yuan(h.amount_fen.delta())
            );
        }
    }
    if !d.obligations.is_empty() {
        let _ = writeln!(o, "Obligation windows ({} changed)", d.obligations.len());
        for c in &d.obligations {
            let st = |s: Option<crate::eval::Status>| s.map_or("-", |s| s.as_str());
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
        let _ = writeln!(o, "Findings: {} → {}", d.findings.base, d.findings.alt);
    }
    o
}

/// The diff as pretty JSON (struct order, sorted maps: byte-stable).
pub fn json(d: &DecisionDiff) -> String {
    let mut s = serde_json::to_string_pretty(d).unwrap_or_default();
    s.push('\n');
    s
}

/// A Markdown summary for pasting into a meeting note.
pub fn markdown(d: &DecisionDiff) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## What-if: `{}` → `{}`\n", d.policy.base, d.policy.alt);
    let t = &d.totals;
    let _ = writeln!(o, "| | base | alternative | change |\n|---|---:|---:|---:|");
    for (label, c) in [
        ("Budget (yuan)", &t.total_fen),
        ("Student prizes (yuan)", &t.student_awards_fen),
        ("Helper pay (yuan)", &t.helper_awards_fen),
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
        "| Points | {} | {} | {:+} |",
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
            "\n### Students\n\n| id | name | class | points | prizes (yuan) |\n|---|---|---|---|---|"
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
            "\n### Helpers\n\n| id | name | points | pay (yuan) |\n|---|---|---|---|"
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
        let _ = writeln!(o, "\n### Obligations\n");
        for (rule, counts) in &d.obligation_counts {
            let parts: Vec<String> = counts
                .iter()
                .map(|(k, c)| format!("{k} {} → {}", c.base, c.alt))
                .collect();
            let _ = writeln!(o, "- `{rule}`: {}", parts.join(", "));
        }
    }
    o
}
