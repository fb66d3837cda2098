-- Least privilege (docs/security.md). Flyway migrates as the owner role; the services log in as
-- roles of their own, <prefix>_normalizer, _inference, _ai and _query, made by
-- deploy/sql/service-roles.sql, which also names the prefix in the database setting
-- audit.role_prefix. None of them owns a table: none can TRUNCATE, ALTER TABLE … DISABLE
-- TRIGGER, DETACH or DROP, and only the grants below say what each may do.

-- The normalizer creates a month's partition as it reaches it; CREATE TABLE … PARTITION OF needs
-- the parent's owner, so the function runs with its owner's rights and only the normalizer may call it.
ALTER FUNCTION ensure_change_event_partition(timestamptz) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
REVOKE ALL ON FUNCTION ensure_change_event_partition(timestamptz) FROM PUBLIC;

-- What each service role may do in this schema: the normalizer adds rows (INSERT, and SELECT for
-- RETURNING and the chain's head), ai-service and query-api read. Called again by the roles script
-- (a database whose roles were made after this migration); a new table of this schema is added here
-- by a later migration (CREATE OR REPLACE, then call it).
CREATE FUNCTION grant_service_roles(prefix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s text := '${flyway:defaultSchema}';
    writer text := quote_ident(prefix || '_normalizer');
    readers text := quote_ident(prefix || '_ai') || ', ' || quote_ident(prefix || '_query');
    tables text := format('%1$I.change_event, %1$I.source_transaction, %1$I.chain_link', s);
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s, %s', s, writer, readers);
    EXECUTE format('GRANT SELECT, INSERT ON %s TO %s', tables, writer);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %I.ensure_change_event_partition(timestamptz) TO %s', s, writer);
    EXECUTE format('GRANT SELECT ON %s TO %s', tables, readers);
END;
$$;
REVOKE ALL ON FUNCTION grant_service_roles(text) FROM PUBLIC;

SELECT grant_service_roles(current_setting('audit.role_prefix'))
WHERE coalesce(current_setting('audit.role_prefix', true), '') <> '';
