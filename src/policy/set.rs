//! `--set path=value`: edit a parameter of a plan without touching its file (for `whatif`).
//!
//! Paths name parameters by rule id:
//!
//! | path | value |
//! |---|---|
//! | `first_year` | `YYYY-YYYY` |
//! | `obligations.<id>.kinds` | comma-separated contact kinds |
//! | `obligations.<id>.due` | `Mon` … `Sun`, or `none` (weekly rules) |
//! | `obligations.<id>.made_by` | `anyone`, a role (`head_teacher`), or `paired:<scheme>` |
//! | `obligations.<id>.require_note` | `true` / `false` |
//! | `points.<id>.points` | integer points (`StayTop`, `NoSeriousConduct`, `HonorTitle`) |
//! | `points.<id>.points_per_place` | integer points (`RankGain`) |
//! | `points.<id>.n` | rank limit (`StayTop`) |
//! | `points.<id>.title` | honour title (`HonorTitle`) |
//! | `prize_tiers.<id>.amount_fen` | integer fen (`amount_yuan` takes yuan, e.g. `20` or `20.50`) |
//! | `prize_tiers.<id>.from`, `.to` | rank range (`Rank` tiers) |
//! | `prize_tiers.<id>.min_places` | places of progress (`Progress` tiers) |
//! | `prizes.stack` | `true` / `false` |
//! | `helpers.fen_per_point` | integer fen (`helpers.yuan_per_point` takes yuan) |
//! | `helpers.scheme` | pairing scheme name |
//! | `helpers.unpaired` | `head_teacher` / `nobody` |
//! | `helpers.split` | `equal` / `by_days` |

use super::load::{Draft, suggest};
use super::raw::*;

/// A `--set` that cannot be applied: an unknown path (with the nearest valid ones) or a
/// value of the wrong kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}\n  = help: {}", self.message, self.help)
    }
}

impl std::error::Error for SetError {}

fn int(path: &str, value: &str) -> Result<i64, SetError> {
    value.trim().parse().map_err(|_| SetError {
        message: format!("`{path}` takes a whole number, not `{value}`"),
        help: format!("e.g. `--set {path}=20`"),
    })
}

fn uint(path: &str, value: &str) -> Result<u32, SetError> {
    value.trim().parse().map_err(|_| SetError {
        message: format!("`{path}` takes a whole number of 0 or more, not `{value}`"),
        help: format!("e.g. `--set {path}=5`"),
    })
}

/// Yuan with at most two decimals, as fen (`20.5` → 2050).
fn yuan_to_fen(path: &str, value: &str) -> Result<i64, SetError> {
    let bad = || SetError {
        message: format!("`{path}` takes yuan with at most two decimals, not `{value}`"),
        help: format!("e.g. `--set {path}=20` or `--set {path}=20.50`"),
    };
    let v = value.trim();
    let (neg, v) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v),
    };
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let fen = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)?;
    Ok(if neg { -fen } else { fen })
}

fn boolean(path: &str, value: &str) -> Result<bool, SetError> {
    match value.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(SetError {
            message: format!("`{path}` takes `true` or `false`, not `{value}`"),
            help: format!("e.g. `--set {path}=true`"),
        }),
    }
}

fn weekday(path: &str, value: &str) -> Result<Option<RawWeekday>, SetError> {
    Ok(Some(match value.trim().to_lowercase().as_str() {
        "none" => return Ok(None),
        "mon" => RawWeekday::Mon,
        "tue" => RawWeekday::Tue,
        "wed" => RawWeekday::Wed,
        "thu" => RawWeekday::Thu,
        "fri" => RawWeekday::Fri,
        "sat" => RawWeekday::Sat,
        "sun" => RawWeekday::Sun,
        _ => {
            return Err(SetError {
                message: format!("`{path}` takes a weekday, not `{value}`"),
                help: "one of Mon, Tue, Wed, Thu, Fri, Sat, Sun, none".into(),
            });
        }
    }))
}

