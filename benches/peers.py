#!/usr/bin/env python3
"""careplan beside its peers (issue 16): a Polars script and a DuckDB SQL script computing the
decisions of Plans 1 and 5 (`policies/school-weekly-talks`, `policies/class-hand-in-hand`).

    python3 benches/peers.py --check [--careplan PATH] [--students 3000] [--seed 7]
    python3 benches/peers.py [--rounds 5] [--students 200000] [--data /tmp/careplan-bench]
                             [--careplan PATH] [--careplan-cmd TEMPLATE]
    python3 benches/peers.py --province      # one county run over 2,000,000 children: peak memory

--check generates a small record set (3,000 children, seed 7, in a temporary directory) with
`gen_records` (by default the one beside the careplan binary, in its `examples/`), runs
`careplan evaluate policies/<package> <set> --as-of 2026-07-31 --format json --obligations none`
for both packages, runs `benches/peer_polars.py` and `benches/peer_duckdb.py --detail` on the
same set, reduces careplan's JSON to the peers' figures (the shape is in peer_polars.py's
docstring: obligation counts per rule; Plan 5's children assessed, points per point rule,
prize winners and fen per tier, helpers credited and their pay, every helper's pay, careplan's
totals in fen) and exits 1 naming every figure that differs (careplan vs polars vs duckdb).
What is compared and what is not is listed in peer_polars.py's docstring.

The benchmark (the default) generates the county set (200,000 children, seed 1) once, cached in
DATA/county-peers like benches/scale.py does (a stamp holds the size, the seed and a hash of the
generator), then runs N rounds (default 5); each round runs, in turn (interleaved, so a slow
spell of the shared machine hits every contestant alike):

  careplan     both packages in one county run: `careplan evaluate county.ron <set> --format json
               --obligations none --quiet --threads 2 -o DIR`, the manifest running both packages
               for every school (or the one command of --careplan-cmd, a template with
               {careplan}, {data}, {as_of}, {root}, {threads})
  careplan-1t  the same with --threads 1
  careplan-2-runs  one `careplan evaluate policies/<package> ...` per package, timed together
  careplan-plan1   Plan 1 alone (`evaluate policies/school-weekly-talks`): the floor's target
  polars       benches/peer_polars.py (all cores)
  duckdb       benches/peer_duckdb.py (all cores)
  floor        examples/csv_floor.rs: the `csv` crate alone parsing every CSV file once

It prints a Markdown table of the medians (wall seconds; peak RSS, the largest of the sample's
processes, from /usr/bin/time -v), the ratios peer / careplan and careplan / floor, careplan's
--threads 1 / --threads 2 ratio, issue 16's targets (met, or missed by how much) and the machine
(nproc, CPU model). Standard library only; the
peers need polars and duckdb (`pip install polars duckdb`).
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
PACKAGES = ["school-weekly-talks", "class-hand-in-hand"]
AS_OF = "2026-07-31"
POINT_RULES = ["no_serious_violation", "rank_gain", "stay_top_five", "three_good_students"]
PRIZES = ["excellence_first", "excellence_top5", "progress"]
STATUSES = ["met", "late", "partial", "open", "missed", "children"]


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")


def generate(gen, out, students, seed):
    subprocess.run([gen, out, "--students", str(students), "--seed", str(seed)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def careplan_json(careplan, package, data):
    p = subprocess.run([careplan, "evaluate", os.path.join(ROOT, "policies", package), data,
                        "--as-of", AS_OF, "--format", "json", "--obligations", "none"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):  # 1: findings in the records; the decision is still made
        sys.exit(f"careplan {package}: exit {p.returncode}\n{p.stderr[-2000:]}")
    return json.loads(p.stdout)


def careplan_figures(careplan, data):
    """careplan's decisions reduced to the peers' figures (see peer_polars.py)."""
    out = {}
    for package in PACKAGES:
        d = careplan_json(careplan, package, data)
        fig = {"obligations": {
            rule: {k: c.get(k, 0) for k in STATUSES}
            for rule, c in d["obligation_summary"].items()},
            "pairing_schemes": {
                p["rule"]: {"children": p["children"], "always_covered": p["always_covered"]}
                for p in d.get("pairing_schemes", [])}}
        if d.get("activity_summary"):
            fig["activities"] = {rule: {k: c[k] for k in STATUSES[:-1]}
                                 for rule, c in d["activity_summary"].items()}
        if package == "class-hand-in-hand":
            assessed = [s for s in d["students"] if s["points"] is not None]
            points = {r: 0 for r in POINT_RULES}
            for s in assessed:
                for t in s["trace"]:
                    if t["rule"] in points:
                        points[t["rule"]] += t["points"]
            prizes = {p: {"winners": 0, "fen": 0} for p in PRIZES}
            for s in d["students"]:
                for a in s["awards"]:
                    prizes[a["award"]]["winners"] += 1
                    prizes[a["award"]]["fen"] += a["amount_fen"]
            t = d["totals"]
            fig.update({
                "assessment": {"assessed": len(assessed), "points": points},
                "prizes": prizes,
                "helpers": {"count": len(d["helpers"]),
                            "fen": sum(h["amount_fen"] for h in d["helpers"])},
                "totals": {k: t[k] for k in ("points", "unpaid_points", "student_awards_fen",
                                             "helper_awards_fen", "total_fen")},
                "helper_fen": {h["helper_id"]: h["amount_fen"] for h in d["helpers"]},
            })
        out[package] = fig
    return out


def peer_figures(script, data):
    p = subprocess.run([sys.executable, os.path.join(HERE, script), data, "--as-of", AS_OF,
                        "--detail"], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{script}: exit {p.returncode}\n{p.stderr[-3000:]}")
    return json.loads(p.stdout)


def flatten(tree, prefix=""):
    """{"a": {"b": 1}} -> {"a.b": 1}."""
    out = {}
    for k, v in tree.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def check(args):
    careplan = args.careplan
    gen = args.gen or os.path.join(os.path.dirname(careplan), "examples", "gen_records")
    with tempfile.TemporaryDirectory(prefix="careplan-peers-") as tmp:
        data = os.path.join(tmp, "set")
        t = time.monotonic()
        generate(gen, data, args.students, args.seed)
        runs = {"careplan": careplan_figures(careplan, data),
                "polars": peer_figures("peer_polars.py", data),
                "duckdb": peer_figures("peer_duckdb.py", data)}
        seconds = time.monotonic() - t
    flat = {name: flatten(figs) for name, figs in runs.items()}
    keys = sorted(set().union(*flat.values()))
    bad = []
    for k in keys:
        values = {name: f.get(k, "absent") for name, f in flat.items()}
        if len(set(map(repr, values.values()))) > 1:
            bad.append(f"  {k}: " + ", ".join(f"{n} {v}" for n, v in values.items()))
    compared = sum(1 for k in keys if ".helper_fen." not in k)
    helpers = len(keys) - compared
    if bad:
        print(f"peers check: {len(bad)} of {len(keys)} figures differ "
              f"({args.students} children, seed {args.seed}):", file=sys.stderr)
        print("\n".join(bad), file=sys.stderr)
        sys.exit(1)
    t5 = runs["careplan"]["class-hand-in-hand"]["totals"]
    print(f"peers check: careplan, polars and duckdb agree on {compared} figures and "
          f"{helpers} helpers' pay ({args.students} children, seed {args.seed}; "
          f"Plan 5 total {t5['total_fen']} fen, {t5['points']} points) in {seconds:.1f} s")


# --------------------------------------------------------------------------------------------
# The benchmark.
# --------------------------------------------------------------------------------------------

def cached_set(gen, data, students):
    names = {200_000: "county-peers", 2_000_000: "province-peers"}
    out = os.path.join(data, names.get(students, f"peers-{students}"))
    stamp = os.path.join(out, ".generated")
    with open(os.path.join(ROOT, "src", "generate.rs"), "rb") as f:
        source = hashlib.sha256(f.read()).hexdigest()[:16]
    want = f"students {students} seed 1 generator {source}\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return out
    t = time.monotonic()
    generate(gen, out, students, 1)
    print(f"generated {students:,} children in {time.monotonic() - t:.1f} s", file=sys.stderr)
    with open(stamp, "w") as f:
        f.write(want)
    return out


def timed(cmds):
    """Runs the commands one after the other (stdout discarded): (wall seconds, peak MB)."""
    wall, rss = 0.0, 0.0
    for cmd in cmds:
        t = time.monotonic()
        p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        wall += time.monotonic() - t
        if p.returncode not in (0, 1):
            sys.exit(f"{shlex.join(cmd)}: exit {p.returncode}\n{p.stderr[-3000:]}")
        kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
        rss = max(rss, kb / 1024)
    return wall, rss


def write_manifest(work, name):
    """A county manifest in `work` running both packages for every school; its path."""
    manifest = os.path.join(work, "county.ron")
    with open(manifest, "w") as f:
        pkgs = ", ".join(f'"{os.path.join(ROOT, "policies", p)}"' for p in PACKAGES)
        f.write(f'County(name: "{name}", default: [{pkgs}])\n')
    return manifest


def contestants(args, data):
    """The commands of each contestant's sample, and the working directory they write in."""
    # A county manifest running both packages for every school: careplan's one-run county
    # (records read once, schools evaluated side by side).
    work = tempfile.mkdtemp(prefix="careplan-peers-")
    manifest = write_manifest(work, "bench")

    def careplan(threads):
        if args.careplan_cmd:
            cmd = args.careplan_cmd.format(careplan=args.careplan, data=data, as_of=AS_OF,
                                           root=ROOT, threads=threads)
            return [shlex.split(cmd)]
        return [[args.careplan, "evaluate", manifest, data, "--as-of", AS_OF, "--format",
                 "json", "--obligations", "none", "--quiet", "--threads", str(threads),
                 "-o", os.path.join(work, f"out-{threads}")]]

    def one(package):
        return [args.careplan, "evaluate", os.path.join(ROOT, "policies", package), data,
                "--as-of", AS_OF, "--format", "json", "--obligations", "none", "--quiet",
                "--threads", "2"]

    floor = os.path.join(os.path.dirname(args.careplan), "examples", "csv_floor")
    out = {"careplan": careplan(2)}
    if not args.careplan_cmd or "{threads}" in args.careplan_cmd:
        out["careplan-1t"] = careplan(1)
    # The same decisions the way a school runs them: one `evaluate` per package.
    out["careplan-2-runs"] = [one(p) for p in PACKAGES]
    # One package over the county (the floor target is for one package).
    out["careplan-plan1"] = [one(PACKAGES[0])]
    out["polars"] = [[sys.executable, os.path.join(HERE, "peer_polars.py"), data,
                      "--as-of", AS_OF]]
    out["duckdb"] = [[sys.executable, os.path.join(HERE, "peer_duckdb.py"), data,
                      "--as-of", AS_OF]]
    out["floor"] = [[floor, data, "1"]]
    return out, work


