//! Commands that move stock or change an item's unit and reorder level.

use super::{Ctx, Recorder, existing_item, finish, items};
use crate::domain::{Delta, Error, Item, ItemName, ListQuery, Quantity, Timestamp, Unit};

/// What `adjust`, `set`, `count` and `edit` did to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjusted {
    /// The item before.
    pub before: Item,
    /// The item after (the same as before when nothing changed).
    pub after: Item,
}

/// `edit`'s changes: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    /// New unit, or no unit.
    pub unit: Option<Option<Unit>>,
    /// New reorder level, or none.
    pub min: Option<Option<Quantity>>,
}

/// Runs one change to one existing item: `change` computes the new state
/// from the current one (`None`: nothing to change). `always` records the
/// event even when the state is the same (a stocktake that confirms the
/// level is still a count).
fn change_item(
    ctx: &Ctx<'_>,
    name: &ItemName,
    command: &'static str,
    reason: Option<&str>,
    always: bool,
    change: impl FnOnce(&Item) -> Result<Item, Error>,
) -> Result<Adjusted, Error> {
    let Some(mut db) = ctx.store.open_existing()? else {
        return Err(crate::domain::not_found(ctx.owner, &[name.as_str()]));
    };
    let tx = db.write()?;
    let (owner_id, before) = existing_item(&tx, ctx.owner, name)?;
    let mut wanted = change(&before)?;
    if wanted == before && !always {
        finish(tx, ctx.mode)?;
        return Ok(Adjusted {
            after: before.clone(),
            before,
        });
    }
    let now = Timestamp::now();
    wanted.updated_at = now;
    let after = items::update(&tx, &wanted)?;
    let mut ledger = Recorder::new(ctx, owner_id, command, reason, now);
    ledger.record(&tx, command, Some(&before), Some(&after))?;
    finish(tx, ctx.mode)?;
    ledger.done();
    Ok(Adjusted { before, after })
}

/// `adjust NAME DELTA [--reason TEXT]`: the quantity moves by `delta`
/// inside the write lock, so concurrent adjustments never lose an update.
pub fn adjust(
    ctx: &Ctx<'_>,
    name: &ItemName,
    delta: Delta,
    reason: Option<&str>,
) -> Result<Adjusted, Error> {
    change_item(ctx, name, "adjust", reason, false, |item| {
        let quantity = delta.apply(item.quantity, &item.name)?;
        Ok(Item {
            quantity,
            ..item.clone()
        })
    })
}

/// `set NAME N [--reason TEXT]`.
pub fn set(
    ctx: &Ctx<'_>,
    name: &ItemName,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Adjusted, Error> {
    change_item(ctx, name, "set", reason, false, |item| {
        Ok(Item {
            quantity,
            ..item.clone()
        })
    })
}

/// `count NAME N [--reason TEXT]`: a stocktake. It sets the level and is
/// recorded as a count even when the level was already right.
pub fn count(
    ctx: &Ctx<'_>,
    name: &ItemName,
    quantity: Quantity,
    reason: Option<&str>,
) -> Result<Adjusted, Error> {
    change_item(ctx, name, "count", reason, true, |item| {
        Ok(Item {
            quantity,
            ..item.clone()
        })
    })
}

/// `edit NAME [--unit U|--no-unit] [--min N|--no-min]`.
pub fn edit(ctx: &Ctx<'_>, name: &ItemName, edit: &Edit) -> Result<Adjusted, Error> {
    change_item(ctx, name, "edit", None, false, |item| {
        let mut wanted = item.clone();
        if let Some(unit) = &edit.unit {
            wanted.unit.clone_from(unit);
        }
        if let Some(min) = edit.min {
            wanted.min = min;
        }
        Ok(wanted)
    })
}

/// `low`: streams the owner's items whose quantity is below their reorder
/// level, and returns how many there were.
pub fn low(
    ctx: &Ctx<'_>,
    query: &ListQuery,
    mut each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<u64, Error> {
    let query = ListQuery {
        low_only: true,
        ..query.clone()
    };
    let mut found = 0;
    super::list(ctx, &query, |item| {
        found += 1;
        each(item)
    })?;
    Ok(found)
}
