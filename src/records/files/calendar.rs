//! Reading `calendar.csv`: terms, holidays and make-up workdays.

use crate::records::csv_file::{RowCx, Table};
use crate::records::value::term_academic_year;
use crate::records::{Calendar, DateSpan, Finding, Term};

/// Why a term's dates do not fit its label's academic year `A-B`, if they do not: a term
/// must lie within the calendar years A and B and last less than a year.
fn term_dates_misfit(year: &str, span: DateSpan) -> Option<String> {
    use chrono::Datelike;
    let (a, b) = year.split_once('-')?;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    if span.start.year() < a || span.end.year() > b {
        return Some(format!(
            "runs {} to {}, outside the years {a} and {b} of its label",
            span.start, span.end
        ));
    }
    if (span.end - span.start).num_days() >= 366 {
        return Some(format!(
            "runs {} to {}: longer than a year",
            span.start, span.end
        ));
    }
    None
}

/// Reads `calendar.csv`. Terms that overlap an earlier term, or repeat its label, are left out.
pub(in crate::records) fn read_calendar(t: &Table, findings: &mut Vec<Finding>) -> Calendar {
    let mut terms: Vec<(Term, usize)> = Vec::new();
    let mut holidays = Vec::new();
    let mut workdays = Vec::new();
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            continue;
        }
        let kind = cx.key("kind").to_lowercase();
        let start = cx.date("start");
        let end = cx.date("end");
        let label = cx.get("label");
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            cx.leave_out(Some("end"), format!("end {e} is before start {s}"));
        }
        let mut year = None;
        match kind.as_str() {
            "" | "holiday" | "workday" => {}
            "term" => {
                year = term_academic_year(label);
                if year.is_none() {
                    cx.leave_out(
                        Some("label"),
                        format!(
                            "term label `{label}` is not YYYY-YYYY-N with consecutive years \
                             (such as 2025-2026-1)"
                        ),
                    );
                }
            }
            other => cx.leave_out(
                Some("kind"),
                format!("unknown kind `{other}`, expected term, holiday or workday"),
            ),
        }
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if cx.bad {
            continue;
        }
        let span = DateSpan::new(start, end);
        if kind == "term"
            && let Some(year) = year
            && let Some(why) = term_dates_misfit(year, span)
        {
            cx.leave_out(Some("start"), format!("term `{label}` {why}"));
            continue;
        }
        match kind.as_str() {
            "term" => {
                if let Some((first, line)) = terms.iter().find(|(t, _)| t.label == label) {
                    let msg = format!("duplicate term `{}`, first on line {line}", first.label);
                    cx.leave_out(Some("label"), msg);
                } else if let Some((other, line)) = terms
                    .iter()
                    .find(|(t, _)| t.span.start <= end && start <= t.span.end)
                {
                    let msg = format!(
                        "term `{label}` overlaps term `{}` (line {line})",
                        other.label
                    );
                    cx.leave_out(Some("start"), msg);
                } else {
                    let term = Term {
                        label: label.to_owned(),
                        academic_year: year.unwrap_or_default().to_owned(),
                        span,
                    };
                    terms.push((term, cx.line()));
                }
            }
            "holiday" => holidays.push((span, label.to_owned())),
            _ => workdays.push(span),
        }
    }
    if terms.is_empty() {
        findings.push(t.finding(Finding::warning(
            &t.source.file,
            None,
            None,
            "no usable term, so there are no school days".to_owned(),
        )));
    }
    Calendar::new(
        terms.into_iter().map(|(t, _)| t).collect(),
        holidays,
        workdays,
    )
}
