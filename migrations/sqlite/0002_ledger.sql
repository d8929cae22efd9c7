-- CountIQ schema version 2: units, reorder levels, and the ledger.
--
-- Every successful change is one row in `operations` with one row in
-- `events` per item it changed, written in the same transaction as the
-- change. Events carry each item's whole state before and after, so the
-- ledger alone rebuilds the items table, and any operation can be undone.

ALTER TABLE items ADD COLUMN unit TEXT
    CHECK (unit IS NULL OR length(unit) BETWEEN 1 AND 32);
ALTER TABLE items ADD COLUMN min_quantity INTEGER
    CHECK (min_quantity IS NULL OR min_quantity BETWEEN 0 AND 9007199254740991);

CREATE TABLE operations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES owners (id),
    -- add, remove, rename, edit, adjust, set, count, undo, baseline, ...
    command    TEXT    NOT NULL CHECK (length(command) >= 1),
    reason     TEXT,
    -- Milliseconds since the Unix epoch, UTC.
    at         INTEGER NOT NULL,
    -- The OS user who ran the command.
    actor      TEXT    NOT NULL,
    -- For an undo: the operation it reverted. UNIQUE: nothing is undone twice.
    undoes     INTEGER UNIQUE REFERENCES operations (id)
) STRICT;

CREATE INDEX operations_by_owner ON operations (owner_id, id);

CREATE TABLE events (
    op_id       INTEGER NOT NULL REFERENCES operations (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    at          INTEGER NOT NULL,
    -- No foreign key: a removed item's events outlive it.
    item_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (length(kind) >= 1),
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
) STRICT;

CREATE INDEX events_by_item ON events (item_id);

-- Items that existed before the ledger get one 'baseline' operation per
-- owner, so that the ledger still rebuilds the whole items table.
INSERT INTO operations (owner_id, command, reason, at, actor)
SELECT owner_id, 'baseline', 'items that existed before the ledger', max(updated_at), 'countiq'
FROM items
GROUP BY owner_id;

INSERT INTO events (op_id, seq, at, item_id, kind, name_after, key_after, qty_after, created_at)
SELECT o.id,
       row_number() OVER (PARTITION BY i.owner_id ORDER BY i.id),
       i.updated_at, i.id, 'baseline', i.name, i.name_key, i.quantity, i.created_at
FROM items i
JOIN operations o ON o.owner_id = i.owner_id AND o.command = 'baseline';
