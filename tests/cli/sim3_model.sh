# Sourced by the CLI tests and scripts/memcheck.sh: the clusters and mechanism of simulation 3 of
# MODEL.md section 2 (the paper's rate constants, statistical exchange), with
# no simulate: line, which each test writes for itself.
#   sim3_model NAME N [AG_nM AU_nM [PROBABILITY]]
# N = 25 is the paper's Ag25/Au25 (377 species); N = 4 is a toy with a small
# ligand shell whose network simulates in milliseconds.
sim3_model() {
  local ligand="C8H9S)18"
  [ "$2" = 25 ] || ligand="C2H5S)3"
  cat <<YAML
name: $1
clusters:
  Ag$2: {formula: "[Ag$2($ligand]-", concentration: ${3:-40} nM}
  Au$2: {formula: "[Au$2($ligand]-", concentration: ${4:-40} nM}
mechanism:
  kind: dimer-exchange
  exchange: [Ag, Au]
  exchange-probability: ${5:-statistical}
  dimerization-scaling: {metal-fraction: Au}
  rates: {dimerization: 1.0e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}
YAML
}

# The fit tests' parameters: block: the three rate constants of Table 1, each
# on a log grid of POINTS values spanning about 5x either side of its value.
#   sim3_fit_parameters POINTS
sim3_fit_parameters() {
  cat <<YAML
  parameters:
    dimerization: {min: 2e-3 /nM/s, max: 5e-2 /nM/s, points: $1}
    dissociation: {min: 1.5e-2 /s, max: 0.25 /s, points: $1}
    exchange: {min: 8e-3 /s, max: 0.12 /s, points: $1}
YAML
}
