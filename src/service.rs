//! One function per command. Each opens exactly one transaction, reads,
//! validates with the domain's rules, writes, and commits: a command that
//! returns an error has changed nothing, because its transaction is dropped
//! and dropping rolls back.

use rusqlite::Transaction;

use crate::db::{self, Store, items};
use crate::domain::{Error, Item, ItemName, ListQuery, OwnerName, Quantity, Timestamp};

/// Whether a command keeps its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Commit the transaction.
    Commit,
    /// Run the whole transition, then roll it back (`--dry-run`).
    DryRun,
}

/// What `add` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// A new item.
    Created(Item),
    /// `--exists-ok` and the name was taken: the existing item, unchanged.
    Existing(Item),
}

/// What `rename` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// The item before.
    pub before: Item,
    /// The item after; the same id.
    pub after: Item,
}

fn finish(tx: Transaction<'_>, mode: Mode) -> Result<(), Error> {
    match mode {
        Mode::Commit => tx.commit()?,
        Mode::DryRun => tx.rollback()?,
    }
    Ok(())
}

/// `add NAME [--qty N] [--exists-ok]`.
pub fn add(
    store: &Store,
    owner: &OwnerName,
    name: &ItemName,
    quantity: Quantity,
    exists_ok: bool,
    mode: Mode,
) -> Result<Added, Error> {
    let mut db = store.open_for_write()?;
    let tx = db.write()?;
    let owner_id = items::ensure_owner(&tx, owner)?;
    if let Some(existing) = items::find(&tx, owner_id, name.key())? {
        if !exists_ok {
            return Err(crate::domain::name_taken(owner, &existing.name));
        }
        finish(tx, mode)?;
        tracing::info!(command = "add", owner = %owner, id = existing.id, "item already exists");
        return Ok(Added::Existing(existing));
    }
    let item = items::insert(&tx, owner_id, name, quantity, Timestamp::now()).map_err(|e| {
        // Unreachable while the IMMEDIATE lock is held, but the schema is
        // the final authority: its verdict reads exactly like the domain's.
        if db::is_unique_violation(&e) {
            crate::domain::name_taken(owner, name.as_str())
        } else {
            e.into()
        }
    })?;
    finish(tx, mode)?;
    tracing::info!(command = "add", owner = %owner, id = item.id, name = %item.name,
        quantity = item.quantity.get(), dry_run = mode == Mode::DryRun, "item added");
    tracing::debug!(before = "none", after = ?item, "transition");
    Ok(Added::Created(item))
}

/// `list`: streams the owner's items to `each` in the requested order.
/// A missing database is an empty inventory, and is not created.
pub fn list(
    store: &Store,
    owner: &OwnerName,
    query: &ListQuery,
    each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(mut db) = store.open_for_read()? else {
        return Ok(());
    };
    let tx = db.read()?;
    let Some(owner_id) = items::owner_id(&tx, owner)? else {
        return Ok(());
    };
    items::for_each(&tx, owner_id, query, each)?;
    // Ends the read snapshot; nothing was written.
    tx.commit()?;
    Ok(())
}

/// `remove NAME... [--missing-ok]`: all named items or, when any is
/// missing and `missing_ok` is false, none of them.
pub fn remove(
    store: &Store,
    owner: &OwnerName,
    names: &[ItemName],
    missing_ok: bool,
    mode: Mode,
) -> Result<Vec<Item>, Error> {
    let mut db = store.open_for_write()?;
    let tx = db.write()?;
    let owner_id = items::owner_id(&tx, owner)?;
    let mut found: Vec<Item> = Vec::with_capacity(names.len());
    let mut missing: Vec<&ItemName> = Vec::new();
    for name in names {
        let item = match owner_id {
            Some(owner_id) => items::find(&tx, owner_id, name.key())?,
            None => None,
        };
        match item {
            // The same item named twice (`remove milk MILK`) is removed once.
            Some(item) if found.iter().any(|f| f.id == item.id) => {}
            Some(item) => found.push(item),
            None if missing.iter().any(|m| m.key() == name.key()) => {}
            None => missing.push(name),
        }
    }
    if !missing.is_empty() && !missing_ok {
        let names: Vec<&str> = missing.iter().map(|m| m.as_str()).collect();
        return Err(crate::domain::not_found(owner, &names));
    }
    for item in &found {
        items::delete(&tx, item.id)?;
    }
    finish(tx, mode)?;
    for item in &found {
        tracing::debug!(before = ?item, after = "none", "transition");
    }
    tracing::info!(command = "remove", owner = %owner, removed = found.len(),
        skipped = missing.len(), dry_run = mode == Mode::DryRun, "items removed");
    Ok(found)
}

/// `rename OLD NEW`. Changing only the case or spacing of an item's own
/// name is allowed and updates its display name; the id never changes.
pub fn rename(
    store: &Store,
    owner: &OwnerName,
    old: &ItemName,
    new: &ItemName,
    mode: Mode,
) -> Result<Renamed, Error> {
    let mut db = store.open_for_write()?;
    let tx = db.write()?;
    let owner_id = items::owner_id(&tx, owner)?;
    let before = match owner_id {
        Some(owner_id) => items::find(&tx, owner_id, old.key())?,
        None => None,
    };
    let (Some(owner_id), Some(before)) = (owner_id, before) else {
        return Err(crate::domain::not_found(owner, &[old.as_str()]));
    };
    if new.key() != old.key() {
        if let Some(other) = items::find(&tx, owner_id, new.key())? {
            return Err(crate::domain::name_taken(owner, &other.name));
        }
    }
    if before.name == new.as_str() {
        // Nothing to change: S' = S, and `updated_at` stays as it was.
        finish(tx, mode)?;
        return Ok(Renamed {
            after: before.clone(),
            before,
        });
    }
    let after = items::rename(&tx, before.id, new, Timestamp::now()).map_err(|e| {
        if db::is_unique_violation(&e) {
            crate::domain::name_taken(owner, new.as_str())
        } else {
            e.into()
        }
    })?;
    finish(tx, mode)?;
    tracing::info!(command = "rename", owner = %owner, id = after.id, from = %before.name,
        to = %after.name, dry_run = mode == Mode::DryRun, "item renamed");
    tracing::debug!(before = ?before, after = ?after, "transition");
    Ok(Renamed { before, after })
}
