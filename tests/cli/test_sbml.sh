#!/usr/bin/env bash
# `clusterkin network MODEL.yaml --sbml FILE`: the file passes libsbml's
# consistency checks (units included) with no errors, encodes the rate
# conventions of MODEL.md section 2 (values checked against the section's own
# numbers, e.g. the paper's P = 0.9216 and 0.0016), carries the right units
# and initial state; the command's other output is unchanged, and failures
# follow the exit-status contract. The re-simulation of the file is in
# test_sbml_simulate_slow.sh.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
here=$(cd "$(dirname "$0")" && pwd)
ref=$here/../reference/sbml_reference.py
py=/usr/bin/python3
source "$here/cli_lib.sh" # fail, workdir
workdir work

"$py" -c 'import libsbml, numpy, scipy' 2>/dev/null ||
  fail "$py lacks libsbml/numpy/scipy (install Debian python3-sbml5 python3-numpy python3-scipy)"

# A tiny ternary model with dimers present at mixing and a name to escape.
cat >"$work/tiny.yaml" <<'YAML'
name: "tiny ternary <Au/Ag/Cu> & friends"
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

# Standard output is the same with and without --sbml.
for flags in "" "--json" "--list"; do
  "$bin" network "$ex/ag25-au25-sim3.yaml" $flags >"$work/plain.out"
  "$bin" network "$ex/ag25-au25-sim3.yaml" $flags --sbml "$work/sim3.xml" >"$work/sbml.out"
  cmp -s "$work/plain.out" "$work/sbml.out" || fail "--sbml changes the output of 'network $flags'"
done
"$bin" network "$ex/ag25-au25-sim1.yaml" --sbml "$work/sim1.xml" >/dev/null
"$bin" network "$work/tiny.yaml" --sbml "$work/tiny.xml" >/dev/null
"$bin" network "$ex/ag25-au25-sim3.yaml" --sbml "$work/again.xml" >/dev/null
cmp -s "$work/sim3.xml" "$work/again.xml" || fail "two exports of the same model differ"
[ "$(stat -c %a "$work/sim3.xml")" = 644 ] || fail "SBML file mode $(stat -c %a "$work/sim3.xml")"

"$py" "$ref" check "$work/sim3.xml" "$work/sim1.xml" "$work/tiny.xml" ||
  fail "libsbml reports errors in the exported SBML"

# The units check is live: a rate constant with the wrong unit must be flagged.
sed 's/id="k_dim" name="dimerization rate constant" value="0.02" units="per_nM_per_second"/id="k_dim" name="x" value="0.02" units="per_second"/' \
  "$work/tiny.xml" >"$work/badunit.xml"
! cmp -s "$work/tiny.xml" "$work/badunit.xml" || fail "could not plant the unit error"
"$py" "$ref" check "$work/badunit.xml" >"$work/badunit.log"
grep -q "Warning 10541" "$work/badunit.log" ||
  fail "libsbml's consistency check does not see a wrong rate-constant unit (10541)"

"$py" - "$ref" "$work" <<'PY' || fail "content of the exported SBML"
import re, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
import libsbml
from sbml_reference import Network
work = sys.argv[2]

def canon(label):            # a dimer's subunits in a fixed order
    return "".join(sorted(re.findall(r"\[[^\]]*\]", label)))

def side(net, refs):
    return {canon(net.name[s]): c for s, c in refs.items()}

def find(net, reactants, products):
    hits = [r for r in net.reactions
            if side(net, r["reactants"]) == {canon(k): v for k, v in reactants.items()}
            and side(net, r["products"]) == {canon(k): v for k, v in products.items()}]
    assert len(hits) == 1, (reactants, products, len(hits))
    return hits[0]

def close(a, b, rtol=1e-13):
    assert abs(a - b) <= rtol * abs(b), (a, b)

def si(ud):                  # (factor, {kind: exponent}) in SI base units
    ud = libsbml.UnitDefinition.convertToSI(ud)
    f, kinds = 1.0, {}
    for u in ud.getListOfUnits():
        f *= (u.getMultiplier() * 10.0 ** u.getScale()) ** u.getExponentAsDouble()
        kinds[libsbml.UnitKind_toString(u.getKind())] = u.getExponentAsDouble()
    return f, kinds

