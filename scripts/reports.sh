#!/usr/bin/env bash
# scripts/reports.sh DIR makes one HTML report of each kind into DIR, as
# docs/reports.md shows them, and, with --screenshots, the screenshots of
# docs/img/report-*.png: the top of each page in a 1280x900 window of
# headless Chromium (Debian's chromium package).
#
#   scripts/reports.sh /tmp/reports                # the pages
#   scripts/reports.sh /tmp/reports --screenshots  # and docs/img/report-*.png
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/reports.sh DIR [--screenshots]}
mkdir -p "$dir"
go build -o "$dir/ccsim" ./cmd/ccsim
ccsim() { "$dir/ccsim" "$@"; }

# A forecast of the built-in default scenario (one weekday).
ccsim run --html "$dir/forecast.html" >/dev/null
# Four weeks of it: the same center over 28 days, with daily and weekly roll-ups.
sed -e 's/^  days: 1$/  days: 28/' -e 's/^name: Default multi-channel center/name: Four weeks of the default center/' \
  -e 's/^  One weekday of phone/  Four weeks of phone/' \
  scenarios/default.yaml >"$dir/four-weeks.yaml"
ccsim run "$dir/four-weeks.yaml" --reps 10 --html "$dir/forecast-4-weeks.html" >/dev/null
# The least-cost plan of the default scenario.
ccsim plan scenarios/default.yaml --html "$dir/plan.html" >/dev/null
# Two plans compared: two fewer voice agents from 10:00 to 15:00 (as docs/charts.md).
sed -e 's/^name: Default multi-channel center/name: Two fewer voice agents 10:00-15:00/' \
  -e 's/to: "11:00", agents: 28}/to: "11:00", agents: 26}/' \
  -e 's/to: "11:30", agents: 30}/to: "11:30", agents: 28}/' \
  -e 's/to: "12:30", agents: 28}/to: "12:30", agents: 26}/' \
  -e 's/to: "13:00", agents: 26}/to: "13:00", agents: 24}/' \
  -e 's/to: "15:00", agents: 28}/to: "15:00", agents: 26}/' \
  scenarios/default.yaml >"$dir/plan-b.yaml"
ccsim compare scenarios/default.yaml "$dir/plan-b.yaml" --html "$dir/comparison.html" >/dev/null
# A check: a baseline with seed 1, then the forecast with seed 2 against it.
ccsim check scenarios/default.yaml --baseline "$dir/default.json" --update >/dev/null
ccsim check scenarios/default.yaml --baseline "$dir/default.json" --seed 2 --html "$dir/check.html" >/dev/null
# A backtest on the log excerpt in the repository.
log=contactlog/testdata/anonymous-bank-excerpt.txt
ccsim calibrate --log-format anonymous-bank "$log" -o "$dir/bank.yaml" 2>/dev/null
ccsim backtest "$dir/bank.yaml" --log-format anonymous-bank --log "$log" --reps 3 --html "$dir/backtest.html" >/dev/null

ls -l "$dir"/*.html
if [ "${2:-}" = --screenshots ]; then
  browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) ||
    { echo "no chromium: apt-get install chromium" >&2; exit 1; }
  for kind in forecast forecast-4-weeks plan comparison check backtest; do
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,900 \
      --screenshot="docs/img/report-$kind.png" "file://$(realpath "$dir/$kind.html")" 2>/dev/null
  done
  ls -l docs/img/report-*.png
fi
