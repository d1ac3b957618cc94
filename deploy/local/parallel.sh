#!/usr/bin/env bash
# The same as shard.sh with GNU parallel instead of xargs: N shards, P at
# a time, then the merge. parallel reports each failed shard and exits
# with the number that failed.
#
#   N=8 P=4 deploy/local/parallel.sh sweep center.yaml --sweep what-if.yaml > what-if.txt
set -euo pipefail

if [ "$#" -lt 1 ]; then
  echo "usage: N=shards P=parallel $0 run|check|sweep ARGS..." >&2
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

parallel --quote --halt now,fail=1 -j "$p" "$ccsim" "$@" --shard "{}/$n" --shard-out "$dir/{}.shard" ::: $(seq 1 "$n")
shards=()
for k in $(seq 1 "$n"); do
  shards+=("$dir/$k.shard")
done
"$ccsim" merge "${shards[@]}"
