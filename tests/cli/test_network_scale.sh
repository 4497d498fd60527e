#!/usr/bin/env bash
# Issue 5 sizes through `network --json`: ternary N = 25 has C(27,2) = 351
# monomers and 351*352/2 = 61776 dimer isomers; binary N = 144 has 145
# monomers and 145*146/2 = 10585 dimers.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
cat > "$dir/tern.yaml" <<'YAML'
clusters:
  Au25: {formula: "[Au25(C8H9S)18]-", concentration: 40 nM}
  Ag25: {formula: "[Ag25(C8H9S)18]-", concentration: 40 nM}
  Cu25: {formula: "[Cu25(C8H9S)18]-", concentration: 40 nM}
mechanism:
  exchange: [Ag, Au, Cu]
  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}
YAML
cat > "$dir/bin.yaml" <<'YAML'
clusters:
  Au144: {formula: "[Au144(C6H13S)60]", concentration: 40 nM}
  Ag144: {formula: "[Ag144(C6H13S)60]", concentration: 40 nM}
mechanism:
  exchange: [Ag, Au]
  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}
YAML
json=$("$bin" network "$dir/tern.yaml" --json)
echo "$json" | grep -q '"monomers": 351, "dimers": 61776,' || fail "ternary N=25: $json"
json=$("$bin" network "$dir/bin.yaml" --json)
echo "$json" | grep -q '"monomers": 145, "dimers": 10585,' || fail "binary N=144: $json"
echo ok
