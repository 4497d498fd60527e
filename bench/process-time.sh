#!/usr/bin/env bash
# Whole-process time of `clusterkin simulate` (parse, generate, integrate, write CSV),
# mean over repeated runs, beside the in-process simulation time of bench_simulate.
set -euo pipefail
bin=${1:-build/clusterkin}
model=${2:-bench/sim3-bench.yaml}
runs=${3:-50}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" simulate "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv" # warm the page cache
start=$(date +%s%N)
for ((i = 0; i < runs; i++)); do
  "$bin" simulate "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv"
done
end=$(date +%s%N)
awk -v ns=$((end - start)) -v n="$runs" \
  'BEGIN { printf "  %-28s %10.3f ms  (mean of %d processes)\n", "clusterkin simulate process", ns / n / 1e6, n }'
