#!/usr/bin/env python3
"""Save-to-report latency of `careplan watch` (a benchmark, not a test).

    cargo build --release
    python3 benches/watch_latency.py [--students 10000] [--rounds 7] [--debounce-ms 300]

For the realistic fixture and for a large record set made by `scale_records.py`, it copies
policies/class-hand-in-hand and the records into a temporary directory, starts
`careplan watch --format json --obligations none`, and then, round after round, saves
`plan.ron` (the no-serious-violation points changed, written to a temporary file and renamed
over, as vim and VS Code save) and `students.csv` (a student renamed, written in place). For
each save it measures the time from the end of the save to the moment the reload's JSON line
has been read in full. The debounce (quiet period) is part of that time by design; the rest
is reading, validating, evaluating, comparing and printing. Standard library only.
"""

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
WAIT = 120  # seconds for one reload, at most


def start(binary, policy, records, debounce_ms, obligations, fmt):
    proc = subprocess.Popen(
        [binary, "watch", policy, records, "--as-of", "2026-07-31", "--format", fmt,
         "--obligations", obligations, "--debounce-ms", str(debounce_ms), "--lang", "en"],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    lines = queue.Queue()

    def pump():
        for line in proc.stdout:
            lines.put((time.monotonic(), line))
        lines.put((time.monotonic(), None))

    threading.Thread(target=pump, daemon=True).start()
    return proc, lines


def next_reload(lines, n, fmt):
    """Waits for reload `n`: its JSON line, or in text mode the line that starts its block
    (each block is written at once). Returns when it was read and the line's size."""
    while True:
        t, line = lines.get(timeout=WAIT)
        if line is None:
            sys.exit("careplan watch stopped")
        if fmt == "json":
            v = json.loads(line)
            if v["reload"] != n or not v["ok"]:
                sys.exit(f"expected reload {n} ok, got {line[:300]!r}")
            return t, len(line)
        text = line.decode("utf-8")
        if (n == 0 and text.startswith("watching for changes")) or \
                text.startswith(f"== reload {n}:"):
            if "not loaded" in text:
                sys.exit(f"reload {n} failed: {text}")
            return t, len(line)


def save_rename_over(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def save_in_place(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def renamed(students, name):
    """students.csv with the first student's name (second column) changed."""
    head, first, rest = students.split("\n", 2)
    cells = first.split(",")
    cells[1] = name
    return "\n".join([head, ",".join(cells), rest])


def bench(binary, name, records_src, rounds, debounce_ms, obligations, fmt):
    tmp = tempfile.mkdtemp(prefix="careplan-watch-bench-")
    try:
        policy = os.path.join(tmp, "policy")
        records = os.path.join(tmp, "records")
        shutil.copytree(os.path.join(ROOT, "policies", "class-hand-in-hand"), policy)
        shutil.copytree(records_src, records)
        plan_path = os.path.join(policy, "plan.ron")
        students_path = os.path.join(records, "students.csv")
        plan = open(plan_path, encoding="utf-8").read()
        students = open(students_path, encoding="utf-8").read()
        n_students = students.count("\n") - 1

        t0 = time.monotonic()
        proc, lines = start(binary, policy, records, debounce_ms, obligations, fmt)
        t, size = next_reload(lines, 0, fmt)
        first = (t - t0) * 1000
        results = {"policy save": [], "records save": []}
        n = 0
        try:
            for i in range(rounds):
                points = 21 + i
                save_rename_over(
                    plan_path,
                    plan.replace("NoSeriousConduct(points: 20)",
                                 f"NoSeriousConduct(points: {points})"))
                saved = time.monotonic()
                n += 1
                t, size = next_reload(lines, n, fmt)
                results["policy save"].append((t - saved) * 1000)

                save_in_place(students_path, renamed(students, f"name{i}"))
                saved = time.monotonic()
                n += 1
                t, _ = next_reload(lines, n, fmt)
                results["records save"].append((t - saved) * 1000)
        finally:
            proc.kill()
            proc.wait()
        what = (f"JSON line {size / 1e6:.2f} MB, --obligations {obligations}"
                if fmt == "json" else "text diffs")
        print(f"\n{name}: {n_students} students, --format {fmt} ({what}), "
              f"debounce {debounce_ms} ms")
        print(f"  start to first report: {first:.0f} ms")
        print(f"  {'save':<14} {'min':>8} {'median':>8} {'max':>8}   median minus debounce")
        for kind, ms in results.items():
            med = statistics.median(ms)
            print(f"  {kind:<14} {min(ms):>8.0f} {med:>8.0f} {max(ms):>8.0f}   "
                  f"{med - debounce_ms:.0f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "careplan"))
    ap.add_argument("--students", type=int, default=10_000,
                    help="size of the generated set (0: realistic only)")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--debounce-ms", type=int, default=300)
    ap.add_argument("--obligations", default="none", choices=["none", "overdue", "all"])
    ap.add_argument("--format", default="both", choices=["json", "text", "both"])
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")

    formats = ["json", "text"] if args.format == "both" else [args.format]
    sets = [("realistic", os.path.join(ROOT, "fixtures", "realistic"))]
    big = tempfile.mkdtemp(prefix="careplan-scaled-")
    try:
        if args.students:
            subprocess.run([sys.executable, os.path.join(HERE, "scale_records.py"), big,
                            "--students", str(args.students)], check=True)
            sets.append(("scaled", big))
        for name, path in sets:
            for fmt in formats:
                bench(args.binary, name, path, args.rounds, args.debounce_ms,
                      args.obligations, fmt)
    finally:
        shutil.rmtree(big, ignore_errors=True)


if __name__ == "__main__":
    main()