def targets(med):
    """Issue 16's targets against the medians: met, or missed by how much."""
    base = med["careplan"][0]
    lines = []

    def line(what, value, goal, better_high):
        ok = value >= goal if better_high else value <= goal
        # Missed: how many times faster careplan would have to be to meet it.
        factor = goal / value if better_high else value / goal
        verdict = "met" if ok else f"missed: careplan needs to be {factor:.2f}× faster"
        lines.append(f"- {what}: {value:.2f}× (target {'≥' if better_high else '≤'} {goal}×): {verdict}")

    for peer in ("polars", "duckdb"):
        line(f"{peer} / careplan (both packages, one county run)", med[peer][0] / base, 1.5, True)
    line("careplan one package / csv floor", med["careplan-plan1"][0] / med["floor"][0], 3.0, False)
    if "careplan-1t" in med:
        line("careplan --threads 1 / --threads 2", med["careplan-1t"][0] / base, 1.6, True)
    return "\n".join(lines)


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
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, nproc {nproc}, {mem} RAM, {platform.system()} {platform.release()}; "
            f"load average {os.getloadavg()[0]:.1f} when the runs began")


def versions():
    out = subprocess.run([sys.executable, "-c", "import polars, duckdb; "
                          "print(f'polars {polars.__version__}, duckdb {duckdb.__version__}')"],
                         capture_output=True, text=True).stdout.strip()
    return f"Python {platform.python_version()}, {out}"


