//! SQL for the ledger: operations and their events.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::items::quantity_at;
use crate::db::runs::{self, CreatedRun, StoredRun};
use crate::db::{HistoryFilter, NewEvent, NewOperation, Operation, Record};
use crate::domain::{
    Code, Error, Event, EventKind, Item, ItemName, Location, Note, Tags, Timestamp, Unit,
};

/// The columns every event query selects, in [`event_from_row`]'s order.
macro_rules! event_select {
    () => {
        "SELECT e.op_id, e.seq, e.at, e.item_id, e.kind, e.name_before, e.name_after, \
         e.qty_before, e.qty_after, e.unit_before, e.unit_after, e.min_before, e.min_after, \
         w.name, o.reason, o.actor, e.created_at, e.location_before, e.location_after, \
         e.tags_before, e.tags_after, e.code_before, e.code_after, e.note_before, e.note_after \
         FROM events e JOIN operations o ON o.id = e.op_id JOIN owners w ON w.id = o.owner_id "
    };
}

/// Reads an event's kind; one this version does not know is an error.
pub fn kind_at(row: &Row<'_>, index: usize) -> rusqlite::Result<EventKind> {
    let kind: String = row.get(index)?;
    EventKind::from_stored(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unknown event kind {kind:?}").into(),
        )
    })
}

/// Reads the tags of an event's side: present whenever the item was (an
/// event written before tags existed holds NULL for an item without any).
pub fn tags_at(row: &Row<'_>, index: usize, exists: bool) -> rusqlite::Result<Option<Tags>> {
    let stored: Option<String> = row.get(index)?;
    Ok(exists.then(|| Tags::from_stored(stored.as_deref().unwrap_or_default())))
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<Event> {
    let name_before: Option<String> = row.get(5)?;
    let name_after: Option<String> = row.get(6)?;
    Ok(Event {
        tags_before: tags_at(row, 19, name_before.is_some())?,
        tags_after: tags_at(row, 20, name_after.is_some())?,
        location_before: row.get::<_, Option<String>>(17)?.map(Location::from_stored),
        location_after: row.get::<_, Option<String>>(18)?.map(Location::from_stored),
        code_before: row.get::<_, Option<String>>(21)?.map(Code::from_stored),
        code_after: row.get::<_, Option<String>>(22)?.map(Code::from_stored),
        note_before: row.get::<_, Option<String>>(23)?.map(Note::from_stored),
        note_after: row.get::<_, Option<String>>(24)?.map(Note::from_stored),
        op: row.get(0)?,
        seq: row.get(1)?,
        at: Timestamp::from_millis(row.get(2)?),
        item_id: row.get(3)?,
        kind: kind_at(row, 4)?,
        name_before,
        name_after,
        qty_before: quantity_at(row, 7)?,
        qty_after: quantity_at(row, 8)?,
        unit_before: row.get::<_, Option<String>>(9)?.map(Unit::from_stored),
        unit_after: row.get::<_, Option<String>>(10)?.map(Unit::from_stored),
        min_before: quantity_at(row, 11)?,
        min_after: quantity_at(row, 12)?,
        owner: row.get(13)?,
        reason: row.get(14)?,
        actor: row.get(15)?,
        created_at: Timestamp::from_millis(row.get(16)?),
    })
}

/// Appends an operation and returns its id.
pub fn insert_operation(tx: &Connection, op: &NewOperation<'_>) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO operations (owner_id, command, reason, at, actor, undoes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?
    .query_row(
        params![
            op.owner_id,
            op.command,
            op.reason,
            op.at.as_millis(),
            op.actor,
            op.undoes
        ],
        |r| r.get(0),
    )
}

/// Appends one event: the item's `change`.
pub fn insert_event(tx: &Connection, event: &NewEvent<'_>) -> rusqlite::Result<()> {
    fn location(i: Option<&Item>) -> Option<&str> {
        i.and_then(|i| i.location.as_ref().map(Location::as_str))
    }
    fn code(i: Option<&Item>) -> Option<&str> {
        i.and_then(|i| i.code.as_ref().map(Code::as_str))
    }
    fn note(i: Option<&Item>) -> Option<&str> {
        i.and_then(|i| i.note.as_ref().map(Note::as_str))
    }
    let change = event.change;
    let (item, before, after) = (change.subject(), change.before(), change.after());
    let name = |i: Option<&Item>| i.map(|i| i.name.clone());
    let key = |i: Option<&Item>| i.map(|i| ItemName::key_of_normalised(&i.name));
    let qty = |i: Option<&Item>| i.map(|i| i.quantity.get() as i64);
    let unit = |i: Option<&Item>| i.and_then(|i| i.unit.as_ref().map(|u| u.as_str().to_owned()));
    let min = |i: Option<&Item>| i.and_then(|i| i.min.map(|m| m.get() as i64));
    let tags = |i: Option<&Item>| i.map(|i| i.tags.joined());
    tx.prepare_cached(
        "INSERT INTO events (op_id, seq, at, item_id, kind, name_before, name_after, \
         key_before, key_after, qty_before, qty_after, unit_before, unit_after, \
         min_before, min_after, created_at, location_before, location_after, \
         tags_before, tags_after, code_before, code_after, note_before, note_after) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
         ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )?
    .execute(params![
        event.op,
        event.seq,
        event.at.as_millis(),
        item.id,
        event.kind.as_str(),
        name(before),
        name(after),
        key(before),
        key(after),
        qty(before),
        qty(after),
        unit(before),
        unit(after),
        min(before),
        min(after),
        item.created_at.as_millis(),
        location(before),
        location(after),
        tags(before),
        tags(after),
        code(before),
        code(after),
        note(before),
        note(after),
    ])?;
    Ok(())
}

/// Appends a run of creation events: one that holds a single item as an
/// ordinary event, a longer one as one row of `created_runs`.
pub fn insert_created_run(tx: &Connection, run: &CreatedRun) -> Result<(), Error> {
    if let Some(event) = run.alone() {
        return Ok(insert_event(tx, &event)?);
    }
    tx.prepare_cached(
        "INSERT INTO created_runs (op_id, first_seq, first_id, last_id, at, kind, states) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        run.op,
        run.first_seq,
        run.first_id,
        run.last_id,
        run.at.as_millis(),
        run.kind.as_str(),
        run.states()?,
    ])?;
    Ok(())
}

