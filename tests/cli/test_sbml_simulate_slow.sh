#!/usr/bin/env bash
# The exported SBML runs the same network: tests/reference/sbml_reference.py
# reads the file with libsbml by the SBML specification alone (kinetic laws
# evaluated from their MathML, concentration ODEs d[S]/dt = sum stoich * law /
# volume), integrates it with scipy BDF (rtol 1e-10) and compares with
# `clusterkin simulate` (CVODE, rtol 1e-8) at every output time, for the
# paper's simulations 1 and 3 with total-ion normalisation and in nM, and for
# a tiny ternary model with dimers at mixing. Agreement within 1e-6 of the
# largest channel; a planted convention error (homodimerization without its
# 1/2) must be caught.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
here=$(cd "$(dirname "$0")" && pwd)
ref=$here/../reference/sbml_reference.py
py=/usr/bin/python3
source "$here/cli_lib.sh" # fail, workdir
workdir work
tol=1e-6

"$py" -c 'import libsbml, numpy, scipy' 2>/dev/null ||
  fail "$py lacks libsbml/numpy/scipy (install Debian python3-sbml5 python3-numpy python3-scipy)"

for sim in sim1 sim3; do
  model=$ex/ag25-au25-$sim.yaml
  grep -q "dead-time: 20 s" "$model" || fail "$model: expected a dead time of 20 s"
  grep -q "normalize: total-ion" "$model" || fail "$model: expected normalize: total-ion"
  sed 's/normalize: total-ion/normalize: none/' "$model" >"$work/$sim-nM.yaml"
  "$bin" network "$model" --sbml "$work/$sim.xml" >/dev/null
  "$bin" simulate "$model" -q -o "$work/$sim.csv"
  "$bin" simulate "$work/$sim-nM.yaml" -q -o "$work/$sim-nM.csv"
  "$py" "$ref" compare "$work/$sim.xml" "$work/$sim.csv" 20 total-ion "$tol" ||
    fail "$sim: the SBML export disagrees with clusterkin (total-ion)"
  "$py" "$ref" compare "$work/$sim.xml" "$work/$sim-nM.csv" 20 none "$tol" ||
    fail "$sim: the SBML export disagrees with clusterkin (nM)"
done

cat >"$work/tiny.yaml" <<'YAML'
name: tiny ternary
clusters:
  Au3: {formula: "[Au3(C8H9S)2]-", concentration: 5 nM}
  Ag3: {formula: "[Ag3(C8H9S)2]-", concentration: 3 nM}
  Cu3: {formula: "[Cu3(C8H9S)2]-", concentration: 2 nM}
initial: {"[Au3][Cu3]": 1 nM, "[Ag3]2": 0.5 nM}
mechanism:
  kind: dimer-exchange
  exchange: [Au, Ag, Cu]
  exchange-probability: statistical
  dimerization-scaling: {metal-fraction: Cu}
  rates: {dimerization: 0.02 /nM/s, dissociation: 0.1 /s, exchange: 0.05 /s}
simulate: {dead-time: 5 s, end: 200 s, step: 10 s, normalize: none}
YAML
"$bin" network "$work/tiny.yaml" --sbml "$work/tiny.xml" >/dev/null
"$bin" simulate "$work/tiny.yaml" -q -o "$work/tiny.csv"
"$py" "$ref" compare "$work/tiny.xml" "$work/tiny.csv" 5 none "$tol" ||
  fail "tiny: the SBML export disagrees with clusterkin"

# Negative control: homodimerization at k f instead of (k/2) f must fail.
"$py" - "$work/tiny.xml" "$work/wrong.xml" <<'PY'
import sys, libsbml
doc = libsbml.readSBMLFromFile(sys.argv[1])
changed = 0
for r in doc.getModel().getListOfReactions():
    if r.getId().startswith("dim_") and r.getReactant(0).getStoichiometry() == 2:
        p = r.getKineticLaw().getLocalParameter("factor")
        p.setValue(2 * p.getValue())
        changed += 1
assert changed == 10, changed           # one homodimer per monomer
libsbml.writeSBMLToFile(doc, sys.argv[2])
PY
if "$py" "$ref" compare "$work/wrong.xml" "$work/tiny.csv" 5 none "$tol" >"$work/wrong.log"; then
  fail "a doubled homodimerization rate went unnoticed: $(cat "$work/wrong.log")"
fi
echo "ok   negative control caught: $(grep -o "= [0-9.e+-]* > [0-9.e+-]*" "$work/wrong.log")"