def bench(args):
    gen = args.gen or os.path.join(os.path.dirname(args.careplan), "examples", "gen_records")
    os.makedirs(args.data, exist_ok=True)
    data = cached_set(gen, args.data, args.students)
    runs, work = contestants(args, data)
    samples = {name: [] for name in runs}
    host = machine()
    print(f"machine: {host}", flush=True)
    for r in range(args.rounds):
        for name, cmds in runs.items():
            samples[name].append(timed(cmds))
        print(f"round {r + 1}/{args.rounds}: " + ", ".join(
            f"{n} {s[-1][0]:.2f} s" for n, s in samples.items()), file=sys.stderr, flush=True)
    med = {n: (statistics.median(w for w, _ in s), statistics.median(m for _, m in s))
           for n, s in samples.items()}
    base = med["careplan"][0]
    size = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data)
               if f.endswith(".csv"))
    print(f"\n{args.students:,} children ({size / 1e6:.0f} MB of CSV), as of {AS_OF}, "
          f"both packages; medians of {args.rounds} interleaved rounds; {versions()}\n")
    print("| run | median wall | peak RSS | / careplan |")
    print("|---|---:|---:|---:|")
    for name, (wall, rss) in med.items():
        print(f"| {name} | {wall:.2f} s | {rss:.0f} MB | {wall / base:.2f}× |")
    print(f"\ncareplan / floor: {base / med['floor'][0]:.2f}×")
    if "careplan-1t" in med:
        print(f"careplan --threads 1 / --threads 2: {med['careplan-1t'][0] / base:.2f}×")
    shutil.rmtree(work, ignore_errors=True)
    print(f"\nTargets (issue 16):\n{targets(med)}")
    print(f"machine: {host}")


