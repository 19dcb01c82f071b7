//! Why a figure is what it is: structured reasons, rendered in plain words in English or
//! Chinese so a parent or teacher can check them.

use crate::lang::Lang;
use crate::policy::ExamRef;
use crate::units::yuan;
use chrono::NaiveDate;
use serde::Serialize;

/// A child's standing on one exam, as far as the as-of date allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankOn {
    /// Which exam of the year.
    #[serde(serialize_with = "exam_ser")]
    pub exam: ExamRef,
    /// The term label, when the exam is known.
    pub term: Option<String>,
    /// The class rank, when the result counts.
    pub rank: Option<u32>,
    /// Whether the term had ended by the as-of date.
    pub counted: bool,
}

fn exam_ser<S: serde::Serializer>(e: &ExamRef, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(exam_key(*e))
}

fn exam_key(e: ExamRef) -> &'static str {
    match e {
        ExamRef::FirstTerm => "first_term",
        ExamRef::Final => "final",
        ExamRef::PreviousFinal => "previous_final",
        ExamRef::RankBase => "rank_base",
    }
}

/// The name of an exam in plain words.
pub fn exam_name(e: ExamRef, lang: Lang) -> &'static str {
    match e {
        ExamRef::FirstTerm => lang.pick("first-semester final", "第一学期期末考试"),
        ExamRef::Final => lang.pick("second-semester final", "第二学期期末考试"),
        ExamRef::PreviousFinal => lang.pick("previous year's final", "上学年第二学期期末考试"),
        ExamRef::RankBase => lang.pick("rank base exam", "排名基准考试"),
    }
}

impl RankOn {
    fn name(&self, lang: Lang) -> String {
        match (&self.term, lang) {
            (Some(t), Lang::En) => format!("the {} ({t})", exam_name(self.exam, lang)),
            (Some(t), Lang::Zh) => format!("{}（{t}）", exam_name(self.exam, lang)),
            (None, Lang::En) => format!("the {}", exam_name(self.exam, lang)),
            (None, Lang::Zh) => exam_name(self.exam, lang).to_owned(),
        }
    }

    /// Why there is no rank, in plain words.
    fn missing(&self, lang: Lang) -> String {
        match (&self.term, self.counted, lang) {
            (None, _, Lang::En) => format!("{} is not known for this year", self.name(lang)),
            (None, _, Lang::Zh) => format!("本学年没有{}", self.name(lang)),
            (Some(_), false, Lang::En) => format!("{} does not count yet", self.name(lang)),
            (Some(_), false, Lang::Zh) => format!("{}尚未结束，不计入", self.name(lang)),
            (Some(_), true, Lang::En) => format!("no result on {}", self.name(lang)),
            (Some(_), true, Lang::Zh) => format!("{}无成绩", self.name(lang)),
        }
    }

    fn ranked(&self, lang: Lang) -> String {
        match (self.rank, lang) {
            (Some(r), Lang::En) => format!("rank {r} on {}", self.name(lang)),
            (Some(r), Lang::Zh) => format!("{}班级第{r}名", self.name(lang)),
            (None, _) => self.missing(lang),
        }
    }
}

/// One helper's share of a child's pay when the plan splits by days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaysShare {
    /// The helper.
    pub helper_id: String,
    /// Calendar days paired with the child in the year.
    pub days: i64,
    /// The helper's fen.
    pub amount_fen: i64,
}

