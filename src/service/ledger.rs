//! Commands over the ledger: history, show, undo, and the state as it stood
//! at a past time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, Intent, Ledger, Presence, Receipt};
use super::items::{existing_item, refs_not_found};
use crate::db::{Access, HistoryFilter, OwnerRef, Storage, StorageTxn};
use crate::domain::{
    Code, Delta, Error, Event, EventKind, Item, ItemName, ItemRef, ListQuery, Timestamp,
    Transition, replay,
};

/// How many events `show` prints.
const SHOWN_EVENTS: u64 = 10;

/// What `history` selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Only the events of the item(s) ever called this, or of the item
    /// with this id or code.
    pub name: Option<ItemRef>,
    /// Only events at or after this time.
    pub since: Option<Timestamp>,
    /// Only events of these kinds (`--kind`, repeatable); all when empty.
    pub kinds: Vec<EventKind>,
    /// At most this many events.
    pub limit: Option<u64>,
}

/// `history [NAME] [--limit N] [--since TIME] [--kind KIND]...`: streams the owner's events,
/// newest first. A name that no item of the owner ever had is "not found".
pub fn history(
    ctx: &Ctx<'_>,
    query: &History,
    mut each: impl FnMut(Event) -> Result<(), Error>,
) -> Result<Presence, Error> {
    let missing = || match &query.name {
        Some(name) => Err(refs_not_found(ctx.owner, &[name])),
        None => Ok(()),
    };
    if query.name.is_none() {
        let filter = HistoryFilter {
            key: None,
            item_id: None,
            since: query.since,
            kinds: query.kinds.clone(),
            limit: query.limit,
        };
        return ctx.read_owner(|tx, owner| tx.history(owner, &filter, &mut each));
    }
    ctx.read(|tx, owner| {
        let Some(owner) = owner else {
            return missing();
        };
        let (key, item_id) = match &query.name {
            Some(ItemRef::Name(name)) => (Some(name.key().to_owned()), None),
            Some(ItemRef::Id(id)) => (None, Some(*id)),
            Some(ItemRef::Code(code)) => match tx.item_by_code(owner, code)? {
                Some(item) => (None, Some(item.id)),
                None => return missing(),
            },
            None => (None, None),
        };
        let filter = HistoryFilter {
            key,
            item_id,
            since: query.since,
            kinds: query.kinds.clone(),
            limit: query.limit,
        };
        if filter.key.is_some() || filter.item_id.is_some() {
            let probe = HistoryFilter {
                limit: Some(1),
                since: None,
                kinds: Vec::new(),
                ..filter.clone()
            };
            let mut known = false;
            tx.history(owner, &probe, &mut |_| {
                known = true;
                Ok(())
            })?;
            if !known {
                return missing();
            }
        }
        tx.history(owner, &filter, &mut each)
    })
    .map(|()| Presence::Found)
}

/// What `show` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The item now.
    pub item: Item,
    /// Its most recent events, newest first.
    pub events: Vec<Event>,
    /// Its quantity after each of its events, oldest first.
    pub series: Vec<u64>,
}

/// `show NAME`.
pub fn show(ctx: &Ctx<'_>, name: &ItemRef) -> Result<Shown, Error> {
    ctx.read(|tx, _| {
        let (owner, item) = existing_item(tx, ctx.owner, name)?;
        let filter = HistoryFilter {
            item_id: Some(item.id),
            ..HistoryFilter::default()
        };
        let mut events = Vec::new();
        let mut series = Vec::new();
        tx.history(&owner, &filter, &mut |event| {
            if let Some(q) = event.qty_after {
                series.push(q.get());
            }
            if (events.len() as u64) < SHOWN_EVENTS {
                events.push(event);
            }
            Ok(())
        })?;
        series.reverse();
        Ok(Shown {
            item,
            events,
            series,
        })
    })
}

/// What `undo` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undone {
    /// The new operation that records the undo.
    pub op: i64,
    /// The operation reverted.
    pub undid: i64,
    /// That operation's command.
    pub command: String,
    /// The undo's events: each item it put back.
    pub events: Vec<Event>,
}

