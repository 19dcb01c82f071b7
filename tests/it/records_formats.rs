//! Records as schools keep them (issue 8): the Chinese-headed fixture `fixtures/chinese/` saved
//! as UTF-8, UTF-8 with BOM, GBK and XLSX; messy cells; ID card numbers; the data-quality
//! report; masking of personal data in every output; Excel-ready output; `careplan init`.
//!
//! `fixtures/chinese/utf8/` is the source; the other variants are generated from it by
//! `cargo test regenerate_chinese_variants -- --ignored` and committed.

use crate::support::{date, policy_dir, root, tmp_dir};
use careplan::eval::{Decision, EvalOptions, evaluate};
use careplan::records::{Finding, Records, Severity, load_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

const VARIANTS: [&str; 4] = ["utf8", "utf8-bom", "gbk", "xlsx"];
const WORKBOOK: &str = "留守儿童关爱记录.xlsx";
const AS_OF: &str = "2026-07-31";

fn chinese(variant: &str) -> PathBuf {
    root().join("fixtures").join("chinese").join(variant)
}

fn load(variant: &str) -> Records {
    load_dir(&chinese(variant)).unwrap_or_else(|e| panic!("{variant} loads: {e}"))
}

fn decide(policy: &str, records: &Records) -> Decision {
    let policy = careplan::policy::load_dir(&policy_dir(policy)).expect("shipped policy");
    let opts = EvalOptions {
        as_of: date(AS_OF),
        year: None,
    };
    evaluate(&policy, records, &opts).expect("evaluation runs")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn careplan(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .env("LC_ALL", "C")
        .output()
        .expect("the careplan binary runs");
    Run {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

// ---- the fixture's variants -----------------------------------------------------------------

/// The UTF-8 source files: (name, text), schema.ron included.
fn sources() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(chinese("utf8"))
        .expect("fixtures/chinese/utf8")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).expect("name");
            let text = std::fs::read_to_string(&path).expect("UTF-8 source");
            (name.to_owned(), text)
        })
        .collect();
    out.sort();
    out
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "the fixture is GBK-encodable");
    bytes.into_owned()
}

fn with_bom(text: &str) -> Vec<u8> {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice(text.as_bytes());
    b
}

/// Full-width ASCII forms folded, as the loader does.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A date cell of the CSV source as the loader reads it (four-digit years only).
fn date_of(s: &str) -> Option<chrono::NaiveDate> {
    let s = fold(s);
    if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: u64 = s.parse().ok()?;
        return chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
            .checked_add_days(chrono::Days::new(n));
    }
    let parts: Vec<&str> = s
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => {
            chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

/// Rows of a CSV text with their physical lines (blank lines skipped, as the loader does).
fn csv_lines(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.expect("CSV record");
        let mut at = usize::try_from(record.position().expect("position").byte()).expect("usize");
        while text.as_bytes().get(at) == Some(&b'\n') {
            at += 1;
        }
        let line = text[..at].matches('\n').count() + 1;
        out.push((line, record.iter().map(str::to_owned).collect()));
    }
    out
}

