-- The read-only role of Grafana's Business dashboard. Run once per audit database as its owner:
--   psql -d audit -v password="$AUDIT_GRAFANA_DB_PASSWORD" -f deploy/grafana/grafana-reader.sql
-- It may read business events and insights and nothing else: no row changes (they hold the
-- source rows), no api schema (tokens and the access log), no writes of any kind.
SELECT format('CREATE ROLE grafana_reader LOGIN PASSWORD %L', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'grafana_reader') \gexec
ALTER ROLE grafana_reader PASSWORD :'password';
ALTER ROLE grafana_reader SET default_transaction_read_only = on;
ALTER ROLE grafana_reader SET statement_timeout = '30s';
GRANT USAGE ON SCHEMA business, insights TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA business, insights TO grafana_reader;
-- Tables the owners add later (partitions, rollups) are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA business GRANT SELECT ON TABLES TO grafana_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA insights GRANT SELECT ON TABLES TO grafana_reader;
