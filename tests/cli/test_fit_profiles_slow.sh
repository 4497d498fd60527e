#!/usr/bin/env bash
# Profile curves and intervals (issue 3 parts 4 and 8) on a 4-atom toy of
# simulation 3 (quick), 5 % lognormal noise:
# - --profile-out writes parameter,value,objective; every free parameter has
#   a curve whose lowest point is the reported optimum, and the interval is
#   where the curve stays under the threshold: S_min exp(chi2_1(0.9) / n)
#   for noise estimated from the fit;
# - with refine: false, profile points beat the coarse grid's best point and
#   become the reported optimum (optimum_from_profile);
# - with sd: columns on every value (known noise) the threshold is
#   S_min + chi2_1(0.9) instead;
# - two replicate datasets of the same condition fit together and narrow
#   both intervals compared with either replicate alone.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

{ sim3_model "toy sim3" 4
  cat <<YAML
simulate: {dead-time: 20 s, end: 1200 s, step: 60 s}
YAML
} > model.yaml
"$bin" simulate model.yaml -q --noise lognormal:0.05 --seed 3 -o rep1.csv
"$bin" simulate model.yaml -q --noise lognormal:0.05 --seed 4 -o rep2.csv
# Known noise: every value with its sd (5 % of it, the noise level).
/usr/bin/python3 - <<'PY'
import csv
rows = list(csv.reader(open("rep1.csv")))
# Channels that are ever 0 (the pure-Ag dimer never forms: its dimerization
# scales with the Au fraction) have no sd > 0; a data file may omit channels.
keep = [0] + [c for c in range(1, len(rows[0])) if all(float(r[c]) > 0 for r in rows[1:])]
with open("sd.csv", "w") as f:
    f.write(",".join([rows[0][c] for c in keep] + ["sd:" + rows[0][c] for c in keep[1:]]) + "\n")
    for r in rows[1:]:
        f.write(",".join([r[c] for c in keep] + ["%.10g" % (0.05 * float(r[c])) for c in keep[1:]]) + "\n")
PY

fit_model() { # refine, then dataset lines
  local refine=$1; shift
  cat model.yaml
  cat <<YAML
fit:
  objective: traces
  weighting: log
  refine: $refine
  parameters:
    dimerization: {fixed: 1.0e-2 /nM/s}
    dissociation: {min: 5e-3 /s, max: 0.5 /s, points: 5}
    exchange: {min: 3e-3 /s, max: 0.3 /s, points: 5}
  datasets:
YAML
  for data in "$@"; do
    echo "    - {data: $data, concentrations: {Ag4: 40 nM, Au4: 40 nM}}"
  done
}
fit_model false rep1.csv > coarse.yaml
fit_model true sd.csv > known.yaml
fit_model true rep1.csv > one.yaml
fit_model true rep2.csv > two.yaml
fit_model true rep1.csv rep2.csv > both.yaml
"$bin" fit coarse.yaml -q -o coarse.json --grid-out coarse-grid.csv --profile-out coarse.csv
for m in known one two both; do "$bin" fit $m.yaml -q -o $m.json --profile-out $m.csv; done

/usr/bin/python3 - <<'PY' || fail "profiles or intervals wrong"
import csv, json, math, sys
ok = True
def check(what, cond):
    global ok
    print(("ok   " if cond else "FAIL ") + what)
    ok &= bool(cond)
CHI2_90 = 2.705543454095404
def profiles(name, known):
    r = json.load(open(name + ".json"))
    rows = list(csv.reader(open(name + ".csv")))
    check(f"{name}: header parameter,value,objective", rows[0] == ["parameter", "value", "objective"])
    s = r["objective"]
    thr = s + CHI2_90 if known else s * math.exp(CHI2_90 / r["n_residuals"])
    check(f"{name}: known_noise is {str(known).lower()}", r["known_noise"] == known)
    for p, (lo, hi) in r["intervals"].items():
        pts = [(float(v), float(o)) for q, v, o in rows[1:] if q == p]
        check(f"{name}: {p}: {len(pts)} profile points sorted by value",
              len(pts) > 5 and pts == sorted(pts))
        check(f"{name}: {p}: the curve's lowest point is the optimum",
              abs(min(o for _, o in pts) - s) <= 1e-9 * s)  # result.json has 10 digits
        slack = 1e-3 * (thr - s)
        inside = [o for v, o in pts if lo * (1 + 1e-9) < v < hi * (1 - 1e-9)]
        outside = [o for v, o in pts if v < lo * (1 - 1e-6) or v > hi * (1 + 1e-6)]
        check(f"{name}: {p}: under the threshold inside [{lo:.5g}, {hi:.5g}], over it outside",
              inside and outside and max(inside) <= thr + slack and min(outside) >= thr - slack)
    return r
coarse = profiles("coarse", False)
grid = [float(row[4]) for row in list(csv.reader(open("coarse-grid.csv")))[1:]]
check(f"refine: false: a profile point ({coarse['objective']:.6g}) beat the grid ({min(grid):.6g})",
      coarse["objective"] < min(grid) and coarse["optimum_from_profile"])
profiles("known", True)
one, two, both = (json.load(open(n + ".json")) for n in ("one", "two", "both"))
check("replicates: two dataset entries", len(both["datasets"]) == 2)
for p in both["intervals"]:
    w = {n: math.log(r["intervals"][p][1] / r["intervals"][p][0]) for n, r in
         (("one", one), ("two", two), ("both", both))}
    check(f"replicates: {p} interval {w['both']:.4g} narrower than {w['one']:.4g} and {w['two']:.4g}",
          w["both"] < min(w["one"], w["two"]))
sys.exit(0 if ok else 1)
PY
echo "fit profiles: all checks passed"
