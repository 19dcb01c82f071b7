//! `schema.ron` beside the records: how one school's spreadsheets are laid out.
//!
//! It maps the school's file, sheet and column names (often Chinese: `学号`, `姓名`, `班级`) and
//! value words (`谈心`, `家访`, `男/女`) onto the canonical record files, and may name columns
//! that must exist or that are ignored. It describes the spreadsheets, not the plan: whether a
//! child's file is complete is the policy's business. Without a schema the canonical names
//! are used.
//!
//! ```ron
//! Schema(
//!     files: {
//!         "students": (
//!             sheet: "学生",                 // the workbook's sheet (default: `students`)
//!             file: "学生.csv",              // the CSV file (default: `students.csv`)
//!             columns: {"student_id": "学号", "name": "姓名"},
//!             values: {"gender": {"男": "M", "女": "F"}},
//!             required: ["id_number"],      // columns that must exist, besides the canonical ones
//!             ignore: ["序号", "备注"],      // columns read by nobody, without a warning
//!         ),
//!     },
//! )
//! ```

use super::Finding;
use super::csv_file::{FileSpec, closest};
use super::files;
use super::value::fold_width;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The file name of a schema in a records directory.
pub const SCHEMA_FILE: &str = "schema.ron";

/// `schema.ron` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Schema {
    #[serde(default)]
    files: BTreeMap<String, RawFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sheet: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
}

/// The layout of one canonical file, validated.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileLayout {
    /// Sheet name in a workbook.
    pub sheet: Option<String>,
    /// CSV file name.
    pub file: Option<String>,
    /// Canonical column → header as the school writes it.
    pub columns: Vec<(&'static str, String)>,
    /// Canonical column → (word as written → canonical word).
    pub values: BTreeMap<&'static str, BTreeMap<String, String>>,
    /// Columns that must exist, besides the canonical required ones.
    pub required: Vec<&'static str>,
    /// Headers read by nobody, without a warning.
    pub ignore: Vec<String>,
}

/// A header or word compared as a school may write it: trimmed, full-width forms folded,
/// ASCII letters in lowercase.
pub(crate) fn comparable(s: &str) -> String {
    fold_width(s.trim()).to_ascii_lowercase()
}

impl FileLayout {
    /// The canonical column a header names: by the schema's mapping, else by canonical name.
    pub fn resolve(&self, spec: &FileSpec, header: &str) -> Option<&'static str> {
        let h = comparable(header);
        if h.is_empty() {
            return None;
        }
        if let Some((c, _)) = self.columns.iter().find(|(_, w)| comparable(w) == h) {
            return Some(c);
        }
        spec.required
            .iter()
            .chain(spec.optional)
            .find(|c| c.eq_ignore_ascii_case(&h))
            .copied()
    }

    /// Whether a header is one the schema says to ignore.
    pub fn ignores(&self, header: &str) -> bool {
        let h = comparable(header);
        self.ignore.iter().any(|i| comparable(i) == h)
    }

    /// How the school writes a canonical column's header (the canonical name without a schema).
    pub fn header_of(&self, column: &'static str) -> &str {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(column, |(_, h)| h.as_str())
    }

    /// A cell's canonical word, when the column has a vocabulary that knows it.
    pub fn word<'a>(&'a self, column: &str, value: &str) -> Option<&'a str> {
        let words = self.values.get(column)?;
        let v = comparable(value);
        words
            .iter()
            .find(|(w, _)| comparable(w) == v)
            .map(|(_, c)| c.as_str())
    }
}

/// The layouts of the canonical files, by canonical file name (`students.csv`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Layouts {
    files: BTreeMap<&'static str, FileLayout>,
}

impl Layouts {
    /// The layout of a canonical file (the default one when the schema does not name it).
    pub fn of(&self, spec: &FileSpec) -> &FileLayout {
        static DEFAULT: std::sync::OnceLock<FileLayout> = std::sync::OnceLock::new();
        self.files
            .get(spec.name)
            .unwrap_or_else(|| DEFAULT.get_or_init(FileLayout::default))
    }
}

/// The 1-based line of the first occurrence of `"needle"` in `text`, for messages.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let quoted = format!("\"{needle}\"");
    text.find(&quoted)
        .map(|at| text[..at].bytes().filter(|b| *b == b'\n').count() + 1)
}

