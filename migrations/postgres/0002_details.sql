-- CountIQ PostgreSQL schema version 2 (SQLite version 5): where an item
-- is, its tags, its code and a note, each kept before and after in every
-- event so that moves, tag changes and code and note edits are undone,
-- shown in history and replayed like every other change.
--
-- Binaries of version 1 would write events without these columns, and a
-- replay would lose them: this version is compatible from itself only.

ALTER TABLE {schema}.items
    -- Segments joined by '/', each normalised like a name.
    ADD COLUMN location text CHECK (location <> ''),
    -- The tags joined by ',' (a tag has no comma), sorted by key; '' for none.
    ADD COLUMN tags     text NOT NULL DEFAULT '',
    -- A barcode or SKU: printable ASCII without spaces, compared exactly.
    ADD COLUMN code     text CHECK (char_length(code) BETWEEN 1 AND 64 AND code ~ '^[!-~]+$'),
    ADD COLUMN note     text CHECK (char_length(note) BETWEEN 1 AND 1000),
    -- A code is unique per owner, as a name is.
    ADD CONSTRAINT items_owner_code_unique UNIQUE (owner_id, code);

ALTER TABLE {schema}.events
    ADD COLUMN location_before text,
    ADD COLUMN location_after  text,
    ADD COLUMN tags_before     text,
    ADD COLUMN tags_after      text,
    ADD COLUMN code_before     text,
    ADD COLUMN code_after      text,
    ADD COLUMN note_before     text,
    ADD COLUMN note_after      text;
