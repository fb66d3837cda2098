-- The self-audit: every REST call, export, MCP tool call and dashboard action, who made it and
-- what it returned. Append-only: rows are never updated or deleted, and the table is never
-- truncated (the triggers below refuse it even to the owner; a superuser can still disable them,
-- which is what the hash chain of docs/integrity.md is for).

CREATE TABLE access_log (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    role         text        NOT NULL,
    channel      text        NOT NULL CHECK (channel IN ('REST', 'EXPORT', 'MCP', 'UI')),
    method       text,
    path         text,
    query        text,
    tool         text,
    arguments    jsonb,
    status       integer     NOT NULL,
    rows         integer,
    bytes        bigint      NOT NULL DEFAULT 0,
    duration_ms  integer     NOT NULL,
    client       text,
    error        text
);

COMMENT ON TABLE access_log IS 'Every access to the trail: who (token name, role), what (method, path, query, tool, arguments), '
    'how much came back (rows, bytes), status, duration and client address. Append-only.';

CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_actor ON access_log (actor, at);

CREATE FUNCTION refuse_access_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'api.access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION refuse_access_log_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_access_log_change();
