#!/usr/bin/env bash
# valgrind memcheck of the examples: zero errors and zero leaks of our own
# (issue 8). The same run as `make memcheck`: scripts/memcheck.sh, with the
# third-party suppressions of tests/reference/valgrind.supp.
# Normal build only (label slow): valgrind cannot run an ASan binary.
set -euo pipefail
bash "$(dirname "$0")/../../scripts/memcheck.sh" "$1"
