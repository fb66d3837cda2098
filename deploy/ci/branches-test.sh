#!/usr/bin/env bash
# N branch sources end to end (issue 15, item 2): OVERLAY_BRANCHES=N ./overlay up runs N MariaDB
# servers (same schema and seed, so primary-key ids and GTID sequence numbers overlap), each
# captured by its own Debezium Server as its own source. The simulator writes into every source
# (`./overlay simulate --branch-source i`: branch i's activity only); then, per source, from the
# source databases' own binlogs and tables against the audit database:
#   - exactly once: stored snapshot rows = the source's rows when capture began; stored streamed
#     changes = the row events in the source's binlog since then, none twice;
#   - complete: every row of every source table is in the trail under that source;
#   - right branch and source: every change carries its source, the branch of its row (or the
#     source's branch for rows without a branch column), the sales of source i are branch i's;
#   - no collision: every transaction id is qualified by its source; stored transactions and END
#     markers per source = the source's binlog transactions, although sale ids and GTID sequence
#     numbers repeat across the sources;
#   - business events per source: one sale.completed per sale, one prescription.dispensed per
#     prescription, each under its source;
#   - completeness per source: ai-service reconciles every source with its own trail (nothing found
#     on a clean run), and a `sql_log_bin = 0` write at the last source is a capture.gap of that
#     source only.
# Starts from nothing (./overlay down --purge, a fresh audit database BRANCHES_TEST_DB) and stops
# the stack at the end. BRANCHES_TEST_N (3), BRANCHES_TEST_SALES (150 a day, 1 day per source).
# shellcheck disable=SC2031 # lib.sh exports the same names in its own subshells
set -eEuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
N=${BRANCHES_TEST_N:-3}
SALES=${BRANCHES_TEST_SALES:-150}
export AUDIT_DB_NAME=${BRANCHES_TEST_DB:-${AUDIT_DB_NAME:-audit}_ci_branches}
export OVERLAY_BRANCHES=$N
# Eight JVMs start at once here (three Debezium Servers, five services): on a loaded machine a
# service's first PostgreSQL connection took longer than Agroal's 5 s default and it exited.
export QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=${QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT:-60S}
# Every start timeout of ./overlay times OVERLAY_WAIT_FACTOR (main's 727719b): 5 unless set.
export OVERLAY_WAIT_FACTOR=${OVERLAY_WAIT_FACTOR:-5}
# The completeness runs below read again after 3 s what differs, not the shipped 30 s.
export AUDIT_AI_COMPLETENESS_SETTLE=PT3S
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
trap 'on_error $? "$BASH_COMMAND" "${BASH_SOURCE[0]}:$LINENO"' ERR

