#!/usr/bin/env bash
# Fitting a model of several cluster families (issue 5): per-pair rate
# constants are fit parameters named rate.A+B. Round trip: channels of both
# families and of the heterodimers simulated at known constants, 1 %
# lognormal noise, fitted back from a grid that does not hold the true values
# (7 log points over 1e-3..1 miss 3e-2, 1e-2 and 2e-2); each constant must come
# back within 3 %. Then the names the parser must refuse, each with exit 2.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
source "$(dirname "$0")/families_model.sh" # families_model

{ families_model "two families fit" "end: 600 s, step: 20 s"
  cat <<'YAML'
fit:
  objective: traces
  weighting: log
  intervals: none
  parameters:
    exchange: {min: 1e-3, max: 1, points: 7}
    exchange.Ag4+Au3: {min: 1e-3, max: 1, points: 7}
    dimerization.Au3+Ag4: {min: 1e-3 /nM/s, max: 1 /nM/s, points: 7}
  datasets:
    - {data: data.csv}
YAML
} > "$dir/m.yaml"
"$bin" simulate "$dir/m.yaml" -o "$dir/data.csv" --noise lognormal:0.01 --seed 7 2> "$dir/err" ||
  fail "simulate: $(cat "$dir/err")"
head -1 "$dir/data.csv" | grep -q '\[Ag3Au0\]3-.*\[Ag7Au0\]4-' || fail "data lack Au3 or heterodimer channels"
"$bin" fit "$dir/m.yaml" -o "$dir/res.json" --grid-out "$dir/grid.csv" 2> "$dir/err" ||
  fail "fit: $(cat "$dir/err")"
/usr/bin/python3 - "$dir/res.json" "$dir/grid.csv" <<'PY' || fail "fitted constants"
import json, sys
p = json.load(open(sys.argv[1]))["parameters"]
want = {"exchange": 3e-2, "exchange.Ag4+Au3": 1e-2, "dimerization.Au3+Ag4": 2e-2}
assert list(p) == list(want), p
for k, v in want.items():
    assert abs(p[k] / v - 1) < 0.03, (k, p[k], v)
head = open(sys.argv[2]).readline().strip().split(",")
assert head[:4] == ["point", "exchange", "exchange.Ag4+Au3", "dimerization.Au3+Ag4"], head
PY
# residuals of the fitted model (compare re-creates the per-pair rates from result.json)
mkdir "$dir/res"
"$bin" compare "$dir/res.json" "$dir/res.json" --residuals "$dir/res" > /dev/null 2> "$dir/err" ||
  fail "compare --residuals: $(cat "$dir/err")"
[ -s "$dir/res/res.1.csv" ] || fail "no residuals written"

refuse() { # $1 parameter line, $2 expected message fragment, $3 pairs block
  sed "s/^    exchange.Ag4+Au3: .*/    $1/" "$dir/m.yaml" > "$dir/bad.yaml"
  if [ -n "${3:-}" ]; then
    sed -i "s/^  - {between: \[Ag4, Au3\], .*/  $3/" "$dir/bad.yaml"
  fi
  rc=0
  "$bin" fit "$dir/bad.yaml" -o "$dir/bad.json" > /dev/null 2> "$dir/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "'$1': exit $rc, expected 2"
  grep -qF "$2" "$dir/err" || fail "'$1': message: $(cat "$dir/err")"
  [ ! -e "$dir/bad.json" ] || fail "'$1': wrote a result"
}
refuse "exchange.Ag4+Nope: {min: 1e-3, max: 1, points: 3}" '"Nope" is not a cluster name'
refuse "dissociation.Ag4+Au3: {min: 1e-3, max: 1, points: 3}" 'that pair is stable' \
  "- {between: [Ag4, Au3], stable: true}"
refuse "exchange.Ag4+Au3: {min: 1e-3, max: 1, points: 3}" 'that pair does not exchange' \
  "- {between: [Ag4, Au3], exchange: false}"
refuse "exchange.Ag4+Au3: {min: 1e-3, max: 1, points: 3}" 'that pair does not dimerize' \
  "- {between: [Ag4, Au3], dimerize: false}"
refuse "exchange.Ag4+Au3: {min: 1e-3, max: 1, points: 3}\\n    exchange.Au3+Ag4: {fixed: 1e-2}" \
  'exchange.Au3+Ag4 names the same rate constant as exchange.Ag4+Au3'
refuse "exchange.Ag4+Au3: {min: 1e-3, max: 1, points: 3}" 'would change nothing' \
  "- {between: all, rates: {exchange: 1e-2}}"
echo ok
