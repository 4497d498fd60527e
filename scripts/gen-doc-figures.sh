#!/usr/bin/env bash
# Regenerates the figures of docs/tutorial.md: runs the page's commands in a
# temporary directory (scripts/run-tutorial.sh) and copies every PNG the page
# shows as figures/NAME.png into docs/figures/.
#   scripts/gen-doc-figures.sh [BINARY]   (default build/clusterkin)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/build/clusterkin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash "$repo/scripts/run-tutorial.sh" "$bin" "$work" "$repo/docs/tutorial.md"
mkdir -p "$repo/docs/figures"
for f in $(grep -o '](figures/[A-Za-z0-9_.-]*\.png)' "$repo/docs/tutorial.md" | sed 's/^](figures\///; s/)$//' | sort -u); do
  [ -f "$work/$f" ] || { echo "gen-doc-figures: the tutorial shows figures/$f but no command wrote $f" >&2; exit 1; }
  cp "$work/$f" "$repo/docs/figures/$f"
done
ls -l "$repo/docs/figures"