/// The workbook of the CSV sources: a sheet per file at the same rows, dates as date cells,
/// numbers as numbers (ids of `学生`, phones, exam totals but the first, which stays text as
/// a number stored as text), everything else as text.
fn workbook(sources: &[(String, String)]) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 9, 1).expect("date");
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let day = Format::new().set_num_format("yyyy/m/d");
    for (name, text) in sources {
        let Some(stem) = name.strip_suffix(".csv") else {
            continue;
        };
        let sheet = book.add_worksheet();
        sheet.set_name(stem).expect("sheet name");
        let lines = csv_lines(text);
        let header = lines
            .iter()
            .find(|(_, cells)| cells.len() > 1)
            .map(|(line, cells)| (*line, cells.clone()))
            .expect("a header");
        let mut first_total = true;
        for (line, cells) in &lines {
            let row = u32::try_from(line - 1).expect("row");
            for (c, cell) in cells.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let col = u16::try_from(c).expect("col");
                let head = if *line > header.0 {
                    header.1.get(c).map_or("", String::as_str)
                } else {
                    ""
                };
                let digits = cell.bytes().all(|b| b.is_ascii_digit());
                let date_column = head.contains("日期");
                if let (true, Some(d)) = (date_column, date_of(cell)) {
                    let d = ExcelDateTime::from_ymd(
                        u16::try_from(chrono::Datelike::year(&d)).expect("year"),
                        u8::try_from(chrono::Datelike::month(&d)).expect("month"),
                        u8::try_from(chrono::Datelike::day(&d)).expect("day"),
                    )
                    .expect("date");
                    sheet
                        .write_date_with_format(row, col, &d, &day)
                        .expect("date");
                } else if head == "总分" && cell.parse::<f64>().is_ok() && !first_total {
                    sheet
                        .write_number(row, col, cell.parse::<f64>().expect("number"))
                        .expect("n");
                } else if digits && (head.ends_with("电话") || (stem == "学生" && head == "学号"))
                {
                    let n: f64 = cell.parse().expect("number");
                    sheet.write_number(row, col, n).expect("number");
                } else {
                    if head == "总分" {
                        first_total = false;
                    }
                    sheet.write_string(row, col, cell).expect("text");
                }
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

/// Every generated file: (variant, name, bytes).
fn generated() -> Vec<(&'static str, String, Vec<u8>)> {
    let sources = sources();
    let mut out = Vec::new();
    for (name, text) in &sources {
        if name == "schema.ron" {
            for v in ["utf8-bom", "gbk", "xlsx"] {
                out.push((v, name.clone(), text.as_bytes().to_vec()));
            }
        } else {
            out.push(("utf8-bom", name.clone(), with_bom(text)));
            out.push(("gbk", name.clone(), gbk(text)));
        }
    }
    out.push(("xlsx", WORKBOOK.to_owned(), workbook(&sources)));
    // The lock file Excel leaves beside an open workbook: skipped by the loader.
    out.push((
        "xlsx",
        format!("~${WORKBOOK}"),
        b"\x06teacher\x00\x00not a workbook".to_vec(),
    ));
    out
}

/// Writes the generated variants of `fixtures/chinese/utf8`.
#[test]
#[ignore = "regenerates committed fixture files"]
fn regenerate_chinese_variants() {
    for (variant, name, bytes) in generated() {
        let dir = chinese(variant);
        std::fs::create_dir_all(&dir).expect("variant dir");
        std::fs::write(dir.join(name), bytes).expect("write");
    }
}

#[test]
fn committed_variants_are_generated_from_the_utf8_source() {
    for (variant, name, bytes) in generated() {
        if name.ends_with(".xlsx") {
            // The workbook's bytes depend on the writer's version: the decision test below
            // shows it holds the same records.
            assert!(chinese(variant).join(&name).is_file(), "{variant}/{name}");
            continue;
        }
        let committed = std::fs::read(chinese(variant).join(&name))
            .unwrap_or_else(|e| panic!("{variant}/{name}: {e}"));
        assert!(
            committed == bytes,
            "{variant}/{name} differs from its source; regenerate"
        );
    }
}

/// A decision with the findings' file and sheet names removed, findings sorted.
fn without_places(mut d: Decision) -> Decision {
    for f in &mut d.findings {
        f.file.clear();
        f.sheet = None;
    }
    d.findings.sort();
    d
}

#[test]
fn the_same_roster_in_every_encoding_and_a_workbook_gives_the_same_decision() {
    for policy in ["class-hand-in-hand", "school-weekly-talks"] {
        let base = without_places(decide(policy, &load("utf8")));
        assert!(!base.students.is_empty() && !base.findings.is_empty());
        for variant in VARIANTS {
            let d = without_places(decide(policy, &load(variant)));
            assert_eq!(d, base, "{policy} on {variant}");
        }
    }
    // The places themselves: a file per CSV, the workbook and a sheet per record file.
    let csv = load("gbk");
    let xlsx = load("xlsx");
    let f = |r: &Records, line: usize| -> Finding {
        r.findings
            .iter()
            .find(|f| f.line == Some(line) && f.message.contains("duplicate student_id"))
            .cloned()
            .expect("the duplicate id finding")
    };
    let (a, b) = (f(&csv, 11), f(&xlsx, 11));
    assert_eq!((a.file.as_str(), a.sheet.as_deref()), ("学生.csv", None));
    assert_eq!(
        (b.file.as_str(), b.sheet.as_deref()),
        (WORKBOOK, Some("学生"))
    );
    assert_eq!(a.column.as_deref(), Some("学号"));
    assert_eq!(
        b.to_string(),
        "error: 留守儿童关爱记录.xlsx[学生]:11 [学号]: duplicate student_id `25070101`, first on \
         line 4; row left out"
    );
}

// ---- messy cells ----------------------------------------------------------------------------

fn student<'a>(r: &'a Records, id: &str) -> &'a careplan::records::Student {
    r.students
        .iter()
        .find(|s| s.student_id == id)
        .unwrap_or_else(|| panic!("student {id}"))
}

fn findings_at(r: &Records, file: &str, line: usize) -> Vec<(Severity, Option<String>, String)> {
    r.findings
        .iter()
        .filter(|f| f.file == file && f.line == Some(line))
        .map(|f| (f.severity, f.column.clone(), f.message.clone()))
        .collect()
}

