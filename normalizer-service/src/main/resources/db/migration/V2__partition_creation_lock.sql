-- Two batches (of one normalizer, or of two instances) that reach a new month at the same time
-- both ran CREATE TABLE IF NOT EXISTS for its partition; the loser failed with "relation already
-- exists" and stopped its consumer. Creating a partition now takes a transaction-scoped advisory
-- lock named for it: the second caller waits, then finds the partition there.
CREATE OR REPLACE FUNCTION ensure_change_event_partition(at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    part text := format('change_event_%s', to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
    IF to_regclass(format('%I.%I', '${flyway:defaultSchema}', part)) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('${flyway:defaultSchema}.' || part));
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.change_event FOR VALUES FROM (%L) TO (%L)',
                   '${flyway:defaultSchema}', part, '${flyway:defaultSchema}', month_start, month_start + interval '1 month');
END;
$$;
