//! The rows `import` reads: as they arrive (plain data), and checked
//! against the rules (typed values). The lines `apply` runs are in
//! [`super::apply`].

use serde::Deserialize;

use super::{Code, Error, ItemFields, ItemName, ItemRef, Location, Note, OwnerName, Tags};

/// One row of an import: the item's own field names, as `export` writes
/// them.
///
/// A row with a `name` is about the item of that name, which it may
/// create; its `id` is ignored, so that an export imports into another
/// database, and its `code` is the item's code. A row without a `name`
/// is about an existing item: the one with its `id`, or else the one with
/// its `code`; it never creates one. The timestamps are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ImportRow {
    /// The owner (used with `--all-owners`).
    #[serde(default)]
    pub owner: Option<String>,
    /// The item's id: names an existing item when the row has no name.
    #[serde(default)]
    pub id: Option<i64>,
    /// The item name.
    #[serde(default)]
    pub name: Option<String>,
    /// The quantity; 1 when absent, as with `add`.
    #[serde(default)]
    pub quantity: Option<u64>,
    /// The unit of measure.
    #[serde(default)]
    pub unit: Option<String>,
    /// The reorder level.
    #[serde(default)]
    pub min: Option<u64>,
    /// Where the item is.
    #[serde(default)]
    pub location: Option<String>,
    /// Its tags: a JSON array (CSV's `tags` column, joined by commas, is
    /// split by the CSV reader).
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Its code; names an existing item when the row has no name and no id.
    #[serde(default)]
    pub code: Option<String>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

/// An import row checked against the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportItem {
    /// The owner the row names (only with `--all-owners`).
    pub owner: Option<OwnerName>,
    /// The item the row is about: by name (which may be created), or an
    /// existing item by id or code.
    pub item: ItemRef,
    /// Its fields.
    pub fields: ItemFields,
}

impl ImportItem {
    /// Checks what creating this item needs beyond finding it: names and
    /// units being created reject hidden format characters, while rows
    /// naming items stored before that rule still match them.
    pub fn check_new(&self) -> Result<(), Error> {
        if let Some(name) = self.item.name() {
            name.check_new()?;
        }
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
        let item = match (&self.name, self.id, &self.code) {
            (Some(name), _, _) => ItemRef::Name(ItemName::parse(name)?),
            (None, Some(id), _) => ItemRef::Id(id),
            (None, None, Some(code)) => ItemRef::Code(Code::parse(code)?),
            (None, None, None) => {
                return Err(Error::Invalid(
                    "the row has no \"name\" (nor an \"id\" or \"code\" of an existing item)"
                        .to_owned(),
                ));
            }
        };
        let fields = ItemFields::from_raw(self.quantity, self.unit.as_deref(), self.min)?;
        let details = Details {
            location: self.location.as_deref(),
            tags: self.tags.as_deref().unwrap_or_default(),
            code: self.code.as_deref(),
            note: self.note.as_deref(),
        };
        Ok(ImportItem {
            owner,
            item,
            fields: details.checked(fields)?,
        })
    }
}

/// An item's location, tags, code and note as an input row or line gives
/// them, before their rules are asked.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Details<'a> {
    /// The location.
    pub location: Option<&'a str>,
    /// The tags, each as written.
    pub tags: &'a [String],
    /// The code.
    pub code: Option<&'a str>,
    /// The note.
    pub note: Option<&'a str>,
}

impl Details<'_> {
    /// `fields` with these details, each checked by its rule.
    pub fn checked(self, fields: ItemFields) -> Result<ItemFields, Error> {
        Ok(ItemFields {
            location: self.location.map(Location::parse).transpose()?,
            tags: Tags::parse_all(self.tags.iter().map(String::as_str))?,
            code: self.code.map(Code::parse).transpose()?,
            note: self.note.map(Note::parse).transpose()?,
            ..fields
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

/// What `import` does with a row whose name the owner already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnConflict {
    /// Import nothing, exit 4 naming the row.
    #[default]
    Fail,
    /// Keep the existing item and go on.
    Skip,
    /// Overwrite every field of the existing item the row carries: name,
    /// quantity, unit, min, location, tags, code and note.
    Replace,
    /// Add the row's quantity to the existing item's (a delivery); the
    /// row's unit must be the item's, and nothing else of the item changes.
    Add,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ErrorKind;

    fn named(name: &str) -> ImportRow {
        ImportRow {
            name: Some(name.to_owned()),
            ..ImportRow::default()
        }
    }

    fn row(json: &str) -> Result<ImportItem, Error> {
        serde_json::from_str::<ImportRow>(json)
            .unwrap()
            .check(false)
    }

    #[test]
    fn rows_of_two_owners_are_refused_and_rows_of_one_are_not() {
        let row = |owner: Option<&str>| ImportRow {
            owner: owner.map(str::to_owned),
            ..named("milk")
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
            min: Some(2),
            ..named(" Milk ")
        };
        let item = row.check(false).unwrap();
        assert_eq!(
            (item.item.written(), item.fields.quantity.get()),
            ("Milk".to_owned(), 1)
        );
        assert_eq!(row.check(true).unwrap_err().kind(), ErrorKind::Invalid);
    }

    #[test]
    fn a_row_carries_its_location_tags_code_and_note_each_checked() {
        let item = row(r#"{"name":"milk","location":" garage / shelf 2","tags":["Cold","dairy","cold"],"code":"40063","note":"oat\nnot soy"}"#)
            .unwrap();
        let fields = &item.fields;
        assert_eq!(fields.location.as_ref().unwrap().as_str(), "garage/shelf 2");
        assert_eq!(fields.tags.joined(), "Cold,dairy");
        assert_eq!(fields.code.as_ref().unwrap().as_str(), "40063");
        assert_eq!(fields.note.as_ref().unwrap().as_str(), "oat\nnot soy");
        let long_code = format!(r#"{{"name":"a","code":"{}"}}"#, "1".repeat(65));
        for bad in [
            r#"{"name":"a","location":"garage//shelf"}"#,
            r#"{"name":"a","tags":["ok","bad\u0007"]}"#,
            r#"{"name":"a","tags":["a,b"]}"#,
            r#"{"name":"a","code":"has space"}"#,
            &long_code,
            r#"{"name":"a","note":"bell\u0007"}"#,
        ] {
            assert_eq!(row(bad).unwrap_err().kind(), ErrorKind::Invalid, "{bad}");
        }
    }

    #[test]
    fn a_named_row_ignores_its_id_and_a_nameless_one_refers_by_id_then_code() {
        let by_name = row(r#"{"id":7,"name":"milk","code":"X1"}"#).unwrap();
        assert_eq!(by_name.item.written(), "milk");
        assert_eq!(by_name.fields.code.unwrap().as_str(), "X1");
        assert_eq!(row(r#"{"id":7,"code":"X1"}"#).unwrap().item, ItemRef::Id(7));
        assert_eq!(
            row(r#"{"code":"X1","quantity":3}"#).unwrap().item,
            ItemRef::Code(Code::parse("X1").unwrap())
        );
        let err = row(r#"{"quantity":3}"#).unwrap_err();
        assert_eq!(
            (err.kind(), err.to_string()),
            (
                ErrorKind::Invalid,
                "the row has no \"name\" (nor an \"id\" or \"code\" of an existing item)"
                    .to_owned()
            )
        );
    }
}
