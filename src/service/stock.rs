//! Commands that move stock or change an item's unit and reorder level.

use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, Intent, Presence, Receipt};
use super::items::{code_free, existing_item};
use crate::db::Access;
use crate::domain::{
    Code, Delta, Error, EventKind, Item, ItemRef, ListQuery, Location, Quantity, Tags, Transition,
    Unit,
};

/// What `adjust`, `set`, `count` and `edit` did to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjusted {
    /// The item before.
    pub before: Item,
    /// The item after (the same as before when nothing changed).
    pub after: Item,
}

/// `edit`'s changes: `None` leaves a field alone, `Some(None)` clears it.
pub type Edit = crate::domain::Changes;

/// How a stock level is set: `set` records a change only, `count` (a
/// stocktake) is recorded even when it confirms the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `set NAME N`.
    Set,
    /// `count NAME N`.
    Count,
}

/// Runs one change to one existing item: `change` computes the new state
/// from the current one. `always` records the event even when the state
/// is the same (a stocktake that confirms the level is still a count).
fn change_item(
    ctx: &Ctx<'_>,
    name: &ItemRef,
    kind: EventKind,
    reason: Option<&str>,
    always: bool,
    change: impl Fn(&Item) -> Result<Item, Error>,
) -> Result<Receipt<Adjusted>, Error> {
    let intent = Intent {
        command: kind.as_str(),
        access: Access::Change,
        reason,
    };
    ctx.write_retrying(intent, |tx, ledger| {
        let (owner, before) = existing_item(tx, ctx.owner, name)?;
        let mut wanted = change(&before)?;
        if wanted == before && !always {
            return Ok(Adjusted {
                after: before.clone(),
                before,
            });
        }
        if wanted.code != before.code {
            code_free(tx, &owner, wanted.code.as_ref(), Some(before.id))?;
        }
        wanted.updated_at = ledger.at();
        let after = tx.update_item(&owner, &wanted)?;
        ledger.record(
            tx,
            &owner,
            kind,
            Transition::Changed {
                before: &before,
                after: &after,
            },
        )?;
        Ok(Adjusted { before, after })
    })
}

/// `adjust NAME DELTA [--reason TEXT]`: the quantity moves by `delta`
/// inside the write lock, so concurrent adjustments never lose an update.
pub fn adjust(
    ctx: &Ctx<'_>,
    name: &ItemRef,
    delta: Delta,
    reason: Option<&str>,
) -> Result<Receipt<Adjusted>, Error> {
    adjust_as(ctx, name, delta, reason, EventKind::Adjust)
}

/// One line of `scan`: the adjustment of the item a scanned code names,
/// recorded as a scan.
pub fn scan(ctx: &Ctx<'_>, code: &Code, delta: Delta) -> Result<Receipt<Adjusted>, Error> {
    adjust_as(
        ctx,
        &ItemRef::Code(code.clone()),
        delta,
        None,
        EventKind::Scan,
    )
}

/// An adjustment recorded as `kind` (`adjust` or `scan`).
fn adjust_as(
    ctx: &Ctx<'_>,
    name: &ItemRef,
    delta: Delta,
    reason: Option<&str>,
    kind: EventKind,
) -> Result<Receipt<Adjusted>, Error> {
    change_item(ctx, name, kind, reason, false, |item| {
        let quantity = delta.apply(item.quantity, &item.name)?;
        Ok(Item {
            quantity,
            ..item.clone()
        })
    })
}