/// `undo [OP_ID]`: reverts the owner's most recent operation that is not an
/// undo and not undone yet (or the given one), as a new operation. Every
/// item it touched goes back, or, when that would break an invariant now,
/// nothing does (conflict).
pub fn undo(ctx: &Ctx<'_>, target: Option<i64>) -> Result<Receipt<Undone>, Error> {
    let nothing = || {
        Error::NotFound(format!(
            "nothing to undo for owner {:?}",
            ctx.owner.as_str()
        ))
    };
    let no_such = |id: i64| {
        Error::NotFound(format!(
            "no operation {id} for owner {:?}",
            ctx.owner.as_str()
        ))
    };
    let intent = Intent {
        command: "undo",
        access: Access::Change,
        reason: None,
    };
    ctx.write_retrying(intent, |tx, ledger| {
        let Some(owner) = tx.owner(ctx.owner)? else {
            return Err(target.map_or_else(nothing, no_such));
        };
        let op = match target {
            Some(id) => tx.operation(&owner, id)?.ok_or_else(|| no_such(id))?,
            None => tx.last_undoable(&owner)?.ok_or_else(nothing)?,
        };
        match (op.command.as_str(), op.undone_by) {
            ("undo", _) => {
                return Err(Error::Conflict(format!(
                    "operation {} is an undo; undo skips undos, so run `undo` again to go further back",
                    op.id
                )));
            }
            ("baseline", _) => {
                return Err(Error::Conflict(format!(
                    "operation {} records the items that existed before the ledger and cannot be undone",
                    op.id
                )));
            }
            (_, Some(by)) => {
                return Err(Error::Conflict(format!(
                    "operation {} was already undone by operation {by}",
                    op.id
                )));
            }
            _ => {}
        }
        ledger.undoes(op.id);
        let new_op = ledger.operation(tx, &owner)?;
        for event in tx.events_of(op.id)?.iter().rev() {
            revert(tx, ledger, &owner, op.id, event)?;
        }
        Ok(Undone {
            op: new_op,
            undid: op.id,
            command: op.command,
            events: tx.events_of(new_op)?,
        })
    })
}

/// Puts the item of `event` back to its state before the event.
fn revert(
    tx: &mut dyn StorageTxn,
    ledger: &mut Ledger<'_>,
    owner: &OwnerRef,
    op: i64,
    event: &Event,
) -> Result<(), Error> {
    let cannot = |why: String| Error::Conflict(format!("cannot undo operation {op}: {why}"));
    let now = ledger.at();
    let current = tx.item_by_id(owner, event.item_id)?;
    let Some(before) = event.item_before() else {
        // The event created the item: going back means removing it.
        if let Some(item) = current {
            tx.delete_item(owner, item.id)?;
            ledger.record(tx, owner, EventKind::Undo, Transition::Removed(&item))?;
        }
        return Ok(());
    };
    let name_before = &before.name;
    let free = |tx: &mut dyn StorageTxn, name: &str| -> Result<(), Error> {
        let key = ItemName::key_of_normalised(name);
        match tx.find_item(owner, &key)? {
            Some(other) if other.id != event.item_id => Err(cannot(format!(
                "the name {name:?} is now used by another item (id {})",
                other.id
            ))),
            _ => Ok(()),
        }
    };
    let code_free = |tx: &mut dyn StorageTxn, code: Option<&Code>| -> Result<(), Error> {
        let Some(code) = code else {
            return Ok(());
        };
        match tx.item_by_code(owner, code)? {
            Some(other) if other.id != event.item_id => Err(cannot(format!(
                "the code {:?} is now on another item (id {})",
                code.as_str(),
                other.id
            ))),
            _ => Ok(()),
        }
    };
    let Some(current) = current else {
        if event.name_after.is_some() {
            return Err(cannot(format!(
                "item {name_before:?} (id {}) has been removed since",
                event.item_id
            )));
        }
        // The event removed the item: bring it back as it was.
        free(tx, name_before)?;
        code_free(tx, before.code.as_ref())?;
        let item = Item {
            updated_at: now,
            ..before
        };
        let restored = tx.restore_item(owner, &item)?;
        ledger.record(tx, owner, EventKind::Undo, Transition::Created(&restored))?;
        return Ok(());
    };
    let mut wanted = current.clone();
    if event.name_before != event.name_after {
        free(tx, name_before)?;
        wanted.name.clone_from(name_before);
    }
    if let (Some(before), Some(after)) = (event.qty_before, event.qty_after)
        && before != after
    {
        wanted.quantity = if matches!(event.kind, EventKind::Adjust | EventKind::Scan) {
            // An adjustment is undone by the opposite adjustment, so that
            // other changes made since are kept.
            Delta::between(before, after)
                .inverse()
                .apply(current.quantity, &current.name)
                .map_err(|e| cannot(e.to_string()))?
        } else {
            before
        };
    }
    restore_attributes(&mut wanted, event);
    if event.code_before != event.code_after {
        code_free(tx, event.code_before.as_ref())?;
    }
    if wanted != current {
        wanted.updated_at = now;
        let after = tx.update_item(owner, &wanted)?;
        ledger.record(
            tx,
            owner,
            EventKind::Undo,
            Transition::Changed {
                before: &current,
                after: &after,
            },
        )?;
    }
    Ok(())
}