#[test]
fn messy_cells_read_as_the_exact_values() {
    for variant in VARIANTS {
        let r = load(variant);
        // The title row and the blank row above the header are skipped: data starts on line 4.
        assert_eq!(student(&r, "25070101").line, 4, "{variant}");
        // Dates in every form: 2013/5/6, 2013年8月27日, 2013.2.19, 2012-9-1, full-width
        // ２０１３－０３－１６, an Excel serial 45901, 2025年9月1日, 2025.9.1.
        let birth = |id: &str| student(&r, id).birth_date;
        assert_eq!(birth("25070101"), Some(date("2013-05-06")), "{variant}");
        assert_eq!(birth("25070102"), Some(date("2013-08-27")), "{variant}");
        assert_eq!(birth("25070103"), Some(date("2013-02-19")), "{variant}");
        assert_eq!(birth("25070104"), Some(date("2012-09-01")), "{variant}");
        assert_eq!(birth("25070201"), Some(date("2013-03-16")), "{variant}");
        // A two-digit year is refused, not guessed.
        assert_eq!(birth("25070203"), None, "{variant}");
        assert_eq!(student(&r, "25070102").enrolled_on, date("2025-09-01"));
        assert_eq!(student(&r, "25070201").enrolled_on, date("2025-09-01"));
        let wu = student(&r, "25070204");
        assert_eq!(wu.enrolled_on, date("2025-09-01"));
        assert_eq!(wu.left_on, Some(date("2026-01-10")));
        assert_eq!(
            wu.left_reason,
            Some(careplan::records::LeftReason::Transfer)
        );
        // Full-width parentheses fold: 七（1）班 is 七(1)班.
        assert_eq!(student(&r, "25070101").class.class, "七(1)班");
        assert_eq!(
            &student(&r, "25070101").file["gender"],
            "M",
            "男 by the schema"
        );
        assert!(student(&r, "25070101").left_behind, "是");
        // Exam totals: `85.5` as text, `９２` in full-width digits.
        let total = |id: &str, term: &str| {
            r.exams
                .iter()
                .find(|e| e.student_id == id && e.term == term)
                .map(|e| e.total)
        };
        assert_eq!(total("25070101", "2025-2026-1"), Some(85.5), "{variant}");
        assert_eq!(total("25070102", "2025-2026-1"), Some(92.0), "{variant}");
        assert_eq!(total("25070103", "2025-2026-2"), Some(95.0), "{variant}");
        // Words by the schema: 谈话 talk, 电话 parent_call, 家访 home_visit; roles split on
        // `;` and `、`; 严重 serious; 手拉手 hand_in_hand; 学期/假期/调休上班.
        let kinds: Vec<&str> = r.contacts.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            ["talk", "parent_call", "home_visit", "talk", "parent_call"],
            "{variant}"
        );
        assert_eq!(r.staff[0].roles, ["head_teacher", "teacher"]);
        assert_eq!(r.staff[1].roles, ["head_teacher", "teacher"]);
        assert_eq!(
            r.staff[1].class.as_ref().map(|c| c.class.as_str()),
            Some("七(2)班")
        );
        assert_eq!(
            r.conduct[0].severity,
            careplan::records::ConductSeverity::Serious
        );
        assert_eq!(r.pairings[0].scheme, "hand_in_hand");
        assert_eq!(r.calendar.terms.len(), 2);
        assert_eq!(r.calendar.holiday_on(date("2025-10-03")), Some("国庆节"));
        assert!(r.calendar.is_school_day(date("2025-09-28")), "调休上班");
        // A note over two lines (one cell of the workbook): its line break is read as `⏎`,
        // so that every report shows the cell on one line.
        let last = r.contacts.last().expect("contacts");
        assert_eq!(last.note, Some("第一行⏎第二行"), "{variant}");
    }
    let r = load("utf8");
    assert_eq!(
        findings_at(&r, "学生.csv", 10),
        [(
            Severity::Error,
            Some("出生日期".to_owned()),
            "`13/4/5` is not a date, a two-digit year is not guessed; write the year in full: \
             expected YYYY-MM-DD (also 2026/9/1, 2026-9-1, 2026.9.1, 2026年9月1日, an Excel date \
             number); value ignored"
                .to_owned()
        )]
    );
}

/// A records directory in a temp dir with the given files.
fn records_dir(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = tmp_dir(name);
    for (f, bytes) in files {
        std::fs::write(dir.join(f), bytes).expect("write");
    }
    dir
}

const CALENDAR: &[u8] = b"kind,start,end,label\nterm,2025-09-01,2026-01-16,2025-2026-1\n";

const STUDENT_HEADER: &str = "student_id,name,gender,birth_date,grade,class,left_behind,\
    single_parent,potential_student,guardian_name,guardian_relation,guardian_phone,father_name,\
    father_phone,father_workplace,mother_name,mother_phone,mother_workplace,home_address,health,\
    enrolled_on,left_on,id_number";

