//! One function per command. Each opens exactly one transaction, reads,
//! validates with the domain's rules, writes the change and its ledger
//! entry, and commits: a command that returns an error has changed nothing,
//! because its transaction is dropped and dropping rolls back.

mod bulk;
#[cfg(test)]
mod fixture;
mod ledger;
mod stock;

use std::cell::Cell;

use anyhow::Context as _;
use rusqlite::Transaction;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use bulk::{Applied, Imported, apply, export, import};
pub use ledger::{
    History, Shown, Undone, current_items, history, list_as_of, replay_all, show, undo,
};
pub use stock::{Adjusted, Edit, adjust, count, edit, low, set};

use crate::db::{self, Db, Store, items};
use crate::domain::{
    Error, Item, ItemName, ListQuery, OwnerName, Quantity, Timestamp, Transition, Unit,
};

/// Whether a command keeps its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Commit the transaction.
    Commit,
    /// Run the whole transition, then roll it back (`--dry-run`).
    DryRun,
}

/// Who is running a command, against what, and whether it keeps its change.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The database.
    pub store: &'a Store,
    /// Whose items the command reads and changes.
    pub owner: &'a OwnerName,
    /// The OS user, recorded in the ledger.
    pub actor: &'a str,
    /// Commit or dry run.
    pub mode: Mode,
    /// `--idempotency-key`, with the command line it guards.
    pub key: Option<IdempotencyKey<'a>>,
    /// Set when the result came from an earlier run with the same key.
    replayed: Cell<bool>,
    /// The last operation the command recorded.
    last_op: Cell<Option<i64>>,
    /// How many item changes the command recorded.
    changed: Cell<u64>,
}

/// An idempotency key and the fingerprint of the command line it is used
/// with: the same key on another command line is a conflict.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyKey<'a> {
    /// The key.
    pub key: &'a str,
    /// The command line, as the caller identifies it.
    pub fingerprint: &'a str,
}

impl<'a> Ctx<'a> {
    /// A context without an idempotency key.
    #[must_use]
    pub fn new(store: &'a Store, owner: &'a OwnerName, actor: &'a str, mode: Mode) -> Self {
        Self {
            store,
            owner,
            actor,
            mode,
            key: None,
            replayed: Cell::new(false),
            last_op: Cell::new(None),
            changed: Cell::new(0),
        }
    }

    /// The same context, guarded by an idempotency key.
    #[must_use]
    pub fn with_key(self, key: Option<IdempotencyKey<'a>>) -> Self {
        Self { key, ..self }
    }

    /// The ledger operation the command recorded, if any.
    #[must_use]
    pub fn last_op(&self) -> Option<i64> {
        self.last_op.get()
    }

    /// How many item changes the command recorded.
    #[must_use]
    pub fn changed(&self) -> u64 {
        self.changed.get()
    }

    /// True when the last command's result was a replay of an earlier run.
    #[must_use]
    pub fn replayed(&self) -> bool {
        self.replayed.get()
    }

    /// The stored result of an earlier successful run with this key, if
    /// any. Looked up inside the write lock, so of two racing retries the
    /// second sees the first's record.
    fn replay<T: DeserializeOwned>(&self, tx: &Transaction<'_>) -> Result<Option<T>, Error> {
        let Some(key) = self.key else {
            return Ok(None);
        };
        let Some(owner_id) = items::owner_id(tx, self.owner)? else {
            return Ok(None);
        };
        let Some(recorded) = db::keys::find(tx, owner_id, key.key)? else {
            return Ok(None);
        };
        if recorded.fingerprint != key.fingerprint {
            return Err(Error::Conflict(format!(
                "idempotency key {:?} was already used by owner {:?} for a different command",
                key.key,
                self.owner.as_str()
            )));
        }
        let result = serde_json::from_str(&recorded.result).with_context(|| {
            format!(
                "the result stored for idempotency key {:?} is unreadable",
                key.key
            )
        })?;
        tracing::info!(key = key.key, owner = %self.owner, "replaying the result of an earlier run");
        self.replayed.set(true);
        Ok(Some(result))
    }

