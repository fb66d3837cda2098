-- TEST ONLY. Used when inference-service's own migrations are not in this checkout: the columns
-- that DESIGN/the helper brief promise in business.business_event. Applied in a separate database
-- (audit_test_query) so that it never collides with the owner's Flyway history in audit_test.
CREATE TABLE IF NOT EXISTS business.business_event (
    id               uuid        PRIMARY KEY,
    type             text        NOT NULL,
    branch_id        text,
    actor_user_id    text,
    subject_type     text,
    subject_id       text,
    occurred_at      timestamptz NOT NULL,
    transaction_id   text        NOT NULL,
    attributes       jsonb       NOT NULL DEFAULT '{}',
    source_event_ids uuid[]      NOT NULL,
    rule             text        NOT NULL,
    partial          boolean     NOT NULL DEFAULT false,
    stored_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS business_event_occurred_at ON business.business_event (occurred_at);
CREATE INDEX IF NOT EXISTS business_event_type_time ON business.business_event (type, occurred_at);
CREATE INDEX IF NOT EXISTS business_event_branch_time ON business.business_event (branch_id, occurred_at);
CREATE INDEX IF NOT EXISTS business_event_subject ON business.business_event (subject_type, subject_id);
CREATE INDEX IF NOT EXISTS business_event_transaction ON business.business_event (transaction_id);
CREATE INDEX IF NOT EXISTS business_event_actor ON business.business_event (actor_user_id);
