//! The storage seam: what the service may ask of a database, and nothing
//! about how a backend answers.
//!
//! A command opens one [`StorageTxn`] from a [`Storage`], reads and writes
//! through its domain-level methods, and calls [`StorageTxn::commit`];
//! dropping the transaction without committing rolls it back. Methods take
//! and return domain types and [`domain::Error`](crate::domain::Error): each
//! backend maps its own codes (a UNIQUE violation comes back as
//! `Conflict`, a lock timeout as `Busy`), never the service.
//!
//! The SQLite backend lives in [`sqlite`]. [`conformance`] is the suite every
//! backend must pass.

mod absent;
#[cfg(test)]
pub(crate) mod conformance;
pub mod postgres;
pub mod runs;
pub mod sqlite;

use std::time::Duration;

use crate::domain::{
    Code, Error, Event, EventKind, IdempotencyKey, Item, ItemFields, ItemName, ListQuery, Location,
    Note, OwnerItems, OwnerName, Quantity, Tags, Timestamp, Transition, Unit,
};

pub use sqlite::{APPLICATION_ID, LATEST_VERSION, MIGRATIONS, Store, is_unique_violation};

/// The database a command runs against, as `--db` names it: a
/// `postgres://` or `postgresql://` URL is a PostgreSQL server; anything
/// else is the path of a SQLite file.
#[derive(Debug)]
pub enum Database {
    /// The embedded default.
    Sqlite(Store),
    /// A shared server.
    Postgres(Box<postgres::Server>),
}

impl Database {
    /// The database `db` names. Nothing is opened or connected yet.
    #[must_use]
    pub fn new(
        db: &std::path::Path,
        at_default_location: bool,
        pg_schema: &str,
        busy_timeout: Duration,
    ) -> Self {
        match db.to_str() {
            Some(url) if postgres::is_postgres_url(url) => Self::Postgres(Box::new(
                postgres::Server::new(url, pg_schema, busy_timeout),
            )),
            _ => Self::Sqlite(
                Store::new(db.to_path_buf(), busy_timeout).at_default_location(at_default_location),
            ),
        }
    }

    /// The database as the service sees it.
    #[must_use]
    pub fn storage(&self) -> &dyn Storage {
        match self {
            Self::Sqlite(store) => store,
            Self::Postgres(server) => &**server,
        }
    }
}

/// `db` as it may be shown (config show, doctor, logs): a URL's password
/// replaced by `***`.
#[must_use]
pub fn shown(db: &std::path::Path) -> String {
    match db.to_str() {
        Some(url) if postgres::is_postgres_url(url) => postgres::connect::redact(url),
        _ => db.display().to_string(),
    }
}

/// Why a command opens the database. It decides what happens when there is
/// no database yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only read: a missing database is an empty one, and is not created.
    Read,
    /// Only read, and write nothing at all, not even a migration: a
    /// database at an older schema version reads as no database. Shell
    /// completion reads this way, at every press of Tab.
    Peek,
    /// Change existing items (`remove`, `rename`, `adjust`, `undo`, ...):
    /// with no database there is nothing to change, and nothing is created.
    Change,
    /// Write, creating the database if need be (`add`, `import`, `apply`).
    Create,
    /// Write as `Create`, to the items of any number of owners (`import
    /// --all-owners`). A server backend serialises it with every other
    /// writer, so that two such imports can never wait for each other's
    /// owners.
    CreateForAll,
}

impl Access {
    /// True when a missing database is created.
    #[must_use]
    pub fn creates(self) -> bool {
        matches!(self, Self::Create | Self::CreateForAll)
    }

    /// True when the transaction may write.
    #[must_use]
    pub fn writes(self) -> bool {
        !matches!(self, Self::Read | Self::Peek)
    }
}

/// A database CountIQ can run commands against.
pub trait Storage {
    /// Begins the one transaction of a command. A write transaction
    /// (`Change`, `Create`) holds the database's write lock from its start,
    /// so everything it reads stays true until it commits.
    ///
    /// With no database and `Read` or `Change` access, the transaction
    /// answers every read with nothing and [`StorageTxn::exists`] is false.
    fn txn(&self, access: Access) -> Result<Box<dyn StorageTxn + '_>, Error>;