def province(args):
    """One county run of both packages over the province set (2,000,000 children, ~8 GB of CSV,
    1,000 schools) with every window listed (`--obligations all`): wall time and peak memory
    (issue 16's target: under 2 GB). The JSON reports (~21 GB) go to a temporary directory on
    the data's disk, removed after."""
    gen = args.gen or os.path.join(os.path.dirname(args.careplan), "examples", "gen_records")
    os.makedirs(args.data, exist_ok=True)
    data = cached_set(gen, args.data, args.province_students)
    work = tempfile.mkdtemp(prefix="careplan-province-", dir=args.data)
    try:
        manifest = write_manifest(work, "province")
        cmd = [args.careplan, "evaluate", manifest, data, "--as-of", AS_OF, "--format", "json",
               "--obligations", "all", "--quiet", "--threads", "2",
               "-o", os.path.join(work, "out")]
        wall, rss = timed([cmd])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"province: {args.province_students:,} children, both packages in one county run, "
          f"--obligations all: {wall:.1f} s, peak {rss:.0f} MB "
          f"(target under 2048 MB: {'met' if rss < 2048 else 'missed'})")
    print(f"machine: {machine()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="compare the figures on a small set instead of timing")
    ap.add_argument("--careplan", default=os.path.join(target_dir(), "release", "careplan"))
    ap.add_argument("--careplan-cmd", help="one command for careplan's sample (a template)")
    ap.add_argument("--gen", help="gen_records (default: beside the careplan binary)")
    ap.add_argument("--students", type=int, help="children (check 3000, benchmark 200000)")
    ap.add_argument("--seed", type=int, default=7, help="the check's seed")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--data", default="/tmp/careplan-bench")
    ap.add_argument("--province", action="store_true",
                    help="time one county run over the province set instead (peak memory)")
    ap.add_argument("--province-students", type=int, default=2_000_000)
    args = ap.parse_args()
    args.careplan = os.path.abspath(args.careplan)
    if args.province:
        province(args)
    elif args.check:
        args.students = args.students or 3000
        check(args)
    else:
        args.students = args.students or 200_000
        bench(args)


if __name__ == "__main__":
    main()
