//! The core commands: add, list, remove and rename.

use serde::{Deserialize, Serialize};

use super::Receipt;
use super::ctx::{Ctx, Intent, Presence, create_owner};
use crate::db::{Access, NewItem, OwnerRef, StorageTxn};
use crate::domain::{
    Error, EventKind, Item, ItemFields, ItemName, ListQuery, OwnerName, Transition, name_taken,
    not_found, prefix_key,
};

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

/// `add NAME [--qty N] [--unit U] [--min N] [--exists-ok]`.
pub fn add(
    ctx: &Ctx<'_>,
    name: &ItemName,
    fields: &ItemFields,
    exists_ok: bool,
) -> Result<Receipt<Added>, Error> {
    // The creation rule, whoever parsed the name: nothing hidden in a new
    // name or unit.
    name.check_new()?;
    fields.check_new()?;
    let intent = Intent {
        command: "add",
        access: Access::Create,
        reason: None,
    };
    ctx.write(intent, |tx, ledger| {
        let owner = create_owner(tx, ctx.owner)?;
        if let Some(existing) = tx.find_item(&owner, name.key())? {
            if !exists_ok {
                return Err(name_taken(ctx.owner.as_str(), &existing.name));
            }
            tracing::info!(command = "add", owner = %ctx.owner, id = existing.id, "item already exists");
            return Ok(Added::Existing(existing));
        }
        let item = tx.insert_item(
            &owner,
            &NewItem {
                name,
                quantity: fields.quantity,
                unit: fields.unit.as_ref(),
                min: fields.min,
                now: ledger.at(),
            },
        )?;
        ledger.record(tx, &owner, EventKind::Add, Transition::Created(&item))?;
        Ok(Added::Created(item))
    })
}

