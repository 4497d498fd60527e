#!/usr/bin/env bash
# Synthetic data (issue 3, part 6): --sample-every spaces the rows, --noise adds
# the documented noise with the stated statistics, and a seed reproduces a file.
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
model=$CK_EXAMPLES/ag25-au25-sim3.yaml
"$bin" simulate "$model" -q --sample-every "2 min" -o "$dir/clean.csv"
"$bin" simulate "$model" -q --sample-every "2 min" --noise lognormal:0.05 --seed 7 -o "$dir/a.csv"
"$bin" simulate "$model" -q --sample-every "2 min" --noise lognormal:0.05 --seed 7 -o "$dir/b.csv"
"$bin" simulate "$model" -q --sample-every "2 min" --noise lognormal:0.05 --seed 8 -o "$dir/c.csv"
"$bin" simulate "$model" -q --sample-every "2 min" --noise normal:1e-3 --seed 7 -o "$dir/n.csv"
cmp -s "$dir/a.csv" "$dir/b.csv" || fail "equal seeds gave different files"
cmp -s "$dir/a.csv" "$dir/c.csv" && fail "different seeds gave equal files"
/usr/bin/python3 - "$dir" <<'PY'
import math, sys
import numpy as np
d = sys.argv[1]
def load(name):
    return np.loadtxt(f"{d}/{name}", delimiter=",", skiprows=1)
clean, logn, norm = load("clean.csv"), load("a.csv"), load("n.csv")
t = clean[:, 0]
assert np.array_equal(t, np.arange(0, 3240 + 1, 120)), "rows every 120 s up to end"
assert np.array_equal(logn[:, 0], t) and np.array_equal(norm[:, 0], t), "times untouched"
# lognormal: log(noisy / clean) ~ N(0, 0.05^2) wherever the value is representable
c, v = clean[:, 1:].ravel(), logn[:, 1:].ravel()
keep = c > 1e-200
r = np.log(v[keep] / c[keep])
n = r.size
print(f"lognormal: n {n}, mean {r.mean():.2e}, sd {r.std(ddof=1):.4f} (want 0, 0.05)")
assert abs(r.mean()) < 4 * 0.05 / math.sqrt(n)
assert abs(r.std(ddof=1) / 0.05 - 1) < 4 / math.sqrt(2 * (n - 1)) + 0.01
# normal: noisy - clean ~ N(0, 1e-3^2)
e = (norm[:, 1:] - clean[:, 1:]).ravel()
print(f"normal: n {e.size}, mean {e.mean():.2e}, sd {e.std(ddof=1):.3e} (want 0, 1e-3)")
assert abs(e.mean()) < 4e-3 / math.sqrt(e.size)
assert abs(e.std(ddof=1) / 1e-3 - 1) < 4 / math.sqrt(2 * (e.size - 1)) + 0.01
PY
set +e
"$bin" simulate "$model" -q --noise gauss:1 > /dev/null 2> "$dir/err"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown noise model: exit $rc, want 2"
grep -q 'want lognormal:SIGMA or normal:SIGMA' "$dir/err" || fail "message: $(cat "$dir/err")"
echo "noise: all checks passed"
