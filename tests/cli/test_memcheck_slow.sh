#!/usr/bin/env bash
# valgrind memcheck of the examples: zero errors and zero leaks of our own.
# Normal build only (label slow): valgrind cannot run an ASan binary.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for model in "$ex"/ag25-au25-sim1.yaml "$ex"/ag25-au25-sim3.yaml; do
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=9 \
    "$bin" simulate "$model" -q -o "$work/s.csv" --tmax "$work/t.csv"
  valgrind --quiet --leak-check=full --error-exitcode=9 "$bin" network "$model" --list \
    --sbml "$work/n.xml" >/dev/null
  echo "memcheck clean: $(basename "$model")"
done
