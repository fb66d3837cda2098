-- Tamper evidence (docs/integrity.md). Each batch's stored rows of a source become one link of
-- that source's chain: the rows' ids, their leaf hashes, the Merkle root over them and the hash
-- of the link before. Written by the normalizer in the batch's own transaction; append-only.
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

COMMENT ON TABLE chain_link IS 'Hash chain of change_event per source: one link per stored batch (ids, leaf hashes, Merkle root, previous link hash).';
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
CREATE TRIGGER source_transaction_append_only BEFORE UPDATE OR DELETE ON source_transaction
    FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER source_transaction_no_truncate BEFORE TRUNCATE ON source_transaction
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER change_event_no_truncate BEFORE TRUNCATE ON change_event
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();

-- Statement triggers are not inherited by partitions: TRUNCATE of a month partition is refused by
-- a trigger of its own, on the partitions that exist and on those created from now on.
DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = '${flyway:defaultSchema}.change_event'::regclass LOOP
        EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %I.forbid_history_change()',
                       part, '${flyway:defaultSchema}');
    END LOOP;
END;
$$;

CREATE OR REPLACE FUNCTION ensure_change_event_partition(at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part text := format('change_event_%s', to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
    IF to_regclass(format('%I.%I', '${flyway:defaultSchema}', part)) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('${flyway:defaultSchema}.' || part));
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.change_event FOR VALUES FROM (%L) TO (%L)',
                   '${flyway:defaultSchema}', part, '${flyway:defaultSchema}', month_start, month_start + interval '1 month');
    -- The statement trigger is not inherited: each partition gets its own (idempotent, as above).
    EXECUTE format('CREATE OR REPLACE TRIGGER no_truncate BEFORE TRUNCATE ON %I.%I FOR EACH STATEMENT EXECUTE FUNCTION %I.forbid_history_change()',
                   '${flyway:defaultSchema}', part, '${flyway:defaultSchema}');
END;
$$;