# Simulation 3 (MODEL.md section 2 Table 1): 377 species, 351 + 351 + 600 reactions.
net = Network(work + "/sim3.xml")
net.check_rate_laws()
m = net.model
assert len(net.species) == 377 and len(net.reactions) == 1302
kinds = [r["id"].split("_")[0] for r in net.reactions]
assert (kinds.count("dim"), kinds.count("diss"), kinds.count("ex")) == (351, 351, 600)
assert len(set(net.species)) == 377 and all(map(libsbml.SyntaxChecker.isValidSBMLSId, net.species))
assert len({r["id"] for r in net.reactions}) == 1302
byname = {net.name[s]: net.y0[i] for i, s in enumerate(net.species)}
assert byname["[Ag25Au0]"] == 40 and byname["[Ag0Au25]"] == 40 and sum(net.y0) == 80
assert net.name["M_Ag13Au12"] == "[Ag13Au12]"
close(net.globals["k_dim"], 1e-2), close(net.globals["k_diss"], 5.6e-2), close(net.globals["k_ex"], 3.2e-2)
k_dim, k_diss, k_ex, N = 1e-2, 5.6e-2, 3.2e-2, 25
# Units: nM = 1e-6 mol/m^3, 1/(nM s) = 1e6 m^3/(mol s), time in s, volume 1 L.
assert si(m.getSpecies(0).getDerivedUnitDefinition()) == (1e-6, {"mole": 1.0, "metre": -3.0})
f, kd = si(m.getParameter("k_dim").getDerivedUnitDefinition())
close(f, 1e6, 1e-12); assert kd == {"metre": 3.0, "mole": -1.0, "second": -1.0}
assert si(m.getParameter("k_ex").getDerivedUnitDefinition()) == (1.0, {"second": -1.0})
assert m.getTimeUnits() == "second" and m.getCompartment(0).getSize() == 1.0
assert m.getCompartment(0).getConstant()
# The paper's example: [(Ag24Au)(AgAu24)] -> more mixed P = 0.9216, less mixed 0.0016.
D = "[Ag24Au1][Ag1Au24]"
close(find(net, {D: 1}, {"[Ag23Au2][Ag2Au23]": 1})["k"], k_ex * 0.9216)
close(find(net, {D: 1}, {"[Ag25Au0][Ag0Au25]": 1})["k"], k_ex * 0.0016)
# A homodimer reaches D{n+1,n-1} two ways: P = 2 n (N - n) / N^2 (n = 12 Ag).
close(find(net, {"[Ag12Au13][Ag12Au13]": 1}, {"[Ag13Au12][Ag11Au14]": 1})["k"],
      k_ex * 2 * 12 * 13 / N ** 2)
# A transfer mapping an isomer onto itself is no reaction.
assert not any(r["reactants"] == r["products"] for r in net.reactions)
# Dimerization scaled by the gold fraction f = (Au_m + Au_n) / 2N; homodimers
# at k f / 2 with two monomers consumed (v = (k/2)[M]^2).
close(find(net, {"[Ag25Au0]": 1, "[Ag0Au25]": 1}, {"[Ag25Au0][Ag0Au25]": 1})["k"], k_dim * 25 / 50)
close(find(net, {"[Ag24Au1]": 2}, {"[Ag24Au1][Ag24Au1]": 1})["k"], k_dim * (2 / 50) / 2)
close(find(net, {"[Ag24Au1][Ag24Au1]": 1}, {"[Ag24Au1]": 2})["k"], k_diss)
assert find(net, {"[Ag25Au0]": 2}, {"[Ag25Au0][Ag25Au0]": 1})["k"] == 0.0   # f_Au = 0

# Simulation 1: constant exchange, no scaling: no factor where it is 1.
net = Network(work + "/sim1.xml")
close(find(net, {D: 1}, {"[Ag25Au0][Ag0Au25]": 1})["k"], 3.2e-2)
close(find(net, {"[Ag25Au0]": 1, "[Ag0Au25]": 1}, {"[Ag25Au0][Ag0Au25]": 1})["k"], 3.2e-3)
close(find(net, {"[Ag24Au1]": 2}, {"[Ag24Au1][Ag24Au1]": 1})["k"], 3.2e-3 / 2)
law = net.model.getReaction("dim_D_Ag25Au0_Ag0Au25").getKineticLaw()
assert law.getNumLocalParameters() == 0, libsbml.formulaToL3String(law.getMath())

