#!/usr/bin/env bash
# The Python binding (python/clusterkin, ctypes) against the CLI built beside
# the library: simulate, network, fit, mass and patterns give what the
# commands give; errors are Python exceptions with the library's message; the
# example script runs. $1 is the clusterkin binary; libclusterkin.so is in
# the same build directory.
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(dirname "$bin")
repo=$(cd "$(dirname "$0")/../.." && pwd)
export CLUSTERKIN_LIB="$build/libclusterkin.so" CLUSTERKIN_BIN="$bin"
[ -f "$CLUSTERKIN_LIB" ] || { echo "FAIL: no $CLUSTERKIN_LIB" >&2; exit 1; }
# Sanitizer build: an ASan library can only be loaded into a process that
# starts with the ASan runtime. Python's own allocations are not ours to
# judge, so leak detection stays off (the C side's leaks are the unit tests').
# (ldd's output is read whole first: grep -q quitting early under pipefail
# would make the test fail at random.)
deps=$(ldd "$CLUSTERKIN_LIB")
if [[ $deps == *libasan* ]]; then
  export LD_PRELOAD=$(awk '/libasan/ {print $3}' <<<"$deps")
  export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi
# The leak check reads glibc's bytes in use (mallinfo2), which counts the
# chunks glibc's per-thread cache keeps after free as in use: that cache
# filled over hundreds of calls, one size at a time, and looked like a slow
# leak. Without it, freed memory shows as freed.
export GLIBC_TUNABLES="glibc.malloc.tcache_count=0${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
cd "$repo/python"
exec /usr/bin/python3 -m unittest discover -s tests -t . -v
