#!/usr/bin/env bash
# Determinism (issue 8): identical input gives identical output bytes across
# runs and thread counts. Every command below runs twice, once with
# OMP_NUM_THREADS=1 and once with 2 (the fit and deconvolve default to it),
# each in its own directory; every file must match byte for byte, except
# the grid file, whose rows arrive in any order and must match once sorted
# by point. Plots included: PNG, SVG and PDF (whose creation date cairo
# would stamp is blanked). MPI ranks: test_fit_mpi_slow.sh.
set -euo pipefail
bin=$(readlink -f "$1")
ex=${CK_EXAMPLES:?}
source "$(dirname "$0")/sim3_model.sh" # sim3_fit_parameters
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

produce() { # directory
  mkdir -p "$1" && cd "$1"
  sed 's/^simulate:.*/simulate: {dead-time: 20 s, end: 1800 s, step: 60 s, normalize: total-ion}/' \
    "$ex/ag25-au25-sim3.yaml" > model.yaml
  "$bin" simulate model.yaml -q -o series.csv --tmax tmax.csv
  "$bin" simulate model.yaml -q -o noisy.csv --noise lognormal:0.05 --seed 7
  "$bin" simulate model.yaml -q --sample-every "600 s" -o sp-series.csv --spectra spectra \
    --mz-range 6150:6330 --mz-step 0.05
  "$bin" network model.yaml --list --sbml network.xml > network.txt
  "$bin" scan model.yaml --ratio Ag25:Au25=1:3,1:1,3:1 --json -o scan.csv > scan.json
  "$bin" equilibrium "$ex/ag25-au25-sim1.yaml" > equilibrium.txt
  "$bin" mass "[Ag25Au25(C8H9S)36]2-" --json > mass.json
  for ext in png svg pdf; do
    "$bin" plot contour series.csv -o "contour.$ext"
  done
  { cat model.yaml; cat <<YAML
fit:
  objective: traces
  refine: true
  starts: 2
  intervals: none
$(sim3_fit_parameters 4)
  datasets:
    - {data: series.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
  } > fit.yaml
  "$bin" fit fit.yaml -q -o result.json --grid-out grid.csv
  "$bin" plot grid grid.csv -o grid.svg
  cd "$work"
}

cd "$work"
OMP_NUM_THREADS=1 produce "$work/a"
OMP_NUM_THREADS=2 produce "$work/b"

n=0
while IFS= read -r file; do
  [ -e "b/$file" ] || fail "$file: made with 1 thread, not with 2"
  if [ "$file" = grid.csv ]; then
    cmp <(sort a/grid.csv) <(sort b/grid.csv) || fail "grid.csv differs once sorted"
  else
    cmp "a/$file" "b/$file" || fail "$file differs between two runs (1 and 2 threads)"
  fi
  n=$((n + 1))
done < <(cd a && find . -type f | sed 's|^\./||' | sort)
[ "$n" -eq "$(cd b && find . -type f | wc -l)" ] || fail "the runs made different sets of files"
[ "$n" -ge 20 ] || fail "only $n files compared"
! grep -aq "CreationDate" a/contour.pdf || fail "the PDF carries a creation date"
echo "determinism: $n files identical across two runs with 1 and 2 threads"
