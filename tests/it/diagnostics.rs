//! Policy diagnostics as `careplan check` prints them: the whole rendered snippet (message,
//! `--> file:line:col`, the source line, the caret line with its exact indent and width, the
//! help line), each with Chinese text on the offending line. Columns count characters; the
//! caret line is drawn in display cells, and a Chinese character (or a full-width `：`) takes
//! two cells, so the indent under such a line is wider than its column number.
//!
//! Widths used below: `计划五 §6：第一名` is 10 characters, of which 7 are two cells wide (计 划
//! 五 ： 第 一 名) and 3 one cell (space, `§`, `6`): 17 cells. `计划五 §6：二至五名` is 11
//! characters, 8 of them wide: 19 cells. `三好学生` is 4 characters, 8 cells.

use careplan::diagnostic::{Diagnostic, Level};
use careplan::policy::Draft;

/// The one diagnostic of a plan that fails to parse.
fn parse_error(source: &str) -> Diagnostic {
    let err = Draft::parse("plan.ron", source).expect_err("the plan has a syntax error");
    assert_eq!(
        err.diagnostics.len(),
        1,
        "the parser stops at the first error"
    );
    err.diagnostics[0].clone()
}

/// `n` spaces (the indent of a caret line).
fn sp(n: usize) -> String {
    " ".repeat(n)
}

/// `n` carets.
fn carets(n: usize) -> String {
    "^".repeat(n)
}

// ---------------------------------------------------------------------------------------------
// (a) a typo'd key

/// `amount_fem` on line 9.
const TYPO_TIER: &str = r#"Plan(
    id: "typo",
    name: "A typo in a prize tier",
    seed: "Plan 5",
    prizes: (
        stack: true,
        tiers: [
            (id: "progress", seed: "计划五 §6：进步5名", rule: Progress(from: FirstTerm, to: Final, min_places: 5), amount_fen: 1500),
            (id: "first", seed: "计划五 §6：第一名", rule: Rank(exam: Final, from: 1, to: 1), amount_fem: 10000),
        ],
    ),
)
"#;

#[test]
fn typo_key_after_chinese_text() {
    let d = parse_error(TYPO_TIER);
    let line = r#"            (id: "first", seed: "计划五 §6：第一名", rule: Rank(exam: Final, from: 1, to: 1), amount_fem: 10000),"#;
    // Before `amount_fem`: 12 spaces + `(id: "first", ` (14) + `seed: "` (7) + the seed text
    // (10 characters) + `", ` (3) + `rule: Rank(exam: Final, from: 1, to: 1), ` (41) = 87
    // characters → column 88; in cells 87 + 7 (the 7 wide characters count twice) = 94.
    let expected = format!(
        "error: unknown key `amount_fem` in tier\n\
         \x20 --> plan.ron:9:88\n\
         \x20 |\n\
         9 | {line}\n\
         \x20 | {}{}\n\
         \x20 = help: did you mean `amount_fen`?\n",
        sp(94),
        carets(10) // `amount_fem`
    );
    assert_eq!(d.render(), expected);
    assert_eq!((d.level, d.line, d.col), (Level::Error, Some(9), Some(88)));
}

/// `pointz` on line 11, after a Chinese title.
const TYPO_POINTS: &str = r#"Plan(
    id: "typo",
    name: "A typo in a point rule",
    seed: "Plan 5",
    assessment: (
        covers: [LeftBehind],
        rules: [
            (
                id: "three_good_students",
                seed: "计划五 §6：三好学生10分",
                rule: HonorTitle(title: "三好学生", pointz: 10),
            ),
        ],
    ),
)
"#;

#[test]
fn typo_key_after_a_chinese_title_two_digit_line() {
    let d = parse_error(TYPO_POINTS);
    // 16 spaces + `rule: HonorTitle(` (17) + `title: "` (8) + `三好学生` (4) + `", ` (3) = 48
    // characters → column 49; cells 48 + 4 = 52. Line 11 has two digits: the gutter is
    // three cells wide.
    let expected = format!(
        "error: unknown key `pointz` in honor title\n\
         \x20 --> plan.ron:11:49\n\
         \x20  |\n\
         11 |                 rule: HonorTitle(title: \"三好学生\", pointz: 10),\n\
         \x20  | {}{}\n\
         \x20 = help: did you mean `points`?\n",
        sp(52),
        carets(6) // `pointz`
    );
    assert_eq!(d.render(), expected);
}

