#!/usr/bin/env bash
# Queues the sweep's job array, then the merge to run after it succeeds.
#   cd /shared/ccsim-run && bash submit.sh
set -euo pipefail
mkdir -p logs
array="$(sbatch --parsable sweep.sbatch)"
sbatch --dependency="afterok:$array" merge.sbatch
