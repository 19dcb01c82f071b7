//! Snapshot-tested policy reviews: the decision of a policy on a record set, in a readable,
//! stable text form, approved once and compared after every policy edit.
//!
//! A snapshot lives in the package, `policies/<p>/review/<records>.snap`, and starts with a
//! header that records the as-of date and language it was made with, so it does not go stale
//! the next day or on a machine with another locale:
//!
//! ```text
//! # careplan review snapshot
//! # policy: class-hand-in-hand
//! # records: realistic
//! # as-of: 2026-07-31
//! # lang: en
//! <the text report, overdue windows listed>
//! ```

use crate::eval::Decision;
use crate::lang::Lang;
use crate::report::{ObligationFilter, text};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The header fields of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// As-of date the snapshot was made with.
    pub as_of: NaiveDate,
    /// Language it was rendered in.
    pub lang: Lang,
}

/// Where the snapshot of `policy_dir` on `records_dir` lives.
pub fn snapshot_path(policy_dir: &Path, records_dir: &Path) -> PathBuf {
    let name = records_dir.file_name().map_or_else(
        || "records".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    policy_dir.join("review").join(format!("{name}.snap"))
}

/// Reads the header of a snapshot text, if it has a well-formed one.
pub fn read_header(snapshot: &str) -> Option<Header> {
    let mut as_of = None;
    let mut lang = None;
    for line in snapshot.lines().take(8) {
        if let Some(v) = line.strip_prefix("# as-of: ") {
            as_of = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
        } else if let Some(v) = line.strip_prefix("# lang: ") {
            lang = match v.trim() {
                "en" => Some(Lang::En),
                "zh" => Some(Lang::Zh),
                _ => None,
            };
        }
    }
    Some(Header {
        as_of: as_of?,
        lang: lang?,
    })
}

/// Renders the snapshot text of a decision: the head teacher's report (overdue windows
/// listed), then every outcome of every rule ([`crate::eval::outcomes`]), one per line.
pub fn render(decision: &Decision, records_name: &str, lang: Lang) -> String {
    let mut o = format!(
        "# careplan review snapshot\n# policy: {}\n# records: {records_name}\n# as-of: {}\n# lang: {}\n{}",
        decision.policy,
        decision.as_of,
        lang.pick("en", "zh"),
        text::render(decision, ObligationFilter::Overdue, lang)
    );
    let all = crate::eval::outcomes(decision);
    o.push_str(&match lang {
        Lang::En => format!("\nEvery outcome ({})\n", all.len()),
        Lang::Zh => format!("\n全部结果（{}）\n", all.len()),
    });
    for x in &all {
        o.push_str("  ");
        o.push_str(&crate::report::outcomes::line(
            x,
            &decision.rule_names,
            lang,
        ));
        o.push('\n');
    }
    o
}

/// A unified diff from the approved snapshot to the new one; empty when they are equal.
pub fn unified_diff(approved: &str, new: &str, path: &str) -> String {
    if approved == new {
        return String::new();
    }
    similar::TextDiff::from_lines(approved, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (approved)"), &format!("{path} (now)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips() {
        let text = "# careplan review snapshot\n# policy: p\n# records: r\n# as-of: 2026-07-31\n# lang: zh\nbody\n";
        assert_eq!(
            read_header(text),
            Some(Header {
                as_of: NaiveDate::from_ymd_opt(2026, 7, 31).expect("date"),
                lang: Lang::Zh
            })
        );
        assert_eq!(read_header("no header"), None);
    }

    #[test]
    fn diff_shows_changed_lines_only() {
        let d = unified_diff("a\nb\nc\n", "a\nB\nc\n", "x.snap");
        assert!(d.contains("-b\n+B\n"), "{d}");
        assert_eq!(unified_diff("same\n", "same\n", "x"), "");
    }
}
