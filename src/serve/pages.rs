//! What each page shows, as template data: computed in memory from what the reloader serves
//! (the last good policy, records and decision), never from the files. Texts about outcomes
//! come from the one set of renderers every report uses ([`crate::report::outcomes`],
//! [`crate::report::explain`], [`crate::report::diff`]); people are linked by
//! [`super::keys::url_key`], never by an id that could be personal data.

use super::chart::Chart;
use super::keys::{resolve, url_key};
use super::words::finding_kind;
use crate::diff::DecisionDiff;
use crate::eval::outcome::{Family, State, Subject as OSubject};
use crate::eval::{Decision, Outcome, Status, outcomes};
use crate::lang::Lang;
use crate::records::{FindingKind, Severity};
use crate::report::explain::{Subject, subject_outcomes};
use crate::report::outcomes as words;
use crate::report::yuan;
use crate::schedule::{Schedule, ScheduleOptions, schedule};
use crate::watch::Current;
use chrono::Days;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Rows of a long list shown before "N more".
const LIST_MAX: usize = 500;
/// Findings shown per kind.
const FINDINGS_PER_KIND: usize = 20;

/// The header every page shows: the plan, the year, the dates.
pub fn head(d: &Decision) -> Value {
    json!({
        "policy": d.policy,
        "policy_name": d.policy_name,
        "policy_name_zh": d.policy_name_zh,
        "year": d.year,
        "as_of": d.as_of.to_string(),
        "assessment_day": d.assessment_day.to_string(),
        "provisional": d.provisional,
    })
}

/// A status as a word and a CSS class.
fn state(s: Option<State>, lang: Lang) -> Value {
    match s {
        Some(s) => json!({
            "word": words::state_text(s, lang),
            "css": serde_json::to_value(s).unwrap_or(Value::Null),
        }),
        None => Value::Null,
    }
}

fn status(s: Status, lang: Lang) -> Value {
    let st = match s {
        Status::Met => State::Met,
        Status::Late => State::Late,
        Status::Partial => State::Partial,
        Status::Open => State::Open,
        Status::Missed => State::Missed,
    };
    state(Some(st), lang)
}

/// A link to a subject's page (`None` for the school, and for a class or person the decision
/// does not know).
fn link(s: &OSubject) -> Option<String> {
    match s {
        OSubject::School => None,
        OSubject::Class(c) => Some(format!("/class/{}", url_key(c))),
        OSubject::Child(c) => Some(format!("/child/{}", url_key(c))),
        OSubject::Helper(h) | OSubject::Staff(h) => Some(format!("/staff/{}", url_key(h))),
    }
}

/// One outcome as a table row.
fn outcome_row(o: &Outcome, names: &crate::policy::RuleNames, lang: Lang) -> Value {
    json!({
        "rule": words::rule_text(names, &o.rule, &o.measure, lang),
        "family": o.family.as_str(),
        "subject": words::subject_text(&o.subject, lang),
        "link": link(&o.subject),
        "period": words::period_text(&o.period, lang),
        "status": state(o.status, lang),
        "value": o.value.as_ref().map(|v| words::value_text(v, lang)),
        "why": words::reason_text(&o.reason, lang),
    })
}

/// Names of the children of a decision, by id.
fn names(d: &Decision) -> BTreeMap<&str, &str> {
    d.students
        .iter()
        .map(|s| (s.student_id.as_str(), s.name.as_str()))
        .collect()
}