    /// A stand-in for a dry run, when running on this storage would create
    /// something that a dry run must not leave behind (a new file).
    fn dry_run_stand_in(&self) -> Result<Option<Box<dyn Storage>>, Error> {
        Ok(None)
    }

    /// How long commands waited for locks so far.
    fn lock_wait(&self) -> Duration;

    /// How long a command the server aborted ([`Error::Aborted`]) may be
    /// run again for: the busy timeout where that can happen, zero where
    /// it cannot.
    fn retry_within(&self) -> Duration {
        Duration::ZERO
    }

    /// Who the ledger records as having run commands, when the storage
    /// knows better than the OS user (a server's login role).
    fn actor(&self) -> Option<String> {
        None
    }

    /// The owner to act for when none was named, when the storage decides
    /// it (a server whose owners are database roles: the login role).
    fn default_owner(&self) -> Result<Option<String>, Error> {
        Ok(None)
    }
}

/// One command's transaction. Dropping it without [`commit`](Self::commit)
/// rolls everything back.
pub trait StorageTxn {
    /// False when there is no database: every read finds nothing.
    fn exists(&self) -> bool;

    /// The stored owner called `owner`, if it has ever been written to.
    fn owner(&mut self, owner: &OwnerName) -> Result<Option<OwnerRef>, Error>;

    /// The stored owner called `owner`, created on its first write.
    fn ensure_owner(&mut self, owner: &OwnerName) -> Result<OwnerRef, Error>;

    /// The owner's item whose name key is `key`.
    fn find_item(&mut self, owner: &OwnerRef, key: &str) -> Result<Option<Item>, Error>;

    /// The owner's item with this code.
    fn item_by_code(&mut self, owner: &OwnerRef, code: &Code) -> Result<Option<Item>, Error>;

    /// The owner's item with this id.
    fn item_by_id(&mut self, owner: &OwnerRef, id: i64) -> Result<Option<Item>, Error>;

