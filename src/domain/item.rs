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
    /// True when the item has a reorder level and its quantity is below it.
    #[must_use]
    pub fn is_low(&self) -> bool {
        self.min.is_some_and(|min| self.quantity < min)
    }
}
