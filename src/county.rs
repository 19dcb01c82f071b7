//! County runs: every school of a county's records evaluated with its own policy packages in
//! one run, and the roll-up a county education bureau reads.
//!
//! A county's records are one set of files holding every school's rows (a `school` column in
//! `students.csv`). A manifest, `county.ron`, says which packages each school runs:
//!
//! ```ron
//! County(
//!     name: "Example County",
//!     name_zh: "示例县",
//!     // Packages of every school the manifest does not name (paths from this file).
//!     default: ["../policies/school-weekly-talks"],
//!     schools: {
//!         "Hillside Junior High": ["../policies/school-weekly-talks", "../policies/class-hand-in-hand"],
//!     },
//! )
//! ```
//!
//! [`run`] reads the records once, splitting them by school into a temporary directory
//! ([`crate::records::partition`]); then each school is loaded, evaluated with each of its
//! packages and handed to the caller (who writes its reports) in turn, on as many threads as
//! asked, so memory holds a few schools at a time, never the county. What comes back is the
//! [`Rollup`]: per school and per rule, the year's school-wide figures of every rule family
//! (read from the decision's [`outcomes`], like every other tool), with the schools furthest
//! behind first. The result does not depend on the number of threads.

use crate::eval::outcome::{Family, Outcome, Period, Reason, Subject, Value, outcomes};
use crate::eval::{Decision, EvalOptions, Rows, Settings};
use crate::pipeline::{PipelineError, Privacy, Request};
use crate::policy::{Draft, Policy};
use crate::privacy::Masker;
use crate::records::{Finding, LoadError, LoadOptions, Msg, Records};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The manifest's usual file name.
pub const MANIFEST_FILE: &str = "county.ron";

/// `county.ron` as written.
#[derive(Debug, Deserialize)]
#[serde(rename = "County", deny_unknown_fields)]
struct RawManifest {
    name: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    default: Vec<String>,
    #[serde(default)]
    schools: BTreeMap<String, Vec<String>>,
}

/// Which packages each school of a county runs (`county.ron`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The manifest file, as given.
    pub file: PathBuf,
    /// The county's name.
    pub name: String,
    /// Its Chinese name, when given.
    pub name_zh: Option<String>,
    /// The packages of every school not named in `schools` (directories, resolved from the
    /// manifest's directory); empty: such a school runs nothing, an error.
    pub default: Vec<PathBuf>,
    /// School name (as in `students.csv`'s `school` column) → its packages.
    pub schools: BTreeMap<String, Vec<PathBuf>>,
    /// The line each school's entry is on, for findings.
    lines: BTreeMap<String, usize>,
}

