#!/usr/bin/env bash
# The same as shard.sh with GNU parallel instead of xargs: N shards, P at
# a time, then the merge. parallel reports each failed shard and exits
# with the number that failed.
#
#   N=8 P=4 deploy/local/parallel.sh sweep center.yaml --sweep what-if.yaml > what-if.txt
set -euo pipefail

# shard.sh does the set-up and the merge; only the launcher differs.
SHARD_LAUNCHER=parallel SHARD_SCRIPT="$0" exec "$(dirname "$0")/shard.sh" "$@"
