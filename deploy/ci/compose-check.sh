#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker engine (called by deploy/ci/checks.sh):
#  1. docker-compose config accepts it with every profile;
#  2. the rules of docs/install.md hold: every long-running service has a healthcheck; only the
#     user-facing ports are published; no password or token is written into the file (secrets come
#     from files); every secret file is one deploy/compose/init-secrets.sh makes; Kafka keeps its
#     log in its volume; the profiles demo, llm and monitoring exist.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
secrets=$(mktemp -d)
trap 'rm -rf "$secrets"' EXIT

docker-compose -f docker-compose.yml --profile demo --profile llm --profile monitoring config -q
deploy/compose/init-secrets.sh "$secrets/secrets" >/dev/null

python3 - "$secrets/secrets" <<'PY'
import os, re, subprocess, sys, yaml
secrets_dir = sys.argv[1]
rendered = subprocess.run(
    ["docker-compose", "-f", "docker-compose.yml", "--profile", "demo", "--profile", "llm",
     "--profile", "monitoring", "config"], check=True, capture_output=True, text=True).stdout
doc = yaml.safe_load(rendered)
services = doc["services"]
problems = []
ONE_SHOT = {"ollama-pull", "audit-db-roles"}                       # jobs that exit when done
PUBLISHED = {"query-api": "8080", "ingest-service": "8081", "grafana": "3000"}
for name, svc in services.items():
    if name not in ONE_SHOT and not svc.get("healthcheck"):
        problems.append(f"{name}: no healthcheck")
    for p in svc.get("ports", []):
        target = str(p.get("target") if isinstance(p, dict) else str(p).split(":")[-1])
        if PUBLISHED.get(name) != target:
            problems.append(f"{name}: publishes port {target}; only {PUBLISHED} are user-facing")
    for key, value in (svc.get("environment") or {}).items():
        if re.search(r"PASSWORD|TOKEN|SECRET", key) and not re.search(r"_FILE$", key) and value not in (None, ""):
            problems.append(f"{name}: {key} has a value in the file; use a NAME__FILE (or the image's NAME_FILE) setting and a secret")
for name, sec in doc.get("secrets", {}).items():
    f = sec.get("file", "")
    rel = os.path.relpath(f, os.path.join(os.getcwd(), "deploy", "secrets"))
    if rel.startswith(".."):
        problems.append(f"secret {name}: {f} is outside deploy/secrets")
    elif not os.path.isfile(os.path.join(secrets_dir, rel)):
        problems.append(f"secret {name}: deploy/compose/init-secrets.sh does not make {rel}")
kafka = services["kafka"]
log_dirs = kafka["environment"].get("KAFKA_LOG_DIRS", "")
mounts = [v.get("target") if isinstance(v, dict) else v.split(":")[1] for v in kafka.get("volumes", [])]
if not log_dirs or not any(log_dirs.startswith(m) for m in mounts):
    problems.append(f"kafka: KAFKA_LOG_DIRS '{log_dirs}' is not inside a volume {mounts}")
profiles = {p for s in services.values() for p in s.get("profiles", [])}
for p in ("demo", "llm", "monitoring"):
    if p not in profiles:
        problems.append(f"no service in profile {p}")
if "simulator" not in services or "demo" not in services["simulator"].get("profiles", []):
    problems.append("the demo profile has no simulator")
if "ollama-pull" not in services:
    problems.append("the llm profile pulls no model")
for p in problems:
    print("compose: " + p, file=sys.stderr)
print(f"compose: {len(services)} services checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
PY

