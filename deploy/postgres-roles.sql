-- The two PostgreSQL roles (docs/adr/0013, README "Audit trail"): run as a superuser once.
--
-- reviews_owner   owns the database's tables and the audit triggers; runs `manage.py migrate`
--                 (and `manage.py grant_service_role reviews_service` after each migrate).
-- reviews_service the running service: reads and writes rows, nothing else. It cannot ALTER,
--                 DISABLE or DROP a trigger or TRUNCATE a table, since only a table's owner
--                 (or a superuser) may, so the audit tables' triggers hold against it.
--
-- psql -v owner_password=... -v service_password=... -f deploy/postgres-roles.sql

CREATE ROLE reviews_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE reviews_service LOGIN PASSWORD :'service_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE reviews OWNER reviews_owner;
\connect reviews
ALTER SCHEMA public OWNER TO reviews_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Then, as reviews_owner, after every `manage.py migrate` (the same statements as
-- `manage.py grant_service_role reviews_service`):
--
-- GRANT USAGE ON SCHEMA public TO reviews_service;
-- GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO reviews_service;
-- GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO reviews_service;
-- ALTER DEFAULT PRIVILEGES IN SCHEMA public
--     GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO reviews_service;
-- ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO reviews_service;
