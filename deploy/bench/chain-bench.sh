#!/usr/bin/env bash
# Cost of the hash chain (issue #13, docs/integrity.md): not a test, a measurement.
#
#   1. two normalizers replay the raw topics from offset 0 into two scratch databases at the same
#      time, one with the chain and one without (audit.normalizer.hash-chain=false); rows stored
#      per second by each over the same window;
#   2. query-api recomputes the chained copy (GET /api/v1/integrity/chain over all of it): rows/s.
#
# Needs ./overlay infra. With fewer than --events raw records in the topics it writes POS sales first
# (10 row events each), as normalizer-bench.sh does.
# Usage: deploy/bench/chain-bench.sh [--events 200000] [--window 120] [--warmup 30] [--off-first] [--control]
#   --off-first  start the replay without the chain first (the first started reads the topics first)
#   --control    both replays without the chain (an A/A run: how far apart two equal replays land)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
EVENTS=200000
WINDOW=120
WARMUP=30
OFF_FIRST=false
CONTROL=false
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --off-first) OFF_FIRST=true; shift ;;
    --control) CONTROL=true; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
OFFSET=${OVERLAY_PORT_OFFSET:-0}
NPORT=$((18082 + OFFSET))
QPORT=$((18080 + OFFSET))
DB=${CHAIN_BENCH_DB:-audit_chainbench}
KAFKA=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-9092}}
DB_SUPERUSER=${AUDIT_DB_USER:-postgres}
PG="psql -h ${AUDIT_DB_HOST:-127.0.0.1} -p ${AUDIT_DB_PORT:-5432} -U $DB_SUPERUSER -qAt"
MDB_ROOT="mariadb --no-defaults -uroot --socket=${OVERLAY_HOME:-$ROOT/.overlay}/data/mariadb/run/mariadb.sock pharmacy"
NJAR=${CHAIN_BENCH_NORMALIZER_JAR:-$ROOT/normalizer-service/target/quarkus-app/quarkus-run.jar}
QJAR=${CHAIN_BENCH_QUERY_API_JAR:-$ROOT/query-api/target/quarkus-app/quarkus-run.jar}
KAFKA_LIBS=${OVERLAY_CACHE:-$HOME/.cache/audit-overlay}/kafka-4.3.1/libs
OUT=${OVERLAY_HOME:-$ROOT/.overlay}/bench
NORMALIZER_JAVA_OPTIONS=${NORMALIZER_JAVA_OPTIONS:-$(. "$ROOT/deploy/local/lib.sh" && service_jvm_options normalizer-service)}
RUN=$(date +%s)
mkdir -p "$OUT"
if [ ! -f "$NJAR" ] || [ ! -f "$QJAR" ]; then
  (cd "$ROOT" && mvn -q -B package -DskipTests -pl normalizer-service,query-api -am)
fi

# The services it starts take this metrics token (AUDIT_METRICS_TOKEN; /q/metrics answers nobody else).
export AUDIT_METRICS_TOKEN=${AUDIT_METRICS_TOKEN:-bench-metrics-token}
METRICS_TOKEN=$AUDIT_METRICS_TOKEN
metric() { curl -s -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$1/q/metrics" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%d", s }'; }
raw_records() {
  # shellcheck disable=SC2031 # KAFKA_LIBS is set once, at the top
  java -cp "$KAFKA_LIBS/*" org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$KAFKA" \
    --topic 'pos[^.]*(\.(transaction|[^.]+\.[^.]+))?' --time -1 2>/dev/null | awk -F: '{ s += $3 } END { print s + 0 }'
}

have=$(raw_records)
if [ "$have" -lt "$EVENTS" ]; then
  sales=$(( (EVENTS - have) / 10 + 1 ))
  echo "== raw topics hold $have events; writing $sales POS sales (10 row events each)"
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
  while true; do now=$(raw_records); [ "$now" = "$last" ] && break; last=$now; sleep 5; done
