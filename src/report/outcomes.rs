//! Outcomes ([`crate::eval::Outcome`]) in plain words: the one place that puts a subject, a
//! period, a status, a value and a reason into text, for `explain`, `whatif` and `watch`.

use super::yuan;
use crate::eval::Outcome;
use crate::eval::outcome::{Delta, Period, Reason, State, Subject, Value};
use crate::lang::Lang;
use crate::policy::RuleNames;

/// A subject: `child S0101`, `class 7-1`, `helper T01`, `staff T01`, `school` (学生 …).
pub fn subject_text(s: &Subject, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    match s {
        Subject::School => l("school", "全校").to_owned(),
        Subject::Class(c) => format!("{} {c}", l("class", "班级")),
        Subject::Child(c) => format!("{} {c}", l("child", "学生")),
        Subject::Helper(h) => format!("{} {h}", l("helper", "帮扶人")),
        Subject::Staff(h) => format!("{} {h}", l("staff", "教职工")),
    }
}

/// A period: `year` (学年) or `2025-10-01 to 2025-10-31`.
pub fn period_text(p: &Period, lang: Lang) -> String {
    match p {
        Period::Year => lang.pick("year", "学年").to_owned(),
        Period::Window { start, end } => match lang {
            Lang::En => format!("{start} to {end}"),
            Lang::Zh => format!("{start} 至 {end}"),
        },
    }
}

/// A status in `lang`.
pub fn state_text(s: State, lang: Lang) -> &'static str {
    match s {
        State::Met => lang.pick("met", "按时"),
        State::Late => lang.pick("late", "逾期"),
        State::Partial => lang.pick("partial", "部分在校"),
        State::Open => lang.pick("open", "进行中"),
        State::Missed => lang.pick("missed", "未完成"),
        State::NotApplicable => lang.pick("not applicable", "不适用"),
    }
}

/// A value with its unit: `80 points`, `20.00 yuan`, `62.5% (5/8)`, `score 62.75`, `rank 1`.
pub fn value_text(v: &Value, lang: Lang) -> String {
    let dash = || "-".to_owned();
    match (v, lang) {
        (Value::Points { value }, Lang::En) => format!("{value} points"),
        (Value::Points { value }, Lang::Zh) => format!("{value}分"),
        (Value::SharedPoints { value }, Lang::En) => format!("{value} points"),
        (Value::SharedPoints { value }, Lang::Zh) => format!("{value}分"),
        (Value::Fen { value }, _) => format!("{} {}", yuan(*value), lang.pick("yuan", "元")),
        (
            Value::Rate {
                numerator,
                denominator,
                rate,
            },
            _,
        ) => match rate {
            Some(r) => format!("{:.1}% ({numerator}/{denominator})", r * 100.0),
            None => format!("- ({numerator}/{denominator})"),
        },
        (Value::Score { value }, _) => format!(
            "{} {}",
            lang.pick("score", "得分"),
            value.map_or_else(dash, |s| format!("{s:.2}"))
        ),
        (Value::Rank { value }, _) => format!(
            "{} {}",
            lang.pick("rank", "名次"),
            value.map_or_else(dash, |r| r.to_string())
        ),
        (Value::Count { value }, _) => value.to_string(),
        (Value::Flag { value }, _) => lang
            .pick(
                if *value { "yes" } else { "no" },
                if *value { "是" } else { "否" },
            )
            .to_owned(),
        (Value::Label { value }, _) if value.is_empty() => lang.pick("none", "无").to_owned(),
        (Value::Label { value }, _) => value.clone(),
    }
}

/// A difference: `+20` (points, places), `+5.00` (yuan), `+0.25` (a rate as a fraction).
pub fn delta_text(d: &Delta) -> String {
    match d {
        Delta::Whole(n) => format!("{n:+}"),
        Delta::Fen(f) if *f >= 0 => format!("+{}", yuan(*f)),
        Delta::Fen(f) => yuan(*f),
        Delta::Exact(r) if r.to_f64() >= 0.0 => format!("+{r}"),
        Delta::Exact(r) => r.to_string(),
        Delta::Decimal(x) => format!("{x:+.2}"),
        Delta::Rate { rate, .. } => format!("{:+.2} pp", rate * 100.0),
    }
}