fn student_row(id: &str, name: &str, id_number: &str) -> String {
    format!(
        "{id},{name},F,2013-01-01,7,7-1,yes,no,no,g,grandmother,13912345678,f,,,m,,,addr,good,\
         2025-09-01,,{id_number}"
    )
}

#[test]
fn title_rows_blank_rows_and_the_header_found_by_its_columns() {
    let students = format!(
        "学生名册,,,\n,,,\n\n{STUDENT_HEADER}\n{}\n",
        student_row("S1", "甲", "")
    );
    let dir = records_dir(
        "title_rows",
        &[
            ("calendar.csv", CALENDAR),
            ("students.csv", students.as_bytes()),
        ],
    );
    let r = load_dir(&dir).expect("loads");
    assert_eq!(r.students[0].line, 5);
    assert_eq!(r.findings, []);
    // A row above the header that looks like data is named, not read.
    let students = format!(
        "{},,\n{STUDENT_HEADER}\n{}\n",
        student_row("S0", "乙", ""),
        student_row("S1", "甲", "")
    );
    let dir = records_dir(
        "title_rows_data",
        &[
            ("calendar.csv", CALENDAR),
            ("students.csv", students.as_bytes()),
        ],
    );
    let r = load_dir(&dir).expect("loads");
    assert_eq!(r.students.len(), 1);
    assert_eq!(
        findings_at(&r, "students.csv", 1),
        [(
            Severity::Warning,
            None,
            "line 1 is above the header row (line 2) and is not read as data".to_owned()
        )]
    );
}

// ---- ID card numbers ------------------------------------------------------------------------

#[test]
fn id_numbers_are_checked_and_never_fixed() {
    let r = load("utf8");
    let id = |s: &str| student(&r, s).file.get("id_number").map(str::to_owned);
    // 18 characters with a final X and a right check digit: kept.
    assert_eq!(id("25070101"), Some("11010520130506005X".to_owned()));
    // 15 digits: the old format, kept with a warning.
    assert_eq!(id("25070102"), Some("110105130827002".to_owned()));
    // Excel's corruptions and a wrong check digit: flagged, read as absent.
    assert_eq!(id("25070103"), None);
    assert_eq!(id("25070104"), None);
    assert_eq!(id("25070201"), None);
    let msgs: Vec<(usize, Severity, String)> = r
        .findings
        .iter()
        .filter(|f| f.column.as_deref() == Some("身份证号"))
        .map(|f| (f.line.unwrap_or(0), f.severity, f.message.clone()))
        .collect();
    assert_eq!(
        msgs,
        [
            (
                5,
                Severity::Warning,
                "`110105*******02` is a 15-digit ID number (the format before 1999); kept, but \
                 it has no check digit to verify"
                    .to_owned()
            ),
            (
                6,
                Severity::Error,
                "`1.1010***17`: Excel turned the ID number into a number in scientific notation \
                 and its last digits are lost; type it again as text; value ignored"
                    .to_owned()
            ),
            (
                7,
                Severity::Error,
                "`110105**********00`: the ID number ends in `000`: Excel kept only 15 digits of \
                 it and its last digits are lost; type it again as text; value ignored"
                    .to_owned()
            ),
            (
                8,
                Severity::Error,
                "`110105**********48`: the ID number's last character is not its check digit: a \
                 digit is mistyped; value ignored"
                    .to_owned()
            ),
        ]
    );
    // A student_id that is an ID number (a national student number G + ID): a warning, masked.
    assert_eq!(
        findings_at(&r, "学生.csv", 9),
        [(
            Severity::Warning,
            Some("学号".to_owned()),
            "student_id `G110105**********1X` holds an ID card number: such ids are masked in \
             reports like ID numbers (--reveal shows them)"
                .to_owned()
        )]
    );
    // Children of the same name in one class: a warning.
    assert_eq!(
        findings_at(&r, "学生.csv", 7)
            .into_iter()
            .filter(|f| f.2.contains("same name"))
            .collect::<Vec<_>>(),
        [(
            Severity::Warning,
            Some("姓名".to_owned()),
            "`25070104` has the same name as the student on line 6 of class `七(1)班`: tell them \
             apart by student_id"
                .to_owned()
        )]
    );
}

