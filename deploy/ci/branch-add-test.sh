#!/usr/bin/env bash
# `./overlay branch add` end to end: a second source — its own database on the local MariaDB,
# its own capture user — is captured by a Debezium Server started from nothing but the generated
# files (grants, application.properties, branch.env). Checks the snapshot row and a new committed
# row arrive on the branch's own topics with its source name, and the transaction markers too.
# Needs ./overlay infra (MariaDB and Kafka). Cleans up its database, user, topics and process.
# shellcheck disable=SC2031 # lib.sh exports the same names in its own subshells
set -eEuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
trap 'on_error $? "$BASH_COMMAND" "${BASH_SOURCE[0]}:$LINENO"' ERR

NAME=b901 DB=branch_b901 USER_=debezium_b901 SOURCE=pos-b901
SOCK=$DATA/mariadb/run/mariadb.sock
if ! port_open "$SOURCE_DB_PORT" || [ ! -S "$SOCK" ]; then fail "the local MariaDB is not running: ./overlay infra"; fi
port_open "$KAFKA_PORT" || fail "Kafka is not running: ./overlay infra"
fetch_kafka
fetch_debezium
JH=$(debezium_java_home)
root_sql() { mariadb --no-defaults -uroot --socket="$SOCK" "$@"; }
topics() { kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" "$@"; }
events() { # topic
  kafka_java org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --topic "$1" --time -1 2>/dev/null | awk -F: '{ s += $3 } END { printf "%d", s }' || true
}
WORK=$(mktemp -d)
DBZ_PID=""
cleanup() {
  [ -z "$DBZ_PID" ] || { kill "$DBZ_PID" 2>/dev/null || true; wait "$DBZ_PID" 2>/dev/null || true; }
  root_sql -e "DROP DATABASE IF EXISTS $DB; DROP USER IF EXISTS '$USER_'@'%'" 2>/dev/null || true
  local t
  for t in $(topics --list 2>/dev/null | grep "^$SOURCE\\." || true); do
    topics --delete --topic "$t" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
ok() { printf '  ok  %s\n' "$*"; }
cleanup_before() { root_sql -e "DROP DATABASE IF EXISTS $DB; DROP USER IF EXISTS '$USER_'@'%'"; }

say "branch add test: source $SOURCE in database $DB"
cleanup_before
root_sql <<SQL
CREATE DATABASE $DB;
CREATE TABLE $DB.sales (id INT PRIMARY KEY, branch_id INT NOT NULL, total DECIMAL(10,2) NOT NULL);
INSERT INTO $DB.sales VALUES (1, 901, 12.50);
SQL

"$ROOT/overlay" branch add "$NAME" --host 127.0.0.1 --port "$SOURCE_DB_PORT" --database "$DB" \
  --capture-user "$USER_" --kafka "$KAFKA_BOOTSTRAP_SERVERS" --out "$WORK/branch" >/dev/null
root_sql <"$WORK/branch/source-grants.sql"
ok "generated files; grants applied"
key=AUDIT_AI_COMPLETENESS_SOURCES_${NAME^^}
for line in "${key}_NAME=$SOURCE" "${key}_DATABASES=$DB" "${key}_USER=$USER_" "${key}_PASSWORD_FILE=$WORK/branch/central/capture-password"; do
  grep -qxF "$line" "$WORK/branch/central/ai-service.env" \
    || fail "central/ai-service.env lacks $line (it holds: $(cut -d= -f1 "$WORK/branch/central/ai-service.env" | tr '\n' ' '))"
done
ok "ai-service's completeness settings for the branch (central/ai-service.env)"
password=$(sed -n 's/^SOURCE_DB_CAPTURE_PASSWORD=//p' "$WORK/branch/debezium/branch.env")
mariadb --no-defaults -h127.0.0.1 -P"$SOURCE_DB_PORT" -u"$USER_" -p"$password" -e "SELECT 1" >/dev/null \
  || fail "the generated capture password does not log in"
ok "the capture user logs in with the generated password"

run=$WORK/run
debezium_workdir "$run"
cp "$WORK/branch/debezium/config/application.properties" "$run/config/"
port=$((DEBEZIUM_HTTP_PORT + 60))
(
  cd "$run" || exit 1
  set -a
  # shellcheck disable=SC1091 # generated
  . "$WORK/branch/debezium/branch.env"
  set +a
  export JAVA_HOME="$JH" PATH="$JH/bin:$PATH" DEBEZIUM_HTTP_PORT=$port
  exec ./run.sh >"$WORK/debezium.log" 2>&1
) &
DBZ_PID=$!
deadline=$((SECONDS + 180))
until curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
  kill -0 "$DBZ_PID" 2>/dev/null || { log_excerpt "$WORK/debezium.log" >&2; fail "Debezium from the generated config exited"; }
  [ $SECONDS -lt $deadline ] || { log_excerpt "$WORK/debezium.log" >&2; fail "Debezium from the generated config not ready in 180 s"; }
  sleep 1
done
ok "Debezium Server started from the generated files (ready on :$port)"

topic=$SOURCE.$DB.sales
wait_events() { # count what
  local deadline=$((SECONDS + 180))
  until [ "$(events "$topic")" -ge "$1" ]; do
    kill -0 "$DBZ_PID" 2>/dev/null || { log_excerpt "$WORK/debezium.log" >&2; fail "Debezium exited before $2"; }
    [ $SECONDS -lt $deadline ] || fail "$topic did not get $2 in 180 s"
    sleep 1
  done
}
# The snapshot first (readiness comes before it), then a row committed while streaming.
wait_events 1 "the snapshot row"
root_sql -e "INSERT INTO $DB.sales VALUES (2, 901, 99.95)"
wait_events 2 "the new row"
records=$(kafka_java org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
  --topic "$topic" --from-beginning --max-messages 2 --timeout-ms 30000 2>/dev/null)
grep -q '"op":"r"' <<<"$records" || fail "no snapshot row on $topic"
grep -q '"op":"c"' <<<"$records" || fail "no insert on $topic"
grep -q "\"name\":\"$SOURCE\"" <<<"$records" || fail "records on $topic do not carry the source name $SOURCE"
grep -q "\"db\":\"$DB\"" <<<"$records" || fail "records on $topic do not name database $DB"
ok "snapshot row and new row on $topic, source $SOURCE, database $DB"
[ "$(events "$SOURCE.transaction")" -ge 2 ] || fail "no BEGIN/END markers on $SOURCE.transaction"
ok "transaction markers on $SOURCE.transaction"
say "branch add test passed"
