//! Reading the sheets of a workbook (XLSX, and XLS/ODS that calamine also reads) into rows of
//! cell texts with their Excel row numbers, so that the same table and readers serve CSV files
//! and sheets.
//!
//! A cell's text is what the loader would read in a CSV file saved from it: a date cell gives
//! its date (`2026-09-01`), a number its digits (`101`, `85.5`, an 18-digit number rounded to
//! the 15 significant digits Excel keeps, so a corrupted ID number is seen as such), text its
//! text. Numbers stored as text and text stored as numbers thus read the same.

use super::csv_file::Row;
use calamine::{Data, Reader};
use std::path::Path;

/// Whether a file name is a workbook careplan reads (lock files `~$…` that Excel and WPS
/// leave beside an open workbook are not).
pub(super) fn is_workbook(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !is_lock_file(name)
        && !name.starts_with('.')
        && [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// Whether a file name is a lock file of an open workbook.
pub(super) fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$") || (name.starts_with(".~lock.") && name.ends_with('#'))
}

/// The sheets of a workbook, in workbook order: name and rows (all of them, blank ones too).
pub(super) type Sheets = Vec<(String, Vec<Row>)>;

/// Reads every sheet of the workbook at `path`.
pub(super) fn read(path: &Path) -> Result<Sheets, String> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| Row {
                line: first_row + i + 1,
                cells: cells
                    .iter()
                    .map(|c| cell_text(c).trim().to_owned())
                    .collect(),
                quote: None,
            })
            .collect();
        sheets.push((name, rows));
    }
    Ok(sheets)
}

/// The text of one cell.
pub(super) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(dt) if dt.is_datetime() && dt.as_f64() >= 1.0 => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => {
            let (_, _, _, h, mi, s, _) = dt.to_ymd_hms_milli();
            format!("{h:02}:{mi:02}:{s:02}")
        }
    }
}

/// A number as Excel shows it in the General format, without exponent: rounded to 15
/// significant digits, no trailing zeros (`85.5`, `101`, `110101201305061000`).
pub(super) fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    // `d.dddddddddddddde±x`: 15 significant digits.
    let sci = format!("{f:.14e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return f.to_string();
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return f.to_string();
    };
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // The decimal point goes after digit `exp + 1`.
    let point = exp + 1;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat(point.unsigned_abs() as usize));
        out.push_str(&digits);
    } else {
        let point = point as usize;
        if point >= digits.len() {
            out.push_str(&digits);
            out.push_str(&"0".repeat(point - digits.len()));
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
    if out.contains('.') {
        let trimmed = out.trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(trimmed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(101.0), "101");
        assert_eq!(number_text(85.5), "85.5");
        assert_eq!(number_text(-1.25), "-1.25");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(13812345678.0), "13812345678");
        assert_eq!(number_text(0.000123), "0.000123");
        // An 18-digit ID number typed as a number: Excel kept 15 significant digits.
        assert_eq!(number_text(110105194912310021.0), "110105194912310000");
        assert_eq!(number_text(1.10101e17), "110101000000000000");
    }

    #[test]
    fn cells_read_as_text() {
        let date =
            |v: f64| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(cell_text(&date(46266.0)), "2026-09-01");
        assert_eq!(cell_text(&date(46266.75)), "2026-09-01");
        assert_eq!(cell_text(&date(0.5)), "12:00:00");
        assert_eq!(
            cell_text(&Data::DateTime(ExcelDateTime::new(
                44804.0,
                ExcelDateTimeType::DateTime,
                true
            ))),
            "2026-09-01",
            "1904 date system"
        );
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Float(2.0)), "2");
        assert_eq!(cell_text(&Data::String("S0101".into())), "S0101");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::Empty), "");
    }

    #[test]
    fn lock_files_are_no_workbooks() {
        assert!(is_workbook("学生档案.xlsx"));
        assert!(is_workbook("records.XLSX"));
        assert!(is_workbook("old.xls"));
        assert!(!is_workbook("~$学生档案.xlsx"));
        assert!(!is_workbook("students.csv"));
        assert!(is_lock_file("~$学生档案.xlsx"));
        assert!(is_lock_file(".~lock.records.xlsx#"));
        assert!(!is_lock_file("records.xlsx"));
    }
}
