# shellcheck shell=bash
# Functions behind ./overlay. Each part records its pid in $RUN/<part>.pid; `down` stops only those.

OVERLAY_HOME=${OVERLAY_HOME:-$ROOT/.overlay}
OVERLAY_CACHE=${OVERLAY_CACHE:-$HOME/.cache/audit-overlay}
MAVEN_CENTRAL=${MAVEN_CENTRAL:-https://repo1.maven.org/maven2}
RUN=$OVERLAY_HOME/run
LOGS=$OVERLAY_HOME/logs
DATA=$OVERLAY_HOME/data

KAFKA_VERSION=4.3.1
DEBEZIUM_VERSION=3.6.1.Final
SOURCE_DB_PORT=${SOURCE_DB_PORT:-3307}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
DEBEZIUM_HTTP_PORT=${DEBEZIUM_HTTP_PORT:-8088}
AUDIT_DB_HOST=${AUDIT_DB_HOST:-127.0.0.1}
AUDIT_DB_PORT=${AUDIT_DB_PORT:-5432}
AUDIT_DB_NAME=${AUDIT_DB_NAME:-audit}
AUDIT_DB_USER=${AUDIT_DB_USER:-postgres}
AUDIT_TEST_DB_NAME=${AUDIT_TEST_DB_NAME:-audit_test}
# Roles are cluster-wide: the local stack's are named after its database (audit_owner, audit_ai…),
# the test database's after it, so that stacks sharing one PostgreSQL do not share roles.
AUDIT_DB_ROLE_PREFIX=${AUDIT_DB_ROLE_PREFIX:-$AUDIT_DB_NAME}
KAFKA_BOOTSTRAP_FROM_USER=${KAFKA_BOOTSTRAP_SERVERS:-}
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}

# Services in start order: name, HTTP port.
# OVERLAY_PORT_OFFSET shifts every service port, so that two checkouts can run a stack each.
OVERLAY_PORT_OFFSET=${OVERLAY_PORT_OFFSET:-0}
svc_port() { echo $(( $1 + OVERLAY_PORT_OFFSET )); }
QUERY_API_PORT=$(svc_port 8080)
AI_SERVICE_PORT=$(svc_port 8084)
export QUERY_API_PORT AI_SERVICE_PORT
SERVICES=("ingest-service:$(svc_port 8081)" "normalizer-service:$(svc_port 8082)" "inference-service:$(svc_port 8083)" "ai-service:$AI_SERVICE_PORT" "query-api:$QUERY_API_PORT")
ALL_PARTS=(mariadb kafka debezium ingest-service normalizer-service inference-service ai-service query-api)

say() { printf '\033[1m[overlay]\033[0m %s\n' "$*"; }
fail() { printf '[overlay] error: %s\n' "$*" >&2; exit 1; }

# The safety net behind every explicit check: a command that fails where no check expected it
# (set -e would otherwise end ./overlay without a word) names itself and where it ran.
on_error() {
  printf '[overlay] error: "%s" failed (exit %s) at %s. Rerun with bash -x ./overlay … to see more, and please report it.\n' \
    "$2" "$1" "$3" >&2
}

# shellcheck source=deploy/local/build.sh
source "$ROOT/deploy/local/build.sh"
# shellcheck source=deploy/local/branch.sh
source "$ROOT/deploy/local/branch.sh"
# shellcheck source=deploy/local/branches.sh
source "$ROOT/deploy/local/branches.sh"

pid_of() { if [ -f "$RUN/$1.pid" ]; then cat "$RUN/$1.pid"; fi; }
is_running() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The errors at the end of a log, or its last lines; of a JSON log line, the level and the
# innermost message (the root cause of a stack of exceptions).
log_excerpt() {
  local lines
  lines=$(tail -n 300 "$1" | grep -E '"level":"(ERROR|FATAL)"|^[^{].*(ERROR|FATAL|Exception|Caused by)' | tail -n 5 || true)
  [ -n "$lines" ] || lines=$(tail -n 10 "$1")
  sed -E 's/^\{.*"level":"([A-Z]+)".*"message":"(([^"\\]|\\.)*)".*/\1 \2/' <<<"$lines" | cut -c1-400 | sed 's/^/    /'
}

# part_died <part> <what happened>: the end of the part's log, and how to look further.
part_died() {
  local log=$LOGS/$1.log
  if [ -f "$log" ]; then
    printf '[overlay] from the end of %s:\n' "$log" >&2
    log_excerpt "$log" >&2
  fi
  fail "$1 $2. Its log: ./overlay logs $1 (file $log); fix the cause, then ./overlay down and run the command again"
}

