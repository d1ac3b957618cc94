#!/usr/bin/env bash
# Month-by-month cross-validation of the backtest on the Anonymous Bank log
# (Technion SEE Center, I. Guedj and A. Mandelbaum; Brown et al. 2005), as
# docs/calibration.md reports it. Each month of January-May is backtested
# against a scenario calibrated on the other four; June and July against one
# calibrated on January-May. Sunday-Thursday 07:00-24:00 half-hours.
#
#   scripts/backtest-months.sh [calibrate flags] [-- backtest flags]
#
# prints, per month, the days and intervals scored and the arrival-weighted
# MAE of the simulator and of Erlang A: abandonment and service level (20 s)
# in points, ASA in seconds. CCSIM_DATA_DIR or ../shared/data locates the log.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${CCSIM_DATA_DIR:-../shared/data}
[ -d "$data/anonymous-bank-1999" ] && data=$data/anonymous-bank-1999
[ -f "$data/january.txt" ] || { echo "no Anonymous Bank data in $data" >&2; exit 2; }
cal=(); bt=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do cal+=("$1"); shift; done
[ $# -gt 0 ] && shift
bt=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/ccsim
go build -o "$bin" ./cmd/ccsim
months=(january february march april may june july)
first=(1999-01-01 1999-02-01 1999-03-01 1999-04-01 1999-05-01 1999-06-01 1999-07-01)
last=(1999-01-31 1999-02-28 1999-03-31 1999-04-30 1999-05-31 1999-06-30 1999-07-31)
train=()
for m in january february march april may; do train+=("$data/$m.txt"); done
all=()
for m in "${months[@]}"; do all+=("$data/$m.txt"); done
"$bin" calibrate --log-format anonymous-bank "${train[@]}" "${cal[@]}" -o "$work/jan-may.yaml" 2>/dev/null
printf '%-9s %4s %6s  %-15s %-15s %-15s  %s\n' month days ivs "abandon sim/A" "SL sim/A" "ASA sim/A" "sim bias: abandon SL ASA"
for i in "${!months[@]}"; do
  scen=$work/jan-may.yaml
  if [ "$i" -lt 5 ]; then
    scen=$work/cv-$i.yaml
    "$bin" calibrate --log-format anonymous-bank "${train[@]}" "${cal[@]}" --exclude "${first[$i]}..${last[$i]}" -o "$scen" 2>/dev/null
  fi
  out=$("$bin" backtest "$scen" --log-format anonymous-bank "${all[@]/#/--log=}" --from "${first[$i]}" --to "${last[$i]}" \
    --weekdays sun-thu --hours 07:00-24:00 --format json "${bt[@]}" 2>/dev/null)
  echo "$out" | jq -r --arg m "${months[$i]}" '[$m, (.days|length), .interval_count,
      (.summary.mae.abandon_rate.sim*100), (.summary.mae.abandon_rate.erlang_a*100),
      (.summary.mae.service_level.sim*100), (.summary.mae.service_level.erlang_a*100),
      .summary.mae.asa_seconds.sim, .summary.mae.asa_seconds.erlang_a, .offered,
      (.summary.bias.abandon_rate.sim*100), (.summary.bias.service_level.sim*100), .summary.bias.asa_seconds.sim] |
      "\(.[0]) \(.[1]) \(.[2]) \(.[3]) \(.[4]) \(.[5]) \(.[6]) \(.[7]) \(.[8]) \(.[9]) \(.[10]) \(.[11]) \(.[12])"' |
    awk '{printf "%-9s %4d %6d  %6.2f / %-6.2f %6.2f / %-6.2f %6.1f / %-6.1f  %+6.2f %+6.2f %+6.1f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13}'
done
