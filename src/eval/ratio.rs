//! Exact fractions of points, for a child's points shared between several helpers.

use serde::{Serialize, Serializer};
use std::ops::{Add, Sub};

/// A non-negative fraction `num / den` in lowest terms (`den > 0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: i64,
    den: i64,
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs().max(1)
    } else {
        gcd(b, a % b)
    }
}

impl Ratio {
    /// `num / den`, reduced. `den` must not be 0 (treated as 1).
    pub fn new(num: i64, den: i64) -> Self {
        let den = if den == 0 { 1 } else { den };
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Ratio {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    /// The numerator (in lowest terms; negative for a negative value).
    pub fn numer(self) -> i64 {
        self.num
    }

    /// The denominator (in lowest terms, positive).
    pub fn denom(self) -> i64 {
        self.den
    }

    /// A whole number.
    pub fn whole(n: i64) -> Self {
        Ratio { num: n, den: 1 }
    }

    /// The value as a float, for display only.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Whether the value is a whole number.
    pub fn is_whole(self) -> bool {
        self.den == 1
    }
}

impl Default for Ratio {
    fn default() -> Self {
        Ratio::whole(0)
    }
}

impl Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }
}

impl Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den - o.num * self.den, self.den * o.den)
    }
}

impl std::fmt::Display for Ratio {
    /// Whole numbers as `40`, fractions to two decimals (`13.33`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{:.2}", self.to_f64())
        }
    }
}

impl Serialize for Ratio {
    /// A JSON number: whole numbers as integers, fractions rounded to two decimals.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            s.serialize_i64(self.num)
        } else {
            s.serialize_f64((self.to_f64() * 100.0).round() / 100.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirds_add_up_to_whole() {
        let third = Ratio::new(40, 3);
        assert_eq!(third + third + third, Ratio::whole(40));
        assert_eq!(third.to_string(), "13.33");
        assert_eq!(Ratio::new(20, 2).to_string(), "10");
    }
}
