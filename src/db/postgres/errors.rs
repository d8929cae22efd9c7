//! PostgreSQL's errors in the contract's kinds, by SQLSTATE and constraint
//! name, never by message.

use postgres::error::SqlState;

use crate::domain::Error;

/// The constraint behind "a name is unique per owner".
pub const ITEM_NAME_UNIQUE: &str = "items_owner_name_key_unique";

/// The constraint that makes a code unique per owner.
pub const ITEM_CODE_UNIQUE: &str = "items_owner_code_unique";

/// Translates a PostgreSQL error into the contract's kinds.
///
/// A broken connection is `Unavailable`: every caller but COMMIT's runs
/// before the commit was sent, so nothing changed (COMMIT makes its own
/// verdict, see `PgTxn::commit`).
impl From<postgres::Error> for Error {
    fn from(err: postgres::Error) -> Self {
        if let Some(db) = err.as_db_error() {
            let code = db.code();
            let message = db.message().to_lowercase();
            if *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
            {
                return Error::Aborted(format!(
                    "the server aborted the transaction to resolve a conflict with another ({message}); nothing changed; safe to retry"
                ));
            }
            if *code == SqlState::UNIQUE_VIOLATION && db.constraint() == Some(ITEM_CODE_UNIQUE) {
                return Error::Conflict(
                    "the code is already on another item of this owner".to_owned(),
                );
            }
            if *code == SqlState::LOCK_NOT_AVAILABLE {
                return busy();
            }
            if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
                || *code == SqlState::INSUFFICIENT_PRIVILEGE
            {
                return Error::Denied(format!("the server refused: {message}"));
            }
            if *code == SqlState::INVALID_CATALOG_NAME {
                return Error::Database(format!("the server has no such database: {message}"));
            }
            if code.code().starts_with("08")
                || code.code().starts_with("53")
                || code.code().starts_with("57P")
            {
                return Error::Unavailable(format!(
                    "the database server is unavailable ({message}); nothing changed; safe to retry"
                ));
            }
            if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
                return Error::Database(format!("the database cannot be written to ({message})"));
            }
            return Error::Internal(anyhow::Error::new(err).context("database error"));
        }
        if err.is_closed() || is_io(&err) {
            return Error::Unavailable(format!(
                "the connection to the database server was lost before the commit ({err}); nothing changed; safe to retry"
            ));
        }
        Error::Internal(anyhow::Error::new(err).context("database error"))
    }
}

/// True when the error is the connection's, not the statement's.
pub fn is_io(err: &postgres::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if cause.is::<std::io::Error>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// True when `err` is a UNIQUE violation of the constraint `name`.
pub fn violates(err: &postgres::Error, name: &str) -> bool {
    err.as_db_error()
        .is_some_and(|db| *db.code() == SqlState::UNIQUE_VIOLATION && db.constraint() == Some(name))
}

/// The owner's lock stayed taken past the busy timeout.
pub fn busy() -> Error {
    Error::Busy(
        "the database stayed locked past the busy timeout; nothing changed; safe to retry"
            .to_owned(),
    )
}

/// The client's own error that an I/O error of its `COPY` reader or writer
/// wraps (a cut connection, the server's refusal), in the contract's
/// kinds; any other I/O error as it is, for the caller to word.
pub fn of_copy_io(err: std::io::Error) -> Result<Error, std::io::Error> {
    let kind = err.kind();
    match err.into_inner() {
        Some(inner) => match inner.downcast::<postgres::Error>() {
            Ok(pg) => Ok(Error::from(*pg)),
            Err(other) => Err(std::io::Error::new(kind, other)),
        },
        None => Err(kind.into()),
    }
}
