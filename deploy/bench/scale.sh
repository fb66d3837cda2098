#!/usr/bin/env bash
# Scale benchmark (issue 12, item 7): not a test, a measurement on the real stack.
#
#   deploy/bench/scale.sh [DAYS]        (default 90; try 2 first)
#
#   1. the simulator writes DAYS x SALES_PER_DAY sales into MariaDB with the pipeline stopped
#      (Debezium has recorded its binlog position, then is stopped): simulator-alone rate;
#   2. Debezium, normalizer, inference, ai-service and query-api start and catch up on the same
#      binlog: catch-up rate (row changes/s until the last business event is stored), and the ratio;
#   3. POST /api/detections over the whole span on ai-service: wall time, ai-service peak RSS;
#   4. REST load on query-api at RATE req/s with wrk: trace, anomaly list, search (p50/p99);
#   5. dashboard pages, one request at a time (deploy/bench/pages.sh): p50/p95/max per page;
#   6. each part's peak RSS (VmHWM).
#
# REUSE=true skips steps 0-2 and measures the read side again on the stack and database a KEEP=true
#   run left running (with REPLICATE, copies already made are not made again).
# REPLICATE=N (read-side volume): after step 2 the captured span is copied N times into the weeks
#   before it (deploy/bench/replicate.sql; DAYS a multiple of 7 keeps weekdays) and ai-service's
#   rollups are backfilled, so that steps 3-5 meet DAYS x (N+1) days: REPLICATE=12 with 7 days is
#   91 days of reads and detection after a one-week catch-up. The copies are not hash-chained.
#
# LABELLED=true writes the simulator's labelled anomalies (13 per class over 90 days) instead of a
#   clean background, and step 3 also scores every detector against the labels (POST /api/evaluation):
#   precision and recall per class at the seed's volume.
#
# Environment: SALES_PER_DAY [10000]  SEED [99]  RATE [200]  LOAD_SECONDS [30]  CONNECTIONS [100]
#   SCALE_HOME [.overlay/scale]: data, logs and pids of the benchmark's own stack (purged at the
#   start; never the ./overlay stack's). Database: SCALE_DB [<AUDIT_DB_NAME>_scale], dropped at the
#   start. Ports as for ./overlay (SOURCE_DB_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT,
#   DEBEZIUM_HTTP_PORT, OVERLAY_PORT_OFFSET). KEEP=true leaves the stack running at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DAYS=${1:-90}
SALES_PER_DAY=${SALES_PER_DAY:-10000}
SEED=${SEED:-99}
RATE=${RATE:-200}
LOAD_SECONDS=${LOAD_SECONDS:-30}
CONNECTIONS=${CONNECTIONS:-100}
export OVERLAY_HOME=${SCALE_HOME:-$ROOT/.overlay/scale}
export AUDIT_DB_NAME=${SCALE_DB:-${AUDIT_DB_NAME:-audit}_scale}
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
OUT=$OVERLAY_HOME/bench
PG="psql -h $AUDIT_DB_HOST -p $AUDIT_DB_PORT -U $AUDIT_DB_USER -qAt"
command -v wrk >/dev/null || fail "wrk is missing: apt-get install -y wrk"
if [ "${REPLICATE:-0}" -gt 0 ] && [ "${LABELLED:-false}" = true ]; then
  fail "REPLICATE and LABELLED do not mix: the copies' anomalies have no labels"
fi

stop_part() {
  local p; p=$(pid_of "$1")
  [ -n "$p" ] || return 0
  kill "$p" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$p" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.3; done
  kill -9 "$p" 2>/dev/null || true
  rm -f "$RUN/$1.pid"
}
# Peak resident set of a part (its process and children), in MB.
peak_rss() {
  local p; p=$(pid_of "$1"); [ -n "$p" ] || { echo "-"; return; }
  local kb=0 q v
  for q in $p $(pgrep -P "$p" || true); do
    v=$(awk '/^VmHWM/ {print $2}' "/proc/$q/status" 2>/dev/null || echo 0)
    [ "${v:-0}" -gt "$kb" ] && kb=$v
  done
  echo $((kb / 1024))
}
count() { $PG -d "$AUDIT_DB_NAME" -c "SELECT count(*) FROM $1" 2>/dev/null || echo 0; }
now() { date +%s.%N; }

prepare
trap 'exec 9>&-; [ "${KEEP:-false}" = true ] || cmd_down >/dev/null 2>&1 || true' EXIT
if [ "${REUSE:-false}" = true ]; then
  # The stack and data of an earlier KEEP=true run: only the read side is measured again.
  mkdir -p "$OUT"; sim_changes=-; sim_rate=-; catchup_s=0; catchup_rate=0
  say "== reusing the running stack and $AUDIT_DB_NAME (REUSE=true): steps 0-2 skipped"
