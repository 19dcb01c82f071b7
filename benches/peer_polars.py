#!/usr/bin/env python3
"""Plans 1 and 5 in Polars: the peer of `careplan evaluate` that issue 16 benchmarks against.

    python3 benches/peer_polars.py RECORDS_DIR --as-of 2026-07-31 [--detail]
    (threads: POLARS_MAX_THREADS)

Reads the canonical CSV files of a record set as `examples/gen_records.rs` writes them
(calendar, students, staff, contacts, exams, conduct, honors, pairings) and computes, the way a
data analyst who knows Polars would (lazy scans, joins, group-bys), the figures careplan
reports for the packages `policies/school-weekly-talks` (Plan 1) and
`policies/class-hand-in-hand` (Plan 5). The rules are written here as the plans state them
(the kinds, windows and amounts of each package's plan.ron); no figure is taken from careplan.
`benches/peers.py --check` compares the output with careplan's JSON and with
`benches/peer_duckdb.py`.

Units: days are calendar dates (ISO), points are careplan points (integers), money is integer
fen (1 yuan = 100 fen).

Semantics followed (docs/src/reference/semantics.md):
  * the academic year is that of the latest term started by the as-of date; its span is its
    first term's start to its last term's end; a school day is a term day that is Monday-Friday
    and no holiday, or a make-up workday;
  * windows (ISO weeks, calendar months and quarters, terms) are cut to the year's span, start
    by the as-of date and hold a school day; a child has a window when enrolled on one of its
    school days (enrolled_on <= day < left_on);
  * a contact counts when of a listed kind (case-insensitive), dated by the as-of date, inside
    the window, on a day its child is enrolled (careplan ignores other contacts);
  * status: met (a contact; these rules have no due weekday, so never late), partial (no
    contact, not enrolled on every school day of the window), open (no contact, the window
    ends on or after the as-of date), missed.
  * Plan 5 assessment: the roster is the covered (left-behind or single-parent) children
    enrolled on the assessment day (the year's last day, or the as-of date if earlier); class
    ranks are competition ranks ("1224") of the exam total, descending, within the class the
    child sat the exam in, counted once the term has ended by the as-of date; 2025-2026 is the
    scheme's first year, so the rank base is the first-term final. Points: 10 a place gained
    (rank base -> second-term final), 10 for the top five in both, 20 without a `serious`
    conduct row in the year so far, 10 for the title 三好学生 of the year. Prizes (stacking,
    every child enrolled on the assessment day): class rank 1 on the final 10000 fen, rank 2-5
    3000 fen, 5 or more places gained from the first-term final 1500 fen.
  * helper pay (100 fen a point): a child's points go to the distinct mentors of its
    `hand_in_hand` pairings that overlap the year so far, split equally in fen (leftover fen one
    each to the lowest ids); a child without one is credited to its class's head teacher (the
    lowest staff id with role head_teacher and that class), or left unpaid.

  * pairing schemes (both read the `hand_in_hand` pairings, 5 school days of grace): a
    covered child (Plan 1: left-behind; Plan 5: left-behind or single-parent) needs a mentor
    on every school day of the year up to the as-of date on which it is enrolled, after its
    first 5 enrolled school days of the year; a pairing covers from start to end (inclusive)
    when its mentor is staff with one of the roles head_teacher, teacher, volunteer, or (Plan
    1 only) a student of the mentee's class, while enrolled;
  * Plan 5's social practice: one window a year (cut like the others) per left-behind child,
    met by an activities.csv row of kind social_practice naming the child, dated in it by the
    as-of date (no late; partial and open as above).

Output: one JSON object (keys sorted):

    {"<package>": {
        "obligations": {"<rule>": {"met", "late", "partial", "open", "missed", "children"}},
        "pairing_schemes": {"<rule>": {"children", "always_covered"}},
        # Plan 5 only:
        "activities": {"social_practice": {"met", "late", "partial", "open", "missed"}},
        "assessment": {"assessed": children assessed,
                       "points": {"<point rule>": points}},
        "prizes": {"<tier>": {"winners", "fen"}},
        "helpers": {"count": helpers credited, "fen": their pay},
        "totals": {"points", "unpaid_points", "student_awards_fen", "helper_awards_fen",
                   "total_fen"}}}

("partial" is careplan's status for a window the child was not enrolled on every school day
of, without a contact: excused, never missed.) With --detail, Plan 5 also has "helper_fen":
{"<helper id>": fen} (every helper's pay).

Compared with careplan (benches/peers.py --check): every figure above, from careplan's
`obligation_summary`, `pairing_schemes`, `activity_summary`, `students` (points per rule from
the trace, awards), `helpers` and `totals`. Not computed, so not compared: Plan 5's
activity-step milestones (investigation ... implementation: per-class dated windows of
calendar days), the pairing schemes' per-class figures, uncovered day runs and ineligible
pairings (and a student mentor's top-of-class test, which neither plan sets), per-class
totals, compliance and coverage rates (roundings of the counts compared), due weekdays and so
`late` (neither package's rules have one: always 0 here), head teachers' own divisions
(helper_split.csv, which the generator does not write), script rules (neither package has
any), findings and the per-child trace texts.
"""

