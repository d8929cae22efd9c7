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
    PRIMARY KEY (owner_id, op_id, first_seq),
    FOREIGN KEY (owner_id, op_id) REFERENCES {schema}.operations (owner_id, id)
);

-- An item's first event is in the run with the least last_id at or above
-- the item's id.
CREATE INDEX created_runs_by_item ON {schema}.created_runs (owner_id, last_id);
