#!/usr/bin/env bash
# A fit killed at random moments and resumed ends with the uninterrupted
# result (issue 8): 10 trials, each killing `clusterkin fit` with SIGKILL
# once or twice at moments drawn from a seeded generator, then resuming with
# --resume until it finishes. A moment is "once the grid file holds N rows,
# plus D ms": counting rows rather than seconds spreads the kills over the
# grid whatever the machine's load (at start-up, mid-grid, in the refinement,
# while the result is written). The result and the grid file sorted by point
# must equal the uninterrupted run's byte for byte, with no duplicate rows
# and no lock file left.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir --cd

{ sim3_model "kill and resume" 25
  cat <<YAML
simulate: {dead-time: 20 s, end: 1800 s, step: 60 s, normalize: total-ion}
fit:
  objective: traces
  refine: true
  starts: 1
  intervals: none
$(sim3_fit_parameters 5)
  datasets:
    - {data: data.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
} > fit.yaml
"$bin" simulate fit.yaml -q -o data.csv
sorted() { head -n 1 "$1"; tail -n +2 "$1" | sort -t, -k1,1n; }

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
rows_in() { local n; n=$( (cat "$1" 2>/dev/null || true) | wc -l); echo $((n > 0 ? n - 1 : 0)); }
start=$(date +%s%N)
"$bin" fit fit.yaml -q --threads 2 -o full.json --grid-out full.csv
run_ms=$(ms_since "$start")
echo "uninterrupted fit: ${run_ms} ms"

# Per trial, one or two kills "rows+ms"; the second (odd trials) hits the
# first resume. Trials 7-9 kill after the grid, in the refinement.
mapfile -t plan < <(/usr/bin/python3 - "$run_ms" <<'PY'
import random, sys
run = int(sys.argv[1])
rng = random.Random(20260808)
for trial in range(10):
    if trial == 0:
        kills = [(0, rng.randint(0, 40))]                 # start-up, before any row
    elif trial < 7:
        first = rng.randint(1, 110)
        kills = [(first, rng.randint(0, 20))]
        if trial % 2:
            kills.append((rng.randint(first + 1, 124), rng.randint(0, 20)))
    else:
        kills = [(125, rng.randint(0, run // 2))]
        if trial % 2:
            kills.append((125, rng.randint(0, run // 2)))
    print(" ".join(f"{r}+{d}" for r, d in kills))
PY
)

# Starts the fit (with --resume after the first kill), kills it at "rows+ms".
run_and_kill() { # rows+ms, resume flag (or nothing)
  local rows=${1%+*} ms=${1#*+} pid
  "$bin" fit fit.yaml -q --threads 2 -o r.json --grid-out g.csv ${2:-} & pid=$!
  while kill -0 "$pid" 2>/dev/null && [ "$(rows_in g.csv)" -lt "$rows" ]; do
    sleep 0.005
  done
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

summary=()
for trial in $(seq 0 9); do
  rm -f r.json g.csv g.csv.key ./*.lock ./*.tmp.*
  resume=
  at=()
  for kill in ${plan[$trial]}; do
    run_and_kill "$kill" $resume
    resume=--resume
    at+=("$(rows_in g.csv)")
  done
  "$bin" fit fit.yaml -q --threads 2 -o r.json --grid-out g.csv --resume ||
    fail "trial $trial (kills at ${plan[$trial]}): resume failed"
  cmp full.json r.json || fail "trial $trial (kills at ${plan[$trial]}): result differs"
  cmp <(sorted full.csv) <(sorted g.csv) ||
    fail "trial $trial (kills at ${plan[$trial]}): sorted grid differs"
  [ -z "$(tail -n +2 g.csv | cut -d, -f1 | sort | uniq -d)" ] || fail "trial $trial: duplicate rows"
  [ -z "$(ls ./*.lock 2>/dev/null)" ] || fail "trial $trial: a lock file is left"
  echo "trial $trial: killed at rows+ms ${plan[$trial]}, leaving ${at[*]} of 125 rows; resumed: identical"
  summary+=("${at[*]}")
done
echo "kill and resume: 10 trials identical (rows left by the kills: ${summary[*]})"
