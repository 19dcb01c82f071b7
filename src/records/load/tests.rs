use super::*;
use crate::records::files;
use crate::records::{ClassKey, ConductSeverity, LeftReason, Severity};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("careplan-load-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        std::fs::write(self.0.join(name), contents).expect("write file");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CALENDAR: &str = "kind,start,end,label\n\
        term,2025-09-01,2026-01-20,2025-2026-1\n\
        term,2026-02-20,2026-07-10,2025-2026-2\n\
        holiday,2025-10-01,2025-10-07,National Day\n\
        workday,2025-09-28,2025-09-28,\n";

const STUDENT_COLUMNS: [(&str, &str); 22] = [
    ("student_id", "S1"),
    ("name", "Li Ming"),
    ("gender", "M"),
    ("birth_date", "2013-05-06"),
    ("grade", "7"),
    ("class", "7-2"),
    ("left_behind", "yes"),
    ("single_parent", "no"),
    ("potential_student", "no"),
    ("guardian_name", "Li Nai"),
    ("guardian_relation", "grandmother"),
    ("guardian_phone", "13800001111"),
    ("father_name", "Li Ba"),
    ("father_phone", "13900002222"),
    ("father_workplace", "Shenzhen"),
    ("mother_name", "Wang Ma"),
    ("mother_phone", "13700003333"),
    ("mother_workplace", "Dongguan"),
    ("home_address", "\"Group 3, Dawan Village\""),
    ("health", "good"),
    ("enrolled_on", "2025-09-01"),
    ("left_on", ""),
];

fn student_header() -> String {
    let cols: Vec<&str> = STUDENT_COLUMNS.iter().map(|(c, _)| *c).collect();
    cols.join(",")
}

/// A students.csv row for `id` with default values, some replaced. S1 is named `Li Ming`,
/// every other id `Li <id>` (children of the same name in a class are a warning).
fn student(id: &str, set: &[(&str, &str)]) -> String {
    let own_name = format!("Li {id}");
    let cells: Vec<&str> = STUDENT_COLUMNS
        .iter()
        .map(|(c, v)| {
            if *c == "student_id" {
                id
            } else if *c == "name" && id != "S1" && !set.iter().any(|(k, _)| *k == "name") {
                own_name.as_str()
            } else {
                set.iter().find(|(k, _)| k == c).map_or(*v, |(_, v)| *v)
            }
        })
        .collect();
    cells.join(",")
}

/// students.csv text: header plus rows.
fn students(rows: &[String]) -> String {
    let mut text = student_header();
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    text
}

/// A directory with the default calendar and students S1, S2, and `files` on top.
fn dir_with(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new();
    dir.write("calendar.csv", CALENDAR);
    dir.write(
        "students.csv",
        students(&[student("S1", &[]), student("S2", &[("class", "7-3")])]),
    );
    for (name, text) in files {
        dir.write(name, text);
    }
    dir
}

fn load(files: &[(&str, &str)]) -> Records {
    let dir = dir_with(files);
    load_dir(&dir.0).expect("records load")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// The findings of `file` at `line`, as (severity, column, message).
fn at(r: &Records, file: &str, line: usize) -> Vec<(Severity, Option<String>, String)> {
    r.findings
        .iter()
        .filter(|f| f.file == file && f.line == Some(line))
        .map(|f| (f.severity, f.column.clone(), f.message.clone()))
        .collect()
}

/// Asserts that exactly one finding sits at `file:line` and returns its message.
fn one(r: &Records, file: &str, line: usize, sev: Severity, column: Option<&str>) -> String {
    let found = at(r, file, line);
    assert_eq!(found.len(), 1, "findings at {file}:{line}: {found:#?}");
    let (s, c, m) = found.into_iter().next().expect("one finding");
    assert_eq!(s, sev, "{m}");
    assert_eq!(c.as_deref(), column, "{m}");
    m
}

fn ids<T>(rows: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    rows.iter().map(|r| id(r).to_owned()).collect()
}

// ---- files and directory ----

#[test]
fn full_directory_loads_without_findings() {
    let r = load(&[
        (
            "staff.csv",
            "staff_id,name,role,class\nT1,Zhang,Head_Teacher; teacher,7-2\nV1,Zhao,volunteer,\n",
        ),
        (
            "contacts.csv",
            "date,student_id,staff_id,kind,note\n2025-09-08,S1,T1,Talk,fine\n2025-09-09,S2,,home_visit,\n",
        ),
        (
            "exams.csv",
            "student_id,term,total,class\nS1,2025-2026-1,512.5,\nS2,2025-2026-1,480,7-1\n",
        ),
        (
            "conduct.csv",
            "date,student_id,severity,note\n2025-10-09,S1,Minor,late\n",
        ),
        (
            "honors.csv",
            "student_id,academic_year,title\nS1,2025-2026,三好学生\n",
        ),
        (
            "pairings.csv",
            "mentor_id,mentee_id,scheme,start,end\nT1,S1,hand_in_hand,2025-09-01,\nS2,S1,one_help_one,2025-09-01,2026-01-20\n",
        ),
        (
            "activities.csv",
            "date,kind,class,student_id\n2025-10-10,Outing,7-2,\n2025-10-10,outing,,S1\n",
        ),
        ("schema.ron", "Schema(files: {})"),
        ("README.md", "# records\n"),
    ]);
    assert_eq!(r.findings, []);
    let present: Vec<&str> = r.present.iter().map(String::as_str).collect();
    assert_eq!(
        present,
        [
            "activities.csv",
            "calendar.csv",
            "conduct.csv",
            "contacts.csv",
            "exams.csv",
            "honors.csv",
            "pairings.csv",
            "staff.csv",
            "students.csv"
        ]
    );

    assert_eq!(r.calendar.terms.len(), 2);
    assert_eq!(r.calendar.terms[0].academic_year, "2025-2026");
    assert!(r.calendar.is_school_day(date("2025-09-01")));
    assert!(!r.calendar.is_school_day(date("2025-10-02")));
    assert!(r.calendar.is_school_day(date("2025-09-28")));
    assert_eq!(
        r.calendar.holiday_on(date("2025-10-03")),
        Some("National Day")
    );

    let s1 = &r.students[0];
    assert_eq!(s1.student_id, "S1");
    assert_eq!(s1.name, "Li Ming");
    assert_eq!(
        s1.class,
        ClassKey {
            school: String::new(),
            class: "7-2".into()
        }
    );
    assert_eq!(s1.grade, "7");
    assert_eq!(s1.birth_date, Some(date("2013-05-06")));
    assert!(s1.left_behind && !s1.single_parent && !s1.potential_student);
    assert_eq!(s1.enrolled_on, date("2025-09-01"));
    assert_eq!((s1.left_on, s1.left_reason), (None, None));
    assert_eq!(s1.line, 2);
    let keys: Vec<&str> = s1.file.keys().collect();
    assert_eq!(
        keys,
        [
            "birth_date",
            "father_name",
            "father_phone",
            "father_workplace",
            "gender",
            "guardian_name",
            "guardian_phone",
            "guardian_relation",
            "health",
            "home_address",
            "mother_name",
            "mother_phone",
            "mother_workplace"
        ]
    );
    assert_eq!(&s1.file["guardian_phone"], "13800001111");
    assert_eq!(&s1.file["home_address"], "Group 3, Dawan Village");

    assert_eq!(r.staff[0].roles, ["head_teacher", "teacher"]);
    assert_eq!(
        r.staff[0].class,
        Some(ClassKey {
            school: String::new(),
            class: "7-2".into()
        })
    );
    assert_eq!(r.staff[1].class, None);
    assert!(r.staff[1].has_role("volunteer"));

    assert_eq!(r.contacts.len(), 2);
    assert_eq!(r.contacts.get(0).kind, "talk");
    assert_eq!(r.contacts.get(0).staff_id, Some("T1"));
    assert_eq!(r.contacts.get(0).note, Some("fine"));
    assert_eq!(
        (
            r.contacts.get(1).staff_id.as_ref(),
            r.contacts.get(1).note.as_ref()
        ),
        (None, None)
    );
    assert_eq!(r.contacts.get(1).line, 3);

    assert_eq!(r.exams[0].total, 512.5);
    assert_eq!(r.exams[0].class.class, "7-2", "class from students.csv");
    assert_eq!(r.exams[1].class.class, "7-1", "class as written");
    assert_eq!(r.conduct[0].severity, ConductSeverity::Minor);
    assert_eq!(r.honors[0].title, "三好学生");
    assert_eq!(r.pairings[0].end, None);
    assert_eq!(r.pairings[1].end, Some(date("2026-01-20")));
    assert_eq!(r.activities[0].kind, "outing");
    assert_eq!(r.activities[0].student_id, None);
    assert_eq!(r.activities[1].class, None);
    assert_eq!(r.activities[1].student_id.as_deref(), Some("S1"));
}

#[test]
fn optional_files_may_be_absent() {
    let r = load(&[]);
    let present: Vec<&str> = r.present.iter().map(String::as_str).collect();
    assert_eq!(present, ["calendar.csv", "students.csv"]);
    assert_eq!(r.students.len(), 2);
    assert!(r.staff.is_empty() && r.contacts.is_empty() && r.pairings.is_empty());
    assert_eq!(r.findings, []);
}

#[test]
fn missing_required_files_are_all_load_errors() {
    let dir = TempDir::new();
    dir.write("contacts.csv", "date,student_id,staff_id,kind,note\n");
    let err = load_dir(&dir.0).expect_err("no required files");
    let got: Vec<(&str, &str)> = err
        .problems
        .iter()
        .map(|p| (p.file.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("calendar.csv", "required file is missing"),
            ("students.csv", "required file is missing")
        ]
    );
    assert!(err.problems.iter().all(|p| p.severity == Severity::Error));
    assert!(
        err.to_string()
            .contains("error: calendar.csv: required file is missing")
    );
}

#[test]
fn not_a_directory_is_a_load_error() {
    let dir = TempDir::new();
    let err = load_dir(&dir.0.join("nope")).expect_err("no dir");
    assert_eq!(err.problems.len(), 1);
    assert_eq!(err.problems[0].file, "");
    assert!(
        err.problems[0]
            .message
            .starts_with("cannot read records directory")
    );
}

#[test]
fn missing_columns_of_every_file_are_collected() {
    let dir = dir_with(&[
        (
            "contacts.csv",
            "date,student_id,kind,note\n2025-09-08,S1,talk,\n",
        ),
        ("exams.csv", "student_id,total\n"),
    ]);
    dir.write(
        "calendar.csv",
        "kind,start,end\nterm,2025-09-01,2026-01-20\n",
    );
    let err = load_dir(&dir.0).expect_err("missing columns");
    let got: Vec<(&str, Option<&str>, &str)> = err
        .problems
        .iter()
        .map(|p| (p.file.as_str(), p.column.as_deref(), p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "calendar.csv",
                Some("label"),
                "missing required column `label`"
            ),
            (
                "contacts.csv",
                Some("staff_id"),
                "missing required column `staff_id`"
            ),
            ("exams.csv", Some("term"), "missing required column `term`"),
        ]
    );
}

#[test]
fn empty_optional_file_is_a_warning_and_read_as_no_rows() {
    for text in ["", "\u{FEFF}", "\u{FEFF}\r\n \t\n", "\n\n\n"] {
        let r = load(&[
            ("honors.csv", text),
            (
                "staff.csv",
                "staff_id,name,role,class\nT1,Zhang,teacher,7-2\n",
            ),
        ]);
        assert!(r.present.contains("honors.csv"), "{text:?}");
        assert!(r.honors.is_empty());
        assert_eq!(ids(&r.staff, |s| &s.staff_id), ["T1"], "other files read");
        let got: Vec<_> = r
            .findings
            .iter()
            .map(|f| {
                (
                    f.severity,
                    f.file.as_str(),
                    f.line,
                    f.column.as_deref(),
                    f.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [(
                Severity::Warning,
                "honors.csv",
                None,
                None,
                "empty file: no header and no rows; read as no rows"
            )],
            "{text:?}"
        );
    }
}

#[test]
fn empty_required_file_is_a_load_error() {
    for name in ["calendar.csv", "students.csv"] {
        let dir = dir_with(&[(name, "\u{FEFF}\n")]);
        let err = load_dir(&dir.0).expect_err("empty required file");
        let got: Vec<_> = err
            .problems
            .iter()
            .map(|p| {
                (
                    p.severity,
                    p.file.as_str(),
                    p.line,
                    p.column.as_deref(),
                    p.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [(
                Severity::Error,
                name,
                None,
                None,
                "file is empty, expected a header line"
            )]
        );
    }
}

#[test]
fn misspelled_required_column_names_the_header_present() {
    let dir = dir_with(&[
        (
            "conduct.csv",
            "date,student_id,sevrity,note\n2025-10-09,S1,minor,\n",
        ),
        ("honors.csv", "studentid,academic_year,title,remarks\n"),
        ("pairings.csv", "mentor,mentee_id,scheme,start,end\n"),
    ]);
    let err = load_dir(&dir.0).expect_err("missing columns");
    let got: Vec<_> = err
        .problems
        .iter()
        .map(|p| {
            (
                p.severity,
                p.file.as_str(),
                p.line,
                p.column.as_deref(),
                p.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Severity::Error,
                "conduct.csv",
                Some(1),
                Some("severity"),
                "missing required column `severity`; did you mean `sevrity`? rename that \
                     column to `severity`"
            ),
            (
                Severity::Error,
                "honors.csv",
                Some(1),
                Some("student_id"),
                "missing required column `student_id`; did you mean `studentid`? rename \
                     that column to `student_id`"
            ),
            (
                Severity::Error,
                "pairings.csv",
                Some(1),
                Some("mentor_id"),
                "missing required column `mentor_id`; did you mean `mentor`? rename that \
                     column to `mentor_id`"
            ),
        ]
    );
}

#[test]
fn misspelled_optional_column_is_named_in_its_warning() {
    let r = load(&[(
        "exams.csv",
        "student_id,term,total,clas\nS1,2025-2026-1,80,7-2\n",
    )]);
    assert_eq!(r.exams.len(), 1);
    assert_eq!(
        one(&r, "exams.csv", 1, Severity::Warning, Some("clas")),
        "unknown column `clas`, ignored; did you mean `class`?"
    );
}

#[test]
fn header_only_file_has_no_rows() {
    let r = load(&[("contacts.csv", "date,student_id,staff_id,kind,note\n")]);
    assert!(r.present.contains("contacts.csv"));
    assert!(r.contacts.is_empty());
    assert_eq!(r.findings, []);
}

#[test]
fn unknown_csv_file_is_a_warning_other_files_are_ignored() {
    let r = load(&[
        ("teachers.csv", "a,b\n1,2\n"),
        ("Notes.CSV", "x\n"),
        ("schema.ron", "()"),
        ("README.txt", "hello"),
        ("photo.png", "\u{0}\u{1}"),
    ]);
    let got: Vec<(&str, Severity, Option<usize>, &str)> = r
        .findings
        .iter()
        .map(|f| (f.file.as_str(), f.severity, f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Notes.CSV",
                Severity::Warning,
                None,
                "not a careplan record file, ignored"
            ),
            (
                "teachers.csv",
                Severity::Warning,
                None,
                "not a careplan record file, ignored"
            ),
        ]
    );
    assert!(!r.present.contains("teachers.csv"));
}

#[test]
fn unknown_columns_warn_once_each_and_headers_match_ignoring_case() {
    let r = load(&[(
        "contacts.csv",
        "Date, Student_ID ,staff_id,kind,note,duration,place\n\
             2025-09-08,S1,,talk,,30,office\n2025-09-09,S1,,talk,,20,home\n",
    )]);
    assert_eq!(r.contacts.len(), 2);
    let found = at(&r, "contacts.csv", 1);
    assert_eq!(
        found,
        [
            (
                Severity::Warning,
                Some("duration".to_owned()),
                "unknown column `duration`, ignored".to_owned()
            ),
            (
                Severity::Warning,
                Some("place".to_owned()),
                "unknown column `place`, ignored".to_owned()
            ),
        ]
    );
    assert_eq!(r.findings.len(), 2);
}

#[test]
fn columns_as_written_appear_in_findings() {
    let r = load(&[(
        "contacts.csv",
        "DATE,student_id,staff_id,kind,note\n2025-13-01,S1,,talk,\n",
    )]);
    one(&r, "contacts.csv", 2, Severity::Error, Some("DATE"));
}

#[test]
fn school_column_allowed_only_with_class() {
    let r = load(&[
        (
            "staff.csv",
            "staff_id,name,role,class,school\nT1,Zhang,teacher,7-2,East\n",
        ),
        ("conduct.csv", "date,student_id,severity,note,school\n"),
    ]);
    assert_eq!(
        r.staff[0].class,
        Some(ClassKey {
            school: "East".into(),
            class: "7-2".into()
        })
    );
    let m = one(&r, "conduct.csv", 1, Severity::Warning, Some("school"));
    assert_eq!(m, "unknown column `school`, ignored");
}

// ---- encoding and lines ----

#[test]
fn bom_file_loads() {
    let dir = dir_with(&[]);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(CALENDAR.as_bytes());
    dir.write("calendar.csv", &bytes);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(students(&[student("S1", &[])]).as_bytes());
    dir.write("students.csv", &bytes);
    let r = load_dir(&dir.0).expect("bom files load");
    assert_eq!(r.findings, []);
    assert_eq!(r.calendar.terms.len(), 2);
    assert_eq!(r.students[0].student_id, "S1");
}

#[test]
fn gbk_file_loads_and_undecodable_file_is_a_load_error() {
    let dir = dir_with(&[]);
    // "谈话" in GBK as the kind of a contact.
    dir.write(
        "contacts.csv",
        b"date,student_id,staff_id,kind,note\n2025-09-08,S1,,\xCC\xB8\xBB\xB0,\n",
    );
    let r = load_dir(&dir.0).expect("gbk file loads");
    assert_eq!(r.contacts.get(0).kind, "谈话");
    dir.write(
        "contacts.csv",
        b"date,student_id,staff_id,kind,note\n\xFF\xFF,,,,\n",
    );
    let err = load_dir(&dir.0).expect_err("undecodable file");
    assert_eq!(err.problems.len(), 1);
    let p = &err.problems[0];
    assert_eq!((p.file.as_str(), p.line), ("contacts.csv", Some(2)));
    assert!(p.message.contains("neither UTF-8 nor GBK"), "{}", p.message);
    let opts = LoadOptions {
        encoding: Encoding::Utf8,
    };
    dir.write(
        "contacts.csv",
        b"date,student_id,staff_id,kind,note\n2025-09-08,S1,,\xCC\xB8\xBB\xB0,\n",
    );
    let err = load_dir_with(&dir.0, &opts).expect_err("gbk as utf-8");
    assert!(err.problems[0].message.contains("not UTF-8"));
}

#[test]
fn quoted_line_break_shifts_later_lines() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n\
             2025-09-08,S1,,talk,\"first line\nsecond line\nthird\"\n\
             \n\
             2025-09-09,S9,,talk,\n\
             2025-09-10,S1,,talk,ok\n",
    )]);
    assert_eq!(r.contacts.len(), 2);
    assert_eq!(r.contacts.get(0).line, 2);
    assert_eq!(
        r.contacts.get(0).note,
        // The cell's line breaks are read as `⏎`: every report shows it on one line.
        Some("first line⏎second line⏎third")
    );
    let m = one(&r, "contacts.csv", 6, Severity::Error, Some("student_id"));
    assert_eq!(m, "unknown student `S9`; row left out");
    assert_eq!(r.contacts.get(1).line, 7);
}

