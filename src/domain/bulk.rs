//! The rows `import` reads and the lines `apply` runs: as they arrive
//! (plain data), and checked against the rules (typed values).

use serde::Deserialize;

use super::fields::quantity_field;
use super::{Delta, Error, ItemFields, ItemName, OwnerName, Quantity};

/// One row of an import: the item's own field names. Other fields, such as
/// `id` and the timestamps that `export` writes, are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ImportRow {
    /// The owner (used with `--all-owners`).
    #[serde(default)]
    pub owner: Option<String>,
    /// The item name.
    pub name: String,
    /// The quantity; 1 when absent, as with `add`.
    #[serde(default)]
    pub quantity: Option<u64>,
    /// The unit of measure.
    #[serde(default)]
    pub unit: Option<String>,
    /// The reorder level.
    #[serde(default)]
    pub min: Option<u64>,
}

/// An import row checked against the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportItem {
    /// The owner the row names (only with `--all-owners`).
    pub owner: Option<OwnerName>,
    /// The item's name.
    pub name: ItemName,
    /// Its fields.
    pub fields: ItemFields,
}

impl ImportItem {
    /// Checks what creating this item needs beyond finding it: names and
    /// units being created reject hidden format characters, while rows
    /// naming items stored before that rule still match them.
    pub fn check_new(&self) -> Result<(), Error> {
        self.name.check_new()?;
        self.fields.check_new()
    }
}

impl ImportRow {
    /// Checks the row. With `all_owners` every row must name its owner.
    pub fn check(&self, all_owners: bool) -> Result<ImportItem, Error> {
        let owner = if all_owners {
            let owner = self.owner.as_deref().ok_or_else(|| {
                Error::Invalid("missing \"owner\", needed with --all-owners".to_owned())
            })?;
            Some(OwnerName::parse(owner)?)
        } else {
            None
        };
        Ok(ImportItem {
            owner,
            name: ItemName::parse(&self.name)?,
            fields: ItemFields::from_raw(self.quantity, self.unit.as_deref(), self.min)?,
        })
    }
}

/// Without `--all-owners`, an import is one owner's items: rows that name
/// two or more different owners are refused rather than merged silently.
/// (A file whose rows all name one owner, imported under another, is a
/// copy, and fine.)
#[derive(Debug, Default)]
pub struct OneOwner {
    /// The owner the first row naming one named, as its name key.
    first: Option<(String, String)>,
}

impl OneOwner {
    /// Checks the next row.
    pub fn check(&mut self, row: &ImportRow) -> Result<(), Error> {
        let Some(named) = row.owner.as_deref() else {
            return Ok(());
        };
        let key = OwnerName::parse(named).map_or_else(|_| named.to_owned(), |o| o.key().to_owned());
        match &self.first {
            None => {
                self.first = Some((key, named.to_owned()));
                Ok(())
            }
            Some((first, _)) if *first == key => Ok(()),
            Some((_, shown)) => Err(Error::Invalid(format!(
                "the rows name two owners, {} and {}; import them with --all-owners, or one owner's rows at a time",
                super::quoted(shown),
                super::quoted(named)
            ))),
        }
    }
}

/// One line of an `apply` batch as it arrives, before its fields are
/// checked against the operation it names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyLine {
    /// add, adjust, set, rename or remove.
    pub op: String,
    /// The item the line is about.
    pub name: String,
    /// `add` and `set`: the quantity.
    #[serde(default)]
    pub quantity: Option<u64>,
    /// `add`: the unit.
    #[serde(default)]
    pub unit: Option<String>,
    /// `add`: the reorder level.
    #[serde(default)]
    pub min: Option<u64>,
    /// `adjust`: the change.
    #[serde(default)]
    pub delta: Option<i64>,
    /// `rename`: the new name.
    #[serde(default)]
    pub to: Option<String>,
    /// Precondition: the item's quantity before this line.
    #[serde(default)]
    pub expect_quantity: Option<u64>,
    /// Precondition: whether the item exists before this line.
    #[serde(default)]
    pub expect_exists: Option<bool>,
}

/// What one `apply` line does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyOp {
    /// Create an item.
    Add(ItemFields),
    /// Move its quantity.
    Adjust(Delta),
    /// Set its quantity.
    Set(Quantity),
    /// Rename it.
    Rename(ItemName),
    /// Remove it.
    Remove,
}

/// What must hold before a line runs, or the batch fails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Preconditions {
    /// The item's quantity (any number: one out of range simply fails).
    pub quantity: Option<u64>,
    /// Whether the item exists.
    pub exists: Option<bool>,
}

/// Which operation a line names, known before its values are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyKind {
    /// `add`.
    Add,
    /// `adjust`.
    Adjust,
    /// `set`.
    Set,
    /// `rename`.
    Rename,
    /// `remove`.
    Remove,
}

/// One `apply` line, checked: the item it is about, what it does, and what
/// must hold first.
///
/// The line's grammar (known op, allowed and required fields, the item's
/// name) is checked when the step is built; the op's own values are checked
/// too, but their verdict is kept in `op` and reported only after the
/// preconditions and the item's existence, so that a line about a missing
/// item says so whatever its values.
#[derive(Debug)]
pub struct ApplyStep {
    /// The item.
    pub name: ItemName,
    /// The operation's kind.
    pub kind: ApplyKind,
    /// The operation with its checked values, or why its values are wrong.
    pub op: Result<ApplyOp, Error>,
    /// The preconditions.
    pub expect: Preconditions,
}

impl TryFrom<&ApplyLine> for ApplyStep {
    type Error = Error;

