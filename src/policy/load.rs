//! Parsing and validating `plan.ron`.

use super::model::*;
use super::raw::*;
use crate::diagnostic::{Diagnostic, locate};
use crate::script::{Hook, HookProblem, Limits, Scripts};
use chrono::Weekday;
use std::collections::BTreeMap;
use std::path::Path;

/// Largest prize a plan may set, in fen (100,000 yuan).
pub const MAX_FEN: i64 = 10_000_000;
/// Largest pay per point a plan may set, in fen (1,000 yuan).
pub const MAX_FEN_PER_POINT: i64 = 100_000;
/// Largest number of points a plan may give in one rule (or per place).
pub const MAX_POINTS: i64 = 1_000;
/// Largest rank, rank range or places of progress a plan may name.
pub const MAX_RANK: u32 = 10_000;

/// Roles a `made_by` rule may name (design.md, `staff.csv`).
pub use crate::records::KNOWN_ROLES;

/// A policy package that cannot be used: the first syntax error of `plan.ron` (the parser
/// stops there), or every semantic error found.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyError {
    /// The problems, each with its position when known.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            f.write_str(&d.render())?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

/// A policy package's `plan.ron`, parsed but not yet validated: what `whatif --set` edits
/// before validation.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The file as named in diagnostics (`policies/x/plan.ron`).
    pub file: String,
    /// Its text, for positions in diagnostics.
    pub source: String,
    /// The parsed plan.
    pub raw: RawPlan,
    /// The package directory, for `scripts/*.rhai` (none for a plan parsed from text).
    pub dir: Option<std::path::PathBuf>,
}

impl Draft {
    /// Reads and parses `dir/plan.ron`.
    ///
    /// # Errors
    /// [`PolicyError`] when the file is missing or unreadable, or has a syntax error, an
    /// unknown key (with the nearest valid key as help) or a wrong type.
    pub fn read_dir(dir: &Path) -> Result<Draft, PolicyError> {
        let path = dir.join("plan.ron");
        let shown = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| PolicyError {
            diagnostics: vec![
                Diagnostic::error(&shown, "", None, format!("cannot read `{shown}`: {e}"))
                    .with_help("a policy package is a directory holding `plan.ron`"),
            ],
        })?;
        // Windows Notepad saves UTF-8 with a byte-order mark.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let source = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                let start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
                let col = String::from_utf8_lossy(&good[start..]).chars().count() + 1;
                let text = String::from_utf8_lossy(bytes).into_owned();
                return Err(PolicyError {
                    diagnostics: vec![
                        Diagnostic::error(
                            &shown,
                            &text,
                            Some((line, col, 1)),
                            format!("`{shown}` is not UTF-8"),
                        )
                        .with_help("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
                    ],
                });
            }
        };
        let mut draft = Draft::parse(&shown, &source)?;
        draft.dir = Some(dir.to_path_buf());
        Ok(draft)
    }

    /// Parses the text of a `plan.ron`; `file` names it in diagnostics.
    ///
    /// # Errors
    /// As [`Draft::read_dir`], for the syntax part.
    pub fn parse(file: &str, source: &str) -> Result<Draft, PolicyError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let raw: RawPlan = options.from_str(source).map_err(|e| PolicyError {
            diagnostics: vec![syntax_diagnostic(file, source, &e)],
        })?;
        Ok(Draft {
            file: file.to_owned(),
            source: source.to_owned(),
            raw,
            dir: None,
        })
    }

    /// Validates the plan into the model the evaluator runs on, collecting every semantic
    /// error.
    ///
    /// # Errors
    /// [`PolicyError`] with one diagnostic per problem.
    pub fn validate(&self) -> Result<Policy, PolicyError> {
        let mut v = Validator {
            file: &self.file,
            source: &self.source,
            errors: Vec::new(),
            ids: BTreeMap::new(),
            hooks: Vec::new(),
        };
        let mut policy = v.plan(self.raw.clone());
        policy.scripts = v.scripts(self.raw.script_limits.as_ref(), self.dir.as_deref());
        if v.errors.is_empty() {
            Ok(policy)
        } else {
            Err(PolicyError {
                diagnostics: v.errors,
            })
        }
    }
}

/// Loads and validates the package in `dir` (reads `dir/plan.ron`).
///
/// # Errors
/// [`PolicyError`] when `plan.ron` is missing or unreadable, has a syntax error, an unknown
/// key (with the nearest valid key as help), a wrong type, or fails validation.
pub fn load_dir(dir: &Path) -> Result<Policy, PolicyError> {
    Draft::read_dir(dir)?.validate()
}

/// Parses and validates the text of a `plan.ron`; `file` names it in diagnostics.
///
/// # Errors
/// As [`load_dir`].
pub fn parse(file: &str, source: &str) -> Result<Policy, PolicyError> {
    Draft::parse(file, source)?.validate()
}

