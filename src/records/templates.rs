//! Blank record templates with Chinese headers, as `careplan init` writes them: one CSV file
//! per record file (UTF-8 with BOM, so Excel opens it without mojibake), one workbook with a
//! sheet per record file, and the `schema.ron` that maps both onto the canonical files.

use super::{child_column, chinese_column};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// One record file's Chinese layout.
pub struct Layout {
    /// Canonical file name (`students.csv`).
    pub canonical: &'static str,
    /// The CSV file name and the sheet name (`学生`).
    pub name: &'static str,
    /// Canonical column → Chinese header, in the template's column order.
    pub columns: &'static [(&'static str, &'static str)],
    /// Canonical column → (word as written, canonical word).
    pub values: &'static [(&'static str, &'static [(&'static str, &'static str)])],
}

/// The Chinese layouts of every canonical record file, in reading order.
pub const CHINESE: &[Layout] = &[
    Layout {
        canonical: "calendar.csv",
        name: "校历",
        columns: &[
            ("kind", "类型"),
            ("start", "开始日期"),
            ("end", "结束日期"),
            ("label", "名称"),
        ],
        values: &[(
            "kind",
            &[
                ("学期", "term"),
                ("假期", "holiday"),
                ("节假日", "holiday"),
                ("调休上班", "workday"),
            ],
        )],
    },
    Layout {
        canonical: "students.csv",
        name: "学生",
        columns: &[
            ("student_id", "学号"),
            ("name", "姓名"),
            chinese_column("gender"),
            chinese_column("birth_date"),
            ("school", "学校"),
            ("grade", "年级"),
            ("class", "班级"),
            ("left_behind", "是否留守"),
            ("single_parent", "是否单亲"),
            ("potential_student", "是否学困生"),
            chinese_column("id_number"),
            chinese_column("guardian_name"),
            chinese_column("guardian_relation"),
            chinese_column("guardian_phone"),
            chinese_column("father_name"),
            chinese_column("father_phone"),
            chinese_column("father_workplace"),
            chinese_column("mother_name"),
            chinese_column("mother_phone"),
            chinese_column("mother_workplace"),
            chinese_column("home_address"),
            chinese_column("health"),
            ("enrolled_on", "入学日期"),
            ("left_on", "离校日期"),
            ("left_reason", "离校原因"),
            ("guardian_birth_date", "监护人出生日期"),
            ("poor", "是否贫困"),
        ],
        values: &[
            ("gender", &[("男", "M"), ("女", "F")]),
            (
                "left_reason",
                &[
                    ("转学", "transfer"),
                    ("辍学", "dropout"),
                    ("毕业", "graduated"),
                    ("其他", "other"),
                ],
            ),
        ],
    },
    Layout {
        canonical: "staff.csv",
        name: "教职工",
        columns: &[
            ("staff_id", "工号"),
            ("name", "姓名"),
            ("role", "角色"),
            ("school", "学校"),
            ("class", "班级"),
        ],
        values: &[(
            "role",
            &[
                ("班主任", "head_teacher"),
                ("教师", "teacher"),
                ("任课教师", "teacher"),
                ("爱心妈妈", "caring_mother"),
                ("志愿者", "volunteer"),
                ("党员", "party_member"),
                ("退休老干部", "retired_veteran"),
                ("民警", "police"),
                ("法律顾问", "legal_adviser"),
            ],
        )],
    },
    Layout {
        canonical: "contacts.csv",
        name: "联系记录",
        columns: &[
            ("date", "日期"),
            ("student_id", "学号"),
            ("staff_id", "工号"),
            ("kind", "方式"),
            ("note", "记录"),
        ],
        values: &[(
            "kind",
            &[
                ("谈话", "talk"),
                ("谈心", "heart_talk"),
                ("家访", "home_visit"),
                ("电话", "parent_call"),
                ("家书", "letter_home"),
            ],
        )],
    },
    Layout {
        canonical: "exams.csv",
        name: "考试成绩",
        columns: &[
            ("student_id", "学号"),
            ("term", "学期"),
            ("total", "总分"),
            ("school", "学校"),
            ("class", "考试班级"),
        ],
        values: &[],
    },
    Layout {
        canonical: "conduct.csv",
        name: "违纪记录",
        columns: &[
            ("date", "日期"),
            ("student_id", "学号"),
            ("severity", "程度"),
            ("note", "说明"),
        ],
        values: &[("severity", &[("一般", "minor"), ("严重", "serious")])],
    },
    Layout {
        canonical: "honors.csv",
        name: "荣誉",
        columns: &[
            ("student_id", "学号"),
            ("academic_year", "学年"),
            ("title", "荣誉称号"),
        ],
        values: &[],
    },
    Layout {
        canonical: "pairings.csv",
        name: "结对帮扶",
        columns: &[
            ("mentor_id", "帮扶人编号"),
            ("mentee_id", "受助学生学号"),
            ("scheme", "帮扶方式"),
            ("start", "开始日期"),
            ("end", "结束日期"),
        ],
        values: &[(
            "scheme",
            &[("手拉手", "hand_in_hand"), ("一帮一", "one_help_one")],
        )],
    },
    Layout {
        canonical: "activities.csv",
        name: "活动",
        columns: &[
            ("date", "日期"),
            ("kind", "活动类型"),
            ("school", "学校"),
            ("class", "班级"),
            ("student_id", "学号"),
        ],
        values: &[],
    },
    Layout {
        canonical: "plans.csv",
        name: "个别教育计划",
        columns: &[
            ("student_id", "学号"),
            ("date", "日期"),
            ("reason", "原因"),
            ("staff_id", "制定人工号"),
            ("note", "说明"),
        ],
        values: &[],
    },
    Layout {
        canonical: "catchment.csv",
        name: "片区适龄留守儿童",
        columns: &[
            ("name", "姓名"),
            ("birth_date", "出生日期"),
            ("student_id", "学号"),
            ("village", "村（社区）"),
        ],
        values: &[],
    },
    Layout {
        canonical: "helper_split.csv",
        name: "帮扶积分分配",
        columns: &[
            ("academic_year", "学年"),
            ("school", "学校"),
            ("class", "班级"),
            ("helper_id", "帮扶人编号"),
            ("points", "分配积分"),
            ("note", "说明"),
        ],
        values: &[],
    },
];

