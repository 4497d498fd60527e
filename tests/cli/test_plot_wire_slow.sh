#!/usr/bin/env bash
# `--plot FILE [--plot-size WxH]` on deconvolve, nmr hydride, equilibrium and
# scan; `plot tmax SIM_TMAX.csv --data DATA.csv`; `plot grid` and `plot
# profile` on what `clusterkin fit --grid-out` really writes. Each figure is a
# PNG of the requested size with content (IHDR and every scanline decoded by
# tests/reference/plot_check.py, standard library only); --plot leaves the
# command's other outputs byte for byte as without it; bad options exit 2 with
# one line and write nothing. Normal build only (minutes under ASan, where it
# also passes); plot_contour runs under ASan through the Python tests.
set -euo pipefail
bin=$(readlink -f "$1")
ex=${CK_EXAMPLES:?}
data=${CK_TESTDATA:?}
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/../reference/plot_check.py"
export LSAN_OPTIONS="suppressions=$here/../reference/plot_lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
source "$here/cli_lib.sh" # fail, workdir
workdir work --cd
sim3=$ex/ag25-au25-sim3.yaml

# ---- deconvolve --plot ---------------------------------------------------------
# Three scans of simulation 3 in a narrow window ([Ag13Au12]- under its dimers).
"$bin" simulate "$sim3" -q --sample-every "1500 s" -o series.csv --spectra sp \
  --mz-range 6180:6290 --mz-step 0.04
/usr/bin/python3 - <<'PY'
import glob, os
with open("scans.csv", "w") as out:
    out.write("time_s,mz,intensity\n")
    for path in sorted(glob.glob("sp/spectrum-*s.csv")):
        t = float(os.path.basename(path)[9:-5])
        for line in list(open(path))[1:]:
            out.write("%.10g,%s" % (t, line))
PY
"$bin" deconvolve scans.csv --model "$sim3" -q -o ch-plain.csv
"$bin" deconvolve scans.csv --model "$sim3" -q -o ch.csv --plot dec.png --plot-size 480x320
$check png dec.png 480 320 || fail "deconvolve --plot"
cmp -s ch.csv ch-plain.csv || fail "deconvolve --plot changed the channel CSV"
"$bin" deconvolve scans.csv --model "$sim3" -q -o ch2.csv --plot dec2.png --plot-scan 2 \
  --plot-size 300x500
$check png dec2.png 300 500 || fail "deconvolve --plot-scan 2"
$check png sp/spectrum-001500.000s.csv 1 1 >/dev/null 2>&1 && fail "plot_check accepts a CSV"
echo "ok   deconvolve --plot (last scan and --plot-scan), outputs unchanged"

# ---- nmr hydride --plot --------------------------------------------------------
"$bin" nmr hydride "$ex/cuag7-hydride-se.yaml" --components -o nmr-plain.csv
"$bin" nmr hydride "$ex/cuag7-hydride-se.yaml" --components -o nmr.csv --plot nmr.png \
  --plot-size 640x400
$check png nmr.png 640 400 || fail "nmr hydride --plot"
cmp -s nmr.csv nmr-plain.csv || fail "nmr --plot changed the spectrum CSV"
"$bin" nmr hydride "$ex/cuag7-hydride-se.yaml" --json --plot nmr-json.png >nmr.json
$check png nmr-json.png 1200 800 || fail "nmr hydride --json --plot (default size)"
grep -q '"lines"' nmr.json || fail "nmr --json --plot lost the JSON"
echo "ok   nmr hydride --plot, with -o and with --json"

# ---- equilibrium and scan --plot ----------------------------------------------
"$bin" equilibrium "$sim3" -o eq-plain.csv >eq-plain.txt
"$bin" equilibrium "$sim3" -o eq.csv --plot eq.svg --plot-size 500x400 >eq.txt
$check svg eq.svg 500 400 || fail "equilibrium --plot (SVG)"
"$bin" equilibrium "$sim3" --plot eq.png --plot-size 500x400 >/dev/null
$check png eq.png 500 400 || fail "equilibrium --plot"
cmp -s eq.csv eq-plain.csv && cmp -s eq.txt eq-plain.txt || fail "equilibrium --plot changed outputs"
"$bin" scan "$sim3" --ratio Ag25:Au25=6:1,1:6,1:1,3:1 -o scan-plain.csv >/dev/null
"$bin" scan "$sim3" --ratio Ag25:Au25=6:1,1:6,1:1,3:1 -o scan.csv --plot scan.png \
  --plot-size 400x300 >/dev/null
$check png scan.png 400 300 || fail "scan --plot"
cmp -s scan.csv scan-plain.csv || fail "scan --plot changed the CSV"
echo "ok   equilibrium --plot (PNG, SVG) and scan --plot"

# ---- t_max against data, grid and profile of a real fit ------------------------
cp "$data/sim3-fit.yaml" "$data/sim3-40-40.csv" "$data/sim3-100-60.csv" .
"$bin" simulate sim3-fit.yaml -q -o fit-series.csv --tmax fit-tmax.csv
"$bin" plot tmax fit-tmax.csv --data sim3-40-40.csv -o tmax.png --size 420x420
$check png tmax.png 420 420 || fail "plot tmax --data"
# Six channels, sd: columns, CRLF: t_max of each measured channel.
"$bin" plot tmax fit-tmax.csv --data sim3-100-60.csv -o tmax2.png --size 420x420
$check png tmax2.png 420 420 || fail "plot tmax --data (six channels)"
# A 3 x 3 x 3 grid of the test fit, dead time fixed: seconds.
sed -e 's/points: 13/points: 3/' -e 's/dead-time: {min: 10 s, max: 30 s}/dead-time: 20 s/' \
  -e 's/^  objective: traces/  objective: traces\n  refine: false\n  intervals: none/' \
  sim3-fit.yaml >grid-fit.yaml
