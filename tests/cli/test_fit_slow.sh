#!/usr/bin/env bash
# clusterkin fit end to end on synthetic data (issue 3):
# - noiseless data from known constants: the traces objective recovers each to 1 %,
#   the tmax objective recovers k_ex to 5 %;
# - identical result.json and grid file (sorted by point) for 1 and 2 threads;
# - a grid file cut mid-row (a killed run), and a run killed with SIGKILL, both
#   resumed with --resume, end with the same result and no duplicate rows;
# - bad input: missing data file, a grid file of another fit, grid file present
#   without --resume: one message, exit 2.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

# Simulation 3 of MODEL.md section 2 with the paper's constants, sampled every 60 s.
model_head() {
  { sim3_model "synthetic sim3" 25
    cat <<YAML
simulate: {dead-time: 20 s, end: 1800 s, step: 60 s, normalize: total-ion, rtol: 1e-8, atol: 1e-11}
YAML
  }
}
model_head > truth.yaml
"$bin" simulate truth.yaml -q -o data.csv

# Bounds that keep the truth off the grid: refinement has to find it.
fit_block() { # objective, refine points
  cat <<YAML
fit:
  objective: $1
  refine: true
  intervals: none
$(sim3_fit_parameters $2)
  datasets:
    - {data: data.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
}
{ model_head; fit_block traces 4; } > fit.yaml

within() { # json key expected relative-tolerance
  /usr/bin/python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
v, want, tol = r["parameters"][sys.argv[2]], float(sys.argv[3]), float(sys.argv[4])
err = abs(v / want - 1)
print(f"{sys.argv[2]}: fitted {v:.6g}, truth {want:.6g}, relative error {err:.2e}")
sys.exit(0 if err <= tol else 1)
PY
}

"$bin" fit fit.yaml -q --threads 1 -o r1.json --grid-out g1.csv
within r1.json dimerization 1.0e-2 0.01 || fail "traces: dimerization not recovered"
within r1.json dissociation 5.6e-2 0.01 || fail "traces: dissociation not recovered"
within r1.json exchange 3.2e-2 0.01 || fail "traces: exchange not recovered"
[ "$(wc -l < g1.csv)" -eq 65 ] || fail "grid file should hold a header and 64 rows"

"$bin" fit fit.yaml -q --threads 2 -o r2.json --grid-out g2.csv
cmp r1.json r2.json || fail "result differs between 1 and 2 threads"
sorted() { head -n 1 "$1"; tail -n +2 "$1" | sort -t, -k1,1n; }
cmp <(sorted g1.csv) <(sorted g2.csv) || fail "grid differs between 1 and 2 threads"

# A killed run leaves complete rows and maybe one torn line: resume completes it.
head -n 30 g1.csv > g3.csv
printf '30,0.0' >> g3.csv
cp g1.csv.key g3.csv.key
"$bin" fit fit.yaml -q -o r3.json --grid-out g3.csv --resume
cmp r1.json r3.json || fail "resumed result differs"
cmp <(sorted g1.csv) <(sorted g3.csv) || fail "resumed grid differs"

# A real SIGKILL in the middle of the grid.
{ model_head; fit_block traces 6; } > big.yaml
"$bin" fit big.yaml -q -o rk-full.json --grid-out gk-full.csv
"$bin" fit big.yaml -q -o rk.json --grid-out gk.csv & pid=$!
sleep 0.4
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
rows=$(($(wc -l < gk.csv) - 1))
echo "killed after $rows of 216 grid rows"
"$bin" fit big.yaml -q -o rk.json --grid-out gk.csv --resume
cmp rk-full.json rk.json || fail "result after kill -9 and resume differs"
cmp <(sorted gk-full.csv) <(sorted gk.csv) || fail "grid after kill -9 and resume differs"
[ -z "$(tail -n +2 gk.csv | cut -d, -f1 | sort | uniq -d)" ] || fail "duplicate grid rows"

# t_max objective (paper eq. 1): k_ex to 5 %, the other two fixed at the truth.
{ model_head; cat <<YAML
fit:
  objective: tmax
  intervals: none
  parameters:
    dimerization: {fixed: 1.0e-2 /nM/s}
    dissociation: {fixed: 5.6e-2 /s}
    exchange: {min: 5e-3 /s, max: 0.2 /s, points: 9}
  datasets:
    - {data: data.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
} > tmax.yaml
"$bin" fit tmax.yaml -q -o rt.json
within rt.json exchange 3.2e-2 0.05 || fail "tmax: exchange not recovered"

# Bad input.
expect_usage() { # name, then the command
  local name=$1; shift
  set +e
  "$@" > out.txt 2> err.txt
  local rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, want 2"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "$name: want one line, got: $(cat err.txt)"
  echo "$name: $(cat err.txt)"
}
sed 's/data: data.csv/data: missing.csv/' fit.yaml > missing.yaml
expect_usage "missing data" "$bin" fit missing.yaml -q
expect_usage "grid present" "$bin" fit fit.yaml -q --grid-out g1.csv
sed 's/^point,/point,x,/' g1.csv > other.csv
cp g1.csv.key other.csv.key
expect_usage "other grid" "$bin" fit fit.yaml -q --grid-out other.csv --resume
expect_usage "another model" "$bin" fit big.yaml -q --grid-out g1.csv --resume
# A damaged row in the middle is an error, and the rows after it are kept.
{ head -n 5 g1.csv; echo "garbage"; tail -n +6 g1.csv; } > g4.csv
cp g1.csv.key g4.csv.key
before=$(wc -l < g4.csv)
expect_usage "damaged row" "$bin" fit fit.yaml -q --grid-out g4.csv --resume
[ "$(wc -l < g4.csv)" -eq "$before" ] || fail "a damaged grid file was cut"
# A row whose parameter values are not its point's (another grid) is refused.
awk -F, -v OFS=, 'NR == 3 { $2 = "0.5" } { print }' g1.csv > g5.csv
cp g1.csv.key g5.csv.key
expect_usage "foreign row" "$bin" fit fit.yaml -q --grid-out g5.csv --resume
expect_usage "resume without grid" "$bin" fit fit.yaml -q --resume
echo "fit: all checks passed"
