#!/usr/bin/env bash
# `make fuzz`: runs every libFuzzer target of fuzz/ (built into BUILD_DIR by
# the Makefile) from its committed seeds, until RUNS executions or
# MAX_TIME seconds, whichever comes first, and prints one summary line per
# target from libFuzzer's final stats. New interesting inputs go to
# BUILD_DIR/fuzz-corpus/<target> (the committed corpus stays as it is; merge
# by hand with -merge=1 when worth keeping); crashes, leaks and timeouts to
# BUILD_DIR/fuzz-artifacts/. Exit 1 if any target found something.
#   scripts/fuzz.sh BUILD_DIR [TARGET...]   env: RUNS (1000000), MAX_TIME (240 s)
set -euo pipefail
build=${1:?usage: scripts/fuzz.sh BUILD_DIR [TARGET...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-1000000}
max_time=${MAX_TIME:-240}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(model fit units formula channel_label channel_csv spectrum_csv mzml nmr)
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"

dict_of() {
  case $1 in
    model | fit | nmr) echo "-dict=$root/fuzz/yaml.dict" ;;
    mzml) echo "-dict=$root/fuzz/mzml.dict" ;;
  esac
}

# Inputs up to the size of the largest seed (the instrument mzML is 17 kB).
max_len_of() {
  case $1 in
    mzml) echo 32768 ;;
    *) echo 8192 ;;
  esac
}

failed=0
printf '%-14s %10s %8s %8s %6s %s\n' target executions exec/s cov ft result
for t in "${targets[@]}"; do
  work="$build/fuzz-corpus/$t"
  mkdir -p "$work"
  log="$build/fuzz-logs/$t.log"
  rc=0
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a parser must
  # not need 2 GB for an input of -max_len bytes.
  "$build/fuzz/fuzz_$t" "$work" "$root/fuzz/corpus/$t" $(dict_of "$t") \
    -runs="$runs" -max_total_time="$max_time" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len_of "$t")" \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FAILED (exit $rc; $log; $(ls "$build/fuzz-artifacts" | grep "^$t-" | tail -1))"
    failed=1
  fi
  printf '%-14s %10s %8s %8s %6s %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
exit $failed