TABLES=(roles branches users customers products inventory inventory_adjustments sales sale_items refunds prescriptions)
started=$SECONDS
pg() { psql -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d "$AUDIT_DB_NAME" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
src_sql() { mariadb --no-defaults -uroot --socket="$(socket_of "$1")" -N -B pharmacy -e "$2"; }
socket_of() { if [ "$1" -eq 1 ]; then echo "$DATA/mariadb/run/mariadb.sock"; else branch_socket "$1"; fi; }
binlog_dir() { if [ "$1" -eq 1 ]; then echo "$DATA/mariadb/binlog"; else echo "$DATA/mariadb-$(branch_name "$1")/binlog"; fi; }
ok() { printf '  ok  %s\n' "$*"; }
failures=0
check() { # what expected actual
  if [ "$2" = "$3" ]; then ok "$1: $3"; else printf '  FAIL %s: expected %s, got %s\n' "$1" "$2" "$3" >&2; failures=$((failures + 1)); fi
}
trap '"$ROOT/overlay" down >/dev/null 2>&1 || true' EXIT

say "branches test: $N branch sources, $SALES sales each, audit database $AUDIT_DB_NAME"
"$ROOT/overlay" down --purge >/dev/null
psql -q -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d postgres -c "DROP DATABASE IF EXISTS $AUDIT_DB_NAME WITH (FORCE)" >/dev/null
"$ROOT/overlay" up >/dev/null || fail "OVERLAY_BRANCHES=$N ./overlay up failed (run it by hand to see why)"
ok "OVERLAY_BRANCHES=$N ./overlay up in $((SECONDS - started)) s"

# What each source held when its capture began (its snapshot) and where its binlog stood then:
# nothing writes into a source between its Debezium Server's snapshot and this point.
declare -A snap_rows binlog_file binlog_pos
for ((i = 1; i <= N; i++)); do
  for t in "${TABLES[@]}"; do snap_rows[$i.$t]=$(src_sql "$i" "SELECT COUNT(*) FROM $t"); done
  read -r binlog_file[$i] binlog_pos[$i] _ < <(src_sql "$i" "SHOW MASTER STATUS")
done

# The snapshots must be complete before anything is written (readiness comes before them).
deadline=$((SECONDS + 180))
for ((i = 1; i <= N; i++)); do
  total=0
  for t in "${TABLES[@]}"; do total=$((total + snap_rows[$i.$t])); done
  until [ "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$(branch_source "$i")' AND snapshot" 2>/dev/null || echo 0)" -ge "$total" ]; do
    [ $SECONDS -lt $deadline ] || fail "the snapshot of $(branch_source "$i") ($total rows) was not stored within 180 s; ./overlay logs normalizer-service"
    sleep 2
  done
done
ok "snapshots of the $N sources stored ($((SECONDS - started)) s)"

t0=$SECONDS
for ((i = 1; i <= N; i++)); do
  "$ROOT/overlay" simulate --branch-source "$i" init --customers 50 >/dev/null
  "$ROOT/overlay" simulate --branch-source "$i" history --days 1 --sales-per-day "$SALES" --seed "$i" --no-progress >/dev/null
done
ok "simulator wrote into every source in $((SECONDS - t0)) s"

# The row events and transactions of a source's binlog since capture began, from the binlog itself.
binlog_since() { # source
  local i=$1 dir files=() f
  dir=$(binlog_dir "$i")
  while read -r f; do files+=("$dir/$(basename "$f")"); done < <(sed -n "/$(basename "${binlog_file[$i]}")\$/,\$p" "$dir/mb.index")
  mariadb-binlog --no-defaults --base64-output=decode-rows -v --start-position="${binlog_pos[$i]}" "${files[@]}" 2>/dev/null
}
declare -A want_changes want_tx
for ((i = 1; i <= N; i++)); do
  dump=$(binlog_since "$i")
  # shellcheck disable=SC2016 # backquotes of the binlog dump, not a command
  want_changes[$i]=$(grep -cE '^### (INSERT INTO|UPDATE|DELETE FROM) `pharmacy`\.' <<<"$dump" || true)
  want_tx[$i]=$(grep -cE 'GTID [0-9]+-[0-9]+-[0-9]+ trans' <<<"$dump" || true)
done

# Caught up: every source's streamed changes and its sales' business events are stored.
deadline=$((SECONDS + ${BRANCHES_TEST_WAIT:-240}))
while :; do
  done_=0
  for ((i = 1; i <= N; i++)); do
    src=$(branch_source "$i")
    have=$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND NOT snapshot" 2>/dev/null || echo 0)
    sales=$(pg "SELECT count(*) FROM business.business_event WHERE source = '$src' AND type = 'sale.completed'" 2>/dev/null || echo 0)
    if [ "$have" -ge "${want_changes[$i]}" ] && [ "$sales" -ge "$(src_sql "$i" "SELECT COUNT(*) FROM sales")" ]; then done_=$((done_ + 1)); fi
  done
  [ $done_ -lt "$N" ] || break
  [ $SECONDS -lt $deadline ] || { say "not caught up after ${BRANCHES_TEST_WAIT:-240} s; checking what is there"; break; }
  sleep 3
done
ok "pipeline caught up $((SECONDS - t0)) s after the first write"

for ((i = 1; i <= N; i++)); do
  src=$(branch_source "$i")
  say "source $src (branch $i, MariaDB 127.0.0.1:$(branch_db_port "$i"))"
  snap_total=0
  for t in "${TABLES[@]}"; do snap_total=$((snap_total + snap_rows[$i.$t])); done
  check "snapshot rows" "$snap_total" "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND snapshot")"
  check "streamed changes = binlog row events since the snapshot" "${want_changes[$i]}" \
    "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND NOT snapshot")"
  check "changes stored twice (same binlog row)" 0 "$(pg "SELECT count(*) - count(DISTINCT (binlog_file, binlog_pos, binlog_row, table_name, primary_key)) FROM changes.change_event WHERE source = '$src'")"
  incomplete=""
  for t in "${TABLES[@]}"; do
    rows=$(src_sql "$i" "SELECT COUNT(*) FROM $t")
    keys=$(pg "SELECT count(DISTINCT primary_key) FROM changes.change_event WHERE source = '$src' AND table_name = '$t'")
    [ "$rows" = "$keys" ] || incomplete+=" $t($rows rows, $keys keys)"
  done
  check "tables whose rows are not all in the trail" "" "$incomplete"
  branch_sql="NULL"; [ "$i" -eq 1 ] || branch_sql="'$i'"
  check "changes with a wrong branch" 0 "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND branch_id IS DISTINCT FROM COALESCE(COALESCE(after, before) ->> 'branch_id', $branch_sql)")"
  check "sales changes of another branch than $i" 0 "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND table_name IN ('sales', 'sale_items', 'refunds', 'prescriptions', 'inventory_adjustments') AND NOT snapshot AND branch_id <> '$i'")"
  check "transaction ids not qualified by the source" 0 "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND NOT snapshot AND transaction_id NOT LIKE '$src:%'")"
  check "transactions = binlog transactions since the snapshot" "${want_tx[$i]}" "$(pg "SELECT count(DISTINCT transaction_id) FROM changes.change_event WHERE source = '$src' AND NOT snapshot")"
  check "END markers = binlog transactions" "${want_tx[$i]}" "$(pg "SELECT count(*) FROM changes.source_transaction WHERE source = '$src' AND transaction_id LIKE '$src:%'")"
  sales=$(src_sql "$i" "SELECT COUNT(*) FROM sales"); rx=$(src_sql "$i" "SELECT COUNT(*) FROM prescriptions")
  check "sale.completed events = sales" "$sales" "$(pg "SELECT count(*) FROM business.business_event WHERE source = '$src' AND type = 'sale.completed' AND branch_id = '$i'")"
  check "prescription.dispensed events = prescriptions" "$rx" "$(pg "SELECT count(*) FROM business.business_event WHERE source = '$src' AND type = 'prescription.dispensed' AND branch_id = '$i'")"
  check "business events of another source's transactions" 0 "$(pg "SELECT count(*) FROM business.business_event WHERE source = '$src' AND transaction_id NOT LIKE '$src:%'")"
  summary+=$(printf '%-10s %8s %9s %9s %7s %9s %8s %s' "$src" "$snap_total" \
    "$(pg "SELECT count(*) FROM changes.change_event WHERE source = '$src' AND NOT snapshot")" "${want_changes[$i]}" "${want_tx[$i]}" "$sales" "$rx" \
    "$(pg "SELECT (array_agg(gtid ORDER BY s))[1] || ' .. ' || (array_agg(gtid ORDER BY s DESC))[1] FROM (SELECT gtid, split_part(gtid, '-', 3)::bigint s FROM changes.change_event WHERE source = '$src' AND gtid IS NOT NULL) g")")$'\n'