    /// Ends a successful command: records its key with `result` (when it
    /// has one) in the same transaction, then commits or, for a dry run,
    /// rolls back.
    fn finish<T: Serialize>(&self, tx: Transaction<'_>, result: &T) -> Result<(), Error> {
        if let (Some(key), Mode::Commit) = (self.key, self.mode) {
            let owner_id = items::ensure_owner(&tx, self.owner)?;
            let record = db::keys::Recorded {
                fingerprint: key.fingerprint.to_owned(),
                result: serde_json::to_string(result)
                    .context("cannot store the result for the idempotency key")?,
            };
            db::keys::insert(&tx, owner_id, key.key, &record, Timestamp::now())?;
        }
        finish(tx, self.mode)
    }
}

/// What `add` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Added {
    /// A new item.
    Created(Item),
    /// `--exists-ok` and the name was taken: the existing item, unchanged.
    Existing(Item),
}

/// What `rename` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renamed {
    /// The item before.
    pub before: Item,
    /// The item after; the same id.
    pub after: Item,
}

/// A new item's fields besides its name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFields {
    /// Starting quantity.
    pub quantity: Quantity,
    /// Unit of measure.
    pub unit: Option<Unit>,
    /// Reorder level.
    pub min: Option<Quantity>,
}

fn finish(tx: Transaction<'_>, mode: Mode) -> Result<(), Error> {
    match mode {
        Mode::Commit => tx.commit()?,
        Mode::DryRun => tx.rollback()?,
    }
    Ok(())
}

/// Writes one operation and its events to the ledger, inside the command's
/// transaction. The operation row is created with the first event, so a
/// command that changes nothing leaves no trace; `undo` asks for it
/// explicitly, because an undo is recorded even when nothing was left to
/// revert.
struct Recorder<'a> {
    ctx: &'a Ctx<'a>,
    owner_id: i64,
    command: &'static str,
    reason: Option<&'a str>,
    at: Timestamp,
    undoes: Option<i64>,
    op_id: Option<i64>,
    seq: i64,
}

impl<'a> Recorder<'a> {
    fn new(
        ctx: &'a Ctx<'a>,
        owner_id: i64,
        command: &'static str,
        reason: Option<&'a str>,
        at: Timestamp,
    ) -> Self {
        Self {
            ctx,
            owner_id,
            command,
            reason,
            at,
            undoes: None,
            op_id: None,
            seq: 0,
        }
    }

    fn operation(&mut self, tx: &Transaction<'_>) -> Result<i64, Error> {
        if let Some(id) = self.op_id {
            return Ok(id);
        }
        let id = db::ledger::insert_operation(
            tx,
            &db::ledger::NewOperation {
                owner_id: self.owner_id,
                command: self.command,
                reason: self.reason,
                at: self.at,
                actor: self.ctx.actor,
                undoes: self.undoes,
            },
        )?;
        self.op_id = Some(id);
        Ok(id)
    }

    /// Records one item's transition; `kind` is usually the command.
    fn record(
        &mut self,
        tx: &Transaction<'_>,
        kind: &str,
        change: Transition<'_>,
    ) -> Result<(), Error> {
        let op = self.operation(tx)?;
        self.seq += 1;
        db::ledger::insert_event(tx, op, self.seq, self.at, kind, change)?;
        tracing::debug!(op, seq = self.seq, kind, before = ?change.before(),
            after = ?change.after(), "transition");
        Ok(())
    }

    /// The operation's id, once an event has been recorded.
    fn op_id(&self) -> Option<i64> {
        self.op_id
    }

    /// How many events were recorded.
    fn events(&self) -> u64 {
        self.seq as u64
    }