/// A rate as `89.2%`, `-` when nothing was due.
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "-".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// The overdue windows of a decision (obligations, then activity duties), oldest first, each
/// with who, what, the window and the day it has been overdue since (the day after its due
/// day, or after its last day when it has none); those of `class` only when given.
fn overdue(d: &Decision, class: Option<&str>, lang: Lang) -> Vec<Value> {
    let names = names(d);
    let mut rows: Vec<(chrono::NaiveDate, Value)> = Vec::new();
    let after = |day: chrono::NaiveDate| day.checked_add_days(Days::new(1)).unwrap_or(day);
    for r in d.obligations.iter().filter(|r| r.overdue) {
        if class.is_some_and(|c| c != r.class) {
            continue;
        }
        let since = after(r.due.unwrap_or(r.window_end));
        rows.push((
            since,
            json!({
                "who": r.student_id,
                "name": names.get(r.student_id.as_str()).copied().unwrap_or(""),
                "link": format!("/child/{}", url_key(&r.student_id)),
                "class": r.class,
                "class_link": format!("/class/{}", url_key(&r.class)),
                "rule": r.rule,
                "window": format!("{} ~ {}", r.window_start, r.window_end),
                "since": since.to_string(),
                "status": status(r.status, lang),
            }),
        ));
    }
    for r in d.activities.iter().filter(|r| r.overdue) {
        if class.is_some_and(|c| Some(c) != r.class.as_deref()) {
            continue;
        }
        let since = after(r.window_end);
        let (who, name, link) = match (&r.student_id, &r.class) {
            (Some(id), _) => (
                id.clone(),
                names.get(id.as_str()).copied().unwrap_or(""),
                Some(format!("/child/{}", url_key(id))),
            ),
            (None, Some(c)) => (
                format!("{} {c}", lang.pick("class", "班级")),
                "",
                Some(format!("/class/{}", url_key(c))),
            ),
            (None, None) => (lang.pick("school", "全校").to_owned(), "", None),
        };
        rows.push((
            since,
            json!({
                "who": who,
                "name": name,
                "link": link,
                "class": r.class,
                "class_link": r.class.as_ref().map(|c| format!("/class/{}", url_key(c))),
                "rule": r.rule,
                "window": format!("{} ~ {}", r.window_start, r.window_end),
                "since": since.to_string(),
                "status": status(r.status, lang),
            }),
        ));
    }
    rows.sort_by_key(|a| a.0);
    rows.into_iter().map(|(_, v)| v).collect()
}

/// A long list cut to [`LIST_MAX`] rows, with how many were left out.
fn capped(mut rows: Vec<Value>) -> Value {
    let total = rows.len();
    rows.truncate(LIST_MAX);
    json!({"rows": rows, "total": total, "more": total.saturating_sub(LIST_MAX)})
}

/// Every class of the decision: of its children, its class results and its class assessment.
fn class_names(d: &Decision) -> Vec<String> {
    let mut set: BTreeSet<String> = d.students.iter().map(|s| s.class.clone()).collect();
    set.extend(d.classes.iter().map(|c| c.class.clone()));
    if let Some(a) = &d.class_assessment {
        set.extend(a.classes.iter().map(|c| c.class.clone()));
    }
    set.into_iter().collect()
}

/// Whether the plan deals in points and money (Plan 5): a child assessed or awarded, a helper
/// paid, or a total that is not zero. Plans 1–4 show no money figures.
fn has_money(d: &Decision) -> bool {
    d.students
        .iter()
        .any(|s| s.points.is_some() || !s.awards.is_empty())
        || !d.helpers.is_empty()
        || d.totals.total_fen != 0
}

