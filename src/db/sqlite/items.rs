//! SQL for owners and items. Every function takes the command's
//! transaction; every value from a user is a bound parameter.

use std::fmt::Write as _;
use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::db::{DetailFilter, NewItem, OwnerRef};
use crate::domain::{
    Code, Error, Item, ItemName, ListQuery, Location, Note, OwnerItems, OwnerName, Quantity,
    SortKey, Tags, Timestamp, Unit,
};

/// The columns every item query selects, in [`item_from_row`]'s order.
macro_rules! item_select {
    () => {
        "SELECT i.id, o.name, i.name, i.quantity, i.created_at, i.updated_at, \
         i.unit, i.min_quantity, i.location, i.tags, i.code, i.note \
         FROM items i JOIN owners o ON o.id = i.owner_id "
    };
}

/// One `list` query per order. The ORDER BY clauses are fixed text chosen by
/// a match, so no SQL is ever assembled from a runtime value.
macro_rules! list_sql {
    ($order:literal) => {
        concat!(
            item_select!(),
            "WHERE i.owner_id = ?1 AND (?2 IS NULL OR instr(i.name_key, ?2) > 0) ",
            "AND (?4 = 0 OR i.quantity < i.min_quantity) ",
            "AND (?5 IS NULL OR i.quantity >= ?5) AND (?6 IS NULL OR i.quantity <= ?6) ",
            "AND (?7 IS NULL OR i.updated_at >= ?7) ",
            "ORDER BY ",
            $order,
            " LIMIT ?3"
        )
    };
}

fn list_sql(sort: SortKey, reverse: bool) -> &'static str {
    match (sort, reverse) {
        (SortKey::Name, false) => list_sql!("i.name_key, i.id"),
        (SortKey::Name, true) => list_sql!("i.name_key DESC, i.id DESC"),
        (SortKey::Quantity, false) => list_sql!("i.quantity, i.name_key, i.id"),
        (SortKey::Quantity, true) => list_sql!("i.quantity DESC, i.name_key DESC, i.id DESC"),
        (SortKey::Created, false) => list_sql!("i.created_at, i.id"),
        (SortKey::Created, true) => list_sql!("i.created_at DESC, i.id DESC"),
        (SortKey::Updated, false) => list_sql!("i.updated_at, i.name_key, i.id"),
        (SortKey::Updated, true) => list_sql!("i.updated_at DESC, i.name_key DESC, i.id DESC"),
    }
}

/// Reads a nullable quantity column; the schema's CHECK keeps it in range.
pub fn quantity_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Quantity>> {
    let Some(value) = row.get::<_, Option<i64>>(index)? else {
        return Ok(None);
    };
    u64::try_from(value)
        .ok()
        .and_then(Quantity::new)
        .map(Some)
        .ok_or(rusqlite::Error::IntegralValueOutOfRange(index, value))
}

/// Reads an item's quantity, which the schema makes NOT NULL.
pub fn item_quantity_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Quantity> {
    quantity_at(row, index)?.ok_or(rusqlite::Error::InvalidColumnType(
        index,
        "quantity".to_owned(),
        rusqlite::types::Type::Null,
    ))
}

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    let quantity = item_quantity_at(row, 3)?;
    Ok(Item {
        id: row.get(0)?,
        owner: row.get(1)?,
        name: row.get(2)?,
        quantity,
        created_at: Timestamp::from_millis(row.get(4)?),
        updated_at: Timestamp::from_millis(row.get(5)?),
        unit: row.get::<_, Option<String>>(6)?.map(Unit::from_stored),
        min: quantity_at(row, 7)?,
        location: row.get::<_, Option<String>>(8)?.map(Location::from_stored),
        tags: Tags::from_stored(row.get_ref(9)?.as_str()?),
        code: row.get::<_, Option<String>>(10)?.map(Code::from_stored),
        note: row.get::<_, Option<String>>(11)?.map(Note::from_stored),
    })
}