/// The error for `path`, which is none of `paths`: the help names the nearest valid paths
/// (those under the same first segment, `helpers.`, first).
fn unknown_path(path: &str, paths: &[String]) -> SetError {
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let head = path.split('.').next().unwrap_or("");
    let mut near: Vec<(bool, usize, &str)> = refs
        .iter()
        .map(|p| {
            let other_head = p.split('.').next() != Some(head);
            (other_head, strsim::damerau_levenshtein(path, p), *p)
        })
        .collect();
    near.sort();
    let best: Vec<String> = near
        .iter()
        .take(3)
        .map(|(_, _, p)| format!("`{p}`"))
        .collect();
    let help = match suggest(path, &refs) {
        h if h.starts_with("did you mean") => h,
        _ => format!("nearest valid paths: {}", best.join(", ")),
    };
    SetError {
        message: format!("`{path}` names no parameter of this plan"),
        help,
    }
}

/// One of the school's choices ([`super::raw::RawSchoolChoice`]) with its current value.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchoolChoice {
    /// The parameter's path (`helpers.fen_per_point`).
    pub param: String,
    /// Its value as `check --params` shows it (`100`, `Mon`, `none`).
    pub value: String,
    /// Why it is the school's choice (the plan's own words).
    pub why: String,
    /// The same in Chinese, where the plan gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_zh: Option<String>,
}

