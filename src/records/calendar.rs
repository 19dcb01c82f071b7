//! The school calendar: terms, holidays and make-up workdays from `calendar.csv`.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateSpan {
    /// First day (inclusive).
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl DateSpan {
    /// A span from `start` to `end`, both inclusive.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        DateSpan { start, end }
    }

    /// Whether `day` lies in the span.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// Every day of the span, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let end = self.end;
        self.start.iter_days().take_while(move |d| *d <= end)
    }

    /// The part of the span on or before `day`, if any.
    pub fn until(&self, day: NaiveDate) -> Option<DateSpan> {
        (self.start <= day).then(|| DateSpan::new(self.start, self.end.min(day)))
    }
}

impl std::fmt::Display for DateSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}", self.start, self.end)
    }
}

/// A term (semester) from `calendar.csv`, labelled `YYYY-YYYY-N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Full label, e.g. `2025-2026-1`.
    pub label: String,
    /// The academic year part of the label, e.g. `2025-2026`.
    pub academic_year: String,
    /// First and last day of the term.
    pub span: DateSpan,
}

/// Terms, holidays and make-up workdays, and the school days they make.
///
/// A school day is a day inside a term that is Monday–Friday and not a holiday, or a listed
/// make-up workday inside a term (docs/src/reference/semantics.md, "School day").
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Terms in date order.
    pub terms: Vec<Term>,
    /// Holidays with their labels.
    pub holidays: Vec<(DateSpan, String)>,
    /// Make-up workdays (weekend days worked in exchange for a holiday).
    pub workdays: Vec<DateSpan>,
    school_days: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// Builds the calendar and its school days. Terms are sorted by start day.
    pub fn new(
        mut terms: Vec<Term>,
        holidays: Vec<(DateSpan, String)>,
        workdays: Vec<DateSpan>,
    ) -> Self {
        terms.sort_by(|a, b| (a.span.start, &a.label).cmp(&(b.span.start, &b.label)));
        let mut school_days = BTreeSet::new();
        for term in &terms {
            for day in term.span.days() {
                let weekday = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
                let holiday = holidays.iter().any(|(h, _)| h.contains(day));
                let workday = workdays.iter().any(|w| w.contains(day));
                if workday || (weekday && !holiday) {
                    school_days.insert(day);
                }
            }
        }
        Calendar {
            terms,
            holidays,
            workdays,
            school_days,
        }
    }

    /// Whether `day` is a school day.
    pub fn is_school_day(&self, day: NaiveDate) -> bool {
        self.school_days.contains(&day)
    }

    /// The school days of `span`, in order.
    pub fn school_days_in(&self, span: DateSpan) -> impl Iterator<Item = NaiveDate> + '_ {
        self.school_days.range(span.start..=span.end).copied()
    }

    /// The terms of an academic year (`2025-2026`), in date order.
    pub fn year_terms(&self, year: &str) -> Vec<&Term> {
        self.terms
            .iter()
            .filter(|t| t.academic_year == year)
            .collect()
    }

    /// The span of an academic year: its first term's start to its last term's end.
    pub fn year_span(&self, year: &str) -> Option<DateSpan> {
        let terms = self.year_terms(year);
        Some(DateSpan::new(
            terms.first()?.span.start,
            terms.iter().map(|t| t.span.end).max()?,
        ))
    }

    /// The academic year of the latest term that started on or before `day`.
    pub fn year_of(&self, day: NaiveDate) -> Option<&str> {
        self.terms
            .iter()
            .rev()
            .find(|t| t.span.start <= day)
            .map(|t| t.academic_year.as_str())
    }

    /// The term with this label.
    pub fn term(&self, label: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.label == label)
    }

    /// The holiday covering `day`, if any.
    pub fn holiday_on(&self, day: NaiveDate) -> Option<&str> {
        self.holidays
            .iter()
            .find(|(h, _)| h.contains(day))
            .map(|(_, l)| l.as_str())
    }
}

/// The academic year before `year` (`2025-2026` → `2024-2025`), if `year` is well formed.
pub fn previous_year(year: &str) -> Option<String> {
    let (a, b) = year.split_once('-')?;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    Some(format!("{}-{}", a - 1, b - 1))
}
