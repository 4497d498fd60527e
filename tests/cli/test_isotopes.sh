#!/usr/bin/env bash
# `clusterkin isotopes`: fine structure sums to the coverage, a profile
# integrates to it and peaks at the most abundant m/z, -o writes the same
# bytes as stdout, bad formulas and options exit 2 with one line.
set -euo pipefail
bin=$(readlink -f "$1")
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

f='[Ag25(C8H9S)18]-'
"$bin" isotopes "$f" --coverage 0.999 >"$work/fine.csv" || fail "isotopes exits $?"
"$bin" isotopes "$f" --coverage 0.999 -o "$work/fine-o.csv" || fail "isotopes -o exits $?"
cmp -s "$work/fine.csv" "$work/fine-o.csv" || fail "-o differs from stdout"
"$bin" isotopes "$f" --coverage 0.999 --bin 1 >"$work/bin.csv"
"$bin" isotopes "$f" --coverage 0.9999 --resolution 25000 >"$work/profile.csv"
"$bin" mass "$f" --json >"$work/mass.json"
/usr/bin/python3 - "$work" <<'PY' || fail "patterns"
import csv, json, os, sys
w = sys.argv[1]
def rows(name):
    r = list(csv.reader(open(os.path.join(w, name))))
    return r[0], [(float(a), float(b)) for a, b in r[1:]]
for name in ("fine.csv", "bin.csv"):
    head, p = rows(name)
    assert head == ["mz", "probability"], head
    total = sum(b for _, b in p)
    assert 0.999 <= total <= 1 + 1e-9, (name, total)
    assert all(p[i][0] < p[i + 1][0] for i in range(len(p) - 1))
head, prof = rows("profile.csv")
assert head == ["mz", "intensity"], head
step = prof[1][0] - prof[0][0]
area = sum(b for _, b in prof) * step
assert abs(area - 0.9999) < 1e-4, area
# FWHM = m/z / R: the grid is FWHM/20 at the low end
assert abs(step - prof[0][0] / 25000 / 20) < 1e-6, step
top = max(prof, key=lambda r: r[1])[0]
most = json.load(open(os.path.join(w, "mass.json")))["most_abundant_mz"]
assert abs(top - most) < 0.05, (top, most)
PY

expect_usage() { # expected-message-fragment, args...
  local want=$1
  shift
  set +e
  "$bin" isotopes "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [[ $rc == 2 ]] || fail "isotopes $* exits $rc"
  [[ $(wc -l <"$work/err") == 1 ]] || fail "isotopes $*: $(cat "$work/err")"
  grep -qF -- "$want" "$work/err" || fail "isotopes $*: $(cat "$work/err")"
  [[ ! -s "$work/out" ]] || fail "isotopes $* printed: $(head -2 "$work/out")"
}
expect_usage "clusterkin: formula '[Xx25]-':" "[Xx25]-"
expect_usage "clusterkin: formula '[Ag25(C8H9S18]-':" "[Ag25(C8H9S18]-"
expect_usage "--coverage needs a number in (0, 1]" "$f" --coverage 1.5
expect_usage "unknown option '--resolving'" "$f" --resolving 3
expect_usage "no formula given" --coverage 0.9
set +e
"$bin" isotopes "[Xx]" -o "$work/never.csv" 2>/dev/null
set -e
[[ ! -e "$work/never.csv" ]] || fail "bad formula left an output file"
echo ok
