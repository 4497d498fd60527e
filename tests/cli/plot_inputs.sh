# Sourced by test_plot.sh and test_plot_render_slow.sh: the inputs of every
# plot kind, written into $work (needs $bin, $ex from the caller).
# A short simulation, its t_max, and small generic tables.
sed -e 's/end: 3240 s/end: 600 s/' -e 's/step: 10 s/step: 20 s/' "$ex/ag25-au25-sim3.yaml" >"$work/sim.yaml"
"$bin" simulate "$work/sim.yaml" -q -o "$work/series.csv" --tmax "$work/tmax.csv" \
  --plot "$work/sim-map.png"
/usr/bin/python3 - "$work" <<'PY'
import math, sys, zlib
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
    f.write("point,dimerization,dissociation,exchange,objective,dataset_1,status,crc32\n")
    p = 0
    for a in vals:
        for b in vals:
            for c in vals:
                o = (math.log10(a) + 2) ** 2 + (math.log10(b) + 1) ** 2 + (math.log10(c) + 1.5) ** 2
                row = "%d,%g,%g,%g,%.17g,%.17g,ok" % (p, a, b, c, o, o)
                f.write("%s,%08x\n" % (row, zlib.crc32(row.encode())))
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


# Draws every plot kind from the inputs above as 480x320 PNGs p1.png, p2.png,
# ... in $work, each checked by `$check MODE` (pngsize: the size; png: also
# content); sets i to the number drawn.
plot_every_kind() {
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
    $check "$1" "$work/p$i.png" 480 320 || fail "plot $kind $args (PNG)"
  done
}
