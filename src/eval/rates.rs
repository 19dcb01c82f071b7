//! Rates of the rule families of Plans 2–4 (filing, enrollment, retention, coverage, held
//! activities, class scores): exact integer counts, shown as fractions rounded to 4 decimals.

/// `num / den` in basis points (1 = 0.01%), rounded half up; `None` when `den` is 0.
pub(crate) fn basis_points(num: u64, den: u64) -> Option<u64> {
    (den > 0).then(|| (num * 20_000 + den) / (2 * den))
}

/// `num / den` rounded to 4 decimals (`0.9535`); `None` when `den` is 0.
pub(crate) fn rate(num: u32, den: u32) -> Option<f64> {
    basis_points(u64::from(num), u64::from(den)).map(|bp| bp as f64 / 10_000.0)
}

/// Whether `num / den` reaches `target_percent` (exactly, no rounding); true when `den` is 0
/// (nobody to count, nothing short of the target).
pub(crate) fn meets(num: u32, den: u32, target_percent: u32) -> bool {
    u64::from(num) * 100 >= u64::from(target_percent) * u64::from(den)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_to_four_decimals() {
        assert_eq!(rate(41, 43), Some(0.9535)); // 0.953488… → 0.9535
        assert_eq!(rate(1, 8), Some(0.125));
        assert_eq!(rate(0, 0), None);
        assert_eq!(basis_points(2, 3), Some(6667));
        assert!(meets(43, 44, 97));
        assert!(!meets(43, 44, 98));
        assert!(meets(0, 0, 100));
    }
}
