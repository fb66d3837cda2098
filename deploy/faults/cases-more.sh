# shellcheck shell=bash
# shellcheck disable=SC2034  # EXTRA_VERDICT/EXTRA_DETAIL are read by compare() in cases.sh
# More fault cases (issue 16): PostgreSQL unavailable, Debezium killed mid-snapshot, one
# 100,000-row transaction. Sourced by deploy/faults/run.sh after cases.sh (whose helpers they use).

FAULT_PG_CUT_SECONDS=${FAULT_PG_CUT_SECONDS:-120}
FAULT_BULK_ROWS=${FAULT_BULK_ROWS:-100000}

# The services' PostgreSQL roles of this stack's database (deploy/sql/service-roles.sql). Only
# these roles, and only connections to $AUDIT_DB_NAME, are touched: the machine's PostgreSQL is shared.
service_roles() { printf "'%s_normalizer','%s_inference','%s_ai','%s_query'" "$AUDIT_DB_ROLE_PREFIX" "$AUDIT_DB_ROLE_PREFIX" \
  "$AUDIT_DB_ROLE_PREFIX" "$AUDIT_DB_ROLE_PREFIX"; }
pg_admin() { psql -qtA -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d postgres -c "$1"; }
cut_roles() { # cut_roles NOLOGIN|LOGIN
  local r
  for r in normalizer inference ai query; do pg_admin "ALTER ROLE ${AUDIT_DB_ROLE_PREFIX}_$r $1" >/dev/null; done
}
terminate_service_backends() {
  pg_admin "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = '$AUDIT_DB_NAME' AND usename IN ($(service_roles))"
}
ready_state() { curl -s -o /dev/null -w '%{http_code}' "$(svc_url "$1")/q/health/ready" || true; }

# PostgreSQL unavailable to the services for FAULT_PG_CUT_SECONDS under load: their roles may not
# log in and their connections are terminated (again every 5 s). Readiness must go DOWN (503)
# and come back; afterwards nothing is missing or duplicated.
case_postgres_cut() {
  local end killed=0 n downs="" s ready
  mark
  traffic $((FAULT_TRAFFIC_SECONDS + FAULT_PG_CUT_SECONDS))
  sleep $((FAULT_TRAFFIC_SECONDS / 3))
  trap 'cut_roles LOGIN' RETURN
  cut_roles NOLOGIN
  end=$((SECONDS + FAULT_PG_CUT_SECONDS))
  while [ $SECONDS -lt $end ]; do
    n=$(terminate_service_backends); killed=$((killed + ${n:-0}))
    sleep 5
    if [ -z "$downs" ] && [ $SECONDS -gt $((end - FAULT_PG_CUT_SECONDS + 30)) ]; then
      for s in normalizer-service inference-service; do ready=$(ready_state "$s"); downs+="$s $ready, "; done
    fi
  done
  cut_roles LOGIN
  trap - RETURN
  sleep 5
  local alive=""
  for s in normalizer-service inference-service ai-service query-api; do is_running "$s" || alive+="$s exited; "; done
  restart
  wait "$TRAFFIC" || true
  EXTRA_VERDICT=PASS
  EXTRA_DETAIL="backends terminated $killed; readiness 30 s into the cut: ${downs%, }; ${alive:-every service stayed up}"
  grep -q '200' <<<"$downs" && EXTRA_VERDICT=FAIL
  compare postgres-cut "the services' PostgreSQL roles NOLOGIN and their connections terminated for ${FAULT_PG_CUT_SECONDS} s under load"
}

# Debezium killed (kill -9) while its initial snapshot is being read, started again: it redoes the
# snapshot; the trail must hold every source row, and the re-read rows must not be new changes
# (READ ids are by snapshot position and key: counted, not failed, so the finding is visible).
case_debezium_snapshot_kill() {
  local t rows reads distinct p detail="" verdict=PASS offsets="$DATA/debezium/offsets.dat"
  # A table big enough that the snapshot takes a while, written while Debezium is stopped: only the
  # new snapshot can bring its rows into the trail (it streams from the snapshot's position on).
  stop_part debezium >/dev/null
  src "DROP TABLE IF EXISTS fault_snapshot; CREATE TABLE fault_snapshot (id INT PRIMARY KEY, note VARCHAR(40))"
  src "INSERT INTO fault_snapshot SELECT seq, CONCAT('row ', seq) FROM seq_1_to_${FAULT_BULK_ROWS}"
  mv "$offsets" "$offsets.before-snapshot-case" 2>/dev/null || true
  mv "$DATA/debezium/schema-history.dat" "$DATA/debezium/schema-history.dat.before-snapshot-case" 2>/dev/null || true
  restart
  # Kill it once the snapshot has started reading fault_snapshot's rows, before it has finished them.
  local deadline=$((SECONDS + 300)) lines
  lines=$(wc -l <"$LOGS/debezium.log")
  until tail -n +"$lines" "$LOGS/debezium.log" | grep -qE "Exporting data from table '?pharmacy.fault_snapshot" || [ $SECONDS -gt $deadline ]; do
    sleep 0.2
  done
  sleep 1
  p=$(pid_of debezium)
  kill -KILL "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.2; done
  if tail -n +"$lines" "$LOGS/debezium.log" | grep -qE "Finished exporting [0-9]+ records for table '?pharmacy.fault_snapshot"; then
    detail+="killed after the table's export finished (not mid-snapshot); "; verdict=FAIL
  else
    detail+="killed while exporting fault_snapshot ($(pg "SELECT count(*) FROM changes.change_event WHERE table_name = 'fault_snapshot'") of its rows stored by then); "
  fi
  restart
  deadline=$((SECONDS + FAULT_SETTLE_SECONDS * 2))
  until [ "$(pg "SELECT count(DISTINCT primary_key) FROM changes.change_event WHERE table_name = 'fault_snapshot'")" -ge "$FAULT_BULK_ROWS" ] \
    || [ $SECONDS -gt $deadline ]; do sleep 5; done
  sleep 10
  for t in fault_snapshot sales inventory_adjustments; do
    rows=$(src "SELECT count(*) FROM $t")
    distinct=$(pg "SELECT count(DISTINCT primary_key) FROM changes.change_event WHERE table_name = '$t' AND op IN ('READ','CREATE','UPDATE')")
    reads=$(pg "SELECT count(*) FROM changes.change_event WHERE table_name = '$t' AND op = 'READ'")
    detail+="$t: source $rows, keys in the trail $distinct, READ events $reads; "
    [ "$distinct" -ge "$rows" ] || verdict=FAIL
  done
  src "DROP TABLE fault_snapshot"
  printf '%s\t%s\t%s\t%s\n' debezium-snapshot-kill "offsets deleted (a new snapshot), kill -9 Debezium mid-snapshot of a ${FAULT_BULK_ROWS}-row table, restart" \
    "${detail%; }" "$verdict" >>"$RESULTS"
  say "debezium-snapshot-kill: $verdict — $detail"
  [ "$verdict" = PASS ]
}

