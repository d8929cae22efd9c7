//! The item: the value the state maps each (owner, name key) to.

use serde::{Deserialize, Serialize};

use super::{Code, Location, Note, Quantity, Tags, Timestamp, Unit};

/// One item as stored and shown. Field order is the JSON field order of the
/// contract; later versions only add fields, at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Never reused, never changed by a rename.
    pub id: i64,
    /// The owner's display name.
    pub owner: String,
    /// The display name as the user last gave it.
    pub name: String,
    /// The stock level.
    pub quantity: Quantity,
    /// When the item was added.
    pub created_at: Timestamp,
    /// When the item last changed.
    pub updated_at: Timestamp,
    /// The unit of measure, if any.
    pub unit: Option<Unit>,
    /// The reorder level: `low` reports the item when its quantity is below.
    pub min: Option<Quantity>,
    /// Where the item is, if anywhere.
    pub location: Option<Location>,
    /// Its tags, sorted by key.
    #[serde(default)]
    pub tags: Tags,
    /// Its barcode or SKU, unique per owner.
    pub code: Option<Code>,
    /// A free-text note.
    pub note: Option<Note>,
}

impl Item {
    /// The item's JSON field names, in JSON order: the one list that CSV
    /// headers, `--fields` and the schema's required fields come from. A
    /// new field of [`Item`] adds its name at the end (a test holds this
    /// list equal to the serialised item's keys).
    pub const FIELDS: &'static [&'static str] = &[
        "id",
        "owner",
        "name",
        "quantity",
        "created_at",
        "updated_at",
        "unit",
        "min",
        "location",
        "tags",
        "code",
        "note",
    ];

    /// True when the item has a reorder level and its quantity is below it.
    #[must_use]
    pub fn is_low(&self) -> bool {
        self.min.is_some_and(|min| self.quantity < min)
    }
}

/// An owner and how many items it holds: one row of `owners`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerItems {
    /// The owner's display name.
    pub owner: String,
    /// How many items it holds.
    pub items: u64,
}

impl OwnerItems {
    /// The JSON field names, in JSON order (see [`Item::FIELDS`]).
    pub const FIELDS: &'static [&'static str] = &["owner", "items"];
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The keys of `value`'s JSON object, in the order they are written.
    pub(crate) fn json_keys<T: Serialize>(value: &T) -> Vec<String> {
        let text = serde_json::to_string(value).unwrap();
        let mut keys = Vec::new();
        let mut de = serde_json::Deserializer::from_str(&text);
        serde::Deserializer::deserialize_map(&mut de, KeysInOrder(&mut keys)).unwrap();
        keys
    }

    /// Collects an object's keys in document order (`serde_json`'s `Value`
    /// would sort them).
    struct KeysInOrder<'a>(&'a mut Vec<String>);

    impl<'de> serde::de::Visitor<'de> for KeysInOrder<'_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                self.0.push(key);
            }
            Ok(())
        }
    }

    #[test]
    fn the_field_lists_are_the_json_keys_in_order() {
        let item = Item {
            id: 1,
            owner: "alice".to_owned(),
            name: "milk".to_owned(),
            quantity: Quantity::new(2).unwrap(),
            created_at: Timestamp::from_millis(0),
            updated_at: Timestamp::from_millis(0),
            unit: None,
            min: None,
            location: None,
            tags: crate::domain::Tags::new(),
            code: None,
            note: None,
        };
        assert_eq!(json_keys(&item), Item::FIELDS);
        let owner = OwnerItems {
            owner: "alice".to_owned(),
            items: 1,
        };
        assert_eq!(json_keys(&owner), OwnerItems::FIELDS);
    }
}