/// A reason in plain words; empty when the status and value say it all.
pub fn reason_text(r: &Reason, lang: Lang) -> String {
    let l = |en, zh| lang.pick(en, zh);
    let day = |d: &Option<chrono::NaiveDate>| {
        d.map_or_else(|| l("none", "无").to_owned(), |d| d.to_string())
    };
    match r {
        Reason::None => String::new(),
        Reason::Why { why } => why.text(lang),
        Reason::Contact { date: None, due } => match (due, lang) {
            (Some(due), Lang::En) => format!("no matching record (due {due})"),
            (Some(due), Lang::Zh) => format!("无相符记录（应于 {due} 前）"),
            (None, _) => l("no matching record", "无相符记录").to_owned(),
        },
        Reason::NoMentor { scheme } => match lang {
            Lang::En => format!("no {scheme} paired"),
            Lang::Zh => format!("未结对{}", crate::lang::code_word(scheme, lang)),
        },
        Reason::Contact { date: Some(d), due } => match (due, lang) {
            (Some(due), Lang::En) => format!("done {d} (due {due})"),
            (Some(due), Lang::Zh) => format!("{d} 完成（应于 {due} 前）"),
            (None, Lang::En) => format!("done {d}"),
            (None, Lang::Zh) => format!("{d} 完成"),
        },
        Reason::Counts {
            met,
            late,
            partial,
            open,
            missed,
            children,
        } => {
            let of = match (children, lang) {
                (0, _) => String::new(),
                (n, Lang::En) => format!(
                    ", over {}",
                    crate::report::count(*n as usize, "child", "children")
                ),
                (n, Lang::Zh) => format!("，共 {n} 名学生"),
            };
            match lang {
                Lang::En => format!(
                    "met {met}, late {late}, partial {partial}, open {open}, missed {missed}: (met + late) / (met + late + missed){of}"
                ),
                Lang::Zh => format!(
                    "按时 {met}，逾期 {late}，部分在校 {partial}，进行中 {open}，未完成 {missed}：（按时 + 逾期）/（按时 + 逾期 + 未完成）{of}"
                ),
            }
        }
        Reason::CannotCompute { needs } => match lang {
            Lang::En => format!("cannot be computed: the records have no {needs}"),
            Lang::Zh => format!("无法计算：记录中没有 {needs}"),
        },
        Reason::Target { percent } => match lang {
            Lang::En => format!("target {percent}%"),
            Lang::Zh => format!("目标 {percent}%"),
        },
        Reason::MissingKinds { kinds } => match lang {
            Lang::En => format!("not held: {}", kinds.join(", ")),
            Lang::Zh => format!(
                "未开展：{}",
                kinds
                    .iter()
                    .map(|k| crate::lang::code_word(k, lang))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        },
        Reason::MissingFields { fields } => match lang {
            Lang::En => format!("missing: {}", fields.join(", ")),
            Lang::Zh => format!(
                "缺：{}",
                fields
                    .iter()
                    .map(|f| crate::records::column_word(f, lang))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        },
        Reason::Uncovered {
            school_days,
            of_school_days,
        } => match lang {
            Lang::En => format!("no mentor on {school_days} of {of_school_days} school days"),
            Lang::Zh => format!("{of_school_days} 个在校日中有 {school_days} 天无帮扶人"),
        },
        Reason::OverCapacity { max_mentees } => match lang {
            Lang::En => format!("up to {max_mentees} mentees at once"),
            Lang::Zh => format!("同时最多帮扶 {max_mentees} 人"),
        },
        Reason::Ineligible { mentee_id, why } => {
            format!(
                "{} {mentee_id}: {}",
                l("mentee", "受助学生"),
                why.text(lang)
            )
        }
        Reason::Triggers {
            triggers,
            plan_date,
        } => {
            let list: Vec<String> = triggers.iter().map(|t| t.text(lang)).collect();
            let plan = match (plan_date, lang) {
                (Some(d), Lang::En) => format!("; plan dated {d}"),
                (Some(d), Lang::Zh) => format!("；计划日期 {d}"),
                (None, Lang::En) => "; no plan yet".to_owned(),
                (None, Lang::Zh) => "；尚无计划".to_owned(),
            };
            format!("{}{plan}", list.join(l("; ", "；")))
        }
        Reason::Left { on, reason } => match lang {
            Lang::En => format!("left on {on} ({})", reason.unwrap_or("no reason recorded")),
            Lang::Zh => format!("{on} 离校（{}）", reason.unwrap_or("未记录原因")),
        },
        Reason::Party { guests, date } => match lang {
            Lang::En => format!("{guests} birthday guest(s); party: {}", day(date)),
            Lang::Zh => format!("寿星 {guests} 人；生日会：{}", day(date)),
        },
        Reason::Dated {
            occasion,
            day: due,
            date,
        } => {
            let what = crate::lang::code_word(occasion.as_deref().unwrap_or(""), lang);
            // Nothing recorded reads as such, not as "done none".
            let text = match (lang, date) {
                (Lang::En, Some(d)) => format!("{what} {due}: done {d}"),
                (Lang::Zh, Some(d)) => format!("{what} {due}：{d} 完成"),
                (Lang::En, None) => format!("{what} {due}: nothing recorded"),
                (Lang::Zh, None) => format!("{what} {due}：无记录"),
            };
            text.trim_start().to_owned()
        }
        Reason::Helped { children } => match lang {
            Lang::En => super::count(*children as usize, "child helped", "children helped"),
            Lang::Zh => format!("帮扶 {children} 人"),
        },
        Reason::Divided { children, shares } => {
            let parts: Vec<String> = shares
                .iter()
                .map(|c| match lang {
                    Lang::En => format!(
                        "class {} {} of {} points as the head teacher divided them ({})",
                        c.class,
                        c.points,
                        c.class_points,
                        c.at(lang)
                    ),
                    Lang::Zh => format!(
                        "班级{}合计{}分中由班主任分配{}分（{}）",
                        c.class,
                        c.class_points,
                        c.points,
                        c.at(lang)
                    ),
                })
                .collect();
            match (lang, children) {
                (Lang::En, 0) => parts.join("; "),
                (Lang::En, n) => format!(
                    "{}; {}",
                    super::count(*n as usize, "child helped", "children helped"),
                    parts.join("; ")
                ),
                (Lang::Zh, 0) => parts.join("；"),
                (Lang::Zh, n) => format!("帮扶 {n} 人；{}", parts.join("；")),
            }
        }
        Reason::DividedClass { source } => match lang {
            Lang::En => format!(
                "divided by the head teacher in {}, not by the automatic rule",
                source.text(lang)
            ),
            Lang::Zh => format!("由班主任分配（{}），不按自动规则", source.text(lang)),
        },
    }
}

/// The rule and measure: `class_assessment score`, `birthday_party` in English; the rule's
/// Chinese name and the measure in Chinese (`班级考评 得分`) under `Zh`.
pub fn rule_text(names: &RuleNames, rule: &str, measure: &str, lang: Lang) -> String {
    let rule = names.name(rule, lang);
    if measure.is_empty() {
        rule.to_owned()
    } else {
        format!("{rule} {}", measure_word(measure, lang))
    }
}

/// A measure of an outcome in words (`covered`, `filing_rate` …): the measure itself in
/// English (it names the JSON field), Chinese under `Zh`.
pub fn measure_word(measure: &str, lang: Lang) -> std::borrow::Cow<'_, str> {
    if lang == Lang::En {
        return measure.into();
    }
    // `component:talks`, `eligible:C05`: a kind of measure and an id.
    if let Some((kind, id)) = measure.split_once(':') {
        return format!("{}：{id}", measure_word(kind, lang)).into();
    }
    let word = match measure {
        "component" => "分项",
        "advanced" => "先进",
        "capacity" => "帮扶人数上限",
        "compliance" => "完成率",
        "coverage" => "结对率",
        "covered" => "结对",
        "dropouts" => "辍学",
        "enrollment_rate" => "入学率",
        "file" => "档案",
        "filing_rate" => "建档率",
        "on_roll_rate" => "在籍率",
        "pay" => "帮扶奖金",
        "plan" => "个别教育计划",
        "planned" => "已制定计划",
        "rank" => "名次",
        "retention" => "巩固",
        "retention_rate" => "巩固率",
        "score" => "得分",
        "unpaid" => "未发放",
        "winners" => "获奖人数",
        "eligible" => "资格",
        other => crate::lang::code_word(other, lang),
    };
    word.into()
}

/// One outcome on one line: `rule measure — subject, period: status; value — reason`.
pub fn line(o: &Outcome, names: &RuleNames, lang: Lang) -> String {
    let mut what = Vec::new();
    if let Some(s) = o.status {
        what.push(state_text(s, lang).to_owned());
    }
    if let Some(v) = &o.value {
        what.push(value_text(v, lang));
    }
    let mut text = format!(
        "{} — {}, {}: {}",
        rule_text(names, &o.rule, &o.measure, lang),
        subject_text(&o.subject, lang),
        period_text(&o.period, lang),
        what.join(lang.pick("; ", "；"))
    );
    let reason = reason_text(&o.reason, lang);
    if !reason.is_empty() {
        text.push_str(" — ");
        text.push_str(&reason);
    }
    text
}
