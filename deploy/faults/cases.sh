# shellcheck shell=bash
# The fault cases and the checks they share (sourced by deploy/faults/run.sh).

src() { mariadb --no-defaults -N -h127.0.0.1 -P"$SOURCE_DB_PORT" -upos -ppos pharmacy -e "$1"; }
src_root() { mariadb --no-defaults -N -h127.0.0.1 -P"$SOURCE_DB_PORT" -uroot pharmacy -e "$1"; }
pg() { psql -qtA -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d "$AUDIT_DB_NAME" -c "$1"; }
svc_url() { local s; for s in "${SERVICES[@]}"; do [ "${s%%:*}" = "$1" ] && echo "http://127.0.0.1:${s##*:}"; done; }

# The tables whose new rows (AUTO_INCREMENT ids) are compared, and the business event per sale.
TABLES=(sales sale_items inventory_adjustments)

# mark: the highest ids before the case; its traffic is everything above them.
mark() {
  local t
  quiet
  MARK_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  for t in "${TABLES[@]}"; do
    BEFORE[$t]=$(src "SELECT COALESCE(MAX(id), 0) FROM $t")
  done
}
declare -A BEFORE

dead_lettered() {
  curl -fsS -H "Authorization: Bearer $(cat "$(metrics_token_file)")" "$(svc_url normalizer-service)/q/metrics" 2>/dev/null \
    | awk '/^audit_normalizer_records_dead_lettered_total/ {s += $NF} END {printf "%d", s}'
}

# traffic <seconds>: the simulator writes POS transactions in the background ($TRAFFIC is its pid).
traffic() {
  "$ROOT/overlay" simulate live --tps "$FAULT_TPS" --duration "PT${1}S" --no-anomalies --ignore-opening-hours \
    --no-progress --seed "$RANDOM" >>"$OUT/traffic.log" 2>&1 &
  TRAFFIC=$!
}

# The ids of a table's rows above the mark: at the source, created in the trail, once per id.
source_ids() { src "SELECT id FROM $1 WHERE id > ${BEFORE[$1]} ORDER BY id"; }
trail_ids() {
  pg "SELECT (primary_key->>'id')::bigint FROM changes.change_event WHERE table_name = '$1' AND source = 'pos'
      AND op IN ('CREATE', 'READ') AND primary_key >= '{\"id\": ${BEFORE[$1]}}'::jsonb AND (primary_key->>'id')::bigint > ${BEFORE[$1]}
      GROUP BY 1, op ORDER BY 1"
}
completed_sales() {
  pg "SELECT (primary_key->>'id')::bigint FROM changes.change_event WHERE table_name = 'sales' AND source = 'pos' AND op IN ('CREATE', 'READ')
      AND after->>'status' = 'COMPLETED' AND primary_key >= '{\"id\": ${BEFORE[sales]}}'::jsonb
      AND (primary_key->>'id')::bigint > ${BEFORE[sales]} GROUP BY 1 ORDER BY 1"
}
business_sales() {
  pg "SELECT subject_id::bigint FROM business.business_event WHERE type = 'sale.completed'
      AND subject_id ~ '^[0-9]+$' AND subject_id::bigint > ${BEFORE[sales]} ORDER BY 1"
}

