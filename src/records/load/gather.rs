//! Finding the record files: each CSV file's text and header (`contacts.csv` opened for
//! streaming), or each sheet of the one workbook as a table. Every problem that stops the load
//! is collected, of every file, before any row is read.

use super::listing::{csv_name, read_csv, read_text};
use super::{LoadError, LoadOptions, Meter, sort_findings};
use crate::records::Finding;
use crate::records::csv_file::{FileSpec, Row, Source, Table, build_table};
use crate::records::decode::Encoding;
use crate::records::files;
use crate::records::schema::Layouts;
use crate::records::stream;
use crate::records::xlsx;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A CSV file read as text, its rows not yet built into a table.
pub(super) struct Text {
    pub spec: FileSpec,
    pub required: bool,
    pub source: Source,
    pub text: String,
    /// The table of its first rows: its header.
    pub header: Table,
}

/// `contacts.csv`, opened with its header read, streamed once students and staff are known.
pub(super) struct Pending {
    pub opened: stream::Pending,
    pub source: Source,
    /// The findings of its header rows.
    pub warnings: Vec<Finding>,
}

/// The record files found, before their rows are read.
#[derive(Default)]
pub(super) struct Gathered {
    /// The tables of a workbook's sheets, by canonical file name.
    pub tables: BTreeMap<&'static str, Table>,
    /// The CSV files other than a streamed `contacts.csv`, by canonical file name.
    pub texts: BTreeMap<&'static str, Text>,
    /// A streamed `contacts.csv`.
    pub pending: Option<Pending>,
    /// Warnings so far.
    pub findings: Vec<Finding>,
    /// Problems that stop the load.
    pub problems: Vec<Finding>,
}

