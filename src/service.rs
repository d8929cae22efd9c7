//! One function per command. Each opens exactly one transaction, reads,
//! validates with the domain's rules, writes, and commits: a command that
//! returns an error has changed nothing, because its transaction is dropped
//! and dropping rolls back.

use rusqlite::Transaction;

use crate::db::{self, Db, Store, items};
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
    let Some(mut db) = store.open_existing()? else {
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
    // No database yet: every name is missing, and no file is created.
    let mut db = store.open_existing()?;
    let tx = db.as_mut().map(Db::write).transpose()?;
    let owner_id = match &tx {
        Some(tx) => items::owner_id(tx, owner)?,
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
        return Err(crate::domain::not_found(owner, &missing));
    }
    if let Some(tx) = tx {
        for item in &found {
            items::delete(&tx, item.id)?;
        }
        finish(tx, mode)?;
    }
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
    let Some(mut db) = store.open_existing()? else {
        return Err(crate::domain::not_found(owner, &[old.as_str()]));
    };
    let tx = db.write()?;
    let owner_id = items::owner_id(&tx, owner)?;
    let before = match owner_id {
        Some(owner_id) => items::find(&tx, owner_id, old.key())?,
        None => None,
    };
    let (Some(owner_id), Some(before)) = (owner_id, before) else {
        return Err(crate::domain::not_found(owner, &[old.as_str()]));
    };
    if new.key() != old.key()
        && let Some(other) = items::find(&tx, owner_id, new.key())?
    {
        return Err(crate::domain::name_taken(owner, &other.name));
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::domain::ErrorKind;

    struct Fixture {
        _dir: tempfile::TempDir,
        store: Store,
        alice: OwnerName,
        bob: OwnerName,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("inventory.db"), Duration::from_secs(5));
        Fixture {
            _dir: dir,
            store,
            alice: OwnerName::parse("alice").unwrap(),
            bob: OwnerName::parse("bob").unwrap(),
        }
    }

    fn name(text: &str) -> ItemName {
        ItemName::parse(text).unwrap()
    }

    fn qty(n: u64) -> Quantity {
        Quantity::new(n).unwrap()
    }

    impl Fixture {
        fn add(&self, owner: &OwnerName, text: &str, n: u64) -> Item {
            match add(&self.store, owner, &name(text), qty(n), false, Mode::Commit).unwrap() {
                Added::Created(item) => item,
                Added::Existing(item) => panic!("{item:?} already existed"),
            }
        }

        fn list(&self, owner: &OwnerName) -> Vec<Item> {
            let mut items = Vec::new();
            list(&self.store, owner, &ListQuery::default(), |item| {
                items.push(item);
                Ok(())
            })
            .unwrap();
            items
        }

        /// Every row of every table, as text: the whole state `S`, plus the
        /// id sequence that decides the next id.
        fn dump(&self) -> Vec<String> {
            let conn = rusqlite::Connection::open(self.store.path()).unwrap();
            let mut rows = Vec::new();
            for sql in [
                "SELECT id, owner_id, name, name_key, quantity, created_at, updated_at FROM items ORDER BY id",
                "SELECT id, name, name_key, 0, 0, 0, 0 FROM owners ORDER BY id",
                "SELECT 0, name, seq, 0, 0, 0, 0 FROM sqlite_sequence ORDER BY name",
            ] {
                let mut stmt = conn.prepare(sql).unwrap();
                let mapped = stmt
                    .query_map([], |r| {
                        Ok((0..7)
                            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                            .collect::<Vec<_>>()
                            .join("|"))
                    })
                    .unwrap();
                rows.extend(mapped.map(Result::unwrap));
            }
            rows
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
                &f.store,
                &f.alice,
                &name(variant),
                qty(9),
                false,
                Mode::Commit,
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
        add(&f.store, &f.bob, &name("milk"), qty(1), false, Mode::DryRun).unwrap();
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn exists_ok_returns_the_existing_item_unchanged() {
        let f = fixture();
        let milk = f.add(&f.alice, "milk", 2);
        let before = f.dump();
        let again = add(
            &f.store,
            &f.alice,
            &name("MILK"),
            qty(5),
            true,
            Mode::Commit,
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
            &f.store,
            &f.alice,
            &[name("a"), name("nope"), name("b"), name("NOPE")],
            false,
            Mode::Commit,
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(
            err.to_string(),
            "no item named \"nope\" for owner \"alice\""
        );
        assert_eq!(f.dump(), before);
        let err = remove(
            &f.store,
            &f.alice,
            &[name("x"), name("y")],
            false,
            Mode::Commit,
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
            &f.store,
            &f.alice,
            &[name("A"), name("nope"), name("a")],
            true,
            Mode::Commit,
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
            &f.store,
            &f.alice,
            &name("milk"),
            &name("BREAD"),
            Mode::Commit,
        )
        .unwrap_err();
        assert_eq!(taken.kind(), ErrorKind::Conflict);
        let missing = rename(
            &f.store,
            &f.alice,
            &name("cheese"),
            &name("brie"),
            Mode::Commit,
        )
        .unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        assert_eq!(
            missing.to_string(),
            "no item named \"cheese\" for owner \"alice\""
        );
        let stranger = OwnerName::parse("carol").unwrap();
        let nobody =
            rename(&f.store, &stranger, &name("milk"), &name("x"), Mode::Commit).unwrap_err();
        assert_eq!(nobody.kind(), ErrorKind::NotFound);
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn a_rename_that_only_changes_case_or_spacing_updates_the_display_name() {
        let f = fixture();
        let milk = f.add(&f.alice, "oat milk", 1);
        let renamed = rename(
            &f.store,
            &f.alice,
            &name("OAT MILK"),
            &name("  Oat   Milk "),
            Mode::Commit,
        )
        .unwrap();
        assert_eq!(renamed.after.id, milk.id);
        assert_eq!(renamed.after.name, "Oat Milk");
        assert_eq!(f.list(&f.alice), std::slice::from_ref(&renamed.after));
        // The very same name again changes nothing at all.
        let before = f.dump();
        let same = rename(
            &f.store,
            &f.alice,
            &name("oat milk"),
            &name("Oat Milk"),
            Mode::Commit,
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
            &f.store,
            &f.alice,
            &name("bread"),
            qty(3),
            false,
            Mode::DryRun,
        )
        .unwrap();
        assert!(matches!(added, Added::Created(ref item) if item.name == "bread"));
        let renamed = rename(
            &f.store,
            &f.alice,
            &name("milk"),
            &name("oat milk"),
            Mode::DryRun,
        )
        .unwrap();
        assert_eq!(renamed.after.name, "oat milk");
        let removed = remove(&f.store, &f.alice, &[name("milk")], false, Mode::DryRun).unwrap();
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
            let owner_id = items::ensure_owner(&tx, &f.alice).unwrap();
            items::insert(&tx, owner_id, &name("bread"), qty(1), Timestamp::now()).unwrap();
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
        let owner_id = items::ensure_owner(&tx, &f.alice).unwrap();
        // Bypass the domain check, as a racing process would.
        let err =
            items::insert(&tx, owner_id, &name("MILK"), qty(1), Timestamp::now()).unwrap_err();
        assert!(db::is_unique_violation(&err), "{err}");
    }

    #[test]
    fn ids_are_never_reused() {
        let f = fixture();
        let a = f.add(&f.alice, "a", 1);
        remove(&f.store, &f.alice, &[name("a")], false, Mode::Commit).unwrap();
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
            &f.store,
            &f.alice,
            &[name("a"), name("A"), name("b")],
            false,
            Mode::Commit,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no items named \"a\", \"b\" for owner \"alice\""
        );
        assert_eq!(
            remove(&f.store, &f.alice, &[name("a")], true, Mode::Commit).unwrap(),
            []
        );
        let err = rename(&f.store, &f.alice, &name("a"), &name("b"), Mode::Commit).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(!f.store.path().exists());
    }

    #[test]
    fn one_owner_never_sees_or_changes_anothers_items() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let before = f.dump();
        assert!(f.list(&f.bob).is_empty());
        let err = remove(&f.store, &f.bob, &[name("milk")], false, Mode::Commit).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(f.dump(), before);
        assert_eq!(
            remove(&f.store, &f.bob, &[name("milk")], true, Mode::Commit).unwrap(),
            []
        );
        assert_eq!(f.dump(), before);
    }
}
