//! The text report for a head teacher: compliance per rule, the overdue list, points and
//! prizes per child, helper pay and totals in yuan, findings.

use super::{ObligationFilter, yuan};
use crate::eval::Decision;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Pads `s` with spaces to `width` display cells (Chinese characters take two).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// Renders the decision as plain text; obligation rows per `filter` (the summary is always
/// shown).
pub fn render(d: &Decision, filter: ObligationFilter) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} ({})", d.policy_name, d.policy);
    let _ = writeln!(
        o,
        "Academic year {} · as of {} · roster of {}",
        d.year, d.as_of, d.assessment_day
    );
    if d.provisional {
        let _ = writeln!(
            o,
            "PROVISIONAL: the year's final exam does not count yet; figures may change"
        );
    }

    if !d.obligation_summary.is_empty() {
        let _ = writeln!(o, "\nObligations");
        let w = d
            .obligation_summary
            .keys()
            .map(|k| k.width())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            o,
            "  {} {:>6} {:>6} {:>8} {:>6} {:>7} {:>11}",
            pad("rule", w),
            "met",
            "late",
            "partial",
            "open",
            "missed",
            "compliance"
        );
        for (rule, c) in &d.obligation_summary {
            let rate = c
                .compliance_rate
                .map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0));
            let _ = writeln!(
                o,
                "  {} {:>6} {:>6} {:>8} {:>6} {:>7} {:>11}",
                pad(rule, w),
                c.met,
                c.late,
                c.partial,
                c.open,
                c.missed,
                rate
            );
        }
        let rows: Vec<_> = d.obligations.iter().filter(|r| filter.keeps(r)).collect();
        if filter != ObligationFilter::None {
            let title = if filter == ObligationFilter::Overdue {
                "Overdue"
            } else {
                "Windows"
            };
            let _ = writeln!(o, "\n{title}: {}", rows.len());
            let names: std::collections::HashMap<&str, &str> = d
                .students
                .iter()
                .map(|s| (s.student_id.as_str(), s.name.as_str()))
                .collect();
            for r in rows {
                let due = r.due.map(|d| format!(", due {d}")).unwrap_or_default();
                let contact = r
                    .contact_date
                    .map(|d| format!(", contact {d}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "  {} {} {} {}  {} to {}  {}{due}{contact}",
                    pad(&r.class, 6),
                    pad(&r.student_id, 8),
                    pad(names.get(r.student_id.as_str()).copied().unwrap_or(""), 8),
                    r.rule,
                    r.window_start,
                    r.window_end,
                    r.status.as_str()
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
            "\nStudents: ranks (base / first term / final), points, prizes"
        );
        for class in &d.classes {
            let head = class
                .head_teacher
                .as_deref()
                .map(|h| format!(", head teacher {h}"))
                .unwrap_or_default();
            let _ = writeln!(o, "  class {}{head}", class.class);
            let _ = writeln!(
                o,
                "    {} {} {:>4} {:>5} {:>5} {:>6}  {} {:>8}",
                pad("id", 8),
                pad("name", 8),
                "base",
                "first",
                "final",
                "points",
                pad("prizes", 34),
                "yuan"
            );
            for s in d.students.iter().filter(|s| s.class == class.class) {
                if s.points.is_none() && s.awards.is_empty() {
                    continue;
                }
                let prizes: Vec<&str> = s.awards.iter().map(|a| a.award.as_str()).collect();
                let _ = writeln!(
                    o,
                    "    {} {} {:>4} {:>5} {:>5} {:>6}  {} {:>8}",
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
            let _ = writeln!(
                o,
                "    class total: {} children assessed, {} points ({} unpaid), prizes {} yuan, helper pay {} yuan",
                class.assessed,
                class.points,
                class.unpaid_points,
                yuan(class.student_awards_fen),
                yuan(class.helper_awards_fen)
            );
        }
    }

    if !d.helpers.is_empty() {
        let _ = writeln!(o, "\nHelper pay");
        let _ = writeln!(
            o,
            "  {} {} {:>8} {:>8} {:>9}",
            pad("id", 8),
            pad("name", 8),
            "children",
            "points",
            "yuan"
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
        }
    }

    if assessed || !d.helpers.is_empty() {
        let t = &d.totals;
        let _ = writeln!(o, "\nTotals");
        let _ = writeln!(o, "  points          {:>10}", t.points);
        if t.unpaid_points > 0 {
            let _ = writeln!(o, "  unpaid points   {:>10}", t.unpaid_points);
        }
        let _ = writeln!(
            o,
            "  student prizes  {:>10} yuan",
            yuan(t.student_awards_fen)
        );
        let _ = writeln!(
            o,
            "  helper pay      {:>10} yuan",
            yuan(t.helper_awards_fen)
        );
        let _ = writeln!(o, "  total           {:>10} yuan", yuan(t.total_fen));
    }

    if d.findings.is_empty() {
        let _ = writeln!(o, "\nFindings: none");
    } else {
        let errors = d
            .findings
            .iter()
            .filter(|f| f.severity == crate::records::Severity::Error)
            .count();
        let _ = writeln!(
            o,
            "\nFindings: {} ({errors} errors, {} warnings)",
            d.findings.len(),
            d.findings.len() - errors
        );
        for f in &d.findings {
            let _ = writeln!(o, "  {f}");
        }
    }
    o
}