/// The overview: totals, the chart, the per-rule counts, the overdue list, money per class,
/// findings grouped by kind, and the classes and staff to go to.
pub fn overview(cur: &Current, lang: Lang) -> Value {
    let d = &*cur.decision;
    let t = &d.totals;
    let money = has_money(d).then(|| {
        let share = |fen: i64| {
            if t.total_fen > 0 {
                fen as f64 * 100.0 / t.total_fen as f64
            } else {
                0.0
            }
        };
        json!({
            "budget": yuan(t.total_fen),
            "budget_fen": t.total_fen,
            "prizes": yuan(t.student_awards_fen),
            "prizes_fen": t.student_awards_fen,
            "prizes_pct": format!("{:.1}", share(t.student_awards_fen)),
            "helper": yuan(t.helper_awards_fen),
            "helper_fen": t.helper_awards_fen,
            "helper_pct": format!("{:.1}", share(t.helper_awards_fen)),
            "points": t.points,
            "unpaid_points": t.unpaid_points,
        })
    });
    let span = cur.records.calendar.year_span(&d.year);
    let chart = span
        .map(|s| Chart::of(d, s.start, s.end))
        .filter(|c| !c.is_empty())
        .map(|c| c.svg(lang));
    let summary = |family: &str, map: &BTreeMap<String, crate::eval::StatusCounts>| {
        map.iter()
            .map(|(rule, c)| {
                json!({
                    "rule": rule,
                    "family": family,
                    "met": c.met,
                    "late": c.late,
                    "partial": c.partial,
                    "open": c.open,
                    "missed": c.missed,
                    "rate": percent(c.compliance_rate),
                })
            })
            .collect::<Vec<_>>()
    };
    let mut rules = summary("obligation", &d.obligation_summary);
    rules.extend(summary("activity", &d.activity_summary));
    let staff_name = |id: &str| {
        cur.records
            .staff
            .iter()
            .find(|s| s.staff_id == id)
            .map_or("", |s| s.name.as_str())
            .to_owned()
    };
    let classes: Vec<Value> = class_names(d)
        .into_iter()
        .map(|c| {
            let r = d.classes.iter().find(|x| x.class == c);
            let children = d.students.iter().filter(|s| s.class == c).count();
            let overdue = overdue(d, Some(&c), lang).len();
            json!({
                "class": c,
                "link": format!("/class/{}", url_key(&c)),
                "children": children,
                "overdue": overdue,
                "head_teacher": r.and_then(|r| r.head_teacher.clone()),
                "head_teacher_name": r.and_then(|r| r.head_teacher.as_deref()).map(staff_name),
                "head_teacher_link": r.and_then(|r| r.head_teacher.as_deref()).map(|h| format!("/staff/{}", url_key(h))),
                "assessed": r.map(|r| r.assessed),
                "points": r.map(|r| r.points),
                "prizes": r.map(|r| yuan(r.student_awards_fen)),
                "helper": r.map(|r| yuan(r.helper_awards_fen)),
                "total": r.map(|r| yuan(r.student_awards_fen + r.helper_awards_fen)),
            })
        })
        .collect();
    let mut groups: BTreeMap<FindingKind, Vec<String>> = BTreeMap::new();
    for f in &d.findings {
        groups.entry(f.kind()).or_default().push(f.to_string());
    }
    let findings: Vec<Value> = groups
        .into_iter()
        .map(|(kind, items)| {
            let n = items.len();
            json!({
                "kind": finding_kind(kind, lang),
                "count": n,
                "items": items.into_iter().take(FINDINGS_PER_KIND).collect::<Vec<_>>(),
                "more": n.saturating_sub(FINDINGS_PER_KIND),
            })
        })
        .collect();
    let errors = d
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let staff: Vec<Value> = cur
        .records
        .staff
        .iter()
        .map(|s| {
            json!({
                "id": s.staff_id,
                "name": s.name,
                "link": format!("/staff/{}", url_key(&s.staff_id)),
                "roles": super::words::roles(&s.roles, lang),
                "class": s.class.as_ref().map(ToString::to_string),
            })
        })
        .collect();
    json!({
        "head": head(d),
        "money": money,
        "chart": chart,
        "rules": rules,
        "overdue": capped(overdue(d, None, lang)),
        "classes": classes,
        "findings": findings,
        "findings_total": d.findings.len(),
        "errors": errors,
        "warnings": d.findings.len() - errors,
        "staff": staff,
    })
}

