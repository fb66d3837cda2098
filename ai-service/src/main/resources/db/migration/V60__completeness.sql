-- The completeness checks (docs/anomalies.md, "Completeness"): where the binlog scan of each source
-- has got, and one row per run with what it read (the load it put on the source) and found.
-- Owned by ai-service.

CREATE TABLE completeness_cursor (
    source      text        PRIMARY KEY,
    binlog_file text        NOT NULL,
    binlog_pos  bigint      NOT NULL,
    last_seq    jsonb       NOT NULL DEFAULT '{}',
    updated_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE completeness_cursor IS 'Binlog scan position per source (the start of the first transaction not yet checked) and each GTID domain''s last sequence seen.';

CREATE TABLE completeness_run (
    id             bigserial   PRIMARY KEY,
    source         text        NOT NULL,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    tables         integer     NOT NULL,
    chunks         integer     NOT NULL,
    source_rows    bigint      NOT NULL,
    binlog_events  bigint      NOT NULL,
    findings       integer     NOT NULL,
    detail         jsonb       NOT NULL DEFAULT '[]'
);

COMMENT ON TABLE completeness_run IS 'One row per completeness run: rows and binlog events read at the source, chunks compared, findings (anomalies ids in detail).';
CREATE INDEX completeness_run_started ON completeness_run (source, started_at);
