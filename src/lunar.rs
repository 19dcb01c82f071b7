//! Traditional festivals on the Chinese lunisolar calendar (农历), converted to solar days.
//!
//! The tables are those of the `chinese-lunisolar-calendar` crate (lunar years starting in
//! 1901 to 2100), which represents leap months (闰月): a festival on lunar month `m` is always
//! in the regular month `m`, never in a leap month of the same number (in 2025 the sixth month
//! is followed by a leap sixth month, 闰六月, which pushes Mid-Autumn to 6 October and the
//! Double Ninth to 29 October). A lunar year is named by the solar year it starts in: lunar
//! year 2026 starts on the Spring Festival, 2026-02-17.
//!
//! Where the crate's tables and the Hong Kong Observatory's Gregorian–Lunar Calendar
//! Conversion Table (1901–2100, hko.gov.hk/en/gts/time/conversion.htm) disagree, the
//! Observatory's is followed: see [`HKO_MONTH_STARTS`].

use chinese_lunisolar_calendar::{LunarMonth, LunisolarDate, LunisolarYear, SolarYear};
use chrono::{Datelike, Days, NaiveDate};

/// The first lunar year the tables cover.
pub const FIRST_YEAR: i32 = 1901;
/// The last lunar year the tables cover.
pub const LAST_YEAR: i32 = 2100;

fn lunisolar_year(year: i32) -> Option<LunisolarYear> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    let y = u16::try_from(year).ok()?;
    LunisolarYear::from_solar_year(SolarYear::from_u16(y)).ok()
}

/// The lunar months (lunar year, regular month, first day) whose first day the Hong Kong
/// Observatory's Gregorian–Lunar Calendar Conversion Table puts one day before the crate's
/// tables do: the new moons of 28 September 2057, 4 September 2089 and 7 August 2097 (files
/// `T2057e.txt`, `T2089e.txt`, `T2097e.txt` of hko.gov.hk/en/gts/time/conversion.htm). They
/// are the only month starts of 1901–2100 where the two differ; the Observatory notes that
/// these three new moons fall so close to midnight that a date may be off by one day. The
/// month before each is one day shorter, the month itself one day longer.
pub const HKO_MONTH_STARTS: [(i32, u32, (i32, u32, u32)); 3] = [
    (2057, 9, (2057, 9, 28)),
    (2089, 8, (2089, 9, 4)),
    (2097, 7, (2097, 8, 7)),
];

/// The Observatory's first day of regular `month` of lunar `year`, where it differs from the
/// crate's.
fn hko_start(year: i32, month: u32) -> Option<NaiveDate> {
    HKO_MONTH_STARTS
        .iter()
        .find(|(y, m, _)| *y == year && *m == month)
        .and_then(|&(_, _, (y, m, d))| NaiveDate::from_ymd_opt(y, m, d))
}

/// Days of regular `month` of lunar `year` by the Observatory's table.
fn days_in_month(ly: LunisolarYear, year: i32, month: u32) -> Option<u32> {
    let m = u8::try_from(month).ok()?;
    let days =
        u32::from(ly.get_total_days_in_a_month(LunarMonth::from_u8_with_leap(m, false).ok()?)?);
    // The month after is `month + 1` unless a leap month follows this one.
    let next_starts_early = leap_month(year) != Some(month) && hko_start(year, month + 1).is_some();
    Some(
        match (hko_start(year, month).is_some(), next_starts_early) {
            (true, _) => days + 1,
            (false, true) => days - 1,
            (false, false) => days,
        },
    )
}

/// The solar day of lunar `month` (1–12, the regular month) and `day` (1–30) of lunar year
/// `year`. Day 30 of a month that has 29 days that year is its last day (the 29th), as a
/// birthday on 29 February is kept on the 28th in a common year. `None` outside the tables
/// or for a month or day that does not exist.
pub fn solar_day(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let ly = lunisolar_year(year)?;
    let days = days_in_month(ly, year, month)?;
    if day == 0 || day > 30 {
        return None;
    }
    let day = day.min(days);
    if let Some(start) = hko_start(year, month) {
        return start.checked_add_days(Days::new(u64::from(day - 1)));
    }
    let m = u8::try_from(month).ok()?;
    let d = u8::try_from(day).ok()?;
    let y = u16::try_from(year).ok()?;
    LunisolarDate::from_ymd(y, m, false, d)
        .ok()
        .map(|l| l.to_naive_date())
}

