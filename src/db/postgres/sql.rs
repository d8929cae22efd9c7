//! The SQL the PostgreSQL backend runs, as fixed templates.
//!
//! `{schema}` stands for CountIQ's schema, quoted as an identifier by
//! [`super::schema::SchemaName`]; it is the only text ever put into a
//! statement, and it is checked when the command line is read. Every value
//! from a user is a bound parameter.

use postgres::Row;
use postgres::types::Type;

use crate::db::runs::StoredRun;
use crate::db::{
    EventRecord, ItemRecord, KeyRecord, OperationRecord, OwnerRecord, Record, StoredKey,
};
use crate::domain::{
    Code, Error, Event, EventKind, Item, Location, Note, OwnerItems, Quantity, SortKey, Tags,
    Timestamp, Unit,
};

/// A statement and the types of its parameters: sent unnamed, in one round
/// trip with its parameters (no statement outlives its use, so a pooler in
/// transaction mode can hand the next transaction another connection).
#[derive(Debug, Clone, Copy)]
pub struct Sql {
    /// The text, with `{schema}` for the schema's quoted name.
    pub text: &'static str,
    /// The type of each parameter, `$1` first.
    pub types: &'static [Type],
}

/// The columns every item query selects, in [`item`]'s order.
macro_rules! item_select {
    () => {
        "SELECT i.id, o.name, i.name, i.quantity, i.created_at, i.updated_at, \
         i.unit, i.min_quantity, i.location, i.tags, i.code, i.note \
         FROM {schema}.items i JOIN {schema}.owners o ON o.owner_id = i.owner_id "
    };
}

/// One `list` query per order: fixed text chosen by a match.
macro_rules! list_sql {
    ($order:literal) => {
        concat!(
            item_select!(),
            "WHERE i.owner_id = $1 AND ($2::text IS NULL OR strpos(i.name_key, $2::text) > 0) ",
            "AND (NOT $4::boolean OR i.quantity < i.min_quantity) ",
            "AND ($5::bigint IS NULL OR i.quantity >= $5::bigint) ",
            "AND ($6::bigint IS NULL OR i.quantity <= $6::bigint) ",
            "AND ($7::bigint IS NULL OR i.updated_at >= $7::bigint) ",
            "ORDER BY ",
            $order,
            " LIMIT $3::bigint"
        )
    };
}

/// The fixed text of `$query` (a macro taking an ORDER BY list) for an
/// order: the one list of orders every list query has. Name keys compare
/// byte-wise (`COLLATE "C"`), as SQLite compares them, so both backends
/// list in one order.
macro_rules! in_order {
    ($query:ident, $sort:expr, $reverse:expr) => {
        match ($sort, $reverse) {
            (SortKey::Name, false) => $query!("i.name_key COLLATE \"C\", i.id"),
            (SortKey::Name, true) => $query!("i.name_key COLLATE \"C\" DESC, i.id DESC"),
            (SortKey::Quantity, false) => $query!("i.quantity, i.name_key COLLATE \"C\", i.id"),
            (SortKey::Quantity, true) => {
                $query!("i.quantity DESC, i.name_key COLLATE \"C\" DESC, i.id DESC")
            }
            (SortKey::Created, false) => $query!("i.created_at, i.id"),
            (SortKey::Created, true) => $query!("i.created_at DESC, i.id DESC"),
            (SortKey::Updated, false) => $query!("i.updated_at, i.name_key COLLATE \"C\", i.id"),
            (SortKey::Updated, true) => {
                $query!("i.updated_at DESC, i.name_key COLLATE \"C\" DESC, i.id DESC")
            }
        }
    };
}

/// The `list` query for an order: the same orders as SQLite's.
pub fn list(sort: SortKey, reverse: bool) -> Sql {
    const TYPES: &[Type] = &[
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::BOOL,
        Type::INT8,
        Type::INT8,
        Type::INT8,
    ];
    Sql {
        text: in_order!(list_sql, sort, reverse),
        types: TYPES,
    }
}

/// Makes the owner whose items [`list_copy`] lists `$1` (its id, as text)
/// until the transaction ends: `COPY` takes no parameters, so its query
/// reads the id from this setting.
pub const SET_LIST_OWNER: Sql = Sql {
    text: "SELECT set_config('countiq.list_owner', $1, true)",
    types: &[Type::TEXT],
};

/// One `COPY` of a whole list per order: the columns [`super::copy_out`]
/// reads, of the owner [`SET_LIST_OWNER`] set (read once, as an `InitPlan`).
/// The owner's name is known already, so it is not joined in.
macro_rules! list_copy_sql {
    ($order:literal) => {
        concat!(
            "COPY (SELECT i.id, i.name, i.quantity, i.created_at, i.updated_at, i.unit, \
             i.min_quantity, i.location, i.tags, i.code, i.note FROM {schema}.items i \
             WHERE i.owner_id = (SELECT current_setting('countiq.list_owner')::bigint) \
             ORDER BY ",
            $order,
            ") TO STDOUT (FORMAT binary)"
        )
    };
}

