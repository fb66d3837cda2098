# shellcheck shell=bash
# shellcheck disable=SC2034  # EXTRA_VERDICT/EXTRA_DETAIL are read by compare() in cases.sh
# DDL while writing, and a slow then failing Ollama (issue 16). Sourced by deploy/faults/run.sh
# after cases.sh and cases-more.sh, whose helpers they use.

FAULT_OLLAMA_PORT=${FAULT_OLLAMA_PORT:-$((11434 + ${OVERLAY_PORT_OFFSET:-0}))}
AUDITOR_TOKEN_FILE=$OVERLAY_HOME/tokens/auditor.token

ai_api() { # ai_api METHOD PATH: ai-service's API as the demo auditor
  curl -fsS -m 300 -X "$1" -H "Authorization: Bearer $(cat "$AUDITOR_TOKEN_FILE")" "$(svc_url ai-service)$2"
}

# until_true <seconds> <command…>: polls every 5 s. The command runs anew each time: pass a
# function (pg_at_least), never a "$(…)" that the call would expand once.
until_true() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 5; done
}
# pg_at_least <n> <sql>: the query's single number is at least n.
pg_at_least() { local v; v=$(pg "$2" 2>/dev/null) && [ -n "$v" ] && [ "$v" -ge "$1" ]; }

# A completeness run now (POST /api/completeness/runs), retried while it is skipped (a backlog).
completeness_run() {
  local report _
  for _ in 1 2 3 4 5 6; do
    report=$(ai_api POST /api/completeness/runs || echo '{}')
    python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1]).get("skipped") else 1)' "$report" || break
    sleep 30
  done
  echo "$report"
}

# ---------------------------------------------------------------- ddl-while-writing

# Every record in audit.dlq, one a line: its headers (DlqHeaders: audit.error.reason,
# audit.source.topic, …), a tab, its key (the original record's).
dlq_records() {
  fetch_kafka >/dev/null
  kafka_java org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --topic audit.dlq \
    --from-beginning --timeout-ms 15000 --property print.headers=true --property print.value=false --property print.key=true 2>/dev/null || true
}
# The reasons (header audit.error.reason) of every record in audit.dlq, one a line.
dlq_reasons() { dlq_records | grep -o 'audit.error.reason:.*' || true; }

# The DDL statements of the case, in order, and a fragment that finds each one's schema.changed event.
DDL_STEPS=(
  "CREATE TABLE fault_ddl (id INT AUTO_INCREMENT PRIMARY KEY, qty INT, note VARCHAR(40))|CREATE TABLE fault_ddl "
  "ALTER TABLE sales ADD COLUMN fault_ddl_note VARCHAR(32) NOT NULL DEFAULT 'after-ddl'|ADD COLUMN fault_ddl_note"
  "ALTER TABLE fault_ddl RENAME COLUMN note TO remark|RENAME COLUMN note TO remark"
  "ALTER TABLE fault_ddl MODIFY qty VARCHAR(16)|MODIFY qty VARCHAR(16)"
  "CREATE TABLE fault_ddl_added (id INT PRIMARY KEY, label VARCHAR(20))|CREATE TABLE fault_ddl_added"
  "ALTER TABLE customers RENAME COLUMN phone TO phone_number|RENAME COLUMN phone TO phone_number"
  "ALTER TABLE customers RENAME COLUMN phone_number TO phone|RENAME COLUMN phone_number TO phone"
  "ALTER TABLE sales DROP COLUMN fault_ddl_note|DROP COLUMN fault_ddl_note"
)
ddl() { src "${DDL_STEPS[$1]%%|*}"; }
# ddl_rows <n> <qty>: n rows into fault_ddl by position, so that they survive the rename.
ddl_rows() { local i; for ((i = 0; i < $1; i++)); do src "INSERT INTO fault_ddl VALUES (NULL, '$2', 'row $i')"; done; }

