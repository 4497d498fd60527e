#!/usr/bin/env bash
# The fit's grid file and lock (issue 8, data safety):
# - every row ends in the CRC-32 of its text, checked here with Python's zlib;
# - on --resume a torn last line (cut at several bytes), a last line failing
#   its checksum, and a tail of zero bytes (a machine crash) are cut off and
#   redone: the result and the sorted grid equal the uninterrupted run's;
# - a row failing its checksum before the last is refused with the file and
#   line, and the file is left as it was;
# - a second fit on a grid or result being written stops with the first's
#   pid (exit 1); the lock file of a killed fit is taken over; a finished fit
#   leaves no lock file.
set -euo pipefail
bin=$1
source "$(dirname "$0")/sim3_model.sh" # sim3_model
source "$(dirname "$0")/cli_lib.sh" # fail, workdir, on_exit
workdir dir --cd

# Simulation 3 of MODEL.md section 2, sampled every 60 s, fitted on a grid
# alone (refinement reads the same tables: the kill test covers it).
model() { # points per parameter
  { sim3_model "grid file test" 25
    cat <<YAML
simulate: {dead-time: 20 s, end: 1800 s, step: 60 s, normalize: total-ion}
fit:
  objective: traces
  refine: false
  intervals: none
$(sim3_fit_parameters $1)
  datasets:
    - {data: data.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
  }
}
model 3 > fit.yaml
model 8 > big.yaml
"$bin" simulate fit.yaml -q -o data.csv
"$bin" fit fit.yaml -q -o r1.json --grid-out g1.csv
[ ! -e g1.csv.lock ] && [ ! -e r1.json.lock ] || fail "a finished fit left a lock file"
sorted() { head -n 1 "$1"; tail -n +2 "$1" | sort -t, -k1,1n; }

# The checksums, recomputed independently.
/usr/bin/python3 - g1.csv <<'PY' || fail "grid checksums"
import sys, zlib
lines = open(sys.argv[1]).read().split("\n")
assert lines[-1] == "" and lines[0].endswith(",status,crc32"), lines[0]
rows = lines[1:-1]
assert len(rows) == 27, len(rows)
for row in rows:
    text, crc = row.rsplit(",", 1)
    assert len(crc) == 8 and int(crc, 16) == zlib.crc32(text.encode()), row
print(f"{len(rows)} rows, every CRC-32 matches zlib")
PY

resumed_equal() { # name, grid file prepared from g1.csv
  cp g1.csv.key "$2.key"
  "$bin" fit fit.yaml -q -o "r-$2.json" --grid-out "$2" --resume ||
    fail "$1: resume failed"
  cmp r1.json "r-$2.json" || fail "$1: resumed result differs"
  cmp <(sorted g1.csv) <(sorted "$2") || fail "$1: resumed grid differs"
  [ -z "$(tail -n +2 "$2" | cut -d, -f1 | sort | uniq -d)" ] || fail "$1: duplicate rows"
  echo "repaired: $1"
}

# Torn last lines: the first 1, 20 and all but the newline of row 12's bytes.
row=$(sed -n 13p g1.csv)
for keep in 1 20 $((${#row})); do
  { head -n 12 g1.csv; printf '%s' "${row:0:keep}"; } > "torn$keep.csv"
  resumed_equal "last line torn after $keep bytes" "torn$keep.csv"
done
# A complete last line whose checksum fails (one digit of its objective changed).
{ head -n 12 g1.csv; echo "$row" | sed -E 's/^([0-9]+,[^,]+,[^,]+,[^,]+,)([0-9])/\1x/'; } > crc.csv
[ "$(sed -n 13p crc.csv)" != "$row" ] || fail "the damaged row was not changed"
resumed_equal "last line failing its checksum" crc.csv
# Zero bytes after the last row, as a file system can leave after a power loss.
{ head -n 12 g1.csv; head -c 100 /dev/zero; } > zeros.csv
resumed_equal "zero-filled tail" zeros.csv
# Only a torn header: the file starts over.
head -c 10 g1.csv > header.csv
resumed_equal "torn header" header.csv

# A damaged row before the last: refused, with file and line; nothing cut.
awk 'NR == 5 { sub(/,ok,/, ",failed,") } { print }' g1.csv > mid.csv
cp g1.csv.key mid.csv.key
cp mid.csv mid-before.csv
set +e
"$bin" fit fit.yaml -q -o r-mid.json --grid-out mid.csv --resume 2> err.txt
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "damaged middle row: exit $rc, want 2"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "damaged middle row: want one line: $(cat err.txt)"
grep -q "mid.csv:5: row fails its checksum before the last line" err.txt ||
  fail "damaged middle row: message $(cat err.txt)"
cmp mid.csv mid-before.csv || fail "a grid file with a damaged middle row was changed"
[ ! -e r-mid.json ] || fail "a refused resume wrote a result"
echo "refused: $(cat err.txt)"

# Two fits on one output: the second stops at once, naming the first's pid.
"$bin" fit big.yaml -q --threads 1 -o rb.json --grid-out gb.csv & first=$!
# A check failing while it runs must not leave it writing into a removed
# directory (jobs -p: only a job not yet reaped, never a recycled pid).
on_exit 'kill -9 $(jobs -p) 2>/dev/null || true'
for _ in $(seq 200); do
  [ -s gb.csv.lock ] && [ -s gb.csv ] && break
  sleep 0.02
done
[ -s gb.csv.lock ] || fail "no lock file beside a grid being written"
[ "$(cat gb.csv.lock)" = "$first" ] || fail "lock file holds $(cat gb.csv.lock), not pid $first"
for second in "-o rb2.json --grid-out gb.csv" "-o rb.json --grid-out gb2.csv" "-o rb.json"; do
  set +e
  # shellcheck disable=SC2086 # the options are words on purpose
  "$bin" fit big.yaml -q $second 2> err.txt
  rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "second fit ($second): exit $rc, want 1"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "second fit: want one line: $(cat err.txt)"
  grep -q "is being written by another clusterkin process (pid $first)" err.txt ||
    fail "second fit: message $(cat err.txt)"
done
echo "refused: $(cat err.txt)"
[ ! -e rb2.json ] && [ ! -e gb2.csv ] || fail "a refused fit wrote a file"
kill -0 "$first" 2>/dev/null || fail "the first fit ended before the second was tried"
# Killed, it leaves its lock files; the next run takes them over.
kill -9 "$first"
wait "$first" 2>/dev/null || true
[ -e gb.csv.lock ] || fail "no lock file left by a killed fit (the test lost its point)"
"$bin" fit big.yaml -q -o rb.json --grid-out gb.csv --resume || fail "stale lock not taken over"
[ ! -e gb.csv.lock ] && [ ! -e rb.json.lock ] || fail "a finished fit left a lock file"
[ "$(wc -l < gb.csv)" -eq 513 ] || fail "the resumed grid lacks rows"
echo "grid file: all checks passed"