/// The leap month of lunar year `year` (`Some(6)` for 2025), if it has one.
pub fn leap_month(year: i32) -> Option<u32> {
    lunisolar_year(year)?
        .get_leap_lunar_month()
        .map(|m| u32::from(m.to_u8()))
}

/// The lunar date of a solar day: `(lunar year, month, leap, day)`.
pub fn lunar_date(day: NaiveDate) -> Option<(i32, u32, bool, u32)> {
    for &(year, month, _) in &HKO_MONTH_STARTS {
        let start = hko_start(year, month)?;
        let days = days_in_month(lunisolar_year(year)?, year, month)?;
        let n = (day - start).num_days();
        if (0..i64::from(days)).contains(&n) {
            return Some((year, month, false, u32::try_from(n + 1).ok()?));
        }
    }
    let l = LunisolarDate::from_date(day).ok()?;
    let month = l.to_lunar_month();
    Some((
        i32::from(l.to_lunisolar_year().to_u16()),
        u32::from(month.to_u8()),
        month.is_leap_month(),
        u32::from(l.to_lunar_day().to_u8()),
    ))
}

/// A traditional festival on a lunar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Festival {
    /// 春节, 1/1.
    SpringFestival,
    /// 元宵节, 1/15.
    LanternFestival,
    /// 端午节, 5/5.
    DragonBoat,
    /// 七夕, 7/7.
    Qixi,
    /// 中秋节, 8/15.
    MidAutumn,
    /// 重阳节, 9/9.
    DoubleNinth,
    /// 腊八节, 12/8.
    Laba,
    /// 除夕, the last day of the lunar year (the day before the next Spring Festival).
    NewYearsEve,
}

impl Festival {
    /// Every festival, in calendar order.
    pub const ALL: [Festival; 8] = [
        Festival::SpringFestival,
        Festival::LanternFestival,
        Festival::DragonBoat,
        Festival::Qixi,
        Festival::MidAutumn,
        Festival::DoubleNinth,
        Festival::Laba,
        Festival::NewYearsEve,
    ];

    /// The key used in JSON and ICS UIDs (`double_ninth`).
    pub fn key(self) -> &'static str {
        match self {
            Festival::SpringFestival => "spring_festival",
            Festival::LanternFestival => "lantern_festival",
            Festival::DragonBoat => "dragon_boat",
            Festival::Qixi => "qixi",
            Festival::MidAutumn => "mid_autumn",
            Festival::DoubleNinth => "double_ninth",
            Festival::Laba => "laba",
            Festival::NewYearsEve => "new_years_eve",
        }
    }

    /// The festival's name in English and Chinese.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Festival::SpringFestival => ("Spring Festival", "春节"),
            Festival::LanternFestival => ("Lantern Festival", "元宵节"),
            Festival::DragonBoat => ("Dragon Boat Festival", "端午节"),
            Festival::Qixi => ("Qixi", "七夕"),
            Festival::MidAutumn => ("Mid-Autumn Festival", "中秋节"),
            Festival::DoubleNinth => ("Double Ninth Festival", "重阳节"),
            Festival::Laba => ("Laba Festival", "腊八节"),
            Festival::NewYearsEve => ("New Year's Eve", "除夕"),
        }
    }

    /// Its solar day in lunar year `year`.
    pub fn day_in(self, year: i32) -> Option<NaiveDate> {
        let (m, d) = match self {
            Festival::SpringFestival => (1, 1),
            Festival::LanternFestival => (1, 15),
            Festival::DragonBoat => (5, 5),
            Festival::Qixi => (7, 7),
            Festival::MidAutumn => (8, 15),
            Festival::DoubleNinth => (9, 9),
            Festival::Laba => (12, 8),
            Festival::NewYearsEve => {
                return solar_day(year.checked_add(1)?, 1, 1)?.checked_sub_days(Days::new(1));
            }
        };
        solar_day(year, m, d)
    }
}

