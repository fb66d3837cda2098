#!/bin/sh
# compose one-shot (service audit-db-roles): the owner and service roles of the audit database
# (deploy/sql/service-roles.sql), with the passwords of their secrets, before the services start.
# Runs at every `docker compose up`: idempotent, and a changed secret file becomes the new password.
set -eu
secret() { cat "/run/secrets/$1"; }
PGPASSWORD=$(secret audit_db_password)
export PGPASSWORD
exec psql -h "${AUDIT_DB_HOST:-postgres}" -U "${POSTGRES_USER:-audit}" -d "${AUDIT_DB_NAME:-audit}" -q \
  -v prefix="${AUDIT_DB_ROLE_PREFIX:-audit}" \
  -v owner_password="$(secret audit_owner_password)" \
  -v normalizer_password="$(secret audit_normalizer_password)" \
  -v inference_password="$(secret audit_inference_password)" \
  -v ai_password="$(secret audit_ai_password)" \
  -v query_password="$(secret audit_query_password)" \
  -f /etc/audit/service-roles.sql
