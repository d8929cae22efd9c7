//! Scripting at scale: export, import and apply. Each import or apply is
//! one transaction: all of it, or none.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, Intent, Ledger, Presence, Receipt, create_owner};
use crate::db::{Access, NewItem, OwnerRef, StorageTxn};
use crate::domain::{
    ApplyKind, ApplyLine, ApplyOp, ApplyStep, Error, EventKind, ImportItem, ImportRow, Item,
    ListQuery, OnConflict, OneOwner, Transition, name_taken, not_found,
};
use crate::input::Numbered;

/// `export [--all-owners]`: streams the items to `each`.
pub fn export(
    ctx: &Ctx<'_>,
    all_owners: bool,
    mut each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<Presence, Error> {
    if !all_owners {
        return super::list(ctx, &ListQuery::default(), each);
    }
    ctx.read(|tx, _| tx.items_of_all_owners(&mut each))
        .map(|()| Presence::Found)
}

/// What `import` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The ledger operations recording it: one per owner it changed.
    pub ops: Vec<i64>,
    /// Rows read.
    pub rows: u64,
    /// Items created.
    pub created: u64,
    /// Existing items overwritten (`--on-conflict replace`).
    pub replaced: u64,
    /// Rows left out: taken names under `skip`, or rows that changed nothing.
    pub skipped: u64,
}

/// `import`: every row, or none. Rows belong to the current owner, or with
/// `all_owners` to the owner each row names; each owner changed gets one
/// operation, undoable by that owner. `progress` hears the number of rows
/// done so far.
pub fn import(
    ctx: &Ctx<'_>,
    rows: impl Iterator<Item = Result<Numbered<ImportRow>, Error>>,
    all_owners: bool,
    on_conflict: OnConflict,
    progress: &mut dyn FnMut(u64),
) -> Result<Receipt<Imported>, Error> {
    let intent = Intent {
        command: "import",
        access: if all_owners {
            Access::CreateForAll
        } else {
            Access::Create
        },
        reason: None,
    };
    ctx.write(intent, |tx, ledger| {
        let mut owners: HashMap<String, OwnerRef> = HashMap::new();
        let mut result = Imported::default();
        let mut one_owner = OneOwner::default();
        let mut pending = Pending::default();
        for row in rows {
            // A row's own error counts only when the rows before it, still
            // pending, hold no conflict: that one came first.
            let checked = crate::signals::check().and(row).and_then(|(line, row)| {
                if !all_owners {
                    one_owner.check(&row).map_err(|e| e.at_line(line))?;
                }
                let row = row.check(all_owners).map_err(|e| e.at_line(line))?;
                Ok((line, row))
            });
            let (line, row) = match checked {
                Ok(checked) => checked,
                Err(err) => {
                    pending.flush(tx, ledger, &mut result)?;
                    return Err(err);
                }
            };
            let owner = row.owner.as_ref().unwrap_or(ctx.owner);
            if !owners.contains_key(owner.key()) {
                pending.flush(tx, ledger, &mut result)?;
                let stored = create_owner(tx, owner).map_err(|e| e.at_line(line))?;
                owners.insert(owner.key().to_owned(), stored);
            }
            let stored = &owners[owner.key()];
            result.rows += 1;
            match on_conflict {
                // Under `fail` the insert itself finds a taken name (the
                // schema's UNIQUE constraint, reported as a conflict), which
                // saves a lookup per row, and rows are created in batches.
                OnConflict::Fail => {
                    pending.push(tx, ledger, &mut result, stored, line, row)?;
                }
                OnConflict::Skip | OnConflict::Replace => {
                    let existing = tx.find_item(stored, row.name.key())?;
                    import_row(
                        tx,
                        ledger,
                        &mut result,
                        on_conflict,
                        stored,
                        line,
                        row,
                        existing,
                    )?;
                }
            }
            progress(result.rows);
        }
        pending.flush(tx, ledger, &mut result)?;
        result.ops = ledger.ops();
        Ok(result)
    })
}

