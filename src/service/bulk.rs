//! Scripting at scale: export and import (apply is in [`super::apply`]).
//! Each import is one transaction: all of it, or none.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::ctx::{Ctx, Intent, Ledger, Presence, Receipt, create_owner};
use super::items::{code_free, find_ref, refs_not_found};
use crate::db::{Access, NewItem, OwnerRef, StorageTxn};
use crate::domain::{
    Error, EventKind, ImportRow, Item, ItemFields, ItemName, ItemRef, ListQuery, OnConflict,
    OneOwner, OwnerName, Quantity, Transition, Unit, name_taken, quoted,
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
    /// Existing items the rows' quantities were added to (`--on-conflict
    /// add`). Results stored before this count existed read as 0.
    #[serde(default)]
    pub added: u64,
}

/// `import`: every row, or none. Rows belong to the current owner, or with
/// `all_owners` to the owner each row names; each owner changed gets one
/// operation, undoable by that owner. `progress` hears the number of rows
/// done so far.
pub fn import(
    ctx: &Ctx<'_>,
    rows: impl Iterator<Item = Result<Numbered<ImportRow>, Error>> + Send + 'static,
    all_owners: bool,
    on_conflict: OnConflict,
    progress: &mut dyn FnMut(u64),
) -> Result<Receipt<Imported>, Error> {
    // Each row is read, parsed and checked on a thread of its own, ahead of
    // the transaction that writes the rows before it.
    let rows = crate::ahead::read_ahead(rows.map(move |row| {
        row.map(|(line, row)| {
            let checked = row.check(all_owners);
            (line, row, checked)
        })
    }));
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
            let checked = crate::signals::check()
                .and(row)
                .and_then(|(line, row, checked)| {
                    if !all_owners {
                        one_owner.check(&row).map_err(|e| e.at_line(line))?;
                    }
                    Ok((line, checked.map_err(|e| e.at_line(line))?))
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
            let mut import = Import {
                tx: &mut *tx,
                ledger: &mut *ledger,
                result: &mut result,
                owner: (stored, owner),
                on_conflict,
            };
            match row.item {
                // Under `fail` a named row is created in a batch, whose
                // insert finds a taken name or code (the schema's UNIQUE
                // constraints), which saves a lookup per row.
                ItemRef::Name(name) if on_conflict == OnConflict::Fail => {
                    pending.push(&mut import, line, name, row.fields)?;
                }
                item => {
                    pending.flush(import.tx, import.ledger, import.result)?;
                    import.row(line, &item, row.fields)?;
                }
            }
            progress(result.rows);
        }
        pending.flush(tx, ledger, &mut result)?;
        result.ops = ledger.ops();
        Ok(result)
    })
}

/// One owner's share of an import in progress: where its rows go and
/// what they did.
struct Import<'a, 'l, 't> {
    tx: &'a mut dyn StorageTxn,
    ledger: &'a mut Ledger<'l>,
    result: &'a mut Imported,
    /// The owner as stored, and as named.
    owner: (&'t OwnerRef, &'t OwnerName),
    on_conflict: OnConflict,
}

