//! `explain`: every figure of one student, helper or rule, each with its reason in plain words
//! a parent or teacher can check.

use super::text::{status_word, trim_line_ends};
use super::yuan;
use crate::eval::outcome::{Family, Reason, State, Subject as OSubject};
use crate::eval::{Decision, ObligationRow, Outcome, Status, outcomes};
use crate::lang::Lang;
use crate::policy::{Policy, Window};
use std::fmt::Write;

/// What to explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A student id.
    Student(String),
    /// A helper id.
    Helper(String),
    /// A rule id of any family (see [`crate::eval::outcome::rules`]).
    Rule(String),
    /// A class (`7-1`).
    Class(String),
    /// A staff member (head teacher, mentor, helper) by staff id.
    Staff(String),
}

/// The subject is not in the decision (the message names what is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSubject(pub String);

impl std::fmt::Display for UnknownSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnknownSubject {}

/// Names a window in words: `week of 2026-03-02`, `month 2026-03`, `quarter 2026-Q1`,
/// `term 2026-03-02 ~ 2026-07-10`.
fn window_name(policy: &Policy, row: &ObligationRow, lang: Lang) -> String {
    let window = policy
        .obligations
        .iter()
        .find(|o| o.id == row.rule)
        .map(|o| o.window);
    let start = row.window_start;
    use chrono::Datelike;
    match (window, lang) {
        (Some(Window::Weekly { .. }), Lang::En) => format!("week of {start}"),
        (Some(Window::Weekly { .. }), Lang::Zh) => format!("{start} 起的一周"),
        (Some(Window::Monthly), Lang::En) => format!("month {}", start.format("%Y-%m")),
        (Some(Window::Monthly), Lang::Zh) => format!("{}年{}月", start.year(), start.month()),
        (Some(Window::Quarterly), Lang::En) => {
            format!("quarter {}-Q{}", start.year(), start.month0() / 3 + 1)
        }
        (Some(Window::Quarterly), Lang::Zh) => {
            format!("{}年第{}季度", start.year(), start.month0() / 3 + 1)
        }
        (_, Lang::En) => format!("window {start} to {}", row.window_end),
        (_, Lang::Zh) => format!("{start} 至 {} 时段", row.window_end),
    }
}

/// One obligation window in words, e.g. `weekly_talk, week of 2026-03-02: missed (no talk
/// recorded 2026-03-02 to 2026-03-08)`.
pub fn window_line(policy: &Policy, row: &ObligationRow, lang: Lang) -> String {
    let kinds = policy
        .obligations
        .iter()
        .find(|o| o.id == row.rule)
        .map(|o| {
            let words: Vec<&str> = o
                .kinds
                .iter()
                .map(|k| crate::lang::code_word(k, lang))
                .collect();
            words.join("/")
        })
        .unwrap_or_default();
    let (s, e) = (row.window_start, row.window_end);
    let why = match (row.status, lang) {
        (Status::Met, Lang::En) => match row.due {
            Some(due) => format!("{kinds} on {}, due {due}", opt_date(row)),
            None => format!("{kinds} on {}", opt_date(row)),
        },
        (Status::Met, Lang::Zh) => match row.due {
            Some(due) => format!("{} 有{kinds}记录，应完成日 {due}", opt_date(row)),
            None => format!("{} 有{kinds}记录", opt_date(row)),
        },
        (Status::Late, Lang::En) => format!(
            "{kinds} on {}, after the due day {}",
            opt_date(row),
            row.due.map(|d| d.to_string()).unwrap_or_default()
        ),
        (Status::Late, Lang::Zh) => format!(
            "{} 才有{kinds}记录，晚于应完成日 {}",
            opt_date(row),
            row.due.map(|d| d.to_string()).unwrap_or_default()
        ),
        (Status::Partial, Lang::En) => {
            format!("no {kinds} recorded {s} to {e}, and not enrolled on every school day of it")
        }
        (Status::Partial, Lang::Zh) => format!("{s} 至 {e} 无{kinds}记录，且该时段未全程在籍"),
        (Status::Open, Lang::En) => match row.due {
            Some(due) if row.overdue => {
                format!("no {kinds} recorded yet, due {due}; the window runs to {e}")
            }
            _ => format!("no {kinds} recorded yet; the window runs to {e}"),
        },
        (Status::Open, Lang::Zh) => match row.due {
            Some(due) if row.overdue => format!("尚无{kinds}记录，应完成日 {due} 已过；时段至 {e}"),
            _ => format!("尚无{kinds}记录；时段至 {e}"),
        },
        (Status::Missed, Lang::En) => format!("no {kinds} recorded {s} to {e}"),
        (Status::Missed, Lang::Zh) => format!("{s} 至 {e} 无{kinds}记录"),
    };
    let sep = lang.pick(", ", "，");
    let colon = lang.pick(": ", "：");
    let (open, close) = (lang.pick(" (", "（"), lang.pick(")", "）"));
    format!(
        "{}{sep}{}{colon}{}{open}{why}{close}",
        policy.rule_names.name(&row.rule, lang),
        window_name(policy, row, lang),
        status_word(row.status, lang)
    )
}

