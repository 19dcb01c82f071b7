//! The administrator commands of the binary: `whatif`, `review`, `explain`, `check`, on the
//! shipped packages and fixtures, with every expected figure worked out by hand from the seed
//! rules (`policies/*/plan.ron`) and the facts listed in `fixtures/realistic/README.md`; and a
//! glob snapshot of every package against every record set.
//!
//! Every run of the binary passes `--as-of 2026-07-31` (the school year is over: every figure is
//! final) and `--lang`, so no result depends on the day or the machine's locale (runs set a
//! Chinese locale to prove it). Exceptions: `check`, which takes neither (it does not evaluate;
//! see `check_takes_lang`), and one `review` run that checks the snapshot header supplies both.
//!
//! Facts of `fixtures/realistic` used below (README tables; `class-hand-in-hand` = Plan 5):
//! - Assessed (left-behind or single-parent, enrolled on 2026-07-10, the last day of the final
//!   term): 7-1 35 in scope − `S0123` (left 2025-11-20) = 34; 7-2 16 − `S0209` (left
//!   2026-04-15) − `S0231` (left 2026-05-20) = 14; 48 children.
//! - Points: 7-1 860 and 7-2 530 without the children who left = 1390 points; every assessed
//!   child is credited to a helper or to the head teacher (`T01`, `T02`), none unpaid; at
//!   `fen_per_point: 100` helper pay is 1390 × 100 = 139000 fen = 1390.00 yuan.
//! - Prizes (eligible: all children), on the second-semester final:
//!   - 1st, 100 yuan: `S0105` (7-1), `S0204` (7-2) = 2 winners;
//!   - 2nd–5th, 30 yuan: 7-1 `S0118`, `S0103` (tied 2nd), `S0127` (4th), `S0131`, `S0109`
//!     (tied 5th); 7-2 `S0217` (2nd), `S0224` (3rd), `S0202` (4th), `S0236` (5th) = 9 winners;
//!   - progress (5 places or more from the first-semester final, 15 yuan): 7-1 `S0122`
//!     (17 → 12, +5); 7-2 `S0206` (44 → 39, +5), `S0216` (15 → 6, +9), `S0219` (25 → 20, +5),
//!     `S0220` (24 → 19, +5), `S0222` (32 → 27, +5), `S0237` (16 → 8, +8) = 7 winners, all
//!     enrolled on 2026-07-10;
//!   - student prizes: 2 × 100 + 9 × 30 + 7 × 15 = 200 + 270 + 105 = 575.00 yuan
//!     (7-1: 100 + 5 × 30 + 15 = 265; 7-2: 100 + 4 × 30 + 6 × 15 = 310).
//! - Budget: 575.00 + 1390.00 = 1965.00 yuan.

use crate::support::{date, root, tmp_dir};
use careplan::eval::{Decision, EvalOptions, evaluate};
use careplan::lang::Lang;
use careplan::policy::Draft;
use careplan::report::{ObligationFilter, text};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-07-31";
const HAND_IN_HAND: &str = "policies/class-hand-in-hand";
const WEEKLY_TALKS: &str = "policies/school-weekly-talks";
const REALISTIC: &str = "fixtures/realistic";

/// The seven progress winners (see the module comment), in id order.
const PROGRESS_WINNERS: [&str; 7] = [
    "S0122", "S0206", "S0216", "S0219", "S0220", "S0222", "S0237",
];

