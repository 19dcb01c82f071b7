//! Renderers over one [`crate::eval::Decision`]: [`text`] for a head teacher, [`json`] for tools.

pub mod capital;
pub mod county;
pub mod diff;
pub mod excel;
pub mod explain;
pub mod ics;
pub mod json;
pub mod outcomes;
pub mod schedule;
pub mod tables;
pub mod text;
mod text_calendar;
mod text_families;

/// Which obligation rows a report lists (`--obligations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObligationFilter {
    /// Every window of every rule.
    #[default]
    All,
    /// `missed` windows plus `open` windows whose due day is before the as-of date.
    Overdue,
    /// None (the summary counts stay).
    None,
}

impl ObligationFilter {
    /// Whether a row is listed under this filter.
    pub fn keeps(self, row: &crate::eval::ObligationRow) -> bool {
        match self {
            ObligationFilter::All => true,
            ObligationFilter::Overdue => row.overdue,
            ObligationFilter::None => false,
        }
    }
}

pub use crate::units::{count, yuan};

#[cfg(test)]
mod tests {
    #[test]
    fn yuan_has_two_decimals() {
        assert_eq!(super::yuan(1334), "13.34");
        assert_eq!(super::yuan(10000), "100.00");
        assert_eq!(super::yuan(5), "0.05");
        assert_eq!(super::yuan(-5), "-0.05");
    }
}