/// User-facing name of a raw struct in ron's messages (`RawObligation` → `obligation`).
fn friendly(name: &str) -> String {
    let name = name.strip_prefix("Raw").unwrap_or(name);
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn syntax_diagnostic(file: &str, source: &str, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::error::Error as E;
    let start = e.span.start;
    let len = if e.span.end.line == start.line && e.span.end.col > start.col {
        e.span.end.col - start.col
    } else {
        1
    };
    let pos = Some((start.line, start.col, len));
    let outer = |o: &Option<String>| {
        o.as_deref()
            .map(|o| format!(" in {}", friendly(o)))
            .unwrap_or_default()
    };
    let (message, help) = match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => (
            format!("unknown key `{found}`{}", outer(o)),
            Some(suggest(found, expected)),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => (
            format!("unknown value `{found}`{}", outer(o)),
            Some(suggest(found, expected)),
        ),
        E::MissingStructField { field, outer: o } => (
            format!("missing key `{field}`{}", outer(o)),
            Some(format!("add `{field}: …`")),
        ),
        E::DuplicateStructField { field, outer: o } => {
            (format!("key `{field}` given twice{}", outer(o)), None)
        }
        E::ExpectedBoolean
        | E::ExpectedInteger
        | E::ExpectedFloat
        | E::ExpectedString
        | E::ExpectedArray => {
            let want = match &e.code {
                E::ExpectedBoolean => "`true` or `false`",
                E::ExpectedInteger => "a whole number",
                E::ExpectedFloat => "a number",
                E::ExpectedString => "a text in double quotes",
                _ => "a list in square brackets",
            };
            let (key, value) = value_at(source, start.line, start.col);
            let key = key.map(|k| format!("`{k}` ")).unwrap_or_default();
            let help = match &e.code {
                E::ExpectedInteger | E::ExpectedFloat | E::ExpectedBoolean
                    if value.starts_with('"') =>
                {
                    Some("write the value without quotes".to_owned())
                }
                E::ExpectedInteger if value.contains('.') => Some(
                    "amounts are whole fen and points are whole numbers (1 yuan = 100 fen)"
                        .to_owned(),
                ),
                _ => None,
            };
            (format!("{key}takes {want}, not `{value}`"), help)
        }
        E::ExpectedComma if decimal_at(source, start.line, start.col).is_some() => {
            let (key, value) = decimal_at(source, start.line, start.col).unwrap_or_default();
            (
                format!("`{key}` takes a whole number, not `{value}`"),
                Some(
                    "amounts are whole fen and points are whole numbers (1 yuan = 100 fen)"
                        .to_owned(),
                ),
            )
        }
        other => (lowercase_first(&other.to_string()), None),
    };
    let pos = if matches!(
        e.code,
        E::ExpectedBoolean
            | E::ExpectedInteger
            | E::ExpectedFloat
            | E::ExpectedString
            | E::ExpectedArray
    ) {
        // ron's span may start at the whitespace before the value: point at the value.
        let (_, value) = value_at(source, start.line, start.col);
        let line = source
            .lines()
            .nth(start.line.saturating_sub(1))
            .unwrap_or("");
        let skip = line
            .chars()
            .skip(start.col.saturating_sub(1))
            .take_while(|c| c.is_whitespace())
            .count();
        Some((start.line, start.col + skip, value.chars().count().max(1)))
    } else if let (E::ExpectedComma, Some((_, value))) =
        (&e.code, decimal_at(source, start.line, start.col))
    {
        let whole = value.split('.').next().unwrap_or("").chars().count();
        Some((start.line, start.col - whole, value.chars().count()))
    } else if matches!(
        e.code,
        E::NoSuchStructField { .. } | E::MissingStructField { .. }
    ) {
        // ron points at the end of the offending item; point at the key itself when we can.
        match &e.code {
            E::NoSuchStructField { found, .. } => key_position(source, start.line, found).or(pos),
            _ => pos,
        }
    } else {
        pos
    };
    // A half-saved file: the error is on its last lines and the plan's closing `)` is missing.
    let last_line = source.trim_end().lines().count();
    let cut_short = !source.trim_end().ends_with(')') && start.line + 1 >= last_line;
    let (message, help) = if cut_short {
        (
            format!("the file ends early (saved only in part?): {message}"),
            Some("finish the file: every `(` and `[` needs its `)` and `]`".to_owned()),
        )
    } else {
        (message, help)
    };
    let d = Diagnostic::error(file, source, pos, message);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// The key before a value at `line:col` (1-based, characters) and the value's text (up to
/// the next `,` or `)` outside quotes).
fn value_at(source: &str, line: usize, col: usize) -> (Option<String>, String) {
    let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let chars: Vec<char> = text.chars().collect();
    let mut i = col.saturating_sub(1).min(chars.len());
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    let mut j = i;
    let mut quoted = false;
    while j < chars.len() {
        let c = chars[j];
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && (c == ',' || c == ')' || c == ']') {
            break;
        }
        j += 1;
    }
    let value: String = chars[i..j].iter().collect::<String>().trim_end().to_owned();
    let before: String = chars[..i].iter().collect();
    let key = before
        .trim_end()
        .strip_suffix(':')
        .and_then(|b| {
            b.trim_end()
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .map(str::to_owned)
        })
        .filter(|k| !k.is_empty());
    (key, value)
}

/// When ron stops at the `.` of a decimal (`amount_fen: 30.5`): the key and the number.
fn decimal_at(source: &str, line: usize, col: usize) -> Option<(String, String)> {
    let text = source.lines().nth(line.saturating_sub(1))?;
    let chars: Vec<char> = text.chars().collect();
    let dot = col.checked_sub(1)?;
    if chars.get(dot) != Some(&'.') || !chars.get(dot.checked_sub(1)?)?.is_ascii_digit() {
        return None;
    }
    let mut start = dot;
    while start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1] == '-') {
        start -= 1;
    }
    let (key, value) = value_at(source, line, start + 1);
    Some((key?, value))
}

