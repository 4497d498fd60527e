#!/usr/bin/env bash
# Whole-process time of `clusterkin simulate` (parse, generate, integrate, write CSV),
# mean over repeated runs, beside two baselines: spawning /bin/true (what any process
# costs on this machine) and `clusterkin --version` (loading the program).
set -euo pipefail
bin=${1:-build/clusterkin}
model=${2:-bench/sim3-bench.yaml}
runs=${3:-50}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

mean_ms() { # mean wall time of "$@" over $runs runs, in ms
  local start end
  start=$(date +%s%N)
  for ((i = 0; i < runs; i++)); do
    "$@" >/dev/null
  done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.3f", ns / n / 1e6 }'
}

"$bin" simulate "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv" # warm the page cache
base=$(mean_ms /bin/true)
load=$(mean_ms "$bin" --version)
full=$(mean_ms "$bin" simulate "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv")
printf '  %-28s %10s ms  (mean of %d processes)\n' "process: /bin/true" "$base" "$runs"
printf '  %-28s %10s ms\n' "process: clusterkin --version" "$load"
printf '  %-28s %10s ms\n' "process: clusterkin simulate" "$full"
awk -v f="$full" -v b="$base" 'BEGIN { printf "  %-28s %10.3f ms\n", "simulate minus /bin/true", f - b }'
# Page faults of one simulate process (cli/heap_prefault.c maps the heap in one
# call; each fault costs ~10 us on a machine whose hypervisor traps them).
# perf's count: the kernel's own rusage also counts the pages mapped in that call.
if command -v perf >/dev/null && faults=$(perf stat -x, -e page-faults -- "$bin" simulate \
  "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv" 2>&1 >/dev/null | cut -d, -f1); then
  printf '  %-28s %10s\n' "page faults: simulate" "$faults"
fi