fn opt_date(row: &ObligationRow) -> String {
    row.contact_date.map(|d| d.to_string()).unwrap_or_default()
}

/// Explains one subject of a decision in plain words.
///
/// # Errors
/// [`UnknownSubject`] when the id is not a student, helper or rule of the decision.
pub fn explain(
    policy: &Policy,
    d: &Decision,
    subject: &Subject,
    lang: Lang,
) -> Result<String, UnknownSubject> {
    let l = |en, zh| lang.pick(en, zh);
    let mut o = String::new();
    match subject {
        Subject::Student(id) => {
            let s = d
                .students
                .iter()
                .find(|s| &s.student_id == id)
                .ok_or_else(|| {
                    UnknownSubject(match lang {
                        Lang::En => {
                            format!("no student `{id}` enrolled in {} up to {}", d.year, d.as_of)
                        }
                        Lang::Zh => format!("{} 学年截至 {} 没有在籍学生 `{id}`", d.year, d.as_of),
                    })
                })?;
            let _ = writeln!(
                o,
                "{} {} ({} {})",
                s.student_id,
                s.name,
                l("class", "班级"),
                s.class
            );
            let _ = match lang {
                Lang::En => writeln!(o, "{} {}, as of {}", d.policy, d.year, d.as_of),
                Lang::Zh => writeln!(o, "{} {}学年，截至 {}", d.name_in(lang), d.year, d.as_of),
            };
            if d.provisional {
                let _ = writeln!(o, "{}", l("(provisional)", "（暂定）"));
            }
            if !s.trace.is_empty() {
                let _ = writeln!(
                    o,
                    "\n{}",
                    l("Points, prizes and pay", "积分、奖励与帮扶奖金")
                );
                for r in &s.trace {
                    let _ = writeln!(
                        o,
                        "  {}{}{}",
                        d.rule_names.name(&r.rule, lang),
                        lang.pick(": ", "："),
                        r.why.text(lang)
                    );
                }
            }
            match (s.points, lang) {
                (Some(p), Lang::En) => {
                    let _ = writeln!(o, "  total: {p} points");
                }
                (Some(p), Lang::Zh) => {
                    let _ = writeln!(o, "  合计：{p}分");
                }
                (None, _) => {
                    let _ = writeln!(
                        o,
                        "  {}",
                        l("not assessed by this plan", "不在本方案考核范围内")
                    );
                }
            }
            if s.awards_fen > 0 {
                let _ = writeln!(
                    o,
                    "  {}{} {}",
                    l("prizes: ", "奖金："),
                    yuan(s.awards_fen),
                    l("yuan", "元")
                );
            }
            let rows: Vec<&ObligationRow> = d
                .obligations
                .iter()
                .filter(|r| &r.student_id == id)
                .collect();
            if !rows.is_empty() {
                let _ = writeln!(o, "\n{}", l("Obligations", "联系义务"));
                for r in rows {
                    let _ = writeln!(o, "  {}", window_line(policy, r, lang));
                }
            }
            let others: Vec<Outcome> = outcomes(d)
                .into_iter()
                .filter(|x| {
                    let mentee = matches!(&x.reason, Reason::Ineligible { mentee_id, .. } if mentee_id == id);
                    (x.subject == OSubject::Child(id.clone()) || mentee)
                        && !matches!(
                            x.family,
                            Family::Obligation | Family::Points | Family::Prizes | Family::Totals
                        )
                })
                .collect();
            if !others.is_empty() {
                let _ = writeln!(o, "\n{}", l("Other rules", "其他规则"));
                for x in &others {
                    let _ = writeln!(o, "  {}", super::outcomes::line(x, &d.rule_names, lang));
                }
            }
        }
        Subject::Class(class) => {
            let all = outcomes(d);
            let of_class: Vec<&Outcome> = all
                .iter()
                .filter(|x| x.class.as_deref() == Some(class.as_str()))
                .collect();
            if of_class.is_empty() {
                let mut known: Vec<&str> = all
                    .iter()
                    .filter_map(|x| match &x.subject {
                        OSubject::Class(c) => Some(c.as_str()),
                        _ => None,
                    })
                    .collect();
                known.sort_unstable();
                known.dedup();
                return Err(UnknownSubject(match lang {
                    Lang::En => format!(
                        "no class `{class}` in this decision; classes: {}",
                        known.join(", ")
                    ),
                    Lang::Zh => {
                        format!("本次评估中没有班级 `{class}`；班级有：{}", known.join("、"))
                    }
                }));
            }
            let _ = writeln!(o, "{} {class}", l("class", "班级"));
            header(&mut o, d, lang);
            let (own, children): (Vec<&Outcome>, Vec<&Outcome>) = of_class
                .into_iter()
                .partition(|x| x.subject == OSubject::Class(class.clone()));
            for x in own {
                let _ = writeln!(o, "  {}", super::outcomes::line(x, &d.rule_names, lang));
            }
            to_act_on(&mut o, d, &children, lang);
        }
        Subject::Staff(id) => {
            let mine: Vec<Outcome> = outcomes(d)
                .into_iter()
                .filter(
                    |x| matches!(&x.subject, OSubject::Staff(s) | OSubject::Helper(s) if s == id),
                )
                .collect();
            if mine.is_empty() {
                return Err(UnknownSubject(match lang {
                    Lang::En => format!(
                        "no outcome of this decision is about staff member `{id}` (not a head teacher, mentor or helper with figures)"
                    ),
                    Lang::Zh => format!(
                        "本次评估中没有关于教职工 `{id}` 的结果（不是有数据的班主任、帮扶人）"
                    ),
                }));
            }
            let name = d
                .helpers
                .iter()
                .find(|h| &h.helper_id == id)
                .map(|h| h.name.as_str())
                .or_else(|| {
                    d.class_assessment
                        .iter()
                        .flat_map(|c| &c.head_teachers)
                        .find(|t| &t.staff_id == id)
                        .map(|t| t.name.as_str())
                })
                .unwrap_or("");
            let _ = writeln!(o, "{id} {name}");
            header(&mut o, d, lang);
            for x in &mine {
                let _ = writeln!(o, "  {}", super::outcomes::line(x, &d.rule_names, lang));
            }
        }
        Subject::Helper(id) => {
            let h = d
                .helpers
                .iter()
                .find(|h| &h.helper_id == id)
                .ok_or_else(|| {
                    let known: Vec<&str> = d.helpers.iter().map(|h| h.helper_id.as_str()).collect();
                    UnknownSubject(match lang {
                        Lang::En => format!(
                            "`{id}` is credited with no child's points; helpers: {}",
                            known.join(", ")
                        ),
                        Lang::Zh => format!(
                            "`{id}` 名下没有任何学生的积分；帮扶人有：{}",
                            known.join("、")
                        ),
                    })
                })?;
            let fen_per_point = policy.helpers.as_ref().map_or(0, |h| h.fen_per_point);
            let _ = writeln!(o, "{} {}", h.helper_id, h.name);
            for c in &h.children {
                let s = d.students.iter().find(|s| s.student_id == c.student_id);
                let name = s.map(|s| s.name.as_str()).unwrap_or("");
                let points = s.and_then(|s| s.points).unwrap_or(0);
                let k = s.map_or(1, |s| s.helpers.len().max(1));
                let fen = points * fen_per_point;
                let uneven = k > 1 && fen % (k as i64) != 0;
                let leftover_en = if uneven {
                    " (the leftover fen go one each to the lowest ids)"
                } else {
                    ""
                };
                let leftover_zh = if uneven {
                    "（除不尽的分按编号从小到大各加1分钱）"
                } else {
                    ""
                };
                let total_days: i64 = d
                    .helpers
                    .iter()
                    .flat_map(|h| &h.children)
                    .filter(|x| x.student_id == c.student_id)
                    .filter_map(|x| x.days)
                    .sum();
                let line = match (lang, k, c.via, c.days) {
                    (Lang::En, _, _, Some(days)) => format!(
                        "{} {name}: {points} points × {days}/{total_days} days paired = {} points; {} yuan × {days}/{total_days} = {} yuan (largest remainder in fen)",
                        c.student_id,
                        c.points,
                        yuan(fen),
                        yuan(c.amount_fen)
                    ),
                    (Lang::Zh, _, _, Some(days)) => format!(
                        "{} {name}：{points}分 × 结对{days}/{total_days}天 = {}分；{}元 × {days}/{total_days} = {}元（按最大余数分配到分）",
                        c.student_id,
                        c.points,
                        yuan(fen),
                        yuan(c.amount_fen)
                    ),
                    (Lang::En, _, "head_teacher", _) => format!(
                        "{} {name}: {points} points (no helper: credited to the head teacher) × {} yuan = {} yuan",
                        c.student_id,
                        yuan(fen_per_point),
                        yuan(c.amount_fen)
                    ),
                    (Lang::Zh, _, "head_teacher", _) => format!(
                        "{} {name}：{points}分（无帮扶人，计入班主任）× {}元 = {}元",
                        c.student_id,
                        yuan(fen_per_point),
                        yuan(c.amount_fen)
                    ),
                    (Lang::En, 1, _, _) => format!(
                        "{} {name}: {points} points × {} yuan = {} yuan",
                        c.student_id,
                        yuan(fen_per_point),
                        yuan(c.amount_fen)
                    ),
                    (Lang::Zh, 1, _, _) => format!(
                        "{} {name}：{points}分 × {}元 = {}元",
                        c.student_id,
                        yuan(fen_per_point),
                        yuan(c.amount_fen)
                    ),
                    (Lang::En, k, _, _) => format!(
                        "{} {name}: {points} points ÷ {k} helpers = {} points; {} yuan ÷ {k} = {} yuan{}",
                        c.student_id,
                        c.points,
                        yuan(fen),
                        yuan(c.amount_fen),
                        leftover_en
                    ),
                    (Lang::Zh, k, _, _) => format!(
                        "{} {name}：{points}分 ÷ {k}位帮扶人 = {}分；{}元 ÷ {k} = {}元{}",
                        c.student_id,
                        c.points,
                        yuan(fen),
                        yuan(c.amount_fen),
                        leftover_zh
                    ),
                };
                let _ = writeln!(o, "  {line}");
            }
            // Classes whose head teacher divided the total (helper_split.csv), not the rule.
            for c in &h.class_shares {
                let line = match lang {
                    Lang::En => format!(
                        "class {}: {} of the class's {} points, as the head teacher divided them in {} (not the automatic split) × {} yuan = {} yuan",
                        c.class,
                        c.points,
                        c.class_points,
                        c.at(lang),
                        yuan(fen_per_point),
                        yuan(c.amount_fen)
                    ),
                    Lang::Zh => format!(
                        "班级{}：全班合计{}分中分得{}分，由班主任分配（{}，不按自动规则）× {}元 = {}元",
                        c.class,
                        c.class_points,
                        c.points,
                        c.at(lang),
                        yuan(fen_per_point),
                        yuan(c.amount_fen)
                    ),
                };
                let _ = writeln!(o, "  {line}");
            }
            let _ = match lang {
                Lang::En if !h.class_shares.is_empty() => writeln!(
                    o,
                    "  total: {} and {}, {} points, {} yuan",
                    super::count(h.children.len(), "child", "children"),
                    super::count(h.class_shares.len(), "class share", "class shares"),
                    h.points,
                    yuan(h.amount_fen)
                ),
                Lang::Zh if !h.class_shares.is_empty() => writeln!(
                    o,
                    "  合计：帮扶 {} 人，班级分配 {} 项，{}分，{}元",
                    h.children.len(),
                    h.class_shares.len(),
                    h.points,
                    yuan(h.amount_fen)
                ),
                Lang::En => writeln!(
                    o,
                    "  total: {}, {} points, {} yuan",
                    super::count(h.children.len(), "child", "children"),
                    h.points,
                    yuan(h.amount_fen)
                ),
                Lang::Zh => writeln!(
                    o,
                    "  合计：帮扶 {} 人，{}分，{}元",
                    h.children.len(),
                    h.points,
                    yuan(h.amount_fen)
                ),
            };
        }
        Subject::Rule(id) => {
            if let Some(rule) = policy.obligations.iter().find(|r| &r.id == id) {
                let _ = writeln!(o, "{}", heading(d, &rule.id, &rule.seed, lang));
                let _ = writeln!(
                    o,
                    "{}{}",
                    l("covers: ", "对象："),
                    rule.covers.describe_in(lang)
                );
                if let Some(c) = d.obligation_summary.get(id) {
                    let rate = c
                        .compliance_rate
                        .map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0));
                    let _ = match lang {
                        Lang::En => writeln!(
                            o,
                            "met {}, late {}, partial {}, open {}, missed {}: compliance (met + late) / (met + late + missed) = {rate}, over {}",
                            c.met,
                            c.late,
                            c.partial,
                            c.open,
                            c.missed,
                            crate::report::count(c.children as usize, "child", "children")
                        ),
                        Lang::Zh => writeln!(
                            o,
                            "按时 {}，逾期 {}，部分在校 {}，进行中 {}，未完成 {}：完成率（按时 + 逾期）/（按时 + 逾期 + 未完成）= {rate}，共 {} 名学生",
                            c.met, c.late, c.partial, c.open, c.missed, c.children
                        ),
                    };
                }
                let overdue: Vec<&ObligationRow> = d
                    .obligations
                    .iter()
                    .filter(|r| &r.rule == id && r.overdue)
                    .collect();
                if !overdue.is_empty() {
                    let _ = writeln!(o, "\n{}: {}", l("Overdue", "逾期未完成"), overdue.len());
                    for r in overdue {
                        let _ = writeln!(o, "  {} {}", r.student_id, window_line(policy, r, lang));
                    }
                }
            } else {
                let mut any = false;
                for s in &d.students {
                    for r in s.trace.iter().filter(|r| &r.rule == id) {
                        if !any {
                            let seed = rule_seed(policy, id).unwrap_or_default();
                            let _ = writeln!(o, "{}", heading(d, id, &seed, lang));
                            any = true;
                        }
                        let _ = writeln!(
                            o,
                            "  {} {} ({}): {}",
                            s.student_id,
                            s.name,
                            s.class,
                            r.why.text(lang)
                        );
                    }
                }
                if !any && let Some(info) = d.rules.iter().find(|r| &r.id == id) {
                    let _ = writeln!(o, "{}", heading(d, id, &info.seed, lang));
                    let all = outcomes(d);
                    let of_rule: Vec<&Outcome> = all.iter().filter(|x| &x.rule == id).collect();
                    let (wide, each): (Vec<&Outcome>, Vec<&Outcome>) = of_rule
                        .into_iter()
                        .partition(|x| matches!(x.subject, OSubject::School | OSubject::Class(_)));
                    for x in &wide {
                        let _ = writeln!(o, "  {}", super::outcomes::line(x, &d.rule_names, lang));
                    }
                    to_act_on(&mut o, d, &each, lang);
                    if wide.is_empty() && each.is_empty() {
                        let _ = writeln!(
                            o,
                            "  {}",
                            l("applies to nobody in this decision", "本次评估中无人适用")
                        );
                    }
                } else if !any {
                    if rule_seed(policy, id).is_some() {
                        let _ = writeln!(
                            o,
                            "{}: {}",
                            d.rule_names.name(id, lang),
                            l("applies to nobody in this decision", "本次评估中无人适用")
                        );
                    } else {
                        let ids: Vec<&str> = d.rules.iter().map(|r| r.id.as_str()).collect();
                        return Err(UnknownSubject(match lang {
                            Lang::En => format!(
                                "no rule `{id}` in policy `{}`; rules: {}",
                                policy.id,
                                ids.join(", ")
                            ),
                            Lang::Zh => format!(
                                "方案 `{}` 中没有规则 `{id}`；规则有：{}",
                                policy.id,
                                ids.join("、")
                            ),
                        }));
                    }
                }
            }
        }
    }
    Ok(trim_line_ends(&o))
}

