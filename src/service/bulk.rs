//! Scripting at scale: export, import and apply. Each import or apply is
//! one transaction and one operation in the ledger: all of it, or none.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{Ctx, Recorder, items, unique_as_conflict};
use crate::domain::{
    ApplyLine, Delta, Error, ImportRow, Item, ItemName, ListQuery, OnConflict, OwnerName, Quantity,
    Timestamp, Transition, Unit,
};
use crate::input::Numbered;

/// `export [--all-owners]`: streams the items to `each`.
pub fn export(
    ctx: &Ctx<'_>,
    all_owners: bool,
    each: impl FnMut(Item) -> Result<(), Error>,
) -> Result<(), Error> {
    if !all_owners {
        return super::list(ctx, &ListQuery::default(), each);
    }
    let Some(mut db) = ctx.store.open_existing()? else {
        return Ok(());
    };
    let tx = db.read()?;
    items::for_each_of_all_owners(&tx, each)?;
    tx.commit()?;
    Ok(())
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

/// A row checked against the rules.
struct ValidRow {
    owner: Option<OwnerName>,
    name: ItemName,
    quantity: Quantity,
    unit: Option<Unit>,
    min: Option<Quantity>,
}

fn quantity_field(value: u64, field: &str) -> Result<Quantity, Error> {
    Quantity::new(value).ok_or_else(|| {
        Error::Invalid(format!(
            "invalid {field} {value}: must be from 0 to {}",
            Quantity::MAX
        ))
    })
}

fn validate(row: &ImportRow, all_owners: bool) -> Result<ValidRow, Error> {
    let owner = if all_owners {
        let owner = row.owner.as_deref().ok_or_else(|| {
            Error::Invalid("missing \"owner\", needed with --all-owners".to_owned())
        })?;
        Some(OwnerName::parse(owner)?)
    } else {
        None
    };
    Ok(ValidRow {
        owner,
        name: ItemName::parse(&row.name)?,
        quantity: row
            .quantity
            .map_or(Ok(Quantity::default()), |q| quantity_field(q, "quantity"))?,
        unit: row.unit.as_deref().map(Unit::parse).transpose()?,
        min: row.min.map(|m| quantity_field(m, "min")).transpose()?,
    })
}

/// `import`: every row, or none. Rows belong to the current owner, or with
/// `all_owners` to the owner each row names. `progress` hears the number
/// of rows done so far.
pub fn import(
    ctx: &Ctx<'_>,
    rows: impl Iterator<Item = Result<Numbered<ImportRow>, Error>>,
    all_owners: bool,
    on_conflict: OnConflict,
    progress: &mut dyn FnMut(u64),
) -> Result<Imported, Error> {
    let mut db = ctx.store.open_for_write()?;
    let tx = db.write()?;
    if let Some(done) = ctx.replay(&tx)? {
        return Ok(done);
    }
    let now = Timestamp::now();
    let mut owners: HashMap<String, items::OwnerRow> = HashMap::new();
    // One operation per owner the import changes, each undoable by its owner.
    let mut ledgers: BTreeMap<i64, Recorder<'_>> = BTreeMap::new();
    let mut result = Imported::default();
    for row in rows {
        let (line, row) = row?;
        let row = validate(&row, all_owners).map_err(|e| e.at_line(line))?;
        let owner = row.owner.as_ref().unwrap_or(ctx.owner);
        if !owners.contains_key(owner.key()) {
            let stored = items::ensure_owner_row(&tx, owner)?;
            owners.insert(owner.key().to_owned(), stored);
        }
        let stored_owner = &owners[owner.key()];
        let ledger = ledgers
            .entry(stored_owner.id)
            .or_insert_with(|| Recorder::new(ctx, stored_owner.id, "import", None, now));
        result.rows += 1;
        // Under `fail` the insert itself finds a taken name (the UNIQUE
        // constraint), which saves a lookup per row; the other policies
        // need the existing item first.
        let existing = match on_conflict {
            OnConflict::Fail => None,
            OnConflict::Skip | OnConflict::Replace => {
                items::find(&tx, stored_owner.id, row.name.key())?
            }
        };
        let Some(existing) = existing else {
            let new = items::NewItem {
                name: &row.name,
                quantity: row.quantity,
                unit: row.unit.as_ref(),
                min: row.min,
                now,
            };
            let item = match items::insert(&tx, stored_owner, &new) {
                Ok(item) => item,
                Err(e) if crate::db::is_unique_violation(&e) => {
                    let taken = items::find(&tx, stored_owner.id, row.name.key())?;
                    let shown =
                        taken.map_or_else(|| row.name.as_str().to_owned(), |item| item.name);
                    return Err(crate::domain::name_taken(owner, &shown).at_line(line));
                }
                Err(e) => return Err(e.into()),
            };
            ledger.record(&tx, "import", Transition::Created(&item))?;
            result.created += 1;
            progress(result.rows);
            continue;
        };
        if on_conflict == OnConflict::Skip {
            result.skipped += 1;
        } else {
            let wanted = Item {
                name: row.name.as_str().to_owned(),
                quantity: row.quantity,
                unit: row.unit,
                min: row.min,
                ..existing.clone()
            };
            if wanted == existing {
                result.skipped += 1;
            } else {
                let after = items::update(
                    &tx,
                    &Item {
                        updated_at: now,
                        ..wanted
                    },
                )?;
                let change = Transition::Changed {
                    before: &existing,
                    after: &after,
                };
                ledger.record(&tx, "import", change)?;
                result.replaced += 1;
            }
        }
        progress(result.rows);
    }
    result.ops = ledgers.values().filter_map(Recorder::op_id).collect();
    ctx.finish(tx, &result)?;
    for ledger in ledgers.values() {
        ledger.done();
    }
    Ok(result)
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

/// The fields each operation of `apply` takes, besides `op` and `name`.
fn allowed_fields(op: &str) -> Option<&'static [&'static str]> {
    Some(match op {
        "add" => &["quantity", "unit", "min"],
        "adjust" => &["delta"],
        "set" => &["quantity"],
        "rename" => &["to"],
        "remove" => &[],
        _ => return None,
    })
}

fn check_fields(line: &ApplyLine) -> Result<(), Error> {
    let allowed = allowed_fields(&line.op).ok_or_else(|| {
        Error::Invalid(format!(
            "unknown op {:?}; expected add, adjust, set, rename or remove",
            line.op
        ))
    })?;
    let present = [
        ("quantity", line.quantity.is_some()),
        ("unit", line.unit.is_some()),
        ("min", line.min.is_some()),
        ("delta", line.delta.is_some()),
        ("to", line.to.is_some()),
    ];
    for (field, given) in present {
        if given && !allowed.contains(&field) {
            return Err(Error::Invalid(format!(
                "{field:?} does not apply to {:?}",
                line.op
            )));
        }
    }
    let required = match line.op.as_str() {
        "adjust" => Some(("delta", line.delta.is_some())),
        "set" => Some(("quantity", line.quantity.is_some())),
        "rename" => Some(("to", line.to.is_some())),
        _ => None,
    };
    if let Some((field, false)) = required {
        return Err(Error::Invalid(format!("{:?} needs {field:?}", line.op)));
    }
    Ok(())
}

fn check_preconditions(
    line: &ApplyLine,
    name: &ItemName,
    current: Option<&Item>,
) -> Result<(), Error> {
    let failed = |why: String| Error::Conflict(format!("precondition failed: {why}"));
    if let Some(expected) = line.expect_exists
        && expected != current.is_some()
    {
        let what = if expected { "to exist" } else { "not to exist" };
        return Err(failed(format!("expected {:?} {what}", name.as_str())));
    }
    if let Some(expected) = line.expect_quantity {
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
                    "{:?} does not exist, expected quantity {expected}",
                    name.as_str()
                )));
            }
        }
    }
    Ok(())
}