    /// Tells the context what the committed operation was, for the
    /// command's closing log event.
    fn done(&self) {
        if self.op_id.is_some() {
            self.ctx.last_op.set(self.op_id);
        }
        self.ctx.changed.set(self.ctx.changed.get() + self.events());
    }
}

/// Maps a UNIQUE violation on `name` to the same conflict the domain
/// reports. Unreachable while the IMMEDIATE lock is held, but the schema is
/// the final authority and its verdict must read exactly like ours.
fn unique_as_conflict(owner: &OwnerName, name: &str) -> impl FnOnce(rusqlite::Error) -> Error {
    let conflict = crate::domain::name_taken(owner, name);
    move |e| {
        if db::is_unique_violation(&e) {
            conflict
        } else {
            e.into()
        }
    }
}

/// `add NAME [--qty N] [--unit U] [--min N] [--exists-ok]`.
pub fn add(
    ctx: &Ctx<'_>,
    name: &ItemName,
    fields: &NewFields,
    exists_ok: bool,
) -> Result<Added, Error> {
    let mut db = ctx.store.open_for_write()?;
    let tx = db.write()?;
    if let Some(done) = ctx.replay(&tx)? {
        return Ok(done);
    }
    let owner = items::ensure_owner_row(&tx, ctx.owner)?;
    let owner_id = owner.id;
    if let Some(existing) = items::find(&tx, owner_id, name.key())? {
        if !exists_ok {
            return Err(crate::domain::name_taken(ctx.owner, &existing.name));
        }
        tracing::info!(command = "add", owner = %ctx.owner, id = existing.id, "item already exists");
        let result = Added::Existing(existing);
        ctx.finish(tx, &result)?;
        return Ok(result);
    }
    let now = Timestamp::now();
    let new = items::NewItem {
        name,
        quantity: fields.quantity,
        unit: fields.unit.as_ref(),
        min: fields.min,
        now,
    };
    let item =
        items::insert(&tx, &owner, &new).map_err(unique_as_conflict(ctx.owner, name.as_str()))?;
    let mut ledger = Recorder::new(ctx, owner_id, "add", None, now);
    ledger.record(&tx, "add", Transition::Created(&item))?;
    let result = Added::Created(item);
    ctx.finish(tx, &result)?;
    ledger.done();
    Ok(result)
}

/// `list`: streams the owner's items to `each` in the requested order.
/// A missing database is an empty inventory, and is not created.
pub fn list(
    ctx: &Ctx<'_>,
    query: &ListQuery,
    each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(mut db) = ctx.store.open_existing()? else {
        return Ok(());
    };
    let tx = db.read()?;
    let Some(owner_id) = items::owner_id(&tx, ctx.owner)? else {
        return Ok(());
    };
    items::for_each(&tx, owner_id, query, each)?;
    // Ends the read snapshot; nothing was written.
    tx.commit()?;
    Ok(())
}

/// `remove NAME... [--missing-ok]`: all named items or, when any is
/// missing and `missing_ok` is false, none of them.
pub fn remove(ctx: &Ctx<'_>, names: &[ItemName], missing_ok: bool) -> Result<Vec<Item>, Error> {
    // No database yet: every name is missing, and no file is created.
    let mut db = ctx.store.open_existing_for_change()?;
    let tx = db.as_mut().map(Db::write).transpose()?;
    if let Some(tx) = &tx
        && let Some(done) = ctx.replay(tx)?
    {
        return Ok(done);
    }
    let owner_id = match &tx {
        Some(tx) => items::owner_id(tx, ctx.owner)?,
        None => None,
    };
    let mut found: Vec<Item> = Vec::with_capacity(names.len());
    let mut missing: Vec<&str> = Vec::new();
    let mut seen: Vec<&str> = Vec::with_capacity(names.len());
    for name in names {
        // The same name given twice (`remove milk MILK`) counts once.
        if seen.contains(&name.key()) {
            continue;
        }
        seen.push(name.key());
        let item = match (&tx, owner_id) {
            (Some(tx), Some(owner_id)) => items::find(tx, owner_id, name.key())?,
            _ => None,
        };
        match item {
            Some(item) => found.push(item),
            None => missing.push(name.as_str()),
        }
    }
    if !missing.is_empty() && !missing_ok {
        return Err(crate::domain::not_found(ctx.owner, &missing));
    }
    if let (Some(tx), Some(owner_id)) = (tx, owner_id) {
        let mut ledger = Recorder::new(ctx, owner_id, "remove", None, Timestamp::now());
        for item in &found {
            items::delete(&tx, item.id)?;
            ledger.record(&tx, "remove", Transition::Removed(item))?;
        }
        ctx.finish(tx, &found)?;
        ledger.done();
    }
    Ok(found)
}