/// The `COPY` of a whole list in an order: the same orders as [`list`].
pub fn list_copy(sort: SortKey, reverse: bool) -> &'static str {
    in_order!(list_copy_sql, sort, reverse)
}

/// The display names of an owner's items whose name key begins with `$2`,
/// in name-key order (byte-wise, as SQLite orders them).
pub const ITEM_NAMES: Sql = Sql {
    text: "SELECT i.name FROM {schema}.items i \
           WHERE i.owner_id = $1 AND starts_with(i.name_key, $2) \
           ORDER BY i.name_key COLLATE \"C\"",
    types: &[Type::INT8, Type::TEXT],
};

/// Every owner's items: by owner name key, then name key, then id.
pub const ALL_ITEMS: Sql = Sql {
    text: concat!(
        item_select!(),
        "ORDER BY o.name_key COLLATE \"C\", i.name_key COLLATE \"C\", i.id"
    ),
    types: &[],
};

/// Every owner the role may see, with how many items it holds, by name
/// key. Under enforced owners both tables' policies apply: a role counts
/// only the owners it may act for.
pub const OWNERS: Sql = Sql {
    text: "SELECT o.name, (SELECT count(*) FROM {schema}.items i WHERE i.owner_id = o.owner_id) \
     FROM {schema}.owners o ORDER BY o.name_key COLLATE \"C\", o.owner_id",
    types: &[],
};

/// An owner and its item count from a row of [`OWNERS`].
pub fn owner_items(row: &Row) -> Result<OwnerItems, Error> {
    let items: i64 = row.try_get(1)?;
    Ok(OwnerItems {
        owner: row.try_get(0)?,
        items: items as u64,
    })
}

/// The item of an owner with a name key.
pub const FIND_ITEM: Sql = Sql {
    text: concat!(item_select!(), "WHERE i.owner_id = $1 AND i.name_key = $2"),
    types: &[Type::INT8, Type::TEXT],
};

/// The item of an owner with a code.
pub const ITEM_BY_CODE: Sql = Sql {
    text: concat!(item_select!(), "WHERE i.owner_id = $1 AND i.code = $2"),
    types: &[Type::INT8, Type::TEXT],
};

/// The item of an owner with an id.
pub const ITEM_BY_ID: Sql = Sql {
    text: concat!(item_select!(), "WHERE i.owner_id = $1 AND i.id = $2"),
    types: &[Type::INT8, Type::INT8],
};

/// Bounds this transaction's waits for row and table locks: `$1`
/// milliseconds, as text (`SET LOCAL lock_timeout`, with a bound value).
pub const LOCK_TIMEOUT: Sql = Sql {
    text: "SELECT pg_catalog.set_config('lock_timeout', $1, true)",
    types: &[Type::TEXT],
};

/// Waits in the server's queue for the writers' lock, shared.
pub const WAIT_WRITERS_SHARED: Sql = Sql {
    text: "SELECT pg_advisory_xact_lock_shared($1)",
    types: &[Type::INT8],
};

/// Waits in the server's queue for an owner's lock, or for the writers'
/// lock exclusively.
pub const WAIT_EXCLUSIVE: Sql = Sql {
    text: "SELECT pg_advisory_xact_lock($1)",
    types: &[Type::INT8],
};

/// One try for the writers' lock, exclusively: true when it was taken.
pub const TRY_EVERY_OWNER: Sql = Sql {
    text: "SELECT pg_try_advisory_xact_lock($1)",
    types: &[Type::INT8],
};

/// One try for the writers' lock, shared, then an owner's lock: true when
/// both were taken. CASE decides the order of evaluation.
pub const TRY_OWNER: Sql = Sql {
    text: "SELECT CASE WHEN pg_try_advisory_xact_lock_shared($1) \
           THEN pg_try_advisory_xact_lock($2) ELSE false END",
    types: &[Type::INT8, Type::INT8],
};

/// Whether the login role is a member of the role named `$1` (itself
/// included): in enforced mode, whether it may act for that owner.
pub const ACTS_FOR: Sql = Sql {
    text: "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r \
           WHERE r.rolname = $1 AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER'))",
    types: &[Type::TEXT],
};

/// An owner by name key.
pub const OWNER: Sql = Sql {
    text: "SELECT owner_id, name FROM {schema}.owners WHERE name_key = $1",
    types: &[Type::TEXT],
};

/// Creates an owner.
pub const INSERT_OWNER: Sql = Sql {
    text: "INSERT INTO {schema}.owners (name, name_key) VALUES ($1, $2) RETURNING owner_id",
    types: &[Type::TEXT, Type::TEXT],
};

