//! The records directory as files: their names, the schema that lays them out, the record
//! files among them and their size, and the text of a CSV file in its encoding.

use super::LoadError;
use crate::records::Finding;
use crate::records::csv_file::{FileSpec, Row, Source, csv_rows};
use crate::records::decode::{Encoding, decode};
use crate::records::files;
use crate::records::schema::{self, Layouts, SCHEMA_FILE};
use std::collections::BTreeSet;
use std::path::Path;

/// The names of the files (not directories) in `dir`.
///
/// # Errors
/// [`LoadError`] when `dir` is not a readable directory.
pub(super) fn file_names(dir: &Path) -> Result<BTreeSet<String>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError {
        problems: vec![Finding::error(
            "",
            None,
            None,
            format!(
                "cannot read records directory `{}`: {e}",
                crate::paths::shown(dir)
            ),
        )],
    })?;
    let mut names = BTreeSet::new();
    for entry in entries.flatten() {
        if entry.path().is_file() {
            names.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

/// The layouts of `schema.ron` when `names` holds one, else the canonical layouts.
///
/// # Errors
/// [`LoadError`] when the schema cannot be read (or is not UTF-8) or is invalid.
pub(super) fn layouts(dir: &Path, names: &BTreeSet<String>) -> Result<Layouts, LoadError> {
    if !names.contains(SCHEMA_FILE) {
        return Ok(Layouts::default());
    }
    let text = std::fs::read(dir.join(SCHEMA_FILE))
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8".to_owned()));
    let parsed = match text {
        Ok(text) => schema::parse(&text),
        Err(e) => Err(vec![Finding::error(
            SCHEMA_FILE,
            None,
            None,
            format!("cannot read: {e}"),
        )]),
    };
    parsed.map_err(|problems| LoadError { problems })
}

/// The CSV file name of a record file, as the layouts name it.
pub(super) fn csv_name(layouts: &Layouts, spec: &FileSpec) -> String {
    layouts
        .of(spec)
        .file
        .clone()
        .unwrap_or_else(|| spec.name.to_owned())
}

/// The record files among `names`, as CSV file names, in the order of [`files::ALL`].
pub(super) fn record_csvs(names: &BTreeSet<String>, layouts: &Layouts) -> Vec<String> {
    files::ALL
        .iter()
        .map(|(spec, _)| csv_name(layouts, spec))
        .filter(|n| names.contains(n))
        .collect()
}

/// Bytes of the record files, for the progress bar.
pub(super) fn total_bytes(dir: &Path, record_csvs: &[String]) -> u64 {
    record_csvs
        .iter()
        .filter_map(|n| std::fs::metadata(dir.join(n)).ok())
        .map(|m| m.len())
        .sum()
}

/// Reads the text of a CSV file in its encoding.
///
/// # Errors
/// The finding (boxed: it is the rare path) when the file cannot be read or decoded.
pub(super) fn read_text(
    dir: &Path,
    source: &Source,
    encoding: Encoding,
) -> Result<String, Box<Finding>> {
    let file = source.file.as_str();
    let bytes = std::fs::read(dir.join(file))
        .map_err(|e| Finding::error(file, None, None, format!("cannot read: {e}")))?;
    let text = decode(&bytes, encoding)
        .map_err(|(line, msg)| Finding::error(file, Some(line), None, msg))?;
    Ok(text.into_owned())
}

/// Reads the rows of a CSV file in its encoding.
pub(super) fn read_csv(
    dir: &Path,
    source: &Source,
    encoding: Encoding,
) -> Result<Vec<Row>, Box<Finding>> {
    let file = source.file.as_str();
    let bytes = std::fs::read(dir.join(file))
        .map_err(|e| Finding::error(file, None, None, format!("cannot read: {e}")))?;
    let text = decode(&bytes, encoding)
        .map_err(|(line, msg)| Finding::error(file, Some(line), None, msg))?;
    Ok(csv_rows(&text, source))
}