impl Import<'_, '_, '_> {
    /// Imports one row: finds its item, then creates it, skips the row, or
    /// replaces or adds to the existing item, as `on_conflict` says.
    fn row(&mut self, line: u64, item: &ItemRef, fields: ItemFields) -> Result<(), Error> {
        let (owner, owner_name) = self.owner;
        let Some(existing) = find_ref(self.tx, owner, item)? else {
            let Some(name) = item.name() else {
                // Only a row with a name may create its item.
                return Err(refs_not_found(owner_name, &[item]).at_line(line));
            };
            return self.create(line, name, &fields);
        };
        let wanted = match self.on_conflict {
            OnConflict::Fail if item.name().is_some() => {
                return Err(name_taken(owner_name.as_str(), &existing.name).at_line(line));
            }
            OnConflict::Fail => {
                return Err(Error::Conflict(format!(
                    "{} is the existing item {}; a row without a name changes an existing \
                     item only with --on-conflict skip, replace or add",
                    quoted(&item.written()),
                    quoted(&existing.name)
                ))
                .at_line(line));
            }
            OnConflict::Skip => None,
            OnConflict::Replace => Some(replaced(&existing, item.name(), fields)),
            OnConflict::Add => {
                let code = fields.code.as_ref();
                let sum = code_free(self.tx, owner, code, Some(existing.id))
                    .and_then(|()| added(&existing, &fields));
                Some(sum.map_err(|e| e.at_line(line))?)
            }
        };
        match wanted {
            Some(wanted) if wanted != existing => self.change(line, &existing, wanted),
            _ => {
                self.result.skipped += 1;
                Ok(())
            }
        }
    }

    /// Creates a row's item, after the creation rule and the code's
    /// uniqueness are asked.
    fn create(&mut self, line: u64, name: &ItemName, fields: &ItemFields) -> Result<(), Error> {
        let owner = self.owner.0;
        name.check_new()
            .and_then(|()| fields.check_new())
            .and_then(|()| code_free(self.tx, owner, fields.code.as_ref(), None))
            .map_err(|e| e.at_line(line))?;
        let new = NewItem::from_fields(name, fields, self.ledger.at());
        let item = self
            .tx
            .insert_item(owner, &new)
            .map_err(|e| e.at_line(line))?;
        self.ledger.record(
            self.tx,
            owner,
            EventKind::Import,
            Transition::Created(&item),
        )?;
        self.result.created += 1;
        Ok(())
    }

    /// Overwrites an existing item (replace or add) as recorded by an
    /// import event, whose undo puts back every field as it was before.
    fn change(&mut self, line: u64, existing: &Item, wanted: Item) -> Result<(), Error> {
        let owner = self.owner.0;
        if wanted.code != existing.code {
            code_free(self.tx, owner, wanted.code.as_ref(), Some(existing.id))
                .map_err(|e| e.at_line(line))?;
        }
        let wanted = Item {
            updated_at: self.ledger.at(),
            ..wanted
        };
        let after = self
            .tx
            .update_item(owner, &wanted)
            .map_err(|e| e.at_line(line))?;
        let change = Transition::Changed {
            before: existing,
            after: &after,
        };
        self.ledger
            .record(self.tx, owner, EventKind::Import, change)?;
        match self.on_conflict {
            OnConflict::Add => self.result.added += 1,
            _ => self.result.replaced += 1,
        }
        Ok(())
    }
}

/// `--on-conflict replace`: the existing item with every field the row
/// carries; a row without a name (by id or code) keeps the item's name.
fn replaced(existing: &Item, name: Option<&ItemName>, fields: ItemFields) -> Item {
    Item {
        name: name.map_or_else(|| existing.name.clone(), |n| n.as_str().to_owned()),
        quantity: fields.quantity,
        unit: fields.unit,
        min: fields.min,
        location: fields.location,
        tags: fields.tags,
        code: fields.code,
        note: fields.note,
        ..existing.clone()
    }
}

/// `--on-conflict add`: the existing item with the row's quantity added
/// and nothing else changed, refused when the row's unit is not the
/// item's (a row without a unit is refused for an item with one: the two
/// quantities cannot be told to be alike) or the sum leaves 0..=2^53-1.
fn added(existing: &Item, fields: &ItemFields) -> Result<Item, Error> {
    if fields.unit != existing.unit {
        let shown =
            |unit: Option<&Unit>| unit.map_or_else(|| "none".to_owned(), |u| quoted(u.as_str()));
        return Err(Error::Invalid(format!(
            "cannot add a quantity in unit {} to {}, whose unit is {}",
            shown(fields.unit.as_ref()),
            quoted(&existing.name),
            shown(existing.unit.as_ref())
        )));
    }
    // Both are at most 2^53-1: their sum fits in a u64.
    let sum = existing.quantity.get() + fields.quantity.get();
    let quantity = Quantity::new(sum).ok_or_else(|| {
        Error::Invalid(format!(
            "stock of {} would be {sum} ({} +{}); it must stay from 0 to {}",
            quoted(&existing.name),
            existing.quantity,
            fields.quantity,
            Quantity::MAX
        ))
    })?;
    Ok(Item {
        quantity,
        ..existing.clone()
    })
}

/// Named rows to create under `--on-conflict fail`, all of one owner,
/// held until there are [`StorageTxn::batch_size`] of them.
#[derive(Default)]
struct Pending {
    /// The owner, as stored and as named.
    owner: Option<(OwnerRef, OwnerName)>,
    rows: Vec<(u64, ItemName, ItemFields)>,
}

