#!/usr/bin/env bash
# Isotope exchange (issue 5, items 1 and 6): examples/ag107-ag109.yaml has the
# network of Ag25 + Au25 (377 species, 1302 reactions); `simulate` writes
# spaced isotope labels [107Ag25 109Ag0]1- ...; `fit` reads them back (its
# grid finds the simulated k_ex); synthetic spectra deconvolve back to the
# channels; `mass` gives the exact 107Ag mass and `isotopes` keeps 107Ag at
# 100 %; an unspaced label is refused
# with exit 2 and the file named.
set -euo pipefail
bin=$(readlink -f "$1")
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work
model=${CK_EXAMPLES}/ag107-ag109.yaml

json=$("$bin" network "$model" --json)
/usr/bin/python3 - "$json" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
assert (j["species"], j["reactions"], j["exchange"]) == (377, 1302, 600), j
PY

"$bin" simulate "$model" -q -o "$work/s.csv" --tmax "$work/t.csv" || fail "simulate exits $?"
/usr/bin/python3 - "$work/s.csv" "$work/t.csv" <<'PY'
import csv, sys
head = next(csv.reader(open(sys.argv[1])))
assert len(head) == 1 + 26 + 51, len(head)
assert head[1] == "[107Ag25 109Ag0]1-" and head[14] == "[107Ag12 109Ag13]1-", head[:15]
assert head[27] == "[107Ag50 109Ag0]2-" and head[-1] == "[107Ag0 109Ag50]2-", head[26:]
tmax = list(csv.reader(open(sys.argv[2])))
assert tmax[1][0] == "[107Ag25 109Ag0]1-", tmax[1]
PY

# fit reads the labels: a 3-point grid over k_ex recovers the simulated 3.2e-2
sed -e 's/step: 60 s/step: 300 s/' "$model" > "$work/m.yaml"
"$bin" simulate "$work/m.yaml" -q -o "$work/data.csv" --spectra "$work/sp" || fail "simulate --spectra"
cat >> "$work/m.yaml" <<YAML
fit:
  objective: traces
  refine: false
  intervals: none
  parameters:
    dimerization: {fixed: 1e-2}
    dissociation: {fixed: 1e-1}
    exchange: {min: 1e-2, max: 1e-1, points: 3}
  datasets:
    - {data: $work/data.csv}
YAML
"$bin" fit "$work/m.yaml" -q -o "$work/r.json" || fail "fit exits $?"
/usr/bin/python3 - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert abs(r["parameters"]["exchange"] - 10 ** -1.5) < 1e-9, r["parameters"]
assert r["objective"] < 1e-3, r["objective"]
PY

# spectra with the labels fixed at 100 % deconvolve back to the channels
"$bin" deconvolve "$work/sp/spectrum-000600.000s.csv" --model "$work/m.yaml" -q \
  -o "$work/d.csv" || fail "deconvolve exits $?"
/usr/bin/python3 - "$work/data.csv" "$work/d.csv" <<'PY'
import csv, sys
sim = list(csv.DictReader(open(sys.argv[1])))
row = next(r for r in sim if float(r["time_s"]) == 600)
dec = next(csv.DictReader(open(sys.argv[2])))
labels = [k for k in dec if k.startswith("[")]
assert "[107Ag13 109Ag12]1-" in labels, labels[:3]
err = max(abs(float(dec[k]) - float(row[k])) for k in labels)
assert err < 1e-4, err
PY

# 107Ag at its AME2020 mass: 25 x 106.905092 + 18 (C8H9S, 12C 1H 32S) + m_e
out=$("$bin" mass "[107Ag25(C8H9S)18]-" --json)
/usr/bin/python3 - "$out" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
mono = 25 * 106.905092 + 18 * (8 * 12 + 9 * 1.00782503 + 31.97207117) + 0.00054858
assert abs(j["monoisotopic_mz"] - mono) < 1e-4, (j, mono)
PY

# the pattern holds 107Ag at 100 %: the lightest peak is 0.9893^144 0.999885^162 0.9499^18
"$bin" isotopes "[107Ag25(C8H9S)18]-" > "$work/iso.csv" || fail "isotopes exits $?"
/usr/bin/python3 - "$work/iso.csv" <<'PY'
import csv, sys
rows = [(float(r["mz"]), float(r["probability"])) for r in csv.DictReader(open(sys.argv[1]))]
lightest = min(rows)
p = 0.9893 ** 144 * 0.999885 ** 162 * 0.9499 ** 18
assert abs(lightest[1] / p - 1) < 1e-6, (lightest, p)
PY

# "[107Ag12109Ag13]1-" cannot be read unambiguously: refused, exit 2
printf 'time_s,[107Ag12109Ag13]1-\n0,1\n' > "$work/bad.csv"
sed -i "s|data: $work/data.csv|data: $work/bad.csv|" "$work/m.yaml"
set +e
"$bin" fit "$work/m.yaml" -q -o "$work/r2.json" 2> "$work/err"
rc=$?
set -e
[[ $rc == 2 ]] || fail "unspaced label: exit $rc, expected 2"
grep -q "bad.csv" "$work/err" || fail "message does not name the file: $(cat "$work/err")"
grep -q "107Ag25 109Ag0" "$work/err" || fail "message does not show the form: $(cat "$work/err")"
[[ ! -e "$work/r2.json" ]] || fail "result written after bad input"
echo ok
