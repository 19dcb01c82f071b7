//! The validated dated duties of Plans 3, 4 and 5: birthday parties, letters home, festival
//! education days and plan milestones. Built only by [`super::load_dir`] from
//! [`super::raw_calendar`].
//!
//! Dated duties are windows counted in calendar days (docs/src/reference/semantics.md, "Windows"): a letter due
//! before the Spring Festival falls in the winter vacation and is still due.

use super::families::Per;
use super::model::{Coverage, MadeBy};
use crate::lunar::{self, Festival};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeMap;

/// Every dated duty of a plan, each family in plan order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarRules {
    /// Monthly birthday parties (Plan 4 §(2).9).
    pub birthday_parties: Vec<BirthdayParties>,
    /// Letters home (Plan 4 §(2).8).
    pub letters_home: Vec<LettersHome>,
    /// Festival education days (Plan 3 §Second.5).
    pub festival_days: Vec<FestivalDay>,
    /// Plan milestones (Plan 5 §Fourth).
    pub milestones: Vec<Milestone>,
}

impl CalendarRules {
    /// Whether the plan has no dated duty.
    pub fn is_empty(&self) -> bool {
        self.birthday_parties.is_empty()
            && self.letters_home.is_empty()
            && self.festival_days.is_empty()
            && self.milestones.is_empty()
    }

    /// The rule ids whose rows count per class (for the class assessment's `Activities`
    /// measure): parties, festival days and milestones.
    pub fn activity_like_ids(&self) -> Vec<&str> {
        self.birthday_parties
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.festival_days.iter().map(|r| r.id.as_str()))
            .chain(self.milestones.iter().map(|r| r.id.as_str()))
            .collect()
    }
}

/// Who holds a birthday party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyPer {
    /// The school, for every covered child.
    School,
    /// Each class, for its covered children.
    Class,
}

/// Monthly birthday parties with fold-in months (Plan 4 §(2).9).
#[derive(Debug, Clone, PartialEq)]
pub struct BirthdayParties {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Whose birthdays are celebrated.
    pub covers: Coverage,
    /// Kinds that record a party (lowercase).
    pub kinds: Vec<String>,
    /// Who holds a party.
    pub per: PartyPer,
    /// Birth month (1–12) → party month: every month maps to a party month.
    pub party_of: BTreeMap<u32, u32>,
}

impl BirthdayParties {
    /// The party months, in calendar order.
    pub fn months(&self) -> Vec<u32> {
        let mut m: Vec<u32> = self.party_of.values().copied().collect();
        m.sort_unstable();
        m.dedup();
        m
    }
}

/// A day of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DaySpec {
    /// A solar month and day; 29 February is 28 February in a common year.
    Solar {
        /// Month, 1–12.
        month: u32,
        /// Day of the month.
        day: u32,
    },
    /// A lunar month and day (the regular month); day 30 of a 29-day month is its 29th.
    Lunar {
        /// Lunar month, 1–12.
        month: u32,
        /// Lunar day, 1–30.
        day: u32,
    },
    /// A named traditional festival.
    Festival(Festival),
}

impl DaySpec {
    /// The days between `from` and `to` (inclusive), in order.
    pub fn days_between(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        match self {
            DaySpec::Solar { month, day } => (from.year()..=to.year())
                .filter_map(|y| lunar::solar_in_year(y, month, day))
                .filter(|d| (from..=to).contains(d))
                .collect(),
            DaySpec::Lunar { month, day } => lunar::lunar_days_between(month, day, from, to),
            DaySpec::Festival(f) => lunar::festival_days_between(f, from, to),
        }
    }

    /// A key for JSON and ICS UIDs: `spring_festival`, `solar_03_08`, `lunar_09_09`.
    pub fn key(self) -> String {
        match self {
            DaySpec::Solar { month, day } => format!("solar_{month:02}_{day:02}"),
            DaySpec::Lunar { month, day } => format!("lunar_{month:02}_{day:02}"),
            DaySpec::Festival(f) => f.key().to_owned(),
        }
    }

