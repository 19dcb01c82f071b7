//! `check` warnings for the rule families of Plans 2–4 meeting a record set: a pairing scheme,
//! a `PairedMentor` scheme or an activity kind the records never contain (a typo there would
//! otherwise report every child uncovered or every window missed).

use super::super::families::Per;
use super::super::load::Draft;
use super::super::model::{MadeBy, Policy};
use crate::diagnostic::Diagnostic;
use crate::records::Records;
use std::collections::BTreeSet;

impl Draft {
    /// Warnings about how the families of the policy meet these records.
    pub(super) fn lint_families(&self, policy: &Policy, records: &Records) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let schemes: BTreeSet<&str> = records.pairings.iter().map(|p| p.scheme.as_str()).collect();
        let kinds: BTreeSet<&str> = records.activities.iter().map(|a| a.kind.as_str()).collect();
        let list = |values: &BTreeSet<&str>| {
            if values.is_empty() {
                "none".to_owned()
            } else {
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        for s in &policy.pairing_schemes {
            if !schemes.contains(s.scheme.as_str()) {
                out.push(self.warn(
                    &[&format!("\"{}\"", s.id), "scheme:"],
                    format!(
                        "scheme `{}` of pairing scheme `{}` never appears in pairings.csv: every child it covers is uncovered",
                        s.scheme, s.id
                    ),
                    &format!("pairings.csv has the schemes {}", list(&schemes)),
                ));
            }
        }
        // A rule that covers `Poor` children covers nobody when no child is marked poor (the
        // column is optional): say so rather than report a rule met by default.
        if !records.students.iter().any(|s| s.poor) {
            for (id, what) in poor_rules(policy) {
                out.push(self.warn(
                    &[&format!("\"{id}\""), "Poor"],
                    format!(
                        "{what} `{id}` covers poor children, but no child has `poor` = yes in students.csv: it covers nobody"
                    ),
                    "add the column `poor` (yes/no) to students.csv, or map it in schema.ron",
                ));
            }
        }
        // A letter due on the elders' birthdays is owed only where the guardian's birthday is
        // recorded: without a single one the occasion is silently inactive.
        for l in &policy.calendar.letters_home {
            let elders = l
                .occasions
                .iter()
                .any(|o| matches!(o, crate::policy::Occasion::EldersBirthdays));
            let recorded = records
                .students
                .iter()
                .filter(|s| l.covers.covers(s))
                .any(|s| crate::eval::calendar_rules::guardian_birth_date(s).is_some());
            if elders && !recorded {
                out.push(self.warn(
                    &[&format!("\"{}\"", l.id), "EldersBirthdays"],
                    format!(
                        "letters rule `{}` is due on the elders' birthdays, but no child it covers has a `guardian_birth_date` in students.csv: no letter is owed for them",
                        l.id
                    ),
                    "add the guardian's birthday column (`guardian_birth_date`, YYYY-MM-DD) to students.csv, or map it in schema.ron",
                ));
            }
        }
        for o in &policy.obligations {
            if let MadeBy::PairedMentor(scheme) = &o.made_by
                && !schemes.contains(scheme.as_str())
            {
                out.push(self.warn(
                    &[&format!("\"{}\"", o.id), "made_by:"],
                    format!(
                        "scheme `{scheme}` of obligation `{}` never appears in pairings.csv: nobody has the obligation",
                        o.id
                    ),
                    &format!("pairings.csv has the schemes {}", list(&schemes)),
                ));
            }
        }
        for a in &policy.activities {
            if !a.kinds.iter().any(|k| kinds.contains(k.as_str())) {
                let what = match a.per {
                    Per::Child(_) => "every child misses it",
                    _ => "every window is missed",
                };
                out.push(self.warn(
                    &[&format!("\"{}\"", a.id), "kinds:"],
                    format!(
                        "no kind of activity rule `{}` appears in activities.csv: {what}",
                        a.id
                    ),
                    &format!("activities.csv has the kinds {}", list(&kinds)),
                ));
            }
        }
        out
    }
}

/// The rules of `policy` whose coverage names `Poor` (id, family word), in plan order.
fn poor_rules(policy: &Policy) -> Vec<(&str, &'static str)> {
    let mut out: Vec<(&str, &'static str)> = Vec::new();
    for o in policy.obligations.iter().filter(|o| o.covers.poor) {
        out.push((&o.id, "obligation"));
    }
    if let Some(f) = policy.child_files.as_ref().filter(|f| f.covers.poor) {
        out.push((&f.id, "file rule"));
    }
    if let Some(e) = policy.enrollment.as_ref().filter(|e| e.covers.poor) {
        out.push((&e.id, "enrollment rule"));
    }
    for s in policy.pairing_schemes.iter().filter(|s| s.covers.poor) {
        out.push((&s.id, "pairing scheme"));
    }
    if let Some(p) = policy.individual_plans.as_ref().filter(|p| p.covers.poor) {
        out.push((&p.id, "individual-plan rule"));
    }
    for a in &policy.activities {
        if let Per::Child(c) = &a.per
            && c.poor
        {
            out.push((&a.id, "activity"));
        }
    }
    for l in policy
        .calendar
        .letters_home
        .iter()
        .filter(|l| l.covers.poor)
    {
        out.push((&l.id, "letters rule"));
    }
    for b in policy
        .calendar
        .birthday_parties
        .iter()
        .filter(|b| b.covers.poor)
    {
        out.push((&b.id, "birthday-party rule"));
    }
    out
}
