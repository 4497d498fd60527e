#!/usr/bin/env bash
# Cross-check of `clusterkin simulate` against an independent implementation
# of the dimer-exchange model (tests/reference/dimer_exchange_ref.py, written
# from MODEL.md sections 2 and 8 only, integrated with scipy BDF at
# rtol 1e-10, atol 1e-14) for the paper's three models (sim 1-3).
#
# Usage (ctest): bash test_reference_scipy.sh /path/to/clusterkin
# Env: CK_EXAMPLES = directory of the example models (default ../../examples).
# Needs /usr/bin/python3 with numpy and scipy (Debian python3-numpy,
# python3-scipy; python3-yaml is used when present).
set -euo pipefail

ck=${1:?usage: test_reference_scipy.sh /path/to/clusterkin}
here=$(cd "$(dirname "$0")" && pwd)
examples=${CK_EXAMPLES:-$here/../../examples}
ref=$here/../reference/dimer_exchange_ref.py
py=/usr/bin/python3

if ! "$py" -c 'import numpy, scipy.integrate, yaml' 2>/dev/null; then
  echo "FAIL: $py lacks numpy/scipy/yaml (install Debian python3-numpy python3-scipy python3-yaml)" >&2
  exit 1
fi

source "$here/cli_lib.sh" # workdir
workdir tmp

# Tolerance on the absolute difference of every value. The values are
# normalised channel intensities (normalize: total-ion), i.e. fractions in
# [0, 1], so an absolute tolerance is meaningful for every channel. The two
# integrators (CVODE at the model's rtol 1e-8 vs scipy at 1e-10) agree to
# ~1e-8; a convention error (homodimer factor, exchange probability) shows
# up as 1e-3 .. 1e-1.
tol=1e-6

status=0
for sim in sim1 sim2 sim3; do
  model=$examples/ag25-au25-$sim.yaml
  "$ck" simulate "$model" -q -o "$tmp/ck-$sim.csv"
  "$py" "$ref" "$model" "$tmp/ref-$sim.csv" 2>"$tmp/ref-$sim.log" || {
    echo "FAIL: reference implementation failed on $model:" >&2
    cat "$tmp/ref-$sim.log" >&2
    exit 1
  }
  if ! "$py" - "$tmp/ck-$sim.csv" "$tmp/ref-$sim.csv" "$tol" "$sim" <<'EOF'
import sys
ck_path, ref_path, tol, sim = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]

def read(path):
    with open(path) as fh:
        lines = fh.read().splitlines()
    return lines[0].split(","), [[float(v) for v in l.split(",")] for l in lines[1:] if l]

hc, rc = read(ck_path)
hr, rr = read(ref_path)
if hc != hr:
    diff = [(i, a, b) for i, (a, b) in enumerate(zip(hc, hr)) if a != b][:5]
    print("FAIL %s: headers differ (clusterkin %d columns, reference %d; first "
          "differences %s)" % (sim, len(hc), len(hr), diff))
    sys.exit(1)
if len(rc) != len(rr):
    print("FAIL %s: clusterkin has %d rows, reference %d" % (sim, len(rc), len(rr)))
    sys.exit(1)
worst = (0.0, 0, 0)
for i, (a, b) in enumerate(zip(rc, rr)):
    if len(a) != len(hc) or len(b) != len(hc):
        print("FAIL %s: row %d has the wrong number of fields" % (sim, i + 1))
        sys.exit(1)
    if a[0] != b[0]:
        print("FAIL %s: row %d time %r (clusterkin) vs %r (reference)" % (sim, i + 1, a[0], b[0]))
        sys.exit(1)
    for j in range(1, len(a)):
        d = abs(a[j] - b[j])
        if d != d:                     # NaN: report it, never mask it
            worst = (float("inf"), i, j)
        elif d > worst[0]:
            worst = (d, i, j)
d, i, j = worst
where = "at time_s=%g channel %s (clusterkin %.10g, reference %.10g)" % (
    rc[i][0], hc[j], rc[i][j], rr[i][j])
if not d <= tol:
    print("FAIL %s: max |clusterkin - reference| = %.3g > %g %s" % (sim, d, tol, where))
    sys.exit(1)
print("ok %s: max |clusterkin - reference| = %.3g (tol %g) %s" % (sim, d, tol, where))
EOF
  then
    status=1
  fi
done

if [ "$status" -ne 0 ]; then
  echo "FAIL: clusterkin disagrees with the independent scipy reference (MODEL.md section 2)" >&2
fi
exit "$status"