/// The position of `key:` on or before `line`, searching backwards.
fn key_position(source: &str, line: usize, key: &str) -> Option<(usize, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    for l in (0..line.min(lines.len())).rev() {
        let text = lines[l];
        let mut from = 0;
        while let Some(i) = text[from..].find(key) {
            let idx = from + i;
            let after = text[idx + key.len()..].trim_start();
            let boundary = text[..idx]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if boundary && after.starts_with(':') {
                return Some((l + 1, text[..idx].chars().count() + 1, key.chars().count()));
            }
            from = idx + key.len();
        }
    }
    None
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `did you mean `x`?` for the nearest of `expected`, else the list of valid names.
pub(crate) fn suggest(found: &str, expected: &[&str]) -> String {
    let best = expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(found, e), *e))
        .min();
    match best {
        Some((d, e)) if d <= 2.max(found.chars().count() / 3) => format!("did you mean `{e}`?"),
        _ => format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

// The rule families of Plans 2, 3 and 4, validated by the same `Validator`.
#[path = "load_families.rs"]
mod load_families;

// The dated duties (birthday parties, letters home, festival days, milestones).
#[path = "load_calendar.rs"]
mod load_calendar;

struct Validator<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<Diagnostic>,
    /// Rule ids seen, to refuse duplicates.
    ids: BTreeMap<String, usize>,
    /// Script hooks named by the plan: function, hook kind, where it is named.
    hooks: Vec<(String, Hook, Vec<String>)>,
}

