-- Tamper evidence (docs/integrity.md): business events are hash-chained per source the way
-- changes.change_event is, one link per stored batch, written by inference-service in the batch's
-- own transaction. business_event and the links are append-only.
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

COMMENT ON TABLE chain_link IS 'Hash chain of business_event per source: one link per stored batch (ids, leaf hashes, Merkle root, previous link hash).';

CREATE TRIGGER business_event_append_only BEFORE UPDATE OR DELETE ON business_event
    FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER business_event_no_truncate BEFORE TRUNCATE ON business_event
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();
