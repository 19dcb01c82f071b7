#!/usr/bin/env python3
"""Plans 1 and 5 in DuckDB SQL: the second peer of `careplan evaluate` that issue 16 benchmarks.

    python3 benches/peer_duckdb.py RECORDS_DIR --as-of 2026-07-31 [--detail] [--threads N]

The logic is the SQL below (`SQL`), written as a data analyst who knows DuckDB would: views
over `read_csv`, window functions, an inequality join of contacts to windows. Python only binds
the records directory and the as-of date, runs it and prints the rows of the last queries as
JSON. It computes the figures careplan reports for the packages `policies/school-weekly-talks`
(Plan 1) and `policies/class-hand-in-hand` (Plan 5); the rules are written here as the plans
state them (the kinds, windows and amounts of each package's plan.ron); no figure is taken from
careplan. `benches/peers.py --check` compares the output with careplan's JSON and with
`benches/peer_polars.py`.

Units: days are calendar dates (ISO), points are careplan points (integers), money is integer
fen (1 yuan = 100 fen).

The semantics, the output shape and what is compared and what is not are those of
`benches/peer_polars.py` (its docstring); in short, per package and obligation rule the counts
of met / late / partial / open / missed windows and the children with a window; per pairing
scheme the children who needed a mentor and those always covered; for Plan 5 the
social-practice windows per status, the children assessed, the points per point rule, each
prize tier's winners and fen, the helpers credited and their pay, and careplan's totals
(points, unpaid points, student awards, helper awards, total, all in fen). Plan 5's activity-step
milestones, per-class figures, rates, head teachers' own divisions and script rules are not
computed.
"""

import argparse
import json
import os
import sys
from datetime import date

import duckdb

