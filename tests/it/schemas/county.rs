//! `careplan evaluate <county.ron> <RECORDS> --format json -o DIR`: the county roll-up,
//! `DIR/county.json` (each school's own reports, `DIR/<school>/<plan id>.json`, are decisions
//! as `evaluate` writes them).

use super::common::{Day, Finding};
use super::outcome::{Family, Value};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The county roll-up a county education bureau reads: every school's figures over the
/// academic year up to the as-of date, the schools furthest behind first, then each school's
/// rules, then the problems of the county's files that belong to no one school. Keys come in
/// this order. Money is in fen (integers, 1 yuan = 100 fen); days are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct County {
    /// The county's name (`name` in `county.ron`).
    pub county: String,
    /// Its Chinese name (`name_zh` in `county.ron`), when the manifest gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub county_zh: Option<String>,
    /// The as-of date.
    pub as_of: Day,
    /// Children in all schools: rows of `students.csv` routed to a school.
    pub children: u64,
    /// Prizes and helper pay of all schools, in fen (the sum of the schools' `budget_fen`).
    pub budget_fen: i64,
    /// One line per school of the records, lowest compliance first (a school with nothing due
    /// last), then by name.
    pub schools: Vec<SchoolRow>,
    /// Every school-wide, whole-year figure of every rule of every package, school by school
    /// in the order of `schools`, each school's packages in manifest order.
    pub rules: Vec<RuleRow>,
    /// Problems outside the schools' reports, sorted: rows of the county's files that no
    /// school has (an unknown child, class or school; a row the loader leaves out), header
    /// warnings, and how the manifest meets the records (a school with records but no
    /// package, a school of the manifest with no children). A row's `file` is relative to the
    /// records directory; a manifest finding's `file` is the manifest's path as given.
    pub findings: Vec<Finding>,
}

/// Windows per status, summed over rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Windows met on time.
    pub met: u64,
    /// Windows met late (done after the due day, within the window).
    pub late: u64,
    /// Windows missed: closed before the as-of date with nothing done (overdue).
    pub missed: u64,
    /// Windows still open on the as-of date (not counted in the rate).
    pub open: u64,
}

/// One school's line of the roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolRow {
    /// The school, as written in `students.csv`'s `school` column (empty: children without a
    /// school).
    pub school: String,
    /// The plan ids it ran, in manifest order (a package that failed for it included).
    pub plans: Vec<String>,
    /// Rows of `students.csv` it holds (every child on its roster, left behind or not).
    pub children: u64,
    /// Windows of every compliance rule of every package it runs, summed (a rule two of its
    /// packages share counts twice).
    pub counts: Counts,
    /// (met + late) / (met + late + missed) over `counts` (unit `rate`; `rate` is `null` when
    /// nothing was due).
    pub compliance: Value,
    /// Children a pairing scheme had to cover who were without a mentor: the sum of
    /// (denominator − numerator) of every `coverage` figure.
    pub pairing_gaps: u64,
    /// Complete child files / children needing one, summed over its plans with `child_files`
    /// (unit `rate`); absent when no plan of it files children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Value")]
    pub filing: Option<Value>,
    /// Prizes and helper pay of all its plans, in fen.
    pub budget_fen: i64,
    /// Distinct error findings in its reports (a finding of its records that every package
    /// reports is counted once).
    pub errors: u64,
    /// Why a package could not be evaluated for it (`<plan id>: <why>`, or why its records did
    /// not load); absent when every package ran.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
}

/// The year's school-wide figure of one measure of one rule of one package at one school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleRow {
    /// The school.
    pub school: String,
    /// The package's plan id.
    pub plan: String,
    /// The rule id (`budget` for the plan's totals).
    pub rule: String,
    /// The rule's name in Chinese, when the plan gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub rule_zh: Option<String>,
    /// The rule family.
    pub family: Family,
    /// What is measured: `compliance`, `coverage`, `filing_rate` …; empty for a rule with one
    /// measure (the `budget`).
    pub measure: String,
    /// The figure with its unit (`rate`, `fen`, `count` …).
    pub value: Value,
    /// Windows per status, for a compliance figure; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Counts")]
    pub counts: Option<Counts>,
}
