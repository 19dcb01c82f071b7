//! The decision as tables, for Excel-ready output ([`super::excel`]): a summary, the rule
//! summary, obligation windows, students, helpers, classes, findings (with their kind), and a
//! payout sheet (发放表) per class with each amount in yuan and in capital numerals and an empty
//! column to sign in.

use super::capital::capital;
use super::{ObligationFilter, text::status_word, yuan};
use crate::eval::Decision;
use crate::lang::Lang;
use crate::privacy::Masker;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Num(f64),
    /// An amount of money, in fen; shown in yuan with two decimals.
    Fen(i64),
    /// A day.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text (yuan with two decimals, ISO dates).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(f) => f.to_string(),
            Cell::Fen(f) => yuan(*f),
            Cell::Date(d) => d.to_string(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Empty, Into::into)
    }
}

impl From<u32> for Cell {
    fn from(v: u32) -> Cell {
        Cell::Int(i64::from(v))
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}

impl From<NaiveDate> for Cell {
    fn from(v: NaiveDate) -> Cell {
        Cell::Date(v)
    }
}

/// One table: a sheet of the workbook, or a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name, and the CSV file's stem.
    pub name: String,
    /// A title row above the header, when the table has one (payout sheets).
    pub title: Option<String>,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(name: &str, headers: &[&str]) -> Self {
        Table {
            name: name.to_owned(),
            title: None,
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Masks the text cells (and the title) with `masker`.
    pub fn mask(&mut self, masker: &Masker) {
        if let Some(t) = &mut self.title {
            *t = masker.apply(t).into_owned();
        }
        for cell in self.rows.iter_mut().flatten() {
            if let Cell::Text(s) = cell {
                *s = masker.apply(s).into_owned();
            }
        }
    }
}

fn yes_no(b: bool, lang: Lang) -> Cell {
    Cell::Text(
        if b {
            lang.pick("yes", "是")
        } else {
            lang.pick("no", "否")
        }
        .to_owned(),
    )
}

/// Every table of the decision, masked by `masker`: obligation windows per `filter`.
pub fn tables(d: &Decision, filter: ObligationFilter, lang: Lang, masker: &Masker) -> Vec<Table> {
    let l = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let names: HashMap<&str, &str> = d
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s.name.as_str()))
        .collect();
    let mut out = Vec::new();

    let mut t = Table::new(
        l("summary", "概要"),
        &[l("item", "项目"), l("value", "内容")],
    );
    let totals = &d.totals;
    let rows: Vec<(&str, Cell)> = vec![
        (
            l("policy", "方案"),
            format!("{} ({})", d.name_in(lang), d.policy).into(),
        ),
        (l("academic year", "学年"), d.year.clone().into()),
        (l("as of", "截至"), d.as_of.into()),
        (l("roster of", "考核名册日"), d.assessment_day.into()),
        (l("provisional", "暂定"), yes_no(d.provisional, lang)),
        (l("points", "积分"), totals.points.into()),
        (
            l("unpaid points", "未发放积分"),
            totals.unpaid_points.into(),
        ),
        (
            l("student prizes (yuan)", "学生奖金（元）"),
            Cell::Fen(totals.student_awards_fen),
        ),
        (
            l("helper pay (yuan)", "帮扶奖金（元）"),
            Cell::Fen(totals.helper_awards_fen),
        ),
        (l("total (yuan)", "总计（元）"), Cell::Fen(totals.total_fen)),
        (
            l("findings", "数据问题"),
            i64::try_from(d.findings.len()).unwrap_or(i64::MAX).into(),
        ),
    ];
    t.rows = rows.into_iter().map(|(k, v)| vec![k.into(), v]).collect();
    out.push(t);

    let mut t = Table::new(
        l("rules", "规则汇总"),
        &[
            l("rule", "规则"),
            l("type", "类别"),
            l("met", "按时"),
            l("late", "逾期"),
            l("partial", "部分在校"),
            l("open", "进行中"),
            l("missed", "未完成"),
            l("compliance %", "完成率（%）"),
            l("children", "学生数"),
        ],
    );
    let summaries = [
        (l("obligation", "联系义务"), &d.obligation_summary),
        (l("activity", "活动"), &d.activity_summary),
    ];
    for (kind, summary) in summaries {
        for (rule, c) in summary {
            t.rows.push(vec![
                rule.as_str().into(),
                kind.into(),
                c.met.into(),
                c.late.into(),
                c.partial.into(),
                c.open.into(),
                c.missed.into(),
                c.compliance_rate
                    .map_or(Cell::Empty, |r| Cell::Num((r * 1000.0).round() / 10.0)),
                match c.children {
                    0 => Cell::Empty,
                    n => n.into(),
                },
            ]);
        }
    }
    out.push(t);