/// Every outcome of a decision about `subject`: a rule's, a child's, a helper's, a class's
/// (the class and its children) or a staff member's (as staff or helper).
pub fn subject_outcomes(d: &Decision, subject: &Subject) -> Vec<Outcome> {
    outcomes(d)
        .into_iter()
        .filter(|x| match subject {
            Subject::Rule(id) => &x.rule == id,
            Subject::Student(id) => x.subject == OSubject::Child(id.clone()),
            Subject::Helper(id) => x.subject == OSubject::Helper(id.clone()),
            Subject::Class(c) => x.class.as_deref() == Some(c.as_str()),
            Subject::Staff(id) => {
                matches!(&x.subject, OSubject::Staff(s) | OSubject::Helper(s) if s == id)
            }
        })
        .collect()
}

/// A rule's heading in `explain --rule`: `weekly_talk — Plan 1 §Third.1: …` (the id and the
/// seed paragraph it implements) in English; the rule's Chinese name and id, `每周一谈（weekly_talk）`,
/// in Chinese (the seed citations are the English translation's).
fn heading(d: &Decision, id: &str, seed: &str, lang: Lang) -> String {
    match lang {
        Lang::En if seed.is_empty() => id.to_owned(),
        Lang::En => format!("{id} — {seed}"),
        Lang::Zh => d.rule_names.title(id, lang),
    }
}