impl Validator<'_> {
    fn error(&mut self, anchors: &[&str], message: String, help: Option<String>) {
        let d = Diagnostic::error(
            self.file,
            self.source,
            locate(self.source, anchors),
            message,
        );
        self.errors.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }

    fn rule_id(&mut self, id: &str, seed: &str) {
        let quoted = format!("\"{id}\"");
        if id.trim().is_empty() {
            self.error(&["id: \"\""], "a rule has an empty `id`".into(), None);
        }
        let n = self.ids.entry(id.to_owned()).or_insert(0);
        *n += 1;
        if *n == 2 {
            self.error(
                &[&quoted, &quoted],
                format!("rule id `{id}` is used twice"),
                Some("every rule, point rule and prize tier needs its own id".into()),
            );
        }
        if seed.trim().is_empty() {
            self.error(
                &[&quoted, "seed:"],
                format!("rule `{id}` has an empty `seed`"),
                Some("cite the seed plan and paragraph, e.g. \"Plan 5 §6\"".into()),
            );
        }
    }

    fn coverage(&mut self, covers: &[RawCover], anchors: &[&str], what: &str) -> Coverage {
        if covers.is_empty() {
            self.error(
                anchors,
                format!("{what} covers nobody: the list is empty"),
                Some(
                    "list at least one of `LeftBehind`, `SingleParent`, `PotentialStudent`, `All`"
                        .into(),
                ),
            );
        }
        let scripts: Vec<String> = covers
            .iter()
            .filter_map(|c| match c {
                RawCover::Script { function } => Some(function.clone()),
                _ => None,
            })
            .collect();
        for f in &scripts {
            let mut at: Vec<String> = anchors.iter().map(|a| (*a).to_owned()).collect();
            at.push(format!("\"{f}\""));
            self.hooks.push((f.clone(), Hook::Coverage, at));
        }
        Coverage {
            all: covers.contains(&RawCover::All),
            left_behind: covers.contains(&RawCover::LeftBehind),
            single_parent: covers.contains(&RawCover::SingleParent),
            potential_student: covers.contains(&RawCover::PotentialStudent),
            scripts,
        }
    }

    /// Checks `0 <= value <= max` for `what` (a key in backticks). The ceilings keep every
    /// sum of fen far inside `i64` even for a province of children.
    fn in_range(&mut self, value: i64, max: i64, anchors: &[&str], what: &str) {
        if value < 0 {
            self.error(
                anchors,
                format!("{what} is negative (`{value}`)"),
                Some("use 0 or more".into()),
            );
        } else if value > max {
            self.error(
                anchors,
                format!("{what} is too large (`{value}`)"),
                Some(format!("at most {max}")),
            );
        }
    }

    fn non_negative(&mut self, value: i64, anchors: &[&str], what: &str) {
        // With these ceilings a child's pay is below 10^12 fen, so the sum over two million
        // children stays inside i64.
        let max = match what {
            "`fen_per_point`" => MAX_FEN_PER_POINT,
            w if w.contains("fen") => MAX_FEN,
            _ => MAX_POINTS,
        };
        self.in_range(value, max, anchors, what);
    }

    fn plan(&mut self, raw: RawPlan) -> Policy {
        if raw.id.trim().is_empty() {
            self.error(&["id"], "the plan has an empty `id`".into(), None);
        }
        if let Some(year) = &raw.first_year
            && !is_academic_year(year)
        {
            self.error(
                &["first_year:", year],
                format!("`{year}` is not an academic year"),
                Some("write it as `YYYY-YYYY` with consecutive years, e.g. `2025-2026`".into()),
            );
        }
        let obligations = raw.obligations.iter().map(|o| self.obligation(o)).collect();
        let assessment = raw.assessment.as_ref().map(|a| self.assessment(a));
        let prizes = raw.prizes.as_ref().map(|p| self.prizes(p));
        let helpers = raw.helpers.as_ref().map(|h| self.helpers(h));
        if helpers.is_some() && assessment.is_none() {
            self.error(
                &["helpers"],
                "`helpers` pays for points, but the plan has no `assessment`".into(),
                Some("add an `assessment` with point rules, or remove `helpers`".into()),
            );
        }
        let uses_rank_base =
            assessment
                .iter()
                .flat_map(|a: &Assessment| &a.rules)
                .any(|r| match &r.body {
                    PointBody::RankGain { from, to, .. } => {
                        [*from, *to].contains(&ExamRef::RankBase)
                    }
                    PointBody::StayTop { exams, .. } => exams.contains(&ExamRef::RankBase),
                    _ => false,
                })
                || prizes
                    .iter()
                    .flat_map(|p: &Prizes| &p.tiers)
                    .any(|t| match t.body {
                        TierBody::Rank { exam, .. } => exam == ExamRef::RankBase,
                        TierBody::Progress { from, to, .. } => {
                            [from, to].contains(&ExamRef::RankBase)
                        }
                        TierBody::Script { .. } => false,
                    });
        if uses_rank_base && raw.first_year.is_none() {
            self.error(
                &["RankBase"],
                "`RankBase` depends on the scheme's first year, but the plan has no `first_year`"
                    .into(),
                Some("add `first_year: \"2025-2026\"` at the top level (Plan 5, §6)".into()),
            );
        }
        Policy {
            id: raw.id,
            name: raw.name,
            seed: raw.seed,
            first_year: raw.first_year,
            obligations,
            assessment,
            prizes,
            helpers,
            scripts: None,
            child_files: raw.child_files.as_ref().map(|f| self.child_files(f)),
            enrollment: raw.enrollment.as_ref().map(|e| self.enrollment(e)),
            pairing_schemes: raw
                .pairing_schemes
                .iter()
                .map(|s| self.pairing_scheme(s))
                .collect(),
            individual_plans: raw
                .individual_plans
                .as_ref()
                .map(|p| self.individual_plans(p)),
            class_assessment: None,
            activities: raw.activities.iter().map(|a| self.activity(a)).collect(),
            calendar: self.calendar_rules(
                &raw.birthday_parties,
                &raw.letters_home,
                &raw.festival_days,
                &raw.milestones,
            ),
        }
        .with_class_assessment(raw.class_assessment.as_ref(), self)
    }

    /// The plan's script limits: defaults, or what it sets, never past the ceilings.
    fn limits(&mut self, raw: Option<&RawLimits>) -> Limits {
        let mut limits = Limits::default();
        let Some(raw) = raw else { return limits };
        let c = Limits::CEILING;
        let mut check = |value: Option<u64>, ceiling: u64, key: &str| -> Option<u64> {
            let v = value?;
            if v == 0 || v > ceiling {
                self.error(
                    &["script_limits", &format!("{key}:")],
                    format!("`{key}` must be between 1 and {ceiling}, not `{v}`"),
                    Some(
                        "the ceilings keep one script from stalling or exhausting the machine"
                            .into(),
                    ),
                );
                return None;
            }
            Some(v)
        };
        let as_u64 = |v: Option<usize>| v.map(|v| v as u64);
        if let Some(v) = check(raw.max_operations, c.max_operations, "max_operations") {
            limits.max_operations = v;
        }
        if let Some(v) = check(
            as_u64(raw.max_call_levels),
            c.max_call_levels as u64,
            "max_call_levels",
        ) {
            limits.max_call_levels = v as usize;
        }
        if let Some(v) = check(
            as_u64(raw.max_string_size),
            c.max_string_size as u64,
            "max_string_size",
        ) {
            limits.max_string_size = v as usize;
        }
        if let Some(v) = check(
            as_u64(raw.max_array_size),
            c.max_array_size as u64,
            "max_array_size",
        ) {
            limits.max_array_size = v as usize;
        }
        if let Some(v) = check(
            as_u64(raw.max_map_size),
            c.max_map_size as u64,
            "max_map_size",
        ) {
            limits.max_map_size = v as usize;
        }
        limits
    }

    /// Loads `scripts/*.rhai`, then checks every hook the plan names: the function exists with
    /// the right arity and a dry run on a sample value returns the right type.
    fn scripts(
        &mut self,
        raw: Option<&RawLimits>,
        dir: Option<&Path>,
    ) -> Option<std::sync::Arc<Scripts>> {
        let limits = self.limits(raw);
        let scripts = match dir.map(|d| Scripts::load(d, limits)) {
            Some(Ok(s)) => s,
            Some(Err(diagnostics)) => {
                self.errors.extend(diagnostics);
                return None;
            }
            None => None,
        };
        for (function, hook, anchors) in std::mem::take(&mut self.hooks) {
            let anchors: Vec<&str> = anchors.iter().map(String::as_str).collect();
            let Some(sc) = &scripts else {
                self.error(
                    &anchors,
                    format!("`{function}` names a script function, but the package has no `scripts/*.rhai`"),
                    Some(format!("add a script defining `{}`", hook.signature().replacen(" f(", &format!(" {function}("), 1))),
                );
                continue;
            };
            match sc.check_hook(&function, hook) {
                Ok(()) => {}
                Err(HookProblem::Missing(message)) => self.error(
                    &anchors,
                    message,
                    Some(format!(
                        "this hook calls `{}`",
                        hook.signature()
                            .replacen(" f(", &format!(" {function}("), 1)
                    )),
                ),
                Err(HookProblem::DryRun(e)) => {
                    self.errors.push(sc.diagnostic(&e).with_help(format!(
                        "the dry run on a sample child failed; the hook is `{}`",
                        hook.signature()
                    )))
                }
            }
        }
        scripts.map(std::sync::Arc::new)
    }

    fn obligation(&mut self, o: &RawObligation) -> Obligation {
        self.rule_id(&o.id, &o.seed);
        let quoted = format!("\"{}\"", o.id);
        if o.kinds.is_empty() || o.kinds.iter().any(|k| k.trim().is_empty()) {
            self.error(
                &[&quoted, "kinds:"],
                format!(
                    "obligation `{}` needs at least one non-empty contact kind",
                    o.id
                ),
                Some("e.g. `kinds: [\"talk\"]`".into()),
            );
        }
        let covers = self.coverage(
            &o.covers,
            &[&quoted, "covers:"],
            &format!("obligation `{}`", o.id),
        );
        let made_by = match &o.made_by {
            RawMadeBy::Anyone => MadeBy::Anyone,
            RawMadeBy::Role { role } => {
                let role = role.trim().to_lowercase();
                if !KNOWN_ROLES.contains(&role.as_str()) {
                    self.error(
                        &[&quoted, "made_by:", "role:"],
                        format!("unknown role `{role}` in obligation `{}`", o.id),
                        Some(suggest(&role, KNOWN_ROLES)),
                    );
                }
                MadeBy::Role(role)
            }
            RawMadeBy::PairedMentor { scheme } => self.paired_mentor(&quoted, &o.id, scheme),
        };
        Obligation {
            id: o.id.clone(),
            seed: o.seed.clone(),
            kinds: o.kinds.iter().map(|k| k.trim().to_lowercase()).collect(),
            covers,
            window: match o.window {
                RawWindow::Weekly { due } => Window::Weekly {
                    due: due.map(weekday),
                },
                RawWindow::Monthly => Window::Monthly,
                RawWindow::Quarterly => Window::Quarterly,
                RawWindow::Term => Window::Term,
            },
            made_by,
            require_note: o.require_note,
            counts: o.counts.as_ref().map(|f| {
                self.hooks.push((
                    f.clone(),
                    Hook::Counts,
                    vec![quoted.clone(), "counts:".into()],
                ));
                f.clone()
            }),
        }
    }

    fn assessment(&mut self, a: &RawAssessment) -> Assessment {
        let covers = self.coverage(&a.covers, &["assessment:", "covers:"], "`assessment`");
        let rules = a
            .rules
            .iter()
            .map(|r| {
                self.rule_id(&r.id, &r.seed);
                let quoted = format!("\"{}\"", r.id);
                let body = match &r.rule {
                    RawPointBody::RankGain {
                        from,
                        to,
                        points_per_place,
                    } => {
                        self.non_negative(
                            *points_per_place,
                            &[&quoted, "points_per_place:"],
                            "`points_per_place`",
                        );
                        if !exams_in_order(*from, *to) {
                            self.error(
                                &[&quoted, "from:"],
                                format!(
                                    "rule `{}` compares `{from:?}` with `{to:?}`: `from` must be the earlier exam",
                                    r.id
                                ),
                                Some(EXAM_ORDER_HELP.into()),
                            );
                        }
                        PointBody::RankGain {
                            from: exam(*from),
                            to: exam(*to),
                            points_per_place: *points_per_place,
                        }
                    }
                    RawPointBody::StayTop { n, exams, points } => {
                        self.non_negative(*points, &[&quoted, "points:"], "`points`");
                        if *n > MAX_RANK {
                            self.error(
                                &[&quoted, "n:"],
                                format!("rule `{}`: `n` is too large (`{n}`)", r.id),
                                Some(format!("at most {MAX_RANK}")),
                            );
                        }
                        if *n == 0 {
                            self.error(
                                &[&quoted, "n"],
                                format!("rule `{}`: `n` must be at least 1", r.id),
                                None,
                            );
                        }
                        if exams.is_empty() {
                            self.error(
                                &[&quoted, "exams:"],
                                format!("rule `{}` lists no exams", r.id),
                                Some("e.g. `exams: [RankBase, Final]`".into()),
                            );
                        }
                        PointBody::StayTop {
                            n: *n,
                            exams: exams.iter().copied().map(exam).collect(),
                            points: *points,
                        }
                    }
                    RawPointBody::NoSeriousConduct { points } => {
                        self.non_negative(*points, &[&quoted, "points:"], "`points`");
                        PointBody::NoSeriousConduct { points: *points }
                    }
                    RawPointBody::HonorTitle { title, points } => {
                        self.non_negative(*points, &[&quoted, "points:"], "`points`");
                        if title.trim().is_empty() {
                            self.error(
                                &[&quoted, "title:"],
                                format!("rule `{}` has an empty title", r.id),
                                None,
                            );
                        }
                        PointBody::HonorTitle {
                            title: title.trim().to_owned(),
                            points: *points,
                        }
                    }
                    RawPointBody::Script { function } => {
                        self.hooks.push((
                            function.clone(),
                            Hook::Points,
                            vec![quoted.clone(), "function:".into()],
                        ));
                        PointBody::Script {
                            function: function.clone(),
                        }
                    }
                };
                PointRule {
                    id: r.id.clone(),
                    seed: r.seed.clone(),
                    body,
                }
            })
            .collect();
        Assessment { covers, rules }
    }

    fn prizes(&mut self, p: &RawPrizes) -> Prizes {
        let eligible = self.coverage(&p.eligible, &["prizes", "eligible:"], "`prizes.eligible`");
        let tiers = p
            .tiers
            .iter()
            .map(|t| {
                self.rule_id(&t.id, &t.seed);
                let quoted = format!("\"{}\"", t.id);
                self.non_negative(t.amount_fen, &[&quoted, "amount_fen:"], "`amount_fen`");
                let body = match &t.rule {
                    RawTierBody::Rank { exam: e, from, to } => {
                        let (e, from, to) = (*e, *from, *to);
                        if to > MAX_RANK {
                            self.error(
                                &[&quoted, "to:"],
                                format!("tier `{}`: rank `{to}` is too large", t.id),
                                Some(format!("at most {MAX_RANK}")),
                            );
                        }
                        if from == 0 || to < from {
                            self.error(
                                &[&quoted, "Rank"],
                                format!("tier `{}` has the empty rank range {from}..{to}", t.id),
                                Some("ranks start at 1 and `from` must not exceed `to`".into()),
                            );
                        }
                        TierBody::Rank {
                            exam: exam(e),
                            from,
                            to,
                        }
                    }
                    RawTierBody::Progress {
                        from,
                        to,
                        min_places,
                    } => {
                        let (from, to, min_places) = (*from, *to, *min_places);
                        if !exams_in_order(from, to) {
                            self.error(
                                &[&quoted, "from:"],
                                format!(
                                    "tier `{}` compares `{from:?}` with `{to:?}`: `from` must be the earlier exam",
                                    t.id
                                ),
                                Some(EXAM_ORDER_HELP.into()),
                            );
                        }
                        if min_places > MAX_RANK {
                            self.error(
                                &[&quoted, "min_places:"],
                                format!("tier `{}`: `min_places` is too large (`{min_places}`)", t.id),
                                Some(format!("at most {MAX_RANK}")),
                            );
                        }
                        if min_places == 0 {
                            self.error(
                                &[&quoted, "min_places:"],
                                format!("tier `{}`: `min_places` must be at least 1", t.id),
                                None,
                            );
                        }
                        TierBody::Progress {
                            from: exam(from),
                            to: exam(to),
                            min_places,
                        }
                    }
                    RawTierBody::Script { function } => {
                        self.hooks.push((
                            function.clone(),
                            Hook::Prize,
                            vec![quoted.clone(), "function:".into()],
                        ));
                        TierBody::Script {
                            function: function.clone(),
                        }
                    }
                };
                PrizeTier {
                    id: t.id.clone(),
                    seed: t.seed.clone(),
                    body,
                    amount_fen: t.amount_fen,
                }
            })
            .collect();
        Prizes {
            stack: p.stack,
            eligible,
            tiers,
        }
    }

    fn helpers(&mut self, h: &RawHelpers) -> Helpers {
        self.non_negative(
            h.fen_per_point,
            &["helpers", "fen_per_point:"],
            "`fen_per_point`",
        );
        if h.scheme.trim().is_empty() {
            self.error(
                &["helpers", "scheme:"],
                "`helpers` has an empty `scheme`".into(),
                None,
            );
        }
        if h.seed.trim().is_empty() {
            self.error(
                &["helpers", "seed:"],
                "`helpers` has an empty `seed`".into(),
                None,
            );
        }
        Helpers {
            seed: h.seed.clone(),
            scheme: h.scheme.trim().to_owned(),
            fen_per_point: h.fen_per_point,
            unpaired: match h.unpaired {
                RawUnpaired::HeadTeacher => Unpaired::HeadTeacher,
                RawUnpaired::Nobody => Unpaired::Nobody,
            },
            split: match h.split {
                RawSplit::Equal => Split::Equal,
                RawSplit::ByDays => Split::ByDays,
            },
        }
    }
}