#[test]
fn crlf_file_lines_match() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\r\n2025-09-08,S1,,talk,\"a\r\nb\"\r\n2025-09-09,S9,,talk,\r\n",
    )]);
    one(&r, "contacts.csv", 4, Severity::Error, Some("student_id"));
}

#[test]
fn unclosed_quote_names_the_lines_it_swallows() {
    let r = load(&[
        (
            "contacts.csv",
            "date,student_id,staff_id,kind,note\n\
                 2025-09-08,S1,,talk,fine\n\
                 2025-09-09,S1,,talk,\"oops\n\
                 2025-09-10,S1,,talk,\n\
                 \n\
                 2025-09-11,S2,,talk,\n\
                 2025-09-12,S1,,talk,\"ok\"\n\
                 2025-09-13,S2,,talk,\"two\nlines\"\n\
                 2025-09-14,S1,,talk,\n",
        ),
        (
            "activities.csv",
            "date,kind,class,student_id\n\
                 2025-10-10,\"outing,7-2,\n\
                 2025-10-11,outing,7-2,S1\n\
                 2025-10-12,sport\",7-2,,\n\
                 2025-10-13,sport,7-2,S2\n",
        ),
        (
            "conduct.csv",
            "date,student_id,severity,note\n\
                 2025-10-09,S1,minor,\n\
                 2025-10-10,S1,minor,\"late\n\
                 2025-10-11,S2,minor,\n\
                 2025-10-12,S2,serious,\n",
        ),
    ]);
    // Line 3 opens a quote that the first quote of `"ok"` on line 7 closes: lines 3 to 7
    // are one row of the right number of fields, with text after the closing quote.
    assert_eq!(
        r.contacts.iter().map(|c| c.line).collect::<Vec<_>>(),
        [2, 8, 10]
    );
    assert_eq!(r.contacts.get(1).note, Some("two⏎lines"));
    assert_eq!(
        one(&r, "contacts.csv", 3, Severity::Error, None),
        "a quote opened on line 3 runs to line 7 (check for an unclosed `\"`); the lines in \
             between are read as one row; row left out"
    );
    // Closed on line 4, leaving a row of too many fields.
    assert_eq!(r.activities.iter().map(|a| a.line).collect::<Vec<_>>(), [5]);
    assert_eq!(
        one(&r, "activities.csv", 2, Severity::Error, None),
        "a quote opened on line 2 runs to line 4 (check for an unclosed `\"`); the lines in \
             between are read as one row of 5 fields, but the header has 4; row left out"
    );
    // Never closed: the row has the right number of fields but swallows the rest.
    assert_eq!(r.conduct.iter().map(|c| c.line).collect::<Vec<_>>(), [2]);
    assert_eq!(
        one(&r, "conduct.csv", 3, Severity::Error, None),
        "a quote opened on line 3 is never closed and runs to the end of the file at line 5 \
             (check for an unclosed `\"`); the lines in between are read as one row; row left out"
    );
    assert_eq!(r.findings.len(), 3, "{:#?}", r.findings);
}

