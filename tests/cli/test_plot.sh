#!/usr/bin/env bash
# `clusterkin plot KIND` and `simulate --plot` (runs in the sanitizer build
# too): every kind draws a PNG of the requested size; bad options fail with
# exit 2 and one line, nothing written; the clusterkin binary does not link
# PLplot, and a missing module or driver is a clean error. Pixels, SVG and
# PDF are checked in test_plot_render_slow.sh.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
data=${CK_TESTDATA:?}
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/../reference/plot_check.py"
# Sanitizer builds: fontconfig's process-lifetime caches are not our leaks.
export LSAN_OPTIONS="suppressions=$here/../reference/plot_lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
source "$here/cli_lib.sh" # fail, workdir
workdir work

source "$here/plot_inputs.sh"

# ---- every kind --------------------------------------------------------------
plot_every_kind pngsize
echo "ok   $i plots of every kind: PNGs of the requested size"
$check pngsize "$work/sim-map.png" 1200 800 || fail "simulate --plot (default 1200x800)"
[ "$(stat -c %a "$work/sim-map.png")" = 644 ] || fail "plot file mode $(stat -c %a "$work/sim-map.png")"

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
