//! The schedule as text (per staff member, school-wide, per child) or JSON. English or Chinese.

use super::text::{pad, status_word, trim_line_ends};
use crate::lang::Lang;
use crate::schedule::{DueItem, Schedule};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The family of an item in words.
pub fn family_word(family: &str, lang: Lang) -> &'static str {
    match family {
        "obligation" => lang.pick("contact", "联系"),
        "activity" => lang.pick("activity", "活动"),
        "birthday_party" => lang.pick("birthday party", "生日会"),
        "letter" => lang.pick("letter home", "家书"),
        "festival_day" => lang.pick("festival day", "节日教育"),
        "milestone" => lang.pick("milestone", "阶段节点"),
        _ => lang.pick("duty", "事项"),
    }
}

/// Renders the schedule as plain text in `lang`.
pub fn text(s: &Schedule, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    let mut o = String::new();
    let name = lang.given(&s.policy_name, s.policy_name_zh.as_deref());
    let _ = writeln!(o, "{name} ({})", s.policy);
    let _ = match lang {
        Lang::En => writeln!(
            o,
            "Schedule {} to {} · as of {} · {} items",
            s.from,
            s.to,
            s.as_of,
            s.items.len()
        ),
        Lang::Zh => writeln!(
            o,
            "日程 {} 至 {} · 截至 {} · 共 {} 项",
            s.from,
            s.to,
            s.as_of,
            s.items.len()
        ),
    };
    let rule = |id: &str| s.rule_names.name(id, lang).to_owned();
    let rw = s
        .items
        .iter()
        .map(|i| rule(&i.rule).width())
        .max()
        .unwrap_or(4);
    let fw = s
        .items
        .iter()
        .map(|i| family_word(i.family, lang).width())
        .max()
        .unwrap_or(4);
    let line = |o: &mut String, i: &DueItem| {
        let scope = match (&i.class, &i.student_id) {
            (_, Some(id)) => format!(
                "{} {id} {}",
                i.class.as_deref().unwrap_or(""),
                i.name.as_deref().unwrap_or("")
            ),
            (Some(c), None) => c.clone(),
            (None, None) => l("all", "全体").to_owned(),
        };
        let mut detail = i.occasion.clone().unwrap_or_default();
        if !i.guests.is_empty() {
            detail = format!("{detail} {}: {}", l("guests", "寿星"), i.guests.join(", "));
        }
        let date = i.date.map(|d| format!(" {d}")).unwrap_or_default();
        let status = format!("{}{date}", status_word(i.status, lang));
        let _ = writeln!(
            o,
            "    {} {} {} {} {}  {}",
            i.due,
            pad(family_word(i.family, lang), fw),
            pad(&rule(&i.rule), rw),
            pad(scope.trim(), 20),
            pad(&status, 18),
            detail.trim()
        );
    };
    let _ = writeln!(o, "\n{}", l("Per staff member", "按教职工"));
    for p in &s.staff {
        let class = p
            .class
            .as_deref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {} {}{class}: {}",
            p.id,
            p.name,
            count(p.items.len(), lang)
        );
        for &i in &p.items {
            line(&mut o, &s.items[i]);
        }
    }
    if !s.school.is_empty() {
        let _ = writeln!(
            o,
            "  {}: {}",
            l("School-wide, nobody named", "全校事项（未指定负责人）"),
            count(s.school.len(), lang)
        );
        for &i in &s.school {
            line(&mut o, &s.items[i]);
        }
    }
    let _ = writeln!(o, "\n{}", l("Per child", "按学生"));
    for p in &s.children {
        let class = p
            .class
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {} {}{class}: {}",
            p.id,
            p.name,
            count(p.items.len(), lang)
        );
        for &i in &p.items {
            line(&mut o, &s.items[i]);
        }
    }
    if !s.findings.is_empty() {
        let _ = writeln!(o, "\n{}: {}", l("Findings", "数据问题"), s.findings.len());
        for f in &s.findings {
            let _ = writeln!(o, "  {}", f.text(lang));
        }
    }
    trim_line_ends(&o)
}

fn count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => super::count(n, "item", "items"),
        Lang::Zh => format!("{n} 项"),
    }
}

/// Renders the schedule as pretty JSON (keys in struct order, lists sorted).
pub fn json(s: &Schedule) -> String {
    let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
    out.push('\n');
    out
}
