//! Child files and contact cards (Plan 2 §Third(1).2, Plan 3 §Second.2, Plan 4 §Fourth.2): the
//! filing rate and, per child, which required fields are missing — by field name only, never
//! the values.

use super::rates::{meets, rate};
use super::{Ctx, class_name};
use crate::policy::ChildFiles;
use crate::records::FastMap;
use crate::records::Student;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The filing rate of a child-files rule on the roster day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilesResult {
    /// Rule id.
    pub rule: String,
    /// The day whose roster is counted: the assessment day.
    pub roster_day: NaiveDate,
    /// Covered children enrolled on the roster day.
    pub covered: u32,
    /// Those whose file holds every required field.
    pub complete: u32,
    /// complete / covered, 4 decimals; `null` when nobody is covered.
    pub filing_rate: Option<f64>,
    /// The plan's target, percent.
    pub target_percent: u32,
    /// Whether complete / covered reaches the target.
    pub meets_target: bool,
    /// The same per class.
    pub classes: Vec<FilesClass>,
    /// Children with an incomplete file, by id.
    pub incomplete: Vec<IncompleteFile>,
}

/// One class's filing rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilesClass {
    /// The class.
    pub class: String,
    /// Covered children enrolled on the roster day.
    pub covered: u32,
    /// Complete files.
    pub complete: u32,
    /// complete / covered.
    pub filing_rate: Option<f64>,
}

/// A child whose file lacks required fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncompleteFile {
    /// The child.
    pub student_id: String,
    /// Name.
    pub name: String,
    /// Class.
    pub class: String,
    /// The missing fields (canonical column names), in the plan's order.
    pub missing: Vec<String>,
}

/// The missing required fields of a child's file. For a single-parent child under
/// `single_parent: OneParent`, the `father_*` and `mother_*` fields are complete when one
/// parent's listed fields all hold a value; otherwise the fields missing for the parent with
/// fewer gaps are named (the father on a tie).
pub(crate) fn missing_fields(rule: &ChildFiles, s: &Student) -> Vec<String> {
    let missing: Vec<&String> = rule
        .fields
        .iter()
        .filter(|f| !s.file.contains_key(f.as_str()))
        .collect();
    if !(rule.single_parent_one_parent && s.single_parent) {
        return missing.into_iter().cloned().collect();
    }
    let father = missing.iter().filter(|f| f.starts_with("father_")).count();
    let mother = missing.iter().filter(|f| f.starts_with("mother_")).count();
    let dropped = if father == 0 || mother == 0 {
        // One parent is complete: neither parent's gaps count.
        ["father_", "mother_"].as_slice()
    } else if father <= mother {
        ["mother_"].as_slice()
    } else {
        ["father_"].as_slice()
    };
    missing
        .into_iter()
        .filter(|f| !dropped.iter().any(|p| f.starts_with(p)))
        .cloned()
        .collect()
}

pub(super) fn evaluate(ctx: &Ctx, rule: &ChildFiles) -> FilesResult {
    let day = ctx.assessment_day;
    // By class (named once, at the end).
    let mut classes: FastMap<&crate::records::ClassKey, (u32, u32)> = FastMap::default();
    let mut incomplete = Vec::new();
    for s in &ctx.records.students {
        if !s.enrolled_on_day(day) || !ctx.covers(&rule.covers, s, &rule.id) {
            continue;
        }
        let missing = missing_fields(rule, s);
        let entry = classes.entry(&s.class).or_default();
        entry.0 += 1;
        if missing.is_empty() {
            entry.1 += 1;
        } else {
            incomplete.push(IncompleteFile {
                student_id: s.student_id.clone(),
                name: s.name.clone(),
                class: class_name(&s.class),
                missing,
            });
        }
    }
    incomplete.sort_by(|a, b| a.student_id.cmp(&b.student_id));
    let classes: BTreeMap<String, (u32, u32)> = classes
        .into_iter()
        .map(|(k, c)| (class_name(k), c))
        .collect();
    let covered = classes.values().map(|c| c.0).sum();
    let complete = classes.values().map(|c| c.1).sum();
    FilesResult {
        rule: rule.id.clone(),
        roster_day: day,
        covered,
        complete,
        filing_rate: rate(complete, covered),
        target_percent: rule.target_percent,
        meets_target: meets(complete, covered, rule.target_percent),
        classes: classes
            .into_iter()
            .map(|(class, (covered, complete))| FilesClass {
                class,
                covered,
                complete,
                filing_rate: rate(complete, covered),
            })
            .collect(),
        incomplete,
    }
}
