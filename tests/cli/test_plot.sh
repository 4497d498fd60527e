#!/usr/bin/env bash
# `clusterkin plot KIND` and `simulate --plot`: every kind writes a valid PNG
# (decoded here, of the requested size, not blank), SVG (XML, <svg> root, the
# size in points) and PDF (header, trailer, MediaBox); the sequential colour
# map gets lighter with the value (it survives grey-scale printing); a
# simulation minus itself is the neutral colour; bad options fail with exit 2
# and one line, nothing written; the clusterkin binary does not link PLplot.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
data=${CK_TESTDATA:?}
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/../reference/plot_check.py"
# Sanitizer builds: fontconfig's process-lifetime caches are not our leaks.
export LSAN_OPTIONS="suppressions=$here/../reference/plot_lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# ---- inputs: a short simulation, its t_max, and small generic tables ------
sed -e 's/end: 3240 s/end: 600 s/' -e 's/step: 10 s/step: 20 s/' "$ex/ag25-au25-sim3.yaml" >"$work/sim.yaml"
"$bin" simulate "$work/sim.yaml" -q -o "$work/series.csv" --tmax "$work/tmax.csv" \
  --plot "$work/sim-map.png"
/usr/bin/python3 - "$work" <<'PY'
import math, sys
w = sys.argv[1]
rows = [l.rstrip("\n").split(",") for l in open(w + "/tmax.csv")]
with open(w + "/exp-tmax.csv", "w") as f:                 # t_max shifted by 5 %
    f.write("channel,t_max_s,at_edge\n")
    for r in rows[1:]:
        f.write("%s,%s,%s\n" % (r[0], "" if r[1] == "" else "%g" % (1.05 * float(r[1])), r[2]))
with open(w + "/binomial.csv", "w") as f:                 # bars: distribution vs binomial
    f.write("composition,equilibrium,binomial\n")
    for k in range(26):
        b = math.comb(25, k) / 2 ** 25
        f.write("%d,%g,%g\n" % (k, b * (1 + 0.05 * math.sin(k)), b))
with open(w + "/nmr.csv", "w") as f:                      # lines: two Lorentzians in ppm
    f.write("ppm,measured,fitted\n")
    for i in range(200):
        x = -8 + 0.02 * i
        y = 1 / (1 + ((x + 5) / 0.1) ** 2) + 0.5 / (1 + ((x + 6) / 0.1) ** 2)
        f.write("%g,%g,%g\n" % (x, y + 0.02 * math.sin(7 * i), y))
with open(w + "/measured.csv", "w") as m, open(w + "/fitted.csv", "w") as g:
    m.write("mz,intensity\n"), g.write("mz,intensity\n")
    for i in range(300):
        mz = 7395 + 0.05 * i
        y = sum(math.exp(-((mz - (7396 + k)) / 0.15) ** 2) * math.comb(8, k) / 70 for k in range(9))
        m.write("%.3f,%g\n" % (mz, y * (1 + 0.05 * math.sin(i)))), g.write("%.3f,%g\n" % (mz, y))
vals = [10.0 ** (-4 + i) for i in range(5)]                # grid.csv as `fit --grid-out` writes it
with open(w + "/grid.csv", "w") as f:
    f.write("point,dimerization,dissociation,exchange,objective,dataset_1,status\n")
    p = 0
    for a in vals:
        for b in vals:
            for c in vals:
                o = (math.log10(a) + 2) ** 2 + (math.log10(b) + 1) ** 2 + (math.log10(c) + 1.5) ** 2
                f.write("%d,%g,%g,%g,%.17g,%.17g,ok\n" % (p, a, b, c, o, o))
                p += 1
with open(w + "/profiles.csv", "w") as f:
    f.write("parameter,value,objective\n")
    for name, c in (("dimerization", -2), ("exchange", -1.5)):
        for i in range(11):
            x = c - 0.5 + 0.1 * i
            f.write("%s,%g,%g\n" % (name, 10 ** x, 1 + 10 * (x - c) ** 2))
# A map whose value is the composition over N: a ramp along the y axis.
with open(w + "/ramp.csv", "w") as f:
    f.write("time_s," + ",".join("[Ag%dAu%d]1-" % (m, 25 - m) for m in range(26)) + "\n")
    for t in range(0, 110, 10):
        f.write("%d," % t + ",".join("%g" % (m / 25) for m in range(26)) + "\n")
PY

