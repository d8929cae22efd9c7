//! SQL for idempotency keys.

use rusqlite::{Connection, OptionalExtension, params};

use crate::db::StoredKey;
use crate::domain::Timestamp;

/// The record of `key` for `owner_id`, if a successful run stored one.
pub fn find(tx: &Connection, owner_id: i64, key: &str) -> rusqlite::Result<Option<StoredKey>> {
    tx.prepare_cached(
        "SELECT fingerprint, result FROM idempotency_keys WHERE owner_id = ?1 AND key = ?2",
    )?
    .query_row(params![owner_id, key], |r| {
        Ok(StoredKey {
            fingerprint: r.get(0)?,
            result: r.get(1)?,
        })
    })
    .optional()
}

/// Stores `key`'s record in the command's transaction.
pub fn insert(
    tx: &Connection,
    owner_id: i64,
    key: &str,
    record: &StoredKey,
    at: Timestamp,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO idempotency_keys (owner_id, key, fingerprint, result, at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        owner_id,
        key,
        record.fingerprint,
        record.result,
        at.as_millis()
    ])?;
    Ok(())
}
