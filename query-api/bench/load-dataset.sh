#!/bin/sh
# Creates the benchmark database (default audit_bench_query) with the owners' schemas and loads the
# synthetic 90-day dataset (dataset.sql). Never touches the audit or audit_test databases.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo="$here/../.."
db="${AUDIT_BENCH_DB:-audit_bench_query}"
psql="psql -h ${AUDIT_DB_HOST:-127.0.0.1} -p ${AUDIT_DB_PORT:-5432} -U ${AUDIT_DB_USER:-postgres} -v ON_ERROR_STOP=1 -q"
case "$db" in audit|audit_test|audit_bench) echo "refusing to load benchmark data into $db" >&2; exit 2;; esac
$psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || $psql -d postgres -c "CREATE DATABASE $db"
if [ "$($psql -d "$db" -Atc "SELECT count(*) FROM pg_namespace WHERE nspname IN ('changes','business','insights')")" != 3 ]; then
  # The owners' migrations when this checkout has them, else the test-only DDL with the promised columns.
  for pair in changes:normalizer-service business:inference-service insights:ai-service; do
    schema=${pair%%:*}; module=${pair#*:}
    $psql -d "$db" -c "CREATE SCHEMA IF NOT EXISTS $schema"
    if [ -d "$repo/$module/src/main/resources/db/migration" ]; then
      for f in $(ls "$repo/$module/src/main/resources/db/migration"/V*.sql | sort -V); do
        (echo "SET search_path TO $schema;"; cat "$f") | $psql -d "$db"
      done
    else
      $psql -d "$db" -f "$here/../src/test/resources/fallback-schemas/$schema.sql"
    fi
  done
fi
if [ "$($psql -d "$db" -Atc "SELECT count(*) FROM changes.source_transaction WHERE transaction_id = 'pos:0-1-900000'")" = 1 ]; then
  echo "dataset already loaded in $db"
  exit 0
fi
start=$(date +%s)
$psql -d "$db" -f "$here/dataset.sql"
echo "loaded in $(( $(date +%s) - start )) s:"
$psql -d "$db" -Atc "SELECT 'change_event', count(*) FROM changes.change_event UNION ALL SELECT 'business_event', count(*) FROM business.business_event UNION ALL SELECT 'anomaly', count(*) FROM insights.anomaly"
