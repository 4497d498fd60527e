#!/usr/bin/env bash
# `clusterkin simulate --spectra` -> `clusterkin deconvolve` -> `clusterkin fit`:
# spectra of simulation 3 in a narrow m/z window (an even dimer on its monomer,
# MODEL.md section 7) deconvolve back to the simulated channels, the channel
# CSV has sd: columns and rows summing to 1, fit's reader takes it, threads
# do not change a byte; bad input exits 2 with the file and line.
set -euo pipefail
bin=$(readlink -f "$1")
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work
model=${CK_EXAMPLES}/ag25-au25-sim3.yaml

"$bin" simulate "$model" -q --sample-every "600 s" -o "$work/series.csv" \
  --spectra "$work/sp" --mz-range 6150:6330 --mz-step 0.03 || fail "simulate --spectra exits $?"
n_rows=$(($(wc -l <"$work/series.csv") - 1))
[[ $(ls "$work/sp" | wc -l) == "$n_rows" ]] || fail "expected $n_rows spectra: $(ls "$work/sp")"
[[ -f "$work/sp/spectrum-000600.000s.csv" ]] || fail "spectrum file names: $(ls "$work/sp")"
head -1 "$work/sp/spectrum-000600.000s.csv" | grep -qx "mz,intensity" || fail "spectrum header"

# One three-column series (time_min, to exercise the unit) from the files.
/usr/bin/python3 - "$work" <<'PY'
import glob, os, sys
work = sys.argv[1]
with open(os.path.join(work, "scans.csv"), "w") as out:
    out.write("# synthetic\ntime_min,mz,intensity\n")
    for path in sorted(glob.glob(os.path.join(work, "sp", "spectrum-*s.csv"))):
        t = float(os.path.basename(path)[9:-5]) / 60
        for line in list(open(path))[1:]:
            out.write("%.10g,%s" % (t, line))
PY
"$bin" deconvolve "$work/scans.csv" --model "$model" -o "$work/ch.csv" -q --threads 1 \
  --residuals "$work/res" || fail "deconvolve exits $?"
"$bin" deconvolve "$work/scans.csv" --model "$model" -o "$work/ch2.csv" -q --threads 2 ||
  fail "deconvolve --threads 2 exits $?"
cmp -s "$work/ch.csv" "$work/ch2.csv" || fail "threads change the channel CSV"
[[ $(ls "$work/res" | wc -l) == "$n_rows" ]] || fail "residual files: $(ls "$work/res")"

/usr/bin/python3 - "$work/series.csv" "$work/ch.csv" <<'PY' || fail "channel CSV: $(head -3 "$work/ch.csv")"
import csv, sys
sim = list(csv.DictReader(open(sys.argv[1])))
got = list(csv.DictReader(open(sys.argv[2])))
head = list(got[0])
labels = [h for h in head if h != "time_s" and not h.startswith("sd:")]
assert head[0] == "time_s" and head[1 + len(labels):] == ["sd:" + l for l in labels], head
# the window holds [Ag13Au12]1- and the dimers [Ag27Au23]2- .. [Ag25Au25]2-
for l in ("[Ag13Au12]1-", "[Ag26Au24]2-", "[Ag27Au23]2-", "[Ag25Au25]2-"):
    assert l in labels, labels
assert len(got) == len(sim)
for s, g in zip(sim, got):
    assert abs(float(s["time_s"]) - float(g["time_s"])) < 1e-6, (s["time_s"], g["time_s"])
    assert abs(sum(float(g[l]) for l in labels) - 1) < 1e-9
    total = sum(float(s[l]) for l in labels)
    for l in labels:
        assert abs(float(s[l]) / total - float(g[l])) < 1e-3, (l, s[l], g[l])
        assert float(g["sd:" + l]) > 0
PY

# fit reads it: a two-point grid at the simulated rates.
sed -e '/^simulate:/,$d' "$model" >"$work/fit.yaml"
cat >>"$work/fit.yaml" <<'YAML'
simulate: {dead-time: 20 s, end: 3240 s, step: 600 s}
fit:
  objective: traces
  refine: false
  intervals: none
  parameters:
    dimerization: {fixed: 1.0e-2}
    dissociation: {fixed: 5.6e-2}
    exchange: {min: 3.2e-2, max: 3.3e-2, points: 2}
  datasets:
    - {data: ch.csv, concentrations: {Ag25: 40 nM, Au25: 40 nM}}
YAML
(cd "$work" && "$bin" fit fit.yaml -o result.json 2>"$work/fit.err") ||
  fail "fit on the deconvolved CSV: $(cat "$work/fit.err")"
grep -q '"objective"' "$work/result.json" || fail "fit result: $(cat "$work/result.json")"

# Bad input: exit 2, one line naming the file and line.
printf 'mz,intensity\n6200,1\n6199,2\n' >"$work/bad.csv"
set +e
"$bin" deconvolve "$work/bad.csv" --model "$model" -o "$work/x.csv" 2>"$work/err"
rc=$?
set -e
[[ $rc == 2 ]] || fail "bad spectrum exits $rc"
grep -qx "clusterkin: $work/bad.csv:3: m/z 6199 does not ascend (previous 6200)" "$work/err" ||
  fail "bad spectrum message: $(cat "$work/err")"
[[ ! -e "$work/x.csv" ]] || fail "output written despite the error"
set +e
"$bin" deconvolve "$work/scans.csv" 2>"$work/err"
rc=$?
set -e
[[ $rc == 2 ]] || fail "no --model exits $rc"
# Scans before mixing cannot go into a channel CSV.
set +e
"$bin" deconvolve "$work/scans.csv" --model "$model" --mixing-time "5 min" -o "$work/x.csv" 2>"$work/err"
rc=$?
set -e
[[ $rc == 2 ]] && grep -q "before mixing" "$work/err" || fail "scans before mixing: $rc $(cat "$work/err")"
echo "ok"
