-- Enforced owners: an owner is a database role, and the database decides
-- who may act for it. Applied by `countiq admin enforce-owners` (and again
-- by `admin migrate` once enforced), as the owner of CountIQ's schema.
--
-- {schema} is CountIQ's schema and {users} the group role of its users,
-- both quoted as identifiers by the binary.
--
-- A role may act for the owner named exactly like a role it is a member of
-- (itself, or a group it was granted). Membership is looked up by the role's
-- oid through pg_roles, so an owner whose role was dropped is simply
-- unreachable, never an error. Policies read the login role
-- (current_user), never a session setting, which any session could change.

GRANT USAGE ON SCHEMA {schema} TO {users};
GRANT SELECT ON {schema}.schema_versions TO {users};
GRANT SELECT, INSERT, UPDATE, DELETE
    ON {schema}.owners, {schema}.items, {schema}.operations, {schema}.events,
       {schema}.created_runs, {schema}.idempotency_keys
    TO {users};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {users};

ALTER TABLE {schema}.schema_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.schema_versions FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_read ON {schema}.schema_versions;
CREATE POLICY countiq_read ON {schema}.schema_versions FOR SELECT USING (true);
-- Only the schema's owner holds INSERT on it: its migrations.
DROP POLICY IF EXISTS countiq_migrate ON {schema}.schema_versions;
CREATE POLICY countiq_migrate ON {schema}.schema_versions FOR INSERT WITH CHECK (true);

ALTER TABLE {schema}.owners ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.owners FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_owner ON {schema}.owners;
CREATE POLICY countiq_owner ON {schema}.owners
    USING (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                   WHERE r.rolname = name
                   AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')))
    WITH CHECK (EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                        WHERE r.rolname = name
                        AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')));

-- Every other table: rows of the owners the role can see (the subquery is
-- itself under the owners policy).
ALTER TABLE {schema}.items ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.items FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_owner ON {schema}.items;
CREATE POLICY countiq_owner ON {schema}.items
    USING (owner_id IN (SELECT o.owner_id FROM {schema}.owners o))
    WITH CHECK (owner_id IN (SELECT o.owner_id FROM {schema}.owners o));

ALTER TABLE {schema}.operations ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.operations FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_owner ON {schema}.operations;
CREATE POLICY countiq_owner ON {schema}.operations
    USING (owner_id IN (SELECT o.owner_id FROM {schema}.owners o))
    WITH CHECK (owner_id IN (SELECT o.owner_id FROM {schema}.owners o));

ALTER TABLE {schema}.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.events FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_owner ON {schema}.events;
CREATE POLICY countiq_owner ON {schema}.events
    USING (owner_id IN (SELECT o.owner_id FROM {schema}.owners o))
    WITH CHECK (owner_id IN (SELECT o.owner_id FROM {schema}.owners o));

ALTER TABLE {schema}.created_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.created_runs FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_owner ON {schema}.created_runs;
CREATE POLICY countiq_owner ON {schema}.created_runs
    USING (owner_id IN (SELECT o.owner_id FROM {schema}.owners o))
    WITH CHECK (owner_id IN (SELECT o.owner_id FROM {schema}.owners o));

ALTER TABLE {schema}.idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE {schema}.idempotency_keys FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS countiq_owner ON {schema}.idempotency_keys;
CREATE POLICY countiq_owner ON {schema}.idempotency_keys
    USING (owner_id IN (SELECT o.owner_id FROM {schema}.owners o))
    WITH CHECK (owner_id IN (SELECT o.owner_id FROM {schema}.owners o));
