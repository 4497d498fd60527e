#!/usr/bin/env bash
# clusterkin compare (issue 3 part 7) on a 4-atom toy of simulation 3 (quick):
# data made by the statistical-exchange model with 5 % lognormal noise rank
# the statistical fit above constant exchange by a clear AIC margin; the
# nested pair (exchange fixed at a wrong value) is detected and rejected by
# the likelihood-ratio test; AIC, BIC and the p-value agree with the stated
# formulas recomputed here (SciPy for the chi-square); the residual files
# reproduce the fit's residual sum of squares; bad input exits 2.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

mech() { # exchange-probability
  { sim3_model "$1 exchange" 4 40 40 "$1"
    cat <<YAML
simulate: {dead-time: 20 s, end: 1200 s, step: 60 s}
YAML
  }
}
fit_block() { # objective, exchange entry
  cat <<YAML
fit:
  objective: $1
  weighting: log
  intervals: none
  parameters:
    dimerization: {min: 1e-3 /nM/s, max: 1e-1 /nM/s, points: 4}
    dissociation: {min: 5e-3 /s, max: 0.5 /s, points: 4}
    exchange: {$2}
  datasets:
    - {data: data.csv, concentrations: {Ag4: 40 nM, Au4: 40 nM}}
YAML
}
mech statistical > truth.yaml
"$bin" simulate truth.yaml -q --noise lognormal:0.05 --seed 7 -o data.csv
free="min: 3e-3 /s, max: 0.3 /s, points: 4"
{ mech statistical; fit_block traces "$free"; } > stat.yaml
{ mech constant; fit_block traces "$free"; } > const.yaml
{ mech statistical; fit_block traces "fixed: 0.05 /s"; } > fixed.yaml
{ mech statistical; fit_block tmax "$free"; } > tmax.yaml
for m in stat const fixed tmax; do "$bin" fit $m.yaml -q -o $m.json; done

"$bin" compare const.json stat.json fixed.json -o compare.csv --residuals res > table.txt
cat table.txt
"$bin" compare const.json stat.json fixed.json --json > compare.json
/usr/bin/python3 - <<'PY' || fail "ranking or statistics wrong"
import csv, json, math, sys
from scipy.stats import chi2
ok = True
def check(what, cond):
    global ok
    print(("ok   " if cond else "FAIL ") + what)
    ok &= bool(cond)
rows = list(csv.DictReader(open("compare.csv")))
c = json.load(open("compare.json"))
check("statistical ranks first", rows[0]["result"] == "stat.json")
const = next(r for r in rows if r["result"] == "const.json")
check(f"constant exchange trails by delta AIC {float(const['delta_aic']):.1f} > 10",
      float(const["delta_aic"]) > 10)
for r in rows:
    fit = json.load(open(r["result"]))
    n, k, rss = fit["n_residuals"], fit["free_parameters"], fit["rss"]
    logl = -n / 2 * (math.log(2 * math.pi * rss / n) + 1)
    check(f"{r['result']}: k {k}, n {n}, AIC and BIC by the stated formulas",
          int(r["k"]) == k and abs(float(r["aic"]) - (2 * k - 2 * logl)) < 1e-6 * abs(logl)
          and abs(float(r["bic"]) - (k * math.log(n) - 2 * logl)) < 1e-6 * abs(logl))
tests = c["likelihood_ratio_tests"]
check("one nested pair detected: fixed within stat", len(tests) == 1 and
      tests[0]["nested"] == "fixed.json" and tests[0]["within"] == "stat.json" and not tests[0]["named"])
t = tests[0]
check(f"p-value {t['p_value']:.3g} = scipy chi2.sf", abs(t["p_value"] - chi2.sf(t["statistic"], t["df"]))
      <= 1e-6 * chi2.sf(t["statistic"], t["df"]) + 1e-300)
check("the wrong fixed exchange rate is rejected (p < 0.01)", t["p_value"] < 0.01)
# Residual files: simulated - measured; with log weighting the fit's RSS is
# the sum of log(sim / data)^2 over cells above 1e-4 of the largest value.
data = [[float(x) for x in row[1:]] for row in list(csv.reader(open("data.csv")))[1:]]
res = [[float(x) for x in row[1:]] for row in list(csv.reader(open("res/stat.1.csv")))[1:]]
floor = 1e-4 * max(max(r) for r in data)
rss = sum(math.log((d + e) / d) ** 2 for dr, er in zip(data, res) for d, e in zip(dr, er) if d > floor)
want = json.load(open("stat.json"))["rss"]
check(f"residual file reproduces the RSS ({rss:.8g} vs {want:.8g})", abs(rss / want - 1) < 1e-6)
sys.exit(0 if ok else 1)
PY

expect_usage() { # name, pattern, then the command
  local name=$1 pattern=$2; shift 2
  set +e
  "$@" > out.txt 2> err.txt
  local rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, want 2"
  grep -q "$pattern" err.txt || fail "$name: message: $(cat err.txt)"
  echo "$name: $(cat err.txt)"
}
expect_usage "tmax refused" "tmax.json.*not a likelihood" "$bin" compare stat.json tmax.json
expect_usage "missing result" "missing.json" "$bin" compare stat.json missing.json
expect_usage "one result" "at least two" "$bin" compare stat.json
expect_usage "bad nested" "nested" "$bin" compare stat.json const.json --nested stat.json:x.json
echo '{"parameters": {}}' > junk.json
expect_usage "not a result" "junk.json.*not a clusterkin fit result" "$bin" compare stat.json junk.json
echo "compare: all checks passed"
