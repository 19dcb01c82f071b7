//! Validating the dated duties (see [`crate::policy::calendar`]): every problem is collected
//! with its position, like the rest of `plan.ron`.

use super::super::calendar::*;
use super::super::families::Per;
use super::super::model::MadeBy;
use super::super::raw::RawMadeBy;
use super::super::raw_calendar::*;
use super::super::raw_families::RawPer;
use super::{KNOWN_ROLES, Validator, suggest};
use crate::lunar::Festival;
use std::collections::BTreeMap;

/// Largest `lead_days` of a letters rule.
const MAX_LEAD: u32 = 366;
/// Largest `tolerance_days` of a festival day.
const MAX_TOLERANCE: u32 = 31;

fn festival(d: RawDay) -> Option<Festival> {
    Some(match d {
        RawDay::SpringFestival => Festival::SpringFestival,
        RawDay::LanternFestival => Festival::LanternFestival,
        RawDay::DragonBoat => Festival::DragonBoat,
        RawDay::Qixi => Festival::Qixi,
        RawDay::MidAutumn => Festival::MidAutumn,
        RawDay::DoubleNinth => Festival::DoubleNinth,
        RawDay::Laba => Festival::Laba,
        RawDay::NewYearsEve => Festival::NewYearsEve,
        RawDay::Solar { .. } | RawDay::Lunar { .. } => return None,
    })
}

/// The day of an occasion that is a day (`None` for vacations and elders' birthdays).
fn occasion_day(o: RawOccasion) -> Option<RawDay> {
    Some(match o {
        RawOccasion::Solar { month, day } => RawDay::Solar { month, day },
        RawOccasion::Lunar { month, day } => RawDay::Lunar { month, day },
        RawOccasion::SpringFestival => RawDay::SpringFestival,
        RawOccasion::LanternFestival => RawDay::LanternFestival,
        RawOccasion::DragonBoat => RawDay::DragonBoat,
        RawOccasion::Qixi => RawDay::Qixi,
        RawOccasion::MidAutumn => RawDay::MidAutumn,
        RawOccasion::DoubleNinth => RawDay::DoubleNinth,
        RawOccasion::Laba => RawDay::Laba,
        RawOccasion::NewYearsEve => RawDay::NewYearsEve,
        RawOccasion::WinterVacation
        | RawOccasion::SummerVacation
        | RawOccasion::EldersBirthdays => return None,
    })
}

