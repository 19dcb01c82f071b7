//! Dividing a child's points and money among its helpers (Plan 5 §6, second paragraph: "the
//! school head teacher divides them into actual assessment scores"): equally, or by the
//! calendar days each helper was paired with the child within the assessment year.
//!
//! Money is exact in fen: every helper gets the floor of its exact share, and the fen left over
//! go one each to the largest remainders (ties: the lowest id, plain string order), so the
//! shares always sum to the child's total.

use super::Ratio;
use crate::records::{DateSpan, Pairing};
use chrono::NaiveDate;

/// One helper's share of a child's points and money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Share {
    /// Points (exact fraction).
    pub points: Ratio,
    /// Fen.
    pub amount_fen: i64,
    /// Calendar days paired, for a split by days.
    pub days: Option<i64>,
}

/// Equal shares; `ids` sorted, the leftover fen one each to the first ones.
pub(crate) fn equal(points: i64, fen: i64, n: usize) -> Vec<Share> {
    let k = n as i64;
    let (base, extra) = (fen / k, fen % k);
    (0..n)
        .map(|i| Share {
            points: Ratio::new(points, k),
            amount_fen: base + i64::from((i as i64) < extra),
            days: None,
        })
        .collect()
}

/// Shares in proportion to `weights` (all positive), largest remainder; `ids` gives each
/// weight's helper id for ties (the lowest id first).
pub(crate) fn proportional(points: i64, fen: i64, ids: &[String], weights: &[i64]) -> Vec<Share> {
    let total: i64 = weights.iter().sum();
    if total <= 0 {
        return equal(points, fen, ids.len());
    }
    let mut amounts: Vec<i64> = weights.iter().map(|w| fen * w / total).collect();
    let left = fen - amounts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (fen * weights[*a] % total, fen * weights[*b] % total);
        rb.cmp(&ra).then_with(|| ids[*a].cmp(&ids[*b]))
    });
    for i in order.into_iter().take(left.max(0) as usize) {
        amounts[i] += 1;
    }
    weights
        .iter()
        .zip(amounts)
        .map(|(w, amount_fen)| Share {
            points: Ratio::new(points * w, total),
            amount_fen,
            days: Some(*w),
        })
        .collect()
}

/// Calendar days within `span` on which any of `mentor`'s pairings with `mentee` under
/// `scheme` is in force (overlapping rows count once).
pub(crate) fn paired_days(
    pairings: &[Pairing],
    scheme: &str,
    mentee: &str,
    mentor: &str,
    span: DateSpan,
) -> i64 {
    let mut ranges: Vec<(NaiveDate, NaiveDate)> = pairings
        .iter()
        .filter(|p| p.scheme == scheme && p.mentee_id == mentee && p.mentor_id == mentor)
        .filter_map(|p| {
            let start = p.start.max(span.start);
            let end = p.end.map_or(span.end, |e| e.min(span.end));
            (start <= end).then_some((start, end))
        })
        .collect();
    ranges.sort();
    let mut days = 0;
    let mut covered_to: Option<NaiveDate> = None;
    for (start, end) in ranges {
        let from = match covered_to {
            Some(c) if c >= start => c.succ_opt().unwrap_or(c),
            _ => start,
        };
        if from <= end {
            days += (end - from).num_days() + 1;
        }
        covered_to = Some(covered_to.map_or(end, |c| c.max(end)));
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_by_days() {
        // 5000 fen over 120 and 60 days: 3333.33 → 3333 (remainder 1/3), 1666.67 → 1666
        // (remainder 2/3); the one fen left goes to the larger remainder: 3333 + 1667 = 5000.
        let ids = ["A".to_owned(), "B".to_owned()];
        let s = proportional(50, 5000, &ids, &[120, 60]);
        assert_eq!(s[0].amount_fen, 3333);
        assert_eq!(s[1].amount_fen, 1667);
        assert_eq!(s[0].points, Ratio::new(100, 3));
        assert_eq!(s[1].points, Ratio::new(50, 3));
    }

    #[test]
    fn equal_remainders_go_to_the_lowest_id() {
        // 100 fen over 3 × 10 days: 33 each, remainders equal, the 1 fen left to "A".
        let ids = ["B".to_owned(), "A".to_owned(), "C".to_owned()];
        let s = proportional(1, 100, &ids, &[10, 10, 10]);
        let fen: Vec<i64> = s.iter().map(|s| s.amount_fen).collect();
        assert_eq!(fen, [33, 34, 33]);
    }

    #[test]
    fn overlapping_pairings_count_once() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let p = |start: &str, end: Option<&str>| Pairing {
            mentor_id: "M".into(),
            mentee_id: "C".into(),
            scheme: "s".into(),
            start: d(start),
            end: end.map(d),
            line: 2,
        };
        let rows = [p("2025-09-01", Some("2025-09-10")), p("2025-09-05", None)];
        let span = DateSpan::new(d("2025-09-01"), d("2025-09-30"));
        assert_eq!(paired_days(&rows, "s", "C", "M", span), 30);
    }
}
