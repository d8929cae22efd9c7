//! A temporary database and shorthands for the service tests.

use std::time::Duration;

use super::{Added, Adjusted, Ctx, Level, Mode, Receipt, add, list, set_level};
use crate::db::Store;
use crate::domain::{Error, Item, ItemFields, ItemName, ItemRef, ListQuery, OwnerName, Quantity};

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub store: Store,
    pub alice: OwnerName,
    pub bob: OwnerName,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("inventory.db"), Duration::from_secs(5));
    Fixture {
        _dir: dir,
        store,
        alice: OwnerName::parse("alice").unwrap(),
        bob: OwnerName::parse("bob").unwrap(),
    }
}

/// A reference to an existing item, as a command line gives it.
pub fn name(text: &str) -> ItemRef {
    ItemRef::parse(text).unwrap()
}

/// A name being given to an item.
pub fn new_name(text: &str) -> ItemName {
    ItemName::parse(text).unwrap()
}

pub fn qty(n: u64) -> Quantity {
    Quantity::new(n).unwrap()
}

pub fn fields(n: u64) -> ItemFields {
    ItemFields {
        quantity: qty(n),
        ..ItemFields::default()
    }
}

/// `set NAME N`.
pub fn set(
    ctx: &Ctx<'_>,
    name: &ItemRef,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Receipt<Adjusted>, Error> {
    set_level(ctx, Level::Set, name, quantity, reason)
}

/// `count NAME N`.
pub fn count(
    ctx: &Ctx<'_>,
    name: &ItemRef,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Receipt<Adjusted>, Error> {
    set_level(ctx, Level::Count, name, quantity, reason)
}

impl Fixture {
    pub fn ctx<'a>(&'a self, owner: &'a OwnerName, mode: Mode) -> Ctx<'a> {
        Ctx::new(&self.store, owner, "tester", mode)
    }

    /// Alice, committing.
    pub fn alice(&self) -> Ctx<'_> {
        self.ctx(&self.alice, Mode::Commit)
    }

    pub fn add(&self, owner: &OwnerName, text: &str, n: u64) -> Item {
        match add(
            &self.ctx(owner, Mode::Commit),
            &new_name(text),
            &fields(n),
            false,
        )
        .unwrap()
        .value
        {
            Added::Created(item) => item,
            Added::Existing(item) => panic!("{item:?} already existed"),
        }
    }

    pub fn list(&self, owner: &OwnerName) -> Vec<Item> {
        let mut items = Vec::new();
        list(
            &self.ctx(owner, Mode::Commit),
            &ListQuery::default(),
            |item| {
                items.push(item);
                Ok(())
            },
        )
        .unwrap();
        items
    }

    /// Every row of every table, as text: two equal dumps mean nothing a
    /// later command could observe has changed.
    pub fn dump(&self) -> Vec<String> {
        self.store.dump()
    }

    /// Asserts that replaying the whole ledger gives exactly the items table.
    pub fn assert_ledger_replays(&self) {
        let replayed = super::replay_all(&self.store).unwrap();
        let current = super::current_items(&self.store).unwrap();
        assert_eq!(
            replayed, current,
            "the ledger does not replay to the items table"
        );
    }
}