import argparse
import json
import os
import sys
from datetime import date

import polars as pl

FEN_PER_POINT = 100

# The duties of Plans 1 and 5 owed to each left-behind child over recurring windows:
# (package, section, rule, kinds, window); "obligations" are met by contacts.csv rows,
# "activities" by an activities.csv row naming the child.
DUTIES = [
    ("school-weekly-talks", "obligations", "weekly_talk", ["talk"], "week"),
    ("school-weekly-talks", "obligations", "monthly_parent_call", ["parent_call"], "month"),
    ("school-weekly-talks", "obligations", "quarterly_home_visit", ["home_visit"], "quarter"),
    ("class-hand-in-hand", "obligations", "monthly_parent_feedback", ["parent_call"], "month"),
    ("class-hand-in-hand", "obligations", "regular_family_visit",
     ["home_visit", "guardian_visit"], "term"),
    ("class-hand-in-hand", "activities", "social_practice", ["social_practice"], "year"),
]
# The pairing schemes: (package, rule, covers single-parent children too, mentor roles,
# classmates may mentor); both read the `hand_in_hand` pairings, with 5 school days of grace.
SCHEMES = [
    ("school-weekly-talks", "one_on_one_pairing", False,
     ["head_teacher", "teacher", "volunteer"], True),
    ("class-hand-in-hand", "hand_in_hand_pairing", True,
     ["head_teacher", "teacher", "volunteer"], False),
]
GRACE_SCHOOL_DAYS = 5
PLAN1, PLAN5 = "school-weekly-talks", "class-hand-in-hand"
PRIZES = {"excellence_first": 10000, "excellence_top5": 3000, "progress": 1500}
POINT_RULES = ["no_serious_violation", "rank_gain", "stay_top_five", "three_good_students"]
YES = ["yes", "true", "1", "是", "y"]


def scan(records, name):
    """A lazy scan of `name`, every column read as text (no type guessing)."""
    return pl.scan_csv(os.path.join(records, name), infer_schema=False)


def as_date(col):
    return pl.col(col).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def calendar(records, as_of):
    """The assessed year: its label, span, terms and school days (a small eager frame)."""
    cal = pl.read_csv(os.path.join(records, "calendar.csv"), infer_schema=False).with_columns(
        pl.col("kind").str.to_lowercase(), as_date("start"), as_date("end"))
    terms = (cal.filter(pl.col("kind") == "term")
             .with_columns(pl.col("label").str.replace(r"-[^-]*$", "").alias("year"))
             .sort("start", "label"))
    year = terms.filter(pl.col("start") <= as_of)["year"][-1]
    terms = terms.filter(pl.col("year") == year)
    start, end = terms["start"].min(), terms["end"].max()
    days = (terms.select(pl.date_ranges("start", "end").alias("day")).explode("day")
            .unique().sort("day"))
    holidays = cal.filter(pl.col("kind") == "holiday")
    workdays = cal.filter(pl.col("kind") == "workday")

    def within(spans):
        return (days.join_where(spans, pl.col("day") >= pl.col("start"),
                                pl.col("day") <= pl.col("end"))
                .select("day").unique())

    school = (days.filter(pl.col("day").dt.weekday() <= 5)
              .join(within(holidays), on="day", how="anti")
              .vstack(within(workdays))
              .unique().sort("day"))
    return year, start, end, terms, school["day"]