    fn try_from(line: &ApplyLine) -> Result<Self, Error> {
        let op = line.op.as_str();
        // The fields each operation takes, besides `op` and `name`.
        let allowed: &[&str] = match op {
            "add" => &["quantity", "unit", "min"],
            "adjust" => &["delta"],
            "set" => &["quantity"],
            "rename" => &["to"],
            "remove" => &[],
            _ => {
                return Err(Error::Invalid(format!(
                    "unknown op {}; expected add, adjust, set, rename or remove",
                    super::quoted(op)
                )));
            }
        };
        let present = [
            ("quantity", line.quantity.is_some()),
            ("unit", line.unit.is_some()),
            ("min", line.min.is_some()),
            ("delta", line.delta.is_some()),
            ("to", line.to.is_some()),
        ];
        if let Some((field, _)) = present
            .iter()
            .find(|(field, given)| *given && !allowed.contains(field))
        {
            return Err(Error::Invalid(format!(
                "{field:?} does not apply to {op:?}"
            )));
        }
        let needs = |field: &str| Error::Invalid(format!("{op:?} needs {field:?}"));
        let (kind, values) = match op {
            "add" => (
                ApplyKind::Add,
                ItemName::parse_new(&line.name)
                    .and_then(|_| {
                        ItemFields::from_raw(line.quantity, line.unit.as_deref(), line.min)
                    })
                    .and_then(ItemFields::checked_new)
                    .map(ApplyOp::Add),
            ),
            "adjust" => {
                let delta = line.delta.ok_or_else(|| needs("delta"))?;
                (ApplyKind::Adjust, Delta::new(delta).map(ApplyOp::Adjust))
            }
            "set" => {
                let quantity = line.quantity.ok_or_else(|| needs("quantity"))?;
                (
                    ApplyKind::Set,
                    quantity_field(quantity, "quantity").map(ApplyOp::Set),
                )
            }
            "rename" => {
                let to = line.to.as_deref().ok_or_else(|| needs("to"))?;
                (
                    ApplyKind::Rename,
                    ItemName::parse_new(to).map(ApplyOp::Rename),
                )
            }
            _ => (ApplyKind::Remove, Ok(ApplyOp::Remove)),
        };
        Ok(Self {
            name: ItemName::parse(&line.name)?,
            kind,
            op: values,
            expect: Preconditions {
                quantity: line.expect_quantity,
                exists: line.expect_exists,
            },
        })
    }
}

/// What `import` does with a row whose name the owner already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnConflict {
    /// Import nothing, exit 4 naming the row.
    #[default]
    Fail,
    /// Keep the existing item and go on.
    Skip,
    /// Overwrite the existing item's name, quantity, unit and min.
    Replace,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    fn line(json: &str) -> Result<ApplyStep, Error> {
        let raw: ApplyLine = serde_json::from_str(json).unwrap();
        ApplyStep::try_from(&raw)
    }

    #[test]
    fn each_apply_op_is_built_from_its_own_fields() {
        let add = line(r#"{"op":"add","name":"milk","quantity":2,"unit":"L","min":1}"#).unwrap();
        assert_eq!(add.kind, ApplyKind::Add);
        let Ok(ApplyOp::Add(fields)) = add.op else {
            panic!("{add:?}")
        };
        assert_eq!(fields.quantity.get(), 2);
        assert_eq!(fields.unit.unwrap().as_str(), "L");
        assert_eq!(
            line(r#"{"op":"adjust","name":"milk","delta":-1}"#)
                .unwrap()
                .op
                .unwrap(),
            ApplyOp::Adjust(Delta::new(-1).unwrap())
        );
        let out_of_range = line(r#"{"op":"adjust","name":"milk","delta":9007199254740992}"#);
        assert_eq!(
            out_of_range.unwrap().op.unwrap_err().kind(),
            ErrorKind::Invalid
        );
        assert_eq!(
            line(r#"{"op":"remove","name":"milk","expect_quantity":3}"#)
                .unwrap()
                .expect
                .quantity,
            Some(3)
        );
    }

    #[test]
    fn a_line_with_a_field_its_op_does_not_take_or_lacks_one_it_needs_is_invalid() {
        for (json, message) in [
            (
                r#"{"op":"remove","name":"milk","delta":1}"#,
                "\"delta\" does not apply to \"remove\"",
            ),
            (
                r#"{"op":"set","name":"milk"}"#,
                "\"set\" needs \"quantity\"",
            ),
            (
                r#"{"op":"rename","name":"milk"}"#,
                "\"rename\" needs \"to\"",
            ),
            (
                r#"{"op":"sell","name":"milk"}"#,
                "unknown op \"sell\"; expected add, adjust, set, rename or remove",
            ),
        ] {
            let err = line(json).unwrap_err();
            assert_eq!(
                (err.kind(), err.to_string()),
                (ErrorKind::Invalid, message.to_owned())
            );
        }
    }

    #[test]
    fn rows_of_two_owners_are_refused_and_rows_of_one_are_not() {
        let row = |owner: Option<&str>| ImportRow {
            owner: owner.map(str::to_owned),
            name: "milk".to_owned(),
            quantity: None,
            unit: None,
            min: None,
        };
        let mut one = OneOwner::default();
        for owner in [Some("alice"), None, Some(" ALICE "), Some("Alice")] {
            one.check(&row(owner)).unwrap();
        }
        let err = one.check(&row(Some("bob"))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.to_string().contains("\"bob\""), "{err}");
    }

    #[test]
    fn import_rows_need_an_owner_only_with_all_owners() {
        let row = ImportRow {
            owner: None,
            name: " Milk ".to_owned(),
            quantity: None,
            unit: None,
            min: Some(2),
        };
        let item = row.check(false).unwrap();
        assert_eq!(
            (item.name.as_str(), item.fields.quantity.get()),
            ("Milk", 1)
        );
        assert_eq!(row.check(true).unwrap_err().kind(), ErrorKind::Invalid);
    }
}
