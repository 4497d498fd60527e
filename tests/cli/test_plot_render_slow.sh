#!/usr/bin/env bash
# What `clusterkin plot` draws: every kind writes a PNG that decodes (with a
# decoder written from the PNG specification) to the requested size and is
# not blank; SVG parses as XML with an <svg> root of the size in points; PDF
# has its header, trailer and MediaBox; the sequential colour map gets
# lighter with the value (it survives grey-scale printing); a simulation
# minus itself is the diverging map's neutral colour. Normal build only:
# decoding pixels in Python is slow, and test_plot.sh runs every kind under
# the sanitizers.
set -euo pipefail
bin=$1
ex=${CK_EXAMPLES:?}
data=${CK_TESTDATA:?}
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/../reference/plot_check.py"
source "$here/cli_lib.sh" # fail, workdir
workdir work

source "$here/plot_inputs.sh"

# ---- every kind, every format ----------------------------------------------
plot_every_kind png
echo "ok   $i plots of every kind: valid, non-blank PNGs of the requested size"
"$bin" plot grid "$work/grid.csv" -o "$work/grid.svg" --size 640x480 --title "a # title"
$check svg "$work/grid.svg" 640 480 || fail "grid SVG"
"$bin" plot contour "$work/series.csv" -o "$work/map.SVG"
$check svg "$work/map.SVG" 1200 800 || fail "contour SVG (default size, upper-case extension)"
"$bin" plot traces "$work/series.csv" -o "$work/traces.pdf" --size 800x600
$check pdf "$work/traces.pdf" 800 600 || fail "traces PDF"
"$bin" plot spectrum "$work/measured.csv" --fit "$work/fitted.csv" -o "$work/spec.pdf"
$check pdf "$work/spec.pdf" 1200 800 || fail "spectrum PDF"
$check png "$work/sim-map.png" 1200 800 || fail "simulate --plot (default 1200x800)"
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