/// Why a point rule, a prize or a share of pay came out as it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Points per class-rank place gained (Plan 5, §6).
    RankGain {
        /// The base exam.
        from: RankOn,
        /// The later exam.
        to: RankOn,
        /// Points per place.
        per_place: i64,
        /// Points scored.
        points: i64,
    },
    /// Points for staying in the top `n` on every listed exam.
    StayTop {
        /// Rank limit.
        n: u32,
        /// The exams.
        on: Vec<RankOn>,
        /// Points scored.
        points: i64,
    },
    /// Points for no serious conduct record in the year.
    NoSeriousConduct {
        /// Academic year.
        year: String,
        /// Whether a serious record exists.
        serious: bool,
        /// Whether the year is still running (so far).
        so_far: bool,
        /// Points scored.
        points: i64,
    },
    /// Points for an honour title.
    HonorTitle {
        /// The title.
        title: String,
        /// Academic year.
        year: String,
        /// Whether the child holds it.
        held: bool,
        /// Points scored.
        points: i64,
    },
    /// Covered, but not enrolled on the assessment day.
    NotAssessed {
        /// The assessment day.
        day: NaiveDate,
    },
    /// A prize for a class rank within a range.
    RankPrize {
        /// The exam and rank.
        on: RankOn,
        /// Best rank of the tier.
        from: u32,
        /// Worst rank of the tier.
        to: u32,
        /// Amount, fen.
        amount_fen: i64,
    },
    /// A prize for places of progress.
    ProgressPrize {
        /// Base exam.
        from: RankOn,
        /// Later exam.
        to: RankOn,
        /// Places needed.
        min_places: u32,
        /// Amount, fen.
        amount_fen: i64,
    },
    /// The child's points paid to helpers.
    HelperPay {
        /// The child's points.
        points: i64,
        /// Fen per point.
        fen_per_point: i64,
        /// The helpers credited, lowest id first.
        helpers: Vec<String>,
        /// Whether the head teacher is credited because the child has no helper.
        head_teacher: bool,
        /// The pairing scheme.
        scheme: String,
    },
    /// A script rule's result.
    Script {
        /// The script function.
        function: String,
        /// The script file (as shown to the user).
        file: String,
        /// Points it gave (points rules).
        points: Option<i64>,
        /// Fen it gave (prize rules; 0 = not won).
        amount_fen: Option<i64>,
        /// What the script printed during the call.
        printed: Vec<String>,
    },
    /// A script rule that failed for this child: its result is left out.
    ScriptFailed {
        /// The script function.
        function: String,
        /// The script file.
        file: String,
        /// What went wrong.
        error: String,
    },
    /// The child's points paid to helpers in proportion to the days each was paired.
    HelperPayByDays {
        /// The child's points.
        points: i64,
        /// Fen per point.
        fen_per_point: i64,
        /// Each helper's days and fen, lowest id first.
        shares: Vec<DaysShare>,
        /// The pairing scheme.
        scheme: String,
    },
    /// The child's points go into its class's total, which the class's head teacher divided
    /// among the helpers in `helper_split.csv` (Plan 5 §6) instead of the automatic rule.
    HeadTeacherSplit {
        /// The child's points.
        points: i64,
        /// Fen per point.
        fen_per_point: i64,
        /// The class.
        class: String,
        /// The class's total, points.
        class_points: i64,
        /// Where the division was read from (`helper_split.csv`, lines 2 and 3).
        source: super::SplitSource,
        /// The helpers with a share above 0 points, lowest id first.
        helpers: Vec<String>,
    },
    /// Nobody is credited with the child's points.
    Unpaid {
        /// The child's points.
        points: i64,
        /// The pairing scheme.
        scheme: String,
    },
}

fn places(from: &RankOn, to: &RankOn) -> Option<i64> {
    Some(i64::from(from.rank?) - i64::from(to.rank?))
}

impl Why {
    /// The points a point rule's reason scores, if it is one.
    pub fn points(&self) -> Option<i64> {
        match self {
            Why::RankGain { points, .. }
            | Why::StayTop { points, .. }
            | Why::NoSeriousConduct { points, .. }
            | Why::HonorTitle { points, .. } => Some(*points),
            Why::Script { points, .. } => *points,
            Why::ScriptFailed { .. } => Some(0),
            _ => None,
        }
    }

    /// The fen a prize reason pays, if it is one.
    pub fn amount_fen(&self) -> Option<i64> {
        match self {
            Why::RankPrize { amount_fen, .. } | Why::ProgressPrize { amount_fen, .. } => {
                Some(*amount_fen)
            }
            Why::Script { amount_fen, .. } => *amount_fen,
            _ => None,
        }
    }