/// A child's page: who, the points and prizes with their reasons, and every outcome.
pub fn child(cur: &Current, key: &str, lang: Lang) -> Option<Value> {
    let d = &*cur.decision;
    let id = resolve(key, d.students.iter().map(|s| s.student_id.as_str()))?;
    let s = d.students.iter().find(|s| s.student_id == id)?;
    let helper_name = |h: &str| {
        d.helpers
            .iter()
            .find(|x| x.helper_id == h)
            .map_or("", |x| x.name.as_str())
            .to_owned()
    };
    let rows: Vec<Value> = subject_outcomes(d, &Subject::Student(id.to_owned()))
        .iter()
        .map(|o| outcome_row(o, &d.rule_names, lang))
        .collect();
    Some(json!({
        "head": head(d),
        "id": s.student_id,
        "name": s.name,
        "class": s.class,
        "class_link": format!("/class/{}", url_key(&s.class)),
        "points": s.points,
        "prizes": (s.awards_fen > 0).then(|| yuan(s.awards_fen)),
        "awards": s.awards.iter().map(|a| a.award.clone()).collect::<Vec<_>>(),
        "helpers": s.helpers.iter().map(|h| json!({
            "id": h,
            "name": helper_name(h),
            "link": format!("/staff/{}", url_key(h)),
        })).collect::<Vec<_>>(),
        "trace": s.trace.iter().map(|r| json!({"rule": r.rule, "text": r.why.text(lang)})).collect::<Vec<_>>(),
        "outcomes": rows,
    }))
}

/// The staff id `key` names, among the staff of the records.
pub fn staff_id(cur: &Current, key: &str) -> Option<String> {
    resolve(key, cur.records.staff.iter().map(|s| s.staff_id.as_str())).map(str::to_owned)
}

/// The schedule of one staff member over the decision's academic year, as of its as-of date.
///
/// # Errors
/// A message when the year cannot be evaluated.
pub fn staff_schedule(cur: &Current, id: &str) -> Result<Schedule, String> {
    let d = &*cur.decision;
    let span = cur
        .records
        .calendar
        .year_span(&d.year)
        .ok_or_else(|| format!("no term of {} in the calendar", d.year))?;
    let opts = ScheduleOptions {
        from: span.start,
        to: span.end,
        as_of: d.as_of,
    };
    let all = schedule(&cur.policy, &cur.records, &opts).map_err(|e| e.to_string())?;
    Ok(all.only(Some(id), None))
}

/// A staff member's page: their figures (head-teacher scores, helper pay with the children
/// helped), and their due items of the year, those to act on first.
pub fn staff(cur: &Current, id: &str, sched: &Schedule, lang: Lang) -> Value {
    let d = &*cur.decision;
    let person = cur.records.staff.iter().find(|s| s.staff_id == id);
    let names = names(d);
    let own: Vec<Value> = subject_outcomes(d, &Subject::Staff(id.to_owned()))
        .iter()
        .map(|o| outcome_row(o, &d.rule_names, lang))
        .collect();
    let helper = d.helpers.iter().find(|h| h.helper_id == id).map(|h| {
        json!({
            "points": h.points.to_string(),
            "pay": yuan(h.amount_fen),
            "children": h.children.iter().map(|c| json!({
                "id": c.student_id,
                "name": names.get(c.student_id.as_str()).copied().unwrap_or(""),
                "link": format!("/child/{}", url_key(&c.student_id)),
                "points": c.points.to_string(),
                "pay": yuan(c.amount_fen),
                "via": match c.via {
                    "head_teacher" => lang.pick("no helper: credited to the head teacher", "无帮扶人，计入班主任"),
                    "pairing" => lang.pick("paired", "结对"),
                    other => other,
                },
            })).collect::<Vec<_>>(),
            "class_shares": h.class_shares.iter().map(|c| json!({
                "class": c.class,
                "link": format!("/class/{}", url_key(&c.class)),
                "points": c.points.to_string(),
                "pay": yuan(c.amount_fen),
                "via": match lang {
                    Lang::En => format!("{} of the class's {} points, divided by the head teacher ({})", c.points, c.class_points, c.at(lang)),
                    Lang::Zh => format!("全班合计{}分中分得{}分，由班主任分配（{}）", c.class_points, c.points, c.at(lang)),
                },
            })).collect::<Vec<_>>(),
        })
    });
    let mut act = Vec::new();
    let mut done = 0usize;
    for i in &sched.items {
        if !matches!(i.status, Status::Open | Status::Missed) {
            done += 1;
            continue;
        }
        let (whom, link) = match (&i.student_id, &i.class) {
            (Some(c), _) => (
                format!("{c} {}", i.name.as_deref().unwrap_or("")),
                Some(format!("/child/{}", url_key(c))),
            ),
            (None, Some(c)) => (
                format!("{} {c}", lang.pick("class", "班级")),
                Some(format!("/class/{}", url_key(c))),
            ),
            (None, None) => (lang.pick("school", "全校").to_owned(), None),
        };
        act.push(json!({
            "due": i.due.to_string(),
            "family": crate::report::schedule::family_word(i.family, lang),
            "rule": match &i.occasion {
                Some(o) => format!("{} ({o})", i.rule),
                None => i.rule.clone(),
            },
            "whom": whom.trim_end(),
            "link": link,
            "window": format!("{} ~ {}", i.window_start, i.window_end),
            "status": status(i.status, lang),
        }));
    }
    json!({
        "head": head(d),
        "id": id,
        "name": person.map_or("", |p| p.name.as_str()),
        "roles": person.map(|p| super::words::roles(&p.roles, lang)).unwrap_or_default(),
        "class": person.and_then(|p| p.class.as_ref()).map(ToString::to_string),
        "class_link": person.and_then(|p| p.class.as_ref()).map(|c| format!("/class/{}", url_key(&c.to_string()))),
        "own": own,
        "helper": helper,
        "items": capped(act),
        "done": done,
        "items_total": sched.items.len(),
        "ics": format!("/staff/{}/calendar.ics", url_key(id)),
    })
}

