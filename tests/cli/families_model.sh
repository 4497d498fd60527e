# Sourced by the several-families CLI tests: Ag4/Au4 (one family, N = 4, 1-)
# and Au3 (another, N = 3, 3-, its own ligand shell); every pair dimerizes
# with mechanism.rates except Ag4+Au3, which has constants of its own.
#   families_model NAME SIMULATE   (SIMULATE: the inside of simulate: {...})
families_model() {
  cat <<YAML
name: $1
clusters:
  Ag4: {formula: "[Ag4(C8H9S)4]-", concentration: 10 nM}
  Au4: {formula: "[Au4(C8H9S)4]-", concentration: 10 nM}
  Au3: {formula: "[Au3(C6H4S2)3]3-", concentration: 5 nM}
mechanism: {exchange: [Ag, Au], rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3e-2}}
pairs:
  - {between: all}
  - {between: [Ag4, Au3], rates: {dimerization: 2e-2, dissociation: 5e-2, exchange: 1e-2}}
simulate: {$2}
YAML
}