/// Columns whose cells a workbook template formats as text, so that Excel keeps the leading
/// zeros of an id (and, with the child-file columns of digits, every digit of an ID or phone
/// number).
const TEXT_COLUMNS: &[&str] = &[
    "student_id",
    "staff_id",
    "mentor_id",
    "mentee_id",
    "helper_id",
];

/// Columns that hold dates.
const DATE_COLUMNS: &[&str] = &[
    "start",
    "end",
    "birth_date",
    "guardian_birth_date",
    "enrolled_on",
    "left_on",
    "date",
];

/// The `schema.ron` of the templates: sheet and file names, headers and words.
pub fn schema_ron() -> String {
    let mut s = String::from(
        "// schema.ron: how this school's record spreadsheets are laid out (see careplan's README).\n\
         // `sheet` names the sheet of the workbook, `file` the CSV file; `columns` maps each\n\
         // canonical column onto the header as written; `values` maps words as written onto\n\
         // the canonical ones. Rename a header or a word here when the school writes it\n\
         // otherwise; add `required: [\"id_number\"]` for columns that must exist, `ignore:\n\
         // [\"序号\"]` for columns nobody reads.\n\
         Schema(\n    files: {\n",
    );
    for l in CHINESE {
        let stem = l.canonical.trim_end_matches(".csv");
        s.push_str(&format!(
            "        \"{stem}\": (\n            sheet: \"{}\",\n            file: \"{}.csv\",\n            columns: {{\n",
            l.name, l.name
        ));
        for (c, h) in l.columns {
            s.push_str(&format!("                \"{c}\": \"{h}\",\n"));
        }
        s.push_str("            },\n");
        if !l.values.is_empty() {
            s.push_str("            values: {\n");
            for (c, words) in l.values {
                s.push_str(&format!("                \"{c}\": {{"));
                let pairs: Vec<String> = words
                    .iter()
                    .map(|(w, v)| format!("\"{w}\": \"{v}\""))
                    .collect();
                s.push_str(&pairs.join(", "));
                s.push_str("},\n");
            }
            s.push_str("            },\n");
        }
        s.push_str("        ),\n");
    }
    s.push_str("    },\n)\n");
    s
}

/// The CSV templates: (file name, bytes), each a UTF-8 BOM and a header line.
pub fn csv_templates() -> Vec<(String, Vec<u8>)> {
    CHINESE
        .iter()
        .map(|l| {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            let headers: Vec<&str> = l.columns.iter().map(|(_, h)| *h).collect();
            bytes.extend_from_slice(headers.join(",").as_bytes());
            bytes.extend_from_slice(b"\r\n");
            (format!("{}.csv", l.name), bytes)
        })
        .collect()
}

/// The workbook template: a sheet per record file with its header row in bold, ID and phone
/// columns formatted as text and date columns as dates.
///
/// # Errors
/// The writer's message when the workbook cannot be built.
pub fn workbook_template() -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    // A fixed creation day: the same template always has the same bytes.
    let created = ExcelDateTime::from_ymd(2025, 9, 1).map_err(|e| e.to_string())?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for l in CHINESE {
        let sheet = book.add_worksheet();
        sheet.set_name(l.name).map_err(|e| e.to_string())?;
        for (i, (c, h)) in l.columns.iter().enumerate() {
            let col = u16::try_from(i).map_err(|e| e.to_string())?;
            let width = if *c == "home_address" || *c == "note" {
                30
            } else {
                14
            };
            sheet
                .set_column_width(col, width)
                .map_err(|e| e.to_string())?;
            if TEXT_COLUMNS.contains(c) || child_column(c).is_some_and(|c| c.digits) {
                sheet
                    .set_column_format(col, &text)
                    .map_err(|e| e.to_string())?;
            } else if DATE_COLUMNS.contains(c) {
                sheet
                    .set_column_format(col, &date)
                    .map_err(|e| e.to_string())?;
            }
            sheet
                .write_string_with_format(0, col, *h, &bold)
                .map_err(|e| e.to_string())?;
        }
        sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::files;
    use super::*;

    #[test]
    fn layouts_cover_every_canonical_column() {
        assert_eq!(CHINESE.len(), files::ALL.len());
        for ((spec, _), l) in files::ALL.iter().zip(CHINESE) {
            assert_eq!(spec.name, l.canonical);
            let mut want: Vec<&str> = spec.required.iter().chain(spec.optional).copied().collect();
            let mut have: Vec<&str> = l.columns.iter().map(|(c, _)| *c).collect();
            want.sort_unstable();
            have.sort_unstable();
            assert_eq!(have, want, "{}", l.canonical);
        }
    }

    #[test]
    fn the_schema_parses_and_maps_every_header() {
        let layouts = super::super::schema::parse(&schema_ron()).expect("template schema parses");
        for ((spec, _), l) in files::ALL.iter().zip(CHINESE) {
            let layout = layouts.of(spec);
            assert_eq!(layout.sheet.as_deref(), Some(l.name));
            for (c, h) in l.columns {
                assert_eq!(layout.resolve(spec, h), Some(*c), "{h}");
            }
        }
    }
}
