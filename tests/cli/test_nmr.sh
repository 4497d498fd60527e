#!/usr/bin/env bash
# `clusterkin nmr hydride`: the line list of the shipped Se series against an
# independent brute-force enumeration (every Ag atom's isotope and every spin
# state, MODEL.md section 6), the deuteride scaling, the CSV spectrum and its
# columns, atomic output, and bad input (one line, exit 2, no file).
set -euo pipefail
bin=$1
example=${CK_EXAMPLES:-$(dirname "$0")/../../examples}/cuag7-hydride-se.yaml
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

"$bin" nmr hydride "$example" --json >"$work/h.json" || fail "--json exits $?"
sed 's/^deuteride: false/deuteride: true/' "$example" >"$work/d.yaml"
"$bin" nmr hydride "$work/d.yaml" --json >"$work/d.json" || fail "deuteride exits $?"
/usr/bin/python3 - "$example" "$work/h.json" "$work/d.json" <<'PY' || fail "line list"
import itertools, json, sys, collections
import yaml
spec = yaml.safe_load(open(sys.argv[1]))
p = {107: 0.51839, 109: 0.48161}          # MODEL.md section 6
def number(text):
    return float(str(text).split()[0])
def enumerate_lines(mhz, scale):
    """Brute force: each Ag atom 107 or 109, each spin up or down."""
    out = collections.defaultdict(float)
    for c in spec["compositions"]:
        n = c["formula"].count("Ag") and int(c["formula"].split("Ag")[1] or 1)
        centre = number(c["shift"]) * mhz
        j = {107: number(c.get("j107", 0)) / scale, 109: number(c.get("j109", 0)) / scale}
        for isotopes in itertools.product((107, 109), repeat=n):
            w = 1.0
            for a in isotopes:
                w *= p[a]
            for spins in itertools.product((0.5, -0.5), repeat=n):
                pos = centre + sum(m * j[a] for m, a in zip(spins, isotopes))
                out[(c["formula"], round(pos, 6))] += w / 2 ** n
    return out
for path, mhz, scale in ((sys.argv[2], 600.0, 1.0), (sys.argv[3], 600.0 / 6.514, 6.514)):
    d = json.load(open(path))
    assert abs(d["observe_mhz"] - mhz) < 1e-6, d["observe_mhz"]
    got = collections.defaultdict(float)
    for l in d["lines"]:
        got[(l["composition"], round(l["hz"], 6))] += l["intensity"]
        assert abs(l["ppm"] * mhz - l["hz"]) < 1e-4, l
    want = enumerate_lines(mhz, scale)
    assert set(got) == set(want), sorted(set(got) ^ set(want))[:5]
    for k in want:
        assert abs(got[k] - want[k]) < 1e-9, (k, got[k], want[k])
    assert abs(sum(l["intensity"] for l in d["lines"]) - 8.0) < 1e-9
PY

# CSV to a file: header, ascending ppm covering every line +- 10 linewidths,
# the component columns add up to the total.
"$bin" nmr hydride "$example" -o "$work/s.csv" --components >"$work/stdout" || fail "-o exits $?"
[[ ! -s "$work/stdout" ]] || fail "-o also wrote to stdout"
/usr/bin/python3 - "$work/s.csv" "$work/h.json" <<'PY' || fail "spectrum CSV"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["ppm", "intensity", "Cu6Ag", "Cu5Ag2", "Cu4Ag3", "Cu3Ag4", "Cu2Ag5",
                   "CuAg6", "Ag7", "Cu7"], rows[0]
data = [[float(x) for x in r] for r in rows[1:]]
ppm = [r[0] for r in data]
assert all(b > a for a, b in zip(ppm, ppm[1:]))
hz = [l["hz"] for l in json.load(open(sys.argv[2]))["lines"]]
assert ppm[0] <= (min(hz) - 29.9) / 600 and ppm[-1] >= (max(hz) + 29.9) / 600, (ppm[0], ppm[-1])
for r in data:
    assert abs(sum(r[2:]) - r[1]) <= 1e-5 * r[1] + 1e-12, r
top = max(data, key=lambda r: r[1])
assert abs(top[0] - (-0.286)) < 0.001, top  # the Cu7 singlet is the tallest line
PY
"$bin" nmr hydride "$example" >"$work/stdout.csv" || fail "stdout CSV exits $?"
[[ $(head -1 "$work/stdout.csv") == "ppm,intensity" ]] || fail "stdout CSV header"

# Bad input: one line, exit 2, nothing written.
expect_bad() {
  local word=$1 spec=$2
  set +e
  "$bin" nmr hydride "$spec" -o "$work/bad.csv" 2>"$work/err"
  local rc=$?
  set -e
  [[ $rc -eq 2 ]] || fail "$spec: exit $rc, expected 2"
  [[ $(wc -l <"$work/err") -eq 1 ]] || fail "$spec: stderr not one line: $(cat "$work/err")"
  grep -q -- "$word" "$work/err" || fail "$spec: no '$word' in: $(cat "$work/err")"
  [[ ! -e "$work/bad.csv" ]] || fail "$spec: left an output file"
}
sed 's/linewidth: 3 Hz/linewidth: 3 Hzz/' "$example" >"$work/unit.yaml"
expect_bad 'unit.yaml:[0-9]*: .*unknown unit "Hzz"' "$work/unit.yaml"
sed 's/, shift: 1.890 ppm//' "$example" >"$work/missing.yaml"
expect_bad 'missing.yaml:[0-9]*: missing required key "shift" in compositions\[2\]' \
  "$work/missing.yaml"
sed 's/linewidth: 3 Hz/linewidth: -3 Hz/' "$example" >"$work/neg.yaml"
expect_bad "linewidth must be greater than 0" "$work/neg.yaml"
expect_bad "cannot" "$work/absent.yaml"
set +e
"$bin" nmr noesy "$example" 2>/dev/null
[[ $? -eq 2 ]] || fail "unknown nmr spectrum"
set -e
echo "nmr: ok"
