//! Small text forms of numbers shared by the evaluator and the reports: counts with their noun,
//! and money in yuan.

/// `1 error`, `2 errors`: a count with the right English noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Formats fen as yuan with two decimals (`1334` → `13.34`, `-5` → `-0.05`).
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    format!("{sign}{}.{:02}", f / 100, f % 100)
}

#[cfg(test)]
mod tests {
    #[test]
    fn count_picks_the_noun() {
        assert_eq!(super::count(1, "child", "children"), "1 child");
        assert_eq!(super::count(0, "child", "children"), "0 children");
        assert_eq!(super::count(2, "child", "children"), "2 children");
    }
}