/// The policy, year and as-of date under a subject's name.
fn header(o: &mut String, d: &Decision, lang: Lang) {
    let _ = match lang {
        Lang::En => writeln!(o, "{} {}, as of {}", d.policy, d.year, d.as_of),
        Lang::Zh => writeln!(o, "{} {}学年，截至 {}", d.name_in(lang), d.year, d.as_of),
    };
}

/// The outcomes of single children or staff that call for action (not met, not
/// inapplicable), then how many others were met.
fn to_act_on(o: &mut String, d: &Decision, each: &[&Outcome], lang: Lang) {
    let settled = |x: &&&Outcome| {
        matches!(x.status, Some(State::Met | State::NotApplicable)) || x.status.is_none()
    };
    let (fine, act): (Vec<&&Outcome>, Vec<&&Outcome>) = each.iter().partition(settled);
    for x in &act {
        let _ = writeln!(o, "  {}", super::outcomes::line(x, &d.rule_names, lang));
    }
    if !fine.is_empty() {
        let _ = match lang {
            Lang::En => writeln!(o, "  ({} more met or without a status)", fine.len()),
            Lang::Zh => writeln!(o, "  （另有 {} 项已完成或无状态）", fine.len()),
        };
    }
}

fn rule_seed(policy: &Policy, id: &str) -> Option<String> {
    let points = policy
        .assessment
        .iter()
        .flat_map(|a| &a.rules)
        .find(|r| r.id == id)
        .map(|r| r.seed.clone());
    let tiers = policy
        .prizes
        .iter()
        .flat_map(|p| &p.tiers)
        .find(|t| t.id == id)
        .map(|t| t.seed.clone());
    points.or(tiers).or_else(|| {
        (id == "helpers")
            .then(|| policy.helpers.as_ref().map(|h| h.seed.clone()))
            .flatten()
    })
}

/// Every rule id of the policy, in plan order, of every family (then the totals).
pub fn rule_ids(policy: &Policy) -> Vec<String> {
    crate::eval::outcome::rules(policy)
        .into_iter()
        .map(|r| r.id)
        .collect()
}
