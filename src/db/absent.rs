//! The transaction of a command that found no database: every read finds
//! nothing, so `list` prints the empty result and `remove` reports the item
//! missing, and nothing is ever created.

use super::{
    HistoryFilter, NewEvent, NewItem, NewOperation, Operation, OwnerRef, Record, StorageTxn,
    StoredKey,
};
use crate::domain::{
    Code, Error, Event, IdempotencyKey, Item, ListQuery, OwnerItems, OwnerName, Timestamp,
};

/// No database: no owners, so no items, events or keys.
pub(super) struct Absent;

/// A write reached a database that does not exist. The service never asks
/// (nothing can be written without an owner, and there is none), so this
/// is a bug if it is ever seen.
fn no_database() -> Error {
    Error::Internal(anyhow::anyhow!(
        "a write reached a database that does not exist"
    ))
}

impl StorageTxn for Absent {
    fn exists(&self) -> bool {
        false
    }

    fn owner(&mut self, _: &OwnerName) -> Result<Option<OwnerRef>, Error> {
        Ok(None)
    }

    fn ensure_owner(&mut self, _: &OwnerName) -> Result<OwnerRef, Error> {
        Err(no_database())
    }

    fn find_item(&mut self, _: &OwnerRef, _: &str) -> Result<Option<Item>, Error> {
        Ok(None)
    }

    fn item_by_id(&mut self, _: &OwnerRef, _: i64) -> Result<Option<Item>, Error> {
        Ok(None)
    }

    fn item_by_code(&mut self, _: &OwnerRef, _: &Code) -> Result<Option<Item>, Error> {
        Ok(None)
    }

    fn insert_item(&mut self, _: &OwnerRef, _: &NewItem<'_>) -> Result<Item, Error> {
        Err(no_database())
    }

    fn insert_items(&mut self, _: &OwnerRef, _: &[NewItem<'_>]) -> Result<Vec<Item>, Error> {
        Err(no_database())
    }

    fn item_names(
        &mut self,
        _: &OwnerRef,
        _: &str,
        _: &mut dyn FnMut(String) -> Result<(), Error>,
    ) -> Result<(), Error> {
        Ok(())
    }

    fn restore_item(&mut self, _: &OwnerRef, _: &Item) -> Result<Item, Error> {
        Err(no_database())
    }

    fn update_item(&mut self, _: &OwnerRef, _: &Item) -> Result<Item, Error> {
        Err(no_database())
    }

    fn delete_item(&mut self, _: &OwnerRef, _: i64) -> Result<(), Error> {
        Err(no_database())
    }

    fn items(
        &mut self,
        _: &OwnerRef,
        _: &ListQuery,
        _: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error> {
        Ok(())
    }

    fn items_of_all_owners(
        &mut self,
        _: &mut dyn FnMut(Item) -> Result<(), Error>,
    ) -> Result<(), Error> {
        Ok(())
    }

    fn owners(&mut self, _: &mut dyn FnMut(OwnerItems) -> Result<(), Error>) -> Result<(), Error> {
        Ok(())
    }

    fn insert_operation(&mut self, _: &NewOperation<'_>) -> Result<i64, Error> {
        Err(no_database())
    }

    fn insert_event(&mut self, _: &NewEvent<'_>) -> Result<(), Error> {
        Err(no_database())
    }

    fn history(
        &mut self,
        _: &OwnerRef,
        _: &HistoryFilter,
        _: &mut dyn FnMut(Event) -> Result<(), Error>,
    ) -> Result<(), Error> {
        Ok(())
    }

    fn replay_events(
        &mut self,
        _: Option<&OwnerRef>,
        _: Option<Timestamp>,
    ) -> Result<Vec<Event>, Error> {
        Ok(Vec::new())
    }

    fn events_of(&mut self, _: i64) -> Result<Vec<Event>, Error> {
        Ok(Vec::new())
    }

    fn operation(&mut self, _: &OwnerRef, _: i64) -> Result<Option<Operation>, Error> {
        Ok(None)
    }

    fn last_undoable(&mut self, _: &OwnerRef) -> Result<Option<Operation>, Error> {
        Ok(None)
    }

    fn find_key(&mut self, _: &OwnerRef, _: &IdempotencyKey) -> Result<Option<StoredKey>, Error> {
        Ok(None)
    }

    fn insert_key(
        &mut self,
        _: &OwnerRef,
        _: &IdempotencyKey,
        _: &StoredKey,
        _: Timestamp,
    ) -> Result<(), Error> {
        Err(no_database())
    }

    fn sees_every_owner(&mut self) -> Result<bool, Error> {
        Ok(true)
    }

    fn is_empty(&mut self) -> Result<bool, Error> {
        Ok(true)
    }

    fn records(&mut self, _: &mut dyn FnMut(Record) -> Result<(), Error>) -> Result<(), Error> {
        Ok(())
    }

    fn load(&mut self, _: Record) -> Result<(), Error> {
        Err(no_database())
    }

    fn finish_load(&mut self) -> Result<(), Error> {
        Err(no_database())
    }

    fn commit(self: Box<Self>) -> Result<(), Error> {
        Ok(())
    }
}