# One transaction of FAULT_BULK_ROWS rows (an INSERT … SELECT, as a bulk load or a bulk price
# update writes it) with inference at its shipped heap: every row stored once, the transaction's
# business events bounded, inference alive; its resident memory before and after.
case_bulk_transaction() {
  local gtid stored dups events changes rss_before rss_after p verdict=PASS deadline
  src "DROP TABLE IF EXISTS fault_bulk; CREATE TABLE fault_bulk (id INT PRIMARY KEY, sku VARCHAR(16), price DECIMAL(10,2))"
  p=$(pid_of inference-service); rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$p/status")
  gtid=$(src "INSERT INTO fault_bulk SELECT seq, CONCAT('SKU-', seq), 1.00 + seq % 100 FROM seq_1_to_${FAULT_BULK_ROWS}; SELECT @@last_gtid")
  deadline=$((SECONDS + FAULT_SETTLE_SECONDS * 2))
  until [ "$(pg "SELECT count(*) FROM business.business_event WHERE transaction_id = 'pos:$gtid'")" -ge 1 ] || [ $SECONDS -gt $deadline ]; do sleep 5; done
  sleep 15
  # This run's transaction only: the table's rows of an earlier run keep their events (same keys).
  stored=$(pg "SELECT count(DISTINCT primary_key) FROM changes.change_event WHERE table_name = 'fault_bulk' AND op = 'CREATE'
               AND transaction_id = 'pos:$gtid'")
  dups=$(pg "SELECT count(*) - count(DISTINCT primary_key) FROM changes.change_event WHERE table_name = 'fault_bulk' AND op = 'CREATE'
             AND transaction_id = 'pos:$gtid'")
  events=$(pg "SELECT count(*) FROM business.business_event WHERE transaction_id = 'pos:$gtid'")
  changes=$(pg "SELECT COALESCE(sum(cardinality(source_event_ids)), 0) FROM business.business_event WHERE transaction_id = 'pos:$gtid'" 2>/dev/null || echo "?")
  if is_running inference-service; then rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$(pid_of inference-service)/status"); else rss_after="(exited)"; verdict=FAIL; fi
  [ "$stored" -eq "$FAULT_BULK_ROWS" ] && [ "$dups" -eq 0 ] && [ "$events" -ge 1 ] && [ "$events" -le 10 ] || verdict=FAIL
  # Complete: the events cover every stored change of the transaction, once (a transaction closed
  # early by the timeout is inferred in fragments; each fragment's changes need their own event).
  [ "$changes" = "$stored" ] || verdict=FAIL
  # Stored is not enough: the events must also leave for audit.business, or every later one waits
  # behind them (seen: a 3.9 MB event refused by a 1 MB producer limit stalled inference for good).
  local ready
  sleep 30
  ready=$(ready_state inference-service)
  [ "$ready" = 200 ] || verdict=FAIL
  src "DROP TABLE fault_bulk"
  printf '%s\t%s\t%s\t%s\n' bulk-transaction "one INSERT … SELECT of ${FAULT_BULK_ROWS} rows in one transaction (GTID $gtid)" \
    "rows stored $stored of ${FAULT_BULK_ROWS}, duplicated $dups; business events of the transaction $events, covering $changes change(s); inference RSS ${rss_before} kB before, ${rss_after} kB after; inference readiness 30 s later $ready" \
    "$verdict" >>"$RESULTS"
  say "bulk-transaction: $verdict — stored $stored, dups $dups, events $events ($changes changes), RSS $rss_before → $rss_after kB"
  [ "$verdict" = PASS ]
}
