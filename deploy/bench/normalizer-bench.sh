#!/usr/bin/env bash
# Normalizer benchmark (issue #2): not a test, a measurement. Needs ./overlay infra (or up).
#
#   1. latency: commit → canonical row stored, p50/p99 over N_LATENCY paced transactions
#      (needs a normalizer consuming into the audit database: ./overlay up, or it starts one);
#   2. throughput: a fresh normalizer replays every raw topic from offset 0 into a scratch
#      database; events/s beside PostgreSQL COPY of the same rows into the same table;
#   3. a second replay into the full table: rows added (must be 0).
#
# Usage: deploy/bench/normalizer-bench.sh [--events 200000] [--latency-tx 1000] [--skip-latency | --latency-only]
#
# Beside another checkout: its OVERLAY_PORT_OFFSET, SOURCE_DB_PORT, KAFKA_PORT and AUDIT_DB_NAME
# are honoured (the scratch database is ${AUDIT_DB_NAME}_bench). To compare two builds in one run,
# NORMALIZER_JAR=a.jar COMPARE_JAR=b.jar replays the same records with each, alternately.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EVENTS=200000
LATENCY_TX=1000
SKIP_LATENCY=false
LATENCY_ONLY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --latency-tx) LATENCY_TX=$2; shift 2 ;;
    --skip-latency) SKIP_LATENCY=true; shift ;;
    --latency-only) LATENCY_ONLY=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SOURCE_DB_PORT=${SOURCE_DB_PORT:-3307}
KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-9092}}
export KAFKA_BOOTSTRAP_SERVERS
OFFSET=${OVERLAY_PORT_OFFSET:-0}
NORMALIZER_PORT=$((8082 + OFFSET))
BENCH_PORT=$((18082 + OFFSET))
AUDIT_DB=${AUDIT_DB_NAME:-audit}
BENCH_DB=${AUDIT_DB}_bench
COMPARE_JAR=${COMPARE_JAR:-}
PG="psql -h ${AUDIT_DB_HOST:-127.0.0.1} -p ${AUDIT_DB_PORT:-5432} -U ${AUDIT_DB_USER:-postgres} -qAt"
MDB="mariadb --no-defaults -h127.0.0.1 -P$SOURCE_DB_PORT -upos -ppos pharmacy"
# Creating the load-generating procedure needs more than the POS user's grants.
MDB_ROOT="mariadb --no-defaults -uroot --socket=$ROOT/.overlay/data/mariadb/run/mariadb.sock pharmacy"
JAR=${NORMALIZER_JAR:-$ROOT/normalizer-service/target/quarkus-app/quarkus-run.jar}
KAFKA_LIBS=${OVERLAY_CACHE:-$HOME/.cache/audit-overlay}/kafka-4.3.1/libs
OUT=$ROOT/.overlay/bench
# The JVM options ./overlay runs the normalizer with (deploy/local/lib.sh).
# shellcheck disable=SC1091 # lib.sh is checked on its own
NORMALIZER_JAVA_OPTIONS=${NORMALIZER_JAVA_OPTIONS:-$(. "$ROOT/deploy/local/lib.sh" && service_jvm_options normalizer-service)}
RUN=$(date +%s)
mkdir -p "$OUT"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B package -DskipTests -pl normalizer-service -am)

# The services it starts take this metrics token (AUDIT_METRICS_TOKEN; /q/metrics answers nobody else).
export AUDIT_METRICS_TOKEN=${AUDIT_METRICS_TOKEN:-bench-metrics-token}
METRICS_TOKEN=$AUDIT_METRICS_TOKEN
metric() { curl -s -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$1/q/metrics" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%d", s }'; }
start_normalizer() { # port db group log [earliest|latest] [jar]
  # Forward to a topic of the benchmark's own, not to the audit.changes the services read.
  # shellcheck disable=SC2086 # NORMALIZER_JAVA_OPTIONS is a list of JVM options
  QUARKUS_HTTP_PORT=$1 AUDIT_DB_NAME=$2 NORMALIZER_GROUP_ID=$3 MP_MESSAGING_INCOMING_RAW_AUTO_OFFSET_RESET=${5:-earliest} \
    MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC=audit.changes.bench \
    java $NORMALIZER_JAVA_OPTIONS -jar "${6:-$JAR}" >"$4" 2>&1 &
  echo $!
  until curl -fs "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1; do sleep 0.3; done
}
# shellcheck disable=SC2031 # the subshell above only reads lib.sh for the JVM options
raw_records() {
  java -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --topic 'pos[^.]*(\.(transaction|[^.]+\.[^.]+))?' --time -1 2>/dev/null | awk -F: '{ s += $3 } END { print s }'
}

