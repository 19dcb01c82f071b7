//! The serde form of the dated duties in `plan.ron` (Plans 3, 4 and 5): birthday parties,
//! letters home, festival education days and plan milestones. Like [`super::raw`], every
//! struct denies unknown fields and every enum is externally tagged; [`super::load`]
//! validates these into [`super::calendar`].

use super::raw::{RawCover, RawMadeBy};
use super::raw_families::RawPer;
use serde::{Deserialize, Serialize};

/// Monthly birthday parties (Plan 4 §(2).9).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "BirthdayParties")]
pub struct RawBirthdayParties {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Whose birthdays are celebrated.
    pub covers: Vec<RawCover>,
    /// `activities.csv` kinds that record a party.
    #[serde(
        default = "birthday_party",
        deserialize_with = "super::raw::bare_or_some"
    )]
    pub kinds: Vec<String>,
    /// Who holds a party: each class, or the school.
    #[serde(default = "class", deserialize_with = "super::raw::bare_or_some")]
    pub per: RawPartyPer,
    /// The months with a party (1–12).
    pub months: Vec<u32>,
    /// The party month each other month folds into (`(month: 7, into: 6)`).
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub fold: Vec<RawFold>,
}

fn birthday_party() -> Vec<String> {
    vec!["birthday_party".to_owned()]
}

fn class() -> RawPartyPer {
    RawPartyPer::Class
}

/// Who holds the birthday parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename = "PartyPer")]
pub enum RawPartyPer {
    /// The school, for every covered child.
    School,
    /// Each class, for its covered children (a school-wide party counts for every class).
    Class,
}

/// Birthdays of `month` are celebrated at the party of month `into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Fold")]
pub struct RawFold {
    /// The month whose birthdays are moved, 1–12.
    pub month: u32,
    /// The month of the party they join, 1–12.
    pub into: u32,
}

/// A day of the year: a solar date, a lunar date or a named traditional festival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Day")]
pub enum RawDay {
    /// A solar (Gregorian) month and day (`Solar(month: 3, day: 8)`).
    Solar {
        /// The month, 1–12.
        month: u32,
        /// The day of the month, 1–31 (a day the month lacks is an error).
        day: u32,
    },
    /// A lunar month and day (`Lunar(month: 9, day: 9)`), the regular month, never a leap one.
    Lunar {
        /// The lunar month, 1–12.
        month: u32,
        /// The lunar day, 1–30.
        day: u32,
    },
    /// Spring Festival (春节), lunar 1-1.
    SpringFestival,
    /// Lantern Festival (元宵节), lunar 1-15.
    LanternFestival,
    /// Dragon Boat Festival (端午节), lunar 5-5.
    DragonBoat,
    /// Qixi (七夕), lunar 7-7.
    Qixi,
    /// Mid-Autumn Festival (中秋节), lunar 8-15.
    MidAutumn,
    /// Double Ninth Festival (重阳节), lunar 9-9.
    DoubleNinth,
    /// Laba Festival (腊八节), lunar 12-8.
    Laba,
    /// New Year's Eve (除夕), the last day of the lunar year.
    NewYearsEve,
}

/// What a letter home is written before: a day, a vacation, or the elders' birthdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Occasion")]
pub enum RawOccasion {
    /// A solar (Gregorian) month and day.
    Solar {
        /// The month, 1–12.
        month: u32,
        /// The day of the month, 1–31 (a day the month lacks is an error).
        day: u32,
    },
    /// A lunar month and day, the regular month, never a leap one.
    Lunar {
        /// The lunar month, 1–12.
        month: u32,
        /// The lunar day, 1–30.
        day: u32,
    },
    /// Spring Festival (春节), lunar 1-1.
    SpringFestival,
    /// Lantern Festival (元宵节), lunar 1-15.
    LanternFestival,
    /// Dragon Boat Festival (端午节), lunar 5-5.
    DragonBoat,
    /// Qixi (七夕), lunar 7-7.
    Qixi,
    /// Mid-Autumn Festival (中秋节), lunar 8-15.
    MidAutumn,
    /// Double Ninth Festival (重阳节), lunar 9-9.
    DoubleNinth,
    /// Laba Festival (腊八节), lunar 12-8.
    Laba,
    /// New Year's Eve (除夕), the last day of the lunar year.
    NewYearsEve,
    /// The vacation after the year's first term (due on the term's last day).
    WinterVacation,
    /// The vacation after the year's last term (due on the term's last day).
    SummerVacation,
    /// The guardian's birthday (`students.csv` column `guardian_birth_date`).
    EldersBirthdays,
}