# Tiny ternary model: 10 monomers, 55 dimers, dimers given at mixing.
net = Network(work + "/tiny.xml")
net.check_rate_laws()
assert len(net.species) == 65 and net.model.getName() == "tiny ternary <Au/Ag/Cu> & friends"
y0 = {canon(net.name[s]): net.y0[i] for i, s in enumerate(net.species)}
assert y0["[Au3Ag0Cu0]"] == 5 and y0["[Au0Ag3Cu0]"] == 3 and y0["[Au0Ag0Cu3]"] == 2
assert y0[canon("[Au3Ag0Cu0][Au0Ag0Cu3]")] == 1 and y0["[Au0Ag3Cu0][Au0Ag3Cu0]"] == 0.5
assert sum(net.y0) == 11.5
# Au leaves [Au3] for [Cu3] while Cu travels back: P = (3/3)(3/3) = 1.
close(find(net, {"[Au3Ag0Cu0][Au0Ag0Cu3]": 1}, {"[Au2Ag0Cu1][Au1Ag0Cu2]": 1})["k"], 0.05)
# Copper-fraction scaling: [Au3] + [Cu3] has f = 3/6.
close(find(net, {"[Au3Ag0Cu0]": 1, "[Au0Ag0Cu3]": 1}, {"[Au3Ag0Cu0][Au0Ag0Cu3]": 1})["k"], 0.01)
print("ok   SBML content: sizes, ids, units, initial state, MODEL.md section 2 rate factors")
PY

# Failures: exit 2 for usage and bad input, 1 for an unwritable file; one
# line on stderr; nothing left behind.
expect_fail() { # CODE PATTERN ARGS...
  local code=$1 pattern=$2 rc=0
  shift 2
  "$bin" network "$@" >/dev/null 2>"$work/err" || rc=$?
  [ "$rc" -eq "$code" ] || fail "network $*: exit $rc, expected $code"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "network $*: stderr is not one line: $(cat "$work/err")"
  grep -qiE -- "$pattern" "$work/err" || fail "network $*: message $(cat "$work/err")"
}
expect_fail 2 "--sbml needs a file name" "$ex/ag25-au25-sim3.yaml" --sbml
sed 's/exchange: 3.2e-2 \/s/exchange: 3.2e-2 \/fortnight/' "$ex/ag25-au25-sim3.yaml" >"$work/bad.yaml"
expect_fail 2 "bad.yaml:.*fortnight" "$work/bad.yaml" --sbml "$work/bad.xml"
[ ! -e "$work/bad.xml" ] || fail "a bad model left an SBML file"
expect_fail 1 "no/such/dir" "$ex/ag25-au25-sim3.yaml" --sbml "$work/no/such/dir/x.xml"
! compgen -G "$work/*.tmp.*" >/dev/null || fail "temporary files left behind: $(ls "$work")"
echo "ok   CLI: unchanged output, equal bytes, exit statuses"

# libsbml is a module opened by --sbml alone: other commands never load it
# (its start-up costs ~10 ms), and without the module --sbml fails cleanly.
if ldd "$bin" | grep -q libsbml; then
  fail "the clusterkin binary links libsbml at start-up"
fi
mkdir -p "$work/bare" # the executable alone: it holds libclusterkin, not its modules
cp "$bin" "$work/bare/"
rc=0
"$work/bare/$(basename "$bin")" network "$ex/ag25-au25-sim3.yaml" \
  --sbml "$work/bare/x.xml" >/dev/null 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing module: exit $rc, expected 1"
grep -q "SBML export module unavailable" "$work/err" || fail "missing module: $(cat "$work/err")"
[ ! -e "$work/bare/x.xml" ] || fail "missing module left an SBML file"
echo "ok   libsbml loaded only for --sbml; a missing module is a clean error"