# settle: until the trail holds the newest sale, the business events its newest completed sale,
# and both stop growing (two polls 5 s apart alike).
settle() {
  local deadline=$((SECONDS + FAULT_SETTLE_SECONDS)) last="" now max
  max=$(src "SELECT COALESCE(MAX(id), 0) FROM sales WHERE status IN ('COMPLETED', 'VOIDED', 'REFUNDED')")
  while [ $SECONDS -lt $deadline ]; do
    now=$(pg "SELECT (SELECT count(*) FROM changes.change_event WHERE committed_at >= '$MARK_AT'),
                     (SELECT count(*) FROM business.business_event WHERE stored_at >= '$MARK_AT'),
                     (SELECT count(*) FROM changes.change_event WHERE table_name = 'sales' AND primary_key = '{\"id\": $max}'::jsonb),
                     (SELECT count(*) FROM business.business_event WHERE type = 'sale.completed' AND subject_id = '$max')" 2>/dev/null || true)
    if [ -n "$now" ] && [ "$(cut -d'|' -f3 <<<"$now")" -ge 1 ] && [ "${now##*|}" -ge 1 ] && [ "$now" = "$last" ]; then return 0; fi
    last=$now
    sleep 5
  done
  return 1
}

# quiet: before a case, until inference has worked off its backlog (no business event stored
# in the last 20 s), so that a case's counts are about its own traffic.
quiet() {
  local deadline=$((SECONDS + 1800))
  until [ "$(pg "SELECT count(*) FROM business.business_event WHERE stored_at > now() - interval '20 seconds'")" = 0 ]; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 10
  done
}

# compare <case> <injected>: counts by id; any loss or duplicate fails the case.
compare() {
  local name=$1 injected=$2 verdict=PASS detail="" t s tr missing dup extra
  if ! settle; then verdict=FAIL; detail+="pipeline did not settle in ${FAULT_SETTLE_SECONDS}s; "; fi
  for t in "${TABLES[@]}"; do
    s=$(source_ids "$t"); tr=$(trail_ids "$t")
    missing=$(comm -23 <(sort -u <<<"$s") <(sort -u <<<"$tr") | grep -c . || true)
    dup=$(sort <<<"$tr" | uniq -d | grep -c . || true)
    detail+="$t: source $(grep -c . <<<"$s" || true), stored $(sort -u <<<"$tr" | grep -c . || true), missing $missing, duplicated $dup; "
    [ "$missing" -eq 0 ] && [ "$dup" -eq 0 ] || verdict=FAIL
  done
  s=$(completed_sales); tr=$(business_sales)
  missing=$(comm -23 <(sort -u <<<"$s") <(sort -u <<<"$tr") | grep -c . || true)
  dup=$(sort <<<"$tr" | uniq -d | grep -c . || true)
  extra=$(comm -13 <(sort -u <<<"$s") <(sort -u <<<"$tr") | grep -c . || true)
  detail+="sale.completed: expected $(grep -c . <<<"$s" || true), stored $(grep -c . <<<"$tr" || true), missing $missing, duplicated $dup, unexpected $extra"
  [ "$missing" -eq 0 ] && [ "$dup" -eq 0 ] && [ "$extra" -eq 0 ] || verdict=FAIL
  [ -z "${EXTRA_VERDICT:-}" ] || { detail+="; $EXTRA_DETAIL"; [ "$EXTRA_VERDICT" = PASS ] || verdict=FAIL; }
  EXTRA_VERDICT=""; EXTRA_DETAIL=""
  printf '%s\t%s\t%s\t%s\n' "$name" "$injected" "$detail" "$verdict" >>"$RESULTS"
  say "$name: $verdict — $detail"
  [ "$verdict" = PASS ]
}

# restart: whatever is not running is started again, as ./overlay up would, but without
# rebuilding anything (the case is about the running build).
restart() {
  (
    exec 9>"$OVERLAY_HOME/.lock"
    flock 9
    start_kafka
    start_debezium
    local s
    for s in "${SERVICES[@]}"; do start_service "${s%%:*}" "${s##*:}"; done
    wait_services
  ) >>"$OUT/restart.log" 2>&1
}

# kill_during <part> <signal>: traffic, the signal a third of the way in, restart, compare.
kill_during() {
  local part=$1 sig=$2 p
  mark
  traffic "$FAULT_TRAFFIC_SECONDS"
  sleep $((FAULT_TRAFFIC_SECONDS / 3))
  p=$(pid_of "$part")
  kill "-$sig" "$p"
  while kill -0 "$p" 2>/dev/null; do sleep 0.2; done
  sleep 3
  restart
  wait "$TRAFFIC" || true
}

case_debezium_kill9() { kill_during debezium KILL; compare debezium-kill9 "kill -9 Debezium Server a third into ${FAULT_TRAFFIC_SECONDS}s of ${FAULT_TPS} tx/s, restart"; }
case_normalizer_kill9() { kill_during normalizer-service KILL; compare normalizer-kill9 "kill -9 normalizer-service mid-stream, restart"; }
case_inference_kill9() { kill_during inference-service KILL; compare inference-kill9 "kill -9 inference-service mid-stream, restart"; }
case_ai_service_kill9() { kill_during ai-service KILL; compare ai-service-kill9 "kill -9 ai-service mid-stream, restart"; }

case_kafka_restart() {
  mark
  traffic "$FAULT_TRAFFIC_SECONDS"
  sleep $((FAULT_TRAFFIC_SECONDS / 3))
  stop_part kafka >/dev/null
  sleep 5
  restart
  wait "$TRAFFIC" || true
  compare kafka-restart "Kafka broker stopped (SIGTERM) under load, started 5 s later"
}

# SIGTERM each service in turn under load: it must exit within its grace period (30 s, as
# ./overlay down gives it) and log no ERROR while stopping.
case_sigterm_all() {
  local s name p t0 took log lines errors="" worst=0
  mark
  traffic $((FAULT_TRAFFIC_SECONDS * 2))
  for s in "${SERVICES[@]}"; do
    name=${s%%:*}
    is_running "$name" || continue
    p=$(pid_of "$name"); log=$LOGS/$name.log; lines=$(wc -l <"$log")
    sleep 3
    t0=$(date +%s%N)
    kill -TERM "$p"
    while kill -0 "$p" 2>/dev/null && [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 30 ]; do sleep 0.1; done
    took=$(( ($(date +%s%N) - t0) / 1000000 ))
    if kill -0 "$p" 2>/dev/null; then errors+="$name still running after 30 s; "; kill -9 "$p"; fi
    [ "$took" -gt "$worst" ] && worst=$took
    if tail -n +"$((lines + 1))" "$log" | grep -E '^[0-9-]+ [0-9:,]+ +ERROR|"level":"ERROR"' >"$OUT/sigterm-$name.errors"; then
      errors+="$name logged $(wc -l <"$OUT/sigterm-$name.errors") ERROR line(s) (faults/sigterm-$name.errors); "
    fi
    SIGTERM_TIMES+="$name ${took} ms, "
    restart
  done
  wait "$TRAFFIC" || true
  EXTRA_VERDICT=PASS; EXTRA_DETAIL="stop times: ${SIGTERM_TIMES%, }"
  [ -z "$errors" ] || { EXTRA_VERDICT=FAIL; EXTRA_DETAIL+="; $errors"; }
  compare sigterm-all "SIGTERM to each service in turn under load (grace 30 s), restart"
}
SIGTERM_TIMES=""

# Hostile values in a table of their own: each row stored faithfully (the completeness
# reconciliation finds no difference for it) or dead-lettered with a reason.
case_hostile_values() {
  local dlq_before rows report gaps dlq stored deferred skipped
  mark
  dlq_before=$(dead_lettered)
  src "DROP TABLE IF EXISTS fault_hostile;
       CREATE TABLE fault_hostile (id INT PRIMARY KEY, t MEDIUMTEXT, v VARCHAR(64), d DATETIME(6), amount DECIMAL(65,30), z DATE)"
  src_root "SET SESSION sql_mode = '';
    INSERT INTO fault_hostile VALUES
      (1, REPEAT('x', 5 * 1024 * 1024), 'five MB of text', NULL, NULL, NULL),
      (2, NULL, CONCAT('bad ', CONVERT(X'C328' USING utf8mb4)), NULL, NULL, NULL),
      (3, CONCAT('nul', CHAR(0), 'inside'), 'NUL in a text', NULL, NULL, NULL),
      (4, NULL, CONCAT('abc', CONVERT(X'E280AE' USING utf8mb4), 'def'), NULL, NULL, NULL),
      (5, NULL, CONVERT(X'F09F9292F09F8FB3EFB88FE2808DF09F8C88' USING utf8mb4), NULL, NULL, NULL),
      (6, NULL, 'DST spring gap (Europe)', '2026-03-29 02:30:00.000001', NULL, NULL),
      (7, NULL, 'DST autumn repeat (Europe)', '2026-10-25 02:30:00.999999', NULL, NULL),
      (8, NULL, 'DECIMAL(65,30)', NULL, 99999999999999999999999999999999999.999999999999999999999999999999, NULL),
      (9, NULL, 'DECIMAL(65,30) negative tiny', NULL, -0.000000000000000000000000000001, NULL),
      (10, NULL, 'zero date', '0000-00-00 00:00:00', NULL, '0000-00-00')"
  rows=$(src "SELECT count(*) FROM fault_hostile")
  sleep 60
  # A run is skipped while the normalizer has a backlog (docs/anomalies.md): try again, a few times.
  local _
  for _ in 1 2 3 4 5 6; do
    report=$(curl -fsS -X POST -H "Authorization: Bearer $(cat "$OVERLAY_HOME/tokens/auditor.token")" \
      "$(svc_url ai-service)/api/completeness/runs" || echo '{}')
    python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1]).get("skipped") else 1)' "$report" || break
    sleep 30
  done
  gaps=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("; ".join(f["text"] for f in r.get("findings", []) if f["detector"]=="capture.gap" and f["subject"]=="pharmacy.fault_hostile"))' "$report")
  dlq=$(( $(dead_lettered) - dlq_before ))
  stored=$(pg "SELECT count(DISTINCT primary_key) FROM changes.change_event WHERE table_name = 'fault_hostile' AND op = 'CREATE'")
  deferred=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("deferred", "no report"))' "$report")
  EXTRA_VERDICT=PASS
  EXTRA_DETAIL="hostile rows $rows, stored $stored, dead-lettered $dlq; reconciliation: ${gaps:-no difference} (deferred chunks: $deferred)"
  # Every row is stored or dead-lettered (with its reason in the DLQ headers), and what is stored is faithful.
  skipped=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("skipped") or "")' "$report")
  [ -z "$skipped" ] || EXTRA_DETAIL+="; every run skipped: $skipped"
  # A dead-lettered row is rightly not in the trail: the reconciliation may name it, and only it.
  local lettered absent unexplained
  lettered=$(dlq_records | grep -F 'audit.source.topic:pos.pharmacy.fault_hostile' | grep -oE '"id": ?[0-9]+' | grep -oE '[0-9]+' | sort -u)
  absent=$(grep -oE 'id=[0-9]+ exists at the source, not in the trail' <<<"$gaps" | grep -oE '[0-9]+' | sort -u)
  unexplained=$(comm -23 <(echo "$absent") <(echo "$lettered") | grep -c . || true)
  EXTRA_DETAIL+="; dead-lettered ids: $(echo "$lettered" | paste -sd, -), absent from the trail and not dead-lettered: $unexplained"
  if [ $((stored + dlq)) -lt "$rows" ] || [ "$deferred" != 0 ] || [ -n "$skipped" ] || [ "$unexplained" != 0 ] \
      || grep -qE 'differs in|is gone at the source' <<<"$gaps"; then
    EXTRA_VERDICT=FAIL
  fi
  src "DROP TABLE fault_hostile"
  compare hostile-values "5 MB TEXT, invalid UTF-8, NUL, RTL override, emoji, DST DATETIMEs, DECIMAL(65,30), zero dates"
}

