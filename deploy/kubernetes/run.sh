#!/usr/bin/env bash
# Runs a scenario as N shards on Kubernetes and merges them:
#   deploy/kubernetes/run.sh SCENARIO.yaml
# Needs kubectl pointed at a cluster, the image `offtake:latest` (deploy/Dockerfile) pullable there,
# and a ReadWriteMany storage class (deploy/kubernetes/storage.yaml). Shard count, paths and seed are set
# in shards-job.yaml.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scenario="${1:?usage: run.sh SCENARIO.yaml}"
kubectl apply -f "$here/storage.yaml"
kubectl create configmap offtake-scenario --from-file=scenario.yaml="$scenario" --dry-run=client -o yaml | kubectl apply -f -
kubectl delete job offtake-shards offtake-merge --ignore-not-found
kubectl apply -f "$here/shards-job.yaml"
kubectl wait --for=condition=complete job/offtake-shards --timeout=24h
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete job/offtake-merge --timeout=1h
kubectl logs job/offtake-merge
echo "result: result.json on the offtake-results volume"