/// Letters home before festivals, vacations and elders' birthdays (Plan 4 §(2).8).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "LettersHome")]
pub struct RawLettersHome {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// Who the rule applies to: a child is covered when any entry matches (an empty list is an
    /// error).
    pub covers: Vec<RawCover>,
    /// `contacts.csv` kinds that record a letter.
    #[serde(default = "letter_home", deserialize_with = "super::raw::bare_or_some")]
    pub kinds: Vec<String>,
    /// The occasions a letter is due before (its due day is the occasion's day).
    pub before: Vec<RawOccasion>,
    /// Days before the due day from which a letter counts.
    #[serde(default = "fourteen", deserialize_with = "super::raw::bare_or_some")]
    pub lead_days: u32,
    /// Whose contact counts (and who is responsible in the schedule).
    #[serde(default = "anyone", deserialize_with = "super::raw::bare_or_some")]
    pub made_by: RawMadeBy,
}

fn letter_home() -> Vec<String> {
    vec!["letter_home".to_owned()]
}

fn fourteen() -> u32 {
    14
}

fn anyone() -> RawMadeBy {
    RawMadeBy::Anyone
}

fn school() -> RawPer {
    RawPer::School
}

/// An education activity on a festival (Plan 3 §Second.5).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "FestivalDay")]
pub struct RawFestivalDay {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// The festival's day.
    pub on: RawDay,
    /// `activities.csv` kinds that satisfy it.
    pub kinds: Vec<String>,
    /// Who holds it: the school, each class or each covered child.
    #[serde(default = "school", deserialize_with = "super::raw::bare_or_some")]
    pub per: RawPer,
    /// Calendar days before or after the day that still count.
    #[serde(default, deserialize_with = "super::raw::bare_or_some")]
    pub tolerance_days: u32,
}

/// When in a month a milestone falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "When")]
pub enum RawWhen {
    /// Days 1–10.
    Early {
        /// The month, 1–12.
        month: u32,
    },
    /// Days 11–20.
    Mid {
        /// The month, 1–12.
        month: u32,
    },
    /// Day 21 to the month's end.
    Late {
        /// The month, 1–12.
        month: u32,
    },
    /// The whole month.
    Month {
        /// The month, 1–12.
        month: u32,
    },
}

/// A dated step of a plan (Plan 5 §Fourth, Plan 3 §Second.4).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Milestone")]
pub struct RawMilestone {
    /// The rule's id, unique in the plan: it names the rule in reports, traces, `--set` paths and
    /// findings.
    pub id: String,
    /// The plan and paragraph of the seed the rule encodes (`"Plan 5 §6: …"`), shown in
    /// explanations.
    pub seed: String,
    /// The rule's display name in English reports (`One talk a week`); the id when absent.
    #[serde(default)]
    pub name: Option<String>,
    /// The rule's display name in Chinese reports (`每周一谈`); the English name, else the id,
    /// when absent.
    #[serde(default)]
    pub name_zh: Option<String>,
    /// `activities.csv` kinds that meet it.
    pub kinds: Vec<String>,
    /// Who must take the step: the school, each class or each covered child.
    #[serde(default = "school", deserialize_with = "super::raw::bare_or_some")]
    pub per: RawPer,
    /// When in which month the step falls.
    pub when: RawWhen,
}
