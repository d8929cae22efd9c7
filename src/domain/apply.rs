//! The lines `apply` runs: as they arrive (plain data), and checked
//! against the operation each names (typed values).

use serde::{Deserialize, Deserializer};

use super::bulk::Details;
use super::fields::quantity_field;
use super::{
    Code, Delta, Error, Item, ItemFields, ItemName, ItemRef, Location, Note, Quantity, Tags, Unit,
    quoted,
};

/// One line of an `apply` batch as it arrives, before its fields are
/// checked against the operation it names.
///
/// A line is about the item its `name` names, or else its `id`, or else
/// its `code` (`add` needs a name). Where `code` is a value (`add`,
/// `edit` naming the item by name or id) it is the item's code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyLine {
    /// add, adjust, set, count, rename, remove, edit, move or tag.
    pub op: String,
    /// The item the line is about, by name.
    #[serde(default)]
    pub name: Option<String>,
    /// The item the line is about, by id.
    #[serde(default)]
    pub id: Option<i64>,
    /// The item the line is about, by code; or `add` and `edit`: the
    /// code (`null` clears it).
    #[serde(default, deserialize_with = "nullable")]
    pub code: Option<Option<String>>,
    /// `add`, `set` and `count`: the quantity.
    #[serde(default)]
    pub quantity: Option<u64>,
    /// `add` and `edit`: the unit (`null`: none).
    #[serde(default, deserialize_with = "nullable")]
    pub unit: Option<Option<String>>,
    /// `add` and `edit`: the reorder level (`null`: none).
    #[serde(default, deserialize_with = "nullable")]
    pub min: Option<Option<u64>>,
    /// `add`: the location.
    #[serde(default)]
    pub location: Option<String>,
    /// `add`: the tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// `add` and `edit`: the note (`null`: none).
    #[serde(default, deserialize_with = "nullable")]
    pub note: Option<Option<String>>,
    /// `adjust`: the change.
    #[serde(default)]
    pub delta: Option<i64>,
    /// `rename`: the new name; `move`: the location, or `null` for none.
    #[serde(default, deserialize_with = "nullable")]
    pub to: Option<Option<String>>,
    /// `tag`: the tags to add.
    #[serde(default)]
    pub add: Option<Vec<String>>,
    /// `tag`: the tags to remove.
    #[serde(default)]
    pub remove: Option<Vec<String>>,
    /// Precondition: the item's quantity before this line.
    #[serde(default)]
    pub expect_quantity: Option<u64>,
    /// Precondition: whether the item exists before this line.
    #[serde(default)]
    pub expect_exists: Option<bool>,
}

/// A field that may be left out (`None`: unchanged) or given as `null`
/// (`Some(None)`: cleared); serde alone reads both as `None`.
#[allow(clippy::option_option)] // telling absent from null is its purpose
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// What one `apply` line does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyOp {
    /// Create an item of this name.
    Add(ItemName, ItemFields),
    /// Remove the item.
    Remove,
    /// Change the item.
    Change(ItemChange),
}

/// What an `apply` line does to an existing item it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemChange {
    /// Move its quantity.
    Adjust(Delta),
    /// Set its quantity.
    Set(Quantity),
    /// Count it: set its quantity, recorded even when it confirms it.
    Count(Quantity),
    /// Rename it.
    Rename(ItemName),
    /// Change its unit, reorder level, code or note.
    Edit(Changes),
    /// Put it somewhere, or nowhere.
    Move(Option<Location>),
    /// Add and remove tags.
    Tag(Retag),
}

/// The fields an `edit` line changes: `None` leaves a field alone,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// New unit, or no unit.
    pub unit: Option<Option<Unit>>,
    /// New reorder level, or none.
    pub min: Option<Option<Quantity>>,
    /// New code, or none.
    pub code: Option<Option<Code>>,
    /// New note, or none.
    pub note: Option<Option<Note>>,
}

impl Changes {
    /// `item` with these changes made.
    #[must_use]
    pub fn applied_to(&self, item: &Item) -> Item {
        let mut wanted = item.clone();
        if let Some(unit) = &self.unit {
            wanted.unit.clone_from(unit);
        }
        if let Some(min) = self.min {
            wanted.min = min;
        }
        if let Some(code) = &self.code {
            wanted.code.clone_from(code);
        }
        if let Some(note) = &self.note {
            wanted.note.clone_from(note);
        }
        wanted
    }
}