SQL = r"""
-- Every file read as text, in file order (the first of two rows with one key wins).
CREATE TEMP VIEW cal AS
  SELECT lower(trim(kind)) AS kind, CAST(start AS DATE) AS s, CAST("end" AS DATE) AS e, label
  FROM read_csv(getvariable('dir') || '/calendar.csv', all_varchar = true, header = true);

CREATE TEMP TABLE yterms AS
  WITH terms AS (
    SELECT s, e, label, regexp_replace(label, '-[^-]*$', '') AS year FROM cal WHERE kind = 'term'
  ), the_year AS (
    SELECT year FROM terms WHERE s <= getvariable('as_of') ORDER BY s DESC, label DESC LIMIT 1
  )
  SELECT t.*, row_number() OVER (ORDER BY s, label) AS n FROM terms t JOIN the_year USING (year);

CREATE TEMP TABLE yr AS
  SELECT any_value(year) AS year, min(s) AS ys, max(e) AS ye,
         least(max(e), getvariable('as_of')) AS so_far_end,  -- also the assessment day
         (SELECT label FROM yterms ORDER BY n LIMIT 1) AS first_term,
         CASE WHEN count(*) > 1 THEN (SELECT label FROM yterms ORDER BY n DESC LIMIT 1) END
           AS final_term
  FROM yterms;

-- School days: term days, Monday to Friday and no holiday, or a make-up workday; i = index.
CREATE TEMP TABLE school_days AS
  WITH days AS (
    SELECT DISTINCT CAST(unnest(generate_series(s, e, INTERVAL 1 DAY)) AS DATE) AS day
    FROM yterms
  )
  SELECT day, CAST(row_number() OVER (ORDER BY day) - 1 AS BIGINT) AS i
  FROM days d
  WHERE (isodow(day) <= 5
         AND NOT EXISTS (SELECT 1 FROM cal WHERE kind = 'holiday' AND day BETWEEN s AND e))
     OR EXISTS (SELECT 1 FROM cal WHERE kind = 'workday' AND day BETWEEN s AND e);

CREATE TEMP TABLE students AS
  WITH raw AS (
    SELECT student_id, coalesce(school, '') AS school, class,
           lower(trim(left_behind)) IN ('yes', 'true', '1', '是', 'y') AS lb,
           lower(trim(single_parent)) IN ('yes', 'true', '1', '是', 'y') AS sp,
           CAST(nullif(trim(enrolled_on), '') AS DATE) AS enrolled_on,
           CAST(nullif(trim(left_on), '') AS DATE) AS left_on,
           row_number() OVER () AS line
    FROM read_csv(getvariable('dir') || '/students.csv', all_varchar = true, header = true)
  ), firsts AS (
    SELECT * FROM raw QUALIFY row_number() OVER (PARTITION BY student_id ORDER BY line) = 1
  )
  -- With the index range [enr, lft) of the child's enrolled school days.
  SELECT s.*,
         (SELECT count(*) FROM school_days d WHERE d.day < s.enrolled_on) AS enr,
         (SELECT count(*) FROM school_days d WHERE s.left_on IS NULL OR d.day < s.left_on) AS lft
  FROM firsts s;

CREATE TEMP VIEW lb AS SELECT * FROM students WHERE lb;

-- The duties of Plans 1 and 5 owed to each left-behind child over recurring windows: kinds
-- and window; "obligations" are met by contacts.csv rows, "activities" by an activities.csv
-- row naming the child.
CREATE TEMP TABLE rules AS SELECT * FROM (VALUES
  ('school-weekly-talks', 'obligations', 'weekly_talk', ['talk'], 'week'),
  ('school-weekly-talks', 'obligations', 'monthly_parent_call', ['parent_call'], 'month'),
  ('school-weekly-talks', 'obligations', 'quarterly_home_visit', ['home_visit'], 'quarter'),
  ('class-hand-in-hand', 'obligations', 'monthly_parent_feedback', ['parent_call'], 'month'),
  ('class-hand-in-hand', 'obligations', 'regular_family_visit',
   ['home_visit', 'guardian_visit'], 'term'),
  ('class-hand-in-hand', 'activities', 'social_practice', ['social_practice'], 'year')
) AS r(package, section, rule, kinds, win);

-- Windows: ISO weeks, calendar months and quarters, terms; started by the as-of date, holding a
-- school day, cut to the year's span; lo/hi the index range of their school days.
CREATE TEMP TABLE windows AS
  WITH keyed AS (
    SELECT r.package, r.section, r.rule, d.day, d.i,
           CASE r.win WHEN 'week' THEN date_trunc('week', d.day)
                      WHEN 'month' THEN date_trunc('month', d.day)
                      WHEN 'quarter' THEN date_trunc('quarter', d.day)
                      WHEN 'year' THEN (SELECT ys FROM yr)
                      ELSE (SELECT s FROM yterms t WHERE d.day BETWEEN t.s AND t.e) END AS ws,
           CASE r.win WHEN 'week' THEN date_trunc('week', d.day) + INTERVAL 6 DAY
                      WHEN 'month' THEN last_day(d.day)
                      WHEN 'quarter' THEN date_trunc('quarter', d.day) + INTERVAL 3 MONTH
                                          - INTERVAL 1 DAY
                      WHEN 'year' THEN (SELECT ye FROM yr)
                      ELSE (SELECT e FROM yterms t WHERE d.day BETWEEN t.s AND t.e) END AS we
    FROM rules r CROSS JOIN school_days d
  )
  SELECT package, section, rule, CAST(greatest(ws, yr.ys) AS DATE) AS w_start,
         CAST(least(we, yr.ye) AS DATE) AS w_end, min(i) AS lo, max(i) + 1 AS hi
  FROM keyed, yr
  WHERE ws <= getvariable('as_of')
  GROUP BY ALL;

-- Contacts that count: a rule's kind, in the year up to the as-of date, on a day the child is
-- enrolled (careplan ignores the others).
CREATE TEMP TABLE contacts AS
  SELECT CAST(c.date AS DATE) AS date, c.student_id, lower(trim(c.kind)) AS kind
  FROM read_csv(getvariable('dir') || '/contacts.csv', all_varchar = true, header = true) c
  JOIN lb USING (student_id), yr
  WHERE lower(trim(c.kind)) IN (SELECT unnest(kinds) FROM rules WHERE section = 'obligations')
    AND CAST(c.date AS DATE) BETWEEN yr.ys AND least(yr.ye, getvariable('as_of'))
    AND CAST(c.date AS DATE) >= lb.enrolled_on
    AND (lb.left_on IS NULL OR CAST(c.date AS DATE) < lb.left_on);

-- Attendance rows (naming a child) by the as-of date; careplan does not ask for enrollment.
CREATE TEMP TABLE attended AS
  SELECT CAST(date AS DATE) AS date, student_id, lower(trim(kind)) AS kind
  FROM read_csv(getvariable('dir') || '/activities.csv', all_varchar = true, header = true)
  WHERE coalesce(trim(student_id), '') <> '' AND CAST(date AS DATE) <= getvariable('as_of');

CREATE TEMP TABLE done AS
  WITH rows AS (
    SELECT 'obligations' AS section, * FROM contacts
    UNION ALL SELECT 'activities', * FROM attended
  )
  SELECT DISTINCT w.rule, c.student_id, w.w_start
  FROM rows c
  JOIN rules r ON r.section = c.section AND list_contains(r.kinds, c.kind)
  JOIN windows w ON w.rule = r.rule AND c.date BETWEEN w.w_start AND w.w_end;

-- Status of every (rule, child, window): met (no due weekday in these rules, so never late),
-- partial, open, missed.
CREATE TEMP TABLE statuses AS
  SELECT w.package, w.section, w.rule, s.student_id,
         CASE WHEN d.student_id IS NOT NULL THEN 'met'
              WHEN least(w.hi, s.lft) - greatest(w.lo, s.enr) < w.hi - w.lo THEN 'partial'
              WHEN w.w_end >= getvariable('as_of') THEN 'open'
              ELSE 'missed' END AS status
  FROM windows w CROSS JOIN lb s
  LEFT JOIN done d ON d.rule = w.rule AND d.student_id = s.student_id AND d.w_start = w.w_start
  WHERE least(w.hi, s.lft) - greatest(w.lo, s.enr) > 0;

-- The pairing schemes (both read the hand_in_hand pairings, 5 school days of grace): who may
-- mentor, and whether single-parent children are covered too.
CREATE TEMP TABLE schemes AS SELECT * FROM (VALUES
  ('school-weekly-talks', 'one_on_one_pairing', false, ['head_teacher', 'teacher', 'volunteer'],
   true),
  ('class-hand-in-hand', 'hand_in_hand_pairing', true, ['head_teacher', 'teacher', 'volunteer'],
   false)
) AS t(package, rule, single_parent, roles, classmates);

CREATE TEMP TABLE staff AS
  WITH raw AS (
    SELECT *, row_number() OVER () AS line
    FROM read_csv(getvariable('dir') || '/staff.csv', all_varchar = true, header = true)
  )
  SELECT staff_id, coalesce(school, '') AS school, class,
         list_transform(string_split(replace(lower(coalesce(role, '')), '；', ';'), ';'),
                        lambda x: trim(x)) AS roles
  FROM raw QUALIFY row_number() OVER (PARTITION BY staff_id ORDER BY line) = 1;

-- Pairings overlapping the year so far, as index ranges [s, e) of school days.
CREATE TEMP TABLE pairings AS
  SELECT p.mentor_id, p.mentee_id,
         (SELECT count(*) FROM school_days d WHERE d.day < CAST(p.start AS DATE)) AS s,
         (SELECT count(*) FROM school_days d
          WHERE nullif(trim(p."end"), '') IS NULL OR d.day <= CAST(p."end" AS DATE)) AS e
  FROM read_csv(getvariable('dir') || '/pairings.csv', all_varchar = true, header = true) p, yr
  WHERE p.scheme = 'hand_in_hand' AND CAST(p.start AS DATE) <= yr.so_far_end
    AND (nullif(trim(p."end"), '') IS NULL OR CAST(p."end" AS DATE) >= yr.ys);

-- Pairings that cover: a staff mentor with one of the roles, or (classmates) a student of the
-- mentee's class while enrolled.
CREATE TEMP TABLE eligible AS
  SELECT sc.rule, p.mentee_id AS student_id,
         CASE WHEN st.staff_id IS NULL THEN greatest(p.s, t.enr) ELSE p.s END AS s,
         CASE WHEN st.staff_id IS NULL THEN least(p.e, t.lft) ELSE p.e END AS e
  FROM pairings p CROSS JOIN schemes sc
  LEFT JOIN staff st ON st.staff_id = p.mentor_id
  LEFT JOIN students m ON m.student_id = p.mentee_id
  LEFT JOIN students t ON t.student_id = p.mentor_id
  WHERE CASE WHEN st.staff_id IS NOT NULL THEN len(list_intersect(st.roles, sc.roles)) > 0
             ELSE sc.classmates AND t.school = m.school AND t.class = m.class END;

-- Covered children need a mentor on the school days [a, b): after their first 5 enrolled
-- school days of the year, while enrolled, up to the as-of date.
CREATE TEMP TABLE needy AS
  SELECT sc.package, sc.rule, s.student_id, s.enr + 5 AS a,
         least(s.lft, (SELECT count(*) FROM school_days WHERE day <= getvariable('as_of'))) AS b
  FROM students s CROSS JOIN schemes sc
  WHERE (s.lb OR (sc.single_parent AND s.sp))
    AND s.enr + 5 < least(s.lft, (SELECT count(*) FROM school_days
                                  WHERE day <= getvariable('as_of')));

-- Gaps and islands: a child is always covered when its pairings, cut to [a, b) and taken by
-- start, never start past the furthest end before them (the first: past a) and reach b.
CREATE TEMP TABLE always_covered AS
  WITH cut AS (
    SELECT n.rule, n.student_id, n.a, n.b, greatest(e.s, n.a) AS s, least(e.e, n.b) AS e
    FROM needy n JOIN eligible e USING (rule, student_id)
    WHERE greatest(e.s, n.a) < least(e.e, n.b)
  ), reach AS (
    SELECT *, max(e) OVER (PARTITION BY rule, student_id ORDER BY s
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM cut
  )
  SELECT rule, student_id FROM reach GROUP BY rule, student_id
  HAVING NOT bool_or(s > coalesce(reach, a)) AND max(e) = any_value(b);

-- Plan 5. Class ranks ("1224") per term and exam class, counted once the term has ended.
CREATE TEMP TABLE ranks AS
  WITH exams AS (
    SELECT student_id, term, coalesce(school, '') AS school, class,
           TRY_CAST(trim(total) AS DOUBLE) AS total, row_number() OVER () AS line
    FROM read_csv(getvariable('dir') || '/exams.csv', all_varchar = true, header = true)
  ), firsts AS (
    SELECT * FROM exams WHERE total IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY student_id, term ORDER BY line) = 1
  )
  SELECT student_id, term, rank() OVER (PARTITION BY term, school, class ORDER BY total DESC) AS rk
  FROM firsts;

-- The children enrolled on the assessment day, with the ranks of the year (2025-2026 is the
-- scheme's first year: the rank base is the first-term final).
CREATE TEMP TABLE kids AS
  SELECT s.student_id, s.school, s.class, s.lb OR s.sp AS assessed,
         b.rk AS base, f.rk AS final,
         EXISTS (SELECT 1 FROM read_csv(getvariable('dir') || '/conduct.csv', all_varchar = true,
                                        header = true) c
                 WHERE c.student_id = s.student_id AND lower(trim(c.severity)) = 'serious'
                   AND CAST(c.date AS DATE) BETWEEN yr.ys AND yr.so_far_end) AS serious,
         EXISTS (SELECT 1 FROM read_csv(getvariable('dir') || '/honors.csv', all_varchar = true,
                                        header = true) h
                 WHERE h.student_id = s.student_id AND h.academic_year = yr.year
                   AND h.title = '三好学生') AS three_good
  FROM students s CROSS JOIN yr
  LEFT JOIN ranks b ON b.student_id = s.student_id AND b.term = yr.first_term
       AND (SELECT e FROM yterms WHERE label = yr.first_term) <= getvariable('as_of')
  LEFT JOIN ranks f ON f.student_id = s.student_id AND f.term = yr.final_term
       AND (SELECT e FROM yterms WHERE label = yr.final_term) <= getvariable('as_of')
  WHERE s.enrolled_on <= yr.so_far_end AND (s.left_on IS NULL OR s.left_on > yr.so_far_end);

CREATE TEMP TABLE scored AS
  SELECT *,
         10 * greatest(coalesce(base - final, 0), 0) AS rank_gain,
         CASE WHEN base <= 5 AND final <= 5 THEN 10 ELSE 0 END AS stay_top_five,
         CASE WHEN serious THEN 0 ELSE 20 END AS no_serious_violation,
         CASE WHEN three_good THEN 10 ELSE 0 END AS three_good_students,
         CASE WHEN final = 1 THEN 10000 ELSE 0 END AS excellence_first,
         CASE WHEN final BETWEEN 2 AND 5 THEN 3000 ELSE 0 END AS excellence_top5,
         CASE WHEN base - final >= 5 THEN 1500 ELSE 0 END AS progress
  FROM kids;

-- Helper pay, 100 fen a point: the distinct hand_in_hand mentors of pairings overlapping the
-- year so far, else the class's head teacher (lowest id), else unpaid; equal shares in fen,
-- the leftover fen one each to the lowest ids.
CREATE TEMP TABLE credited AS
  WITH a AS (
    SELECT student_id, school, class,
           rank_gain + stay_top_five + no_serious_violation + three_good_students AS points
    FROM scored WHERE assessed
  ), mentors AS (
    SELECT DISTINCT p.mentee_id AS student_id, p.mentor_id AS helper
    FROM read_csv(getvariable('dir') || '/pairings.csv', all_varchar = true, header = true) p, yr
    WHERE p.scheme = 'hand_in_hand' AND CAST(p.start AS DATE) <= yr.so_far_end
      AND (nullif(trim(p."end"), '') IS NULL OR CAST(nullif(trim(p."end"), '') AS DATE) >= yr.ys)
  ), heads AS (
    SELECT coalesce(school, '') AS school, class, min(staff_id) AS helper
    FROM read_csv(getvariable('dir') || '/staff.csv', all_varchar = true, header = true)
    WHERE list_contains(list_transform(string_split(lower(role), ';'), lambda x: trim(x)),
                        'head_teacher')
      AND coalesce(trim(class), '') <> ''
    GROUP BY ALL
  )
  SELECT a.student_id, a.points, coalesce(m.helper, h.helper) AS helper
  FROM a
  LEFT JOIN mentors m USING (student_id)
  LEFT JOIN heads h ON m.helper IS NULL AND h.school = a.school AND h.class = a.class;

CREATE TEMP TABLE helper_fen AS
  WITH shares AS (
    SELECT helper, points * 100 AS fen,
           count(*) OVER (PARTITION BY student_id) AS n,
           row_number() OVER (PARTITION BY student_id ORDER BY helper) AS k
    FROM credited WHERE helper IS NOT NULL
  )
  SELECT helper, sum(fen // n + CASE WHEN k <= fen % n THEN 1 ELSE 0 END) AS fen
  FROM shares GROUP BY helper;
"""

