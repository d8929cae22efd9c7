-- CountIQ schema version 1: owners and their items.
--
-- The schema backs the domain: every rule the domain checks that SQL can
-- express is also enforced here, so a buggy or racing writer still cannot
-- break an invariant.

CREATE TABLE owners (
    -- AUTOINCREMENT: ids are never reused, even after deletes.
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    name_key   TEXT    NOT NULL UNIQUE CHECK (length(name_key) >= 1)
) STRICT;

CREATE TABLE items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES owners (id),
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    name_key   TEXT    NOT NULL CHECK (length(name_key) >= 1),
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 0 AND 9007199254740991),
    -- Milliseconds since the Unix epoch, UTC.
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The founding invariant: a name is unique per owner, not globally.
    UNIQUE (owner_id, name_key)
) STRICT;
