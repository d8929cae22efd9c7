//! SQL for a whole-database copy: every row streamed out as stored, and
//! written back with its ids.

use rusqlite::{Connection, Row, Statement, params};

use super::items::{item_quantity_at, quantity_at};
use super::ledger::{kind_at, tags_at};
use crate::db::{
    EventRecord, ItemRecord, KeyRecord, OperationRecord, OwnerRecord, Record, StoredKey,
};
use crate::domain::{Code, Error, Location, Note, Tags, Timestamp, Unit};

/// True when the database has no owner.
pub fn is_empty(tx: &Connection) -> rusqlite::Result<bool> {
    tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM owners)", [], |r| r.get(0))
}

/// Streams the rows of `stmt` to `each`, one at a time, as `record` reads
/// them.
fn stream(
    mut stmt: Statement<'_>,
    record: fn(&Row<'_>) -> rusqlite::Result<Record>,
    each: &mut dyn FnMut(Record) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(record(row)?)?;
    }
    Ok(())
}

/// Streams every row: owners, items, operations (in id order, so each
/// comes after the one it undoes), events, keys.
pub fn for_each(
    tx: &Connection,
    each: &mut dyn FnMut(Record) -> Result<(), Error>,
) -> Result<(), Error> {
    stream(
        tx.prepare("SELECT id, name, name_key FROM owners ORDER BY id")?,
        |r| {
            Ok(Record::Owner(OwnerRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                key: r.get(2)?,
            }))
        },
        each,
    )?;
    stream(
        tx.prepare(
            "SELECT owner_id, id, name, name_key, quantity, unit, min_quantity, created_at, \
         updated_at, location, tags, code, note FROM items ORDER BY id",
        )?,
        item_record,
        each,
    )?;
    stream(
        tx.prepare(
            "SELECT owner_id, id, command, reason, at, actor, undoes FROM operations ORDER BY id",
        )?,
        |r| {
            Ok(Record::Operation(OperationRecord {
                owner_id: r.get(0)?,
                id: r.get(1)?,
                command: r.get(2)?,
                reason: r.get(3)?,
                at: Timestamp::from_millis(r.get(4)?),
                actor: r.get(5)?,
                undoes: r.get(6)?,
            }))
        },
        each,
    )?;
    let mut events = tx.prepare(
        "SELECT o.owner_id, e.op_id, e.seq, e.at, e.item_id, e.kind, e.name_before, \
         e.name_after, e.key_before, e.key_after, e.qty_before, e.qty_after, e.unit_before, \
         e.unit_after, e.min_before, e.min_after, e.created_at, e.location_before, \
         e.location_after, e.tags_before, e.tags_after, e.code_before, e.code_after, \
         e.note_before, e.note_after \
         FROM events e JOIN operations o ON o.id = e.op_id ORDER BY e.op_id, e.seq",
    )?;
    super::ledger::records(tx, events.query([])?, event_record, each)?;
    stream(
        tx.prepare(
            "SELECT owner_id, key, fingerprint, result, at FROM idempotency_keys \
         ORDER BY owner_id, key",
        )?,
        |r| {
            Ok(Record::Key(KeyRecord {
                owner_id: r.get(0)?,
                key: r.get(1)?,
                stored: StoredKey {
                    fingerprint: r.get(2)?,
                    result: r.get(3)?,
                },
                at: Timestamp::from_millis(r.get(4)?),
            }))
        },
        each,
    )
}

/// An item row as it is stored.
fn item_record(r: &Row<'_>) -> rusqlite::Result<Record> {
    Ok(Record::Item(Box::new(ItemRecord {
        owner_id: r.get(0)?,
        id: r.get(1)?,
        name: r.get(2)?,
        key: r.get(3)?,
        quantity: item_quantity_at(r, 4)?,
        unit: r.get::<_, Option<String>>(5)?.map(Unit::from_stored),
        min: quantity_at(r, 6)?,
        created_at: Timestamp::from_millis(r.get(7)?),
        updated_at: Timestamp::from_millis(r.get(8)?),
        location: r.get::<_, Option<String>>(9)?.map(Location::from_stored),
        tags: Tags::from_stored(r.get_ref(10)?.as_str()?),
        code: r.get::<_, Option<String>>(11)?.map(Code::from_stored),
        note: r.get::<_, Option<String>>(12)?.map(Note::from_stored),
    })))
}