/// Creates an item unless its name is taken: no row back means taken, and
/// the transaction stays usable to say by whom.
pub const INSERT_ITEM: Sql = Sql {
    text: "INSERT INTO {schema}.items \
     (owner_id, name, name_key, quantity, created_at, updated_at, unit, min_quantity, \
      location, tags, code, note) \
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT ON CONSTRAINT items_owner_name_key_unique DO NOTHING RETURNING id",
    types: &[
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ],
};

/// How many of the keys `$2` and codes `$3` owner `$1`'s items hold: the
/// expression [`TAKEN_OF`] and [`TAKEN_OF_AND_IDS`] select.
macro_rules! taken_of {
    () => {
        "CASE WHEN EXISTS (SELECT 1 FROM {schema}.items i \
           WHERE i.owner_id = $1 \
           AND i.name_key BETWEEN (SELECT min(k) FROM unnest($2::text[]) AS k) \
                              AND (SELECT max(k) FROM unnest($2::text[]) AS k)) \
       THEN (SELECT count(*) FROM unnest($2::text[]) AS k(key), \
         LATERAL (SELECT 1 FROM {schema}.items i \
           WHERE i.owner_id = $1 AND i.name_key = k.key LIMIT 1) AS taken) \
       ELSE 0 END \
     + (SELECT count(*) FROM unnest($3::text[]) AS c(code), \
         LATERAL (SELECT 1 FROM {schema}.items i \
           WHERE i.owner_id = $1 AND i.code = c.code LIMIT 1) AS taken)"
    };
}

/// How many of a batch's names and codes are taken already: one probe of
/// the owner's unique index per name and per code. Each probe is its own
/// LIMIT 1 subquery, so the planner cannot turn the batch into a scan of
/// the owner's items filtered by the array (it did with `name_key =
/// ANY(..)`, during an import whose table had no statistics yet: 168 ms a
/// batch of 4,096 once 1,000,000 items were stored, 8 ms this way).
///
/// The names are probed one by one only when the owner has a stored name
/// between the batch's least and greatest (in the column's own order, the
/// unique index's): a name equal to a stored one lies in that range, so
/// when it holds none, none is taken. Sorted input, as `export` writes it,
/// costs one range probe a batch.
pub const TAKEN_OF: Sql = Sql {
    text: concat!("SELECT ", taken_of!()),
    types: &[Type::INT8, Type::TEXT_ARRAY, Type::TEXT_ARRAY],
};

/// [`TAKEN_OF`] and, in the same round trip, ids for `$5` new items from
/// the items' sequence (`$4`, the table), as one array in order (the
/// sequence is looked up once, not once per id: MATERIALIZED keeps the
/// planner from folding it back in, where it cost 4 µs an id): what a
/// batch streamed with `COPY` needs before it is written. The ids are
/// taken even when a name is: a sequence has gaps anyway, and never
/// gives an id twice.
pub const TAKEN_OF_AND_IDS: Sql = Sql {
    text: concat!(
        "WITH seq AS MATERIALIZED (SELECT pg_get_serial_sequence($4, 'id')::regclass AS s) \
     SELECT ",
        taken_of!(),
        ", \
     (SELECT array_agg(nextval(seq.s) ORDER BY g) FROM seq, generate_series(1, $5::integer) AS g)"
    ),
    types: &[
        Type::INT8,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT,
        Type::INT4,
    ],
};

/// Streams items whose ids are already taken straight into the table.
pub const COPY_ITEMS: &str = "COPY {schema}.items \
     (id, owner_id, name, name_key, quantity, created_at, updated_at, unit, min_quantity, \
      location, tags, code, note) \
     FROM STDIN (FORMAT binary)";

/// Appends events, many at once, with bound arrays: row-level security
/// refuses `COPY FROM`, so an enforced schema takes them this way.
pub const INSERT_EVENTS: Sql = Sql {
    text: "INSERT INTO {schema}.events \
     (owner_id, op_id, seq, at, item_id, kind, name_before, name_after, key_before, key_after, \
      qty_before, qty_after, unit_before, unit_after, min_before, min_after, created_at, \
      location_before, location_after, tags_before, tags_after, code_before, code_after, \
      note_before, note_after) \
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], \
       $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], \
       $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::bigint[], $16::bigint[], \
       $17::bigint[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], \
       $23::text[], $24::text[], $25::text[])",
    types: &[
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
    ],
};

/// Streams events into the ledger.
pub const COPY_EVENTS: &str = "COPY {schema}.events \
     (owner_id, op_id, seq, at, item_id, kind, name_before, name_after, key_before, key_after, \
      qty_before, qty_after, unit_before, unit_after, min_before, min_after, created_at, \
      location_before, location_after, tags_before, tags_after, code_before, code_after, \
      note_before, note_after) \
     FROM STDIN (FORMAT binary)";

