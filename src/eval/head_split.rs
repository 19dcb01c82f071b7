//! A head teacher's own division of a class's hand-in-hand total (Plan 5 §6, second paragraph:
//! "According to the assessment of the relevant students in this class, the school head teacher
//! divides them into actual assessment scores"), read from `helper_split.csv` (帮扶积分分配).
//!
//! The class total is formed once per class and academic year (the sum of the points of the
//! class's assessed children), so the file divides it at that grain: one row per (academic
//! year, class, helper) with whole points. A class's rows are used only when every row names a
//! helper of that class once, with a whole number of points, and the points sum to the total;
//! otherwise each problem is an error finding (file, line, column, the total expected) and the
//! class keeps the automatic split. Classes without rows keep the automatic split too.

use super::{Ctx, class_name};
use crate::lang::Lang;
use crate::records::{ClassKey, Finding, HelperSplitRow, Msg};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The canonical name of the file.
pub const FILE: &str = "helper_split.csv";

/// Where a head teacher's division of one class was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SplitSource {
    /// The record file as named in the records directory (a CSV file, or the workbook).
    pub file: String,
    /// The sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The physical lines (or sheet rows) of the class's rows, in file order.
    pub lines: Vec<usize>,
}

impl SplitSource {
    /// `helper_split.csv line 3`, `帮扶积分分配.csv lines 2, 3`, `records.xlsx (sheet 帮扶积分分配) line 2`;
    /// in Chinese `帮扶积分分配.csv 第2、3行`.
    pub fn at(&self, lines: &[usize], lang: Lang) -> String {
        let file = match (&self.sheet, lang) {
            (Some(s), Lang::En) => format!("{} (sheet {s})", self.file),
            (Some(s), Lang::Zh) => format!("{}（工作表 {s}）", self.file),
            (None, _) => self.file.clone(),
        };
        format!("{file} {}", lines_text(lines, lang))
    }

    /// Where every row of the class was read from.
    pub fn text(&self, lang: Lang) -> String {
        self.at(&self.lines, lang)
    }
}

/// `line 3` or `lines 2, 3, 4`; in Chinese `第3行`, `第2、3、4行`.
pub(crate) fn lines_text(lines: &[usize], lang: Lang) -> String {
    let list: Vec<String> = lines.iter().map(ToString::to_string).collect();
    match lang {
        Lang::En if lines.len() == 1 => format!("line {}", list.join("")),
        Lang::En => format!("lines {}", list.join(", ")),
        Lang::Zh => format!("第{}行", list.join("、")),
    }
}

/// One helper's share of a class's total as the class's head teacher divided it in
/// `helper_split.csv` (Plan 5 §6), in place of the automatic split of that class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassShare {
    /// The class (with school when there are several).
    pub class: String,
    /// The class's hand-in-hand total for the year, in points: the sum of its assessed
    /// children's points, which the shares of the class sum to.
    pub class_points: i64,
    /// This helper's share, in whole points.
    pub points: i64,
    /// This helper's pay for the share, in fen: `points` × the plan's fen per point.
    pub amount_fen: i64,
    /// The record file as named in the records directory.
    pub file: String,
    /// The sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The physical line (or sheet row) of the share.
    pub line: usize,
}

impl ClassShare {
    /// Where the share was read from: `helper_split.csv line 3`.
    pub fn at(&self, lang: Lang) -> String {
        SplitSource {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            lines: vec![self.line],
        }
        .text(lang)
    }
}

/// A class's division that passed every check.
pub(super) struct Division {
    /// The class's total, points.
    pub total: i64,
    /// (helper, points, line), in file order.
    pub shares: Vec<(String, i64, usize)>,
    /// Where it was read from.
    pub source: SplitSource,
}

impl Division {
    /// The helpers with a share above 0 points, lowest id first.
    pub fn credited(&self) -> Vec<String> {
        let ids: BTreeSet<&str> = self
            .shares
            .iter()
            .filter(|(_, p, _)| *p > 0)
            .map(|(id, _, _)| id.as_str())
            .collect();
        ids.into_iter().map(str::to_owned).collect()
    }
}

/// What the checks need to know of the year's figures.
pub(super) struct ClassFacts<'a> {
    /// Each class's total (the sum of its assessed children's points).
    pub totals: BTreeMap<ClassKey, i64>,
    /// Each class's helpers: mentors paired under the plan's scheme with one of its children
    /// in the year, and its head teachers.
    pub helpers: BTreeMap<ClassKey, BTreeSet<&'a str>>,
    /// The pairing scheme whose mentors are the helpers.
    pub scheme: &'a str,
}

