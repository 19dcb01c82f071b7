//! Resident ID card numbers (居民身份证号码, GB 11643): what an `id_number` cell holds.
//!
//! A number Excel has turned into a number is never "fixed": `1.10101E+17` and an 18-digit
//! number ending in `000` have lost their last digits, and only the child's papers can give
//! them back.

use chrono::NaiveDate;

/// What an ID number cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdCheck {
    /// 18 characters with a right check digit; the value with a final `x` written `X`.
    Valid(String),
    /// 15 digits with a valid birth date: the format issued before 1999, without check digit.
    Old15,
    /// Scientific notation (`1.10101E+17`): Excel turned the number into a float.
    Scientific,
    /// 18 digits ending in `000`: Excel kept only 15 significant digits.
    TrailingZeros,
    /// 18 characters whose birth date (characters 7 to 14) is no date.
    BadBirthDate,
    /// 18 characters whose last one is not the check digit of the first 17.
    BadCheckDigit,
    /// Anything else: wrong length or characters.
    Malformed,
}

/// The weights of the first 17 digits (ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character of 17 digits.
fn check_char(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (b, w) in first17.iter().zip(WEIGHTS) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * w;
    }
    Some(b"10X98765432"[(sum % 11) as usize] as char)
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Checks an ID number cell (trimmed, full-width forms already folded).
pub(crate) fn check(s: &str) -> IdCheck {
    let b = s.as_bytes();
    if is_scientific(s) {
        return IdCheck::Scientific;
    }
    if b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) {
        let last = b[17].to_ascii_uppercase();
        if !(last.is_ascii_digit() || last == b'X') {
            return IdCheck::Malformed;
        }
        if s.ends_with("000") {
            return IdCheck::TrailingZeros;
        }
        if ymd(&s[6..10], &s[10..12], &s[12..14]).is_none() {
            return IdCheck::BadBirthDate;
        }
        if check_char(&b[..17]) != Some(last as char) {
            return IdCheck::BadCheckDigit;
        }
        return IdCheck::Valid(s.to_ascii_uppercase());
    }
    if b.len() == 15 && b.iter().all(u8::is_ascii_digit) {
        let year = format!("19{}", &s[6..8]);
        if ymd(&year, &s[8..10], &s[10..12]).is_some() {
            return IdCheck::Old15;
        }
    }
    IdCheck::Malformed
}

/// `1.10101E+17`, `1.10101201305061e17`: a number in scientific notation.
fn is_scientific(s: &str) -> bool {
    let Some((mantissa, exp)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((i, f)) => digits(i) && digits(f),
        None => digits(mantissa),
    };
    mantissa_ok && digits(exp)
}

/// Whether `s` holds a valid 18-character ID number (a national student number `G…` embeds
/// one): a run of 17 digits and a check character, right check digit and birth date.
pub(crate) fn holds_id_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut end = i;
        if end - start == 17 && matches!(b.get(end), Some(b'X' | b'x')) {
            end += 1;
        }
        if end - start == 18
            && let Some(run) = s.get(start..end)
            && matches!(check(run), IdCheck::Valid(_))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_characters_with_check_digit() {
        // 11010519491231002X: the standard's example, check character X.
        assert_eq!(
            check("11010519491231002X"),
            IdCheck::Valid("11010519491231002X".into())
        );
        assert_eq!(
            check("11010519491231002x"),
            IdCheck::Valid("11010519491231002X".into())
        );
        // 440524188001010014: another published example, check digit 4.
        assert_eq!(
            check("440524188001010014"),
            IdCheck::Valid("440524188001010014".into())
        );
        assert_eq!(check("110105194912310021"), IdCheck::BadCheckDigit);
        assert_eq!(check("110105194913310027"), IdCheck::BadBirthDate);
        assert_eq!(check("11010519491231002Y"), IdCheck::Malformed);
    }

    #[test]
    fn old_fifteen_digit_numbers() {
        assert_eq!(check("110105491231002"), IdCheck::Old15);
        assert_eq!(check("110105491331002"), IdCheck::Malformed);
    }

    #[test]
    fn excel_corruption_is_flagged() {
        for s in [
            "1.10101E+17",
            "1.10105E+17",
            "1.10105194912310E+17",
            "1.1e17",
        ] {
            assert_eq!(check(s), IdCheck::Scientific, "{s}");
        }
        assert_eq!(check("110105194912310000"), IdCheck::TrailingZeros);
    }

    #[test]
    fn malformed_numbers() {
        for s in [
            "",
            "1101051949",
            "11010519491231002XX",
            "ABCDEFGHIJKLMNOPQR",
            "1.1E+",
        ] {
            assert_eq!(check(s), IdCheck::Malformed, "{s}");
        }
    }

    #[test]
    fn student_ids_that_hold_an_id_number() {
        assert!(holds_id_number("11010519491231002X"));
        assert!(holds_id_number("G11010519491231002X"));
        assert!(holds_id_number("g440524188001010014"));
        assert!(!holds_id_number("S0101"));
        assert!(!holds_id_number("110105194912310021"), "wrong check digit");
        assert!(!holds_id_number("2110105194912310021X"), "a longer run");
    }
}