    /// Creates an item. A name the owner already has is `Conflict`, with
    /// the same message as the domain's own check.
    fn insert_item(&mut self, owner: &OwnerRef, new: &NewItem<'_>) -> Result<Item, Error>;

    /// Creates several items of one owner, in order, all or none. A name
    /// taken (by a stored item or an earlier one of `new`) is `Conflict`
    /// and creates nothing: the caller then creates them one at a time to
    /// find which. A backend may do it with fewer statements than one per
    /// item: this is an import's inner loop.
    fn insert_items(&mut self, owner: &OwnerRef, new: &[NewItem<'_>]) -> Result<Vec<Item>, Error>;

    /// How many items [`insert_items`](Self::insert_items) creates best
    /// at once.
    fn batch_size(&self) -> usize {
        1
    }

    /// Puts a removed item back with its id and creation time (an undo).
    fn restore_item(&mut self, owner: &OwnerRef, item: &Item) -> Result<Item, Error>;

    /// Writes every changeable field of `item` (name, quantity, unit, min,
    /// location, tags, code, note, `updated_at`); the id never changes. A
    /// name or code taken by another item is `Conflict`.
    fn update_item(&mut self, owner: &OwnerRef, item: &Item) -> Result<Item, Error>;

    /// Deletes an item.
    fn delete_item(&mut self, owner: &OwnerRef, id: i64) -> Result<(), Error>;

    /// Streams the owner's items that `query` selects, in its order, one at
    /// a time: memory does not grow with the number of items.
    fn items(
        &mut self,
        owner: &OwnerRef,
        query: &ListQuery,
        each: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// Streams the display names of the owner's items whose name key
    /// begins with `prefix` (a key, or part of one), in name-key order.
    fn item_names(
        &mut self,
        owner: &OwnerRef,
        prefix: &str,
        each: &mut dyn FnMut(String) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// Streams every owner's items: by owner name key, then name key, then id.
    fn items_of_all_owners(
        &mut self,
        each: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// Streams every owner this transaction may see, with how many items
    /// each holds, by owner name key. On a server whose owners are
    /// database roles, the owners table's policy leaves out the owners the
    /// login role may not act for.
    fn owners(
        &mut self,
        each: &mut dyn FnMut(OwnerItems) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// Appends an operation to the ledger and returns its id.
    fn insert_operation(&mut self, op: &NewOperation<'_>) -> Result<i64, Error>;

    /// Appends one event of operation `op`.
    fn insert_event(&mut self, event: &NewEvent<'_>) -> Result<(), Error>;

    /// Streams the owner's events that `filter` selects, newest first.
    fn history(
        &mut self,
        owner: &OwnerRef,
        filter: &HistoryFilter,
        each: &mut dyn FnMut(Event) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// Every event, oldest first, of one owner (or all) up to a time: the
    /// input of a replay.
    fn replay_events(
        &mut self,
        owner: Option<&OwnerRef>,
        until: Option<Timestamp>,
    ) -> Result<Vec<Event>, Error>;

    /// The events of one operation, in order.
    fn events_of(&mut self, op: i64) -> Result<Vec<Event>, Error>;

    /// Operation `id`, if it is one of the owner's.
    fn operation(&mut self, owner: &OwnerRef, id: i64) -> Result<Option<Operation>, Error>;

    /// The owner's most recent operation that can still be undone: not an
    /// undo, not the baseline, not undone already.
    fn last_undoable(&mut self, owner: &OwnerRef) -> Result<Option<Operation>, Error>;

    /// What a successful run with this key stored, if one did.
    fn find_key(
        &mut self,
        owner: &OwnerRef,
        key: &IdempotencyKey,
    ) -> Result<Option<StoredKey>, Error>;

    /// Records a key with its run, in this transaction.
    fn insert_key(
        &mut self,
        owner: &OwnerRef,
        key: &IdempotencyKey,
        record: &StoredKey,
        at: Timestamp,
    ) -> Result<(), Error>;

    /// Whether this transaction sees every owner's rows. False where the
    /// database hides the owners a login may not act for (PostgreSQL's
    /// row-level security, for a role that cannot bypass it): a copy of
    /// what it sees would not be the whole database.
    fn sees_every_owner(&mut self) -> Result<bool, Error>;

    /// True when the database holds no owner, and so nothing at all.
    fn is_empty(&mut self) -> Result<bool, Error>;

    /// Streams every row this transaction sees, as stored (ids, name keys
    /// and times included): the owners, then the items, the operations
    /// (each after the one it undoes), their events, and the idempotency
    /// keys. Memory does not grow with the number of rows.
    fn records(&mut self, each: &mut dyn FnMut(Record) -> Result<(), Error>) -> Result<(), Error>;

    /// Writes one row as it was stored, ids included, into an empty
    /// database, in the order [`records`](Self::records) streams them. A
    /// backend may hold rows back to write them in batches; call
    /// [`finish_load`](Self::finish_load) after the last.
    fn load(&mut self, record: Record) -> Result<(), Error>;

    /// Writes the rows [`load`](Self::load) held back, and moves the id
    /// sequences past every id loaded (an item's id counts while an event
    /// names it, even once the item is removed), so that later ids are
    /// never reused.
    fn finish_load(&mut self) -> Result<(), Error>;

    /// Makes the transaction's changes permanent.
    fn commit(self: Box<Self>) -> Result<(), Error>;

    /// Ends a dry run: undoes everything, once whatever the backend held
    /// back or left running has been written or has finished, so that a
    /// write that would have failed before COMMIT fails here as well.
    /// Dropping the transaction also undoes it, without that check.
    fn rollback(self: Box<Self>) -> Result<(), Error> {
        Ok(())
    }
}

/// An owner as stored: its id and the display name it was created with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRef {
    /// The id items and operations refer to.
    pub id: i64,
    /// The display name shown in items' `owner` field.
    pub name: String,
}

/// What [`StorageTxn::insert_item`] needs to create an item.
#[derive(Debug, Clone, Copy)]
pub struct NewItem<'a> {
    /// The name.
    pub name: &'a ItemName,
    /// The starting quantity.
    pub quantity: Quantity,
    /// The unit, if any.
    pub unit: Option<&'a Unit>,
    /// The reorder level, if any.
    pub min: Option<Quantity>,
    /// Where it is, if anywhere.
    pub location: Option<&'a Location>,
    /// Its tags.
    pub tags: &'a Tags,
    /// Its code, if any.
    pub code: Option<&'a Code>,
    /// Its note, if any.
    pub note: Option<&'a Note>,
    /// Creation (and update) time.
    pub now: Timestamp,
}

impl<'a> NewItem<'a> {
    /// The creation of an item called `name` with `fields`, at `now`.
    #[must_use]
    pub fn from_fields(name: &'a ItemName, fields: &'a ItemFields, now: Timestamp) -> Self {
        Self {
            name,
            quantity: fields.quantity,
            unit: fields.unit.as_ref(),
            min: fields.min,
            location: fields.location.as_ref(),
            tags: &fields.tags,
            code: fields.code.as_ref(),
            note: fields.note.as_ref(),
            now,
        }
    }

    /// True when the item has a location, tags, a code or a note.
    #[must_use]
    pub fn has_details(&self) -> bool {
        self.location.is_some()
            || !self.tags.is_empty()
            || self.code.is_some()
            || self.note.is_some()
    }

    /// The item as created, once the storage gave it `id`.
    #[must_use]
    pub fn created(&self, id: i64, owner: &OwnerRef) -> Item {
        Item {
            id,
            owner: owner.name.clone(),
            name: self.name.as_str().to_owned(),
            quantity: self.quantity,
            created_at: self.now,
            updated_at: self.now,
            unit: self.unit.cloned(),
            min: self.min,
            location: self.location.cloned(),
            tags: self.tags.clone(),
            code: self.code.cloned(),
            note: self.note.cloned(),
        }
    }
}

/// The part of a `list` a backend's SQL leaves to the domain: the location,
/// tag and code filters (see [`ListQuery::keeps_details`]) and, when one of
/// them is in use, the limit, which must count only the items they keep.
pub(crate) struct DetailFilter<'q, 'e> {
    query: &'q ListQuery,
    each: &'e mut dyn FnMut(Item) -> Result<(), Error>,
    left: Option<u64>,
}

impl<'q, 'e> DetailFilter<'q, 'e> {
    /// Wraps the consumer of a `list`'s rows.
    pub(crate) fn new(
        query: &'q ListQuery,
        each: &'e mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Self {
        let left = if query.has_detail_filter() {
            query.limit
        } else {
            None
        };
        Self { query, each, left }
    }

    /// The limit the SQL may apply itself: none while the domain filters.
    pub(crate) fn sql_limit(&self) -> i64 {
        match self.query.limit {
            Some(n) if !self.query.has_detail_filter() => i64::try_from(n).unwrap_or(i64::MAX),
            _ => -1,
        }
    }

    /// Passes `item` on if the filters keep it and the limit allows.
    pub(crate) fn offer(&mut self, item: Item) -> Result<(), Error> {
        if !self.query.keeps_details(&item) || self.left == Some(0) {
            return Ok(());
        }
        if let Some(left) = &mut self.left {
            *left -= 1;
        }
        (self.each)(item)
    }
}

/// A new operation's header.
#[derive(Debug, Clone, Copy)]
pub struct NewOperation<'a> {
    /// Whose items it changes.
    pub owner_id: i64,
    /// The command that made it.
    pub command: &'a str,
    /// `--reason`, if given.
    pub reason: Option<&'a str>,
    /// When.
    pub at: Timestamp,
    /// Who ran it.
    pub actor: &'a str,
    /// For an undo, the operation it reverts.
    pub undoes: Option<i64>,
}

/// One event to append: an item's transition within an operation.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent<'a> {
    /// The operation.
    pub op: i64,
    /// Position within the operation, from 1.
    pub seq: i64,
    /// When.
    pub at: Timestamp,
    /// What made the change.
    pub kind: EventKind,
    /// The change.
    pub change: Transition<'a>,
}

/// What [`StorageTxn::history`] selects.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Only events of items that were ever called this (a name key).
    pub key: Option<String>,
    /// Only this item.
    pub item_id: Option<i64>,
    /// Only events at or after this time.
    pub since: Option<Timestamp>,
    /// Only events of these kinds; all kinds when empty.
    pub kinds: Vec<EventKind>,
    /// At most this many events.
    pub limit: Option<u64>,
}

/// An operation's header, as `undo` needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Its id.
    pub id: i64,
    /// The command that made it.
    pub command: String,
    /// The operation that undid it, if any.
    pub undone_by: Option<i64>,
}

/// An idempotency key's record: the fingerprint of the request it was first
/// used with, and that run's result in its stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// The request's fingerprint.
    pub fingerprint: String,
    /// The result, serialised by the service.
    pub result: String,
}

/// One stored row, as a whole-database copy moves it from one backend to
/// another: every value as stored, ids and name keys included, so that the
/// copy answers `list`, `history`, `undo` and `--as-of` as the original does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// An owner.
    Owner(OwnerRecord),
    /// An item.
    Item(Box<ItemRecord>),
    /// An operation of the ledger.
    Operation(OperationRecord),
    /// An event of an operation.
    Event(Box<EventRecord>),
    /// An idempotency key.
    Key(KeyRecord),
}

/// An owner as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRecord {
    /// Its id.
    pub id: i64,
    /// The display name.
    pub name: String,
    /// The name key, as CountIQ computed it when the owner was created.
    pub key: String,
}

/// An item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    /// Its owner's id.
    pub owner_id: i64,
    /// Its id.
    pub id: i64,
    /// The display name.
    pub name: String,
    /// The name key.
    pub key: String,
    /// The quantity.
    pub quantity: Quantity,
    /// The unit, if any.
    pub unit: Option<Unit>,
    /// The reorder level, if any.
    pub min: Option<Quantity>,
    /// Creation time.
    pub created_at: Timestamp,
    /// Time of the last change.
    pub updated_at: Timestamp,
    /// Where it is.
    pub location: Option<Location>,
    /// Its tags.
    pub tags: Tags,
    /// Its code.
    pub code: Option<Code>,
    /// Its note.
    pub note: Option<Note>,
}

