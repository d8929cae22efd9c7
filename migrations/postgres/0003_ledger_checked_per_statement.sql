-- CountIQ PostgreSQL schema version 3: an event's operation is checked
-- once per statement instead of once per row.
--
-- The foreign key events (owner_id, op_id) -> operations ran one lookup
-- and row lock per event: an import of 200,000 items spent 0.75 s of
-- 1.7 s writing its events in those checks, and 1,000,000 items five
-- times as much. The same rule is kept by triggers that see a whole
-- statement's rows at once (transition tables):
--
-- - events written or re-pointed: every (owner_id, op_id) among them must
--   name an operation, which is locked FOR KEY SHARE until COMMIT, as the
--   foreign key's check locked it, so that no one can remove it meanwhile;
-- - operations removed or re-keyed: none may leave an event without its
--   operation; TRUNCATE of operations is refused while events exist.
--
-- A violation is SQLSTATE 23503 (foreign_key_violation) naming the
-- constraint the foreign key had, events_owner_id_op_id_fkey, at the end
-- of the statement, as the foreign key reported it. The checks run as the
-- role writing (not SECURITY DEFINER): under row-level security an event
-- and its operation have the same owner, so the role sees both or neither.
--
-- Binaries of version 2 write events the same way and are checked the
-- same: this version is compatible from version 2.

ALTER TABLE {schema}.events DROP CONSTRAINT events_owner_id_op_id_fkey;

CREATE FUNCTION {schema}.events_name_operations() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    wanted bigint;
    locked bigint;
BEGIN
    SELECT count(*) INTO wanted
    FROM (SELECT DISTINCT owner_id, op_id FROM written_events) AS e;
    SELECT count(*) INTO locked
    FROM (SELECT 1 FROM {schema}.operations o
          WHERE (o.owner_id, o.id) IN (SELECT owner_id, op_id FROM written_events)
          FOR KEY SHARE OF o) AS l;
    IF locked <> wanted THEN
        RAISE EXCEPTION 'an event names no operation'
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'events_owner_id_op_id_fkey',
                  TABLE = 'events', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_name_operations_on_insert
    AFTER INSERT ON {schema}.events
    REFERENCING NEW TABLE AS written_events
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.events_name_operations();

CREATE TRIGGER events_name_operations_on_update
    AFTER UPDATE ON {schema}.events
    REFERENCING NEW TABLE AS written_events
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.events_name_operations();

CREATE FUNCTION {schema}.operations_keep_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (SELECT DISTINCT owner_id, id FROM gone_operations) AS g
        WHERE EXISTS (SELECT 1 FROM {schema}.events e
                      WHERE e.owner_id = g.owner_id AND e.op_id = g.id)
        AND NOT EXISTS (SELECT 1 FROM {schema}.operations o
                        WHERE o.owner_id = g.owner_id AND o.id = g.id)
    ) THEN
        RAISE EXCEPTION 'an operation that events name cannot be removed'
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'events_owner_id_op_id_fkey',
                  TABLE = 'operations', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER operations_keep_events_on_delete
    AFTER DELETE ON {schema}.operations
    REFERENCING OLD TABLE AS gone_operations
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.operations_keep_events();

CREATE TRIGGER operations_keep_events_on_update
    AFTER UPDATE ON {schema}.operations
    REFERENCING OLD TABLE AS gone_operations
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.operations_keep_events();

CREATE FUNCTION {schema}.operations_truncate_keeps_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {schema}.events) THEN
        RAISE EXCEPTION 'operations cannot be truncated while events name them'
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'events_owner_id_op_id_fkey',
                  TABLE = 'operations', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER operations_truncate_keeps_events
    BEFORE TRUNCATE ON {schema}.operations
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.operations_truncate_keeps_events();