    let mut t = Table::new(
        l("obligations", "联系义务"),
        &[
            l("rule", "规则"),
            l("student_id", "学号"),
            l("name", "姓名"),
            l("class", "班级"),
            l("window start", "开始"),
            l("window end", "结束"),
            l("due", "应完成日"),
            l("status", "状态"),
            l("contact", "联系日"),
            l("overdue", "逾期未完成"),
        ],
    );
    for r in d.obligations.iter().filter(|r| filter.keeps(r)) {
        t.rows.push(vec![
            r.rule.as_str().into(),
            r.student_id.as_str().into(),
            names.get(r.student_id.as_str()).copied().into(),
            r.class.as_str().into(),
            r.window_start.into(),
            r.window_end.into(),
            r.due.into(),
            status_word(r.status, lang).into(),
            r.contact_date.into(),
            yes_no(r.overdue, lang),
        ]);
    }
    out.push(t);

    let mut t = Table::new(
        l("students", "学生"),
        &[
            l("student_id", "学号"),
            l("name", "姓名"),
            l("class", "班级"),
            l("enrolled at assessment", "考核日在籍"),
            l("rank (base)", "排名（基准）"),
            l("rank (first term)", "排名（第一学期）"),
            l("rank (final)", "排名（期末）"),
            l("points", "积分"),
            l("prizes", "奖项"),
            l("prizes (yuan)", "奖金（元）"),
        ],
    );
    for s in &d.students {
        let prizes: Vec<&str> = s.awards.iter().map(|a| a.award.as_str()).collect();
        t.rows.push(vec![
            s.student_id.as_str().into(),
            s.name.as_str().into(),
            s.class.as_str().into(),
            yes_no(s.enrolled_at_assessment, lang),
            s.rank_points_base.into(),
            s.rank_first_term.into(),
            s.rank_final.into(),
            s.points.into(),
            prizes.join(", ").into(),
            Cell::Fen(s.awards_fen),
        ]);
    }
    out.push(t);

    // A column saying which shares came from a head teacher's own division (helper_split.csv)
    // only when some did: the automatic split needs no word.
    let divided = d.helpers.iter().any(|h| !h.class_shares.is_empty());
    let mut columns = vec![
        l("helper_id", "编号"),
        l("name", "姓名"),
        l("children", "帮扶人数"),
        l("points", "积分"),
        l("pay (yuan)", "奖金（元）"),
    ];
    if divided {
        columns.push(l("divided by the head teacher", "班主任分配"));
    }
    let mut t = Table::new(l("helpers", "帮扶人"), &columns);
    for h in &d.helpers {
        let mut row = vec![
            h.helper_id.as_str().into(),
            h.name.as_str().into(),
            Cell::Int(i64::try_from(h.children.len()).unwrap_or(i64::MAX)),
            if h.points.is_whole() {
                Cell::Int(h.points.to_string().parse().unwrap_or_default())
            } else {
                Cell::Num((h.points.to_f64() * 100.0).round() / 100.0)
            },
            Cell::Fen(h.amount_fen),
        ];
        if divided {
            let shares: Vec<String> = h
                .class_shares
                .iter()
                .map(|c| match lang {
                    Lang::En => format!("{}: {} points ({})", c.class, c.points, c.at(lang)),
                    Lang::Zh => format!("{}：{}分（{}）", c.class, c.points, c.at(lang)),
                })
                .collect();
            row.push(shares.join("; ").into());
        }
        t.rows.push(row);
    }
    out.push(t);

    let divided = d.classes.iter().any(|c| c.head_teacher_split.is_some());
    let mut columns = vec![
        l("class", "班级"),
        l("head teacher", "班主任"),
        l("assessed", "考核人数"),
        l("points", "积分"),
        l("unpaid points", "未发放积分"),
        l("student prizes (yuan)", "学生奖金（元）"),
        l("helper pay (yuan)", "帮扶奖金（元）"),
    ];
    if divided {
        columns.push(l("helper pay divided by", "帮扶积分分配方式"));
    }
    let mut t = Table::new(l("classes", "班级"), &columns);
    for c in &d.classes {
        let mut row = vec![
            c.class.as_str().into(),
            c.head_teacher.clone().into(),
            c.assessed.into(),
            c.points.into(),
            c.unpaid_points.into(),
            Cell::Fen(c.student_awards_fen),
            Cell::Fen(c.helper_awards_fen),
        ];
        if divided {
            row.push(match (&c.head_teacher_split, lang) {
                (Some(src), Lang::En) => format!("the head teacher ({})", src.text(lang)).into(),
                (Some(src), Lang::Zh) => format!("班主任分配（{}）", src.text(lang)).into(),
                (None, _) => l("automatic rule", "自动规则").into(),
            });
        }
        t.rows.push(row);
    }
    out.push(t);

