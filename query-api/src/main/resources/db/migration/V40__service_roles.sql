-- Least privilege (docs/security.md): query-api logs in as <prefix>_query. In its own schema it
-- adds rows (tool calls, the access log, daily seals) and reads them; it never updates, deletes or
-- truncates them. Its reads and triage writes elsewhere are granted by the owning schemas' V40.
-- deploy/sql/service-roles.sql makes the roles and sets the database's audit.role_prefix.
CREATE FUNCTION grant_service_roles(prefix text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s text := '${flyway:defaultSchema}';
    query text := quote_ident(prefix || '_query');
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', s, query);
    EXECUTE format('GRANT SELECT, INSERT ON %1$I.tool_call, %1$I.access_log, %1$I.daily_seal TO %2$s', s, query);
    EXECUTE format('GRANT USAGE ON SEQUENCE %1$I.tool_call_id_seq, %1$I.access_log_id_seq TO %2$s', s, query);
END;
$$;
REVOKE ALL ON FUNCTION grant_service_roles(text) FROM PUBLIC;

SELECT grant_service_roles(current_setting('audit.role_prefix'))
WHERE coalesce(current_setting('audit.role_prefix', true), '') <> '';
