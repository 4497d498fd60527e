#!/usr/bin/env bash
# `clusterkin fit-equilibrium` on the shipped synthetic example (made with a
# Cu inner-site penalty of 4 kJ/mol, i.e. capping.Cu = -4 kJ/mol, and 2 %
# noise): the known energy lies in the interval and the site model beats the
# binomial; data made without preference (same generator, --inner-cu 0) show
# no significant improvement. Also: the sites model's equilibrium is narrower
# than the binomial, and bad input exits 2 with one line naming the file.
set -euo pipefail
bin=$1
examples=${CK_EXAMPLES:-$(dirname "$0")/../../examples}
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

# The shipped data are what the shipped script makes.
/usr/bin/python3 "$examples/make-cuag7-equilibrium.py" | cmp -s - "$examples/cuag7-equilibrium.csv" ||
  fail "examples/cuag7-equilibrium.csv differs from its generator's output"

"$bin" fit-equilibrium "$examples/cuag7-sites.yaml" "$examples/cuag7-equilibrium.csv" --json \
  -o "$work/sites.json" >"$work/sites.out" || fail "site data: exit $?"
cmp -s "$work/sites.json" "$work/sites.out" || fail "-o and --json differ"
/usr/bin/python3 "$examples/make-cuag7-equilibrium.py" --inner-cu 0 --seed 3 >"$work/binomial.csv"
"$bin" fit-equilibrium "$examples/cuag7-sites.yaml" "$work/binomial.csv" --json >"$work/binomial.json" ||
  fail "binomial data: exit $?"
/usr/bin/python3 - "$work" <<'PY' || fail "$(cat "$work"/*.json)"
import json, sys
w = sys.argv[1]
s = json.load(open(w + "/sites.json"))
p = s["parameters"]["capping.Cu"]
assert p["low_kJ_per_mol"] <= -4.0 <= p["high_kJ_per_mol"], p
assert s["site_preference_supported"] and s["p_value"] < 1e-6, s
assert s["rss_site"] < 0.5 * s["rss_binomial"] and s["aic_site"] < s["aic_binomial"] - 10, s
b = json.load(open(w + "/binomial.json"))
q = b["parameters"]["capping.Cu"]
assert not b["site_preference_supported"] and b["p_value"] > 0.05, b
assert q["low_kJ_per_mol"] <= 0.0 <= q["high_kJ_per_mol"], q
assert b["aic_site"] > b["aic_binomial"] - 2, b
PY

# Text report names the verdict.
"$bin" fit-equilibrium "$examples/cuag7-sites.yaml" "$examples/cuag7-equilibrium.csv" >"$work/t.txt"
grep -q "site preference supported" "$work/t.txt" || fail "text: $(cat "$work/t.txt")"

# The site model's equilibrium at 1:1 is narrower than the binomial (MODEL.md section 5).
"$bin" equilibrium "$examples/cuag7-sites.yaml" --json >"$work/eq.json"
/usr/bin/python3 - "$work/eq.json" <<'PY' || fail "equilibrium: $(cat "$work/eq.json")"
import json, math, sys
e = json.load(open(sys.argv[1]))
assert e["state"] == "equilibrium", e["state"]
pct = [m["percent"] for m in e["monomers"]]
var = sum(p / 100 * (i - 3.5) ** 2 for i, p in enumerate(pct))
assert var < 7 * 0.25 * 0.9, var  # binomial variance N p (1 - p) = 1.75
PY

# Bad input: one line naming the file and line, exit 2.
printf 'ratio,composition,percent\n1:6,[Ag6Cu0],3\n' >"$work/bad.csv"
set +e
"$bin" fit-equilibrium "$examples/cuag7-sites.yaml" "$work/bad.csv" 2>"$work/err.txt"
rc=$?
set -e
[ "$rc" = 2 ] || fail "bad data exit $rc"
grep -q "bad.csv:2:" "$work/err.txt" || fail "bad data message: $(cat "$work/err.txt")"
[ "$(wc -l <"$work/err.txt")" = 1 ] || fail "more than one line: $(cat "$work/err.txt")"
set +e
"$bin" fit-equilibrium "$examples/ag25-au25-sim3.yaml" "$work/bad.csv" 2>"$work/err2.txt"
rc=$?
set -e
[ "$rc" = 2 ] || fail "model without sites exit $rc: $(cat "$work/err2.txt")"
echo "fit-equilibrium: ok"
