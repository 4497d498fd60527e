#!/usr/bin/env bash
# Start-up runs no CPUID of ours (issue 2; src/core/kernel_dispatch.h): on a
# VM each one is a VM exit (~6.4 us). The kernels' resolvers read what
# glibc's loader found, so libgcc's CPU probe (__cpu_indicator_init, a
# constructor that runs CPUID ten times or more at every start) must not be
# linked in, as target_clones or __builtin_cpu_supports would do.
set -euo pipefail
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
command -v nm >/dev/null && command -v objdump >/dev/null || { echo "skip: no binutils"; exit 0; }

# The executable holds the library's code; libclusterkin.so beside it is
# what the Python binding loads.
lib=$(dirname "$bin")/libclusterkin.so
[ -f "$lib" ] || fail "no libclusterkin.so beside $bin"
for file in "$bin" "$lib"; do
  if nm "$file" 2>/dev/null | grep -m 5 -E "__cpu_indicator_init|__cpu_model|\.resolver$"; then
    fail "$(basename "$file") links libgcc's CPU probe (target_clones or __builtin_cpu_*)"
  fi
  if objdump -d "$file" | grep -qP "\tcpuid\b"; then
    fail "$(basename "$file") executes CPUID itself"
  fi
done
echo "ok   neither the binary nor libclusterkin.so probes the CPU itself"
