#!/usr/bin/env bash
# `clusterkin mass`: the JSON contract of MODEL.md section 8, the quoted
# average m/z of MODEL.md section 7, patterns as CSV, labels, and bad input
# (one line "clusterkin: formula 'X': ...", exit 2).
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

# JSON: exactly the three keys, the average m/z within 0.5 of the quoted value.
while read -r formula quoted; do
  "$bin" mass "$formula" --json >"$work/m.json" || fail "mass $formula exits $?"
  /usr/bin/python3 - "$work/m.json" "$quoted" <<'PY' || fail "mass $formula --json: $(cat "$work/m.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["average_mz", "monoisotopic_mz", "most_abundant_mz"], list(d)
assert abs(d["average_mz"] - float(sys.argv[2])) <= 0.5, d
assert d["monoisotopic_mz"] < d["average_mz"] and abs(d["most_abundant_mz"] - d["average_mz"]) < 2
PY
done <<'LIST'
[Ag25(C8H9S)18]- 5167
[Au25(C8H9S)18]- 7394
[Ag25Au25(C8H9S)36]2- 6280
[Ag13Au12(C8H9S)18]- 6236
[Ag12Au13(C8H9S)18]- 6325
[Ag27Au23(C8H9S)36]2- 6191
[Ag23Au27(C8H9S)36]2- 6370
LIST

# Small molecule against the literature (caffeine [M+H]+ 195.08765).
json=$("$bin" mass "[C8H10N4O2+H]+" --json)
[[ "$json" == *'"monoisotopic_mz": 195.0876'* ]] || fail "caffeine: $json"

# Text output names the quantities.
"$bin" mass "[Ag25(C8H9S)18]-" >"$work/text"
grep -q "^average m/z  *5166\.70" "$work/text" || fail "text output: $(cat "$work/text")"
grep -q "^formula  *\[Ag25C144H162S18\]-" "$work/text" || fail "text formula: $(cat "$work/text")"

# Pattern: CSV header, probabilities sum to at least the coverage; Ag2 binomial.
"$bin" mass "[Ag25(C8H9S)18]-" --pattern --coverage 0.999 >"$work/p.csv"
"$bin" mass "[Ag25(C8H9S)18]-" --pattern --coverage 0.999 --bin 1 >"$work/b.csv"
/usr/bin/python3 - "$work/p.csv" "$work/b.csv" <<'PY' || fail "pattern CSV"
import csv, sys
for path in sys.argv[1:]:
    rows = list(csv.reader(open(path)))
    assert rows[0] == ["mz", "probability"], rows[0]
    p = [float(r[1]) for r in rows[1:]]
    assert 0.999 <= sum(p) <= 1 + 1e-9, sum(p)
fine, binned = (len(list(open(x))) for x in sys.argv[1:])
assert binned < fine, (binned, fine)
PY
"$bin" mass "[Ag2]-" --pattern --coverage 1 >"$work/ag2.csv"
/usr/bin/python3 - "$work/ag2.csv" <<'PY' || fail "Ag2 pattern: $(cat "$work/ag2.csv")"
import csv, sys
p = [float(r[1]) for r in list(csv.reader(open(sys.argv[1])))[1:]]
a, b = 0.51839, 0.48161
assert len(p) == 3 and all(abs(x - y) < 1e-9 for x, y in zip(p, [a * a, 2 * a * b, b * b])), p
PY

# Labels: 100 % by default, or the enrichment given.
json=$("$bin" mass "[107Ag25]-" --json)
[[ "$json" == '{"average_mz": 2672.627839, '* ]] || fail "107Ag25: $json"  # 25 x 106.9050916 + m_e
json=$("$bin" mass "[107Ag25]-" --json --label 107Ag=0.99)
[[ "$json" == '{"average_mz": 2673.127755, '* ]] || fail "107Ag25 at 99 %: $json"

"$bin" mass --help | grep -q "usage: clusterkin mass" || fail "--help"

# Bad input: one line, exit 2.
expect() { # expect PATTERN ARGS...: exit 2, one line on stderr matching PATTERN
  local pattern=$1 rc=0
  shift
  "$bin" mass "$@" >"$work/out" 2>"$work/err" || rc=$?
  if [ "$rc" -ne 2 ] || [ "$(wc -l <"$work/err")" -ne 1 ] || ! grep -qE "$pattern" "$work/err" ||
    [ -s "$work/out" ]; then
    fail "mass $*: exit $rc, stderr: $(cat "$work/err")"
  fi
  echo "ok   mass $*: $(cat "$work/err")"
}
expect "^clusterkin: formula '\[Xx25\]-': column 2: unknown element \"Xx\"$" "[Xx25]-" --json
expect "^clusterkin: formula '\[Ag25\(C8H9S\)18-': .*never closed" "[Ag25(C8H9S)18-"
expect "^clusterkin: formula 'Ag0': the formula has no atoms$" "Ag0"
expect "^clusterkin: formula '108Ag': .*not a stable isotope" "108Ag"
expect "^clusterkin: formula '\[Ag24Tc\]-': no isotope data for Tc" "[Ag24Tc]-"
expect "^clusterkin: formula 'Ag2000000': .*too large" "Ag2000000"
expect "^clusterkin: formula 'Ag99999999999': .*overflow" "Ag99999999999"
expect "^clusterkin mass: no formula given" --json
expect "^clusterkin mass: unknown option '--colour'" Ag --colour
expect "^clusterkin mass: --coverage needs a probability" Ag --pattern --coverage 2
expect "^clusterkin mass: --bin needs a positive width" Ag --pattern --bin 0
expect "^clusterkin mass: --json and --pattern exclude each other" Ag --json --pattern
expect "^clusterkin: --label '108Ag=0.9': .*not a stable isotope" Ag --label 108Ag=0.9
expect "^clusterkin mass: --label needs ISOTOPE=FRACTION" Ag --label 107Ag
echo "all mass tests passed"
