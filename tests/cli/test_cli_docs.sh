#!/usr/bin/env bash
# docs/cli.md is generated from the binary's --help texts: regenerate it into a
# temporary file and fail, with the difference, when the committed one is stale.
set -euo pipefail
bin=$(readlink -f "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/cli_lib.sh" # workdir
workdir work

bash "$repo/scripts/gen-cli-docs.sh" "$bin" "$work/cli.md"
grep -q '^## clusterkin simulate$' "$work/cli.md" || { echo "FAIL: generator lost a command"; exit 1; }
if ! diff -u "$repo/docs/cli.md" "$work/cli.md"; then
  echo "FAIL: docs/cli.md is stale: run scripts/gen-cli-docs.sh (after make build)"
  exit 1
fi