/// The divisions of the evaluated year that pass every check, by class; an error finding for
/// every row (or class) that does not, naming the total expected and saying the class keeps
/// the automatic split.
pub(super) fn divisions(ctx: &mut Ctx, facts: &ClassFacts) -> BTreeMap<ClassKey, Division> {
    let records = ctx.records;
    let mut out = BTreeMap::new();
    let mut by_class: BTreeMap<&ClassKey, Vec<&HelperSplitRow>> = BTreeMap::new();
    for r in records
        .helper_split
        .iter()
        .filter(|r| r.academic_year == ctx.year)
    {
        by_class.entry(&r.class).or_default().push(r);
    }
    if by_class.is_empty() {
        return out;
    }
    let source = records.sources.get(FILE);
    let file = source.map_or(FILE, |s| s.file.as_str()).to_owned();
    let sheet = source.and_then(|s| s.sheet.clone());
    let header = |c: &str| {
        source
            .and_then(|s| s.headers.get(c))
            .cloned()
            .unwrap_or_else(|| c.to_owned())
    };
    let finding = |line: usize, column: &str, message: Msg| {
        Finding::error(&file, Some(line), Some(&header(column)), message).on_sheet(sheet.as_deref())
    };
    let classes: BTreeSet<&ClassKey> = records.students.iter().map(|s| &s.class).collect();
    let staff: BTreeSet<&str> = records.staff.iter().map(|s| s.staff_id.as_str()).collect();
    let students: BTreeSet<&str> = records
        .students
        .iter()
        .map(|s| s.student_id.as_str())
        .collect();
    let year = ctx.year.clone();
    for (class, rows) in by_class {
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        let at = lines_text(&lines, Lang::En);
        let at_zh = lines_text(&lines, Lang::Zh);
        if !classes.contains(class) {
            ctx.findings.push(finding(
                lines[0],
                "class",
                Msg::new(
                    format!(
                        "no student of students.csv is in class `{class}`, so its division for {year} \
                         on {at} is not used"
                    ),
                    format!(
                        "students.csv 中没有班级 `{class}` 的学生，{at_zh}的 {year} 学年积分分配不用"
                    ),
                ),
            ));
            continue;
        }
        let total = facts.totals.get(class).copied().unwrap_or(0);
        let fallback = format!(
            "class `{class}`'s total for {year} is {total} points (the sum of its assessed \
             children's points), so its division on {at} is not used and the class keeps the \
             automatic split"
        );
        let fallback_zh = format!(
            "班级 `{class}` {year} 学年的积分合计为 {total} 分（该班参加考核学生的积分之和），\
             因此{at_zh}的分配不用，该班仍按自动分配"
        );
        let mut ok = true;
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut sum = 0i64;
        let empty = BTreeSet::new();
        let helpers = facts.helpers.get(class).unwrap_or(&empty);
        for r in &rows {
            let id = r.helper_id.as_str();
            match &r.points {
                Ok(p) => sum += p,
                Err(written) => {
                    ok = false;
                    ctx.findings.push(finding(
                        r.line,
                        "points",
                        Msg::new(
                            format!(
                                "`{written}` is not a whole number of points (0 or more); {fallback}"
                            ),
                            format!("`{written}` 不是整数积分（0 或以上）；{fallback_zh}"),
                        ),
                    ));
                }
            }
            if !staff.contains(id) && !students.contains(id) {
                ok = false;
                ctx.findings.push(finding(
                    r.line,
                    "helper_id",
                    Msg::new(
                        format!("unknown helper `{id}`, not a staff_id or student_id; {fallback}"),
                        format!("未知的帮扶人 `{id}`，既不是教职工编号也不是学号；{fallback_zh}"),
                    ),
                ));
            } else if !helpers.contains(id) {
                ok = false;
                ctx.findings.push(finding(
                    r.line,
                    "helper_id",
                    Msg::new(
                        format!(
                            "`{id}` is not a helper of class `{class}` (neither paired with one of \
                             its children under `{}` in {year} nor its head teacher); {fallback}",
                            facts.scheme
                        ),
                        format!(
                            "`{id}` 不是班级 `{class}` 的帮扶人（{year} 学年既未以 `{}` 与该班学生结对，\
                             也不是该班班主任）；{fallback_zh}",
                            facts.scheme
                        ),
                    ),
                ));
            }
            if let Some(first) = seen.insert(id, r.line) {
                ok = false;
                seen.insert(id, first);
                ctx.findings.push(finding(
                    r.line,
                    "helper_id",
                    Msg::new(
                        format!("`{id}` has a second share of class `{class}`, first on line {first}; {fallback}"),
                        format!("`{id}` 在班级 `{class}` 有第二份分配，第一份在第 {first} 行；{fallback_zh}"),
                    ),
                ));
            }
        }
        let all_numbers = rows.iter().all(|r| r.points.is_ok());
        if all_numbers && sum != total {
            ok = false;
            ctx.findings.push(finding(
                lines[0],
                "points",
                Msg::new(
                    format!(
                        "the shares of class `{class}` for {year} on {at} sum to {sum} points, but \
                         the class's total is {total} points (the sum of its assessed children's \
                         points); the division is not used and the class keeps the automatic split"
                    ),
                    format!(
                        "班级 `{class}` {year} 学年{at_zh}的分配合计 {sum} 分，而该班积分合计为 {total} 分\
                         （该班参加考核学生的积分之和）；该分配不用，该班仍按自动分配"
                    ),
                ),
            ));
        }
        if ok {
            out.insert(
                class.clone(),
                Division {
                    total,
                    shares: rows
                        .iter()
                        .map(|r| (r.helper_id.clone(), r.points.clone().unwrap_or(0), r.line))
                        .collect(),
                    source: SplitSource {
                        file: file.clone(),
                        sheet: sheet.clone(),
                        lines: lines.clone(),
                    },
                },
            );
        }
    }
    out
}

/// The class a share belongs to, as the decision names it.
pub(super) fn share(
    class: &ClassKey,
    d: &Division,
    points: i64,
    fen_per_point: i64,
    line: usize,
) -> ClassShare {
    ClassShare {
        class: class_name(class),
        class_points: d.total,
        points,
        amount_fen: points * fen_per_point,
        file: d.source.file.clone(),
        sheet: d.source.sheet.clone(),
        line,
    }
}