#[test]
fn id_number_edge_cases() {
    let rows = [
        student_row("S1", "甲", "11010520130506005x"),
        student_row("S2", "乙", "11010520130506"),
        student_row("S3", "丙", "110105201313010035"),
        student_row("S4", "丁", "１１０１０５２０１３０５０６００５Ｘ"),
    ];
    let students = format!("{STUDENT_HEADER}\n{}\n", rows.join("\n"));
    let dir = records_dir(
        "id_edges",
        &[
            ("calendar.csv", CALENDAR),
            ("students.csv", students.as_bytes()),
        ],
    );
    let r = load_dir(&dir).expect("loads");
    let id = |s: &str| student(&r, s).file.get("id_number").map(str::to_owned);
    assert_eq!(
        id("S1"),
        Some("11010520130506005X".to_owned()),
        "x written X"
    );
    assert_eq!(
        id("S4"),
        Some("11010520130506005X".to_owned()),
        "full-width folded"
    );
    assert_eq!((id("S2"), id("S3")), (None, None));
    let msgs: Vec<String> = r.findings.iter().map(|f| f.message.clone()).collect();
    assert_eq!(
        msgs,
        [
            "`110105******06` is not an ID number: 18 characters (17 digits and a digit or X), \
             or 15 digits; value ignored",
            "`110105**********35`: the ID number's birth date (characters 7 to 14) is no date; \
             value ignored",
        ]
    );
}

// ---- workbooks ------------------------------------------------------------------------------

#[test]
fn workbook_cells_dates_numbers_as_text_text_as_numbers_and_excel_rows() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let calendar = book.add_worksheet();
    calendar.set_name("calendar").expect("name");
    for (c, h) in ["kind", "start", "end", "label"].iter().enumerate() {
        calendar
            .write_string(0, u16::try_from(c).expect("c"), *h)
            .expect("h");
    }
    calendar.write_string(1, 0, "term").expect("w");
    let d = |y, m, dd| ExcelDateTime::from_ymd(y, m, dd).expect("date");
    calendar
        .write_date_with_format(1, 1, d(2025, 9, 1), &day)
        .expect("w");
    // A date stored as a plain number (its format lost): an Excel serial.
    calendar.write_number(1, 2, 46038.0).expect("w");
    calendar.write_string(1, 3, "2025-2026-1").expect("w");
    let students = book.add_worksheet();
    students.set_name("Students").expect("name");
    students
        .write_string(0, 0, "roster of class 7-1")
        .expect("title");
    for (c, h) in STUDENT_HEADER.split(',').enumerate() {
        students
            .write_string(2, u16::try_from(c).expect("c"), h)
            .expect("h");
    }
    let row = student_row("101", "甲", "");
    for (c, v) in row.split(',').enumerate() {
        let c = u16::try_from(c).expect("c");
        match c {
            // The id as a number, the phone as a number, an ID number typed as a number.
            0 => students.write_number(3, c, 101.0).map(|_| ()),
            11 => students.write_number(3, c, 13912345678.0).map(|_| ()),
            22 => students
                .write_number(3, c, 110105201303160049.0)
                .map(|_| ()),
            20 => students
                .write_date_with_format(3, c, d(2025, 9, 1), &day)
                .map(|_| ()),
            _ if v.is_empty() => Ok(()),
            _ => students.write_string(3, c, v).map(|_| ()),
        }
        .expect("cell");
    }
    let exams = book.add_worksheet();
    exams.set_name("exams").expect("name");
    for (c, h) in ["student_id", "term", "total"].iter().enumerate() {
        exams
            .write_string(0, u16::try_from(c).expect("c"), *h)
            .expect("h");
    }
    // The id as text, the total as text: both read as written.
    exams.write_string(1, 0, "101").expect("w");
    exams.write_string(1, 1, "2025-2026-1").expect("w");
    exams.write_string(1, 2, "88.5").expect("w");
    exams.write_string(2, 0, "102").expect("w");
    exams.write_string(2, 1, "2025-2026-1").expect("w");
    exams.write_number(2, 2, 70.0).expect("w");
    let other = book.add_worksheet();
    other.set_name("Sheet1").expect("name");
    other.write_string(0, 0, "notes").expect("w");
    let bytes = book.save_to_buffer().expect("workbook");
    let dir = records_dir(
        "workbook_cells",
        &[("school.xlsx", &bytes), ("~$school.xlsx", b"lock")],
    );
    let r = load_dir(&dir).expect("the workbook loads, the lock file skipped");
    assert_eq!(
        r.calendar.terms[0].span.end,
        date("2026-01-16"),
        "serial 46038"
    );
    let s = &r.students[0];
    assert_eq!((s.student_id.as_str(), s.line), ("101", 4));
    assert_eq!(&s.file["guardian_phone"], "13912345678");
    assert_eq!(s.enrolled_on, date("2025-09-01"));
    assert_eq!(r.exams[0].total, 88.5);
    let got: Vec<String> = r.findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "warning: school.xlsx[Sheet1]: not a careplan record sheet, ignored",
            "error: school.xlsx[Students]:4 [id_number]: `110105**********00`: the ID number ends \
             in `000`: Excel kept only 15 digits of it and its last digits are lost; type it \
             again as text; value ignored",
            "error: school.xlsx[exams]:3 [student_id]: unknown student `102`; row left out",
        ]
    );
}

