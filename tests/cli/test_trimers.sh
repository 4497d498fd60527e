#!/usr/bin/env bash
# Opt-in trimers (issue 5, item 7). Counts by hand for binary N = 25: 26
# monomer states give C(28, 3) = 3276 trimers and 26 x C(27, 2) = 9126
# (trimer, leaving subunit) pairs, one formation and one dissociation each;
# the dimer counts (351, 351, 600; MODEL.md section 2) do not move. A small
# run writes [Ag_m Au_(3N-m)]3- channels after the unchanged ones, and an
# oversized model is refused with exit 2 naming the size guard.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
model() { # N, trimers line
  cat <<YAML
clusters:
  Ag: {formula: "[Ag$1(C8H9S)18]-", concentration: 40 nM}
  Au: {formula: "[Au$1(C8H9S)18]-", concentration: 40 nM}
mechanism:
  exchange: [Ag, Au]
  rates: {dimerization: 1e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}
$2
simulate: {end: 600 s, step: 60 s}
YAML
}
model 25 "  trimers: {formation: 1e-3 /nM/s, dissociation: 0.1 /s}" > "$dir/t25.yaml"
model 25 "" > "$dir/d25.yaml"
with=$("$bin" network "$dir/t25.yaml" --json)
without=$("$bin" network "$dir/d25.yaml" --json)
/usr/bin/python3 - "$with" "$without" <<'PY'
import json, sys
t, d = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert "trimers" not in d, d
assert (d["monomers"], d["dimers"], d["exchange"]) == (26, 351, 600), d
for k in d:
    if k not in ("species", "reactions"):
        assert t[k] == d[k], (k, t, d)
assert t["trimers"] == 3276 and t["species"] == 26 + 351 + 3276, t
assert t["trimerization"] == 9126 and t["trimer_dissociation"] == 9126, t
assert t["reactions"] == d["reactions"] + 2 * 9126 + t["trimer_exchange"], t
PY

model 4 "  trimers: {formation: 1e-2 /nM/s, dissociation: 0.1 /s}" > "$dir/t4.yaml"
"$bin" simulate "$dir/t4.yaml" -o "$dir/s.csv" 2> "$dir/err" || fail "simulate: $(cat "$dir/err")"
grep -q "(klu)" "$dir/err" || fail "auto did not pick KLU for a trimer network: $(cat "$dir/err")"
/usr/bin/python3 - "$dir/s.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0]
assert len(head) == 1 + 5 + 9 + 13, len(head)
assert head[1] == "[Ag4Au0]1-" and head[6] == "[Ag8Au0]2-", head
assert head[15] == "[Ag12Au0]3-" and head[27] == "[Ag0Au12]3-", head
last = [float(x) for x in rows[-1][1:]]
assert abs(sum(last) - 1) < 1e-9, sum(last)
assert sum(last[14:]) > 1e-3, last[14:]   # trimers formed
PY

model 144 "  trimers: {formation: 1e-3, dissociation: 0.1}" > "$dir/big.yaml"
set +e
"$bin" network "$dir/big.yaml" --json > "$dir/out" 2> "$dir/err"
status=$?
set -e
[ "$status" -eq 2 ] || fail "oversized trimer model: exit $status, want 2"
grep -q "big.yaml" "$dir/err" && grep -q "max-species" "$dir/err" ||
  fail "the refusal should name the file and the guard: $(cat "$dir/err")"
echo ok
