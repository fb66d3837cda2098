-- The changes of one source row, newest first (query-api's trace of a subject:
-- "… WHERE table_name = ? AND primary_key = ? ORDER BY committed_at DESC LIMIT n"), read in index
-- order on every partition instead of sorting all of a busy row's changes (an inventory row changes
-- with every sale of its product). The leading columns are those of the index it replaces.
-- Statistics are not needed for this plan: see docs/query-api.md, "At volume".

DROP INDEX change_event_table_key;
CREATE INDEX change_event_table_key_time ON change_event (table_name, primary_key, committed_at);