/// Creates many items of one owner with one statement, returning their ids
/// in the order given.
pub const INSERT_ITEMS: Sql = Sql {
    text: "INSERT INTO {schema}.items \
     (owner_id, name, name_key, quantity, created_at, updated_at, unit, min_quantity, \
      location, tags, code, note) \
     SELECT $1, u.name, u.name_key, u.quantity, u.at, u.at, u.unit, u.min, \
       u.location, u.tags, u.code, u.note \
     FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], \
       $8::text[], $9::text[], $10::text[], $11::text[]) \
       WITH ORDINALITY AS u(name, name_key, quantity, at, unit, min, location, tags, code, note, \
         ord) \
     ORDER BY u.ord RETURNING id",
    types: &[
        Type::INT8,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::INT8_ARRAY,
        Type::INT8_ARRAY,
        Type::TEXT_ARRAY,
        Type::INT8_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
        Type::TEXT_ARRAY,
    ],
};

/// Puts a removed item back with its id and creation time.
pub const RESTORE_ITEM: Sql = Sql {
    text: "INSERT INTO {schema}.items \
     (id, owner_id, name, name_key, quantity, created_at, updated_at, unit, min_quantity, \
      location, tags, code, note) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    types: &[
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ],
};

/// Writes every changeable field of an item.
pub const UPDATE_ITEM: Sql = Sql {
    text: "UPDATE {schema}.items SET name = $3, name_key = $4, \
     quantity = $5, unit = $6, min_quantity = $7, updated_at = $8, \
     location = $9, tags = $10, code = $11, note = $12 \
     WHERE owner_id = $1 AND id = $2",
    types: &[
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ],
};

/// Deletes an item.
pub const DELETE_ITEM: Sql = Sql {
    text: "DELETE FROM {schema}.items WHERE owner_id = $1 AND id = $2",
    types: &[Type::INT8, Type::INT8],
};

/// Appends an operation.
pub const INSERT_OPERATION: Sql = Sql {
    text: "INSERT INTO {schema}.operations \
     (owner_id, command, reason, at, actor, undoes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    types: &[
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
    ],
};

/// The columns every event query selects, in [`event`]'s order.
macro_rules! event_select {
    () => {
        "SELECT e.op_id, e.seq, e.at, e.item_id, e.kind, e.name_before, e.name_after, \
         e.qty_before, e.qty_after, e.unit_before, e.unit_after, e.min_before, e.min_after, \
         w.name, o.reason, o.actor, e.created_at, e.location_before, e.location_after, \
         e.tags_before, e.tags_after, e.code_before, e.code_after, e.note_before, e.note_after \
         FROM {schema}.events e \
         JOIN {schema}.operations o ON o.owner_id = e.owner_id AND o.id = e.op_id \
         JOIN {schema}.owners w ON w.owner_id = o.owner_id "
    };
}

/// An owner's events, newest first, as `history` filters them: `$2` the
/// items of a name, `$7`/`$8` the (operation, position) to read before,
/// `$5` at most how many.
pub const HISTORY: Sql = Sql {
    text: concat!(
        event_select!(),
        "WHERE e.owner_id = $1 \
     AND ($2::bigint[] IS NULL OR e.item_id = ANY($2::bigint[])) \
     AND ($3::bigint IS NULL OR e.item_id = $3::bigint) \
     AND ($4::bigint IS NULL OR e.at >= $4::bigint) \
     AND ($6::text[] IS NULL OR e.kind = ANY($6::text[])) \
     AND ($7::bigint IS NULL OR (e.op_id, e.seq) < ($7::bigint, $8::bigint)) \
     ORDER BY e.op_id DESC, e.seq DESC LIMIT $5::bigint"
    ),
    types: &[
        Type::INT8,
        Type::INT8_ARRAY,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT_ARRAY,
        Type::INT8,
        Type::INT8,
    ],
};

/// Appends a creation run.
pub const INSERT_RUN: Sql = Sql {
    text: "INSERT INTO {schema}.created_runs \
     (owner_id, op_id, first_seq, first_id, last_id, at, kind, states) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    types: &[
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
    ],
};

/// The columns every run query selects, in [`run`]'s order; `$states`
/// is the states' column or NULL.
macro_rules! run_select {
    ($states:literal) => {
        concat!(
            "SELECT r.op_id, r.first_seq, r.first_id, r.last_id, r.at, r.kind, r.owner_id, \
             w.name, o.reason, o.actor, ",
            $states,
            " FROM {schema}.created_runs r \
             JOIN {schema}.operations o ON o.owner_id = r.owner_id AND o.id = r.op_id \
             JOIN {schema}.owners w ON w.owner_id = o.owner_id "
        )
    };
}

