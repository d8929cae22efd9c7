-- CountIQ schema version 3: idempotency keys.
--
-- A mutation run with --idempotency-key records its key here, in the same
-- transaction as its change, with the result it printed. A retry with the
-- same key and owner prints that result again instead of applying twice.
-- Only successful runs are recorded, so the retry of a failed run runs again.

CREATE TABLE idempotency_keys (
    owner_id    INTEGER NOT NULL REFERENCES owners (id),
    key         TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 256),
    -- The command line the key was first used with; another one is a conflict.
    fingerprint TEXT    NOT NULL,
    -- The command's result as JSON, to print again on a retry.
    result      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (owner_id, key)
) STRICT;