/// The tags a `tag` line adds and removes; no tag is in both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retag {
    /// Tags to add.
    pub add: Tags,
    /// Tags to remove.
    pub remove: Tags,
}

impl Retag {
    /// The tags and whether any were added, refused ([`Error::Invalid`])
    /// if the item would have too many.
    pub fn applied_to(&self, tags: &Tags) -> Result<(Tags, bool), Error> {
        let mut wanted = tags.clone();
        let mut added = false;
        for tag in self.add.iter() {
            added |= wanted.insert(tag.clone());
        }
        for tag in self.remove.iter() {
            wanted.remove(tag);
        }
        wanted.check_count()?;
        Ok((wanted, added))
    }
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
    /// `count`.
    Count,
    /// `rename`.
    Rename,
    /// `remove`.
    Remove,
    /// `edit`.
    Edit,
    /// `move`.
    Move,
    /// `tag`.
    Tag,
}

impl ApplyKind {
    /// Every kind, in the order error messages list them.
    const ALL: [(&'static str, Self); 9] = [
        ("add", Self::Add),
        ("adjust", Self::Adjust),
        ("set", Self::Set),
        ("count", Self::Count),
        ("rename", Self::Rename),
        ("remove", Self::Remove),
        ("edit", Self::Edit),
        ("move", Self::Move),
        ("tag", Self::Tag),
    ];

    /// The kind `op` names.
    fn parse(op: &str) -> Result<Self, Error> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == op)
            .map(|(_, kind)| *kind)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown op {}; expected add, adjust, set, count, rename, remove, edit, move or tag",
                    quoted(op)
                ))
            })
    }

    /// The fields this operation takes, besides `op`, `name` and the
    /// preconditions. `id` names the item of every operation but `add`.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Self::Add => &[
                "quantity", "unit", "min", "location", "tags", "code", "note",
            ],
            Self::Adjust => &["id", "delta"],
            Self::Set | Self::Count => &["id", "quantity"],
            Self::Rename | Self::Move => &["id", "to"],
            Self::Remove => &["id"],
            Self::Edit => &["id", "unit", "min", "code", "note"],
            Self::Tag => &["id", "add", "remove"],
        }
    }
}

/// One `apply` line, checked: the item it is about, what it does, and what
/// must hold first.
///
/// The line's grammar (known op, allowed and required fields, the item's
/// reference) is checked when the step is built; the op's own values are
/// checked too, but their verdict is kept in `op` and reported only after
/// the preconditions and the item's existence, so that a line about a
/// missing item says so whatever its values.
#[derive(Debug)]
pub struct ApplyStep {
    /// The item, by name, id or code.
    pub item: ItemRef,
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
        let kind = ApplyKind::parse(op)?;
        // Without a name or an id, a code names the item rather than
        // giving it one (and `add` has no item to name).
        let code_names_item = kind != ApplyKind::Add && line.name.is_none() && line.id.is_none();
        let present = [
            ("id", line.id.is_some()),
            ("code", line.code.is_some() && !code_names_item),
            ("quantity", line.quantity.is_some()),
            ("unit", line.unit.is_some()),
            ("min", line.min.is_some()),
            ("location", line.location.is_some()),
            ("tags", line.tags.is_some()),
            ("note", line.note.is_some()),
            ("delta", line.delta.is_some()),
            ("to", line.to.is_some()),
            ("add", line.add.is_some()),
            ("remove", line.remove.is_some()),
        ];
        if let Some((field, _)) = present
            .iter()
            .find(|(field, given)| *given && !kind.fields().contains(field))
        {
            return Err(Error::Invalid(format!(
                "{field:?} does not apply to {op:?}"
            )));
        }
        let needs = |field: &str| Error::Invalid(format!("{op:?} needs {field}"));
        if line.name.is_some() && line.id.is_some() {
            return Err(Error::Invalid(format!(
                "{op:?} names its item by \"name\" or by \"id\", not both"
            )));
        }
        let item = match (&line.name, line.id, &line.code) {
            (Some(name), _, _) => ItemRef::Name(ItemName::parse(name)?),
            (None, _, _) if kind == ApplyKind::Add => return Err(needs("\"name\"")),
            (None, Some(id), _) => ItemRef::Id(id),
            (None, None, Some(Some(code))) => ItemRef::Code(Code::parse(code)?),
            (None, None, _) => return Err(needs("\"name\", \"id\" or \"code\"")),
        };
        let op = values(kind, line, &needs)?;
        Ok(Self {
            item,
            kind,
            op,
            expect: Preconditions {
                quantity: line.expect_quantity,
                exists: line.expect_exists,
            },
        })
    }
}