/// A class's page: its own figures (and its class assessment, where the plan has one), its
/// children, and what is overdue in it.
pub fn class(cur: &Current, key: &str, lang: Lang) -> Option<Value> {
    let d = &*cur.decision;
    let all = class_names(d);
    let class = resolve(key, all.iter().map(String::as_str))?.to_owned();
    let r = d.classes.iter().find(|x| x.class == class);
    let own: Vec<Value> = outcomes(d)
        .iter()
        .filter(|o| o.subject == OSubject::Class(class.clone()) && o.family != Family::Totals)
        .map(|o| outcome_row(o, &d.rule_names, lang))
        .collect();
    let assessment = d.class_assessment.as_ref().and_then(|a| {
        a.classes.iter().find(|c| c.class == class).map(|c| {
            json!({
                "rule": a.rule,
                "advanced_by": a.advanced_by,
                "score": c.score.map(|s| format!("{s:.2}")),
                "rank": c.rank,
                "of": a.classes.len(),
                "advanced": c.advanced,
                "components": c.components.iter().map(|k| json!({
                    "id": k.id,
                    "weight": k.weight,
                    "numerator": k.numerator,
                    "denominator": k.denominator,
                    "rate": percent(k.rate),
                })).collect::<Vec<_>>(),
            })
        })
    });
    let overdue_rows = overdue(d, Some(&class), lang);
    let children: Vec<Value> = d
        .students
        .iter()
        .filter(|s| s.class == class)
        .map(|s| {
            let overdue = d
                .obligations
                .iter()
                .filter(|o| o.overdue && o.student_id == s.student_id)
                .count();
            json!({
                "id": s.student_id,
                "name": s.name,
                "link": format!("/child/{}", url_key(&s.student_id)),
                "points": s.points,
                "prizes": (s.awards_fen > 0).then(|| yuan(s.awards_fen)),
                "overdue": overdue,
                "helpers": s.helpers.join(", "),
            })
        })
        .collect();
    let head_teacher = r.and_then(|r| r.head_teacher.clone()).or_else(|| {
        d.class_assessment
            .as_ref()
            .and_then(|a| a.classes.iter().find(|c| c.class == class))
            .and_then(|c| c.head_teacher.clone())
    });
    Some(json!({
        "head": head(d),
        "class": class,
        "head_teacher": head_teacher,
        "head_teacher_name": head_teacher.as_deref().and_then(|h| cur.records.staff.iter().find(|s| s.staff_id == h)).map(|s| s.name.clone()),
        "head_teacher_link": head_teacher.as_deref().map(|h| format!("/staff/{}", url_key(h))),
        "totals": r.filter(|_| has_money(d)).map(|r| json!({
            "assessed": r.assessed,
            "points": r.points,
            "unpaid_points": r.unpaid_points,
            "prizes": yuan(r.student_awards_fen),
            "helper": yuan(r.helper_awards_fen),
            "total": yuan(r.student_awards_fen + r.helper_awards_fen),
        })),
        "own": own,
        "assessment": assessment,
        "children": children,
        "overdue": capped(overdue_rows),
    }))
}

