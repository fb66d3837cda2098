-- Daily seals of the hash chains (docs/integrity.md): per chained table, source and UTC day, the
-- first and last link numbers, counts, the Merkle root over the day's link hashes and the last
-- link hash. Written once, when an auditor seals (exports) a day; append-only.
CREATE TABLE daily_seal (
    table_name     text        NOT NULL,
    source         text        NOT NULL,
    day            date        NOT NULL,
    first_seq      bigint      NOT NULL,
    last_seq       bigint      NOT NULL,
    links          bigint      NOT NULL,
    rows           bigint      NOT NULL,
    merkle_root    text        NOT NULL,
    last_link_hash text        NOT NULL,
    sealed_by      text        NOT NULL,
    sealed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, source, day)
);

COMMENT ON TABLE daily_seal IS 'Daily seal of each hash chain (table, source, UTC day): Merkle root over the day''s link hashes.';

CREATE FUNCTION forbid_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only (% refused)', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER daily_seal_append_only BEFORE UPDATE OR DELETE ON daily_seal
    FOR EACH ROW EXECUTE FUNCTION forbid_history_change();
CREATE TRIGGER daily_seal_no_truncate BEFORE TRUNCATE ON daily_seal
    FOR EACH STATEMENT EXECUTE FUNCTION forbid_history_change();
