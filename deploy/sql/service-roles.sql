-- The roles of one audit database (docs/security.md, "Least privilege"). Run it as a superuser
-- (or a role with CREATEROLE that owns the database) before the services start, and again after
-- changing a password; it is idempotent:
--   psql -d audit -v prefix=audit -v owner_password=… -v normalizer_password=… \
--        -v inference_password=… -v ai_password=… -v query_password=… -f deploy/sql/service-roles.sql
-- Roles are cluster-wide, so their names carry a prefix: several audit databases (stacks, test
-- databases) on one PostgreSQL each have their own. <prefix>_owner owns the database and every
-- schema (Flyway migrates as it); each service logs in as its own role, with the grants its
-- schema's migration gives (grant_service_roles). No service role owns anything.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN', r)
FROM unnest(ARRAY[:'prefix' || '_owner', :'prefix' || '_normalizer', :'prefix' || '_inference',
                  :'prefix' || '_ai', :'prefix' || '_query']) AS r
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec

-- Every role: no superuser, no role or database creation, no replication, no RLS bypass; a password
-- when one is given (an empty one leaves it unchanged: trust or certificate authentication).
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT%s', r,
              CASE WHEN p <> '' THEN format(' PASSWORD %L', p) ELSE '' END)
FROM (VALUES (:'prefix' || '_owner', :'owner_password'), (:'prefix' || '_normalizer', :'normalizer_password'),
             (:'prefix' || '_inference', :'inference_password'), (:'prefix' || '_ai', :'ai_password'),
             (:'prefix' || '_query', :'query_password')) AS roles (r, p) \gexec

-- The owner owns the database (trusted extensions such as pg_trgm, schema creation), and the
-- migrations find the prefix of the service roles here.
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'prefix' || '_owner') \gexec
SELECT format('ALTER DATABASE %I SET audit.role_prefix = %L', current_database(), :'prefix') \gexec

-- Schemas made before there was an owner role (an installation upgraded to least privilege, or
-- migrated as the superuser) pass to the owner with all they hold.
SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, :'prefix' || '_owner')
FROM pg_namespace n
WHERE n.nspname IN ('changes', 'business', 'insights', 'api')
  AND n.nspowner <> (SELECT oid FROM pg_roles WHERE rolname = :'prefix' || '_owner') \gexec
SELECT format('ALTER %s %I.%I OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
              n.nspname, c.relname, :'prefix' || '_owner')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('changes', 'business', 'insights', 'api') AND c.relkind IN ('r', 'p', 'S', 'v')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = :'prefix' || '_owner')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND c.relkind = 'S') \gexec
SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, :'prefix' || '_owner')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname IN ('changes', 'business', 'insights', 'api')
  AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = :'prefix' || '_owner') \gexec

-- The grants of every schema already migrated (a schema migrated later grants in its V40).
SELECT format('SELECT %I.grant_service_roles(%L)', n.nspname, :'prefix')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname = 'grant_service_roles' AND n.nspname IN ('changes', 'business', 'insights', 'api') \gexec

-- Grafana's read-only role (deploy/grafana/grafana-reader.sql), where there is one, reads the tables
-- the owner makes from now on too (its default privileges were those of the role that made it).
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT ON TABLES TO grafana_reader', :'prefix' || '_owner', n.nspname)
FROM pg_namespace n
WHERE n.nspname IN ('business', 'insights') AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'grafana_reader') \gexec