QUERIES = {
    "obligations": """
        SELECT package, section, rule,
               count(*) FILTER (status = 'met') AS met, 0 AS late,
               count(*) FILTER (status = 'partial') AS partial,
               count(*) FILTER (status = 'open') AS open,
               count(*) FILTER (status = 'missed') AS missed,
               count(DISTINCT student_id) AS children
        FROM statuses GROUP BY ALL ORDER BY ALL""",
    "assessment": """
        SELECT count(*) AS assessed, sum(rank_gain) AS rank_gain,
               sum(stay_top_five) AS stay_top_five,
               sum(no_serious_violation) AS no_serious_violation,
               sum(three_good_students) AS three_good_students
        FROM scored WHERE assessed""",
    "prizes": """
        SELECT count(*) FILTER (excellence_first > 0), sum(excellence_first),
               count(*) FILTER (excellence_top5 > 0), sum(excellence_top5),
               count(*) FILTER (progress > 0), sum(progress)
        FROM scored""",
    "pairing_schemes": """
        SELECT n.package, n.rule, count(*), count(c.student_id)
        FROM needy n LEFT JOIN always_covered c USING (rule, student_id)
        GROUP BY ALL ORDER BY ALL""",
    "unpaid": "SELECT sum(points) FROM credited WHERE helper IS NULL",
    "helpers": "SELECT count(*), sum(fen) FROM helper_fen",
    "helper_fen": "SELECT helper, fen FROM helper_fen ORDER BY helper",
}
POINT_RULES = ["rank_gain", "stay_top_five", "no_serious_violation", "three_good_students"]
PRIZES = ["excellence_first", "excellence_top5", "progress"]