if ! $SKIP_LATENCY; then
echo "== 1. commit → stored latency over $LATENCY_TX transactions (≈ 50 tx/s)"
own_normalizer=""
if ! curl -fs "http://127.0.0.1:$NORMALIZER_PORT/q/health/ready" >/dev/null 2>&1; then
  # A fresh group from the end of the raw topics: latency, not the catch-up of an old backlog.
  own_normalizer=$(start_normalizer "$NORMALIZER_PORT" "$AUDIT_DB" "bench-latency-$RUN" "$OUT/latency-normalizer.log" latest)
  sleep 8 # partition assignment, then the first fetch fixes the start position
fi
{
  for i in $(seq 1 "$LATENCY_TX"); do
    echo "START TRANSACTION;"
    echo "UPDATE inventory SET quantity = quantity + 1, last_reason = 'COUNT_CORRECTION', updated_at = UTC_TIMESTAMP(3) WHERE branch_id = 1 AND product_id = 2;"
    echo "INSERT INTO inventory_adjustments (branch_id, product_id, user_id, delta, reason, note, created_at) VALUES (1, 2, 3, 1, 'COUNT_CORRECTION', 'bench-$RUN-$i', UTC_TIMESTAMP(3));"
    echo "COMMIT; DO SLEEP(0.02);"
  done
} | $MDB
sleep 3
$PG -d "$AUDIT_DB" <<SQL
SELECT 'latency ms  p50=' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 1)
    || '  p99=' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 1)
    || '  max=' || round(max(l)::numeric, 1) || '  n=' || count(*)
FROM (SELECT extract(epoch FROM stored_at - ((after->>'created_at')::timestamp AT TIME ZONE 'UTC')) * 1000 AS l
      FROM changes.change_event
      WHERE table_name = 'inventory_adjustments' AND after->>'note' LIKE 'bench-$RUN-%') t;
SQL
[ -n "$own_normalizer" ] && kill "$own_normalizer"
fi
$LATENCY_ONLY && exit 0

echo "== 2. throughput: replay of the raw topics (≥ $EVENTS events) into a scratch database"
have=$(raw_records)
if [ "$have" -lt "$EVENTS" ]; then
  sales=$(( (EVENTS - have) / 10 + 1 ))
  echo "   raw topics hold $have events; writing $sales more POS sales (10 row events each)"
  $MDB_ROOT <<SQL