/// The runs `history` may need, newest first, without their states.
pub const HISTORY_RUNS: Sql = Sql {
    text: concat!(
        run_select!("NULL::text"),
        "WHERE r.owner_id = $1 \
     AND ($2::bigint IS NULL OR (r.last_id >= $2::bigint AND r.first_id <= $2::bigint)) \
     AND ($3::bigint IS NULL OR r.at >= $3::bigint) \
     AND ($4::text[] IS NULL OR r.kind = ANY($4::text[])) \
     ORDER BY r.op_id DESC, r.first_seq DESC"
    ),
    types: &[Type::INT8, Type::INT8, Type::INT8, Type::TEXT_ARRAY],
};

/// One run's states.
pub const RUN_STATES: Sql = Sql {
    text: "SELECT states FROM {schema}.created_runs \
     WHERE owner_id = $1 AND op_id = $2 AND first_seq = $3",
    types: &[Type::INT8, Type::INT8, Type::INT8],
};

/// Every run with its states, oldest first: of one owner or all, up to a
/// time, of one operation or all.
pub const RUNS_IN_ORDER: Sql = Sql {
    text: concat!(
        run_select!("r.states"),
        "WHERE ($1::bigint IS NULL OR r.owner_id = $1::bigint) \
     AND ($2::bigint IS NULL OR r.at <= $2::bigint) \
     AND ($3::bigint IS NULL OR r.op_id = $3::bigint) \
     ORDER BY r.op_id, r.first_seq"
    ),
    types: &[Type::INT8, Type::INT8, Type::INT8],
};

/// The items of owner `$1` ever called `$2`: in an event's name before or
/// after, or now (an item created in a run and never changed since has no
/// event that shows its name; a changed one shows it as the name before).
pub const IDS_EVER_CALLED: Sql = Sql {
    text: "SELECT k.item_id FROM {schema}.events k \
     WHERE k.owner_id = $1 AND (k.key_before = $2 OR k.key_after = $2) \
     UNION SELECT i.id FROM {schema}.items i WHERE i.owner_id = $1 AND i.name_key = $2",
    types: &[Type::INT8, Type::TEXT],
};

/// A run as [`run_select`] reads it, and its states when selected.
pub fn run(row: &Row) -> Result<(StoredRun, Option<String>), Error> {
    Ok((
        StoredRun {
            op: row.try_get(0)?,
            first_seq: row.try_get(1)?,
            first_id: row.try_get(2)?,
            last_id: row.try_get(3)?,
            at: Timestamp::from_millis(row.try_get(4)?),
            kind: kind(row, 5)?,
            owner_id: row.try_get(6)?,
            owner: row.try_get(7)?,
            reason: row.try_get(8)?,
            actor: row.try_get(9)?,
        },
        row.try_get(10)?,
    ))
}

/// Every event, oldest first, of one owner or all, up to a time.
pub const REPLAY: Sql = Sql {
    text: concat!(
        event_select!(),
        "WHERE ($1::bigint IS NULL OR e.owner_id = $1::bigint) \
     AND ($2::bigint IS NULL OR e.at <= $2::bigint) \
     ORDER BY e.op_id, e.seq"
    ),
    types: &[Type::INT8, Type::INT8],
};

/// The events of one operation, in order.
pub const EVENTS_OF: Sql = Sql {
    text: concat!(event_select!(), "WHERE e.op_id = $1 ORDER BY e.seq"),
    types: &[Type::INT8],
};

/// Operation `$2` of owner `$1`, with the operation that undid it.
pub const OPERATION: Sql = Sql {
    text: "SELECT o.id, o.command, \
     (SELECT u.id FROM {schema}.operations u WHERE u.owner_id = o.owner_id AND u.undoes = o.id) \
     FROM {schema}.operations o WHERE o.owner_id = $1 AND o.id = $2",
    types: &[Type::INT8, Type::INT8],
};

/// The owner's most recent operation that can still be undone.
pub const LAST_UNDOABLE: Sql = Sql {
    text: "SELECT o.id, o.command, NULL::bigint \
     FROM {schema}.operations o \
     WHERE o.owner_id = $1 AND o.command NOT IN ('undo', 'baseline') \
     AND NOT EXISTS (SELECT 1 FROM {schema}.operations u \
                     WHERE u.owner_id = o.owner_id AND u.undoes = o.id) \
     ORDER BY o.id DESC LIMIT 1",
    types: &[Type::INT8],
};

/// An idempotency key's record.
pub const FIND_KEY: Sql = Sql {
    text: "SELECT fingerprint, result FROM {schema}.idempotency_keys \
     WHERE owner_id = $1 AND key = $2",
    types: &[Type::INT8, Type::TEXT],
};