#[test]
fn a_directory_holds_csv_files_or_one_workbook() {
    let book = std::fs::read(chinese("xlsx").join(WORKBOOK)).expect("workbook");
    let dir = records_dir(
        "mixed",
        &[
            ("a.xlsx", &book),
            ("b.xlsx", &book),
            ("calendar.csv", CALENDAR),
        ],
    );
    let err = load_dir(&dir).expect_err("two workbooks");
    assert!(
        err.to_string()
            .contains("holds 2 workbooks (a.xlsx, b.xlsx)"),
        "{err}"
    );
    std::fs::remove_file(dir.join("b.xlsx")).expect("rm");
    let err = load_dir(&dir).expect_err("a workbook and CSV files");
    assert!(
        err.to_string()
            .contains("both a workbook and CSV record files"),
        "{err}"
    );
}

// ---- encodings ------------------------------------------------------------------------------

#[test]
fn encoding_override() {
    let gbk = chinese("gbk");
    let gbk = path_str(&gbk);
    let policy = policy_dir("class-hand-in-hand");
    let policy = path_str(&policy);
    let run = careplan(&["check", policy, gbk, "--encoding", "utf-8", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("file is not UTF-8"), "{}", run.stderr);
    let auto = careplan(&["check", policy, gbk, "--lang", "en"]);
    let forced = careplan(&["check", policy, gbk, "--encoding", "gbk", "--lang", "en"]);
    assert_eq!((auto.code, forced.code), (1, 1));
    assert_eq!(auto.stdout, forced.stdout);
    // Valid UTF-8 read as GBK is mojibake: the headers are then unknown.
    let utf8 = chinese("utf8");
    let run = careplan(&["check", policy, path_str(&utf8), "--encoding", "gbk"]);
    assert_eq!(run.code, 2);
}

// ---- the data-quality report ----------------------------------------------------------------

#[test]
fn check_groups_the_findings_by_kind_with_counts() {
    let dir = chinese("xlsx");
    let policy = policy_dir("class-hand-in-hand");
    let run = careplan(&["check", path_str(&policy), path_str(&dir), "--lang", "en"]);
    assert_eq!(run.code, 1, "error findings: {}", run.stderr);
    let headings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| {
            !l.starts_with(' ')
                && l.rsplit_once(": ")
                    .is_some_and(|(_, n)| n.parse::<usize>().is_ok())
        })
        .collect();
    assert_eq!(
        headings,
        [
            "duplicate ids: 1",
            "unknown ids in logs: 1",
            "bad dates: 1",
            "contacts on non-school days (allowed): 1",
            "ID card numbers: 5",
            "children of the same name in one class: 1",
            "other values: 1",
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "  note: 留守儿童关爱记录.xlsx[联系记录]:4 [日期]: home_visit of `25070101` on 2025-09-13 \
         (Saturday): not a school day; counted as recorded"
    ));
    assert!(
        // 5 warnings of the records and the plan, and 2 of kinds of Plan 5's seed measures the
        // records never hold (`guardian_visit`, `social_practice`).
        run.stdout.ends_with("6 errors, 7 warnings, 1 note\n"),
        "{}",
        run.stdout
    );
    let run = careplan(&[
        "check",
        path_str(&policy),
        path_str(&dir),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["notes"], 1);
    assert_eq!(v["groups"][0]["kind"], "duplicate_ids");
    assert_eq!(v["groups"][0]["count"], 1);
    assert_eq!(v["findings"][0]["sheet"], "学生");
}

// ---- capital numerals -----------------------------------------------------------------------

#[test]
fn capital_numerals_worked_by_hand() {
    use careplan::report::capital::capital;
    // 0.01: one fen, nothing before it.
    assert_eq!(capital(1), "壹分");
    // 10.00: one ten, the ten always written with its 壹, 整 after a whole yuan.
    assert_eq!(capital(1_000), "壹拾元整");
    // 10.50: 伍角 ends the amount, no 整 after a jiao.
    assert_eq!(capital(1_050), "壹拾元伍角");
    assert_eq!(capital(10_000), "壹佰元整");
    // 1,001.00: the two zeros inside are one 零.
    assert_eq!(capital(100_100), "壹仟零壹元整");
    assert_eq!(capital(1_334), "壹拾叁元叁角肆分");
}

// ---- Excel-ready output ---------------------------------------------------------------------

/// Every cell of every sheet of a workbook, as text.
fn workbook_cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(path).expect("a workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Float(f) => f.to_string(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn evaluate_writes_a_workbook_and_csv_files_with_payout_sheets() {
    let out = tmp_dir("excel_out");
    let xlsx = out.join("report.xlsx");
    let policy = policy_dir("class-hand-in-hand");
    let records = chinese("gbk");
    let base = [
        "evaluate",
        path_str(&policy),
        path_str(&records),
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
    ];
    let mut args = base.to_vec();
    args.extend(["--format", "xlsx", "-o", path_str(&xlsx)]);
    let run = careplan(&args);
    assert_eq!(run.code, 1, "error findings: {}", run.stderr);
    let sheets = workbook_cells(&xlsx);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "概要",
            "规则汇总",
            "联系义务",
            "学生",
            "帮扶人",
            "班级",
            "数据问题",
            "发放表 七(1)班",
            "发放表 七(2)班"
        ]
    );
    let (_, payout) = &sheets[7];
    assert_eq!(
        payout[0][0],
        "七(1)班 班奖励发放表（2025-2026 学年，截至 2026-07-31）"
    );
    assert_eq!(
        payout[1],
        [
            "序号",
            "类别",
            "编号",
            "姓名",
            "事由",
            "金额（元）",
            "大写金额",
            "签名"
        ]
    );
    let last = payout.last().expect("total row");
    assert_eq!(last[0], "合计");
    for row in &payout[2..] {
        assert_eq!(row[7], "", "the signature column is empty");
        let fen = (row[5].parse::<f64>().expect("yuan") * 100.0).round() as i64;
        assert_eq!(row[6], careplan::report::capital::capital(fen));
    }
    // The student id that is an ID number is masked in the workbook too.
    let students = &sheets[3].1;
    assert!(students.iter().any(|r| r[0] == "G110105**********1X"));

    let csv_dir = out.join("csv");
    let mut args = base.to_vec();
    args.extend(["--format", "csv", "-o", path_str(&csv_dir)]);
    assert_eq!(careplan(&args).code, 1);
    let payout = std::fs::read(csv_dir.join("08-发放表 七(1)班.csv")).expect("payout csv");
    assert!(payout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(payout).expect("UTF-8");
    assert!(text.contains("\r\n序号,类别,编号,姓名,事由,金额（元）,大写金额,签名\r\n"));
    // Without -o: exit 2, nothing written.
    let mut args = base.to_vec();
    args.extend(["--format", "xlsx"]);
    let run = careplan(&args);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o FILE.xlsx"), "{}", run.stderr);
}

