#!/usr/bin/env bash
# Output-size and run-time guards (issue 8 item 3). Output: the channel CSV
# is refused before simulating when rows x columns x 17 bytes exceeds the
# limit (limits: {output: ...} in the model, --output-limit overrides), with
# the estimate, the limit and the remedy in one line, exit 2, nothing
# written; the estimate bounds the real file from above. Spectra likewise.
# Time: limits: {time: ...} / --time-limit stop a simulation (exit 2, nothing
# written) and a fit, whose grid file keeps the finished points: --resume
# then ends with the uninterrupted result.
set -euo pipefail
bin=$1
data=${CK_TESTDATA:?}
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

cat >toy.yaml <<'YAML'
name: toy
clusters:
  Ag4: {formula: "[Ag4(C2H5S)3]-", concentration: 40 nM}
  Au4: {formula: "[Au4(C2H5S)3]-", concentration: 40 nM}
mechanism:
  exchange: [Ag, Au]
  dimerization-scaling: {metal-fraction: Au}
  rates: {dimerization: 1.0e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}
simulate: {dead-time: 20 s, end: 1200 s, step: 60 s}
YAML

# expect_refusal NAME REGEX CMD...: exit 2, the one line, nothing written.
expect_refusal() {
  local name=$1 pattern=$2 rc=0
  shift 2
  "$@" 2>err >/dev/null || rc=$?
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2: $(cat err)"
  [ "$(wc -l <err)" -eq 1 ] || fail "$name: not one line: $(cat err)"
  grep -qE "^$pattern\$" err || fail "$name: message: $(cat err)"
  [ ! -e out.csv ] || fail "$name: an output was written"
  echo "ok   $name: $(cat err)"
}

# The real file: its rows and columns give the estimate, which must bound it.
"$bin" simulate toy.yaml -q -o full.csv
rows=$(wc -l <full.csv)
cols=$(head -1 full.csv | tr ',' '\n' | wc -l)
bytes=$(wc -c <full.csv)
estimate=$((rows * cols * 17))
[ "$estimate" -ge "$bytes" ] || fail "estimate $estimate below the real $bytes bytes"
kib=$(/usr/bin/python3 -c "print('%.3g' % ($estimate / 1024))")
msg="the channel series CSV would be about $kib KiB \($rows rows x $cols columns x 17 bytes\), above the output limit of 1 KiB; raise it with limits: \{output: \.\.\.\} or --output-limit, or write fewer rows"
sed 's/^simulate:/limits: {output: 1 KiB}\nsimulate:/' toy.yaml >small.yaml
expect_refusal output-model "clusterkin: small.yaml: $msg" "$bin" simulate small.yaml -q -o out.csv
expect_refusal output-option "clusterkin: toy.yaml: $msg" \
  "$bin" simulate toy.yaml -q -o out.csv --output-limit "1 KiB"
"$bin" simulate small.yaml -q -o out.csv --output-limit "1 MiB" || fail "--output-limit override"
cmp -s out.csv full.csv || fail "output under a raised limit differs"
rm -f out.csv
expect_refusal output-bad "clusterkin: --output-limit: .*not a memory size.*" \
  "$bin" simulate toy.yaml -q -o out.csv --output-limit lots
# Spectra: 21 files of the grid 1000:1100 step 0.5 (201 points and a header
# row) x 2 columns x 15 bytes = 127260 bytes = 124 KiB.
expect_refusal spectra "clusterkin: toy.yaml: the spectra \(21 files\) would be about 124 KiB \(4242 rows x 2 columns x 15 bytes\), above the output limit of 100 KiB; raise it .*" \
  "$bin" simulate toy.yaml -q --spectra spectra --mz-range 1000:1100 --mz-step 0.5 --output-limit "100 KiB"
[ -z "$(ls spectra 2>/dev/null)" ] || fail "spectra were written"

# Time: 1 ms cannot integrate the 25-atom seed model (hundreds of species).
num='[-+0-9.e]+'
expect_refusal time-option "clusterkin: .*ag25-au25-sim3.yaml: time limit of 0.001 s exceeded at t = $num s, step $num s; raise it with limits: \{time: \.\.\.\} or --time-limit" \
  "$bin" simulate "$CK_EXAMPLES/ag25-au25-sim3.yaml" -q -o out.csv --time-limit 1ms
sed 's/^simulate:/limits: {time: 1 ms}\nsimulate:/' "$CK_EXAMPLES/ag25-au25-sim3.yaml" >slow.yaml
expect_refusal time-model "clusterkin: slow.yaml: time limit of 0.001 s exceeded at t = .*" \
  "$bin" simulate slow.yaml -q -o out.csv
"$bin" simulate slow.yaml -q -o out.csv --time-limit 1h || fail "--time-limit override"
rm -f out.csv
expect_refusal time-bad "clusterkin: --time-limit: must be > 0 s, not \"0 s\"" \
  "$bin" simulate toy.yaml -q -o out.csv --time-limit "0 s"

# A fit: a 13 x 13 grid of the seed model (about 0.7 s of CPU) stopped after 0.2 s.
cp "$data/sim3-40-40.csv" .
sed -n '1,/^fit:/p' "$data/sim3-fit.yaml" >fit.yaml
cat >>fit.yaml <<'YAML'
  objective: traces
  weighting: relative
  intervals: none
  refine: false
  parameters:
    dimerization: {min: 1e-3, max: 1e-1, points: 13}
    dissociation: {min: 1e-3, max: 1, points: 13}
    exchange: {fixed: 3.2e-2 /s}
  datasets:
    - {data: sim3-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
"$bin" fit fit.yaml -o whole.json --grid-out whole.csv --threads 2 -q || fail "uninterrupted fit"
rc=0
"$bin" fit fit.yaml -o cut.json --grid-out grid.csv --threads 2 -q --time-limit 0.2s 2>err || rc=$?
[ "$rc" -eq 2 ] || fail "fit: exit $rc: $(cat err)"
grep -qx "clusterkin: time limit of 0.2 s exceeded during the grid search; finished grid points are kept in the grid file (--grid-out; continue with --resume); raise it with limits: {time: ...} or --time-limit" err ||
  fail "fit message: $(cat err)"
[ ! -e cut.json ] || fail "a result was written"
done_rows=$(($(wc -l <grid.csv) - 1))
[ "$done_rows" -lt 169 ] || fail "the whole grid finished within 0.2 s"
head -1 grid.csv | cmp -s - <(head -1 whole.csv) || fail "grid header"
"$bin" fit fit.yaml -o cut.json --grid-out grid.csv --threads 2 -q --resume || fail "resume"
cmp -s cut.json whole.json || fail "resumed result differs from the uninterrupted one"
cmp -s <(sort grid.csv) <(sort whole.csv) || fail "resumed grid differs"
echo "ok   fit: stopped after $done_rows of 169 points, resume agrees"
