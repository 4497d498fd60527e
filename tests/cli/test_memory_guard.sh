#!/usr/bin/env bash
# Memory guard (issue 5): an oversized model is refused before allocation with
# exit 2 and a message naming the estimate and the limit; limits.memory and
# --memory-limit set the budget (the option overrides the model file).
set -euo pipefail
bin=$1
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir dir
# Four metals, N = 40: C(43,3) = 12341 monomers, 76 million dimers, ~1e9 reactions.
cat > "$dir/huge.yaml" <<'YAML'
clusters:
  Au40: {formula: "[Au40(C6H13S)24]", concentration: 10 nM}
  Ag40: {formula: "[Ag40(C6H13S)24]", concentration: 10 nM}
  Cu40: {formula: "[Cu40(C6H13S)24]", concentration: 10 nM}
  Pd40: {formula: "[Pd40(C6H13S)24]", concentration: 10 nM}
mechanism:
  exchange: [Ag, Au, Cu, Pd]
  rates: {dimerization: 1e-2, dissociation: 1e-1, exchange: 3.2e-2}
YAML
set +e
/usr/bin/time -f "%M" -o "$dir/rss" "$bin" simulate "$dir/huge.yaml" -o "$dir/out.csv" 2> "$dir/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "oversized model: exit $rc, expected 2"
grep -q "huge.yaml: the reaction network would need about .* GiB .* above the memory limit of 8 GiB" \
  "$dir/err" || fail "message: $(cat "$dir/err")"
[ ! -e "$dir/out.csv" ] || fail "an output was written"
[ "$(tail -1 "$dir/rss")" -lt 200000 ] || fail "refusal allocated $(tail -1 "$dir/rss") KB"
# The seed model fits by default, not in 32 KiB (model file; its network alone,
# 26 + 351 species and 1302 reactions, needs ~50 kB), again with 1 GiB (option).
sed 's/^simulate:.*$/limits: {memory: 32 KiB}/' "$CK_EXAMPLES/ag25-au25-sim3.yaml" > "$dir/small.yaml"
grep -q "limits:" "$dir/small.yaml" || echo "limits: {memory: 32 KiB}" >> "$dir/small.yaml"
"$bin" network "$CK_EXAMPLES/ag25-au25-sim3.yaml" --json > /dev/null || fail "seed model refused"
set +e
"$bin" network "$dir/small.yaml" --json > /dev/null 2> "$dir/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "32 KiB limit: exit $rc"
grep -q "memory limit of 3.05e-05 GiB" "$dir/err" || fail "message: $(cat "$dir/err")"
"$bin" simulate "$dir/small.yaml" --memory-limit "1 GiB" -q -o "$dir/ok.csv" || fail "--memory-limit"
set +e
"$bin" network "$dir/small.yaml" --memory-limit "lots" > /dev/null 2> "$dir/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad size: exit $rc"
grep -q "not a memory size" "$dir/err" || fail "message: $(cat "$dir/err")"
echo ok
