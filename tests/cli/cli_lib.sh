# The preamble shared by the CLI tests (and scripts/memcheck.sh). Sourced, not
# a test itself: its name stays outside the test_*.sh glob of
# tests/CMakeLists.txt, which would otherwise run it as one.
#   source "$(dirname "$0")/cli_lib.sh"
#   fail MESSAGE...      one line "FAIL: MESSAGE" on stderr, exit 1
#   workdir VAR [--cd]   a new temporary directory, its path in VAR, removed
#                        when the script exits; --cd enters it
#   on_exit COMMAND      add COMMAND (evaluated then) to the clean-up at exit;
#                        the last added runs first, so a background process
#                        started in the directory is stopped before it goes
# The clean-up owns the EXIT trap: a test adds to it with on_exit and never
# sets that trap itself (which would drop the directory's removal).

fail() { echo "FAIL: $*" >&2; exit 1; }

cli_lib_exit_commands=()

# Every command runs even when one before it fails; the script's own exit
# status is kept (bash keeps it when the trap returns normally).
cli_lib_run_exit_commands() {
  local command
  for command in "${cli_lib_exit_commands[@]}"; do
    eval "$command" || true
  done
}

on_exit() {
  cli_lib_exit_commands=("$1" "${cli_lib_exit_commands[@]}")
  trap cli_lib_run_exit_commands EXIT
}

workdir() {
  local path
  path=$(mktemp -d)
  printf -v "$1" '%s' "$path"
  # The path itself, not the variable: a test may reuse the name later.
  on_exit "rm -rf $(printf '%q' "$path")"
  case ${2:-} in
    "") ;;
    --cd) cd "$path" || exit 1 ;;
    *) echo "workdir: unknown option $2" >&2; exit 2 ;;
  esac
}