// ---- masking --------------------------------------------------------------------------------

#[test]
fn names_are_masked_on_request_and_everything_shown_on_request() {
    let policy = policy_dir("class-hand-in-hand");
    let records = chinese("utf8");
    let base = [
        "evaluate",
        path_str(&policy),
        path_str(&records),
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
        "--format",
        "json",
    ];
    let plain = careplan(&base).stdout;
    assert!(plain.contains("王小明") && plain.contains("G110105**********1X"));
    let mut args = base.to_vec();
    args.push("--mask-names");
    let masked = careplan(&args).stdout;
    assert!(
        !masked.contains("王小明") && masked.contains("\"王**\""),
        "{masked}"
    );
    assert!(!masked.contains("陈文辉") && masked.contains("\"陈**\""));
    let mut args = base.to_vec();
    args.push("--reveal");
    let revealed = careplan(&args).stdout;
    assert!(revealed.contains("G11010520130616001X"));
    // Commands that take a student id accept the full one.
    let run = careplan(&[
        "explain",
        path_str(&policy),
        path_str(&records),
        "--student",
        "G11010520130616001X",
        "--as-of",
        AS_OF,
        "--lang",
        "en",
    ]);
    assert_eq!(
        run.code, 1,
        "the records have error findings: {}",
        run.stderr
    );
    assert!(run.stdout.contains("G110105**********1X"), "{}", run.stdout);
    assert!(!run.stdout.contains("G11010520130616001X"));
}

