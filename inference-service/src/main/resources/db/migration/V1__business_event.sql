-- Business events inferred from source transactions, and what the inference needs to resume.
-- Owned by inference-service (schema `business`); other services read business_event.

CREATE TABLE business_event (
    id               uuid        NOT NULL PRIMARY KEY,
    type             text        NOT NULL,
    branch_id        text,
    actor_user_id    text,
    subject_type     text,
    subject_id       text,
    occurred_at      timestamptz NOT NULL,
    transaction_id   text        NOT NULL,
    attributes       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    source_event_ids uuid[]      NOT NULL,
    rule             text        NOT NULL,
    partial          boolean     NOT NULL DEFAULT false,
    source           text,
    stored_at        timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE business_event IS 'Business actions inferred from source transactions by the rules file. Id: UUID v5 over (transaction id, rule, subject key).';
COMMENT ON COLUMN business_event.partial IS 'The transaction was closed by the timeout (END marker or some changes missing).';
COMMENT ON COLUMN business_event.source_event_ids IS 'changes.change_event ids the event was inferred from.';

CREATE INDEX business_event_occurred_at ON business_event (occurred_at);
CREATE INDEX business_event_type_time ON business_event (type, occurred_at);
CREATE INDEX business_event_branch_time ON business_event (branch_id, occurred_at);
CREATE INDEX business_event_subject ON business_event (subject_type, subject_id);
CREATE INDEX business_event_transaction ON business_event (transaction_id);
CREATE INDEX business_event_actor ON business_event (actor_user_id);

-- One row per inferred source transaction, written with its events: a redelivered transaction
-- (after a restart) is recognised here and not inferred again from a fragment.
CREATE TABLE processed_transaction (
    transaction_id    text        NOT NULL PRIMARY KEY,
    source            text,
    completion        text        NOT NULL,
    partial           boolean     NOT NULL,
    changes           integer     NOT NULL,
    announced_changes bigint,
    business_events   integer     NOT NULL,
    only_fallback     boolean     NOT NULL,
    processed_at      timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE processed_transaction IS 'Source transactions already inferred, and how (complete or closed by the timeout).';

-- Reference rows (roles, products…) learned from the change stream, so that rules can name a
-- role or a product schedule without querying the source database, and keep doing so after a restart.
CREATE TABLE reference_row (
    source       text        NOT NULL,
    table_name   text        NOT NULL,
    row_key      text        NOT NULL,
    columns      jsonb       NOT NULL,
    committed_at timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, table_name, row_key)
);

COMMENT ON TABLE reference_row IS 'Latest known state of reference rows named by the rules file (only the columns it lists).';
