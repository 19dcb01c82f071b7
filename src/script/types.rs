//! The typed values a script receives: registered Rust types with getters (never ad-hoc maps),
//! so a misspelled property is an error, not `()`. Scripts hold them behind an [`Arc`], so
//! passing a child, a contact or a window to a call costs a reference count, not a copy.

use rhai::{Array, Dynamic, Engine, EvalAltResult, Position};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The exams a script can ask a rank on, by name.
pub const EXAM_NAMES: &[&str] = &["first_term", "final", "previous_final", "rank_base"];

/// A child as a script sees it: `student.id`, `student.left_behind`, `student.rank("final")` …
#[derive(Debug, Clone, Default)]
pub struct ScriptStudent {
    /// `student_id`.
    pub id: String,
    /// `name`.
    pub name: String,
    /// Class (with school when there are several).
    pub class: String,
    /// `grade` as written.
    pub grade: String,
    /// `left_behind`.
    pub left_behind: bool,
    /// `single_parent`.
    pub single_parent: bool,
    /// `potential_student`.
    pub potential_student: bool,
    /// `enrolled_on`, ISO date.
    pub enrolled_on: String,
    /// `left_on`, ISO date, or empty.
    pub left_on: String,
    /// `birth_date`, ISO date, or empty.
    pub birth_date: String,
    /// Child-file fields that hold a value, by canonical column name.
    pub file: BTreeMap<String, String>,
    /// Class rank and class size (results in the class) per exam name; rank 0 = no rank.
    pub ranks: BTreeMap<&'static str, (i64, i64)>,
    /// Serious conduct records dated in the academic year up to the as-of date.
    pub serious_conduct: i64,
    /// Minor conduct records, likewise.
    pub minor_conduct: i64,
    /// Honour titles of the academic year.
    pub honors: Vec<String>,
    /// The as-of date, ISO.
    pub as_of: String,
    /// The academic year (`2025-2026`).
    pub year: String,
}

/// A contact as a script sees it.
#[derive(Debug, Clone, Default)]
pub struct ScriptContact {
    /// ISO date.
    pub date: String,
    /// Kind, lowercase.
    pub kind: String,
    /// Who made it, or empty.
    pub staff_id: String,
    /// Roles of who made it (lowercase), empty when unknown.
    pub staff_roles: Vec<String>,
    /// The record-card note, or empty.
    pub note: String,
}

/// An obligation window as a script sees it.
#[derive(Debug, Clone, Default)]
pub struct ScriptWindow {
    /// First day, ISO.
    pub start: String,
    /// Last day, ISO.
    pub end: String,
    /// Due day, ISO, or empty.
    pub due: String,
    /// Every contact of the child in the window up to the as-of date, in date order.
    pub contacts: Vec<Arc<ScriptContact>>,
}

/// The canonical child-file fields `student.field(name)` accepts.
pub const FILE_FIELDS: &[&str] = &[
    "gender",
    "birth_date",
    "id_number",
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
    "father_name",
    "father_phone",
    "father_workplace",
    "mother_name",
    "mother_phone",
    "mother_workplace",
    "home_address",
    "health",
];

/// The properties of a `Student` (for messages; kept equal to what [`register`] registers by
/// a unit test).
pub const STUDENT_PROPERTIES: &[&str] = &[
    "id",
    "name",
    "class",
    "grade",
    "left_behind",
    "single_parent",
    "potential_student",
    "enrolled_on",
    "left_on",
    "birth_date",
    "serious_conduct",
    "minor_conduct",
    "as_of",
    "year",
    "honors",
];

/// The properties of a `Contact`.
pub const CONTACT_PROPERTIES: &[&str] = &["date", "kind", "staff_id", "note", "has_note"];

/// The properties of a `Window`.
pub const WINDOW_PROPERTIES: &[&str] = &["start", "end", "due", "contacts"];

/// The functions and methods careplan adds to Rhai's standard ones.
pub const FUNCTIONS: &[&str] = &[
    "rank",
    "class_size",
    "field",
    "has_field",
    "has_honor",
    "made_by_role",
    "days_between",
];

fn err(msg: String) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(msg.into(), Position::NONE))
}