fi
total=$(raw_records)
echo "== raw records in the topics: $total"

# Whatever this run started is stopped when it ends, however it ends: a process left behind would
# hold its scratch database open, and the next run would replay into a database that is not empty.
STARTED=()
stop_started() { local pid; for pid in "${STARTED[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_started EXIT
start() { # chain(true|false) database port
  $PG -d postgres -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" -c "CREATE DATABASE $2" >&2 || exit 1
  # shellcheck disable=SC2086 # the JVM options are words
  # Scratch databases: the normalizer logs in and migrates as the local superuser, not as service roles.
  QUARKUS_HTTP_PORT=$3 AUDIT_DB_NAME=$2 AUDIT_DB_USER=$DB_SUPERUSER AUDIT_DB_OWNER=$DB_SUPERUSER \
    NORMALIZER_GROUP_ID="chain-bench-$RUN-$2" KAFKA_BOOTSTRAP_SERVERS=$KAFKA \
    AUDIT_NORMALIZER_HASH_CHAIN=$1 MP_MESSAGING_OUTGOING_AUDIT_CHANGES_TOPIC=audit.changes.bench \
    java $NORMALIZER_JAVA_OPTIONS -jar "$NJAR" >"$OUT/chain-$2.log" 2>&1 &
  echo $!
}
stored() { metric "$1" audit_normalizer_events_stored_total; }
# CPU seconds (user + system) a process has used: on a loaded machine the chain's CPU per stored row
# says more than rows per second, which moves with everyone else's load.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# The JIT compilers' and the collector's share of that CPU, apart: "<jit> <gc>" in seconds. The
# rest is the application's threads (and threads that ended: the process total counts them).
jit_gc() {
  local t name ticks jit=0 gc=0
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    ticks=$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
    case $name in
      C1\ Compiler*|C2\ Compiler*) jit=$((jit + ticks)) ;;
      GC\ *|G1\ *|VM\ Thread) gc=$((gc + ticks)) ;;
    esac
  done
  echo "$jit $gc" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f %.2f", $1 / hz, $2 / hz }'
}

# Both replays at once, over the same window: on a shared machine whose load moves by the minute,
# two runs one after the other measure the load more than the chain; side by side, both get the
# same machine and their ratio is the chain's cost.
echo "== 1. replay with and without the chain, side by side, over the same ${WINDOW}s window (after ${WARMUP}s)"
CHAIN_ON=true
[ "$CONTROL" = true ] && CHAIN_ON=false && echo "   control run: both replays without the chain"
if [ "$OFF_FIRST" = true ]; then
  poff=$(start false "${DB}_off" "$((NPORT + 1))")
  pon=$(start "$CHAIN_ON" "${DB}_on" "$NPORT")
else
  pon=$(start "$CHAIN_ON" "${DB}_on" "$NPORT")
  poff=$(start false "${DB}_off" "$((NPORT + 1))")
fi
STARTED+=("$pon" "$poff")
for p in "$NPORT" "$((NPORT + 1))"; do
  until curl -fs "http://127.0.0.1:$p/q/health/ready" >/dev/null 2>&1; do sleep 0.5; done
done
sleep "$WARMUP"
on0=$(stored "$NPORT"); off0=$(stored "$((NPORT + 1))"); t0=$(date +%s.%N); con0=$(cpu "$pon"); coff0=$(cpu "$poff")
read -r jon0 gon0 <<<"$(jit_gc "$pon")"; read -r joff0 goff0 <<<"$(jit_gc "$poff")"
sleep "$WINDOW"
on1=$(stored "$NPORT"); off1=$(stored "$((NPORT + 1))"); t1=$(date +%s.%N); con1=$(cpu "$pon"); coff1=$(cpu "$poff")
read -r jon1 gon1 <<<"$(jit_gc "$pon")"; read -r joff1 goff1 <<<"$(jit_gc "$poff")"
sleep 3
# A replay that ended inside the window makes its rate a floor, not a rate: say so.
for p in "$NPORT:$on1" "$((NPORT + 1)):$off1"; do
  if [ "$(stored "${p%%:*}")" = "${p##*:}" ]; then
    echo "   warning: the replay on :${p%%:*} had stored everything before the window ended; use more --events or a shorter --window" >&2
  fi
