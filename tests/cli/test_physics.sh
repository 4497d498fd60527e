#!/usr/bin/env bash
# `clusterkin physics`: the JSON contract of issue 6 with the numbers of
# MODEL.md section 4, text output with units, and bad input (one line, exit 2).
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

"$bin" physics diffusion --viscosity "0.799 mPa s" --temperature "298 K" --charges -1,-1 \
  --permittivity 38.4 --distance "12.7 A" --json >"$work/d.json" || fail "diffusion exits $?"
"$bin" physics poisson --dissociation "0.056 /s" --exchange "0.032 /s" --json >"$work/p1.json"
"$bin" physics poisson --lifetime "100 s" --exchange "0.032 /s" --json >"$work/p2.json"
for f in "[Ag25(C8H9S)18]-" "[Ag29(C6H4S2)12]3-" "[Ag53(C6H4S2)12(C8H9S)16]3-"; do
  "$bin" physics electrons "$f" --json
done >"$work/e.json"
/usr/bin/python3 - "$work" <<'PY' || fail "JSON: $(cat "$work"/*.json)"
import json, sys
w = sys.argv[1]
d = json.load(open(w + "/d.json"))
assert list(d) == ["k_diffusion", "debye_factor", "k_ion"], list(d)
assert round(d["k_diffusion"], 1) == 8.3 and round(d["debye_factor"], 2) == 0.53, d
assert round(d["k_ion"], 1) == 4.4, d
for name, tau, mean in (("p1", 1 / 0.056, 0.57), ("p2", 100.0, 3.2)):
    p = json.load(open(w + "/" + name + ".json"))
    assert list(p) == ["lifetime_s", "mean_exchanges"], list(p)
    assert abs(p["lifetime_s"] - tau) < 1e-3 and round(p["mean_exchanges"], 2) == mean, p
e = [json.loads(line) for line in open(w + "/e.json")]
assert [x["electrons"] for x in e] == [8, 8, 16], e
PY

# Without --charges the Debye factor is 1; text output states units.
"$bin" physics diffusion --viscosity "0.799 cP" --temperature "24.85 degC" >"$work/d.txt"
grep -q "^diffusion limit k_D  *8.269 L nmol^-1 s^-1" "$work/d.txt" || fail "text: $(cat "$work/d.txt")"
grep -q "^Debye factor f  *1 " "$work/d.txt" || fail "no-charge factor: $(cat "$work/d.txt")"
# Poisson text: probabilities of 0, 1, 2 ... exchanges, exp(-m) m^n / n!.
"$bin" physics poisson --dissociation "0.056 /s" --exchange "0.032 /s" >"$work/p.txt"
/usr/bin/python3 - "$work/p.txt" <<'PY' || fail "poisson table: $(cat "$work/p.txt")"
import math, sys
rows = [l.strip().split(",") for l in open(sys.argv[1]) if l[0].isdigit()]
m = 0.032 / 0.056
assert len(rows) >= 4
for n, p in rows:
    assert abs(float(p) - math.exp(-m) * m ** int(n) / math.factorial(int(n))) < 1e-6, (n, p)
PY
"$bin" physics electrons "[Cu7H(S2P(OC3H7)2)6]" --ligand-charge "S2P(OC3H7)2=-1" --json \
  | grep -qx '{"electrons": 0}' || fail "listed ligand charge"

# Bad input: one line naming the problem, exit 2.
expect_bad() {
  local word=$1
  shift
  set +e
  "$bin" physics "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [[ $rc -eq 2 ]] || fail "physics $*: exit $rc, expected 2"
  [[ $(wc -l <"$work/err") -eq 1 ]] || fail "physics $*: stderr not one line: $(cat "$work/err")"
  grep -q -- "$word" "$work/err" || fail "physics $*: no '$word' in: $(cat "$work/err")"
  [[ ! -s "$work/out" ]] || fail "physics $*: wrote to stdout"
}
expect_bad "unknown unit" diffusion --viscosity "0.799 mPa" --temperature "298 K"
expect_bad "viscosity must be positive" diffusion --viscosity "-0.799 mPa s" --temperature "298 K"
expect_bad "needs a unit" diffusion --viscosity "0.799" --temperature "298 K"
expect_bad "temperature is required" diffusion --viscosity "0.799 mPa s"
expect_bad "a length takes" diffusion --viscosity "0.799 mPa s" --temperature "298 K" \
  --charges -1,-1 --permittivity 38.4 --distance "12.7 s"
expect_bad "go with --charges" diffusion --viscosity "0.799 mPa s" --temperature "298 K" \
  --distance "1 nm"
expect_bad "--exchange is required" poisson --dissociation "0.056 /s"
expect_bad "must be positive" poisson --dissociation "0 /s" --exchange "0.032 /s"
expect_bad "no default charge" electrons "[Au25(Cl)2(C8H9S)16]-"
expect_bad "unknown element" electrons "[Au25(SR)18]-"
expect_bad "unknown check" entropy
echo "physics: ok"
