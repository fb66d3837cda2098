#!/usr/bin/env bash
# End-to-end evaluation: a seeded simulator history through the whole pipeline
# (MariaDB → Debezium → Kafka → normalizer → inference → ai-service), then precision and
# recall per anomaly class against the simulator's labels.
#
# Needs the local stack running (./overlay up) with every service, and the simulator jar
# (mvn -pl simulator -am package -DskipTests). Usage:
#   ai-service/evaluate.sh [DAYS] [SALES_PER_DAY] [SEED]
# Environment: AI_URL (http://127.0.0.1:8084), AUDIT_TOKEN_FILE (.overlay/tokens/auditor.token), AUDIT_DB_NAME (audit),
# SIMULATOR_JAR, SETTLE_SECONDS (60).
set -euo pipefail

DAYS=${1:-21}
SALES=${2:-2000}
SEED=${3:-42}
AI_URL=${AI_URL:-http://127.0.0.1:8084}
DB=${AUDIT_DB_NAME:-audit}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${SIMULATOR_JAR:-$ROOT/simulator/target/simulator.jar}
SETTLE=${SETTLE_SECONDS:-60}
LABELS=$(mktemp --suffix=.jsonl)
trap 'rm -f "$LABELS"' EXIT

command -v jq >/dev/null || { echo "evaluate.sh: jq is required" >&2; exit 2; }
simulate() {
  if [ -x "$ROOT/overlay" ]; then
    "$ROOT/overlay" simulate "$@"          # the local stack's MariaDB, building the jar if needed
  else
    [ -f "$JAR" ] || { echo "evaluate.sh: simulator jar not found at $JAR (mvn -pl simulator -am package -DskipTests)" >&2; exit 2; }
    SOURCE_DB_URL=${SOURCE_DB_URL:-jdbc:mariadb://127.0.0.1:${SOURCE_DB_PORT:-3307}/pharmacy} java -jar "$JAR" "$@"
  fi
}
curl -fsS "$AI_URL/q/health/ready" >/dev/null || { echo "evaluate.sh: ai-service is not ready at $AI_URL" >&2; exit 1; }

echo "simulating $DAYS days at $SALES sales/day (seed $SEED)…"
simulate init
simulate history --days "$DAYS" --sales-per-day "$SALES" --seed "$SEED" --labels "$LABELS"

count() { psql -h "${AUDIT_DB_HOST:-127.0.0.1}" -U postgres -d "$DB" -tAc "SELECT count(*) FROM business.business_event"; }
echo "waiting for the pipeline to settle (no new business events for ${SETTLE}s)…"
previous=-1
while true; do
  now=$(count)
  if [ "$now" = "$previous" ]; then break; fi
  echo "  business events: $now"
  previous=$now
  sleep "$SETTLE"
done

echo "scoring $(wc -l < "$LABELS") labels…"
# /api/* needs an auditor token (AUDIT_TOKEN_FILE, default the local stack's demo auditor).
curl -fsS -X POST -H "Authorization: Bearer $(cat "${AUDIT_TOKEN_FILE:-$(dirname "$0")/../.overlay/tokens/auditor.token}")" \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$LABELS" \
  "$AI_URL/api/evaluation?detect=true" | tee /tmp/ai-evaluation.json | jq -r .table
