#!/usr/bin/env bash
# Debezium Server's footprint at a branch: the default JVM settings against the shipped
# branch configuration (deploy/debezium/branch-footprint.env), in the same run, against the
# same binlog. Needs ./overlay infra (or up) with some history in the source database
# (./overlay simulate history …). Each round starts a Debezium Server with fresh offsets and a
# topic prefix of its own (bench-*, which the normalizer ignores), lets it snapshot and read the
# whole binlog into Kafka, and reports:
#   events       records written to the round's topics
#   rate         events / (last event − first event), i.e. capture throughput while catching up
#   peak RSS     the highest resident set size while catching up (sampled every 0.5 s)
#   idle RSS     resident set size 20 s after the catch-up ended
# Usage: deploy/bench/debezium-footprint.sh [rounds]   (default 2: default, tuned, default, tuned)
# shellcheck disable=SC2031 # lib.sh exports the same names in its own subshells
set -eEuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh"
trap 'on_error $? "$BASH_COMMAND" "${BASH_SOURCE[0]}:$LINENO"' ERR
ROUNDS=${1:-2}
OUT=$OVERLAY_HOME/bench/debezium
mkdir -p "$OUT"
fetch_kafka
fetch_debezium
JH=$(debezium_java_home)
[ -n "$JH" ] || fail "no Java 21+ for Debezium Server"
port_open "$SOURCE_DB_PORT" || fail "the source database is not running: ./overlay infra"
port_open "$KAFKA_PORT" || fail "Kafka is not running: ./overlay infra"

# The JVM options ./overlay gives a branch's Debezium without the footprint file.
DEFAULT_JAVA_OPTS="-Xmx768m --add-opens=java.base/java.lang=ALL-UNNAMED"

topic_events() { # prefix
  kafka_java org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
    --topic "$1\\..*" --time -1 2>/dev/null | awk -F: '{ s += $3 } END { printf "%d", s }' || true
}
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
java_pid_of() { # the java process under run.sh
  local p=$1 c
  for c in $(pgrep -P "$p" || true) "$p"; do
    if tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | grep -q 'java'; then echo "$c"; return; fi
  done
  echo "$p"
}

round() { # name server-id
  local name=$1 id=$2 prefix="bench-$1-$RANDOM" dir=$OUT/$1 port=$((DEBEZIUM_HTTP_PORT + 50))
  rm -rf "$dir" && mkdir -p "$dir/data"
  debezium_workdir "$dir"
  cp "$ROOT/deploy/debezium/mariadb/application.properties" "$dir/config/"
  (
    cd "$dir" || exit 1
    export JAVA_HOME="$JH" PATH="$JH/bin:$PATH" SOURCE_DB_PORT KAFKA_BOOTSTRAP_SERVERS
    export SOURCE_NAME=$prefix DEBEZIUM_SERVER_ID=$id DEBEZIUM_DATA_DIR=$dir/data DEBEZIUM_HTTP_PORT=$port
    if [ "$name" = tuned ]; then
      set -a
      # shellcheck source=deploy/debezium/branch-footprint.env
      . "$ROOT/deploy/debezium/branch-footprint.env"
      set +a
    else
      export JAVA_OPTS="$DEFAULT_JAVA_OPTS"
    fi
    exec ./run.sh >"$dir/debezium.log" 2>&1
  ) &
  local pid=$! start=$SECONDS start_wall jpid peak=0 rss first="" last="" last_n=-1 last_change=$SECONDS n now
  start_wall=$(date +%s.%N)
  sleep 2
  jpid=$(java_pid_of "$pid")
  while :; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$dir/debezium.log" >&2; fail "the $name Debezium Server died (log above)"; }
    rss=$(rss_kb "$jpid"); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    n=$(topic_events "$prefix")
    now=$(date +%s.%N)
    if [ "$n" -gt 0 ] && [ -z "$first" ]; then first=$now; fi
    if [ "$n" != "$last_n" ]; then last_n=$n; last_change=$SECONDS; last=$now; fi
    if [ "$n" -gt 0 ] && [ $((SECONDS - last_change)) -ge 8 ]; then break; fi
    [ $((SECONDS - start)) -lt 900 ] || fail "the $name round did not finish in 15 min"
    sleep 0.5
  done
  sleep 20
  local idle; idle=$(rss_kb "$jpid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local rate; rate=$(awk -v n="$n" -v a="$first" -v b="$last" 'BEGIN { d = b - a; printf "%.0f", (d > 0 ? n / d : 0) }')
  printf '%-8s events %7d  rate %6s events/s  peak RSS %4d MB  idle RSS %4d MB  (startup→first event %.1f s)\n' \
    "$name" "$n" "$rate" $((peak / 1024)) $((idle / 1024)) "$(awk -v a="$first" -v s="$start_wall" 'BEGIN { print a - s }')" \
    | tee -a "$OUT/results.txt"
}

say "Debezium footprint: $ROUNDS round(s) of default and tuned, results in $OUT/results.txt"
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/results.txt"
for ((r = 1; r <= ROUNDS; r++)); do
  round default $((5450 + r))
  round tuned $((5460 + r))
done
