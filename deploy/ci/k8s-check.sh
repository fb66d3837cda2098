#!/usr/bin/env bash
# Checks deploy/k8s without a cluster (called by deploy/ci/checks.sh):
#  1. every overlay under deploy/k8s/overlays renders with plain `kubectl kustomize` (no flags);
#  2. the rules of docs/install.md hold in each render (deploy/ci/k8s-rules.py): securityContext,
#     probes, resources, a PDB and a NetworkPolicy for every workload, a default-deny policy,
#     the StatefulSet's headless Service;
#  3. every object validates against the Kubernetes API schemas of the npm package
#     kubernetes-models (installed once into .overlay/ci-node). It checks types and required
#     fields; it does not reject unknown fields.
#  4. the Debezium configuration in branch-base is the one in deploy/debezium/mariadb, and the
#     roles script in base is deploy/sql/service-roles.sql.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
MODELS_VERSION=5.1.0
NODE_DIR=$ROOT/.overlay/ci-node
fails=0

if ! cmp -s deploy/k8s/branch-base/application.properties deploy/debezium/mariadb/application.properties; then
  echo "k8s: deploy/k8s/branch-base/application.properties differs from deploy/debezium/mariadb/application.properties; copy it over" >&2
  fails=1
fi

if ! cmp -s deploy/k8s/base/service-roles.sql deploy/sql/service-roles.sql; then
  echo "k8s: deploy/k8s/base/service-roles.sql differs from deploy/sql/service-roles.sql; copy it over" >&2
  fails=1
fi

if [ ! -f "$NODE_DIR/node_modules/kubernetes-models/package.json" ]; then
  command -v npm >/dev/null || { echo "k8s: npm is missing: apt-get install -y nodejs npm" >&2; exit 1; }
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --silent "kubernetes-models@$MODELS_VERSION" >/dev/null 2>&1) \
    || { echo "k8s: npm install kubernetes-models@$MODELS_VERSION failed (in $NODE_DIR)" >&2; exit 1; }
fi

render=$(mktemp -d)
trap 'rm -rf "$render"' EXIT
kubectl kustomize deploy/k8s/base >/dev/null || { echo "k8s: deploy/k8s/base does not render" >&2; fails=1; }
for overlay in deploy/k8s/overlays/*/; do
  name=$(basename "$overlay")
  if ! kubectl kustomize "$overlay" >"$render/$name.yaml"; then
    echo "k8s: $overlay does not render with kubectl kustomize" >&2
    fails=1; continue
  fi
  python3 deploy/ci/k8s-rules.py "$render/$name.yaml" "$render/$name.json" || fails=1
  node deploy/ci/k8s-validate.mjs "$NODE_DIR/node_modules" <"$render/$name.json" 2> >(grep -v ExperimentalWarning >&2) || fails=1
done
exit $fails
