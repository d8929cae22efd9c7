//! The pure core: names, quantities, items, the rules between them, and the
//! error type. Nothing here does I/O.

mod apply;
mod bulk;
mod details;
mod error;
mod event;
mod fields;
mod idempotency;
mod item;
mod name;
mod quantity;
mod query;
mod select;
mod stock;
mod time;

pub use apply::{
    ApplyKind, ApplyLine, ApplyOp, ApplyStep, Changes, ItemChange, Preconditions, Retag,
};
pub use bulk::{ImportItem, ImportRow, OnConflict, OneOwner};
pub use details::{
    Code, ItemRef, Location, MAX_CODE_CHARS, MAX_NOTE_CHARS, MAX_TAG_CHARS, Note, Tag, Tags,
    escape_name, unescape_name,
};
pub use error::{Error, ErrorKind, Outcome, Signal};
pub use event::{Event, EventKind, Transition, replay};
pub use fields::{ItemFields, parse_min, quantity_field};
pub use idempotency::{IdempotencyKey, MAX_IDEMPOTENCY_KEY_CHARS};
pub use item::{Item, OwnerItems};
pub(crate) use name::quoted;
pub use name::{
    ItemName, MAX_ITEM_NAME_CHARS, MAX_OWNER_NAME_CHARS, OwnerName, match_needle, prefix_key,
};
pub use quantity::Quantity;
pub use query::{ListQuery, SortKey};
pub use select::Fields;
pub use stock::{Delta, MAX_REASON_CHARS, MAX_UNIT_CHARS, Unit, parse_reason, sparkline};
pub use time::Timestamp;

/// The conflict reported when `name` is already taken for `owner`, whether
/// the domain saw it first or the database's UNIQUE constraint did.
#[must_use]
pub fn name_taken(owner: &str, name: &str) -> Error {
    Error::Conflict(format!(
        "an item named {} already exists for owner {owner:?}",
        quoted(name)
    ))
}

/// The conflict reported when `code` is already on another item of
/// `owner` (`holder`), whether the domain saw it first or the database's
/// unique index did.
#[must_use]
pub fn code_taken(owner: &str, code: &Code, holder: &str) -> Error {
    Error::Conflict(format!(
        "the code {} is already on the item {} of owner {owner:?}",
        quoted(code.as_str()),
        quoted(holder)
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