/// `list`: streams the owner's items to `each` in the requested order.
/// A missing database is an empty inventory, and is not created.
pub fn list(
    ctx: &Ctx<'_>,
    query: &ListQuery,
    mut each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<Presence, Error> {
    ctx.read_owner(|tx, owner| tx.items(owner, query, &mut each))
}

/// The display names of the owner's items that begin with `typed`,
/// ignoring case as names do, in name-key order: what the shell completions
/// offer. A peek: nothing is written, not even a migration, and with no
/// database (or no such owner) there are none.
pub fn item_names(
    ctx: &Ctx<'_>,
    typed: &str,
    mut each: impl FnMut(String) -> Result<(), Error>,
) -> Result<(), Error> {
    let prefix = prefix_key(typed);
    ctx.peek(|tx, owner| match owner {
        Some(owner) => tx.item_names(owner, &prefix, &mut each),
        None => Ok(()),
    })
}

/// `remove NAME... [--missing-ok]`: all named items or, when any is
/// missing and `missing_ok` is false, none of them.
pub fn remove(
    ctx: &Ctx<'_>,
    names: &[ItemName],
    missing_ok: bool,
) -> Result<Receipt<Vec<Item>>, Error> {
    let intent = Intent {
        command: "remove",
        access: Access::Change,
        reason: None,
    };
    ctx.write(intent, |tx, ledger| {
        let owner = tx.owner(ctx.owner)?;
        let mut found: Vec<Item> = Vec::with_capacity(names.len());
        let mut missing: Vec<&str> = Vec::new();
        let mut seen: Vec<&str> = Vec::with_capacity(names.len());
        for name in names {
            // The same name given twice (`remove milk MILK`) counts once.
            if seen.contains(&name.key()) {
                continue;
            }
            seen.push(name.key());
            let item = match &owner {
                Some(owner) => tx.find_item(owner, name.key())?,
                None => None,
            };
            match item {
                Some(item) => found.push(item),
                None => missing.push(name.as_str()),
            }
        }
        if !missing.is_empty() && !missing_ok {
            return Err(not_found(ctx.owner, &missing));
        }
        if let Some(owner) = &owner {
            for item in &found {
                tx.delete_item(owner, item.id)?;
                ledger.record(tx, owner, EventKind::Remove, Transition::Removed(item))?;
            }
        }
        Ok(found)
    })
}

/// `rename OLD NEW`. Changing only the case or spacing of an item's own
/// name is allowed and updates its display name; the id never changes.
pub fn rename(ctx: &Ctx<'_>, old: &ItemName, new: &ItemName) -> Result<Receipt<Renamed>, Error> {
    new.check_new()?;
    let intent = Intent {
        command: "rename",
        access: Access::Change,
        reason: None,
    };
    ctx.write(intent, |tx, ledger| {
        let (owner, before) = existing_item(tx, ctx.owner, old)?;
        if new.key() != old.key()
            && let Some(other) = tx.find_item(&owner, new.key())?
        {
            return Err(name_taken(ctx.owner.as_str(), &other.name));
        }
        if before.name == new.as_str() {
            // Nothing to change: S' = S, and `updated_at` stays as it was.
            return Ok(Renamed {
                after: before.clone(),
                before,
            });
        }
        let wanted = Item {
            name: new.as_str().to_owned(),
            updated_at: ledger.at(),
            ..before.clone()
        };
        let after = tx.update_item(&owner, &wanted)?;
        ledger.record(
            tx,
            &owner,
            EventKind::Rename,
            Transition::Changed {
                before: &before,
                after: &after,
            },
        )?;
        Ok(Renamed { before, after })
    })
}

/// The owner and its item called `name`, or "not found".
pub(super) fn existing_item(
    tx: &mut dyn StorageTxn,
    owner: &OwnerName,
    name: &ItemName,
) -> Result<(OwnerRef, Item), Error> {
    if let Some(stored) = tx.owner(owner)?
        && let Some(item) = tx.find_item(&stored, name.key())?
    {
        return Ok((stored, item));
    }
    Err(not_found(owner, &[name.as_str()]))
}

#[cfg(test)]
mod tests {
    use super::super::Mode;
    use super::super::fixture::{fields, fixture, name};
    use super::*;
    use crate::domain::ErrorKind;

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
        .unwrap()
        .value;
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
        .unwrap()
        .value;
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
        .unwrap()
        .value;
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
        .unwrap()
        .value;
        assert_eq!(same.before, same.after);
        assert_eq!(f.dump(), before);
    }

    #[test]
    fn a_rename_moves_updated_at_and_keeps_created_at() {
        let f = fixture();
        let milk = f.add(&f.alice, "milk", 1);
        // Timestamps count milliseconds: make the rename's a later one.
        std::thread::sleep(std::time::Duration::from_millis(5));
        let renamed = rename(&f.alice(), &name("milk"), &name("oat milk"))
            .unwrap()
            .value;
        assert!(
            renamed.after.updated_at > milk.updated_at,
            "{:?} is not after {:?}",
            renamed.after.updated_at,
            milk.updated_at
        );
        assert_eq!(renamed.after.created_at, milk.created_at);
        assert_eq!(f.list(&f.alice), [renamed.after]);
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
        .unwrap()
        .value;
        assert!(matches!(added, Added::Created(ref item) if item.name == "bread"));
        let renamed = rename(
            &f.ctx(&f.alice, Mode::DryRun),
            &name("milk"),
            &name("oat milk"),
        )
        .unwrap()
        .value;
        assert_eq!(renamed.after.name, "oat milk");
        let removed = remove(&f.ctx(&f.alice, Mode::DryRun), &[name("milk")], false)
            .unwrap()
            .value;
        assert_eq!(removed.len(), 1);
        assert_eq!(f.dump(), before);
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
            remove(&f.ctx(&f.alice, Mode::Commit), &[name("a")], true)
                .unwrap()
                .value,
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
            remove(&f.ctx(&f.bob, Mode::Commit), &[name("milk")], true)
                .unwrap()
                .value,
            []
        );
        assert_eq!(f.dump(), before);
    }
}
