#!/usr/bin/env bash
# Runs every command of a guide page, in order, in an empty work directory:
# the lines that begin with "$ " (a trailing backslash continues a command on
# the next line; the lines after a command are its output and are not run).
# The work directory sees the repository's examples/, tests/ and docs/ through
# symbolic links, so the page's repository-relative paths resolve and every
# output lands in the work directory; `clusterkin` is BINARY.
#   scripts/run-tutorial.sh BINARY WORKDIR [PAGE.md]  (default docs/tutorial.md)
# With TUTORIAL_LOG=FILE each command and its output are appended to FILE.
# Exit status 1 naming the page line of the first command that fails.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(readlink -f "$1")
work=$(readlink -f "$2")
page=$(readlink -f "${3:-$repo/docs/tutorial.md}")
log=${TUTORIAL_LOG:-/dev/null}

mkdir -p "$work/.bin"
ln -sf "$bin" "$work/.bin/clusterkin"
for d in examples tests docs; do ln -sfn "$repo/$d" "$work/$d"; done

# One script: each command followed by a check naming its page line.
awk -v page="$page" '
  function flush() {
    if (cmd == "") return
    printf "printf %%s\\\\n %s >>\"$LOG\"\n", quote("$ " cmd)
    printf "( %s ) >>\"$LOG\" 2>&1 || { echo \"FAIL: %s:%d: exit $?: %s\" >&2; exit 1; }\n",
           cmd, page, line, esc(cmd)
    cmd = ""
  }
  function quote(s) { gsub(/\x27/, "\x27\\\x27\x27", s); return "\x27" s "\x27" }
  function esc(s) { gsub(/[\\"$`]/, "\\\\&", s); return s }
  cont { sub(/^ +/, ""); cmd = cmd " " $0; cont = sub(/ *\\$/, "", cmd); if (!cont) flush(); next }
  /^\$ / { cmd = substr($0, 3); line = NR; cont = sub(/ *\\$/, "", cmd); if (!cont) flush() }
  END { flush() }
' "$page" >"$work/.tutorial.sh"

cd "$work"
PATH="$work/.bin:$PATH" LOG=$(readlink -f "$log" 2>/dev/null || echo /dev/null) bash -e .tutorial.sh
