#!/usr/bin/env bash
# valgrind memcheck of `clusterkin mass` (IsoSpec is C++ behind a C API):
# zero errors and zero leaks. Normal build only: valgrind cannot run ASan binaries.
set -euo pipefail
bin=$1
check() {
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=9 "$bin" mass "$@" >/dev/null
  echo "memcheck clean: mass $*"
}
check "[Ag25Au25(C8H9S)36]2-" --json
check "[107Ag25(C8H9S)18+Ag]-" --label 107Ag=0.99 --pattern --bin 0.5
rc=0
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
  --error-exitcode=9 "$bin" mass "[Ag24Tc]-" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: bad formula under valgrind: exit $rc"; exit 1; }
echo "memcheck clean: mass with a bad formula"