/// Records an idempotency key.
pub const INSERT_KEY: Sql = Sql {
    text: "INSERT INTO {schema}.idempotency_keys \
     (owner_id, key, fingerprint, result, at) VALUES ($1, $2, $3, $4, $5)",
    types: &[Type::INT8, Type::TEXT, Type::TEXT, Type::TEXT, Type::INT8],
};

/// Whether the login role bypasses row-level security (BYPASSRLS, or a
/// superuser): whether it sees every owner of an enforced schema.
pub const BYPASSES_RLS: Sql = Sql {
    text: "SELECT rolbypassrls OR rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user",
    types: &[],
};

/// Whether the schema holds no owner.
pub const IS_EMPTY: Sql = Sql {
    text: "SELECT NOT EXISTS (SELECT 1 FROM {schema}.owners)",
    types: &[],
};

/// Every owner as stored, for a copy.
pub const OWNER_RECORDS: Sql = Sql {
    text: "SELECT owner_id, name, name_key FROM {schema}.owners ORDER BY owner_id",
    types: &[],
};

/// Every item as stored, for a copy, in the order of the primary key.
pub const ITEM_RECORDS: Sql = Sql {
    text: "SELECT owner_id, id, name, name_key, quantity, unit, min_quantity, created_at, \
     updated_at, location, tags, code, note FROM {schema}.items ORDER BY owner_id, id",
    types: &[],
};

/// Every operation as stored, for a copy: an owner's in id order, so each
/// comes after the one it undoes.
pub const OPERATION_RECORDS: Sql = Sql {
    text: "SELECT owner_id, id, command, reason, at, actor, undoes \
     FROM {schema}.operations ORDER BY owner_id, id",
    types: &[],
};

/// Every event as stored, for a copy, in the order of the primary key.
pub const EVENT_RECORDS: Sql = Sql {
    text: "SELECT owner_id, op_id, seq, at, item_id, kind, name_before, name_after, \
     key_before, key_after, qty_before, qty_after, unit_before, unit_after, min_before, \
     min_after, created_at, location_before, location_after, tags_before, tags_after, \
     code_before, code_after, note_before, note_after \
     FROM {schema}.events ORDER BY owner_id, op_id, seq",
    types: &[],
};

/// Every idempotency key as stored, for a copy.
pub const KEY_RECORDS: Sql = Sql {
    text: "SELECT owner_id, key, fingerprint, result, at FROM {schema}.idempotency_keys \
     ORDER BY owner_id, key COLLATE \"C\"",
    types: &[],
};

/// How a copy writes the rows of one table, ids included: streamed with
/// `COPY`, or, where row-level security refuses `COPY`, with one INSERT of
/// bound arrays. The columns are the same, in the same order, in both;
/// each is a bigint or a text.
#[derive(Debug)]
pub struct Load {
    /// The `COPY ... FROM STDIN (FORMAT binary)` statement.
    pub copy: &'static str,
    /// The INSERT of one array per column.
    pub insert: Sql,
}

/// Writes owners with their ids.
pub static LOAD_OWNERS: Load = Load {
    copy: "COPY {schema}.owners (owner_id, name, name_key) FROM STDIN (FORMAT binary)",
    insert: Sql {
        text: "INSERT INTO {schema}.owners (owner_id, name, name_key) \
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])",
        types: &[Type::INT8_ARRAY, Type::TEXT_ARRAY, Type::TEXT_ARRAY],
    },
};

/// Writes items with their ids.
pub static LOAD_ITEMS: Load = Load {
    copy: "COPY {schema}.items (owner_id, id, name, name_key, quantity, unit, min_quantity, \
     created_at, updated_at, location, tags, code, note) FROM STDIN (FORMAT binary)",
    insert: Sql {
        text: "INSERT INTO {schema}.items (owner_id, id, name, name_key, quantity, unit, \
         min_quantity, created_at, updated_at, location, tags, code, note) \
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], \
           $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], \
           $11::text[], $12::text[], $13::text[])",
        types: &[
            Type::INT8_ARRAY,
            Type::INT8_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::INT8_ARRAY,
            Type::TEXT_ARRAY,
            Type::INT8_ARRAY,
            Type::INT8_ARRAY,
            Type::INT8_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
        ],
    },
};

/// Writes operations with their ids.
pub static LOAD_OPERATIONS: Load = Load {
    copy: "COPY {schema}.operations (owner_id, id, command, reason, at, actor, undoes) \
     FROM STDIN (FORMAT binary)",
    insert: Sql {
        text: "INSERT INTO {schema}.operations (owner_id, id, command, reason, at, actor, undoes) \
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], \
           $5::bigint[], $6::text[], $7::bigint[])",
        types: &[
            Type::INT8_ARRAY,
            Type::INT8_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::INT8_ARRAY,
            Type::TEXT_ARRAY,
            Type::INT8_ARRAY,
        ],
    },
};

