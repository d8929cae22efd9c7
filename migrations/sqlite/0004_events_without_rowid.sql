-- CountIQ schema version 4: events stored in the order of their key.
--
-- An event is found by its operation and position, (op_id, seq). As an
-- ordinary table each event was written twice: once under a hidden rowid,
-- and again in the index that enforced the primary key. WITHOUT ROWID makes
-- (op_id, seq) the table's own order, so each event is one row in one
-- b-tree (plus events_by_item): a smaller file and half the b-tree writes
-- when an import appends an event per item. Columns and rules are unchanged;
-- "kind is not empty" is written kind <> '' rather than length(kind) >= 1,
-- which made SQLite copy each kind to measure it.

CREATE TABLE events_v4 (
    op_id       INTEGER NOT NULL REFERENCES operations (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    at          INTEGER NOT NULL,
    -- No foreign key: a removed item's events outlive it.
    item_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind <> ''),
    name_before TEXT,
    name_after  TEXT,
    key_before  TEXT,
    key_after   TEXT,
    qty_before  INTEGER CHECK (qty_before BETWEEN 0 AND 9007199254740991),
    qty_after   INTEGER CHECK (qty_after BETWEEN 0 AND 9007199254740991),
    unit_before TEXT,
    unit_after  TEXT,
    min_before  INTEGER,
    min_after   INTEGER,
    -- The item's creation time, so replaying or undoing restores it exactly.
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (op_id, seq),
    -- An event either creates (no before), removes (no after) or changes an item.
    CHECK (name_before IS NOT NULL OR name_after IS NOT NULL),
    CHECK ((name_before IS NULL) = (key_before IS NULL) AND (name_before IS NULL) = (qty_before IS NULL)),
    CHECK ((name_after IS NULL) = (key_after IS NULL) AND (name_after IS NULL) = (qty_after IS NULL))
) STRICT, WITHOUT ROWID;

INSERT INTO events_v4 (op_id, seq, at, item_id, kind, name_before, name_after,
                       key_before, key_after, qty_before, qty_after, unit_before,
                       unit_after, min_before, min_after, created_at)
SELECT op_id, seq, at, item_id, kind, name_before, name_after,
       key_before, key_after, qty_before, qty_after, unit_before,
       unit_after, min_before, min_after, created_at
FROM events
ORDER BY op_id, seq;

DROP TABLE events;
ALTER TABLE events_v4 RENAME TO events;
CREATE INDEX events_by_item ON events (item_id);