# wait_for <part> <seconds> <command...>: retries the command every half second; fails at once
# when the part's process (if it has one) has exited.
# A part that exits while starting fails at once; one that hangs fails after SECS x
# OVERLAY_WAIT_FACTOR (default 1; raise it on a machine shared with other heavy work).
wait_for() {
  local what=$1 secs=$(($2 * ${OVERLAY_WAIT_FACTOR:-1})); shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ -f "$RUN/$what.pid" ] && ! is_running "$what"; then
      part_died "$what" "exited while starting"
    fi
    if [ $SECONDS -ge $deadline ]; then
      part_died "$what" "was not ready after ${secs}s"
    fi
    sleep 0.5
  done
}

java17() { echo "${JAVA_HOME:+$JAVA_HOME/bin/}java"; }

# A Java 21+ for Debezium Server 3.6 (the services themselves run on Java 17).
debezium_java_home() {
  if [ -n "${DEBEZIUM_JAVA_HOME:-}" ]; then echo "$DEBEZIUM_JAVA_HOME"; return; fi
  local j v
  for j in /usr/lib/jvm/*/; do
    [ -x "$j/bin/java" ] || continue
    v=$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "${j%/}"; return; fi
  done
  return 0
}

check_prerequisites() {
  local missing=()
  command -v java >/dev/null || missing+=("Java 17: apt-get install -y openjdk-17-jdk-headless")
  command -v mvn >/dev/null || missing+=("Maven: apt-get install -y maven")
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=("MariaDB server: apt-get install -y mariadb-server")
  command -v mariadb >/dev/null || missing+=("MariaDB client: apt-get install -y mariadb-client")
  command -v psql >/dev/null || missing+=("PostgreSQL client: apt-get install -y postgresql-client")
  command -v curl >/dev/null || missing+=("curl: apt-get install -y curl")
  [ -n "$(debezium_java_home)" ] || missing+=("a Java 21+ for Debezium Server: apt-get install -y openjdk-21-jdk-headless (or set DEBEZIUM_JAVA_HOME)")
  if [ ${#missing[@]} -gt 0 ]; then
    printf '[overlay] missing prerequisites:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------- downloads (cached)

fetch_kafka() {
  local dir=$OVERLAY_CACHE/kafka-$KAFKA_VERSION
  if [ ! -f "$dir/.complete" ]; then
    say "fetching Kafka $KAFKA_VERSION from Maven Central into $dir (once)"
    mkdir -p "$dir/libs"
    mvn -q -B -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir/libs" >"$OVERLAY_CACHE/kafka-fetch.log" 2>&1 \
      || fail "could not fetch Kafka from Maven Central (see $OVERLAY_CACHE/kafka-fetch.log); check the network or MAVEN_CENTRAL, then run again"
    touch "$dir/.complete"
  fi
  KAFKA_LIBS=$dir/libs
}

fetch_debezium() {
  local dir=$OVERLAY_CACHE/debezium-server-$DEBEZIUM_VERSION
  if [ ! -f "$dir/.complete" ]; then
    local tgz=$OVERLAY_CACHE/dl/debezium-server-dist-$DEBEZIUM_VERSION.tar.gz
    mkdir -p "$OVERLAY_CACHE/dl"
    if [ ! -f "$tgz" ]; then
      say "fetching Debezium Server $DEBEZIUM_VERSION from Maven Central (≈ 780 MB, once)"
      curl -fL --retry 3 -o "$tgz.part" \
        "$MAVEN_CENTRAL/io/debezium/debezium-server-dist/$DEBEZIUM_VERSION/debezium-server-dist-$DEBEZIUM_VERSION.tar.gz" \
        || fail "could not download Debezium Server from $MAVEN_CENTRAL (curl's error above); check the network or MAVEN_CENTRAL, then run again"
      mv "$tgz.part" "$tgz"
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    tar -xzf "$tgz" -C "$dir" --strip-components=1 || fail "could not unpack $tgz (a partial download?); delete it and run again"
    touch "$dir/.complete"
  fi
  DEBEZIUM_DIST=$dir
}

# ---------------------------------------------------------------- MariaDB (source)

MARIADB_DIR() { echo "$DATA/mariadb"; }

start_mariadb() { start_mariadb_instance mariadb "$(MARIADB_DIR)" "$SOURCE_DB_PORT" 7; }

# start_mariadb_instance <part> <dir> <port> <server id> [GTID domain id]: a private MariaDB with
# the binlog on, the reference schema, its users and the small seed.
start_mariadb_instance() {
  local part=$1 d=$2 port=$3 server_id=$4 domain=${5:-}
  if is_running "$part"; then return; fi
  if port_open "$port"; then
    fail "port $port ($part) is taken by another process; set SOURCE_DB_PORT (branch sources use the ports after it)"
  fi
  mkdir -p "$d/run" "$d/binlog"
  if [ ! -d "$d/data/mysql" ]; then
    [ "$part" != mariadb ] || MARIADB_FRESH=true
    MARIADB_FRESH_PARTS+=("$part")
    say "initialising a private MariaDB in $d"
    mariadb-install-db --no-defaults --datadir="$d/data" --user=mysql \
      --auth-root-authentication-method=normal --skip-test-db >"$LOGS/$part-init.log" 2>&1 \
      || fail "mariadb-install-db failed (see $LOGS/$part-init.log); ./overlay down --purge starts the local database afresh"
  fi
  chown -R mysql:mysql "$d"
  local extra=()
  [ -z "$domain" ] || extra+=("--gtid-domain-id=$domain")
  # Relaxed durability (flush per second, no binlog fsync): this is a demo and test database.
  # A customer's database keeps its own settings; Debezium only needs ROW/FULL.
  /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$d/data" --port="$port" \
    --bind-address=127.0.0.1 --socket="$d/run/mariadb.sock" --pid-file="$d/run/mariadb.pid" \
    --server-id="$server_id" "${extra[@]}" --log-bin="$d/binlog/mb" --binlog-format=ROW --binlog-row-image=FULL \
    --binlog-annotate-row-events=ON --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 \
    --innodb-buffer-pool-size=256M --max-connections=200 --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \
    >>"$LOGS/$part.log" 2>&1 9>&- &
  echo $! >"$RUN/$part.pid"
  wait_for "$part" 60 mariadb --no-defaults -uroot --socket="$d/run/mariadb.sock" -e "SELECT 1"
  local f
  for f in schema.sql users.sql seed.sql; do
    mariadb --no-defaults -uroot --socket="$d/run/mariadb.sock" <"$ROOT/deploy/source/$f" \
      || fail "could not apply deploy/source/$f to the local MariaDB $part (error above). Start afresh: ./overlay down --purge"
  done
  say "MariaDB${part#mariadb} up on 127.0.0.1:$port (database pharmacy, user pos/pos)"
}

cmd_sql() {
  local port=$SOURCE_DB_PORT
  if [ "${1:-}" = --branch-source ]; then port=$(branch_source_port "${2:-}") || exit 1; shift 2; fi
  exec mariadb --no-defaults -h127.0.0.1 -P"$port" -upos -ppos pharmacy "$@"
}

# The port of branch source N (1 = the stack's own MariaDB), which must be running.
branch_source_port() {
  if ! [[ ${1:-} =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt 20 ]; then
    fail "--branch-source takes a number from 1 to OVERLAY_BRANCHES, got '${1:-}'"
  fi
  local port; port=$(branch_db_port "$1")
  port_open "$port" || fail "branch source $1 is not running (nothing on 127.0.0.1:$port); start it: OVERLAY_BRANCHES=$1 ./overlay up (or more)"
  echo "$port"
}

# ---------------------------------------------------------------- PostgreSQL (audit)

# A new source database starts its binlog again at the same file and positions, so its changes
# would get the ids of an earlier stack's changes and be skipped as duplicates: refuse to run the
# services against a trail of an earlier, purged source.
check_trail_matches_source() {
  [ "${MARIADB_FRESH:-false}" = true ] || return 0
  local pg=(psql -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d "$AUDIT_DB_NAME" -tAc)
  [ "$("${pg[@]}" "SELECT to_regclass('changes.change_event') IS NOT NULL")" = t ] || return 0
  [ "$("${pg[@]}" "SELECT EXISTS (SELECT 1 FROM changes.change_event)")" = t ] || return 0
  fail "the audit database $AUDIT_DB_NAME holds the trail of an earlier local stack, but the source database was just created afresh (after ./overlay down --purge or on a new checkout): its changes would repeat the old binlog positions and be skipped as duplicates. Drop the old trail (dropdb -h $AUDIT_DB_HOST -U $AUDIT_DB_USER $AUDIT_DB_NAME) or use another database (AUDIT_DB_NAME=audit2 ./overlay up)"
}

ensure_audit_db() {
  if ! pg_isready -q -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT"; then
    fail "PostgreSQL is not answering on $AUDIT_DB_HOST:$AUDIT_DB_PORT. Start it: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start (install: apt-get install -y postgresql)"
  fi
  local db
  for db in "$AUDIT_DB_NAME" "$@"; do
    if ! psql -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      createdb -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" "$db" \
        || fail "could not create the PostgreSQL database $db as $AUDIT_DB_USER (error above); set AUDIT_DB_USER to a role that may create databases"
      say "created PostgreSQL database $db"
    fi
  done
  ensure_audit_roles "$AUDIT_DB_NAME" "$AUDIT_DB_ROLE_PREFIX"
  [ $# -gt 0 ] && ensure_audit_roles "$1" "$1"
  return 0
}

# The password of a role of the local stack: random, made once, kept in .overlay/secrets (0600).
# The token every service's /q/metrics wants (docs/security.md), random, kept in .overlay/secrets.
metrics_token_file() { role_password_file metrics-token; }

role_password_file() {
  local f=$OVERLAY_HOME/secrets/$1.password
  mkdir -p "$OVERLAY_HOME/secrets" && chmod 700 "$OVERLAY_HOME/secrets"
  [ -s "$f" ] || { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$f"; chmod 600 "$f"; }
  echo "$f"
}

# ensure_audit_roles <database> <prefix>: the owner role and one role per service
# (deploy/sql/service-roles.sql): <prefix>_owner owns the database and migrates it, each service
# logs in as <prefix>_<service> with only the grants its work needs (docs/security.md).
ensure_audit_roles() {
  local db=$1 prefix=$2 args=() r
  for r in owner normalizer inference ai query; do
    args+=(-v "${r}_password=$(cat "$(role_password_file "${prefix}_$r")")")
  done
  psql -q -X -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d "$db" -v prefix="$prefix" "${args[@]}" \
    -f "$ROOT/deploy/sql/service-roles.sql" >"$LOGS/roles-$db.log" 2>&1 \
    || fail "could not make the roles of $db (see $LOGS/roles-$db.log); AUDIT_DB_USER ($AUDIT_DB_USER) must be a PostgreSQL superuser"
}

# The role a service logs in as (deploy/sql/service-roles.sql); none for ingest-service.
service_role() {
  case $1 in
    normalizer-service) echo normalizer ;; inference-service) echo inference ;;
    ai-service) echo ai ;; query-api) echo query ;; *) echo "" ;;
  esac
}

# ---------------------------------------------------------------- Kafka (KRaft)

kafka_java() { "$(java17)" -cp "$KAFKA_LIBS/*" "$@"; }

start_kafka() {
  if is_running kafka; then return; fi
  fetch_kafka
  if port_open "$KAFKA_PORT"; then
    fail "port $KAFKA_PORT is taken by another process; set KAFKA_PORT"
  fi
  local d=$DATA/kafka conf=$OVERLAY_HOME/kafka.properties
  mkdir -p "$d" "$LOGS/kafka"
  cat >"$conf" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$d
num.partitions=1
# Rows up to 16 MB (MariaDB's max_allowed_packet): a 5 MB TEXT must not stop the capture.
message.max.bytes=16777216
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=${KAFKA_RETENTION_HOURS:-168}
EOF
  if [ ! -f "$d/meta.properties" ]; then
    local uuid
    uuid=$(kafka_java kafka.tools.StorageTool random-uuid 2>"$LOGS/kafka-format.log") \
      || fail "Kafka's StorageTool did not run (see $LOGS/kafka-format.log). Check that $(java17) is a Java 17+, or delete $OVERLAY_CACHE/kafka-$KAFKA_VERSION to fetch Kafka again"
    kafka_java kafka.tools.StorageTool format --standalone -t "$uuid" -c "$conf" >"$LOGS/kafka-format.log" 2>&1 \
      || fail "could not format Kafka storage (see $LOGS/kafka-format.log); ./overlay down --purge starts Kafka afresh"
  fi
  "$(java17)" -Xmx512m -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.yaml" \
    -Dkafka.logs.dir="$LOGS/kafka" -cp "$KAFKA_LIBS/*" kafka.Kafka "$conf" >>"$LOGS/kafka.log" 2>&1 9>&- &
  echo $! >"$RUN/kafka.pid"
  wait_for "kafka" 180 kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list
  say "Kafka up on $KAFKA_BOOTSTRAP_SERVERS"
}

create_topics() {
  fetch_kafka
  local t
  # The audit topics, and the raw topics of the reference schema so that consumers subscribed by
  # pattern see them from the start instead of at their next metadata refresh.
  # (The branch sources' topics, OVERLAY_BRANCHES > 1, are created by their Debezium Servers: one
  # JVM per topic here would cost minutes, and the normalizer finds new topics within 5 s, from
  # their first offset.)
  local raw=(pos.transaction)
  for t in roles branches users customers products inventory inventory_adjustments sales sale_items refunds prescriptions; do
    raw+=("pos.pharmacy.$t")
  done
  local existing log=$LOGS/kafka-topics.log
  existing=$(kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --list 2>"$log") \
    || fail "could not list the Kafka topics on $KAFKA_BOOTSTRAP_SERVERS (see $log and ./overlay logs kafka)"
  for t in audit.changes audit.business audit.anomalies audit.dlq "${raw[@]}"; do
    grep -qx "$t" <<<"$existing" && continue
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
      --create --if-not-exists --topic "$t" --partitions 1 --replication-factor 1 >>"$log" 2>&1 \
      || fail "could not create the Kafka topic $t (see $log and ./overlay logs kafka)"
  done
}


# ---------------------------------------------------------------- Debezium Server

# OVERLAY_HTTP_PATH=true: the branch ships its changes through Debezium's http sink to
# ingest-service (port 8081) instead of writing to Kafka, as a branch without Kafka access would.
OVERLAY_HTTP_PATH=${OVERLAY_HTTP_PATH:-false}

# The http path's branch token: random, kept in .overlay/tokens, given to ingest-service as a hash.
http_path_token() {
  local f=$OVERLAY_HOME/tokens/ingest-pos.token
  mkdir -p "$OVERLAY_HOME/tokens"
  [ -f "$f" ] || { head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$f"; chmod 600 "$f"; }
  cat "$f"
}

# debezium_workdir <dir>: a directory to run Debezium Server from, with its own config/ (and
# data/): run.sh resolves lib/ relative to its own directory, so the cached dist's parts are linked.
debezium_workdir() {
  local d=$1 f
  rm -rf "${d:?}/lib"
  mkdir -p "$d/config" "$d/lib"
  for f in "$DEBEZIUM_DIST"/*; do
    case "$(basename "$f")" in config|data|lib) ;; *) ln -sfn "$f" "$d/$(basename "$f")" ;; esac
  done
  ln -sf "$DEBEZIUM_DIST"/lib/* "$d/lib/"
}

start_debezium() {
  if is_running debezium; then return; fi
  fetch_debezium
  local jh; jh=$(debezium_java_home)
  local d=$OVERLAY_HOME/debezium
  debezium_workdir "$d"
  mkdir -p "$DATA/debezium"
  if [ "$OVERLAY_HTTP_PATH" = true ]; then
    ensure_built ingest-smt
    ln -sf "$(module_artifact ingest-smt)" "$d/lib/"
    cp "$ROOT/deploy/debezium/http-sink/application.properties" "$d/config/application.properties"
    export INGEST_TOKEN; INGEST_TOKEN=$(http_path_token)
    INGEST_URL="http://127.0.0.1:$(svc_port 8081)/ingest"
    export DEBEZIUM_SERVER_ID=5401 DEBEZIUM_HTTP_PORT INGEST_URL
  else
    cp "$ROOT/deploy/debezium/mariadb/application.properties" "$d/config/application.properties"
  fi
  (
    cd "$d" || exit 1
    export JAVA_HOME="$jh" PATH="$jh/bin:$PATH"
    export JAVA_OPTS="-Xmx768m --add-opens=java.base/java.lang=ALL-UNNAMED"
    export DEBEZIUM_DATA_DIR="$DATA/debezium" SOURCE_DB_PORT DEBEZIUM_HTTP_PORT
    exec ./run.sh >>"$LOGS/debezium.log" 2>&1
  ) 9>&- &
  echo $! >"$RUN/debezium.pid"
  wait_for "debezium" 120 curl -fsS "http://127.0.0.1:$DEBEZIUM_HTTP_PORT/q/health/ready"
  if [ "$OVERLAY_HTTP_PATH" = true ]; then
    say "Debezium Server up (health on :$DEBEZIUM_HTTP_PORT), shipping pharmacy.* through its http sink to ingest-service (:8081)"
  else
    say "Debezium Server up (health on :$DEBEZIUM_HTTP_PORT), capturing pharmacy.* to topics pos.pharmacy.<table>"
  fi
}

# ---------------------------------------------------------------- services

service_jar() { module_artifact "$1"; }

# The services and auditctl (the CLI `up` points to), rebuilt when older than their sources.
build_services() {
  local mods=() s
  for s in "${SERVICES[@]}"; do mods+=("${s%%:*}"); done
  # shellcheck disable=SC2086 # a list of module names
  ensure_built "${mods[@]}" auditctl ${UP_EXTRA_MODULES:-}
}

# JVM options per service (the benchmark runs the normalizer with the same). Every service exits
# on OutOfMemoryError (it is restarted) instead of limping on with dead threads; the images get
# the same flag from deploy/docker/Dockerfile.jvm.
service_jvm_options() {
  printf '%s ' -XX:+ExitOnOutOfMemoryError
  case $1 in
    # Catching up, the normalizer allocates ~300 MB/s (two polls of ~3 KB records in hand) on
    # both cores. The parallel collector replayed 8 % faster than G1, with 13 % less CPU; a
    # 400m young generation lets a batch die young (default ~200m: pauses 19 s of a 91 s replay,
    # 34 full collections; 400m: 8 s, 15). The images get the same (docker-compose.yml, deploy/k8s).
    normalizer-service) echo "-Xmx640m -Xmn400m -XX:+UseParallelGC" ;;
    # inference holds open transactions: its default cap (audit.inference.max-pending-records, 100 000)
    # needs about 250 MB live at the cap; in 384m the collector ran a full GC every second.
    # The whole heap from the start: growing from the default initial heap, its young generation
    # stayed near 100 MB, collected every 3-4 s in a catch-up, with the held records copied each time
    # (36.8 s of pauses in a 2-day catch-up; deploy/bench/README.md).
    inference-service) echo "-Xms512m -Xmx512m -XX:+UseSerialGC" ;;
    *) echo "-Xmx384m -XX:+UseSerialGC" ;;
  esac
}

start_service() {
  local name=$1 port=$2
  if is_running "$name"; then return; fi
  if port_open "$port"; then fail "port $port ($name) is taken by another process; stop it, or shift the service ports with OVERLAY_PORT_OFFSET (e.g. 100)"; fi
  (
    export QUARKUS_HTTP_PORT=$port AUDIT_DB_HOST AUDIT_DB_PORT AUDIT_DB_NAME AUDIT_DB_ROLE_PREFIX
    # Each service logs in as its own role (AUDIT_DB_USER here is the superuser ./overlay uses);
    # Flyway migrates as the owner. Passwords are read from files (AUDIT_DB_PASSWORD_FILE …).
    unset AUDIT_DB_USER AUDIT_DB_PASSWORD AUDIT_DB_OWNER_PASSWORD
    local role; role=$(service_role "$name")
    if [ -n "$role" ]; then
      export AUDIT_DB_PASSWORD_FILE AUDIT_DB_OWNER_PASSWORD_FILE
      AUDIT_DB_PASSWORD_FILE=$(role_password_file "${AUDIT_DB_ROLE_PREFIX}_$role")
      AUDIT_DB_OWNER_PASSWORD_FILE=$(role_password_file "${AUDIT_DB_ROLE_PREFIX}_owner")
    fi
    # /q/metrics answers only the metrics token; scripts that read metrics send it (metrics_token_file).
    export AUDIT_METRICS_TOKEN_FILE; AUDIT_METRICS_TOKEN_FILE=$(metrics_token_file)
    # The local stack listens on loopback only (issue 13).
    # Every service takes its port and address from QUARKUS_HTTP_PORT / QUARKUS_HTTP_HOST only;
    # INGEST_HTTP_HOST=0.0.0.0 lets branches on other machines reach the local ingest-service.
    export QUARKUS_HTTP_HOST=127.0.0.1
    if [ "$name" = ingest-service ]; then QUARKUS_HTTP_HOST=${INGEST_HTTP_HOST:-127.0.0.1}; fi
    if [ "$name" = ingest-service ] && [ "$OVERLAY_HTTP_PATH" = true ]; then
      export AUDIT_INGEST_BRANCHES__POS__TOKEN_SHA256 AUDIT_INGEST_BRANCHES__POS__TOPIC_PREFIX=pos
      AUDIT_INGEST_BRANCHES__POS__TOKEN_SHA256=$(printf '%s' "$(http_path_token)" | sha256sum | cut -d' ' -f1)
    fi
    if [ "$name" = query-api ] || [ "$name" = ai-service ]; then
      # Random demo tokens (auditor, ai-agent), kept in .overlay/tokens; query-api and ai-service get their hashes.
      sh "$ROOT/query-api/bin/demo-tokens" "$OVERLAY_HOME/tokens" >/dev/null
      export AUDIT_TOKENS_FILE=$OVERLAY_HOME/tokens/tokens.txt
    fi
    # ai-service's completeness checks read the local source through the capture user (read-only),
    # on by default: a run is skipped while the normalizer has a backlog (docs/anomalies.md,
    # "Completeness"). OVERLAY_COMPLETENESS=false leaves them off.
    if [ "$name" = ai-service ] && [ "${OVERLAY_COMPLETENESS:-true}" = true ]; then
      export AUDIT_AI_COMPLETENESS_SOURCE_URL=${AUDIT_AI_COMPLETENESS_SOURCE_URL:-jdbc:mariadb://127.0.0.1:$SOURCE_DB_PORT/}
      export AUDIT_AI_COMPLETENESS_SOURCE_PASSWORD=${AUDIT_AI_COMPLETENESS_SOURCE_PASSWORD:-debezium}
      ai_branch_sources_env
    fi
    # query-api's access log and JSON file log go beside the other logs of the stack.
    if [ "$name" = query-api ]; then export AUDIT_LOG_FILE=${AUDIT_LOG_FILE:-$LOGS/query-api.json.log}; fi
    if [ "$name" = normalizer-service ]; then echo "$OVERLAY_BRANCHES" >"$RUN/normalizer-service.branches"; fi
    # shellcheck disable=SC2046
    exec "$(java17)" $(service_jvm_options "$name") $([ "$name" != normalizer-service ] || normalizer_branch_options) -jar "$(service_jar "$name")" >>"$LOGS/$name.log" 2>&1
  ) 9>&- &
  echo $! >"$RUN/$name.pid"
}

# Every service of this checkout must be running and ready; one that died is an error.
wait_services() {
  local s name port
  for s in "${SERVICES[@]}"; do
    name=${s%%:*}; port=${s##*:}
    is_running "$name" || part_died "$name" "is not running (it exited after its start)"
    wait_for "$name" 120 curl -fsS "http://127.0.0.1:$port/q/health/ready"
    say "$name up on :$port"
  done
}

# ---------------------------------------------------------------- commands

prepare() {
  check_prerequisites
  mkdir -p "$RUN" "$LOGS" "$DATA" "$OVERLAY_CACHE"
  exec 9>"$OVERLAY_HOME/.lock"
  flock -n 9 || fail "another ./overlay command is running in this checkout (lock $OVERLAY_HOME/.lock); wait for it to finish, or find it: fuser $OVERLAY_HOME/.lock"
}

cmd_infra() {
  prepare
  check_branch_count
  ensure_audit_db "$AUDIT_TEST_DB_NAME"
  start_mariadb
  start_branch_databases
  start_kafka
  create_topics
  start_debezium
  start_branch_debeziums
}

cmd_up() {
  prepare
  check_branch_count
  build_services
  ensure_audit_db "$AUDIT_TEST_DB_NAME"
  start_mariadb
  start_branch_databases
  check_trail_matches_source
  check_trail_matches_branch_sources
  start_kafka
  create_topics
  start_debezium
  start_branch_debeziums
  restart_rebuilt_services
  restart_normalizer_for_branches
  local s
  for s in "${SERVICES[@]}"; do start_service "${s%%:*}" "${s##*:}"; done
  wait_services
  say "all parts healthy. ./overlay status shows them; ./overlay down stops them."
  if [ -f "$OVERLAY_HOME/tokens/auditor.token" ]; then
    say "demo auditor token in $OVERLAY_HOME/tokens/auditor.token: export AUDIT_TOKEN_FILE=$OVERLAY_HOME/tokens/auditor.token, then auditctl/bin/auditctl anomalies"
  fi
}

# stop_part <part>: SIGTERM, up to 30 s to finish, then SIGKILL. The subshells exec their
# process, so the recorded pid is the process itself.
stop_part() {
  local part=$1 p
  p=$(pid_of "$part")
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill "$p" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$p" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.3; done
    kill -9 "$p" 2>/dev/null || true
    say "stopped $part"
  fi
  rm -f "$RUN/$part.pid"
}

# A running service whose jar was rebuilt after it started (git pull, then up) is restarted.
restart_rebuilt_services() {
  local s name
  for s in "${SERVICES[@]}"; do
    name=${s%%:*}
    if is_running "$name" && [ "$(service_jar "$name")" -nt "$RUN/$name.pid" ]; then
      say "$name runs an older build: restarting it"
      stop_part "$name"
    fi
  done
}

cmd_down() {
  local purge=false
  [ "${1:-}" = "--purge" ] && purge=true
  mkdir -p "$RUN"
  local i parts
  mapfile -t parts < <(local_parts)
  # Reverse start order: services first, the sources last.
  for ((i = ${#parts[@]} - 1; i >= 0; i--)); do stop_part "${parts[$i]}"; done
  if $purge; then
    rm -rf "$DATA" "$OVERLAY_HOME/debezium" "$OVERLAY_HOME"/debezium-b*
    say "purged $DATA (source database, Kafka log, Debezium offsets). The audit database in PostgreSQL is kept: dropdb $AUDIT_DB_NAME to remove it."
  fi
}

part_health() {
  case "$1" in
    mariadb | mariadb-b*)
      mariadb --no-defaults -h127.0.0.1 -P"$(branch_db_port "$([ "$1" = mariadb ] && echo 1 || branch_of_part "$1")")" -upos -ppos -e "SELECT 1" >/dev/null 2>&1 && echo UP || echo DOWN ;;
    kafka) port_open "$KAFKA_PORT" && echo UP || echo DOWN ;;
    debezium | debezium-b*)
      curl -fsS "http://127.0.0.1:$(branch_http_port "$([ "$1" = debezium ] && echo 1 || branch_of_part "$1")")/q/health/ready" >/dev/null 2>&1 && echo UP || echo DOWN ;;
    *)
      local s port=""
      for s in "${SERVICES[@]}"; do [ "${s%%:*}" = "$1" ] && port=${s##*:}; done
      local body; body=$(curl -s "http://127.0.0.1:$port/q/health/ready" 2>/dev/null || true)
      case "$body" in *'"status": "UP"'*|*'"status":"UP"'*) echo UP ;; "") echo DOWN ;; *) echo "DOWN" ;; esac ;;
  esac
}

cmd_status() {
  mkdir -p "$RUN"
  printf '%-20s %-8s %-8s %s\n' PART PID STATE HEALTH
  local part p state parts
  mapfile -t parts < <(local_parts)
  for part in "${parts[@]}"; do
    p=$(pid_of "$part")
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then state=running; else state=stopped; p=-; fi
    if [ "$state" = running ]; then
      printf '%-20s %-8s %-8s %s\n' "$part" "$p" "$state" "$(part_health "$part")"
    else
      printf '%-20s %-8s %-8s %s\n' "$part" "$p" "$state" "-"
    fi
  done
}

cmd_logs() {
  local part=${1:-}
  [ -n "$part" ] || fail "usage: ./overlay logs <part>  (parts: ${ALL_PARTS[*]}, with OVERLAY_BRANCHES=N also mariadb-bNNN and debezium-bNNN)"
  [ -f "$LOGS/$part.log" ] || fail "no log for '$part' in $LOGS (parts: ${ALL_PARTS[*]}); has it been started?"
  exec tail -n 200 -F "$LOGS/$part.log"
}

cmd_simulate() {
  # --branch-source N: write into branch source N's database, only branch N's activity (history, live).
  if [ "${1:-}" = --branch-source ]; then
    local port
    port=$(branch_source_port "${2:-}") || exit 1
    export SOURCE_DB_URL=jdbc:mariadb://127.0.0.1:$port/pharmacy SIMULATOR_BRANCH=$2
    shift 2
  fi
  ensure_built simulator
  SOURCE_DB_URL=${SOURCE_DB_URL:-jdbc:mariadb://127.0.0.1:$SOURCE_DB_PORT/pharmacy} \
    exec "$(java17)" -jar "$(module_artifact simulator)" "$@"
}

# The README's test command: the real components the tests need, then every module's unit and
# integration tests. *Test (surefire) need no service; every test that needs PostgreSQL, Kafka,
# MariaDB or Debezium Server is an *IT (failsafe, -Pit) and runs against the stack started here.
cmd_test() {
  # A clean test database: source ids and GTIDs start again after `down --purge` (or on a fresh
  # clone), and rows of an earlier stack in audit_test would answer the tests' lookups.
  if pg_isready -q -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT"; then
    psql -q -h "$AUDIT_DB_HOST" -p "$AUDIT_DB_PORT" -U "$AUDIT_DB_USER" -d postgres \
      -c "DROP DATABASE IF EXISTS $AUDIT_TEST_DB_NAME WITH (FORCE)" >/dev/null \
      || fail "could not drop the test database $AUDIT_TEST_DB_NAME (error above); is another test run using it?"
  fi
  cmd_infra
  exec 9>&-
  # The dashboard's browser test and the monitoring tests need Chromium, its driver and promtool.
  "$ROOT/deploy/local/install-test-tools.sh" \
    || fail "could not install chromium, chromium-driver and prometheus (promtool); install them: apt-get install -y chromium chromium-driver prometheus"
  # Tests that point a service at an unreachable broker override kafka.bootstrap.servers; an
  # exported KAFKA_BOOTSTRAP_SERVERS would win over them. Pass it on only if the user set it.
  [ -n "$KAFKA_BOOTSTRAP_FROM_USER" ] || unset KAFKA_BOOTSTRAP_SERVERS
  say "running the tests: mvn -B verify -Pit $*"
  cd "$ROOT" || exit 1
  mvn -B verify -Pit "$@" || fail "the tests failed (the Maven output above names them; reports in */target/*-reports)"
}

cmd_demo() {
  # One build for everything the demo runs, the simulator included.
  UP_EXTRA_MODULES=simulator cmd_up
  exec bash "$ROOT/deploy/local/demo.sh"
}