/// The solar days of lunar `month`/`day` between `from` and `to` (inclusive), in order.
pub fn lunar_days_between(month: u32, day: u32, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    // A lunar year starts between 21 January and 20 February, so the lunar years that can
    // hold a day of [from, to] start in the solar years from.year() − 1 to to.year().
    (from.year() - 1..=to.year())
        .filter_map(|y| solar_day(y, month, day))
        .filter(|d| (from..=to).contains(d))
        .collect()
}

/// The days of a festival between `from` and `to` (inclusive), in order.
pub fn festival_days_between(f: Festival, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    (from.year() - 1..=to.year())
        .filter_map(|y| f.day_in(y))
        .filter(|d| (from..=to).contains(d))
        .collect()
}

/// The day of month `month` and `day` in solar year `year`; 29 February is 28 February in a
/// common year. `None` for a month or day that no year has.
pub fn solar_in_year(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).or_else(|| {
        (month == 2 && day == 29)
            .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn known_festival_days() {
        assert_eq!(Festival::SpringFestival.day_in(2026), Some(d("2026-02-17")));
        assert_eq!(Festival::SpringFestival.day_in(2027), Some(d("2027-02-06")));
        assert_eq!(Festival::MidAutumn.day_in(2026), Some(d("2026-09-25")));
        assert_eq!(Festival::DoubleNinth.day_in(2025), Some(d("2025-10-29")));
        assert_eq!(Festival::DoubleNinth.day_in(2026), Some(d("2026-10-18")));
        assert_eq!(Festival::DoubleNinth.day_in(2027), Some(d("2027-10-08")));
        // 除夕 2026: the day before the Spring Festival of 2026-02-17.
        assert_eq!(Festival::NewYearsEve.day_in(2025), Some(d("2026-02-16")));
    }

    #[test]
    fn leap_months_are_represented() {
        assert_eq!(leap_month(2025), Some(6));
        assert_eq!(leap_month(2026), None);
        // 闰六月初一 2025 is 2025-07-25; the regular sixth month began on 2025-06-25.
        assert_eq!(lunar_date(d("2025-07-25")), Some((2025, 6, true, 1)));
        assert_eq!(solar_day(2025, 6, 1), Some(d("2025-06-25")));
    }

    #[test]
    fn out_of_range_and_impossible_days_are_none() {
        assert_eq!(solar_day(1900, 1, 1), None);
        assert_eq!(solar_day(2101, 1, 1), None);
        assert_eq!(solar_day(2026, 13, 1), None);
        assert_eq!(solar_day(2026, 1, 0), None);
        assert_eq!(solar_day(2026, 1, 31), None);
    }

    #[test]
    fn twenty_ninth_of_february() {
        assert_eq!(solar_in_year(2026, 2, 29), Some(d("2026-02-28")));
        assert_eq!(solar_in_year(2028, 2, 29), Some(d("2028-02-29")));
        assert_eq!(solar_in_year(2026, 2, 30), None);
    }

    #[test]
    fn days_between_cross_a_lunar_new_year() {
        let got = festival_days_between(Festival::DoubleNinth, d("2025-09-01"), d("2027-12-31"));
        assert_eq!(got, [d("2025-10-29"), d("2026-10-18"), d("2027-10-08")]);
        let got = lunar_days_between(1, 1, d("2025-09-01"), d("2026-08-31"));
        assert_eq!(got, [d("2026-02-17")]);
    }

    /// Every festival careplan knows in 2089 and 2097, from the Hong Kong Observatory's
    /// Gregorian–Lunar Calendar Conversion Table (hko.gov.hk/en/gts/time/conversion.htm,
    /// files T2089e.txt, T2090e.txt, T2097e.txt, T2098e.txt): the first days of the lunar
    /// months there, plus the festival's day of the month less one.
    #[test]
    fn festivals_of_2089_and_2097_follow_the_observatory() {
        let days = |y: i32| Festival::ALL.map(|f| f.day_in(y));
        assert_eq!(
            days(2089),
            [
                // 1st month from 2089-02-10: 1/1, 1/15 = +14.
                Some(d("2089-02-10")),
                Some(d("2089-02-24")),
                // 5th month from 2089-06-09: 5/5 = +4.
                Some(d("2089-06-13")),
                // 7th month from 2089-08-06: 7/7 = +6.
                Some(d("2089-08-12")),
                // 8th month from 2089-09-04 (the crate: 09-05): 8/15 = +14.
                Some(d("2089-09-18")),
                // 9th month from 2089-10-04: 9/9 = +8.
                Some(d("2089-10-12")),
                // 12th month from 2090-01-01: 12/8 = +7.
                Some(d("2090-01-08")),
                // The day before the Spring Festival of 2090-01-30.
                Some(d("2090-01-29")),
            ]
        );
        assert_eq!(
            days(2097),
            [
                Some(d("2097-02-12")),
                // 1st month from 2097-02-12: +14.
                Some(d("2097-02-26")),
                // 5th month from 2097-06-10: +4.
                Some(d("2097-06-14")),
                // 7th month from 2097-08-07 (the crate: 08-08): +6.
                Some(d("2097-08-13")),
                // 8th month from 2097-09-06: +14.
                Some(d("2097-09-20")),
                // 9th month from 2097-10-05: +8.
                Some(d("2097-10-13")),
                // 12th month from 2098-01-02: +7.
                Some(d("2098-01-09")),
                // The day before the Spring Festival of 2098-02-01.
                Some(d("2098-01-31")),
            ]
        );
        // The Double Ninth of 2057: 9th month from 2057-09-28 (the crate: 09-29), +8.
        assert_eq!(Festival::DoubleNinth.day_in(2057), Some(d("2057-10-06")));
    }

    /// The crate's own tables, which the override corrects: each of the three months starts
    /// one day late there (a crate that fixes them would make [`HKO_MONTH_STARTS`] shorten
    /// the months around them a second time, so this fails first).
    #[test]
    fn the_crate_puts_the_three_month_starts_a_day_late() {
        let raw = |y: u16, m: u8| {
            LunisolarDate::from_ymd(y, m, false, 1)
                .ok()
                .map(|l| l.to_naive_date())
        };
        assert_eq!(raw(2057, 9), Some(d("2057-09-29")));
        assert_eq!(raw(2089, 8), Some(d("2089-09-05")));
        assert_eq!(raw(2097, 7), Some(d("2097-08-08")));
    }

    #[test]
    fn the_months_around_a_corrected_start_change_length_by_a_day() {
        // 2089: the 7th month runs 2089-08-06 to 09-03 (29 days, the crate's 30), the 8th
        // from 09-04 to 10-03 (30 days, the crate's 29).
        assert_eq!(solar_day(2089, 7, 30), Some(d("2089-09-03")));
        assert_eq!(solar_day(2089, 8, 1), Some(d("2089-09-04")));
        assert_eq!(solar_day(2089, 8, 30), Some(d("2089-10-03")));
        assert_eq!(solar_day(2089, 9, 1), Some(d("2089-10-04")));
        assert_eq!(lunar_date(d("2089-09-03")), Some((2089, 7, false, 29)));
        assert_eq!(lunar_date(d("2089-09-04")), Some((2089, 8, false, 1)));
        assert_eq!(lunar_date(d("2089-10-03")), Some((2089, 8, false, 30)));
        assert_eq!(lunar_date(d("2089-10-04")), Some((2089, 9, false, 1)));
        // 2097: the 6th month runs 07-09 to 08-06 (29 days, the crate's 30), the 7th 08-07 to
        // 09-05 (30 days, the crate's 29).
        assert_eq!(lunar_date(d("2097-08-06")), Some((2097, 6, false, 29)));
        assert_eq!(lunar_date(d("2097-08-07")), Some((2097, 7, false, 1)));
        assert_eq!(lunar_date(d("2097-09-05")), Some((2097, 7, false, 30)));
        assert_eq!(lunar_date(d("2097-09-06")), Some((2097, 8, false, 1)));
    }
}