/// The operation a line of `kind` runs, or why its values are wrong (the
/// outer error: a field the operation needs is missing).
fn values(
    kind: ApplyKind,
    line: &ApplyLine,
    needs: &dyn Fn(&str) -> Error,
) -> Result<Result<ApplyOp, Error>, Error> {
    let quantity = || line.quantity.ok_or_else(|| needs("\"quantity\""));
    let change = match kind {
        ApplyKind::Add => return Ok(add_fields(line)),
        ApplyKind::Remove => return Ok(Ok(ApplyOp::Remove)),
        ApplyKind::Adjust => {
            let delta = line.delta.ok_or_else(|| needs("\"delta\""))?;
            Delta::new(delta).map(ItemChange::Adjust)
        }
        ApplyKind::Set => quantity_field(quantity()?, "quantity").map(ItemChange::Set),
        ApplyKind::Count => quantity_field(quantity()?, "quantity").map(ItemChange::Count),
        ApplyKind::Rename => {
            let to = line.to.clone().flatten().ok_or_else(|| needs("\"to\""))?;
            ItemName::parse_new(&to).map(ItemChange::Rename)
        }
        ApplyKind::Edit => {
            let by_code = line.name.is_none() && line.id.is_none();
            let code = if by_code { None } else { line.code.as_ref() };
            if code.is_none() && line.unit.is_none() && line.min.is_none() && line.note.is_none() {
                return Err(needs("\"unit\", \"min\", \"note\" or \"code\""));
            }
            changes(line, code).map(ItemChange::Edit)
        }
        ApplyKind::Move => {
            let to = line
                .to
                .as_ref()
                .ok_or_else(|| needs("\"to\" (a location, or null)"))?;
            to.as_deref()
                .map(Location::parse)
                .transpose()
                .map(ItemChange::Move)
        }
        ApplyKind::Tag => {
            if line.add.is_none() && line.remove.is_none() {
                return Err(needs("\"add\" or \"remove\""));
            }
            retag(line).map(ItemChange::Tag)
        }
    };
    Ok(change.map(ApplyOp::Change))
}

/// An `add` line's name and fields, each checked by the rule for a new
/// item.
fn add_fields(line: &ApplyLine) -> Result<ApplyOp, Error> {
    let name = ItemName::parse_new(line.name.as_deref().unwrap_or_default())?;
    let fields = ItemFields::from_raw(
        line.quantity,
        line.unit.as_ref().and_then(Option::as_deref),
        line.min.flatten(),
    )?;
    let details = Details {
        location: line.location.as_deref(),
        tags: line.tags.as_deref().unwrap_or_default(),
        code: line.code.as_ref().and_then(Option::as_deref),
        note: line.note.as_ref().and_then(Option::as_deref),
    };
    Ok(ApplyOp::Add(name, details.checked(fields)?.checked_new()?))
}

/// An `edit` line's changes; `code` is the line's code when it is a value.
fn changes(line: &ApplyLine, code: Option<&Option<String>>) -> Result<Changes, Error> {
    Ok(Changes {
        unit: line
            .unit
            .as_ref()
            .map(|unit| unit.as_deref().map(Unit::parse_new).transpose())
            .transpose()?,
        min: line
            .min
            .map(|min| min.map(|m| quantity_field(m, "min")).transpose())
            .transpose()?,
        code: code
            .map(|code| code.as_deref().map(Code::parse).transpose())
            .transpose()?,
        note: line
            .note
            .as_ref()
            .map(|note| note.as_deref().map(Note::parse).transpose())
            .transpose()?,
    })
}

