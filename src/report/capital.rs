//! Amounts in capital numerals (大写金额), as written on a payout sheet that is signed for.
//!
//! The rules of the People's Bank of China for writing amounts on vouchers: the digits
//! 零壹贰叁肆伍陆柒捌玖 with the units 拾佰仟万亿 and 元角分; `整` after an amount that ends at
//! the yuan; a tens digit always written (`壹拾`); one `零` for any run of zero digits inside the
//! amount (`壹仟零壹元整`, `壹拾万零壹佰元整`) but none for the zeros that end a group of four
//! digits (`壹拾万壹仟元整`), and one after the yuan when the jiao is zero but the fen is not
//! (`壹拾叁元零肆分`); an amount under one yuan starts at its first non-zero unit (`伍角`,
//! `壹分`); nothing after a jiao that ends the amount (`壹拾元伍角`).

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// The units of the four digits of a group, highest first.
const IN_GROUP: [&str; 4] = ["仟", "佰", "拾", ""];

/// The units of groups of four digits, lowest first.
const GROUPS: [&str; 4] = ["", "万", "亿", "万亿"];

/// A whole number of yuan in capital numerals, without `元` (`0` → `零`).
fn integer(n: u64) -> String {
    if n == 0 {
        return "零".to_owned();
    }
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    // A zero is owed when digits were skipped since the last one written.
    let mut zero = false;
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            zero |= !out.is_empty();
            continue;
        }
        if !out.is_empty() && g < 1000 {
            zero = true;
        }
        let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
        let mut started = false;
        for (d, unit) in digits.iter().zip(IN_GROUP) {
            if *d == 0 {
                zero |= started;
                continue;
            }
            if zero && !out.is_empty() {
                out.push('零');
            }
            zero = false;
            started = true;
            out.push(DIGITS[*d as usize]);
            out.push_str(unit);
        }
        out.push_str(GROUPS.get(i).copied().unwrap_or(""));
        // Zeros that end a group are not written (`壹拾万壹仟`).
        zero = false;
    }
    out
}

/// An amount in fen in capital numerals: `3000` → `叁拾元整`, `1334` → `壹拾叁元叁角肆分`,
/// `1` → `壹分`, `0` → `零元整`; a negative amount starts with `负`.
pub fn capital(fen: i64) -> String {
    let sign = if fen < 0 { "负" } else { "" };
    let fen = fen.unsigned_abs();
    let (yuan, jiao, f) = (fen / 100, fen / 10 % 10, fen % 10);
    let mut out = String::from(sign);
    if yuan > 0 {
        out.push_str(&integer(yuan));
        out.push('元');
    }
    match (jiao, f) {
        (0, 0) if yuan == 0 => out.push_str("零元整"),
        (0, 0) => out.push('整'),
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f as usize]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j as usize]);
            out.push('角');
            if f > 0 {
                out.push(DIGITS[f as usize]);
                out.push('分');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::capital;

    #[test]
    fn amounts_of_the_issue_worked_by_hand() {
        assert_eq!(capital(1), "壹分");
        assert_eq!(capital(1_000), "壹拾元整");
        assert_eq!(capital(1_050), "壹拾元伍角");
        assert_eq!(capital(10_000), "壹佰元整");
        assert_eq!(capital(100_100), "壹仟零壹元整");
        assert_eq!(capital(1_334), "壹拾叁元叁角肆分");
        assert_eq!(capital(3_000), "叁拾元整");
    }

    #[test]
    fn zeros_inside_and_around_the_yuan() {
        assert_eq!(capital(0), "零元整");
        assert_eq!(capital(50), "伍角");
        assert_eq!(capital(5), "伍分");
        assert_eq!(capital(15), "壹角伍分");
        assert_eq!(capital(1_304), "壹拾叁元零肆分");
        assert_eq!(capital(101_000), "壹仟零壹拾元整");
        assert_eq!(capital(150_000), "壹仟伍佰元整");
        assert_eq!(capital(1_000_000), "壹万元整");
        assert_eq!(capital(1_001_000), "壹万零壹拾元整");
        assert_eq!(capital(10_010_000), "壹拾万零壹佰元整");
        assert_eq!(capital(100_000_000), "壹佰万元整");
        assert_eq!(capital(1_000_500_000), "壹仟万伍仟元整");
        assert_eq!(capital(10_100_000), "壹拾万壹仟元整");
        assert_eq!(capital(10_000_000_000), "壹亿元整");
        assert_eq!(capital(10_000_010_000), "壹亿零壹佰元整");
        assert_eq!(capital(168_032), "壹仟陆佰捌拾元叁角贰分");
        assert_eq!(capital(-1_500), "负壹拾伍元整");
    }
}
