-- A DDL statement on an audited table is stored as a change of its own (op DDL, empty primary key,
-- the statement in "after"): docs/architecture.md, "Records". Issue 16.
ALTER TABLE change_event DROP CONSTRAINT change_event_op_check;
ALTER TABLE change_event ADD CONSTRAINT change_event_op_check
    CHECK (op IN ('CREATE', 'UPDATE', 'DELETE', 'READ', 'TRUNCATE', 'DDL'));
