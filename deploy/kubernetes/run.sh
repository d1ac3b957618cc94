#!/usr/bin/env bash
# The whole Kubernetes recipe, in order: inputs, shard volume, the Indexed
# Job, the merge, and the result copied out. Run it from a folder holding
# center.yaml and what-if.yaml, with kubectl pointed at your cluster and
# the image of deploy/Dockerfile pushed where the manifests say.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kubectl create configmap ccsim-inputs --from-file=center.yaml --from-file=what-if.yaml \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f "$here/shards-pvc.yaml"
kubectl delete job ccsim-sweep ccsim-merge --ignore-not-found
kubectl apply -f "$here/sweep-job.yaml"
kubectl wait --for=condition=complete job/ccsim-sweep --timeout=2h
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete job/ccsim-merge --timeout=30m
# The result stays on the volume; a pod that mounts it can copy it out,
# or read it with: kubectl logs job/ccsim-merge (errors only).
