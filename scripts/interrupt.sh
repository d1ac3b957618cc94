#!/usr/bin/env bash
# Interrupts every command that writes files at random moments and checks
# what a user is promised (docs/limits.md):
#
#   - SIGINT (Ctrl-C): the command exits within a second, with 130 (or 0
#     when it had finished before the signal came), and prints nothing on
#     standard output when it exits 130;
#   - SIGINT or SIGKILL: every output holds its old content or its new one,
#     never a torn file, and a set of charts is all old or all new after
#     SIGINT (after SIGKILL a set cut between two renames is finished by the
#     next write into its folder);
#   - the next complete run leaves no temporary file behind and writes the
#     new outputs.
#
#   scripts/interrupt.sh            # 10 rounds per command and signal
#   scripts/interrupt.sh 2          # the short form .ci/run runs
#   SEED=7 scripts/interrupt.sh 25  # other random moments
#   CCSIM_BIN=/tmp/old/ccsim scripts/interrupt.sh 3   # another build
#
# The second is measured from the signal to the exit as the shell sees it:
# on a machine loaded far beyond its cores, scheduling alone can pass it
# (a failure names the load average so that this can be told apart).
#
# "Old" outputs are written with --seed 1 and "new" ones with --seed 2, so
# that the two differ. Exits 1 on the first broken promise, naming it.
set -uo pipefail
rounds=${1:-10}
RANDOM=${SEED:-1}
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=${CCSIM_BIN:-$work/ccsim}
[ -n "${CCSIM_BIN:-}" ] || go build -o "$bin" ./cmd/ccsim || exit 2
log=contactlog/testdata/anonymous-bank-1999-05-04.txt

# Each case writes into $work/out: CASE_args SEED prints its arguments.
run_charts_args()      { echo run scenarios/week.yaml --reps 6 --seed "$1" --charts "$work/out/charts"; }
plan_charts_args()     { echo plan cmd/ccsim/testdata/plan-small.yaml --seed "$1" --charts "$work/out/charts"; }
compare_png_args()     { echo compare scenarios/default.yaml scenarios/week.yaml --reps 4 --seed "$1" --png "$work/out/compare.png"; }
check_update_args()    { echo check scenarios/week.yaml --reps 6 --seed "$1" --baseline "$work/out/base.json" --update; }
check_junit_args()     { echo check scenarios/week.yaml --reps 6 --seed "$1" --baseline "$work/base.json" --junit "$work/out/check.xml"; }
calibrate_args()       { echo calibrate --log-format anonymous-bank "$log" --reps 4 --seed "$1" -o "$work/out/calibrated.yaml"; }
backtest_charts_args() { echo backtest cmd/ccsim/testdata/calibrate-day.yaml.golden --log-format anonymous-bank --log "$log" --reps 4 --seed "$1" --charts "$work/out/charts"; }
init_args()            { echo init "$work/out/s.yaml" --schema --force; }
run_stdout_args()      { echo run scenarios/week.yaml --reps 6 --seed "$1" --format json; }
cases="run_charts plan_charts compare_png check_update check_junit calibrate backtest_charts init run_stdout"

fail() { echo "interrupt.sh: $*" >&2; exit 1; }

# state: a digest of every visible output, for old/new comparisons.
state() { (cd "$work/out" && find . -type f ! -name '.*' -print0 | sort -z | xargs -0 -r sha256sum) | sha256sum | cut -c1-16; }
# files: each visible output and its digest, one a line.
files() { (cd "$work/out" && find . -type f ! -name '.*' -print0 | sort -z | xargs -0 -r sha256sum); }
# leftovers: hidden files the writers leave (temporary files, journals).
leftovers() { find "$work/out" -name '.*' -type f; }

now_ms() { date +%s%3N; }

# complete CASE SEED: runs the case to the end; it must succeed.
complete() {
  local args; args=$("$1_args" "$2")
  # shellcheck disable=SC2086
  "$bin" $args >"$work/stdout" 2>"$work/stderr" || fail "$1 --seed $2 failed: $(cat "$work/stderr")"
  if [ "$1" = run_stdout ]; then cp "$work/stdout" "$work/out/stdout.json"; fi
}

# per-file old-or-new: every visible file has its old or its new digest.
each_old_or_new() {
  local f
  while read -r sum name; do
    grep -qxF "$sum  $name" "$work/old.files" || grep -qxF "$sum  $name" "$work/new.files" ||
      fail "$1: $name is neither old nor new after $2"
  done < <(files)
}

"$bin" check scenarios/week.yaml --reps 6 --seed 1 --baseline "$work/base.json" --update >/dev/null 2>&1 ||
  fail "cannot write the baseline for check_junit"

total=0 cut=0
for c in $cases; do
  rm -rf "$work/out"; mkdir -p "$work/out"
  complete "$c" 2; new=$(state); files >"$work/new.files"
  t0=$(now_ms); complete "$c" 1; dur=$(( $(now_ms) - t0 )); old=$(state); files >"$work/old.files"
  [ -z "$(leftovers)" ] || fail "$c: a complete run left $(leftovers)"
  for sig in INT KILL; do
    for ((r = 0; r < rounds; r++)); do
      total=$((total + 1))
      [ "$(state)" = "$old" ] || complete "$c" 1
      args=$("${c}_args" 2)
      # A random moment from the start to 120% of a complete run.
      delay=$(( RANDOM % (dur * 12 / 10 + 1) ))
      # shellcheck disable=SC2086
      "$bin" $args >"$work/stdout" 2>"$work/stderr" &
      pid=$!
      sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
      kill -s "$sig" "$pid" 2>/dev/null
      t1=$(now_ms)
      wait "$pid" 2>/dev/null; rc=$?
      took=$(( $(now_ms) - t1 ))
      if [ "$c" = run_stdout ] && [ $rc = 0 ]; then cp "$work/stdout" "$work/out/stdout.json"; fi
      s=$(state)
      case $sig in
      INT)
        case $rc in
        0) ;;
        130) cut=$((cut + 1))
             [ "$took" -le 1000 ] || fail "$c: exit 130 came $took ms after SIGINT (at $delay ms); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
             [ ! -s "$work/stdout" ] || fail "$c: interrupted at $delay ms, it printed $(wc -c <"$work/stdout") bytes" ;;
        *) fail "$c: SIGINT at $delay ms: exit $rc, want 130 or 0: $(cat "$work/stderr")" ;;
        esac
        [ "$s" = "$old" ] || [ "$s" = "$new" ] || fail "$c: outputs neither all old nor all new after SIGINT at $delay ms (exit $rc)" ;;
      KILL)
        [ $rc = 0 ] || [ $rc = 137 ] || fail "$c: SIGKILL at $delay ms: exit $rc"
        each_old_or_new "$c" "SIGKILL at $delay ms" ;;
      esac
      # The next complete run tidies up and writes the new outputs.
      complete "$c" 2
      [ "$(state)" = "$new" ] || fail "$c: the run after SIGKILL/SIGINT at $delay ms did not write the new outputs"
      [ -z "$(leftovers)" ] || fail "$c: left after the next run: $(leftovers)"
    done
  done
  echo "interrupt.sh: $c: $rounds SIGINT and $rounds SIGKILL at random moments of a ${dur} ms run: ok"
done
echo "interrupt.sh: $total interruptions ($cut SIGINTs stopped a command, exit 130), every promise kept"
