//! SQLite's errors in the contract's kinds, by result code, never by message.

use rusqlite::ErrorCode;

use crate::domain::Error;

/// SQLite's extended result code for a UNIQUE constraint violation.
pub const SQLITE_CONSTRAINT_UNIQUE: i32 = 2067;

/// Translates an SQLite error into the contract's kinds by its result code,
/// never by its message.
impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => busy(),
            Some(ErrorCode::NotADatabase) => {
                Error::Database("the file is not a database".to_owned())
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                Error::Database("the database file is corrupt".to_owned())
            }
            Some(ErrorCode::ReadOnly) => {
                Error::Database("the database cannot be opened for writing".to_owned())
            }
            _ => Error::Internal(anyhow::Error::new(err).context("database error")),
        }
    }
}

pub(super) fn busy() -> Error {
    Error::Busy(
        "the database stayed locked past the busy timeout; nothing changed; safe to retry"
            .to_owned(),
    )
}

/// True when `err` is a UNIQUE constraint violation (extended code 2067).
#[must_use]
pub fn is_unique_violation(err: &rusqlite::Error) -> bool {
    err.sqlite_error()
        .is_some_and(|e| e.extended_code == SQLITE_CONSTRAINT_UNIQUE)
}