# DDL on audited tables while the simulator writes: a column added to sales (the simulator's
# own table), a column renamed and a type changed on a table of the case's own (written between
# the DDLs), a table added, and the incompatible one: a masked column (customers.phone) renamed,
# a row written under the new name, renamed back. Additive changes must keep flowing (rows after
# the DDL stored with the new column), the incompatible one be quarantined with its reason (never
# stored unmasked), every DDL be one schema.changed business event, and the traffic be complete.
case_ddl_while_writing() {
  local dlq_before m1 cust detail="" n step frag got missing_col compare_quiet
  src "DROP TABLE IF EXISTS fault_ddl, fault_ddl_added"
  mark
  dlq_before=$(dead_lettered)
  # Whatever happens, the reference schema comes back (later cases and the simulator need it).
  trap 'trap - RETURN; src "ALTER TABLE customers RENAME COLUMN IF EXISTS phone_number TO phone; ALTER TABLE sales DROP COLUMN IF EXISTS fault_ddl_note" 2>/dev/null || true' RETURN
  traffic "$FAULT_TRAFFIC_SECONDS"
  ddl 0; ddl_rows 5 1
  sleep $((FAULT_TRAFFIC_SECONDS / 4))
  ddl 1
  m1=$(src "SELECT MAX(id) FROM sales")
  ddl 2; ddl_rows 5 2
  ddl 3; ddl_rows 5 "3 units"
  ddl 4; src "INSERT INTO fault_ddl_added VALUES (1, 'one'), (2, 'two'), (3, 'three')"
  ddl 5
  cust=$(src "INSERT INTO customers (full_name, phone_number, created_at) VALUES ('Fault Case', '555-0199', NOW(3)); SELECT LAST_INSERT_ID()")
  ddl 6
  wait "$TRAFFIC" || true
  ddl 7
  trap - RETURN
  EXTRA_VERDICT=PASS
  # Traffic first (compare settles the pipeline), then what the DDL changed.
  compare_quiet=$(settle && echo settled || echo "not settled")
  # 1. additive: every sale created after ADD COLUMN carries it.
  n=$(pg "SELECT count(*) FROM changes.change_event WHERE table_name = 'sales' AND op = 'CREATE'
          AND primary_key >= '{\"id\": $m1}'::jsonb AND (primary_key->>'id')::bigint > $m1")
  missing_col=$(pg "SELECT count(*) FROM changes.change_event WHERE table_name = 'sales' AND op = 'CREATE'
          AND primary_key >= '{\"id\": $m1}'::jsonb AND (primary_key->>'id')::bigint > $m1 AND NOT after ? 'fault_ddl_note'")
  detail+="sales created after ADD COLUMN: $n, without the column $missing_col; "
  [ "$n" -gt 0 ] && [ "$missing_col" -eq 0 ] || EXTRA_VERDICT=FAIL
  # 2. rename and type change: each row of fault_ddl once, with the columns of its time (this
  #    run's: the table's rows of earlier runs keep their events, committed before the mark).
  got=$(pg "SELECT count(DISTINCT primary_key) || '/' || count(*) || '/' ||
                   count(*) FILTER (WHERE (primary_key->>'id')::int > 5 AND after ? 'remark' AND NOT after ? 'note') || '/' ||
                   count(*) FILTER (WHERE (primary_key->>'id')::int > 10 AND jsonb_typeof(after->'qty') = 'string')
            FROM changes.change_event WHERE table_name = 'fault_ddl' AND op = 'CREATE' AND committed_at >= '$MARK_AT'")
  detail+="fault_ddl rows 15: stored/events/renamed/retyped $got (want 15/15/10/5); "
  [ "$got" = 15/15/10/5 ] || EXTRA_VERDICT=FAIL
  # 3. the added table flows.
  got=$(pg "SELECT count(DISTINCT primary_key) || '/' || count(*) FROM changes.change_event WHERE table_name = 'fault_ddl_added'
            AND op = 'CREATE' AND committed_at >= '$MARK_AT'")
  detail+="fault_ddl_added rows 3: stored/events $got; "
  [ "$got" = 3/3 ] || EXTRA_VERDICT=FAIL
  # 4. incompatible: the row written under the renamed masked column is dead-lettered with its
  #    reason and nowhere in the trail (its phone number would have been stored unmasked).
  got=$(pg "SELECT count(*) FROM changes.change_event WHERE table_name = 'customers' AND primary_key = '{\"id\": $cust}'::jsonb")
  n=$(dlq_reasons | grep -c "masked column(s) phone of pharmacy.customers missing from the row" || true)
  detail+="customers row $cust under phone_number: in the trail $got, dead-lettered $(( $(dead_lettered) - dlq_before )), with that reason in audit.dlq $n; "
  [ "$got" = 0 ] && [ "$n" -ge 1 ] && [ $(( $(dead_lettered) - dlq_before )) -ge 1 ] || EXTRA_VERDICT=FAIL
  [ "$(pg "SELECT count(*) FROM changes.change_event WHERE after::text LIKE '%555-0199%' OR before::text LIKE '%555-0199%'")" = 0 ] \
    || { detail+="the phone number reached the trail unmasked; "; EXTRA_VERDICT=FAIL; }
  # 5. every DDL is one schema.changed business event (and one DDL change).
  local events="" ok=0
  for step in "${DDL_STEPS[@]}"; do
    frag=${step#*|}
    until_true 120 pg_at_least 1 "SELECT count(*) FROM business.business_event WHERE type = 'schema.changed'
                                AND occurred_at >= '$MARK_AT' AND attributes->>'ddl' LIKE '%$frag%'" || true
    got=$(pg "SELECT count(*) FROM business.business_event WHERE type = 'schema.changed' AND occurred_at >= '$MARK_AT'
              AND attributes->>'ddl' LIKE '%$frag%'")
    if [ "$got" = 1 ]; then ok=$((ok + 1)); else events+="'$frag' $got events; "; EXTRA_VERDICT=FAIL; fi
  done
  detail+="schema.changed: $ok of ${#DDL_STEPS[@]} DDL statements have exactly one${events:+ (}${events%; }${events:+)}; pipeline $compare_quiet"
  # The quarantined customer row stays at the source, where the reconciliation would rightly
  # report it; the case's rows leave with their tables.
  src "DELETE FROM customers WHERE id = $cust; DROP TABLE fault_ddl; DROP TABLE fault_ddl_added"
  EXTRA_DETAIL=$detail
  compare ddl-while-writing "under ${FAULT_TPS} tx/s: sales ADD COLUMN; on fault_ddl RENAME COLUMN, MODIFY INT→VARCHAR; CREATE TABLE; customers.phone (masked) renamed, a row written, renamed back; DROP COLUMN"
}

# ---------------------------------------------------------------- ollama-slow

ai_metric() { # ai_metric REGEX: the sum of ai-service's metric lines matching it
  curl -fsS -H "Authorization: Bearer $(cat "$(metrics_token_file)")" "$(svc_url ai-service)/q/metrics" 2>/dev/null \
    | awk -v re="$1" '$0 ~ re && !/^#/ {s += $NF} END {printf "%d", s}'
}

# restart_ai [VAR=value…]: ai-service started again with these variables (none: as ./overlay up starts it).
restart_ai() {
  stop_part ai-service >/dev/null
  ( for kv in "$@"; do export "${kv?}"; done; restart )
}

# Ollama 60 s slow, then failing, then well again, under load. ai-service is pointed at a stand-in
# (deploy/faults/ollama-standin.py) with texts retried a minute after a failure and no cached
# answers. The circuit must
# open, the pipeline be unaffected (traffic by id, detection runs, anomalies stored with the
# template text), and the texts be written by the model once it answers again.
case_ollama_slow() {
  local mode=$OUT/ollama.mode standin key report anomaly state t0 took summaries="" d detail="" opened
  echo slow >"$mode"; : >"$mode.log"
  python3 "$ROOT/deploy/faults/ollama-standin.py" "$FAULT_OLLAMA_PORT" "$mode" >>"$OUT/ollama-standin.log" 2>&1 &
  standin=$!
  # shellcheck disable=SC2064
  trap "trap - RETURN; kill $standin 2>/dev/null; restart_ai" RETURN
  # No answer from the LLM cache (TTL 0): a summary asked in an earlier run would be served from
  # it, never reaching the slow model (seen: the circuit did not open).
  restart_ai "OLLAMA_BASE_URL=http://127.0.0.1:$FAULT_OLLAMA_PORT" AUDIT_AI_LLM_RETRY_AFTER=PT1M AUDIT_AI_SUMMARY_CHECK_EVERY=1m \
    AUDIT_AI_LLM_CACHE_TTL=PT0S
  mark
  traffic "$FAULT_TRAFFIC_SECONDS"
  # An anomaly to explain: a row changed without a binlog event, found by the reconciliation
  # (capture.gap, HIGH). Its key is new every run, so the anomaly is too.
  key=$(date +%s)
  src "DROP TABLE IF EXISTS fault_llm; CREATE TABLE fault_llm (id INT PRIMARY KEY, note VARCHAR(20));
       INSERT INTO fault_llm VALUES ($key, 'seen')"
  # Auditors ask for four summaries while the model is slow: each waits for the 30 s timeout.
  local asks=()
  for d in 1 2 3 4; do
    ( t=$SECONDS; ai_api POST "/api/summaries/$(date -u -d "-$d day" +%F)?branch=%2A" >"$OUT/ollama-summary-$d.json" 2>&1
      echo $((SECONDS - t)) >"$OUT/ollama-summary-$d.secs" ) &
    asks+=($!)
  done
  sleep 20
  src_root "SET SESSION sql_log_bin = 0; UPDATE fault_llm SET note = 'unseen' WHERE id = $key"
  report=$(completeness_run)
  wait "$TRAFFIC" || true
  wait "${asks[@]}" || true
  # Each waited at most the guard's 30 s (plus the summary's own queries), never the HTTP client's retries.
  local waited="" slowest=0 w
  for d in 1 2 3 4; do summaries+="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("writtenBy"))' \
    "$OUT/ollama-summary-$d.json" 2>/dev/null || echo error) "
    w=$(cat "$OUT/ollama-summary-$d.secs" 2>/dev/null || echo 999); waited+="${w}s "; [ "$w" -gt "$slowest" ] && slowest=$w; done
  anomaly=$(pg "SELECT id FROM insights.anomaly WHERE detector = 'capture.gap' AND subject_id LIKE '%fault_llm%'
                AND detected_at >= '$MARK_AT' ORDER BY detected_at DESC LIMIT 1")
  echo error >"$mode"
  # An auditor opens the anomaly while the model fails (the explanation job takes the oldest
  # unexplained first, and the case's traffic at all hours leaves thousands of after-hours ones):
  # the template, and a retry planned.
  ai_api POST "/api/anomalies/${anomaly:-none}/explanation" >"$OUT/ollama-explanation.json" 2>&1 || true
  state=$(pg "SELECT coalesce(explained_by, 'unexplained') || ', retry ' || coalesce(llm_retry_at::text, 'none')
              FROM insights.anomaly WHERE id = '${anomaly:-00000000-0000-0000-0000-000000000000}'")
  local templated
  templated=$(pg "SELECT count(*) || ' stored since the mark, ' || count(*) FILTER (WHERE explained_by = 'template') || ' with the template, '
                         || count(*) FILTER (WHERE llm_retry_at IS NOT NULL) || ' awaiting a retry'
                  FROM insights.anomaly WHERE detected_at >= '$MARK_AT'")
  # Detection runs meanwhile: the scheduled detection's own endpoint over the case's window.
  t0=$SECONDS
  ai_api POST "/api/detections?from=${MARK_AT}&to=$(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null && took=$((SECONDS - t0)) || took=failed
  sleep 60
  # ModelGuard's 30 s timeout ends a call to the slow model (the HTTP client's own attempts run on
  # in the background), so the circuit opens while the model is slow; read at the end of the errors.
  opened=$(ai_metric 'ft_circuitbreaker_opened_total.*ModelGuard')
  echo ok >"$mode"
  # Once the model answers, the retries replace the templates (retry-after 1 min, circuit delay 30 s).
  until_true 420 pg_at_least 1 "SELECT count(*) FROM insights.anomaly WHERE id = '${anomaly:-00000000-0000-0000-0000-000000000000}'
                            AND explained_by NOT IN ('template') AND llm_retry_at IS NULL" || true
  local rewritten summaries_after pending
  rewritten=$(pg "SELECT coalesce(explained_by, 'unexplained') || ', retry ' || coalesce(llm_retry_at::text, 'none')
                  FROM insights.anomaly WHERE id = '${anomaly:-00000000-0000-0000-0000-000000000000}'")
  until_true 240 pg_at_least 4 "SELECT count(*) FROM insights.daily_summary WHERE branch_id = '*'
                            AND summary_date >= (now() - interval '4 days')::date AND written_by <> 'template'" || true
  summaries_after=$(pg "SELECT count(*) FILTER (WHERE written_by <> 'template') || ' of ' || count(*) FROM insights.daily_summary
                        WHERE branch_id = '*' AND summary_date BETWEEN (now() - interval '4 days')::date AND (now() - interval '1 day')::date")
  pending=$(pg "SELECT count(*) FROM insights.anomaly WHERE llm_retry_at IS NOT NULL")
  detail="stand-in requests: $(grep -c '^slow' "$mode.log" || true) slow, $(grep -c '^error' "$mode.log" || true) failing, $(grep -c '^ok' "$mode.log" || true) well;"
  detail+=" summaries asked while slow: ${summaries% } (answered after ${waited% }); circuit opened $opened time(s);"
  detail+=" anomalies while failing: $templated; the gap anomaly ${anomaly:-(not stored)}: $state; detection over the case's window: ${took}s;"
  detail+=" after the model recovered: anomaly $rewritten, chain summaries of the last 4 days by the model $summaries_after, anomalies still awaiting a retry $pending"
  EXTRA_VERDICT=PASS
  [ -n "$anomaly" ] && [ "${opened:-0}" -ge 1 ] && [ "$slowest" -le 50 ] && [[ $state == "template, retry "2* ]] && [ "$took" != failed ] \
    && [[ $rewritten == *", retry none" ]] && [[ $rewritten != template* ]] && [[ $summaries_after == "4 of 4" ]] || EXTRA_VERDICT=FAIL
  EXTRA_DETAIL=$detail
  src "DROP TABLE fault_llm"
  compare ollama-slow "Ollama stand-in answering after 60 s (ai-service waits 30 s, HTTP attempts 25 s), then HTTP 500 for 60 s, then well; 4 summaries asked and a capture.gap anomaly explained meanwhile"
}
