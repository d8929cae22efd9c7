//! The pure core: names, quantities, items, the rules between them, and the
//! error type. Nothing here does I/O.

mod bulk;
mod error;
mod event;
mod item;
mod name;
mod quantity;
mod query;
mod stock;
mod time;

pub use bulk::{ApplyLine, ImportRow, OnConflict};
pub use error::{Error, ErrorKind, Outcome};
pub use event::{Event, Transition, replay};
pub use item::Item;
pub use name::{ItemName, MAX_ITEM_NAME_CHARS, MAX_OWNER_NAME_CHARS, OwnerName, match_needle};
pub use quantity::Quantity;
pub use query::{ListQuery, SortKey};
pub use stock::{Delta, MAX_REASON_CHARS, MAX_UNIT_CHARS, Unit, parse_reason, sparkline};
pub use time::Timestamp;

/// Longest idempotency key, in Unicode scalar values.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 256;

/// Checks an `--idempotency-key`: 1 to 256 characters, no control characters.
pub fn check_idempotency_key(key: &str) -> Result<(), Error> {
    let chars = key.chars().count();
    if key.chars().any(char::is_control) || chars == 0 || chars > MAX_IDEMPOTENCY_KEY_CHARS {
        return Err(Error::Invalid(format!(
            "invalid idempotency key {key:?}: expected 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters, none of them control characters"
        )));
    }
    Ok(())
}

/// The conflict reported when `name` is already taken for `owner`, whether
/// the domain saw it first or the database's UNIQUE constraint did.
#[must_use]
pub fn name_taken(owner: &OwnerName, name: &str) -> Error {
    Error::Conflict(format!(
        "an item named {name:?} already exists for owner {:?}",
        owner.as_str()
    ))
}

/// The error for a name that has no item for `owner`.
#[must_use]
pub fn not_found(owner: &OwnerName, names: &[&str]) -> Error {
    let list = names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let noun = if names.len() == 1 {
        "no item named"
    } else {
        "no items named"
    };
    Error::NotFound(format!("{noun} {list} for owner {:?}", owner.as_str()))
}
