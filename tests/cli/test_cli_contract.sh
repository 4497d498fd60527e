#!/usr/bin/env bash
# The command-line contract of MODEL.md section 8, checked on the paper's sim 3.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

json=$("$bin" network "$ex/ag25-au25-sim3.yaml" --json)
expected='{"species": 377, "monomers": 26, "dimers": 351, "reactions": 1302, "dimerization": 351, "dissociation": 351, "exchange": 600}'
[ "$json" = "$expected" ] || fail "network --json: $json"
[ "$("$bin" network "$ex/ag25-au25-sim3.yaml" --list | grep -c ' exchange ')" -eq 600 ] ||
  fail "network --list does not list 600 exchange reactions"

"$bin" simulate "$ex/ag25-au25-sim3.yaml" -q -o "$work/s.csv" --tmax "$work/t.csv"
/usr/bin/python3 - "$work/s.csv" "$work/t.csv" <<'PY' || fail "series/t_max content"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
head, data = rows[0], rows[1:]
assert head[0] == "time_s" and head[1] == "[Ag25Au0]1-" and head[26] == "[Ag0Au25]1-", head[:3]
assert head[27] == "[Ag50Au0]2-" and head[-1] == "[Ag0Au50]2-" and len(head) == 78, len(head)
assert len(data) == 325, len(data)                       # 0, 10, ..., 3240 s
assert float(data[0][0]) == 0.0 and float(data[-1][0]) == 3240.0
for r in data:                                            # total-ion normalisation
    assert abs(sum(map(float, r[1:])) - 1.0) < 1e-9, r[0]
tm = list(csv.reader(open(sys.argv[2])))
assert tm[0] == ["channel", "t_max_s", "at_edge"] and len(tm) == 78
byname = {r[0]: r for r in tm[1:]}
assert byname["[Ag50Au0]2-"][1:] == ["", "-1"], byname["[Ag50Au0]2-"]   # f_Au = 0: never formed
assert byname["[Ag25Au0]1-"][1:] == ["0", "1"]            # decays from the start: edge
assert byname["[Ag13Au12]1-"][2] in ("0", "1")
PY

[ "$(stat -c %a "$work/s.csv")" = 644 ] || fail "series file mode $(stat -c %a "$work/s.csv"), expected 644"
chmod 664 "$work/t.csv"
"$bin" simulate "$ex/ag25-au25-sim3.yaml" -q --tmax "$work/t.csv" >/dev/null
[ "$(stat -c %a "$work/t.csv")" = 664 ] || fail "a replaced file lost its mode"

"$bin" simulate "$ex/ag25-au25-sim3.yaml" -q >"$work/stdout.csv"
cmp -s "$work/stdout.csv" "$work/s.csv" || fail "stdout and -o differ"
"$bin" simulate "$ex/ag25-au25-sim3.yaml" -q -o "$work/s2.csv"
cmp -s "$work/s2.csv" "$work/s.csv" || fail "two runs differ"

for c in network simulate; do
  "$bin" "$c" --help | grep -q "usage: clusterkin $c" || fail "$c --help"
done
"$bin" --help | grep -q "simulate" || fail "--help"

# A solver failure is a runtime failure: exit 1, one line, nothing written.
sed 's/atol: 1e-12 nM}/atol: 1e-12 nM, max-steps: 2}/' "$ex/ag25-au25-sim3.yaml" >"$work/short.yaml"
rc=0
"$bin" simulate "$work/short.yaml" -o "$work/x.csv" --tmax "$work/xt.csv" 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] || fail "solver failure gives exit $rc"
grep -q "CV_TOO_MUCH_WORK" "$work/err" || fail "solver failure message: $(cat "$work/err")"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "solver failure prints more than one line"
! compgen -G "$work/x*" >/dev/null || fail "a failed run left output behind: $(ls "$work")"
echo "cli contract: ok"
