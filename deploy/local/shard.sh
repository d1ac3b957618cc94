#!/usr/bin/env bash
# Run a ccsim command (run, check or sweep) as N shards on this machine,
# P at a time, and merge them: the output is what the command prints
# unsharded, byte for byte, and the exit code is the command's.
#
#   N=8 P=4 deploy/local/shard.sh sweep center.yaml --sweep what-if.yaml --format csv > what-if.csv
#   N=4 deploy/local/shard.sh run center.yaml --reps 400 > forecast.txt
#
# Environment: N shards (default 4), P processes at once (default: the
# number of cores), CCSIM the ccsim binary (default: ccsim on PATH),
# SHARD_DIR where the shard files go (default: a temporary folder,
# removed afterwards). With --workers 1 in the arguments, each process
# uses one core; otherwise each uses all of them.
set -euo pipefail

if [ "$#" -lt 1 ]; then
  echo "usage: N=shards P=parallel ${SHARD_SCRIPT:-$0} run|check|sweep ARGS..." >&2
  exit 2
fi
n="${N:-4}"
p="${P:-$(getconf _NPROCESSORS_ONLN)}"
ccsim="${CCSIM:-ccsim}"
dir="${SHARD_DIR:-}"
if [ -z "$dir" ]; then
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"

# Each process runs its part; xargs (or GNU parallel, see parallel.sh)
# puts the index in place of {}. An argument of the command that contains
# {} would be changed too with xargs; parallel --quote leaves it.
if [ "${SHARD_LAUNCHER:-xargs}" = parallel ]; then
  parallel --quote --halt now,fail=1 -j "$p" "$ccsim" "$@" --shard "{}/$n" --shard-out "$dir/{}.shard" ::: $(seq 1 "$n")
else
  seq 1 "$n" | xargs -P "$p" -I{} "$ccsim" "$@" --shard "{}/$n" --shard-out "$dir/{}.shard"
fi

# The shard files in index order (merge orders them anyway).
shards=()
for k in $(seq 1 "$n"); do
  shards+=("$dir/$k.shard")
done
"$ccsim" merge "${shards[@]}"