fn weekday(w: RawWeekday) -> Weekday {
    match w {
        RawWeekday::Mon => Weekday::Mon,
        RawWeekday::Tue => Weekday::Tue,
        RawWeekday::Wed => Weekday::Wed,
        RawWeekday::Thu => Weekday::Thu,
        RawWeekday::Fri => Weekday::Fri,
        RawWeekday::Sat => Weekday::Sat,
        RawWeekday::Sun => Weekday::Sun,
    }
}

fn exam(e: RawExam) -> ExamRef {
    match e {
        RawExam::FirstTerm => ExamRef::FirstTerm,
        RawExam::Final => ExamRef::Final,
        RawExam::PreviousFinal => ExamRef::PreviousFinal,
        RawExam::RankBase => ExamRef::RankBase,
    }
}

const EXAM_ORDER_HELP: &str = "use `from: RankBase` or `FirstTerm` (or `PreviousFinal`) with `to: Final`, or `from: PreviousFinal, to: FirstTerm`";

/// Whether `from` is an exam before `to`: the final of the year against any earlier exam, or
/// the previous year's final against the first-semester final.
fn exams_in_order(from: RawExam, to: RawExam) -> bool {
    matches!(
        (from, to),
        (
            RawExam::FirstTerm | RawExam::PreviousFinal | RawExam::RankBase,
            RawExam::Final
        ) | (RawExam::PreviousFinal, RawExam::FirstTerm)
    )
}

