#!/usr/bin/env bash
# Heavy dependencies live in modules opened on first use (src/core/module.c):
# the clusterkin binary never loads them at start-up (process time, issue 2),
# the commands that need them work, and a missing module is a clean error.
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

startup=$(ldd "$bin")
libs="libsbml libIsoSpec libxml2 libicu libplplot libcairo libmpi"
# The sanitizer runtime (libubsan) itself needs libstdc++: check it in normal builds only.
grep -q libasan <<<"$startup" || libs="$libs libstdc++"
for lib in $libs; do
  if grep -q "$lib" <<<"$startup"; then
    fail "the clusterkin binary loads $lib at start-up"
  fi
done
echo "ok   start-up loads none of libsbml, IsoSpec, libstdc++, libxml2, ICU, PLplot, cairo, MPI"

# The IsoSpec module: patterns work through it ...
"$bin" mass "[Ag25(C8H9S)18]-" --json >"$work/m.json" || fail "mass exits $?"
grep -q most_abundant_mz "$work/m.json" || fail "mass: $(cat "$work/m.json")"
# ... and without it `mass` fails with exit 1 and one clear line.
lib=$(ldd "$bin" | awk '/libclusterkin\.so/ {print $3}')
mkdir -p "$work/bare"
cp "$bin" "$lib" "$work/bare/"
rc=0
LD_LIBRARY_PATH="$work/bare" "$work/bare/$(basename "$bin")" mass "[Ag25(C8H9S)18]-" --json \
  >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing IsoSpec module: exit $rc, expected 1"
grep -q "IsoSpec) module unavailable" "$work/err" || fail "missing module: $(cat "$work/err")"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "missing module: more than one line: $(cat "$work/err")"
echo "ok   a missing IsoSpec module is a clean exit-1 error"

# SUNDIALS, KLU and libyaml are linked in from Debian's static archives when
# they exist (CMakeLists.txt, CK_STATIC_DEPS): fewer libraries for the loader.
if [ -e /usr/lib/x86_64-linux-gnu/libsundials_cvode.a ] && [ -e /usr/lib/x86_64-linux-gnu/libklu.a ]; then
  for lib in libsundials libklu libamd libyaml; do
    if grep -q "$lib" <<<"$startup"; then
      fail "$lib is loaded at start-up although its static archive is installed"
    fi
  done
  echo "ok   SUNDIALS, KLU and libyaml linked in (no shared objects to load)"
fi
