#!/usr/bin/env bash
# docs/tutorial.md cannot rot: every line of it that begins with "$ " is run,
# in order, in an empty directory (scripts/run-tutorial.sh), and must exit 0;
# every figure the page shows (figures/NAME.png) must be written by one of
# them and be a PNG, and docs/figures/ must hold it.
set -euo pipefail
bin=$(readlink -f "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/cli_lib.sh" # fail, workdir
workdir work

page="$repo/docs/tutorial.md"
n=$(grep -c '^\$ ' "$page")
[ "$n" -ge 20 ] || fail "only $n commands found in docs/tutorial.md"
TUTORIAL_LOG="$work/transcript.txt" bash "$repo/scripts/run-tutorial.sh" "$bin" "$work/run" "$page" ||
  { tail -n 20 "$work/transcript.txt"; fail "a docs/tutorial.md command failed (see above)"; }

figures=$(grep -o '](figures/[A-Za-z0-9_.-]*\.png)' "$page" | sed 's/^](figures\///; s/)$//' | sort -u)
[ -n "$figures" ] || fail "docs/tutorial.md shows no figures"
for f in $figures; do
  [ -f "$work/run/$f" ] || fail "the tutorial shows figures/$f but no command writes $f"
  head -c 8 "$work/run/$f" | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a' || fail "$f is not a PNG"
  [ -f "$repo/docs/figures/$f" ] || fail "docs/figures/$f missing: run scripts/gen-doc-figures.sh"
done
echo "ran $n commands of docs/tutorial.md"