/// `owner` as stored, if it has ever been written to.
pub fn owner(tx: &Connection, owner: &OwnerName) -> rusqlite::Result<Option<OwnerRef>> {
    tx.prepare_cached("SELECT id, name FROM owners WHERE name_key = ?1")?
        .query_row([owner.key()], |r| {
            Ok(OwnerRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })
        .optional()
}

/// `owner` as stored, creating it on its first write.
pub fn ensure_owner(tx: &Connection, owner: &OwnerName) -> rusqlite::Result<OwnerRef> {
    if let Some(row) = self::owner(tx, owner)? {
        return Ok(row);
    }
    tx.prepare_cached("INSERT INTO owners (name, name_key) VALUES (?1, ?2)")?
        .execute(params![owner.as_str(), owner.key()])?;
    Ok(OwnerRef {
        id: tx.last_insert_rowid(),
        name: owner.as_str().to_owned(),
    })
}

/// The item of `owner_id` whose name key is `key`.
pub fn find(tx: &Connection, owner_id: i64, key: &str) -> rusqlite::Result<Option<Item>> {
    tx.prepare_cached(concat!(
        item_select!(),
        "WHERE i.owner_id = ?1 AND i.name_key = ?2"
    ))?
    .query_row(params![owner_id, key], item_from_row)
    .optional()
}

/// The item of `owner_id` with this code.
pub fn by_code(tx: &Connection, owner_id: i64, code: &str) -> rusqlite::Result<Option<Item>> {
    tx.prepare_cached(concat!(
        item_select!(),
        "WHERE i.owner_id = ?1 AND i.code = ?2"
    ))?
    .query_row(params![owner_id, code], item_from_row)
    .optional()
}

/// The item with this id, if it exists and belongs to `owner_id`.
pub fn by_id(tx: &Connection, owner_id: i64, id: i64) -> rusqlite::Result<Option<Item>> {
    tx.prepare_cached(concat!(
        item_select!(),
        "WHERE i.id = ?1 AND i.owner_id = ?2"
    ))?
    .query_row([id, owner_id], item_from_row)
    .optional()
}

fn written(tx: &Connection, id: i64) -> rusqlite::Result<Item> {
    tx.prepare_cached(concat!(item_select!(), "WHERE i.id = ?1"))?
        .query_row([id], item_from_row)
}

/// Inserts a new item. A name already taken fails with the UNIQUE
/// constraint (extended code 2067), which the caller reports as a conflict.
///
/// A plain INSERT (no RETURNING, no read back): this is the inner loop of
/// an import, and RETURNING would make SQLite keep a statement journal.
pub fn insert(tx: &Connection, owner: &OwnerRef, new: &NewItem<'_>) -> rusqlite::Result<Item> {
    tx.prepare_cached(
        "INSERT INTO items (owner_id, name, name_key, quantity, created_at, updated_at, \
         unit, min_quantity, location, tags, code, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        owner.id,
        new.name.as_str(),
        new.name.key(),
        new.quantity.get() as i64,
        new.now.as_millis(),
        new.unit.map(Unit::as_str),
        new.min.map(|m| m.get() as i64),
        new.location.map(Location::as_str),
        new.tags.joined(),
        new.code.map(Code::as_str),
        new.note.map(Note::as_str),
    ])?;
    Ok(new.created(tx.last_insert_rowid(), owner))
}

/// How many items [`insert_many`] creates with one statement.
pub const INSERT_BATCH: usize = 64;

/// The INSERT of items without a location, tags, a code or a note, up to
/// its VALUES: those columns keep their defaults.
const PLAIN_INSERT: &str = "INSERT INTO items (owner_id, name, name_key, quantity, created_at, \
                            updated_at, unit, min_quantity) VALUES ";

/// Parameters per item of [`PLAIN_INSERT`] (the creation and change times
/// share one).
const PLAIN_PARAMS: usize = 6;

/// The INSERT of items with every column, up to its VALUES.
const DETAILED_INSERT: &str = "INSERT INTO items (owner_id, name, name_key, quantity, \
                               created_at, updated_at, unit, min_quantity, location, tags, \
                               code, note) VALUES ";

/// Parameters per item of [`DETAILED_INSERT`].
const DETAILED_PARAMS: usize = 10;