/// Parses and validates `schema.ron`: every problem, not only the first.
pub(crate) fn parse(text: &str) -> Result<Layouts, Vec<Finding>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let raw: Schema = ron::from_str(text).map_err(|e| {
        let line = Some(e.span.start.line);
        let col = e.span.start.col.to_string();
        vec![Finding::error(
            SCHEMA_FILE,
            line,
            Some(&col),
            format!("cannot read the schema: {}", e.code),
        )]
    })?;
    let mut problems = Vec::new();
    let mut layouts = Layouts::default();
    let error =
        |needle: &str, msg: String| Finding::error(SCHEMA_FILE, line_of(text, needle), None, msg);
    for (name, raw_file) in raw.files {
        let stem = name.trim().trim_end_matches(".csv");
        let Some((spec, _)) = files::ALL
            .iter()
            .find(|(s, _)| s.name == format!("{stem}.csv"))
        else {
            let hint = closest(stem, files::ALL.iter().map(|(s, _)| s.stem()))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            problems.push(error(&name, format!("`{name}` is not a record file{hint}")));
            continue;
        };
        let known: Vec<&'static str> = spec.required.iter().chain(spec.optional).copied().collect();
        let column = |c: &str, problems: &mut Vec<Finding>| -> Option<&'static str> {
            let found = known.iter().find(|k| **k == c).copied();
            if found.is_none() {
                let hint = closest(c, known.iter().copied())
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                problems.push(error(
                    c,
                    format!("`{c}` is not a column of {}{hint}", spec.name),
                ));
            }
            found
        };
        let mut layout = FileLayout {
            sheet: Some(raw_file.sheet.trim().to_owned()).filter(|s| !s.is_empty()),
            file: Some(raw_file.file.trim().to_owned()).filter(|s| !s.is_empty()),
            ignore: raw_file.ignore,
            ..FileLayout::default()
        };
        for (c, header) in raw_file.columns {
            if let Some(c) = column(&c, &mut problems) {
                if let Some((other, _)) = layout
                    .columns
                    .iter()
                    .find(|(_, h)| comparable(h) == comparable(&header))
                {
                    problems.push(error(
                        &header,
                        format!("header `{header}` is given for both `{other}` and `{c}`"),
                    ));
                }
                layout.columns.push((c, header));
            }
        }
        for (c, words) in raw_file.values {
            if let Some(c) = column(&c, &mut problems) {
                layout.values.insert(c, words);
            }
        }
        for c in raw_file.required {
            if let Some(c) = column(&c, &mut problems) {
                layout.required.push(c);
            }
        }
        layouts.files.insert(spec.name, layout);
    }
    if problems.is_empty() {
        Ok(layouts)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = r#"Schema(
        files: {
            "students": (
                sheet: "学生",
                columns: {"student_id": "学号", "name": "姓名", "class": "班级"},
                values: {"gender": {"男": "M", "女": "F"}},
                required: ["id_number"],
                ignore: ["序号"],
            ),
            "contacts.csv": (
                file: "联系记录.csv",
                values: {"kind": {"谈心": "talk", "家访": "home_visit"}},
            ),
        },
    )"#;

    #[test]
    fn a_schema_maps_headers_and_words() {
        let layouts = parse(SCHEMA).expect("schema parses");
        let students = layouts.of(&files::STUDENTS);
        assert_eq!(students.sheet.as_deref(), Some("学生"));
        assert_eq!(
            students.resolve(&files::STUDENTS, " 学号 "),
            Some("student_id")
        );
        assert_eq!(
            students.resolve(&files::STUDENTS, "Student_ID"),
            Some("student_id")
        );
        assert_eq!(students.resolve(&files::STUDENTS, "性别"), None);
        assert_eq!(students.header_of("name"), "姓名");
        assert_eq!(students.header_of("gender"), "gender");
        assert_eq!(students.word("gender", "男"), Some("M"));
        assert_eq!(students.word("gender", "x"), None);
        assert_eq!(students.required, ["id_number"]);
        assert!(students.ignores("序号"));
        let contacts = layouts.of(&files::CONTACTS);
        assert_eq!(contacts.file.as_deref(), Some("联系记录.csv"));
        assert_eq!(contacts.word("kind", "家访"), Some("home_visit"));
        assert!(layouts.of(&files::STAFF).columns.is_empty());
    }

    #[test]
    fn every_schema_problem_is_listed() {
        let err = parse(
            r#"Schema(files: {
                "studens": (),
                "students": (columns: {"studnet_id": "学号", "name": "学号"}, required: ["zz"]),
            })"#,
        )
        .expect_err("bad schema");
        let got: Vec<(Option<usize>, &str)> =
            err.iter().map(|f| (f.line, f.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    Some(2),
                    "`studens` is not a record file; did you mean `students`?"
                ),
                (
                    Some(3),
                    "`studnet_id` is not a column of students.csv; did you mean `student_id`?"
                ),
                (Some(3), "`zz` is not a column of students.csv"),
            ]
        );
        let err = parse("Schema(files: {\"students\": (colums: {})})").expect_err("typo");
        assert_eq!(err[0].line, Some(1));
        assert!(err[0].message.contains("colums"), "{}", err[0].message);
    }
}
