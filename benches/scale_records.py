#!/usr/bin/env python3
"""Makes a large record set by replicating fixtures/realistic with new ids and classes.

    python3 benches/scale_records.py OUT_DIR [--students 10000]

Copy 0 is the realistic set unchanged; copy k (k >= 1) renames every student and staff id
`X` to `X_k` and classes `7-1`, `7-2` to `7-(2k+1)`, `7-(2k+2)`, and keeps every other
value, so each copy is a school-year of two classes with the same figures as the original.
School-wide activities (no class) are kept once; calendar.csv and any other CSV file is
copied unchanged. Enough copies are made to reach at least
`--students` students. Standard library only.
"""

import argparse
import csv
import math
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "fixtures", "realistic")

# Columns holding a person's id, per file.
ID_COLUMNS = {
    "students.csv": ["student_id"],
    "staff.csv": ["staff_id"],
    "contacts.csv": ["student_id", "staff_id"],
    "exams.csv": ["student_id"],
    "conduct.csv": ["student_id"],
    "honors.csv": ["student_id"],
    "pairings.csv": ["mentor_id", "mentee_id"],
    "activities.csv": ["student_id"],
    "plans.csv": ["student_id", "staff_id"],
}
CLASS_COLUMNS = {"students.csv", "staff.csv", "exams.csv", "activities.csv"}


def read(name):
    with open(os.path.join(SOURCE, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--students", type=int, default=10_000)
    args = ap.parse_args()

    _, students = read("students.csv")
    copies = max(1, math.ceil(args.students / len(students)))
    os.makedirs(args.out, exist_ok=True)
    # calendar.csv, and any file this script does not know, is copied as it is.
    for name in os.listdir(SOURCE):
        if name.endswith(".csv") and name not in ID_COLUMNS:
            shutil.copy(os.path.join(SOURCE, name), os.path.join(args.out, name))

    for name, id_cols in ID_COLUMNS.items():
        if not os.path.exists(os.path.join(SOURCE, name)):
            continue
        header, rows = read(name)
        ids = [header.index(c) for c in id_cols]
        cls = header.index("class") if name in CLASS_COLUMNS else None
        out = []
        for k in range(copies):
            for row in rows:
                school_wide = name == "activities.csv" and not row[cls]
                if k > 0 and school_wide:
                    continue
                row = list(row)
                if k > 0:
                    for i in ids:
                        if row[i]:
                            row[i] = f"{row[i]}_{k}"
                    if cls is not None and row[cls]:
                        grade, n = row[cls].split("-")
                        row[cls] = f"{grade}-{2 * k + int(n)}"
                out.append(row)
        with open(os.path.join(args.out, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(out)
    print(f"{args.out}: {copies} copies, {copies * len(students)} students")


if __name__ == "__main__":
    main()
