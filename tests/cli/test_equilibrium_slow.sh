#!/usr/bin/env bash
# (_slow: the N = 25 Newton solves take minutes in the sanitizer build; the
# library paths run under the sanitizers in tests/unit/test_equilibrium.c and test_exsy.c.)
# equilibrium, scan and exsy commands: closed forms (binomial), labels, Le
# Chatelier direction, agreement between scan and an edited model, EXSY sums.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

# sim 2: statistical exchange, no dimerization scaling -> binomial(25, 1/2) monomers.
# The model name is user text: a quote in it must come out as valid JSON.
sed 's/^name: .*/name: "sim2 \\"quoted\\" \\\\ name"/' "$ex/ag25-au25-sim2.yaml" >"$work/sim2.yaml"
grep -q '^name: "sim2' "$work/sim2.yaml" || fail "test set-up: no name line in sim2"
"$bin" equilibrium "$work/sim2.yaml" --json -o "$work/eq.csv" >"$work/eq.json"
/usr/bin/python3 - "$work/eq.json" "$work/eq.csv" <<'PY' || fail "equilibrium sim2 content"
import csv, json, math, sys
d = json.load(open(sys.argv[1]))
assert d["model"] == 'sim2 "quoted" \\ name', d["model"]
assert d["state"] == "equilibrium" and d["detailed_balance"] is True, d["state"]
assert len(d["monomers"]) == 26 and len(d["dimers"]) == 351
for i, m in enumerate(d["monomers"]):
    k = 25 - i
    b = 100 * math.comb(25, k) / 2**25
    assert abs(m["percent"] - b) <= 1e-7 * b + 1e-12, (m, b)
assert abs(d["metal_totals_nM"]["Ag"] - 1000) < 1e-9
assert abs(sum(c["fraction"] for c in d["channels"]) - 1) < 1e-8
rows = list(csv.reader(open(sys.argv[2])))
assert rows[0] == ["kind", "label", "concentration_nM", "percent"]
kinds = [r[0] for r in rows[1:]]
assert kinds.count("monomer") == 26 and kinds.count("dimer") == 351 and kinds.count("channel") == 77
for kind in ("monomer", "dimer", "channel"):
    s = sum(float(r[3]) for r in rows[1:] if r[0] == kind)
    assert abs(s - 100) < 1e-6, (kind, s)
PY

# sim 1: constant exchange has no detailed balance.
"$bin" equilibrium "$ex/ag25-au25-sim1.yaml" | head -1 | grep -q "steady state (no detailed balance" ||
  fail "sim1 not labelled steady state"

# scan: rows sum to 100, mean Ag rises with the Ag25 share, 1:3 equals an edited model.
"$bin" scan "$ex/ag25-au25-sim3.yaml" --ratio Ag25:Au25=1:6,1:3,1:1,3:1,6:1 --json -o "$work/scan.csv" \
  >"$work/scan.json"
sed -e 's/Ag25: {formula: "\[Ag25(C8H9S)18\]-", concentration: 40 nM}/Ag25: {formula: "[Ag25(C8H9S)18]-", concentration: 20 nM}/' \
    -e 's/Au25: {formula: "\[Au25(C8H9S)18\]-", concentration: 40 nM}/Au25: {formula: "[Au25(C8H9S)18]-", concentration: 60 nM}/' \
    "$ex/ag25-au25-sim3.yaml" >"$work/m13.yaml"
grep -q "concentration: 20 nM" "$work/m13.yaml" || fail "model edit"
"$bin" equilibrium "$work/m13.yaml" --json >"$work/m13.json"
/usr/bin/python3 - "$work/scan.json" "$work/m13.json" "$work/scan.csv" <<'PY' || fail "scan content"
import csv, json, sys
s = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
rows = s["rows"]
assert [r["ratio"] for r in rows] == ["1:6", "1:3", "1:1", "3:1", "6:1"]
for r in rows:
    assert abs(sum(r["percent"]) - 100) < 1e-6
    assert abs(r["a_nM"] + r["b_nM"] - 80) < 1e-9
means = [r["mean_atoms"]["Ag"] for r in rows]
assert all(a < b for a, b in zip(means, means[1:])), means
for p, m in zip(rows[1]["percent"], e["monomers"]):
    assert abs(p - m["percent"]) <= 1e-6 * m["percent"] + 1e-12, (p, m)
table = list(csv.reader(open(sys.argv[3])))
assert table[0][:5] == ["ratio", "Ag25_nM", "Au25_nM", "state", "mean_Ag"] and len(table) == 6
PY
"$bin" scan "$ex/ag25-au25-sim3.yaml" --ratio Ag25:Au25=1:1 --total "0.2 uM" --json |
  /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["rows"][0]; assert r["a_nM"]==100' ||
  fail "--total"

# exsy on a small M7 pair (fast under the sanitizers too): volumes sum to 1
# per mixing time, symmetric (detailed balance), T1 scales.
cat >"$work/m7.yaml" <<'YAML'
name: M7 pair
clusters:
  Ag7: {formula: "[Ag7(C8H9S)6]-", concentration: 1 uM}
  Au7: {formula: "[Au7(C8H9S)6]-", concentration: 1 uM}
mechanism:
  kind: dimer-exchange
  exchange: [Ag, Au]
  exchange-probability: statistical
  dimerization-scaling: none
  rates: {dimerization: 8e-3 /nM/s, dissociation: 50 /s, exchange: 5 /s}
YAML
"$bin" nmr exsy "$work/m7.yaml" --mixing "400 ms,800 ms" -o "$work/x.csv"
"$bin" nmr exsy "$work/m7.yaml" --mixing "400 ms" --t1 "1 s" --json >"$work/x.json"
/usr/bin/python3 - "$work/x.csv" "$work/x.json" <<'PY' || fail "exsy content"
import csv, json, math, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["mixing_s", "from", "to", "volume"] and len(rows) == 1 + 2 * 8 * 8
for t in ("0.4", "0.8"):
    v = {(r[1], r[2]): float(r[3]) for r in rows[1:] if r[0] == t}
    assert abs(sum(v.values()) - 1) < 1e-8, t
    for (a, b), x in v.items():
        assert abs(x - v[(b, a)]) < 1e-10, (a, b)
    one = v[("[Ag4Au3]", "[Ag3Au4]")] / math.sqrt(v[("[Ag4Au3]", "[Ag4Au3]")] * v[("[Ag3Au4]", "[Ag3Au4]")])
    assert one > 0.01, (t, one)     # one-step cross peak visible at 400 and 800 ms
d = json.load(open(sys.argv[2]))
assert abs(sum(map(sum, d["spectra"][0]["volume"])) - math.exp(-0.4)) < 1e-8
PY

# bad input: exit 2 with a message
set +e
"$bin" scan "$ex/ag25-au25-sim3.yaml" --ratio Ag25:Cu7=1:1 2>"$work/err"; rc=$?
set -e
[ $rc -eq 2 ] && grep -q "Cu7" "$work/err" || fail "unknown cluster: rc $rc $(cat "$work/err")"
set +e
"$bin" nmr exsy "$ex/ag25-au25-sim3.yaml" 2>/dev/null; rc=$?
set -e
[ $rc -eq 2 ] || fail "exsy without --mixing: rc $rc"
echo "equilibrium CLI: all checks passed"
