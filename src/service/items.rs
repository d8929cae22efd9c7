//! The core commands: add, list, remove and rename.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Receipt;
use super::ctx::{Ctx, Intent, Presence, create_owner};
use crate::db::{Access, NewItem, OwnerRef, StorageTxn};
use crate::domain::{
    Code, Error, EventKind, Item, ItemFields, ItemName, ItemRef, ListQuery, Location, OwnerItems,
    OwnerName, Transition, code_taken, name_taken, not_found, prefix_key,
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
    ctx.write_retrying(intent, |tx, ledger| {
        let owner = create_owner(tx, ctx.owner)?;
        if let Some(existing) = tx.find_item(&owner, name.key())? {
            if !exists_ok {
                return Err(name_taken(ctx.owner.as_str(), &existing.name));
            }
            tracing::info!(command = "add", owner = %ctx.owner, id = existing.id, "item already exists");
            return Ok(Added::Existing(existing));
        }
        code_free(tx, &owner, fields.code.as_ref(), None)?;
        let item = tx.insert_item(
            &owner,
            &NewItem::from_fields(name, fields, ledger.at()),
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

/// One line of `locations`: a location that directly holds items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The location, as the first of its items (in name order) spells it.
    pub location: Location,
    /// How many items are directly in it.
    pub items: u64,
    /// Their total quantity.
    pub quantity: u64,
}

/// `locations`: each location that directly holds items, in key order, with
/// the count and total quantity of the items directly in it. A missing
/// database has none, and is not created.
pub fn locations(ctx: &Ctx<'_>) -> Result<(Vec<Place>, Presence), Error> {
    let mut places: BTreeMap<String, Place> = BTreeMap::new();
    let presence = ctx.read_owner(|tx, owner| {
        tx.items(owner, &ListQuery::default(), &mut |item| {
            if let Some(location) = item.location {
                let place = places.entry(location.key()).or_insert_with(|| Place {
                    location,
                    items: 0,
                    quantity: 0,
                });
                place.items += 1;
                place.quantity = place.quantity.saturating_add(item.quantity.get());
            }
            Ok(())
        })
    })?;
    Ok((places.into_values().collect(), presence))
}

/// `owners`: streams every owner in the database with how many items it
/// holds, by name. On a server whose owners are database roles, only those
/// the login role may act for. A missing database is not created.
pub fn owners(
    ctx: &Ctx<'_>,
    mut each: impl FnMut(OwnerItems) -> Result<(), Error>,
) -> Result<(), Error> {
    ctx.read_database(|tx| tx.owners(&mut each))
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
    names: &[ItemRef],
    missing_ok: bool,
) -> Result<Receipt<Vec<Item>>, Error> {
    let intent = Intent {
        command: "remove",
        access: Access::Change,
        reason: None,
    };
    ctx.write_retrying(intent, |tx, ledger| {
        let owner = tx.owner(ctx.owner)?;
        let mut found: Vec<Item> = Vec::with_capacity(names.len());
        let mut missing: Vec<&ItemRef> = Vec::new();
        for name in names {
            let item = match &owner {
                Some(owner) => find_ref(tx, owner, name)?,
                None => None,
            };
            match item {
                // The same item named twice (`remove milk MILK`, `remove
                // milk '#3'`) counts once.
                Some(item) if found.iter().any(|f| f.id == item.id) => {}
                Some(item) => found.push(item),
                None if missing.iter().any(|m| m.same_as(name)) => {}
                None => missing.push(name),
            }
        }
        if !missing.is_empty() && !missing_ok {
            return Err(refs_not_found(ctx.owner, &missing));
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
pub fn rename(ctx: &Ctx<'_>, old: &ItemRef, new: &ItemName) -> Result<Receipt<Renamed>, Error> {
    new.check_new()?;
    let intent = Intent {
        command: "rename",
        access: Access::Change,
        reason: None,
    };
    ctx.write_retrying(intent, |tx, ledger| {
        let (owner, before) = existing_item(tx, ctx.owner, old)?;
        if let Some(other) = tx.find_item(&owner, new.key())?
            && other.id != before.id
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

/// The owner and its item `reference` names, or "not found".
pub(super) fn existing_item(
    tx: &mut dyn StorageTxn,
    owner: &OwnerName,
    reference: &ItemRef,
) -> Result<(OwnerRef, Item), Error> {
    if let Some(stored) = tx.owner(owner)?
        && let Some(item) = find_ref(tx, &stored, reference)?
    {
        return Ok((stored, item));
    }
    Err(refs_not_found(owner, &[reference]))
}

/// The owner's item `reference` names: by name, id or code.
pub(super) fn find_ref(
    tx: &mut dyn StorageTxn,
    owner: &OwnerRef,
    reference: &ItemRef,
) -> Result<Option<Item>, Error> {
    match reference {
        ItemRef::Name(name) => tx.find_item(owner, name.key()),
        ItemRef::Id(id) => tx.item_by_id(owner, *id),
        ItemRef::Code(code) => tx.item_by_code(owner, code),
    }
}

/// "Not found" for references: worded as before for plain names, and
/// naming ids and codes as they were written otherwise.
pub(super) fn refs_not_found(owner: &OwnerName, refs: &[&ItemRef]) -> Error {
    let names: Option<Vec<&str>> = refs
        .iter()
        .map(|r| r.name().map(ItemName::as_str))
        .collect();
    if let Some(names) = names {
        return not_found(owner, &names);
    }
    let list = refs
        .iter()
        .map(|r| match r {
            ItemRef::Name(name) => format!("named {:?}", name.as_str()),
            ItemRef::Id(id) => format!("with id {id}"),
            ItemRef::Code(code) => format!("with code {:?}", code.as_str()),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let noun = if refs.len() == 1 { "item" } else { "items" };
    Error::NotFound(format!("no {noun} {list} for owner {:?}", owner.as_str()))
}

/// Refuses `code` when another item of the owner (not `id`) has it: the
/// domain's check, before the schema's unique index.
pub(super) fn code_free(
    tx: &mut dyn StorageTxn,
    owner: &OwnerRef,
    code: Option<&Code>,
    id: Option<i64>,
) -> Result<(), Error> {
    if let Some(code) = code
        && let Some(holder) = tx.item_by_code(owner, code)?
        && Some(holder.id) != id
    {
        return Err(code_taken(&owner.name, code, &holder.name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Mode;
    use super::super::fixture::{fields, fixture, name, new_name};
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
                &new_name(variant),
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
            &new_name("milk"),
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
            &new_name("MILK"),
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
            &new_name("BREAD"),
        )
        .unwrap_err();
        assert_eq!(taken.kind(), ErrorKind::Conflict);
        let missing = rename(
            &f.ctx(&f.alice, Mode::Commit),
            &name("cheese"),
            &new_name("brie"),
        )
        .unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        assert_eq!(
            missing.to_string(),
            "no item named \"cheese\" for owner \"alice\""
        );
        let stranger = OwnerName::parse("carol").unwrap();
        let nobody = rename(
            &f.ctx(&stranger, Mode::Commit),
            &name("milk"),
            &new_name("x"),
        )
        .unwrap_err();
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
            &new_name("  Oat   Milk "),
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
            &new_name("Oat Milk"),
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
        let renamed = rename(&f.alice(), &name("milk"), &new_name("oat milk"))
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
            &new_name("bread"),
            &fields(3),
            false,
        )
        .unwrap()
        .value;
        assert!(matches!(added, Added::Created(ref item) if item.name == "bread"));
        let renamed = rename(
            &f.ctx(&f.alice, Mode::DryRun),
            &name("milk"),
            &new_name("oat milk"),
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
        let err = rename(&f.ctx(&f.alice, Mode::Commit), &name("a"), &new_name("b")).unwrap_err();
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
