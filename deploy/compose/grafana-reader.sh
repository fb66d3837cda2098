#!/bin/sh
# PostgreSQL init script (compose): the read-only role of Grafana's Business dashboard, with the
# password from the grafana_db_password secret. The schemas are created empty here so that the
# grants can be given before the services' migrations fill them.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -c "CREATE SCHEMA IF NOT EXISTS business; CREATE SCHEMA IF NOT EXISTS insights"
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
  -v password="$(cat /run/secrets/grafana_db_password)" -f /etc/audit/grafana-reader.sql