// ---------------------------------------------------------------------------------------------
// (b) a type error: a string where a number is expected

/// `amount_fen: "3000"` on line 8.
const STRING_AMOUNT: &str = r#"Plan(
    id: "types",
    name: "A string where a number is expected",
    seed: "Plan 5",
    prizes: (
        stack: true,
        tiers: [
            (id: "top5", seed: "计划五 §6：二至五名", rule: Rank(exam: Final, from: 2, to: 5), amount_fen: "3000"),
        ],
    ),
)
"#;

const STRING_AMOUNT_LINE: &str = r#"            (id: "top5", seed: "计划五 §6：二至五名", rule: Rank(exam: Final, from: 2, to: 5), amount_fen: "3000"),"#;

#[test]
fn type_error_string_for_a_number() {
    let d = parse_error(STRING_AMOUNT);
    // Before `"3000"`: 12 spaces + `(id: "top5", ` (13) + `seed: "` (7) + the seed text (11)
    // + `", ` (3) + `rule: Rank(exam: Final, from: 2, to: 5), ` (41) + `amount_fen: ` (12) =
    // 99 characters → column 100; cells 99 + 8 = 107. The value `"3000"` is 6 cells.
    let expected = format!(
        "error: `amount_fen` takes a whole number, not `\"3000\"`\n\
         \x20 --> plan.ron:8:100\n\
         \x20 |\n\
         8 | {STRING_AMOUNT_LINE}\n\
         \x20 | {}{}\n\
         \x20 = help: write the value without quotes\n",
        sp(107),
        carets(6)
    );
    assert_eq!(d.render(), expected);
}

#[test]
fn type_error_names_the_line_of_the_value() {
    // What is right today of the case above: the error, its line, the source line shown.
    let d = parse_error(STRING_AMOUNT);
    assert_eq!((d.level, d.line), (Level::Error, Some(8)));
    assert!(d.message.contains("whole number"), "{}", d.message);
    let render = d.render();
    assert!(render.contains("  --> plan.ron:8:"), "{render}");
    assert!(
        render.contains(&format!("\n  |\n8 | {STRING_AMOUNT_LINE}\n  | ")),
        "{render}"
    );
}

// ---------------------------------------------------------------------------------------------
// (c) overlapping prize tiers: a `check` warning on a valid plan

/// `first` covers ranks 1–2 and `top5` ranks 2–5: they overlap at rank 2 (line 9).
const OVERLAP: &str = r#"Plan(
    id: "overlap",
    name: "Overlapping prize tiers",
    seed: "Plan 5",
    prizes: (
        stack: true,
        tiers: [
            (id: "first", seed: "计划五 §6：第一名", rule: Rank(exam: Final, from: 1, to: 2), amount_fen: 10000),
            (id: "top5", seed: "计划五 §6：二至五名", rule: Rank(exam: Final, from: 2, to: 5), amount_fen: 3000),
        ],
    ),
)
"#;

#[test]
fn overlapping_tiers_warning() {
    let draft = Draft::parse("plan.ron", OVERLAP).expect("parses");
    let policy = draft
        .validate()
        .expect("overlapping tiers are valid, with a warning");
    let warnings = draft.lint(&policy);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let d = &warnings[0];
    // The warning points at the rule of the later tier, `Rank` on line 9: 12 spaces +
    // `(id: "top5", ` (13) + `seed: "` (7) + the seed text (11) + `", ` (3) + `rule: ` (6)
    // = 52 characters → column 53; cells 52 + 8 = 60.
    let expected = format!(
        "warning: prize tiers `first` and `top5` overlap at rank 2\n\
         \x20 --> plan.ron:9:53\n\
         \x20 |\n\
         9 |             (id: \"top5\", seed: \"计划五 §6：二至五名\", rule: Rank(exam: Final, from: 2, to: 5), amount_fen: 3000),\n\
         \x20 | {}{}\n\
         \x20 = help: tiers stack, so a child at that rank wins both; make the ranges adjacent \
         if that is not meant\n",
        sp(60),
        carets(4) // `Rank`
    );
    assert_eq!(d.render(), expected);
    assert_eq!(
        (d.level, d.line, d.col),
        (Level::Warning, Some(9), Some(53))
    );
}