done
say "across the sources"
check "sale ids present in every source (overlapping ids)" "$N" "$(pg "SELECT count(DISTINCT source) FROM changes.change_event WHERE table_name = 'sales' AND primary_key = '{\"id\": 1}'::jsonb")"
check "GTID sequence numbers used by every source (overlap)" t "$(pg "SELECT count(*) > 0 FROM (SELECT split_part(gtid, '-', 3) FROM changes.change_event WHERE gtid IS NOT NULL GROUP BY 1 HAVING count(DISTINCT source) = $N) s")"
check "event ids stored twice" 0 "$(pg "SELECT count(*) - count(DISTINCT event_id) FROM changes.change_event")"
check "transaction ids of two sources" 0 "$(pg "SELECT count(*) FROM (SELECT transaction_id FROM changes.change_event WHERE transaction_id IS NOT NULL GROUP BY 1 HAVING count(DISTINCT source) > 1) t")"
check "changes of an unknown source" 0 "$(pg "SELECT count(*) FROM changes.change_event WHERE source NOT IN ($(for ((i = 1; i <= N; i++)); do printf "'%s'," "$(branch_source "$i")"; done | sed 's/,$//'))")"
# Completeness of every source (ai-service's reconciliation and binlog scan, one per source).
say "completeness checks of every source"
ai_url=; for s in "${SERVICES[@]}"; do [ "${s%%:*}" = ai-service ] && ai_url="http://127.0.0.1:${s##*:}"; done
completeness() { # source: one run of that source's checks, retried while skipped for a normalizer backlog
  local report deadline=$((SECONDS + 120))
  while :; do
    report=$(curl -sS -m 300 -X POST -H "Authorization: Bearer $(cat "$OVERLAY_HOME/tokens/auditor.token")" \
      "$ai_url/api/completeness/runs?source=$1") || report='{}'
    if [ "$(jq -r '.skipped // empty' <<<"$report")" = "" ] || [ $SECONDS -ge $deadline ]; then echo "$report"; return; fi
    sleep 5
  done
}
gaps() { jq -r '[.findings[]? | select(.detector == "capture.gap") | .subject] | join(" ")' <<<"$1"; }
for ((i = 1; i <= N; i++)); do
  report=$(completeness "$(branch_source "$i")")
  check "$(branch_source "$i"): tables reconciled" "${#TABLES[@]}" "$(jq -r '.tables // "none"' <<<"$report")"
  check "$(branch_source "$i"): capture gaps on a clean trail" "" "$(gaps "$report")"
done
# A write the binlog never saw, at the last source only: found there, and only there.
src_sql "$N" "SET SESSION sql_log_bin = 0; UPDATE inventory SET quantity = quantity + 7 WHERE product_id = 1 AND branch_id = $N LIMIT 1"
check "$(branch_source "$N"): a write without binlog found" t "$(gaps "$(completeness "$(branch_source "$N")")" | grep -q 'inventory' && echo t || echo f)"
check "$(branch_source 1): nothing found of another source's write" "" "$(gaps "$(completeness "$(branch_source 1)")")"
check "a run naming no source among several" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST \
  -H "Authorization: Bearer $(cat "$OVERLAY_HOME/tokens/auditor.token")" "$ai_url/api/completeness/runs")"

printf '\n%-10s %8s %9s %9s %7s %9s %8s %s\n%s' source snapshot streamed binlog tx sales rx "GTIDs (min .. max)" "$summary"
[ "$failures" -eq 0 ] || fail "$failures checks failed (above); logs: ./overlay logs normalizer-service, debezium-b002, …"
say "branches test passed in $((SECONDS - started)) s"
