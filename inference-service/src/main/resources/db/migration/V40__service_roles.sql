-- Least privilege (docs/security.md): inference-service logs in as <prefix>_inference and may add
-- business events and links (INSERT, SELECT) and keep its own bookkeeping (processed transactions,
-- reference rows: INSERT, UPDATE); ai-service reads the events, query-api reads the schema.
-- Nothing may DELETE, TRUNCATE or alter a table; deploy/sql/service-roles.sql makes the roles and
-- sets the database's audit.role_prefix (see changes' V40 for the pattern).
CREATE FUNCTION grant_service_roles(prefix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s text := '${flyway:defaultSchema}';
    writer text := quote_ident(prefix || '_inference');
    ai text := quote_ident(prefix || '_ai');
    query text := quote_ident(prefix || '_query');
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s, %s, %s', s, writer, ai, query);
    EXECUTE format('GRANT SELECT, INSERT ON %1$I.business_event, %1$I.chain_link TO %2$s', s, writer);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %1$I.processed_transaction, %1$I.reference_row TO %2$s', s, writer);
    EXECUTE format('GRANT SELECT ON %I.business_event TO %s', s, ai);
    EXECUTE format('GRANT SELECT ON %1$I.business_event, %1$I.chain_link, %1$I.processed_transaction, %1$I.reference_row TO %2$s',
                   s, query);
END;
$$;
REVOKE ALL ON FUNCTION grant_service_roles(text) FROM PUBLIC;

SELECT grant_service_roles(current_setting('audit.role_prefix'))
WHERE coalesce(current_setting('audit.role_prefix', true), '') <> '';
