#!/usr/bin/env bash
# Whole-process time of `clusterkin simulate` (parse, generate, integrate, write CSV),
# mean over repeated runs, beside three baselines: spawning /bin/true (what any process
# costs on this machine), `clusterkin --version` (loading the program) and the I/O
# floor (bench/process_floor.c: libm loaded, the model read, both output files written
# all-or-nothing with simulate's sizes, and nothing computed).
set -euo pipefail
bin=${1:-build/clusterkin}
model=${2:-bench/sim3-bench.yaml}
runs=${3:-50}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Wall time of one run of "$@" into $us, in microseconds: bash's own clock,
# read without starting a process. A failing run stops the script (set -e).
run_us() {
  local t0=${EPOCHREALTIME/./}
  "$@" >/dev/null
  us=$((${EPOCHREALTIME/./} - t0))
}

"$bin" simulate "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv" # warm the page cache
floor_bin=$(dirname "$bin")/bench/ck_process_floor
floor_args=("$model" "$out/floor-series.csv" "$(stat -c %s "$out/series.csv")"
  "$out/floor-tmax.csv" "$(stat -c %s "$out/tmax.csv")")
"$floor_bin" "${floor_args[@]}" # create the files it replaces, as simulate's are
# The four are run in turn, round after round: this machine's speed drifts by
# a millisecond over minutes, and the differences should not.
sum_base=0 sum_floor=0 sum_load=0 sum_full=0
for ((i = 0; i < runs; i++)); do
  run_us /bin/true
  sum_base=$((sum_base + us))
  run_us "$floor_bin" "${floor_args[@]}"
  sum_floor=$((sum_floor + us))
  run_us "$bin" --version
  sum_load=$((sum_load + us))
  run_us "$bin" simulate "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv"
  sum_full=$((sum_full + us))
done
mean_ms() { awk -v us="$1" -v n="$runs" 'BEGIN { printf "%.3f", us / n / 1e3 }'; }
base=$(mean_ms $sum_base) floor=$(mean_ms $sum_floor)
load=$(mean_ms $sum_load) full=$(mean_ms $sum_full)
printf '  %-28s %10s ms  (mean of %d processes)\n' "process: /bin/true" "$base" "$runs"
printf '  %-28s %10s ms\n' "process: clusterkin --version" "$load"
printf '  %-28s %10s ms\n' "process: I/O floor" "$floor"
printf '  %-28s %10s ms\n' "process: clusterkin simulate" "$full"
awk -v f="$full" -v b="$base" -v l="$floor" 'BEGIN {
  printf "  %-28s %10.3f ms\n", "simulate minus /bin/true", f - b
  printf "  %-28s %10.3f ms\n", "I/O floor minus /bin/true", l - b
  printf "  %-28s %10.3f ms\n", "simulate minus I/O floor", f - l }'
# Page faults of one simulate process (cli/heap_prefault.c maps the heap in one
# call; each fault costs ~10 us on a machine whose hypervisor traps them).
# perf's count: the kernel's own rusage also counts the pages mapped in that call.
if command -v perf >/dev/null && faults=$(perf stat -x, -e page-faults -- "$bin" simulate \
  "$model" -q -o "$out/series.csv" --tmax "$out/tmax.csv" 2>&1 >/dev/null | cut -d, -f1); then
  printf '  %-28s %10s\n' "page faults: simulate" "$faults"
fi
