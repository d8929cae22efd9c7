-- CountIQ PostgreSQL schema version 4 (SQLite version 6): items created
-- together are recorded together.
--
-- An import wrote an event per item: a row of `events` with its primary
-- key and `events_by_item` entries, which cost about as much as the item.
-- Now the items an operation creates one after another (ids
-- first_id..=last_id, events first_seq.. of op_id, one time, one kind)
-- are one row here, their states as created packed into one JSON text:
-- an array with one array per item,
-- [name, quantity, created_at, unit, min, location, tags, code, note],
-- trailing nulls and empty tags left out. CountIQ reads each row back as
-- the events it stands for, so history, undo and replay are unchanged. A
-- single created item is still an ordinary event.
--
-- A run names its operation as an event does, and the same triggers keep
-- the rule (version 3): a run must name an operation of its owner, and an
-- operation that events or runs name cannot be removed, re-keyed or
-- truncated away. A violation is SQLSTATE 23503 naming
-- events_owner_id_op_id_fkey, as for an event.
--
-- Binaries of version 3 would not see the items created here in their
-- history or replay: this version is compatible from itself only.

CREATE TABLE {schema}.created_runs (
    owner_id  bigint NOT NULL,
    op_id     bigint NOT NULL,
    first_seq bigint NOT NULL CHECK (first_seq >= 1),
    first_id  bigint NOT NULL,
    last_id   bigint NOT NULL CHECK (last_id > first_id),
    at        bigint NOT NULL,
    kind      text   NOT NULL CHECK (kind <> ''),
    states    text   NOT NULL,
    PRIMARY KEY (owner_id, op_id, first_seq)
);

-- An item's first event is in the run with the least last_id at or above
-- the item's id.
CREATE INDEX created_runs_by_item ON {schema}.created_runs (owner_id, last_id);

CREATE TRIGGER created_runs_name_operations_on_insert
    AFTER INSERT ON {schema}.created_runs
    REFERENCING NEW TABLE AS written_events
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.events_name_operations();

CREATE TRIGGER created_runs_name_operations_on_update
    AFTER UPDATE ON {schema}.created_runs
    REFERENCING NEW TABLE AS written_events
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.events_name_operations();

CREATE OR REPLACE FUNCTION {schema}.operations_keep_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (SELECT DISTINCT owner_id, id FROM gone_operations) AS g
        WHERE (EXISTS (SELECT 1 FROM {schema}.events e
                       WHERE e.owner_id = g.owner_id AND e.op_id = g.id)
               OR EXISTS (SELECT 1 FROM {schema}.created_runs r
                          WHERE r.owner_id = g.owner_id AND r.op_id = g.id))
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

CREATE OR REPLACE FUNCTION {schema}.operations_truncate_keeps_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {schema}.events)
       OR EXISTS (SELECT 1 FROM {schema}.created_runs) THEN
        RAISE EXCEPTION 'operations cannot be truncated while events name them'
            USING ERRCODE = 'foreign_key_violation',
                  CONSTRAINT = 'events_owner_id_op_id_fkey',
                  TABLE = 'operations', SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NULL;
END
$$;