/// The columns every run query selects, in [`run_from_row`]'s order.
macro_rules! run_select {
    () => {
        "SELECT r.op_id, r.first_seq, r.first_id, r.last_id, r.at, r.kind, o.owner_id, \
         w.name, o.reason, o.actor \
         FROM created_runs r JOIN operations o ON o.id = r.op_id JOIN owners w ON w.id = o.owner_id "
    };
}

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<StoredRun> {
    Ok(StoredRun {
        op: row.get(0)?,
        first_seq: row.get(1)?,
        first_id: row.get(2)?,
        last_id: row.get(3)?,
        at: Timestamp::from_millis(row.get(4)?),
        kind: kind_at(row, 5)?,
        owner_id: row.get(6)?,
        owner: row.get(7)?,
        reason: row.get(8)?,
        actor: row.get(9)?,
    })
}

/// A run's stored states.
fn run_states(tx: &Connection, run: &StoredRun) -> Result<String, Error> {
    Ok(tx
        .prepare_cached("SELECT states FROM created_runs WHERE op_id = ?1 AND first_seq = ?2")?
        .query_row([run.op, run.first_seq], |r| r.get(0))?)
}

/// Every run, oldest first: of one owner, up to a time, of one operation.
fn runs_in_order(
    tx: &Connection,
    owner_id: Option<i64>,
    until: Option<Timestamp>,
    op_id: Option<i64>,
) -> rusqlite::Result<Vec<StoredRun>> {
    tx.prepare_cached(concat!(
        run_select!(),
        "WHERE (?1 IS NULL OR o.owner_id = ?1) AND (?2 IS NULL OR r.at <= ?2) \
         AND (?3 IS NULL OR r.op_id = ?3) ORDER BY r.op_id, r.first_seq"
    ))?
    .query_map(
        params![owner_id, until.map(Timestamp::as_millis), op_id],
        run_from_row,
    )?
    .collect()
}

