//! SQL for owners and items. Every function takes the command's
//! transaction; every value from a user is a bound parameter.

use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::domain::{Item, ItemName, ListQuery, OwnerName, Quantity, SortKey, Timestamp};

/// The columns every item query selects, in [`item_from_row`]'s order.
macro_rules! item_select {
    () => {
        "SELECT i.id, o.name, i.name, i.quantity, i.created_at, i.updated_at \
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

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    let quantity: i64 = row.get(3)?;
    let quantity = u64::try_from(quantity)
        .ok()
        .and_then(Quantity::new)
        .ok_or(rusqlite::Error::IntegralValueOutOfRange(3, quantity))?;
    Ok(Item {
        id: row.get(0)?,
        owner: row.get(1)?,
        name: row.get(2)?,
        quantity,
        created_at: Timestamp::from_millis(row.get(4)?),
        updated_at: Timestamp::from_millis(row.get(5)?),
    })
}

/// The id of `owner`, if it has ever been written to.
pub fn owner_id(tx: &Transaction<'_>, owner: &OwnerName) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM owners WHERE name_key = ?1")?
        .query_row([owner.key()], |r| r.get(0))
        .optional()
}

/// The id of `owner`, creating the owner on its first write.
pub fn ensure_owner(tx: &Transaction<'_>, owner: &OwnerName) -> rusqlite::Result<i64> {
    if let Some(id) = owner_id(tx, owner)? {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO owners (name, name_key) VALUES (?1, ?2) RETURNING id")?
        .query_row(params![owner.as_str(), owner.key()], |r| r.get(0))
}

/// The item of `owner_id` whose name key is `key`.
pub fn find(tx: &Transaction<'_>, owner_id: i64, key: &str) -> rusqlite::Result<Option<Item>> {
    tx.prepare_cached(concat!(
        item_select!(),
        "WHERE i.owner_id = ?1 AND i.name_key = ?2"
    ))?
    .query_row(params![owner_id, key], item_from_row)
    .optional()
}

fn by_id(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<Item> {
    tx.prepare_cached(concat!(item_select!(), "WHERE i.id = ?1"))?
        .query_row([id], item_from_row)
}

/// Inserts a new item. A name already taken fails with the UNIQUE
/// constraint (extended code 2067), which the caller reports as a conflict.
pub fn insert(
    tx: &Transaction<'_>,
    owner_id: i64,
    name: &ItemName,
    quantity: Quantity,
    now: Timestamp,
) -> rusqlite::Result<Item> {
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO items (owner_id, name, name_key, quantity, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
        )?
        .query_row(
            params![
                owner_id,
                name.as_str(),
                name.key(),
                quantity.get() as i64,
                now.as_millis()
            ],
            |r| r.get(0),
        )?;
    by_id(tx, id)
}

/// Gives item `id` a new display name and key; the id never changes.
pub fn rename(
    tx: &Transaction<'_>,
    id: i64,
    name: &ItemName,
    now: Timestamp,
) -> rusqlite::Result<Item> {
    tx.prepare_cached("UPDATE items SET name = ?2, name_key = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![id, name.as_str(), name.key(), now.as_millis()])?;
    by_id(tx, id)
}

/// Deletes item `id`.
pub fn delete(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM items WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Streams the items of `owner_id` that `query` selects to `each`, in order,
/// one row at a time: memory does not grow with the number of items.
pub fn for_each<E>(
    tx: &Transaction<'_>,
    owner_id: i64,
    query: &ListQuery,
    mut each: impl FnMut(Item) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<rusqlite::Error>,
{
    let limit = query
        .limit
        .map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let mut stmt = tx.prepare_cached(list_sql(query.sort, query.reverse))?;
    let mut rows = stmt.query(params![owner_id, query.needle, limit])?;
    while let Some(row) = rows.next()? {
        each(item_from_row(row)?)?;
    }
    Ok(())
}