else
  cmd_down --purge >/dev/null
  mkdir -p "$RUN" "$LOGS" "$DATA" "$OUT"
  build_services
  [ -f "$ROOT/simulator/target/simulator.jar" ] || (cd "$ROOT" && mvn -q -B package -DskipTests -pl simulator -am)
  $PG -d postgres -c "DROP DATABASE IF EXISTS $AUDIT_DB_NAME WITH (FORCE)"
  ensure_audit_db

  say "== 0. source, broker and Debezium (to record its binlog position), then Debezium stopped"
  start_mariadb
  # Debezium falls behind on an overloaded machine; MariaDB then drops the binlog connection after
  # net_write_timeout (60 s) and Debezium Server stops its connector ("Connection reset"). Seen here
  # at load average 40; the benchmark measures throughput, so it gives the reader time.
  mariadb --no-defaults -uroot --socket="$DATA/mariadb/run/mariadb.sock" \
    -e "SET GLOBAL net_write_timeout = 3600, GLOBAL net_read_timeout = 3600"
  start_kafka
  create_topics
  start_debezium
  until [ -s "$DATA/debezium/offsets.dat" ]; do sleep 1; done
  sleep 5
  stop_part debezium

  say "== 1. simulator alone: $DAYS days x $SALES_PER_DAY sales (seed $SEED, labelled: ${LABELLED:-false})"
  if [ "${LABELLED:-false}" = true ]; then anomalies=(--labels "$OUT/labels.jsonl"); else anomalies=(--no-anomalies); fi
  SOURCE_DB_URL="jdbc:mariadb://127.0.0.1:$SOURCE_DB_PORT/pharmacy" \
    bash "$ROOT/simulator/bench/history.sh" "$DAYS" "$SALES_PER_DAY" --seed "$SEED" "${anomalies[@]}" | tee "$OUT/simulator.txt"
  sim_line=$(grep '^server:' "$OUT/simulator.txt")
  sim_changes=$(echo "$sim_line" | sed -E 's/.* = ([0-9]+) row changes.*/\1/')
  sim_rate=$(echo "$sim_line" | sed -E 's/.* ([0-9]+) row changes\/s.*/\1/')

  say "== 2. the pipeline catches up on the same binlog"
  t0=$(now)
  start_debezium
  # Five JVMs and Debezium start at once on a shared machine: a connection may take longer than
  # the pool's default 5 s acquisition timeout, and a service longer than ./overlay's 120 s.
  export QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=${QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT:-60S}
  for s in "${SERVICES[@]}"; do
    case "${s%%:*}" in ingest-service) ;; *) start_service "${s%%:*}" "${s##*:}" ;; esac
  done
  for s in "${SERVICES[@]}"; do
    is_running "${s%%:*}" || continue
    deadline=$((SECONDS + 600))
    until curl -fsS "http://127.0.0.1:${s##*:}/q/health/ready" >/dev/null 2>&1; do
      is_running "${s%%:*}" || fail "${s%%:*} stopped (see $LOGS/${s%%:*}.log)"
      [ $SECONDS -lt $deadline ] || fail "${s%%:*} not ready after 600 s (see $LOGS/${s%%:*}.log)"
      sleep 2
    done
    say "${s%%:*} ready after $(printf '%.0f' "$(echo "$(now) - $t0" | bc)") s"
  done
  last_events=-1; last_changes=-1; last_change=$t0; idle=0; restarts=0
  while true; do
    sleep 5
    changes=$(count changes.change_event); events=$(count business.business_event)
    if [ "$events" != "$last_events" ] || [ "$changes" != "$last_changes" ]; then
      [ "$events" != "$last_events" ] && last_change=$(now)
      idle=0
    else
      idle=$((idle + 1))
    fi
    last_events=$events; last_changes=$changes
    printf '   %6.0f s: %s row changes, %s business events\n' "$(echo "$(now) - $t0" | bc)" "$changes" "$events"
    # A service whose liveness is DOWN (a consumer that gave up) is restarted, as compose and
    # Kubernetes would; it resumes from its committed offsets. Counted in the results.
    for s in "${SERVICES[@]}"; do
      is_running "${s%%:*}" || continue
      if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 10 "http://127.0.0.1:${s##*:}/q/health/live")" = 503 ]; then
        say "   ${s%%:*} liveness DOWN: $(curl -s -m 10 "http://127.0.0.1:${s##*:}/q/health/live" | tr -d '\n ' | head -c 400); restarting it"
        restarts=$((restarts + 1))
        stop_part "${s%%:*}"; start_service "${s%%:*}" "${s##*:}"
      fi
    done
    # Done when the simulated row changes are stored (95 %: the server also counts rows of its own), business events exist and nothing moved for
    # 30 s; a pipeline where nothing moved for 5 minutes is reported as stalled.
    if [ "$changes" -ge $((sim_changes * 95 / 100)) ] && [ "$events" -gt 0 ] && [ $idle -ge 6 ]; then break; fi
    if [ $idle -ge 60 ]; then
      say "warning: the pipeline stalled at $changes of $sim_changes row changes (see $LOGS)"
      break
    fi
  done
  catchup_s=$(echo "$last_change - $t0" | bc -l)
  catchup_rate=$(echo "$sim_changes / $catchup_s" | bc -l)
