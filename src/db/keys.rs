//! SQL for idempotency keys.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::domain::Timestamp;

/// A key's record: the command line it was first used with and the result
/// that run printed, as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The command line's fingerprint.
    pub fingerprint: String,
    /// The result, as JSON.
    pub result: String,
}

/// The record of `key` for `owner_id`, if a successful run stored one.
pub fn find(tx: &Transaction<'_>, owner_id: i64, key: &str) -> rusqlite::Result<Option<Recorded>> {
    tx.prepare_cached(
        "SELECT fingerprint, result FROM idempotency_keys WHERE owner_id = ?1 AND key = ?2",
    )?
    .query_row(params![owner_id, key], |r| {
        Ok(Recorded {
            fingerprint: r.get(0)?,
            result: r.get(1)?,
        })
    })
    .optional()
}

/// Stores `key`'s record in the command's transaction.
pub fn insert(
    tx: &Transaction<'_>,
    owner_id: i64,
    key: &str,
    record: &Recorded,
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
