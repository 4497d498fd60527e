#!/usr/bin/env bash
# Issue 4 benchmark: the isotope profile of [Ag25Au25(C8H9S)36]2- at R = 25000,
# and the deconvolution of a 100-scan series over m/z 5000-7500 with all 77
# candidate channels of simulation 3 (spectra made by `simulate --spectra`,
# with noise of about 1 % of the tallest peak). Target: under 10 s on 2 cores.
# Prints wall times and the largest error of a recovered channel fraction.
set -euo pipefail
bin=${1:-build/clusterkin}
model=${2:-examples/ag25-au25-sim3.yaml}
threads=${3:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

wall_s() { # wall time of "$@" in s, then the CPU time (user + system) in parentheses
  local TIMEFORMAT='%R s (CPU %U + %S s)'
  { time "$@" >/dev/null 2>&1; } 2>&1
}

profile=$(wall_s "$bin" isotopes "[Ag25Au25(C8H9S)36]2-" --resolution 25000 --coverage 0.99999)
printf '  %-46s %s\n' "isotope profile [Ag25Au25(C8H9S)36]2- R=25000" "$profile"

# 100 output times (0 .. 3240 s every 32.727 s), one spectrum each.
"$bin" simulate "$model" -q --sample-every "32.72727272727 s" -o "$out/series.csv" \
  --spectra "$out/sp" --mz-range 5000:7500 --mz-step 0.04
ls "$out/sp"/spectrum-*s.csv | head -100 | awk -v out="$out/scans.csv" '
  BEGIN { srand(1); print "time_s,mz,intensity" > out }
  {
    path = $0; t = path; sub(/.*spectrum-/, "", t); sub(/s\.csv$/, "", t)
    getline line < path # header
    while ((getline line < path) > 0) {
      split(line, c, ",")
      # noise: 1e-4 per point is ~1 % of the tallest peak of these spectra
      printf "%s,%s,%.8g\n", t, c[1], c[2] + 1e-4 * (rand() + rand() + rand() - 1.5) >> out
    }
    close(path)
  }'
points=$(($(wc -l <"$out/scans.csv") - 1))
decon=$(wall_s "$bin" deconvolve "$out/scans.csv" --model "$model" --threads "$threads" -q \
  -o "$out/ch.csv")
printf '  %-46s %s  (%d threads, %d points, read + templates + fit)\n' \
  "deconvolve 100 scans, 77 candidates" "$decon" "$threads" "$points"
/usr/bin/python3 - "$out/series.csv" "$out/ch.csv" <<'PY'
import csv, sys
sim = list(csv.DictReader(open(sys.argv[1])))
got = list(csv.DictReader(open(sys.argv[2])))
labels = [h for h in got[0] if h != "time_s" and not h.startswith("sd:")]
worst = 0.0
for s, g in zip(sim, got): # file names carry the time to 1 ms
    assert abs(float(s["time_s"]) - float(g["time_s"])) < 1e-3, (s["time_s"], g["time_s"])
    total = sum(float(s[l]) for l in labels)
    worst = max(worst, max(abs(float(s[l]) / total - float(g[l])) for l in labels))
print("  %-46s %8.2g    (%d channels fitted)" % ("largest error of a channel fraction", worst,
                                                   len(labels)))
PY
