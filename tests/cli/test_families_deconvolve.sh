#!/usr/bin/env bash
# Deconvolution with several cluster families (issue 5): each channel's
# template carries its own family's ligand shell and charge, a heterodimer's
# both shells. Round trip: spectra of a two-family model (Ag4/Au4 thiolate
# monoanions, Au3 dithiolate trianions, their heterodimers 4- and the Au3
# homodimers 6- on top of the Au3 monomers) simulated by `simulate --spectra`
# over the whole m/z range deconvolve back to every one of the 33 channels'
# fractions within 0.01 absolute. Clusters of one family with different
# ligand shells are refused (exit 2).
set -euo pipefail
bin=$(readlink -f "$1")
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
source "$(dirname "$0")/families_model.sh" # families_model

families_model "two families" "end: 3000 s, step: 100 s" > "$dir/m.yaml"
"$bin" simulate "$dir/m.yaml" -q --sample-every "1000 s" -o "$dir/series.csv" \
  --spectra "$dir/sp" --mz-range 240:1400 --mz-step 0.01 2> "$dir/err" ||
  fail "simulate --spectra: $(cat "$dir/err")"
/usr/bin/python3 - "$dir" <<'PY'
import glob, os, sys
d = sys.argv[1]
with open(os.path.join(d, "scans.csv"), "w") as out:
    out.write("time_s,mz,intensity\n")
    for path in sorted(glob.glob(os.path.join(d, "sp", "spectrum-*s.csv"))):
        t = float(os.path.basename(path)[9:-5])
        for line in list(open(path))[1:]:
            out.write("%.10g,%s" % (t, line))
PY
"$bin" deconvolve "$dir/scans.csv" --model "$dir/m.yaml" -o "$dir/ch.csv" -q 2> "$dir/err" ||
  fail "deconvolve: $(cat "$dir/err")"
/usr/bin/python3 - "$dir/series.csv" "$dir/ch.csv" <<'PY' || fail "round trip"
import csv, sys
sim = list(csv.DictReader(open(sys.argv[1])))
got = list(csv.DictReader(open(sys.argv[2])))
labels = [h for h in got[0] if h != "time_s" and not h.startswith("sd:")]
assert sorted(labels) == sorted(h for h in sim[0] if h != "time_s"), labels
assert len(labels) == 33 and "[Ag7Au0]4-" in labels and "[Ag0Au6]6-" in labels, labels
assert len(got) == len(sim) >= 3
for s, g in zip(sim, got):
    for l in labels:
        assert abs(float(s[l]) - float(g[l])) <= 0.01, (s["time_s"], l, s[l], g[l])
# the later scans hold every class: Au3 monomers, their homodimers and heterodimers
last = got[-1]
for l in ("[Ag1Au2]3-", "[Ag1Au5]6-", "[Ag3Au4]4-"):
    assert float(last[l]) > 1e-4, (l, last[l])
PY

# one family (N = 4, 1-) with two ligand shells: no single channel formula
sed 's/Au4: {formula: "\[Au4(C8H9S)4\]-"/Au4: {formula: "[Au4(C6H13S)4]-"/' "$dir/m.yaml" > "$dir/bad.yaml"
rc=0
"$bin" deconvolve "$dir/scans.csv" --model "$dir/bad.yaml" -o "$dir/bad.csv" -q 2> "$dir/err" || rc=$?
[ "$rc" -eq 2 ] || fail "two shells in one family: exit $rc"
grep -q "Ag4 and Au4 differ in their non-exchanging atoms" "$dir/err" || fail "message: $(cat "$dir/err")"
[ ! -e "$dir/bad.csv" ] || fail "wrote a channel CSV"
echo ok
