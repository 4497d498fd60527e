#!/usr/bin/env bash
# Bad model files: each must give exactly one line on stderr naming the file
# (and the line where known), exit status 2, and leave no output file behind.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # workdir
workdir work
failures=0

good() { # a valid model, sim3 of MODEL.md section 8
  cat <<'YAML'
name: test
clusters:
  Ag25: {formula: "[Ag25(C8H9S)18]-", concentration: 40 nM}
  Au25: {formula: "[Au25(C8H9S)18]-", concentration: 40 nM}
mechanism:
  kind: dimer-exchange
  exchange: [Ag, Au]
  exchange-probability: statistical
  dimerization-scaling: {metal-fraction: Au}
  rates: {dimerization: 1.0e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}
simulate: {dead-time: 20 s, end: 100 s, step: 10 s}
YAML
}

# expect NAME LINE PATTERN: model in $work/NAME.yaml must fail at LINE (0 = no line)
expect() {
  local name=$1 line=$2 pattern=$3 model="$work/$1.yaml" rc=0
  "$bin" simulate "$model" -o "$work/$name.csv" --tmax "$work/$name-tmax.csv" \
    2>"$work/err" >/dev/null || rc=$?
  local lines where="$model"
  lines=$(wc -l <"$work/err")
  [ "$line" -gt 0 ] && where="$model:$line:"
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -qF "clusterkin: $where" "$work/err" ||
    ! grep -qiE "$pattern" "$work/err" || compgen -G "$work/$name*.csv*" >/dev/null; then
    echo "FAIL $name: exit $rc, $lines line(s), expected '$where' and /$pattern/:"
    cat "$work/err"
    ls "$work"
    failures=$((failures + 1))
  else
    echo "ok   $name: $(cat "$work/err")"
  fi
}

good >"$work/ok.yaml"
"$bin" simulate "$work/ok.yaml" -q -o "$work/ok.csv" || { echo "FAIL: the valid model fails"; exit 1; }
rm -f "$work/ok.csv"

printf 'name: x\nclusters: {Ag25: {formula: "[Ag25]-", concentration: 40 nM}\nmechanism: [\n' >"$work/malformed.yaml"
expect malformed 0 "yaml|flow|expected|mapping"

good | sed 's/^name: test/name: test\ncolour: blue/' >"$work/unknown-key.yaml"
expect unknown-key 2 "colour"

good | sed 's/exchange: 3.2e-2 \/s/exchange: 3.2e-2 \/fortnight/' >"$work/unknown-unit.yaml"
expect unknown-unit 10 "fortnight"

good | sed 's/concentration: 40 nM}/concentration: -40 nM}/; 4s/-40/40/' >"$work/negative.yaml"
expect negative 3 "negative|>= 0|must not"

good | sed 's/^mechanism:/  Ligand: {formula: "[(C8H9S)18]-", concentration: 1 nM}\nmechanism:/' \
  >"$work/zero-nuclearity.yaml"
expect zero-nuclearity 5 "no atoms|nuclearity"

good | sed '/^clusters:/,/^  Au25/d' >"$work/no-clusters.yaml"
expect no-clusters 0 "clusters"

good | sed 's/^mechanism:/initial: {"[Pt25]2": 2 nM}\nmechanism:/' >"$work/missing-cluster.yaml"
expect missing-cluster 5 "Pt25"

good | sed 's/exchange: \[Ag, Au\]/exchange: [Ag, Au, Pt]/' >"$work/unknown-metal.yaml"
expect unknown-metal 7 "Pt"

expect does-not-exist 0 "cannot|no such"

# Usage errors: exit 2 too.
rc=0; "$bin" simulate 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: no model file gives exit $rc"; failures=$((failures + 1)); }
rc=0; "$bin" simulate "$work/ok.yaml" --bogus 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: unknown option gives exit $rc"; failures=$((failures + 1)); }
rc=0; "$bin" frobnicate 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: unknown command gives exit $rc"; failures=$((failures + 1)); }

echo "bad input: $failures failure(s)"
[ "$failures" -eq 0 ]