done
kill "$pon" "$poff"; wait "$pon" "$poff" 2>/dev/null || true
on=$(echo "($on1 - $on0) / ($t1 - $t0)" | bc -l); off=$(echo "($off1 - $off0) / ($t1 - $t0)" | bc -l)
printf '   hash-chain=%-5s: %d rows stored in the window = %.0f rows/s (%s rows, %s links in all)\n' "$CHAIN_ON" "$((on1 - on0))" "$on" \
  "$($PG -d "${DB}_on" -c 'SELECT count(*) FROM changes.change_event')" "$($PG -d "${DB}_on" -c 'SELECT count(*) FROM changes.chain_link')"
printf '   hash-chain=false: %d rows stored in the window = %.0f rows/s\n' "$((off1 - off0))" "$off"
printf '   normalizer CPU per 1,000 rows stored: %.3f s with the chain, %.3f s without\n' \
  "$(echo "1000 * ($con1 - $con0) / ($on1 - $on0)" | bc -l)" "$(echo "1000 * ($coff1 - $coff0) / ($off1 - $off0)" | bc -l)"
printf '   of the window'"'"'s CPU, JIT compilers / collector: %.1f s / %.1f s of %.1f s with the chain, %.1f s / %.1f s of %.1f s without\n' \
  "$(echo "$jon1 - $jon0" | bc -l)" "$(echo "$gon1 - $gon0" | bc -l)" "$(echo "$con1 - $con0" | bc -l)" \
  "$(echo "$joff1 - $joff0" | bc -l)" "$(echo "$goff1 - $goff0" | bc -l)" "$(echo "$coff1 - $coff0" | bc -l)"
printf '   with the chain: %.1f %% of the throughput without (loss %.1f %%); load average %s\n' "$(echo "100 * $on / $off" | bc -l)" \
  "$(echo "100 - 100 * $on / $off" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"

[ "$CONTROL" = true ] && exit 0 # nothing chained to verify
echo "== 2. verify: query-api recomputes the chained copy"
TOKEN=chain-bench-token
AUDIT_DB_NAME="${DB}_on" AUDIT_DB_USER=$DB_SUPERUSER AUDIT_DB_OWNER=$DB_SUPERUSER QUARKUS_HTTP_PORT=$QPORT AUDIT_SECURITY_TOKENS_BENCH_SHA256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1) \
  AUDIT_SECURITY_TOKENS_BENCH_ROLE=auditor java -Xmx384m -XX:+UseSerialGC -jar "$QJAR" >"$OUT/chain-query-api.log" 2>&1 &
qpid=$!
STARTED+=("$qpid")
until curl -fs "http://127.0.0.1:$QPORT/q/health/ready" >/dev/null 2>&1; do sleep 0.5; done
v0=$(date +%s.%N)
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$QPORT/api/v1/integrity/chain?from=2000-01-01T00:00:00Z&to=$(date -u -d '+1 hour' +%FT%TZ)" >"$OUT/chain-verify.json"
v1=$(date +%s.%N)
kill "$qpid"; wait "$qpid" 2>/dev/null || true
rows=$(python3 -c "import json,sys; d=json.load(open('$OUT/chain-verify.json')); print(sum(t['rows'] for t in d['tables']), d['ok'], d['rowsPerSecond'])")
# shellcheck disable=SC2086 # three words
set -- $rows
printf '   verify: %s rows recomputed in %.1f s (HTTP included) = %.0f rows/s; ok=%s (server-side rate %s rows/s)\n' "$1" \
  "$(echo "$v1 - $v0" | bc -l)" "$(echo "$1 / ($v1 - $v0)" | bc -l)" "$2" "$3"