/// Puts back, in `wanted`, each of the item's unit, reorder level,
/// location, tags, code and note that `event` changed, as it was before
/// (whether the code is free again is the caller's to check).
fn restore_attributes(wanted: &mut Item, event: &Event) {
    if event.unit_before != event.unit_after {
        wanted.unit.clone_from(&event.unit_before);
    }
    if event.min_before != event.min_after {
        wanted.min = event.min_before;
    }
    if event.location_before != event.location_after {
        wanted.location.clone_from(&event.location_before);
    }
    if event.tags_before != event.tags_after {
        wanted.tags = event.tags_before.clone().unwrap_or_default();
    }
    if event.code_before != event.code_after {
        wanted.code.clone_from(&event.code_before);
    }
    if event.note_before != event.note_after {
        wanted.note.clone_from(&event.note_before);
    }
}

/// `list --as-of TIME`: the owner's items as they stood at `at`, rebuilt
/// from the ledger, in the order and selection `query` asks for (the same
/// order as `list`, by the domain's one definition of it).
pub fn list_as_of(
    ctx: &Ctx<'_>,
    at: Timestamp,
    query: &ListQuery,
) -> Result<(Vec<Item>, Presence), Error> {
    let mut events = Vec::new();
    let presence = ctx.read_owner(|tx, owner| {
        events = tx.replay_events(Some(owner), Some(at))?;
        Ok(())
    })?;
    Ok((query.apply(replay(events).into_values()), presence))
}

/// Every item of every owner rebuilt from the whole ledger, by id. In a
/// healthy database this equals [`current_items`]: the ledger is the
/// source of truth.
pub fn replay_all(storage: &dyn Storage) -> Result<BTreeMap<i64, Item>, Error> {
    let mut tx = storage.txn(Access::Read)?;
    let events = tx.replay_events(None, None)?;
    tx.commit()?;
    Ok(replay(events))
}

