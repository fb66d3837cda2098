#!/usr/bin/env bash
# Makes the secrets docker-compose.yml reads, once, in deploy/secrets/ (never committed; see
# .gitignore): random passwords, the query-api bearer tokens with their hashes, and the token of
# the example HTTPS branch with its hash. Existing files are kept, so running it again is safe;
# delete a file to make a new value (then recreate the containers that read it).
#   deploy/compose/init-secrets.sh [DIR]     (default deploy/secrets)
# The files are readable by everyone (0644) inside a directory only you can enter (0700): the
# containers run as their own users and compose mounts the files as they are.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=${1:-$ROOT/deploy/secrets}
mkdir -p "$DIR"
chmod 700 "$DIR"

random() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
made=()
secret() { # name [content-command...]
  local f=$DIR/$1; shift
  if [ ! -s "$f" ]; then
    if [ $# -gt 0 ]; then "$@" >"$f.new"; else random >"$f.new"; fi
    mv "$f.new" "$f"
    made+=("$(basename "$f")")
  fi
  chmod 644 "$f"
}
sha256_of() { tr -d '\n' <"$DIR/$1" | sha256sum | cut -d' ' -f1; }

secret audit_db_password          # PostgreSQL's superuser audit (administration, audit-db-roles)
secret audit_owner_password       # audit_owner: owns the audit database, runs the migrations
secret audit_normalizer_password  # the services' own roles (docs/security.md, "Least privilege")
secret audit_inference_password
secret audit_ai_password
secret audit_query_password
secret source_root_password       # the demo branch database (mariadb service): root
secret source_capture_password    # … its capture user debezium (Debezium Server)
secret source_app_password        # … its application user pos (the simulator of the demo profile)
secret grafana_admin_password     # Grafana's admin (monitoring profile)
secret metrics_token              # what Prometheus sends to every service's /q/metrics
secret grafana_db_password        # Grafana's read-only role grafana_reader on the audit database
secret branch1_ingest_token       # the token an HTTPS-only branch sends to ingest-service
secret branch1_ingest_token_sha256 sha256_of branch1_ingest_token
# query-api: an auditor and an AI-agent token; tokens.txt holds only their hashes.
sh "$ROOT/query-api/bin/demo-tokens" "$DIR/query-tokens" >/dev/null
chmod 755 "$DIR/query-tokens"
chmod 644 "$DIR/query-tokens/tokens.txt"

if [ ${#made[@]} -gt 0 ]; then echo "made: ${made[*]}"; fi
echo "secrets in $DIR (auditor token: $DIR/query-tokens/auditor.token)"
