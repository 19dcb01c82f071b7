#!/bin/sh
# Evaluation throughput with script rules against their declarative twins.
#
#   benches/scripts.sh [STUDENTS]     (default 10000)
#
# Makes a record set of STUDENTS children by replicating fixtures/realistic
# (benches/scale_records.py) in a temporary directory, then evaluates, in a release build:
#   - tests/it/packages/twins-declarative and twins-script: every coverage list, point rule,
#     prize tier and contact test declarative, then the same rules as Rhai scripts;
#   - policies/class-hand-in-hand and class-hand-in-hand-percentile: the shipped Plan 5 and its
#     variant with one script prize;
# and prints children per second on one thread and on two.
set -eu
cd "$(dirname "$0")/.."
students="${1:-10000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 benches/scale_records.py "$out" --students "$students"
cargo build --release --quiet --example bench_scripts
target/release/examples/bench_scripts "$out" 2026-07-31 \
    tests/it/packages/twins-declarative \
    tests/it/packages/twins-script \
    policies/class-hand-in-hand \
    policies/class-hand-in-hand-percentile