fi

SPAN_DAYS=$DAYS
if [ "${REPLICATE:-0}" -gt 0 ]; then
  SPAN_DAYS=$((DAYS * (REPLICATE + 1)))
  say "== 2b. the captured $DAYS days copied $REPLICATE times before them: $SPAN_DAYS days (deploy/bench/replicate.sql)"
  r0=$(now)
  copied=$($PG -d "$AUDIT_DB_NAME" -c "SELECT count(*) FROM changes.change_event WHERE transaction_id =
    (SELECT transaction_id || '~r$REPLICATE' FROM changes.change_event WHERE NOT snapshot AND transaction_id IS NOT NULL
    ORDER BY committed_at DESC LIMIT 1)")
  if [ "$copied" -gt 0 ]; then
    say "   the copies exist already (an earlier run): not copied again"
  else
    $PG -d "$AUDIT_DB_NAME" -v copies="$REPLICATE" -v span="$DAYS" -f "$ROOT/deploy/bench/replicate.sql"
  fi
  printf '   copied in %.0f s: %s row changes, %s business events\n' "$(echo "$(now) - $r0" | bc)" \
    "$(count changes.change_event)" "$(count business.business_event)"
  r0=$(now)
  curl -fsS -m 7200 -X POST -H "Authorization: Bearer $(cat "$OVERLAY_HOME/tokens/auditor.token")" \
    "http://127.0.0.1:$AI_SERVICE_PORT/api/rollups/backfill?from=$(date -u -d "$((SPAN_DAYS + 1)) days ago" +%Y-%m-%dT00:00:00Z)" \
    > "$OUT/backfill.json"
  printf '   rollups backfilled in %.0f s: %s\n' "$(echo "$(now) - $r0" | bc)" "$(head -c 300 "$OUT/backfill.json")"
fi

say "== 3. detection over the whole span ($SPAN_DAYS days)"
from=$(date -u -d "$((SPAN_DAYS + 1)) days ago" +%Y-%m-%dT00:00:00Z)
to=$(date -u +%Y-%m-%dT%H:00:00Z)
d0=$(now)
# A service that dies mid-request (say, an OutOfMemoryError) is a result to print, not the end of the run.
detection=$(curl -s -m 3600 -X POST -H "Authorization: Bearer $(cat "$OVERLAY_HOME/tokens/auditor.token")" "http://127.0.0.1:$AI_SERVICE_PORT/api/detections?from=$from&to=$to" -w ' HTTP %{http_code}') || true
is_running ai-service || say "   ai-service is not running any more: $(grep -m1 -E 'OutOfMemoryError|Terminating' "$LOGS/ai-service.log" || echo 'see its log')"
detection_s=$(echo "$(now) - $d0" | bc -l)
echo "   $detection"
ai_rss_after_detection=$(peak_rss ai-service)
if [ "${LABELLED:-false}" = true ]; then
  say "   scoring every detector against $(wc -l < "$OUT/labels.jsonl") labels"
  curl -s -m 3600 -X POST -H "Authorization: Bearer $(cat "$OVERLAY_HOME/tokens/auditor.token")" \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$OUT/labels.jsonl" \
    "http://127.0.0.1:$AI_SERVICE_PORT/api/evaluation" > "$OUT/evaluation.json"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["table"])' "$OUT/evaluation.json" \
    | tee "$OUT/evaluation.txt" || echo "   evaluation failed: $(head -c 500 "$OUT/evaluation.json")"
fi

say "== 4. REST load on query-api: $RATE req/s offered, $LOAD_SECONDS s each"
export AUDIT_TOKEN; AUDIT_TOKEN=$(cat "$OVERLAY_HOME/tokens/auditor.token")
export WRK_DELAY_MS=$((CONNECTIONS * 1000 / RATE))
enc() { python3 -c 'import sys, urllib.parse; [print(urllib.parse.quote(l.strip(), safe="")) for l in sys.stdin if l.strip()]'; }
$PG -d "$AUDIT_DB_NAME" -c "SELECT transaction_id FROM business.business_event ORDER BY random() LIMIT 2000" | enc \
  | sed 's|^|/api/v1/trace?ref=|' > "$OUT/trace.paths"
$PG -d "$AUDIT_DB_NAME" -c "SELECT DISTINCT branch_id FROM business.business_event WHERE branch_id IS NOT NULL" | while read -r b; do
  echo "/api/v1/anomalies?limit=50"
  echo "/api/v1/anomalies?branch=$b&status=OPEN"
  echo "/api/v1/anomalies?severity=HIGH,CRITICAL&since=7d"
  echo "/api/v1/anomalies?branch=$b&since=30d&limit=100"
done > "$OUT/anomalies.paths"
# Search terms an auditor types: words from the events' attributes (reasons, payment methods, names).
$PG -d "$AUDIT_DB_NAME" -c "SELECT DISTINCT lower(v) FROM (SELECT value AS v FROM business.business_event TABLESAMPLE SYSTEM (1),
    jsonb_each_text(attributes)) t WHERE v ~ '^[A-Za-z][A-Za-z _-]{3,30}\$' LIMIT 200" | enc \
  | sed 's|^|/api/v1/business-events?q=|' > "$OUT/search.paths"