/// Finds the record files of the directory whose files are `names`: CSV files or one workbook.
pub(super) fn gather(
    dir: &Path,
    options: &LoadOptions,
    layouts: &Layouts,
    names: &BTreeSet<String>,
    record_csvs: &[String],
    meter: &Meter<'_>,
) -> Gathered {
    let mut g = Gathered::default();
    let workbooks: Vec<&String> = names.iter().filter(|n| xlsx::is_workbook(n)).collect();
    match workbooks.as_slice() {
        [] => {
            for (spec, required) in files::ALL {
                g.csv_file(dir, options, layouts, names, spec, required, meter);
            }
            g.unknown_csvs(names, record_csvs);
        }
        [book] if !record_csvs.is_empty() => g.problems.push(Finding::error(
            book,
            None,
            None,
            format!(
                "the records directory holds both a workbook and CSV record files ({}): keep \
                 one or the other",
                record_csvs.join(", ")
            ),
        )),
        [book] => match xlsx::read(&dir.join(book)) {
            Err(e) => g.problems.push(Finding::error(book, None, None, e)),
            Ok(sheets) => g.workbook(book, &sheets, layouts),
        },
        several => g.problems.push(Finding::error(
            "",
            None,
            None,
            format!(
                "the records directory holds {} workbooks ({}): keep one",
                several.len(),
                several
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
    g
}

impl Gathered {
    /// One record file of a directory of CSV files: `contacts.csv` opened for streaming when
    /// it is UTF-8, any other file read as text with its header built (only one file's table
    /// is in memory at a time); a missing required file is a problem.
    #[allow(clippy::too_many_arguments)]
    fn csv_file(
        &mut self,
        dir: &Path,
        options: &LoadOptions,
        layouts: &Layouts,
        names: &BTreeSet<String>,
        spec: FileSpec,
        required: bool,
        meter: &Meter<'_>,
    ) {
        let name = csv_name(layouts, &spec);
        if !names.contains(&name) {
            if required {
                self.problems.push(Finding::error(
                    &name,
                    None,
                    None,
                    "required file is missing".to_owned(),
                ));
            }
            return;
        }
        let source = Source::csv(&name);
        if spec.name == files::CONTACTS.name
            && options.encoding != Encoding::Gb18030
            && self.stream(dir, layouts, &spec, required, &name, &source)
        {
            return;
        }
        // The text now (its problems are fatal), its rows when the file is read.
        let text = read_text(dir, &source, options.encoding);
        if let Ok(m) = std::fs::metadata(dir.join(&name)) {
            meter.read(m.len());
        }
        let text = match text {
            Ok(text) => text,
            Err(p) => return self.problems.push(*p),
        };
        let head = stream::first_rows(&text);
        match build_table(head, &spec, layouts.of(&spec), required, source.clone()) {
            Ok((header, _)) => {
                let text = Text {
                    spec,
                    required,
                    source,
                    text,
                    header,
                };
                self.texts.insert(spec.name, text);
            }
            Err(p) => self.problems.extend(p),
        }
    }

    /// Opens `contacts.csv` for streaming; false when it is to be read the ordinary way
    /// (it is not UTF-8).
    fn stream(
        &mut self,
        dir: &Path,
        layouts: &Layouts,
        spec: &FileSpec,
        required: bool,
        name: &str,
        source: &Source,
    ) -> bool {
        let layout = layouts.of(spec);
        let path = dir.join(name);
        match stream::open_table(&path, spec, layout, required, source.clone()) {
            Ok(Ok((opened, warnings))) => {
                self.pending = Some(Pending {
                    opened,
                    source: source.clone(),
                    warnings,
                });
                true
            }
            Ok(Err(p)) => {
                self.problems.extend(p);
                true
            }
            Err(stream::Fallback::Io(e)) => {
                let msg = format!("cannot read: {e}");
                self.problems.push(Finding::error(name, None, None, msg));
                true
            }
            Err(stream::Fallback::NotUtf8) => false,
        }
    }

    /// A warning for each `.csv` file that is not a record file.
    fn unknown_csvs(&mut self, names: &BTreeSet<String>, record_csvs: &[String]) {
        for name in names {
            let is_csv = Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if is_csv && !record_csvs.contains(name) {
                self.findings.push(Finding::warning(
                    name,
                    None,
                    None,
                    "not a careplan record file, ignored".to_owned(),
                ));
            }
        }
    }

    /// The record files as the sheets of `book`: each found by its name (exactly, else
    /// ignoring ASCII case) and built into a table; a missing required sheet is a problem, a
    /// sheet with cells that is no record file a warning.
    fn workbook(&mut self, book: &str, sheets: &[(String, Vec<Row>)], layouts: &Layouts) {
        let mut used = BTreeSet::new();
        for (spec, required) in files::ALL {
            let want = layouts
                .of(&spec)
                .sheet
                .clone()
                .unwrap_or_else(|| spec.stem().to_owned());
            let found = sheets
                .iter()
                .position(|(n, _)| n.trim() == want)
                .or_else(|| {
                    sheets
                        .iter()
                        .position(|(n, _)| n.trim().eq_ignore_ascii_case(&want))
                });
            match found {
                Some(i) if used.insert(i) => {
                    let (sheet, rows) = &sheets[i];
                    let source = Source {
                        file: book.to_owned(),
                        sheet: Some(sheet.clone()),
                    };
                    self.add(&spec, required, rows.clone(), source, layouts);
                }
                _ if required => {
                    let have: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
                    self.problems.push(
                        Finding::error(
                            book,
                            None,
                            None,
                            format!(
                                "required sheet `{want}` ({}) is missing; the workbook has {}",
                                spec.name,
                                have.join(", ")
                            ),
                        )
                        .on_sheet(Some(&want)),
                    );
                }
                _ => {}
            }
        }
        for (i, (sheet, rows)) in sheets.iter().enumerate() {
            if !used.contains(&i) && rows.iter().any(|r| !r.cells.iter().all(String::is_empty)) {
                self.findings.push(
                    Finding::warning(
                        book,
                        None,
                        None,
                        "not a careplan record sheet, ignored".to_owned(),
                    )
                    .on_sheet(Some(sheet)),
                );
            }
        }
    }

    /// Builds the table of a sheet: its warnings join the findings, its problems the problems.
    fn add(
        &mut self,
        spec: &FileSpec,
        required: bool,
        rows: Vec<Row>,
        source: Source,
        layouts: &Layouts,
    ) {
        match build_table(rows, spec, layouts.of(spec), required, source) {
            Ok((table, warnings)) => {
                self.findings.extend(warnings);
                self.tables.insert(spec.name, table);
            }
            Err(p) => self.problems.extend(p),
        }
    }

    /// The load error of the problems found, sorted. A streamed file is read in full only
    /// now: its encoding problems are listed too.
    pub(super) fn fatal(mut self, dir: &Path, encoding: Encoding) -> LoadError {
        if let Some(p) = &self.pending
            && let Err(p) = read_csv(dir, &p.source, encoding)
        {
            self.problems.push(*p);
        }
        sort_findings(&mut self.problems);
        LoadError {
            problems: self.problems,
        }
    }
}