# Debezium stopped, traffic, the binlog it needs purged: its restart must fail loudly, and the
# completeness check must record a gap finding (visible through GET /api/completeness/runs).
# Recovery (a new snapshot) is the operator's: this case stops at the finding.
#
# MariaDB keeps a binlog file until its binlog checkpoint has moved past it: the engine must have
# made every transaction of the file durable (crash recovery reads it otherwise). With
# innodb_flush_log_at_trx_commit=2 (the local stack's) that is the next redo-log flush, about a
# second later, more under load; until then `PURGE BINARY LOGS TO` stops at that file without an
# error or a warning (10.11). So: one FLUSH, then PURGE again until only the new file is left
# (flushing again would only start a new file whose own checkpoint is pending).
case_binlog_purged() {
  local current report found failed_loudly="no" before tries oldest lines runs_seen anomalies purged_at
  # The offsets Debezium will need: the trail's newest streamed position (what it resumes after).
  before=$(src_root "SHOW BINARY LOGS" | cut -f1 | paste -sd, -)
  lines=$(wc -l <"$LOGS/debezium.log")
  stop_part debezium >/dev/null
  src "UPDATE products SET unit_price = unit_price + 0.01 WHERE id = 1"
  mark
  traffic 10; wait "$TRAFFIC" || true
  src_root "FLUSH BINARY LOGS"
  current=$(src_root "SHOW MASTER STATUS" | cut -f1)
  for tries in $(seq 1 60); do
    src_root "PURGE BINARY LOGS TO '$current'"
    oldest=$(src_root "SHOW BINARY LOGS" | head -n 1 | cut -f1)
    [ "$oldest" = "$current" ] && break
    sleep 1
  done
  purged_at=$(date -u +%Y-%m-%dT%H:%M:%S)
  say "binlog-purged: binary logs before $before, after $(src_root "SHOW BINARY LOGS" | cut -f1 | paste -sd, -) ($tries PURGE(s))"
  restart || true
  # Debezium must refuse to start from a position that is gone, and say so; never skip ahead.
  local deadline=$((SECONDS + 120))
  until ! is_running debezium || [ $SECONDS -gt $deadline ]; do sleep 2; done
  if ! is_running debezium && tail -n +"$((lines + 1))" "$LOGS/debezium.log" \
      | grep -qiE 'no longer available|purged|binlog.*(missing|not available)'; then
    failed_loudly=yes
  fi
  report=$(completeness_run)
  found=$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print(",".join(sorted({f["detector"] for f in r.get("findings", []) if f["detector"] in ("capture.binlog-purged","capture.gap")})))' "$report")
  # Visible through the API: the runs since the purge listed by GET /api/completeness/runs (the
  # scheduled run may have come first: a finding is reported once, by the run that sees it first).
  runs_seen=$(ai_api GET "/api/completeness/runs?limit=10" | python3 -c '
import json, sys
runs = [r for r in json.load(sys.stdin) if r.get("startedAt", "") >= sys.argv[1]]
print(f"{len(runs)} run(s): " + ",".join(sorted({f["detector"] for r in runs for f in r.get("detail", {}).get("findings", [])})))' "$purged_at" \
    2>/dev/null || echo "unreadable")
  anomalies=$(pg "SELECT count(*) FROM insights.anomaly WHERE detector = 'capture.binlog-purged' AND detected_at >= '$MARK_AT'")
  local verdict=PASS
  [ "$failed_loudly" = yes ] && [[ $runs_seen == *capture.binlog-purged* ]] && [[ $runs_seen == *capture.gap* ]] && [ "$anomalies" -ge 1 ] || verdict=FAIL
  printf '%s\t%s\t%s\t%s\n' binlog-purged "Debezium stopped, ${FAULT_TPS} tx/s for 10 s, FLUSH + PURGE BINARY LOGS (binary logs $before before; $tries PURGE(s) until only $current was left), Debezium started" \
    "Debezium failed loudly: $failed_loudly ($(tail -n +"$((lines + 1))" "$LOGS/debezium.log" | grep -oiE 'is trying to read binlog[^.]*|no longer available[^.]*|Could not find GTID state[^.]*\. Probably[^.]*' | head -n 1)); findings of the case's run: ${found:-none}; GET /api/completeness/runs since the purge: ${runs_seen:-none}; capture.binlog-purged anomalies stored: $anomalies; sales written while stopped: $(( $(src "SELECT MAX(id) FROM sales") - BEFORE[sales] ))" "$verdict" >>"$RESULTS"
  say "binlog-purged: $verdict (Debezium failed loudly: $failed_loudly; findings: ${found:-none}). Recover: ./overlay down; delete $DATA/debezium/offsets.dat (a new snapshot); ./overlay up"
  [ "$verdict" = PASS ]
}

write_report() {
  local doc=$1 tmp
  tmp=$(mktemp)
  {
    sed '/^<!-- faults:begin -->$/,$d' "$doc"
    echo "<!-- faults:begin -->"
    echo "Each case's latest result (updated $(date -u +%Y-%m-%dT%H:%MZ)), ${FAULT_TRAFFIC_SECONDS} s of traffic at ${FAULT_TPS} tx/s per case."
    echo
    echo "| case | injected | counts after (by id) | verdict |"
    echo "| --- | --- | --- | --- |"
    while IFS=$'\t' read -r c i d v; do printf '| %s | %s | %s | %s |\n' "$c" "$i" "$d" "$v"; done <"$RESULTS"
    echo "<!-- faults:end -->"
    sed -n '/^<!-- faults:end -->$/,$p' "$doc" | tail -n +2
  } >"$tmp"
  mv "$tmp" "$doc"
}
