//! The child-file columns of `students.csv` (a child's file: gender, guardian, parents, home,
//! health): the one table that the file spec, the reader, the masking of findings, the
//! templates and a policy's `child_files` rule all take them from.

/// One child-file column of `students.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChildColumn {
    /// Canonical column name (`guardian_phone`).
    pub name: &'static str,
    /// Its header in the Chinese templates (`监护人电话`).
    pub chinese: &'static str,
    /// Whether `students.csv` must have the column (a value may still be empty).
    pub required: bool,
    /// Personal data: a finding never echoes a value of it unmasked.
    pub private: bool,
    /// An ID or phone number: a workbook template formats its cells as text, so that Excel
    /// keeps every digit.
    pub digits: bool,
}

const fn column(
    name: &'static str,
    chinese: &'static str,
    required: bool,
    private: bool,
    digits: bool,
) -> ChildColumn {
    ChildColumn {
        name,
        chinese,
        required,
        private,
        digits,
    }
}

/// The child-file columns, in the order a child's file lists them.
pub(crate) const CHILD_COLUMNS: [ChildColumn; 14] = [
    //     name                 Chinese header    required private digits
    column("gender", "性别", true, false, false),
    column("birth_date", "出生日期", true, false, false),
    column("id_number", "身份证号", false, true, true),
    column("guardian_name", "监护人", true, false, false),
    column("guardian_relation", "与监护人关系", true, false, false),
    column("guardian_phone", "监护人电话", true, true, true),
    column("father_name", "父亲姓名", true, false, false),
    column("father_phone", "父亲电话", true, true, true),
    column("father_workplace", "父亲务工地", true, false, false),
    column("mother_name", "母亲姓名", true, false, false),
    column("mother_phone", "母亲电话", true, true, true),
    column("mother_workplace", "母亲务工地", true, false, false),
    column("home_address", "家庭住址", true, true, false),
    column("health", "健康状况", true, false, false),
];

/// The names of the child-file columns (`gender`, …, `health`), in the order of a child's
/// file: the `students.csv` columns a policy's child-file rule may require a child to have.
pub const CHILD_FILE_FIELDS: [&str; CHILD_COLUMNS.len()] = {
    let mut names = [""; CHILD_COLUMNS.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = CHILD_COLUMNS[i].name;
        i += 1;
    }
    names
};

/// The child-file column named `name`, if it is one.
pub(crate) fn child_column(name: &str) -> Option<&'static ChildColumn> {
    CHILD_COLUMNS.iter().find(|c| c.name == name)
}

/// `(name, Chinese header)` of the child-file column `name`, for a template's column list.
///
/// # Panics
/// When `name` is no child-file column: at compile time, as it is used in constants.
pub(crate) const fn chinese_column(name: &str) -> (&'static str, &'static str) {
    let mut i = 0;
    while i < CHILD_COLUMNS.len() {
        let c = CHILD_COLUMNS[i];
        if same(c.name, name) {
            return (c.name, c.chinese);
        }
        i += 1;
    }
    panic!("not a child-file column")
}

/// `a == b`, in a constant.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::files::STUDENTS;

    #[test]
    fn students_spec_holds_every_child_column_as_the_table_says() {
        for c in CHILD_COLUMNS {
            let list = if c.required {
                STUDENTS.required
            } else {
                STUDENTS.optional
            };
            assert!(list.contains(&c.name), "{} in students.csv", c.name);
        }
    }

    #[test]
    fn policy_child_file_fields_are_the_table() {
        assert_eq!(crate::policy::CHILD_FILE_FIELDS, CHILD_FILE_FIELDS);
    }
}
