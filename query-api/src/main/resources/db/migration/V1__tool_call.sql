-- The record of every MCP tool call: who asked what, and how much they got back.
-- Owned by query-api; nothing else writes here.

CREATE TABLE tool_call (
    id           bigserial   PRIMARY KEY,
    called_at    timestamptz NOT NULL DEFAULT now(),
    caller       text        NOT NULL,
    role         text        NOT NULL,
    transport    text        NOT NULL,
    tool         text        NOT NULL,
    arguments    jsonb       NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('OK', 'ERROR')),
    result_bytes integer     NOT NULL,
    result_items integer,
    error        text,
    duration_ms  integer     NOT NULL
);

COMMENT ON TABLE tool_call IS 'Every MCP tool call: caller (token name), role, transport, tool, arguments, result size.';

CREATE INDEX tool_call_called_at ON tool_call (called_at);
CREATE INDEX tool_call_caller ON tool_call (caller, called_at);
