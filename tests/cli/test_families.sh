#!/usr/bin/env bash
# Several cluster families (issue 5, item 2): the README example's stable
# Ag29 + AuAg24 heterodimers. Counts by hand: Ag29 has 30 compositions over
# Ag/Au, AuAg24 (24 exchangeable atoms) 25; only the hetero pair dimerizes:
# 30 x 25 = 750 dimers, no dissociation; channels 30 + 25 + 54 (totals over
# 53 atoms) and labels that count the fixed Au.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
cat > "$dir/m.yaml" <<'YAML'
clusters:
  Ag29:   {formula: "[Ag29(C6H4S2)12]3-", concentration: 10 nM}
  AuAg24: {formula: "[Au2Ag23(C8H9S)18]-", concentration: 10 nM, fixed: {Au: 1}}
mechanism: {exchange: [Ag, Au], rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3e-2}}
pairs:
  - {between: all, dimerize: false}
  - {between: [Ag29, AuAg24], stable: true, rates: {exchange: 1e-3 /s}}
simulate: {end: 300 s, step: 60 s, normalize: none}
YAML
json=$("$bin" network "$dir/m.yaml" --json)
/usr/bin/python3 - "$json" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
assert j["monomers"] == 55 and j["dimers"] == 750, j
assert j["dissociation"] == 0 and j["dimerization"] == 750, j
PY
"$bin" simulate "$dir/m.yaml" -o "$dir/s.csv" 2> "$dir/err" || fail "simulate: $(cat "$dir/err")"
/usr/bin/python3 - "$dir/s.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
head = rows[0]
assert len(head) == 1 + 30 + 25 + 54, len(head)
assert head[1] == "[Ag29Au0]3-" and head[31] == "[Ag24Au1]1-" and head[56] == "[Ag53Au1]4-", head[:2]
last = [float(x) for x in rows[-1][1:]]
dimers = sum(last[55:])
assert dimers > 9.0, dimers       # 10 nM each, k c t = 30: nearly all bound
PY
echo ok