impl SchoolChoice {
    /// The value in `lang`: as `check --params` shows it in English; in Chinese, each word of
    /// the policy language a school sets here in the school's terms (`Term` 每学期,
    /// `HeadTeacher` 班主任, `true` 是, `none` 无), numbers as they are.
    pub fn value_in(&self, lang: crate::lang::Lang) -> String {
        if lang == crate::lang::Lang::En {
            return self.value.clone();
        }
        let word = |w: &str| -> String {
            match w {
                "Weekly" | "Weekly()" => "每周",
                "Monthly" => "每月",
                "Quarterly" => "每季度",
                "Term" => "每学期",
                "Year" => "每学年",
                "HeadTeacher" => "班主任",
                "Nobody" => "无人",
                "true" => "是",
                "false" => "否",
                "none" => "无",
                "YearStart" => "学年开始日",
                "YearEnd" => "学年结束日",
                "RankBase" => "排名基数",
                "FirstTerm" => "第一学期期末",
                "Final" => "第二学期期末",
                "Mon" => "周一",
                "Tue" => "周二",
                "Wed" => "周三",
                "Thu" => "周四",
                "Fri" => "周五",
                "Sat" => "周六",
                "Sun" => "周日",
                other => return other.to_owned(),
            }
            .to_owned()
        };
        self.value
            .split(',')
            .map(word)
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl Draft {
    /// The parameters the plan marks as the school's choice, each with its current value, in
    /// the plan's order.
    ///
    /// # Errors
    /// One [`SetError`] per choice whose `param` names no parameter of the plan, with its
    /// index in `school_choices`.
    pub fn school_choices(&self) -> Result<Vec<SchoolChoice>, Vec<(usize, SetError)>> {
        let params = self.params();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (i, c) in self.raw.school_choices.iter().enumerate() {
            // A choice names one parameter, or a whole setting whose shape may vary
            // (`enrollment.count_on` is `YearStart` or `Day(…)`): its parameters, `k=v` each.
            let prefix = format!("{}.", c.param);
            let under: Vec<String> = params
                .iter()
                .filter_map(|p| {
                    let v = super::params::show(&p.value);
                    match p.path.strip_prefix(&prefix) {
                        _ if p.path == c.param => Some(v),
                        Some(rest) => Some(format!("{rest}={v}")),
                        None => None,
                    }
                })
                .collect();
            match under.is_empty() {
                false => out.push(SchoolChoice {
                    param: c.param.clone(),
                    value: under.join(", "),
                    why: c.why.clone(),
                    why_zh: c.why_zh.clone(),
                }),
                true => {
                    let paths: Vec<String> = params.iter().map(|p| p.path.clone()).collect();
                    errors.push((i, unknown_path(&c.param, &paths)));
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Every parameter of the plan with its current value, generated from the policy model
    /// ([`super::params`]), in plan order.
    /// The plan's `name`, and a family the plan does not have (`assessment = none`), are not
    /// parameters.
    pub fn params(&self) -> Vec<super::params::Param> {
        let mut params = serde_json::to_value(&self.raw)
            .map(|v| super::params::leaves(&v))
            .unwrap_or_default();
        params.retain(|p| {
            p.path != "name"
                && p.path != "school_choices"
                && !p.path.starts_with("school_choices.")
                && (p.path.contains('.') || !p.value.is_null() || p.path == "first_year")
        });
        params
    }

    /// Every path `--set` accepts on this plan: every parameter ([`Draft::params`]), then the
    /// named shorthands (`points.<id>.points`, `prize_tiers.<id>.amount_yuan`,
    /// `helpers.yuan_per_point` …) that are not among them.
    pub fn settable_paths(&self) -> Vec<String> {
        let mut out: Vec<String> = self.params().into_iter().map(|p| p.path).collect();
        for p in self.named_paths() {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// The named shorthands of the first plans, with their own value syntax (yuan, weekdays,
    /// `paired:<scheme>`).
    fn named_paths(&self) -> Vec<String> {
        let r = &self.raw;
        let mut out = vec!["first_year".to_owned()];
        for o in &r.obligations {
            for f in ["kinds", "due", "made_by", "require_note"] {
                out.push(format!("obligations.{}.{f}", o.id));
            }
        }
        for p in r.assessment.iter().flat_map(|a| &a.rules) {
            let fields: &[&str] = match p.rule {
                RawPointBody::RankGain { .. } => &["points_per_place"],
                RawPointBody::StayTop { .. } => &["points", "n"],
                RawPointBody::NoSeriousConduct { .. } => &["points"],
                RawPointBody::HonorTitle { .. } => &["points", "title"],
                // A script's parameters live in the script.
                RawPointBody::Script { .. } => &[],
            };
            for f in fields {
                out.push(format!("points.{}.{f}", p.id));
            }
        }
        if let Some(p) = &r.prizes {
            out.push("prizes.stack".into());
            for t in &p.tiers {
                let fields: &[&str] = match t.rule {
                    RawTierBody::Rank { .. } => &["amount_fen", "amount_yuan", "from", "to"],
                    RawTierBody::Progress { .. } => &["amount_fen", "amount_yuan", "min_places"],
                    RawTierBody::Script { .. } => &["amount_fen", "amount_yuan"],
                };
                for f in fields {
                    out.push(format!("prize_tiers.{}.{f}", t.id));
                }
            }
        }
        if r.helpers.is_some() {
            for f in [
                "fen_per_point",
                "yuan_per_point",
                "scheme",
                "unpaired",
                "split",
            ] {
                out.push(format!("helpers.{f}"));
            }
        }
        out
    }

    /// Applies `path=value` to the plan (validate afterwards).
    ///
    /// # Errors
    /// [`SetError`] for a path that names no parameter of this plan (the help lists the
    /// nearest valid paths) or a value of the wrong kind.
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), SetError> {
        let paths = self.settable_paths();
        if !self.named_paths().iter().any(|p| p == path) && paths.iter().any(|p| p == path) {
            return self.set_param(path, value);
        }
        let unknown = || unknown_path(path, &paths);
        let parts: Vec<&str> = path.split('.').collect();
        let r = &mut self.raw;
        match parts.as_slice() {
            ["first_year"] => r.first_year = Some(value.trim().to_owned()),
            ["obligations", id, field] => {
                let o = r
                    .obligations
                    .iter_mut()
                    .find(|o| o.id == *id)
                    .ok_or_else(unknown)?;
                match *field {
                    "kinds" => o.kinds = value.split(',').map(|k| k.trim().to_owned()).collect(),
                    "due" => match &mut o.window {
                        RawWindow::Weekly { due } => *due = weekday(path, value)?,
                        _ => {
                            return Err(SetError {
                                message: format!(
                                    "obligation `{id}` is not weekly: it has no due day"
                                ),
                                help: "only weekly obligations take `due`".into(),
                            });
                        }
                    },
                    "made_by" => {
                        o.made_by = match value.trim() {
                            v if v.eq_ignore_ascii_case("anyone") => RawMadeBy::Anyone,
                            v if v.eq_ignore_ascii_case("headteacher")
                                || v.eq_ignore_ascii_case("class_head_teacher") =>
                            {
                                RawMadeBy::HeadTeacher
                            }
                            v => match v.strip_prefix("paired:") {
                                Some(scheme) => RawMadeBy::PairedMentor {
                                    scheme: scheme.trim().to_owned(),
                                },
                                None => RawMadeBy::Role { role: v.to_owned() },
                            },
                        }
                    }
                    "require_note" => o.require_note = boolean(path, value)?,
                    _ => return Err(unknown()),
                }
            }
            ["points", id, field] => {
                let rule = r
                    .assessment
                    .as_mut()
                    .and_then(|a| a.rules.iter_mut().find(|p| p.id == *id))
                    .ok_or_else(unknown)?;
                match (&mut rule.rule, *field) {
                    (
                        RawPointBody::RankGain {
                            points_per_place, ..
                        },
                        "points_per_place",
                    ) => {
                        *points_per_place = int(path, value)?;
                    }
                    (
                        RawPointBody::StayTop { points, .. }
                        | RawPointBody::NoSeriousConduct { points }
                        | RawPointBody::HonorTitle { points, .. },
                        "points",
                    ) => *points = int(path, value)?,
                    (RawPointBody::StayTop { n, .. }, "n") => *n = uint(path, value)?,
                    (RawPointBody::HonorTitle { title, .. }, "title") => {
                        *title = value.trim().to_owned();
                    }
                    _ => return Err(unknown()),
                }
            }
            ["prizes", "stack"] => {
                let p = r.prizes.as_mut().ok_or_else(unknown)?;
                p.stack = match value.trim() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(SetError {
                            message: format!("`{path}` takes `true` or `false`, not `{value}`"),
                            help: format!("e.g. `--set {path}=false`"),
                        });
                    }
                };
            }
            ["prize_tiers", id, field] => {
                let t = r
                    .prizes
                    .as_mut()
                    .and_then(|p| p.tiers.iter_mut().find(|t| t.id == *id))
                    .ok_or_else(unknown)?;
                match (&mut t.rule, *field) {
                    (_, "amount_fen") => t.amount_fen = int(path, value)?,
                    (_, "amount_yuan") => t.amount_fen = yuan_to_fen(path, value)?,
                    (RawTierBody::Rank { from, .. }, "from") => *from = uint(path, value)?,
                    (RawTierBody::Rank { to, .. }, "to") => *to = uint(path, value)?,
                    (RawTierBody::Progress { min_places, .. }, "min_places") => {
                        *min_places = uint(path, value)?;
                    }
                    _ => return Err(unknown()),
                }
            }
            ["helpers", field] => {
                let h = r.helpers.as_mut().ok_or_else(unknown)?;
                match *field {
                    "fen_per_point" => h.fen_per_point = int(path, value)?,
                    "yuan_per_point" => h.fen_per_point = yuan_to_fen(path, value)?,
                    "scheme" => h.scheme = value.trim().to_owned(),
                    "split" => {
                        h.split = match value.trim().to_lowercase().replace('_', "").as_str() {
                            "equal" => RawSplit::Equal,
                            "bydays" => RawSplit::ByDays,
                            _ => {
                                return Err(SetError {
                                    message: format!(
                                        "`{path}` takes `equal` or `by_days`, not `{value}`"
                                    ),
                                    help: format!("e.g. `--set {path}=by_days`"),
                                });
                            }
                        }
                    }
                    "unpaired" => {
                        h.unpaired = match value.trim().to_lowercase().replace('_', "").as_str() {
                            "headteacher" => RawUnpaired::HeadTeacher,
                            "nobody" => RawUnpaired::Nobody,
                            _ => {
                                return Err(SetError {
                                    message: format!(
                                        "`{path}` takes `head_teacher` or `nobody`, not `{value}`"
                                    ),
                                    help: format!("e.g. `--set {path}=nobody`"),
                                });
                            }
                        }
                    }
                    _ => return Err(unknown()),
                }
            }
            _ => return Err(unknown()),
        }
        Ok(())
    }
}

impl Draft {
    /// Sets a parameter of the policy model by its generated path.
    fn set_param(&mut self, path: &str, value: &str) -> Result<(), SetError> {
        let bad = |message: String| SetError {
            message,
            help: format!(
                "`check --params` lists every parameter with its value, e.g. `--set {path}=…`"
            ),
        };
        let mut tree = serde_json::to_value(&self.raw).map_err(|e| bad(e.to_string()))?;
        super::params::set(&mut tree, path, value).map_err(bad)?;
        self.raw = serde_json::from_value(tree).map_err(|e| SetError {
            message: format!("`{path}` cannot be `{}`: {e}", value.trim()),
            help: format!(
                "now `{path}={}`",
                self.params()
                    .iter()
                    .find(|p| p.path == path)
                    .map(|p| super::params::show(&p.value))
                    .unwrap_or_default()
            ),
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn draft() -> Draft {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/class-hand-in-hand");
        Draft::read_dir(&dir).expect("shipped policy parses")
    }

    #[test]
    fn sets_a_prize_amount_in_fen_or_yuan() {
        let mut d = draft();
        d.set("prize_tiers.progress.amount_fen", "2000")
            .expect("valid path");
        let p = d.validate().expect("still valid");
        let tier = p
            .prizes
            .as_ref()
            .and_then(|p| p.tiers.iter().find(|t| t.id == "progress"));
        assert_eq!(tier.map(|t| t.amount_fen), Some(2000));
        d.set("prize_tiers.progress.amount_yuan", "20.5")
            .expect("valid path");
        assert_eq!(
            d.validate()
                .expect("valid")
                .prizes
                .map(|p| p.tiers[2].amount_fen),
            Some(2050)
        );
    }

    #[test]
    fn unknown_path_suggests_the_nearest() {
        let mut d = draft();
        let e = d
            .set("prize_tiers.progres.amount_fen", "2000")
            .expect_err("typo");
        assert_eq!(
            e.message,
            "`prize_tiers.progres.amount_fen` names no parameter of this plan"
        );
        assert_eq!(e.help, "did you mean `prize_tiers.progress.amount_fen`?");
        let e = d.set("helpers.rate", "2").expect_err("unknown field");
        assert!(e.help.starts_with("nearest valid paths: "), "{}", e.help);
    }

    #[test]
    fn wrong_values_are_refused() {
        let mut d = draft();
        assert!(d.set("points.rank_gain.points_per_place", "ten").is_err());
        assert!(d.set("prizes.stack", "maybe").is_err());
        assert!(d.set("prize_tiers.progress.amount_yuan", "1.234").is_err());
        assert!(
            d.set("prize_tiers.progress.from", "1").is_err(),
            "a progress tier has no rank range"
        );
    }

    #[test]
    fn a_set_that_breaks_validation_fails_validation() {
        let mut d = draft();
        d.set("prize_tiers.excellence_top5.from", "6")
            .expect("path is valid");
        let e = d.validate().expect_err("6..5 is an empty range");
        assert_eq!(
            e.diagnostics[0].message,
            "tier `excellence_top5` has the empty rank range 6..5"
        );
    }

    #[test]
    fn sets_the_families_settings() {
        let mut d = draft();
        d.set("helpers.split", "by_days").expect("valid path");
        d.set("obligations.monthly_parent_feedback.require_note", "true")
            .expect("valid path");
        d.set(
            "obligations.monthly_parent_feedback.made_by",
            "paired:hand_in_hand",
        )
        .expect("valid path");
        let p = d.validate().expect("still valid");
        assert_eq!(
            p.helpers.map(|h| h.split),
            Some(crate::policy::Split::ByDays)
        );
        let o = &p.obligations[0];
        assert!(o.require_note);
        assert_eq!(
            o.made_by,
            crate::policy::MadeBy::PairedMentor("hand_in_hand".into())
        );
        assert!(d.set("helpers.split", "by_weeks").is_err());
    }
}