/// Every item of every owner in the items table, by id.
pub fn current_items(storage: &dyn Storage) -> Result<BTreeMap<i64, Item>, Error> {
    let mut tx = storage.txn(Access::Read)?;
    let mut all = BTreeMap::new();
    tx.items_of_all_owners(&mut |item| {
        all.insert(item.id, item);
        Ok(())
    })?;
    tx.commit()?;
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{Fixture, count, fixture, name, new_name, qty, set};
    use super::super::{Edit, Mode, adjust, edit, remove, rename};
    use super::*;
    use crate::domain::{ErrorKind, OwnerName, Unit};

    fn events(f: &Fixture, owner: &OwnerName, query: &History) -> Vec<Event> {
        let mut events = Vec::new();
        history(&f.ctx(owner, Mode::Commit), query, |e| {
            events.push(e);
            Ok(())
        })
        .unwrap();
        events
    }

    fn delta(text: &str) -> Delta {
        Delta::parse(text).unwrap()
    }

    /// Runs `change`, then `undo`, and checks the items and their history
    /// are back where they were (the ledger itself grows by the undo).
    fn assert_undo_reverts(f: &Fixture, change: impl FnOnce()) {
        let items_before = f.list(&f.alice);
        change();
        let undone = undo(&f.alice(), None).unwrap().value;
        assert!(!undone.events.is_empty());
        let items_after = f.list(&f.alice);
        // Everything but updated_at of the touched items is as before.
        let strip = |items: Vec<Item>| -> Vec<Item> {
            items
                .into_iter()
                .map(|i| Item {
                    updated_at: Timestamp::from_millis(0),
                    ..i
                })
                .collect()
        };
        assert_eq!(strip(items_after), strip(items_before));
        f.assert_ledger_replays();
    }

    #[test]
    fn undo_reverts_each_kind_of_operation() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        f.add(&f.alice, "bread", 2);
        assert_undo_reverts(&f, || {
            f.add(&f.alice, "eggs", 12);
        });
        assert_undo_reverts(&f, || {
            remove(&f.alice(), &[name("milk"), name("bread")], false).unwrap();
        });
        assert_undo_reverts(&f, || {
            rename(&f.alice(), &name("milk"), &new_name("oat milk")).unwrap();
        });
        assert_undo_reverts(&f, || {
            adjust(&f.alice(), &name("milk"), delta("-3"), None).unwrap();
        });
        assert_undo_reverts(&f, || {
            set(&f.alice(), &name("milk"), qty(40), None).unwrap();
        });
        assert_undo_reverts(&f, || {
            count(&f.alice(), &name("milk"), qty(3), None).unwrap();
        });
        assert_undo_reverts(&f, || {
            let unit = Some(Some(Unit::parse("L").unwrap()));
            edit(
                &f.alice(),
                &name("milk"),
                &Edit {
                    unit,
                    min: Some(Some(qty(9))),
                    ..Edit::default()
                },
            )
            .unwrap();
        });
    }

    #[test]
    fn undoing_a_multi_item_remove_restores_ids_quantities_units_and_minimums() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        f.add(&f.alice, "bread", 2);
        let unit = Some(Some(Unit::parse("loaves").unwrap()));
        edit(
            &f.alice(),
            &name("bread"),
            &Edit {
                unit,
                min: Some(Some(qty(3))),
                ..Edit::default()
            },
        )
        .unwrap();
        let before = f.list(&f.alice);
        let removed = remove(&f.alice(), &[name("milk"), name("bread")], false)
            .unwrap()
            .value;
        assert_eq!(removed.len(), 2);
        let undone = undo(&f.alice(), None).unwrap().value;
        assert_eq!(undone.command, "remove");
        let after = f.list(&f.alice);
        for (a, b) in after.iter().zip(&before) {
            assert_eq!(
                (a.id, &a.name, a.quantity, &a.unit, a.min, a.created_at),
                (b.id, &b.name, b.quantity, &b.unit, b.min, b.created_at)
            );
        }
        assert_eq!(after.len(), 2);
    }

    #[test]
    fn repeated_undo_walks_back_and_an_operation_is_undone_once() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        adjust(&f.alice(), &name("milk"), delta("+1"), None).unwrap();
        adjust(&f.alice(), &name("milk"), delta("+10"), None).unwrap();
        let first = undo(&f.alice(), None).unwrap().value;
        assert_eq!(f.list(&f.alice)[0].quantity, qty(5));
        let second = undo(&f.alice(), None).unwrap().value;
        assert_eq!(f.list(&f.alice)[0].quantity, qty(4));
        assert_eq!(second.undid, first.undid - 1);
        let before = f.dump();
        let twice = undo(&f.alice(), Some(first.undid)).unwrap_err();
        assert_eq!(twice.kind(), ErrorKind::Conflict);
        assert_eq!(
            twice.to_string(),
            format!(
                "operation {} was already undone by operation {}",
                first.undid, first.op
            )
        );
        let of_undo = undo(&f.alice(), Some(first.op)).unwrap_err();
        assert_eq!(of_undo.kind(), ErrorKind::Conflict);
        let missing = undo(&f.alice(), Some(999)).unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::NotFound);
        assert_eq!(f.dump(), before);
        // The add is next; after it, nothing is left.
        undo(&f.alice(), None).unwrap();
        assert!(f.list(&f.alice).is_empty());
        assert_eq!(
            undo(&f.alice(), None).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        f.assert_ledger_replays();
    }

    #[test]
    fn an_undo_that_would_break_an_invariant_changes_nothing() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        remove(&f.alice(), &[name("milk")], false).unwrap();
        let remove_op = events(&f, &f.alice, &History::default())[0].op;
        f.add(&f.alice, "MILK", 1);
        let before = f.dump();
        let err = undo(&f.alice(), Some(remove_op)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(
            err.to_string().starts_with(&format!(
                "cannot undo operation {remove_op}: the name \"milk\" is now used by another item"
            )),
            "{err}"
        );
        assert_eq!(f.dump(), before);

        // An adjustment whose opposite would take the stock below zero now.
        let g = fixture();
        g.add(&g.alice, "milk", 0);
        adjust(&g.alice(), &name("milk"), delta("+5"), None).unwrap();
        let adjust_op = events(&g, &g.alice, &History::default())[0].op;
        set(&g.alice(), &name("milk"), qty(2), None).unwrap();
        let before = g.dump();
        let err = undo(&g.alice(), Some(adjust_op)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert_eq!(g.dump(), before);
    }

    #[test]
    fn undo_never_reaches_another_owners_operations() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        let alice_op = events(&f, &f.alice, &History::default())[0].op;
        let bob = f.ctx(&f.bob, Mode::Commit);
        assert_eq!(undo(&bob, None).unwrap_err().kind(), ErrorKind::NotFound);
        f.add(&f.bob, "tea", 1);
        assert_eq!(
            undo(&bob, Some(alice_op)).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        undo(&bob, None).unwrap();
        assert_eq!(f.list(&f.alice).len(), 1);
        assert!(
            events(&f, &f.bob, &History::default())
                .iter()
                .all(|e| e.owner == "bob")
        );
    }

    #[test]
    fn history_of_a_name_follows_the_item_across_renames() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        f.add(&f.alice, "bread", 1);
        rename(&f.alice(), &name("milk"), &new_name("oat milk")).unwrap();
        adjust(&f.alice(), &name("oat milk"), delta("+1"), None).unwrap();
        for asked in ["milk", "OAT MILK"] {
            let query = History {
                name: Some(name(asked)),
                ..History::default()
            };
            let kinds: Vec<String> = events(&f, &f.alice, &query)
                .into_iter()
                .map(|e| e.kind.as_str().to_owned())
                .collect();
            assert_eq!(kinds, ["adjust", "rename", "add"], "{asked}");
        }
        let limited = History {
            limit: Some(2),
            ..History::default()
        };
        assert_eq!(events(&f, &f.alice, &limited).len(), 2);
        let err = history(
            &f.alice(),
            &History {
                name: Some(name("tea")),
                ..History::default()
            },
            |_| Ok(()),
        )
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }

    #[test]
    fn show_gives_the_item_its_events_and_its_quantity_series() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        adjust(&f.alice(), &name("milk"), delta("+3"), None).unwrap();
        adjust(&f.alice(), &name("milk"), delta("-6"), None).unwrap();
        let shown = show(&f.alice(), &name("milk")).unwrap();
        assert_eq!(shown.series, [4, 7, 1]);
        assert_eq!(shown.events.len(), 3);
        assert_eq!(shown.events[0].qty_after, Some(qty(1)));
        assert_eq!(shown.item.quantity, qty(1));
        assert_eq!(
            show(&f.alice(), &name("tea")).unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn list_as_of_rebuilds_the_items_at_a_past_time() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        f.add(&f.alice, "bread", 2);
        let then = events(&f, &f.alice, &History::default())[0].at;
        std::thread::sleep(std::time::Duration::from_millis(5));
        rename(&f.alice(), &name("milk"), &new_name("oat milk")).unwrap();
        adjust(&f.alice(), &name("oat milk"), delta("+6"), None).unwrap();
        remove(&f.alice(), &[name("bread")], false).unwrap();
        f.add(&f.alice, "eggs", 12);
        let past = list_as_of(&f.alice(), then, &ListQuery::default())
            .unwrap()
            .0;
        let summary: Vec<(String, u64)> = past
            .iter()
            .map(|i| (i.name.clone(), i.quantity.get()))
            .collect();
        assert_eq!(summary, [("bread".to_owned(), 2), ("milk".to_owned(), 4)]);
        let now = list_as_of(&f.alice(), Timestamp::now(), &ListQuery::default())
            .unwrap()
            .0;
        assert_eq!(now, f.list(&f.alice));
        let before_all = list_as_of(&f.alice(), Timestamp::from_millis(0), &ListQuery::default())
            .unwrap()
            .0;
        assert!(before_all.is_empty());
    }

    #[test]
    fn the_ledger_replays_to_the_items_table_after_every_kind_of_change() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        f.add(&f.bob, "milk", 1);
        f.add(&f.alice, "bread", 2);
        adjust(&f.alice(), &name("milk"), delta("+2"), None).unwrap();
        rename(&f.alice(), &name("bread"), &new_name("Bread")).unwrap();
        remove(&f.alice(), &[name("milk")], false).unwrap();
        undo(&f.alice(), None).unwrap();
        count(&f.ctx(&f.bob, Mode::Commit), &name("milk"), qty(0), None).unwrap();
        edit(
            &f.alice(),
            &name("bread"),
            &Edit {
                unit: None,
                min: Some(Some(qty(1))),
                ..Edit::default()
            },
        )
        .unwrap();
        undo(&f.alice(), None).unwrap();
        f.assert_ledger_replays();
        assert_eq!(current_items(&f.store).unwrap().len(), 3);
    }
}
