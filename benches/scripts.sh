#!/bin/sh
# Evaluation throughput with script rules against their declarative twins.
#
#   benches/scripts.sh [STUDENTS]     (default 10000)
#
# Makes a record set of STUDENTS children in a temporary directory with the seeded generator
# `examples/gen_records.rs` (schools of realistic proportions; benches/scale_records.py, which
# replicates fixtures/realistic, when the generator is absent), then evaluates, in a release
# build, as of 2026-07-31:
#   - tests/it/packages/twins-declarative and twins-script: every coverage list, point rule,
#     prize tier and contact test declarative, then the same rules as Rhai scripts;
#   - policies/class-hand-in-hand and class-hand-in-hand-percentile: the shipped Plan 5 and its
#     variant with one script prize;
# and prints children per second on one thread, and with two evaluations at once on two
# threads (each evaluation has its own script engine; the compiled scripts are shared).
set -eu
cd "$(dirname "$0")/.."
students="${1:-10000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [ -f examples/gen_records.rs ]; then
    cargo build --release --quiet --example gen_records --example bench_scripts
    target/release/examples/gen_records "$out" --students "$students" --seed 1
else
    cargo build --release --quiet --example bench_scripts
    python3 benches/scale_records.py "$out" --students "$students"
fi
target/release/examples/bench_scripts "$out" 2026-07-31 \
    tests/it/packages/twins-declarative \
    tests/it/packages/twins-script \
    policies/class-hand-in-hand \
    policies/class-hand-in-hand-percentile
