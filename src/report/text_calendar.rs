//! The text report's section for the dated duties: birthday parties with their guests, letters
//! home grouped by occasion, festival days and milestones. Appears only when the decision has
//! dated duties. English or Chinese.

use super::ObligationFilter;
use super::text::{pad, rpad, status_word};
use crate::eval::calendar_rules::{CalendarResult, DatedRow};
use crate::eval::{Decision, Status};
use crate::lang::Lang;
use crate::policy::RuleNames;
use std::collections::BTreeMap;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// `95.35%`, or `-`.
fn pct(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:.2}%", r * 100.0))
}

fn keeps(filter: ObligationFilter, status: Status) -> bool {
    match filter {
        ObligationFilter::All => true,
        ObligationFilter::Overdue => status == Status::Missed,
        ObligationFilter::None => false,
    }
}

/// Appends the dated duties' section to `o`.
pub(crate) fn render(o: &mut String, d: &Decision, filter: ObligationFilter, lang: Lang) {
    let Some(c) = &d.calendar else { return };
    let l = |en, zh| lang.pick(en, zh);
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "\nDated duties ({} to {}, calendar days)",
            c.extent_start, c.extent_end
        ),
        Lang::Zh => writeln!(
            o,
            "\n定期事项（{} 至 {}，按自然日）",
            c.extent_start, c.extent_end
        ),
    };
    let w = c
        .summary
        .keys()
        .map(|k| d.rule_names.name(k, lang).width())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        o,
        "  {} {} {} {} {} {}",
        pad(l("rule", "规则"), w),
        rpad(l("done", "已办"), 6),
        rpad(l("partial", "部分在校"), 8),
        rpad(l("open", "进行中"), 6),
        rpad(l("missed", "未办"), 7),
        rpad(l("rate", "完成率"), 8)
    );
    for (rule, s) in &c.summary {
        let _ = writeln!(
            o,
            "  {} {:>6} {:>8} {:>6} {:>7} {:>8}",
            pad(d.rule_names.name(rule, lang), w),
            s.met,
            s.partial,
            s.open,
            s.missed,
            pct(s.compliance_rate)
        );
    }
    if filter == ObligationFilter::None {
        return;
    }
    let n = &d.rule_names;
    parties(o, c, n, lang);
    letters(o, c, n, filter, lang);
    dated(
        o,
        &c.festival_days,
        l("Festival days", "节日教育"),
        n,
        filter,
        lang,
    );
    dated(
        o,
        &c.milestones,
        l("Milestones", "阶段节点"),
        n,
        filter,
        lang,
    );
}

fn parties(o: &mut String, c: &CalendarResult, n: &RuleNames, lang: Lang) {
    if c.birthday_parties.is_empty() {
        return;
    }
    let l = |en, zh| lang.pick(en, zh);
    let _ = writeln!(o, "  {}", l("Birthday parties", "生日会"));
    let cw = c
        .birthday_parties
        .iter()
        .filter_map(|p| p.class.as_deref().map(UnicodeWidthStr::width))
        .max()
        .unwrap_or(3)
        .max(3);
    for p in &c.birthday_parties {
        let class = p.class.as_deref().unwrap_or(l("all", "全校"));
        let held = match p.date {
            Some(d) => format!("{} {d}", l("held", "举办日")),
            None => status_word(p.status, lang).to_owned(),
        };
        let guests: Vec<String> = p
            .guests
            .iter()
            .map(|g| format!("{} {} {}", g.student_id, g.name, g.birthday.format("%m-%d")))
            .collect();
        let _ = writeln!(
            o,
            "    {} {} {}  {} {}: {}",
            pad(n.name(&p.rule, lang), 4),
            pad(class, cw),
            p.month,
            pad(&held, 21),
            l("guests", "寿星"),
            guests.join(", ")
        );
    }
}

fn letters(
    o: &mut String,
    c: &CalendarResult,
    n: &RuleNames,
    filter: ObligationFilter,
    lang: Lang,
) {
    if c.letters.is_empty() {
        return;
    }
    let l = |en, zh| lang.pick(en, zh);
    let _ = writeln!(o, "  {}", l("Letters home", "家书"));
    // One line per rule, occasion and due day; elders' birthdays are one line per month.
    type Key<'a> = (&'a str, chrono::NaiveDate, &'a str, chrono::NaiveDate);
    let mut groups: BTreeMap<Key, BTreeMap<Status, Vec<&str>>> = BTreeMap::new();
    for r in &c.letters {
        groups
            .entry((&r.rule, r.window_end, &r.occasion, r.window_start))
            .or_default()
            .entry(r.status)
            .or_default()
            .push(&r.student_id);
    }
    for ((rule, due, occasion, start), by_status) in groups {
        let counts: Vec<String> = by_status
            .iter()
            .map(|(s, ids)| format!("{} {}", status_word(*s, lang), ids.len()))
            .collect();
        let _ = writeln!(
            o,
            "    {} {} {}  {} ~ {}  {}",
            pad(n.name(rule, lang), 4),
            pad(crate::lang::code_word(occasion, lang), 15),
            due,
            start,
            due,
            counts.join(", ")
        );
        for (s, ids) in by_status.iter().filter(|(s, _)| keeps(filter, **s)) {
            let _ = writeln!(o, "      {}: {}", status_word(*s, lang), ids.join(", "));
        }
    }
}

fn dated(
    o: &mut String,
    rows: &[DatedRow],
    title: &str,
    n: &RuleNames,
    filter: ObligationFilter,
    lang: Lang,
) {
    if rows.is_empty() {
        return;
    }
    let l = |en, zh| lang.pick(en, zh);
    let shown: Vec<&DatedRow> = rows.iter().filter(|r| keeps(filter, r.status)).collect();
    let _ = writeln!(o, "  {title}{}{}", l(": ", "："), shown.len());
    let w = rows
        .iter()
        .map(|r| n.name(&r.rule, lang).width())
        .max()
        .unwrap_or(4);
    for r in shown {
        let scope = match (&r.student_id, &r.class) {
            (Some(s), Some(c)) => format!("{c} {s}"),
            (Some(s), None) => s.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => l("all", "全体").to_owned(),
        };
        let held = r
            .date
            .map(|d| format!(", {} {d}", l("held", "举办日")))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "    {} {}  {} ~ {}  {}  {}{held}",
            pad(n.name(&r.rule, lang), w),
            r.day,
            r.window_start,
            r.window_end,
            pad(&scope, 8),
            status_word(r.status, lang)
        );
    }
}