# ---- every kind, every format ----------------------------------------------
kinds=(
  "contour|$work/series.csv"
  "contour|$work/series.csv --data $data/sim3-40-40.csv"
  "contour|$work/series.csv --data $data/sim3-40-40.csv --diff"
  "traces|$work/series.csv --data $data/sim3-40-40.csv"
  "traces|$work/series.csv --channels [Ag25Au0]1-,[Ag13Au12]1-,[Ag25Au25]2-"
  "tmax|$work/tmax.csv $work/exp-tmax.csv"
  "lines|$work/nmr.csv --x ppm --y measured,fitted --reverse-x --xlabel shift_/_ppm"
  "bars|$work/binomial.csv --x composition"
  "spectrum|$work/measured.csv --fit $work/fitted.csv"
  "spectrum|$work/measured.csv"
  "grid|$work/grid.csv"
  "profile|$work/profiles.csv"
)
i=0
for entry in "${kinds[@]}"; do
  kind=${entry%%|*}
  args=${entry#*|}
  i=$((i + 1))
  # shellcheck disable=SC2086 # args are words on purpose
  "$bin" plot "$kind" $args -o "$work/p$i.png" --size 480x320 ||
    fail "plot $kind $args: exit $?"
  $check png "$work/p$i.png" 480 320 || fail "plot $kind $args (PNG)"
done
echo "ok   $i plots of every kind: valid, non-blank PNGs of the requested size"
"$bin" plot grid "$work/grid.csv" -o "$work/grid.svg" --size 640x480 --title "a # title"
$check svg "$work/grid.svg" 640 480 || fail "grid SVG"
"$bin" plot contour "$work/series.csv" -o "$work/map.SVG"
$check svg "$work/map.SVG" 1200 800 || fail "contour SVG (default size, upper-case extension)"
"$bin" plot traces "$work/series.csv" -o "$work/traces.pdf" --size 800x600
$check pdf "$work/traces.pdf" 800 600 || fail "traces PDF"
"$bin" plot spectrum "$work/measured.csv" --fit "$work/fitted.csv" -o "$work/spec.pdf"
$check pdf "$work/spec.pdf" 1200 800 || fail "spectrum PDF"
$check pngsize "$work/sim-map.png" 1200 800 || fail "simulate --plot (default 1200x800)"
[ "$(stat -c %a "$work/sim-map.png")" = 644 ] || fail "plot file mode $(stat -c %a "$work/sim-map.png")"
echo "ok   SVG and PDF: well formed, requested and default sizes; simulate --plot"

# ---- colour maps -----------------------------------------------------------
# One panel (monomers only) from x = 10 % to 87 % of the width, y from 10 %
# to 90 % of the height (no title): pixel column 223 of 480 crosses it. The
# ramp's value rises with the composition, so upwards the colour must only
# get lighter: the map is monotonic in lightness.
"$bin" plot contour "$work/ramp.csv" -o "$work/ramp.png" --size 480x320 --title ""
$check column "$work/ramp.png" 223 40 275 || fail "sequential map is not monotonic in lightness"
# Simulation minus itself is zero everywhere: the diverging map's centre (247,247,247).
"$bin" plot contour "$work/series.csv" --data "$work/series.csv" --diff -o "$work/zero.png" \
  --size 480x320 --title ""
read -r r g b < <($check pixel "$work/zero.png" 100 160)
[ "$r" -ge 240 ] && [ "$g" -ge 240 ] && [ "$b" -ge 240 ] || fail "zero difference drawn as $r,$g,$b"
echo "ok   colour maps: sequential lightness rises with the value; zero difference is neutral"

# ---- bad options: exit 2, one line, nothing written -------------------------
echo old >"$work/keep.png"
expect_fail() { # PATTERN ARGS...
  local pattern=$1 rc=0
  shift
  "$bin" plot "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "plot $*: exit $rc, expected 2"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "plot $*: stderr is not one line: $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "plot $*: wrote to standard output"
  grep -qiE -- "$pattern" "$work/err" || fail "plot $*: message $(cat "$work/err")"
  [ "$(cat "$work/keep.png")" = old ] || fail "plot $*: replaced the output file"
}
s=$work/series.csv
expect_fail "unknown plot kind 'pie'" pie "$s" -o "$work/keep.png"
expect_fail "no plot kind"
expect_fail "must end in .png, .svg or .pdf" contour "$s" -o "$work/x.jpg"
expect_fail "must end in .png, .svg or .pdf" contour "$s" -o "$work/png"
expect_fail "plot size \"10x10\"" contour "$s" -o "$work/keep.png" --size 10x10
expect_fail "plot size \"wide\"" contour "$s" -o "$work/keep.png" --size wide
expect_fail "plot size \"800x\"" contour "$s" -o "$work/keep.png" --size 800x
expect_fail "no output file" contour "$s"
expect_fail "needs 2 input files" tmax "$work/tmax.csv" -o "$work/keep.png"
expect_fail "--diff needs --data" contour "$s" --diff -o "$work/keep.png"
expect_fail "--diff does not apply to plot traces" traces "$s" --diff -o "$work/keep.png"
expect_fail "unknown option '--colour'" contour "$s" --colour red -o "$work/keep.png"
expect_fail "no column \"nope\" for --x" lines "$work/nmr.csv" --x nope -o "$work/keep.png"
expect_fail "no column \"nope\" for --y" bars "$work/binomial.csv" --y equilibrium,nope -o "$work/keep.png"
expect_fail "channel \[Ag99Au0\]1- is not in the series" traces "$s" --channels '[Ag99Au0]1-' -o "$work/keep.png"
expect_fail "no channel labels" contour "$work/nmr.csv" -o "$work/keep.png"
expect_fail "missing.csv" contour "$work/missing.csv" -o "$work/keep.png"
sed '3s/^[^,]*,/x,/' "$work/nmr.csv" >"$work/badcell.csv"
expect_fail "badcell.csv:3: column 1 \(ppm\): \"x\" is not a number" lines "$work/badcell.csv" -o "$work/keep.png"
expect_fail "channel \[Ag50Au0\]2- of the data is not in the simulation" contour "$work/ramp.csv" \
  --data "$s" --diff -o "$work/keep.png"
rc=0
"$bin" simulate "$work/sim.yaml" -q --plot "$work/x.gif" 2>"$work/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "must end in .png, .svg or .pdf" "$work/err" || fail "simulate --plot x.gif: exit $rc"
rc=0
"$bin" plot contour "$s" -o "$work/no/such/dir/x.png" 2>"$work/err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "no/such/dir" "$work/err" || fail "unwritable output: exit $rc $(cat "$work/err")"
! compgen -G "$work/*.tmp.*" >/dev/null || fail "temporary files left behind: $(ls "$work")"
echo "ok   bad options and inputs: exit 2 with one line, nothing written"

# ---- PLplot is a module opened by plots alone ---------------------------------
if ldd "$bin" | grep -qiE "plplot|cairo"; then
  fail "the clusterkin binary links PLplot or cairo at start-up"
fi
lib=$(ldd "$bin" | awk '/libclusterkin\.so/ {print $3}')
if [ -n "$lib" ]; then
  readelf -d "$lib" | grep -qi plplot && fail "libclusterkin.so needs PLplot"
  mkdir -p "$work/bare"
  cp "$bin" "$lib" "$work/bare/"
  rc=0
  LD_LIBRARY_PATH="$work/bare" "$work/bare/$(basename "$bin")" plot contour "$s" \
    -o "$work/bare/x.png" 2>"$work/err" || rc=$?
  [ "$rc" -eq 1 ] || fail "missing module: exit $rc, expected 1"
  grep -q "plot module unavailable" "$work/err" || fail "missing module: $(cat "$work/err")"
  [ ! -e "$work/bare/x.png" ] || fail "missing module left a plot file"
fi
# Without the cairo driver PLplot would print a device menu and read standard
# input; without any driver it calls exit(). Both must be clean errors.
drivers=$(dirname "$(ls /usr/lib/*/plplot*/drivers*/null.so 2>/dev/null | head -n 1)")
if [ -f "$drivers/null.so" ]; then
  mkdir -p "$work/nulldrv" "$work/nodrv"
  cp "$drivers"/null.* "$work/nulldrv/"
  for dir in nulldrv nodrv; do
    rc=0
    PLPLOT_DRV_DIR="$work/$dir" "$bin" plot contour "$s" -o "$work/d.png" </dev/null \
      >"$work/out" 2>"$work/err" || rc=$?
    [ "$rc" -eq 1 ] || fail "PLplot drivers in $dir: exit $rc, expected 1"
    [ ! -s "$work/out" ] && [ "$(wc -l <"$work/err")" -eq 1 ] ||
      fail "PLplot drivers in $dir: output $(cat "$work/out" "$work/err")"
    [ ! -e "$work/d.png" ] || fail "PLplot drivers in $dir: left a plot file"
  done
  PLPLOT_DRV_DIR="$work/nulldrv" "$bin" plot contour "$s" -o "$work/d.png" 2>"$work/err" </dev/null || true
  grep -q "no pngcairo device (Debian package plplot-driver-cairo)" "$work/err" ||
    fail "missing cairo driver: $(cat "$work/err")"
  ! compgen -G "$work/*.tmp.*" >/dev/null || fail "temporary files left behind: $(ls "$work")"
fi
echo "ok   PLplot loaded only for plots; a missing module or driver is a clean error"
