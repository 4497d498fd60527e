#!/usr/bin/env bash
# Per-dataset nuisance parameters fitted locally (issue 3 part 1, MODEL.md
# section 8): noiseless data simulated with a 25 s dead time, their dimer
# channels then scaled by 0.7 and each row renormalised (an instrument that
# under-detects dimers), are fitted with dead-time {min: 5 s, max: 60 s} and
# dimer-factor {min: 0.2, max: 3}: the rates come back to 0.01 %, the dead
# time to 0.01 s and the factor to 1e-5; result.json reports both, and a
# grid with free nuisance parameters gives the same bytes on 1 and 2 threads.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

sim3_model "synthetic sim3, late and dimer-shy" 25 > head.yaml
{ cat head.yaml
  echo "simulate: {dead-time: 25 s, end: 1800 s, step: 60 s, normalize: total-ion, rtol: 1e-8, atol: 1e-11}"
} > truth.yaml
"$bin" simulate truth.yaml -q -o sim.csv
/usr/bin/python3 - <<'PY'
import csv
rows = list(csv.reader(open("sim.csv")))
head = rows[0]
with open("data.csv", "w") as f:
    f.write(",".join(head) + "\n")
    for r in rows[1:]:
        v = [float(x) * (0.7 if head[i + 1].endswith("]2-") else 1.0) for i, x in enumerate(r[1:])]
        s = sum(v)
        f.write(r[0] + "," + ",".join("%.12g" % (x / s) for x in v) + "\n")
PY

fit_model() { # points refine
  cat head.yaml
  cat <<YAML
simulate: {rtol: 1e-8, atol: 1e-11}
fit:
  objective: traces
  weighting: relative
  refine: $2
  intervals: none
$(sim3_fit_parameters $1)
  datasets:
    - data: data.csv
      concentrations: {Ag25: 40 nM, Au25: 40 nM}
      dead-time: {min: 5 s, max: 60 s}
      dimer-factor: {min: 0.2, max: 3}
YAML
}
fit_model 4 true > fit.yaml
"$bin" fit fit.yaml -q --threads 2 -o r.json
/usr/bin/python3 - <<'PY' || fail "nuisance fit did not recover the truth"
import json, sys
r = json.load(open("r.json"))
ok = True
def check(name, got, want, tol, absolute=False):
    global ok
    err = abs(got - want) if absolute else abs(got / want - 1)
    print(f"{name}: fitted {got:.9g}, truth {want:.9g}, error {err:.2e} (tolerance {tol:g})")
    ok &= err <= tol
for k, v in {"dimerization": 1.0e-2, "dissociation": 5.6e-2, "exchange": 3.2e-2}.items():
    check(k, r["parameters"][k], v, 1e-4)
d = r["datasets"][0]
check("dead_time_s", d["dead_time_s"], 25.0, 0.01, absolute=True)
check("dimer_factor", d["dimer_factor"], 0.7, 1e-5)
sys.exit(0 if ok else 1)
PY

# Thread count does not change anything (grid only, to stay quick).
fit_model 3 false > grid.yaml
"$bin" fit grid.yaml -q --threads 1 -o g1.json --grid-out g1.csv
"$bin" fit grid.yaml -q --threads 2 -o g2.json --grid-out g2.csv
cmp g1.json g2.json || fail "result differs between 1 and 2 threads"
sorted() { head -n 1 "$1"; tail -n +2 "$1" | sort -t, -k1,1n; }
cmp <(sorted g1.csv) <(sorted g2.csv) || fail "grid differs between 1 and 2 threads"
echo "fit nuisance: all checks passed"