#[test]
fn ragged_row_is_left_out_neighbours_kept() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n\
             2025-09-08,S1,,talk,\n\
             2025-09-09,S1,,talk\n\
             2025-09-10,S1,,talk,note,extra\n\
             2025-09-11,S1,,talk,\n",
    )]);
    assert_eq!(
        r.contacts.iter().map(|c| c.line).collect::<Vec<_>>(),
        [2, 5]
    );
    let m = one(&r, "contacts.csv", 3, Severity::Error, None);
    assert_eq!(m, "row has 4 fields but the header has 5; row left out");
    let m = one(&r, "contacts.csv", 4, Severity::Error, None);
    assert_eq!(m, "row has 6 fields but the header has 5; row left out");
}

#[test]
fn empty_rows_are_skipped_and_cells_trimmed() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n,,,,\n  2025-09-08 ,  S1 , ,  talk ,  \n",
    )]);
    assert_eq!(r.findings, []);
    assert_eq!(r.contacts.get(0).student_id, "S1");
    assert_eq!(r.contacts.get(0).line, 3);
    assert_eq!(r.contacts.get(0).staff_id, None);
}

// ---- values ----

#[test]
fn every_date_form_is_accepted() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n\
             2025-09-08,S1,,talk,\n2025/9/8,S1,,talk,\n2025-9-8,S1,,talk,\n\
             2025年9月8日,S1,,talk,\n2025.9.8,S1,,talk,\n",
    )]);
    assert_eq!(r.findings, []);
    assert!(r.contacts.iter().all(|c| c.date == date("2025-09-08")));
    assert_eq!(r.contacts.len(), 5);
}

