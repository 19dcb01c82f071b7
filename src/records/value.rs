//! Parsing of single cell values: dates, booleans, decimals, term and year labels.
//!
//! Every function takes an already trimmed cell and returns `None` when the value is not
//! acceptable; the caller turns that into a finding.

use chrono::NaiveDate;

/// The accepted date forms, for messages.
pub(super) const DATE_FORMS: &str =
    "YYYY-MM-DD (also 2026/9/1, 2026-9-1, 2026.9.1, 2026年9月1日, an Excel date number)";

/// The accepted date forms, for Chinese messages.
pub(super) const DATE_FORMS_ZH: &str =
    "YYYY-MM-DD（也可写 2026/9/1、2026-9-1、2026.9.1、2026年9月1日，或 Excel 日期数字）";

/// The accepted boolean words, for messages.
pub(super) const BOOL_FORMS: &str = "yes/no, true/false, 1/0, 是/否, y/n";

/// The first and last year a record's date may have: a child's birth, a school year, a
/// contact. A date outside them is a typing mistake (`0026` for `2026`), never a record.
pub const FIRST_YEAR: i32 = 1950;
/// See [`FIRST_YEAR`].
pub const LAST_YEAR: i32 = 2100;

/// Why a cell is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BadDate {
    /// It is not written in any accepted form, or names no day of the calendar.
    Form,
    /// It is a day, but of a year outside [`FIRST_YEAR`]`..=`[`LAST_YEAR`].
    Year(i32),
}

/// A date written `2026-09-01`, `2026-9-1`, `2026/9/1`, `2026.9.1` or `2026年9月1日`.
///
/// The year must have four digits; month and day one or two. Separators may not be mixed.
#[cfg(test)]
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    read_date(s).ok()
}

/// [`parse_date`], saying why not: a year outside [`FIRST_YEAR`]`..=`[`LAST_YEAR`] is refused.
pub(super) fn read_date(s: &str) -> Result<NaiveDate, BadDate> {
    let (year, month, day) = date_parts(s).ok_or(BadDate::Form)?;
    let year = i32::try_from(year).map_err(|_| BadDate::Form)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(BadDate::Form)?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(date)
    } else {
        Err(BadDate::Year(year))
    }
}

/// Year, month and day of a value in one of the forms of [`parse_date`] (a time of day after
/// it dropped), not checked against the calendar.
fn date_parts(s: &str) -> Option<(u32, u32, u32)> {
    // Excel and WPS export dates with a time of day (`2025-9-16 0:00:00`, `2025/09/17 00:00`,
    // `2025-09-22T08:00:00`, `2015年04月08日10:05`): the day is what counts.
    let s = strip_time(s);
    let (y, m, d) = if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        (y, m, d)
    } else {
        let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = s.split(sep);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    Some((digits(y, 4, 4)?, digits(m, 1, 2)?, digits(d, 1, 2)?))
}

/// Whether `s` is written as a date (with or without a time of day), whatever its year: such
/// a value is never a phone or ID number.
pub fn is_date_shaped(s: &str) -> bool {
    date_parts(s.trim()).is_some()
}

/// The date part of `date time`, when the rest is a time of day (`H:MM`, `H:MM:SS`, with an
/// optional fraction of a second); otherwise `s` unchanged. After `日` the time may follow
/// without a space (`2015年04月08日10:05`).
fn strip_time(s: &str) -> &str {
    let split = match s.split_once([' ', 'T']) {
        Some(parts) => Some(parts),
        None => s
            .find('日')
            .map(|i| s.split_at(i + '日'.len_utf8()))
            .filter(|(_, time)| !time.is_empty()),
    };
    let Some((date, time)) = split else {
        return s;
    };
    let time = time.trim();
    let time = time.split('.').next().unwrap_or(time);
    let parts: Vec<&str> = time.split(':').collect();
    let ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    if ok { date.trim_end() } else { s }
}

/// Why a date's year was refused: the span, and the full year meant when it looks like a
/// two-digit one (`0026` → 2026, `0098` → 1998).
/// English and Chinese.
pub(super) fn year_problem(year: i32) -> (String, String) {
    let mut out = format!("year {year:04} is outside {FIRST_YEAR}–{LAST_YEAR}");
    let mut zh = format!("年份 {year:04} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间");
    if (0..100).contains(&year) {
        let full = if year + 2000 <= LAST_YEAR && year < 50 {
            year + 2000
        } else {
            year + 1900
        };
        out.push_str(&format!("; did you mean {full}?"));
        zh.push_str(&format!("；是否应为 {full}？"));
    }
    (out, zh)
}