/// Writes idempotency keys.
pub static LOAD_KEYS: Load = Load {
    copy: "COPY {schema}.idempotency_keys (owner_id, key, fingerprint, result, at) \
     FROM STDIN (FORMAT binary)",
    insert: Sql {
        text: "INSERT INTO {schema}.idempotency_keys (owner_id, key, fingerprint, result, at) \
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])",
        types: &[
            Type::INT8_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::TEXT_ARRAY,
            Type::INT8_ARRAY,
        ],
    },
};

/// Moves the owners' id sequence past every owner id (no row back when
/// there is none). `$1` is the table.
pub const MOVE_OWNER_IDS: Sql = Sql {
    text: "SELECT setval(pg_get_serial_sequence($1, 'owner_id'), max(owner_id)) \
     FROM {schema}.owners HAVING max(owner_id) IS NOT NULL",
    types: &[Type::TEXT],
};

/// Moves the items' id sequence past every item id, including those only
/// events still name (removed items, which an undo may put back).
pub const MOVE_ITEM_IDS: Sql = Sql {
    text: "SELECT setval(pg_get_serial_sequence($1, 'id'), m) \
     FROM (SELECT GREATEST((SELECT max(id) FROM {schema}.items), \
                           (SELECT max(item_id) FROM {schema}.events)) AS m) AS ids \
     WHERE m IS NOT NULL",
    types: &[Type::TEXT],
};

/// Moves the operations' id sequence past every operation id.
pub const MOVE_OPERATION_IDS: Sql = Sql {
    text: "SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) \
     FROM {schema}.operations HAVING max(id) IS NOT NULL",
    types: &[Type::TEXT],
};

/// A quantity column; the schema's CHECK keeps it in range.
fn quantity(row: &Row, index: usize) -> Result<Option<Quantity>, Error> {
    let Some(value) = row.try_get::<_, Option<i64>>(index)? else {
        return Ok(None);
    };
    u64::try_from(value)
        .ok()
        .and_then(Quantity::new)
        .map(Some)
        .ok_or_else(|| {
            Error::Database(format!(
                "a stored quantity ({value}) is out of range; the schema's checks were changed"
            ))
        })
}

/// An item's quantity, which the schema makes NOT NULL.
fn item_quantity(row: &Row, index: usize) -> Result<Quantity, Error> {
    quantity(row, index)?.ok_or_else(|| {
        Error::Database("a stored quantity is missing; the schema was changed".to_owned())
    })
}

/// An event's kind; one this version does not know is an error.
fn kind(row: &Row, index: usize) -> Result<EventKind, Error> {
    let kind: String = row.try_get(index)?;
    EventKind::from_stored(&kind)
        .ok_or_else(|| Error::Database(format!("the ledger holds an unknown event kind {kind:?}")))
}

/// A name from a row whose first column is one: [`ITEM_NAMES`].
pub fn name(row: &Row) -> Result<String, Error> {
    Ok(row.try_get(0)?)
}

/// An item from a row of [`item_select!`]'s columns.
pub fn item(row: &Row) -> Result<Item, Error> {
    Ok(Item {
        id: row.try_get(0)?,
        owner: row.try_get(1)?,
        name: row.try_get(2)?,
        quantity: item_quantity(row, 3)?,
        created_at: Timestamp::from_millis(row.try_get(4)?),
        updated_at: Timestamp::from_millis(row.try_get(5)?),
        unit: row.try_get::<_, Option<String>>(6)?.map(Unit::from_stored),
        min: quantity(row, 7)?,
        location: row
            .try_get::<_, Option<String>>(8)?
            .map(Location::from_stored),
        tags: Tags::from_stored(row.try_get(9)?),
        code: row.try_get::<_, Option<String>>(10)?.map(Code::from_stored),
        note: row.try_get::<_, Option<String>>(11)?.map(Note::from_stored),
    })
}

/// An event side's tags: present whenever the item was.
fn tags(row: &Row, index: usize, exists: bool) -> Result<Option<Tags>, Error> {
    let stored: Option<&str> = row.try_get(index)?;
    Ok(exists.then(|| Tags::from_stored(stored.unwrap_or_default())))
}

/// An optional text column read as a domain value.
fn text<T>(row: &Row, index: usize, wrap: fn(String) -> T) -> Result<Option<T>, Error> {
    Ok(row.try_get::<_, Option<String>>(index)?.map(wrap))
}