fn exam(s: &ScriptStudent, name: &str) -> Result<(i64, i64), Box<EvalAltResult>> {
    if !EXAM_NAMES.contains(&name) {
        return Err(err(format!(
            "unknown exam `{name}`; use one of {}",
            EXAM_NAMES.join(", ")
        )));
    }
    Ok(s.ranks.get(name).copied().unwrap_or((0, 0)))
}

/// Registers the script types and their getters on `engine`.
pub fn register(engine: &mut Engine) {
    engine
        .register_type_with_name::<Arc<ScriptStudent>>("Student")
        .register_get("id", |s: &mut Arc<ScriptStudent>| s.id.clone())
        .register_get("name", |s: &mut Arc<ScriptStudent>| s.name.clone())
        .register_get("class", |s: &mut Arc<ScriptStudent>| s.class.clone())
        .register_get("grade", |s: &mut Arc<ScriptStudent>| s.grade.clone())
        .register_get("left_behind", |s: &mut Arc<ScriptStudent>| s.left_behind)
        .register_get("single_parent", |s: &mut Arc<ScriptStudent>| {
            s.single_parent
        })
        .register_get("potential_student", |s: &mut Arc<ScriptStudent>| {
            s.potential_student
        })
        .register_get("enrolled_on", |s: &mut Arc<ScriptStudent>| {
            s.enrolled_on.clone()
        })
        .register_get("left_on", |s: &mut Arc<ScriptStudent>| s.left_on.clone())
        .register_get("birth_date", |s: &mut Arc<ScriptStudent>| {
            s.birth_date.clone()
        })
        .register_get("serious_conduct", |s: &mut Arc<ScriptStudent>| {
            s.serious_conduct
        })
        .register_get("minor_conduct", |s: &mut Arc<ScriptStudent>| {
            s.minor_conduct
        })
        .register_get("as_of", |s: &mut Arc<ScriptStudent>| s.as_of.clone())
        .register_get("year", |s: &mut Arc<ScriptStudent>| s.year.clone())
        .register_get("honors", |s: &mut Arc<ScriptStudent>| {
            s.honors
                .iter()
                .cloned()
                .map(Dynamic::from)
                .collect::<Array>()
        })
        .register_fn("has_honor", |s: &mut Arc<ScriptStudent>, title: &str| {
            s.honors.iter().any(|h| h == title)
        })
        .register_fn(
            "rank",
            |s: &mut Arc<ScriptStudent>, name: &str| -> Result<i64, Box<EvalAltResult>> {
                Ok(exam(s, name)?.0)
            },
        )
        .register_fn(
            "class_size",
            |s: &mut Arc<ScriptStudent>, name: &str| -> Result<i64, Box<EvalAltResult>> {
                Ok(exam(s, name)?.1)
            },
        )
        .register_fn(
            "field",
            |s: &mut Arc<ScriptStudent>, name: &str| -> Result<String, Box<EvalAltResult>> {
                if !FILE_FIELDS.contains(&name) {
                    return Err(err(format!("unknown file field `{name}`")));
                }
                Ok(s.file.get(name).cloned().unwrap_or_default())
            },
        )
        .register_fn(
            "has_field",
            |s: &mut Arc<ScriptStudent>, name: &str| -> Result<bool, Box<EvalAltResult>> {
                if !FILE_FIELDS.contains(&name) {
                    return Err(err(format!("unknown file field `{name}`")));
                }
                Ok(s.file.contains_key(name))
            },
        );
    engine
        .register_type_with_name::<Arc<ScriptContact>>("Contact")
        .register_get("date", |c: &mut Arc<ScriptContact>| c.date.clone())
        .register_get("kind", |c: &mut Arc<ScriptContact>| c.kind.clone())
        .register_get("staff_id", |c: &mut Arc<ScriptContact>| c.staff_id.clone())
        .register_get("note", |c: &mut Arc<ScriptContact>| c.note.clone())
        .register_get("has_note", |c: &mut Arc<ScriptContact>| !c.note.is_empty())
        .register_fn("made_by_role", |c: &mut Arc<ScriptContact>, role: &str| {
            c.staff_roles.iter().any(|r| r == role)
        });
    engine
        .register_type_with_name::<Arc<ScriptWindow>>("Window")
        .register_get("start", |w: &mut Arc<ScriptWindow>| w.start.clone())
        .register_get("end", |w: &mut Arc<ScriptWindow>| w.end.clone())
        .register_get("due", |w: &mut Arc<ScriptWindow>| w.due.clone())
        .register_get("contacts", |w: &mut Arc<ScriptWindow>| {
            w.contacts
                .iter()
                .cloned()
                .map(Dynamic::from)
                .collect::<Array>()
        });
    // Whole days from one ISO date to another (`days_between("2026-03-02", "2026-03-09")` = 7).
    engine.register_fn(
        "days_between",
        |a: &str, b: &str| -> Result<i64, Box<EvalAltResult>> {
            let parse = |s: &str| {
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| err(format!("`{s}` is not a date YYYY-MM-DD")))
            };
            Ok((parse(b)? - parse(a)?).num_days())
        },
    );
}

