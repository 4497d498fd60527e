#!/usr/bin/env bash
# Fit benchmarks (issue 3): the paper's full 13^3 grid of sim3 at 40:40 with
# the tmax objective (target: under 3 s on 2 cores), with 1 and 2 threads, and
# a complete fit (grid, refinement, profile intervals) of two datasets.
set -euo pipefail
bin=$(realpath "${1:-build/clusterkin}")
model=$(realpath "${2:-bench/sim3-bench.yaml}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
cp "$model" m.yaml
"$bin" simulate m.yaml -q -o data-40-40.csv
sed -e 's/\(Ag25: {formula: "[^"]*", concentration: \)40 nM/\1100 nM/' \
  -e 's/\(Au25: {formula: "[^"]*", concentration: \)40 nM/\160 nM/' m.yaml > m100.yaml
"$bin" simulate m100.yaml -q -o data-100-60.csv
grid() { # points
  cat <<YAML
    dimerization: {min: 1e-4 /nM/s, max: 1 /nM/s, points: $1}
    dissociation: {min: 1e-4 /s, max: 1 /s, points: $1}
    exchange: {min: 1e-4 /s, max: 1 /s, points: $1}
YAML
}
{ cat m.yaml; printf 'fit:\n  objective: tmax\n  refine: false\n  intervals: none\n  parameters:\n'
  grid 13
  printf '  datasets:\n    - {data: data-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n'
} > paper-grid.yaml
{ cat m.yaml; printf 'fit:\n  objective: traces\n  refine: true\n  intervals: profile\n  parameters:\n'
  grid 7
  printf '  datasets:\n    - {data: data-40-40.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}\n'
  printf '    - {data: data-100-60.csv, concentrations: {Ag25: 100 nM, Au25: 60 nM}}\n'
} > full.yaml
wall() { # command... ; prints seconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}
t1=$(wall "$bin" fit paper-grid.yaml -q --threads 1 -o r1.json)
t2=$(wall "$bin" fit paper-grid.yaml -q --threads 2 -o r2.json)
tf=$(wall "$bin" fit full.yaml -q --threads 2 -o rf.json)
sims=$(/usr/bin/python3 -c 'import json; print(json.load(open("rf.json"))["simulations"])')
printf '  %-40s %8s s  (2197 simulations)\n' "paper grid 13^3, tmax, 1 thread" "$t1"
printf '  %-40s %8s s\n' "paper grid 13^3, tmax, 2 threads" "$t2"
printf '  %-40s %8s s  (%s simulations)\n' "full fit, 2 datasets, 7^3 grid, 2 threads" "$tf" "$sims"