def windows(kind, school_days, terms, start, end, as_of):
    """The windows of a kind: (window, w_start, w_end, lo, hi), lo/hi the index range of its
    school days in `school_days` (hi exclusive)."""
    days = pl.DataFrame({"day": school_days}).with_row_index("i")
    if kind in ("term", "year"):
        spans = terms.select(pl.col("start").alias("key"), pl.col("start").alias("s"),
                             pl.col("end").alias("e"))
        if kind == "year":
            spans = spans.select(pl.col("key").min(), pl.col("s").min(), pl.col("e").max())
        keyed = days.join_where(spans, pl.col("day") >= pl.col("s"), pl.col("day") <= pl.col("e"))
    else:
        every = {"week": "1w", "month": "1mo", "quarter": "1q"}[kind]
        keyed = days.with_columns(pl.col("day").dt.truncate(every).alias("key"))
        keyed = keyed.with_columns(
            pl.col("key").alias("s"),
            (pl.col("key").dt.offset_by(every) - pl.duration(days=1)).alias("e"))
    return (keyed.filter(pl.col("s") <= as_of)
            .group_by("key").agg(pl.col("s").first(), pl.col("e").first(),
                                 pl.col("i").min().alias("lo"),
                                 (pl.col("i").max() + 1).alias("hi"))
            .with_columns(pl.max_horizontal(pl.col("s"), pl.lit(start)).alias("w_start"),
                          pl.min_horizontal(pl.col("e"), pl.lit(end)).alias("w_end"))
            .with_row_index("window")
            .select("window", "w_start", "w_end", pl.col("lo").cast(pl.Int64),
                    pl.col("hi").cast(pl.Int64)))


def evaluate(records, as_of, detail=False):
    year, start, end, terms, school_days = calendar(records, as_of)
    # The year so far ends on the assessment day: the year's last day, or the as-of date.
    so_far_end = min(end, as_of)
    sd = pl.Series("sd", school_days)

    students = (scan(records, "students.csv")
                .select("student_id", "school", "class",
                        pl.col("left_behind").str.strip_chars().str.to_lowercase().is_in(YES)
                        .alias("lb"),
                        pl.col("single_parent").str.strip_chars().str.to_lowercase().is_in(YES)
                        .alias("sp"),
                        as_date("enrolled_on").alias("on"), as_date("left_on").alias("off"))
                .unique("student_id", keep="first", maintain_order=True)
                .collect())
    # Index range [enr, lft) of each child's enrolled school days in `sd`.
    students = students.with_columns(
        sd.search_sorted(students["on"], side="left").cast(pl.Int64).alias("enr"),
        sd.search_sorted(students["off"].fill_null(date(9999, 12, 31)), side="left")
        .cast(pl.Int64).alias("lft"))
    lb = students.filter(pl.col("lb")).lazy()

    all_kinds = sorted({k for _, section, _, ks, _ in DUTIES if section == "obligations"
                        for k in ks})
    contacts = (scan(records, "contacts.csv")
                .select(as_date("date").alias("date"), "student_id",
                        pl.col("kind").str.strip_chars().str.to_lowercase().alias("kind"))
                .filter(pl.col("kind").is_in(all_kinds), pl.col("date") <= as_of,
                        pl.col("date") >= start, pl.col("date") <= end)
                .join(lb.select("student_id", "on", "off"), on="student_id")
                .filter(pl.col("date") >= pl.col("on"),
                        pl.col("off").is_null() | (pl.col("date") < pl.col("off")))
                .select("date", "student_id", "kind")
                .collect())
    # Attendance rows (naming a child) by the as-of date; careplan does not ask for enrollment.
    attended = (scan(records, "activities.csv")
                .select(as_date("date").alias("date"), "student_id",
                        pl.col("kind").str.strip_chars().str.to_lowercase().alias("kind"))
                .filter(pl.col("student_id").str.strip_chars() != "", pl.col("date") <= as_of)
                .collect())

    out = {PLAN1: {"obligations": {}}, PLAN5: {"obligations": {}, "activities": {}}}
    for package, section, rule, kinds, kind in DUTIES:
        w = windows(kind, school_days, terms, start, end, as_of)
        rows = contacts if section == "obligations" else attended
        done = (rows.lazy().filter(pl.col("kind").is_in(kinds))
                .join_where(w.lazy(), pl.col("date") >= pl.col("w_start"),
                            pl.col("date") <= pl.col("w_end"))
                .select("student_id", "window").unique())
        per = (lb.select("student_id", "enr", "lft").join(w.lazy(), how="cross")
               .with_columns((pl.min_horizontal("hi", "lft") - pl.max_horizontal("lo", "enr"))
                             .alias("enrolled"))
               .filter(pl.col("enrolled") > 0)
               .join(done.with_columns(pl.lit(True).alias("contact")),
                     on=["student_id", "window"], how="left")
               .with_columns(
                   pl.when(pl.col("contact")).then(pl.lit("met"))
                   .when(pl.col("enrolled") < pl.col("hi") - pl.col("lo")).then(pl.lit("partial"))
                   .when(pl.col("w_end") >= as_of).then(pl.lit("open"))
                   .otherwise(pl.lit("missed")).alias("status")))
        counts = per.group_by("status").len().collect()
        c = {s: 0 for s in ("met", "late", "partial", "open", "missed")}
        c.update(dict(zip(counts["status"], counts["len"])))
        if section == "obligations":
            c["children"] = per.select(pl.col("student_id").n_unique()).collect().item()
        out[package][section][rule] = {k: int(v) for k, v in c.items()}

    n_so_far = int(sd.search_sorted(as_of, side="right"))
    for package, rule, single_parent, roles, classmates in SCHEMES:
        out[package].setdefault("pairing_schemes", {})[rule] = coverage(
            records, sd, n_so_far, start, so_far_end, students, single_parent, roles,
            classmates)

    out[PLAN5].update(assess(records, as_of, year, terms, start, so_far_end,
                             so_far_end, students, detail))
    return out