/// `set NAME N [--reason TEXT]` and `count NAME N [--reason TEXT]`.
pub fn set_level(
    ctx: &Ctx<'_>,
    level: Level,
    name: &ItemRef,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Receipt<Adjusted>, Error> {
    let (kind, always) = match level {
        Level::Set => (EventKind::Set, false),
        Level::Count => (EventKind::Count, true),
    };
    change_item(ctx, name, kind, reason, always, |item| {
        Ok(Item {
            quantity,
            ..item.clone()
        })
    })
}

/// `edit NAME [--unit U|--no-unit] [--min N|--no-min] [--code C|--no-code]
/// [--note TEXT|--no-note]`.
pub fn edit(ctx: &Ctx<'_>, name: &ItemRef, edit: &Edit) -> Result<Receipt<Adjusted>, Error> {
    if let Some(Some(unit)) = &edit.unit {
        Unit::parse_new(unit.as_str())?;
    }
    change_item(ctx, name, EventKind::Edit, None, false, |item| {
        Ok(edit.applied_to(item))
    })
}

/// `move NAME LOC` or `move NAME --nowhere`.
pub fn move_to(
    ctx: &Ctx<'_>,
    name: &ItemRef,
    location: Option<&Location>,
) -> Result<Receipt<Adjusted>, Error> {
    change_item(ctx, name, EventKind::Move, None, false, |item| {
        Ok(Item {
            location: location.cloned(),
            ..item.clone()
        })
    })
}

/// `tag NAME TAG...`: adds the tags the item does not have yet.
pub fn tag(ctx: &Ctx<'_>, name: &ItemRef, tags: &Tags) -> Result<Receipt<Adjusted>, Error> {
    change_item(ctx, name, EventKind::Tag, None, false, |item| {
        let mut wanted = item.clone();
        for tag in tags.iter() {
            wanted.tags.insert(tag.clone());
        }
        wanted.tags.check_count()?;
        Ok(wanted)
    })
}

/// `untag NAME TAG...`: removes the tags the item has; the others are
/// ignored, as `remove --missing-ok` ignores missing names.
pub fn untag(ctx: &Ctx<'_>, name: &ItemRef, tags: &Tags) -> Result<Receipt<Adjusted>, Error> {
    change_item(ctx, name, EventKind::Untag, None, false, |item| {
        let mut wanted = item.clone();
        for tag in tags.iter() {
            wanted.tags.remove(tag);
        }
        Ok(wanted)
    })
}

/// `low`: streams the owner's items whose quantity is below their reorder
/// level.
pub fn low(
    ctx: &Ctx<'_>,
    query: &ListQuery,
    each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<Presence, Error> {
    let query = ListQuery {
        low_only: true,
        ..query.clone()
    };
    super::list(ctx, &query, each)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{count, fixture, name, qty, set};
    use super::super::{Mode, history};
    use super::*;
    use crate::domain::{ErrorKind, Unit};

    /// An event as (kind, quantity before, quantity after, reason).
    type Summary<'a> = (&'a str, Option<u64>, Option<u64>, Option<&'a str>);

    fn delta(text: &str) -> Delta {
        Delta::parse(text).unwrap()
    }

    #[test]
    fn adjustments_move_the_quantity_and_are_recorded() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        let up = adjust(&f.alice(), &name("MILK"), delta("+3"), Some("delivery"))
            .unwrap()
            .value;
        assert_eq!((up.before.quantity, up.after.quantity), (qty(4), qty(7)));
        let down = adjust(&f.alice(), &name("milk"), delta("-7"), None)
            .unwrap()
            .value;
        assert_eq!(down.after.quantity, qty(0));
        let mut events = Vec::new();
        history(&f.alice(), &super::super::History::default(), |e| {
            events.push(e);
            Ok(())
        })
        .unwrap();
        let summary: Vec<Summary<'_>> = events
            .iter()
            .map(|e| {
                (
                    e.kind.as_str(),
                    e.qty_before.map(Quantity::get),
                    e.qty_after.map(Quantity::get),
                    e.reason.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("adjust", Some(7), Some(0), None),
                ("adjust", Some(4), Some(7), Some("delivery")),
                ("add", None, Some(4), None),
            ]
        );
        f.assert_ledger_replays();
    }

    #[test]
    fn failed_stock_changes_leave_state_and_ledger_unchanged() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        f.add(&f.alice, "sand", 0);
        set(&f.alice(), &name("sand"), Quantity::MAX, None).unwrap();
        let before = f.dump();
        let bob = f.ctx(&f.bob, Mode::Commit);
        let clear_unit = Edit {
            unit: Some(None),
            min: None,
            ..Edit::default()
        };
        for (result, kind) in [
            (
                adjust(&f.alice(), &name("milk"), delta("-5"), None),
                ErrorKind::Invalid,
            ),
            (
                adjust(&f.alice(), &name("sand"), delta("+1"), None),
                ErrorKind::Invalid,
            ),
            (
                adjust(&f.alice(), &name("bread"), delta("+1"), None),
                ErrorKind::NotFound,
            ),
            (
                set(&f.alice(), &name("bread"), qty(1), None),
                ErrorKind::NotFound,
            ),
            (
                count(&f.alice(), &name("bread"), qty(1), None),
                ErrorKind::NotFound,
            ),
            (
                edit(&f.alice(), &name("bread"), &clear_unit),
                ErrorKind::NotFound,
            ),
            (
                adjust(&bob, &name("milk"), delta("+1"), None),
                ErrorKind::NotFound,
            ),
        ] {
            assert_eq!(result.unwrap_err().kind(), kind);
            assert_eq!(f.dump(), before);
        }
    }

    #[test]
    fn set_records_only_a_change_but_count_always_records_the_stocktake() {
        let f = fixture();
        f.add(&f.alice, "milk", 4);
        let before = f.dump();
        set(&f.alice(), &name("milk"), qty(4), None).unwrap();
        adjust(&f.alice(), &name("milk"), delta("0"), None).unwrap();
        assert_eq!(
            f.dump(),
            before,
            "a change to the same level recorded something"
        );
        let counted = count(&f.alice(), &name("milk"), qty(4), Some("stocktake"))
            .unwrap()
            .value;
        assert_eq!(counted.after.quantity, qty(4));
        assert_ne!(f.dump(), before);
        let counted = count(&f.alice(), &name("milk"), qty(3), None)
            .unwrap()
            .value;
        assert_eq!(
            (counted.before.quantity, counted.after.quantity),
            (qty(4), qty(3))
        );
        f.assert_ledger_replays();
    }

    #[test]
    fn edit_sets_and_clears_the_unit_and_the_reorder_level() {
        let f = fixture();
        f.add(&f.alice, "milk", 1);
        let litres = Unit::parse("L").unwrap();
        let edited = edit(
            &f.alice(),
            &name("milk"),
            &Edit {
                unit: Some(Some(litres.clone())),
                min: Some(Some(qty(2))),
                ..Edit::default()
            },
        )
        .unwrap()
        .value;
        assert_eq!(
            (edited.after.unit.clone(), edited.after.min),
            (Some(litres.clone()), Some(qty(2)))
        );
        assert!(edited.after.is_low());
        let cleared = edit(
            &f.alice(),
            &name("milk"),
            &Edit {
                unit: None,
                min: Some(None),
                ..Edit::default()
            },
        )
        .unwrap()
        .value;
        assert_eq!(
            (cleared.after.unit, cleared.after.min),
            (Some(litres), None)
        );
        f.assert_ledger_replays();
    }

    #[test]
    fn low_lists_only_items_below_their_reorder_level() {
        let f = fixture();
        for (item, q, min) in [
            ("a", 1, Some(2)),
            ("b", 2, Some(2)),
            ("c", 0, None),
            ("d", 0, Some(5)),
        ] {
            f.add(&f.alice, item, q);
            if let Some(min) = min {
                edit(
                    &f.alice(),
                    &name(item),
                    &Edit {
                        unit: None,
                        min: Some(Some(qty(min))),
                        ..Edit::default()
                    },
                )
                .unwrap();
            }
        }
        let mut names = Vec::new();
        let n = low(&f.alice(), &ListQuery::default(), |item| {
            names.push(item.name);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            (n, names),
            (Presence::Found, vec!["a".to_owned(), "d".to_owned()])
        );
        let mut bobs = 0;
        let none = low(&f.ctx(&f.bob, Mode::Commit), &ListQuery::default(), |_| {
            bobs += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!((none, bobs), (Presence::NoOwner, 0));
    }
}
