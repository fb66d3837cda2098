-- The canonical change log: append-only, partitioned by commit month, idempotent on event_id.
-- Owned by normalizer-service; other services read it.

CREATE TABLE change_event (
    event_id          uuid        NOT NULL,
    source            text        NOT NULL,
    database_name     text        NOT NULL,
    table_name        text        NOT NULL,
    op                text        NOT NULL CHECK (op IN ('CREATE', 'UPDATE', 'DELETE', 'READ', 'TRUNCATE')),
    primary_key       jsonb       NOT NULL,
    before            jsonb,
    after             jsonb,
    changed_columns   text[]      NOT NULL,
    transaction_id    text,
    transaction_order bigint,
    committed_at      timestamptz NOT NULL,
    captured_at       timestamptz,
    server_id         bigint,
    binlog_file       text,
    binlog_pos        bigint,
    binlog_row        integer,
    gtid              text,
    snapshot          boolean     NOT NULL DEFAULT false,
    branch_id         text,
    schema_version    integer     NOT NULL,
    stored_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, committed_at)
) PARTITION BY RANGE (committed_at);

COMMENT ON TABLE change_event IS 'Canonical row changes captured from the source binlog. Append-only; one partition per commit month.';

CREATE INDEX change_event_committed_at ON change_event (committed_at);
CREATE INDEX change_event_table_key ON change_event (table_name, primary_key);
CREATE INDEX change_event_transaction ON change_event (transaction_id, transaction_order);
CREATE INDEX change_event_branch_time ON change_event (branch_id, committed_at);

-- Creates the month partition that holds a commit time, if missing. Called by the normalizer
-- before it writes a batch (it caches which months exist).
CREATE FUNCTION ensure_change_event_partition(at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part text := format('change_event_%s', to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.change_event FOR VALUES FROM (%L) TO (%L)',
                   '${flyway:defaultSchema}', part, '${flyway:defaultSchema}', month_start, month_start + interval '1 month');
END;
$$;

-- Append-only: stored history is never rewritten. (A partition can still be detached and
-- archived by an operator; that is retention, not an edit.)
CREATE FUNCTION forbid_change_event_mutation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'changes.change_event is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER change_event_append_only
    BEFORE UPDATE OR DELETE ON change_event
    FOR EACH ROW EXECUTE FUNCTION forbid_change_event_mutation();

CREATE TABLE source_transaction (
    transaction_id   text        NOT NULL PRIMARY KEY,
    source           text        NOT NULL,
    event_count      bigint      NOT NULL,
    data_collections jsonb       NOT NULL,
    ended_at         timestamptz,
    stored_at        timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE source_transaction IS 'END markers of source transactions: how many row events each had, in total and per table.';
COMMENT ON COLUMN source_transaction.transaction_id IS 'Source-qualified: <source>:<Debezium transaction id (GTID or file:pos)>.';