/// Rows to create under `--on-conflict fail`, all of one owner, held until
/// there are [`StorageTxn::batch_size`] of them.
#[derive(Default)]
struct Pending {
    owner: Option<OwnerRef>,
    rows: Vec<(u64, ImportItem)>,
}

impl Pending {
    /// Adds a row, creating the batch when it is full. A row that breaks
    /// the creation rule goes alone, after the rows before it, so that a
    /// taken name (its own or an earlier row's) is reported first.
    fn push(
        &mut self,
        tx: &mut dyn StorageTxn,
        ledger: &mut Ledger<'_>,
        result: &mut Imported,
        owner: &OwnerRef,
        line: u64,
        row: ImportItem,
    ) -> Result<(), Error> {
        if self.owner.as_ref().is_some_and(|o| o.id != owner.id) {
            self.flush(tx, ledger, result)?;
        }
        if row.check_new().is_err() {
            self.flush(tx, ledger, result)?;
            return import_row(tx, ledger, result, OnConflict::Fail, owner, line, row, None);
        }
        if self.owner.is_none() {
            self.owner = Some(owner.clone());
            self.rows.reserve(tx.batch_size());
        }
        self.rows.push((line, row));
        if self.rows.len() >= tx.batch_size() {
            self.flush(tx, ledger, result)?;
        }
        Ok(())
    }

    /// Creates the pending rows and records their events. When one of
    /// their names is taken nothing was created: they are created one at
    /// a time instead, which fails at the row that holds the taken name.
    fn flush(
        &mut self,
        tx: &mut dyn StorageTxn,
        ledger: &mut Ledger<'_>,
        result: &mut Imported,
    ) -> Result<(), Error> {
        let Some(owner) = self.owner.take() else {
            return Ok(());
        };
        let rows = std::mem::take(&mut self.rows);
        let new: Vec<NewItem<'_>> = rows.iter().map(|(_, row)| new_item(row, ledger)).collect();
        match tx.insert_items(&owner, &new) {
            Ok(items) => {
                for item in &items {
                    ledger.record(tx, &owner, EventKind::Import, Transition::Created(item))?;
                }
                result.created += items.len() as u64;
                Ok(())
            }
            Err(Error::Conflict(_)) => {
                for (line, row) in rows {
                    import_row(
                        tx,
                        ledger,
                        result,
                        OnConflict::Fail,
                        &owner,
                        line,
                        row,
                        None,
                    )?;
                }
                Ok(())
            }
            Err(err) => Err(err),
        }
    }
}

/// The creation of an import row's item.
fn new_item<'a>(row: &'a ImportItem, ledger: &Ledger<'_>) -> NewItem<'a> {
    NewItem::from_fields(&row.name, &row.fields, ledger.at())
}

/// Imports one row whose existing item (under `skip` and `replace`) was
/// looked up: creates it, skips it, or overwrites the existing item.
#[allow(clippy::too_many_arguments)] // the import's state, passed apart
fn import_row(
    tx: &mut dyn StorageTxn,
    ledger: &mut Ledger<'_>,
    result: &mut Imported,
    on_conflict: OnConflict,
    stored: &OwnerRef,
    line: u64,
    row: ImportItem,
    existing: Option<Item>,
) -> Result<(), Error> {
    match existing {
        None => {
            // A taken name is a conflict before the creation rule
            // is asked (under `fail` the insert is the lookup).
            let item = tx
                .insert_item(stored, &new_item(&row, ledger))
                .map_err(|e| e.at_line(line))?;
            row.check_new().map_err(|e| e.at_line(line))?;
            ledger.record(tx, stored, EventKind::Import, Transition::Created(&item))?;
            result.created += 1;
        }
        Some(_) if on_conflict == OnConflict::Skip => result.skipped += 1,
        Some(existing) => {
            let wanted = Item {
                name: row.name.as_str().to_owned(),
                quantity: row.fields.quantity,
                unit: row.fields.unit,
                min: row.fields.min,
                ..existing.clone()
            };
            if wanted == existing {
                result.skipped += 1;
            } else {
                let wanted = Item {
                    updated_at: ledger.at(),
                    ..wanted
                };
                let after = tx.update_item(stored, &wanted)?;
                let change = Transition::Changed {
                    before: &existing,
                    after: &after,
                };
                ledger.record(tx, stored, EventKind::Import, change)?;
                result.replaced += 1;
            }
        }
    }
    Ok(())
}

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
                .and_then(|step| apply_step(ctx, tx, ledger, &owner, step))
                .map_err(|e| e.at_line(number))?;
            result.lines += 1;
            progress(result.lines);
        }
        result.op = ledger.op_of(&owner);
        result.changed = ledger.events();
        Ok(result)
    })
}