/// An event row as it is stored, with its operation's owner.
fn event_record(r: &Row<'_>) -> rusqlite::Result<Record> {
    Ok(Record::Event(Box::new(EventRecord {
        owner_id: r.get(0)?,
        op: r.get(1)?,
        seq: r.get(2)?,
        at: Timestamp::from_millis(r.get(3)?),
        item_id: r.get(4)?,
        kind: kind_at(r, 5)?,
        name_before: r.get(6)?,
        name_after: r.get(7)?,
        key_before: r.get(8)?,
        key_after: r.get(9)?,
        qty_before: quantity_at(r, 10)?,
        qty_after: quantity_at(r, 11)?,
        unit_before: r.get::<_, Option<String>>(12)?.map(Unit::from_stored),
        unit_after: r.get::<_, Option<String>>(13)?.map(Unit::from_stored),
        min_before: quantity_at(r, 14)?,
        min_after: quantity_at(r, 15)?,
        created_at: Timestamp::from_millis(r.get(16)?),
        location_before: r.get::<_, Option<String>>(17)?.map(Location::from_stored),
        location_after: r.get::<_, Option<String>>(18)?.map(Location::from_stored),
        tags_before: tags_at(r, 19, r.get_ref(6)?.as_str_or_null()?.is_some())?,
        tags_after: tags_at(r, 20, r.get_ref(7)?.as_str_or_null()?.is_some())?,
        code_before: r.get::<_, Option<String>>(21)?.map(Code::from_stored),
        code_after: r.get::<_, Option<String>>(22)?.map(Code::from_stored),
        note_before: r.get::<_, Option<String>>(23)?.map(Note::from_stored),
        note_after: r.get::<_, Option<String>>(24)?.map(Note::from_stored),
    })))
}

/// A quantity as its column holds it.
fn int(quantity: Option<crate::domain::Quantity>) -> Option<i64> {
    quantity.map(|q| q.get() as i64)
}

/// Writes one row with its ids. One statement per row, all in the
/// command's transaction: SQLite writes them to its page cache, and only
/// the COMMIT reaches the disk.
///
/// An event's owner is its operation's here, so its `owner_id` is not
/// stored.
pub fn load(tx: &Connection, record: &Record) -> rusqlite::Result<()> {
    match record {
        Record::Owner(o) => tx
            .prepare_cached("INSERT INTO owners (id, name, name_key) VALUES (?1, ?2, ?3)")?
            .execute(params![o.id, o.name, o.key]),
        Record::Item(i) => tx
            .prepare_cached(
                "INSERT INTO items (id, owner_id, name, name_key, quantity, unit, min_quantity, \
                 created_at, updated_at, location, tags, code, note) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                i.id,
                i.owner_id,
                i.name,
                i.key,
                i.quantity.get() as i64,
                i.unit.as_ref().map(Unit::as_str),
                int(i.min),
                i.created_at.as_millis(),
                i.updated_at.as_millis(),
                i.location.as_ref().map(Location::as_str),
                i.tags.joined(),
                i.code.as_ref().map(Code::as_str),
                i.note.as_ref().map(Note::as_str),
            ]),
        Record::Operation(o) => tx
            .prepare_cached(
                "INSERT INTO operations (id, owner_id, command, reason, at, actor, undoes) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                o.id,
                o.owner_id,
                o.command,
                o.reason,
                o.at.as_millis(),
                o.actor,
                o.undoes
            ]),
        Record::Event(e) => tx
            .prepare_cached(
                "INSERT INTO events (op_id, seq, at, item_id, kind, name_before, name_after, \
                 key_before, key_after, qty_before, qty_after, unit_before, unit_after, \
                 min_before, min_after, created_at, location_before, location_after, \
                 tags_before, tags_after, code_before, code_after, note_before, note_after) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
            )?
            .execute(params![
                e.op,
                e.seq,
                e.at.as_millis(),
                e.item_id,
                e.kind.as_str(),
                e.name_before,
                e.name_after,
                e.key_before,
                e.key_after,
                int(e.qty_before),
                int(e.qty_after),
                e.unit_before.as_ref().map(Unit::as_str),
                e.unit_after.as_ref().map(Unit::as_str),
                int(e.min_before),
                int(e.min_after),
                e.created_at.as_millis(),
                e.location_before.as_ref().map(Location::as_str),
                e.location_after.as_ref().map(Location::as_str),
                e.tags_before.as_ref().map(Tags::joined),
                e.tags_after.as_ref().map(Tags::joined),
                e.code_before.as_ref().map(Code::as_str),
                e.code_after.as_ref().map(Code::as_str),
                e.note_before.as_ref().map(Note::as_str),
                e.note_after.as_ref().map(Note::as_str),
            ]),
        Record::Key(k) => tx
            .prepare_cached(
                "INSERT INTO idempotency_keys (owner_id, key, fingerprint, result, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                k.owner_id,
                k.key,
                k.stored.fingerprint,
                k.stored.result,
                k.at.as_millis()
            ]),
    }
    .map(drop)
}

/// Moves the items' sequence past every item id an event names.
///
/// SQLite moves each AUTOINCREMENT sequence past the ids inserted, so the
/// owners', items' and operations' sequences are right already, except
/// for items removed before the copy: they live on in their events only
/// (an undo may put them back), and their ids must never be given again.
pub fn finish_load(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute_batch(
        "INSERT INTO sqlite_sequence (name, seq) \
         SELECT 'items', m FROM (SELECT max(item_id) AS m FROM events) \
         WHERE m IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'items'); \
         UPDATE sqlite_sequence SET seq = (SELECT max(item_id) FROM events) \
         WHERE name = 'items' AND seq < (SELECT max(item_id) FROM events);",
    )
}