/// `insert` followed by the rows of [`INSERT_BATCH`] items: `?1` the
/// owner, then `params` parameters per item, the fourth (the creation time)
/// written twice, for `created_at` and `updated_at`. Fixed text, made once.
fn batch_sql(insert: &str, params: usize) -> String {
    let mut sql = String::from(insert);
    for row in 0..INSERT_BATCH {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push_str("(?1");
        let first = 1 + row * params;
        for p in first + 1..=first + params {
            // Writing to a String cannot fail.
            let _ = write!(sql, ", ?{p}");
            if p == first + 4 {
                let _ = write!(sql, ", ?{p}");
            }
        }
        sql.push(')');
    }
    sql
}

/// The batch INSERT of items without a location, tags, a code or a note:
/// those columns keep their defaults (most imports), and nothing is bound
/// for them.
static PLAIN_BATCH_SQL: LazyLock<String> = LazyLock::new(|| batch_sql(PLAIN_INSERT, PLAIN_PARAMS));

/// The batch INSERT of items some of which have a location, tags, a code
/// or a note.
static DETAILED_BATCH_SQL: LazyLock<String> =
    LazyLock::new(|| batch_sql(DETAILED_INSERT, DETAILED_PARAMS));

/// Inserts items of `owner`, all or none: [`INSERT_BATCH`] of them with
/// one statement, so that the statement's fixed costs are paid once per
/// batch instead of once per item; any other number one at a time inside a
/// savepoint. The ids are consecutive. A taken name fails with the UNIQUE
/// constraint, and nothing is inserted.
pub fn insert_many(
    tx: &Connection,
    owner: &OwnerRef,
    new: &[NewItem<'_>],
) -> rusqlite::Result<Vec<Item>> {
    if new.len() != INSERT_BATCH {
        tx.execute_batch("SAVEPOINT insert_items")?;
        let inserted: rusqlite::Result<Vec<Item>> =
            new.iter().map(|n| insert(tx, owner, n)).collect();
        if inserted.is_err() {
            tx.execute_batch("ROLLBACK TO insert_items")?;
        }
        tx.execute_batch("RELEASE insert_items")?;
        return inserted;
    }
    let detailed = new.iter().any(NewItem::has_details);
    let (mut stmt, per_item) = if detailed {
        (tx.prepare_cached(&DETAILED_BATCH_SQL)?, DETAILED_PARAMS)
    } else {
        (tx.prepare_cached(&PLAIN_BATCH_SQL)?, PLAIN_PARAMS)
    };
    stmt.raw_bind_parameter(1, owner.id)?;
    for (row, n) in new.iter().enumerate() {
        let p = 1 + row * per_item;
        stmt.raw_bind_parameter(p + 1, n.name.as_str())?;
        stmt.raw_bind_parameter(p + 2, n.name.key())?;
        stmt.raw_bind_parameter(p + 3, n.quantity.get() as i64)?;
        stmt.raw_bind_parameter(p + 4, n.now.as_millis())?;
        stmt.raw_bind_parameter(p + 5, n.unit.map(Unit::as_str))?;
        stmt.raw_bind_parameter(p + 6, n.min.map(|m| m.get() as i64))?;
        if detailed {
            stmt.raw_bind_parameter(p + 7, n.location.map(Location::as_str))?;
            stmt.raw_bind_parameter(p + 8, n.tags.joined())?;
            stmt.raw_bind_parameter(p + 9, n.code.map(Code::as_str))?;
            stmt.raw_bind_parameter(p + 10, n.note.map(Note::as_str))?;
        }
    }
    let inserted = stmt.raw_execute()?;
    debug_assert_eq!(inserted, INSERT_BATCH);
    let first = tx.last_insert_rowid() - (INSERT_BATCH as i64 - 1);
    Ok(new
        .iter()
        .zip(first..)
        .map(|(n, id)| n.created(id, owner))
        .collect())
}

/// Puts a removed item back exactly as `item` describes it, with its id
/// and creation time (the undo of a remove).
pub fn restore(tx: &Connection, owner_id: i64, item: &Item) -> rusqlite::Result<Item> {
    tx.prepare_cached(
        "INSERT INTO items (id, owner_id, name, name_key, quantity, created_at, updated_at, \
         unit, min_quantity, location, tags, code, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        item.id,
        owner_id,
        item.name,
        ItemName::key_of_normalised(&item.name),
        item.quantity.get() as i64,
        item.created_at.as_millis(),
        item.updated_at.as_millis(),
        item.unit.as_ref().map(Unit::as_str),
        item.min.map(|m| m.get() as i64),
        item.location.as_ref().map(Location::as_str),
        item.tags.joined(),
        item.code.as_ref().map(Code::as_str),
        item.note.as_ref().map(Note::as_str),
    ])?;
    written(tx, item.id)
}

