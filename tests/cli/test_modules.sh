#!/usr/bin/env bash
# Heavy dependencies live in modules opened on first use (src/core/module.c):
# the clusterkin binary never loads them at start-up (process time, issue 2),
# the commands that need them work, and a missing module is a clean error.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

startup=$(ldd "$bin")
libs="libsbml libIsoSpec libxml2 libicu libplplot libcairo libmpi libgomp libnlopt libclusterkin"
# The sanitizer runtime (libubsan) itself needs libstdc++: check it in normal builds only.
grep -q libasan <<<"$startup" || libs="$libs libstdc++"
for lib in $libs; do
  if grep -q "$lib" <<<"$startup"; then
    fail "the clusterkin binary loads $lib at start-up"
  fi
done
echo "ok   start-up loads none of libsbml, IsoSpec, libstdc++, libxml2, ICU, PLplot, cairo, MPI,"
echo "     OpenMP, NLopt, libclusterkin.so (the executable holds the library)"

# The IsoSpec module: patterns work through it ...
"$bin" mass "[Ag25(C8H9S)18]-" --json >"$work/m.json" || fail "mass exits $?"
grep -q most_abundant_mz "$work/m.json" || fail "mass: $(cat "$work/m.json")"
# ... and without it `mass` fails with exit 1 and one clear line.
mkdir -p "$work/bare" # the executable alone: it holds libclusterkin, not its modules
cp "$bin" "$work/bare/"
rc=0
"$work/bare/$(basename "$bin")" mass "[Ag25(C8H9S)18]-" --json \
  >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing IsoSpec module: exit $rc, expected 1"
grep -q "IsoSpec) module unavailable" "$work/err" || fail "missing module: $(cat "$work/err")"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "missing module: more than one line: $(cat "$work/err")"
echo "ok   a missing IsoSpec module is a clean exit-1 error"

# ... and so is a missing OpenMP module, at the first parallel loop (a fit).
source "$(dirname "$0")/sim3_model.sh" # sim3_model, sim3_fit_parameters
sim3_model "modules" 4 >"$work/bare/fit.yaml"
echo "simulate: {dead-time: 20 s, end: 600 s, step: 60 s}" >>"$work/bare/fit.yaml"
"$bin" simulate "$work/bare/fit.yaml" -q -o "$work/bare/data.csv"
cat >>"$work/bare/fit.yaml" <<YAML
fit:
  objective: traces
  intervals: none
$(sim3_fit_parameters 2)
  datasets:
    - {data: data.csv, concentrations: {Ag4: 40 nM, Au4: 40 nM}}
YAML
rc=0
"$work/bare/$(basename "$bin")" fit "$work/bare/fit.yaml" --threads 2 -q -o "$work/bare/r.json" \
  >"$work/out" 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing OpenMP module: exit $rc, expected 1: $(cat "$work/err")"
grep -q "OpenMP threads module unavailable" "$work/err" || fail "missing module: $(cat "$work/err")"
[ ! -e "$work/bare/r.json" ] || fail "missing OpenMP module left a result file"
echo "ok   a missing OpenMP module is a clean exit-1 error"

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
