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

Output: one JSON object (keys sorted):

    {"<package>": {
        "obligations": {"<rule>": {"met", "late", "partial", "open", "missed", "children"}},
        # Plan 5 only:
        "assessment": {"assessed": children assessed,
                       "points": {"<point rule>": points}},
        "prizes": {"<tier>": {"winners", "fen"}},
        "helpers": {"count": helpers credited, "fen": their pay},
        "totals": {"points", "unpaid_points", "student_awards_fen", "helper_awards_fen",
                   "total_fen"}}}

With --detail, Plan 5 also has "helper_fen": {"<helper id>": fen} (every helper's pay).

Compared with careplan (benches/peers.py --check): every figure above. Not computed (left out
of the comparison): the pairing schemes' coverage (Plan 1 one_on_one_pairing, Plan 5
hand_in_hand_pairing: uncovered school days with grace days, mentor eligibility, capacity),
Plan 5's social-practice activity windows and activity-step milestones, compliance rates (a
rounding of the counts compared), head teachers' own divisions (helper_split.csv, which the
generator does not write), script rules (neither package has any), per-child trace texts.
"""

import argparse
import json
import os
import sys
from datetime import date

import polars as pl

FEN_PER_POINT = 100

# Plan 1 and Plan 5 obligations: (package, rule, kinds, window).
OBLIGATIONS = [
    ("school-weekly-talks", "weekly_talk", ["talk"], "week"),
    ("school-weekly-talks", "monthly_parent_call", ["parent_call"], "month"),
    ("school-weekly-talks", "quarterly_home_visit", ["home_visit"], "quarter"),
    ("class-hand-in-hand", "monthly_parent_feedback", ["parent_call"], "month"),
    ("class-hand-in-hand", "regular_family_visit", ["home_visit", "guardian_visit"], "term"),
]
PLAN1, PLAN5 = "school-weekly-talks", "class-hand-in-hand"
PRIZES = {"excellence_first": 10000, "excellence_top5": 3000, "progress": 1500}
POINT_RULES = ["no_serious_violation", "rank_gain", "stay_top_five", "three_good_students"]
YES = ["yes", "true", "1", "是", "y"]


def scan(records, name, schema):
    """A lazy scan of `name` with every listed column read as text (no type guessing)."""
    return pl.scan_csv(os.path.join(records, name), schema_overrides=schema,
                       infer_schema=False)


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
    if kind == "term":
        spans = terms.select(pl.col("start").alias("key"), pl.col("start").alias("s"),
                             pl.col("end").alias("e"))
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
    so_far_end = min(end, as_of)
    day_of_assessment = min(end, as_of)
    sd = pl.Series("sd", school_days)

    students = (scan(records, "students.csv", None)
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

    all_kinds = sorted({k for _, _, ks, _ in OBLIGATIONS for k in ks})
    contacts = (scan(records, "contacts.csv", None)
                .select(as_date("date").alias("date"), "student_id",
                        pl.col("kind").str.strip_chars().str.to_lowercase().alias("kind"))
                .filter(pl.col("kind").is_in(all_kinds), pl.col("date") <= as_of,
                        pl.col("date") >= start, pl.col("date") <= end)
                .join(lb.select("student_id", "on", "off"), on="student_id")
                .filter(pl.col("date") >= pl.col("on"),
                        pl.col("off").is_null() | (pl.col("date") < pl.col("off")))
                .select("date", "student_id", "kind")
                .collect())

    out = {PLAN1: {"obligations": {}}, PLAN5: {"obligations": {}}}
    for package, rule, kinds, kind in OBLIGATIONS:
        w = windows(kind, school_days, terms, start, end, as_of)
        done = (contacts.lazy().filter(pl.col("kind").is_in(kinds))
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
        c["children"] = per.select(pl.col("student_id").n_unique()).collect().item()
        out[package]["obligations"][rule] = {k: int(v) for k, v in c.items()}

    out[PLAN5].update(assess(records, as_of, year, terms, start, so_far_end,
                             day_of_assessment, students, detail))
    return out


def assess(records, as_of, year, terms, start, so_far_end, day, students, detail):
    """Plan 5's points, prizes and helper pay."""
    first, final = terms["label"][0], terms["label"][-1] if len(terms) > 1 else None
    counted = set(terms.filter(pl.col("end") <= as_of)["label"])
    exams = (scan(records, "exams.csv", None)
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

    serious = (scan(records, "conduct.csv", None)
               .filter(pl.col("severity").str.strip_chars().str.to_lowercase() == "serious")
               .filter(as_date("date").is_between(start, so_far_end))
               .select("student_id").unique().with_columns(pl.lit(True).alias("serious")))
    honors = (scan(records, "honors.csv", None)
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
    mentors = (scan(records, "pairings.csv", None)
               .filter(pl.col("scheme") == "hand_in_hand",
                       as_date("start") <= so_far_end,
                       as_date("end").is_null() | (as_date("end") >= start))
               .select(pl.col("mentee_id").alias("student_id"), pl.col("mentor_id").alias("helper"))
               .unique())
    heads = (scan(records, "staff.csv", None)
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