#[test]
fn bad_required_date_leaves_row_out() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n25-9-8,S1,,talk,\n2025-09-08,S1,,talk,\n,S1,,talk,\n",
    )]);
    assert_eq!(r.contacts.len(), 1);
    assert_eq!(r.contacts.get(0).line, 3);
    let m = one(&r, "contacts.csv", 2, Severity::Error, Some("date"));
    assert!(
        m.starts_with(
            "`25-9-8` is not a date, a two-digit year is not guessed; write the year in \
                 full: expected YYYY-MM-DD"
        ),
        "{m}"
    );
    assert!(m.ends_with("; row left out"), "{m}");
    let m = one(&r, "contacts.csv", 4, Severity::Error, Some("date"));
    assert_eq!(m, "`date` is empty; row left out");
}

#[test]
fn booleans_empty_warns_invalid_errors_rows_kept() {
    let dir = dir_with(&[]);
    dir.write(
        "students.csv",
        students(&[
            student(
                "S1",
                &[
                    ("left_behind", "是"),
                    ("single_parent", "TRUE"),
                    ("potential_student", "Y"),
                ],
            ),
            student("S2", &[("left_behind", "")]),
            student("S3", &[("single_parent", "maybe")]),
            student("S4", &[("left_behind", "否"), ("potential_student", "1")]),
        ]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(
        ids(&r.students, |s| &s.student_id),
        ["S1", "S2", "S3", "S4"]
    );
    let s = &r.students;
    assert!(s[0].left_behind && s[0].single_parent && s[0].potential_student);
    assert!(!s[1].left_behind);
    assert!(!s[2].single_parent);
    assert!(!s[3].left_behind && s[3].potential_student);
    let m = one(
        &r,
        "students.csv",
        3,
        Severity::Warning,
        Some("left_behind"),
    );
    assert_eq!(m, "`left_behind` is empty; read as no");
    let m = one(
        &r,
        "students.csv",
        4,
        Severity::Error,
        Some("single_parent"),
    );
    assert!(m.starts_with("`maybe` is not a yes/no value"), "{m}");
    assert!(m.ends_with("; read as no"), "{m}");
    assert_eq!(r.findings.len(), 2);
}

#[test]
fn bad_birth_date_is_absent_row_kept() {
    let dir = dir_with(&[]);
    dir.write(
        "students.csv",
        students(&[
            student("S1", &[("birth_date", "2013-02-30")]),
            student("S2", &[]),
        ]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(r.students.len(), 2);
    assert_eq!(r.students[0].birth_date, None);
    assert_eq!(&r.students[0].file["birth_date"], "2013-02-30");
    let m = one(&r, "students.csv", 2, Severity::Error, Some("birth_date"));
    assert!(m.starts_with("`2013-02-30` is not a date"), "{m}");
    assert!(m.ends_with("; value ignored"), "{m}");
}

#[test]
fn bad_left_on_is_absent_row_kept() {
    let dir = dir_with(&[]);
    dir.write(
        "students.csv",
        students(&[student("S1", &[("left_on", "soon")])]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(r.students[0].left_on, None);
    one(&r, "students.csv", 2, Severity::Error, Some("left_on"));
}

// ---- students ----

#[test]
fn bad_student_rows_are_left_out_good_ones_kept() {
    let dir = dir_with(&[]);
    let mut header = student_header();
    header.push_str(",left_reason,school,id_number");
    let rows = [
        format!("{},,,", student("S1", &[])),
        format!("{},,,", student("", &[])),
        format!("{},,,", student("S3", &[("enrolled_on", "2025-02-30")])),
        format!("{},,,", student("S4", &[("enrolled_on", "")])),
        format!("{},,,", student("S5", &[("left_on", "2025-09-01")])),
        format!("{},moved,,", student("S6", &[("left_on", "2025-10-01")])),
        format!(
            "{},Transfer,East,",
            student("S7", &[("left_on", "2025-10-01")])
        ),
        format!("{},,,", student("S1", &[("name", "Other")])),
        format!("{},dropout,,", student("S8", &[])),
    ];
    dir.write("students.csv", format!("{header}\n{}\n", rows.join("\n")));
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(
        ids(&r.students, |s| &s.student_id),
        ["S1", "S6", "S7", "S8"]
    );
    assert_eq!(r.students[0].name, "Li Ming", "first row wins");
    let s6 = &r.students[1];
    assert_eq!(s6.left_on, Some(date("2025-10-01")));
    assert_eq!(s6.left_reason, None, "unknown left_reason read as absent");
    let s7 = &r.students[2];
    assert_eq!(s7.left_reason, Some(LeftReason::Transfer));
    assert_eq!(s7.left_on, Some(date("2025-10-01")));
    assert_eq!(
        s7.class,
        ClassKey {
            school: "East".into(),
            class: "7-2".into()
        }
    );
    assert!(!s7.file.contains_key("id_number"));

    let f = "students.csv";
    assert_eq!(
        one(&r, f, 3, Severity::Error, Some("student_id")),
        "`student_id` is empty; row left out"
    );
    let m = one(&r, f, 4, Severity::Error, Some("enrolled_on"));
    assert!(m.starts_with("`2025-02-30` is not a date") && m.ends_with("row left out"));
    assert_eq!(
        one(&r, f, 5, Severity::Error, Some("enrolled_on")),
        "`enrolled_on` is empty; row left out"
    );
    assert_eq!(
        one(&r, f, 6, Severity::Error, Some("left_on")),
        "left_on 2025-09-01 is on or before enrolled_on 2025-09-01: the student is never \
             enrolled; row left out"
    );
    assert_eq!(
        one(&r, f, 7, Severity::Error, Some("left_reason")),
        "unknown left_reason `moved`, expected transfer, dropout, graduated or other; value \
             ignored"
    );
    assert_eq!(
        one(&r, f, 9, Severity::Error, Some("student_id")),
        "duplicate student_id `S1`, first on line 2; row left out"
    );
    assert_eq!(
        one(&r, f, 10, Severity::Warning, Some("left_reason")),
        "a left_reason is given but left_on is empty"
    );
}

#[test]
fn empty_class_is_an_error_empty_name_a_warning_rows_kept() {
    let dir = dir_with(&[]);
    dir.write(
        "students.csv",
        students(&[
            student("S1", &[]),
            student("S2", &[("class", "")]),
            student("S3", &[("name", "")]),
            student("S4", &[("name", ""), ("class", "")]),
            student("S5", &[("class", ""), ("enrolled_on", "")]),
            student("S6", &[]),
        ]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(
        ids(&r.students, |s| &s.student_id),
        ["S1", "S2", "S3", "S4", "S6"]
    );
    assert_eq!(r.students[1].class.class, "");
    assert_eq!(r.students[2].name, "");
    let f = "students.csv";
    let class = "empty class; the child is in no class ranking and has no head teacher";
    let name = "empty name; reports show no name for this child";
    assert_eq!(one(&r, f, 3, Severity::Error, Some("class")), class);
    assert_eq!(one(&r, f, 4, Severity::Warning, Some("name")), name);
    let own = |s: Severity, c: &str, m: &str| (s, Some(c.to_owned()), m.to_owned());
    assert_eq!(
        at(&r, f, 5),
        [
            own(Severity::Warning, "name", name),
            own(Severity::Error, "class", class)
        ]
    );
    assert_eq!(
        at(&r, f, 6),
        [
            own(Severity::Error, "class", class),
            own(
                Severity::Error,
                "enrolled_on",
                "`enrolled_on` is empty; row left out"
            )
        ]
    );
    assert_eq!(r.findings.len(), 6);
}

#[test]
fn private_values_never_appear_in_findings() {
    let dir = dir_with(&[]);
    let mut header = student_header();
    header.push_str(",id_number");
    let rows = [
        format!(
            "{},110101201305060011",
            student("S1", &[("left_behind", "x")])
        ),
        format!("{},110101201305060022,extra", student("S2", &[])),
        format!(
            "{},110101201305060033",
            student("S1", &[("birth_date", "bad")])
        ),
    ];
    dir.write("students.csv", format!("{header}\n{}\n", rows.join("\n")));
    let r = load_dir(&dir.0).expect("load");
    assert!(r.findings.len() >= 3);
    for f in &r.findings {
        for secret in [
            "1101012013",
            "13800001111",
            "13900002222",
            "13700003333",
            "Dawan",
        ] {
            assert!(!f.message.contains(secret), "{f}");
        }
    }
    assert_eq!(&r.students[0].file["id_number"], "110101201305060011");
}

// ---- staff ----

#[test]
fn staff_rows() {
    let r = load(&[(
        "staff.csv",
        "staff_id,name,role,class\n\
             T1,Zhang,TEACHER；caring_mother;;,\n\
             T1,Zhang again,teacher,\n\
             S1,Student clash,volunteer,\n\
             ,Nobody,teacher,\n\
             T2,Wang,,7-3\n",
    )]);
    assert_eq!(ids(&r.staff, |s| &s.staff_id), ["T1", "T2"]);
    assert_eq!(r.staff[0].roles, ["teacher", "caring_mother"]);
    assert_eq!(r.staff[1].roles, Vec::<String>::new());
    assert_eq!(
        one(&r, "staff.csv", 3, Severity::Error, Some("staff_id")),
        "duplicate staff_id `T1`, first on line 2; row left out"
    );
    assert_eq!(
        one(&r, "staff.csv", 4, Severity::Error, Some("staff_id")),
        "staff_id `S1` is already a student_id (students.csv line 2); row left out"
    );
    assert_eq!(
        one(&r, "staff.csv", 5, Severity::Error, Some("staff_id")),
        "`staff_id` is empty; row left out"
    );
}

#[test]
fn unknown_roles_warn_with_a_guess_rows_kept() {
    let r = load(&[(
        "staff.csv",
        "staff_id,name,role,class\n\
             T1,Zhang,head_techer,7-2\n\
             T2,Wang,teacher; Cook,\n\
             T3,Zhao,Volunter;head_teacher,\n\
             T1,Dup,polise,\n\
             T4,Qian,legal_adviser,\n",
    )]);
    assert_eq!(ids(&r.staff, |s| &s.staff_id), ["T1", "T2", "T3", "T4"]);
    assert_eq!(r.staff[0].roles, ["head_techer"]);
    assert_eq!(r.staff[2].roles, ["volunter", "head_teacher"]);
    let f = "staff.csv";
    assert_eq!(
        one(&r, f, 2, Severity::Warning, Some("role")),
        "unknown role `head_techer`; did you mean `head_teacher`?"
    );
    assert_eq!(
        one(&r, f, 3, Severity::Warning, Some("role")),
        "unknown role `cook`; expected head_teacher, teacher, caring_mother, volunteer, \
             party_member, retired_veteran, police, legal_adviser"
    );
    assert_eq!(
        one(&r, f, 4, Severity::Warning, Some("role")),
        "unknown role `volunter`; did you mean `volunteer`?"
    );
    // A left-out row still has its role checked.
    let own = |s: Severity, c: &str, m: &str| (s, Some(c.to_owned()), m.to_owned());
    assert_eq!(
        at(&r, f, 5),
        [
            own(
                Severity::Error,
                "staff_id",
                "duplicate staff_id `T1`, first on line 2; row left out"
            ),
            own(
                Severity::Warning,
                "role",
                "unknown role `polise`; did you mean `police`?"
            ),
        ]
    );
    assert_eq!(r.findings.len(), 5);
}

// ---- contacts and references ----

#[test]
fn contact_references() {
    let dir = dir_with(&[
        (
            "staff.csv",
            "staff_id,name,role,class\nT1,Zhang,teacher,\nT1,Dup,teacher,\n",
        ),
        (
            "contacts.csv",
            "date,student_id,staff_id,kind,note\n\
                 2025-09-08,S1,T1,talk,\n\
                 2025-09-08,S9,T1,talk,\n\
                 2025-09-08,S3,T1,talk,\n\
                 2025-09-08,S1,X9,talk,\n\
                 2025-09-08,S1,S2,talk,\n\
                 2025-08-31,S1,T1,talk,\n\
                 2025-10-01,S4,T1,talk,\n\
                 2025-09-08,S1,T1,,\n\
                 2025-09-08,T1,T1,talk,\n",
        ),
    ]);
    dir.write(
        "students.csv",
        students(&[
            student("S1", &[]),
            student("S2", &[]),
            student("S3", &[("enrolled_on", "later")]),
            student("S4", &[("left_on", "2025-10-01")]),
        ]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(
        r.contacts.iter().map(|c| c.line).collect::<Vec<_>>(),
        [2, 5, 6]
    );
    assert_eq!(r.contacts.get(1).staff_id, Some("X9"));
    let f = "contacts.csv";
    assert_eq!(
        one(&r, f, 3, Severity::Error, Some("student_id")),
        "unknown student `S9`; row left out"
    );
    assert_eq!(
        one(&r, f, 4, Severity::Warning, Some("student_id")),
        "student `S3` was left out, see students.csv line 4; row left out"
    );
    assert_eq!(
        one(&r, f, 5, Severity::Warning, Some("staff_id")),
        "`X9` is not a known staff_id or student_id; row kept"
    );
    assert_eq!(
        one(&r, f, 7, Severity::Warning, Some("date")),
        "contact dated on a day `S1` is not enrolled; ignored"
    );
    assert_eq!(
        one(&r, f, 8, Severity::Warning, Some("date")),
        "contact dated on a day `S4` is not enrolled; ignored"
    );
    assert_eq!(
        one(&r, f, 9, Severity::Error, Some("kind")),
        "`kind` is empty; row left out"
    );
    assert_eq!(
        one(&r, f, 10, Severity::Error, Some("student_id")),
        "`T1` is a staff_id, not a student_id; row left out"
    );
}

#[test]
fn reference_to_ragged_student_row_is_a_warning() {
    let dir = dir_with(&[(
        "conduct.csv",
        "date,student_id,severity,note\n2025-10-09,S5,minor,\n2025-10-09,S1,minor,\n",
    )]);
    dir.write(
        "students.csv",
        students(&[student("S1", &[]), format!("{},extra", student("S5", &[]))]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(ids(&r.students, |s| &s.student_id), ["S1"]);
    one(&r, "students.csv", 3, Severity::Error, None);
    assert_eq!(
        one(&r, "conduct.csv", 2, Severity::Warning, Some("student_id")),
        "student `S5` was left out, see students.csv line 3; row left out"
    );
    assert_eq!(r.conduct.len(), 1);
}

#[test]
fn reference_to_left_out_staff_names_its_line() {
    let r = load(&[
        ("staff.csv", "staff_id,name,role,class\nT1,Zhang,teacher\n"),
        (
            "contacts.csv",
            "date,student_id,staff_id,kind,note\n2025-09-08,S1,T1,talk,\n",
        ),
        (
            "pairings.csv",
            "mentor_id,mentee_id,scheme,start,end\nT1,S1,x,2025-09-01,\n",
        ),
    ]);
    assert_eq!(r.contacts.len(), 1);
    assert_eq!(
        one(&r, "contacts.csv", 2, Severity::Warning, Some("staff_id")),
        "staff `T1` was left out, see staff.csv line 2; row kept"
    );
    assert_eq!(
        one(&r, "pairings.csv", 2, Severity::Warning, Some("mentor_id")),
        "staff `T1` was left out, see staff.csv line 2; row left out"
    );
    assert!(r.pairings.is_empty());
}

#[test]
fn ids_compare_exactly_after_trimming() {
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n2025-09-08, S1 ,,talk,\n2025-09-08,s1,,talk,\n",
    )]);
    assert_eq!(r.contacts.len(), 1);
    one(&r, "contacts.csv", 3, Severity::Error, Some("student_id"));
}

// ---- exams, conduct, honors, pairings, activities ----

#[test]
fn exam_rows() {
    let r = load(&[(
        "exams.csv",
        "student_id,term,total,class,school\n\
             S1,2025-2026-1,88.5,,\n\
             S1,2025-2026-1,90,,\n\
             S2,2025-2026-1,八十,,\n\
             S2,2025-2026-2,,,\n\
             ,2025-2026-1,70,,\n\
             S2,,70,,\n\
             S2,2024-2025-2,75,7-9,West\n\
             S9,2025-2026-1,70,,\n",
    )]);
    assert_eq!(r.exams.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 8]);
    assert_eq!(
        r.exams[0].class,
        ClassKey {
            school: String::new(),
            class: "7-2".into()
        }
    );
    assert_eq!(
        r.exams[1].class,
        ClassKey {
            school: "West".into(),
            class: "7-9".into()
        }
    );
    let f = "exams.csv";
    assert_eq!(
        one(&r, f, 3, Severity::Error, Some("student_id")),
        "duplicate result of `S1` for term `2025-2026-1`, first on line 2; row left out"
    );
    assert_eq!(
        one(&r, f, 4, Severity::Error, Some("total")),
        "`八十` is not a number, expected a decimal such as 85.5; row left out"
    );
    assert_eq!(
        one(&r, f, 5, Severity::Error, Some("total")),
        "`total` is empty; row left out"
    );
    assert_eq!(
        one(&r, f, 6, Severity::Error, Some("student_id")),
        "`student_id` is empty; row left out"
    );
    assert_eq!(
        one(&r, f, 7, Severity::Error, Some("term")),
        "`term` is empty; row left out"
    );
    assert_eq!(
        one(&r, f, 8, Severity::Warning, Some("term")),
        "term `2024-2025-2` is not in calendar.csv"
    );
    assert_eq!(
        one(&r, f, 9, Severity::Error, Some("student_id")),
        "unknown student `S9`; row left out"
    );
}

#[test]
fn exam_totals_out_of_range_are_left_out() {
    let dir = dir_with(&[(
        "exams.csv",
        "student_id,term,total\n\
             S1,2025-2026-1,-5\n\
             S1,2025-2026-2,100000\n\
             S2,2025-2026-1,100000.5\n\
             S2,2025-2026-2,0\n\
             S3,2025-2026-1,-0\n\
             S3,2025-2026-2,999999999\n",
    )]);
    dir.write(
        "students.csv",
        students(&[student("S1", &[]), student("S2", &[]), student("S3", &[])]),
    );
    let r = load_dir(&dir.0).expect("load");
    let got: Vec<(usize, f64)> = r.exams.iter().map(|e| (e.line, e.total)).collect();
    assert_eq!(got, [(3, 100000.0), (5, 0.0), (6, 0.0)]);
    assert!(r.exams[2].total.is_sign_positive(), "-0 read as 0");
    let f = "exams.csv";
    assert_eq!(
        one(&r, f, 2, Severity::Error, Some("total")),
        "`-5` is out of range: an exam total is between 0 and 100000; row left out"
    );
    assert_eq!(
        one(&r, f, 4, Severity::Error, Some("total")),
        "`100000.5` is out of range: an exam total is between 0 and 100000; row left out"
    );
    assert_eq!(
        one(&r, f, 7, Severity::Error, Some("total")),
        "`999999999` is out of range: an exam total is between 0 and 100000; row left out"
    );
    assert_eq!(r.findings.len(), 3);
}

#[test]
fn exams_of_left_out_students_still_count_in_their_class() {
    let dir = dir_with(&[(
        "exams.csv",
        "student_id,term,total,class\n\
             S1,2025-2026-1,80,\n\
             S3,2025-2026-1,90,\n\
             S4,2025-2026-1,85,\n\
             S4,2025-2026-2,85,7-2\n\
             S5,2025-2026-1,70,\n\
             S5,2025-2026-2,70,7-2\n\
             S6,2025-2026-1,60,\n\
             S3,2025-2026-2,x,\n\
             S2,2025-2026-1,75,\n",
    )]);
    dir.write(
        "students.csv",
        students(&[
            student("S1", &[]),
            student("S2", &[]),
            student("S3", &[("enrolled_on", "2025-02-30")]),
            format!("{},extra", student("S4", &[])),
            student("S5", &[("class", ""), ("enrolled_on", "")]),
            student("S6", &[("class", "")]),
        ]),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(ids(&r.students, |s| &s.student_id), ["S1", "S2", "S6"]);
    let got: Vec<(usize, &str, &str)> = r
        .exams
        .iter()
        .map(|e| (e.line, e.student_id.as_str(), e.class.class.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "S1", "7-2"),
            (3, "S3", "7-2"),
            (5, "S4", "7-2"),
            (7, "S5", "7-2"),
            (10, "S2", "7-2"),
        ]
    );
    let f = "exams.csv";
    let counts = "the exam result still counts in the class ranking";
    assert_eq!(
        one(&r, f, 3, Severity::Warning, Some("student_id")),
        format!("student `S3` was left out, see students.csv line 4; {counts}")
    );
    assert_eq!(
        one(&r, f, 4, Severity::Warning, Some("student_id")),
        "student `S4` was left out, see students.csv line 5, and its class is not known; \
             row left out"
    );
    assert_eq!(
        one(&r, f, 5, Severity::Warning, Some("student_id")),
        format!("student `S4` was left out, see students.csv line 5; {counts}")
    );
    assert_eq!(
        one(&r, f, 6, Severity::Warning, Some("student_id")),
        "student `S5` was left out, see students.csv line 6, and its class is not known; \
             row left out"
    );
    assert_eq!(
        one(&r, f, 7, Severity::Warning, Some("student_id")),
        format!("student `S5` was left out, see students.csv line 6; {counts}")
    );
    assert_eq!(
        one(&r, f, 8, Severity::Warning, Some("student_id")),
        "student `S6` has no class in students.csv and the exam row gives none: the result \
             is in no class ranking; row left out"
    );
    let own = |s: Severity, c: &str, m: &str| (s, Some(c.to_owned()), m.to_owned());
    assert_eq!(
        at(&r, f, 9),
        [
            own(
                Severity::Error,
                "total",
                "`x` is not a number, expected a decimal such as 85.5; row left out"
            ),
            own(
                Severity::Warning,
                "student_id",
                "student `S3` was left out, see students.csv line 4; row left out"
            ),
        ]
    );
    assert_eq!(
        r.findings.iter().filter(|f| f.file == "exams.csv").count(),
        8
    );
}

#[test]
fn exam_class_keeps_the_students_school() {
    let dir = dir_with(&[(
        "exams.csv",
        "student_id,term,total,class\nS1,2025-2026-1,1,\nS1,2025-2026-2,2,7-5\n",
    )]);
    let mut header = student_header();
    header.push_str(",school");
    dir.write(
        "students.csv",
        format!("{header}\n{},East\n", student("S1", &[])),
    );
    let r = load_dir(&dir.0).expect("load");
    assert_eq!(
        r.exams[0].class,
        ClassKey {
            school: "East".into(),
            class: "7-2".into()
        }
    );
    assert_eq!(
        r.exams[1].class,
        ClassKey {
            school: "East".into(),
            class: "7-5".into()
        }
    );
}

#[test]
fn conduct_rows() {
    let r = load(&[(
        "conduct.csv",
        "date,student_id,severity,note\n\
             2025-10-09,S1,SERIOUS,fight\n\
             2025-10-09,S1,grave,\n\
             2025-10-09,S1,,\n\
             2025/10/32,S1,minor,\n\
             2025-10-10,S2,minor,\n",
    )]);
    assert_eq!(r.conduct.iter().map(|c| c.line).collect::<Vec<_>>(), [2, 6]);
    assert_eq!(r.conduct[0].severity, ConductSeverity::Serious);
    assert_eq!(
        one(&r, "conduct.csv", 3, Severity::Error, Some("severity")),
        "unknown severity `grave`, expected minor or serious; row left out"
    );
    one(&r, "conduct.csv", 4, Severity::Error, Some("severity"));
    one(&r, "conduct.csv", 5, Severity::Error, Some("date"));
}

#[test]
fn honor_rows() {
    let r = load(&[(
        "honors.csv",
        "student_id,academic_year,title\n\
             S1,2025-2026,三好学生\n\
             S1,2025-2026,三好学生\n\
             S1,2025-2026学年,三好学生\n\
             S1,2025-2026,\n\
             S9,2025-2026,三好学生\n\
             S1,2024-2025,三好学生\n",
    )]);
    assert_eq!(r.honors.iter().map(|h| h.line).collect::<Vec<_>>(), [2, 7]);
    assert_eq!(
        one(&r, "honors.csv", 3, Severity::Warning, None),
        "duplicate honor `三好学生` of `S1` in 2025-2026, first on line 2; dropped"
    );
    assert_eq!(
        one(&r, "honors.csv", 4, Severity::Error, Some("academic_year")),
        "`2025-2026学年` is not an academic year YYYY-YYYY (such as 2025-2026); row left out"
    );
    one(&r, "honors.csv", 5, Severity::Error, Some("title"));
    one(&r, "honors.csv", 6, Severity::Error, Some("student_id"));
}

#[test]
fn pairing_rows() {
    let r = load(&[
        ("staff.csv", "staff_id,name,role,class\nT1,Zhang,teacher,\n"),
        (
            "pairings.csv",
            "mentor_id,mentee_id,scheme,start,end\n\
                 T1,S1,hand_in_hand,2025-09-01,\n\
                 T1,S1,hand_in_hand,2025/9/1,2026-01-01\n\
                 T1,S2,hand_in_hand,2025-09-01,2025-08-01\n\
                 X1,S2,hand_in_hand,2025-09-01,\n\
                 T1,S9,hand_in_hand,2025-09-01,\n\
                 S2,S1,one_help_one,2025-09-01,never\n\
                 T1,T1,hand_in_hand,2025-09-01,\n\
                 T1,S2,hand_in_hand,,\n",
        ),
    ]);
    assert_eq!(
        r.pairings.iter().map(|p| p.line).collect::<Vec<_>>(),
        [2, 7]
    );
    assert_eq!(r.pairings[1].end, None, "bad end read as open");
    let f = "pairings.csv";
    assert_eq!(
        one(&r, f, 3, Severity::Warning, None),
        "duplicate pairing of `T1` with `S1` in `hand_in_hand` from 2025-09-01, first on \
             line 2; dropped"
    );
    assert_eq!(
        one(&r, f, 4, Severity::Error, Some("end")),
        "end 2025-08-01 is before start 2025-09-01; row left out"
    );
    assert_eq!(
        one(&r, f, 5, Severity::Error, Some("mentor_id")),
        "unknown mentor `X1`, not a staff_id or student_id; row left out"
    );
    assert_eq!(
        one(&r, f, 6, Severity::Error, Some("mentee_id")),
        "unknown student `S9`; row left out"
    );
    one(&r, f, 7, Severity::Error, Some("end"));
    let found = at(&r, f, 8);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].2, "`T1` is paired with itself; row left out");
    assert_eq!(
        found[1].2,
        "`T1` is a staff_id, not a student_id; row left out"
    );
    one(&r, f, 9, Severity::Error, Some("start"));
}

#[test]
fn activity_rows() {
    let r = load(&[(
        "activities.csv",
        "date,kind,class,student_id,school\n\
             2025-10-10,Outing,,,\n\
             2025-10-10,outing,7-2,S1,East\n\
             2025-10-10,outing,,S9,\n\
             2025-10-10,,,,\n\
             xx,outing,,,\n",
    )]);
    assert_eq!(
        r.activities.iter().map(|a| a.line).collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(r.activities[0].class, None);
    assert_eq!(
        r.activities[1].class,
        Some(ClassKey {
            school: "East".into(),
            class: "7-2".into()
        })
    );
    one(&r, "activities.csv", 4, Severity::Error, Some("student_id"));
    one(&r, "activities.csv", 5, Severity::Error, Some("kind"));
    one(&r, "activities.csv", 6, Severity::Error, Some("date"));
}

// ---- calendar ----

#[test]
fn calendar_rows() {
    let dir = dir_with(&[]);
    dir.write(
        "calendar.csv",
        "kind,start,end,label\n\
             Term,2025-09-01,2026-01-20,2025-2026-1\n\
             term,2025-12-01,2026-02-01,2025-2026-2\n\
             term,2026-02-20,2026-07-10,2025-2027-2\n\
             semester,2026-02-20,2026-07-10,2025-2026-2\n\
             holiday,2025-10-07,2025-10-01,National Day\n\
             workday,2025-09-28,,\n\
             term,2026-02-20,2026-07-10,2025-2026-1\n\
             holiday,2025-10-01,2025-10-07,National Day\n\
             term,2026-02-20,2026-07-10,2025-2026-2\n",
    );
    let r = load_dir(&dir.0).expect("load");
    let labels: Vec<&str> = r.calendar.terms.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["2025-2026-1", "2025-2026-2"]);
    assert_eq!(r.calendar.holidays.len(), 1);
    assert!(r.calendar.workdays.is_empty());
    let f = "calendar.csv";
    assert_eq!(
        one(&r, f, 3, Severity::Error, Some("start")),
        "term `2025-2026-2` overlaps term `2025-2026-1` (line 2); row left out"
    );
    assert_eq!(
        one(&r, f, 4, Severity::Error, Some("label")),
        "term label `2025-2027-2` is not YYYY-YYYY-N with consecutive years (such as \
             2025-2026-1); row left out"
    );
    assert_eq!(
        one(&r, f, 5, Severity::Error, Some("kind")),
        "unknown kind `semester`, expected term, holiday or workday; row left out"
    );
    assert_eq!(
        one(&r, f, 6, Severity::Error, Some("end")),
        "end 2025-10-01 is before start 2025-10-07; row left out"
    );
    one(&r, f, 7, Severity::Error, Some("end"));
    assert_eq!(
        one(&r, f, 8, Severity::Error, Some("label")),
        "duplicate term `2025-2026-1`, first on line 2; row left out"
    );
    assert_eq!(r.findings.len(), 6);
}

#[test]
fn calendar_without_terms_warns() {
    let dir = dir_with(&[]);
    dir.write(
        "calendar.csv",
        "kind,start,end,label\nholiday,2025-10-01,2025-10-07,x\n",
    );
    let r = load_dir(&dir.0).expect("load");
    let f: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.file == "calendar.csv")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].severity, f[0].line), (Severity::Warning, None));
}

// ---- overall ----

#[test]
fn findings_sorted_by_file_then_line() {
    let r = load(&[
        ("zzz.csv", "x\n"),
        (
            "contacts.csv",
            "date,student_id,staff_id,kind,note,extra\nbad,S1,,talk,,\n2025-09-08,S9,,talk,,\n",
        ),
        (
            "conduct.csv",
            "date,student_id,severity,note\nbad,S1,minor,\n",
        ),
    ]);
    let keys: Vec<(&str, Option<usize>)> = r
        .findings
        .iter()
        .map(|f| (f.file.as_str(), f.line))
        .collect();
    assert_eq!(
        keys,
        [
            ("conduct.csv", Some(2)),
            ("contacts.csv", Some(1)),
            ("contacts.csv", Some(2)),
            ("contacts.csv", Some(3)),
            ("zzz.csv", None),
        ]
    );
}

#[test]
fn odd_inputs_never_panic() {
    let odd = [
        "",
        "\n",
        "\"",
        "\"unterminated\nquote",
        "a,b,c\n\"x\"y,z",
        ",,,,,,,,,,,,,,,,,,,,,,,,,,,,\n,,,\n",
        "\u{FEFF}\u{FEFF}kind",
        "kind,start,end,label\nterm,9999-12-31,9999-12-31,9998-9999-1\nterm,0000-01-01,0000-01-01,0000-0001-99\n",
        "student_id,term,total\nS1,x,99999999999999999999999999999999999999\n",
        "\r\r\r\n\n",
    ];
    for (spec, _) in files::ALL {
        for text in odd {
            let dir = dir_with(&[]);
            dir.write(spec.name, text);
            let _ = load_dir(&dir.0);
            let mut header = String::new();
            header.push_str(&spec.required.join(","));
            dir.write(spec.name, format!("{header}\n{text}"));
            let _ = load_dir(&dir.0);
        }
    }
}

#[test]
fn years_outside_the_plausible_span_are_refused_with_their_cell() {
    let dir = dir_with(&[]);
    dir.write(
        "students.csv",
        students(&[
            student("S1", &[("birth_date", "0026-04-08")]),
            student("S2", &[("birth_date", "1899-12-31")]),
            student("S3", &[("birth_date", "0000-01-01")]),
            student("S4", &[("birth_date", "2101-1-1")]),
            student("S5", &[("birth_date", "0098年5月1日")]),
            // The first and last years of the span are accepted.
            student("S6", &[("birth_date", "1950-01-01")]),
            student("S7", &[("birth_date", "2100/12/31")]),
            // A Chinese date with a time of day: the day counts.
            student("S8", &[("birth_date", "2015年04月08日10:05")]),
        ]),
    );
    let r = load_dir(&dir.0).expect("load");
    let birth = |i: usize| r.students[i].birth_date;
    assert_eq!(
        (0..5).map(birth).collect::<Vec<_>>(),
        [None, None, None, None, None]
    );
    assert_eq!(birth(5), Some(date("1950-01-01")));
    assert_eq!(birth(6), Some(date("2100-12-31")));
    assert_eq!(birth(7), Some(date("2015-04-08")));
    // Rows 2 to 6 of students.csv (the header is row 1), column birth_date.
    let messages: Vec<String> = (2..=6)
        .map(|line| {
            one(
                &r,
                "students.csv",
                line,
                Severity::Error,
                Some("birth_date"),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            "`0026-04-08` is not a date in 1950–2100 (year 0026 is outside 1950–2100; did you mean 2026?); value ignored",
            "`1899-12-31` is not a date in 1950–2100 (year 1899 is outside 1950–2100); value ignored",
            "`0000-01-01` is not a date in 1950–2100 (year 0000 is outside 1950–2100; did you mean 2000?); value ignored",
            "`2101-1-1` is not a date in 1950–2100 (year 2101 is outside 1950–2100); value ignored",
            "`0098年5月1日` is not a date in 1950–2100 (year 0098 is outside 1950–2100; did you mean 1998?); value ignored",
        ]
    );
    assert!(at(&r, "students.csv", 9).is_empty(), "{:#?}", r.findings);
}

#[test]
fn a_chinese_date_with_a_time_is_a_date_never_an_id_number() {
    // Contacts with a date the loader cannot use and one it can: neither is withheld as an
    // ID number, and the bad one is filed under bad dates.
    let r = load(&[(
        "contacts.csv",
        "date,student_id,staff_id,kind,note\n\
             2025年09月08日10:05,S1,,talk,\n\
             2025年09月31日10:05,S1,,talk,\n",
    )]);
    assert_eq!(r.contacts.len(), 1);
    assert_eq!(r.contacts.get(0).date, date("2025-09-08"));
    let m = one(&r, "contacts.csv", 3, Severity::Error, Some("date"));
    assert_eq!(
        m,
        format!(
            "`2025年09月31日10:05` is not a date, expected {}; row left out",
            super::super::value::DATE_FORMS
        )
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.line == Some(3))
        .expect("finding");
    assert_eq!(f.kind(), crate::records::FindingKind::Dates);
    assert_eq!(crate::privacy::personal_kind("2015年04月08日10:05"), None);
    assert_eq!(crate::privacy::personal_kind("2015-04-08 10:05:00"), None);
    // An ID number stays withheld.
    assert!(crate::privacy::personal_kind("110101201504081005").is_some());
}
