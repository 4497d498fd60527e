#!/usr/bin/env bash
# Named solver failures (issue 8 item 4) through the CLI, on a 4-atom toy of
# simulation 3: max-steps 5 is "too much work" and an absurd dimerization
# rate a "negative concentration beyond tolerance", each exit 1 with one line
# naming t, step and species and nothing written; in a fit, points that fail
# are recorded as failed in grid.csv (status column before the crc32) and
# the summary names the lowest failed point and why.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

model() { # simulate-block extras
  cat <<YAML
name: toy
clusters:
  Ag4: {formula: "[Ag4(C2H5S)3]-", concentration: 40 nM}
  Au4: {formula: "[Au4(C2H5S)3]-", concentration: 40 nM}
mechanism:
  kind: dimer-exchange
  exchange: [Ag, Au]
  exchange-probability: statistical
  dimerization-scaling: {metal-fraction: Au}
  rates: {dimerization: $1 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}
simulate: {dead-time: 20 s, end: 1200 s, step: 60 s$2}
YAML
}

num='[-+0-9.e]+'
species='\[Ag[0-4]Au[0-4]\](\[Ag[0-4]Au[0-4]\])?'

# expect_failure NAME REGEX: simulate NAME.yaml fails with exit 1, one line, no output.
expect_failure() {
  local rc=0
  "$bin" simulate "$1.yaml" -q -o "$1.csv" 2>err >/dev/null || rc=$?
  [ "$rc" -eq 1 ] || fail "$1: exit $rc, expected 1: $(cat err)"
  [ "$(wc -l <err)" -eq 1 ] || fail "$1: not one line: $(cat err)"
  grep -qE "^clusterkin: $1.yaml: $2\$" err || fail "$1: message: $(cat err)"
  [ ! -e "$1.csv" ] || fail "$1: an output was written"
  echo "ok   $1: $(cat err)"
}

model 1.0e-2 ", max-steps: 5" >work.yaml
expect_failure work "integration failed: too much work \(CV_TOO_MUCH_WORK\) at t = $num s, step $num s, worst species $species \(weighted local error $num\); raise simulate: max-steps, or check the rate constants"

# rtol 1e-8 of 80 nM: the tolerance is 8e-7 nM; k = 1e20 /nM/s overshoots by nM.
model 1e20 ", rtol: 1e-8" >negative.yaml
expect_failure negative "integration failed: negative concentration beyond tolerance at t = 20 s, step $num s, worst species $species at -$num nM \(tolerance -8e-07 nM\); tighten simulate: rtol/atol"

# A fit whose grid reaches rates max-steps 600 cannot integrate.
model 1.0e-2 "" >truth.yaml
"$bin" simulate truth.yaml -q -o data.csv
{
  model 1.0e-2 ", max-steps: 600"
  cat <<'YAML'
fit:
  objective: traces
  weighting: log
  intervals: none
  refine: false
  parameters:
    dimerization: {min: 1e-3 /nM/s, max: 1e3 /nM/s, points: 7}
    dissociation: {min: 5e-3 /s, max: 0.5 /s, points: 3}
    exchange: {fixed: 3.2e-2 /s}
  datasets:
    - {data: data.csv, concentrations: {Ag4: 40 nM, Au4: 40 nM}}
YAML
} >fit.yaml
"$bin" fit fit.yaml -o result.json --grid-out grid.csv --threads 2 2>err || fail "fit: $(cat err)"
n_failed=$(grep -cE ',nan,nan,failed,[0-9a-f]{8}$' grid.csv || true)
[ "$n_failed" -ge 1 ] && [ "$n_failed" -lt 21 ] || fail "expected some failed points, got $n_failed"
[ "$(grep -cE ',ok,[0-9a-f]{8}$' grid.csv)" -eq $((21 - n_failed)) ] || fail "rows: $(cat grid.csv)"
first=$(awk -F, '$(NF-1) == "failed" {print $1}' grid.csv | sort -n | head -1)
grep -q "^clusterkin fit: objective .* (21 grid points, $n_failed failed; " err || fail "summary: $(cat err)"
grep -qE "^  grid point $first failed \(the lowest failed in this run\): integration failed: too much work \(CV_TOO_MUCH_WORK\) at t = $num s, step $num s, worst species $species \(weighted local error $num\); " err ||
  fail "first failure: $(cat err)"
# The best point is the grid point nearest the truth (0.01 /nM/s, 0.05 /s).
grep -q "dimerization  0.01 /nM/s" err && grep -q "dissociation  0.05 /s" err || fail "optimum: $(cat err)"
# Resume reads the failed rows back as failed: nothing to compute, same result.
cp result.json first.json
"$bin" fit fit.yaml -o result.json --grid-out grid.csv --resume -q || fail "resume"
cmp -s first.json result.json || fail "resumed result differs"
[ "$(grep -cE ',failed,[0-9a-f]{8}$' grid.csv)" -eq "$n_failed" ] || fail "resume changed the grid file"
echo "ok   fit: $n_failed of 21 points failed, first $first; resume agrees"
