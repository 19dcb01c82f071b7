//! The schedule: every item a policy makes due between two days (contact obligations, activity
//! duties, birthday parties, letters home, festival days, milestones), with the staff member
//! responsible and the child concerned, and its status as of a date.
//!
//! It is built from the decisions of every academic year whose extent meets the range (see
//! [`crate::eval::calendar_rules::year_extent`]), each evaluated far enough to list the
//! range's windows, over the records dated up to the as-of date only. An item is listed when
//! its due day lies in the range; a window that has not closed by the as-of date and holds no
//! record is `open`, whatever its due day.
//!
//! Who is responsible: for a contact obligation or a letter, its `made_by` (a role: the holders
//! of that role in the child's class, else those with no class; the child's own mentor under a
//! scheme: the mentors paired on some day of the window; anyone: the class's head teacher);
//! for a class or child duty, the class's head teacher; a school-wide duty names nobody.

use crate::eval::calendar_rules::year_extent;
use crate::eval::{Decision, EvalError, EvalOptions, Status, evaluate};
use crate::policy::{MadeBy, Per, Policy};
use crate::records::{ClassKey, Finding, Records};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What to list: due days from `from` to `to` (inclusive), statuses as of `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleOptions {
    /// First due day listed.
    pub from: NaiveDate,
    /// Last due day listed.
    pub to: NaiveDate,
    /// Records dated after this day are ignored; windows not closed by it are `open`.
    pub as_of: NaiveDate,
}

/// One due item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    /// A stable id (the same item always has the same one): the ICS `UID`.
    pub uid: String,
    /// `obligation`, `activity`, `birthday_party`, `letter`, `festival_day` or `milestone`.
    pub family: &'static str,
    /// Rule id.
    pub rule: String,
    /// Seed plan and paragraph of the rule.
    pub seed: String,
    /// The occasion of a letter (`spring_festival`), the month of a party (`2025-09`).
    pub occasion: Option<String>,
    /// The day it is due (a festival day: the festival itself).
    pub due: NaiveDate,
    /// First day of its window.
    pub window_start: NaiveDate,
    /// Last day of its window.
    pub window_end: NaiveDate,
    /// The class, when the item is for a class or a child.
    pub class: Option<String>,
    /// The child, when the item is for one child.
    pub student_id: Option<String>,
    /// The child's name.
    pub name: Option<String>,
    /// A party's guests (student ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guests: Vec<String>,
    /// Staff responsible (ids, sorted); empty for a school-wide duty.
    pub staff: Vec<String>,
    /// Status as of the as-of date.
    pub status: Status,
    /// Day of the record that met it.
    pub date: Option<NaiveDate>,
}

/// The items of one person, as indices into [`Schedule::items`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonItems {
    /// Staff or student id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The class, for a child (and a staff member attached to one).
    pub class: Option<String>,
    /// Indices into the schedule's items, in due order.
    pub items: Vec<usize>,
}

/// Every due item between two days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// Policy id.
    pub policy: String,
    /// Policy name.
    pub policy_name: String,
    /// Policy name in Chinese, when the plan gives one.
    pub policy_name_zh: Option<String>,
    /// The rules' display names (`name`, `name_zh` of `plan.ron`); not part of the JSON.
    #[serde(skip)]
    pub rule_names: crate::policy::RuleNames,
    /// First due day listed.
    pub from: NaiveDate,
    /// Last due day listed.
    pub to: NaiveDate,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The items, by due day, family, rule, class, child.
    pub items: Vec<DueItem>,
    /// Per staff member (sorted by id): the items they are responsible for.
    pub staff: Vec<PersonItems>,
    /// Per child (sorted by id): the items about the child (a party it is a guest of
    /// included).
    pub children: Vec<PersonItems>,
    /// School-wide items nobody is named for.
    pub school: Vec<usize>,
    /// Problems in the records and where the policy meets them.
    pub findings: Vec<Finding>,
}

impl Schedule {
    /// The schedule of one staff member and/or one child: the items they are responsible for
    /// or concerned by (both given: the items of that child the staff member is responsible
    /// for). Ids that match nothing give an empty schedule.
    pub fn only(&self, staff: Option<&str>, student: Option<&str>) -> Schedule {
        let keep = |i: &DueItem| {
            staff.is_none_or(|s| i.staff.iter().any(|x| x == s))
                && student.is_none_or(|c| {
                    i.student_id.as_deref() == Some(c) || i.guests.iter().any(|g| g == c)
                })
        };
        let items: Vec<DueItem> = self.items.iter().filter(|i| keep(i)).cloned().collect();
        let remap: std::collections::HashMap<&str, usize> = items
            .iter()
            .enumerate()
            .map(|(n, i)| (i.uid.as_str(), n))
            .collect();
        let people = |list: &[PersonItems], want: Option<&str>| -> Vec<PersonItems> {
            list.iter()
                .filter(|p| want.is_none_or(|w| w == p.id))
                .map(|p| PersonItems {
                    items: p
                        .items
                        .iter()
                        .filter_map(|&k| remap.get(self.items[k].uid.as_str()).copied())
                        .collect(),
                    ..p.clone()
                })
                .filter(|p| !p.items.is_empty())
                .collect()
        };
        Schedule {
            staff: people(&self.staff, staff),
            children: people(&self.children, student),
            school: self
                .school
                .iter()
                .filter_map(|&k| remap.get(self.items[k].uid.as_str()).copied())
                .collect(),
            items: items.clone(),
            ..self.clone()
        }
    }
}

/// The UID of an item with the readable key `key`: `<FNV-1a 128-bit hash, hex>@careplan`. The
/// same key gives the same UID on every run, machine and version, so a newer export updates
/// the events it replaces; the hash shows nothing of the ids in the key.
pub fn stable_uid(key: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let hash = key
        .bytes()
        .fold(OFFSET, |h, b| (h ^ u128::from(b)).wrapping_mul(PRIME));
    format!("{hash:032x}@careplan")
}

/// A UID part: letters, digits, `-` and `_` as they are, any other byte as `%XX`.
fn uid_part(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The records dated up to `as_of`.
fn records_until(records: &Records, as_of: NaiveDate) -> Records {
    let mut r = records.clone();
    r.contacts.retain(|c| c.date <= as_of);
    r.activities.retain(|a| a.date <= as_of);
    r.conduct.retain(|c| c.date <= as_of);
    r.plans.retain(|p| p.date <= as_of);
    r
}

/// Lists every item `policy` makes due from `opts.from` to `opts.to`.
///
/// # Errors
/// [`EvalError`] when a year cannot be evaluated (a script thread that crashed).
pub fn schedule(
    policy: &Policy,
    records: &Records,
    opts: &ScheduleOptions,
) -> Result<Schedule, EvalError> {
    let records = records_until(records, opts.as_of);
    let years: BTreeSet<&str> = records
        .calendar
        .terms
        .iter()
        .map(|t| t.academic_year.as_str())
        .collect();
    let mut b = Builder::new(policy, &records, opts);
    let mut findings = records.findings.clone();
    for year in years {
        let (Some(span), Some(ext)) = (
            records.calendar.year_span(year),
            year_extent(&records.calendar, year),
        ) else {
            continue;
        };
        if ext.end < opts.from || span.start > opts.to {
            continue;
        }
        let as_of = opts.to.max(opts.as_of).min(ext.end).max(span.start);
        let d = evaluate(
            policy,
            &records,
            &EvalOptions {
                as_of,
                year: Some(year.to_owned()),
            },
        )?;
        b.add(&d);
        findings.extend(d.findings);
    }
    findings.sort();
    findings.dedup();
    Ok(b.finish(findings))
}

struct Builder<'a> {
    policy: &'a Policy,
    records: &'a Records,
    opts: &'a ScheduleOptions,
    items: Vec<DueItem>,
    classes: HashMap<String, ClassKey>,
    student_class: HashMap<&'a str, &'a ClassKey>,
    names: HashMap<&'a str, &'a str>,
    seeds: HashMap<&'a str, &'a str>,
}

impl<'a> Builder<'a> {
    fn new(policy: &'a Policy, records: &'a Records, opts: &'a ScheduleOptions) -> Self {
        let c = &policy.calendar;
        let seeds = policy
            .obligations
            .iter()
            .map(|r| (r.id.as_str(), r.seed.as_str()))
            .chain(
                policy
                    .activities
                    .iter()
                    .map(|r| (r.id.as_str(), r.seed.as_str())),
            )
            .chain(
                c.birthday_parties
                    .iter()
                    .map(|r| (r.id.as_str(), r.seed.as_str())),
            )
            .chain(
                c.letters_home
                    .iter()
                    .map(|r| (r.id.as_str(), r.seed.as_str())),
            )
            .chain(
                c.festival_days
                    .iter()
                    .map(|r| (r.id.as_str(), r.seed.as_str())),
            )
            .chain(
                c.milestones
                    .iter()
                    .map(|r| (r.id.as_str(), r.seed.as_str())),
            )
            .collect();
        Builder {
            policy,
            records,
            opts,
            items: Vec::new(),
            classes: records
                .students
                .iter()
                .map(|s| (s.class.to_string(), s.class.clone()))
                .collect(),
            student_class: records
                .students
                .iter()
                .map(|s| (s.student_id.as_str(), &s.class))
                .collect(),
            names: records
                .students
                .iter()
                .map(|s| (s.student_id.as_str(), s.name.as_str()))
                .collect(),
            seeds,
        }
    }

    /// The head teachers of a class, by id.
    fn head_teachers(&self, class: Option<&ClassKey>) -> Vec<String> {
        let Some(class) = class else {
            return Vec::new();
        };
        self.records
            .staff
            .iter()
            .filter(|s| s.has_role("head_teacher") && s.class.as_ref() == Some(class))
            .map(|s| s.staff_id.clone())
            .collect()
    }

    /// Who is responsible for a child's item under `made_by`.
    fn made_by(
        &self,
        made_by: &MadeBy,
        student: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Vec<String> {
        let class = self.student_class.get(student).copied();
        match made_by {
            MadeBy::Anyone | MadeBy::HeadTeacher => self.head_teachers(class),
            MadeBy::Role(role) => {
                let holders = |want: Option<&ClassKey>| -> Vec<String> {
                    self.records
                        .staff
                        .iter()
                        .filter(|s| s.has_role(role) && s.class.as_ref() == want)
                        .map(|s| s.staff_id.clone())
                        .collect()
                };
                let in_class = holders(class);
                if in_class.is_empty() {
                    holders(None)
                } else {
                    in_class
                }
            }
            MadeBy::PairedMentor(scheme) => self
                .records
                .pairings
                .iter()
                .filter(|p| &p.scheme == scheme && p.mentee_id == student)
                .filter(|p| p.start <= end && p.end.is_none_or(|e| e >= start))
                .map(|p| p.mentor_id.clone())
                .collect(),
        }
    }

    fn status(&self, s: Status, window_end: NaiveDate) -> Status {
        if s == Status::Missed && window_end >= self.opts.as_of {
            Status::Open
        } else {
            s
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        family: &'static str,
        rule: &str,
        occasion: Option<String>,
        due: NaiveDate,
        (window_start, window_end): (NaiveDate, NaiveDate),
        class: Option<String>,
        student_id: Option<String>,
        staff: Vec<String>,
        (status, date): (Status, Option<NaiveDate>),
        guests: Vec<String>,
    ) {
        if due < self.opts.from || due > self.opts.to {
            return;
        }
        let scope = student_id
            .as_deref()
            .or(class.as_deref())
            .unwrap_or("school");
        // The readable key (package, rule, child or class, window) may hold an ID number (a
        // student id that is one): the UID is its stable hash.
        let mut uid = format!(
            "{}.{}.{}.{}",
            uid_part(&self.policy.id),
            uid_part(rule),
            uid_part(scope),
            window_start.format("%Y%m%d")
        );
        if let (true, Some(o)) = (family == "letter", &occasion) {
            uid.push('.');
            uid.push_str(&uid_part(o));
        }
        let uid = stable_uid(&uid);
        let mut staff = staff;
        staff.sort();
        staff.dedup();
        self.items.push(DueItem {
            uid,
            family,
            rule: rule.to_owned(),
            seed: self.seeds.get(rule).copied().unwrap_or("").to_owned(),
            occasion,
            due,
            window_start,
            window_end,
            name: student_id
                .as_deref()
                .and_then(|s| self.names.get(s))
                .map(|n| (*n).to_owned()),
            class,
            student_id,
            guests,
            staff,
            status: self.status(status, window_end),
            date,
        });
    }

    fn add(&mut self, d: &Decision) {
        let obligations: HashMap<&str, &MadeBy> = self
            .policy
            .obligations
            .iter()
            .map(|o| (o.id.as_str(), &o.made_by))
            .collect();
        for r in &d.obligations {
            let staff = obligations
                .get(r.rule.as_str())
                .map(|m| self.made_by(m, &r.student_id, r.window_start, r.window_end))
                .unwrap_or_default();
            self.push(
                "obligation",
                &r.rule,
                None,
                r.due.unwrap_or(r.window_end),
                (r.window_start, r.window_end),
                Some(r.class.clone()),
                Some(r.student_id.clone()),
                staff,
                (r.status, r.contact_date),
                Vec::new(),
            );
        }
        let per: HashMap<&str, &Per> = self
            .policy
            .activities
            .iter()
            .map(|a| (a.id.as_str(), &a.per))
            .collect();
        for r in &d.activities {
            let staff = match per.get(r.rule.as_str()) {
                Some(Per::School) | None => Vec::new(),
                Some(_) => {
                    let class = r.class.as_ref().and_then(|c| self.classes.get(c));
                    self.head_teachers(class)
                }
            };
            self.push(
                "activity",
                &r.rule,
                None,
                r.window_end,
                (r.window_start, r.window_end),
                r.class.clone(),
                r.student_id.clone(),
                staff,
                (r.status, r.date),
                Vec::new(),
            );
        }
        let Some(c) = &d.calendar else { return };
        for p in &c.birthday_parties {
            let class = p.class.as_ref().and_then(|c| self.classes.get(c));
            let staff = self.head_teachers(class);
            self.push(
                "birthday_party",
                &p.rule,
                Some(p.month.clone()),
                p.window_end,
                (p.window_start, p.window_end),
                p.class.clone(),
                None,
                staff,
                (p.status, p.date),
                p.guests.iter().map(|g| g.student_id.clone()).collect(),
            );
        }
        let letters: HashMap<&str, &MadeBy> = self
            .policy
            .calendar
            .letters_home
            .iter()
            .map(|l| (l.id.as_str(), &l.made_by))
            .collect();
        for r in &c.letters {
            let staff = letters
                .get(r.rule.as_str())
                .map(|m| self.made_by(m, &r.student_id, r.window_start, r.window_end))
                .unwrap_or_default();
            self.push(
                "letter",
                &r.rule,
                Some(r.occasion.clone()),
                r.window_end,
                (r.window_start, r.window_end),
                Some(r.class.clone()),
                Some(r.student_id.clone()),
                staff,
                (r.status, r.date),
                Vec::new(),
            );
        }
        for (family, rows) in [
            ("festival_day", &c.festival_days),
            ("milestone", &c.milestones),
        ] {
            for r in rows {
                let class = r.class.as_ref().and_then(|c| self.classes.get(c));
                let staff = self.head_teachers(class);
                let due = if family == "festival_day" {
                    r.day
                } else {
                    r.window_end
                };
                self.push(
                    family,
                    &r.rule,
                    None,
                    due,
                    (r.window_start, r.window_end),
                    r.class.clone(),
                    r.student_id.clone(),
                    staff,
                    (r.status, r.date),
                    Vec::new(),
                );
            }
        }
    }

    fn finish(mut self, findings: Vec<Finding>) -> Schedule {
        self.items.sort_by(|a, b| {
            (
                a.due,
                a.family,
                &a.rule,
                &a.class,
                &a.student_id,
                &a.occasion,
                a.window_start,
            )
                .cmp(&(
                    b.due,
                    b.family,
                    &b.rule,
                    &b.class,
                    &b.student_id,
                    &b.occasion,
                    b.window_start,
                ))
        });
        self.items.dedup_by(|a, b| a.uid == b.uid);
        let mut staff: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut school = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            for s in &item.staff {
                staff.entry(s).or_default().push(i);
            }
            if item.staff.is_empty() {
                school.push(i);
            }
            for c in item.student_id.iter().chain(&item.guests) {
                children.entry(c).or_default().push(i);
            }
        }
        let staff_rows = staff
            .into_iter()
            .map(|(id, items)| {
                let who = self.records.staff.iter().find(|s| s.staff_id == id);
                PersonItems {
                    id: id.to_owned(),
                    name: who.map(|s| s.name.clone()).unwrap_or_default(),
                    class: who.and_then(|s| s.class.as_ref()).map(ToString::to_string),
                    items,
                }
            })
            .collect();
        let child_rows = children
            .into_iter()
            .map(|(id, items)| PersonItems {
                id: id.to_owned(),
                name: self
                    .names
                    .get(id)
                    .map(|n| (*n).to_owned())
                    .unwrap_or_default(),
                class: self.student_class.get(id).map(|c| c.to_string()),
                items,
            })
            .collect();
        Schedule {
            policy: self.policy.id.clone(),
            policy_name: self.policy.name.clone(),
            policy_name_zh: self.policy.name_zh.clone(),
            rule_names: self.policy.rule_names.clone(),
            from: self.opts.from,
            to: self.opts.to,
            as_of: self.opts.as_of,
            items: self.items,
            staff: staff_rows,
            children: child_rows,
            school,
            findings,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uids_are_fnv1a_128_of_the_key() {
        // FNV-1a 128: the empty key is the offset basis; "a" is the published test vector.
        assert_eq!(
            super::stable_uid(""),
            "6c62272e07bb014262b821756295c58d@careplan"
        );
        assert_eq!(
            super::stable_uid("a"),
            "d228cb696f1a8caf78912b704e4a8964@careplan"
        );
    }

    #[test]
    fn uid_parts_are_safe() {
        assert_eq!(super::uid_part("7-1"), "7-1");
        assert_eq!(super::uid_part("a/b c"), "a%2Fb%20c");
        assert_eq!(super::uid_part("七"), "%E4%B8%83");
    }
}
