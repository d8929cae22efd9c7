-- CountIQ schema version 6: items created together are recorded together.
--
-- An import created each item with an event of its own: a row of
-- `events` and an entry in `events_by_item` per item, which cost more
-- than writing the item. Now the items an operation creates one after
-- another (ids first_id..=last_id, events first_seq.. of op_id, one time,
-- one kind) are one row here, their states as created packed into one
-- JSON text: an array with one array per item,
-- [name, quantity, created_at, unit, min, location, tags, code, note],
-- trailing nulls and empty tags left out. CountIQ reads each row back as
-- the events it stands for, so history, undo and replay are unchanged.
-- A single created item is still an ordinary event; events written
-- before this version stay as they are.
--
-- An item's first event is found by the range of ids that holds it:
-- the run with the least last_id at or above the item's id.

CREATE TABLE created_runs (
    op_id     INTEGER NOT NULL REFERENCES operations (id),
    first_seq INTEGER NOT NULL CHECK (first_seq >= 1),
    first_id  INTEGER NOT NULL,
    last_id   INTEGER NOT NULL CHECK (last_id > first_id),
    at        INTEGER NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind <> ''),
    states    TEXT    NOT NULL,
    UNIQUE (op_id, first_seq)
) STRICT;

CREATE INDEX created_runs_by_item ON created_runs (last_id);
