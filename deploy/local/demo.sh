#!/usr/bin/env bash
# ./overlay demo, after ./overlay up: a week of a pharmacy chain's trading with labelled anomalies
# is written into the source database; the demo waits until the pipeline has caught up, asks for
# the daily summary and the detectors, and prints what a loss-prevention analyst came for.
# Fails (exit 1, with the reason) when a step fails or the detectors flag nothing.
set -eEuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
trap 'on_error $? "$BASH_COMMAND" "${BASH_SOURCE[0]}:$LINENO"' ERR

DAYS=${DEMO_DAYS:-7}
SALES_PER_DAY=${DEMO_SALES_PER_DAY:-1500}
SEED=${DEMO_SEED:-42}
WAIT_SECONDS=${DEMO_WAIT_SECONDS:-900}
LABELS=$OVERLAY_HOME/demo-labels.jsonl
PG="psql -h $AUDIT_DB_HOST -p $AUDIT_DB_PORT -U $AUDIT_DB_USER -d $AUDIT_DB_NAME -qAt"
export AUDIT_URL=${AUDIT_URL:-http://127.0.0.1:${QUERY_API_PORT:-8080}}
export AUDIT_TOKEN_FILE=${AUDIT_TOKEN_FILE:-$OVERLAY_HOME/tokens/auditor.token}
auditctl() { "$ROOT/auditctl/bin/auditctl" "$@"; }

say "1/4 writing $DAYS days of activity ($SALES_PER_DAY sales a day, seed $SEED) into the source database"
"$ROOT/overlay" simulate init || fail "the simulator could not prepare the source database (error above)"
"$ROOT/overlay" simulate history --days "$DAYS" --sales-per-day "$SALES_PER_DAY" --seed "$SEED" --labels "$LABELS" \
  || fail "the simulator stopped while writing the history (error above)"

say "2/4 waiting for the pipeline (binlog → Kafka → normalizer → inference) to catch up"
last=-1; stable=0; deadline=$((SECONDS + WAIT_SECONDS))
# Caught up: the count of rows in the trail has not moved for 15 s (and is not zero).
while [ $stable -lt 3 ]; do
  now=$($PG -c "SELECT (SELECT count(*) FROM changes.change_event) + (SELECT count(*) FROM business.business_event)" 2>/dev/null || echo 0)
  if [ "$now" = "$last" ] && [ "$now" != 0 ]; then stable=$((stable + 1)); else stable=0; fi
  printf '\r   %s rows in the trail' "$now"
  if [ $SECONDS -ge $deadline ]; then
    echo
    fail "the trail still grows or is empty after ${WAIT_SECONDS}s (DEMO_WAIT_SECONDS); ./overlay status, then ./overlay logs debezium / normalizer-service / inference-service"
  fi
  last=$now; sleep 5
done
echo
$PG -c "SELECT '   ' || type || ': ' || count(*) FROM business.business_event GROUP BY type ORDER BY count(*) DESC"

from=$(date -u -d "$DAYS days ago" +%Y-%m-%dT00:00:00Z)
to=$(date -u +%Y-%m-%dT%H:%M:%SZ)
yesterday=$(date -u -d yesterday +%F)
say "3/4 running the detectors over $from .. $to and writing the summary of $yesterday"
auth="Authorization: Bearer $(cat "$AUDIT_TOKEN_FILE")"
curl -fsS -X POST -H "$auth" "http://127.0.0.1:${AI_SERVICE_PORT:-8084}/api/detections?from=$from&to=$to" >/dev/null \
  || fail "ai-service refused to run the detectors (answer above); ./overlay logs ai-service"
curl -fsS -X POST -H "$auth" "http://127.0.0.1:${AI_SERVICE_PORT:-8084}/api/summaries/$yesterday" >/dev/null \
  || fail "ai-service could not write the summary of $yesterday (answer above); ./overlay logs ai-service"

say "4/4 what the trail says"
QUERY_HINT="query-api or auditctl failed (message above); ./overlay logs query-api"
echo; echo "── auditctl summary --date $yesterday"
auditctl summary --date "$yesterday" || fail "$QUERY_HINT"
echo; echo "── auditctl anomalies --since ${DAYS}d (first 15)"
anomalies=$(auditctl anomalies --since "${DAYS}d") || fail "$QUERY_HINT"
head -n 17 <<<"$anomalies"
sale_tx=$($PG -c "SELECT transaction_id FROM business.business_event WHERE type = 'sale.voided' ORDER BY occurred_at DESC LIMIT 1")
if [ -n "$sale_tx" ]; then
  echo; echo "── auditctl trace $sale_tx   (a voided sale, down to its binlog rows)"
  auditctl trace "$sale_tx" || fail "$QUERY_HINT"
fi
echo
found=$($PG -c "SELECT count(*) FROM insights.anomaly WHERE COALESCE(window_end, detected_at) > '$from'")
if [ "${found:-0}" -eq 0 ] || grep -q '^No anomalies' <<<"$anomalies"; then
  fail "the detectors flagged no anomaly in $DAYS days of activity with injected anomalies (labels: $LABELS); ./overlay logs ai-service"
fi
say "the detectors flagged $found anomalies over $DAYS days"
say "labels of the injected anomalies: $LABELS"
say "more: auditctl --help, http://127.0.0.1:${QUERY_API_PORT:-8080}/q/openapi, ./overlay status, ./overlay down"