/// Whether `s` is `YYYY-YYYY` with consecutive years.
pub fn is_academic_year(s: &str) -> bool {
    let Some((a, b)) = s.split_once('-') else {
        return false;
    };
    let ok = |x: &str| x.len() == 4 && x.bytes().all(|c| c.is_ascii_digit());
    ok(a) && ok(b) && a.parse::<i32>().ok().map(|a| a + 1) == b.parse::<i32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"Plan(
    id: "p",
    name: "test",
    seed: "Plan 1",
    obligations: [
        (
            id: "weekly_talk",
            seed: "Plan 1 §Third.1",
            kinds: ["Talk"],
            covers: [LeftBehind],
            window: Weekly(due: Mon),
        ),
    ],
)"#;

    fn errors(src: &str) -> Vec<Diagnostic> {
        parse("plan.ron", src).expect_err("should fail").diagnostics
    }

    #[test]
    fn minimal_plan_loads_with_defaults() {
        let p = parse("plan.ron", MINIMAL).expect("loads");
        let o = &p.obligations[0];
        assert_eq!(o.kinds, vec!["talk".to_owned()], "kinds are lowercased");
        assert_eq!(o.made_by, MadeBy::Anyone, "made_by defaults to Anyone");
        assert_eq!(
            o.window,
            Window::Weekly {
                due: Some(Weekday::Mon)
            }
        );
    }

    #[test]
    fn a_truncated_plan_says_it_ends_early() {
        for cut in [
            MINIMAL.len() / 2,
            MINIMAL.len() - 3,
            MINIMAL.find("kinds").unwrap_or(0) + 2,
        ] {
            let d = errors(&MINIMAL[..cut]);
            assert!(
                d[0].message.starts_with("the file ends early"),
                "cut at {cut}: {}",
                d[0].message
            );
        }
    }

    #[test]
    fn weekly_without_due_day() {
        let src = MINIMAL.replace("Weekly(due: Mon)", "Weekly()");
        let p = parse("plan.ron", &src).expect("loads");
        assert_eq!(p.obligations[0].window, Window::Weekly { due: None });
    }

    #[test]
    fn misspelled_key_points_at_the_key_and_suggests_the_right_one() {
        let src = MINIMAL.replace("kinds:", "kindz:");
        let d = errors(&src);
        assert_eq!(d.len(), 1, "the parser stops at the first syntax error");
        assert_eq!((d[0].line, d[0].col), (Some(9), Some(13)));
        assert_eq!(d[0].message, "unknown key `kindz` in obligation");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `kinds`?"));
        assert!(
            d[0].render()
                .contains("9 |             kindz: [\"Talk\"],\n  |             ^^^^^\n"),
            "{}",
            d[0].render()
        );
    }

    #[test]
    fn misspelled_variant_suggests_the_right_one() {
        let d = errors(&MINIMAL.replace("LeftBehind", "LeftBehnd"));
        assert_eq!(d[0].message, "unknown value `LeftBehnd` in cover");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `LeftBehind`?"));
        assert_eq!(d[0].line, Some(10));
    }

    #[test]
    fn missing_key_is_named() {
        let d = errors(&MINIMAL.replace("            seed: \"Plan 1 §Third.1\",\n", ""));
        assert_eq!(d[0].message, "missing key `seed` in obligation");
    }

    #[test]
    fn every_semantic_error_is_reported_at_once() {
        let src = MINIMAL
            .replace("kinds: [\"Talk\"]", "kinds: []")
            .replace("covers: [LeftBehind]", "covers: []")
            .replace(
                "window: Weekly(due: Mon),",
                "window: Monthly, made_by: Role(role: \"headteacher\"),",
            );
        let d = errors(&src);
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "obligation `weekly_talk` needs at least one non-empty contact kind",
                "obligation `weekly_talk` covers nobody: the list is empty",
                "unknown role `headteacher` in obligation `weekly_talk`",
            ]
        );
        assert_eq!(d[0].line, Some(9));
        assert_eq!(d[1].line, Some(10));
        assert_eq!(d[2].help.as_deref(), Some("did you mean `head_teacher`?"));
    }

    #[test]
    fn duplicate_rule_ids_are_refused() {
        let src = MINIMAL.replace("    ],\n)", "        (id: \"weekly_talk\", seed: \"x\", kinds: [\"talk\"], covers: [All], window: Term),\n    ],\n)");
        let d = errors(&src);
        assert_eq!(d[0].message, "rule id `weekly_talk` is used twice");
        assert_eq!(d[0].line, Some(13), "points at the second use");
    }

    #[test]
    fn rank_base_needs_a_first_year() {
        let src = MINIMAL.replace(
            "    obligations",
            "    assessment: (covers: [All], rules: [(id: \"r\", seed: \"Plan 5 §6\", rule: RankGain(from: RankBase, to: Final, points_per_place: 10))]),\n    obligations",
        );
        let d = errors(&src);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message
                .starts_with("`RankBase` depends on the scheme's first year")
        );
        let with_year = src.replace(
            "seed: \"Plan 1\",",
            "seed: \"Plan 1\", first_year: \"2025-2026\",",
        );
        assert!(parse("plan.ron", &with_year).is_ok());
        let bad_year = src.replace(
            "seed: \"Plan 1\",",
            "seed: \"Plan 1\", first_year: \"2025-2027\",",
        );
        assert_eq!(
            errors(&bad_year)[0].message,
            "`2025-2027` is not an academic year"
        );
    }

    #[test]
    fn prize_tiers_are_checked() {
        let src = MINIMAL.replace(
            "    obligations",
            "    prizes: (tiers: [(id: \"t\", seed: \"Plan 5 §6\", rule: Rank(exam: Final, from: 5, to: 2), amount_fen: -1)]),\n    obligations",
        );
        let messages: Vec<String> = errors(&src).into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            [
                "`amount_fen` is negative (`-1`)",
                "tier `t` has the empty rank range 5..2"
            ]
        );
    }

    #[test]
    fn shipped_policies_load() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        for name in [
            "class-hand-in-hand",
            "school-weekly-talks",
            "school-files-triple-care",
            "community-care",
            "school-ten-ones",
        ] {
            let p = load_dir(&root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(p.id, name);
        }
    }
}
