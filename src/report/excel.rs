//! Excel-ready output of [`super::tables`]: one workbook with a sheet per table
//! (`--format xlsx -o FILE.xlsx`), or a directory with a CSV file per table (`--format csv -o
//! DIR`), UTF-8 with a BOM so that Excel opens it without mojibake.

use super::tables::{Cell, Table};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty; an ID or
/// phone number in it (a class named after one) masked as in every cell.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let clean: String = crate::privacy::mask_numbers(&clean)
        .chars()
        .take(31)
        .collect();
    let clean = clean.trim_matches('\'').to_owned();
    if clean.is_empty() {
        "sheet".to_owned()
    } else {
        clean
    }
}

/// The sheet name of each table in a workbook (also the CSV file names' stems): valid and
/// unique (Excel compares them ignoring case).
pub fn sheet_names(tables: &[Table]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    for t in tables {
        let base = sheet_name(&t.name);
        let mut name = base.clone();
        let mut n = 2;
        while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep: String = base.chars().take(31 - suffix.chars().count()).collect();
            name = format!("{keep}{suffix}");
            n += 1;
        }
        used.push(name);
    }
    used
}

/// The workbook of `tables`, as bytes. `created` is written as the workbook's creation day, so
/// that the same decision always gives the same bytes.
///
/// # Errors
/// The writer's message.
pub fn xlsx_bytes(tables: &[Table], created: chrono::NaiveDate) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(created.year()).unwrap_or(2000),
        u8::try_from(created.month()).unwrap_or(1),
        u8::try_from(created.day()).unwrap_or(1),
    )
    .map_err(e)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let yuan = Format::new().set_num_format("0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let boxed = |f: Format| f.set_border(FormatBorder::Thin);
    for (t, name) in tables.iter().zip(sheet_names(tables)) {
        // Payout sheets (those with a title) are forms to print and sign: every cell boxed.
        let form = t.title.is_some();
        let fmt = |f: Format| if form { boxed(f) } else { f };
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(e)?;
        let mut row: u32 = 0;
        if let Some(text) = &t.title {
            sheet
                .write_string_with_format(0, 0, text, &title)
                .map_err(e)?;
            row = 1;
        }
        let header = fmt(bold.clone());
        let plain = fmt(Format::new());
        let money = fmt(yuan.clone());
        let day = fmt(date.clone());
        let mut widths: Vec<usize> = t.headers.iter().map(|h| h.width()).collect();
        for (c, h) in t.headers.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            sheet
                .write_string_with_format(row, c, h, &header)
                .map_err(e)?;
        }
        sheet.set_freeze_panes(row + 1, 0).map_err(e)?;
        for cells in &t.rows {
            row += 1;
            for (c, cell) in cells.iter().enumerate() {
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(cell.text().width());
                }
                let c = u16::try_from(c).map_err(|e| e.to_string())?;
                match cell {
                    Cell::Empty => sheet.write_blank(row, c, &plain).map(|_| ()),
                    Cell::Text(s) => sheet
                        .write_string_with_format(row, c, s, &plain)
                        .map(|_| ()),
                    Cell::Int(i) => {
                        // Whole numbers up to 2^53 are exact in Excel.
                        #[allow(clippy::cast_precision_loss)]
                        let v = *i as f64;
                        sheet
                            .write_number_with_format(row, c, v, &plain)
                            .map(|_| ())
                    }
                    Cell::Num(f) => sheet
                        .write_number_with_format(row, c, *f, &plain)
                        .map(|_| ()),
                    Cell::Fen(f) => {
                        #[allow(clippy::cast_precision_loss)]
                        let v = *f as f64 / 100.0;
                        sheet
                            .write_number_with_format(row, c, v, &money)
                            .map(|_| ())
                    }
                    Cell::Date(d) => {
                        let d = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            u8::try_from(d.month()).unwrap_or(1),
                            u8::try_from(d.day()).unwrap_or(1),
                        )
                        .map_err(e)?;
                        sheet.write_date_with_format(row, c, &d, &day).map(|_| ())
                    }
                }
                .map_err(e)?;
            }
        }
        for (c, w) in widths.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            let last = form && usize::from(c) + 1 == t.headers.len();
            // A signature needs room; other columns fit their widest cell.
            let width = if last { 16 } else { (*w).clamp(6, 60) + 2 };
            #[allow(clippy::cast_precision_loss)]
            sheet.set_column_width(c, width as f64).map_err(e)?;
        }
        if form {
            sheet.set_landscape();
        }
    }
    book.save_to_buffer().map_err(e)
}

/// Writes the workbook of `tables` to `path`.
///
/// # Errors
/// The writer's or the file system's message.
pub fn write_xlsx(tables: &[Table], created: chrono::NaiveDate, path: &Path) -> Result<(), String> {
    let bytes = xlsx_bytes(tables, created)?;
    std::fs::write(path, bytes)
        .map_err(|e| format!("cannot write `{}`: {e}", crate::paths::shown(path)))
}

/// A table as CSV text: UTF-8 with a BOM, CRLF line ends, the title (if any) on the first line.
pub fn csv_bytes(t: &Table) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    if let Some(title) = &t.title {
        let _ = w.write_record([title]);
    }
    let _ = w.write_record(&t.headers);
    for row in &t.rows {
        let _ = w.write_record(row.iter().map(Cell::text));
    }
    w.into_inner().unwrap_or_default()
}

/// Writes one CSV file per table into `dir` (created when absent), named by position and
/// table (`01-summary.csv`, `08-发放表 7-1.csv`) so that they sort in report order and never
/// take the name of a record file. Gives the paths written.
///
/// # Errors
/// The file system's message.
pub fn write_csv_dir(tables: &[Table], dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create `{}`: {e}", crate::paths::shown(dir)))?;
    let mut written = Vec::new();
    for (i, (t, name)) in tables.iter().zip(sheet_names(tables)).enumerate() {
        let path = dir.join(format!("{:02}-{name}.csv", i + 1));
        std::fs::write(&path, csv_bytes(t))
            .map_err(|e| format!("cannot write `{}`: {e}", crate::paths::shown(&path)))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let t = |n: &str| Table {
            name: n.to_owned(),
            title: None,
            headers: vec![],
            rows: vec![],
        };
        let names = sheet_names(&[
            t("发放表 East/7-1"),
            t("students"),
            t("Students"),
            t("a very long sheet name that Excel would refuse"),
        ]);
        assert_eq!(
            names,
            [
                "发放表 East-7-1",
                "students",
                "Students (2)",
                "a very long sheet name that Exc"
            ]
        );
    }

    #[test]
    fn csv_has_a_bom_title_and_crlf() {
        let t = Table {
            name: "x".into(),
            title: Some("7-1 班奖励发放表".into()),
            headers: vec!["序号".into(), "金额（元）".into()],
            rows: vec![vec![Cell::Int(1), Cell::Fen(1334)]],
        };
        let bytes = csv_bytes(&t);
        assert_eq!(
            String::from_utf8(bytes).unwrap_or_default(),
            "\u{FEFF}7-1 班奖励发放表\r\n序号,金额（元）\r\n1,13.34\r\n"
        );
    }
}