/// A `tag` line's tags; a tag both added and removed is refused.
fn retag(line: &ApplyLine) -> Result<Retag, Error> {
    let parse =
        |list: &Option<Vec<String>>| Tags::parse_all(list.iter().flatten().map(String::as_str));
    let retag = Retag {
        add: parse(&line.add)?,
        remove: parse(&line.remove)?,
    };
    if let Some(both) = retag.add.iter().find(|tag| retag.remove.contains(tag)) {
        return Err(Error::Invalid(format!(
            "the tag {} is both added and removed",
            quoted(both.as_str())
        )));
    }
    Ok(retag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    fn line(json: &str) -> Result<ApplyStep, Error> {
        let raw: ApplyLine = serde_json::from_str(json).unwrap();
        ApplyStep::try_from(&raw)
    }

    fn op(json: &str) -> ApplyOp {
        line(json).unwrap().op.unwrap()
    }

    #[test]
    fn each_apply_op_is_built_from_its_own_fields() {
        let add = line(r#"{"op":"add","name":"milk","quantity":2,"unit":"L","min":1}"#).unwrap();
        assert_eq!(add.kind, ApplyKind::Add);
        let Ok(ApplyOp::Add(_, fields)) = add.op else {
            panic!("{add:?}")
        };
        assert_eq!(fields.quantity.get(), 2);
        assert_eq!(fields.unit.unwrap().as_str(), "L");
        assert_eq!(
            op(r#"{"op":"adjust","name":"milk","delta":-1}"#),
            ApplyOp::Change(ItemChange::Adjust(Delta::new(-1).unwrap()))
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
        assert_eq!(
            op(r#"{"op":"count","name":"milk","quantity":0}"#),
            ApplyOp::Change(ItemChange::Count(Quantity::new(0).unwrap()))
        );
        assert_eq!(
            op(r#"{"op":"move","name":"milk","to":"fridge / top"}"#),
            ApplyOp::Change(ItemChange::Move(Some(
                Location::parse("fridge/top").unwrap()
            )))
        );
        assert_eq!(
            op(r#"{"op":"move","name":"milk","to":null}"#),
            ApplyOp::Change(ItemChange::Move(None))
        );
    }

    #[test]
    fn an_add_line_carries_every_field_of_a_new_item() {
        let ApplyOp::Add(_, fields) = op(
            r#"{"op":"add","name":"milk","location":"fridge","tags":["cold"],"code":"M1","note":"oat","unit":null}"#,
        ) else {
            panic!("not an add")
        };
        assert_eq!(
            (
                fields.location.unwrap().as_str(),
                fields.tags.joined(),
                fields.code.unwrap().as_str(),
                fields.note.unwrap().as_str(),
                fields.unit,
            ),
            ("fridge", "cold".to_owned(), "M1", "oat", None)
        );
    }

    #[test]
    fn an_edit_leaves_out_what_is_absent_and_clears_what_is_null() {
        let ApplyOp::Change(ItemChange::Edit(changes)) =
            op(r#"{"op":"edit","name":"milk","unit":"L","min":null,"code":"M2"}"#)
        else {
            panic!("not an edit")
        };
        assert_eq!(
            changes,
            Changes {
                unit: Some(Some(Unit::parse("L").unwrap())),
                min: Some(None),
                code: Some(Some(Code::parse("M2").unwrap())),
                note: None,
            }
        );
    }

    #[test]
    fn a_line_names_its_item_by_name_then_id_then_code() {
        let item = |json: &str| line(json).unwrap().item;
        assert_eq!(item(r#"{"op":"remove","id":4}"#), ItemRef::Id(4));
        assert_eq!(
            item(r#"{"op":"adjust","code":"M1","delta":1}"#),
            ItemRef::Code(Code::parse("M1").unwrap())
        );
        // An edit by id may change the code; by code, it cannot.
        let by_id = line(r#"{"op":"edit","id":4,"code":null}"#).unwrap();
        assert_eq!(by_id.item, ItemRef::Id(4));
        let Ok(ApplyOp::Change(ItemChange::Edit(changes))) = by_id.op else {
            panic!("not an edit")
        };
        assert_eq!(changes.code, Some(None));
        let by_code = line(r#"{"op":"edit","code":"M1","note":"x"}"#).unwrap();
        assert_eq!(by_code.item, ItemRef::Code(Code::parse("M1").unwrap()));
        let Ok(ApplyOp::Change(ItemChange::Edit(changes))) = by_code.op else {
            panic!("not an edit")
        };
        assert_eq!(changes.code, None);
        // A name written like a reference is a name: JSON has fields for ids
        // and codes.
        assert_eq!(
            item(r##"{"op":"remove","name":"#4"}"##),
            ItemRef::Name(ItemName::parse("#4").unwrap())
        );
    }

    #[test]
    fn tag_lines_add_then_remove_and_say_whether_anything_was_added() {
        let ApplyOp::Change(ItemChange::Tag(retag)) =
            op(r#"{"op":"tag","name":"milk","add":["Cold"],"remove":["old"]}"#)
        else {
            panic!("not a tag line")
        };
        let (tags, added) = retag
            .applied_to(&Tags::parse_all(["cold", "old", "dairy"]).unwrap())
            .unwrap();
        assert_eq!((tags.joined(), added), ("cold,dairy".to_owned(), false));
        let (tags, added) = retag.applied_to(&Tags::new()).unwrap();
        assert_eq!((tags.joined(), added), ("Cold".to_owned(), true));
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
                r#"{"op":"rename","name":"milk","to":null}"#,
                "\"rename\" needs \"to\"",
            ),
            (
                r#"{"op":"move","name":"milk"}"#,
                "\"move\" needs \"to\" (a location, or null)",
            ),
            (
                r#"{"op":"tag","name":"milk"}"#,
                "\"tag\" needs \"add\" or \"remove\"",
            ),
            (
                r#"{"op":"edit","name":"milk"}"#,
                "\"edit\" needs \"unit\", \"min\", \"note\" or \"code\"",
            ),
            (
                r#"{"op":"edit","code":"M1"}"#,
                "\"edit\" needs \"unit\", \"min\", \"note\" or \"code\"",
            ),
            (
                r#"{"op":"move","name":"milk","to":"a","note":"x"}"#,
                "\"note\" does not apply to \"move\"",
            ),
            (
                r#"{"op":"adjust","name":"milk","code":"M1","delta":1}"#,
                "\"code\" does not apply to \"adjust\"",
            ),
            (r#"{"op":"add","id":3}"#, "\"id\" does not apply to \"add\""),
            (r#"{"op":"add","code":"M1"}"#, "\"add\" needs \"name\""),
            (
                r#"{"op":"remove","name":"milk","id":3}"#,
                "\"remove\" names its item by \"name\" or by \"id\", not both",
            ),
            (
                r#"{"op":"remove"}"#,
                "\"remove\" needs \"name\", \"id\" or \"code\"",
            ),
            (
                r#"{"op":"remove","code":null}"#,
                "\"remove\" needs \"name\", \"id\" or \"code\"",
            ),
            (
                r#"{"op":"sell","name":"milk"}"#,
                "unknown op \"sell\"; expected add, adjust, set, count, rename, remove, edit, move or tag",
            ),
        ] {
            let err = line(json).unwrap_err();
            assert_eq!(
                (err.kind(), err.to_string()),
                (ErrorKind::Invalid, message.to_owned()),
                "{json}"
            );
        }
    }

    #[test]
    fn values_that_break_their_rule_are_invalid_once_the_item_is_known() {
        for json in [
            r#"{"op":"edit","name":"milk","code":"a b"}"#,
            r#"{"op":"edit","name":"milk","note":"bell\u0007"}"#,
            r#"{"op":"edit","name":"milk","min":9007199254740992}"#,
            r#"{"op":"move","name":"milk","to":"a//b"}"#,
            r#"{"op":"tag","name":"milk","add":["a,b"]}"#,
            r#"{"op":"tag","name":"milk","add":["x"],"remove":["X"]}"#,
            r#"{"op":"count","name":"milk","quantity":9007199254740992}"#,
            r#"{"op":"add","name":"milk","location":"/"}"#,
        ] {
            let err = line(json).unwrap().op.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid, "{json}");
        }
    }
}