    let mut t = Table::new(
        findings_name(lang),
        &[
            l("severity", "级别"),
            l("kind", "类别"),
            l("file", "文件"),
            l("sheet", "工作表"),
            l("line", "行"),
            l("column", "列"),
            l("message", "说明"),
        ],
    );
    for f in &d.findings {
        let severity = match f.severity {
            crate::records::Severity::Error => l("error", "错误"),
            crate::records::Severity::Warning => l("warning", "警告"),
            crate::records::Severity::Note => l("note", "提示"),
        };
        t.rows.push(vec![
            severity.into(),
            f.kind().label_in(lang).into(),
            f.file.as_str().into(),
            f.sheet.clone().into(),
            f.line.map(|l| i64::try_from(l).unwrap_or(i64::MAX)).into(),
            f.column.clone().into(),
            f.message_in(lang).into(),
        ]);
    }
    out.push(t);

    out.extend(payout_sheets(d, lang));
    for t in &mut out {
        t.mask(masker);
    }
    out
}

/// One row of a payout sheet: (kind, id, name, what for, fen).
type PayoutRow = (&'static str, String, String, String, i64);

/// One payout sheet (发放表) per class that pays anything: student prizes, then helper pay for
/// the class's children, each amount in yuan and in capital numerals, a total row, and an
/// empty signature column. A helper who helps children of several classes is on each of
/// their sheets with that class's share.
pub fn payout_sheets(d: &Decision, lang: Lang) -> Vec<Table> {
    let l = |en: &'static str, zh: &'static str| lang.pick(en, zh);
    let class_of: HashMap<&str, &str> = d
        .students
        .iter()
        .map(|s| (s.student_id.as_str(), s.class.as_str()))
        .collect();
    let mut classes: BTreeMap<&str, Vec<PayoutRow>> = BTreeMap::new();
    for s in d.students.iter().filter(|s| s.awards_fen != 0) {
        let prizes: Vec<&str> = s.awards.iter().map(|a| a.award.as_str()).collect();
        classes.entry(s.class.as_str()).or_default().push((
            l("student prize", "学生奖励"),
            s.student_id.clone(),
            s.name.clone(),
            prizes.join(", "),
            s.awards_fen,
        ));
    }
    for h in &d.helpers {
        let mut per_class: BTreeMap<&str, (i64, crate::eval::Ratio, usize)> = BTreeMap::new();
        for c in &h.children {
            let class = class_of.get(c.student_id.as_str()).copied().unwrap_or("");
            let e = per_class.entry(class).or_default();
            e.0 += c.amount_fen;
            e.1 = e.1 + c.points;
            e.2 += 1;
        }
        for (class, (fen, points, n)) in per_class {
            if fen == 0 {
                continue;
            }
            let reason = match lang {
                Lang::En => format!(
                    "helps {n} {}, {points} points",
                    if n == 1 { "child" } else { "children" }
                ),
                Lang::Zh => format!("帮扶 {n} 名学生，积分 {points}"),
            };
            classes.entry(class).or_default().push((
                l("helper pay", "帮扶奖励"),
                h.helper_id.clone(),
                h.name.clone(),
                reason,
                fen,
            ));
        }
        for c in h.class_shares.iter().filter(|c| c.amount_fen != 0) {
            let reason = match lang {
                Lang::En => format!(
                    "{} of the class's {} points, as the head teacher divided them ({})",
                    c.points,
                    c.class_points,
                    c.at(lang)
                ),
                Lang::Zh => format!(
                    "全班合计{}分中分得{}分，由班主任分配（{}）",
                    c.class_points,
                    c.points,
                    c.at(lang)
                ),
            };
            classes.entry(c.class.as_str()).or_default().push((
                l("helper pay", "帮扶奖励"),
                h.helper_id.clone(),
                h.name.clone(),
                reason,
                c.amount_fen,
            ));
        }
    }
    let headers = [
        l("no.", "序号"),
        l("type", "类别"),
        l("id", "编号"),
        l("name", "姓名"),
        l("for", "事由"),
        l("amount (yuan)", "金额（元）"),
        l("amount in words", "大写金额"),
        l("signature", "签名"),
    ];
    classes
        .into_iter()
        .map(|(class, rows)| {
            let name = match lang {
                Lang::En => format!("payout {class}"),
                Lang::Zh => format!("发放表 {class}"),
            };
            let mut t = Table::new(&name, &headers);
            t.title = Some(match lang {
                Lang::En => format!(
                    "Payout sheet, class {class}: {} academic year, as of {}",
                    d.year, d.as_of
                ),
                Lang::Zh => format!("{class} 班奖励发放表（{} 学年，截至 {}）", d.year, d.as_of),
            });
            let mut total = 0;
            for (i, (kind, id, name, reason, fen)) in rows.into_iter().enumerate() {
                total += fen;
                t.rows.push(vec![
                    Cell::Int(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                    kind.into(),
                    id.into(),
                    name.into(),
                    reason.into(),
                    Cell::Fen(fen),
                    capital(fen).into(),
                    Cell::Empty,
                ]);
            }
            t.rows.push(vec![
                l("total", "合计").into(),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Fen(total),
                capital(total).into(),
                Cell::Empty,
            ]);
            t
        })
        .collect()
}

/// The name of the findings table (its sheet in a workbook) in `lang`.
pub fn findings_name(lang: Lang) -> &'static str {
    lang.pick("findings", "数据问题")
}