def evaluate(records, as_of, detail=False, threads=None):
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET VARIABLE dir = ?", [os.path.abspath(records)])
    con.execute("SET VARIABLE as_of = ?", [as_of])
    con.execute(SQL)
    out = {}
    for package, section, rule, *counts in con.execute(QUERIES["obligations"]).fetchall():
        keys = ["met", "late", "partial", "open", "missed"]
        figures = dict(zip(keys, map(int, counts)))
        if section == "obligations":
            figures["children"] = int(counts[-1])
        out.setdefault(package, {}).setdefault(section, {})[rule] = figures
    for package, rule, children, always in con.execute(QUERIES["pairing_schemes"]).fetchall():
        out.setdefault(package, {}).setdefault("pairing_schemes", {})[rule] = {
            "children": int(children), "always_covered": int(always)}
    assessed, *points = con.execute(QUERIES["assessment"]).fetchone()
    prizes = [int(x or 0) for x in con.execute(QUERIES["prizes"]).fetchone()]
    unpaid = con.execute(QUERIES["unpaid"]).fetchone()[0] or 0
    helpers, helper_total = con.execute(QUERIES["helpers"]).fetchone()
    helper_total = int(helper_total or 0)
    student_fen = sum(prizes[1::2])
    plan5 = out.setdefault("class-hand-in-hand", {})
    plan5.update({
        "assessment": {"assessed": int(assessed),
                       "points": {r: int(p or 0) for r, p in zip(POINT_RULES, points)}},
        "prizes": {p: {"winners": prizes[2 * i], "fen": prizes[2 * i + 1]}
                   for i, p in enumerate(PRIZES)},
        "helpers": {"count": int(helpers), "fen": helper_total},
        "totals": {"points": int(sum(p or 0 for p in points)), "unpaid_points": int(unpaid),
                   "student_awards_fen": student_fen, "helper_awards_fen": helper_total,
                   "total_fen": student_fen + helper_total},
    })
    if detail:
        plan5["helper_fen"] = {h: int(f) for h, f in con.execute(QUERIES["helper_fen"]).fetchall()}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records")
    ap.add_argument("--as-of", required=True, type=date.fromisoformat)
    ap.add_argument("--detail", action="store_true", help="every helper's pay in fen")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    args = ap.parse_args()
    json.dump(evaluate(args.records, args.as_of, args.detail, args.threads), sys.stdout,
              sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
