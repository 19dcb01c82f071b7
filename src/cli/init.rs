//! `careplan init <DIR>`: blank record templates and a starter policy package, so a school
//! starts from files it can fill in.
//!
//! Writes `DIR/records-csv/` (a CSV file per record file, UTF-8 with BOM, Chinese headers, and
//! `schema.ron`), `DIR/records-xlsx/` (one workbook with a sheet per record file, and the same
//! `schema.ron`) and `DIR/policy/` (a copy of a shipped plan). A records directory holds CSV
//! files or one workbook, never both, so the two templates have a directory each.

use super::{Exit, print_err, print_out};
use careplan::records::{SCHEMA_FILE, templates};
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// The shipped plans a starter package can be copied from: files as (path, text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Plan {
    /// Plan 5: class hand-in-hand assessment and rewards.
    ClassHandInHand,
    /// Plan 1: weekly talks, monthly parent calls, quarterly home visits.
    SchoolWeeklyTalks,
}

impl Plan {
    fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Plan::ClassHandInHand => &[
                (
                    "plan.ron",
                    include_str!("../../policies/class-hand-in-hand/plan.ron"),
                ),
                (
                    "README.md",
                    include_str!("../../policies/class-hand-in-hand/README.md"),
                ),
            ],
            Plan::SchoolWeeklyTalks => &[
                (
                    "plan.ron",
                    include_str!("../../policies/school-weekly-talks/plan.ron"),
                ),
                (
                    "README.md",
                    include_str!("../../policies/school-weekly-talks/README.md"),
                ),
            ],
        }
    }
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A new (or empty) directory to write into.
    dir: PathBuf,
    /// The shipped plan the starter policy package is copied from.
    #[arg(long, value_enum, default_value_t = Plan::ClassHandInHand)]
    plan: Plan,
}

/// The workbook's file name.
const WORKBOOK: &str = "留守儿童关爱记录.xlsx";

/// Every file `init` writes, relative to its directory: (path, bytes).
fn files(plan: Plan) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let schema = templates::schema_ron().into_bytes();
    let mut out = Vec::new();
    let csv = Path::new("records-csv");
    for (name, bytes) in templates::csv_templates() {
        out.push((csv.join(name), bytes));
    }
    out.push((csv.join(SCHEMA_FILE), schema.clone()));
    let xlsx = Path::new("records-xlsx");
    out.push((xlsx.join(WORKBOOK), templates::workbook_template()?));
    out.push((xlsx.join(SCHEMA_FILE), schema));
    for (name, text) in plan.files() {
        out.push((Path::new("policy").join(name), text.as_bytes().to_vec()));
    }
    Ok(out)
}

pub(crate) fn run(args: &Args) -> Exit {
    let dir = &args.dir;
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        print_err(&format!(
            "error: `{}` is not empty; init writes into a new or empty directory\n",
            careplan::paths::shown(dir)
        ));
        return Exit::Failed;
    }
    let files = match files(args.plan) {
        Ok(f) => f,
        Err(e) => {
            print_err(&format!("error: cannot build the templates: {e}\n"));
            return Exit::Failed;
        }
    };
    for (path, bytes) in &files {
        let path = dir.join(path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            print_err(&format!(
                "error: cannot write `{}`: {e}\n",
                careplan::paths::shown(&path)
            ));
            return Exit::Failed;
        }
    }
    let d = careplan::paths::shown(dir);
    print_out(
        &careplan::privacy::Masker::numbers_only(),
        &format!(
            "wrote {n} files into {d}:\n\
         \x20 records-csv/   a CSV file per record (UTF-8 with BOM, Chinese headers) and schema.ron\n\
         \x20 records-xlsx/  {WORKBOOK}: a sheet per record, and schema.ron\n\
         \x20 policy/        plan.ron copied from a shipped plan, with its README\n\
         Fill in one of the record directories (schema.ron maps its headers and words onto\n\
         careplan's), then:\n\
         \x20 careplan check {d}/policy {d}/records-xlsx\n\
         \x20 careplan evaluate {d}/policy {d}/records-xlsx --format xlsx -o report.xlsx\n",
            n = files.len()
        ),
    );
    Exit::Ok
}
