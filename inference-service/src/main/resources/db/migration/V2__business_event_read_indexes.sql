-- Indexes shaped like query-api's hot queries, so that the right plan is the only cheap plan
-- whether or not the table has statistics (autovacuum may be off, and a table filled in bulk has
-- none until ANALYZE runs). Each lookup column is followed by occurred_at, id: a trace or a
-- filtered list ("… WHERE transaction_id = ? ORDER BY occurred_at, id LIMIT n") reads n index
-- entries in order instead of walking business_event_occurred_at over the whole table.
-- Their leading columns are those of the indexes they replace, so other readers keep their plans.

DROP INDEX business_event_transaction;
CREATE INDEX business_event_transaction ON business_event (transaction_id, occurred_at, id);

DROP INDEX business_event_actor;
CREATE INDEX business_event_actor_time ON business_event (actor_user_id, occurred_at, id);

DROP INDEX business_event_subject;
CREATE INDEX business_event_subject_time ON business_event (subject_type, subject_id, occurred_at, id);

-- The business-event search (query-api's q, a case-insensitive substring of the attributes):
-- a trigram index answers "attributes::text ILIKE '%…%'" from the matching rows only. pg_trgm
-- is a trusted extension (PostgreSQL 13+): the database owner may create it. It lives in public,
-- whatever schema this migration runs in, so the operator class is named with its schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX business_event_attributes_trgm ON business_event USING gin ((attributes::text) public.gin_trgm_ops);
