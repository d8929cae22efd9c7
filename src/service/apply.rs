//! `apply`: a batch of operations, one transaction and one undoable
//! operation; all of it, or none.

use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, Intent, Ledger, Receipt, create_owner};
use super::items::{code_free, find_ref, refs_not_found};
use crate::db::{Access, NewItem, OwnerRef, StorageTxn};
use crate::domain::{
    ApplyKind, ApplyLine, ApplyOp, ApplyStep, Error, EventKind, Item, ItemChange, ItemRef,
    OwnerName, Transition, name_taken, quoted,
};
use crate::input::Numbered;

/// What `apply` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The ledger operation recording the batch, if it changed anything.
    pub op: Option<i64>,
    /// Lines applied.
    pub lines: u64,
    /// Events recorded: item changes.
    pub changed: u64,
}

/// `apply`: runs a batch of operations as one transaction and one ledger
/// operation. A line that fails (a rule, a missing item, a precondition)
/// fails the whole batch, naming the line.
pub fn apply(
    ctx: &Ctx<'_>,
    lines: impl Iterator<Item = Result<Numbered<ApplyLine>, Error>>,
    progress: &mut dyn FnMut(u64),
) -> Result<Receipt<Applied>, Error> {
    let intent = Intent {
        command: "apply",
        access: Access::Create,
        reason: None,
    };
    ctx.write(intent, |tx, ledger| {
        let owner = create_owner(tx, ctx.owner)?;
        let mut result = Applied::default();
        for line in lines {
            crate::signals::check()?;
            let (number, line) = line?;
            ApplyStep::try_from(&line)
                .and_then(|step| apply_step(ctx.owner, tx, ledger, &owner, step))
                .map_err(|e| e.at_line(number))?;
            result.lines += 1;
            progress(result.lines);
        }
        result.op = ledger.op_of(&owner);
        result.changed = ledger.events();
        Ok(result)
    })
}

/// The item a line names, as messages show it: a name as it is, an id or
/// a code as written (`#3`, `=4006`).
fn shown(item: &ItemRef) -> String {
    item.name()
        .map_or_else(|| item.written(), |name| name.as_str().to_owned())
}

/// Fails unless the item is as the line's preconditions expect.
fn check_preconditions(step: &ApplyStep, current: Option<&Item>) -> Result<(), Error> {
    let failed = |why: String| Error::Conflict(format!("precondition failed: {why}"));
    let name = shown(&step.item);
    if let Some(expected) = step.expect.exists
        && expected != current.is_some()
    {
        let what = if expected { "to exist" } else { "not to exist" };
        return Err(failed(format!("expected {} {what}", quoted(&name))));
    }
    if let Some(expected) = step.expect.quantity {
        match current {
            Some(item) if item.quantity.get() == expected => {}
            Some(item) => {
                return Err(failed(format!(
                    "{} has quantity {}, expected {expected}",
                    quoted(&item.name),
                    item.quantity
                )));
            }
            None => {
                return Err(failed(format!(
                    "{} does not exist, expected quantity {expected}",
                    quoted(&name)
                )));
            }
        }
    }
    Ok(())
}

/// Runs one line: the item is looked up, the preconditions asked, then
/// the line's values, then its change is made and recorded.
fn apply_step(
    owner_name: &OwnerName,
    tx: &mut dyn StorageTxn,
    ledger: &mut Ledger<'_>,
    owner: &OwnerRef,
    step: ApplyStep,
) -> Result<(), Error> {
    let current = find_ref(tx, owner, &step.item)?;
    check_preconditions(&step, current.as_ref())?;
    // Whether the item exists is reported before the line's values.
    match (step.kind, &current) {
        (ApplyKind::Add, Some(existing)) => {
            return Err(name_taken(owner_name.as_str(), &existing.name));
        }
        (ApplyKind::Add, None) | (_, Some(_)) => {}
        (_, None) => return Err(refs_not_found(owner_name, &[&step.item])),
    }
    match (step.op?, current) {
        (ApplyOp::Add(name, fields), None) => {
            code_free(tx, owner, fields.code.as_ref(), None)?;
            let item = tx.insert_item(owner, &NewItem::from_fields(&name, &fields, ledger.at()))?;
            ledger.record(tx, owner, EventKind::Add, Transition::Created(&item))
        }
        (ApplyOp::Add(name, _), Some(_)) => Err(name_taken(owner_name.as_str(), name.as_str())),
        (_, None) => Err(refs_not_found(owner_name, &[&step.item])),
        (ApplyOp::Remove, Some(current)) => {
            tx.delete_item(owner, current.id)?;
            ledger.record(tx, owner, EventKind::Remove, Transition::Removed(&current))
        }
        (ApplyOp::Change(change), Some(current)) => {
            let outcome = changed(owner_name, tx, owner, change, &current)?;
            record_change(tx, ledger, owner, &current, outcome)
        }
    }
}

/// What a line makes of an existing item it keeps.
struct Outcome {
    /// The event that records it.
    kind: EventKind,
    /// The item after it.
    wanted: Item,
    /// Recorded even when nothing changes: a count that confirms the
    /// level is still a stocktake.
    always: bool,
}

/// Makes and records a line's change to `current`, unless it changes
/// nothing (and need not be recorded anyway).
fn record_change(
    tx: &mut dyn StorageTxn,
    ledger: &mut Ledger<'_>,
    owner: &OwnerRef,
    current: &Item,
    outcome: Outcome,
) -> Result<(), Error> {
    let Outcome {
        kind,
        wanted,
        always,
    } = outcome;
    if wanted == *current && !always {
        return Ok(());
    }
    if wanted.code != current.code {
        code_free(tx, owner, wanted.code.as_ref(), Some(current.id))?;
    }
    let wanted = Item {
        updated_at: ledger.at(),
        ..wanted
    };
    let after = tx.update_item(owner, &wanted)?;
    ledger.record(
        tx,
        owner,
        kind,
        Transition::Changed {
            before: current,
            after: &after,
        },
    )
}

/// What `change` makes of `current`, and the kind of event recording it.
fn changed(
    owner_name: &OwnerName,
    tx: &mut dyn StorageTxn,
    owner: &OwnerRef,
    change: ItemChange,
    current: &Item,
) -> Result<Outcome, Error> {
    let mut wanted = current.clone();
    let mut always = false;
    let kind = match change {
        ItemChange::Adjust(delta) => {
            wanted.quantity = delta.apply(current.quantity, &current.name)?;
            EventKind::Adjust
        }
        ItemChange::Set(quantity) => {
            wanted.quantity = quantity;
            EventKind::Set
        }
        ItemChange::Count(quantity) => {
            wanted.quantity = quantity;
            always = true;
            EventKind::Count
        }
        ItemChange::Rename(to) => {
            if let Some(other) = tx.find_item(owner, to.key())?
                && other.id != current.id
            {
                return Err(name_taken(owner_name.as_str(), &other.name));
            }
            to.as_str().clone_into(&mut wanted.name);
            EventKind::Rename
        }
        ItemChange::Edit(changes) => {
            wanted = changes.applied_to(current);
            EventKind::Edit
        }
        ItemChange::Move(location) => {
            wanted.location = location;
            EventKind::Move
        }
        ItemChange::Tag(retag) => {
            let (tags, added) = retag.applied_to(&current.tags)?;
            wanted.tags = tags;
            if added {
                EventKind::Tag
            } else {
                EventKind::Untag
            }
        }
    };
    Ok(Outcome {
        kind,
        wanted,
        always,
    })
}