/// `rename OLD NEW`. Changing only the case or spacing of an item's own
/// name is allowed and updates its display name; the id never changes.
pub fn rename(ctx: &Ctx<'_>, old: &ItemName, new: &ItemName) -> Result<Renamed, Error> {
    let Some(mut db) = ctx.store.open_existing_for_change()? else {
        return Err(crate::domain::not_found(ctx.owner, &[old.as_str()]));
    };
    let tx = db.write()?;
    if let Some(done) = ctx.replay(&tx)? {
        return Ok(done);
    }
    let (owner_id, before) = existing_item(&tx, ctx.owner, old)?;
    if new.key() != old.key()
        && let Some(other) = items::find(&tx, owner_id, new.key())?
    {
        return Err(crate::domain::name_taken(ctx.owner, &other.name));
    }
    if before.name == new.as_str() {
        // Nothing to change: S' = S, and `updated_at` stays as it was.
        let result = Renamed {
            after: before.clone(),
            before,
        };
        ctx.finish(tx, &result)?;
        return Ok(result);
    }
    let now = Timestamp::now();
    let wanted = Item {
        name: new.as_str().to_owned(),
        updated_at: now,
        ..before.clone()
    };
    let after = items::update(&tx, &wanted).map_err(unique_as_conflict(ctx.owner, new.as_str()))?;
    let mut ledger = Recorder::new(ctx, owner_id, "rename", None, now);
    ledger.record(
        &tx,
        "rename",
        Transition::Changed {
            before: &before,
            after: &after,
        },
    )?;
    let result = Renamed { before, after };
    ctx.finish(tx, &result)?;
    ledger.done();
    Ok(result)
}

