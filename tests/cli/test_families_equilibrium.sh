#!/usr/bin/env bash
# Equilibrium with several cluster families (issue 5): the conserved
# quantities are each family's subunits and each metal (and every
# composition of a family that never exchanges), so `equilibrium` must land
# where a long simulation ends (1e-6 nM), give each family the binomial at
# the one overall Ag fraction under statistical exchange (MODEL.md section 2:
# a subunit of N atoms swaps one-for-one, so Z ~ C(N, a) lambda^a in every
# family), keep absent compositions of a non-exchanging family at 0, and
# refuse stable dimers (their amount depends on the path) with exit 2.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
source "$(dirname "$0")/families_model.sh" # families_model

# Ag4/Au4 (N = 4, 1-) and Au3 (N = 3, 3-), the hetero pair with its own constants.
families_model "two families" "end: 3000 s, step: 100 s, normalize: none" > "$dir/m.yaml"
# constant exchange: a steady state, no detailed balance
sed 's/mechanism: {/mechanism: {exchange-probability: constant, /' "$dir/m.yaml" > "$dir/const.yaml"
# the Au3/Ag3 family never exchanges (with itself or Ag4): each of its compositions is conserved
cat > "$dir/still.yaml" <<'YAML'
clusters:
  Ag4: {formula: "[Ag4(C8H9S)4]-", concentration: 10 nM}
  Au4: {formula: "[Au4(C8H9S)4]-", concentration: 10 nM}
  Au3: {formula: "[Au3(C6H4S2)3]3-", concentration: 5 nM}
  Ag3: {formula: "[Ag3(C6H4S2)3]3-", concentration: 3 nM}
mechanism: {exchange: [Ag, Au], rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3e-2}}
pairs:
  - {between: all}
  - {between: [Au3, Au3], exchange: false}
  - {between: [Ag4, Au3], exchange: false, rates: {dimerization: 2e-2, dissociation: 5e-2}}
simulate: {end: 3000 s, step: 100 s, normalize: none}
YAML

for m in m const still; do
  sed 's/^simulate: .*/simulate: {end: 400000 s, step: 200000 s, normalize: none, rtol: 1e-10, atol: 1e-14}/' \
    "$dir/$m.yaml" > "$dir/$m-long.yaml"
  "$bin" simulate "$dir/$m-long.yaml" -o "$dir/$m-long.csv" 2> "$dir/err" ||
    fail "$m: simulate: $(cat "$dir/err")"
  "$bin" equilibrium "$dir/$m.yaml" --json -o "$dir/$m-eq.csv" > "$dir/$m-eq.json" 2> "$dir/err" ||
    fail "$m: equilibrium: $(cat "$dir/err")"
  /usr/bin/python3 - "$m" "$dir/$m-long.csv" "$dir/$m-eq.csv" "$dir/$m-eq.json" <<'PY' ||
import csv, json, math, sys
name, long_csv, eq_csv, eq_json = sys.argv[1:]
rows = list(csv.reader(open(long_csv)))
sim = dict(zip(rows[0][1:], map(float, rows[-1][1:])))
eq = {r["label"]: float(r["concentration_nM"]) for r in csv.DictReader(open(eq_csv))
      if r["kind"] == "channel"}
assert set(sim) == set(eq), (sorted(sim), sorted(eq))
worst = max(abs(sim[k] - eq[k]) for k in sim)
assert worst <= 1e-6, (name, worst)
d = json.load(open(eq_json))
mono = {m["label"]: m["concentration_nM"] for m in d["monomers"]}
if name == "m":
    assert d["state"] == "equilibrium", d["state"]
    p = 40.0 / (40 + 40 + 15)          # overall Ag fraction of the exchangeable atoms
    for n, sizes in ((4, range(5)), (3, range(4))):
        ref = [math.comb(n, a) * p**a * (1 - p)**(n - a) for a in sizes]
        got = [mono["[Ag%dAu%d]" % (a, n - a)] for a in sizes]
        for a in sizes:
            assert abs(got[a] / sum(got) - ref[a]) <= 1e-9, (n, a, got, ref)
if name == "const":
    assert d["state"] == "steady state", d["state"]
if name == "still":
    assert mono["[Ag2Au1]"] == 0 and mono["[Ag1Au2]"] == 0, mono
    # the still family's subunits of each composition are those mixed in
    for label, c0 in (("[Ag3Au0]", 3.0), ("[Ag0Au3]", 5.0)):
        bound = sum(x["concentration_nM"] for x in d["dimers"] if label in x["label"])
        bound += sum(x["concentration_nM"] for x in d["dimers"] if x["label"] == label * 2)
        assert abs(mono[label] + bound - c0) <= 1e-9, (label, mono[label], bound)
PY
    fail "$m: equilibrium against the long simulation"
done

# stable heterodimers: refused, exit 2, naming the pair
cat > "$dir/stable.yaml" <<'YAML'
clusters:
  Ag4: {formula: "[Ag4(C8H9S)4]-", concentration: 10 nM}
  Au3: {formula: "[Au3(C6H4S2)3]3-", concentration: 5 nM}
mechanism: {exchange: [Ag, Au], rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3e-2}}
pairs:
  - {between: [Ag4, Au3], stable: true}
YAML
rc=0
"$bin" equilibrium "$dir/stable.yaml" > /dev/null 2> "$dir/err" || rc=$?
[ "$rc" -eq 2 ] || fail "stable dimers: exit $rc, expected 2"
grep -q "stable.yaml: equilibrium: dimers of Ag4 + Au3 are stable" "$dir/err" ||
  fail "stable dimers: message: $(cat "$dir/err")"
echo ok
