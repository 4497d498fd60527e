#!/usr/bin/env bash
# valgrind memcheck of the examples (issue 8): every command below must exit
# as expected with zero memcheck errors and zero leaks (definite, indirect or
# possible) after the third-party suppressions in tests/reference/valgrind.supp.
# Prints one summary line per command and a total; exits 1 on any finding.
#   scripts/memcheck.sh BUILD/clusterkin        (make memcheck; ctest's
#                                                 test_memcheck_slow runs it too)
# Needs the normal build: valgrind cannot run an ASan binary.
set -euo pipefail
bin=$(readlink -f "${1:?usage: scripts/memcheck.sh path/to/clusterkin}")
repo=$(cd "$(dirname "$0")/.." && pwd)
ex=$repo/examples
supp=$repo/tests/reference/valgrind.supp
source "$repo/tests/cli/sim3_model.sh" # sim3_fit_parameters
source "$repo/tests/cli/cli_lib.sh" # workdir
workdir work --cd
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed"; exit 1; }

failed=0 runs=0
printf '%-44s %4s %6s %9s %9s %9s %11s\n' command exit errors definite indirect possible suppressed
# check EXPECTED_EXIT NAME -- ARGS...: one command under memcheck.
check() {
  local want=$1 name=$2 rc=0
  shift 3
  valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --num-callers=40 \
    --suppressions="$supp" --log-file=vg.log "$bin" "$@" >out.txt 2>err.txt || rc=$?
  local errors lost=() suppressed
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' vg.log | tr -d ,)
  for kind in "definitely lost" "indirectly lost" "possibly lost"; do
    lost+=("$(sed -n "s/.*$kind: \([0-9,]*\) bytes.*/\1/p" vg.log | tr -d , | head -n 1)")
  done
  suppressed=$(sed -n 's/.*suppressed: \([0-9,]*\) bytes.*/\1/p' vg.log | tr -d , | head -n 1)
  printf '%-44s %4s %6s %9s %9s %9s %11s\n' "$name" "$rc" "${errors:-?}" "${lost[0]:-0}" \
    "${lost[1]:-0}" "${lost[2]:-0}" "${suppressed:-0}"
  runs=$((runs + 1))
  if [ "$rc" != "$want" ] || [ "${errors:-1}" != 0 ]; then
    failed=$((failed + 1))
    echo "  FAIL: $name: exit $rc (want $want); valgrind log:"
    sed 's/^/    /' vg.log | tail -n 60
    sed 's/^/    stderr: /' err.txt | tail -n 5
  fi
}

check 0 "simulate sim1 (--tmax)" -- simulate "$ex/ag25-au25-sim1.yaml" -q -o s1.csv --tmax t1.csv
check 0 "simulate sim3 (--tmax)" -- simulate "$ex/ag25-au25-sim3.yaml" -q -o s3.csv --tmax t3.csv
check 0 "network sim3 (--list --sbml)" -- network "$ex/ag25-au25-sim3.yaml" --list --sbml n.xml
check 0 "equilibrium sim1" -- equilibrium "$ex/ag25-au25-sim1.yaml"
check 0 "scan sim3 (3 ratios)" -- scan "$ex/ag25-au25-sim3.yaml" --ratio Ag25:Au25=1:3,1:1,3:1 \
  -o scan.csv
check 0 "mass (dimer, --json)" -- mass "[Ag25Au25(C8H9S)36]2-" --json
check 0 "mass (labelled, --pattern)" -- mass "[107Ag25(C8H9S)18+Ag]-" --label 107Ag=0.99 \
  --pattern --bin 0.5
check 2 "mass (bad formula: exit 2)" -- mass "[Ag24Tc]-"

# A small fit of sim3's own data on 2 threads (OpenMP), refined (NLopt), then
# resumed from its grid file with the last line torn.
sed 's/^simulate:.*/simulate: {dead-time: 20 s, end: 1800 s, step: 120 s, normalize: total-ion}/' \
  "$ex/ag25-au25-sim3.yaml" > fit.yaml
cp fit.yaml truth.yaml
"$bin" simulate truth.yaml -q -o data.csv
cat >> fit.yaml <<YAML
fit:
  objective: traces
  refine: true
  starts: 1
  intervals: none
$(sim3_fit_parameters 2)
  datasets:
    - {data: data.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
check 0 "fit (2^3 grid, refine, 2 threads)" -- fit fit.yaml -q --threads 2 -o r.json \
  --grid-out g.csv
head -c -5 g.csv > g2.csv && mv g2.csv g.csv
check 0 "fit --resume (torn last line)" -- fit fit.yaml -q --threads 2 -o r.json \
  --grid-out g.csv --resume
check 0 "plot contour (PNG: cairo, fontconfig)" -- plot contour s3.csv -o c.png

echo "memcheck: $runs commands, $failed with findings (suppressions: ${supp#"$repo"/})"
[ "$failed" -eq 0 ]
