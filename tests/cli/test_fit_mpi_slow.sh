#!/usr/bin/env bash
# clusterkin fit under mpirun (issue 3 part 5): 2 ranks split the grid, the
# refinement starts and the profiles, and write the same result.json, grid
# file (sorted by point) and profile curves as 1 process with 1 thread and
# with 2 threads; a cut grid file resumed by 2 ranks ends the same; a plain
# fit never loads libmpi.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
if ! command -v mpirun > /dev/null; then
  echo "SKIP: mpirun not found (install openmpi-bin: scripts/install-deps.sh)"
  exit 0
fi
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd
mpi() { mpirun --allow-run-as-root --oversubscribe -n 2 "$@"; }

{ sim3_model "a 4-atom toy of sim3, a small network for quick simulations" 4
  cat <<YAML
simulate: {dead-time: 20 s, end: 1200 s, step: 120 s, normalize: total-ion}
YAML
} > head.yaml
"$bin" simulate head.yaml -q -o data.csv
{ cat head.yaml; cat <<YAML
fit:
  objective: traces
  weighting: relative
  starts: 3
  parameters:
    dimerization: {fixed: 1.0e-2 /nM/s}
    dissociation: {min: 2e-2 /s, max: 0.2 /s, points: 4}
    exchange: {min: 1e-2 /s, max: 0.1 /s, points: 5}
  datasets:
    - {data: data.csv, concentrations: {Ag4: 40 nM, Au4: 40 nM}}
YAML
} > fit.yaml

sorted() { head -n 1 "$1"; tail -n +2 "$1" | sort -t, -k1,1n; }
# Were libmpi loaded, ld.so would list it.
LD_DEBUG=libs "$bin" fit fit.yaml -q --threads 1 -o r1.json --grid-out g1.csv --profile-out p1.csv \
  2> ld.txt
! grep -q "libmpi" ld.txt || fail "a plain fit loaded libmpi"
"$bin" fit fit.yaml -q --threads 2 -o r2.json --grid-out g2.csv --profile-out p2.csv
mpi "$bin" fit fit.yaml -q --threads 1 -o rm.json --grid-out gm.csv --profile-out pm.csv
cmp r1.json r2.json || fail "result differs between 1 and 2 threads"
cmp r1.json rm.json || fail "result differs between 1 process and 2 MPI ranks"
cmp <(sorted g1.csv) <(sorted gm.csv) || fail "grid differs between 1 process and 2 MPI ranks"
cmp p1.csv pm.csv || fail "profile curves differ between 1 process and 2 MPI ranks"
cmp p1.csv p2.csv || fail "profile curves differ between 1 and 2 threads"
[ "$(tail -n +2 gm.csv | wc -l)" -eq 20 ] || fail "the MPI grid file should hold 20 rows"

# Resume by 2 ranks from a grid cut after 7 rows (a killed run).
head -n 8 g1.csv > gr.csv
cp g1.csv.key gr.csv.key
mpi "$bin" fit fit.yaml -q --threads 1 -o rr.json --grid-out gr.csv --resume
cmp r1.json rr.json || fail "result after an MPI resume differs"
cmp <(sorted g1.csv) <(sorted gr.csv) || fail "grid after an MPI resume differs"
[ -z "$(tail -n +2 gr.csv | cut -d, -f1 | sort | uniq -d)" ] || fail "duplicate grid rows"
# A 256-point grid runs in rounds of 64 points per rank (src/fit/run.c):
# after round 1 (points 0-127) rank 0 appends rank 1's rows, before any
# point of round 2 exists, so a killed MPI fit keeps every finished round.
sed -e 's/points: 4}/points: 16}/' -e 's/points: 5}/points: 16}/' -e 's/starts: 3/starts: 1/' \
  fit.yaml > big.yaml
mpi "$bin" fit big.yaml -q --threads 1 -o rb.json --grid-out gb.csv
[ "$(tail -n +2 gb.csv | wc -l)" -eq 256 ] || fail "the 256-point grid file is incomplete"
tail -n +2 gb.csv | cut -d, -f1 | awk '
  $1 >= 128 && !late { late = NR }
  $1 < 128 && $1 % 2 == 1 { last_odd = NR }
  END { if (!late || last_odd > late) { print "rank 1 rows of round 1 after round 2 began"; exit 1 } }' ||
  fail "MPI rows are not written round by round"
echo "fit mpi: all checks passed"
