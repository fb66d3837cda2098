-- Texts the model could not write (unreachable, timed out, open circuit) keep the template and are
-- tried again later (ai-service/README.md, "Slow or failing model"): llm_retry_at is when, NULL
-- when the text is final. Replaces V61's grant function: ai-service may also set an anomaly's
-- llm_retry_at (still nothing else of an anomaly but its model explanation).
ALTER TABLE anomaly ADD COLUMN llm_retry_at timestamptz;
ALTER TABLE daily_summary ADD COLUMN llm_retry_at timestamptz;
CREATE INDEX anomaly_llm_retry ON anomaly (llm_retry_at) WHERE llm_retry_at IS NOT NULL;
CREATE INDEX daily_summary_llm_retry ON daily_summary (llm_retry_at) WHERE llm_retry_at IS NOT NULL;
COMMENT ON COLUMN anomaly.llm_retry_at IS 'The model was unavailable: explain again from then on (NULL: final).';
COMMENT ON COLUMN daily_summary.llm_retry_at IS 'The model was unavailable: write again from then on (NULL: final).';

CREATE OR REPLACE FUNCTION grant_service_roles(prefix text) RETURNS void
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
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %1$I.completeness_cursor TO %2$s', s, ai);
    EXECUTE format('GRANT SELECT, INSERT ON %1$I.completeness_run TO %2$s', s, ai);
    EXECUTE format('GRANT USAGE ON SEQUENCE %I.completeness_run_id_seq TO %s', s, ai);
    EXECUTE format('GRANT UPDATE (llm_explanation, explained_by, explained_at, llm_retry_at) ON %I.anomaly TO %s', s, ai);
    EXECUTE format('GRANT SELECT ON %1$I.anomaly_status_change, %1$I.chain_link TO %2$s', s, ai);
    EXECUTE format('GRANT SELECT ON %1$I.anomaly, %1$I.anomaly_status_change, %1$I.chain_link, %1$I.daily_summary, '
                   '%1$I.rollup_hourly, %1$I.rollup_series, %1$I.job_watermark, %1$I.completeness_run TO %2$s', s, query);
    EXECUTE format('GRANT UPDATE (status, status_changed_at, status_changed_by) ON %I.anomaly TO %s', s, query);
    EXECUTE format('GRANT INSERT ON %1$I.anomaly_status_change, %1$I.chain_link TO %2$s', s, query);
    EXECUTE format('GRANT USAGE ON SEQUENCE %I.anomaly_status_change_id_seq TO %s', s, query);
END;
$$;
REVOKE ALL ON FUNCTION grant_service_roles(text) FROM PUBLIC;

SELECT grant_service_roles(current_setting('audit.role_prefix'))
WHERE coalesce(current_setting('audit.role_prefix', true), '') <> '';
