#!/usr/bin/env bash
# How long the test suite takes, phase by phase, on a fresh clone.
#
#   bench/suite_time.sh [CHECKOUT] [COMMIT]
#
# Clones CHECKOUT (default: this one) at COMMIT (default: its HEAD) into a new temporary folder
# and times, one after the other, each with /usr/bin/time (wall-clock, user and system CPU):
#
#   install      make install (a new .venv)
#   lint         make lint
#   tests        the tests that start no server, on SQLite, on every core   (TESTS_COMMAND)
#   faults       the fault tests (real servers killed), one at a time       (FAULTS_COMMAND)
#   browser      the browser tests, one at a time                          (BROWSER_COMMAND)
#   postgres     make test-postgres on TEST_DATABASE_URL (skipped when it is unset)
#
# These are the steps `make test` (and then `make test-postgres`) runs, timed one by one. Set
# the *_COMMAND variables to time an older commit the way its Makefile ran them (an empty
# FAULTS_COMMAND skips that phase).
# Other work on the machine slows the wall-clock time: the load average is read every 5 seconds
# and its mean and highest value printed for each phase. CPU time is the steadier figure.
# Prints a table at the end; the clone is left in place (its path is printed) for a look.
set -euo pipefail
source_repo="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
commit="${2:-HEAD}"
TESTS_COMMAND="${TESTS_COMMAND-.venv/bin/pytest -n auto -m 'not e2e and not faults'}"
FAULTS_COMMAND="${FAULTS_COMMAND-.venv/bin/pytest -m faults}"
BROWSER_COMMAND="${BROWSER_COMMAND-.venv/bin/pytest -m e2e}"

work="$(mktemp -d /tmp/suite-time.XXXXXX)"
git clone --quiet "$source_repo" "$work/clone"
cd "$work/clone"
git checkout --quiet "$commit"
echo "Timing $(git log -1 --format='%h %s') in $work/clone"
echo "Machine: $(nproc) cores, $(python3 --version 2>&1)"

results=()
phase() {  # phase NAME COMMAND...
  local name="$1"
  shift
  local log="$work/$name.log" loads="$work/$name.load"
  : >"$loads"
  (while true; do cut -d' ' -f1 /proc/loadavg >>"$loads"; sleep 5; done) &
  local sampler=$!
  local status=0
  /usr/bin/time -f '%e %U %S' -o "$work/$name.time" "$@" >"$log" 2>&1 || status=$?
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  # /usr/bin/time writes "Command exited with non-zero status N" first when the step fails
  read -r wall user sys < <(tail -n 1 "$work/$name.time") || { wall=?; user=?; sys=?; }
  load=$(awk '{s+=$1; if ($1>m) m=$1} END {if (NR) printf "%.1f (max %.1f)", s/NR, m}' "$loads")
  summary=$(grep -E '(passed|failed|error)' "$log" | tail -1 || true)
  results+=("$(printf '%-9s %8s %8s %8s  %-18s %s' "$name" "$wall" "$user" "$sys" "$load" "exit $status; $summary")")
  echo "${results[-1]}"
}

phase install make install
phase lint make lint
phase tests bash -c "$TESTS_COMMAND"
[ -z "$FAULTS_COMMAND" ] || phase faults bash -c "$FAULTS_COMMAND"
phase browser bash -c "$BROWSER_COMMAND"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  phase postgres make test-postgres TEST_DATABASE_URL="$TEST_DATABASE_URL"
fi

echo
printf '%-9s %8s %8s %8s  %-18s %s\n' phase "wall s" "user s" "sys s" "load mean" "result"
printf '%s\n' "${results[@]}"
echo "Logs: $work/*.log"
