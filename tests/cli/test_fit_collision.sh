#!/usr/bin/env bash
# Fitting a collision-exchange model (issue 5 part 4; MODEL.md section 3):
# its one rate constant is the fit parameter `collision`, k_c in 1/(nM s).
# Round trip on a 4-atom toy (5 monomers per family, no dimers): channels
# simulated at k_c = 2.7e-3 /nM/s with a 15 s dead time, fitted back from a
# grid that misses both (5 log points over 1e-5..1e-1 /nM/s; the dead time
# free in 0..40 s); refinement must bring k_c within 1 % and the dead time
# within 0.5 s. Then the names and blocks the parser must refuse, exit 2.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir

cat > "$dir/m.yaml" <<'YAML'
name: collision fit
clusters:
  Ag4: {formula: "[Ag4(C2H5S)3]-", concentration: 10 nM}
  Au4: {formula: "[Au4(C2H5S)3]-", concentration: 10 nM}
mechanism: {kind: collision-exchange, exchange: [Ag, Au], rates: {collision: 2.7e-3 /nM/s}}
simulate: {end: 600 s, step: 20 s, dead-time: 15 s}
fit:
  objective: traces
  intervals: none
  parameters:
    collision: {min: 1e-2 /uM/s, max: 1e-1 /nM/s, points: 5}
  datasets:
    - {data: data.csv, dead-time: {min: 0 s, max: 40 s}}
YAML
"$bin" simulate "$dir/m.yaml" -o "$dir/data.csv" 2> "$dir/err" || fail "simulate: $(cat "$dir/err")"
"$bin" fit "$dir/m.yaml" -o "$dir/res.json" --grid-out "$dir/grid.csv" 2> "$dir/err" ||
  fail "fit: $(cat "$dir/err")"
grep -qE '^  collision +[0-9.e+-]+ /nM/s' "$dir/err" || fail "summary lacks k_c in /nM/s: $(cat "$dir/err")"
/usr/bin/python3 - "$dir/res.json" "$dir/grid.csv" <<'PY' || fail "fitted k_c"
import json, sys
r = json.load(open(sys.argv[1]))
p = r["parameters"]
assert list(p) == ["collision"], p
assert abs(p["collision"] / 2.7e-3 - 1) < 0.01, p
assert r["mechanism"].startswith("collision-exchange/"), r["mechanism"]
dead = r["datasets"][0]["dead_time_s"]
assert abs(dead - 15) < 0.5, dead
grid = [l.strip().split(",") for l in open(sys.argv[2])]
assert grid[0][:2] == ["point", "collision"], grid[0]
ks = sorted(float(row[1]) for row in grid[1:])
assert abs(ks[0] / 1e-5 - 1) < 1e-9 and abs(ks[-1] / 1e-1 - 1) < 1e-9, ks  # /uM/s parsed
assert all(abs(k / 2.7e-3 - 1) > 0.5 for k in ks), ks  # the grid misses the truth
PY
# compare re-creates k_c from result.json: noise-free data, residuals ~ 0
mkdir "$dir/res"
"$bin" compare "$dir/res.json" "$dir/res.json" --residuals "$dir/res" > /dev/null 2> "$dir/err" ||
  fail "compare --residuals: $(cat "$dir/err")"
/usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
worst = max(abs(float(v)) for row in rows for v in row[1:])
assert rows and worst < 1e-4, worst
' "$dir/res/res.1.csv" || fail "residuals at the fitted k_c"
# a fixed k_c, only the dead time free: the truth again
sed 's/^    collision: .*/    collision: {fixed: 2.7e-3}/' "$dir/m.yaml" > "$dir/fixed.yaml"
"$bin" fit "$dir/fixed.yaml" -o "$dir/fixed.json" 2> "$dir/err" || fail "fixed: $(cat "$dir/err")"
/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["parameters"] == {"collision": 2.7e-3}, r["parameters"]
assert abs(r["datasets"][0]["dead_time_s"] - 15) < 0.5, r["datasets"]
' "$dir/fixed.json" || fail "fixed k_c"

refuse() { # $1 file, $2 expected message
  rc=0
  "$bin" fit "$1" -o "$dir/bad.json" > /dev/null 2> "$dir/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "$2: exit $rc, expected 2 ($(cat "$dir/err"))"
  grep -qF "$2" "$dir/err" || fail "message: $(cat "$dir/err"), expected: $2"
  [ ! -e "$dir/bad.json" ] || fail "$2: wrote a result"
}
for rate in dimerization dissociation exchange; do
  sed "s/^    collision: .*/    $rate: {min: 1e-3, max: 1, points: 3}/" "$dir/m.yaml" > "$dir/bad.yaml"
  refuse "$dir/bad.yaml" "fit.parameters.$rate: a collision-exchange model has one rate constant, collision (1/(nM s)); fit that instead"
done
sed 's/^    collision: .*/    k_c: {min: 1e-3, max: 1, points: 3}/' "$dir/m.yaml" > "$dir/bad.yaml"
refuse "$dir/bad.yaml" 'fit.parameters: unknown parameter "k_c" (the one rate constant of a collision-exchange model is collision)'
sed 's/^  intervals: none/  constraints: {ratio: {dimerization\/dissociation: 0.1}}/' "$dir/m.yaml" > "$dir/bad.yaml"
refuse "$dir/bad.yaml" 'fit.constraints.ratio: a collision-exchange model has one rate constant, collision, so no ratio of rates applies'
sed 's/^mechanism: .*/mechanism: {exchange: [Ag, Au], rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3e-2}}/' \
  "$dir/m.yaml" > "$dir/bad.yaml"
refuse "$dir/bad.yaml" 'fit.parameters.collision: only a collision-exchange model has this rate constant (this one is dimer-exchange: fit dimerization, dissociation or exchange)'
sed 's/^  Au4: .*/&\n  Au3: {formula: "[Au3(C6H4S2)3]3-", concentration: 5 nM}/; s/^simulate: .*/pairs: [{between: all}]\n&/' \
  "$dir/m.yaml" > "$dir/bad.yaml"
refuse "$dir/bad.yaml" 'fit: fitting a collision-exchange model of several families or with a pairs: block is not supported yet'
echo ok
