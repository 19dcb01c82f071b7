//! The schedule as an iCalendar file (RFC 5545) a teacher can import into a calendar app.
//!
//! One all-day event per due item, on its due day (`DTSTART;VALUE=DATE`, `DTEND` the next
//! day). Each event's `UID` is the item's stable id, so importing a newer export updates the
//! events instead of duplicating them; `DTSTAMP` is the as-of date (midnight UTC), so a later
//! export is newer. Events carry the rule, the child's id, name and class, the window, the
//! status and who is responsible — never a phone number, an ID number or an address (no such
//! field of the records is read, and every text passes [`crate::privacy::mask_numbers`]).
//! Events are `CLASS:PRIVATE`: they concern minors.

use super::schedule::family_word;
use super::text::status_word;
use crate::lang::Lang;
use crate::privacy::mask_numbers;
use crate::schedule::{DueItem, Schedule};
use chrono::{Days, TimeZone, Utc};
use icalendar::{Calendar, Class, Component, Event, EventLike, Property};

fn summary(i: &DueItem, lang: Lang) -> String {
    let what = match (&i.occasion, i.family) {
        (Some(o), "letter") => format!("{} ({o})", i.rule),
        (Some(m), "birthday_party") => format!("{} {m}", i.rule),
        _ => i.rule.clone(),
    };
    let whom = match (&i.student_id, &i.name, &i.class) {
        (Some(id), Some(n), _) if !n.is_empty() => format!("{n} ({id})"),
        (Some(id), _, _) => id.clone(),
        (None, _, Some(c)) => c.clone(),
        (None, _, None) => lang.pick("school", "全校").to_owned(),
    };
    format!("{}: {what} · {whom}", family_word(i.family, lang))
}

fn description(i: &DueItem, s: &Schedule, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    let mut lines = vec![
        format!("{}: {}", l("rule", "规则"), i.rule),
        format!("{}: {}", l("seed", "依据"), i.seed),
        format!(
            "{}: {} ~ {}",
            l("window", "时段"),
            i.window_start,
            i.window_end
        ),
        format!(
            "{}: {}{} ({} {})",
            l("status", "状态"),
            status_word(i.status, lang),
            i.date.map(|d| format!(" {d}")).unwrap_or_default(),
            l("as of", "截至"),
            s.as_of
        ),
    ];
    if let Some(c) = &i.class {
        lines.push(format!("{}: {c}", l("class", "班级")));
    }
    if !i.guests.is_empty() {
        lines.push(format!("{}: {}", l("guests", "寿星"), i.guests.join(", ")));
    }
    let staff: Vec<String> = i
        .staff
        .iter()
        .map(|id| match s.staff.iter().find(|p| &p.id == id) {
            Some(p) if !p.name.is_empty() => format!("{id} {}", p.name),
            _ => id.clone(),
        })
        .collect();
    lines.push(format!(
        "{}: {}",
        l("responsible", "负责人"),
        if staff.is_empty() {
            l("school-wide", "全校").to_owned()
        } else {
            staff.join(", ")
        }
    ));
    lines.join("\n")
}

/// Renders the schedule's items as an iCalendar file (CRLF line ends, folded lines).
pub fn render(s: &Schedule, lang: Lang) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//careplan//schedule//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(&mask_numbers(&format!("{} ({})", s.policy_name, s.policy)));
    let stamp = s
        .as_of
        .and_hms_opt(0, 0, 0)
        .map(|t| Utc.from_utc_datetime(&t))
        .unwrap_or_default();
    for i in &s.items {
        let end = i.due.checked_add_days(Days::new(1)).unwrap_or(i.due);
        let event = Event::new()
            .uid(&i.uid)
            .timestamp(stamp)
            .starts(i.due)
            .ends(end)
            .summary(&mask_numbers(&summary(i, lang)))
            .description(&mask_numbers(&description(i, s, lang)))
            .class(Class::Private)
            .add_property("CATEGORIES", i.family)
            .add_property("X-CAREPLAN-STATUS", i.status.as_str())
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}