/// Fails unless the item is as the line's preconditions expect.
fn check_preconditions(step: &ApplyStep, current: Option<&Item>) -> Result<(), Error> {
    let failed = |why: String| Error::Conflict(format!("precondition failed: {why}"));
    let name = step.name.as_str();
    if let Some(expected) = step.expect.exists
        && expected != current.is_some()
    {
        let what = if expected { "to exist" } else { "not to exist" };
        return Err(failed(format!("expected {name:?} {what}")));
    }
    if let Some(expected) = step.expect.quantity {
        match current {
            Some(item) if item.quantity.get() == expected => {}
            Some(item) => {
                return Err(failed(format!(
                    "{:?} has quantity {}, expected {expected}",
                    item.name, item.quantity
                )));
            }
            None => {
                return Err(failed(format!(
                    "{name:?} does not exist, expected quantity {expected}"
                )));
            }
        }
    }
    Ok(())
}

fn apply_step(
    ctx: &Ctx<'_>,
    tx: &mut dyn StorageTxn,
    ledger: &mut Ledger<'_>,
    owner: &OwnerRef,
    step: ApplyStep,
) -> Result<(), Error> {
    let current = tx.find_item(owner, step.name.key())?;
    check_preconditions(&step, current.as_ref())?;
    let current = match (step.kind, current) {
        (ApplyKind::Add, Some(existing)) => {
            return Err(name_taken(ctx.owner.as_str(), &existing.name));
        }
        (ApplyKind::Add, None) => None,
        (_, None) => return Err(not_found(ctx.owner, &[step.name.as_str()])),
        (_, Some(current)) => Some(current),
    };
    let name = &step.name;
    let op = step.op?;
    let (kind, wanted, current) = match (op, current) {
        (ApplyOp::Add(fields), _) => {
            let new = NewItem::from_fields(name, &fields, ledger.at());
            let item = tx.insert_item(owner, &new)?;
            return ledger.record(tx, owner, EventKind::Add, Transition::Created(&item));
        }
        (_, None) => return Err(not_found(ctx.owner, &[name.as_str()])),
        (ApplyOp::Remove, Some(current)) => {
            tx.delete_item(owner, current.id)?;
            return ledger.record(tx, owner, EventKind::Remove, Transition::Removed(&current));
        }
        (ApplyOp::Adjust(delta), Some(current)) => {
            let quantity = delta.apply(current.quantity, &current.name)?;
            let wanted = Item {
                quantity,
                ..current.clone()
            };
            (EventKind::Adjust, wanted, current)
        }
        (ApplyOp::Set(quantity), Some(current)) => {
            let wanted = Item {
                quantity,
                ..current.clone()
            };
            (EventKind::Set, wanted, current)
        }
        (ApplyOp::Rename(to), Some(current)) => {
            if to.key() != name.key()
                && let Some(other) = tx.find_item(owner, to.key())?
            {
                return Err(name_taken(ctx.owner.as_str(), &other.name));
            }
            let wanted = Item {
                name: to.as_str().to_owned(),
                ..current.clone()
            };
            (EventKind::Rename, wanted, current)
        }
    };
    if wanted == current {
        return Ok(());
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
            before: &current,
            after: &after,
        },
    )
}
