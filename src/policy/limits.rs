//! The ceilings a plan's numbers must stay under (money, points, ranks), and the plan's script
//! limits, checked with their position.

use super::raw::RawLimits;
use super::validate::Validator;
use crate::script::Limits;

/// Largest prize a plan may set, in fen (100,000 yuan).
pub const MAX_FEN: i64 = 10_000_000;
/// Largest pay per point a plan may set, in fen (1,000 yuan).
pub const MAX_FEN_PER_POINT: i64 = 100_000;
/// Largest number of points a plan may give in one rule (or per place).
pub const MAX_POINTS: i64 = 1_000;
/// Largest rank, rank range or places of progress a plan may name.
pub const MAX_RANK: u32 = 10_000;

impl Validator<'_> {
    /// Checks `0 <= value <= max` for `what` (a key in backticks). The ceilings keep every
    /// sum of fen far inside `i64` even for a province of children.
    pub(super) fn in_range(&mut self, value: i64, max: i64, anchors: &[&str], what: &str) {
        if value < 0 {
            self.error(
                anchors,
                format!("{what} is negative (`{value}`)"),
                Some("use 0 or more".into()),
            );
        } else if value > max {
            self.error(
                anchors,
                format!("{what} is too large (`{value}`)"),
                Some(format!("at most {max}")),
            );
        }
    }

    pub(super) fn non_negative(&mut self, value: i64, anchors: &[&str], what: &str) {
        // With these ceilings a child's pay is below 10^12 fen, so the sum over two million
        // children stays inside i64.
        let max = match what {
            "`fen_per_point`" => MAX_FEN_PER_POINT,
            w if w.contains("fen") => MAX_FEN,
            _ => MAX_POINTS,
        };
        self.in_range(value, max, anchors, what);
    }

    /// The plan's script limits: defaults, or what it sets, never past the ceilings.
    pub(super) fn limits(&mut self, raw: Option<&RawLimits>) -> Limits {
        let mut limits = Limits::default();
        let Some(raw) = raw else { return limits };
        let c = Limits::CEILING;
        let mut check = |value: Option<u64>, ceiling: u64, key: &str| -> Option<u64> {
            let v = value?;
            if v == 0 || v > ceiling {
                self.error(
                    &["script_limits", &format!("{key}:")],
                    format!("`{key}` must be between 1 and {ceiling}, not `{v}`"),
                    Some(
                        "the ceilings keep one script from stalling or exhausting the machine"
                            .into(),
                    ),
                );
                return None;
            }
            Some(v)
        };
        let as_u64 = |v: Option<usize>| v.map(|v| v as u64);
        if let Some(v) = check(raw.max_operations, c.max_operations, "max_operations") {
            limits.max_operations = v;
        }
        if let Some(v) = check(
            as_u64(raw.max_call_levels),
            c.max_call_levels as u64,
            "max_call_levels",
        ) {
            limits.max_call_levels = v as usize;
        }
        if let Some(v) = check(
            as_u64(raw.max_string_size),
            c.max_string_size as u64,
            "max_string_size",
        ) {
            limits.max_string_size = v as usize;
        }
        if let Some(v) = check(
            as_u64(raw.max_array_size),
            c.max_array_size as u64,
            "max_array_size",
        ) {
            limits.max_array_size = v as usize;
        }
        if let Some(v) = check(
            as_u64(raw.max_map_size),
            c.max_map_size as u64,
            "max_map_size",
        ) {
            limits.max_map_size = v as usize;
        }
        limits
    }
}