impl Pending {
    /// Adds a row, creating the batch when it is full. A row that breaks
    /// the creation rule goes alone, after the rows before it, so that a
    /// taken name (its own or an earlier row's) is reported first.
    fn push(
        &mut self,
        import: &mut Import<'_, '_, '_>,
        line: u64,
        name: ItemName,
        fields: ItemFields,
    ) -> Result<(), Error> {
        if self
            .owner
            .as_ref()
            .is_some_and(|(o, _)| o.id != import.owner.0.id)
        {
            self.flush(import.tx, import.ledger, import.result)?;
        }
        if name.check_new().and_then(|()| fields.check_new()).is_err() {
            self.flush(import.tx, import.ledger, import.result)?;
            return import.row(line, &ItemRef::Name(name), fields);
        }
        if self.owner.is_none() {
            self.owner = Some((import.owner.0.clone(), import.owner.1.clone()));
            self.rows.reserve(import.tx.batch_size());
        }
        self.rows.push((line, name, fields));
        if self.rows.len() >= import.tx.batch_size() {
            self.flush(import.tx, import.ledger, import.result)?;
        }
        Ok(())
    }

    /// Creates the pending rows and records their events. When one of
    /// their names or codes is taken nothing was created: they are
    /// imported one at a time instead, which fails at the row that holds
    /// the taken name or code.
    fn flush(
        &mut self,
        tx: &mut dyn StorageTxn,
        ledger: &mut Ledger<'_>,
        result: &mut Imported,
    ) -> Result<(), Error> {
        let Some((owner, owner_name)) = self.owner.take() else {
            return Ok(());
        };
        let rows = std::mem::take(&mut self.rows);
        let at = ledger.at();
        let new: Vec<NewItem<'_>> = rows
            .iter()
            .map(|(_, name, fields)| NewItem::from_fields(name, fields, at))
            .collect();
        match tx.insert_items(&owner, &new) {
            Ok(items) => {
                for item in &items {
                    ledger.record(tx, &owner, EventKind::Import, Transition::Created(item))?;
                }
                result.created += items.len() as u64;
                Ok(())
            }
            Err(Error::Conflict(_)) => {
                let mut import = Import {
                    tx,
                    ledger,
                    result,
                    owner: (&owner, &owner_name),
                    on_conflict: OnConflict::Fail,
                };
                for (line, name, fields) in rows {
                    import.row(line, &ItemRef::Name(name), fields)?;
                }
                Ok(())
            }
            Err(err) => Err(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{fields, fixture};
    use super::*;
    use crate::domain::ErrorKind;

    fn milk_in(unit: Option<&str>, quantity: u64) -> Item {
        let f = fixture();
        Item {
            unit: unit.map(|u| Unit::parse(u).unwrap()),
            quantity: Quantity::new(quantity).unwrap(),
            ..f.add(&f.alice, "milk", 0)
        }
    }

    fn delivery(unit: Option<&str>, quantity: u64) -> ItemFields {
        ItemFields {
            unit: unit.map(|u| Unit::parse(u).unwrap()),
            ..fields(quantity)
        }
    }

    #[test]
    fn an_addition_changes_only_the_quantity_and_only_in_the_items_unit() {
        let milk = milk_in(Some("L"), 4);
        let sum = added(&milk, &delivery(Some("L"), 6)).unwrap();
        assert_eq!(
            sum,
            Item {
                quantity: Quantity::new(10).unwrap(),
                ..milk.clone()
            }
        );
        for unit in [Some("kg"), Some("l"), None] {
            let err = added(&milk, &delivery(unit, 1)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid, "{unit:?}");
        }
        let full = milk_in(None, Quantity::MAX.get());
        assert_eq!(added(&full, &delivery(None, 0)).unwrap(), full);
        let err = added(&full, &delivery(None, 1)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }

    #[test]
    fn a_replacement_without_a_name_keeps_the_items_name() {
        let milk = milk_in(Some("L"), 4);
        let replacement = replaced(&milk, None, delivery(None, 2));
        assert_eq!(
            (
                replacement.name.as_str(),
                replacement.unit,
                replacement.quantity.get()
            ),
            ("milk", None, 2)
        );
        let renamed = replaced(&milk, Some(&ItemName::parse("MILK").unwrap()), fields(2));
        assert_eq!(renamed.name, "MILK");
    }
}