/// `apply`: runs a batch of operations as one transaction and one ledger
/// operation. A line that fails (a rule, a missing item, a precondition)
/// fails the whole batch, naming the line.
pub fn apply(
    ctx: &Ctx<'_>,
    lines: impl Iterator<Item = Result<Numbered<ApplyLine>, Error>>,
    progress: &mut dyn FnMut(u64),
) -> Result<Applied, Error> {
    let mut db = ctx.store.open_for_write()?;
    let tx = db.write()?;
    if let Some(done) = ctx.replay(&tx)? {
        return Ok(done);
    }
    let owner = items::ensure_owner_row(&tx, ctx.owner)?;
    let now = Timestamp::now();
    let mut ledger = Recorder::new(ctx, owner.id, "apply", None, now);
    let mut result = Applied::default();
    for line in lines {
        let (number, line) = line?;
        apply_line(ctx, &tx, &owner, now, &line, &mut ledger).map_err(|e| e.at_line(number))?;
        result.lines += 1;
        progress(result.lines);
    }
    result.op = ledger.op_id();
    result.changed = ledger.events();
    ctx.finish(tx, &result)?;
    ledger.done();
    Ok(result)
}

fn apply_line(
    ctx: &Ctx<'_>,
    tx: &rusqlite::Transaction<'_>,
    owner: &items::OwnerRow,
    now: Timestamp,
    line: &ApplyLine,
    ledger: &mut Recorder<'_>,
) -> Result<(), Error> {
    check_fields(line)?;
    let owner_id = owner.id;
    let name = ItemName::parse(&line.name)?;
    let current = items::find(tx, owner_id, name.key())?;
    check_preconditions(line, &name, current.as_ref())?;
    let op = line.op.as_str();
    if op == "add" {
        if let Some(existing) = current {
            return Err(crate::domain::name_taken(ctx.owner, &existing.name));
        }
        let unit = line.unit.as_deref().map(Unit::parse).transpose()?;
        let new = items::NewItem {
            name: &name,
            quantity: line
                .quantity
                .map_or(Ok(Quantity::default()), |q| quantity_field(q, "quantity"))?,
            unit: unit.as_ref(),
            min: line.min.map(|m| quantity_field(m, "min")).transpose()?,
            now,
        };
        let item =
            items::insert(tx, owner, &new).map_err(unique_as_conflict(ctx.owner, name.as_str()))?;
        return ledger.record(tx, "add", Transition::Created(&item));
    }
    let current = current.ok_or_else(|| crate::domain::not_found(ctx.owner, &[name.as_str()]))?;
    if op == "remove" {
        items::delete(tx, current.id)?;
        return ledger.record(tx, "remove", Transition::Removed(&current));
    }
    let mut wanted = current.clone();
    match (op, line.delta, line.quantity, line.to.as_deref()) {
        ("adjust", Some(delta), _, _) => {
            let delta = Delta::new(delta)?;
            wanted.quantity = delta.apply(current.quantity, &current.name)?;
        }
        ("set", _, Some(quantity), _) => wanted.quantity = quantity_field(quantity, "quantity")?,
        ("rename", _, _, Some(to)) => {
            let to = ItemName::parse(to)?;
            if to.key() != name.key()
                && let Some(other) = items::find(tx, owner_id, to.key())?
            {
                return Err(crate::domain::name_taken(ctx.owner, &other.name));
            }
            to.as_str().clone_into(&mut wanted.name);
        }
        _ => unreachable!("check_fields accepted {op:?} with its required field"),
    }
    if wanted == current {
        return Ok(());
    }
    wanted.updated_at = now;
    let after = items::update(tx, &wanted).map_err(unique_as_conflict(ctx.owner, &wanted.name))?;
    ledger.record(
        tx,
        op,
        Transition::Changed {
            before: &current,
            after: &after,
        },
    )
}