def coverage(records, sd, n_so_far, start, so_far_end, students, single_parent, roles,
             classmates):
    """A pairing scheme's coverage: covered children who needed a mentor on some school day
    of the year so far (after their first GRACE_SCHOOL_DAYS enrolled school days of the year),
    and of them those with an eligible mentor on every such day. Days are indices into the
    year's school days `sd`; a child needs [enr + grace, min(lft, n_so_far))."""
    staff = (scan(records, "staff.csv")
             .unique("staff_id", keep="first", maintain_order=True)
             .select("staff_id", pl.col("role").fill_null("").str.to_lowercase()
                     .str.replace_all("；", ";").str.split(";")
                     .list.eval(pl.element().str.strip_chars())
                     .list.set_intersection(pl.lit(roles)).list.len().gt(0).alias("has_role")))
    kids = students.lazy().select("student_id", "school", "class", "enr", "lft")
    pairings = (scan(records, "pairings.csv")
                .filter(pl.col("scheme") == "hand_in_hand")
                .select("mentor_id", "mentee_id", as_date("start").alias("ps"),
                        as_date("end").alias("pe"))
                .filter(pl.col("ps") <= so_far_end,
                        pl.col("pe").is_null() | (pl.col("pe") >= start))
                .collect())
    # The pairing as an index range [s, e) of school days.
    pairings = pairings.with_columns(
        sd.search_sorted(pairings["ps"], side="left").cast(pl.Int64).alias("s"),
        sd.search_sorted(pairings["pe"].fill_null(date(9999, 12, 31)), side="right")
        .cast(pl.Int64).alias("e")).lazy()
    mentee = kids.select(pl.col("student_id").alias("mentee_id"),
                         pl.col("school").fill_null("").alias("m_school"),
                         pl.col("class").alias("m_class"))
    mentor = kids.select(pl.col("student_id").alias("mentor_id"),
                         pl.col("school").fill_null("").alias("t_school"),
                         pl.col("class").alias("t_class"), pl.col("enr").alias("t_enr"),
                         pl.col("lft").alias("t_lft"))
    judged = (pairings.join(staff, left_on="mentor_id", right_on="staff_id", how="left")
              .join(mentee, on="mentee_id", how="left")
              .join(mentor, on="mentor_id", how="left"))
    if classmates:
        # Staff with a role, or a student of the mentee's class (while enrolled).
        eligible = (judged.filter(pl.col("has_role")
                                  | (pl.col("has_role").is_null()
                                     & (pl.col("t_school") == pl.col("m_school"))
                                     & (pl.col("t_class") == pl.col("m_class"))))
                    .with_columns(
                        pl.when(pl.col("has_role").is_null())
                        .then(pl.max_horizontal("s", "t_enr")).otherwise("s").alias("s"),
                        pl.when(pl.col("has_role").is_null())
                        .then(pl.min_horizontal("e", "t_lft")).otherwise("e").alias("e")))
    else:
        eligible = judged.filter(pl.col("has_role").fill_null(False))
    covered = pl.col("lb") | pl.col("sp") if single_parent else pl.col("lb")
    needy = (students.lazy().filter(covered)
             .select("student_id", (pl.col("enr") + GRACE_SCHOOL_DAYS).alias("a"),
                     pl.min_horizontal("lft", pl.lit(n_so_far)).alias("b"))
             .filter(pl.col("a") < pl.col("b")))
    # Gaps and islands: the child's pairings cut to [a, b), by start; covered on every day when
    # none starts after the furthest end before it (the first: after a) and the last end is b.
    spans = (eligible.select(pl.col("mentee_id").alias("student_id"), "s", "e")
             .join(needy, on="student_id")
             .with_columns(pl.max_horizontal("s", "a").alias("s"),
                           pl.min_horizontal("e", "b").alias("e"))
             .filter(pl.col("s") < pl.col("e"))
             .sort("student_id", "s")
             .with_columns(pl.col("e").cum_max().shift(1).over("student_id").alias("reach"))
             .group_by("student_id")
             .agg((pl.col("s") > pl.col("reach").fill_null(pl.col("a"))).any().alias("gap"),
                  pl.col("e").max().alias("end"), pl.col("b").first()))
    always = spans.filter(~pl.col("gap") & (pl.col("end") == pl.col("b")))
    return {"children": needy.select(pl.len()).collect().item(),
            "always_covered": always.select(pl.len()).collect().item()}


