#!/usr/bin/env bash
# Static checks of the deployment files, run by .ci/run before the tests (about a minute):
#   scripts       shellcheck over ./overlay, .ci/run and every script under deploy/
#   file-env      deploy/docker/file-env.sh turns NAME__FILE into NAME
#   compose       docker-compose.yml is valid (docker-compose config) and refuses to start without secrets
#   kubernetes    every kustomization under deploy/k8s renders with plain `kubectl kustomize` and
#                 passes the schema and policy checks of deploy/ci/k8s-check.sh
#   footprint     compose and Kubernetes give Debezium the settings of deploy/debezium/branch-footprint.env
#   docs          every configuration key of every service is in docs/operations.md
# Installs shellcheck, docker-compose and kubectl from Debian when they are missing.
# Usage: deploy/ci/checks.sh [check...]   (default: all)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

failed=()
say() { printf '\033[1m[checks]\033[0m %s\n' "$*"; }
bad() { printf '[checks] FAILED: %s\n' "$*" >&2; failed+=("$1"); }

need() { # command debian-package
  command -v "$1" >/dev/null && return 0
  say "installing $2 (apt-get)"
  if ! { apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "$2" >/dev/null 2>&1; }; }; then
    echo "[checks] $1 is missing and apt-get could not install $2; install it (apt-get install -y $2) and run again" >&2
    exit 1
  fi
}

check_shellcheck() {
  need shellcheck shellcheck
  local files=(overlay .ci/run)
  mapfile -t -O ${#files[@]} files < <(find deploy -name '*.sh' -type f | sort)
  shellcheck -x "${files[@]}" || bad shellcheck "shellcheck found problems in the scripts above"
}

check_file_env() {
  local d out
  d=$(mktemp -d)
  printf 's3cret\n' >"$d/pw"
  out=$(env -i PATH="$PATH" DB_PASSWORD__FILE="$d/pw" AUDIT_TOKENS_FILE=/not/a/secret sh deploy/docker/file-env.sh env)
  grep -qx 'DB_PASSWORD=s3cret' <<<"$out" || bad file-env "NAME__FILE was not turned into NAME"
  grep -q '^DB_PASSWORD__FILE=' <<<"$out" && bad file-env "NAME__FILE was left in the environment"
  grep -qx 'AUDIT_TOKENS_FILE=/not/a/secret' <<<"$out" || bad file-env "a plain *_FILE setting was touched"
  if env -i PATH="$PATH" X__FILE="$d/missing" sh deploy/docker/file-env.sh true 2>/dev/null; then
    bad file-env "a missing secret file did not stop the start"
  fi
  rm -rf "$d"
}

check_compose() {
  need docker-compose docker-compose
  bash deploy/ci/compose-check.sh || bad compose "docker-compose.yml (see above)"
}

check_kubernetes() {
  need kubectl kubectl
  bash deploy/ci/k8s-check.sh || bad kubernetes "deploy/k8s (see above)"
}

check_footprint() {
  python3 - <<'PY' || bad footprint "Debezium settings differ from deploy/debezium/branch-footprint.env (above)"
import re, sys, yaml
env = {}
for line in open("deploy/debezium/branch-footprint.env"):
    m = re.match(r'^([A-Z_]+)="?(.*?)"?$', line.strip())
    if m and not line.startswith("#"):
        env[m.group(1)] = m.group(2)
compose = yaml.safe_load(open("docker-compose.yml"))["services"]["debezium"]["environment"]
k8s = next(d for d in yaml.safe_load_all(open("deploy/k8s/branch-base/debezium.yaml")) if d["kind"] == "StatefulSet")
k8s_env = {e["name"]: e.get("value") for e in k8s["spec"]["template"]["spec"]["containers"][0]["env"]}
bad = 0
for where, got in (("docker-compose.yml", compose), ("deploy/k8s/branch-base", k8s_env)):
    for k, v in env.items():
        if " ".join(str(got.get(k, "")).split()) != v:
            print(f"footprint: {where}: {k} is {got.get(k)!r}, branch-footprint.env says {v!r}", file=sys.stderr)
            bad = 1
sys.exit(bad)
PY
}

check_docs() {
  python3 deploy/ci/config-keys.py --check docs/operations.md || bad docs "docs/operations.md misses configuration keys (listed above)"
}

checks=("$@")
[ ${#checks[@]} -gt 0 ] || checks=(shellcheck file_env compose kubernetes footprint docs)
for c in "${checks[@]}"; do
  c=${c//-/_}
  declare -F "check_$c" >/dev/null || { echo "[checks] unknown check $c" >&2; exit 2; }
  say "$c"
  "check_$c"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "[checks] failed: ${failed[*]}" >&2
  exit 1
fi
say "all passed: ${checks[*]}"
