#!/usr/bin/env bash
# Scale benchmarks (issue 5): network generation (time, peak memory) for
# binary N=25 (the seed, sim3), binary N=144 and ternary N=25 (1:1:1), and the
# simulation to equilibrium (20000 s) of binary N=144 and ternary N=25, with
# the default linear solver (block) and with linear-solver: krylov.
# Targets on 2 cores: ternary N=25 generated in under 2 s, simulated to
# equilibrium in under 60 s, peak memory under 2 GiB.
set -euo pipefail
bin=$(realpath "${1:-build/clusterkin}")
seed=$(realpath "${2:-examples/ag25-au25-sim3.yaml}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
rates='rates: {dimerization: 1e-2 /nM/s, dissociation: 1e-1 /s, exchange: 3.2e-2 /s}'
run='simulate: {end: 20000 s, step: 1000 s, rtol: 1e-6, atol: 1e-9}'
cat >tern.yaml <<YAML
name: Au25 + Ag25 + Cu25, 1:1:1
clusters:
  Au25: {formula: "[Au25(C8H9S)18]-", concentration: 40 nM}
  Ag25: {formula: "[Ag25(C8H9S)18]-", concentration: 40 nM}
  Cu25: {formula: "[Cu25(C8H9S)18]-", concentration: 40 nM}
mechanism: {exchange: [Ag, Au, Cu], $rates}
$run
YAML
cat >bin144.yaml <<YAML
name: Au144 + Ag144
clusters:
  Au144: {formula: "[Au144(C6H13S)60]", concentration: 40 nM}
  Ag144: {formula: "[Ag144(C6H13S)60]", concentration: 40 nM}
mechanism: {exchange: [Ag, Au], $rates}
$run
YAML
# Wall seconds and peak resident memory of one command, as "s MiB".
measure() {
  /usr/bin/time -f "%e %M" -o t.txt "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  awk '{printf "%8.2f s %8.0f MiB", $1, $2 / 1024}' t.txt
}
species() { "$bin" network "$1" --json | sed -E 's/.*"species": ([0-9]+).*"reactions": ([0-9]+).*/\1 species, \2 reactions/'; }
echo "scale (issue 5)                      wall       peak RSS   network"
printf '  generate binary N=25 (sim3)    %s   %s\n' "$(measure "$bin" network "$seed")" "$(species "$seed")"
printf '  generate binary N=144          %s   %s\n' "$(measure "$bin" network bin144.yaml)" "$(species bin144.yaml)"
printf '  generate ternary N=25          %s   %s\n' "$(measure "$bin" network tern.yaml)" "$(species tern.yaml)"
printf '  simulate binary N=144 to 2e4 s %s\n' "$(measure "$bin" simulate bin144.yaml -q -o s144.csv)"
printf '  simulate ternary N=25 to 2e4 s %s\n' "$(measure "$bin" simulate tern.yaml -q -o s3.csv)"
# The same runs with the Krylov linear solver (GMRES + Jacobi, no Jacobian matrix).
for m in bin144 tern; do sed 's/atol: 1e-9}/atol: 1e-9, linear-solver: krylov}/' $m.yaml >$m-krylov.yaml; done
printf '  simulate binary N=144, krylov  %s\n' "$(measure "$bin" simulate bin144-krylov.yaml -q -o k144.csv)"
printf '  simulate ternary N=25, krylov  %s\n' "$(measure "$bin" simulate tern-krylov.yaml -q -o k3.csv)"