/// The owner's id and the item called `name`, or "not found".
fn existing_item(
    tx: &Transaction<'_>,
    owner: &OwnerName,
    name: &ItemName,
) -> Result<(i64, Item), Error> {
    let owner_id = items::owner_id(tx, owner)?;
    let item = match owner_id {
        Some(owner_id) => items::find(tx, owner_id, name.key())?,
        None => None,
    };
    match (owner_id, item) {
        (Some(owner_id), Some(item)) => Ok((owner_id, item)),
        _ => Err(crate::domain::not_found(owner, &[name.as_str()])),
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{fields, fixture, name, qty};
    use super::*;
    use crate::domain::ErrorKind;

    fn new_item(name: &ItemName) -> items::NewItem<'_> {
        items::NewItem {
            name,
            quantity: qty(1),
            unit: None,
            min: None,
            now: Timestamp::now(),
        }
    }

    #[test]
    fn added_items_are_listed_in_name_order_per_owner() {
        let f = fixture();
        f.add(&f.alice, "Milk", 2);
        f.add(&f.alice, "bread", 1);
        f.add(&f.bob, "milk", 7);
        let names: Vec<String> = f.list(&f.alice).into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["bread", "Milk"]);
        let bobs = f.list(&f.bob);
        assert_eq!(
            (bobs.len(), bobs[0].quantity.get(), bobs[0].owner.as_str()),
            (1, 7, "bob")
        );
    }

    #[test]
    fn adding_a_taken_name_is_a_conflict_and_leaves_state_unchanged() {
        let f = fixture();
        f.add(&f.alice, "milk", 2);
        let before = f.dump();
        for variant in ["milk", "MILK", " Milk ", "mIlK\u{a0}"] {
            let err = add(
                &f.ctx(&f.alice, Mode::Commit),
                &name(variant),
                &fields(9),
                false,
            )
            .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Conflict, "{variant:?}");
            assert_eq!(
                err.to_string(),
                "an item named \"milk\" already exists for owner \"alice\""
            );
            assert_eq!(f.dump(), before, "{variant:?}");
        }
    }

    #[test]
    fn an_accent_makes_a_different_name() {
        let f = fixture();
        f.add(&f.alice, "cafe", 1);
        f.add(&f.alice, "cafe\u{301}", 1);
        let names: Vec<String> = f.list(&f.alice).into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["cafe", "caf\u{e9}"]);
    }

    #[test]
    fn a_dry_run_add_for_a_new_owner_leaves_no_owner_behind() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let before = f.dump();
        add(
            &f.ctx(&f.bob, Mode::DryRun),
            &name("milk"),
            &fields(1),
            false,
        )
        .unwrap();
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn exists_ok_returns_the_existing_item_unchanged() {
        let f = fixture();
        let milk = f.add(&f.alice, "milk", 2);
        let before = f.dump();
        let again = add(
            &f.ctx(&f.alice, Mode::Commit),
            &name("MILK"),
            &fields(5),
            true,
        )
        .unwrap();
        assert_eq!(again, Added::Existing(milk));
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn a_remove_with_any_missing_name_removes_nothing() {
        let f = fixture();
        f.add(&f.alice, "a", 1);
        f.add(&f.alice, "b", 1);
        let before = f.dump();
        let err = remove(
            &f.ctx(&f.alice, Mode::Commit),
            &[name("a"), name("nope"), name("b"), name("NOPE")],
            false,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(
            err.to_string(),
            "no item named \"nope\" for owner \"alice\""
        );
        assert_eq!(f.dump(), before);
        let err = remove(
            &f.ctx(&f.alice, Mode::Commit),
            &[name("x"), name("y")],
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no items named \"x\", \"y\" for owner \"alice\""
        );
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn missing_ok_removes_what_exists_and_skips_the_rest() {
        let f = fixture();
        let a = f.add(&f.alice, "a", 1);
        f.add(&f.alice, "b", 1);
        let removed = remove(
            &f.ctx(&f.alice, Mode::Commit),
            &[name("A"), name("nope"), name("a")],
            true,
        )
        .unwrap();
        assert_eq!(removed, [a]);
        let names: Vec<String> = f.list(&f.alice).into_iter().map(|i| i.name).collect();
        assert_eq!(names, ["b"]);
    }

    #[test]
    fn failed_rename_leaves_state_unchanged() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        f.add(&f.alice, "bread", 1);
        f.add(&f.bob, "cheese", 1);
        let before = f.dump();
        let taken = rename(
            &f.ctx(&f.alice, Mode::Commit),
            &name("milk"),
            &name("BREAD"),
        )
        .unwrap_err();
        assert_eq!(taken.kind(), ErrorKind::Conflict);
        let missing = rename(
            &f.ctx(&f.alice, Mode::Commit),
            &name("cheese"),
            &name("brie"),
        )
        .unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        assert_eq!(
            missing.to_string(),
            "no item named \"cheese\" for owner \"alice\""
        );
        let stranger = OwnerName::parse("carol").unwrap();
        let nobody =
            rename(&f.ctx(&stranger, Mode::Commit), &name("milk"), &name("x")).unwrap_err();
        assert_eq!(nobody.kind(), ErrorKind::NotFound);
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn a_rename_that_only_changes_case_or_spacing_updates_the_display_name() {
        let f = fixture();
        let milk = f.add(&f.alice, "oat milk", 1);
        let renamed = rename(
            &f.ctx(&f.alice, Mode::Commit),
            &name("OAT MILK"),
            &name("  Oat   Milk "),
        )
        .unwrap();
        assert_eq!(renamed.after.id, milk.id);
        assert_eq!(renamed.after.name, "Oat Milk");
        assert_eq!(f.list(&f.alice), std::slice::from_ref(&renamed.after));
        // The very same name again changes nothing at all.
        let before = f.dump();
        let same = rename(
            &f.ctx(&f.alice, Mode::Commit),
            &name("oat milk"),
            &name("Oat Milk"),
        )
        .unwrap();
        assert_eq!(same.before, same.after);
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn dry_runs_compute_the_result_and_change_nothing() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let before = f.dump();
        let added = add(
            &f.ctx(&f.alice, Mode::DryRun),
            &name("bread"),
            &fields(3),
            false,
        )
        .unwrap();
        assert!(matches!(added, Added::Created(ref item) if item.name == "bread"));
        let renamed = rename(
            &f.ctx(&f.alice, Mode::DryRun),
            &name("milk"),
            &name("oat milk"),
        )
        .unwrap();
        assert_eq!(renamed.after.name, "oat milk");
        let removed = remove(&f.ctx(&f.alice, Mode::DryRun), &[name("milk")], false).unwrap();
        assert_eq!(removed.len(), 1);
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn a_dropped_transaction_rolls_back() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let before = f.dump();
        {
            let mut db = f.store.open_for_write().unwrap();
            let tx = db.write().unwrap();
            let owner = items::ensure_owner_row(&tx, &f.alice).unwrap();
            let bread = name("bread");
            items::insert(&tx, &owner, &new_item(&bread)).unwrap();
            // Dropped without commit.
        }
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn a_unique_violation_from_the_schema_is_recognised_by_its_extended_code() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let mut db = f.store.open_for_write().unwrap();
        let tx = db.write().unwrap();
        let owner = items::ensure_owner_row(&tx, &f.alice).unwrap();
        // Bypass the domain check, as a racing process would.
        let milk = name("MILK");
        let err = items::insert(&tx, &owner, &new_item(&milk)).unwrap_err();
        assert!(db::is_unique_violation(&err), "{err}");
    }

    #[test]
    fn ids_are_never_reused() {
        let f = fixture();
        let a = f.add(&f.alice, "a", 1);
        remove(&f.ctx(&f.alice, Mode::Commit), &[name("a")], false).unwrap();
        let b = f.add(&f.alice, "a", 1);
        assert!(b.id > a.id);
    }

    #[test]
    fn listing_a_missing_database_is_empty_and_creates_nothing() {
        let f = fixture();
        assert!(f.list(&f.alice).is_empty());
        assert!(!f.store.path().exists());
    }

    #[test]
    fn failed_removes_and_renames_on_a_missing_database_create_nothing() {
        let f = fixture();
        let err = remove(
            &f.ctx(&f.alice, Mode::Commit),
            &[name("a"), name("A"), name("b")],
            false,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no items named \"a\", \"b\" for owner \"alice\""
        );
        assert_eq!(
            remove(&f.ctx(&f.alice, Mode::Commit), &[name("a")], true).unwrap(),
            []
        );
        let err = rename(&f.ctx(&f.alice, Mode::Commit), &name("a"), &name("b")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(!f.store.path().exists());
    }

    #[test]
    fn one_owner_never_sees_or_changes_anothers_items() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let before = f.dump();
        assert!(f.list(&f.bob).is_empty());
        let err = remove(&f.ctx(&f.bob, Mode::Commit), &[name("milk")], false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(f.dump(), before);
        assert_eq!(
            remove(&f.ctx(&f.bob, Mode::Commit), &[name("milk")], true).unwrap(),
            []
        );
        assert_eq!(f.dump(), before);
    }
}