impl Manifest {
    /// Reads a manifest.
    ///
    /// # Errors
    /// Error findings at the manifest's line and column: a file that cannot be read or is not
    /// a `County(…)` manifest (an unknown field, a missing `name`), a school with an empty
    /// list of packages.
    pub fn read(file: &Path) -> Result<Manifest, Vec<Finding>> {
        let shown = crate::paths::shown(file).to_string();
        let text = std::fs::read_to_string(file).map_err(|e| {
            vec![Finding::error(
                &shown,
                None,
                None,
                Msg::new(format!("cannot read: {e}"), format!("无法读取：{e}")),
            )]
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let raw: RawManifest = ron::from_str(text).map_err(|e| {
            // A Windows path written as is: `\` starts an escape in a RON string.
            let escape = matches!(e.code, ron::Error::InvalidEscape(_));
            let (hint, hint_zh) = if escape {
                (
                    "; write paths with `/` (Windows takes it too) or `\\\\`",
                    "；路径请用 `/`（Windows 也认）或 `\\\\`",
                )
            } else {
                ("", "")
            };
            vec![Finding::error(
                &shown,
                Some(e.span.start.line),
                Some(&e.span.start.col.to_string()),
                Msg::new(
                    format!("not a county manifest: {}{hint}", e.code),
                    format!("不是县级清单（County(…)）：{}{hint_zh}", e.code),
                ),
            )]
        })?;
        let base = file.parent().unwrap_or(Path::new("."));
        let line_of = |needle: &str| {
            let quoted = format!("\"{needle}\"");
            text.lines()
                .position(|l| l.contains(&quoted))
                .map(|i| i + 1)
        };
        let mut problems = Vec::new();
        let mut lines = BTreeMap::new();
        for (school, packages) in &raw.schools {
            lines.insert(school.clone(), line_of(school).unwrap_or(0));
            if packages.is_empty() {
                problems.push(Finding::error(
                    &shown,
                    line_of(school),
                    None,
                    Msg::new(
                        format!("school `{school}` has no package: name at least one"),
                        format!("学校 `{school}` 没有方案包：请至少写一个"),
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let resolve = |ps: &[String]| ps.iter().map(|p| base.join(p)).collect::<Vec<_>>();
        Ok(Manifest {
            file: file.to_path_buf(),
            name: raw.name,
            name_zh: Some(raw.name_zh).filter(|n| !n.is_empty()),
            default: resolve(&raw.default),
            schools: raw
                .schools
                .iter()
                .map(|(s, ps)| (s.clone(), resolve(ps)))
                .collect(),
            lines,
        })
    }

    /// The packages school `name` runs: its own, else the default.
    pub fn packages_of(&self, name: &str) -> &[PathBuf] {
        self.schools.get(name).map_or(&self.default, Vec::as_slice)
    }

    /// Every package the manifest names, once, sorted.
    pub fn packages(&self) -> Vec<&Path> {
        let mut all: Vec<&Path> = self
            .default
            .iter()
            .chain(self.schools.values().flatten())
            .map(PathBuf::as_path)
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// How the manifest meets the schools of the records (`names`): an error for a school
    /// that runs no package (none named, no default), a warning for a school of the manifest
    /// with no records.
    pub fn meet(&self, names: &[&str]) -> Vec<Finding> {
        let shown = crate::paths::shown(&self.file).to_string();
        let mut out = Vec::new();
        for name in names {
            if self.packages_of(name).is_empty() {
                out.push(Finding::error(
                    &shown,
                    None,
                    None,
                    Msg::new(
                        format!(
                            "school `{}` of the records runs no package: name it under `schools` \
                             or give a `default`",
                            school_name(name)
                        ),
                        format!(
                            "记录中的学校 `{}` 没有方案包：请在 `schools` 中列出，或给出 `default`",
                            school_name(name)
                        ),
                    ),
                ));
            }
        }
        for (school, line) in &self.lines {
            if !names.contains(&school.as_str()) {
                out.push(Finding::warning(
                    &shown,
                    Some(*line).filter(|l| *l > 0),
                    None,
                    Msg::new(
                        format!("school `{school}` has no child in the records' students.csv"),
                        format!("学校 `{school}` 在记录的学生名单（students.csv）中没有学生"),
                    ),
                ));
            }
        }
        out
    }
}

/// A school's name for people: the empty name (students without a `school`) is `(no school)`.
pub fn school_name(name: &str) -> &str {
    if name.is_empty() { "(no school)" } else { name }
}

/// Why a county run could not run at all.
#[derive(Debug, Clone)]
pub enum CountyError {
    /// The manifest does not read, or names a school with no package.
    Manifest(Vec<Finding>),
    /// A package of the manifest does not load or validate.
    Package(PathBuf, PipelineError),
    /// The records do not load (or cannot be split).
    Records(LoadError),
    /// The temporary directory for the schools' records cannot be made.
    Temp(String),
    /// A school's report could not be written (the caller's error).
    Write(String),
    /// `strict`, and the county's files have error findings outside the schools' (listed).
    Strict(Vec<Finding>),
}

impl CountyError {
    /// Why, in `lang`.
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        match self {
            CountyError::Manifest(f) => f
                .iter()
                .map(|f| f.text(lang))
                .collect::<Vec<_>>()
                .join("\n"),
            CountyError::Package(dir, e) => format!(
                "{} `{}`:\n{}",
                lang.pick("package", "方案包"),
                crate::paths::shown(dir),
                e.text(lang)
            ),
            CountyError::Records(e) => e.text(lang),
            CountyError::Temp(e) | CountyError::Write(e) => e.clone(),
            CountyError::Strict(f) => format!(
                "{}\n{}",
                lang.pick(
                    "strict: the county's files have errors, nothing was evaluated",
                    "strict：县级文件中有错误，未作评估"
                ),
                f.iter()
                    .map(|f| f.text(lang))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }
}

/// A county run's inputs.
#[derive(Debug, Clone)]
pub struct CountyRequest {
    /// The manifest.
    pub manifest: Manifest,
    /// The county's records directory.
    pub records_dir: PathBuf,
    /// How record files are read.
    pub load: LoadOptions,
    /// How personal data is shown.
    pub privacy: Privacy,
    /// As-of date and academic year.
    pub eval: EvalOptions,
    /// Which obligation windows each decision lists.
    pub rows: Rows,
    /// Schools evaluated side by side; 0 = one per core.
    pub threads: usize,
    /// An error finding in a school's records leaves the school unevaluated (`failed`), and one
    /// in the county's files stops the run (`--strict`).
    pub strict: bool,
    /// Where the schools' records are split to (a temporary directory inside it, removed at the
    /// end); `None`: the system's temporary directory.
    pub spill: Option<PathBuf>,
}

/// One school evaluated with one package: what its reports are made of.
#[derive(Debug)]
pub struct SchoolRun<'a> {
    /// The school (empty: students without a `school`).
    pub school: &'a str,
    /// The school's place in the schools sorted by name, from 0: unique and the same on any
    /// number of threads (a directory name need not rely on the name alone).
    pub index: usize,
    /// The package directory.
    pub package: &'a Path,
    /// The decision, its findings on the county's files and lines.
    pub decision: Decision,
    /// Masks personal data in the school's reports.
    pub masker: Masker,
}

/// The year's school-wide figure of one rule of one school (an [`Outcome`] of its decision
/// about the school over the year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    /// The school.
    pub school: String,
    /// The package's plan id.
    pub plan: String,
    /// The rule id.
    pub rule: String,
    /// The rule's name in Chinese, when the plan gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_zh: Option<String>,
    /// The rule family.
    pub family: Family,
    /// What is measured (`compliance`, `coverage`, `filing_rate`, `budget` …).
    pub measure: String,
    /// The figure with its unit.
    pub value: Value,
    /// Windows per status, for a compliance figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
}

/// Windows per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Met on time.
    pub met: u64,
    /// Met late.
    pub late: u64,
    /// Missed: overdue.
    pub missed: u64,
    /// Still open.
    pub open: u64,
}

/// One school's line of the roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchoolRow {
    /// The school.
    pub school: String,
    /// The plan ids it ran.
    pub plans: Vec<String>,
    /// Rows of `students.csv` (children on the school's roster).
    pub children: u64,
    /// Windows of every compliance rule: met, late, missed, open.
    pub counts: Counts,
    /// (met + late) / (met + late + missed) over all its rules.
    pub compliance: Value,
    /// Children a pairing scheme needed to cover who were without a mentor on some day.
    pub pairing_gaps: u64,
    /// Complete child files / covered children (Plans 2–4), when a plan files them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filing: Option<Value>,
    /// Prizes and helper pay, fen.
    pub budget_fen: i64,
    /// Error findings in its records and policies.
    pub errors: u64,
    /// Why a package could not be evaluated for it (no term before the as-of date …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
}

/// What a county education bureau reads: every school's figures, the schools furthest
/// behind first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    /// The county.
    pub county: String,
    /// Its Chinese name, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county_zh: Option<String>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Children in all schools.
    pub children: u64,
    /// Prizes and helper pay of all schools, fen.
    pub budget_fen: i64,
    /// The schools: those a package could not evaluate first, then lowest compliance first (a
    /// school with nothing due last), then by name.
    pub schools: Vec<SchoolRow>,
    /// Per school (in the order of `schools`) and per rule, the year's school-wide figures.
    pub rules: Vec<RuleRow>,
    /// Problems of the county's files that belong to no one school, and of the manifest.
    pub findings: Vec<Finding>,
}

/// Runs a county: splits the records by school, evaluates each school with each of its
/// packages and calls `each` with the result (in no fixed order, from several threads), then
/// gives the roll-up (in a fixed order).
///
/// # Errors
/// [`CountyError`]: a package that does not load, records that do not load, no room for the
/// split. A school whose package cannot evaluate it is a line of the roll-up (`failed`).
pub fn run(
    req: &CountyRequest,
    each: &(dyn Fn(SchoolRun<'_>) -> Result<(), String> + Sync),
) -> Result<Rollup, CountyError> {
    let packages = read_packages(&req.manifest)?;
    let spill = req.spill.clone().unwrap_or_else(std::env::temp_dir);
    let temp = tempfile::Builder::new()
        .prefix("careplan-county-")
        .tempdir_in(&spill)
        .map_err(|e| {
            CountyError::Temp(format!(
                "cannot make a temporary directory in `{}`: {e}",
                crate::paths::shown(&spill)
            ))
        })?;
    let split = crate::records::partition(&req.records_dir, &req.load, temp.path())
        .map_err(CountyError::Records)?;
    let names: Vec<&str> = split.schools.iter().map(|s| s.name.as_str()).collect();
    let mut findings = split.findings.clone();
    findings.extend(req.manifest.meet(&names));
    let errors: Vec<Finding> = findings
        .iter()
        .filter(|f| f.severity == crate::records::Severity::Error)
        .cloned()
        .collect();
    if req.strict && !errors.is_empty() {
        return Err(CountyError::Strict(errors));
    }
    let threads = match req.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .min(split.schools.len().max(1));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<SchoolLines>>> = Mutex::new(vec![None; split.schools.len()]);
    let failure: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(part) = split.schools.get(i) else {
                        return;
                    };
                    if failure.lock().is_ok_and(|f| f.is_some()) {
                        return;
                    }
                    match school(req, &packages, i, part, each) {
                        Ok(row) => {
                            if let Ok(mut d) = done.lock() {
                                d[i] = Some(row);
                            }
                        }
                        Err(e) => {
                            if let Ok(mut f) = failure.lock() {
                                f.get_or_insert(e);
                            }
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_default() {
        return Err(CountyError::Write(e));
    }
    let mut schools = Vec::new();
    let mut rules = Vec::new();
    for (row, r) in done.into_inner().unwrap_or_default().into_iter().flatten() {
        schools.push(row);
        rules.push(r);
    }
    // The schools furthest behind first: lowest compliance, nothing due last, then by name.
    let mut order: Vec<usize> = (0..schools.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |r: &SchoolRow| match r.compliance {
            _ if !r.failed.is_empty() => (0, 0),
            Value::Rate {
                numerator,
                denominator,
                ..
            } if denominator > 0 => (1, numerator * 1_000_000 / denominator),
            _ => (2, 0),
        };
        key(&schools[a])
            .cmp(&key(&schools[b]))
            .then_with(|| schools[a].school.cmp(&schools[b].school))
    });
    let rules: Vec<RuleRow> = order.iter().flat_map(|&i| rules[i].clone()).collect();
    let schools: Vec<SchoolRow> = order.into_iter().map(|i| schools[i].clone()).collect();
    findings.sort();
    Ok(Rollup {
        county: req.manifest.name.clone(),
        county_zh: req.manifest.name_zh.clone(),
        as_of: req.eval.as_of,
        children: schools.iter().map(|s| s.children).sum(),
        budget_fen: schools.iter().map(|s| s.budget_fen).sum(),
        schools,
        rules,
        findings,
    })
}

/// The schools of a county's records (sorted) and what a check finds: the county's files'
/// problems outside the schools' ([`crate::records::partition`]) and how the manifest meets
/// the schools ([`Manifest::meet`]). The records are split once, into a temporary directory
/// removed before this returns.
///
/// # Errors
/// [`CountyError::Records`] when the records do not load; [`CountyError::Temp`] when there is
/// no room to split them.
pub fn check(
    manifest: &Manifest,
    records_dir: &Path,
    load: &LoadOptions,
) -> Result<(Vec<String>, Vec<Finding>), CountyError> {
    let temp = tempfile::Builder::new()
        .prefix("careplan-county-")
        .tempdir()
        .map_err(|e| CountyError::Temp(format!("cannot make a temporary directory: {e}")))?;
    let split =
        crate::records::partition(records_dir, load, temp.path()).map_err(CountyError::Records)?;
    let names: Vec<&str> = split.schools.iter().map(|s| s.name.as_str()).collect();
    let mut findings = split.findings.clone();
    findings.extend(manifest.meet(&names));
    findings.sort();
    Ok((names.into_iter().map(str::to_owned).collect(), findings))
}

/// A school's line of the roll-up and its rules' lines.
type SchoolLines = (SchoolRow, Vec<RuleRow>);

/// Every package of the manifest, read and validated once.
fn read_packages(m: &Manifest) -> Result<BTreeMap<PathBuf, (Draft, Policy)>, CountyError> {
    let mut out = BTreeMap::new();
    for dir in m.packages() {
        let req = Request::new(dir, ".", NaiveDate::MIN);
        let read = req
            .read_policy()
            .map_err(|e| CountyError::Package(dir.to_path_buf(), e))?;
        out.insert(dir.to_path_buf(), read);
    }
    Ok(out)
}

/// Loads one school's records, evaluates each of its packages, hands each decision to `each`
/// and gives the school's roll-up lines.
fn school(
    req: &CountyRequest,
    packages: &BTreeMap<PathBuf, (Draft, Policy)>,
    index: usize,
    part: &crate::records::SchoolPart,
    each: &(dyn Fn(SchoolRun<'_>) -> Result<(), String> + Sync),
) -> Result<SchoolLines, String> {
    let mut row = SchoolRow {
        school: part.name.clone(),
        plans: Vec::new(),
        children: part.children as u64,
        counts: Counts::default(),
        compliance: Value::rate(0, 0),
        pairing_gaps: 0,
        filing: None,
        budget_fen: 0,
        errors: 0,
        failed: Vec::new(),
    };
    let mut rules = Vec::new();
    let dirs = req.manifest.packages_of(&part.name);
    if dirs.is_empty() {
        row.failed
            .push("no package: the manifest names none for it and gives no default".to_owned());
        return Ok((row, rules));
    }
    let mut request = Request::new(dirs[0].clone(), part.dir.clone(), req.eval.as_of);
    request.load = req.load;
    request.privacy = req.privacy;
    request.eval = req.eval.clone();
    request.settings = Settings {
        rows: req.rows,
        threads: 1,
    };
    let records: Records = match crate::records::load_dir_with(&part.dir, &req.load) {
        Ok(r) => r,
        Err(e) => {
            row.failed.push(e.text(crate::lang::Lang::En));
            return Ok((row, rules));
        }
    };
    let record_errors = records
        .findings
        .iter()
        .filter(|f| f.severity == crate::records::Severity::Error)
        .count();
    if req.strict && record_errors > 0 {
        row.failed.push(format!(
            "--strict: {} in the records",
            crate::units::count(record_errors, "error finding", "error findings")
        ));
        row.errors = record_errors as u64;
        return Ok((row, rules));
    }
    // A rule that two of the school's packages share (by id) counts once in its line.
    let mut counted = std::collections::BTreeSet::new();
    let masker = request.masker(&records);
    let (mut filed, mut covered) = (0, 0);
    let mut errors = std::collections::BTreeSet::new();
    for dir in dirs {
        let Some((draft, policy)) = packages.get(dir) else {
            continue;
        };
        row.plans.push(policy.id.clone());
        let mut decision = match request.decide(draft, policy, &records) {
            Ok(d) => d,
            Err(e) => {
                let why = e.text(crate::lang::Lang::En);
                let why = why.trim().trim_start_matches("error: ");
                row.failed.push(format!("{}: {why}", policy.id));
                continue;
            }
        };
        for f in &mut decision.findings {
            part.restore(f);
        }
        decision.findings.sort();
        // A finding of the records is in the decision of each package: counted once.
        errors.extend(
            decision
                .findings
                .iter()
                .filter(|f| f.severity == crate::records::Severity::Error)
                .map(|f| (f.file.clone(), f.line, f.column.clone(), f.message.clone())),
        );
        for o in outcomes(&decision) {
            if o.subject != Subject::School || o.period != Period::Year {
                continue;
            }
            // Each package's money is its own: the budget adds up over packages.
            if o.rule == "budget" || counted.insert((o.rule.clone(), o.measure.clone())) {
                tally(&mut row, &mut filed, &mut covered, &o);
            }
            rules.push(RuleRow {
                school: part.name.clone(),
                plan: policy.id.clone(),
                rule_zh: Some(decision.rule_names.name(&o.rule, crate::lang::Lang::Zh))
                    .filter(|n| *n != o.rule)
                    .map(str::to_owned),
                rule: o.rule,
                family: o.family,
                measure: o.measure,
                counts: match o.reason {
                    Reason::Counts {
                        met,
                        late,
                        missed,
                        open,
                        ..
                    } => Some(Counts {
                        met: met.into(),
                        late: late.into(),
                        missed: missed.into(),
                        open: open.into(),
                    }),
                    _ => None,
                },
                value: o.value.unwrap_or(Value::Label {
                    value: String::new(),
                }),
            });
        }
        each(SchoolRun {
            school: &part.name,
            index,
            package: dir,
            decision,
            masker: masker.clone(),
        })?;
    }
    row.errors = errors.len() as u64;
    let done = row.counts.met + row.counts.late;
    row.compliance = Value::rate(done, done + row.counts.missed);
    if covered > 0 {
        row.filing = Some(Value::rate(filed, covered));
    }
    Ok((row, rules))
}

/// Adds a school-wide outcome to the school's line.
fn tally(row: &mut SchoolRow, filed: &mut u64, covered: &mut u64, o: &Outcome) {
    match (&o.reason, o.measure.as_str(), &o.value) {
        (
            Reason::Counts {
                met,
                late,
                missed,
                open,
                ..
            },
            "compliance",
            _,
        ) => {
            row.counts.met += u64::from(*met);
            row.counts.late += u64::from(*late);
            row.counts.missed += u64::from(*missed);
            row.counts.open += u64::from(*open);
        }
        (
            _,
            "coverage",
            Some(Value::Rate {
                numerator,
                denominator,
                ..
            }),
        ) => {
            row.pairing_gaps += denominator - numerator;
        }
        (
            _,
            "filing_rate",
            Some(Value::Rate {
                numerator,
                denominator,
                ..
            }),
        ) => {
            *filed += numerator;
            *covered += denominator;
        }
        (_, _, Some(Value::Fen { value })) if o.rule == "budget" && o.family == Family::Totals => {
            row.budget_fen += value;
        }
        _ => {}
    }
}
