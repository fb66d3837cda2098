-- Tamper evidence (docs/integrity.md): anomaly status changes (written by query-api when someone
-- acknowledges or dismisses an anomaly) are hash-chained, one link per change, and append-only.
CREATE TABLE chain_link (
    source        text        NOT NULL,
    seq           bigint      NOT NULL,
    row_count     integer     NOT NULL,
    row_ids       text[]      NOT NULL,
    row_positions text[],
    leaves        bytea       NOT NULL,
    merkle_root   bytea       NOT NULL,
    prev_hash     bytea       NOT NULL,
    link_hash     bytea       NOT NULL,
    linked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, seq)
);

CREATE INDEX chain_link_linked_at ON chain_link (linked_at);

-- One refusal for every history table: UPDATE/DELETE per row, TRUNCATE per statement.
CREATE FUNCTION forbid_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER chain_link_append_only BEFORE UPDATE OR DELETE ON chain_link
    FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER chain_link_no_truncate BEFORE TRUNCATE ON chain_link
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();

COMMENT ON TABLE chain_link IS 'Hash chain of anomaly_status_change: one link per change (id, leaf hash, previous link hash).';

CREATE TRIGGER anomaly_status_change_append_only BEFORE UPDATE OR DELETE ON anomaly_status_change
    FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER anomaly_status_change_no_truncate BEFORE TRUNCATE ON anomaly_status_change
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();