    /// The explanation in plain words.
    pub fn text(&self, lang: Lang) -> String {
        use Lang::{En, Zh};
        match (self, lang) {
            (
                Why::RankGain {
                    from,
                    to,
                    per_place,
                    points,
                },
                _,
            ) => match places(from, to) {
                Some(p) if p > 0 => match lang {
                    En => format!(
                        "{} → {}: {p} {} × {per_place} = {points} points",
                        from.ranked(lang),
                        to.ranked(lang).replacen("rank ", "", 1),
                        if p == 1 { "place" } else { "places" }
                    ),
                    Zh => format!(
                        "{} → {}：进步{p}名 × {per_place} = {points}分",
                        from.ranked(lang),
                        to.ranked(lang)
                    ),
                },
                Some(_) => match lang {
                    En => format!(
                        "{} → {}: no places gained, 0 points",
                        from.ranked(lang),
                        to.ranked(lang).replacen("rank ", "", 1)
                    ),
                    Zh => format!(
                        "{} → {}：名次未提高，0分",
                        from.ranked(lang),
                        to.ranked(lang)
                    ),
                },
                None => {
                    let why = if from.rank.is_none() {
                        from.missing(lang)
                    } else {
                        to.missing(lang)
                    };
                    match lang {
                        En => format!("{why}: no rank points"),
                        Zh => format!("{why}：不计排名分"),
                    }
                }
            },
            (Why::StayTop { n, on, points }, _) => {
                let list: Vec<String> = on.iter().map(|r| r.ranked(lang)).collect();
                let ok = *points > 0 || on.iter().all(|r| r.rank.is_some_and(|r| r <= *n));
                match (lang, ok) {
                    (En, true) => format!(
                        "in the top {n} on every listed exam ({}): +{points}",
                        list.join("; ")
                    ),
                    (En, false) => format!(
                        "not in the top {n} on every listed exam ({}): 0",
                        list.join("; ")
                    ),
                    (Zh, true) => {
                        format!("各次考试均保持前{n}名（{}）：+{points}分", list.join("；"))
                    }
                    (Zh, false) => {
                        format!("未在各次考试中均保持前{n}名（{}）：0分", list.join("；"))
                    }
                }
            }
            (
                Why::NoSeriousConduct {
                    year,
                    serious,
                    so_far,
                    points,
                },
                En,
            ) => {
                if *serious {
                    format!("a serious conduct record in {year}: 0")
                } else {
                    let so_far = if *so_far { " so far" } else { "" };
                    format!("no serious conduct record in {year}{so_far}: +{points}")
                }
            }
            (
                Why::NoSeriousConduct {
                    year,
                    serious,
                    so_far,
                    points,
                },
                Zh,
            ) => {
                if *serious {
                    format!("{year}学年有严重违纪记录：0分")
                } else {
                    let so_far = if *so_far { "（截至目前）" } else { "" };
                    format!("{year}学年无严重违纪违法记录{so_far}：+{points}分")
                }
            }
            (
                Why::HonorTitle {
                    title,
                    year,
                    held,
                    points,
                },
                En,
            ) => {
                if *held {
                    format!("title `{title}` in {year}: +{points}")
                } else {
                    format!("no title `{title}` in {year}: 0")
                }
            }
            (
                Why::HonorTitle {
                    title,
                    year,
                    held,
                    points,
                },
                Zh,
            ) => {
                if *held {
                    format!("{year}学年获“{title}”称号：+{points}分")
                } else {
                    format!("{year}学年未获“{title}”称号：0分")
                }
            }
            (Why::NotAssessed { day }, En) => {
                format!("not enrolled on {day}, the assessment day: not assessed")
            }
            (Why::NotAssessed { day }, Zh) => format!("考核日（{day}）不在籍：不参加考核"),
            (Why::RankPrize { on, amount_fen, .. }, En) => {
                format!("{}: prize {} yuan", on.ranked(lang), yuan(*amount_fen))
            }
            (Why::RankPrize { on, amount_fen, .. }, Zh) => {
                format!("{}：奖励{}元", on.ranked(lang), yuan(*amount_fen))
            }
            (
                Why::ProgressPrize {
                    from,
                    to,
                    min_places,
                    amount_fen,
                },
                _,
            ) => {
                let p = places(from, to).unwrap_or(0);
                match lang {
                    En => format!(
                        "{} → {}: {p} places of progress (at least {min_places}): prize {} yuan",
                        from.ranked(lang),
                        to.ranked(lang).replacen("rank ", "", 1),
                        yuan(*amount_fen)
                    ),
                    Zh => format!(
                        "{} → {}：进步{p}名（至少{min_places}名）：奖励{}元",
                        from.ranked(lang),
                        to.ranked(lang),
                        yuan(*amount_fen)
                    ),
                }
            }
            (
                Why::HelperPay {
                    points,
                    fen_per_point,
                    helpers,
                    head_teacher,
                    scheme,
                },
                _,
            ) => {
                let fen = points * fen_per_point;
                let k = helpers.len();
                let who = match (lang, head_teacher, k) {
                    (En, true, _) => format!(
                        "no helper under scheme `{scheme}`: credited to head teacher {}",
                        helpers.join(", ")
                    ),
                    (En, false, 1) => format!("helper {}", helpers.join(", ")),
                    (En, false, _) => {
                        format!("split equally between {k} helpers ({})", helpers.join(", "))
                    }
                    (Zh, true, _) => {
                        format!(
                            "无“{}”结对帮扶人：计入班主任{}",
                            crate::lang::code_word(scheme, lang),
                            helpers.join("、")
                        )
                    }
                    (Zh, false, 1) => format!("帮扶人{}", helpers.join("、")),
                    (Zh, false, _) => format!("由{k}位帮扶人（{}）平分", helpers.join("、")),
                };
                match lang {
                    En => format!(
                        "{points} points × {} yuan = {} yuan, {who}",
                        yuan(*fen_per_point),
                        yuan(fen)
                    ),
                    Zh => format!(
                        "{points}分 × {}元 = {}元，{who}",
                        yuan(*fen_per_point),
                        yuan(fen)
                    ),
                }
            }
            (
                Why::Script {
                    function,
                    file,
                    points,
                    amount_fen,
                    printed,
                },
                _,
            ) => {
                let what = match (points, amount_fen, lang) {
                    (Some(p), _, En) => format!("{p} points"),
                    (Some(p), _, Zh) => format!("{p}分"),
                    (None, Some(a), En) if *a > 0 => format!("prize {} yuan", yuan(*a)),
                    (None, Some(a), Zh) if *a > 0 => format!("奖励{}元", yuan(*a)),
                    (_, _, En) => "no prize".to_owned(),
                    (_, _, Zh) => "无奖励".to_owned(),
                };
                let said = if printed.is_empty() {
                    String::new()
                } else {
                    match lang {
                        En => format!(" (printed: {})", printed.join(" | ")),
                        Zh => format!("（输出：{}）", printed.join(" | ")),
                    }
                };
                match lang {
                    En => format!("script `{function}` ({file}): {what}{said}"),
                    Zh => format!("脚本 `{function}`（{file}）：{what}{said}"),
                }
            }
            (
                Why::ScriptFailed {
                    function,
                    file,
                    error,
                },
                En,
            ) => {
                format!("script `{function}` ({file}) failed: {error}; its result is left out")
            }
            (
                Why::ScriptFailed {
                    function,
                    file,
                    error,
                },
                Zh,
            ) => {
                format!("脚本 `{function}`（{file}）出错：{error}；本项结果不计")
            }
            (
                Why::HelperPayByDays {
                    points,
                    fen_per_point,
                    shares,
                    scheme,
                },
                _,
            ) => {
                let fen = points * fen_per_point;
                let total: i64 = shares.iter().map(|s| s.days).sum();
                match lang {
                    En => {
                        let parts: Vec<String> = shares
                            .iter()
                            .map(|s| {
                                format!(
                                    "{} {}/{total} days → {} yuan",
                                    s.helper_id,
                                    s.days,
                                    yuan(s.amount_fen)
                                )
                            })
                            .collect();
                        format!(
                            "{points} points × {} yuan = {} yuan, split by days paired under `{scheme}`: {}",
                            yuan(*fen_per_point),
                            yuan(fen),
                            parts.join(", ")
                        )
                    }
                    Zh => {
                        let parts: Vec<String> = shares
                            .iter()
                            .map(|s| {
                                format!(
                                    "{} {}/{total}天 → {}元",
                                    s.helper_id,
                                    s.days,
                                    yuan(s.amount_fen)
                                )
                            })
                            .collect();
                        format!(
                            "{points}分 × {}元 = {}元，按“{scheme}”结对天数分配：{}",
                            yuan(*fen_per_point),
                            yuan(fen),
                            parts.join("、")
                        )
                    }
                }
            }
            (
                Why::HeadTeacherSplit {
                    points,
                    fen_per_point,
                    class,
                    class_points,
                    source,
                    helpers,
                },
                En,
            ) => format!(
                "{points} points × {} yuan = {} yuan go into class {class}'s total of {class_points} points, which the head teacher divided among the helpers ({}) in {source}, not by the automatic rule",
                yuan(*fen_per_point),
                yuan(points * fen_per_point),
                helpers.join(", "),
                source = source.text(En)
            ),
            (
                Why::HeadTeacherSplit {
                    points,
                    fen_per_point,
                    class,
                    class_points,
                    source,
                    helpers,
                },
                Zh,
            ) => format!(
                "{points}分 × {}元 = {}元计入班级{class}的合计{class_points}分，由班主任分配给帮扶人（{}，见{}），不按自动规则",
                yuan(*fen_per_point),
                yuan(points * fen_per_point),
                helpers.join("、"),
                source.text(Zh)
            ),
            (Why::Unpaid { points, scheme }, En) => {
                format!(
                    "no helper under scheme `{scheme}` and nobody credited: {points} points go unpaid"
                )
            }
            (Why::Unpaid { points, scheme }, Zh) => {
                format!(
                    "无“{}”结对帮扶人，也无人计入：{points}分不发放",
                    crate::lang::code_word(scheme, lang)
                )
            }
        }
    }
}