"$bin" fit grid-fit.yaml -q --threads 2 -o fit.json --grid-out grid.csv --plot fit-grid.png
[ "$(wc -l <grid.csv)" -eq 28 ] || fail "grid.csv: $(wc -l <grid.csv) lines"
$check png fit-grid.png 1200 800 || fail "fit --plot (default size)"
expect_usage() { # fit option errors: exit 2, before any work
  local rc=0
  "$bin" fit grid-fit.yaml -q "$@" >/dev/null 2>err.txt || rc=$?
  [ "$rc" -eq 2 ] || fail "fit $*: exit $rc, expected 2"
}
expect_usage --plot x.png
expect_usage --grid-out g2.csv --plot x.gif
expect_usage --plot-profiles p.png
"$bin" plot grid grid.csv -o grid.png --size 600x600
$check png grid.png 600 600 || fail "plot grid on fit --grid-out"
# A failed point is written with nan objectives: it is left out, not fatal.
sed -n '$p' grid.csv | sed -E 's/^([0-9]+),([^,]+,[^,]+,[^,]+),.*/27,\2,nan,nan,nan,failed,00000000/' >>grid.csv
"$bin" plot grid grid.csv -o grid2.png --size 600x600 || fail "plot grid with a failed point"
$check png grid2.png 600 600 || fail "plot grid with a failed point (PNG)"
# Profiles in the format of `fit --profile-out` (parameter,value,objective),
# here the grid's minimum over the other parameters at each value.
/usr/bin/python3 - <<'PY'
import csv
rows = [r for r in csv.DictReader(open("grid.csv")) if r["status"] == "ok"]
with open("profiles.csv", "w") as f:
    f.write("parameter,value,objective\n")
    for p in ("dimerization", "dissociation", "exchange"):
        for v in sorted({float(r[p]) for r in rows}):
            best = min(float(r["objective"]) for r in rows if float(r[p]) == v)
            f.write("%s,%.17g,%.17g\n" % (p, v, best))
PY
"$bin" plot profile profiles.csv -o profile.png --size 700x300
$check png profile.png 700 300 || fail "plot profile"
echo "ok   plot tmax --data, plot grid / profile on a real fit's grid"

# ---- bad options: exit 2, one line, nothing written ----------------------------
expect_fail() { # PATTERN COMMAND ARGS...
  local pattern=$1 rc=0
  shift
  rm -f out.csv out.png
  "$bin" "$@" >stdout 2>err || rc=$?
  [ "$rc" -eq 2 ] || fail "$*: exit $rc, expected 2 ($(cat err))"
  [ "$(wc -l <err)" -eq 1 ] || fail "$*: stderr is not one line: $(cat err)"
  [ ! -s stdout ] || fail "$*: wrote to standard output"
  grep -qiE -- "$pattern" err || fail "$*: message $(cat err)"
  [ ! -e out.csv ] && [ ! -e out.png ] || fail "$*: wrote a file"
  ! compgen -G "*.tmp.*" >/dev/null || fail "$*: temporary files left: $(ls)"
}
d=(deconvolve scans.csv --model "$sim3" -q -o out.csv)
expect_fail "--plot: out.gif: plot file name must end in .png, .svg or .pdf" "${d[@]}" --plot out.gif
expect_fail "--plot-size: plot size \"10x10\"" "${d[@]}" --plot out.png --plot-size 10x10
expect_fail "--plot-size goes with --plot" "${d[@]}" --plot-size 400x300
expect_fail "--plot-scan goes with --plot" "${d[@]}" --plot-scan 1
expect_fail "--plot-scan needs a number >= 1, not '0'" "${d[@]}" --plot out.png --plot-scan 0
expect_fail "--plot-scan needs a scan number >= 1, not '1.5'" "${d[@]}" --plot out.png --plot-scan 1.5
expect_fail "--plot-scan 4: the series has 3 scans" "${d[@]}" --plot out.png --plot-scan 4
expect_fail "--plot needs a value" "${d[@]}" --plot
expect_fail "--plot: out.jpg" nmr hydride "$ex/cuag7-hydride-se.yaml" -o out.csv --plot out.jpg
expect_fail "--plot-size: plot size \"wide\"" nmr hydride "$ex/cuag7-hydride-se.yaml" -o out.csv \
  --plot out.png --plot-size wide
expect_fail "--plot: out.tiff" equilibrium "$sim3" -o out.csv --plot out.tiff
expect_fail "--plot-size goes with --plot" equilibrium "$sim3" -o out.csv --plot-size 400x300
expect_fail "--plot-size: plot size \"400x99999\"" scan "$sim3" --ratio Ag25:Au25=1:1 -o out.csv \
  --plot out.png --plot-size 400x99999
expect_fail "--plot-size goes with --plot" scan "$sim3" --ratio Ag25:Au25=1:1 --plot-size 400x300
expect_fail "takes EXP_TMAX.csv or --data, not both" plot tmax fit-tmax.csv fit-tmax.csv \
  --data sim3-40-40.csv -o out.png
expect_fail "plot tmax needs SIM_TMAX.csv" plot tmax --data sim3-40-40.csv -o out.png
expect_fail "fit-tmax.csv:1: no channel labels" plot tmax fit-tmax.csv --data fit-tmax.csv -o out.png
expect_fail "no output file" plot tmax fit-tmax.csv --data sim3-40-40.csv
expect_fail "--data does not apply to plot grid" plot grid grid.csv --data sim3-40-40.csv -o out.png
echo "ok   bad --plot options: exit 2 with one line, nothing written"