/// A date cell: any form of [`parse_date`], or an Excel serial date number (what a date
/// column holds when its cell format was lost: `46266` is 2026-09-01). Serial numbers are
/// accepted from 18264 (1950-01-01) to 73415 (2100-12-31), whole days only.
pub(super) fn parse_date_cell(s: &str) -> Option<NaiveDate> {
    read_date_cell(s).ok()
}

/// [`parse_date_cell`], saying why not.
pub(super) fn read_date_cell(s: &str) -> Result<NaiveDate, BadDate> {
    match read_date(s) {
        Err(BadDate::Form) => excel_serial_date(s).ok_or(BadDate::Form),
        other => other,
    }
}

/// An Excel serial day number (1900 date system) written as digits, optionally with `.0`.
pub(super) fn excel_serial_date(s: &str) -> Option<NaiveDate> {
    let whole = s.strip_suffix(".0").unwrap_or(s);
    let n = digits(whole, 5, 5)?;
    if !(18264..=73415).contains(&n) {
        return None;
    }
    // Serial 1 is 1900-01-01, but Excel counts a 29 February 1900 that never was, so from
    // March 1900 on day 0 is 1899-12-30.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(u64::from(n)))
}

/// Why a value that is not a date was refused, when a hint helps: a two-digit year is
/// never guessed.
pub(super) fn date_hint(s: &str) -> Option<(&'static str, &'static str)> {
    let first = s.split(['-', '/', '.', '年']).next().unwrap_or("");
    let two = first.len() <= 2 && !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    let parts = s.split(['-', '/', '.']).count();
    let last = s.rsplit(['-', '/', '.']).next().unwrap_or("");
    if parts == 3 && last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            "the year must come first: write YYYY-MM-DD (month/day/year is not guessed)",
            "年份须写在最前：请写成 YYYY-MM-DD（不猜测“月/日/年”的写法）",
        ));
    }
    (two && (parts == 3 || s.contains('年'))).then_some((
        "a two-digit year is not guessed; write the year in full",
        "不猜测两位数的年份；请写完整的年份",
    ))
}

/// Folds full-width ASCII forms (`２０２６`, `（`, `：`, `．`) to ASCII and the ideographic space
/// to a space, as typed with a Chinese input method.
pub(super) fn fold_width(s: &str) -> std::borrow::Cow<'_, str> {
    let wide = |c: char| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}';
    if !s.chars().any(wide) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            c if wide(c) => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// What a line break inside a cell (Alt+Enter in Excel: `\n`; `\r\n` or `\r` from other
/// programs) is read as, so that every report shows a cell on one line.
pub const LINE_BREAK: &str = "⏎";

/// `cell` with each line break inside it replaced by [`LINE_BREAK`] (`\r\n` counts once).
pub(super) fn one_line(cell: &mut String) {
    if !cell.contains(['\n', '\r']) {
        return;
    }
    *cell = cell.replace("\r\n", "\n").replace(['\n', '\r'], LINE_BREAK);
}

/// `s` as a number when it is `min..=max` ASCII digits.
fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A boolean: `yes/no`, `true/false`, `1/0`, `是/否`, `y/n`, case-insensitive. Empty is `None`.
pub(super) fn parse_bool(s: &str) -> Option<bool> {
    match s.to_lowercase().as_str() {
        "yes" | "true" | "1" | "是" | "y" => Some(true),
        "no" | "false" | "0" | "否" | "n" => Some(false),
        _ => None,
    }
}

/// A decimal number written with ASCII digits and an optional sign and fraction (`85`, `85.5`,
/// `-1`). Exponents, `inf`, `NaN` and thousands separators are refused.
pub(super) fn parse_decimal(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    s.parse().ok().filter(|v: &f64| v.is_finite())
}

/// An academic year `YYYY-YYYY` whose second year follows the first (`2025-2026`), both from
/// [`FIRST_YEAR`] to [`LAST_YEAR`].
pub(super) fn is_academic_year(s: &str) -> bool {
    let Some((a, b)) = s.split_once('-') else {
        return false;
    };
    match (digits(a, 4, 4), digits(b, 4, 4)) {
        (Some(a), Some(b)) => {
            a + 1 == b && i32::try_from(a).is_ok_and(|a| (FIRST_YEAR..LAST_YEAR).contains(&a))
        }
        _ => false,
    }
}

/// A term label `YYYY-YYYY-N` with consecutive years and `N >= 1`; gives its academic year.
pub(super) fn term_academic_year(s: &str) -> Option<&str> {
    let (year, n) = s.rsplit_once('-')?;
    let n = digits(n, 1, 2)?;
    (n >= 1 && is_academic_year(year)).then_some(year)
}

#[cfg(test)]
mod time_tests {
    use super::*;

