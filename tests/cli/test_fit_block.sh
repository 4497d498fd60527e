#!/usr/bin/env bash
# The fit: block is read with every model: a good one does not get in the way of
# simulate, a bad one stops any command with one located line and exit 2
# (MODEL.md section 8). The `fit` command itself is tested with its engine.
set -euo pipefail
bin=$1
data=${CK_TESTDATA:?}
source "$(dirname "$0")/cli_lib.sh" # workdir
workdir work
failures=0

# The shipped model with a complete fit block simulates as before; its output
# has the header and rows of the dataset made from it.
"$bin" simulate "$data/sim3-fit.yaml" -q -o "$work/ok.csv"
cmp -s <(head -1 "$work/ok.csv") <(head -1 "$data/sim3-40-40.csv") ||
  { echo "FAIL: header differs from sim3-40-40.csv"; failures=$((failures + 1)); }
[ "$(wc -l <"$work/ok.csv")" -eq 12 ] || { echo "FAIL: expected 11 rows"; failures=$((failures + 1)); }

# expect NAME LINE PATTERN SED: the shipped model edited by SED must fail at LINE.
expect() {
  local name=$1 line=$2 pattern=$3 model="$work/$1.yaml" rc=0
  sed "$4" "$data/sim3-fit.yaml" >"$model"
  cmp -s "$model" "$data/sim3-fit.yaml" && { echo "FAIL $name: sed changed nothing"; failures=$((failures + 1)); return; }
  "$bin" simulate "$model" -o "$work/$name.csv" 2>"$work/err" >/dev/null || rc=$?
  if [ "$rc" -ne 2 ] || [ "$(wc -l <"$work/err")" -ne 1 ] ||
    ! grep -qF "clusterkin: $model:$line: " "$work/err" || ! grep -qE "$pattern" "$work/err" ||
    [ -e "$work/$name.csv" ]; then
    echo "FAIL $name: exit $rc, expected $model:$line: and /$pattern/:"
    cat "$work/err"
    failures=$((failures + 1))
  else
    echo "ok   $name: $(cat "$work/err")"
  fi
}

expect unknown-parameter 18 'unknown parameter "k_dim"' 's/    dimerization: {min/    k_dim: {min/'
expect min-above-max 19 'min \(1 1/s\) is greater than max \(0.0001 1/s\)' \
  '19s/min: 1e-4, max: 1,/min: 1, max: 1e-4,/'
expect zero-points 20 'points must be a whole number' '20s/points: 13/points: 0/'
expect unknown-cluster 24 'unknown cluster "Pt25"' '24s/Au25: 60 nM/Pt25: 60 nM/'
expect bad-dead-time 25 'dead-time: min \(30 s\) is greater than max \(10 s\)' \
  '25s/{min: 10 s, max: 30 s}/{min: 30 s, max: 10 s}/'
expect bad-weighting 16 'unknown value "squares"' 's/weighting: relative/weighting: squares/'
expect missing-datasets 15 'missing required key "datasets" in fit' '21,25d'

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all fit-block checks passed"
