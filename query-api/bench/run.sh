#!/bin/sh
# Measures p50/p99 of trace and anomalies at about 200 requests/s with wrk against a query-api
# started here on the benchmark database (load it first: ./load-dataset.sh).
#   query-api/bench/run.sh            (results in query-api/target/bench/)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db="${AUDIT_BENCH_DB:-audit_bench_query}"
port="${BENCH_PORT:-18080}"
duration="${BENCH_DURATION:-60s}"
out="$here/../target/bench"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
jar="$here/../target/quarkus-app/quarkus-run.jar"
[ -f "$jar" ] || { echo "build query-api first: mvn -pl query-api -am package -DskipTests" >&2; exit 2; }
token="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s bench-auditor auditor\n' "$(printf %s "$token" | sha256sum | cut -d' ' -f1)" > "$out/tokens.txt"
QUARKUS_HTTP_PORT=$port QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://${AUDIT_DB_HOST:-127.0.0.1}:${AUDIT_DB_PORT:-5432}/$db" \
  AUDIT_TOKENS_FILE="$out/tokens.txt" AUDIT_LOG_JSON=false QUARKUS_LOG_LEVEL=WARN \
  java -Xmx512m -jar "$jar" > "$out/query-api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT INT TERM
for i in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
export AUDIT_TOKEN="$token" WRK_DELAY_MS="${WRK_DELAY_MS:-475}"
conns="${BENCH_CONNECTIONS:-100}"
for s in trace anomalies; do
  echo "== warm-up $s" >&2
  wrk -t2 -c"$conns" -d15s -s "$here/$s.lua" "http://127.0.0.1:$port" > /dev/null
  echo "== $s: $conns connections, ${WRK_DELAY_MS} ms pause each (about 200 req/s offered), $duration" | tee "$out/$s.txt"
  wrk -t2 -c"$conns" -d"$duration" --latency -s "$here/$s.lua" "http://127.0.0.1:$port" | tee -a "$out/$s.txt"
done