impl ScriptStudent {
    /// A plausible child for dry runs at load time: every field filled, ranks on every exam.
    pub fn sample() -> Self {
        let mut file = BTreeMap::new();
        for f in FILE_FIELDS {
            file.insert((*f).to_owned(), "x".to_owned());
        }
        ScriptStudent {
            id: "S0001".into(),
            name: "样例".into(),
            class: "7-1".into(),
            grade: "7".into(),
            left_behind: true,
            single_parent: false,
            potential_student: false,
            enrolled_on: "2025-09-01".into(),
            left_on: String::new(),
            birth_date: "2013-05-01".into(),
            file,
            ranks: EXAM_NAMES.iter().map(|e| (*e, (12, 40))).collect(),
            serious_conduct: 0,
            minor_conduct: 1,
            honors: vec!["三好学生".into()],
            as_of: "2026-07-31".into(),
            year: "2025-2026".into(),
        }
    }
}

impl ScriptContact {
    /// A plausible contact for dry runs.
    pub fn sample() -> Self {
        ScriptContact {
            date: "2026-03-02".into(),
            kind: "talk".into(),
            staff_id: "T01".into(),
            staff_roles: vec!["head_teacher".into(), "teacher".into()],
            note: "学习情况".into(),
        }
    }
}

impl ScriptWindow {
    /// A plausible window for dry runs.
    pub fn sample() -> Self {
        ScriptWindow {
            start: "2026-03-02".into(),
            end: "2026-03-08".into(),
            due: "2026-03-02".into(),
            contacts: vec![Arc::new(ScriptContact::sample())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property the messages list exists on the sample values, and every registered
    /// getter is listed (a getter not listed here would be missing from "did you mean").
    #[test]
    fn listed_properties_are_the_registered_ones() {
        let mut engine = Engine::new();
        register(&mut engine);
        let mut scope = rhai::Scope::new();
        scope.push("student", Arc::new(ScriptStudent::sample()));
        scope.push("contact", Arc::new(ScriptContact::sample()));
        scope.push("window", Arc::new(ScriptWindow::sample()));
        for (var, props) in [
            ("student", STUDENT_PROPERTIES),
            ("contact", CONTACT_PROPERTIES),
            ("window", WINDOW_PROPERTIES),
        ] {
            for p in props {
                let got = engine.eval_with_scope::<Dynamic>(&mut scope, &format!("{var}.{p}"));
                assert!(got.is_ok(), "{var}.{p}: {got:?}");
            }
        }
        let calls = [
            r#"student.rank("final")"#,
            r#"student.class_size("final")"#,
            r#"student.field("health")"#,
            r#"student.has_field("health")"#,
            r#"student.has_honor("三好学生")"#,
            r#"contact.made_by_role("teacher")"#,
            r#"days_between("2026-03-02", "2026-03-09")"#,
        ];
        for (f, call) in FUNCTIONS.iter().zip(calls) {
            assert!(call.contains(f), "{call} calls {f}");
            let got = engine.eval_with_scope::<Dynamic>(&mut scope, call);
            assert!(got.is_ok(), "{call}: {got:?}");
        }
        // The getters registered for Student: one per listed property, no more.
        let source = include_str!("types.rs");
        let registered = source
            .split(".register_get(\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .count();
        assert_eq!(
            registered,
            STUDENT_PROPERTIES.len() + CONTACT_PROPERTIES.len() + WINDOW_PROPERTIES.len()
        );
    }
}