/// A run's events, in the merge's direction, those `keep` accepts.
fn expand(
    tx: &Connection,
    run: &StoredRun,
    newest_first: bool,
    keep: &dyn Fn(&Event) -> bool,
) -> Result<Vec<Event>, Error> {
    let mut events = run.events(&run_states(tx, run)?)?;
    events.retain(|e| keep(e));
    if newest_first {
        events.reverse();
    }
    Ok(events)
}

/// Events read oldest first, with `runs` among them expanded.
fn in_order(
    tx: &Connection,
    mut rows: rusqlite::Rows<'_>,
    runs: Vec<StoredRun>,
) -> Result<Vec<Event>, Error> {
    let mut events = Vec::new();
    runs::merge(
        false,
        None,
        runs,
        &mut || Ok(rows.next()?.map(event_from_row).transpose()?),
        runs::position,
        &mut |run| expand(tx, run, false, &|_| true),
        &mut |e| {
            events.push(e);
            Ok(())
        },
    )?;
    Ok(events)
}

/// Every event as a record, oldest first, the runs' included: for a copy.
/// `rows` reads the stored events' records in the same order.
pub fn records(
    tx: &Connection,
    mut rows: rusqlite::Rows<'_>,
    record: fn(&Row<'_>) -> rusqlite::Result<Record>,
    each: &mut dyn FnMut(Record) -> Result<(), Error>,
) -> Result<(), Error> {
    fn position(record: &Record) -> (i64, i64) {
        match record {
            Record::Event(e) => (e.op, e.seq),
            _ => (i64::MAX, i64::MAX),
        }
    }
    runs::merge(
        false,
        None,
        runs_in_order(tx, None, None, None)?,
        &mut || Ok(rows.next()?.map(record).transpose()?),
        position,
        &mut |run| {
            Ok(expand(tx, run, false, &|_| true)?
                .into_iter()
                .map(|e| Record::Event(Box::new(runs::record(run.owner_id, e))))
                .collect())
        },
        each,
    )
}

/// The items of `owner_id` ever called `key`: those an event shows with
/// the key before or after, and those called so now (an item created in a
/// run and not changed since has no event that shows its name; one
/// changed since has, as the name before its change).
fn ids_ever_called(tx: &Connection, owner_id: i64, key: &str) -> rusqlite::Result<HashSet<i64>> {
    tx.prepare_cached(
        "SELECT k.item_id FROM events k JOIN operations ko ON ko.id = k.op_id \
         WHERE ko.owner_id = ?1 AND (k.key_before = ?2 OR k.key_after = ?2) \
         UNION SELECT i.id FROM items i WHERE i.owner_id = ?1 AND i.name_key = ?2",
    )?
    .query_map(params![owner_id, key], |r| r.get(0))?
    .collect()
}

/// Streams the owner's events, newest first, to `each`.
pub fn history(
    tx: &Connection,
    owner_id: i64,
    filter: &HistoryFilter,
    each: &mut dyn FnMut(Event) -> Result<(), Error>,
) -> Result<(), Error> {
    let limit = filter
        .limit
        .map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let ids = filter
        .key
        .as_deref()
        .map(|key| ids_ever_called(tx, owner_id, key))
        .transpose()?;
    // The ids as a JSON array, for the query; none to filter by when no key.
    let ids_json = ids.as_ref().map(|ids| {
        let ids: Vec<i64> = ids.iter().copied().collect();
        serde_json::Value::from(ids).to_string()
    });
    // The kinds as a JSON array of their stored names; all when none.
    let kinds = (!filter.kinds.is_empty()).then(|| {
        let names: Vec<&str> = filter.kinds.iter().map(|k| k.as_str()).collect();
        serde_json::Value::from(names).to_string()
    });
    let since = filter.since.map(Timestamp::as_millis);
    let runs: Vec<StoredRun> = tx
        .prepare_cached(concat!(
            run_select!(),
            "WHERE o.owner_id = ?1 \
             AND (?2 IS NULL OR (r.last_id >= ?2 AND r.first_id <= ?2)) \
             AND (?3 IS NULL OR r.at >= ?3) \
             AND (?4 IS NULL OR r.kind IN (SELECT value FROM json_each(?4))) \
             ORDER BY r.op_id DESC, r.first_seq DESC"
        ))?
        .query_map(
            params![owner_id, filter.item_id, since, kinds],
            run_from_row,
        )?
        .filter(|run| {
            run.as_ref().map_or(true, |run| {
                ids.as_ref()
                    .is_none_or(|ids| ids.iter().any(|&id| run.holds(id)))
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = tx.prepare_cached(concat!(
        event_select!(),
        "WHERE o.owner_id = ?1 \
         AND (?2 IS NULL OR e.item_id IN (SELECT value FROM json_each(?2))) \
         AND (?3 IS NULL OR e.item_id = ?3) \
         AND (?4 IS NULL OR e.at >= ?4) \
         AND (?6 IS NULL OR e.kind IN (SELECT value FROM json_each(?6))) \
         ORDER BY e.op_id DESC, e.seq DESC LIMIT ?5"
    ))?;
    let mut rows = stmt.query(params![
        owner_id,
        ids_json,
        filter.item_id,
        since,
        limit,
        kinds,
    ])?;
    let keep = |e: &Event| {
        filter.item_id.is_none_or(|id| e.item_id == id)
            && ids.as_ref().is_none_or(|ids| ids.contains(&e.item_id))
    };
    runs::merge(
        true,
        filter.limit,
        runs,
        &mut || Ok(rows.next()?.map(event_from_row).transpose()?),
        runs::position,
        &mut |run| expand(tx, run, true, &keep),
        each,
    )
}

/// Every event, oldest first, optionally of one owner and up to a time:
/// the input of a replay.
pub fn replay_events(
    tx: &Connection,
    owner_id: Option<i64>,
    until: Option<Timestamp>,
) -> Result<Vec<Event>, Error> {
    let until_ms = until.map(Timestamp::as_millis);
    let mut stmt = tx.prepare_cached(concat!(
        event_select!(),
        "WHERE (?1 IS NULL OR o.owner_id = ?1) AND (?2 IS NULL OR e.at <= ?2) \
         ORDER BY e.op_id, e.seq"
    ))?;
    let rows = stmt.query(params![owner_id, until_ms])?;
    in_order(tx, rows, runs_in_order(tx, owner_id, until, None)?)
}

/// The events of one operation, in order.
pub fn events_of(tx: &Connection, op_id: i64) -> Result<Vec<Event>, Error> {
    let mut stmt = tx.prepare_cached(concat!(
        event_select!(),
        "WHERE e.op_id = ?1 ORDER BY e.seq"
    ))?;
    let rows = stmt.query([op_id])?;
    in_order(tx, rows, runs_in_order(tx, None, None, Some(op_id))?)
}

fn operation_from_row(row: &Row<'_>) -> rusqlite::Result<Operation> {
    Ok(Operation {
        id: row.get(0)?,
        command: row.get(1)?,
        undone_by: row.get(2)?,
    })
}

/// Operation `id`, if it is one of `owner_id`'s.
pub fn operation(tx: &Connection, owner_id: i64, id: i64) -> rusqlite::Result<Option<Operation>> {
    tx.prepare_cached(
        "SELECT o.id, o.command, (SELECT u.id FROM operations u WHERE u.undoes = o.id) \
         FROM operations o WHERE o.id = ?1 AND o.owner_id = ?2",
    )?
    .query_row([id, owner_id], operation_from_row)
    .optional()
}

/// The owner's most recent operation that can still be undone: not an
/// undo, not the baseline, not undone already.
pub fn last_undoable(tx: &Connection, owner_id: i64) -> rusqlite::Result<Option<Operation>> {
    tx.prepare_cached(
        "SELECT o.id, o.command, NULL FROM operations o \
         WHERE o.owner_id = ?1 AND o.command NOT IN ('undo', 'baseline') \
         AND NOT EXISTS (SELECT 1 FROM operations u WHERE u.undoes = o.id) \
         ORDER BY o.id DESC LIMIT 1",
    )?
    .query_row([owner_id], operation_from_row)
    .optional()
}
