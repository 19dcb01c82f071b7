#!/usr/bin/env python3
"""Whole `careplan evaluate` runs at school, county and province size (a benchmark, not a test).

    python3 benches/scale.py [--sizes school,county] [--data DIR] [--packages p1,p2] [--threads N]
    python3 benches/scale.py --sizes province      # 2,000,000 children: ~7 GB of CSV

For each size it generates the record set once (`examples/gen_records.rs`, seed 1, kept in
DIR, default /tmp/careplan-bench) and then, for each of the five shipped packages, runs

    /usr/bin/time -v careplan evaluate policies/<package> <set> --as-of 2026-07-31 \\
        --format json --obligations none --quiet > /dev/null

reporting wall time, peak memory (maximum resident set size), contacts per second and the
ratio of the wall time to the *floor*: the time the `csv` crate alone takes to parse every CSV
file of the set with one reused `ByteRecord` (`examples/csv_floor.rs`, best of three). Runs
that exit 0 or 1 (1 = error findings in the records) count; the school set is run three times
(best), the larger ones once (the machine is shared). For the school set it also times the
in-process re-evaluation after a policy edit (`examples/bench_eval.rs`: package read and
validated again, evaluated, JSON written to memory; best of ten). The province set is skipped,
with the reason, when the disk lacks 12 GB. Prints a Markdown table and the machine.
Standard library only.
"""

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
SIZES = {"school": 2_000, "county": 200_000, "province": 2_000_000}
PACKAGES = [
    "school-weekly-talks",
    "class-hand-in-hand",
    "school-files-triple-care",
    "school-ten-ones",
    "community-care",
]
AS_OF = "2026-07-31"
RELEASE = os.path.join(ROOT, "target", "release")


def build():
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "careplan",
         "--example", "gen_records", "--example", "csv_floor", "--example", "bench_eval"],
        cwd=ROOT, check=True)


def generate(data, size):
    students = SIZES[size]
    out = os.path.join(data, size)
    stamp = os.path.join(out, ".generated")
    # The generator's source is part of the stamp: a set an older generator wrote is remade.
    with open(os.path.join(ROOT, "src", "generate.rs"), "rb") as f:
        source = hashlib.sha256(f.read()).hexdigest()[:16]
    want = f"students {students} seed 1 generator {source}\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return out
    if size == "province":
        free = shutil.disk_usage(data).free
        if free < 12 << 30:
            return f"skipped: {free >> 30} GB free on {data}, the set needs about 8 GB"
    shutil.rmtree(out, ignore_errors=True)
    t = time.monotonic()
    subprocess.run([os.path.join(RELEASE, "examples", "gen_records"), out,
                    "--students", str(students), "--seed", "1"], check=True)
    print(f"generated {size} in {time.monotonic() - t:.1f} s", file=sys.stderr)
    with open(stamp, "w") as f:
        f.write(want)
    return out


def set_facts(path):
    total = 0
    for name in os.listdir(path):
        if name.endswith(".csv"):
            total += os.path.getsize(os.path.join(path, name))
    with open(os.path.join(path, "contacts.csv"), "rb") as f:
        contacts = sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 24), b"")) - 1
    return total, contacts


def floor(path):
    out = subprocess.run([os.path.join(RELEASE, "examples", "csv_floor"), path, "3"],
                         check=True, capture_output=True, text=True).stdout
    return float(re.search(r"seconds ([0-9.]+)", out).group(1))


def run(path, package, threads):
    cmd = ["/usr/bin/time", "-v", os.path.join(RELEASE, "careplan"), "evaluate",
           os.path.join(ROOT, "policies", package), path, "--as-of", AS_OF,
           "--format", "json", "--obligations", "none", "--quiet"]
    if threads:
        cmd += ["--threads", str(threads)]
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit(f"{package} on {path}: exit {p.returncode}\n{p.stderr[-2000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return seconds, rss_kb / 1024


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    load = os.getloadavg()[0]
    return (f"{cpu}, {os.cpu_count()} cores, {mem} RAM, {platform.system()} "
            f"{platform.release()}; load average {load:.1f} when the runs began")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="school,county",
                    help="comma-separated, of: " + ", ".join(SIZES))
    ap.add_argument("--data", default="/tmp/careplan-bench")
    ap.add_argument("--packages", default=",".join(PACKAGES))
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    unknown = [s for s in args.sizes.split(",") if s not in SIZES]
    if unknown:
        ap.error(f"unknown size {', '.join(unknown)}: choose among {', '.join(SIZES)}")
    unknown = [p for p in args.packages.split(",") if p not in PACKAGES
               and not os.path.isdir(os.path.join(ROOT, "policies", p))]
    if unknown:
        ap.error(f"no package {', '.join(unknown)} under policies/")
    os.makedirs(args.data, exist_ok=True)
    build()
    print(f"machine: {machine()}\n")
    print("| set | children | contacts | CSV | package | wall | peak memory | contacts/s "
          "| csv floor | ratio |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    school = None
    for size in args.sizes.split(","):
        path = generate(args.data, size)
        if path.startswith("skipped"):
            print(f"| {size} | {SIZES[size]:,} | | | {path} | | | | | |")
            continue
        if size == "school":
            school = path
        total, contacts = set_facts(path)
        base = floor(path)
        runs = 3 if size == "school" else 1
        for package in args.packages.split(","):
            best = min((run(path, package, args.threads) for _ in range(runs)),
                       key=lambda r: r[0])
            wall, rss = best
            print(f"| {size} | {SIZES[size]:,} | {contacts:,} | {total / 1e6:.0f} MB | {package} "
                  f"| {wall:.3f} s | {rss:.0f} MB | {contacts / wall / 1e6:.2f} M "
                  f"| {base:.3f} s | {wall / base:.1f}× |", flush=True)
    if school:
        print("\nRe-evaluation after a policy edit (school set, records loaded):\n")
        out = subprocess.run(
            [os.path.join(RELEASE, "examples", "bench_eval"), school, AS_OF]
            + [os.path.join("policies", p) for p in args.packages.split(",")],
            cwd=ROOT, check=True, capture_output=True, text=True).stdout
        print("```\n" + out + "```")


if __name__ == "__main__":
    main()
