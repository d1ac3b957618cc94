#!/usr/bin/env bash
# Writes what ccsim prints for every example scenario into OUTDIR, so that two
# versions of ccsim can be compared byte for byte with `diff -r`:
#
#   scripts/outputs.sh /tmp/before          # on the old commit
#   scripts/outputs.sh /tmp/after           # on the new one
#   diff -r /tmp/before /tmp/after
#
# It covers run (table, JSON, CSV, charts), plan (table, JSON, CSV, YAML
# blocks, shifts), capacity (table, JSON, CSV, its check), compare, check
# (update and report, per-interval too), erlang, validate, calibrate,
# forecast and backtest on the committed excerpt
# of the Anonymous Bank log (Technion SEE Center; Brown et al. 2005).
# Exit codes are recorded beside each output, so a changed exit code shows
# as a difference too.
set -uo pipefail
out=${1:?usage: scripts/outputs.sh OUTDIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=$out/.ccsim
go build -o "$bin" ./cmd/ccsim || exit 2

# rec NAME CMD...: standard output to NAME, standard error to NAME.err,
# the exit code to NAME.rc.
rec() {
  local name=$1; shift
  "$@" >"$out/$name" 2>"$out/$name.err"
  echo $? >"$out/$name.rc"
}

excerpt=contactlog/testdata/anonymous-bank-excerpt.txt
for f in scenarios/*.yaml; do
  s=$(basename "$f" .yaml)
  rec "run-$s.table" "$bin" run "$f" --seed 7
  rec "run-$s.json" "$bin" run "$f" --format json
  rec "run-$s.csv" "$bin" run "$f" --format csv --seed 3 --reps 5
  rec "plan-$s.table" "$bin" plan "$f"
  rec "plan-$s.json" "$bin" plan "$f" --format json
  rec "plan-$s.csv" "$bin" plan "$f" --format csv
  rec "plan-$s.yaml" "$bin" plan "$f" --yaml
  rec "compare-$s.table" "$bin" compare scenarios/default.yaml "$f" --reps 5
  rec "compare-$s.json" "$bin" compare scenarios/default.yaml "$f" --reps 5 --format json
  rm -f "$out/base-$s.json" "$out/base-$s-iv.json"
  rec "check-update-$s" "$bin" check "$f" --baseline "$out/base-$s.json" --update
  rec "check-$s.report" "$bin" check "$f" --baseline "$out/base-$s.json" --seed 11 -v
  rec "check-update-iv-$s" "$bin" check "$f" --baseline "$out/base-$s-iv.json" --update --intervals
  rec "check-iv-$s.report" "$bin" check "$f" --baseline "$out/base-$s-iv.json" --seed 12 --junit "$out/check-iv-$s.junit"
  mkdir -p "$out/charts-$s"
  rec "run-$s.charts" "$bin" run "$f" --reps 3 --charts "$out/charts-$s"
done
rec compare-png "$bin" compare scenarios/default.yaml scenarios/week.yaml --reps 3 --png "$out/compare.png"
rec plan-shifts "$bin" plan cmd/ccsim/testdata/plan-small.yaml --shifts cmd/ccsim/testdata/plan-shifts.yaml
rec plan-shifts.json "$bin" plan cmd/ccsim/testdata/plan-small.yaml --shifts cmd/ccsim/testdata/plan-shifts.yaml --format json
rec plan-budget "$bin" plan scenarios/default.yaml --budget 450
sweep=(sweep --reps 3 --mode one-at-a-time --vary volume:phone=0.9,1.1 --vary staff_delta:voice=-2,2 --vary handle_delta:phone=15s)
rec sweep.table "$bin" "${sweep[@]}"
rec sweep.csv "$bin" "${sweep[@]}" --format csv
rec sweep.json "$bin" "${sweep[@]}" --format json
mkdir -p "$out/sweep-charts"
rec sweep-grid.charts "$bin" sweep --reps 2 --sweep deploy/what-if.yaml --charts "$out/sweep-charts"
for k in 1 2 3; do
  "$bin" run scenarios/default.yaml --reps 5 --format json --shard "$k/3" --shard-out "$out/run-shard-$k" 2>/dev/null
done
rec run-merged.json "$bin" merge "$out"/run-shard-*
rm -f "$out"/run-shard-*
rec capacity "$bin" capacity scenarios/capacity/growth.yaml
rec capacity-small.json "$bin" capacity cmd/ccsim/testdata/capacity-small.yaml --format json
rec capacity-small.csv "$bin" capacity cmd/ccsim/testdata/capacity-small.yaml --format csv
rm -f "$out/base-capacity.json"
rec check-update-capacity "$bin" check cmd/ccsim/testdata/capacity-small.yaml --baseline "$out/base-capacity.json" --update
rec check-capacity.report "$bin" check cmd/ccsim/testdata/capacity-small.yaml --baseline "$out/base-capacity.json" -v
rec erlang-classic "$bin" erlang --volume 360 --interval 30m --aht 4m --sl 80/20s --table
rec erlang-classic.json "$bin" erlang --volume 360 --interval 30m --aht 4m --sl 80/20s --format json
rec erlang-a "$bin" erlang --volume 360 --interval 30m --aht 4m --patience 3m --max-abandon 5% --table
rec erlang-agents "$bin" erlang --volume 360 --interval 30m --aht 4m --agents 50
rec validate "$bin" validate scenarios/*.yaml
rec calibrate.yaml "$bin" calibrate --log-format anonymous-bank "$excerpt"
rec calibrate-weekend.yaml "$bin" calibrate --log-format anonymous-bank --day-types weekend --interval 1h "$excerpt"
rec forecast "$bin" forecast --log-format anonymous-bank "$excerpt"
rec forecast.json "$bin" forecast --log-format anonymous-bank "$excerpt" --format json --days 3
"$bin" calibrate --log-format anonymous-bank "$excerpt" -o "$out/calibrated.yaml" >/dev/null 2>&1
rec backtest "$bin" backtest "$out/calibrated.yaml" --log-format anonymous-bank --log "$excerpt" --reps 3
rec backtest.json "$bin" backtest "$out/calibrated.yaml" --log-format anonymous-bank --log "$excerpt" --reps 3 --format json
mkdir -p "$out/backtest-charts"
rec backtest-charts.out "$bin" backtest "$out/calibrated.yaml" --log-format anonymous-bank --log "$excerpt" --reps 3 --charts "$out/backtest-charts"
data=../shared/data/anonymous-bank-1999
if [ -f "$data/january.txt" ]; then
  rec full-calibrate.yaml "$bin" calibrate --log-format anonymous-bank --to 1999-05-31 "$data"/*.txt
  rec full-forecast "$bin" forecast --log-format anonymous-bank --evaluate 1999-06-01..1999-07-31 --weekdays sun-thu --hours 07:00-24:00 "$data"/*.txt
  rec full-backtest "$bin" backtest scenarios/anonymous-bank.yaml --log-format anonymous-bank --log "$data/june.txt" --weekdays sun-thu --hours 07:00-24:00 --reps 5
fi
rm -f "$bin"
# Paths of the output folder appear in some messages; make them relative.
grep -rl --null -F "$out" "$out" 2>/dev/null | xargs -0 -r sed -i "s#$out#OUT#g"
echo "outputs written to $out"
