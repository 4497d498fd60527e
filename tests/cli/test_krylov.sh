#!/usr/bin/env bash
# linear-solver: krylov through the CLI (issue 5, item 5): sim3 with GMRES
# matches the default block solver's channels to within what rtol 1e-8
# allows (1e-6 of the total ion count), the solver statistics name it and
# report GMRES iterations, and an unknown solver name lists krylov.
set -euo pipefail
bin=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
sim3="$repo/examples/ag25-au25-sim3.yaml"
sed 's/atol: 1e-12 nM}/atol: 1e-12 nM, linear-solver: spgmr}/' "$sim3" > "$dir/k.yaml"
grep -q 'linear-solver: spgmr' "$dir/k.yaml" || fail "sim3 no longer ends its simulate: line as expected"
"$bin" simulate "$sim3" -q -o "$dir/block.csv"
"$bin" simulate "$dir/k.yaml" -o "$dir/krylov.csv" 2> "$dir/err" || fail "krylov: $(cat "$dir/err")"
grep -q 'CVODE BDF (krylov)' "$dir/err" || fail "stats do not name krylov: $(cat "$dir/err")"
grep -Eq 'GMRES: [1-9][0-9]* linear iterations' "$dir/err" || fail "no GMRES statistics: $(cat "$dir/err")"
/usr/bin/python3 - "$dir/block.csv" "$dir/krylov.csv" <<'PY'
import csv, sys
a, b = (list(csv.reader(open(p))) for p in sys.argv[1:3])
assert a[0] == b[0] and len(a) == len(b) == 326, (len(a), len(b))
worst = max(abs(float(x) - float(y)) for ra, rb in zip(a[1:], b[1:]) for x, y in zip(ra, rb))
assert worst < 1e-6, worst
PY
sed 's/atol: 1e-12 nM}/atol: 1e-12 nM, linear-solver: gmres}/' "$sim3" > "$dir/bad.yaml"
rc=0
"$bin" simulate "$dir/bad.yaml" -q -o "$dir/x.csv" 2> "$dir/err" || rc=$?
[ "$rc" -eq 2 ] || fail "unknown solver: exit $rc"
grep -q 'krylov' "$dir/err" || fail "the message does not list krylov: $(cat "$dir/err")"
echo ok