    #[test]
    fn a_time_of_day_after_the_date_is_dropped() {
        let d = NaiveDate::from_ymd_opt(2025, 9, 16);
        for s in [
            "2025-9-16 0:00:00",
            "2025/09/16 00:00",
            "2025-09-16T08:00:00",
            "2025-09-16 08:30:00.000",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("2025-09-16 later"), None);
        assert_eq!(
            date_hint("9/18/2025").map(|(en, _)| en),
            Some("the year must come first: write YYYY-MM-DD (month/day/year is not guessed)")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_every_accepted_form() {
        for s in [
            "2026-09-01",
            "2026-9-1",
            "2026/9/1",
            "2026/09/01",
            "2026.9.1",
            "2026年9月1日",
            "2026年09月01日",
        ] {
            assert_eq!(parse_date(s), ymd(2026, 9, 1), "{s}");
        }
    }

    #[test]
    fn bad_dates_are_refused() {
        for s in [
            "",
            "26-9-1",
            "26/9/1",
            "2026-13-01",
            "2026-02-30",
            "2026-9/1",
            "2026-09-01-01",
            "2026-009-01",
            "2026年9月1",
            "９月",
            "2026年9月1日日",
            "+2026-9-1",
            "2026-9-",
            "20260901",
            "46266",
            "二〇二六年九月一日",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(parse_date_cell("46266"), ymd(2026, 9, 1));
        assert_eq!(parse_date_cell("46266.0"), ymd(2026, 9, 1));
        assert_eq!(parse_date_cell("45658"), ymd(2025, 1, 1));
        assert_eq!(parse_date_cell("18264"), ymd(1950, 1, 1));
        // 73415 = 73050 (2099-12-31) + 365 days of 2100 (not a leap year): 2100-12-31.
        assert_eq!(parse_date_cell("73415"), ymd(2100, 12, 31));
        assert_eq!(parse_date_cell("2026/9/1"), ymd(2026, 9, 1));
        for s in [
            "46266.5",
            "4626",
            "462660",
            "18263",
            "73416",
            "-46266",
            "4.6266E+4",
        ] {
            assert_eq!(parse_date_cell(s), None, "{s}");
        }
    }

    #[test]
    fn two_digit_years_are_named() {
        for s in ["26/9/1", "26-9-1", "26.9.1", "26年9月1日"] {
            assert_eq!(parse_date_cell(s), None, "{s}");
            assert!(date_hint(s).is_some(), "{s}");
        }
        for s in ["2026-13-01", "9/1", "soon", "46266x"] {
            assert_eq!(date_hint(s), None, "{s}");
        }
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(fold_width("２０２６年９月１日"), "2026年9月1日");
        assert_eq!(fold_width("２０２６－０９－０１"), "2026-09-01");
        assert_eq!(fold_width("２０２６．９．１"), "2026.9.1");
        assert_eq!(fold_width("七（２）班"), "七(2)班");
        assert_eq!(fold_width("Ｓ０１０１"), "S0101");
        assert_eq!(fold_width("８５．５"), "85.5");
        assert_eq!(fold_width("a\u{3000}b"), "a b");
        assert!(matches!(
            fold_width("何春秋"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn booleans() {
        for s in ["yes", "YES", "True", "1", "是", "y", "Y"] {
            assert_eq!(parse_bool(s), Some(true), "{s}");
        }
        for s in ["no", "No", "FALSE", "0", "否", "n", "N"] {
            assert_eq!(parse_bool(s), Some(false), "{s}");
        }
        for s in ["", "maybe", "2", "yess", "对"] {
            assert_eq!(parse_bool(s), None, "{s}");
        }
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("85"), Some(85.0));
        assert_eq!(parse_decimal("85.5"), Some(85.5));
        assert_eq!(parse_decimal("-1"), Some(-1.0));
        assert_eq!(parse_decimal("+2.25"), Some(2.25));
        for s in [
            "", ".5", "5.", "1e3", "inf", "NaN", "1,000", "85分", "--1", "1.2.3",
        ] {
            assert_eq!(parse_decimal(s), None, "{s}");
        }
    }

    #[test]
    fn term_labels_and_years() {
        assert_eq!(term_academic_year("2025-2026-1"), Some("2025-2026"));
        assert_eq!(term_academic_year("2025-2026-2"), Some("2025-2026"));
        for s in [
            "2025-2027-1",
            "2025-2026",
            "2025-2026-0",
            "25-26-1",
            "2025-2026-x",
            "2025—2026-1",
            "",
        ] {
            assert_eq!(term_academic_year(s), None, "{s}");
        }
        assert!(is_academic_year("2025-2026"));
        assert!(!is_academic_year("2025-2025"));
        assert!(!is_academic_year("2025-2026学年"));
    }
}