/// Phone and ID numbers in a students file: the cells of phone and ID columns (canonical or
/// Chinese headers) and every cell that holds 15 or more digits.
fn secrets_of(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("UTF-8 students file");
    let mut out = Vec::new();
    let rows = csv_lines(&text);
    let Some(header) = rows
        .iter()
        .find(|(_, c)| c.len() > 1)
        .map(|(_, c)| c.clone())
    else {
        return out;
    };
    let private: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            h.ends_with("phone") || h.ends_with("电话") || *h == "id_number" || *h == "身份证号"
        })
        .map(|(i, _)| i)
        .collect();
    for (_, cells) in &rows {
        for (i, c) in cells.iter().enumerate() {
            let digits = c.chars().filter(char::is_ascii_digit).count();
            if (private.contains(&i) && digits >= 7) || digits >= 15 {
                out.push(c.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn no_phone_or_id_number_of_the_fixtures_in_any_snapshot_or_output() {
    let mut students = Vec::new();
    files_under(&root().join("fixtures"), &mut students);
    students.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        (name == "students.csv" || name == "学生.csv") && !p.starts_with(chinese("gbk"))
    });
    let mut secrets: Vec<String> = students.iter().flat_map(|p| secrets_of(p)).collect();
    secrets.sort();
    secrets.dedup();
    assert!(
        secrets.len() > 100,
        "the fixtures hold phone and ID numbers"
    );
    assert!(secrets.contains(&"11010520130506005X".to_owned()));
    assert!(secrets.contains(&"G11010520130616001X".to_owned()));

    // Every snapshot: the tests' and the packages' approved review snapshots.
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut snapshots = Vec::new();
    files_under(&root().join("tests/it/snapshots"), &mut snapshots);
    files_under(&root().join("policies"), &mut snapshots);
    for p in snapshots {
        let is_snap = p.extension().is_some_and(|e| e == "snap" || e == "new");
        if is_snap && let Ok(text) = std::fs::read_to_string(&p) {
            texts.push((p.display().to_string(), text));
        }
    }
    // The outputs of the commands on the fixtures.
    let out = tmp_dir("privacy_outputs");
    let policy = policy_dir("class-hand-in-hand");
    let weekly = policy_dir("school-weekly-talks");
    for records in [
        chinese("utf8"),
        chinese("xlsx"),
        root().join("fixtures/realistic"),
        root().join("fixtures/small/bad-rows"),
    ] {
        let r = path_str(&records);
        for p in [&policy, &weekly] {
            let p = path_str(p);
            let at = ["--as-of", AS_OF, "--lang", "zh"];
            for extra in [
                vec!["--format", "text", "--obligations", "all"],
                vec!["--format", "json"],
            ] {
                let mut args = vec!["evaluate", p, r];
                args.extend(at);
                args.extend(extra);
                let run = careplan(&args);
                texts.push((format!("{args:?}"), run.stdout + run.stderr.as_str()));
            }
            for args in [
                vec!["check", p, r],
                vec!["check", p, r, "--format", "json"],
                vec![
                    "explain",
                    p,
                    r,
                    "--student",
                    "G11010520130616001X",
                    "--as-of",
                    AS_OF,
                ],
            ] {
                let run = careplan(&args);
                texts.push((format!("{args:?}"), run.stdout + run.stderr.as_str()));
            }
        }
        let xlsx = out.join("report.xlsx");
        let csv_dir = out.join("csv");
        let _ = std::fs::remove_dir_all(&csv_dir);
        let p = path_str(&policy);
        careplan(&[
            "evaluate",
            p,
            r,
            "--as-of",
            AS_OF,
            "--format",
            "xlsx",
            "-o",
            path_str(&xlsx),
        ]);
        careplan(&[
            "evaluate",
            p,
            r,
            "--as-of",
            AS_OF,
            "--format",
            "csv",
            "-o",
            path_str(&csv_dir),
        ]);
        for (sheet, rows) in workbook_cells(&xlsx) {
            let cells: Vec<String> = rows.into_iter().flatten().collect();
            texts.push((format!("{r} xlsx {sheet}"), cells.join("\n")));
        }
        let mut csvs = Vec::new();
        files_under(&csv_dir, &mut csvs);
        for c in csvs {
            texts.push((
                c.display().to_string(),
                std::fs::read_to_string(&c).expect("csv"),
            ));
        }
    }
    assert!(texts.len() > 50);
    for (what, text) in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "`{s}` in {what}");
        }
    }
}

// ---- init -----------------------------------------------------------------------------------

#[test]
fn init_writes_csv_templates_and_a_workbook_into_separate_directories_that_load() {
    let dir = tmp_dir("init").join("school");
    let run = careplan(&["init", path_str(&dir)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = dir.join("records-csv");
    let xlsx = dir.join("records-xlsx");
    let students = std::fs::read(csv.join("学生.csv")).expect("students template");
    assert!(students.starts_with("\u{FEFF}学号,姓名,性别,出生日期".as_bytes()));
    assert!(xlsx.join(WORKBOOK).is_file());
    assert!(!xlsx.join("学生.csv").exists() && !csv.join(WORKBOOK).exists());
    for records in [&csv, &xlsx] {
        let r = load_dir(records).unwrap_or_else(|e| panic!("{}: {e}", records.display()));
        assert!(r.students.is_empty());
        assert_eq!(r.present.len(), 12, "every record file");
        let problems: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| !f.message.contains("no usable term"))
            .collect();
        assert_eq!(problems, Vec::<&Finding>::new());
    }
    // The starter package loads; the template directories are checked against it.
    let run = careplan(&[
        "check",
        path_str(&dir.join("policy")),
        path_str(&xlsx),
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // A directory that is not empty is refused.
    let run = careplan(&["init", path_str(&dir)]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
}

#[test]
fn the_fixture_schema_is_the_init_template_schema() {
    let fixture = std::fs::read_to_string(chinese("utf8").join("schema.ron")).expect("schema");
    assert_eq!(fixture, careplan::records::templates::schema_ron());
}