    /// The day in plain words (`Double Ninth Festival`, `8 March`, `lunar 9/9`).
    pub fn name(self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match (self, lang) {
            (DaySpec::Festival(f), _) => lang.pick(f.names().0, f.names().1).to_owned(),
            (DaySpec::Solar { month, day }, Lang::En) => format!("{day} {}", month_name(month)),
            (DaySpec::Solar { month, day }, Lang::Zh) => format!("{month}月{day}日"),
            (DaySpec::Lunar { month, day }, Lang::En) => format!("lunar {month}/{day}"),
            (DaySpec::Lunar { month, day }, Lang::Zh) => format!("农历{month}月{day}日"),
        }
    }
}

/// The English name of a month (1–12).
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// What a letter home is due before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Occasion {
    /// A festival or another day: due on the day.
    Day(DaySpec),
    /// The vacation after the year's first term: due on that term's last day.
    WinterVacation,
    /// The vacation after the year's last term: due on that term's last day.
    SummerVacation,
    /// The child's guardian's birthday (`guardian_birth_date`): due on the birthday.
    EldersBirthdays,
}

impl Occasion {
    /// A key for JSON and ICS UIDs (`spring_festival`, `winter_vacation`, `elder_birthday`).
    pub fn key(self) -> String {
        match self {
            Occasion::Day(d) => d.key(),
            Occasion::WinterVacation => "winter_vacation".to_owned(),
            Occasion::SummerVacation => "summer_vacation".to_owned(),
            Occasion::EldersBirthdays => "elder_birthday".to_owned(),
        }
    }

    /// The occasion in plain words.
    pub fn name(self, lang: crate::lang::Lang) -> String {
        match self {
            Occasion::Day(d) => d.name(lang),
            Occasion::WinterVacation => lang.pick("winter vacation", "寒假").to_owned(),
            Occasion::SummerVacation => lang.pick("summer vacation", "暑假").to_owned(),
            Occasion::EldersBirthdays => lang.pick("elder's birthday", "长辈生日").to_owned(),
        }
    }
}

/// Letters home (Plan 4 §(2).8): a contact of a listed kind for each covered child in the
/// `lead_days` calendar days up to each occasion's due day.
#[derive(Debug, Clone, PartialEq)]
pub struct LettersHome {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Who writes.
    pub covers: Coverage,
    /// Contact kinds that record a letter (lowercase).
    pub kinds: Vec<String>,
    /// The occasions, in plan order.
    pub occasions: Vec<Occasion>,
    /// Days before the due day from which a letter counts.
    pub lead_days: u32,
    /// Whose contact counts.
    pub made_by: MadeBy,
}

/// A festival education day (Plan 3 §Second.5): an activity of a listed kind within
/// `tolerance_days` calendar days of the day.
#[derive(Debug, Clone, PartialEq)]
pub struct FestivalDay {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// The day.
    pub on: DaySpec,
    /// Kinds that satisfy it (lowercase).
    pub kinds: Vec<String>,
    /// Who it is owed to.
    pub per: Per,
    /// Days before or after that still count.
    pub tolerance_days: u32,
}

/// The part of a month a milestone falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthPart {
    /// Days 1–10 ("early April").
    Early,
    /// Days 11–20 ("mid-May").
    Mid,
    /// Day 21 to the end ("late May").
    Late,
    /// The whole month ("in June").
    Whole,
}

impl MonthPart {
    /// The window of this part of `month` of `year`.
    pub fn window(self, year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first
            .checked_add_months(chrono::Months::new(1))?
            .checked_sub_days(Days::new(1))?;
        let day = |d: u32| first.with_day(d);
        Some(match self {
            MonthPart::Early => (first, day(10)?),
            MonthPart::Mid => (day(11)?, day(20)?),
            MonthPart::Late => (day(21)?, last),
            MonthPart::Whole => (first, last),
        })
    }
}

/// A dated step of a plan (Plan 5 §Fourth; Plan 3's subsidy in March): an activity of a
/// listed kind in the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Kinds that meet it (lowercase).
    pub kinds: Vec<String>,
    /// Who it is owed to.
    pub per: Per,
    /// The month, 1–12.
    pub month: u32,
    /// Which part of it.
    pub part: MonthPart,
}