/// Writes every changeable field of `item` (name, quantity, unit, min,
/// location, tags, code, note and `updated_at`) to its row; the id never
/// changes. Returns the item as written, which is `item`.
///
/// Most changes keep the name and the code (stock, unit, location, tags,
/// note), and are written by a statement that does not set them: SQLite
/// rewrites the entries of every index whose columns an UPDATE sets, even
/// to equal values, so setting the name would also write a page of the
/// name index (one more page in the WAL for every one-row change). That
/// statement matches the row only while its name and code are `item`'s;
/// when it matches nothing, the name or code changes, and every field is
/// written.
pub fn update(tx: &Connection, item: &Item) -> rusqlite::Result<Item> {
    let same_keys = tx
        .prepare_cached(
            "UPDATE items SET quantity = ?3, unit = ?4, min_quantity = ?5, updated_at = ?6, \
             location = ?7, tags = ?8, note = ?9 WHERE id = ?1 AND name = ?2 AND code IS ?10",
        )?
        .execute(params![
            item.id,
            item.name,
            item.quantity.get() as i64,
            item.unit.as_ref().map(Unit::as_str),
            item.min.map(|m| m.get() as i64),
            item.updated_at.as_millis(),
            item.location.as_ref().map(Location::as_str),
            item.tags.joined(),
            item.note.as_ref().map(Note::as_str),
            item.code.as_ref().map(Code::as_str),
        ])?;
    let written = if same_keys == 1 {
        1
    } else {
        tx.prepare_cached(
            "UPDATE items SET name = ?2, name_key = ?3, quantity = ?4, unit = ?5, \
             min_quantity = ?6, updated_at = ?7, location = ?8, tags = ?9, code = ?10, \
             note = ?11 WHERE id = ?1",
        )?
        .execute(params![
            item.id,
            item.name,
            ItemName::key_of_normalised(&item.name),
            item.quantity.get() as i64,
            item.unit.as_ref().map(Unit::as_str),
            item.min.map(|m| m.get() as i64),
            item.updated_at.as_millis(),
            item.location.as_ref().map(Location::as_str),
            item.tags.joined(),
            item.code.as_ref().map(Code::as_str),
            item.note.as_ref().map(Note::as_str),
        ])?
    };
    match written {
        1 => Ok(item.clone()),
        _ => Err(rusqlite::Error::QueryReturnedNoRows),
    }
}

/// Deletes item `id` of `owner_id`.
pub fn delete(tx: &Connection, owner_id: i64, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM items WHERE id = ?1 AND owner_id = ?2")?
        .execute([id, owner_id])?;
    Ok(())
}

/// Streams the items of `owner_id` that `query` selects to `each`, in order,
/// one row at a time: memory does not grow with the number of items.
pub fn for_each(
    tx: &Connection,
    owner_id: i64,
    query: &ListQuery,
    each: &mut dyn FnMut(Item) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut filter = DetailFilter::new(query, each);
    let mut stmt = tx.prepare_cached(list_sql(query.sort, query.reverse))?;
    let quantity = |q: Option<Quantity>| q.map(|q| q.get() as i64);
    let mut rows = stmt.query(params![
        owner_id,
        query.needle,
        filter.sql_limit(),
        query.low_only,
        quantity(query.qty_min),
        quantity(query.qty_max),
        query.updated_since.map(Timestamp::as_millis),
    ])?;
    while let Some(row) = rows.next()? {
        filter.offer(item_from_row(row)?)?;
    }
    Ok(())
}

