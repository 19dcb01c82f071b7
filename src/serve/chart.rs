//! The overview's chart, drawn on the server as inline SVG (no script, no chart library):
//! compliance per rule per month of the academic year.
//!
//! A window counts in the month of its last day (a week ending on Sunday 2025-11-02 counts in
//! November, a quarter in its last month), and only windows that are `met`, `late` or
//! `missed` count: compliance = (met + late) / (met + late + missed), the rate of the text
//! report, month by month.

use crate::eval::{Decision, Status};
use crate::lang::Lang;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One line of the chart: a rule and, per month of the axis, `(met + late, met + late + missed)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Rule id.
    pub rule: String,
    /// Per month of [`Chart::months`]: done and counted windows (none counted: `(0, 0)`).
    pub counts: Vec<(u32, u32)>,
}

/// The months of the year up to the as-of date and a series per windowed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// `(year, month)` from the year's first month to the as-of date's month (or the year's
    /// last month, when that is earlier).
    pub months: Vec<(i32, u32)>,
    /// Obligations first, then activity duties, each by rule id.
    pub series: Vec<Series>,
}

/// Colours of the lines, told apart by people with the common colour-vision deficiencies
/// (Okabe–Ito).
const COLOURS: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000",
];

fn month_index(months: &[(i32, u32)], day: NaiveDate) -> Option<usize> {
    months
        .iter()
        .position(|&(y, m)| y == day.year() && m == day.month())
}

impl Chart {
    /// The chart of a decision whose academic year runs `start` to `end`.
    pub fn of(d: &Decision, start: NaiveDate, end: NaiveDate) -> Chart {
        let last = d.as_of.min(end);
        let mut months = Vec::new();
        let (mut y, mut m) = (start.year(), start.month());
        while (y, m) <= (last.year(), last.month()) {
            months.push((y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        let mut by_rule: BTreeMap<(u8, String), Vec<(u32, u32)>> = BTreeMap::new();
        let mut add = |order: u8, rule: &str, end: NaiveDate, status: Status| {
            let counts = by_rule
                .entry((order, rule.to_owned()))
                .or_insert_with(|| vec![(0, 0); months.len()]);
            let Some(i) = month_index(&months, end) else {
                return;
            };
            match status {
                Status::Met | Status::Late => {
                    counts[i].0 += 1;
                    counts[i].1 += 1;
                }
                Status::Missed => counts[i].1 += 1,
                Status::Open | Status::Partial => {}
            }
        };
        for r in &d.obligations {
            add(0, &r.rule, r.window_end, r.status);
        }
        for r in &d.activities {
            add(1, &r.rule, r.window_end, r.status);
        }
        // Rules in the order the decision's rows name them (by rule id), obligations first.
        let mut order: Vec<(u8, String)> = Vec::new();
        for r in &d.obligations {
            if !order.iter().any(|(o, id)| *o == 0 && id == &r.rule) {
                order.push((0, r.rule.clone()));
            }
        }
        for r in &d.activities {
            if !order.iter().any(|(o, id)| *o == 1 && id == &r.rule) {
                order.push((1, r.rule.clone()));
            }
        }
        let series = order
            .into_iter()
            .filter_map(|k| {
                by_rule
                    .remove(&k)
                    .map(|counts| Series { rule: k.1, counts })
            })
            .collect();
        Chart { months, series }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty() || self.months.is_empty()
    }

    /// The chart as an `<svg>` element: a line per rule through the months where windows
    /// closed, a dot per such month with its figure as a tooltip, a legend.
    pub fn svg(&self, lang: Lang) -> String {
        const W: f64 = 760.0;
        const LEFT: f64 = 44.0;
        const RIGHT: f64 = 16.0;
        const TOP: f64 = 12.0;
        const PLOT_H: f64 = 180.0;
        let legend_rows = self.series.len().div_ceil(3).max(1);
        let h = TOP + PLOT_H + 40.0 + 20.0 * legend_rows as f64 + 8.0;
        let n = self.months.len().max(1);
        let step = (W - LEFT - RIGHT) / n as f64;
        let x = |i: usize| LEFT + step * (i as f64 + 0.5);
        let y = |rate: f64| TOP + PLOT_H * (1.0 - rate);
        let mut o = String::new();
        let _ = write!(
            o,
            r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
            lang.pick("compliance per rule by month", "各规则每月完成率")
        );
        for pct in [0u32, 25, 50, 75, 100] {
            let yy = y(f64::from(pct) / 100.0);
            let _ = write!(
                o,
                r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{yy}" y2="{yy}"/><text class="axis" x="{}" y="{}" text-anchor="end">{pct}%</text>"#,
                W - RIGHT,
                LEFT - 6.0,
                yy + 4.0
            );
        }
        for (i, &(yr, m)) in self.months.iter().enumerate() {
            let label = match lang {
                Lang::En => {
                    const NAMES: [&str; 12] = [
                        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec",
                    ];
                    NAMES[(m - 1) as usize].to_owned()
                }
                Lang::Zh => format!("{m}月"),
            };
            let year = if i == 0 || m == 1 {
                format!(r#"<tspan x="{}" dy="13">{yr}</tspan>"#, x(i))
            } else {
                String::new()
            };
            let _ = write!(
                o,
                r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{label}{year}</text>"#,
                x(i),
                TOP + PLOT_H + 16.0
            );
        }
        for (k, s) in self.series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            // One line through the months with a figure (a quarterly rule has one a quarter).
            let pts: Vec<String> = s
                .counts
                .iter()
                .enumerate()
                .filter(|(_, c)| c.1 > 0)
                .map(|(i, &(done, of))| {
                    format!("{:.1},{:.1}", x(i), y(f64::from(done) / f64::from(of)))
                })
                .collect();
            if pts.len() > 1 {
                let _ = write!(
                    o,
                    r#"<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{}"/>"#,
                    pts.join(" ")
                );
            }
            // Later lines draw smaller dots, so dots of two rules on one figure both show.
            let radius = (5.5 - 0.8 * k as f64).max(2.5);
            for (i, &(done, of)) in s.counts.iter().enumerate() {
                if of == 0 {
                    continue;
                }
                let rate = f64::from(done) / f64::from(of);
                let (yr, m) = self.months[i];
                let _ = write!(
                    o,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" fill="{colour}" stroke="white" stroke-width="1"><title>{} {yr}-{m:02}: {:.1}% ({done}/{of})</title></circle>"#,
                    x(i),
                    y(rate),
                    escape(&s.rule),
                    rate * 100.0
                );
            }
            let (col, row) = (k % 3, k / 3);
            let lx = LEFT + col as f64 * 240.0;
            let ly = TOP + PLOT_H + 52.0 + row as f64 * 20.0;
            let _ = write!(
                o,
                r#"<rect x="{lx}" y="{}" width="14" height="4" fill="{colour}"/><text class="legend" x="{}" y="{ly}">{}</text>"#,
                ly - 5.0,
                lx + 20.0,
                escape(&s.rule)
            );
        }
        o.push_str("</svg>");
        o
    }
}

/// Text for SVG markup.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_figures_add_up_to_the_rules_counts() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let as_of = NaiveDate::from_ymd_opt(2026, 7, 31).expect("date");
        let run = crate::pipeline::Request::new(
            root.join("policies/class-hand-in-hand"),
            root.join("fixtures/realistic"),
            as_of,
        )
        .run()
        .expect("runs");
        let span = run
            .records
            .calendar
            .year_span("2025-2026")
            .expect("the year");
        let chart = Chart::of(&run.decision, span.start, span.end);
        // The year runs 2025-09-01 to 2026-07-10: September to December and January to July,
        // 4 + 7 = 11 months.
        assert_eq!(chart.months.len(), 11);
        assert_eq!(chart.months[0], (2025, 9));
        assert_eq!(chart.months[10], (2026, 7));
        // The plan's contact obligations, then its activities, in plan order.
        let rules: Vec<&str> = chart.series.iter().map(|s| s.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "monthly_parent_feedback",
                "regular_family_visit",
                "social_practice"
            ]
        );
        let s = &chart.series[0];
        assert_eq!(s.rule, "monthly_parent_feedback");
        // February 2026 holds no school day, so it is no window (fixtures/realistic/README.md).
        assert_eq!(s.counts[5], (0, 0));
        // README tally: met 387, late 0, missed 55 (partial and open do not count): the
        // months add up to (387 + 0) done of (387 + 0 + 55) = 442.
        let done: u32 = s.counts.iter().map(|c| c.0).sum();
        let of: u32 = s.counts.iter().map(|c| c.1).sum();
        assert_eq!((done, of), (387, 442));
        let svg = chart.svg(Lang::Zh);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // A dot per month with a figure: 10 for the parent feedback (every month but
        // February), 2 for the family visits (the terms end in January and July) and 1 for
        // social practice (the year's window ends in July): 13.
        assert_eq!(svg.matches("<circle").count(), 13);
        assert!(svg.contains(">9月<"), "month labels in Chinese");
    }
}