/// An event from a row of [`event_select!`]'s columns.
pub fn event(row: &Row) -> Result<Event, Error> {
    let name_before: Option<String> = row.try_get(5)?;
    let name_after: Option<String> = row.try_get(6)?;
    Ok(Event {
        location_before: text(row, 17, Location::from_stored)?,
        location_after: text(row, 18, Location::from_stored)?,
        tags_before: tags(row, 19, name_before.is_some())?,
        tags_after: tags(row, 20, name_after.is_some())?,
        code_before: text(row, 21, Code::from_stored)?,
        code_after: text(row, 22, Code::from_stored)?,
        note_before: text(row, 23, Note::from_stored)?,
        note_after: text(row, 24, Note::from_stored)?,
        name_before,
        name_after,
        op: row.try_get(0)?,
        seq: row.try_get(1)?,
        at: Timestamp::from_millis(row.try_get(2)?),
        item_id: row.try_get(3)?,
        kind: kind(row, 4)?,
        qty_before: quantity(row, 7)?,
        qty_after: quantity(row, 8)?,
        unit_before: row.try_get::<_, Option<String>>(9)?.map(Unit::from_stored),
        unit_after: row.try_get::<_, Option<String>>(10)?.map(Unit::from_stored),
        min_before: quantity(row, 11)?,
        min_after: quantity(row, 12)?,
        owner: row.try_get(13)?,
        reason: row.try_get(14)?,
        actor: row.try_get(15)?,
        created_at: Timestamp::from_millis(row.try_get(16)?),
    })
}

/// A row of [`OWNER_RECORDS`].
pub fn owner_record(row: &Row) -> Result<Record, Error> {
    Ok(Record::Owner(OwnerRecord {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        key: row.try_get(2)?,
    }))
}

/// A row of [`ITEM_RECORDS`].
pub fn item_record(row: &Row) -> Result<Record, Error> {
    Ok(Record::Item(Box::new(ItemRecord {
        owner_id: row.try_get(0)?,
        id: row.try_get(1)?,
        name: row.try_get(2)?,
        key: row.try_get(3)?,
        quantity: item_quantity(row, 4)?,
        unit: row.try_get::<_, Option<String>>(5)?.map(Unit::from_stored),
        min: quantity(row, 6)?,
        created_at: Timestamp::from_millis(row.try_get(7)?),
        updated_at: Timestamp::from_millis(row.try_get(8)?),
        location: text(row, 9, Location::from_stored)?,
        tags: Tags::from_stored(row.try_get(10)?),
        code: text(row, 11, Code::from_stored)?,
        note: text(row, 12, Note::from_stored)?,
    })))
}

/// A row of [`OPERATION_RECORDS`].
pub fn operation_record(row: &Row) -> Result<Record, Error> {
    Ok(Record::Operation(OperationRecord {
        owner_id: row.try_get(0)?,
        id: row.try_get(1)?,
        command: row.try_get(2)?,
        reason: row.try_get(3)?,
        at: Timestamp::from_millis(row.try_get(4)?),
        actor: row.try_get(5)?,
        undoes: row.try_get(6)?,
    }))
}

/// A row of [`EVENT_RECORDS`].
pub fn event_record(row: &Row) -> Result<Record, Error> {
    Ok(Record::Event(Box::new(EventRecord {
        owner_id: row.try_get(0)?,
        op: row.try_get(1)?,
        seq: row.try_get(2)?,
        at: Timestamp::from_millis(row.try_get(3)?),
        item_id: row.try_get(4)?,
        kind: kind(row, 5)?,
        name_before: row.try_get(6)?,
        name_after: row.try_get(7)?,
        key_before: row.try_get(8)?,
        key_after: row.try_get(9)?,
        qty_before: quantity(row, 10)?,
        qty_after: quantity(row, 11)?,
        unit_before: row.try_get::<_, Option<String>>(12)?.map(Unit::from_stored),
        unit_after: row.try_get::<_, Option<String>>(13)?.map(Unit::from_stored),
        min_before: quantity(row, 14)?,
        min_after: quantity(row, 15)?,
        created_at: Timestamp::from_millis(row.try_get(16)?),
        location_before: text(row, 17, Location::from_stored)?,
        location_after: text(row, 18, Location::from_stored)?,
        tags_before: tags(row, 19, row.try_get::<_, Option<&str>>(6)?.is_some())?,
        tags_after: tags(row, 20, row.try_get::<_, Option<&str>>(7)?.is_some())?,
        code_before: text(row, 21, Code::from_stored)?,
        code_after: text(row, 22, Code::from_stored)?,
        note_before: text(row, 23, Note::from_stored)?,
        note_after: text(row, 24, Note::from_stored)?,
    })))
}

/// A row of [`KEY_RECORDS`].
pub fn key_record(row: &Row) -> Result<Record, Error> {
    Ok(Record::Key(KeyRecord {
        owner_id: row.try_get(0)?,
        key: row.try_get(1)?,
        stored: StoredKey {
            fingerprint: row.try_get(2)?,
            result: row.try_get(3)?,
        },
        at: Timestamp::from_millis(row.try_get(4)?),
    }))
}