declare -A P50 P99 RPS ERRS
for kind in trace anomalies search; do
  [ -s "$OUT/$kind.paths" ] || { echo "   no $kind paths"; continue; }
  PATHS_FILE="$OUT/$kind.paths" wrk -t2 -c"$CONNECTIONS" -d10s -s "$ROOT/deploy/bench/paths.lua" "http://127.0.0.1:$QUERY_API_PORT" >/dev/null
  PATHS_FILE="$OUT/$kind.paths" wrk -t2 -c"$CONNECTIONS" -d"${LOAD_SECONDS}s" --latency -s "$ROOT/deploy/bench/paths.lua" \
    "http://127.0.0.1:$QUERY_API_PORT" > "$OUT/$kind.wrk"
  P50[$kind]=$(awk '$1 == "50%" {print $2}' "$OUT/$kind.wrk")
  P99[$kind]=$(awk '$1 == "99%" {print $2}' "$OUT/$kind.wrk")
  RPS[$kind]=$(awk '/^Requests\/sec/ {print $2}' "$OUT/$kind.wrk")
  ERRS[$kind]=$(awk '/Non-2xx/ {print $NF}' "$OUT/$kind.wrk")
done

say "== 5. dashboard pages, one request at a time"
"$ROOT/deploy/bench/pages.sh" "http://127.0.0.1:$QUERY_API_PORT" "$OVERLAY_HOME/tokens/auditor.token" "$AUDIT_DB_NAME" \
  "${PAGE_REPEAT:-20}" | tee "$OUT/pages.txt" || echo "   page timings failed"

say "== results: $DAYS days x $SALES_PER_DAY sales/day${REPLICATE:+, read side $SPAN_DAYS days (REPLICATE=$REPLICATE)}"
if [ "${REUSE:-false}" != true ]; then
  printf '%-34s %s\n' "simulator alone" "$sim_changes row changes at $sim_rate row changes/s"
  printf '%-34s %.0f s = %.0f row changes/s\n' "pipeline catch-up (to business events)" "$catchup_s" "$catchup_rate"
  printf '%-34s %.2f (simulator rate / catch-up rate)\n' "ratio" "$(echo "$sim_rate / $catchup_rate" | bc -l)"
  printf '%-34s %s\n' "services restarted (liveness DOWN)" "$restarts"
fi
printf '%-34s %s row changes, %s business events, %s anomalies\n' "stored" "$(count changes.change_event)" \
  "$(count business.business_event)" "$(count insights.anomaly)"
printf '%-34s %.1f s (%s), ai-service peak RSS %s MB\n' "detection over $SPAN_DAYS days" "$detection_s" "${detection##* }" "$ai_rss_after_detection"
for kind in trace anomalies search; do
  printf '%-34s p50 %s  p99 %s  (%s req/s, non-2xx: %s)\n' "query-api $kind" "${P50[$kind]:--}" "${P99[$kind]:--}" \
    "${RPS[$kind]:--}" "${ERRS[$kind]:-0}"
done
sed 's/^/dashboard /' "$OUT/pages.txt" 2>/dev/null || true
for part in mariadb kafka debezium normalizer-service inference-service ai-service query-api; do
  printf '%-34s %s MB\n' "peak RSS $part" "$(peak_rss "$part")"
done