DROP PROCEDURE IF EXISTS bench_sales;
DELIMITER //
CREATE PROCEDURE bench_sales(n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE sid BIGINT;
  WHILE i < n DO
    START TRANSACTION;
    INSERT INTO sales (branch_id, user_id, status, subtotal, discount, total, payment_method, created_at, completed_at)
      VALUES (1 + i % 3, 1, 'COMPLETED', 58.49, 0, 58.49, 'CARD', UTC_TIMESTAMP(3), UTC_TIMESTAMP(3));
    SET sid = LAST_INSERT_ID();
    INSERT INTO sale_items (sale_id, product_id, quantity, unit_price, discount, line_total)
      VALUES (sid, 1, 1, 6.49, 0, 6.49), (sid, 2, 1, 9.99, 0, 9.99), (sid, 3, 1, 42.00, 0, 42.00);
    UPDATE inventory SET quantity = quantity - 1, last_reason = 'SALE', updated_at = UTC_TIMESTAMP(3) WHERE branch_id = 1 + i % 3 AND product_id = 1;
    INSERT INTO inventory_adjustments (branch_id, product_id, user_id, delta, reason, created_at) VALUES (1 + i % 3, 1, 1, -1, 'SALE', UTC_TIMESTAMP(3));
    UPDATE inventory SET quantity = quantity - 1, last_reason = 'SALE', updated_at = UTC_TIMESTAMP(3) WHERE branch_id = 1 + i % 3 AND product_id = 2;
    INSERT INTO inventory_adjustments (branch_id, product_id, user_id, delta, reason, created_at) VALUES (1 + i % 3, 2, 1, -1, 'SALE', UTC_TIMESTAMP(3));
    UPDATE inventory SET quantity = quantity - 1, last_reason = 'SALE', updated_at = UTC_TIMESTAMP(3) WHERE branch_id = 1 + i % 3 AND product_id = 3;
    INSERT INTO inventory_adjustments (branch_id, product_id, user_id, delta, reason, created_at) VALUES (1 + i % 3, 3, 1, -1, 'SALE', UTC_TIMESTAMP(3));
    COMMIT;
    SET i = i + 1;
  END WHILE;
END //
DELIMITER ;
CALL bench_sales($sales);
DROP PROCEDURE bench_sales;
SQL
  echo "   waiting for Debezium to publish them"
  last=-1
  while true; do
    now=$(raw_records); [ "$now" = "$last" ] && break; last=$now; sleep 3
  done
fi
total=$(raw_records)
echo "   raw records in the topics: $total"

replay() { # jar label: a fresh normalizer replays every raw topic into an empty scratch database
  $PG -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB"
  pid=$(start_normalizer "$BENCH_PORT" "$BENCH_DB" "bench-$RUN-$2" "$OUT/replay-$2.log" earliest "$1")
  t0=$(date +%s.%N)
  # Polled once a second: rendering the metrics costs the normalizer CPU too.
  while [ "$(metric "$BENCH_PORT" audit_normalizer_records_in_total)" -lt "$total" ]; do sleep 1; done
  # Every batch has started; the run ends when the last one is stored (the stored count stops moving).
  last=-1; t1=$(date +%s.%N)
  while true; do
    now=$(metric "$BENCH_PORT" audit_normalizer_events_stored_total); [ "$now" = "$last" ] && break
    last=$now; t1=$(date +%s.%N); sleep 1
  done
  stored=$(metric "$BENCH_PORT" audit_normalizer_events_stored_total)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rate=$(echo "$total / ($t1 - $t0)" | bc -l)
  printf '   normalizer %s: %d raw records (%d rows stored) in %.1f s = %.0f records/s\n' "$2" "$total" "$stored" "$(echo "$t1 - $t0" | bc -l)" "$rate"
}
if [ -n "$COMPARE_JAR" ]; then
  # Alternately, twice each: the machine's other load falls on both.
  for round in 1 2; do
    replay "$JAR" "a$round"
    replay "$COMPARE_JAR" "b$round"
  done
  echo "   a = $JAR, b = $COMPARE_JAR"
  exit 0
fi
replay "$JAR" 1

rows=$($PG -d "$BENCH_DB" -c "SELECT count(*) FROM changes.change_event")
$PG -d "$BENCH_DB" -c "\copy (SELECT * FROM changes.change_event) TO '$OUT/rows.copy'"
$PG -d "$BENCH_DB" -c "TRUNCATE changes.change_event"
c0=$(date +%s.%N)
$PG -d "$BENCH_DB" -c "\copy changes.change_event FROM '$OUT/rows.copy'"
c1=$(date +%s.%N)
copy_rate=$(echo "$rows / ($c1 - $c0)" | bc -l)
printf '   COPY of the same %d rows into the same table: %.1f s = %.0f rows/s\n' "$rows" "$(echo "$c1 - $c0" | bc -l)" "$copy_rate"
printf '   normalizer rows/s ÷ COPY rows/s = %.2f (target ≥ 0.5)\n' "$(echo "($stored / ($t1 - $t0)) / $copy_rate" | bc -l)"
rm -f "$OUT/rows.copy"

echo "== 3. replay again into the full table"
pid=$(start_normalizer "$BENCH_PORT" "$BENCH_DB" "bench-$RUN-2" "$OUT/replay-2.log")
while [ "$(metric "$BENCH_PORT" audit_normalizer_records_in_total)" -lt "$total" ]; do sleep 1; done
last=-1
while true; do
  now=$(( $(metric "$BENCH_PORT" audit_normalizer_events_stored_total) + $(metric "$BENCH_PORT" audit_normalizer_events_duplicates_total) ))
  [ "$now" = "$last" ] && break; last=$now; sleep 1
done
printf '   second replay: stored %d new rows, %d duplicates skipped; rows now %s (before %s)\n' \
  "$(metric "$BENCH_PORT" audit_normalizer_events_stored_total)" "$(metric "$BENCH_PORT" audit_normalizer_events_duplicates_total)" \
  "$($PG -d "$BENCH_DB" -c "SELECT count(*) FROM changes.change_event")" "$rows"
kill "$pid"; wait "$pid" 2>/dev/null || true