/// What a run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` with `args`.
fn careplan_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(dir)
        // The locale must not matter: every run passes `--lang` (or tests that it is not needed).
        .env("LC_ALL", "zh_CN.UTF-8")
        .output()
        .expect("the careplan binary runs");
    Run {
        code: out.status.code().expect("careplan exits with a code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the binary in the crate root, so paths are given and printed relative to it.
fn careplan(args: &[&str]) -> Run {
    careplan_in(&root(), args)
}

/// Runs the binary with `--as-of 2026-07-31 --lang <lang>` appended.
fn careplan_at(lang: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--as-of", AS_OF, "--lang", lang]);
    careplan(&all)
}

/// Copies a directory tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target created");
    for entry in std::fs::read_dir(from).expect("copy source readable") {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// A copy of a shipped package at `<tmp>/<name>/p`, with `from` replaced by `to` in its
/// `plan.ron` (exactly once) and without its `review/` folder; returns `<tmp>/<name>`.
fn edited_package(name: &str, package: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = tmp_dir(name);
    let p = dir.join("p");
    copy_dir(&root().join(package), &p);
    let _ = std::fs::remove_dir_all(p.join("review"));
    let plan = p.join("plan.ron");
    let mut text = std::fs::read_to_string(&plan).expect("plan.ron readable");
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
        text = text.replace(from, to);
    }
    std::fs::write(&plan, text).expect("plan.ron written");
    dir
}

/// The whitespace-normalised lines of `text` (tables are aligned with runs of spaces).
fn squeezed(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// `{"base": b, "alt": a}`.
fn change(b: impl Into<Value>, a: impl Into<Value>) -> Value {
    serde_json::json!({"base": b.into(), "alt": a.into()})
}

// ---------------------------------------------------------------------------------------------
// whatif

#[test]
fn whatif_progress_prize_15_to_20_yuan_costs_35_yuan() {
    // 7 progress winners × (2000 − 1500) fen = 3500 fen = +35.00 yuan, all of it student
    // prizes (57500 → 61000 fen); helper pay depends on points only (unchanged, 139000 fen);
    // budget 196500 → 200000 fen. Nobody wins or loses a tier, so no tier count changes.
    for set in [
        "prize_tiers.progress.amount_fen=2000",
        "prize_tiers.progress.amount_yuan=20",
    ] {
        let run = careplan_at(
            "en",
            &[
                "whatif",
                HAND_IN_HAND,
                REALISTIC,
                "--set",
                set,
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 0, "{set}: {}", run.stderr);
        let d = json(&run.stdout);
        assert_eq!(
            d["totals"],
            serde_json::json!({
                "student_awards_fen": change(57500, 61000),
                "helper_awards_fen": change(139000, 139000),
                "total_fen": change(196500, 200000),
                "points": change(1390, 1390),
            }),
            "{set}"
        );
        // Only money moves: no window, helper pay, point or winner count changes.
        for c in outcomes(&d) {
            assert!(
                ["prizes", "progress", "budget"].contains(&c["rule"].as_str().expect("rule")),
                "{set}: {c}"
            );
        }
        // Each of the seven progress winners: the tier and the child's prize total go from
        // 1500 to 2000 fen (+500).
        for rule in ["progress", "prizes"] {
            let kids = changed(&d, rule, "", "child");
            let ids: Vec<&str> = kids
                .iter()
                .map(|c| c["subject"]["id"].as_str().expect("id"))
                .collect();
            assert_eq!(ids, PROGRESS_WINNERS, "{set} {rule}");
            for c in kids {
                assert_eq!(c["value"], change(fen(1500), fen(2000)), "{c}");
                assert_eq!(c["delta"], 500, "{c}");
            }
        }
        // The school's prizes 57500 → 61000 fen and the budget 196500 → 200000 (+3500).
        let school = changed(&d, "budget", "", "school");
        assert_eq!(school[0]["value"], change(fen(196500), fen(200000)));
        assert_eq!(school[0]["delta"], 3500);
    }
}

/// The outcome changes of a `whatif`/`watch` JSON diff.
fn outcomes(d: &Value) -> &Vec<Value> {
    d["outcomes"].as_array().expect("outcomes list")
}

/// The changes of one rule and measure for subjects of one kind (`child`, `class`, `helper`,
/// `staff`, `school`).
fn changed<'a>(d: &'a Value, rule: &str, measure: &str, kind: &str) -> Vec<&'a Value> {
    outcomes(d)
        .iter()
        .filter(|c| c["rule"] == rule && c["measure"] == measure && c["subject"]["kind"] == kind)
        .collect()
}

/// A value in fen as JSON.
fn fen(value: i64) -> Value {
    serde_json::json!({"unit": "fen", "value": value})
}

#[test]
fn whatif_progress_prize_text_and_markdown() {
    let args = [
        "whatif",
        HAND_IN_HAND,
        REALISTIC,
        "--set",
        "prize_tiers.progress.amount_fen=2000",
    ];
    let run = careplan_at("en", &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Budget 1965.00 → 1965.00 + 35.00 = 2000.00; prizes 575.00 → 610.00; pay 1390.00 both.
    // 18 outcomes: the progress tier and the prize total of each of the 7 winners (14), the
    // prizes of classes 7-1 and 7-2, of the school, and the budget.
    let expected = "\
--set prize_tiers.progress.amount_fen=2000
Totals
  budget: 1965.00 → 2000.00 yuan (+35.00)
  student prizes: 575.00 → 610.00 yuan (+35.00)
  helper pay: 1390.00 → 1390.00 yuan (0.00)
  points: 1390 → 1390 (+0)
Outcomes (18 changed)
";
    assert!(run.stdout.starts_with(expected), "{}", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // S0122 (7-1) wins the progress prize either way: 15.00 → 20.00 yuan (+5.00).
    assert!(
        lines.contains(&"  progress — child S0122, year: 15.00 yuan → 20.00 yuan (+5.00)"),
        "{}",
        run.stdout
    );
    assert!(lines.contains(&"  budget — school, year: 1965.00 yuan → 2000.00 yuan (+35.00)"));
    assert!(!run.stdout.contains("helpers"), "no helper changes");
    assert!(!run.stdout.contains("winners"), "no tier count changes");

    let mut md_args = args.to_vec();
    md_args.extend(["--format", "markdown"]);
    let md = careplan_at("en", &md_args);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let lines: Vec<&str> = md.stdout.lines().collect();
    assert!(
        lines.contains(&"| Budget (yuan) | 1965.00 | 2000.00 | +35.00 |"),
        "{}",
        md.stdout
    );
    assert!(lines.contains(&"| Student prizes (yuan) | 575.00 | 610.00 | +35.00 |"));
    assert!(lines.contains(&"| Helper pay (yuan) | 1390.00 | 1390.00 | 0.00 |"));
    assert!(lines.contains(&"--set `prize_tiers.progress.amount_fen=2000`"));
    // S0122 of 7-1: 15.00 → 20.00 yuan.
    assert!(
        lines.contains(&"| `progress` | child S0122 | year | 15.00 yuan | 20.00 yuan | +5.00 |"),
        "{}",
        md.stdout
    );
}

/// Winners per prize tier.
fn tier_counts(d: &Decision) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for s in &d.students {
        for a in &s.awards {
            *out.entry(a.award.clone()).or_insert(0) += 1;
        }
    }
    out
}

#[test]
fn whatif_progress_prize_keeps_every_tier_count() {
    // The library path of `whatif --set`: the same winners per tier, 2 / 9 / 7 (module comment).
    let dir = root().join(HAND_IN_HAND);
    let base_draft = Draft::read_dir(&dir).expect("shipped package parses");
    let mut alt_draft = base_draft.clone();
    alt_draft
        .set("prize_tiers.progress.amount_yuan", "20")
        .expect("a valid path");
    let records = careplan::records::load_dir(&root().join(REALISTIC)).expect("records load");
    let opts = EvalOptions {
        as_of: date(AS_OF),
        year: None,
    };
    let base = evaluate(&base_draft.validate().expect("valid"), &records, &opts).expect("base");
    let alt = evaluate(&alt_draft.validate().expect("valid"), &records, &opts).expect("alt");
    let expected: BTreeMap<String, usize> = [
        ("excellence_first", 2),
        ("excellence_top5", 9),
        ("progress", 7),
    ]
    .into_iter()
    .map(|(t, n)| (t.to_owned(), n))
    .collect();
    assert_eq!(tier_counts(&base), expected);
    assert_eq!(tier_counts(&alt), expected);
    let mut winners: Vec<&str> = alt
        .students
        .iter()
        .filter(|s| s.awards.iter().any(|a| a.award == "progress"))
        .map(|s| s.student_id.as_str())
        .collect();
    winners.sort_unstable();
    assert_eq!(winners, PROGRESS_WINNERS);
    assert_eq!(
        alt.totals.student_awards_fen - base.totals.student_awards_fen,
        3500
    );
}

#[test]
fn whatif_alt_policy_with_a_higher_rate_pays_helpers_half_as_much_again() {
    // ALT_POLICY: the same package with `fen_per_point: 150`. Helper pay is 1390 points ×
    // 150 fen = 208500 fen = 2085.00 yuan (+69500 fen = +695.00); prizes do not depend on the
    // rate (57500 fen); budget 196500 → 57500 + 208500 = 266000 fen = 2660.00 yuan (+695.00).
    let dir = edited_package(
        "whatif_alt_rate",
        HAND_IN_HAND,
        &[("fen_per_point: 100", "fen_per_point: 150")],
    );
    let alt = dir.join("p");
    let alt = alt.to_str().expect("UTF-8 path");
    let run = careplan_at(
        "en",
        &["whatif", HAND_IN_HAND, alt, REALISTIC, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = json(&run.stdout);
    assert_eq!(
        d["totals"],
        serde_json::json!({
            "student_awards_fen": change(57500, 57500),
            "helper_awards_fen": change(139000, 208500),
            "total_fen": change(196500, 266000),
            "points": change(1390, 1390),
        })
    );
    for c in outcomes(&d) {
        assert!(
            c["rule"] == "helpers" || c["rule"] == "budget",
            "only pay and the budget change: {c}"
        );
    }
    // Every one of the 11 helpers (T01–T05, V01–V06) has points, so every pay changes; the
    // points themselves do not. Pay is split per child in fen:
    // - T01: six children of 20 points (S0101, S0113, S0124, S0133, S0138, S0147) → 6 × 2000 =
    //   12000 fen, S0114 30 → 3000, a third of S0118's 50 points → 5000 / 3 = 1666 r 2, the two
    //   leftover fen to T01 and T04 (lowest ids) → 1667: 16667 fen. At 150: 6 × 3000 + 4500 +
    //   7500 / 3 (= 2500 exactly) = 25000 fen.
    // - T04: S0107 0, S0116 20, S0127 50, S0141 20 → 9000 + 1667 = 10667; at 150: 13500 + 2500
    //   = 16000.
    // - V02: S0110 30, S0119 30, S0131 30, S0143 20 → 11000 + 1666 = 12666; at 150: 16500 +
    //   2500 = 19000.
    // - V03: 160 points (S0111 20, S0121 20, S0136 60, S0145 20, half of S0122's 80) → 16000;
    //   at 150: 24000.
    // - T02: 360 points (README, 7-2, without the children who left) → 36000; at 150: 54000.
    let helpers: BTreeMap<&str, &Value> = changed(&d, "helpers", "pay", "helper")
        .into_iter()
        .map(|h| (h["subject"]["id"].as_str().expect("id"), &h["value"]))
        .collect();
    let ids: Vec<&str> = helpers.keys().copied().collect();
    assert_eq!(
        ids,
        [
            "T01", "T02", "T03", "T04", "T05", "V01", "V02", "V03", "V04", "V05", "V06"
        ]
    );
    for (id, base, alt) in [
        ("T01", 16667, 25000),
        ("T04", 10667, 16000),
        ("V02", 12666, 19000),
        ("V03", 16000, 24000),
        ("T02", 36000, 54000),
    ] {
        assert_eq!(helpers[id], &change(fen(base), fen(alt)), "{id}");
    }
    assert!(
        changed(&d, "helpers", "points", "helper").is_empty(),
        "points do not change"
    );

    let md = careplan_at(
        "en",
        &[
            "whatif",
            HAND_IN_HAND,
            alt,
            REALISTIC,
            "--format",
            "markdown",
        ],
    );
    assert_eq!(md.code, 0, "{}", md.stderr);
    let lines: Vec<&str> = md.stdout.lines().collect();
    assert!(
        lines.contains(&"| Budget (yuan) | 1965.00 | 2660.00 | +695.00 |"),
        "{}",
        md.stdout
    );
    assert!(lines.contains(&"| Helper pay (yuan) | 1390.00 | 2085.00 | +695.00 |"));
    assert!(lines.contains(&"| Student prizes (yuan) | 575.00 | 575.00 | 0.00 |"));
    // T01: 16667 fen → 25000 fen (+8333).
    assert!(
        lines.contains(
            &"| `helpers pay` | helper T01 | year | 166.67 yuan | 250.00 yuan | +83.33 |"
        ),
        "{}",
        md.stdout
    );
}

#[test]
fn whatif_obligation_statuses_that_change() {
    // Monthly parent feedback satisfied only by a kind no contact has (`letter`): every window
    // that was met changes. README tally (as of 2026-07-31): met 387, missed 55, partial 0 = 442
    // windows. July's windows run 07-01..07-10 (cut at the year's end) and are over: the 46
    // left-behind children − 3 who left (S0123, S0209, S0231) = 43, of which 8 had no call
    // (missed) and 35 a call (met) → all 43 missed. The four met months of a child not
    // enrolled on every school day (S0123 November, S0147 October, S0209 April, S0231 May)
    // become partial. The other 387 − 4 = 383 met windows become missed: 55 + 383 = 438.
    let run = careplan_at(
        "en",
        &[
            "whatif",
            HAND_IN_HAND,
            REALISTIC,
            "--set",
            "obligations.monthly_parent_feedback.kinds=letter",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = json(&run.stdout);
    // The rule's counts and rate: (387 + 0) / (387 + 0 + 55) = 387/442 → 0 / (0 + 0 + 438).
    let summary = changed(&d, "monthly_parent_feedback", "compliance", "school");
    assert_eq!(
        summary[0]["reason"],
        serde_json::json!({
            // Over the 46 left-behind children in both (the README's tally lists 46).
            "base": {"kind": "counts", "met": 387, "late": 0, "partial": 0, "open": 0, "missed": 55, "children": 46},
            "alt": {"kind": "counts", "met": 0, "late": 0, "partial": 4, "open": 0, "missed": 438, "children": 46},
        })
    );
    assert_eq!(summary[0]["value"]["base"]["numerator"], 387);
    assert_eq!(summary[0]["value"]["base"]["denominator"], 442);
    assert_eq!(summary[0]["value"]["alt"]["numerator"], 0);
    assert_eq!(summary[0]["value"]["alt"]["denominator"], 438);
    let windows = changed(&d, "monthly_parent_feedback", "", "child");
    assert_eq!(windows.len(), 387, "every met window changes");
    let to = |status: &str| {
        windows
            .iter()
            .filter(|w| w["status"]["alt"] == status)
            .count()
    };
    assert_eq!((to("missed"), to("open"), to("partial")), (383, 0, 4));
    assert!(windows.iter().all(|w| w["status"]["base"] == "met"));
    // Money does not depend on contacts.
    assert_eq!(d["totals"]["total_fen"], change(196500, 196500));
    assert!(outcomes(&d).iter().all(|c| c["family"] == "obligation"));
}

#[test]
fn whatif_unknown_set_path_exits_2_and_names_the_nearest_path() {
    let run = careplan_at(
        "en",
        &[
            "whatif",
            HAND_IN_HAND,
            REALISTIC,
            "--set",
            "prize_tiers.progres.amount_fen=2000",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("`prize_tiers.progres.amount_fen` names no parameter of this plan"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`prize_tiers.progress.amount_fen`"),
        "{}",
        run.stderr
    );

    let run = careplan_at(
        "en",
        &[
            "whatif",
            HAND_IN_HAND,
            REALISTIC,
            "--set",
            "helpers.fen_per_pont=150",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`helpers.fen_per_point`"),
        "{}",
        run.stderr
    );
}

#[test]
fn whatif_bad_value_exits_2() {
    for (set, says) in [
        (
            "prize_tiers.progress.amount_fen=twenty",
            "`prize_tiers.progress.amount_fen` takes a whole number, not `twenty`",
        ),
        (
            "prize_tiers.progress.amount_yuan=20.123",
            "`prize_tiers.progress.amount_yuan` takes yuan with at most two decimals, not `20.123`",
        ),
        (
            "prizes.stack=maybe",
            "`prizes.stack` takes `true` or `false`, not `maybe`",
        ),
        (
            "prize_tiers.progress.amount_fen",
            "needs the form PATH=VALUE",
        ),
    ] {
        let run = careplan_at("en", &["whatif", HAND_IN_HAND, REALISTIC, "--set", set]);
        assert_eq!(run.code, 2, "{set}");
        assert_eq!(run.stdout, "", "{set}");
        assert!(run.stderr.contains(says), "{set}: {}", run.stderr);
    }
}

#[test]
fn whatif_text_follows_lang() {
    let args = [
        "whatif",
        HAND_IN_HAND,
        REALISTIC,
        "--set",
        "prize_tiers.progress.amount_fen=2000",
    ];
    let en = careplan_at("en", &args);
    let zh = careplan_at("zh", &args);
    assert_eq!((en.code, zh.code), (0, 0));
    assert!(zh.stdout.contains("+35.00"), "{}", zh.stdout);
    assert!(
        zh.stdout.contains("预算: 1965.00 → 2000.00 元"),
        "{}",
        zh.stdout
    );
    assert!(!zh.stdout.contains("yuan"), "{}", zh.stdout);
    assert_ne!(en.stdout, zh.stdout, "--lang zh must change the report");
}

// ---------------------------------------------------------------------------------------------
// review

#[test]
fn review_fails_without_snapshot_passes_after_accept_and_shows_a_policy_edit() {
    let dir = edited_package("review_cycle", HAND_IN_HAND, &[]);
    let records = root().join(REALISTIC);
    let records = records.to_str().expect("UTF-8 path");
    let review = |extra: &[&str]| {
        let mut args = vec!["review", "p", records, "--as-of", AS_OF, "--lang", "en"];
        args.extend(extra);
        careplan_in(&dir, &args)
    };
    let snap = dir.join("p/review/realistic.snap");

    // No approved snapshot yet: exit 1, the report to approve on stdout.
    let run = review(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no approved snapshot"),
        "{}",
        run.stderr
    );
    assert!(!snap.exists());

    // --accept writes it, with the header that pins the as-of date and the language.
    let run = review(&["--accept"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "accepted: p/review/realistic.snap\n");
    let text = std::fs::read_to_string(&snap).expect("snapshot written");
    assert!(
        text.starts_with(
            "# careplan review snapshot\n# policy: class-hand-in-hand\n# records: realistic\n\
             # as-of: 2026-07-31\n# lang: en\n"
        ),
        "{text}"
    );
    // The body is the year-end text report: 1965.00 yuan in all (module comment).
    assert!(
        squeezed(&text).contains(&"total 1965.00 yuan".to_owned()),
        "{text}"
    );

    let run = review(&[]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "unchanged: p/review/realistic.snap\n")
    );

    // Without --as-of and --lang the snapshot's own are used (the locale here is zh_CN).
    let run = careplan_in(&dir, &["review", "p", records]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // A policy edit: the progress prize 15 → 20 yuan. Exit 1 and a unified diff.
    let plan = dir.join("p/plan.ron");
    let source = std::fs::read_to_string(&plan).expect("plan.ron");
    std::fs::write(
        &plan,
        source.replace("amount_fen: 1500", "amount_fen: 2000"),
    )
    .expect("plan.ron edited");
    let run = review(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "--- p/review/realistic.snap (approved)\n+++ p/review/realistic.snap (now)\n@@ "
        ),
        "{}",
        run.stdout
    );
    let lines = squeezed(&run.stdout);
    // S0122 冯晨航: ranks 17 (base) 17 (first term) 12 (final), 80 points, progress 15 → 20.
    assert!(
        lines.contains(&"- S0122 冯晨航 17 17 12 80 progress 15.00".to_owned()),
        "{}",
        run.stdout
    );
    assert!(lines.contains(&"+ S0122 冯晨航 17 17 12 80 progress 20.00".to_owned()));
    // Totals: prizes 575.00 → 610.00, budget 1965.00 → 2000.00.
    assert!(lines.contains(&"- student prizes 575.00 yuan".to_owned()));
    assert!(lines.contains(&"+ student prizes 610.00 yuan".to_owned()));
    assert!(lines.contains(&"- total 1965.00 yuan".to_owned()));
    assert!(lines.contains(&"+ total 2000.00 yuan".to_owned()));
    // Helper pay does not change: not a changed line.
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("- helper pay") || l.starts_with("+ helper pay"))
    );
    assert_eq!(
        std::fs::read_to_string(&snap).expect("snapshot"),
        text,
        "review without --accept leaves the snapshot alone"
    );

    let run = review(&["--accept"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = review(&[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        squeezed(&std::fs::read_to_string(&snap).expect("snapshot"))
            .contains(&"total 2000.00 yuan".to_owned())
    );

    // Another language than the approved one is a difference too.
    let run = careplan_in(
        &dir,
        &["review", "p", records, "--as-of", AS_OF, "--lang", "zh"],
    );
    assert_eq!(run.code, 1);
    // (The plan's name changes with it: the header lines differ as one block.)
    assert!(
        run.stdout.contains("-# lang: en\n") && run.stdout.contains("+# lang: zh\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn shipped_review_snapshots_are_up_to_date() {
    // A policy edit that is not reviewed (`careplan review … --accept`) fails here, in CI.
    let mut checked = 0;
    for package in std::fs::read_dir(root().join("policies")).expect("policies/") {
        let package = package.expect("entry").path();
        let Ok(snaps) = std::fs::read_dir(package.join("review")) else {
            continue;
        };
        for snap in snaps {
            let snap = snap.expect("entry").path();
            if snap.extension().is_none_or(|e| e != "snap") {
                continue;
            }
            let text = std::fs::read_to_string(&snap).expect("snapshot readable");
            let header = careplan::review::read_header(&text)
                .unwrap_or_else(|| panic!("{} has a header", snap.display()));
            let stem = snap.file_stem().and_then(|s| s.to_str()).expect("name");
            let records = [format!("fixtures/{stem}"), format!("fixtures/small/{stem}")]
                .into_iter()
                .find(|r| root().join(r).is_dir())
                .unwrap_or_else(|| panic!("a fixture named `{stem}`"));
            let name = package.file_name().and_then(|n| n.to_str()).expect("name");
            let as_of = header.as_of.to_string();
            let lang = header.lang.pick("en", "zh");
            let policy = format!("policies/{name}");
            let run = careplan(&[
                "review", &policy, &records, "--as-of", &as_of, "--lang", lang,
            ]);
            assert_eq!(
                run.code, 0,
                "{policy} on {records} differs from its approved snapshot:\n{}{}",
                run.stdout, run.stderr
            );
            assert_eq!(
                run.stdout,
                format!("unchanged: {policy}/review/{stem}.snap\n")
            );
            checked += 1;
        }
    }
    assert!(checked >= 2, "both shipped packages have a snapshot");
}

// ---------------------------------------------------------------------------------------------
// explain

#[test]
fn explain_student_s0122_in_english() {
    let run = careplan_at(
        "en",
        &["explain", HAND_IN_HAND, REALISTIC, "--student", "S0122"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("S0122 冯晨航 (class 7-1)\n"), "{out}");
    // Rank 17 → 12: 5 places × 10 = 50; not in the top five (0); no serious conduct row (+20);
    // 三好学生 (+10): 50 + 0 + 20 + 10 = 80 points.
    for line in [
        "  rank_gain: rank 17 on the first-semester final (2025-2026-1) → 12 on the \
         second-semester final (2025-2026-2): 5 places × 10 = 50 points",
        "  no_serious_violation: no serious conduct record in 2025-2026: +20",
        "  three_good_students: title `三好学生` in 2025-2026: +10",
        "  total: 80 points",
        // Progress prize: 17 → 12 is 5 places, at least 5: 15 yuan.
        "  progress: rank 17 on the first-semester final (2025-2026-1) → 12 on the \
         second-semester final (2025-2026-2): 5 places of progress (at least 5): prize 15.00 yuan",
        "  prizes: 15.00 yuan",
        // Helpers: V03 until 2025-12-31, then V04: 80 points × 1.00 yuan between the two.
        "  helpers: 80 points × 1.00 yuan = 80.00 yuan, split equally between 2 helpers (V03, V04)",
    ] {
        assert!(out.lines().any(|l| l == line), "missing `{line}` in\n{out}");
    }
    assert!(out.contains("5 places × 10 = 50 points"));
    // Its parent calls (README tally: 7 met, 3 missed, none open — July's call was on 07-04).
    let calls = |status: &str| {
        out.lines()
            .filter(|l| l.starts_with("  monthly_parent_feedback, month "))
            .filter(|l| l.contains(&format!(": {status} (")))
            .count()
    };
    assert_eq!(
        (calls("met"), calls("missed"), calls("open")),
        (7, 3, 0),
        "{out}"
    );
    assert!(out.lines().any(|l| l
        == "  monthly_parent_feedback, month 2025-09: missed (no parent_call recorded 2025-09-01 to 2025-09-30)"));
}

#[test]
fn explain_student_s0122_in_chinese() {
    let run = careplan_at(
        "zh",
        &["explain", HAND_IN_HAND, REALISTIC, "--student", "S0122"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("S0122 冯晨航 (班级 7-1)\n"), "{out}");
    for line in [
        // Each rule by its Chinese name (`name_zh` in plan.ron), the totals in the report's words.
        "  名次进步：第一学期期末考试（2025-2026-1）班级第17名 → 第二学期期末考试（2025-2026-2）\
         班级第12名：进步5名 × 10 = 50分",
        "  无严重违纪：2025-2026学年无严重违纪违法记录：+20分",
        "  三好学生：2025-2026学年获“三好学生”称号：+10分",
        "  合计：80分",
        "  奖金：15.00 元",
        "  帮扶奖金：80分 × 1.00元 = 80.00元，由2位帮扶人（V03、V04）平分",
    ] {
        assert!(out.lines().any(|l| l == line), "missing `{line}` in\n{out}");
    }
    assert!(out.contains("进步5名 × 10 = 50分"));
    assert!(out.contains("进步5名（至少5名）：奖励15.00元"), "{out}");
    assert!(!out.contains("points"), "no English left in\n{out}");
}

#[test]
fn explain_student_json_carries_the_same_trace() {
    let run = careplan_at(
        "zh",
        &[
            "explain",
            HAND_IN_HAND,
            REALISTIC,
            "--student",
            "S0122",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = json(&run.stdout);
    let s = &v["student"];
    assert_eq!(s["points"], 80);
    assert_eq!(s["awards_fen"], 1500);
    assert_eq!(s["helpers"], serde_json::json!(["V03", "V04"]));
    let rank_gain = s["trace"]
        .as_array()
        .expect("trace")
        .iter()
        .find(|t| t["rule"] == "rank_gain")
        .expect("a rank_gain step");
    assert_eq!(rank_gain["points"], 50);
    assert!(
        rank_gain["text"]
            .as_str()
            .is_some_and(|t| t.ends_with("进步5名 × 10 = 50分")),
        "{rank_gain}"
    );
}

#[test]
fn explain_helpers_of_s0122_get_40_points_each() {
    // S0122's 80 points ÷ 2 helpers (V03, then V04) = 40 points, 8000 fen ÷ 2 = 4000 fen each.
    // V03: S0111 20 + S0121 20 + S0122 40 + S0136 60 + S0145 20 = 160 points, 160.00 yuan.
    // V04: S0112 0 (serious conduct) + S0122 40 + S0137 20 + S0146 20 = 80 (S0123 left: out).
    for (helper, total) in [
        ("V03", "  total: 5 children, 160 points, 160.00 yuan"),
        ("V04", "  total: 4 children, 80 points, 80.00 yuan"),
    ] {
        let run = careplan_at(
            "en",
            &["explain", HAND_IN_HAND, REALISTIC, "--helper", helper],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.lines().any(|l| l.starts_with(
                "  S0122 冯晨航: 80 points ÷ 2 helpers = 40 points; 80.00 yuan ÷ 2 = 40.00 yuan"
            )),
            "{}",
            run.stdout
        );
        assert!(run.stdout.lines().any(|l| l == total), "{}", run.stdout);
    }
}

#[test]
fn explain_helper_with_a_three_way_split_child() {
    // S0118: 10 (3rd → 2nd) + 10 (top five on both) + 20 + 10 (三好学生) = 50 points, helpers
    // T01, T04, V02: 50 / 3 = 16.67 points each; 5000 fen / 3 = 1666 r 2, the two leftover fen
    // to the lowest ids T01 and T04: 1667, 1667, 1666 fen.
    // T01 in all: 6 children × 20 (S0101, S0113, S0124, S0138, S0147, and S0133 unpaired) +
    // S0114 30 (unpaired) + 50/3 = 166.67 points; 12000 + 3000 + 1667 = 16667 fen.
    // T04: S0107 0 + S0116 20 + S0127 50 + S0141 20 + 50/3 = 106.67; 9000 + 1667 = 10667 fen.
    // V02: S0110 30 + S0119 30 + S0131 30 + S0143 20 + 50/3 = 126.67; 11000 + 1666 = 12666 fen.
    for (helper, share, total) in [
        (
            "T01",
            "16.67 yuan",
            "  total: 8 children, 166.67 points, 166.67 yuan",
        ),
        (
            "T04",
            "16.67 yuan",
            "  total: 5 children, 106.67 points, 106.67 yuan",
        ),
        (
            "V02",
            "16.66 yuan",
            "  total: 5 children, 126.67 points, 126.66 yuan",
        ),
    ] {
        let run = careplan_at(
            "en",
            &["explain", HAND_IN_HAND, REALISTIC, "--helper", helper],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line = format!(
            "  S0118 唐华琪: 50 points ÷ 3 helpers = 16.67 points; 50.00 yuan ÷ 3 = {share}"
        );
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&line)),
            "missing `{line}` in\n{}",
            run.stdout
        );
        assert!(run.stdout.lines().any(|l| l == total), "{}", run.stdout);
    }
    let run = careplan_at(
        "en",
        &["explain", HAND_IN_HAND, REALISTIC, "--helper", "T01"],
    );
    // The unpaired children credited to the head teacher say so.
    assert!(run.stdout.lines().any(|l| l
        == "  S0114 任璐琪: 30 points (no helper: credited to the head teacher) × 1.00 yuan = 30.00 yuan"));
    let run = careplan_at(
        "zh",
        &["explain", HAND_IN_HAND, REALISTIC, "--helper", "V02"],
    );
    assert!(
        run.stdout
            .contains("S0118 唐华琪：50分 ÷ 3位帮扶人 = 16.67分；50.00元 ÷ 3 = 16.66元"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("合计：帮扶 5 人，126.67分，126.66元"),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_a_point_rule() {
    let run = careplan_at(
        "en",
        &["explain", HAND_IN_HAND, REALISTIC, "--rule", "rank_gain"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.starts_with(
            "rank_gain — Plan 5 §6: every time there is a ranking of 1 in the class, 10\n"
        ),
        "{out}"
    );
    // One line per assessed child: 34 + 14 = 48.
    assert_eq!(
        out.lines().filter(|l| l.starts_with("  S0")).count(),
        48,
        "{out}"
    );
    for line in [
        // 17 → 12: 5 × 10.
        "  S0122 冯晨航 (7-1): rank 17 on the first-semester final (2025-2026-1) → 12 on the \
         second-semester final (2025-2026-2): 5 places × 10 = 50 points",
        // 20 → 16: 4 × 10.
        "  S0136 李航 (7-1): rank 20 on the first-semester final (2025-2026-1) → 16 on the \
         second-semester final (2025-2026-2): 4 places × 10 = 40 points",
        // 2 → 9: a drop gives 0, never negative points.
        "  S0112 何华梅 (7-1): rank 2 on the first-semester final (2025-2026-1) → 9 on the \
         second-semester final (2025-2026-2): no places gained, 0 points",
        // Missed the first-semester final: no base rank.
        "  S0108 蔡宇 (7-1): no result on the first-semester final (2025-2026-1): no rank points",
        // 7-2, 44 → 39: 5 × 10.
        "  S0206 苏军杰 (7-2): rank 44 on the first-semester final (2025-2026-1) → 39 on the \
         second-semester final (2025-2026-2): 5 places × 10 = 50 points",
    ] {
        assert!(out.lines().any(|l| l == line), "missing `{line}` in\n{out}");
    }
    // The children who left are not assessed.
    for gone in ["S0123", "S0209", "S0231"] {
        assert!(!out.contains(gone), "{gone} left before the assessment day");
    }

    // A prize tier: exactly the 7 progress winners.
    let run = careplan_at(
        "en",
        &["explain", HAND_IN_HAND, REALISTIC, "--rule", "progress"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(|l| l.split_whitespace().next().expect("id"))
        .collect();
    assert_eq!(ids, PROGRESS_WINNERS, "{}", run.stdout);
}

#[test]
fn explain_an_obligation_rule() {
    // README tally of weekly talks: met 1443 + 176 (the talks that were `late` under a Monday
    // due day are on time: 每周一谈 is one talk a week) = 1619, partial 2, missed 101 (no week
    // is open after 2026-07-10); compliance 1619 / (1619 + 101) = 1619 / 1720 = 94.1%.
    let run = careplan_at(
        "en",
        &["explain", WEEKLY_TALKS, REALISTIC, "--rule", "weekly_talk"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    let head: Vec<&str> = out.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "weekly_talk — Plan 1 §Third.1: talk every Monday (每周一谈: one talk a week)",
            "covers: left-behind children",
            // Over the 46 left-behind children of the README's tally.
            "met 1619, late 0, partial 2, open 0, missed 101: compliance (met + late) / \
             (met + late + missed) = 94.1%, over 46 children",
            "",
            "Overdue: 101",
        ],
        "{out}"
    );
    // S0133, the poor case: 10 missed weeks.
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("  S0133 weekly_talk, week of ") && l.contains(": missed ("))
            .count(),
        10,
        "{out}"
    );
    // Week of 2025-11-17 for S0101: no talk that ISO week.
    assert!(out.lines().any(|l| l
        == "  S0101 weekly_talk, week of 2025-11-17: missed (no talk recorded 2025-11-17 to 2025-11-23)"));

    // Monthly parent feedback (README: 387 met, 55 missed; July's windows end with the year on
    // 07-10, so none is open on 07-31): 387 / (387 + 55) = 387 / 442 = 87.6%.
    let run = careplan_at(
        "en",
        &[
            "explain",
            HAND_IN_HAND,
            REALISTIC,
            "--rule",
            "monthly_parent_feedback",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().any(|l| l
        // over the README's 46 left-behind children
        == "met 387, late 0, partial 0, open 0, missed 55: compliance (met + late) / (met + late + missed) = 87.6%, over 46 children"),
        "{}", run.stdout);
}

#[test]
fn explain_an_obligation_rule_in_chinese() {
    let run = careplan_at(
        "zh",
        &["explain", WEEKLY_TALKS, REALISTIC, "--rule", "weekly_talk"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = run.stdout.lines().nth(1).expect("a coverage line");
    assert!(second.starts_with("对象："), "{second}");
    assert!(!second.contains("left-behind"), "{second}");
}

#[test]
fn explain_rule_answers_for_every_rule_of_every_shipped_package() {
    // Every rule id of every family (and the totals) that the package's catalog lists; an
    // unknown id exits 2 and names them all.
    let mut packages: Vec<PathBuf> = std::fs::read_dir(root().join("policies"))
        .expect("policies dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("plan.ron").exists())
        .collect();
    packages.sort();
    assert_eq!(packages.len(), 6, "{packages:?}");
    for dir in packages {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_owned();
        let records = if name == "community-care" {
            "fixtures/community"
        } else {
            REALISTIC
        };
        let policy = Draft::read_dir(&dir)
            .and_then(|d| d.validate())
            .expect("shipped package is valid");
        let ids: Vec<String> = careplan::eval::outcome::rules(&policy)
            .into_iter()
            .map(|r| r.id)
            .collect();
        let package = format!("policies/{name}");
        for id in &ids {
            let run = careplan_at("en", &["explain", &package, records, "--rule", id]);
            assert_eq!(run.code, 0, "{name} --rule {id}: {}", run.stderr);
            assert!(
                run.stdout.starts_with(id.as_str()),
                "{name} {id}: {}",
                run.stdout
            );
        }
        let run = careplan_at(
            "en",
            &["explain", &package, records, "--rule", "no_such_rule"],
        );
        assert_eq!(run.code, 2, "{name}");
        for id in &ids {
            assert!(
                run.stderr.contains(id.as_str()),
                "{name} lists `{id}`: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn explain_unknown_id_exits_2() {
    for (flag, id, says) in [
        ("--student", "S9999", "no student `S9999`"),
        ("--helper", "X01", "`X01`"),
        ("--rule", "rank_gian", "no rule `rank_gian`"),
    ] {
        let run = careplan_at("en", &["explain", HAND_IN_HAND, REALISTIC, flag, id]);
        assert_eq!(run.code, 2, "{flag} {id}");
        assert_eq!(run.stdout, "", "{flag} {id}");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
    // The rule error lists the rules there are.
    let run = careplan_at(
        "en",
        &["explain", HAND_IN_HAND, REALISTIC, "--rule", "rank_gian"],
    );
    assert!(run.stderr.contains("rank_gain"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// check (takes neither `--as-of` nor `--lang`: it does not evaluate, and see the ignored test)

/// The shipped packages check clean, except that on the realistic records Plan 5's package
/// warns of the two record kinds of its seed measures the fixture never holds (a
/// `guardian_visit` contact and a `social_practice` activity): warnings, so exit 0, and 1 under
/// `--deny-warnings`.
#[test]
fn check_shipped_packages_are_clean() {
    let absent_kinds = [
        "warning: contact kind `guardian_visit` of obligation `regular_family_visit` never appears in contacts.csv",
        "warning: no kind of activity rule `social_practice` appears in activities.csv: every child misses it",
    ];
    for package in [HAND_IN_HAND, WEEKLY_TALKS] {
        for args in [
            vec!["check", package, "--lang", "en"],
            vec!["check", package, REALISTIC, "--lang", "en"],
        ] {
            let run = careplan(&args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            let expected: &[&str] = if package == HAND_IN_HAND && args.contains(&REALISTIC) {
                &absent_kinds
            } else {
                &[]
            };
            // With records: the data-quality report notes the contacts on non-school days
            // (allowed, so they change no exit code).
            let summary = match (args.contains(&REALISTIC), expected.len()) {
                (true, n) => format!("0 errors, {n} warnings, 221 notes\n"),
                (false, n) => format!("0 errors, {n} warnings\n"),
            };
            assert!(run.stdout.ends_with(&summary), "{args:?}: {}", run.stdout);
            let flagged: Vec<&str> = run
                .stdout
                .lines()
                .filter(|l| {
                    let l = l.trim_start();
                    l.starts_with("error:") || l.starts_with("warning:")
                })
                .collect();
            assert_eq!(flagged, expected, "{args:?}: {}", run.stdout);
            assert_eq!(run.stderr, "", "{args:?}");
            let mut strict = args.clone();
            strict.push("--deny-warnings");
            let code = if expected.is_empty() { 0 } else { 1 };
            assert_eq!(careplan(&strict).code, code, "{args:?}");
        }
        let run = careplan(&[
            "check", package, REALISTIC, "--format", "json", "--lang", "en",
        ]);
        assert_eq!(run.code, 0);
        let v = json(&run.stdout);
        let warnings = if package == HAND_IN_HAND { 2 } else { 0 };
        assert_eq!(
            (&v["errors"], &v["warnings"], &v["notes"]),
            (
                &serde_json::json!(0),
                &serde_json::json!(warnings),
                &serde_json::json!(221),
            )
        );
        assert_eq!(
            v["diagnostics"].as_array().expect("diagnostics").len(),
            warnings
        );
        let findings = v["findings"].as_array().expect("findings");
        assert!(findings.iter().all(|f| f["severity"] == "note"));
    }
}

/// 1-based (line, column in characters) of the first occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` in the text"));
    let col = line[..line.find(needle).expect("found")].chars().count() + 1;
    (i as u64 + 1, col as u64)
}

#[test]
fn check_warns_about_a_typoed_scheme_and_title_naming_the_values_that_occur() {
    // `hand-in-hand` for `hand_in_hand`; `三好學生` (traditional 學) for `三好学生`.
    let dir = edited_package(
        "check_typos",
        HAND_IN_HAND,
        &[
            (
                "scheme: \"hand_in_hand\",\n        fen_per_point",
                "scheme: \"hand-in-hand\",\n        fen_per_point",
            ),
            (r#"title: "三好学生""#, r#"title: "三好學生""#),
        ],
    );
    let records = root().join(REALISTIC);
    let records = records.to_str().expect("UTF-8 path");
    let run = careplan_in(&dir, &["check", "p", records, "--lang", "en"]);
    assert_eq!(run.code, 0, "warnings alone exit 0: {}", run.stderr);
    let out = &run.stdout;
    // realistic: pairings.csv has the schemes caring_mother, hand_in_hand, one_help_one;
    // honors.csv the titles 三好学生 and 优秀班干部.
    for line in [
        "warning: title `三好學生` of rule `three_good_students` never appears in honors.csv",
        "  = help: honors.csv has the titles `三好学生`, `优秀班干部`",
        "warning: scheme `hand-in-hand` never appears in pairings.csv: every child's points go \
         to the head teacher or nobody",
        "  = help: pairings.csv has the schemes `caring_mother`, `hand_in_hand`, `one_help_one`",
    ] {
        assert!(out.lines().any(|l| l == line), "missing `{line}` in\n{out}");
    }
    // The two typos, and the two kinds of Plan 5's seed measures that the realistic records
    // never hold (`guardian_visit`, `social_practice`).
    assert!(
        out.ends_with("\n0 errors, 4 warnings, 221 notes\n"),
        "{out}"
    );

    let run = careplan_in(
        &dir,
        &["check", "p", records, "--deny-warnings", "--lang", "en"],
    );
    assert_eq!(run.code, 1);

    let run = careplan_in(
        &dir,
        &["check", "p", records, "--format", "json", "--lang", "en"],
    );
    assert_eq!(run.code, 0);
    let v = json(&run.stdout);
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(0), Some(4))
    );
    let source = std::fs::read_to_string(dir.join("p/plan.ron")).expect("plan.ron");
    let (title_line, title_col) = position(&source, "title: \"三好學生\"");
    let (scheme_line, scheme_col) = position(&source, "scheme: \"hand-in-hand\"");
    // The kinds of Plan 5's seed measures that the realistic records never hold: the
    // `kinds:` of `regular_family_visit` and of `social_practice`.
    let (visit_line, visit_col) = position(&source, "kinds: [\"home_visit\", \"guardian_visit\"]");
    let (practice_line, practice_col) = position(&source, "kinds: [\"social_practice\"]");
    let diags: Vec<(&str, u64, u64)> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["level"].as_str().expect("level"),
                d["line"].as_u64().expect("line"),
                d["col"].as_u64().expect("col"),
            )
        })
        .collect();
    assert_eq!(
        diags,
        [
            ("warning", visit_line, visit_col),
            ("warning", title_line, title_col),
            ("warning", scheme_line, scheme_col),
            ("warning", practice_line, practice_col),
        ]
    );
    assert_eq!(v["diagnostics"][0]["file"], "p/plan.ron");
}

#[test]
fn check_a_broken_policy_exits_2() {
    let dir = edited_package(
        "check_broken",
        HAND_IN_HAND,
        &[("amount_fen: 1500", "amount_fem: 1500")],
    );
    let run = careplan_in(&dir, &["check", "p", "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: unknown key `amount_fem`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  = help: did you mean `amount_fen`?\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );

    let run = careplan_in(&dir, &["check", "p", "--format", "json", "--lang", "en"]);
    assert_eq!(run.code, 2);
    let v = json(&run.stdout);
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["level"], "error");
    assert_eq!(v["diagnostics"][0]["help"], "did you mean `amount_fen`?");

    // Semantic errors are all reported at once: a rule id used twice and a bad first year.
    let dir = edited_package(
        "check_broken_semantic",
        HAND_IN_HAND,
        &[
            (r#"id: "stay_top_five""#, r#"id: "rank_gain""#),
            (r#"first_year: "2025-2026""#, r#"first_year: "2025-2027""#),
        ],
    );
    let run = careplan_in(&dir, &["check", "p", "--lang", "en"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines.contains(&"error: `2025-2027` is not an academic year"),
        "{}",
        run.stderr
    );
    assert!(
        lines.contains(&"error: rule id `rank_gain` is used twice"),
        "{}",
        run.stderr
    );
    // The plan's school's choice of `stay_top_five`'s exams now names a rule that is gone.
    assert!(
        lines.contains(
            &"error: school's choice `assessment.rules.stay_top_five.rule.exams` names no parameter of this plan"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("\n3 errors, 0 warnings\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_records_with_error_findings_exits_1() {
    // fixtures/small/bad-date: contacts.csv line 3 holds the date 2026-13-01.
    let run = careplan(&[
        "check",
        WEEKLY_TALKS,
        "fixtures/small/bad-date",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("error: contacts.csv:3 [date]: ")),
        "{}",
        run.stdout
    );
}

#[test]
fn check_takes_lang() {
    let en = careplan(&["check", HAND_IN_HAND, REALISTIC, "--lang", "en"]);
    let zh = careplan(&["check", HAND_IN_HAND, REALISTIC, "--lang", "zh"]);
    assert_eq!((en.code, zh.code), (0, 0), "{}{}", en.stderr, zh.stderr);
    // The two warnings: kinds of Plan 5's seed measures the realistic records never hold.
    assert!(en.stdout.ends_with("0 errors, 2 warnings, 221 notes\n"));
    assert_ne!(zh.stdout, en.stdout, "--lang zh must change the summary");
}

// ---------------------------------------------------------------------------------------------
// Every package against every record set

/// `fixtures/realistic` and each `fixtures/small/*`, as (snapshot name, directory).
fn record_sets() -> Vec<(String, PathBuf)> {
    let fixtures = root().join("fixtures");
    let mut out = vec![("realistic".to_owned(), fixtures.join("realistic"))];
    let mut small: Vec<PathBuf> = std::fs::read_dir(fixtures.join("small"))
        .expect("fixtures/small")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    small.sort();
    for dir in small {
        let name = dir.file_name().and_then(|n| n.to_str()).expect("name");
        out.push((format!("small-{name}"), dir));
    }
    out
}

#[test]
fn every_package_on_every_record_set() {
    // A policy edit, a new package or a new fixture shows up in `cargo insta review`.
    let sets = record_sets();
    assert!(sets.len() >= 10, "realistic and the small sets");
    insta::glob!("../../policies", "*/plan.ron", |plan| {
        let dir = plan.parent().expect("package directory");
        let policy = careplan::policy::load_dir(dir).expect("shipped package loads");
        for (name, records) in &sets {
            let records = careplan::records::load_dir(records).expect("record set loads");
            let decision = evaluate(
                &policy,
                &records,
                &EvalOptions {
                    as_of: date(AS_OF),
                    year: None,
                },
            )
            .expect("evaluates");
            let report = text::render(&decision, ObligationFilter::Overdue, Lang::En);
            assert!(
                !report.contains(root().to_str().expect("UTF-8 root")),
                "no absolute path in a snapshot"
            );
            insta::assert_snapshot!(name.as_str(), report);
        }
    });
}

/// A report written into the records directory would be read as records next time (a
/// workbook beside CSV files is refused): every path inside it is refused, not only the
/// directory itself.
#[test]
fn output_inside_the_records_directory_is_refused() {
    for (format, out) in [
        ("xlsx", "fixtures/realistic/report.xlsx"),
        ("csv", "fixtures/realistic/out"),
        ("xlsx", "fixtures/realistic/./sub/../report.xlsx"),
    ] {
        let run = careplan_at(
            "en",
            &[
                "evaluate",
                HAND_IN_HAND,
                REALISTIC,
                "--format",
                format,
                "-o",
                out,
            ],
        );
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("is in the records directory"),
            "{}",
            run.stderr
        );
        assert!(!root().join(out).exists(), "{out} must not be written");
    }
}

// ---------------------------------------------------------------------------------------------
// one pipeline: the same record options and findings in evaluate, review and watch

/// The first JSON line `careplan watch` prints (its first reload), within a bounded wait.
fn first_watch_line(args: &[&str]) -> Value {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_careplan"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("careplan watch starts");
    let stdout = child.stdout.take().expect("watch stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    json(&line.expect("watch prints its first reload within 60 s"))
}

#[test]
fn review_and_watch_take_the_record_options_of_evaluate_and_give_the_same_findings() {
    // fixtures/small/bad-rows (its README): 5 error and 7 warning findings with
    // class-hand-in-hand. The same options go to every command: the same findings come back.
    let dir = edited_package("one_pipeline", HAND_IN_HAND, &[]);
    let package = dir.join("p");
    let package = package.to_str().expect("UTF-8 path");
    let records = "fixtures/small/bad-rows";
    let options = ["--encoding", "utf-8", "--mask-names"];
    let mut args = vec!["evaluate", package, records, "--format", "json"];
    args.extend(options);
    let evaluated = careplan_at("en", &args);
    assert_eq!(
        evaluated.code, 1,
        "error findings: exit 1; {}",
        evaluated.stderr
    );
    let findings = json(&evaluated.stdout)["findings"].clone();
    // 5 record errors and 12 warnings: 7 about the plan meeting records that lack its kinds,
    // schemes and titles (of them, `guardian_visit` and `home_visit` of
    // `regular_family_visit`, the scheme of `hand_in_hand_pairing` and the kind of
    // `social_practice`: Plan 5's seed measures) and 5 about absent files (one of them
    // activities.csv, for `social_practice`).
    assert_eq!(findings.as_array().map(Vec::len), Some(17), "{findings}");

    let mut args = vec![
        "watch", package, records, "--format", "json", "--as-of", AS_OF, "--lang", "en",
    ];
    args.extend(options);
    let watched = first_watch_line(&args);
    assert_eq!(watched["ok"], true, "{watched:.400}");
    assert_eq!(watched["decision"]["findings"], findings);

    // review shows the report it would approve: the same 17 findings, each on its line.
    let abs = root().join(records);
    let abs = abs.to_str().expect("UTF-8 path");
    let mut args = vec!["review", "p", abs, "--as-of", AS_OF, "--lang", "en"];
    args.extend(options);
    let reviewed = careplan_in(&dir, &args);
    assert_eq!(reviewed.code, 1, "no snapshot yet; {}", reviewed.stderr);
    assert!(
        reviewed
            .stdout
            .contains("Findings: 17 (5 errors, 12 warnings)"),
        "{}",
        reviewed.stdout
    );
    for f in findings.as_array().expect("findings") {
        let message = f["message"].as_str().expect("message");
        assert!(
            reviewed.stdout.contains(message),
            "review lacks `{message}`"
        );
    }

    // --strict stops all three alike: exit 2, the same message.
    let strict = |args: &[&str], dir: &Path| {
        let mut all = args.to_vec();
        all.extend(["--strict", "--as-of", AS_OF, "--lang", "en"]);
        careplan_in(dir, &all)
    };
    let e = strict(&["evaluate", package, records], &root());
    let r = strict(&["review", "p", abs], &dir);
    assert_eq!((e.code, r.code), (2, 2));
    assert!(
        e.stderr
            .starts_with("--strict: the records have error findings"),
        "{}",
        e.stderr
    );
    assert_eq!(e.stderr, r.stderr);
    let watched = first_watch_line(&[
        "watch", package, records, "--format", "json", "--strict", "--as-of", AS_OF,
    ]);
    assert_eq!(watched["ok"], false, "{watched:.400}");
}

/// A copy of `fixtures/realistic` where child S0122's name cell holds a line break (Alt+Enter
/// in Excel, a quoted `\n` in CSV): `冯晨` / `航`.
fn realistic_with_a_line_break(name: &str) -> std::path::PathBuf {
    let dir = crate::support::tmp_dir(&format!("{name}-{}", std::process::id()));
    copy_dir(&root().join(REALISTIC), &dir);
    let path = dir.join("students.csv");
    let text = std::fs::read_to_string(&path).expect("students.csv");
    assert!(text.contains("S0122,冯晨航,"));
    std::fs::write(&path, text.replace("S0122,冯晨航,", "S0122,\"冯晨\n航\",")).expect("write");
    dir
}

#[test]
fn a_line_break_inside_a_cell_never_splits_a_row_of_a_text_report() {
    let dir = realistic_with_a_line_break("line-break");
    let records = dir.to_string_lossy().into_owned();
    let runs = [
        careplan_at(
            "en",
            &["evaluate", HAND_IN_HAND, &records, "--obligations", "all"],
        ),
        careplan_at(
            "en",
            &["explain", HAND_IN_HAND, &records, "--student", "S0122"],
        ),
        careplan(&[
            "schedule",
            "policies/school-ten-ones",
            &records,
            "--from",
            "2026-03-01",
            "--to",
            "2026-07-31",
            "--as-of",
            "2026-03-01",
            "--student",
            "S0122",
            "--lang",
            "en",
        ]),
    ];
    for (i, run) in runs.iter().enumerate() {
        assert!(run.code == 0 || run.code == 1, "run {i}: {}", run.stderr);
        // The name is shown on one line, `⏎` where the line break was; no line starts with
        // the half after it.
        if i < 2 {
            assert!(run.stdout.contains("冯晨⏎航"), "run {i}:\n{}", run.stdout);
        }
        assert!(
            run.stdout
                .lines()
                .all(|l| !l.trim_start().starts_with('航')),
            "run {i}:\n{}",
            run.stdout
        );
    }
    // Every line of the report that shows the name shows the whole of it.
    let named: Vec<&str> = runs[0]
        .stdout
        .lines()
        .filter(|l| l.contains("冯晨"))
        .collect();
    assert!(!named.is_empty());
    for line in named {
        assert!(line.contains("冯晨⏎航"), "{line}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_report_written_to_a_file_says_how_many_findings_and_where() {
    let out = crate::support::tmp_dir(&format!("found-note-{}", std::process::id()));
    let xlsx = out.join("report.xlsx");
    let csv = out.join("tables");
    let text = out.join("report.txt");
    let json = out.join("report.json");
    let bad = "fixtures/small/bad-rows";
    let run = |format: &str, path: &Path| {
        careplan_at(
            "en",
            &[
                "evaluate",
                HAND_IN_HAND,
                bad,
                "--format",
                format,
                "-o",
                &path.to_string_lossy(),
            ],
        )
    };
    let x = run("xlsx", &xlsx);
    assert_eq!(x.code, 1, "{}", x.stderr);
    // fixtures/small/bad-rows has 5 error findings (the five problems its README lists) and 12
    // warnings: activities, conduct, exams, honors and pairings are absent (5); its contacts are
    // all `talk`, so the plan's kinds `parent_call`, `home_visit` and `guardian_visit` never
    // appear (3); the pairing scheme and the helpers' scheme `hand_in_hand`, the activity kind
    // `social_practice` and the title `三好学生` never appear either (4): 5 + 3 + 4 = 12. The
    // findings table is the 7th of the 8 tables.
    assert_eq!(
        x.stderr,
        format!(
            "wrote 8 tables to {0}\nfound 5 error findings and 12 warnings: see the sheet `findings` of {0}\n",
            careplan::paths::shown(&xlsx)
        )
    );
    let c = run("csv", &csv);
    assert_eq!(
        c.stderr,
        format!(
            "wrote 8 tables to {0}\nfound 5 error findings and 12 warnings: see {1}\n",
            careplan::paths::shown(&csv),
            careplan::paths::shown(&csv.join("07-findings.csv"))
        )
    );
    assert!(csv.join("07-findings.csv").exists());
    let t = run("text", &text);
    assert_eq!(
        t.stderr,
        format!(
            "found 5 error findings and 12 warnings: see the findings at the end of {}\n",
            careplan::paths::shown(&text)
        )
    );
    let j = run("json", &json);
    assert_eq!(
        j.stderr,
        format!(
            "found 5 error findings and 12 warnings: see `findings` in {}\n",
            careplan::paths::shown(&json)
        )
    );
    for r in [&c, &t, &j] {
        assert_eq!(r.code, 1);
    }
    // On records without error findings the workbook is written without a word more.
    let clean = careplan_at(
        "en",
        &[
            "evaluate",
            HAND_IN_HAND,
            REALISTIC,
            "--format",
            "xlsx",
            "-o",
            &xlsx.to_string_lossy(),
        ],
    );
    assert_eq!(
        (clean.code, clean.stderr),
        (
            0,
            format!("wrote 9 tables to {}\n", careplan::paths::shown(&xlsx))
        )
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// `check` lists the package's school's choices with their values, in the report's language.
#[test]
fn check_lists_the_schools_choices() {
    let en = careplan(&["check", HAND_IN_HAND, "--lang", "en"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    // Seven choices in policies/class-hand-in-hand/plan.ron (four of §6, three of the seed
    // measures' frequencies and deadline); the helper rate is 100 fen = 1 yuan.
    assert!(
        en.stdout
            .contains("School's choices (7: parameters the seed leaves open, set by this package):\n  helpers.fen_per_point = 100 — Plan 5 §6 says \"how much yuan is awarded according to the assessment score\" and leaves the amount blank: 1 yuan a point\n"),
        "{}",
        en.stdout
    );
    let zh = careplan(&["check", HAND_IN_HAND, "--lang", "zh"]);
    assert!(
        zh.stdout.contains("学校自定参数（7 项：原方案未作规定，由本方案设定）：\n  `helpers.fen_per_point` = 100 — 方案五第六条只说“根据考核分奖励多少元”，金额空缺：本校定为每分 1 元\n"),
        "{}",
        zh.stdout
    );
    let json = careplan(&["check", HAND_IN_HAND, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["school_choices"][0]["param"], "helpers.fen_per_point");
    assert_eq!(v["school_choices"][0]["value"], "100");
}

/// The Chinese report uses the words a Chinese school uses: 按时 / 逾期 / 未完成 for met / late
/// / missed, 部分在校 for a window the child was not at school for, 第一学期 for the first
/// term, 逾期未完成 for the overdue list; never 迟, 一期 or 部分在籍.
#[test]
fn the_chinese_report_uses_a_schools_words() {
    for package in [HAND_IN_HAND, "policies/school-ten-ones"] {
        let run = careplan_at("zh", &["evaluate", package, REALISTIC]);
        assert!(run.code <= 1, "{}", run.stderr);
        let out = &run.stdout;
        let head = out
            .lines()
            .find(|l| l.trim_start().starts_with("规则") && l.contains("按时"))
            .expect("the obligations table");
        let words: Vec<&str> = head.split_whitespace().collect();
        assert_eq!(
            words,
            [
                "规则",
                "按时",
                "逾期",
                "部分在校",
                "进行中",
                "未完成",
                "完成率",
                "学生数"
            ]
        );
        assert!(out.contains("\n逾期未完成: "), "{out}");
        for odd in ["迟", "一期", "部分在籍"] {
            assert!(
                !out.replace("第一学期", "").contains(odd),
                "`{odd}` in {package}"
            );
        }
    }
    let run = careplan_at("zh", &["evaluate", HAND_IN_HAND, REALISTIC]);
    // The plan's Chinese name (`name_zh` in plan.ron) heads the Chinese report.
    assert_eq!(
        run.stdout.lines().next(),
        Some("班级“手拉手”帮扶考核与奖励 (class-hand-in-hand)")
    );
    assert!(
        run.stdout.contains("班级排名（基准 / 第一学期 / 期末）"),
        "{}",
        run.stdout
    );
}

/// A dated step with nothing recorded says so, not "done none" (Plan 5's symposium: 7-1 held
/// it on 2026-05-14 per activities.csv; 7-2 has no row).
#[test]
fn a_missed_dated_step_reads_nothing_recorded() {
    let run = careplan_at(
        "en",
        &["explain", HAND_IN_HAND, REALISTIC, "--rule", "symposium"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().skip(1).take(2).collect();
    assert_eq!(
        lines,
        [
            "  symposium — class 7-1, 2026-05-11 to 2026-05-20: met — 2026-05-20: done 2026-05-14",
            "  symposium — class 7-2, 2026-05-11 to 2026-05-20: missed — 2026-05-20: nothing recorded",
        ]
    );
}

/// A what-if that changes nothing adds no finding: the plan's own warnings (named
/// `plan.ron (with --set)` on the edited side) are the same warnings.
#[test]
fn whatif_without_a_change_adds_no_finding() {
    let run = careplan_at(
        "en",
        &[
            "whatif",
            HAND_IN_HAND,
            REALISTIC,
            "--set",
            "prizes.stack=true",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = json(&run.stdout);
    assert_eq!(d["findings_added"], serde_json::json!([]), "{}", run.stdout);
    assert_eq!(d["outcomes"], serde_json::json!([]));
}

/// `careplan completions <shell>` prints a script for that shell naming every command; an
/// unknown shell is refused with exit 2.
#[test]
fn completions_name_every_command_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef careplan"),
        ("fish", "complete -c careplan"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[careplan]"),
    ] {
        let run = careplan(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        for command in ["evaluate", "schedule", "whatif", "completions", "man"] {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
        assert!(!run.stdout.contains("careplan.exe"), "{shell}");
    }
    let run = careplan(&["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

/// `careplan man` prints a roff manual page titled `careplan`, listing the commands.
#[test]
fn man_prints_a_roff_page_with_the_commands() {
    let run = careplan(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH careplan 1"), "{}", run.stdout);
    assert!(run.stdout.contains(".SH SUBCOMMANDS"), "{}", run.stdout);
    for command in ["evaluate", "schedule", "whatif", "completions"] {
        assert!(
            run.stdout.contains(&format!("careplan\\-{command}(1)")),
            "lacks {command}"
        );
    }
    assert!(run.stdout.contains("left\\-behind children"));
}