/// The parameters a what-if may change: every parameter of the served plan
/// ([`crate::policy::Draft::params`]) with its value as `--set` takes it.
pub fn params(cur: &Current) -> Vec<Value> {
    cur.draft
        .params()
        .into_iter()
        .filter(|p| {
            p.path.contains('.') || !matches!(&p.value, serde_json::Value::Array(a) if a.is_empty())
        })
        .map(|p| json!({"path": p.path, "value": crate::policy::params::show(&p.value)}))
        .collect()
}

/// A what-if's result: the totals before and after, and every changed outcome.
pub fn whatif_result(d: &DecisionDiff, lang: Lang) -> Value {
    let t = &d.totals;
    let signed = |fen: i64| {
        if fen > 0 {
            format!("+{}", yuan(fen))
        } else {
            yuan(fen)
        }
    };
    let money = |key: &str, c: &crate::diff::Change<i64>| {
        json!({
            "key": key,
            "base": yuan(c.base),
            "alt": yuan(c.alt),
            "delta": signed(c.delta()),
            "delta_fen": c.delta(),
        })
    };
    let rows: Vec<Value> = d
        .outcomes
        .iter()
        .map(|c| {
            json!({
                "rule": words::rule_text(&d.rule_names, &c.rule, &c.measure, lang),
                "subject": words::subject_text(&c.subject, lang),
                "link": link(&c.subject),
                "period": words::period_text(&c.period, lang),
                "base": crate::report::diff::side(c.status.base, c.value.base.as_ref(), lang),
                "alt": crate::report::diff::side(c.status.alt, c.value.alt.as_ref(), lang),
                "delta": c.delta.as_ref().map(words::delta_text),
            })
        })
        .collect();
    json!({
        "empty": d.is_empty(),
        "totals": [
            money("budget", &t.total_fen),
            money("student_prizes", &t.student_awards_fen),
            money("helper_pay", &t.helper_awards_fen),
        ],
        "points": {
            "base": t.points.base,
            "alt": t.points.alt,
            "delta": format!("{:+}", t.points.delta()),
        },
        "outcomes": capped(rows),
        "findings_added": d.findings_added,
    })
}

/// The banner of a save that does not load: each diagnostic of the policy with its file,
/// line, column, source line, caret and help, and each problem of the records.
pub fn banner(e: &crate::watch::ReloadError) -> Value {
    let mut items = Vec::new();
    for d in e.policy.iter().flat_map(|p| &p.diagnostics) {
        let at = match (d.line, d.col) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", d.file),
            (Some(l), None) => format!("{}:{l}", d.file),
            _ => d.file.clone(),
        };
        items.push(json!({
            "at": at,
            "file": d.file,
            "line": d.line,
            "column": d.col,
            "message": d.message,
            "help": d.help,
            "snippet": d.render(),
        }));
    }
    let findings = e.records.iter().flat_map(|r| &r.problems).chain(&e.strict);
    for f in findings {
        let mut at = f.file.clone();
        if let Some(sheet) = &f.sheet {
            at.push_str(&format!("[{sheet}]"));
        }
        if let Some(l) = f.line {
            at.push_str(&format!(":{l}"));
        }
        items.push(json!({
            "at": at,
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "message": f.message,
            "help": Value::Null,
            "snippet": Value::Null,
        }));
    }
    if let Some(ev) = &e.eval {
        items.push(json!({"at": "", "message": ev.to_string(), "help": Value::Null, "snippet": Value::Null}));
    }
    json!({ "items": items })
}
