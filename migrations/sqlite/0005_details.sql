-- CountIQ schema version 5: where an item is, its tags, its code and a note.
--
-- Each is a column of the item, and each event keeps it before and after
-- the change, so that moves, tag changes and code and note edits are undone,
-- shown in history and replayed like every other change.
--
-- - location: segments joined by '/', each normalised like a name; compared
--   by its lowercased form, which the domain computes.
-- - tags: the tags joined by ',' (a tag has no comma), sorted by key; ''
--   for none.
-- - code: a barcode or SKU, printable ASCII without spaces, unique per owner
--   exactly as names are (the domain checks it first; this index is the
--   final authority).
-- - note: free text up to 1,000 characters.

--
-- Each CHECK tests for NULL first: most items have none of these, and the
-- test is then one comparison, not a function call per column per row.

ALTER TABLE items ADD COLUMN location TEXT CHECK (location IS NULL OR location <> '');
ALTER TABLE items ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN code TEXT
    CHECK (code IS NULL OR (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^!-~]*'));
ALTER TABLE items ADD COLUMN note TEXT
    CHECK (note IS NULL OR length(note) BETWEEN 1 AND 1000);

CREATE UNIQUE INDEX items_owner_code ON items (owner_id, code) WHERE code IS NOT NULL;

ALTER TABLE events ADD COLUMN location_before TEXT;
ALTER TABLE events ADD COLUMN location_after TEXT;
ALTER TABLE events ADD COLUMN tags_before TEXT;
ALTER TABLE events ADD COLUMN tags_after TEXT;
ALTER TABLE events ADD COLUMN code_before TEXT;
ALTER TABLE events ADD COLUMN code_after TEXT;
ALTER TABLE events ADD COLUMN note_before TEXT;
ALTER TABLE events ADD COLUMN note_after TEXT;