/// Streams every owner's items to `each`, by owner, then name: `export
/// --all-owners`.
pub fn for_each_of_all_owners(
    tx: &Connection,
    each: &mut dyn FnMut(Item) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut stmt = tx.prepare_cached(concat!(
        item_select!(),
        "ORDER BY o.name_key, i.name_key, i.id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(item_from_row(row)?)?;
    }
    Ok(())
}

/// Streams every owner with how many items it holds, by owner name key:
/// `owners`.
pub fn for_each_owner(
    tx: &Connection,
    each: &mut dyn FnMut(OwnerItems) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut stmt = tx.prepare_cached(
        "SELECT o.name, (SELECT count(*) FROM items i WHERE i.owner_id = o.id) \
         FROM owners o ORDER BY o.name_key, o.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(OwnerItems {
            owner: row.get(0)?,
            items: row.get::<_, i64>(1)? as u64,
        })?;
    }
    Ok(())
}

/// Streams the display names of the items of `owner_id` whose name key
/// begins with `prefix`, in name-key order.
///
/// Keys beginning with `prefix` are exactly those from `prefix` up to, not
/// including, its [`successor`]: one range of the `UNIQUE (owner_id,
/// name_key)` index, so a Tab on 100,000 items reads only the names it
/// offers.
pub fn names(
    tx: &Connection,
    owner_id: i64,
    prefix: &str,
    each: &mut dyn FnMut(String) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut stmt;
    let mut rows = if let Some(end) = successor(prefix) {
        stmt = tx.prepare_cached(
            "SELECT name FROM items WHERE owner_id = ?1 AND name_key >= ?2 \
             AND name_key < ?3 ORDER BY name_key",
        )?;
        stmt.query(params![owner_id, prefix, end])?
    } else {
        stmt = tx.prepare_cached(
            "SELECT name FROM items WHERE owner_id = ?1 AND name_key >= ?2 ORDER BY name_key",
        )?;
        stmt.query(params![owner_id, prefix])?
    };
    while let Some(row) = rows.next()? {
        each(row.get(0)?)?;
    }
    Ok(())
}

/// The least text greater than every text that begins with `prefix`, in
/// SQLite's byte-wise order (code point order, for UTF-8): `prefix` with
/// its last character that has a successor replaced by it, and what
/// follows dropped. None when there is no such text (an empty prefix).
fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        // `char::from_u32` refuses the surrogates, which no text holds:
        // the successor of U+D7FF is U+E000.
        if let Some(next) = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{DETAILED_BATCH_SQL, INSERT_BATCH, PLAIN_BATCH_SQL, successor};

    #[test]
    fn batch_inserts_bind_one_parameter_per_column_and_share_the_creation_time() {
        assert!(PLAIN_BATCH_SQL.starts_with(
            "INSERT INTO items (owner_id, name, name_key, quantity, created_at, updated_at, \
             unit, min_quantity) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7), (?1, ?8, ?9,"
        ));
        assert!(PLAIN_BATCH_SQL.ends_with(&format!("?{})", 1 + INSERT_BATCH * 6)));
        assert!(DETAILED_BATCH_SQL.contains(
            "location, tags, code, note) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11), \
             (?1, ?12,"
        ));
        assert!(DETAILED_BATCH_SQL.ends_with(&format!("?{})", 1 + INSERT_BATCH * 10)));
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        connection
            .execute_batch(
                "CREATE TABLE items (owner_id, name, name_key, quantity, created_at, \
                 updated_at, unit, min_quantity, location, tags, code, note)",
            )
            .unwrap();
        let plain = connection.prepare(&PLAIN_BATCH_SQL).unwrap();
        assert_eq!(plain.parameter_count(), 1 + INSERT_BATCH * 6);
        let detailed = connection.prepare(&DETAILED_BATCH_SQL).unwrap();
        assert_eq!(detailed.parameter_count(), 1 + INSERT_BATCH * 10);
    }

    #[test]
    fn the_successor_of_a_prefix_bounds_the_keys_that_begin_with_it() {
        assert_eq!(successor("mi").as_deref(), Some("mj"));
        assert_eq!(successor("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(successor("b\u{10FFFF}").as_deref(), Some("c"));
        assert_eq!(successor(""), None);
        assert_eq!(successor("\u{10FFFF}"), None);
        for key in ["mi", "milk", "mi\u{10FFFF}x", "mi zz"] {
            assert!(
                key >= "mi" && key < successor("mi").unwrap().as_str(),
                "{key}"
            );
        }
        for key in ["mj", "mh", "m", "nil"] {
            assert!(
                !(key >= "mi" && key < successor("mi").unwrap().as_str()),
                "{key}"
            );
        }
    }
}