/// An operation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRecord {
    /// Its owner's id.
    pub owner_id: i64,
    /// Its id.
    pub id: i64,
    /// The command that made it.
    pub command: String,
    /// `--reason`, if given.
    pub reason: Option<String>,
    /// When.
    pub at: Timestamp,
    /// Who ran it.
    pub actor: String,
    /// For an undo, the operation it reverted.
    pub undoes: Option<i64>,
}

/// An event as stored: an item's state before and after, with the name
/// keys of both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// The owner of its operation.
    pub owner_id: i64,
    /// Its operation.
    pub op: i64,
    /// Position within the operation, from 1.
    pub seq: i64,
    /// When.
    pub at: Timestamp,
    /// The item.
    pub item_id: i64,
    /// What made the change.
    pub kind: EventKind,
    /// The name before (none for a creation).
    pub name_before: Option<String>,
    /// The name after (none for a removal).
    pub name_after: Option<String>,
    /// The name key before.
    pub key_before: Option<String>,
    /// The name key after.
    pub key_after: Option<String>,
    /// The quantity before.
    pub qty_before: Option<Quantity>,
    /// The quantity after.
    pub qty_after: Option<Quantity>,
    /// The unit before.
    pub unit_before: Option<Unit>,
    /// The unit after.
    pub unit_after: Option<Unit>,
    /// The reorder level before.
    pub min_before: Option<Quantity>,
    /// The reorder level after.
    pub min_after: Option<Quantity>,
    /// The item's creation time.
    pub created_at: Timestamp,
    /// The location before.
    pub location_before: Option<Location>,
    /// The location after.
    pub location_after: Option<Location>,
    /// The tags before (none for a creation).
    pub tags_before: Option<Tags>,
    /// The tags after (none for a removal).
    pub tags_after: Option<Tags>,
    /// The code before.
    pub code_before: Option<Code>,
    /// The code after.
    pub code_after: Option<Code>,
    /// The note before.
    pub note_before: Option<Note>,
    /// The note after.
    pub note_after: Option<Note>,
}

/// An idempotency key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// Its owner's id.
    pub owner_id: i64,
    /// The key, as given.
    pub key: String,
    /// The request's fingerprint and the run's stored result.
    pub stored: StoredKey,
    /// When the run was recorded.
    pub at: Timestamp,
}