impl Validator<'_> {
    fn dated_kinds(&mut self, kinds: &[String], anchors: &[&str], what: &str) -> Vec<String> {
        if kinds.is_empty() || kinds.iter().any(|k| k.trim().is_empty()) {
            self.error(
                anchors,
                format!("{what} needs at least one non-empty kind"),
                Some("e.g. `kinds: [\"birthday_party\"]`".into()),
            );
        }
        kinds.iter().map(|k| k.trim().to_lowercase()).collect()
    }

    fn month(&mut self, month: u32, anchors: &[&str], what: &str) {
        if !(1..=12).contains(&month) {
            self.error(
                anchors,
                format!("{what}: month `{month}` is not 1 to 12"),
                None,
            );
        }
    }

    fn day(&mut self, d: RawDay, anchors: &[&str], what: &str) -> DaySpec {
        match d {
            RawDay::Solar { month, day } => {
                // 2024 is a leap year, so 29 February is accepted (28 February in a common year).
                if chrono::NaiveDate::from_ymd_opt(2024, month, day).is_none() {
                    self.error(
                        anchors,
                        format!(
                            "{what}: `Solar(month: {month}, day: {day})` is not a day of the year"
                        ),
                        Some("month 1 to 12 and a day that month has".into()),
                    );
                }
                DaySpec::Solar { month, day }
            }
            RawDay::Lunar { month, day } => {
                if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
                    self.error(
                        anchors,
                        format!("{what}: `Lunar(month: {month}, day: {day})` is not a lunar day"),
                        Some(
                            "lunar month 1 to 12 and day 1 to 30 (a leap month cannot be named)"
                                .into(),
                        ),
                    );
                }
                DaySpec::Lunar { month, day }
            }
            other => DaySpec::Festival(festival(other).unwrap_or(Festival::SpringFestival)),
        }
    }

    fn dated_per(&mut self, per: &RawPer, anchors: &[&str], what: &str) -> Per {
        match per {
            RawPer::School => Per::School,
            RawPer::Class => Per::Class,
            RawPer::Child { covers } => {
                Per::Child(self.coverage(covers, &[anchors, &["covers:"]].concat(), what))
            }
        }
    }

    fn letters_made_by(&mut self, quoted: &str, id: &str, m: &RawMadeBy) -> MadeBy {
        match m {
            RawMadeBy::Anyone => MadeBy::Anyone,
            RawMadeBy::HeadTeacher => MadeBy::HeadTeacher,
            RawMadeBy::Role { role } => {
                let role = role.trim().to_lowercase();
                if !KNOWN_ROLES.contains(&role.as_str()) {
                    self.error(
                        &[quoted, "made_by:", "role:"],
                        format!("unknown role `{role}` in letters rule `{id}`"),
                        Some(suggest(&role, KNOWN_ROLES)),
                    );
                }
                MadeBy::Role(role)
            }
            RawMadeBy::PairedMentor { scheme } => self.paired_mentor(quoted, id, scheme),
        }
    }

    pub(super) fn birthday_parties(&mut self, b: &RawBirthdayParties) -> BirthdayParties {
        self.rule_id(&b.id, &b.seed);
        let quoted = format!("\"{}\"", b.id);
        let what = format!("birthday parties `{}`", b.id);
        let covers = self.coverage(&b.covers, &[&quoted, "covers:"], &what);
        let kinds = self.dated_kinds(&b.kinds, &[&quoted, "kinds:"], &what);
        let mut party_of = BTreeMap::new();
        if b.months.is_empty() {
            self.error(
                &[&quoted, "months:"],
                format!("{what} lists no party month"),
                Some("e.g. `months: [3, 4, 5, 6, 9, 10, 11, 12]`".into()),
            );
        }
        for &m in &b.months {
            self.month(m, &[&quoted, "months:"], &what);
            if party_of.insert(m, m).is_some() {
                self.error(
                    &[&quoted, "months:"],
                    format!("{what}: month `{m}` is listed twice"),
                    None,
                );
            }
        }
        for f in &b.fold {
            let at = [quoted.as_str(), "fold:", "into:"];
            self.month(f.month, &at, &what);
            self.month(f.into, &at, &what);
            if b.months.contains(&f.month) {
                self.error(
                    &at,
                    format!(
                        "{what}: month `{}` has its own party and cannot fold into `{}`",
                        f.month, f.into
                    ),
                    Some("a month is either in `months` or folded into one of them".into()),
                );
            } else if !b.months.contains(&f.into) {
                self.error(
                    &at,
                    format!(
                        "{what}: month `{}` folds into `{}`, which has no party",
                        f.month, f.into
                    ),
                    Some(format!("fold into one of `months`: {:?}", b.months)),
                );
            } else if party_of.insert(f.month, f.into).is_some() {
                self.error(
                    &at,
                    format!("{what}: month `{}` is folded twice", f.month),
                    None,
                );
            }
        }
        let orphans: Vec<&str> = (1..=12)
            .filter(|m| !party_of.contains_key(m))
            .map(month_name)
            .collect();
        if !orphans.is_empty() && !b.months.is_empty() {
            self.error(
                &[&quoted, "months:"],
                format!(
                    "{what}: birthdays in {} have no party",
                    orphans.join(", ")
                ),
                Some("add each month to `months`, or fold it into a party month: `fold: [(month: 8, into: 9)]`".into()),
            );
        }
        BirthdayParties {
            id: b.id.clone(),
            seed: b.seed.clone(),
            covers,
            kinds,
            per: match b.per {
                RawPartyPer::School => PartyPer::School,
                RawPartyPer::Class => PartyPer::Class,
            },
            party_of,
        }
    }

    pub(super) fn letters_home(&mut self, l: &RawLettersHome) -> LettersHome {
        self.rule_id(&l.id, &l.seed);
        let quoted = format!("\"{}\"", l.id);
        let what = format!("letters rule `{}`", l.id);
        let covers = self.coverage(&l.covers, &[&quoted, "covers:"], &what);
        let kinds = self.dated_kinds(&l.kinds, &[&quoted, "kinds:"], &what);
        if l.before.is_empty() {
            self.error(
                &[&quoted, "before:"],
                format!("{what} lists no occasion"),
                Some(
                    "e.g. `before: [SpringFestival, MidAutumn, WinterVacation, SummerVacation]`"
                        .into(),
                ),
            );
        }
        let mut occasions = Vec::new();
        for &o in &l.before {
            let occasion = match (occasion_day(o), o) {
                (Some(d), _) => Occasion::Day(self.day(d, &[&quoted, "before:"], &what)),
                (None, RawOccasion::WinterVacation) => Occasion::WinterVacation,
                (None, RawOccasion::SummerVacation) => Occasion::SummerVacation,
                (None, _) => Occasion::EldersBirthdays,
            };
            if occasions.contains(&occasion) {
                self.error(
                    &[&quoted, "before:"],
                    format!("{what}: `{o:?}` is listed twice"),
                    None,
                );
            } else {
                occasions.push(occasion);
            }
        }
        if l.lead_days > MAX_LEAD {
            self.error(
                &[&quoted, "lead_days:"],
                format!("{what}: `lead_days` is too large (`{}`)", l.lead_days),
                Some(format!("at most {MAX_LEAD}")),
            );
        }
        let made_by = self.letters_made_by(&quoted, &l.id, &l.made_by);
        LettersHome {
            id: l.id.clone(),
            seed: l.seed.clone(),
            covers,
            kinds,
            occasions,
            lead_days: l.lead_days,
            made_by,
        }
    }

    pub(super) fn festival_day(&mut self, f: &RawFestivalDay) -> FestivalDay {
        self.rule_id(&f.id, &f.seed);
        let quoted = format!("\"{}\"", f.id);
        let what = format!("festival day `{}`", f.id);
        let on = self.day(f.on, &[&quoted, "on:"], &what);
        let kinds = self.dated_kinds(&f.kinds, &[&quoted, "kinds:"], &what);
        let per = self.dated_per(&f.per, &[&quoted, "per:"], &what);
        if f.tolerance_days > MAX_TOLERANCE {
            self.error(
                &[&quoted, "tolerance_days:"],
                format!(
                    "{what}: `tolerance_days` is too large (`{}`)",
                    f.tolerance_days
                ),
                Some(format!("at most {MAX_TOLERANCE}")),
            );
        }
        FestivalDay {
            id: f.id.clone(),
            seed: f.seed.clone(),
            on,
            kinds,
            per,
            tolerance_days: f.tolerance_days,
        }
    }

    pub(super) fn milestone(&mut self, m: &RawMilestone) -> Milestone {
        self.rule_id(&m.id, &m.seed);
        let quoted = format!("\"{}\"", m.id);
        let what = format!("milestone `{}`", m.id);
        let kinds = self.dated_kinds(&m.kinds, &[&quoted, "kinds:"], &what);
        let per = self.dated_per(&m.per, &[&quoted, "per:"], &what);
        let (month, part) = match m.when {
            RawWhen::Early { month } => (month, MonthPart::Early),
            RawWhen::Mid { month } => (month, MonthPart::Mid),
            RawWhen::Late { month } => (month, MonthPart::Late),
            RawWhen::Month { month } => (month, MonthPart::Whole),
        };
        self.month(month, &[&quoted, "when:"], &what);
        Milestone {
            id: m.id.clone(),
            seed: m.seed.clone(),
            kinds,
            per,
            month,
            part,
        }
    }

    /// The plan's dated duties.
    pub(super) fn calendar_rules(
        &mut self,
        parties: &[RawBirthdayParties],
        letters: &[RawLettersHome],
        days: &[RawFestivalDay],
        milestones: &[RawMilestone],
    ) -> CalendarRules {
        CalendarRules {
            birthday_parties: parties.iter().map(|b| self.birthday_parties(b)).collect(),
            letters_home: letters.iter().map(|l| self.letters_home(l)).collect(),
            festival_days: days.iter().map(|f| self.festival_day(f)).collect(),
            milestones: milestones.iter().map(|m| self.milestone(m)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::policy::{DaySpec, MonthPart, Occasion, PartyPer, parse};

    const PLAN: &str = r#"Plan(
    id: "p",
    name: "dated duties",
    seed: "Plan 4",
    birthday_parties: [
        (
            id: "parties",
            seed: "Plan 4 §(2).9",
            covers: [LeftBehind],
            months: [1, 3, 4, 5, 6, 9, 10, 11, 12, 13],
            fold: [(month: 2, into: 3), (month: 7, into: 8), (month: 9, into: 10)],
        ),
    ],
    letters_home: [
        (id: "letters", seed: "Plan 4 §(2).8", covers: [LeftBehind],
         before: [SpringFestival, Lunar(month: 13, day: 1), SpringFestival, WinterVacation], lead_days: 400,
         made_by: Role(role: "caring_mothr")),
    ],
    festival_days: [
        (id: "womens_day", seed: "Plan 3 §Second.5", on: Solar(month: 2, day: 30), kinds: [], tolerance_days: 40),
    ],
    milestones: [
        (id: "investigation", seed: "Plan 5 §Fourth.1", kinds: ["investigation"], per: Class, when: Early(month: 0)),
    ],
)"#;

    #[test]
    fn every_dated_duty_error_is_reported_with_its_position() {
        let e = parse("plan.ron", PLAN).expect_err("invalid");
        let got: Vec<(String, Option<usize>)> = e
            .diagnostics
            .iter()
            .map(|d| (d.message.clone(), d.line))
            .collect();
        assert_eq!(
            got,
            [
                ("birthday parties `parties`: month `13` is not 1 to 12".to_owned(), Some(10)),
                ("birthday parties `parties`: month `7` folds into `8`, which has no party".into(), Some(11)),
                ("birthday parties `parties`: month `9` has its own party and cannot fold into `10`".into(), Some(11)),
                ("birthday parties `parties`: birthdays in July, August have no party".into(), Some(10)),
                ("letters rule `letters`: `Lunar(month: 13, day: 1)` is not a lunar day".into(), Some(16)),
                ("letters rule `letters`: `SpringFestival` is listed twice".into(), Some(16)),
                ("letters rule `letters`: `lead_days` is too large (`400`)".into(), Some(16)),
                ("unknown role `caring_mothr` in letters rule `letters`".into(), Some(17)),
                ("festival day `womens_day`: `Solar(month: 2, day: 30)` is not a day of the year".into(), Some(20)),
                ("festival day `womens_day` needs at least one non-empty kind".into(), Some(20)),
                ("festival day `womens_day`: `tolerance_days` is too large (`40`)".into(), Some(20)),
                ("milestone `investigation`: month `0` is not 1 to 12".into(), Some(23)),
            ]
        );
    }

    #[test]
    fn a_valid_plan_loads_with_defaults() {
        let src = PLAN
            .replace(", 13]", "]")
            .replace(
                "(month: 7, into: 8), (month: 9, into: 10)",
                "(month: 7, into: 6), (month: 8, into: 9)",
            )
            .replace(
                "Lunar(month: 13, day: 1), SpringFestival, ",
                "Lunar(month: 12, day: 30), ",
            )
            .replace(", lead_days: 400", "")
            .replace("caring_mothr", "caring_mother")
            .replace(
                "day: 30), kinds: [], tolerance_days: 40",
                "day: 8), kinds: [\"girls_care\"], tolerance_days: 3",
            )
            .replace("month: 0", "month: 4");
        let p = parse("plan.ron", &src).expect("valid");
        let c = &p.calendar;
        let b = &c.birthday_parties[0];
        assert_eq!(b.per, PartyPer::Class, "default per");
        assert_eq!(b.kinds, ["birthday_party"], "default kind");
        assert_eq!(b.party_of[&7], 6);
        assert_eq!(b.party_of[&8], 9);
        assert_eq!(b.months(), [1, 3, 4, 5, 6, 9, 10, 11, 12]);
        let l = &c.letters_home[0];
        assert_eq!(l.lead_days, 14, "default lead");
        assert_eq!(l.kinds, ["letter_home"], "default kind");
        assert_eq!(
            l.occasions[1],
            Occasion::Day(DaySpec::Lunar { month: 12, day: 30 })
        );
        assert_eq!(c.festival_days[0].tolerance_days, 3);
        assert_eq!(c.milestones[0].part, MonthPart::Early);
    }
}