def assess(records, as_of, year, terms, start, so_far_end, day, students, detail):
    """Plan 5's points, prizes and helper pay."""
    first, final = terms["label"][0], terms["label"][-1] if len(terms) > 1 else None
    counted = set(terms.filter(pl.col("end") <= as_of)["label"])
    exams = (scan(records, "exams.csv")
             .select("student_id", "term", "school", "class",
                     pl.col("total").str.strip_chars().cast(pl.Float64, strict=False))
             .filter(pl.col("total").is_not_null())
             .unique(["student_id", "term"], keep="first", maintain_order=True)
             .with_columns(pl.col("total").rank("min", descending=True)
                           .over("term", "school", "class").cast(pl.Int64).alias("rank")))
    ranks = (exams.filter(pl.col("term").is_in([t for t in (first, final) if t in counted]))
             .collect()
             .pivot(on="term", index="student_id", values="rank"))
    rb = pl.col(first) if first in ranks.columns else pl.lit(None, pl.Int64)
    fi = pl.col(final) if final in ranks.columns else pl.lit(None, pl.Int64)

    serious = (scan(records, "conduct.csv")
               .filter(pl.col("severity").str.strip_chars().str.to_lowercase() == "serious")
               .filter(as_date("date").is_between(start, so_far_end))
               .select("student_id").unique().with_columns(pl.lit(True).alias("serious")))
    honors = (scan(records, "honors.csv")
              .filter(pl.col("academic_year") == year, pl.col("title") == "三好学生")
              .select("student_id").unique().with_columns(pl.lit(True).alias("three_good")))

    kids = (students.lazy()
            .filter(pl.col("on") <= day, pl.col("off").is_null() | (pl.col("off") > day))
            .join(ranks.lazy().select("student_id", rb.alias("base"), fi.alias("final")),
                  on="student_id", how="left")
            .join(serious, on="student_id", how="left")
            .join(honors, on="student_id", how="left")
            .with_columns(
                (pl.col("lb") | pl.col("sp")).alias("assessed"),
                ((pl.col("base") - pl.col("final")).clip(lower_bound=0).fill_null(0) * 10)
                .alias("rank_gain"),
                pl.when((pl.col("base") <= 5) & (pl.col("final") <= 5)).then(10).otherwise(0)
                .alias("stay_top_five"),
                pl.when(pl.col("serious")).then(0).otherwise(20).alias("no_serious_violation"),
                pl.when(pl.col("three_good")).then(10).otherwise(0)
                .alias("three_good_students"),
                pl.when(pl.col("final") == 1).then(PRIZES["excellence_first"]).otherwise(0)
                .alias("excellence_first"),
                pl.when(pl.col("final").is_between(2, 5)).then(PRIZES["excellence_top5"])
                .otherwise(0).alias("excellence_top5"),
                pl.when(pl.col("base") - pl.col("final") >= 5).then(PRIZES["progress"])
                .otherwise(0).alias("progress"))
            .with_columns(pl.sum_horizontal(POINT_RULES).alias("points"))
            .collect())
    assessed = kids.filter("assessed")

    # Helpers: distinct mentors of pairings that overlap the year so far, else the head teacher.
    mentors = (scan(records, "pairings.csv")
               .filter(pl.col("scheme") == "hand_in_hand",
                       as_date("start") <= so_far_end,
                       as_date("end").is_null() | (as_date("end") >= start))
               .select(pl.col("mentee_id").alias("student_id"), pl.col("mentor_id").alias("helper"))
               .unique())
    heads = (scan(records, "staff.csv")
             .filter(pl.col("role").str.to_lowercase().str.split(";").list.eval(
                 pl.element().str.strip_chars()).list.contains("head_teacher"),
                 pl.col("class").str.strip_chars() != "")
             .group_by(pl.col("school").fill_null(""), "class")
             .agg(pl.col("staff_id").min().alias("helper")))
    a = assessed.lazy().select("student_id", pl.col("school").fill_null(""), "class", "points")
    paired = a.join(mentors, on="student_id")
    unpaired = (a.join(mentors, on="student_id", how="anti")
                .join(heads, on=["school", "class"], how="left"))
    credited = pl.concat([paired.select("student_id", "points", "helper"),
                          unpaired.filter(pl.col("helper").is_not_null())
                          .select("student_id", "points", "helper")])
    shares = (credited
              .with_columns(pl.len().over("student_id").alias("n"),
                            pl.col("helper").rank("ordinal").over("student_id").alias("k"),
                            (pl.col("points") * FEN_PER_POINT).alias("fen"))
              .with_columns((pl.col("fen") // pl.col("n")
                             + (pl.col("k") <= pl.col("fen") % pl.col("n")).cast(pl.Int64))
                            .alias("share")))
    helper_fen = shares.group_by("helper").agg(pl.col("share").sum()).collect()
    unpaid = unpaired.filter(pl.col("helper").is_null()).select(pl.col("points").sum()).collect()

    sums = kids.select([pl.col(p).sum() for p in PRIZES]
                       + [(pl.col(p) > 0).sum().alias(p + "_n") for p in PRIZES]).row(0, named=True)
    pts = assessed.select([pl.col(r).sum() for r in POINT_RULES + ["points"]]).row(0, named=True)
    student_fen = sum(sums[p] for p in PRIZES)
    helper_total = int(helper_fen["share"].sum() or 0)
    out = {
        "assessment": {"assessed": assessed.height,
                       "points": {r: int(pts[r]) for r in POINT_RULES}},
        "prizes": {p: {"winners": int(sums[p + "_n"]), "fen": int(sums[p])} for p in PRIZES},
        "helpers": {"count": helper_fen.height, "fen": helper_total},
        "totals": {"points": int(pts["points"] or 0),
                   "unpaid_points": int(unpaid.item() or 0),
                   "student_awards_fen": int(student_fen),
                   "helper_awards_fen": helper_total,
                   "total_fen": int(student_fen) + helper_total},
    }
    if detail:
        out["helper_fen"] = {h: int(f) for h, f in helper_fen.sort("helper").iter_rows()}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records")
    ap.add_argument("--as-of", required=True, type=date.fromisoformat)
    ap.add_argument("--detail", action="store_true", help="every helper's pay in fen")
    args = ap.parse_args()
    json.dump(evaluate(args.records, args.as_of, args.detail), sys.stdout, sort_keys=True,
              ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
