-- Read-side volume for the scale benchmark (deploy/bench/scale.sh, REPLICATE=N): the span the real
-- pipeline captured is copied N times into the weeks before it, so that queries, pages and
-- detection meet a 90-day trail without a 90-day catch-up. Never for a production database: the
-- copies are not hash-chained (auditctl verify fails on them) and they are not in Kafka.
--
--   psql -v copies=12 -v span=7 -f deploy/bench/replicate.sql   (as the database owner)
--
-- Copy k is the original shifted back by k × span days (span a multiple of 7 keeps weekdays):
-- ids are md5(id:k) as UUIDs, so a business event's source_event_ids still name the copied row
-- changes; transaction ids get the suffix ~r<k>. Initial-snapshot rows are not copied (they are
-- the reference data, read once). Idempotent: a copy that exists is not inserted again. A copy is
-- written whole before the next (rows of one week lie together, as the pipeline writes them) and
-- its stored_at is shifted with it (as if captured then). Shifts are in UTC: copies that cross a
-- daylight-saving change sit an hour off their branch's opening hours (after-hours anomalies).
-- Rollups of the copies: POST /api/rollups/backfill on ai-service afterwards (scale.sh does).
\set ON_ERROR_STOP on
SET client_min_messages = warning;

CREATE TEMP TABLE copy_shift AS
SELECT k, make_interval(days => :span * k) AS back FROM generate_series(1, :copies) k;

-- The month partitions the copies fall into.
SELECT changes.ensure_change_event_partition(d)
FROM generate_series((SELECT min(committed_at) FROM changes.change_event WHERE NOT snapshot) - make_interval(days => :span * :copies),
                     (SELECT max(committed_at) FROM changes.change_event), interval '1 day') d;

\echo copying row changes
INSERT INTO changes.change_event (event_id, source, database_name, table_name, op, primary_key, before, after,
        changed_columns, transaction_id, transaction_order, committed_at, captured_at, server_id, binlog_file,
        binlog_pos, binlog_row, gtid, snapshot, branch_id, schema_version, stored_at)
SELECT md5(e.event_id::text || ':' || c.k)::uuid, e.source, e.database_name, e.table_name, e.op, e.primary_key,
       e.before, e.after, e.changed_columns, e.transaction_id || '~r' || c.k, e.transaction_order,
       e.committed_at - c.back, e.captured_at - c.back, e.server_id, e.binlog_file, e.binlog_pos, e.binlog_row,
       e.gtid, e.snapshot, e.branch_id, e.schema_version, e.stored_at - c.back
FROM changes.change_event e CROSS JOIN copy_shift c
WHERE NOT e.snapshot AND e.transaction_id NOT LIKE '%~r%'
ORDER BY c.k
ON CONFLICT DO NOTHING;

\echo copying END markers
INSERT INTO changes.source_transaction (transaction_id, source, event_count, data_collections, ended_at, stored_at)
SELECT t.transaction_id || '~r' || c.k, t.source, t.event_count, t.data_collections, t.ended_at - c.back, t.stored_at
FROM changes.source_transaction t CROSS JOIN copy_shift c
WHERE t.transaction_id NOT LIKE '%~r%'
ON CONFLICT DO NOTHING;

\echo copying business events
INSERT INTO business.business_event (id, type, branch_id, actor_user_id, subject_type, subject_id, occurred_at,
        transaction_id, attributes, source_event_ids, rule, partial, source, stored_at)
SELECT md5(b.id::text || ':' || c.k)::uuid, b.type, b.branch_id, b.actor_user_id, b.subject_type, b.subject_id,
       b.occurred_at - c.back, b.transaction_id || '~r' || c.k, b.attributes,
       ARRAY(SELECT md5(s::text || ':' || c.k)::uuid FROM unnest(b.source_event_ids) s), b.rule, b.partial,
       b.source, b.stored_at - c.back
FROM business.business_event b CROSS JOIN copy_shift c
WHERE b.transaction_id NOT LIKE '%~r%'
ORDER BY c.k
ON CONFLICT DO NOTHING;

\echo copying search words
INSERT INTO business.business_event_word (word, occurred_at, event_id)
SELECT w.word, w.occurred_at - c.back, md5(w.event_id::text || ':' || c.k)::uuid
FROM business.business_event_word w JOIN business.business_event b ON b.id = w.event_id CROSS JOIN copy_shift c
WHERE b.transaction_id NOT LIKE '%~r%'
  AND NOT EXISTS (SELECT 1 FROM business.business_event_word x
                  WHERE x.word = w.word AND x.occurred_at = w.occurred_at - c.back AND x.event_id = md5(w.event_id::text || ':' || c.k)::uuid)
ORDER BY c.k;
-- No ANALYZE: this machine's PostgreSQL runs without autovacuum, and the read paths must not
-- depend on statistics (query-api's EXPLAIN guard); the benchmark measures that case.
