-- Least privilege (docs/security.md): ai-service logs in as <prefix>_ai: it writes anomalies,
-- summaries, the LLM cache, rollups and watermarks, and may change of an anomaly only its model
-- explanation. query-api (<prefix>_query) reads the schema and records triage: an anomaly's status
-- columns, and new status changes with their chain links (append-only). Nobody may DELETE or
-- TRUNCATE; deploy/sql/service-roles.sql makes the roles and sets audit.role_prefix.
CREATE FUNCTION grant_service_roles(prefix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s text := '${flyway:defaultSchema}';
    ai text := quote_ident(prefix || '_ai');
    query text := quote_ident(prefix || '_query');
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s, %s', s, ai, query);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %1$I.daily_summary, %1$I.llm_cache, %1$I.rollup_hourly, '
                   '%1$I.rollup_series, %1$I.job_watermark TO %2$s', s, ai);
    EXECUTE format('GRANT SELECT, INSERT ON %1$I.anomaly, %1$I.rollup_event TO %2$s', s, ai);
    EXECUTE format('GRANT UPDATE (llm_explanation, explained_by, explained_at) ON %I.anomaly TO %s', s, ai);
    EXECUTE format('GRANT SELECT ON %1$I.anomaly_status_change, %1$I.chain_link TO %2$s', s, ai);
    EXECUTE format('GRANT SELECT ON %1$I.anomaly, %1$I.anomaly_status_change, %1$I.chain_link, %1$I.daily_summary, '
                   '%1$I.rollup_hourly, %1$I.rollup_series, %1$I.job_watermark TO %2$s', s, query);
    EXECUTE format('GRANT UPDATE (status, status_changed_at, status_changed_by) ON %I.anomaly TO %s', s, query);
    EXECUTE format('GRANT INSERT ON %1$I.anomaly_status_change, %1$I.chain_link TO %2$s', s, query);
    EXECUTE format('GRANT USAGE ON SEQUENCE %I.anomaly_status_change_id_seq TO %s', s, query);
END;
$$;
REVOKE ALL ON FUNCTION grant_service_roles(text) FROM PUBLIC;

SELECT grant_service_roles(current_setting('audit.role_prefix'))
WHERE coalesce(current_setting('audit.role_prefix', true), '') <> '';
