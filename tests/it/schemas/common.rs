//! Pieces shared by several outputs: days, statuses, findings, diagnostics, structured reasons.
//!
//! Units throughout: money in fen (整数, 1 fen = 1/100 yuan), points as integers unless said,
//! days as `YYYY-MM-DD` strings, rates as fractions rounded to 4 decimals (`0.9535`).

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;

/// A calendar day written `YYYY-MM-DD` (checked when read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Day(pub String);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .ok()
            .filter(|day| day.format("%Y-%m-%d").to_string() == s)
            .map(|_| Day(s.clone()))
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a YYYY-MM-DD day")))
    }
}

impl JsonSchema for Day {
    fn schema_name() -> Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar day, `YYYY-MM-DD`.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// A number that is an integer when whole and otherwise a fraction rounded to two decimals
/// (a helper's share of a child's points).
pub type Shared = serde_json::Number;

/// The status of a window (a contact, an activity, a dated duty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Done on or before the due day.
    Met,
    /// Done only after the due day, same window.
    Late,
    /// Not done, and the child was not enrolled on every school day of the window.
    Partial,
    /// Not done yet; the window contains the as-of date.
    Open,
    /// Not done; the window closed before the as-of date.
    Missed,
}

/// Counts of windows per status for one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusCounts {
    /// Windows met.
    pub met: u32,
    /// Windows met late.
    pub late: u32,
    /// Windows with partial enrollment and no contact.
    pub partial: u32,
    /// Windows still open.
    pub open: u32,
    /// Windows missed.
    pub missed: u32,
    /// (met + late) / (met + late + missed), a fraction rounded to 4 decimals; `null` when
    /// nothing is due.
    pub compliance_rate: Option<f64>,
    /// Over how many children the rate is taken (absent for a rule owed by the school or a
    /// class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u32")]
    pub children: Option<u32>,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row (or file) is left out.
    Error,
    /// Read, but probably wrong.
    Warning,
    /// Worth knowing; nothing is wrong.
    Note,
}

/// A problem in the records (or where the policy meets them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The file, relative to the records directory, written with `/`.
    pub file: String,
    /// The sheet of a workbook, when the records are one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sheet: Option<String>,
    /// The line (1-based, the header is line 1), when the finding is about a row.
    pub line: Option<u64>,
    /// The column, when the finding is about a cell.
    pub column: Option<String>,
    /// What is wrong, in English.
    pub message: String,
    /// The same in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message_zh: Option<String>,
}

/// How serious a policy diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The package is invalid.
    Error,
    /// Valid, but probably not what was meant.
    Warning,
}

/// A problem in a policy package (`plan.ron`, a script).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// How serious it is.
    pub level: Level,
    /// The file of the package.
    pub file: String,
    /// The line (1-based), when known.
    pub line: Option<u64>,
    /// The column (1-based), when known.
    pub col: Option<u64>,
    /// What is wrong, in English.
    pub message: String,
    /// How to mend it, when there is advice.
    pub help: Option<String>,
    /// The message in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub message_zh: Option<String>,
    /// The advice in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub help_zh: Option<String>,
}

/// Where a head teacher's division of a class's points was read from (`helper_split.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitSource {
    /// The file.
    pub file: String,
    /// The sheet, when the records are a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sheet: Option<String>,
    /// The lines of the class's rows.
    pub lines: Vec<u64>,
}

/// A helper's share of a class total that the head teacher divided (`helper_split.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassShare {
    /// The class.
    pub class: String,
    /// The class's total, points.
    pub class_points: i64,
    /// The helper's points of it.
    pub points: i64,
    /// The helper's pay for them, fen.
    pub amount_fen: i64,
    /// The file the share was read from.
    pub file: String,
    /// The sheet, when the records are a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub sheet: Option<String>,
    /// The line of the row.
    pub line: u64,
}

/// Which exam of the year a rank is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Exam {
    /// The first-semester final.
    FirstTerm,
    /// The second-semester (final) exam.
    Final,
    /// The previous year's final.
    PreviousFinal,
    /// The plan's rank-points base exam.
    RankBase,
}

/// A class rank on one exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RankOn {
    /// Which exam.
    pub exam: Exam,
    /// The term label, when the exam is known.
    pub term: Option<String>,
    /// The class rank, when the result counts.
    pub rank: Option<u32>,
    /// Whether the term had ended by the as-of date.
    pub counted: bool,
}

/// One helper's days and pay under a split by days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DaysShare {
    /// The helper.
    pub helper_id: String,
    /// Calendar days paired with the child in the year.
    pub days: i64,
    /// The helper's pay, fen.
    pub amount_fen: i64,
}

/// Why a rule gave a child what it gave (a trace entry's `why`), tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Why {
    /// Points per class-rank place gained.
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
        /// Academic year, `YYYY-YYYY`.
        year: String,
        /// Whether a serious record exists.
        serious: bool,
        /// Whether the year is still running.
        so_far: bool,
        /// Points scored.
        points: i64,
    },
    /// Points for an honour title.
    HonorTitle {
        /// The title.
        title: String,
        /// Academic year, `YYYY-YYYY`.
        year: String,
        /// Whether the child holds it.
        held: bool,
        /// Points scored.
        points: i64,
    },
    /// Covered, but not enrolled on the assessment day.
    NotAssessed {
        /// The assessment day.
        day: Day,
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
        /// The script file.
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
        /// Each helper's days and pay, lowest id first.
        shares: Vec<DaysShare>,
        /// The pairing scheme.
        scheme: String,
    },
    /// The child's points go into the class total that the head teacher divided.
    HeadTeacherSplit {
        /// The child's points.
        points: i64,
        /// Fen per point.
        fen_per_point: i64,
        /// The class.
        class: String,
        /// The class's total, points.
        class_points: i64,
        /// Where the division was read from.
        source: SplitSource,
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

/// Why a mentor–mentee pairing does not count, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Ineligible {
    /// The mentor is not on the staff list.
    NotStaff,
    /// The mentor lacks every role the scheme asks for.
    MissingRole {
        /// The roles asked for.
        roles: Vec<String>,
    },
    /// The mentor is not a student (a scheme of student mentors).
    NotStudent,
    /// The mentor is nobody known.
    Unknown,
    /// The mentor is not in the mentee's class.
    NotClassmate {
        /// The mentee's class.
        class: String,
    },
    /// The student mentor is not in the top `n` of the class.
    NotTop {
        /// Rank limit.
        n: u32,
        /// The exam's term.
        term: String,
        /// The mentor's rank, when ranked.
        rank: Option<u32>,
    },
    /// The mentor is a mentee too.
    AlsoMentee {
        /// From this day.
        from: Day,
    },
}

/// What flags a child for an individual education plan, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TriggerWhy {
    /// A drop in class rank between two exams.
    RankDrop {
        /// Term of the earlier exam.
        from_term: String,
        /// Rank on it.
        from_rank: u32,
        /// Term of the later exam.
        to_term: String,
        /// Rank on it.
        to_rank: u32,
        /// Places dropped.
        dropped: u32,
        /// Places that trigger a plan.
        places: u32,
    },
    /// A serious conduct record.
    SeriousConduct,
    /// Marked a potential student (`potential_student`).
    PotentialStudent,
    /// A script trigger.
    Script {
        /// The script function.
        function: String,
    },
}
