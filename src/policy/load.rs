//! Parsing and validating `plan.ron`: a [`Draft`] is the parsed plan ([`syntax`](super::syntax)
//! turns a RON error into a diagnostic), [`Draft::validate`] makes it the model
//! ([`validate`](super::validate)), within the ceilings of [`limits`](super::limits).

use super::model::*;
use super::raw::*;
use super::syntax::syntax_diagnostic;
use super::validate::Validator;
use crate::diagnostic::Diagnostic;
use std::path::Path;

pub(crate) use super::syntax::suggest;

/// A policy package that cannot be used: the first syntax error of `plan.ron` (the parser
/// stops there), or every semantic error found.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyError {
    /// The problems, each with its position when known.
    pub diagnostics: Vec<Diagnostic>,
}

impl PolicyError {
    /// Every diagnostic rendered in `lang` ([`Diagnostic::render_in`]).
    pub fn text(&self, lang: crate::lang::Lang) -> String {
        self.diagnostics.iter().map(|d| d.render_in(lang)).collect()
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::lang::Lang::En))
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
        let shown = crate::paths::shown(&path);
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
        let run = Validator::new(&self.file, &self.source).run(&self.raw, self.dir.as_deref());
        // A school's choice must name a parameter of the plan (the paths `--set` takes).
        let choices = self.school_choices().err().unwrap_or_default();
        let choices: Vec<_> = choices
            .into_iter()
            .map(|(i, e)| {
                let quoted = format!("\"{}\"", self.raw.school_choices[i].param);
                crate::diagnostic::Diagnostic::error(
                    &self.file,
                    &self.source,
                    crate::diagnostic::locate(&self.source, &["school_choices", &quoted]),
                    format!("school's choice {}", e.message),
                )
                .with_help(e.help)
            })
            .collect();
        match run {
            Ok(policy) if choices.is_empty() => Ok(policy),
            Ok(_) => Err(PolicyError {
                diagnostics: choices,
            }),
            Err(mut diagnostics) => {
                diagnostics.extend(choices);
                Err(PolicyError { diagnostics })
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

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

    /// `(line, col, message, help)` of the one diagnostic of `src`.
    fn only(src: &str) -> (Option<usize>, Option<usize>, String, Option<String>) {
        let d = errors(src);
        assert_eq!(d.len(), 1, "{d:#?}");
        let d = &d[0];
        (d.line, d.col, d.message.clone(), d.help.clone())
    }

    #[test]
    fn every_key_with_a_default_takes_a_bare_value_or_some() {
        let enrollment = |count_on: &str, target: &str| {
            MINIMAL.replace(
                "    obligations",
                &format!(
                    "    enrollment: (id: \"e\", seed: \"Plan 2\", covers: [LeftBehind], count_on: {count_on}, enrollment_target_percent: {target}),\n    obligations"
                ),
            )
        };
        let obligation = |made_by: &str, note: &str| {
            MINIMAL.replace(
                "window: Weekly(due: Mon),",
                &format!("window: Weekly(due: Mon), made_by: {made_by}, require_note: {note},"),
            )
        };
        let bare = parse("plan.ron", &enrollment("YearStart", "90")).expect("bare");
        let some = parse("plan.ron", &enrollment("Some(YearStart)", "Some(90)")).expect("Some");
        assert_eq!(bare, some);
        let bare = parse("plan.ron", &obligation("Anyone", "true")).expect("bare");
        let some = parse("plan.ron", &obligation("Some(Anyone)", "Some(true)")).expect("Some");
        assert_eq!(bare, some);
        assert!(bare.obligations[0].require_note);
        // An optional key without a default (`first_year`) too.
        let year = |y: &str| {
            MINIMAL.replace(
                "seed: \"Plan 1\",",
                &format!("seed: \"Plan 1\", first_year: {y},"),
            )
        };
        assert_eq!(
            parse("plan.ron", &year("\"2025-2026\"")).expect("bare"),
            parse("plan.ron", &year("Some(\"2025-2026\")")).expect("Some")
        );
    }

    #[test]
    fn a_value_in_the_wrong_shape_gets_the_right_shape_as_help() {
        // Line 11 of MINIMAL is the obligation's `window`: 12 spaces, `window:` (13–19), a
        // space, `Weekly(due: Mon),` (21–37), a space, `made_by:` (39–46), a space, `Role`
        // (48–51), `(` (52): ron stops at the `"` in column 53. In `window: Monthly(),` the `(`
        // is in column 28.
        let role = MINIMAL.replace(
            "window: Weekly(due: Mon),",
            "window: Weekly(due: Mon), made_by: Role(\"head_teacher\"),",
        );
        assert_eq!(
            only(&role),
            (
                Some(11),
                Some(53),
                "expected identifier".to_owned(),
                Some("`Role` takes named values: write `Role(role: \"head_teacher\")`".to_owned())
            )
        );
        let monthly = MINIMAL.replace("window: Weekly(due: Mon),", "window: Monthly(),");
        assert_eq!(
            only(&monthly),
            (
                Some(11),
                Some(28),
                "expected comma".to_owned(),
                Some("`Monthly` takes no parentheses: write `Monthly`".to_owned())
            )
        );
        // A key without a default refuses `Some(…)`, and the message shows the whole value.
        let points = MINIMAL.replace(
            "    obligations",
            "    assessment: (covers: [All], rules: [(id: \"r\", seed: \"Plan 5\", rule: RankGain(from: FirstTerm, to: Final, points_per_place: Some(5)))]),\n    obligations",
        );
        let (line, _, message, help) = only(&points);
        assert_eq!(line, Some(5));
        assert_eq!(
            message,
            "`points_per_place` takes a whole number, not `Some(5)`"
        );
        assert_eq!(
            help.as_deref(),
            Some("write the value itself, without `Some(…)`: this key has no default")
        );
    }

    #[test]
    fn a_first_year_outside_the_span_is_refused_where_it_is() {
        // Line 4: 4 spaces, `seed:` (5–9), ` "Plan 1",` (10–19), ` first_year:` (20–31), a
        // space and the quote (32, 33): the value starts in column 34.
        let src = MINIMAL.replace(
            "seed: \"Plan 1\",",
            "seed: \"Plan 1\", first_year: \"0000-0001\",",
        );
        assert_eq!(
            only(&src),
            (
                Some(4),
                Some(34),
                "`0000-0001` is not an academic year between 1950 and 2100".to_owned(),
                Some("write it as `YYYY-YYYY` with consecutive years from 1950 to 2100, e.g. `2025-2026`".to_owned())
            )
        );
        let last = MINIMAL.replace(
            "seed: \"Plan 1\",",
            "seed: \"Plan 1\", first_year: \"2099-2100\",",
        );
        assert!(parse("plan.ron", &last).is_ok());
        let past = MINIMAL.replace(
            "seed: \"Plan 1\",",
            "seed: \"Plan 1\", first_year: \"2100-2101\",",
        );
        assert_eq!(
            only(&past).2,
            "`2100-2101` is not an academic year between 1950 and 2100"
        );
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
